package importer

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/google/go-github/v60/github"

	"github.com/vitals-dev/vitals/generator/sources/github/ghconv"
	"github.com/vitals-dev/vitals/generator/sources/store"
)

// Kind of export file.
type Kind int

const (
	Issues Kind = iota
	Releases
)

// Detect tells an issues export (JSONL of issue objects) from a releases
// export (the JSON array GET /repos/{o}/{r}/releases returns, or JSONL of
// release objects, which carry tag_name).
func Detect(head []byte) Kind {
	t := bytes.TrimSpace(head)
	if len(t) > 0 && t[0] == '[' {
		return Releases
	}
	first, _, _ := bytes.Cut(t, []byte("\n"))
	if bytes.Contains(first, []byte(`"tag_name"`)) {
		return Releases
	}
	return Issues
}

// Import reads an issues or releases export, whichever r holds.
func Import(r io.Reader, name, repo, storeDir string, syncedAt time.Time) (Kind, Stats, error) {
	br := bufio.NewReaderSize(r, 1<<20)
	head, _ := br.Peek(64 << 10)
	if t := bytes.TrimSpace(head); len(t) > 0 && t[0] != '{' && t[0] != '[' {
		// A CSV or other text: one error, not one per line.
		first, _, _ := bytes.Cut(t, []byte("\n"))
		if len(first) > 60 {
			first = append(first[:60:60], "..."...)
		}
		return Issues, Stats{}, fmt.Errorf("%s:1: not a GitHub export: vitals import reads the issues list as JSONL (one issue object per line) or the releases list as JSON, and this starts with %q (metric exports go in [[metrics.source]] of site.toml)", name, first)
	}
	if Detect(head) == Releases {
		st, err := ImportReleases(br, name, repo, storeDir, syncedAt)
		return Releases, st, err
	}
	st, err := ImportJSONL(br, name, repo, storeDir, syncedAt)
	return Issues, st, err
}

// ImportReleases reads release objects (a JSON array, or one per line) and
// stores them for repo, replacing stored releases with the same id. The
// store's synced_at is syncedAt when given; else one second after the
// latest published_at or created_at in the file when that is later than
// the stored one: the export was taken after its newest release, and as_of
// must be later than that release for it to count.
func ImportReleases(r io.Reader, name, repo, storeDir string, syncedAt time.Time) (Stats, error) {
	var st Stats
	if repo != "" {
		if _, err := store.RepoPath(storeDir, repo); err != nil {
			return st, err
		}
	}
	b, err := io.ReadAll(r)
	if err != nil {
		return st, fmt.Errorf("%s: %w", name, err)
	}
	var rows []*github.RepositoryRelease
	if t := bytes.TrimSpace(b); len(t) > 0 && t[0] == '[' {
		if err := json.Unmarshal(t, &rows); err != nil {
			return st, fmt.Errorf("%s: %s", name, jsonErr(t, err))
		}
	} else {
		for i, line := range bytes.Split(b, []byte("\n")) {
			if len(bytes.TrimSpace(line)) == 0 {
				continue
			}
			var rel github.RepositoryRelease
			if err := json.Unmarshal(line, &rel); err != nil {
				return st, fmt.Errorf("%s:%d: %v", name, i+1, err)
			}
			rows = append(rows, &rel)
		}
	}
	var latest time.Time
	for i, rel := range rows {
		if rel == nil || rel.ID == nil || rel.TagName == nil {
			return st, fmt.Errorf("%s: release %d has no id or tag_name; want objects of GET /repos/{owner}/{repo}/releases", name, i+1)
		}
		for _, t := range []*github.Timestamp{rel.PublishedAt, rel.CreatedAt} {
			if t != nil && t.After(latest) {
				latest = t.Time
			}
		}
	}
	st.Lines = len(rows)
	if repo == "" {
		// Each release's url names its repository.
		for i, rel := range rows {
			switch other := RepoOfURL(rel.GetURL()); {
			case other == "":
			case repo == "":
				repo = other
			case !strings.EqualFold(other, repo):
				return st, fmt.Errorf("%s: release %d (%s) belongs to %s (its url), not %s as the releases before it: export and import each repository on its own", name, i+1, rel.GetTagName(), other, repo)
			}
		}
		if repo == "" {
			return st, fmt.Errorf("%s: no release names its repository (url): give it with --repo OWNER/NAME", name)
		}
		if _, err := store.RepoPath(storeDir, repo); err != nil {
			return st, err
		}
	}
	st.Repo = repo
	s, err := store.Open(storeDir)
	if err != nil {
		return st, err
	}
	rd := s.Repos[repo]
	if rd == nil {
		rd = &store.RepoData{Repo: repo}
	}
	byID := map[int64]int{}
	for i, rel := range rd.Releases {
		byID[rel.ID] = i
	}
	for _, row := range rows {
		rel := ghconv.Release(repo, row)
		if i, ok := byID[rel.ID]; ok {
			rd.Releases[i] = rel
			st.Duplicates++
			continue
		}
		byID[rel.ID] = len(rd.Releases)
		rd.Releases = append(rd.Releases, rel)
	}
	m := s.Manifest
	switch {
	case !syncedAt.IsZero():
		m.SyncedAt = syncedAt.UTC()
	case latest.Add(time.Second).After(m.SyncedAt):
		m.SyncedAt = latest.UTC().Add(time.Second)
	}
	if rd.SyncedAt.IsZero() || !syncedAt.IsZero() {
		rd.SyncedAt = m.SyncedAt
	}
	if err := store.WriteRepo(storeDir, rd); err != nil {
		return st, err
	}
	known := false
	for _, x := range m.Repos {
		known = known || x == repo
	}
	if !known {
		m.Repos = append(m.Repos, repo)
	}
	if err := store.WriteManifest(storeDir, m); err != nil {
		return st, err
	}
	st.Issues, st.PullRequests, st.SyncedAt = len(rd.Issues), len(rd.PullRequests), m.SyncedAt
	return st, nil
}

// jsonErr adds the line of a syntax error.
func jsonErr(b []byte, err error) string {
	if se, ok := err.(*json.SyntaxError); ok {
		line := bytes.Count(b[:se.Offset], []byte("\n")) + 1
		return fmt.Sprintf("line %d: %v", line, err)
	}
	return err.Error()
}
