package pages

import (
	"fmt"
	"html/template"
	"strings"

	"github.com/vitals-dev/vitals/generator/compute/premortems"
	"github.com/vitals-dev/vitals/generator/compute/reports"
	"github.com/vitals-dev/vitals/generator/render/chart"
	"github.com/vitals-dev/vitals/generator/render/theme"
)

// premortemsSection: the pre-mortems index with the foresight figure, a
// page per pre-mortem, and the dashboard's launch risks.
var premortemsSection = Section{
	Name:    "premortems",
	Reports: []reports.Report{reports.Premortems},
	Pages:   (*Builder).premortems,
}

// PremortemsPath is the index of pre-mortems and the foresight figure.
const PremortemsPath = "premortems/index.html"

func premortemPath(id string) string { return "premortems/" + id + "/index.html" }

// PremortemsData is the pre-mortems index's data.
type PremortemsData struct {
	// Foresight over every quarter: "2 of 3 (67%)", or "" when no incident
	// is linked to a launch.
	Foresight        string
	Linked, Foreseen int
	NoStart          int
	Quarters         []ForesightRow
	Charts           []chart.Chart
	Entries          []PremortemRow
	Open             []OpenRiskRow
}

// ForesightRow is one quarter of the foresight figure.
type ForesightRow struct {
	Quarter, Foresight string
	Linked, Foreseen   int
	// Incidents were foreseen; Missed were linked but not foreseen.
	Incidents, Missed []PageLink
}

// PremortemRow is one pre-mortem in the index.
type PremortemRow struct {
	PageLink
	Launch                             *PageLink
	Start                              string
	Risks, Happened, Mitigated, NotYet int
}

// OpenRiskRow is a risk without a mitigation whose launch has started.
type OpenRiskRow struct {
	Risk               PageLink // to its anchor
	Premortem, Launch  PageLink
	Likelihood, Impact string
	Happened           bool
}

// PremortemData is one pre-mortem's page.
type PremortemData struct {
	Launch                      *PageLink
	Start, Held, Source         string
	FromLaunch                  bool
	Risks                       []RiskRow
	Happened, Mitigated, NotYet int
	Body                        template.HTML
}

// RiskRow is one risk of a pre-mortem.
type RiskRow struct {
	Anchor, ID, Text               string
	Likelihood, Impact, Mitigation string
	State, StateClass              string
	Line                           int
	Happened                       []PageLink
}

