package ghsync

import (
	"context"
	"time"

	"github.com/google/go-github/v60/github"

	"github.com/vitals-dev/vitals/generator/base/model"
	"github.com/vitals-dev/vitals/generator/sources/github/ghconv"
	"github.com/vitals-dev/vitals/generator/sources/store"
)

// RefreshAfter is how old the last full read of a repository's open issues
// may be before a sync reads them again for their reactions: a reaction
// does not change an issue's updated_at, so the incremental listing never
// shows it. Six and a half days, so that a nightly sync refreshes every
// seventh night even when it starts a little earlier than a week before.
const RefreshAfter = 6*24*time.Hour + 12*time.Hour

// refreshReactions lists the open issues in full (state=open, per_page=100:
// ceil(open/100) requests, open pull requests included, as GitHub's issues
// list has them) when the last refresh is RefreshAfter old or more, and
// merges the rows whose reactions or updated_at differ from the stored
// ones. It records the refresh in rd.Sync.ReactionsRefreshed. A refresh
// that finds every open issue as stored leaves the repository unchanged
// (its tables are read to compare, not rewritten). A cold sync or a
// reconcile, which list every issue, count as a refresh.
func (s *repoSync) refreshReactions(ctx context.Context, rd *store.RepoData) error {
	last := s.state.ReactionsRefreshed
	switch {
	case s.cold || s.sum.Reconciled:
		rd.Sync.ReactionsRefreshed = firstTime(&s.start)
		return nil
	case last != nil && s.start.Sub(*last) < RefreshAfter:
		rd.Sync.ReactionsRefreshed = firstTime(last)
		return nil
	}
	stored, err := s.openIssues()
	if err != nil {
		return err
	}
	s.sum.ReactionsRefreshed = true
	rd.Sync.ReactionsRefreshed = firstTime(&s.start)
	if len(stored) == 0 {
		return nil // nothing open to refresh: no request
	}
	opt := &github.IssueListByRepoOptions{State: "open", Sort: "created", Direction: "asc", ListOptions: github.ListOptions{PerPage: perPage}}
	var changed []*github.Issue
	_, err = pages(ctx, s, listing[*github.Issue]{
		phase:   "open issues",
		keepTag: func([]*github.Issue) bool { return false }, // asked unconditionally: reactions change the body
		fetch: func(ctx context.Context, page int) ([]*github.Issue, *github.Response, error) {
			opt.Page = page
			return s.client.Issues.ListByRepo(ctx, s.owner, s.repo, opt)
		},
		each: func(rows []*github.Issue, c *cond) (bool, error) {
			home := repoOf(c.lastURL)
			for _, row := range rows {
				if ghconv.IsPullRequest(row) || s.gone[row.GetNumber()] {
					continue // pull requests' reactions are not kept
				}
				if ru := row.GetRepositoryURL(); ru != "" && home != "" && !sameRepo(ru, home) {
					continue // transferred: the listing with since handles it
				}
				is := ghconv.Issue(s.name, row)
				if old, ok := stored[is.Number]; ok && old.UpdatedAt.Equal(is.UpdatedAt) && sameReactions(old.Reactions, is.Reactions) {
					continue
				}
				changed = append(changed, row)
			}
			return false, nil
		},
	})
	if err != nil || len(changed) == 0 {
		return err
	}
	s.sum.ReactionsChanged = len(changed)
	m, err := s.merger()
	if err != nil {
		return err
	}
	m.Add(changed)
	return nil
}

// openIssues are the open issues as they stand before the refresh (the
// stored ones, with what this sync listed merged in), by number.
func (s *repoSync) openIssues() (map[int]model.Issue, error) {
	var issues []model.Issue
	if s.items != nil {
		issues = s.items.Items().Issues
	} else {
		old, err := s.records()
		if err != nil {
			return nil, err
		}
		issues = old.Issues
	}
	out := map[int]model.Issue{}
	for _, is := range issues {
		if is.State == "open" {
			out[is.Number] = is
		}
	}
	return out, nil
}

func sameReactions(a, b *model.Reactions) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}
