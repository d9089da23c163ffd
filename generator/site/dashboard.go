package site

import (
	"html/template"
	"strings"

	"github.com/vitals-dev/vitals/generator/render/chart"
	"github.com/vitals-dev/vitals/generator/render/stepsummary"
)

// DashboardData is the dashboard template's data.
type DashboardData struct {
	// Tiles are the verdict: are we getting healthier?
	Tiles  []Tile
	Groups []CardGroup
	Charts []chart.Chart
	Body   template.HTML // content/_index.md, when the site has one
	// LatestReview links to the last complete quarter's review.
	LatestReview *ReviewLink
}

func (b *pageBuilder) dashboard() error {
	b.out.Nav = append([]NavItem{{Title: "Dashboard", Path: "index.html", Section: "dashboard"}}, b.out.Nav...)
	b.stepSummaryHeadlines()
	for i := range b.groups {
		b.groups[i].ID = "group-" + anchor(b.groups[i].Title)
		// The open and overdue action items lead to the list of them,
		// once a section makes one.
		for j, c := range b.groups[i].Cards {
			if c.Title != "Open action items" {
				continue
			}
			for _, p := range []string{"postmortems/action-items/index.html", "action-items/index.html"} {
				if b.hasPage(p) {
					b.groups[i].Cards[j].Link = p
					break
				}
			}
		}
	}
	d := &DashboardData{Tiles: b.verdictTiles(), Groups: b.groups, Charts: b.dash, Body: b.homeBody, LatestReview: latestReview(b.rep)}
	b.addPage(&pageOut{
		Path: "index.html", Kind: "dashboard",
		Info: PageInfo{Section: "dashboard", Description: b.cfg.Description,
			HowCounted: "Each figure is compared with the same window a year earlier; green is an improvement, red a deterioration."},
		Data: d, charts: b.dash,
	})
	return nil
}

// stepSummaryHeadlines adds the dashboard's issue, incident and release
// figures to the GitHub Actions step summary (SLOs and KPIs are already in it).
func (b *pageBuilder) stepSummaryHeadlines() {
	var figs []stepsummary.Figure
	for _, g := range b.groups {
		if g.Title == "Service levels" || g.Title == "KPIs" {
			continue
		}
		for _, c := range g.Cards {
			var ch []string
			for _, d := range c.Deltas {
				ch = append(ch, d.Text+" "+d.Against)
			}
			v := c.Value
			if c.Unit != "" {
				v += " " + c.Unit
			}
			figs = append(figs, stepsummary.Figure{Title: c.Title, Value: v, Change: strings.Join(ch, "; ")})
		}
	}
	if len(figs) == 0 {
		return
	}
	if b.out.StepSummary == "" {
		b.out.StepSummary = stepsummary.Heading(b.cfg.Title)
	}
	b.out.StepSummary += stepsummary.Figures(figs)
}
