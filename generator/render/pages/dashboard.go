package pages

import (
	"fmt"
	"html/template"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/vitals-dev/vitals/generator/base/period"
	"github.com/vitals-dev/vitals/generator/compute/issuestats"
	"github.com/vitals-dev/vitals/generator/compute/reports"
	"github.com/vitals-dev/vitals/generator/compute/slo"
	"github.com/vitals-dev/vitals/generator/render/chart"
	"github.com/vitals-dev/vitals/generator/render/stepsummary"
	"github.com/vitals-dev/vitals/generator/render/theme"
)

// dashboardSection: the verdict tiles, the card groups and charts that the
// sections added, the step summary's headlines.
var dashboardSection = Section{
	Name:    "dashboard",
	Reports: []reports.Report{reports.Issues, reports.Quarters, reports.SLOs, reports.Incidents},
	Pages:   (*Builder).dashboard,
}

// DashboardData is the dashboard template's data.
type DashboardData struct {
	// Actions lead the page: what needs someone to act, most urgent first
	// (needsaction.go); NoAction says what was checked when none does.
	Actions  []Action
	NoAction string
	// Tiles are the verdict: are we getting healthier?
	Tiles  []Tile
	Groups []CardGroup
	Charts []chart.Chart
	Body   template.HTML // content/_index.md, when the site has one
	// LatestReview links to the last complete quarter's review.
	LatestReview *ReviewLink
}

