package areas

import (
	"math"
	"time"

	"github.com/vitals-dev/vitals/generator/base/period"
	"github.com/vitals-dev/vitals/generator/compute/issuestats"
)

// ForecastWeeks is how many complete weeks the backlog forecast reads.
const ForecastWeeks = 12

// Forecast says when a group's bug backlog would reach zero at the last
// 12 complete weeks' net closing rate (bugs open at the start of a week
// less at its end). The range comes from the spread of the weekly rates:
// the mean plus and minus its standard error.
type Forecast struct {
	// Weeks are the complete weeks read, oldest first, with the bug backlog
	// at each one's end; Start is the backlog before the first.
	Weeks []period.P
	Open  []int
	Start int
	// Backlog is the open bugs at as_of.
	Backlog int
	// Rate is the mean net closing rate, bugs a week (negative: growing);
	// StdErr its standard error.
	Rate, StdErr float64
	// Status: "no-bugs", "short-history" (under 4 weeks), "not-shrinking",
	// "slow" (more than ten years even at the faster rate) or "shrinking".
	Status string
	// When shrinking: the date at the mean rate, and the range from the
	// rate plus its standard error (Early) to the rate minus it (Late; zero
	// when that rate does not shrink the backlog).
	At, Early, Late time.Time
}

// maxWeeks is ten years: a forecast further out says so instead of a date.
const maxWeeks = 520

func forecast(st *issuestats.RepoStats, asOf time.Time) Forecast {
	f := Forecast{Backlog: st.BugsOpen}
	pts := st.SeriesOf(period.Week).Points
	// Complete weeks: those ending at or before as_of.
	n := len(pts)
	for n > 0 && pts[n-1].Period.End().After(asOf) {
		n--
	}
	first := max(0, n-ForecastWeeks)
	if first > 0 {
		f.Start = pts[first-1].BugsOpenAtEnd
	}
	prev := f.Start
	var rates []float64
	for _, p := range pts[first:n] {
		f.Weeks = append(f.Weeks, p.Period)
		f.Open = append(f.Open, p.BugsOpenAtEnd)
		rates = append(rates, float64(prev-p.BugsOpenAtEnd))
		prev = p.BugsOpenAtEnd
	}
	switch {
	case f.Backlog == 0:
		f.Status = "no-bugs"
		return f
	case len(rates) < 4:
		f.Status = "short-history"
		return f
	}
	var sum float64
	for _, r := range rates {
		sum += r
	}
	m := sum / float64(len(rates))
	var ss float64
	for _, r := range rates {
		ss += (r - m) * (r - m)
	}
	f.Rate = m
	f.StdErr = math.Sqrt(ss/float64(len(rates)-1)) / math.Sqrt(float64(len(rates)))
	if m <= 0 {
		f.Status = "not-shrinking"
		return f
	}
	b := float64(f.Backlog)
	if b/(m+f.StdErr) > maxWeeks {
		f.Status = "slow"
		return f
	}
	f.Status = "shrinking"
	day := func(weeks float64) time.Time {
		if weeks > maxWeeks {
			return time.Time{} // beyond ten years: shown as open-ended
		}
		t := asOf.Add(time.Duration(weeks * 7 * 24 * float64(time.Hour)))
		return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	}
	f.At = day(b / m)
	f.Early = day(b / (m + f.StdErr))
	if m-f.StdErr > 0 {
		f.Late = day(b / (m - f.StdErr))
	}
	return f
}
