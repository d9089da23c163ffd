package pages

import (
	"fmt"
	"io"
	"math"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/vitals-dev/vitals/generator/base/csvout"
	"github.com/vitals-dev/vitals/generator/base/period"
	"github.com/vitals-dev/vitals/generator/compute/kpi"
	"github.com/vitals-dev/vitals/generator/compute/policy"
	"github.com/vitals-dev/vitals/generator/compute/reports"
	"github.com/vitals-dev/vitals/generator/compute/slo"
	"github.com/vitals-dev/vitals/generator/render/chart"
	"github.com/vitals-dev/vitals/generator/render/stepsummary"
	"github.com/vitals-dev/vitals/generator/render/theme"
)

// sloSection: the SLO page with the error-budget policy, the KPI page
// with the funnel, their cards, slo.csv and the step summary's SLOs and KPIs.
var sloSection = Section{
	Name:    "slo",
	Reports: []reports.Report{reports.SLOs, reports.KPIs, reports.Policy, reports.Incidents, reports.Launches},
	Pages:   (*Builder).slo,
}

// SLOPageData is the SLO page's data.
type SLOPageData struct {
	SLOs   []SLOView
	Policy *PolicyView // error-budget policy (policy.go)
}

// SLOView is one SLO on its page.
type SLOView struct {
	Anchor, Name, Description string
	State, Reason             string
	StateText                 string // the state in words ("no data")
	Target, SLI, BudgetLeft   string
	Window, Method, Alerting  string
	Resolution                string
	// Lasts says how long the budget lasts at the current burn rate.
	Lasts string
	// MethodPlain says how the SLO is counted, in plain words.
	MethodPlain string
	// Exhausted is how long the budget was exhausted in the last window
	// ("8.5 days", "never"); ExhaustedText says it in a sentence. Both
	// come from the budget over time that the chart draws.
	Exhausted, ExhaustedText string
	// Recovered: the budget was exhausted in windows ending within the
	// last window but has some left now (the misses that spent it have
	// left the window), so "100% left" and "exhausted 8.5 days" agree
	// only once the page says so.
	Recovered bool
	// Breaches are the months that missed the target; BreachText names
	// them, newest first, the latest few and how many before (the table
	// of months lists them all).
	Breaches   []string
	BreachText string
	// Policy is the error-budget policy's verdict (freeze releases, ...),
	// for the error-budget policy to fill when the site declares one.
	Policy string
	// Unknown is the share of the window's slices with no known status; "" for occurrences.
	Unknown          string
	Burns            []BurnView
	Alerts           []AlertView
	Months, Quarters []ComplianceRow
	Charts           []chart.Chart
	Notes            []string
	// Extra is the policy verdict and the issue breach list (policy.go).
	Extra *SLOExtra
}

// BurnView is a burn rate over one window.
type BurnView struct{ Window, Rate string }

// AlertView is one multi-window alert rule and whether it fires.
type AlertView struct {
	Severity, Rule, LongRate, ShortRate string
	Firing                              bool
}

// ComplianceRow is one period of an SLO.
type ComplianceRow struct {
	Period, Start, End, SLI, BudgetLeft, Compliant string
	Breach                                         bool
	Exhausted                                      string // how long the rolling budget was exhausted in the period
}

// KPIPageData is the KPI page's data.
type KPIPageData struct {
	KPIs   []KPIView
	Funnel *FunnelView
}

// KPIView is one KPI on its page.
type KPIView struct {
	Anchor, Name, Unit, State, Reason string
	// StateText is the state in words ("no target" for a KPI without one).
	StateText                      string
	Period, Value, Target, Warning string
	Direction                      string
	Deltas                         []Delta
	Chart                          *chart.Chart
}

// FunnelView is the AARRR funnel.
type FunnelView struct {
	Period string
	Stages []FunnelStage
	Chart  chart.Chart
}

// FunnelStage is one row of the funnel table.
type FunnelStage struct {
	Name, KPI, Value, Conversion, OfFirst string
}

