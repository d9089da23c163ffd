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
}

// judgement of a change.
const (
	judgedBetter = "better"
	judgedWorse  = "worse"
	judgedSteady = "steady"
	judgedFew    = "few"
)

func stateText(s string) string {
	if s == judgedFew {
		return "too few data"
	}
	return s
}

// judgeCount compares two counts. Below 10 on both sides a percentage
// says nothing: the counts are shown and the state is "too few data".
// Within 5% either way is steady.
func judgeCount(cur, prev int, goodWhenDown bool, against string) (change, text, state string) {
	if cur < 10 && prev < 10 {
		return "", fmt.Sprintf("%s against %s %s", theme.Num(cur), theme.Num(prev), against), judgedFew
	}
	text = "against " + theme.Num(prev) + " " + against
	if prev == 0 {
		return signed(float64(cur)), text, directionState(float64(cur), 0, goodWhenDown)
	}
	pct := math.Round(100 * float64(cur-prev) / float64(prev))
	change = fmt.Sprintf("%+.0f%%", pct)
	if math.Abs(pct) < 5 { // judged on the shown figure: "-5%" is not steady
		return change, text, judgedSteady
	}
	return change, text, directionState(float64(cur), float64(prev), goodWhenDown)
}

// judgeShare compares two shares (0..1) in percentage points; within
// tolerance points either way is steady.
func judgeShare(cur, prev, tolerance float64, goodWhenDown bool, against string) (change, text, state string) {
	text = "against " + theme.Pct(prev) + " " + against
	d := 100 * (cur - prev)
	change = fmt.Sprintf("%+.1f pts", d)
	if math.Abs(d) < tolerance {
		return change, text, judgedSteady
	}
	return change, text, directionState(cur, prev, goodWhenDown)
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
