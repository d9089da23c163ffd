package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"time"

	"github.com/vitals-dev/vitals/generator/base/diag"
	"github.com/vitals-dev/vitals/generator/base/runlock"
	"github.com/vitals-dev/vitals/generator/compute/reports"
	"github.com/vitals-dev/vitals/generator/config"
	"github.com/vitals-dev/vitals/generator/site"
)

// buildOptions are build's flags.
type buildOptions struct {
	source, dest, asOf, baseURL, failOn string
	cpuProfile, memProfile              string
	offline, quiet, noWait              bool
	timeout                             time.Duration

	at time.Time // --as-of read by check; zero without it
}

const buildUsage = "build [-s SOURCE] [-d DEST] [--offline] [--as-of DATE|RFC3339] [--base-url URL] [--fail-on breach|warning|exhausted|degraded] [-q] [--no-wait]"

func buildFlags(fs *flag.FlagSet) *buildOptions {
	o := &buildOptions{}
	fs.StringVar(&o.source, "s", ".", "site source `folder`")
	fs.StringVar(&o.dest, "d", "", "destination `folder` (default SOURCE/public)")
	fs.BoolVar(&o.offline, "offline", false, "do not sync from GitHub; build from the store")
	fs.StringVar(&o.asOf, "as-of", "", "describe the data as of this `instant` (2024-06-30 for midnight UTC, or RFC3339) instead of the last sync")
	fs.StringVar(&o.baseURL, "base-url", "", "public `URL` of the site (overrides base_url)")
	fs.StringVar(&o.failOn, "fail-on", "", "exit 3 when any SLO or KPI is in this `state` (breach or warning), any SLO's error budget is exhausted (exhausted), or any launch is degraded (degraded), after writing the site")
	quietFlag(fs, &o.quiet, "print only errors (and a line per retried GitHub request: a wait is never silent)")
	fs.BoolVar(&o.noWait, "no-wait", false, "stop with an error, rather than wait, when another vitals run is writing DEST or the store")
	fs.DurationVar(&o.timeout, "timeout", DefaultSyncTimeout, "stop the sync after this `duration`, keeping the repositories finished")
	fs.StringVar(&o.cpuProfile, "cpuprofile", "", "write a CPU profile of the build to this `file` (go tool pprof)")
	fs.StringVar(&o.memProfile, "memprofile", "", "write a memory profile of the build to this `file` when it ends (go tool pprof -sample_index=alloc_space: every allocation the build made)")
	return o
}

func (o *buildOptions) check(pos []string) error {
	if err := noArgs(pos); err != nil {
		return err
	}
	switch o.failOn {
	case "", "breach", "warning", "exhausted", "degraded":
	default:
		return fmt.Errorf("--fail-on must be breach, warning, exhausted or degraded, not %q", o.failOn)
	}
	if o.asOf != "" {
		t, err := parseAsOf(o.asOf)
		if err != nil {
			return fmt.Errorf("--as-of %q is not a date (2024-06-30, midnight UTC) or RFC3339 (2024-06-30T12:00:00Z)", o.asOf)
		}
		if t.Before(time.Unix(0, 0)) {
			return fmt.Errorf("--as-of %q is before 1970, where vitals' clock starts", o.asOf)
		}
		o.at = t
	}
	return nil
}

// maxAsOfAhead is how far past the current time --as-of may be. Series run
// day by day up to as_of, so 2199 took minutes, and past 2262 Unix
// nanoseconds overflow (the build panicked); a year covers planning ahead.
const maxAsOfAhead = 366 * 24 * time.Hour

