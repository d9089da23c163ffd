package site

import (
	"os"
	"path/filepath"

	"github.com/vitals-dev/vitals/generator/compute/feedback"
	"github.com/vitals-dev/vitals/generator/sources/adr"
	"github.com/vitals-dev/vitals/generator/sources/premortem"
)

// learningSources are the decision records and pre-mortems read from files
// (issue 20's learning loops; their reports are in compute/reports).
type learningSources struct {
	Decisions  []adr.Record
	Premortems []premortem.Premortem
}

// loadLearning reads the decision records ([decisions] dir) and the
// pre-mortems (content/premortems and the Risks sections of launches).
func (b *builder) loadLearning() {
	// A record's path is relative to the site even outside it
	// ("../docs/adr/x.md"): it is published, so it must not name this machine.
	siteRel := func(p string) string {
		if r, err := filepath.Rel(b.opts.Source, p); err == nil {
			return filepath.ToSlash(r)
		}
		return filepath.ToSlash(p)
	}
	recs, ds := adr.Load(b.cfg.DecisionsDir(), siteRel, b.md)
	b.addDiags(ds, nil)
	pms, ds := premortem.Load(b.opts.Source, b.md)
	b.addDiags(ds, nil)
	for _, l := range b.launches {
		src, err := os.ReadFile(filepath.Join(b.opts.Source, filepath.FromSlash(l.Path)))
		if err != nil {
			continue // launchdoc reported it
		}
		pm, ds := premortem.FromLaunch(l.ID, l.Title, l.Path, src)
		b.addDiags(ds, nil)
		if pm != nil {
			pms = append(pms, *pm)
		}
	}
	b.learning = learningSources{Decisions: recs, Premortems: pms}
}

// newFeedbackAcc gathers feature requests while the store is read.
func newFeedbackAcc(b *builder) *feedback.Acc {
	if !b.specs.Issues.Has() || b.asOf.IsZero() {
		return nil
	}
	return feedback.NewAcc(feedback.Options{AsOf: b.asOf, Labels: b.cfg.Feedback.Labels, Bots: b.cfg.Issues.Bots})
}
