package launches

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/vitals-dev/vitals/generator/base/model"
	"github.com/vitals-dev/vitals/generator/compute/issuestats"
	"github.com/vitals-dev/vitals/generator/compute/kpi"
	"github.com/vitals-dev/vitals/generator/compute/slo"
)

// Day 0 of every fixture.
var d0 = time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)

func day(n float64) time.Time { return d0.Add(time.Duration(n * 24 * float64(time.Hour))) }

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

// requests is an hourly Prometheus-like export from day -10 to day 10:
// 2xx and 5xx series whose values sum to total an hour, bad(t) of them 5xx;
// labels (variant="canary") are added to both when given.
func requests(total float64, bad func(time.Time) float64, extra map[string]string) []model.Series {
	mk := func(code string) model.Series {
		labels := map[string]string{"__name__": "http_requests", "code": code}
		name := `api:http_requests{code="` + code + `"`
		for k, v := range extra {
			labels[k] = v
			name += `,` + k + `="` + v + `"`
		}
		return model.Series{Name: name + "}", Labels: labels}
	}
	ok, errs := mk("2xx"), mk("5xx")
	for t := day(-10); t.Before(day(10)); t = t.Add(time.Hour) {
		b := bad(t)
		if b < 0 { // no traffic of these series at t
			continue
		}
		ok.Points = append(ok.Points, model.Point{T: t, V: total - b})
		errs.Points = append(errs.Points, model.Point{T: t, V: b})
	}
	return []model.Series{ok, errs}
}

func selector(t *testing.T, s string) *model.Selector {
	t.Helper()
	x, err := model.ParseSelector(s)
	if err != nil {
		t.Fatal(err)
	}
	return &x
}

// availability is an occurrences SLO over requests: target 99% (B = 0.01).
func availability(t *testing.T) slo.Spec {
	return slo.Spec{Name: "API availability", Target: 0.99, Window: 30 * 24 * time.Hour,
		Total: selector(t, "api"), Bad: selector(t, "api:code=5xx")}
}

// input evaluates the specs over the series at asOf, as the build does.
func input(t *testing.T, asOf time.Time, series []model.Series, specs ...slo.Spec) Input {
	t.Helper()
	in := Input{AsOf: asOf, Series: series, SLOSpecs: specs}
	for _, s := range specs {
		r, err := slo.Compute(s, series, asOf)
		if err != nil {
			t.Fatal(err)
		}
		in.SLOs = append(in.SLOs, r)
	}
	return in
}

func stage(at time.Time, pct float64) model.Stage {
	return model.Stage{At: at, Percent: pct, HasPercent: true}
}

func launch(stages ...model.Stage) model.Launch {
	return model.Launch{ID: "l", Flag: "f", Stages: stages, DefaultGuardrails: true}
}

// One error an hour of 1000 requests (error ratio 0.1%, burn rate 0.1),
// and errPerHour from day 1 on.
func steady(errPerHour float64) func(time.Time) float64 {
	return func(t time.Time) float64 {
		if !t.Before(day(1)) && t.Before(day(2)) {
			return errPerHour
		}
		return 1
	}
}

func TestTwoProportionByHand(t *testing.T) {
	// 30 of 1000 against 10 of 1000: pooled p = 40/2000 = 0.02,
	// SE = sqrt(0.02 × 0.98 × (1/1000 + 1/1000)) = sqrt(0.0000392) = 0.0062610,
	// z = (0.03 - 0.01) / 0.0062610 = 3.1944, one-sided p = 1 - Φ(3.1944) = 0.00070.
	z, p, ok := TwoProportion(30, 1000, 10, 1000)
	if !ok || !near(z, 3.1944, 1e-4) || !near(p, 0.00070065, 1e-7) {
		t.Errorf("z %v p %v ok %v, want 3.1944, 0.00070065", z, p, ok)
	}
	// 12 of 1000 against 10 of 1000: pooled 0.011, SE = sqrt(0.011 × 0.989 × 0.002)
	// = 0.0046645, z = 0.002 / 0.0046645 = 0.4288, p = 0.3340: not significant.
	z, p, _ = TwoProportion(12, 1000, 10, 1000)
	if !near(z, 0.4288, 1e-4) || !near(p, 0.3340, 1e-4) || p < Alpha {
		t.Errorf("z %v p %v, want 0.4288, 0.3340", z, p)
	}
	// Lower is not higher: the one-sided p-value is above 1/2.
	if _, p, _ := TwoProportion(10, 1000, 30, 1000); p < 0.5 {
		t.Errorf("a lower ratio has p %v", p)
	}
	for _, c := range [][4]float64{{0, 0, 1, 10}, {1, 10, 0, 0}, {0, 10, 0, 10}, {10, 10, 5, 5}} {
		if _, _, ok := TwoProportion(c[0], c[1], c[2], c[3]); ok {
			t.Errorf("TwoProportion%v can be tested; want not (no events, or no spread)", c)
		}
	}
}

