package content

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeContent writes files (path below content/ → text) into a new site.
func writeContent(t *testing.T, files map[string]string) string {
	t.Helper()
	site := t.TempDir()
	for rel, body := range files {
		p := filepath.Join(site, "content", filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return site
}

// nested is a list nested n deep by indentation, the shape that took
// goldmark 32 s at 3,000 (issue 23).
func nested(n int) string {
	var b strings.Builder
	for i := range n {
		b.WriteString(strings.Repeat("  ", i) + "- item\n")
	}
	return b.String()
}

func TestMarkdownOverALimitIsAnErrorAtItsLineAndNotRead(t *testing.T) {
	site := writeContent(t, map[string]string{
		"postmortems/2025-01-01-deep.md":   "---\ntitle: Deep\n---\n# Deep\n\n" + nested(300),
		"postmortems/2025-01-02-quotes.md": "# Quotes\n\n" + strings.Repeat("> ", 150) + "x\n",
		"postmortems/2025-01-03-one.md":    "# One line\n\n" + strings.Repeat("- ", 150) + "x\n",
		"notes/big.md":                     "# Big\n\n" + strings.Repeat("word ", MaxMarkdownBytes/5+1),
		// Deep indentation inside fenced code is code, not nesting.
		"notes/code.md": "# Code\n\n```\n" + strings.Repeat(" ", 400) + "x\n```\n",
		"notes/fine.md": "# Fine\n\n" + nested(MaxNesting/2),
	})
	c, ds := Load(site, NewRenderer(false))
	got := strings.Join(diagStrings(errorsOf(ds)), "\n")
	want := strings.Join([]string{
		"content/notes/big.md:1: the Markdown text is 1,048,587 bytes, more than 1,048,576 (docs/limits.md)",
		// The list starts on line 6; its item 101 is 101 deep.
		"content/postmortems/2025-01-01-deep.md:106: lists and block quotes nest 101 deep here, more than 100 (docs/limits.md)",
		"content/postmortems/2025-01-02-quotes.md:3: lists and block quotes nest 150 deep here, more than 100 (docs/limits.md)",
		"content/postmortems/2025-01-03-one.md:3: lists and block quotes nest 150 deep here, more than 100 (docs/limits.md)",
	}, "\n")
	if got != want {
		t.Errorf("errors:\n%s\nwant\n%s", got, want)
	}
	if len(c.Postmortems) != 0 || pageByPath(c.Pages, "content/notes/code.md") == nil || pageByPath(c.Pages, "content/notes/fine.md") == nil {
		t.Errorf("%d postmortems read (want none), pages %d", len(c.Postmortems), len(c.Pages))
	}
}

// Release notes are text from GitHub: over a limit they are shown as plain
// text, not an error (the site cannot fix them).
func TestUntrustedMarkdownOverALimitIsShownAsPlainText(t *testing.T) {
	src := nested(300) + "<script>alert(1)</script>\n"
	d, err := NewRenderer(false).RenderDocument([]byte(src), false)
	if err != nil {
		t.Fatal(err)
	}
	h := string(d.HTML)
	if !strings.HasPrefix(h, `<p class="muted">Shown as plain text: lists and block quotes nest 101 deep here, more than 100 (docs/limits.md).</p>`) ||
		!strings.Contains(h, "<pre>- item\n  - item\n") || !strings.Contains(h, "&lt;script&gt;alert(1)&lt;/script&gt;") || strings.Contains(h, "<script>") {
		t.Errorf("got %.300q", h)
	}
}

// Issue 23: invalid UTF-8 in a postmortem body became U+FFFD with no
// warning, while the same bytes in front matter were an error.
func TestInvalidUTF8InABodyIsAWarningNamingFileAndLine(t *testing.T) {
	site := writeContent(t, map[string]string{
		"postmortems/2025-01-01-latin1.md": "---\ntitle: Latin-1\n---\n# Latin-1\n\nCaf\xe9 closed.\n\nfine\n\n\xff\n",
		"notes/page.md":                    "# Page\n\nna\xefve\n",
	})
	_, ds := Load(site, NewRenderer(false))
	got := strings.Join(diagStrings(warningsOf(ds)), "\n")
	want := "content/notes/page.md:3:3: warning: invalid UTF-8 (byte 0xef), shown as U+FFFD\n" +
		"content/postmortems/2025-01-01-latin1.md:6:4: warning: invalid UTF-8 (byte 0xe9), shown as U+FFFD; also on line 10"
	if got != want || len(errorsOf(ds)) != 0 {
		t.Errorf("warnings:\n%s\nwant\n%s\nerrors: %v", got, want, errorsOf(ds))
	}
}

// Issue 23: a 5 MB title made a 739 MB site.
func TestATitleOverTheLimitIsAnErrorAtItsLine(t *testing.T) {
	long := strings.Repeat("t", 301)
	site := writeContent(t, map[string]string{
		"postmortems/2025-01-01-long.md": "---\nseverity: SEV2\ntitle: " + long + "\n---\nbody\n",
		"notes/heading.md":               "---\ndate: 2025-01-01\n---\n# " + long + "\n",
		"notes/fine.md":                  "# " + strings.Repeat("t", 300) + "\n",
	})
	c, ds := Load(site, NewRenderer(false))
	got := strings.Join(diagStrings(errorsOf(ds)), "\n")
	want := "content/notes/heading.md:4: the title is 301 characters long, more than 300 (docs/limits.md) (from the first heading)\n" +
		"content/postmortems/2025-01-01-long.md:3:8: the title is 301 characters long, more than 300 (docs/limits.md)"
	if got != want {
		t.Errorf("errors:\n%s\nwant\n%s", got, want)
	}
	if p := pageByPath(c.Pages, "content/notes/heading.md"); p == nil || len([]rune(p.Title)) != 301 {
		t.Errorf("the long title is not cut to 300 and an ellipsis")
	}
}
