// Package pages makes a site's pages from its reports: every page's
// template data, the dashboard's cards and charts, the downloads, the
// navigation and the definitions of "How we count". It reads no file and
// computes no figure that a report already has (compute/reports); the
// build's render phase then renders the pages through the templates.
//
// The site is made of sections (Sections, in sections.go). A Section
// declares in one place the reports its pages read and the function that
// makes them:
//
//	var releasesSection = Section{
//		Name:    "releases",
//		Reports: []reports.Report{reports.Releases, reports.Incidents, reports.Policy},
//		Pages:   (*Builder).releases,
//	}
//
// The build computes the reports that its sections list (Needs), and no
// other, and then runs the sections in order (Build).
//
// To add a section:
//
//  1. Its figures: a compute package (generator/compute/<name>) and its
//     report in compute/reports (a Report, a field of Reports that Compute
//     fills), unless the reports already have them.
//  2. One file here named for the section, holding its Section value, its
//     pages' data types and the Builder method that makes them: it adds
//     pages (addPage), downloads (addFile), its navigation entry (nav1),
//     its dashboard card group (b.groups), what needs action on the
//     dashboard (needsAction) and its definitions (addDefs).
//     It reads the reports (b.rep) and the content (b.content), never
//     another section's output, and uses the shared files (pages.go,
//     cards.go, tiles.go, format.go, links.go, needsaction.go), never
//     another section's.
//  3. One entry in Sections: its place there is its place in the
//     navigation, among the dashboard's card groups and in "How we count".
//  4. A template for each page kind it makes, in themes/default/templates.
//
// TestSectionsDeclareTheReportsTheyRead (generator/site) builds each
// section alone from only the reports it lists, and fails when a section
// reads one it does not list.
package pages

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"path"
	"slices"
	"time"

	"github.com/vitals-dev/vitals/generator/base/csvout"
	"github.com/vitals-dev/vitals/generator/base/diag"
	"github.com/vitals-dev/vitals/generator/compute/incidents"
	"github.com/vitals-dev/vitals/generator/compute/reports"
	"github.com/vitals-dev/vitals/generator/config"
	"github.com/vitals-dev/vitals/generator/render/chart"
	"github.com/vitals-dev/vitals/generator/sources/content"
	"github.com/vitals-dev/vitals/generator/sources/issuesrc"
)

// Input is everything pages are made of: the site's settings, its
// content files and the reports. Making pages reads no file and computes
// no figure that a report already has.
type Input struct {
	Config *config.Config
	// Issues is where the site's issues come from (none: a site of
	// postmortems or metrics alone).
	Issues   issuesrc.Source
	Content  *content.Content
	Markdown *content.Renderer
	Reports  *reports.Reports
}

// Site is the site before rendering: pages with their data, downloads,
// navigation.
type Site struct {
	Pages []*Page
	Files []File // downloads, in the order they were made
	Nav   []NavItem
	// Charts counts the charts on every page.
	Charts int
	// StepSummary is Markdown for GITHUB_STEP_SUMMARY.
	StepSummary string
	// Errors and Warnings are problems of content files (a page path that
	// collides with one vitals makes).
	Errors, Warnings diag.List
	// Err is a failure to make a page (a chart that does not build).
	Err error
}

// File is a download.
type File struct {
	Path string
	Data []byte
}

// Builder makes the pages of one site from its reports.
type Builder struct {
	cfg     *config.Config
	source  issuesrc.Source // where the issues come from
	content *content.Content
	md      *content.Renderer
	rep     *reports.Reports
	asOf    time.Time

	// postmortemPaths maps a postmortem's source path to its page, for
	// every page that links a postmortem.
	postmortemPaths map[string]string

	// releasePages maps a release's anchor to its page of the release
	// list (releaseLink), made on first use.
	releasePages map[string]int

	out      Site
	actions  []Action // the dashboard's "Needs action" (needsaction.go)
	groups   []CardGroup
	dash     []chart.Chart
	defs     []DefSection
	homeBody template.HTML
}

// Section is one part of the site. It declares in one place the reports its
// pages read and the function that makes them, as a goldmark extension
// registers its parser and its renderer together.
type Section struct {
	// Name is the section's name in errors ("pages: releases: ...").
	Name string
	// Reports are the reports the section reads (compute/reports): the
	// build computes those that some section lists, and only those.
	Reports []reports.Report
	// Pages adds the section's pages, downloads, navigation entries,
	// dashboard cards and charts, and definitions, from the reports.
	Pages func(*Builder) error
}

// build runs the sections in order: the first that fails stops the others.
func build(in Input, run []Section) *Site {
	b := &Builder{cfg: in.Config, source: in.Issues, content: in.Content, md: in.Markdown, rep: in.Reports, asOf: in.Reports.AsOf}
	b.postmortemPaths = postmortemPaths(in.Reports.Incidents, in.Content)
	for _, s := range run {
		if err := s.Pages(b); err != nil {
			b.out.Err = fmt.Errorf("%s: %w", s.Name, err)
			break
		}
	}
	return &b.out
}

