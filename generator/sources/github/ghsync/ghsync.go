// Package ghsync is `vitals fetch`: it brings the store up to date with
// GitHub through go-github, asking only for what changed.
//
// # Requests
//
// Per repository, every list is read with per_page=100:
//
//	GET repos/o/r/issues?state=all&sort=updated&direction=asc[&since=cursor]
//	GET repos/o/r/issues/comments?sort=updated&direction=asc[&since=cursor]
//	GET repos/o/r/issues/events                       (newest first)
//	GET repos/o/r/releases                            (newest first)
//
// A cold sync (no stored cursor) therefore costs, for a repository with I
// issues and pull requests, C comments, E events and R releases,
// max(1,ceil(I/100)) + max(1,ceil(C/100)) + max(1,ceil(E/100)) + max(1,ceil(R/100))
// requests: the constant is one request for each list that is empty. No
// per-issue call is made, except where GitHub cut the events listing off (see
// below). Retries after faults add to that and are counted in the Summary.
//
// An incremental sync asks for issues and comments with since = the newest
// updated_at stored (GitHub's since is inclusive, so records are merged by
// number or ID), for events page by page until it meets the newest stored
// event ID, and sends If-None-Match with the ETag stored in store.SyncState
// for first pages that can answer "nothing changed": the events and releases
// first page always, and the issues and comments first page when it was the
// last, short page of the listing with the same since. A 304 costs no rate
// limit. One more request per repository, GET issues?state=all&per_page=1,
// reads the total count from the Link rel="last" page number; when GitHub
// has fewer issues than the store, some were deleted or transferred and the
// issues are listed in full again to find which (a reconcile). So a nightly
// sync of an unchanged repository costs 5 requests, 4 of them 304s: 1 against
// the rate limit (the first nightly after a cold sync costs 2 more, because
// its since-URLs are new), and once a week ceil(open/100) more (Reactions).
//
// # Reactions
//
// Each issue's reaction counts come with the issues list (GitHub's
// `reactions` object). A reaction does not change an issue's updated_at, so
// the listing with since does not show it: once a week (when the last
// refresh, SyncState.ReactionsRefreshed, is RefreshAfter old or more) the
// sync lists the open issues in full, GET issues?state=open&per_page=100,
// which adds ceil(open/100) requests to that one nightly (open pull
// requests count, as the list holds them; none when the store has no open
// issue). A cold sync or a reconcile lists every issue and counts as a
// refresh. Rows whose reactions and updated_at match the store change
// nothing: a refresh that finds every open issue as stored rewrites only
// repo.json. Each write of a repository adds to its 👍 history
// (RepoData.Demand) a point for every issue whose count is new or changed.
//
// # Events cut off
//
// GitHub limits how far back the repository-wide events list pages (it
// answers 422 past that page) and may not hold events of very old issues.
// The listing counts as cut off when a page answers 422, or when the oldest
// event listed is newer than the closed_at of a closed issue (whose closed
// event must then be missing). Then per-issue events are fetched only for
// issues created before the oldest listed event that can have been reopened:
// state_reason "reopened", or closed with updates after closed_at. Every
// other issue either has all its events inside the window or none at all, in
// which case docs/metrics.md's [created_at, closed_at) interval is exact for it.
// On an incremental sync where the listing is cut off before the newest
// stored event, the gap is filled the same way for the issues updated since
// the last sync that are closed or were reopened. The start of the listed
// window is kept in SyncState.Extra["events_listed_from"]; a later sync
// fetches the events of an issue older than that, updated since and able to
// have been reopened, when the store has no closed event for it (its early
// close would otherwise be missing). RepoData.EventsComplete is true once
// that is done.
//
// # Deleted and transferred issues
//
// An issues-list row whose repository_url names another repository was
// transferred; it is dropped from this repository with its comments and
// events (the destination picks it up if it is synced too). Only the issue's
// own endpoint may drop an issue: when its events answer 301, 404 or 410,
// GET issues/N decides (301 transferred, 404/410 deleted); when the issue is
// there (a proxy or token that cannot read events), its records stay and the
// summary warns. Deleted issues simply vanish from GitHub's lists, so the count
// probe above finds them. Deleted comments and edits of releases beyond the
// first hundred are not noticed by an incremental sync. A cold sync (no
// cursor: a new repository, one written by an import, or after its store
// file is deleted) rebuilds the repository from what GitHub lists.
//
// # Faults and atomicity
//
// Each attempt has a timeout (Options.Timeout, 30s). 5xx answers, timeouts,
// connection resets and truncated bodies are retried with exponential
// backoff and jitter (at most 6 attempts); 429s and secondary rate limits
// wait Retry-After; every retry and wait writes one line to Options.Log. A
// refused connection fails at once, and a host that answers none of the
// attempts of the sync's first request (SilentHostError) stops the sync
// after them rather than making every repository wait as long.
// Options.Deadline bounds the whole sync.
// Repositories synced longest ago go first, so a run stopped by the rate
// limit or the deadline is continued by the next. When the primary limit is used up
// (X-RateLimit-Remaining: 0) the sync waits for X-RateLimit-Reset when that
// is within MaxRateWait and stops with RateLimitError otherwise. Each
// repository is built in memory and written with store.WriteRepo only when
// all its lists are read, followed by the manifest, so a failed or cancelled
// repository leaves its files byte-identical and the next run resumes from the
// last committed cursors.
//
// # What a sync reads
//
// A sync starts from the manifest and each repository's repo.json (cursors,
// ETags, table rows); it decodes a repository's tables only when GitHub sends
// something to merge into them. A repository whose lists all answer 304 (and
// whose count probe finds no fewer issues than stored) is neither decoded nor
// rewritten: only its repo.json gets the new synced_at and ETags
// (store.UpdateSync). So an unchanged nightly costs its requests and a few
// small files, not a read of the store.
//
// # Damaged stores
//
// Each repository is checked before it is synced (store.CheckRepo: its
// repo.json against the manifest, each table's size, and the checksum of a
// table whose size or modification time moved since the last check). A
// repository that lost a file or holds one that does not match, and every
// repository of a store that lost its manifest, is synced again in full,
// as a first sync would, and written whole; the summary says so. This is
// what "run `vitals fetch`" in a build's damaged-store error repairs. One
// run writes a store at a time: Run holds the store's lock (store.Lock).
//
// The token is sent only to the API host, in the Authorization header, and
// never appears in output, errors or the store.
package ghsync

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/google/go-github/v60/github"

	"github.com/vitals-dev/vitals/generator/base/runlock"
	"github.com/vitals-dev/vitals/generator/sources/store"
)

