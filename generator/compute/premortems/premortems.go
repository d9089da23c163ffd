// Package premortems meets pre-mortems with the postmortems that followed
// (docs/metrics.md, Pre-mortems): a postmortem that names a launch or a
// pre-mortem (front matter launch, premortem, or a link to its page or
// file) and a risk (risk: or a link to the risk's anchor) marks the risk
// happened. Foresight per quarter of started: incidents linked to a launch
// whose cause was a risk foreseen, over incidents linked to launches. Risks
// without a mitigation whose launch has started are listed. Pure
// functions, no I/O.
package premortems

import (
	"cmp"
	"fmt"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/vitals-dev/vitals/generator/base/period"
	"github.com/vitals-dev/vitals/generator/sources/premortem"
)

// Risk states.
const (
	Happened  = "happened"
	Mitigated = "mitigated"
	NotYet    = "not yet"
)

// Launch is what the pre-mortems need of a launch.
type Launch struct {
	ID, Title, Page string
	// Start is the first stage's instant (nil: no stage).
	Start *time.Time
}

// Incident is a postmortem as it names launches, pre-mortems and risks.
type Incident struct {
	ID, Title, Page, Source string
	Started                 *time.Time
	// Front matter: launch, premortem, risk (or risks).
	Launches, Premortems, Risks []string
	Links                       []string // link destinations in its body
}

// Ref names an incident.
type Ref struct {
	ID, Title, Page string
	Started         *time.Time
}

// Risk is a risk with what became of it.
type Risk struct {
	premortem.Risk
	State    string
	Happened []Ref // the postmortems that name it
}

// Entry is one pre-mortem with its risks' states.
type Entry struct {
	Premortem premortem.Premortem
	Launch    *Launch // nil when it names none (or one not known)
	Risks     []Risk
	// Counts by state.
	Happened, Mitigated, NotYet int
}

// Open is a risk without a mitigation whose launch has started.
type Open struct {
	Entry *Entry
	Risk  *Risk
}

// Quarter is the foresight figure of one quarter of started.
type Quarter struct {
	Quarter           period.P
	Linked, Foreseen  int
	Foresight         *float64 // Foreseen / Linked; nil when Linked is 0
	Incidents, Missed []Ref    // foreseen, and linked but not foreseen
}

// Problem is a name a postmortem gives that names nothing.
type Problem struct {
	Source, Msg string
}

// Report is the pre-mortem figures.
type Report struct {
	Entries []*Entry // by launch start (none last), then id
	// Quarters from the first linked incident's quarter to as_of's.
	Quarters []Quarter
	// Linked and Foreseen over every incident with a start.
	Linked, Foreseen int
	// NoStart counts linked incidents left out of the quarters: no started.
	NoStart int
	Open    []Open
	// Problems are names that resolve to nothing, for warnings.
	Problems []Problem
}

