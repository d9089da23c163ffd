package content

import (
	"fmt"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/vitals-dev/vitals/generator/diag"
	"github.com/vitals-dev/vitals/generator/model"
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
}

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

// ActionItemKeys are the keys of one action item.
var ActionItemKeys = []string{"title", "owner", "due", "issue", "status"}

var (
	issueRefRE = regexp.MustCompile(`^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?/[A-Za-z0-9._-]+#[1-9][0-9]*$`)
	repoRE     = regexp.MustCompile(`^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?/[A-Za-z0-9._-]+$`)
)

// decoder reads typed values out of front matter, collecting diagnostics at
// the positions where the values are written.
type decoder struct {
	path string
	fm   *FrontMatter
	ds   diag.List
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
		hint := ""
		norm := strings.ToLower(strings.NewReplacer("-", "_", " ", "_").Replace(strings.TrimSpace(k)))
		if isKnown[norm] {
			hint = fmt.Sprintf(" (did you mean %q?)", norm)
		}
		d.warnKey(prefix+k, "unknown %s key %q is kept in Params but not used%s; known keys: %s",
			what, k, hint, strings.Join(known, ", "))
	}
}

// postmortem reads a postmortem's front matter, inferring what an author's
// own format leaves out: title (already on the page), date, id, and the
// labelled fields of its body (severity, status, times, services; returned
// as inferred, key -> where).
func (d *decoder) postmortem(pg *Page, body []byte) (pm model.Postmortem, inferred map[string]string) {
	p := d.fm.Params
	pm = model.Postmortem{Path: pg.Path, Title: pg.Title}
	d.unknownKeys("", p, PostmortemKeys, "postmortem")

	pm.ID = d.str("id")
	if pm.ID != "" && Slugify(pm.ID) != pm.ID {
		d.errf("id", "id: %q is not URL-safe (want lowercase a-z, 0-9 and '-', e.g. %q)", pm.ID, Slugify(pm.ID))
		pm.ID = ""
	}
	if pm.ID == "" {
		pm.ID = pg.Slug
	}
	pm.Severity = d.str("severity")
	pm.Status = d.str("status")
	pm.Release = d.str("release")
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
	pm.Tags = d.list("tags", p["tags"])
	pm.ActionItems = d.actionItems(p["action_items"])
	inferred = d.inferFromBody(&pm, body)

	// Date: started, else a YYYY-MM-DD file-name prefix, else YYYY/MM/ directories.
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
		}
	}
	pm.Date = pg.Date
	return pm, inferred
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
