package pages

import (
	"fmt"
	"github.com/vitals-dev/vitals/generator/compute/premortems"
	"github.com/vitals-dev/vitals/generator/render/theme"
	"html/template"
	"io"
	"math"
	"path"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/vitals-dev/vitals/generator/base/model"
	"github.com/vitals-dev/vitals/generator/base/period"
	"github.com/vitals-dev/vitals/generator/compute/launches"
	"github.com/vitals-dev/vitals/generator/compute/reports"
	"github.com/vitals-dev/vitals/generator/compute/slo"
	"github.com/vitals-dev/vitals/generator/render/chart"
	"github.com/vitals-dev/vitals/generator/sources/launchdoc"
)

var launchesSection = Section{
	Name:    "launches",
	Reports: []reports.Report{reports.Launches, reports.SLOs, reports.KPIs, reports.Incidents, reports.Premortems},
	Pages:   (*Builder).launches,
}

// LaunchesPageData is the launches page's data.
type LaunchesPageData struct {
	Summary string // "4 launches: 1 under way, ..."
	// Current are the rollouts under way, newest first; Others the rest:
	// planned first, then by first stage, newest first.
	Current, Others []LaunchRow
	Intro           template.HTML // content/launches/README.md, if any
}

// LaunchRow is one launch in the list.
type LaunchRow struct {
	Path, Title, Flag string
	State, StateClass string
	// Stage is the current stage and Since when it began; Stages the
	// rollout in short ("staff → 5% → 25% → 0%").
	Stage, Since, Stages string
	Started, StartedSort string
	Budget               []BudgetSpent
	Incidents            int
}

// BudgetSpent is the share of a guardrail SLO's budget a launch spent.
type BudgetSpent struct{ SLO, Spent string }

// LaunchPageData is one launch's page.
type LaunchPageData struct {
	Flag              string
	State, StateClass string
	// StateWhy says the state in a sentence.
	StateWhy   string
	Chart      *chart.Chart
	ChartNote  string
	Guards     []GuardView
	Stages     []StageView
	Planned    []string
	Incidents  []IncidentLink
	Releases   []ReleaseLinkView
	Experiment string // the experiment's id, and its page
	ExpURL     string
	Notes      []string
	Body       template.HTML
}

// GuardView is one guardrail of a launch.
type GuardView struct {
	Name, Kind, URL string
	// Spent is the budget spent during the launch, Window the SLO's
	// rolling window ("" for KPIs).
	Spent, Window string
	Compared      string // "the baseline" or "the canary cohort against the rest"
	Missing       string
}

// StageView is one stage with its verdicts.
type StageView struct {
	Label, From, To string
	// Judged says what of the stage was judged, when not all of it;
	// NotJudged is true for a stage at 0%.
	Judged    string
	NotJudged bool
	Breached  bool
	Checks    []CheckView
}

// CheckView is one stage against one guardrail.
type CheckView struct {
	Guard, Against, Value, Other, Burn, P string
	Verdict, VerdictClass, Why            string
}

// IncidentLink is an incident during a launch.
type IncidentLink struct{ Title, Date, Severity, URL string }

// ReleaseLinkView is a release a launch names.
type ReleaseLinkView struct{ Name, Date, URL string }

var launchDefs = DefSection{ID: "launches", Title: "Launches", Items: []Def{
	{"stages", "Stages and baseline", "A launch rolls a feature flag out in stages: from each stage's time on, a share of users (or a named group) sees the flag. A stage lasts until the next one or the as-of time. The baseline is the stretch just before the first stage, as long as the first stage and at most 7 days."},
	{"breach", "Breach", "For each stage and guardrail SLO: the error ratio during the stage (bad events over all, as the SLO counts them) against the baseline's, and the burn rate (error ratio over the error budget, 1 - target). A stage breaches when its burn rate is above 1 while the baseline's was at most 1, or its error ratio is significantly higher: a one-sided two-proportion z-test, p below 0.05. A stage without events, or whose baseline had none, has no verdict."},
	{"canary", "Canary comparison", "Where the SLO's metric export labels the flag's cohort (variant=\"canary\"), each stage compares the cohort with everyone else over the same hours instead of with the baseline, by the same rule: an incident that hits both alike is not the launch's."},
	{"judged", "What is judged", "A stage at 0% is not judged: nobody sees the flag. A stage at 100% is judged over its first 7 days. Issue-response SLOs count the issues created during the stage, judged at the as-of time; KPI guardrails compare the mean of the stage's points with the baseline's (Welch's test, one-sided, p below 0.05, in the KPI's worse direction)."},
	{"state", "State", "Rolled back: a stage has a lower share than the one before it. Degraded at N%: the first stage that breached a guardrail. Complete: the last stage is at 100%. Healthy otherwise; planned before the first stage."},
	{"during", "During this launch", "From the first stage to the as-of time; for a launch rolled back to 0%, to the rollback; for one at 100%, to 7 days after it got there. Incidents that started then are listed on the launch, and the budget spent is each guardrail SLO's bad events then over its budget for the rolling window ending then."},
}}

