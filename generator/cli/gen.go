package cli

import (
	"flag"
	"fmt"

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
	quiet := fs.Bool("quiet", false, "no summary output")
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
