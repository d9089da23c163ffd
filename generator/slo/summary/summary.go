// Package summary reports SLO and KPI states for CI: the worst state, what
// fails a --fail-on threshold, and a Markdown summary for
// GITHUB_STEP_SUMMARY. Names come from site.toml and series from exports,
// so every cell is escaped: it is hostile text.
package summary

import (
	"fmt"
	"strings"

	"github.com/vitals-dev/vitals/generator/kpi"
	"github.com/vitals-dev/vitals/generator/slo"
)

// Worst is the worst state among the SLOs and KPIs (OK when there are none).
func Worst(slos []slo.Result, kpis []kpi.Result) slo.State {
	var ss []slo.State
	for _, r := range slos {
		ss = append(ss, r.State)
	}
	for _, r := range kpis {
		ss = append(ss, r.State)
	}
	return slo.WorstState(ss...)
}

// Failing lists, as "SLO name: state" and "KPI name: state", everything
// that fails --fail-on=threshold (see slo.State.Fails), SLOs then KPIs, in
// the order given. vitals build exits 3 when it is not empty.
func Failing(slos []slo.Result, kpis []kpi.Result, threshold slo.State) []string {
	var out []string
	for _, r := range slos {
		if r.State.Fails(threshold) {
			out = append(out, fmt.Sprintf("SLO %s: %s (%s)", r.Name, r.State, r.Reason))
		}
	}
	for _, r := range kpis {
		if r.State.Fails(threshold) {
			out = append(out, fmt.Sprintf("KPI %s: %s (%s)", r.Name, r.State, r.Reason))
		}
	}
	return out
}

// StepSummaryMarkdown writes the states and headline figures as GitHub
// Markdown: a heading with the worst state, a table of SLOs and one of KPIs.
func StepSummaryMarkdown(title string, slos []slo.Result, kpis []kpi.Result) string {
	var b strings.Builder
	fmt.Fprintf(&b, "## %s: %s\n\n", Cell(title), Worst(slos, kpis))
	if len(slos) > 0 {
		b.WriteString("| SLO | State | SLI | Target | Window | Budget left | Alert | Why |\n|---|---|---|---|---|---|---|---|\n")
		for _, r := range slos {
			sli, left := "n/a", "n/a"
			if r.Rolling.HasData {
				sli, left = pct(r.Rolling.SLI, 3), pct(r.Rolling.BudgetRemaining, 1)
			}
			alert := r.Alerting
			if alert == "" {
				alert = "none"
			}
			fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s | %s | %s |\n", Cell(r.Name), state(r.State), sli, pct(r.Target, 3),
				slo.FormatWindow(r.Window), left, alert, Cell(r.Reason))
		}
		b.WriteString("\n")
	}
	if len(kpis) > 0 {
		b.WriteString("| KPI | State | Period | Value | vs previous | vs a year ago | Target |\n|---|---|---|---|---|---|---|\n")
		for _, r := range kpis {
			val := "n/a"
			if r.Current.Has {
				val = kpi.Format(r.Current.V, r.Unit)
			}
			target := "none"
			if r.Target != nil {
				target = kpi.Format(*r.Target, r.Unit)
			}
			fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s | %s |\n", Cell(r.Name), state(r.State), r.Current.Period,
				Cell(val), change(r.ChangePrevPct), change(r.ChangeYearPct), Cell(target))
		}
		b.WriteString("\n")
	}
	return b.String()
}

func state(s slo.State) string {
	if s == slo.Breach || s == slo.Warning {
		return "**" + s.String() + "**"
	}
	return s.String()
}

func pct(x float64, digits int) string { return fmt.Sprintf("%.*f%%", digits, 100*x) }

func change(c *float64) string {
	if c == nil {
		return "n/a"
	}
	return fmt.Sprintf("%+.1f%%", *c)
}

// Cell makes text safe inside a Markdown table cell: one line, no pipe that
// ends the cell, no HTML, no link, image or emphasis syntax; at most 120
// characters.
func Cell(s string) string {
	var b strings.Builder
	n := 0
	for _, r := range s {
		if n >= 120 {
			b.WriteString("…")
			break
		}
		n++
		switch {
		case r == '\n' || r == '\r' || r == '\t':
			b.WriteByte(' ')
		case r < 0x20 || r == 0x7f || r == 0x2028 || r == 0x2029:
			// control characters dropped
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case strings.ContainsRune("\\|`*_[]()!#~", r):
			b.WriteByte('\\')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
