// Package premortem reads pre-mortems: before a launch, how it could fail.
// A pre-mortem is a Markdown document under content/premortems/ (front
// matter title, launch, date), or the "Risks" section of a launch document
// (content/launches/). Its risks are the items under a heading such as
// "Risks", "How this could fail", "What could go wrong" or "Failure modes":
// list items, or the rows of a table. Each risk may say its likelihood,
// impact and mitigation ("Likelihood: high. Impact: medium. Mitigation:
// ..." in the item's text, as nested items, or as table columns) and its id
// ("id: pool-exhaustion", or a "{#pool-exhaustion}" at the end of its first
// line); without one its id is the slug of its first words. The id names
// the risk's anchor (#risk-<id>), which a postmortem links to.
package premortem

import (
	"bytes"
	"fmt"
	"html/template"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"

	"github.com/vitals-dev/vitals/generator/base/diag"
	"github.com/vitals-dev/vitals/generator/sources/content"
	"github.com/vitals-dev/vitals/generator/sources/frontmatter"
)

// Dir is where pre-mortem documents are, relative to the site source.
const Dir = "content/premortems"

// Risk is one way a launch could fail.
type Risk struct {
	ID    string // unique within its pre-mortem
	Title string // the first sentence of the item (or the table's risk cell)
	Text  string // the whole item as plain text
	// Likelihood, Impact and Mitigation as written ("" when not said).
	Likelihood, Impact, Mitigation string
	Line                           int
}

// Anchor is the risk's fragment on its page.
func (r Risk) Anchor() string { return "risk-" + r.ID }

// Mitigated: the risk names a mitigation that is not "none" or the like.
func (r Risk) Mitigated() bool {
	m := strings.ToLower(strings.TrimSpace(r.Mitigation))
	for _, no := range []string{"none", "no ", "n/a", "tbd", "-", "?", "unknown", "nothing"} {
		if m == strings.TrimSpace(no) || strings.HasPrefix(m, no) {
			return false
		}
	}
	return m != "" && m != "no"
}

// Premortem is one pre-mortem and its risks.
type Premortem struct {
	// ID names its page: the file name without .md, or the launch's id for
	// a launch document's Risks section.
	ID     string
	Title  string
	Path   string // source, relative to the site
	Launch string // the launch it is about (a launch id), "" when none
	// FromLaunch: the risks are a section of the launch document itself.
	FromLaunch bool
	Date       *time.Time
	Risks      []Risk
	Body       template.HTML // a pre-mortem document's text (nil for a launch's section)
	Summary    string
}

// headingRE matches the headings a pre-mortem's risks are under.
// A heading that is only "Pre-mortem" names them too, but not a title such
// as "Pre-mortem: bulk import".
var headingRE = regexp.MustCompile(`(?i)^((risks?|known risks|how (this|it) (could|might|can) fail|what (could|might|can) go wrong|failure (modes|scenarios)|ways (this|it) (could|might) fail)\b|pre-?mortem$)`)

var md = goldmark.New(goldmark.WithExtensions(extension.GFM))

// Risks reads the risks under the first heading that names them in a
// Markdown body whose first line is file line firstLine. path names the
// file in messages.
func Risks(path string, body []byte, firstLine int) ([]Risk, diag.List) {
	rs, ds, _, _ := risks(path, body, firstLine)
	return rs, ds
}

// risks also says where the risks' section is in body: [start, end)
// from its heading to the next heading of its level (0, 0 when none).
func risks(path string, body []byte, firstLine int) ([]Risk, diag.List, int, int) {
	root := md.Parser().Parse(text.NewReader(body))
	lineOf := lineIndex(body, firstLine)
	var out []Risk
	var ds diag.List
	level, start, end := 0, 0, 0
	for n := root.FirstChild(); n != nil; n = n.NextSibling() {
		if h, ok := n.(*ast.Heading); ok {
			if level > 0 && h.Level <= level {
				end = lineStart(body, firstOffset(h))
				break
			}
			if level == 0 && headingRE.MatchString(plain(h, body)) {
				level = h.Level
				start, end = lineStart(body, firstOffset(h)), len(body)
			}
			continue
		}
		if level == 0 {
			continue
		}
		switch n := n.(type) {
		case *ast.List:
			for it := n.FirstChild(); it != nil; it = it.NextSibling() {
				if r, ok := listRisk(it, body, lineOf); ok {
					out = append(out, r)
				}
			}
		case *east.Table:
			out = append(out, tableRisks(n, body, lineOf)...)
		}
	}
	// Ids unique within the document.
	seen := map[string]int{}
	for i := range out {
		id := out[i].ID
		if prev, dup := seen[id]; dup {
			ds = append(ds, diag.Diag{Path: path, Line: out[i].Line, Severity: diag.Warning,
				Msg: fmt.Sprintf("risk id %q is also that of the risk at line %d; this one is %q (give each an id: to keep links stable)", id, prev, id+"-2")})
			for k := 2; ; k++ {
				if _, ok := seen[fmt.Sprintf("%s-%d", id, k)]; !ok {
					out[i].ID = fmt.Sprintf("%s-%d", id, k)
					break
				}
			}
		}
		seen[out[i].ID] = out[i].Line
	}
	return out, ds, start, end
}

