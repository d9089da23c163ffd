package site

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/vitals-dev/vitals/generator/render/assets"
	"github.com/vitals-dev/vitals/generator/render/pages"
)

// pages makes every page's data and every download from the reports.
func (b *builder) pages(context.Context) error {
	out := pages.Build(pages.Input{Config: b.cfg, Issues: b.specs.Issues, Content: b.content, Markdown: b.md, Reports: b.reports}, b.sections)
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
	site := pages.SiteInfo{
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
	ps := b.site.Pages
	html := make([][]byte, len(ps))
	errs := make([]error, len(ps))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(ps)) {
		wg.Go(func() {
			// One buffer a worker, kept at its largest page: each page is
			// kept as an exact copy, not in a buffer grown by doubling.
			var buf bytes.Buffer
			for i := int(next.Add(1) - 1); i < len(ps); i = int(next.Add(1) - 1) {
				buf.Reset()
				if errs[i] = b.renderPage(&buf, ps[i], site, src, integrity); errs[i] == nil {
					html[i] = bytes.Clone(buf.Bytes())
				}
			}
		})
	}
	wg.Wait()
	for i, p := range ps {
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
func (b *builder) renderPage(buf *bytes.Buffer, p *pages.Page, site pages.SiteInfo, src, integrity string) error {
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
	return b.tpl.Render(buf, p.Kind, pages.PageData{Site: site, Page: pi, Data: p.Data})
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
