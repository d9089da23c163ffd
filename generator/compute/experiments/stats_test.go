package experiments

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"
)

func momentsOf(xs ...float64) Moments {
	var m Moments
	for _, x := range xs {
		m.Add(x)
	}
	return m
}

func TestMomentsMeanAndSampleVariance(t *testing.T) {
	m := momentsOf(2, 4, 4, 4, 5, 5, 7, 9)
	if m.N != 8 || m.Mean() != 5 || !near(m.Var(), 32.0/7, 1e-15) {
		t.Errorf("n %d mean %v var %v, want 8, 5, 32/7", m.N, m.Mean(), m.Var())
	}
	if m.Binary() {
		t.Error("values above 1 are not yes/no")
	}
	if b := momentsOf(1, 0, 0, 1); !b.Binary() || b.Mean() != 0.5 {
		t.Errorf("0/1 values: binary %v, rate %v", b.Binary(), b.Mean())
	}
	if !math.IsNaN(momentsOf(3).Var()) || !math.IsNaN(Moments{}.Mean()) {
		t.Error("variance of one value and mean of none should be NaN")
	}
}

// Values far from zero keep their variance: the shift by the first value
// avoids the cancellation of Σx² - (Σx)²/n.
func TestMomentsKeepVarianceFarFromZero(t *testing.T) {
	m := momentsOf(1e9+1, 1e9+2, 1e9+3)
	if m.Var() != 1 || m.Mean() != 1e9+2 {
		t.Errorf("var %v mean %v, want 1 and 1e9+2", m.Var(), m.Mean())
	}
}

func TestMomentsMergeEqualsAddingAll(t *testing.T) {
	xs := []float64{3.5, 100, -2, 7, 7, 1e6, 0.25, 42}
	whole := momentsOf(xs...)
	for cut := 0; cut <= len(xs); cut++ {
		a, b := momentsOf(xs[:cut]...), momentsOf(xs[cut:]...)
		a.Merge(b)
		if a.N != whole.N || !near(a.Mean(), whole.Mean(), 1e-14) || !near(a.Var(), whole.Var(), 1e-12) {
			t.Errorf("cut %d: merged n %d mean %v var %v, want %d %v %v", cut, a.N, a.Mean(), a.Var(), whole.N, whole.Mean(), whole.Var())
		}
	}
}

func TestMomentsRemoveTakesAValueOut(t *testing.T) {
	m := momentsOf(3, 1, 4, 1, 5)
	m.Remove(4)
	m.Remove(3)
	want := momentsOf(1, 1, 5)
	if m.N != 3 || !near(m.Mean(), want.Mean(), 1e-15) || !near(m.Var(), want.Var(), 1e-14) || m.NotBinary != 1 {
		t.Errorf("after removing: %+v, want the moments of 1 1 5 (%v, %v)", m, want.Mean(), want.Var())
	}
	m.Remove(1)
	m.Remove(1)
	m.Remove(5)
	if m != (Moments{}) {
		t.Errorf("all removed: %+v, want empty", m)
	}
}

func TestFromSumsReadsASummaryRow(t *testing.T) {
	// 10, 12, 9, 11, 13, 8: sum 63, sum of squares 679.
	m := FromSums(6, 63, 679, false)
	if m.Mean() != 10.5 || !near(m.Var(), 3.5, 1e-15) {
		t.Errorf("mean %v var %v, want 10.5 and 3.5", m.Mean(), m.Var())
	}
}

