package adr

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vitals-dev/vitals/generator/sources/content"
)

// write puts files (name -> text) in a new folder.
func write(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func load(t *testing.T, files map[string]string) (map[string]Record, []string) {
	t.Helper()
	dir := write(t, files)
	recs, ds := Load(dir, func(p string) string {
		r, _ := filepath.Rel(dir, p)
		return "docs/adr/" + filepath.ToSlash(r)
	}, content.NewRenderer(false))
	out := map[string]Record{}
	var order []string
	for _, r := range recs {
		out[r.ID] = r
		order = append(order, r.ID)
	}
	var msgs []string
	for _, d := range ds {
		msgs = append(msgs, d.String())
	}
	if len(order) != len(recs) {
		t.Fatal("duplicate ids")
	}
	return out, append(order, msgs...)
}

func date(r Record) string {
	if r.Date == nil {
		return ""
	}
	return r.Date.Format("2006-01-02") + " (" + r.DateFrom + ")"
}

func links(r Record) string {
	var s []string
	for _, l := range r.Links {
		s = append(s, l.Kind+" "+l.Target)
	}
	return strings.Join(s, "; ")
}

// Records in Nygard's form as adr-tools writes them: numbered titles, a
// Date line, a Status section whose first paragraph is the status and
// whose other lines link records (adr-tools spells "Superceded" too).
func TestNygardRecordsAndTheirLinks(t *testing.T) {
	recs, _ := load(t, map[string]string{
		"0001-keep-a-log.md":                "# 1. Keep a log of decisions\n\nDate: 2023-01-10\n\n## Status\n\nSuperceded by [2. Keep it in the repository](0002-keep-it-in-the-repository.md)\n\n## Context\n\nWhy.\n\n## Decision\n\nWhat.\n\n## Consequences\n\nSo.\n",
		"0002-keep-it-in-the-repository.md": "# 2. Keep it in the repository\n\nDate: 2023-02-01\n\n## Status\n\nAccepted\n\nSupercedes [1. Keep a log of decisions](0001-keep-a-log.md)\n\nAmended by [3. Number them](0003-number-them.md)\n\n## Context\n\n```\n## Status\nRejected\n```\n",
		"0003-number-them.md":               "# 3. Number them\n\nDate: 2023-02-20\n\n## Status\n\nProposed\n\nAmends [2. Keep it in the repository](0002-keep-it-in-the-repository.md)\n",
	})
	want := map[string]struct {
		n                          int
		title, status, date, links string
	}{
		"0001-keep-a-log":                {1, "Keep a log of decisions", Superseded, "2023-01-10 (text)", "superseded by 0002-keep-it-in-the-repository.md"},
		"0002-keep-it-in-the-repository": {2, "Keep it in the repository", Accepted, "2023-02-01 (text)", "supersedes 0001-keep-a-log.md; amended by 0003-number-them.md"},
		"0003-number-them":               {3, "Number them", Proposed, "2023-02-20 (text)", "amends 0002-keep-it-in-the-repository.md"},
	}
	for id, w := range want {
		r, ok := recs[id]
		if !ok {
			t.Errorf("%s not read", id)
			continue
		}
		if r.Number != w.n || r.Title != w.title || r.Status != w.status || date(r) != w.date || links(r) != w.links || r.Form != Nygard {
			t.Errorf("%s: %d %q %q %q [%s] %s\nwant %d %q %q %q [%s]", id, r.Number, r.Title, r.Status, date(r), links(r), r.Form, w.n, w.title, w.status, w.date, w.links)
		}
	}
	if r := recs["0001-keep-a-log"]; r.StatusLine != 7 || r.Path != "docs/adr/0001-keep-a-log.md" {
		t.Errorf("status line %d, path %s", r.StatusLine, r.Path)
	}
}

// MADR 3 and 4 keep status, date and deciders in front matter; MADR 2
// (and log4brains) as a list under the title.
func TestMADRRecordsInTheirThreeForms(t *testing.T) {
	recs, msgs := load(t, map[string]string{
		"0004-pick-a-queue.md":  "---\nstatus: accepted\ndate: 2024-05-02\ndecision-makers:\n  - Ana\n  - Bo\nconsulted: Cy\n---\n# Pick a queue\n\n## Context and Problem Statement\n\nx\n\n## Decision Outcome\n\nChosen option: \"A\".\n",
		"0005-pick-a-broker.md": "---\nstatus: \"superseded by ADR-0007\"\ndate: 2024-05-09\ndeciders: Ana, Bo\n---\n# Pick a broker\n",
		"0006-cache-reads.md":   "# Cache reads\n\n* Status: rejected\n* Deciders: Dee, Eve\n* Date: 2022-11-30\n\nTechnical Story: none\n\n## Context and Problem Statement\n",
		"20210301-use-lunr.md":  "# Use lunr\n\n- Status: superseded by [20210402-use-fuse](20210402-use-fuse.md)\n- Date: 2021-03-01\n",
		"20210402-use-fuse.md":  "# Use fuse\n\n- Status: draft\n",
		"0008-no-metadata.md":   "---\nparent: Decisions\nnav_order: 8\n---\n# No metadata at all\n\n## Considered Options\n\n* A\n",
	})
	want := map[string]struct {
		n                                   int
		status, date, deciders, links, form string
	}{
		"0004-pick-a-queue":  {4, Accepted, "2024-05-02 (front matter)", "Ana, Bo", "", MADR},
		"0005-pick-a-broker": {5, Superseded, "2024-05-09 (front matter)", "Ana, Bo", "superseded by ADR-7", MADR},
		"0006-cache-reads":   {6, Rejected, "2022-11-30 (text)", "Dee, Eve", "", MADR2},
		"20210301-use-lunr":  {0, Superseded, "2021-03-01 (text)", "", "superseded by 20210402-use-fuse.md", MADR2},
		"20210402-use-fuse":  {0, Proposed, "2021-04-02 (file name)", "", "", MADR2},
		"0008-no-metadata":   {8, "", "", "", "", MADR},
	}
	for id, w := range want {
		r, ok := recs[id]
		if !ok {
			t.Errorf("%s not read", id)
			continue
		}
		got := struct {
			n                                   int
			status, date, deciders, links, form string
		}{r.Number, r.Status, date(r), strings.Join(r.Deciders, ", "), links(r), r.Form}
		if got != w {
			t.Errorf("%s: %+v\nwant %+v", id, got, w)
		}
	}
	if len(msgs) != len(want) {
		t.Errorf("unexpected messages: %v", msgs[len(want):])
	}
}

// Variants seen in the wild: a titled "Architecture Decision Record: X"
// with the status after the decision, in capitals; a bold label; a status
// that is none of the five (kept, with a warning at its line); a date that
// is not one; templates and folder descriptions skipped.
func TestVariantsTemplatesAndWarnings(t *testing.T) {
	recs, msgs := load(t, map[string]string{
		"adr-012-loading.md":           "# Architecture Decision Record: Module loading\n\n## Context\n\nx\n\n## Decision\n\ny\n\n## Status\n\nPROPOSED\n\n## Consequences\n",
		"adr-014-project-templates.md": "# Architecture Decision Record: Project templates\n\n## Status\n\nAccepted\n",
		"0020-bold.md":                 "# ADR-0020: Bold labels\n\n**Status:** Deprecated  \n**Date:** 2020-02-02\n\n## Context\n",
		"0021-on-hold.md":              "---\nstatus: on hold\ndate: soon\n---\n# 21. Waiting\n",
		"0022-3-options.md":            "# 3 options for caching\n\n## Status\n\nAccepted\n",
		"template.md":                  "# [short title]\n\n## Status\n\nAccepted\n",
		"adr-template-minimal.md":      "# {title}\n",
		"README.md":                    "# Decisions\n",
		"sub/0030-nested.md":           "# 30. Nested\n\n## Status\n\nAccepted\n",
	})
	want := map[string]string{
		"adr-012-loading":           "12 Module loading proposed PROPOSED",
		"adr-014-project-templates": "14 Project templates accepted Accepted",
		"0020-bold":                 "20 Bold labels deprecated Deprecated",
		"0021-on-hold":              "21 Waiting  on hold",
		"0022-3-options":            "22 3 options for caching accepted Accepted",
		"sub-0030-nested":           "30 Nested accepted Accepted",
	}
	for id, w := range want {
		r, ok := recs[id]
		if !ok {
			t.Errorf("%s not read", id)
			continue
		}
		if got := strings.Join([]string{itoa(r.Number), r.Title, r.Status, r.StatusText}, " "); got != w {
			t.Errorf("%s: %q, want %q", id, got, w)
		}
	}
	if len(recs) != len(want) {
		t.Errorf("%d records, want %d (templates and README skipped)", len(recs), len(want))
	}
	wantMsgs := []string{
		`docs/adr/0021-on-hold.md:2: warning: status "on hold" is not one of proposed, accepted, rejected, deprecated, superseded; the record is listed under its own word`,
		`docs/adr/0021-on-hold.md:3: warning: date "soon" is not a date such as 2024-03-05; the record is listed without a date`,
	}
	got := msgs[len(recs):]
	if strings.Join(got, "\n") != strings.Join(wantMsgs, "\n") {
		t.Errorf("messages:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(wantMsgs, "\n"))
	}
	if r := recs["0020-bold"]; date(r) != "2020-02-02 (text)" {
		t.Errorf("bold date %q", date(r))
	}
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	s := ""
	for ; n > 0; n /= 10 {
		s = string(rune('0'+n%10)) + s
	}
	return s
}
