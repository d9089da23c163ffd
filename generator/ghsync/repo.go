package ghsync

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"time"

	"github.com/google/go-github/v60/github"

	"github.com/vitals-dev/vitals/generator/ghconv"
	"github.com/vitals-dev/vitals/generator/model"
	"github.com/vitals-dev/vitals/generator/store"
)

const perPage = 100

// repoSync syncs one repository into a new RepoData, in memory.
type repoSync struct {
	client *github.Client
	tr     *transport
	name   string // as configured: the store's key
	owner  string
	repo   string
	start  time.Time
	prog   *progress
	sum    *RepoSummary

	old         *store.RepoData
	cold        bool
	newTags     map[string]string // ETags to keep for the next run
	transferred map[int]bool
}

// errGone marks a per-issue answer of 301, 404 or 410.
var errGone = errors.New("issue gone")

func (s *repoSync) run(ctx context.Context, old *store.RepoData) (*store.RepoData, error) {
	rd, err := s.sync(ctx, old)
	return rd, explain(err)
}

// apiError is a GitHub error answer said in a sentence, without the URL.
type apiError struct {
	msg string
	err error
}

func (e *apiError) Error() string { return e.msg }
func (e *apiError) Unwrap() error { return e.err }

// explain turns go-github's error answers into messages people can act on.
func explain(err error) error {
	var er *github.ErrorResponse
	if err == nil || !errors.As(err, &er) || er.Response == nil {
		return err
	}
	phase, _, _ := strings.Cut(err.Error(), ": ")
	var msg string
	switch code := er.Response.StatusCode; code {
	case http.StatusNotFound:
		msg = "not found (404): the repository does not exist, was renamed without a redirect, or the token cannot read it"
	case http.StatusUnauthorized:
		msg = "bad credentials (401): check GITHUB_TOKEN or GH_TOKEN"
	case http.StatusForbidden:
		msg = fmt.Sprintf("forbidden (403): %s", er.Message)
	default:
		msg = fmt.Sprintf("GitHub answered %d %s: %s", code, http.StatusText(code), er.Message)
	}
	return &apiError{msg: phase + ": " + msg, err: err}
}