func TestStates(t *testing.T) {
	asOf := day(4)
	cases := []struct {
		name     string
		errs     float64 // 5xx an hour on day 1 (1 otherwise)
		stages   []model.Stage
		want     State
		text     string
		degraded int
	}{
		{"healthy while under way", 1, []model.Stage{stage(day(0), 10), stage(day(1), 50)}, Healthy, "healthy", -1},
		{"complete at 100%", 1, []model.Stage{stage(day(0), 10), stage(day(1), 50), stage(day(2), 100)}, Complete, "complete", -1},
		// 30 an hour: error ratio 3%, burn rate 3, against the baseline's 0.1.
		{"degraded at the first stage that breached", 30, []model.Stage{stage(day(0), 10), stage(day(1), 50), stage(day(2), 100)}, Degraded, "degraded at 50%", 1},
		{"rolled back", 30, []model.Stage{stage(day(0), 10), stage(day(1), 50), stage(day(2), 0)}, RolledBack, "rolled back", 1},
		{"rolled back without a breach", 1, []model.Stage{stage(day(0), 10), stage(day(1), 50), stage(day(2), 25)}, RolledBack, "rolled back", -1},
		{"planned", 1, []model.Stage{stage(day(5), 10)}, Planned, "planned", -1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := input(t, asOf, requests(1000, steady(c.errs), nil), availability(t))
			r := Compute([]model.Launch{launch(c.stages...)}, in)[0]
			if r.State != c.want || r.StateText() != c.text || r.DegradedAt != c.degraded {
				t.Errorf("state %s (%q), degraded at %d; want %s (%q), %d", r.State, r.StateText(), r.DegradedAt, c.want, c.text, c.degraded)
			}
		})
	}
}

// The stage of day 1 at 30 errors an hour: 720 of 24,000 (3%, burn 3)
// against the baseline, day -1: 24 of 24,000 (0.1%, burn 0.1).
func TestStageAgainstBaselineByHand(t *testing.T) {
	in := input(t, day(4), requests(1000, steady(30), nil), availability(t))
	r := Compute([]model.Launch{launch(stage(day(0), 10), stage(day(1), 50), stage(day(2), 100))}, in)[0]
	if r.Baseline != (Span{day(-1), day(0)}) {
		t.Errorf("baseline %v, want day -1 (as long as the first stage)", r.Baseline)
	}
	c := r.Stages[1].Checks[0]
	if c.Canary || c.Stage != (Count{720, 24000}) || c.Other != (Count{24, 24000}) || !near(c.Burn, 3, 1e-9) || !near(c.OtherBurn, 0.1, 1e-9) || !c.Breached {
		t.Errorf("check %+v", c)
	}
	if !strings.Contains(c.Why, "burn rate 3.0 in the stage, above 1, while the baseline's was 0.10") {
		t.Errorf("why: %s", c.Why)
	}
	first := r.Stages[0].Checks[0]
	if first.Stage != (Count{24, 24000}) || first.Breached || !first.Tested || !near(first.P, 0.5, 1e-9) {
		t.Errorf("first stage %+v", first)
	}
}

// Two errors an hour on day 1: 48 of 24,000 (0.2%, burn 0.2, not above 1)
// against 24 of 24,000: z = 2.8306, p = 0.0023 < 0.05, a breach by the test alone.
func TestSignificantlyHigherBreachesBelowBurnOne(t *testing.T) {
	in := input(t, day(4), requests(1000, steady(2), nil), availability(t))
	r := Compute([]model.Launch{launch(stage(day(0), 10), stage(day(1), 50), stage(day(2), 100))}, in)[0]
	c := r.Stages[1].Checks[0]
	if !near(c.Burn, 0.2, 1e-9) || !near(c.Z, 2.8306, 1e-4) || !near(c.P, 0.0023234, 1e-6) || !c.Breached {
		t.Errorf("check %+v", c)
	}
	if r.State != Degraded || !strings.Contains(c.Why, "significantly higher than the baseline's 0.1% (p = 0.0023)") {
		t.Errorf("state %s, why %s", r.State, c.Why)
	}
}

