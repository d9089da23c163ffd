package feedback

import (
	"bytes"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/vitals-dev/vitals/generator/base/model"
)

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02T15:04", s)
	if err != nil {
		t, err = time.Parse("2006-01-02", s)
	}
	if err != nil {
		panic(err)
	}
	return t
}

func tp(s string) *time.Time { t := day(s); return &t }

var asOf = day("2024-07-01") // 90 days before: 2024-04-02; 365 days before: 2023-07-02

// fixture, by hand:
//
//	#1 Enhancement (case differs), 2024-01-01, open, 👍 4 on 03-01 and 10 on 06-30: 10 now, 4 at 04-02, +6; answered after 24 h
//	#2 feature request, 2024-05-01, open, 👍 10 on 06-30: 10 now, created after 04-02 so 0 then, +10; no answer
//	#3 enhancement, 2023-01-01, open, first point 05-01 (3): 3 now, unknown at 04-02; only the author and a bot commented
//	#4 both labels, 2024-02-01, closed 2024-03-02 (30 days), 👍 1 on 03-01; answered after 12 h
//	#5 a bug: not a request
//	#6 enhancement, 2024-06-01, open, reactions unknown (a format-2 store): demand unknown
//	#7 enhancement created after as_of: not counted
func fixture() *model.Dataset {
	o := "o/r"
	user := model.User{Login: "alice"}
	return &model.Dataset{AsOf: asOf, Repos: []string{o},
		Issues: []model.Issue{
			{Repo: o, Number: 1, Title: "Dark mode", State: "open", Author: user, Labels: []string{"Enhancement"}, CreatedAt: day("2024-01-01"), Reactions: &model.Reactions{ThumbsUp: 10, Heart: 2}},
			{Repo: o, Number: 2, Title: "Export CSV", State: "open", Author: user, Labels: []string{"feature request"}, CreatedAt: day("2024-05-01"), Reactions: &model.Reactions{ThumbsUp: 10}},
			{Repo: o, Number: 3, Title: "=cmd|' /C calc'!A0", State: "open", Author: user, Labels: []string{"enhancement"}, CreatedAt: day("2023-01-01"), Reactions: &model.Reactions{ThumbsUp: 3}},
			{Repo: o, Number: 4, Title: "Closed one", State: "closed", Author: user, Labels: []string{"enhancement", "Feature Request"}, CreatedAt: day("2024-02-01"), ClosedAt: tp("2024-03-02"), Reactions: &model.Reactions{ThumbsUp: 1}},
			{Repo: o, Number: 5, Title: "A bug", State: "open", Author: user, Labels: []string{"bug"}, CreatedAt: day("2024-02-01"), Reactions: &model.Reactions{ThumbsUp: 50}},
			{Repo: o, Number: 6, Title: "Unknown demand", State: "open", Author: user, Labels: []string{"enhancement"}, CreatedAt: day("2024-06-01")},
			{Repo: o, Number: 7, Title: "Future", State: "open", Author: user, Labels: []string{"enhancement"}, CreatedAt: day("2024-07-02"), Reactions: &model.Reactions{ThumbsUp: 99}},
		},
		Comments: []model.Comment{
			{Repo: o, ID: 1, IssueNumber: 1, User: model.User{Login: "maintainer"}, CreatedAt: day("2024-01-02")},
			{Repo: o, ID: 2, IssueNumber: 3, User: user, CreatedAt: day("2023-01-02")},
			{Repo: o, ID: 3, IssueNumber: 3, User: model.User{Login: "ci[bot]", Type: "Bot"}, CreatedAt: day("2023-01-02")},
			{Repo: o, ID: 4, IssueNumber: 4, User: model.User{Login: "maintainer"}, CreatedAt: day("2024-02-01T12:00")},
		},
		Demand: []model.DemandPoint{
			{Repo: o, Issue: 1, At: day("2024-03-01"), ThumbsUp: 4}, {Repo: o, Issue: 1, At: day("2024-06-30"), ThumbsUp: 10},
			{Repo: o, Issue: 2, At: day("2024-06-30"), ThumbsUp: 10},
			{Repo: o, Issue: 3, At: day("2024-05-01"), ThumbsUp: 3},
			{Repo: o, Issue: 4, At: day("2024-03-01"), ThumbsUp: 1},
			{Repo: o, Issue: 5, At: day("2024-03-01"), ThumbsUp: 50},
		},
	}
}

func report() *Report {
	a := NewAcc(Options{AsOf: asOf, Labels: []string{"enhancement", "Feature Request"}})
	a.Add(fixture())
	return a.Report()
}

