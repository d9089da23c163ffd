package decisions

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/vitals-dev/vitals/generator/sources/adr"
)

func rec(id string, n int, status string, links ...adr.Link) adr.Record {
	d := time.Date(2024, 1, n, 0, 0, 0, 0, time.UTC)
	return adr.Record{ID: id, File: id + ".md", Path: "docs/adr/" + id + ".md", Number: n, Title: "T" + id[:4], Status: status,
		StatusText: status, Date: &d, Links: links}
}

func lk(kind, target string) adr.Link { return adr.Link{Kind: kind, Target: target} }

// fixture, by hand:
//
//	0001 says accepted, but 0002 supersedes it: superseded (its own line says accepted)
//	0002 superseded by 0003, and supersedes 0001          chain 0001 → 0002 → 0003
//	0003 accepted; 0004 amends it
//	0005 superseded by "ADR-0006" (MADR's text form)      chain 0005 → 0006
//	0007 links a record that is not there
//	0008 and 0009 supersede each other: both superseded, no chain, no endless loop
func fixture() []adr.Record {
	return []adr.Record{
		rec("0003-third", 3, adr.Accepted),
		rec("0001-first", 1, adr.Accepted),
		rec("0002-second", 2, adr.Superseded, lk(adr.SupersededBy, "0003-third.md"), lk(adr.Supersedes, "0001-first.md")),
		rec("0004-amend", 4, adr.Accepted, lk(adr.Amends, "0003-third.md")),
		rec("0005-old", 5, adr.Superseded, lk(adr.SupersededBy, "ADR-0006")),
		rec("0006-new", 6, adr.Accepted),
		rec("0007-dangling", 7, adr.Proposed, lk(adr.Supersedes, "0099-missing.md")),
		rec("0008-loop", 8, adr.Superseded, lk(adr.SupersededBy, "0009-loop.md")),
		rec("0009-loop", 9, adr.Superseded, lk(adr.SupersededBy, "0008-loop.md")),
	}
}

func ids(rs []Ref) string {
	var s []string
	for _, r := range rs {
		s = append(s, r.ID[:4])
	}
	return strings.Join(s, ">")
}

func TestSupersedeChainsAndTheStatusToTrust(t *testing.T) {
	l := Build(fixture(), nil)
	var chains []string
	for _, c := range l.Chains {
		chains = append(chains, ids(c))
	}
	if got := strings.Join(chains, " "); got != "0001>0002>0003 0005>0006" {
		t.Errorf("chains %s, want 0001>0002>0003 0005>0006", got)
	}
	by := map[string]*Decision{}
	for _, d := range l.Decisions {
		by[d.ID[:4]] = d
	}
	want := map[string]struct{ status, own, by, sup, amends, amendedBy, chain string }{
		"0001": {adr.Superseded, "accepted", "0002-second", "", "", "", "0001>0002>0003"},
		"0002": {adr.Superseded, "", "0003-third", "0001", "", "", "0001>0002>0003"},
		"0003": {adr.Accepted, "", "", "0002", "", "0004", "0001>0002>0003"},
		"0004": {adr.Accepted, "", "", "", "0003", "", ""},
		"0005": {adr.Superseded, "", "0006-new", "", "", "", "0005>0006"},
		"0006": {adr.Accepted, "", "", "0005", "", "", "0005>0006"},
		"0007": {adr.Proposed, "", "", "", "", "", ""},
		"0008": {adr.Superseded, "", "0009-loop", "0009", "", "", ""},
	}
	for k, w := range want {
		d := by[k]
		sb := ""
		if d.SupersededBy != nil {
			sb = d.SupersededBy.ID
		}
		got := struct{ status, own, by, sup, amends, amendedBy, chain string }{d.Status, d.OwnStatus, sb, ids(d.Supersedes), ids(d.Amends), ids(d.AmendedBy), ids(d.Chain)}
		if got != w {
			t.Errorf("%s: %+v\nwant %+v", k, got, w)
		}
	}
	if u := by["0007"].Unresolved; len(u) != 1 || u[0].Target != "0099-missing.md" {
		t.Errorf("0007 unresolved %+v", u)
	}
	var order []string
	for _, d := range l.Decisions {
		order = append(order, d.ID[:4])
	}
	if strings.Join(order, " ") != "0001 0002 0003 0004 0005 0006 0007 0008 0009" {
		t.Errorf("order %v", order)
	}
	var groups []string
	for _, g := range l.Groups {
		groups = append(groups, g.Status+":"+itoa(len(g.Decisions)))
	}
	if got := strings.Join(groups, " "); got != "accepted:3 proposed:1 superseded:5" {
		t.Errorf("groups %s", got)
	}
}

func itoa(n int) string { return string(rune('0' + n)) }

// Experiments, launches and postmortems name decisions in front matter
// (an id, a file name or a number) or link to a decision's page or file.
// A link elsewhere whose last segment happens to be a decision's id is not
// a citation; a number two records share names neither.
func TestCitationsFromFrontMatterAndLinks(t *testing.T) {
	recs := append(fixture(), rec("0003-dup", 3, adr.Accepted))
	citers := []Citer{
		{Kind: "postmortem", Title: "Outage", Page: "postmortems/outage/index.html", Names: []string{"0006-new.md", "ADR-0001", "3"}},
		{Kind: "launch", Title: "Dark mode", Page: "launches/dark/index.html", Links: []string{"../decisions/0002-second/", "https://example.com/x"}},
		{Kind: "experiment", Title: "Price test", Page: "experiments/price/index.html", Links: []string{"../../docs/adr/0004-amend.md#decision", "../postmortems/0005-old/"}},
	}
	l := Build(recs, citers, "adr")
	got := map[string]string{}
	for _, d := range l.Decisions {
		for _, c := range d.Cited {
			got[d.ID] += c.Kind + " (" + c.How + ") "
		}
	}
	want := map[string]string{
		"0001-first":  "postmortem (front matter) ",
		"0006-new":    "postmortem (front matter) ",
		"0002-second": "launch (link) ",
		"0004-amend":  "experiment (link) ",
	}
	if len(got) != len(want) {
		t.Errorf("cited %v, want %v", got, want)
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s cited by %q, want %q", k, got[k], w)
		}
	}
}

func TestDecisionsCSV(t *testing.T) {
	recs := fixture()[:3]
	recs[0].Title = "=HYPERLINK(\"x\")"
	var b bytes.Buffer
	if err := WriteCSV(&b, Build(recs, nil)); err != nil {
		t.Fatal(err)
	}
	want := "id,title,status,date,superseded_by,path\r\n" +
		"0001-first,T0001,superseded,2024-01-01,0002-second,docs/adr/0001-first.md\r\n" +
		"0002-second,T0002,superseded,2024-01-02,0003-third,docs/adr/0002-second.md\r\n" +
		"0003-third,\"'=HYPERLINK(\"\"x\"\")\",accepted,2024-01-03,,docs/adr/0003-third.md\r\n"
	if b.String() != want {
		t.Errorf("decisions.csv:\n%s\nwant\n%s", b.String(), want)
	}
}
