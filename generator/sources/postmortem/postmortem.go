// Package postmortem reads a postmortem: its front matter, and what that
// leaves out from the Markdown text (labelled fields, the timeline's times,
// the action items), each value with the line it came from (METRICS.md,
// "Incidents"). It knows nothing of pages or rendering: content walks the
// files, renders them and hands each postmortem's front matter and body to
// Read.
//
// Decisions:
//   - Severity, status, incident times and services that front matter
//     leaves empty are read from labelled fields of the body ("**Severity:**
//     High", a "## Severity" section, a table column), never from prose
//     (InferBody); times still missing come from the timeline
//     (ReadTimeline); action items, when front matter has none, from the
//     body (ReadActionItems). Postmortem.Inferred and Sources say which and
//     where from.
//   - Its date is started, else a YYYY-MM-DD file-name prefix, else a
//     YYYY/MM/ directory layout (the day from a DD-MM-YYYY title or file-name
//     prefix in that same month, else the 1st), else the front-matter date
//     (publication); DateFrom says which.
//   - Times out of order (resolved before mitigated...) are errors; unknown
//     keys stay in Params, silent unless misspelt (the Decoder lists them).
package postmortem

import (
	"fmt"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/vitals-dev/vitals/generator/base/model"
	"github.com/vitals-dev/vitals/generator/sources/frontmatter"
)

// Postmortem is a postmortem as read from its file.
type Postmortem struct {
	model.Postmortem
	// DateFrom says how Date was found (see the DateFrom constants); ""
	// when Date is nil.
	DateFrom string
	// Inferred lists the fields read from the body's labelled lines rather
	// than front matter (see InferBody), by front-matter key, each with
	// where it was found: "severity" -> `line 5: labelled line "Severity"`.
	// Nil when nothing was inferred. Front matter always wins.
	Inferred map[string]string
	// Sources says, for each value read from the text rather than front
	// matter (severity, status, services, the four times), the line it
	// came from, for the page to show.
	Sources map[string]Source
	// Timeline is what was read from the body's timeline; Zone the zone
	// its times were read in and ZoneNote how that was decided.
	Timeline Timeline
	Zone     string
	ZoneNote string
	// ItemsFromBody is true when the action items were read from the
	// body (front matter has none).
	ItemsFromBody bool
	// NoImpact is the sentence that makes it a near miss (NearMiss).
	NoImpact *Source
	// Slug names the postmortem's page: the slug of its id, unique among
	// the site's postmortems (content.Load sets it).
	Slug string
}

// How a postmortem's date was found.
const (
	DateFromFrontMatter = "front matter"
	DateFromBody        = "body"                // a labelled or timeline start time (see InferBody, ReadTimeline)
	DateFromFileName    = "file name"           // YYYY-MM-DD prefix of the file name
	DateFromDirDay      = "directory and title" // YYYY/MM/ directories, day from a DD-MM-YYYY title or file-name prefix in that month
	DateFromDirMonth    = "directory"           // YYYY/MM/ directories: the 1st of that month, day unknown
	DateFromPublished   = "publication date"    // the front-matter date (when it was published)
	DateFromTitle       = "title"               // a date in the title, when no timeline entry gives a time
)

// Doc is what Read needs to know of the file besides its front matter and
// body.
type Doc struct {
	Path     string // slash-separated, relative to the site
	FileName string // the base name as written
	Slug     string // the page slug: the id when front matter gives none
	Title    string // the page title (front matter, heading or file name)
}

// Source is where a value read from the text came from.
type Source struct {
	Line int    // file line
	How  string // "timeline entry", `labelled line "Severity"`...
	Text string // the line as written, trimmed
	// Words are the words that decided it: `says "alert"`, "earliest
	// entry", `labelled "Resolved"`; "" for labelled fields.
	Words string
}

func (s Source) String() string { return s.Where() + ": " + s.How }

// Where names the place a value was read: "line 12", or the title or the
// file name (they have no line of the body).
func (s Source) Where() string {
	switch {
	case s.Line > 0:
		return "line " + strconv.Itoa(s.Line)
	case s.Words == "a date in the file name":
		return "the file name"
	case s.Words == "a date in the title":
		return "the title"
	}
	return "line " + strconv.Itoa(s.Line)
}

