package postmortem

import (
	"regexp"
	"strings"
	"time"

	"github.com/vitals-dev/vitals/generator/base/model"
)

// Reading action items from a postmortem's body (METRICS.md, Incidents),
// when front matter has none.
//
// The items are the list items (or table rows) under a heading such as
// "Action items", "Follow-up(s)", "Corrective and preventative measures",
// "Remediation", "Next steps", "Prevention", "Preventive enhancements" (any level, any letter case; also a line that
// is only such a label), up to the next heading of the same or a higher
// level. Sub-headings inside stay in the section; a sub-heading that says
// "completed" or "done" marks its items done. Only the items of the
// section's first list kind count (numbered or bulleted): in a numbered
// list, bullets between the numbers are details, as are indented sub-items.
// A bulleted item that only names a group ("Short term:") gives its
// sub-items instead.
//
// An item is done when its checkbox is ticked ("- [x]"), it starts with ✅
// or "DONE", or it says "(done)"/"(completed)"; open when its checkbox is
// empty. It links to an issue when it names one: "#123" (in the
// postmortem's repo, else the site's only repository), "owner/repo#12", or a GitHub issues/pull URL
// (the item's own line or its sub-items). Other tracker links (Jira and
// the like) are kept as links. Owner: "@login", "Owner: name", an owner
// column. Due: "due 2024-03-01", "by 2024-03-01", a due column.

var (
	actionHeadRE = regexp.MustCompile(`(?i)\b(?:action\s*items?|actions?\s+(?:taken|planned|to take)|follow[\s-]*ups?|corrective|preventa?t?ive\s+(?:actions?|measures?|enhancements?|improvements?|steps?|work)|prevention|future improvements?|improvements?\s+(?:planned|to make)|review actions|remediations?|next\s+steps|how (?:are|will) we prevent|preventing (?:it|this|recurrence)|prevent(?:ing)? (?:it|this) from happening again|future work|todos?|to-dos?)\b`)
	completedRE  = regexp.MustCompile(`(?i)\b(?:completed|complete|done|finished|implemented)\b`)
	plannedRE    = regexp.MustCompile(`(?i)\b(?:planned|in[- ]progress|pending|open|to do|todo|upcoming)\b`)

	checkboxRE   = regexp.MustCompile(`^\s*(?:[-*+]|\d{1,3}[.)])\s+\[([ xX]?)\]\s*`)
	orderedRE    = regexp.MustCompile(`^ {0,3}\d{1,3}[.)]\s+`)
	doneMarkRE   = regexp.MustCompile(`(?i)^(?:✅|✔️?|☑️?|\[?done\]?:?\s|\(done\)\s)`)
	doneSuffixRE = regexp.MustCompile(`(?i)\((?:done|completed|complete|fixed|shipped)\)\s*\.?$`)
	openMarkRE   = regexp.MustCompile(`^(?:⬜|☐|❌|🔲|\[?TODO\]?:?\s)`)

	ghURLRE      = regexp.MustCompile(`https?://(?:www\.)?github\.com/([A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)/([A-Za-z0-9._-]+)/(issues|pull)/([1-9][0-9]*)\b`)
	crossRefRE   = regexp.MustCompile(`(?:^|[\s(\[,;])([A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?/[A-Za-z0-9._-]+)#([1-9][0-9]*)\b`)
	localRefRE   = regexp.MustCompile(`(?:^|[\s(\[,;])#([1-9][0-9]*)\b`)
	trackerURLRE = regexp.MustCompile(`https?://[^\s)\]>]*(?:atlassian\.net|jira|linear\.app|youtrack|shortcut\.com|app\.clickup\.com|/browse/[A-Z][A-Z0-9]+-\d+)[^\s)\]>]*`)
	trackerKeyRE = regexp.MustCompile(`\b([A-Z][A-Z0-9]+-\d+)\b`)
	ownerRE      = regexp.MustCompile(`(?i)(?:\bowners?\s*:\s*|\bassignee\s*:\s*)(@?[\p{L}\p{N}._-]+(?:\s+[\p{L}][\p{L}.-]+)?)`)
	atLoginRE    = regexp.MustCompile(`(?:^|[\s(\[,])@([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))\b`)
	dueRE        = regexp.MustCompile(`(?i)\b(?:due(?:\s+(?:date|by|on))?|deadline|by|eta|target(?:\s+date)?)\s*:?\s*`)
)

