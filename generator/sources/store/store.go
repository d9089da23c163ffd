// Package store reads and writes the on-disk snapshot of source data that a
// sync writes and every build reads.
//
// Layout (format 3), under the store directory (default content/data/store):
//
//	manifest.json                          {"format":3,"synced_at":RFC3339,"repos":["owner/name",...]}
//	repos/<owner>/<name>/repo.json         format, sync cursors and ETags, events_complete, table sizes
//	repos/<owner>/<name>/<table>.parquet   issues, pull_requests, comments, events, releases, demand
//
// The tables are Parquet (zstd) so that DuckDB, pandas, Polars or a BigQuery
// load open them as they are; docs/store.md documents every column. Every
// file is written to a temporary file in the same directory and renamed into
// place, the tables first and repo.json last; repo.json records each table's
// size, so a reader never mixes tables of two writes without noticing.
//
// Older formats are still read, and Migrate rewrites such a store in the
// newest; Open, the sync, the import and the build (generator/compute/loader)
// call it, so the next of them converts a store without a re-sync. Each
// step up is self-contained (see Format).
package store

import (
	"bufio"
	"bytes"
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

	"github.com/vitals-dev/vitals/generator/base/model"
)

// Format is the newest store format this build reads and the one it writes.
// What each step up changed, and how Migrate carries a store over it:
//
//	1 → 2  one JSON document per repository (readFormat1) became the Parquet tables
//	2 → 3  issues gained reaction columns and the demand table (the 👍
//	       history) was added: a format-2 repository reads with reactions
//	       unknown (nil, not 0) and no history until the next sync reads them
const Format = 3

// Tables are the tables of a repository in the newest format, in the
// order they are written.
func Tables() []string { return append([]string(nil), tables...) }

// tablesOf are the tables a repository of format f has.
func tablesOf(f int) []string {
	if f < 3 {
		return tables[:5] // no demand table before format 3
	}
	return tables
}

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
	IssuesSince   *time.Time `json:"issues_since,omitempty"`
	CommentsSince *time.Time `json:"comments_since,omitempty"`
	EventsNewest  int64      `json:"events_newest,omitempty"`
	// ReactionsRefreshed is when the sync last read every open issue in
	// full, for its reactions (a reaction does not change updated_at, so
	// the incremental listing does not see it); a cold sync counts.
	ReactionsRefreshed *time.Time        `json:"reactions_refreshed,omitempty"`
	ETags              map[string]string `json:"etags,omitempty"`
	Extra              map[string]string `json:"extra,omitempty"`
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
	EventsComplete bool `json:"events_complete"`
	// CommentsMissing is true when the store lacks comments of the repo's
	// issues (an import of the issues list, whose issues say they have
	// comments); first-response figures are then unknown, not zero. A sync
	// that lists the comments clears it. Absent (false) in every repo.json
	// written before it existed: those came from syncs.
	CommentsMissing bool            `json:"comments_missing,omitempty"`
	Releases        []model.Release `json:"releases"`
	// Demand is the 👍 history of the repository's issues (model.NoteDemand
	// adds to it at each sync or import that reads reactions).
	Demand []model.DemandPoint `json:"demand,omitempty"`
}

// Store is a loaded snapshot.
type Store struct {
	Dir      string
	Manifest Manifest
	Repos    map[string]*RepoData
}

// ErrNewerFormat is returned for a store written by a newer vitals.
var ErrNewerFormat = errors.New("store format is newer than this vitals reads")

