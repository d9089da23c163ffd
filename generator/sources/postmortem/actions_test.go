package postmortem

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
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
		{"a group label gives its sub-items, each with its own line; placeholders are no items", `## Action items
- Short term:
  - Pin the image
  - Add a probe
- TBD
- <action>
`, "", []string{"L3 Pin the image||owner=|due=|issue=|link=", "L4 Add a probe||owner=|due=|issue=|link="}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := itemsOf(c.body, c.repo); !reflect.DeepEqual(got, c.want) {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(c.want, "\n"))
			}
		})
	}
}

// DONE and TODO markers are the item's status, not part of its title;
// template instructions and what went wrong are not items; a paragraph
// under a sub-heading is one item, lines of verbs one each.
func TestActionItemMarkersParagraphsAndTemplates(t *testing.T) {
	body := `## Action items

Ideally these should result in concrete action items, for example:

- DONE: rotate the signing key
- TODO: add a disk alert
- (DONE) pin the image

### What went wrong

- nobody was paged

### Investigation

Find out why the node lost its volume.

## Follow-up

Add a dashboard for queue depth.
Hire a second on-call engineer.
Document the failover.
`
	var got []string
	for _, it := range ReadActionItems([]byte(body), 1, "") {
		got = append(got, it.Title+"|"+it.Status)
	}
	want := []string{"rotate the signing key|done", "add a disk alert|open", "pin the image|done",
		"Find out why the node lost its volume.|", "Add a dashboard for queue depth.|", "Hire a second on-call engineer.|", "Document the failover.|"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// Without an action-items section, a resolution section's commitments are
// the items: a paragraph that says what will be done, or lines that each
// start with a verb; what was done is not an item.
func TestActionItemsFromAResolutionSection(t *testing.T) {
	body := `## Resolution and recovery

The phone was reset and the account locked.

Publish a guide for the admins of public channels
File a feature request so new members join as readers

More training will be held for all staff.
`
	var got []string
	for _, it := range ReadActionItems([]byte(body), 1, "") {
		got = append(got, it.Title)
	}
	want := []string{"Publish a guide for the admins of public channels", "File a feature request so new members join as readers", "More training will be held for all staff."}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// "Prevention" and "Preventive Enhancements" headings hold action items
// too (METRICS.md names "Corrective and preventative measures").
func TestPreventionHeadingsHoldActionItems(t *testing.T) {
	for _, head := range []string{"## Prevention", "## 7. Preventive Enhancements", "### Preventative improvements"} {
		body := "# X\n\n" + head + "\n\n- Add a gossip health check\n- Track delivery latency\n\n## Lessons\n- not an item\n"
		got := itemsOf(body, "")
		want := []string{"L5 Add a gossip health check||owner=|due=|issue=|link=", "L6 Track delivery latency||owner=|due=|issue=|link="}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: items %q, want %q", head, got, want)
		}
	}
}
