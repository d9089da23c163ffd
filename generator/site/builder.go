package site

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/vitals-dev/vitals/generator/base/diag"
	"github.com/vitals-dev/vitals/generator/base/model"
	"github.com/vitals-dev/vitals/generator/base/runlock"
	"github.com/vitals-dev/vitals/generator/compute/explog"
	"github.com/vitals-dev/vitals/generator/compute/reports"
	"github.com/vitals-dev/vitals/generator/config"
	"github.com/vitals-dev/vitals/generator/publish"
	"github.com/vitals-dev/vitals/generator/render/pages"
	"github.com/vitals-dev/vitals/generator/render/theme"
	"github.com/vitals-dev/vitals/generator/sources/content"
	"github.com/vitals-dev/vitals/generator/sources/store"
)

// Options configure a build.
type Options struct {
	Source  string    // site folder
	Dest    string    // default Source/public
	AsOf    time.Time // zero: the store's sync time
	BaseURL string    // overrides site.toml base_url
	// DryRun computes and renders without writing (vitals check).
	DryRun bool
	// Lock says how to wait for another run (runlock): a build holds
	// Dest's lock from its start to its publish, so a second build into the
	// same folder waits for it or, with Lock.NoWait, is refused; and the
	// store's while it reads the store, so that a fetch does not write it
	// under the build. Lock.Log gets the lines about waiting.
	Lock runlock.Options
}

// Result says what a build made.
type Result struct {
	Dest     string
	Pages    int
	Charts   int
	Files    int
	AsOf     time.Time
	Duration time.Duration
	Warnings diag.List
	// States are the alert states of SLOs and KPIs and the states of
	// launches, for --fail-on.
	States []State
	// Notes are lines worth printing (no embedded runtime, no data, ...).
	Notes []string
	// StepSummary is Markdown for GITHUB_STEP_SUMMARY.
	StepSummary string
	// Content is what the build read of content/ (vitals check reports on
	// it rather than reading it again); nil when the build stopped before.
	Content *content.Content
}

// State is one SLO's or KPI's alert state, or a launch's state.
type State struct {
	Name string
	Kind string // "slo", "kpi" or "launch"
	// State is "ok", "no-data", "warning" or "breach" for an SLO or KPI;
	// "planned", "healthy", "complete", "rolled back" or "degraded" for a
	// launch (--fail-on degraded), whose Detail says at which stage.
	State  string
	Detail string
	// Exhausted: an SLO whose rolling error budget is spent (--fail-on exhausted).
	Exhausted bool
}

// builder carries one build through its phases. Every phase reads what the
// ones before it made and nothing else:
//
//	config   site.toml, templates, static files (loadconfig.go)
//	sources  the store, content/, metric exports, resources: all file reads (loadsources.go)
//	compute  every report the sections read, once (compute.go, compute/reports)
//	pages    page data and downloads, a pure function of the reports (render.go, render/pages)
//	render   templates → HTML, sitemap (render.go)
//	publish  the whole site written at once, or nothing (site.go)
type builder struct {
	opts  Options
	cfg   *config.Config
	specs *reports.Specs // the metric tables' meaning
	tpl   *theme.Set
	out   *publish.Site
	warns diag.List
	errs  diag.List
	res   *Result

	// sources
	manifest  store.Manifest
	storeAsOf time.Time // as_of from the store or --as-of, before metrics may set it
	repos     []string  // the store's repositories, from the compute phase on
	asOf      time.Time
	md        *content.Renderer
	content   *content.Content
	launches  []model.Launch
	learning  learningSources
	series    []model.Series
	resources []resource
	// experiments are the experiments' documents and data, once read;
	// expData, when set, waits for the data read alongside the store and
	// takes it (waitExperiments).
	experiments []explog.Input
	expData     func()

	// sections make the pages (pages.Sections); want are the reports they
	// read (nil: pages.Needs of the sections).
	sections []pages.Section
	want     []reports.Report
	reports  *reports.Reports
	site     *pages.Site

	// metrics, when set, waits for the metric exports being read alongside
	// the store and takes them (waitMetrics).
	metrics func()
	// storeLock is held from the sources phase until compute has read the
	// store.
	storeLock *runlock.Lock
}

// newBuilder starts a build of o whose pages the sections make.
func newBuilder(o Options, sections []pages.Section) *builder {
	if o.Source == "" {
		o.Source = "."
	}
	if o.Dest == "" {
		o.Dest = filepath.Join(o.Source, "public")
	}
	if o.Lock.Command == "" {
		o.Lock.Command = "vitals build"
	}
	return &builder{opts: o, out: publish.New(), res: &Result{Dest: o.Dest}, sections: sections}
}

// lockDest takes the lock of the site folder, next to it (as the
// temporary folders are), so that it outlives the folder's swap.
func lockDest(ctx context.Context, dest string, o runlock.Options) (*runlock.Lock, error) {
	return runlock.Acquire(ctx, runlock.Beside(dest), "the site folder "+dest, o)
}

// lockStore takes the store's lock while the build reads it. A store that
// is not there yet has nothing to read and is not created for a lock.
func (b *builder) lockStore(ctx context.Context) error {
	dir := b.cfg.StoreDir()
	if _, err := os.Stat(dir); err != nil {
		return nil
	}
	l, err := store.Lock(ctx, dir, b.opts.Lock)
	b.storeLock = l
	return err
}

func (b *builder) unlockStore() {
	b.storeLock.Release()
	b.storeLock = nil
}

// rel makes a path relative to the site source for messages.
func (b *builder) rel(p string) string {
	if r, err := filepath.Rel(b.opts.Source, p); err == nil && !strings.HasPrefix(r, "..") {
		return filepath.ToSlash(r)
	}
	return p
}

// take sorts diagnostics into errors and warnings.
func (b *builder) take(err error) {
	var ds diag.List
	if !errors.As(err, &ds) {
		return
	}
	b.addDiags(ds, nil)
}

// addDiags sorts diagnostics into errors and warnings, with their paths
// rewritten by path when it is not nil.
func (b *builder) addDiags(ds []diag.Diag, path func(string) string) {
	for _, d := range ds {
		if path != nil {
			d.Path = path(d.Path)
		}
		if d.Severity == diag.Warning {
			b.warns = append(b.warns, d)
		} else {
			b.errs = append(b.errs, d)
		}
	}
}

// resource is a file below content/ that the site publishes as it is.
type resource struct {
	Src, Out string // slash paths: content/img/a.png, img/a.png
	Data     []byte
}
