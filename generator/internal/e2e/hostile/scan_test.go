package hostile

import (
	"encoding/json"
	"fmt"
	"html"
	"regexp"
	"strings"
)

// The pages are scanned by a strict reader of what html/template and
// goldmark write: every '<' starts a tag, a closing tag, a comment or the
// doctype (data text has its '<' escaped, so a bare one is markup that came
// from data), and every attribute value is double-quoted. Anything else is
// reported as a problem rather than guessed at.

type attr struct {
	Name  string // lower case
	Value string // entities decoded
}

type elem struct {
	Name  string // lower case
	Attrs []attr
	Line  int
	Body  string // raw content of <script>, <style> and <noscript>
}

func (e elem) attr(name string) (string, bool) {
	for _, a := range e.Attrs {
		if a.Name == name {
			return a.Value, true
		}
	}
	return "", false
}

// page is a scanned HTML file.
type page struct {
	Elems []elem
	// Text is the decoded text between tags, segments joined by "\n".
	Text string
	// Title is the decoded text of <title>.
	Title string
}

var (
	tagName  = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9-]*`)
	attrName = regexp.MustCompile(`^[^\s"'>/=<]+`)
)

// scanHTML reads s strictly; the error says where it stopped making sense.
func scanHTML(s string) (*page, error) {
	p := &page{}
	var text []string
	line := func(i int) int { return 1 + strings.Count(s[:i], "\n") }
	inTitle := false
	i := 0
	for i < len(s) {
		j := strings.IndexByte(s[i:], '<')
		if j < 0 {
			j = len(s) - i
		}
		if seg := s[i : i+j]; seg != "" {
			if k := strings.IndexByte(seg, '>'); k >= 0 {
				return nil, fmt.Errorf("line %d: a bare '>' in text: %q", line(i+k), around(s, i+k))
			}
			t := html.UnescapeString(seg)
			text = append(text, t)
			if inTitle {
				p.Title += t
			}
		}
		i += j
		if i >= len(s) {
			break
		}
		rest := s[i:]
		switch {
		case strings.HasPrefix(rest, "<!--"):
			k := strings.Index(rest, "-->")
			if k < 0 {
				return nil, fmt.Errorf("line %d: unclosed comment", line(i))
			}
			i += k + 3
			continue
		case strings.HasPrefix(rest, "<!DOCTYPE html>"):
			i += len("<!DOCTYPE html>")
			continue
		case strings.HasPrefix(rest, "</"):
			n := tagName.FindString(rest[2:])
			if n == "" || !strings.HasPrefix(rest[2+len(n):], ">") {
				return nil, fmt.Errorf("line %d: malformed closing tag %q", line(i), around(s, i))
			}
			if strings.EqualFold(n, "title") {
				inTitle = false
			}
			i += 2 + len(n) + 1
			continue
		}
		n := tagName.FindString(rest[1:])
		if n == "" {
			return nil, fmt.Errorf("line %d: a '<' that starts no tag: %q", line(i), around(s, i))
		}
		e := elem{Name: strings.ToLower(n), Line: line(i)}
		k := i + 1 + len(n)
		for {
			for k < len(s) && strings.ContainsRune(" \t\n\r", rune(s[k])) {
				k++
			}
			if k >= len(s) {
				return nil, fmt.Errorf("line %d: unclosed <%s>", e.Line, n)
			}
			if s[k] == '>' {
				k++
				break
			}
			if strings.HasPrefix(s[k:], "/>") {
				k += 2
				break
			}
			an := attrName.FindString(s[k:])
			if an == "" {
				return nil, fmt.Errorf("line %d: <%s>: cannot read an attribute at %q", line(k), n, around(s, k))
			}
			k += len(an)
			a := attr{Name: strings.ToLower(an)}
			if k < len(s) && s[k] == '=' {
				k++
				if k >= len(s) || s[k] != '"' {
					return nil, fmt.Errorf("line %d: <%s %s=...> value not double-quoted: %q", line(k), n, an, around(s, k))
				}
				end := strings.IndexByte(s[k+1:], '"')
				if end < 0 {
					return nil, fmt.Errorf("line %d: <%s %s=...> value never closed", line(k), n, an)
				}
				raw := s[k+1 : k+1+end]
				if strings.ContainsAny(raw, "<>") {
					return nil, fmt.Errorf("line %d: <%s %s=...> value holds a raw '<' or '>': %q", line(k), n, an, raw)
				}
				a.Value = html.UnescapeString(raw)
				k += end + 2
			}
			e.Attrs = append(e.Attrs, a)
		}
		if e.Name == "script" || e.Name == "style" || e.Name == "noscript" {
			end := strings.Index(strings.ToLower(s[k:]), "</"+e.Name+">")
			if end < 0 {
				return nil, fmt.Errorf("line %d: <%s> never closed", e.Line, e.Name)
			}
			e.Body = s[k : k+end]
			k += end + len("</"+e.Name+">")
		}
		if e.Name == "title" {
			inTitle = true
		}
		p.Elems = append(p.Elems, e)
		i = k
	}
	p.Text = strings.Join(text, "\n")
	return p, nil
}

func around(s string, i int) string {
	a, b := max(0, i-40), min(len(s), i+60)
	return s[a:b]
}