func (s *repoSync) sync(ctx context.Context, old *store.RepoData) (*store.RepoData, error) {
	var ok bool
	s.owner, s.repo, ok = strings.Cut(s.name, "/")
	if !ok || s.owner == "" || s.repo == "" {
		return nil, fmt.Errorf("%q is not owner/name", s.name)
	}
	s.cold = old == nil || old.Sync.IssuesSince == nil
	if old == nil {
		old = &store.RepoData{Repo: s.name}
	}
	stored := old // what the summary compares with
	if s.cold {
		// A cold sync lists everything, so it rebuilds from nothing: records
		// of an import (no cursor) that GitHub no longer has are dropped.
		old = &store.RepoData{Repo: s.name}
	}
	s.old = old
	s.sum.Cold = s.cold
	s.newTags = map[string]string{}
	s.transferred = map[int]bool{}
	s.prog.begin(s.name)

	rd := &store.RepoData{Repo: s.name, SyncedAt: s.start, Sync: store.SyncState{Extra: map[string]string{}}}

	// Issues and pull requests.
	merger := ghconv.NewMerger(s.name, ghconv.Items{Issues: old.Issues, PullRequests: old.PullRequests})
	gone := map[int]bool{}
	var since *time.Time
	if !s.cold {
		since = old.Sync.IssuesSince
	}
	cursor, touched, err := s.listIssues(ctx, since, merger, gone)
	if err != nil {
		return nil, fmt.Errorf("issues: %w", err)
	}
	for n := range gone {
		merger.Remove(n) // transferred: not to be counted below
	}
	if !s.cold {
		total, err := s.countIssues(ctx)
		if err != nil {
			return nil, fmt.Errorf("issue count: %w", err)
		}
		if total < merger.Len() {
			// Something was deleted or transferred away: list everything again.
			s.sum.Reconciled = true
			full := ghconv.NewMerger(s.name, ghconv.Items{})
			if _, _, err := s.listIssues(ctx, nil, full, gone); err != nil {
				return nil, fmt.Errorf("issues (reconcile): %w", err)
			}
			listed := map[int]bool{}
			items := full.Items()
			for _, is := range items.Issues {
				listed[is.Number] = true
			}
			for _, pr := range items.PullRequests {
				listed[pr.Number] = true
			}
			for _, n := range numbers(merger.Items()) {
				if !listed[n] {
					gone[n] = true
				}
			}
			merger = full
		}
	}
	if cursor != nil {
		rd.Sync.IssuesSince = cursor
	} else if since != nil {
		rd.Sync.IssuesSince = since
	} else {
		// An empty repository: start incremental syncs from the sync's start.
		t := s.start
		rd.Sync.IssuesSince = &t
	}

	// Comments.
	comments := make(map[int64]model.Comment, len(old.Comments))
	for _, c := range old.Comments {
		comments[c.ID] = c
	}
	var csince *time.Time
	if !s.cold {
		csince = old.Sync.CommentsSince
	}
	ccursor, err := s.listComments(ctx, csince, comments)
	if err != nil {
		return nil, fmt.Errorf("comments: %w", err)
	}
	rd.Sync.CommentsSince = firstTime(ccursor, csince, &s.start)

	// Events.
	events := make(map[int64]model.Event, len(old.Events))
	for _, e := range old.Events {
		events[e.ID] = e
	}
	newest := int64(0)
	if !s.cold {
		newest = old.Sync.EventsNewest
	}
	cut, oldest, top, err := s.listEvents(ctx, newest, events)
	if err != nil {
		return nil, fmt.Errorf("events: %w", err)
	}
	rd.Sync.EventsNewest = max(top, newest)
	items := merger.Items()
	var candidates []int
	if s.cold || !old.EventsComplete {
		// Cut off when GitHub stopped paging, or when a closed issue's closed
		// event must be older than anything listed.
		if !cut {
			for _, is := range items.Issues {
				if is.ClosedAt != nil && (oldest.IsZero() || is.ClosedAt.Before(oldest)) {
					cut = true
					break
				}
			}
		}
		if cut {
			for _, is := range items.Issues {
				if (oldest.IsZero() || is.CreatedAt.Before(oldest)) && mayHaveReopened(is) {
					candidates = append(candidates, is.Number)
				}
			}
		}
	} else if cut {
		// An incremental listing that did not reach the newest stored event:
		// fill the gap for issues touched since the last sync.
		for _, is := range items.Issues {
			if touched[is.Number] && (is.State == "closed" || is.StateReason == "reopened") {
				candidates = append(candidates, is.Number)
			}
		}
	} else if from, err := time.Parse(time.RFC3339, old.Sync.Extra["events_listed_from"]); err == nil {
		// The store's events start at from. An issue older than that, touched
		// now and able to have been reopened, needs its early close too,
		// unless it is stored already (it was fetched one by one before).
		closedEv := map[int]bool{}
		for _, ev := range events {
			if ev.Event == "closed" {
				closedEv[ev.IssueNumber] = true
			}
		}
		for _, is := range items.Issues {
			if touched[is.Number] && is.CreatedAt.Before(from) && mayHaveReopened(is) && !closedEv[is.Number] {
				candidates = append(candidates, is.Number)
			}
		}
	}
	s.sum.EventsCutOff = cut
	for i, n := range candidates {
		if gone[n] {
			continue
		}
		s.prog.update("issue events", i+1, len(candidates))
		err := s.issueEvents(ctx, n, events)
		if errors.Is(err, errGone) {
			gone[n] = true
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("events of #%d: %w", n, err)
		}
		s.sum.PerIssueEvents++
	}
	rd.EventsComplete = true
	if !s.cold {
		for k, v := range old.Sync.Extra {
			rd.Sync.Extra[k] = v
		}
	}
	if cut && !oldest.IsZero() && (s.cold || !old.EventsComplete) {
		rd.Sync.Extra["events_listed_from"] = oldest.UTC().Format(time.RFC3339)
	}

	// Releases.
	releases, err := s.listReleases(ctx, old.Releases)
	if err != nil {
		return nil, fmt.Errorf("releases: %w", err)
	}
	rd.Releases = releases

	// Assemble, dropping what is gone.
	for n := range gone {
		merger.Remove(n)
	}
	items = merger.Items()
	rd.Issues, rd.PullRequests = items.Issues, items.PullRequests
	rd.Comments = make([]model.Comment, 0, len(comments))
	for _, c := range comments {
		if !gone[c.IssueNumber] {
			rd.Comments = append(rd.Comments, c)
		}
	}
	rd.Events = make([]model.Event, 0, len(events))
	for _, e := range events {
		if !gone[e.IssueNumber] {
			rd.Events = append(rd.Events, e)
		}
	}
	if len(rd.Sync.Extra) == 0 {
		rd.Sync.Extra = nil
	}
	if len(s.newTags) > 0 {
		rd.Sync.ETags = s.newTags
	}
	rd.Sort()
	s.count(stored, rd)
	s.sum.Transferred = len(s.transferred)
	return rd, nil
}

