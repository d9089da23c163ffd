package site

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vitals-dev/vitals/generator/base/model"
	"github.com/vitals-dev/vitals/generator/sources/store"
)

// noCommentsSite is issueSLOSite (o/r, with comments) plus o/imported, an
// import of the issues list: no comments in the store (CommentsMissing),
// two bugs that would count as never answered:
//
//	#1 created 2024-03-20 09:00, closed 2024-03-21 09:00 (24h).
//	#2 created 2024-03-25 09:00, open.
//
// "Imported answered" (first response, o/imported only) has no data.
// "Imported closed" (close within 48h, target 0.5) judges both: #1 good,
// #2 bad (its 48h passed long before as_of): SLI 0.5, budget 0.
func noCommentsSite(t *testing.T) string {
	dir := issueSLOSite(t)
	toml := `title = "I"
[github]
repos = ["o/imported", "o/r"]
[issues]
bots = ["Helper"]
[[slo]]
name = "Bugs answered"
issues = ["bug"]
within = "16h"
business_hours = "Mon-Fri 09:00-17:00 UTC"
target = 0.5
window = "28d"
[[slo]]
name = "Imported answered"
issues = []
repo = "o/imported"
within = "48h"
target = 0.9
window = "28d"
[[slo]]
name = "Imported closed"
issues = []
repo = "o/imported"
close_within = "48h"
target = 0.5
window = "28d"
`
	if err := os.WriteFile(filepath.Join(dir, "site.toml"), []byte(toml), 0o644); err != nil {
		t.Fatal(err)
	}
	alice := model.User{Login: "alice", Type: "User"}
	closed := ts("2024-03-21T09:00:00Z")
	rd := &store.RepoData{Repo: "o/imported", SyncedAt: ts("2024-04-10T00:00:00Z"), CommentsMissing: true,
		Issues: []model.Issue{
			{Repo: "o/imported", Number: 1, State: "closed", Title: "one", Author: alice, Labels: []string{"bug"},
				CreatedAt: ts("2024-03-20T09:00:00Z"), UpdatedAt: closed, ClosedAt: &closed},
			{Repo: "o/imported", Number: 2, State: "open", Title: "two", Author: alice, Labels: []string{"bug"},
				CreatedAt: ts("2024-03-25T09:00:00Z"), UpdatedAt: ts("2024-03-25T09:00:00Z")},
		}}
	sd := filepath.Join(dir, "content", "data", "store")
	if err := store.WriteRepo(sd, rd); err != nil {
		t.Fatal(err)
	}
	if err := store.WriteManifest(sd, store.Manifest{SyncedAt: rd.SyncedAt, Repos: []string{"o/imported", "o/r"}}); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestFirstResponsesOfARepoWithoutCommentsAreUnknown(t *testing.T) {
	dir := noCommentsSite(t)
	res := mustBuild(t, dir, Options{})
	csv := readOut(t, dir, "data/slo.csv")
	for _, row := range []string{
		// o/imported's bugs are left out: the same figures as o/r alone
		// (TestIssueSLOPolicyAndAreasOnTheSite).
		"Bugs answered,rolling-28d,2024-03-13T00:00:00Z,2024-04-10T00:00:00Z,0.5,0.500000,0.000000,true",
		// No data: empty cells, not 0.
		"Imported answered,rolling-28d,2024-03-13T00:00:00Z,2024-04-10T00:00:00Z,0.9,,,",
		"Imported closed,rolling-28d,2024-03-13T00:00:00Z,2024-04-10T00:00:00Z,0.5,0.500000,0.000000,true",
	} {
		if !strings.Contains(csv, row) {
			t.Errorf("slo.csv lacks %q:\n%s", row, csv)
		}
	}
	if strings.Contains(csv, "Imported answered,2024-") {
		t.Errorf("slo.csv has months for an SLO without data:\n%s", csv)
	}
	for _, s := range res.States {
		if s.Exhausted {
			t.Errorf("%s exhausted", s.Name)
		}
		if s.Name == "Imported answered" && s.State != "no-data" {
			t.Errorf("Imported answered is %q, want no-data", s.State)
		}
	}
	// summary.json: o/imported's median is unknown; all's is o/r's 49h.
	sum := strings.ReplaceAll(readOut(t, dir, "data/summary.json"), " ", "")
	if !strings.Contains(sum, `"o/imported":{`) {
		t.Fatalf("summary.json has no o/imported:\n%s", sum)
	}
	imp := sum[strings.Index(sum, `"o/imported":{`):]
	imp = imp[:strings.Index(imp, "}")]
	if !strings.Contains(imp, `"first_response_median_hours":null`) {
		t.Errorf("o/imported in summary.json: %s", imp)
	}
	all := sum[strings.Index(sum, `"all":{`):]
	all = all[:strings.Index(all, "}")]
	if !strings.Contains(all, `"first_response_median_hours":49`) {
		t.Errorf("all in summary.json, want o/r's 49h: %s", all)
	}

	note := "no comments in the store for o/imported: run vitals fetch"
	page := mainOf(readOut(t, dir, "issues/o/imported/index.html"))
	if !strings.Contains(page, note) || strings.Contains(page, "no response yet:") {
		t.Errorf("o/imported's issues page lacks %q or counts unanswered issues:\n%s", note, page)
	}
	// All: o/r's 3 answered and 2 unanswered (#3 under 2 days old): 1 of 4
	// within 2 days; o/imported named as left out.
	page = mainOf(readOut(t, dir, "issues/index.html"))
	for _, want := range []string{"25.0% of all issues since the data begins answered within 2 calendar days; no response yet: 2; leaves out o/imported (no comments in the store: run vitals fetch)", "Left out: " + note + "."} {
		if !strings.Contains(page, want) {
			t.Errorf("issues page lacks %q", want)
		}
	}
	page = mainOf(readOut(t, dir, "slo/index.html"))
	for _, want := range []string{note + ".</p>", "Not judged", "first response unknown, left out; " + note} {
		if !strings.Contains(page, want) {
			t.Errorf("slo page lacks %q", want)
		}
	}
	for _, p := range []string{"slo/index.html", "index.html"} {
		if strings.Contains(readOut(t, dir, p), "Release freeze recommended") {
			t.Errorf("%s recommends a freeze", p)
		}
	}
}
