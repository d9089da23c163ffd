package postmortem

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// Reading a Markdown body line by line, as the readers of this package need
// it: code and comments marked, headings and pseudo-headings, sections.

var stripLeadRE = regexp.MustCompile(`^(?:\s*(?:[-*+]|\d{1,3}[.)])\s+)?(?:\s*\[[ xX]\]\s+)?`)

// pseudoHeading reads a line that stands for a heading: "Timeline",
// "**Timeline:**", "Action Items:". ok only when the whole line is the label.
func pseudoHeading(line string) (string, bool) {
	t := strings.TrimSpace(line)
	if t == "" || len(t) > 60 || len(strings.Fields(t)) > 5 {
		return "", false
	}
	inner := strings.TrimSpace(strings.Trim(t, "*_"))
	inner = strings.TrimSpace(strings.TrimSuffix(inner, ":"))
	inner = strings.TrimSpace(strings.Trim(inner, "*_"))
	if inner == "" || strings.ContainsAny(inner, "*_`[]|#") {
		return "", false
	}
	return inner, true
}

// labelLike: a pseudo-heading is bold, ends with a colon, or is followed
// (after blank lines) by a list or table, so "see the timeline" in a
// sentence does not open a section.
func labelLike(ls []docLine, i int) bool {
	t := strings.TrimSpace(ls[i].text)
	if strings.HasPrefix(t, "**") || strings.HasPrefix(t, "__") || strings.HasSuffix(strings.TrimRight(t, "*_"), ":") {
		return true
	}
	for j := i + 1; j < len(ls); j++ {
		if strings.TrimSpace(ls[j].text) == "" {
			continue
		}
		return listItemRE.MatchString(ls[j].text) || isTableLine(ls[j].text)
	}
	return false
}

// docLine is a body line for the readers of this file: code and comments
// are skipped, block-quote markers are removed (a note "> all times in GMT"
// is the document speaking).
type docLine struct {
	text string
	n    int // file line
	skip bool
}

func docLines(body []byte, firstLine int) []docLine {
	all := strings.Split(strings.ReplaceAll(string(body), "\r\n", "\n"), "\n")
	out := make([]docLine, len(all))
	code := codeOrComment(all)
	for i, t := range all {
		out[i] = docLine{text: t, n: firstLine + i, skip: code[i]}
		if code[i] {
			continue
		}
		trim := strings.TrimSpace(t)
		for strings.HasPrefix(trim, ">") {
			trim = strings.TrimSpace(trim[1:])
			out[i].text = trim
		}
	}
	return out
}

// codeOrComment marks the lines inside fenced code (fence lines included)
// and HTML comments: text the readers of a document must not take as its
// own words. A fence may be indented (inside a list item); it closes with a
// run of the same character at least as long and nothing after it.
func codeOrComment(lines []string) []bool {
	out := make([]bool, len(lines))
	fence, inComment := "", false
	for i, t := range lines {
		trim := strings.TrimSpace(t)
		switch {
		case fence != "":
			out[i] = true
			if m := fenceRE.FindStringSubmatch(strings.TrimLeft(t, " \t")); m != nil && m[1][0] == fence[0] && len(m[1]) >= len(fence) &&
				strings.TrimSpace(strings.TrimLeft(trim, string(fence[0]))) == "" {
				fence = ""
			}
		case inComment:
			out[i] = true
			inComment = !strings.Contains(t, "-->")
		default:
			if m := fenceRE.FindStringSubmatch(strings.TrimLeft(t, " \t")); m != nil {
				fence, out[i] = m[1], true
			} else if strings.HasPrefix(trim, "<!--") {
				out[i] = true
				inComment = !strings.Contains(trim[4:], "-->")
			}
		}
	}
	return out
}

