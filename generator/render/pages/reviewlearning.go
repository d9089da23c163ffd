package pages

import (
	"fmt"
	"strings"

	"github.com/vitals-dev/vitals/generator/base/period"
	"github.com/vitals-dev/vitals/generator/render/theme"
)

// ReviewLearning is what a quarter's launches, pre-mortems and decisions
// say in a review: the launches that changed stage in the quarter, the
// quarter's foresight figure and the decisions dated in it.
type ReviewLearning struct {
	Title     string // names the parts it has: "Launches and decisions"
	Launches  []ReviewLaunch
	Foresight string // "1 of 2 (50%)"; "" when no incident of the quarter is linked
	// ForesightNote names what the figure counts.
	ForesightNote string
	Decisions     []ReviewDecision
	// AsOf is the instant a launch's state is judged at (the data's date,
	// not the quarter's end), said in the table's head.
	AsOf string
}

// ReviewLaunch is a launch with stages in the quarter.
type ReviewLaunch struct {
	Title, Path, Stages, State, StateClass string
}

// ReviewDecision is a decision dated in the quarter.
type ReviewDecision struct {
	Name, Path, Status, Date string
}

// reviewLearning is nil when the quarter has none of the three.
func (b *Builder) reviewLearning(q period.P) *ReviewLearning {
	d := &ReviewLearning{AsOf: b.asOf.Format("2 January 2006")}
	for _, r := range b.rep.Launches {
		var in []string
		for _, s := range r.Launch.Stages {
			if q.Contains(s.At) && s.At.Before(b.asOf) {
				in = append(in, s.Label())
			}
		}
		if len(in) == 0 {
			continue
		}
		d.Launches = append(d.Launches, ReviewLaunch{Title: r.Launch.Title, Path: launchPath(r.Launch), Stages: strings.Join(in, " → "),
			State: r.StateText(), StateClass: stateClass(r.State)})
	}
	if p := b.rep.Premortems; p != nil {
		for _, x := range p.Quarters {
			if x.Quarter == q && x.Linked > 0 {
				d.Foresight = fmt.Sprintf("%d of %d", x.Foreseen, x.Linked)
				if x.Foresight != nil {
					d.Foresight += " (" + theme.Pct(*x.Foresight) + ")"
				}
				d.ForesightNote = "of the incidents that started in " + q.String() + " and whose postmortem names a launch or pre-mortem, those a pre-mortem foresaw (it named the risk)"
			}
		}
	}
	if l := b.rep.Decisions; l != nil {
		for _, x := range l.Decisions {
			if x.Date == nil || !q.Contains(*x.Date) {
				continue
			}
			name := x.Title
			if x.Number > 0 {
				name = fmt.Sprintf("%d. %s", x.Number, x.Title) // as the decision log names it
			}
			st := x.Status
			if st == "" {
				st = x.StatusText
			}
			d.Decisions = append(d.Decisions, ReviewDecision{Name: name, Path: decisionPath(x.ID), Status: st, Date: x.Date.Format("2006-01-02")})
		}
	}
	var parts []string
	for _, p := range []struct {
		name string
		has  bool
	}{{"launches", len(d.Launches) > 0}, {"pre-mortems", d.Foresight != ""}, {"decisions", len(d.Decisions) > 0}} {
		if p.has {
			parts = append(parts, p.name)
		}
	}
	if len(parts) == 0 {
		return nil
	}
	d.Title = strings.Join(parts, ", ")
	if n := len(parts); n > 1 {
		d.Title = strings.Join(parts[:n-1], ", ") + " and " + parts[n-1]
	}
	d.Title = strings.ToUpper(d.Title[:1]) + d.Title[1:]
	return d
}
