package pages

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/vitals-dev/vitals/generator/base/period"
	"github.com/vitals-dev/vitals/generator/compute/issuestats"
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

// labelLag says how far the bug counts of the last periods may still rise:
// bugs count by their current labels, and a label comes after the issue is
// opened. Of ends, the ends of the chart's complete periods in order, it
// counts those after as_of less the 90th percentile of the labelling delay
// (issuestats.LabelLag), when that is a day or more: those periods are
// provisional, drawn apart. The sentence says so for the chart's caption.
func labelLag(ll issuestats.LabelLag, ends []time.Time, asOf time.Time, kind string) (int, string) {
	const lead = "Bugs by their current labels"
	if ll.P90Hours == nil {
		return 0, lead + "; the data holds no labelling times, so the latest " + kind + "s may still rise as labels are added."
	}
	lag := time.Duration(*ll.P90Hours * float64(time.Hour))
	within := "within " + strconv.FormatFloat(lag.Hours(), 'f', 0, 64) + " hours"
	if lag >= 48*time.Hour {
		within = "within " + strconv.FormatFloat(lag.Hours()/24, 'f', 0, 64) + " days"
	}
	// Under a day the last period misses a few hours' labels at most.
	n := 0
	for i := len(ends) - 1; i >= 0 && lag >= 24*time.Hour && ends[i].After(asOf.Add(-lag)); i-- {
		n++
	}
	said := lead + ": 9 in 10 bugs of the last 12 months got their last label " + within + " of being opened, so "
	if n == 0 {
		return 0, said + "these counts are near final."
	}
	if n == 1 {
		return 1, said + "the last " + kind + "'s count may still rise as labels come (drawn dotted)."
	}
	return n, said + "the last " + strconv.Itoa(n) + " " + kind + "s' counts may still rise as labels come (drawn dotted)."
}

// periodLabel names a period on a chart's axis and in its table: a week by
// the date of its Monday (nobody reads "2026-W42"), the others as written
// ("2026-09", "2026-Q3", "2026-09-28").
func periodLabel(p period.P) string {
	if p.Kind == period.Week {
		return p.Start.Format("2006-01-02")
	}
	return p.String()
}

// upperFirst capitalises a sentence that starts in lower case.
func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
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