func TestSampleRatioByHand(t *testing.T) {
	for _, c := range []struct {
		name     string
		units    []int64
		weights  []float64
		chi2, p  float64
		mismatch bool
	}{
		{"equal split", []int64{50, 50}, nil, 0, 1, false},
		// (10²/50)·2 = 4 on 1 df: p = erfc(√2).
		{"60/40 of 100", []int64{60, 40}, nil, 4, math.Erfc(math.Sqrt2), false},
		// three arms around 40: (100 + 0 + 100)/40 = 5 on 2 df: p = e^-2.5.
		{"three arms", []int64{30, 40, 50}, nil, 5, math.Exp(-2.5), false},
		{"weighted 60/40 as intended", []int64{600, 400}, []float64{0.6, 0.4}, 0, 1, false},
		// 5,500 against 4,500 expected 5,000 each: chi² 100, p = erfc(√50).
		{"a broken split", []int64{5500, 4500}, nil, 100, math.Erfc(math.Sqrt(50)), true},
	} {
		s := SampleRatio(c.units, c.weights)
		if !near(s.Chi2, c.chi2, 1e-12) || !near(s.P, c.p, 1e-12) || s.Mismatch != c.mismatch || s.DF != len(c.units)-1 {
			t.Errorf("%s: chi2 %v p %v mismatch %v df %d, want %v %v %v %d", c.name, s.Chi2, s.P, s.Mismatch, s.DF, c.chi2, c.p, c.mismatch, len(c.units)-1)
		}
	}
	if s := SampleRatio([]int64{0, 0}, nil); !math.IsNaN(s.P) || s.Mismatch {
		t.Error("no units: nothing to test")
	}
}

// The three-variant fixture, computed by hand (exact fractions for the
// means and variances):
//
//	spend      control 10 12 9 11 13 8   mean 21/2  var 7/2
//	           A       14 15 13 16 12 14 mean 14    var 2
//	           B       10 11 9 12 10     mean 52/5  var 13/10
//	converted  control 1 0 0 1 0 0       rate 1/3   var 4/15
//	           A       1 1 0 1 0 1       rate 2/3   var 4/15
//	           B       0 0 0 1 0         rate 1/5   var 1/5
//
// Two treatments: alpha' = 0.025, z* = 2.2414027276049464.
func threeVariants() Data {
	rows := map[string][2][]float64{
		"control": {{10, 12, 9, 11, 13, 8}, {1, 0, 0, 1, 0, 0}},
		"A":       {{14, 15, 13, 16, 12, 14}, {1, 1, 0, 1, 0, 1}},
		"B":       {{10, 11, 9, 12, 10}, {0, 0, 0, 1, 0}},
	}
	variants := []string{"A", "control", "B"} // the control need not come first
	acc := NewAcc([]string{"spend", "converted"})
	day := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	for i, v := range variants {
		r := rows[v]
		for k := range r[0] {
			// units exposed over two days: the first three on day one
			at := day.Add(time.Duration(k/3) * 24 * time.Hour).Add(time.Hour)
			acc.Add(i, at, []float64{r[0][k], r[1][k]}, []bool{true, true})
		}
	}
	return acc.Data(variants)
}

func threeVariantDesign() Design {
	return Design{Control: "control", Alpha: 0.05,
		Primary:    Metric{Name: "spend", Role: Primary},
		Guardrails: []Metric{{Name: "converted", Role: Guardrail}}}
}