var sloDefs = DefSection{ID: "slos", Title: "SLOs and KPIs", Items: []Def{
	{"budget", "Error budget", "B = 1 - target. Over a window, the error ratio E is bad events over all events (occurrences), or bad time slices over all slices (uptime checks and latency). The SLI is 1 - E; budget remaining is 1 - E/B and goes below zero when the budget is overspent."},
	{"burn-rate", "Burn rate", "E/B over a window ending at the as-of time: 1 spends the budget exactly over the SLO window. Shown for 5m, 30m, 1h, 6h, 1d and 3d where the data is fine-grained enough."},
	{"alerts", "Alerts", "A page fires when the burn rate is above 14.4 over both 1h and 5m, or above 6 over both 6h and 30m; a ticket when it is above 1 over both 3d and 6h. These are the figures for a 30-day window (2%, 5% and 10% of the budget spent in the long window); other windows scale them to spend the same share."},
	{"slo-states", "SLO states", "Breach: the SLI over the rolling window is below target, or a page alert fires. Warning: less than the SLO's warning share of budget left (25% unless set), or a ticket alert fires. No data: no events in the window."},
	{"slices", "Time slices", "Slices are aligned to multiples of their length from 1970-01-01 UTC. An up/down check's status holds from its result until its next result, so a result at a slice's start decides that slice from its start; a slice is bad when the check was down at any moment in it. A status with no newer result for stale_after (6 times the check's median interval, at least 1 hour, unless the SLO sets it) becomes unknown; slices with no known status are left out, and the SLO page shows their share. A latency slice is bad when its highest value is above the threshold; slices without a measurement are not counted."},
	{"compliance", "Compliance", "Per calendar month and quarter (up to the as-of time for the current one) and over the rolling window ending at the as-of time: compliant when the SLI is at least the target."},
	{"kpi", "KPIs", "A KPI's value is its series over the last complete period before the as-of time (sum, mean, last, max or min of the period's points, as configured). Changes compare it with the period before and the same period a year earlier. Ok when it meets its target, warning between target and warning threshold, breach beyond it (or below target when no warning threshold is set)."},
	{"funnel", "Funnel", "Each stage is the KPI declared for it; conversion is a stage's value over the previous stage's, for the same period."},
}}

// slo makes the SLO and KPI pages.
func (b *Builder) slo() error {
	slos, kpis := b.rep.SLOs, b.rep.KPIs
	if len(slos)+len(kpis) > 0 {
		b.out.StepSummary = stepsummary.SLOsAndKPIs(b.cfg.Title, slos, kpis) + b.policySummary()
	}
	if len(slos) > 0 {
		if err := b.sloPage(slos, b.rep.SLODescriptions); err != nil {
			return err
		}
	}
	if len(kpis) > 0 {
		if err := b.kpiPage(kpis); err != nil {
			return err
		}
	}
	if len(slos)+len(kpis) > 0 {
		b.addDefs(sloDefs)
	}
	if b.rep.Policy != nil {
		b.addDefs(policyDefs)
	}
	return nil
}

func sloPct(v float64) string {
	if math.Abs(v) >= 0.99 && math.Abs(v) < 1 {
		return fmt.Sprintf("%.3f%%", 100*v)
	}
	return fmt.Sprintf("%.1f%%", 100*v)
}

func cardState(s slo.State) string {
	if s == slo.NoData {
		return ""
	}
	return s.String()
}

// stateWord says a state in words: "no data" rather than "no-data".
func stateWord(s slo.State) string {
	if s == slo.NoData {
		return "no data"
	}
	return s.String()
}

// kpiState is a KPI's state as its page and card show it: without a
// target a KPI is shown, not judged, so it is neutral ("no target"), never
// a green "ok".
func kpiState(r kpi.Result) (class, text string) {
	if r.Target == nil && r.State == slo.OK {
		return "none", "no target"
	}
	return r.State.String(), stateWord(r.State)
}

