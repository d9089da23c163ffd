package store

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// A store verifies itself (issue 23: a deleted table or manifest made a
// smaller site with exit 0, and a table copied in from another repository
// was read as this one's). The manifest and each repo.json record every
// table's size and sha256:
//
//   - a build reads every table whole anyway, so it checks each against
//     both (ReadListed); a missing manifest, repo.json or table, or one that
//     does not match, is a *DamagedError naming the file and `vitals fetch`;
//   - a fetch must stay cheap when nothing changed, so it compares sizes and
//     modification times with what it saw last (.verified.json in the
//     repository's folder, a cache that is never committed) and hashes only
//     a table whose size or time moved (CheckRepo). A damaged repository is
//     synced again in full, which repairs it.

// DamagedError is a store file that is missing or does not match what the
// store recorded when it wrote it.
type DamagedError struct {
	Path string // the file
	Repo string // the repository it belongs to; "" for the manifest
	What string // what is wrong with it
}

func (e *DamagedError) Error() string {
	if e.Repo == "" {
		return fmt.Sprintf("%s: %s: run `vitals fetch` to sync every repository again in full", e.Path, e.What)
	}
	return fmt.Sprintf("%s: %s: run `vitals fetch` to sync %s again in full", e.Path, e.What, e.Repo)
}

func missingTable(repo, tp, p string, err error) error {
	if errors.Is(err, fs.ErrNotExist) {
		return &DamagedError{Path: tp, Repo: repo, What: "missing (" + filepath.Base(p) + " lists it)"}
	}
	return err
}

func partlyWritten(repo, tp string, size int64, p string, want int64) error {
	return &DamagedError{Path: tp, Repo: repo,
		What: fmt.Sprintf("%d bytes, but %s says %d: the table was partly written or changed", size, filepath.Base(p), want)}
}

// checkTable checks a table's bytes against its repo.json entry, of a
// repository of the given format (one from before checksums, read only to
// be migrated, by its size).
func checkTable(repo, tp string, b []byte, p string, info TableInfo, format int) error {
	if int64(len(b)) != info.Bytes {
		return partlyWritten(repo, tp, int64(len(b)), p, info.Bytes)
	}
	if info.SHA256 == "" && format < checksumsSince {
		return nil
	}
	if info.SHA256 == "" {
		return &DamagedError{Path: p, Repo: repo, What: "no checksum for " + filepath.Base(tp)}
	}
	if got := sum(b); got != info.SHA256 {
		return &DamagedError{Path: tp, Repo: repo,
			What: fmt.Sprintf("its sha256 %.12s… is not the %.12s… that %s records: the file was changed or replaced after vitals wrote it", got, info.SHA256, filepath.Base(p))}
	}
	return nil
}

func sum(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// CheckEmpty is what a reader does when manifest.json is missing: a store
// with repositories in it has lost its manifest (damaged); one without
// (none yet) is empty.
func CheckEmpty(dir string) error {
	found, _ := filepath.Glob(filepath.Join(dir, "repos", "*", "*"))
	if len(found) == 0 {
		return nil
	}
	var names []string
	for _, f := range found {
		rel, _ := filepath.Rel(dir, f)
		names = append(names, filepath.ToSlash(rel))
	}
	if len(names) > 3 {
		names = append(names[:3], "…")
	}
	return &DamagedError{Path: filepath.Join(dir, "manifest.json"),
		What: "missing, but the store holds repositories (" + strings.Join(names, ", ") + ")"}
}

// checkListed compares a repository's repo.json with the manifest.
func checkListed(dir string, m Manifest, repo string, h *RepoHead, p string) error {
	for _, t := range tablesOf(h.Format) {
		info, err := h.table(p, t)
		if err != nil {
			return err
		}
		want, ok := m.Tables[TablePath(repo, t)]
		if !ok {
			return &DamagedError{Path: filepath.Join(dir, "manifest.json"), Repo: repo, What: fmt.Sprintf("lists %s without its table %s", repo, t)}
		}
		if info.Sum() != want {
			return &DamagedError{Path: p, Repo: repo,
				What: fmt.Sprintf("its entry for %s.parquet is not the one manifest.json holds: repo.json was changed or copied from another store", t)}
		}
	}
	return nil
}

// ReadListed reads a repository that the manifest m lists, checking its
// repo.json against the manifest and every table against both. Anything
// missing or different is a *DamagedError.
func ReadListed(dir string, m Manifest, repo string) (*RepoData, error) {
	h, p, err := listedHead(dir, m, repo)
	if err != nil {
		return nil, err
	}
	return readTables(dir, repo, h, p, false)
}

// ReadListedLean is ReadListed for a build, leaving out what ReadRepoLean
// does.
func ReadListedLean(dir string, m Manifest, repo string) (*RepoData, error) {
	h, p, err := listedHead(dir, m, repo)
	if err != nil {
		return nil, err
	}
	return readTables(dir, repo, h, p, true)
}

// listedHead reads the repo.json of a repository the manifest lists, and
// checks that it is there and agrees with the manifest.
func listedHead(dir string, m Manifest, repo string) (*RepoHead, string, error) {
	h, p, err := readHead(dir, repo)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, p, &DamagedError{Path: p, Repo: repo, What: "missing (manifest.json lists " + repo + ")"}
	}
	if err != nil {
		return nil, p, err
	}
	return h, p, checkListed(dir, m, repo, h, p)
}