// lineStart is the offset of the start of the line holding off.
func lineStart(b []byte, off int) int {
	return bytes.LastIndexByte(b[:min(off, len(b))], '\n') + 1
}

// lineIndex maps a byte offset of body to its file line.
func lineIndex(body []byte, firstLine int) func(int) int {
	return func(off int) int {
		if off > len(body) {
			off = len(body)
		}
		return firstLine + bytes.Count(body[:off], []byte("\n"))
	}
}

func firstOffset(n ast.Node) int {
	for ; n != nil; n = n.FirstChild() {
		if n.Type() == ast.TypeBlock && n.Lines().Len() > 0 {
			return n.Lines().At(0).Start
		}
		if t, ok := n.(*ast.Text); ok {
			return t.Segment.Start
		}
	}
	return 0
}

var (
	// A field starts the text or follows a sentence's end: "… pool.
	// Likelihood: high. Impact: high." (not "the impact: …" in prose).
	// Bold marks around the key ("**Likelihood:** high") are markup; a value
	// that itself starts with "__" or "**" keeps it unless the key opened one.
	fieldRE = regexp.MustCompile(`(?i)(?:^|[.;,(]\s*)(\*\*|__)?\b(likelihood|probability|chance|impact|severity|mitigations?|mitigated by|id)(?:\*\*|__)?\s*:\s*(\*\*|__)?`)
	idEndRE = regexp.MustCompile(`\s*\{#([A-Za-z0-9_-]+)\}\s*$`)
)

// listRisk reads one list item: its text, with the fields said inline or
// as nested items.
func listRisk(it ast.Node, src []byte, lineOf func(int) int) (Risk, bool) {
	var own, nested []string
	for c := it.FirstChild(); c != nil; c = c.NextSibling() {
		if l, ok := c.(*ast.List); ok {
			for sub := l.FirstChild(); sub != nil; sub = sub.NextSibling() {
				nested = append(nested, plain(sub, src))
			}
			continue
		}
		own = append(own, plain(c, src))
	}
	txt := strings.TrimSpace(strings.Join(own, " "))
	if txt == "" {
		return Risk{}, false
	}
	r := Risk{Line: lineOf(firstOffset(it))}
	if m := idEndRE.FindStringSubmatch(txt); m != nil {
		r.ID = content.Slugify(m[1])
		txt = strings.TrimSpace(txt[:len(txt)-len(m[0])])
	}
	head, fields := splitFields(txt)
	for _, n := range nested {
		h, f := splitFields(n)
		if strings.TrimSpace(h) != "" && len(f) == 0 {
			head += " " + strings.TrimSpace(h) // a nested detail, not a field
		}
		for k, v := range f {
			if _, ok := fields[k]; !ok {
				fields[k] = v
			}
		}
	}
	r.Text = strings.TrimSpace(head)
	r.Title = firstSentence(r.Text)
	r.Likelihood, r.Impact, r.Mitigation = fields["likelihood"], fields["impact"], fields["mitigation"]
	if id := fields["id"]; id != "" && r.ID == "" {
		r.ID = content.Slugify(id)
	}
	if r.ID == "" {
		r.ID = idFromTitle(r.Title)
	}
	return r, true
}

// splitFields cuts "X happens. Likelihood: high. Impact: low. Mitigation: y."
// into the text before the first field and the fields.
func splitFields(s string) (string, map[string]string) {
	fields := map[string]string{}
	ms := fieldRE.FindAllStringSubmatchIndex(s, -1)
	if len(ms) == 0 {
		return s, fields
	}
	head := s[:ms[0][0]]
	for i, m := range ms {
		end := len(s)
		if i+1 < len(ms) {
			end = ms[i+1][0]
		}
		if m[2] < 0 && m[6] >= 0 {
			m[1] = m[6] // no bold before the key: the marks are the value's
		}
		key := strings.ToLower(s[m[4]:m[5]])
		switch key {
		case "probability", "chance":
			key = "likelihood"
		case "severity":
			key = "impact"
		case "mitigations", "mitigated by":
			key = "mitigation"
		}
		val := strings.TrimSpace(strings.TrimRight(strings.TrimSpace(s[m[1]:end]), ".;,"))
		if key == "id" {
			// One word; what follows is the risk's text ("id: dns. DNS lags.").
			word, rest, _ := strings.Cut(val+" ", " ")
			val = strings.TrimRight(word, ".;,:")
			head = strings.TrimSpace(head + " " + strings.TrimSpace(rest))
		}
		if _, ok := fields[key]; !ok {
			fields[key] = val
		}
	}
	return strings.TrimSpace(head), fields
}