// A first stage of 10 days has a baseline of 7 days, not 10.
func TestBaselineIsAtMostSevenDays(t *testing.T) {
	in := input(t, day(9), requests(1000, steady(1), nil), availability(t))
	r := Compute([]model.Launch{launch(stage(day(-3), 5))}, in)[0]
	if r.Baseline != (Span{day(-10), day(-3)}) {
		t.Errorf("baseline %v, want [day -10, day -3): 7 days", r.Baseline)
	}
	// A 12-day first stage still gets 7 days (clamped, not the 12).
	r = Compute([]model.Launch{launch(stage(day(-3), 5), stage(day(9), 50))}, input(t, day(10), requests(1000, steady(1), nil), availability(t)))[0]
	if got := r.Baseline.To.Sub(r.Baseline.From); got != MaxBaseline {
		t.Errorf("baseline %v long, want 7 days", got)
	}
	if c := r.Stages[0].Checks[0]; c.Other != (Count{7 * 24, 7 * 24 * 1000}) {
		t.Errorf("baseline counts %+v, want 168 of 168,000", c.Other)
	}
}

// The last stage lasts until as_of: at 12:00 on day 2 it holds the 12
// hours before as_of, and the points at and after as_of are not counted.
func TestLastStageEndsAtAsOf(t *testing.T) {
	asOf := day(2.5)
	in := input(t, asOf, requests(1000, steady(1), nil), availability(t))
	r := Compute([]model.Launch{launch(stage(day(0), 10), stage(day(2), 50))}, in)[0]
	last := r.Stages[1]
	if !last.End.Equal(asOf) || last.Checks[0].Stage != (Count{12, 12000}) {
		t.Errorf("last stage ends %v with %+v; want as_of and 12 of 12,000", last.End, last.Checks[0].Stage)
	}
	if r.During != (Span{day(0), asOf}) || !r.InProgress() {
		t.Errorf("during %v, in progress %v", r.During, r.InProgress())
	}
	// A stage at or after as_of is planned, not judged.
	r = Compute([]model.Launch{launch(stage(day(0), 10), stage(day(2), 50), stage(day(3), 100))}, in)[0]
	if len(r.Stages) != 2 || len(r.Planned) != 1 || r.State != Healthy {
		t.Errorf("stages %d planned %d state %s", len(r.Stages), len(r.Planned), r.State)
	}
}

// An up/down check in 5-minute slices, target 99.5% (B = 0.005): down for
// 30 minutes on day 1, so that day's stage has 6 bad slices of 288
// (2.08%, burn 4.17) against 0 of 288 in the baseline: a breach (and
// z = 2.4623, p = 0.0069).
func TestTimeSliceGuardrail(t *testing.T) {
	up := model.Series{Name: "uptime:api", Labels: map[string]string{"series": "api"}}
	for ts := day(-10); ts.Before(day(10)); ts = ts.Add(time.Hour) {
		up.Points = append(up.Points, model.Point{T: ts, V: 1})
		if ts.Equal(day(1).Add(6 * time.Hour)) {
			up.Points = append(up.Points, model.Point{T: ts.Add(10 * time.Minute), V: 0}, model.Point{T: ts.Add(40 * time.Minute), V: 1})
		}
	}
	spec := slo.Spec{Name: "API uptime", Target: 0.995, Window: 30 * 24 * time.Hour, Checks: selector(t, "uptime:api"), Slice: 5 * time.Minute}
	in := input(t, day(4), []model.Series{up}, spec)
	r := Compute([]model.Launch{launch(stage(day(0), 10), stage(day(1), 50), stage(day(2), 100))}, in)[0]
	c := r.Stages[1].Checks[0]
	if c.Stage != (Count{6, 288}) || c.Other != (Count{0, 288}) || !near(c.Burn, 6.0/288/0.005, 1e-9) || !c.Breached ||
		!near(c.Z, 2.4623, 1e-4) || !near(c.P, 0.0069015, 1e-6) {
		t.Errorf("check %+v", c)
	}
	if r.State != Degraded || r.Stages[0].Breached || r.Stages[2].Breached {
		t.Errorf("state %s", r.State)
	}
}

