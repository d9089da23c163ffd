package ghconv

import (
	"reflect"
	"testing"
	"time"

	"github.com/google/go-github/v60/github"
)

func row(n int, updated time.Time, pr bool, title string) *github.Issue {
	is := &github.Issue{Number: github.Int(n), Title: github.String(title), State: github.String("open"),
		CreatedAt: &github.Timestamp{Time: updated}, UpdatedAt: &github.Timestamp{Time: updated}}
	if pr {
		is.PullRequestLinks = &github.PullRequestLinks{}
	}
	return is
}

func TestMergerPageByPageEqualsMerge(t *testing.T) {
	t0 := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	rows := []*github.Issue{
		row(1, t0, false, "a"), row(2, t0, true, "b"),
		row(1, t0.Add(time.Hour), false, "a2"), // later update wins
		row(3, t0, false, "c"),
		row(2, t0, false, "b2"), // same updated_at: the later row wins, and its kind
	}
	want := Merge("o/r", Items{}, rows)
	m := NewMerger("o/r", Items{})
	m.Add(rows[:2])
	m.Add(rows[2:])
	if got := m.Items(); !reflect.DeepEqual(got, want) {
		t.Errorf("page by page %+v, want %+v", got, want)
	}
	// 3 issues: 1 ("a2"), 2 ("b2", now an issue), 3.
	if len(want.Issues) != 3 || len(want.PullRequests) != 0 || want.Issues[0].Title != "a2" || want.Issues[1].Title != "b2" {
		t.Errorf("Merge %+v", want)
	}
}

func TestMergerRemoveThenAddListsOnce(t *testing.T) {
	t0 := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	m := NewMerger("o/r", Items{})
	m.Add([]*github.Issue{row(1, t0, false, "a"), row(2, t0, false, "b")})
	m.Remove(1)
	if m.Len() != 1 {
		t.Errorf("len %d after remove, want 1", m.Len())
	}
	m.Add([]*github.Issue{row(1, t0, false, "a again")})
	got := m.Items()
	if len(got.Issues) != 2 || got.Issues[0].Title != "a again" {
		t.Errorf("items %+v, want 1 once then 2", got.Issues)
	}
}
