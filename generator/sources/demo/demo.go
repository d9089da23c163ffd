// Package demo generates the deterministic demo data of vitals: three years
// of issues, pull requests, comments, events and releases of "Lumen", a
// fictional note-taking app with an API. The same Options give the same data,
// byte for byte: every random choice comes from math/rand/v2 seeded from
// Options.Seed and the repository name, and nothing reads the wall clock.
//
// The data is shaped to tell a story the reports can show: the bug rate falls
// over the three years with a seasonal wobble, the backlog grows for about
// eighteen months and then shrinks once a stale-issue sweep starts, and a few
// old bugs stay open. A few titles, labels, logins and a release body carry
// hostile strings so every page and download is exercised against injection.
//
// The same generator scales to benchmark sizes (300,000 issues, about
// 1,000,000 comments and 500,000 events with the default averages).
//
// The committed demo store is Write("content/data/store", Options{Seed:
// DemoSeed}); regenerate it with `vitals gen` after changing the generator.
// The demo postmortems in content/postmortems name its releases and issues,
// and tests check that both still match.
package demo

import (
	"errors"
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/vitals-dev/vitals/generator/sources/store"
)

// DemoSeed is the seed of the committed demo store (content/data/store).
const DemoSeed uint64 = 1

// Defaults for zero fields of Options.
const (
	DefaultIssues           = 2400
	DefaultCommentsPerIssue = 10.0 / 3 // 300,000 issues -> about 1,000,000 comments
	DefaultEventsPerIssue   = 5.0 / 3  // 300,000 issues -> about 500,000 events
)

// MaxIssues bounds Options.Issues (far above what fits in memory anyway).
const MaxIssues = 50_000_000

// DefaultRepos are the demo repositories.
var DefaultRepos = []string{"lumenhq/lumen-app", "lumenhq/lumen-api"}

// DefaultStart and DefaultAsOf bound the demo's three years.
var (
	DefaultStart = time.Date(2023, 10, 1, 0, 0, 0, 0, time.UTC)
	DefaultAsOf  = time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
)

// Options say what to generate. Zero fields take the defaults above; Seed 0 is
// a seed like any other.
type Options struct {
	Seed        uint64
	Repos       []string
	Start, AsOf time.Time
	// Issues is the total number of issues across repos (pull requests come
	// on top, about 0.4 per issue).
	Issues int
	// CommentsPerIssue and EventsPerIssue are averages: the totals over all
	// repos are close to Issues times these. Comments include those on pull
	// requests; events always include every closed and reopened event an
	// issue's life needs, and labeled, pull-request and other events fill
	// the rest of the budget.
	CommentsPerIssue, EventsPerIssue float64
	// Releases, when not zero, is the exact number of releases across repos
	// (shared like the issues); zero keeps the demo's cadence of a release
	// every two to four weeks per repository.
	Releases int
}

// WithDefaults returns o with zero fields replaced by the defaults.
func (o Options) WithDefaults() Options {
	if len(o.Repos) == 0 {
		o.Repos = append([]string(nil), DefaultRepos...)
	}
	if o.Start.IsZero() {
		o.Start = DefaultStart
	}
	if o.AsOf.IsZero() {
		o.AsOf = DefaultAsOf
	}
	o.Start, o.AsOf = o.Start.UTC().Truncate(time.Second), o.AsOf.UTC().Truncate(time.Second)
	if o.Issues == 0 {
		o.Issues = DefaultIssues
	}
	if o.CommentsPerIssue == 0 {
		o.CommentsPerIssue = DefaultCommentsPerIssue
	}
	if o.EventsPerIssue == 0 {
		o.EventsPerIssue = DefaultEventsPerIssue
	}
	return o
}

