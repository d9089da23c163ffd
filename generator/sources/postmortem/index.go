package postmortem

import (
	"sort"
	"strconv"

	"github.com/vitals-dev/vitals/generator/base/model"
)

// Index is what a postmortem list page shows: rows and facet counts.
type Index struct {
	// Rows: newest Date first; undated rows last; then by ID, then Path.
	Rows []model.Postmortem
	// Facets: how many postmortems carry each value. Severities, Services
	// and Tags are sorted by count (most first), then value; Years newest
	// first. Empty values are not counted (Undated counts rows without a date).
	Severities []Facet
	Services   []Facet
	Tags       []Facet
	Years      []Facet
	Undated    int
}

// Facet is one value of a filter and how many postmortems have it.
type Facet struct {
	Value string
	Count int
}

// NewIndex sorts postmortems for a table and counts facets. Pure: it
// neither changes nor keeps pms.
func NewIndex(pms []model.Postmortem) Index {
	rows := append([]model.Postmortem(nil), pms...)
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		switch {
		case a.Date != nil && b.Date != nil && !a.Date.Equal(*b.Date):
			return a.Date.After(*b.Date)
		case (a.Date == nil) != (b.Date == nil):
			return a.Date != nil
		case a.ID != b.ID:
			return a.ID < b.ID
		}
		return a.Path < b.Path
	})
	sev, svc, tag, year := map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}
	ix := Index{Rows: rows}
	for _, p := range rows {
		if p.Severity != "" {
			sev[p.Severity]++
		}
		// A postmortem counts once per value, even if a list repeats it.
		for _, s := range uniq(p.Services) {
			svc[s]++
		}
		for _, t := range uniq(p.Tags) {
			tag[t]++
		}
		if p.Date != nil {
			year[strconv.Itoa(p.Date.Year())]++
		} else {
			ix.Undated++
		}
	}
	ix.Severities, ix.Services, ix.Tags = byCount(sev), byCount(svc), byCount(tag)
	ix.Years = facets(year)
	sort.Slice(ix.Years, func(i, j int) bool {
		a, _ := strconv.Atoi(ix.Years[i].Value)
		b, _ := strconv.Atoi(ix.Years[j].Value)
		return a > b
	})
	return ix
}

func uniq(ss []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range ss {
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

func facets(m map[string]int) []Facet {
	out := make([]Facet, 0, len(m))
	for v, n := range m {
		out = append(out, Facet{Value: v, Count: n})
	}
	return out
}

func byCount(m map[string]int) []Facet {
	out := facets(m)
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Value < out[j].Value
	})
	return out
}
