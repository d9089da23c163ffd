package reports

import (
	"fmt"
	"time"

	"github.com/vitals-dev/vitals/generator/base/diag"
	"github.com/vitals-dev/vitals/generator/base/model"
	"github.com/vitals-dev/vitals/generator/compute/loader"
	"github.com/vitals-dev/vitals/generator/config"
)

// staleAfterDays: a source whose data ends more than this before as_of is
// from another era, worth a warning (a 30-day SLO window would be empty).
const staleAfterDays = 30

// Span is the time range a source's data covers.
type Span struct {
	what      string // `metrics source "uptime" (content/metrics/x.csv)`
	from, to  time.Time
	line, col int // in site.toml: a metrics source's file key; 0 when unknown
}

// EraWarnings warn of sources whose data does not meet as_of: none of it
// before as_of (every figure on it is n/a), or all of it long before.
func EraWarnings(asOf time.Time, spans []Span) []diag.Diag {
	var out []diag.Diag
	day := func(t time.Time) string { return t.UTC().Format(time.DateOnly) }
	for _, s := range spans {
		if s.from.IsZero() || asOf.IsZero() {
			continue
		}
		var msg string
		switch {
		case !s.from.Before(asOf):
			msg = fmt.Sprintf("%s has data from %s to %s, none before as_of %s: its figures are n/a; build with --as-of %s to count it",
				s.what, day(s.from), day(s.to), asOf.UTC().Format(time.RFC3339), day(s.to.Add(24*time.Hour)))
		case asOf.Sub(s.to) > staleAfterDays*24*time.Hour:
			msg = fmt.Sprintf("%s has data from %s to %s, ending %d days before as_of %s: recent figures on it are empty; build with --as-of %s to see its time",
				s.what, day(s.from), day(s.to), int(asOf.Sub(s.to).Hours()/24), asOf.UTC().Format(time.RFC3339), day(s.to.Add(24*time.Hour)))
		default:
			continue
		}
		out = append(out, diag.Diag{Path: config.FileName, Line: s.line, Col: s.col, Severity: diag.Warning, Msg: msg})
	}
	return out
}

// MetricSpans are the time ranges of each metric source's series.
func MetricSpans(sources []config.MetricSource, series []model.Series) []Span {
	rng := map[string]*Span{}
	var out []Span
	for _, s := range sources {
		sp := &Span{what: fmt.Sprintf("metrics source %q (%s)", s.Name, s.File)}
		sp.line, sp.col = s.Place.At("file")
		rng[s.Name] = sp
	}
	for _, x := range series {
		src := x.Name
		if i := indexColon(src); i >= 0 {
			src = src[:i]
		}
		sp := rng[src]
		if sp == nil || len(x.Points) == 0 {
			continue
		}
		if f := x.Points[0].T; sp.from.IsZero() || f.Before(sp.from) {
			sp.from = f
		}
		if l := x.Points[len(x.Points)-1].T; l.After(sp.to) {
			sp.to = l
		}
	}
	for _, s := range sources {
		out = append(out, *rng[s.Name])
	}
	return out
}

func indexColon(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] == ':' {
			return i
		}
	}
	return -1
}

// RepoSpans are the configured repositories' ranges: from the first issue
// or pull request created to the repository's sync.
func RepoSpans(spans []loader.Span) []Span {
	var out []Span
	for _, x := range spans {
		if x.SyncedAt.IsZero() {
			continue
		}
		out = append(out, Span{what: fmt.Sprintf("repo %s (its issues and pull requests)", x.Repo), from: x.First, to: x.SyncedAt})
	}
	return out
}
