package site

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/vitals-dev/vitals/generator/base/period"
	"github.com/vitals-dev/vitals/generator/compute/issuestats"
	"github.com/vitals-dev/vitals/generator/compute/kpi"
	"github.com/vitals-dev/vitals/generator/render/chart"
)

// A review's headline tiles, trend charts, "what changed" list and KPIs,
// and the reviews index's table: what a product lead pastes into a
// quarterly review.

// quarterFigure is one figure of a quarter with the same figure the
// quarter before and the same quarter a year earlier (NaN: no figure).
type quarterFigure struct {
	Name           string
	Now, Prev, Ago float64
	Count          bool // a count: below 10 on both sides too few to judge
	GoodWhenDown   bool
	Decimals       int
	Unit           string
	Phrase         string // "bugs opened", for "what changed"
	Link           string // anchor on the review page
	// Small says the figure rests on too few events to judge (a rate of
	// two failures).
	Small bool
}

func (f quarterFigure) text(v float64) string {
	s := num(v, f.Decimals)
	if f.Unit != "" && s != "n/a" {
		s += " " + f.Unit
	}
	return s
}

// judge compares the quarter with the same quarter a year earlier.
func (f quarterFigure) judge(ago string) (change, against, state string) {
	if math.IsNaN(f.Now) || math.IsNaN(f.Ago) {
		return "", "nothing to compare with in " + ago, few
	}
	if f.Count {
		return judgeCount(int(math.Round(f.Now)), int(math.Round(f.Ago)), f.GoodWhenDown, "in "+ago)
	}
	against = "against " + f.text(f.Ago) + " in " + ago
	if f.Ago == 0 {
		return signed(f.Now - f.Ago), against, directionState(f.Now, f.Ago, f.GoodWhenDown)
	}
	pct := math.Round(100 * (f.Now - f.Ago) / math.Abs(f.Ago))
	change = fmt.Sprintf("%+.0f%%", pct)
	if math.Abs(pct) < 5 {
		return change, against, steady
	}
	return change, against, directionState(f.Now, f.Ago, f.GoodWhenDown)
}

// Change is one line of "what changed".
type Change struct {
	Text, Class string // Class: good or bad
}

// whatChanged lists the largest moves against the same quarter a year
// earlier (the quarter before where there is none), better and worse, with
// their numbers. Counts below 10 on both sides and moves within 5% are left
// out: they are noise, not news.
func whatChanged(figs []quarterFigure, prev, ago string) (better, worse []Change) {
	type move struct {
		rel  float64
		text string
		good bool
	}
	var ms []move
	for _, f := range figs {
		then, when := f.Ago, ago
		if math.IsNaN(then) {
			then, when = f.Prev, prev
		}
		if math.IsNaN(f.Now) || math.IsNaN(then) || then == 0 || f.Now == then {
			continue
		}
		if f.Small || f.Count && f.Now < 10 && then < 10 {
			continue
		}
		rel := (f.Now - then) / math.Abs(then)
		if math.Abs(math.Round(100*rel)) < 5 {
			continue
		}
		verb := "rose"
		if rel < 0 {
			verb = "fell"
		}
		ms = append(ms, move{rel: math.Abs(rel), good: (rel < 0) == f.GoodWhenDown,
			text: fmt.Sprintf("%s %s %.0f%%: %s, against %s in %s.", upperFirst(f.Phrase), verb, 100*math.Abs(rel), f.text(f.Now), f.text(then), when)})
	}
	sort.SliceStable(ms, func(i, j int) bool {
		if ms[i].rel != ms[j].rel {
			return ms[i].rel > ms[j].rel
		}
		return ms[i].text < ms[j].text
	})
	for _, m := range ms {
		if m.good && len(better) < 3 {
			better = append(better, Change{Text: m.text, Class: "good"})
		}
		if !m.good && len(worse) < 3 {
			worse = append(worse, Change{Text: m.text, Class: "bad"})
		}
	}
	return better, worse
}

func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// reviewTiles are the quarter's headline tiles.
func reviewTiles(figs []quarterFigure, prev, ago string) []Tile {
	var out []Tile
	for _, f := range figs {
		if f.Link == "" {
			continue // not a headline
		}
		t := Tile{ID: anchor(f.Name), Title: f.Name, Value: f.text(f.Now), Link: f.Link}
		t.Change, t.Against, t.State = f.judge(ago)
		if !math.IsNaN(f.Prev) {
			t.Note = f.text(f.Prev) + " in " + prev
		}
		t.StateText = stateText(t.State)
		out = append(out, t)
	}
	return out
}

