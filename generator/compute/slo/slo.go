// Package slo computes service level objectives from metric series
// (docs/metrics.md, SLOs): SLI, error budget remaining, burn rates,
// multi-window burn-rate alerts, and compliance per calendar month,
// quarter and rolling window, plus the slo.csv download. Pure functions:
// no I/O, no clock; as_of is an argument.
//
// Budget B = 1 - target. Over a window w, E(w) = bad/total events
// (occurrences) or bad/all time slices. SLI = 1 - E; budget remaining =
// 1 - E/B (negative when overspent); burn rate = E/B.
package slo

import (
	"fmt"
	"math"
	"sort"
	"time"

	"github.com/vitals-dev/vitals/generator/base/model"
	"github.com/vitals-dev/vitals/generator/base/period"
	"github.com/vitals-dev/vitals/generator/config"
)

// Spec is one objective. Exactly one way of counting is set:
//   - occurrences: Total with Good or Bad (events per point, summed)
//   - ErrorRatio: a series of bad/total ratios, each point weighing the same
//   - Checks: up/down checks (1/0) in time slices of Slice
//   - Latency with Threshold: time slices of Slice, bad when the slice's
//     highest value is above Threshold
type Spec struct {
	Name        string
	Description string        // shown on the SLO page
	Target      float64       // e.g. 0.999
	Window      time.Duration // rolling window, e.g. 30 days

	Good, Bad, Total *model.Selector
	ErrorRatio       *model.Selector
	Checks           *model.Selector
	Latency          *model.Selector
	Threshold        float64
	Slice            time.Duration // default 5m
	// StaleAfter is how long a check's status holds without a new result:
	// 0 for the default (6 times its median interval, at least 1h),
	// StaleOff for never.
	StaleAfter time.Duration

	// WarningBudget: below this share of budget remaining the state is
	// Warning (default 0.25).
	WarningBudget float64

	// Issues makes the SLO count issues (ComputeIssues) instead of series.
	Issues *IssueRule

	// Place is the [[slo]] table in site.toml, for messages (KeyOf).
	Place config.Place
}

// KeyOf is the site.toml key of the SLO that wrote sel ("checks",
// "total" ...), or "" when none did.
func (s Spec) KeyOf(sel model.Selector) string {
	for _, k := range []struct {
		key string
		x   *model.Selector
	}{{"good", s.Good}, {"bad", s.Bad}, {"total", s.Total}, {"error_ratio", s.ErrorRatio}, {"checks", s.Checks}, {"latency", s.Latency}} {
		if k.x != nil && k.x.String() == sel.String() {
			return k.key
		}
	}
	return ""
}

// Method says how the SLO counts, for pages: "occurrences" or "time slices".
func (s Spec) Method() string {
	if s.Issues != nil {
		return "issues" // IssueRule.What says how
	}
	if s.Checks != nil || s.Latency != nil {
		return "time slices of " + FormatWindow(s.slice())
	}
	return "occurrences"
}

func (s Spec) slice() time.Duration {
	if s.Slice > 0 {
		return s.Slice
	}
	return DefaultSlice
}

// Budget is 1 - target.
func (s Spec) Budget() float64 { return 1 - s.Target }

// Compliance is the SLO over one period: a calendar month or quarter, or
// the rolling window ending at as_of. End is the period's end, or as_of
// when the period is not over.
type Compliance struct {
	Period     string // 2024-03, 2024-Q1, rolling-30d
	Start, End time.Time
	Bad, Total float64
	HasData    bool // Total > 0; the figures below are zero otherwise
	SLI        float64
	// BudgetRemaining is 1 - E/B, negative when overspent.
	BudgetRemaining float64
	Compliant       bool // SLI >= target
	// Exhausted is how long within the period the rolling budget was
	// exhausted (ExhaustedSpans).
	Exhausted time.Duration
}

// Burn is the burn rate over one window ending at as_of.
type Burn struct {
	Window time.Duration
	Rate   float64
	// Known is false where the data's resolution is coarser than the
	// window, or the window holds no events.
	Known bool
}

