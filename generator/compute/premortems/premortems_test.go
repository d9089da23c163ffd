package premortems

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/vitals-dev/vitals/generator/sources/premortem"
)

func at(s string) *time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return &t
}

func risk(id, mitigation string) premortem.Risk {
	return premortem.Risk{ID: id, Title: "Risk " + id, Mitigation: mitigation}
}

var asOf = *at("2025-10-01")

// The fixture, by hand (as_of 2025-10-01):
//
//	launches: bulk (started 03-01), dark (06-01), future (12-01, not started)
//	P1 "bulk-pm" (a document, launch bulk): queue (no mitigation), tokens (mitigation: refresh)
//	P2 (the dark launch's own Risks section): contrast (mitigation: audit), css-size (none)
//	P3 "future-pm" (launch future): load (no mitigation)
//
//	I1 03-10 Q1  front matter launch bulk, risk queue             linked, foreseen
//	I2 04-05 Q2  link ../launches/dark/                            linked
//	I3 06-20 Q2  link ../launches/dark/#risk-css-size              linked, foreseen
//	I4 07-01 Q3  premortem bulk-pm, risk tokens                    linked, foreseen (mitigated, yet it happened)
//	I5 08-01 Q3  names nothing                                     not linked
//	I6 no start  launch bulk                                       left out: no start
//	I7 09-01 Q3  launch dark, risk nonexistent                     linked; a problem
//	I8 10-05     after as_of                                       ignored
//
// Foresight: Q1 1/1, Q2 1/2, Q3 1/2, Q4 none; in all 3/5.
func fixture() *Report {
	pms := []premortem.Premortem{
		{ID: "future-pm", Launch: "future", Risks: []premortem.Risk{risk("load", "")}},
		{ID: "dark", Launch: "dark", FromLaunch: true, Risks: []premortem.Risk{risk("contrast", "audit"), risk("css-size", "none")}},
		{ID: "bulk-pm", Launch: "bulk", Risks: []premortem.Risk{risk("queue", ""), risk("tokens", "refresh")}},
	}
	launches := []Launch{
		{ID: "bulk", Start: at("2025-03-01")}, {ID: "dark", Start: at("2025-06-01")}, {ID: "future", Start: at("2025-12-01")},
	}
	incs := []Incident{
		{ID: "i1", Started: at("2025-03-10"), Launches: []string{"bulk"}, Risks: []string{"queue"}},
		{ID: "i2", Started: at("2025-04-05"), Links: []string{"../launches/dark/"}},
		{ID: "i3", Started: at("2025-06-20"), Links: []string{"../launches/dark/#risk-css-size"}},
		{ID: "i4", Started: at("2025-07-01"), Premortems: []string{"bulk-pm"}, Risks: []string{"tokens"}},
		{ID: "i5", Started: at("2025-08-01"), Links: []string{"https://example.com/launches"}},
		{ID: "i6", Launches: []string{"bulk"}},
		{ID: "i7", Source: "content/postmortems/i7.md", Started: at("2025-09-01"), Launches: []string{"dark"}, Risks: []string{"nonexistent"}},
		{ID: "i8", Started: at("2025-10-05"), Launches: []string{"bulk"}, Risks: []string{"queue"}},
	}
	return Build(pms, launches, incs, asOf)
}

func TestForesightPerQuarter(t *testing.T) {
	r := fixture()
	var got []string
	for _, q := range r.Quarters {
		f := "-"
		if q.Foresight != nil {
			f = fmt.Sprintf("%.2f", *q.Foresight)
		}
		got = append(got, fmt.Sprintf("%s %d/%d %s", q.Quarter, q.Foreseen, q.Linked, f))
	}
	want := "2025-Q1 1/1 1.00, 2025-Q2 1/2 0.50, 2025-Q3 1/2 0.50, 2025-Q4 0/0 -"
	if strings.Join(got, ", ") != want {
		t.Errorf("quarters %s\nwant %s", strings.Join(got, ", "), want)
	}
	if f := r.Foresight(); r.Linked != 5 || r.Foreseen != 3 || r.NoStart != 1 || f == nil || *f != 0.6 {
		t.Errorf("in all %d/%d (%v), no start %d; want 3/5 (0.6), 1", r.Foreseen, r.Linked, f, r.NoStart)
	}
	if len(r.Problems) != 1 || r.Problems[0].Source != "content/postmortems/i7.md" || !strings.Contains(r.Problems[0].Msg, `risk "nonexistent" names no risk`) {
		t.Errorf("problems %+v", r.Problems)
	}
}

func TestRiskStatesAndOpenRisksOfStartedLaunches(t *testing.T) {
	r := fixture()
	var got []string
	for _, e := range r.Entries {
		var rs []string
		for _, k := range e.Risks {
			var by []string
			for _, h := range k.Happened {
				by = append(by, h.ID)
			}
			rs = append(rs, k.ID+"="+k.State+strings.Join(by, "+"))
		}
		got = append(got, fmt.Sprintf("%s[%d/%d/%d] %s", e.Premortem.ID, e.Happened, e.Mitigated, e.NotYet, strings.Join(rs, " ")))
	}
	want := []string{
		"bulk-pm[2/0/0] queue=happenedi1 tokens=happenedi4",
		"dark[1/1/0] contrast=mitigated css-size=happenedi3",
		"future-pm[0/0/1] load=not yet",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("entries:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	var open []string
	for _, o := range r.Open {
		open = append(open, o.Entry.Premortem.ID+"/"+o.Risk.ID)
	}
	// Without a mitigation and the launch started: not tokens (mitigated),
	// not load (its launch starts after as_of).
	if strings.Join(open, " ") != "bulk-pm/queue dark/css-size" {
		t.Errorf("open %v", open)
	}
}

// A risk name that two pre-mortems share needs its launch or pre-mortem.
func TestAmbiguousRiskNameIsAProblemNotAGuess(t *testing.T) {
	pms := []premortem.Premortem{
		{ID: "a", Launch: "a", Risks: []premortem.Risk{risk("outage", "")}},
		{ID: "b", Launch: "b", Risks: []premortem.Risk{risk("outage", "")}},
	}
	r := Build(pms, []Launch{{ID: "a", Start: at("2025-01-01")}, {ID: "b", Start: at("2025-01-01")}},
		[]Incident{{ID: "x", Started: at("2025-02-01"), Risks: []string{"outage"}}, {ID: "y", Started: at("2025-02-02"), Launches: []string{"b"}, Risks: []string{"risk-outage"}}}, asOf)
	if len(r.Problems) != 1 || !strings.Contains(r.Problems[0].Msg, "is a risk of 2 pre-mortems") {
		t.Errorf("problems %+v", r.Problems)
	}
	if r.Entries[0].Risks[0].State != NotYet || r.Entries[1].Risks[0].State != Happened || r.Linked != 1 {
		t.Errorf("a %s, b %s, linked %d", r.Entries[0].Risks[0].State, r.Entries[1].Risks[0].State, r.Linked)
	}
}
