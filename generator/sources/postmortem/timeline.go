package postmortem

import (
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/vitals-dev/vitals/generator/sources/frontmatter"
)

// Reading a postmortem's timeline (METRICS.md, Incidents).
//
// A timeline is what stands under a heading with "timeline" in it (any
// level; also a line of its own that is only "Timeline" or
// "**Timeline:**"), up to the next heading of the same or a higher level
// that is not itself a date or a time (`## May 12`, `## 15 May` and
// `### 13:35` stay inside). The reader walks it in document order keeping
// the date, the zone and the clock in force, the way a person reads it:
//
//   - Entries: list items, one-line paragraphs, table rows and headings
//     that start with a date and time, a time alone (`13:35`, `1:03`,
//     `11.50`, `1600`, `~15:00`, `5:00 PM`, "13:55 PM" is 13:55), or a
//     date alone followed by what happened (`02-26-2024 - reported`): an
//     entry of day precision. A heading entry, or a time on a line of its
//     own, takes the paragraphs after it, up to the next entry, as its
//     text.
//   - A date on its own (a heading `## July 22`, a line `_4/24/23_`, a
//     date in the timeline's heading) sets the day of the times after it,
//     and so does every dated entry; a day written after the time ("12:45
//     PM PST Saturday Oct 30th") is the entry's own. Tables may put the
//     date and the time in columns of their own (`| Sun | Oct 31 | 21:33 |
//     … |`); a year in a column header ("Date (2021)") is the rows' year.
//   - Before any date: the title's, the file name's (unless the text
//     names another day first: a file name may carry the day the review
//     was published), else the first dated sentence's. A year-less date takes the year that puts it nearest the
//     date in force (else the document's); a year cut short ("11/03/202")
//     is read as year-less.
//   - A time alone that is more than 12 hours earlier than the entry
//     before it is on the next day; in a timeline that writes AM and PM, an
//     hour written without them that would go back in time is PM.
//   - The zone is the entry's own ("16:58 UTC"), else that of its table's
//     column header ("Time (PT)"), else the timeline heading's ("Timeline
//     (PST)"), else the one the document states ("All times in CET."),
//     else that of the first entry that names one; a document that states
//     none is read as UTC and says so. Abbreviations are fixed offsets;
//     names without a season (PT, US/Pacific) the real zone (zone.go).
//
// Lines that look like entries but cannot be placed (placeholders such as
// "HH:mm", typos such as "20202-01-16", a time with no date anywhere, a
// day-month order nothing settles) are counted and kept with the reason, for
// the hint that names them. Background entries (under a "Background"
// sub-heading, saying what caused the incident earlier, more than a day
// before the date the title gives the incident, or a week or more before
// the rest without saying it was noticed) are kept but are not the start of
// impact.

// TimelineEntry is one readable entry of a timeline.
type TimelineEntry struct {
	At time.Time // UTC; for a day entry midnight UTC of its date
	// Day: the entry states a date only (day precision).
	Day    bool
	Line   int    // file line
	Text   string // what happened: the entry without its time, markup removed
	Source string // the entry's first line as written, trimmed
	// DateFrom says where the date of an entry that writes none came from
	// ("heading line 12", "the title"); "" when the entry writes it.
	DateFrom   string
	Background bool
}

// Unplaced is a line that states a date or time the reader could not
// place, and why.
type Unplaced struct {
	Line      int
	Text, Why string
}

// Timeline is what was read from a postmortem's timeline.
type Timeline struct {
	Entries []TimelineEntry // readable entries in document order
	Skipped int             // lines that looked like entries but could not be read
	// Unplaced lists the first few of those, with why (for the hint).
	Unplaced []Unplaced
	// Zone is the document's zone: "UTC", "CET"...; ZoneLine the line
	// stating it, 0 when no zone is stated (then Zone is "UTC").
	Zone     string
	ZoneLine int
	Found    bool // the document has a timeline section
	// NoImpact is the sentence that says there was no impact (a near
	// miss), nil when there is none.
	NoImpact *Source
	said     sayer // what its entries say, asked once each
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
)

// maxUnplaced is how many unplaced lines a timeline keeps for its hint.
const maxUnplaced = 3

// isWhenHeading: a heading that is a date or a time stays in the timeline.
func isWhenHeading(h string) bool {
	_, _, ok := readWhen(entryText(h))
	return ok
}