func TestThreeVariantExperimentByHand(t *testing.T) {
	r, err := Analyze(threeVariantDesign(), threeVariants())
	if err != nil {
		t.Fatal(err)
	}
	if r.AlphaPrime != 0.025 || !near(r.ZStar, 2.2414027276049464, 1e-14) {
		t.Errorf("alpha' %v z* %v", r.AlphaPrime, r.ZStar)
	}
	names := [3]string{r.Variants[0].Name, r.Variants[1].Name, r.Variants[2].Name}
	if names != [3]string{"control", "A", "B"} {
		t.Fatalf("variants %v, want control first, then A and B in data order", names)
	}
	// SRM: 6, 6, 5 against 17/3 each: chi² 2/17 on 2 df, p = e^(-1/17).
	if !near(r.SRM.Chi2, 2.0/17, 1e-12) || !near(r.SRM.P, math.Exp(-1.0/17), 1e-12) || r.SRM.Mismatch {
		t.Errorf("SRM %+v", r.SRM)
	}
	type want struct{ diff, lo, hi, lift, llo, lhi, p, mde float64 }
	check := func(metric string, e Effect, w want, sig bool) {
		t.Helper()
		for _, c := range []struct {
			name      string
			got, want float64
		}{
			{"diff", e.Diff, w.diff}, {"diff_low", e.DiffLow, w.lo}, {"diff_high", e.DiffHigh, w.hi},
			{"lift", e.Lift, w.lift}, {"lift_low", e.LiftLow, w.llo}, {"lift_high", e.LiftHigh, w.lhi},
			{"p", e.P, w.p}, {"mde", e.MDE, w.mde},
		} {
			if !near(c.got, c.want, 1e-9) {
				t.Errorf("%s %s = %.17g, want %.17g", metric, c.name, c.got, c.want)
			}
		}
		if !e.OK || !e.LiftOK || e.Significant != sig {
			t.Errorf("%s: ok %v lift ok %v significant %v, want significant %v", metric, e.OK, e.LiftOK, e.Significant, sig)
		}
	}
	spend, conv := r.Metrics[0], r.Metrics[1]
	if spend.Binary || !conv.Binary {
		t.Errorf("spend binary %v, converted binary %v", spend.Binary, conv.Binary)
	}
	if spend.Stats[0].Mean != 10.5 || !near(spend.Stats[0].Var, 3.5, 1e-14) || spend.Stats[2].N != 5 || !near(spend.Stats[2].Mean, 10.4, 1e-15) {
		t.Errorf("spend stats %+v", spend.Stats)
	}
	check("spend A", spend.Effects[0], want{3.5, 1.354020269192029, 5.645979730807971, 1.0 / 3, 0.08344293059528654, 0.5832237360713801, 0.0002565503830557301, 2.951770714294008}, true)
	check("spend B", spend.Effects[1], want{-0.1, -2.1583514482798027, 1.9583514482798026, -1.0 / 105, -0.20426779615056226, 0.18522017710294322, 0.913287278475019, 2.8312390082405017}, false)
	check("converted A", conv.Effects[0], want{1.0 / 3, -0.3349238485170806, 1.0015905151837472, 1, -2.1698221361189636, 4.169822136118963, 0.2635524772829728, 0.9191801537939159}, false)
	check("converted B", conv.Effects[1], want{-2.0 / 15, -0.7846698654270924, 0.5180031987604258, -0.4, -1.9912380835081551, 1.1912380835081549, 0.6463551955394902, 0.8959059924859174}, false)

	// A moved spend up significantly and converted not down: won; B did
	// not move: inconclusive; the experiment: won.
	if r.Treatments[0].Verdict != Won || r.Treatments[1].Verdict != Inconclusive || r.Verdict != Won {
		t.Errorf("verdicts %+v, experiment %v", r.Treatments, r.Verdict)
	}
	// Exposure over two days: the cumulative effect after day one is on the
	// first three units of each variant, after day two on all of them.
	if len(r.Cumulative) != 2 {
		t.Fatalf("cumulative points %d, want 2", len(r.Cumulative))
	}
	c1, c2 := r.Cumulative[0], r.Cumulative[1]
	if c1.Units[0] != 3 || c1.Units[2] != 3 || c2.Units[2] != 5 || !c1.End.Equal(time.Date(2024, 3, 2, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("cumulative units %v %v, end %v", c1.Units, c2.Units, c1.End)
	}
	// Day one: control 10 12 9 (mean 31/3), A 14 15 13 (mean 14): diff 11/3.
	if !near(c1.Effects[0].Diff, 11.0/3, 1e-14) || c2.Effects[0] != spend.Effects[0] {
		t.Errorf("cumulative diff %v; last point %+v, want the whole effect %+v", c1.Effects[0].Diff, c2.Effects[0], spend.Effects[0])
	}
}

// A per-variant summary (variant, units, M_sum, M_sumsq or M_count) gives
// the same figures as the units it sums up.
func TestPerVariantSummaryGivesTheUnitsFigures(t *testing.T) {
	units := threeVariants()
	sums := Data{Variants: []string{"A", "control", "B"}, Units: []int64{6, 6, 5}, Metrics: []string{"spend", "converted"},
		M: [][]Moments{
			{FromSums(6, 84, 1186, false), FromSums(6, 4, 4, true)},
			{FromSums(6, 63, 679, false), FromSums(6, 2, 2, true)},
			{FromSums(5, 52, 546, false), FromSums(5, 1, 1, true)},
		}}
	a, err := Analyze(threeVariantDesign(), units)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Analyze(threeVariantDesign(), sums)
	if err != nil {
		t.Fatal(err)
	}
	for i := range a.Metrics {
		for k := range a.Metrics[i].Effects {
			ea, eb := a.Metrics[i].Effects[k], b.Metrics[i].Effects[k]
			if !near(eb.Diff, ea.Diff, 1e-12) || !near(eb.SE, ea.SE, 1e-12) || !near(eb.LiftSE, ea.LiftSE, 1e-12) || eb.Significant != ea.Significant {
				t.Errorf("metric %d treatment %d: sums %+v, units %+v", i, k, eb, ea)
			}
		}
	}
	if b.Verdict != a.Verdict || b.SRM.P != a.SRM.P || b.Metrics[1].Binary != true {
		t.Errorf("verdict %v/%v, SRM %v/%v, converted binary %v", b.Verdict, a.Verdict, b.SRM.P, a.SRM.P, b.Metrics[1].Binary)
	}
}

// docs/metrics.md's invariants over many random comparisons: the CI is
// centred on D; p < alpha' exactly when the CI excludes 0; the MDE is
// (z* + 0.841621) SE, and an effect of exactly the MDE is found with 80%
// power; alpha' divides alpha by the treatments.
func TestEffectInvariants(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for treatments := 1; treatments <= 4; treatments++ {
		ap, z := Correction(0.05, treatments)
		if !near(ap, 0.05/float64(treatments), 1e-15) || !near(TwoSidedP(z), ap, 1e-12) {
			t.Fatalf("%d treatments: alpha' %v, P(|Z| > z*) %v", treatments, ap, TwoSidedP(z))
		}
		for range 2000 {
			var c, tr Moments
			shift := rng.NormFloat64() * 0.3
			for range 2 + rng.IntN(40) {
				c.Add(10 + rng.NormFloat64()*3)
			}
			for range 2 + rng.IntN(40) {
				tr.Add(10 + shift*10 + rng.NormFloat64()*3)
			}
			e := Compare(c, tr, ap, z)
			if !e.OK {
				t.Fatal("random values gave no effect")
			}
			if !near((e.DiffLow+e.DiffHigh)/2, e.Diff, 1e-12) || !near((e.LiftLow+e.LiftHigh)/2, e.Lift, 1e-9) {
				t.Errorf("CI not centred on the estimate: %+v", e)
			}
			excludes := e.DiffLow > 0 || e.DiffHigh < 0
			if e.Significant != excludes || e.Significant != (e.P < ap) {
				t.Errorf("significant %v, CI excludes 0 %v, p %v < alpha' %v", e.Significant, excludes, e.P, ap)
			}
			if !near(e.MDE, (z+0.841621)*e.SE, 1e-6) {
				t.Errorf("MDE %v, want (z* + 0.841621) SE = %v", e.MDE, (z+0.841621)*e.SE)
			}
			// power at a true difference of MDE: P(Z > z* - MDE/SE) = 0.8
			if pw := 1 - NormCDF(z-e.MDE/e.SE); !near(pw, 0.8, 1e-12) {
				t.Errorf("power at the MDE = %v, want 0.8", pw)
			}
		}
	}
}

func TestLiftIsEmptyWhenTheControlMeanIsZero(t *testing.T) {
	ap, z := Correction(0.05, 1)
	e := Compare(momentsOf(0, 0, 0), momentsOf(1, 0, 1), ap, z)
	if !e.OK || e.LiftOK || !math.IsNaN(e.RelMDE) {
		t.Errorf("control mean 0: %+v, want a difference and no lift", e)
	}
	if e := Compare(momentsOf(1), momentsOf(1, 2), ap, z); e.OK {
		t.Error("one control value: no variance, no effect")
	}
	if e := Compare(momentsOf(2, 2), momentsOf(2, 2, 2), ap, z); e.OK {
		t.Error("equal constants: nothing to test")
	}
}
