package metricsrc

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Timestamps in exports come in many shapes. Every one is read as an
// instant and converted to UTC; one without an offset (a "naive" time such as
// CloudWatch's 2014-02-14 14:30:00, or a date-only row) is read as UTC.
//
//   - RFC 3339 with Z or an offset, with "T" or a space, with or without
//     fractions of a second: 2024-03-01T12:00:00+01:00 is 11:00 UTC.
//   - naive date-times: 2024-03-01 12:00, 2024-03-01T12:00:00.5
//   - dates: 2024-03-01, and GA4's 20240301 (eight digits that form a valid
//     date in 1900..2199 are a date, not epoch seconds: those would be 1970)
//   - epoch numbers: seconds, or milliseconds, microseconds, nanoseconds by
//     magnitude (|x| >= 1e11 is milliseconds: 1e11 s would be year 5138).
var layouts = []string{
	time.RFC3339Nano,
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02T15:04:05.999999999Z0700",
	"2006-01-02 15:04:05.999999999Z0700",
	"2006-01-02 15:04:05.999999999 Z07:00",
	"2006-01-02 15:04:05.999999999 -0700",
	"2006-01-02 15:04:05.999999999 -0700 MST",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02T15:04Z07:00",
	"2006-01-02 15:04Z07:00",
	"2006-01-02T15:04",
	"2006-01-02 15:04",
	"2006-01-02",
	"2006/01/02 15:04:05",
	"2006/01/02 15:04",
	"2006/01/02",
}

// parseTime reads one timestamp; see layouts.
func parseTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, fmt.Errorf("empty time")
	}
	if t, ok := fastTime(s); ok {
		return t, nil
	}
	if isNumeric(s) {
		return parseEpoch(s)
	}
	for _, l := range layouts {
		if t, err := time.Parse(l, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("time %q is not RFC 3339, a date-time, a date or epoch seconds/milliseconds", clip(s))
}

// fastTime parses "YYYY-MM-DD[ T]hh:mm:ss[Z]" without allocating: the shape
// of almost every row in a large export.
func fastTime[T string | []byte](s T) (time.Time, bool) {
	n := len(s)
	if n != 19 && !(n == 20 && s[19] == 'Z') {
		return time.Time{}, false
	}
	if s[4] != '-' || s[7] != '-' || (s[10] != ' ' && s[10] != 'T') || s[13] != ':' || s[16] != ':' {
		return time.Time{}, false
	}
	num := func(a, b int) (int, bool) {
		v := 0
		for i := a; i < b; i++ {
			c := s[i]
			if c < '0' || c > '9' {
				return 0, false
			}
			v = v*10 + int(c-'0')
		}
		return v, true
	}
	y, ok1 := num(0, 4)
	mo, ok2 := num(5, 7)
	d, ok3 := num(8, 10)
	h, ok4 := num(11, 13)
	mi, ok5 := num(14, 16)
	se, ok6 := num(17, 19)
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) || mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo) || h > 23 || mi > 59 || se > 59 {
		return time.Time{}, false
	}
	return time.Unix(civilDays(y, mo, d)*86400+int64(h*3600+mi*60+se), 0).UTC(), true
}

// civilDays is the days from 1970-01-01 to a valid date of the proleptic
// Gregorian calendar (Hinnant's days_from_civil): time.Date's result
// without its normalising, which is most of a row's cost in a large export.
func civilDays(y, m, d int) int64 {
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era--
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int64(era)*146097 + int64(doe) - 719468
}

var monthDays = [13]int{0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}

func daysIn(y, m int) int {
	if m == 2 && y%4 == 0 && (y%100 != 0 || y%400 == 0) {
		return 29
	}
	return monthDays[m]
}

func isNumeric(s string) bool {
	digits := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c == '.' || (c == '-' && i == 0) || c == 'e' || c == 'E' || c == '+':
		default:
			return false
		}
	}
	return digits > 0
}

func parseEpoch(s string) (time.Time, error) {
	if len(s) == 8 && !strings.ContainsAny(s, ".-eE+") {
		if t, err := time.Parse("20060102", s); err == nil && t.Year() >= 1900 && t.Year() < 2200 {
			return t, nil
		}
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return time.Time{}, fmt.Errorf("time %q is not a number of seconds or milliseconds", clip(s))
	}
	return epochTime(f)
}

// epochTime converts an epoch number by magnitude (see layouts).
func epochTime(f float64) (time.Time, error) {
	a := math.Abs(f)
	var ns float64
	switch {
	case a >= 1e17:
		ns = f
	case a >= 1e14:
		ns = f * 1e3
	case a >= 1e11:
		ns = f * 1e6
	default:
		ns = f * 1e9
	}
	if math.Abs(ns) > 9e18 {
		return time.Time{}, fmt.Errorf("epoch time %v is out of range", f)
	}
	// Round to the microsecond: float seconds such as 1435781430.781 carry
	// binary noise below that.
	return time.Unix(0, int64(math.Round(ns/1e3))*1e3).UTC(), nil
}

// clip shortens hostile text quoted in a message.
func clip(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

// ParseTime reads one timestamp as the metric exports are read (see
// layouts), for other readers of exported data; the common shape without
// allocating.
func ParseTime(b []byte) (time.Time, error) {
	if t, ok := fastTime(b); ok {
		return t, nil
	}
	return parseTime(string(b))
}
