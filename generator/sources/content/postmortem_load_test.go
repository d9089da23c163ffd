package content

import (
	"os"
	"path"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/vitals-dev/vitals/generator/internal/testkit/fixture"
	"github.com/vitals-dev/vitals/generator/sources/postmortem"
)

// Loading postmortems through Load: front matter and text together, the
// page's date, ids and slugs across files.

// Front matter wins over the text, field by field; values read from the
// text keep their source line; the document that states no zone says so.
func TestLoadReadsTheTextWhereFrontMatterIsSilent(t *testing.T) {
	dir := fixture.WriteSite(t, `
-- content/postmortems/2024-03-05-api.md --
---
id: INC-2024-001
repo: acme/api
detected: 2024-03-05 10:30
date: 2024-03-20
categories: [database]
keywords: latency
product: api
company: Acme
---
# API errors

## Timeline
- 2024-03-05 10:00 - errors begin
- 2024-03-05 10:12 - alert fired
- 2024-03-05 11:00 - restored

## Action items
- [ ] Add pool alert #12 (due 2024-03-30)
-- content/postmortems/b.md --
---
action_items:
  - title: From front matter
---
## Follow-up
- from the body
`)
	c, ds := Load(dir, NewRenderer(false))
	if len(ds) > 0 {
		t.Fatalf("diagnostics: %v", ds)
	}
	a, b := c.Postmortems[0], c.Postmortems[1]
	if a.ID != "INC-2024-001" || a.Slug != "inc-2024-001" {
		t.Errorf("id %q slug %q", a.ID, a.Slug)
	}
	if !a.Started.Equal(*ts("2024-03-05 10:00")) || !a.Detected.Equal(*ts("2024-03-05 10:30")) || !a.Mitigated.Equal(*ts("2024-03-05 11:00")) || !a.Resolved.Equal(*ts("2024-03-05 11:00")) {
		t.Errorf("times %v %v %v %v", a.Started, a.Detected, a.Mitigated, a.Resolved)
	}
	wantSrc := map[string]postmortem.Source{
		"started":   {Line: 14, How: "timeline entry", Text: "- 2024-03-05 10:00 - errors begin", Words: "earliest entry"},
		"mitigated": {Line: 16, How: "timeline entry", Text: "- 2024-03-05 11:00 - restored", Words: `says "restored"`},
		"resolved":  {Line: 16, How: "timeline entry", Text: "- 2024-03-05 11:00 - restored", Words: `says "restored"`},
	}
	if !reflect.DeepEqual(a.Sources, wantSrc) {
		t.Errorf("sources %#v", a.Sources)
	}
	if a.ZoneNote != "the document states no time zone: its times are read as UTC" {
		t.Errorf("zone note %q", a.ZoneNote)
	}
	if a.Published == nil || a.Published.Format("2006-01-02") != "2024-03-20" || a.Page.DateFrom != postmortem.DateFromBody {
		t.Errorf("published %v, date from %q", a.Published, a.Page.DateFrom)
	}
	if !reflect.DeepEqual(a.Tags, []string{"database", "latency"}) || !reflect.DeepEqual(a.Services, []string{"api"}) || a.Company != "Acme" {
		t.Errorf("tags %v services %v company %q", a.Tags, a.Services, a.Company)
	}
	if len(a.ActionItems) != 1 || a.ActionItems[0].Issue != "acme/api#12" || a.ActionItems[0].Due != "2024-03-30" || a.ActionItems[0].Line != 19 || !a.ItemsFromBody {
		t.Errorf("items %+v", a.ActionItems)
	}
	if len(b.ActionItems) != 1 || b.ActionItems[0].Title != "From front matter" || b.ItemsFromBody {
		t.Errorf("front matter items must win: %+v", b.ActionItems)
	}
	if len(c.Unknown) != 0 {
		t.Errorf("foreign keys reported unknown: %v", c.Unknown)
	}
}

