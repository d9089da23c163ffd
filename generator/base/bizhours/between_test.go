package bizhours

import (
	"math/rand/v2"
	"testing"
	"time"
)

// betweenByDay is Between as it was first written: each local day's window
// from time.Date, one day at a time. The fast Between must agree with it.
func (s Schedule) betweenByDay(a, b time.Time) time.Duration {
	if !b.After(a) {
		return 0
	}
	var sum time.Duration
	la := a.In(s.loc)
	for y, m, d := la.Date(); ; d++ {
		open, shut, ok := s.window(y, m, d)
		if open.IsZero() {
			open = time.Date(y, m, d, 0, 0, 0, 0, s.loc)
		}
		if !open.Before(b) {
			return sum
		}
		if ok {
			lo, hi := later(open, a), earlier(shut, b)
			if hi.After(lo) {
				sum += hi.Sub(lo)
			}
		}
	}
}

func TestBetweenAgreesWithDayByDayAcrossZonesAndDaylightSaving(t *testing.T) {
	specs := []string{
		"Mon-Fri 09:00-17:00 Europe/Berlin",
		"Mon-Sun 00:00-24:00 Europe/Berlin", // daylight-saving days are 23 and 25 hours
		"Sat-Tue 22:00-24:00 America/New_York",
		"Mon,Wed,Fri 08:30-12:15 Australia/Lord_Howe", // 30-minute daylight saving
		"Sun-Thu 08:00-16:00 Asia/Jerusalem",
		"Mon-Fri 09:00-17:00 UTC",
	}
	r := rand.New(rand.NewPCG(1, 2))
	base := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC).UnixNano()
	for _, sp := range specs {
		s, err := Parse(sp)
		if err != nil {
			t.Fatal(err)
		}
		for i := range 3000 {
			a := time.Unix(0, base+r.Int64N(int64(4*365*24*time.Hour))).UTC()
			span := r.Int64N(int64(3 * time.Hour))
			switch i % 3 {
			case 1:
				span = r.Int64N(int64(20 * 24 * time.Hour))
			case 2:
				span = r.Int64N(int64(900 * 24 * time.Hour))
			}
			b := a.Add(time.Duration(span))
			if got, want := s.Between(a, b), s.betweenByDay(a, b); got != want {
				t.Fatalf("%s: Between(%s, %s) = %s, day by day %s", sp, a, b, got, want)
			}
		}
	}
}
