package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/vitals-dev/vitals/generator/base/diag"
	"github.com/vitals-dev/vitals/generator/base/runlock"
	"github.com/vitals-dev/vitals/generator/compute/reports"
	"github.com/vitals-dev/vitals/generator/config"
	"github.com/vitals-dev/vitals/generator/sources/github/importer"
	"github.com/vitals-dev/vitals/generator/sources/store"
)

// importOptions are import's flags and its file.
type importOptions struct {
	repo, syncedAt, source, dir string
	quiet, noWait               bool

	file string    // the one positional argument
	at   time.Time // --synced-at read by check; zero without it
}

const importUsage = "import [--repo OWNER/NAME] [--synced-at RFC3339] [-s SOURCE | -d DIR] [--no-wait] FILE\n\nFILE is a JSONL export of the issues list (one REST issue object per line) or the\nJSON array of GET /repos/{owner}/{repo}/releases; the kind is detected. It goes\ninto the [store] dir of the site in SOURCE (default .), or into DIR. The\nrepository is the one the rows name (an issue's repository_url, a release's url)."

func importFlags(fs *flag.FlagSet) *importOptions {
	o := &importOptions{}
	fs.StringVar(&o.repo, "repo", "", "the `owner/name` the rows belong to (default: the one their repository_url or url names)")
	fs.StringVar(&o.syncedAt, "synced-at", "", "the `instant` (RFC3339) the export describes (default: a second after its latest updated_at)")
	fs.StringVar(&o.source, "s", ".", "site source `folder` whose [store] dir is written")
	fs.StringVar(&o.dir, "d", "", "store `folder` to write instead of the site's [store] dir")
	quietFlag(fs, &o.quiet, "no summary output")
	fs.BoolVar(&o.noWait, "no-wait", false, "stop with an error, rather than wait, when another vitals run is using the store")
	return o
}

func (o *importOptions) check(pos []string) error {
	if len(pos) != 1 {
		return fmt.Errorf("want exactly one FILE, got %d arguments", len(pos))
	}
	o.file = pos[0]
	if o.syncedAt != "" {
		t, err := time.Parse(time.RFC3339, o.syncedAt)
		if err != nil {
			return fmt.Errorf("--synced-at %q is not RFC3339 (like 2024-06-30T00:00:00Z)", o.syncedAt)
		}
		o.at = t
	}
	return nil
}

// runImport imports the file into the store of the site (or -d) under its
// lock, and says what it stored and what the file lacks.
func runImport(env *Env, o *importOptions) int {
	var cfg *config.Config
	dir := o.dir
	if dir == "" {
		c, code := siteConfig(env, "import", o.source)
		if code != ExitOK {
			return code
		}
		cfg, dir = c, c.StoreDir()
	}
	kind, st, err := importFile(env, o, dir)
	if err != nil {
		fmt.Fprintln(env.Stderr, err)
		return ExitError
	}
	repo := st.Repo // as given, or as the rows name it
	if cfg != nil && !slices.Contains(cfg.GitHub.Repos, repo) {
		fmt.Fprintf(env.Stderr, "warning: %s is not in [github] repos of %s: no page shows what was imported for it until it is added\n", repo, config.FileName)
	}
	if kind == importer.Releases {
		if !o.quiet {
			fmt.Fprintf(env.Stderr, "imported %s of %s into %s (%s replaced), synced_at %s\n",
				plural(st.Lines, "release", "releases"), repo, dir, plural(st.Duplicates, "release", "releases"), st.SyncedAt.Format(time.RFC3339))
		}
		return ExitOK
	}
	if !o.quiet {
		fmt.Fprintf(env.Stderr, "imported %s (%s) of %s into %s: %s and %s stored, synced_at %s\n",
			plural(st.Lines, "row", "rows"), plural(st.Duplicates, "duplicate", "duplicates"), repo, dir,
			plural(st.Issues, "issue", "issues"), plural(st.PullRequests, "pull request", "pull requests"),
			st.SyncedAt.Format(time.RFC3339))
	}
	importNotes(env, st, repo)
	return ExitOK
}

// importFile imports o.file into the store in dir, holding its lock.
func importFile(env *Env, o *importOptions, dir string) (importer.Kind, importer.Stats, error) {
	f, err := os.Open(o.file)
	if err != nil {
		return 0, importer.Stats{}, fmt.Errorf("vitals import: %v", err)
	}
	defer f.Close()
	lock, err := store.Lock(context.Background(), dir, runlock.Options{Command: "vitals import", NoWait: o.noWait, Log: env.Stderr})
	if err != nil {
		return 0, importer.Stats{}, fmt.Errorf("vitals import: %v", err)
	}
	defer lock.Release()
	return importer.Import(f, o.file, o.repo, dir, o.at)
}

// importNotes says why some figures will be n/a or unknown: what an
// issues list does not carry.
func importNotes(env *Env, st importer.Stats, repo string) {
	if st.CommentsMissing {
		// Say why the pages will show n/a for first responses.
		fmt.Fprintf(env.Stderr, "note: an issues list carries no comments, and the store lacks those of %s (%s in the file have some): "+
			"until `vitals fetch` syncs them, time to first response and issue-response SLOs on first response are n/a for %s\n",
			repo, plural(st.Commented, "issue", "issues"), repo)
	}
	if st.WithReactions == 0 && st.Issues > 0 {
		// Say why the most-wanted list will show the demand as unknown.
		fmt.Fprintf(env.Stderr, "note: the file's issues carry no reactions: the demand (👍) of %s's feature requests is unknown until `vitals fetch` reads it\n", repo)
	}
}

// siteConfig loads the site in source for a command that writes into it,
// refusing outside a site rather than creating folders where it stands.
func siteConfig(env *Env, cmd, source string) (*config.Config, int) {
	if _, err := os.Stat(filepath.Join(source, config.FileName)); err != nil {
		fmt.Fprintf(env.Stderr, "vitals %s: no %s in %s: run it in a site folder (vitals init starts one) or name one with -s\n", cmd, config.FileName, source)
		return nil, ExitError
	}
	return loadConfig(env, source)
}

// loadConfig loads site.toml with its metric tables checked as the build
// checks them; warnings are the build's and check's to print, so only
// errors stop the command.
func loadConfig(env *Env, source string) (*config.Config, int) {
	cfg, _, err := reports.LoadConfig(source)
	var ds diag.List
	if errors.As(err, &ds) && !ds.HasErrors() {
		err = nil
	}
	if err != nil {
		fmt.Fprintln(env.Stderr, err)
		return nil, ExitError
	}
	return cfg, ExitOK
}
