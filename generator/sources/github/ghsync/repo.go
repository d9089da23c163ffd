package ghsync

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"time"

	"github.com/google/go-github/v60/github"

	"github.com/vitals-dev/vitals/generator/base/model"
	"github.com/vitals-dev/vitals/generator/sources/github/ghconv"
	"github.com/vitals-dev/vitals/generator/sources/store"
)

const perPage = 100

// repoSync syncs one repository into a new RepoData, in memory.
//
// It starts from the repository's repo.json alone (cursors, ETags, table
// rows) and decodes the stored records only when GitHub sends something to
// merge into them: a nightly sync of an unchanged repository, whose lists
// all answer 304, reads no table and writes only repo.json.
type repoSync struct {
	client *github.Client
	tr     *transport
	dir    string // the store
	name   string // as configured: the store's key
	owner  string
	repo   string
	start  time.Time
	prog   *progress
	sum    *RepoSummary

	head        *store.RepoHead // repo.json; nil for a repository never stored
	state       store.SyncState // the stored cursors and ETags; zero for a cold sync
	cold        bool
	newTags     map[string]string // ETags to keep for the next run
	transferred map[int]bool
	gone        map[int]bool // deleted or transferred: dropped with their records

	// The stored records and what is merged into them, each nil until first
	// needed (see records). dirty is set once anything is to be merged into
	// them: until then the repository is unchanged and its tables are not
	// rewritten, even when they were read (a weekly refresh that found no
	// reaction changed).
	dirty    bool
	old      *store.RepoData
	items    *ghconv.Merger
	comments map[int64]model.Comment
	events   map[int64]model.Event
	releases []model.Release // nil while the releases list answered 304
}

// run syncs the repository. changed is false when GitHub changed nothing:
// rd then holds the new synced_at and sync state but no records, and only
// repo.json is to be written.
func (s *repoSync) run(ctx context.Context, head *store.RepoHead) (rd *store.RepoData, changed bool, err error) {
	rd, changed, err = s.sync(ctx, head)
	return rd, changed, explain(err)
}

// records are the stored records, decoded on first use.
func (s *repoSync) records() (*store.RepoData, error) {
	if s.old == nil {
		rd, err := store.ReadRepo(s.dir, s.name)
		if err != nil {
			return nil, fmt.Errorf("reading the stored records: %w", err)
		}
		s.old = rd
	}
	return s.old, nil
}

// merger is the issues and pull requests, stored ones first.
func (s *repoSync) merger() (*ghconv.Merger, error) {
	if s.items == nil {
		old, err := s.records()
		if err != nil {
			return nil, err
		}
		s.items = ghconv.NewMerger(s.name, ghconv.Items{Issues: old.Issues, PullRequests: old.PullRequests})
		s.dirty = true
	}
	return s.items, nil
}

// commentMap is the comments by ID, stored ones first.
func (s *repoSync) commentMap() (map[int64]model.Comment, error) {
	if s.comments == nil {
		old, err := s.records()
		if err != nil {
			return nil, err
		}
		s.comments = byID(old.Comments, func(c *model.Comment) int64 { return c.ID })
		s.dirty = true
	}
	return s.comments, nil
}

// eventMap is the events by ID, stored ones first.
func (s *repoSync) eventMap() (map[int64]model.Event, error) {
	if s.events == nil {
		old, err := s.records()
		if err != nil {
			return nil, err
		}
		s.events = byID(old.Events, func(e *model.Event) int64 { return e.ID })
		s.dirty = true
	}
	return s.events, nil
}

// byID indexes stored records by their GitHub ID.
func byID[T any](xs []T, id func(*T) int64) map[int64]T {
	m := make(map[int64]T, len(xs))
	for i := range xs {
		m[id(&xs[i])] = xs[i]
	}
	return m
}

// apiError is a GitHub error answer said in a sentence, without the URL.
type apiError struct {
	msg    string
	status int
	err    error
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
		if er.Message == "" {
			// A proxy's HTML page (issue 23: the line ended in an empty
			// excerpt): say what came instead of GitHub's JSON.
			msg = fmt.Sprintf("GitHub answered %d %s with no error message: %s", code, http.StatusText(code), bodyKind(er.Response))
		}
	}
	return &apiError{msg: phase + ": " + msg, status: er.Response.StatusCode, err: err}
}

