package site

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vitals-dev/vitals/generator/base/diag"
	"github.com/vitals-dev/vitals/generator/internal/testkit/fixture"
)

func TestFrontMatterInBothSyntaxesBuildsPages(t *testing.T) {
	dir := fixture.WriteSite(t, `
-- site.toml --
title = "FM"
-- content/about.md --
+++
title = "About us (TOML)"
+++
Body of **about**.
-- content/postmortems/2024-03-05-db-failover.md --
---
id: db-failover
title: "Database failover (YAML)"
severity: SEV2
started: 2024-03-05T10:00:00Z
resolved: 2024-03-05T12:30:00Z
services: [api, db]
tags: [database]
---
# Ignored heading
Text.
`)
	mustBuild(t, dir, Options{})
	about := readOut(t, dir, "about/index.html")
	if !strings.Contains(about, "<h1>About us (TOML)</h1>") || !strings.Contains(about, "<strong>about</strong>") {
		t.Errorf("TOML page:\n%s", about)
	}
	pm := readOut(t, dir, "postmortems/db-failover/index.html")
	if !strings.Contains(pm, "Database failover (YAML)") || !strings.Contains(pm, "SEV2") {
		t.Errorf("YAML postmortem:\n%s", pm)
	}
	idx := readOut(t, dir, "postmortems/index.html")
	// 150 minutes = 2.5 h to resolve; one row; facet counts.
	for _, want := range []string{"2.5 h", `data-service="api|db"`, `<option value="SEV2">SEV2 (1)</option>`} {
		if !strings.Contains(idx, want) {
			t.Errorf("index lacks %q", want)
		}
	}
	csv := readOut(t, dir, "data/postmortems.csv")
	if !strings.Contains(csv, "db-failover,Database failover (YAML),SEV2,,,,2024-03-05T10:00:00Z,,,2024-03-05T12:30:00Z,,,150,0,0") {
		t.Errorf("postmortems.csv:\n%s", csv)
	}
}

func TestCheckReportsEveryContentProblemWithLines(t *testing.T) {
	dir := fixture.WriteSite(t, `
-- site.toml --
title = "Bad"
-- content/postmortems/a.md --
---
id: a
title: A
started: yesterday
---
-- content/postmortems/b.md --
+++
id = "b"
title = [unclosed
+++
-- content/postmortems/c.md --
---
id: c
owner_team: payments
---
`)
	_, err := build(t, dir, Options{DryRun: true})
	var ds diag.List
	if !errors.As(err, &ds) {
		t.Fatalf("want diagnostics, got %v", err)
	}
	var paths []string
	for _, d := range ds {
		paths = append(paths, d.String())
	}
	got := strings.Join(paths, "\n")
	for _, want := range []string{"content/postmortems/a.md:4:", "content/postmortems/b.md:3:"} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %s in:\n%s", want, got)
		}
	}
	// A misspelt key is a warning, reported with the errors but not failing
	// alone (other unknown keys are silent: vitals check --strict lists them).
	dir2 := fixture.WriteSite(t, "-- site.toml --\ntitle = \"W\"\n-- content/postmortems/c.md --\n---\nid: c\nSeverity: high\nowner_team: payments\n---\n")
	res, err := build(t, dir2, Options{DryRun: true})
	if err != nil {
		t.Fatalf("a warning failed the build: %v", err)
	}
	if len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0].String(), "content/postmortems/c.md:3:1: warning:") {
		t.Errorf("warnings: %v", res.Warnings)
	}
	if _, err := os.Stat(filepath.Join(dir2, "public")); err == nil {
		t.Error("a dry run (check) wrote the site")
	}
}

func TestHostileContentNeverBecomesMarkup(t *testing.T) {
	dir := fixture.WriteSite(t, `
-- site.toml --
title = "<script>alert('t')</script>"
description = "\"><img src=x onerror=alert(1)>"
-- content/evil.md --
---
title: "</title><script>alert(2)</script>"
---
<script>alert(3)</script>
[click](javascript:alert(4))
<img src=x onerror=alert(5)>
-- content/postmortems/x.md --
---
id: x
title: "<img src=x onerror=alert(6)>"
services: ["<b>svc</b>"]
action_items:
  - title: "<script>alert(7)</script>"
    issue: "o/r#1"
---
`)
	mustBuild(t, dir, Options{})
	for _, p := range []string{"index.html", "evil/index.html", "postmortems/index.html", "postmortems/x/index.html"} {
		html := readOut(t, dir, p)
		for _, bad := range []string{"<script>alert", `href="javascript:`, "<img src=x", "<b>svc", "</title><script>"} {
			if strings.Contains(html, bad) {
				t.Errorf("%s contains %q", p, bad)
			}
		}
	}
}

