package store

import (
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/vitals-dev/vitals/generator/base/model"
)

// Dictionary-encoded strings (repo, logins, types, states, events) are read
// through the dictionary's indexes: every record comes back as written over
// several pages of one column (300,000 comments), with empty strings, one
// login spelt in two cases and 500 of them in all.
func TestDictionaryColumnsReadBackOverManyPages(t *testing.T) {
	dir := t.TempDir()
	at := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	rd := &RepoData{Repo: "o/r", SyncedAt: at, EventsComplete: true}
	for i := range 300_000 {
		u := model.User{Login: fmt.Sprint("user", i%499), Type: "User"}
		switch i % 997 {
		case 0:
			u = model.User{}
		case 1:
			u = model.User{Login: "USER1", Type: "Bot"}
		}
		rd.Comments = append(rd.Comments, model.Comment{Repo: "o/r", ID: int64(i + 1), IssueNumber: i % 5000, User: u,
			CreatedAt: at.Add(time.Duration(i) * time.Second)})
	}
	for i := range 3000 {
		rd.Events = append(rd.Events, model.Event{Repo: "o/r", ID: int64(i + 1), IssueNumber: i, Event: []string{"closed", "reopened", "labeled"}[i%3],
			Actor: model.User{Login: fmt.Sprint("a", i%7)}, CreatedAt: at})
	}
	want := *rd
	if err := WriteRepo(dir, rd); err != nil {
		t.Fatal(err)
	}
	got, err := ReadRepo(dir, "o/r")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got.Comments, want.Comments) || !reflect.DeepEqual(got.Events, want.Events) {
		t.Fatalf("records differ after the round trip: first comments %+v, want %+v", got.Comments[:3], want.Comments[:3])
	}
}