// bodyKind says what an error answer without GitHub's JSON message held.
func bodyKind(r *http.Response) string {
	b, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if len(bytes.TrimSpace(b)) == 0 {
		return "its body is empty"
	}
	kind := r.Header.Get("Content-Type")
	if kind == "" {
		kind = "no content type"
	}
	return fmt.Sprintf("its body is %d bytes of %s, not GitHub's JSON (a proxy or load balancer answered?)", len(b), kind)
}

func (s *repoSync) sync(ctx context.Context, head *store.RepoHead) (*store.RepoData, bool, error) {
	var ok bool
	s.owner, s.repo, ok = strings.Cut(s.name, "/")
	if !ok || s.owner == "" || s.repo == "" {
		return nil, false, fmt.Errorf("%q is not owner/name", s.name)
	}
	s.head = head
	s.cold = head == nil || head.Sync.IssuesSince == nil
	var stored *store.RepoData // what the summary compares with; nil: the head's counts
	switch {
	case head == nil:
		stored = &store.RepoData{Repo: s.name}
	case s.cold || !head.EventsComplete || head.CommentsMissing:
		// A first sync after an import looks at every stored issue (and
		// writes the repository, clearing CommentsMissing); a cold one
		// compares with what was stored.
		var err error
		if stored, err = s.records(); err != nil {
			return nil, false, err
		}
		s.dirty = true
	}
	if s.cold {
		// A cold sync lists everything, so it rebuilds from nothing: records
		// of an import (no cursor) that GitHub no longer has are dropped.
		// The 👍 history is kept: GitHub has no past counts to list.
		s.old = &store.RepoData{Repo: s.name, Demand: stored.Demand}
		s.dirty = true
	} else {
		s.state = head.Sync
	}
	s.sum.Cold = s.cold
	s.newTags = map[string]string{}
	s.transferred = map[int]bool{}
	s.gone = map[int]bool{}
	s.prog.begin(s.name)

	rd := &store.RepoData{Repo: s.name, SyncedAt: s.start, Sync: store.SyncState{Extra: map[string]string{}}}
	touched, err := s.syncIssues(ctx, rd)
	if err != nil {
		return nil, false, err
	}
	if err := s.refreshReactions(ctx, rd); err != nil {
		return nil, false, fmt.Errorf("open issues (weekly refresh of reactions): %w", err)
	}
	if err := s.syncComments(ctx, rd); err != nil {
		return nil, false, err
	}
	if err := s.syncEvents(ctx, rd, touched); err != nil {
		return nil, false, err
	}
	if err := s.listReleases(ctx); err != nil {
		return nil, false, fmt.Errorf("releases: %w", err)
	}
	if !s.dirty {
		// Every list answered 304 (or listed nothing new), and a refresh of
		// the open issues, if one was due, found them as stored: the
		// stored records stand as they are.
		s.finishSync(rd)
		s.countUnchanged(rd)
		return rd, false, nil
	}
	if err := s.assemble(rd); err != nil {
		return nil, false, err
	}
	if stored == nil {
		stored = s.old
	}
	s.count(stored, rd)
	s.sum.Transferred = len(s.transferred)
	return rd, true, nil
}

// syncIssues lists issues and pull requests changed since the stored cursor
// into a merger over the stored ones; when GitHub counts fewer than that,
// something was deleted or transferred away and everything is listed again.
// It returns the numbers listed.
func (s *repoSync) syncIssues(ctx context.Context, rd *store.RepoData) (map[int]bool, error) {
	since := s.state.IssuesSince
	cursor, touched, err := s.listIssues(ctx, since, s.merger)
	if err != nil {
		return nil, fmt.Errorf("issues: %w", err)
	}
	if s.items != nil {
		for n := range s.gone {
			s.items.Remove(n) // transferred: not to be counted below
		}
	}
	if !s.cold {
		total, err := s.countIssues(ctx)
		if err != nil {
			return nil, fmt.Errorf("issue count: %w", err)
		}
		held := s.head.Rows("issues") + s.head.Rows("pull_requests")
		if s.items != nil || total < held {
			// The exact count of distinct numbers needs the records.
			m, err := s.merger()
			if err != nil {
				return nil, err
			}
			held = m.Len()
		}
		if total < held {
			s.sum.Reconciled = true
			full := ghconv.NewMerger(s.name, ghconv.Items{})
			if _, _, err := s.listIssues(ctx, nil, func() (*ghconv.Merger, error) { return full, nil }); err != nil {
				return nil, fmt.Errorf("issues (reconcile): %w", err)
			}
			listed := map[int]bool{}
			for _, n := range numbers(full.Items()) {
				listed[n] = true
			}
			for _, n := range numbers(s.items.Items()) {
				if !listed[n] {
					s.gone[n] = true
				}
			}
			s.items = full
		}
	}
	// An empty repository starts incremental syncs from the sync's start.
	rd.Sync.IssuesSince = firstTime(cursor, since, &s.start)
	return touched, nil
}

