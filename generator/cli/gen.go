package cli

import (
	"fmt"

	"github.com/vitals-dev/vitals/generator/demo"
	"github.com/vitals-dev/vitals/generator/metricsrc"
	"github.com/vitals-dev/vitals/generator/store"
)

func init() {
	register(command{"gen", "generate the deterministic demo store (or a benchmark-size one)", runGen})
}

func runGen(env *Env, args []string) int {
	fs := newFlags(env, "gen", "gen [--size N] [--seed S] [-d DIR]")
	size := fs.Int("size", demo.DefaultIssues, "number of `issues` across the demo repos (e.g. 300000 for a benchmark set)")
	seed := fs.Uint64("seed", demo.DemoSeed, "random `seed`; the same seed and size give byte-identical files")
	dir := fs.String("d", store.DefaultDir, "store `folder` to write")
	quiet := fs.Bool("quiet", false, "no summary output")
	metrics := fs.String("metrics", "", "also write the demo metric exports (API requests, uptime checks, analytics) to this `folder`; with the default -d, content/metrics")
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
	o := demo.Options{Seed: *seed, Issues: *size}.WithDefaults()
	if err := o.Validate(); err != nil {
		fmt.Fprintf(env.Stderr, "vitals gen: %v\n", err)
		return ExitError
	}
	if *metrics == "" && *dir == store.DefaultDir {
		*metrics = "content/metrics"
	}
	rds := demo.Generate(o)
	if err := demo.WriteData(*dir, o, rds); err != nil {
		fmt.Fprintf(env.Stderr, "vitals gen: %v\n", err)
		return ExitError
	}
	if *metrics != "" {
		files, err := metricsrc.WriteDemo(*metrics, metricsrc.DemoOptions{Seed: *seed, Start: o.Start, AsOf: o.AsOf})
		if err != nil {
			fmt.Fprintf(env.Stderr, "vitals gen: %v\n", err)
			return ExitError
		}
		if !*quiet {
			fmt.Fprintf(env.Stderr, "wrote %s of demo metrics to %s\n", plural(len(files), "file", "files"), *metrics)
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
