package cli

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/vitals-dev/vitals/generator/sources/demo"
	"github.com/vitals-dev/vitals/generator/sources/store"
)

// genOptions are gen's flags.
type genOptions struct {
	size                         int
	seed                         uint64
	dir, metrics, site           string
	quiet, force                 bool
	tenths, repos, releases, pms int
	points                       int
	set                          map[string]bool // flags given, filled by check
	fs                           *flag.FlagSet
}

const genUsage = "gen [--size N] [--seed S] [-d DIR] | gen --site DIR [--tenths T] [--size N] [--repos R] [--releases N] [--postmortems N] [--points N]"

func genFlags(fs *flag.FlagSet) *genOptions {
	o := &genOptions{fs: fs}
	fs.IntVar(&o.size, "size", demo.DefaultIssues, "number of `issues` across the demo repos (e.g. 300000 for a benchmark set); with --site, tenths/10 of 1,000,000")
	fs.Uint64Var(&o.seed, "seed", demo.DemoSeed, "random `seed`; the same seed and size give byte-identical files")
	fs.StringVar(&o.dir, "d", store.DefaultDir, "store `folder` to write")
	quietFlag(fs, &o.quiet, "no summary output")
	fs.BoolVar(&o.force, "force", false, "replace a store (and metric exports) that an earlier vitals gen did not write, such as a site's own")
	fs.StringVar(&o.metrics, "metrics", "", "also write the demo metric exports (API requests, uptime checks, analytics) to this `folder`; with the default -d, content/metrics")
	fs.StringVar(&o.site, "site", "", "write a whole benchmark site to this `folder` instead (site.toml, store, postmortems, metric exports): by default the issue's full data set scaled by --tenths")
	fs.IntVar(&o.tenths, "tenths", 10, "with --site: size of the data set in `tenths` of the full one (1M issues over 20 repos, 5,000 releases, 2,000 postmortems, 5M metric points)")
	fs.IntVar(&o.repos, "repos", demo.FullRepos, "with --site: number of `repositories` (bench/repo-01...)")
	fs.IntVar(&o.releases, "releases", 0, "with --site: exact number of `releases` across repos (default tenths/10 of 5,000)")
	fs.IntVar(&o.pms, "postmortems", 0, "with --site: number of `postmortems` (default tenths/10 of 2,000)")
	fs.IntVar(&o.points, "points", 0, "with --site: number of metric `points` (default tenths/10 of 5,000,000)")
	return o
}

func (o *genOptions) check(pos []string) error {
	if err := noArgs(pos); err != nil {
		return err
	}
	if o.size <= 0 {
		return fmt.Errorf("--size must be a positive number of issues, not %d", o.size)
	}
	o.set = map[string]bool{}
	o.fs.Visit(func(f *flag.Flag) { o.set[f.Name] = true })
	if o.site == "" {
		for _, f := range []string{"tenths", "repos", "releases", "postmortems", "points"} {
			if o.set[f] {
				return fmt.Errorf("--%s needs --site", f)
			}
		}
		return nil
	}
	if o.tenths < 1 || o.tenths > 10 {
		return fmt.Errorf("--tenths must be 1 to 10, not %d", o.tenths)
	}
	if o.repos < 1 || o.releases < 0 || o.pms < 0 || o.points < 0 {
		return errors.New("--repos must be positive and --releases, --postmortems and --points not negative")
	}
	return nil
}

// runGen writes the demo store (with its metric exports and experiment
// data), or with --site a whole benchmark site.
func runGen(env *Env, o *genOptions) int {
	if o.site != "" {
		return genSite(env, o)
	}
	do := demo.Options{Seed: o.seed, Issues: o.size}.WithDefaults()
	if err := o.genStore(env, do); err != nil {
		fmt.Fprintf(env.Stderr, "vitals gen: %v\n", err)
		return ExitError
	}
	return ExitOK
}

// genSite writes a whole benchmark site (gen --site).
func genSite(env *Env, o *genOptions) int {
	so := demo.BenchSite(o.seed, o.tenths)
	so.Repos = demo.BenchRepos(o.repos)
	if o.set["size"] {
		so.Issues = o.size
	}
	if o.set["releases"] {
		so.Releases = o.releases
	}
	if o.set["postmortems"] {
		so.Postmortems = o.pms
	}
	if o.set["points"] {
		so.MetricPoints = o.points
	}
	c, err := demo.WriteSite(o.site, so)
	if err != nil {
		fmt.Fprintf(env.Stderr, "vitals gen: %v\n", err)
		return ExitError
	}
	if !o.quiet {
		fmt.Fprintf(env.Stderr, "wrote %s, %s, %s, %s and %s for %s (largest %s), %s and %s in %s to %s (seed %d)\n",
			plural(c.Issues, "issue", "issues"), plural(c.PullRequests, "pull request", "pull requests"),
			plural(c.Comments, "comment", "comments"), plural(c.Events, "event", "events"), plural(c.Releases, "release", "releases"),
			plural(c.Repos, "repository", "repositories"), plural(c.LargestRepo, "issue", "issues"),
			plural(c.Postmortems, "postmortem", "postmortems"), plural(c.MetricPoints, "metric point", "metric points"),
			plural(c.MetricFiles, "file", "files"), o.site, o.seed)
	}
	return ExitOK
}

