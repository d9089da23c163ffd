package site

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/vitals-dev/vitals/generator/internal/testkit/fixture"
)

// A site of postmortems alone, written the way people write them: no
// front matter times, timelines and action-item lists in the text.
const pmOnlySite = `
-- site.toml --
title = "PM only"
-- content/postmortems/2024-01-10-db.md --
# Database outage - January 10, 2024

## Timeline
All times in CET.

- **10:00** - errors begin
- **10:20** - alert fired
- **11:00** - service restored

## Action items
- [ ] Add pool alert (due 2024-01-20) @ana
- [x] Raise the timeout
- [ ] Runbook <script>alert(1)</script> see [OPS-7](https://acme.atlassian.net/browse/OPS-7)
-- content/postmortems/2024-02-01-db-again.md --
---
id: INC-2024-002
services: [db]
tags: [database]
---
# Database again

## Timeline
- 2024-02-01 08:00 UTC - errors begin
- 2024-02-01 09:30 UTC - resolved

## Follow-ups
- Shard the table (due 2024-06-01)
-- content/postmortems/2023-12-01-web.md --
---
services: [db]
---
# Web slow

No timeline here, just prose.

## Next steps
- [ ] Profile the web tier (due 2023-12-15)
`

// The index counts dated incidents and lists the others with the reason;
// the site is as of the newest postmortem (2024-02-01 09:30 UTC) and has
// incident charts; open items are on one page, oldest first, overdue in red;
// the dashboard's overdue figure links there.
func TestPostmortemsOnlySite(t *testing.T) {
	dir := fixture.WriteSite(t, pmOnlySite)
	res := mustBuild(t, dir, Options{})
	if len(res.Warnings) > 0 {
		t.Errorf("warnings: %v", res.Warnings)
	}
	if got := res.AsOf.Format("2006-01-02 15:04"); got != "2024-02-01 09:30" {
		t.Errorf("as_of %s, want the newest postmortem's resolved time", got)
	}
	idx := readOut(t, dir, "postmortems/index.html")
	for _, want := range []string{
		"2 with a start of impact count in the rates and charts",
		"1 left out of rates and charts",
		"no started in front matter and no timeline section",
		`id="chart-pm-count"`,
	} {
		if !strings.Contains(idx, want) {
			t.Errorf("index lacks %q", want)
		}
	}
	web := readOut(t, dir, "postmortems/2023-12-01-web/index.html")
	if !strings.Contains(web, "left out of every rate and chart (no started in front matter and no timeline section)") {
		t.Error("a postmortem without a start does not say why it is left out")
	}
	// The first postmortem: CET (+1) times read from the text, with lines.
	pg := readOut(t, dir, "postmortems/2024-01-10-db/index.html")
	for _, want := range []string{
		`datetime="2024-01-10T09:00:00Z"`, `datetime="2024-01-10T09:20:00Z"`, `datetime="2024-01-10T10:00:00Z"`,
		"read from the text, line 6", "times in CET (line 4)",
		"<code class=\"source-line\">- **10:00** - errors begin</code>",
		"&lt;script&gt;alert(1)&lt;/script&gt;",
		`href="https://acme.atlassian.net/browse/OPS-7"`, "state unknown",
	} {
		if !strings.Contains(pg, want) {
			t.Errorf("postmortem page lacks %q", want)
		}
	}
	if strings.Contains(pg, "<script>alert(1)") {
		t.Error("item text became markup")
	}
	// The author's id names the page; repeats (db within 90 days) link each other.
	again := readOut(t, dir, "postmortems/inc-2024-002/index.html")
	if !strings.Contains(again, "INC-2024-002") || !strings.Contains(again, `href="../../postmortems/2023-12-01-web/index.html">Web slow</a>`) {
		t.Errorf("INC-2024-002 page: id or repeat link missing")
	}
	// Open items, oldest postmortem first: web (2023-12-01, overdue),
	// db (2024-01-10: pool alert overdue, runbook open), db-again (not yet due).
	ai := readOut(t, dir, "action-items/index.html")
	order := regexp.MustCompile(`<td data-label="Item">([^<]*)`).FindAllStringSubmatch(ai, -1)
	var titles []string
	for _, m := range order {
		titles = append(titles, strings.TrimSpace(m[1]))
	}
	want := []string{"Profile the web tier (due 2023-12-15)", "Add pool alert (due 2024-01-20) @ana", "Runbook &lt;script&gt;alert(1)&lt;/script&gt; see OPS-7", "Shard the table (due 2024-06-01)"}
	if strings.Join(titles, "|") != strings.Join(want, "|") {
		t.Errorf("open items\n%q\nwant\n%q", titles, want)
	}
	if n := strings.Count(ai, `<tr class="overdue">`); n != 2 {
		t.Errorf("%d overdue rows, want 2", n)
	}
	if !strings.Contains(ai, "4 open of 5 action items") || !strings.Contains(ai, "2 overdue") {
		t.Errorf("action-items summary wrong")
	}
	dash := readOut(t, dir, "index.html")
	// 2 overdue; median time to resolve of 60 and 90 minutes is 75.
	if !regexp.MustCompile(`<a href="action-items/index.html">\s*<span class="card-title">Overdue action items</span>\s*<span class="card-value">2</span>`).MatchString(dash) {
		t.Errorf("dashboard has no overdue figure 2 linking to the action-items page")
	}
	if !regexp.MustCompile(`Median time to resolve, last 12 months</span>\s*<span class="card-value">75 min</span>`).MatchString(dash) {
		t.Errorf("median time to resolve is not 75 min")
	}
	if !strings.Contains(dash, `id="chart-pm-count"`) {
		t.Error("a postmortems-only dashboard has no incident chart")
	}
	if strings.Contains(dash, `id="chart-pm-cfr"`) || strings.Contains(idx, `id="chart-pm-cfr"`) {
		t.Error("an empty change-failure-rate chart on a site without releases")
	}
	if strings.Contains(dash, "No synced data yet") {
		t.Error("a postmortems-only site says it has no data")
	}
}

