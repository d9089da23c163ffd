package content

import (
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vitals-dev/vitals/generator/internal/testkit/fixture"
	"github.com/vitals-dev/vitals/generator/sources/postmortem"
)

// Real postmortems in their authors' own formats (PostHog, Learning
// Equality, PortSwigger) load with no error: every .md is a postmortem and a
// page, except templates (skipped) and README.md files (pages only).
func TestRealPostmortemsLoadWithoutErrors(t *testing.T) {
	data := fixture.SharedData(t)
	site := t.TempDir()
	fixture.CopyTree(t, filepath.Join(data, "postmortems"), filepath.Join(site, "content", "postmortems"))

	var mdFiles int
	_ = filepath.WalkDir(filepath.Join(site, "content"), func(p string, e fs.DirEntry, err error) error {
		if err == nil && !e.IsDir() && strings.EqualFold(filepath.Ext(p), ".md") {
			mdFiles++
		}
		return nil
	})

	for _, unsafe := range []bool{false, true} {
		c, ds := Load(site, NewRenderer(unsafe))
		if errs := errorsOf(ds); len(errs) > 0 {
			t.Fatalf("unsafe=%v: %d errors:\n%s", unsafe, len(errs), errs.Error())
		}
		if got := len(c.Pages) + len(c.Skipped); got != mdFiles {
			t.Errorf("%d pages + %d skipped, want all %d .md files", len(c.Pages), len(c.Skipped), mdFiles)
		}
		if unsafe {
			continue
		}
		for _, w := range warningsOf(ds) {
			t.Log(w)
		}
		t.Logf("skipped templates: %v", c.Skipped)
		ids := map[string]bool{}
		for _, p := range c.Postmortems {
			date := "(no date)"
			if p.Date != nil {
				date = p.Date.Format("2006-01-02") + " from " + p.Page.DateFrom
			}
			t.Logf("%-75s | %-50.50s | %s | id=%s", p.Path, p.Title, date, p.ID)
			if p.Title == "" || p.ID == "" || Slugify(p.ID) != p.ID || ids[p.ID] {
				t.Errorf("%s: bad title %q or id %q", p.Path, p.Title, p.ID)
			}
			ids[p.ID] = true
			if strings.Contains(string(p.Page.Body), "<img") && strings.Contains(string(p.Page.Body), "onerror") {
				t.Errorf("%s: markup leaked", p.Path)
			}
		}
		// The posthog files carry inline <img> tags: in safe mode they are omitted.
		for _, p := range c.Pages {
			if strings.Contains(string(p.Body), "<img width=") {
				t.Errorf("%s: raw <img> kept in safe mode", p.Path)
			}
		}
		if len(c.Postmortems) == 0 {
			t.Fatal("no postmortems loaded")
		}
	}
}

