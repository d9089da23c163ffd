package pages

import (
	"fmt"
	"html/template"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/vitals-dev/vitals/generator/base/period"
	"github.com/vitals-dev/vitals/generator/compute/experiments"
	"github.com/vitals-dev/vitals/generator/compute/explog"
	"github.com/vitals-dev/vitals/generator/compute/reports"
	"github.com/vitals-dev/vitals/generator/render/chart"
	"github.com/vitals-dev/vitals/generator/render/theme"
)

// experimentsSection: the log (experiments/index.html), one page per
// experiment (experiments/<id>/index.html), experiments.csv, the
// dashboard's card group and the definitions.
var experimentsSection = Section{
	Name:    "experiments",
	Reports: []reports.Report{reports.Experiments, reports.Incidents, reports.Launches},
	Pages:   (*Builder).experiments,
}

// experiments adds the log, a page per experiment and experiments.csv.
func (b *Builder) experiments() error {
	log := b.rep.Experiments
	if log == nil || len(log.Experiments) == 0 {
		return nil
	}
	if err := b.experimentPages(); err != nil {
		return err
	}
	return b.addFile("data/experiments.csv", func(w io.Writer) error { return explog.WriteCSV(w, log) })
}

// ExperimentsData is the log page's data.
type ExperimentsData struct {
	Summary  string
	Quarters []ExpQuarter
	Rows     []ExpLogRow
	Planned  []ExpLogRow
}

// ExpQuarter is one quarter's decided experiments.
type ExpQuarter struct {
	Quarter, Decided, Won, Share string
	Disagreements                int
}

// ExpLogRow is one experiment in the log.
type ExpLogRow struct {
	Path, Title, Hypothesis string
	Started, StartedSort    string
	Ended                   string
	Verdict                 string // won, lost, inconclusive, invalid, running, planned
	Effect                  string // the primary's relative change (or difference), plain
	EffectClass             string // good, bad, flat
	EffectNote              string // "interim", "no result", ""
	// EffectWord says the colour of EffectClass in words ("better",
	// "worse"; "" when neutral): never colour alone.
	EffectWord string
	Decision   string
	Disagrees  string
}

// ExperimentData is one experiment's page data.
type ExperimentData struct {
	Verdict, VerdictText string
	Window               string
	Hypothesis           string
	Decision, Disagrees  string
	Running              bool
	RunningNote          string
	Invalid              bool
	InvalidNote          string
	// Units per variant and the sample ratio check.
	Variants   []ExpVariantRow
	SRMText    string
	SRMOK      bool
	Exclusions []ExpExclusion
	Counted    string
	// Treatments' verdicts in words; Level the interval's confidence.
	Treatments []ExpTreatment
	Level      string
	Axis       string // the bars' axis: "-20% to +20%"
	Groups     []ExpMetricGroup
	Cumulative []chart.Chart
	Incidents  []ExpIncident
	SLOs       []ExpSLO
	// Launches are the rollouts that name this experiment.
	Launches []ExpLaunch
	Body     template.HTML
	CSV      string
}

// ExpVariantRow is one variant's units against its intended share.
type ExpVariantRow struct {
	Name, Units, Share, Expected, Intended string
}

// ExpExclusion is one reason units or rows were left out.
type ExpExclusion struct {
	What, Count string
}

// ExpTreatment is one treatment's verdict.
type ExpTreatment struct {
	Variant, Verdict, Why string
}

// ExpMetricGroup is the primary metric, the guardrails or the others.
type ExpMetricGroup struct {
	Title, Note string
	Rows        []ExpMetricRow
}

// ExpMetricRow is one metric in one treatment against the control.
type ExpMetricRow struct {
	Metric, Direction, Variant string
	First, Span                bool // the metric's first row, and its row count (rowspan)
	RowSpan                    int
	Control, Treatment         string // means
	ControlN, TreatmentN       string
	Diff, DiffCI               string
	Lift, LiftCI               string
	P, MDE                     string
	Class                      string // good, bad, flat: significant the desired way, the other, not
	Verdict                    string // "better", "worse", "no significant change", "not enough data"
	Bar                        *IntervalBar
}

