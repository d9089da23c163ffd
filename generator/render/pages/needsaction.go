package pages

import "slices"

// The dashboard leads with what needs someone to act. Each section adds
// its items (b.needsAction): the SLO section exhausted budgets, breaching
// SLOs and KPIs and the releases made on spent budgets; the postmortem
// section overdue action items; the launch section degraded launches. A
// new section adds its own (risks without a mitigation, most-wanted
// requests) the same way, and the dashboard shows them all in one list,
// the most urgent first, in the order of the sections.

// Urgency of an Action, in words as well as colour.
const (
	// ActNow: a promise is broken now (a budget spent, an SLO or KPI past
	// its threshold, a launch degrading it).
	ActNow = iota
	// ActSoon: work that is late or missing (overdue action items, a
	// postmortem not written, releases made on a spent budget).
	ActSoon
)

var urgencyWords = [...]string{ActNow: "now", ActSoon: "soon"}

// Action is one item of the dashboard's "Needs action" list.
type Action struct {
	Urgency int
	// Title says what needs doing and about what; Detail the figure that
	// says so. Link, relative to the site root, leads to where to act.
	Title, Detail, Link string
	order               int // the order it was added in: sections, then theirs
}

// Word is the urgency in words: "now" or "soon".
func (a Action) Word() string { return urgencyWords[a.Urgency] }

// needsAction adds an item to the dashboard's "Needs action" list.
func (b *Builder) needsAction(a Action) {
	a.order = len(b.actions)
	b.actions = append(b.actions, a)
}

// actionList is the list as the dashboard shows it: most urgent first,
// then in the order the sections added them.
func (b *Builder) actionList() []Action {
	out := slices.Clone(b.actions)
	slices.SortStableFunc(out, func(x, y Action) int {
		if x.Urgency != y.Urgency {
			return x.Urgency - y.Urgency
		}
		return x.order - y.order
	})
	return out
}
