package site

import (
	"strings"
	"testing"
	"time"

	"github.com/vitals-dev/vitals/generator/base/model"
	"github.com/vitals-dev/vitals/generator/internal/testkit/fixture"
	"github.com/vitals-dev/vitals/generator/sources/store"
)

func ts(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

// reviewSite has one repo whose issue 1 is opened in January 2024, closed
// in February (Q1), reopened in May and closed again in August (Q3).
func reviewSite(t *testing.T) string {
	dir := fixture.WriteSite(t, "-- site.toml --\ntitle = \"R\"\n[github]\nrepos = [\"o/r\"]\n")
	sd := dir + "/content/data/store"
	closed := ts("2024-08-10T00:00:00Z")
	rd := &store.RepoData{Repo: "o/r", SyncedAt: ts("2024-10-01T00:00:00Z"), EventsComplete: true,
		Issues: []model.Issue{
			{Repo: "o/r", Number: 1, State: "closed", Labels: []string{"bug"}, CreatedAt: ts("2024-01-01T00:00:00Z"), UpdatedAt: closed, ClosedAt: &closed},
			{Repo: "o/r", Number: 2, State: "open", CreatedAt: ts("2024-02-01T00:00:00Z"), UpdatedAt: ts("2024-02-01T00:00:00Z")},
		},
		Events: []model.Event{
			{Repo: "o/r", ID: 1, IssueNumber: 1, Event: "closed", CreatedAt: ts("2024-01-11T00:00:00Z")},
			{Repo: "o/r", ID: 2, IssueNumber: 1, Event: "reopened", CreatedAt: ts("2024-05-01T00:00:00Z")},
			{Repo: "o/r", ID: 3, IssueNumber: 1, Event: "closed", CreatedAt: closed},
		},
	}
	if err := store.WriteRepo(sd, rd); err != nil {
		t.Fatal(err)
	}
	if err := store.WriteManifest(sd, store.Manifest{SyncedAt: rd.SyncedAt, Repos: []string{"o/r"}}); err != nil {
		t.Fatal(err)
	}
	return dir
}

// mainOf is the page without its footer, which names the build's data time.
func mainOf(html string) string {
	i, j := strings.Index(html, "<main"), strings.Index(html, "</main>")
	return html[i:j]
}

func TestQuarterReviewCountsAsOfTheQuarterEndAndStaysPut(t *testing.T) {
	dir := reviewSite(t)
	// As of 2024-04-01, Q1 is complete: issue 1 was closed after 10 days.
	mustBuild(t, dir, Options{AsOf: ts("2024-04-01T00:00:00Z")})
	early := readOut(t, dir, "reviews/2024-Q1/index.html")
	if !strings.Contains(early, "<th scope=\"row\">Median days to close</th><td class=\"num\">10.00</td>") {
		t.Fatalf("Q1 as of its end: want a 10-day close:\n%s", mainOf(early))
	}
	// As of 2024-10-01 the issue's final close is in Q3, but the Q1 page
	// still shows Q1 as it was.
	mustBuild(t, dir, Options{})
	late := readOut(t, dir, "reviews/2024-Q1/index.html")
	if !sameIgnoringQuarterLinks(mainOf(early), mainOf(late)) {
		t.Errorf("the Q1 review changed when later data arrived:\n--- early\n%s\n--- late\n%s", mainOf(early), mainOf(late))
	}
	if !strings.Contains(late, "Counted as of the end of 2024-Q1 (1 April 2024, 00:00 UTC).") {
		t.Error("footer does not say the figures are as of the quarter end")
	}
	// Q3 opens nothing, and reopens and closes issue 1 (222 days after creation).
	q3 := readOut(t, dir, "reviews/2024-Q3/index.html")
	for _, want := range []string{
		"<th scope=\"row\">Median days to close</th><td class=\"num\">222.00</td>",
		"<th scope=\"row\">Open issues at the end</th><td class=\"num\">1</td>",
	} {
		if !strings.Contains(q3, want) {
			t.Errorf("Q3 lacks %s", want)
		}
	}
	idx := readOut(t, dir, "reviews/index.html")
	if !strings.Contains(idx, "2024-Q3") || strings.Contains(idx, "2024-Q4") {
		t.Error("the index must list complete quarters only")
	}
}

// sameIgnoringQuarterLinks compares two review bodies apart from the list
// of other quarters, which grows as quarters complete.
func sameIgnoringQuarterLinks(a, b string) bool {
	cut := func(s string) string {
		if i := strings.Index(s, `<nav class="review-nav"`); i >= 0 {
			return s[:i]
		}
		return s
	}
	return cut(a) == cut(b)
}
