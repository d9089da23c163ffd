package site

import (
	"fmt"
	"html/template"
	"math"
	"strconv"
	"strings"
	"time"
)

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
	Title  string
	Value  string
	Unit   string
	Link   string // relative to the site root; the dashboard is at the root
	State  string // "", "ok", "warning", "breach"
	Note   string
	Deltas []Delta
}

// Delta is a figure's change against an earlier one.
type Delta struct {
	Arrow   string // ▲ ▼ ■
	Text    string // "+12%" or "+3"
	Against string // "vs previous 30 days"
	Class   string // good, bad, flat
	Title   string // full sentence for the tooltip
}

// NewDelta compares cur with prev. goodWhenDown says which way is better.
// With prev 0 the change is shown as an absolute difference.
func NewDelta(cur, prev float64, goodWhenDown bool, against string) Delta {
	d := Delta{Against: against}
	diff := cur - prev
	switch {
	case math.IsNaN(cur) || math.IsNaN(prev):
		return Delta{Arrow: "·", Text: "n/a", Against: against, Class: "flat", Title: "no earlier figure to compare with"}
	case diff == 0:
		d.Arrow, d.Class, d.Text = "■", "flat", "no change"
	case diff > 0:
		d.Arrow = "▲"
	default:
		d.Arrow = "▼"
	}
	if diff != 0 {
		if prev != 0 {
			d.Text = fmt.Sprintf("%+.0f%%", 100*diff/math.Abs(prev))
		} else {
			d.Text = signed(diff)
		}
		if (diff < 0) == goodWhenDown {
			d.Class = "good"
		} else {
			d.Class = "bad"
		}
	}
	d.Title = fmt.Sprintf("%s now against %s %s", trimFloat(cur), trimFloat(prev), against)
	return d
}

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

// funcs are the template functions every template may use.
func funcs() template.FuncMap {
	return template.FuncMap{
		"num":     fmtInt,
		"pct":     fmtPct,
		"fixed":   func(v float64, d int) string { return strconv.FormatFloat(v, 'f', d, 64) },
		"date":    func(t time.Time) string { return t.UTC().Format("2006-01-02") },
		"join":    strings.Join,
		"lower":   strings.ToLower,
		"isodate": func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
	}
}

// fmtInt writes 12345 as 12,345.
func fmtInt(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// fmtPct writes a 0..1 share as a percentage with one decimal.
func fmtPct(v float64) string {
	if math.IsNaN(v) {
		return "n/a"
	}
	return strconv.FormatFloat(100*v, 'f', 1, 64) + "%"
}

// NewCountDelta compares two counts: below 10 on both sides the counts
// themselves are shown ("2 against 3"), as a percentage of so few says
// nothing.
func NewCountDelta(cur, prev float64, goodWhenDown bool, against string) Delta {
	d := NewDelta(cur, prev, goodWhenDown, against)
	if !math.IsNaN(cur) && !math.IsNaN(prev) && math.Abs(cur) < 10 && math.Abs(prev) < 10 {
		d.Arrow, d.Class = "·", "flat"
		d.Text = trimFloat(cur) + " against " + trimFloat(prev)
		d.Against = strings.TrimPrefix(d.Against, "vs ")
		d.Title = "too few to call a trend: " + d.Title
	}
	return d
}

// NewPointsDelta compares two shares (0..1) in percentage points, which
// reads better than a relative change of a percentage.
func NewPointsDelta(cur, prev float64, goodWhenDown bool, against string) Delta {
	d := NewDelta(cur, prev, goodWhenDown, against)
	if d.Class != "flat" && !math.IsNaN(cur) && !math.IsNaN(prev) {
		d.Text = fmt.Sprintf("%+.1f pts", 100*(cur-prev))
		d.Title = fmt.Sprintf("%s now against %s %s", fmtPct(cur), fmtPct(prev), against)
	}
	return d
}
