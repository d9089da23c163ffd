package experiments

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// Verdict is an experiment's (or one treatment's) outcome.
type Verdict string

const (
	Invalid      Verdict = "invalid" // sample ratio mismatch: no result
	Running      Verdict = "running" // end after as_of: interim figures
	Won          Verdict = "won"
	Lost         Verdict = "lost"
	Inconclusive Verdict = "inconclusive"
)

// Role is what a metric does in the decision.
type Role string

const (
	Primary   Role = "primary"   // decides the verdict
	Guardrail Role = "guardrail" // significantly worse loses
	Secondary Role = "metric"    // shown, decides nothing
)

// Metric is a metric of the design and its desired direction.
type Metric struct {
	Name string
	Down bool // lower is better ("metric:down")
	Role Role
}

// Design is what an experiment's document declares.
type Design struct {
	Control string
	// Weights are the variants' intended shares, of any scale; nil or
	// empty: equal.
	Weights    map[string]float64
	Primary    Metric
	Guardrails []Metric
	Secondary  []Metric
	Alpha      float64
	// Running: the experiment's end is after as_of (or it has none).
	Running bool
}

// Metrics are the design's metrics in the order pages show them: primary,
// guardrails, the others.
func (d Design) Metrics() []Metric {
	out := []Metric{d.Primary}
	out = append(out, d.Guardrails...)
	return append(out, d.Secondary...)
}

// Data is an experiment's data after its exclusions: units counted per
// variant and each metric's moments per variant.
type Data struct {
	Variants []string
	Units    []int64
	Metrics  []string
	M        [][]Moments // [variant][metric]
	// Days are the same by the UTC day of the units' exposure, oldest
	// first; nil when units carry no exposure time.
	Days []Day
}

// Day is the units first exposed on one UTC day.
type Day struct {
	Start time.Time
	Units []int64
	M     [][]Moments
}

// Result is every figure of one experiment.
type Result struct {
	// Variants: the control first, then the treatments in natural order
	// of their names ("variant_2" before "variant_10").
	Variants []VariantResult
	SRM      SRM
	// Alpha is the design's; AlphaPrime = Alpha / treatments (Bonferroni)
	// and ZStar its two-sided critical value.
	Alpha, AlphaPrime, ZStar float64
	Metrics                  []MetricResult
	// Treatments are the verdicts of Variants[1:], in that order.
	Treatments []TreatmentResult
	Verdict    Verdict
	// Cumulative is the primary metric's effect on the units exposed up to
	// the end of each day (nil without exposure times).
	Cumulative []CumulativePoint
}

// VariantResult is one variant's units against its intended share.
type VariantResult struct {
	Name  string
	Units int64
	// Share is the intended share (weights normalised); Expected is the
	// units that share of all units would be.
	Share, Expected float64
}

// MetricResult is one metric in every variant.
type MetricResult struct {
	Metric
	// Binary: every value was 0 or 1 (yes/no), so means are rates.
	Binary bool
	// Stats are per variant, as Result.Variants; Effects per treatment, as
	// Result.Treatments.
	Stats   []Stat
	Effects []Effect
}

// Stat is one metric in one variant.
type Stat struct {
	N         int64
	Mean, Var float64 // NaN below 1 (mean) and 2 (variance) values
}

// TreatmentResult is one treatment's verdict and why.
type TreatmentResult struct {
	Variant string
	Verdict Verdict
	// Interim is the verdict the figures would give were the experiment
	// over: set while Running (never for an invalid one).
	Interim Verdict
	Why     string
}

// CumulativePoint is the primary effect on the units exposed before End.
type CumulativePoint struct {
	End     time.Time
	Units   []int64  // per variant
	Effects []Effect // per treatment
}