// Ids are the author's; two ids that make one page name are an error that
// names both files; an upper-case id is fine.
func TestIDsAreTheAuthorsAndTheirSlugsUnique(t *testing.T) {
	dir := fixture.WriteSite(t, `
-- content/postmortems/a.md --
---
id: PM-7
---
-- content/postmortems/b.md --
---
id: pm_7
---
-- content/postmortems/c.md --
---
id: 3f2b1c9e-0a6d-4b5e-9c1d-2e7f8a9b0c1d
---
-- content/postmortems/2019-05-30.md --
x
`)
	c, ds := Load(dir, NewRenderer(false))
	want := []string{`content/postmortems/b.md:2:5: id "pm_7" and id "PM-7" of content/postmortems/a.md both make the page name "pm-7"; change one of them`}
	if got := diagStrings(ds); !reflect.DeepEqual(got, want) {
		t.Errorf("got %q", got)
	}
	slugs := map[string]string{}
	for _, p := range c.Postmortems {
		slugs[p.Path] = p.ID + " -> " + p.Slug
	}
	if slugs["content/postmortems/2019-05-30.md"] != "2019-05-30 -> 2019-05-30" || slugs["content/postmortems/c.md"] != "3f2b1c9e-0a6d-4b5e-9c1d-2e7f8a9b0c1d -> 3f2b1c9e-0a6d-4b5e-9c1d-2e7f8a9b0c1d" {
		t.Errorf("slugs %v", slugs)
	}
}

// Front matter wins field by field: a key it gives (even with an invalid
// value, which is reported as an error) is never inferred; the fields it
// leaves out still are.
func TestLoadFrontMatterWinsOverInferred(t *testing.T) {
	dir := fixture.WriteSite(t, `
-- content/postmortems/a.md --
---
title: A
severity: SEV2
status: ""
started: 2025-03-04 12:00
---
**Severity:** Critical

**Status:** Resolved

**Incident start:** 2025-03-04 11:00 UTC

**Services:** api
-- content/postmortems/b.md --
+++
severity = 1.5
+++
**Severity:** High
`)
	c, ds := Load(dir, NewRenderer(false))
	// "severity = 1.5": the value starts at column 12.
	want := []string{`content/postmortems/b.md:2:12: severity: want text, got the number 1.5 (put it in quotes)`}
	if got := diagStrings(ds); !reflect.DeepEqual(got, want) {
		t.Fatalf("diags %q, want %q", got, want)
	}
	a, b := c.Postmortems[0], c.Postmortems[1]
	if a.Severity != "SEV2" || !a.Started.Equal(*ts("2025-03-04 12:00")) || a.Page.DateFrom != postmortem.DateFromFrontMatter {
		t.Errorf("front matter lost: %+v", a.Postmortem)
	}
	// status is empty in front matter, services absent: both from the body
	// (file lines: 6 lines of front matter, body from line 7).
	if a.Status != "Resolved" || !reflect.DeepEqual(a.Services, []string{"api"}) {
		t.Errorf("status %q services %q", a.Status, a.Services)
	}
	wantFrom := map[string]string{"status": `line 9: labelled line "Status"`, "services": `line 13: labelled line "Services"`}
	if !reflect.DeepEqual(a.Inferred, wantFrom) {
		t.Errorf("Inferred %v, want %v", a.Inferred, wantFrom)
	}
	if b.Severity != "" || b.Inferred != nil {
		t.Errorf("invalid front-matter severity replaced by the body: %q %v", b.Severity, b.Inferred)
	}
}

