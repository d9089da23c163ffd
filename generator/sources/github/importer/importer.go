// Package importer loads a JSONL export of GitHub's REST issues list (one
// issue object per line) into the store, through the same conversion and
// duplicate resolution as a sync (ghconv.Merge).
package importer

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"

	"github.com/google/go-github/v60/github"

	"github.com/vitals-dev/vitals/generator/base/diag"
	"github.com/vitals-dev/vitals/generator/base/model"
	"github.com/vitals-dev/vitals/generator/sources/github/ghconv"
	"github.com/vitals-dev/vitals/generator/sources/store"
)

// Stats says what an import read and what the store holds afterwards.
type Stats struct {
	Lines        int       // non-blank lines read
	Issues       int       // issues of the repo in the store after the import
	PullRequests int       // pull requests of the repo in the store after the import
	Duplicates   int       // rows whose number appeared earlier in the file
	SyncedAt     time.Time // the synced_at written to the manifest
	// Commented counts the file's issues (not pull requests) whose REST
	// "comments" count is above 0; Comments the comments of the repo in the
	// store after the import. An issues list carries no comments: with
	// Commented > 0 and Comments 0, first responses are not in the store.
	Commented, Comments int
	// CommentsMissing is the repo's store.RepoData.CommentsMissing after the
	// import: first-response figures of the repo are unknown until a sync.
	CommentsMissing bool
	// Repo is the repository imported: the one given, or the one the rows
	// name (an issue's repository_url, a release's url).
	Repo string
	// WithReactions counts the file's issues (not pull requests) that carry
	// GitHub's reactions object; the others' reactions stay unknown.
	WithReactions int
}

// maxLine bounds one JSONL line (issue bodies can be long, not this long).
const maxLine = 64 << 20

// ImportJSONL reads REST issue objects, one per line, from r (named name in
// errors), merges them with what the store at storeDir holds for repo
// (for each number the row with the latest updated_at wins; "pull_request":
// null is an issue), and writes the repo's document and the manifest (repo
// added, synced_at set). syncedAt zero means a second after the latest
// updated_at in the file. The import holds no events: the repo keeps EventsComplete only when
// the store already had events for it. It holds no comments either: the repo
// is marked CommentsMissing when an imported issue counts comments that the
// store does not hold, until a sync lists them.
//
// Every bad line is reported, as name:line[:col]: what is wrong, and then
// nothing is written.
func ImportJSONL(r io.Reader, name string, repo string, storeDir string, syncedAt time.Time) (Stats, error) {
	var st Stats
	if repo != "" {
		if _, err := store.RepoPath(storeDir, repo); err != nil {
			return st, err
		}
	}
	rows, maxUpdated, repo, err := readRows(r, name, repo, &st)
	if err != nil {
		return st, err
	}
	if repo == "" {
		return st, fmt.Errorf("%s: no issue names its repository (repository_url): give it with --repo OWNER/NAME", name)
	}
	if _, err := store.RepoPath(storeDir, repo); err != nil {
		return st, err
	}
	st.Repo = repo
	if syncedAt.IsZero() {
		if maxUpdated.IsZero() {
			return st, fmt.Errorf("%s: no issue with updated_at to take synced_at from; give --synced-at", name)
		}
		// as_of is exclusive: a second later, so that the newest issue
		// (created at that instant, perhaps) is inside it, as for releases.
		syncedAt = maxUpdated.Add(time.Second)
	}
	syncedAt = syncedAt.UTC()

	s, err := store.Open(storeDir)
	if err != nil {
		return st, err
	}
	rd := s.Repos[repo]
	if rd == nil {
		rd = &store.RepoData{Repo: repo}
	}
	items := ghconv.Merge(repo, ghconv.Items{Issues: rd.Issues, PullRequests: rd.PullRequests}, rows)
	rd.Issues, rd.PullRequests = items.Issues, items.PullRequests
	rd.EventsComplete = rd.EventsComplete && len(rd.Events) > 0
	rd.CommentsMissing = rd.CommentsMissing || lacksComments(rows, rd)
	rd.SyncedAt = syncedAt
	// The export's reactions are the counts as of its synced_at.
	rd.Demand = model.NoteDemand(rd.Demand, rd.Issues, syncedAt)
	if err := store.WriteRepo(storeDir, rd); err != nil {
		return st, err
	}
	m := s.Manifest
	known := false
	for _, x := range m.Repos {
		known = known || x == repo
	}
	if !known {
		m.Repos = append(m.Repos, repo)
	}
	m.SyncedAt = syncedAt
	if err := store.WriteManifest(storeDir, m); err != nil {
		return st, err
	}
	st.Issues, st.PullRequests, st.SyncedAt = len(rd.Issues), len(rd.PullRequests), syncedAt
	st.Comments, st.CommentsMissing = len(rd.Comments), rd.CommentsMissing
	return st, nil
}

