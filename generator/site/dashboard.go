package site

import (
	"html/template"

	"github.com/vitals-dev/vitals/generator/chart"
)

// DashboardData is the dashboard template's data.
type DashboardData struct {
	Groups []CardGroup
	Charts []chart.Chart
	Body   template.HTML // content/_index.md, when the site has one
}

func (b *builder) dashboard() error {
	b.nav = append([]NavItem{{Title: "Dashboard", Path: "index.html", Section: "dashboard"}}, b.nav...)
	d := &DashboardData{Groups: b.groups, Charts: b.dash, Body: b.homeBody}
	b.addPage(&pageOut{
		Path: "index.html", Kind: "dashboard",
		Info: PageInfo{Section: "dashboard", Description: b.cfg.Description,
			HowCounted: "Each card compares a figure with an earlier one; arrows are green when the change is an improvement."},
		Data: d, charts: b.dash,
	})
	return nil
}
