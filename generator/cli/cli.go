// Package cli is the vitals command line: each command is an options struct
// and a run function, so commands are testable without a process.
//
// To add a command: an options type with a constructor that defines its
// flags on a flag set (fooFlags), a check method (positional arguments and
// usage errors; it reads and writes nothing), a run function
// runFoo(env, opts) that reads the environment and the clock only through
// env, and a row in the table in commands.go, in help's order.
//
// Exit codes: 0 success, 1 the site or its data has errors, 2 usage error,
// 3 --fail-on matched an SLO or KPI state, 130 interrupted (SIGINT).
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"sync"
	"time"

	"github.com/vitals-dev/vitals/generator/base/diag"
	"github.com/vitals-dev/vitals/generator/config"
)

// Exit codes. ExitInterrupted is 128 + SIGINT, what a shell reports for a
// process that the signal ended, so a script running vitals stops too.
const (
	ExitOK          = 0
	ExitError       = 1
	ExitUsage       = 2
	ExitAlert       = 3
	ExitInterrupted = 130
)

// Env is what a command talks to: its output, the environment and the
// clock. Commands read the environment (the GitHub token and API URL
// among it) and the time only through Env, so a test sets them without
// touching the process's.
type Env struct {
	Stdout, Stderr io.Writer
	// Getenv reads the environment (os.Getenv in the binary).
	Getenv func(string) string
	// Now is the clock (time.Now in the binary).
	Now func() time.Time
	// IsTTY reports whether stderr is a terminal (progress bars).
	IsTTY bool
}

// token is the GitHub token: GITHUB_TOKEN, then GH_TOKEN; "" when neither.
func (env *Env) token() string { return config.Token(env.Getenv) }

// apiURL is the GitHub REST base of the site: [github] api_url, then
// GITHUB_API_URL, then api.github.com.
func (env *Env) apiURL(cfg *config.Config) string { return cfg.APIURL(env.Getenv) }

// Main runs the command line and returns the exit code.
func Main(args []string, stdout, stderr io.Writer) int {
	env := defaultEnv(stdout, stderr)
	return env.main(args)
}

func (env *Env) main(args []string) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		if len(args) > 1 {
			return env.main([]string{args[1], "--help"})
		}
		env.usage(env.Stdout)
		if len(args) == 0 {
			return ExitUsage
		}
		return ExitOK
	}
	if args[0] == "--version" || args[0] == "-version" {
		args[0] = "version"
	}
	for _, c := range commands {
		if c.name == args[0] {
			return c.run(env, newFlagSet(c.name, c.usage), args[1:])
		}
	}
	fmt.Fprintf(env.Stderr, "vitals: unknown command %q", args[0])
	if near := nearestCommand(args[0]); near != "" {
		fmt.Fprintf(env.Stderr, "; did you mean %q?", near)
	}
	fmt.Fprint(env.Stderr, "\n\n")
	env.usage(env.Stderr)
	return ExitUsage
}

// nearestCommand is the command nearest to a mistyped one, as the hints of
// site.toml keys judge nearness; "" when none is near.
func nearestCommand(typo string) string {
	best, bestD := "", 1<<30
	for _, c := range commands {
		if d := diag.Distance(strings.ToLower(typo), c.name); d < bestD {
			best, bestD = c.name, d
		}
	}
	if bestD <= max(2, len(typo)/3) && bestD < len(typo) {
		return best
	}
	return ""
}

func (env *Env) usage(w io.Writer) {
	fmt.Fprintln(w, "vitals builds a static site that answers \"is our product getting healthier?\"")
	fmt.Fprintln(w, "\nUsage: vitals <command> [flags]\n\nCommands:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nRun 'vitals <command> --help' for a command's flags.")
}

// flagSet is a command's flags and its usage line.
type flagSet struct {
	*flag.FlagSet
	usage string // after "Usage: vitals "
}

// newFlagSet makes a flag set that prints its usage on --help.
func newFlagSet(name, usage string) *flagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	// The flag package prints errors and usage itself; parse prints them
	// instead, so that --help goes to stdout and errors to stderr.
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return &flagSet{fs, usage}
}

// parse parses flags that may come before, between or after positional
// arguments. It returns the positionals and an exit code (-1 to go on).
func parse(env *Env, fs *flagSet, args []string) ([]string, int) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				printUsage(env.Stdout, fs)
				return nil, ExitOK
			}
			fmt.Fprintf(env.Stderr, "vitals %s: %v\n", fs.Name(), err)
			printUsage(env.Stderr, fs)
			return nil, ExitUsage
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, -1
		}
		if rest[0] == "--" {
			return append(pos, rest[1:]...), -1
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// quietFlag defines --quiet and its short form -q on fs, into q.
func quietFlag(fs *flag.FlagSet, q *bool, usage string) {
	fs.BoolVar(q, "quiet", false, usage)
	fs.BoolVar(q, "q", false, "short for --quiet")
}

func printUsage(w io.Writer, fs *flagSet) {
	fmt.Fprintf(w, "Usage: vitals %s\n", fs.usage)
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	if n > 0 {
		fmt.Fprintln(w, "\nFlags:")
		fs.SetOutput(w)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
	}
}

// usageErr says what is wrong with the command line (err) and how to use
// the command.
func usageErr(env *Env, fs *flagSet, err error) int {
	fmt.Fprintf(env.Stderr, "vitals %s: %v\n", fs.Name(), err)
	printUsage(env.Stderr, fs)
	return ExitUsage
}

// interrupted says that a SIGINT stopped the command, and what it left.
func interrupted(env *Env, cmd, left string) int {
	fmt.Fprintf(env.Stderr, "vitals %s: interrupted; %s\n", cmd, left)
	return ExitInterrupted
}

// onInterrupt gives a context that a SIGINT cancels, and end, which stops
// listening and reports whether a SIGINT came at any moment: one on its
// way to the context when the command ends, after its last step that could
// stop, is seen too, so that it still stops a script that runs vitals.
// After end, a SIGINT ends the process as it would any program.
func onInterrupt() (ctx context.Context, end func() bool) {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, os.Interrupt)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		select {
		case <-ch:
			cancel()
		case <-done:
		}
	})
	return ctx, func() bool {
		signal.Stop(ch) // every SIGINT delivered so far is in ch or taken
		close(done)
		wg.Wait()
		came := ctx.Err() != nil || len(ch) > 0
		cancel()
		return came
	}
}

// endInterrupted ends a command that listened for SIGINT (onInterrupt):
// when one came and the command did not say so, it says so with what the
// command had done (left) and returns ExitInterrupted; else code.
func endInterrupted(env *Env, end func() bool, cmd string, code int, left string) int {
	if !end() || code == ExitInterrupted {
		return code
	}
	return interrupted(env, cmd, left)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, one)
	}
	return fmt.Sprintf("%d %s", n, many)
}