// entryText prepares a line for readWhen: markup gone, a leading "[" or
// "(" around the time dropped, "~", "ca." and "around" (about) dropped.
func entryText(s string) string {
	if loc := dayDotRE.FindStringIndex(s); loc != nil && dayDotMonthRE.MatchString(s) {
		// "19. April, 11:00" is a date, not a numbered list item.
		s = strings.TrimSpace(s[:loc[1]-1]) + " " + s[loc[1]:]
	}
	s = plain(s)
	s = strings.TrimLeft(s, "*_ ")
	if strings.HasPrefix(s, "[") || strings.HasPrefix(s, "(") {
		if i := strings.IndexAny(s, "])"); i > 0 && i < 40 {
			s = s[1:i] + " " + s[i+1:]
		}
	}
	s = strings.TrimLeft(s, "~±≈-_ ")
	if m := aboutRE.FindString(s); m != "" {
		s = s[len(m):]
	}
	s = strings.Replace(s, " ~", " ", 1)
	s = strings.Replace(s, " ca. ", " ", 1)
	return s
}

var (
	dayDotMonthRE = regexp.MustCompile(`(?i)^\s*\d{1,2}\.\s+(?:` + monthNames + `)\b`)
	dayDotRE      = regexp.MustCompile(`^\s*\d{1,2}\.`)
)

var aboutRE = regexp.MustCompile(`(?i)^(?:ca\.?|circa|approx\.?|approximately|around|about|at|on)\s+(?:~\s*)?`)

// raw is an entry or a date marker as written, before the flow places it.
type raw struct {
	w          when
	line       int
	text, src  string
	background bool
	marker     bool     // a date that sets the day of what follows, not an entry
	zone       *zoneOff // the zone of its table header or timeline heading
	yearHint   int      // a year from its table's column header
	twelve     bool     // its timeline writes AM and PM
}

// ReadTimeline reads the timeline of a postmortem body (firstLine is the
// file line of its first line).
func ReadTimeline(body []byte, firstLine int, ctx DateContext) Timeline {
	ls := docLines(body, firstLine)
	var tl Timeline
	secs := sections(ls, func(h string) bool { return timelineHeadRE.MatchString(h) }, isWhenHeading)
	tl.Found = len(secs) > 0

	// The document's zone: a statement anywhere.
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
	// A near miss says so anywhere, timeline or not.
	var hit bool
	tl.NoImpact, hit = noImpact(ls)
	if !tl.Found {
		tl.Zone = "UTC"
		return tl
	}
	dayFirst := dayMonthOrder(ls, ctx)
	ctxDate, ctxFrom := contextDate(ls, ctx, dayFirst)
	// Background is judged against the title's date only: a file name's
	// date is often the day the review was published, days after the start.
	incidentDay, _ := dateIn(ctx.Title, dayFirst, time.Time{})

	var raws []raw
	for _, s := range secs {
		raws = append(raws, sectionRaws(ls, s, &docZone, &tl)...)
	}
	f := flow{dayFirst: dayFirst, ctxDate: ctxDate, ctxFrom: ctxFrom, docZone: docZone, tl: &tl}
	for _, r := range raws {
		f.place(r)
	}
	tl.Zone = "UTC"
	if f.docZone != nil {
		tl.Zone = f.docZone.name
		if tl.ZoneLine == 0 {
			tl.ZoneLine = f.zoneLine
		}
	} else {
		tl.ZoneLine = 0
	}
	tl.said = sayer{}
	markBackground(tl.said, tl.Entries, incidentDay)
	if tl.NoImpact == nil && !hit {
		tl.NoImpact = reportedFlaw(tl.Entries)
	}
	return tl
}

