package explog

import (
	"io"
	"math"
	"strconv"

	"github.com/vitals-dev/vitals/generator/base/csvout"
)

// CSVHeader is experiments.csv's header (docs/metrics.md, Downloads).
var CSVHeader = []string{"experiment", "variant", "metric", "units", "mean", "diff", "diff_low", "diff_high",
	"lift", "lift_low", "lift_high", "p_value", "significant", "srm_p_value", "verdict"}

// WriteCSV writes experiments.csv: one row per experiment, variant and
// metric, experiments as the log orders them (planned ones have no
// figures and no rows), variants control first, metrics primary,
// guardrails, the others. units is the variant's units with a value of
// the metric (those the mean is over). The control's effect columns are
// empty, and so are a treatment's that cannot be computed (fewer than two
// values) and its lift where the control's mean is 0. srm_p_value and
// verdict are the experiment's, on every row; an invalid experiment's
// effects are written, its verdict saying they are no result.
func WriteCSV(w io.Writer, log *Log) error {
	cw, err := csvout.New(w, CSVHeader...)
	if err != nil {
		return err
	}
	for _, e := range log.Experiments {
		r := e.Result
		if r == nil {
			continue
		}
		srm := num(r.SRM.P)
		for v, variant := range r.Variants {
			for _, m := range r.Metrics {
				st := m.Stats[v]
				row := []string{e.Doc.ID, variant.Name, m.Name, strconv.FormatInt(st.N, 10), num(st.Mean),
					"", "", "", "", "", "", "", ""}
				if v > 0 {
					if x := m.Effects[v-1]; x.OK {
						copy(row[5:], []string{num(x.Diff), num(x.DiffLow), num(x.DiffHigh), "", "", "",
							num(x.P), strconv.FormatBool(x.Significant)})
						if x.LiftOK {
							copy(row[8:], []string{num(x.Lift), num(x.LiftLow), num(x.LiftHigh)})
						}
					}
				}
				row = append(row, srm, string(r.Verdict))
				if err := cw.Row(row...); err != nil {
					return err
				}
			}
		}
	}
	return cw.Flush()
}

// num writes a figure at full precision, the shortest text that reads
// back as the same number, in plain decimals from 1e-4 to 1e15 and with an
// exponent outside (as Python's repr). Empty for NaN.
func num(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return ""
	}
	if a := math.Abs(x); a != 0 && (a < 1e-4 || a >= 1e16) {
		return strconv.FormatFloat(x, 'g', -1, 64)
	}
	return strconv.FormatFloat(x, 'f', -1, 64)
}
