package postmortem

import (
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/vitals-dev/vitals/generator/sources/frontmatter"
)

// Reading a postmortem's timeline (METRICS.md, Incidents).
//
// A timeline is the list items, table rows or one-line paragraphs under a
// heading with "timeline" in it (any level; also a line that is only
// "Timeline" or "**Timeline:**"), up to the next heading of the same or a
// higher level. Each entry starts with a date and time, or a time alone whose
// date is that of the nearest earlier entry (or dated line, or heading),
// else the document's title, its file name, or its first dated sentence.
// Year-less dates ("Jan 14", "[03-26 17:40]") take the year that puts them
// nearest that context. A time alone that is more than 12 hours earlier
// than the entry before it is on the next day (a timeline past midnight).
//
// The zone is the entry's own ("16:58 UTC"), else the one the document
// states ("All times in CET.", a "Time (UTC)" column, "(all times in GMT)"),
// else that of the first entry that names one; a document that states none
// is read as UTC and says so. Abbreviations are fixed offsets (zoneAbbrevs).
//
// Entries that cannot be read (placeholders such as "HH:mm", typos such as
// "20202-01-16", a date without a time, a day-month order nothing settles)
// are skipped. Background entries (more than a day before the date that the
// title or file name gives the incident, or a week or more before the rest
// of the timeline, or under a "Background" sub-heading) are kept but are not
// the start of impact.

// TimelineEntry is one readable entry of a timeline.
type TimelineEntry struct {
	At         time.Time // UTC
	Line       int       // file line
	Text       string    // what happened: the entry without its time, markup removed
	Source     string    // the entry's first line as written, trimmed
	Background bool
}

// Timeline is what was read from a postmortem's timeline.
type Timeline struct {
	Entries []TimelineEntry // readable entries in document order
	Skipped int             // lines that looked like entries but could not be read
	// Zone is the document's zone: "UTC", "CET"...; ZoneLine the line
	// stating it, 0 when no zone is stated (then Zone is "UTC").
	Zone     string
	ZoneLine int
	Found    bool // the document has a timeline section
}

// DateContext is where a time alone can take its date from, besides the
// timeline itself: the title, the file name and the first dated sentence.
type DateContext struct {
	Title    string
	FileName string
	Path     string // relative path, for YYYY/MM/ directories (day-month order)
}