// BodyActionItem is an action item read from the body, with its line.
type BodyActionItem struct {
	model.ActionItem
	Line   int
	Source string // the line as written
}

// ReadActionItems reads the action items of a postmortem body (see above).
// repo is the postmortem's repository ("" when unknown), for "#123".
func ReadActionItems(body []byte, firstLine int, repo string) []BodyActionItem {
	ls := docLines(body, firstLine)
	var out []BodyActionItem
	secs := sections(ls, func(h string) bool { return actionHeadRE.MatchString(h) && !timelineHeadRE.MatchString(h) }, nil)
	for _, s := range secs {
		out = append(out, sectionItems(ls, s, repo)...)
	}
	// No action-items section: the commitments a resolution section makes
	// in its paragraphs ("More training will be conducted").
	if len(secs) == 0 {
		for _, s := range sections(ls, func(h string) bool { return resolutionHeadRE.MatchString(h) }, nil) {
			var ps []para
			for _, p := range paragraphs(ls, s) {
				if futureRE.MatchString(strings.Join(p.lines, " ")) || imperativeLines(p) {
					ps = append(ps, p)
				}
			}
			out = append(out, paraItems(ps, repo, true)...)
		}
	}
	return out
}

func sectionItems(ls []docLine, s section, repo string) []BodyActionItem {
	var out []BodyActionItem
	subDone := completedRE.MatchString(s.head) && !plannedRE.MatchString(s.head)
	kind := "" // "ol" or "ul": the first list kind of the (sub)section
	var header []string
	// Paragraphs count as items only in a group (the section's own text,
	// or a sub-heading's) that has no list or table (see paraItems).
	var group []para
	groupItems, lead, skipGroup := 0, true, false
	leadParas := []para(nil)
	flush := func() {
		if groupItems == 0 && !skipGroup && !lead {
			out = append(out, paraItems(group, repo, false)...) // a sub-heading with a paragraph is an item
		}
		if lead && groupItems == 0 {
			leadParas = group
		}
		group, groupItems = nil, 0
	}
	inPara := false
	for i := s.from; i < s.to; i++ {
		l := ls[i]
		if l.skip || strings.TrimSpace(l.text) == "" {
			inPara = false
			continue
		}
		if _, _, _, isH := headingAt(ls, i); !isH && !isTableLine(l.text) && !listItemRE.MatchString(l.text) &&
			!setextRE.MatchString(l.text) && !strings.HasPrefix(l.text, "    ") {
			if inPara && len(group) > 0 {
				group[len(group)-1].lines = append(group[len(group)-1].lines, strings.TrimSpace(l.text))
			} else {
				group = append(group, para{line: l.n, lines: []string{strings.TrimSpace(l.text)}})
			}
			inPara = true
			continue
		}
		inPara = false
		if h, _, _, isH := headingAt(ls, i); isH {
			flush()
			lead = false
			skipGroup = notItemsRE.MatchString(plain(h))
			subDone = completedRE.MatchString(h) && !plannedRE.MatchString(h)
			kind, header = "", nil
			continue
		}
		if skipGroup {
			continue
		}
		if isTableLine(l.text) {
			if header == nil {
				header = tableCells(l.text)
				continue
			}
			if tableDelimRE.MatchString(l.text) {
				continue
			}
			if it, ok := tableItem(header, tableCells(l.text), repo); ok {
				it.Line, it.Source = l.n, clip(strings.TrimSpace(l.text), 200)
				if subDone && it.Status == "" {
					it.Status = "done"
				}
				out = append(out, it)
				groupItems++
			}
			continue
		}
		header = nil
		if !listItemRE.MatchString(l.text) || strings.HasPrefix(l.text, "    ") || strings.HasPrefix(l.text, "\t") {
			continue
		}
		k := "ul"
		if orderedRE.MatchString(l.text) {
			k = "ol"
		}
		indent := len(l.text) - len(strings.TrimLeft(l.text, " "))
		if kind == "" {
			kind = k
		}
		if k != kind || indent >= 2 {
			continue // a detail of the item before
		}
		// The item's continuation: sub-items and lines until the next item.
		var more []string
		var moreLine []int // each continuation line's file line
		j := i + 1
		for ; j < s.to; j++ {
			nl := ls[j]
			if nl.skip {
				continue
			}
			t := nl.text
			if strings.TrimSpace(t) == "" {
				continue
			}
			if _, _, _, isH := headingAt(ls, j); isH {
				break
			}
			ind := len(t) - len(strings.TrimLeft(t, " \t"))
			if listItemRE.MatchString(t) && ind < 2 && (orderedRE.MatchString(t) == (kind == "ol")) {
				break
			}
			more, moreLine = append(more, t), append(moreLine, nl.n)
		}
		text := l.text
		// A group label ("Short term:") with sub-items gives the sub-items.
		if kind == "ul" && strings.HasSuffix(strings.TrimSpace(plain(text)), ":") && len(more) > 0 {
			for k, m := range more {
				if listItemRE.MatchString(strings.TrimLeft(m, " \t")) {
					if it, ok := listItem(m, nil, repo); ok {
						it.Line, it.Source = moreLine[k], clip(strings.TrimSpace(m), 200)
						out = append(out, it)
						groupItems++
					}
				}
			}
			continue
		}
		if it, ok := listItem(text, more, repo); ok {
			it.Line, it.Source = l.n, clip(strings.TrimSpace(text), 200)
			if subDone && it.Status == "" {
				it.Status = "done"
			}
			out = append(out, it)
			groupItems++
		}
	}
	flush()
	// The section's own paragraphs are items only when nothing else in
	// it is (otherwise they introduce what follows).
	if len(out) == 0 {
		out = paraItems(leadParas, repo, true)
	}
	return out
}

