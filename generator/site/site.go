// Package site is the build: load config → load sources → compute → render →
// publish. Each phase wraps its errors with its name; the site is written
// only when every phase succeeded.
package site

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html/template"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/vitals-dev/vitals/generator/base/diag"
	"github.com/vitals-dev/vitals/generator/base/model"
	"github.com/vitals-dev/vitals/generator/compute/areas"
	"github.com/vitals-dev/vitals/generator/compute/issuestats"
	"github.com/vitals-dev/vitals/generator/compute/loader"
	"github.com/vitals-dev/vitals/generator/compute/slo"
	"github.com/vitals-dev/vitals/generator/config"
	"github.com/vitals-dev/vitals/generator/publish"
	"github.com/vitals-dev/vitals/generator/render/assets"
	"github.com/vitals-dev/vitals/generator/render/chart"
	"github.com/vitals-dev/vitals/generator/render/theme"
	"github.com/vitals-dev/vitals/generator/sources/content"
	"github.com/vitals-dev/vitals/generator/sources/metricsrc"
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
	// States are the alert states of SLOs and KPIs, for --fail-on.
	States []State
	// Notes are lines worth printing (no embedded runtime, no data, ...).
	Notes []string
	// StepSummary is Markdown for GITHUB_STEP_SUMMARY.
	StepSummary string
}

// State is one SLO's or KPI's alert state.
type State struct {
	Name  string
	Kind  string // "slo" or "kpi"
	State string // "ok", "warning", "breach"
	// Exhausted: an SLO whose rolling error budget is spent (--fail-on exhausted).
	Exhausted bool
}

// builder carries one build through its phases. Every phase reads what the
// ones before it made and nothing else:
//
//	config   site.toml, templates, static files
//	sources  the store, content/, metric exports, resources (all file reads)
//	compute  every figure, once (reports.go)
//	pages    page data and downloads, a pure function of the reports (pages.go)
//	render   templates → HTML, sitemap
//	publish  the whole site written at once, or nothing
type builder struct {
	opts  Options
	cfg   *config.Config
	specs *Specs // the metric tables' meaning
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
	series    []model.Series
	resources []resource

	reports *Reports
	site    *siteOut

	// metrics, when set, waits for the metric exports being read alongside
	// the store and takes them (waitMetrics).
	metrics func()
}

// Build runs the whole build.
func Build(ctx context.Context, o Options) (*Result, error) {
	start := time.Now()
	if o.Source == "" {
		o.Source = "."
	}
	if o.Dest == "" {
		o.Dest = filepath.Join(o.Source, "public")
	}
	b := &builder{opts: o, out: publish.New(), res: &Result{Dest: o.Dest}}
	phases := []struct {
		name string
		run  func(context.Context) error
	}{
		{"config", b.loadConfig},
		{"sources", b.loadSources},
		{"compute", b.compute},
		{"pages", b.pages},
		{"render", b.render},
	}
	defer b.waitMetrics() // a failed phase leaves no reader behind
	for _, p := range phases {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if err := p.run(ctx); err != nil {
			return b.res, fmt.Errorf("%s: %w", p.name, err)
		}
		if len(b.errs) > 0 {
			b.errs.Sort()
			return b.res, b.errs
		}
	}
	b.warns.Sort()
	b.res.Warnings = b.warns
	b.res.AsOf = b.asOf
	if !o.DryRun {
		if err := b.out.Write(ctx, o.Dest); err != nil {
			if ctx.Err() != nil {
				return nil, err // interrupted: nothing was written
			}
			return b.res, fmt.Errorf("publish: %w", err)
		}
	}
	b.res.Files = len(b.out.Paths())
	b.res.Duration = time.Since(start)
	return b.res, nil
}

func (b *builder) loadConfig(context.Context) error {
	cfg, specs, err := LoadConfig(b.opts.Source)
	var ds diag.List
	if errors.As(err, &ds) {
		b.addDiags(ds, b.rel)
	} else if err != nil {
		return err
	}
	if cfg == nil {
		return nil // a syntax error: the diagnostics say where
	}
	b.cfg, b.specs = cfg, specs
	if b.opts.BaseURL != "" {
		b.cfg.BaseURL = b.opts.BaseURL
	}
	layers, err := theme.Layers(b.opts.Source, cfg.Theme)
	if err != nil {
		return err
	}
	b.tpl, err = theme.Load(layers, funcs())
	if err != nil {
		return err
	}
	files, names, err := theme.StaticFiles(layers)
	if err != nil {
		return err
	}
	for _, n := range names {
		if err := b.out.Add(n, files[n]); err != nil {
			return err
		}
	}
	return nil
}