// runBuild syncs (unless --offline; when a token is set), builds, and says
// what it built and which states --fail-on matched.
func runBuild(env *Env, o *buildOptions) (code int) {
	if now := env.Now(); o.at.After(now.Add(maxAsOfAhead)) {
		fmt.Fprintf(env.Stderr, "vitals build: --as-of %s is more than a year after the current time (%s): a build counts data up to then\n", o.at.Format(time.RFC3339), now.UTC().Format(time.RFC3339))
		return ExitUsage
	}
	stop, err := startCPUProfile(o.cpuProfile)
	if err != nil {
		fmt.Fprintln(env.Stderr, "vitals build:", err)
		return ExitError
	}
	defer stop()
	if o.memProfile != "" {
		defer func() {
			if err := writeHeapProfile(o.memProfile); err != nil {
				fmt.Fprintln(env.Stderr, "vitals build:", err)
			}
		}()
	}
	if !o.quiet {
		warnAsOfAhead(env, o.at)
	}
	// Lines about waiting for another run are said even with --quiet:
	// never a silent wait.
	lock := runlock.Options{Command: "vitals build", NoWait: o.noWait, Log: env.Stderr}
	ctx, end := onInterrupt()
	defer func() { code = endInterrupted(env, end, "build", code, "the build had finished and written the site") }()
	if !o.offline {
		if code := syncBeforeBuild(ctx, env, "build", o.source, o.quiet, o.timeout, lock); code != ExitOK {
			return code
		}
	}
	res, err := site.Build(ctx, site.Options{Source: o.source, Dest: o.dest, BaseURL: o.baseURL, AsOf: o.at, Lock: lock})
	if err != nil && ctx.Err() != nil {
		return interrupted(env, "build", "nothing was written, the previous site is as it was")
	}
	shown := withNotes
	if o.quiet {
		shown = errorsOnly
	}
	if code := report(env, res, err, shown, false); code != ExitOK {
		return code
	}
	if !o.quiet {
		sayBuilt(env, res, o.source)
	}
	writeStepSummary(env, res.StepSummary)
	return failOn(env, o.failOn, res.States)
}

// warnAsOfAhead warns when --as-of (at) is after the current time.
func warnAsOfAhead(env *Env, at time.Time) {
	if now := env.Now(); at.After(now) {
		fmt.Fprintf(env.Stderr, "warning: --as-of %s is after the current time (%s): figures count data not yet there\n", at.Format(time.RFC3339), now.UTC().Format(time.RFC3339))
	}
}

// sayBuilt says what the build made, and what to do next when it had no data.
func sayBuilt(env *Env, res *site.Result, source string) {
	fmt.Fprintf(env.Stdout, "built %s, %s and %s into %s in %s (%s)\n",
		plural(res.Pages, "page", "pages"), plural(res.Charts, "chart", "charts"), plural(res.Files, "file", "files"),
		res.Dest, res.Duration.Round(time.Millisecond), asOfText(res.AsOf))
	if res.AsOf.IsZero() {
		fmt.Fprintln(env.Stdout, nextWithoutData(source))
	}
}

// writeStepSummary appends the build's summary to GITHUB_STEP_SUMMARY, the
// file a GitHub Actions step shows, when that is set.
func writeStepSummary(env *Env, summary string) {
	if p := env.Getenv("GITHUB_STEP_SUMMARY"); p != "" && summary != "" {
		if err := appendFile(p, summary); err != nil {
			fmt.Fprintln(env.Stderr, "vitals build: GITHUB_STEP_SUMMARY:", err)
		}
	}
}