// mayHaveReopened: an issue whose history can hold a reopen.
func mayHaveReopened(is model.Issue) bool {
	if is.StateReason == "reopened" {
		return true
	}
	return is.State == "closed" && is.ClosedAt != nil && is.UpdatedAt.After(*is.ClosedAt)
}

func numbers(it ghconv.Items) []int {
	var out []int
	for _, is := range it.Issues {
		out = append(out, is.Number)
	}
	for _, pr := range it.PullRequests {
		out = append(out, pr.Number)
	}
	return out
}

func firstTime(ts ...*time.Time) *time.Time {
	for _, t := range ts {
		if t != nil {
			v := *t
			return &v
		}
	}
	return nil
}

// call runs one request with conditional state; a 304 comes back as notMod.
func (s *repoSync) call(ctx context.Context, tags map[string]string, f func(ctx context.Context) (*github.Response, error)) (c *cond, resp *github.Response, notMod bool, err error) {
	c = &cond{etags: tags}
	resp, err = f(withCond(ctx, c))
	if c.status == http.StatusNotModified {
		return c, resp, true, nil
	}
	return c, resp, false, err
}

// listIssues reads the issues list (since, when set) into m. It returns the
// newest updated_at seen (nil when none) and the numbers seen.
func (s *repoSync) listIssues(ctx context.Context, since *time.Time, m *ghconv.Merger, gone map[int]bool) (*time.Time, map[int]bool, error) {
	opt := &github.IssueListByRepoOptions{State: "all", Sort: "updated", Direction: "asc", ListOptions: github.ListOptions{PerPage: perPage}}
	if since != nil {
		opt.Since = *since
	}
	var cursor *time.Time
	touched := map[int]bool{}
	for {
		var tags map[string]string
		if opt.Page <= 1 && since != nil {
			tags = s.old.Sync.ETags // a short first page of the same since answers 304 when nothing changed
		}
		var rows []*github.Issue
		c, resp, notMod, err := s.call(ctx, tags, func(ctx context.Context) (r *github.Response, err error) {
			rows, r, err = s.client.Issues.ListByRepo(ctx, s.owner, s.repo, opt)
			return r, err
		})
		if notMod {
			s.newTags[c.key] = c.etag
			return since, touched, nil
		}
		if err != nil {
			return nil, nil, err
		}
		if opt.Page <= 1 && len(rows) < perPage && c.etag != "" {
			s.newTags[c.key] = c.etag
		}
		home := repoOf(c.lastURL)
		keep := rows[:0]
		for _, row := range rows {
			if ru := row.GetRepositoryURL(); ru != "" && home != "" && !strings.HasSuffix(strings.ToLower(ru), "/repos/"+home) {
				gone[row.GetNumber()] = true // transferred to another repository
				s.transferred[row.GetNumber()] = true
				continue
			}
			keep = append(keep, row)
			touched[row.GetNumber()] = true
			if u := row.GetUpdatedAt(); !u.IsZero() && (cursor == nil || u.After(*cursor)) {
				t := u.UTC()
				cursor = &t
			}
		}
		m.Add(keep)
		s.prog.update("issues", max(opt.Page, 1), lastPage(resp, opt.Page))
		if resp.NextPage == 0 {
			break
		}
		opt.Page = resp.NextPage
	}
	return cursor, touched, nil
}

// repoOf is "owner/name" (lower case) from an API URL path ".../repos/o/r/...".
func repoOf(u *url.URL) string {
	if u == nil {
		return ""
	}
	p := u.EscapedPath()
	i := strings.Index(p, "/repos/")
	if i < 0 {
		return ""
	}
	parts := strings.SplitN(p[i+len("/repos/"):], "/", 3)
	if len(parts) < 2 {
		return ""
	}
	return strings.ToLower(parts[0] + "/" + parts[1])
}

func lastPage(resp *github.Response, page int) int {
	if resp != nil && resp.LastPage > 0 {
		return resp.LastPage
	}
	return max(page, 1)
}

