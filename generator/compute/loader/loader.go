// Package loader reads the store one repository at a time and computes the
// issue figures of each as it goes, so that a build holds one repository's
// comments and events at a time, not the organisation's: the next
// repository is decoded while the previous one is computed, and the figures
// of all repositories are merged from the per-repository parts at the end.
package loader

import (
	"context"
	"slices"
	"time"

	"github.com/vitals-dev/vitals/generator/base/model"
	"github.com/vitals-dev/vitals/generator/compute/issuestats"
	"github.com/vitals-dev/vitals/generator/sources/store"
)

// Options say what to load.
type Options struct {
	Dir string // the store folder
	// Repos are the repositories to load; empty means every one of the manifest.
	Repos []string
	// AsOf overrides the store's sync time when non-zero.
	AsOf time.Time
	// Issues are the options of the issue figures (the as-of is set from AsOf).
	Issues issuestats.Options
	// Quarters also counts the issue figures as of every complete quarter's end.
	Quarters bool
	// KeepIssue selects the issues that Result.Dataset keeps once their
	// figures are computed (nil: all). A build keeps those that postmortems
	// name, so that an organisation's issues are not all held at once.
	KeepIssue func(*model.Issue) bool
	// Each, when set, is called with each repository's records (issues,
	// comments and events of that one repository) and its issue figures
	// (issuestats.ComputeParts of them: read only, Merge reads them later)
	// once they are computed, before the records are dropped (areas add up
	// their groups there, issue SLOs take each issue's first response and
	// close).
	Each func(d *model.Dataset, parts []*issuestats.Part)
}

// Result is what a build needs of the store.
type Result struct {
	Manifest store.Manifest
	// Dataset has the selected repositories' pull requests and releases,
	// their issues that Options.KeepIssue keeps, and AsOf, Repos and
	// NoEvents; comments and events, which only the issue figures read, are
	// left out once those are computed.
	Dataset *model.Dataset
	// Missing are the selected repositories that the manifest does not
	// list (never synced), in order. One that it lists but whose files are
	// gone is an error, not missing.
	Missing []string
	// Issues are the issue figures, computed as of Dataset.AsOf.
	Issues *issuestats.Report
	// Quarters are the issue figures as of each complete quarter's end
	// (issuestats.QuarterReports), with Options.Quarters.
	Quarters []*issuestats.Report
	// Spans are the time each repository in the store covers, in order.
	Spans []Span
}

// Span is the time a repository's data covers: from its first issue or
// pull request (zero when it has none) to its sync.
type Span struct {
	Repo            string
	First, SyncedAt time.Time
}

// Load reads and computes the store at o.Dir. An older store is migrated
// first. A missing store is an empty one; a store that lost its manifest, a
// repository's repo.json or a table, or holds a table that does not match
// its checksum, is an error naming the file (store.DamagedError), never a
// smaller result.
func Load(ctx context.Context, o Options) (*Result, error) {
	if err := store.Migrate(o.Dir); err != nil {
		return nil, err
	}
	m, ok, err := store.ReadManifest(o.Dir)
	if err != nil {
		return nil, err
	}
	if !ok {
		if err := store.CheckEmpty(o.Dir); err != nil {
			return nil, err
		}
	}
	repos := slices.Clone(o.Repos)
	if len(repos) == 0 {
		repos = slices.Clone(m.Repos)
	}
	slices.Sort(repos)
	asOf := m.SyncedAt
	if !o.AsOf.IsZero() {
		asOf = o.AsOf.UTC()
	}
	res := &Result{Manifest: m, Dataset: &model.Dataset{AsOf: asOf, Repos: repos, NoEvents: map[string]bool{}, NoComments: map[string]bool{}}}
	listed := map[string]bool{}
	for _, r := range m.Repos {
		listed[r] = true
	}
	opts := o.Issues
	opts.AsOf = asOf
	opts.Quarterly = o.Quarters

	// One goroutine decodes repositories in order and hands each over when
	// the previous one's computation has taken it.
	type loaded struct {
		repo string
		rd   *store.RepoData
		err  error
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	next := make(chan loaded)
	go func() {
		defer close(next)
		for _, r := range repos {
			l := loaded{repo: r}
			if listed[r] {
				l.rd, l.err = store.ReadListedLean(o.Dir, m, r)
			}
			select {
			case next <- l:
			case <-ctx.Done():
				return
			}
			if l.err != nil {
				return
			}
		}
	}()
	d := res.Dataset
	// Sized from the row counts of repo.json: appending 20 repositories'
	// pull requests and releases grew and copied them over and over.
	var nPRs, nRels int
	for _, r := range repos {
		if rows, err := store.TableRows(o.Dir, r); err == nil && listed[r] {
			nPRs, nRels = nPRs+rows["pull_requests"], nRels+rows["releases"]
		}
	}
	if nPRs > 0 {
		d.PullRequests = make([]model.PullRequest, 0, nPRs)
	}
	if nRels > 0 {
		d.Releases = make([]model.Release, 0, nRels)
	}
	var parts []*issuestats.Part
	for l := range next {
		if l.err != nil {
			return nil, l.err
		}
		one := &model.Dataset{AsOf: asOf, Repos: []string{l.repo}, NoEvents: map[string]bool{}, NoComments: map[string]bool{}}
		if l.rd == nil {
			res.Missing = append(res.Missing, l.repo)
		} else {
			rd := l.rd
			sp := Span{Repo: l.repo, SyncedAt: rd.SyncedAt}
			for _, is := range rd.Issues {
				if sp.First.IsZero() || is.CreatedAt.Before(sp.First) {
					sp.First = is.CreatedAt
				}
			}
			for _, pr := range rd.PullRequests {
				if sp.First.IsZero() || pr.CreatedAt.Before(sp.First) {
					sp.First = pr.CreatedAt
				}
			}
			res.Spans = append(res.Spans, sp)
			one.Issues, one.PullRequests, one.Comments, one.Events, one.Releases, one.Demand = rd.Issues, rd.PullRequests, rd.Comments, rd.Events, rd.Releases, rd.Demand
			if !rd.EventsComplete {
				one.NoEvents[l.repo] = true
				d.NoEvents[l.repo] = true
			}
			if rd.CommentsMissing {
				one.NoComments[l.repo] = true
				d.NoComments[l.repo] = true
			}
			if o.KeepIssue == nil {
				d.Issues = append(d.Issues, rd.Issues...)
			} else {
				for i := range rd.Issues {
					if o.KeepIssue(&rd.Issues[i]) {
						// Its own closed_at, labels and reactions, not pieces of
						// the repository's slabs (store), which would stay held.
						is := rd.Issues[i]
						if is.ClosedAt != nil {
							t := *is.ClosedAt
							is.ClosedAt = &t
						}
						is.Labels = slices.Clone(is.Labels)
						if is.Reactions != nil {
							r := *is.Reactions
							is.Reactions = &r
						}
						d.Issues = append(d.Issues, is)
					}
				}
			}
			d.PullRequests = append(d.PullRequests, rd.PullRequests...)
			d.Releases = append(d.Releases, rd.Releases...)
		}
		ps := issuestats.ComputeParts(one, opts)
		parts = append(parts, ps...)
		if o.Each != nil && l.rd != nil {
			o.Each(one, ps)
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
	}
	res.Issues = issuestats.Merge(parts, opts)
	if o.Quarters {
		res.Quarters = issuestats.QuarterReports(parts, opts)
	}
	return res, nil
}
