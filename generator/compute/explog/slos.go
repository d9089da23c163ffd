package explog

import (
	"time"

	"github.com/vitals-dev/vitals/generator/compute/slo"
)

// SLOWhile is one SLO over an experiment's window: what only a tool that
// also knows the error budget can set beside an experiment's effects.
type SLOWhile struct {
	Name   string
	Target float64
	// SLI is good / total events in the window; BurnRate the bad share
	// over the budget's (1 - target): above 1, the window spent error
	// budget faster than the SLO allows. HasData is false without events.
	SLI, BurnRate float64
	HasData       bool
}

// WithSLOs sets every started experiment's SLOs over [start, end), end at
// as_of while it runs.
func (l *Log) WithSLOs(rs []slo.Result, asOf time.Time) {
	for i := range l.Experiments {
		e := &l.Experiments[i]
		if e.Result == nil {
			continue
		}
		to := e.Doc.End
		if to.IsZero() || (!asOf.IsZero() && to.After(asOf)) {
			to = asOf
		}
		e.SLOs = SLOsWhile(rs, e.Doc.Start, to)
	}
}

// SLOsWhile is each SLO over [from, to).
func SLOsWhile(rs []slo.Result, from, to time.Time) []SLOWhile {
	var out []SLOWhile
	for _, r := range rs {
		w := SLOWhile{Name: r.Name, Target: r.Target}
		if r.Events != nil {
			bad, total := r.Events.Sum(from, to)
			if total > 0 {
				w.HasData = true
				w.SLI = 1 - bad/total
				if r.Target < 1 {
					w.BurnRate = (bad / total) / (1 - r.Target)
				}
			}
		}
		out = append(out, w)
	}
	return out
}
