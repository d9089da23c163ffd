package site

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/vitals-dev/vitals/generator/base/diag"
	"github.com/vitals-dev/vitals/generator/base/model"
	"github.com/vitals-dev/vitals/generator/compute/areas"
	"github.com/vitals-dev/vitals/generator/compute/issuestats"
	"github.com/vitals-dev/vitals/generator/compute/loader"
	"github.com/vitals-dev/vitals/generator/compute/reports"
	"github.com/vitals-dev/vitals/generator/config"
	"github.com/vitals-dev/vitals/generator/render/pages"
	"github.com/vitals-dev/vitals/generator/sources/store"
)

// compute makes every report. The store is read here, one repository at a
// time, its issue figures computed as each is read.
func (b *builder) compute(ctx context.Context) error {
	// Of the issues themselves, only those that postmortems' action items
	// name are looked up once the figures are computed (issueStates).
	named := map[string]bool{}
	for _, p := range b.content.Postmortems {
		for _, it := range p.ActionItems {
			named[strings.ToLower(strings.TrimSpace(it.Issue))] = true
		}
	}
	var acc *areas.Acc
	if b.cfg.HasAreas() && !b.asOf.IsZero() {
		acc = areas.NewAcc(reports.AreasSpec(b.cfg), areas.Options{AsOf: b.asOf, BugLabels: b.cfg.Issues.BugLabels, Bots: b.cfg.Issues.Bots})
	}
	// Issue SLOs and areas read every issue's first response and close:
	// taken (as facts, not the decoded issues) one repository at a time.
	src := b.specs.Issues
	var facts []issuestats.IssueFact
	wantFacts := (b.cfg.HasAreas() || b.cfg.HasIssueSLOs()) && src.Has() && !b.asOf.IsZero()
	if wantFacts {
		// Sized from the repositories' row counts (repo.json): growing a
		// million facts by appending copied them over and over.
		n := 0
		for _, r := range src.Repos {
			if rows, err := store.TableRows(b.cfg.StoreDir(), r); err == nil {
				n += rows["issues"]
			}
		}
		facts = make([]issuestats.IssueFact, 0, n)
	}
	// Of the facts, only issue SLOs' lists (breaches, at risk) read titles
	// and URLs, and only of issues created within an SLO's window: the
	// others' are not kept (nor the decoded text they would hold on to).
	textFrom := b.asOf
	for _, s := range b.specs.SLOs {
		if from := b.asOf.Add(-s.Window); s.Issues != nil && from.Before(textFrom) {
			textFrom = from
		}
	}
	fb := newFeedbackAcc(b)
	each := func(one *model.Dataset, parts []*issuestats.Part) {
		// The repository's comments walked once for areas and facts.
		var resp *issuestats.Responses
		if acc != nil || wantFacts {
			resp = issuestats.FirstResponses(one, issuestats.Options{AsOf: b.asOf, Bots: b.cfg.Issues.Bots})
		}
		if acc != nil {
			acc.AddWith(one, resp, parts) // the loader's options are the Acc's
		}
		if fb != nil {
			fb.Add(one)
		}
		if wantFacts {
			n := len(facts)
			facts = append(facts, issuestats.FactsOf(issuestats.TimesWith(one, b.asOf, b.cfg.Issues.Bots, resp))...)
			for i := n; i < len(facts); i++ {
				if facts[i].Created.Before(textFrom) {
					facts[i].Title, facts[i].URL = "", ""
				}
			}
		}
	}
	ld, err := loader.Load(ctx, loader.Options{Dir: b.cfg.StoreDir(), Repos: src.Repos, AsOf: b.asOf,
		Issues: issuestats.Options{BugLabels: b.cfg.Issues.BugLabels, Bots: b.cfg.Issues.Bots}, Quarters: src.Has() && !b.asOf.IsZero(),
		KeepIssue: func(is *model.Issue) bool { return named[strings.ToLower(is.Repo+"#"+strconv.Itoa(is.Number))] },
		// Issue SLOs and areas read every issue's first response and close;
		// areas add up their groups' figures one repository at a time.
		Each: each})
	b.unlockStore() // read whole
	// Metric and experiment data errors stop the build before any figure
	// is computed, as they would have had the files been read first.
	b.waitMetrics()
	b.waitExperiments()
	if b.errs.HasErrors() {
		return nil
	}
	if err != nil {
		return err
	}
	b.repos = ld.Dataset.Repos
	b.warns = append(b.warns, reports.EraWarnings(b.storeAsOf, reports.RepoSpans(ld.Spans))...)
	for _, r := range src.Repos {
		if slices.Contains(ld.Missing, r) && !b.manifest.SyncedAt.IsZero() {
			b.warns = append(b.warns, diag.Diag{Path: config.FileName, Severity: diag.Warning,
				Msg: fmt.Sprintf("repo %s is configured but not in the store; %s", r, src.Fetch)})
		}
	}
	// The reports have what the pages need of the metrics: reports.Compute
	// holds the only reference, and drops it once the SLOs and KPIs are done.
	series := b.series
	b.series = nil
	want := b.want
	if want == nil {
		want = pages.Needs(b.sections)
	}
	r, errs := reports.Compute(reports.Input{Config: b.cfg, Specs: b.specs, Store: ld, Areas: acc, Facts: facts, Content: b.content, Series: series, AsOf: b.asOf,
		Launches: b.launches, Feedback: fb, Decisions: b.learning.Decisions, Premortems: b.learning.Premortems, Experiments: b.experiments}, want...)
	b.errs = append(b.errs, errs...)
	b.warns = append(b.warns, r.LearningWarnings()...)
	b.reports = r
	for _, x := range r.SLOs {
		b.res.States = append(b.res.States, State{Name: x.Name, Kind: "slo", State: x.State.String(), Exhausted: x.Exhausted})
	}
	for _, x := range r.KPIs {
		b.res.States = append(b.res.States, State{Name: x.Name, Kind: "kpi", State: x.State.String()})
	}
	for _, x := range r.Launches {
		b.res.States = append(b.res.States, State{Name: x.Launch.ID, Kind: "launch", State: x.State.String(), Detail: x.StateText()})
	}
	return nil
}
