// Package reports computes every figure of a site once, from what the
// sources phase read, with the compute packages (issuestats, incidents,
// releasestats, slo, kpi, policy, areas). Pages are made from the reports
// alone (render/pages); each of the site's sections declares which reports
// its pages read, and the build computes those (Compute).
package reports

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/vitals-dev/vitals/generator/base/diag"
	"github.com/vitals-dev/vitals/generator/base/model"
	"github.com/vitals-dev/vitals/generator/base/period"
	"github.com/vitals-dev/vitals/generator/compute/areas"
	"github.com/vitals-dev/vitals/generator/compute/decisions"
	"github.com/vitals-dev/vitals/generator/compute/explog"
	"github.com/vitals-dev/vitals/generator/compute/feedback"
	"github.com/vitals-dev/vitals/generator/compute/incidents"
	"github.com/vitals-dev/vitals/generator/compute/issuestats"
	"github.com/vitals-dev/vitals/generator/compute/kpi"
	"github.com/vitals-dev/vitals/generator/compute/launches"
	"github.com/vitals-dev/vitals/generator/compute/loader"
	"github.com/vitals-dev/vitals/generator/compute/policy"
	"github.com/vitals-dev/vitals/generator/compute/premortems"
	"github.com/vitals-dev/vitals/generator/compute/releasestats"
	"github.com/vitals-dev/vitals/generator/compute/slo"
	"github.com/vitals-dev/vitals/generator/config"
	"github.com/vitals-dev/vitals/generator/sources/adr"
	"github.com/vitals-dev/vitals/generator/sources/content"
	"github.com/vitals-dev/vitals/generator/sources/issuesrc"
	"github.com/vitals-dev/vitals/generator/sources/metricsrc"
	"github.com/vitals-dev/vitals/generator/sources/postmortem"
	"github.com/vitals-dev/vitals/generator/sources/premortem"
)

// Reports is every figure of the site, computed once from the sources by
// the compute packages. Pages are made from Reports alone (render/pages): no
// page computes a figure another page also shows, and no page depends on
// the order in which the others are made.
//
// A new report: a Report below naming it, a field here, filled in Compute
// from its compute package when wanted; a section of render/pages then
// lists it among its Reports and reads the field.
type Reports struct {
	// AsOf is the instant every figure describes (zero: no data at all).
	AsOf time.Time
	// Repos are the configured repositories, sorted.
	Repos []string

	// Issues is nil when the site has no repositories.
	Issues *issuestats.Report
	// Quarters are the complete quarters, oldest first, each counted as of
	// its own end (quarterly reviews).
	Quarters []QuarterReport

	// Incidents are the postmortems with their figures, newest first.
	Incidents []incidents.Incident
	// IncidentSummary is the last 12 months against the 12 before.
	IncidentSummary incidents.Summary
	// IncidentQuarters are the incident figures per quarter of started,
	// from the first incident to as_of.
	IncidentQuarters []incidents.PeriodRow
	// OpenItems are the action items not done at as_of, oldest first.
	OpenItems []incidents.OpenItem
	// Repeats links postmortems sharing a service or tag within 90 days,
	// by source path.
	Repeats map[string]incidents.Related

	// Releases is nil when the store has no releases or there is no as_of.
	Releases *ReleaseReport

	// SLOs, sorted as slo.SortResults sorts them; SLODescriptions by name.
	SLOs            []slo.Result
	SLODescriptions map[string]string
	KPIs            []kpi.Result
	// Funnel is nil when the site declares no funnel.
	Funnel *kpi.Funnel
	// Launches are the launches judged at as_of, by id; nil without any
	// (or without as_of).
	Launches []launches.Result

	// facts are the store's issues with first response and close at as_of
	// (issue SLOs, areas) while the reports are computed: nil once they
	// are, so that the pages do not keep every issue in memory.
	facts []issuestats.IssueFact
	// Policy is the error-budget policy; nil without SLOs.
	Policy *policy.Report
	// Areas is nil when the site declares no [areas] or [teams].
	Areas *areas.Report

	// Feedback is nil without repositories; Decisions without decision
	// records; Premortems without pre-mortems.
	Feedback   *feedback.Report
	Decisions  *decisions.Log
	Premortems *premortems.Report
	// Experiments is nil when the site has no content/experiments.
	Experiments *explog.Log
}