// genStore writes the demo store into -d, refusing a store gen did not
// write unless --force; with --metrics (or the default -d) the metric
// exports too, and with the default -d the experiment data.
func (o *genOptions) genStore(env *Env, do demo.Options) error {
	if err := do.Validate(); err != nil {
		return err
	}
	metrics, exps := o.metrics, "" // the demo's experiment data, with the default store
	if metrics == "" && o.dir == store.DefaultDir {
		metrics, exps = "content/metrics", "content/experiments"
	}
	if !o.force {
		if err := genTarget(o.dir, metrics, do.Repos); err != nil {
			return err
		}
	}
	rds := demo.Generate(do)
	if err := demo.WriteData(o.dir, do, rds); err != nil {
		return err
	}
	if metrics != "" {
		files, err := demo.WriteMetrics(metrics, demo.MetricsOptions{Seed: o.seed, Start: do.Start, AsOf: do.AsOf})
		if err != nil {
			return err
		}
		o.say(env, "wrote %s of demo metrics to %s\n", plural(len(files), "file", "files"), metrics)
	}
	if exps != "" {
		files, err := demo.WriteExperiments(exps, demo.ExperimentsSeed)
		if err != nil {
			return err
		}
		o.say(env, "wrote %s of demo experiment data to %s\n", plural(len(files), "file", "files"), exps)
	}
	var is, prs, cs, es, rs int
	for _, rd := range rds {
		is, prs, cs, es, rs = is+len(rd.Issues), prs+len(rd.PullRequests), cs+len(rd.Comments), es+len(rd.Events), rs+len(rd.Releases)
	}
	o.say(env, "wrote %s, %s, %s, %s and %s for %s (seed %d, as of %s) to %s\n",
		plural(is, "issue", "issues"), plural(prs, "pull request", "pull requests"),
		plural(cs, "comment", "comments"), plural(es, "event", "events"), plural(rs, "release", "releases"),
		plural(len(rds), "repository", "repositories"), o.seed, do.AsOf.Format("2006-01-02T15:04:05Z"), o.dir)
	return nil
}

// say prints a line of gen's summary, unless --quiet.
func (o *genOptions) say(env *Env, format string, a ...any) {
	if !o.quiet {
		fmt.Fprintf(env.Stderr, format, a...)
	}
}

// genTarget refuses a store folder that is neither empty (or absent) nor
// an earlier gen's output (only demo repositories), and, unless the store
// is such an output, metric exports the demo would overwrite: vitals gen
// run inside a site would otherwise replace its repositories with the
// demo's without a word.
func genTarget(dir, metrics string, demoRepos []string) error {
	theirs, err := otherRepos(dir, demoRepos)
	if err != nil {
		return err
	}
	elsewhere := "to try the demo, write it elsewhere (vitals gen -d DIR, or a whole demo site with vitals gen --site DIR)"
	if len(theirs) > 0 {
		return fmt.Errorf("%s holds the store of %s, which gen would replace with the demo's %s; %s, or add --force to replace it",
			dir, strings.Join(theirs, ", "), strings.Join(demoRepos, ", "), elsewhere)
	}
	if metrics == "" {
		return nil
	}
	if m, ok, _ := store.ReadManifest(dir); ok && len(m.Repos) > 0 {
		return nil // an earlier gen's output: its metric exports are the demo's too
	}
	var there []string
	for _, f := range []string{demo.RequestsExport, demo.ChecksExport, demo.AnalyticsExport} {
		if _, err := os.Stat(filepath.Join(metrics, f)); err == nil {
			there = append(there, filepath.Join(metrics, f))
		}
	}
	if len(there) > 0 {
		return fmt.Errorf("%s would be overwritten by the demo's metric exports; %s, or add --force to replace them", strings.Join(there, ", "), elsewhere)
	}
	return nil
}

// otherRepos lists what the store folder holds that is not one of the
// demo's repositories: the repositories its manifest lists (what a build
// reads; --force leaves the folders of those it drops), or its files when
// it is not a store at all. An absent or empty folder holds nothing.
func otherRepos(dir string, demoRepos []string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) || err == nil && len(entries) == 0 {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	m, ok, err := store.ReadManifest(dir)
	if err != nil {
		return nil, err
	}
	if !ok {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		return []string{fmt.Sprintf("files that are not a vitals store (%s)", strings.Join(names, ", "))}, nil
	}
	var out []string
	for _, r := range m.Repos {
		if !slices.Contains(demoRepos, r) {
			out = append(out, r)
		}
	}
	return out, nil
}
