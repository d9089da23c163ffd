// Package fakegh is an in-process fake of the GitHub REST API on
// net/http/httptest, for tests of anything that talks to GitHub.
//
// It serves, per repository, the issues list (state, sort, direction, since),
// repository-wide issue comments (sort, direction, since), repository-wide
// issue events (newest first), one issue (GET issues/N), per-issue events,
// and releases, paged the way
// GitHub pages them: page/per_page (default 30, max 100) and a Link header with
// rel="next", "prev", "first" and "last" page numbers. Every 200 carries a
// weak ETag over the body; a matching If-None-Match gets an empty 304, which
// (as on GitHub) does not use up the rate limit. X-RateLimit-* headers are set
// on every response.
//
// Data is loaded either from model-level records (AddIssue, AddComment, ...)
// or from raw REST JSON objects (AddIssueJSON, LoadIssuesJSONL), which are
// served byte for byte, duplicates included. Issues added with AddIssue
// carry GitHub's `reactions` object (zeros where the issue has none);
// SetReactions changes the counts without touching updated_at, as a
// reaction on GitHub does.
//
// Faults are injected per request with Fail: 5xx, 429, secondary rate limits
// with Retry-After, primary rate-limit exhaustion, connection resets, truncated
// bodies and slow responses. Requests are counted per path.
package fakegh

import (
	"bufio"
	"bytes"
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/google/go-github/v60/github"

	"github.com/vitals-dev/vitals/generator/base/model"
)

// Options configure a Server.
type Options struct {
	// Prefix mounts the API under a path, e.g. "/api/v3" for GitHub Enterprise Server.
	Prefix string
	// Token, when set, is required as "Authorization: Bearer <token>" or "token <token>".
	Token string
	// RateLimit is X-RateLimit-Limit (default 5000); RateRemaining starts equal to it.
	RateLimit int
	// RateReset is X-RateLimit-Reset (default 2030-01-01).
	RateReset time.Time
	// EventsMaxPages makes pages of /issues/events beyond it answer 422, as
	// GitHub does where it limits pagination of that resource (0 = no limit).
	EventsMaxPages int
}

// FaultKind is one kind of injected failure.
type FaultKind int

const (
	Status500     FaultKind = iota // 500 with a JSON message
	Status502                      // 502 with an HTML body, as a proxy sends it
	TooMany                        // 429 with Retry-After
	Secondary                      // 403 secondary rate limit with Retry-After
	RateExhausted                  // 403 with X-RateLimit-Remaining: 0 (primary limit)
	Reset                          // hijack the connection and close it
	Truncate                       // Content-Length larger than the body, then close
	Slow                           // sleep Delay, then answer normally
	Status404                      // 404 Not Found
	Status410                      // 410 Gone
)

// Fault is an injected failure for requests whose path?query contains Match.
type Fault struct {
	Match      string
	Kind       FaultKind
	Times      int           // how many matching requests fail (0 = 1)
	RetryAfter int           // seconds, for TooMany and Secondary; negative: no Retry-After header
	Delay      time.Duration // for Slow
}

type item struct {
	raw     []byte
	id      int64
	number  int
	isPR    bool
	state   string
	created time.Time
	updated time.Time
	seq     int // insertion order, the last tie-break
}

type repoData struct {
	name     string
	issues   []*item
	comments []*item
	events   []*item
	releases []*item
	moved    map[int]string // issue number -> "owner/name#number" it was transferred to
	deleted  map[int]bool
	// positions by number (issues) or ID (others), so loading stays linear
	issueAt, commentAt, eventAt, releaseAt map[int64]int
}

// reindex rebuilds the position maps after items were dropped.
func (r *repoData) reindex() {
	r.issueAt, r.commentAt, r.eventAt, r.releaseAt = index(r.issues, true), index(r.comments, false), index(r.events, false), index(r.releases, false)
}

func index(list []*item, byNumber bool) map[int64]int {
	m := make(map[int64]int, len(list))
	for i, it := range list {
		k := it.id
		if byNumber {
			k = int64(it.number)
		}
		m[k] = i
	}
	return m
}