// ReadFields are the postmortem values that can be read from the text, in
// the order vitals check reports them.
var ReadFields = []string{fStarted, fDetected, fMitigated, fResolved, fSeverity, fStatus, fServices}

// Keys are the front-matter keys of a postmortem; any other key
// is kept in Params and reported as a warning. "template: true" marks a
// template, which is skipped.
var Keys = []string{
	"id", "title", "severity", "status", "repo", "release",
	"started", "detected", "mitigated", "resolved",
	"services", "tags", "action_items", "template",
}

// ForeignKeys are keys other tools write that mean one of ours: date
// (Hugo's publication date, shown, never started), categories and
// keywords (tags), product, service and component (services), company.
var ForeignKeys = []string{"date", "categories", "keywords", "product", "service", "component", "company"}

// LinkKeys name what a postmortem follows from: a launch, a pre-mortem and
// its risk, decision records. Other sections read them (generator/compute
// premortems and decisions) from the page's front matter.
var LinkKeys = []string{"launch", "premortem", "risk", "risks", "decision", "decisions"}

// ActionItemKeys are the keys of one action item.
var ActionItemKeys = []string{"title", "owner", "due", "issue", "status"}

var (
	issueRefRE = regexp.MustCompile(`^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?/[A-Za-z0-9._-]+#[1-9][0-9]*$`)
	repoRE     = regexp.MustCompile(`^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?/[A-Za-z0-9._-]+$`)
)

// reader reads one postmortem's front matter; its diagnostics and unknown
// keys collect in the Decoder.
type reader struct{ *frontmatter.Decoder }

// Read reads a postmortem's front matter (through d, which collects the
// diagnostics), and what it leaves out from the text: the labelled fields
// of the body (severity, status, times, services), the timeline's times and
// the action items (see InferBody, ReadTimeline, ReadActionItems). Front
// matter always wins.
func Read(d *frontmatter.Decoder, doc Doc, body []byte) Postmortem {
	return reader{d}.postmortem(doc, body)
}

