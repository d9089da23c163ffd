package pages

import (
	"fmt"
	"math"
	"strings"

	"github.com/vitals-dev/vitals/generator/compute/incidents"
	"github.com/vitals-dev/vitals/generator/render/chart"
	"github.com/vitals-dev/vitals/generator/render/theme"
)

// The pieces that several sections show: the dashboard's cards and their
// changes, a section page's headline figures, links and chart panels.

// CardGroup is a row of dashboard cards under a heading.
type CardGroup struct {
	ID    string // anchor, a slug of the title
	Title string
	// Note states the group's window and comparison, once for its cards.
	Note  string
	How   string // "How we count" section, relative to the site root
	Cards []Card
	// Items are listed under the cards (risks the figures count).
	Items []GroupItem
}

// GroupItem is one line listed under a card group.
type GroupItem struct {
	Text, Link, Note string
}

// Card is one headline figure on the dashboard.
type Card struct {
	Title string
	Value string
	Unit  string
	Link  string // relative to the site root; the dashboard is at the root
	State string // "", "ok", "warning", "breach": the border's colour
	// StateText says the state in words (WCAG 1.4.1: never colour
	// alone); a card with a State and no StateText shows the state's name.
	StateText string
	Note      string
	Deltas    []Delta
	// Figure and Over mark the Value as Figure.Key and Figure.Over do.
	Figure, Over string
}

// Delta is a figure's change against an earlier one. Its judgement is in
// words as well as colour (WCAG 1.4.1): better, worse, steady, or too few
// to judge.
type Delta struct {
	Arrow   string // ▲ ▼ ■
	Text    string // "+12%" or "+3"
	Word    string // better, worse, steady, too few to judge, no earlier figure
	Against string // "vs previous 30 days"
	Class   string // good, bad, flat
	Title   string // full sentence for the tooltip
}

// deltaClass colours a judgement: good, bad, or flat for steady and
// everything that is not judged.
func deltaClass(judged string) string {
	switch judged {
	case judgedBetter:
		return "good"
	case judgedWorse:
		return "bad"
	}
	return "flat"
}

// NewDelta compares cur with prev. goodWhenDown says which way is better.
// With prev 0 the change is shown as an absolute difference. A change
// within the steady band (SteadyPct) is steady, and drawn so.
func NewDelta(cur, prev float64, goodWhenDown bool, against string) Delta {
	d := Delta{Against: against}
	diff := cur - prev
	switch {
	case math.IsNaN(cur) || math.IsNaN(prev):
		return Delta{Arrow: "·", Text: "n/a", Word: "no earlier figure", Against: against, Class: "flat", Title: "no earlier figure to compare with"}
	case diff == 0:
		d.Arrow, d.Text = "■", "no change"
	case diff > 0:
		d.Arrow = "▲"
	default:
		d.Arrow = "▼"
	}
	if diff != 0 {
		d.Text = pctText(cur, prev)
	}
	d.Word = judge(cur, prev, goodWhenDown)
	d.Class = deltaClass(d.Word)
	d.Title = fmt.Sprintf("%s now against %s %s", trimFloat(cur), trimFloat(prev), against)
	return d
}

// fewDelta is a change of too few events to judge: the counts, not a
// percentage, and no verdict.
func fewDelta(text, against, title string) Delta {
	return Delta{Arrow: "·", Class: "flat", Word: "too few to judge", Text: text, Against: against, Title: title}
}

// NewCountDelta compares two counts: below 10 on both sides the counts
// themselves are shown ("2 against 3"), as a percentage of so few says
// nothing.
func NewCountDelta(cur, prev float64, goodWhenDown bool, against string) Delta {
	d := NewDelta(cur, prev, goodWhenDown, against)
	if !math.IsNaN(cur) && !math.IsNaN(prev) && math.Abs(cur) < 10 && math.Abs(prev) < 10 {
		return fewDelta(trimFloat(cur)+" against "+trimFloat(prev), strings.TrimPrefix(d.Against, "vs "), "too few to call a trend: "+d.Title)
	}
	return d
}

// NewPointsDelta compares two shares (0..1) in percentage points, which
// reads better than a relative change of a percentage; it is judged by the
// same rule as any change.
func NewPointsDelta(cur, prev float64, goodWhenDown bool, against string) Delta {
	d := NewDelta(cur, prev, goodWhenDown, against)
	if cur != prev && !math.IsNaN(cur) && !math.IsNaN(prev) {
		d.Text = fmt.Sprintf("%+.1f pts", 100*(cur-prev))
		d.Title = fmt.Sprintf("%s now against %s %s", theme.Pct(cur), theme.Pct(prev), against)
	}
	return d
}

// Link is a plain link.
type Link struct{ Title, Path string }

// Figure is a headline number on a section page.
type Figure struct {
	Name, Value, Note string
	// Key names the figure where another page shows it too, and Over
	// the window or instant it is counted over, as the page says it: the
	// same Key and Over must show the same Value on every page (a test
	// holds them), and a different Over must be said next to it.
	Key, Over string
}

// mark gives a figure its Key and Over.
func (f Figure) mark(key, over string) Figure {
	f.Key, f.Over = key, over
	return f
}

// newFigure is a figure without a Key.
func newFigure(name, value, note string) Figure { return Figure{Name: name, Value: value, Note: note} }

// Panel is the charts of one period kind.
type Panel struct {
	Kind   string
	Charts []chart.Chart
}

// squashes reports whether hi (a p90) reaches so far above lo (its median)
// that on a linear axis lo would lie flat along the bottom: hi's highest
// point over ten times lo's median point.
func squashes(lo, hi []float64) bool {
	var l []float64
	top := 0.0
	for i := range lo {
		if !math.IsNaN(lo[i]) && lo[i] > 0 {
			l = append(l, lo[i])
		}
		if !math.IsNaN(hi[i]) {
			top = math.Max(top, hi[i])
		}
	}
	if len(l) == 0 {
		return false
	}
	return top > 10*incidents.Stats(l).Median
}