// Severity and status are read from the labelled fields of the real
// postmortems, none of which has front matter. Counted by hand in
// ../shared/data/postmortems (templates and READMEs are not postmortems):
//   - severity clearly labelled in 9 files: PostHog 2026-01-17 (a bold
//     Severity label near the top) and 2025-10-03 (a bold Severity label
//     with a parenthetical, in its impact section); PortSwigger 2024/10,
//     2024/11, 2025/05, 2025/10, 2026/01, 2026/03 and 2026/05 (a Severity
//     heading, then a bold level word and a dash-separated explanation).
//     Not counted: PortSwigger 2023/11 (one heading for severity and impact
//     together, followed by a phrase that is no severity level), Learning
//     Equality (no severity anywhere), the other PostHog files.
//   - status clearly labelled in 2 files: PostHog 2026-01-17 (a bold Status
//     label) and Learning Equality 004 (a Status heading, then one word).
//   - times: no file labels an incident time as a field (timelines are
//     "time - event" list items, and Learning Equality 004 labels a start
//     date without a time of day), so none is read from a label (the
//     timeline gives them: TestRealPostmortemsReadFromText); nor are services.
func TestRealPostmortemsInferLabelledSeverity(t *testing.T) {
	data := fixture.SharedData(t)
	site := t.TempDir()
	fixture.CopyTree(t, filepath.Join(data, "postmortems"), filepath.Join(site, "content", "postmortems"))
	c, ds := Load(site, NewRenderer(false))
	if errs := errorsOf(ds); len(errs) > 0 {
		t.Fatalf("%d errors:\n%s", len(errs), errs.Error())
	}
	for _, w := range warningsOf(ds) {
		if strings.Contains(strings.ToLower(w.Msg), "sever") || strings.Contains(strings.ToLower(w.Msg), "infer") {
			t.Errorf("inference must not add diagnostics: %v", w)
		}
	}
	const wantSeverities, wantStatuses = 9, 2
	var sev, st int
	for _, p := range c.Postmortems {
		t.Logf("%-80s severity=%-10q status=%-10q inferred=%v", p.Path, p.Severity, p.Status, p.Inferred)
		if p.Severity != "" {
			sev++
			if !strings.HasPrefix(p.Inferred["severity"], "line ") {
				t.Errorf("%s: severity %q without its source: %v", p.Path, p.Severity, p.Inferred)
			}
		}
		if p.Status != "" {
			st++
		}
		for _, k := range []string{"started", "detected", "mitigated", "resolved", "services"} {
			if p.Inferred[k] != "" && !strings.Contains(p.Inferred[k], "timeline entry") {
				t.Errorf("%s: %s inferred from %s, but no real file labels one", p.Path, k, p.Inferred[k])
			}
		}
	}
	if sev != wantSeverities || st != wantStatuses {
		t.Errorf("%d severities and %d statuses inferred, want %d and %d (counted by hand)", sev, st, wantSeverities, wantStatuses)
	}
	idx := postmortem.NewIndex(Models(c.Postmortems))
	t.Logf("severity facet: %+v", idx.Severities)
}

