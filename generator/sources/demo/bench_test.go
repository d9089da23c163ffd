package demo

import "testing"

// BenchmarkGenerate300k measures the benchmark-size data set: 300,000 issues
// with the default averages (about 1,000,000 comments and 500,000 events).
//
//	go test ./generator/sources/demo -run '^$' -bench Generate300k -benchmem
func BenchmarkGenerate300k(b *testing.B) {
	o := Options{Seed: 7, Issues: 300_000}
	var comments, events int
	for b.Loop() {
		comments, events = 0, 0
		for _, rd := range Generate(o) {
			comments += len(rd.Comments)
			events += len(rd.Events)
		}
	}
	b.ReportMetric(float64(comments), "comments")
	b.ReportMetric(float64(events), "events")
}

// BenchmarkWrite300k measures generating and writing the same set as a store.
//
//	go test ./generator/sources/demo -run '^$' -bench Write300k -benchmem
func BenchmarkWrite300k(b *testing.B) {
	o := Options{Seed: 7, Issues: 300_000}
	dir := b.TempDir()
	for b.Loop() {
		if err := Write(dir, o); err != nil {
			b.Fatal(err)
		}
	}
}
