package postmortem

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Reading a written date and time at the start of a line of text, as
// postmortem timelines write them: "2020-02-03 11:21", "24-10-2024 04:45",
// "11:10 6th Nov 2023", "Jan 14, 10:18 AM", "[03-26 17:40]", "**10:45** -",
// "2:54 PM PST", "2018-08-22, 03:26pm", "16:58 UTC", "12:45 PM PST Saturday
// Oct 30th", "13:55 PM" (13:55), "11.50", "1600", "19. April, 11:00",
// "4/21/23", "02-29" (a year-less date before an entry's text). Parts that are
// missing (the year, the whole date, the zone) are left zero for the caller
// to fill from the document's flow; nothing is guessed here.
//
// Why not a library: the one well-known Go date parser that reads many
// forms (araddon/dateparse) parses a whole string into one instant; it has
// no tagged release, cannot say where a date ends in a line of text, nor
// leave a year or a date to the context, and refuses "13:55 PM". Timelines
// need exactly those three things.

// when is a date and time as written; zero fields are missing.
type when struct {
	year, month, day int // month and day 0 when there is no date; year 0 when not written
	// yearCut: the year was written cut short ("11/03/202"): read as a
	// year-less date, which takes the year nearest the document's date.
	yearCut        bool
	hour, min, sec int
	hasTime        bool
	// ampm: written with AM or PM; bare: an hour of 1 to 12 written
	// without, which in a document on a 12-hour clock may be PM.
	ampm, bare  bool
	zone        *zoneOff // nil when the text names no zone
	ambiguousDM bool     // a numeric day-month order the text does not settle
	dm          [2]int   // the two numbers of an ambiguous numeric date, as written
	sep         byte     // their separator ('-', '/', '.')
}

func (w when) hasDate() bool { return w.month != 0 }