// QuarterReport is the issue figures of one complete quarter as of its end.
type QuarterReport struct {
	Quarter period.P
	Issues  *issuestats.Report
}

// ReleaseReport is the release figures.
type ReleaseReport struct {
	Rows    []releasestats.Row
	Summary releasestats.Summary
	// MedianDays between consecutive releases, per repository.
	MedianDays map[string]float64
	// Months and Quarters from the first release to as_of.
	Months, Quarters []releasestats.PeriodRow
}

// Report names one report, or a few computed together: a section of the
// site lists the ones its pages read, and Compute computes those (and what
// they are computed from).
type Report int

const (
	// Issues is Reports.Issues: the issue figures as of AsOf.
	Issues Report = iota + 1
	// Quarters is Reports.Quarters: the issue figures as of each complete
	// quarter's end.
	Quarters
	// Incidents is Reports.Incidents, IncidentSummary, IncidentQuarters,
	// OpenItems and Repeats: the postmortems and their figures.
	Incidents
	// Releases is Reports.Releases (failed releases come from Incidents).
	Releases
	// SLOs is Reports.SLOs and SLODescriptions.
	SLOs
	// KPIs is Reports.KPIs and Funnel.
	KPIs
	// Policy is Reports.Policy, the error-budget policy (of the SLOs and
	// the incidents).
	Policy
	// Areas is Reports.Areas.
	Areas
	// Launches is Reports.Launches: the launches judged against their
	// guardrail SLOs (their events) and KPIs, with the incidents during them.
	Launches
	// Feedback is Reports.Feedback: the feature requests, taken while the store was read.
	Feedback
	// Decisions is Reports.Decisions: the decision records and what names them.
	Decisions
	// Premortems is Reports.Premortems: the pre-mortems and the postmortems that followed.
	Premortems
	// Experiments is Reports.Experiments: every experiment and the log,
	// with the SLOs over each one's window.
	Experiments
)

var reportNames = [...]string{Issues: "issues", Quarters: "quarters", Incidents: "incidents", Releases: "releases",
	SLOs: "slos", KPIs: "kpis", Policy: "policy", Areas: "areas", Launches: "launches", Feedback: "feedback",
	Decisions: "decisions", Premortems: "premortems", Experiments: "experiments"}

func (k Report) String() string {
	if k > 0 && int(k) < len(reportNames) {
		return reportNames[k]
	}
	return fmt.Sprintf("Report(%d)", int(k))
}

// computedFrom are the reports a report is computed from.
var computedFrom = map[Report][]Report{
	Quarters: {Issues},
	Releases: {Incidents},
	Policy:   {SLOs, Incidents},
	Launches: {SLOs, Incidents},
	// An experiment's page sets the SLOs over its window beside it.
	Experiments: {SLOs},
}

// Input is what the figures are computed from: everything already read
// from files.
type Input struct {
	Config *config.Config
	Specs  *Specs
	// Store is the store's issues, pull requests and releases, with the
	// issue figures (now and as of each quarter's end) computed while it was
	// read, one repository at a time (loader).
	Store *loader.Result
	// Areas has the areas' and teams' issue figures, added up while the
	// store was read (nil without [areas] or [teams]).
	Areas *areas.Acc
	// Facts are every counted issue's facts, taken while the store was
	// read (for issue SLOs and areas).
	Facts    []issuestats.IssueFact
	Content  *content.Content
	Launches []model.Launch // content/launches
	Series   []model.Series // metric exports
	AsOf     time.Time      // resolved: --as-of, the sync, or the last metric point
	// Feedback has the feature requests, taken while the store was read
	// (nil without repositories).
	Feedback *feedback.Acc
	// Decisions are the decision records; Premortems the pre-mortems
	// (documents and launches' Risks sections).
	Decisions  []adr.Record
	Premortems []premortem.Premortem
	// Experiments are the experiments' documents and data.
	Experiments []explog.Input
}

