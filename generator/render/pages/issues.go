package pages

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/vitals-dev/vitals/generator/base/period"
	"github.com/vitals-dev/vitals/generator/compute/issuestats"
	"github.com/vitals-dev/vitals/generator/compute/reports"
	"github.com/vitals-dev/vitals/generator/render/chart"
	"github.com/vitals-dev/vitals/generator/render/theme"
)

// issuesSection: a page of issue figures and charts for all repositories
// and one per repository, the issue cards and trend charts of the
// dashboard, issues-monthly.csv and summary.json.
var issuesSection = Section{
	Name:    "issues",
	Reports: []reports.Report{reports.Issues},
	Pages:   (*Builder).issues,
}

// IssuesData is the issues page's data (one repo, or all together).
type IssuesData struct {
	Repo      string // "all" for every repo
	Repos     []RepoLink
	Figures   []Figure
	Kinds     []string // the period switcher
	Panels    []Panel
	Ages      chart.Chart
	Labels    []LabelRow
	Oldest    []IssueRow
	How       map[string]string
	Downloads []Link
}

// RepoLink links to another repo's issues page.
type RepoLink struct {
	Name, Path string
	Current    bool
}

// LabelRow is one label of the breakdown.
type LabelRow struct {
	Name         string
	Open, Recent int
}

// IssueRow is one issue in a list.
type IssueRow struct {
	Repo, Title, URL, Created, Labels string
	Number                            int
	AgeDays                           string
}

func (b *Builder) issues() error {
	if b.rep.Issues == nil {
		return nil
	}
	rep := b.rep.Issues
	if err := b.addFile("data/issues-monthly.csv", func(w io.Writer) error { return issuestats.WriteMonthlyCSV(w, rep) }); err != nil {
		return err
	}
	if err := b.addFile("data/summary.json", func(w io.Writer) error { return issuestats.WriteSummaryJSON(w, rep) }); err != nil {
		return err
	}
	var links []RepoLink
	links = append(links, RepoLink{Name: "All repositories", Path: "issues/index.html"})
	for _, rs := range rep.Repos {
		links = append(links, RepoLink{Name: rs.Repo, Path: issuesPath(rs.Repo)})
	}
	pages := append([]*issuestats.RepoStats{rep.All}, rep.Repos...)
	for _, rs := range pages {
		p := issuesPath(rs.Repo)
		d, charts, err := b.issuesPage(rs, links, p)
		if err != nil {
			return err
		}
		title := "Issues: all repositories"
		if rs.Repo != issuestats.AllRepos {
			title = "Issues: " + rs.Repo
		}
		b.addPage(&Page{Path: p, Kind: "issues", Data: d, charts: charts,
			Info: PageInfo{Title: title, Section: "issues",
				Description: fmt.Sprintf("Bug rate, backlog and time to close for %s, as of %s.", displayRepo(rs.Repo), b.asOf.Format("2 January 2006")),
				HowCounted:  "Issues exclude pull requests; bugs are issues with a bug label now; backlog counts every close and reopen."}})
	}
	b.nav1("Issues", "issues/index.html", "issues")
	b.issueCards(rep.All)
	if err := b.issueDashboardCharts(rep.All); err != nil {
		return err
	}
	var defs []Def
	for _, d := range issuestats.Definitions {
		if d.Title == "Time" {
			continue // the page's own Time section says it
		}
		defs = append(defs, Def{ID: anchor(d.Title), Title: d.Title, Text: d.Text})
	}
	b.addDefs(DefSection{ID: "issues", Title: "Issues", Items: defs})
	return nil
}

func displayRepo(r string) string {
	if r == issuestats.AllRepos {
		return "all repositories"
	}
	return r
}

func issuesPath(repo string) string {
	if repo == issuestats.AllRepos {
		return "issues/index.html"
	}
	return "issues/" + repo + "/index.html"
}