// lacksComments reports whether an issue of rows says it has comments
// (the REST "comments" count) while the store holds none of it. A store that
// holds any comment of an issue holds its first one: a sync lists every
// comment up to its time, oldest first.
func lacksComments(rows []*github.Issue, rd *store.RepoData) bool {
	has := map[int]bool{}
	for _, c := range rd.Comments {
		has[c.IssueNumber] = true
	}
	for _, is := range rows {
		if !is.IsPullRequest() && is.GetComments() > 0 && !has[is.GetNumber()] {
			return true
		}
	}
	return false
}

// readRows decodes every line, collecting all problems before failing.
// Without a repo, the first issue that names its repository (its
// repository_url) gives it, and the others must name the same.
func readRows(r io.Reader, name, repo string, st *Stats) ([]*github.Issue, time.Time, string, error) {
	br := bufio.NewReaderSize(r, 1<<20)
	var rows []*github.Issue
	var problems diag.List
	var maxUpdated time.Time
	seen := map[int]bool{}
	given := repo != ""
	// A mistyped --repo makes every line wrong: each other repository is
	// reported at its first line, with a count, not once per line.
	type elsewhere struct{ at, n int }
	others := map[string]*elsewhere{}
	for lineNo := 1; ; lineNo++ {
		line, err := br.ReadBytes('\n')
		if len(line) > maxLine {
			return nil, time.Time{}, "", fmt.Errorf("%s:%d: line longer than %d bytes", name, lineNo, maxLine)
		}
		if err != nil && !errors.Is(err, io.EOF) {
			return nil, time.Time{}, "", fmt.Errorf("%s:%d: %w", name, lineNo, err)
		}
		if t := bytes.TrimSpace(line); len(t) > 0 {
			st.Lines++
			is, d := decodeRow(t)
			if d == nil {
				if repo == "" {
					repo = RepoOfURL(is.GetRepositoryURL())
				}
				d = checkRepo(is, repo, given)
			}
			if d != nil {
				d.Path, d.Line = name, lineNo
				if o := d.other; o != "" {
					if e := others[o]; e != nil {
						e.n++
						continue
					}
					others[o] = &elsewhere{at: len(problems), n: 1}
				}
				problems = append(problems, d.Diag)
			} else {
				rows = append(rows, is)
				if seen[is.GetNumber()] {
					st.Duplicates++
				} else if !is.IsPullRequest() {
					if is.GetComments() > 0 {
						st.Commented++
					}
					if is.Reactions != nil {
						st.WithReactions++
					}
				}
				seen[is.GetNumber()] = true
				if u := is.GetUpdatedAt().Time; u.After(maxUpdated) {
					maxUpdated = u
				}
			}
		}
		if errors.Is(err, io.EOF) {
			break
		}
	}
	for o, e := range others { // each edits its own problem: order does not matter
		if e.n > 1 {
			problems[e.at].Msg += fmt.Sprintf(" (and %d more lines of %s)", e.n-1, o)
		}
	}
	if len(problems) > 0 {
		return nil, time.Time{}, "", problems
	}
	return rows, maxUpdated, repo, nil
}