func (b *Builder) dashboard() error {
	b.out.Nav = append([]NavItem{{Title: "Dashboard", Path: "index.html", Section: "dashboard"}}, b.out.Nav...)
	b.stepSummaryHeadlines()
	for i := range b.groups {
		b.groups[i].ID = "group-" + anchor(b.groups[i].Title)
		for j, c := range b.groups[i].Cards {
			if c.State != "" && c.StateText == "" {
				b.groups[i].Cards[j].StateText = c.State
			}
		}
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
	d := &DashboardData{Tiles: b.verdictTiles(), Groups: b.groups, Charts: b.dash, Body: b.homeBody, LatestReview: latestReview(b.rep), Actions: b.actionList()}
	if len(d.Actions) == 0 {
		d.NoAction = "Nothing needs action: no error budget is spent, no SLO or KPI is past its threshold, and no action item is overdue."
	}
	b.addPage(&Page{
		Path: "index.html", Kind: "dashboard",
		Info: PageInfo{Section: "dashboard", Description: b.cfg.Description,
			HowCounted: "Each figure is compared with the same window a year earlier and judged better, worse or steady (a move of 5% or less), in words and colour."},
		Data: d, charts: b.dash,
	})
	return nil
}

// stepSummaryHeadlines adds the dashboard's issue, incident and release
// figures to the GitHub Actions step summary (SLOs and KPIs are already in it).
func (b *Builder) stepSummaryHeadlines() {
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

// verdictTiles are the dashboard's verdict: five tiles that answer "are we
// getting healthier?", made from the reports; a tile whose figures do
// not exist (no repositories, no SLOs, no postmortems) is left out.
func (b *Builder) verdictTiles() []Tile {
	var tiles []Tile
	if b.rep.Issues != nil && !b.asOf.IsZero() {
		all := b.rep.Issues.All
		months := completeMonths(all, b.asOf, 24)
		x := func(f func(issuestats.Point) float64) []float64 {
			v := make([]float64, len(months))
			for i, p := range months {
				v[i] = f(p)
			}
			return v
		}
		span := ""
		if n := len(months); n > 0 {
			span = months[0].Period.String() + " to " + months[n-1].Period.String()
		}
		t := Tile{ID: "bugs-opened", Title: "Bugs opened, last 12 months", Value: theme.Num(all.BugsLast12m), Figure: "bugs-opened:" + all.Repo, Over: "last 12 months",
			Link: "issues/index.html#trends", How: "how-we-count/index.html#issues"}
		if yearStart := b.asOf.Add(-365 * 24 * time.Hour); !all.First.IsZero() && !all.First.Before(yearStart) {
			// The data begins within the last 12 months: the 12 before
			// hold no issue because none was loaded, not because none was
			// filed (an export of recent months); 0 there is no baseline.
			t.Against, t.State = "nothing to compare with: the data begins "+all.First.Format(time.DateOnly), judgedFew
		} else {
			t.Change, t.Against, t.State = judgeCount(all.BugsLast12m, all.BugsPrev12m, true, "the 12 months before")
		}
		t.Spark, t.SparkLabel = sparkline(x(func(p issuestats.Point) float64 { return float64(p.BugsOpened) })), "bugs opened per month, "+span
		tiles = append(tiles, t)

		if h, ok := headline(all, "open_bugs"); ok && h.Value != nil {
			t := Tile{ID: "open-bugs", Title: "Open bugs", Value: theme.Num(int(*h.Value)), Figure: "open-bugs:" + all.Repo, Over: "as of " + b.asOf.Format("2 January 2006"),
				Link: "issues/index.html#ages", How: "how-we-count/index.html#issues"}
			if h.YearAgo != nil {
				t.Change, t.Against, t.State = judgeCount(int(*h.Value), int(*h.YearAgo), true, "a year earlier")
			} else {
				t.Against, t.State = "nothing to compare with a year earlier", judgedFew
			}
			t.Spark, t.SparkLabel = sparkline(x(func(p issuestats.Point) float64 { return float64(p.BugsOpenAtEnd) })), "open bugs at the end of each month, "+span
			tiles = append(tiles, t)
		}

		if h, ok := headline(all, "backlog_closure"); ok && h.Value != nil {
			t := Tile{ID: "backlog-closure", Title: "Backlog closed within a year", Value: theme.Pct(*h.Value), Figure: "backlog-closure:" + all.Repo, Over: "within a year",
				Link: "issues/index.html", How: "how-we-count/index.html#issues",
				Note: fmt.Sprintf("%s of the %s issues open a year ago", theme.Num(all.CohortClosed), theme.Num(all.Cohort))}
			switch {
			case all.Cohort < 10:
				t.Against, t.State = fmt.Sprintf("only %s issues were open a year ago", theme.Num(all.Cohort)), judgedFew
			case h.Prev == nil:
				t.Against, t.State = "nothing to compare with the year before", judgedFew
			default:
				t.Change, t.Against, t.State = judgeShare(*h.Value, *h.Prev, false, "the year before")
			}
			var v []float64
			for _, q := range b.rep.Quarters[max(0, len(b.rep.Quarters)-8):] {
				v = append(v, ptr(q.Issues.All.BacklogClosure))
			}
			if len(v) > 1 {
				t.Spark, t.SparkLabel = sparkline(v), "share closed within a year, at the end of each of the last "+strconv.Itoa(len(v))+" quarters"
			}
			tiles = append(tiles, t)
		}
	}
	if t, ok := b.sloTile(); ok {
		tiles = append(tiles, t)
	}
	if len(b.rep.Incidents) > 0 && !b.asOf.IsZero() {
		s := b.rep.IncidentSummary
		t := Tile{ID: "incidents", Title: "Incidents, last 12 months", Value: theme.Num(s.Last12Months), Figure: "incidents", Over: "last 12 months",
			Link: "postmortems/index.html", How: "how-we-count/index.html#incidents"}
		t.Change, t.Against, t.State = judgeCount(s.Last12Months, s.Prev12Months, true, "the 12 months before")
		if s.TTRLast.N > 0 {
			t.Note = "median time to resolve " + minutesText(s.TTRLast.Median)
			if s.TTRPrev.N > 0 {
				t.Note += ", against " + minutesText(s.TTRPrev.Median)
			}
		}
		qs := b.rep.IncidentQuarters
		var v []float64
		for _, q := range qs[max(0, len(qs)-8):] {
			v = append(v, float64(q.Incidents))
		}
		if len(v) > 1 {
			t.Spark, t.SparkLabel = sparkline(v), "incidents per quarter, last "+strconv.Itoa(len(v))+" quarters"
		}
		tiles = append(tiles, t)
	}
	for i := range tiles {
		tiles[i].StateText = stateText(tiles[i].State)
	}
	return tiles
}

// sloTile: how often the SLOs met their targets, the figure its verdict
// judges. Each SLO's calendar months that ended by as_of count once (an
// "SLO-month"): the share met in the last 12 months against the 12
// before. The SLO with the least error budget left now is named in the
// note, over its own window, as the SLO page shows it.
func (b *Builder) sloTile() (Tile, bool) {
	var worst *slo.Result
	anchors := sloAnchors(b.rep.SLOs)
	wi := -1
	for i := range b.rep.SLOs {
		r := &b.rep.SLOs[i]
		if r.Rolling.HasData && (worst == nil || r.Rolling.BudgetRemaining < worst.Rolling.BudgetRemaining) {
			worst, wi = r, i
		}
	}
	if worst == nil {
		return Tile{}, false
	}
	// months[k] is the k-th complete month counted back from the last one
	// before as_of (0 the latest): SLOs that met their target, of those
	// with data.
	type tally struct{ met, of int }
	var months []tally
	last := period.Of(period.Month, b.asOf.Add(-time.Nanosecond))
	if !last.End().Equal(b.asOf) {
		last = last.Prev() // the month of as_of has not ended
	}
	for _, r := range b.rep.SLOs {
		for _, m := range r.Months {
			if !m.HasData || m.End.After(b.asOf) {
				continue
			}
			k := monthsBetween(period.Of(period.Month, m.Start), last)
			if k < 0 || k >= 24 {
				continue
			}
			for len(months) <= k {
				months = append(months, tally{})
			}
			months[k].of++
			if m.Compliant {
				months[k].met++
			}
		}
	}
	sum := func(from, to int) (n, of int) {
		for k := from; k < to && k < len(months); k++ {
			n, of = n+months[k].met, of+months[k].of
		}
		return
	}
	n, of := sum(0, 12)
	pn, pof := sum(12, 24)
	t := Tile{ID: "slo-months", Title: "SLO targets met, last 12 months", Value: "n/a",
		Link: "slo/index.html#" + anchors[wi], How: "how-we-count/index.html#slos-compliance"}
	if of > 0 {
		t.Value = theme.Pct(float64(n) / float64(of))
	}
	t.Note = fmt.Sprintf("%d of %d SLO-months met their target. Least budget left now: %s, %s over the last %s", n, of, worst.Name,
		theme.Pct(worst.Rolling.BudgetRemaining), slo.FormatWindow(worst.Window))
	switch {
	case of == 0 || pof == 0:
		t.Against, t.State = "no year before to compare with", judgedFew
	case of < 10 && pof < 10:
		t.Against, t.State = fmt.Sprintf("%d of %d against %d of %d the 12 months before", n, of, pn, pof), judgedFew
	default:
		t.Change, t.Against, t.State = judgeShare(float64(n)/float64(of), float64(pn)/float64(pof), false, "the 12 months before")
	}
	var v []float64
	for k := min(len(months), 24) - 1; k >= 0; k-- {
		if months[k].of > 0 {
			v = append(v, float64(months[k].met)/float64(months[k].of))
		} else {
			v = append(v, math.NaN())
		}
	}
	if len(v) > 1 {
		t.Spark, t.SparkLabel = sparkline(v), "share of SLOs that met their target, each of the last "+strconv.Itoa(len(v))+" months"
	}
	return t, true
}

// monthsBetween counts the months from a back to b (0 when the same).
func monthsBetween(a, b period.P) int {
	return (b.Start.Year()-a.Start.Year())*12 + int(b.Start.Month()) - int(a.Start.Month())
}

// completeMonths are the last n months of rs that ended by asOf.
func completeMonths(rs *issuestats.RepoStats, asOf time.Time, n int) []issuestats.Point {
	var pts []issuestats.Point
	for _, p := range rs.SeriesOf(period.Month).Points {
		if !p.Period.End().After(asOf) {
			pts = append(pts, p)
		}
	}
	return pts[max(0, len(pts)-n):]
}

func headline(rs *issuestats.RepoStats, key string) (issuestats.Headline, bool) {
	for _, h := range rs.Headlines {
		if h.Key == key {
			return h, true
		}
	}
	return issuestats.Headline{}, false
}