// Options configure a sync.
type Options struct {
	APIURL      string // base, e.g. https://api.github.com or https://host/api/v3 (GHES)
	Token       string // never printed, logged or stored
	Repos       []string
	StoreDir    string
	MaxRateWait time.Duration // wait for a primary rate-limit reset when under this, else stop
	Progress    io.Writer     // nil = quiet
	TTY         bool          // a bar per repository when true; a line every few seconds when false
	// Now stamps the store (the data's as_of is the start of the sync); default time.Now.
	Now func() time.Time
	// HTTPClient is optional; its Transport is used, and its Timeout bounds
	// each attempt when Timeout is not set.
	HTTPClient *http.Client
	// Timeout bounds each attempt of a request (default 30s), so that a
	// hung request is retried.
	Timeout time.Duration
	// Deadline bounds the whole sync (0: none). When it passes, the sync
	// stops; repositories already written stay, the rest are named.
	Deadline time.Duration
	// Log gets one line per retry and rate-limit wait; nil = quiet.
	Log io.Writer

	// Sleep waits (for backoff and rate limits); default a timer that honours ctx.
	Sleep func(ctx context.Context, d time.Duration) error
	// Backoff is the wait before retry attempt n (1, 2, ...); default
	// exponential from 1s, capped at 30s, with jitter from a source seeded by Seed.
	Backoff func(attempt int) time.Duration
	Seed    uint64

	// Lock says how to wait for another run that holds the store's lock
	// (runlock): a second fetch waits for the first, or with Lock.NoWait
	// stops at once. Lock.Log defaults to Log, Lock.Command to "vitals fetch".
	Lock runlock.Options
}