// sectionRaws collects the entries and date markers of one timeline
// section in document order.
func sectionRaws(ls []docLine, s section, docZone **zoneOff, tl *Timeline) []raw {
	var out []raw
	secZone := anyZone(plain(s.head))
	if secZone != nil && *docZone == nil {
		// "## Timeline (UTC)" states the document's zone as a sentence
		// would: the page says so rather than "no zone stated".
		*docZone, tl.ZoneLine = secZone, s.headLine
	}
	// A date in the timeline's heading ("Timeline (PST) 4/21/23-4/25/23")
	// is the day of the times before any other date.
	if w, ok := headDate(s.head); ok {
		out = append(out, raw{w: w, line: s.headLine, src: s.head, marker: true})
	}
	background := false
	var tab *tableCols
	twelve := false
	first := len(out)
	unplaced := func(l docLine, why string) {
		tl.Skipped++
		if len(tl.Unplaced) < maxUnplaced {
			tl.Unplaced = append(tl.Unplaced, Unplaced{Line: l.n, Text: clip(strings.TrimSpace(l.text), 120), Why: why})
		}
	}
	for i := s.from; i < s.to; i++ {
		l := ls[i]
		if l.skip || strings.TrimSpace(l.text) == "" {
			continue
		}
		if h, _, hn, isH := headingAt(ls, i); isH {
			tab = nil
			et := entryText(h)
			w, rest, ok := readWhen(et)
			if !ok {
				background = backgroundRE.MatchString(plain(h))
				if looksLikeEntry(et) {
					unplaced(l, "a heading that starts like a time but is none")
				}
				i += hn - 1
				continue
			}
			twelve = twelve || w.ampm
			text, _ := following(ls, i+hn, s.to, true)
			text = joinText(trimSep(rest), text)
			if w.hasTime {
				out = append(out, raw{w: w, line: l.n, text: text, src: strings.TrimSpace(l.text), background: background, zone: secZone})
			} else {
				out = append(out, raw{w: w, line: l.n, src: strings.TrimSpace(l.text), marker: true})
				if trimSep(rest) != "" || (text != "" && !nextIsEntry(ls, i+hn, s.to)) {
					out = append(out, raw{w: w, line: l.n, text: text, src: strings.TrimSpace(l.text), background: background, zone: secZone})
				}
			}
			i += hn - 1
			continue
		}
		if isTableLine(l.text) {
			cells := tableCells(l.text)
			if tab == nil {
				tab = newTableCols(cells)
				if tab.zone != nil && *docZone == nil {
					*docZone, tl.ZoneLine = tab.zone, l.n
				}
				continue
			}
			if tableDelimRE.MatchString(l.text) {
				continue
			}
			whenText, text := tab.split(cells)
			w, rest, ok := readWhen(entryText(whenText))
			if !ok {
				if looksLikeEntry(entryText(whenText)) {
					unplaced(l, "a table row whose time cannot be read")
				}
				continue
			}
			twelve = twelve || w.ampm
			if tab.whenCols == nil {
				text = trimSep(rest)
			}
			z := tab.zone
			if z == nil {
				z = secZone
			}
			out = append(out, raw{w: w, line: l.n, text: text, src: strings.TrimSpace(l.text),
				background: background || backgroundRE.MatchString(text), zone: z, yearHint: tab.year})
			continue
		}
		tab = nil
		// An indented line belongs to the entry before it (details,
		// sub-items) unless it has a time of its own.
		indented := strings.HasPrefix(l.text, "  ")
		et := entryText(l.text)
		w, rest, ok := readWhen(et)
		if !ok {
			if looksLikeEntry(et) && !indented {
				unplaced(l, "a line that starts like a date or time but cannot be read")
			}
			continue
		}
		twelve = twelve || w.ampm
		rest = trimSep(rest)
		if !w.hasTime && rest == "" {
			out = append(out, raw{w: w, line: l.n, src: strings.TrimSpace(l.text), marker: true}) // a day marker
			continue
		}
		// A paragraph entry goes on over the next lines (its words count);
		// a time on a line of its own, like a heading, over the paragraphs
		// up to the next entry.
		more, _ := following(ls, i+1, s.to, w.hasTime && rest == "" && !indented)
		if !w.hasTime {
			out = append(out, raw{w: w, line: l.n, src: strings.TrimSpace(l.text), marker: true})
		}
		out = append(out, raw{w: w, line: l.n, text: joinText(rest, more), src: strings.TrimSpace(l.text),
			background: background || backgroundRE.MatchString(rest), zone: secZone})
	}
	for k := first; k < len(out); k++ {
		out[k].twelve = twelve
	}
	return out
}

// headDate reads the first full date of a timeline heading.
func headDate(h string) (when, bool) {
	p := plain(h)
	for i := 0; i < len(p) && i < 200; i++ {
		if i > 0 && isWordByte(p[i-1]) {
			continue
		}
		if c := p[i]; !(c >= '0' && c <= '9') && !(c >= 'A' && c <= 'Z') && !(c >= 'a' && c <= 'z') {
			continue
		}
		if w, _, ok := readWhen(p[i:]); ok && w.hasDate() && w.year != 0 {
			w.hasTime = false
			return w, true
		}
	}
	return when{}, false
}