// countIssues is the number of issues and pull requests GitHub lists, from
// the last page number at one item per page.
func (s *repoSync) countIssues(ctx context.Context) (int, error) {
	rows, resp, err := s.client.Issues.ListByRepo(ctx, s.owner, s.repo, &github.IssueListByRepoOptions{State: "all", ListOptions: github.ListOptions{PerPage: 1}})
	if err != nil {
		return 0, err
	}
	if resp.LastPage > 0 {
		return resp.LastPage, nil
	}
	if resp.NextPage == 0 && resp.PrevPage > 0 {
		return resp.PrevPage + len(rows), nil // on the last page itself
	}
	return len(rows), nil
}

func (s *repoSync) listComments(ctx context.Context, since *time.Time, into map[int64]model.Comment) (*time.Time, error) {
	opt := &github.IssueListCommentsOptions{Sort: github.String("updated"), Direction: github.String("asc"), Since: since, ListOptions: github.ListOptions{PerPage: perPage}}
	var cursor *time.Time
	for {
		var tags map[string]string
		if opt.Page <= 1 && since != nil {
			tags = s.old.Sync.ETags
		}
		var rows []*github.IssueComment
		c, resp, notMod, err := s.call(ctx, tags, func(ctx context.Context) (r *github.Response, err error) {
			rows, r, err = s.client.Issues.ListComments(ctx, s.owner, s.repo, 0, opt)
			return r, err
		})
		if notMod {
			s.newTags[c.key] = c.etag
			return since, nil
		}
		if err != nil {
			return nil, err
		}
		if opt.Page <= 1 && len(rows) < perPage && c.etag != "" {
			s.newTags[c.key] = c.etag
		}
		for _, row := range rows {
			cm := ghconv.Comment(s.name, row)
			into[cm.ID] = cm
			if u := cm.UpdatedAt; !u.IsZero() && (cursor == nil || u.After(*cursor)) {
				t := u
				cursor = &t
			}
		}
		s.prog.update("comments", max(opt.Page, 1), lastPage(resp, opt.Page))
		if resp.NextPage == 0 {
			break
		}
		opt.Page = resp.NextPage
	}
	return cursor, nil
}

// listEvents reads repository-wide events newest first until it meets an
// event at or below newest (0: to the end). It reports whether GitHub cut the
// listing off (422), the oldest event time listed, and the newest event ID.
func (s *repoSync) listEvents(ctx context.Context, newest int64, into map[int64]model.Event) (cut bool, oldest time.Time, top int64, err error) {
	opt := &github.ListOptions{PerPage: perPage}
	for {
		var tags map[string]string
		if opt.Page <= 1 && newest > 0 {
			tags = s.old.Sync.ETags // any new event changes the first page
		}
		var rows []*github.IssueEvent
		c, resp, notMod, err := s.call(ctx, tags, func(ctx context.Context) (r *github.Response, err error) {
			rows, r, err = s.client.Issues.ListRepositoryEvents(ctx, s.owner, s.repo, opt)
			return r, err
		})
		if notMod {
			s.newTags[c.key] = c.etag
			return false, oldest, newest, nil
		}
		var er *github.ErrorResponse
		if errors.As(err, &er) && er.Response != nil && er.Response.StatusCode == http.StatusUnprocessableEntity && opt.Page > 1 {
			return true, oldest, top, nil // GitHub's pagination limit for this resource
		}
		if err != nil {
			return false, oldest, top, err
		}
		if opt.Page <= 1 && c.etag != "" {
			s.newTags[c.key] = c.etag
		}
		reached := false
		for _, row := range rows {
			id := row.GetID()
			if newest > 0 && id <= newest {
				reached = true
				continue
			}
			ev := ghconv.Event(s.name, row)
			into[id] = ev
			top = max(top, id)
			if oldest.IsZero() || ev.CreatedAt.Before(oldest) {
				oldest = ev.CreatedAt
			}
		}
		s.prog.update("events", max(opt.Page, 1), lastPage(resp, opt.Page))
		if reached || resp.NextPage == 0 {
			return false, oldest, top, nil
		}
		opt.Page = resp.NextPage
	}
}

