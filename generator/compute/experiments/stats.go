package experiments

import "math"

// SRMThreshold is the p-value below which the units per variant mismatch
// their weights: the experiment is invalid.
const SRMThreshold = 0.001

// Power80 is the normal quantile at 0.8: the minimum detectable effect is
// (z* + Power80) SE, the difference the test would find four times in five.
// docs/metrics.md writes it 0.841621.
var Power80 = NormQuantile(0.8)

// SRM is the sample ratio mismatch check: Pearson's chi-square of the units
// per variant against their weights.
type SRM struct {
	Chi2 float64
	DF   int
	// P is the chi-square p-value with DF degrees of freedom; NaN when
	// there is nothing to test (no units, or a single variant).
	P        float64
	Mismatch bool // P < SRMThreshold
}

// SampleRatio tests units (per variant) against weights (the same length;
// shares of any scale, nil for equal).
func SampleRatio(units []int64, weights []float64) SRM {
	k := len(units)
	s := SRM{DF: k - 1, P: math.NaN(), Chi2: math.NaN()}
	var total int64
	for _, u := range units {
		total += u
	}
	if k < 2 || total == 0 {
		return s
	}
	wsum := 0.0
	for i := range units {
		wsum += weightAt(weights, i)
	}
	s.Chi2 = 0
	for i, u := range units {
		e := float64(total) * weightAt(weights, i) / wsum
		d := float64(u) - e
		s.Chi2 += d * d / e
	}
	s.P = ChiSquareSF(s.Chi2, s.DF)
	s.Mismatch = s.P < SRMThreshold
	return s
}

func weightAt(w []float64, i int) float64 {
	if w == nil {
		return 1
	}
	return w[i]
}

// Effect is one treatment against the control on one metric. The zero
// value (OK false) is an effect that cannot be computed: fewer than two
// values in a variant, or no variance at all with no difference.
type Effect struct {
	OK bool
	// Diff is m_t - m_c, SE its standard error, [DiffLow, DiffHigh] the
	// confidence interval Diff ± z* SE.
	Diff, SE, DiffLow, DiffHigh float64
	// LiftOK is false where m_c is 0: no relative lift.
	LiftOK bool
	// Lift is m_t/m_c - 1 and LiftSE its delta-method standard error;
	// [LiftLow, LiftHigh] is Lift ± z* LiftSE.
	Lift, LiftSE, LiftLow, LiftHigh float64
	Z, P                            float64
	// Significant is P < alpha'.
	Significant bool
	// MDE is the minimum detectable effect at 80% power, (z* + Power80) SE,
	// as a difference; RelMDE is it over |m_c| (NaN where m_c is 0).
	MDE, RelMDE float64
}

// Compare computes treatment t against control c at the corrected alpha
// (alpha' = alpha / treatments), whose two-sided normal quantile is zStar.
func Compare(c, t Moments, alphaPrime, zStar float64) Effect {
	if c.N < 2 || t.N < 2 {
		return Effect{}
	}
	mc, mt := c.Mean(), t.Mean()
	vc, vt := c.Var(), t.Var()
	nc, nt := float64(c.N), float64(t.N)
	e := Effect{Diff: mt - mc, SE: math.Sqrt(vt/nt + vc/nc)}
	e.Z = e.Diff / e.SE
	e.P = TwoSidedP(e.Z)
	if e.SE == 0 {
		if e.Diff == 0 {
			return Effect{} // constant and equal: nothing to test
		}
		e.P = 0 // constant and different: the normal limit
	}
	e.OK = true
	e.Significant = e.P < alphaPrime
	e.DiffLow, e.DiffHigh = e.Diff-zStar*e.SE, e.Diff+zStar*e.SE
	e.MDE = (zStar + Power80) * e.SE
	e.RelMDE = math.NaN()
	if mc != 0 {
		e.LiftOK = true
		e.Lift = mt/mc - 1
		e.LiftSE = math.Sqrt(vt/(nt*mc*mc) + mt*mt*vc/(nc*mc*mc*mc*mc))
		e.LiftLow, e.LiftHigh = e.Lift-zStar*e.LiftSE, e.Lift+zStar*e.LiftSE
		e.RelMDE = e.MDE / math.Abs(mc)
	}
	return e
}

// Correction is the Bonferroni-corrected alpha' = alpha / treatments and
// its two-sided critical value z*, the normal quantile at 1 - alpha'/2.
func Correction(alpha float64, treatments int) (alphaPrime, zStar float64) {
	if treatments < 1 {
		treatments = 1
	}
	alphaPrime = alpha / float64(treatments)
	return alphaPrime, -NormQuantile(alphaPrime / 2) // by symmetry: no rounding of 1 - x
}
