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

func init() {
	register(command{"gen", "generate the deterministic demo store (or a benchmark-size one)", runGen})
}

func runGen(env *Env, args []string) int {
	fs := newFlags(env, "gen", "gen [--size N] [--seed S] [-d DIR] | gen --site DIR [--tenths T] [--size N] [--repos R] [--releases N] [--postmortems N] [--points N]")
	size := fs.Int("size", demo.DefaultIssues, "number of `issues` across the demo repos (e.g. 300000 for a benchmark set); with --site, tenths/10 of 1,000,000")
	seed := fs.Uint64("seed", demo.DemoSeed, "random `seed`; the same seed and size give byte-identical files")
	dir := fs.String("d", store.DefaultDir, "store `folder` to write")
	quiet := quietFlag(fs, new(bool), "no summary output")
	force := fs.Bool("force", false, "replace a store (and metric exports) that an earlier vitals gen did not write, such as a site's own")
	metrics := fs.String("metrics", "", "also write the demo metric exports (API requests, uptime checks, analytics) to this `folder`; with the default -d, content/metrics")
	site := fs.String("site", "", "write a whole benchmark site to this `folder` instead (site.toml, store, postmortems, metric exports): by default the issue's full data set scaled by --tenths")
	tenths := fs.Int("tenths", 10, "with --site: size of the data set in `tenths` of the full one (1M issues over 20 repos, 5,000 releases, 2,000 postmortems, 5M metric points)")
	repos := fs.Int("repos", demo.FullRepos, "with --site: number of `repositories` (bench/repo-01...)")
	releases := fs.Int("releases", 0, "with --site: exact number of `releases` across repos (default tenths/10 of 5,000)")
	pms := fs.Int("postmortems", 0, "with --site: number of `postmortems` (default tenths/10 of 2,000)")
	points := fs.Int("points", 0, "with --site: number of metric `points` (default tenths/10 of 5,000,000)")
	pos, code := parse(env, fs, args)
	if code >= 0 {
		return code
	}
	if len(pos) > 0 {
		return usageErr(env, fs, "unexpected argument %q", pos[0])
	}
	if *size <= 0 {
		return usageErr(env, fs, "--size must be a positive number of issues, not %d", *size)
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if *site != "" {
		if *tenths < 1 || *tenths > 10 {
			return usageErr(env, fs, "--tenths must be 1 to 10, not %d", *tenths)
		}
		if *repos < 1 || *releases < 0 || *pms < 0 || *points < 0 {
			return usageErr(env, fs, "--repos must be positive and --releases, --postmortems and --points not negative")
		}
		o := demo.BenchSite(*seed, *tenths)
		o.Repos = demo.BenchRepos(*repos)
		if set["size"] {
			o.Issues = *size
		}
		if set["releases"] {
			o.Releases = *releases
		}
		if set["postmortems"] {
			o.Postmortems = *pms
		}
		if set["points"] {
			o.MetricPoints = *points
		}
		c, err := demo.WriteSite(*site, o)
		if err != nil {
			fmt.Fprintf(env.Stderr, "vitals gen: %v\n", err)
			return ExitError
		}
		if !*quiet {
			fmt.Fprintf(env.Stderr, "wrote %s, %s, %s, %s and %s for %s (largest %s), %s and %s in %s to %s (seed %d)\n",
				plural(c.Issues, "issue", "issues"), plural(c.PullRequests, "pull request", "pull requests"),
				plural(c.Comments, "comment", "comments"), plural(c.Events, "event", "events"), plural(c.Releases, "release", "releases"),
				plural(c.Repos, "repository", "repositories"), plural(c.LargestRepo, "issue", "issues"),
				plural(c.Postmortems, "postmortem", "postmortems"), plural(c.MetricPoints, "metric point", "metric points"),
				plural(c.MetricFiles, "file", "files"), *site, *seed)
		}
		return ExitOK
	}
	for _, f := range []string{"tenths", "repos", "releases", "postmortems", "points"} {
		if set[f] {
			return usageErr(env, fs, "--%s needs --site", f)
		}
	}
	o := demo.Options{Seed: *seed, Issues: *size}.WithDefaults()
	if err := o.Validate(); err != nil {
		fmt.Fprintf(env.Stderr, "vitals gen: %v\n", err)
		return ExitError
	}
	exps := "" // the demo's experiment data, with the default store
	if *metrics == "" && *dir == store.DefaultDir {
		*metrics, exps = "content/metrics", "content/experiments"
	}
	if !*force {
		if err := genTarget(*dir, *metrics, o.Repos); err != nil {
			fmt.Fprintf(env.Stderr, "vitals gen: %v\n", err)
			return ExitError
		}
	}
	rds := demo.Generate(o)
	if err := demo.WriteData(*dir, o, rds); err != nil {
		fmt.Fprintf(env.Stderr, "vitals gen: %v\n", err)
		return ExitError
	}
	if *metrics != "" {
		files, err := demo.WriteMetrics(*metrics, demo.MetricsOptions{Seed: *seed, Start: o.Start, AsOf: o.AsOf})
		if err != nil {
			fmt.Fprintf(env.Stderr, "vitals gen: %v\n", err)
			return ExitError
		}
		if !*quiet {
			fmt.Fprintf(env.Stderr, "wrote %s of demo metrics to %s\n", plural(len(files), "file", "files"), *metrics)
		}
	}
	if exps != "" {
		files, err := demo.WriteExperiments(exps, demo.ExperimentsSeed)
		if err != nil {
			fmt.Fprintf(env.Stderr, "vitals gen: %v\n", err)
			return ExitError
		}
		if !*quiet {
			fmt.Fprintf(env.Stderr, "wrote %s of demo experiment data to %s\n", plural(len(files), "file", "files"), exps)
		}
	}
	if !*quiet {
		var is, prs, cs, es, rs int
		for _, rd := range rds {
			is, prs, cs, es, rs = is+len(rd.Issues), prs+len(rd.PullRequests), cs+len(rd.Comments), es+len(rd.Events), rs+len(rd.Releases)
		}
		fmt.Fprintf(env.Stderr, "wrote %s, %s, %s, %s and %s for %s (seed %d, as of %s) to %s\n",
			plural(is, "issue", "issues"), plural(prs, "pull request", "pull requests"),
			plural(cs, "comment", "comments"), plural(es, "event", "events"), plural(rs, "release", "releases"),
			plural(len(rds), "repository", "repositories"), *seed, o.AsOf.Format("2006-01-02T15:04:05Z"), *dir)
	}
	return ExitOK
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
