package content

import (
	"bytes"
	"html/template"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// SummaryMax is the longest plain-text summary, in runes (link previews and
// meta descriptions are cut near 160-300 characters anyway).
const SummaryMax = 300

// Renderer turns Markdown into HTML with goldmark, configured once: GFM
// (tables, strikethrough, task lists, autolinks), footnotes and automatic
// heading IDs. It is safe for concurrent use.
//
// Safe by default: raw HTML is omitted and links or images to javascript:,
// vbscript:, file: and data: URLs (except data:image/png, gif, jpeg, webp)
// lose their destination. NewRenderer(true) keeps raw HTML and every URL,
// but only in Render (the site's own content files): RenderUntrusted, for
// text from GitHub such as release notes, is always safe.
type Renderer struct {
	safe, site goldmark.Markdown
	unsafe     bool
}

// NewRenderer configures the Markdown pipeline once. unsafe is the site's
// opt-in ([markup] unsafe in site.toml) for its own content files.
func NewRenderer(unsafe bool) *Renderer {
	newMD := func(unsafe bool) goldmark.Markdown {
		var ropts []renderer.Option
		if unsafe {
			ropts = append(ropts, html.WithUnsafe())
		}
		return goldmark.New(
			goldmark.WithExtensions(extension.GFM, extension.Footnote),
			goldmark.WithParserOptions(parser.WithAutoHeadingID()),
			goldmark.WithRendererOptions(ropts...),
		)
	}
	r := &Renderer{safe: newMD(false), unsafe: unsafe}
	r.site = r.safe
	if unsafe {
		r.site = newMD(true)
	}
	return r
}

// Unsafe reports whether the site opted in to raw HTML in its own content.
func (r *Renderer) Unsafe() bool { return r.unsafe }

// Render renders a site content file's Markdown body: unsafe only when the
// site opted in.
func (r *Renderer) Render(src []byte) (template.HTML, error) {
	d, err := r.RenderDocument(src, true)
	if err != nil {
		return "", err
	}
	return d.HTML, nil
}

// RenderUntrusted renders text that the site does not own (GitHub release
// notes, issue bodies): always safe, whatever the site's [markup] unsafe.
func (r *Renderer) RenderUntrusted(src []byte) (template.HTML, error) {
	d, err := r.RenderDocument(src, false)
	if err != nil {
		return "", err
	}
	return d.HTML, nil
}

// Heading is a heading of a rendered document.
type Heading struct {
	Level int    // 1-6
	ID    string // the id attribute goldmark gave it (deterministic, unique in the document)
	Text  string // plain text (markup and raw HTML removed)
}

// Ref is a link or image destination written in Markdown, with the byte
// offset in the source where the destination text is found (-1 if not found).
type Ref struct {
	Dest   string
	Offset int
}

// Document is a rendered Markdown text and what was read from it.
type Document struct {
	HTML     template.HTML
	Title    string // plain text of the first level-1 heading, "" if none
	Summary  string // plain text of the first paragraph, at most SummaryMax runes
	Headings []Heading
	Images   []Ref // Markdown image destinations (not <img> in raw HTML)
	// Links are the destinations of Markdown links and autolinks, in order
	// (what a document names: a decision record, a launch's risk).
	Links []string
}

// RenderDocument renders src and extracts its headings, title, summary and
// images. trusted=false forces safe rendering. A text over a limit
// (checkLimits) is not parsed: the site's own is a *LimitError, text it
// does not own is shown as plain text.
func (r *Renderer) RenderDocument(src []byte, trusted bool) (*Document, error) {
	if le := checkLimits(src); le != nil {
		if trusted {
			return nil, le
		}
		return plainDocument(src, le), nil
	}
	md := r.safe
	if trusted {
		md = r.site
	}
	root := md.Parser().Parse(text.NewReader(src))
	if !trusted {
		imagesToLinks(root)
	}
	var buf bytes.Buffer
	if err := md.Renderer().Render(&buf, src, root); err != nil {
		return nil, err
	}
	d := &Document{HTML: template.HTML(buf.String())}
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			h := Heading{Level: n.Level, Text: plainText(n, src)}
			if id, ok := n.AttributeString("id"); ok {
				if b, ok := id.([]byte); ok {
					h.ID = string(b)
				}
			}
			if h.Level == 1 && d.Title == "" {
				d.Title = h.Text
			}
			d.Headings = append(d.Headings, h)
			return ast.WalkSkipChildren, nil
		case *ast.Paragraph:
			if d.Summary == "" {
				d.Summary = truncate(plainText(n, src), SummaryMax)
			}
		case *ast.Image:
			d.Images = append(d.Images, Ref{Dest: string(n.Destination), Offset: destOffset(n, src)})
		case *ast.Link:
			d.Links = append(d.Links, string(n.Destination))
		case *ast.AutoLink:
			d.Links = append(d.Links, string(n.URL(src)))
		}
		return ast.WalkContinue, nil
	})
	return d, nil
}

