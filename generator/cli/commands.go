package cli

// command is a row of the command table.
type command struct {
	name    string
	summary string // one line, in `vitals help`
	run     func(env *Env, args []string) int
}

// commands is every command, in the order `vitals help` lists them. It is
// fixed at compile time: nothing registers or sorts at run time.
var commands = [...]command{
	{"bench", "generate benchmark sites of growing size and time `vitals build` on each", runBench},
	{"build", "sync (when a token is set) and build the site", runBuild},
	{"check", "validate site.toml and every content file", runCheck},
	{"fetch", "sync GitHub issues, comments, events and releases into the store", runFetch},
	{"gen", "generate the deterministic demo store (or a benchmark-size one)", runGen},
	{"import", "import a JSONL export of GitHub's issues list into the store", runImport},
	{"init", "start a new vitals site with a GitHub Pages workflow", runInit},
	{"new", "write a new content file: new postmortem \"Title\", new launch \"Title\", new premortem \"Title\", new experiment \"Title\"", runNew},
	{"serve", "build, serve on 127.0.0.1, and rebuild and reload on changes", runServe},
	{"version", "print the version of vitals", runVersion},
}
