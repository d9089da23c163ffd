package expdoc

import (
	"regexp"
	"strings"
)

var (
	headingRE = regexp.MustCompile(`^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$`)
	commentRE = regexp.MustCompile(`(?s)<!--.*?-->`)
	imageRE   = regexp.MustCompile(`!\[[^\]]*\]\([^)]*\)`)
	linkRE    = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`)
	// Emphasis and code marks; underscores stay (snake_case metric names).
	markRE  = regexp.MustCompile("[*`]+")
	listRE  = regexp.MustCompile(`^\s*(?:[-*+]|\d+[.)])\s+`)
	quoteRE = regexp.MustCompile(`^\s*>\s?`)
)

// maxHypothesis caps the hypothesis the log shows; the page has it all.
const maxHypothesis = 400

// hypothesis is the first paragraph under a heading that names the
// hypothesis ("## Hypothesis", "## Our hypothesis"), else the body's first
// paragraph, as plain text: what the experiments log shows.
func hypothesis(body string) string {
	body = commentRE.ReplaceAllString(body, "")
	lines := strings.Split(strings.ReplaceAll(body, "\r\n", "\n"), "\n")
	start := 0
	for i, l := range lines {
		if m := headingRE.FindStringSubmatch(l); m != nil && strings.Contains(strings.ToLower(m[2]), "hypothes") {
			start = i + 1
			break
		}
	}
	var para []string
	for _, l := range lines[start:] {
		switch {
		case headingRE.MatchString(l):
			if len(para) > 0 {
				return plain(para)
			}
			continue
		case strings.TrimSpace(l) == "":
			if len(para) > 0 {
				return plain(para)
			}
			continue
		}
		para = append(para, l)
	}
	return plain(para)
}

// plain strips the common Markdown marks from a paragraph's lines.
func plain(lines []string) string {
	for i, l := range lines {
		l = quoteRE.ReplaceAllString(listRE.ReplaceAllString(l, ""), "")
		l = imageRE.ReplaceAllString(l, "")
		l = linkRE.ReplaceAllString(l, "$1")
		lines[i] = markRE.ReplaceAllString(l, "")
	}
	s := strings.Join(strings.Fields(strings.Join(lines, " ")), " ")
	if r := []rune(s); len(r) > maxHypothesis {
		s = strings.TrimSpace(string(r[:maxHypothesis])) + "…"
	}
	return s
}
