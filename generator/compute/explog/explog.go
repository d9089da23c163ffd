// Package explog computes every experiment of a site and the experiments
// log: each one's figures (compute/experiments), its decision against its
// verdict, and per quarter the experiments decided and the share that won
// (docs/metrics.md, "Experiments").
package explog

import (
	"fmt"
	"sort"
	"time"

	"github.com/vitals-dev/vitals/generator/base/diag"
	"github.com/vitals-dev/vitals/generator/base/period"
	"github.com/vitals-dev/vitals/generator/compute/experiments"
	"github.com/vitals-dev/vitals/generator/sources/expdata"
	"github.com/vitals-dev/vitals/generator/sources/expdoc"
)

// Planned is the state of an experiment not started by as_of: it has no
// verdict yet.
const Planned experiments.Verdict = "planned"

// Input is one experiment as read: its document and, once it has started,
// its data after exclusions.
type Input struct {
	Doc  *expdoc.Doc
	Data experiments.Data
	// Counts are a per-unit file's rows and exclusions (nil for a
	// per-variant summary, and for a planned experiment).
	Counts *expdata.Counts
}

// Experiment is one experiment with its figures.
type Experiment struct {
	Doc    *expdoc.Doc
	Counts *expdata.Counts
	// Result is nil for a planned experiment.
	Result  *experiments.Result
	Verdict experiments.Verdict // Result's, or Planned
	// Disagrees says how the decision disagrees with the verdict ("" when
	// it does not, or there is no decision).
	Disagrees string
	// Ended: the experiment's end is at or before as_of; Quarter is then
	// the quarter of its last instant.
	Ended   bool
	Quarter period.P
	// SLOs are the site's SLOs over the experiment's window (WithSLOs).
	SLOs []SLOWhile
}

// Quarter is one quarter's decided experiments.
type Quarter struct {
	Quarter       period.P
	Decided, Won  int
	IDs           []string // the decided experiments, as the log orders them
	WonShare      float64  // Won / Decided
	Disagreements int      // decisions that disagree with their verdicts
}

// Log is every experiment of the site.
type Log struct {
	// Experiments: planned first, then by start, newest first (then id).
	Experiments []Experiment
	// Quarters with a decided experiment, newest first.
	Quarters []Quarter
}

// Build computes every experiment as of asOf (zero: none is running or
// planned by the clock, only by its dates being absent). An experiment
// whose figures cannot be computed is an error at its document.
func Build(in []Input, asOf time.Time) (*Log, diag.List) {
	var ds diag.List
	log := &Log{}
	for _, x := range in {
		e := Experiment{Doc: x.Doc, Counts: x.Counts, Verdict: Planned}
		d := x.Doc
		if !planned(d, asOf) {
			r, err := experiments.Analyze(Design(d, asOf), x.Data)
			if err != nil {
				ds = append(ds, d.Errorf("data", "%s: %v", d.DataPath, err))
				continue
			}
			e.Result, e.Verdict = r, r.Verdict
			if !running(d, asOf) {
				e.Ended = true
				e.Quarter = period.Of(period.Quarter, d.End.Add(-time.Nanosecond))
			}
		}
		e.Disagrees = disagreement(d.Decision, e.Verdict)
		log.Experiments = append(log.Experiments, e)
	}
	sort.SliceStable(log.Experiments, func(i, j int) bool {
		a, b := log.Experiments[i].Doc, log.Experiments[j].Doc
		if a.Start.IsZero() != b.Start.IsZero() {
			return a.Start.IsZero()
		}
		if !a.Start.Equal(b.Start) {
			return a.Start.After(b.Start)
		}
		return a.ID < b.ID
	})
	log.Quarters = quarters(log.Experiments)
	return log, ds
}

// IsPlanned reports whether an experiment has not started by asOf (with no
// as_of, whether it has no start): it has no figures, and its data need
// not exist yet.
func IsPlanned(d *expdoc.Doc, asOf time.Time) bool { return planned(d, asOf) }

func planned(d *expdoc.Doc, asOf time.Time) bool {
	if asOf.IsZero() {
		return d.Start.IsZero()
	}
	return d.Planned(asOf)
}

func running(d *expdoc.Doc, asOf time.Time) bool {
	if asOf.IsZero() {
		return d.End.IsZero()
	}
	return d.Running(asOf)
}

// Design is the document's design for compute/experiments.
func Design(d *expdoc.Doc, asOf time.Time) experiments.Design {
	m := func(x expdoc.Metric, r experiments.Role) experiments.Metric {
		return experiments.Metric{Name: x.Name, Down: x.Down, Role: r}
	}
	out := experiments.Design{Control: d.Control, Weights: d.Weights, Alpha: d.Alpha,
		Primary: m(d.Primary, experiments.Primary), Running: running(d, asOf)}
	for _, g := range d.Guardrails {
		out.Guardrails = append(out.Guardrails, m(g, experiments.Guardrail))
	}
	for _, x := range d.Metrics {
		out.Secondary = append(out.Secondary, m(x, experiments.Secondary))
	}
	return out
}

// disagreement says how a decision disagrees with the verdict: shipping
// what did not win (docs/metrics.md), rolling back what won, or deciding
// before the end.
func disagreement(decision string, v experiments.Verdict) string {
	switch {
	case decision == "":
		return ""
	case v == experiments.Running || v == Planned:
		return fmt.Sprintf("%s before the experiment ended", decision)
	case decision == "shipped" && v != experiments.Won:
		return fmt.Sprintf("shipped, but the verdict is %s", v)
	case decision == "rolled back" && v == experiments.Won:
		return "rolled back, but it won"
	}
	return ""
}

// quarters counts, per quarter of the end, the experiments ended with a
// decision, and the share of them that won.
func quarters(es []Experiment) []Quarter {
	by := map[period.P]*Quarter{}
	for _, e := range es {
		if !e.Ended || e.Doc.Decision == "" {
			continue
		}
		q := by[e.Quarter]
		if q == nil {
			q = &Quarter{Quarter: e.Quarter}
			by[e.Quarter] = q
		}
		q.Decided++
		if e.Verdict == experiments.Won {
			q.Won++
		}
		if e.Disagrees != "" {
			q.Disagreements++
		}
		q.IDs = append(q.IDs, e.Doc.ID)
	}
	out := make([]Quarter, 0, len(by))
	for _, q := range by {
		q.WonShare = float64(q.Won) / float64(q.Decided)
		out = append(out, *q)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Quarter.Start.After(out[j].Quarter.Start) })
	return out
}

// FromSummary turns a per-variant summary's rows into Data for the named
// metrics (in the order the rows give them).
func FromSummary(rows []expdata.VariantRow, metrics []string) experiments.Data {
	d := experiments.Data{Metrics: metrics}
	for _, r := range rows {
		d.Variants = append(d.Variants, r.Variant)
		d.Units = append(d.Units, r.Units)
		ms := make([]experiments.Moments, len(metrics))
		for j, s := range r.Metrics {
			ms[j] = experiments.FromSums(r.Units, s.Sum, s.SumSq, s.Binary)
		}
		d.M = append(d.M, ms)
	}
	return d
}

// EndedIn is whether an experiment ended within quarter q: the reviews list
// these.
func (e Experiment) EndedIn(q period.P) bool { return e.Ended && e.Quarter == q }
