// Package kpi turns a metric series into a key performance indicator: its
// value over the last complete period before as_of, the change against the
// period before and the same period a year earlier, a state against an
// optional target, and sparkline data; and lines KPIs up as an AARRR funnel.
// Pure functions: no I/O, no clock.
package kpi

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/vitals-dev/vitals/generator/base/model"
	"github.com/vitals-dev/vitals/generator/base/period"
	"github.com/vitals-dev/vitals/generator/compute/slo"
	"github.com/vitals-dev/vitals/generator/config"
)

// Aggregate says how a period's points become one value.
type Aggregate string

const (
	Sum  Aggregate = "sum"  // counts per point (signups per day): the period's total
	Mean Aggregate = "mean" // rates and ratios: the mean of the period's points
	Last Aggregate = "last" // gauges (weekly active users): the period's last point
	Max  Aggregate = "max"
	Min  Aggregate = "min"
)

// ParseAggregate reads an aggregate name; "" is Sum.
func ParseAggregate(s string) (Aggregate, error) {
	switch a := Aggregate(s); a {
	case "":
		return Sum, nil
	case Sum, Mean, Last, Max, Min:
		return a, nil
	}
	return "", fmt.Errorf("unknown aggregate %q (want sum, mean, last, max or min)", s)
}

// Spec is one KPI.
type Spec struct {
	Name      string
	Series    model.Selector // several matches are summed point by point
	Unit      string
	Down      bool // lower is better (direction = "down")
	Target    *float64
	Warning   *float64 // breach threshold beyond the target; see State
	Stage     string   // funnel stage, or ""
	Period    period.Kind
	Aggregate Aggregate
	Place     config.Place // the [[kpi]] table in site.toml, for messages
}

// Value is a KPI over one period.
type Value struct {
	Period period.P
	V      float64
	Has    bool // the period has points
}

// Result is a KPI at as_of.
type Result struct {
	Name, Unit, Stage string
	Down              bool
	Target, Warning   *float64
	// Current is the last complete period before as_of (the period that
	// holds as_of is not over, and a part-period would compare badly).
	Current, Previous, YearAgo Value
	// ChangePrevPct and ChangeYearPct are percentage changes of Current
	// against Previous and YearAgo; nil when the earlier value is missing or 0.
	ChangePrevPct, ChangeYearPct *float64
	State                        slo.State
	Reason                       string
	// Sparkline is every period from the first with data to Current.
	Sparkline []Value
}

// Compute evaluates a KPI at asOf; points at or after asOf are ignored.
func Compute(s Spec, series []model.Series, asOf time.Time) (Result, error) {
	x, err := SeriesOf(s, series, asOf)
	if err != nil {
		return Result{}, err
	}
	if s.Aggregate == "" {
		s.Aggregate = Sum
	}
	cur := period.Of(s.Period, asOf).Prev()
	r := Result{Name: s.Name, Unit: s.Unit, Stage: s.Stage, Down: s.Down, Target: s.Target, Warning: s.Warning}
	vals := map[time.Time]Value{}
	if len(x.Points) > 0 {
		for _, p := range period.Range(s.Period, x.Points[0].T, cur.Start) {
			v := aggregate(s.Aggregate, x.Points, p.Start, p.End())
			v.Period = p
			vals[p.Start] = v
			r.Sparkline = append(r.Sparkline, v)
		}
	}
	get := func(p period.P) Value {
		if v, ok := vals[p.Start]; ok {
			return v
		}
		return Value{Period: p}
	}
	r.Current, r.Previous, r.YearAgo = get(cur), get(cur.Prev()), get(cur.YearAgo())
	r.ChangePrevPct = change(r.Current, r.Previous)
	r.ChangeYearPct = change(r.Current, r.YearAgo)
	r.State, r.Reason = State(s, r.Current)
	return r, nil
}

// SeriesOf is what a KPI is computed from: the series it selects, summed
// point by point, before asOf.
func SeriesOf(s Spec, series []model.Series, asOf time.Time) (model.Series, error) {
	ss := s.Series.Select(series)
	if len(ss) == 0 {
		return model.Series{}, fmt.Errorf("kpi %q: %w", s.Name, model.NoMatch(s.Series, series))
	}
	return model.Before(model.Sum(s.Series.String(), ss), asOf), nil
}

func aggregate(a Aggregate, pts []model.Point, from, to time.Time) Value {
	i := sort.Search(len(pts), func(i int) bool { return !pts[i].T.Before(from) })
	j := sort.Search(len(pts), func(i int) bool { return !pts[i].T.Before(to) })
	if j <= i {
		return Value{}
	}
	in := pts[i:j]
	v := in[0].V
	switch a {
	case Sum, Mean:
		v = 0
		for _, p := range in {
			v += p.V
		}
		if a == Mean {
			v /= float64(len(in))
		}
	case Last:
		v = in[len(in)-1].V
	case Max:
		for _, p := range in {
			v = math.Max(v, p.V)
		}
	case Min:
		for _, p := range in {
			v = math.Min(v, p.V)
		}
	}
	return Value{V: v, Has: true}
}

func change(now, before Value) *float64 {
	if !now.Has || !before.Has || before.V == 0 {
		return nil
	}
	c := (now.V - before.V) / math.Abs(before.V) * 100
	return &c
}

// State judges a value against the spec's target and warning threshold.
// With direction up (higher is better):
//
//	value >= target            ok
//	warning <= value < target  warning
//	value < warning            breach
//
// and the mirror image for direction down. Without a warning threshold,
// missing the target is a breach; without a target every value is ok (the
// KPI is shown, not judged). No value is NoData.
func State(s Spec, v Value) (slo.State, string) {
	if !v.Has {
		return slo.NoData, "no data for " + v.Period.String()
	}
	if s.Target == nil {
		return slo.OK, "no target set"
	}
	better := func(a, b float64) bool { // a at least as good as b
		if s.Down {
			return a <= b
		}
		return a >= b
	}
	word := "at least"
	if s.Down {
		word = "at most"
	}
	switch {
	case better(v.V, *s.Target):
		return slo.OK, fmt.Sprintf("%s meets the target (%s %s)", Format(v.V, s.Unit), word, Format(*s.Target, s.Unit))
	case s.Warning != nil && better(v.V, *s.Warning):
		return slo.Warning, fmt.Sprintf("%s misses the target (%s %s)", Format(v.V, s.Unit), word, Format(*s.Target, s.Unit))
	case s.Warning != nil:
		return slo.Breach, fmt.Sprintf("%s is past the warning threshold %s", Format(v.V, s.Unit), Format(*s.Warning, s.Unit))
	}
	return slo.Breach, fmt.Sprintf("%s misses the target (%s %s)", Format(v.V, s.Unit), word, Format(*s.Target, s.Unit))
}

// Format writes a value with its unit: "1,234 users", "12.5 ms", "0.42".
func Format(v float64, unit string) string {
	var s string
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		s = groupThousands(fmt.Sprintf("%.0f", v))
	} else if math.Abs(v) >= 100 {
		s = groupThousands(fmt.Sprintf("%.1f", v))
	} else {
		s = strings.TrimRight(strings.TrimRight(fmt.Sprintf("%.3f", v), "0"), ".")
	}
	if unit == "" {
		return s
	}
	if unit == "%" {
		return s + "%"
	}
	return s + " " + unit
}

func groupThousands(s string) string {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	out := b.String()
	if hasFrac {
		out += "." + frac
	}
	if neg {
		out = "-" + out
	}
	return out
}
