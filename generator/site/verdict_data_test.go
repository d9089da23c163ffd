package site

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/vitals-dev/vitals/generator/base/model"
	"github.com/vitals-dev/vitals/generator/internal/testkit/fixture"
	"github.com/vitals-dev/vitals/generator/sources/store"
)

// recentSite: 12 bugs filed one a week from 2023-12-01, as of 2024-04-10,
// plus the issues in extra. An export of recent months, as `vitals import`
// of huggingface/datasets gives (2023-03 to 2024-01).
func recentSite(t *testing.T, extra ...model.Issue) string {
	dir := fixture.WriteSite(t, `-- site.toml --
title = "R"
[github]
repos = ["o/r"]
`)
	var iss []model.Issue
	for i := range 12 {
		c := ts("2023-12-01T00:00:00Z").Add(time.Duration(i) * 7 * 24 * time.Hour)
		iss = append(iss, model.Issue{Repo: "o/r", Number: i + 1, State: "open", Title: "bug " + itoa(i+1),
			Author: model.User{Login: "a", Type: "User"}, Labels: []string{"bug"}, CreatedAt: c, UpdatedAt: c})
	}
	rd := &store.RepoData{Repo: "o/r", SyncedAt: ts("2024-04-10T00:00:00Z"), Issues: append(iss, extra...)}
	sd := dir + "/content/data/store"
	if err := store.WriteRepo(sd, rd); err != nil {
		t.Fatal(err)
	}
	if err := store.WriteManifest(sd, store.Manifest{SyncedAt: rd.SyncedAt, Repos: []string{"o/r"}}); err != nil {
		t.Fatal(err)
	}
	return dir
}

var tileRE = regexp.MustCompile(`(?s)<li class="tile tile-(\w+)" id="tile-bugs-opened">.*?</li>`)

// 12 bugs in the last 12 months against 0 before is "worse" only when the
// data reaches back into the 12 months before; when it begins after them,
// the 0 is the data's edge and the tile says there is nothing to compare.
func TestBugsOpenedTileHasNoBaselineBeforeTheDataBegins(t *testing.T) {
	dir := recentSite(t)
	mustBuild(t, dir, Options{})
	m := tileRE.FindStringSubmatch(readOut(t, dir, "index.html"))
	if m == nil {
		t.Fatal("no bugs-opened tile on the dashboard")
	}
	if m[1] != "few" || !strings.Contains(m[0], "nothing to compare with: the data begins 2023-12-01") || strings.Contains(m[0], "12</strong> against 0") {
		t.Errorf("tile state %q, want few with nothing to compare:\n%s", m[1], m[0])
	}

	// A closed issue from 2022-06 puts the 12 months before inside the data:
	// 12 bugs against 0 is then judged, and worse.
	c, closed := ts("2022-06-01T00:00:00Z"), ts("2022-06-02T00:00:00Z")
	dir = recentSite(t, model.Issue{Repo: "o/r", Number: 99, State: "closed", Title: "old", Author: model.User{Login: "a", Type: "User"},
		CreatedAt: c, UpdatedAt: closed, ClosedAt: &closed})
	mustBuild(t, dir, Options{})
	m = tileRE.FindStringSubmatch(readOut(t, dir, "index.html"))
	if m == nil || m[1] != "worse" || !strings.Contains(m[0], "12</strong> against 0") {
		t.Errorf("with data from 2022, want worse, +12:\n%v", m)
	}
}

// With postmortems but no release in the last 12 months (the shared
// vercel/hyper releases end in 2017), the change failure rate is n/a for
// want of releases, not of postmortems.
func TestChangeFailureCardSaysWhyItIsNA(t *testing.T) {
	dir := fixture.WriteSite(t, `-- site.toml --
title = "R"
[github]
repos = ["o/r"]
-- content/postmortems/2024-03-01-db.md --
---
title: "DB down"
started: "2024-03-01 10:00"
resolved: "2024-03-01 11:00"
---
Body.
`)
	pub := ts("2022-01-10T00:00:00Z")
	rd := &store.RepoData{Repo: "o/r", SyncedAt: ts("2024-04-10T00:00:00Z"),
		Releases: []model.Release{{Repo: "o/r", ID: 1, Tag: "v1", CreatedAt: pub, PublishedAt: &pub}}}
	sd := dir + "/content/data/store"
	if err := store.WriteRepo(sd, rd); err != nil {
		t.Fatal(err)
	}
	if err := store.WriteManifest(sd, store.Manifest{SyncedAt: rd.SyncedAt, Repos: []string{"o/r"}}); err != nil {
		t.Fatal(err)
	}
	mustBuild(t, dir, Options{})
	page := readOut(t, dir, "index.html")
	if strings.Contains(page, "n/a without postmortems") || !strings.Contains(page, "n/a: no releases in the last 12 months") {
		t.Errorf("change failure card blames missing postmortems on a site that has one and no recent release:\n%s", mainOf(page))
	}
}