func (b *Builder) premortems() error {
	r := b.rep.Premortems
	if r == nil || len(r.Entries) == 0 {
		return nil
	}
	d := &PremortemsData{Linked: r.Linked, Foreseen: r.Foreseen, NoStart: r.NoStart}
	if f := r.Foresight(); f != nil {
		d.Foresight = fmt.Sprintf("%d of %d (%s)", r.Foreseen, r.Linked, theme.Pct(*f))
	}
	incident := func(x premortems.Ref) PageLink { return PageLink{Title: x.Title, Path: b.postmortemPaths[x.Page]} }
	var x []string
	var linked, foreseen []float64
	partial := false
	for _, q := range r.Quarters {
		row := ForesightRow{Quarter: q.Quarter.String(), Linked: q.Linked, Foreseen: q.Foreseen, Foresight: "n/a"}
		if q.Foresight != nil {
			row.Foresight = theme.Pct(*q.Foresight)
		}
		for _, i := range q.Incidents {
			row.Incidents = append(row.Incidents, incident(i))
		}
		for _, i := range q.Missed {
			row.Missed = append(row.Missed, incident(i))
		}
		d.Quarters = append(d.Quarters, row)
		// The chart counts no quarter that begins at as_of, and draws the
		// one as_of falls in apart (the table lists every quarter).
		if !q.Quarter.Start.Before(b.asOf) {
			continue
		}
		partial = q.Quarter.End().After(b.asOf)
		x = append(x, row.Quarter)
		linked, foreseen = append(linked, float64(q.Linked)), append(foreseen, float64(q.Foreseen))
	}
	if len(x) > 0 {
		c, err := chart.Build(chart.Spec{ID: "foresight", Title: "Incidents of launches, and those a pre-mortem foresaw", Kind: chart.Bar, X: x, Integer: true, Partial: partial,
			Series:  []chart.Series{{Name: "of launches", Values: linked}, {Name: "foreseen", Values: foreseen}},
			Caption: "Per quarter of the incident's start: postmortems that name a launch, a pre-mortem or a risk, and of those, the ones that name a risk."})
		if err != nil {
			return err
		}
		d.Charts = append(d.Charts, c)
	}
	for _, e := range r.Entries {
		row := PremortemRow{PageLink: PageLink{Title: entryTitle(e), Path: premortemPath(e.Premortem.ID)}, Launch: b.launchLink(e),
			Risks: len(e.Risks), Happened: e.Happened, Mitigated: e.Mitigated, NotYet: e.NotYet}
		if e.Launch != nil && e.Launch.Start != nil {
			row.Start = e.Launch.Start.Format("2006-01-02")
		}
		d.Entries = append(d.Entries, row)
		b.premortemPage(e, incident)
	}
	d.Open = b.openRisks()
	b.addPage(&Page{Path: PremortemsPath, Kind: "premortems", Data: d, charts: d.Charts,
		Info: PageInfo{Title: "Pre-mortems", Section: "premortems",
			Description: fmt.Sprintf("%d pre-mortems: how launches could fail, and which risks happened.", len(d.Entries)),
			HowCounted:  "A risk happened when a postmortem names its launch or pre-mortem and the risk; foresight is the share of incidents linked to launches whose postmortem names a foreseen risk, by the quarter they started."}})
	b.nav1("Pre-mortems", PremortemsPath, "premortems")
	b.premortemCards(d)
	b.addDefs(DefSection{ID: "premortems", Title: "Pre-mortems", Items: []Def{
		{"premortem", "Pre-mortem and risks", "A document in content/premortems (front matter launch names its launch), or the Risks section of a launch document. Its risks are the list items or table rows under a heading such as Risks, How this could fail or What could go wrong, each with its likelihood, impact and mitigation when it says them. A risk's id is given (id: or {#id}) or made from its first six words; its anchor is #risk-id."},
		{"risk-happened", "Happened, mitigated, not yet", "A risk happened when a postmortem names its launch or pre-mortem (front matter launch or premortem, or a link to the page) and the risk (risk: or a link to its anchor). Otherwise it is mitigated when it names a mitigation that is not none, else not yet."},
		{"foresight", "Foresight", "Per quarter of started: incidents whose postmortem names a risk, over incidents whose postmortem names a launch, a pre-mortem or a risk. Empty when none is linked; a postmortem without a start is left out and counted apart."},
		{"open-risks", "Open risks", "Risks without a mitigation of launches whose first stage is at or before the data's date, whether they happened or not."},
	}})
	return nil
}

// entryTitle names a pre-mortem: a document by its title, a launch's own
// section as that.
func entryTitle(e *premortems.Entry) string {
	t := e.Premortem.Title
	switch {
	case e.Premortem.FromLaunch:
		return "Launch risks: " + t
	case strings.HasPrefix(strings.ToLower(t), "pre-mortem"), strings.HasPrefix(strings.ToLower(t), "premortem"):
		return t
	}
	return "Pre-mortem: " + t
}

// launchLink links an entry's launch: its page when the site makes one.
func (b *Builder) launchLink(e *premortems.Entry) *PageLink {
	if e.Launch == nil {
		if e.Premortem.Launch == "" {
			return nil
		}
		return &PageLink{Title: e.Premortem.Launch + " (not a launch of this site)"}
	}
	l := &PageLink{Title: e.Launch.Title, Path: e.Launch.Page}
	if !b.pageWillExist(l.Path) {
		l.Path = ""
	}
	return l
}