// Specs are what site.toml's tables mean to the build, each read, and
// checked, by the package that computes from it.
type Specs struct {
	Issues  issuesrc.Source     // where the issues come from ([github])
	Sources []metricsrc.Options // [[metrics.source]], files resolved
	SLOs    []slo.Spec          // [[slo]], in order
	KPIs    []kpi.Spec          // [[kpi]], in order
	Stages  []string            // [funnel] stages; nil without [funnel]
}

// Compute computes the reports wanted, from those they are computed from,
// and returns those wanted alone: the others are left empty, so that a
// section that reads a report it did not ask for finds nothing. Its
// diagnostics are configuration errors found while computing (an SLO
// naming a series that is not there).
func Compute(in Input, want ...Report) (*Reports, diag.List) {
	need := map[Report]bool{}
	var add func(Report)
	add = func(k Report) {
		if !need[k] {
			need[k] = true
			for _, f := range computedFrom[k] {
				add(f)
			}
		}
	}
	for _, k := range want {
		add(k)
	}
	cfg, ds, asOf := in.Config, in.Store.Dataset, in.AsOf
	r := &Reports{AsOf: asOf, Repos: ds.Repos}
	if in.Specs.Issues.Has() {
		if need[Issues] {
			r.Issues = in.Store.Issues
		}
		if !asOf.IsZero() {
			if need[Quarters] {
				r.Quarters = quarterReports(in.Store.Quarters, r.Issues, asOf)
			}
			r.facts = in.Facts
		}
	}

	// Areas read only the facts and their own figures: computed alongside
	// the incident and release reports (not alongside the SLOs, whose
	// working memory over 5 million metric points would add to theirs).
	var areasDone chan *areas.Report
	if need[Areas] && in.Areas != nil && !in.Areas.Empty() {
		areasDone = make(chan *areas.Report, 1)
		go func(facts []issuestats.IssueFact) {
			areasDone <- computeAreas(cfg, in.Specs.SLOs, in.Areas, facts, asOf)
		}(r.facts)
	}

	if need[Incidents] {
		closed := issueStates(ds, asOf)
		if len(in.Content.Postmortems) > 0 {
			pms := make([]model.Postmortem, len(in.Content.Postmortems))
			for i, p := range in.Content.Postmortems {
				pms[i] = p.Postmortem.Postmortem
				pms[i].ActionItems = append([]model.ActionItem(nil), p.ActionItems...)
			}
			if only := in.Specs.Issues.Only(); only != "" {
				// "#12" in a postmortem that names no repo: the site's only one.
				postmortem.QualifyIssues(pms, only)
			}
			r.Incidents = incidents.Build(pms, ds.Releases, closed, asOf)
			r.IncidentSummary = incidents.Summarize(r.Incidents, asOf)
			r.OpenItems = incidents.OpenItems(r.Incidents)
			r.Repeats = incidents.Repeats(pms)
			var first time.Time
			for _, x := range r.Incidents {
				if x.Started != nil && (first.IsZero() || x.Started.Before(first)) {
					first = *x.Started
				}
			}
			if !first.IsZero() && !asOf.IsZero() {
				r.IncidentQuarters = incidents.ByPeriod(period.Quarter, r.Incidents, ds.Releases, first, asOf)
			}
		}
	}

	if need[Releases] && len(ds.Releases) > 0 && !asOf.IsZero() {
		failed := map[string]bool{}
		for _, x := range r.Incidents {
			if x.FailedRelease != nil {
				failed[ReleaseKey(x.FailedRelease.Repo, x.FailedRelease.ID)] = true
			}
		}
		rows := releasestats.Rows(ds.Releases, ds.PullRequests, asOf, func(rel model.Release) bool {
			return failed[ReleaseKey(rel.Repo, rel.ID)]
		})
		has := len(r.Incidents) > 0
		rr := &ReleaseReport{Rows: rows, Summary: releasestats.Summarize(rows, asOf, has)}
		if len(rows) > 0 {
			first := rr.Summary.First
			rr.MedianDays = releasestats.CadenceOf(rows, period.Month, first, asOf).MedianDays
			rr.Months = releasestats.ByPeriod(rows, period.Month, first, asOf, has)
			rr.Quarters = releasestats.ByPeriod(rows, period.Quarter, first, asOf, has)
		}
		r.Releases = rr
	}

	if areasDone != nil {
		r.Areas = <-areasDone
	}
	errs := r.computeMetrics(in.Specs, in.Series, asOf, need[SLOs], need[KPIs])
	if need[Experiments] && len(in.Experiments) > 0 {
		log, ds := explog.Build(in.Experiments, asOf)
		log.WithSLOs(r.SLOs, asOf)
		r.Experiments = log
		errs = append(errs, ds...)
	}
	pms := make([]model.Postmortem, len(r.Incidents))
	for i, x := range r.Incidents {
		pms[i] = x.Postmortem
	}
	if need[Launches] && len(in.Launches) > 0 && !asOf.IsZero() {
		r.Launches = launches.Compute(in.Launches, launches.Input{AsOf: asOf, SLOs: r.SLOs, SLOSpecs: in.Specs.SLOs,
			KPIs: in.Specs.KPIs, Series: in.Series, Postmortems: pms, Releases: ds.Releases})
	}
	if need[Policy] && len(r.SLOs) > 0 {
		p := policy.Compute(r.SLOs, ds.Releases, pms, asOf)
		r.Policy = &p
	}
	if need[Feedback] && in.Feedback != nil {
		r.Feedback = in.Feedback.Report()
	}
	if need[Decisions] {
		r.Decisions = computeDecisions(in)
	}
	if need[Premortems] {
		r.Premortems = computePremortems(in)
	}
	r.facts = nil
	for k := range need {
		if !slices.Contains(want, k) {
			r.drop(k)
		}
	}
	return r, errs
}

