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
	"strings"
	"time"

	"github.com/google/go-github/v60/github"

	"github.com/vitals-dev/vitals/generator/diag"
	"github.com/vitals-dev/vitals/generator/ghconv"
	"github.com/vitals-dev/vitals/generator/store"
)

// Stats says what an import read and what the store holds afterwards.
type Stats struct {
	Lines        int       // non-blank lines read
	Issues       int       // issues of the repo in the store after the import
	PullRequests int       // pull requests of the repo in the store after the import
	Duplicates   int       // rows whose number appeared earlier in the file
	SyncedAt     time.Time // the synced_at written to the manifest
}

// maxLine bounds one JSONL line (issue bodies can be long, not this long).
const maxLine = 64 << 20

// ImportJSONL reads REST issue objects, one per line, from r (named name in
// errors), merges them with what the store at storeDir holds for repo
// (for each number the row with the latest updated_at wins; "pull_request":
// null is an issue), and writes the repo's document and the manifest (repo
// added, synced_at set). syncedAt zero means a second after the latest
// updated_at in the file. The import holds no events: the repo keeps EventsComplete only when
// the store already had events for it.
//
// Every bad line is reported, as name:line[:col]: what is wrong, and then
// nothing is written.
func ImportJSONL(r io.Reader, name string, repo string, storeDir string, syncedAt time.Time) (Stats, error) {
	var st Stats
	if _, err := store.RepoPath(storeDir, repo); err != nil {
		return st, err
	}
	rows, maxUpdated, err := readRows(r, name, repo, &st)
	if err != nil {
		return st, err
	}
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
	rd.SyncedAt = syncedAt
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
	return st, nil
}

// readRows decodes every line, collecting all problems before failing.
func readRows(r io.Reader, name, repo string, st *Stats) ([]*github.Issue, time.Time, error) {
	br := bufio.NewReaderSize(r, 1<<20)
	var rows []*github.Issue
	var problems diag.List
	var maxUpdated time.Time
	seen := map[int]bool{}
	wantURL := "/repos/" + strings.ToLower(repo)
	for lineNo := 1; ; lineNo++ {
		line, err := br.ReadBytes('\n')
		if len(line) > maxLine {
			return nil, time.Time{}, fmt.Errorf("%s:%d: line longer than %d bytes", name, lineNo, maxLine)
		}
		if err != nil && !errors.Is(err, io.EOF) {
			return nil, time.Time{}, fmt.Errorf("%s:%d: %w", name, lineNo, err)
		}
		if t := bytes.TrimSpace(line); len(t) > 0 {
			st.Lines++
			is, d := decodeRow(t, repo, wantURL)
			if d != nil {
				d.Path, d.Line = name, lineNo
				problems = append(problems, *d)
			} else {
				rows = append(rows, is)
				if seen[is.GetNumber()] {
					st.Duplicates++
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
	if len(problems) > 0 {
		return nil, time.Time{}, problems
	}
	return rows, maxUpdated, nil
}

// decodeRow decodes one line and checks what vitals relies on.
func decodeRow(line []byte, repo, wantURL string) (*github.Issue, *diag.Diag) {
	if line[0] != '{' {
		return nil, &diag.Diag{Col: 1, Msg: "not a JSON object; want one REST issue object per line (JSONL, not a JSON array)"}
	}
	var is github.Issue
	if err := json.Unmarshal(line, &is); err != nil {
		d := &diag.Diag{Msg: "invalid issue object: " + err.Error()}
		var se *json.SyntaxError
		if errors.As(err, &se) {
			d.Col = int(se.Offset)
		}
		return nil, d
	}
	switch {
	case is.GetNumber() <= 0:
		return nil, &diag.Diag{Msg: "issue has no positive \"number\""}
	case is.CreatedAt == nil || is.CreatedAt.IsZero():
		return nil, &diag.Diag{Msg: fmt.Sprintf("issue #%d has no \"created_at\"", is.GetNumber())}
	case is.State == nil || (is.GetState() != "open" && is.GetState() != "closed"):
		return nil, &diag.Diag{Msg: fmt.Sprintf("issue #%d: \"state\" is %q, want \"open\" or \"closed\"", is.GetNumber(), is.GetState())}
	}
	if u := strings.ToLower(is.GetRepositoryURL()); u != "" && !strings.HasSuffix(u, wantURL) {
		return nil, &diag.Diag{Msg: fmt.Sprintf("issue #%d belongs to %s, not %s", is.GetNumber(), is.GetRepositoryURL(), repo)}
	}
	return &is, nil
}
