// Package store reads and writes the on-disk snapshot of source data that a
// sync writes and every build reads.
//
// Layout (format 1), under the store directory (default content/data/store):
//
//	manifest.json                  {"format":1,"synced_at":RFC3339,"repos":["owner/name",...]}
//	repos/<owner>/<name>.json      one RepoData document per repository
//
// A repository document is JSON with one record per line inside its arrays,
// so that diffs of a committed store stay readable. Every write goes to a
// temporary file in the same directory and is renamed into place, so a reader
// sees the old file or the new one, never a half-written one.
package store

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/vitals-dev/vitals/generator/model"
)

// Format is the newest store format this build reads and the one it writes.
const Format = 1

// DefaultDir is the store directory relative to the site source.
const DefaultDir = "content/data/store"

// Manifest is the store's index.
type Manifest struct {
	Format   int       `json:"format"`
	SyncedAt time.Time `json:"synced_at"`
	Repos    []string  `json:"repos"`
}

// SyncState is what an incremental sync needs to ask GitHub only for changes.
type SyncState struct {
	IssuesSince   *time.Time        `json:"issues_since,omitempty"`
	CommentsSince *time.Time        `json:"comments_since,omitempty"`
	EventsNewest  int64             `json:"events_newest,omitempty"`
	ETags         map[string]string `json:"etags,omitempty"`
	Extra         map[string]string `json:"extra,omitempty"`
}

// RepoData is everything stored for one repository.
type RepoData struct {
	Format       int                 `json:"format"`
	Repo         string              `json:"repo"`
	SyncedAt     time.Time           `json:"synced_at"`
	Sync         SyncState           `json:"sync"`
	Issues       []model.Issue       `json:"issues"`
	PullRequests []model.PullRequest `json:"pull_requests"`
	Comments     []model.Comment     `json:"comments"`
	Events       []model.Event       `json:"events"`
	// EventsComplete is false when the store holds no events for this repo
	// (an import of the issues list alone); computations then fall back to
	// created_at/closed_at intervals.
	EventsComplete bool            `json:"events_complete"`
	Releases       []model.Release `json:"releases"`
}

// Store is a loaded snapshot.
type Store struct {
	Dir      string
	Manifest Manifest
	Repos    map[string]*RepoData
}

// ErrNewerFormat is returned for a store written by a newer vitals.
var ErrNewerFormat = errors.New("store format is newer than this vitals reads")

// Open reads the store at dir. A missing directory is an empty store.
func Open(dir string) (*Store, error) {
	s := &Store{Dir: dir, Manifest: Manifest{Format: Format}, Repos: map[string]*RepoData{}}
	mpath := filepath.Join(dir, "manifest.json")
	b, err := os.ReadFile(mpath)
	if errors.Is(err, fs.ErrNotExist) {
		return s, nil
	}
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(b, &s.Manifest); err != nil {
		return nil, fmt.Errorf("%s: %w", mpath, err)
	}
	if s.Manifest.Format > Format {
		return nil, fmt.Errorf("%s: format %d: %w (reads up to %d); upgrade vitals", mpath, s.Manifest.Format, ErrNewerFormat, Format)
	}
	for _, name := range s.Manifest.Repos {
		rd, err := ReadRepo(dir, name)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		s.Repos[name] = rd
	}
	return s, nil
}

