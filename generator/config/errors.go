package config

import (
	"fmt"
	"reflect"
	"regexp"
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
// key's line and column; ok is false for other errors.
func typeError(err error, pos position) (line, col int, msg string, ok bool) {
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
	col = 1
	if c := pos.onLine(line, strings.Split(key, ".")...); c > 0 {
		col = c
	}
	return line, col, fmt.Sprintf("%s: want %s, got %s", key, want, valueName(m[3])), true
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