// upsert replaces the item with the same key or appends it.
func upsert(list []*item, at map[int64]int, key int64, it *item) []*item {
	if i, ok := at[key]; ok {
		list[i] = it
		return list
	}
	at[key] = len(list)
	return append(list, it)
}

// Server is a fake GitHub. Its methods are safe for concurrent use.
type Server struct {
	*httptest.Server
	opts Options

	mu        sync.Mutex
	repos     map[string]*repoData // key: lower-case owner/name
	seq       int
	faults    []*Fault
	counts    map[string]int
	total     int
	notMod    int
	remaining int
	version   int // bumped by every change of data; invalidates cache
	cache     map[string]cached
}

type cached struct {
	version int
	items   []*item
}

// New starts a fake GitHub; Close it when done.
func New(o Options) *Server {
	if o.RateLimit == 0 {
		o.RateLimit = 5000
	}
	if o.RateReset.IsZero() {
		o.RateReset = time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	o.Prefix = strings.TrimRight(o.Prefix, "/")
	s := &Server{opts: o, repos: map[string]*repoData{}, counts: map[string]int{}, remaining: o.RateLimit, cache: map[string]cached{}}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	return s
}

// APIURL is the base URL a client should use (the server URL plus Prefix).
func (s *Server) APIURL() string { return s.Server.URL + s.opts.Prefix }

// AddRepo makes a repository exist (with no data yet).
func (s *Server) AddRepo(repo string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.repo(repo)
}

func (s *Server) repo(name string) *repoData {
	k := strings.ToLower(name)
	r := s.repos[k]
	if r == nil {
		r = &repoData{name: name, moved: map[int]string{}, deleted: map[int]bool{}}
		r.reindex()
		s.repos[k] = r
	}
	return r
}

// nextSeq numbers a new item; it is called for every change of data.
func (s *Server) nextSeq() int { s.seq++; s.version++; return s.seq }

func ghTime(t time.Time) *github.Timestamp { return &github.Timestamp{Time: t.UTC()} }

func ghTimeP(t *time.Time) *github.Timestamp {
	if t == nil {
		return nil
	}
	return ghTime(*t)
}

func (s *Server) repoURL(repo string) string {
	return "https://api.github.invalid/repos/" + repo
}

func ghUser(u model.User) *github.User {
	if u.Login == "" && u.Type == "" {
		return nil
	}
	return &github.User{Login: github.String(u.Login), Type: github.String(u.Type)}
}

func ghLabels(ls []string) []*github.Label {
	var out []*github.Label
	for _, l := range ls {
		out = append(out, &github.Label{Name: github.String(l)})
	}
	return out
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

// AddIssue adds an issue or replaces the one with the same number.
func (s *Server) AddIssue(repo string, is model.Issue) {
	g := &github.Issue{
		ID: github.Int64(int64(is.Number) + 1_000_000_000), Number: github.Int(is.Number),
		Title: github.String(is.Title), State: github.String(is.State), User: ghUser(is.Author),
		Labels: ghLabels(is.Labels), CreatedAt: ghTime(is.CreatedAt), UpdatedAt: ghTime(is.UpdatedAt),
		ClosedAt: ghTimeP(is.ClosedAt), HTMLURL: github.String(is.URL),
		RepositoryURL: github.String(s.repoURL(repo)),
	}
	if is.StateReason != "" {
		g.StateReason = github.String(is.StateReason)
	}
	var r model.Reactions
	if is.Reactions != nil {
		r = *is.Reactions
	}
	g.Reactions = ghReactions(s.repoURL(repo)+"/issues/"+strconv.Itoa(is.Number)+"/reactions", r)
	s.putIssue(repo, g)
}

// ghReactions is the reactions object GitHub puts on every issue (all
// counts, zeros included, as GitHub sends them).
func ghReactions(url string, r model.Reactions) *github.Reactions {
	return &github.Reactions{TotalCount: github.Int(r.Total()), PlusOne: github.Int(r.ThumbsUp), MinusOne: github.Int(r.ThumbsDown),
		Laugh: github.Int(r.Laugh), Hooray: github.Int(r.Hooray), Confused: github.Int(r.Confused), Heart: github.Int(r.Heart),
		Rocket: github.Int(r.Rocket), Eyes: github.Int(r.Eyes), URL: github.String(url)}
}

// SetReactions changes an issue's reaction counts and nothing else: as on
// GitHub, a reaction does not change updated_at, so a listing with since
// does not show it.
func (s *Server) SetReactions(repo string, number int, r model.Reactions) {
	s.mu.Lock()
	defer s.mu.Unlock()
	rd := s.repo(repo)
	i, ok := rd.issueAt[int64(number)]
	if !ok {
		panic(fmt.Sprintf("fakegh: SetReactions: %s has no issue #%d", repo, number))
	}
	var g map[string]any
	if err := json.Unmarshal(rd.issues[i].raw, &g); err != nil {
		panic(err)
	}
	g["reactions"] = ghReactions(s.repoURL(repo)+"/issues/"+strconv.Itoa(number)+"/reactions", r)
	it := issueItem(mustJSON(g))
	it.seq = rd.issues[i].seq
	s.version++
	rd.issues[i] = it
}

// AddPullRequest adds a pull request (an issues-list item with pull_request set)
// or replaces the item with the same number.
func (s *Server) AddPullRequest(repo string, pr model.PullRequest) {
	g := &github.Issue{
		ID: github.Int64(int64(pr.Number) + 1_000_000_000), Number: github.Int(pr.Number),
		Title: github.String(pr.Title), State: github.String(pr.State), User: ghUser(pr.Author),
		Labels: ghLabels(pr.Labels), CreatedAt: ghTime(pr.CreatedAt), UpdatedAt: ghTime(pr.UpdatedAt),
		ClosedAt: ghTimeP(pr.ClosedAt), HTMLURL: github.String(pr.URL),
		RepositoryURL:    github.String(s.repoURL(repo)),
		PullRequestLinks: &github.PullRequestLinks{URL: github.String(s.repoURL(repo) + "/pulls/" + strconv.Itoa(pr.Number)), MergedAt: ghTimeP(pr.MergedAt)},
	}
	s.putIssue(repo, g)
}

func (s *Server) putIssue(repo string, g *github.Issue) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.repo(repo)
	it := issueItem(mustJSON(g))
	it.seq = s.nextSeq()
	delete(r.deleted, it.number)
	r.issues = upsert(r.issues, r.issueAt, int64(it.number), it)
}

func issueItem(raw []byte) *item {
	var h struct {
		ID          int64           `json:"id"`
		Number      int             `json:"number"`
		State       string          `json:"state"`
		PullRequest json.RawMessage `json:"pull_request"`
		CreatedAt   time.Time       `json:"created_at"`
		UpdatedAt   time.Time       `json:"updated_at"`
	}
	if err := json.Unmarshal(raw, &h); err != nil {
		panic(fmt.Sprintf("fakegh: issue JSON: %v", err))
	}
	pr := len(h.PullRequest) > 0 && string(h.PullRequest) != "null"
	return &item{raw: raw, id: h.ID, number: h.Number, isPR: pr, state: h.State, created: h.CreatedAt, updated: h.UpdatedAt}
}

// AddIssueJSON appends one raw REST issue object, served as is (a second
// object with the same number is served too, as a duplicate).
func (s *Server) AddIssueJSON(repo string, raw []byte) error {
	var probe map[string]json.RawMessage
	if err := json.Unmarshal(raw, &probe); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	it := issueItem(append([]byte(nil), raw...))
	it.seq = s.nextSeq()
	r := s.repo(repo)
	r.issues = append(r.issues, it)
	r.issueAt[int64(it.number)] = len(r.issues) - 1 // the later duplicate is the one AddIssue replaces
	return nil
}

// LoadIssuesJSONL appends every line of a JSONL file of REST issue objects.
func (s *Server) LoadIssuesJSONL(repo string, rd io.Reader) (int, error) {
	sc := bufio.NewScanner(rd)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	n, line := 0, 0
	for sc.Scan() {
		line++
		b := bytes.TrimSpace(sc.Bytes())
		if len(b) == 0 {
			continue
		}
		if err := s.AddIssueJSON(repo, b); err != nil {
			return n, fmt.Errorf("line %d: %w", line, err)
		}
		n++
	}
	return n, sc.Err()
}

// AddComment adds a repository issue comment (replacing one with the same ID).
func (s *Server) AddComment(repo string, c model.Comment) {
	g := &github.IssueComment{
		ID: github.Int64(c.ID), User: ghUser(c.User), CreatedAt: ghTime(c.CreatedAt),
		IssueURL: github.String(s.repoURL(repo) + "/issues/" + strconv.Itoa(c.IssueNumber)),
	}
	if !c.UpdatedAt.IsZero() {
		g.UpdatedAt = ghTime(c.UpdatedAt)
	} else {
		g.UpdatedAt = ghTime(c.CreatedAt)
	}
	it := &item{raw: mustJSON(g), id: c.ID, number: c.IssueNumber, created: c.CreatedAt, updated: g.UpdatedAt.Time}
	s.mu.Lock()
	defer s.mu.Unlock()
	it.seq = s.nextSeq()
	r := s.repo(repo)
	r.comments = upsert(r.comments, r.commentAt, it.id, it)
}

// AddEvent adds an issue event (replacing one with the same ID). Event IDs grow
// with time, as on GitHub.
func (s *Server) AddEvent(repo string, e model.Event) {
	g := &github.IssueEvent{
		ID: github.Int64(e.ID), Event: github.String(e.Event), Actor: ghUser(e.Actor),
		CreatedAt: ghTime(e.CreatedAt), Issue: &github.Issue{Number: github.Int(e.IssueNumber)},
	}
	it := &item{raw: mustJSON(g), id: e.ID, number: e.IssueNumber, created: e.CreatedAt, updated: e.CreatedAt}
	s.mu.Lock()
	defer s.mu.Unlock()
	it.seq = s.nextSeq()
	r := s.repo(repo)
	r.events = upsert(r.events, r.eventAt, it.id, it)
}

// AddRelease adds a release (replacing one with the same ID).
func (s *Server) AddRelease(repo string, rel model.Release) {
	g := &github.RepositoryRelease{
		ID: github.Int64(rel.ID), TagName: github.String(rel.Tag), Name: github.String(rel.Name),
		Draft: github.Bool(rel.Draft), Prerelease: github.Bool(rel.Prerelease),
		CreatedAt: ghTime(rel.CreatedAt), PublishedAt: ghTimeP(rel.PublishedAt),
		Body: github.String(rel.Body), HTMLURL: github.String(rel.URL),
	}
	it := &item{raw: mustJSON(g), id: rel.ID, created: rel.CreatedAt, updated: rel.CreatedAt}
	s.mu.Lock()
	defer s.mu.Unlock()
	it.seq = s.nextSeq()
	r := s.repo(repo)
	r.releases = upsert(r.releases, r.releaseAt, it.id, it)
}

// DeleteIssue removes an issue with its comments and events; its URL then answers 410 Gone.
func (s *Server) DeleteIssue(repo string, number int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.version++
	r := s.repo(repo)
	r.issues = dropNumber(r.issues, number)
	r.comments = dropNumber(r.comments, number)
	r.events = dropNumber(r.events, number)
	r.deleted[number] = true
	r.reindex()
}

// TransferIssue moves issue number of from to repository to as toNumber,
// with updated_at = at. Its old URLs answer 301 to the new ones. With
// keepListed, the source repository's issues list still shows the item, but
// with the destination's repository_url (as a stale listing can).
func (s *Server) TransferIssue(from string, number int, to string, toNumber int, at time.Time, keepListed bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.version++
	src, dst := s.repo(from), s.repo(to)
	var moved *item
	for _, it := range src.issues {
		if it.number == number {
			moved = it
		}
	}
	if moved == nil {
		return
	}
	var g map[string]any
	if err := json.Unmarshal(moved.raw, &g); err != nil {
		panic(err)
	}
	g["number"] = toNumber
	g["repository_url"] = s.repoURL(dst.name)
	g["updated_at"] = at.UTC().Format(time.RFC3339)
	nit := issueItem(mustJSON(g))
	nit.seq = s.nextSeq()
	dst.issues = append(dst.issues, nit)
	src.comments = dropNumber(src.comments, number)
	src.events = dropNumber(src.events, number)
	if keepListed {
		for i, it := range src.issues {
			if it.number == number {
				g["number"] = number
				c := issueItem(mustJSON(g))
				c.seq = it.seq
				src.issues[i] = c
			}
		}
	} else {
		src.issues = dropNumber(src.issues, number)
	}
	src.moved[number] = dst.name + "#" + strconv.Itoa(toNumber)
	src.reindex()
	dst.reindex()
}

func dropNumber(list []*item, n int) []*item {
	out := list[:0:0]
	for _, it := range list {
		if it.number != n {
			out = append(out, it)
		}
	}
	return out
}

// Fail queues a fault.
func (s *Server) Fail(f Fault) {
	if f.Times == 0 {
		f.Times = 1
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &f)
}

// SetRateRemaining sets the primary rate limit's remaining count (and optionally its reset).
func (s *Server) SetRateRemaining(n int, reset time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.remaining = n
	if !reset.IsZero() {
		s.opts.RateReset = reset
	}
}

// Requests is the number of requests received (304s and failures included).
func (s *Server) Requests() int { s.mu.Lock(); defer s.mu.Unlock(); return s.total }

// NotModified is the number of 304 answers.
func (s *Server) NotModified() int { s.mu.Lock(); defer s.mu.Unlock(); return s.notMod }

// Count is the number of requests to a path (without prefix or query), e.g.
// "/repos/o/r/issues".
func (s *Server) Count(path string) int { s.mu.Lock(); defer s.mu.Unlock(); return s.counts[path] }

// Counts is a copy of the per-path request counts.
func (s *Server) Counts() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := map[string]int{}
	for k, v := range s.counts {
		m[k] = v
	}
	return m
}

