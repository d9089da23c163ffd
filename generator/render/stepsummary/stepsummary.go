// Package stepsummary writes the Markdown that vitals build appends to
// GITHUB_STEP_SUMMARY: a heading with the worst SLO or KPI state, tables of
// SLOs and KPIs, and the dashboard's headline figures. It renders what
// compute found, like the pages; nothing in compute imports it. Names come
// from site.toml and series from exports, so every cell is escaped: it is
// hostile text.
package stepsummary

import (
	"fmt"
	"strings"

	"github.com/vitals-dev/vitals/generator/compute/kpi"
	"github.com/vitals-dev/vitals/generator/compute/slo"
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

// SLOsAndKPIs writes the states and headline figures as GitHub Markdown: a
// heading with the worst state, a table of SLOs and one of KPIs.
func SLOsAndKPIs(title string, slos []slo.Result, kpis []kpi.Result) string {
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

// Heading is the summary's heading when it has no SLO or KPI (and so no
// state to show).
func Heading(title string) string { return "## " + Cell(title) + "\n" }

// Figure is one row of the headline figures table.
type Figure struct{ Title, Value, Change string }

// Figures writes the dashboard's headline figures as a table, "" when there
// are none.
func Figures(figs []Figure) string {
	if len(figs) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("\n| Figure | Now | Change |\n|---|---|---|\n")
	for _, f := range figs {
		fmt.Fprintf(&b, "| %s | %s | %s |\n", Cell(f.Title), Cell(f.Value), Cell(f.Change))
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
