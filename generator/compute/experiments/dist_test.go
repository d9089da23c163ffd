package experiments

import (
	"math"
	"testing"
)

func near(got, want, rel float64) bool {
	if math.IsNaN(want) {
		return math.IsNaN(got)
	}
	if want == 0 {
		return math.Abs(got) <= rel
	}
	return math.Abs(got-want) <= rel*math.Abs(want)
}

func TestNormQuantileKnownPoints(t *testing.T) {
	for _, c := range []struct{ p, want float64 }{
		{0.5, 0},
		{0.975, 1.959963984540054},
		{0.8, 0.8416212335729143},
		{0.99, 2.3263478740408408},
		{1 - 0.0125, 2.2414027276049464}, // alpha 0.05 over two treatments
		{0.025, -1.959963984540054},
	} {
		if got := NormQuantile(c.p); !near(got, c.want, 1e-14) {
			t.Errorf("NormQuantile(%v) = %.17g, want %.17g", c.p, got, c.want)
		}
	}
	// docs/metrics.md writes the 80% power term 0.841621.
	if math.Abs(Power80-0.841621) > 5e-7 {
		t.Errorf("Power80 = %v, want 0.841621 to six places", Power80)
	}
	if !math.IsInf(NormQuantile(0), -1) || !math.IsInf(NormQuantile(1), 1) || !math.IsNaN(NormQuantile(1.5)) {
		t.Error("NormQuantile at 0, 1 and outside [0, 1]")
	}
}

func TestNormQuantileInvertsNormCDFIntoTheTails(t *testing.T) {
	for _, p := range []float64{1e-300, 1e-50, 1e-10, 1e-4, 0.01, 0.3, 0.5, 0.7, 0.99, 1 - 1e-10} {
		x := NormQuantile(p)
		if got := NormCDF(x); !near(got, p, 1e-9) {
			t.Errorf("NormCDF(NormQuantile(%g)) = %g", p, got)
		}
		if p < 0.5 && NormQuantile(p) != -NormQuantile(1-p) && p > 1e-10 {
			if !near(NormQuantile(p), -NormQuantile(1-p), 1e-9) {
				t.Errorf("NormQuantile not symmetric at %g", p)
			}
		}
	}
}

func TestTwoSidedPIsBothTails(t *testing.T) {
	if got := TwoSidedP(1.959963984540054); !near(got, 0.05, 1e-13) {
		t.Errorf("TwoSidedP(1.96) = %v", got)
	}
	if TwoSidedP(-2) != TwoSidedP(2) {
		t.Error("TwoSidedP not symmetric")
	}
	if got := TwoSidedP(30); got <= 0 || got > 1e-190 {
		t.Errorf("TwoSidedP(30) = %g, want a tiny positive tail", got)
	}
}

// The regularised upper incomplete gamma has closed forms at half-integer
// and integer a; the chi-square tail with df degrees of freedom is Q(df/2, x/2).
func TestGammaQMatchesClosedForms(t *testing.T) {
	closed := map[float64]func(x float64) float64{
		0.5: func(x float64) float64 { return math.Erfc(math.Sqrt(x)) },
		1:   func(x float64) float64 { return math.Exp(-x) },
		1.5: func(x float64) float64 { return math.Erfc(math.Sqrt(x)) + 2*math.Sqrt(x/math.Pi)*math.Exp(-x) },
		2:   func(x float64) float64 { return (1 + x) * math.Exp(-x) },
		3:   func(x float64) float64 { return (1 + x + x*x/2) * math.Exp(-x) },
		5: func(x float64) float64 {
			return (1 + x + x*x/2 + x*x*x/6 + x*x*x*x/24) * math.Exp(-x)
		},
	}
	for a, f := range closed {
		for _, x := range []float64{1e-6, 0.01, 0.3, 1, 1.5, 2.9, 3.1, 7, 20, 100, 500} {
			want := f(x)
			if got := GammaQ(a, x); !near(got, want, 1e-12) {
				t.Errorf("GammaQ(%v, %v) = %.17g, want %.17g", a, x, got, want)
			}
		}
	}
}

func TestChiSquareSFCriticalValues(t *testing.T) {
	for _, c := range []struct {
		x    float64
		df   int
		want float64
	}{
		{3.841458820694124, 1, 0.05},
		{5.991464547107979, 2, 0.05},
		{10.827566170662733, 1, 0.001},
		{16.26623619623813, 3, 0.001},
		{0, 4, 1},
	} {
		if got := ChiSquareSF(c.x, c.df); !near(got, c.want, 1e-12) {
			t.Errorf("ChiSquareSF(%v, %d) = %.17g, want %v", c.x, c.df, got, c.want)
		}
	}
	if !math.IsNaN(ChiSquareSF(1, 0)) {
		t.Error("ChiSquareSF with 0 degrees of freedom should be NaN")
	}
}