// addPage queues a page for rendering.
func (b *Builder) addPage(p *Page) {
	if p.Info.Kind == "" {
		p.Info.Kind = p.Kind
	}
	b.out.Charts += len(p.charts)
	if len(p.charts) > 0 {
		p.Info.Charts = true
	}
	b.out.Pages = append(b.out.Pages, p)
	// A chart drawn in buckets (chart.MaxPoints) has every point in a
	// download beside its page, which the chart links by its name alone.
	for _, c := range p.charts {
		if c.Full == nil || b.hasFile(path.Join(path.Dir(p.Path), c.ID+".csv")) {
			continue
		}
		if err := b.addFile(path.Join(path.Dir(p.Path), c.ID+".csv"), func(w io.Writer) error { return writeTable(w, *c.Full) }); err != nil && b.out.Err == nil {
			b.out.Err = err
		}
	}
}

// writeTable writes a chart's table as CSV: its first column is the
// period (or instant) of each row.
func writeTable(w io.Writer, t chart.Table) error {
	cols := append([]string{"period"}, t.Columns[1:]...)
	cw, err := csvout.New(w, cols...)
	if err != nil {
		return err
	}
	for _, r := range t.Rows {
		if err := cw.Row(r...); err != nil {
			return err
		}
	}
	return cw.Flush()
}

// hasPage reports whether a page is already queued at path p.
func (b *Builder) hasPage(p string) bool {
	for _, x := range b.out.Pages {
		if x.Path == p {
			return true
		}
	}
	return false
}

// hasFile reports whether a download is already queued at path p.
func (b *Builder) hasFile(p string) bool {
	for _, f := range b.out.Files {
		if f.Path == p {
			return true
		}
	}
	return false
}

// addFile adds a download.
func (b *Builder) addFile(p string, w func(io.Writer) error) error {
	var buf bytes.Buffer
	if err := w(&buf); err != nil {
		return fmt.Errorf("%s: %w", p, err)
	}
	b.out.Files = append(b.out.Files, File{Path: p, Data: buf.Bytes()})
	return nil
}

func (b *Builder) nav1(title, p, section string) {
	b.out.Nav = append(b.out.Nav, NavItem{Title: title, Path: p, Section: section})
}

func (b *Builder) addDefs(s DefSection) { b.defs = append(b.defs, s) }

// Page is a page waiting to be rendered.
type Page struct {
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

// NavGroup is a named row of the navigation.
type NavGroup struct {
	Name  string
	Items []NavItem
}

// navGroups names the group of each section's entry: how the product is
// doing, and what the team learns and decides. Other entries (How we
// count, content pages) end the first row, unnamed.
var navGroups = []struct {
	name     string
	sections []string
}{
	{"Health", []string{"dashboard", "issues", "releases", "slo", "kpis", "areas", "reviews"}},
	{"Learning", []string{"postmortems", "premortems", "launches", "experiments", "decisions", "feedback"}},
}

// NavGroups is the navigation in its groups, each in the sections' order
// (sixteen entries in one row wrap anywhere at 1400 px; two named rows
// read as two lists).
func (s SiteInfo) NavGroups() []NavGroup {
	var out []NavGroup
	used := map[int]bool{}
	for _, g := range navGroups {
		ng := NavGroup{Name: g.name}
		for i, it := range s.Nav {
			if !used[i] && slices.Contains(g.sections, it.Section) {
				ng.Items = append(ng.Items, it)
				used[i] = true
			}
		}
		if len(ng.Items) > 0 {
			out = append(out, ng)
		}
	}
	var rest NavGroup
	for i, it := range s.Nav {
		if !used[i] {
			rest.Items = append(rest.Items, it)
		}
	}
	if len(rest.Items) > 0 && len(out) > 0 {
		// After the first row, at its end: the help a reader looks for
		// at the top right.
		out = slices.Insert(out, 1, rest)
	} else if len(rest.Items) > 0 {
		out = append(out, rest)
	}
	return out
}

// postmortemPaths gives each postmortem its page, named by the slug of
// the author's id (content.Load made the slugs unique).
func postmortemPaths(ins []incidents.Incident, c *content.Content) map[string]string {
	out := map[string]string{}
	for _, p := range c.Postmortems {
		slug := p.Slug
		if slug == "" && p.Page != nil {
			slug = p.Page.Slug
		}
		out[p.Path] = "postmortems/" + slug + "/index.html"
	}
	return out
}

// DefSection is a group of definitions on the "How we count" page.
type DefSection struct {
	ID, Title string
	Items     []Def
}

// Def is one definition.
type Def struct {
	ID, Title, Text string
}