func (d reader) postmortem(pg Doc, body []byte) Postmortem {
	p := d.FM.Params
	pm := model.Postmortem{Path: pg.Path, Title: pg.Title}
	d.UnknownKeys("", p, append(append(append([]string(nil), Keys...), ForeignKeys...), LinkKeys...), "postmortem")

	// The id is the author's, as written (INC-2024-001, PM-7, a UUID); its
	// slug names the page (see Load).
	pm.ID = d.Str("id")
	if pm.ID == "" {
		pm.ID = pg.Slug
	}
	pm.Severity = d.Str("severity")
	pm.Status = d.Str("status")
	pm.Release = d.Str("release")
	pm.Company = d.Str("company")
	if repo := d.Str("repo"); repo != "" {
		if repoRE.MatchString(repo) {
			pm.Repo = repo
		} else {
			d.Errf("repo", "repo: %q is not a GitHub repository (want owner/name)", repo)
		}
	}
	if v, ok := p["template"]; ok {
		if _, isBool := v.(bool); !isBool {
			d.Errf("template", "template: want true or false, got %s", frontmatter.Describe(v))
		}
	}
	// Hugo's date is when the review was published: shown, never started.
	// Foreign, so a value that is no date is left alone, not an error.
	if v, ok := p["date"]; ok {
		probe := frontmatter.NewDecoder(d.Path, d.FM)
		if t, ok := probe.Time("date", v); ok && t != nil {
			pm.Published = t
		}
	}

	// Times, in the order they must happen.
	type stamp struct {
		key string
		dst **time.Time
	}
	var prev *stamp
	var prevT *time.Time
	for _, s := range []stamp{{"started", &pm.Started}, {"detected", &pm.Detected}, {"mitigated", &pm.Mitigated}, {"resolved", &pm.Resolved}} {
		t, _ := d.Time(s.key, p[s.key])
		*s.dst = t
		if t == nil {
			continue
		}
		if prevT != nil && t.Before(*prevT) {
			d.Errf(s.key, "%s (%s) is before %s (%s); want started <= detected <= mitigated <= resolved",
				s.key, t.Format("2006-01-02 15:04 UTC"), prev.key, prevT.Format("2006-01-02 15:04 UTC"))
		}
		s := s
		prev, prevT = &s, t
	}

	pm.Services = d.List("services", p["services"])
	for _, k := range []string{"service", "product", "component"} {
		pm.Services = merge(pm.Services, d.List(k, p[k]))
	}
	pm.Tags = d.List("tags", p["tags"])
	for _, k := range []string{"categories", "keywords"} {
		pm.Tags = merge(pm.Tags, d.List(k, p[k]))
	}
	pm.ActionItems = d.actionItems(p["action_items"])
	var out Postmortem
	inferred := d.inferFromBody(&pm, body)
	if pm.Started == nil && !d.Has(fStarted) {
		// "Date: December 15, 2022" and "Time: 00:50:10 UTC": when it happened.
		if at, line, ok := dateAndTimeLabels(body, d.FM.BodyLine); ok {
			pm.Started = &at
			if inferred == nil {
				inferred = map[string]string{}
			}
			inferred[fStarted] = "line " + strconv.Itoa(line) + `: labelled lines "Date" and "Time"`
		}
	}
	// A labelled impact window: started, and mitigated (the impact ended);
	// resolved too when the timeline gives none (below).
	var windowEnd *time.Time
	var windowFrom string
	if ws, we, line, label, ok := impactWindow(body, d.FM.BodyLine, DateContext{Title: pg.Title, FileName: pg.FileName, Path: pg.Path}); ok {
		windowFrom = windowSource(line, label)
		if pm.Started == nil && !d.Has(fStarted) && (pm.Detected == nil || !pm.Detected.Before(ws)) {
			pm.Started = &ws
			if inferred == nil {
				inferred = map[string]string{}
			}
			inferred[fStarted] = windowFrom
		}
		if pm.Started != nil && !we.Before(*pm.Started) && (pm.Resolved == nil || !pm.Resolved.Before(we)) {
			if pm.Mitigated == nil && !d.Has(fMitigated) {
				pm.Mitigated = &we
				if inferred == nil {
					inferred = map[string]string{}
				}
				inferred[fMitigated] = windowFrom
			}
			windowEnd = &we
		}
	}
	lines := strings.Split(strings.ReplaceAll(string(body), "\r\n", "\n"), "\n")
	lineText := func(n int) string {
		if i := n - d.FM.BodyLine; i >= 0 && i < len(lines) {
			return clip(strings.TrimSpace(lines[i]), 200)
		}
		return ""
	}
	for k, from := range inferred {
		if out.Sources == nil {
			out.Sources = map[string]Source{}
		}
		n, how := 0, from
		if rest, ok := strings.CutPrefix(from, "line "); ok {
			if i := strings.Index(rest, ": "); i > 0 {
				n, _ = strconv.Atoi(rest[:i])
				how = rest[i+2:]
			}
		}
		out.Sources[k] = Source{Line: n, How: how, Text: lineText(n)}
		if windowFrom != "" && from == windowFrom {
			out.Sources[k] = Source{Line: n, How: how, Text: lineText(n), Words: windowWords[k]}
		}
	}

	// The timeline, for the times neither front matter nor a labelled line
	// gives (none left to give: not read).
	tl := Timeline{Zone: "UTC"}
	if pm.Started == nil || pm.Detected == nil || pm.Mitigated == nil || pm.Resolved == nil {
		tl = ReadTimeline(body, d.FM.BodyLine, DateContext{Title: pg.Title, FileName: pg.FileName, Path: pg.Path})
	}
	out.Timeline = tl
	d.timelineTimes(&pm, tl, &inferred, &out.Sources)
	if windowEnd != nil && pm.Resolved == nil && !d.Has(fResolved) && (pm.Mitigated == nil || !windowEnd.Before(*pm.Mitigated)) {
		pm.Resolved = windowEnd
		if inferred == nil {
			inferred = map[string]string{}
		}
		if out.Sources == nil {
			out.Sources = map[string]Source{}
		}
		n, how, _ := strings.Cut(strings.TrimPrefix(windowFrom, "line "), ": ")
		line, _ := strconv.Atoi(n)
		inferred[fResolved], out.Sources[fResolved] = windowFrom, Source{Line: line, How: how, Text: lineText(line), Words: windowWords[fResolved]}
	}
	if pm.Started == nil && tl.NoImpact != nil && !d.Has(fStarted) {
		pm.NearMiss, out.NoImpact = true, tl.NoImpact
	}
	// No timeline entry gives a time, but the title or the file name
	// names the day it happened ("Incident report July 11 2025 - ...",
	// 2022-10-31-phone-incident.md): started, as a date.
	if pm.Started == nil && !pm.NearMiss && !d.Has(fStarted) && len(tl.Entries) == 0 {
		t, ok := dateIn(pg.Title, 0, time.Time{})
		src := Source{How: "the title's date (no timeline entry gives one)", Text: pg.Title, Words: "a date in the title"}
		if !ok {
			// A file name's date may be the day the review was published:
			// taken only when the text names no other day first.
			if fd := frontmatter.FileNameDate(pg.FileName); fd != nil && firstDayAgrees(body, *fd) {
				t, ok = *fd, true
				src = Source{How: "the file name's date (no timeline entry gives one)", Text: pg.FileName, Words: "a date in the file name"}
			}
		}
		if ok {
			pm.Started = &t
			if pm.DayOnly == nil {
				pm.DayOnly = map[string]bool{}
			}
			pm.DayOnly[fStarted] = true
			if inferred == nil {
				inferred = map[string]string{}
			}
			if out.Sources == nil {
				out.Sources = map[string]Source{}
			}
			from := "title: "
			if src.Words == "a date in the file name" {
				from = "file name: "
			}
			inferred[fStarted], out.Sources[fStarted] = from+src.How, src
		}
	}
	out.Zone = tl.Zone
	switch {
	case tl.ZoneLine > 0:
		out.ZoneNote = "times in " + tl.Zone + " (line " + strconv.Itoa(tl.ZoneLine) + ")"
	case len(tl.Entries) > 0:
		out.ZoneNote = "the document states no time zone: its times are read as UTC"
	}

	if len(pm.ActionItems) == 0 && !d.Has("action_items") {
		for _, it := range ReadActionItems(body, d.FM.BodyLine, pm.Repo) {
			a := it.ActionItem
			a.Line = it.Line
			pm.ActionItems = append(pm.ActionItems, a)
		}
		out.ItemsFromBody = len(pm.ActionItems) > 0
	}

	// Date: started, else a YYYY-MM-DD file-name prefix, else YYYY/MM/
	// directories, else the publication date.
	switch {
	case pm.Started != nil && strings.HasPrefix(inferred[fStarted], "title: "):
		pm.Date, out.DateFrom = pm.Started, DateFromTitle
	case pm.Started != nil && strings.HasPrefix(inferred[fStarted], "file name: "):
		pm.Date, out.DateFrom = pm.Started, DateFromFileName
	case pm.Started != nil && inferred[fStarted] != "":
		pm.Date, out.DateFrom = pm.Started, DateFromBody
	case pm.Started != nil:
		pm.Date, out.DateFrom = pm.Started, DateFromFrontMatter
	default:
		if t := frontmatter.FileNameDate(pg.FileName); t != nil {
			pm.Date, out.DateFrom = t, DateFromFileName
		} else if t, from := dirDate(pg.Path, pg.Title); t != nil {
			pm.Date, out.DateFrom = t, from
		} else if pm.Published != nil {
			pm.Date, out.DateFrom = pm.Published, DateFromPublished
		}
	}
	if len(inferred) == 0 {
		inferred = nil
	}
	out.Postmortem, out.Inferred = pm, inferred
	return out
}

