// Package launches judges feature-flag rollouts against the SLOs and KPIs
// they must not hurt (METRICS.md, Launches). Per stage (lasting until the
// next stage or as_of) and guardrail SLO: the error ratio during the stage
// and in the baseline (the stretch just before the first stage, as long as
// it and at most 7 days) and the stage's burn rate; where the SLO's metric
// source splits its series by the flag's cohort (a label such as
// variant="canary"), the cohort against the rest over the same stage (a
// canary comparison) instead. A stage breaches a guardrail when its burn
// rate is above 1 while the other's is at most 1, or its error ratio is
// significantly higher (two-proportion z-test, alpha 0.05 one-sided). KPI
// guardrails compare the stage's mean with the baseline's (Welch's test,
// alpha 0.05 one-sided, in the KPI's worse direction).
//
// The events are the SLOs' own (slo.Result.Events, slo.BuildEvents): this
// package counts nothing that package does not. Pure functions: no I/O,
// no clock.
//
// Decisions:
//   - Issue-response SLOs apply: a launch that brings a flood of reports
//     can make the team answer late. Their events are the issues created
//     during a stage, judged at as_of; issues still within their response
//     time are pending and left out, so a recent stage counts few of them.
//     They have no cohorts: no canary comparison.
//   - A stage without events has no verdict and does not breach; nor
//     does one whose baseline had no events (the rule compares the two).
//   - A stage at 0% is not judged (nobody sees the flag), and a stage at
//     100% is judged over its first 7 days only (Stage.Judged): a stage
//     lasts until as_of, and a year at 100% would judge the launch by a
//     year of other changes.
//   - A KPI stage breach counts like an SLO's: the launch is degraded.
//   - State, in this order: planned (no stage before as_of); rolled back (a
//     stage with a lower percent than the stage with a percent before it);
//     degraded at N% (the first stage that breached); complete (the last
//     stage is at 100%); healthy. A launch tried again after a rollback is
//     a new launch document.
//   - "During this launch" runs from the first stage to as_of; for a launch
//     whose last stage is at 0%, to that stage; for one at 100%, to 7 days
//     after it reached 100%. Incidents whose started falls in it are listed,
//     and each guardrail SLO's budget spent is its bad events in it over the
//     budget of the rolling window ending at its end (as the error-budget
//     policy counts an incident's).
package launches

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/vitals-dev/vitals/generator/base/model"
	"github.com/vitals-dev/vitals/generator/compute/kpi"
	"github.com/vitals-dev/vitals/generator/compute/slo"
)

// Alpha is the one-sided significance level of the breach tests.
const Alpha = 0.05

// MaxBaseline bounds the baseline's length.
const MaxBaseline = 7 * 24 * time.Hour

// After100 is how long after reaching 100% an incident is still listed
// as during the launch.
const After100 = 7 * 24 * time.Hour

// State is where a launch stands at as_of.
type State int

const (
	Planned State = iota
	Healthy
	Complete
	RolledBack
	Degraded
)

var stateNames = [...]string{"planned", "healthy", "complete", "rolled back", "degraded"}

func (s State) String() string { return stateNames[s] }

// Input is what launches are judged on: the SLOs as evaluated (their
// events), their specs and the metric series (for canary comparisons and
// KPIs), the postmortems and the store's releases.
type Input struct {
	AsOf        time.Time
	SLOs        []slo.Result
	SLOSpecs    []slo.Spec
	KPIs        []kpi.Spec
	Series      []model.Series
	Postmortems []model.Postmortem
	Releases    []model.Release
}

// Span is a half-open stretch of time [From, To).
type Span struct{ From, To time.Time }

