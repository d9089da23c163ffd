package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// migrations[v] rewrites a store of format v as format v+1. Each step is
// self-contained and may be repeated (a run killed part-way through a
// migration leaves the manifest at v, and the next run does the step
// again); Migrate writes the manifest with v+1 once the step is done.
var migrations = map[int]func(dir string, m Manifest) error{
	1: fromDocuments,
	2: addReactions,
	3: addChecksums,
}

// Migrate finishes every repository write that a killed run left after its
// commit point, then rewrites a store of an older format one format at a
// time, the manifest last. A current store (or none) is left as it is.
// Records are kept as they are: no re-sync is needed. The sync, the
// import and the build call it first.
func Migrate(dir string) error {
	next, _ := filepath.Glob(filepath.Join(dir, "repos", "*", "*", "repo.next.json"))
	for _, n := range next {
		if err := rollForward(dir, filepath.Dir(n)); err != nil {
			return fmt.Errorf("%s: finishing an interrupted write: %w", filepath.Dir(n), err)
		}
	}
	m, ok, err := ReadManifest(dir)
	if err != nil || !ok {
		return err
	}
	for v := m.Format; v < Format; v++ {
		step := migrations[v]
		if step == nil {
			return fmt.Errorf("%s: format %d: no migration to format %d", filepath.Join(dir, "manifest.json"), v, v+1)
		}
		if err := step(dir, m); err != nil {
			return fmt.Errorf("migrating the store from format %d to %d: %w", v, v+1, err)
		}
		// The step may have listed tables in the manifest: read it again.
		if m, _, err = ReadManifest(dir); err != nil {
			return err
		}
		if err := writeManifestAs(dir, m, v+1); err != nil {
			return err
		}
		m.Format = v + 1
	}
	return nil
}

// fromDocuments (format 1 → 2) rewrites each repository's JSON document
// (repos/<owner>/<name>.json, one record per line) as Parquet tables and
// repo.json, and removes the document. A repository already rewritten (it
// has repo.json) is left as it is.
func fromDocuments(dir string, m Manifest) error {
	for _, r := range m.Repos {
		if _, _, err := readHead(dir, r); err == nil {
			continue
		}
		rd, err := readFormat1(dir, r)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return err
		}
		if err := WriteRepo(dir, rd); err != nil {
			return err
		}
	}
	return nil
}

// addReactions (format 2 → 3) rewrites each format-2 repository in the
// newest format: its issues read with reactions unknown (nil, not 0) and
// no 👍 history, which the next sync reads. A repository already of
// format 3 or later is left as it is.
func addReactions(dir string, m Manifest) error {
	for _, r := range m.Repos {
		h, _, err := readHead(dir, r)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return err
		}
		if h.Format >= 3 {
			continue
		}
		rd, err := ReadRepo(dir, r)
		var de *DamagedError
		if errors.As(err, &de) {
			continue // left for the checks to report and the next fetch to repair
		}
		if err != nil {
			return err
		}
		if err := WriteRepo(dir, rd); err != nil {
			return err
		}
	}
	return nil
}

// addChecksums (format 3 → 4) records each table's sha256 in repo.json;
// Migrate then lists every table in the manifest. A table that is missing
// or not of the size repo.json records gets no checksum: a reader reports
// it as damaged, and the next fetch syncs its repository again in full.
func addChecksums(dir string, m Manifest) error {
	for _, r := range m.Repos {
		h, p, err := readHead(dir, r)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return err
		}
		changed := false
		for _, t := range tables {
			info, ok := h.Tables[t]
			if !ok || info.SHA256 != "" {
				continue
			}
			b, err := os.ReadFile(filepath.Join(filepath.Dir(p), t+".parquet"))
			if err != nil || int64(len(b)) != info.Bytes {
				continue
			}
			info.SHA256 = sum(b)
			h.Tables[t] = info
			changed = true
		}
		if changed {
			h.Format = checksumsSince
			if err := writeHead(p, h); err != nil {
				return err
			}
		}
	}
	return nil
}