// Analyze computes an experiment's figures from its design and data.
func Analyze(d Design, data Data) (*Result, error) {
	order, err := variantOrder(d.Control, data.Variants)
	if err != nil {
		return nil, err
	}
	metricIdx := map[string]int{}
	for i, m := range data.Metrics {
		metricIdx[m] = i
	}
	metrics := d.Metrics()
	for _, m := range metrics {
		if _, ok := metricIdx[m.Name]; !ok {
			return nil, fmt.Errorf("metric %q is not in the data", m.Name)
		}
	}
	if d.Alpha <= 0 || d.Alpha >= 1 {
		return nil, fmt.Errorf("alpha %v is not between 0 and 1", d.Alpha)
	}
	r := &Result{Alpha: d.Alpha}
	r.AlphaPrime, r.ZStar = Correction(d.Alpha, len(order)-1)

	units := make([]int64, len(order))
	weights := make([]float64, len(order))
	wsum := 0.0
	for i, v := range order {
		units[i] = data.Units[v]
		weights[i] = 1
		if len(d.Weights) > 0 {
			w, ok := d.Weights[data.Variants[v]]
			if !ok || w <= 0 {
				return nil, fmt.Errorf("variant %q has no weight", data.Variants[v])
			}
			weights[i] = w
		}
		wsum += weights[i]
	}
	r.SRM = SampleRatio(units, weights)
	var total int64
	for _, u := range units {
		total += u
	}
	for i, v := range order {
		r.Variants = append(r.Variants, VariantResult{Name: data.Variants[v], Units: units[i],
			Share: weights[i] / wsum, Expected: float64(total) * weights[i] / wsum})
	}

	for _, m := range metrics {
		j := metricIdx[m.Name]
		mr := MetricResult{Metric: m, Binary: true}
		for _, v := range order {
			mo := data.M[v][j]
			mr.Stats = append(mr.Stats, Stat{N: mo.N, Mean: mo.Mean(), Var: mo.Var()})
			mr.Binary = mr.Binary && mo.Binary()
		}
		c := data.M[order[0]][j]
		for _, v := range order[1:] {
			mr.Effects = append(mr.Effects, Compare(c, data.M[v][j], r.AlphaPrime, r.ZStar))
		}
		r.Metrics = append(r.Metrics, mr)
	}

	r.verdicts(d)
	if len(data.Days) > 0 {
		r.Cumulative = cumulative(data.Days, order, metricIdx[d.Primary.Name], r.AlphaPrime, r.ZStar)
	}
	return r, nil
}

// variantOrder puts the control first, the others after it in natural
// order of their names.
func variantOrder(control string, variants []string) ([]int, error) {
	ci := -1
	for i, v := range variants {
		if v == control {
			ci = i
		}
	}
	if ci < 0 {
		return nil, fmt.Errorf("control %q is not among the variants %q", control, variants)
	}
	if len(variants) < 2 {
		return nil, fmt.Errorf("the data has only the control %q: nothing to compare it with", control)
	}
	var rest []int
	for i := range variants {
		if i != ci {
			rest = append(rest, i)
		}
	}
	sort.SliceStable(rest, func(a, b int) bool { return naturalLess(variants[rest[a]], variants[rest[b]]) })
	return append([]int{ci}, rest...), nil
}

// naturalLess orders names with their numbers by value: "2" before "10",
// "variant_2" before "variant_10".
func naturalLess(a, b string) bool {
	for a != "" && b != "" {
		da, db := digitRun(a), digitRun(b)
		if da > 0 && db > 0 {
			na, nb := strings.TrimLeft(a[:da], "0"), strings.TrimLeft(b[:db], "0")
			if len(na) != len(nb) {
				return len(na) < len(nb)
			}
			if na != nb {
				return na < nb
			}
			a, b = a[da:], b[db:]
			continue
		}
		if a[0] != b[0] {
			return a[0] < b[0]
		}
		a, b = a[1:], b[1:]
	}
	if len(a) != len(b) {
		return len(a) < len(b)
	}
	return false
}

func digitRun(s string) int {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return i
}

