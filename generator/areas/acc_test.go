package areas

import (
	"encoding/json"
	"testing"

	"github.com/vitals-dev/vitals/generator/demo"
	"github.com/vitals-dev/vitals/generator/issuestats"
	"github.com/vitals-dev/vitals/generator/store"
)

// Groups added up one repository at a time (as a build reads the store)
// are those of the whole dataset at once, figure for figure.
func TestGroupsAddedPerRepositoryAreThoseOfTheWholeDataset(t *testing.T) {
	o := demo.Options{Seed: 4, Repos: []string{"o/api", "o/app", "o/web"}, Issues: 900}.WithDefaults()
	rds := demo.Generate(o)
	whole := &store.Dataset{AsOf: o.AsOf, NoEvents: map[string]bool{}}
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
	wo.Times = issuestats.Times(whole, opts.AsOf, nil)
	want, _ := json.Marshal(Compute(sp, whole, wo))

	acc := NewAcc(sp, opts)
	var times []issuestats.IssueTimes
	for _, rd := range rds {
		one := &store.Dataset{AsOf: o.AsOf, Repos: []string{rd.Repo}, Issues: rd.Issues, Comments: rd.Comments, Events: rd.Events, NoEvents: map[string]bool{}}
		acc.Add(one)
		times = append(times, issuestats.Times(one, opts.AsOf, nil)...)
	}
	po := opts
	po.Times = times
	rep := acc.Report(po)
	got, _ := json.Marshal(rep)
	if string(got) != string(want) {
		t.Errorf("per repository:\n%s\nwhole dataset:\n%s", got, want)
	}
	if len(rep.Areas) < 4 || len(rep.Teams) != 3 || rep.InSeveral == 0 || rep.Teams[0].Issues == 0 {
		t.Errorf("a fixture that shows little: %d areas, %d teams, %d in several", len(rep.Areas), len(rep.Teams), rep.InSeveral)
	}
}