// Alert is one multi-window burn-rate rule: it fires when the burn rate is
// above Threshold over both Long and Short (the short window makes it stop
// soon after the burning does).
type Alert struct {
	Severity            string // "page" or "ticket"
	Long, Short         time.Duration
	Threshold           float64
	LongRate, ShortRate Burn
	Firing              bool
}

// Result is an SLO evaluated at as_of.
type Result struct {
	Name       string
	Target     float64
	Window     time.Duration
	Method     string
	AsOf       time.Time
	Resolution time.Duration

	Rolling  Compliance
	Months   []Compliance // from the first month with data to the month of as_of
	Quarters []Compliance
	Burns    []Burn  // 5m, 30m, 1h, 6h, 1d, 3d
	Alerts   []Alert // page 1h/5m, page 6h/30m, ticket 3d/6h
	// Alerting is the most severe firing alert: "page", "ticket" or "".
	Alerting string
	State    State
	Reason   string // one line: why State
	// Budget is the budget remaining of the rolling window ending at each
	// instant of the last window, from as_of - Window to as_of: hourly
	// (daily for windows over 31 days), NaN where the window held no event.
	// It comes from the same sweep as ExhaustedSpans: it is below 0 exactly
	// while the budget was exhausted (at the instants sampled), and its last
	// point is the budget remaining at as_of.
	Budget []model.Point
	Notes  []string // data problems worth showing

	// Repo is the repository an issue SLO is limited to; "" for the site.
	Repo string
	// Issues holds an issue SLO's breach list; nil for metric SLOs.
	Issues *IssueDetail
	// Exhausted: the rolling budget remaining at as_of is below 0
	// (METRICS.md, Error-budget policy): a release freeze is recommended.
	Exhausted bool
	// ExhaustedSpans are the stretches (From, To] before as_of during which
	// the rolling budget was exhausted, in time order.
	ExhaustedSpans []Span
	// Events are the SLO's events, for the error-budget policy.
	Events *Events
	// Unknown is the share of the rolling window's slices (of every check)
	// whose status was unknown and which were left out; time slices only.
	Unknown float64
	// SliceBased is true for time-slice SLOs, where Unknown applies.
	SliceBased bool
}

// BurnWindows are the windows burn rates are reported over.
var BurnWindows = []time.Duration{5 * time.Minute, 30 * time.Minute, time.Hour, 6 * time.Hour, 24 * time.Hour, 72 * time.Hour}

// The alert rules, as shares of the budget spent within the long window,
// the Google SRE workbook's pairs: for a 30-day budget 2% in 1h is burn
// rate 14.4, 5% in 6h is 6, 10% in 3d is 1. For another window W the same
// shares give threshold = share * W / long (a 7-day SLO pages at 3.36 over
// 1h), so an alert always means the same share of the budget spent.
var rules = []struct {
	sev         string
	long, short time.Duration
	share       float64
}{
	{"page", time.Hour, 5 * time.Minute, 0.02},
	{"page", 6 * time.Hour, 30 * time.Minute, 0.05},
	{"ticket", 72 * time.Hour, 6 * time.Hour, 0.10},
}

// AlertThreshold is the burn rate above which the rule with this long
// window and budget share fires, for an SLO window w.
func AlertThreshold(share float64, long, w time.Duration) float64 {
	return share * float64(w) / float64(long)
}

// Compute builds the SLO's events from the series and evaluates it at asOf.
func Compute(s Spec, series []model.Series, asOf time.Time) (Result, error) {
	if s.Checks != nil || s.Latency != nil {
		s.Slice = s.slice() // Evaluate counts unknown slices by it
	}
	ev, notes, err := BuildEvents(s, series, asOf)
	if err != nil {
		return Result{}, err
	}
	r := Evaluate(s, ev, asOf)
	r.Notes = append(notes, r.Notes...)
	return r, nil
}