// following is the text of the lines from i up to a blank line, a list
// item, a table or a line with a time of its own (or, under a heading,
// up to the next heading), markup removed; next is where it stopped.
func following(ls []docLine, i, to int, underHeading bool) (text string, next int) {
	var parts []string
	for ; i < to; i++ {
		l := ls[i]
		if l.skip {
			continue
		}
		if _, _, _, isH := headingAt(ls, i); isH {
			break
		}
		t := strings.TrimSpace(l.text)
		if t == "" {
			if underHeading {
				continue
			}
			break
		}
		if !underHeading && (listItemRE.MatchString(l.text) || isTableLine(l.text)) {
			break
		}
		if _, _, ok := readWhen(entryText(l.text)); ok {
			if !underHeading || !strings.HasPrefix(l.text, " ") {
				break
			}
		}
		if len(parts) < 40 {
			parts = append(parts, plain(l.text))
		}
	}
	return strings.Join(parts, " "), i
}

// nextIsEntry: the first non-blank line from i starts with a time or date.
func nextIsEntry(ls []docLine, i, to int) bool {
	for ; i < to; i++ {
		if ls[i].skip || strings.TrimSpace(ls[i].text) == "" {
			continue
		}
		if h, _, _, isH := headingAt(ls, i); isH {
			return isWhenHeading(h)
		}
		_, _, ok := readWhen(entryText(ls[i].text))
		return ok
	}
	return false
}

func trimSep(s string) string { return strings.TrimSpace(strings.TrimLeft(s, " -–—:|,.;")) }

func joinText(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + " " + b
}

// tableCols are the columns of a timeline table: those that write the
// date and time (by their header), the zone and year their headers state.
type tableCols struct {
	whenCols []int // nil: the row's first cells are read as one
	zone     *zoneOff
	year     int
}

var (
	whenHeaderRE = regexp.MustCompile(`(?i)^(?:date|day|time|when|timestamp|hour|date\s*(?:and|&|/)\s*time)\b`)
	yearRE       = regexp.MustCompile(`\b(19[7-9]\d|2[01]\d\d)\b`)
)

func newTableCols(header []string) *tableCols {
	t := &tableCols{}
	for i, h := range header {
		p := plain(h)
		if z := headerZone(p); z != nil && t.zone == nil {
			t.zone = z
		}
		if whenHeaderRE.MatchString(p) {
			t.whenCols = append(t.whenCols, i)
			if m := yearRE.FindString(p); m != "" {
				t.year = atoi(m)
			}
		}
	}
	return t
}

// split gives a row's date-and-time text and its event text.
func (t *tableCols) split(cells []string) (whenText, text string) {
	if t.whenCols == nil {
		return strings.Join(cells, " | "), ""
	}
	var w, rest []string
	for i, c := range cells {
		if containsInt(t.whenCols, i) {
			w = append(w, plain(c))
		} else if c != "" {
			rest = append(rest, plain(c))
		}
	}
	return strings.Join(w, " "), strings.Join(rest, " | ")
}

func containsInt(xs []int, x int) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

// flow places entries in time as the document reads: the date, clock and
// zone in force.
type flow struct {
	dayFirst  int
	ctxDate   time.Time
	ctxFrom   string
	docZone   *zoneOff
	zoneLine  int
	tl        *Timeline
	day       time.Time // local midnight of the date in force
	dayFrom   string
	haveDay   bool
	prevClock int // minutes of the day of the entry before, -1 after a new date
	started   bool
}

func (f *flow) skip(r raw, why string) {
	f.tl.Skipped++
	if len(f.tl.Unplaced) < maxUnplaced {
		f.tl.Unplaced = append(f.tl.Unplaced, Unplaced{Line: r.line, Text: clip(r.src, 120), Why: why})
	}
}

