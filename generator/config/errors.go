package config

import (
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/vitals-dev/vitals/generator/base/diag"
)

// typeErrRE reads BurntSushi/toml's type errors, which carry no structured
// fields: `toml: line 2 (last key "github.repos"): incompatible types: TOML
// value has type string; destination has type slice`.
var typeErrRE = regexp.MustCompile(`^toml: line (\d+) \(last key "([^"]*)"\): incompatible types: TOML value has type ([^;]+); destination has type (\S+)`)

// wants names what a few keys hold, in the words of the README.
var wants = map[string]string{
	"github.repos":      `a list of "owner/name"`,
	"issues.bug_labels": `a list of label names`,
	"feedback.labels":   `a list of label names`,
	"funnel.stages":     `a list of stage names`,
}

// typeError turns a TOML type mismatch into "key: want X, got Y" at the
// key's line and column; ok is false for other errors. The decoder names
// the line of the key's last occurrence, which in an array of tables is
// the last element's: the element at fault is found again in the text
// (elementOf), named, and its own line given.
func typeError(err error, src string, pos position) (line, col int, msg string, ok bool) {
	m := typeErrRE.FindStringSubmatch(err.Error())
	if m == nil {
		return 0, 0, "", false
	}
	line, _ = strconv.Atoi(m[1])
	key := m[2]
	want := wants[key]
	if want == "" {
		want = destName(m[4])
	}
	got := valueName(m[3])
	names := strings.Split(key, ".")
	if path, elem, ok := elementOf(src, names, m[3]); ok {
		if l, c := pos.at(path); l > 0 {
			return l, c, fmt.Sprintf("%s: %s: want %s, got %s", elem, names[len(names)-1], want, got), true
		}
	}
	col = 1
	if c := pos.onLine(line, names...); c > 0 {
		col = c
	}
	return line, col, fmt.Sprintf("%s: want %s, got %s", key, want, got), true
}

// elementOf finds the value behind a type error in an array of tables:
// the first element (in the order the decoder reads them) whose value at
// key has the TOML type typ, as the decoder's error names it. It returns
// the key's tomlpos path (["slo", "0", "target"]) and the element in
// words: `slo "First"` by its name, else `slo 1 of 3`. ok is false when
// key is in no array of tables.
func elementOf(src string, key []string, typ string) (path []string, elem string, ok bool) {
	var doc map[string]any
	if _, err := toml.Decode(src, &doc); err != nil {
		return nil, "", false
	}
	var walk func(v any, i int, path []string) bool
	walk = func(v any, i int, p []string) bool {
		m, isMap := v.(map[string]any)
		if !isMap {
			return false
		}
		child, found := m[key[i]]
		if !found {
			return false
		}
		p = append(p, key[i])
		if i == len(key)-1 {
			if fmt.Sprintf("%T", child) == strings.ReplaceAll(typ, "any", "interface {}") {
				path = p
				return true
			}
			return false
		}
		var elems []map[string]any
		switch c := child.(type) {
		case []map[string]any:
			elems = c
		case []any:
			for _, e := range c {
				if em, isMap := e.(map[string]any); isMap {
					elems = append(elems, em)
				}
			}
		default:
			return walk(child, i+1, p)
		}
		for n, e := range elems {
			if walk(e, i+1, append(slices.Clone(p), strconv.Itoa(n))) {
				if elem == "" { // the innermost array's element names it
					elem = strings.Join(key[:i+1], " ")
					if name, isString := e["name"].(string); isString && name != "" {
						elem += " " + strconv.Quote(name)
					} else {
						elem += fmt.Sprintf(" %d of %d", n+1, len(elems))
					}
				}
				return true
			}
		}
		return false
	}
	if !walk(doc, 0, nil) || elem == "" {
		return nil, "", false
	}
	return path, elem, true
}

func destName(t string) string {
	switch t {
	case "slice", "array":
		return "a list"
	case "integer":
		return "a whole number"
	case "float":
		return "a number"
	case "string":
		return `a string (in "quotes")`
	case "bool", "boolean":
		return "true or false"
	case "struct", "map":
		return "a table"
	}
	return t
}

func valueName(t string) string {
	switch {
	case t == "string":
		return "a string"
	case strings.HasPrefix(t, "int"):
		return "a whole number"
	case strings.HasPrefix(t, "float"):
		return "a number"
	case t == "bool":
		return "true or false"
	case strings.HasPrefix(t, "[]"):
		return "a list"
	case strings.HasPrefix(t, "map"):
		return "a table"
	case strings.Contains(t, "Time") || strings.Contains(t, "Local"):
		return "a date"
	}
	return t
}

// suggest is the known key nearest to an unknown one in the same table, or
// "" when none is close.
func suggest(k toml.Key) string {
	t := reflect.TypeOf(Config{})
	for _, part := range k[:len(k)-1] {
		f, ok := fieldByTag(t, part)
		if !ok {
			return ""
		}
		t = f
	}
	var known []string
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return ""
	}
	for i := 0; i < t.NumField(); i++ {
		if tag := strings.Split(t.Field(i).Tag.Get("toml"), ",")[0]; tag != "" && tag != "-" && tag != "token" {
			known = append(known, tag)
		}
	}
	sort.Strings(known)
	bad := strings.ToLower(k[len(k)-1])
	best, bestD := "", 1<<30
	for _, c := range known {
		if d := distance(bad, c); d < bestD {
			best, bestD = c, d
		}
	}
	if bestD <= max(2, len(bad)/3) {
		return best
	}
	return ""
}

func fieldByTag(t reflect.Type, tag string) (reflect.Type, bool) {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return nil, false
	}
	for i := 0; i < t.NumField(); i++ {
		if strings.Split(t.Field(i).Tag.Get("toml"), ",")[0] == tag {
			return t.Field(i).Type, true
		}
	}
	return nil, false
}

// distance is the edit distance between two keys, with '_' and '-' alike.
func distance(a, b string) int {
	return diag.Distance(strings.ReplaceAll(a, "-", "_"), strings.ReplaceAll(b, "-", "_"))
}
