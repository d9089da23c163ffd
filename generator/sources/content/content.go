// Package content reads a site's Markdown content files: front matter
// (package frontmatter), the body rendered through one configured goldmark,
// and, for files under content/postmortems/, the postmortem they hold
// (package postmortem reads it from the front matter and body handed over).
// Problems of all files come back together as a diag.List, each naming
// file:line:col, errors and warnings apart.
//
// Decisions:
//   - content/data/ (the data store) and files not ending in .md are not pages.
//   - Under content/postmortems/, every .md file is a postmortem and a page,
//     except templates (named _template.md or template.md in any letter case,
//     or with "template: true" in front matter: neither page nor postmortem,
//     listed in Content.Skipped) and folder descriptions (README.md, index.md,
//     _index.md: pages only).
//   - A page's title is its front-matter title, else its first level-1
//     heading ("Title: X" gives X; a bare "Title:" heading gives the heading
//     after it; a generic first heading such as "Overview" or "Metadata"
//     does not count), else its file name without a date or number prefix.
//   - A page's date is its front-matter date, else a YYYY-MM-DD file-name
//     prefix; a postmortem's page takes the postmortem's date (see package
//     postmortem), Page.DateFrom says which.
//   - A postmortem's id is the front-matter id (must be a slug), else the
//     page slug, which is the slug of its path below content/postmortems/;
//     two ids that make one page name are an error.
//   - Relative images that name no file are listed apart
//     (Content.MissingImages), not per-file warnings of every build.
package content

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/vitals-dev/vitals/generator/base/diag"
	"github.com/vitals-dev/vitals/generator/base/model"
	"github.com/vitals-dev/vitals/generator/config"
	"github.com/vitals-dev/vitals/generator/sources/frontmatter"
	"github.com/vitals-dev/vitals/generator/sources/postmortem"
)

// Directories, relative to the site source.
const (
	ContentDir     = "content"
	DataDir        = "content/data"        // the data store: not pages
	PostmortemsDir = "content/postmortems" // every .md below is a postmortem, and every text file without an extension or with .txt or .markdown (see IsTemplate, IsIndex)
)

// Page is one Markdown content file.
type Page struct {
	Path     string // slash-separated, relative to the site: "content/postmortems/x.md"
	FileName string // the original base name, for messages: "decide is down.md"
	// Section is the first directory under content/ ("postmortems"), "" for
	// files directly in content/. Slugs are unique within a section.
	Section string
	// Slug is the URL-safe name (a-z, 0-9, '-') of the path below its
	// section without ".md": "posthog/2025-09-29-x.md" -> "posthog-2025-09-29-x".
	Slug      string
	Title     string
	TitleFrom string // "front matter", "heading" or "file name"
	Date      *time.Time
	DateFrom  string         // how Date was found (see DateFrom* constants); "" when Date is nil
	Params    map[string]any // the raw front matter; never nil
	Body      template.HTML  // the whole body, first heading included
	Summary   string         // plain text of the first paragraph (link previews, meta description)
	Headings  []Heading
	Links     []string // link destinations in the body, as written
}

// How a page's date was found; a postmortem's page takes the postmortem's
// (postmortem.DateFrom*).
const (
	DateFromFrontMatter = postmortem.DateFromFrontMatter
	DateFromFileName    = postmortem.DateFromFileName // YYYY-MM-DD prefix of the file name
)

// Postmortem is a postmortem read from content/postmortems and its page.
type Postmortem struct {
	postmortem.Postmortem
	Page *Page
}

// Models returns the model.Postmortem of each, in order (for
// postmortem.NewIndex and the incident computations).
func Models(pms []Postmortem) []model.Postmortem {
	out := make([]model.Postmortem, len(pms))
	for i, p := range pms {
		out[i] = p.Postmortem.Postmortem
	}
	return out
}

// Content is everything read from content/.
type Content struct {
	Pages       []*Page // every content file, postmortems included, sorted by Path
	Postmortems []Postmortem
	// Skipped lists postmortem templates (paths), which are neither pages nor postmortems.
	Skipped []string
	// Unknown lists the front-matter keys of postmortems that vitals does
	// not read, in file order: silent, except in vitals check --strict.
	Unknown []frontmatter.UnknownKey
	// MissingImages are warnings for relative images that name no file.
	// Collections copied without their media have many: a build sums them
	// up in one note, vitals check lists each.
	MissingImages diag.List
}

