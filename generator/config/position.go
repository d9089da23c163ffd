package config

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/vitals-dev/vitals/generator/base/diag"
	"github.com/vitals-dev/vitals/generator/base/tomlpos"
)

// position finds the line and column where a key is set in site.toml
// (tomlpos reads the text). Good enough for messages; (0,0) when not found.
type position struct {
	keys []tomlpos.Key
}

func newPosition(src string) position { return position{keys: tomlpos.Scan(src)} }

// of is where a key is first written, by its name without array indexes: a
// header of that name, or a key line of that name or of a key that holds it
// (a key inside an inline table is found at the table's key).
func (p position) of(key ...string) (line, col int) {
	for _, k := range p.keys {
		if slices.Equal(k.Name, key) || !k.Header && len(k.Name) < len(key) && slices.Equal(k.Name, key[:len(k.Name)]) {
			return k.Key.Line, k.Key.Col
		}
	}
	return 0, 0
}

// ofKey locates a toml.Key (array-of-table indexes are not in toml.Key, so
// the first occurrence is reported).
func (p position) ofKey(k toml.Key) (int, int) { return p.of(k...) }

// at is where the key of a tomlpos path (["slo", "0", "target"]) is
// written; (0, 0) when it is not.
func (p position) at(path []string) (line, col int) {
	for _, k := range p.keys {
		if !k.Header && slices.Equal(k.Path, path) {
			return k.Key.Line, k.Key.Col
		}
	}
	return 0, 0
}

// onLine is the column of a key written on the given line, or 0.
func (p position) onLine(line int, key ...string) int {
	for _, k := range p.keys {
		if k.Key.Line == line && slices.Equal(k.Name, key) {
			return k.Key.Col
		}
	}
	return 0
}

// nth finds key in the n-th (0-based) element of an array of tables, or
// that element's header when the key is not set; (0, 0) when not found.
func (p position) nth(table []string, n int, key string) (int, int) {
	elem := append(slices.Clone(table), strconv.Itoa(n))
	var header tomlpos.Pos
	for _, k := range p.keys {
		switch {
		case len(k.Path) == len(elem)+1 && k.Path[len(elem)] == key && slices.Equal(k.Path[:len(elem)], elem):
			return k.Key.Line, k.Key.Col
		case k.Array && slices.Equal(k.Path, elem):
			header = k.Key
		}
	}
	return header.Line, header.Col
}

// Place is where a table of site.toml is written: the readers of its
// values (metricsrc, slo, kpi) report a problem by key, and the Place puts
// it at that key's line and column in the file.
type Place struct {
	path  string   // the file, for messages
	pos   position // the file's keys
	table []string // the table: ["slo"], ["metrics", "source"], ["metrics"]
	index int      // the element of an array of tables, or -1
	// unknown: the table has a key config does not know, reported as an
	// error of its own. What the table's keys mean together is then not
	// worth checking: a typo'd direction would read as the default "up"
	// and give a second, misleading message.
	unknown bool
}

// HasUnknownKey reports whether the table has a key that is not one of
// its keys (a typo, most often). Readers skip their checks of such a
// table, so that the unknown key is the one message about it; the build
// stops on that error either way.
func (p Place) HasUnknownKey() bool { return p.unknown }

// tablesOf lists the tables that hold the given keys: every table path
// (as tomlpos writes it, joined by ".") that a key of that name is
// written under, array elements with their index.
func (p position) tablesOf(keys []toml.Key) map[string]bool {
	out := map[string]bool{}
	for _, u := range keys {
		for _, k := range p.keys {
			if k.Header || !slices.Equal(k.Name, u) {
				continue
			}
			for i := 1; i < len(k.Path); i++ {
				out[strings.Join(k.Path[:i], ".")] = true
			}
		}
	}
	return out
}

// At is the line and column of key in the table: in an element of an
// array of tables, its header when the key is not set.
func (p Place) At(key string) (line, col int) {
	if p.index >= 0 {
		return p.pos.nth(p.table, p.index, key)
	}
	return p.pos.of(append(slices.Clone(p.table), key)...)
}

// Error is an error with key, at the key.
func (p Place) Error(key, format string, args ...any) diag.Diag {
	return p.diag(diag.Error, key, format, args...)
}

// Warning is a warning about key, at the key.
func (p Place) Warning(key, format string, args ...any) diag.Diag {
	return p.diag(diag.Warning, key, format, args...)
}

func (p Place) diag(sev diag.Severity, key, format string, args ...any) diag.Diag {
	line, col := p.At(key)
	return diag.Diag{Path: p.path, Line: line, Col: col, Severity: sev, Msg: fmt.Sprintf(format, args...)}
}