func (b *Builder) sloPage(slos []slo.Result, descr map[string]string) error {
	if err := b.addFile("data/slo.csv", func(w io.Writer) error { return slo.WriteSLOCSV(w, slos) }); err != nil {
		return err
	}
	d := &SLOPageData{}
	var all []chart.Chart
	g := CardGroup{Title: "Service levels", How: "how-we-count/index.html#slos",
		Note: "Each SLO over its rolling window; the border shows its state."}
	anchors := sloAnchors(slos)
	for i, r := range slos {
		v := SLOView{Anchor: anchors[i], Name: r.Name, Description: descr[r.Name], State: r.State.String(), StateText: stateWord(r.State), Reason: r.Reason,
			Target: sloPct(r.Target), SLI: "n/a", BudgetLeft: "n/a", Window: slo.FormatWindow(r.Window), Method: r.Method,
			Alerting: r.Alerting, Notes: sentences(r.Notes), Extra: b.sloExtra(r)}
		if r.Resolution > 0 {
			v.Resolution = slo.FormatWindow(r.Resolution)
		}
		if r.SliceBased {
			v.Unknown = theme.Pct(r.Unknown)
		}
		if r.Rolling.HasData {
			v.SLI, v.BudgetLeft = sloPct(r.Rolling.SLI), theme.Pct(r.Rolling.BudgetRemaining)
		}
		// Burn rates and alert rules only where the data can say them: an
		// issue SLO's daily outcomes or an hourly export have no 5-minute
		// burn rate, and a rule of unknown rates is no rule.
		for _, x := range r.Burns {
			if x.Known {
				v.Burns = append(v.Burns, BurnView{Window: slo.FormatWindow(x.Window), Rate: fmt.Sprintf("%.2f", x.Rate)})
			}
		}
		for _, a := range r.Alerts {
			if !a.LongRate.Known || !a.ShortRate.Known {
				continue
			}
			av := AlertView{Severity: a.Severity, Firing: a.Firing, LongRate: "n/a", ShortRate: "n/a",
				Rule: fmt.Sprintf("%s and %s above %s", slo.FormatWindow(a.Long), slo.FormatWindow(a.Short), strconv.FormatFloat(math.Round(a.Threshold*100)/100, 'f', -1, 64))}
			if a.LongRate.Known {
				av.LongRate = fmt.Sprintf("%.2f", a.LongRate.Rate)
			}
			if a.ShortRate.Known {
				av.ShortRate = fmt.Sprintf("%.2f", a.ShortRate.Rate)
			}
			v.Alerts = append(v.Alerts, av)
		}
		row := func(c slo.Compliance) ComplianceRow {
			cr := ComplianceRow{Period: c.Period, Start: c.Start.UTC().Format("2006-01-02"), End: c.End.UTC().Format("2006-01-02 15:04"), SLI: "n/a", BudgetLeft: "n/a", Compliant: "no data"}
			if c.Exhausted > 0 {
				cr.Exhausted = durText(c.Exhausted)
			}
			if c.HasData {
				cr.SLI, cr.BudgetLeft, cr.Compliant, cr.Breach = sloPct(c.SLI), theme.Pct(c.BudgetRemaining), "yes", !c.Compliant
				if !c.Compliant {
					cr.Compliant = "no"
				}
			}
			return cr
		}
		for j := len(r.Months) - 1; j >= 0; j-- {
			v.Months = append(v.Months, row(r.Months[j]))
		}
		for j := len(r.Quarters) - 1; j >= 0; j-- {
			v.Quarters = append(v.Quarters, row(r.Quarters[j]))
		}
		v.Lasts = budgetLasts(r, b.asOf)
		v.MethodPlain = methodPlain(r)
		v.ExhaustedText = exhaustedText(r)
		v.Exhausted = "never"
		if d := r.Rolling.Exhausted; d > 0 {
			v.Exhausted = durText(d)
			v.Recovered = r.Rolling.BudgetRemaining > 0
		}
		if n := len(r.Budget); n > 0 {
			// The budget left of the rolling window ending at each instant:
			// the figure above is its last point, and the time exhausted
			// is the time it spent below 0 (slo.Result.Budget).
			x, y, zero := make([]string, n), make([]float64, n), make([]float64, n)
			for k, p := range r.Budget {
				x[k], y[k] = p.T.UTC().Format("2006-01-02 15:04"), 100*p.V
			}
			lm := b.launchMarkersAt(r.Name, x, r.Budget[0].T, "slo/index.html")
			c, err := chart.Build(chart.Spec{ID: v.Anchor + "-budget", Title: r.Name + ": error budget left, the last " + v.Window, Kind: chart.Line,
				X: x, YName: "% left", Decimals: 1, Zoom: true, Unit: "%", YMax: 100, // no budget is more than whole
				Markers: append(b.incidentMarkersAt(x, r.Budget[0].T, "slo/index.html"), lm...),
				Series:  []chart.Series{{Name: "budget left %", Values: y, Area: true}, {Name: "spent (0%)", Values: zero, Dashed: true}},
				Caption: v.ExhaustedText + "."})
			if err != nil {
				return err
			}
			v.Charts = append(v.Charts, c)
		}
		if len(r.Months) > 0 {
			x := make([]string, len(r.Months))
			sli, target := make([]float64, len(x)), make([]float64, len(x))
			for k, m := range r.Months {
				x[k], sli[k], target[k] = m.Period, math.NaN(), 100*r.Target
				if m.HasData {
					sli[k] = 100 * m.SLI
				}
			}
			var markers []chart.Marker
			for _, m := range r.Months {
				if m.HasData && !m.Compliant {
					// Listed in the figures above the chart: drawn, not listed again.
					markers = append(markers, chart.Marker{X: m.Period, Label: "SLI " + sloPct(m.SLI) + " against " + sloPct(r.Target), Kind: chart.MarkTargetMissed, Quiet: true})
					v.Breaches = append(v.Breaches, m.Period)
				}
			}
			markers = append(markers, b.incidentMarkers(period.Month, "slo/index.html")...)
			lm := b.launchMarkers(r.Name, false, period.Month, "slo/index.html")
			markers = append(markers, lm...)
			last := r.Months[len(r.Months)-1]
			partial := last.End.Before(period.Of(period.Month, last.Start).End()) // the month of as_of
			c, err := chart.Build(chart.Spec{ID: v.Anchor + "-monthly", Title: r.Name + ": SLI per month", Kind: chart.Line, X: x, YName: "%", Decimals: 3, Scale: true,
				Partial: partial, Unit: "%", Markers: markers,
				Series: []chart.Series{{Name: "SLI %", Values: sli}, {Name: "target %", Values: target, Dashed: true}}})
			if err != nil {
				return err
			}
			v.Charts = append(v.Charts, c)
		}
		v.BreachText = monthsText(v.Breaches, len(r.Months))
		all = append(all, v.Charts...)
		d.SLOs = append(d.SLOs, v)
		// The budget left is the figure the state judges (warning under
		// the SLO's warning share of it), so it is the card's value.
		card := Card{Title: r.Name, Value: v.BudgetLeft, Unit: "budget left", Link: "slo/index.html#" + v.Anchor, State: cardState(r.State), StateText: stateWord(r.State),
			Figure: "slo-budget-left:" + r.Name, Over: "over the last " + v.Window,
			Note: fmt.Sprintf("over the last %s; SLI %s against a %s target", v.Window, v.SLI, v.Target)}
		if !r.Rolling.HasData {
			card.Unit = ""
		}
		if r.Alerting != "" {
			card.Note += "; " + r.Alerting + " alert firing"
		}
		if r.Exhausted {
			card.Note += "; budget exhausted: release freeze recommended"
		}
		g.Cards = append(g.Cards, card)
	}
	anchorOf := map[string]string{}
	for _, v := range d.SLOs {
		anchorOf[v.Name] = v.Anchor
	}
	d.Policy = b.policyView(anchorOf)
	b.sloActions(slos, anchors)
	g.Cards = append(g.Cards, b.policyCards()...)
	b.addPage(&Page{Path: "slo/index.html", Kind: "slos", Data: d, charts: all,
		Info: PageInfo{Title: "Service levels", Section: "slo",
			Description: "SLOs: SLI, error budget, burn rates and compliance per month and quarter.",
			HowCounted:  "SLI = 1 - bad/total over the window; budget remaining = 1 - (1 - SLI)/(1 - target)."}})
	b.nav1("Service levels", "slo/index.html", "slo")
	b.groups = append(b.groups, g)
	return nil
}