// IntervalBar is an effect's interval as positions (0..100) on the page's
// shared axis of relative change, for an inline SVG.
type IntervalBar struct {
	Lo, Width, Point, Zero string
	Label                  string
	Class                  string
}

// ExpSLO is one SLO over the experiment's window.
type ExpSLO struct {
	Name, SLI, Target, Burn string
	Class                   string // "bad" when the burn rate is above 1
}

// ExpLaunch is a launch that rolled out what the experiment tested.
type ExpLaunch struct {
	Path, Title, State string
}

// ExpIncident is a postmortem that started while the experiment ran.
type ExpIncident struct {
	Path, Title, Date string
}

var experimentDefs = DefSection{ID: "experiments", Title: "Experiments", Items: []Def{
	{"experiment", "Experiment", "Units (users, accounts) assigned at random to variants, compared on metrics. Each is a document in content/experiments whose front matter names its data, control, intended shares (weights), the primary metric with the direction wanted, guardrails, the window [start, end) and alpha (default 0.05), and whose text says the hypothesis and what was learned."},
	{"exclusions", "Who counts", "Per unit, in this order: rows exposed outside [start, end) or at or after the data's as-of time are left out; a unit seen in more than one variant is left out of all; a unit repeated in one variant counts once, its first row in the file; a unit with an empty cell is left out of that metric only. Rows that cannot be read are skipped and counted; more than 10% of them is an error."},
	{"srm", "Sample ratio mismatch", "Pearson's chi-square of the units per variant against the intended shares, with k - 1 degrees of freedom. Below p = 0.001 the assignment or its logging is broken: the experiment is invalid and its effects are no result."},
	{"effect", "Difference, relative change and interval", "Per variant and metric: n, mean (for a yes/no metric, the rate) and sample variance (n - 1). Difference D = treatment mean - control mean, SE = sqrt(s_t²/n_t + s_c²/n_c); relative change L = m_t/m_c - 1, its SE by the delta method. Intervals D ± z* SE and L ± z* SE_L, z* the normal quantile at 1 - alpha'/2 with alpha' = alpha / treatments (Bonferroni); guardrails use the same alpha'. Significant when the two-sided p-value of D/SE is below alpha', which is exactly when D's interval leaves out 0."},
	{"mde", "Minimum detectable effect", "(z* + 0.841621) SE: the difference the experiment would have found four times in five (80% power). An inconclusive result with a large MDE says the experiment was too small to see the effect hoped for, not that there is none."},
	{"verdict", "Verdict", "Invalid: a sample ratio mismatch. Running: its end is after the data's as-of time; its figures are interim, and stopping when they first look significant finds effects that are not there far more often than alpha. Won: the primary metric moved significantly the desired way and no guardrail got significantly worse. Lost: the primary moved significantly the wrong way, or a guardrail got significantly worse. Inconclusive otherwise. With several treatments each has its verdict; the experiment won if one won, else lost if one lost."},
	{"decision", "Decision against verdict", "Shipped without a win, rolled back a winner, or decided before the end is flagged in the log. Per quarter of the end: the experiments ended with a decision, and the share of them that won."},
	{"cumulative", "The effect as it built up", "With exposure times, the primary metric's difference and interval on the units exposed up to the end of each UTC day. Each day is another look at the data: only the last one has the confidence its interval states."},
}}

