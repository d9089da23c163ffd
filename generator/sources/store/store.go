// Package store reads and writes the on-disk snapshot of source data that a
// sync writes and every build reads.
//
// Layout (format 4), under the store directory (default content/data/store):
//
//	manifest.json                          {"format":4,"synced_at":RFC3339,"repos":[...],"tables":{path:{bytes,sha256}}}
//	repos/<owner>/<name>/repo.json         format, sync cursors and ETags, events_complete, each table's rows, size and sha256
//	repos/<owner>/<name>/<table>.parquet   issues, pull_requests, comments, events, releases, demand
//
// The tables are Parquet (zstd) so that DuckDB, pandas, Polars or a BigQuery
// load open them as they are; docs/store.md documents every column. Every
// file is written to a temporary file in the same directory and renamed into
// place, the tables first and repo.json last; repo.json and the manifest
// record each table's size and sha256, so a reader never mixes tables of
// two writes, nor reads a table that lost or changed bytes, without saying
// so (verify.go: a *DamagedError names the file and `vitals fetch`).
//
// Older formats are still read, and Migrate (migrate.go) rewrites such a
// store one format at a time; Open, the sync, the import and the build
// (generator/compute/loader) call it, so the next of them converts a store
// without a re-sync. Each step up is self-contained (see Format).
package store

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/vitals-dev/vitals/generator/base/model"
	"github.com/vitals-dev/vitals/generator/base/runlock"
)

// Format is the newest store format this build reads and the one it writes.
// What each step up changed, and how Migrate carries a store over it
// (migrate.go, one function a step):
//
//	1 → 2  one JSON document per repository (readFormat1) became the Parquet tables
//	2 → 3  issues gained reaction columns and the demand table (the 👍
//	       history) was added: a format-2 repository reads with reactions
//	       unknown (nil, not 0) and no history until the next sync reads them
//	3 → 4  repo.json and the manifest record each table's sha256, and the
//	       manifest lists every table (verify.go); the tables are not rewritten
const Format = 4

// checksumsSince is the first format whose repo.json records checksums: a
// repository of an older one is read (for its migration) by size alone.
const checksumsSince = 4

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
	// Tables are every table of every listed repository, by path in the
	// store (repos/owner/name/issues.parquet), as repo.json records them.
	// WriteManifest fills them in from the repositories' repo.json.
	Tables map[string]FileSum `json:"tables,omitempty"`
}