func (b *Builder) kpiPage(kpis []kpi.Result) error {
	d := &KPIPageData{}
	var all []chart.Chart
	g := CardGroup{Title: "KPIs", How: "how-we-count/index.html#slos-kpi",
		Note: "The last complete period against the same period a year earlier."}
	names := make([]string, len(kpis))
	for i, r := range kpis {
		names[i] = r.Name
	}
	anchors := slugAnchors("kpi", names)
	for i, r := range kpis {
		class, word := kpiState(r)
		v := KPIView{Anchor: anchors[i], Name: r.Name, Unit: r.Unit, State: class, StateText: word, Reason: r.Reason,
			Period: r.Current.Period.String(), Value: "n/a", Target: "none", Warning: "none", Direction: "higher is better"}
		if r.Down {
			v.Direction = "lower is better"
		}
		if r.Current.Has {
			v.Value = kpi.Format(r.Current.V, r.Unit)
		}
		if r.Target != nil {
			v.Target = kpi.Format(*r.Target, r.Unit)
		}
		if r.Warning != nil {
			v.Warning = kpi.Format(*r.Warning, r.Unit)
		}
		val := func(x kpi.Value) float64 {
			if !x.Has {
				return math.NaN()
			}
			return x.V
		}
		cur := val(r.Current)
		v.Deltas = []Delta{
			NewDelta(cur, val(r.Previous), r.Down, "vs "+r.Previous.Period.String()),
			NewDelta(cur, val(r.YearAgo), r.Down, "vs "+r.YearAgo.Period.String()),
		}
		if n := len(r.Sparkline); n > 0 {
			x, y := make([]string, n), make([]float64, n)
			for k, p := range r.Sparkline {
				x[k], y[k] = p.Period.String(), val(p)
			}
			ss := []chart.Series{{Name: r.Name, Values: y}}
			if r.Target != nil {
				t := make([]float64, n)
				for k := range t {
					t[k] = *r.Target
				}
				ss = append(ss, chart.Series{Name: "target", Values: t, Dashed: true})
			}
			c, err := chart.Build(chart.Spec{ID: v.Anchor, Title: r.Name + " per " + r.Current.Period.Kind.String(), Kind: chart.Line, X: x, YName: r.Unit,
				Decimals: 2, Series: ss, Zoom: n > 60, Markers: b.launchMarkers(r.Name, true, r.Current.Period.Kind, "kpis/index.html")})
			if err != nil {
				return err
			}
			v.Chart = &c
			all = append(all, c)
		}
		d.KPIs = append(d.KPIs, v)
		if r.State == slo.Breach {
			b.needsAction(Action{Urgency: ActNow, Title: r.Name + " is past its threshold", Detail: r.Reason + " (" + v.Period + ").",
				Link: "kpis/index.html#" + v.Anchor})
		}
		card := Card{Title: r.Name, Value: v.Value, Link: "kpis/index.html#" + v.Anchor, State: cardState(r.State), StateText: word,
			Deltas: v.Deltas[1:], Note: v.Period, Figure: "kpi:" + r.Name, Over: v.Period}
		if class == "none" {
			card.State = "none"
		}
		if r.Current.Has && r.Unit != "%" {
			card.Value, card.Unit = kpi.Format(r.Current.V, ""), r.Unit // the unit in small type, as on the other cards
		}
		g.Cards = append(g.Cards, card)
	}
	if b.rep.Funnel != nil {
		f := *b.rep.Funnel
		fv := &FunnelView{Period: f.Period.String()}
		x, y, notes := make([]string, len(f.Stages)), make([]float64, len(f.Stages)), make([]string, len(f.Stages))
		for k, s := range f.Stages {
			st := FunnelStage{Name: s.Name, KPI: s.KPI, Value: "n/a", Conversion: share(s.Conversion), OfFirst: share(s.OfFirst)}
			x[k], y[k] = s.Name, math.NaN()
			if k > 0 && s.Conversion != nil {
				notes[k] = theme.Pct(*s.Conversion)
			}
			if s.Has {
				st.Value, y[k] = kpi.Format(s.V, s.Unit), s.V
			}
			if k == 0 {
				st.Conversion, st.OfFirst = "", ""
			}
			fv.Stages = append(fv.Stages, st)
		}
		// A log scale: visitors in the hundred thousands beside customers in
		// the hundreds leave every later stage a sliver on a linear axis.
		c, err := chart.Build(chart.Spec{ID: "funnel", Title: "Funnel, " + fv.Period, Kind: chart.Bar, X: x, Decimals: 0, Log: true, ValueLabels: true, ValueNotes: notes,
			Series:  []chart.Series{{Name: "value", Values: y}},
			Caption: "Each stage's KPI over " + fv.Period + ", on a log scale so that every stage shows; over each bar its value and, under it, the share of the step before that reached this one."})
		if err != nil {
			return err
		}
		fv.Chart = c
		all = append(all, c)
		d.Funnel = fv
	}
	b.addPage(&Page{Path: "kpis/index.html", Kind: "kpis", Data: d, charts: all,
		Info: PageInfo{Title: "KPIs", Section: "kpis",
			Description: "Key performance indicators against their targets, and the funnel.",
			HowCounted:  "Each KPI over its last complete period, against the period before and the same period a year earlier."}})
	b.nav1("KPIs", "kpis/index.html", "kpis")
	b.groups = append(b.groups, g)
	return nil
}