// ResetCounts zeroes the request counters.
func (s *Server) ResetCounts() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.counts, s.total, s.notMod = map[string]int{}, 0, 0
}

func (s *Server) takeFault(pathQuery string) *Fault {
	for _, f := range s.faults {
		if f.Times > 0 && strings.Contains(pathQuery, f.Match) {
			f.Times--
			c := *f
			return &c
		}
	}
	return nil
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	path := r.URL.Path
	if s.opts.Prefix != "" {
		if !strings.HasPrefix(path, s.opts.Prefix+"/") {
			writeJSONError(w, http.StatusNotFound, "Not Found")
			return
		}
		path = strings.TrimPrefix(path, s.opts.Prefix)
	}
	s.mu.Lock()
	s.total++
	s.counts[path]++
	f := s.takeFault(path + "?" + r.URL.RawQuery)
	s.mu.Unlock()

	if s.opts.Token != "" {
		a := r.Header.Get("Authorization")
		if a != "Bearer "+s.opts.Token && a != "token "+s.opts.Token {
			writeJSONError(w, http.StatusUnauthorized, "Bad credentials")
			return
		}
	}
	if f != nil {
		if done := s.fault(w, r, f); done {
			return
		}
	}
	if r.Method != http.MethodGet {
		writeJSONError(w, http.StatusMethodNotAllowed, "method not allowed")
		return
	}
	s.mu.Lock()
	if s.remaining <= 0 {
		s.rateHeaders(w)
		s.mu.Unlock()
		writeJSONError(w, http.StatusForbidden, "API rate limit exceeded for user ID 1.")
		return
	}
	status, body, link := s.route(path, r)
	s.mu.Unlock()
	if status == http.StatusMovedPermanently {
		w.Header().Set("Location", s.APIURL()+body2str(body))
		writeJSONError(w, status, "Moved Permanently")
		return
	}
	if status != http.StatusOK {
		s.mu.Lock()
		s.remaining--
		s.rateHeaders(w)
		s.mu.Unlock()
		writeJSONError(w, status, string(body))
		return
	}
	sum := sha1.Sum(body)
	etag := `W/"` + hex.EncodeToString(sum[:]) + `"`
	w.Header().Set("ETag", etag)
	if link != "" {
		w.Header().Set("Link", link)
	}
	s.mu.Lock()
	if inm := r.Header.Get("If-None-Match"); inm != "" && inm == etag {
		s.notMod++
		s.rateHeaders(w) // a 304 does not use the rate limit
		s.mu.Unlock()
		w.WriteHeader(http.StatusNotModified)
		return
	}
	s.remaining--
	s.rateHeaders(w)
	s.mu.Unlock()
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	if f != nil && f.Kind == Truncate {
		w.Header().Set("Content-Length", strconv.Itoa(len(body)+100))
		w.WriteHeader(http.StatusOK)
		w.Write(body[:len(body)/2])
		if fl, ok := w.(http.Flusher); ok {
			fl.Flush()
		}
		hijackClose(w)
		return
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.Write(body)
}

func body2str(b []byte) string { return string(b) }

func (s *Server) rateHeaders(w http.ResponseWriter) {
	rem := s.remaining
	if rem < 0 {
		rem = 0
	}
	h := w.Header()
	h.Set("X-RateLimit-Limit", strconv.Itoa(s.opts.RateLimit))
	h.Set("X-RateLimit-Remaining", strconv.Itoa(rem))
	h.Set("X-RateLimit-Reset", strconv.FormatInt(s.opts.RateReset.Unix(), 10))
	h.Set("X-RateLimit-Resource", "core")
}

// fault answers an injected failure; false means go on normally afterwards.
func (s *Server) fault(w http.ResponseWriter, r *http.Request, f *Fault) bool {
	switch f.Kind {
	case Status500:
		writeJSONError(w, http.StatusInternalServerError, "Server Error")
	case Status502:
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusBadGateway)
		io.WriteString(w, "<html><body><h1>502 Bad Gateway</h1></body></html>")
	case Status404:
		writeJSONError(w, http.StatusNotFound, "Not Found")
	case Status410:
		writeJSONError(w, http.StatusGone, "This issue was deleted")
	case TooMany:
		retryAfter(w, f.RetryAfter)
		writeJSONError(w, http.StatusTooManyRequests, "Too Many Requests")
	case Secondary:
		retryAfter(w, f.RetryAfter)
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(http.StatusForbidden)
		io.WriteString(w, `{"message":"You have exceeded a secondary rate limit. Please wait a few minutes before you try again.","documentation_url":"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits"}`)
	case RateExhausted:
		s.mu.Lock()
		s.remaining = 0
		s.rateHeaders(w)
		s.mu.Unlock()
		writeJSONError(w, http.StatusForbidden, "API rate limit exceeded for user ID 1.")
	case Reset:
		hijackClose(w)
	case Truncate:
		return false // handled when the body is written
	case Slow:
		select {
		case <-time.After(f.Delay):
		case <-r.Context().Done():
			return true
		}
		return false
	}
	return true
}