// experimentPages adds the log and one page per experiment.
func (b *Builder) experimentPages() error {
	log := b.rep.Experiments
	bodies := map[string]*contentPage{}
	for _, pg := range b.content.Pages {
		bodies[pg.Path] = &contentPage{pg.Body, pg.Path}
	}
	data := &ExperimentsData{}
	counts := map[experiments.Verdict]int{}
	for _, e := range log.Experiments {
		counts[e.Verdict]++
		row := logRow(e)
		if e.Result == nil {
			data.Planned = append(data.Planned, row)
		} else {
			data.Rows = append(data.Rows, row)
		}
		out := experimentPath(e.Doc.ID)
		if b.hasPage(out) {
			b.out.Errors = append(b.out.Errors, e.Doc.Errorf("data", "its page %s collides with another page; rename the file", out))
			continue
		}
		d, charts, err := b.experimentPage(e, bodies[e.Doc.Path], out)
		if err != nil {
			return err
		}
		b.addPage(&Page{Path: out, Kind: "experiment", Data: d, charts: charts,
			Info: PageInfo{Title: e.Doc.Title, Section: "experiments", Description: e.Doc.Hypothesis,
				HowCounted: "Units after the exclusions listed; intervals at the confidence stated, Bonferroni-corrected over the treatments; a verdict needs the primary metric's interval to leave out zero."}})
	}
	for _, q := range log.Quarters {
		data.Quarters = append(data.Quarters, ExpQuarter{Quarter: q.Quarter.String(), Decided: strconv.Itoa(q.Decided),
			Won: strconv.Itoa(q.Won), Share: fmt.Sprintf("%.0f%%", 100*q.WonShare), Disagreements: q.Disagreements})
	}
	data.Summary = logSummary(len(log.Experiments), counts)
	b.addPage(&Page{Path: "experiments/index.html", Kind: "experiments", Data: data,
		Info: PageInfo{Title: "Experiments", Section: "experiments", Description: data.Summary,
			HowCounted: "Verdicts as the experiment pages state them; quarters by the experiment's end; a decision is flagged where it disagrees with the verdict."}})
	b.nav1("Experiments", "experiments/index.html", "experiments")
	b.addDefs(experimentDefs)
	b.experimentCards(log)
	return nil
}

type contentPage struct {
	Body template.HTML
	Path string
}

func experimentPath(id string) string { return "experiments/" + id + "/index.html" }

var verdictOrder = []experiments.Verdict{experiments.Won, experiments.Lost, experiments.Inconclusive, experiments.Invalid, experiments.Running, explog.Planned}

func logSummary(n int, counts map[experiments.Verdict]int) string {
	var parts []string
	for _, v := range verdictOrder {
		if c := counts[v]; c > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", c, v))
		}
	}
	return fmt.Sprintf("%s: %s.", plural(n, "experiment"), strings.Join(parts, ", "))
}

// logRow is an experiment's line in the log: the primary metric's best
// treatment (the first, with one treatment).
func logRow(e explog.Experiment) ExpLogRow {
	d := e.Doc
	row := ExpLogRow{Path: experimentPath(d.ID), Title: d.Title, Hypothesis: d.Hypothesis, Verdict: string(e.Verdict),
		Decision: d.Decision, Disagrees: e.Disagrees}
	if !d.Start.IsZero() {
		row.Started, row.StartedSort = d.Start.Format("2 Jan 2006"), d.Start.Format(time.RFC3339)
	}
	if !d.End.IsZero() {
		row.Ended = d.End.Add(-time.Nanosecond).Format("2 Jan 2006")
	}
	r := e.Result
	if r == nil {
		return row
	}
	pm := r.Metrics[0]
	best := -1
	for i, x := range pm.Effects {
		if x.OK && (best < 0 || pm.Better(x) && (!pm.Better(pm.Effects[best]) || math.Abs(x.Z) > math.Abs(pm.Effects[best].Z))) {
			best = i
		}
	}
	if best < 0 {
		row.Effect = "not enough data"
		return row
	}
	x := pm.Effects[best]
	row.Effect = pm.Name + " " + effectText(pm, x)
	if len(pm.Effects) > 1 {
		row.Effect = r.Variants[best+1].Name + ": " + row.Effect
	}
	row.EffectClass = effectClass(pm.Metric, x)
	switch e.Verdict {
	case experiments.Running:
		row.EffectNote = "interim"
	case experiments.Invalid:
		row.EffectNote, row.EffectClass = "no result", "flat"
	}
	row.EffectWord = map[string]string{"good": "better", "bad": "worse"}[row.EffectClass]
	return row
}

// effectText is the change in words: for a rate in points and relative,
// else relative (or the difference where there is no relative change).
func effectText(m experiments.MetricResult, x experiments.Effect) string {
	switch {
	case m.Binary && x.LiftOK:
		return diffText(true, x.Diff) + " (" + signedPct(x.Lift, 1) + ")"
	case x.LiftOK:
		return signedPct(x.Lift, 1)
	}
	return diffText(m.Binary, x.Diff)
}

