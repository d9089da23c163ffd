// Package tomlpos finds where keys are written in TOML text, for messages
// that name a line and column. BurntSushi/toml keeps key positions private,
// so this reads the lines: [table] and [[array]] headers (each element of
// an array of tables with its index) and "key = value" lines, with dotted
// and quoted keys. Keys inside inline tables and multi-line arrays are not
// seen: their enclosing key is. site.toml (config) and TOML front matter
// (content) both use it.
package tomlpos

import (
	"strconv"
	"strings"
)

// Pos is a 1-based line and column (in bytes); zero when unknown.
type Pos struct{ Line, Col int }

// Key is one key, or table header, written in the text.
type Key struct {
	// Path is where the key is: the table's names, with the index of the
	// array-of-tables element after the array's name, then the key's own
	// dotted parts: ["slo", "1", "name"] for name in the second [[slo]].
	Path []string
	// Name is the key as written, without the indexes: ["slo", "name"],
	// as toml.Key names it.
	Name []string
	// Header is a [table] or an [[array]] element (Array); Key and Value
	// are then both where the header starts.
	Header, Array bool
	Key, Value    Pos
}

// Scan lists the keys and headers of src in the order they are written.
func Scan(src string) []Key {
	var (
		out         []Key
		table, name []string           // the current table's Path and Name
		arrays      = map[string]int{} // elements so far, by the array's Path
		inMulti     string             // the quotes of a multi-line string being skipped
	)
	for i, raw := range strings.Split(src, "\n") {
		line := i + 1
		if inMulti != "" {
			if strings.Count(raw, inMulti)%2 == 1 {
				inMulti = ""
			}
			continue
		}
		trimmed := strings.TrimLeft(raw, " \t")
		if trimmed == "" || trimmed[0] == '#' {
			continue
		}
		col := len(raw) - len(trimmed) + 1
		if trimmed[0] == '[' {
			array, open := strings.HasPrefix(trimmed, "[["), 1
			if array {
				open = 2
			}
			segs, end, ok := parseKey(trimmed, open)
			if !ok || end >= len(trimmed) || trimmed[end] != ']' {
				continue
			}
			table, name = resolve(segs, array, arrays), segs
			pos := Pos{line, col}
			out = append(out, Key{Path: table, Name: name, Header: true, Array: array, Key: pos, Value: pos})
			continue
		}
		segs, end, ok := parseKey(raw, 0)
		if !ok || end >= len(raw) || raw[end] != '=' {
			continue
		}
		vcol := skipBlanks(raw, end+1)
		out = append(out, Key{Path: join(table, segs), Name: join(name, segs), Key: Pos{line, col}, Value: Pos{line, vcol + 1}})
		value := raw[vcol:]
		for _, q := range []string{`"""`, `'''`} {
			if strings.HasPrefix(value, q) && strings.Count(value, q)%2 == 1 {
				inMulti = q
			}
		}
	}
	return out
}

// resolve turns a header's names into a Path: a name that is an array of
// tables so far means its last element ([a.b] after [[a]] is in the last
// a), and an [[array]] header counts one more element.
func resolve(segs []string, array bool, arrays map[string]int) []string {
	var path []string
	for i, s := range segs {
		path = append(path, s)
		k := strings.Join(path, "\x00")
		if array && i == len(segs)-1 {
			n := arrays[k]
			arrays[k] = n + 1
			return append(path, strconv.Itoa(n))
		}
		if n, ok := arrays[k]; ok {
			path = append(path, strconv.Itoa(n-1))
		}
	}
	return path
}

func join(a, b []string) []string {
	return append(append(make([]string, 0, len(a)+len(b)), a...), b...)
}

// parseKey reads a dotted key starting at s[i] (blanks around it and its
// dots allowed): bare parts, "basic" parts with escapes and 'literal'
// parts. end is the index of the first byte after it and its blanks.
func parseKey(s string, i int) (segs []string, end int, ok bool) {
	for {
		i = skipBlanks(s, i)
		if i >= len(s) {
			return nil, i, false
		}
		var seg string
		switch s[i] {
		case '"':
			j := i + 1
			for j < len(s) && s[j] != '"' {
				if s[j] == '\\' {
					j++
				}
				j++
			}
			if j >= len(s) {
				return nil, j, false
			}
			seg = s[i+1 : j]
			if u, err := strconv.Unquote(s[i : j+1]); err == nil {
				seg = u
			}
			i = j + 1
		case '\'':
			j := strings.IndexByte(s[i+1:], '\'')
			if j < 0 {
				return nil, len(s), false
			}
			seg, i = s[i+1:i+1+j], i+j+2
		default:
			j := i
			for j < len(s) && bare(s[j]) {
				j++
			}
			if j == i {
				return nil, i, false
			}
			seg, i = s[i:j], j
		}
		segs = append(segs, seg)
		i = skipBlanks(s, i)
		if i < len(s) && s[i] == '.' {
			i++
			continue
		}
		return segs, i, true
	}
}

// bare reports whether c may be part of a bare key: ASCII letters, digits,
// '-' and '_', and (TOML 1.1) any byte of a non-ASCII letter.
func bare(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c >= 0x80
}

func skipBlanks(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t') {
		i++
	}
	return i
}
