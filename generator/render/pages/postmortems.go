package pages

import (
	"fmt"
	"html/template"
	"io"
	"math"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/vitals-dev/vitals/generator/base/diag"
	"github.com/vitals-dev/vitals/generator/base/period"
	"github.com/vitals-dev/vitals/generator/compute/incidents"
	"github.com/vitals-dev/vitals/generator/compute/reports"
	"github.com/vitals-dev/vitals/generator/render/chart"
	"github.com/vitals-dev/vitals/generator/render/theme"
	"github.com/vitals-dev/vitals/generator/sources/content"
	"github.com/vitals-dev/vitals/generator/sources/postmortem"
)

// postmortemsSection: the postmortem index, a page per postmortem, the
// open action items, the incident cards, postmortems.csv.
var postmortemsSection = Section{
	Name:    "postmortems",
	Reports: []reports.Report{reports.Incidents, reports.Releases},
	Pages:   (*Builder).postmortems,
}

// PostmortemsData is the postmortem index's data.
type PostmortemsData struct {
	Intro  template.HTML
	Rows   []PMRow
	Total  int
	Facets []FacetGroup
	Years  []postmortem.Facet
	Charts []chart.Chart
	// Dated counts the postmortems with a start of impact, which the rates
	// and charts count; LeftOut lists the others and why.
	Dated   int
	LeftOut []PMLeftOut
	// NearMisses are the postmortems that say there was no impact:
	// listed, counted apart from incidents.
	NearMisses []PMLeftOut
	// OpenItems and Overdue count action items not done, for the link to
	// the action-items page.
	OpenItems, Overdue int
	// Pager links the pages of the index when it lists more than
	// PageSize postmortems; the pages after the first show the list alone.
	Pager *Pager
}

// PMLeftOut is a postmortem left out of rates and charts, and why.
type PMLeftOut struct{ Title, Path, Why string }

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
	ID, Severity, Status, Repo, Release, Services, Tags, Company string
	Published                                                    string
	Times                                                        []PMTime
	ActionItems                                                  []PMAction
	Body                                                         template.HTML
	// Read lists the values read from the text, not front matter, each
	// with the line it came from, so a reader can check it.
	Read []PMRead
	// ZoneNote says in which zone the text's times were read; ZoneCaption
	// says it as a sentence of its own, where nothing else was read.
	ZoneNote, ZoneCaption string
	// Missing names the incident times neither front matter nor the text
	// gives; LeftOut says why a postmortem without a start is left out of
	// every rate ("" when it has one).
	Missing, LeftOut string
	// ReadLine is the line each value read from the text came from, by key.
	ReadLine map[string]int
	// Hints name the lines that state a time vitals could not place.
	Hints []string
	// ItemsRead is true when the action items were read from the text.
	ItemsRead bool
	// Repeats are other postmortems sharing a service or tag within 90 days:
	// all of them, or the incidents.RepeatCap nearest in time when
	// RepeatsMore is set.
	Repeats []PMRepeat
	// RepeatsMore, when Repeats leaves some out, is each of this
	// postmortem's services and tags with how many postmortems within 90
	// days share it, linking to the postmortems index filtered by it.
	RepeatsMore []PMRepeatKey
	// ReleaseLink is the release's row on the releases page.
	ReleaseLink string
}

// PMTime is one instant of an incident.
type PMTime struct {
	Name, ISO, Human, Since string
	// Line is the file line it was read from; 0 when front matter gives it.
	Line int
}

// PMRead is one value read from the text: its name and value, the file
// line and that line as written.
type PMRead struct {
	Name, Value, Source string
	Line                int
	// Where is the line, or the title or file name when the value comes
	// from one of them (Line is then 0).
	Where string
	// Why are the words that decided it (`says "alert"`, "earliest
	// entry"), and its precision when it is a date only.
	Why string
}

// PMRepeat links a related postmortem.
type PMRepeat struct{ Path, Title, Date, Shared string }

// PMRepeatKey is a service or tag, how many related postmortems share it,
// and the postmortems index filtered by it.
type PMRepeatKey struct {
	Label, Path string
	N           int
}