var dateLabelRE = regexp.MustCompile(`(?i)^\s*(?:#{1,6}\s+)?(?:\*\*|__)?(?:incident )?(date|time)(?:\*\*|__)?\s*:\s*(?:\*\*|__)?\s*(.+)$`)

// dateAndTimeLabels reads a pair of labelled lines near the top, "Date:"
// and "Time:" (as lines or headings), as the instant the incident
// happened: both must be there and read, the time in the zone it names
// (UTC when it names none). line is the file line of the time.
func dateAndTimeLabels(body []byte, firstLine int) (time.Time, int, bool) {
	var date *time.Time
	var clock *when
	line := 0
	for i, l := range bodyLines(body) {
		if l.skip || i > 30 {
			continue
		}
		m := dateLabelRE.FindStringSubmatch(l.text)
		if m == nil {
			continue
		}
		v := strings.TrimSpace(plain(m[2]))
		switch strings.ToLower(m[1]) {
		case "date":
			if t, ok := dateIn(v, 0, time.Time{}); ok && date == nil {
				date = &t
			}
		case "time":
			if w, _, ok := readWhen(v); ok && w.hasTime && !w.hasDate() && clock == nil {
				clock, line = &w, firstLine+l.n
			}
		}
	}
	if date == nil || clock == nil {
		return time.Time{}, 0, false
	}
	local := date.Add(time.Duration(clock.hour)*time.Hour + time.Duration(clock.min)*time.Minute + time.Duration(clock.sec)*time.Second)
	return local.Add(-time.Duration(clock.zone.offsetAt(local)) * time.Second), line, true
}