// retryAfter sets the header; a negative value leaves it out.
func retryAfter(w http.ResponseWriter, secs int) {
	if secs >= 0 {
		w.Header().Set("Retry-After", strconv.Itoa(secs))
	}
}

func hijackClose(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic("fakegh: response writer cannot hijack")
	}
	conn, _, err := hj.Hijack()
	if err == nil {
		conn.Close()
	}
}

func writeJSONError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	fmt.Fprintf(w, `{"message":%q,"documentation_url":"https://docs.github.com/rest"}`, msg)
}

// route answers a GET with the server lock held: status, body, Link header.
// For a 301 the body is the new path.
func (s *Server) route(path string, r *http.Request) (int, []byte, string) {
	parts := strings.Split(strings.Trim(path, "/"), "/")
	if len(parts) < 4 || parts[0] != "repos" {
		return http.StatusNotFound, []byte("Not Found"), ""
	}
	rd := s.repos[strings.ToLower(parts[1]+"/"+parts[2])]
	if rd == nil {
		return http.StatusNotFound, []byte("Not Found"), ""
	}
	q := r.URL.Query()
	rest := parts[3:]
	switch {
	case len(rest) == 1 && rest[0] == "issues":
		key := rd.name + "|issues|" + q.Get("state") + "|" + q.Get("sort") + "|" + q.Get("direction")
		return s.list(r, key, rd.issues, stateFilter(q), sinceFilter(q), issueSort(q))
	case len(rest) == 2 && rest[0] == "issues" && rest[1] == "comments":
		key := rd.name + "|comments|" + q.Get("sort") + "|" + q.Get("direction")
		return s.list(r, key, rd.comments, nil, sinceFilter(q), commentSort(q))
	case len(rest) == 2 && rest[0] == "issues" && rest[1] == "events":
		if s.opts.EventsMaxPages > 0 && page(q) > s.opts.EventsMaxPages {
			return http.StatusUnprocessableEntity, []byte("In order to keep the API fast for everyone, pagination is limited for this resource. Check the rel=last link relation in the Link response header to see how far back you can traverse."), ""
		}
		return s.list(r, rd.name+"|events", rd.events, nil, nil, byIDDesc)
	case len(rest) == 2 && rest[0] == "issues" && rest[1] != "comments" && rest[1] != "events":
		n, err := strconv.Atoi(rest[1])
		if err != nil {
			return http.StatusNotFound, []byte("Not Found"), ""
		}
		if to, ok := rd.moved[n]; ok {
			repo, num, _ := strings.Cut(to, "#")
			return http.StatusMovedPermanently, []byte("/repos/" + repo + "/issues/" + num), ""
		}
		if rd.deleted[n] {
			return http.StatusGone, []byte("This issue was deleted"), ""
		}
		for _, it := range rd.issues {
			if it.number == n {
				return http.StatusOK, it.raw, ""
			}
		}
		return http.StatusNotFound, []byte("Not Found"), ""
	case len(rest) == 3 && rest[0] == "issues" && rest[2] == "events":
		n, err := strconv.Atoi(rest[1])
		if err != nil {
			return http.StatusNotFound, []byte("Not Found"), ""
		}
		if to, ok := rd.moved[n]; ok {
			repo, num, _ := strings.Cut(to, "#")
			return http.StatusMovedPermanently, []byte("/repos/" + repo + "/issues/" + num + "/events"), ""
		}
		if rd.deleted[n] {
			return http.StatusGone, []byte("This issue was deleted"), ""
		}
		found := false
		for _, it := range rd.issues {
			found = found || it.number == n
		}
		if !found {
			return http.StatusNotFound, []byte("Not Found"), ""
		}
		return s.list(r, "", rd.events, func(it *item) bool { return it.number == n }, nil, byIDAsc)
	case len(rest) == 1 && rest[0] == "releases":
		return s.list(r, rd.name+"|releases", rd.releases, nil, nil, byCreatedDesc)
	}
	return http.StatusNotFound, []byte("Not Found"), ""
}

