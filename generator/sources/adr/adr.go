// Package adr reads decision records (architecture and product decision
// records) as people write them, from content/decisions/ or the folder
// [decisions] dir names (a repository's docs/adr is the common place):
//
//   - Nygard (adr-tools): "# 12. Title", "Date: 2016-02-12", a "## Status"
//     section whose first paragraph is the status and whose other lines link
//     records ("Superseded by [13. X](0013-x.md)", "Supersedes ...",
//     "Amends ...", "Amended by ..."; adr-tools spells them "Superceded" too),
//     then "## Context", "## Decision", "## Consequences".
//   - MADR 3 and 4: YAML front matter status, date, deciders (MADR 3) or
//     decision-makers (MADR 4), consulted, informed; a status such as
//     "superseded by ADR-0123".
//   - MADR 2 (and log4brains): a list under the title,
//     "* Status: superseded by [x](x.md)", "* Deciders: ...", "* Date: ...".
//
// A record's number comes from its title ("12. ", "ADR-012: ") or its file
// name ("0012-", "adr-012-"); its date from front matter, a "Date:" line or
// a YYYYMMDD / YYYY-MM-DD file-name prefix (log4brains). Templates
// (template.md, adr-template*.md), README.md and index.md are not records.
// Links are kept as written; generator/compute/decisions resolves them.
package adr

import (
	"fmt"
	"html/template"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/vitals-dev/vitals/generator/base/diag"
	"github.com/vitals-dev/vitals/generator/sources/content"
	"github.com/vitals-dev/vitals/generator/sources/frontmatter"
)

// Statuses, as METRICS.md names them; a record whose status says none of
// them keeps its own word (StatusText) and Status "".
const (
	Proposed   = "proposed"
	Accepted   = "accepted"
	Rejected   = "rejected"
	Deprecated = "deprecated"
	Superseded = "superseded"
)

// Relation kinds, as the record states them.
const (
	Supersedes   = "supersedes"
	SupersededBy = "superseded by"
	Amends       = "amends"
	AmendedBy    = "amended by"
)

// Forms a record is written in.
const (
	Nygard = "Nygard"
	MADR   = "MADR"   // front matter (MADR 3 and 4)
	MADR2  = "MADR 2" // a status list under the title (MADR 2, log4brains)
)

// Link is a relation a record states to another.
type Link struct {
	Kind   string // Supersedes, SupersededBy, Amends, AmendedBy
	Target string // a link destination ("0013-x.md") or a reference ("ADR-0123")
	Text   string // the link text, when a link
	Line   int
}

// Record is one decision record.
type Record struct {
	// ID is the slug of the file's path below the folder, without .md:
	// "0001-record-architecture-decisions". It names the record's page.
	ID   string
	Path string // relative to the site source, slash-separated (it may start with ../)
	File string // base name
	// Number is the record's number (0 when it has none).
	Number int
	Title  string
	// Status is one of the constants above, or "" when the record states
	// none or a word that is not one of them (StatusText keeps it).
	Status     string
	StatusText string
	StatusLine int
	Date       *time.Time
	DateFrom   string // "front matter", "text" or "file name"
	Deciders   []string
	Form       string
	Links      []Link
	Body       template.HTML // the rendered body, title included
	Summary    string
}

