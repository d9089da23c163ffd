package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"time"

	"github.com/vitals-dev/vitals/generator/base/runlock"
	"github.com/vitals-dev/vitals/generator/config"
	"github.com/vitals-dev/vitals/generator/sources/github/ghsync"
)

// fetchOptions are fetch's flags.
type fetchOptions struct {
	source        string
	quiet, noWait bool
	timeout       time.Duration
}

const fetchUsage = "fetch [-s SOURCE] [-q] [--timeout 15m] [--no-wait]"

func fetchFlags(fs *flag.FlagSet) *fetchOptions {
	o := &fetchOptions{}
	fs.StringVar(&o.source, "s", ".", "site source `folder`")
	quietFlag(fs, &o.quiet, "no progress or summary, only errors (and a line per retried request: a wait is never silent)")
	fs.DurationVar(&o.timeout, "timeout", DefaultSyncTimeout, "stop the sync after this `duration`, keeping the repositories finished")
	fs.BoolVar(&o.noWait, "no-wait", false, "stop with an error, rather than wait, when another vitals run is using the store")
	return o
}

func (o *fetchOptions) check(pos []string) error { return noArgs(pos) }

// runFetch syncs the site's repositories into its store.
func runFetch(env *Env, o *fetchOptions) int {
	if env.token() == "" {
		fmt.Fprintln(env.Stderr, "vitals fetch: no token: set GITHUB_TOKEN or GH_TOKEN")
		return ExitError
	}
	ctx, end := onInterrupt()
	code := doSync(ctx, env, "fetch", o.source, o.quiet, o.timeout, runlock.Options{Command: "vitals fetch", NoWait: o.noWait, Log: env.Stderr})
	return endInterrupted(env, end, "fetch", code, "the sync had finished")
}

// DefaultSyncTimeout bounds a whole sync (--timeout).
const DefaultSyncTimeout = 15 * time.Minute

// syncBeforeBuild syncs when a token is set, and says so when not.
func syncBeforeBuild(ctx context.Context, env *Env, cmd, source string, quiet bool, deadline time.Duration, lock runlock.Options) int {
	if env.token() == "" {
		if !quiet {
			fmt.Fprintln(env.Stderr, "note: no GITHUB_TOKEN or GH_TOKEN: building from the store without syncing")
		}
		return ExitOK
	}
	return doSync(ctx, env, cmd, source, quiet, deadline, lock)
}

// doSync syncs the site's repositories for cmd (fetch, or build before it
// builds) holding the store's lock. Each repository's failure is said once:
// in the summary, or with --quiet in the error.
func doSync(ctx context.Context, env *Env, cmd, source string, quiet bool, deadline time.Duration, lock runlock.Options) int {
	cfg, code := loadConfig(env, source)
	if cfg == nil {
		return code
	}
	if len(cfg.GitHub.Repos) == 0 {
		if !quiet {
			fmt.Fprintln(env.Stderr, "note: site.toml lists no [github] repos: nothing to sync")
		}
		return ExitOK
	}
	o, err := syncOptions(env, cfg)
	if err != nil {
		fmt.Fprintln(env.Stderr, err)
		return ExitError
	}
	o.Deadline, o.Lock = deadline, lock
	if !quiet {
		o.Progress = env.Stderr
	}
	sum, err := ghsync.Run(ctx, o)
	summary := sum != nil && !quiet
	if summary {
		fmt.Fprintln(env.Stderr, sum.String())
	}
	if ctx.Err() != nil {
		left := "the repositories synced before stay in the store, and the next sync starts with the rest"
		if cmd == "build" {
			left = "nothing was built; " + left
		}
		return interrupted(env, cmd, left)
	}
	if err == nil {
		return ExitOK
	}
	syncFailed(env, cmd, err, sum, summary)
	return ExitError
}

// syncOptions are the sync's options from site.toml's [github] and env.
func syncOptions(env *Env, cfg *config.Config) (ghsync.Options, error) {
	wait, err := time.ParseDuration(cfg.GitHub.MaxRateWait)
	if err != nil {
		return ghsync.Options{}, fmt.Errorf("%s: [github] max_rate_wait %q is not a duration like 15m", config.FileName, cfg.GitHub.MaxRateWait)
	}
	timeout, err := time.ParseDuration(cfg.GitHub.Timeout)
	if err != nil || timeout <= 0 {
		return ghsync.Options{}, fmt.Errorf("%s: [github] timeout %q is not a duration like 30s", config.FileName, cfg.GitHub.Timeout)
	}
	return ghsync.Options{
		APIURL:      env.apiURL(cfg),
		Token:       env.token(),
		Now:         env.Now,
		Repos:       cfg.GitHub.Repos,
		StoreDir:    cfg.StoreDir(),
		MaxRateWait: wait,
		Timeout:     timeout,
		Log:         env.Stderr, // retries are said even with --quiet: never a silent wait
		TTY:         env.IsTTY,
	}, nil
}

// syncFailed says why the sync failed: the repositories' failures are in
// the summary when it was printed, else in err. A build says it built
// nothing and how to build without syncing.
func syncFailed(env *Env, cmd string, err error, sum *ghsync.Summary, summary bool) {
	var re *ghsync.RepoError
	if summary && errors.As(err, &re) {
		fmt.Fprintf(env.Stderr, "vitals %s: the sync failed for %d of %s (above)", cmd, len(re.Failed), plural(len(sum.Repos), "repository", "repositories"))
	} else {
		fmt.Fprintf(env.Stderr, "vitals %s: %v", cmd, err)
	}
	if cmd == "build" {
		fmt.Fprint(env.Stderr, "\nvitals build: nothing was built; to build from the store as it is, without syncing, run vitals build --offline")
	}
	fmt.Fprintln(env.Stderr)
}
