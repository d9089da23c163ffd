package incidents

import (
	"bytes"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/vitals-dev/vitals/generator/base/model"
	"github.com/vitals-dev/vitals/generator/base/period"
)

func at(s string) *time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return &t
}

var rels = []model.Release{
	{Repo: "o/api", ID: 1, Tag: "v1.0.0", PublishedAt: at("2024-01-10T00:00:00Z")},
	{Repo: "o/api", ID: 2, Tag: "v1.1.0", PublishedAt: at("2024-02-10T00:00:00Z")},
	{Repo: "o/api", ID: 3, Tag: "v1.2.0-rc.1", Prerelease: true, PublishedAt: at("2024-02-20T00:00:00Z")},
	{Repo: "o/api", ID: 4, Tag: "v1.2.0", PublishedAt: at("2024-03-05T00:00:00Z")},
	{Repo: "o/api", ID: 5, Tag: "v9-draft", Draft: true},
	{Repo: "o/app", ID: 6, Tag: "v2.0.0", PublishedAt: at("2024-02-01T00:00:00Z")},
}

func TestIncidentTimesPinsAndActionItems(t *testing.T) {
	pms := []model.Postmortem{
		{ID: "a", Repo: "o/api", Release: "v1.0.0", Started: at("2024-01-11T10:00:00Z"), Detected: at("2024-01-11T10:12:00Z"),
			Mitigated: at("2024-01-11T11:00:00Z"), Resolved: at("2024-01-12T10:00:00Z"),
			ActionItems: []model.ActionItem{{Title: "x", Status: "done"}, {Title: "y", Issue: "o/api#7"}, {Title: "z", Issue: "o/api#8", Due: "2024-01-20"}}},
		// Names no release: pinned to the last release before started, the
		// rc of 02-20 (a prerelease is a release).
		{ID: "b", Repo: "o/api", Started: at("2024-02-25T00:00:00Z")},
		// Before any release of its repo: not pinned.
		{ID: "c", Repo: "o/app", Started: at("2024-01-01T00:00:00Z")},
	}
	closed := func(ref string) Linked {
		return Linked{Done: ref == "o/api#7", Known: ref == "o/api#7" || ref == "o/api#8"}
	}
	ins := Build(pms, rels, closed, *at("2024-04-01T00:00:00Z"))
	if len(ins) != 3 || ins[0].ID != "b" || ins[1].ID != "a" || ins[2].ID != "c" {
		t.Fatalf("order by started desc: %v %v %v", ins[0].ID, ins[1].ID, ins[2].ID)
	}
	a := ins[1]
	// 12 minutes to detect, 60 to mitigate, 24 h = 1440 to resolve.
	if a.TTD != 12 || a.TTM != 60 || a.TTR != 1440 {
		t.Errorf("times: %v %v %v", a.TTD, a.TTM, a.TTR)
	}
	// Done: status done (x) and linked issue closed (y); z is open and past due.
	if a.Actions != 3 || a.ActionsDone != 2 || a.ItemStates[2] != "overdue" {
		t.Errorf("actions %d done %d states %v", a.Actions, a.ActionsDone, a.ItemStates)
	}
	if a.FailedRelease == nil || a.FailedRelease.Tag != "v1.0.0" {
		t.Errorf("a pinned to %v", a.FailedRelease)
	}
	if b := ins[0]; b.FailedRelease == nil || b.FailedRelease.Tag != "v1.2.0-rc.1" || !math.IsNaN(b.TTR) {
		t.Errorf("b pinned to %v, ttr %v", b.FailedRelease, b.TTR)
	}
	if ins[2].FailedRelease != nil {
		t.Errorf("c pinned to %v", ins[2].FailedRelease)
	}
}