// Build meets the pre-mortems with the incidents.
func Build(pms []premortem.Premortem, launches []Launch, incs []Incident, asOf time.Time) *Report {
	rep := &Report{}
	byLaunch := map[string]*Launch{}
	for i := range launches {
		byLaunch[strings.ToLower(launches[i].ID)] = &launches[i]
	}
	byID := map[string]*Entry{}
	for _, pm := range pms {
		e := &Entry{Premortem: pm, Launch: byLaunch[strings.ToLower(pm.Launch)]}
		for _, r := range pm.Risks {
			e.Risks = append(e.Risks, Risk{Risk: r})
		}
		rep.Entries = append(rep.Entries, e)
		byID[strings.ToLower(pm.ID)] = e
	}
	slices.SortStableFunc(rep.Entries, func(a, b *Entry) int {
		as, bs := start(a), start(b)
		switch {
		case as == nil && bs != nil:
			return 1
		case as != nil && bs == nil:
			return -1
		case as != nil && bs != nil && !as.Equal(*bs):
			return as.Compare(*bs)
		}
		return cmp.Or(cmp.Compare(a.Premortem.ID, b.Premortem.ID), cmp.Compare(boolInt(a.Premortem.FromLaunch), boolInt(b.Premortem.FromLaunch)))
	})

	type linked struct {
		inc      Incident
		foreseen bool
	}
	var links []linked
	for _, inc := range incs {
		if inc.Started != nil && !inc.Started.Before(asOf) {
			continue // stamped at or after as_of: not yet
		}
		ref := Ref{ID: inc.ID, Title: inc.Title, Page: inc.Page, Started: inc.Started}
		launchIDs := map[string]bool{}
		var named []*Entry
		var riskNames []string
		problem := func(format string, args ...any) {
			rep.Problems = append(rep.Problems, Problem{Source: inc.Source, Msg: fmt.Sprintf(format, args...)})
		}
		for _, l := range inc.Launches {
			id := strings.ToLower(last(l))
			if byLaunch[id] == nil {
				problem("launch %q names no launch", l)
				continue
			}
			launchIDs[id] = true
		}
		for _, p := range inc.Premortems {
			e := byID[strings.ToLower(last(p))]
			if e == nil {
				problem("premortem %q names no pre-mortem", p)
				continue
			}
			named = append(named, e)
		}
		riskNames = append(riskNames, inc.Risks...)
		for _, u := range inc.Links {
			dir, id, frag := splitLink(u)
			switch dir {
			case "launches":
				if byLaunch[id] != nil {
					launchIDs[id] = true
					if frag != "" {
						riskNames = append(riskNames, frag)
					}
				}
			case "premortems":
				if e := byID[id]; e != nil {
					named = append(named, e)
					if frag != "" {
						riskNames = append(riskNames, frag)
					}
				}
			}
		}
		for _, e := range named {
			if e.Premortem.Launch != "" {
				launchIDs[strings.ToLower(e.Premortem.Launch)] = true
			}
		}
		// The pre-mortems a risk name is looked up in: those named and
		// those of the launches named; else every one.
		var scope []*Entry
		for _, e := range rep.Entries {
			if slices.Contains(named, e) || launchIDs[strings.ToLower(e.Premortem.Launch)] {
				scope = append(scope, e)
			}
		}
		if len(scope) == 0 {
			scope = rep.Entries
		}
		foreseen := false
		seen := map[*Risk]bool{}
		for _, name := range riskNames {
			id := strings.TrimPrefix(strings.ToLower(strings.TrimSpace(name)), "#")
			id = strings.TrimPrefix(id, "risk-")
			var hits []*Risk
			var in []*Entry
			for _, e := range scope {
				for i := range e.Risks {
					if e.Risks[i].ID == id {
						hits = append(hits, &e.Risks[i])
						in = append(in, e)
					}
				}
			}
			if len(hits) != 1 {
				if len(hits) == 0 {
					problem("risk %q names no risk of the pre-mortems it could be in", name)
				} else {
					problem("risk %q is a risk of %d pre-mortems; name the launch or the pre-mortem too", name, len(hits))
				}
				continue
			}
			if !seen[hits[0]] {
				seen[hits[0]] = true
				hits[0].Happened = append(hits[0].Happened, ref)
			}
			if in[0].Premortem.Launch != "" {
				launchIDs[strings.ToLower(in[0].Premortem.Launch)] = true
			}
			foreseen = true
		}
		if len(launchIDs) > 0 || len(named) > 0 || foreseen {
			links = append(links, linked{inc, foreseen})
		}
	}

	for _, e := range rep.Entries {
		for i := range e.Risks {
			r := &e.Risks[i]
			switch {
			case len(r.Happened) > 0:
				r.State = Happened
				e.Happened++
			case r.Mitigated():
				r.State = Mitigated
				e.Mitigated++
			default:
				r.State = NotYet
				e.NotYet++
			}
			if !r.Mitigated() && e.Launch != nil && e.Launch.Start != nil && !e.Launch.Start.After(asOf) {
				rep.Open = append(rep.Open, Open{Entry: e, Risk: r})
			}
		}
	}

	// Foresight per quarter of started.
	byQ := map[period.P]*Quarter{}
	var first time.Time
	for _, l := range links {
		if l.inc.Started == nil {
			rep.NoStart++
			continue
		}
		q := period.Of(period.Quarter, *l.inc.Started)
		if byQ[q] == nil {
			byQ[q] = &Quarter{Quarter: q}
		}
		x := byQ[q]
		x.Linked++
		rep.Linked++
		ref := Ref{ID: l.inc.ID, Title: l.inc.Title, Page: l.inc.Page, Started: l.inc.Started}
		if l.foreseen {
			x.Foreseen++
			rep.Foreseen++
			x.Incidents = append(x.Incidents, ref)
		} else {
			x.Missed = append(x.Missed, ref)
		}
		if first.IsZero() || l.inc.Started.Before(first) {
			first = *l.inc.Started
		}
	}
	if !first.IsZero() {
		for _, q := range period.Range(period.Quarter, first, asOf) {
			x := byQ[q]
			if x == nil {
				x = &Quarter{Quarter: q}
			}
			if x.Linked > 0 {
				f := float64(x.Foreseen) / float64(x.Linked)
				x.Foresight = &f
			}
			rep.Quarters = append(rep.Quarters, *x)
		}
	}
	return rep
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func start(e *Entry) *time.Time {
	if e.Launch == nil {
		return nil
	}
	return e.Launch.Start
}

// Foresight is Foreseen / Linked over every quarter; nil when none is linked.
func (r *Report) Foresight() *float64 {
	if r.Linked == 0 {
		return nil
	}
	f := float64(r.Foreseen) / float64(r.Linked)
	return &f
}

// last is the id a name or link gives: its last path segment without a
// fragment, index.html or .md.
func last(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, "?#"); i >= 0 {
		s = s[:i]
	}
	s = strings.TrimSuffix(strings.TrimSuffix(s, "index.html"), "/")
	return strings.TrimSuffix(path.Base(s), ".md")
}

// splitLink reads a link to a launch or a pre-mortem: its folder
// ("launches" or "premortems"), the document's id and the fragment.
func splitLink(u string) (dir, id, frag string) {
	if i := strings.IndexByte(u, '#'); i >= 0 {
		u, frag = u[:i], u[i+1:]
	}
	if i := strings.IndexByte(u, '?'); i >= 0 {
		u = u[:i]
	}
	segs := strings.Split(strings.TrimSuffix(strings.TrimSuffix(u, "index.html"), "/"), "/")
	for i := len(segs) - 2; i >= 0; i-- {
		if s := strings.ToLower(segs[i]); s == "launches" || s == "premortems" {
			return s, strings.ToLower(strings.TrimSuffix(segs[len(segs)-1], ".md")), frag
		}
	}
	return "", "", ""
}
