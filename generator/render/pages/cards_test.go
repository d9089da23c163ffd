package pages

import (
	"math"
	"strings"
	"testing"
)

func TestDeltaDirectionAndColour(t *testing.T) {
	cases := []struct {
		cur, prev    float64
		goodWhenDown bool
		arrow, text  string
		class        string
	}{
		{27, 36, true, "▼", "-25%", "good"}, // fewer open bugs: 9/36 = 25% down
		{10, 7, true, "▲", "+43%", "bad"},   // 3/7 = 42.9% up
		{5, 0, true, "▲", "+5", "bad"},      // no base: absolute change
		{4, 4, false, "■", "no change", "flat"},
		{101, 100, true, "▲", "+1%", "flat"}, // within the steady band: neither good nor bad
		{95, 100, false, "▼", "-5%", "flat"},
		{math.NaN(), 4, false, "·", "n/a", "flat"},
	}
	for _, c := range cases {
		d := NewDelta(c.cur, c.prev, c.goodWhenDown, "vs x")
		if d.Arrow != c.arrow || d.Text != c.text || d.Class != c.class {
			t.Errorf("NewDelta(%v, %v): %+v", c.cur, c.prev, d)
		}
	}
	// Shares compare in points: 69.8% against 78.6% is -8.8 points, bad when up is good.
	if d := NewPointsDelta(0.698, 0.786, false, "vs y"); d.Text != "-8.8 pts" || d.Class != "bad" || d.Word != "worse" {
		t.Errorf("points: %+v", d)
	}
	// 75.0% against 78.4% is -3.4 points, 4% of 78.4: steady.
	if d := NewPointsDelta(0.75, 0.784, false, "vs y"); d.Text != "-3.4 pts" || d.Class != "flat" || d.Word != "steady" {
		t.Errorf("points within the band: %+v", d)
	}
}

// The needs-action list: what must happen now before what is late, each
// urgency in the order the sections added its items.
func TestNeedsActionListsNowBeforeSoonInSectionOrder(t *testing.T) {
	b := &Builder{}
	b.needsAction(Action{Urgency: ActSoon, Title: "overdue items"})
	b.needsAction(Action{Urgency: ActNow, Title: "budget spent"})
	b.needsAction(Action{Urgency: ActSoon, Title: "postmortems missing"})
	b.needsAction(Action{Urgency: ActNow, Title: "KPI breach"})
	var got []string
	for _, a := range b.actionList() {
		got = append(got, a.Word()+": "+a.Title)
	}
	if want := "now: budget spent|now: KPI breach|soon: overdue items|soon: postmortems missing"; strings.Join(got, "|") != want {
		t.Errorf("got %q, want %q", strings.Join(got, "|"), want)
	}
}