func (b *Builder) issuesPage(rs *issuestats.RepoStats, links []RepoLink, self string) (*IssuesData, []chart.Chart, error) {
	d := &IssuesData{Repo: rs.Repo, How: map[string]string{
		"flow": issuestats.HowFlow, "backlog": issuestats.HowBacklog, "close": issuestats.HowTimeToClose,
		"response": issuestats.HowFirstResponse, "ages": issuestats.HowAges, "bugrate": issuestats.HowBugRate,
		"labels": issuestats.HowLabels, "oldest": issuestats.HowOldestBugs, "closure": issuestats.HowBacklogClosure,
	}}
	for _, l := range links {
		l.Current = l.Path == self
		d.Repos = append(d.Repos, l)
	}
	fr := rs.FirstResponse
	asOf := "as of " + b.asOf.Format("2 January 2006")
	d.Figures = []Figure{
		{Name: "Open issues", Value: theme.Num(rs.Open), Note: asOf},
		{Name: "Open bugs", Value: theme.Num(rs.BugsOpen), Note: asOf + ", by current labels", Key: "open-bugs:" + rs.Repo, Over: asOf},
		{Name: "Bugs opened, last 12 months", Value: theme.Num(rs.BugsLast12m), Note: "against " + theme.Num(rs.BugsPrev12m) + " the 12 months before (" + pctChange(rs.BugRateChangePct) + ")",
			Key: "bugs-opened:" + rs.Repo, Over: "last 12 months"},
		{Name: "Backlog closed within a year", Value: share(rs.BacklogClosure), Note: fmt.Sprintf("%s of %s issues open a year ago", theme.Num(rs.CohortClosed), theme.Num(rs.Cohort)),
			Key: "backlog-closure:" + rs.Repo, Over: "within a year"},
		newFigure("Median first response", hours(fr.MedianHours), firstResponseNote(fr)),
		newFigure("Pull requests merged", theme.Num(rs.PRsMerged), "up to "+b.asOf.Format("2 January 2006")),
	}
	id := "c-" + anchor(rs.Repo)
	var all []chart.Chart
	for _, k := range []period.Kind{period.Week, period.Month, period.Quarter, period.Day} {
		s := *rs.SeriesOf(k) // a copy: the report is shared
		// A period that begins at as_of holds nothing yet: left out.
		for len(s.Points) > 0 && !s.Points[len(s.Points)-1].Period.Start.Before(b.asOf) {
			s.Points = s.Points[:len(s.Points)-1]
		}
		if len(s.Points) == 0 {
			continue
		}
		x := make([]string, len(s.Points))
		col := func(f func(issuestats.Point) float64) []float64 {
			v := make([]float64, len(s.Points))
			for i, p := range s.Points {
				v[i] = f(p)
			}
			return v
		}
		cnt := func(f func(issuestats.Point) int) []int {
			v := make([]int, len(s.Points))
			for i, p := range s.Points {
				v[i] = f(p)
			}
			return v
		}
		for i, p := range s.Points {
			x[i] = periodLabel(p.Period)
		}
		// The period of as_of has not ended: drawn as "to date".
		partial := s.Points[len(s.Points)-1].Period.End().After(b.asOf)
		first := s.Points[0].Period.Start
		// A year earlier than the first period there is no data: a gap, not 0.
		yearAgo := col(func(p issuestats.Point) float64 {
			if p.Period.YearAgo().Start.Before(first) {
				return math.NaN()
			}
			return float64(p.BugsOpenedYearAgo)
		})
		kid := id + "-" + k.String()
		zoom := len(x) > 60
		// A long run of weeks or days opens on its last year or quarter
		// (the slider reaches the rest; months and quarters show it all).
		zoomLast, periods := 0, ""
		switch k {
		case period.Week:
			zoomLast, periods = 52, "week"
		case period.Day:
			zoomLast = 91
		}
		flowKind := chart.Bar
		if len(x) > 60 {
			flowKind = chart.Line // 150 weeks of three bars each is a blur
		}
		closeMed, closeP90 := col(func(p issuestats.Point) float64 { return ptr(p.CloseMedianDays) }), col(func(p issuestats.Point) float64 { return ptr(p.CloseP90Days) })
		respMed, respP90 := col(func(p issuestats.Point) float64 { return ptr(p.FirstResponseMedianHours) }), col(func(p issuestats.Point) float64 { return ptr(p.FirstResponseP90Hours) })
		closes, resps := cnt(func(p issuestats.Point) int { return p.Closes }), cnt(func(p issuestats.Point) int { return p.Responses })
		var ends []time.Time
		for _, p := range s.Points {
			if !p.Period.End().After(b.asOf) {
				ends = append(ends, p.Period.End())
			}
		}
		provisional, labelNote := labelLag(rs.LabelLag, ends, b.asOf, k.String())
		specs := []chart.Spec{{
			ID: kid + "-backlog", Title: "Backlog at the end of each " + k.String(), Kind: chart.Line, X: x, Zoom: zoom, ZoomLast: zoomLast, Periods: periods, Partial: partial, Integer: true,
			Series: []chart.Series{
				{Name: "open issues", Values: col(func(p issuestats.Point) float64 { return float64(p.OpenAtEnd) }), Area: true},
				{Name: "open bugs", Values: col(func(p issuestats.Point) float64 { return float64(p.BugsOpenAtEnd) }), Area: true},
			},
			Caption: "Issues open at the end of each " + k.String() + ", counting every close and reopen; bugs by their current labels.",
			How:     howLink(self, "issues-open-at-end-of-period"),
		}}
		if k != period.Day {
			specs = append(specs,
				chart.Spec{ID: kid + "-flow", Title: "Created vs resolved per " + k.String(), Kind: flowKind, X: x, Zoom: zoom, ZoomLast: zoomLast, Periods: periods, Partial: partial, Integer: true,
					Series: []chart.Series{
						{Name: "opened", Values: col(func(p issuestats.Point) float64 { return float64(p.Opened) }), Sum: true},
						{Name: "closed", Values: col(func(p issuestats.Point) float64 { return float64(p.Closed) }), Sum: true},
						{Name: "reopened", Values: col(func(p issuestats.Point) float64 { return float64(p.Reopened) }), Sum: true},
					}, Caption: "Issues opened, closed and reopened in each " + k.String() + "; pull requests are not counted.",
					How: howLink(self, "issues-opened-closed-reopened")},
				chart.Spec{ID: kid + "-bugs", Title: "Bugs opened per " + k.String() + ", against a year earlier", Kind: chart.Line, X: x, Zoom: zoom, ZoomLast: zoomLast, Periods: periods, Partial: partial, Integer: true,
					Provisional: provisional,
					Series: []chart.Series{
						{Name: "bugs opened", Values: col(func(p issuestats.Point) float64 { return float64(p.BugsOpened) }), Sum: true},
						{Name: "same " + k.String() + " a year earlier", Values: yearAgo, Dashed: true, Final: true, Sum: true},
					}, Caption: "Against the same " + k.String() + " a year earlier; no line where there is no data then. " + labelNote},
				chart.Spec{ID: kid + "-close", Title: "Time to close, issues closed per " + k.String(), Kind: chart.Line, X: x, Zoom: zoom, ZoomLast: zoomLast, Periods: periods, YName: "days", Decimals: 2,
					Partial: partial, Log: squashes(closeMed, closeP90), CountOf: "issues closed",
					Series: []chart.Series{
						{Name: "half closed within (median), days", Values: closeMed, Counts: closes},
						{Name: "9 in 10 closed within, days", Values: closeP90, Dashed: true, Counts: closes},
					}, Caption: "How long the issues closed in each " + k.String() + " took, from opening to their final close.",
					How: howLink(self, "issues-time-to-close")},
				chart.Spec{ID: kid + "-response", Title: "Time to first response, issues opened per " + k.String(), Kind: chart.Line, X: x, Zoom: zoom, ZoomLast: zoomLast, Periods: periods, YName: "hours", Decimals: 2,
					Partial: partial, Log: squashes(respMed, respP90), CountOf: "issues answered",
					Series: []chart.Series{
						{Name: "half answered within (median), hours", Values: respMed, Counts: resps},
						{Name: "9 in 10 answered within, hours", Values: respP90, Dashed: true, Counts: resps},
					}, Caption: "How long the issues opened in each " + k.String() + " waited for a first comment from someone other than their author (bots do not count); issues still waiting are left out." + leftOut(fr),
					How: howLink(self, "issues-time-to-first-response")},
				chart.Spec{ID: kid + "-ratio", Title: "Flow ratio (closed / opened) per " + k.String(), Kind: chart.Line, X: x, Zoom: zoom, ZoomLast: zoomLast, Periods: periods, Decimals: 2, Partial: partial,
					Series: []chart.Series{
						{Name: "flow ratio", Values: col(func(p issuestats.Point) float64 { return ptr(p.FlowRatio) })},
					}, Caption: "Above 1 the backlog shrinks; below 1 it grows. Empty where nothing was opened.",
					How: howLink(self, "issues-flow-ratio")},
			)
		}
		panel := Panel{Kind: k.String()}
		for _, sp := range specs {
			c, err := chart.Build(sp)
			if err != nil {
				return nil, nil, err
			}
			panel.Charts = append(panel.Charts, c)
			all = append(all, c)
		}
		d.Panels = append(d.Panels, panel)
		d.Kinds = append(d.Kinds, k.String())
	}
	ages := make([]string, len(issuestats.AgeBucketNames))
	copy(ages, issuestats.AgeBucketNames[:])
	agesChart, err := chart.Build(chart.Spec{ID: id + "-ages", Title: "Age of the open backlog", Kind: chart.Bar, X: ages, Integer: true,
		Series: []chart.Series{
			{Name: "open issues", Values: ints(rs.Ages[:])},
			{Name: "open bugs", Values: ints(rs.BugsAges[:])},
		}, Caption: "How old the open issues are now, in days since they were opened.", How: howLink(self, "issues-age")})
	if err != nil {
		return nil, nil, err
	}
	d.Ages = agesChart
	all = append(all, agesChart)
	recent := map[string]int{}
	for _, l := range rs.TopLabelsRecent {
		recent[l.Name] = l.Count
	}
	seen := map[string]bool{}
	for _, l := range rs.TopLabelsOpen {
		d.Labels = append(d.Labels, LabelRow{Name: l.Name, Open: l.Count, Recent: recent[l.Name]})
		seen[l.Name] = true
	}
	for _, l := range rs.TopLabelsRecent {
		if !seen[l.Name] {
			d.Labels = append(d.Labels, LabelRow{Name: l.Name, Open: -1, Recent: l.Count})
		}
	}
	for _, is := range rs.OldestOpenBugs {
		d.Oldest = append(d.Oldest, IssueRow{Repo: is.Repo, Number: is.Number, Title: is.Title, URL: webURL(is.URL),
			Created: is.CreatedAt.Format("2006-01-02"), AgeDays: strconv.Itoa(int(is.AgeDays)), Labels: strings.Join(is.Labels, ", ")})
	}
	d.Downloads = []Link{{"issues-monthly.csv", "data/issues-monthly.csv"}, {"summary.json", "data/summary.json"}}
	return d, all, nil
}

