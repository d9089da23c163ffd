package pages

import (
	"fmt"
	"io"
	"math"
	"time"

	"github.com/vitals-dev/vitals/generator/base/period"
	"github.com/vitals-dev/vitals/generator/compute/areas"
	"github.com/vitals-dev/vitals/generator/compute/reports"
	"github.com/vitals-dev/vitals/generator/render/chart"
	"github.com/vitals-dev/vitals/generator/render/theme"
)

// areasSection: the areas and teams side by side, a page per area and
// team, areas.csv.
var areasSection = Section{
	Name:    "areas",
	Reports: []reports.Report{reports.Areas},
	Pages:   (*Builder).areas,
}

// AreasData is the areas comparison page's data.
type AreasData struct {
	AreaTable, TeamTable AreaTable
	InSeveral            int
	ResponseSLO          string
}

// AreaTable is the comparison of areas or of teams.
type AreaTable struct {
	Kind     string // column heading: "Area" or "Team"
	ShowTeam bool
	Rows     []AreaRow
	Root     string // from the areas page back to the site root
}

// AreaRow is one area or team in the comparison.
type AreaRow struct {
	Name, Team, Link                                 string
	Issues, Open, OpenBugs, Opened, Closed           string
	OpenedPer100, ClosedPer100, BugsPer100           string
	CloseMedian, FirstResponse, ResponseMet, Closure string
	Forecast                                         string
	NotShrinking                                     bool
}

// AreaDetailData is one area's or team's page.
type AreaDetailData struct {
	Row          AreaRow
	Kind         string // "area" or "team"
	ForecastText string
	Charts       []chart.Chart
	Months       []AreaMonthRow
	ResponseSLO  string
	InSeveral    int
}

// AreaMonthRow is one month of an area (the areas.csv row).
type AreaMonthRow struct {
	Month, Opened, Closed, BugsOpened, OpenAtEnd, BugsOpenAtEnd, CloseMedian, WithinTarget string
}

var areaDefs = DefSection{ID: "areas", Title: "Areas and teams", Items: []Def{
	{"area", "Area", "An issue is in the areas its current labels name: a label listed under [areas.labels], or one that starts with an [areas] prefix such as \"area/\". An issue with labels of two areas counts in both; an issue in no area is \"unassigned\", never dropped."},
	{"team", "Team", "A team's issues are those of the areas and repositories [teams] gives it, each issue once."},
	{"per-100", "Per 100 open issues", "Flows over the last 90 days (opened, closed, bugs opened) divided by the issues open at the as-of time, times 100, so that areas of different sizes compare."},
	{"forecast", "Backlog forecast", "The net closing rate of a week is the bugs open at its start less those open at its end. Over the last 12 complete weeks, the mean rate gives the date the open bugs would reach zero; the range uses the mean plus and minus its standard error. When the mean is not above zero the backlog is \"not shrinking\". Drawn only for 10 open bugs or more."},
}}

// areas adds the areas comparison, one page per area and team, and areas.csv.
func (b *Builder) areas() error {
	rep := b.rep.Areas
	if rep == nil {
		return nil
	}
	if err := b.addFile("data/areas.csv", func(w io.Writer) error { return areas.WriteCSV(w, rep) }); err != nil {
		return err
	}
	d := &AreasData{InSeveral: rep.InSeveral, ResponseSLO: rep.ResponseSLO,
		AreaTable: AreaTable{Kind: "Area", ShowTeam: len(rep.Teams) > 0, Root: "../"}, TeamTable: AreaTable{Kind: "Team", Root: "../"}}
	for _, gs := range []struct {
		list []*areas.Group
		dir  string
		dst  *[]AreaRow
	}{{rep.Areas, "areas", &d.AreaTable.Rows}, {rep.Teams, "teams", &d.TeamTable.Rows}} {
		for _, g := range gs.list {
			row := areaRow(g, gs.dir+"/"+g.Slug+"/index.html")
			*gs.dst = append(*gs.dst, row)
			if err := b.areaPage(g, row, rep, gs.dir); err != nil {
				return err
			}
		}
	}
	b.addPage(&Page{Path: "areas/index.html", Kind: "areas", Data: d,
		Info: PageInfo{Title: "Areas and teams", Section: "areas",
			Description: "Issue figures per area and team, side by side, per 100 open issues.",
			HowCounted:  "Areas by current labels (an issue in two areas counts in both; none: unassigned); flows over the last 90 days, per 100 issues open now."}})
	b.nav1("Areas", "areas/index.html", "areas")
	b.addDefs(areaDefs)
	return nil
}

func optF(v *float64, f string) string {
	if v == nil || math.IsNaN(*v) {
		return ""
	}
	return fmt.Sprintf(f, *v)
}

// fewOpen is the fewest open issues for a rate "per 100 open": over 2 open
// issues, 13 closed reads "650 per 100", which says nothing.
const fewOpen = 10

// fewBugs is the fewest open bugs for a forecast of when they reach zero.
const fewBugs = 10

