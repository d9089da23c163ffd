// Package bizhours does business-hours arithmetic for issue-response SLOs
// (METRICS.md, Issue-response SLOs): "Mon-Fri 09:00-17:00 Europe/Berlin"
// counts only those hours, in that IANA zone, daylight-saving changes
// included (each day's hours are wall-clock times of that day).
package bizhours

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	_ "time/tzdata" // zones do not depend on the machine's zoneinfo
)

// Form is the expected form, for messages.
const Form = `"Mon-Fri 09:00-17:00 Europe/Berlin" (days, hours, IANA zone)`

// Schedule is a weekly set of working hours in one zone. The zero
// Schedule (Calendar) counts every instant.
type Schedule struct {
	text       string
	days       [7]bool // indexed by time.Weekday
	open, shut int     // minutes after local midnight; shut may be 24*60
	loc        *time.Location
}

// Calendar is calendar time: every hour counts.
var Calendar = Schedule{}

// IsCalendar reports whether s counts every instant.
func (s Schedule) IsCalendar() bool { return s.loc == nil }

// String is the text s was parsed from ("calendar time" for Calendar).
func (s Schedule) String() string {
	if s.IsCalendar() {
		return "calendar time"
	}
	return s.text
}

var dayNames = map[string]time.Weekday{"sun": time.Sunday, "mon": time.Monday, "tue": time.Tuesday,
	"wed": time.Wednesday, "thu": time.Thursday, "fri": time.Friday, "sat": time.Saturday}

// Parse reads "DAYS HH:MM-HH:MM ZONE": DAYS is a range (Mon-Fri, Sun-Thu)
// or a comma list (Mon,Wed,Fri) of three-letter day names; the hours are
// 24-hour wall-clock times with the end after the start (24:00 allowed);
// ZONE is an IANA name such as Europe/Berlin, America/New_York or UTC.
func Parse(text string) (Schedule, error) {
	f := strings.Fields(text)
	bad := func(why string) (Schedule, error) {
		return Schedule{}, fmt.Errorf("business_hours %q: %s; expected the form %s", text, why, Form)
	}
	if len(f) != 3 {
		return bad("want three parts: days, hours and zone")
	}
	s := Schedule{text: strings.Join(f, " ")}
	for _, part := range strings.Split(f[0], ",") {
		a, b, isRange := strings.Cut(part, "-")
		da, ok := dayNames[strings.ToLower(a)]
		if !ok {
			return bad(fmt.Sprintf("%q is not a day (Mon, Tue, Wed, Thu, Fri, Sat, Sun)", a))
		}
		if !isRange {
			s.days[da] = true
			continue
		}
		db, ok := dayNames[strings.ToLower(b)]
		if !ok {
			return bad(fmt.Sprintf("%q is not a day (Mon, Tue, Wed, Thu, Fri, Sat, Sun)", b))
		}
		for d := da; ; d = (d + 1) % 7 {
			s.days[d] = true
			if d == db {
				break
			}
		}
	}
	from, to, ok := strings.Cut(f[1], "-")
	var err1, err2 error
	s.open, err1 = clock(from)
	s.shut, err2 = clock(to)
	if !ok || err1 != nil || err2 != nil {
		return bad(fmt.Sprintf("%q is not hours such as 09:00-17:00", f[1]))
	}
	if s.shut <= s.open {
		return bad(fmt.Sprintf("hours %q end before they start", f[1]))
	}
	loc, err := time.LoadLocation(f[2])
	if err != nil || f[2] == "Local" || f[2] == "" {
		return bad(fmt.Sprintf("%q is not an IANA time zone such as Europe/Berlin", f[2]))
	}
	s.loc = loc
	return s, nil
}

func clock(s string) (int, error) {
	h, m, ok := strings.Cut(s, ":")
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if !ok || len(m) != 2 || err1 != nil || err2 != nil || hh < 0 || mm < 0 || mm > 59 || hh > 24 || (hh == 24 && mm != 0) {
		return 0, fmt.Errorf("bad clock %q", s)
	}
	return hh*60 + mm, nil
}

