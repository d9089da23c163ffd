package experiments

import (
	"strconv"
	"strings"
	"testing"
)

// mv is the moments of n values with the given mean and variance.
func mv(n int64, mean, variance float64) Moments {
	fn := float64(n)
	return FromSums(n, fn*mean, (fn-1)*variance+fn*mean*mean, false)
}

// With n = 10,000 and variance 1 per variant, SE = sqrt(2/10,000) = 0.01414:
// a difference of 0.1 is z = 7 (significant), 0.01 is z = 0.7 (not).
const (
	big   = 0.1
	small = 0.01
)

// arm is one treatment: the differences of the primary, the guardrail and
// the secondary metric from the control's means (all 10).
type arm struct{ primary, guard, other float64 }

func experiment(arms []arm, down, running bool, units ...int64) (*Result, error) {
	d := Design{Control: "c", Alpha: 0.05, Running: running,
		Primary:    Metric{Name: "p", Role: Primary, Down: down},
		Guardrails: []Metric{{Name: "g", Role: Guardrail, Down: true}},
		Secondary:  []Metric{{Name: "s", Role: Secondary}}}
	data := Data{Variants: []string{"c"}, Metrics: []string{"p", "g", "s"}}
	n := func(i int) int64 {
		if i < len(units) {
			return units[i]
		}
		return 10000
	}
	data.Units = append(data.Units, n(0))
	data.M = append(data.M, []Moments{mv(n(0), 10, 1), mv(n(0), 10, 1), mv(n(0), 10, 1)})
	for i, a := range arms {
		data.Variants = append(data.Variants, string(rune('t'+i)))
		data.Units = append(data.Units, n(i+1))
		data.M = append(data.M, []Moments{mv(n(i+1), 10+a.primary, 1), mv(n(i+1), 10+a.guard, 1), mv(n(i+1), 10+a.other, 1)})
	}
	return Analyze(d, data)
}

func TestVerdicts(t *testing.T) {
	for _, c := range []struct {
		name    string
		arms    []arm
		down    bool
		running bool
		units   []int64
		want    Verdict
		each    []Verdict
	}{
		{"primary up significantly", []arm{{big, 0, 0}}, false, false, nil, Won, []Verdict{Won}},
		{"primary down significantly, down desired", []arm{{-big, 0, 0}}, true, false, nil, Won, []Verdict{Won}},
		{"primary significantly the wrong way", []arm{{-big, 0, 0}}, false, false, nil, Lost, []Verdict{Lost}},
		{"a guardrail significantly worse takes the win", []arm{{big, big, 0}}, false, false, nil, Lost, []Verdict{Lost}},
		{"a guardrail significantly better is fine", []arm{{big, -big, 0}}, false, false, nil, Won, []Verdict{Won}},
		{"a guardrail worse alone loses", []arm{{small, big, 0}}, false, false, nil, Lost, []Verdict{Lost}},
		{"a secondary metric decides nothing", []arm{{small, 0, -big}}, false, false, nil, Inconclusive, []Verdict{Inconclusive}},
		{"nothing significant", []arm{{small, small, 0}}, false, false, nil, Inconclusive, []Verdict{Inconclusive}},
		{"SRM makes a win invalid", []arm{{big, 0, 0}}, false, false, []int64{11000, 9000}, Invalid, []Verdict{Invalid}},
		{"SRM before running", []arm{{big, 0, 0}}, false, true, []int64{11000, 9000}, Invalid, []Verdict{Invalid}},
		{"running", []arm{{big, 0, 0}}, false, true, nil, Running, []Verdict{Running}},
		{"one won, one lost: won", []arm{{big, 0, 0}, {-big, 0, 0}}, false, false, nil, Won, []Verdict{Won, Lost}},
		{"one lost, one inconclusive: lost", []arm{{small, 0, 0}, {-big, 0, 0}}, false, false, nil, Lost, []Verdict{Inconclusive, Lost}},
		{"three inconclusive", []arm{{small, 0, 0}, {0, 0, 0}, {-small, 0, 0}}, false, false, nil, Inconclusive, []Verdict{Inconclusive, Inconclusive, Inconclusive}},
	} {
		r, err := experiment(c.arms, c.down, c.running, c.units...)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if r.Verdict != c.want {
			t.Errorf("%s: verdict %v, want %v", c.name, r.Verdict, c.want)
		}
		for i, w := range c.each {
			if got := r.Treatments[i]; got.Verdict != w || got.Why == "" {
				t.Errorf("%s: treatment %s %v (%s), want %v", c.name, got.Variant, got.Verdict, got.Why, w)
			}
		}
	}
}

// Bonferroni: with three treatments alpha' is 0.05/3, so z = 2.3 (p 0.021)
// is significant with one treatment and not with three.
func TestBonferroniDividesByTreatmentsNotMetrics(t *testing.T) {
	d := 2.3 * 0.0141421356
	one, _ := experiment([]arm{{d, d, d}}, false, false)
	three, _ := experiment([]arm{{d, d, d}, {0, 0, 0}, {0, 0, 0}}, false, false)
	if !one.Metrics[0].Effects[0].Significant || one.AlphaPrime != 0.05 {
		t.Errorf("one treatment: significant %v alpha' %v", one.Metrics[0].Effects[0].Significant, one.AlphaPrime)
	}
	if three.Metrics[0].Effects[0].Significant || !strings.HasPrefix(formatG(three.AlphaPrime), "0.01666") {
		t.Errorf("three treatments: significant %v alpha' %v", three.Metrics[0].Effects[0].Significant, three.AlphaPrime)
	}
	// the guardrail (worse) is judged at the same alpha': lost with one
	// treatment, not with three
	if one.Verdict != Lost || three.Verdict != Inconclusive {
		t.Errorf("verdicts %v and %v, want lost and inconclusive", one.Verdict, three.Verdict)
	}
}

func TestRunningKeepsTheInterimVerdictApart(t *testing.T) {
	r, _ := experiment([]arm{{big, 0, 0}}, false, true)
	if tr := r.Treatments[0]; tr.Verdict != Running || tr.Interim != Won {
		t.Errorf("running treatment %+v, want running with interim won", tr)
	}
}

func TestAnalyzeRejectsADesignTheDataDoesNotFit(t *testing.T) {
	data := Data{Variants: []string{"a", "b"}, Units: []int64{1, 1}, Metrics: []string{"x"}, M: [][]Moments{{{}}, {{}}}}
	for _, c := range []struct {
		name string
		d    Design
		msg  string
	}{
		{"no control", Design{Control: "c", Alpha: 0.05, Primary: Metric{Name: "x"}}, `control "c"`},
		{"no metric", Design{Control: "a", Alpha: 0.05, Primary: Metric{Name: "y"}}, `metric "y"`},
		{"bad alpha", Design{Control: "a", Alpha: 1, Primary: Metric{Name: "x"}}, "alpha"},
		{"weights miss a variant", Design{Control: "a", Alpha: 0.05, Primary: Metric{Name: "x"}, Weights: map[string]float64{"a": 1}}, `variant "b"`},
	} {
		if _, err := Analyze(c.d, data); err == nil || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("%s: error %v, want one naming %s", c.name, err, c.msg)
		}
	}
}

func formatG(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