// A file without front matter gets its fields and its date from labelled
// lines, with no diagnostic; inferred times out of order with the others
// are dropped, again with no diagnostic.
func TestLoadInfersWithoutDiagnostics(t *testing.T) {
	dir := fixture.WriteSite(t, `
-- content/postmortems/outage.md --
# Outage of the queue

**Severity:** Minor
**Status:** Resolved
**Incident start:** 2025-06-01 08:00 UTC
**Resolved:** 2025-06-01 09:30 UTC
-- content/postmortems/odd.md --
---
started: 2025-06-01 10:00
---
Detected: 2025-06-01 09:00 UTC
Resolved: 2025-06-01 11:00 UTC
Severity: Low
-- content/postmortems/plain.md --
# Nothing labelled

The severity was never settled and the status is unknown.
`)
	c, ds := Load(dir, NewRenderer(false))
	if len(ds) != 0 {
		t.Fatalf("inference must not report anything: %v", ds)
	}
	byPath := map[string]Postmortem{}
	for _, p := range c.Postmortems {
		byPath[p.Path] = p
	}
	o := byPath["content/postmortems/outage.md"]
	if o.Severity != "Minor" || o.Status != "Resolved" || !o.Started.Equal(*ts("2025-06-01 08:00")) ||
		!o.Resolved.Equal(*ts("2025-06-01 09:30")) || o.Detected != nil {
		t.Errorf("outage: %+v", o.Postmortem)
	}
	if o.Date == nil || !o.Date.Equal(*o.Started) || o.Page.DateFrom != postmortem.DateFromBody {
		t.Errorf("outage date %v from %q, want the labelled start from %q", o.Date, o.Page.DateFrom, postmortem.DateFromBody)
	}
	if len(o.Inferred) != 4 {
		t.Errorf("outage inferred %v", o.Inferred)
	}
	// Detected 09:00 is before started 10:00 (front matter): every inferred
	// time is dropped, the front-matter start and the severity stay.
	d := byPath["content/postmortems/odd.md"]
	if d.Detected != nil || d.Resolved != nil || !d.Started.Equal(*ts("2025-06-01 10:00")) || d.Severity != "Low" {
		t.Errorf("odd: %+v", d.Postmortem)
	}
	if !reflect.DeepEqual(d.Inferred, map[string]string{"severity": `line 6: labelled line "Severity"`}) {
		t.Errorf("odd inferred %v", d.Inferred)
	}
	p := byPath["content/postmortems/plain.md"]
	if p.Severity != "" || p.Status != "" || p.Inferred != nil {
		t.Errorf("plain: %+v %v", p.Postmortem, p.Inferred)
	}
}

// Inferred severities feed the index facet like front-matter ones.
func TestInferredSeverityCountsInFacet(t *testing.T) {
	dir := fixture.WriteSite(t, `
-- content/postmortems/a.md --
## Severity

**High** - many users
-- content/postmortems/b.md --
---
severity: High
---
-- content/postmortems/c.md --
| Severity |
|---|
| Low |
`)
	c, ds := Load(dir, NewRenderer(false))
	if len(ds) != 0 {
		t.Fatal(ds)
	}
	// a (body) and b (front matter) are High, c (table) is Low.
	want := []postmortem.Facet{{Value: "High", Count: 2}, {Value: "Low", Count: 1}}
	if got := postmortem.NewIndex(Models(c.Postmortems)).Severities; !reflect.DeepEqual(got, want) {
		t.Errorf("facet %v, want %v", got, want)
	}
}

