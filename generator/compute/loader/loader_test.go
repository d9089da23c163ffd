package loader

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/vitals-dev/vitals/generator/base/model"
	"github.com/vitals-dev/vitals/generator/compute/issuestats"
	"github.com/vitals-dev/vitals/generator/sources/demo"
	"github.com/vitals-dev/vitals/generator/sources/store"
)

// The figures computed one repository at a time and merged are those of
// the whole dataset computed at once, for every repository and for all.
func TestPerRepositoryFiguresMergeToThoseOfTheWholeStore(t *testing.T) {
	dir := t.TempDir()
	if err := demo.Write(dir, demo.Options{Seed: 7, Issues: 3000, Repos: []string{"a/one", "b/two", "c/three"}}); err != nil {
		t.Fatal(err)
	}
	s, err := store.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, asOf := range []time.Time{{}, time.Date(2025, 5, 17, 12, 0, 0, 0, time.UTC)} {
		repos := []string{"c/three", "a/one", "x/missing", "b/two"}
		ld, err := Load(context.Background(), Options{Dir: dir, Repos: repos, AsOf: asOf,
			Issues: issuestats.Options{BugLabels: []string{"bug"}}, Quarters: true})
		if err != nil {
			t.Fatal(err)
		}
		whole := s.Dataset(repos)
		if !asOf.IsZero() {
			whole.AsOf = asOf
		}
		want := issuestats.Compute(whole, issuestats.Options{AsOf: whole.AsOf, BugLabels: []string{"bug"}})
		gb, _ := json.Marshal(ld.Issues)
		wb, _ := json.Marshal(want)
		if string(gb) != string(wb) {
			t.Errorf("as of %v: merged figures differ from the whole dataset's", asOf)
		}
		if !reflect.DeepEqual(ld.Missing, []string{"x/missing"}) || !reflect.DeepEqual(ld.Dataset.Repos, whole.Repos) ||
			len(ld.Dataset.Issues) != len(whole.Issues) || len(ld.Dataset.Releases) != len(whole.Releases) ||
			len(ld.Dataset.PullRequests) != len(whole.PullRequests) || ld.Dataset.Comments != nil || ld.Dataset.Events != nil {
			t.Errorf("dataset: missing %v, repos %v", ld.Missing, ld.Dataset.Repos)
		}
		if len(ld.Quarters) < 4 {
			t.Errorf("%d quarter reports", len(ld.Quarters))
		}
	}
}

func TestBrokenRepositoryStopsTheLoadNamingItsFile(t *testing.T) {
	dir := t.TempDir()
	if err := demo.Write(dir, demo.Options{Seed: 7, Issues: 300, Repos: []string{"a/one", "b/two"}}); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "repos", "a", "one", "events.parquet"), []byte("not parquet"), 0o644)
	_, err := Load(context.Background(), Options{Dir: dir})
	if err == nil || !strings.Contains(err.Error(), filepath.Join("a", "one", "events.parquet")) {
		t.Fatalf("got %v", err)
	}
}

func TestMissingStoreIsEmpty(t *testing.T) {
	ld, err := Load(context.Background(), Options{Dir: filepath.Join(t.TempDir(), "none"), Repos: []string{"o/r"}})
	if err != nil || len(ld.Missing) != 1 || len(ld.Issues.Repos) != 1 {
		t.Fatalf("%v %+v", err, ld)
	}
}

func TestKeepIssueSelectsTheIssuesHeldAfterTheFigures(t *testing.T) {
	dir := t.TempDir()
	if err := demo.Write(dir, demo.Options{Seed: 7, Issues: 300, Repos: []string{"a/one", "b/two"}}); err != nil {
		t.Fatal(err)
	}
	all, err := Load(context.Background(), Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	some, err := Load(context.Background(), Options{Dir: dir, KeepIssue: func(is *model.Issue) bool { return is.Repo == "b/two" && is.Number == 3 }})
	if err != nil {
		t.Fatal(err)
	}
	if len(some.Dataset.Issues) != 1 || some.Dataset.Issues[0].Number != 3 {
		t.Errorf("kept %d issues", len(some.Dataset.Issues))
	}
	a, _ := json.Marshal(all.Issues)
	b, _ := json.Marshal(some.Issues)
	if string(a) != string(b) || len(all.Dataset.Issues) != 300 {
		t.Error("the figures depend on which issues are kept")
	}
}
