package site

import (
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/vitals-dev/vitals/generator/base/period"
	"github.com/vitals-dev/vitals/generator/compute/issuestats"
	"github.com/vitals-dev/vitals/generator/compute/slo"
)

// The dashboard's verdict: five tiles that answer "are we getting
// healthier?", each a headline figure with a sparkline and its direction
// against the year before, judged better, worse, steady or too few data.

// Tile is one headline of the verdict.
type Tile struct {
	ID, Title  string
	Value      string
	Unit       string
	Link       string // detail page, relative to the site root
	How        string // "How we count" anchor, relative to the site root
	Change     string // "+12%", "-3.1 pts", "" when counts are shown instead
	Against    string // "against 312 the 12 months before", "2 against 3 the 12 months before"
	State      string // better, worse, steady, few
	StateText  string // better, worse, steady, too few data
	Note       string // a second figure, plainly
	Spark      []SparkBar
	SparkLabel string
}

// judgement of a change.
const (
	better = "better"
	worse  = "worse"
	steady = "steady"
	few    = "few"
)

func stateText(s string) string {
	if s == few {
		return "too few data"
	}
	return s
}

// judgeCount compares two counts. Below 10 on both sides a percentage
// says nothing: the counts are shown and the state is "too few data".
// Within 5% either way is steady.
func judgeCount(cur, prev int, goodWhenDown bool, against string) (change, text, state string) {
	if cur < 10 && prev < 10 {
		return "", fmt.Sprintf("%s against %s %s", fmtInt(cur), fmtInt(prev), against), few
	}
	text = "against " + fmtInt(prev) + " " + against
	if prev == 0 {
		return signed(float64(cur)), text, directionState(float64(cur), 0, goodWhenDown)
	}
	pct := math.Round(100 * float64(cur-prev) / float64(prev))
	change = fmt.Sprintf("%+.0f%%", pct)
	if math.Abs(pct) < 5 { // judged on the shown figure: "-5%" is not steady
		return change, text, steady
	}
	return change, text, directionState(float64(cur), float64(prev), goodWhenDown)
}

// judgeShare compares two shares (0..1) in percentage points; within
// tolerance points either way is steady.
func judgeShare(cur, prev, tolerance float64, goodWhenDown bool, against string) (change, text, state string) {
	text = "against " + fmtPct(prev) + " " + against
	d := 100 * (cur - prev)
	change = fmt.Sprintf("%+.1f pts", d)
	if math.Abs(d) < tolerance {
		return change, text, steady
	}
	return change, text, directionState(cur, prev, goodWhenDown)
}

func directionState(cur, prev float64, goodWhenDown bool) string {
	switch {
	case cur == prev:
		return steady
	case (cur < prev) == goodWhenDown:
		return better
	}
	return worse
}