// startCPUProfile starts --cpuprofile's profile, if any; stop ends it.
func startCPUProfile(path string) (stop func(), err error) {
	if path == "" {
		return func() {}, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

// failOn says which states match --fail-on (state) and returns ExitAlert
// when any does.
func failOn(env *Env, state string, states []site.State) int {
	hit := failOnHits(state, states)
	for _, h := range hit {
		fmt.Fprintln(env.Stderr, "vitals build: --fail-on "+state+":", h)
	}
	if len(hit) > 0 {
		return ExitAlert
	}
	return ExitOK
}

// failOnHits are the lines naming each state that --fail-on state matches.
func failOnHits(state string, states []site.State) []string {
	if state == "" {
		return nil
	}
	var hit []string
	for _, s := range states {
		switch {
		case state == "exhausted":
			if s.Exhausted {
				hit = append(hit, fmt.Sprintf("%s %q has exhausted its error budget: release freeze recommended", s.Kind, s.Name))
			}
		case state == "degraded" || s.Kind == "launch":
			// Launches answer degraded only; degraded asks only launches.
			if state == "degraded" && s.Kind == "launch" && s.State == "degraded" {
				hit = append(hit, fmt.Sprintf("launch %q is %s", s.Name, s.Detail))
			}
		case s.State == "breach" || (state == "warning" && s.State == "warning"):
			hit = append(hit, fmt.Sprintf("%s %q is in %s", s.Kind, s.Name, s.State))
		}
	}
	return hit
}

// parseAsOf reads --as-of: RFC3339, or a date alone as its midnight UTC.
func parseAsOf(s string) (time.Time, error) {
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	return time.Parse(time.RFC3339, s)
}

func asOfText(t time.Time) string {
	if t.IsZero() {
		return "no data yet"
	}
	return "data as of " + t.Format(time.RFC3339)
}

// nextWithoutData says what to do next with a site that has no data at
// all: nothing synced or imported, no postmortem, no metric export.
func nextWithoutData(source string) string {
	sync := "set GITHUB_TOKEN (or GH_TOKEN) and run `vitals build` to sync its repositories"
	if cfg, _, err := reports.LoadConfig(source); err == nil && len(cfg.GitHub.Repos) == 0 {
		sync = "list repositories in " + config.FileName + " ([github] repos = [\"owner/name\"]), then " + sync
	}
	return "next: " + sync + "; or `vitals import` an export of their issues; or add postmortems (`vitals new postmortem`) or metric exports, which count as of their newest date or of `--as-of DATE`"
}

// shown is what report prints besides errors.
type shown int

const (
	errorsOnly   shown = iota // --quiet
	withWarnings              // check
	withNotes                 // build: warnings and notes
)

// warnFiles is how many more places a grouped problem line names.
const warnFiles = 3

// report prints a build's problems and notes and maps them to an exit code.
// A dry run (check) writes nothing anyway, so it does not say so.
func report(env *Env, res *site.Result, err error, show shown, dryRun bool) int {
	if res != nil && show >= withWarnings {
		for _, line := range res.Warnings.Lines(warnFiles) {
			fmt.Fprintln(env.Stderr, line)
		}
		if show >= withNotes {
			for _, n := range res.Notes {
				fmt.Fprintln(env.Stderr, "note:", n)
			}
		}
	}
	if err == nil {
		return ExitOK
	}
	var ds diag.List
	if errors.As(err, &ds) {
		for _, line := range ds.Lines(warnFiles) {
			fmt.Fprintln(env.Stderr, line)
		}
		if dryRun {
			fmt.Fprintf(env.Stderr, "vitals: %s\n", plural(len(ds), "error", "errors"))
		} else {
			fmt.Fprintf(env.Stderr, "vitals: %s; nothing was written, the previous site is as it was\n", plural(len(ds), "error", "errors"))
		}
		return ExitError
	}
	fmt.Fprintln(env.Stderr, "vitals:", err)
	if !dryRun {
		fmt.Fprintln(env.Stderr, "vitals: the build failed; nothing was written, the previous site is as it was")
	}
	return ExitError
}

// checkOptions are check's flags.
type checkOptions struct {
	source  string
	strict  bool
	verbose bool
}

const checkUsage = "check [-s SOURCE] [--strict] [-v]"

func checkFlags(fs *flag.FlagSet) *checkOptions {
	o := &checkOptions{}
	fs.StringVar(&o.source, "s", ".", "site source `folder`")
	fs.BoolVar(&o.verbose, "v", false, "list, per postmortem, each value read from the text with its line, the words that decided it and the line as written")
	fs.BoolVar(&o.strict, "strict", false, "also report front-matter keys vitals does not read (one line per key, naming the files); they fail the check")
	return o
}

func (o *checkOptions) check(pos []string) error { return noArgs(pos) }

// runCheck builds without writing and says what is wrong, and what each
// postmortem gave and lacks.
func runCheck(env *Env, o *checkOptions) int {
	res, err := site.Build(context.Background(), site.Options{Source: o.source, DryRun: true,
		Lock: runlock.Options{Command: "vitals check", Log: env.Stderr}})
	if code := report(env, res, err, withWarnings, true); code != ExitOK {
		return code
	}
	n := 0
	if res != nil {
		n = len(res.Warnings)
	}
	// What each postmortem gave and lacks, so an author can see what to
	// add: from the content the build read.
	var unknown []string
	if res != nil && res.Content != nil {
		c := res.Content
		for _, d := range c.MissingImages {
			fmt.Fprintln(env.Stderr, d.String())
		}
		n += len(c.MissingImages)
		if lines := c.ReadReport(o.verbose); len(lines) > 0 {
			fmt.Fprintln(env.Stdout, "postmortems:")
			for _, l := range lines {
				fmt.Fprintln(env.Stdout, "  "+l)
			}
		}
		if o.strict {
			unknown = c.UnknownKeyLines()
			for _, l := range unknown {
				fmt.Fprintln(env.Stderr, "strict: "+l)
			}
		}
	}
	if len(unknown) > 0 {
		fmt.Fprintf(env.Stderr, "vitals check --strict: %s that vitals does not read\n", plural(len(unknown), "front-matter key", "front-matter keys"))
		return ExitError
	}
	fmt.Fprintf(env.Stdout, "%s: no errors, %s\n", o.source, plural(n, "warning", "warnings"))
	return ExitOK
}

// writeHeapProfile writes the heap profile: what is still in use, and
// every allocation made since the start.
func writeHeapProfile(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	runtime.GC() // the in-use figures as of now, not of the last collection
	if err := pprof.WriteHeapProfile(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func appendFile(path, s string) error {
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.WriteString(s); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
