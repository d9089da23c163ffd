package hostile

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"net/url"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/vitals-dev/vitals/generator/internal/testkit/fixture"
	"github.com/vitals-dev/vitals/generator/internal/testkit/hostile"
	"github.com/vitals-dev/vitals/generator/render/chart"
	"github.com/vitals-dev/vitals/generator/render/stepsummary"
	"github.com/vitals-dev/vitals/generator/site"
)

func buildResult(t *testing.T) (map[string][]byte, *site.Result) {
	t.Helper()
	src := hostile.WriteSite(t)
	dest := filepath.Join(t.TempDir(), "public")
	res, err := site.Build(context.Background(), site.Options{Source: src, Dest: dest})
	if err != nil {
		t.Fatalf("build of the hostile site: %v", err)
	}
	t.Logf("built %d pages, %d charts, %d files", res.Pages, res.Charts, res.Files)
	files := fixture.ReadTree(t, dest)
	return files, res
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// safeName is what an output path may be made of: nothing from data may
// name a file but through a slug.
var safeName = regexp.MustCompile(`^[a-zA-Z0-9][a-zA-Z0-9._-]*(/[a-zA-Z0-9][a-zA-Z0-9._-]*)*$`)

// TestHostileBuildKeepsDataInert builds the hostile site and checks every
// file it wrote: HTML holds no markup, script, event handler or script URL
// from data and every chart option parses and stays inert; CSV cells that a
// spreadsheet would run carry a leading '; JSON and XML parse; file names
// are slugs.
func TestHostileBuildKeepsDataInert(t *testing.T) {
	files, res := buildResult(t)
	for _, pr := range checkStepSummary(res.StepSummary) {
		t.Errorf("step summary: %s", pr)
	}
	var nHTML, nCSV, nJSON, nOptions int
	for _, name := range sortedKeys(files) {
		b := files[name]
		if name == ".vitals-build" {
			continue
		}
		if !safeName.MatchString(name) {
			t.Errorf("%s: output path is not a slug path", name)
		}
		switch ext := filepath.Ext(name); ext {
		case ".html":
			nHTML++
			p, err := scanHTML(string(b))
			if err != nil {
				t.Errorf("%s: %v", name, err)
				continue
			}
			root := strings.Repeat("../", strings.Count(name, "/"))
			for _, pr := range checkElems(p, root) {
				t.Errorf("%s: %s", name, pr)
			}
			var canonical, ogURL string
			for _, e := range p.Elems {
				if _, ok := e.attr("data-option"); ok {
					nOptions++
				}
				if rel, _ := e.attr("rel"); e.Name == "link" && rel == "canonical" {
					canonical, _ = e.attr("href")
				}
				if prop, _ := e.attr("property"); e.Name == "meta" && prop == "og:url" {
					ogURL, _ = e.attr("content")
				}
			}
			// base_url is set: every page names its URL, the same in both
			// places and URL-encoded.
			if canonical == "" || canonical != ogURL || !isEncodedURL(canonical) {
				t.Errorf("%s: canonical link %q and og:url %q: want one URL-encoded URL", name, canonical, ogURL)
			}
		case ".csv":
			nCSV++
			for _, pr := range checkCSV(b) {
				t.Errorf("%s: %s", name, pr)
			}
		case ".json":
			nJSON++
			if !json.Valid(b) {
				t.Errorf("%s: not valid JSON", name)
			}
		case ".xml":
			var sm struct {
				URLs []struct {
					Loc string `xml:"loc"`
				} `xml:"url"`
			}
			if err := xml.Unmarshal(b, &sm); err != nil {
				t.Errorf("%s: not XML: %v", name, err)
			}
			for _, u := range sm.URLs {
				if !isEncodedURL(u.Loc) {
					t.Errorf("%s: <loc> %q is not a URL-encoded URL", name, u.Loc)
				}
				if dec, err := url.PathUnescape(u.Loc); err != nil || !strings.HasPrefix(dec, hostile.BaseURL) {
					t.Errorf("%s: <loc> %q does not read back as base_url + path", name, u.Loc)
				}
			}
			if len(sm.URLs) == 0 {
				t.Errorf("%s: no <url>", name)
			}
		case ".js", ".css", ".svg", ".txt", "":
			// theme and ECharts files, the build marker: not from data
			if ext == ".svg" && name != "assets/favicon.svg" {
				t.Errorf("%s: an SVG that is not the theme's icon", name)
			}
		default:
			t.Errorf("%s: unexpected kind of output file", name)
		}
	}
	// The scan is only as good as what it saw.
	if nHTML < 15 || nCSV < 4 || nJSON < 1 || nOptions < 40 {
		t.Errorf("scanned %d pages, %d CSV, %d JSON files and %d chart options; the hostile site should make at least 15, 4, 1 and 40", nHTML, nCSV, nJSON, nOptions)
	}
}

// isEncodedURL says whether u holds only what a URL may carry as it is:
// no space, control character, quote, angle bracket or non-ASCII byte.
func isEncodedURL(u string) bool {
	for i := 0; i < len(u); i++ {
		c := u[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte("\"<>\\^`{|}", c) >= 0 {
			return false
		}
	}
	return true
}

// checkStepSummary lists what would make the GitHub step summary (Markdown)
// run or mislead: raw '<' or '>' (HTML), control characters, link or image
// syntax, and table rows whose cell count differs from their header's (an
// unescaped '|' from data).
func checkStepSummary(md string) []string {
	var probs []string
	if md == "" {
		return []string{"empty"}
	}
	if strings.ContainsAny(md, "<>") {
		probs = append(probs, "raw '<' or '>'")
	}
	for _, bad := range []string{"](", "![", "]:"} {
		if i := strings.Index(md, bad); i >= 0 && (i == 0 || md[i-1] != '\\') {
			probs = append(probs, "link syntax "+strconv.Quote(bad))
		}
	}
	if r, bad := unprintable(strings.ReplaceAll(md, "\n", "")); bad {
		probs = append(probs, "control character "+strconv.QuoteRune(r))
	}
	cells := func(line string) int {
		n := 0
		for i := 0; i < len(line); i++ {
			if line[i] == '\\' {
				i++
				continue
			}
			if line[i] == '|' {
				n++
			}
		}
		return n
	}
	want := -1
	for _, line := range strings.Split(md, "\n") {
		if !strings.HasPrefix(line, "|") {
			want = -1
			continue
		}
		if want < 0 {
			want = cells(line)
			continue
		}
		if got := cells(line); got != want {
			probs = append(probs, "row of "+strconv.Itoa(got-1)+" cells under a header of "+strconv.Itoa(want-1)+": "+strconv.Quote(line))
		}
	}
	return probs
}

// checkCSV reads a download as RFC 4180 and lists text cells that a
// spreadsheet would run as a formula: their first character that is not
// blank, as it is or NFKC-normalised (the full-width ＝ is =), is = + - or
// @, and they are not a plain number (docs/metrics.md, Downloads). It is
// written apart from csvout's guard, so that it can catch that guard.
func checkCSV(b []byte) []string {
	r := csv.NewReader(bytes.NewReader(b))
	r.FieldsPerRecord = 0
	rows, err := r.ReadAll()
	if err != nil {
		return []string{"not RFC 4180 CSV: " + err.Error()}
	}
	var probs []string
	for i, row := range rows {
		for j, c := range row {
			if formulaCell(c) {
				probs = append(probs, "row "+strconv.Itoa(i+1)+" column "+strconv.Itoa(j+1)+": formula cell "+strconv.Quote(c))
			}
		}
	}
	return probs
}

var plainNumber = regexp.MustCompile(`^[+-]?[0-9]*\.?[0-9]+([eE][+-]?[0-9]+)?$`)

func formulaCell(c string) bool {
	if plainNumber.MatchString(c) {
		return false
	}
	for _, s := range []string{c, norm.NFKC.String(c)} {
		if t := strings.TrimLeftFunc(s, unicode.IsSpace); t != "" && strings.ContainsRune("=+-@", []rune(t)[0]) {
			return true
		}
	}
	return false
}

// readBack is a cell as a CSV reader gets it from encoding/csv's writer
// with CRLF line ends: a lone CR is dropped.
func readBack(c string) string { return strings.ReplaceAll(c, "\r", "") }

// csvCells reads every cell of a download.
func csvCells(t *testing.T, b []byte) map[string]bool {
	t.Helper()
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, row := range rows {
		for _, c := range row {
			out[c] = true
		}
	}
	return out
}

// shown is how html/template shows a text: NUL becomes U+FFFD.
func shown(s string) string { return strings.ReplaceAll(s, "\x00", "\uFFFD") }

// TestHostilePayloadsShowAsText proves the scan above looked at the
// payloads: each shows, decoded, as the very text that was written, where a
// reader expects it, and the chart options carry the hostile names inert.
func TestHostilePayloadsShowAsText(t *testing.T) {
	files, res := buildResult(t)
	for _, s := range []string{hostile.SiteTitle, hostile.SLOName, hostile.KPIName, hostile.KPI2Name} {
		if !strings.Contains(res.StepSummary, stepsummary.Cell(s)) {
			t.Errorf("step summary does not hold %q escaped as %q:\n%s", s, stepsummary.Cell(s), res.StepSummary)
		}
	}
	pages := map[string]*page{}
	for _, name := range sortedKeys(files) {
		if strings.HasSuffix(name, ".html") {
			p, err := scanHTML(string(files[name]))
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			pages[name] = p
		}
	}
	get := func(name string) *page {
		t.Helper()
		p := pages[name]
		if p == nil {
			t.Fatalf("no page %s; pages: %v", name, sortedKeys(pages))
		}
		return p
	}
	wantText := func(name, what, s string) {
		t.Helper()
		if !strings.Contains(get(name).Text, shown(s)) {
			t.Errorf("%s: %s %q is not shown as text", name, what, s)
		}
	}

	for name, p := range pages {
		if !strings.Contains(p.Title, hostile.SiteTitle) {
			t.Errorf("%s: <title> %q does not hold the site title as text", name, p.Title)
		}
	}
	wantText("index.html", "site title in the header", hostile.SiteTitle)
	// content/_index.md: its heading's raw <script> is omitted (raw HTML in
	// Markdown), its dropped autolink keeps its text.
	wantText("index.html", "content/_index.md heading", "Home ")
	wantText("index.html", "content/_index.md autolink text", "javascript:alert(1)")
	// Markdown images: the raster data: image is kept, script and SVG ones
	// lose their source (the scan allows the first kind only).
	var srcs []string
	for _, e := range get("index.html").Elems {
		if src, ok := e.attr("src"); ok && e.Name == "img" {
			srcs = append(srcs, src)
		}
	}
	if got := strings.Join(srcs, " "); !strings.Contains(got, hostile.PNGDataURL) || strings.Contains(got, "svg+xml") || strings.Contains(got, "javascript") {
		t.Errorf("index.html: image sources %q: want the PNG data URL kept and the script ones dropped", srcs)
	}

	// Every payload is an old open bug of its repo: the issues page lists
	// its title, its label and (in the link text) nothing of its URL.
	for i, pl := range hostile.Corpus {
		name := "issues/" + hostile.RepoOf(i) + "/index.html"
		wantText(name, pl.Name+" issue title", pl.Text)
		wantText("releases/index.html", pl.Name+" release name", pl.Text+" release")
	}
	wantText("postmortems/index.html", "postmortem title", hostile.PMTitle)
	wantText("postmortems/index.html", "postmortem title", hostile.PM2Title)
	pm := "postmortems/2025-03-01-hostile/index.html"
	for what, s := range map[string]string{"owner": hostile.PMOwner, "action item": hostile.PMAction, "severity": hostile.PMSeverity,
		"status": hostile.PMStatus, "service": hostile.PMService, "tag": hostile.PMTag, "second owner": hostile.Corpus[18].Text} {
		wantText(pm, what, s)
	}
	// The action item's issue has a javascript: html_url: shown, not linked.
	wantText(pm, "action item issue", hostile.Repos[0]+"#1")
	lp := "launches/" + hostile.LaunchID + "/index.html"
	for what, s := range map[string]string{"title": hostile.LaunchTitle, "flag": hostile.LaunchFlag, "cohort": hostile.LaunchCohort,
		"guardrail SLO": hostile.SLOName, "guardrail KPI": hostile.KPIName, "release tag": hostile.Corpus[0].Text} {
		wantText(lp, "launch "+what, s)
	}
	wantText("launches/index.html", "launch title", hostile.LaunchTitle)
	wantText("index.html", "launch on the dashboard", hostile.LaunchTitle)
	exp := "experiments/hostile/index.html"
	for what, s := range map[string]string{"title": hostile.ExpTitle, "hypothesis": hostile.ExpHypothesis, "variant": hostile.ExpVariant,
		"metric": hostile.ExpMetric, "guardrail": hostile.ExpGuardrail} {
		wantText(exp, "experiment "+what, s)
	}
	for what, s := range map[string]string{"title": hostile.ExpTitle, "hypothesis": hostile.ExpHypothesis, "flag": "shipped, but the verdict is"} {
		wantText("experiments/index.html", "experiments log "+what, s)
	}
	wantText("reviews/2025-Q1/index.html", "review's experiment", hostile.ExpTitle)
	wantText("slo/index.html", "SLO name", hostile.SLOName)
	wantText("slo/index.html", "SLO description", hostile.SLODescription)
	wantText("kpis/index.html", "KPI name", hostile.KPIName)
	wantText("kpis/index.html", "KPI unit", hostile.KPIUnit)
	wantText("kpis/index.html", "KPI name", hostile.KPI2Name)
	for _, s := range hostile.Stages {
		wantText("kpis/index.html", "funnel stage", s)
	}

	// Chart options: the KPI charts are series named by the KPIs, the
	// funnel's categories are the stages; "__f__" is broken, all else kept.
	names := map[string]bool{}
	cats := map[string]bool{}
	for _, e := range get("kpis/index.html").Elems {
		v, ok := e.attr("data-option")
		if !ok {
			continue
		}
		var opt struct {
			Series []struct {
				Name string `json:"name"`
			} `json:"series"`
			XAxis []struct {
				Data []string `json:"data"`
			} `json:"xAxis"`
		}
		if err := json.Unmarshal([]byte(v), &opt); err != nil {
			t.Fatalf("kpis: option: %v", err)
		}
		for _, s := range opt.Series {
			names[s.Name] = true
		}
		for _, x := range opt.XAxis {
			for _, d := range x.Data {
				cats[d] = true
			}
		}
	}
	for _, want := range []string{hostile.KPIName, chart.Inert(hostile.KPI2Name)} {
		if !names[want] {
			t.Errorf("kpis: no chart series named %q; series: %v", want, sortedKeys(names))
		}
	}
	if chart.Inert(hostile.KPI2Name) == hostile.KPI2Name {
		t.Errorf("chart.Inert left %q as it was", hostile.KPI2Name)
	}
	for _, s := range hostile.Stages {
		if !cats[chart.Inert(s)] {
			t.Errorf("kpis: funnel category %q missing; categories: %v", chart.Inert(s), sortedKeys(cats))
		}
	}

	// Feature requests: every open bug is one (its labels include "bug");
	// the most-wanted page lists each title, the per-label table names the
	// hostile feedback label.
	for _, pl := range hostile.Corpus {
		wantText("feedback/index.html", pl.Name+" request title", pl.Text)
	}
	wantText("feedback/index.html", "feedback label", hostile.FeedbackLabel)
	// Decision records and the pre-mortem: titles, status, deciders, the
	// risk and its fields, and the postmortem that names the risk.
	wantText("decisions/index.html", "decision title", hostile.DecisionTitle)
	wantText("decisions/index.html", "decision title", hostile.Decision2Title)
	wantText("decisions/0001-hostile/index.html", "its own status line", hostile.DecisionStatus)
	wantText("decisions/0001-hostile/index.html", "the postmortem that names it", hostile.PMTitle)
	wantText("decisions/0002-hostile/index.html", "decider", hostile.DecisionDecider)
	wantText("premortems/index.html", "pre-mortem title", hostile.PremortemTitle)
	prem := "premortems/2025-02-01-hostile/index.html"
	for what, s := range map[string]string{"risk": hostile.RiskText, "likelihood": hostile.RiskLikelihood,
		"mitigation": hostile.RiskMitigation, "second risk": hostile.Corpus[7].Text, "the postmortem it happened in": hostile.PMTitle} {
		wantText(prem, what, s)
	}

	// Downloads: formula payloads are there, neutralised.
	if dc := csvCells(t, files["data/decisions.csv"]); !dc["'"+hostile.Decision2Title] {
		t.Errorf("decisions.csv: no cell %q", "'"+hostile.Decision2Title)
	}
	fb := csvCells(t, files["data/feedback.csv"])
	for _, pl := range hostile.Corpus {
		if c := pl.Text; strings.ContainsRune("=+-@", rune(c[0])) {
			if _, err := strconv.ParseFloat(c, 64); err != nil && !fb["'"+c] {
				t.Errorf("feedback.csv: title %s is not the cell %q", pl.Name, "'"+c)
			}
		}
	}
	rel := csvCells(t, files["data/releases.csv"])
	for _, pl := range hostile.Corpus {
		c := pl.Text
		if formulaCell(c) {
			c = "'" + c
		}
		if c = readBack(c); !rel[c] {
			t.Errorf("releases.csv: tag %s is not the cell %q", pl.Name, c)
		}
	}
	// Every download that carries text from data holds its hostile cell
	// neutralised (issues-monthly.csv carries only configured repository
	// names, which are owner/name).
	for file, cells := range map[string][]string{
		"data/postmortems.csv": {hostile.PM2Title, hostile.PM2Severity},
		"data/slo.csv":         {hostile.SLO2Name},
		"data/launches.csv":    {hostile.SLO2Name},
		"data/areas.csv":       {hostile.AreaName, hostile.TeamName},
	} {
		got := csvCells(t, files[file])
		for _, c := range cells {
			if want := readBack("'" + c); !got[want] {
				t.Errorf("%s: no cell %q", file, want)
			}
		}
	}
	if lc := csvCells(t, files["data/launches.csv"]); !lc["'"+hostile.LaunchFlag] || !lc[hostile.SLOName] || !lc[hostile.KPIName] {
		t.Errorf("launches.csv: no cell %q, or no guardrail %q and %q", "'"+hostile.LaunchFlag, hostile.SLOName, hostile.KPIName)
	}
	var summary struct {
		Repos map[string]json.RawMessage `json:"repos"`
	}
	if err := json.Unmarshal(files["data/summary.json"], &summary); err != nil {
		t.Fatal(err)
	}
	for _, r := range append([]string{"all"}, hostile.Repos...) {
		if _, ok := summary.Repos[r]; !ok {
			t.Errorf("summary.json: no repo %q", r)
		}
	}
}
