package pages

import (
	"fmt"
	"math"

	"github.com/vitals-dev/vitals/generator/render/theme"
)

// The verdict's tiles (the dashboard's, and each quarterly review's): a
// headline figure with a sparkline and its direction against the year
// before, judged better, worse, steady or too few data.

// Tile is one headline of the verdict.
type Tile struct {
	ID, Title  string
	Value      string
	Unit       string
	Link       string // detail page, relative to the site root
	How        string // "How we count" anchor, relative to the site root
	Change     string // "+12%", "-3.1 pts", "" when counts are shown instead
	Against    string // "against 312 the 12 months before", "2 against 3 the 12 months before"
	State      string // better, worse, steady, few
	StateText  string // better, worse, steady, too few data
	Note       string // a second figure, plainly
	Spark      []SparkBar
	SparkLabel string
	// Figure and Over mark the Value as Figure.Key and Figure.Over do.
	Figure, Over string
}

// judgement of a change.
const (
	judgedBetter = "better"
	judgedWorse  = "worse"
	judgedSteady = "steady"
	judgedFew    = "few"
)

// SteadyPct is the steady band, the one rule of every verdict, arrow
// colour and "what changed" line: a change whose shown whole percentage is
// this or less either way (-5% to +5%) is steady, neither better nor
// worse, wherever it is shown. A share's change is judged the same way,
// relative to the earlier share, though it is written in points.
const SteadyPct = 5

// SteadyText says the band in words, for the pages that judge.
const SteadyText = "steady (a move of 5% or less either way)"

func stateText(s string) string {
	if s == judgedFew {
		return "too few data"
	}
	return s
}

// judge is the one rule: better, worse or steady, from the change of cur
// against prev as the pages show it (a whole percentage; from 0, any move
// is judged by its direction).
func judge(cur, prev float64, goodWhenDown bool) string {
	if cur == prev {
		return judgedSteady
	}
	if prev != 0 && math.Abs(math.Round(100*(cur-prev)/math.Abs(prev))) <= SteadyPct {
		return judgedSteady
	}
	return directionState(cur, prev, goodWhenDown)
}

// pctText writes the change of cur against prev as a whole percentage, or
// as a signed difference from 0.
func pctText(cur, prev float64) string {
	if prev == 0 {
		return signed(cur - prev)
	}
	return fmt.Sprintf("%+.0f%%", math.Round(100*(cur-prev)/math.Abs(prev)))
}

// judgeCount compares two counts. Below 10 on both sides a percentage
// says nothing: the counts are shown and the state is "too few data".
func judgeCount(cur, prev int, goodWhenDown bool, against string) (change, text, state string) {
	if cur < 10 && prev < 10 {
		return "", fmt.Sprintf("%s against %s %s", theme.Num(cur), theme.Num(prev), against), judgedFew
	}
	return pctText(float64(cur), float64(prev)), "against " + theme.Num(prev) + " " + against, judge(float64(cur), float64(prev), goodWhenDown)
}

// judgeShare compares two shares (0..1), written in percentage points and
// judged by the one rule.
func judgeShare(cur, prev float64, goodWhenDown bool, against string) (change, text, state string) {
	return fmt.Sprintf("%+.1f pts", 100*(cur-prev)), "against " + theme.Pct(prev) + " " + against, judge(cur, prev, goodWhenDown)
}

func directionState(cur, prev float64, goodWhenDown bool) string {
	switch {
	case cur == prev:
		return judgedSteady
	case (cur < prev) == goodWhenDown:
		return judgedBetter
	}
	return judgedWorse
}

// SparkBar is one bar of a sparkline: a height level from 1 to 10, or a
// gap where there is no value.
type SparkBar struct {
	Level     int
	Gap, Last bool
}

// sparkline draws values as small bars of ten heights, lowest value 1,
// highest 10; the last bar stands out. Plain elements and classes: no
// script, no inline style or SVG (which only data could put on a page),
// and it prints as it is.
func sparkline(v []float64) []SparkBar {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, x := range v {
		if !math.IsNaN(x) {
			lo, hi = math.Min(lo, x), math.Max(hi, x)
		}
	}
	if len(v) < 2 || math.IsInf(lo, 1) {
		return nil
	}
	out := make([]SparkBar, len(v))
	for i, x := range v {
		switch {
		case math.IsNaN(x):
			out[i].Gap = true
		case hi == lo:
			out[i].Level = 5
		default:
			out[i].Level = 1 + int(math.Round(9*(x-lo)/(hi-lo)))
		}
	}
	out[len(out)-1].Last = true
	return out
}

// Change is one line of "what changed".
type Change struct {
	Text, Class string // Class: good or bad
}