// futureRE: words that promise future work, in prose that otherwise
// tells what was done.
var futureRE = regexp.MustCompile(`(?i)\bwill (?:be )?(?:conduct|create|implement|add|hold|held|review|rotate|replace|rebuild|perform|schedule|introduce|improve|update|develop|write|document|investigate|build|deploy|change|remove|monitor)\w*|\bplan(?:s|ning)? to\b|\b(?:is|was|are|were) (?:scheduled|planned) for\b|\b(?:is|are) being (?:rotated|replaced|updated|rebuilt|reviewed|migrated|implemented)\b|\bunder ?way\b|\bactively working on\b`)

var resolutionHeadRE = regexp.MustCompile(`(?i)\b(?:resolution|recovery)\b`)

// paragraphs are the plain paragraphs of a section (no lists, tables,
// headings or code).
func paragraphs(ls []docLine, s section) []para {
	var out []para
	in := false
	for i := s.from; i < s.to; i++ {
		l := ls[i]
		_, _, _, isH := headingAt(ls, i)
		if l.skip || strings.TrimSpace(l.text) == "" || isH || isTableLine(l.text) || listItemRE.MatchString(l.text) || strings.HasPrefix(l.text, "    ") {
			in = false
			continue
		}
		if in {
			out[len(out)-1].lines = append(out[len(out)-1].lines, strings.TrimSpace(l.text))
		} else {
			out = append(out, para{line: l.n, lines: []string{strings.TrimSpace(l.text)}})
		}
		in = true
	}
	return out
}

// para is a paragraph: its first file line and its lines.
type para struct {
	line  int
	lines []string
}

var (
	// Sub-headings under an action-items heading whose text is not action
	// items: what went well or wrong, luck, questions.
	notItemsRE = regexp.MustCompile(`(?i)\b(?:what went (?:well|wrong|right)|went well|went wrong|where we got lucky|lucky|questions?|summary|timeline|root cause|impact|background|context|notes?|glossary|references?|related)\b`)
	// Template instructions, not commitments.
	templateRE = regexp.MustCompile(`(?i)\b(?:ideally these should|should result in concrete|for example,?\s*$|these are (?:only )?(?:sample|example)|list of things|things that could have gone better|replace this|add your|fill in|delete this)\b`)
	// A line that starts with a verb of a commitment (an imperative) or
	// "More"/"Better" (more alerts, better docs).
	imperativeRE = regexp.MustCompile(`(?i)^(?:add|develop|hire|publish|file|minimi[sz]e|maximi[sz]e|have|fix|improve|create|document|implement|update|review|set up|setup|set|ensure|monitor|investigate|move|use|write|automate|enforce|build|remove|replace|migrate|introduce|consider|test|track|limit|increase|decrease|reduce|enable|disable|configure|establish|define|require|audit|train|rotate|upgrade|deploy|schedule|evaluate|explore|make|keep|provide|switch|separate|subscribe|allow|run|check|look into|alert|notify|change|pin|refactor|rebuild|verify|validate|continue|stop|prevent|clarify|standardi[sz]e|more|better|emphasi[sz]e|encourage|discourage|educate)\b`)
)

