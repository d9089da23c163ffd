package cli

import (
	"flag"
	"fmt"
)

// command is a row of the command table.
type command struct {
	name    string
	summary string // one line, in `vitals help`
	usage   string // after "Usage: vitals " in the command's --help
	// run parses args with fs (the command's flag set, with its usage) and
	// runs the command: def makes it from the command's options and run
	// function.
	run func(env *Env, fs *flagSet, args []string) int
}

// commands is every command, in the order `vitals help` lists them. It is
// fixed at compile time: nothing registers or sorts at run time.
var commands = [...]command{
	{"bench", "generate benchmark sites of growing size and time `vitals build` on each", benchUsage, def(benchFlags, runBench)},
	{"build", "sync (when a token is set) and build the site", buildUsage, def(buildFlags, runBuild)},
	{"check", "validate site.toml and every content file", checkUsage, def(checkFlags, runCheck)},
	{"fetch", "sync GitHub issues, comments, events and releases into the store", fetchUsage, def(fetchFlags, runFetch)},
	{"gen", "generate the deterministic demo store (or a benchmark-size one)", genUsage, def(genFlags, runGen)},
	{"import", "import a JSONL export of GitHub's issues list into the store", importUsage, def(importFlags, runImport)},
	{"init", "start a new vitals site with a GitHub Pages workflow", initUsage, def(initFlags, runInit)},
	{"new", "write a new content file: new postmortem \"Title\", new launch \"Title\", new premortem \"Title\", new experiment \"Title\"", newUsage, def(newDocFlags, runNew)},
	{"serve", "build, serve on 127.0.0.1, and rebuild and reload on changes", serveUsage, def(serveFlags, runServe)},
	{"version", "print the version of vitals", "version", def(versionFlags, runVersion)},
}

// options is a command's options: what its flags fill (a constructor
// defines them on a flag set) and then check completes.
type options interface {
	// check takes the positional arguments and checks the options once the
	// flags are parsed; an error is a usage error (exit 2). It reads no
	// file and changes nothing.
	check(pos []string) error
}

// def makes a command from the constructor of its options, which defines
// their flags on fs, and its run function: parse, check, then run.
func def[O options](flags func(fs *flag.FlagSet) O, run func(env *Env, o O) int) func(*Env, *flagSet, []string) int {
	return func(env *Env, fs *flagSet, args []string) int {
		o := flags(fs.FlagSet)
		pos, code := parse(env, fs, args)
		if code >= 0 {
			return code
		}
		if err := o.check(pos); err != nil {
			return usageErr(env, fs, err)
		}
		return run(env, o)
	}
}

// noArgs is the check of a command that takes no positional argument.
func noArgs(pos []string) error {
	if len(pos) > 0 {
		return fmt.Errorf("unexpected argument %q", pos[0])
	}
	return nil
}
