package pages

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/vitals-dev/vitals/generator/compute/issuestats"
	"github.com/vitals-dev/vitals/generator/compute/slo"
)

func TestJudgeCountShowsCountsBelowTenAndJudgesTheShownChange(t *testing.T) {
	for _, c := range []struct {
		name                string
		cur, prev           int
		goodWhenDown        bool
		change, text, state string
	}{
		{"few on both sides", 2, 3, true, "", "2 against 3 the year before", judgedFew},
		{"fall is better", 50, 100, true, "-50%", "against 100 the year before", judgedBetter},
		{"rise is worse", 130, 100, true, "+30%", "against 100", judgedWorse},
		{"within 5% is steady", 104, 100, true, "+4%", "against 100", judgedSteady},
		{"a shown 5% is steady", 953, 1000, false, "-5%", "against 1,000", judgedSteady},
		{"a shown 6% is judged", 945, 1000, false, "-6%", "against 1,000", judgedWorse},
		{"one side 10 or more is judged", 12, 3, true, "+300%", "against 3", judgedWorse},
	} {
		t.Run(c.name, func(t *testing.T) {
			ch, text, st := judgeCount(c.cur, c.prev, c.goodWhenDown, "the year before")
			if ch != c.change || !strings.Contains(text, strings.TrimSuffix(c.text, " the year before")) || st != c.state {
				t.Errorf("judgeCount(%d, %d) = %q, %q, %q; want %q, %q, %q", c.cur, c.prev, ch, text, st, c.change, c.text, c.state)
			}
		})
	}
}

func TestNewCountDeltaShowsCountsBelowTen(t *testing.T) {
	d := NewCountDelta(2, 3, true, "vs the 12 months before")
	if d.Text != "2 against 3" || d.Against != "the 12 months before" || d.Class != "flat" {
		t.Errorf("2 against 3: %+v", d)
	}
	if d := NewCountDelta(20, 10, true, "vs x"); d.Text != "+100%" || d.Class != "bad" || d.Word != "worse" {
		t.Errorf("20 against 10: %+v", d)
	}
	if d.Word != "too few to judge" {
		t.Errorf("2 against 3 says no judgement in words: %+v", d)
	}
}

// One rule judges every change, wherever it is shown: a verdict tile, a
// card's or table's arrow, and the review's "what changed". For each pair
// of figures the three agree: steady (neutral, left out of "what changed")
// within the band, else better or worse.
func TestOneRuleForTilesDeltasAndWhatChanged(t *testing.T) {
	for _, prev := range []int{20, 100, 253, 1000} {
		for cur := prev / 2; cur <= prev*3/2; cur++ {
			for _, down := range []bool{true, false} {
				_, _, tile := judgeCount(cur, prev, down, "before")
				d := NewDelta(float64(cur), float64(prev), down, "vs before")
				better, worse := whatChanged([]quarterFigure{{Now: float64(cur), Ago: float64(prev), Prev: float64(prev), Count: true, GoodWhenDown: down, Phrase: "x"}}, "q1", "q0")
				listed := judgedSteady
				switch {
				case len(better) == 1:
					listed = judgedBetter
				case len(worse) == 1:
					listed = judgedWorse
				}
				if tile != d.Word || tile != listed || deltaClass(tile) != d.Class {
					t.Fatalf("%d against %d (down good %v): tile %s, delta %s (%s), what changed %s", cur, prev, down, tile, d.Word, d.Class, listed)
				}
				pct := math.Abs(math.Round(100 * float64(cur-prev) / float64(prev)))
				if (pct <= SteadyPct) != (tile == judgedSteady) {
					t.Fatalf("%d against %d is %+.0f%%: judged %s", cur, prev, pct, tile)
				}
			}
		}
	}
}

func TestSparklineScalesToTenLevelsAndLeavesGaps(t *testing.T) {
	got := sparkline([]float64{10, 20, math.NaN(), 15, 0})
	want := []SparkBar{{Level: 6}, {Level: 10}, {Gap: true}, {Level: 8}, {Level: 1, Last: true}}
	if len(got) != len(want) {
		t.Fatalf("got %+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("bar %d = %+v, want %+v", i, got[i], want[i])
		}
	}
	if sparkline([]float64{math.NaN(), math.NaN()}) != nil || sparkline([]float64{1}) != nil {
		t.Error("a sparkline of no line must be empty")
	}
}

func TestSlugAnchorsAreNamesNotPositions(t *testing.T) {
	got := slugAnchors("slo", []string{"API availability", "API  availability!", "", "Über uptime"})
	want := []string{"slo-api-availability", "slo-api-availability-2", "slo-item", "slo-ber-uptime"}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("anchor %d = %q, want %q", i, got[i], want[i])
		}
	}
}