// Load reads every record under dir (recursively, in path order). rel
// turns a file path into the path messages and downloads show (relative to
// the site source). A missing folder holds no record.
func Load(dir string, rel func(string) string, r *content.Renderer) ([]Record, diag.List) {
	var ds diag.List
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return nil, nil
	}
	var files []string
	err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			ds = append(ds, diag.Diag{Path: rel(p), Msg: err.Error()})
			return nil
		}
		if !e.IsDir() && e.Type().IsRegular() && strings.EqualFold(filepath.Ext(p), ".md") && !NotARecord(e.Name()) {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		ds = append(ds, diag.Diag{Path: rel(dir), Msg: err.Error()})
	}
	sort.Strings(files)
	var out []Record
	ids := map[string]string{}
	for _, p := range files {
		src, err := os.ReadFile(p)
		if err != nil {
			ds = append(ds, diag.Diag{Path: rel(p), Msg: err.Error()})
			continue
		}
		below, _ := filepath.Rel(dir, p)
		below = filepath.ToSlash(below)
		rec, rds := Parse(rel(p), below, src, r)
		ds = append(ds, rds...)
		if rec == nil {
			continue
		}
		if prev, dup := ids[rec.ID]; dup {
			ds = append(ds, diag.Diag{Path: rec.Path, Msg: fmt.Sprintf("its page name %q is already that of %s; rename one of them", rec.ID, prev)})
			continue
		}
		ids[rec.ID] = rec.Path
		out = append(out, *rec)
	}
	ds.Sort()
	return out, ds
}

// NotARecord: folder descriptions and templates (template.md,
// adr-template-minimal.md, decision-template.md; not project-templates.md).
func NotARecord(name string) bool {
	n := strings.TrimSuffix(strings.ToLower(name), ".md")
	switch n {
	case "readme", "index", "_index", "template", "_template":
		return true
	}
	return strings.HasPrefix(n, "adr-template") || strings.HasPrefix(n, "template-") || strings.HasSuffix(n, "-template")
}

// Parse reads one record. relPath names it in messages; below is its path
// below the records' folder (its ID). A record whose front matter says
// template: true is nil.
func Parse(relPath, below string, src []byte, r *content.Renderer) (*Record, diag.List) {
	fm, body, ds := frontmatter.Parse(relPath, src)
	if fm.Params["template"] == true {
		return nil, ds
	}
	rec := &Record{Path: relPath, File: path.Base(below), ID: content.Slugify(strings.TrimSuffix(below, path.Ext(below)))}
	doc, err := r.RenderDocument(body, true)
	if err != nil {
		ds = append(ds, diag.Diag{Path: relPath, Line: fm.BodyLine, Msg: "rendering Markdown: " + err.Error()})
		doc = &content.Document{}
	}
	rec.Body, rec.Summary = doc.HTML, doc.Summary
	p := &parser{rec: rec, path: relPath, fm: fm}
	p.frontMatter()
	p.body(body, fm.BodyLine)
	p.fromFileName()
	if rec.Title == "" {
		rec.Title = titleFromFile(rec.File)
	}
	if rec.Form == "" {
		rec.Form = Nygard
	}
	return rec, append(ds, p.ds...)
}

type parser struct {
	rec  *Record
	path string
	fm   *frontmatter.FrontMatter
	ds   diag.List
}

func (p *parser) warn(line int, format string, args ...any) {
	p.ds = append(p.ds, diag.Diag{Path: p.path, Line: line, Severity: diag.Warning, Msg: fmt.Sprintf(format, args...)})
}

// frontMatter reads MADR 3/4 metadata.
func (p *parser) frontMatter() {
	params := p.fm.Params
	if t, ok := params["title"].(string); ok && strings.TrimSpace(t) != "" {
		p.rec.Title = strings.TrimSpace(t)
	}
	if v, ok := params["status"]; ok {
		s := strings.TrimSpace(fmt.Sprint(v))
		if s != "" && v != nil {
			p.rec.Form = MADR
			p.status(s, p.fm.ValuePos("status").Line)
		}
	}
	if v, ok := params["date"]; ok && v != nil {
		if t, ok := toTime(v); ok {
			p.rec.Date, p.rec.DateFrom = &t, "front matter"
			p.rec.Form = MADR
		} else if s := strings.TrimSpace(fmt.Sprint(v)); s != "" {
			p.warn(p.fm.ValuePos("date").Line, "date %q is not a date such as 2024-03-05; the record is listed without a date", s)
		}
	}
	for _, k := range []string{"decision-makers", "deciders", "decision_makers"} {
		if v, ok := params[k]; ok {
			p.rec.Deciders = names(v)
			p.rec.Form = MADR
			break
		}
	}
}

