package launches

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/vitals-dev/vitals/generator/base/model"
	"github.com/vitals-dev/vitals/generator/compute/kpi"
	"github.com/vitals-dev/vitals/generator/compute/slo"
)

// sloChecks judges every stage against one guardrail SLO, and fills in the
// guard's budget spent and burn-rate series.
func sloChecks(g *Guard, l model.Launch, r Result, in Input) []Check {
	res, _ := findSLO(in.SLOs, g.Name)
	ev, B := res.Events, g.Budget
	if ev == nil {
		ev = slo.NewEvents(nil, 0)
	}
	cohort, rest := canaryEvents(l, res, in)
	g.Canary = cohort != nil
	base := count(ev, r.Baseline.From, r.Baseline.To)
	out := make([]Check, len(r.Stages))
	for i, st := range r.Stages {
		c := &out[i]
		if cohort != nil {
			if cs := count(cohort, st.Judged.From, st.Judged.To); cs.Total > 0 {
				c.Canary, c.Stage, c.Other = true, cs, count(rest, st.Judged.From, st.Judged.To)
			}
		}
		if !c.Canary {
			c.Stage, c.Other = count(ev, st.Judged.From, st.Judged.To), base
		}
		judgeSLO(c, B, st)
	}
	g.Spent, g.SpentKnown = res.BudgetShare(r.During.From, r.During.To)
	g.events, g.cohort, g.rest = ev, cohort, rest
	return out
}

// canaryEvents are the events of the flag's cohort and of the rest, where
// the SLO's series carry the launch's canary label; nil, nil otherwise.
func canaryEvents(l model.Launch, res slo.Result, in Input) (cohort, rest *slo.Events) {
	if l.Canary == nil || res.Issues != nil {
		return nil, nil
	}
	var spec *slo.Spec
	for i := range in.SLOSpecs {
		if strings.EqualFold(in.SLOSpecs[i].Name, res.Name) {
			spec = &in.SLOSpecs[i]
			break
		}
	}
	if spec == nil {
		return nil, nil
	}
	t := *l.Canary
	c, _, err := slo.BuildEvents(spec.Narrowed(t), in.Series, in.AsOf)
	if err != nil || len(c.Buckets) == 0 {
		return nil, nil // the SLO's series do not split by the label
	}
	t.Not = true
	o, _, err := slo.BuildEvents(spec.Narrowed(t), in.Series, in.AsOf)
	if err != nil {
		return nil, nil
	}
	return c, o
}

func count(ev *slo.Events, from, to time.Time) Count {
	bad, total := ev.Sum(from, to)
	return Count{Bad: bad, Total: total}
}

// judgeSLO applies the breach rule to a stage's counts.
func judgeSLO(c *Check, B float64, st Stage) {
	stage, other := "the stage", "the baseline"
	if c.Canary {
		stage, other = "the cohort", "the rest"
	}
	e, ok := c.Stage.Ratio()
	if !ok {
		c.Why = notJudged(st, "events")
		return
	}
	c.HasData = true
	c.Burn = e / B
	oe, ook := c.Other.Ratio()
	if ook {
		c.OtherBurn = oe / B
	}
	c.Z, c.P, c.Tested = TwoProportion(c.Stage.Bad, c.Stage.Total, c.Other.Bad, c.Other.Total)
	c.Decided = ook
	fast := c.Burn > 1 && ook && c.OtherBurn <= 1
	higher := c.Tested && c.Z > 0 && c.P < Alpha
	c.Breached = fast || higher
	var parts []string
	switch {
	case fast:
		parts = append(parts, fmt.Sprintf("burn rate %s in %s, above 1, while %s's was %s", rate(c.Burn), stage, other, rate(c.OtherBurn)))
	case !ook:
		parts = append(parts, fmt.Sprintf("burn rate %s in %s; %s had no events to compare with", rate(c.Burn), stage, other))
	default:
		parts = append(parts, fmt.Sprintf("burn rate %s in %s, %s in %s", rate(c.Burn), stage, rate(c.OtherBurn), other))
	}
	switch {
	case higher:
		parts = append(parts, fmt.Sprintf("its error ratio %s is significantly higher than %s's %s (%s)", RatioText(e), other, RatioText(oe), pval(c.P)))
	case c.Tested:
		parts = append(parts, fmt.Sprintf("its error ratio %s is not significantly higher than %s's %s (%s)", RatioText(e), other, RatioText(oe), pval(c.P)))
	case ook:
		parts = append(parts, fmt.Sprintf("error ratio %s against %s", RatioText(e), RatioText(oe)))
	}
	c.Why = strings.Join(parts, "; ")
}

