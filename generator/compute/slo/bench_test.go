package slo

import (
	"testing"
	"time"

	"github.com/vitals-dev/vitals/generator/base/model"
)

// BenchmarkCompute5MPoints: an occurrence SLO over 2.5M one-minute points
// of total and 2.5M of bad (about 4.75 years), as of the last point.
func BenchmarkCompute5MPoints(b *testing.B) {
	const n = 2_500_000
	start := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	total := model.Series{Name: "x:total", Labels: map[string]string{"series": "total"}, Points: make([]model.Point, n)}
	bad := model.Series{Name: "x:errors", Labels: map[string]string{"series": "errors"}, Points: make([]model.Point, n)}
	for i := 0; i < n; i++ {
		t := start.Add(time.Duration(i) * time.Minute)
		total.Points[i] = model.Point{T: t, V: 1000}
		bad.Points[i] = model.Point{T: t, V: float64(i % 3)}
	}
	s := Spec{Name: "b", Target: 0.999, Window: 30 * 24 * time.Hour, Bad: sel(b, "x:errors"), Total: sel(b, "x:total")}
	asOf := start.Add(n * time.Minute)
	series := []model.Series{total, bad}
	b.ResetTimer()
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		r, err := Compute(s, series, asOf)
		if err != nil || len(r.Months) < 57 {
			b.Fatal(err, len(r.Months))
		}
	}
}