func TestChangeFailureRateIsNAWithoutPostmortems(t *testing.T) {
	asOf := *at("2024-04-01T00:00:00Z")
	from := *at("2024-01-01T00:00:00Z")
	rows := ByPeriod(period.Month, nil, rels, from, asOf)
	for _, r := range rows {
		if !math.IsNaN(r.ChangeFailure) {
			t.Errorf("%s: %v, want n/a without postmortems", r.Period, r.ChangeFailure)
		}
	}
	pms := []model.Postmortem{
		{ID: "b", Repo: "o/api", Started: at("2024-02-25T00:00:00Z"), Resolved: at("2024-02-25T01:30:00Z")},
		{ID: "n", Repo: "o/api", Release: "v1.1.0", Started: at("2024-02-12T00:00:00Z")},
	}
	ins := Build(pms, rels, nil, asOf)
	rows = ByPeriod(period.Month, ins, rels, from, asOf)
	// "b" is pinned to the rc, a prerelease, which failure rates leave out;
	// "n" names v1.1.0. Jan: v1.0.0 -> 0/1. Feb: v1.1.0 (failed) and v2.0.0
	// -> 1/2. Mar: v1.2.0 -> 0/1. Incidents: two in Feb, one with a TTR (90).
	want := []struct {
		rel, failed int
		cfr         float64
	}{{1, 0, 0}, {2, 1, 0.5}, {1, 0, 0}}
	if len(rows) != 3 {
		t.Fatalf("%d rows", len(rows))
	}
	for i, w := range want {
		r := rows[i]
		if r.Releases != w.rel || r.FailedReleases != w.failed || r.ChangeFailure != w.cfr {
			t.Errorf("%s: releases %d failed %d cfr %v; want %+v", r.Period, r.Releases, r.FailedReleases, r.ChangeFailure, w)
		}
	}
	if rows[1].Incidents != 2 || rows[1].TTR.N != 1 || rows[1].TTR.Median != 90 || rows[1].TTR.P90 != 90 {
		t.Errorf("feb incidents %+v", rows[1])
	}
}

func TestStatsMedianAndNearestRankP90(t *testing.T) {
	// 10 values 1..10: median (5+6)/2 = 5.5; p90 rank ceil(9) = 9 -> 9.
	s := Stats([]float64{10, 9, 8, 7, 6, 5, 4, 3, 2, 1})
	if s.Median != 5.5 || s.P90 != 9 {
		t.Errorf("%+v", s)
	}
	// 3 values: median 2, p90 rank ceil(2.7) = 3 -> 30.
	s = Stats([]float64{30, 1, 2})
	if s.Median != 2 || s.P90 != 30 {
		t.Errorf("%+v", s)
	}
}

func TestPostmortemsCSVEscapesFormulasAndLeavesBlanks(t *testing.T) {
	pms := []model.Postmortem{{ID: "x", Title: "=HYPERLINK(\"http://evil\")", Severity: "SEV2", Repo: "o/api", Started: at("2024-02-25T00:00:00Z"), Detected: at("2024-02-25T00:05:00Z")}}
	var buf bytes.Buffer
	if err := WriteCSV(&buf, Build(pms, rels, nil, *at("2024-04-01T00:00:00Z"))); err != nil {
		t.Fatal(err)
	}
	want := "id,title,severity,status,repo,release,started,detected,mitigated,resolved,ttd_minutes,ttm_minutes,ttr_minutes,action_items,action_items_done\n" +
		"x,\"'=HYPERLINK(\"\"http://evil\"\")\",SEV2,,o/api,,2024-02-25T00:00:00Z,2024-02-25T00:05:00Z,,,5,,,0,0\n"
	want = strings.ReplaceAll(want, "\n", "\r\n") // RFC 4180: records end in CRLF
	if buf.String() != want {
		t.Errorf("got\n%s\nwant\n%s", buf.String(), want)
	}
}