// An issue-response SLO applies: its events are the issues created during
// the stage, judged at as_of. First response within 1h, target 90% (B =
// 0.1). Baseline: 4 issues answered in 10 minutes; the stage: 4 of which
// 3 answered after 2 hours (75%, burn 7.5), and one created 30 minutes
// before as_of, still pending, left out. z = 2.1909, p = 0.0142.
func TestIssueResponseGuardrail(t *testing.T) {
	asOf := day(2)
	var facts []issuestats.IssueFact
	add := func(created time.Time, after time.Duration) {
		f := issuestats.IssueFact{Repo: "o/r", Number: len(facts) + 1, Labels: []string{"bug"}, Created: created}
		if after > 0 {
			r := created.Add(after)
			f.FirstResponse = &r
		}
		facts = append(facts, f)
	}
	for i := range 4 {
		add(day(-0.9+0.2*float64(i)), 10*time.Minute) // baseline: day -1 to 0
	}
	add(day(1.1), 10*time.Minute)
	for i := range 3 {
		add(day(1.2+0.1*float64(i)), 2*time.Hour)
	}
	add(asOf.Add(-30*time.Minute), 0) // pending
	spec := slo.Spec{Name: "Bugs answered", Target: 0.9, Window: 28 * 24 * time.Hour,
		Issues: &slo.IssueRule{Labels: []string{"bug"}, Within: time.Hour}}
	res, err := slo.ComputeIssues(spec, facts, asOf)
	if err != nil {
		t.Fatal(err)
	}
	in := Input{AsOf: asOf, SLOs: []slo.Result{res}, SLOSpecs: []slo.Spec{spec}}
	l := launch(stage(day(0), 10), stage(day(1), 50))
	l.Canary = &model.Term{Label: "variant", Value: "canary"} // issues have no cohorts
	r := Compute([]model.Launch{l}, in)[0]
	if !r.Guards[0].Issues || r.Guards[0].Canary || r.Guards[0].Burn != nil {
		t.Errorf("guard %+v", r.Guards[0])
	}
	c := r.Stages[1].Checks[0]
	if c.Canary || c.Stage != (Count{3, 4}) || c.Other != (Count{0, 4}) || !near(c.Burn, 7.5, 1e-9) || !c.Breached ||
		!near(c.Z, 2.1909, 1e-4) || !near(c.P, 0.014230, 1e-5) {
		t.Errorf("check %+v", c)
	}
	if r.Stages[0].Checks[0].HasData || r.Stages[0].Breached {
		t.Errorf("a stage without issues has no verdict: %+v", r.Stages[0].Checks[0])
	}
}

