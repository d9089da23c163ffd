// Package decisions indexes decision records (generator/sources/adr): each
// record's links resolved to the records they name, supersede chains, the
// status a reader should trust (a record that another supersedes is
// superseded, whatever its own status line still says), and the
// experiments, launches and postmortems that name each decision. Pure
// functions, no I/O.
package decisions

import (
	"cmp"
	"io"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/vitals-dev/vitals/generator/base/csvout"
	"github.com/vitals-dev/vitals/generator/sources/adr"
)

// Ref names a record.
type Ref struct {
	ID     string
	Number int
	Title  string
}

// Citation is a document that names a decision.
type Citation struct {
	Kind   string // "experiment", "launch", "postmortem"
	Title  string
	Page   string // the document's page, relative to the site root
	Source string // its content path
	How    string // "front matter" or "link"
}

// Decision is a record with its links resolved.
type Decision struct {
	adr.Record
	// Status is what the index groups by: the record's own status, except
	// that a record another supersedes is Superseded; OwnStatus then keeps
	// what its status line says, when that differs.
	Status    string
	OwnStatus string
	// SupersededBy is the record that supersedes this one (nil: none).
	SupersededBy      *Ref
	Supersedes        []Ref
	Amends, AmendedBy []Ref
	// Chain is the supersede chain the record is in, oldest first (nil
	// when it is in none).
	Chain []Ref
	// Unresolved are links that name no record, as written.
	Unresolved []adr.Link
	Cited      []Citation
}

// Ref is the decision as a reference.
func (d *Decision) Ref() Ref { return Ref{ID: d.ID, Number: d.Number, Title: d.Title} }

// Group is the decisions of one status.
type Group struct {
	Status    string // adr's statuses, another word, or "" for none
	Decisions []*Decision
}

// Log is every decision.
type Log struct {
	// Decisions by number (records without one after), then date, then id.
	Decisions []*Decision
	// Groups: accepted, proposed, superseded, deprecated, rejected, then
	// other words in alphabetical order, then records without a status.
	Groups []Group
	// Chains are the supersede chains, oldest record first, by their first record.
	Chains [][]Ref
}

// Citer is a document that may name decisions: in front matter (decision,
// decisions: an id, a file name or a number such as "ADR-0005") or by a link
// to a decision's page or file.
type Citer struct {
	Kind, Title, Page, Source string
	Names                     []string // front-matter values
	Links                     []string // link destinations in its body
}

// Build indexes recs. dirs are the base names of folders a link to a record
// may go through ("decisions", "adr").
func Build(recs []adr.Record, citers []Citer, dirs ...string) *Log {
	l := &Log{}
	for _, r := range recs {
		l.Decisions = append(l.Decisions, &Decision{Record: r, Status: r.Status})
	}
	slices.SortStableFunc(l.Decisions, func(a, b *Decision) int {
		if (a.Number == 0) != (b.Number == 0) {
			if a.Number == 0 {
				return 1
			}
			return -1
		}
		return cmp.Or(cmp.Compare(a.Number, b.Number), cmpDate(a.Date, b.Date), cmp.Compare(a.ID, b.ID))
	})
	ix := newIndex(l.Decisions)
	succ := map[*Decision]*Decision{}
	pred := map[*Decision][]*Decision{}
	link := func(old, nw *Decision) {
		if old == nw || succ[old] != nil {
			return
		}
		succ[old] = nw
		pred[nw] = append(pred[nw], old)
	}
	for _, d := range l.Decisions {
		for _, lk := range d.Links {
			to := ix.find(lk.Target, true)
			if to == nil {
				d.Unresolved = append(d.Unresolved, lk)
				continue
			}
			switch lk.Kind {
			case adr.SupersededBy:
				link(d, to)
			case adr.Supersedes:
				link(to, d)
			case adr.Amends:
				d.Amends = addRef(d.Amends, to.Ref())
				to.AmendedBy = addRef(to.AmendedBy, d.Ref())
			case adr.AmendedBy:
				d.AmendedBy = addRef(d.AmendedBy, to.Ref())
				to.Amends = addRef(to.Amends, d.Ref())
			}
		}
	}
	for _, d := range l.Decisions {
		if s := succ[d]; s != nil {
			r := s.Ref()
			d.SupersededBy = &r
			if d.Status != adr.Superseded {
				d.OwnStatus = d.StatusText
				if d.OwnStatus == "" {
					d.OwnStatus = "none"
				}
				d.Status = adr.Superseded
			}
		}
		for _, p := range pred[d] {
			d.Supersedes = addRef(d.Supersedes, p.Ref())
		}
	}
	// Chains: from each record that supersedes nothing, follow successors.
	for _, d := range l.Decisions {
		if len(pred[d]) > 0 || succ[d] == nil {
			continue
		}
		var chain []*Decision
		seen := map[*Decision]bool{}
		for x := d; x != nil && !seen[x]; x = succ[x] {
			seen[x] = true
			chain = append(chain, x)
		}
		var refs []Ref
		for _, x := range chain {
			refs = append(refs, x.Ref())
		}
		for _, x := range chain {
			if x.Chain == nil {
				x.Chain = refs
			}
		}
		l.Chains = append(l.Chains, refs)
	}
	for _, c := range citers {
		seen := map[*Decision]bool{}
		cite := func(d *Decision, how string) {
			if d != nil && !seen[d] {
				seen[d] = true
				d.Cited = append(d.Cited, Citation{Kind: c.Kind, Title: c.Title, Page: c.Page, Source: c.Source, How: how})
			}
		}
		for _, n := range c.Names {
			cite(ix.find(n, true), "front matter")
		}
		for _, u := range c.Links {
			if ix.isDecisionLink(u, dirs) {
				cite(ix.find(u, false), "link")
			}
		}
	}
	l.Groups = groups(l.Decisions)
	return l
}

