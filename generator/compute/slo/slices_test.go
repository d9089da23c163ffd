package slo

import (
	"strings"
	"testing"
	"time"

	"github.com/vitals-dev/vitals/generator/base/model"
)

func check(name string, pts ...model.Point) model.Series {
	return model.Series{Name: "up:" + name, Labels: map[string]string{"series": name}, Points: pts}
}

func at(hms string, v float64) model.Point {
	return model.Point{T: ts("2024-03-01T" + hms + "Z"), V: v}
}

func TestResultAtASliceStartDecidesThatSliceFromItsStart(t *testing.T) {
	// The Upptime case: up 10:00:00, down 10:05:59, up again at exactly
	// 10:25:00; as_of 10:30. Slices [10:00,10:05) good; 10:05, 10:10, 10:15,
	// 10:20 bad; [10:25,10:30) decided by the up at its start: good. 4 of 6.
	site := check("site", at("10:00:00", 1), at("10:05:59", 0), at("10:25:00", 1))
	s := Spec{Name: "uptime", Target: 0.9, Window: 24 * time.Hour, Checks: sel(t, "up")}
	r, err := Compute(s, []model.Series{site}, ts("2024-03-01T10:30:00Z"))
	if err != nil {
		t.Fatal(err)
	}
	if r.Rolling.Bad != 4 || r.Rolling.Total != 6 {
		t.Errorf("bad %v of %v slices, want 4 of 6", r.Rolling.Bad, r.Rolling.Total)
	}
}

func TestDownAtASliceStartMakesItBadAndUpJustAfterDoesNotSaveIt(t *testing.T) {
	// down exactly at 10:05:00, up at 10:05:01: [10:05,10:10) was down for a
	// second: bad. [10:00,10:05) is good (up until 10:05:00 exclusive).
	site := check("site", at("10:00:00", 1), at("10:05:00", 0), at("10:05:01", 1))
	s := Spec{Name: "uptime", Target: 0.9, Window: 24 * time.Hour, Checks: sel(t, "up")}
	r, _ := Compute(s, []model.Series{site}, ts("2024-03-01T10:15:00Z"))
	if r.Rolling.Bad != 1 || r.Rolling.Total != 3 {
		t.Errorf("bad %v of %v slices, want 1 of 3", r.Rolling.Bad, r.Rolling.Total)
	}
}