func effectClass(m experiments.Metric, x experiments.Effect) string {
	switch {
	case !x.OK || !x.Significant:
		return "flat"
	case m.Better(x):
		return "good"
	}
	return "bad"
}

// experimentPage is one experiment's page data.
func (b *Builder) experimentPage(e explog.Experiment, body *contentPage, out string) (*ExperimentData, []chart.Chart, error) {
	d := e.Doc
	data := &ExperimentData{Verdict: string(e.Verdict), Hypothesis: d.Hypothesis, Decision: d.Decision, Disagrees: e.Disagrees,
		CSV: "data/experiments.csv"}
	if body != nil {
		data.Body = template.HTML(rebase(string(body.Body), body.Path, out))
		data.Body = template.HTML(dropTitle(string(data.Body), d.Title))
	}
	data.Window = window(d.Start, d.End, b.asOf)
	r := e.Result
	switch e.Verdict {
	case explog.Planned:
		data.VerdictText = "Planned: not started yet, so there are no figures."
		return data, nil, nil
	case experiments.Running:
		data.Running = true
		until := "its end is not set"
		if !d.End.IsZero() {
			until = "it runs until " + d.End.Add(-time.Nanosecond).Format("2 January 2006")
		}
		data.RunningNote = fmt.Sprintf("Still running: %s. These are interim figures. Looking at them every day and stopping the first time one looks significant finds effects that are not there far more often than %s; decide after the end.", until, pctOf(r.Alpha))
	case experiments.Invalid:
		data.Invalid = true
	}
	data.VerdictText = verdictText(e)

	// Units per variant and the sample ratio check, first.
	for _, v := range r.Variants {
		data.Variants = append(data.Variants, ExpVariantRow{Name: v.Name, Units: theme.Num(int(v.Units)),
			Share: sharePct(float64(v.Units), sumUnits(r)), Intended: sharePct(v.Share, 1), Expected: theme.Num(int(math.Round(v.Expected)))})
	}
	data.SRMOK = !r.SRM.Mismatch
	data.SRMText = srmText(r)
	if data.Invalid {
		data.InvalidNote = fmt.Sprintf("Sample ratio mismatch: the units per variant do not match the intended shares (p = %s, below %s). The assignment or its logging is broken, so the effects below are no result, however they look.",
			pText(r.SRM.P), short(experiments.SRMThreshold))
	}
	data.Exclusions, data.Counted = exclusions(e)

	// Effects.
	data.Level = fmt.Sprintf("%s intervals", pctOf(1-r.AlphaPrime))
	if len(r.Treatments) > 1 {
		data.Level += fmt.Sprintf(" (alpha %s split over %d treatments)", short(r.Alpha), len(r.Treatments))
	}
	for _, t := range r.Treatments {
		v := string(t.Verdict)
		why := t.Why
		if t.Verdict == experiments.Running {
			v = "running"
			why = "interim: " + string(t.Interim) + " so far (" + t.Why + ")"
		}
		data.Treatments = append(data.Treatments, ExpTreatment{Variant: t.Variant, Verdict: v, Why: why})
	}
	scale := liftScale(r)
	data.Axis = signedPct(-scale, 0) + " to " + signedPct(scale, 0)
	groups := []struct {
		role        experiments.Role
		title, note string
	}{
		{experiments.Primary, "Primary metric", "Decides the verdict."},
		{experiments.Guardrail, "Guardrails", "Must not get significantly worse."},
		{experiments.Secondary, "Other metrics", "Shown to learn from; they decide nothing."},
	}
	for _, g := range groups {
		grp := ExpMetricGroup{Title: g.title, Note: g.note}
		for _, m := range r.Metrics {
			if m.Role != g.role {
				continue
			}
			for i, x := range m.Effects {
				grp.Rows = append(grp.Rows, metricRow(r, m, i, x, scale, i == 0))
			}
		}
		if len(grp.Rows) > 0 {
			data.Groups = append(data.Groups, grp)
		}
	}

	// The effect as it built up.
	var charts []chart.Chart
	if len(r.Cumulative) > 1 && !data.Invalid { // an invalid experiment's effects are no result
		c, err := cumulativeChart(d.ID, r, b.asOf)
		if err != nil {
			return nil, nil, err
		}
		charts = append(charts, c)
		data.Cumulative = charts
	}

	// Incidents while it ran: what else moved the metrics.
	end := d.End
	if end.IsZero() || end.After(b.asOf) {
		end = b.asOf
	}
	for _, x := range b.rep.Incidents {
		if x.Started != nil && !x.Started.Before(d.Start) && x.Started.Before(end) {
			data.Incidents = append(data.Incidents, ExpIncident{Path: b.postmortemPaths[x.Path], Title: x.Title, Date: x.Started.Format("2 Jan 2006")})
		}
	}
	for _, l := range b.rep.Launches {
		if l.Launch.Experiment == d.ID {
			data.Launches = append(data.Launches, ExpLaunch{Path: launchPath(l.Launch), Title: l.Launch.Title, State: l.StateText()})
		}
	}
	// Service levels over the same window: did the error budget pay for it?
	for _, w := range e.SLOs {
		x := ExpSLO{Name: w.Name, Target: sloPct(w.Target), SLI: "no data", Burn: ""}
		if w.HasData {
			x.SLI = sloPct(w.SLI)
			x.Burn = strconv.FormatFloat(w.BurnRate, 'f', 2, 64) + "×"
			if w.BurnRate > 1 {
				x.Class = "bad"
			}
		}
		data.SLOs = append(data.SLOs, x)
	}
	return data, charts, nil
}