// RepoPath is the file of a repository's document.
func RepoPath(dir, repo string) (string, error) {
	owner, name, ok := strings.Cut(repo, "/")
	if !ok || owner == "" || name == "" || strings.ContainsAny(name, `/\`) || owner == ".." || name == ".." || owner == "." || name == "." {
		return "", fmt.Errorf("store: %q is not owner/name", repo)
	}
	return filepath.Join(dir, "repos", owner, name+".json"), nil
}

// ReadRepo reads one repository's document.
func ReadRepo(dir, repo string) (*RepoData, error) {
	p, err := RepoPath(dir, repo)
	if err != nil {
		return nil, err
	}
	b, err := os.ReadFile(p)
	if err != nil {
		return nil, err
	}
	rd, err := decodeRepo(p, b)
	if err != nil {
		return nil, err
	}
	if rd.Format > Format {
		return nil, fmt.Errorf("%s: format %d: %w (reads up to %d); upgrade vitals", p, rd.Format, ErrNewerFormat, Format)
	}
	return rd, nil
}

// WriteRepo writes one repository's document atomically, records sorted.
func WriteRepo(dir string, rd *RepoData) error {
	p, err := RepoPath(dir, rd.Repo)
	if err != nil {
		return err
	}
	rd.Format = Format
	rd.Sort()
	return writeAtomic(p, func(w io.Writer) error { return encodeRepo(w, rd) })
}

// WriteManifest writes the manifest atomically.
func WriteManifest(dir string, m Manifest) error {
	m.Format = Format
	m.Repos = append([]string(nil), m.Repos...)
	sort.Strings(m.Repos)
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	return WriteFileAtomic(filepath.Join(dir, "manifest.json"), append(b, '\n'))
}

// Sort puts every record list in its canonical order (each sort ends on a unique key).
func (rd *RepoData) Sort() {
	sort.Slice(rd.Issues, func(i, j int) bool { return rd.Issues[i].Number < rd.Issues[j].Number })
	sort.Slice(rd.PullRequests, func(i, j int) bool { return rd.PullRequests[i].Number < rd.PullRequests[j].Number })
	sort.Slice(rd.Comments, func(i, j int) bool {
		a, b := rd.Comments[i], rd.Comments[j]
		if !a.CreatedAt.Equal(b.CreatedAt) {
			return a.CreatedAt.Before(b.CreatedAt)
		}
		return a.ID < b.ID
	})
	sort.Slice(rd.Events, func(i, j int) bool {
		a, b := rd.Events[i], rd.Events[j]
		if !a.CreatedAt.Equal(b.CreatedAt) {
			return a.CreatedAt.Before(b.CreatedAt)
		}
		return a.ID < b.ID
	})
	sort.Slice(rd.Releases, func(i, j int) bool {
		a, b := rd.Releases[i], rd.Releases[j]
		if !a.CreatedAt.Equal(b.CreatedAt) {
			return a.CreatedAt.Before(b.CreatedAt)
		}
		return a.ID < b.ID
	})
}

// encodeRepo writes the document with one record per line, streaming, so
// a large store is never held twice in memory.
func encodeRepo(w io.Writer, rd *RepoData) error {
	buf := bufio.NewWriterSize(w, 1<<20)
	head := struct {
		Format         int       `json:"format"`
		Repo           string    `json:"repo"`
		SyncedAt       time.Time `json:"synced_at"`
		Sync           SyncState `json:"sync"`
		EventsComplete bool      `json:"events_complete"`
	}{rd.Format, rd.Repo, rd.SyncedAt, rd.Sync, rd.EventsComplete}
	hb, err := json.Marshal(head)
	if err != nil {
		return err
	}
	buf.Write(hb[:len(hb)-1]) // drop the closing brace; arrays follow
	lists := []struct {
		name string
		n    int
		at   func(int) any
	}{
		{"issues", len(rd.Issues), func(i int) any { return rd.Issues[i] }},
		{"pull_requests", len(rd.PullRequests), func(i int) any { return rd.PullRequests[i] }},
		{"comments", len(rd.Comments), func(i int) any { return rd.Comments[i] }},
		{"events", len(rd.Events), func(i int) any { return rd.Events[i] }},
		{"releases", len(rd.Releases), func(i int) any { return rd.Releases[i] }},
	}
	for _, l := range lists {
		fmt.Fprintf(buf, ",\n%q: [", l.name)
		for i := 0; i < l.n; i++ {
			b, err := json.Marshal(l.at(i))
			if err != nil {
				return err
			}
			if i > 0 {
				buf.WriteByte(',')
			}
			buf.WriteByte('\n')
			buf.Write(b)
		}
		buf.WriteString("\n]")
	}
	buf.WriteString("\n}\n")
	return buf.Flush()
}

// WriteFileAtomic writes b to path through a temporary file in the same
// directory and a rename, creating parent directories.
func WriteFileAtomic(path string, b []byte) error {
	return writeAtomic(path, func(w io.Writer) error { _, err := w.Write(b); return err })
}

// writeHook wraps every file the store writes; tests make it fail like a
// full disk.
var writeHook = func(w io.Writer) io.Writer { return w }

// writeAtomic is WriteFileAtomic with the content streamed by write.
func writeAtomic(path string, write func(io.Writer) error) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	// A writer killed before its rename left its temporary file: drop it.
	if old, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".tmp-"+filepath.Base(path)+"-*")); len(old) > 0 {
		for _, o := range old {
			os.Remove(o)
		}
	}
	f, err := os.CreateTemp(filepath.Dir(path), ".tmp-"+filepath.Base(path)+"-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer os.Remove(tmp) // no-op after a successful rename
	if err := write(writeHook(f)); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// Dataset is every record of the selected repositories, merged.
type Dataset struct {
	AsOf         time.Time
	Repos        []string // sorted
	Issues       []model.Issue
	PullRequests []model.PullRequest
	Comments     []model.Comment
	Events       []model.Event
	Releases     []model.Release
	// NoEvents holds the repos whose store has no events (fallback intervals).
	NoEvents map[string]bool
}

// Dataset merges the given repositories (all stored ones when repos is empty).
func (s *Store) Dataset(repos []string) *Dataset {
	if len(repos) == 0 {
		for r := range s.Repos {
			repos = append(repos, r)
		}
	}
	repos = append([]string(nil), repos...)
	sort.Strings(repos)
	d := &Dataset{AsOf: s.Manifest.SyncedAt, Repos: repos, NoEvents: map[string]bool{}}
	for _, r := range repos {
		rd := s.Repos[r]
		if rd == nil {
			continue
		}
		d.Issues = append(d.Issues, rd.Issues...)
		d.PullRequests = append(d.PullRequests, rd.PullRequests...)
		d.Comments = append(d.Comments, rd.Comments...)
		d.Events = append(d.Events, rd.Events...)
		d.Releases = append(d.Releases, rd.Releases...)
		if !rd.EventsComplete {
			d.NoEvents[r] = true
		}
	}
	return d
}