// timelineTimes fills the times that front matter and labelled lines leave
// empty from the timeline, keeping started first and mitigated <= resolved
// with the values already known (a timeline value that would break that
// order is not taken; detected may come after the impact ended). Values of
// day precision compare by their day.
func (d reader) timelineTimes(pm *model.Postmortem, tl Timeline, inferred *map[string]string, sources *map[string]Source) {
	got := tl.IncidentTimes()
	if len(got) == 0 {
		return
	}
	slots := []struct {
		key string
		dst **time.Time
	}{{fStarted, &pm.Started}, {fDetected, &pm.Detected}, {fMitigated, &pm.Mitigated}, {fResolved, &pm.Resolved}}
	before := func(a time.Time, aDay bool, b time.Time, bDay bool) bool {
		if aDay || bDay {
			return dayOf(a).Before(dayOf(b))
		}
		return a.Before(b)
	}
	for i, s := range slots {
		e, ok := got[s.key]
		if !ok || *s.dst != nil || d.Has(s.key) {
			continue
		}
		// started comes first and mitigated before resolved; detected may
		// come after the impact ended (it healed before anyone noticed).
		fits := true
		for j, o := range slots {
			if *o.dst == nil || j == i || (i == 1 && j > 1) || (j == 1 && i > 1) {
				continue
			}
			oDay := pm.Day(o.key)
			if (j < i && before(e.At, e.Day, **o.dst, oDay)) || (j > i && before(**o.dst, oDay, e.At, e.Day)) {
				fits = false
			}
		}
		if !fits {
			continue
		}
		at := e.At
		*s.dst = &at
		if e.Day {
			if pm.DayOnly == nil {
				pm.DayOnly = map[string]bool{}
			}
			pm.DayOnly[s.key] = true
		}
		if *inferred == nil {
			*inferred = map[string]string{}
		}
		if *sources == nil {
			*sources = map[string]Source{}
		}
		src := Source{Line: e.Line, How: "timeline entry", Text: e.Source, Words: e.Words}
		if e.DateFrom != "" {
			src.How += ", date from " + e.DateFrom
		}
		(*inferred)[s.key] = src.String()
		(*sources)[s.key] = src
	}
}

// merge appends the values of b that a lacks.
func merge(a, b []string) []string {
	for _, v := range b {
		if !slices.Contains(a, v) {
			a = append(a, v)
		}
	}
	return a
}

