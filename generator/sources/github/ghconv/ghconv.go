// Package ghconv turns go-github REST objects into vitals' domain types.
// The sync and the JSONL import both go through it, so both count the same way.
package ghconv

import (
	"time"

	"github.com/google/go-github/v60/github"

	"github.com/vitals-dev/vitals/generator/base/model"
)

func user(u *github.User) model.User {
	if u == nil {
		return model.User{}
	}
	return model.User{Login: u.GetLogin(), Type: u.GetType()}
}

func ts(t *github.Timestamp) *time.Time {
	if t == nil || t.IsZero() {
		return nil
	}
	v := t.Time.UTC()
	return &v
}

func tv(t *github.Timestamp) time.Time {
	if p := ts(t); p != nil {
		return *p
	}
	return time.Time{}
}

// IsPullRequest reports whether an item of the issues list is a pull request:
// its pull_request field is present and not null. go-github decodes
// `"pull_request": null` to a nil pointer, so a plain issue with that key is
// (rightly) not a pull request.
func IsPullRequest(is *github.Issue) bool { return is.PullRequestLinks != nil }

// Issue converts an item of the issues list that is not a pull request.
func Issue(repo string, is *github.Issue) model.Issue {
	out := model.Issue{
		Repo:        repo,
		Number:      is.GetNumber(),
		Title:       is.GetTitle(),
		State:       is.GetState(),
		StateReason: is.GetStateReason(),
		Author:      user(is.User),
		CreatedAt:   tv(is.CreatedAt),
		UpdatedAt:   tv(is.UpdatedAt),
		ClosedAt:    ts(is.ClosedAt),
		URL:         is.GetHTMLURL(),
	}
	for _, l := range is.Labels {
		out.Labels = append(out.Labels, l.GetName())
	}
	out.Reactions = reactions(is.Reactions)
	return out
}

// reactions converts GitHub's reactions object; nil (an export without
// it) stays unknown.
func reactions(r *github.Reactions) *model.Reactions {
	if r == nil {
		return nil
	}
	return &model.Reactions{ThumbsUp: r.GetPlusOne(), ThumbsDown: r.GetMinusOne(), Laugh: r.GetLaugh(), Hooray: r.GetHooray(),
		Confused: r.GetConfused(), Heart: r.GetHeart(), Rocket: r.GetRocket(), Eyes: r.GetEyes()}
}

// PullRequest converts an item of the issues list that is a pull request.
func PullRequest(repo string, is *github.Issue) model.PullRequest {
	out := model.PullRequest{
		Repo:      repo,
		Number:    is.GetNumber(),
		Title:     is.GetTitle(),
		State:     is.GetState(),
		Author:    user(is.User),
		CreatedAt: tv(is.CreatedAt),
		UpdatedAt: tv(is.UpdatedAt),
		ClosedAt:  ts(is.ClosedAt),
		URL:       is.GetHTMLURL(),
	}
	if is.PullRequestLinks != nil {
		out.MergedAt = ts(is.PullRequestLinks.MergedAt)
	}
	for _, l := range is.Labels {
		out.Labels = append(out.Labels, l.GetName())
	}
	return out
}

// Comment converts a repository-wide issue comment. The issue number is the
// last path element of issue_url.
func Comment(repo string, c *github.IssueComment) model.Comment {
	return model.Comment{
		Repo:        repo,
		ID:          c.GetID(),
		IssueNumber: numberFromURL(c.GetIssueURL()),
		User:        user(c.User),
		CreatedAt:   tv(c.CreatedAt),
		UpdatedAt:   tv(c.UpdatedAt),
	}
}

// Event converts a repository-wide issue event.
func Event(repo string, e *github.IssueEvent) model.Event {
	n := 0
	if e.Issue != nil {
		n = e.Issue.GetNumber()
	}
	return model.Event{
		Repo:        repo,
		ID:          e.GetID(),
		IssueNumber: n,
		Event:       e.GetEvent(),
		Actor:       user(e.Actor),
		CreatedAt:   tv(e.CreatedAt),
	}
}