func ints(v []int) []float64 {
	out := make([]float64, len(v))
	for i, n := range v {
		out[i] = float64(n)
	}
	return out
}

func pctChange(v *float64) string {
	if v == nil {
		return "no earlier figure"
	}
	return fmt.Sprintf("%+.1f%%", *v)
}

// issueCards puts the issue headlines on the dashboard.
func (b *Builder) issueCards(all *issuestats.RepoStats) {
	g := CardGroup{Title: "Bugs and backlog", How: "how-we-count/index.html#issues",
		Note: "All repositories; bugs by their current labels. Each figure against the same window a year earlier, or the year before."}
	for _, h := range all.Headlines {
		c := Card{Title: h.Name, Link: "issues/index.html"}
		c.Value, c.Unit = headlineValue(h.Value, h.Unit)
		switch h.Key {
		case "open_bugs":
			c.Figure, c.Over = "open-bugs:"+all.Repo, "as of "+b.asOf.Format("2 January 2006")
		case "backlog_closure":
			c.Figure, c.Over = "backlog-closure:"+all.Repo, "within a year"
		}
		delta := NewDelta
		switch h.Unit {
		case "share":
			delta = NewPointsDelta
		case "issues":
			delta = NewCountDelta
		}
		if h.Value != nil {
			// One comparison per card: the year before where there is one.
			if h.YearAgo != nil && h.YearAgoLabel != "" {
				c.Deltas = append(c.Deltas, delta(*h.Value, *h.YearAgo, h.GoodWhenDown, "vs "+h.YearAgoLabel))
			} else if h.Prev != nil {
				c.Deltas = append(c.Deltas, delta(*h.Value, *h.Prev, h.GoodWhenDown, "vs "+h.PrevLabel))
			}
		}
		if h.Key == "first_response_median_hours" {
			c.Note = answeredNote(all.FirstResponse)
		}
		g.Cards = append(g.Cards, c)
	}
	b.groups = append(b.groups, g)
}

