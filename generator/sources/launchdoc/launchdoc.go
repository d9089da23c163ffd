// Package launchdoc reads launch documents: content/launches/*.md, one
// feature-flag rollout each (METRICS.md, Launches). Front matter says the
// flag, its stages, the SLOs and KPIs it must not hurt, the releases and
// the experiment behind it; the Markdown body says what and why (and, under
// a "Risks" heading, how it could fail: read by the pre-mortem reader, left
// as Markdown here). Every problem comes back at its key's line.
//
// Decisions:
//   - A launch's id is its file name without .md, and must be a slug
//     (a-z, 0-9, '-'): it names the page, the rows of launches.csv and the
//     launch in postmortems. Files named README.md, index.md or _index.md,
//     or starting with '_' (templates), are not launches.
//   - guardrails names [[slo]] and [[kpi]] tables by name, compared
//     case-insensitively; "slo:" or "kpi:" in front picks one where an SLO
//     and a KPI share a name. Without the key every SLO guards the launch;
//     guardrails = [] means none.
//   - Unknown keys are warnings, so that keys other tools (or later vitals)
//     write do not stop a build; a misspelt known key says what it meant.
package launchdoc

import (
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/vitals-dev/vitals/generator/base/diag"
	"github.com/vitals-dev/vitals/generator/base/model"
)

// Dir holds the launch documents, relative to the site.
const Dir = "content/launches"

// ExperimentsDir holds the experiment documents a launch may name.
const ExperimentsDir = "content/experiments"

// Keys are the front-matter keys of a launch.
var Keys = []string{"title", "flag", "stages", "guardrails", "canary", "releases", "experiment"}

// StageKeys are the keys of one stage.
var StageKeys = []string{"at", "percent", "cohort"}

// Options are what a launch's names are checked against.
type Options struct {
	SLOs, KPIs []string // the site's [[slo]] and [[kpi]] names
	// Repos are [github] repos: a release's repo must be one of them, and
	// with exactly one, a release may be a bare tag.
	Repos []string
	// Experiment reports whether an experiment id names a document; nil
	// (Parse alone) checks nothing. Load looks in content/experiments.
	Experiment func(id string) bool
}

var (
	idRE   = regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`)
	repoRE = regexp.MustCompile(`^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?/[A-Za-z0-9._-]+$`)
)

// IsLaunch reports whether a file under content/launches is a launch
// document (not a folder description or a template).
func IsLaunch(rel string) bool {
	base := strings.ToLower(path.Base(rel))
	if !strings.HasSuffix(base, ".md") || strings.HasPrefix(base, "_") {
		return false
	}
	return base != "readme.md" && base != "index.md"
}

// Load reads every launch under siteDir/content/launches (not its
// sub-folders), sorted by id. A missing folder is no launches.
func Load(siteDir string, o Options) ([]model.Launch, diag.List) {
	if o.Experiment == nil {
		o.Experiment = func(id string) bool {
			st, err := os.Stat(filepath.Join(siteDir, filepath.FromSlash(ExperimentsDir), id+".md"))
			return err == nil && st.Mode().IsRegular()
		}
	}
	entries, err := os.ReadDir(filepath.Join(siteDir, filepath.FromSlash(Dir)))
	if err != nil {
		if os.IsNotExist(err) {
			return nil, nil
		}
		return nil, diag.List{{Path: Dir, Msg: err.Error()}}
	}
	var (
		out []model.Launch
		ds  diag.List
	)
	for _, e := range entries {
		rel := Dir + "/" + e.Name()
		if !e.Type().IsRegular() || !IsLaunch(rel) {
			continue
		}
		src, err := os.ReadFile(filepath.Join(siteDir, filepath.FromSlash(rel)))
		if err != nil {
			ds = append(ds, diag.Diag{Path: rel, Msg: err.Error()})
			continue
		}
		l, more := Parse(rel, src, o)
		ds = append(ds, more...)
		if !more.HasErrors() {
			out = append(out, l)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	ds.Sort()
	return out, ds
}
