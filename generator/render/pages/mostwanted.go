package pages

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/vitals-dev/vitals/generator/base/model"
	"github.com/vitals-dev/vitals/generator/compute/feedback"
	"github.com/vitals-dev/vitals/generator/compute/reports"
	"github.com/vitals-dev/vitals/generator/render/theme"
)

// feedbackSection: the most-wanted page, the dashboard's feature-request
// cards and feedback.csv.
var feedbackSection = Section{
	Name:    "feedback",
	Reports: []reports.Report{reports.Feedback},
	Pages:   (*Builder).mostWanted,
}

// MostWantedPath is the page of feature requests by demand.
const MostWantedPath = "feedback/index.html"

// mostWantedRows is how many open requests the page lists; feedback.csv has all.
const mostWantedRows = 50

// MostWantedData is the most-wanted page's data.
type MostWantedData struct {
	Labels string // the feedback labels, as configured
	Open   int
	// OpenText and UnknownText count them in words ("1 open feature request").
	OpenText, UnknownText string
	Rows                  []RequestRow
	More                  int // open requests beyond Rows
	// DemandUnknown counts open requests whose 👍 are unknown.
	DemandUnknown int
	// GainNote says why demand gained is empty ("" when it is known).
	GainNote    string
	HistoryFrom string
	GainFrom    string // as_of - 90 days
	ByLabel     []LabelTimesRow
	// Unused are labels no request has.
	Unused string
	Window string
}

// RequestRow is one open request.
type RequestRow struct {
	Rank                 int
	Title, URL, Ref      string
	ThumbsUp, ThumbsSort string
	Gain, GainSort       string
	GainClass            string
	Age, AgeSort         string
	Response, RespSort   string
	Labels               string
	Others               string // other reactions, in words: "heart 2 · hooray 1"
}

// LabelTimesRow is the response and close times of one label's requests.
type LabelTimesRow struct {
	Label                           string
	Open, Opened, Closed            string
	RespMedian, RespP90, NoResponse string
	CloseMedian, CloseP90           string
	Unknown                         bool
}

func (b *Builder) mostWanted() error {
	r := b.rep.Feedback
	if r == nil || len(r.Requests) == 0 {
		return nil // no issue has a feedback label: no page, no card
	}
	d := &MostWantedData{Labels: strings.Join(r.Labels, ", "), Open: len(r.MostWanted), DemandUnknown: r.DemandUnknown,
		GainFrom: r.AsOf.Add(-feedback.Gained).Format(time.DateOnly),
		Window:   r.AsOf.Add(-feedback.Year).Format(time.DateOnly) + " to " + r.AsOf.Format(time.DateOnly)}
	d.OpenText, d.UnknownText = plural(d.Open, "open feature request"), plural(d.DemandUnknown, "request")
	if !r.HistoryFrom.IsZero() {
		d.HistoryFrom = r.HistoryFrom.Format(time.DateOnly)
	}
	if !r.GainKnown {
		d.GainNote = "Demand gained in 90 days is shown once the store has syncs 90 days apart"
		if d.HistoryFrom != "" {
			d.GainNote += "; its 👍 history begins " + d.HistoryFrom
		}
		d.GainNote += "."
	}
	for i, q := range r.MostWanted {
		if i == mostWantedRows {
			d.More = len(r.MostWanted) - i
			break
		}
		d.Rows = append(d.Rows, requestRow(i+1, &q, r.AsOf))
	}
	var unused []string
	for _, l := range r.ByLabel {
		if l.Label != "" && l.Open == 0 && l.Opened == 0 && l.Closed == 0 && !hasRequest(r.Requests, l.Label) {
			unused = append(unused, l.Label)
			continue
		}
		d.ByLabel = append(d.ByLabel, labelTimesRow(l))
	}
	d.Unused = strings.Join(unused, ", ")
	b.addPage(&Page{Path: MostWantedPath, Kind: "mostwanted", Data: d,
		Info: PageInfo{Title: "Most wanted", Section: "feedback",
			Description: d.OpenText + " ranked by 👍, with their age, first response and demand gained in 90 days.",
			HowCounted:  "Feature requests are issues with a [feedback] label; demand is their 👍 at the data's date from the store's history of syncs; ranked by demand, then demand gained in 90 days, then oldest."}})
	b.nav1("Most wanted", MostWantedPath, "feedback")
	b.mostWantedCards(r)
	b.addDefs(DefSection{ID: "feedback", Title: "Feedback", Items: []Def{
		{"feature-request", "Feature request", "An issue whose current labels include one of [feedback] labels (default enhancement, feature, feature request), compared case-insensitively."},
		{"demand", "Demand", "A request's 👍 reactions at the data's date: the latest count a sync saw, from the store's 👍 history. Unknown, not 0, where the store has no count yet (a store written before vitals kept reactions, until the next vitals fetch)."},
		{"demand-gained", "Demand gained in 90 days", "Demand at the data's date less demand 90 days before (a request opened since had 0 then). Empty until the store has syncs 90 days apart. A reaction does not change an issue's updated_at, so the sync re-reads the open issues once a week: a 👍 can be seen up to a week late."},
		{"most-wanted", "Most wanted", "Open requests by demand (unknown last), then demand gained, then oldest first. Age is whole days since the request was opened; first response as for issues."},
		{"request-times", "Response and close times per label", "Over the 365 days to the data's date: requests opened and closed; time to first response (median and 90th percentile, hours) of the requests opened then that have one, and how many have none yet; time to close (median and 90th percentile, days) of those closed then. A request with two labels counts under both."},
	}})
	return b.addFile("data/feedback.csv", func(w io.Writer) error { return feedback.WriteCSV(w, r) })
}