// UnknownKeyLines reports the unknown keys one line per key, naming the
// files (and lines) that use it, sorted by key.
func (c *Content) UnknownKeyLines() []string {
	by := map[string][]string{}
	for _, u := range c.Unknown {
		by[u.Key] = append(by[u.Key], fmt.Sprintf("%s:%d", u.Path, u.Line))
	}
	keys := make([]string, 0, len(by))
	for k := range by {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]string, len(keys))
	for i, k := range keys {
		files := by[k]
		n := "1 file"
		if len(files) > 1 {
			n = fmt.Sprintf("%d files", len(files))
		}
		out[i] = fmt.Sprintf("unknown postmortem key %q (not read by vitals) in %s: %s", k, n, strings.Join(files, ", "))
	}
	return out
}

// LoadPages reads every .md file under siteDir/content (and text files
// without an extension or with .txt or .markdown under content/postmortems; except
// content/data/ and postmortem templates), sorted by path. Postmortems are
// among the pages; Load also returns them as model.Postmortem.
func LoadPages(siteDir string, r *Renderer) ([]*Page, diag.List) {
	c, ds := Load(siteDir, r)
	return c.Pages, ds
}

// LoadPostmortems reads the postmortems under siteDir/content/postmortems.
func LoadPostmortems(siteDir string, r *Renderer) ([]Postmortem, diag.List) {
	c, ds := Load(siteDir, r)
	return c.Postmortems, ds
}

type rawFile struct {
	rel    string // slash path relative to the site
	src    []byte
	isPM   bool
	secRel string // path below its section
}