var (
	timelineHeadRE = regexp.MustCompile(`(?i)\btime\s*line\b`)
	backgroundRE   = regexp.MustCompile(`(?i)^(?:background|context|prior to|before the incident|history)\b`)
	// "All times in CET.", "Times are UTC", "All timestamps are in PDT",
	// "Date and Time in CET", "Time (UTC)".
	zoneStatementRE = regexp.MustCompile(`(?i)\b(?:all\s+)?(?:times?|timestamps?|date\s*(?:and|&|/)\s*time)\b(?:\s+(?:are|is|shown|given|listed|stated|displayed|below))*\s*(?:in\s+|:\s*)?\(?\s*$`)
	stripLeadRE     = regexp.MustCompile(`^(?:\s*(?:[-*+]|\d{1,3}[.)])\s+)?(?:\s*\[[ xX]\]\s+)?`)
)

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
// to the next heading of the same or a higher level (a pseudo-heading ends
// at the next heading or pseudo-heading of the same kind).
func sections(ls []docLine, match func(string) bool) []section {
	var out []section
	for i := 0; i < len(ls); i++ {
		if ls[i].skip {
			continue
		}
		text, level, n, ok := headingAt(ls, i)
		pseudo := false
		if !ok {
			if h, isP := pseudoHeading(ls[i].text); isP && match(h) && !listItemRE.MatchString(ls[i].text) && labelLike(ls, i) {
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
			if _, lv, _, isH := headingAt(ls, j); isH && (lv <= level || pseudo) {
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

// plain removes Markdown markup from a line of text: list markers,
// checkboxes, emphasis, code marks, link targets, brackets around a time.
func plain(s string) string {
	s = stripLeadRE.ReplaceAllString(s, "")
	s = linkRE.ReplaceAllString(s, "$1")
	s = strings.NewReplacer("**", "", "__", "", "`", "", "~~", "").Replace(s)
	return strings.TrimSpace(s)
}

// entryText prepares a line for readWhen: markup gone, a leading "[" or
// "(" around the time dropped, "~" (about) dropped.
func entryText(s string) string {
	s = plain(s)
	s = strings.TrimLeft(s, "*_ ")
	if strings.HasPrefix(s, "[") || strings.HasPrefix(s, "(") {
		if i := strings.IndexAny(s, "])"); i > 0 && i < 40 {
			s = s[1:i] + " " + s[i+1:]
		}
	}
	s = strings.TrimLeft(s, "~±≈ ")
	s = strings.Replace(s, " ~", " ", 1)
	return s
}

// ReadTimeline reads the timeline of a postmortem body (firstLine is the
// file line of its first line).
func ReadTimeline(body []byte, firstLine int, ctx DateContext) Timeline {
	ls := docLines(body, firstLine)
	var tl Timeline
	secs := sections(ls, func(h string) bool { return timelineHeadRE.MatchString(h) })
	tl.Found = len(secs) > 0

	// The document's zone: a statement anywhere, else a timeline table header.
	var docZone *zoneOff
	for _, l := range ls {
		if l.skip {
			continue
		}
		if z := statedZone(l.text); z != nil {
			docZone, tl.ZoneLine = z, l.n
			break
		}
	}
	if !tl.Found {
		tl.Zone = "UTC"
		return tl
	}
	dayFirst := dayMonthOrder(ls, ctx)
	ctxDate, _ := contextDate(ls, ctx, dayFirst)
	// Background is judged against the title's date only: a file name's
	// date is often the day the review was published, days after the start.
	incidentDay, _ := dateIn(ctx.Title, dayFirst, time.Time{})

	type raw struct {
		w          when
		line       int
		text, src  string
		background bool
	}
	var raws []raw
	for _, s := range secs {
		background := false
		var tableHeader []string
		for i := s.from; i < s.to; i++ {
			l := ls[i]
			if l.skip || strings.TrimSpace(l.text) == "" {
				continue
			}
			if h, _, _, isH := headingAt(ls, i); isH {
				background = backgroundRE.MatchString(plain(h))
				if w, _, ok := readWhen(entryText(h)); ok && w.hasDate() && !w.hasTime {
					raws = append(raws, raw{w: w, line: l.n, src: strings.TrimSpace(l.text)}) // a dated sub-heading
				}
				continue
			}
			text := l.text
			if isTableLine(text) {
				cells := tableCells(text)
				if tableHeader == nil {
					tableHeader = cells
					if docZone == nil {
						for _, c := range cells {
							if z := headerZone(c); z != nil {
								docZone, tl.ZoneLine = z, l.n
								break
							}
						}
					}
					continue
				}
				if tableDelimRE.MatchString(text) {
					continue
				}
				text = strings.Join(cells, " | ")
			} else {
				tableHeader = nil
			}
			// An indented line belongs to the entry before it (details,
			// sub-items) unless it has a time of its own.
			indented := strings.HasPrefix(l.text, "  ") && !isTableLine(l.text)
			et := entryText(text)
			w, rest, ok := readWhen(et)
			if !ok {
				if looksLikeEntry(et) && !indented {
					tl.Skipped++
				}
				continue
			}
			rest = strings.TrimLeft(rest, " -–—:|,.")
			// A paragraph entry may go on over the next lines (its words count).
			full := rest
			for k := i + 1; k < s.to && !isTableLine(text); k++ {
				nl := ls[k]
				if nl.skip || strings.TrimSpace(nl.text) == "" || listItemRE.MatchString(nl.text) || isTableLine(nl.text) {
					break
				}
				if _, _, _, isH := headingAt(ls, k); isH {
					break
				}
				if _, _, ok := readWhen(entryText(nl.text)); ok {
					break
				}
				full += " " + plain(nl.text)
			}
			raws = append(raws, raw{w: w, line: l.n, text: full, src: strings.TrimSpace(l.text),
				background: background || backgroundRE.MatchString(rest)})
		}
	}

	// Dates, zones, rollover.
	var prevDate *time.Time // local midnight of the last date read in the timeline
	var prevClock int = -1
	for _, r := range raws {
		w := r.w
		if w.ambiguousDM {
			if dayFirst == 0 {
				tl.Skipped++
				continue
			}
			if dayFirst < 0 {
				w.month, w.day = w.dm[0], w.dm[1]
			}
		}
		var day time.Time
		switch {
		case w.hasDate():
			y := w.year
			if y == 0 {
				ref := ctxDate
				if prevDate != nil {
					ref = *prevDate
				}
				if ref.IsZero() {
					tl.Skipped++
					continue
				}
				y = nearestYear(w.month, w.day, ref)
			}
			if !validDate(y, w.month, w.day) {
				tl.Skipped++
				continue
			}
			day = time.Date(y, time.Month(w.month), w.day, 0, 0, 0, 0, time.UTC)
			prevClock = -1
		case prevDate != nil:
			day = *prevDate
		case !ctxDate.IsZero():
			day = ctxDate
		default:
			tl.Skipped++ // a time with no date anywhere
			continue
		}
		prevDate = &day
		if !w.hasTime {
			continue // a date alone sets the day of the times after it
		}
		clock := w.hour*60 + w.min
		if !w.hasDate() && prevClock >= 0 && prevClock-clock > 12*60 {
			day = day.AddDate(0, 0, 1) // past midnight
			prevDate = &day
		}
		prevClock = clock
		if w.zone != nil && docZone == nil {
			docZone, tl.ZoneLine = w.zone, r.line
		}
		z := w.zone
		if z == nil {
			z = docZone
		}
		off := 0
		if z != nil {
			off = z.off
		}
		at := day.Add(time.Duration(w.hour)*time.Hour + time.Duration(w.min)*time.Minute + time.Duration(w.sec)*time.Second).
			Add(-time.Duration(off) * time.Second)
		tl.Entries = append(tl.Entries, TimelineEntry{At: at, Line: r.line, Text: r.text, Source: clip(r.src, 200), Background: r.background})
	}
	tl.Zone = "UTC"
	if docZone != nil {
		tl.Zone = docZone.name
	} else {
		tl.ZoneLine = 0
	}
	markBackground(tl.Entries, incidentDay)
	return tl
}

// looksLikeEntry: a line that starts like a timestamp ("HH:mm", "20202-01-16")
// but was not read.
func looksLikeEntry(s string) bool {
	if s == "" {
		return false
	}
	c := s[0]
	if c >= '0' && c <= '9' {
		return true
	}
	return strings.HasPrefix(strings.ToUpper(s), "HH:") || strings.HasPrefix(strings.ToUpper(s), "YYYY")
}

// markBackground marks entries well before the incident: more than a day
// before the title's or file name's date, or a week or more before the
// next entry (in time).
func markBackground(es []TimelineEntry, incidentDay time.Time) {
	if !incidentDay.IsZero() {
		for i := range es {
			if es[i].At.Before(incidentDay.AddDate(0, 0, -1)) {
				es[i].Background = true
			}
		}
	}
	idx := make([]int, 0, len(es))
	for i := range es {
		if !es[i].Background {
			idx = append(idx, i)
		}
	}
	sort.SliceStable(idx, func(a, b int) bool { return es[idx[a]].At.Before(es[idx[b]].At) })
	for k := 0; k+1 < len(idx); k++ {
		if es[idx[k+1]].At.Sub(es[idx[k]].At) < 7*24*time.Hour {
			break
		}
		for j := 0; j <= k; j++ {
			es[idx[j]].Background = true
		}
	}
}

// statedZone reads a document's statement of its zone: "All times in CET.",
// "All times are UTC", "(all times in GMT)", "All times in PST, on ...".
func statedZone(line string) *zoneOff {
	if !timeWordRE.MatchString(line) {
		return nil // cheap test first: most lines name no time at all
	}
	p := plain(line)
	for i := 0; i < len(p) && i < 80; i++ {
		if i > 0 && isWordByte(p[i-1]) {
			continue
		}
		z, n := readZone(p[i:])
		if n == 0 {
			continue
		}
		if zoneStatementRE.MatchString(p[:i]) && i < 60 {
			return z
		}
	}
	return nil
}

var timeWordRE = regexp.MustCompile(`(?i)\btime`)

var timeHeaderRE = regexp.MustCompile(`(?i)\b(?:time|timestamp|when|date)`)

// headerZone reads a zone from a table column header: "Time (UTC)",
// "Date and Time in CET", "Timestamp UTC".
func headerZone(cell string) *zoneOff {
	p := plain(cell)
	if !timeHeaderRE.MatchString(p) {
		return nil
	}
	for i := 0; i < len(p); i++ {
		if i > 0 && isWordByte(p[i-1]) {
			continue
		}
		if z, n := readZone(p[i:]); n > 0 {
			return z
		}
	}
	return nil
}

// dayMonthOrder settles numeric dates such as 04-03-2026: 1 day first, -1
// month first, 0 unknown. Evidence, in order: a numeric date in the
// document or its title or file name with a part above 12; a YYYY/MM/
// directory whose month matches one reading of the title or file-name
// date; '-' and '.' separators, which in the postmortems read day first.
func dayMonthOrder(ls []docLine, ctx DateContext) int {
	var first, second, sepDash, sepSlash int
	look := func(s string) {
		for _, m := range reNumDateAny.FindAllStringSubmatch(s, -1) {
			a, b := atoi(m[1]), atoi(m[3])
			switch {
			case a > 12 && b <= 12:
				first++
			case b > 12 && a <= 12:
				second++
			}
			if m[2] == "/" {
				sepSlash++
			} else {
				sepDash++
			}
		}
	}
	look(ctx.Title)
	look(ctx.FileName)
	for _, l := range ls {
		if !l.skip {
			look(l.text)
		}
	}
	switch {
	case first > 0 && second == 0:
		return 1
	case second > 0 && first == 0:
		return -1
	case first > 0 && second > 0:
		return 0
	}
	if ms := yearMonthRE.FindAllStringSubmatch(ctx.Path, -1); ms != nil {
		ym := ms[len(ms)-1]
		for _, s := range []string{ctx.Title, ctx.FileName} {
			if m := reNumDateAny.FindStringSubmatch(s); m != nil && m[4] == ym[1] {
				if atoi(m[3]) == atoi(ym[2]) {
					return 1
				}
				if atoi(m[1]) == atoi(ym[2]) {
					return -1
				}
			}
		}
	}
	switch {
	case sepDash > 0 && sepSlash == 0:
		return 1
	case sepSlash > 0 && sepDash == 0:
		return -1
	}
	return 0
}

var reNumDateAny = regexp.MustCompile(`\b(\d{1,2})([-/])(\d{1,2})[-/](\d{4})\b`)

// titleOrFileDate is the incident's day as its title or file name gives it.
func titleOrFileDate(ctx DateContext, dayFirst int) (time.Time, string) {
	if t, ok := dateIn(ctx.Title, dayFirst, time.Time{}); ok {
		return t, "title"
	}
	if t := frontmatter.FileNameDate(ctx.FileName); t != nil {
		return *t, "file name"
	}
	if t, ok := dateIn(strings.TrimSuffix(ctx.FileName, path.Ext(ctx.FileName)), dayFirst, time.Time{}); ok {
		return t, "file name"
	}
	return time.Time{}, ""
}

// contextDate is the date a time alone takes when no entry before it has
// one: the title's, the file name's, or the first dated sentence's.
func contextDate(ls []docLine, ctx DateContext, dayFirst int) (time.Time, string) {
	if t, from := titleOrFileDate(ctx, dayFirst); !t.IsZero() {
		return t, from
	}
	for _, l := range ls {
		if l.skip {
			continue
		}
		if t, ok := dateIn(plain(l.text), dayFirst, time.Time{}); ok {
			return t, "line " + strconv.Itoa(l.n)
		}
	}
	return time.Time{}, ""
}

// dateIn finds the first full date (with a year) in a sentence, within
// its first 300 bytes (a dated sentence says so early; a hostile megabyte
// line must not cost a regexp match per byte).
func dateIn(s string, dayFirst int, _ time.Time) (time.Time, bool) {
	for i := 0; i < len(s) && i < 300; i++ {
		if i > 0 && isWordByte(s[i-1]) {
			continue
		}
		c := s[i]
		if !(c >= '0' && c <= '9') && !(c >= 'A' && c <= 'Z') && !(c >= 'a' && c <= 'z') {
			continue
		}
		w, _, ok := readWhen(s[i:])
		if !ok || !w.hasDate() || w.year == 0 {
			continue
		}
		if w.ambiguousDM {
			if dayFirst == 0 {
				continue
			}
			if dayFirst < 0 {
				w.month, w.day = w.dm[0], w.dm[1]
			}
		}
		if validDate(w.year, w.month, w.day) {
			return time.Date(w.year, time.Month(w.month), w.day, 0, 0, 0, 0, time.UTC), true
		}
	}
	return time.Time{}, false
}

func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// The words that say an entry is detection, mitigation or resolution
// (METRICS.md, Incidents).
var (
	detectedRE  = regexp.MustCompile(`(?i)\b(?:alert(?:s|ed|ing)?|noticed?|notices|reported|reports?|detected|detects|paged|became aware|discovered|notified|informed us|reached out|incident (?:was )?declared|declared (?:an |the )?incident|(?:major |formal )?incident (?:declared|opened))\b`)
	mitigatedRE = regexp.MustCompile(`(?i)\b(?:mitigated|mitigation|mitigates|rolled back|rollback (?:[a-z]+ and )?(?:complete|completed|deployed|done|finished)|reverted|reverts? (?:were |was )?deployed|workaround|failed over|failover (?:complete|completed|done))\b`)
	resolvedRE  = regexp.MustCompile(`(?i)\b(?:resolved|(?:was|were|is) resolve|resolution deployed|fixed|restored|recovered|recovery complete|closed|back to normal|fully operational|returned to (?:normal|steady state))\b`)
	negatedRE   = regexp.MustCompile(`(?i)(?:\bnot|n't|\bnever|\bno longer|\bpartially|\bpartial)\s+(?:\w+\s+)?$`)
)

// says reports whether text says what re matches, not negated ("was not
// resolved", "partially restored" do not count).
func says(re *regexp.Regexp, text string) bool {
	for _, loc := range re.FindAllStringIndex(text, -1) {
		if !negatedRE.MatchString(text[:loc[0]]) {
			return true
		}
	}
	return false
}

// IncidentTimes picks started, detected, mitigated and resolved from the
// timeline: started is the earliest entry that is not background; the
// others the earliest entry at or after the value before them whose text
// says so. Missing values are absent from the map.
func (tl Timeline) IncidentTimes() map[string]TimelineEntry {
	var es []TimelineEntry
	for _, e := range tl.Entries {
		if !e.Background {
			es = append(es, e)
		}
	}
	if len(es) == 0 {
		return nil
	}
	sort.SliceStable(es, func(i, j int) bool { return es[i].At.Before(es[j].At) })
	out := map[string]TimelineEntry{fStarted: es[0]}
	first := func(re *regexp.Regexp, from time.Time, to *time.Time) (TimelineEntry, bool) {
		for _, e := range es {
			if !e.At.Before(from) && (to == nil || !e.At.After(*to)) && says(re, e.Text) {
				return e, true
			}
		}
		return TimelineEntry{}, false
	}
	// Detected, then resolved, then mitigated between them, so that a
	// mitigation the text never states does not push resolution to a
	// later incident of the same document.
	floor := es[0].At
	if e, ok := first(detectedRE, floor, nil); ok {
		out[fDetected], floor = e, e.At
	}
	var until *time.Time
	if e, ok := first(resolvedRE, floor, nil); ok {
		out[fResolved] = e
		until = &e.At
	}
	if e, ok := first(mitigatedRE, floor, until); ok {
		out[fMitigated] = e
	}
	return out
}