func (b *Builder) premortemPage(e *premortems.Entry, incident func(premortems.Ref) PageLink) {
	out := premortemPath(e.Premortem.ID)
	d := &PremortemData{Launch: b.launchLink(e), Source: e.Premortem.Path, FromLaunch: e.Premortem.FromLaunch,
		Happened: e.Happened, Mitigated: e.Mitigated, NotYet: e.NotYet, Body: withoutTitle(e.Premortem.Body)}
	if e.Launch != nil && e.Launch.Start != nil {
		d.Start = e.Launch.Start.Format("2006-01-02 15:04 UTC")
	}
	if e.Premortem.Date != nil {
		d.Held = e.Premortem.Date.Format("2006-01-02")
	}
	for _, k := range e.Risks {
		row := RiskRow{Anchor: k.Anchor(), ID: k.ID, Text: k.Text, Likelihood: k.Likelihood, Impact: k.Impact, Mitigation: k.Mitigation,
			State: k.State, StateClass: strings.ReplaceAll(k.State, " ", "-"), Line: k.Line}
		for _, h := range k.Happened {
			row.Happened = append(row.Happened, incident(h))
		}
		d.Risks = append(d.Risks, row)
	}
	b.addPage(&Page{Path: out, Kind: "premortem", Data: d,
		Info: PageInfo{Title: entryTitle(e), Section: "premortems", Description: e.Premortem.Summary,
			HowCounted: "Risks as written in " + e.Premortem.Path + "; happened when a postmortem names the launch or pre-mortem and the risk."}})
}

// openRisks are the risks without a mitigation of started launches.
func (b *Builder) openRisks() []OpenRiskRow {
	var out []OpenRiskRow
	for _, o := range b.rep.Premortems.Open {
		p := premortemPath(o.Entry.Premortem.ID)
		row := OpenRiskRow{Risk: PageLink{Title: o.Risk.Title, Path: p + "#" + o.Risk.Anchor()}, Premortem: PageLink{Title: entryTitle(o.Entry), Path: p},
			Likelihood: o.Risk.Likelihood, Impact: o.Risk.Impact, Happened: o.Risk.State == premortems.Happened}
		if l := b.launchLink(o.Entry); l != nil {
			row.Launch = *l
		}
		out = append(out, row)
	}
	return out
}

// premortemCards puts the open risks and the foresight on the dashboard.
func (b *Builder) premortemCards(d *PremortemsData) {
	g := CardGroup{Title: "Launch risks", How: "how-we-count/index.html#premortems",
		Note: "From the pre-mortems: risks without a mitigation of launches that have started, and how many incidents of launches a pre-mortem foresaw."}
	c := Card{Title: "Risks without a mitigation", Value: theme.Num(len(d.Open)), Link: PremortemsPath + "#open-risks", Note: "of launches that have started"}
	if len(d.Open) > 0 {
		c.State, c.StateText = "warning", "unmitigated"
		b.needsAction(Action{Urgency: ActSoon, Title: "Mitigate " + plural(len(d.Open), "risk") + " of launches under way",
			Detail: "pre-mortem risks without a mitigation, of launches that have started.", Link: PremortemsPath + "#open-risks"})
	}
	g.Cards = append(g.Cards, c)
	if f := b.rep.Premortems.Foresight(); f != nil {
		g.Cards = append(g.Cards, Card{Title: "Incidents of launches foreseen", Value: theme.Pct(*f), Link: PremortemsPath + "#foresight",
			Note: fmt.Sprintf("%d of %d named a pre-mortem's risk, all quarters", d.Foreseen, d.Linked)})
	}
	for i, o := range d.Open {
		if i == 5 {
			g.Items = append(g.Items, GroupItem{Text: fmt.Sprintf("and %d more", len(d.Open)-5), Link: PremortemsPath + "#open-risks"})
			break
		}
		note := o.Launch.Title
		if o.Happened {
			note += "; it happened"
		}
		g.Items = append(g.Items, GroupItem{Text: o.Risk.Title, Link: o.Risk.Path, Note: note})
	}
	b.groups = append(b.groups, g)
}