// budgetLasts says, in one sentence, where the budget is heading at the
// burn rate of the last day (or the longest window with data). Burn rate 1
// spends the whole budget over one SLO window, so at rate r a budget left
// R lasts R*W/r. Below rate 1 a rolling window's budget moves toward
// 1 - r as older failures leave the window: up when that is above what is
// left now, down when below, and it is never spent.
func budgetLasts(r slo.Result, asOf time.Time) string {
	if !r.Rolling.HasData {
		return ""
	}
	var burn *slo.Burn
	for i := range r.Burns {
		x := &r.Burns[i]
		if x.Known && (x.Window == 24*time.Hour || burn == nil || (burn.Window != 24*time.Hour && x.Window > burn.Window)) {
			burn = x
		}
	}
	if burn == nil {
		return ""
	}
	at := fmt.Sprintf("At the burn rate of the last %s (%.2f)", slo.FormatWindow(burn.Window), burn.Rate)
	left, settle := r.Rolling.BudgetRemaining, 1-burn.Rate
	switch {
	case left <= 0:
		return fmt.Sprintf("The budget is spent (%s left): it comes back only as old failures leave the %s window.", theme.Pct(left), slo.FormatWindow(r.Window))
	case burn.Rate < 1 && settle >= left:
		return fmt.Sprintf("%s the budget recovers toward %s left as older failures leave the window.", at, theme.Pct(settle))
	case burn.Rate < 1:
		return fmt.Sprintf("%s the budget shrinks toward %s left, never spent.", at, theme.Pct(settle))
	}
	d := time.Duration(left * float64(r.Window) / burn.Rate)
	return fmt.Sprintf("%s the budget runs out around %s.", at, asOf.Add(d).UTC().Format("2 January 2006, 15:04 UTC"))
}

// monthsText names the months that missed the target (oldest first in
// ms), of n months with figures: the newest three, and how many earlier.
func monthsText(ms []string, n int) string {
	if len(ms) == 0 {
		return "none since the data begins"
	}
	var newest []string
	for i := len(ms) - 1; i >= 0 && len(newest) < 3; i-- {
		newest = append(newest, ms[i])
	}
	s := strings.Join(newest, ", ")
	if more := len(ms) - len(newest); more > 0 {
		s += fmt.Sprintf(" and %d earlier", more)
	}
	return s + fmt.Sprintf(", of %d months", n)
}

