package pages

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/vitals-dev/vitals/generator/base/period"
	"github.com/vitals-dev/vitals/generator/compute/issuestats"
	"github.com/vitals-dev/vitals/generator/compute/kpi"
	"github.com/vitals-dev/vitals/generator/compute/reports"
	"github.com/vitals-dev/vitals/generator/render/chart"
	"github.com/vitals-dev/vitals/generator/render/theme"
)

// reviewsSection: a review page per complete quarter, and their index.
var reviewsSection = Section{
	Name:    "reviews",
	Reports: []reports.Report{reports.Issues, reports.Quarters, reports.Incidents, reports.Releases, reports.Policy, reports.SLOs, reports.KPIs, reports.Experiments, reports.Launches, reports.Premortems, reports.Decisions},
	Pages:   (*Builder).reviews,
}

// Quarterly reviews: one page per complete quarter at reviews/YYYY-Qn/,
// a link to share in a quarterly review. Its figures are counted as of the
// quarter's end, so the page keeps showing that quarter as later data
// arrives (bugs stay "by current labels", the one thing that can move).

// ReviewData is a quarterly review page's data.
type ReviewData struct {
	Quarter, Range, Prev, YearAgo string
	Rows                          []ReviewRow
	Repos                         []ReviewRepo
	Incidents                     []ReviewIncident
	Releases                      []Figure
	SLOs                          []ReviewSLO
	Quarters                      []ReviewLink
	// Tiles are the quarter's headlines against the same quarter a year
	// earlier; Better and Worse what changed most; Charts the last eight
	// quarters; KPIs the quarter's months.
	Tiles         []Tile
	Better, Worse []Change
	Charts        []chart.Chart
	KPIMonths     []string
	KPIs          []ReviewKPI
	// Experiments are those that ended in the quarter.
	Experiments []ExpLogRow
	// Learning is the quarter's launches, foresight and decisions (nil
	// when it has none).
	Learning *ReviewLearning
	now      issuestats.Point
	index    ReviewIndexRow
}

// ReviewRow is one figure against the previous quarter and a year earlier.
type ReviewRow struct {
	Name, Now, Prev, YearAgo string
	// VsPrev and VsAgo are the changes against the quarter before and the
	// same quarter a year earlier (nil without that quarter), each in its
	// column: a row reads on one line.
	VsPrev, VsAgo *Delta
}

// ReviewRepo is one repository's quarter.
type ReviewRepo struct {
	Repo                                            string
	Opened, Closed, BugsOpened, OpenAtEnd, BugsOpen int
}

// ReviewIncident is an incident that started in the quarter.
type ReviewIncident struct {
	Path, Title, Severity, Date, TTR, Actions string
}

// ReviewSLO is one SLO's compliance over the quarter.
type ReviewSLO struct {
	Name, Target, SLI, Budget string
	Compliant, HasData        bool
}

// ReviewsIndex is the list of reviews.
type ReviewsIndex struct {
	Quarters []ReviewLink
	// Rows are the quarters against their headline figures, newest first.
	Rows []ReviewIndexRow
}

func (b *Builder) reviews() error {
	qs := b.rep.Quarters
	if len(qs) == 0 {
		return nil
	}
	var links []ReviewLink
	for i := len(qs) - 1; i >= 0; i-- {
		links = append(links, ReviewLink{Quarter: qs[i].Quarter.String(), Path: reviewPath(qs[i].Quarter)})
	}
	var rows []ReviewIndexRow
	for _, qr := range qs {
		q := qr.Quarter
		d, err := b.review(q, qr.Issues)
		if err != nil {
			return err
		}
		rows = append([]ReviewIndexRow{d.index}, rows...)
		for _, l := range links {
			l.Current = l.Quarter == q.String()
			d.Quarters = append(d.Quarters, l)
		}
		now := d.now
		b.addPage(&Page{Path: reviewPath(q), Kind: "review", Data: d, charts: d.Charts,
			Info: PageInfo{Title: q.String() + " review", Section: "reviews",
				Description: fmt.Sprintf("%s: %s opened, %s open at the end of the quarter, %s.",
					q, plural(now.BugsOpened, "bug"), plural(now.OpenAtEnd, "issue"), plural(len(d.Incidents), "incident")),
				HowCounted:  "Bugs by current labels.",
				CountedAsOf: "Counted as of the end of " + q.String() + " (" + q.End().Format("2 January 2006, 15:04 UTC") + ")."}})
	}
	b.addPage(&Page{Path: "reviews/index.html", Kind: "reviews", Data: &ReviewsIndex{Quarters: links, Rows: rows},
		Info: PageInfo{Title: "Quarterly reviews", Section: "reviews",
			Description: "One page per quarter, with stable links, for quarterly reviews."}})
	b.nav1("Reviews", "reviews/index.html", "reviews")
	b.addDefs(DefSection{ID: "reviews", Title: "Quarterly reviews", Items: []Def{
		{"quarter", "A quarter's figures", "Counted as of the quarter's end, as if the data had been synced at that instant, and compared with the previous quarter and the same quarter a year earlier. Bugs are still bugs by their current labels."},
	}})
	return nil
}