// A labelled source splits requests by variant from day 1: the canary
// cohort takes 100 requests an hour and the rest 900. The stage compares
// cohort with rest over the same hours, not with the baseline.
func TestCanaryComparison(t *testing.T) {
	split := func(cohortErr, restErr float64) []model.Series {
		before := func(ts time.Time) float64 {
			if ts.Before(day(1)) {
				return 1
			}
			return -1
		}
		after := func(v float64) func(time.Time) float64 {
			return func(ts time.Time) float64 {
				if ts.Before(day(1)) {
					return -1
				}
				return v
			}
		}
		var ss []model.Series
		ss = append(ss, requests(1000, before, nil)...)
		ss = append(ss, requests(100, after(cohortErr), map[string]string{"variant": "canary"})...)
		ss = append(ss, requests(900, after(restErr), map[string]string{"variant": "stable"})...)
		return ss
	}
	l := launch(stage(day(0), 10), stage(day(1), 10))
	l.Canary = &model.Term{Label: "variant", Value: "canary"}

	// 3 errors an hour in the cohort (3%, burn 3), 1 in the rest (0.11%):
	// 72 of 2,400 against 24 of 21,600.
	in := input(t, day(2), split(3, 1), availability(t))
	r := Compute([]model.Launch{l}, in)[0]
	if !r.Guards[0].Canary {
		t.Fatal("the SLO's series split by variant; want a canary comparison")
	}
	// The chart's burn lines of cohort and rest, hourly from the baseline
	// (day -1) to as_of: day 1's hours at 3 (cohort) and 1/900/0.01 = 0.111
	// (rest); before the split the rest is everyone (0.1).
	if g := r.Guards[0]; len(g.CohortBurn) != 24 || !near(g.CohortBurn[0].V, 3, 1e-9) || len(g.RestBurn) != 72 ||
		!near(g.RestBurn[0].V, 0.1, 1e-9) || !near(g.RestBurn[48].V, 1.0/9, 1e-9) {
		t.Errorf("cohort %v rest %v", g.CohortBurn, g.RestBurn)
	}
	first, c := r.Stages[0].Checks[0], r.Stages[1].Checks[0]
	if first.Canary || first.Other != (Count{24, 24000}) {
		t.Errorf("the stage before the split compares with the baseline: %+v", first)
	}
	if !c.Canary || c.Stage != (Count{72, 2400}) || c.Other != (Count{24, 21600}) || !near(c.Burn, 3, 1e-9) || !c.Breached ||
		!near(c.Z, 21.2715, 1e-3) || !strings.Contains(c.Why, "while the rest's was 0.11") {
		t.Errorf("canary check %+v", c)
	}

	// Both at 0.2%, twice the baseline's 0.1%: against the baseline that is
	// significant (48 of 24,000 against 24 of 24,000, p = 0.0023), but the
	// cohort is no worse than the rest at the same time: no breach.
	in = input(t, day(2), split(0.2, 1.8), availability(t))
	r = Compute([]model.Launch{l}, in)[0]
	c = r.Stages[1].Checks[0]
	if !c.Canary || c.Breached || !near(c.Z, 0, 1e-9) || r.State != Healthy {
		t.Errorf("same ratio in cohort and rest: %+v, state %s", c, r.State)
	}
	// Without the canary label the same data is a baseline comparison, and breaches.
	l.Canary = nil
	if r := Compute([]model.Launch{l}, in)[0]; r.Guards[0].Canary || !r.Stages[1].Checks[0].Breached {
		t.Errorf("without canary: %+v", r.Stages[1].Checks[0])
	}
	// A label the series do not carry: no canary comparison.
	l.Canary = &model.Term{Label: "cohort", Value: "beta"}
	if r := Compute([]model.Launch{l}, in)[0]; r.Guards[0].Canary {
		t.Error("a label no series has gave a canary comparison")
	}
}

// KPI guardrails compare the stage's mean with the baseline's. Daily
// points: 100, 102, 98, 101, 99, 100, 100 before the launch, then 90, 92,
// 88, 91, 89 (mean 90, variance 10/4). Lower is a breach for a KPI where
// up is better, not for one where down is.
func TestKPIGuardrail(t *testing.T) {
	x := model.Series{Name: "analytics:Signups", Labels: map[string]string{"series": "Signups"}}
	for i, v := range []float64{100, 102, 98, 101, 99, 100, 100, 90, 92, 88, 91, 89} {
		x.Points = append(x.Points, model.Point{T: day(float64(i - 7)), V: v})
	}
	spec := kpi.Spec{Name: "Signups", Series: *selector(t, "analytics:Signups")}
	l := launch(stage(day(0), 10))
	l.DefaultGuardrails, l.Guardrails = false, []model.Guardrail{{Name: "signups", KPI: true}}
	in := Input{AsOf: day(5), Series: []model.Series{x}, KPIs: []kpi.Spec{spec}}
	r := Compute([]model.Launch{l}, in)[0]
	c := r.Stages[0].Checks[0]
	// The stage lasts 5 days (to as_of), so the baseline is the 5 days
	// before it: 98, 101, 99, 100, 100, mean 99.6, variance
	// (2.56 + 1.96 + 0.36 + 0.16 + 0.16)/4 = 1.3; z = 9.6/sqrt(2.5/5 + 1.3/5) = 11.01.
	se := math.Sqrt(2.5/5 + 1.3/5)
	if c.N != 5 || c.OtherN != 5 || c.Mean != 90 || !near(c.OtherMean, 99.6, 1e-9) || !near(c.Z, 9.6/se, 1e-9) || !near(c.Z, 11.012, 1e-3) || !c.Breached || r.State != Degraded {
		t.Errorf("check %+v, state %s", c, r.State)
	}
	// The same fall in a KPI where lower is better is no breach.
	in.KPIs[0].Down = true
	if c := Compute([]model.Launch{l}, in)[0].Stages[0].Checks[0]; c.Breached || c.Z >= 0 {
		t.Errorf("down KPI: %+v", c)
	}
	// With a 7-day first stage the baseline is the 7 points before it (mean
	// 100, variance 10/6): z = 10/sqrt(2.5/5 + (10/6)/7) = 11.64.
	in.KPIs[0].Down = false
	in.AsOf = day(7)
	c = Compute([]model.Launch{l}, in)[0].Stages[0].Checks[0]
	if c.OtherN != 7 || c.OtherMean != 100 || !near(c.Z, 10/math.Sqrt(2.5/5+(10.0/6)/7), 1e-9) {
		t.Errorf("7-day baseline: %+v", c)
	}
}