// headingAt reads a heading at line i: its text, level (1-6; a
// pseudo-heading is 7, below every real one) and how many lines it takes.
func headingAt(ls []docLine, i int) (text string, level, lines int, ok bool) {
	t := ls[i].text
	if m := atxRE.FindStringSubmatch(t); m != nil {
		lv := strings.Count(strings.SplitN(strings.TrimSpace(t), " ", 2)[0], "#")
		return strings.TrimSpace(m[1]), lv, 1, true
	}
	if strings.TrimSpace(t) != "" && i+1 < len(ls) && !ls[i+1].skip && setextRE.MatchString(ls[i+1].text) &&
		!listItemRE.MatchString(t) && !isTableLine(t) {
		lv := 2
		if strings.HasPrefix(strings.TrimSpace(ls[i+1].text), "=") {
			lv = 1
		}
		return strings.TrimSpace(t), lv, 2, true
	}
	return "", 0, 0, false
}

// section is the lines under a heading.
type section struct {
	head       string
	from, to   int // line indexes [from, to)
	headLine   int // file line of the heading
	pseudo     bool
	headingIdx int
}

// sections finds the parts of the document under headings that match, up
// to the next heading of the same or a higher level, except headings that
// within (nil: none) keeps inside (a pseudo-heading ends at the next
// heading or pseudo-heading of the same kind).
func sections(ls []docLine, match, within func(string) bool) []section {
	var out []section
	for i := 0; i < len(ls); i++ {
		if ls[i].skip {
			continue
		}
		text, level, n, ok := headingAt(ls, i)
		pseudo := false
		if !ok {
			if h, isP := pseudoHeading(ls[i].text); isP && match(h) && !listItemRE.MatchString(ls[i].text) && standalone(ls, i) && labelLike(ls, i) {
				text, level, n, ok, pseudo = h, 7, 1, true, true
			}
		}
		if !ok || !match(text) {
			continue
		}
		s := section{head: text, from: i + n, headLine: ls[i].n, pseudo: pseudo, headingIdx: i}
		j := i + n
		for ; j < len(ls); j++ {
			if ls[j].skip {
				continue
			}
			if h, lv, _, isH := headingAt(ls, j); isH && (lv <= level || pseudo) && (within == nil || !within(h)) {
				break
			}
			if pseudo {
				if h, isP := pseudoHeading(ls[j].text); isP && j > i && !listItemRE.MatchString(ls[j].text) &&
					strings.HasSuffix(strings.TrimSpace(strings.Trim(strings.TrimSpace(ls[j].text), "*_")), ":") && h != "" && match(h) {
					break
				}
			}
		}
		s.to = j
		out = append(out, s)
		i = j - 1
	}
	return out
}

// standalone: a pseudo-heading is a line of its own, not the last line of
// a sentence that happens to end in "Action items." or "Timeline:".
func standalone(ls []docLine, i int) bool {
	if i == 0 {
		return true
	}
	prev := ls[i-1]
	if prev.skip || strings.TrimSpace(prev.text) == "" {
		return true
	}
	_, _, _, isH := headingAt(ls, i-1)
	return isH
}

// plain removes Markdown markup from a line of text: list markers,
// checkboxes, emphasis, code marks, link targets, brackets around a time.
func plain(s string) string {
	if t := strings.TrimLeft(s, " \t"); t != "" && strings.ContainsRune("-*+0123456789[", rune(t[0])) {
		s = stripLeadRE.ReplaceAllString(s, "")
	}
	if strings.Contains(s, "](") {
		s = linkRE.ReplaceAllString(s, "$1")
	}
	s = strings.NewReplacer("**", "", "__", "", "`", "", "~~", "").Replace(s)
	s = stripEmphasis(s)
	return strings.TrimSpace(s)
}

// stripEmphasis drops single "_" and "*" that open or close emphasis
// ("_All times in EDT_", "*4/21/23*"), keeping those inside words
// (full_node).
func stripEmphasis(s string) string {
	if !strings.ContainsAny(s, "_*") {
		return s
	}
	b := []byte(s)
	out := b[:0:0]
	for i, c := range b {
		if c == '_' || c == '*' {
			prevWord := i > 0 && isWordByte(b[i-1])
			nextWord := i+1 < len(b) && isWordByte(b[i+1])
			if !(prevWord && nextWord) {
				continue
			}
		}
		out = append(out, c)
	}
	return string(out)
}

func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}
