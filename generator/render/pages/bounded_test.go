// Tests of pages whose size does not grow with the data (issue 22):
// paged lists, capped tables, bucketed charts with their downloads.

package pages

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/vitals-dev/vitals/generator/base/model"
	"github.com/vitals-dev/vitals/generator/compute/incidents"
	"github.com/vitals-dev/vitals/generator/compute/policy"
	"github.com/vitals-dev/vitals/generator/compute/releasestats"
	"github.com/vitals-dev/vitals/generator/compute/reports"
	"github.com/vitals-dev/vitals/generator/render/chart"
)

// 450 rows make three pages of PageSize, 200 + 200 + 50, each linking
// every page relative to itself; a list of PageSize rows is one page with
// no pager.
func TestLongListsAreSplitIntoLinkedPages(t *testing.T) {
	ps := listPages("releases/index.html", 2*PageSize+50)
	if len(ps) != 3 {
		t.Fatalf("%d pages, want 3", len(ps))
	}
	want := []struct {
		path     string
		from, to int
	}{{"releases/index.html", 0, 200}, {"releases/page/2/index.html", 200, 400}, {"releases/page/3/index.html", 400, 450}}
	for i, w := range want {
		p := ps[i]
		if p.Path != w.path || p.From != w.from || p.To != w.to {
			t.Errorf("page %d: %s rows %d..%d, want %s %d..%d", i+1, p.Path, p.From, p.To, w.path, w.from, w.to)
		}
		if p.Pager == nil || p.Pager.Number != i+1 || p.Pager.Count != 3 || p.Pager.From != w.from+1 || p.Pager.To != w.to || p.Pager.Total != 450 {
			t.Errorf("page %d pager %+v", i+1, p.Pager)
		}
	}
	links := ps[1].Pager.Links
	if links[0].Path != "../../index.html" || links[2].Path != "../3/index.html" || !links[1].Current || links[0].Current {
		t.Errorf("page 2 links %+v", links)
	}
	if links := ps[0].Pager.Links; links[1].Path != "page/2/index.html" {
		t.Errorf("page 1 links %+v", links)
	}
	if ps := listPages("releases/index.html", PageSize); len(ps) != 1 || ps[0].Pager != nil || ps[0].To != PageSize {
		t.Errorf("a list of %d rows: %+v", PageSize, ps)
	}
	if ps := listPages("releases/index.html", 0); len(ps) != 1 || ps[0].Pager != nil {
		t.Errorf("an empty list: %+v", ps)
	}
	if !ps[1].Pager.Rest() || ps[0].Pager.Rest() || (*Pager)(nil).Rest() {
		t.Error("Rest is true on the pages after the first only")
	}
}

// A list of 25 pages: each page links the first, the last and the two
// either side of itself, with a gap where pages are left out, so the pager
// does not grow with the list.
func TestPagerLinksTheEndsAndTheNeighbours(t *testing.T) {
	ps := listPages("releases/index.html", 25*PageSize)
	show := func(ls []PagerLink) string {
		var s []string
		for _, l := range ls {
			x := fmt.Sprint(l.Number)
			if l.Gap {
				x = "… " + x
			}
			if l.Current {
				x = "[" + x + "]"
			}
			s = append(s, x)
		}
		return strings.Join(s, " ")
	}
	for _, c := range []struct {
		page int
		want string
	}{
		{1, "[1] 2 3 … 25"},
		{3, "1 2 [3] 4 5 … 25"},
		{4, "1 2 3 [4] 5 6 … 25"},
		{10, "1 … 8 9 [10] 11 12 … 25"},
		{23, "1 … 21 22 [23] 24 25"},
		{25, "1 … 23 24 [25]"},
	} {
		if got := show(ps[c.page-1].Pager.Links); got != c.want {
			t.Errorf("page %d links %q, want %q", c.page, got, c.want)
		}
	}
	if l := ps[9].Pager.Links[1]; l.Number != 8 || l.Path != "../8/index.html" {
		t.Errorf("page 10's link to 8: %+v", l)
	}
}