// verifiedName is the fetch's cache of what it last checked, per table:
// size, modification time and the sha256 the bytes then had.
const verifiedName = ".verified.json"

type verified map[string]seenTable

type seenTable struct {
	Bytes  int64     `json:"bytes"`
	MTime  time.Time `json:"mtime"`
	SHA256 string    `json:"sha256"`
}

func readVerified(rdir string) verified {
	v := verified{}
	if b, err := os.ReadFile(filepath.Join(rdir, verifiedName)); err == nil {
		_ = json.Unmarshal(b, &v)
	}
	return v
}

// forget drops the cache, so that the next fetch hashes every table of
// the repository (a build found one that does not match).
func forget(rdir string) { os.Remove(filepath.Join(rdir, verifiedName)) }

// CheckRepo is the fetch's check of a repository that the manifest m
// lists, without decoding it: repo.json is there and agrees with the
// manifest, every table is there with its size, and a table whose size or
// modification time is not the one seen when it was last checked is hashed
// and compared with repo.json. A repository unchanged since the last check
// costs its repo.json, the cache and a stat per table. It returns the
// repository's head, or a *DamagedError.
func CheckRepo(dir string, m Manifest, repo string) (*RepoHead, error) {
	h, p, err := listedHead(dir, m, repo)
	if err != nil {
		return nil, err
	}
	rdir := filepath.Dir(p)
	seen := readVerified(rdir)
	changed := false
	for _, t := range tablesOf(h.Format) {
		info := h.Tables[t]
		tp := filepath.Join(rdir, t+".parquet")
		fi, err := os.Stat(tp)
		if err != nil {
			return nil, missingTable(repo, tp, p, err)
		}
		if fi.Size() != info.Bytes {
			return nil, partlyWritten(repo, tp, fi.Size(), p, info.Bytes)
		}
		if c, ok := seen[t]; ok && c.Bytes == fi.Size() && c.MTime.Equal(fi.ModTime()) && c.SHA256 == info.SHA256 {
			continue
		}
		b, err := os.ReadFile(tp)
		if err != nil {
			return nil, err
		}
		if err := checkTable(repo, tp, b, p, info, h.Format); err != nil {
			return nil, err
		}
		seen[t] = seenTable{fi.Size(), fi.ModTime(), info.SHA256}
		changed = true
	}
	if changed {
		if err := writeVerified(rdir, seen); err != nil {
			return nil, err
		}
	}
	return h, nil
}

// Remember records a repository just written by this process as checked,
// so that the next fetch does not hash what it wrote itself.
func Remember(dir, repo string) error {
	h, p, err := readHead(dir, repo)
	if err != nil {
		return err
	}
	rdir := filepath.Dir(p)
	seen := verified{}
	for _, t := range tablesOf(h.Format) {
		fi, err := os.Stat(filepath.Join(rdir, t+".parquet"))
		if err != nil {
			return err
		}
		seen[t] = seenTable{fi.Size(), fi.ModTime(), h.Tables[t].SHA256}
	}
	return writeVerified(rdir, seen)
}

func writeVerified(rdir string, v verified) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return WriteFileAtomic(filepath.Join(rdir, verifiedName), append(b, '\n'))
}