// Load reads all content in one pass and reports every problem found,
// sorted by path, line and column. A missing content/ directory is no
// error: the site has no pages.
func Load(siteDir string, r *Renderer) (*Content, diag.List) {
	var ds diag.List
	c := &Content{}
	root := filepath.Join(siteDir, ContentDir)
	if st, err := os.Stat(root); err != nil || !st.IsDir() {
		if err != nil && !os.IsNotExist(err) {
			ds = append(ds, diag.Diag{Path: ContentDir, Msg: err.Error()})
		}
		return c, ds
	}
	var files []rawFile
	var notMarkdown []string // files under content/postmortems that are not read
	err := filepath.WalkDir(root, func(p string, e fs.DirEntry, err error) error {
		rel, _ := filepath.Rel(siteDir, p)
		rel = filepath.ToSlash(rel)
		if err != nil {
			ds = append(ds, diag.Diag{Path: rel, Msg: err.Error()})
			if e != nil && e.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if e.IsDir() {
			if rel == DataDir {
				return fs.SkipDir
			}
			return nil
		}
		if !e.Type().IsRegular() {
			return nil
		}
		isPM := strings.HasPrefix(rel, PostmortemsDir+"/")
		// A team's postmortem folder often holds reports saved without an
		// extension, as .txt or .markdown: they are read as Markdown when
		// they are text. Anything else there is named in one warning.
		plainText := false
		if !strings.EqualFold(path.Ext(rel), ".md") {
			if !isPM || notADocument(rel) {
				return nil
			}
			if ext := strings.ToLower(path.Ext(rel)); ext != "" && ext != ".txt" && ext != ".markdown" {
				notMarkdown = append(notMarkdown, strings.TrimPrefix(rel, PostmortemsDir+"/"))
				return nil
			}
			plainText = true
		}
		if isPM && IsTemplate(rel) {
			c.Skipped = append(c.Skipped, rel)
			return nil
		}
		src, err := os.ReadFile(p)
		if err != nil {
			ds = append(ds, diag.Diag{Path: rel, Msg: err.Error()})
			return nil
		}
		if plainText && !isText(src) {
			notMarkdown = append(notMarkdown, strings.TrimPrefix(rel, PostmortemsDir+"/"))
			return nil
		}
		files = append(files, rawFile{rel: rel, src: src, isPM: isPM})
		return nil
	})
	if err != nil {
		ds = append(ds, diag.Diag{Path: ContentDir, Msg: err.Error()})
	}
	if len(notMarkdown) > 0 {
		// One line for all of them: a folder copied from another tool may
		// hold many, and each is a postmortem nobody will see counted.
		ds = append(ds, diag.Diag{Path: PostmortemsDir, Severity: diag.Warning, Msg: fmt.Sprintf(
			"%d %s not read as postmortems (neither Markdown nor plain text): %s",
			len(notMarkdown), plural(len(notMarkdown), "file is", "files are"), strings.Join(notMarkdown, ", "))})
	}
	sort.Slice(files, func(i, j int) bool { return files[i].rel < files[j].rel })

	// Slugs, unique per section.
	bySection := map[string][]string{}
	for i := range files {
		sec, below := splitSection(files[i].rel)
		files[i].secRel = below
		bySection[sec] = append(bySection[sec], below)
	}
	slugs := map[string]map[string]string{}
	for sec, rels := range bySection {
		slugs[sec] = uniqueSlugs(rels)
	}

	type idUse struct{ id, path string }
	ids := map[string]idUse{} // page slug of a postmortem id -> id and path
	for _, f := range files {
		sec, _ := splitSection(f.rel)
		fm, body, fds := frontmatter.Parse(f.rel, f.src)
		ds = append(ds, fds...)
		if f.isPM && !IsIndex(f.rel) && fm.Params["template"] == true {
			c.Skipped = append(c.Skipped, f.rel)
			continue
		}
		pg := &Page{
			Path: f.rel, FileName: path.Base(f.rel), Section: sec,
			Slug: slugs[sec][f.secRel], Params: fm.Params,
		}
		if lines, col, bad := InvalidUTF8(body); len(lines) > 0 {
			// Front matter that is not UTF-8 is an error (frontmatter); in
			// the body the bytes are shown as U+FFFD, which the author
			// should know.
			msg := fmt.Sprintf("invalid UTF-8 (byte 0x%02x), shown as U+FFFD", bad)
			if len(lines) > 1 {
				msg += fmt.Sprintf("; also on %s", lineList(lines[1:], fm.BodyLine))
			}
			ds = append(ds, diag.Diag{Path: f.rel, Line: fm.BodyLine + lines[0] - 1, Col: col, Severity: diag.Warning, Msg: msg})
		}
		doc, err := r.RenderDocument(body, true)
		var le *LimitError
		if errors.As(err, &le) {
			// Not read further: its reading is what the limit bounds.
			ds = append(ds, diag.Diag{Path: f.rel, Line: fm.BodyLine + le.Line - 1, Msg: le.Msg})
			continue
		}
		if err != nil {
			ds = append(ds, diag.Diag{Path: f.rel, Line: fm.BodyLine, Msg: "rendering Markdown: " + err.Error()})
			doc = &Document{}
		}
		pg.Body, pg.Summary, pg.Headings, pg.Links = doc.HTML, doc.Summary, doc.Headings, doc.Links
		c.MissingImages = append(c.MissingImages, checkImages(siteDir, f.rel, body, fm, doc.Images)...)

		dec := frontmatter.NewDecoder(f.rel, fm)
		if t := dec.Str("title"); t != "" {
			pg.Title, pg.TitleFrom = t, "front matter"
		} else if t := titleFromHeadings(doc.Headings); t != "" {
			pg.Title, pg.TitleFrom = t, "heading"
		} else {
			pg.Title, pg.TitleFrom = TitleFromFileName(pg.FileName), "file name"
		}
		if msg := config.TooLong("the title", pg.Title, config.MaxTitle); msg != "" {
			// A title is written on many pages; a long one is cut, and the
			// build stops until it is shortened.
			if pg.TitleFrom == "front matter" {
				dec.Errf("title", "%s", msg)
			} else {
				ds = append(ds, diag.Diag{Path: f.rel, Line: fm.BodyLine, Msg: msg + " (from the first heading)"})
			}
			pg.Title = string([]rune(pg.Title)[:config.MaxTitle]) + "…"
		}

		if f.isPM && !IsIndex(f.rel) {
			pm := Postmortem{Page: pg, Postmortem: postmortem.Read(dec, postmortem.Doc{
				Path: pg.Path, FileName: pg.FileName, Slug: pg.Slug, Title: pg.Title}, body)}
			pg.Date, pg.DateFrom = pm.Date, pm.DateFrom
			// The page is named by the slug of the author's id; two ids
			// with one slug would share a page.
			pm.Slug = Slugify(pm.ID)
			if pm.Slug == "" {
				pm.Slug = pg.Slug
			}
			if prev, dup := ids[pm.Slug]; dup {
				if prev.id == pm.ID {
					dec.Errf("id", "id %q is already used by %s; ids must be unique", pm.ID, prev.path)
				} else {
					dec.Errf("id", "id %q and id %q of %s both make the page name %q; change one of them", pm.ID, prev.id, prev.path, pm.Slug)
				}
			} else {
				ids[pm.Slug] = idUse{pm.ID, f.rel}
			}
			c.Postmortems = append(c.Postmortems, pm)
		} else {
			if v, ok := fm.Params["date"]; ok {
				if t, ok := dec.Time("date", v); ok && t != nil {
					pg.Date, pg.DateFrom = t, DateFromFrontMatter
				}
			}
			if pg.Date == nil {
				if t := frontmatter.FileNameDate(pg.FileName); t != nil {
					pg.Date, pg.DateFrom = t, DateFromFileName
				}
			}
		}
		ds = append(ds, dec.Diags...)
		c.Unknown = append(c.Unknown, dec.Unknown...)
		c.Pages = append(c.Pages, pg)
	}
	sort.Strings(c.Skipped)
	ds.Sort()
	return c, ds
}

// notADocument: files that sit beside postmortems and are not reports:
// hidden files, images and other media, data and configuration files,
// licences.
func notADocument(rel string) bool {
	base := path.Base(rel)
	if strings.HasPrefix(base, ".") || strings.Contains(rel, "/.") {
		return true // hidden, or in a hidden folder (.idea/, .github/)
	}
	switch strings.ToLower(path.Ext(base)) {
	case ".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".ico", ".bmp", ".avif", ".mp4", ".webm", ".mov", ".pdf",
		".yml", ".yaml", ".json", ".toml", ".csv", ".tsv", ".xml", ".lock", ".drawio", ".excalidraw":
		return true
	}
	switch strings.ToUpper(strings.TrimSuffix(base, path.Ext(base))) {
	case "LICENSE", "LICENCE", "COPYING", "NOTICE", "CODEOWNERS", "AUTHORS", "OWNERS", "MAKEFILE", "DOCKERFILE":
		return true
	}
	return false
}

// isText: UTF-8 without NUL bytes (a binary file with no extension is not
// a report).
func isText(b []byte) bool {
	return utf8.Valid(b) && bytes.IndexByte(b, 0) < 0
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// lineList names body lines as file lines: "line 12", "lines 12, 14 and 3
// more".
func lineList(lines []int, bodyLine int) string {
	var names []string
	for i, l := range lines {
		if i == 3 {
			names = append(names, fmt.Sprintf("%d more", len(lines)-3))
			break
		}
		names = append(names, strconv.Itoa(bodyLine+l-1))
	}
	if len(names) == 1 {
		return "line " + names[0]
	}
	return "lines " + strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// splitSection splits "content/a/b/c.md" into "a" and "b/c.md", and
// "content/c.md" into "" and "c.md".
func splitSection(rel string) (section, below string) {
	below = strings.TrimPrefix(rel, ContentDir+"/")
	if i := strings.IndexByte(below, '/'); i >= 0 {
		return below[:i], below[i+1:]
	}
	return "", below
}

// IsTemplate reports whether a postmortem file is a template for authors
// rather than a postmortem: its base name is "_template.md" or
// "template.md", in any letter case (TEMPLATE.md), or the word template
// with only placeholders beside it ("PMyyyy-nnn - Postmortem template.md"). A file whose front
// matter says template: true is skipped too.
func IsTemplate(rel string) bool {
	name := strings.ToLower(path.Base(rel))
	switch name {
	case "_template.md", "template.md":
		return true
	}
	// "PMyyyy-nnn - Postmortem template.md", "00-template.md": the word
	// template and nothing but placeholders, numbers and the word
	// postmortem besides.
	stem := strings.TrimSuffix(name, path.Ext(name))
	if !templateWordRE.MatchString(stem) {
		return false
	}
	rest := templateFillerRE.ReplaceAllString(stem, "")
	return strings.Trim(rest, " -_.") == ""
}

var (
	templateWordRE   = regexp.MustCompile(`(?:^|[-_ .])template(?:[-_ .]|$)`)
	templateFillerRE = regexp.MustCompile(`template|post-?mortems?|incidents?|reports?|pm|y{2,4}|m{2}|d{2}|n{2,4}|x{2,4}|\d+|[-_ .]`)
)

// IsIndex reports whether a file under content/postmortems is the
// description of a folder (README.md, index.md, _index.md, any letter
// case): it is a page, not a postmortem.
func IsIndex(rel string) bool {
	name := strings.ToLower(path.Base(rel))
	switch ext := path.Ext(name); ext {
	case ".md", ".markdown", ".txt", "":
		switch strings.TrimSuffix(name, ext) {
		case "readme", "index", "_index":
			return true
		}
	}
	return false
}

// Headings that name a section of a report, not the report: a document
// whose first level-1 heading is one of these takes its title from its
// file name instead.
var genericHeadings = map[string]bool{
	"metadata": true, "overview": true, "summary": true, "title": true,
	"contents": true, "table of contents": true, "introduction": true,
}

var titleLabelRE = regexp.MustCompile(`(?i)^title\s*:\s*`)

// titleFromHeadings takes the first level-1 heading. "Title: X" gives X; a
// bare "Title:" heading gives the heading after it (an author's label
// followed by the title); a generic section name gives "".
func titleFromHeadings(hs []Heading) string {
	for i, h := range hs {
		if h.Level != 1 {
			continue
		}
		t := strings.TrimSpace(titleLabelRE.ReplaceAllString(h.Text, ""))
		if t == "" && titleLabelRE.MatchString(h.Text) && i+1 < len(hs) {
			return hs[i+1].Text
		}
		if genericHeadings[strings.ToLower(strings.TrimRight(t, ":"))] {
			return ""
		}
		return t
	}
	return ""
}

var (
	datePrefixRE = regexp.MustCompile(`^(\d{4}-\d{2}-\d{2})(?:[-_ .]|$)`)
	numPrefixRE  = regexp.MustCompile(`^\d+[-_ .]+`)
)

// TitleFromFileName is a title made of a file name: "2024-02-28-decide is down.md" -> "Decide is down",
// "002-cloudflare-migration.md" -> "Cloudflare migration".
func TitleFromFileName(name string) string {
	s := strings.TrimSuffix(name, path.Ext(name))
	if m := datePrefixRE.FindString(s); m != "" && len(m) < len(s) {
		s = s[len(m):]
	} else if m := numPrefixRE.FindString(s); m != "" && len(m) < len(s) {
		s = s[len(m):]
	}
	s = strings.Join(strings.Fields(strings.NewReplacer("-", " ", "_", " ").Replace(s)), " ")
	if s == "" {
		return name
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// checkImages warns about Markdown images with a relative destination that
// names no file (resolved against the content file's directory). Remote
// URLs, site-absolute paths ("/img/x.png") and fragments are not checked.
func checkImages(siteDir, rel string, body []byte, fm *frontmatter.FrontMatter, imgs []Ref) diag.List {
	var ds diag.List
	for _, im := range imgs {
		d := im.Dest
		if d == "" || strings.HasPrefix(d, "/") || strings.HasPrefix(d, "#") || hasScheme(d) {
			continue
		}
		if i := strings.IndexAny(d, "?#"); i >= 0 {
			d = d[:i]
		}
		target := path.Join(path.Dir(rel), d)
		if _, err := os.Stat(filepath.Join(siteDir, filepath.FromSlash(target))); err == nil {
			continue
		}
		p := bodyPos(body, im.Offset, fm)
		ds = append(ds, diag.Diag{Path: rel, Line: p.Line, Col: p.Col, Severity: diag.Warning,
			Msg: fmt.Sprintf("image %q not found (looked for %s)", im.Dest, target)})
	}
	return ds
}

var schemeRE = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]*:`)

func hasScheme(s string) bool { return schemeRE.MatchString(s) }

// bodyPos maps a byte offset in the body to a file position.
func bodyPos(body []byte, off int, fm *frontmatter.FrontMatter) frontmatter.Pos {
	if off < 0 || off > len(body) {
		return frontmatter.Pos{Line: fm.BodyLine}
	}
	line, col := fm.BodyLine, 1
	for _, b := range body[:off] {
		if b == '\n' {
			line++
			col = 1
		} else {
			col++
		}
	}
	return frontmatter.Pos{Line: line, Col: col}
}

// ReadReport says, per postmortem, which values were read from the text
// (with their lines) and which are missing, for vitals check: one line
// each, in path order; with verbose, each value read and each line that
// states a time the reader could not place follow, indented.
func (c *Content) ReadReport(verbose bool) []string {
	var out []string
	for _, p := range c.Postmortems {
		out = append(out, p.ReadLine())
		for _, l := range p.Hints() {
			out = append(out, "  hint: "+l)
		}
		if verbose {
			for _, l := range p.Provenance() {
				out = append(out, "  "+l)
			}
		}
	}
	return out
}
