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

// Every field of every table comes back as written, over many pages and
// with every kind of NULL: times absent and present (a zero closed_at
// included), labels none to several (some across page boundaries),
// reactions unknown and known. ReadRepoLean gives the same records but
// for the columns it leaves out, which stay zero.
func TestEveryColumnReadsBackAndLeanLeavesOutOnlyItsColumns(t *testing.T) {
	dir := t.TempDir()
	at := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	tp := func(i int) *time.Time {
		switch i % 4 {
		case 0:
			return nil
		case 1:
			z := time.Time{}
			return &z
		}
		v := at.Add(time.Duration(i) * time.Minute)
		return &v
	}
	rd := &RepoData{Repo: "o/r", SyncedAt: at, EventsComplete: true}
	labels := []string{"bug", "ui", "Bug", "area/x"}
	for i := range 50_000 { // several pages of each column
		is := model.Issue{Repo: "o/r", Number: i + 1, Title: fmt.Sprintf("title %d with <b>text</b>", i), State: []string{"open", "closed"}[i%2],
			StateReason: []string{"", "completed", "not_planned"}[i%3], Author: model.User{Login: fmt.Sprint("u", i%37), Type: []string{"User", "Bot", ""}[i%3]},
			Labels: labels[:i%5%len(labels)], CreatedAt: at.Add(time.Duration(i) * time.Second), UpdatedAt: at.Add(time.Duration(i) * time.Hour),
			ClosedAt: tp(i), URL: fmt.Sprintf("https://x/o/r/issues/%d", i+1)}
		if len(is.Labels) == 0 {
			is.Labels = nil
		}
		if i%3 != 0 {
			is.Reactions = &model.Reactions{ThumbsUp: i % 7, ThumbsDown: 1, Laugh: 2, Hooray: 3, Confused: 4, Heart: 5, Rocket: 6, Eyes: i % 11}
		}
		rd.Issues = append(rd.Issues, is)
		if i%10 == 0 {
			rd.PullRequests = append(rd.PullRequests, model.PullRequest{Repo: "o/r", Number: 100_000 + i, Title: "pr", State: "closed",
				Author: model.User{Login: "p"}, Labels: is.Labels, CreatedAt: is.CreatedAt, UpdatedAt: is.UpdatedAt, ClosedAt: tp(i + 2), MergedAt: tp(i + 3), URL: "u"})
			rd.Releases = append(rd.Releases, model.Release{Repo: "o/r", ID: int64(i), Tag: fmt.Sprint("v", i), Name: "n", Draft: i%20 == 0, Prerelease: i%30 == 0,
				CreatedAt: is.CreatedAt, PublishedAt: tp(i + 2), Body: "body", URL: "r"})
			rd.Demand = append(rd.Demand, model.DemandPoint{Repo: "o/r", Issue: i + 1, At: is.CreatedAt, ThumbsUp: i % 9})
		}
		rd.Comments = append(rd.Comments, model.Comment{Repo: "o/r", ID: int64(i + 1), IssueNumber: i/3 + 1, User: is.Author,
			CreatedAt: is.CreatedAt, UpdatedAt: is.UpdatedAt})
		rd.Events = append(rd.Events, model.Event{Repo: "o/r", ID: int64(i + 1), IssueNumber: i/2 + 1, Event: []string{"closed", "reopened", "labeled"}[i%3],
			Actor: is.Author, CreatedAt: is.CreatedAt})
	}
	if err := WriteRepo(dir, rd); err != nil {
		t.Fatal(err)
	}
	got, err := ReadRepo(dir, "o/r")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name      string
		got, want any
	}{{"issues", got.Issues, rd.Issues}, {"pull requests", got.PullRequests, rd.PullRequests}, {"comments", got.Comments, rd.Comments},
		{"events", got.Events, rd.Events}, {"releases", got.Releases, rd.Releases}, {"demand", got.Demand, rd.Demand}} {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("%s differ after the round trip", c.name)
		}
	}
	lean, err := ReadRepoLean(dir, "o/r")
	if err != nil {
		t.Fatal(err)
	}
	for i := range rd.Comments {
		rd.Comments[i].ID, rd.Comments[i].UpdatedAt = 0, time.Time{}
	}
	for i := range rd.Events {
		rd.Events[i].Actor = model.User{}
	}
	if !reflect.DeepEqual(lean.Issues, rd.Issues) || !reflect.DeepEqual(lean.Comments, rd.Comments) || !reflect.DeepEqual(lean.Events, rd.Events) ||
		!reflect.DeepEqual(lean.PullRequests, rd.PullRequests) {
		t.Error("the lean read differs by more than the columns it leaves out")
	}
}
