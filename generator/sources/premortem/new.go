package premortem

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/vitals-dev/vitals/generator/sources/content"
)

// New is what `vitals new premortem "Title"` writes: the path
// (content/premortems/YYYY-MM-DD-slug.md, relative to the site) and a
// document whose front matter names every key, each explained, and whose
// Risks section explains how to write a risk. Until a risk is written
// under it, vitals check warns that the pre-mortem has none.
func New(title string, date time.Time) (path string, body []byte) {
	title = content.NewTitle(title, "Untitled pre-mortem")
	day := date.UTC().Format("2006-01-02")
	id := day + "-" + content.TitleSlug(title, "premortem")
	q, _ := json.Marshal(title) // a JSON string is a YAML string: colons and quotes stay text
	r := strings.NewReplacer("{{TITLE}}", string(q), "{{DATE}}", day,
		"{{HEADING}}", strings.NewReplacer("<", "&lt;", ">", "&gt;").Replace(title))
	return Dir + "/" + id + ".md", []byte(r.Replace(skeleton))
}

const skeleton = `---
# title: the launch or project this pre-mortem is about.
title: {{TITLE}}
# launch: the launch's id (its file name under content/launches without .md), so that
# its page links here and its risks count once the launch starts. Leave "" when none.
launch: ""
# date: when the pre-mortem was held (YYYY-MM-DD).
date: {{DATE}}
---

# Pre-mortem: {{HEADING}}

Imagine it is three months after the launch and it has failed. What went wrong?

## Risks

<!-- One list item per way this could fail. Start with one sentence that says what
happens; then, optionally, its likelihood, impact and what we do about it:

- Batched writes exhaust the database connection pool at higher stages. Likelihood: medium. Impact: high. Mitigation: load test at 25% before that stage. {#pool-exhaustion}

The {#...} at the end of the first line gives the risk a stable id (without it, the
id is made from its first words). A postmortem names it with "risk: pool-exhaustion"
and "premortem:" or "launch:" in its front matter, or links to its anchor
(../premortems/THIS-FILE/#risk-pool-exhaustion). A risk whose mitigation is empty or
"none" is listed on the dashboard once its launch has started. -->
`