// reviewCharts are the last eight quarters up to q, as counted at q's end.
func (b *pageBuilder) reviewCharts(q period.P, rep *issuestats.Report) ([]chart.Chart, error) {
	var pts []issuestats.Point
	for _, p := range rep.All.SeriesOf(period.Quarter).Points {
		if !p.Period.Start.After(q.Start) {
			pts = append(pts, p)
		}
	}
	pts = pts[max(0, len(pts)-8):]
	if len(pts) < 2 {
		return nil, nil
	}
	x := make([]string, len(pts))
	bugs, ago, open, closed := make([]float64, len(pts)), make([]float64, len(pts)), make([]float64, len(pts)), make([]float64, len(pts))
	first := rep.All.SeriesOf(period.Quarter).Points[0].Period.Start
	for i, p := range pts {
		x[i] = p.Period.String()
		bugs[i], ago[i] = float64(p.BugsOpened), float64(p.BugsOpenedYearAgo)
		if p.Period.YearAgo().Start.Before(first) {
			ago[i] = math.NaN()
		}
		open[i], closed[i] = float64(p.BugsOpenAtEnd), float64(p.Closed)
	}
	specs := []chart.Spec{
		{ID: "review-bugs", Title: "Bugs opened per quarter, against a year earlier", Kind: chart.Bar, X: x, Integer: true,
			Series:  []chart.Series{{Name: "bugs opened", Values: bugs}, {Name: "same quarter a year earlier", Values: ago}},
			Caption: "Bugs by their current labels; no bar where there is no data a year earlier."},
		{ID: "review-backlog", Title: "Open bugs at the end of each quarter, and issues closed", Kind: chart.Line, X: x, Integer: true,
			Series:  []chart.Series{{Name: "open bugs at the end", Values: open}, {Name: "issues closed", Values: closed, Dashed: true}},
			Caption: "The backlog of bugs against the work done on all issues."},
	}
	var iq []float64
	var ix []string
	for _, r := range b.rep.IncidentQuarters {
		if !r.Period.Start.After(q.Start) {
			ix, iq = append(ix, r.Period.String()), append(iq, float64(r.Incidents))
		}
	}
	if n := len(ix); n > 0 {
		ix, iq = ix[max(0, n-8):], iq[max(0, n-8):]
		specs = append(specs, chart.Spec{ID: "review-incidents", Title: "Incidents per quarter", Kind: chart.Bar, X: ix, Integer: true,
			Series: []chart.Series{{Name: "incidents", Values: iq}}, Caption: "By the quarter in which impact started."})
	}
	var out []chart.Chart
	for _, s := range specs {
		c, err := chart.Build(s)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// ReviewKPI is one KPI over the months of a quarter.
type ReviewKPI struct {
	Name, Unit, Target string
	Values             []string // per month of the quarter
}

// reviewKPIs are the monthly KPIs over the three months of q.
func reviewKPIs(q period.P, ks []kpi.Result) (months []string, out []ReviewKPI) {
	for m := q.Start; m.Before(q.End()); m = m.AddDate(0, 1, 0) {
		months = append(months, period.Of(period.Month, m).String())
	}
	for _, r := range ks {
		if r.Current.Period.Kind != period.Month {
			continue
		}
		row := ReviewKPI{Name: r.Name, Unit: r.Unit, Target: "none"}
		if r.Target != nil {
			row.Target = kpi.Format(*r.Target, r.Unit)
		}
		any := false
		for _, m := range months {
			v := "n/a"
			for _, p := range r.Sparkline {
				if p.Period.String() == m && p.Has {
					v, any = kpi.Format(p.V, r.Unit), true
				}
			}
			row.Values = append(row.Values, v)
		}
		if any {
			out = append(out, row)
		}
	}
	return months, out
}

// ReviewIndexRow is one quarter in the reviews index.
type ReviewIndexRow struct {
	Quarter, Path                                string
	BugsOpened, OpenBugs, Closed, Incidents, CFR string
	SLOsMet                                      string
}