func hasRequest(reqs []feedback.Request, label string) bool {
	for _, q := range reqs {
		if model.HasLabel(q.Labels, []string{label}) {
			return true
		}
	}
	return false
}

func requestRow(rank int, q *feedback.Request, asOf time.Time) RequestRow {
	row := RequestRow{Rank: rank, Title: q.Title, URL: q.URL, Ref: q.Repo + "#" + strconv.Itoa(q.Number), Labels: strings.Join(q.Labels, ", ")}
	row.ThumbsUp, row.ThumbsSort = "unknown", "-1"
	if q.ThumbsUp != nil {
		row.ThumbsUp, row.ThumbsSort = theme.Num(*q.ThumbsUp), strconv.Itoa(*q.ThumbsUp)
	}
	row.Gain, row.GainSort = "–", "-1000000"
	if g := q.Gain(); g != nil {
		row.Gain, row.GainSort = signedInt(*g), strconv.Itoa(*g)
		if *g > 0 {
			row.GainClass = "gain"
		}
	}
	days := q.AgeDays(asOf)
	row.Age, row.AgeSort = ageText(days), strconv.Itoa(days)
	switch h := q.ResponseHours(); {
	case q.ResponseUnknown:
		row.Response, row.RespSort = "unknown", "-1"
	case h == nil:
		row.Response, row.RespSort = "none yet", "1e12"
	default:
		row.Response, row.RespSort = hours(h), strconv.FormatFloat(*h, 'f', 2, 64)
	}
	if r := q.Reactions; r != nil {
		var parts []string
		for _, x := range []struct {
			name string
			n    int
		}{{"heart", r.Heart}, {"hooray", r.Hooray}, {"rocket", r.Rocket}, {"eyes", r.Eyes}, {"laugh", r.Laugh}, {"confused", r.Confused}, {"thumbs down", r.ThumbsDown}} {
			if x.n > 0 {
				parts = append(parts, x.name+" "+strconv.Itoa(x.n))
			}
		}
		row.Others = strings.Join(parts, " · ")
	}
	return row
}

func signedInt(n int) string {
	if n > 0 {
		return "+" + theme.Num(n)
	}
	return theme.Num(n)
}

// ageText: "12 days", "7 months", "2.3 years".
func ageText(days int) string {
	switch {
	case days < 60:
		if days == 1 {
			return "1 day"
		}
		return strconv.Itoa(days) + " days"
	case days < 730:
		return strconv.Itoa(days*12/365) + " months"
	}
	return strconv.FormatFloat(float64(days)/365, 'f', 1, 64) + " years"
}

func labelTimesRow(l feedback.LabelRow) LabelTimesRow {
	row := LabelTimesRow{Label: l.Label, Open: theme.Num(l.Open), Opened: theme.Num(l.Opened), Closed: theme.Num(l.Closed),
		RespMedian: num1(l.ResponseMedian), RespP90: num1(l.ResponseP90), NoResponse: theme.Num(l.NoResponse),
		CloseMedian: num1(l.CloseMedianDays), CloseP90: num1(l.CloseP90Days), Unknown: l.ResponseUnknown}
	if l.Label == "" {
		row.Label = "All requests"
	}
	if l.ResponseUnknown && l.Responded == 0 {
		row.RespMedian, row.RespP90, row.NoResponse = "unknown", "unknown", "unknown"
	}
	return row
}

// num1 is a value with one decimal; n/a when there is none.
func num1(v *float64) string {
	if v == nil {
		return "n/a"
	}
	return strconv.FormatFloat(*v, 'f', 1, 64)
}

// mostWantedCards are the dashboard's feature-request cards: the most
// wanted request (its demand, gain in 90 days and age), how many are open,
// and how fast they are answered.
func (b *Builder) mostWantedCards(r *feedback.Report) {
	if len(r.MostWanted) == 0 {
		return
	}
	g := CardGroup{Title: "Feature requests", How: "how-we-count/index.html#feedback",
		Note: "Issues labelled " + strings.Join(r.Labels, ", ") + "; demand is their thumbs-up (👍) reactions."}
	if q := r.MostWanted[0]; q.ThumbsUp != nil {
		c := Card{Title: "Most wanted", Value: theme.Num(*q.ThumbsUp), Unit: "thumbs-up", Link: MostWantedPath,
			Note: fmt.Sprintf("%s (%s#%d), open %s", q.Title, q.Repo, q.Number, ageText(q.AgeDays(r.AsOf)))}
		if gain := q.Gain(); gain != nil {
			c.Note += fmt.Sprintf("; %s in the last 90 days", signedInt(*gain))
		}
		g.Cards = append(g.Cards, c)
		if q.Open && q.FirstResponse == nil && !q.ResponseUnknown {
			b.needsAction(Action{Urgency: ActSoon, Title: "Answer the most wanted request",
				Detail: fmt.Sprintf("%s (%s#%d): %s thumbs-up, open %s with no response yet.", q.Title, q.Repo, q.Number, theme.Num(*q.ThumbsUp), ageText(q.AgeDays(r.AsOf))),
				Link:   MostWantedPath})
		}
	}
	g.Cards = append(g.Cards, Card{Title: "Open feature requests", Value: theme.Num(len(r.MostWanted)), Link: MostWantedPath})
	if all := r.ByLabel[len(r.ByLabel)-1]; all.ResponseMedian != nil {
		g.Cards = append(g.Cards, Card{Title: "Median first response to requests", Value: strconv.FormatFloat(*all.ResponseMedian, 'f', 1, 64), Unit: "hours",
			Link: MostWantedPath + "#per-label", Note: fmt.Sprintf("requests opened in the last 365 days; %s without one yet", theme.Num(all.NoResponse))})
	}
	b.groups = append(b.groups, g)
}
