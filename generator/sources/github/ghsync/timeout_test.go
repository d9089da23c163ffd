package ghsync

import (
	"bytes"
	"context"
	"errors"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vitals-dev/vitals/generator/internal/testkit/fakegh"
	"github.com/vitals-dev/vitals/generator/sources/store"
)

// silentServer accepts connections and never answers.
func silentServer(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		for _, c := range conns {
			c.Close()
		}
		mu.Unlock()
	})
	return "http://" + ln.Addr().String()
}

// syncWriter is a bytes.Buffer safe for the sync's goroutines.
type syncWriter struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (w *syncWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

func (w *syncWriter) String() string { w.mu.Lock(); defer w.mu.Unlock(); return w.b.String() }

func TestSilentServerTimesOutEachAttemptAndSaysEveryRetry(t *testing.T) {
	c := &clock{t: time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC)}
	sl := &sleeper{clock: c}
	var log syncWriter
	o := Options{APIURL: silentServer(t), Repos: []string{"acme/r"}, StoreDir: t.TempDir(), MaxRateWait: time.Minute,
		Now: c.Now, Sleep: sl.Sleep, Backoff: fixedBackoff, Timeout: 20 * time.Millisecond, Log: &log}
	_, err := Run(context.Background(), o)
	if err == nil || !strings.Contains(err.Error(), "giving up after 6 attempts: no answer within 20ms") {
		t.Fatalf("error %v, want giving up after 6 attempts with no answer", err)
	}
	lines := strings.Split(strings.TrimSpace(log.String()), "\n")
	if len(lines) != maxAttempts-1 {
		t.Fatalf("%d retry lines, want %d:\n%s", len(lines), maxAttempts-1, log.String())
	}
	want := "GET repos/acme/r/issues?direction=asc&per_page=100&sort=updated&state=all: no answer within 20ms (attempt 2 of 6); retrying in 2s"
	if lines[1] != want {
		t.Errorf("line 2:\n%s\nwant\n%s", lines[1], want)
	}
}

func TestClosedPortFailsAtOnceWithoutRetries(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	c := &clock{t: time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC)}
	sl := &sleeper{clock: c}
	o := Options{APIURL: "http://" + addr, Repos: []string{"acme/a", "acme/b"}, StoreDir: t.TempDir(), MaxRateWait: time.Minute,
		Now: c.Now, Sleep: sl.Sleep, Backoff: fixedBackoff}
	sum, err := Run(context.Background(), o)
	var ce *ConnectError
	if !errors.As(err, &ce) || !strings.Contains(err.Error(), "cannot connect to "+addr) {
		t.Fatalf("error %v, want a ConnectError naming %s", err, addr)
	}
	if len(sl.Waits()) != 0 || sum.Requests != 1 {
		t.Errorf("waits %v, %d requests; want none and 1 (the second repository is not tried)", sl.Waits(), sum.Requests)
	}
}

func TestDeadlineStopsTheSyncKeepingFinishedRepositories(t *testing.T) {
	e := newEnv(t, fakegh.Options{})
	load(e.srv, "acme/a", shape{Items: 5})
	load(e.srv, "acme/b", shape{Items: 5})
	load(e.srv, "acme/c", shape{Items: 5})
	e.srv.Fail(fakegh.Fault{Match: "/repos/acme/b/issues/comments", Kind: fakegh.Slow, Delay: time.Minute})
	o := e.opts("acme/a", "acme/b", "acme/c")
	o.Deadline = 2 * time.Second // acme/a needs a few milliseconds; acme/b hangs
	sum, err := Run(context.Background(), o)
	var de *DeadlineError
	if !errors.As(err, &de) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("error %v, want a DeadlineError", err)
	}
	st, err := store.Open(e.dir)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(st.Manifest.Repos, ",") != "acme/a" {
		t.Errorf("store holds %v, want acme/a only", st.Manifest.Repos)
	}
	if !strings.Contains(sum.String(), "left for the next run, which starts with them: acme/b, acme/c") {
		t.Errorf("summary does not name what is left:\n%s", sum)
	}
	// The next run starts with what was left.
	e.srv.ResetCounts()
	sum = e.run(t, "acme/a", "acme/b", "acme/c")
	var order []string
	for _, r := range sum.Repos {
		order = append(order, r.Repo)
	}
	if strings.Join(order, ",") != "acme/b,acme/c,acme/a" {
		t.Errorf("order %v, want b, c, then a", order)
	}
}

