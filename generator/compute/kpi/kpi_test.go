package kpi

import (
	"math"
	"testing"
	"time"

	"github.com/vitals-dev/vitals/generator/base/model"
	"github.com/vitals-dev/vitals/generator/base/period"
	"github.com/vitals-dev/vitals/generator/compute/slo"
)

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

func f(v float64) *float64 { return &v }

func sel(s string) model.Selector {
	x, err := model.ParseSelector(s)
	if err != nil {
		panic(err)
	}
	return x
}

// daily signups: 10 a day through 2023-03, 20 a day in 2024-02, 30 a day in 2024-03,
// and 1000 a day from 2024-04-01 (the month of as_of, not over: left out).
func signups() model.Series {
	s := model.Series{Name: "app:signups", Labels: map[string]string{"series": "signups"}}
	add := func(from, to string, v float64) {
		for t := day(from); t.Before(day(to)); t = t.AddDate(0, 0, 1) {
			s.Points = append(s.Points, model.Point{T: t, V: v})
		}
	}
	add("2023-03-01", "2023-04-01", 10)
	add("2024-02-01", "2024-03-01", 20)
	add("2024-03-01", "2024-03-31", 30) // 03-31 missing: a gap, not a zero
	add("2024-04-01", "2024-04-20", 1000)
	return s
}

func TestMonthlySumChangeVsPreviousAndYearAgo(t *testing.T) {
	asOf := day("2024-04-15")
	r, err := Compute(Spec{Name: "Signups", Series: sel("app:signups"), Unit: "users", Period: period.Month}, []model.Series{signups()}, asOf)
	if err != nil {
		t.Fatal(err)
	}
	// Current = 2024-03 (April is not over): 30 days * 30 = 900.
	// Previous = 2024-02: 29 days * 20 = 580. Change = (900-580)/580 = 55.172%.
	// Year ago = 2023-03: 31 * 10 = 310. Change = (900-310)/310 = 190.3226%.
	if r.Current.Period.String() != "2024-03" || r.Current.V != 900 || r.Previous.V != 580 || r.YearAgo.V != 310 {
		t.Fatalf("current %v %v prev %v yearago %v", r.Current.Period, r.Current.V, r.Previous.V, r.YearAgo.V)
	}
	if math.Abs(*r.ChangePrevPct-(900-580)/580.0*100) > 1e-9 || math.Abs(*r.ChangeYearPct-(900-310)/310.0*100) > 1e-9 {
		t.Errorf("changes %v %v", *r.ChangePrevPct, *r.ChangeYearPct)
	}
	// Sparkline: 2023-03 .. 2024-03 is 13 months; 2023-04 .. 2024-01 have no points.
	if len(r.Sparkline) != 13 || r.Sparkline[1].Has || !r.Sparkline[12].Has {
		t.Errorf("sparkline %d periods: %+v", len(r.Sparkline), r.Sparkline)
	}
	if r.State != slo.OK || r.Reason != "no target set" {
		t.Errorf("state %s %q", r.State, r.Reason)
	}
}

func TestChangeIsNilWithoutEarlierValue(t *testing.T) {
	asOf := day("2023-05-01") // current 2023-04: no points
	r, _ := Compute(Spec{Name: "s", Series: sel("app"), Period: period.Month}, []model.Series{signups()}, asOf)
	if r.Current.Has || r.ChangePrevPct != nil || r.ChangeYearPct != nil || r.State != slo.NoData {
		t.Errorf("%+v", r)
	}
}

func TestAggregates(t *testing.T) {
	// Week of 2024-03-04 (Mon): points 5, 9, 7. as_of 2024-03-12 -> current is that week.
	s := model.Series{Name: "g:wau", Points: []model.Point{{T: day("2024-03-04"), V: 5}, {T: day("2024-03-06"), V: 9}, {T: day("2024-03-08"), V: 7}}}
	for a, want := range map[Aggregate]float64{Sum: 21, Mean: 7, Last: 7, Max: 9, Min: 5} {
		r, _ := Compute(Spec{Name: "w", Series: sel("g"), Period: period.Week, Aggregate: a}, []model.Series{s}, day("2024-03-12"))
		if r.Current.V != want {
			t.Errorf("%s = %v, want %v", a, r.Current.V, want)
		}
	}
}

func TestStateAgainstTargetAndWarning(t *testing.T) {
	cases := []struct {
		name            string
		down            bool
		target, warning *float64
		v               float64
		want            slo.State
	}{
		{"up meets", false, f(100), f(80), 100, slo.OK},
		{"up between", false, f(100), f(80), 80, slo.Warning},
		{"up below warning", false, f(100), f(80), 79, slo.Breach},
		{"up no warning misses", false, f(100), nil, 99, slo.Breach},
		{"down meets", true, f(200), f(300), 150, slo.OK},
		{"down between", true, f(200), f(300), 250, slo.Warning},
		{"down past warning", true, f(200), f(300), 301, slo.Breach},
		{"no target", false, nil, nil, 1, slo.OK},
	}
	for _, c := range cases {
		got, _ := State(Spec{Down: c.down, Target: c.target, Warning: c.warning}, Value{V: c.v, Has: true})
		if got != c.want {
			t.Errorf("%s: %s, want %s", c.name, got, c.want)
		}
	}
}

func TestFunnelConversions(t *testing.T) {
	p := period.Of(period.Month, day("2024-03-01"))
	rs := []Result{
		{Name: "Visitors", Stage: "acquisition", Current: Value{Period: p, V: 1000, Has: true}},
		{Name: "Signups", Stage: "activation", Current: Value{Period: p, V: 200, Has: true}},
		{Name: "Returning", Stage: "retention", Current: Value{Period: p, V: 50, Has: true}},
		{Name: "Paying", Stage: "revenue", Current: Value{Period: p, V: 10, Has: true}},
	}
	fn := BuildFunnel(AARRR, rs)
	// activation 200/1000 = 0.2; retention 50/200 = 0.25 (5% of first);
	// referral has no KPI; revenue's conversion needs referral, so nil; of first 10/1000.
	if len(fn.Stages) != 5 || fn.Period != p {
		t.Fatalf("%+v", fn)
	}
	if *fn.Stages[1].Conversion != 0.2 || *fn.Stages[2].Conversion != 0.25 || *fn.Stages[2].OfFirst != 0.05 {
		t.Errorf("conversions %v %v", *fn.Stages[1].Conversion, *fn.Stages[2].Conversion)
	}
	if fn.Stages[3].KPI != "" || fn.Stages[4].Conversion != nil || *fn.Stages[4].OfFirst != 0.01 {
		t.Errorf("referral %+v revenue %+v", fn.Stages[3], fn.Stages[4])
	}
}

func TestFormat(t *testing.T) {
	for want, in := range map[string]struct {
		v float64
		u string
	}{"1,234 users": {1234, "users"}, "12.5 ms": {12.5, "ms"}, "0.42": {0.42, ""}, "99.5%": {99.5, "%"}, "-1,000,000": {-1e6, ""}, "1,234.6 €": {1234.56, "€"}} {
		if got := Format(in.v, in.u); got != want {
			t.Errorf("Format(%v, %q) = %q, want %q", in.v, in.u, got, want)
		}
	}
}