// The real collections build with no error and no warning; their missing
// images are summed up in one note.
func TestRealPostmortemCollectionsBuildClean(t *testing.T) {
	data := fixture.SharedData(t)
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "site.toml"), []byte("title = \"Real\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.CopyFS(filepath.Join(dir, "content", "postmortems"), os.DirFS(filepath.Join(data, "postmortems"))); err != nil {
		t.Fatal(err)
	}
	res := mustBuild(t, dir, Options{})
	if len(res.Warnings) > 0 {
		t.Errorf("%d warnings, want none:\n%v", len(res.Warnings), res.Warnings)
	}
	if res.AsOf.IsZero() {
		t.Error("no as_of")
	}
	for _, n := range res.Notes {
		t.Log("note:", n)
	}
	ai := readOut(t, dir, "action-items/index.html")
	if !strings.Contains(ai, "open of") {
		t.Error("no action-items page")
	}
}

// An item follows the issue or pull request it links in the store at
// as_of: #1 closed (done), #2 a merged pull request (done), #3 closed only
// after as_of (open), #4 not in the store (open, linked to GitHub).
func TestActionItemsFollowTheStoreAtAsOf(t *testing.T) {
	dir := fixture.WriteSite(t, `
-- site.toml --
title = "Store"
[github]
repos = ["o/r"]
-- content/data/store/manifest.json --
{"format": 1, "synced_at": "2024-03-01T00:00:00Z", "repos": ["o/r"]}
-- content/data/store/repos/o/r.json --
{"format":1,"repo":"o/r","synced_at":"2024-03-01T00:00:00Z","sync":{},"events_complete":false,
"issues": [
{"repo":"o/r","number":1,"title":"a","state":"closed","author":{"login":"x"},"created_at":"2024-01-01T00:00:00Z","updated_at":"2024-01-05T00:00:00Z","closed_at":"2024-01-05T00:00:00Z","url":"https://github.com/o/r/issues/1"},
{"repo":"o/r","number":3,"title":"c","state":"closed","author":{"login":"x"},"created_at":"2024-01-01T00:00:00Z","updated_at":"2024-02-20T00:00:00Z","closed_at":"2024-02-20T00:00:00Z","url":"https://github.com/o/r/issues/3"}
],
"pull_requests": [
{"repo":"o/r","number":2,"title":"b","state":"closed","author":{"login":"x"},"created_at":"2024-01-01T00:00:00Z","updated_at":"2024-01-06T00:00:00Z","closed_at":"2024-01-06T00:00:00Z","merged_at":"2024-01-06T00:00:00Z","url":"https://github.com/o/r/pull/2"}
],
"comments": [], "events": [], "releases": []}
-- content/postmortems/2024-01-01-x.md --
---
repo: o/r
---
# X
## Timeline
- 2024-01-01 10:00 - broke
## Action items
- close the issue #1
- merge https://github.com/o/r/pull/2
- o/r#3 later
- #4 unknown
-- content/postmortems/2024-01-02-y.md --
# Y names no repo: #1 is in the site's only one
## Follow-ups
- close #1
`)
	mustBuild(t, dir, Options{AsOf: ts("2024-02-01T00:00:00Z")})
	pg := readOut(t, dir, "postmortems/2024-01-01-x/index.html")
	for _, want := range []string{
		`<a href="https://github.com/o/r/issues/1" rel="noopener">o/r#1</a> <span class="muted">closed</span>`,
		`<a href="https://github.com/o/r/pull/2" rel="noopener">o/r#2</a> <span class="muted">merged</span>`,
		`<a href="https://github.com/o/r/issues/3" rel="noopener">o/r#3</a> <span class="muted">open</span>`,
		`<a href="https://github.com/o/r/issues/4" rel="noopener">o/r#4</a> <span class="muted">not in the store</span>`,
	} {
		if !strings.Contains(pg, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	if n := strings.Count(pg, `status-done">done`); n != 2 {
		t.Errorf("%d done, want 2", n)
	}
	y := readOut(t, dir, "postmortems/2024-01-02-y/index.html")
	if !strings.Contains(y, `o/r#1</a> <span class="muted">closed</span>`) || !strings.Contains(y, `status-done">done`) {
		t.Error("#1 in a postmortem without repo does not follow the site's only repository")
	}
}

// A README in a subfolder (a team's or an imported set's, such as the shared
// posthog/ and portswigger/ sets) describes that folder, not every
// postmortem: only content/postmortems/README.md introduces the index.
func TestPostmortemsIntroComesOnlyFromTheTopFolder(t *testing.T) {
	files := `-- site.toml --
title = "P"
-- content/postmortems/team-a/README.md --
# Team A's reviews

Team A keeps its own reviews here.
-- content/postmortems/team-a/2024-01-10-db.md --
---
title: "DB down"
started: "2024-01-10 10:00"
resolved: "2024-01-10 11:00"
---
Body.
`
	dir := fixture.WriteSite(t, files)
	mustBuild(t, dir, Options{})
	if idx := readOut(t, dir, "postmortems/index.html"); strings.Contains(idx, "Team A keeps") {
		t.Error("a subfolder's README became the introduction of every postmortem")
	}
	dir = fixture.WriteSite(t, files+`-- content/postmortems/README.md --
Every incident review, newest first.
`)
	mustBuild(t, dir, Options{})
	if idx := readOut(t, dir, "postmortems/index.html"); !strings.Contains(idx, "Every incident review, newest first.") || strings.Contains(idx, "Team A keeps") {
		t.Error("the top folder's README is not the introduction, or a subfolder's is too")
	}
}