// verdictTiles makes the tiles from the reports; a tile whose figures do
// not exist (no repositories, no SLOs, no postmortems) is left out.
func (b *pageBuilder) verdictTiles() []Tile {
	var tiles []Tile
	if b.rep.Issues != nil && !b.asOf.IsZero() {
		all := b.rep.Issues.All
		months := completeMonths(all, b.asOf, 24)
		x := func(f func(issuestats.Point) float64) []float64 {
			v := make([]float64, len(months))
			for i, p := range months {
				v[i] = f(p)
			}
			return v
		}
		span := ""
		if n := len(months); n > 0 {
			span = months[0].Period.String() + " to " + months[n-1].Period.String()
		}
		t := Tile{ID: "bugs-opened", Title: "Bugs opened, last 12 months", Value: fmtInt(all.BugsLast12m),
			Link: "issues/index.html#trends", How: "how-we-count/index.html#issues"}
		if yearStart := b.asOf.Add(-365 * 24 * time.Hour); !all.First.IsZero() && !all.First.Before(yearStart) {
			// The data begins within the last 12 months: the 12 before
			// hold no issue because none was loaded, not because none was
			// filed (an export of recent months); 0 there is no baseline.
			t.Against, t.State = "nothing to compare with: the data begins "+all.First.Format(time.DateOnly), few
		} else {
			t.Change, t.Against, t.State = judgeCount(all.BugsLast12m, all.BugsPrev12m, true, "the 12 months before")
		}
		t.Spark, t.SparkLabel = sparkline(x(func(p issuestats.Point) float64 { return float64(p.BugsOpened) })), "bugs opened per month, "+span
		tiles = append(tiles, t)

		if h, ok := headline(all, "open_bugs"); ok && h.Value != nil {
			t := Tile{ID: "open-bugs", Title: "Open bugs", Value: fmtInt(int(*h.Value)),
				Link: "issues/index.html#ages", How: "how-we-count/index.html#issues"}
			if h.YearAgo != nil {
				t.Change, t.Against, t.State = judgeCount(int(*h.Value), int(*h.YearAgo), true, "a year earlier")
			} else {
				t.Against, t.State = "nothing to compare with a year earlier", few
			}
			t.Spark, t.SparkLabel = sparkline(x(func(p issuestats.Point) float64 { return float64(p.BugsOpenAtEnd) })), "open bugs at the end of each month, "+span
			tiles = append(tiles, t)
		}

		if h, ok := headline(all, "backlog_closure"); ok && h.Value != nil {
			t := Tile{ID: "backlog-closure", Title: "Backlog closed within a year", Value: fmtPct(*h.Value),
				Link: "issues/index.html", How: "how-we-count/index.html#issues",
				Note: fmt.Sprintf("%s of the %s issues open a year ago", fmtInt(all.CohortClosed), fmtInt(all.Cohort))}
			switch {
			case all.Cohort < 10:
				t.Against, t.State = fmt.Sprintf("only %s issues were open a year ago", fmtInt(all.Cohort)), few
			case h.Prev == nil:
				t.Against, t.State = "nothing to compare with the year before", few
			default:
				t.Change, t.Against, t.State = judgeShare(*h.Value, *h.Prev, 2, false, "the year before")
			}
			var v []float64
			for _, q := range b.rep.Quarters[max(0, len(b.rep.Quarters)-8):] {
				v = append(v, ptr(q.Issues.All.BacklogClosure))
			}
			if len(v) > 1 {
				t.Spark, t.SparkLabel = sparkline(v), "share closed within a year, at the end of each of the last "+strconv.Itoa(len(v))+" quarters"
			}
			tiles = append(tiles, t)
		}
	}
	if t, ok := b.sloTile(); ok {
		tiles = append(tiles, t)
	}
	if len(b.rep.Incidents) > 0 && !b.asOf.IsZero() {
		s := b.rep.IncidentSummary
		t := Tile{ID: "incidents", Title: "Incidents, last 12 months", Value: fmtInt(s.Last12Months),
			Link: "postmortems/index.html", How: "how-we-count/index.html#incidents"}
		t.Change, t.Against, t.State = judgeCount(s.Last12Months, s.Prev12Months, true, "the 12 months before")
		if s.TTRLast.N > 0 {
			t.Note = "median time to resolve " + minutesText(s.TTRLast.Median)
			if s.TTRPrev.N > 0 {
				t.Note += ", against " + minutesText(s.TTRPrev.Median)
			}
		}
		qs := b.rep.IncidentQuarters
		var v []float64
		for _, q := range qs[max(0, len(qs)-8):] {
			v = append(v, float64(q.Incidents))
		}
		if len(v) > 1 {
			t.Spark, t.SparkLabel = sparkline(v), "incidents per quarter, last "+strconv.Itoa(len(v))+" quarters"
		}
		tiles = append(tiles, t)
	}
	for i := range tiles {
		tiles[i].StateText = stateText(tiles[i].State)
	}
	return tiles
}

