package releasestats

import (
	"bytes"
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

func TestLeadTimeCountsPRsMergedSincePreviousRelease(t *testing.T) {
	rels := []model.Release{
		{Repo: "o/r", ID: 1, Tag: "v1", PublishedAt: at("2024-01-10T00:00:00Z")},
		{Repo: "o/r", ID: 2, Tag: "v2-rc", Prerelease: true, PublishedAt: at("2024-01-15T00:00:00Z")},
		{Repo: "o/r", ID: 3, Tag: "v2", PublishedAt: at("2024-01-20T00:00:00Z")},
		{Repo: "o/r", ID: 4, Tag: "draft", Draft: true, PublishedAt: at("2024-01-21T00:00:00Z")},
		{Repo: "o/r", ID: 5, Tag: "future", PublishedAt: at("2024-03-01T00:00:00Z")},
	}
	prs := []model.PullRequest{
		{Repo: "o/r", Number: 1, MergedAt: at("2024-01-09T00:00:00Z")}, // v1: 24 h
		{Repo: "o/r", Number: 2, MergedAt: at("2024-01-10T00:00:00Z")}, // v1: at the instant -> 0 h
		{Repo: "o/r", Number: 3, MergedAt: at("2024-01-14T00:00:00Z")}, // v2: 6 days = 144 h
		{Repo: "o/r", Number: 4, MergedAt: at("2024-01-19T12:00:00Z")}, // v2: 12 h
		{Repo: "o/r", Number: 5, MergedAt: at("2024-01-19T18:00:00Z")}, // v2: 6 h
		{Repo: "o/r", Number: 6}, // closed unmerged
		{Repo: "o/other", Number: 1, MergedAt: at("2024-01-19T00:00:00Z")}, // another repo
	}
	rows := Rows(rels, prs, *at("2024-02-01T00:00:00Z"), func(r model.Release) bool { return r.Tag == "v2" })
	if len(rows) != 3 {
		t.Fatalf("want v1, v2-rc, v2 (no draft, nothing after as_of); got %d", len(rows))
	}
	// v1: lead times 24 and 0 -> median 12.
	if rows[0].LeadTimeMedianHours != 12 || !math.IsNaN(rows[0].DaysSincePrevious) {
		t.Errorf("v1: %+v", rows[0])
	}
	// The prerelease has a lead time (PR 3, 24 h) but no cadence figure.
	if rows[1].LeadTimeMedianHours != 24 || !math.IsNaN(rows[1].DaysSincePrevious) {
		t.Errorf("prerelease: %+v", rows[1])
	}
	// v2: PRs 4 and 5, merged after the rc: 12 and 6 h -> median 9; 10 days after v1.
	if rows[2].LeadTimeMedianHours != 9 || rows[2].DaysSincePrevious != 10 || rows[2].PRs != 2 || !rows[2].Failed {
		t.Errorf("v2: %+v", rows[2])
	}
	var buf bytes.Buffer
	if err := WriteCSV(&buf, rows); err != nil {
		t.Fatal(err)
	}
	want := "repo,tag,name,published_at,prerelease,days_since_previous,lead_time_median_hours,failed\n" +
		"o/r,v1,,2024-01-10T00:00:00Z,false,,12.00,false\n" +
		"o/r,v2-rc,,2024-01-15T00:00:00Z,true,,24.00,false\n" +
		"o/r,v2,,2024-01-20T00:00:00Z,false,10.00,9.00,true\n"
	want = strings.ReplaceAll(want, "\n", "\r\n") // RFC 4180: records end in CRLF
	if buf.String() != want {
		t.Errorf("got\n%s\nwant\n%s", buf.String(), want)
	}
	c := CadenceOf(rows, period.Month, *at("2024-01-01T00:00:00Z"), *at("2024-02-01T00:00:00Z"))
	if len(c.Counts) != 1 || c.Counts[0] != 2 || c.MedianDays["o/r"] != 10 {
		t.Errorf("cadence %+v", c)
	}
}

// Per period: prereleases are not counted but their lead time is; change
// failure rate is n/a without releases in the period or without any
// postmortem at all.
func TestByPeriodCountsFailuresAndLeadTimePerPeriod(t *testing.T) {
	rows := []Row{
		{Release: model.Release{Repo: "o/r", ID: 1, PublishedAt: at("2024-01-10T00:00:00Z")}, LeadTimeMedianHours: 10},
		{Release: model.Release{Repo: "o/r", ID: 2, PublishedAt: at("2024-01-20T00:00:00Z")}, LeadTimeMedianHours: 30, Failed: true},
		{Release: model.Release{Repo: "o/r", ID: 3, Prerelease: true, PublishedAt: at("2024-01-25T00:00:00Z")}, LeadTimeMedianHours: 2},
		{Release: model.Release{Repo: "o/r", ID: 4, PublishedAt: at("2024-03-05T00:00:00Z")}, LeadTimeMedianHours: math.NaN()},
	}
	asOf := *at("2024-03-10T00:00:00Z")
	got := ByPeriod(rows, period.Month, *rows[0].PublishedAt, asOf, true)
	if len(got) != 3 {
		t.Fatalf("want January to March, got %d periods", len(got))
	}
	jan, feb, mar := got[0], got[1], got[2]
	if jan.Releases != 2 || jan.Failed != 1 || jan.ChangeFailure != 0.5 || jan.LeadTimeMedianHours != 10 {
		t.Errorf("January = %+v; want 2 releases, 1 failed, 50%%, lead median of 10, 30, 2 = 10", jan)
	}
	if feb.Releases != 0 || !math.IsNaN(feb.ChangeFailure) || !math.IsNaN(feb.LeadTimeMedianHours) {
		t.Errorf("February has no release: want n/a figures, got %+v", feb)
	}
	if mar.Releases != 1 || mar.ChangeFailure != 0 {
		t.Errorf("March = %+v; want 1 release, 0%%", mar)
	}
	if none := ByPeriod(rows, period.Month, *rows[0].PublishedAt, asOf, false); !math.IsNaN(none[0].ChangeFailure) {
		t.Errorf("without postmortems change failure rate must be n/a, got %v", none[0].ChangeFailure)
	}
	s := Summarize(rows, asOf, true)
	if s.Releases != 3 || s.Failed != 1 || math.Abs(s.ChangeFailure-1.0/3) > 1e-12 || s.Last12Months != 3 || s.Failed12 != 1 ||
		s.Prev12Months != 0 || !math.IsNaN(s.ChangeFailurePrev12) || !s.First.Equal(*rows[0].PublishedAt) {
		t.Errorf("summary = %+v", s)
	}
}