// exhaustedText says how long the budget was exhausted in the last
// window: the time the budget over time (the chart) spent below 0.
func exhaustedText(r slo.Result) string {
	w := slo.FormatWindow(r.Window)
	if d := r.Rolling.Exhausted; d > 0 {
		return fmt.Sprintf("Each point is the budget left in the %s window ending then; below 0%% it was exhausted, for %s of the last %s", w, durText(d), w)
	}
	return fmt.Sprintf("Each point is the budget left in the %s window ending then; it was not exhausted in the last %s", w, w)
}

// methodPlain says how an SLO is counted, for a reader who does not know
// the words "occurrences" and "time slices".
func methodPlain(r slo.Result) string {
	if r.Issues != nil {
		return "Counted by issues: " + r.Issues.Rule.What() + "."
	}
	if r.Method == "occurrences" {
		return "Counted by events: failed requests over all requests."
	}
	if rest, ok := strings.CutPrefix(r.Method, "time slices of "); ok {
		return "Counted in " + rest + " slices of time: a slice is bad when the service was down (or too slow) at any moment in it."
	}
	return ""
}

// incidentMarkersAt marks the incidents that started within a chart of
// timestamps x (sorted, from first), each on the first timestamp at or
// after its start.
func (b *Builder) incidentMarkersAt(x []string, first time.Time, from string) []chart.Marker {
	var out []chart.Marker
	for i := len(b.rep.Incidents) - 1; i >= 0; i-- {
		in := b.rep.Incidents[i]
		if in.Started == nil || in.Started.Before(first) || !in.Started.Before(b.asOf) {
			continue
		}
		k := min(sort.SearchStrings(x, in.Started.UTC().Format("2006-01-02 15:04")), len(x)-1)
		label := in.Started.Format("2006-01-02")
		if in.Severity != "" {
			label = in.Severity + " " + label
		}
		out = append(out, chart.Marker{X: x[k], Label: label, URL: relPath(path.Dir(from), b.postmortemPaths[in.Path])})
	}
	return out
}

// sloActions are what the SLOs ask of someone now: a spent budget (freeze
// releases), an SLO below its target, releases that went out on a spent
// budget lately, and costly incidents without a postmortem.
func (b *Builder) sloActions(slos []slo.Result, anchors []string) {
	for i, r := range slos {
		w := slo.FormatWindow(r.Window)
		switch {
		case r.Exhausted:
			b.needsAction(Action{Urgency: ActNow, Title: "Freeze releases: the error budget of " + r.Name + " is spent",
				Detail: theme.Pct(r.Rolling.BudgetRemaining) + " left over the last " + w + "; ship only fixes that restore reliability.",
				Link:   "slo/index.html#" + anchors[i]})
		case r.State == slo.Breach:
			b.needsAction(Action{Urgency: ActNow, Title: r.Name + " is below its target", Detail: r.Reason + ".", Link: "slo/index.html#" + anchors[i]})
		}
	}
	p := b.rep.Policy
	if p == nil {
		return
	}
	recent, flagged := 0, 0
	since := b.asOf.AddDate(0, 0, -90)
	for _, r := range p.Releases {
		if len(r.Exhausted) == 0 {
			continue
		}
		flagged++
		if at := r.Release.PublishedAt; at != nil && !at.Before(since) {
			recent++
		}
	}
	if recent > 0 {
		b.needsAction(Action{Urgency: ActSoon, Title: plural(recent, "release") + " went out on a spent error budget in the last 90 days",
			Detail: fmt.Sprintf("%d of %d releases since the data begins.", flagged, len(p.Releases)), Link: "releases/index.html#budget-releases"})
	}
	if n := p.WithoutPostmortem; n > 0 {
		b.needsAction(Action{Urgency: ActSoon, Title: "Write " + plural(n, "postmortem"),
			Detail: fmt.Sprintf("%s used over %d%% of an SLO's error budget and %s none.", plural(n, "incident"), int(100*policy.SignificantShare), map[bool]string{true: "has", false: "have"}[n == 1]),
			Link:   "slo/index.html#budget-incidents"})
	}
}

// policySummary is the step summary's error-budget lines.
func (b *Builder) policySummary() string {
	if b.rep.Policy == nil {
		return ""
	}
	var sb strings.Builder
	if b.rep.Policy.FreezeRecommended() {
		names := make([]string, len(b.rep.Policy.Exhausted))
		for i, n := range b.rep.Policy.Exhausted {
			names[i] = stepsummary.Cell(n)
		}
		fmt.Fprintf(&sb, "\n**Release freeze recommended**: the error budget is exhausted for %s.\n", strings.Join(names, ", "))
	}
	if n := b.rep.Policy.WithoutPostmortem; n > 0 {
		fmt.Fprintf(&sb, "\n%s used more than %d%% of an SLO's error budget and %s no postmortem.\n",
			plural(n, "incident"), int(100*policy.SignificantShare), map[bool]string{true: "has", false: "have"}[n == 1])
	}
	return sb.String()
}

