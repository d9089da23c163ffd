package site

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
	"time"

	"github.com/vitals-dev/vitals/generator/base/diag"
	"github.com/vitals-dev/vitals/generator/config"
	"github.com/vitals-dev/vitals/generator/render/chart"
	"github.com/vitals-dev/vitals/generator/sources/content"
)

// pageInput is everything pages are made of: the site's settings, its
// content files and the reports. Making pages reads no file and computes
// no figure that a report already has.
type pageInput struct {
	Config   *config.Config
	Content  *content.Content
	Markdown *content.Renderer
	Reports  *Reports
}

// siteOut is the site before rendering: pages with their data, downloads,
// navigation.
type siteOut struct {
	Pages []*pageOut
	Files []fileOut // downloads, in the order they were made
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

// fileOut is a download.
type fileOut struct {
	Path string
	Data []byte
}

// pageBuilder makes the pages of one site from its reports.
type pageBuilder struct {
	cfg     *config.Config
	content *content.Content
	md      *content.Renderer
	rep     *Reports
	asOf    time.Time

	// postmortemPaths maps a postmortem's source path to its page, for
	// every page that links a postmortem.
	postmortemPaths map[string]string

	out      siteOut
	groups   []CardGroup
	dash     []chart.Chart
	defs     []DefSection
	homeBody template.HTML
}

// section is one part of the site: it adds pages, dashboard cards and
// charts, downloads and definitions from the reports.
type section struct {
	name string
	run  func(*pageBuilder) error
}

// sectionList is every section. Sections read only the reports and the
// content, never each other's output; their order is the order of the
// navigation, of the dashboard's card groups and of "How we count".
// A new page: a section here (and a template kind in themes/default).
var sectionList = []section{
	{"issues", (*pageBuilder).issues},
	{"postmortems", (*pageBuilder).postmortems},
	{"releases", (*pageBuilder).releases},
	{"slo", (*pageBuilder).slo},
	{"areas", (*pageBuilder).areas},
	{"experiments", (*pageBuilder).experiments},
	{"content", (*pageBuilder).contentPages},
	{"reviews", (*pageBuilder).reviews},
}

// buildPages makes every page. The dashboard and "How we count", which
// gather what the sections add, come last.
func buildPages(in pageInput) *siteOut { return buildSections(in, sectionList) }

func buildSections(in pageInput, sections []section) *siteOut {
	b := &pageBuilder{cfg: in.Config, content: in.Content, md: in.Markdown, rep: in.Reports, asOf: in.Reports.AsOf}
	b.postmortemPaths = postmortemPaths(in.Reports.Incidents, in.Content)
	run := append(append([]section(nil), sections...),
		section{"how we count", (*pageBuilder).howWeCount},
		section{"dashboard", (*pageBuilder).dashboard})
	for _, s := range run {
		if err := s.run(b); err != nil {
			b.out.Err = fmt.Errorf("%s: %w", s.name, err)
			break
		}
	}
	return &b.out
}

// addPage queues a page for rendering.
func (b *pageBuilder) addPage(p *pageOut) {
	if p.Info.Kind == "" {
		p.Info.Kind = p.Kind
	}
	b.out.Charts += len(p.charts)
	if len(p.charts) > 0 {
		p.Info.Charts = true
	}
	b.out.Pages = append(b.out.Pages, p)
}

// hasPage reports whether a page is already queued at path p.
func (b *pageBuilder) hasPage(p string) bool {
	for _, x := range b.out.Pages {
		if x.Path == p {
			return true
		}
	}
	return false
}

// addFile adds a download.
func (b *pageBuilder) addFile(p string, w func(io.Writer) error) error {
	var buf bytes.Buffer
	if err := w(&buf); err != nil {
		return fmt.Errorf("%s: %w", p, err)
	}
	b.out.Files = append(b.out.Files, fileOut{Path: p, Data: buf.Bytes()})
	return nil
}

func (b *pageBuilder) nav1(title, p, section string) {
	b.out.Nav = append(b.out.Nav, NavItem{Title: title, Path: p, Section: section})
}

func (b *pageBuilder) addDefs(s DefSection) { b.defs = append(b.defs, s) }
