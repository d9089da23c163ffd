package pages

import (
	"html"
	"html/template"
	"path"
	"regexp"
	"strings"

	"github.com/vitals-dev/vitals/generator/compute/premortems"
)

var (
	// riskMarkRE is a risk's "{#id}" at the end of its text, as written;
	// the group after it is what follows it, kept.
	riskMarkRE = regexp.MustCompile(`\s*\{#[A-Za-z0-9_-]+\}(\s*(?:</li>|</p>|<ul|<ol|\n|$))`)
	liRE       = regexp.MustCompile(`<li(\s[^>]*)?>`)
	tagRE      = regexp.MustCompile(`<[^>]*>`)
)

// launchRisks gives the risks written in a launch document's body their
// anchors (#risk-<id>, as on the pre-mortem page, so a postmortem's link
// to launches/<id>/#risk-x lands on the risk), drops the "{#id}" markers
// that name them (meant for the reader of the Markdown, not of the page),
// and links each to what became of it on its pre-mortem page. A risk is
// the first list item, after the one before, whose text begins with the
// risk's first sentence.
func launchRisks(body string, e *premortems.Entry, out string) string {
	if e != nil && len(e.Risks) > 0 {
		var b strings.Builder
		rest := body
		page := relPath(path.Dir(out), premortemPath(e.Premortem.ID))
		for _, k := range e.Risks {
			want := riskPrefix(k.Title)
			at := -1
			for _, loc := range liRE.FindAllStringIndex(rest, -1) {
				if want != "" && strings.HasPrefix(itemText(rest[loc[1]:]), want) && !strings.Contains(rest[loc[0]:loc[1]], " id=") {
					at = loc[0]
					break
				}
			}
			if at < 0 {
				continue
			}
			b.WriteString(rest[:at])
			rest = rest[at+len("<li"):]
			b.WriteString(`<li id="` + template.HTMLEscapeString(k.Anchor()) + `"`)
			// The link ends the item's own text: before its nested list
			// or paragraph end, or its end.
			end := len(rest)
			for _, s := range []string{"</p>", "<ul", "<ol", "</li>"} {
				if i := strings.Index(rest, s); i >= 0 && i < end {
					end = i
				}
			}
			own := riskMarkRE.ReplaceAllString(rest[:end], "$1")
			b.WriteString(strings.TrimRight(own, " \n"))
			b.WriteString(` <a class="risk-state" href="` + template.HTMLEscapeString(page+"#"+k.Anchor()) + `">pre-mortem: ` + template.HTMLEscapeString(k.State) + `</a>`)
			rest = rest[end:]
		}
		body = b.String() + rest
	}
	return riskMarkRE.ReplaceAllString(body, "$1")
}

// itemText is the plain text of a list item's HTML, without spaces.
func itemText(s string) string {
	if i := strings.Index(s, "</li>"); i >= 0 {
		s = s[:i]
	}
	return strings.Join(strings.Fields(html.UnescapeString(tagRE.ReplaceAllString(s, ""))), "")
}

// riskPrefix is the start of a risk's first sentence, without spaces as
// itemText (markup may split or join words).
func riskPrefix(title string) string {
	t := strings.Join(strings.Fields(title), "")
	if r := []rune(t); len(r) > 40 {
		t = string(r[:40])
	}
	return t
}