// PolicyView is the SLO page's error-budget policy section.
type PolicyView struct {
	Exhausted []string // SLO names exhausted at as_of
	Incidents []IncidentBudgetView
	// IncidentsTotal counts them all: the page shows the Shown newest,
	// and IncidentsCSV (beside the page) has every one.
	IncidentsTotal    int
	IncidentsCSV      string
	WithoutPostmortem int
	ReleasesFlagged   int
	Releases          int
	Share             string // the significance threshold, "20%"
}

// IncidentBudgetView is one budget-significant incident.
type IncidentBudgetView struct {
	SLO, Anchor, Start, End, Share string
	Postmortem, PostmortemLink     string // title and page, empty when none
}

// SLOExtra is what an SLO's section shows beyond the metric SLO figures:
// the policy verdict and, for issue SLOs, the breach list.
type SLOExtra struct {
	Exhausted bool
	Issue     *IssueSLOView
}

// IssueSLOView is an issue SLO's counts and lists.
type IssueSLOView struct {
	Good, Bad, Pending int
	// Unknown counts the window's issues left out for want of comments
	// in the store; UnknownNote names their repositories.
	Unknown          int
	UnknownNote      string
	Breaches, AtRisk []OutcomeView
	MoreBreaches     int
	Hours            string
	What             string // "first response within 16h of working hours (...)"
}

// OutcomeView is one issue of a breach or at-risk list. Title is GitHub text.
type OutcomeView struct {
	Repo, Title, URL, Created, Deadline, Done, Late string
	Number                                          int
}

const breachListMax = 25

// workingText writes working time in working hours, or in working days of
// dayLen from two days on ("16.0 working days" of 8 hours, not 5.3 days).
func workingText(d, dayLen time.Duration) string {
	if dayLen > 0 && d >= 2*dayLen {
		return fmt.Sprintf("%.1f working days", float64(d)/float64(dayLen))
	}
	return fmt.Sprintf("%.1f working h", d.Hours())
}

func durText(d time.Duration) string {
	switch {
	case d >= 48*time.Hour:
		return fmt.Sprintf("%.1f days", d.Hours()/24)
	case d >= time.Hour:
		return fmt.Sprintf("%.1f h", d.Hours())
	}
	return fmt.Sprintf("%d min", int(d.Minutes()))
}

// sloExtra builds an SLO's policy and breach-list view.
func (b *Builder) sloExtra(r slo.Result) *SLOExtra {
	x := &SLOExtra{Exhausted: r.Exhausted}
	if r.Issues == nil {
		return x
	}
	d := r.Issues
	v := &IssueSLOView{Good: d.Good, Bad: d.Bad, Pending: d.Pending, What: d.Rule.What(), Unknown: d.Unknown}
	if d.Unknown > 0 {
		v.UnknownNote = "first response unknown, left out; " + noCommentsNote(d.NoComments)
	}
	if !d.Rule.Hours.IsCalendar() {
		v.Hours = d.Rule.Hours.String()
	}
	rule := d.Rule
	ov := func(o slo.Outcome) OutcomeView {
		w := OutcomeView{Repo: o.Repo, Number: o.Number, Title: o.Title, URL: webURL(o.URL),
			Created: o.Created.UTC().Format("2006-01-02 15:04"), Deadline: o.Deadline.UTC().Format("2006-01-02 15:04")}
		if o.Done != nil {
			w.Done = o.Done.UTC().Format("2006-01-02 15:04")
		}
		d := o.Left
		if o.Verdict == slo.Bad {
			d = o.Late
		}
		w.Late = durText(d)
		if !rule.Hours.IsCalendar() {
			w.Late = workingText(d, rule.Hours.DayLength())
		}
		return w
	}
	for i, o := range d.Breaches {
		if i == breachListMax {
			v.MoreBreaches = len(d.Breaches) - breachListMax
			break
		}
		v.Breaches = append(v.Breaches, ov(o))
	}
	for i, o := range d.AtRisk {
		if i == 10 {
			break
		}
		v.AtRisk = append(v.AtRisk, ov(o))
	}
	x.Issue = v
	return x
}

