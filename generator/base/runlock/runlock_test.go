package runlock

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a log that two goroutines may write.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestSecondRunWithoutWaitingIsRefusedNamingTheHolder(t *testing.T) {
	p := filepath.Join(t.TempDir(), ".public.lock")
	l, err := Acquire(context.Background(), p, "the site folder public", Options{Command: "vitals build"})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Release()
	_, err = Acquire(context.Background(), p, "the site folder public", Options{Command: "vitals build", NoWait: true})
	var busy *BusyError
	if !errors.As(err, &busy) {
		t.Fatalf("got %v, want a BusyError", err)
	}
	if busy.Holder.PID != os.Getpid() || busy.Holder.Command != "vitals build" || busy.Holder.Host == "" || busy.Holder.Started.IsZero() {
		t.Errorf("holder %+v", busy.Holder)
	}
	for _, want := range []string{"the site folder public is in use by vitals build (pid ", p, "--no-wait"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%q does not say %q", err, want)
		}
	}
}

func TestSecondRunWaitsSayingForWhomAndGoesOnAfterTheFirst(t *testing.T) {
	p := filepath.Join(t.TempDir(), ".vitals-lock")
	first, err := Acquire(context.Background(), p, "the store", Options{Command: "vitals fetch"})
	if err != nil {
		t.Fatal(err)
	}
	var log syncBuffer
	got := make(chan error, 1)
	go func() {
		l, err := Acquire(context.Background(), p, "the store", Options{Command: "vitals build", Log: &log, Poll: 10 * time.Millisecond})
		if err == nil {
			l.Release()
		}
		got <- err
	}()
	for !strings.Contains(log.String(), "waiting for the store: vitals fetch (pid ") {
		select {
		case err := <-got:
			t.Fatalf("the second run did not wait: %v; log %q", err, log.String())
		case <-time.After(10 * time.Millisecond):
		}
	}
	if err := first.Release(); err != nil {
		t.Fatal(err)
	}
	if err := <-got; err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(log.String(), "waiting for"); n != 1 {
		t.Errorf("%d waiting lines, want 1: %q", n, log.String())
	}
	if _, err := os.Stat(p); !os.IsNotExist(err) {
		t.Errorf("lock file left after both released: %v", err)
	}
}

func TestWaitingStopsWithTheContext(t *testing.T) {
	p := filepath.Join(t.TempDir(), ".lock")
	l, err := Acquire(context.Background(), p, "x", Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Release()
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := Acquire(ctx, p, "x", Options{Poll: 5 * time.Millisecond}); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("got %v", err)
	}
}

// A run killed with -9 leaves its lock file; the kernel has dropped its
// lock, so the next run takes it over and says whose it was.
func TestLockOfAKilledRunIsTakenOverAndSaid(t *testing.T) {
	if os.Getenv("RUNLOCK_HOLD") != "" {
		if _, err := Acquire(context.Background(), os.Getenv("RUNLOCK_HOLD"), "x", Options{Command: "vitals fetch"}); err != nil {
			os.Exit(3)
		}
		time.Sleep(time.Minute)
		os.Exit(0)
	}
	p := filepath.Join(t.TempDir(), ".vitals-lock")
	cmd := exec.Command(os.Args[0], "-test.run=^TestLockOfAKilledRunIsTakenOverAndSaid$")
	cmd.Env = append(os.Environ(), "RUNLOCK_HOLD="+p)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Wait until the helper has written its name, then see that it holds
	// the lock.
	deadline := time.Now().Add(30 * time.Second)
	for !strings.Contains(readFile(p), fmt.Sprintf(`"pid":%d,`, cmd.Process.Pid)) {
		if time.Now().After(deadline) {
			t.Fatalf("the helper never held the lock: %q", readFile(p))
		}
		time.Sleep(20 * time.Millisecond)
	}
	var busy *BusyError
	if _, err := Acquire(context.Background(), p, "the store", Options{NoWait: true}); !errors.As(err, &busy) {
		t.Fatalf("the helper does not hold the lock: %v", err)
	}
	pid := cmd.Process.Pid
	cmd.Process.Kill()
	cmd.Wait()
	if Alive(pid) {
		t.Fatalf("pid %d still alive", pid)
	}
	var log syncBuffer
	l, err := Acquire(context.Background(), p, "the store", Options{Command: "vitals build", Log: &log, NoWait: true})
	if err != nil {
		t.Fatalf("the lock of a killed run was not taken over: %v", err)
	}
	defer l.Release()
	want := "note: took over the lock of the store (" + p + ") left by vitals fetch (pid "
	if !strings.Contains(log.String(), want) || !strings.Contains(log.String(), "which is no longer running") {
		t.Errorf("log %q, want %q", log.String(), want)
	}
}

func readFile(p string) string {
	b, _ := os.ReadFile(p)
	return string(b)
}

func TestAliveKnowsThisProcessAndNotADeadOne(t *testing.T) {
	if !Alive(os.Getpid()) {
		t.Error("this process is not alive")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	if err := cmd.Run(); err != nil {
		t.Fatal(err)
	}
	if Alive(cmd.Process.Pid) {
		t.Errorf("finished pid %d is alive", cmd.Process.Pid)
	}
}

func TestBesideNamesTheFolderNextToIt(t *testing.T) {
	if got, want := Beside(filepath.Join("site", "public")+string(filepath.Separator)), filepath.Join("site", ".public.lock"); got != want {
		t.Errorf("Beside = %q, want %q", got, want)
	}
}

func TestFoldersMadeForTheLockAreRemovedWhenLeftEmpty(t *testing.T) {
	root := t.TempDir()
	store := filepath.Join(root, "content", "data", "store")
	l, err := Acquire(context.Background(), Inside(store), "the store", Options{})
	if err != nil {
		t.Fatal(err)
	}
	l.Release()
	if _, err := os.Stat(filepath.Join(root, "content")); !os.IsNotExist(err) {
		t.Errorf("content/ made for a lock is still there: %v", err)
	}
	// A folder that got files while the lock was held stays.
	l, err = Acquire(context.Background(), Inside(store), "the store", Options{})
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(store, "manifest.json"), []byte("{}"), 0o644)
	l.Release()
	if _, err := os.Stat(filepath.Join(store, "manifest.json")); err != nil {
		t.Error(err)
	}
}
