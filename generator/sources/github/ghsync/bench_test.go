package ghsync

import (
	"context"
	"testing"
	"time"

	"github.com/vitals-dev/vitals/generator/internal/testkit/fakegh"
)

// BenchmarkColdSync syncs 100,000 issues and pull requests with 300,000
// comments (and, from the shape, 140,000 events and 10 releases) from fakegh
// into an empty store. Requests per sync: ceil(100000/100) + ceil(300000/100)
// + ceil(140000/100) + 1 = 1000 + 3000 + 1400 + 1 = 5401.
//
//	go test ./generator/sources/github/ghsync -run x -bench ColdSync -benchmem -benchtime 1x
//
// The process also holds fakegh's copy of the data, so its RSS overstates the sync's.
func BenchmarkColdSync(b *testing.B) {
	srv := fakegh.New(fakegh.Options{RateLimit: 1 << 30})
	defer srv.Close()
	sh := shape{Items: 100_000, Comments: 300_000, Releases: 10}
	load(srv, "bench/big", sh)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		dir := b.TempDir()
		c := &clock{t: time.Date(2036, 1, 1, 0, 0, 0, 0, time.UTC)}
		sum, err := Run(context.Background(), Options{APIURL: srv.APIURL(), Repos: []string{"bench/big"}, StoreDir: dir,
			Now: c.Now, Sleep: (&sleeper{}).Sleep, Backoff: fixedBackoff})
		if err != nil {
			b.Fatal(err)
		}
		r := sum.Repos[0]
		if sum.Requests != 5401 || r.Issues+r.PullRequests != sh.Items || r.Comments != sh.Comments || r.Events != sh.events() {
			b.Fatalf("requests %d, stored %+v", sum.Requests, r)
		}
		b.ReportMetric(float64(sum.Requests), "requests/op")
	}
}

// BenchmarkFakeLoad only loads BenchmarkColdSync's data into fakegh, to tell
// the fake's share of the process's memory from the sync's.
func BenchmarkFakeLoad(b *testing.B) {
	for i := 0; i < b.N; i++ {
		srv := fakegh.New(fakegh.Options{})
		load(srv, "bench/big", shape{Items: 100_000, Comments: 300_000, Releases: 10})
		srv.Close()
	}
}

// BenchmarkNightlySync is an incremental sync of the same unchanged
// repository after a cold one: 5 requests, 4 of them 304 (from the second
// nightly on); only repo.json is read and rewritten (see
// generator/cli's BenchmarkUnchangedNightly for 20 repositories).
func BenchmarkNightlySync(b *testing.B) {
	srv := fakegh.New(fakegh.Options{RateLimit: 1 << 30})
	defer srv.Close()
	load(srv, "bench/big", shape{Items: 100_000, Comments: 300_000, Releases: 10})
	dir := b.TempDir()
	c := &clock{t: time.Date(2036, 1, 1, 0, 0, 0, 0, time.UTC)}
	o := Options{APIURL: srv.APIURL(), Repos: []string{"bench/big"}, StoreDir: dir,
		Now: c.Now, Sleep: (&sleeper{}).Sleep, Backoff: fixedBackoff}
	for i := 0; i < 2; i++ { // cold, then the first nightly (new since-URLs)
		if _, err := Run(context.Background(), o); err != nil {
			b.Fatal(err)
		}
		c.Add(24 * time.Hour)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		sum, err := Run(context.Background(), o)
		if err != nil {
			b.Fatal(err)
		}
		if sum.Requests != 5 || sum.NotModified != 4 {
			b.Fatalf("%d requests, %d not modified", sum.Requests, sum.NotModified)
		}
		b.ReportMetric(float64(sum.Requests), "requests/op")
		b.ReportMetric(float64(sum.NotModified), "304s/op")
		c.Add(24 * time.Hour)
	}
}
