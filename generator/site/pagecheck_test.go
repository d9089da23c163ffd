package site

import (
	"encoding/json"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vitals-dev/vitals/generator/base/period"
	"github.com/vitals-dev/vitals/generator/internal/testkit/fixture"
	"github.com/vitals-dev/vitals/generator/render/chart"
)

// The checks of what the demo's pages say (issue 18): built once per
// as-of for the tests of this file, each page read as text.

var demoBuilds sync.Map // as-of (RFC 3339, "" the store's) -> *demoPages

type demoPages struct {
	once  sync.Once
	asOf  time.Time
	pages map[string]string // slash path -> HTML
	err   error
}

// demoSite builds the demo (the repository root) as of asOf (zero: the
// store's own) and returns its pages.
func demoSite(t *testing.T, asOf time.Time) *demoPages {
	t.Helper()
	key := ""
	if !asOf.IsZero() {
		key = asOf.Format(time.RFC3339)
	}
	v, _ := demoBuilds.LoadOrStore(key, &demoPages{})
	d := v.(*demoPages)
	d.once.Do(func() {
		dest := filepath.Join(os.TempDir(), "vitals-pagecheck-"+strings.NewReplacer(":", "", "-", "").Replace(key)+"-"+time.Now().Format("150405.000000000"))
		defer os.RemoveAll(dest)
		res, err := build(t, fixture.RepoRoot(t), Options{Dest: dest, AsOf: asOf})
		if err != nil {
			d.err = err
			return
		}
		d.asOf = res.AsOf
		d.pages = map[string]string{}
		d.err = filepath.WalkDir(dest, func(p string, e os.DirEntry, err error) error {
			if err != nil || e.IsDir() || !strings.HasSuffix(p, ".html") {
				return err
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(dest, p)
			d.pages[filepath.ToSlash(rel)] = string(b)
			return nil
		})
	})
	if d.err != nil {
		t.Fatal(d.err)
	}
	return d
}

var chartRE = regexp.MustCompile(`<div class="chart[^"]*" id="chart-([^"]+)" data-option="([^"]*)"(?: data-meta="([^"]*)")?`)

// pageChart is a chart as a page carries it: its option and meta.
type pageChart struct {
	ID     string
	Option struct {
		XAxis []struct {
			Data []any `json:"data"`
		} `json:"xAxis"`
		Series []struct {
			Name string `json:"name"`
			Type string `json:"type"`
			Data []any  `json:"data"`
		} `json:"series"`
	}
	Meta struct {
		Periods     string   `json:"periods"`
		Forecast    int      `json:"forecast"`
		Projections []string `json:"projections"`
	}
}

func chartsOf(t *testing.T, page, html_ string) []pageChart {
	t.Helper()
	var out []pageChart
	for _, m := range chartRE.FindAllStringSubmatch(html_, -1) {
		c := pageChart{ID: m[1]}
		if err := json.Unmarshal([]byte(html.UnescapeString(m[2])), &c.Option); err != nil {
			t.Fatalf("%s: chart %s: option: %v", page, m[1], err)
		}
		if m[3] != "" {
			if err := json.Unmarshal([]byte(html.UnescapeString(m[3])), &c.Meta); err != nil {
				t.Fatalf("%s: chart %s: meta: %v", page, m[1], err)
			}
		}
		out = append(out, c)
	}
	return out
}

// category is an x-axis category as a period or an instant, if it is one.
func category(v any, periods string) (p period.P, instant time.Time, partial, ok bool) {
	s, _ := v.(string)
	if m, isMap := v.(map[string]any); isMap {
		s, _ = m["value"].(string)
	}
	s, partial = strings.CutSuffix(s, chart.ToDate)
	if t, err := time.Parse("2006-01-02 15:04", s); err == nil {
		return period.P{}, t, partial, true
	}
	if periods == "week" {
		if t, err := time.Parse(time.DateOnly, s); err == nil {
			return period.Of(period.Week, t), time.Time{}, partial, true
		}
	}
	if p, err := period.Parse(s); err == nil {
		return p, time.Time{}, partial, true
	}
	return period.P{}, time.Time{}, false, false
}

func drawn(v any) bool {
	if m, ok := v.(map[string]any); ok {
		v = m["value"]
	}
	return v != nil && v != "-"
}

// No chart draws a period that begins at or after as_of (it holds nothing
// yet: a zero there reads as a collapse), and the period as_of falls in is
// drawn apart and labelled "(to date)", never as a full period's count.
// Only a forecast's projection reaches past as_of. Built as of the demo's
// store (the first instant of a month, quarter and week) and as of the
// middle of a month, quarter and week.
func TestNoChartCountsAPeriodAtOrAfterAsOf(t *testing.T) {
	for _, asOf := range []time.Time{{}, time.Date(2026, 9, 16, 12, 0, 0, 0, time.UTC)} {
		d := demoSite(t, asOf)
		checked := 0
		for path, page := range d.pages {
			for _, c := range chartsOf(t, path, page) {
				if len(c.Option.XAxis) == 0 {
					continue
				}
				for i, v := range c.Option.XAxis[0].Data {
					p, at, partial, ok := category(v, c.Meta.Periods)
					if !ok {
						continue
					}
					checked++
					if !at.IsZero() {
						if at.After(d.asOf) {
							t.Errorf("as of %s, %s: chart %s has the instant %v after as_of", d.asOf, path, c.ID, v)
						}
						continue
					}
					if c.Meta.Forecast > 0 && i >= c.Meta.Forecast {
						for _, s := range c.Option.Series {
							projected := s.Type == "scatter"
							for _, n := range c.Meta.Projections {
								projected = projected || n == s.Name
							}
							if !projected && i < len(s.Data) && drawn(s.Data[i]) {
								t.Errorf("as of %s, %s: chart %s draws %q in the forecast's period %v", d.asOf, path, c.ID, s.Name, v)
							}
						}
						continue
					}
					if !p.Start.Before(d.asOf) {
						t.Errorf("as of %s, %s: chart %s draws the period %v, which begins at or after as_of", d.asOf, path, c.ID, v)
					} else if p.End().After(d.asOf) && !partial {
						t.Errorf("as of %s, %s: chart %s draws the unfinished period %v as a whole one (no %q)", d.asOf, path, c.ID, v, chart.ToDate)
					}
				}
			}
		}
		if checked < 1000 {
			t.Errorf("as of %s: only %d categories checked; the charts were not found", d.asOf, checked)
		}
	}
}