// sloTile is the SLO with the least error budget left now, with the months
// it met its target in the last 12 complete months against the 12 before.
func (b *pageBuilder) sloTile() (Tile, bool) {
	var worst *slo.Result
	anchors := sloAnchors(b.rep.SLOs)
	wi := -1
	for i := range b.rep.SLOs {
		r := &b.rep.SLOs[i]
		if r.Rolling.HasData && (worst == nil || r.Rolling.BudgetRemaining < worst.Rolling.BudgetRemaining) {
			worst, wi = r, i
		}
	}
	if worst == nil {
		return Tile{}, false
	}
	t := Tile{ID: "slo-budget", Title: "SLO error budget left", Value: fmtPct(worst.Rolling.BudgetRemaining),
		Link: "slo/index.html#" + anchors[wi], How: "how-we-count/index.html#slos"}
	var done []slo.Compliance
	for _, m := range worst.Months {
		if !m.End.After(b.asOf) {
			done = append(done, m)
		}
	}
	met := func(ms []slo.Compliance) (n, of int) {
		for _, m := range ms {
			if m.HasData {
				of++
				if m.Compliant {
					n++
				}
			}
		}
		return
	}
	last := done[max(0, len(done)-12):]
	prev := done[max(0, len(done)-24):max(0, len(done)-12)]
	n, of := met(last)
	pn, pof := met(prev)
	t.Note = fmt.Sprintf("%s, the least left of %s, over %s", worst.Name, plural(len(b.rep.SLOs), "SLO"), slo.FormatWindow(worst.Window))
	t.Against = fmt.Sprintf("target met in %d of the last %d months, against %d of %d the year before", n, of, pn, pof)
	switch {
	case pof == 0 || of == 0:
		t.Against, t.State = fmt.Sprintf("target met in %d of the last %d months; no year before to compare with", n, of), few
	case n*pof == pn*of:
		t.State = steady
	default:
		t.State = directionState(float64(n)/float64(of), float64(pn)/float64(pof), false)
	}
	var v []float64
	for _, m := range done[max(0, len(done)-24):] {
		if m.HasData {
			v = append(v, 100*m.BudgetRemaining)
		} else {
			v = append(v, math.NaN())
		}
	}
	if len(v) > 1 {
		t.Spark, t.SparkLabel = sparkline(v), "budget left at the end of each month, last "+strconv.Itoa(len(v))+" months"
	}
	return t, true
}

// completeMonths are the last n months of rs that ended by asOf.
func completeMonths(rs *issuestats.RepoStats, asOf time.Time, n int) []issuestats.Point {
	var pts []issuestats.Point
	for _, p := range rs.SeriesOf(period.Month).Points {
		if !p.Period.End().After(asOf) {
			pts = append(pts, p)
		}
	}
	return pts[max(0, len(pts)-n):]
}

func headline(rs *issuestats.RepoStats, key string) (issuestats.Headline, bool) {
	for _, h := range rs.Headlines {
		if h.Key == key {
			return h, true
		}
	}
	return issuestats.Headline{}, false
}

// SparkBar is one bar of a sparkline: a height level from 1 to 10, or a
// gap where there is no value.
type SparkBar struct {
	Level     int
	Gap, Last bool
}

// sparkline draws values as small bars of ten heights, lowest value 1,
// highest 10; the last bar stands out. Plain elements and classes: no
// script, no inline style or SVG (which only data could put on a page),
// and it prints as it is.
func sparkline(v []float64) []SparkBar {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, x := range v {
		if !math.IsNaN(x) {
			lo, hi = math.Min(lo, x), math.Max(hi, x)
		}
	}
	if len(v) < 2 || math.IsInf(lo, 1) {
		return nil
	}
	out := make([]SparkBar, len(v))
	for i, x := range v {
		switch {
		case math.IsNaN(x):
			out[i].Gap = true
		case hi == lo:
			out[i].Level = 5
		default:
			out[i].Level = 1 + int(math.Round(9*(x-lo)/(hi-lo)))
		}
	}
	out[len(out)-1].Last = true
	return out
}

// slugAnchors names sections after their titles (prefix-title-in-slug-form),
// so a link pasted into chat survives a change of order; a repeated slug
// gets -2, -3 in order, and an empty one the position.
func slugAnchors(prefix string, names []string) []string {
	out := make([]string, len(names))
	used := map[string]bool{}
	for i, n := range names {
		s := anchor(n)
		if s == "" {
			s = "item"
		}
		a := prefix + "-" + s
		for k := 2; used[a]; k++ {
			a = fmt.Sprintf("%s-%s-%d", prefix, s, k)
		}
		used[a] = true
		out[i] = a
	}
	return out
}

func sloAnchors(rs []slo.Result) []string {
	names := make([]string, len(rs))
	for i, r := range rs {
		names[i] = r.Name
	}
	return slugAnchors("slo", names)
}

// plural writes "1 incident", "2 incidents", "0 incidents" (noun + s).
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmtInt(n) + " " + noun + "s"
}