// Elements and attributes a vitals page never needs; any of them came from data.
var (
	forbiddenElems = map[string]bool{
		"iframe": true, "frame": true, "frameset": true, "object": true, "embed": true, "applet": true,
		"svg": true, "math": true, "base": true, "style": true, "textarea": true,
		"template": true, "portal": true, "noscript": true,
	}
	// chartNoscript is the one <noscript> vitals writes: the theme's fixed
	// sentence on every chart, no data in it.
	chartNoscript = `<p class="chart-noscript">The chart needs JavaScript, which is off here: its numbers are under “Numbers behind this chart” below.</p>`
	urlAttrs      = map[string]bool{
		"href": true, "src": true, "action": true, "formaction": true, "xlink:href": true, "poster": true,
		"data": true, "background": true, "cite": true, "srcset": true, "ping": true, "longdesc": true,
	}
	scriptScheme = regexp.MustCompile(`^(javascript|vbscript|data|livescript|file):`)
	rasterData   = regexp.MustCompile(`^data:image/(png|gif|jpeg|webp);base64,[A-Za-z0-9+/=]+$`)
)

// ownSVG reports whether an <svg> is the kind vitals draws itself: an
// experiment's interval bar, with only these attributes (its children are
// line, rect and circle, whose attributes the checks below see like any).
func ownSVG(e elem) bool {
	allowed := map[string]bool{"class": true, "width": true, "height": true, "role": true, "aria-label": true}
	for _, a := range e.Attrs {
		if !allowed[a.Name] {
			return false
		}
	}
	c, _ := e.attr("class")
	return strings.HasPrefix(c, "exp-bar ")
}

// urlScheme is what a browser sees as the scheme: it drops ASCII control
// characters and spaces before and tabs and newlines inside.
func urlScheme(v string) string {
	v = strings.TrimLeft(v, "\x00\x01\x02\x03\x04\x05\x06\x07\x08\t\n\x0b\x0c\r\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ")
	v = strings.NewReplacer("\t", "", "\n", "", "\r", "").Replace(v)
	return strings.ToLower(v)
}

// checkElems lists the markup problems of a scanned page: elements and
// attributes that only data could have put there, script URLs, scripts that
// are not the site's own files, and chart options that do not parse or are
// not inert.
func checkElems(p *page, root string) []string {
	var probs []string
	bad := func(e elem, format string, args ...any) {
		probs = append(probs, fmt.Sprintf("line %d <%s>: %s", e.Line, e.Name, fmt.Sprintf(format, args...)))
	}
	for _, e := range p.Elems {
		if e.Name == "noscript" && e.Body == chartNoscript {
			continue
		}
		if e.Name == "svg" && ownSVG(e) {
			continue
		}
		if forbiddenElems[e.Name] {
			bad(e, "element never written by vitals")
		}
		switch e.Name {
		case "script":
			src, _ := e.attr("src")
			if strings.TrimSpace(e.Body) != "" {
				bad(e, "inline script %q", e.Body)
			}
			if src != root+"assets/echarts.min.js" && src != root+"assets/vitals.js" {
				bad(e, "script from %q", src)
			}
		case "meta":
			if v, ok := e.attr("http-equiv"); ok {
				bad(e, "http-equiv %q", v)
			}
		}
		for _, a := range e.Attrs {
			switch {
			case strings.HasPrefix(a.Name, "on"):
				bad(e, "event handler %s=%q", a.Name, a.Value)
			case a.Name == "style":
				bad(e, "inline style %q", a.Value)
			case a.Name == "srcdoc":
				bad(e, "srcdoc")
			case e.Name == "img" && a.Name == "src" && rasterData.MatchString(a.Value):
				// a raster data: image cannot run script (goldmark keeps these)
			case urlAttrs[a.Name] && scriptScheme.MatchString(urlScheme(a.Value)):
				bad(e, "%s=%q is a script or data URL", a.Name, a.Value)
			case a.Name == "data-option":
				probs = append(probs, checkOption(e, a.Value)...)
			}
		}
	}
	return probs
}

// checkOption parses a chart option and walks it: no string may hold
// go-echarts' "__f__" function marker intact, and no formatter may be set
// (an ECharts string formatter is an HTML template that does not escape).
func checkOption(e elem, v string) []string {
	var opt any
	if err := json.Unmarshal([]byte(v), &opt); err != nil {
		return []string{fmt.Sprintf("line %d: data-option is not JSON: %v", e.Line, err)}
	}
	var probs []string
	var walk func(path string, x any)
	walk = func(path string, x any) {
		switch x := x.(type) {
		case string:
			if strings.Contains(x, "__f__") {
				probs = append(probs, fmt.Sprintf("line %d: option %s holds the go-echarts function marker intact: %q", e.Line, path, x))
			}
		case []any:
			for i, y := range x {
				walk(fmt.Sprintf("%s[%d]", path, i), y)
			}
		case map[string]any:
			for k, y := range x {
				if k == "formatter" {
					probs = append(probs, fmt.Sprintf("line %d: option %s sets a formatter", e.Line, path+"."+k))
				}
				walk(path+"."+k, y)
			}
		}
	}
	walk("", opt)
	return probs
}