// rel makes a path relative to the site source for messages.
func (b *builder) rel(p string) string {
	if r, err := filepath.Rel(b.opts.Source, p); err == nil && !strings.HasPrefix(r, "..") {
		return filepath.ToSlash(r)
	}
	return p
}

func (b *builder) loadSources(context.Context) error {
	// The store's records are read in the compute phase, one repository at a
	// time as their figures are computed (loader); here only its manifest,
	// which says as of when the data is. A format-1 store is migrated first.
	if err := store.Migrate(b.cfg.StoreDir()); err != nil {
		return err
	}
	m, _, err := store.ReadManifest(b.cfg.StoreDir())
	if err != nil {
		return err
	}
	b.manifest = m
	b.asOf = m.SyncedAt
	if !b.opts.AsOf.IsZero() {
		b.asOf = b.opts.AsOf.UTC()
	}
	b.loadContent()
	if len(b.cfg.GitHub.Repos) > 0 && m.SyncedAt.IsZero() {
		b.res.Notes = append(b.res.Notes, "the store has no synced data yet: run `vitals fetch` with GITHUB_TOKEN set")
	}
	b.storeAsOf = b.asOf // before metrics may set it
	if len(b.cfg.Metrics.Sources) > 0 || len(b.cfg.SLOs) > 0 || len(b.cfg.KPIs) > 0 {
		if b.asOf.IsZero() {
			// Without synced data, metrics say when "now" is: read them first.
			series, ds := metricsrc.LoadAll(b.specs.Sources)
			if !ds.HasErrors() {
				if b.asOf = lastPoint(series); !b.asOf.IsZero() {
					b.res.Notes = append(b.res.Notes, "no store data: SLOs and KPIs are as of the last metric point, "+b.asOf.Format(time.RFC3339)+" (set --as-of to choose)")
				}
			}
			b.takeMetrics(series, ds)
		} else {
			// The metric exports and the store are independent sources: the
			// exports are read while the store is (compute waits for them
			// before any figure reads them, and takes their diagnostics then).
			done := make(chan struct{})
			var series []model.Series
			var ds diag.List
			go func() {
				defer close(done)
				series, ds = metricsrc.LoadAll(b.specs.Sources)
			}()
			b.metrics = func() {
				<-done
				b.takeMetrics(series, ds)
			}
		}
	}
	if b.asOf.IsZero() && b.content != nil {
		// No synced data nor metrics: a site of postmortems alone is as of
		// its newest one.
		b.asOf = newestPostmortem(b.content.Postmortems)
	}
	err = b.loadResources()
	if len(b.errs) > 0 {
		b.waitMetrics() // every source's errors at once
	}
	return err
}

// takeMetrics keeps the metric series read and their diagnostics.
func (b *builder) takeMetrics(series []model.Series, ds diag.List) {
	b.addDiags(ds, b.rel)
	b.series = series
	b.warns = append(b.warns, eraWarnings(b.asOf, metricSpans(b.cfg.Metrics.Sources, series))...)
}

// waitMetrics takes the metric exports read alongside the store, once.
func (b *builder) waitMetrics() {
	if f := b.metrics; f != nil {
		b.metrics = nil
		f()
	}
}

