package slo

import (
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/vitals-dev/vitals/generator/internal/testkit/fixture"
	"github.com/vitals-dev/vitals/generator/sources/metricsrc"
)

// Upptime's real check log: every endpoint has down checks, so an uptime
// SLO over all of them has bad slices, and its SLI is a share.
func TestAcceptanceUptimeSLOOnUpptimeChecks(t *testing.T) {
	f := filepath.Join(fixture.SharedData(t), "metrics", "upptime-manticore", "checks_from_git_log.csv")
	if _, err := os.Stat(f); err != nil {
		t.Skip(err)
	}
	ss, ds := metricsrc.LoadFile(metricsrc.Options{Name: "manticore", Path: f})
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	asOf := time.Date(2026, 8, 22, 0, 0, 0, 0, time.UTC) // after the last check (2026-08-21T23:23:53Z)
	r, err := Compute(Spec{Name: "uptime", Target: 0.99, Window: 30 * 24 * time.Hour, Checks: sel(t, "manticore")}, ss, asOf)
	if err != nil {
		t.Fatal(err)
	}
	c := r.Rolling
	if !c.HasData || c.Bad == 0 || c.SLI <= 0 || c.SLI >= 1 || len(r.Months) != 1 || r.Months[0].Period != "2026-08" {
		t.Fatalf("rolling %+v, months %+v", c, r.Months)
	}
	// Each of the 18 endpoints counts the 5-minute slices that meet a stretch
	// where its status is known: from a result to the next, as_of, or
	// stale_after (6 × its median interval, at least 1h), checked here slice
	// by slice.
	want, bad := 0.0, 0.0
	for _, s := range ss {
		p := s.Points
		gaps := make([]time.Duration, 0, len(p))
		for i := 1; i < len(p); i++ {
			gaps = append(gaps, p[i].T.Sub(p[i-1].T))
		}
		sort.Slice(gaps, func(i, j int) bool { return gaps[i] < gaps[j] })
		stale := time.Hour
		if len(gaps) > 0 && 6*gaps[len(gaps)/2] > stale {
			stale = 6 * gaps[len(gaps)/2]
		}
		for a := time.Unix(p[0].T.Unix()/300*300, 0); a.Before(asOf); a = a.Add(5 * time.Minute) {
			known, down := false, false
			for i := range p {
				end := asOf
				if i+1 < len(p) && p[i+1].T.Before(end) {
					end = p[i+1].T
				}
				if p[i].T.Add(stale).Before(end) {
					end = p[i].T.Add(stale)
				}
				if p[i].T.Before(a.Add(5*time.Minute)) && end.After(a) && end.After(p[i].T) {
					known = true
					down = down || p[i].V == 0
				}
			}
			if known {
				want++
			}
			if down {
				bad++
			}
		}
	}
	if len(ss) != 18 || c.Total != want || c.Bad != bad {
		t.Errorf("%d endpoints, %v bad of %v slices; want 18 and %v of %v", len(ss), c.Bad, c.Total, bad, want)
	}
	t.Logf("unknown share of the window: %.4f", r.Unknown)
	t.Logf("uptime over all endpoints: SLI %.4f, %v bad of %v slices, state %s", c.SLI, c.Bad, c.Total, r.State)
}

// A latency-style SLO on a real CloudWatch CPU series: 5-minute slices bad
// above 90% CPU.
func TestAcceptanceThresholdSLOOnCloudWatch(t *testing.T) {
	f := filepath.Join(fixture.SharedData(t), "metrics", "nab-aws-cloudwatch", "ec2_cpu_utilization_825cc2.csv")
	if _, err := os.Stat(f); err != nil {
		t.Skip(err)
	}
	ss, ds := metricsrc.LoadFile(metricsrc.Options{Name: "cpu", Path: f})
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	pts := ss[0].Points
	asOf := pts[len(pts)-1].T.Add(time.Minute)
	r, err := Compute(Spec{Name: "cpu", Target: 0.9, Window: 14 * 24 * time.Hour, Latency: sel(t, "cpu:value"), Threshold: 90}, ss, asOf)
	if err != nil {
		t.Fatal(err)
	}
	over := 0
	for _, p := range pts {
		if p.V > 90 && !p.T.Before(asOf.Add(-14*24*time.Hour)) {
			over++
		}
	}
	// Points are about 5 minutes apart, so slices with a point above 90 are
	// close to the points above 90 (one slice can hold two points).
	if r.Rolling.Bad == 0 || r.Rolling.Bad > float64(over) || r.Rolling.Bad < float64(over)*0.9 {
		t.Errorf("bad slices %v for %d points above 90", r.Rolling.Bad, over)
	}
	t.Logf("cpu: %v bad of %v slices; SLI %.4f; state %s", r.Rolling.Bad, r.Rolling.Total, r.Rolling.SLI, r.State)
}