// Result is one launch judged at as_of.
type Result struct {
	Launch model.Launch
	State  State
	// DegradedAt is the index in Stages of the first stage that breached a
	// guardrail, whatever the state (a rolled-back launch has one too); -1
	// when none did.
	DegradedAt int
	// Stages are the stages that started before as_of; Planned the others.
	Stages  []Stage
	Planned []model.Stage
	// Baseline is the stretch just before the first stage, as long as the
	// first stage and at most MaxBaseline.
	Baseline Span
	// During is the stretch "during this launch" (see the package doc).
	During Span
	// Chart is the stretch the rollout chart shows: from the baseline's
	// start to the end of During, and for a launch rolled back to 0% as
	// long again as the baseline after it (did the burning stop?). Step
	// is its step: the shortest of at least the guardrail SLOs' data
	// resolution that gives at most about 200 steps, aligned to multiples
	// of itself from the Unix epoch.
	Chart Span
	Step  time.Duration
	// Guards are the guardrails in the document's order (every SLO by name
	// when it names none); each Stage's Checks are in the same order.
	Guards    []Guard
	Incidents []model.Postmortem // started during the launch, in time order
	Releases  []ReleaseLink
	Notes     []string
}

// Current is the stage the launch is in at as_of; nil when planned.
func (r Result) Current() *Stage {
	if len(r.Stages) == 0 {
		return nil
	}
	return &r.Stages[len(r.Stages)-1]
}

// InProgress reports whether the rollout is under way: started, not
// complete and not rolled back to 0%.
func (r Result) InProgress() bool {
	c := r.Current()
	return c != nil && r.State != Complete && !(c.HasPercent && c.Percent == 0)
}

// StateText says the state in words: "degraded at 25%".
func (r Result) StateText() string {
	if r.State == Degraded {
		return "degraded at " + r.Stages[r.DegradedAt].Label()
	}
	return r.State.String()
}

// Stage is one started stage and its verdict on each guardrail.
type Stage struct {
	model.Stage
	End time.Time // the next stage's start, or as_of
	// Judged is the stretch the verdicts count: the whole stage, but
	// nothing of a stage at 0% (nobody sees the flag) and the first
	// After100 of a stage at 100% (the launch is over by then; later
	// changes are other launches').
	Judged   Span
	Checks   []Check
	Breached bool
}

// Count is the bad and total events over a stretch.
type Count struct{ Bad, Total float64 }

// Ratio is the error ratio; ok is false without events.
func (c Count) Ratio() (float64, bool) {
	if c.Total <= 0 {
		return 0, false
	}
	return c.Bad / c.Total, true
}

// Check is one stage against one guardrail.
type Check struct {
	Guard int // index in Result.Guards
	// Canary: the stage compared the flag's cohort (Stage) with the rest
	// over the same stretch (Other); else the stage with the baseline.
	Canary bool
	// SLO: the events of the stage (or cohort) and of the baseline (or rest).
	Stage, Other Count
	// Burn and OtherBurn are the error ratios over the budget; known only
	// where the counts have events.
	Burn, OtherBurn float64
	// KPI: the means and numbers of points of the stage and the baseline.
	Mean, OtherMean float64
	N, OtherN       int
	// HasData: the stage has events (points). Decided: the check gives a
	// verdict (the stage and what it is compared with have events; for a
	// KPI, the test could be made); Breached is false otherwise.
	HasData, Decided bool
	// Tested: the significance test could be made; Z and P are its
	// statistic and one-sided p-value (that the stage is worse).
	Tested   bool
	Z, P     float64
	Breached bool
	Why      string // one line in plain words
}

// OtherKnown reports whether the baseline (or rest) had events.
func (c Check) OtherKnown() bool {
	if c.OtherN > 0 {
		return true
	}
	_, ok := c.Other.Ratio()
	return ok
}

// Guard is a guardrail of the launch and what the launch did to it.
type Guard struct {
	Name string
	KPI  bool
	// Issues: an issue-response SLO (events are issues).
	Issues bool
	// Budget is B = 1 - target (SLOs).
	Budget float64
	// Spent is the share of the SLO's rolling budget spent during the
	// launch (Result.During); SpentKnown false without events.
	Spent      float64
	SpentKnown bool
	// Canary: the SLO's series split by the launch's canary label.
	Canary bool
	// Burn is the SLO's burn rate over each Result.Step of Result.Chart,
	// stamped at the step's start, for the rollout chart; steps without
	// events are left out. Nil for issue-response SLOs: a few issues a
	// day make no line.
	Burn []model.Point
	// CohortBurn and RestBurn are the same for the canary cohort and the
	// rest, where the SLO's series split by the canary label.
	CohortBurn, RestBurn []model.Point
	// events are the SLO's (and its cohort's and rest's), for the burn series.
	events, cohort, rest *slo.Events
	// Missing says why a guardrail has no figures ("" when it has).
	Missing string
}