func TestRateLimitRunningOutPartWayKeepsFinishedReposAndTheNextRunContinues(t *testing.T) {
	e := newEnv(t, fakegh.Options{})
	for _, r := range []string{"acme/a", "acme/b", "acme/c"} {
		load(e.srv, r, shape{Items: 5})
	}
	reset := e.clock.Now().Add(2 * time.Hour)
	// acme/a costs 4 requests (one per list); acme/b gets 2 before the limit is gone.
	e.srv.SetRateRemaining(6, reset)
	sum, err := Run(context.Background(), e.opts("acme/a", "acme/b", "acme/c"))
	var rl *RateLimitError
	if !errors.As(err, &rl) {
		t.Fatalf("error %v, want a RateLimitError", err)
	}
	if f := sum.Failed(); strings.Join(f, ",") != "acme/b,acme/c" {
		t.Errorf("failed %v, want acme/b and acme/c", f)
	}
	want := "left for the next run, which starts with them: acme/b, acme/c (the rate limit resets at " + reset.Format(time.RFC3339) + ")"
	if !strings.Contains(sum.String(), want) {
		t.Errorf("summary lacks %q:\n%s", want, sum)
	}
	kept := storeTree(t, e.dir)
	if _, ok := kept["repos/acme/a/repo.json"]; !ok || len(kept) != 2+len(store.Tables()) {
		t.Errorf("store files %d, want acme/a (repo.json and %d tables) and the manifest", len(kept), len(store.Tables()))
	}
	e.srv.SetRateRemaining(5000, reset)
	e.clock.Set(reset.Add(time.Minute))
	sum = e.run(t, "acme/a", "acme/b", "acme/c")
	if sum.Repos[0].Repo != "acme/b" || !sum.Repos[0].Cold || sum.Repos[2].Repo != "acme/a" || sum.Repos[2].Cold {
		t.Errorf("next run order %s %s %s, want b (cold), c, a (incremental)", sum.Repos[0].Repo, sum.Repos[1].Repo, sum.Repos[2].Repo)
	}
}

func TestSilentHostStopsTheSyncAfterTheFirstRequestsAttempts(t *testing.T) {
	c := &clock{t: time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC)}
	sl := &sleeper{clock: c}
	o := Options{APIURL: silentServer(t), Repos: []string{"acme/a", "acme/b", "acme/c"}, StoreDir: t.TempDir(), MaxRateWait: time.Minute,
		Now: c.Now, Sleep: sl.Sleep, Backoff: fixedBackoff, Timeout: 20 * time.Millisecond}
	sum, err := Run(context.Background(), o)
	var se *SilentHostError
	if !errors.As(err, &se) || !strings.Contains(err.Error(), "has answered nothing") {
		t.Fatalf("error %v, want a SilentHostError", err)
	}
	// The first request's attempts, and nothing for acme/b and acme/c.
	if sum.Requests != maxAttempts || len(sl.Waits()) != maxAttempts-1 {
		t.Errorf("%d requests, waits %v; want %d requests", sum.Requests, sl.Waits(), maxAttempts)
	}
	for _, r := range []string{"acme/b", "acme/c"} {
		if rs := repoSummary(t, sum, r); rs.Err == nil || !strings.Contains(rs.Err.Error(), "not synced") {
			t.Errorf("%s: %v, want not synced", r, rs.Err)
		}
	}
}

func TestHostThatAnsweredBeforeTimingOutKeepsTryingTheOthers(t *testing.T) {
	e := newEnv(t, fakegh.Options{})
	load(e.srv, "acme/a", shape{Items: 3})
	load(e.srv, "acme/b", shape{Items: 3})
	load(e.srv, "acme/c", shape{Items: 3})
	e.srv.Fail(fakegh.Fault{Match: "/repos/acme/b/issues/comments", Kind: fakegh.Slow, Delay: time.Second, Times: maxAttempts})
	o := e.opts("acme/a", "acme/b", "acme/c")
	o.Timeout = 20 * time.Millisecond
	sum, err := Run(context.Background(), o)
	var se *SilentHostError
	if err == nil || errors.As(err, &se) {
		t.Fatalf("error %v, want acme/b's timeout, not a silent host", err)
	}
	if rs := repoSummary(t, sum, "acme/c"); rs.Err != nil || rs.Issues == 0 {
		t.Errorf("acme/c: %+v, want synced", rs)
	}
}
