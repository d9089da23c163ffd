package content

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/vitals-dev/vitals/generator/base/diag"
	"github.com/vitals-dev/vitals/generator/base/model"
)

// Postmortem is a postmortem read from content/postmortems and its page.
type Postmortem struct {
	model.Postmortem
	Page *Page
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
	// Slug names the postmortem's page: the slug of its id, unique.
	Slug string
}

// Source is where a value read from the text came from.
type Source struct {
	Line int    // file line
	How  string // "timeline entry", `labelled line "Severity"`...
	Text string // the line as written, trimmed
}

func (s Source) String() string { return "line " + strconv.Itoa(s.Line) + ": " + s.How }

// ReadFields are the postmortem values that can be read from the text, in
// the order vitals check reports them.
var ReadFields = []string{fStarted, fDetected, fMitigated, fResolved, fSeverity, fStatus, fServices}

// Models returns the model.Postmortem of each, in order (for PostmortemIndex
// and the incident computations).
func Models(pms []Postmortem) []model.Postmortem {
	out := make([]model.Postmortem, len(pms))
	for i, p := range pms {
		out[i] = p.Postmortem
	}
	return out
}

// PostmortemKeys are the front-matter keys of a postmortem; any other key
// is kept in Params and reported as a warning. "template: true" marks a
// template, which is skipped.
var PostmortemKeys = []string{
	"id", "title", "severity", "status", "repo", "release",
	"started", "detected", "mitigated", "resolved",
	"services", "tags", "action_items", "template",
}

// ForeignKeys are keys other tools write that mean one of ours: date
// (Hugo's publication date, shown, never started), categories and
// keywords (tags), product, service and component (services), company.
var ForeignKeys = []string{"date", "categories", "keywords", "product", "service", "component", "company"}

// ActionItemKeys are the keys of one action item.
var ActionItemKeys = []string{"title", "owner", "due", "issue", "status"}

var (
	issueRefRE = regexp.MustCompile(`^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?/[A-Za-z0-9._-]+#[1-9][0-9]*$`)
	repoRE     = regexp.MustCompile(`^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?/[A-Za-z0-9._-]+$`)
)

// decoder reads typed values out of front matter, collecting diagnostics at
// the positions where the values are written.
type decoder struct {
	path    string
	fm      *FrontMatter
	ds      diag.List
	unknown []UnknownKey
}

func (d *decoder) errf(key, format string, args ...any) {
	p := d.fm.ValuePos(key)
	d.ds = append(d.ds, diag.Diag{Path: d.path, Line: p.Line, Col: p.Col, Msg: fmt.Sprintf(format, args...)})
}

func (d *decoder) warnKey(key, format string, args ...any) {
	p := d.fm.KeyPos(key)
	d.ds = append(d.ds, diag.Diag{Path: d.path, Line: p.Line, Col: p.Col, Severity: diag.Warning, Msg: fmt.Sprintf(format, args...)})
}

// label turns a key path into how a reader writes it: "action_items[0].issue".
func label(key string) string {
	parts := strings.Split(key, ".")
	var b strings.Builder
	for i, p := range parts {
		if _, err := strconv.Atoi(p); err == nil && i > 0 {
			b.WriteString("[" + p + "]")
			continue
		}
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString(p)
	}
	return b.String()
}

// str reads a top-level text value (see text).
func (d *decoder) str(key string) string {
	v, ok := d.fm.Params[key]
	if !ok {
		return ""
	}
	s, _ := d.text(key, v)
	return s
}

// text reads a text value, trimmed. YAML scalars that decode to numbers,
// booleans or dates keep their literal text (release: 1.20 is "1.20"); in
// TOML an integer is written in decimal and other non-strings are errors.
func (d *decoder) text(key string, v any) (string, bool) {
	switch v := v.(type) {
	case nil:
		return "", true
	case string:
		return strings.TrimSpace(v), true
	}
	if raw, ok := d.fm.rawScalar(key); ok {
		return strings.TrimSpace(raw), true
	}
	if i, ok := v.(int64); ok {
		return strconv.FormatInt(i, 10), true
	}
	d.errf(key, "%s: want text, got %s (put it in quotes)", label(key), describe(v))
	return "", false
}

