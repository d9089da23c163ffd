package site

import (
	"time"

	"github.com/vitals-dev/vitals/generator/base/model"
	"github.com/vitals-dev/vitals/generator/compute/areas"
	"github.com/vitals-dev/vitals/generator/compute/slo"
	"github.com/vitals-dev/vitals/generator/config"
)

// The reports over issues that issue 12 adds: issue-response SLOs and
// areas (the error-budget policy is computed in computeReports).

// computeSLO evaluates one SLO: over metric series, or over the store's
// issues for an issue-response SLO.
func (r *Reports) computeSLO(spec slo.Spec, series []model.Series, asOf time.Time) (slo.Result, error) {
	if spec.Issues == nil {
		return slo.Compute(spec, series, asOf)
	}
	return slo.ComputeIssues(spec, r.facts, asOf)
}

// computeAreas groups the issues by area and team. "First response within
// target" uses the first issue SLO on first response, by name.
func computeAreas(cfg *config.Config, slos []slo.Spec, acc *areas.Acc, facts []slo.IssueFact, asOf time.Time) *areas.Report {
	var best *slo.Spec
	for _, spec := range slos {
		if spec.Issues == nil || spec.Issues.Close {
			continue
		}
		if best == nil || spec.Name < best.Name {
			s := spec
			best = &s
		}
	}
	o := areas.Options{AsOf: asOf, BugLabels: cfg.Issues.BugLabels, Bots: cfg.Issues.Bots, Facts: facts}
	if best != nil {
		o.ResponseSLO, o.Verdicts = best.Name, make([]slo.Verdict, len(facts))
		for i, f := range facts {
			if !best.Issues.Matches(f) {
				continue
			}
			// An unknown first response (no comments in the store) is no
			// verdict: left as Pending, which areas do not count.
			if v := best.Issues.Judge(f, asOf).Verdict; v != slo.Unknown {
				o.Verdicts[i] = v
			}
		}
	}
	return acc.Report(o)
}

func areasSpec(cfg *config.Config) areas.Spec {
	return areas.Spec{Prefixes: cfg.Areas.Prefixes, Labels: cfg.Areas.Labels, Teams: cfg.Teams}
}