// A postmortem links its release's row on the page of the release list
// that holds it: the 201st newest release is on page 2.
func TestReleaseLinkPointsAtThePageHoldingTheRow(t *testing.T) {
	base := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	var rows []releasestats.Row
	for i := 0; i < 450; i++ { // release i published on day i: the newest is 449
		at := base.Add(time.Duration(i) * 24 * time.Hour)
		rows = append(rows, releasestats.Row{Release: model.Release{Repo: "acme/app", ID: int64(i), Tag: fmt.Sprintf("v%d", i), PublishedAt: &at},
			DaysSincePrevious: math.NaN(), LeadTimeMedianHours: math.NaN()})
	}
	b := &Builder{rep: &reports.Reports{Releases: &reports.ReleaseReport{Rows: rows}}}
	for _, c := range []struct{ tag, want string }{
		{"v449", "releases/index.html#" + releaseAnchor("acme/app", "v449")},
		{"v250", "releases/index.html#" + releaseAnchor("acme/app", "v250")},
		{"v249", "releases/page/2/index.html#" + releaseAnchor("acme/app", "v249")},
		{"v0", "releases/page/3/index.html#" + releaseAnchor("acme/app", "v0")},
	} {
		if got := b.releaseLink("acme/app", c.tag); got != c.want {
			t.Errorf("releaseLink(%s) = %s, want %s", c.tag, got, c.want)
		}
	}
}

// On a page of the postmortem index the filters count that page's rows.
func TestPageFacetsCountThePageRows(t *testing.T) {
	all := []FacetGroup{
		{Key: "service", Title: "Service", Values: []FacetValue{{"api", 9}, {"web", 7}, {"db", 3}}},
		{Key: "severity", Title: "Severity", Values: []FacetValue{{"SEV1", 5}}},
	}
	rows := []PMRow{{ServicesKey: "api|web", Severity: "SEV1"}, {ServicesKey: "api", Severity: "SEV2"}}
	got := pageFacets(all, rows)
	want := []FacetValue{{"api", 2}, {"web", 1}, {"db", 0}}
	for i, w := range want {
		if got[0].Values[i] != w {
			t.Errorf("service %d: %+v, want %+v", i, got[0].Values[i], w)
		}
	}
	if got[1].Values[0] != (FacetValue{"SEV1", 1}) {
		t.Errorf("severity: %+v", got[1].Values)
	}
	if all[0].Values[0].Count != 9 {
		t.Error("pageFacets changed the site-wide counts")
	}
}