// tableRisks reads a table whose header names a risk column (or whose first
// column is the risk) and optional likelihood, impact, mitigation and id
// columns.
func tableRisks(t *east.Table, src []byte, lineOf func(int) int) []Risk {
	var cols []string
	var out []Risk
	for row := t.FirstChild(); row != nil; row = row.NextSibling() {
		var cells []string
		for c := row.FirstChild(); c != nil; c = c.NextSibling() {
			cells = append(cells, plain(c, src))
		}
		if _, ok := row.(*east.TableHeader); ok {
			for _, c := range cells {
				k := strings.ToLower(strings.TrimSpace(c))
				switch {
				case strings.HasPrefix(k, "likelihood"), strings.HasPrefix(k, "probability"):
					k = "likelihood"
				case strings.HasPrefix(k, "impact"), strings.HasPrefix(k, "severity"):
					k = "impact"
				case strings.HasPrefix(k, "mitigation"):
					k = "mitigation"
				case k == "id":
				case strings.Contains(k, "risk"), strings.Contains(k, "fail"), strings.Contains(k, "what"):
					k = "risk"
				}
				cols = append(cols, k)
			}
			continue
		}
		r := Risk{Line: lineOf(firstOffset(row))}
		for i, c := range cells {
			k := ""
			if i < len(cols) {
				k = cols[i]
			}
			if i == 0 && !contains(cols, "risk") {
				k = "risk"
			}
			switch k {
			case "risk":
				r.Text = c
			case "likelihood":
				r.Likelihood = c
			case "impact":
				r.Impact = c
			case "mitigation":
				r.Mitigation = c
			case "id":
				r.ID = content.Slugify(c)
			}
		}
		if r.Text == "" {
			continue
		}
		if m := idEndRE.FindStringSubmatch(r.Text); m != nil {
			r.ID = content.Slugify(m[1])
			r.Text = strings.TrimSpace(r.Text[:len(r.Text)-len(m[0])])
		}
		r.Title = firstSentence(r.Text)
		if r.ID == "" {
			r.ID = idFromTitle(r.Title)
		}
		out = append(out, r)
	}
	return out
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}

// plain is a node's text, markup removed, whitespace collapsed.
func plain(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			b.Write(c.Segment.Value(src))
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(c.Value)
		case *ast.CodeSpan:
			for g := c.FirstChild(); g != nil; g = g.NextSibling() {
				if t, ok := g.(*ast.Text); ok {
					b.Write(t.Segment.Value(src))
				}
			}
			return ast.WalkSkipChildren, nil
		case *ast.AutoLink:
			b.Write(c.Label(src))
		case *ast.Paragraph, *ast.TextBlock:
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
		}
		return ast.WalkContinue, nil
	})
	return strings.Join(strings.Fields(b.String()), " ")
}

var sentenceEndRE = regexp.MustCompile(`[.!?](\s|$)`)

// firstSentence is the text up to its first full stop.
func firstSentence(s string) string {
	if loc := sentenceEndRE.FindStringIndex(s); loc != nil {
		return strings.TrimSpace(s[:loc[0]])
	}
	return strings.TrimSpace(s)
}

// idFromTitle is the slug of a risk's first six words: short enough to
// read in a link, stable while its opening words are.
func idFromTitle(title string) string {
	w := strings.Fields(title)
	if len(w) > 6 {
		w = w[:6]
	}
	if s := content.Slugify(strings.Join(w, " ")); s != "" {
		return s
	}
	return "risk"
}

