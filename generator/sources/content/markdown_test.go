package content

import (
	"bytes"
	"html/template"
	"reflect"
	"strings"
	"testing"

	"github.com/vitals-dev/vitals/generator/internal/testkit/fixture"
)

func TestRenderDropsRawHTMLWhenSafe(t *testing.T) {
	src := []byte("Hello <b>world</b>\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n")
	safe, err := NewRenderer(false).Render(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"<script", "<b>", "<img", "onerror"} {
		if strings.Contains(string(safe), bad) {
			t.Errorf("safe output contains %q:\n%s", bad, safe)
		}
	}
	if !strings.Contains(string(safe), "Hello") || !strings.Contains(string(safe), "raw HTML omitted") {
		t.Errorf("safe output lost the text or the omission note:\n%s", safe)
	}
	unsafe, err := NewRenderer(true).Render(src)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(unsafe), "<b>world</b>") || !strings.Contains(string(unsafe), "<script>alert(1)</script>") {
		t.Errorf("unsafe output dropped raw HTML:\n%s", unsafe)
	}
}

func TestRenderUntrustedIsSafeEvenWhenSiteOptsIn(t *testing.T) {
	r := NewRenderer(true)
	out, err := r.RenderUntrusted([]byte("notes <script>steal()</script> [x](javascript:alert(1))\n"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(out), "<script") || strings.Contains(strings.ToLower(string(out)), "javascript:") {
		t.Errorf("untrusted text rendered unsafe:\n%s", out)
	}
}

func TestRenderDropsDangerousLinks(t *testing.T) {
	tests := []struct{ name, src string }{
		{"javascript link", "[x](javascript:alert(1))"},
		{"upper-case scheme", "[x](JavaScript:alert(1))"},
		{"entity-encoded scheme", "[x](&#106;avascript:alert(1))"},
		{"vbscript", "[x](vbscript:msgbox(1))"},
		{"data html", "[x](data:text/html;base64,PHNjcmlwdD4=)"},
		{"reference link", "[x][r]\n\n[r]: javascript:alert(1)"},
		{"autolink", "<javascript:alert(1)>"},
		{"image", "![x](javascript:alert(1))"},
		{"angle-bracket destination", "[x](<javascript:alert(1)>)"},
		{"svg data image", "![x](data:image/svg+xml;base64,PHN2Zz4=)"},
		{"footnote text link", "a[^1]\n\n[^1]: [y](javascript:alert(1))"},
	}
	r := NewRenderer(false)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, err := r.Render([]byte(tc.src))
			if err != nil {
				t.Fatal(err)
			}
			low := strings.ToLower(string(out))
			// The text may stay visible; no attribute may carry the URL.
			for _, bad := range []string{"javascript:", "vbscript:", "data:text", "data:image/svg", "&#106;avascript"} {
				if strings.Contains(low, `="`+bad) {
					t.Errorf("%q survived: %s", bad, out)
				}
			}
		})
	}
	// The site's opt-in (unsafe) keeps every URL, as goldmark's WithUnsafe
	// does; this also shows the checks above look where a URL would be.
	if out, _ := NewRenderer(true).Render([]byte(tests[0].src)); !strings.Contains(string(out), `href="javascript:alert(1)"`) {
		t.Errorf("unsafe renderer changed the link: %s", out)
	}
	// A PNG data image is allowed (goldmark's rule); ordinary and relative links stay.
	out, _ := r.Render([]byte("![p](data:image/png;base64,iVBO) [a](https://example.com/x) [b](../other.md) ![c](img/c.png)"))
	for _, want := range []string{`src="data:image/png;base64,iVBO"`, `href="https://example.com/x"`, `href="../other.md"`, `src="img/c.png"`} {
		if !strings.Contains(string(out), want) {
			t.Errorf("missing %s in %s", want, out)
		}
	}
}

func TestRenderDocumentHeadingsTitleSummary(t *testing.T) {
	src := []byte("Intro with *emphasis*, `code` and a [link](https://x.test) &amp; more\nsecond line.\n\n" +
		"# The <b>Title</b>\n\n## Timeline\n\n## Timeline\n\n### Ünïcode only ßß\n\nlater paragraph\n")
	d, err := NewRenderer(false).RenderDocument(src, true)
	if err != nil {
		t.Fatal(err)
	}
	// goldmark's ids: lowercase ASCII alphanumerics, spaces -> '-', a repeat
	// gets "-1"; a heading with no ASCII letters gets "heading".
	want := []Heading{
		{1, "the-btitleb", "The Title"},
		{2, "timeline", "Timeline"},
		{2, "timeline-1", "Timeline"},
		{3, "ncode-only-", "Ünïcode only ßß"}, // the space before ßß leaves a '-'

	}
	if !reflect.DeepEqual(d.Headings, want) {
		t.Errorf("headings %+v\nwant %+v", d.Headings, want)
	}
	if d.Title != "The Title" {
		t.Errorf("title %q", d.Title)
	}
	if d.Summary != "Intro with emphasis, code and a link & more second line." {
		t.Errorf("summary %q", d.Summary)
	}
	for _, id := range []string{`id="timeline"`, `id="timeline-1"`} {
		if !strings.Contains(string(d.HTML), id) {
			t.Errorf("HTML lacks %s", id)
		}
	}
}

