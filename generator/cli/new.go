package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/vitals-dev/vitals/generator/sources/content"
	"github.com/vitals-dev/vitals/generator/sources/expdoc"
	"github.com/vitals-dev/vitals/generator/sources/frontmatter"
	"github.com/vitals-dev/vitals/generator/sources/launchdoc"
	"github.com/vitals-dev/vitals/generator/sources/premortem"
)

func init() {
	register(command{"new", "write a new content file: new postmortem \"Title\", new launch \"Title\", new premortem \"Title\", new experiment \"Title\"", runNew})
}

func runNew(env *Env, args []string) int {
	fs := newFlags(env, "new", "new postmortem|launch|premortem|experiment \"Title\" [-s SOURCE] [--started \"YYYY-MM-DD HH:MM\"]")
	source := fs.String("s", ".", "site source `folder`")
	started := fs.String("started", "", "when impact began (postmortem; default now), the first stage starts (launch; default now), the pre-mortem is held (default now) or the experiment starts (default: planned, no start yet), UTC (`YYYY-MM-DD HH:MM` or RFC3339)")
	pos, code := parse(env, fs, args)
	if code >= 0 {
		return code
	}
	if len(pos) != 2 || (pos[0] != "postmortem" && pos[0] != "launch" && pos[0] != "premortem" && pos[0] != "experiment") {
		return usageErr(env, fs, "want: new postmortem \"Title\", new launch \"Title\", new premortem \"Title\" or new experiment \"Title\"")
	}
	if _, code := siteConfig(env, "new", *source); code != ExitOK {
		return code
	}
	at := time.Now().UTC().Truncate(time.Minute)
	if *started != "" {
		t, ok := frontmatter.ParseTime(*started)
		if !ok {
			return usageErr(env, fs, "--started %q is not a time like 2024-03-05 14:30", *started)
		}
		at = t
	}
	newDoc := content.NewPostmortem
	switch pos[0] {
	case "launch":
		newDoc = launchdoc.New
	case "premortem":
		newDoc = premortem.New // --started is the day it is held
	}
	rel, body := newDoc(pos[1], at)
	if pos[0] == "experiment" {
		start := time.Time{} // planned until it has a start
		if *started != "" {
			start = at
		}
		rel, body = expdoc.New(pos[1], start)
	}
	path := filepath.Join(*source, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		fmt.Fprintln(env.Stderr, "vitals new:", err)
		return ExitError
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		if os.IsExist(err) {
			fmt.Fprintf(env.Stderr, "vitals new: %s already exists; choose another title\n", rel)
		} else {
			fmt.Fprintln(env.Stderr, "vitals new:", err)
		}
		return ExitError
	}
	if _, err := f.Write(body); err != nil {
		f.Close()
		fmt.Fprintln(env.Stderr, "vitals new:", err)
		return ExitError
	}
	if err := f.Close(); err != nil {
		fmt.Fprintln(env.Stderr, "vitals new:", err)
		return ExitError
	}
	fmt.Fprintln(env.Stdout, "wrote", rel)
	return ExitOK
}