// ReleaseLink is a release the launch names, and the store's record of it
// (nil when the store has none).
type ReleaseLink struct {
	Ref     model.ReleaseRef
	Release *model.Release
}

// Compute judges every launch, in the order given.
func Compute(ls []model.Launch, in Input) []Result {
	out := make([]Result, len(ls))
	for i, l := range ls {
		out[i] = compute(l, in)
	}
	return out
}

func compute(l model.Launch, in Input) Result {
	r := Result{Launch: l, DegradedAt: -1}
	for _, s := range l.Stages {
		if s.At.Before(in.AsOf) {
			r.Stages = append(r.Stages, Stage{Stage: s})
		} else {
			r.Planned = append(r.Planned, s)
		}
	}
	r.Releases, r.Notes = releases(l, in.Releases)
	if len(r.Stages) == 0 {
		r.State = Planned
		r.Guards = guardsOf(l, in)
		return r
	}
	for i := range r.Stages {
		st := &r.Stages[i]
		st.End = in.AsOf
		if i+1 < len(r.Stages) {
			st.End = r.Stages[i+1].At
		}
		st.Judged = Span{st.At, st.End}
		switch {
		case st.HasPercent && st.Percent == 0:
			st.Judged.To = st.At
		case st.HasPercent && st.Percent >= 100 && st.End.Sub(st.At) > After100:
			st.Judged.To = st.At.Add(After100)
		}
	}
	first := r.Stages[0]
	r.Baseline = Span{first.At.Add(-min(first.End.Sub(first.At), MaxBaseline)), first.At}
	r.During = during(r.Stages, in.AsOf)
	r.Chart = Span{r.Baseline.From, r.During.To}
	if last := r.Stages[len(r.Stages)-1]; last.HasPercent && last.Percent == 0 {
		r.Chart.To = r.During.To.Add(r.Baseline.To.Sub(r.Baseline.From))
		if r.Chart.To.After(in.AsOf) {
			r.Chart.To = in.AsOf
		}
	}
	r.Guards = guardsOf(l, in)
	for gi := range r.Guards {
		g := &r.Guards[gi]
		if g.Missing != "" {
			continue
		}
		var checks []Check
		if g.KPI {
			checks, g.Missing = kpiChecks(g.Name, r, in)
		} else {
			checks = sloChecks(g, l, r, in)
		}
		for si := range checks {
			checks[si].Guard = gi
			r.Stages[si].Checks = append(r.Stages[si].Checks, checks[si])
		}
	}
	var res time.Duration
	for _, g := range r.Guards {
		if g.events != nil && !g.Issues {
			res = max(res, g.events.Resolution)
		}
	}
	r.Step = chartStep(r.Chart, res)
	for gi := range r.Guards {
		if g := &r.Guards[gi]; g.events != nil && !g.Issues {
			g.Burn = burnSeries(g.events, r.Chart, r.Step, g.Budget)
			if g.Canary {
				g.CohortBurn = burnSeries(g.cohort, r.Chart, r.Step, g.Budget)
				g.RestBurn = burnSeries(g.rest, r.Chart, r.Step, g.Budget)
			}
		}
	}
	for i := range r.Stages {
		for _, c := range r.Stages[i].Checks {
			r.Stages[i].Breached = r.Stages[i].Breached || c.Breached
		}
		if r.Stages[i].Breached && r.DegradedAt < 0 {
			r.DegradedAt = i
		}
	}
	r.State = state(r)
	for _, pm := range in.Postmortems {
		if pm.Started != nil && !pm.Started.Before(r.During.From) && pm.Started.Before(r.During.To) {
			r.Incidents = append(r.Incidents, pm)
		}
	}
	slices.SortStableFunc(r.Incidents, func(a, b model.Postmortem) int {
		if c := a.Started.Compare(*b.Started); c != 0 {
			return c
		}
		return cmp.Compare(a.Path, b.Path)
	})
	return r
}