// What is read from the text of each real postmortem, printed as the table
// of the issue-8 note (go test ./generator/sources/content -run ReadFromText -v).
// Checked by hand against the documents:
//   - 15 of 19 get a start (13 before issue 17, see below): Learning Equality 004 (paragraph entries
//     "2018-08-22, 03:26pm: ..."), the 8 PortSwigger ones (DD-MM-YYYY
//     entries; 2024/10's entry of 16-10, a week before, is background;
//     2026/01 starts the day before its title's date, as its 24h40m impact
//     says) and 4 PostHog ones (times alone, dated by title or file name;
//     2026-01-17's table of "Jan 14, 10:18 AM" rows).
//   - Issue 17 (METRICS.md rewritten) changed four rows, each checked
//     against the document: PortSwigger 2024/10 starts at 04:45, the first
//     entry that says impact ("a significant drop in availability"), not
//     at the 02:00 release, and is detected at 08:07 (the outage reported),
//     not at 04:00 (a bot noticed a new OS version); a resolution with a
//     time of day that no mitigation precedes ended the impact too, so
//     Learning Equality 004, PortSwigger 2026/01 and 2026/05 get a
//     mitigated equal to resolved; PortSwigger 2026/05 resolves at 09:55
//     ("Fix rolled out"), five minutes before "returned to steady state";
//     PostHog 2025-11-26 (no timeline) starts on the day its title names,
//     2025-11-24, as a date.
//   - pmreader2 (a file name's date when no timeline entry gives a time):
//     PostHog's 2024 investigation ("decide is down", no timeline) starts
//     on the day its file name gives, 2024-02-28, as a date (its text says
//     "On 28th February"); 15 of 19 get a start. PostHog 2025-11-15's file
//     name is the review's date, not taken: its text names November 11
//     first.
//   - 4 do not, and say why: no timeline section (Learning Equality 002,
//     003), a timeline without times (Learning Equality 001: events
//     without times; PostHog 2025-11-15: a link to the status page).
func TestRealPostmortemsReadFromText(t *testing.T) {
	data := fixture.SharedData(t)
	site := t.TempDir()
	fixture.CopyTree(t, filepath.Join(data, "postmortems"), filepath.Join(site, "content", "postmortems"))
	c, ds := Load(site, NewRenderer(false))
	if len(ds) > 0 {
		t.Fatalf("diagnostics (want none, not even warnings):\n%s", ds.Error())
	}
	f := func(p *time.Time) string {
		if p == nil {
			return "–"
		}
		return p.Format("2006-01-02 15:04")
	}
	t.Log("| document | started | detected | mitigated | resolved | action items | zone |")
	t.Log("|---|---|---|---|---|---|---|")
	var started int
	got := map[string]string{}
	for _, p := range c.Postmortems {
		zone := p.Zone
		switch {
		case p.ZoneNote == "":
			zone = "–"
		case p.Timeline.ZoneLine == 0:
			zone += " (none stated)"
		}
		rel := strings.TrimPrefix(p.Path, PostmortemsDir+"/")
		row := fmt.Sprintf("| %s | %s | %s | %s | %s | %d | %s |", rel, f(p.Started), f(p.Detected), f(p.Mitigated), f(p.Resolved), len(p.ActionItems), zone)
		t.Log(row)
		got[rel] = row
		if p.Started != nil {
			started++
		} else {
			t.Logf("    no start: %s", p.MissingStartReason())
		}
	}
	if started != 15 || len(c.Postmortems) != 19 {
		t.Errorf("%d of %d with a start, want 15 of 19", started, len(c.Postmortems))
	}
	for rel, want := range map[string]string{
		"learningequality/004-sushibar-certificate-expired.md":                         "| learningequality/004-sushibar-certificate-expired.md | 2018-08-22 15:26 | 2018-08-22 15:26 | 2018-08-23 10:08 | 2018-08-23 10:08 | 3 | UTC (none stated) |",
		"portswigger/2024/10/saas-outage.md":                                           "| portswigger/2024/10/saas-outage.md | 2024-10-24 04:45 | 2024-10-24 08:07 | 2024-10-24 09:15 | 2024-10-24 09:15 | 3 | UTC (none stated) |",
		"portswigger/2026/01/load-balancer-webhook-certificate-expiry.md":              "| portswigger/2026/01/load-balancer-webhook-certificate-expiry.md | 2026-01-11 10:00 | 2026-01-12 09:52 | 2026-01-12 10:40 | 2026-01-12 10:40 | 2 | UTC |",
		"posthog/2025-10-03-surveys-sdk-bug.md":                                        "| posthog/2025-10-03-surveys-sdk-bug.md | 2025-10-03 10:45 | 2025-10-03 14:59 | 2025-10-03 16:11 | 2025-10-03 22:28 | 9 | UTC |",
		"portswigger/2026/05/06-05-2026-hakawai-gateway-beyla-musl-incompatibility.md": "| portswigger/2026/05/06-05-2026-hakawai-gateway-beyla-musl-incompatibility.md | 2026-05-06 00:58 | 2026-05-06 08:50 | 2026-05-06 09:55 | 2026-05-06 09:55 | 8 | GMT |",
		"posthog/2025-11-26-shai-hulud-attack.md":                                      "| posthog/2025-11-26-shai-hulud-attack.md | 2025-11-24 00:00 | – | – | – | 4 | – |",
		"posthog/investigations/2024-02-28-decide is down.md":                          "| posthog/investigations/2024-02-28-decide is down.md | 2024-02-28 00:00 | – | – | – | 0 | – |",
		"posthog/2025-11-15-persons-db-migration.md":                                   "| posthog/2025-11-15-persons-db-migration.md | – | – | – | – | 11 | – |",
	} {
		if got[rel] != want {
			t.Errorf("got  %s\nwant %s", got[rel], want)
		}
	}
}
