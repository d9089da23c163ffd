package cli

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/vitals-dev/vitals/generator/base/runlock"
	"github.com/vitals-dev/vitals/generator/config"
	"github.com/vitals-dev/vitals/generator/sources/github/ghsync"
)

func init() {
	register(command{"fetch", "sync GitHub issues, comments, events and releases into the store", runFetch})
}

func runFetch(env *Env, args []string) int {
	fs := newFlags(env, "fetch", "fetch [-s SOURCE] [-q] [--timeout 15m] [--no-wait]")
	source := fs.String("s", ".", "site source `folder`")
	quiet := quietFlag(fs, new(bool), "no progress or summary, only errors (and a line per retried request: a wait is never silent)")
	deadline := fs.Duration("timeout", DefaultSyncTimeout, "stop the sync after this `duration`, keeping the repositories finished")
	noWait := fs.Bool("no-wait", false, "stop with an error, rather than wait, when another vitals run is using the store")
	pos, code := parse(env, fs, args)
	if code >= 0 {
		return code
	}
	if len(pos) > 0 {
		return usageErr(env, fs, "unexpected argument %q", pos[0])
	}
	if config.Token() == "" {
		fmt.Fprintln(env.Stderr, "vitals fetch: no token: set GITHUB_TOKEN or GH_TOKEN")
		return ExitError
	}
	ctx, end := onInterrupt()
	code = doSync(ctx, env, "fetch", *source, *quiet, *deadline, runlock.Options{Command: "vitals fetch", NoWait: *noWait, Log: env.Stderr})
	return endInterrupted(env, end, "fetch", code, "the sync had finished")
}

// DefaultSyncTimeout bounds a whole sync (--timeout).
const DefaultSyncTimeout = 15 * time.Minute

// syncBeforeBuild syncs when a token is set, and says so when not.
func syncBeforeBuild(ctx context.Context, env *Env, cmd, source string, quiet bool, deadline time.Duration, lock runlock.Options) int {
	if config.Token() == "" {
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
	wait, err := time.ParseDuration(cfg.GitHub.MaxRateWait)
	if err != nil {
		fmt.Fprintf(env.Stderr, "%s: [github] max_rate_wait %q is not a duration like 15m\n", config.FileName, cfg.GitHub.MaxRateWait)
		return ExitError
	}
	timeout, err := time.ParseDuration(cfg.GitHub.Timeout)
	if err != nil || timeout <= 0 {
		fmt.Fprintf(env.Stderr, "%s: [github] timeout %q is not a duration like 30s\n", config.FileName, cfg.GitHub.Timeout)
		return ExitError
	}
	o := ghsync.Options{
		APIURL:      cfg.APIURL(),
		Token:       config.Token(),
		Repos:       cfg.GitHub.Repos,
		StoreDir:    cfg.StoreDir(),
		MaxRateWait: wait,
		Timeout:     timeout,
		Deadline:    deadline,
		Log:         env.Stderr, // retries are said even with --quiet: never a silent wait
		TTY:         env.IsTTY,
		Lock:        lock,
	}
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
	return ExitError
}
