package importer

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vitals-dev/vitals/generator/internal/testkit/fixture"
	"github.com/vitals-dev/vitals/generator/sources/store"
)

const releasesArray = `[
 {"id": 2, "tag_name": "v1.1.0", "name": "One one", "draft": false, "prerelease": false,
  "created_at": "2024-02-01T00:00:00Z", "published_at": "2024-02-02T00:00:00Z", "body": "fixes"},
 {"id": 1, "tag_name": "v1.0.0", "draft": false, "prerelease": true,
  "created_at": "2024-01-01T00:00:00Z", "published_at": "2024-01-02T00:00:00Z"},
 {"id": 3, "tag_name": "v2-draft", "draft": true, "created_at": "2024-03-01T00:00:00Z"}
]`

func TestImportDetectsAndStoresReleases(t *testing.T) {
	dir := t.TempDir()
	kind, st, err := Import(strings.NewReader(releasesArray), "r.json", "o/r", dir, time.Time{})
	if err != nil || kind != Releases {
		t.Fatalf("kind %v err %v", kind, err)
	}
	// No synced_at given and none stored: a second after the latest instant
	// in the file, the draft's created_at.
	if !st.SyncedAt.Equal(time.Date(2024, 3, 1, 0, 0, 1, 0, time.UTC)) {
		t.Errorf("synced_at %v", st.SyncedAt)
	}
	s, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	rs := s.Repos["o/r"].Releases
	if len(rs) != 3 || rs[0].Tag != "v1.0.0" || !rs[0].Prerelease || !rs[2].Draft || rs[1].Body != "fixes" {
		t.Fatalf("releases: %+v", rs)
	}
	// Importing again replaces by id and keeps synced_at.
	if _, st, err = Import(strings.NewReader(releasesArray), "r.json", "o/r", dir, time.Time{}); err != nil || st.Duplicates != 3 {
		t.Fatalf("reimport: %+v %v", st, err)
	}
	s, _ = store.Open(dir)
	if len(s.Repos["o/r"].Releases) != 3 {
		t.Error("reimport duplicated releases")
	}
}

func TestImportReleasesReportsBadInput(t *testing.T) {
	_, _, err := Import(strings.NewReader("[\n{\"id\": 1, \"tag_name\": \"v1\"},\n{oops}\n]"), "bad.json", "o/r", t.TempDir(), time.Time{})
	if err == nil || !strings.Contains(err.Error(), "bad.json: line 3:") {
		t.Fatalf("got %v", err)
	}
	_, _, err = Import(strings.NewReader(`[{"name": "no id"}]`), "x.json", "o/r", t.TempDir(), time.Time{})
	if err == nil || !strings.Contains(err.Error(), "no id or tag_name") {
		t.Fatalf("got %v", err)
	}
}

func TestAcceptanceHyperReleases(t *testing.T) {
	p := fixture.SharedData(t, "github", "zeit-hyper-releases", "releases.json")
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	dir := filepath.Join(t.TempDir(), "store")
	kind, st, err := Import(f, p, "zeit/hyper", dir, time.Time{})
	if err != nil || kind != Releases {
		t.Fatalf("%v %v", kind, err)
	}
	if st.Lines != 11 {
		t.Errorf("read %d releases, SOURCES.md says 11", st.Lines)
	}
	s, _ := store.Open(dir)
	for _, r := range s.Repos["zeit/hyper"].Releases {
		t.Logf("%s %s prerelease=%v published=%v", r.Tag, r.Name, r.Prerelease, r.PublishedAt)
	}
}
