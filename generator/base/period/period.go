// Package period names the calendar ranges that figures are counted over:
// days, ISO weeks, months and quarters, each the half-open UTC range
// [Start, End) (docs/metrics.md, Time).
package period

import (
	"fmt"
	"time"
)

// Kind is the length of a period.
type Kind int

const (
	Day Kind = iota
	Week
	Month
	Quarter
	Year
)

// Kinds in the order pages offer them.
var Kinds = []Kind{Day, Week, Month, Quarter}

func (k Kind) String() string {
	return [...]string{"day", "week", "month", "quarter", "year"}[k]
}

// ParseKind reads "day", "week", "month", "quarter" or "year".
func ParseKind(s string) (Kind, error) {
	for k := Day; k <= Year; k++ {
		if k.String() == s {
			return k, nil
		}
	}
	return 0, fmt.Errorf("unknown period %q (want day, week, month, quarter or year)", s)
}

// P is one period.
type P struct {
	Kind  Kind
	Start time.Time // inclusive, UTC
}

// Of is the period of kind k that contains t.
func Of(k Kind, t time.Time) P {
	t = t.UTC()
	y, m, d := t.Date()
	switch k {
	case Day:
		return P{k, time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}
	case Week:
		day := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
		wd := (int(day.Weekday()) + 6) % 7 // Monday = 0
		return P{k, day.AddDate(0, 0, -wd)}
	case Month:
		return P{k, time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)}
	case Quarter:
		return P{k, time.Date(y, m-(m-1)%3, 1, 0, 0, 0, 0, time.UTC)}
	default:
		return P{Year, time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)}
	}
}

// End is the exclusive end of p.
func (p P) End() time.Time { return p.Next().Start }

// Next is the period after p.
func (p P) Next() P {
	switch p.Kind {
	case Day:
		return P{p.Kind, p.Start.AddDate(0, 0, 1)}
	case Week:
		return P{p.Kind, p.Start.AddDate(0, 0, 7)}
	case Month:
		return P{p.Kind, p.Start.AddDate(0, 1, 0)}
	case Quarter:
		return P{p.Kind, p.Start.AddDate(0, 3, 0)}
	default:
		return P{p.Kind, p.Start.AddDate(1, 0, 0)}
	}
}

// Prev is the period before p.
func (p P) Prev() P {
	switch p.Kind {
	case Day:
		return P{p.Kind, p.Start.AddDate(0, 0, -1)}
	case Week:
		return P{p.Kind, p.Start.AddDate(0, 0, -7)}
	case Month:
		return P{p.Kind, p.Start.AddDate(0, -1, 0)}
	case Quarter:
		return P{p.Kind, p.Start.AddDate(0, -3, 0)}
	default:
		return P{p.Kind, p.Start.AddDate(-1, 0, 0)}
	}
}

// YearAgo is the same period a year earlier (for weeks, the same ISO week number).
func (p P) YearAgo() P {
	if p.Kind == Week {
		y, w := p.Start.ISOWeek()
		return ISOWeek(y-1, w)
	}
	return Of(p.Kind, p.Start.AddDate(-1, 0, 0))
}

// Contains reports whether t is in [Start, End).
func (p P) Contains(t time.Time) bool { return !t.Before(p.Start) && t.Before(p.End()) }

// String is the period's name: 2024-03-05, 2024-W10, 2024-03, 2024-Q1, 2024.
func (p P) String() string {
	switch p.Kind {
	case Day:
		return p.Start.Format("2006-01-02")
	case Week:
		y, w := p.Start.ISOWeek()
		return fmt.Sprintf("%04d-W%02d", y, w)
	case Month:
		return p.Start.Format("2006-01")
	case Quarter:
		return fmt.Sprintf("%04d-Q%d", p.Start.Year(), (int(p.Start.Month())-1)/3+1)
	default:
		return p.Start.Format("2006")
	}
}

// ISOWeek is the ISO week w of year y (weeks start on Monday).
func ISOWeek(y, w int) P {
	jan4 := time.Date(y, 1, 4, 0, 0, 0, 0, time.UTC)
	wd := (int(jan4.Weekday()) + 6) % 7
	return P{Week, jan4.AddDate(0, 0, -wd+7*(w-1))}
}

// Parse reads a period name in any of the forms String writes.
func Parse(s string) (P, error) {
	var y, n int
	switch {
	case len(s) == 10:
		t, err := time.Parse("2006-01-02", s)
		if err == nil {
			return P{Day, t}, nil
		}
	case len(s) == 8 && s[5] == 'W':
		if _, err := fmt.Sscanf(s, "%4d-W%2d", &y, &n); err == nil && n >= 1 && n <= 53 {
			p := ISOWeek(y, n)
			if yy, ww := p.Start.ISOWeek(); yy == y && ww == n {
				return p, nil
			}
		}
	case len(s) == 7 && s[5] == 'Q':
		if _, err := fmt.Sscanf(s, "%4d-Q%1d", &y, &n); err == nil && n >= 1 && n <= 4 {
			return P{Quarter, time.Date(y, time.Month(3*n-2), 1, 0, 0, 0, 0, time.UTC)}, nil
		}
	case len(s) == 7:
		t, err := time.Parse("2006-01", s)
		if err == nil {
			return P{Month, t}, nil
		}
	case len(s) == 4:
		t, err := time.Parse("2006", s)
		if err == nil {
			return P{Year, t}, nil
		}
	}
	return P{}, fmt.Errorf("%q is not a period (2024-03-05, 2024-W10, 2024-03, 2024-Q1 or 2024)", s)
}

// Range lists the periods of kind k from the one containing from to the one
// containing to, inclusive. Empty when to is before from.
func Range(k Kind, from, to time.Time) []P {
	if to.Before(from) {
		return nil
	}
	var out []P
	last := Of(k, to)
	for p := Of(k, from); !p.Start.After(last.Start); p = p.Next() {
		out = append(out, p)
	}
	return out
}