// PMAction is one action item with its state.
type PMAction struct {
	Title, Owner, Due, Issue, State, StateClass string
	IssueURL                                    string
	// IssueState is the linked issue's state in the store ("closed",
	// "merged", "open", "not in the store"); Link is a link to another
	// tracker, whose state vitals cannot know.
	IssueState, Link, LinkLabel string
	Line                        int
	// DaysLate, for an overdue item, is how many days past its due date it
	// is; Late says so ("overdue by 12 days").
	DaysLate int
	Late     string
}

func (b *Builder) postmortems() error {
	if len(b.content.Postmortems) == 0 {
		return nil
	}
	byPath := map[string]content.Postmortem{}
	pms := content.Models(b.content.Postmortems)
	for _, p := range b.content.Postmortems {
		byPath[p.Path] = p
	}
	ins := b.rep.Incidents
	if err := b.addFile("data/postmortems.csv", func(w io.Writer) error { return incidents.WriteCSV(w, ins) }); err != nil {
		return err
	}
	idx := postmortem.NewIndex(pms)
	d := &PostmortemsData{Total: len(ins), Years: idx.Years}
	for _, pg := range b.content.Pages {
		// Only the top folder's README introduces the index; a subfolder's
		// describes that folder (a team's, an imported set's).
		if pg.Section == "postmortems" && content.IsIndex(pg.Path) && path.Dir(pg.Path) == content.PostmortemsDir && d.Intro == "" {
			d.Intro = pg.Body
		}
	}
	d.Facets = []FacetGroup{
		{Key: "severity", Title: "Severity", Values: facetValues(idx.Severities)},
		{Key: "service", Title: "Service", Values: facetValues(idx.Services)},
		{Key: "tag", Title: "Tag", Values: facetValues(idx.Tags)},
		{Key: "year", Title: "Year", Values: facetValues(idx.Years)},
	}
	repeats := b.rep.Repeats
	var late []string // postmortems that start after as_of
	for _, in := range ins {
		cp := byPath[in.Path]
		pg := cp.Page
		out := b.postmortemPaths[in.Path]
		row := PMRow{Path: out, Title: in.Title, Severity: in.Severity, SeverityClass: classOf(in.Severity), Status: in.Status,
			Services: strings.Join(in.Services, ", "), ServicesKey: strings.Join(in.Services, "|"), TagsKey: strings.Join(in.Tags, "|"),
			TTR: minutesText(in.TTR), TTRSort: sortNum(in.TTR), ActionsOpen: in.Actions - in.ActionsDone}
		if in.Day("resolved") && !math.IsNaN(in.TTR) {
			row.TTR = daysText(time.Duration(in.TTR) * time.Minute) // between two dates: whole days
		}
		if in.Date != nil {
			row.Date, row.DateSort, row.Year = in.Date.Format("2006-01-02"), in.Date.Format(time.RFC3339), in.Date.Format("2006")
		}
		if in.Actions > 0 {
			row.Actions = fmt.Sprintf("%d of %d done", in.ActionsDone, in.Actions)
		}
		switch {
		case in.Late(b.asOf):
			d.LeftOut = append(d.LeftOut, PMLeftOut{Title: in.Title, Path: out, Why: fmt.Sprintf(
				"starts %s, after the data (as of %s); a build with a later --as-of counts it", in.Started.Format("2006-01-02"), b.asOf.Format("2006-01-02"))})
			late = append(late, in.Path)
		case in.Started != nil:
			d.Dated++
		case in.NearMiss:
			d.NearMisses = append(d.NearMisses, PMLeftOut{Title: in.Title, Path: out, Why: cp.MissingStartReason()})
		default:
			d.LeftOut = append(d.LeftOut, PMLeftOut{Title: in.Title, Path: out, Why: cp.MissingStartReason()})
		}
		for _, st := range in.ItemStates {
			if st != "done" {
				d.OpenItems++
			}
			if st == "overdue" {
				d.Overdue++
			}
		}
		d.Rows = append(d.Rows, row)
		pd := b.postmortemData(in, cp)
		rel := repeats[in.Path]
		for _, r := range rel.List {
			pd.Repeats = append(pd.Repeats, PMRepeat{Path: linkFrom(out, b.postmortemPaths[r.Path]), Title: r.Title,
				Date: r.When.Format("2006-01-02"), Shared: strings.Join(r.Shared, ", ")})
		}
		for _, k := range rel.ByKey {
			pd.RepeatsMore = append(pd.RepeatsMore, PMRepeatKey{Label: k.Kind + " " + k.Value, N: k.N,
				Path: linkFrom(out, "postmortems/index.html") + "?" + url.Values{k.Kind: {k.Value}}.Encode()})
		}
		pd.Body = template.HTML(rebase(string(pd.Body), pg.Path, out))
		b.addPage(&Page{Path: out, Kind: "postmortem", Data: pd,
			Info: PageInfo{Title: in.Title, Section: "postmortems", Description: pg.Summary,
				HowCounted: "Times are minutes from the start of impact; values marked \"read from the text\" come from the line shown; an action item is done when marked done or its issue is closed (its pull request merged)."}})
	}
	if len(late) > 0 {
		b.out.Warnings = append(b.out.Warnings, diag.Diag{Path: content.PostmortemsDir, Severity: diag.Warning, Msg: fmt.Sprintf(
			"%s after the data (as of %s), listed but left out of every rate and chart: %s; build with a later --as-of to count them",
			startsAfter(len(late)), b.asOf.Format(time.RFC3339), strings.Join(late, ", "))})
	}
	charts, err := b.incidentCharts()
	if err != nil {
		return err
	}
	d.Charts = charts
	if !b.source.Has() {
		// A site of postmortems alone: its dashboard shows their trends
		// (their links to "How we count" from the site's root).
		for _, c := range charts {
			c.How = strings.TrimPrefix(c.How, "../")
			b.dash = append(b.dash, c)
		}
	}
	how := "Time to resolve is from the start of impact to resolution; incidents by the quarter they started; postmortems without a start are listed but not counted."
	rows := d.Rows
	lists := listPages("postmortems/index.html", len(rows))
	rest := *d // the pages after the first: the list alone
	rest.Charts, rest.Intro, rest.LeftOut = nil, "", nil
	d.Rows, d.Pager = rows[lists[0].From:lists[0].To], lists[0].Pager
	if d.Pager != nil {
		d.Facets = pageFacets(rest.Facets, d.Rows)
	}
	b.addPage(&Page{Path: "postmortems/index.html", Kind: "postmortems", Data: d, charts: charts,
		Info: PageInfo{Title: "Postmortems", Section: "postmortems",
			Description: fmt.Sprintf("%d incident reviews with their timelines and action items.", len(ins)),
			HowCounted:  how}})
	for k, lp := range lists[1:] {
		pd := rest
		pd.Rows, pd.Pager = rows[lp.From:lp.To], lp.Pager
		pd.Facets = pageFacets(rest.Facets, pd.Rows)
		b.addPage(&Page{Path: lp.Path, Kind: "postmortems", Data: &pd,
			Info: PageInfo{Title: fmt.Sprintf("Postmortems, page %d of %d", k+2, len(lists)), Section: "postmortems",
				Description: "Every postmortem, newest first.", HowCounted: how}})
	}
	b.actionItemsPage()
	b.nav1("Postmortems", "postmortems/index.html", "postmortems")
	b.incidentCards(len(ins))
	b.addDefs(DefSection{ID: "incidents", Title: "Incidents and releases", Items: []Def{
		{"incident-times", "Time to detect, mitigate and resolve", "From each postmortem: detected, mitigated and resolved minus started (when impact began), in minutes; median and 90th percentile per period of started. Front matter first, then a labelled line of the body, then the timeline: started is its earliest entry, the others the first entries that say so. A postmortem without a start is listed but left out of every rate."},
		{"action-items", "Action items", "Front matter action_items, else the list items or table rows under an \"Action items\", \"Follow-up\", \"Remediation\" or similar heading. An item is done when its status is done, its checkbox is ticked, or its linked issue is closed (pull request merged) in the store; an open item past its due date is overdue."},
		{"failed-release", "Failed release", "A release that a postmortem names; a postmortem that names none is pinned to the last release of its repository published before it started."},
		{"change-failure-rate", "Change failure rate", "Failed releases divided by releases published in the period. Shown as n/a, not 0%, where no postmortems exist. Prereleases and drafts are left out."},
	}})
	return nil
}