// A merged pull request or closed issue makes an item done; an open one,
// a closed-unmerged pull request or an issue the store lacks leaves it open.
func TestItemsFollowTheirLinkedIssue(t *testing.T) {
	store := map[string]Linked{
		"o/api#1": {Known: true, Done: true, State: "merged"},
		"o/api#2": {Known: true, State: "closed unmerged"},
		"o/api#3": {Known: true, Done: true, State: "closed"},
		"o/api#4": {Known: true, State: "open"},
	}
	look := func(ref string) Linked { return store[ref] }
	pm := model.Postmortem{ID: "a", Started: at("2024-01-01T00:00:00Z"), ActionItems: []model.ActionItem{
		{Title: "pr merged", Issue: "o/api#1"}, {Title: "pr closed", Issue: "o/api#2"}, {Title: "issue closed", Issue: "o/api#3"},
		{Title: "issue open", Issue: "o/api#4"}, {Title: "unknown", Issue: "o/other#9"}, {Title: "jira", Link: "https://x.atlassian.net/browse/A-1"},
	}}
	in := Build([]model.Postmortem{pm}, nil, look, *at("2024-02-01T00:00:00Z"))[0]
	want := []string{"done", "open", "done", "open", "open", "open"}
	for i, it := range in.Items {
		if it.State != want[i] {
			t.Errorf("%s: %s, want %s", it.Title, it.State, want[i])
		}
	}
	if in.ActionsDone != 2 || in.Items[4].Linked.Known {
		t.Errorf("done %d, unknown issue known=%v", in.ActionsDone, in.Items[4].Linked.Known)
	}
}

// Open items across postmortems: oldest postmortem first, then due date
// (none last), undated postmortems last; done items left out.
func TestOpenItemsOldestFirst(t *testing.T) {
	pms := []model.Postmortem{
		{ID: "new", Path: "n.md", Started: at("2024-03-01T00:00:00Z"), ActionItems: []model.ActionItem{{Title: "n1"}, {Title: "n2", Status: "done"}}},
		{ID: "old", Path: "o.md", Started: at("2024-01-01T00:00:00Z"), ActionItems: []model.ActionItem{{Title: "o-nodue"}, {Title: "o-due", Due: "2024-02-01"}}},
		{ID: "undated", Path: "u.md", ActionItems: []model.ActionItem{{Title: "u1"}}},
	}
	var got []string
	for _, it := range OpenItems(Build(pms, nil, nil, *at("2024-04-01T00:00:00Z"))) {
		got = append(got, fmt.Sprintf("%s:%s:%d", it.Title, it.State, it.DaysLate))
	}
	// Due 1 February, as of 1 April 2024: 29 + 31 = 60 days late.
	want := "o-due:overdue:60 o-nodue:open:0 n1:open:0 u1:open:0"
	if strings.Join(got, " ") != want {
		t.Errorf("got %v, want %s", got, want)
	}
}

// Repeats share a service or tag (any letter case) and start within 90
// days: a and b (30 days, service api), not a and c (120 days), not b and
// d (nothing shared).
func TestRepeatsShareAServiceOrTagWithin90Days(t *testing.T) {
	pms := []model.Postmortem{
		{ID: "a", Path: "a.md", Started: at("2024-01-01T00:00:00Z"), Services: []string{"api"}, Tags: []string{"db"}},
		{ID: "b", Path: "b.md", Started: at("2024-01-31T00:00:00Z"), Services: []string{"API"}},
		{ID: "c", Path: "c.md", Started: at("2024-04-30T00:00:00Z"), Tags: []string{"db"}},
		{ID: "d", Path: "d.md", Started: at("2024-02-01T00:00:00Z"), Services: []string{"web"}},
	}
	r := Repeats(pms)
	if a := r["a.md"].List; len(a) != 1 || a[0].ID != "b" || strings.Join(a[0].Shared, ",") != "API" {
		t.Errorf("a: %+v", r["a.md"])
	}
	if b := r["b.md"].List; len(b) != 1 || b[0].ID != "a" {
		t.Errorf("b: %+v", r["b.md"])
	}
	if _, ok := r["c.md"]; ok || len(r["d.md"].List) != 0 {
		t.Errorf("c: %+v d: %+v", r["c.md"], r["d.md"])
	}
}

