package model

import (
	"fmt"
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