func toTime(v any) (time.Time, bool) {
	switch v := v.(type) {
	case time.Time:
		return time.Date(v.Year(), v.Month(), v.Day(), 0, 0, 0, 0, time.UTC), true
	case string:
		return parseDate(v)
	}
	return time.Time{}, false
}

var dateRE = regexp.MustCompile(`^\s*(\d{4}-\d{2}-\d{2})`)

// parseDate reads a date that starts with YYYY-MM-DD (a time may follow).
func parseDate(s string) (time.Time, bool) {
	m := dateRE.FindStringSubmatch(s)
	if m == nil {
		return time.Time{}, false
	}
	t, err := time.Parse("2006-01-02", m[1])
	return t, err == nil
}

// names reads a list of people: a YAML list, or one string separated by
// commas.
func names(v any) []string {
	var raw []string
	switch v := v.(type) {
	case []any:
		for _, x := range v {
			raw = append(raw, fmt.Sprint(x))
		}
	case string:
		raw = strings.Split(v, ",")
	case nil:
	default:
		raw = []string{fmt.Sprint(v)}
	}
	var out []string
	for _, s := range raw {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

var (
	// "ADR-012: Title", "ADR 12 - Title", "[ADR-0012] Title", and, without
	// the ADR, only with punctuation: "12. Title", "12: Title" (not "3 options").
	adrTitleRE      = regexp.MustCompile(`(?i)^\[?(?:adr|decision)[-_ ]?#?\s*0*(\d{1,5})\]?\s*(?:[.:)\-–—]\s*|\s+)(\S.*)$`)
	numberedTitleRE = regexp.MustCompile(`^0*(\d{1,5})\s*[.:)]\s+(\S.*)$`)
	recordLabelRE   = regexp.MustCompile(`(?i)^(?:architecture\s+)?decision\s+record\s*:\s*`)
	headingRE       = regexp.MustCompile(`^(#{1,6})\s+(.*?)\s*#*\s*$`)
	fieldRE         = regexp.MustCompile(`^(?:[*+-]\s+)?(?:\*\*|__)?([A-Za-z][A-Za-z -]*?)(?:\*\*|__)?\s*:\s*(?:\*\*|__)?\s*(.*)$`)
	relationRE      = regexp.MustCompile(`(?i)^(superseded\s+by|superceded\s+by|replaced\s+by|supersedes|supercedes|replaces|amended\s+by|amends)\b\s*:?\s*(.*)$`)
	mdLinkRE        = regexp.MustCompile(`\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)`)
	refRE           = regexp.MustCompile(`(?i)\b(?:adr|decision)[-_ ]?#?\s*0*(\d{1,5})\b`)
	commentRE       = regexp.MustCompile(`<!--.*?-->`)
)

// body reads the title, the preamble's fields (MADR 2, Nygard's "Date:")
// and the Status section, skipping fenced code and HTML comments.
func (p *parser) body(src []byte, firstLine int) {
	lines := strings.Split(string(src), "\n")
	inFence, inComment := "", false
	section := "" // the current ## heading, lower case
	statusDone := p.rec.Status != "" || p.rec.StatusText != ""
	seenH1, seenH2 := false, false
	for i, raw := range lines {
		line := strings.TrimRight(raw, " \t\r")
		n := firstLine + i
		trim := strings.TrimSpace(line)
		if inFence != "" {
			if strings.HasPrefix(trim, inFence) {
				inFence = ""
			}
			continue
		}
		if strings.HasPrefix(trim, "```") || strings.HasPrefix(trim, "~~~") {
			inFence = trim[:3]
			continue
		}
		if inComment {
			if j := strings.Index(trim, "-->"); j >= 0 {
				inComment = false
				trim = strings.TrimSpace(trim[j+3:])
			} else {
				continue
			}
		}
		trim = strings.TrimSpace(commentRE.ReplaceAllString(trim, ""))
		if j := strings.Index(trim, "<!--"); j >= 0 {
			inComment = true
			trim = strings.TrimSpace(trim[:j])
		}
		if trim == "" {
			continue
		}
		if m := headingRE.FindStringSubmatch(trim); m != nil {
			level, text := len(m[1]), strings.TrimSpace(m[2])
			if level == 1 && !seenH1 {
				seenH1 = true
				p.title(text)
				continue
			}
			if level >= 2 {
				seenH2 = true
				section = strings.ToLower(strings.Trim(text, "*_: "))
				if (section == "decision outcome" || section == "considered options") && p.rec.Form == "" {
					p.rec.Form = MADR // MADR's sections, without metadata
				}
			}
			continue
		}
		switch {
		case !seenH2:
			// The preamble: "Date: 2016-02-12" (adr-tools), "* Status: x",
			// "* Deciders: a, b", "* Date: x" (MADR 2, log4brains).
			m := fieldRE.FindStringSubmatch(trim)
			if m == nil {
				continue
			}
			key, val := strings.ToLower(strings.TrimSpace(m[1])), strings.TrimSpace(m[2])
			bullet := strings.HasPrefix(trim, "*") && !strings.HasPrefix(trim, "**") || strings.HasPrefix(trim, "-") || strings.HasPrefix(trim, "+")
			switch key {
			case "status":
				if !statusDone {
					p.status(val, n)
					statusDone = true
					if bullet && p.rec.Form == "" {
						p.rec.Form = MADR2
					}
				}
			case "date":
				if p.rec.Date == nil {
					if t, ok := parseDate(val); ok {
						p.rec.Date, p.rec.DateFrom = &t, "text"
					} else {
						p.warn(n, "date %q is not a date such as 2024-03-05; the record is listed without a date", val)
					}
				}
			case "deciders", "decision-makers", "decision makers":
				if len(p.rec.Deciders) == 0 {
					p.rec.Deciders = names(val)
				}
			}
		case section == "status":
			// Nygard: the first paragraph is the status; lines that link
			// records state relations.
			if m := relationRE.FindStringSubmatch(trim); m != nil {
				p.relation(m[1], m[2], n)
				if !statusDone && isSuperseding(m[1]) {
					p.rec.Status, p.rec.StatusText, p.rec.StatusLine = Superseded, trim, n
					statusDone = true
				}
				continue
			}
			if !statusDone {
				p.status(trim, n)
				statusDone = true
			}
		}
	}
}

func isSuperseding(kind string) bool {
	k := strings.ToLower(strings.Join(strings.Fields(kind), " "))
	return k == "superseded by" || k == "superceded by" || k == "replaced by"
}

// title reads the first level-1 heading: its number and the title.
func (p *parser) title(text string) {
	text = recordLabelRE.ReplaceAllString(strings.TrimSpace(text), "")
	m := adrTitleRE.FindStringSubmatch(text)
	if m == nil {
		m = numberedTitleRE.FindStringSubmatch(text)
	}
	if m != nil {
		if n, err := strconv.Atoi(m[1]); err == nil && p.rec.Number == 0 {
			p.rec.Number = n
		}
		text = m[2]
	}
	text = recordLabelRE.ReplaceAllString(strings.TrimSpace(text), "")
	if p.rec.Title == "" {
		p.rec.Title = plain(text)
	}
}

// plain drops Markdown emphasis and code marks from a heading or value.
func plain(s string) string {
	s = mdLinkRE.ReplaceAllString(s, "$1")
	return strings.TrimSpace(strings.NewReplacer("**", "", "__", "", "`", "").Replace(s))
}

// statusWords map what people write to METRICS.md's statuses.
var statusWords = map[string]string{
	"proposed": Proposed, "proposal": Proposed, "draft": Proposed, "pending": Proposed, "open": Proposed, "wip": Proposed,
	"review": Proposed, "reviewing": Proposed, "discussion": Proposed, "discussing": Proposed, "rfc": Proposed,
	"accepted": Accepted, "approved": Accepted, "adopted": Accepted, "decided": Accepted, "agreed": Accepted,
	"implemented": Accepted, "active": Accepted, "done": Accepted, "final": Accepted,
	"rejected": Rejected, "declined": Rejected, "refused": Rejected, "abandoned": Rejected,
	"deprecated": Deprecated, "obsolete": Deprecated, "retired": Deprecated, "withdrawn": Deprecated,
	"superseded": Superseded, "superceded": Superseded, "replaced": Superseded,
}

// status reads a status value: its first word says which status, and a
// "superseded by X" value states the relation too.
func (p *parser) status(val string, line int) {
	text := plain(val)
	p.rec.StatusText, p.rec.StatusLine = text, line
	low := strings.ToLower(text)
	if m := relationRE.FindStringSubmatch(strings.TrimSpace(val)); m != nil {
		p.relation(m[1], m[2], line)
		if isSuperseding(m[1]) {
			p.rec.Status = Superseded
			return
		}
	}
	for _, prefix := range []string{"in ", "under "} {
		low = strings.TrimPrefix(low, prefix)
	}
	word := strings.FieldsFunc(low, func(r rune) bool { return !(r >= 'a' && r <= 'z') })
	if len(word) > 0 {
		if s, ok := statusWords[word[0]]; ok {
			p.rec.Status = s
			return
		}
	}
	p.warn(line, "status %q is not one of proposed, accepted, rejected, deprecated, superseded; the record is listed under its own word", text)
}

// relation records links such as "Superseded by [2. X](0002-x.md)" or
// "superseded by ADR-0123".
func (p *parser) relation(kind, rest string, line int) {
	k := strings.ToLower(strings.Join(strings.Fields(kind), " "))
	switch k {
	case "superseded by", "superceded by", "replaced by":
		k = SupersededBy
	case "supersedes", "supercedes", "replaces":
		k = Supersedes
	case "amended by":
		k = AmendedBy
	case "amends":
		k = Amends
	}
	links := mdLinkRE.FindAllStringSubmatch(rest, -1)
	for _, m := range links {
		p.rec.Links = append(p.rec.Links, Link{Kind: k, Target: m[2], Text: plain(m[1]), Line: line})
	}
	if len(links) > 0 {
		return
	}
	for _, m := range refRE.FindAllStringSubmatch(rest, -1) {
		p.rec.Links = append(p.rec.Links, Link{Kind: k, Target: "ADR-" + m[1], Line: line})
	}
}

var (
	numberPrefixRE = regexp.MustCompile(`(?i)^(?:adr[-_ ]?)?0*(\d{1,5})(?:[-_ .]|$)`)
	dayPrefixRE    = regexp.MustCompile(`^(\d{4})-?(\d{2})-?(\d{2})(?:[-_ .]|$)`)
)

// fromFileName reads a number ("0012-x.md", "adr-012-x.md") or a date
// ("20200926-x.md", "2020-09-26-x.md") that the text did not give.
func (p *parser) fromFileName() {
	base := strings.TrimSuffix(p.rec.File, path.Ext(p.rec.File))
	if m := dayPrefixRE.FindStringSubmatch(base); m != nil {
		if t, err := time.Parse("20060102", m[1]+m[2]+m[3]); err == nil && t.Year() >= 1990 {
			if p.rec.Date == nil {
				p.rec.Date, p.rec.DateFrom = &t, "file name"
			}
			return
		}
	}
	if m := numberPrefixRE.FindStringSubmatch(base); m != nil && p.rec.Number == 0 {
		p.rec.Number, _ = strconv.Atoi(m[1])
	}
}

// titleFromFile: "0002-implement-as-shell-scripts.md" and
// "adr-002-implement-as-shell-scripts.md" -> "Implement as shell scripts".
func titleFromFile(name string) string {
	if len(name) > 4 && strings.EqualFold(name[:4], "adr-") {
		name = name[4:]
	}
	return content.TitleFromFileName(name)
}
