package metricsrc

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/vitals-dev/vitals/generator/base/model"
)

// Sum adds series point by point at equal times: the series of a selector
// that matches several (e.g. every status code). A time present in only
// some of them sums what is there. The result is sorted by time.
func Sum(name string, ss []model.Series) model.Series {
	if len(ss) == 1 {
		out := ss[0]
		out.Name = name
		return out
	}
	n := 0
	for _, s := range ss {
		n += len(s.Points)
	}
	all := make([]model.Point, 0, n)
	for _, s := range ss {
		all = append(all, s.Points...)
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].T.Before(all[j].T) })
	var pts []model.Point
	for _, p := range all {
		if k := len(pts) - 1; k >= 0 && pts[k].T.Equal(p.T) {
			pts[k].V += p.V
			continue
		}
		pts = append(pts, p)
	}
	return model.Series{Name: name, Points: pts}
}

// Before returns the points of s stamped before asOf (docs/metrics.md: anything
// at or after as_of is ignored). s must be sorted.
func Before(s model.Series, asOf time.Time) model.Series {
	i := sort.Search(len(s.Points), func(i int) bool { return !s.Points[i].T.Before(asOf) })
	s.Points = s.Points[:i]
	return s
}

// KeyColumnLabel is the label that names the column a checks file's series
// were keyed by (Upptime's "slug", say), for messages.
const KeyColumnLabel = "key_column"

// NoMatchError is a selector that selects nothing (NoMatch); Sel lets the
// caller find the site.toml key that wrote it.
type NoMatchError struct {
	Sel model.Selector
	err error
}

func (e *NoMatchError) Error() string { return e.err.Error() }

// NoMatch is the error for a selector that selects nothing: it names the
// series the source has (the first 10) and what names them, or the
// sources there are when the source has none. It is a *NoMatchError.
func NoMatch(sel model.Selector, all []model.Series) error {
	return &NoMatchError{Sel: sel, err: noMatch(sel, all)}
}

func noMatch(sel model.Selector, all []model.Series) error {
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
