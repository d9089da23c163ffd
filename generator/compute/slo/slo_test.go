package slo

import (
	"bytes"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/vitals-dev/vitals/generator/base/model"
)

func sel(t testing.TB, s string) *model.Selector {
	t.Helper()
	x, err := model.ParseSelector(s)
	if err != nil {
		t.Fatal(err)
	}
	return &x
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func ts(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

// series builds total and bad series from a step, a count per point and a
// map of bad counts by offset before asOf.
func series(name string, from, to time.Time, step time.Duration, v func(t time.Time) float64) model.Series {
	s := model.Series{Name: name, Labels: map[string]string{"series": strings.TrimPrefix(name, "x:")}}
	for t := from; t.Before(to); t = t.Add(step) {
		s.Points = append(s.Points, model.Point{T: t, V: v(t)})
	}
	return s
}

// Occurrences, hourly points of 1000 requests from 2024-02-29 to as_of
// 2024-03-31T00:00Z; target 0.99 (B = 0.01), window 30d = [03-01, 03-31).
// Bad: 500 at 02-29 10:00 (outside the window), 500 at as_of-20d, 1000 at
// as_of-5d, 300 at as_of-10h, 200 at as_of-1h.
func occurrenceFixture(t *testing.T) (Spec, []model.Series, time.Time) {
	asOf := ts("2024-03-31T00:00:00Z")
	bad := map[time.Time]float64{
		ts("2024-02-29T10:00:00Z"):     500,
		asOf.Add(-20 * 24 * time.Hour): 500,
		asOf.Add(-5 * 24 * time.Hour):  1000,
		asOf.Add(-10 * time.Hour):      300,
		asOf.Add(-time.Hour):           200,
	}
	from := ts("2024-02-29T00:00:00Z")
	total := series("x:total", from, asOf.Add(2*time.Hour), time.Hour, func(time.Time) float64 { return 1000 })
	errs := series("x:errors", from, asOf.Add(2*time.Hour), time.Hour, func(t time.Time) float64 { return bad[t] })
	// Points at and after as_of must be ignored: make them loud.
	errs.Points[len(errs.Points)-1].V = 1000
	errs.Points[len(errs.Points)-2].V = 1000
	spec := Spec{Name: "API availability", Target: 0.99, Window: 30 * 24 * time.Hour,
		Bad: sel(t, "x:errors"), Total: sel(t, "x:total")}
	return spec, []model.Series{errs, total}, asOf
}

func TestOccurrencesHandComputedBudgetAndBurnRates(t *testing.T) {
	spec, ss, asOf := occurrenceFixture(t)
	r, err := Compute(spec, ss, asOf)
	if err != nil {
		t.Fatal(err)
	}
	// Rolling 30d: 720 hours * 1000 = 720000 events, bad 500+1000+300+200 = 2000.
	// E = 2000/720000 = 0.0027778; SLI = 0.9972222; remaining = 1 - E/0.01 = 0.7222222.
	c := r.Rolling
	if c.Total != 720000 || c.Bad != 2000 || !near(c.SLI, 1-2000.0/720000) || !near(c.BudgetRemaining, 1-2000.0/720000/0.01) || !c.Compliant {
		t.Errorf("rolling = %+v", c)
	}
	if c.Period != "rolling-30d" || !c.Start.Equal(ts("2024-03-01T00:00:00Z")) || !c.End.Equal(asOf) {
		t.Errorf("rolling period = %s %v %v", c.Period, c.Start, c.End)
	}
	// Hourly data: 5m and 30m are below the resolution, so unknown.
	// 1h: 200/1000 = 0.2 -> 20. 6h: 200/6000 -> 3.3333. 1d: 500/24000 -> 2.0833.
	// 3d: 500/72000 -> 0.69444.
	want := map[time.Duration]float64{time.Hour: 20, 6 * time.Hour: 200.0 / 6000 / 0.01,
		24 * time.Hour: 500.0 / 24000 / 0.01, 72 * time.Hour: 500.0 / 72000 / 0.01}
	for _, b := range r.Burns {
		w, ok := want[b.Window]
		if ok != b.Known || (ok && !near(b.Rate, w)) {
			t.Errorf("burn %s = %+v, want known=%v rate %v", FormatWindow(b.Window), b, ok, w)
		}
	}
	if r.Alerting != "" || r.State != OK {
		t.Errorf("state %s, alerting %q; want ok, none (%s)", r.State, r.Alerting, r.Reason)
	}
}

func TestCalendarCompliancePerMonthAndQuarter(t *testing.T) {
	spec, ss, asOf := occurrenceFixture(t)
	r, _ := Compute(spec, ss, asOf)
	// Feb (one day, 02-29): 500/24000 = 0.0208333; SLI 0.9791667; remaining
	// 1 - 2.0833333 = -1.0833333, shown negative; not compliant.
	// Mar to as_of: 2000/720000. Q1: 2500/744000 = 0.0033602; remaining 0.6639785.
	if len(r.Months) != 2 || len(r.Quarters) != 1 {
		t.Fatalf("months %d quarters %d", len(r.Months), len(r.Quarters))
	}
	feb := r.Months[0]
	if feb.Period != "2024-02" || !near(feb.SLI, 1-500.0/24000) || !near(feb.BudgetRemaining, 1-500.0/24000/0.01) || feb.Compliant {
		t.Errorf("feb = %+v", feb)
	}
	if m := r.Months[1]; m.Period != "2024-03" || !m.End.Equal(asOf) || m.Bad != 2000 {
		t.Errorf("mar = %+v", m)
	}
	if q := r.Quarters[0]; q.Period != "2024-Q1" || !near(q.BudgetRemaining, 1-2500.0/744000/0.01) || !q.Compliant {
		t.Errorf("q1 = %+v", q)
	}
}

func TestSLOCSVRowsAndFormat(t *testing.T) {
	spec, ss, asOf := occurrenceFixture(t)
	r, _ := Compute(spec, ss, asOf)
	empty := Result{Name: "=Checkout", Target: 0.995, Window: 7 * 24 * time.Hour,
		Rolling: Compliance{Period: "rolling-7d", Start: asOf.Add(-7 * 24 * time.Hour), End: asOf}}
	var b bytes.Buffer
	if err := WriteSLOCSV(&b, []Result{r, empty}); err != nil {
		t.Fatal(err)
	}
	want := `slo,period,start,end,target,sli,budget_remaining,compliant
'=Checkout,rolling-7d,2024-03-24T00:00:00Z,2024-03-31T00:00:00Z,0.995,,,
API availability,2024-02,2024-02-01T00:00:00Z,2024-03-01T00:00:00Z,0.99,0.979167,-1.083333,false
API availability,2024-03,2024-03-01T00:00:00Z,2024-03-31T00:00:00Z,0.99,0.997222,0.722222,true
API availability,2024-Q1,2024-01-01T00:00:00Z,2024-03-31T00:00:00Z,0.99,0.996640,0.663978,true
API availability,rolling-30d,2024-03-01T00:00:00Z,2024-03-31T00:00:00Z,0.99,0.997222,0.722222,true
`
	want = strings.ReplaceAll(want, "\n", "\r\n") // RFC 4180: records end in CRLF
	if b.String() != want {
		t.Errorf("slo.csv:\n%s\nwant:\n%s", b.String(), want)
	}
}

// 5-minute points of 100 events over the last 3 days; target 0.999 (B = 0.001).
func fiveMinute(asOf time.Time, bad func(t time.Time) float64) []model.Series {
	from := asOf.Add(-72 * time.Hour)
	return []model.Series{
		series("x:total", from, asOf, 5*time.Minute, func(time.Time) float64 { return 100 }),
		series("x:errors", from, asOf, 5*time.Minute, bad),
	}
}

func TestPageAlertNeedsBothWindows(t *testing.T) {
	asOf := ts("2024-03-31T00:00:00Z")
	spec := Spec{Name: "a", Target: 0.999, Window: 30 * 24 * time.Hour}
	cases := []struct {
		name  string
		bad   func(t time.Time) float64
		state State
		alert string
	}{
		// 2 of 100 bad in each of the last 12 buckets: 1h E = 0.02, burn 20 > 14.4;
		// 5m burn 20 > 14.4 -> page. Rolling 24/86400: still compliant, but page = breach.
		{"burning now", func(t time.Time) float64 {
			if !t.Before(asOf.Add(-time.Hour)) {
				return 2
			}
			return 0
		}, Breach, "page"},
		// Same hour but the last 5 minutes are clean: 1h burn 22/1200/0.001 = 18.3 > 14.4,
		// 5m burn 0: the short window says it stopped, no page.
		{"stopped", func(t time.Time) float64 {
			if !t.Before(asOf.Add(-time.Hour)) && t.Before(asOf.Add(-5*time.Minute)) {
				return 2
			}
			return 0
		}, OK, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := spec
			s.Bad, s.Total = sel(t, "x:errors"), sel(t, "x:total")
			r, err := Compute(s, fiveMinute(asOf, c.bad), asOf)
			if err != nil {
				t.Fatal(err)
			}
			if r.State != c.state || r.Alerting != c.alert {
				t.Errorf("state %s alerting %q, want %s %q (%s) %+v", r.State, r.Alerting, c.state, c.alert, r.Reason, r.Alerts[0])
			}
		})
	}
}

func TestTicketAlertGivesWarning(t *testing.T) {
	// Target 0.99 (B = 0.01). 27 clean hourly points of 1200 before, then 3 days
	// of 5-minute points of 100 with 2 bad each: 3d/6h/1h burn = 0.02/0.01 = 2.
	// 2 > 1 over 3d and 6h -> ticket; 2 < 6 and < 14.4 -> no page.
	// Rolling: bad 864*2 = 1728, total 864*100 + 648*1200 = 864000,
	// E = 0.002, remaining 0.8 (above 0.25): the ticket alone makes it a warning.
	asOf := ts("2024-03-31T00:00:00Z")
	ss := fiveMinute(asOf, func(time.Time) float64 { return 2 })
	early := series("x:total", asOf.Add(-30*24*time.Hour), asOf.Add(-72*time.Hour), time.Hour, func(time.Time) float64 { return 1200 })
	ss[0].Points = append(early.Points, ss[0].Points...)
	ss[1].Points = append(series("x:errors", asOf.Add(-30*24*time.Hour), asOf.Add(-72*time.Hour), time.Hour, func(time.Time) float64 { return 0 }).Points, ss[1].Points...)
	s := Spec{Name: "t", Target: 0.99, Window: 30 * 24 * time.Hour, Bad: sel(t, "x:errors"), Total: sel(t, "x:total")}
	r, err := Compute(s, ss, asOf)
	if err != nil {
		t.Fatal(err)
	}
	if !near(r.Rolling.BudgetRemaining, 0.8) || r.Alerting != "ticket" || r.State != Warning {
		t.Errorf("remaining %v alerting %q state %s (%s)", r.Rolling.BudgetRemaining, r.Alerting, r.State, r.Reason)
	}
}

func TestLowBudgetGivesWarningAndOverspentGivesBreach(t *testing.T) {
	asOf := ts("2024-03-31T00:00:00Z")
	for _, c := range []struct {
		bad  float64 // bad events in one hour 20 days ago, of 720000 in the window
		want State
	}{
		{5760, Warning}, // E = 0.008, remaining 0.2 < 0.25
		{3600, OK},      // E = 0.005, remaining 0.5
		{7920, Breach},  // E = 0.011 > B, remaining -0.1
	} {
		ss := []model.Series{
			series("x:total", asOf.Add(-30*24*time.Hour), asOf, time.Hour, func(time.Time) float64 { return 1000 }),
			series("x:errors", asOf.Add(-30*24*time.Hour), asOf, time.Hour, func(t time.Time) float64 {
				if t.Equal(asOf.Add(-20 * 24 * time.Hour)) {
					return c.bad
				}
				return 0
			}),
		}
		// The bad hour holds more bad than its 1000 total: spread the excess.
		ss[0].Points[len(ss[0].Points)-480].V = c.bad
		s := Spec{Name: "w", Target: 0.99, Window: 30 * 24 * time.Hour, Bad: sel(t, "x:errors"), Total: sel(t, "x:total")}
		r, _ := Compute(s, ss, asOf)
		wantRem := 1 - c.bad/(720000-1000+c.bad)/0.01
		if r.State != c.want || !near(r.Rolling.BudgetRemaining, wantRem) {
			t.Errorf("bad %v: state %s remaining %v; want %s %v (%s)", c.bad, r.State, r.Rolling.BudgetRemaining, c.want, wantRem, r.Reason)
		}
	}
}

func TestChecksTimeSlicesHoldStatusUntilNextCheck(t *testing.T) {
	// web: up 00:00, down 00:12, up 00:21; as_of 00:30; 5m slices:
	// [00,05) good, [05,10) good, [10,15) bad (down at 12), [15,20) bad (still
	// down), [20,25) bad (down until 21), [25,30) good: 3 bad of 6.
	// api: up at 00:03, never down: 6 good slices. Together 3 bad of 12.
	asOf := ts("2024-03-01T00:30:00Z")
	ck := func(name string, pts ...model.Point) model.Series {
		return model.Series{Name: "up:" + name, Labels: map[string]string{"series": name}, Points: pts}
	}
	p := func(s string, v float64) model.Point { return model.Point{T: ts("2024-03-01T" + s + "Z"), V: v} }
	web := ck("web", p("00:00:00", 1), p("00:12:00", 0), p("00:21:00", 1), p("00:40:00", 0))
	api := ck("api", p("00:03:00", 1))
	s := Spec{Name: "uptime", Target: 0.9, Window: 24 * time.Hour, Checks: sel(t, "up")}
	r, err := Compute(s, []model.Series{web, api}, asOf)
	if err != nil {
		t.Fatal(err)
	}
	if r.Rolling.Total != 12 || r.Rolling.Bad != 3 || !near(r.Rolling.SLI, 0.75) {
		t.Errorf("rolling = %+v", r.Rolling)
	}
	s.Checks = sel(t, "up:web")
	r, _ = Compute(s, []model.Series{web, api}, asOf)
	if r.Rolling.Total != 6 || r.Rolling.Bad != 3 || r.Method != "time slices of 5m" {
		t.Errorf("web only = %+v %s", r.Rolling, r.Method)
	}
}

func TestLatencySlicesBadAboveThresholdEmptySlicesUncounted(t *testing.T) {
	// [00,05): 100 and 400 -> max 400 > 300 bad. [05,10): 200 good. [10,15): no
	// point, not counted. [15,20): 300, not above 300, good. E = 1/3.
	p := func(s string, v float64) model.Point { return model.Point{T: ts("2024-03-01T" + s + "Z"), V: v} }
	lat := model.Series{Name: "lat:p99", Labels: map[string]string{"series": "p99"},
		Points: []model.Point{p("00:01:00", 100), p("00:02:00", 400), p("00:07:00", 200), p("00:16:00", 300)}}
	s := Spec{Name: "latency", Target: 0.5, Window: 24 * time.Hour, Latency: sel(t, "lat:p99"), Threshold: 300}
	r, err := Compute(s, []model.Series{lat}, ts("2024-03-01T01:00:00Z"))
	if err != nil {
		t.Fatal(err)
	}
	if r.Rolling.Total != 3 || r.Rolling.Bad != 1 {
		t.Errorf("rolling = %+v", r.Rolling)
	}
}

func TestErrorRatioPointsWeighEqually(t *testing.T) {
	// Ratios 0.01, 0.03 (hourly): E = mean = 0.02; with B = 0.05 remaining 0.6.
	p := func(s string, v float64) model.Point { return model.Point{T: ts("2024-03-01T" + s + "Z"), V: v} }
	er := model.Series{Name: "e:r", Points: []model.Point{p("00:00:00", 0.01), p("01:00:00", 0.03)}}
	s := Spec{Name: "r", Target: 0.95, Window: 24 * time.Hour, ErrorRatio: sel(t, "e")}
	r, _ := Compute(s, []model.Series{er}, ts("2024-03-01T02:00:00Z"))
	if !near(r.Rolling.SLI, 0.98) || !near(r.Rolling.BudgetRemaining, 0.6) {
		t.Errorf("rolling = %+v", r.Rolling)
	}
}

func TestGoodAndTotalMisalignedPointsAreNoted(t *testing.T) {
	// total at 00, 01, 02; good at 00, 01, 03. 02 has no good count and 03 no
	// total: both left out. Counted: 00 (100 of 100), 01 (90 of 100): E = 10/200.
	p := func(s string, v float64) model.Point { return model.Point{T: ts("2024-03-01T" + s + "Z"), V: v} }
	total := model.Series{Name: "a:total", Labels: map[string]string{"series": "total"}, Points: []model.Point{p("00:00:00", 100), p("01:00:00", 100), p("02:00:00", 100)}}
	good := model.Series{Name: "a:good", Labels: map[string]string{"series": "good"}, Points: []model.Point{p("00:00:00", 100), p("01:00:00", 90), p("03:00:00", 5)}}
	s := Spec{Name: "g", Target: 0.9, Window: 24 * time.Hour, Good: sel(t, "a:good"), Total: sel(t, "a:total")}
	r, _ := Compute(s, []model.Series{good, total}, ts("2024-03-01T04:00:00Z"))
	if r.Rolling.Total != 200 || r.Rolling.Bad != 10 {
		t.Errorf("rolling = %+v", r.Rolling)
	}
	if len(r.Notes) == 0 || !strings.Contains(r.Notes[0], "2 points") {
		t.Errorf("notes = %q", r.Notes)
	}
}

// The budget over time is the rolling window's budget at each hour of the
// last window, from the same sweep as the exhausted stretches: it is below
// zero exactly when ExhaustedAt says so, and it ends at the budget left.
func TestBudgetOverTimeAgreesWithExhaustedTimeAndBudgetLeft(t *testing.T) {
	spec, ss, asOf := occurrenceFixture(t)
	r, _ := Compute(spec, ss, asOf)
	bd := r.Budget
	if len(bd) != 721 || !bd[0].T.Equal(asOf.Add(-30*24*time.Hour)) || !bd[720].T.Equal(asOf) {
		t.Fatalf("budget: %d points, first %v, last %v", len(bd), bd[0], bd[len(bd)-1])
	}
	// At 2024-03-01 00:00 the window holds the 24 hours of 29 February:
	// 24,000 events, 500 bad: 1 - (500/24000)/0.01, overspent.
	if !near(bd[0].V, 1-500.0/24000/0.01) || bd[0].V >= 0 {
		t.Errorf("first point %v, want %v", bd[0].V, 1-500.0/24000/0.01)
	}
	// An hour after the 1,000 bad events of as_of - 5 days: 625 hours of
	// data (625,000 events), 2,000 bad: 1 - 0.32.
	if k := 720 - 5*24 + 1; !near(bd[k].V, 0.68) {
		t.Errorf("at %v: %v, want 0.68", bd[k].T, bd[k].V)
	}
	if !near(bd[720].V, r.Rolling.BudgetRemaining) {
		t.Errorf("last point %v, budget left %v", bd[720].V, r.Rolling.BudgetRemaining)
	}
	below := 0
	for _, p := range bd {
		if (p.V < 0) != r.ExhaustedAt(p.T) {
			t.Errorf("at %v the budget is %v but ExhaustedAt says %v", p.T, p.V, r.ExhaustedAt(p.T))
		}
		if p.V < 0 {
			below++
		}
	}
	if below == 0 || r.Rolling.Exhausted == 0 {
		t.Errorf("the fixture should be exhausted for a while: %d points below 0, %v exhausted", below, r.Rolling.Exhausted)
	}
}

func TestAlertThresholdsScaleWithWindow(t *testing.T) {
	d := 24 * time.Hour
	cases := []struct {
		share   float64
		long, w time.Duration
		want    float64
	}{
		{0.02, time.Hour, 30 * d, 14.4},
		{0.05, 6 * time.Hour, 30 * d, 6},
		{0.10, 72 * time.Hour, 30 * d, 1},
		{0.02, time.Hour, 7 * d, 3.36},
	}
	for _, c := range cases {
		if got := AlertThreshold(c.share, c.long, c.w); !near(got, c.want) {
			t.Errorf("AlertThreshold(%v, %v, %v) = %v, want %v", c.share, c.long, c.w, got, c.want)
		}
	}
}

func TestNoDataIsItsOwnState(t *testing.T) {
	s := Spec{Name: "n", Target: 0.99, Window: 24 * time.Hour}
	r := Evaluate(s, NewEvents(nil, time.Hour), ts("2024-03-01T00:00:00Z"))
	if r.State != NoData || r.Rolling.HasData {
		t.Errorf("state %s", r.State)
	}
}

func TestWorstStateAndFailOn(t *testing.T) {
	if WorstState() != OK || WorstState(OK, NoData) != NoData || WorstState(Warning, Breach, OK) != Breach {
		t.Error("WorstState order is ok < no-data < warning < breach")
	}
	cases := []struct {
		s, on State
		fail  bool
	}{
		{Breach, Breach, true}, {Warning, Breach, false}, {Warning, Warning, true},
		{Breach, Warning, true}, {NoData, Warning, false}, {OK, Warning, false},
	}
	for _, c := range cases {
		if c.s.Fails(c.on) != c.fail {
			t.Errorf("%s.Fails(%s) = %v", c.s, c.on, !c.fail)
		}
	}
	if s, err := ParseState("BREACH"); err != nil || s != Breach {
		t.Error("ParseState")
	}
}

func TestParseWindow(t *testing.T) {
	for in, want := range map[string]time.Duration{"30d": 720 * time.Hour, "4w": 672 * time.Hour, "12h": 12 * time.Hour, "5m": 5 * time.Minute} {
		got, err := ParseWindow(in)
		if err != nil || got != want || FormatWindow(got) != strings.Replace(in, "4w", "28d", 1) {
			t.Errorf("ParseWindow(%q) = %v, %v (%s)", in, got, err, FormatWindow(got))
		}
	}
	for _, bad := range []string{"", "0d", "-3d", "month", "30"} {
		if _, err := ParseWindow(bad); err == nil {
			t.Errorf("ParseWindow(%q) should fail", bad)
		}
	}
}
