package pages

import (
	"fmt"
	"html/template"
	"math"
	"strconv"
	"strings"
	"time"
)

// Numbers and words as every page writes them, and the template functions
// that write them the same way in templates.

func signed(v float64) string {
	s := trimFloat(v)
	if v > 0 {
		return "+" + s
	}
	return s
}

func trimFloat(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return strconv.FormatInt(int64(v), 10)
	}
	return strconv.FormatFloat(v, 'f', 2, 64)
}

// Funcs are the template functions every template may use.
func Funcs() template.FuncMap {
	return template.FuncMap{
		"num":     fmtInt,
		"pct":     fmtPct,
		"fixed":   func(v float64, d int) string { return strconv.FormatFloat(v, 'f', d, 64) },
		"date":    func(t time.Time) string { return t.UTC().Format("2006-01-02") },
		"join":    strings.Join,
		"lower":   strings.ToLower,
		"isodate": func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
	}
}

// fmtInt writes 12345 as 12,345.
func fmtInt(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// fmtPct writes a 0..1 share as a percentage with one decimal.
func fmtPct(v float64) string {
	if math.IsNaN(v) {
		return "n/a"
	}
	return strconv.FormatFloat(100*v, 'f', 1, 64) + "%"
}

// plural writes "1 incident", "2 incidents", "0 incidents" (noun + s).
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmtInt(n) + " " + noun + "s"
}

func ptr(v *float64) float64 {
	if v == nil {
		return math.NaN()
	}
	return *v
}

func share(v *float64) string {
	if v == nil {
		return "n/a"
	}
	return fmtPct(*v)
}

// noCommentsNote says that first responses of repos are unknown, and what to do.
func noCommentsNote(repos []string) string {
	if len(repos) == 0 {
		return "no comments in the store: run vitals fetch"
	}
	return "no comments in the store for " + strings.Join(repos, ", ") + ": run vitals fetch"
}

func minutesText(m float64) string {
	switch {
	case math.IsNaN(m):
		return ""
	case m < 120:
		return strconv.FormatFloat(m, 'f', 0, 64) + " min"
	case m < 48*60:
		return strconv.FormatFloat(m/60, 'f', 1, 64) + " h"
	default:
		return strconv.FormatFloat(m/1440, 'f', 1, 64) + " days"
	}
}

func num(v float64, decimals int) string {
	if math.IsNaN(v) {
		return "n/a"
	}
	if decimals == 0 {
		return fmtInt(int(math.Round(v)))
	}
	return strings.TrimSpace(fmt.Sprintf("%.*f", decimals, v))
}
