package pages

import (
	"fmt"
	"html/template"
	"io"
	"path"
	"regexp"
	"strconv"
	"strings"

	"github.com/vitals-dev/vitals/generator/compute/decisions"
	"github.com/vitals-dev/vitals/generator/compute/reports"
	"github.com/vitals-dev/vitals/generator/sources/adr"
)

// decisionsSection: the decisions index, a page per decision record and
// decisions.csv.
var decisionsSection = Section{
	Name:    "decisions",
	Reports: []reports.Report{reports.Decisions},
	Pages:   (*Builder).decisionLog,
}

// DecisionsPath is the index of decision records.
const DecisionsPath = "decisions/index.html"

func decisionPath(id string) string { return "decisions/" + id + "/index.html" }

// DecisionsData is the decisions index's data.
type DecisionsData struct {
	Counts string // "12 decisions: 7 accepted, 3 superseded, ..."
	Dir    string // the folder they are read from
	Groups []DecisionGroup
	Chains [][]DecisionLink
	Cited  int // decisions that an experiment, launch or postmortem names
}

// DecisionGroup is the decisions of one status.
type DecisionGroup struct {
	ID, Title, Status string
	Rows              []DecisionRow
}

// DecisionRow is one decision in the index.
type DecisionRow struct {
	DecisionLink
	Date, Deciders string
	// Links are its relations: superseded by, supersedes, amends, amended by.
	Links     []DecisionRelation
	Cited     int
	OwnStatus string
}

// DecisionRelation is one kind of link to other decisions.
type DecisionRelation struct {
	Kind string
	To   []DecisionLink
}

// DecisionLink names a decision with a link to its page.
type DecisionLink struct {
	Number, Title, Path, Status string
}

// DecisionData is one decision's page.
type DecisionData struct {
	Number, Status, StatusText, OwnStatus, Date, DateFrom, Deciders, Form, Source string
	SupersededBy                                                                  *DecisionLink
	Supersedes, Amends, AmendedBy                                                 []DecisionLink
	Chain                                                                         []DecisionLink
	Unresolved                                                                    []string
	Cited                                                                         []CitedBy
	Body                                                                          template.HTML
}

// CitedBy is a document that names a decision.
type CitedBy struct {
	Kind, Title, Path, How string
}

var statusTitles = map[string]string{adr.Accepted: "Accepted", adr.Proposed: "Proposed", adr.Superseded: "Superseded",
	adr.Deprecated: "Deprecated", adr.Rejected: "Rejected", "": "No status"}

func (b *Builder) decisionLog() error {
	l := b.rep.Decisions
	if l == nil || len(l.Decisions) == 0 {
		return nil
	}
	d := &DecisionsData{Dir: b.cfg.Decisions.Dir}
	links := map[string]DecisionLink{}
	for _, x := range l.Decisions {
		links[x.ID] = decisionLink(x.Ref(), x.Status)
	}
	ref := func(r decisions.Ref) DecisionLink { return links[r.ID] }
	refs := func(rs []decisions.Ref) []DecisionLink {
		var out []DecisionLink
		for _, r := range rs {
			out = append(out, ref(r))
		}
		return out
	}
	var counts []string
	for _, g := range l.Groups {
		title := statusTitles[g.Status]
		if title == "" {
			title = strings.ToUpper(g.Status[:1]) + g.Status[1:]
		}
		dg := DecisionGroup{ID: "status-" + anchor(title), Title: title, Status: g.Status}
		for _, x := range g.Decisions {
			row := DecisionRow{DecisionLink: links[x.ID], Deciders: strings.Join(x.Deciders, ", "), Cited: len(x.Cited), OwnStatus: x.OwnStatus}
			if x.Date != nil {
				row.Date = x.Date.Format("2006-01-02")
			}
			if x.SupersededBy != nil {
				row.Links = append(row.Links, DecisionRelation{"superseded by", []DecisionLink{ref(*x.SupersededBy)}})
			}
			for _, rel := range []struct {
				kind string
				to   []decisions.Ref
			}{{"supersedes", x.Supersedes}, {"amends", x.Amends}, {"amended by", x.AmendedBy}} {
				if len(rel.to) > 0 {
					row.Links = append(row.Links, DecisionRelation{rel.kind, refs(rel.to)})
				}
			}
			dg.Rows = append(dg.Rows, row)
		}
		d.Groups = append(d.Groups, dg)
		counts = append(counts, fmt.Sprintf("%d %s", len(g.Decisions), strings.ToLower(title)))
	}
	d.Counts = fmt.Sprintf("%d decision records: %s", len(l.Decisions), strings.Join(counts, ", "))
	for _, c := range l.Chains {
		d.Chains = append(d.Chains, refs(c))
	}
	for _, x := range l.Decisions {
		if len(x.Cited) > 0 {
			d.Cited++
		}
		if err := b.decisionPage(x, ref, refs); err != nil {
			return err
		}
	}
	b.addPage(&Page{Path: DecisionsPath, Kind: "decisions", Data: d,
		Info: PageInfo{Title: "Decisions", Section: "decisions", Description: d.Counts + ".",
			HowCounted: "Decision records (Nygard and MADR forms) by their status; a record another supersedes is superseded, whatever its own status line says."}})
	b.nav1("Decisions", DecisionsPath, "decisions")
	b.addDefs(DefSection{ID: "decisions", Title: "Decisions", Items: []Def{
		{"decision-record", "Decision record", "A Markdown file in the decisions folder ([decisions] dir, default content/decisions) in Nygard's form (a numbered title, a Date line, Status, Context, Decision, Consequences sections) or MADR's (front matter status, date and deciders, or a status list under the title). Its number comes from its title or file name."},
		{"decision-status", "Status", "The status's first word: proposed (or draft), accepted (or approved, adopted, decided, implemented), rejected, deprecated or superseded; another word is kept as written. A record is superseded when it says so or when another record says it supersedes it."},
		{"supersede-chain", "Supersede chain", "From a record that supersedes none, through each record that supersedes the one before, to the one in force. Links are the status lines that start with Superseded by, Supersedes, Amends or Amended by."},
		{"decision-cited", "Named by", "An experiment, launch or postmortem names a decision with front matter decision or decisions (an id, a file name or a number such as ADR-0005), or with a link to the decision's page or file."},
	}})
	return b.addFile("data/decisions.csv", func(w io.Writer) error { return decisions.WriteCSV(w, l) })
}