func TestRenderIsDeterministic(t *testing.T) {
	src := []byte("# A\n\n## B\n\n## B\n\nText[^1].\n\n[^1]: note\n\n| a | b |\n|---|---|\n| 1 | 2 |\n")
	r := NewRenderer(false)
	first, _ := r.Render(src)
	for i := 0; i < 20; i++ {
		again, _ := r.Render(src)
		if again != first {
			t.Fatalf("render %d differs:\n%s\nvs\n%s", i, again, first)
		}
	}
	// GFM table and footnote are on.
	if !strings.Contains(string(first), "<table>") || !strings.Contains(string(first), `id="fn:1"`) {
		t.Errorf("GFM table or footnote missing:\n%s", first)
	}
}

func TestSummaryIsCutAtWordBoundary(t *testing.T) {
	long := strings.Repeat("word ", 100) // 500 characters
	d, _ := NewRenderer(false).RenderDocument([]byte(long), true)
	if n := len([]rune(d.Summary)); n > SummaryMax || !strings.HasSuffix(d.Summary, "word…") {
		t.Errorf("summary of %d runes: %q", n, d.Summary)
	}
}

func TestHostileTitleStaysText(t *testing.T) {
	dir := fixture.WriteSite(t, `
-- content/postmortems/x.md --
---
title: "<script>alert('t')</script>"
---
# <img src=x onerror=alert(1)> Heading
`)
	c, ds := Load(dir, NewRenderer(false))
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	pg := c.Pages[0]
	if pg.Title != "<script>alert('t')</script>" {
		t.Fatalf("title %q", pg.Title)
	}
	// Through html/template the title is escaped text.
	var b bytes.Buffer
	tmpl := template.Must(template.New("t").Parse(`<title>{{.Title}}</title><h1>{{.Title}}</h1><meta content="{{.Summary}}">{{.Body}}`))
	if err := tmpl.Execute(&b, pg); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "<script") || strings.Contains(b.String(), "<img") {
		t.Errorf("markup reached the page: %s", b.String())
	}
	// The heading keeps only its text; the raw <img> is omitted.
	if pg.Headings[0].Text != "Heading" {
		t.Errorf("heading text %q", pg.Headings[0].Text)
	}
}

func TestUntrustedImagesBecomeLinks(t *testing.T) {
	r := NewRenderer(true)
	src := []byte("Look: ![a graph](https://tracker.example/p.gif \"t\") and ![](https://x.example/y.png) and ![bad](javascript:alert(1))")
	h, err := r.RenderUntrusted(src)
	if err != nil {
		t.Fatal(err)
	}
	got := string(h)
	for _, want := range []string{`<a href="https://tracker.example/p.gif" title="t">a graph</a>`, `<a href="https://x.example/y.png">image</a>`} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %s in %s", want, got)
		}
	}
	if strings.Contains(got, "<img") || strings.Contains(got, "javascript:") {
		t.Errorf("untrusted text kept an image or a script link: %s", got)
	}
	// The site's own content keeps its images.
	own, _ := r.Render([]byte("![logo](img/logo.png)"))
	if !strings.Contains(string(own), `<img src="img/logo.png" alt="logo">`) {
		t.Errorf("site image lost: %s", own)
	}
}

func TestUntrustedLinksKeepOnlyWebMailAndRelativeDestinations(t *testing.T) {
	r := NewRenderer(false)
	h, _ := r.RenderUntrusted([]byte("[a](https://ok.example/) [b](mailto:x@example.com) [c](../rel#x) [d](data:image/png;base64,AAAA) [e](ftp://x) [f](#top)"))
	got := string(h)
	for _, want := range []string{`href="https://ok.example/"`, `href="mailto:x@example.com"`, `href="../rel#x"`, `href="#top"`} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %s in %s", want, got)
		}
	}
	if strings.Contains(got, "data:") || strings.Contains(got, "ftp:") {
		t.Errorf("kept a non-web destination: %s", got)
	}
}