// RepoSummary is what happened to one repository.
type RepoSummary struct {
	Repo                  string
	Cold                  bool
	Requests, NotModified int
	// Stored totals after the sync.
	Issues, PullRequests, Comments, Events, Releases int
	// Added and Updated count records of every kind; Removed counts issues and
	// pull requests dropped as deleted or transferred.
	Added, Updated, Removed int
	Transferred             int  // of Removed, seen as transferred
	Reconciled              bool // the issue count dropped and issues were listed in full
	EventsCutOff            bool // GitHub's events listing did not reach back far enough
	PerIssueEvents          int  // issues whose events were fetched one by one
	EventsComplete          bool
	// ReactionsRefreshed: the open issues were read in full for their
	// reactions (the weekly refresh); ReactionsChanged of them differed
	// from the store.
	ReactionsRefreshed bool
	ReactionsChanged   int
	// Warnings are problems that lost nothing but may leave figures short,
	// one sentence each (an issue's events that could not be read).
	Warnings []string
	Duration time.Duration
	Err      error
}

// Summary is what a sync did.
type Summary struct {
	Requests, NotModified   int
	Added, Updated, Removed int
	Retries                 int           // requests repeated after a fault or a rate limit
	Waited                  time.Duration // time spent in backoff and rate-limit waits
	Duration                time.Duration
	RateRemaining           int // -1 when GitHub sent no rate-limit header
	RateReset               time.Time
	SyncedAt                time.Time
	Repos                   []RepoSummary
}

// Failed names the repositories that did not sync.
func (s *Summary) Failed() []string {
	var out []string
	for _, r := range s.Repos {
		if r.Err != nil {
			out = append(out, r.Repo)
		}
	}
	return out
}