// commitmentRE: words that commit to future or ongoing work.
var commitmentRE = regexp.MustCompile(`(?i)\b(?:will|shall|going to|going forward|in the future|plan(?:s|ned)? (?:to|for)|planning to|scheduled (?:for|to)|intend(?:s|ed)? to|need(?:s)? to|should|must|continu(?:e|es|ing) to|(?:is|are) being|under ?way|working (?:on|to)|to be (?:done|added|created|implemented|replaced|removed|updated))\b`)

// paraItems turns paragraphs into items: each paragraph is one item
// (with needCommit only one that commits to work: it starts with a verb,
// or says will, plans to, should...), except template instructions and a lead-in ending in ":"; a
// paragraph whose lines mostly start with a verb ("Add ...", "Hire ...")
// lists one commitment per line.
func paraItems(ps []para, repo string, needCommit bool) []BodyActionItem {
	var out []BodyActionItem
	for _, p := range ps {
		all := strings.Join(p.lines, " ")
		if templateRE.MatchString(all) || strings.HasSuffix(strings.TrimSpace(plain(all)), ":") {
			continue
		}
		if imperativeLines(p) {
			for k, l := range p.lines {
				if it, ok := listItem(l, nil, repo); ok {
					it.Line, it.Source = p.line+k, clip(l, 200)
					out = append(out, it)
				}
			}
			continue
		}
		// A paragraph that only says what was done, or points elsewhere,
		// commits to nothing.
		if needCommit && !imperativeRE.MatchString(plain(p.lines[0])) && !commitmentRE.MatchString(all) {
			continue
		}
		if it, ok := listItem(all, nil, repo); ok {
			it.Line, it.Source = p.line, clip(p.lines[0], 200)
			out = append(out, it)
		}
	}
	return out
}

// imperativeLines: a paragraph of two or more lines, most of which start
// with a verb ("Add ...", "Hire ..."): one commitment a line.
func imperativeLines(p para) bool {
	verbs := 0
	for _, l := range p.lines {
		if imperativeRE.MatchString(plain(l)) {
			verbs++
		}
	}
	return len(p.lines) >= 2 && 2*verbs > len(p.lines)
}

// listItem reads one list item: its first line and continuation lines.
func listItem(first string, more []string, repo string) (BodyActionItem, bool) {
	var it BodyActionItem
	if m := checkboxRE.FindStringSubmatch(first); m != nil {
		if strings.EqualFold(m[1], "x") {
			it.Status = "done"
		} else {
			it.Status = "open"
		}
	}
	title := plain(first)
	switch {
	case doneMarkRE.MatchString(title):
		it.Status = "done"
		title = strings.TrimSpace(doneMarkRE.ReplaceAllString(title, ""))
	case openMarkRE.MatchString(title):
		if strings.Contains(title[:min(len(title), 7)], "TODO") {
			it.Status = "open"
		}
		title = strings.TrimSpace(openMarkRE.ReplaceAllString(title, ""))
	case doneSuffixRE.MatchString(title):
		it.Status = "done"
	}
	all := first + "\n" + strings.Join(more, "\n")
	it.Title = clip(strings.TrimSpace(title), 300)
	if it.Title == "" || placeholderItem(it.Title) {
		return it, false
	}
	it.Issue, it.Link = issueAndLink(all, repo)
	it.Owner = ownerIn(first)
	it.Due = dueIn(first)
	return it, true
}

// placeholderItem: template text, not an item ("...", "TBD", "<action>").
func placeholderItem(s string) bool {
	t := strings.Trim(strings.ToLower(s), " .…:-")
	return t == "" || t == "tbd" || t == "todo" || t == "n/a" || t == "none" ||
		(strings.HasPrefix(t, "<") && strings.HasSuffix(t, ">"))
}