// Validate reports options that cannot describe a store.
func (o Options) Validate() error {
	o = o.WithDefaults()
	var errs []error
	if !o.AsOf.After(o.Start) {
		errs = append(errs, fmt.Errorf("demo: as-of %s must be after start %s", o.AsOf.Format(time.RFC3339), o.Start.Format(time.RFC3339)))
	}
	// Records sort on one key: seconds since start and a counter, 32 bits each.
	if o.AsOf.Sub(o.Start) > 100*365*24*time.Hour {
		errs = append(errs, fmt.Errorf("demo: start %s to as-of %s is more than 100 years", o.Start.Format(time.RFC3339), o.AsOf.Format(time.RFC3339)))
	}
	if o.Issues < 0 || o.Issues > MaxIssues {
		errs = append(errs, fmt.Errorf("demo: issues must be 0 (default) to %d, not %d", MaxIssues, o.Issues))
	}
	if o.Releases < 0 || o.Releases > MaxIssues {
		errs = append(errs, fmt.Errorf("demo: releases must be 0 (the demo cadence) to %d, not %d", MaxIssues, o.Releases))
	}
	if o.CommentsPerIssue > 1000 || o.EventsPerIssue > 1000 {
		errs = append(errs, errors.New("demo: comments and events per issue must be at most 1000"))
	}
	if o.CommentsPerIssue < 0 || o.EventsPerIssue < 0 || math.IsNaN(o.CommentsPerIssue) || math.IsNaN(o.EventsPerIssue) {
		errs = append(errs, errors.New("demo: comments and events per issue must not be negative"))
	}
	seen := map[string]bool{}
	for _, r := range o.Repos {
		if _, err := store.RepoPath("x", r); err != nil {
			errs = append(errs, fmt.Errorf("demo: repo %q is not owner/name", r))
		}
		if seen[r] {
			errs = append(errs, fmt.Errorf("demo: repo %q named twice", r))
		}
		seen[r] = true
	}
	return errors.Join(errs...)
}

// Generate returns one RepoData per repository, in the order of o.Repos, each
// with its records in the store's canonical order. Invalid options (see
// Validate) give repositories without records.
func Generate(o Options) []*store.RepoData {
	o = o.WithDefaults()
	out := make([]*store.RepoData, len(o.Repos))
	if o.Validate() != nil {
		for i, r := range o.Repos {
			out[i] = &store.RepoData{Format: store.Format, Repo: r, SyncedAt: o.AsOf, EventsComplete: true}
		}
		return out
	}
	w := newWorld(o)
	shares := splitIssues(o.Issues, len(o.Repos))
	rels := splitIssues(o.Releases, len(o.Repos))
	// Repositories are independent streams, so they can be generated in
	// parallel and still come out the same.
	var wg sync.WaitGroup
	for i, repo := range o.Repos {
		wg.Go(func() {
			g := newRepoGen(w, i, repo, shares[i])
			g.nRel, g.exactRel = rels[i], o.Releases > 0
			out[i] = g.run()
		})
	}
	wg.Wait()
	return out
}

// Write generates the data and writes it as a store in dir: one document per
// repository and a manifest whose synced_at is o.AsOf.
func Write(dir string, o Options) error {
	o = o.WithDefaults()
	if err := o.Validate(); err != nil {
		return err
	}
	return WriteData(dir, o, Generate(o))
}

// WriteData writes what Generate(o) returned, for callers that also want to
// look at the data (the gen command counts it).
func WriteData(dir string, o Options, rds []*store.RepoData) error {
	o = o.WithDefaults()
	// One repository at a time: store.WriteRepo builds each document in
	// memory, and at benchmark sizes two at once would double the peak.
	for _, rd := range rds {
		if err := store.WriteRepo(dir, rd); err != nil {
			return fmt.Errorf("demo: write: %w", err)
		}
	}
	repos := make([]string, len(rds))
	for i, rd := range rds {
		repos[i] = rd.Repo
	}
	if err := store.WriteManifest(dir, store.Manifest{SyncedAt: o.AsOf, Repos: repos}); err != nil {
		return fmt.Errorf("demo: write: %w", err)
	}
	return nil
}

// splitIssues shares n issues among k repos with falling weights (the first
// repo is the busiest), largest remainder so the shares sum to n.
func splitIssues(n, k int) []int {
	out := make([]int, k)
	if k == 0 {
		return out
	}
	w := make([]float64, k)
	var sum float64
	for i := range w {
		w[i] = 1 / (1 + float64(0.5*float64(i)))
		sum += w[i]
	}
	rem := make([]float64, k)
	given := 0
	for i := range w {
		exact := float64(n) * w[i] / sum
		out[i] = int(exact)
		rem[i] = exact - float64(out[i])
		given += out[i]
	}
	for given < n {
		best := 0
		for i := 1; i < k; i++ {
			if rem[i] > rem[best] {
				best = i
			}
		}
		out[best]++
		rem[best] = -1
		given++
	}
	return out
}

// splitmix64 spreads a seed over 64 bits (Steele, Lea, Flood 2014).
func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

func hashString(s string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return h.Sum64()
}

func newRand(seed uint64, stream string) *rand.Rand {
	h := hashString(stream)
	return rand.New(rand.NewPCG(splitmix64(seed^h), splitmix64(h+seed*0x9e3779b97f4a7c15+1)))
}
