package metricsrc

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vitals-dev/vitals/generator/internal/testkit/fixture"
)

func TestAcceptanceNABCloudWatchLoads(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(fixture.SharedData(t), "metrics", "nab-aws-cloudwatch", "*.csv"))
	if len(files) == 0 {
		t.Skip("no NAB CloudWatch files")
	}
	for _, f := range files {
		ss, ds := LoadFile(Options{Name: "cw", Path: f})
		if ds.HasErrors() {
			t.Errorf("%s:\n%v", f, ds)
			continue
		}
		if len(ss) != 1 || ss[0].Name != "cw:value" {
			t.Errorf("%s: want one series cw:value, got %d", f, len(ss))
			continue
		}
		pts := ss[0].Points
		// Every line after the header is a point (NAB has no duplicate times).
		b, _ := os.ReadFile(f)
		lines := 0
		for _, c := range b {
			if c == '\n' {
				lines++
			}
		}
		// Two files repeat 2014-03-09 03:00:00 twelve times (an hour lost
		// to a daylight-saving change upstream): those collapse to one point
		// with a warning, so points = lines - 11 there.
		want := lines - 1
		for _, d := range ds {
			var n int
			if _, err := fmt.Sscanf(d.Msg, "%d repeated points", &n); err == nil {
				want -= n
			} else if k := strings.Index(d.Msg, " different values"); k > 0 {
				fmt.Sscanf(d.Msg[strings.LastIndex(d.Msg[:k], " ")+1:k], "%d", &n)
				want -= n - 1
			}
		}
		if len(pts) != want {
			t.Errorf("%s: %d points for %d data lines, want %d:\n%v", filepath.Base(f), len(pts), lines-1, want, ds)
		}
		if y := pts[0].T.Year(); y < 2013 || y > 2014 || pts[0].T.Location() != time.UTC {
			t.Errorf("%s: first point %v", filepath.Base(f), pts[0].T)
		}
	}
}

func TestAcceptanceUpptimeChecksLoad(t *testing.T) {
	f := filepath.Join(fixture.SharedData(t), "metrics", "upptime-manticore", "checks_from_git_log.csv")
	if _, err := os.Stat(f); err != nil {
		t.Skipf("no checks file: %v", err)
	}
	ss, ds := LoadFile(Options{Name: "manticore", Path: f})
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	// SOURCES.md: 314 checks over 18 endpoints, 47 down.
	if len(ss) != 18 {
		t.Errorf("want 18 endpoints, got %d", len(ss))
	}
	n, down := 0, 0
	for _, s := range ss {
		for _, p := range s.Points {
			n++
			if p.V == 0 {
				down++
			}
		}
	}
	merged := 0
	for _, d := range ds {
		t.Log(d)
		var k int
		if _, err := fmt.Sscanf(d.Msg, "%d repeated points", &k); err == nil {
			merged = k
		}
	}
	if n+merged != 314 || down > 47 {
		t.Errorf("got %d checks (+%d repeated), %d down; want 314 checks, 47 down", n, merged, down)
	}
}