func TestSlicesAlignToTheUnixEpoch(t *testing.T) {
	// 7-minute slices: the Unix epoch and year 1 disagree on their starts
	// (62135596800 s between them is not a multiple of 420 s). A result at
	// epoch + 1000*420 s + 30 s lies in the slice starting at 1000*420 s.
	start := time.Unix(1000*420, 0).UTC()
	x := check("x", model.Point{T: start.Add(30 * time.Second), V: 0})
	s := Spec{Name: "u", Target: 0.9, Window: time.Hour, Checks: sel(t, "up"), Slice: 7 * time.Minute}
	ev, _, err := checkEvents(s, []model.Series{x}, start.Add(7*time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	if len(ev.Buckets) != 1 || !ev.Buckets[0].T.Equal(start) || ev.Buckets[0].Bad != 1 {
		t.Errorf("buckets %+v, want one bad slice at %s", ev.Buckets, start)
	}
}

// stopped: results every 10 minutes from 00:00 to 01:00, the last one down,
// and nothing after; as_of 06:00, window 6h (72 slices).
func stopped() model.Series {
	return check("old", at("00:00:00", 1), at("00:10:00", 1), at("00:20:00", 1), at("00:30:00", 1),
		at("00:40:00", 1), at("00:50:00", 1), at("01:00:00", 0))
}

func TestCheckThatStoppedReportingGoesUnknownAfterStaleAfter(t *testing.T) {
	tests := []struct {
		name       string
		stale      time.Duration
		bad, total float64
		unknown    float64
	}{
		// 6 × the 10-minute median = 1h: down 01:00-02:00 (12 bad slices),
		// 12 good slices before; 02:00-06:00 unknown: 48 of 72.
		{"default 6x median", 0, 12, 24, 48.0 / 72},
		{"set to 30m", 30 * time.Minute, 6, 18, 54.0 / 72},
		{"off: down forever", StaleOff, 60, 72, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := Spec{Name: "u", Target: 0.9, Window: 6 * time.Hour, Checks: sel(t, "up"), StaleAfter: tc.stale}
			r, err := Compute(s, []model.Series{stopped()}, ts("2024-03-01T06:00:00Z"))
			if err != nil {
				t.Fatal(err)
			}
			if r.Rolling.Bad != tc.bad || r.Rolling.Total != tc.total || !near(r.Unknown, tc.unknown) || !r.SliceBased {
				t.Errorf("bad %v of %v, unknown %v; want %v of %v, %v", r.Rolling.Bad, r.Rolling.Total, r.Unknown, tc.bad, tc.total, tc.unknown)
			}
			if stale := tc.stale != StaleOff; stale != strings.Contains(strings.Join(r.Notes, " "), "1 of 1 checks sent no result") {
				t.Errorf("notes %q", r.Notes)
			}
		})
	}
}

func TestStoppedCheckBesideLiveOnesNoLongerHoldsTheSLO(t *testing.T) {
	// A live check up every 10 minutes 00:00-05:50 (72 good slices) beside
	// the stopped one: 12 bad of 24 + 72 = 96 slices, not 60 of 144.
	var live []model.Point
	for m := 0; m < 360; m += 10 {
		live = append(live, model.Point{T: ts("2024-03-01T00:00:00Z").Add(time.Duration(m) * time.Minute), V: 1})
	}
	s := Spec{Name: "u", Target: 0.9, Window: 6 * time.Hour, Checks: sel(t, "up")}
	r, _ := Compute(s, []model.Series{stopped(), check("live", live...)}, ts("2024-03-01T06:00:00Z"))
	if r.Rolling.Bad != 12 || r.Rolling.Total != 96 || !near(r.Unknown, 48.0/144) {
		t.Errorf("bad %v of %v, unknown %v; want 12 of 96, 1/3", r.Rolling.Bad, r.Rolling.Total, r.Unknown)
	}
}

func TestSingleResultHoldsOneHour(t *testing.T) {
	one := check("one", at("00:00:00", 1))
	s := Spec{Name: "u", Target: 0.9, Window: 6 * time.Hour, Checks: sel(t, "up")}
	r, _ := Compute(s, []model.Series{one}, ts("2024-03-01T06:00:00Z"))
	if r.Rolling.Total != 12 || r.Rolling.Bad != 0 {
		t.Errorf("%v slices (%v bad), want 12 (0)", r.Rolling.Total, r.Rolling.Bad)
	}
}

func TestGapBetweenResultsLongerThanStaleAfterIsUnknown(t *testing.T) {
	// Results every 10 minutes 00:00-00:50 (median 10m: stale 1h), then a
	// 3-hour gap to 03:50, then 04:00. Up throughout. Known: 00:00-01:50
	// (22 slices: 00:50 holds to 01:50), 03:50-04:10 (as_of): 4 slices.
	pts := []model.Point{at("00:00:00", 1), at("00:10:00", 1), at("00:20:00", 1), at("00:30:00", 1), at("00:40:00", 1), at("00:50:00", 1), at("03:50:00", 1), at("04:00:00", 1)}
	s := Spec{Name: "u", Target: 0.9, Window: 6 * time.Hour, Checks: sel(t, "up")}
	r, _ := Compute(s, []model.Series{check("gap", pts...)}, ts("2024-03-01T04:10:00Z"))
	if r.Rolling.Total != 26 {
		t.Errorf("%v slices, want 26", r.Rolling.Total)
	}
}

// TestStaleAfterDefaultUsesTheMedianOfAnEvenNumberOfIntervals: four
// intervals (10, 20, 30 and 40 minutes) have the median 25 minutes, the
// mean of the two middle ones (METRICS.md), so a status holds 6 × 25m =
// 2h30m, not 6 × 30m. The last result, down at 01:40, holds to 04:10: 30
// bad 5-minute slices after 20 good ones (00:00-01:40); 04:10-06:00 (22 of
// the window's 72 slices) is unknown.
func TestStaleAfterDefaultUsesTheMedianOfAnEvenNumberOfIntervals(t *testing.T) {
	pts := []model.Point{at("00:00:00", 1), at("00:10:00", 1), at("00:30:00", 1), at("01:00:00", 1), at("01:40:00", 0)}
	if got := staleAfter(0, pts); got != 150*time.Minute {
		t.Errorf("stale after %s, want 2h30m", got)
	}
	s := Spec{Name: "u", Target: 0.9, Window: 6 * time.Hour, Checks: sel(t, "up")}
	r, err := Compute(s, []model.Series{check("even", pts...)}, ts("2024-03-01T06:00:00Z"))
	if err != nil {
		t.Fatal(err)
	}
	if r.Rolling.Bad != 30 || r.Rolling.Total != 50 || !near(r.Unknown, 22.0/72) {
		t.Errorf("bad %v of %v, unknown %v; want 30 of 50, 22/72", r.Rolling.Bad, r.Rolling.Total, r.Unknown)
	}
}