// inferFromBody fills the fields front matter leaves empty from the body's
// labelled fields and says where each came from. Inferred times that would
// put started, detected, mitigated and resolved out of order are dropped.
func (d reader) inferFromBody(pm *model.Postmortem, body []byte) map[string]string {
	bf := InferBody(body, d.FM.BodyLine)
	if bf.From == nil {
		return nil
	}
	out := map[string]string{}
	take := func(key string, ok bool) bool {
		if !ok || d.Has(key) {
			return false
		}
		out[key] = bf.From[key]
		return true
	}
	if take(fSeverity, bf.Severity != "") {
		pm.Severity = bf.Severity
	}
	if take(fStatus, bf.Status != "") {
		pm.Status = bf.Status
	}
	if take(fServices, len(bf.Services) > 0) {
		pm.Services = bf.Services
	}
	times := []struct {
		key      string
		dst, src **time.Time
	}{{fStarted, &pm.Started, &bf.Started}, {fDetected, &pm.Detected, &bf.Detected},
		{fMitigated, &pm.Mitigated, &bf.Mitigated}, {fResolved, &pm.Resolved, &bf.Resolved}}
	var any bool
	for _, t := range times {
		if take(t.key, *t.src != nil) {
			*t.dst, any = *t.src, true
		}
	}
	if any {
		var prev *time.Time
		ordered := true
		for _, t := range times {
			if *t.dst == nil {
				continue
			}
			if prev != nil && (*t.dst).Before(*prev) {
				ordered = false
			}
			prev = *t.dst
		}
		if !ordered {
			for _, t := range times {
				if out[t.key] != "" {
					*t.dst = nil
					delete(out, t.key)
				}
			}
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

func (d reader) actionItems(v any) []model.ActionItem {
	var items []any
	switch v := v.(type) {
	case nil:
		return nil
	case []any:
		items = v
	case []map[string]any: // TOML [[action_items]]
		for _, m := range v {
			items = append(items, m)
		}
	default:
		d.Errf("action_items", "action_items: want a list of items (title, owner, due, issue, status), got %s", frontmatter.Describe(v))
		return nil
	}
	var out []model.ActionItem
	for i, it := range items {
		key := "action_items." + strconv.Itoa(i)
		var m map[string]any
		switch it := it.(type) {
		case string: // a bare line of text is an item with only a title
			m = map[string]any{"title": it}
		case map[string]any:
			m = it
		default:
			d.Errf(key, "%s: want an item with title, owner, due, issue, status; got %s", frontmatter.Label(key), frontmatter.Describe(it))
			continue
		}
		d.UnknownKeys(key+".", m, ActionItemKeys, "action item")
		var a model.ActionItem
		if _, isStr := it.(string); isStr {
			a.Title, _ = d.Text(key, it)
		} else {
			a.Title, _ = d.Text(key+".title", m["title"])
		}
		a.Owner, _ = d.Text(key+".owner", m["owner"])
		if t, ok := d.Time(key+".due", m["due"]); ok && t != nil {
			if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 {
				a.Due = t.Format("2006-01-02")
			} else {
				a.Due = t.Format("2006-01-02 15:04")
			}
		}
		if s, _ := d.Text(key+".issue", m["issue"]); s != "" {
			if issueRefRE.MatchString(s) {
				a.Issue = s
			} else {
				d.Errf(key+".issue", "%s: %q is not an issue reference (want owner/repo#N, e.g. vitals-dev/vitals#12)", frontmatter.Label(key+".issue"), s)
			}
		}
		st, _ := d.Text(key+".status", m["status"])
		a.Status = strings.ToLower(st) // "Done" counts as done (docs/metrics.md)
		if a.Title == "" {
			d.Errf(key, "%s: title is missing (every action item needs one)", frontmatter.Label(key))
		}
		out = append(out, a)
	}
	return out
}

// MissingStartReason says why a postmortem has no start of impact, for the
// index and vitals check; "" when it has one.
func (p Postmortem) MissingStartReason() string {
	if p.Started != nil {
		return ""
	}
	tl := p.Timeline
	bg := 0
	for _, e := range tl.Entries {
		if e.Background {
			bg++
		}
	}
	switch {
	case p.NearMiss && p.NoImpact != nil:
		return fmt.Sprintf("a near miss: line %d %s (%q)", p.NoImpact.Line, p.NoImpact.How, p.NoImpact.Words)
	case !tl.Found:
		return "no started in front matter and no timeline section"
	case len(tl.Entries) == 0 && tl.Skipped > 0:
		return fmt.Sprintf("no timeline entry could be read (%d with a time that names no date or is not a time)", tl.Skipped)
	case len(tl.Entries) == 0:
		return "its timeline has no entry with a time of day"
	case bg == len(tl.Entries):
		return "its timeline only has entries from before the incident"
	}
	return "the timeline's earliest entry is later than a time front matter gives"
}

// ReadLine says which values were read from the text of the postmortem
// (with their lines) and which are missing, for vitals check: one line.
func (p Postmortem) ReadLine() string {
	var read, missing []string
	for _, k := range ReadFields {
		if s, ok := p.Sources[k]; ok {
			read = append(read, fmt.Sprintf("%s (%s)", k, s.Where()))
		}
	}
	if p.ItemsFromBody {
		first, last := p.ActionItems[0].Line, p.ActionItems[len(p.ActionItems)-1].Line
		if first == last && len(p.ActionItems) == 1 {
			read = append(read, fmt.Sprintf("%d action item (line %d)", len(p.ActionItems), first))
		} else {
			read = append(read, fmt.Sprintf("%d action items (lines %d-%d)", len(p.ActionItems), first, last))
		}
	}
	times := []struct {
		k string
		t *time.Time
	}{{fStarted, p.Started}, {fDetected, p.Detected}, {fMitigated, p.Mitigated}, {fResolved, p.Resolved}}
	for _, t := range times {
		if t.t == nil {
			m := t.k
			if t.k == fStarted {
				m += " (" + p.MissingStartReason() + "; left out of rates)"
			}
			missing = append(missing, m)
		}
	}
	if len(p.ActionItems) == 0 {
		missing = append(missing, "action items")
	}
	line := p.Path + ": "
	switch {
	case len(read) > 0:
		line += "read from the text: " + strings.Join(read, ", ")
	case len(missing) == 0:
		line += "all from front matter"
	default:
		line += "nothing read from the text"
	}
	if len(missing) > 0 {
		line += "; missing: " + strings.Join(missing, ", ")
	}
	if p.ZoneNote != "" && len(p.Sources) > 0 {
		line += "; " + p.ZoneNote
	}
	return line
}

// Provenance lists each value read from the text: its key, the line it
// came from, how it was found, the words that decided it and the line as
// written (vitals check -v).
func (p Postmortem) Provenance() []string {
	var out []string
	for _, k := range ReadFields {
		s, ok := p.Sources[k]
		if !ok {
			continue
		}
		l := fmt.Sprintf("%s: %s, %s", k, s.Where(), s.How)
		if s.Words != "" {
			l += ", " + s.Words
		}
		if p.Day(k) {
			l += ", a date without a time (day precision)"
		}
		out = append(out, l+": "+strconv.Quote(strings.Join(strings.Fields(s.Text), " ")))
	}
	if p.NoImpact != nil {
		out = append(out, fmt.Sprintf("near miss: line %d %s (%s): %q", p.NoImpact.Line, p.NoImpact.How, p.NoImpact.Words, p.NoImpact.Text))
	}
	return out
}

// Hints name the lines of the timeline that state a date or time the reader
// could not place, and why, so an author can fix them.
func (p Postmortem) Hints() []string {
	var out []string
	for _, u := range p.Timeline.Unplaced {
		out = append(out, fmt.Sprintf("line %d states a time that was not read (%s): “%s”", u.Line, u.Why, u.Text))
	}
	if n := p.Timeline.Skipped - len(p.Timeline.Unplaced); n > 0 {
		out = append(out, fmt.Sprintf("and %d more such %s", n, map[bool]string{true: "line", false: "lines"}[n == 1]))
	}
	return out
}

var (
	yearMonthRE = regexp.MustCompile(`(?:^|/)(\d{4})/(\d{2})/`)
	dmyRE       = regexp.MustCompile(`^(\d{2})-(\d{2})-(\d{4})\b`)
)

// dirDate reads a YYYY/MM/ directory layout in a path (the last such pair).
// The day comes from a DD-MM-YYYY prefix of the title or file name when it
// names the same month and year (that check settles DD-MM against MM-DD);
// otherwise the date is the 1st of the month.
func dirDate(rel, title string) (*time.Time, string) {
	ms := yearMonthRE.FindAllStringSubmatch(rel, -1)
	if ms == nil {
		return nil, ""
	}
	m := ms[len(ms)-1]
	month, err := time.Parse("2006-01", m[1]+"-"+m[2])
	if err != nil {
		return nil, ""
	}
	for _, s := range []string{title, path.Base(rel)} {
		if d := dmyRE.FindStringSubmatch(s); d != nil && d[2] == m[2] && d[3] == m[1] {
			if t, err := time.Parse("2006-01-02", d[3]+"-"+d[2]+"-"+d[1]); err == nil {
				return &t, DateFromDirDay
			}
		}
	}
	return &month, DateFromDirMonth
}