// Column headers of an action-items table.
var (
	colTitleRE  = regexp.MustCompile(`(?i)^(?:action(?: item)?|item|task|description|title|what|follow[- ]?up|remediation)\b`)
	colOwnerRE  = regexp.MustCompile(`(?i)^(?:owner|assignee|who|responsible|team)\b`)
	colDueRE    = regexp.MustCompile(`(?i)^(?:due|deadline|target|eta|by when|date)\b`)
	colStatusRE = regexp.MustCompile(`(?i)^(?:status|state|done)\b`)
)

// tableItem reads a table row under an action-items heading.
func tableItem(header, cells []string, repo string) (BodyActionItem, bool) {
	var it BodyActionItem
	col := func(r *regexp.Regexp) int {
		for i, h := range header {
			if r.MatchString(plain(h)) {
				return i
			}
		}
		return -1
	}
	cell := func(i int) string {
		if i < 0 || i >= len(cells) {
			return ""
		}
		return cells[i]
	}
	ti := col(colTitleRE)
	if ti < 0 {
		ti = 0
	}
	it.Title = clip(plain(cell(ti)), 300)
	if it.Title == "" || placeholderItem(it.Title) {
		return it, false
	}
	it.Owner = strings.TrimPrefix(plain(cell(col(colOwnerRE))), "@")
	if d := cell(col(colDueRE)); d != "" {
		it.Due = dueDate(plain(d))
	}
	if st := strings.ToLower(plain(cell(col(colStatusRE)))); st != "" {
		switch {
		case strings.Contains(st, "done") || strings.Contains(st, "complete") || strings.Contains(st, "closed") ||
			strings.Contains(st, "fixed") || strings.Contains(st, "✅") || st == "yes" || st == "[x]":
			it.Status = "done"
		default:
			it.Status = "open"
		}
	}
	it.Issue, it.Link = issueAndLink(strings.Join(cells, " | "), repo)
	if it.Owner == "" {
		it.Owner = ownerIn(cell(ti))
	}
	return it, true
}

// issueAndLink finds the first GitHub issue reference ("owner/repo#N") and
// the first link to another tracker in an item's text.
func issueAndLink(s, repo string) (issue, link string) {
	if m := ghURLRE.FindStringSubmatch(s); m != nil {
		issue = m[1] + "/" + m[2] + "#" + m[4]
	} else if m := crossRefRE.FindStringSubmatch(s); m != nil {
		issue = m[1] + "#" + m[2]
	} else if m := localRefRE.FindStringSubmatch(s); m != nil {
		issue = repo + "#" + m[1] // "#12" alone when the repo is not known (see QualifyIssues)
	}
	if m := trackerURLRE.FindString(s); m != "" {
		link = strings.TrimRight(m, ".,;")
	}
	return issue, link
}

func ownerIn(s string) string {
	p := plain(s)
	if m := ownerRE.FindStringSubmatch(p); m != nil {
		return strings.TrimPrefix(strings.TrimSpace(m[1]), "@")
	}
	if m := atLoginRE.FindStringSubmatch(p); m != nil {
		return m[1]
	}
	return ""
}

// dueIn reads "due 2024-03-01", "by March 5, 2024" in an item's line.
func dueIn(s string) string {
	p := plain(s)
	for _, loc := range dueRE.FindAllStringIndex(p, -1) {
		if d := dueDate(p[loc[1]:]); d != "" {
			return d
		}
	}
	return ""
}

// dueDate reads a date with a year at the start of s, as YYYY-MM-DD.
func dueDate(s string) string {
	w, _, ok := readWhen(strings.TrimSpace(s))
	if !ok || !w.hasDate() || w.year == 0 || w.ambiguousDM || !validDate(w.year, w.month, w.day) {
		return ""
	}
	return time.Date(w.year, time.Month(w.month), w.day, 0, 0, 0, 0, time.UTC).Format("2006-01-02")
}

// QualifyIssues completes "#12" references of action items that name no
// repository with repo (the site's only repository), in place.
func QualifyIssues(pms []model.Postmortem, repo string) {
	for i := range pms {
		for j, it := range pms[i].ActionItems {
			if strings.HasPrefix(it.Issue, "#") {
				pms[i].ActionItems[j].Issue = repo + it.Issue
			}
		}
	}
}

// TrackerLabel is how a tracker link is shown: its issue key ("SAAS-313")
// when the URL has one, else "link".
func TrackerLabel(url string) string {
	if m := trackerKeyRE.FindStringSubmatch(url); m != nil {
		return m[1]
	}
	return "link"
}