func headlineValue(v *float64, unit string) (string, string) {
	if v == nil {
		return "n/a", ""
	}
	switch unit {
	case "share":
		return theme.Pct(*v), ""
	case "days", "hours":
		return strconv.FormatFloat(*v, 'f', 1, 64), unit
	default:
		return theme.Num(int(math.Round(*v))), ""
	}
}

// answeredNote says what the median hides: the share of issues answered
// within 2 days, counting those with no response yet as not answered once
// their 2 days have passed (younger ones are left out: not late yet).
// Repositories whose comments the store lacks are left out, and named;
// with none left the figures are unknown, not 0% answered.
func answeredNote(fr issuestats.FirstResponse) string {
	if fr.Unknown {
		return noCommentsNote(fr.NoComments)
	}
	n := fr.Responded + fr.NoResponse - fr.Under2Days
	note := ""
	if n > 0 {
		// All issues, 2 calendar days, since the data begins: not an
		// issue-response SLO's figure (its labels, hours and window).
		note = fmt.Sprintf("%s of all issues since the data begins answered within 2 calendar days; no response yet: %s", theme.Pct(float64(fr.Within2Days)/float64(n)), theme.Num(fr.NoResponse))
	}
	if len(fr.NoComments) > 0 {
		if note != "" {
			note += "; "
		}
		note += "leaves out " + strings.Join(fr.NoComments, ", ") + " (" + noCommentsNote(nil) + ")"
	}
	return note
}