// compute makes every report. The store is read here, one repository at a
// time, its issue figures computed as each is read.
func (b *builder) compute(ctx context.Context) error {
	// Of the issues themselves, only those that postmortems' action items
	// name are looked up once the figures are computed (issueStates).
	named := map[string]bool{}
	for _, p := range b.content.Postmortems {
		for _, it := range p.ActionItems {
			named[strings.ToLower(strings.TrimSpace(it.Issue))] = true
		}
	}
	var acc *areas.Acc
	if b.cfg.HasAreas() && !b.asOf.IsZero() {
		acc = areas.NewAcc(areasSpec(b.cfg), areas.Options{AsOf: b.asOf, BugLabels: b.cfg.Issues.BugLabels, Bots: b.cfg.Issues.Bots})
	}
	// Issue SLOs and areas read every issue's first response and close:
	// taken (as facts, not the decoded issues) one repository at a time.
	var facts []slo.IssueFact
	wantFacts := (b.cfg.HasAreas() || b.cfg.HasIssueSLOs()) && len(b.cfg.GitHub.Repos) > 0 && !b.asOf.IsZero()
	if wantFacts {
		// Sized from the repositories' row counts (repo.json): growing a
		// million facts by appending copied them over and over.
		n := 0
		for _, r := range b.cfg.GitHub.Repos {
			if rows, err := store.TableRows(b.cfg.StoreDir(), r); err == nil {
				n += rows["issues"]
			}
		}
		facts = make([]slo.IssueFact, 0, n)
	}
	// Of the facts, only issue SLOs' lists (breaches, at risk) read titles
	// and URLs, and only of issues created within an SLO's window: the
	// others' are not kept (nor the decoded text they would hold on to).
	textFrom := b.asOf
	for _, s := range b.specs.SLOs {
		if from := b.asOf.Add(-s.Window); s.Issues != nil && from.Before(textFrom) {
			textFrom = from
		}
	}
	each := func(one *model.Dataset) {
		if acc != nil {
			acc.Add(one)
		}
		if wantFacts {
			n := len(facts)
			facts = append(facts, slo.FactsOf(issuestats.Times(one, b.asOf, b.cfg.Issues.Bots))...)
			for i := n; i < len(facts); i++ {
				if facts[i].Created.Before(textFrom) {
					facts[i].Title, facts[i].URL = "", ""
				}
			}
		}
	}
	ld, err := loader.Load(ctx, loader.Options{Dir: b.cfg.StoreDir(), Repos: b.cfg.GitHub.Repos, AsOf: b.asOf,
		Issues: issuestats.Options{BugLabels: b.cfg.Issues.BugLabels, Bots: b.cfg.Issues.Bots}, Quarters: len(b.cfg.GitHub.Repos) > 0 && !b.asOf.IsZero(),
		KeepIssue: func(is *model.Issue) bool { return named[strings.ToLower(is.Repo+"#"+strconv.Itoa(is.Number))] },
		// Issue SLOs and areas read every issue's first response and close;
		// areas add up their groups' figures one repository at a time.
		Each: each})
	// Metric errors stop the build before any figure is computed, as they
	// would have had the exports been read first.
	b.waitMetrics()
	if b.errs.HasErrors() {
		return nil
	}
	if err != nil {
		return err
	}
	b.repos = ld.Dataset.Repos
	b.warns = append(b.warns, eraWarnings(b.storeAsOf, repoSpans(ld.Spans))...)
	for _, r := range b.cfg.GitHub.Repos {
		if slices.Contains(ld.Missing, r) && !b.manifest.SyncedAt.IsZero() {
			b.warns = append(b.warns, diag.Diag{Path: config.FileName, Severity: diag.Warning,
				Msg: fmt.Sprintf("repo %s is configured but not in the store; run `vitals fetch`", r)})
		}
	}
	// The reports have what the pages need of the metrics: computeReports
	// holds the only reference, and drops it once the SLOs and KPIs are done.
	series := b.series
	b.series = nil
	r, errs := computeReports(computeInput{Config: b.cfg, Specs: b.specs, Store: ld, Areas: acc, Facts: facts, Content: b.content, Series: series, AsOf: b.asOf})
	b.errs = append(b.errs, errs...)
	b.reports = r
	for _, x := range r.SLOs {
		b.res.States = append(b.res.States, State{Name: x.Name, Kind: "slo", State: x.State.String(), Exhausted: x.Exhausted})
	}
	for _, x := range r.KPIs {
		b.res.States = append(b.res.States, State{Name: x.Name, Kind: "kpi", State: x.State.String()})
	}
	return nil
}

// pages makes every page's data and every download from the reports.
func (b *builder) pages(context.Context) error {
	out := buildPages(pageInput{Config: b.cfg, Content: b.content, Markdown: b.md, Reports: b.reports})
	if out.Err != nil {
		return out.Err
	}
	b.site = out
	b.errs = append(b.errs, out.Errors...)
	b.warns = append(b.warns, out.Warnings...)
	b.res.StepSummary = out.StepSummary
	for _, f := range out.Files {
		if err := b.out.Add(f.Path, f.Data); err != nil {
			return err
		}
	}
	return b.addResources()
}