func facetValues(fs []postmortem.Facet) []FacetValue {
	out := make([]FacetValue, len(fs))
	for i, f := range fs {
		out[i] = FacetValue{Value: f.Value, Count: f.Count}
	}
	return out
}

// pageFacets counts each filter value over one page's rows, which is what
// the filters see there; a value none of them has stays, counted 0, so a
// link filtering by it shows an empty list rather than every row.
func pageFacets(all []FacetGroup, rows []PMRow) []FacetGroup {
	out := make([]FacetGroup, len(all))
	for i, g := range all {
		out[i] = FacetGroup{Key: g.Key, Title: g.Title}
		count := map[string]int{}
		for _, r := range rows {
			keys := map[string]string{"severity": r.Severity, "service": r.ServicesKey, "tag": r.TagsKey, "year": r.Year}[g.Key]
			seen := map[string]bool{}
			for _, k := range strings.Split(keys, "|") {
				if !seen[k] {
					seen[k] = true
					count[k]++
				}
			}
		}
		for _, v := range g.Values {
			out[i].Values = append(out[i].Values, FacetValue{Value: v.Value, Count: count[v.Value]})
		}
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

func sortNum(v float64) string {
	if math.IsNaN(v) {
		return ""
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

func (b *Builder) postmortemData(in incidents.Incident, cp content.Postmortem) *PostmortemData {
	d := &PostmortemData{Severity: in.Severity, Status: in.Status, Repo: in.Repo, Release: in.Release, Company: in.Company,
		Services: strings.Join(in.Services, ", "), Tags: strings.Join(in.Tags, ", "), Body: bodyWithoutTitle(cp.Page),
		ZoneNote: cp.ZoneNote, ZoneCaption: upperFirst(cp.ZoneNote), ItemsRead: cp.ItemsFromBody, ReadLine: map[string]int{}}
	if _, own := cp.Page.Params["id"]; own {
		d.ID = in.ID // the author's id; a path's slug says nothing the address does not
	}
	if in.Published != nil {
		d.Published = in.Published.Format("2006-01-02")
	}
	if d.Release == "" && in.FailedRelease != nil {
		d.Release = in.FailedRelease.Tag + " (the last release before it started)"
	}
	if in.FailedRelease != nil && b.rep.Releases != nil {
		// Back to the release's row on the releases page.
		d.ReleaseLink = "../../" + b.releaseLink(in.FailedRelease.Repo, in.FailedRelease.Tag)
	}
	var missing []string
	for _, t := range []struct {
		key, name string
		at        *time.Time
	}{{"started", "Started", in.Started}, {"detected", "Detected", in.Detected}, {"mitigated", "Mitigated", in.Mitigated}, {"resolved", "Resolved", in.Resolved}} {
		if t.at == nil {
			missing = append(missing, t.key)
			continue
		}
		pt := PMTime{Name: t.name, ISO: t.at.Format(time.RFC3339), Human: t.at.Format("2006-01-02 15:04 UTC"), Line: cp.Sources[t.key].Line}
		if in.Day(t.key) {
			pt.ISO, pt.Human = t.at.Format("2006-01-02"), t.at.Format("2006-01-02")+" (a date only)"
		}
		if t.name != "Started" && in.Started != nil && in.Day(t.key) == in.Day("started") {
			if in.Day(t.key) {
				pt.Since = daysText(t.at.Sub(*in.Started)) + " after start"
			} else {
				pt.Since = minutesText(t.at.Sub(*in.Started).Minutes()) + " after start"
			}
		}
		d.Times = append(d.Times, pt)
	}
	if len(missing) > 0 {
		d.Missing = strings.Join(missing, ", ")
	}
	d.LeftOut = cp.MissingStartReason()
	for _, k := range postmortem.ReadFields {
		src, ok := cp.Sources[k]
		if !ok {
			continue
		}
		var v string
		switch k {
		case "started", "detected", "mitigated", "resolved":
			for _, t := range d.Times {
				if strings.EqualFold(t.Name, k) {
					v = t.Human
				}
			}
		case "severity":
			v = in.Severity
		case "status":
			v = in.Status
		case "services":
			v = d.Services
		}
		why := src.Words
		if cp.Day(k) {
			why = strings.TrimPrefix(why+"; a date only", "; ")
		}
		d.Read = append(d.Read, PMRead{Name: k, Value: v, Line: src.Line, Where: strings.TrimPrefix(src.Where(), "line "), Source: src.Text, Why: why})
		d.ReadLine[k] = src.Line
	}
	for _, it := range in.Items {
		d.ActionItems = append(d.ActionItems, actionView(it))
	}
	d.Hints = cp.Hints()
	return d
}

// actionView is an action item as the postmortem and action-items pages
// show it: its linked issue's state, or a web link where the store lacks it.
func actionView(it incidents.Item) PMAction {
	a := PMAction{Title: it.Title, Owner: it.Owner, Due: it.Due, Issue: it.Issue, State: it.State, StateClass: it.State,
		IssueURL: webURL(it.Linked.URL), Line: it.Line, DaysLate: it.DaysLate}
	if it.State == "overdue" {
		a.Late = "overdue by " + plural(it.DaysLate, "day")
	}
	switch {
	case it.Issue != "" && it.Linked.Known:
		a.IssueState = it.Linked.State
	case it.Issue != "":
		a.IssueState, a.IssueURL = "not in the store", githubURL(it.Issue)
	}
	if it.Link != "" {
		a.Link, a.LinkLabel = webURL(it.Link), postmortem.TrackerLabel(it.Link)
	}
	return a
}

// daysText is a duration between two dates, in whole days.
func daysText(d time.Duration) string {
	n := int(math.Round(d.Hours() / 24))
	if n == 1 {
		return "1 day"
	}
	return strconv.Itoa(n) + " days"
}

// githubURL is the web address of "owner/repo#N" (GitHub sends an issue
// number that is a pull request on to it).
func githubURL(ref string) string {
	repo, n, ok := strings.Cut(ref, "#")
	if !ok || repo == "" {
		return ""
	}
	return "https://github.com/" + repo + "/issues/" + n
}

func (b *Builder) incidentCharts() ([]chart.Chart, error) {
	rows := b.rep.IncidentQuarters
	if len(rows) == 0 {
		return nil, nil
	}
	x := make([]string, len(rows))
	n, med, p90, cfr := make([]float64, len(rows)), make([]float64, len(rows)), make([]float64, len(rows)), make([]float64, len(rows))
	ns, rels := make([]int, len(rows)), make([]int, len(rows))
	releases := 0
	for i, r := range rows {
		releases += r.Releases
		x[i] = r.Period.String()
		n[i] = float64(r.Incidents)
		med[i], p90[i] = r.TTR.Median/60, r.TTR.P90/60
		cfr[i] = 100 * r.ChangeFailure
		ns[i], rels[i] = r.TTR.N, r.Releases
	}
	partial := rows[len(rows)-1].Period.End().After(b.asOf)
	var out []chart.Chart
	for _, s := range []chart.Spec{
		{ID: "pm-count", Title: "Incidents per quarter", Kind: chart.Bar, X: x, Partial: partial, Integer: true,
			Series:  []chart.Series{{Name: "incidents", Values: n}},
			Caption: "Incidents by the quarter in which they started."},
		{ID: "pm-ttr", Title: "Time to resolve per quarter", Kind: chart.Line, X: x, YName: "hours", Decimals: 1, Partial: partial,
			Log: squashes(med, p90), CountOf: "incidents",
			Series:  []chart.Series{{Name: "half resolved within (median), hours", Values: med, Counts: ns}, {Name: "9 in 10 resolved within, hours", Values: p90, Dashed: true, Counts: ns}},
			Caption: "How long incidents lasted, from the start of impact to resolution.", How: "../how-we-count/index.html#incidents-incident-times"},
		{ID: "pm-cfr", Title: "Change failure rate per quarter", Kind: chart.Line, X: x, YName: "%", Decimals: 1, Partial: partial,
			CountOf: "releases", Markers: b.incidentMarkers(period.Quarter, "postmortems/index.html"),
			Series:  []chart.Series{{Name: "failed releases %", Values: cfr, Counts: rels}},
			Caption: "The share of releases that caused an incident, per quarter; a gap where there was no release."},
	} {
		if s.ID == "pm-cfr" && releases == 0 {
			continue // no release at all (a site of postmortems alone): an empty chart says nothing
		}
		c, err := chart.Build(s)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

func (b *Builder) incidentCards(n int) {
	sum := b.rep.IncidentSummary
	nLast, nPrev, total, done, overdue := sum.Last12Months, sum.Prev12Months, sum.Actions, sum.Done, sum.Overdue
	g := CardGroup{Title: "Incidents", How: "how-we-count/index.html#incidents",
		Note: "From the postmortems, by when impact started: the last 12 months against the 12 before."}
	if b.asOf.IsZero() {
		g.Cards = append(g.Cards, Card{Title: "Postmortems", Value: theme.Num(n), Link: "postmortems/index.html"})
	} else {
		g.Cards = append(g.Cards, Card{Title: "Incidents, last 12 months", Value: theme.Num(nLast), Link: "postmortems/index.html", Figure: "incidents", Over: "last 12 months",
			Deltas: []Delta{NewCountDelta(float64(nLast), float64(nPrev), true, "vs the 12 months before")}})
		st, pst := sum.TTRLast, sum.TTRPrev
		c := Card{Title: "Median time to resolve, last 12 months", Link: "postmortems/index.html", Value: "n/a"}
		if st.N > 0 {
			c.Value = minutesText(st.Median)
			if pst.N > 0 {
				d := NewDelta(st.Median, pst.Median, true, "vs the 12 months before")
				if st.N < 10 && pst.N < 10 {
					// A median of a handful of incidents moves by chance.
					d = fewDelta("against "+minutesText(pst.Median), fmt.Sprintf("(%d against %d incidents)", st.N, pst.N), "too few incidents to call a trend")
				}
				c.Deltas = []Delta{d}
			}
		}
		g.Cards = append(g.Cards, c)
	}
	state, word := "ok", "none overdue"
	if overdue > 0 {
		state, word = "warning", "overdue"
	}
	g.Cards = append(g.Cards, Card{Title: "Open action items", Value: theme.Num(total - done), Link: ActionItemsPath,
		Note: fmt.Sprintf("%d of %d done", done, total)})
	g.Cards = append(g.Cards, Card{Title: "Overdue action items", Value: theme.Num(overdue), Link: ActionItemsPath, State: state, StateText: word,
		Note: "open past their due date"})
	if sum.Undated > 0 {
		g.Note += fmt.Sprintf(" %d without a start date left out (listed on the postmortems page).", sum.Undated)
	}
	if sum.NearMisses > 0 {
		g.Note += fmt.Sprintf(" %d near %s (no impact) counted apart.", sum.NearMisses, map[bool]string{true: "miss", false: "misses"}[sum.NearMisses == 1])
	}
	b.groups = append(b.groups, g)
}

// ActionItemsPath is the page of every open action item.
const ActionItemsPath = "action-items/index.html"

// ActionItemsData is the action-items page's data: every item not done, oldest first.
type ActionItemsData struct {
	Rows []ActionItemRow
	// Groups are the rows by postmortem, in the same order.
	Groups         []ActionItemGroup
	Open, Overdue  int
	Postmortems    int // postmortems with open items
	TotalItems     int
	PostmortemsAll int
	// Pager links the pages of the list when it is longer than PageSize;
	// Rows and Groups are then this page's.
	Pager *Pager
}

// ActionItemGroup is the open items of one postmortem on this page;
// Open and Overdue count all of them, on every page.
type ActionItemGroup struct {
	PMTitle, PMPath, PMDate string
	Open, Overdue           int
	Rows                    []ActionItemRow
}

// ActionItemRow is one open action item and the postmortem it came from.
type ActionItemRow struct {
	PMAction
	PMTitle, PMPath, PMDate string
	Overdue                 bool
}

func (b *Builder) actionItemsPage() {
	ins := b.rep.Incidents
	d := &ActionItemsData{PostmortemsAll: len(ins)}
	seen := map[string]bool{}
	for _, in := range ins {
		d.TotalItems += in.Actions
	}
	for _, it := range b.rep.OpenItems {
		row := ActionItemRow{PMAction: actionView(it.Item), PMTitle: it.Postmortem.Title, PMPath: b.postmortemPaths[it.Postmortem.Path], Overdue: it.State == "overdue"}
		switch {
		case it.Postmortem.Started != nil:
			row.PMDate = it.Postmortem.Started.Format("2006-01-02")
		case it.Postmortem.Date != nil:
			row.PMDate = it.Postmortem.Date.Format("2006-01-02")
		}
		d.Open++
		if row.Overdue {
			d.Overdue++
		}
		seen[it.Postmortem.Path] = true
		d.Rows = append(d.Rows, row)
		if n := len(d.Groups); n == 0 || d.Groups[n-1].PMPath != row.PMPath {
			d.Groups = append(d.Groups, ActionItemGroup{PMTitle: row.PMTitle, PMPath: row.PMPath, PMDate: row.PMDate})
		}
		g := &d.Groups[len(d.Groups)-1]
		g.Rows = append(g.Rows, row)
		if row.Overdue {
			g.Overdue++
		}
	}
	d.Postmortems = len(seen)
	if d.Overdue > 0 {
		late := 0
		for _, r := range d.Rows {
			late = max(late, r.DaysLate)
		}
		detail := fmt.Sprintf("the oldest by %s; %d of %d open items.", plural(late, "day"), d.Overdue, d.Open)
		if d.Overdue == 1 {
			detail = fmt.Sprintf("by %s; %s open in all.", plural(late, "day"), plural(d.Open, "item"))
		}
		b.needsAction(Action{Urgency: ActSoon, Title: plural(d.Overdue, "action item") + " overdue", Detail: detail, Link: ActionItemsPath})
	}
	info := PageInfo{Title: "Open action items", Section: "postmortems",
		Description: fmt.Sprintf("%d open action items from %d postmortems, %d overdue.", d.Open, d.Postmortems, d.Overdue),
		HowCounted:  "Every action item not done at the data's date, oldest postmortem first. Done: status done, a ticked checkbox, or the linked issue closed (pull request merged) in the store. Overdue: a due date before that date."}
	b.actionItemPages(d, info)
}

// actionItemPages adds the action-items list, paged like the releases
// (issue 22): each page holds its rows and their groups; the figures above
// count every item, and a postmortem split over two pages heads its rows
// on both with the count of all its items.
func (b *Builder) actionItemPages(d *ActionItemsData, info PageInfo) {
	type count struct{ open, overdue int }
	counts := map[string]*count{}
	for _, g := range d.Groups {
		c := counts[g.PMPath]
		if c == nil {
			c = &count{}
			counts[g.PMPath] = c
		}
		c.open += len(g.Rows)
		c.overdue += g.Overdue
	}
	lists := listPages(ActionItemsPath, len(d.Rows))
	for k, lp := range lists {
		pd := *d
		pd.Rows, pd.Groups, pd.Pager = d.Rows[lp.From:lp.To], actionGroups(d.Rows[lp.From:lp.To]), lp.Pager
		for i := range pd.Groups {
			c := counts[pd.Groups[i].PMPath]
			pd.Groups[i].Open, pd.Groups[i].Overdue = c.open, c.overdue
		}
		pi := info
		if k > 0 {
			pi.Title = fmt.Sprintf("Open action items, page %d of %d", k+1, len(lists))
		}
		b.addPage(&Page{Path: lp.Path, Kind: "action-items", Data: &pd, Info: pi})
	}
}

// actionGroups groups consecutive rows by postmortem.
func actionGroups(rows []ActionItemRow) []ActionItemGroup {
	var gs []ActionItemGroup
	for _, row := range rows {
		if n := len(gs); n == 0 || gs[n-1].PMPath != row.PMPath {
			gs = append(gs, ActionItemGroup{PMTitle: row.PMTitle, PMPath: row.PMPath, PMDate: row.PMDate})
		}
		gs[len(gs)-1].Rows = append(gs[len(gs)-1].Rows, row)
	}
	return gs
}

// startsAfter is "1 postmortem starts" or "3 postmortems start".
func startsAfter(n int) string {
	if n == 1 {
		return "1 postmortem starts"
	}
	return fmt.Sprintf("%d postmortems start", n)
}