// launches makes the launches page, a page per launch and launches.csv,
// and names the launches not yet complete on the dashboard.
func (b *Builder) launches() error {
	rs := b.rep.Launches
	if len(rs) == 0 {
		return nil
	}
	if err := b.addFile("data/launches.csv", func(w io.Writer) error { return launches.WriteCSV(w, rs) }); err != nil {
		return err
	}
	d := &LaunchesPageData{Intro: b.launchesIntro()}
	counts := map[string]int{}
	for _, r := range rs {
		row := b.launchRow(r)
		if r.InProgress() {
			d.Current = append(d.Current, row)
			counts["under way"]++
		} else {
			d.Others = append(d.Others, row)
			counts[r.State.String()]++
		}
		if err := b.launchPage(r); err != nil {
			return err
		}
	}
	byStart := func(a, c LaunchRow) int {
		if a.StartedSort != c.StartedSort {
			return strings.Compare(c.StartedSort, a.StartedSort)
		}
		return strings.Compare(a.Path, c.Path)
	}
	slices.SortFunc(d.Current, byStart)
	slices.SortFunc(d.Others, func(a, c LaunchRow) int {
		if (a.State == "planned") != (c.State == "planned") {
			if a.State == "planned" {
				return -1
			}
			return 1
		}
		return byStart(a, c)
	})
	var parts []string
	for _, k := range []string{"under way", "complete", "rolled back", "planned"} {
		if n := counts[k]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, k))
		}
	}
	noun := "launches"
	if len(rs) == 1 {
		noun = "launch"
	}
	d.Summary = fmt.Sprintf("%d %s: %s", len(rs), noun, strings.Join(parts, ", "))
	b.addPage(&Page{Path: "launches/index.html", Kind: "launches", Data: d,
		Info: PageInfo{Title: "Launches", Section: "launches",
			Description: "Feature-flag rollouts, stage by stage, against the SLOs and KPIs they must not hurt.",
			HowCounted:  "A stage breaches a guardrail SLO when it burns budget faster than 1 while the baseline did not, or its error ratio is significantly higher (z-test, p < 0.05)."}})
	b.nav1("Launches", "launches/index.html", "launches")
	b.addDefs(launchDefs)
	b.groups = append(b.groups, b.launchCards(rs))
	for _, r := range rs {
		if r.State == launches.Degraded {
			b.needsAction(Action{Urgency: ActNow, Title: "Launch " + r.Launch.Title + " is " + r.StateText(), Detail: stateWhy(r), Link: launchPath(r.Launch)})
		}
	}
	return nil
}

// launchesIntro is content/launches/README.md (or index.md), the page's introduction.
func (b *Builder) launchesIntro() template.HTML {
	for _, pg := range b.content.Pages {
		switch strings.ToLower(path.Base(pg.Path)) {
		case "readme.md", "index.md", "_index.md":
			if pg.Path == launchdoc.Dir+"/"+path.Base(pg.Path) {
				return template.HTML(rebase(string(bodyWithoutTitle(pg)), pg.Path, "launches/index.html"))
			}
		}
	}
	return ""
}

