package slo

import (
	"fmt"
	"testing"
	"time"

	"github.com/vitals-dev/vitals/generator/base/model"
)

// BenchmarkPathologicalSlices is issue 23's time-slice SLO: three years of
// 6-hourly up/down checks (as the demo's uptime export) at a slice so short
// that the data spans millions of slices. Before the limits, 10s took 8 s
// and 1.9 GB in a build (1s: past 90 s and 15 GB); now it is refused at
// once, and the largest slice count allowed (19s: 4,984,969 slices) is the
// bound. 20 checks at the default 5m show the checks merged one at a time.
//
//	go test ./generator/compute/slo -run '^$' -bench PathologicalSlices -benchmem -benchtime 1x
func BenchmarkPathologicalSlices(b *testing.B) {
	asOf := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	from := asOf.AddDate(-3, 0, 0)
	for _, c := range []struct {
		name   string
		checks int
		slice  time.Duration
	}{
		{"1-check/10s", 1, 10 * time.Second},
		{"1-check/19s", 1, 19 * time.Second},
		{"20-checks/5m", 20, 5 * time.Minute},
	} {
		var series []model.Series
		for i := range c.checks {
			series = append(series, checkSeries(fmt.Sprintf("uptime:c%02d", i), from.Add(time.Duration(i)*time.Minute), asOf))
		}
		sel := model.Selector{Source: "uptime"}
		spec := Spec{Name: "Up", Target: 0.99, Window: 30 * 24 * time.Hour, Checks: &sel, Slice: c.slice}
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for range b.N {
				r, err := Compute(spec, series, asOf)
				if err != nil {
					b.ReportMetric(0, "slices")
					continue
				}
				b.ReportMetric(float64(len(r.Events.Buckets)), "slices")
			}
		})
	}
}