func decisionLink(r decisions.Ref, status string) DecisionLink {
	n := ""
	if r.Number > 0 {
		n = strconv.Itoa(r.Number)
	}
	return DecisionLink{Number: n, Title: r.Title, Path: decisionPath(r.ID), Status: status}
}

func (b *Builder) decisionPage(x *decisions.Decision, ref func(decisions.Ref) DecisionLink, refs func([]decisions.Ref) []DecisionLink) error {
	out := decisionPath(x.ID)
	d := &DecisionData{Status: x.Status, StatusText: x.StatusText, OwnStatus: x.OwnStatus, DateFrom: x.DateFrom, Deciders: strings.Join(x.Deciders, ", "),
		Form: x.Form, Source: x.Path, Supersedes: refs(x.Supersedes), Amends: refs(x.Amends), AmendedBy: refs(x.AmendedBy)}
	if x.Number > 0 {
		d.Number = strconv.Itoa(x.Number)
	}
	if x.Date != nil {
		d.Date = x.Date.Format("2006-01-02")
	}
	if x.SupersededBy != nil {
		s := ref(*x.SupersededBy)
		d.SupersededBy = &s
	}
	if len(x.Chain) > 1 {
		d.Chain = refs(x.Chain)
	}
	for _, u := range x.Unresolved {
		d.Unresolved = append(d.Unresolved, u.Kind+" "+u.Target)
	}
	for _, c := range x.Cited {
		p := c.Page
		if c.Kind == "postmortem" {
			p = b.postmortemPaths[c.Source]
		}
		if p != "" && !b.pageWillExist(p) {
			p = "" // a launch or experiment page that this site does not make
		}
		d.Cited = append(d.Cited, CitedBy{Kind: c.Kind, Title: c.Title, Path: p, How: c.How})
	}
	d.Body = template.HTML(decisionLinks(string(withoutTitle(x.Body)), x.Path, out, b.rep.Decisions))
	title := x.Title
	if d.Number != "" {
		title = d.Number + ". " + title
	}
	b.addPage(&Page{Path: out, Kind: "decision", Data: d,
		Info: PageInfo{Title: title, Section: "decisions", Description: x.Summary,
			HowCounted: "The record as written in " + x.Path + "; its status, links and the documents that name it as vitals read them."}})
	return nil
}

var recordHrefRE = regexp.MustCompile(`href="([^"#?]+\.md)((?:[#?][^"]*)?)"`)

// decisionLinks points a record's links to other records ("0002-x.md")
// at their pages.
func decisionLinks(body, src, out string, l *decisions.Log) string {
	byFile := map[string]string{}
	for _, x := range l.Decisions {
		byFile[strings.ToLower(path.Join(path.Dir(x.Path), x.File))] = decisionPath(x.ID)
	}
	return recordHrefRE.ReplaceAllStringFunc(body, func(m string) string {
		sub := recordHrefRE.FindStringSubmatch(m)
		target := strings.ToLower(path.Join(path.Dir(src), sub[1]))
		p, ok := byFile[target]
		if !ok {
			return m
		}
		return `href="` + linkFrom(out, p) + sub[2] + `"`
	})
}