func addRef(list []Ref, r Ref) []Ref {
	for _, x := range list {
		if x.ID == r.ID {
			return list
		}
	}
	return append(list, r)
}

func cmpDate(a, b *time.Time) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return 1
	case b == nil:
		return -1
	}
	return a.Compare(*b)
}

var statusOrder = []string{adr.Accepted, adr.Proposed, adr.Superseded, adr.Deprecated, adr.Rejected}

func groups(ds []*Decision) []Group {
	by := map[string][]*Decision{}
	var other []string
	for _, d := range ds {
		k := d.Status
		if k == "" && d.StatusText != "" {
			k = strings.ToLower(d.StatusText)
		}
		if _, ok := by[k]; !ok && k != "" && !slices.Contains(statusOrder, k) {
			other = append(other, k)
		}
		by[k] = append(by[k], d)
	}
	slices.Sort(other)
	var out []Group
	for _, k := range append(append(slices.Clone(statusOrder), other...), "") {
		if len(by[k]) > 0 {
			out = append(out, Group{Status: k, Decisions: by[k]})
		}
	}
	return out
}

// index finds records by id, file name or number.
type index struct {
	byName map[string]*Decision
	byNum  map[int][]*Decision
}

func newIndex(ds []*Decision) *index {
	ix := &index{byName: map[string]*Decision{}, byNum: map[int][]*Decision{}}
	for _, d := range ds {
		ix.byName[strings.ToLower(d.ID)] = d
		ix.byName[strings.ToLower(strings.TrimSuffix(d.File, path.Ext(d.File)))] = d
		if d.Number > 0 {
			ix.byNum[d.Number] = append(ix.byNum[d.Number], d)
		}
	}
	return ix
}

var numRefRE = regexp.MustCompile(`(?i)^(?:(?:adr|decision)[-_ ]?#?\s*)?0*(\d{1,5})$`)

// last is the last path segment of a link or name, without a fragment,
// query, trailing index.html or .md.
func last(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, "?#"); i >= 0 {
		s = s[:i]
	}
	s = strings.TrimSuffix(strings.TrimSuffix(s, "index.html"), "/")
	s = path.Base(s)
	return strings.TrimSuffix(strings.TrimSuffix(s, ".md"), ".MD")
}

// find resolves a name: an id, a file name (with or without .md, with a
// path) or, when numbers is set, a number ("ADR-0005", "5") that one record has.
func (ix *index) find(s string, numbers bool) *Decision {
	if d := ix.byName[strings.ToLower(last(s))]; d != nil {
		return d
	}
	if !numbers {
		return nil
	}
	if m := numRefRE.FindStringSubmatch(strings.TrimSpace(s)); m != nil {
		n, _ := strconv.Atoi(m[1])
		if ds := ix.byNum[n]; len(ds) == 1 {
			return ds[0]
		}
	}
	return nil
}

// isDecisionLink: a link that goes to a decision's page or file: through a
// folder named decisions (or one of dirs), or to a .md file.
func (ix *index) isDecisionLink(u string, dirs []string) bool {
	if strings.HasPrefix(u, "#") {
		return false
	}
	p := u
	if i := strings.IndexAny(p, "?#"); i >= 0 {
		p = p[:i]
	}
	if strings.HasSuffix(strings.ToLower(p), ".md") {
		return true
	}
	for _, seg := range strings.Split(p, "/") {
		if strings.EqualFold(seg, "decisions") || slices.ContainsFunc(dirs, func(d string) bool { return d != "" && strings.EqualFold(seg, d) }) {
			return true
		}
	}
	return false
}

// WriteCSV writes decisions.csv (docs/metrics.md, Downloads): one row per
// decision in the log's order.
func WriteCSV(w io.Writer, l *Log) error {
	cw, err := csvout.New(w, "id", "title", "status", "date", "superseded_by", "path")
	if err != nil {
		return err
	}
	for _, d := range l.Decisions {
		st := d.Status
		if st == "" {
			st = strings.ToLower(d.StatusText)
		}
		date, by := "", ""
		if d.Date != nil {
			date = d.Date.Format("2006-01-02")
		}
		if d.SupersededBy != nil {
			by = d.SupersededBy.ID
		}
		if err := cw.Row(d.ID, d.Title, st, date, by, d.Path); err != nil {
			return err
		}
	}
	return cw.Flush()
}