func (f *flow) place(r raw) {
	if !f.started {
		f.prevClock, f.started = -1, true
	}
	w := r.w
	if w.ambiguousDM {
		order := f.dayFirst
		if order == 0 {
			order = f.nearerReading(w)
		}
		if order == 0 {
			f.skip(r, "its day and month could be either way round and nothing in the document settles it")
			return
		}
		if order < 0 {
			w.month, w.day = w.dm[0], w.dm[1]
		}
	}
	var day time.Time
	dateFrom := ""
	switch {
	case w.hasDate():
		y := w.year
		if y == 0 && r.yearHint != 0 {
			y = r.yearHint
		}
		if y == 0 {
			ref := f.ctxDate
			if f.haveDay {
				ref = f.day
			}
			if ref.IsZero() {
				f.skip(r, "a date without a year, and no dated line, title or file name to take one from")
				return
			}
			y = nearestYear(w.month, w.day, ref)
		}
		if !validDate(y, w.month, w.day) {
			f.skip(r, "not a calendar date")
			return
		}
		day = time.Date(y, time.Month(w.month), w.day, 0, 0, 0, 0, time.UTC)
		f.day, f.haveDay, f.dayFrom = day, true, "line "+strconv.Itoa(r.line)
		f.prevClock = -1
	case f.haveDay:
		day, dateFrom = f.day, f.dayFrom
	case !f.ctxDate.IsZero():
		day, dateFrom = f.ctxDate, f.ctxFrom
		f.day, f.haveDay, f.dayFrom = day, true, f.ctxFrom
	default:
		f.skip(r, "a time with no date in the timeline, the title, the file name or the text before it")
		return
	}
	if r.marker {
		return
	}
	if !w.hasTime {
		f.tl.Entries = append(f.tl.Entries, TimelineEntry{At: day, Day: true, Line: r.line, Text: r.text,
			Source: clip(r.src, 200), Background: r.background})
		return
	}
	clock := w.hour*60 + w.min
	if !w.hasDate() && f.prevClock >= 0 && clock < f.prevClock {
		switch {
		case r.twelve && w.bare && w.hour < 12 && clock+12*60 >= f.prevClock:
			clock += 12 * 60 // "1:15" after "11:24 AM" is PM
		case f.prevClock-clock > 12*60:
			day = day.AddDate(0, 0, 1) // past midnight
			f.day = day
		}
	}
	f.prevClock = clock
	z := w.zone
	if z == nil {
		z = r.zone
	}
	if z == nil {
		z = f.docZone
	}
	if w.zone != nil && f.docZone == nil {
		f.docZone, f.zoneLine = w.zone, r.line
	}
	local := day.Add(time.Duration(clock)*time.Minute + time.Duration(w.sec)*time.Second)
	at := local.Add(-time.Duration(z.offsetAt(local)) * time.Second)
	f.tl.Entries = append(f.tl.Entries, TimelineEntry{At: at, Line: r.line, Text: r.text, Source: clip(r.src, 200),
		DateFrom: dateFrom, Background: r.background})
}

// nearerReading settles an ambiguous numeric date that nothing else in the
// document settles by the document's own date: the incident comes before
// its report, so the reading on or before that date and nearest it (1 day
// first, -1 month first, 0 when there is no such date or neither reading
// is before it).
func (f *flow) nearerReading(w when) int {
	if f.ctxDate.IsZero() || w.year == 0 {
		return 0
	}
	limit := f.ctxDate.AddDate(0, 0, 1)
	var best int
	var bestD time.Duration = -1
	for _, c := range []struct {
		order, m, d int
	}{{1, w.dm[1], w.dm[0]}, {-1, w.dm[0], w.dm[1]}} {
		if !validDate(w.year, c.m, c.d) {
			continue
		}
		t := time.Date(w.year, time.Month(c.m), c.d, 0, 0, 0, 0, time.UTC)
		if t.After(limit) {
			continue
		}
		if d := limit.Sub(t); bestD < 0 || d < bestD {
			best, bestD = c.order, d
		}
	}
	return best
}

// looksLikeEntry: a line that starts like a timestamp ("HH:mm", "20202-01-16",
// "2X:XX") but was not read.
func looksLikeEntry(s string) bool {
	up := strings.ToUpper(s)
	return entryLikeRE.MatchString(s) || strings.HasPrefix(up, "HH:") || strings.HasPrefix(up, "YYYY")
}

var entryLikeRE = regexp.MustCompile(`^\d[\dX]*[:./-][\dX]`)

