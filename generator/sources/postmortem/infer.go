package postmortem

import (
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// Inferring postmortem fields from the body.
//
// Postmortems written in their authors' own formats carry no front matter,
// yet many state a severity or status as a labelled field near the top. The
// extractor reads only such labelled fields, never free prose:
//
//   - Where: the first InferLines lines of the body, outside fenced and
//     indented code, HTML comments and block quotes (quotes and examples are
//     not the document's own fields).
//   - Forms, for a label L (matched whole, any letter case, see inferLabels):
//     a line "L: value", "**L:** value", "**L**: value" (optionally a list
//     item or a heading, as in "## Severity: High"); a heading "L" (ATX or
//     setext) whose next non-blank line, or single list item, is the value;
//     a table row "| L | value |"; a table with an L column and exactly one
//     data row (more rows describe several incidents).
//   - Severity and status: markup (**, __, `) is removed, then anything from
//     the first " - ", " – ", "—", ": ", ", ", "; " or "(" on (the author's
//     explanation) and trailing punctuation. What is left is kept in the
//     author's words ("Critical", "SEV1", "High severity") only when it is a
//     recognised severity or status word or code (severityRE, statusRE): a
//     sentence under a "Severity" heading is not a severity.
//   - Times (started, detected, mitigated, resolved): only a value that is
//     exactly a date-time with an explicit zone, "2025-09-29 14:05 UTC",
//     "2025-09-29T14:05:00Z", "2025-09-29 16:05 +02:00" (UTC, GMT, Z or a
//     numeric offset). A date without a time, a time without a date, a
//     day-month order (29-09-2025 could be either), a zone-less time, "~" or
//     any trailing words leave the field nil. Times that would be out of
//     order (started <= detected <= mitigated <= resolved, front matter
//     included) are all dropped.
//   - Services: a labelled list "api, db" (split on "," and ";") or the list
//     items under a "Services" heading; each item must be a short name.
//   - One field labelled twice with different values is ambiguous (a report
//     covering several incidents) and is not inferred.
//
// Inference never produces a diagnostic: a document that states nothing
// simply gets nothing.

// InferLines is how many body lines are read for labelled fields.
const InferLines = 120

// BodyFields are the fields found in a postmortem's body.
type BodyFields struct {
	Severity, Status                       string
	Started, Detected, Mitigated, Resolved *time.Time
	Services                               []string
	// From says where each found field came from, by front-matter key:
	// "severity" -> `line 5: labelled line "Severity"`. Nil when nothing was found.
	From map[string]string
}

// The fields inferred, in front-matter key spelling.
const (
	fSeverity  = "severity"
	fStatus    = "status"
	fStarted   = "started"
	fDetected  = "detected"
	fMitigated = "mitigated"
	fResolved  = "resolved"
	fServices  = "services"
)

// inferLabels maps a normalised label (lower case, single spaces, no
// trailing colon) to the field it names.
var inferLabels = func() map[string]string {
	m := map[string]string{}
	add := func(field string, labels ...string) {
		for _, l := range labels {
			m[l] = field
		}
	}
	add(fSeverity, "severity", "severity level", "incident severity", "sev")
	add(fStatus, "status", "incident status", "postmortem status", "post-mortem status", "state")
	add(fStarted, "started", "start", "start time", "started at", "incident start", "incident started",
		"impact start", "impact started", "impact began", "incident began", "began", "start of impact")
	add(fDetected, "detected", "detected at", "detection time", "time detected", "incident detected")
	add(fMitigated, "mitigated", "mitigated at", "mitigation time", "time mitigated", "incident mitigated")
	add(fResolved, "resolved", "resolved at", "resolution time", "time resolved", "incident resolved",
		"end", "ended", "end time", "incident end", "incident ended", "impact end", "impact ended")
	add(fServices, "services", "service", "affected services", "affected service", "services affected",
		"impacted services", "services impacted")
	return m
}()

var (
	// A severity word or code, optionally qualified: "Critical", "SEV-1",
	// "P2", "Level 3", "High severity", "Non-critical".
	severityRE = regexp.MustCompile(`(?i)^(?:(?:non|not|very)[- ])?(?:critical|crit|high|highest|major|medium|med|moderate|minor|low|lowest|none|trivial|severe|blocker|urgent|emergency|normal|info|informational|warning|red|amber|orange|yellow|green|(?:sev|s|p|level|tier|priority|severity)[- ]?[0-9]|[0-9])(?:[- ](?:severity|impact|priority|incident))?$`)
	statusRE   = regexp.MustCompile(`(?i)^(?:resolved|closed|open|ongoing|investigating|identified|monitoring|mitigated|draft|final|complete|completed|done|fixed|active|published|reviewed|in progress|in review|under review|(?:post-?mortem|review) (?:complete|completed|pending|scheduled|done))$`)
	// A date-time with an explicit zone, nothing else.
	inferTimeRE = regexp.MustCompile(`^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)\s*(Z|UTC|GMT|\(UTC\)|\(GMT\)|[+-]\d{2}:?\d{2})$`)
	serviceRE   = regexp.MustCompile(`^[\p{L}\p{N}][\p{L}\p{N} ._/-]{0,39}$`)

	fenceRE      = regexp.MustCompile("^ {0,3}(`{3,}|~{3,})")
	atxRE        = regexp.MustCompile(`^ {0,3}#{1,6}(?:\s+(.*?))?\s*#*\s*$`)
	setextRE     = regexp.MustCompile(`^ {0,3}(?:=+|-+)\s*$`)
	listItemRE   = regexp.MustCompile(`^ {0,3}(?:[-*+]|\d{1,3}[.)])\s+`)
	tableDelimRE = regexp.MustCompile(`^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$`)
	// "**Label:** v", "**Label**: v", "__Label:__ v", "*Label:* v", "Label: v".
	labelLineRE = regexp.MustCompile(`^(?:(?:\*\*|__|\*|_)([^*_:|]{1,40}?)\s*:\s*(?:\*\*|__|\*|_)|(?:\*\*|__|\*|_)([^*_:|]{1,40}?)(?:\*\*|__|\*|_)\s*:|([\p{L}][\p{L} &/-]{0,39}?)\s*:)\s*`)
	markupRE    = regexp.MustCompile("\\*\\*|__|`")
	linkRE      = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`)
)

// InferBody reads labelled fields from a postmortem body; firstLine is the
// file line of the body's first line (for From).
func InferBody(body []byte, firstLine int) BodyFields {
	lines := bodyLines(body)
	var cands []candidate
	for i := 0; i < len(lines); i++ {
		ln := lines[i]
		if ln.skip || strings.TrimSpace(ln.text) == "" {
			continue
		}
		text := ln.text
		if isTableLine(text) {
			j := i
			for j < len(lines) && !lines[j].skip && isTableLine(lines[j].text) {
				j++
			}
			cands = append(cands, tableCandidates(lines[i:j], firstLine)...)
			i = j - 1
			continue
		}
		// Headings: ATX, or setext (a line underlined by === or ---).
		heading, isHeading := "", false
		if m := atxRE.FindStringSubmatch(text); m != nil {
			heading, isHeading = m[1], true
		} else if i+1 < len(lines) && !lines[i+1].skip && setextRE.MatchString(lines[i+1].text) && !listItemRE.MatchString(text) {
			heading, isHeading = strings.TrimSpace(text), true
		}
		if isHeading {
			if c, ok := labelled(heading); ok {
				c.line, c.how = firstLine+ln.n, "labelled heading"
				cands = append(cands, c)
				continue
			}
			field, ok := inferLabels[normLabel(heading)]
			if !ok {
				continue
			}
			start := i + 1
			if !atxRE.MatchString(text) {
				start = i + 2 // past the underline
			}
			if vals, at := sectionValues(lines, start); len(vals) > 0 {
				if field != fServices && len(vals) > 1 {
					continue // several values: not one field value
				}
				cands = append(cands, candidate{field: field, raw: vals, line: firstLine + lines[at].n,
					how: "under heading " + strconv.Quote(strings.TrimSpace(heading))})
			}
			continue
		}
		line := strings.TrimSpace(trimListMarker(text))
		if !mayBeLabel(line) {
			continue
		}
		if c, ok := labelled(line); ok {
			c.line, c.how = firstLine+ln.n, "labelled line"
			cands = append(cands, c)
		}
	}
	return decide(cands)
}

// mayBeLabel is a cheap test before labelLineRE: a colon within the first
// 50 bytes, and only letters, spaces and label markup before it (so that
// timeline lines such as "**10:00 UTC** - ..." are dismissed at once).
func mayBeLabel(line string) bool {
	c := strings.IndexByte(line, ':')
	if c < 1 || c > 50 {
		return false
	}
	for _, r := range line[:c] {
		if !unicode.IsLetter(r) && !strings.ContainsRune(" *_&/-", r) {
			return false
		}
	}
	return true
}

func trimListMarker(s string) string {
	if loc := listItemRE.FindStringIndex(s); loc != nil {
		return s[loc[1]:]
	}
	return s
}

// candidate is one labelled value found, before normalisation.
type candidate struct {
	field string
	raw   []string
	line  int
	how   string
	label string
}

// labelled reads "Label: value" forms; ok when Label names a field.
func labelled(s string) (candidate, bool) {
	head := s
	if len(head) > 64 { // a label and its markup fit; matching only them keeps long lines cheap
		head = head[:64]
	}
	m := labelLineRE.FindStringSubmatch(head)
	if m == nil {
		return candidate{}, false
	}
	label := m[1] + m[2] + m[3]
	field, ok := inferLabels[normLabel(label)]
	value := strings.TrimSpace(s[len(m[0]):])
	if !ok || value == "" {
		return candidate{}, false
	}
	return candidate{field: field, raw: []string{value}, label: strings.TrimSpace(label)}, true
}

func normLabel(s string) string {
	s = markupRE.ReplaceAllString(s, "")
	s = strings.Trim(strings.TrimSpace(s), "*_")
	s = strings.TrimSuffix(strings.TrimSpace(s), ":")
	return strings.ToLower(strings.Join(strings.Fields(s), " "))
}

// sectionValues is what follows a field heading: the first line of a
// paragraph, or the items of a list (stopping at a blank line after them or
// anything else). at is the index of the first value line.
func sectionValues(lines []bodyLine, from int) (vals []string, at int) {
	i := from
	for i < len(lines) && !lines[i].skip && strings.TrimSpace(lines[i].text) == "" {
		i++
	}
	if i >= len(lines) || lines[i].skip {
		return nil, 0
	}
	t := lines[i].text
	if atxRE.MatchString(t) || isTableLine(t) {
		return nil, 0
	}
	if !listItemRE.MatchString(t) {
		return []string{t}, i
	}
	at = i
	for ; i < len(lines) && !lines[i].skip && listItemRE.MatchString(lines[i].text); i++ {
		vals = append(vals, trimListMarker(lines[i].text))
	}
	return vals, at
}

func isTableLine(s string) bool { return strings.HasPrefix(strings.TrimSpace(s), "|") }

func tableCells(s string) []string {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(s, "|")
	s = strings.TrimSuffix(s, "|")
	cells := strings.Split(s, "|")
	for i := range cells {
		cells[i] = strings.TrimSpace(cells[i])
	}
	return cells
}

// tableCandidates reads "| Label | value |" rows and Label columns of a
// table with a single data row.
func tableCandidates(rows []bodyLine, firstLine int) []candidate {
	var out []candidate
	var header []string
	var data []bodyLine
	for k, r := range rows {
		if k == 1 && tableDelimRE.MatchString(r.text) {
			continue
		}
		cells := tableCells(r.text)
		if k == 0 {
			header = cells
		} else {
			data = append(data, r)
		}
		// A two-cell row is "| Label | value |". In the header row a
		// services label is more likely a column title ("| Service | Impact |").
		if len(cells) == 2 {
			if f, ok := inferLabels[normLabel(cells[0])]; ok && cells[1] != "" && !(k == 0 && f == fServices) {
				out = append(out, candidate{field: f, raw: []string{cells[1]}, line: firstLine + r.n,
					how: "table row " + strconv.Quote(normLabel(cells[0]))})
			}
		}
	}
	hasDelim := len(rows) > 1 && tableDelimRE.MatchString(rows[1].text)
	if !hasDelim || len(data) != 1 {
		return out
	}
	cells := tableCells(data[0].text)
	for c, h := range header {
		f, ok := inferLabels[normLabel(h)]
		if !ok || c >= len(cells) || cells[c] == "" {
			continue
		}
		out = append(out, candidate{field: f, raw: []string{cells[c]}, line: firstLine + data[0].n,
			how: "table column " + strconv.Quote(normLabel(h))})
	}
	return out
}

// decide normalises candidates and keeps, per field, the first value when
// every candidate of that field agrees.
func decide(cands []candidate) BodyFields {
	type pick struct {
		val   string
		times *time.Time
		list  []string
		from  string
		clash bool
	}
	picks := map[string]*pick{}
	order := []string{}
	for _, c := range cands {
		var p pick
		switch c.field {
		case fSeverity, fStatus:
			if len(c.raw) != 1 {
				continue
			}
			v := cleanWord(c.raw[0])
			re := severityRE
			if c.field == fStatus {
				re = statusRE
			}
			if !re.MatchString(v) {
				continue
			}
			p.val = v
		case fServices:
			p.list = serviceList(c.raw)
			if p.list == nil {
				continue
			}
			p.val = strings.Join(p.list, ", ")
		default:
			if len(c.raw) != 1 {
				continue
			}
			t, ok := inferTime(c.raw[0])
			if !ok {
				continue
			}
			p.times, p.val = &t, t.Format(time.RFC3339)
		}
		p.from = "line " + strconv.Itoa(c.line) + ": " + c.how
		if c.label != "" {
			p.from += " " + strconv.Quote(c.label)
		}
		if prev, seen := picks[c.field]; seen {
			if !strings.EqualFold(prev.val, p.val) { // "High" and "high" agree
				prev.clash = true
			}
			continue
		}
		pp := p
		picks[c.field] = &pp
		order = append(order, c.field)
	}
	var bf BodyFields
	for _, f := range order {
		p := picks[f]
		if p.clash {
			continue
		}
		switch f {
		case fSeverity:
			bf.Severity = p.val
		case fStatus:
			bf.Status = p.val
		case fServices:
			bf.Services = p.list
		case fStarted:
			bf.Started = p.times
		case fDetected:
			bf.Detected = p.times
		case fMitigated:
			bf.Mitigated = p.times
		case fResolved:
			bf.Resolved = p.times
		}
		if bf.From == nil {
			bf.From = map[string]string{}
		}
		bf.From[f] = p.from
	}
	return bf
}

// stripMarkup removes emphasis, code marks and link targets.
func stripMarkup(s string) string {
	s = linkRE.ReplaceAllString(s, "$1")
	s = markupRE.ReplaceAllString(s, "")
	return strings.TrimSpace(strings.Trim(strings.TrimSpace(s), "*_"))
}

// cleanWord keeps the author's word: "**Critical** - most customers" ->
// "Critical", "Major (High Impact)" -> "Major", "Resolved." -> "Resolved".
func cleanWord(s string) string {
	s = stripMarkup(s)
	cut := len(s)
	for _, sep := range []string{" - ", " – ", "—", " -- ", ": ", ", ", "; ", "("} {
		if i := strings.Index(s, sep); i >= 0 && i < cut {
			cut = i
		}
	}
	s = strings.TrimSpace(s[:cut])
	s = strings.TrimRight(s, ".,;:!?*_ ")
	return strings.Join(strings.Fields(s), " ")
}

func inferTime(s string) (time.Time, bool) {
	m := inferTimeRE.FindStringSubmatch(stripMarkup(s))
	if m == nil {
		return time.Time{}, false
	}
	zone := m[3]
	switch zone {
	case "UTC", "GMT", "(UTC)", "(GMT)":
		zone = "Z"
	}
	if len(zone) == 5 { // +0200
		zone = zone[:3] + ":" + zone[3:]
	}
	clock := m[2]
	if len(clock) == 5 {
		clock += ":00"
	}
	t, err := time.Parse(time.RFC3339, m[1]+"T"+clock+zone)
	if err != nil {
		return time.Time{}, false
	}
	return t.UTC(), true
}

// serviceList splits "api, db" or list items into short names; nil when
// any item does not look like a name (then it is prose, not a list).
func serviceList(raw []string) []string {
	var items []string
	for _, r := range raw {
		for _, part := range strings.FieldsFunc(stripMarkup(r), func(c rune) bool { return c == ',' || c == ';' }) {
			items = append(items, strings.TrimSpace(stripMarkup(part)))
		}
	}
	var out []string
	seen := map[string]bool{}
	for _, it := range items {
		if it == "" {
			continue
		}
		if !serviceRE.MatchString(it) || len(strings.Fields(it)) > 3 {
			return nil
		}
		if !seen[it] {
			seen[it] = true
			out = append(out, it)
		}
	}
	return out
}

// bodyLine is a body line and whether it is code, a comment or a quote.
type bodyLine struct {
	text string
	n    int // 0-based line in the body
	skip bool
}

// bodyLines splits the first InferLines lines of body and marks those the
// extractor must not read.
func bodyLines(body []byte) []bodyLine {
	all := strings.SplitN(strings.ReplaceAll(string(body), "\r\n", "\n"), "\n", InferLines+1)
	if len(all) > InferLines {
		all = all[:InferLines]
	}
	out := make([]bodyLine, len(all))
	code := codeOrComment(all)
	for i, t := range all {
		out[i] = bodyLine{text: t, n: i, skip: code[i]}
		trim := strings.TrimSpace(t)
		if strings.HasPrefix(trim, ">") || strings.HasPrefix(t, "    ") || strings.HasPrefix(t, "\t") {
			out[i].skip = true
		}
	}
	return out
}
