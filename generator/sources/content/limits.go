package content

import (
	"bytes"
	"fmt"
	"html"
	"html/template"
	"strconv"
	"unicode/utf8"
)

// The limits on a Markdown document (docs/limits.md). goldmark's list
// parser grows faster than the square of the nesting: a list nested 1,000
// deep (1 MB) took 12 s, 3,000 deep 32 s (issue 23); at 100 it takes
// milliseconds. Real postmortems are tens of kilobytes.
const (
	// MaxMarkdownBytes is the largest Markdown body rendered.
	MaxMarkdownBytes = 1 << 20
	// MaxNesting is how deep lists and block quotes may nest.
	MaxNesting = 100
)

// LimitError is a Markdown document over a limit, at a line of the text.
type LimitError struct {
	Line int // 1-based, in the text given
	Msg  string
}

func (e *LimitError) Error() string { return e.Msg }

// checkLimits finds the first place where src goes over a limit. Nesting
// is counted per line outside fenced code: each > and list marker that
// opens the line, and each two columns of the line's indentation (a nested
// list item is indented at least two columns past its parent's marker), so
// it is at least the nesting goldmark would build.
func checkLimits(src []byte) *LimitError {
	if len(src) > MaxMarkdownBytes {
		return &LimitError{Line: 1, Msg: fmt.Sprintf("the Markdown text is %s bytes, more than %s (docs/limits.md)",
			thousands(len(src)), thousands(MaxMarkdownBytes))}
	}
	var fence []byte // the open fence's marker run, nil outside fenced code
	var over *LimitError
	eachLine(src, func(ln int, line []byte) bool {
		depth, cols, i := 0, 0, 0
		for i < len(line) {
			switch c := line[i]; {
			case c == ' ' || c == '\t':
				// The line's indentation counts; a marker's own gap does not.
				if depth == 0 && c == ' ' {
					cols++
				} else if depth == 0 {
					cols += 4 - cols%4
				}
				i++
			case c == '>':
				depth++
				i++
			case (c == '-' || c == '+' || c == '*') && (i+1 == len(line) || line[i+1] == ' ' || line[i+1] == '\t'):
				depth++
				i++
			case '0' <= c && c <= '9':
				j := i
				for j < len(line) && j-i < 9 && '0' <= line[j] && line[j] <= '9' {
					j++
				}
				if j < len(line) && (line[j] == '.' || line[j] == ')') && (j+1 == len(line) || line[j+1] == ' ' || line[j+1] == '\t') {
					depth++
					i = j + 1
					continue
				}
				goto done
			default:
				goto done
			}
		}
	done:
		rest := line[i:]
		if fence != nil {
			if bytes.HasPrefix(rest, fence) {
				fence = nil
			}
			return true
		}
		if bytes.HasPrefix(rest, []byte("```")) || bytes.HasPrefix(rest, []byte("~~~")) {
			n := 3
			for n < len(rest) && rest[n] == rest[0] {
				n++
			}
			fence = append([]byte(nil), rest[:n]...)
			return true
		}
		if d := depth + cols/2; d > MaxNesting {
			over = &LimitError{Line: ln, Msg: fmt.Sprintf("lists and block quotes nest %s deep here, more than %d (docs/limits.md)", thousands(d), MaxNesting)}
			return false
		}
		return true
	})
	return over
}

// eachLine calls f with each line of src (without its newline) and its
// number, from 1, until f returns false.
func eachLine(src []byte, f func(ln int, line []byte) bool) {
	for ln, off := 1, 0; off < len(src); ln++ {
		end := bytes.IndexByte(src[off:], '\n')
		if end < 0 {
			end = len(src) - off
		}
		if !f(ln, src[off:off+end]) {
			return
		}
		off += end + 1
	}
}

// plainDocument shows text over a limit that the site does not own as it
// is, escaped, instead of rendering it: a release's notes are still there
// to read, and cost nothing to show.
func plainDocument(src []byte, le *LimitError) *Document {
	if len(src) > MaxMarkdownBytes {
		src = src[:MaxMarkdownBytes]
		for len(src) > 0 && !utf8.Valid(src[len(src)-utf8.UTFMax:]) && len(src) > utf8.UTFMax {
			src = src[:len(src)-1]
		}
	}
	return &Document{HTML: template.HTML(`<p class="muted">Shown as plain text: ` + html.EscapeString(le.Msg) + `.</p>` +
		"\n<pre>" + html.EscapeString(string(bytes.ToValidUTF8(src, []byte("\uFFFD")))) + "</pre>\n")}
}

// thousands writes n with commas: 3,000.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// InvalidUTF8 lists the lines of src that hold bytes that are not UTF-8
// (they are shown as U+FFFD), with the first bad byte of the first one.
func InvalidUTF8(src []byte) (lines []int, col int, b byte) {
	eachLine(src, func(ln int, line []byte) bool {
		if utf8.Valid(line) {
			return true
		}
		if len(lines) == 0 {
			for i := 0; i < len(line); {
				r, n := utf8.DecodeRune(line[i:])
				if r == utf8.RuneError && n == 1 {
					col, b = utf8.RuneCount(line[:i])+1, line[i]
					break
				}
				i += n
			}
		}
		lines = append(lines, ln)
		return true
	})
	return lines, col, b
}
