package content

import (
	"strings"
	"time"

	"github.com/vitals-dev/vitals/generator/sources/frontmatter"
)

// NewPostmortem is what `vitals new postmortem "Title"` writes: the path
// (slash-separated, relative to the site: content/postmortems/YYYY-MM-DD-slug.md)
// and a file with every front-matter key of the schema, each explained by
// a YAML comment, and the usual sections. date is when the incident started
// (its UTC date; its time of day too, unless midnight). Loading the file
// as it is gives no error.
func NewPostmortem(title string, date time.Time) (path string, body []byte) {
	date = date.UTC()
	title = NewTitle(title, "Untitled incident")
	slug := TitleSlug(title, "incident")
	day := date.Format("2006-01-02")
	id := day + "-" + slug
	started := day
	if date.Hour() != 0 || date.Minute() != 0 || date.Second() != 0 {
		started = date.Format("2006-01-02 15:04")
	}
	r := strings.NewReplacer(
		"{{ID}}", id,
		"{{TITLE}}", frontmatter.YAMLString(title),
		"{{STARTED}}", started,
		"{{HEADING}}", strings.NewReplacer("<", "&lt;", ">", "&gt;").Replace(title),
	)
	return PostmortemsDir + "/" + id + ".md", []byte(r.Replace(postmortemSkeleton))
}

const postmortemSkeleton = `---
# id: stable identifier used in the page URL and in postmortems.csv.
# Lowercase a-z, 0-9 and '-'; unique among postmortems. Do not change it once published.
id: {{ID}}
# title: one line that says what broke, as a reader would search for it.
title: {{TITLE}}
# severity: free text; keep one scale across the site (e.g. SEV1 = worst .. SEV4).
severity: ""
# status: where this review is, e.g. draft, in review, published.
status: draft
# repo: the GitHub repository (owner/name) whose release caused the incident, if any.
repo: ""
# release: tag of the release that caused it (e.g. v1.4.2). Leave empty and, when
# repo is set, the incident is pinned to the last release of repo before started.
release: ""
# Times are UTC: "YYYY-MM-DD HH:MM", or RFC3339 with an offset (2024-05-01T14:05:00+02:00).
# Leave a time empty ("") while unknown. They must run started <= detected <= mitigated <= resolved.
# started: when impact began (time to detect, mitigate and resolve are counted from here).
started: "{{STARTED}}"
# detected: when someone or an alert noticed.
detected: ""
# mitigated: when impact stopped for users (a rollback counts).
mitigated: ""
# resolved: when the cause was fixed for good.
resolved: ""
# services: the services or components affected, e.g. [api, billing].
services: []
# tags: free labels for filtering, e.g. [database, deploy].
tags: []
# action_items: follow-ups, one list item each:
#   - title: "Alert on connection pool saturation"   # required
#     owner: "@someone"                              # who drives it
#     due: 2024-06-01                                # YYYY-MM-DD
#     issue: owner/repo#123                          # GitHub issue; done when it is closed
#     status: open                                   # open or done
action_items: []
---

# {{HEADING}}

## Summary

<!-- Two or three sentences: what happened, who was affected, for how long. -->

## Impact

<!-- Users, requests or revenue affected; duration; data lost, if any. -->

## Timeline

<!-- UTC times, one line each, from the first cause to resolution. -->

## Root cause

## What went well

## What went wrong

## Action items

<!-- Keep this in step with action_items in the front matter. -->
`