var (
	monthNames = `jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?`
	ordinal    = `(?:st|nd|rd|th)?`

	reISODate = regexp.MustCompile(`^(\d{4})([-/.])(\d{1,2})([-/.])(\d{1,2})\b`)
	// D-M-Y or M-D-Y; a 3-digit year is a year cut short ("11/03/202").
	reNumDate = regexp.MustCompile(`^(\d{1,2})([-/.])(\d{1,2})([-/.])(\d{4}|\d{3}|\d{2})\b`)
	// M-D or M/D without a year: "03-26 17:40", "02-29 - recalled", "4/24".
	reMonthDay = regexp.MustCompile(`^(\d{1,2})([-/])(\d{1,2})\b`)
	reTime     = regexp.MustCompile(`(?i)^(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?(?:\s*([ap])\.?m\.?\b)?`)
	// "11.50", "10.30am": a dot between hour and minute.
	reDotTime  = regexp.MustCompile(`(?i)^(\d{1,2})\.(\d{2})(?:\s*([ap])\.?m\.?\b)?`)
	reHourAMPM = regexp.MustCompile(`(?i)^(\d{1,2})\s*([ap])\.?m\.?\b`)
	// "1600", "0930 UTC", "1600hrs": four digits of a 24-hour clock.
	reMilTime   = regexp.MustCompile(`(?i)^([01]\d|2[0-3])([0-5]\d)(?:\s*(?:hrs?|h)\b)?`)
	reNameDay   = regexp.MustCompile(`(?i)^(` + monthNames + `)\.?\s+(\d{1,2})` + ordinal + `\b(?:\s*[-–]\s*\d{1,2}` + ordinal + `\b)?(?:,?\s+(\d{4})\b)?`)
	reDayName   = regexp.MustCompile(`(?i)^(\d{1,2})` + ordinal + `\.?(?:\s*[-–]\s*\d{1,2}` + ordinal + `)?\s+(?:of\s+)?(` + monthNames + `)\b\.?(?:,?\s+(\d{4})\b)?`)
	reWeekday   = regexp.MustCompile(`(?i)^(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|rsday|urday)?\b\.?`)
	reZoneZ     = regexp.MustCompile(`^Z\b`)
	reZoneNum   = regexp.MustCompile(`^([+-])(\d{2}):?(\d{2})\b`)
	reTimeRange = regexp.MustCompile(`(?i)^\s*(?:[-–]|to)\s*\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?`)
	reISOT      = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d`)
	reJoiner    = regexp.MustCompile(`^(?:\s*[-–|:]\s+|\s+(?:at|on)\s+|[\s,]+|T)`)
	// reZoneParen is an offset in brackets after a zone: "PST (UTC-7)" is
	// UTC-7.
	reZoneParen = regexp.MustCompile(`^\s*\((?:UTC|GMT)\s*([+-])(\d{1,2})(?::?(\d{2}))?\)`)
)

var monthIndex = map[string]int{"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12}

func monthOf(s string) int { return monthIndex[strings.ToLower(s)[:3]] }

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }

// readWhen reads the date, time and zone at the start of s (already
// stripped of markup). It returns what it read, the text after it and
// whether it read anything. A date and a time may come in either order,
// joined by spaces, commas, " at ", "T", " - " or table bars; a weekday
// may stand before the date.
func readWhen(s string) (w when, rest string, ok bool) {
	if reISOT.MatchString(s) { // 2020-02-03T11:21:00Z
		s = s[:10] + " " + s[11:]
	}
	rest = s
	progressed := false
	for {
		cur := rest
		if progressed {
			if m := reJoiner.FindString(cur); m != "" {
				cur = cur[len(m):]
			}
		}
		var n int
		switch {
		case !w.hasDate() && reWeekday.MatchString(cur):
			m := reWeekday.FindString(cur)
			after := strings.TrimLeft(cur[len(m):], " ,|")
			// A weekday stands before a date; "Monday was fine" is prose.
			if !startsDate(after) {
				if !progressed {
					return w, s, false
				}
				return w, rest, w.hasDate() || w.hasTime
			}
			rest = after
			continue
		case !w.hasDate() && reISODate.MatchString(cur):
			m := reISODate.FindStringSubmatch(cur)
			if m[2] != m[4] {
				return w, s, false
			}
			w.year, w.month, w.day = atoi(m[1]), atoi(m[3]), atoi(m[5])
			n = len(m[0])
		case !w.hasDate() && reNumDate.MatchString(cur):
			m := reNumDate.FindStringSubmatch(cur)
			if m[2] != m[4] {
				return w, s, false
			}
			a, b, y := atoi(m[1]), atoi(m[3]), atoi(m[5])
			switch len(m[5]) {
			case 2:
				y += 2000
			case 3:
				y, w.yearCut = 0, true
			}
			w.year, w.sep = y, m[2][0]
			switch {
			case a > 12 && b <= 12:
				w.day, w.month = a, b
			case b > 12 && a <= 12:
				w.month, w.day = a, b
			default:
				w.ambiguousDM, w.dm = true, [2]int{a, b}
				w.month, w.day = b, a // provisional: day first; the caller settles it
			}
			n = len(m[0])
		case !w.hasDate() && reNameDay.MatchString(cur):
			m := reNameDay.FindStringSubmatch(cur)
			w.month, w.day, w.year = monthOf(m[1]), atoi(m[2]), atoi(m[3])
			n = len(m[0])
		case !w.hasDate() && reDayName.MatchString(cur):
			m := reDayName.FindStringSubmatch(cur)
			w.day, w.month, w.year = atoi(m[1]), monthOf(m[2]), atoi(m[3])
			n = len(m[0])
		case !w.hasTime && reTime.MatchString(cur):
			m := reTime.FindStringSubmatch(cur)
			if !setClock(&w, atoi(m[1]), atoi(m[2]), atoi(m[3]), m[4]) {
				return w, s, false
			}
			n = len(m[0])
			if r := reTimeRange.FindString(cur[n:]); r != "" {
				n += len(r) // "02:00-04:30": the range starts at the first
			}
		case !w.hasTime && reHourAMPM.MatchString(cur):
			m := reHourAMPM.FindStringSubmatch(cur)
			if !setClock(&w, atoi(m[1]), 0, 0, m[2]) {
				return w, s, false
			}
			n = len(m[0])
		case !w.hasTime && reDotTime.MatchString(cur) && timeEnds(cur, reDotTime):
			m := reDotTime.FindStringSubmatch(cur)
			if atoi(m[1]) > 23 || !setClock(&w, atoi(m[1]), atoi(m[2]), 0, m[3]) {
				return w, s, false
			}
			n = len(m[0])
		case !w.hasTime && !w.hasDate() && reMonthDay.MatchString(cur) && monthDayStands(cur):
			m := reMonthDay.FindStringSubmatch(cur)
			a, b := atoi(m[1]), atoi(m[3])
			switch {
			case a <= 12 && b <= 31:
				w.month, w.day = a, b
			case b <= 12 && a <= 31:
				w.day, w.month = a, b
			default:
				return w, s, false
			}
			n = len(m[0])
		case !w.hasTime && reMilTime.MatchString(cur) && milTime(cur, progressed):
			m := reMilTime.FindStringSubmatch(cur)
			setClock(&w, atoi(m[1]), atoi(m[2]), 0, "")
			w.bare = false // a four-digit clock is a 24-hour one
			n = len(m[0])
		case w.hasTime && w.zone == nil && zoneAt(cur) > 0:
			w.zone, n = readZone(cur)
		case w.hasTime && w.zone == nil && reZoneZ.MatchString(cur):
			w.zone, n = &zoneOff{name: "UTC"}, 1
		case w.hasTime && w.zone == nil && reZoneNum.MatchString(cur):
			m := reZoneNum.FindStringSubmatch(cur)
			off := atoi(m[2])*3600 + atoi(m[3])*60
			if m[1] == "-" {
				off = -off
			}
			w.zone, n = &zoneOff{name: m[0], off: off}, len(m[0])
		default:
			if !progressed {
				return w, s, false
			}
			return w, rest, w.hasDate() || w.hasTime
		}
		rest = cur[n:]
		progressed = true
	}
}

// startsDate: s starts with a date (after a weekday).
func startsDate(s string) bool {
	return reISODate.MatchString(s) || reNumDate.MatchString(s) || reNameDay.MatchString(s) ||
		reDayName.MatchString(s) || reMonthDay.MatchString(s)
}

// timeEnds: a dotted time ends where a number would not go on ("11.50 -",
// not "1.5.2" or "11.500").
func timeEnds(s string, re *regexp.Regexp) bool {
	n := len(re.FindString(s))
	return n == len(s) || !(s[n] == '.' && n+1 < len(s) && s[n+1] >= '0' && s[n+1] <= '9') && !(s[n] >= '0' && s[n] <= '9')
}

// monthDayStands: a year-less numeric date counts only before a time or as
// the head of an entry ("02-29 - recalled", "4/24:", "4/24" alone), never
// as a fraction or a range in prose ("1/2 of the nodes").
func monthDayStands(s string) bool {
	n := len(reMonthDay.FindString(s))
	after := s[n:]
	if after == "" {
		return true
	}
	if strings.HasPrefix(after, "/") || strings.HasPrefix(after, "-") || (after[0] >= '0' && after[0] <= '9') {
		return false
	}
	t := strings.TrimLeft(after, " ")
	if reTime.MatchString(t) || reHourAMPM.MatchString(t) {
		return len(t) < len(after)
	}
	return strings.HasPrefix(after, " - ") || strings.HasPrefix(after, " – ") || strings.HasPrefix(after, ": ") ||
		strings.HasPrefix(after, ":") || strings.HasPrefix(after, " |") || strings.HasPrefix(after, ",")
}

// milTime: four digits are a 24-hour clock only where a clock is expected:
// after a date, or at the head of an entry followed by a zone, "hrs" or a
// separator; a year-like number (1970-2100) needs a zone or "hrs".
func milTime(s string, afterDate bool) bool {
	m := reMilTime.FindStringSubmatch(s)
	n := len(m[0])
	if n < len(s) && isWordByte(s[n]) {
		return false
	}
	hrs := strings.ContainsAny(m[0][4:], "hH")
	after := strings.TrimLeft(s[n:], " ")
	zone := zoneAt(after) > 0 || reZoneZ.MatchString(after)
	v := atoi(m[1] + m[2])
	if v >= 1970 && v <= 2100 && !hrs && !zone {
		return false
	}
	if afterDate || hrs || zone {
		return true
	}
	return strings.HasPrefix(s[n:], " - ") || strings.HasPrefix(s[n:], " – ") || strings.HasPrefix(s[n:], ": ") || strings.HasPrefix(s[n:], " |")
}

func isWordByte(c byte) bool {
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'
}

// setClock sets the time of day. An hour above 12 with PM is a 24-hour
// clock with a stray PM ("13:55 PM" is 13:55); with AM it is taken as
// written too ("23:00 AM").
func setClock(w *when, h, mi, se int, ampm string) bool {
	if ampm != "" {
		w.ampm = true
		switch {
		case h == 0 || h > 23:
			return false
		case h <= 12:
			h %= 12
			if strings.EqualFold(ampm, "p") {
				h += 12
			}
		}
	} else if h >= 1 && h <= 12 {
		w.bare = true
	}
	if h > 23 || mi > 59 || se > 59 {
		return false
	}
	w.hour, w.min, w.sec, w.hasTime = h, mi, se, true
	return true
}

// validDate reports whether y-m-d is a real calendar day.
func validDate(y, m, d int) bool {
	if y < 1970 || y > 2200 || m < 1 || m > 12 || d < 1 {
		return false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	return t.Day() == d
}

// nearestYear is the year for a month and day written without one: the
// one of ref's year, the year before or after that puts it nearest ref.
func nearestYear(month, day int, ref time.Time) int {
	best, bestD := ref.Year(), time.Duration(1<<62)
	for _, y := range []int{ref.Year() - 1, ref.Year(), ref.Year() + 1} {
		if !validDate(y, month, day) {
			continue
		}
		d := time.Date(y, time.Month(month), day, 0, 0, 0, 0, time.UTC).Sub(ref)
		if d < 0 {
			d = -d
		}
		if d < bestD {
			best, bestD = y, d
		}
	}
	return best
}
