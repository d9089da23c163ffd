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
// "2:54 PM PST", "2018-08-22, 03:26pm", "16:58 UTC". Parts that are missing
// (the year, the whole date, the zone) are left zero for the caller to fill
// from context; nothing is guessed here.

// when is a date and time as written; zero fields are missing.
type when struct {
	year, month, day int // month and day 0 when there is no date
	hour, min, sec   int
	hasTime          bool
	zone             *zoneOff // nil when the text names no zone
	ambiguousDM      bool     // a numeric day-month order the text does not settle
	dm               [2]int   // the two numbers of an ambiguous numeric date, as written
	sep              byte     // their separator ('-', '/', '.')
}

func (w when) hasDate() bool { return w.month != 0 }

// zoneOff is a fixed offset and the name it was written as.
type zoneOff struct {
	name string
	off  int // seconds east of UTC
}

// zoneAbbrevs are the common abbreviations read as fixed offsets
// (METRICS.md: CET, CEST, PST, PDT and other common abbreviations). Names
// that mean different zones in different places (IST, CST in China) take
// the most common English reading.
var zoneAbbrevs = map[string]int{
	"UTC": 0, "GMT": 0, "Z": 0, "WET": 0,
	"BST": 1, "CET": 1, "WEST": 1, "MET": 1,
	"CEST": 2, "EET": 2, "MEST": 2, "SAST": 2,
	"EEST": 3, "MSK": 3,
	"IST": 5*3600 + 1800, "SGT": 8, "HKT": 8, "AWST": 8, "JST": 9, "KST": 9,
	"AEST": 10, "AEDT": 11, "NZST": 12, "NZDT": 13,
	"PST": -8, "PDT": -7, "MST": -7, "MDT": -6, "CST": -6, "CDT": -5,
	"EST": -5, "EDT": -4, "AKST": -9, "AKDT": -8, "HST": -10,
}

func zoneByName(name string) (*zoneOff, bool) {
	up := strings.ToUpper(name)
	h, ok := zoneAbbrevs[up]
	if !ok {
		return nil, false
	}
	off := h * 3600
	if h > 100 || h < -100 { // already seconds (IST)
		off = h
	}
	return &zoneOff{name: up, off: off}, true
}

const zoneNames = `UTC|GMT|WET|BST|CET|WEST|MET|CEST|EET|MEST|SAST|EEST|MSK|IST|SGT|HKT|AWST|JST|KST|AEST|AEDT|NZST|NZDT|PST|PDT|MST|MDT|CST|CDT|EST|EDT|AKST|AKDT|HST`

var (
	monthNames = `jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?`
	ordinal    = `(?:st|nd|rd|th)?`

	reISODate   = regexp.MustCompile(`^(\d{4})([-/.])(\d{1,2})([-/.])(\d{1,2})\b`)
	reNumDate   = regexp.MustCompile(`^(\d{1,2})([-/.])(\d{1,2})([-/.])(\d{4}|\d{2})\b`)
	reMonthDay  = regexp.MustCompile(`^(\d{1,2})-(\d{1,2})\b`)
	reTime      = regexp.MustCompile(`(?i)^(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?(?:\s*([ap])\.?m\.?\b)?`)
	reHourAMPM  = regexp.MustCompile(`(?i)^(\d{1,2})\s*([ap])\.?m\.?\b`)
	reNameDay   = regexp.MustCompile(`(?i)^(` + monthNames + `)\.?\s+(\d{1,2})` + ordinal + `\b(?:\s*[-–]\s*\d{1,2}` + ordinal + `\b)?(?:,?\s+(\d{4})\b)?`)
	reDayName   = regexp.MustCompile(`(?i)^(\d{1,2})` + ordinal + `(?:\s*[-–]\s*\d{1,2}` + ordinal + `)?\s+(?:of\s+)?(` + monthNames + `)\b\.?(?:,?\s+(\d{4})\b)?`)
	reWeekday   = regexp.MustCompile(`(?i)^(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|rsday|urday)?\b\.?`)
	reZoneName  = regexp.MustCompile(`^(\(?)(` + zoneNames + `)(?:\s*([+-])(\d{1,2})(?::?(\d{2}))?)?`)
	reZoneZ     = regexp.MustCompile(`^Z\b`)
	reZoneNum   = regexp.MustCompile(`^([+-])(\d{2}):?(\d{2})\b`)
	reTimeRange = regexp.MustCompile(`(?i)^\s*(?:[-–]|to)\s*\d{1,2}:\d{2}(?:\s*[ap]\.?m\.?)?`)
	reISOT      = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d`)
	reJoiner    = regexp.MustCompile(`^(?:\s*[-–|]\s+|\s+(?:at|on)\s+|[\s,]+|T)`)
)

var monthIndex = map[string]int{"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12}

func monthOf(s string) int { return monthIndex[strings.ToLower(s)[:3]] }

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }

// readWhen reads the date, time and zone at the start of s (already
// stripped of markup). It returns what it read, the text after it and
// whether it read anything. A date and a time may come in either order,
// joined by spaces, commas, " at ", "T", " - " or table bars.
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
		case !w.hasDate() && reWeekday.MatchString(cur) && !progressed:
			m := reWeekday.FindString(cur)
			cur = strings.TrimLeft(cur[len(m):], " ,")
			rest = cur
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
			if len(m[5]) == 2 {
				y += 2000
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
			h, mi, se := atoi(m[1]), atoi(m[2]), atoi(m[3])
			if !setClock(&w, h, mi, se, m[4]) {
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
		case !w.hasDate() && !w.hasTime && reMonthDay.MatchString(cur):
			// "03-26 17:40": month and day without a year, only before a time.
			m := reMonthDay.FindStringSubmatch(cur)
			after := strings.TrimLeft(cur[len(m[0]):], " ")
			if !reTime.MatchString(after) || len(after) == len(cur[len(m[0]):]) {
				return w, s, false
			}
			w.month, w.day = atoi(m[1]), atoi(m[2])
			n = len(m[0])
		case w.hasTime && w.zone == nil && zoneAt(cur) > 0:
			z, zn := readZone(cur)
			w.zone, n = z, zn
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

// readZone reads a zone abbreviation at the start of s, with an optional
// offset ("UTC+2", "(GMT)", "CET"); n is 0 when there is none. Upper case
// only, so that words ("met", "est") are not read as zones.
func readZone(s string) (*zoneOff, int) {
	if s == "" || !(s[0] == '(' || (s[0] >= 'A' && s[0] <= 'Z')) {
		return nil, 0
	}
	m := reZoneName.FindStringSubmatch(s)
	if m == nil {
		return nil, 0
	}
	n := len(m[0])
	if n < len(s) && isWordByte(s[n]) {
		return nil, 0
	}
	if m[1] == "(" {
		if n >= len(s) || s[n] != ')' {
			return nil, 0
		}
		n++
	}
	z, _ := zoneByName(m[2])
	if m[3] != "" {
		off := atoi(m[4])*3600 + atoi(m[5])*60
		if m[3] == "-" {
			off = -off
		}
		z = &zoneOff{name: m[2] + m[3] + m[4], off: z.off + off}
		if m[5] != "" {
			z.name += ":" + m[5]
		}
	}
	return z, n
}

func zoneAt(s string) int { _, n := readZone(s); return n }

func isWordByte(c byte) bool {
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'
}

func setClock(w *when, h, mi, se int, ampm string) bool {
	if ampm != "" {
		if h < 1 || h > 12 {
			return false
		}
		h %= 12
		if strings.EqualFold(ampm, "p") {
			h += 12
		}
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