// Incidents whose started falls in the rollout, or within 7 days after it
// reached 100%, are during the launch; before and after are not.
func TestIncidentsDuringTheLaunch(t *testing.T) {
	at := func(n float64) *time.Time { x := day(n); return &x }
	pms := []model.Postmortem{
		{ID: "before", Started: at(-0.5)},
		{ID: "first-stage", Started: at(0)},
		{ID: "after-100", Started: at(8.9)},
		{ID: "too-late", Started: at(9)},
		{ID: "no-start"},
	}
	in := input(t, day(10), requests(1000, steady(1), nil), availability(t))
	in.Postmortems = pms
	r := Compute([]model.Launch{launch(stage(day(0), 10), stage(day(1), 50), stage(day(2), 100))}, in)[0]
	var got []string
	for _, pm := range r.Incidents {
		got = append(got, pm.ID)
	}
	if strings.Join(got, ",") != "first-stage,after-100" || r.During != (Span{day(0), day(9)}) {
		t.Errorf("incidents %v during %v", got, r.During)
	}
	// Rolled back to 0%: the launch ends at the rollback.
	r = Compute([]model.Launch{launch(stage(day(0), 10), stage(day(1), 0))}, in)[0]
	if r.During != (Span{day(0), day(1)}) || len(r.Incidents) != 1 || r.InProgress() {
		t.Errorf("rolled back: during %v, %d incidents", r.During, len(r.Incidents))
	}
	if r.Chart != (Span{day(-1), day(2)}) {
		t.Errorf("chart %v, want the baseline, the launch and a baseline's length after the rollback", r.Chart)
	}
}

// Budget spent: the SLO's bad events during the launch over the budget of
// the 30-day window ending at its end. Data from day -10: at as_of day 4,
// 14 days of 24,000 requests; 24 errors a day except 720 on day 1 of 30
// an hour. During [day 0, day 4): 24 + 720 + 24 + 24 = 792 bad; budget
// 0.01 × 14 × 24,000 = 3,360; spent 792/3,360 = 23.57%.
func TestBudgetSpent(t *testing.T) {
	in := input(t, day(4), requests(1000, steady(30), nil), availability(t))
	r := Compute([]model.Launch{launch(stage(day(0), 10), stage(day(1), 50))}, in)[0]
	g := r.Guards[0]
	if !g.SpentKnown || !near(g.Spent, 792.0/3360, 1e-12) {
		t.Errorf("spent %v, want %v", g.Spent, 792.0/3360)
	}
	// The burn series has one point per step over the chart, the data's
	// hour here ((4 + 1) days in at most 200 steps: 1 hour).
	if r.Step != time.Hour || len(g.Burn) != 5*24 || !near(g.Burn[24+30].V, 3, 1e-9) || !near(g.Burn[0].V, 0.1, 1e-9) {
		t.Errorf("step %v, %d points", r.Step, len(g.Burn))
	}
}

func TestUnknownReleaseIsANote(t *testing.T) {
	pub := day(0)
	l := launch(stage(day(0), 10))
	l.Releases = []model.ReleaseRef{{Repo: "o/r", Tag: "v1"}, {Repo: "o/r", Tag: "v2"}}
	in := input(t, day(1), requests(1000, steady(1), nil), availability(t))
	in.Releases = []model.Release{{Repo: "O/R", Tag: "v1", PublishedAt: &pub}}
	r := Compute([]model.Launch{l}, in)[0]
	if r.Releases[0].Release == nil || r.Releases[1].Release != nil || len(r.Notes) != 1 || !strings.Contains(r.Notes[0], "o/r@v2 is not in the store") {
		t.Errorf("releases %+v notes %q", r.Releases, r.Notes)
	}
}