// launchCards names on the dashboard every launch not complete: under
// way, degraded, rolled back or planned, at most six.
func (b *Builder) launchCards(rs []launches.Result) CardGroup {
	g := CardGroup{Title: "Launches", How: "how-we-count/index.html#launches",
		Note: "Rollouts not complete; the border shows a breach (degraded) or a rollback."}
	var open []launches.Result
	for _, r := range rs {
		if r.State != launches.Complete {
			open = append(open, r)
		}
	}
	slices.SortStableFunc(open, func(a, c launches.Result) int { return rank(a) - rank(c) })
	for i, r := range open {
		if i == 6 {
			g.Cards = append(g.Cards, Card{Title: "More launches", Value: strconv.Itoa(len(open) - 6), Link: "launches/index.html", Note: "not complete; see the launches page"})
			break
		}
		c := Card{Title: r.Launch.Title, Link: launchPath(r.Launch), State: launchCardState(r.State), StateText: r.StateText()}
		switch cur := r.Current(); {
		case cur == nil:
			c.Value = "planned"
			c.Note = "first stage " + r.Planned[0].At.Format("2 Jan 2006 15:04") + " UTC"
		case r.State == launches.RolledBack:
			c.Value = "rolled back"
			c.Note = "to " + cur.Label() + " on " + cur.At.Format("2 Jan 2006")
			if r.DegradedAt >= 0 {
				c.Note += ", after degrading at " + r.Stages[r.DegradedAt].Label()
			}
		default:
			c.Value = cur.Label()
			c.Note = r.StateText() + "; at " + cur.Label() + " since " + cur.At.Format("2 Jan 2006")
			if s := spentText(r); s != "" {
				c.Note += "; " + s
			}
		}
		g.Cards = append(g.Cards, c)
	}
	if len(open) == 0 {
		g.Cards = append(g.Cards, Card{Title: "Launches", Value: "none open", Link: "launches/index.html", Note: "every launch is complete"})
	}
	return g
}

// rank orders the dashboard's launches: degraded, under way, rolled back, planned.
func rank(r launches.Result) int {
	switch {
	case r.State == launches.Degraded:
		return 0
	case r.InProgress():
		return 1
	case r.State == launches.RolledBack:
		return 2
	}
	return 3
}

func launchCardState(s launches.State) string {
	switch s {
	case launches.Degraded:
		return "breach"
	case launches.RolledBack:
		return "warning"
	case launches.Healthy, launches.Complete:
		return "ok"
	}
	return ""
}

// spentText says the budget a launch spent, guardrail by guardrail.
func spentText(r launches.Result) string {
	var parts []string
	for _, g := range r.Guards {
		if g.SpentKnown {
			parts = append(parts, fmt.Sprintf("spent %s of %s's budget", theme.Pct(g.Spent), g.Name))
		}
	}
	return strings.Join(parts, ", ")
}

func launchPath(l model.Launch) string { return "launches/" + l.ID + "/index.html" }

func stateClass(s launches.State) string {
	if c := launchCardState(s); c != "" {
		return c
	}
	return "no-data"
}

func (b *Builder) launchRow(r launches.Result) LaunchRow {
	l := r.Launch
	row := LaunchRow{Path: launchPath(l), Title: l.Title, Flag: l.Flag, State: r.StateText(), StateClass: stateClass(r.State), Incidents: len(r.Incidents)}
	var labels []string
	for _, s := range l.Stages {
		labels = append(labels, s.Label())
	}
	row.Stages = strings.Join(labels, " → ")
	if len(l.Stages) > 0 {
		row.Started, row.StartedSort = l.Stages[0].At.Format("2006-01-02"), l.Stages[0].At.Format(time.RFC3339)
	}
	if cur := r.Current(); cur != nil {
		row.Stage, row.Since = cur.Label(), cur.At.Format("2006-01-02")
	}
	for _, g := range r.Guards {
		if g.SpentKnown {
			row.Budget = append(row.Budget, BudgetSpent{SLO: g.Name, Spent: theme.Pct(g.Spent)})
		}
	}
	return row
}