func (b *Builder) review(q period.P, rep *issuestats.Report) (*ReviewData, error) {
	byStart := map[time.Time]issuestats.Point{}
	for _, p := range rep.All.SeriesOf(period.Quarter).Points {
		byStart[p.Period.Start] = p
	}
	prev, ago := q.Prev(), q.YearAgo()
	d := &ReviewData{Quarter: q.String(), Prev: prev.String(), YearAgo: ago.String(),
		Range: q.Start.Format("2 January 2006") + " to " + q.End().Add(-time.Second).Format("2 January 2006")}
	now, pp, pa := byStart[q.Start], byStart[prev.Start], byStart[ago.Start]
	d.now = now
	d.Experiments = reviewExperiments(b.rep.Experiments, q)
	d.Learning = b.reviewLearning(q)
	_, hasPrev := byStart[prev.Start]
	_, hasAgo := byStart[ago.Start]
	row := func(name string, f func(issuestats.Point) float64, goodWhenDown bool, decimals int) {
		r := ReviewRow{Name: name, Now: num(f(now), decimals), Prev: "n/a", YearAgo: "n/a"}
		if hasPrev {
			r.Prev = num(f(pp), decimals)
			x := NewDelta(f(now), f(pp), goodWhenDown, "vs "+d.Prev)
			r.VsPrev = &x
		}
		if hasAgo {
			r.YearAgo = num(f(pa), decimals)
			x := NewDelta(f(now), f(pa), goodWhenDown, "vs "+d.YearAgo)
			r.VsAgo = &x
		}
		d.Rows = append(d.Rows, r)
	}
	row("Bugs opened", func(p issuestats.Point) float64 { return float64(p.BugsOpened) }, true, 0)
	row("Issues opened", func(p issuestats.Point) float64 { return float64(p.Opened) }, true, 0)
	row("Issues closed", func(p issuestats.Point) float64 { return float64(p.Closed) }, false, 0)
	row("Issues reopened", func(p issuestats.Point) float64 { return float64(p.Reopened) }, true, 0)
	row("Open issues at the end", func(p issuestats.Point) float64 { return float64(p.OpenAtEnd) }, true, 0)
	row("Open bugs at the end", func(p issuestats.Point) float64 { return float64(p.BugsOpenAtEnd) }, true, 0)
	row("Flow ratio (closed / opened)", func(p issuestats.Point) float64 { return ptr(p.FlowRatio) }, false, 2)
	row("Median days to close", func(p issuestats.Point) float64 { return ptr(p.CloseMedianDays) }, true, 2)
	row("9 in 10 closed within (days)", func(p issuestats.Point) float64 { return ptr(p.CloseP90Days) }, true, 2)
	for _, rs := range rep.Repos {
		for _, p := range rs.SeriesOf(period.Quarter).Points {
			if p.Period == q {
				d.Repos = append(d.Repos, ReviewRepo{Repo: rs.Repo, Opened: p.Opened, Closed: p.Closed,
					BugsOpened: p.BugsOpened, OpenAtEnd: p.OpenAtEnd, BugsOpen: p.BugsOpenAtEnd})
			}
		}
	}
	for _, in := range b.rep.Incidents {
		if in.Started == nil || !q.Contains(*in.Started) {
			continue
		}
		ri := ReviewIncident{Title: in.Title, Severity: in.Severity, Date: in.Started.Format("2006-01-02"), TTR: minutesText(in.TTR)}
		if in.Actions > 0 {
			ri.Actions = fmt.Sprintf("%d of %d done", in.ActionsDone, in.Actions)
		}
		ri.Path = b.postmortemPaths[in.Path]
		d.Incidents = append(d.Incidents, ri)
	}
	var rel, failed int
	cfr := "n/a"
	if b.rep.Releases != nil {
		for _, r := range b.rep.Releases.Quarters {
			if r.Period == q {
				rel, failed = r.Releases, r.Failed
				if !math.IsNaN(r.ChangeFailure) {
					cfr = theme.Pct(r.ChangeFailure)
				}
			}
		}
	}
	d.Releases = []Figure{
		newFigure("Releases", theme.Num(rel), "published, prereleases left out"),
		newFigure("Failed releases", theme.Num(failed), "named by a postmortem, or pinned to one"),
		newFigure("Change failure rate", cfr, "n/a without postmortems or releases"),
	}
	if p := b.rep.Policy; p != nil {
		flagged := 0
		for _, pq := range p.Quarters {
			if pq.Quarter == q.String() {
				flagged = pq.Flagged
			}
		}
		d.Releases = append(d.Releases, newFigure("Released on an exhausted budget", theme.Num(flagged), "an SLO's error budget was exhausted when it was published"))
	}
	for _, r := range b.rep.SLOs {
		for _, c := range r.Quarters {
			if c.Period == q.String() {
				s := ReviewSLO{Name: r.Name, Target: pct3(r.Target), HasData: c.HasData, Compliant: c.Compliant}
				if c.HasData {
					s.SLI, s.Budget = pct3(c.SLI), theme.Pct(c.BudgetRemaining)
				}
				d.SLOs = append(d.SLOs, s)
			}
		}
	}
	figs := b.quarterFigures(q, now, pp, pa, hasPrev, hasAgo)
	d.Tiles = reviewTiles(figs, d.Quarter, d.Prev, d.YearAgo)
	d.Better, d.Worse = whatChanged(figs, d.Prev, d.YearAgo)
	charts, err := b.reviewCharts(q, rep)
	if err != nil {
		return nil, err
	}
	d.Charts = charts
	d.KPIMonths, d.KPIs = reviewKPIs(q, b.rep.KPIs)
	met := 0
	for _, x := range d.SLOs {
		if x.HasData && x.Compliant {
			met++
		}
	}
	d.index = ReviewIndexRow{Quarter: q.String(), Path: reviewPath(q), BugsOpened: theme.Num(now.BugsOpened), OpenBugs: theme.Num(now.BugsOpenAtEnd),
		Closed: theme.Num(now.Closed), Incidents: theme.Num(len(d.Incidents)), CFR: d.Releases[2].Value}
	if len(b.rep.Incidents) == 0 {
		d.index.Incidents = "n/a"
	}
	if len(d.SLOs) > 0 {
		d.index.SLOsMet = fmt.Sprintf("%d of %d", met, len(d.SLOs))
	}
	return d, nil
}