func areaRow(g *areas.Group, link string) AreaRow {
	st := g.Stats
	per100 := func(n int) string {
		if st.Open < fewOpen {
			return ""
		}
		return optF(g.Per100Open(n), "%.0f")
	}
	r := AreaRow{Name: g.Name, Team: g.Team, Link: link, Issues: theme.Num(g.Issues),
		Open: theme.Num(st.Open), OpenBugs: theme.Num(st.BugsOpen), Opened: theme.Num(g.Opened), Closed: theme.Num(g.Closed),
		OpenedPer100: per100(g.Opened), ClosedPer100: per100(g.Closed),
		BugsPer100: per100(st.BugsOpen), CloseMedian: optF(g.CloseMedianDays, "%.1f"),
		FirstResponse: optF(g.FirstResponseMedianHours, "%.1f"), Closure: "", ResponseMet: ""}
	if g.Kind == "team" {
		r.Team = ""
	}
	if st.BacklogClosure != nil {
		r.Closure = theme.Pct(*st.BacklogClosure)
	}
	if s := g.ResponseShare(); s != nil {
		r.ResponseMet = theme.Pct(*s)
	}
	f := g.Forecast
	switch {
	case forecastable(f) && f.Backlog < fewBugs:
		r.Forecast = "too few to forecast"
		return r
	}
	switch f.Status {
	case "shrinking":
		r.Forecast = "~" + f.At.Format("2006-01-02")
		if f.At.IsZero() {
			r.Forecast = "over 10 years"
		}
	case "not-shrinking":
		r.Forecast, r.NotShrinking = "not shrinking", true
	case "slow":
		r.Forecast = "over 10 years"
	case "no-bugs":
		r.Forecast = "no open bugs"
	default:
		r.Forecast = "too little history"
	}
	return r
}

func longDate(t time.Time) string { return t.Format("2 January 2006") }

// forecastable says whether a forecast has a rate to project.
func forecastable(f areas.Forecast) bool {
	return f.Status == "shrinking" || f.Status == "not-shrinking" || f.Status == "slow"
}

func forecastText(f areas.Forecast) string {
	if forecastable(f) && f.Backlog < fewBugs {
		return fmt.Sprintf("%s open: too few for a forecast of when the bug backlog reaches zero (it takes %d).", plural(f.Backlog, "bug"), fewBugs)
	}
	rate := fmt.Sprintf("%.1f bugs a week (± %.1f)", math.Abs(f.Rate), f.StdErr)
	switch f.Status {
	case "shrinking":
		s := fmt.Sprintf("At the last %d weeks' net closing rate of %s, the %s open bugs would be closed around %s", len(f.Weeks), rate, theme.Num(f.Backlog), longDate(f.At))
		if f.At.IsZero() {
			s = fmt.Sprintf("At the last %d weeks' net closing rate of %s, the %s open bugs would take more than ten years to close", len(f.Weeks), rate, theme.Num(f.Backlog))
		}
		if f.Late.IsZero() {
			return s + fmt.Sprintf("; not before %s, and at the slow end of the range the backlog would not shrink at all.", longDate(f.Early))
		}
		return s + fmt.Sprintf(", between %s and %s.", longDate(f.Early), longDate(f.Late))
	case "not-shrinking":
		if f.Rate == 0 {
			return fmt.Sprintf("Not shrinking: over the last %d weeks as many bugs were opened or reopened as were closed; the %s open bugs stay.", len(f.Weeks), theme.Num(f.Backlog))
		}
		return fmt.Sprintf("Not shrinking: over the last %d weeks the bug backlog grew by %s; %s bugs are open.", len(f.Weeks), rate, theme.Num(f.Backlog))
	case "slow":
		return fmt.Sprintf("At the last %d weeks' net closing rate of %s, the %s open bugs would take more than ten years to close.", len(f.Weeks), rate, theme.Num(f.Backlog))
	case "no-bugs":
		return "No open bugs."
	}
	return "Too little history for a forecast: it needs at least 4 complete weeks."
}

