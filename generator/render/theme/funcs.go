package theme

import (
	"html/template"
	"math"
	"strconv"
	"strings"
	"time"
)

// funcs are the template functions every template may use. Num and Pct
// are also how page data writes its figures (render/pages), so that a
// count reads the same in a template and in a figure made in Go.
func funcs() template.FuncMap {
	return template.FuncMap{
		"num":     Num,
		"pct":     Pct,
		"fixed":   func(v float64, d int) string { return strconv.FormatFloat(v, 'f', d, 64) },
		"date":    func(t time.Time) string { return t.UTC().Format("2006-01-02") },
		"join":    strings.Join,
		"lower":   strings.ToLower,
		"isodate": func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
	}
}

// Num writes 12345 as 12,345 (the templates' num).
func Num(n int) string {
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

// Pct writes a 0..1 share as a percentage with one decimal (the
// templates' pct); NaN is n/a.
func Pct(v float64) string {
	if math.IsNaN(v) {
		return "n/a"
	}
	return strconv.FormatFloat(100*v, 'f', 1, 64) + "%"
}
