package issuestats

import "time"

// Headline is one dashboard number with what it is compared against.
// Value, Prev and YearAgo are nil where there is nothing to count (n/a).
type Headline struct {
	Key          string // stable identifier, e.g. "open_bugs"
	Name         string // e.g. "Open bugs"
	Unit         string // "issues", "days" or "share" (0..1)
	Value        *float64
	Prev         *float64
	PrevLabel    string // what Prev is, e.g. "30 days earlier"
	YearAgo      *float64
	YearAgoLabel string // what YearAgo is, e.g. "a year earlier"; "" when not compared
	GoodWhenDown bool   // a fall is an improvement (open bugs); false: a rise is (closure)
	How          string // one line: how it is counted
}

// Direction is how a value moved against the one it is compared with.
type Direction int

const (
	Unknown Direction = iota // either side is n/a
	Flat
	Up
	Down
)

func (d Direction) String() string { return [...]string{"unknown", "flat", "up", "down"}[d] }

func direction(now, then *float64) Direction {
	switch {
	case now == nil || then == nil:
		return Unknown
	case *now > *then:
		return Up
	case *now < *then:
		return Down
	}
	return Flat
}

// Trend is the direction of Value against Prev.
func (h Headline) Trend() Direction { return direction(h.Value, h.Prev) }

// TrendYear is the direction of Value against YearAgo.
func (h Headline) TrendYear() Direction { return direction(h.Value, h.YearAgo) }

// Good reports whether a move in direction d is an improvement; ok is false
// for Unknown and Flat, which are neither.
func (h Headline) Good(d Direction) (good, ok bool) {
	switch d {
	case Up:
		return !h.GoodWhenDown, true
	case Down:
		return h.GoodWhenDown, true
	}
	return false, false
}

func num(n int) *float64 { v := float64(n); return &v }

// medianCloseIn is the median time to close (days) of the final closes in
// [from, to); closes are sorted by duration.
func medianCloseIn(closes []closeRec, from, to int64) *float64 {
	var in []float64
	for _, x := range closes {
		if x.t >= from && x.t < to {
			in = append(in, x.days)
		}
	}
	if len(in) == 0 {
		return nil
	}
	v := median(in)
	return &v
}

func (c *computer) headlines(a *acc, s *RepoStats) []Headline {
	dayNs := int64(24 * time.Hour)
	t := func(days int64) int64 { return c.asOfNs - days*dayNs }
	// A count at, or over a window ending at, an instant before the repo's
	// first issue is not 0 but unknown: the data does not reach back (an
	// export of the last months), and 0 there would read as "worse".
	before := func(end int64, n int) *float64 {
		if !a.has || a.first >= end {
			return nil
		}
		return num(n)
	}
	return []Headline{
		{Key: "open_bugs", Name: "Open bugs", Unit: "issues",
			Value: num(a.bugsOpen), Prev: before(t(30), a.bugsOpen30), PrevLabel: "30 days earlier",
			YearAgo: before(t(365), a.bugsOpen365), YearAgoLabel: "a year earlier", GoodWhenDown: true,
			How: HowHeadlineOpenBugs},
		{Key: "bugs_opened_30d", Name: "Bugs opened, last 30 days", Unit: "issues",
			Value: num(a.bugs30), Prev: before(t(30), a.bugsPrev30), PrevLabel: "the 30 days before",
			YearAgo: before(t(365), a.bugs30YearAgo), YearAgoLabel: "the same 30 days a year earlier", GoodWhenDown: true,
			How: HowHeadlineBugsOpened},
		{Key: "backlog", Name: "Open issues (backlog)", Unit: "issues",
			Value: num(a.open), Prev: before(t(30), a.open30), PrevLabel: "30 days earlier",
			YearAgo: before(t(365), a.open365), YearAgoLabel: "a year earlier", GoodWhenDown: true,
			How: HowHeadlineBacklog},
		{Key: "backlog_closure", Name: "Backlog closed within a year", Unit: "share",
			Value: s.BacklogClosure, Prev: ratio(a.cohortPClosed, a.cohortP), PrevLabel: "the year before",
			How: HowBacklogClosure},
		{Key: "time_to_close_median_days", Name: "Median time to close, last 90 days", Unit: "days",
			Value: medianCloseIn(a.closes, t(90), c.asOfNs), Prev: medianCloseIn(a.closes, t(180), t(90)),
			PrevLabel: "the 90 days before",
			YearAgo:   medianCloseIn(a.closes, t(455), t(365)), YearAgoLabel: "the same 90 days a year earlier",
			GoodWhenDown: true, How: HowHeadlineTimeToClose},
		{Key: "first_response_median_hours", Name: "Median time to first response", Unit: "hours",
			Value: s.FirstResponse.MedianHours, GoodWhenDown: true, How: HowFirstResponse},
	}
}