// RepoOfURL is the owner/name of a REST API URL of a repository or of
// something in it (https://api.github.com/repos/OWNER/NAME[/...]); "" when
// the URL names none.
func RepoOfURL(u string) string {
	i := strings.Index(u, "/repos/")
	if i < 0 {
		return ""
	}
	parts := strings.SplitN(u[i+len("/repos/"):], "/", 3)
	if len(parts) < 2 || parts[0] == "" || parts[1] == "" {
		return ""
	}
	return parts[0] + "/" + parts[1]
}

// checkRepo reports an issue whose repository_url names another repository
// than repo (given with --repo, or named by the rows before it).
func checkRepo(is *github.Issue, repo string, given bool) *rowDiag {
	other := RepoOfURL(is.GetRepositoryURL())
	if other == "" || strings.EqualFold(other, repo) {
		return nil
	}
	msg := fmt.Sprintf("issue #%d belongs to %s (its repository_url), not %s: import it with --repo %s", is.GetNumber(), other, repo, other)
	if !given {
		msg = fmt.Sprintf("issue #%d belongs to %s (its repository_url), not %s as the rows before it: export and import each repository on its own", is.GetNumber(), other, repo)
	}
	return &rowDiag{Diag: diag.Diag{Msg: msg}, other: other}
}

// rowDiag is a problem of one line; other names the repository the line's
// issue belongs to when that is the problem.
type rowDiag struct {
	diag.Diag
	other string
}

var jsonKeyBefore = regexp.MustCompile(`"([A-Za-z_]+)"\s*:\s*$`)

// timeProblem says which key holds a time that is not RFC 3339, and where:
// encoding/json's own message names neither.
func timeProblem(line []byte, pe *time.ParseError) *rowDiag {
	val := strings.Trim(pe.Value, `"`)
	q, _ := json.Marshal(val)
	d := &rowDiag{Diag: diag.Diag{Msg: fmt.Sprintf("invalid issue object: %s is not a time in RFC 3339 form, such as 2024-01-31T12:00:00Z", q)}}
	if i := bytes.Index(line, q); i >= 0 {
		d.Col = i + 1
		if m := jsonKeyBefore.FindSubmatch(line[:i]); m != nil {
			d.Msg = fmt.Sprintf("invalid issue object: %q is %s, not a time in RFC 3339 form, such as 2024-01-31T12:00:00Z", m[1], q)
		}
	}
	return d
}

// decodeRow decodes one line and checks what vitals relies on.
func decodeRow(line []byte) (*github.Issue, *rowDiag) {
	bad := func(col int, format string, args ...any) *rowDiag {
		return &rowDiag{Diag: diag.Diag{Col: col, Msg: fmt.Sprintf(format, args...)}}
	}
	if line[0] != '{' {
		return nil, bad(1, "not a JSON object; want one REST issue object per line (JSONL, not a JSON array)")
	}
	var is github.Issue
	if err := json.Unmarshal(line, &is); err != nil {
		var pe *time.ParseError
		if errors.As(err, &pe) {
			return nil, timeProblem(line, pe)
		}
		d := bad(0, "invalid issue object: %s", err)
		var se *json.SyntaxError
		if errors.As(err, &se) {
			d.Col = int(se.Offset)
		}
		return nil, d
	}
	switch {
	case is.GetNumber() <= 0:
		return nil, bad(0, "issue has no positive \"number\"")
	case is.CreatedAt == nil || is.CreatedAt.IsZero():
		return nil, bad(0, "issue #%d has no \"created_at\"", is.GetNumber())
	case is.State == nil || (is.GetState() != "open" && is.GetState() != "closed"):
		return nil, bad(0, "issue #%d: \"state\" is %q, want \"open\" or \"closed\"", is.GetNumber(), is.GetState())
	}
	return &is, nil
}
