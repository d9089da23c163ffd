package launches

import (
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/vitals-dev/vitals/generator/base/csvout"
)

// WriteCSV writes launches.csv (docs/metrics.md, Downloads):
// launch,flag,stage,at,percent,guardrail,stage_error_ratio,baseline_error_ratio,burn_rate,breached,state.
// One row per launch (by id), started stage (numbered from 1, in time
// order) and guardrail (in the launch's order); a launch without
// guardrails has one row per stage with the guardrail cells empty, and a
// planned launch none. at is RFC 3339 UTC; percent is empty for a stage
// that names a cohort only. For a canary comparison, stage_error_ratio is
// the cohort's and baseline_error_ratio the rest's over the same stage.
// KPI rows leave the error ratios and burn rate empty (a KPI has none);
// cells without events are empty, and breached is empty where the check
// gave no verdict (no events in the stage or in what it is compared with,
// a KPI with too few points to test, a stage at 0%). state is the launch's on every row: healthy, degraded, rolled
// back or complete.
func WriteCSV(w io.Writer, rs []Result) error {
	cw, err := csvout.New(w, "launch", "flag", "stage", "at", "percent", "guardrail",
		"stage_error_ratio", "baseline_error_ratio", "burn_rate", "breached", "state")
	if err != nil {
		return err
	}
	for _, r := range sortedByID(rs) {
		for i, st := range r.Stages {
			pct := ""
			if st.HasPercent {
				pct = strconv.FormatFloat(st.Percent, 'f', -1, 64)
			}
			row := func(guard, stageRatio, otherRatio, burn, breached string) error {
				return cw.Row(r.Launch.ID, r.Launch.Flag, strconv.Itoa(i+1), st.At.UTC().Format(time.RFC3339), pct,
					guard, stageRatio, otherRatio, burn, breached, r.State.String())
			}
			if len(r.Guards) == 0 {
				if err := row("", "", "", "", ""); err != nil {
					return err
				}
				continue
			}
			for gi, g := range r.Guards {
				c, ok := checkOf(st, gi)
				var sr, or, burn, br string
				if ok && c.Decided {
					br = strconv.FormatBool(c.Breached)
				}
				if ok && c.HasData {
					if !g.KPI {
						e, _ := c.Stage.Ratio()
						sr, burn = num(e, 8), num(c.Burn, 4)
						if oe, ok := c.Other.Ratio(); ok {
							or = num(oe, 8)
						}
					}
				}
				if err := row(g.Name, sr, or, burn, br); err != nil {
					return err
				}
			}
		}
	}
	return cw.Flush()
}

func checkOf(st Stage, guard int) (Check, bool) {
	for _, c := range st.Checks {
		if c.Guard == guard {
			return c, true
		}
	}
	return Check{}, false
}

// sortedByID orders launches by id, which is unique (a file name).
func sortedByID(rs []Result) []Result {
	out := slices.Clone(rs)
	slices.SortFunc(out, func(a, b Result) int { return strings.Compare(a.Launch.ID, b.Launch.ID) })
	return out
}

func num(x float64, decimals int) string {
	return strconv.FormatFloat(x, 'f', decimals, 64)
}