// BuildEvents turns the series a metric SLO selects into its events (points
// or time slices) before asOf, with notes on data problems: what Compute
// evaluates, for those that need the events of a narrower spec (Narrowed).
func BuildEvents(s Spec, series []model.Series, asOf time.Time) (*Events, []string, error) {
	var (
		ev    *Events
		notes []string
		err   error
	)
	switch {
	case s.Total != nil && (s.Good != nil || s.Bad != nil):
		ev, notes, err = occurrenceEvents(s, series, asOf)
	case s.ErrorRatio != nil:
		ev, notes, err = ratioEvents(s, series, asOf)
	case s.Checks != nil:
		s.Slice = s.slice()
		ev, notes, err = checkEvents(s, series, asOf)
	case s.Latency != nil:
		s.Slice = s.slice()
		ev, notes, err = latencyEvents(s, series, asOf)
	default:
		err = fmt.Errorf("no way of counting: set good or bad with total, error_ratio, checks, or latency with threshold")
	}
	if err != nil {
		return nil, nil, fmt.Errorf("slo %q: %w", s.Name, err)
	}
	return ev, notes, nil
}

// Narrowed is the spec with term added to each of its selectors: the same
// SLO over the series of one cohort (variant=canary) or of the rest
// (variant!=canary, which also takes series without the label).
func (s Spec) Narrowed(term model.Term) Spec {
	for _, p := range []**model.Selector{&s.Good, &s.Bad, &s.Total, &s.ErrorRatio, &s.Checks, &s.Latency} {
		if *p == nil {
			continue
		}
		sel := **p
		sel.Terms = append(append([]model.Term(nil), sel.Terms...), term)
		*p = &sel
	}
	return s
}

// BudgetShare is the bad events in [start, end) over the budget of the
// rolling window ending at end (B times its events): how much of the
// budget that stretch spent. ok is false when that window has no events.
func (r Result) BudgetShare(start, end time.Time) (share float64, ok bool) {
	if r.Events == nil {
		return 0, false
	}
	bad, _ := r.Events.Sum(start, end)
	_, total := r.Events.Sum(end.Add(-r.Window), end)
	B := 1 - r.Target
	if total <= 0 || B <= 0 {
		return 0, false
	}
	return bad / (B * total), true
}

// Evaluate is the SLO arithmetic over events, at asOf.
func Evaluate(s Spec, ev *Events, asOf time.Time) Result {
	r := Result{Name: s.Name, Target: s.Target, Window: s.Window, Method: s.Method(), AsOf: asOf, Resolution: ev.Resolution}
	B := s.Budget()
	comp := func(name string, start, end time.Time) Compliance {
		if end.After(asOf) {
			end = asOf
		}
		bad, total := ev.Sum(start, end)
		c := Compliance{Period: name, Start: start, End: end, Bad: bad, Total: total}
		if total > 0 {
			e := bad / total
			c.HasData = true
			c.SLI = 1 - e
			c.BudgetRemaining = 1 - e/B
			c.Compliant = e <= B+1e-12
		}
		return c
	}
	r.Rolling = comp("rolling-"+FormatWindow(s.Window), asOf.Add(-s.Window), asOf)
	if len(ev.Buckets) > 0 {
		first := ev.Buckets[0].T
		for _, p := range period.Range(period.Month, first, asOf.Add(-time.Nanosecond)) {
			r.Months = append(r.Months, comp(p.String(), p.Start, p.End()))
		}
		for _, p := range period.Range(period.Quarter, first, asOf.Add(-time.Nanosecond)) {
			r.Quarters = append(r.Quarters, comp(p.String(), p.Start, p.End()))
		}
	}
	burn := func(w time.Duration) Burn {
		if ev.Resolution > w || ev.Resolution == 0 {
			return Burn{Window: w}
		}
		bad, total := ev.Sum(asOf.Add(-w), asOf)
		if total == 0 {
			return Burn{Window: w}
		}
		return Burn{Window: w, Rate: bad / total / B, Known: true}
	}
	for _, w := range BurnWindows {
		r.Burns = append(r.Burns, burn(w))
	}
	for _, rule := range rules {
		a := Alert{Severity: rule.sev, Long: rule.long, Short: rule.short,
			Threshold: AlertThreshold(rule.share, rule.long, s.Window),
			LongRate:  burn(rule.long), ShortRate: burn(rule.short)}
		a.Firing = a.LongRate.Known && a.ShortRate.Known && a.LongRate.Rate > a.Threshold && a.ShortRate.Rate > a.Threshold
		if a.Firing && (r.Alerting == "" || a.Severity == "page") {
			r.Alerting = a.Severity
		}
		r.Alerts = append(r.Alerts, a)
	}
	r.Events = ev
	at := budgetInstants(asOf.Add(-s.Window), asOf)
	var left []float64
	r.ExhaustedSpans, left = sweep(ev, s.Window, B, asOf, at)
	for _, v := range left {
		if !math.IsNaN(v) { // some window of the stretch held events
			for k, t := range at {
				r.Budget = append(r.Budget, model.Point{T: t, V: left[k]})
			}
			break
		}
	}
	r.Exhausted = r.ExhaustedAt(asOf)
	for _, cs := range [][]Compliance{r.Months, r.Quarters} {
		for i := range cs {
			cs[i].Exhausted = overlap(r.ExhaustedSpans, cs[i].Start, cs[i].End)
		}
	}
	r.Rolling.Exhausted = overlap(r.ExhaustedSpans, r.Rolling.Start, r.Rolling.End)
	if ev.Lanes > 0 && s.Slice > 0 {
		start := asOf.Add(-s.Window)
		// Slices stamped in [start, as_of): from the first aligned start at or after start.
		first := sliceStart(start, s.Slice)
		if first.Before(start) {
			first = first.Add(s.Slice)
		}
		n := 0.0
		if asOf.After(first) {
			n = math.Ceil(float64(asOf.Sub(first)) / float64(s.Slice))
		}
		if all := n * float64(ev.Lanes); all > 0 {
			r.SliceBased = true
			r.Unknown = max(0, 1-r.Rolling.Total/all)
		}
	}
	r.State, r.Reason = state(s, r)
	if !r.Burns[0].Known && ev.Resolution > 5*time.Minute {
		r.Notes = append(r.Notes, fmt.Sprintf("data every %s: burn rates over shorter windows, and the alerts that need them, are not computed", FormatWindow(ev.Resolution)))
	}
	return r
}