func sumUnits(r *experiments.Result) float64 {
	t := 0.0
	for _, v := range r.Variants {
		t += float64(v.Units)
	}
	return t
}

func sharePct(n, total float64) string {
	if total == 0 {
		return "n/a"
	}
	return fmt.Sprintf("%.1f%%", 100*n/total)
}

// window is "3 Feb – 2 Mar 2025 (28 days)" with the last day the end's eve.
func window(start, end, asOf time.Time) string {
	if start.IsZero() {
		return "not started"
	}
	so := int(math.Round(asOf.Sub(start).Hours() / 24))
	if end.IsZero() {
		return fmt.Sprintf("from %s, no end set (%s so far)", start.Format("2 January 2006"), plural(so, "day"))
	}
	last := end.Add(-time.Nanosecond)
	days := int(math.Round(end.Sub(start).Hours() / 24))
	if end.After(asOf) {
		return fmt.Sprintf("%s to %s: day %d of %d", start.Format("2 January 2006"), last.Format("2 January 2006"), so, days)
	}
	return fmt.Sprintf("%s to %s (%s)", start.Format("2 January 2006"), last.Format("2 January 2006"), plural(days, "day"))
}

// verdictText says the verdict in a sentence; the callouts say it for
// running and invalid experiments. An inconclusive one says what it could
// have detected: no significant change is not no change.
func verdictText(e explog.Experiment) string {
	r := e.Result
	pm := r.Metrics[0]
	switch e.Verdict {
	case experiments.Invalid, experiments.Running:
		return ""
	case experiments.Won:
		return "Won: " + pm.Name + " moved significantly the desired way, and no guardrail got significantly worse."
	case experiments.Lost:
		return "Lost: " + firstWhy(r, experiments.Lost) + "."
	}
	var parts []string
	for t, x := range pm.Effects {
		if !x.OK {
			continue
		}
		p := fmt.Sprintf("%s moved %s (interval %s to %s), not significantly, where this experiment could only detect a change of %s",
			pm.Name, diffText(pm.Binary, x.Diff), diffText(pm.Binary, x.DiffLow), diffText(pm.Binary, x.DiffHigh), mdeText(pm, x))
		if len(pm.Effects) > 1 {
			p = r.Variants[t+1].Name + ": " + p
		}
		parts = append(parts, p)
	}
	if len(parts) == 0 {
		return "Inconclusive: too few values of " + pm.Name + " to compare."
	}
	return "Inconclusive: " + strings.Join(parts, "; ") + ". A smaller change would go unseen: no significant change is not the same as no change."
}

// mdeText is the minimum detectable effect: "±4.0 pts (±9.8%)".
func mdeText(m experiments.MetricResult, x experiments.Effect) string {
	s := "±" + strings.TrimPrefix(diffText(m.Binary, x.MDE), "+")
	if !math.IsNaN(x.RelMDE) {
		s += " (±" + strings.TrimPrefix(signedPct(x.RelMDE, 1), "+") + ")"
	}
	return s
}

