package reports

import (
	"fmt"
	"path"
	"path/filepath"
	"strings"

	"github.com/vitals-dev/vitals/generator/base/diag"
	"github.com/vitals-dev/vitals/generator/compute/decisions"
	"github.com/vitals-dev/vitals/generator/compute/premortems"
	"github.com/vitals-dev/vitals/generator/sources/content"
)

// The learning loops (issue 20): pre-mortems against the postmortems that
// followed, decision records and what names them, feature requests by demand.

// LaunchPage is a launch's page; ExperimentPage an experiment's.
func LaunchPage(id string) string     { return "launches/" + id + "/index.html" }
func ExperimentPage(id string) string { return "experiments/" + id + "/index.html" }

// computeDecisions indexes the decision records with what names them.
func computeDecisions(in Input) *decisions.Log {
	if len(in.Decisions) == 0 {
		return nil
	}
	return decisions.Build(in.Decisions, citers(in.Content), path.Base(filepath.ToSlash(in.Config.Decisions.Dir)))
}

// computePremortems meets the pre-mortems with the postmortems.
func computePremortems(in Input) *premortems.Report {
	if len(in.Premortems) == 0 {
		return nil
	}
	var ls []premortems.Launch
	for _, l := range in.Launches {
		x := premortems.Launch{ID: l.ID, Title: l.Title, Page: LaunchPage(l.ID)}
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
	return premortems.Build(in.Premortems, ls, incs, in.AsOf)
}

// LearningWarnings are the names postmortems give that name nothing.
func (r *Reports) LearningWarnings() diag.List {
	var ds diag.List
	if r.Premortems != nil {
		for _, p := range r.Premortems.Problems {
			ds = append(ds, diag.Diag{Path: p.Source, Severity: diag.Warning, Msg: p.Msg})
		}
	}
	return ds
}

// citers are the experiments, launches and postmortems, as they may name
// decisions.
func citers(c *content.Content) []decisions.Citer {
	var out []decisions.Citer
	for _, pg := range c.Pages {
		var kind, page string
		switch pg.Section {
		case "experiments":
			kind, page = "experiment", ExperimentPage(pg.Slug)
		case "launches":
			kind, page = "launch", LaunchPage(pg.Slug)
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