// String is the summary printed at the end of `vitals fetch`.
func (s *Summary) String() string {
	var b strings.Builder
	for _, r := range s.Repos {
		var ns *NotSyncedError
		if errors.As(r.Err, &ns) {
			fmt.Fprintf(&b, "%s: %v\n", r.Repo, r.Err) // the cause is on its repository's line
			continue
		}
		if r.Err != nil {
			fmt.Fprintf(&b, "%s: FAILED: %v\n", r.Repo, r.Err)
			continue
		}
		kind := "incremental"
		if r.Cold {
			kind = "cold"
		}
		fmt.Fprintf(&b, "%s: %s, %d requests (%d not modified); %d issues, %d pull requests, %d comments, %d events, %d releases; %d added, %d updated, %d removed",
			r.Repo, kind, r.Requests, r.NotModified, r.Issues, r.PullRequests, r.Comments, r.Events, r.Releases, r.Added, r.Updated, r.Removed)
		if r.EventsCutOff {
			fmt.Fprintf(&b, "; events listing cut off by GitHub, %d issues' events fetched one by one", r.PerIssueEvents)
		}
		if r.ReactionsRefreshed {
			fmt.Fprintf(&b, "; open issues re-read for their reactions (weekly), %d changed", r.ReactionsChanged)
		}
		b.WriteString("\n")
		for _, w := range r.Warnings {
			fmt.Fprintf(&b, "%s: warning: %s\n", r.Repo, w)
		}
	}
	rate := "unknown"
	if s.RateRemaining >= 0 {
		rate = fmt.Sprint(s.RateRemaining)
		if !s.RateReset.IsZero() {
			rate += " (resets " + s.RateReset.UTC().Format(time.RFC3339) + ")"
		}
	}
	var left []string
	var reset time.Time
	for _, r := range s.Repos {
		var rl *RateLimitError
		var de *DeadlineError
		if errors.As(r.Err, &rl) {
			reset = rl.Reset
		}
		if rl != nil || errors.As(r.Err, &de) {
			left = append(left, r.Repo)
		}
	}
	if len(left) > 0 {
		fmt.Fprintf(&b, "left for the next run, which starts with them: %s", strings.Join(left, ", "))
		if !reset.IsZero() {
			fmt.Fprintf(&b, " (the rate limit resets at %s)", reset.UTC().Format(time.RFC3339))
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "synced %d of %d repositories in %s: %d requests, %d not modified (304), %d retried; %d added, %d updated, %d removed; rate limit left: %s\n",
		len(s.Repos)-len(s.Failed()), len(s.Repos), s.Duration.Round(time.Millisecond), s.Requests, s.NotModified, s.Retries, s.Added, s.Updated, s.Removed, rate)
	return b.String()
}

// RepoError is the combined error of the repositories that failed.
type RepoError struct {
	Failed []RepoSummary
}

func (e *RepoError) Error() string {
	var names []string
	for _, r := range e.Failed {
		names = append(names, r.Repo)
	}
	msg := fmt.Sprintf("sync failed for %d repositories: %s", len(names), strings.Join(names, ", "))
	for _, r := range e.Failed {
		msg += fmt.Sprintf("\n  %s: %v", r.Repo, r.Err)
	}
	return msg
}

// Unwrap gives the repositories' errors (errors.Is/As see a RateLimitError).
func (e *RepoError) Unwrap() []error {
	var out []error
	for _, r := range e.Failed {
		out = append(out, r.Err)
	}
	return out
}

// NotSyncedError is the error of a repository the sync did not reach: it
// stopped at an earlier repository's error (Cause, which that repository's
// own line says), or was interrupted. It unwraps to the cause, so that
// errors.As finds a RateLimitError behind it.
type NotSyncedError struct {
	At    string // the repository whose error stopped the sync
	Cause error
}

func (e *NotSyncedError) Error() string {
	if errors.Is(e.Cause, ErrInterrupted) {
		return "not synced: interrupted"
	}
	return fmt.Sprintf("not synced: the sync stopped at %s's error", e.At)
}

func (e *NotSyncedError) Unwrap() error { return e.Cause }

// ErrInterrupted is the error of the repository a cancelled sync (SIGINT)
// was reading: nothing of it was written. It is a context.Canceled.
var ErrInterrupted error = interrupted{}

type interrupted struct{}

func (interrupted) Error() string { return "interrupted; nothing of it was written" }
func (interrupted) Unwrap() error { return context.Canceled }

// stops reports whether a repository's error stops the sync: the other
// repositories would fail the same way (nothing answers at the host, the
// token is refused) or must wait (rate limit, deadline, interrupt).
func stops(ctx context.Context, err error) bool {
	var rl *RateLimitError
	var ce *ConnectError
	var se *SilentHostError
	var ae *apiError
	return ctx.Err() != nil || errors.As(err, &rl) || errors.As(err, &ce) || errors.As(err, &se) ||
		errors.As(err, &ae) && ae.status == http.StatusUnauthorized
}

// perIssue matches per-issue URLs, where a redirect means "transferred".
var perIssue = regexp.MustCompile(`/repos/[^/]+/[^/]+/issues/[0-9]+(/|$)`)

// Run syncs every repository in o.Repos into o.StoreDir. A repository that
// fails is reported and the others still sync; the error then names every
// failed repository. A cancelled context or an exhausted rate limit stops the
// remaining repositories too.
func Run(ctx context.Context, o Options) (*Summary, error) {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Sleep == nil {
		o.Sleep = sleepCtx
	}
	if o.Backoff == nil {
		seed := o.Seed
		if seed == 0 {
			seed = uint64(o.Now().UnixNano())
		}
		o.Backoff = expBackoff(rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15)))
	}
	if o.APIURL == "" {
		o.APIURL = "https://api.github.com"
	}
	base, err := url.Parse(strings.TrimRight(o.APIURL, "/") + "/")
	if err != nil || (base.Scheme != "http" && base.Scheme != "https") || base.Host == "" {
		return nil, fmt.Errorf("GitHub API URL %q is not an http(s) URL", redact(o.APIURL, o.Token))
	}
	// One run writes the store at a time: two fetches each wrote the
	// manifest they had read, and the later dropped the other's
	// repositories (issue 23). The start is taken once the store is ours.
	if o.Lock.Log == nil {
		o.Lock.Log = o.Log
	}
	if o.Lock.Command == "" {
		o.Lock.Command = "vitals fetch"
	}
	lock, err := store.Lock(ctx, o.StoreDir, o.Lock)
	if err != nil {
		return nil, err
	}
	defer lock.Release()
	start := o.Now().UTC().Truncate(time.Second)

	tr := &transport{
		base: http.DefaultTransport, token: o.Token, apiHost: base.Host, apiPath: base.Path,
		maxWait: o.MaxRateWait, now: o.Now, sleep: o.Sleep, backoff: o.Backoff, remaining: -1,
		timeout: DefaultTimeout, log: o.Log,
	}
	hc := &http.Client{Transport: tr}
	if o.HTTPClient != nil {
		if o.HTTPClient.Transport != nil {
			tr.base = o.HTTPClient.Transport
		}
		if o.HTTPClient.Timeout > 0 {
			tr.timeout = o.HTTPClient.Timeout
		}
	}
	if o.Timeout > 0 {
		tr.timeout = o.Timeout
	}
	parent := ctx
	if o.Deadline > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, o.Deadline)
		defer cancel()
	}
	hc.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if len(via) >= 5 {
			return errors.New("too many redirects")
		}
		if perIssue.MatchString(via[0].URL.Path) {
			return http.ErrUseLastResponse // a moved issue: transferred
		}
		return nil // a renamed repository: follow
	}
	client := github.NewClient(hc)
	client.BaseURL = base

	manifest, heads, damaged, err := openStore(o.StoreDir, o.Repos)
	if err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	written := manifest // what manifest.json holds
	sum := &Summary{SyncedAt: start}
	prog := newProgress(o.Progress, o.TTY, o.Now)
	repos := syncOrder(o.Repos, heads)
	var stop error
	var stoppedAt string
	for _, name := range repos {
		rs := RepoSummary{Repo: name}
		if de := damaged[name]; de != nil {
			// No head: the repository is listed from nothing and written
			// whole, which repairs it.
			rs.Warnings = append(rs.Warnings, de.Path+": "+de.What+"; synced again in full")
		}
		if stop != nil {
			rs.Err = &NotSyncedError{At: stoppedAt, Cause: stop}
			sum.Repos = append(sum.Repos, rs)
			continue
		}
		r0, n0 := tr.counts()
		t0 := o.Now()
		s := &repoSync{client: client, tr: tr, dir: o.StoreDir, name: name, start: start, prog: prog, sum: &rs}
		rd, changed, err := s.run(ctx, heads[name])
		if err == nil {
			if changed {
				if err = store.WriteRepo(o.StoreDir, rd); err == nil {
					// What this run wrote needs no hashing next night;
					// without the note it only would be.
					_ = store.Remember(o.StoreDir, name)
				}
			} else {
				// Nothing changed: the tables keep their bytes.
				err = store.UpdateSync(o.StoreDir, name, rd.SyncedAt, rd.Sync)
			}
		}
		if err == nil {
			m := written
			m.SyncedAt = start
			if !contains(m.Repos, name) {
				m.Repos = append(m.Repos, name)
			}
			// Written after the first repository and after each new one:
			// the same manifest as writing it after every repository.
			if !m.SyncedAt.Equal(written.SyncedAt) || len(m.Repos) != len(written.Repos) || !written.Present {
				if err = store.WriteManifest(o.StoreDir, m.Manifest); err == nil {
					m.Present = true
					written = m
				}
			} else {
				written = m
			}
		}
		r1, n1 := tr.counts()
		rs.Requests, rs.NotModified, rs.Duration = r1-r0, n1-n0, o.Now().Sub(t0)
		if err != nil {
			switch {
			case parent.Err() != nil:
				err = ErrInterrupted
			case ctx.Err() != nil:
				err = &DeadlineError{Deadline: o.Deadline}
			}
			rs.Err = redactErr(err, o.Token)
			if stops(ctx, err) {
				stop, stoppedAt = rs.Err, name
			}
		} else {
			sum.Added += rs.Added
			sum.Updated += rs.Updated
			sum.Removed += rs.Removed
		}
		prog.done(rs)
		sum.Repos = append(sum.Repos, rs)
	}
	sum.Requests, sum.NotModified = tr.counts()
	sum.RateRemaining, sum.RateReset = tr.rate()
	tr.mu.Lock()
	sum.Retries, sum.Waited = tr.retries, tr.waited
	tr.mu.Unlock()
	sum.Duration = o.Now().Sub(start)
	if sum.Duration < 0 {
		sum.Duration = 0
	}
	var failed []RepoSummary
	for _, r := range sum.Repos {
		if r.Err != nil {
			failed = append(failed, r)
		}
	}
	if len(failed) > 0 {
		return sum, &RepoError{Failed: failed}
	}
	return sum, nil
}