// Open reads the store at dir, every repository in memory (a build reads
// one at a time, through generator/compute/loader). A missing directory is an empty store. A format-1 store is
// rewritten as format 2 first (Migrate).
func Open(dir string) (*Store, error) {
	m, ok, err := ReadManifest(dir)
	if err != nil {
		return nil, err
	}
	s := &Store{Dir: dir, Manifest: m, Repos: map[string]*RepoData{}}
	if !ok {
		return s, nil
	}
	if m.Format < Format {
		if err := Migrate(dir); err != nil {
			return nil, err
		}
		s.Manifest.Format = Format
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

// ReadManifest reads dir/manifest.json; ok is false when there is none (an
// empty store). A manifest of a newer format is refused.
func ReadManifest(dir string) (m Manifest, ok bool, err error) {
	m = Manifest{Format: Format}
	mpath := filepath.Join(dir, "manifest.json")
	b, err := os.ReadFile(mpath)
	if errors.Is(err, fs.ErrNotExist) {
		return m, false, nil
	}
	if err != nil {
		return m, false, err
	}
	if err := json.Unmarshal(b, &m); err != nil {
		return m, false, fmt.Errorf("%s: %w", mpath, err)
	}
	if m.Format > Format {
		return m, false, fmt.Errorf("%s: format %d: %w (reads up to %d); upgrade vitals", mpath, m.Format, ErrNewerFormat, Format)
	}
	return m, true, nil
}

// RepoDir is the folder of a repository's format-2 files.
func RepoDir(dir, repo string) (string, error) {
	owner, name, ok := strings.Cut(repo, "/")
	if !ok || owner == "" || name == "" || strings.ContainsAny(name, `/\`) || owner == ".." || name == ".." || owner == "." || name == "." {
		return "", fmt.Errorf("store: %q is not owner/name", repo)
	}
	return filepath.Join(dir, "repos", owner, name), nil
}

// RepoPath is the file that describes a repository: repo.json in its folder.
// It also checks that repo is owner/name.
func RepoPath(dir, repo string) (string, error) {
	d, err := RepoDir(dir, repo)
	if err != nil {
		return "", err
	}
	return filepath.Join(d, "repo.json"), nil
}

// format1Path is a repository's format-1 document.
func format1Path(dir, repo string) (string, error) {
	d, err := RepoDir(dir, repo)
	if err != nil {
		return "", err
	}
	return d + ".json", nil
}

// RepoHead is repo.json: everything of a repository but its records. It is
// what a sync needs to decide what to ask GitHub, and whether anything
// changed, without decoding a table.
type RepoHead struct {
	Format         int       `json:"format"`
	Repo           string    `json:"repo"`
	SyncedAt       time.Time `json:"synced_at"`
	Sync           SyncState `json:"sync"`
	EventsComplete bool      `json:"events_complete"`
	// CommentsMissing: see RepoData.
	CommentsMissing bool `json:"comments_missing,omitempty"`
	// Tables maps each table to its file's size in bytes and its rows.
	Tables map[string]TableInfo `json:"tables"`
}

// TableInfo is one table's rows and file size, as written.
type TableInfo struct {
	Rows  int   `json:"rows"`
	Bytes int64 `json:"bytes"`
}

// Rows is the number of rows of table t.
func (h *RepoHead) Rows(t string) int { return h.Tables[t].Rows }

// ReadHead reads a repository's repo.json without its tables (finishing an
// interrupted write first) and checks that every table file has the size
// repo.json records, so a partly written repository is found as ReadRepo
// finds it. A repository without repo.json is fs.ErrNotExist (a format-1
// repository too: Migrate converts those first).
func ReadHead(dir, repo string) (*RepoHead, error) {
	h, p, err := readHead(dir, repo)
	if err != nil {
		return nil, err
	}
	for _, t := range tablesOf(h.Format) {
		info, ok := h.Tables[t]
		if !ok {
			return nil, fmt.Errorf("%s: no entry for table %s", p, t)
		}
		tp := filepath.Join(filepath.Dir(p), t+".parquet")
		fi, err := os.Stat(tp)
		if err != nil {
			return nil, err
		}
		if fi.Size() != info.Bytes {
			return nil, partlyWritten(tp, fi.Size(), p, info.Bytes)
		}
	}
	return h, nil
}

func partlyWritten(tp string, size int64, p string, want int64) error {
	return fmt.Errorf("%s: %d bytes, but %s says %d: the repository was only partly written; run `vitals fetch` again", tp, size, p, want)
}

// readHead reads and checks repo.json; p is its path.
func readHead(dir, repo string) (*RepoHead, string, error) {
	p, err := RepoPath(dir, repo)
	if err != nil {
		return nil, "", err
	}
	if err := rollForward(filepath.Dir(p)); err != nil {
		return nil, p, fmt.Errorf("%s: finishing an interrupted write: %w", filepath.Dir(p), err)
	}
	b, err := os.ReadFile(p)
	if err != nil {
		return nil, p, err
	}
	var h RepoHead
	if err := json.Unmarshal(b, &h); err != nil {
		return nil, p, fmt.Errorf("%s: %w", p, err)
	}
	if h.Format > Format {
		return nil, p, fmt.Errorf("%s: format %d: %w (reads up to %d); upgrade vitals", p, h.Format, ErrNewerFormat, Format)
	}
	return &h, p, nil
}

// UpdateSync records a sync that changed no record of a repository: its
// repo.json gets the new synced_at and sync state, written atomically; its
// tables keep their bytes (they are neither read nor rewritten).
func UpdateSync(dir, repo string, syncedAt time.Time, st SyncState) error {
	h, err := ReadHead(dir, repo)
	if err != nil {
		return err
	}
	h.SyncedAt, h.Sync = syncedAt, st
	p, _ := RepoPath(dir, repo)
	return writeHead(p, h)
}

func writeHead(p string, h *RepoHead) error {
	hb, err := json.MarshalIndent(h, "", "  ")
	if err != nil {
		return err
	}
	return WriteFileAtomic(p, append(hb, '\n'))
}

// ReadRepo reads one repository, in format 2 or, when it has not been
// migrated yet, format 1. A missing repository is fs.ErrNotExist.
func ReadRepo(dir, repo string) (*RepoData, error) {
	h, p, err := readHead(dir, repo)
	if errors.Is(err, fs.ErrNotExist) {
		return readFormat1(dir, repo)
	}
	if err != nil {
		return nil, err
	}
	rd := &RepoData{Format: h.Format, Repo: h.Repo, SyncedAt: h.SyncedAt, Sync: h.Sync, EventsComplete: h.EventsComplete,
		CommentsMissing: h.CommentsMissing}
	in := &interner{m: map[string]string{}}
	for _, t := range tablesOf(h.Format) {
		tp := filepath.Join(filepath.Dir(p), t+".parquet")
		info, ok := h.Tables[t]
		if !ok {
			return nil, fmt.Errorf("%s: no entry for table %s", p, t)
		}
		tb, err := os.ReadFile(tp)
		if err != nil {
			return nil, err
		}
		if int64(len(tb)) != info.Bytes {
			return nil, partlyWritten(tp, int64(len(tb)), p, info.Bytes)
		}
		if err := decodeTable(tp, t, tb, rd, in); err != nil {
			return nil, err
		}
	}
	return rd, nil
}

// TableRows reads the number of rows of each table of a format-2
// repository from its repo.json, without reading the tables.
func TableRows(dir, repo string) (map[string]int, error) {
	p, err := RepoPath(dir, repo)
	if err != nil {
		return nil, err
	}
	b, err := os.ReadFile(p)
	if err != nil {
		return nil, err
	}
	var h RepoHead
	if err := json.Unmarshal(b, &h); err != nil {
		return nil, fmt.Errorf("%s: %w", p, err)
	}
	out := map[string]int{}
	for t, info := range h.Tables {
		out[t] = info.Rows
	}
	return out, nil
}

func readFormat1(dir, repo string) (*RepoData, error) {
	p, err := format1Path(dir, repo)
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
	if rd.Format > 1 {
		return nil, fmt.Errorf("%s: format %d in a format-1 file: %w", p, rd.Format, ErrNewerFormat)
	}
	return rd, nil
}

// WriteRepo writes one repository in format 2, records sorted, as one
// commit: every table is written and synced as .next-<table>.parquet, then
// repo.next.json is renamed into place (the commit point), then each table
// and finally repo.json are renamed over the old ones. A writer killed after
// the commit point leaves repo.next.json, and the next reader or writer
// finishes the renames (rollForward); one killed before it leaves only
// .next- and .tmp- files, which the next write removes. A format-1 document
// of the repository is removed after.
func WriteRepo(dir string, rd *RepoData) error {
	p, err := RepoPath(dir, rd.Repo)
	if err != nil {
		return err
	}
	rd.Format = Format
	rd.Sort()
	rdir := filepath.Dir(p)
	if err := os.MkdirAll(rdir, 0o755); err != nil {
		return err
	}
	if err := rollForward(rdir); err != nil {
		return err
	}
	// What a writer killed before its commit point left: drop it.
	for _, pat := range []string{".tmp-*", ".next-*"} {
		old, _ := filepath.Glob(filepath.Join(rdir, pat))
		for _, o := range old {
			os.Remove(o)
		}
	}
	h := RepoHead{Format: Format, Repo: rd.Repo, SyncedAt: rd.SyncedAt, Sync: rd.Sync, EventsComplete: rd.EventsComplete,
		CommentsMissing: rd.CommentsMissing, Tables: map[string]TableInfo{}}
	counts := map[string]int{"issues": len(rd.Issues), "pull_requests": len(rd.PullRequests),
		"comments": len(rd.Comments), "events": len(rd.Events), "releases": len(rd.Releases), "demand": len(rd.Demand)}
	committed := false
	var written []string
	defer func() {
		if !committed {
			for _, w := range written {
				os.Remove(w)
			}
		}
	}()
	for _, t := range tables {
		var buf bytes.Buffer
		if err := encodeTable(&buf, t, rd); err != nil {
			return fmt.Errorf("%s: %w", filepath.Join(rdir, t+".parquet"), err)
		}
		tmp, err := writeTemp(filepath.Join(rdir, t+".parquet"), buf.Bytes())
		if err != nil {
			return err
		}
		written = append(written, tmp)
		next := filepath.Join(rdir, ".next-"+t+".parquet")
		if err := os.Rename(tmp, next); err != nil {
			return err
		}
		written[len(written)-1] = next
		h.Tables[t] = TableInfo{Rows: counts[t], Bytes: int64(buf.Len())}
	}
	hb, err := json.MarshalIndent(h, "", "  ")
	if err != nil {
		return err
	}
	tmp, err := writeTemp(p, append(hb, '\n'))
	if err != nil {
		return err
	}
	written = append(written, tmp)
	if err := os.Rename(tmp, filepath.Join(rdir, "repo.next.json")); err != nil {
		return err
	}
	committed = true
	if err := rollForward(rdir); err != nil {
		return err
	}
	if old, err := format1Path(dir, rd.Repo); err == nil {
		if err := os.Remove(old); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	return nil
}

// rollForward finishes a committed write of the repository in rdir: when
// repo.next.json is there, every .next- table is renamed into place, then
// repo.next.json over repo.json. It is a no-op otherwise, and safe to repeat.
func rollForward(rdir string) error {
	next := filepath.Join(rdir, "repo.next.json")
	if _, err := os.Stat(next); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	for _, t := range tables {
		err := os.Rename(filepath.Join(rdir, ".next-"+t+".parquet"), filepath.Join(rdir, t+".parquet"))
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	if err := os.Rename(next, filepath.Join(rdir, "repo.json")); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// WriteFormat1 writes a repository as format 1 (one JSON document), as
// vitals before format 2 did. Only tests of the migration need it.
func WriteFormat1(dir string, rd *RepoData) error {
	p, err := format1Path(dir, rd.Repo)
	if err != nil {
		return err
	}
	rd.Format = 1
	rd.Sort()
	return writeAtomic(p, func(w io.Writer) error { return encodeRepo(w, rd) })
}

// Migrate rewrites a store of an older format at dir in the newest, one
// repository at a time (each read by its own format's reader), and the
// manifest last; a store already in the newest format (or none) is left as
// it is. Records are kept as they are: no re-sync is needed.
func Migrate(dir string) error {
	m, ok, err := ReadManifest(dir)
	if err != nil || !ok || m.Format >= Format {
		return err
	}
	for _, r := range m.Repos {
		rd, err := ReadRepo(dir, r)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return fmt.Errorf("migrating the store to format %d: %w", Format, err)
		}
		if err := WriteRepo(dir, rd); err != nil {
			return fmt.Errorf("migrating the store to format %d: %w", Format, err)
		}
	}
	return WriteManifest(dir, m)
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
	model.SortDemand(rd.Demand)
}

// encodeRepo writes a format-1 document with one record per line, streaming, so
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

// writeTemp writes b to a synced temporary file next to path and returns its name.
func writeTemp(path string, b []byte) (string, error) {
	f, err := os.CreateTemp(filepath.Dir(path), ".tmp-"+filepath.Base(path)+"-*")
	if err != nil {
		return "", err
	}
	tmp := f.Name()
	_, err = writeHook(f).Write(b)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp, 0o644)
	}
	if err != nil {
		os.Remove(tmp)
		return "", err
	}
	return tmp, nil
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

// Dataset merges the given repositories (all stored ones when repos is empty).
func (s *Store) Dataset(repos []string) *model.Dataset {
	if len(repos) == 0 {
		for r := range s.Repos {
			repos = append(repos, r)
		}
	}
	repos = append([]string(nil), repos...)
	sort.Strings(repos)
	d := &model.Dataset{AsOf: s.Manifest.SyncedAt, Repos: repos, NoEvents: map[string]bool{}, NoComments: map[string]bool{}}
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
		d.Demand = append(d.Demand, rd.Demand...)
		if !rd.EventsComplete {
			d.NoEvents[r] = true
		}
		if rd.CommentsMissing {
			d.NoComments[r] = true
		}
	}
	return d
}