// leftOut says which repositories the first-response chart leaves out; "" when none.
func leftOut(fr issuestats.FirstResponse) string {
	if len(fr.NoComments) == 0 {
		return ""
	}
	return " Left out: " + noCommentsNote(fr.NoComments) + "."
}

// firstResponseNote is the issues page's note under the median first response.
func firstResponseNote(fr issuestats.FirstResponse) string {
	if fr.Unknown {
		return answeredNote(fr)
	}
	return fmt.Sprintf("of the issues that got one; %s; 9 in 10 within %s", answeredNote(fr), hours(fr.P90Hours))
}

// issueDashboardCharts puts the two headline trends on the dashboard: bugs
// opened per month against a year earlier, and the month-end backlog, over
// the last two complete years.
func (b *Builder) issueDashboardCharts(all *issuestats.RepoStats) error {
	// Complete months only: the month of as_of has barely begun.
	var pts []issuestats.Point
	for _, p := range all.SeriesOf(period.Month).Points {
		if !p.Period.End().After(b.asOf) {
			pts = append(pts, p)
		}
	}
	if len(pts) == 0 {
		return nil
	}
	pts = pts[max(0, len(pts)-24):]
	ends := make([]time.Time, len(pts))
	for i, p := range pts {
		ends[i] = p.Period.End()
	}
	provisional, labelNote := labelLag(all.LabelLag, ends, b.asOf, "month")
	x := make([]string, len(pts))
	bugs, ago, open, openBugs := make([]float64, len(pts)), make([]float64, len(pts)), make([]float64, len(pts)), make([]float64, len(pts))
	for i, p := range pts {
		x[i] = periodLabel(p.Period)
		bugs[i], ago[i] = float64(p.BugsOpened), float64(p.BugsOpenedYearAgo)
		if p.Period.YearAgo().Start.Before(all.SeriesOf(period.Month).Points[0].Period.Start) {
			ago[i] = math.NaN() // no data a year earlier: a gap, not 0
		}
		open[i], openBugs[i] = float64(p.OpenAtEnd), float64(p.BugsOpenAtEnd)
	}
	for _, s := range []chart.Spec{
		{ID: "dash-bugs", Title: "Bugs opened per month, against a year earlier", Kind: chart.Line, X: x, Integer: true, Provisional: provisional,
			Series:  []chart.Series{{Name: "bugs opened", Values: bugs}, {Name: "same month a year earlier", Values: ago, Dashed: true, Final: true}},
			Caption: "All repositories. " + labelNote},
		{ID: "dash-backlog", Title: "Backlog at the end of each month", Kind: chart.Line, X: x, Integer: true,
			Series:  []chart.Series{{Name: "open issues", Values: open, Area: true}, {Name: "open bugs", Values: openBugs, Area: true}},
			Caption: "All repositories, counting every close and reopen."},
	} {
		c, err := chart.Build(s)
		if err != nil {
			return err
		}
		b.dash = append(b.dash, c)
	}
	return nil
}