// drop empties report k.
func (r *Reports) drop(k Report) {
	switch k {
	case Issues:
		r.Issues = nil
	case Quarters:
		r.Quarters = nil
	case Incidents:
		r.Incidents, r.IncidentSummary, r.IncidentQuarters = nil, incidents.Summary{}, nil
		r.OpenItems, r.Repeats = nil, nil
	case Releases:
		r.Releases = nil
	case SLOs:
		r.SLOs, r.SLODescriptions = nil, nil
	case KPIs:
		r.KPIs, r.Funnel = nil, nil
	case Policy:
		r.Policy = nil
	case Areas:
		r.Areas = nil
	case Launches:
		r.Launches = nil
	case Feedback:
		r.Feedback = nil
	case Decisions:
		r.Decisions = nil
	case Premortems:
		r.Premortems = nil
	}
}

// ReleaseKey identifies a release (its repository and id) in maps.
func ReleaseKey(repo string, id int64) string {
	return fmt.Sprintf("%s\x00%d", strings.ToLower(repo), id)
}

// computeMetrics computes the SLOs, and the KPIs and funnel, as wanted.
func (r *Reports) computeMetrics(sp *Specs, series []model.Series, asOf time.Time, slos, kpis bool) diag.List {
	if asOf.IsZero() || len(sp.SLOs)+len(sp.KPIs) == 0 {
		return nil
	}
	var errs diag.List
	r.SLODescriptions = map[string]string{}
	if slos {
		for _, spec := range sp.SLOs {
			res, err := r.computeSLO(spec, series, asOf)
			if err != nil {
				errs = append(errs, metricError(spec.Place, spec.KeyOf, err))
				continue
			}
			r.SLOs = append(r.SLOs, res)
			r.SLODescriptions[res.Name] = spec.Description
		}
	}
	if kpis {
		for _, spec := range sp.KPIs {
			res, err := kpi.Compute(spec, series, asOf)
			if err != nil {
				errs = append(errs, metricError(spec.Place, func(model.Selector) string { return "series" }, err))
				continue
			}
			r.KPIs = append(r.KPIs, res)
		}
	}
	slo.SortResults(r.SLOs)
	if len(sp.Stages) > 0 && len(r.KPIs) > 0 {
		f := kpi.BuildFunnel(sp.Stages, r.KPIs)
		r.Funnel = &f
	}
	return errs
}

