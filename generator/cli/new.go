package cli

import (
	"errors"
	"flag"
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

// newOptions are new's flags, the kind of document and its title.
type newOptions struct {
	source, started string

	kind, title string    // the positional arguments
	at          time.Time // --started read by check; zero without it
}

const newUsage = "new postmortem|launch|premortem|experiment \"Title\" [-s SOURCE] [--started \"YYYY-MM-DD HH:MM\"]"

func newDocFlags(fs *flag.FlagSet) *newOptions {
	o := &newOptions{}
	fs.StringVar(&o.source, "s", ".", "site source `folder`")
	fs.StringVar(&o.started, "started", "", "when impact began (postmortem; default now), the first stage starts (launch; default now), the pre-mortem is held (default now) or the experiment starts (default: planned, no start yet), UTC (`YYYY-MM-DD HH:MM` or RFC3339)")
	return o
}

func (o *newOptions) check(pos []string) error {
	if len(pos) != 2 || (pos[0] != "postmortem" && pos[0] != "launch" && pos[0] != "premortem" && pos[0] != "experiment") {
		return errors.New("want: new postmortem \"Title\", new launch \"Title\", new premortem \"Title\" or new experiment \"Title\"")
	}
	o.kind, o.title = pos[0], pos[1]
	if o.started != "" {
		t, ok := frontmatter.ParseTime(o.started)
		if !ok {
			return fmt.Errorf("--started %q is not a time like 2024-03-05 14:30", o.started)
		}
		o.at = t
	}
	return nil
}

// newDoc is the document new writes: its path in the site and its text.
// Without --started, a postmortem, launch or pre-mortem starts now, an
// experiment is planned (no start yet).
func (o *newOptions) newDoc(now time.Time) (rel string, body []byte) {
	at := o.at
	if at.IsZero() {
		at = now.UTC().Truncate(time.Minute)
	}
	switch o.kind {
	case "launch":
		return launchdoc.New(o.title, at)
	case "premortem":
		return premortem.New(o.title, at) // --started is the day it is held
	case "experiment":
		return expdoc.New(o.title, o.at)
	}
	return content.NewPostmortem(o.title, at)
}

// runNew writes a new document into the site, refusing to overwrite one.
func runNew(env *Env, o *newOptions) int {
	if _, code := siteConfig(env, "new", o.source); code != ExitOK {
		return code
	}
	rel, body := o.newDoc(env.Now())
	path := filepath.Join(o.source, filepath.FromSlash(rel))
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