// Summarize: incidents by started in the last 12 months and the 12 before
// (an incident exactly a year old is in the last 12), time to resolve over
// each, and action items over all.
func TestSummarizeCountsTheLastYearAgainstTheYearBefore(t *testing.T) {
	asOf := *at("2025-01-01T00:00:00Z")
	ins := []Incident{
		{Postmortem: model.Postmortem{Started: at("2024-12-01T00:00:00Z")}, TTR: 60, Actions: 2, ActionsDone: 1, ItemStates: []string{"done", "overdue"}},
		{Postmortem: model.Postmortem{Started: at("2024-01-02T00:00:00Z")}, TTR: 180},
		{Postmortem: model.Postmortem{Started: at("2023-06-01T00:00:00Z")}, TTR: math.NaN(), Actions: 1, ItemStates: []string{"open"}},
		{Postmortem: model.Postmortem{Started: at("2022-06-01T00:00:00Z")}, TTR: 5},
		{Postmortem: model.Postmortem{}, TTR: 7},
	}
	s := Summarize(ins, asOf)
	if s.Last12Months != 2 || s.Prev12Months != 1 {
		t.Errorf("counts = %d and %d, want 2 and 1", s.Last12Months, s.Prev12Months)
	}
	if s.TTRLast.N != 2 || s.TTRLast.Median != 120 || s.TTRPrev.N != 0 {
		t.Errorf("time to resolve: last %+v prev %+v; want median 120 over 2, none before", s.TTRLast, s.TTRPrev)
	}
	if s.Actions != 3 || s.Done != 1 || s.Overdue != 1 || s.Undated != 1 {
		t.Errorf("actions = %d, done %d, overdue %d, undated %d; want 3, 1, 1, 1", s.Actions, s.Done, s.Overdue, s.Undated)
	}
}

// Durations only between values of equal precision (METRICS.md): two dates
// give whole days, a date and a time give none; the download writes a date
// as YYYY-MM-DD; a near miss is counted apart, not as undated.
func TestDayPrecisionDurationsAndNearMisses(t *testing.T) {
	day := map[string]bool{"started": true, "detected": true, "resolved": true}
	pms := []model.Postmortem{
		// Started and resolved dates only: 3 days; mitigated a time: none.
		{ID: "d", Started: at("2024-01-05T00:00:00Z"), Detected: at("2024-01-05T00:00:00Z"),
			Mitigated: at("2024-01-06T10:30:00Z"), Resolved: at("2024-01-08T00:00:00Z"), DayOnly: day},
		{ID: "n", NearMiss: true, Detected: at("2024-01-02T00:00:00Z"), DayOnly: map[string]bool{"detected": true}},
		{ID: "u"},
	}
	ins := Build(pms, nil, nil, *at("2024-06-01T00:00:00Z"))
	var d Incident
	for _, in := range ins {
		if in.ID == "d" {
			d = in
		}
	}
	if d.TTR != 3*24*60 || d.TTD != 0 || !math.IsNaN(d.TTM) {
		t.Errorf("TTR %v TTD %v TTM %v, want 4320 (3 days), 0 and none (a date and a time)", d.TTR, d.TTD, d.TTM)
	}
	var b bytes.Buffer
	if err := WriteCSV(&b, ins); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "d,,,,,,2024-01-05,2024-01-05,2024-01-06T10:30:00Z,2024-01-08,0,,4320,0,0") {
		t.Errorf("csv:\n%s", b.String())
	}
	s := Summarize(ins, *at("2024-06-01T00:00:00Z"))
	if s.NearMisses != 1 || s.Undated != 1 {
		t.Errorf("near misses %d undated %d, want 1 and 1", s.NearMisses, s.Undated)
	}
}