// issueEvents fetches every event of one issue; errGone when it moved or vanished.
func (s *repoSync) issueEvents(ctx context.Context, number int, into map[int64]model.Event) error {
	opt := &github.ListOptions{PerPage: perPage}
	for {
		rows, resp, err := s.client.Issues.ListIssueEvents(ctx, s.owner, s.repo, number, opt)
		var er *github.ErrorResponse
		if errors.As(err, &er) && er.Response != nil {
			switch er.Response.StatusCode {
			case http.StatusMovedPermanently, http.StatusNotFound, http.StatusGone:
				if er.Response.StatusCode == http.StatusMovedPermanently {
					s.transferred[number] = true
				}
				return errGone
			}
		}
		if err != nil {
			return err
		}
		for _, row := range rows {
			ev := ghconv.Event(s.name, row)
			if ev.IssueNumber == 0 {
				ev.IssueNumber = number // the per-issue list may omit the issue object
			}
			into[ev.ID] = ev
		}
		if resp.NextPage == 0 {
			return nil
		}
		opt.Page = resp.NextPage
	}
}

// listReleases reads every release, or keeps the stored ones when the first
// page answers 304.
func (s *repoSync) listReleases(ctx context.Context, old []model.Release) ([]model.Release, error) {
	opt := &github.ListOptions{PerPage: perPage}
	var out []model.Release
	for {
		var tags map[string]string
		if opt.Page <= 1 && !s.cold {
			tags = s.old.Sync.ETags
		}
		var rows []*github.RepositoryRelease
		c, resp, notMod, err := s.call(ctx, tags, func(ctx context.Context) (r *github.Response, err error) {
			rows, r, err = s.client.Repositories.ListReleases(ctx, s.owner, s.repo, opt)
			return r, err
		})
		if notMod {
			s.newTags[c.key] = c.etag
			return append([]model.Release(nil), old...), nil
		}
		if err != nil {
			return nil, err
		}
		if opt.Page <= 1 && c.etag != "" {
			s.newTags[c.key] = c.etag
		}
		for _, row := range rows {
			out = append(out, ghconv.Release(s.name, row))
		}
		s.prog.update("releases", max(opt.Page, 1), lastPage(resp, opt.Page))
		if resp.NextPage == 0 {
			return out, nil
		}
		opt.Page = resp.NextPage
	}
}

// count fills the summary's totals and added/updated/removed counts. GitHub
// bumps updated_at on every change of an issue or comment, so that is what
// "updated" compares; events never change; releases are compared whole.
func (s *repoSync) count(old, rd *store.RepoData) {
	sm := s.sum
	sm.Issues, sm.PullRequests, sm.Comments, sm.Events, sm.Releases = len(rd.Issues), len(rd.PullRequests), len(rd.Comments), len(rd.Events), len(rd.Releases)
	sm.EventsComplete = rd.EventsComplete
	type version struct {
		updated time.Time
		pr      bool
	}
	items := make(map[int]version, len(old.Issues)+len(old.PullRequests))
	for _, x := range old.Issues {
		items[x.Number] = version{x.UpdatedAt, false}
	}
	for _, x := range old.PullRequests {
		items[x.Number] = version{x.UpdatedAt, true}
	}
	seen := make(map[int]bool, len(rd.Issues)+len(rd.PullRequests))
	tally := func(n int, v version) {
		seen[n] = true
		switch ov, ok := items[n]; {
		case !ok:
			sm.Added++
		case ov.pr != v.pr || !ov.updated.Equal(v.updated):
			sm.Updated++
		}
	}
	for _, x := range rd.Issues {
		tally(x.Number, version{x.UpdatedAt, false})
	}
	for _, x := range rd.PullRequests {
		tally(x.Number, version{x.UpdatedAt, true})
	}
	for n := range items {
		if !seen[n] {
			sm.Removed++
		}
	}
	comments := make(map[int64]time.Time, len(old.Comments))
	for _, c := range old.Comments {
		comments[c.ID] = c.UpdatedAt
	}
	for _, c := range rd.Comments {
		switch u, ok := comments[c.ID]; {
		case !ok:
			sm.Added++
		case !u.Equal(c.UpdatedAt):
			sm.Updated++
		}
	}
	events := make(map[int64]bool, len(old.Events))
	for _, e := range old.Events {
		events[e.ID] = true
	}
	for _, e := range rd.Events {
		if !events[e.ID] {
			sm.Added++
		}
	}
	releases := make(map[int64]model.Release, len(old.Releases))
	for _, r := range old.Releases {
		releases[r.ID] = r
	}
	for _, r := range rd.Releases {
		switch or, ok := releases[r.ID]; {
		case !ok:
			sm.Added++
		case !reflect.DeepEqual(or, r):
			sm.Updated++
		}
	}
}