func TestSiteMayOptInToRawHTMLInItsOwnContent(t *testing.T) {
	dir := fixture.WriteSite(t, `
-- site.toml --
[markup]
unsafe = true
-- content/raw.md --
# Raw
<div class="callout">kept</div>
`)
	mustBuild(t, dir, Options{})
	if html := readOut(t, dir, "raw/index.html"); !strings.Contains(html, `<div class="callout">kept</div>`) {
		t.Errorf("opted-in raw HTML dropped:\n%s", html)
	}
}

func TestImagesNextToContentArePublishedAndLinksRebased(t *testing.T) {
	dir := fixture.WriteSite(t, `
-- site.toml --
title = "Img"
-- content/postmortems/2024/05/outage.md --
# Outage
![graph](../../media/graph.png) [doc](spec.pdf) [ext](https://example.com/x.png) [top](#top)
-- content/postmortems/media/graph.png --
PNG
-- content/postmortems/2024/05/spec.pdf --
PDF
-- content/postmortems/media/evil.svg --
<svg onload="alert(1)"/>
-- content/about.md --
# About
![logo](img/logo.png)
-- content/img/logo.png --
LOGO
`)
	mustBuild(t, dir, Options{})
	if readOut(t, dir, "postmortems/media/graph.png") != "PNG\n" || readOut(t, dir, "img/logo.png") != "LOGO\n" {
		t.Fatal("resources not published at their path below content/")
	}
	if _, err := os.Stat(filepath.Join(dir, "public", "postmortems", "media", "evil.svg")); err == nil {
		t.Error("SVG published without the site's opt-in")
	}
	pm := readOut(t, dir, "postmortems/2024-05-outage/index.html")
	for _, want := range []string{`src="../media/graph.png"`, `href="../2024/05/spec.pdf"`, `href="https://example.com/x.png"`, `href="#top"`} {
		if !strings.Contains(pm, want) {
			t.Errorf("postmortem lacks %s", want)
		}
	}
	if about := readOut(t, dir, "about/index.html"); !strings.Contains(about, `src="../img/logo.png"`) {
		t.Errorf("about page image not rebased")
	}
}

func TestLeadingHeadingThatRepeatsTheTitleIsNotShownTwice(t *testing.T) {
	dir := fixture.WriteSite(t, `
-- site.toml --
title = "T"
-- content/same.md --
---
title: Same title
---
# Same title
Body.
-- content/other.md --
---
title: Front title
---
# A different heading
Body.
`)
	mustBuild(t, dir, Options{})
	if n := strings.Count(readOut(t, dir, "same/index.html"), "<h1"); n != 1 {
		t.Errorf("same: %d h1", n)
	}
	if html := readOut(t, dir, "other/index.html"); !strings.Contains(html, "A different heading") {
		t.Errorf("a heading that is not the title was dropped")
	}
}

func TestIncidentCardsCountUnresolvedIncidents(t *testing.T) {
	dir := fixture.WriteSite(t, `
-- site.toml --
title = "I"
-- content/postmortems/a.md --
---
id: a
started: 2024-05-01T00:00:00Z
resolved: 2024-05-01T02:00:00Z
---
-- content/postmortems/b.md --
---
id: b
started: 2024-06-01T00:00:00Z
---
-- content/postmortems/c.md --
---
id: c
started: 2023-01-01T00:00:00Z
resolved: 2023-01-01T06:00:00Z
---
`)
	mustBuild(t, dir, Options{AsOf: ts("2024-07-01T00:00:00Z")})
	dash := readOut(t, dir, "index.html")
	// a and b started in the last 12 months (b is not resolved yet); c in the 12 before.
	// Median time to resolve over a alone: 120 minutes, shown as 2.0 h.
	for _, want := range []string{
		`<span class="card-title">Incidents, last 12 months</span>
      <span class="card-value" data-figure="incidents" data-over="last 12 months">2</span>`,
		`<span class="card-value">2.0 h</span>`,
	} {
		if !strings.Contains(dash, want) {
			t.Errorf("dashboard lacks %q", want)
		}
	}
}