// Files beside the postmortems that are neither Markdown nor plain text
// are named in one warning line (not one per file); text files without an
// extension or with .txt or .markdown are read as Markdown postmortems; images, data
// files, licences, build files and hidden folders are not reports; a
// README without an extension introduces the folder; a template named
// with placeholders is skipped.
func TestNonMarkdownPostmortemsNamedInOneWarning(t *testing.T) {
	dir := fixture.WriteSite(t, `
-- content/postmortems/2024-01-02-db.md --
# DB
-- content/postmortems/2024-02-03-cache-outage --
# Cache outage

## Timeline (UTC)

- 10:05 Cache errors start
- 10:20 Alert fired
-- content/postmortems/notes.txt --
# Notes

## Timeline

- 2024-03-04 08:00 UTC Users report failed logins
-- content/postmortems/2024-06-07-queue.markdown --
# Queue stuck
-- content/postmortems/README --
All our reviews.
-- content/postmortems/report.docx --
x
-- content/postmortems/graph.png --
x
-- content/postmortems/LICENSE --
x
-- content/postmortems/Makefile --
all:
-- content/postmortems/compass.yml --
x
-- content/postmortems/.idea/x.iml --
x
-- content/postmortems/PMyyyy-nnn - Postmortem template.md --
# template
`)
	// A binary file without an extension: not text, so not read.
	if err := os.WriteFile(filepath.Join(dir, "content/postmortems/2024-05-06-dump"), []byte("# x\x00\x01\x02"), 0o644); err != nil {
		t.Fatal(err)
	}
	c, ds := Load(dir, NewRenderer(false))
	want := []string{"content/postmortems: warning: 2 files are not read as postmortems (neither Markdown nor plain text): 2024-05-06-dump, report.docx"}
	if got := diagStrings(ds); !reflect.DeepEqual(got, want) {
		t.Errorf("diagnostics %q\nwant %q", got, want)
	}
	var got []string
	for _, p := range c.Postmortems {
		s := p.Path
		if p.Started != nil {
			s += " started " + p.Started.Format("2006-01-02 15:04")
		}
		if p.Detected != nil {
			s += " detected " + p.Detected.Format("2006-01-02 15:04")
		}
		got = append(got, s)
	}
	wantPM := []string{
		"content/postmortems/2024-01-02-db.md started 2024-01-02 00:00", // no timeline: the file name's date
		"content/postmortems/2024-02-03-cache-outage started 2024-02-03 10:05 detected 2024-02-03 10:20",
		"content/postmortems/2024-06-07-queue.markdown started 2024-06-07 00:00",
		"content/postmortems/notes.txt started 2024-03-04 08:00 detected 2024-03-04 08:00",
	}
	if !reflect.DeepEqual(got, wantPM) {
		t.Errorf("postmortems %q\nwant %q", got, wantPM)
	}
	if len(c.Skipped) != 1 {
		t.Errorf("skipped %v; want the template", c.Skipped)
	}
	readme := false
	for _, pg := range c.Pages {
		readme = readme || pg.Path == "content/postmortems/README"
	}
	if !readme {
		t.Error("the README without an extension is not a page")
	}
}

// With no timeline entry to give a time, the day the title or the file
// name gives is when it started, as a date (day precision); the file
// name's only when the text names no other day first (it may be the day
// the review was published); a near miss has no start; a file name
// without a date gives nothing.
func TestStartedFromTheTitleOrFileNameDate(t *testing.T) {
	dir := fixture.WriteSite(t, `
-- content/postmortems/2022-10-31-phone-incident --
# Phone incident
## Summary
A work phone downloaded a file nobody asked for.
## Resolution and recovery
The phone was factory reset.
-- content/postmortems/2023-05-01-parser.md --
# Parser flaw
A researcher reported the flaw. It was not exploited.
-- content/postmortems/hub-down.md --
# Hub down on March 3, 2024
The hub was down for an hour.
-- content/postmortems/2025-11-15-ingestion-delays.md --
# Ingestion delays
From November 11, 4:02 PM UTC to November 14 ingestion was degraded.
-- content/postmortems/2024-02-28-flags-down.md --
# Flags down
On 28th February, flags went down for three hours.
-- content/postmortems/dns.md --
# DNS
Resolution failed for a while.
`)
	c, ds := Load(dir, NewRenderer(false))
	if len(ds) != 0 {
		t.Fatal(ds)
	}
	got := map[string]string{}
	for _, p := range c.Postmortems {
		s := "-"
		if p.Started != nil {
			s = p.Started.Format("2006-01-02")
			if !p.Day("started") {
				s += " (with a time)"
			}
			s += " from " + p.Sources["started"].How
			// vitals check names the place, not a line 0.
			if w, ok := map[string]string{"2022-10-31-phone-incident": "the file name", "hub-down.md": "the title"}[path.Base(p.Path)]; ok && !strings.Contains(p.ReadLine(), "started ("+w+")") {
				t.Errorf("%s: check says %q, want started (%s)", p.Path, p.ReadLine(), w)
			}
		}
		got[path.Base(p.Path)] = s
	}
	want := map[string]string{
		"2022-10-31-phone-incident": "2022-10-31 from the file name's date (no timeline entry gives one)",
		"2023-05-01-parser.md":      "-",
		"hub-down.md":               "2024-03-03 from the title's date (no timeline entry gives one)",
		"dns.md":                    "-",
		// The file name's date is the review's: the text names another day.
		"2025-11-15-ingestion-delays.md": "-",
		"2024-02-28-flags-down.md":       "2024-02-28 from the file name's date (no timeline entry gives one)",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("started\n got  %v\n want %v", got, want)
	}
}
