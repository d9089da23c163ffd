package demo

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/vitals-dev/vitals/generator/base/model"
	"github.com/vitals-dev/vitals/generator/sources/content"
	"github.com/vitals-dev/vitals/generator/sources/store"
)

// TestDemoPostmortemsMatchTheStore checks the handwritten demo postmortems
// against the committed demo store: every named release exists and was
// published a few hours to days before the incident started, every action
// item points at a real issue (not a pull request), and the set covers what
// the pages need (open and closed linked issues, one postmortem without a
// release, one with TOML front matter, every field filled in).
func TestDemoPostmortemsMatchTheStore(t *testing.T) {
	pmDir := filepath.Join(repoRoot, filepath.FromSlash(content.PostmortemsDir))
	if _, err := os.Stat(pmDir); err != nil {
		t.Skipf("no demo postmortems at %s: %v", pmDir, err)
	}
	st, err := store.Open(filepath.Join(repoRoot, "content", "data", "store"))
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Repos) == 0 {
		t.Skip("no committed demo store")
	}
	pms, ds := content.LoadPostmortems(repoRoot, content.NewRenderer(false))
	for _, d := range ds {
		if strings.HasPrefix(d.Path, content.PostmortemsDir+"/") {
			t.Errorf("%s", d)
		}
	}
	if len(pms) < 5 {
		t.Fatalf("%d demo postmortems, want 5 or 6", len(pms))
	}

	issues := map[string]model.Issue{}
	releases := map[string]model.Release{}
	for name, rd := range st.Repos {
		for _, is := range rd.Issues {
			issues[name+"#"+strconv.Itoa(is.Number)] = is
		}
		for _, r := range rd.Releases {
			releases[name+"@"+r.Tag] = r
		}
	}

	var open, closed, noRelease, toml int
	for _, pm := range pms {
		name := filepath.Base(pm.Path)
		if pm.ID == "" || pm.Title == "" || pm.Severity == "" || pm.Status == "" || pm.Repo == "" ||
			pm.Started == nil || pm.Detected == nil || pm.Mitigated == nil || pm.Resolved == nil ||
			len(pm.Services) == 0 || len(pm.Tags) == 0 || len(pm.ActionItems) == 0 {
			t.Errorf("%s: a front-matter field is missing: %+v", name, pm.Postmortem)
			continue
		}
		switch pm.Severity {
		case "SEV1", "SEV2", "SEV3":
		default:
			t.Errorf("%s: severity %q", name, pm.Severity)
		}
		switch pm.Status {
		case "draft", "in-review", "published":
		default:
			t.Errorf("%s: status %q", name, pm.Status)
		}
		if want := pm.Started.Format("2006-01-02") + "-"; !strings.HasPrefix(name, want) {
			t.Errorf("%s: file name should start with the started date %s", name, want)
		}
		if src, err := os.ReadFile(filepath.Join(repoRoot, filepath.FromSlash(pm.Path))); err == nil && strings.HasPrefix(string(src), "+++") {
			toml++
		}
		if pm.Release == "" {
			noRelease++
		} else {
			r, ok := releases[pm.Repo+"@"+pm.Release]
			switch {
			case !ok:
				t.Errorf("%s: release %s of %s is not in the demo store", name, pm.Release, pm.Repo)
			case r.Draft || r.Prerelease || r.PublishedAt == nil:
				t.Errorf("%s: release %s is a draft or prerelease", name, pm.Release)
			case pm.Page != nil && pm.Page.Params["launch"] != nil:
				// A launch's flag exposes a release's change when its stage
				// reaches the users, weeks after the release.
				if pm.Started.Before(*r.PublishedAt) {
					t.Errorf("%s: started before %s was published", name, pm.Release)
				}
			default:
				if lag := pm.Started.Sub(*r.PublishedAt); lag < time.Hour || lag > 7*24*time.Hour {
					t.Errorf("%s: started %s after %s was published, want hours to days", name, lag, pm.Release)
				}
			}
		}
		for _, a := range pm.ActionItems {
			if a.Owner == "" || a.Due == "" || (a.Status != "open" && a.Status != "done") {
				t.Errorf("%s: action item %q lacks owner, due or status", name, a.Title)
			}
			if a.Issue == "" {
				continue
			}
			is, ok := issues[a.Issue]
			if !ok {
				t.Errorf("%s: action item %q points at %s, which is not an issue in the demo store", name, a.Title, a.Issue)
				continue
			}
			if is.State == "open" {
				open++
			} else {
				closed++
			}
		}
	}
	if open == 0 || closed == 0 || noRelease != 1 || toml != 1 {
		t.Errorf("linked issues %d open and %d closed, %d postmortems without a release, %d in TOML: want some open, some closed, exactly one of each", open, closed, noRelease, toml)
	}
}