// Budget 50% left of a 30-day window, burning at 2 over the last day:
// 0.5 × 30 days / 2 = 7.5 days. At 0.25 the budget moves toward 75% left:
// up from 50% (it recovers); from 90% left it shrinks toward 75%.
func TestBudgetLastsAtTheCurrentBurnRate(t *testing.T) {
	asOf := ts("2025-07-01T00:00:00Z")
	r := slo.Result{Window: 30 * 24 * time.Hour, Rolling: slo.Compliance{HasData: true, BudgetRemaining: 0.5},
		Burns: []slo.Burn{{Window: time.Hour, Rate: 9, Known: true}, {Window: 24 * time.Hour, Rate: 2, Known: true}, {Window: 72 * time.Hour, Rate: 1.5, Known: true}}}
	if got := budgetLasts(r, asOf); !strings.Contains(got, "runs out around 8 July 2025, 12:00 UTC") || !strings.Contains(got, "last 1d (2.00)") {
		t.Errorf("got %q", got)
	}
	r.Burns[1].Rate = 0.25
	if got := budgetLasts(r, asOf); !strings.Contains(got, "recovers") || !strings.Contains(got, "toward 75.0% left") {
		t.Errorf("got %q", got)
	}
	r.Rolling.BudgetRemaining = 0.9
	if got := budgetLasts(r, asOf); !strings.Contains(got, "shrinks toward 75.0% left, never spent") {
		t.Errorf("got %q", got)
	}
	r.Rolling.BudgetRemaining = -0.2
	if got := budgetLasts(r, asOf); !strings.Contains(got, "spent") {
		t.Errorf("got %q", got)
	}
}

func TestWhatChangedListsLargestMovesAndLeavesOutNoise(t *testing.T) {
	nan := math.NaN()
	figs := []quarterFigure{
		{Name: "Bugs opened", Now: 40, Prev: 50, Ago: 80, Count: true, GoodWhenDown: true, Phrase: "bugs opened"},
		{Name: "Issues closed", Now: 90, Prev: 100, Ago: 100, Count: true, Phrase: "issues closed"},
		{Name: "Incidents", Now: 3, Prev: 1, Ago: 1, Count: true, GoodWhenDown: true, Phrase: "incidents"},
		{Name: "Open bugs", Now: 102, Prev: 100, Ago: 100, Count: true, GoodWhenDown: true, Phrase: "open bugs"},
		{Name: "Median", Now: 2, Prev: 4, Ago: nan, Decimals: 1, Unit: "days", GoodWhenDown: true, Phrase: "the median time to close"},
	}
	better, worse := whatChanged(figs, "2025-Q1", "2024-Q2")
	// Equal moves in the order of their text.
	if len(better) != 2 || better[1].Text != "The median time to close fell 50%: 2.0 days, against 4.0 days in 2025-Q1." ||
		better[0].Text != "Bugs opened fell 50%: 40, against 80 in 2024-Q2." {
		t.Errorf("better = %+v", better)
	}
	if len(worse) != 1 || worse[0].Text != "Issues closed fell 10%: 90, against 100 in 2024-Q2." {
		t.Errorf("worse = %+v (3 against 1 incidents and a 2%% move are noise)", worse)
	}
}

func TestPluralCountsOne(t *testing.T) {
	if plural(1, "incident") != "1 incident" || plural(0, "incident") != "0 incidents" || plural(1200, "bug") != "1,200 bugs" {
		t.Error(plural(1, "incident"), plural(0, "incident"), plural(1200, "bug"))
	}
}

// Bugs count by their current labels: the months that end within the 90th
// percentile of the labelling delay before as_of may still rise. Months
// ending 1 August, 1 September and 1 October, as of 1 October: a 40-day
// delay reaches back to 22 August, so September and August-to-September's
// ends (1 September, 1 October) are provisional.
func TestLabelLagMarksTheMonthsLabelsMayStillReach(t *testing.T) {
	asOf := ts("2026-10-01T00:00:00Z")
	ends := []time.Time{ts("2026-08-01T00:00:00Z"), ts("2026-09-01T00:00:00Z"), asOf}
	h := func(v float64) issuestats.LabelLag { return issuestats.LabelLag{Bugs: 50, P90Hours: &v} }
	if n, note := labelLag(h(40*24), ends, asOf, "month"); n != 2 || !strings.Contains(note, "within 40 days") || !strings.Contains(note, "the last 2 months' counts may still rise") {
		t.Errorf("40 days: %d, %q", n, note)
	}
	if n, note := labelLag(h(10), ends, asOf, "month"); n != 0 || !strings.Contains(note, "within 10 hours") || !strings.Contains(note, "near final") {
		t.Errorf("10 hours: %d, %q", n, note)
	}
	if n, note := labelLag(issuestats.LabelLag{}, ends, asOf, "month"); n != 0 || !strings.Contains(note, "no labelling times") {
		t.Errorf("no sample: %d, %q", n, note)
	}
}