// Defaults of an [[slo]] (docs/config.md states them; its test checks).
const (
	DefaultWindow        = 30 * 24 * time.Hour
	DefaultSlice         = 5 * time.Minute
	DefaultWarningBudget = 0.25
)

func state(s Spec, r Result) (State, string) {
	w := s.WarningBudget
	if w == 0 {
		w = DefaultWarningBudget
	}
	c := r.Rolling
	win := FormatWindow(s.Window)
	switch {
	case !c.HasData:
		return NoData, fmt.Sprintf("no events in the last %s", win)
	case !c.Compliant:
		return Breach, fmt.Sprintf("SLI %s over %s is below the %s target", pct(c.SLI), win, pct(s.Target))
	case r.Alerting == "page":
		return Breach, "burning budget fast: a page alert is firing"
	case c.BudgetRemaining < w:
		return Warning, fmt.Sprintf("%s of the error budget left, under %s", pct(c.BudgetRemaining), pct(w))
	case r.Alerting == "ticket":
		return Warning, "burning budget: a ticket alert is firing"
	}
	return OK, fmt.Sprintf("SLI %s over %s meets the %s target; %s of budget left", pct(c.SLI), win, pct(s.Target), pct(c.BudgetRemaining))
}

// pct writes a share as a percentage with enough digits to tell 99.9% from 99.95%.
func pct(x float64) string {
	v := 100 * x
	switch {
	case math.Abs(v) >= 99 && math.Abs(v) < 100:
		return fmt.Sprintf("%.3f%%", v)
	default:
		return fmt.Sprintf("%.1f%%", v)
	}
}

// budgetInstants are the instants Budget samples: every hour from start
// to end (every day for a stretch over 31 days), end included.
func budgetInstants(start, end time.Time) []time.Time {
	step := time.Hour
	if end.Sub(start) > 31*24*time.Hour {
		step = 24 * time.Hour
	}
	var at []time.Time
	for t := start; ; t = t.Add(step) {
		if t.After(end) {
			t = end
		}
		at = append(at, t)
		if !t.Before(end) {
			return at
		}
	}
}

// SortResults orders results by name (then target, then window), the
// order of every page and download.
func SortResults(rs []Result) {
	sort.SliceStable(rs, func(i, j int) bool {
		a, b := rs[i], rs[j]
		if a.Name != b.Name {
			return a.Name < b.Name
		}
		if a.Target != b.Target {
			return a.Target < b.Target
		}
		return a.Window < b.Window
	})
}
