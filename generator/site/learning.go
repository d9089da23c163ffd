package site

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/vitals-dev/vitals/generator/base/diag"
	"github.com/vitals-dev/vitals/generator/compute/decisions"
	"github.com/vitals-dev/vitals/generator/compute/feedback"
	"github.com/vitals-dev/vitals/generator/compute/premortems"
	"github.com/vitals-dev/vitals/generator/sources/adr"
	"github.com/vitals-dev/vitals/generator/sources/content"
	"github.com/vitals-dev/vitals/generator/sources/premortem"
)

// The learning loops (issue 20): pre-mortems against the postmortems that
// followed, decision records and what cites them, and feature requests by
// demand. Their sources are read with the content (loadLearning), their
// reports computed with the others (learningReports).

// learningSources are the decision records and pre-mortems read from files.
type learningSources struct {
	Decisions  []adr.Record
	Premortems []premortem.Premortem
}

// loadLearning reads the decision records ([decisions] dir) and the
// pre-mortems (content/premortems and the Risks sections of launches).
func (b *builder) loadLearning() {
	recs, ds := adr.Load(b.cfg.DecisionsDir(), b.rel, b.md)
	b.addDiags(ds, nil)
	pms, ds := premortem.Load(b.opts.Source, b.md)
	b.addDiags(ds, nil)
	for _, l := range b.launches {
		src, err := os.ReadFile(filepath.Join(b.opts.Source, filepath.FromSlash(l.Path)))
		if err != nil {
			continue // launchdoc reported it
		}
		pm, ds := premortem.FromLaunch(l.ID, l.Title, l.Path, src)
		b.addDiags(ds, nil)
		if pm != nil {
			pms = append(pms, *pm)
		}
	}
	b.learning = learningSources{Decisions: recs, Premortems: pms}
}

// launchPage is a launch's page; experimentPage an experiment's.
func launchPage(id string) string     { return "launches/" + id + "/index.html" }
func experimentPage(id string) string { return "experiments/" + id + "/index.html" }

// learningWarnings are the names postmortems give that name nothing.
func learningWarnings(r *Reports) diag.List {
	var ds diag.List
	if r.Premortems != nil {
		for _, p := range r.Premortems.Problems {
			ds = append(ds, diag.Diag{Path: p.Source, Severity: diag.Warning, Msg: p.Msg})
		}
	}
	return ds
}

// learningReports computes the decisions, pre-mortem and feedback reports.
func learningReports(in computeInput, r *Reports) {
	if in.Feedback != nil {
		r.Feedback = in.Feedback.Report()
	}
	if len(in.Learning.Decisions) > 0 {
		r.Decisions = decisions.Build(in.Learning.Decisions, citers(in.Content), path.Base(filepath.ToSlash(in.Config.Decisions.Dir)))
	}
	if len(in.Learning.Premortems) > 0 {
		var ls []premortems.Launch
		for _, l := range in.Launches {
			x := premortems.Launch{ID: l.ID, Title: l.Title, Page: launchPage(l.ID)}
			if len(l.Stages) > 0 {
				at := l.Stages[0].At
				x.Start = &at
			}
			ls = append(ls, x)
		}
		var incs []premortems.Incident
		for _, p := range in.Content.Postmortems {
			// Page is the source path: pages map it to the postmortem's page.
			inc := premortems.Incident{ID: p.ID, Title: p.Title, Page: p.Path, Source: p.Path, Started: p.Started}
			if p.Page != nil {
				inc.Launches = names(p.Page.Params, "launch", "launches")
				inc.Premortems = names(p.Page.Params, "premortem", "premortems")
				inc.Risks = names(p.Page.Params, "risk", "risks")
				inc.Links = p.Page.Links
			}
			incs = append(incs, inc)
		}
		r.Premortems = premortems.Build(in.Learning.Premortems, ls, incs, in.AsOf)
	}
}

// citers are the experiments, launches and postmortems, as they may name
// decisions.
func citers(c *content.Content) []decisions.Citer {
	var out []decisions.Citer
	for _, pg := range c.Pages {
		var kind, page string
		switch pg.Section {
		case "experiments":
			kind, page = "experiment", experimentPage(pg.Slug)
		case "launches":
			kind, page = "launch", launchPage(pg.Slug)
		case "postmortems":
			if content.IsIndex(pg.Path) {
				continue
			}
			kind = "postmortem" // its page is the postmortem's (pages map Source)
		default:
			continue
		}
		out = append(out, decisions.Citer{Kind: kind, Title: pg.Title, Page: page, Source: pg.Path,
			Names: names(pg.Params, "decision", "decisions"), Links: pg.Links})
	}
	return out
}

// names reads front-matter values that name documents: text or a list of
// text, under any of keys.
func names(params map[string]any, keys ...string) []string {
	var out []string
	for _, k := range keys {
		switch v := params[k].(type) {
		case string:
			if s := strings.TrimSpace(v); s != "" {
				out = append(out, s)
			}
		case []any:
			for _, x := range v {
				if s := strings.TrimSpace(fmt.Sprint(x)); s != "" {
					out = append(out, s)
				}
			}
		case int, int64, float64:
			out = append(out, fmt.Sprint(v))
		}
	}
	return out
}

// newFeedbackAcc gathers feature requests while the store is read.
func newFeedbackAcc(b *builder) *feedback.Acc {
	if len(b.cfg.GitHub.Repos) == 0 || b.asOf.IsZero() {
		return nil
	}
	return feedback.NewAcc(feedback.Options{AsOf: b.asOf, Labels: b.cfg.Feedback.Labels, Bots: b.cfg.Issues.Bots})
}
