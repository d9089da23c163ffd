package site

import (
	"errors"
	"fmt"
	"html/template"
	"path"
	"strings"

	"github.com/vitals-dev/vitals/generator/base/diag"
	"github.com/vitals-dev/vitals/generator/sources/content"
	"github.com/vitals-dev/vitals/generator/sources/expdoc"
)

// loadContent reads content/ once; its problems join the build's.
func (b *builder) loadContent() {
	b.md = content.NewRenderer(b.cfg.Markup.Unsafe)
	c, ds := content.Load(b.opts.Source, b.md)
	b.content = c
	b.take(ds)
	if n := len(c.MissingImages); n > 0 {
		b.res.Notes = append(b.res.Notes, fmt.Sprintf("%d relative images in content name no file; `vitals check` lists them", n))
	}
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

// PageBody is a content page's template data.
type PageBody struct {
	Body any
}

// contentPages renders content files outside postmortems: content/_index.md
// (or index.md) joins the dashboard; content/x.md becomes x/index.html and
// content/sec/y.md becomes sec/y/index.html.
func (b *pageBuilder) contentPages() error {
	for _, pg := range b.content.Pages {
		if pg.Section == "postmortems" || expdoc.IsExperiment(pg.Path) {
			continue // their sections make their pages
		}
		base := strings.TrimSuffix(path.Base(pg.Path), path.Ext(pg.Path))
		if pg.Section == "" && (strings.EqualFold(base, "_index") || strings.EqualFold(base, "index")) {
			b.homeBody = pg.Body
			continue
		}
		out := pg.Slug + "/index.html"
		if pg.Section != "" {
			out = pg.Section + "/" + out
		}
		if b.hasPage(out) || reserved(out) {
			b.out.Errors = append(b.out.Errors, diag.Diag{Path: pg.Path, Msg: "its page " + out + " collides with a page vitals makes; rename the file"})
			continue
		}
		b.addPage(&pageOut{Path: out, Kind: "page", Data: PageBody{Body: template.HTML(rebase(string(bodyWithoutTitle(pg)), pg.Path, out))},
			Info: PageInfo{Title: pg.Title, Section: pg.Section, Description: pg.Summary}})
		if pg.Section == "" {
			if t, ok := pg.Params["menu"].(string); ok && t != "" {
				b.nav1(t, out, pg.Section)
			}
		}
	}
	return nil
}

func reserved(p string) bool {
	for _, r := range []string{"issues/", "postmortems/", "releases/", "slo/", "how-we-count/", "data/", "assets/", "experiments/index.html"} {
		if strings.HasPrefix(p, r) {
			return true
		}
	}
	return false
}

// bodyWithoutTitle drops the leading <h1> of a body whose title came from
// that heading, since the page template shows the title itself.
func bodyWithoutTitle(pg *content.Page) template.HTML {
	t := strings.TrimLeft(string(pg.Body), " \n")
	end := strings.Index(t, "</h1>")
	if !strings.HasPrefix(t, "<h1") || end < 0 {
		return pg.Body
	}
	// A leading heading that says the title again (or gave it) goes.
	if pg.TitleFrom != "heading" && (len(pg.Headings) == 0 || pg.Headings[0].Level != 1 || !strings.EqualFold(strings.TrimSpace(pg.Headings[0].Text), strings.TrimSpace(pg.Title))) {
		return pg.Body
	}
	return template.HTML(strings.TrimLeft(t[end+len("</h1>"):], "\n"))
}
