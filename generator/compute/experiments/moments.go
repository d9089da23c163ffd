// Package experiments computes the figures of A/B tests as docs/metrics.md
// ("Experiments") defines them: per variant and metric n, mean and sample
// variance; sample ratio mismatch; each treatment's difference and relative
// lift against the control with confidence intervals, p-value and minimum
// detectable effect; verdicts. Pure functions of the sums: reading the data
// (and its exclusions) is the job of sources/expdata.
package experiments

import "math"

// Moments is the running sums of one metric in one variant: n values, their
// sum and sum of squares. The sums are kept shifted by the first value
// (Σ(x-K), Σ(x-K)²), so that the variance of values far from zero (a revenue
// of 1e6 ± 1) does not vanish in the cancellation of Σx² - (Σx)²/n; two
// Moments merge exactly, whatever their shifts.
type Moments struct {
	N      int64
	K      float64 // the shift: the first value added (0 for sums read from a file)
	S1, S2 float64 // Σ(x-K), Σ(x-K)²
	// NotBinary counts the values other than 0 and 1: a metric all of
	// whose values are 0 or 1 is yes/no, and its mean is a rate.
	NotBinary int64
}

// Binary reports whether every value was 0 or 1.
func (m Moments) Binary() bool { return m.NotBinary == 0 }

// Add adds one value.
func (m *Moments) Add(x float64) {
	if m.N == 0 {
		m.K = x
	}
	d := x - m.K
	m.N++
	m.S1 += d
	m.S2 += d * d
	if x != 0 && x != 1 {
		m.NotBinary++
	}
}

// Remove takes out a value added before (a unit found, further down its
// file, to be in another variant too).
func (m *Moments) Remove(x float64) {
	if m.N <= 1 {
		*m = Moments{}
		return
	}
	d := x - m.K
	m.N--
	m.S1 -= d
	m.S2 -= d * d
	if x != 0 && x != 1 {
		m.NotBinary--
	}
}

// Merge adds o's values to m.
func (m *Moments) Merge(o Moments) {
	if o.N == 0 {
		return
	}
	if m.N == 0 {
		*m = o
		return
	}
	// o's values shifted by m.K: Σ(x-K) = Σ(x-Ko) + n(Ko-K), and the square
	// likewise expanded.
	c := o.K - m.K
	n := float64(o.N)
	m.S2 += o.S2 + 2*c*o.S1 + n*c*c
	m.S1 += o.S1 + n*c
	m.N += o.N
	m.NotBinary += o.NotBinary
}

// FromSums makes Moments of n values from their sum and sum of squares (a
// per-variant summary file). binary says the values are 0 or 1.
func FromSums(n int64, sum, sumsq float64, binary bool) Moments {
	m := Moments{N: n, S1: sum, S2: sumsq}
	if !binary {
		m.NotBinary = n
	}
	return m
}

// Mean is the mean of the values (NaN without any).
func (m Moments) Mean() float64 {
	if m.N == 0 {
		return math.NaN()
	}
	return m.K + m.S1/float64(m.N)
}

// Var is the sample variance, with n - 1 in the denominator (NaN below two
// values). Rounding can make it a hair below zero for constant values: 0.
func (m Moments) Var() float64 {
	if m.N < 2 {
		return math.NaN()
	}
	n := float64(m.N)
	v := (m.S2 - m.S1*m.S1/n) / (n - 1)
	if v < 0 {
		return 0
	}
	return v
}