// launches.csv for a small fixture, every cell as docs/metrics.md gives it,
// rows by launch id, then stage, then guardrail: a launch whose first
// stage is a cohort (no percent) and whose second, day 1 to as_of (day 3),
// holds 720 + 24 = 744 errors of 48,000 (1.55%, burn 1.55) against 0.1%;
// a KPI guardrail (no error ratio; every 2xx count the same on day 0, so
// no test and no verdict; it falls on day 1); a launch
// without guardrails; a planned one (no rows); a flag a spreadsheet would
// run as a formula.
func TestWriteCSV(t *testing.T) {
	in := input(t, day(3), requests(1000, steady(30), nil), availability(t))
	in.KPIs = []kpi.Spec{{Name: "Signups", Series: *selector(t, "api:code=2xx")}}
	a := launch(model.Stage{At: day(0), Cohort: "=staff"}, stage(day(1), 50))
	a.ID, a.Flag, a.DefaultGuardrails = "b-sync", "=sync-v2", false
	a.Guardrails = []model.Guardrail{{Name: "API availability"}, {Name: "Signups", KPI: true}}
	none := launch(stage(day(2), 100))
	none.ID, none.DefaultGuardrails = "a-none", false
	planned := launch(stage(day(5), 1))
	planned.ID = "c-planned"
	var b strings.Builder
	if err := WriteCSV(&b, Compute([]model.Launch{a, none, planned}, in)); err != nil {
		t.Fatal(err)
	}
	want := "launch,flag,stage,at,percent,guardrail,stage_error_ratio,baseline_error_ratio,burn_rate,breached,state\r\n" +
		"a-none,f,1,2024-03-03T00:00:00Z,100,,,,,,complete\r\n" +
		"b-sync,'=sync-v2,1,2024-03-01T00:00:00Z,,API availability,0.00100000,0.00100000,0.1000,false,degraded\r\n" +
		"b-sync,'=sync-v2,1,2024-03-01T00:00:00Z,,Signups,,,,,degraded\r\n" +
		"b-sync,'=sync-v2,2,2024-03-02T00:00:00Z,50,API availability,0.01550000,0.00100000,1.5500,true,degraded\r\n" +
		"b-sync,'=sync-v2,2,2024-03-02T00:00:00Z,50,Signups,,,,true,degraded\r\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}

// A stage at 0% is not judged: at 30 errors an hour after the rollback,
// nothing breaches (nobody sees the flag). A stage at 100% is judged over
// its first 7 days: errors on day 8 do not make it breach.
func TestZeroIsNotJudgedAndHundredForSevenDays(t *testing.T) {
	late := func(from float64) func(time.Time) float64 {
		return func(ts time.Time) float64 {
			if !ts.Before(day(from)) {
				return 30
			}
			return 1
		}
	}
	in := input(t, day(4), requests(1000, late(2), nil), availability(t))
	r := Compute([]model.Launch{launch(stage(day(0), 10), stage(day(1), 50), stage(day(2), 0))}, in)[0]
	c := r.Stages[2].Checks[0]
	if c.HasData || c.Breached || c.Why != "not judged: at 0% nobody sees the flag" || r.DegradedAt != -1 {
		t.Errorf("0%% stage: %+v", c)
	}
	in = input(t, day(10), requests(1000, late(8), nil), availability(t))
	r = Compute([]model.Launch{launch(stage(day(0), 100))}, in)[0]
	st := r.Stages[0]
	if st.Judged != (Span{day(0), day(7)}) || st.Checks[0].Stage != (Count{7 * 24, 7 * 24000}) || st.Breached || r.State != Complete {
		t.Errorf("100%% stage judged %v: %+v, state %s", st.Judged, st.Checks[0], r.State)
	}
}

// The rule compares the stage with its baseline: with no events in the
// baseline, a stage burning above 1 does not breach (and cannot be tested).
func TestNoBaselineNoBreach(t *testing.T) {
	from := func(ts time.Time) float64 {
		if ts.Before(day(0)) {
			return -1 // no data before day 0
		}
		return 30
	}
	in := input(t, day(2), requests(1000, from, nil), availability(t))
	r := Compute([]model.Launch{launch(stage(day(0), 10))}, in)[0]
	c := r.Stages[0].Checks[0]
	if !c.HasData || c.Decided || !near(c.Burn, 3, 1e-9) || c.Tested || c.Breached || !strings.Contains(c.Why, "the baseline had no events to compare with") {
		t.Errorf("check %+v", c)
	}
}
