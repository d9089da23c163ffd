package site

import (
	"regexp"
	"strings"
	"testing"

	"github.com/vitals-dev/vitals/generator/base/model"
	"github.com/vitals-dev/vitals/generator/internal/testkit/fixture"
	"github.com/vitals-dev/vitals/generator/sources/store"
)

// The releases page's change failure rates each say their window: beside
// "Releases, last 12 months 0", a rate over all releases read as if it
// were over those 12 months.
func TestReleaseFiguresSayTheirWindow(t *testing.T) {
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
	text := regexp.MustCompile(`<[^>]*>|\s+`).ReplaceAllString(readOut(t, dir, "releases/index.html"), " ")
	text = regexp.MustCompile(` +`).ReplaceAllString(text, " ")
	for _, want := range []string{
		"Releases, last 12 months 0 published, prereleases left out",
		"Change failure rate, last 12 months n/a no releases in the last 12 months",
		"Change failure rate, all releases 0.0% 0 of 1 releases named by a postmortem",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("releases page lacks %q", want)
		}
	}
}
