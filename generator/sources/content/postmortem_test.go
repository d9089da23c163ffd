package content

import (
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/vitals-dev/vitals/generator/base/model"
	"github.com/vitals-dev/vitals/generator/internal/testkit/fixture"
	"github.com/vitals-dev/vitals/generator/sources/frontmatter"
	"github.com/vitals-dev/vitals/generator/sources/postmortem"
)

func ts(s string) *time.Time {
	t, ok := frontmatter.ParseTime(s)
	if !ok {
		panic(s)
	}
	return &t
}

func TestLoadPostmortemYAMLSchema(t *testing.T) {
	dir := fixture.WriteSite(t, `
-- content/postmortems/2024-03-01-db.md --
---
id: db-outage
title: "  Database outage  "
severity: " SEV1 "
status: resolved
repo: acme/api
release: 1.20
started: 2024-03-01 10:00
detected: "2024-03-01T10:05:00Z"
mitigated: 2024-03-01T12:30:00+02:00
resolved: 2024-03-01
services: [api, " db ", api]
tags: database
action_items:
  - title: Add pool alert
    owner: "@ana"
    due: 2024-04-01
    issue: acme/api#42
    status: Done
  - Write runbook
---
# Ignored heading

First paragraph.
`)
	c, ds := Load(dir, NewRenderer(false))
	// resolved (2024-03-01 00:00) is before mitigated (10:30 UTC): one error.
	want := []string{
		`content/postmortems/2024-03-01-db.md:11:11: resolved (2024-03-01 00:00 UTC) is before mitigated (2024-03-01 10:30 UTC); want started <= detected <= mitigated <= resolved`,
	}
	if got := diagStrings(ds); !reflect.DeepEqual(got, want) {
		t.Fatalf("diags %q\nwant %q", got, want)
	}
	if len(c.Postmortems) != 1 {
		t.Fatalf("%d postmortems", len(c.Postmortems))
	}
	pm := c.Postmortems[0]
	wantPM := model.Postmortem{
		ID: "db-outage", Title: "Database outage", Severity: "SEV1", Status: "resolved",
		Repo: "acme/api", Release: "1.20", // YAML literal, not the float 1.2
		Started: ts("2024-03-01 10:00"), Detected: ts("2024-03-01 10:05"),
		Mitigated: ts("2024-03-01 10:30"), Resolved: ts("2024-03-01"),
		Date:     ts("2024-03-01 10:00"),
		Services: []string{"api", "db"}, Tags: []string{"database"},
		ActionItems: []model.ActionItem{
			{Title: "Add pool alert", Owner: "@ana", Due: "2024-04-01", Issue: "acme/api#42", Status: "done"},
			{Title: "Write runbook"},
		},
		Path: "content/postmortems/2024-03-01-db.md",
	}
	if !reflect.DeepEqual(pm.Postmortem.Postmortem, wantPM) {
		t.Errorf("got  %+v\nwant %+v", pm.Postmortem.Postmortem, wantPM)
	}
	if pm.Page == nil || pm.Page.Slug != "2024-03-01-db" || pm.Page.Summary != "First paragraph." || pm.Page.TitleFrom != "front matter" {
		t.Errorf("page %+v", pm.Page)
	}
	if pm.Page != c.Pages[0] {
		t.Errorf("postmortem page is not the page in Pages")
	}
}

func TestLoadPostmortemTOML(t *testing.T) {
	dir := fixture.WriteSite(t, `
-- content/postmortems/a.md --
+++
title = "TOML one"
started = 2024-05-01T08:00:00Z
detected = 2024-05-01T08:10:00
tags = ["x"]

[[action_items]]
title = "first"
issue = "o/r#7"
+++
body
`)
	c, ds := Load(dir, NewRenderer(false))
	if len(ds) != 0 {
		t.Fatal(ds)
	}
	if m := Models(c.Postmortems); len(m) != 1 || m[0].Path != "content/postmortems/a.md" {
		t.Errorf("Models: %+v", m)
	}
	pm := c.Postmortems[0]
	if pm.ID != "a" || !pm.Detected.Equal(*ts("2024-05-01 08:10")) || pm.ActionItems[0].Issue != "o/r#7" {
		t.Errorf("%+v", pm.Postmortem)
	}
}