func (b *Builder) launchPage(r launches.Result) error {
	l := r.Launch
	out := launchPath(l)
	d := &LaunchPageData{Flag: l.Flag, State: r.StateText(), StateClass: stateClass(r.State), StateWhy: stateWhy(r), Notes: r.Notes, Experiment: l.Experiment}
	if l.Experiment != "" {
		// The document exists (launchdoc checks); its page is experiments/<id>/.
		d.ExpURL = relPath(path.Dir(out), "experiments/"+l.Experiment+"/index.html")
	}
	for _, g := range r.Guards {
		gv := GuardView{Name: g.Name, Kind: "SLO", Missing: g.Missing, Compared: "the baseline"}
		if g.KPI {
			gv.Kind, gv.URL = "KPI", relPath(path.Dir(out), "kpis/index.html")+"#"+b.kpiAnchor(g.Name)
		} else {
			gv.URL = relPath(path.Dir(out), "slo/index.html") + "#" + b.sloAnchor(g.Name)
			if g.SpentKnown {
				gv.Spent = theme.Pct(g.Spent)
			}
			if res, ok := findSLOResult(b.rep, g.Name); ok {
				gv.Window = slo.FormatWindow(res.Window)
			}
			switch {
			case g.Canary:
				gv.Compared = "the canary cohort against the rest"
			case g.Issues:
				gv.Compared = "the baseline (issues created in each)"
			}
		}
		d.Guards = append(d.Guards, gv)
	}
	for _, st := range r.Stages {
		sv := StageView{Label: st.Label(), From: st.At.Format("2006-01-02 15:04"), To: st.End.Format("2006-01-02 15:04"), Breached: st.Breached}
		switch {
		case st.Judged.To.Equal(st.Judged.From):
			sv.NotJudged = true
		case !st.Judged.To.Equal(st.End):
			sv.Judged = "judged to " + st.Judged.To.Format("2006-01-02 15:04")
		}
		for _, c := range st.Checks {
			sv.Checks = append(sv.Checks, checkView(r.Guards[c.Guard], c))
		}
		d.Stages = append(d.Stages, sv)
	}
	for _, s := range r.Planned {
		d.Planned = append(d.Planned, s.Label()+" from "+s.At.Format("2006-01-02 15:04")+" UTC")
	}
	for _, pm := range r.Incidents {
		il := IncidentLink{Title: pm.Title, Date: pm.Started.Format("2006-01-02 15:04"), Severity: pm.Severity}
		if p := b.postmortemPaths[pm.Path]; p != "" {
			il.URL = relPath(path.Dir(out), p)
		}
		d.Incidents = append(d.Incidents, il)
	}
	for _, rl := range r.Releases {
		v := ReleaseLinkView{Name: rl.Ref.Repo + " " + rl.Ref.Tag}
		if rel := rl.Release; rel != nil {
			v.URL = rel.URL
			if rel.PublishedAt != nil {
				v.Date = rel.PublishedAt.Format("2006-01-02")
			}
		}
		d.Releases = append(d.Releases, v)
	}
	for _, pg := range b.content.Pages {
		if pg.Path == l.Path {
			d.Body = template.HTML(launchRisks(rebase(string(bodyWithoutTitle(pg)), pg.Path, out), b.launchPremortem(l.ID), out))
		}
	}
	var charts []chart.Chart
	if len(r.Stages) > 0 {
		c, note, err := b.rolloutChart(r, out)
		if err != nil {
			return err
		}
		d.Chart, d.ChartNote = &c, note
		charts = append(charts, c)
	}
	b.addPage(&Page{Path: out, Kind: "launch", Data: d, charts: charts,
		Info: PageInfo{Title: l.Title, Section: "launches",
			Description: "Launch of " + l.Flag + ": " + r.StateText() + ".",
			HowCounted:  "Each stage against the baseline before the launch (or the canary cohort against the rest): a breach is a burn rate above 1 where the baseline's was not, or a significantly higher error ratio (z-test, p < 0.05)."}})
	return nil
}

// stateWhy says a launch's state in a sentence.
func stateWhy(r launches.Result) string {
	cur := r.Current()
	switch {
	case cur == nil:
		return "The first stage is " + r.Planned[0].Label() + " from " + r.Planned[0].At.Format("2 January 2006, 15:04") + " UTC."
	case r.State == launches.RolledBack:
		s := "To " + cur.Label() + " on " + cur.At.Format("2 January 2006, 15:04") + " UTC"
		if r.DegradedAt >= 0 {
			st := r.Stages[r.DegradedAt]
			s += ", after breaching a guardrail at " + st.Label() + " (from " + st.At.Format("2 January 15:04") + ")"
		}
		return s + "."
	case r.State == launches.Degraded:
		st := r.Stages[r.DegradedAt]
		return "The " + st.Label() + " stage, from " + st.At.Format("2 January 2006, 15:04") + " UTC, breached " + breachedNames(r, st) + ". Now at " + cur.Label() + "."
	case r.State == launches.Complete:
		return "At 100% since " + cur.At.Format("2 January 2006") + "; no stage breached a guardrail."
	}
	return "At " + cur.Label() + " since " + cur.At.Format("2 January 2006") + "; no stage has breached a guardrail."
}

func breachedNames(r launches.Result, st launches.Stage) string {
	var names []string
	for _, c := range st.Checks {
		if c.Breached {
			names = append(names, r.Guards[c.Guard].Name)
		}
	}
	return strings.Join(names, " and ")
}