// quarterFigures are the quarter's figures with the quarter before and the
// same quarter a year earlier; the ones with a Link are its tiles.
func (b *Builder) quarterFigures(q period.P, now, pp, pa issuestats.Point, hasPrev, hasAgo bool) []quarterFigure {
	nan := math.NaN()
	three := func(f func(issuestats.Point) float64) (float64, float64, float64) {
		p, a := nan, nan
		if hasPrev {
			p = f(pp)
		}
		if hasAgo {
			a = f(pa)
		}
		return f(now), p, a
	}
	fig := func(f quarterFigure, get func(issuestats.Point) float64) quarterFigure {
		f.Now, f.Prev, f.Ago = three(get)
		return f
	}
	figs := []quarterFigure{
		fig(quarterFigure{Name: "Bugs opened", Count: true, GoodWhenDown: true, Phrase: "bugs opened", Link: "#issues", Key: "bugs-opened:all"},
			func(p issuestats.Point) float64 { return float64(p.BugsOpened) }),
		fig(quarterFigure{Name: "Open bugs at the end", Count: true, GoodWhenDown: true, Phrase: "open bugs at the end of the quarter", Link: "#issues", Key: "open-bugs:all"},
			func(p issuestats.Point) float64 { return float64(p.BugsOpenAtEnd) }),
		fig(quarterFigure{Name: "Issues closed", Count: true, Phrase: "issues closed", Link: "#issues"},
			func(p issuestats.Point) float64 { return float64(p.Closed) }),
		fig(quarterFigure{Name: "Median time to close", Decimals: 1, Unit: "days", GoodWhenDown: true, Phrase: "the median time to close", Link: "#issues"},
			func(p issuestats.Point) float64 { return ptr(p.CloseMedianDays) }),
		fig(quarterFigure{Name: "Issues opened", Count: true, GoodWhenDown: true, Phrase: "issues opened"},
			func(p issuestats.Point) float64 { return float64(p.Opened) }),
		fig(quarterFigure{Name: "Issues reopened", Count: true, GoodWhenDown: true, Phrase: "issues reopened"},
			func(p issuestats.Point) float64 { return float64(p.Reopened) }),
		fig(quarterFigure{Name: "Open issues at the end", Count: true, GoodWhenDown: true, Phrase: "open issues at the end of the quarter"},
			func(p issuestats.Point) float64 { return float64(p.OpenAtEnd) }),
	}
	if len(b.rep.Incidents) > 0 {
		count := func(p period.P) float64 {
			n := 0
			for _, in := range b.rep.Incidents {
				if in.Started != nil && p.Contains(*in.Started) {
					n++
				}
			}
			return float64(n)
		}
		figs = append(figs, quarterFigure{Name: "Incidents", Count: true, GoodWhenDown: true, Phrase: "incidents", Link: "#incidents", Key: "incidents",
			Now: count(q), Prev: count(q.Prev()), Ago: count(q.YearAgo())})
	}
	if rr := b.rep.Releases; rr != nil {
		rel := func(p period.P) (float64, float64, int) {
			for _, r := range rr.Quarters {
				if r.Period == p {
					return float64(r.Releases), 100 * r.ChangeFailure, r.Failed
				}
			}
			return nan, nan, 0
		}
		n, c, f := rel(q)
		pn, pc, _ := rel(q.Prev())
		an, ac, af := rel(q.YearAgo())
		figs = append(figs, quarterFigure{Name: "Releases", Count: true, Phrase: "releases", Now: n, Prev: pn, Ago: an},
			// A rate of a handful of failures moves by chance.
			quarterFigure{Name: "Change failure rate", Decimals: 1, Unit: "%", GoodWhenDown: true, Phrase: "the change failure rate",
				Now: c, Prev: pc, Ago: ac, Small: f < 10 && af < 10})
	}
	return figs
}

