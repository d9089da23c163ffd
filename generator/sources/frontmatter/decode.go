package frontmatter

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/vitals-dev/vitals/generator/base/diag"
)

// Decoder reads typed values out of front matter, collecting diagnostics at
// the positions where the values are written (Diags) and the keys the
// reader does not know (Unknown).
type Decoder struct {
	Path    string
	FM      *FrontMatter
	Diags   diag.List
	Unknown []UnknownKey
}

// NewDecoder reads fm of the file at path (slash-separated, for messages).
func NewDecoder(path string, fm *FrontMatter) *Decoder { return &Decoder{Path: path, FM: fm} }

// Errf reports an error at the value of key.
func (d *Decoder) Errf(key, format string, args ...any) {
	p := d.FM.ValuePos(key)
	d.Diags = append(d.Diags, diag.Diag{Path: d.Path, Line: p.Line, Col: p.Col, Msg: fmt.Sprintf(format, args...)})
}

// WarnKey reports a warning at key.
func (d *Decoder) WarnKey(key, format string, args ...any) {
	p := d.FM.KeyPos(key)
	d.Diags = append(d.Diags, diag.Diag{Path: d.Path, Line: p.Line, Col: p.Col, Severity: diag.Warning, Msg: fmt.Sprintf(format, args...)})
}

// Label turns a key path into how a reader writes it: "action_items[0].issue".
func Label(key string) string {
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

// Str reads a top-level text value (see Text).
func (d *Decoder) Str(key string) string {
	v, ok := d.FM.Params[key]
	if !ok {
		return ""
	}
	s, _ := d.Text(key, v)
	return s
}

// Text reads a text value, trimmed. YAML scalars that decode to numbers,
// booleans or dates keep their literal text (release: 1.20 is "1.20"); in
// TOML an integer is written in decimal and other non-strings are errors.
func (d *Decoder) Text(key string, v any) (string, bool) {
	switch v := v.(type) {
	case nil:
		return "", true
	case string:
		return strings.TrimSpace(v), true
	}
	if raw, ok := d.FM.RawScalar(key); ok {
		return strings.TrimSpace(raw), true
	}
	if i, ok := v.(int64); ok {
		return strconv.FormatInt(i, 10), true
	}
	d.Errf(key, "%s: want text, got %s (put it in quotes)", Label(key), Describe(v))
	return "", false
}

// Describe names a decoded value for messages: "the number 3", "a list".
func Describe(v any) string {
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

// Time reads a time value; nil when absent or empty.
func (d *Decoder) Time(key string, v any) (*time.Time, bool) {
	switch v := v.(type) {
	case nil:
		return nil, true
	case time.Time:
		switch v.Location().String() {
		case "time-local": // TOML local time: no date
			d.Errf(key, "%s: %s is a time of day without a date (%s)", Label(key), v.Format("15:04:05"), timeWant)
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
		d.Errf(key, "%s: %q is not a date (%s)", Label(key), v, timeWant)
		return nil, false
	}
	d.Errf(key, "%s: %s is not a date (%s)", Label(key), Describe(v), timeWant)
	return nil, false
}

// List reads a list of text values; a single text value is a list of one.
// Items are trimmed; empty and repeated items are dropped.
func (d *Decoder) List(key string, v any) []string {
	var items []any
	switch v := v.(type) {
	case nil:
		return nil
	case []any:
		items = v
	case string:
		items = []any{v}
	default:
		d.Errf(key, "%s: want a list of text, got %s", Label(key), Describe(v))
		return nil
	}
	var out []string
	seen := map[string]bool{}
	for i, it := range items {
		s, ok := d.Text(key+"."+strconv.Itoa(i), it)
		if !ok || s == "" || seen[s] {
			continue
		}
		seen[s] = true
		out = append(out, s)
	}
	return out
}

// Has reports whether front matter gives key a value; such a key is never
// read from elsewhere, even when its value is invalid (the error says so).
func (d *Decoder) Has(key string) bool {
	v, ok := d.FM.Params[key]
	if !ok || v == nil {
		return false
	}
	if s, isStr := v.(string); isStr && strings.TrimSpace(s) == "" {
		return false
	}
	return true
}

// UnknownKeys checks the keys of m (below prefix, "" for the top) against
// known: a misspelt known key is a warning; other keys are the author's
// own, silent, and listed in Unknown (vitals check --strict).
func (d *Decoder) UnknownKeys(prefix string, m map[string]any, known []string, what string) {
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
			d.WarnKey(prefix+k, "unknown %s key %q is kept in Params but not used (did you mean %q?)", what, k, norm)
			continue
		}
		// Other keys are the author's own: silent, listed by vitals check --strict.
		p := d.FM.KeyPos(prefix + k)
		name := itemIndexRE.ReplaceAllString(prefix, "[].") + k
		d.Unknown = append(d.Unknown, UnknownKey{Key: name, Path: d.Path, Line: p.Line})
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

var datePrefixRE = regexp.MustCompile(`^(\d{4}-\d{2}-\d{2})(?:[-_ .]|$)`)

// FileNameDate reads a YYYY-MM-DD prefix of a file name, in UTC: the date a
// content file carries when its front matter gives none.
func FileNameDate(name string) *time.Time {
	m := datePrefixRE.FindStringSubmatch(name)
	if m == nil {
		return nil
	}
	t, err := time.Parse("2006-01-02", m[1])
	if err != nil {
		return nil
	}
	return &t
}

// YAMLString quotes s as a YAML double-quoted scalar (JSON strings are
// valid YAML), so that colons, quotes and '#' in a title a starting
// document writes stay text.
func YAMLString(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	return strings.TrimSpace(b.String())
}
