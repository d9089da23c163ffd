package launchdoc

import (
	"strings"
	"time"

	"github.com/vitals-dev/vitals/generator/sources/content"

	"github.com/vitals-dev/vitals/generator/sources/frontmatter"
)

// New is what `vitals new launch "Title"` writes: the path
// (content/launches/YYYY-MM-DD-slug.md, the date of at) and a document
// whose every front-matter key is explained by a comment, with a first
// stage at at. Loading it as it is gives no error.
func New(title string, at time.Time) (path string, body []byte) {
	at = at.UTC()
	title = content.NewTitle(title, "Untitled launch")
	slug := content.TitleSlug(title, "launch")
	id := at.Format("2006-01-02") + "-" + slug
	r := strings.NewReplacer(
		"{{TITLE}}", frontmatter.YAMLString(title),
		"{{FLAG}}", slug,
		"{{AT}}", at.Format("2006-01-02 15:04"),
		"{{HEADING}}", strings.NewReplacer("<", "&lt;", ">", "&gt;").Replace(title),
	)
	return Dir + "/" + id + ".md", []byte(r.Replace(skeleton))
}

const skeleton = `---
# The file name (without .md) is the launch's id: it names its page, its rows
# in launches.csv, and the launch in a postmortem's "launch:". Keep it once published.
#
# title: one line that says what the launch ships.
title: {{TITLE}}
# flag: the feature flag's key, as your flag service (LaunchDarkly, Unleash,
# a config file) spells it.
flag: {{FLAG}}
# stages: the rollout, one item each time the flag reached more (or fewer) users,
# in time order. From "at" on (UTC, "YYYY-MM-DD HH:MM" or RFC3339) "percent" of
# users see the flag (0 to 100), or a named "cohort" (staff, beta), or both.
# A stage lasts until the next one, or until the data ends (as_of).
# A lower percent than the stage before is a rollback; 100 completes the launch.
# The stretch just before the first stage, as long as it (at most 7 days), is the
# baseline each stage is compared with.
stages:
  - at: "{{AT}}"
    percent: 1
  # - at: "YYYY-MM-DD HH:MM"
  #   percent: 25
  # - at: "YYYY-MM-DD HH:MM"
  #   percent: 100
# guardrails: the SLOs and KPIs (their names in site.toml) the launch must not hurt.
# Without this key every SLO of the site guards it; [] means none.
# guardrails: ["API availability", "Signups"]
# canary: the label your metric exports put on the flag's cohort, when they split
# by it. A stage then compares the cohort with everyone else over the same time,
# rather than with the baseline.
# canary: variant=canary
# releases: the releases that shipped the code behind the flag, as owner/repo@tag.
releases: []
# experiment: the id (file name without .md) of the experiment under
# content/experiments that tested this change, if one did.
experiment: ""
---

# {{HEADING}}

## What

<!-- What users get when the flag is on, in two or three sentences. -->

## Why

<!-- The problem it solves, and how you will know it worked. -->

## Risks

<!-- A pre-mortem: imagine the launch failed. One list item per way it could fail,
     with how likely it is, what it would hurt, and what you do about it. For example:
- Sync conflicts rise for notes edited on two devices. Likelihood: medium. Impact: high.
  Mitigation: roll back to 0% when the API availability burn rate passes 1.
-->
`