func checkView(g launches.Guard, c launches.Check) CheckView {
	v := CheckView{Guard: g.Name, Against: "baseline", Why: c.Why, Verdict: "no verdict", VerdictClass: "no-data"}
	if c.Canary {
		v.Guard += " (canary cohort)"
		v.Against = "rest"
	}
	if c.Decided {
		v.Verdict, v.VerdictClass = "ok", "ok"
		if c.Breached {
			v.Verdict, v.VerdictClass = "breach", "breach"
		}
	}
	if c.Tested {
		v.P = launches.PText(c.P)
	}
	if g.KPI {
		if c.N > 0 {
			v.Value = kpiMean(c.Mean)
		}
		if c.OtherN > 0 {
			v.Other = kpiMean(c.OtherMean)
		}
		return v
	}
	if e, ok := c.Stage.Ratio(); ok {
		v.Value, v.Burn = launches.RatioText(e), fmt.Sprintf("%.2f", c.Burn)
	}
	if e, ok := c.Other.Ratio(); ok {
		v.Other = launches.RatioText(e)
	}
	return v
}

func kpiMean(x float64) string {
	if math.Abs(x) >= 100 {
		return strconv.FormatFloat(math.Round(x), 'f', 0, 64)
	}
	return strconv.FormatFloat(x, 'f', 2, 64)
}

// rolloutChart is the share of users with the flag over time, and each
// guardrail SLO's burn rate under it on the same axis, with the incidents
// and releases of the stretch marked.
func (b *Builder) rolloutChart(r launches.Result, out string) (chart.Chart, string, error) {
	var x []string
	var ts []time.Time
	for t := r.Chart.From.Truncate(r.Step); t.Before(r.Chart.To); t = t.Add(r.Step) {
		ts = append(ts, t)
		x = append(x, t.Format("2006-01-02 15:04"))
	}
	index := func(t time.Time) int { // the step holding t
		i, _ := slices.BinarySearchFunc(ts, t, func(a, t time.Time) int { return a.Compare(t) })
		if i == len(ts) || ts[i].After(t) {
			i--
		}
		return max(i, 0)
	}
	share := make([]float64, len(x))
	for i, t := range ts {
		share[i] = 0
		for _, st := range r.Stages {
			if st.At.After(t.Add(r.Step - 1)) {
				break
			}
			share[i] = math.NaN() // a cohort without a share
			if st.HasPercent {
				share[i] = st.Percent
			}
		}
	}
	var lower []chart.Series
	line := func(name string, pts []model.Point) {
		v := make([]float64, len(x))
		for i := range v {
			v[i] = math.NaN()
		}
		for _, p := range pts {
			v[index(p.T)] = p.V
		}
		lower = append(lower, chart.Series{Name: name, Values: v})
	}
	for _, g := range r.Guards {
		switch {
		case g.Canary:
			line(g.Name+" burn rate, canary", g.CohortBurn)
			line(g.Name+" burn rate, rest", g.RestBurn)
		case g.Burn != nil:
			line(g.Name+" burn rate", g.Burn)
		}
	}
	if len(lower) > 0 {
		one := make([]float64, len(x))
		for i := range one {
			one[i] = 1
		}
		lower = append(lower, chart.Series{Name: "burn rate 1", Values: one, Dashed: true})
	}
	var markers []chart.Marker
	for _, st := range r.Stages {
		// The marker sits on the step holding the stage's start; when
		// that step starts earlier, the label says when.
		m := chart.Marker{X: x[index(st.At)], Label: "stage " + st.Label(), Kind: chart.MarkLaunch}
		if m.X != st.At.Format("2006-01-02 15:04") {
			m.Label += " from " + st.At.Format("15:04")
		}
		markers = append(markers, m)
	}
	for _, pm := range b.rep.Incidents {
		if s := pm.Started; s != nil && !s.Before(r.Chart.From) && s.Before(r.Chart.To) {
			label := s.Format("2006-01-02")
			if pm.Severity != "" {
				label = pm.Severity + " " + label
			}
			m := chart.Marker{X: x[index(*s)], Label: label}
			if p := b.postmortemPaths[pm.Path]; p != "" {
				m.URL = relPath(path.Dir(out), p)
			}
			markers = append(markers, m)
		}
	}
	note := "The share of users with the flag, step by step, from the baseline before the first stage; under it, each guardrail SLO's burn rate per " +
		slo.FormatWindow(r.Step) + " (above the dashed 1, the budget is spent faster than it accrues). Stages and incidents are marked."
	if len(lower) == 0 {
		note = "The share of users with the flag, step by step, from the baseline before the first stage. Stages and incidents are marked."
	}
	spec := chart.Spec{ID: "rollout-" + r.Launch.ID, Title: r.Launch.Title + ": rollout and burn rates", Kind: chart.Line, X: x, YMax: 100,
		YName: "% of users", Decimals: 2, Markers: markers, Zoom: len(x) > 120,
		Series: []chart.Series{{Name: "users with the flag %", Values: share, Step: true, Area: true}},
		Lower:  lower, LowerName: "burn rate", Caption: note}
	if len(lower) == 0 {
		spec.Lower = nil
	}
	c, err := chart.Build(spec)
	return c, note, err
}