// DayLength is the working time of a working day (24h for Calendar).
func (s Schedule) DayLength() time.Duration {
	if s.IsCalendar() {
		return 24 * time.Hour
	}
	return time.Duration(s.shut-s.open) * time.Minute
}

// window is the working interval of the local day containing t, as
// instants; ok is false on a day off.
func (s Schedule) window(y int, m time.Month, d int) (open, shut time.Time, ok bool) {
	day := time.Date(y, m, d, 12, 0, 0, 0, s.loc)
	if !s.days[day.Weekday()] {
		return time.Time{}, time.Time{}, false
	}
	open = time.Date(y, m, d, s.open/60, s.open%60, 0, 0, s.loc)
	shut = time.Date(y, m, d, s.shut/60, s.shut%60, 0, 0, s.loc) // 24:00 normalises to the next midnight
	return open, shut, true
}

// Between is the working time in [a, b) (0 when b is not after a).
//
// The span is cut where the zone's offset changes (daylight saving); in
// each piece the offset is fixed, so days are plain arithmetic on local
// nanoseconds and whole weeks add a week's hours at once (an issue open
// for years costs no more than one open for days).
func (s Schedule) Between(a, b time.Time) time.Duration {
	if !b.After(a) {
		return 0
	}
	if s.IsCalendar() {
		return b.Sub(a)
	}
	var sum time.Duration
	for a.Before(b) {
		la := a.In(s.loc)
		_, off := la.Zone()
		end := b
		if _, zoneEnd := la.ZoneBounds(); !zoneEnd.IsZero() && zoneEnd.Before(b) {
			end = zoneEnd
		}
		o := int64(off) * int64(time.Second)
		sum += time.Duration(s.betweenLocal(a.UnixNano()+o, end.UnixNano()+o))
		a = end
	}
	return sum
}

const dayNs = int64(24 * time.Hour)

// betweenLocal is the working time in [la, lb), local nanoseconds since
// the Unix epoch's local midnight at one fixed offset.
func (s Schedule) betweenLocal(la, lb int64) int64 {
	open, shut := int64(s.open)*int64(time.Minute), int64(s.shut)*int64(time.Minute)
	dayOf := func(t int64) int64 { // floor division
		d := t / dayNs
		if t%dayNs < 0 {
			d--
		}
		return d
	}
	// The working time of day d (days since 1970-01-01, a Thursday) within [la, lb).
	one := func(d int64) int64 {
		if !s.days[(d%7+7+4)%7] {
			return 0
		}
		lo, hi := max(d*dayNs+open, la), min(d*dayNs+shut, lb)
		return max(hi-lo, 0)
	}
	first, last := dayOf(la), dayOf(lb-1)
	if last-first < 16 {
		var sum int64
		for d := first; d <= last; d++ {
			sum += one(d)
		}
		return sum
	}
	// The first and last days may be cut; whole weeks between them count a
	// week's working time each.
	var week int64
	for _, w := range s.days {
		if w {
			week += shut - open
		}
	}
	sum := one(first) + one(last)
	d, weeks := first+1, (last-first-1)/7
	sum += weeks * week
	for d += weeks * 7; d < last; d++ {
		sum += one(d)
	}
	return sum
}

// Deadline is the latest instant t at which Between(start, t) is still at
// most d: a response at or before it is within d. On calendar time it is
// start + d; with business hours that end a day after exactly d, it is
// the next opening (no working time passes in between).
func (s Schedule) Deadline(start time.Time, d time.Duration) time.Time {
	if s.IsCalendar() {
		return start.Add(d)
	}
	ls := start.In(s.loc)
	y, m, dd := ls.Date()
	for i := 0; i < 366*8; i++ { // a schedule has at least one working day a week
		open, shut, ok := s.window(y, m, dd+i)
		if !ok {
			continue
		}
		lo := later(open, start)
		if !shut.After(lo) {
			continue
		}
		if avail := shut.Sub(lo); d < avail {
			return lo.Add(d)
		} else {
			d -= avail
		}
	}
	return start.Add(d) // unreachable for a parsed schedule
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func earlier(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