// Load reads content/premortems/ under site (every .md but README.md and
// templates). Launch risks are read by FromLaunch.
func Load(site string, r *content.Renderer) ([]Premortem, diag.List) {
	dir := filepath.Join(site, filepath.FromSlash(Dir))
	var ds diag.List
	var files []string
	_ = filepath.WalkDir(dir, func(p string, e os.DirEntry, err error) error {
		if err != nil {
			if !os.IsNotExist(err) {
				ds = append(ds, diag.Diag{Path: Dir, Msg: err.Error()})
			}
			return nil
		}
		n := strings.ToLower(e.Name())
		if !e.IsDir() && strings.HasSuffix(n, ".md") && n != "readme.md" && n != "index.md" && n != "_index.md" && !content.IsTemplate(p) {
			files = append(files, p)
		}
		return nil
	})
	sort.Strings(files)
	var out []Premortem
	ids := map[string]string{}
	for _, p := range files {
		rel, _ := filepath.Rel(site, p)
		rel = filepath.ToSlash(rel)
		src, err := os.ReadFile(p)
		if err != nil {
			ds = append(ds, diag.Diag{Path: rel, Msg: err.Error()})
			continue
		}
		pm, pds := Parse(rel, src, r)
		ds = append(ds, pds...)
		if pm == nil {
			continue
		}
		if prev, dup := ids[pm.ID]; dup {
			ds = append(ds, diag.Diag{Path: rel, Msg: fmt.Sprintf("its page name %q is already that of %s; rename one of them", pm.ID, prev)})
			continue
		}
		ids[pm.ID] = rel
		out = append(out, *pm)
	}
	ds.Sort()
	return out, ds
}

// Keys are the front-matter keys of a pre-mortem document.
var Keys = []string{"title", "launch", "date", "template"}

// Parse reads one pre-mortem document (rel is its path below the site).
func Parse(rel string, src []byte, r *content.Renderer) (*Premortem, diag.List) {
	fm, body, ds := frontmatter.Parse(rel, src)
	if fm.Params["template"] == true {
		return nil, ds
	}
	below := strings.TrimPrefix(rel, Dir+"/")
	pm := &Premortem{ID: content.Slugify(strings.TrimSuffix(below, path.Ext(below))), Path: rel}
	rs, rds, start, end := risks(rel, body, fm.BodyLine)
	pm.Risks = rs
	ds = append(ds, rds...)
	// The page shows the risks as a table of their states: the text
	// around them is the body.
	rest := body
	if end > start {
		rest = append(append([]byte(nil), body[:start]...), body[end:]...)
	}
	doc, err := r.RenderDocument(rest, true)
	if err != nil {
		ds = append(ds, diag.Diag{Path: rel, Line: fm.BodyLine, Msg: "rendering Markdown: " + err.Error()})
		doc = &content.Document{}
	}
	pm.Body, pm.Summary = doc.HTML, doc.Summary
	pm.Title = doc.Title
	for _, k := range []string{"title", "launch"} {
		v, ok := fm.Params[k]
		if !ok || v == nil {
			continue
		}
		s, isStr := v.(string)
		if !isStr {
			p := fm.ValuePos(k)
			ds = append(ds, diag.Diag{Path: rel, Line: p.Line, Col: p.Col, Msg: fmt.Sprintf("%s: want text, got %v", k, v)})
			continue
		}
		s = strings.TrimSpace(s)
		if k == "title" && s != "" {
			pm.Title = s
		}
		if k == "launch" {
			pm.Launch = strings.TrimSuffix(path.Base(s), ".md")
		}
	}
	if v, ok := fm.Params["date"]; ok && v != nil {
		switch v := v.(type) {
		case time.Time:
			t := v.UTC()
			pm.Date = &t
		case string:
			if t, ok := frontmatter.ParseTime(v); ok {
				pm.Date = &t
			} else if strings.TrimSpace(v) != "" {
				p := fm.ValuePos("date")
				ds = append(ds, diag.Diag{Path: rel, Line: p.Line, Col: p.Col, Msg: fmt.Sprintf("date: %q is not a date such as 2024-03-05", v)})
			}
		}
	}
	for k := range fm.Params {
		if !contains(Keys, k) {
			p := fm.KeyPos(k)
			ds = append(ds, diag.Diag{Path: rel, Line: p.Line, Col: p.Col, Severity: diag.Warning,
				Msg: fmt.Sprintf("unknown key %q (a pre-mortem reads %s)", k, strings.Join(Keys[:3], ", "))})
		}
	}
	if pm.Title == "" {
		pm.Title = strings.TrimSuffix(path.Base(rel), path.Ext(rel))
	}
	if len(pm.Risks) == 0 {
		ds = append(ds, diag.Diag{Path: rel, Line: fm.BodyLine, Severity: diag.Warning,
			Msg: `no risks found: list them under a heading such as "## Risks" or "## How this could fail"`})
	}
	ds.Sort()
	return pm, ds
}

// FromLaunch reads the Risks section of a launch document (id is the
// launch's id, title its title); nil when it has none.
func FromLaunch(id, title, rel string, src []byte) (*Premortem, diag.List) {
	fm, body, _ := frontmatter.Parse(rel, src)
	risks, ds := Risks(rel, body, fm.BodyLine)
	if len(risks) == 0 {
		return nil, ds
	}
	return &Premortem{ID: id, Title: title, Path: rel, Launch: id, FromLaunch: true, Risks: risks}, ds
}
