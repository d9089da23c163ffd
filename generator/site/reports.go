package site

import (
	"fmt"
	"strings"
	"time"

	"github.com/vitals-dev/vitals/generator/base/diag"
	"github.com/vitals-dev/vitals/generator/base/model"
	"github.com/vitals-dev/vitals/generator/base/period"
	"github.com/vitals-dev/vitals/generator/compute/areas"
	"github.com/vitals-dev/vitals/generator/compute/incidents"
	"github.com/vitals-dev/vitals/generator/compute/issuestats"
	"github.com/vitals-dev/vitals/generator/compute/kpi"
	"github.com/vitals-dev/vitals/generator/compute/loader"
	"github.com/vitals-dev/vitals/generator/compute/policy"
	"github.com/vitals-dev/vitals/generator/compute/releasestats"
	"github.com/vitals-dev/vitals/generator/compute/slo"
	"github.com/vitals-dev/vitals/generator/config"
	"github.com/vitals-dev/vitals/generator/sources/content"
	"github.com/vitals-dev/vitals/generator/sources/postmortem"
)

// Reports is every figure of the site, computed once from the sources by
// the compute packages. Pages are made from Reports alone (pages.go): no
// page computes a figure another page also shows, and no page depends on
// the order in which the others are made.
//
// A new report: a field here, filled in computeReports from its compute
// package; a page then reads it in its section (pages.go, sectionList).
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
	// IssueURLs maps "owner/repo#n" (lower case) to the issue's web URL,
	// for action items.
	IssueURLs map[string]string
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

	// facts are the store's issues with first response and close at as_of
	// (issue SLOs, areas) while the reports are computed: nil once they
	// are, so that the pages do not keep every issue in memory.
	facts []slo.IssueFact
	// Policy is the error-budget policy; nil without SLOs.
	Policy *policy.Report
	// Areas is nil when the site declares no [areas] or [teams].
	Areas *areas.Report
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

// computeInput is what the figures are computed from: everything already
// read from files.
type computeInput struct {
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
	Facts    []slo.IssueFact
	Content  *content.Content
	Series   []model.Series // metric exports
	AsOf     time.Time      // resolved: --as-of, the sync, or the last metric point
	HasStore bool
}

// computeReports computes every report. Its diagnostics are configuration
// errors found while computing (an SLO naming a series that is not there).
func computeReports(in computeInput) (*Reports, diag.List) {
	cfg, ds, asOf := in.Config, in.Store.Dataset, in.AsOf
	r := &Reports{AsOf: asOf, Repos: ds.Repos}
	if len(cfg.GitHub.Repos) > 0 {
		r.Issues = in.Store.Issues
		if !asOf.IsZero() {
			r.Quarters = quarterReports(in.Store.Quarters, r.Issues, asOf)
			r.facts = in.Facts
		}
	}

	// Areas read only the facts and their own figures: computed alongside
	// the incident and release reports (not alongside the SLOs, whose
	// working memory over 5 million metric points would add to theirs).
	var areasDone chan *areas.Report
	if in.Areas != nil && !in.Areas.Empty() {
		areasDone = make(chan *areas.Report, 1)
		go func(facts []slo.IssueFact) {
			areasDone <- computeAreas(cfg, in.Specs.SLOs, in.Areas, facts, asOf)
		}(r.facts)
	}

	closed, urls := issueStates(ds, asOf)
	r.IssueURLs = urls
	if len(in.Content.Postmortems) > 0 {
		pms := make([]model.Postmortem, len(in.Content.Postmortems))
		for i, p := range in.Content.Postmortems {
			pms[i] = p.Postmortem.Postmortem
			pms[i].ActionItems = append([]model.ActionItem(nil), p.ActionItems...)
		}
		if len(cfg.GitHub.Repos) == 1 {
			// "#12" in a postmortem that names no repo: the site's only one.
			postmortem.QualifyIssues(pms, cfg.GitHub.Repos[0])
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

	if len(ds.Releases) > 0 && !asOf.IsZero() {
		failed := map[string]bool{}
		for _, x := range r.Incidents {
			if x.FailedRelease != nil {
				failed[releaseKey(x.FailedRelease.Repo, x.FailedRelease.ID)] = true
			}
		}
		rows := releasestats.Rows(ds.Releases, ds.PullRequests, asOf, func(rel model.Release) bool {
			return failed[releaseKey(rel.Repo, rel.ID)]
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
	errs := r.computeMetrics(in.Specs, in.Series, asOf)
	if len(r.SLOs) > 0 {
		pms := make([]model.Postmortem, len(r.Incidents))
		for i, x := range r.Incidents {
			pms[i] = x.Postmortem
		}
		p := policy.Compute(r.SLOs, ds.Releases, pms, asOf)
		r.Policy = &p
	}
	r.facts = nil
	return r, errs
}

func releaseKey(repo string, id int64) string {
	return fmt.Sprintf("%s\x00%d", strings.ToLower(repo), id)
}

// computeMetrics computes the SLOs, KPIs and funnel.
func (r *Reports) computeMetrics(sp *Specs, series []model.Series, asOf time.Time) diag.List {
	if asOf.IsZero() || len(sp.SLOs)+len(sp.KPIs) == 0 {
		return nil
	}
	var errs diag.List
	r.SLODescriptions = map[string]string{}
	for _, spec := range sp.SLOs {
		res, err := r.computeSLO(spec, series, asOf)
		if err != nil {
			errs = append(errs, metricError(spec.Place, spec.KeyOf, err))
			continue
		}
		r.SLOs = append(r.SLOs, res)
		r.SLODescriptions[res.Name] = spec.Description
	}
	for _, spec := range sp.KPIs {
		res, err := kpi.Compute(spec, series, asOf)
		if err != nil {
			errs = append(errs, metricError(spec.Place, func(model.Selector) string { return "series" }, err))
			continue
		}
		r.KPIs = append(r.KPIs, res)
	}
	slo.SortResults(r.SLOs)
	if len(sp.Stages) > 0 && len(r.KPIs) > 0 {
		f := kpi.BuildFunnel(sp.Stages, r.KPIs)
		r.Funnel = &f
	}
	return errs
}

// issueStates looks up "owner/repo#N" in the store at asOf (an issue is
// done when closed, a pull request when merged), and maps each reference
// to its web URL.
func issueStates(ds *model.Dataset, asOf time.Time) (incidents.IssueState, map[string]string) {
	known := map[string]incidents.Linked{}
	urls := map[string]string{}
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
		urls[ref] = is.URL
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
		urls[ref] = pr.URL
	}
	return func(ref string) incidents.Linked {
		return known[strings.ToLower(strings.TrimSpace(ref))]
	}, urls
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