func findSLOResult(rep *reports.Reports, name string) (slo.Result, bool) {
	for _, r := range rep.SLOs {
		if strings.EqualFold(r.Name, name) {
			return r, true
		}
	}
	return slo.Result{}, false
}

// sloAnchor and kpiAnchor are the sections of an SLO and a KPI on their pages.
func (b *Builder) sloAnchor(name string) string {
	for i, a := range sloAnchors(b.rep.SLOs) {
		if strings.EqualFold(b.rep.SLOs[i].Name, name) {
			return a
		}
	}
	return ""
}

func (b *Builder) kpiAnchor(name string) string {
	names := make([]string, len(b.rep.KPIs))
	for i, r := range b.rep.KPIs {
		names[i] = r.Name
	}
	for i, a := range slugAnchors("kpi", names) {
		if strings.EqualFold(names[i], name) {
			return a
		}
	}
	return ""
}

// guardedBy are the launches that name an SLO (or a KPI) as a guardrail.
func (b *Builder) guardedBy(name string, isKPI bool) []launches.Result {
	var out []launches.Result
	for _, r := range b.rep.Launches {
		for _, g := range r.Guards {
			if g.KPI == isKPI && strings.EqualFold(g.Name, name) {
				out = append(out, r)
				break
			}
		}
	}
	return out
}

// launchMarkers mark, on a chart of periods of kind k, the stages of the
// launches an SLO or KPI guards: one marker per launch and period, naming
// its stages in it ("sync-engine-v2: 5%, 25%"), linked to the launch.
func (b *Builder) launchMarkers(name string, isKPI bool, k period.Kind, from string) []chart.Marker {
	var out []chart.Marker
	for _, r := range b.guardedBy(name, isKPI) {
		var cur chart.Marker
		for _, st := range r.Stages {
			p := period.Of(k, st.At).String()
			if cur.X != p {
				if cur.X != "" {
					out = append(out, cur)
				}
				cur = chart.Marker{X: p, Label: r.Launch.Flag + ": " + st.Label(), URL: relPath(path.Dir(from), launchPath(r.Launch)), Kind: chart.MarkLaunch}
				continue
			}
			cur.Label += ", " + st.Label()
		}
		if cur.X != "" {
			out = append(out, cur)
		}
	}
	return out
}

// launchMarkersAt mark each stage of the launches an SLO guards on a chart
// whose categories are the sorted instants x ("2006-01-02 15:04"), from
// first on: at the first category at or after the stage's start.
func (b *Builder) launchMarkersAt(name string, x []string, first time.Time, from string) []chart.Marker {
	var out []chart.Marker
	for _, r := range b.guardedBy(name, false) {
		for _, st := range r.Stages {
			if st.At.Before(first) || len(x) == 0 {
				continue
			}
			k := min(sort.SearchStrings(x, st.At.UTC().Format("2006-01-02 15:04")), len(x)-1)
			out = append(out, chart.Marker{X: x[k], Label: r.Launch.Flag + " " + st.Label(), URL: relPath(path.Dir(from), launchPath(r.Launch)), Kind: chart.MarkLaunch})
		}
	}
	return out
}

// launchPremortem is the pre-mortem written in the launch's own document
// (nil when there is none, or no pre-mortems report).
func (b *Builder) launchPremortem(id string) *premortems.Entry {
	if b.rep.Premortems == nil {
		return nil
	}
	for _, e := range b.rep.Premortems.Entries {
		if e.Premortem.FromLaunch && e.Premortem.Launch == id {
			return e
		}
	}
	return nil
}
