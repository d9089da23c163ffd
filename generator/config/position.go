package config

import (
	"strings"

	"github.com/BurntSushi/toml"
)

// position finds the line and column where a key is set in TOML source.
// BurntSushi/toml keeps key positions private, so this scans the text: it
// tracks the current [table] / [[array]] header and matches "key =" lines,
// including dotted keys. Good enough for messages; (0,0) when not found.
type position struct {
	lines []string
}

func newPosition(src string) position { return position{lines: strings.Split(src, "\n")} }

func (p position) of(key ...string) (line, col int) {
	want := strings.Join(key, ".")
	table := ""
	arrayIdx := map[string]int{}
	for i, raw := range p.lines {
		l := strings.TrimSpace(raw)
		if l == "" || l[0] == '#' {
			continue
		}
		if strings.HasPrefix(l, "[[") {
			name := normKey(strings.TrimSuffix(strings.TrimPrefix(strings.SplitN(l, "]]", 2)[0], "[["), "]]"))
			table = name
			arrayIdx[name]++
			if want == name {
				return i + 1, strings.Index(raw, "[") + 1
			}
			continue
		}
		if strings.HasPrefix(l, "[") {
			table = normKey(strings.TrimPrefix(strings.SplitN(l, "]", 2)[0], "["))
			if want == table {
				return i + 1, strings.Index(raw, "[") + 1
			}
			continue
		}
		k, _, ok := strings.Cut(l, "=")
		if !ok {
			continue
		}
		full := normKey(k)
		if table != "" {
			full = table + "." + full
		}
		if full == want || strings.HasPrefix(want, full+".") {
			return i + 1, strings.Index(raw, strings.TrimSpace(k)) + 1
		}
	}
	return 0, 0
}

// ofKey locates a toml.Key (array-of-table indexes are not in toml.Key, so
// the first occurrence is reported).
func (p position) ofKey(k toml.Key) (int, int) { return p.of(k...) }

func normKey(k string) string {
	parts := strings.Split(strings.TrimSpace(k), ".")
	for i, s := range parts {
		parts[i] = strings.Trim(strings.TrimSpace(s), `"'`)
	}
	return strings.Join(parts, ".")
}