// Release converts a release.
func Release(repo string, r *github.RepositoryRelease) model.Release {
	return model.Release{
		Repo:        repo,
		ID:          r.GetID(),
		Tag:         r.GetTagName(),
		Name:        r.GetName(),
		Draft:       r.GetDraft(),
		Prerelease:  r.GetPrerelease(),
		CreatedAt:   tv(r.CreatedAt),
		PublishedAt: ts(r.PublishedAt),
		Body:        r.GetBody(),
		URL:         r.GetHTMLURL(),
	}
}

func numberFromURL(u string) int {
	n, mul := 0, 1
	for i := len(u) - 1; i >= 0; i-- {
		c := u[i]
		if c < '0' || c > '9' {
			break
		}
		n += int(c-'0') * mul
		mul *= 10
	}
	return n
}

// Items is the issues list split into issues and pull requests, with
// duplicates (same number) resolved: the row with the latest updated_at wins.
type Items struct {
	Issues       []model.Issue
	PullRequests []model.PullRequest
}

// Merge adds list items to existing ones of one repository, keeping for each
// number the row with the latest updated_at (ties: the later row wins).
// A number that moves between issue and pull request takes the winner's kind.
func Merge(repo string, existing Items, rows []*github.Issue) Items {
	m := NewMerger(repo, existing)
	m.Add(rows)
	return m.Items()
}

// Merger is Merge done a page at a time, so that a sync need not hold every
// go-github row of a large repository in memory.
type Merger struct {
	repo  string
	byNum map[int]*mergeEntry
	order []int
}

type mergeEntry struct {
	updated time.Time
	isPR    bool
	issue   model.Issue
	pr      model.PullRequest
}

// NewMerger starts from existing items of repo.
func NewMerger(repo string, existing Items) *Merger {
	m := &Merger{repo: repo, byNum: map[int]*mergeEntry{}}
	for _, is := range existing.Issues {
		m.put(is.Number, &mergeEntry{updated: is.UpdatedAt, issue: is})
	}
	for _, pr := range existing.PullRequests {
		m.put(pr.Number, &mergeEntry{updated: pr.UpdatedAt, isPR: true, pr: pr})
	}
	return m
}

func (m *Merger) put(n int, e *mergeEntry) {
	old, ok := m.byNum[n]
	if !ok {
		m.order = append(m.order, n)
		m.byNum[n] = e
		return
	}
	if !e.updated.Before(old.updated) {
		m.byNum[n] = e
	}
}

// Add merges rows of the issues list, in order.
func (m *Merger) Add(rows []*github.Issue) {
	for _, row := range rows {
		if IsPullRequest(row) {
			pr := PullRequest(m.repo, row)
			m.put(pr.Number, &mergeEntry{updated: pr.UpdatedAt, isPR: true, pr: pr})
		} else {
			is := Issue(m.repo, row)
			m.put(is.Number, &mergeEntry{updated: is.UpdatedAt, issue: is})
		}
	}
}

// Remove drops a number (a deleted or transferred issue).
func (m *Merger) Remove(n int) { delete(m.byNum, n) }

// Len is the number of distinct numbers held.
func (m *Merger) Len() int { return len(m.byNum) }

// Items is the merged result, in order of first appearance.
func (m *Merger) Items() Items {
	var out Items
	seen := make(map[int]bool, len(m.byNum))
	for _, n := range m.order {
		e, ok := m.byNum[n]
		if !ok || seen[n] { // a removed number that came back is listed twice in order
			continue
		}
		seen[n] = true
		if e.isPR {
			out.PullRequests = append(out.PullRequests, e.pr)
		} else {
			out.Issues = append(out.Issues, e.issue)
		}
	}
	return out
}
