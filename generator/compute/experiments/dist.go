package experiments

import "math"

// The distributions the tests need, written here rather than taken from a
// module: the normal CDF is the standard library's erfc (accurate in the
// tails, where a two-sided p-value lives), the quantile is Wichura's AS241
// (1e-16 relative), and the chi-square tail is the regularised upper
// incomplete gamma function, by its series or its continued fraction
// (Numerical Recipes §6.2). Each is checked against closed forms in the
// tests; none needs more than the standard library.

// NormCDF is P(Z <= x) for a standard normal Z.
func NormCDF(x float64) float64 { return 0.5 * math.Erfc(-x/math.Sqrt2) }

// TwoSidedP is P(|Z| >= |z|): the two-sided p-value of a z statistic.
func TwoSidedP(z float64) float64 { return math.Erfc(math.Abs(z) / math.Sqrt2) }

// NormQuantile is the x with NormCDF(x) = p (Wichura, "The percentage
// points of the normal distribution", Applied Statistics 37, 1988, AS241
// PPND16). ±Inf at 0 and 1, NaN outside [0, 1].
func NormQuantile(p float64) float64 {
	switch {
	case math.IsNaN(p) || p < 0 || p > 1:
		return math.NaN()
	case p == 0:
		return math.Inf(-1)
	case p == 1:
		return math.Inf(1)
	}
	q := p - 0.5
	if math.Abs(q) <= 0.425 {
		r := 0.180625 - q*q
		return q * (((((((2509.0809287301226727*r+33430.575583588128105)*r+67265.770927008700853)*r+
			45921.953931549871457)*r+13731.693765509461125)*r+1971.5909503065514427)*r+133.14166789178437745)*r +
			3.387132872796366608) /
			(((((((5226.495278852545925*r+28729.085735721942674)*r+39307.89580009271061)*r+
				21213.794301586595867)*r+5394.1960214247511077)*r+687.1870074920579083)*r+42.313330701600911252)*r + 1)
	}
	r := p
	if q > 0 {
		r = 1 - p
	}
	r = math.Sqrt(-math.Log(r))
	var x float64
	if r <= 5 {
		r -= 1.6
		x = (((((((7.7454501427834140764e-4*r+0.0227238449892691845833)*r+0.24178072517745061177)*r+
			1.27045825245236838258)*r+3.64784832476320460504)*r+5.7694972214606914055)*r+4.6303378461565452959)*r +
			1.42343711074968357734) /
			(((((((1.05075007164441684324e-9*r+5.475938084995344946e-4)*r+0.0151986665636164571966)*r+
				0.14810397642748007459)*r+0.68976733498510000455)*r+1.6763848301838038494)*r+2.05319162663775882187)*r + 1)
	} else {
		r -= 5
		x = (((((((2.01033439929228813265e-7*r+2.71155556874348757815e-5)*r+0.0012426609473880784386)*r+
			0.026532189526576123093)*r+0.29656057182850489123)*r+1.7848265399172913358)*r+5.4637849111641143699)*r +
			6.6579046435011037772) /
			(((((((2.04426310338993978564e-15*r+1.4215117583164458887e-7)*r+1.8463183175100546818e-5)*r+
				7.868691311456132591e-4)*r+0.0148753612908506148525)*r+0.13692988092273580531)*r+0.59983220655588793769)*r + 1)
	}
	if q < 0 {
		return -x
	}
	return x
}

// ChiSquareSF is P(X >= x) for X chi-square distributed with df degrees of
// freedom: Q(df/2, x/2).
func ChiSquareSF(x float64, df int) float64 {
	if df <= 0 || math.IsNaN(x) {
		return math.NaN()
	}
	if x <= 0 {
		return 1
	}
	return GammaQ(float64(df)/2, x/2)
}

// GammaQ is the regularised upper incomplete gamma function
// Q(a, x) = Γ(a, x)/Γ(a), for a > 0 and x >= 0.
func GammaQ(a, x float64) float64 {
	switch {
	case a <= 0 || x < 0 || math.IsNaN(a) || math.IsNaN(x):
		return math.NaN()
	case x == 0:
		return 1
	case math.IsInf(x, 1):
		return 0
	}
	if x < a+1 {
		return 1 - gammaPSeries(a, x) // P is not close to 1 here: no loss
	}
	return gammaQFraction(a, x)
}

const (
	gammaEps   = 1e-16
	gammaIters = 10000
)

// gammaPSeries is P(a, x) by its series, for x < a + 1:
// P = e^-x x^a / Γ(a+1) · Σ x^n / ((a+1)…(a+n)).
func gammaPSeries(a, x float64) float64 {
	lg, _ := math.Lgamma(a)
	sum, term, ap := 1/a, 1/a, a
	for range gammaIters {
		ap++
		term *= x / ap
		sum += term
		if math.Abs(term) < math.Abs(sum)*gammaEps {
			break
		}
	}
	return sum * math.Exp(-x+a*math.Log(x)-lg)
}

// gammaQFraction is Q(a, x) by its continued fraction (modified Lentz), for
// x >= a + 1.
func gammaQFraction(a, x float64) float64 {
	const tiny = 1e-300
	lg, _ := math.Lgamma(a)
	b := x + 1 - a
	c := 1 / tiny
	d := 1 / b
	h := d
	for i := 1; i <= gammaIters; i++ {
		an := -float64(i) * (float64(i) - a)
		b += 2
		d = an*d + b
		if math.Abs(d) < tiny {
			d = tiny
		}
		c = b + an/c
		if math.Abs(c) < tiny {
			c = tiny
		}
		d = 1 / d
		del := d * c
		h *= del
		if math.Abs(del-1) < gammaEps {
			break
		}
	}
	return math.Exp(-x+a*math.Log(x)-lg) * h
}