// syncComments lists comments changed since the stored cursor over the stored ones.
func (s *repoSync) syncComments(ctx context.Context, rd *store.RepoData) error {
	since := s.state.CommentsSince
	if s.head != nil && s.head.CommentsMissing {
		// Imported issues' comments can be older than the cursor: list all.
		since = nil
	}
	cursor, err := s.listComments(ctx, since)
	if err != nil {
		return fmt.Errorf("comments: %w", err)
	}
	rd.Sync.CommentsSince = firstTime(cursor, since, &s.start)
	return nil
}

// syncEvents lists repository-wide events down to the newest stored one and
// fills what GitHub's listing cut off with per-issue events.
func (s *repoSync) syncEvents(ctx context.Context, rd *store.RepoData, touched map[int]bool) error {
	newest := s.state.EventsNewest
	cut, oldest, top, err := s.listEvents(ctx, newest)
	if err != nil {
		return fmt.Errorf("events: %w", err)
	}
	rd.Sync.EventsNewest = max(top, newest)
	first := s.cold || !s.head.EventsComplete
	// Per-issue events are only ever needed for a first sync or for issues
	// listed now; an unchanged repository has neither.
	if first || len(touched) > 0 {
		m, err := s.merger()
		if err != nil {
			return err
		}
		events, err := s.eventMap()
		if err != nil {
			return err
		}
		items := m.Items()
		if first && !cut {
			// Cut off too when a closed issue's closed event must be older than
			// anything listed.
			for _, is := range items.Issues {
				if is.ClosedAt != nil && (oldest.IsZero() || is.ClosedAt.Before(oldest)) {
					cut = true
					break
				}
			}
		}
		candidates := s.perIssueCandidates(items, touched, events, first, cut, oldest)
		for i, n := range candidates {
			if s.gone[n] {
				continue
			}
			s.prog.update("issue events", i+1, len(candidates))
			ok, err := s.issueEvents(ctx, n, events)
			if err != nil {
				return fmt.Errorf("events of #%d: %w", n, err)
			}
			if ok {
				s.sum.PerIssueEvents++
			}
		}
	}
	s.sum.EventsCutOff = cut
	rd.EventsComplete = true
	for k, v := range s.state.Extra {
		rd.Sync.Extra[k] = v
	}
	if cut && !oldest.IsZero() && first {
		rd.Sync.Extra["events_listed_from"] = oldest.UTC().Format(time.RFC3339)
	}
	return nil
}

// perIssueCandidates are the issues whose events must be fetched one by one
// (see "Events cut off" in the package comment).
func (s *repoSync) perIssueCandidates(items ghconv.Items, touched map[int]bool, events map[int64]model.Event, first, cut bool, oldest time.Time) []int {
	var out []int
	switch {
	case first:
		if !cut {
			return nil
		}
		for _, is := range items.Issues {
			if (oldest.IsZero() || is.CreatedAt.Before(oldest)) && mayHaveReopened(is) {
				out = append(out, is.Number)
			}
		}
	case cut:
		// An incremental listing that did not reach the newest stored event:
		// fill the gap for issues touched since the last sync.
		for _, is := range items.Issues {
			if touched[is.Number] && (is.State == "closed" || is.StateReason == "reopened") {
				out = append(out, is.Number)
			}
		}
	default:
		from, err := time.Parse(time.RFC3339, s.state.Extra["events_listed_from"])
		if err != nil {
			return nil
		}
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
				out = append(out, is.Number)
			}
		}
	}
	return out
}

// finishSync sets what rd keeps for the next run besides the cursors.
func (s *repoSync) finishSync(rd *store.RepoData) {
	if len(rd.Sync.Extra) == 0 {
		rd.Sync.Extra = nil
	}
	if len(s.newTags) > 0 {
		rd.Sync.ETags = s.newTags
	}
}

