package areas

import (
	"encoding/json"
	"fmt"
	"slices"
	"testing"

	"github.com/vitals-dev/vitals/generator/base/model"
	"github.com/vitals-dev/vitals/generator/compute/issuestats"
	"github.com/vitals-dev/vitals/generator/sources/demo"
)

// Groups added up one repository at a time (as a build reads the store)
// are those of the whole dataset at once, figure for figure.
func TestGroupsAddedPerRepositoryAreThoseOfTheWholeDataset(t *testing.T) {
	o := demo.Options{Seed: 4, Repos: []string{"o/api", "o/app", "o/web"}, Issues: 900}.WithDefaults()
	rds := demo.Generate(o)
	whole := &model.Dataset{AsOf: o.AsOf, NoEvents: map[string]bool{}}
	for _, rd := range rds {
		whole.Repos = append(whole.Repos, rd.Repo)
		whole.Issues = append(whole.Issues, rd.Issues...)
		whole.Comments = append(whole.Comments, rd.Comments...)
		whole.Events = append(whole.Events, rd.Events...)
	}
	sp := Spec{
		Prefixes: []string{"area/"},
		Labels:   map[string][]string{"Speed": {"performance"}, "Docs": {"docs"}, "Safety": {"security", "bug"}},
		Teams:    map[string][]string{"Core": {"Speed", "o/api"}, "Writers": {"Docs"}, "Web": {"o/web", "Safety"}},
	}
	opts := Options{AsOf: o.AsOf.AddDate(0, -3, 0), BugLabels: []string{"bug"}}
	wo := opts
	wo.Facts = issuestats.FactsOf(issuestats.Times(whole, opts.AsOf, nil))
	want, _ := json.Marshal(Compute(sp, whole, wo))

	acc := NewAcc(sp, opts)
	var facts []issuestats.IssueFact
	for _, rd := range rds {
		one := &model.Dataset{AsOf: o.AsOf, Repos: []string{rd.Repo}, Issues: rd.Issues, Comments: rd.Comments, Events: rd.Events, NoEvents: map[string]bool{}}
		acc.Add(one)
		facts = append(facts, issuestats.FactsOf(issuestats.Times(one, opts.AsOf, nil))...)
	}
	po := opts
	po.Facts = facts
	rep := acc.Report(po)
	got, _ := json.Marshal(rep)
	if string(got) != string(want) {
		t.Errorf("per repository:\n%s\nwhole dataset:\n%s", got, want)
	}
	if len(rep.Areas) < 4 || len(rep.Teams) != 3 || rep.InSeveral == 0 || rep.Teams[0].Issues == 0 {
		t.Errorf("a fixture that shows little: %d areas, %d teams, %d in several", len(rep.Areas), len(rep.Teams), rep.InSeveral)
	}

	// Given each repository's own figures (as a build's loader computes
	// them, quarters included), a team that owns the repository takes them:
	// the same report.
	acc = NewAcc(sp, opts)
	io := issuestats.Options{AsOf: opts.AsOf, BugLabels: opts.BugLabels, Quarterly: true}
	taken := 0
	for _, rd := range rds {
		one := &model.Dataset{AsOf: o.AsOf, Repos: []string{rd.Repo}, Issues: rd.Issues, Comments: rd.Comments, Events: rd.Events, NoEvents: map[string]bool{}}
		parts := issuestats.ComputeParts(one, io)
		acc.AddWith(one, issuestats.FirstResponses(one, io), parts)
		for _, byRepo := range acc.parts {
			if byRepo[rd.Repo] == parts[0] {
				taken++
			}
		}
	}
	if taken != 2 { // Core owns o/api, Web o/web
		t.Errorf("%d groups took a repository's own figures, want 2", taken)
	}
	got, _ = json.Marshal(acc.Report(po))
	if string(got) != string(want) {
		t.Errorf("with the repositories' own figures:\n%s\nwhole dataset:\n%s", got, want)
	}
}

// With more than 64 groups (prefix labels make as many as the labels
// say), every group's figures are still those of its own issues.
func TestManyGroupsEachHaveTheirOwnIssues(t *testing.T) {
	o := demo.Options{Seed: 9, Repos: []string{"o/api", "o/app"}, Issues: 1400}.WithDefaults()
	rds := demo.Generate(o)
	sp := Spec{Prefixes: []string{"area/"}}
	opts := Options{AsOf: o.AsOf}
	acc := NewAcc(sp, opts)
	var facts []issuestats.IssueFact
	byArea := map[string]*model.Dataset{}
	for _, rd := range rds {
		for i := range rd.Issues {
			is := &rd.Issues[i]
			is.Labels = append(slices.Clone(is.Labels), fmt.Sprintf("area/x%02d", is.Number%70))
		}
		one := &model.Dataset{AsOf: o.AsOf, Repos: []string{rd.Repo}, Issues: rd.Issues, Comments: rd.Comments, Events: rd.Events}
		acc.Add(one)
		facts = append(facts, issuestats.FactsOf(issuestats.Times(one, o.AsOf, nil))...)
		for _, is := range rd.Issues {
			k := fmt.Sprintf("x%02d", is.Number%70)
			sub := byArea[k]
			if sub == nil {
				sub = &model.Dataset{AsOf: o.AsOf, Repos: []string{"o/api", "o/app"}}
				byArea[k] = sub
			}
			if is.CreatedAt.Before(o.AsOf) {
				sub.Issues = append(sub.Issues, is)
			}
			for _, c := range rd.Comments {
				if c.IssueNumber == is.Number {
					sub.Comments = append(sub.Comments, c)
				}
			}
			for _, e := range rd.Events {
				if e.IssueNumber == is.Number {
					sub.Events = append(sub.Events, e)
				}
			}
		}
	}
	opts.Facts = facts
	rep := acc.Report(opts)
	if len(rep.Areas) != 70 {
		t.Fatalf("%d areas, want 70", len(rep.Areas))
	}
	for _, g := range rep.Areas {
		want, _ := json.Marshal(issuestats.Compute(byArea[g.Name], issuestats.Options{AsOf: o.AsOf}).All)
		got, _ := json.Marshal(g.Stats)
		if string(got) != string(want) {
			t.Errorf("area %s: figures differ from those of its own issues", g.Name)
		}
	}
}