// FileSum is a file's size and sha256 (hex), as written.
type FileSum struct {
	Bytes  int64  `json:"bytes"`
	SHA256 string `json:"sha256"`
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
// one at a time, through generator/compute/loader), each checked against the
// manifest (ReadListed). A missing directory is an empty store; one whose
// manifest is missing is damaged (CheckEmpty). An older store is migrated
// first (Migrate).
func Open(dir string) (*Store, error) {
	if err := Migrate(dir); err != nil {
		return nil, err
	}
	m, ok, err := ReadManifest(dir)
	if err != nil {
		return nil, err
	}
	s := &Store{Dir: dir, Manifest: m, Repos: map[string]*RepoData{}}
	if !ok {
		return s, CheckEmpty(dir)
	}
	for _, name := range s.Manifest.Repos {
		rd, err := ReadListed(dir, m, name)
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

// Lock takes the store's lock (generator/base/runlock), creating the store
// folder until it is released: a fetch, an import and a build's reading of
// the store hold it, so that no run reads or writes the store while another
// writes it.
func Lock(ctx context.Context, dir string, o runlock.Options) (*runlock.Lock, error) {
	return runlock.Acquire(ctx, runlock.Inside(dir), "the store "+dir, o)
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

// TableInfo is one table's rows, file size and sha256 (hex), as written.
type TableInfo struct {
	Rows   int    `json:"rows"`
	Bytes  int64  `json:"bytes"`
	SHA256 string `json:"sha256,omitempty"`
}

// Sum is the table's size and checksum, as the manifest lists them.
func (t TableInfo) Sum() FileSum { return FileSum{Bytes: t.Bytes, SHA256: t.SHA256} }

// Rows is the number of rows of table t.
func (h *RepoHead) Rows(t string) int { return h.Tables[t].Rows }

// ReadHead reads a repository's repo.json without its tables (finishing an
// interrupted write first) and checks that every table file is there with
// the size repo.json records, so a partly written repository is found as
// ReadRepo finds it (a *DamagedError). A repository without repo.json is
// fs.ErrNotExist (a format-1 repository too: Migrate converts those first).
func ReadHead(dir, repo string) (*RepoHead, error) {
	h, p, err := readHead(dir, repo)
	if err != nil {
		return nil, err
	}
	for _, t := range tablesOf(h.Format) {
		info, err := h.table(p, t)
		if err != nil {
			return nil, err
		}
		tp := filepath.Join(filepath.Dir(p), t+".parquet")
		fi, err := os.Stat(tp)
		if err != nil {
			return nil, missingTable(repo, tp, p, err)
		}
		if fi.Size() != info.Bytes {
			return nil, partlyWritten(repo, tp, fi.Size(), p, info.Bytes)
		}
	}
	return h, nil
}

// table is repo.json's entry for table t.
func (h *RepoHead) table(p, t string) (TableInfo, error) {
	info, ok := h.Tables[t]
	if !ok {
		return info, &DamagedError{Path: p, Repo: h.Repo, What: "no entry for table " + t}
	}
	return info, nil
}

// readHead reads and checks repo.json; p is its path.
func readHead(dir, repo string) (*RepoHead, string, error) {
	p, err := RepoPath(dir, repo)
	if err != nil {
		return nil, "", err
	}
	if err := rollForward(dir, filepath.Dir(p)); err != nil {
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

// ReadRepo reads one repository, in format 2 or later or, when it has not
// been migrated yet, format 1, checking every table's size and checksum
// against repo.json. A missing repository is fs.ErrNotExist.
func ReadRepo(dir, repo string) (*RepoData, error) { return readRepo(dir, repo, false) }

// ReadRepoLean is ReadRepo for a build: it leaves out what no figure reads
// (comments' ids and edit times, events' actors), which stay zero.
func ReadRepoLean(dir, repo string) (*RepoData, error) { return readRepo(dir, repo, true) }

func readRepo(dir, repo string, lean bool) (*RepoData, error) {
	h, p, err := readHead(dir, repo)
	if errors.Is(err, fs.ErrNotExist) {
		return readFormat1(dir, repo)
	}
	if err != nil {
		return nil, err
	}
	return readTables(dir, repo, h, p, lean)
}

// readTables reads and decodes the tables of the repository whose
// repo.json h was read from p.
func readTables(dir, repo string, h *RepoHead, p string, lean bool) (*RepoData, error) {
	rd := &RepoData{Format: h.Format, Repo: h.Repo, SyncedAt: h.SyncedAt, Sync: h.Sync, EventsComplete: h.EventsComplete,
		CommentsMissing: h.CommentsMissing}
	in := &interner{m: map[string]string{}}
	for _, t := range tablesOf(h.Format) {
		tp := filepath.Join(filepath.Dir(p), t+".parquet")
		info, err := h.table(p, t)
		if err != nil {
			return nil, err
		}
		tb, err := os.ReadFile(tp)
		if err != nil {
			return nil, missingTable(repo, tp, p, err)
		}
		// The bytes are read anyway: checking them costs a hash, not a read.
		if err := checkTable(repo, tp, tb, p, info, h.Format); err != nil {
			forget(filepath.Dir(p)) // so that the next fetch looks at it
			return nil, err
		}
		if err := decodeTable(tp, t, tb, rd, in, lean); err != nil {
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
	if err := rollForward(dir, rdir); err != nil {
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
		h.Tables[t] = TableInfo{Rows: counts[t], Bytes: int64(buf.Len()), SHA256: sum(buf.Bytes())}
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
	if err := rollForward(dir, rdir); err != nil {
		return err
	}
	if old, err := format1Path(dir, rd.Repo); err == nil {
		if err := os.Remove(old); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	return nil
}

// rollForward finishes a committed write of the repository in rdir of the
// store dir: when repo.next.json is there, every .next- table is renamed
// into place, the manifest takes the repository's new tables (listing the
// repository), then repo.next.json is renamed over repo.json. It is a no-op
// otherwise, and safe to repeat: a writer killed at any step leaves
// repo.next.json until the last.
func rollForward(dir, rdir string) error {
	next := filepath.Join(rdir, "repo.next.json")
	b, err := os.ReadFile(next)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	var h RepoHead
	if err := json.Unmarshal(b, &h); err != nil {
		return fmt.Errorf("%s: %w", next, err)
	}
	for _, t := range tables {
		err := os.Rename(filepath.Join(rdir, ".next-"+t+".parquet"), filepath.Join(rdir, t+".parquet"))
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	if err := listInManifest(dir, &h); err != nil {
		return err
	}
	if err := os.Rename(next, filepath.Join(rdir, "repo.json")); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return nil
}

// listInManifest puts a repository just written into the manifest: listed,
// its tables' sizes and checksums, and synced_at no earlier than its own.
// The manifest keeps its format (a migration writes it last).
func listInManifest(dir string, h *RepoHead) error {
	m, ok, err := ReadManifest(dir)
	if err != nil {
		return err
	}
	if !ok {
		m.Format = Format
	}
	if !slices.Contains(m.Repos, h.Repo) {
		m.Repos = append(m.Repos, h.Repo)
	}
	if h.SyncedAt.After(m.SyncedAt) {
		m.SyncedAt = h.SyncedAt
	}
	if m.Tables == nil {
		m.Tables = map[string]FileSum{}
	}
	for _, t := range tablesOf(h.Format) {
		m.Tables[TablePath(h.Repo, t)] = h.Tables[t].Sum()
	}
	return writeManifest(dir, m)
}

// TablePath is a table's path in the store, as the manifest names it.
func TablePath(repo, table string) string { return "repos/" + repo + "/" + table + ".parquet" }

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

// WriteManifest writes the manifest atomically, in the current format,
// with every listed repository's tables as its repo.json records them (a
// listed repository without a readable repo.json gets none, which a reader
// reports as damage).
func WriteManifest(dir string, m Manifest) error { return writeManifestAs(dir, m, Format) }

// writeManifestAs is WriteManifest in the given format (a migration step).
func writeManifestAs(dir string, m Manifest, format int) error {
	m.Format = format
	m.Tables = map[string]FileSum{}
	for _, r := range m.Repos {
		h, _, err := readHead(dir, r)
		if err != nil {
			continue
		}
		for _, t := range tables {
			if info, ok := h.Tables[t]; ok {
				m.Tables[TablePath(r, t)] = info.Sum()
			}
		}
	}
	return writeManifest(dir, m)
}

// writeManifest writes m as it is (its format too), repositories sorted.
func writeManifest(dir string, m Manifest) error {
	m.Repos = slices.Clone(m.Repos)
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