func firstWhy(r *experiments.Result, v experiments.Verdict) string {
	for _, t := range r.Treatments {
		if t.Verdict == v {
			return t.Why
		}
	}
	return string(v)
}

func srmText(r *experiments.Result) string {
	if math.IsNaN(r.SRM.P) {
		return "Sample ratio check: no units to check."
	}
	verdict := "the split matches the intended shares."
	if r.SRM.Mismatch {
		verdict = fmt.Sprintf("below %s: the split does not match the intended shares.", short(experiments.SRMThreshold))
	}
	df := "1 degree of freedom"
	if r.SRM.DF != 1 {
		df = strconv.Itoa(r.SRM.DF) + " degrees of freedom"
	}
	return fmt.Sprintf("chi-square %s on %s, p = %s: %s", short(round(r.SRM.Chi2, 2)), df, pText(r.SRM.P), verdict)
}

// exclusions lists what was left out of a per-unit file, and what counted.
func exclusions(e explog.Experiment) ([]ExpExclusion, string) {
	c := e.Counts
	r := e.Result
	if c == nil {
		return nil, fmt.Sprintf("%s from the per-variant summary.", plural(int(sumUnits(r)), "unit"))
	}
	var out []ExpExclusion
	// add words n things: what1 for one, what for more.
	add := func(n int64, what1, what string) {
		switch {
		case n == 1:
			out = append(out, ExpExclusion{What: what1, Count: "1"})
		case n > 1:
			out = append(out, ExpExclusion{What: what, Count: theme.Num(int(n))})
		}
	}
	add(c.BadRows, "row that could not be read (skipped)", "rows that could not be read (skipped)")
	add(c.OutsideWindow, "row exposed outside the experiment's window", "rows exposed outside the experiment's window")
	add(c.AfterAsOf, "row exposed after the data's as-of time", "rows exposed after the data's as-of time")
	add(c.SeveralVariants, fmt.Sprintf("unit seen in more than one variant (%s), left out of all", plural(int(c.SeveralVariantsRows), "row")),
		fmt.Sprintf("units seen in more than one variant (%s), left out of all", plural(int(c.SeveralVariantsRows), "row")))
	add(c.RepeatedRows, fmt.Sprintf("later row of %s repeated in its variant (its first row counts)", plural(int(c.RepeatedUnits), "unit")),
		fmt.Sprintf("later rows of %s repeated in their variant (the first row counts)", plural(int(c.RepeatedUnits), "unit")))
	for j, m := range e.Doc.MetricNames() {
		if j < len(c.Empty) {
			add(c.Empty[j], "unit with no value of "+m+" (left out of it only)", "units with no value of "+m+" (left out of it only)")
		}
		if j < len(c.BadValues) {
			add(c.BadValues[j], "unit whose "+m+" could not be read (left out of it only)", "units whose "+m+" could not be read (left out of it only)")
		}
	}
	return out, fmt.Sprintf("%s read, %s counted.", plural(int(c.Rows), "row"), plural(int(c.Units), "unit"))
}

// liftScale is the half-width of the page's shared axis of relative
// change: the largest bound of any interval, rounded up to a step, so
// that every metric's bar is drawn on the same axis.
func liftScale(r *experiments.Result) float64 {
	m := 0.0
	for _, mr := range r.Metrics {
		for _, x := range mr.Effects {
			if x.OK && x.LiftOK {
				m = math.Max(m, math.Max(math.Abs(x.LiftLow), math.Abs(x.LiftHigh)))
			}
		}
	}
	for _, s := range []float64{0.01, 0.02, 0.03, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10} {
		if m <= s {
			return s
		}
	}
	return m
}