func describe(v any) string {
	switch v := v.(type) {
	case bool:
		return fmt.Sprintf("the boolean %v", v)
	case int, int64, uint64:
		return fmt.Sprintf("the number %v", v)
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Sprintf("the number %v", v)
		}
		return "the number " + strconv.FormatFloat(v, 'g', -1, 64)
	case time.Time:
		return "the date " + v.Format(time.RFC3339)
	case []any, []map[string]any:
		return "a list"
	case map[string]any, map[any]any:
		return "a table"
	}
	return fmt.Sprintf("%T", v)
}

// timeLayouts are the accepted written forms of a time, all UTC unless
// they carry an offset.
var timeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04",
	"2006-01-02",
}

// ParseTime reads a time written as RFC3339, "YYYY-MM-DD HH:MM[:SS]" (UTC)
// or a date "YYYY-MM-DD" (midnight UTC).
func ParseTime(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, l := range timeLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

const timeWant = "want RFC3339 or YYYY-MM-DD HH:MM"

// time reads a time value; nil when absent or empty.
func (d *decoder) time(key string, v any) (*time.Time, bool) {
	switch v := v.(type) {
	case nil:
		return nil, true
	case time.Time:
		switch v.Location().String() {
		case "time-local": // TOML local time: no date
			d.errf(key, "%s: %s is a time of day without a date (%s)", label(key), v.Format("15:04:05"), timeWant)
			return nil, false
		case "datetime-local", "date-local": // TOML local date-times are UTC here
			t := time.Date(v.Year(), v.Month(), v.Day(), v.Hour(), v.Minute(), v.Second(), v.Nanosecond(), time.UTC)
			return &t, true
		}
		t := v.UTC()
		return &t, true
	case string:
		if strings.TrimSpace(v) == "" {
			return nil, true
		}
		if t, ok := ParseTime(v); ok {
			return &t, true
		}
		d.errf(key, "%s: %q is not a date (%s)", label(key), v, timeWant)
		return nil, false
	}
	d.errf(key, "%s: %s is not a date (%s)", label(key), describe(v), timeWant)
	return nil, false
}

// list reads a list of text values; a single text value is a list of one.
// Items are trimmed; empty and repeated items are dropped.
func (d *decoder) list(key string, v any) []string {
	var items []any
	switch v := v.(type) {
	case nil:
		return nil
	case []any:
		items = v
	case string:
		items = []any{v}
	default:
		d.errf(key, "%s: want a list of text, got %s", label(key), describe(v))
		return nil
	}
	var out []string
	seen := map[string]bool{}
	for i, it := range items {
		s, ok := d.text(key+"."+strconv.Itoa(i), it)
		if !ok || s == "" || seen[s] {
			continue
		}
		seen[s] = true
		out = append(out, s)
	}
	return out
}

func (d *decoder) unknownKeys(prefix string, m map[string]any, known []string, what string) {
	isKnown := map[string]bool{}
	for _, k := range known {
		isKnown[k] = true
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if isKnown[k] {
			continue
		}
		norm := strings.ToLower(strings.NewReplacer("-", "_", " ", "_").Replace(strings.TrimSpace(k)))
		if isKnown[norm] {
			// A misspelt key of ours is ignored, which the author must know.
			d.warnKey(prefix+k, "unknown %s key %q is kept in Params but not used (did you mean %q?)", what, k, norm)
			continue
		}
		// Other keys are the author's own: silent, listed by vitals check --strict.
		p := d.fm.KeyPos(prefix + k)
		name := itemIndexRE.ReplaceAllString(prefix, "[].") + k
		d.unknown = append(d.unknown, UnknownKey{Key: name, Path: d.path, Line: p.Line})
	}
}

// itemIndexRE: "action_items.3." is reported as "action_items[].", so that
// a key of every item is one key.
var itemIndexRE = regexp.MustCompile(`\.\d+\.`)

// UnknownKey is a front-matter key vitals does not read, where it is written.
type UnknownKey struct {
	Key, Path string
	Line      int
}

// postmortem reads a postmortem's front matter, and what it leaves out
// from the text: the labelled fields of the body (severity, status, times,
// services), the timeline's times and the action items (see InferBody,
// ReadTimeline, ReadActionItems). Front matter always wins.
func (d *decoder) postmortem(pg *Page, body []byte) Postmortem {
	p := d.fm.Params
	pm := model.Postmortem{Path: pg.Path, Title: pg.Title}
	d.unknownKeys("", p, append(append([]string(nil), PostmortemKeys...), ForeignKeys...), "postmortem")

	// The id is the author's, as written (INC-2024-001, PM-7, a UUID); its
	// slug names the page (see Load).
	pm.ID = d.str("id")
	if pm.ID == "" {
		pm.ID = pg.Slug
	}
	pm.Severity = d.str("severity")
	pm.Status = d.str("status")
	pm.Release = d.str("release")
	pm.Company = d.str("company")
	if repo := d.str("repo"); repo != "" {
		if repoRE.MatchString(repo) {
			pm.Repo = repo
		} else {
			d.errf("repo", "repo: %q is not a GitHub repository (want owner/name)", repo)
		}
	}
	if v, ok := p["template"]; ok {
		if _, isBool := v.(bool); !isBool {
			d.errf("template", "template: want true or false, got %s", describe(v))
		}
	}
	// Hugo's date is when the review was published: shown, never started.
	// Foreign, so a value that is no date is left alone, not an error.
	if v, ok := p["date"]; ok {
		probe := &decoder{path: d.path, fm: d.fm}
		if t, ok := probe.time("date", v); ok && t != nil {
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
		t, _ := d.time(s.key, p[s.key])
		*s.dst = t
		if t == nil {
			continue
		}
		if prevT != nil && t.Before(*prevT) {
			d.errf(s.key, "%s (%s) is before %s (%s); want started <= detected <= mitigated <= resolved",
				s.key, t.Format("2006-01-02 15:04 UTC"), prev.key, prevT.Format("2006-01-02 15:04 UTC"))
		}
		s := s
		prev, prevT = &s, t
	}

	pm.Services = d.list("services", p["services"])
	for _, k := range []string{"service", "product", "component"} {
		pm.Services = merge(pm.Services, d.list(k, p[k]))
	}
	pm.Tags = d.list("tags", p["tags"])
	for _, k := range []string{"categories", "keywords"} {
		pm.Tags = merge(pm.Tags, d.list(k, p[k]))
	}
	pm.ActionItems = d.actionItems(p["action_items"])
	out := Postmortem{Page: pg}
	inferred := d.inferFromBody(&pm, body)
	lines := strings.Split(strings.ReplaceAll(string(body), "\r\n", "\n"), "\n")
	lineText := func(n int) string {
		if i := n - d.fm.BodyLine; i >= 0 && i < len(lines) {
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
	}

	// The timeline, for the times neither front matter nor a labelled line gives.
	tl := ReadTimeline(body, d.fm.BodyLine, DateContext{Title: pg.Title, FileName: pg.FileName, Path: pg.Path})
	out.Timeline = tl
	d.timelineTimes(&pm, tl, &inferred, &out.Sources)
	out.Zone = tl.Zone
	switch {
	case tl.ZoneLine > 0:
		out.ZoneNote = "times in " + tl.Zone + " (line " + strconv.Itoa(tl.ZoneLine) + ")"
	case len(tl.Entries) > 0:
		out.ZoneNote = "the document states no time zone: its times are read as UTC"
	}

	if len(pm.ActionItems) == 0 && !d.inFrontMatter("action_items") {
		for _, it := range ReadActionItems(body, d.fm.BodyLine, pm.Repo) {
			a := it.ActionItem
			a.Line = it.Line
			pm.ActionItems = append(pm.ActionItems, a)
		}
		out.ItemsFromBody = len(pm.ActionItems) > 0
	}

	// Date: started, else a YYYY-MM-DD file-name prefix, else YYYY/MM/
	// directories, else the publication date.
	switch {
	case pm.Started != nil && inferred[fStarted] != "":
		pg.Date, pg.DateFrom = pm.Started, DateFromBody
	case pm.Started != nil:
		pg.Date, pg.DateFrom = pm.Started, DateFromFrontMatter
	default:
		if t := fileNameDate(pg.FileName); t != nil {
			pg.Date, pg.DateFrom = t, DateFromFileName
		} else if t, from := dirDate(strings.TrimPrefix(pg.Path, PostmortemsDir+"/"), pg.Title); t != nil {
			pg.Date, pg.DateFrom = t, from
		} else if pm.Published != nil {
			pg.Date, pg.DateFrom = pm.Published, DateFromPublished
		}
	}
	pm.Date = pg.Date
	if len(inferred) == 0 {
		inferred = nil
	}
	out.Postmortem, out.Inferred = pm, inferred
	return out
}

// timelineTimes fills the times that front matter and labelled lines leave
// empty from the timeline, keeping started <= detected <= mitigated <=
// resolved with the values already known (a timeline value that would break
// that order is not taken).
func (d *decoder) timelineTimes(pm *model.Postmortem, tl Timeline, inferred *map[string]string, sources *map[string]Source) {
	got := tl.IncidentTimes()
	if len(got) == 0 {
		return
	}
	slots := []struct {
		key string
		dst **time.Time
	}{{fStarted, &pm.Started}, {fDetected, &pm.Detected}, {fMitigated, &pm.Mitigated}, {fResolved, &pm.Resolved}}
	for i, s := range slots {
		e, ok := got[s.key]
		if !ok || *s.dst != nil || d.inFrontMatter(s.key) {
			continue
		}
		fits := true
		for j, o := range slots {
			if *o.dst == nil || j == i {
				continue
			}
			if (j < i && e.At.Before(**o.dst)) || (j > i && e.At.After(**o.dst)) {
				fits = false
			}
		}
		if !fits {
			continue
		}
		at := e.At
		*s.dst = &at
		if *inferred == nil {
			*inferred = map[string]string{}
		}
		if *sources == nil {
			*sources = map[string]Source{}
		}
		src := Source{Line: e.Line, How: "timeline entry", Text: e.Source}
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

// inFrontMatter reports whether front matter gives key a value; such a
// key is never inferred, even when its value is invalid (the error says so).
func (d *decoder) inFrontMatter(key string) bool {
	v, ok := d.fm.Params[key]
	if !ok || v == nil {
		return false
	}
	if s, isStr := v.(string); isStr && strings.TrimSpace(s) == "" {
		return false
	}
	return true
}

// inferFromBody fills the fields front matter leaves empty from the body's
// labelled fields and says where each came from. Inferred times that would
// put started, detected, mitigated and resolved out of order are dropped.
func (d *decoder) inferFromBody(pm *model.Postmortem, body []byte) map[string]string {
	bf := InferBody(body, d.fm.BodyLine)
	if bf.From == nil {
		return nil
	}
	out := map[string]string{}
	take := func(key string, ok bool) bool {
		if !ok || d.inFrontMatter(key) {
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

func (d *decoder) actionItems(v any) []model.ActionItem {
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
		d.errf("action_items", "action_items: want a list of items (title, owner, due, issue, status), got %s", describe(v))
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
			d.errf(key, "%s: want an item with title, owner, due, issue, status; got %s", label(key), describe(it))
			continue
		}
		d.unknownKeys(key+".", m, ActionItemKeys, "action item")
		var a model.ActionItem
		if _, isStr := it.(string); isStr {
			a.Title, _ = d.text(key, it)
		} else {
			a.Title, _ = d.text(key+".title", m["title"])
		}
		a.Owner, _ = d.text(key+".owner", m["owner"])
		if t, ok := d.time(key+".due", m["due"]); ok && t != nil {
			if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 {
				a.Due = t.Format("2006-01-02")
			} else {
				a.Due = t.Format("2006-01-02 15:04")
			}
		}
		if s, _ := d.text(key+".issue", m["issue"]); s != "" {
			if issueRefRE.MatchString(s) {
				a.Issue = s
			} else {
				d.errf(key+".issue", "%s: %q is not an issue reference (want owner/repo#N, e.g. vitals-dev/vitals#12)", label(key+".issue"), s)
			}
		}
		st, _ := d.text(key+".status", m["status"])
		a.Status = strings.ToLower(st) // "Done" counts as done (docs/metrics.md)
		if a.Title == "" {
			d.errf(key, "%s: title is missing (every action item needs one)", label(key))
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

// ReadReport says, per postmortem, which values were read from the text
// (with their lines) and which are missing, for vitals check: one line
// each, in path order.
func (c *Content) ReadReport() []string {
	var out []string
	for _, p := range c.Postmortems {
		var read, missing []string
		for _, k := range ReadFields {
			if s, ok := p.Sources[k]; ok {
				read = append(read, fmt.Sprintf("%s (line %d)", k, s.Line))
			}
		}
		if p.ItemsFromBody {
			first, last := p.ActionItems[0].Line, p.ActionItems[len(p.ActionItems)-1].Line
			if first == last {
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
		out = append(out, line)
	}
	return out
}