// assemble puts the lists into rd, dropping what is gone.
func (s *repoSync) assemble(rd *store.RepoData) error {
	merger, err := s.merger()
	if err != nil {
		return err
	}
	comments, err := s.commentMap()
	if err != nil {
		return err
	}
	events, err := s.eventMap()
	if err != nil {
		return err
	}
	rd.Releases = s.releases
	if rd.Releases == nil {
		rd.Releases = append([]model.Release(nil), s.old.Releases...)
	}
	for n := range s.gone {
		merger.Remove(n)
	}
	items := merger.Items()
	rd.Issues, rd.PullRequests = items.Issues, items.PullRequests
	// A point in the 👍 history for every issue whose count is new or changed.
	for _, p := range s.old.Demand {
		if !s.gone[p.Issue] {
			rd.Demand = append(rd.Demand, p)
		}
	}
	rd.Demand = model.NoteDemand(rd.Demand, rd.Issues, s.start)
	rd.Comments = make([]model.Comment, 0, len(comments))
	for _, c := range comments {
		if !s.gone[c.IssueNumber] {
			rd.Comments = append(rd.Comments, c)
		}
	}
	rd.Events = make([]model.Event, 0, len(events))
	for _, e := range events {
		if !s.gone[e.IssueNumber] {
			rd.Events = append(rd.Events, e)
		}
	}
	s.finishSync(rd)
	rd.Sort()
	return nil
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

// listing is one paged GitHub list for pages.
type listing[T any] struct {
	phase string            // progress label; "" shows none
	tags  map[string]string // ETags for a conditional first page; nil asks unconditionally
	// keepTag says whether the first page's ETag is worth keeping for the
	// next run (nil: always); a 304 always keeps it.
	keepTag func(rows []T) bool
	fetch   func(ctx context.Context, page int) ([]T, *github.Response, error)
	// each takes a page's rows; true stops the listing there.
	each func(rows []T, c *cond) (stop bool, err error)
}

// pages reads a listing page by page: the one paging loop of the sync. It
// reports whether the first page answered 304 (nothing changed).
func pages[T any](ctx context.Context, s *repoSync, l listing[T]) (notModified bool, err error) {
	page := 0
	for {
		var tags map[string]string
		if page <= 1 {
			tags = l.tags
		}
		c := &cond{etags: tags}
		rows, resp, err := l.fetch(withCond(ctx, c), page)
		if c.status == http.StatusNotModified {
			s.newTags[c.key] = c.etag
			return true, nil
		}
		if err != nil {
			return false, pageError{page: page, err: err}
		}
		if page <= 1 && c.etag != "" && (l.keepTag == nil || l.keepTag(rows)) {
			s.newTags[c.key] = c.etag
		}
		stop, err := l.each(rows, c)
		if err != nil {
			return false, err
		}
		if l.phase != "" {
			s.prog.update(l.phase, max(page, 1), lastPage(resp, page))
		}
		if stop || resp.NextPage == 0 {
			return false, nil
		}
		page = resp.NextPage
	}
}

// pageError is a failed page of a listing; it reads as its cause.
type pageError struct {
	page int
	err  error
}

func (e pageError) Error() string { return e.err.Error() }
func (e pageError) Unwrap() error { return e.err }

// status is the HTTP status of a GitHub error answer, 0 for other errors.
func status(err error) int {
	var er *github.ErrorResponse
	if errors.As(err, &er) && er.Response != nil {
		return er.Response.StatusCode
	}
	return 0
}

// listIssues reads the issues list (since, when set) into m, marking rows
// transferred to another repository as gone. It returns the newest
// updated_at seen (nil when none) and the numbers seen.
//
// Rows go into the merger m gives, which is asked for only when a page has
// rows: a 304 or an empty page decodes nothing.
func (s *repoSync) listIssues(ctx context.Context, since *time.Time, m func() (*ghconv.Merger, error)) (*time.Time, map[int]bool, error) {
	opt := &github.IssueListByRepoOptions{State: "all", Sort: "updated", Direction: "asc", ListOptions: github.ListOptions{PerPage: perPage}}
	var cursor *time.Time
	touched := map[int]bool{}
	l := listing[*github.Issue]{phase: "issues", keepTag: short[*github.Issue]}
	if since != nil {
		opt.Since = *since
		l.tags = s.state.ETags // a short first page of the same since answers 304 when nothing changed
	}
	l.fetch = func(ctx context.Context, page int) ([]*github.Issue, *github.Response, error) {
		opt.Page = page
		return s.client.Issues.ListByRepo(ctx, s.owner, s.repo, opt)
	}
	l.each = func(rows []*github.Issue, c *cond) (bool, error) {
		if len(rows) == 0 {
			return false, nil
		}
		merger, err := m()
		if err != nil {
			return false, err
		}
		home := repoOf(c.lastURL)
		keep := rows[:0]
		for _, row := range rows {
			if ru := row.GetRepositoryURL(); ru != "" && home != "" && !sameRepo(ru, home) {
				s.gone[row.GetNumber()] = true // transferred to another repository
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
		merger.Add(keep)
		return false, nil
	}
	notMod, err := pages(ctx, s, l)
	if err != nil {
		return nil, nil, err
	}
	if notMod {
		return since, touched, nil
	}
	return cursor, touched, nil
}

// sameRepo: the API URL of a repository (an issue's repository_url) names
// home ("owner/name", lower case).
func sameRepo(repoURL, home string) bool {
	return strings.HasSuffix(strings.ToLower(repoURL), "/repos/"+home)
}

// short: a first page that is also the last can answer 304 next time; a
// full one cannot be trusted from its ETag (more may follow it).
func short[T any](rows []T) bool { return len(rows) < perPage }

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

// listComments reads the comments list (since, when set) into the comment
// map, which is decoded only when a page has rows.
func (s *repoSync) listComments(ctx context.Context, since *time.Time) (*time.Time, error) {
	opt := &github.IssueListCommentsOptions{Sort: github.String("updated"), Direction: github.String("asc"), Since: since, ListOptions: github.ListOptions{PerPage: perPage}}
	var cursor *time.Time
	l := listing[*github.IssueComment]{phase: "comments", keepTag: short[*github.IssueComment]}
	if since != nil {
		l.tags = s.state.ETags
	}
	l.fetch = func(ctx context.Context, page int) ([]*github.IssueComment, *github.Response, error) {
		opt.Page = page
		return s.client.Issues.ListComments(ctx, s.owner, s.repo, 0, opt)
	}
	l.each = func(rows []*github.IssueComment, _ *cond) (bool, error) {
		if len(rows) == 0 {
			return false, nil
		}
		into, err := s.commentMap()
		if err != nil {
			return false, err
		}
		for _, row := range rows {
			cm := ghconv.Comment(s.name, row)
			into[cm.ID] = cm
			if u := cm.UpdatedAt; !u.IsZero() && (cursor == nil || u.After(*cursor)) {
				t := u
				cursor = &t
			}
		}
		return false, nil
	}
	notMod, err := pages(ctx, s, l)
	if err != nil {
		return nil, err
	}
	if notMod {
		return since, nil
	}
	return cursor, nil
}

// listEvents reads repository-wide events newest first until it meets an
// event at or below newest (0: to the end). It reports whether GitHub cut the
// listing off (422), the oldest event time listed, and the newest event ID.
// The event map is decoded only when an event newer than newest is listed.
func (s *repoSync) listEvents(ctx context.Context, newest int64) (cut bool, oldest time.Time, top int64, err error) {
	opt := &github.ListOptions{PerPage: perPage}
	l := listing[*github.IssueEvent]{phase: "events"}
	if newest > 0 {
		l.tags = s.state.ETags // any new event changes the first page
	}
	l.fetch = func(ctx context.Context, page int) ([]*github.IssueEvent, *github.Response, error) {
		opt.Page = page
		return s.client.Issues.ListRepositoryEvents(ctx, s.owner, s.repo, opt)
	}
	l.each = func(rows []*github.IssueEvent, _ *cond) (bool, error) {
		reached := false
		for _, row := range rows {
			id := row.GetID()
			if newest > 0 && id <= newest {
				reached = true
				continue
			}
			into, err := s.eventMap()
			if err != nil {
				return false, err
			}
			ev := ghconv.Event(s.name, row)
			into[id] = ev
			top = max(top, id)
			if oldest.IsZero() || ev.CreatedAt.Before(oldest) {
				oldest = ev.CreatedAt
			}
		}
		return reached, nil
	}
	notMod, err := pages(ctx, s, l)
	var pe pageError
	if errors.As(err, &pe) && pe.page > 1 && status(err) == http.StatusUnprocessableEntity {
		return true, oldest, top, nil // GitHub's pagination limit for this resource
	}
	if err != nil {
		return false, oldest, top, err
	}
	if notMod {
		return false, oldest, newest, nil
	}
	return false, oldest, top, nil
}

// issueEvents fetches every event of one issue and reports whether it got
// them. Only the issue's own endpoint may say that it is gone: when the events
// endpoint answers 301, 404 or 410, GET issues/N decides (301 transferred,
// 404/410 deleted); when the issue is there, its stored records are kept and
// the failure is reported in the summary.
func (s *repoSync) issueEvents(ctx context.Context, number int, into map[int64]model.Event) (bool, error) {
	opt := &github.ListOptions{PerPage: perPage}
	got := map[int64]model.Event{}
	_, err := pages(ctx, s, listing[*github.IssueEvent]{
		fetch: func(ctx context.Context, page int) ([]*github.IssueEvent, *github.Response, error) {
			opt.Page = page
			return s.client.Issues.ListIssueEvents(ctx, s.owner, s.repo, number, opt)
		},
		each: func(rows []*github.IssueEvent, _ *cond) (bool, error) {
			for _, row := range rows {
				ev := ghconv.Event(s.name, row)
				if ev.IssueNumber == 0 {
					ev.IssueNumber = number // the per-issue list may omit the issue object
				}
				got[ev.ID] = ev
			}
			return false, nil
		},
	})
	switch code := status(err); {
	case err == nil:
		for id, ev := range got {
			into[id] = ev
		}
		return true, nil
	case code == http.StatusMovedPermanently || code == http.StatusNotFound || code == http.StatusGone:
		gone, err2 := s.issueGone(ctx, number)
		if err2 != nil {
			return false, err2
		}
		if !gone {
			s.sum.Warnings = append(s.sum.Warnings, fmt.Sprintf("events of #%d: GitHub answered %d %s though the issue exists; kept its stored records (its events may be incomplete)",
				number, code, http.StatusText(code)))
		}
		return false, nil
	default:
		return false, err
	}
}

// issueGone asks GET issues/N whether an issue was deleted (404, 410) or
// transferred (301), marking it gone; false when it is there.
func (s *repoSync) issueGone(ctx context.Context, number int) (bool, error) {
	_, _, err := s.client.Issues.Get(ctx, s.owner, s.repo, number)
	switch status(err) {
	case http.StatusMovedPermanently:
		s.transferred[number] = true
		s.gone[number] = true
		return true, nil
	case http.StatusNotFound, http.StatusGone:
		s.gone[number] = true
		return true, nil
	}
	if err != nil {
		return false, fmt.Errorf("issue #%d: %w", number, err)
	}
	return false, nil
}

// listReleases reads every release into s.releases, or leaves it nil (the
// stored ones stand) when the first page answers 304. A release list that
// answers 200 replaces the stored one, so it needs the stored records.
func (s *repoSync) listReleases(ctx context.Context) error {
	opt := &github.ListOptions{PerPage: perPage}
	out := []model.Release{}
	l := listing[*github.RepositoryRelease]{phase: "releases"}
	if !s.cold {
		l.tags = s.state.ETags
	}
	l.fetch = func(ctx context.Context, page int) ([]*github.RepositoryRelease, *github.Response, error) {
		opt.Page = page
		return s.client.Repositories.ListReleases(ctx, s.owner, s.repo, opt)
	}
	l.each = func(rows []*github.RepositoryRelease, _ *cond) (bool, error) {
		for _, row := range rows {
			out = append(out, ghconv.Release(s.name, row))
		}
		return false, nil
	}
	notMod, err := pages(ctx, s, l)
	if err != nil || notMod {
		return err
	}
	if _, err := s.records(); err != nil {
		return err
	}
	s.releases = out
	s.dirty = true
	return nil
}

// countUnchanged fills the summary of a repository GitHub changed nothing in
// from its repo.json.
func (s *repoSync) countUnchanged(rd *store.RepoData) {
	h, sm := s.head, s.sum
	sm.Issues, sm.PullRequests, sm.Comments, sm.Events, sm.Releases = h.Rows("issues"), h.Rows("pull_requests"), h.Rows("comments"), h.Rows("events"), h.Rows("releases")
	sm.EventsComplete = rd.EventsComplete
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
