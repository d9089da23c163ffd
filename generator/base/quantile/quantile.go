// Package quantile holds the one implementation of the median and the
// nearest-rank 90th percentile that METRICS.md defines, for every figure
// that reports them (time to close, to first response, to resolve, days
// between releases).
package quantile

// Median of sorted values: the middle one, or the mean of the two middle
// ones. sorted must not be empty.
func Median(sorted []float64) float64 {
	n := len(sorted)
	if n%2 == 1 {
		return sorted[n/2]
	}
	return (sorted[n/2-1] + sorted[n/2]) / 2
}

// P90 of sorted values by nearest rank: the value at rank ceil(0.9 n),
// counted in integers so that no rounding can move the rank. sorted must
// not be empty.
func P90(sorted []float64) float64 {
	n := len(sorted)
	return sorted[(9*n+9)/10-1]
}