// markBackground marks entries well before the incident: more than a day
// before the title's date, or a week or more before the next entry (in
// time) when they say nothing was noticed or reported.
func markBackground(sy sayer, es []TimelineEntry, incidentDay time.Time) {
	if !incidentDay.IsZero() {
		for i := range es {
			if es[i].At.Before(incidentDay.AddDate(0, 0, -1)) {
				es[i].Background = true
			}
		}
	}
	for i := range es {
		if !es[i].Background && sy.says(contextRE, es[i].Text) && !sy.says(detectedRE, es[i].Text) && !sy.says(recoveredRE, es[i].Text) && !sy.says(resolvedRE, es[i].Text) {
			es[i].Background = true
		}
	}
	// More than a day before the first entry that says something went
	// wrong or was noticed, an entry that says neither is the lead-up.
	var first *time.Time
	for i := range es {
		if !es[i].Background && (sy.says(impactRE, es[i].Text) || sy.says(detectedRE, es[i].Text)) && (first == nil || es[i].At.Before(*first)) {
			at := es[i].At
			first = &at
		}
	}
	if first != nil {
		for i := range es {
			if es[i].At.Before(first.Add(-24*time.Hour)) && !sy.says(impactRE, es[i].Text) && !sy.says(detectedRE, es[i].Text) {
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
		e := es[idx[k]]
		if es[idx[k+1]].At.Sub(e.At) < 7*24*time.Hour || sy.says(detectedRE, e.Text) || sy.says(impactRE, e.Text) {
			break
		}
		for j := 0; j <= k; j++ {
			es[idx[j]].Background = true
		}
	}
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
		if !l.skip && numericDateLike(l.text) {
			look(plain(l.text))
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

// numericDateLike: a digit next to a '/' or '-' (a cheap test before the
// regexp, on every line of a document).
func numericDateLike(s string) bool {
	for i := 1; i < len(s); i++ {
		if (s[i] == '/' || s[i] == '-') && s[i-1] >= '0' && s[i-1] <= '9' {
			return true
		}
	}
	return false
}

var reNumDateAny = regexp.MustCompile(`\b(\d{1,2})([-/])(\d{1,2})[-/](\d{4}|\d{2})\b`)

// titleOrFileDate is the incident's day as its title or file name gives it.
func titleOrFileDate(ctx DateContext, dayFirst int) (time.Time, string) {
	if t, ok := dateIn(ctx.Title, dayFirst, time.Time{}); ok {
		return t, "the title"
	}
	if t := frontmatter.FileNameDate(ctx.FileName); t != nil {
		return *t, "the file name"
	}
	if t, ok := dateIn(strings.TrimSuffix(ctx.FileName, path.Ext(ctx.FileName)), dayFirst, time.Time{}); ok {
		return t, "the file name"
	}
	return time.Time{}, ""
}

// contextDate is the date a time alone takes when no entry before it has
// one: the title's, the file name's, or the first dated sentence's.
func contextDate(ls []docLine, ctx DateContext, dayFirst int) (time.Time, string) {
	if t, from := titleOrFileDate(ctx, dayFirst); !t.IsZero() {
		// A file name's date may be the day the review was published: the
		// first day the text writes, when another, is the incident's.
		if from == "the file name" {
			if d, line, ok := firstStatedDay(ls, t); ok && !d.Equal(t) {
				return d, "line " + strconv.Itoa(line)
			}
		}
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

// firstDayAgrees: the first day the text writes (a year-less "28th
// February" too) is day's, or the text writes none.
func firstDayAgrees(body []byte, day time.Time) bool {
	d, _, ok := firstStatedDay(docLines(body, 1), day)
	return !ok || d.Equal(day)
}

// firstStatedDay is the first day the text writes (a year-less "Feb 23"
// takes the year that puts it nearest ref) and its line.
func firstStatedDay(ls []docLine, ref time.Time) (time.Time, int, bool) {
	for _, l := range ls {
		if l.skip {
			continue
		}
		s := plain(l.text)
		for i := 0; i < len(s) && i < 300; i++ {
			if i > 0 && isWordByte(s[i-1]) {
				continue
			}
			if c := s[i]; !(c >= '0' && c <= '9') && !(c >= 'A' && c <= 'Z') && !(c >= 'a' && c <= 'z') {
				continue
			}
			w, _, ok := readWhen(s[i:])
			if !ok || !w.hasDate() || w.ambiguousDM {
				continue
			}
			y := w.year
			if y == 0 {
				y = nearestYear(w.month, w.day, ref)
			}
			if !validDate(y, w.month, w.day) {
				continue
			}
			return time.Date(y, time.Month(w.month), w.day, 0, 0, 0, 0, time.UTC), l.n, true
		}
	}
	return time.Time{}, 0, false
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