type less func(a, b *item) bool

func byIDDesc(a, b *item) bool { return a.id > b.id }
func byIDAsc(a, b *item) bool  { return a.id < b.id }
func byCreatedDesc(a, b *item) bool {
	if !a.created.Equal(b.created) {
		return a.created.After(b.created)
	}
	return a.id > b.id
}

func stateFilter(q url.Values) func(*item) bool {
	state := q.Get("state")
	if state == "" {
		state = "open"
	}
	if state == "all" {
		return nil
	}
	return func(it *item) bool { return it.state == state }
}

// sinceFilter keeps items updated at or after since.
func sinceFilter(q url.Values) func(*item) bool {
	v := q.Get("since")
	if v == "" {
		return nil
	}
	t, err := time.Parse(time.RFC3339, v)
	if err != nil {
		return func(*item) bool { return false }
	}
	return func(it *item) bool { return !it.updated.Before(t) }
}

func orderBy(key func(*item) time.Time, asc bool) less {
	return func(a, b *item) bool {
		ka, kb := key(a), key(b)
		if !ka.Equal(kb) {
			return ka.Before(kb) == asc
		}
		if a.number != b.number {
			return (a.number < b.number) == asc
		}
		if a.id != b.id {
			return (a.id < b.id) == asc
		}
		return a.seq < b.seq
	}
}