func pct3(v float64) string { return fmt.Sprintf("%.3f%%", 100*v) }

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
	Key            string // Figure.Key where another page shows it too
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
		return "", "nothing to compare with in " + ago, judgedFew
	}
	if f.Count {
		return judgeCount(int(math.Round(f.Now)), int(math.Round(f.Ago)), f.GoodWhenDown, "in "+ago)
	}
	return pctText(f.Now, f.Ago), "against " + f.text(f.Ago) + " in " + ago, judge(f.Now, f.Ago, f.GoodWhenDown)
}

// whatChanged lists the largest moves against the same quarter a year
// earlier (the quarter before where there is none), better and worse, with
// their numbers. Counts below 10 on both sides and steady moves (the one
// rule, judge) are left out: they are noise, not news.
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
		if judge(f.Now, then, f.GoodWhenDown) == judgedSteady {
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

// reviewTiles are the quarter's headline tiles: a figure that another page
// shows too is marked as counted over the quarter (at its end for a count
// at an instant), which the page says.
func reviewTiles(figs []quarterFigure, q, prev, ago string) []Tile {
	var out []Tile
	for _, f := range figs {
		if f.Link == "" {
			continue // not a headline
		}
		t := Tile{ID: anchor(f.Name), Title: f.Name, Value: f.text(f.Now), Link: f.Link}
		if f.Key != "" {
			t.Figure, t.Over = f.Key, q
			if strings.Contains(f.Name, "at the end") {
				t.Over = "end of " + q
			}
		}
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
func (b *Builder) reviewCharts(q period.P, rep *issuestats.Report) ([]chart.Chart, error) {
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
	// Bugs count by their labels now (as_of), not at the quarter's end:
	// the quarters that labels may still reach are provisional.
	ends := make([]time.Time, len(pts))
	for i, p := range pts {
		ends[i] = p.Period.End()
	}
	var provisional int
	labelNote := "Bugs by their current labels."
	if b.rep.Issues != nil {
		provisional, labelNote = labelLag(b.rep.Issues.All.LabelLag, ends, b.asOf, "quarter")
	}
	specs := []chart.Spec{
		{ID: "review-bugs", Title: "Bugs opened per quarter, against a year earlier", Kind: chart.Bar, X: x, Integer: true, Provisional: provisional,
			Series:  []chart.Series{{Name: "bugs opened", Values: bugs}, {Name: "same quarter a year earlier", Values: ago, Final: true}},
			Caption: "No bar where there is no data a year earlier. " + labelNote},
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