// verdicts sets each treatment's verdict and the experiment's.
func (r *Result) verdicts(d Design) {
	anyWon, anyLost := false, false
	for t := range r.Variants[1:] {
		tr := TreatmentResult{Variant: r.Variants[t+1].Name}
		tr.Verdict, tr.Why = decide(r.Metrics, t)
		anyWon = anyWon || tr.Verdict == Won
		anyLost = anyLost || tr.Verdict == Lost
		switch {
		case r.SRM.Mismatch:
			tr.Verdict, tr.Why = Invalid, fmt.Sprintf("sample ratio mismatch (p = %.2g < %g)", r.SRM.P, SRMThreshold)
		case d.Running:
			tr.Interim, tr.Verdict = tr.Verdict, Running
		}
		r.Treatments = append(r.Treatments, tr)
	}
	switch {
	case r.SRM.Mismatch:
		r.Verdict = Invalid
	case d.Running:
		r.Verdict = Running
	case anyWon:
		r.Verdict = Won
	case anyLost:
		r.Verdict = Lost
	default:
		r.Verdict = Inconclusive
	}
}

// decide is treatment t's verdict from its effects: won when the primary
// moved significantly the desired way and no guardrail significantly the
// other way; lost when the primary moved significantly the wrong way or a
// guardrail got significantly worse; inconclusive otherwise.
func decide(ms []MetricResult, t int) (Verdict, string) {
	var primary *MetricResult
	var worse []string
	for i := range ms {
		m := &ms[i]
		switch m.Role {
		case Primary:
			primary = m
		case Guardrail:
			if e := m.Effects[t]; e.OK && e.Significant && better(m.Metric, e) < 0 {
				worse = append(worse, m.Name)
			}
		}
	}
	e := primary.Effects[t]
	switch {
	case e.OK && e.Significant && better(primary.Metric, e) < 0:
		return Lost, fmt.Sprintf("%s moved significantly the wrong way", primary.Name)
	case len(worse) > 0:
		return Lost, fmt.Sprintf("guardrail %s significantly worse", joinNames(worse))
	case e.OK && e.Significant:
		return Won, fmt.Sprintf("%s moved significantly the desired way, no guardrail worse", primary.Name)
	case !e.OK:
		return Inconclusive, fmt.Sprintf("%s has too few values to compare", primary.Name)
	}
	return Inconclusive, fmt.Sprintf("%s did not move significantly", primary.Name)
}

// better is +1 when the effect goes the metric's desired way, -1 when the
// other, 0 when there is none.
func better(m Metric, e Effect) int {
	s := 0
	switch {
	case e.Diff > 0:
		s = 1
	case e.Diff < 0:
		s = -1
	}
	if m.Down {
		s = -s
	}
	return s
}

// Better reports whether an effect goes the metric's desired way.
func (m Metric) Better(e Effect) bool { return better(m, e) > 0 }

func joinNames(ns []string) string {
	out := ""
	for i, n := range ns {
		switch {
		case i == 0:
		case i == len(ns)-1:
			out += " and "
		default:
			out += ", "
		}
		out += n
	}
	return out
}

// cumulative is the primary metric's effect on the units exposed up to the
// end of each day.
func cumulative(days []Day, order []int, j int, alphaPrime, zStar float64) []CumulativePoint {
	acc := make([]Moments, len(order))
	units := make([]int64, len(order))
	var out []CumulativePoint
	for _, d := range days {
		for i, v := range order {
			if v < len(d.M) {
				acc[i].Merge(d.M[v][j])
				units[i] += d.Units[v]
			}
		}
		p := CumulativePoint{End: d.Start.Add(24 * time.Hour), Units: append([]int64(nil), units...)}
		for _, t := range acc[1:] {
			p.Effects = append(p.Effects, Compare(acc[0], t, alphaPrime, zStar))
		}
		out = append(out, p)
	}
	return out
}