// metricError is an SLO's or KPI's error as a site.toml message: a
// selector that selects nothing is put at the key that wrote it (keyOf),
// in the table at.
func metricError(at config.Place, keyOf func(model.Selector) string, err error) diag.Diag {
	d := diag.Diag{Path: config.FileName, Msg: err.Error()}
	var nm *model.NoMatchError
	var keyed interface{ Key() string } // an error about one key, such as slo's slice limit
	switch {
	case errors.As(err, &nm):
		if key := keyOf(nm.Sel); key != "" {
			d.Line, d.Col = at.At(key)
		}
	case errors.As(err, &keyed):
		d.Line, d.Col = at.At(keyed.Key())
	}
	return d
}

// issueStates looks up "owner/repo#N" in the store at asOf (an issue is
// done when closed, a pull request when merged) for action items.
func issueStates(ds *model.Dataset, asOf time.Time) incidents.IssueState {
	known := map[string]incidents.Linked{}
	for _, is := range ds.Issues {
		if !asOf.IsZero() && is.CreatedAt.After(asOf) {
			continue
		}
		c := is.State == "closed" && is.ClosedAt != nil && is.ClosedAt.Before(asOf)
		ref := strings.ToLower(fmt.Sprintf("%s#%d", is.Repo, is.Number))
		st := "open"
		if c {
			st = "closed"
		}
		known[ref] = incidents.Linked{Known: true, Done: c, State: st, URL: is.URL}
	}
	for _, pr := range ds.PullRequests {
		if !asOf.IsZero() && pr.CreatedAt.After(asOf) {
			continue
		}
		ref := strings.ToLower(fmt.Sprintf("%s#%d", pr.Repo, pr.Number))
		l := incidents.Linked{Known: true, State: "open", URL: pr.URL}
		switch {
		case pr.MergedAt != nil && pr.MergedAt.Before(asOf):
			l.Done, l.State = true, "merged"
		case pr.ClosedAt != nil && pr.ClosedAt.Before(asOf):
			l.State = "closed unmerged"
		}
		known[ref] = l
	}
	return func(ref string) incidents.Linked {
		return known[strings.ToLower(strings.TrimSpace(ref))]
	}
}

// quarterReports are the complete quarters, each with the issue figures as
// of its end, which the loader took from one replay of every history.
// Counting as of the end (not reading the quarter out of today's figures)
// keeps a review from shifting when an issue closed in that quarter is
// reopened and closed again later.
func quarterReports(asOfEnd []*issuestats.Report, now *issuestats.Report, asOf time.Time) []QuarterReport {
	byEnd := map[time.Time]*issuestats.Report{}
	for _, r := range asOfEnd {
		byEnd[r.AsOf] = r
	}
	var out []QuarterReport
	for _, p := range now.All.SeriesOf(period.Quarter).Points {
		if !p.Period.End().After(asOf) {
			out = append(out, QuarterReport{Quarter: p.Period, Issues: byEnd[p.Period.End()]})
		}
	}
	return out
}

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
func computeAreas(cfg *config.Config, slos []slo.Spec, acc *areas.Acc, facts []issuestats.IssueFact, asOf time.Time) *areas.Report {
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

// AreasSpec is what [areas] and [teams] declare, as package areas reads it.
func AreasSpec(cfg *config.Config) areas.Spec {
	return areas.Spec{Prefixes: cfg.Areas.Prefixes, Labels: cfg.Areas.Labels, Teams: cfg.Teams}
}