// render renders every page through the templates.
func (b *builder) render(context.Context) error {
	// The pinned runtime and its licence files go with every site; pages
	// load the site's own copy unless [assets] host names another place,
	// which then must serve the same bytes (integrity).
	for _, f := range assets.EChartsFiles() {
		if err := b.out.Add("assets/"+f.Name, f.Data); err != nil {
			return err
		}
	}
	src, integrity := "", ""
	if host := b.cfg.Assets.Host; host != "" {
		src = strings.TrimSuffix(host, "/") + "/echarts.min.js"
		integrity = assets.EChartsIntegrity()
	}
	site := SiteInfo{
		Title:       b.cfg.Title,
		Description: b.cfg.Description,
		BaseURL:     b.cfg.BaseURL,
		AsOf:        b.asOf.Format(time.RFC3339),
		AsOfHuman:   b.asOf.Format("2 January 2006, 15:04 UTC"),
		Nav:         b.site.Nav,
		Sources:     b.sourcesLine(),
	}
	if b.asOf.IsZero() {
		site.AsOf, site.AsOfHuman = "", ""
	}
	// Pages are rendered on every core (templates only read their data),
	// and added in page order.
	pages := b.site.Pages
	html := make([][]byte, len(pages))
	errs := make([]error, len(pages))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(pages)) {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < len(pages); i = int(next.Add(1) - 1) {
				html[i], errs[i] = b.renderPage(pages[i], site, src, integrity)
			}
		})
	}
	wg.Wait()
	for i, p := range pages {
		if errs[i] != nil {
			return fmt.Errorf("%s: %w", p.Path, errs[i])
		}
		if err := b.out.Add(p.Path, html[i]); err != nil {
			return err
		}
		b.res.Pages++
	}
	b.res.Charts = b.site.Charts
	if b.cfg.BaseURL != "" {
		if err := b.sitemap(); err != nil {
			return err
		}
	}
	return nil
}

// renderPage renders one page through its template.
func (b *builder) renderPage(p *pageOut, site SiteInfo, src, integrity string) ([]byte, error) {
	root := strings.Repeat("../", strings.Count(p.Path, "/"))
	pi := p.Info
	pi.Path, pi.Root = p.Path, root
	if b.cfg.BaseURL != "" {
		pi.Canonical = encodeURL(strings.TrimSuffix(b.cfg.BaseURL, "/") + "/" + strings.TrimSuffix(p.Path, "index.html"))
	}
	site.EChartsSrc, site.EChartsIntegrity = src, integrity
	if site.EChartsSrc == "" {
		site.EChartsSrc = root + "assets/echarts.min.js"
	}
	var buf bytes.Buffer
	if err := b.tpl.Render(&buf, p.Kind, PageData{Site: site, Page: pi, Data: p.Data}); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func (b *builder) sourcesLine() string {
	if len(b.repos) == 0 {
		return "the site's content"
	}
	return strings.Join(b.repos, ", ")
}

func (b *builder) sitemap() error {
	var buf bytes.Buffer
	buf.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	base := strings.TrimSuffix(b.cfg.BaseURL, "/") + "/"
	for _, p := range b.site.Pages {
		buf.WriteString("  <url><loc>")
		template.HTMLEscape(&buf, []byte(encodeURL(base+strings.TrimSuffix(p.Path, "index.html"))))
		buf.WriteString("</loc></url>\n")
	}
	buf.WriteString("</urlset>\n")
	return b.out.Add("sitemap.xml", buf.Bytes())
}

// encodeURL percent-encodes what a URL may not carry as it is (spaces,
// control characters, quotes, angle brackets, non-ASCII bytes), as
// html/template normalises an href, so that base_url pasted with any of
// them gives the same URL in the canonical link, og:url (a plain
// attribute html/template does not normalise) and sitemap.xml (where a
// control character is not even XML). Valid %XX escapes are kept.
func encodeURL(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9',
			strings.IndexByte("-._~!#$&*+,/:;=?@[]", c) >= 0,
			c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			b.WriteByte(c)
		default:
			fmt.Fprintf(&b, "%%%02x", c)
		}
	}
	return b.String()
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// pageOut is a page waiting to be rendered.
type pageOut struct {
	Path   string // slash path of the output file, e.g. issues/index.html
	Kind   string // template kind
	Info   PageInfo
	Data   any
	charts []chart.Chart
}

// SiteInfo is what every template sees as .Site.
type SiteInfo struct {
	Title, Description, BaseURL string
	AsOf, AsOfHuman             string
	Nav                         []NavItem
	EChartsSrc                  string
	// EChartsIntegrity is set when EChartsSrc is on another host ([assets]
	// host): the sha384 of the pinned runtime, for the script's integrity.
	EChartsIntegrity string
	Sources          string
}

// PageInfo is what every template sees as .Page.
type PageInfo struct {
	Title       string
	Kind        string
	Section     string
	Path        string // output path
	Root        string // relative prefix back to the site root ("", "../", ...)
	Canonical   string
	Description string
	HowCounted  string
	Charts      bool
	// CountedAsOf replaces the site's "data as of" on pages whose figures
	// are counted as of another instant (quarterly reviews).
	CountedAsOf string
}

// PageData is a template's data.
type PageData struct {
	Site SiteInfo
	Page PageInfo
	Data any
}

// NavItem is one entry of the site navigation.
type NavItem struct {
	Title, Path, Section string
}