// kpiChecks judges every stage's mean against the baseline's.
func kpiChecks(name string, r Result, in Input) ([]Check, string) {
	var spec *kpi.Spec
	for i := range in.KPIs {
		if strings.EqualFold(in.KPIs[i].Name, name) {
			spec = &in.KPIs[i]
			break
		}
	}
	if spec == nil {
		return nil, "the KPI is not in site.toml"
	}
	x, err := kpi.SeriesOf(*spec, in.Series, in.AsOf)
	if err != nil {
		return nil, "its series could not be read"
	}
	bm, bv, bn := moments(x.Points, r.Baseline.From, r.Baseline.To)
	out := make([]Check, len(r.Stages))
	for i, st := range r.Stages {
		c := &out[i]
		m, v, n := moments(x.Points, st.Judged.From, st.Judged.To)
		c.Mean, c.N, c.OtherMean, c.OtherN = m, n, bm, bn
		if n == 0 {
			c.Why = notJudged(st, "points")
			continue
		}
		c.HasData = true
		worse := "lower"
		if spec.Down {
			worse = "higher"
		}
		if n < 2 || bn < 2 {
			c.Why = fmt.Sprintf("mean %s against %s in the baseline; too few points to test (%d and %d, want 2 each)", kpi.Format(m, spec.Unit), kpi.Format(bm, spec.Unit), n, bn)
			continue
		}
		se := math.Sqrt(v/float64(n) + bv/float64(bn))
		if !(se > 0) {
			c.Why = fmt.Sprintf("mean %s against %s in the baseline; every point the same, no test", kpi.Format(m, spec.Unit), kpi.Format(bm, spec.Unit))
			continue
		}
		// Z is in the KPI's worse direction: positive is worse.
		c.Z = (m - bm) / se
		if !spec.Down {
			c.Z = -c.Z
		}
		c.P, c.Tested, c.Decided = upperTail(c.Z), true, true
		c.Breached = c.Z > 0 && c.P < Alpha
		verdict := "not significantly " + worse
		if c.Breached {
			verdict = "significantly " + worse
		}
		c.Why = fmt.Sprintf("mean %s against %s in the baseline: %s (%s)", kpi.Format(m, spec.Unit), kpi.Format(bm, spec.Unit), verdict, pval(c.P))
	}
	return out, ""
}

// notJudged says why a stage without events (or points) has no verdict.
func notJudged(st Stage, what string) string {
	if st.HasPercent && st.Percent == 0 {
		return "not judged: at 0% nobody sees the flag"
	}
	return "no " + what + " during the stage"
}

// moments are the mean, sample variance (n - 1) and number of the points
// stamped in [from, to).
func moments(pts []model.Point, from, to time.Time) (mean, variance float64, n int) {
	i := sort.Search(len(pts), func(i int) bool { return !pts[i].T.Before(from) })
	j := sort.Search(len(pts), func(i int) bool { return !pts[i].T.Before(to) })
	if j <= i {
		return 0, 0, 0
	}
	in := pts[i:j]
	for _, p := range in {
		mean += p.V
	}
	n = len(in)
	mean /= float64(n)
	if n > 1 {
		for _, p := range in {
			variance += (p.V - mean) * (p.V - mean)
		}
		variance /= float64(n - 1)
	}
	return mean, variance, n
}

// steps are the burn chart's step lengths, shortest first.
var steps = []time.Duration{5 * time.Minute, 15 * time.Minute, time.Hour, 3 * time.Hour, 6 * time.Hour, 12 * time.Hour, 24 * time.Hour, 7 * 24 * time.Hour}

// chartStep is the shortest step of at least the data's resolution that
// gives at most about 200 points over the chart.
func chartStep(c Span, resolution time.Duration) time.Duration {
	want := max(c.To.Sub(c.From)/200, resolution)
	for _, s := range steps {
		if s >= want {
			return s
		}
	}
	return steps[len(steps)-1]
}

// burnSeries is the burn rate over each step of the chart, aligned to
// multiples of the step from the Unix epoch; steps without events are
// left out.
func burnSeries(ev *slo.Events, c Span, step time.Duration, B float64) []model.Point {
	if !c.To.After(c.From) {
		return nil
	}
	var out []model.Point
	for t := time.Unix(0, c.From.UnixNano()/int64(step)*int64(step)).UTC(); t.Before(c.To); t = t.Add(step) {
		if bad, total := ev.Sum(t, t.Add(step)); total > 0 {
			out = append(out, model.Point{T: t, V: bad / total / B})
		}
	}
	return out
}

// rate writes a burn rate: 40, 1.3, 0.21.
func rate(b float64) string {
	switch {
	case b >= 10:
		return fmt.Sprintf("%.0f", b)
	case b >= 1:
		return fmt.Sprintf("%.1f", b)
	}
	return fmt.Sprintf("%.2f", b)
}

// RatioText writes an error ratio as a percentage with three significant
// digits: 3.81%, 0.0165%.
func RatioText(e float64) string {
	v := 100 * e
	switch {
	case v == 0:
		return "0%"
	case v >= 10:
		return fmt.Sprintf("%.1f%%", v)
	case v >= 1:
		return fmt.Sprintf("%.2f%%", v)
	}
	return strings.TrimRight(strings.TrimRight(fmt.Sprintf("%.*f", 2-int(math.Floor(math.Log10(v))), v), "0"), ".") + "%"
}

// PText writes a p-value: 0.0023, or < 0.0001.
func PText(p float64) string {
	if p < 0.0001 {
		return "< 0.0001"
	}
	return fmt.Sprintf("%.4f", p)
}

// pval writes "p = 0.0023", or "p < 0.0001".
func pval(p float64) string {
	if t := PText(p); strings.HasPrefix(t, "<") {
		return "p " + t
	}
	return "p = " + PText(p)
}
