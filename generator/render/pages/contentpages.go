package pages

import (
	"html/template"
	"path"
	"strings"

	"github.com/vitals-dev/vitals/generator/base/diag"
	"github.com/vitals-dev/vitals/generator/config"
	"github.com/vitals-dev/vitals/generator/sources/expdoc"
)

// contentSection: the site's own Markdown pages, and the dashboard's
// introduction (content/_index.md).
var contentSection = Section{
	Name:  "content",
	Pages: (*Builder).contentPages,
}

// PageBody is a content page's template data.
type PageBody struct {
	Body any
}

// contentPages renders content files outside postmortems: content/_index.md
// (or index.md) joins the dashboard; content/x.md becomes x/index.html and
// content/sec/y.md becomes sec/y/index.html.
func (b *Builder) contentPages() error {
	for _, pg := range b.content.Pages {
		if pg.Section == "postmortems" || pg.Section == "launches" || pg.Section == "premortems" || expdoc.IsExperiment(pg.Path) ||
			pg.Section == "decisions" && b.cfg.Decisions.Dir == config.DefaultDecisionsDir {
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
		b.addPage(&Page{Path: out, Kind: "page", Data: PageBody{Body: template.HTML(rebase(string(bodyWithoutTitle(pg)), pg.Path, out))},
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
	for _, r := range []string{"issues/", "postmortems/", "releases/", "slo/", "how-we-count/", "data/", "assets/", "feedback/", "premortems/", "decisions/", "experiments/index.html"} {
		if strings.HasPrefix(p, r) {
			return true
		}
	}
	return false
}
