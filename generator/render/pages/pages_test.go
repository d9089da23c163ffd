package pages

import (
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/vitals-dev/vitals/generator/base/model"
	"github.com/vitals-dev/vitals/generator/base/period"
	"github.com/vitals-dev/vitals/generator/compute/incidents"
	"github.com/vitals-dev/vitals/generator/compute/releasestats"
	"github.com/vitals-dev/vitals/generator/compute/reports"
	"github.com/vitals-dev/vitals/generator/config"
	"github.com/vitals-dev/vitals/generator/sources/content"
	"github.com/vitals-dev/vitals/generator/sources/postmortem"
)

// handReports are reports written by hand: two releases, one of them
// failed, and one incident, as of 2025-07-01.
func handReports() *reports.Reports {
	asOf := ts("2025-07-01T00:00:00Z")
	p1, p2 := ts("2025-04-10T00:00:00Z"), ts("2025-05-09T00:00:00Z")
	started, resolved := ts("2025-05-10T09:00:00Z"), ts("2025-05-10T13:00:00Z")
	r1 := model.Release{Repo: "acme/app", ID: 1, Tag: "v1.1.0", PublishedAt: &p1}
	r2 := model.Release{Repo: "acme/app", ID: 2, Tag: "v1.2.0", PublishedAt: &p2}
	rows := []releasestats.Row{
		{Release: r1, DaysSincePrevious: math.NaN(), LeadTimeMedianHours: 10},
		{Release: r2, DaysSincePrevious: 29, LeadTimeMedianHours: 30, Failed: true},
	}
	in := incidents.Incident{Postmortem: model.Postmortem{ID: "login", Title: "Login outage", Path: "content/postmortems/login.md",
		Started: &started, Resolved: &resolved}, TTR: 240, TTD: math.NaN(), TTM: math.NaN(), FailedRelease: &r2}
	ins := []incidents.Incident{in}
	return &reports.Reports{AsOf: asOf, Repos: []string{"acme/app"}, Incidents: ins,
		IncidentSummary:  incidents.Summarize(ins, asOf),
		IncidentQuarters: incidents.ByPeriod(period.Quarter, ins, []model.Release{r1, r2}, started, asOf),
		Releases: &reports.ReleaseReport{Rows: rows, Summary: releasestats.Summarize(rows, asOf, true),
			MedianDays: map[string]float64{"acme/app": 29},
			Months:     releasestats.ByPeriod(rows, period.Month, p1, asOf, true),
			Quarters:   releasestats.ByPeriod(rows, period.Quarter, p1, asOf, true)},
	}
}

func handInput() Input {
	pm := content.Postmortem{Postmortem: postmortem.Postmortem{Postmortem: handReports().Incidents[0].Postmortem},
		Page: &content.Page{Path: "content/postmortems/login.md", Slug: "login", Section: "postmortems"}}
	return Input{Config: &config.Config{Title: "Hand"}, Markdown: content.NewRenderer(false),
		Content: &content.Content{Postmortems: []content.Postmortem{pm}}, Reports: handReports()}
}

// Pages are a function of the reports: no file is read, and the figures
// on them are the reports' (1 failed of 2 releases, 4 hours to resolve).
func TestPagesAreMadeFromReportsWithoutFiles(t *testing.T) {
	out := Build(handInput(), Sections)
	if out.Err != nil {
		t.Fatal(out.Err)
	}
	byPath := map[string]*Page{}
	for _, p := range out.Pages {
		byPath[p.Path] = p
	}
	rel := byPath["releases/index.html"]
	if rel == nil {
		t.Fatal("no releases page")
	}
	figs := rel.Data.(*ReleasesData).Figures
	if figs[2].Name != "Change failure rate, all releases" || figs[2].Value != "50.0%" || figs[2].Note != "1 of 2 releases named by a postmortem" {
		t.Errorf("change failure rate figure = %+v", figs[2])
	}
	if byPath["postmortems/login/index.html"] == nil {
		t.Errorf("no page for the postmortem; pages: %v", paths(out))
	}
	var files []string
	for _, f := range out.Files {
		files = append(files, f.Path)
	}
	if got := strings.Join(files, " "); got != "data/postmortems.csv data/releases.csv" {
		t.Errorf("downloads = %s", got)
	}
	dash := byPath["index.html"].Data.(*DashboardData)
	var ttr string
	for _, g := range dash.Groups {
		for _, c := range g.Cards {
			if strings.HasPrefix(c.Title, "Median time to resolve") {
				ttr = c.Value
			}
		}
	}
	if ttr != "4.0 h" {
		t.Errorf("time to resolve card = %q, want 4.0 h", ttr)
	}
}

// No section reads what another made: building them in the reverse order
// gives every page the same data (only the navigation order changes).
func TestSectionsDoNotDependOnTheirOrder(t *testing.T) {
	fwd := Build(handInput(), Sections)
	rev := make([]Section, len(Sections))
	for i, s := range Sections {
		rev[len(rev)-1-i] = s
	}
	bwd := Build(handInput(), rev)
	if fwd.Err != nil || bwd.Err != nil {
		t.Fatal(fwd.Err, bwd.Err)
	}
	got := map[string]*Page{}
	for _, p := range bwd.Pages {
		got[p.Path] = p
	}
	for _, p := range fwd.Pages {
		q := got[p.Path]
		if q == nil {
			t.Errorf("%s: not made in reverse order", p.Path)
			continue
		}
		if p.Path == "index.html" || p.Path == "how-we-count/index.html" {
			continue // groups and definitions follow the section order by design
		}
		if !reflect.DeepEqual(p.Data, q.Data) || !reflect.DeepEqual(p.Info, q.Info) {
			t.Errorf("%s: page data depends on the section order", p.Path)
		}
	}
	if len(fwd.Pages) != len(bwd.Pages) {
		t.Errorf("%d pages forward, %d in reverse", len(fwd.Pages), len(bwd.Pages))
	}
}

func paths(o *Site) []string {
	var s []string
	for _, p := range o.Pages {
		s = append(s, p.Path)
	}
	return s
}

func ts(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}