func metricRow(r *experiments.Result, m experiments.MetricResult, t int, x experiments.Effect, scale float64, first bool) ExpMetricRow {
	c, tr := m.Stats[0], m.Stats[t+1]
	row := ExpMetricRow{Metric: m.Name, Variant: r.Variants[t+1].Name, First: first, RowSpan: len(m.Effects),
		Control: meanText(m.Binary, c), Treatment: meanText(m.Binary, tr), Direction: "higher is better",
		ControlN: "n " + theme.Num(int(c.N)), TreatmentN: theme.Num(int(tr.N))}
	if m.Down {
		row.Direction = "lower is better"
	}
	if !x.OK {
		row.Verdict, row.Class = "not enough data", "flat"
		return row
	}
	row.Diff = diffText(m.Binary, x.Diff)
	row.DiffCI = "[" + strings.TrimSuffix(diffText(m.Binary, x.DiffLow), " pts") + ", " + diffText(m.Binary, x.DiffHigh) + "]"
	row.P = pText(x.P)
	row.MDE = mdeText(m, x)
	row.Class = effectClass(m.Metric, x)
	switch row.Class {
	case "good":
		row.Verdict = "better"
	case "bad":
		row.Verdict = "worse"
	default:
		row.Verdict = "no significant change"
	}
	if x.LiftOK {
		row.Lift = signedPct(x.Lift, 1)
		row.LiftCI = "[" + signedPct(x.LiftLow, 1) + ", " + signedPct(x.LiftHigh, 1) + "]"
		pos := func(v float64) float64 { return math.Max(0, math.Min(100, 50+50*v/scale)) }
		f := func(v float64) string { return strconv.FormatFloat(v, 'f', 2, 64) }
		lo, hi := pos(x.LiftLow), pos(x.LiftHigh)
		row.Bar = &IntervalBar{Lo: f(lo), Width: f(math.Max(hi-lo, 0.5)), Point: f(pos(x.Lift)), Zero: "50", Class: row.Class,
			Label: fmt.Sprintf("%s: %s, interval %s to %s; the axis runs from %s to %s", row.Variant, row.Lift,
				signedPct(x.LiftLow, 1), signedPct(x.LiftHigh, 1), signedPct(-scale, 0), signedPct(scale, 0))}
	}
	return row
}

// meanText is a variant's mean (a rate for yes/no metrics).
func meanText(binary bool, s experiments.Stat) string {
	if s.N == 0 {
		return "no values"
	}
	if binary {
		return fmt.Sprintf("%.1f%%", 100*s.Mean)
	}
	return fmtNum(s.Mean)
}

// diffText is a difference: percentage points for rates.
func diffText(binary bool, d float64) string {
	if binary {
		return fmt.Sprintf("%+.1f pts", 100*d)
	}
	s := fmtNum(d)
	if d >= 0 {
		s = "+" + s
	}
	return s
}

func signedPct(v float64, decimals int) string {
	return fmt.Sprintf("%+.*f%%", decimals, 100*v)
}

// pctOf writes a share as a percentage without trailing zeros: 95%, 97.5%.
func pctOf(v float64) string { return short(round(100*v, 3)) + "%" }

// pText writes a p-value with two significant digits, small ones as
// "< 0.0001" (unbroken).
func pText(p float64) string {
	switch {
	case math.IsNaN(p):
		return ""
	case p < 0.0001:
		return "<\u00a00.0001"
	case p >= 0.1:
		return strconv.FormatFloat(p, 'f', 2, 64)
	}
	return strconv.FormatFloat(p, 'g', 2, 64)
}

func round(v float64, decimals int) float64 {
	f := math.Pow(10, float64(decimals))
	return math.Round(v*f) / f
}

// fmtNum writes a mean or difference with digits that matter at its size.
func fmtNum(v float64) string {
	a := math.Abs(v)
	switch {
	case a >= 1000:
		s := theme.Num(int(math.Abs(math.Round(v))))
		if v < 0 {
			s = "-" + s
		}
		return s
	case a >= 100:
		return strconv.FormatFloat(v, 'f', 1, 64)
	case a >= 1:
		return strconv.FormatFloat(v, 'f', 2, 64)
	case a == 0:
		return "0"
	}
	return strconv.FormatFloat(v, 'g', 3, 64)
}