func str(n *int) string {
	if n == nil {
		return "?"
	}
	return itoa(*n)
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestMostWantedRanksOpenRequestsByDemandThenGain(t *testing.T) {
	r := report()
	var got []string
	for _, q := range r.MostWanted {
		got = append(got, itoa(q.Number)+":"+str(q.ThumbsUp)+"/"+str(q.ThumbsUp90)+"/"+str(q.Gain()))
	}
	// #2 and #1 tie on 10 👍; #2 gained more. #3's gain is unknown; #6's demand is.
	want := "2:10/0/10 1:10/4/6 3:3/?/? 6:?/0/?"
	if strings.Join(got, " ") != want {
		t.Errorf("most wanted %s, want %s", strings.Join(got, " "), want)
	}
	if r.DemandUnknown != 1 || !r.GainKnown || !r.HistoryFrom.Equal(day("2024-03-01")) {
		t.Errorf("demand unknown %d, gain known %v, history from %v", r.DemandUnknown, r.GainKnown, r.HistoryFrom)
	}
	if len(r.Requests) != 5 {
		t.Errorf("%d requests, want 5 (#1-#4, #6)", len(r.Requests))
	}
}

func f(v *float64) string {
	if v == nil {
		return "-"
	}
	return strconv.FormatFloat(*v, 'f', -1, 64)
}

func TestPerLabelResponseAndCloseTimesOverTheYear(t *testing.T) {
	r := report()
	type row struct {
		label                                string
		open, opened, closed, resp, noResp   int
		respMed, respP90, closeMed, closeP90 string
	}
	want := []row{
		{"enhancement", 3, 3, 1, 2, 1, "18", "24", "30", "30"},
		{"Feature Request", 1, 2, 1, 1, 1, "12", "12", "30", "30"},
		{"", 4, 4, 1, 2, 2, "18", "24", "30", "30"},
	}
	if len(r.ByLabel) != len(want) {
		t.Fatalf("%d rows", len(r.ByLabel))
	}
	for i, w := range want {
		g := r.ByLabel[i]
		got := row{g.Label, g.Open, g.Opened, g.Closed, g.Responded, g.NoResponse, f(g.ResponseMedian), f(g.ResponseP90), f(g.CloseMedianDays), f(g.CloseP90Days)}
		if got != w {
			t.Errorf("row %d: %+v\nwant %+v", i, got, w)
		}
	}
}

func TestFeedbackCSVIsOneRowPerRequestWithUnknownsEmpty(t *testing.T) {
	var b bytes.Buffer
	if err := WriteCSV(&b, report()); err != nil {
		t.Fatal(err)
	}
	want := "repo,number,title,labels,created_at,state,thumbs_up,thumbs_up_90d_ago,first_response_hours,closed_at\r\n" +
		"o/r,1,Dark mode,Enhancement,2024-01-01T00:00:00Z,open,10,4,24.00,\r\n" +
		"o/r,2,Export CSV,feature request,2024-05-01T00:00:00Z,open,10,0,,\r\n" +
		"o/r,3,'=cmd|' /C calc'!A0,enhancement,2023-01-01T00:00:00Z,open,3,,,\r\n" +
		"o/r,4,Closed one,enhancement;Feature Request,2024-02-01T00:00:00Z,closed,1,1,12.00,2024-03-02T00:00:00Z\r\n" +
		"o/r,6,Unknown demand,enhancement,2024-06-01T00:00:00Z,open,,0,,\r\n"
	if b.String() != want {
		t.Errorf("feedback.csv:\n%s\nwant\n%s", b.String(), want)
	}
}

// Until the 👍 history reaches 90 days back, no gain is known: the page
// says so instead of showing every request as having gained everything.
func TestGainIsUnknownUntilTheHistoryReachesNinetyDaysBack(t *testing.T) {
	d := fixture()
	var recent []model.DemandPoint
	for _, p := range d.Demand {
		if !p.At.Before(day("2024-06-30")) {
			recent = append(recent, p)
		}
	}
	d.Demand = recent // the first sync with reactions was on 06-30
	a := NewAcc(Options{AsOf: asOf, Labels: []string{"enhancement", "feature request"}})
	a.Add(d)
	r := a.Report()
	if r.GainKnown {
		t.Errorf("gain known with a history of one day")
	}
	for _, q := range r.MostWanted {
		if q.Number == 1 && (q.Gain() != nil || q.ThumbsUp == nil || *q.ThumbsUp != 10) {
			t.Errorf("#1: demand %s, gain %s; want 10 and unknown", str(q.ThumbsUp), str(q.Gain()))
		}
	}
}

// A repository whose comments are not in the store (an import) has
// unknown first responses: not counted as "no response yet".
func TestRequestsOfARepositoryWithoutCommentsHaveUnknownResponses(t *testing.T) {
	d := fixture()
	d.Comments = nil
	d.NoComments = map[string]bool{"o/r": true}
	a := NewAcc(Options{AsOf: asOf, Labels: []string{"enhancement"}})
	a.Add(d)
	row := a.Report().ByLabel[0]
	if !row.ResponseUnknown || row.NoResponse != 0 || row.Responded != 0 || row.ResponseMedian != nil {
		t.Errorf("row %+v: want responses unknown", row)
	}
}

// A request keeps its own reactions, not a pointer into the records: the
// store decodes a repository's reactions into one slab, which a request
// pointing into it would keep whole after the repository is dropped.
func TestRequestsDoNotPointIntoTheRecordsReactions(t *testing.T) {
	d := fixture()
	a := NewAcc(Options{AsOf: asOf, Labels: []string{"enhancement", "feature request"}})
	a.Add(d)
	for i := range d.Issues {
		if r := d.Issues[i].Reactions; r != nil {
			r.Heart = -1 // shows through only when a request shares the record's reactions
		}
	}
	n := 0
	for _, r := range a.Report().Requests {
		if r.Reactions == nil {
			continue
		}
		n++
		if r.Reactions.Heart == -1 {
			t.Errorf("#%d: reactions are the record's, not the request's own", r.Number)
		}
	}
	if n != 4 { // #1-#4 have reactions; #6 is unknown, #5 no request, #7 after as_of
		t.Errorf("%d requests with reactions, want 4", n)
	}
}