// DefaultTimeout bounds each attempt of a request.
const DefaultTimeout = 30 * time.Second

// DeadlineError stops a sync that ran past Options.Deadline.
type DeadlineError struct {
	Deadline time.Duration
}

func (e *DeadlineError) Error() string {
	return fmt.Sprintf("the sync ran past its deadline of %s (--timeout); what was written stays", e.Deadline)
}

func (e *DeadlineError) Unwrap() error { return context.DeadlineExceeded }

// storedManifest is the manifest and whether manifest.json exists.
type storedManifest struct {
	store.Manifest
	Present bool
}

// openStore reads what a sync needs to decide what to ask GitHub: the
// manifest and the repo.json of each configured repository the manifest
// lists, each checked without decoding a table (store.CheckRepo). An older
// store is migrated first. A repository whose files are missing or do not
// match is damaged: it gets no head, so it is synced in full and written
// whole; so is every repository of a store that lost its manifest.
func openStore(dir string, repos []string) (storedManifest, map[string]*store.RepoHead, map[string]*store.DamagedError, error) {
	if err := store.Migrate(dir); err != nil {
		return storedManifest{}, nil, nil, err
	}
	m, ok, err := store.ReadManifest(dir)
	if err != nil {
		return storedManifest{}, nil, nil, err
	}
	heads := map[string]*store.RepoHead{}
	damaged := map[string]*store.DamagedError{}
	var de *store.DamagedError
	if !ok && errors.As(store.CheckEmpty(dir), &de) {
		for _, name := range repos {
			damaged[name] = de
		}
	}
	for _, name := range repos {
		if !contains(m.Repos, name) {
			continue
		}
		h, err := store.CheckRepo(dir, m, name)
		if errors.As(err, &de) {
			damaged[name] = de
			continue
		}
		if err != nil {
			return storedManifest{}, nil, nil, err
		}
		heads[name] = h
	}
	return storedManifest{m, ok}, heads, damaged, nil
}

// syncOrder puts the repositories synced longest ago (or never) first, so a
// run after one that stopped part-way (a rate limit, a deadline) continues
// with those it left; otherwise the configured order stays.
func syncOrder(repos []string, heads map[string]*store.RepoHead) []string {
	out := append([]string(nil), repos...)
	at := func(name string) time.Time {
		if h := heads[name]; h != nil {
			return h.SyncedAt
		}
		return time.Time{}
	}
	sort.SliceStable(out, func(i, j int) bool { return at(out[i]).Before(at(out[j])) })
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
