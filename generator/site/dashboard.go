package site

import (
	"fmt"
	"html/template"
	"strings"

	"github.com/vitals-dev/vitals/generator/chart"
	"github.com/vitals-dev/vitals/generator/slo/summary"
)

// DashboardData is the dashboard template's data.
type DashboardData struct {
	Groups []CardGroup
	Charts []chart.Chart
	Body   template.HTML // content/_index.md, when the site has one
	// LatestReview links to the last complete quarter's review.
	LatestReview *ReviewLink
}

func (b *pageBuilder) dashboard() error {
	b.out.Nav = append([]NavItem{{Title: "Dashboard", Path: "index.html", Section: "dashboard"}}, b.out.Nav...)
	b.stepSummaryHeadlines()
	d := &DashboardData{Groups: b.groups, Charts: b.dash, Body: b.homeBody, LatestReview: latestReview(b.rep)}
	b.addPage(&pageOut{
		Path: "index.html", Kind: "dashboard",
		Info: PageInfo{Section: "dashboard", Description: b.cfg.Description,
			HowCounted: "Each card compares a figure with an earlier one; arrows are green when the change is an improvement."},
		Data: d, charts: b.dash,
	})
	return nil
}

// stepSummaryHeadlines adds the dashboard's issue, incident and release
// figures to the GitHub Actions step summary (SLOs and KPIs are already in it).
func (b *pageBuilder) stepSummaryHeadlines() {
	var sb strings.Builder
	for _, g := range b.groups {
		if g.Title == "Service levels" || g.Title == "KPIs" {
			continue
		}
		if sb.Len() == 0 {
			sb.WriteString("\n| Figure | Now | Change |\n|---|---|---|\n")
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
			fmt.Fprintf(&sb, "| %s | %s | %s |\n", summary.Cell(c.Title), summary.Cell(v), summary.Cell(strings.Join(ch, "; ")))
		}
	}
	if sb.Len() == 0 {
		return
	}
	if b.out.StepSummary == "" {
		b.out.StepSummary = "## " + summary.Cell(b.cfg.Title) + "\n"
	}
	b.out.StepSummary += sb.String()
}