// during is the stretch "during this launch" (see the package doc).
func during(st []Stage, asOf time.Time) Span {
	last := st[len(st)-1]
	end := asOf
	switch {
	case last.HasPercent && last.Percent == 0:
		end = last.At
	case last.HasPercent && last.Percent >= 100:
		reached := len(st) - 1
		for reached > 0 && st[reached-1].HasPercent && st[reached-1].Percent >= 100 {
			reached--
		}
		end = st[reached].At.Add(After100)
	}
	if end.After(asOf) {
		end = asOf
	}
	return Span{st[0].At, end}
}

func state(r Result) State {
	prev := -1.0
	for _, s := range r.Stages {
		if !s.HasPercent {
			continue
		}
		if prev >= 0 && s.Percent < prev {
			return RolledBack
		}
		prev = s.Percent
	}
	if r.DegradedAt >= 0 {
		return Degraded
	}
	if last := r.Stages[len(r.Stages)-1]; last.HasPercent && last.Percent >= 100 {
		return Complete
	}
	return Healthy
}

// guardsOf lists the launch's guardrails with what is known of each.
func guardsOf(l model.Launch, in Input) []Guard {
	gs := l.Guardrails
	if l.DefaultGuardrails {
		for _, s := range in.SLOs {
			gs = append(gs, model.Guardrail{Name: s.Name})
		}
	}
	out := make([]Guard, len(gs))
	for i, g := range gs {
		out[i] = Guard{Name: g.Name, KPI: g.KPI}
		if g.KPI {
			continue
		}
		res, ok := findSLO(in.SLOs, g.Name)
		if !ok {
			out[i].Missing = "the SLO was not computed"
			continue
		}
		out[i].Budget = 1 - res.Target
		out[i].Issues = res.Issues != nil
	}
	return out
}

func findSLO(rs []slo.Result, name string) (slo.Result, bool) {
	for _, r := range rs {
		if strings.EqualFold(r.Name, name) {
			return r, true
		}
	}
	return slo.Result{}, false
}

func releases(l model.Launch, rels []model.Release) ([]ReleaseLink, []string) {
	var out []ReleaseLink
	var notes []string
	for _, ref := range l.Releases {
		link := ReleaseLink{Ref: ref}
		for i := range rels {
			if strings.EqualFold(rels[i].Repo, ref.Repo) && rels[i].Tag == ref.Tag && !rels[i].Draft {
				link.Release = &rels[i]
				break
			}
		}
		if link.Release == nil {
			notes = append(notes, fmt.Sprintf("release %s@%s is not in the store (not synced yet, or a draft)", ref.Repo, ref.Tag))
		}
		out = append(out, link)
	}
	return out, notes
}

// upperTail is P(Z > z) for a standard normal Z.
func upperTail(z float64) float64 { return 0.5 * math.Erfc(z/math.Sqrt2) }

// TwoProportion is the one-sided two-proportion z-test that the error
// ratio x1/n1 is higher than x2/n2, with the pooled proportion: z and its
// p-value; ok is false when it cannot be made (no events on a side, or
// every event of both good or bad).
func TwoProportion(x1, n1, x2, n2 float64) (z, p float64, ok bool) {
	if n1 <= 0 || n2 <= 0 {
		return 0, 0, false
	}
	pool := (x1 + x2) / (n1 + n2)
	se := math.Sqrt(pool * (1 - pool) * (1/n1 + 1/n2))
	if !(se > 0) {
		return 0, 0, false
	}
	z = (x1/n1 - x2/n2) / se
	return z, upperTail(z), true
}
