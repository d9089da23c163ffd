package content

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/vitals-dev/vitals/generator/internal/testkit/fixture"
)

func itemsOf(body, repo string) []string {
	var out []string
	for _, it := range ReadActionItems([]byte(body), 1, repo) {
		out = append(out, fmt.Sprintf("L%d %s|%s|owner=%s|due=%s|issue=%s|link=%s", it.Line, it.Title, it.Status, it.Owner, it.Due, it.Issue, it.Link))
	}
	return out
}

func TestReadActionItems(t *testing.T) {
	cases := []struct {
		name, body, repo string
		want             []string
	}{
		{"checkboxes, issue links in the repo and across repos, owner and due", `# X
## Action Items
- [x] Add alert on pool saturation #12
- [ ] Document failover (owner: @ana, due 2024-04-01)
- Upgrade driver, see acme/db#7
- Track in https://github.com/acme/api/pull/40
- Jira: [OPS-12](https://acme.atlassian.net/browse/OPS-12)

## Lessons
- not an item
`, "acme/api", []string{
			"L3 Add alert on pool saturation #12|done|owner=|due=|issue=acme/api#12|link=",
			"L4 Document failover (owner: @ana, due 2024-04-01)|open|owner=ana|due=2024-04-01|issue=|link=",
			"L5 Upgrade driver, see acme/db#7||owner=|due=|issue=acme/db#7|link=",
			"L6 Track in https://github.com/acme/api/pull/40||owner=|due=|issue=acme/api#40|link=",
			"L7 Jira: OPS-12||owner=|due=|issue=|link=https://acme.atlassian.net/browse/OPS-12",
		}},
		{"#N without a known repo stays #N (the site may know its repo)", "## Follow-up\n- fix #12\n", "", []string{"L2 fix #12||owner=|due=|issue=#12|link="}},
		{"a table under a Follow-ups heading", `### Follow-ups
| Item | Owner | Due | Status |
|---|---|---|---|
| Rotate keys | @bo | 2024-02-01 | Done |
| Add canary | team-x | 2024-05-01 | open |
`, "", []string{
			"L4 Rotate keys|done|owner=bo|due=2024-02-01|issue=|link=",
			"L5 Add canary|open|owner=team-x|due=2024-05-01|issue=|link=",
		}},
		{"numbered items under completed and planned sub-headings; bullets between are details", `Remediation
-----------

### Immediate actions (completed)

1.  **Roll back the schema**
We did this first:

-   detail one
-   detail two

2.  **Clear the backlog**

### Planned actions (planned or in-progress)

1.  **Engine monitoring**
    We plan to add alerts.

Lessons learned
---------------
- not an item
`, "", []string{
			"L6 Roll back the schema|done|owner=|due=|issue=|link=",
			"L12 Clear the backlog|done|owner=|due=|issue=|link=",
			"L16 Engine monitoring||owner=|due=|issue=|link=",
		}},
		{"any heading level and letter case; a plain label line; ✅ and sub-item links", `#### NEXT STEPS
- ✅ Integration tests
    - https://github.com/o/r/pull/2935
- Better testing

Action Items
- Set up alerting

## Notes to the owner
- [x] Push this document
`, "", []string{
			"L2 Integration tests|done|owner=|due=|issue=o/r#2935|link=",
			"L4 Better testing||owner=|due=|issue=|link=",
			"L7 Set up alerting||owner=|due=|issue=|link=",
		}},
		{"corrective and preventative measures with a Jira link", `## Corrective and Preventative Measures
* Take periodic backups. - [jira](https://example.atlassian.net/browse/SAAS-313)
`, "", []string{"L2 Take periodic backups. - jira||owner=|due=|issue=|link=https://example.atlassian.net/browse/SAAS-313"}},
		{"a section of one paragraph is one item", "## Remediation\n\nEvaluate a **pull-through cache**\nfor registries.\n\n## Lessons\nnot an item\n", "",
			[]string{"L3 Evaluate a pull-through cache for registries.||owner=|due=|issue=|link="}},
		{"a section of several paragraphs is prose, no items", "## Corrective actions\n\nThe fix was to remove the slash.\n\nSee the full diff.\n", "", nil},
		{"a group label gives its sub-items; placeholders are no items", `## Action items
- Short term:
  - Pin the image
  - Add a probe
- TBD
- <action>
`, "", []string{"L2 Pin the image||owner=|due=|issue=|link=", "L2 Add a probe||owner=|due=|issue=|link="}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := itemsOf(c.body, c.repo); !reflect.DeepEqual(got, c.want) {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(c.want, "\n"))
			}
		})
	}
}

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
	if !a.Started.Equal(utc("2024-03-05 10:00")) || !a.Detected.Equal(utc("2024-03-05 10:30")) || a.Mitigated != nil || !a.Resolved.Equal(utc("2024-03-05 11:00")) {
		t.Errorf("times %v %v %v %v", a.Started, a.Detected, a.Mitigated, a.Resolved)
	}
	wantSrc := map[string]Source{
		"started":  {Line: 14, How: "timeline entry", Text: "- 2024-03-05 10:00 - errors begin"},
		"resolved": {Line: 16, How: "timeline entry", Text: "- 2024-03-05 11:00 - restored"},
	}
	if !reflect.DeepEqual(a.Sources, wantSrc) {
		t.Errorf("sources %+v", a.Sources)
	}
	if a.ZoneNote != "the document states no time zone: its times are read as UTC" {
		t.Errorf("zone note %q", a.ZoneNote)
	}
	if a.Published == nil || a.Published.Format("2006-01-02") != "2024-03-20" || a.Page.DateFrom != DateFromBody {
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
