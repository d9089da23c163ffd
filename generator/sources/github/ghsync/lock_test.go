package ghsync

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vitals-dev/vitals/generator/base/runlock"
	"github.com/vitals-dev/vitals/generator/internal/testkit/fakegh"
	"github.com/vitals-dev/vitals/generator/sources/store"
)

// Issue 23: two fetches into one store each wrote the manifest they had
// read, and the later one dropped the other's repositories (the next build
// left out 2,173 issues). Here two sites share a store, one with acme/a and
// acme/b, the other with acme/c and acme/d; acme/d's releases answer a
// second late, so that without a lock the second fetch writes its manifest
// last.
func TestTwoFetchesIntoOneStoreLoseNoRepository(t *testing.T) {
	e := newEnv(t, fakegh.Options{})
	for _, r := range []string{"acme/a", "acme/b", "acme/c", "acme/d"} {
		load(e.srv, r, shape{Items: 40, Comments: 20, Releases: 1})
	}
	e.srv.Fail(fakegh.Fault{Match: "/repos/acme/d/releases", Kind: fakegh.Slow, Delay: time.Second})
	var wg sync.WaitGroup
	var log syncWriter
	errs := make([]error, 2)
	for i, repos := range [][]string{{"acme/a", "acme/b"}, {"acme/c", "acme/d"}} {
		wg.Go(func() {
			o := e.opts(repos...)
			o.Sleep, o.Lock = nil, runlock.Options{Log: &log, Poll: 10 * time.Millisecond}
			_, errs[i] = Run(context.Background(), o)
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	m, _, err := store.ReadManifest(e.dir)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"acme/a", "acme/b", "acme/c", "acme/d"}; !slices.Equal(m.Repos, want) {
		t.Errorf("manifest lists %v, want %v", m.Repos, want)
	}
	st, err := store.Open(e.dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range []string{"acme/a", "acme/b", "acme/c", "acme/d"} {
		if rd := st.Repos[r]; rd == nil || len(rd.Issues)+len(rd.PullRequests) != 40 {
			t.Errorf("%s not whole in the store", r)
		}
	}
	if !strings.Contains(log.String(), "waiting for the store "+e.dir+": vitals fetch (pid ") {
		t.Errorf("the second fetch did not say whom it waited for: %q", log.String())
	}
}

func TestFetchWithoutWaitingIsRefusedWhileTheStoreIsInUse(t *testing.T) {
	e := newEnv(t, fakegh.Options{})
	load(e.srv, "acme/a", shape{Items: 10})
	held, err := store.Lock(context.Background(), e.dir, runlock.Options{Command: "vitals build"})
	if err != nil {
		t.Fatal(err)
	}
	defer held.Release()
	o := e.opts("acme/a")
	o.Lock.NoWait = true
	_, err = Run(context.Background(), o)
	var busy *runlock.BusyError
	if !errors.As(err, &busy) || !strings.Contains(err.Error(), "is in use by vitals build (pid ") {
		t.Fatalf("got %v, want the store named in use by vitals build", err)
	}
	if e.srv.Count("/repos/acme/a/issues") != 0 {
		t.Error("a refused fetch asked GitHub")
	}
}
