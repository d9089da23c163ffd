// Package publish writes a built site to its destination all at once: the
// files go to a temporary folder next to DEST, which replaces DEST only when
// every file was written. A failed build never touches DEST.
package publish

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
)

// writeFile writes one file of the site; tests replace it to fail like a
// full disk.
var writeFile = os.WriteFile

var goarch = runtime.GOARCH

var errNoExchange = errors.New("atomic exchange not supported")

// Site is the set of files of a build, keyed by slash-separated path.
type Site struct {
	files map[string][]byte
}

// New returns an empty site.
func New() *Site { return &Site{files: map[string][]byte{}} }

// Add puts a file in the site. Paths are cleaned and must stay inside it.
func (s *Site) Add(p string, b []byte) error {
	c := path.Clean("/" + p)[1:]
	if c == "" || strings.HasPrefix(c, "..") || c != p {
		return fmt.Errorf("publish: bad output path %q", p)
	}
	if _, dup := s.files[c]; dup {
		return fmt.Errorf("publish: two files at %s", c)
	}
	s.files[c] = b
	return nil
}

// Has reports whether a path is taken.
func (s *Site) Has(p string) bool { _, ok := s.files[p]; return ok }

// Paths lists the files in order.
func (s *Site) Paths() []string {
	out := make([]string, 0, len(s.files))
	for p := range s.files {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// Write writes the site into dest, replacing it whole. Its errors carry no
// "publish:" prefix: the caller says which step failed. It refuses to replace
// a non-empty folder that is not a previous vitals build (no .vitals-build
// marker), so a wrong -d never deletes someone's files.
func (s *Site) Write(dest string) error {
	dest = filepath.Clean(dest)
	if err := checkReplaceable(dest); err != nil {
		return err
	}
	parent := filepath.Dir(dest)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	removeLeftovers(parent, filepath.Base(dest))
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dest)+".tmp-")
	if err != nil {
		return err
	}
	ok := false
	defer func() {
		if !ok {
			os.RemoveAll(tmp)
		}
	}()
	if err := os.Chmod(tmp, 0o755); err != nil {
		return err
	}
	// Folders made so far: a page in a folder of its own costs one mkdir,
	// not a stat of it and of its parent first (os.MkdirAll).
	made := map[string]bool{tmp: true}
	var mkdir func(string) error
	mkdir = func(d string) error {
		if made[d] {
			return nil
		}
		if err := mkdir(filepath.Dir(d)); err != nil {
			return err
		}
		if err := os.Mkdir(d, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
			return err
		}
		made[d] = true
		return nil
	}
	for _, p := range s.Paths() {
		full := filepath.Join(tmp, filepath.FromSlash(p))
		if err := mkdir(filepath.Dir(full)); err != nil {
			return err
		}
		if err := writeFile(full, s.files[p], 0o644); err != nil {
			return err
		}
	}
	if err := writeFile(filepath.Join(tmp, Marker), []byte("built by vitals\n"), 0o644); err != nil {
		return err
	}
	if _, err := os.Stat(dest); err == nil {
		// Swap in one step where the system can: a kill at any instant
		// leaves the old site or the new one at dest, never neither.
		switch err := exchange(tmp, dest); {
		case err == nil:
			ok = true
			return os.RemoveAll(tmp) // now the old site
		case !errors.Is(err, errNoExchange):
			return fmt.Errorf("swap in the new site: %w", err)
		}
	}
	// Otherwise move the old site aside, the new one in, then drop the old.
	old := ""
	if _, err := os.Stat(dest); err == nil {
		old = tmp + ".old"
		if err := os.Rename(dest, old); err != nil {
			return fmt.Errorf("move old site aside: %w", err)
		}
	}
	if err := os.Rename(tmp, dest); err != nil {
		if old != "" {
			_ = os.Rename(old, dest)
		}
		return err
	}
	ok = true
	if old != "" {
		return os.RemoveAll(old)
	}
	return nil
}

// removeLeftovers removes temporary folders of builds that were killed
// (".public.tmp-*" next to dest); a killed two-rename swap's old site is
// put back first when dest is missing.
func removeLeftovers(parent, base string) {
	matches, _ := filepath.Glob(filepath.Join(parent, "."+base+".tmp-*"))
	dest := filepath.Join(parent, base)
	for _, m := range matches {
		if strings.HasSuffix(m, ".old") {
			if _, err := os.Stat(dest); os.IsNotExist(err) {
				if os.Rename(m, dest) == nil {
					continue
				}
			}
		}
		os.RemoveAll(m)
	}
}

// Marker is the file that marks a folder as a vitals build.
const Marker = ".vitals-build"

func checkReplaceable(dest string) error {
	entries, err := os.ReadDir(dest)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		return err
	}
	if len(entries) == 0 {
		return nil
	}
	if _, err := os.Stat(filepath.Join(dest, Marker)); err != nil {
		return fmt.Errorf("%s is not empty and was not built by vitals (no %s); choose another -d or empty it", dest, Marker)
	}
	return nil
}