func created(it *item) time.Time { return it.created }
func updated(it *item) time.Time { return it.updated }

func issueSort(q url.Values) less {
	key := created
	if q.Get("sort") == "updated" {
		key = updated
	}
	return orderBy(key, q.Get("direction") == "asc") // GitHub's default direction is desc
}

func commentSort(q url.Values) less {
	key := created
	if q.Get("sort") == "updated" {
		key = updated
	}
	return orderBy(key, q.Get("direction") != "desc") // default asc for comments
}

func page(q url.Values) int {
	p, err := strconv.Atoi(q.Get("page"))
	if err != nil || p < 1 {
		return 1
	}
	return p
}

// list pages through all, filtered by keep, ordered by lt, then filtered by
// since. The filtered, sorted list is cached under key (when not empty) until
// the data changes, so that paging through 100,000 items stays linear.
func (s *Server) list(r *http.Request, key string, all []*item, keep, since func(*item) bool, lt less) (int, []byte, string) {
	q := r.URL.Query()
	var sorted []*item
	if c, ok := s.cache[key]; ok && key != "" && c.version == s.version {
		sorted = c.items
	} else {
		for _, it := range all {
			if keep == nil || keep(it) {
				sorted = append(sorted, it)
			}
		}
		sort.SliceStable(sorted, func(i, j int) bool { return lt(sorted[i], sorted[j]) })
		if key != "" {
			s.cache[key] = cached{s.version, sorted}
		}
	}
	sel := sorted
	if since != nil {
		sel = nil
		for _, it := range sorted {
			if since(it) {
				sel = append(sel, it)
			}
		}
	}
	per, err := strconv.Atoi(q.Get("per_page"))
	if err != nil || per < 1 {
		per = 30
	}
	if per > 100 {
		per = 100
	}
	p := page(q)
	last := (len(sel) + per - 1) / per
	if last == 0 {
		last = 1
	}
	lo, hi := (p-1)*per, p*per
	if lo > len(sel) {
		lo = len(sel)
	}
	if hi > len(sel) {
		hi = len(sel)
	}
	var buf bytes.Buffer
	buf.WriteByte('[')
	for i, it := range sel[lo:hi] {
		if i > 0 {
			buf.WriteByte(',')
		}
		buf.Write(it.raw)
	}
	buf.WriteByte(']')
	return http.StatusOK, buf.Bytes(), s.link(r, p, last)
}

func (s *Server) link(r *http.Request, p, last int) string {
	at := func(n int) string {
		u := *r.URL
		u.Scheme, u.Host = "http", r.Host
		q := u.Query()
		q.Set("page", strconv.Itoa(n))
		u.RawQuery = q.Encode()
		return u.String()
	}
	var ls []string
	if p < last {
		ls = append(ls, fmt.Sprintf(`<%s>; rel="next"`, at(p+1)), fmt.Sprintf(`<%s>; rel="last"`, at(last)))
	}
	if p > 1 {
		ls = append(ls, fmt.Sprintf(`<%s>; rel="first"`, at(1)), fmt.Sprintf(`<%s>; rel="prev"`, at(p-1)))
	}
	return strings.Join(ls, ", ")
}
