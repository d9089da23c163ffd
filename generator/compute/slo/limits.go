package slo

import (
	"fmt"
	"strconv"
	"time"
)

// The limits on time slices (docs/limits.md). A time-slice SLO holds one
// slice per slice length from its data's first point to as_of, with its
// running sums: about 100 bytes a slice while they are built. Issue 23 saw
// slice = "1s" over three years of checks run past 90 s and 15 GB.
const (
	// MaxWindowSlices is the most slices an SLO's window may hold: site.toml
	// is refused (by vitals check too) when window / slice is more.
	MaxWindowSlices = 2_000_000
	// MaxSlices is the most slices an SLO may make over its data, from the
	// first check result to as_of: the build stops with a
	// *TooManySlicesError when they would be more.
	MaxSlices = 5_000_000
)

// TooManySlicesError is a time-slice SLO whose data spans more slices than
// MaxSlices.
type TooManySlicesError struct {
	Slice      time.Duration
	From, AsOf time.Time
	N          int64
}

func (e *TooManySlicesError) Error() string {
	span := e.AsOf.Sub(e.From)
	return fmt.Sprintf("slice %s over the data from %s to %s (%s) makes %s time slices, more than %s (docs/limits.md): use a slice of at least %s",
		FormatWindow(e.Slice), e.From.UTC().Format(time.DateOnly), e.AsOf.UTC().Format(time.DateOnly), FormatWindow(span.Truncate(24*time.Hour)),
		thousands(e.N), thousands(MaxSlices), FormatWindow(minSlice(span, MaxSlices)))
}

// Key is the site.toml key the error is about.
func (e *TooManySlicesError) Key() string { return "slice" }

// minSlice is the shortest whole-second slice that cuts span into at most
// n slices.
func minSlice(span time.Duration, n int64) time.Duration {
	d := (span + time.Duration(n) - 1) / time.Duration(n)
	return max(time.Second, (d + time.Second - 1).Truncate(time.Second))
}

// thousands writes n with commas: 2,592,000.
func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
