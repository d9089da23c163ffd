package site

import (
	"strings"
	"testing"
	"time"

	"github.com/vitals-dev/vitals/generator/base/model"
	"github.com/vitals-dev/vitals/generator/internal/testkit/fixture"
	"github.com/vitals-dev/vitals/generator/sources/store"
)

// issueSLOSite, as of Wednesday 2024-04-10, business hours Mon-Fri
// 09:00-17:00 UTC, within 16h, target 0.5 (the slo package's fixture):
//
//	#1 bug area/ui: answered at exactly 16h, good.
//	#2 bug area/ui area/api (two areas): created Friday 16:00; "helper" (a
//	   listed bot) comments a minute later, bob on Monday 10:00: 2h, good.
//	#3 bug: pending at as_of.
//	#4 bug area/api: "helper" at 5 minutes (not a response), bob at 17h: bad.
//	   Were helper a response, #4 would be good and the SLI 75%.
//	#5 bug: created 03-26, never answered: bad, known after Thu 03-28 09:00.
//
// The budget (B = 0.5) is exhausted in (03-28 09:00, 04-02 17:00] and
// (04-03 10:00, 04-08 10:00]. Release v1 at 03-28 09:00 (the instant it runs
// out) is not flagged; v2 a day later is.
func issueSLOSite(t *testing.T) string {
	dir := fixture.WriteSite(t, `-- site.toml --
title = "I"
[github]
repos = ["o/r"]
[issues]
bots = ["Helper"]
[[slo]]
name = "Bugs answered"
issues = ["bug"]
within = "16h"
business_hours = "Mon-Fri 09:00-17:00 UTC"
target = 0.5
window = "28d"
[areas]
prefixes = ["area/"]
[teams]
"Core" = ["ui"]
`)
	alice, bob, helper := model.User{Login: "alice", Type: "User"}, model.User{Login: "bob", Type: "User"}, model.User{Login: "helper", Type: "User"}
	iss := func(n int, created string, labels ...string) model.Issue {
		return model.Issue{Repo: "o/r", Number: n, State: "open", Title: "issue " + itoa(n), Author: alice, Labels: labels,
			CreatedAt: ts(created), UpdatedAt: ts(created), URL: "https://github.com/o/r/issues/" + itoa(n)}
	}
	cm := func(id int64, n int, u model.User, at string) model.Comment {
		return model.Comment{Repo: "o/r", ID: id, IssueNumber: n, User: u, CreatedAt: ts(at)}
	}
	rel := func(id int64, tag, at string) model.Release {
		p := ts(at)
		return model.Release{Repo: "o/r", ID: id, Tag: tag, CreatedAt: p, PublishedAt: &p}
	}
	rd := &store.RepoData{Repo: "o/r", SyncedAt: ts("2024-04-10T00:00:00Z"), EventsComplete: true,
		Issues: []model.Issue{
			iss(1, "2024-04-01T09:00:00Z", "bug", "area/ui"),
			iss(2, "2024-04-05T16:00:00Z", "bug", "area/ui", "area/api"),
			iss(3, "2024-04-09T10:00:00Z", "bug"),
			iss(4, "2024-04-01T10:00:00Z", "bug", "area/api"),
			iss(5, "2024-03-26T09:00:00Z", "bug"),
		},
		Comments: []model.Comment{
			cm(1, 1, bob, "2024-04-02T17:00:00Z"),
			cm(2, 2, helper, "2024-04-05T16:01:00Z"),
			cm(3, 2, bob, "2024-04-08T10:00:00Z"),
			cm(4, 4, helper, "2024-04-01T10:05:00Z"),
			cm(5, 4, bob, "2024-04-03T11:00:00Z"),
		},
		Releases: []model.Release{rel(1, "v1", "2024-03-28T09:00:00Z"), rel(2, "v2", "2024-03-29T09:00:00Z")},
	}
	sd := dir + "/content/data/store"
	if err := store.WriteRepo(sd, rd); err != nil {
		t.Fatal(err)
	}
	if err := store.WriteManifest(sd, store.Manifest{SyncedAt: rd.SyncedAt, Repos: []string{"o/r"}}); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestIssueSLOPolicyAndAreasOnTheSite(t *testing.T) {
	dir := issueSLOSite(t)
	res := mustBuild(t, dir, Options{})
	csv := readOut(t, dir, "data/slo.csv")
	if !strings.Contains(csv, "Bugs answered,rolling-28d,2024-03-13T00:00:00Z,2024-04-10T00:00:00Z,0.5,0.500000,0.000000,true") {
		t.Errorf("slo.csv lacks the response SLO's rolling row:\n%s", csv)
	}
	if !strings.HasPrefix(csv, "slo,period,start,end,target,sli,budget_remaining,compliant") {
		t.Errorf("slo.csv header changed:\n%s", csv)
	}
	// [issues] bots reach every first-response figure: responses to #1, #2
	// and #4 after 32h, 66h and 49h (helper's minutes are not responses).
	if sum := readOut(t, dir, "data/summary.json"); !strings.Contains(sum, `"first_response_median_hours":49`) && !strings.Contains(sum, `"first_response_median_hours": 49`) {
		t.Errorf("summary.json: want a 49h median first response:\n%s", sum)
	}
	page := mainOf(readOut(t, dir, "slo/index.html"))
	for _, want := range []string{"o/r#4</a>", "1.0 working h", "o/r#5</a>", "9.0 working days", "o/r#3</a>", "9.0 working h", "error budget is exhausted: releases may go ahead", "1 of 2 releases"} {
		if !strings.Contains(page, want) {
			t.Errorf("slo page lacks %q", want)
		}
	}
	if strings.Contains(page, "Release freeze recommended") {
		t.Error("freeze recommended while the budget is not exhausted at as_of")
	}
	rels := mainOf(readOut(t, dir, "releases/index.html"))
	if n := strings.Count(rels, ">released on an exhausted budget<"); n != 1 || !strings.Contains(rels, `title="error budget exhausted: Bugs answered"`) {
		t.Errorf("%d releases flagged, want 1 (v2; v1 went out at the instant the budget ran out)", n)
	}
	areas := mainOf(readOut(t, dir, "areas/index.html"))
	if !strings.Contains(areas, "1 issue carries labels of two or more areas and counts in each") {
		t.Error("areas page does not say that #2 counts in two areas")
	}
	for _, want := range []string{`href="../areas/api/index.html">api</a>`, `href="../areas/ui/index.html">ui</a>`, `href="../areas/unassigned/index.html">unassigned</a>`, `href="../teams/core/index.html">Core</a>`} {
		if !strings.Contains(areas, want) {
			t.Errorf("areas page lacks %s", want)
		}
	}
	acsv := strings.ReplaceAll(readOut(t, dir, "data/areas.csv"), "\r\n", "\n")
	for _, row := range []string{
		"area,team,month,opened,closed,bugs_opened,open_at_end,bugs_open_at_end,close_median_days,first_response_within_target\n",
		"\napi,,2024-04,2,0,2,2,2,,0.5000\n",
		"\nui,Core,2024-04,2,0,2,2,2,,1.0000\n",
		"\nunassigned,,2024-03,1,0,1,1,1,,0.0000\n",
		"\nunassigned,,2024-04,1,0,1,2,2,,\n",
		"\nall,Core,2024-04,2,0,2,2,2,,1.0000\n",
	} {
		if !strings.Contains(acsv, row) {
			t.Errorf("areas.csv lacks %q:\n%s", row, acsv)
		}
	}
	if ui := readOut(t, dir, "areas/ui/index.html"); !strings.Contains(ui, "Too little history for a forecast") {
		t.Error("ui area page lacks its forecast sentence")
	}
	for _, s := range res.States {
		if s.Exhausted {
			t.Errorf("%s exhausted at as_of", s.Name)
		}
	}
}

// As of 2024-04-05, #5 and #4 are bad and #1 good: 2 of 3, exhausted. The
// page and the step summary recommend a freeze.
func TestExhaustedBudgetRecommendsAFreeze(t *testing.T) {
	dir := issueSLOSite(t)
	res := mustBuild(t, dir, Options{AsOf: ts("2024-04-05T00:00:00Z")})
	if !strings.Contains(readOut(t, dir, "slo/index.html"), "Release freeze recommended.") {
		t.Error("slo page does not recommend a freeze")
	}
	if !strings.Contains(res.StepSummary, "**Release freeze recommended**: the error budget is exhausted for Bugs answered.") {
		t.Errorf("step summary:\n%s", res.StepSummary)
	}
	if !strings.Contains(readOut(t, dir, "index.html"), "Release freeze recommended") {
		t.Error("dashboard has no freeze card")
	}
	_ = time.Second
}

// Area names come from labels, which are hostile text: they reach pages
// escaped, paths as slugs, and areas.csv with the formula guard.
func TestHostileAreaNames(t *testing.T) {
	dir := fixture.WriteSite(t, "-- site.toml --\ntitle = \"H\"\n[github]\nrepos = [\"o/r\"]\n[areas]\nprefixes = [\"area/\"]\n")
	now := ts("2024-04-01T00:00:00Z")
	rd := &store.RepoData{Repo: "o/r", SyncedAt: ts("2024-04-10T00:00:00Z"), EventsComplete: true,
		Issues: []model.Issue{
			{Repo: "o/r", Number: 1, State: "open", Labels: []string{`area/"><img src=x onerror=alert(1)>`}, CreatedAt: now, UpdatedAt: now},
			{Repo: "o/r", Number: 2, State: "open", Labels: []string{`area/=HYPERLINK("http://x")`}, CreatedAt: now, UpdatedAt: now},
			{Repo: "o/r", Number: 3, State: "open", Labels: []string{`area/../../etc`}, CreatedAt: now, UpdatedAt: now},
		}}
	sd := dir + "/content/data/store"
	if err := store.WriteRepo(sd, rd); err != nil {
		t.Fatal(err)
	}
	if err := store.WriteManifest(sd, store.Manifest{SyncedAt: rd.SyncedAt, Repos: []string{"o/r"}}); err != nil {
		t.Fatal(err)
	}
	mustBuild(t, dir, Options{})
	page := readOut(t, dir, "areas/index.html")
	if strings.Contains(page, "<img src=x") || !strings.Contains(page, "&lt;img src=x onerror=alert(1)&gt;") {
		t.Error("an area name reached the page as markup")
	}
	for _, p := range []string{"areas/img-src-x-onerror-alert-1/index.html", "areas/hyperlink-http-x/index.html", "areas/etc/index.html"} {
		readOut(t, dir, p)
	}
	if csv := readOut(t, dir, "data/areas.csv"); !strings.Contains(csv, `"'=HYPERLINK(""http://x"")"`) {
		t.Errorf("areas.csv without the formula guard:\n%s", csv)
	}
}

// The quarterly review counts the quarter's releases published on an
// exhausted budget, as the releases page does: v2 (2024-03-29) of v1, v2.
func TestQuarterReviewCountsReleasesOnAnExhaustedBudget(t *testing.T) {
	dir := issueSLOSite(t)
	mustBuild(t, dir, Options{})
	review := mainOf(readOut(t, dir, "reviews/2024-Q1/index.html"))
	for _, want := range []string{
		`<span class="fig-name">Releases</span> <span class="fig-value">2</span>`,
		`<span class="fig-name">Released on an exhausted budget</span> <span class="fig-value">1</span>`,
	} {
		if !strings.Contains(review, want) {
			t.Errorf("2024-Q1 review lacks %s", want)
		}
	}
}
