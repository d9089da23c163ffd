package pages

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/vitals-dev/vitals/generator/render/theme"
)

// Numbers and words as the pages write them; counts and shares are written
// by theme.Num and theme.Pct, as the templates' num and pct write them.

func signed(v float64) string {
	s := trimFloat(v)
	if v > 0 {
		return "+" + s
	}
	return s
}

func trimFloat(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return strconv.FormatInt(int64(v), 10)
	}
	return strconv.FormatFloat(v, 'f', 2, 64)
}

// plural writes "1 incident", "2 incidents", "0 incidents" (noun + s).
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return theme.Num(n) + " " + noun + "s"
}

func ptr(v *float64) float64 {
	if v == nil {
		return math.NaN()
	}
	return *v
}

func share(v *float64) string {
	if v == nil {
		return "n/a"
	}
	return theme.Pct(*v)
}

// noCommentsNote says that first responses of repos are unknown, and what to do.
func noCommentsNote(repos []string) string {
	if len(repos) == 0 {
		return "no comments in the store: run vitals fetch"
	}
	return "no comments in the store for " + strings.Join(repos, ", ") + ": run vitals fetch"
}

func minutesText(m float64) string {
	switch {
	case math.IsNaN(m):
		return ""
	case m < 120:
		return strconv.FormatFloat(m, 'f', 0, 64) + " min"
	case m < 48*60:
		return strconv.FormatFloat(m/60, 'f', 1, 64) + " h"
	default:
		return strconv.FormatFloat(m/1440, 'f', 1, 64) + " days"
	}
}

func num(v float64, decimals int) string {
	if math.IsNaN(v) {
		return "n/a"
	}
	if decimals == 0 {
		return theme.Num(int(math.Round(v)))
	}
	return strings.TrimSpace(fmt.Sprintf("%.*f", decimals, v))
}

func hours(v *float64) string {
	if v == nil {
		return "n/a"
	}
	if *v >= 48 {
		return strconv.FormatFloat(*v/24, 'f', 1, 64) + " days"
	}
	return strconv.FormatFloat(*v, 'f', 1, 64) + " hours"
}
