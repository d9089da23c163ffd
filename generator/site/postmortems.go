package site

import (
	"fmt"
	"html/template"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/vitals-dev/vitals/generator/chart"
	"github.com/vitals-dev/vitals/generator/content"
	"github.com/vitals-dev/vitals/generator/incidents"
	"github.com/vitals-dev/vitals/generator/model"
)

// PostmortemsData is the postmortem index's data.
type PostmortemsData struct {
	Intro  template.HTML
	Rows   []PMRow
	Total  int
	Facets []FacetGroup
	Years  []content.Facet
	Charts []chart.Chart
}

// FacetGroup is one filter of the index.
type FacetGroup struct {
	Key, Title string
	Values     []FacetValue
}

// FacetValue is a filter value with its count.
type FacetValue struct {
	Value string
	Count int
}

// PMRow is one postmortem in the index.
type PMRow struct {
	Path, Title, Date, DateSort, Year string
	Severity, SeverityClass, Status   string
	Services, ServicesKey, TagsKey    string
	TTR, TTRSort                      string
	Actions                           string
	ActionsOpen                       int
}

// PostmortemData is one postmortem page's data.
type PostmortemData struct {
	Severity, Status, Repo, Release, Services, Tags string
	Times                                           []PMTime
	ActionItems                                     []PMAction
	Body                                            template.HTML
	// Inferred says which fields were read from the body, not front matter.
	Inferred string
}

// PMTime is one instant of an incident.
type PMTime struct{ Name, ISO, Human, Since string }

// PMAction is one action item with its state.
type PMAction struct {
	Title, Owner, Due, Issue, State, StateClass string
	IssueURL                                    string
}

func (b *pageBuilder) postmortems() error {
	if len(b.content.Postmortems) == 0 {
		return nil
	}
	pages := map[string]*content.Page{}
	inferred := map[string]map[string]string{}
	var pms []model.Postmortem
	for _, p := range b.content.Postmortems {
		pms = append(pms, p.Postmortem)
		pages[p.Path] = p.Page
		inferred[p.Path] = p.Inferred
	}
	ins := b.rep.Incidents
	if err := b.addFile("data/postmortems.csv", func(w io.Writer) error { return incidents.WriteCSV(w, ins) }); err != nil {
		return err
	}
	idx := content.PostmortemIndex(pms)
	d := &PostmortemsData{Total: len(ins), Years: idx.Years}
	for _, pg := range b.content.Pages {
		if pg.Section == "postmortems" && content.IsIndex(pg.Path) && d.Intro == "" {
			d.Intro = pg.Body
		}
	}
	d.Facets = []FacetGroup{
		{Key: "severity", Title: "Severity", Values: facetValues(idx.Severities)},
		{Key: "service", Title: "Service", Values: facetValues(idx.Services)},
		{Key: "tag", Title: "Tag", Values: facetValues(idx.Tags)},
		{Key: "year", Title: "Year", Values: facetValues(idx.Years)},
	}
	for _, in := range ins {
		pg := pages[in.Path]
		out := b.postmortemPaths[in.Path]
		row := PMRow{Path: out, Title: in.Title, Severity: in.Severity, SeverityClass: classOf(in.Severity), Status: in.Status,
			Services: strings.Join(in.Services, ", "), ServicesKey: strings.Join(in.Services, "|"), TagsKey: strings.Join(in.Tags, "|"),
			TTR: minutesText(in.TTR), TTRSort: sortNum(in.TTR), ActionsOpen: in.Actions - in.ActionsDone}
		if in.Date != nil {
			row.Date, row.DateSort, row.Year = in.Date.Format("2006-01-02"), in.Date.Format(time.RFC3339), in.Date.Format("2006")
		}
		if in.Actions > 0 {
			row.Actions = fmt.Sprintf("%d of %d done", in.ActionsDone, in.Actions)
		}
		d.Rows = append(d.Rows, row)
		pd := b.postmortemData(in, pg)
		pd.Inferred = inferredNote(inferred[in.Path])
		pd.Body = template.HTML(rebase(string(pd.Body), pg.Path, out))
		b.addPage(&pageOut{Path: out, Kind: "postmortem", Data: pd,
			Info: PageInfo{Title: in.Title, Section: "postmortems", Description: pg.Summary,
				HowCounted: "Times are minutes from the start of impact; an action item is done when marked done or its issue is closed."}})
	}
	charts, err := b.incidentCharts()
	if err != nil {
		return err
	}
	d.Charts = charts
	b.addPage(&pageOut{Path: "postmortems/index.html", Kind: "postmortems", Data: d, charts: charts,
		Info: PageInfo{Title: "Postmortems", Section: "postmortems",
			Description: fmt.Sprintf("%d incident reviews with their timelines and action items.", len(ins)),
			HowCounted:  "Time to resolve is from the start of impact to resolution; incidents by the quarter they started."}})
	b.nav1("Postmortems", "postmortems/index.html", "postmortems")
	b.incidentCards(len(ins))
	b.addDefs(DefSection{ID: "incidents", Title: "Incidents and releases", Items: []Def{
		{"incident-times", "Time to detect, mitigate and resolve", "From each postmortem: detected, mitigated and resolved minus started (when impact began), in minutes; median and 90th percentile per period of started."},
		{"action-items", "Action items", "An action item is done when its status is done or its linked issue is closed in the store; an open item past its due date is overdue."},
		{"failed-release", "Failed release", "A release that a postmortem names; a postmortem that names none is pinned to the last release of its repository published before it started."},
		{"change-failure-rate", "Change failure rate", "Failed releases divided by releases published in the period. Shown as n/a, not 0%, where no postmortems exist. Prereleases and drafts are left out."},
	}})
	return nil
}

