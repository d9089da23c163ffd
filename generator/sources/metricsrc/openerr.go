package metricsrc

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/vitals-dev/vitals/generator/base/diag"
)

// openError is a file that cannot be opened: for a [[metrics.source]], at
// its file key in site.toml, naming the path as written there and, when
// the file is missing, a file of that name elsewhere in the site (or a
// close name in the same folder) that was probably meant.
func openError(opt Options, err error) diag.Diag {
	if opt.File == "" {
		return diag.Diag{Path: opt.Path, Msg: err.Error()}
	}
	if !errors.Is(err, fs.ErrNotExist) {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return opt.At.Error("file", "metrics source %q: file %q cannot be read: %v", opt.Name, opt.File, err)
	}
	if near := nearFile(opt.Path, opt.File); near != "" {
		return opt.At.Error("file", "metrics source %q: file %q not found; did you mean %q?", opt.Name, opt.File, near)
	}
	return opt.At.Error("file", "metrics source %q: file %q not found in the site folder; copy the export there or correct the path", opt.Name, opt.File)
}

// nearFile looks for the file a missing path probably meant, written as
// site.toml would (relative, with /): a file of the same name in the site
// folder's content/ (metric exports live in content/metrics/), then a
// file in the same folder whose name is one or two edits away.
func nearFile(path, written string) string {
	base := filepath.Base(path)
	// The site folder is path less the part site.toml writes.
	root, inSite := "", false
	if w := filepath.FromSlash(filepath.Clean(written)); !filepath.IsAbs(written) && strings.HasSuffix(path, w) {
		root, inSite = filepath.Clean(strings.TrimSuffix(path, w)), true
	}
	rel := func(p string) string {
		if r, err := filepath.Rel(root, p); err == nil && inSite {
			return filepath.ToSlash(r)
		}
		return p
	}
	var same []string
	seen := 0
	walk := func(dir string, f fs.WalkDirFunc) {
		if inSite {
			_ = filepath.WalkDir(dir, f)
		}
	}
	walk(filepath.Join(root, "content"), func(p string, d fs.DirEntry, err error) error {
		if seen > 20000 {
			return fs.SkipAll // a store of many files: not worth more
		}
		if err != nil {
			return nil
		}
		seen++
		if d.IsDir() && strings.HasPrefix(d.Name(), ".") {
			return filepath.SkipDir
		}
		if !d.IsDir() && d.Name() == base {
			same = append(same, rel(p))
		}
		return nil
	})
	if len(same) > 0 {
		sort.Strings(same)
		return same[0]
	}
	entries, err := os.ReadDir(filepath.Dir(path))
	if err != nil {
		return ""
	}
	best, bestD := "", 3
	for _, e := range entries { // in name order: the first of equal distance wins
		if d := diag.Distance(base, e.Name()); !e.IsDir() && d < bestD {
			best, bestD = filepath.Join(filepath.Dir(path), e.Name()), d
		}
	}
	if best == "" {
		return ""
	}
	return rel(best)
}
