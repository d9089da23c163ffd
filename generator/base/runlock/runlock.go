// Package runlock keeps two vitals runs from writing one folder at once: a
// build and the site folder it publishes to, a fetch or a build and the
// store. A lock is a file that names its holder (command, pid, host, start
// time) and is held with the operating system's file lock, so a run killed
// with -9 releases it at once: the next run takes the lock over and says so.
// A second run waits for the first with a line naming it, or, with NoWait,
// stops with an error that names it.
package runlock

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Holder is who holds a lock, as its file says.
type Holder struct {
	Command string    `json:"command"`
	PID     int       `json:"pid"`
	Host    string    `json:"host"`
	Started time.Time `json:"started"`
}

func (h Holder) String() string {
	if h.PID == 0 {
		return "another vitals run (it has not written its name yet)"
	}
	cmd := h.Command
	if cmd == "" {
		cmd = "vitals"
	}
	return fmt.Sprintf("%s (pid %d on %s, started %s)", cmd, h.PID, h.Host, h.Started.UTC().Format(time.RFC3339))
}

// Options say how to wait and who is asking.
type Options struct {
	// Command names the run in the lock file ("vitals build").
	Command string
	// NoWait returns a *BusyError at once instead of waiting.
	NoWait bool
	// Log gets one line when the run starts waiting (and when the holder
	// changes), and one when it takes over a lock whose holder is gone.
	Log io.Writer
	// Poll is how often a waiting run tries again (default 200ms).
	Poll time.Duration
}

// BusyError is the answer to NoWait when another run holds the lock.
type BusyError struct {
	What, Path string
	Holder     Holder
}

func (e *BusyError) Error() string {
	return fmt.Sprintf("%s is in use by %s (lock %s); run again when it has finished, or without --no-wait to wait for it",
		e.What, e.Holder, e.Path)
}

// Lock is a held lock.
type Lock struct {
	f    *os.File
	path string
	// created are the folders Acquire made for the lock file, deepest
	// first; Release removes those still empty.
	created []string
}

// Acquire takes the lock file at path for what (said in messages: "the
// site folder public"), waiting while another run holds it unless
// o.NoWait. It creates the lock file's folder when missing, and Release
// removes it again when nothing else was put there, so a run that failed
// leaves no trace.
func Acquire(ctx context.Context, path, what string, o Options) (l *Lock, err error) {
	if o.Poll <= 0 {
		o.Poll = 200 * time.Millisecond
	}
	created, err := mkdirs(filepath.Dir(path))
	if err != nil {
		return nil, err
	}
	defer func() {
		if l == nil {
			removeEmpty(created)
		}
	}()
	me := Holder{Command: o.Command, PID: os.Getpid(), Host: hostname(), Started: time.Now().UTC().Truncate(time.Second)}
	var waitingFor *Holder
	for {
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
		if errors.Is(err, os.ErrNotExist) {
			// The run before removed the folder it had made for its lock.
			more, merr := mkdirs(filepath.Dir(path))
			if merr != nil {
				return nil, merr
			}
			created = append(more, created...)
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("lock %s: %w", path, err)
		}
		held, err := tryLock(f)
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("lock %s: %w", path, err)
		}
		if held {
			// The file may have been removed (released) between the open
			// and the lock: then this lock guards nothing; open it again.
			if same(f, path) {
				prev := readHolder(f)
				if err := writeHolder(f, me); err != nil {
					unlockClose(f)
					return nil, fmt.Errorf("lock %s: %w", path, err)
				}
				if prev.PID != 0 && o.Log != nil {
					fmt.Fprintf(o.Log, "note: took over the lock of %s (%s) left by %s, which is no longer running\n", what, path, prev)
				}
				return &Lock{f: f, path: path, created: created}, nil
			}
			unlockClose(f)
			continue
		}
		h := readHolder(f)
		f.Close()
		if o.NoWait {
			return nil, &BusyError{What: what, Path: path, Holder: h}
		}
		// Said once, and again when another run takes the lock (not while
		// a holder's file is being written or emptied).
		if o.Log != nil && (waitingFor == nil || h.PID != 0 && *waitingFor != h) {
			fmt.Fprintf(o.Log, "waiting for %s: %s is using it (lock %s)\n", what, h, path)
			waitingFor = &h
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(o.Poll):
		}
	}
}

// Release removes the lock file and lets the next run in. Removing it
// while still holding it is what makes a waiting run, which may have opened
// the old file, look again (Acquire's same check).
func (l *Lock) Release() error {
	if l == nil || l.f == nil {
		return nil
	}
	// Emptied first: where the file cannot be removed while open
	// (Windows), the next run finds no name and says no takeover.
	_ = l.f.Truncate(0)
	err := os.Remove(l.path)
	if cerr := unlockClose(l.f); err == nil {
		err = cerr
	}
	l.f = nil
	removeEmpty(l.created)
	if errors.Is(err, os.ErrNotExist) {
		err = nil
	}
	return err
}

// mkdirs creates dir and its missing parents and lists those it created,
// deepest first.
func mkdirs(dir string) ([]string, error) {
	var missing []string
	for d := filepath.Clean(dir); ; d = filepath.Dir(d) {
		if _, err := os.Stat(d); err == nil || filepath.Dir(d) == d {
			break
		}
		missing = append(missing, d)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	return missing, nil
}

// removeEmpty removes the folders that are still empty, deepest first.
func removeEmpty(dirs []string) {
	for _, d := range dirs {
		if os.Remove(d) != nil {
			return
		}
	}
}

// Beside is the lock file of a folder, next to it: ".public.lock" for
// public, so that it survives the folder being replaced.
func Beside(dir string) string {
	dir = filepath.Clean(dir)
	return filepath.Join(filepath.Dir(dir), "."+filepath.Base(dir)+".lock")
}

// Inside is the lock file of a folder that stays in place (the store).
func Inside(dir string) string { return filepath.Join(dir, ".vitals-lock") }

func same(f *os.File, path string) bool {
	fi, err := f.Stat()
	if err != nil {
		return false
	}
	pi, err := os.Stat(path)
	return err == nil && os.SameFile(fi, pi)
}

func readHolder(f *os.File) Holder {
	var h Holder
	b, err := io.ReadAll(io.NewSectionReader(f, 0, 4096))
	if err == nil {
		_ = json.Unmarshal(b, &h)
	}
	return h
}

func writeHolder(f *os.File, h Holder) error {
	b, err := json.Marshal(h)
	if err != nil {
		return err
	}
	if err := f.Truncate(0); err != nil {
		return err
	}
	// Not synced: the name is for messages, and the lock itself is the
	// kernel's, gone with the process (or the machine).
	_, err = f.WriteAt(append(b, '\n'), 0)
	return err
}

func hostname() string {
	h, err := os.Hostname()
	if err != nil || h == "" {
		return "this host"
	}
	return strings.TrimSpace(h)
}

// Alive says whether a process with this pid runs on this host (a leftover
// of a run that is gone may be removed; one of a live run may not).
func Alive(pid int) bool {
	if pid <= 0 {
		return false
	}
	return alive(pid)
}