func facetValues(fs []content.Facet) []FacetValue {
	out := make([]FacetValue, len(fs))
	for i, f := range fs {
		out[i] = FacetValue{Value: f.Value, Count: f.Count}
	}
	return out
}

// classOf makes a CSS class fragment from a value (letters and digits only).
func classOf(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func minutesText(m float64) string {
	switch {
	case math.IsNaN(m):
		return ""
	case m < 120:
		return strconv.FormatFloat(m, 'f', 0, 64) + " min"
	case m < 48*60:
		return strconv.FormatFloat(m/60, 'f', 1, 64) + " h"
	default:
		return strconv.FormatFloat(m/1440, 'f', 1, 64) + " days"
	}
}

func sortNum(v float64) string {
	if math.IsNaN(v) {
		return ""
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

func (b *pageBuilder) postmortemData(in incidents.Incident, pg *content.Page) *PostmortemData {
	d := &PostmortemData{Severity: in.Severity, Status: in.Status, Repo: in.Repo, Release: in.Release,
		Services: strings.Join(in.Services, ", "), Tags: strings.Join(in.Tags, ", "), Body: bodyWithoutTitle(pg)}
	if d.Release == "" && in.FailedRelease != nil {
		d.Release = in.FailedRelease.Tag + " (the last release before it started)"
	}
	for _, t := range []struct {
		name string
		at   *time.Time
	}{{"Started", in.Started}, {"Detected", in.Detected}, {"Mitigated", in.Mitigated}, {"Resolved", in.Resolved}} {
		if t.at == nil {
			continue
		}
		pt := PMTime{Name: t.name, ISO: t.at.Format(time.RFC3339), Human: t.at.Format("2006-01-02 15:04 UTC")}
		if t.name != "Started" && in.Started != nil {
			pt.Since = minutesText(t.at.Sub(*in.Started).Minutes()) + " after start"
		}
		d.Times = append(d.Times, pt)
	}
	for i, it := range in.ActionItems {
		st := in.ItemStates[i]
		d.ActionItems = append(d.ActionItems, PMAction{Title: it.Title, Owner: it.Owner, Due: it.Due, Issue: it.Issue,
			IssueURL: webURL(b.rep.IssueURLs[strings.ToLower(strings.TrimSpace(it.Issue))]), State: st, StateClass: st})
	}
	return d
}

// postmortemPaths gives each postmortem its page: the id names the page
// (stable links); the path's slug when the id does not make a usable,
// unique one.
func postmortemPaths(ins []incidents.Incident, c *content.Content) map[string]string {
	slugs := map[string]string{}
	for _, p := range c.Postmortems {
		slugs[p.Path] = p.Page.Slug
	}
	out := map[string]string{}
	used := map[string]bool{}
	for _, in := range ins {
		slug := content.Slugify(in.ID)
		if slug == "" || used[slug] {
			slug = slugs[in.Path]
		}
		used[slug] = true
		out[in.Path] = "postmortems/" + slug + "/index.html"
	}
	return out
}

func (b *pageBuilder) incidentCharts() ([]chart.Chart, error) {
	rows := b.rep.IncidentQuarters
	if len(rows) == 0 {
		return nil, nil
	}
	x := make([]string, len(rows))
	n, med, p90, cfr := make([]float64, len(rows)), make([]float64, len(rows)), make([]float64, len(rows)), make([]float64, len(rows))
	for i, r := range rows {
		x[i] = r.Period.String()
		n[i] = float64(r.Incidents)
		med[i], p90[i] = r.TTR.Median/60, r.TTR.P90/60
		cfr[i] = 100 * r.ChangeFailure
	}
	var out []chart.Chart
	for _, s := range []chart.Spec{
		{ID: "pm-count", Title: "Incidents per quarter", Kind: chart.Bar, X: x, Series: []chart.Series{{Name: "incidents", Values: n}},
			Caption: "Postmortems by the quarter in which impact started."},
		{ID: "pm-ttr", Title: "Time to resolve per quarter", Kind: chart.Line, X: x, YName: "hours", Decimals: 1,
			Series:  []chart.Series{{Name: "median hours", Values: med}, {Name: "p90 hours", Values: p90, Dashed: true}},
			Caption: "Resolved minus started; median and 90th percentile (nearest rank)."},
		{ID: "pm-cfr", Title: "Change failure rate per quarter", Kind: chart.Line, X: x, YName: "%", Decimals: 1,
			Series:  []chart.Series{{Name: "failed releases %", Values: cfr}},
			Caption: "Releases that a postmortem names (or is pinned to) over releases published in the quarter; prereleases left out."},
	} {
		c, err := chart.Build(s)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

func (b *pageBuilder) incidentCards(n int) {
	sum := b.rep.IncidentSummary
	nLast, nPrev, total, done, overdue := sum.Last12Months, sum.Prev12Months, sum.Actions, sum.Done, sum.Overdue
	g := CardGroup{Title: "Incidents", Note: "From the postmortems, by when impact started."}
	if b.asOf.IsZero() {
		g.Cards = append(g.Cards, Card{Title: "Postmortems", Value: fmtInt(n), Link: "postmortems/index.html"})
	} else {
		g.Cards = append(g.Cards, Card{Title: "Incidents, last 12 months", Value: fmtInt(nLast), Link: "postmortems/index.html",
			Deltas: []Delta{NewDelta(float64(nLast), float64(nPrev), true, "vs the 12 months before")}})
		st, pst := sum.TTRLast, sum.TTRPrev
		c := Card{Title: "Median time to resolve, last 12 months", Link: "postmortems/index.html", Value: "n/a"}
		if st.N > 0 {
			c.Value = minutesText(st.Median)
			if pst.N > 0 {
				c.Deltas = []Delta{NewDelta(st.Median, pst.Median, true, "vs the 12 months before")}
			}
		}
		g.Cards = append(g.Cards, c)
	}
	state := "ok"
	if overdue > 0 {
		state = "warning"
	}
	g.Cards = append(g.Cards, Card{Title: "Open action items", Value: fmtInt(total - done), Link: "postmortems/index.html", State: state,
		Note: fmt.Sprintf("%d of %d done; %d overdue", done, total, overdue)})
	b.groups = append(b.groups, g)
}

// inferredNote lists the fields read from a postmortem's body, sorted.
func inferredNote(m map[string]string) string {
	if len(m) == 0 {
		return ""
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + " (" + m[k] + ")"
	}
	return "Read from the text, as the file has no front matter for them: " + strings.Join(parts, "; ") + "."
}
