package slo

import (
	"io"
	"strconv"
	"time"

	"github.com/vitals-dev/vitals/generator/base/csvout"
)

// WriteSLOCSV writes slo.csv (docs/metrics.md, Downloads):
// slo,period,start,end,target,sli,budget_remaining,compliant. For each SLO
// by name: its months, then its quarters, then the rolling window
// (rolling-30d). start and end are RFC 3339 UTC; end is as_of for a
// period not over yet. sli, budget_remaining and compliant are empty for a
// period without events.
func WriteSLOCSV(w io.Writer, results []Result) error {
	rs := append([]Result(nil), results...)
	SortResults(rs)
	cw, err := csvout.New(w, "slo", "period", "start", "end", "target", "sli", "budget_remaining", "compliant")
	if err != nil {
		return err
	}
	for _, r := range rs {
		rows := append(append(append([]Compliance(nil), r.Months...), r.Quarters...), r.Rolling)
		for _, c := range rows {
			sli, br, ok := "", "", ""
			if c.HasData {
				sli, br, ok = num(c.SLI), num(c.BudgetRemaining), strconv.FormatBool(c.Compliant)
			}
			if err := cw.Row(r.Name, c.Period, c.Start.UTC().Format(time.RFC3339), c.End.UTC().Format(time.RFC3339),
				strconv.FormatFloat(r.Target, 'f', -1, 64), sli, br, ok); err != nil {
				return err
			}
		}
	}
	return cw.Flush()
}

// num writes a ratio with six decimals (0.999123): enough for 99.9999%.
func num(x float64) string {
	s := strconv.FormatFloat(x, 'f', 6, 64)
	if s == "-0.000000" {
		s = "0.000000"
	}
	return s
}
