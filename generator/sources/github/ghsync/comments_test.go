package ghsync

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/vitals-dev/vitals/generator/base/model"
	"github.com/vitals-dev/vitals/generator/internal/testkit/fakegh"
	"github.com/vitals-dev/vitals/generator/sources/github/importer"
)

// An import of the issues list stores no comments and marks the repository
// (CommentsMissing); the sync after it lists the comments and clears it.
func TestSyncAfterImportStoresCommentsAndClearsCommentsMissing(t *testing.T) {
	e := newEnv(t, fakegh.Options{})
	load(e.srv, "acme/r", shape{Items: 3, Comments: 2})
	jsonl := `{"number":1,"state":"open","comments":1,"created_at":"2024-01-01T01:00:00Z","updated_at":"2024-01-01T01:00:00Z","pull_request":null}` + "\n"
	st, err := importer.ImportJSONL(strings.NewReader(jsonl), "x.jsonl", "acme/r", e.dir, time.Time{})
	if err != nil || !st.CommentsMissing {
		t.Fatalf("import: %+v, %v; want comments missing", st, err)
	}
	e.run(t, "acme/r")
	rd := readRepo(t, e.dir, "acme/r")
	if rd.CommentsMissing || len(rd.Comments) != 2 {
		t.Errorf("after the sync: comments missing %v, %d comments; want false, 2", rd.CommentsMissing, len(rd.Comments))
	}
}

// After a sync, an import brings issue 9, whose comment was posted (and last
// edited) before the stored comments cursor: an incremental listing would
// never return it. The sync lists every comment once, and clears the flag;
// the next one is incremental again.
func TestSyncAfterImportIntoASyncedStoreListsEveryComment(t *testing.T) {
	e := newEnv(t, fakegh.Options{})
	load(e.srv, "acme/r", shape{Items: 3, Comments: 2})
	e.run(t, "acme/r")
	if rd := readRepo(t, e.dir, "acme/r"); rd.CommentsMissing || rd.Sync.CommentsSince == nil {
		t.Fatalf("after the first sync: comments missing %v, cursor %v", rd.CommentsMissing, rd.Sync.CommentsSince)
	}
	old := created(1).Add(30 * time.Minute)
	e.srv.AddIssue("acme/r", model.Issue{Number: 9, Title: "imported", State: "open", Author: model.User{Login: "user"}, CreatedAt: old, UpdatedAt: old})
	e.srv.AddComment("acme/r", model.Comment{ID: 900000, IssueNumber: 9, User: model.User{Login: "bob"}, CreatedAt: old, UpdatedAt: old})
	stamp := old.UTC().Format(time.RFC3339)
	jsonl := fmt.Sprintf(`{"number":9,"state":"open","comments":1,"created_at":%q,"updated_at":%q,"pull_request":null}`+"\n", stamp, stamp)
	if st, err := importer.ImportJSONL(strings.NewReader(jsonl), "x.jsonl", "acme/r", e.dir, e.clock.Now()); err != nil || !st.CommentsMissing {
		t.Fatalf("import: %+v, %v; want comments missing", st, err)
	}
	e.clock.Add(time.Hour)
	e.run(t, "acme/r")
	rd := readRepo(t, e.dir, "acme/r")
	found := false
	for _, c := range rd.Comments {
		found = found || c.ID == 900000
	}
	if rd.CommentsMissing || !found || len(rd.Comments) != 3 {
		t.Errorf("comments missing %v, issue 9's comment stored %v, %d comments; want false, true, 3", rd.CommentsMissing, found, len(rd.Comments))
	}
	e.clock.Add(time.Hour)
	e.srv.ResetCounts()
	e.run(t, "acme/r")
	if rd := readRepo(t, e.dir, "acme/r"); rd.CommentsMissing || len(rd.Comments) != 3 {
		t.Errorf("a further sync: comments missing %v, %d comments", rd.CommentsMissing, len(rd.Comments))
	}
}

// The import says issue 9 has a comment, but GitHub lists none any more
// (deleted): the sync still clears the flag, or first responses would stay
// unknown for good.
func TestSyncClearsCommentsMissingWhenGitHubHasNoComments(t *testing.T) {
	e := newEnv(t, fakegh.Options{})
	load(e.srv, "acme/r", shape{Items: 3, Releases: 2}) // releases: their ETag answers 304 after the first sync
	e.run(t, "acme/r")
	old := created(1).Add(30 * time.Minute)
	e.srv.AddIssue("acme/r", model.Issue{Number: 9, Title: "imported", State: "open", Author: model.User{Login: "user"}, CreatedAt: old, UpdatedAt: old})
	stamp := old.UTC().Format(time.RFC3339)
	jsonl := fmt.Sprintf(`{"number":9,"state":"open","comments":1,"created_at":%q,"updated_at":%q,"pull_request":null}`+"\n", stamp, stamp)
	if st, err := importer.ImportJSONL(strings.NewReader(jsonl), "x.jsonl", "acme/r", e.dir, e.clock.Now()); err != nil || !st.CommentsMissing {
		t.Fatalf("import: %+v, %v; want comments missing", st, err)
	}
	e.clock.Add(time.Hour)
	e.run(t, "acme/r")
	if rd := readRepo(t, e.dir, "acme/r"); rd.CommentsMissing || len(rd.Issues) != 4 {
		t.Errorf("comments missing %v, %d issues; want false, 4 (1, 2, 3 and 9)", rd.CommentsMissing, len(rd.Issues))
	}
}