// cumulativeChart is the primary metric's difference and interval by day;
// a day that ends after asOf is drawn apart as the day to date.
func cumulativeChart(id string, r *experiments.Result, asOf time.Time) (chart.Chart, error) {
	pm := r.Metrics[0]
	scale, unit := 1.0, ""
	if pm.Binary {
		scale, unit = 100, "pts"
	}
	var x []string
	for _, p := range r.Cumulative {
		x = append(x, p.End.Add(-time.Nanosecond).Format("2006-01-02"))
	}
	var series []chart.Series
	for t := range r.Treatments {
		name := r.Variants[t+1].Name
		d, lo, hi := make([]float64, len(x)), make([]float64, len(x)), make([]float64, len(x))
		for i, p := range r.Cumulative {
			e := p.Effects[t]
			d[i], lo[i], hi[i] = math.NaN(), math.NaN(), math.NaN()
			if e.OK {
				d[i], lo[i], hi[i] = scale*e.Diff, scale*e.DiffLow, scale*e.DiffHigh
			}
		}
		series = append(series, chart.Series{Name: name + ": difference", Values: d},
			chart.Series{Name: name + ": interval low", Values: lo, Dashed: true, Bound: true},
			chart.Series{Name: name + ": interval high", Values: hi, Dashed: true, Bound: true})
	}
	decimals := 2
	if !pm.Binary {
		decimals = 3
	}
	return chart.Build(chart.Spec{ID: "exp-" + anchor(id) + "-cumulative", Title: pm.Name + ": difference from control, on the units exposed so far",
		Kind: chart.Line, X: x, Series: series, YName: unit, Unit: unit, Decimals: decimals,
		Partial: !asOf.IsZero() && r.Cumulative[len(r.Cumulative)-1].End.After(asOf),
		Caption: "Each day is another look at the data; only the last day's interval has the confidence it states. An interval that leaves zero for a day and comes back is the reason not to stop early."})
}

// dropTitle drops a leading <h1> that repeats the title (the page shows it).
func dropTitle(body, title string) string {
	t := strings.TrimLeft(body, " \n")
	end := strings.Index(t, "</h1>")
	if !strings.HasPrefix(t, "<h1") || end < 0 {
		return body
	}
	if gt := strings.IndexByte(t, '>'); gt < end && strings.EqualFold(strings.TrimSpace(template.HTMLEscapeString(title)), strings.TrimSpace(t[gt+1:end])) {
		return strings.TrimLeft(t[end+len("</h1>"):], "\n")
	}
	return body
}

// experimentCards is the dashboard's group: experiments running, and the
// share won of those decided in the last four quarters.
func (b *Builder) experimentCards(log *explog.Log) {
	running, decided, won, disagree := 0, 0, 0, 0
	for _, e := range log.Experiments {
		if e.Verdict == experiments.Running {
			running++
		}
	}
	for i, q := range log.Quarters {
		if i >= 4 || !q.Quarter.End().After(b.asOf.AddDate(-1, 0, 0)) {
			break
		}
		decided += q.Decided
		won += q.Won
		disagree += q.Disagreements
	}
	g := CardGroup{Title: "Experiments", How: "how-we-count/index.html#experiments",
		Note: "Running now, and the experiments that ended with a decision in the last 12 months."}
	g.Cards = append(g.Cards, Card{Title: "Running", Value: strconv.Itoa(running), Link: "experiments/index.html"})
	share := "n/a"
	if decided > 0 {
		share = fmt.Sprintf("%.0f%%", 100*float64(won)/float64(decided))
	}
	g.Cards = append(g.Cards, Card{Title: "Won", Value: share, Link: "experiments/index.html",
		Note: fmt.Sprintf("%d of %s decided", won, plural(decided, "experiment"))})
	if disagree > 0 {
		g.Cards = append(g.Cards, Card{Title: "Decisions against the verdict", Value: strconv.Itoa(disagree), State: "warning", Link: "experiments/index.html"})
	}
	b.groups = append(b.groups, g)
}

// reviewExperiments are the experiments that ended in quarter q.
func reviewExperiments(log *explog.Log, q period.P) []ExpLogRow {
	if log == nil {
		return nil
	}
	var out []ExpLogRow
	for _, e := range log.Experiments {
		if e.EndedIn(q) {
			out = append(out, logRow(e))
		}
	}
	return out
}

// short writes a number without trailing zeros: 0.001, 97.5.
func short(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
