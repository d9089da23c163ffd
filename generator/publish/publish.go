// Package publish writes a built site to its destination all at once: the
// files go to a temporary folder next to DEST, which replaces DEST only when
// every file was written. A failed build never touches DEST.
//
// The build holds DEST's lock (generator/base/runlock) while it publishes;
// the temporary folder's name carries the writer's pid as well, so that a
// leftover is removed only once its writer is gone, lock or not.
//
// Tests slow a build down with VITALS_TEST_SLOW_PUBLISH (a duration such as
// "2s"): Write sleeps that long once half of the files are written, the
// moment a second build used to remove the first one's folder (issue 23).
// Only tests set it.
package publish

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/vitals-dev/vitals/generator/base/runlock"
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

// Write writes the site into dest, replacing it whole, unless ctx is done
// before the swap (an interrupt): then dest is as it was and the error is
// ctx's. Its errors carry no
// "publish:" prefix: the caller says which step failed. It refuses to replace
// a non-empty folder that is not a previous vitals build (no .vitals-build
// marker), so a wrong -d never deletes someone's files.
func (s *Site) Write(ctx context.Context, dest string) error {
	dest = filepath.Clean(dest)
	if err := checkReplaceable(dest); err != nil {
		return err
	}
	parent := filepath.Dir(dest)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return err
	}
	removeLeftovers(parent, filepath.Base(dest))
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dest)+".tmp-"+strconv.Itoa(os.Getpid())+"-")
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
		// tmp is made, so every page's folder reaches it; the second test
		// only guards a path that somehow does not ("." is its own parent).
		if made[d] || filepath.Dir(d) == d {
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
	pause := slowPublish()
	for i, p := range s.Paths() {
		if err := ctx.Err(); err != nil {
			return err
		}
		if pause > 0 && i == len(s.files)/2 {
			time.Sleep(pause)
		}
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
	if err := ctx.Err(); err != nil { // the last moment to stop: the swap cannot be undone
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

// slowPublish is VITALS_TEST_SLOW_PUBLISH, the tests' pause (see the
// package comment).
func slowPublish() time.Duration {
	d, _ := time.ParseDuration(os.Getenv("VITALS_TEST_SLOW_PUBLISH"))
	return d
}

// removeLeftovers removes temporary folders of builds that were killed
// (".public.tmp-<pid>-*" next to dest) when no process of that pid runs
// (a folder without a pid, from a vitals before this, counts as gone); a
// killed two-rename swap's old site is put back first when dest is
// missing.
func removeLeftovers(parent, base string) {
	prefix := "." + base + ".tmp-"
	matches, _ := filepath.Glob(filepath.Join(parent, prefix+"*"))
	dest := filepath.Join(parent, base)
	for _, m := range matches {
		pid, _, _ := strings.Cut(strings.TrimPrefix(filepath.Base(m), prefix), "-")
		if n, err := strconv.Atoi(pid); err == nil && runlock.Alive(n) {
			continue // its writer is still at work
		}
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