func TestPostmortemFieldErrorsNamePosition(t *testing.T) {
	dir := fixture.WriteSite(t, `
-- content/postmortems/x.md --
---
title: X
severity: 1
started: "yesterday"
detected: [1, 2]
repo: not a repo
action_items:
  - title: ok
    issue: "#12"
    due: soon
  - owner: bob
---
-- content/postmortems/y.md --
+++
title = "Y"
started = 2024-01-02
resolved = 2024-01-01
services = "a"
tags = [true]
release = 1.5
+++
`)
	_, ds := Load(dir, NewRenderer(false))
	// Positions: file line = YAML/TOML line + 1. "started: "yesterday"" is
	// line 4, value at col 10; "    issue: "#12"" line 9, col 12.
	want := []string{
		`content/postmortems/x.md:4:10: started: "yesterday" is not a date (want RFC3339 or YYYY-MM-DD HH:MM)`,
		`content/postmortems/x.md:5:11: detected: a list is not a date (want RFC3339 or YYYY-MM-DD HH:MM)`,
		`content/postmortems/x.md:6:7: repo: "not a repo" is not a GitHub repository (want owner/name)`,
		`content/postmortems/x.md:9:12: action_items[0].issue: "#12" is not an issue reference (want owner/repo#N, e.g. vitals-dev/vitals#12)`,
		`content/postmortems/x.md:10:10: action_items[0].due: "soon" is not a date (want RFC3339 or YYYY-MM-DD HH:MM)`,
		`content/postmortems/x.md:11:5: action_items[1]: title is missing (every action item needs one)`,
		`content/postmortems/y.md:4:12: resolved (2024-01-01 00:00 UTC) is before started (2024-01-02 00:00 UTC); want started <= detected <= mitigated <= resolved`,
		`content/postmortems/y.md:6:8: tags[0]: want text, got the boolean true (put it in quotes)`,
		`content/postmortems/y.md:7:11: release: want text, got the number 1.5 (put it in quotes)`,
	}
	if got := diagStrings(ds); !reflect.DeepEqual(got, want) {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// A key of ours in another spelling is a warning (its value is ignored);
// other unknown keys are the author's own: silent, kept in Params, and
// listed one line per key for vitals check --strict.
func TestUnknownKeysSilentExceptMisspeltOnes(t *testing.T) {
	dir := fixture.WriteSite(t, `
-- content/postmortems/x.md --
---
title: X
Started: 2024-01-01
customer_impact: high
action_items:
  - title: t
    priority: p1
---
-- content/postmortems/y.md --
---
customer_impact: low
---
`)
	c, ds := Load(dir, NewRenderer(false))
	if ds.HasErrors() {
		t.Fatalf("unknown keys must not be errors: %v", ds)
	}
	w := diagStrings(warningsOf(ds))
	want := []string{
		`content/postmortems/x.md:3:1: warning: unknown postmortem key "Started" is kept in Params but not used (did you mean "started"?)`,
	}
	if !reflect.DeepEqual(w, want) {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(w, "\n"), strings.Join(want, "\n"))
	}
	if c.Pages[0].Params["customer_impact"] != "high" {
		t.Errorf("unknown key not kept: %v", c.Pages[0].Params)
	}
	wantLines := []string{
		`unknown postmortem key "action_items[].priority" (not read by vitals) in 1 file: content/postmortems/x.md:7`,
		`unknown postmortem key "customer_impact" (not read by vitals) in 2 files: content/postmortems/x.md:4, content/postmortems/y.md:2`,
	}
	if got := c.UnknownKeyLines(); !reflect.DeepEqual(got, wantLines) {
		t.Errorf("strict lines\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(wantLines, "\n"))
	}
}

func TestErrorsOfAllFilesInOnePass(t *testing.T) {
	dir := fixture.WriteSite(t, `
-- content/a.md --
+++
title = 
+++
-- content/b.md --
---
title: [
---
-- content/postmortems/c.md --
---
started: nope
---
-- content/postmortems/d.md --
---
id: Not_Safe
---
`)
	c, ds := Load(dir, NewRenderer(false))
	got := diagStrings(ds)
	want := []string{
		`content/a.md:2:9: TOML front matter: expected value but found '\n' instead`,
		`content/b.md:2: YAML front matter: did not find expected node content`,
		`content/postmortems/c.md:2:10: started: "nope" is not a date (want RFC3339 or YYYY-MM-DD HH:MM)`,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// Every file is still a page, so the build can show what it has.
	if len(c.Pages) != 4 || len(c.Postmortems) != 2 {
		t.Errorf("%d pages, %d postmortems", len(c.Pages), len(c.Postmortems))
	}
	// The author's id stays as written; its slug names the page.
	if c.Postmortems[1].ID != "Not_Safe" || c.Postmortems[1].Slug != "not-safe" {
		t.Errorf("id %q slug %q", c.Postmortems[1].ID, c.Postmortems[1].Slug)
	}
}

func TestDuplicateIDIsAnError(t *testing.T) {
	dir := fixture.WriteSite(t, `
-- content/postmortems/a.md --
---
id: same
---
-- content/postmortems/b.md --
---
id: same
---
`)
	_, ds := Load(dir, NewRenderer(false))
	want := []string{`content/postmortems/b.md:2:5: id "same" is already used by content/postmortems/a.md; ids must be unique`}
	if got := diagStrings(ds); !reflect.DeepEqual(got, want) {
		t.Errorf("got %q", got)
	}
}

func TestSlugCollisionsAreDisambiguatedByPath(t *testing.T) {
	dir := fixture.WriteSite(t, `
-- content/postmortems/a b.md --
x
-- content/postmortems/A_B.md --
x
-- content/postmortems/a-b.md --
x
-- content/postmortems/sub/c.md --
x
-- content/postmortems/sub-c.md --
x
`)
	c, ds := Load(dir, NewRenderer(false))
	if len(ds) != 0 {
		t.Fatal(ds)
	}
	got := map[string]string{}
	seen := map[string]bool{}
	for _, p := range c.Pages {
		got[p.FileName+"@"+p.Path] = p.Slug
		if seen[p.Slug] {
			t.Errorf("slug %q used twice", p.Slug)
		}
		seen[p.Slug] = true
	}
	// "a-b.md" already is its slug, so it keeps "a-b"; the others get a
	// hash of their path. "sub-c.md" keeps "sub-c" over "sub/c.md".
	if got["a-b.md@content/postmortems/a-b.md"] != "a-b" || got["sub-c.md@content/postmortems/sub-c.md"] != "sub-c" {
		t.Errorf("canonical slugs: %v", got)
	}
	hashed := map[string]*regexp.Regexp{
		"a b.md@content/postmortems/a b.md": regexp.MustCompile(`^a-b-[0-9a-f]{8}$`),
		"A_B.md@content/postmortems/A_B.md": regexp.MustCompile(`^a-b-[0-9a-f]{8}$`),
		"c.md@content/postmortems/sub/c.md": regexp.MustCompile(`^sub-c-[0-9a-f]{8}$`),
	}
	for k, re := range hashed {
		if !re.MatchString(got[k]) {
			t.Errorf("%s: slug %q, want %s", k, got[k], re)
		}
	}
	// Same input, same slugs (deterministic).
	c2, _ := Load(dir, NewRenderer(false))
	for i := range c.Pages {
		if c.Pages[i].Slug != c2.Pages[i].Slug {
			t.Errorf("slug changed between loads: %q vs %q", c.Pages[i].Slug, c2.Pages[i].Slug)
		}
	}
	// The original name is kept for messages.
	if p := pageByPath(c.Pages, "content/postmortems/a b.md"); p == nil || p.FileName != "a b.md" {
		t.Errorf("file name lost: %+v", p)
	}
}

func TestSlugify(t *testing.T) {
	tests := map[string]string{
		"Hello, World!":                     "hello-world",
		"  --a--b--  ":                      "a-b",
		"posthog/2024-02-28-decide is down": "posthog-2024-02-28-decide-is-down",
		"Ünïcode":                           "unicode",
		"Straße über Łódź":                  "strasse-uber-lodz",
		"Æsir Ørsted œuvre":                 "aesir-orsted-oeuvre",
		"日本":                                "",
		"<script>alert(1)</script>":         "script-alert-1-script",
	}
	for in, want := range tests {
		if got := Slugify(in); got != want {
			t.Errorf("Slugify(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTitleSlugOfNonLatinTitlesIsAStableHash(t *testing.T) {
	a, b := TitleSlug("データベース障害", "incident"), TitleSlug("ネットワーク障害", "incident")
	if a == b || !strings.HasPrefix(a, "incident-") || len(a) != len("incident-")+8 {
		t.Errorf("slugs %q and %q, want two different incident-<8 hex>", a, b)
	}
	if again := TitleSlug("データベース障害", "incident"); again != a {
		t.Errorf("slug changed from %q to %q", a, again)
	}
	if got := TitleSlug("Ünïcode", "incident"); got != "unicode" {
		t.Errorf("Latin title slug %q", got)
	}
}

func TestTemplatesAndIndexFilesAreNotPostmortems(t *testing.T) {
	dir := fixture.WriteSite(t, `
-- content/postmortems/_template.md --
# Incident title - DD/MM/YYYY
-- content/postmortems/team/TEMPLATE.md --
# Metadata
-- content/postmortems/draft-form.md --
---
template: true
title: form
---
-- content/postmortems/README.md --
# Our postmortems
-- content/postmortems/2024-01-01-real.md --
# Real one
`)
	c, ds := Load(dir, NewRenderer(false))
	if len(ds) != 0 {
		t.Fatal(ds)
	}
	wantSkipped := []string{"content/postmortems/_template.md", "content/postmortems/draft-form.md", "content/postmortems/team/TEMPLATE.md"}
	if !reflect.DeepEqual(c.Skipped, wantSkipped) {
		t.Errorf("skipped %v", c.Skipped)
	}
	if len(c.Postmortems) != 1 || c.Postmortems[0].Title != "Real one" {
		t.Errorf("postmortems %+v", c.Postmortems)
	}
	if len(c.Pages) != 2 || pageByPath(c.Pages, "content/postmortems/README.md") == nil {
		t.Errorf("README.md should be a page: %v", c.Pages)
	}
}

func TestAuthorFormatsInferTitleDateID(t *testing.T) {
	dir := fixture.WriteSite(t, `
-- content/postmortems/vendor/2025-10-03-sdk-bug.md --
# Vendor SDK Bug - October 3, 2025

Text.
-- content/postmortems/vendor/investigations/2024-02-28-api is down.md --

On the 28th, the API went down.
-- content/postmortems/ps/2026/03/04-03-2026-script-injection.md --
# 04-03-2026 - Script injection
-- content/postmortems/ps/2023/11/data-loss.md --
# 06-11-2023 - Data loss
-- content/postmortems/ps/2024/10/outage.md --
# Outage in October
-- content/postmortems/le/001-build-failing.md --
# Title:
### Builds failing after image upgrade
-- content/postmortems/le/002-cdn-migration.md --
## Owner: someone
# Overview
text
-- content/postmortems/setext.md --
Setext Title
============
`)
	c, ds := Load(dir, NewRenderer(false))
	if len(ds) != 0 {
		t.Fatal(ds)
	}
	type row struct{ id, title, titleFrom, date, dateFrom string }
	got := map[string]row{}
	for _, p := range c.Postmortems {
		d := ""
		if p.Date != nil {
			d = p.Date.Format("2006-01-02")
		}
		got[p.Path] = row{p.ID, p.Title, p.Page.TitleFrom, d, p.Page.DateFrom}
	}
	want := map[string]row{
		"content/postmortems/vendor/2025-10-03-sdk-bug.md":                    {"vendor-2025-10-03-sdk-bug", "Vendor SDK Bug - October 3, 2025", "heading", "2025-10-03", postmortem.DateFromTitle},
		"content/postmortems/vendor/investigations/2024-02-28-api is down.md": {"vendor-investigations-2024-02-28-api-is-down", "Api is down", "file name", "2024-02-28", DateFromFileName},
		"content/postmortems/ps/2026/03/04-03-2026-script-injection.md":       {"ps-2026-03-04-03-2026-script-injection", "04-03-2026 - Script injection", "heading", "2026-03-04", postmortem.DateFromDirDay},
		"content/postmortems/ps/2023/11/data-loss.md":                         {"ps-2023-11-data-loss", "06-11-2023 - Data loss", "heading", "2023-11-06", postmortem.DateFromDirDay},
		"content/postmortems/ps/2024/10/outage.md":                            {"ps-2024-10-outage", "Outage in October", "heading", "2024-10-01", postmortem.DateFromDirMonth},
		"content/postmortems/le/001-build-failing.md":                         {"le-001-build-failing", "Builds failing after image upgrade", "heading", "", ""},
		"content/postmortems/le/002-cdn-migration.md":                         {"le-002-cdn-migration", "Cdn migration", "file name", "", ""},
		"content/postmortems/setext.md":                                       {"setext", "Setext Title", "heading", "", ""},
	}
	if !reflect.DeepEqual(got, want) {
		for k, v := range got {
			if want[k] != v {
				t.Errorf("%s:\n got  %+v\n want %+v", k, v, want[k])
			}
		}
	}
}

func TestDanglingImagesAreListedApart(t *testing.T) {
	dir := fixture.WriteSite(t, `
-- content/postmortems/2024/05/x.md --
---
title: X
---
Text

![here](img/ok.png) ![gone](../../media/missing.png)
![remote](https://example.com/a.png) ![root](/static/a.png)
-- content/postmortems/2024/05/img/ok.png --
png
`)
	c, ds := Load(dir, NewRenderer(false))
	want := []string{`content/postmortems/2024/05/x.md:6:29: warning: image "../../media/missing.png" not found (looked for content/postmortems/media/missing.png)`}
	if got := diagStrings(c.MissingImages); !reflect.DeepEqual(got, want) || len(ds) > 0 {
		t.Errorf("got %q (diagnostics %q)\nwant %q", got, diagStrings(ds), want)
	}
	// The link stays relative in the HTML.
	if !strings.Contains(string(c.Pages[0].Body), `src="../../media/missing.png"`) {
		t.Errorf("relative image rewritten: %s", c.Pages[0].Body)
	}
}

func TestLoadPagesSkipsDataAndNonMarkdown(t *testing.T) {
	dir := fixture.WriteSite(t, `
-- content/data/issues.md --
not a page
-- content/about.md --
---
title: About
date: 2024-02-03
---
Hi
-- content/notes.txt --
x
-- content/guides/2024-01-09-setup.MD --
# Setup
`)
	ps, ds := LoadPages(dir, NewRenderer(false))
	if len(ds) != 0 {
		t.Fatal(ds)
	}
	var paths []string
	for _, p := range ps {
		paths = append(paths, p.Path+"|"+p.Section+"|"+p.Slug+"|"+p.Date.Format("2006-01-02")+"|"+p.DateFrom)
	}
	want := []string{
		"content/about.md||about|2024-02-03|front matter",
		"content/guides/2024-01-09-setup.MD|guides|2024-01-09-setup|2024-01-09|file name",
	}
	if !reflect.DeepEqual(paths, want) {
		t.Errorf("got %q", paths)
	}
}

func TestMissingContentDirIsNoPages(t *testing.T) {
	ps, ds := LoadPages(t.TempDir(), NewRenderer(false))
	if len(ps) != 0 || len(ds) != 0 {
		t.Errorf("%v %v", ps, ds)
	}
}