// forecastChart: the bug backlog at the end of the last complete weeks, then
// the projection at the mean rate and the range as a band, up to a year ahead.
func forecastChart(id string, f areas.Forecast, asOf time.Time) (*chart.Chart, error) {
	if len(f.Weeks) == 0 {
		return nil, nil
	}
	var x []string
	var actual, mid, fast, width []float64
	nan := math.NaN()
	for i, w := range f.Weeks {
		x = append(x, periodLabel(w))
		actual = append(actual, float64(f.Open[i]))
		mid, fast, width = append(mid, nan), append(fast, nan), append(width, nan)
	}
	// A forecast only where it says something: a rate to project, and
	// enough open bugs that a week's noise is not the whole story.
	project := forecastable(f) && f.Backlog >= fewBugs
	forecast := 0
	if project {
		forecast = len(x)
		end := asOf.AddDate(1, 0, 0)
		switch {
		case f.Status == "not-shrinking":
			end = asOf.AddDate(0, 0, 12*7)
		case !f.Late.IsZero() && f.Late.Before(end):
			end = f.Late.AddDate(0, 0, 7)
		}
		b := float64(f.Backlog)
		k := 0
		for p := period.Of(period.Week, asOf); p.Start.Before(end); p = p.Next() {
			x = append(x, periodLabel(p))
			actual = append(actual, nan)
			wk := float64(k)
			hi := math.Max(0, b-(f.Rate-f.StdErr)*wk)
			lo := math.Max(0, b-(f.Rate+f.StdErr)*wk)
			mid = append(mid, math.Max(0, b-f.Rate*wk))
			fast, width = append(fast, lo), append(width, hi-lo)
			k++
		}
	}
	series := []chart.Series{{Name: "open bugs at week end", Values: actual}}
	caption := "Open bugs at the end of each of the last complete weeks (weeks start on Monday)."
	title := "Bug backlog"
	if project {
		// The range is shaded in the projection's colour, not a colour of
		// its own: it is the projection's uncertainty, not another series.
		series = append(series, chart.Series{Name: "at the mean rate", Values: mid, Dashed: true, Projection: true},
			chart.Series{Name: "fast end", Values: fast, Stack: "range", Band: chart.BandEdge, Projection: true},
			chart.Series{Name: "likely range", Values: width, Stack: "range", Band: chart.BandFill, Projection: true})
		caption = "Open bugs at the end of each of the last complete weeks (weeks start on Monday), then the projection at the mean weekly net closing rate; the shaded range spans the rate plus and minus its standard error (the table gives its lower edge, the fast end, and its width)."
		title = "Bug backlog and forecast"
	}
	c, err := chart.Build(chart.Spec{ID: id, Title: title, Kind: chart.Line, X: x, YName: "bugs", Decimals: 1, Periods: "week", Forecast: forecast,
		Series: series, Caption: caption})
	if err != nil {
		return nil, err
	}
	return &c, nil
}

func (b *Builder) areaPage(g *areas.Group, row AreaRow, rep *areas.Report, dir string) error {
	d := &AreaDetailData{Row: row, Kind: g.Kind, ForecastText: forecastText(g.Forecast), ResponseSLO: rep.ResponseSLO, InSeveral: rep.InSeveral}
	id := dir + "-" + g.Slug
	var all []chart.Chart
	fc, err := forecastChart(id+"-forecast", g.Forecast, b.asOf)
	if err != nil {
		return err
	}
	if fc != nil {
		all = append(all, *fc)
	}
	// A month that begins at or after as_of holds nothing yet: no row, no
	// zero on the chart (areas.csv keeps it, as the contract says). The
	// month of as_of, when it has begun, is drawn apart as "to date".
	upTo := g.Months
	for len(upTo) > 0 && !upTo[len(upTo)-1].Point.Period.Start.Before(b.asOf) {
		upTo = upTo[:len(upTo)-1]
	}
	partial := len(upTo) > 0 && upTo[len(upTo)-1].Point.Period.End().After(b.asOf)
	months := upTo
	if len(months) > 24 {
		months = months[len(months)-24:]
	}
	if len(months) > 0 {
		x := make([]string, len(months))
		opened, closed, open := make([]float64, len(x)), make([]float64, len(x)), make([]float64, len(x))
		for i, m := range months {
			x[i] = m.Point.Period.String()
			opened[i], closed[i], open[i] = float64(m.Point.Opened), float64(m.Point.Closed), float64(m.Point.OpenAtEnd)
		}
		c, err := chart.Build(chart.Spec{ID: id + "-flow", Title: "Opened, closed and open per month", Kind: chart.Bar, X: x, Partial: partial, Integer: true,
			Series:  []chart.Series{{Name: "opened", Values: opened}, {Name: "closed", Values: closed}, {Name: "open at month end", Values: open}},
			Caption: "Issues of this " + g.Kind + " opened and closed per month, and open at each month's end."})
		if err != nil {
			return err
		}
		all = append(all, c)
	}
	for i := len(upTo) - 1; i >= 0; i-- {
		m := upTo[i]
		p := m.Point
		r := AreaMonthRow{Month: p.Period.String(), Opened: theme.Num(p.Opened), Closed: theme.Num(p.Closed), BugsOpened: theme.Num(p.BugsOpened),
			OpenAtEnd: theme.Num(p.OpenAtEnd), BugsOpenAtEnd: theme.Num(p.BugsOpenAtEnd), CloseMedian: optF(p.CloseMedianDays, "%.2f")}
		if m.WithinTarget != nil {
			r.WithinTarget = theme.Pct(*m.WithinTarget)
		}
		if i == len(upTo)-1 && partial {
			r.Month += chart.ToDate
		}
		d.Months = append(d.Months, r)
	}
	d.Charts = all
	title := "Area: " + g.Name
	if g.Kind == "team" {
		title = "Team: " + g.Name
	}
	b.addPage(&Page{Path: row.Link, Kind: "area", Data: d, charts: all,
		Info: PageInfo{Title: title, Section: "areas",
			Description: fmt.Sprintf("Issue figures of the %s %s.", g.Kind, g.Name),
			HowCounted:  "Issues by current labels; an issue in two areas counts in both. The forecast reads the last 12 complete weeks."}})
	return nil
}
