package model

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// Selector picks series by source and labels. Its text form is
//
//	source                      every series of the source
//	source:term[,term...]       those whose labels match every term
//
// where a term is label=value, label!=value, or a bare value, which is
// short for series=value (the column, Grafana series, Datadog query or
// check name) and, for Prometheus series, __name__=value.
// Example: "api-requests:code=5xx", "analytics:signups", "api:code!=5xx".
type Selector struct {
	Source string
	Terms  []Term
}

// Term is one label condition.
type Term struct {
	Label, Value string
	Not          bool
	Bare         bool // written without a label
}

// ParseSelector reads a selector's text form.
func ParseSelector(s string) (Selector, error) {
	src, rest, has := strings.Cut(s, ":")
	src = strings.TrimSpace(src)
	if src == "" {
		return Selector{}, fmt.Errorf("selector %q has no source name before ':'", clipText(s))
	}
	sel := Selector{Source: src}
	if !has {
		return sel, nil
	}
	for _, part := range strings.Split(rest, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			return Selector{}, fmt.Errorf("selector %q has an empty term", clipText(s))
		}
		var t Term
		if k, v, ok := strings.Cut(part, "!="); ok {
			t = Term{Label: strings.TrimSpace(k), Value: unquote(v), Not: true}
		} else if k, v, ok := strings.Cut(part, "="); ok {
			t = Term{Label: strings.TrimSpace(k), Value: unquote(v)}
		} else {
			t = Term{Label: "series", Value: unquote(part), Bare: true}
		}
		if t.Label == "" {
			return Selector{}, fmt.Errorf("selector %q: term %q has no label name", clipText(s), clipText(part))
		}
		sel.Terms = append(sel.Terms, t)
	}
	return sel, nil
}

func unquote(s string) string { return strings.Trim(strings.TrimSpace(s), `"'`) }

func (s Selector) String() string {
	if len(s.Terms) == 0 {
		return s.Source
	}
	parts := make([]string, len(s.Terms))
	for i, t := range s.Terms {
		switch {
		case t.Bare:
			parts[i] = t.Value
		case t.Not:
			parts[i] = t.Label + "!=" + t.Value
		default:
			parts[i] = t.Label + "=" + t.Value
		}
	}
	return s.Source + ":" + strings.Join(parts, ",")
}

// Matches reports whether series x is selected.
func (s Selector) Matches(x Series) bool {
	if x.Name != s.Source && !strings.HasPrefix(x.Name, s.Source+":") {
		return false
	}
	for _, t := range s.Terms {
		v, ok := x.Labels[t.Label]
		if t.Bare && !ok {
			v, ok = x.Labels["__name__"]
		}
		if t.Not {
			if ok && v == t.Value {
				return false
			}
		} else if !ok || v != t.Value {
			return false
		}
	}
	return true
}

// Select returns the selected series, in the order given.
func (s Selector) Select(all []Series) []Series {
	var out []Series
	for _, x := range all {
		if s.Matches(x) {
			out = append(out, x)
		}
	}
	return out
}

// clipText shortens text quoted in a message.
func clipText(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

// KeyColumnLabel is the label that names the column a checks file's series
// were keyed by (Upptime's "slug", say), for messages.
const KeyColumnLabel = "key_column"

// NoMatchError is a selector that selects nothing (NoMatch); Sel lets the
// caller find the site.toml key that wrote it.
type NoMatchError struct {
	Sel Selector
	err error
}

func (e *NoMatchError) Error() string { return e.err.Error() }

// NoMatch is the error for a selector that selects nothing: it names the
// series the source has (the first 10) and what names them, or the
// sources there are when the source has none. It is a *NoMatchError.
func NoMatch(sel Selector, all []Series) error {
	return &NoMatchError{Sel: sel, err: noMatch(sel, all)}
}

func noMatch(sel Selector, all []Series) error {
	var names []string
	key := ""
	sources := map[string]bool{}
	for _, x := range all {
		src, _, _ := strings.Cut(x.Name, ":")
		sources[src] = true
		if src != sel.Source {
			continue
		}
		n := x.Labels["series"]
		if n == "" {
			n = strings.TrimPrefix(strings.TrimPrefix(x.Name, src), ":")
		}
		if n != "" {
			names = append(names, n)
		}
		if k := x.Labels[KeyColumnLabel]; k != "" {
			key = k
		}
	}
	if !sources[sel.Source] {
		list := make([]string, 0, len(sources))
		for s := range sources {
			list = append(list, s)
		}
		sort.Strings(list)
		return fmt.Errorf("%s selects no series: there is no source %q (sources: %s)", sel, sel.Source, strings.Join(list, ", "))
	}
	if len(names) == 0 {
		return fmt.Errorf("%s selects no series; source %q has one series, selected as %q", sel, sel.Source, sel.Source)
	}
	sort.Strings(names)
	names = slices.Compact(names)
	shown := names[:min(len(names), 10)]
	more := ""
	if len(names) > len(shown) {
		more = fmt.Sprintf(" (the first 10 of %d)", len(names))
	}
	how := `series are named by the "series" label: the column, check, Grafana series or Datadog query`
	if key != "" {
		how = fmt.Sprintf("series are named by its %q column (key_column)", key)
	}
	return fmt.Errorf("%s selects no series; source %q has %s%s; %s, as in %s:%s", sel, sel.Source, quoteAll(shown), more, how, sel.Source, first(shown))
}

func quoteAll(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = strconv.Quote(s)
	}
	return strings.Join(q, ", ")
}

func first(ss []string) string {
	if len(ss) == 0 {
		return "<name>"
	}
	return ss[0]
}