// 450 open action items from three postmortems of 150 each: three pages
// of 200, 200 and 50 rows. The second postmortem's items run over pages 1
// and 2, so both head a group with it that counts all 150 (50 overdue);
// the figures count every item on every page.
func TestActionItemsArePaged(t *testing.T) {
	var open []incidents.OpenItem
	paths := map[string]string{}
	for p := 0; p < 3; p++ {
		pm := model.Postmortem{Path: fmt.Sprintf("pm%d.md", p), Title: fmt.Sprintf("PM %d", p)}
		paths[pm.Path] = fmt.Sprintf("postmortems/pm%d/index.html", p)
		for i := 0; i < 150; i++ {
			state := "open"
			if i%3 == 0 {
				state = "overdue"
			}
			open = append(open, incidents.OpenItem{Item: incidents.Item{ActionItem: model.ActionItem{Title: fmt.Sprintf("item %d.%d", p, i)}, State: state}, Postmortem: pm, Index: i})
		}
	}
	b := &Builder{rep: &reports.Reports{OpenItems: open}, postmortemPaths: paths}
	b.actionItemsPage()
	var got []string
	for _, pg := range b.out.Pages {
		d := pg.Data.(*ActionItemsData)
		var groups []string
		for _, g := range d.Groups {
			groups = append(groups, fmt.Sprintf("%s:%d of %d/%d", g.PMTitle, len(g.Rows), g.Open, g.Overdue))
		}
		got = append(got, fmt.Sprintf("%s %q rows %d (%s .. %s) groups %s; open %d overdue %d", pg.Path, pg.Info.Title, len(d.Rows),
			d.Rows[0].Title, d.Rows[len(d.Rows)-1].Title, strings.Join(groups, " "), d.Open, d.Overdue))
	}
	want := []string{
		`action-items/index.html "Open action items" rows 200 (item 0.0 .. item 1.49) groups PM 0:150 of 150/50 PM 1:50 of 150/50; open 450 overdue 150`,
		`action-items/page/2/index.html "Open action items, page 2 of 3" rows 200 (item 1.50 .. item 2.99) groups PM 1:100 of 150/50 PM 2:100 of 150/50; open 450 overdue 150`,
		`action-items/page/3/index.html "Open action items, page 3 of 3" rows 50 (item 2.100 .. item 2.149) groups PM 2:50 of 150/50; open 450 overdue 150`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("pages:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// 120 budget-significant incidents, newest first: the SLO page lists the
// 50 newest and counts all 120; slo/budget-incidents.csv has a row for
// each of the 120, in the same order, with its postmortem's title.
func TestBudgetIncidentsShowTheNewestWithEveryOneInADownload(t *testing.T) {
	end := time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)
	var ins []policy.Incident
	for i := 0; i < 120; i++ {
		at := end.Add(-time.Duration(i) * 24 * time.Hour)
		in := policy.Incident{SLO: "api", Start: at.Add(-time.Hour), End: at, Share: 0.25}
		if i%2 == 0 {
			in.Postmortem = &model.Postmortem{Path: fmt.Sprintf("pm%d.md", i), Title: fmt.Sprintf("PM %d", i)}
		}
		ins = append(ins, in)
	}
	b := &Builder{rep: &reports.Reports{Policy: &policy.Report{Incidents: ins}}, postmortemPaths: map[string]string{}}
	v := b.policyView(map[string]string{})
	if len(v.Incidents) != Shown || v.IncidentsTotal != 120 || v.IncidentsCSV != "budget-incidents.csv" {
		t.Fatalf("%d shown of %d, csv %q; want %d of 120 and budget-incidents.csv", len(v.Incidents), v.IncidentsTotal, v.IncidentsCSV, Shown)
	}
	if v.Incidents[0].End != "2026-09-01 00:00" || v.Incidents[Shown-1].End != "2026-07-14 00:00" {
		t.Errorf("shown from %s to %s, want the newest: 2026-09-01 00:00 to 2026-07-14 00:00", v.Incidents[0].End, v.Incidents[Shown-1].End)
	}
	if len(b.out.Files) != 1 || b.out.Files[0].Path != "slo/budget-incidents.csv" {
		t.Fatalf("files %+v", b.out.Files)
	}
	lines := strings.Split(strings.TrimSuffix(string(b.out.Files[0].Data), "\n"), "\n")
	if len(lines) != 121 {
		t.Fatalf("%d lines, want a header and 120 rows", len(lines))
	}
	for i, want := range map[int]string{
		0:   "slo,start,end,budget_used,postmortem",
		1:   "api,2026-08-31T23:00:00Z,2026-09-01T00:00:00Z,0.2500,PM 0",
		2:   "api,2026-08-30T23:00:00Z,2026-08-31T00:00:00Z,0.2500,",
		120: "api,2026-05-04T23:00:00Z,2026-05-05T00:00:00Z,0.2500,",
	} {
		if got := strings.TrimSuffix(lines[i], "\r"); got != want {
			t.Errorf("line %d: %q, want %q", i+1, got, want)
		}
	}
	if b := (&Builder{rep: &reports.Reports{Policy: &policy.Report{Incidents: ins[:Shown]}}, postmortemPaths: map[string]string{}}); len(b.policyView(nil).Incidents) != Shown || len(b.out.Files) != 0 {
		t.Error("a list of Shown incidents is shown whole, with no download")
	}
}

// A chart of 600 days is drawn in buckets; the page that shows it gets
// <chart id>.csv beside it with all 600 days, once however many pages of
// that folder show it, and a page in another folder (the dashboard) gets
// its own copy, as the chart links the file by its name alone.
func TestBucketedChartHasEveryRowInACSVBesideItsPage(t *testing.T) {
	n := 600
	x, v := make([]string, n), make([]float64, n)
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range x {
		x[i], v[i] = start.AddDate(0, 0, i).Format("2006-01-02"), float64(i)
	}
	c, err := chart.Build(chart.Spec{ID: "c-backlog", Kind: chart.Line, X: x, Series: []chart.Series{{Name: "open", Values: v}}})
	if err != nil {
		t.Fatal(err)
	}
	if c.Full == nil || len(c.Table.Rows) >= n {
		t.Fatalf("a chart of %d days is not in buckets: %d table rows", n, len(c.Table.Rows))
	}
	b := &Builder{}
	b.addPage(&Page{Path: "issues/index.html", charts: []chart.Chart{c}})
	b.addPage(&Page{Path: "issues/other.html", charts: []chart.Chart{c}})
	b.addPage(&Page{Path: "index.html", charts: []chart.Chart{c}})
	var paths []string
	for _, f := range b.out.Files {
		paths = append(paths, f.Path)
	}
	if strings.Join(paths, " ") != "issues/c-backlog.csv c-backlog.csv" {
		t.Fatalf("files %v, want issues/c-backlog.csv and c-backlog.csv", paths)
	}
	lines := strings.Split(strings.TrimSuffix(string(b.out.Files[0].Data), "\n"), "\n")
	if len(lines) != n+1 || strings.TrimSuffix(lines[0], "\r") != "period,open" ||
		strings.TrimSuffix(lines[1], "\r") != "2024-01-01,0" || strings.TrimSuffix(lines[n], "\r") != "2025-08-22,599" {
		t.Errorf("%d lines: %q ... %q; want a header and %d days from 2024-01-01,0 to 2025-08-22,599", len(lines), lines[:2], lines[len(lines)-1], n)
	}
}