// policyView is the SLO page's policy section; anchors maps SLO names to
// their sections.
func (b *Builder) policyView(anchors map[string]string) *PolicyView {
	if b.rep.Policy == nil {
		return nil
	}
	p := b.rep.Policy
	v := &PolicyView{Exhausted: p.Exhausted, WithoutPostmortem: p.WithoutPostmortem, Share: fmt.Sprintf("%d%%", int(100*policy.SignificantShare))}
	v.Releases = len(p.Releases)
	for _, r := range p.Releases {
		if len(r.Exhausted) > 0 {
			v.ReleasesFlagged++
		}
	}
	for _, in := range p.Incidents {
		iv := IncidentBudgetView{SLO: in.SLO, Anchor: anchors[in.SLO], Start: in.Start.UTC().Format("2006-01-02 15:04"),
			End: in.End.UTC().Format("2006-01-02 15:04"), Share: fmt.Sprintf("%.2f%%", 100*in.Share)}
		if in.Postmortem != nil {
			iv.Postmortem = in.Postmortem.Title
			if iv.Postmortem == "" {
				iv.Postmortem = in.Postmortem.ID
			}
			iv.PostmortemLink = b.postmortemPaths[in.Postmortem.Path]
		}
		v.Incidents = append(v.Incidents, iv)
	}
	v.IncidentsTotal = len(v.Incidents)
	if len(v.Incidents) > Shown {
		all := v.Incidents
		v.IncidentsCSV = "budget-incidents.csv"
		if err := b.addFile("slo/"+v.IncidentsCSV, func(w io.Writer) error {
			cw, err := csvout.New(w, "slo", "start", "end", "budget_used", "postmortem")
			if err != nil {
				return err
			}
			for i, in := range p.Incidents {
				if err := cw.Row(in.SLO, in.Start.UTC().Format(time.RFC3339), in.End.UTC().Format(time.RFC3339),
					strconv.FormatFloat(in.Share, 'f', 4, 64), all[i].Postmortem); err != nil {
					return err
				}
			}
			return cw.Flush()
		}); err != nil && b.out.Err == nil {
			b.out.Err = err
		}
		v.Incidents = all[:Shown]
	}
	return v
}

// policyCards are the dashboard's error-budget cards.
func (b *Builder) policyCards() []Card {
	if b.rep.Policy == nil {
		return nil
	}
	var cs []Card
	if b.rep.Policy.FreezeRecommended() {
		cs = append(cs, Card{Title: "Release freeze recommended", Value: theme.Num(len(b.rep.Policy.Exhausted)), Unit: "SLOs exhausted",
			Link: "slo/index.html#policy", State: "breach", StateText: "freeze releases", Note: strings.Join(b.rep.Policy.Exhausted, ", ")})
	}
	st, word := "ok", "all have one"
	if b.rep.Policy.WithoutPostmortem > 0 {
		st, word = "warning", "postmortems missing"
	}
	cs = append(cs, Card{Title: "Incidents without a postmortem", Value: theme.Num(b.rep.Policy.WithoutPostmortem),
		Link: "slo/index.html#budget-incidents", State: st, StateText: word,
		Note: fmt.Sprintf("of %d that used over %d%% of an SLO's budget", len(b.rep.Policy.Incidents), int(100*policy.SignificantShare))})
	return cs
}

var policyDefs = DefSection{ID: "error-budget-policy", Title: "Issue-response SLOs and the error-budget policy", Items: []Def{
	{"issue-slo", "Issue-response SLOs", "The events are the issues (with the SLO's labels, in its repository) created in the period. An issue is good when its first response (or, for close_within, its close) came within the target time of its creation, bad when it came later or has not come and the target time has passed, and pending, left out, while the target time has not passed. With business hours, only those hours of the named time zone count, daylight-saving changes included; a response exactly at the target is in time."},
	{"exhausted", "Exhausted budget", "An SLO whose budget remaining over its rolling window is below zero. While any is exhausted the SLO page recommends a release freeze. The compliance tables say how long in each month and quarter the budget was exhausted; an issue counts in the window from the moment its verdict is known (its response, or the passing of its target time)."},
	{"exhausted-release", "Released on an exhausted budget", "A published, non-draft, non-pre release that went out while an SLO of its repository, or of the whole site, was exhausted. A release at the very instant the budget runs out is not flagged: the budget counts events before that instant."},
	{"budget-significant", "Budget-significant incident", "A postmortem whose [started, resolved) range holds bad events of more than 20% of an SLO's budget for the rolling window ending at resolved (the budget is 1 - target times the window's events); or, in an SLO's metric data, a run of buckets burning faster than the budget allows (error ratio above 1 - target, at most an hour apart) that used as much and that no postmortem covers. Each needs a postmortem; the page says whether one exists."},
}}

// sentences ends each note with a full stop, as the page prints it.
func sentences(notes []string) []string {
	var out []string
	for _, n := range notes {
		if n = strings.TrimSpace(n); n != "" && !strings.HasSuffix(n, ".") {
			n += "."
		}
		out = append(out, n)
	}
	return out
}
