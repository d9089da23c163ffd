package quantile

import (
	"math"
	"testing"
)

func TestMedianAndNearestRankP90(t *testing.T) {
	for _, c := range []struct {
		name     string
		in       []float64
		med, p90 float64
	}{
		{"one value", []float64{7}, 7, 7},
		{"two values: mean of both, p90 the second", []float64{1, 3}, 2, 3},
		{"ten values: p90 is the 9th", []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 5.5, 9},
		{"eleven values: p90 is the 10th", []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}, 6, 10},
	} {
		if got := Median(c.in); got != c.med {
			t.Errorf("%s: median %v, want %v", c.name, got, c.med)
		}
		if got := P90(c.in); got != c.p90 {
			t.Errorf("%s: p90 %v, want %v", c.name, got, c.p90)
		}
	}
}

// The integer rank is the rank ceil(0.9 n) of METRICS.md for every n.
func TestP90RankIsCeilingOfNineTenths(t *testing.T) {
	for n := 1; n <= 100_000; n++ {
		if got, want := (9*n+9)/10, int(math.Ceil(0.9*float64(n))); got != want {
			t.Fatalf("n=%d: rank %d, want %d", n, got, want)
		}
	}
}