// destOffset finds the destination text of an image in the source, after
// the start of its enclosing block.
func destOffset(n *ast.Image, src []byte) int {
	from := 0
	for p := n.Parent(); p != nil; p = p.Parent() {
		if p.Type() == ast.TypeBlock && p.Lines().Len() > 0 {
			from = p.Lines().At(0).Start
			break
		}
	}
	if len(n.Destination) == 0 || from > len(src) {
		return -1
	}
	i := bytes.Index(src[from:], n.Destination)
	if i < 0 {
		return -1
	}
	return from + i
}

// plainText is the text of a node's inlines: markup and raw HTML removed,
// entities and backslash escapes resolved, whitespace collapsed.
func plainText(n ast.Node, src []byte) string {
	var b strings.Builder
	var walk func(ast.Node)
	walk = func(n ast.Node) {
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			switch c := c.(type) {
			case *ast.Text:
				v := c.Value(src)
				if !c.IsRaw() {
					v = util.ResolveEntityNames(util.ResolveNumericReferences(util.UnescapePunctuations(v)))
				}
				b.Write(v)
				if c.SoftLineBreak() || c.HardLineBreak() {
					b.WriteByte(' ')
				}
			case *ast.String:
				b.Write(c.Value)
			case *ast.AutoLink:
				b.Write(c.Label(src))
			case *ast.RawHTML:
				// markup, not text
			case *ast.Image:
				// an image is not summary text
			default:
				walk(c)
			}
		}
	}
	walk(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

// truncate cuts s to at most max runes, at a word boundary, adding "…".
func truncate(s string, max int) string {
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	rs := []rune(s)[:max-1]
	cut := string(rs)
	if i := strings.LastIndexByte(cut, ' '); i > len(cut)/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:.-") + "…"
}

// imagesToLinks turns every image of untrusted text into a link to it, so
// that opening a page never fetches from hosts that GitHub text names
// (tracking pixels, huge files); a reader can still follow the link. Links
// of untrusted text keep only web, mail and relative destinations.
func imagesToLinks(root ast.Node) {
	var imgs []*ast.Image
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Image:
			imgs = append(imgs, n)
		case *ast.Link:
			n.Destination = webDestination(n.Destination)
		}
		return ast.WalkContinue, nil
	})
	for _, img := range imgs {
		link := ast.NewLink()
		link.Destination, link.Title = webDestination(img.Destination), img.Title
		for c := img.FirstChild(); c != nil; {
			next := c.NextSibling()
			img.RemoveChild(img, c)
			link.AppendChild(link, c)
			c = next
		}
		if link.ChildCount() == 0 {
			link.AppendChild(link, ast.NewString([]byte("image")))
		}
		img.Parent().ReplaceChild(img.Parent(), img, link)
	}
}

// webDestination keeps http, https and mailto URLs and scheme-less ones
// (relative paths, #anchors); anything else becomes empty.
func webDestination(d []byte) []byte {
	s := strings.ToLower(strings.TrimSpace(string(d)))
	colon := strings.IndexByte(s, ':')
	if colon < 0 || strings.ContainsAny(s[:colon], "/?#") {
		return d
	}
	switch s[:colon] {
	case "http", "https", "mailto":
		return d
	}
	return nil
}
