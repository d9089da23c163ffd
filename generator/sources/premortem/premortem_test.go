package premortem

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vitals-dev/vitals/generator/sources/content"
)

func risksOf(t *testing.T, body string) ([]Risk, []string) {
	t.Helper()
	rs, ds := Risks("x.md", []byte(body), 1)
	var msgs []string
	for _, d := range ds {
		msgs = append(msgs, d.String())
	}
	return rs, msgs
}

func row(r Risk) string {
	return strings.Join([]string{r.ID, r.Title, r.Likelihood, r.Impact, r.Mitigation}, " | ")
}

// The forms a risk is written in: fields inline after its sentence, as
// nested items, in bold; an id given or made from the first six words.
// Only the items under the risks heading count, up to the next heading of
// its level.
func TestRisksAsListItems(t *testing.T) {
	body := `# Pre-mortem: the launch

- Not a risk: this list is above the heading.

## How this could fail

- The import queue backs up under a large customer's first sync. Likelihood: medium. Impact: high. Mitigation: none planned; we load-tested at 10%.
- Tokens expire mid-import {#token-expiry}
  - Likelihood: low
  - **Impact:** medium
  - Mitigation: refresh tokens before each batch
- id: locale-dates. Dates in the CSV are read in the wrong locale. Impact: low.
- Support cannot see import errors

### Detail under the risks

- Still a risk, under a sub-heading. Mitigation: n/a

## Rollout

- Not a risk either.
`
	rs, msgs := risksOf(t, body)
	want := []string{
		"the-import-queue-backs-up-under | The import queue backs up under a large customer's first sync | medium | high | none planned; we load-tested at 10%",
		"token-expiry | Tokens expire mid-import | low | medium | refresh tokens before each batch",
		"locale-dates | Dates in the CSV are read in the wrong locale |  | low | ",
		"support-cannot-see-import-errors | Support cannot see import errors |  |  | ",
		"still-a-risk-under-a-sub-heading | Still a risk, under a sub-heading |  |  | n/a",
	}
	var got []string
	for _, r := range rs {
		got = append(got, row(r))
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("risks:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(msgs) != 0 {
		t.Errorf("messages %v", msgs)
	}
	mitigated := []bool{false, true, false, false, false}
	for i, r := range rs {
		if r.Mitigated() != mitigated[i] {
			t.Errorf("%s: mitigated %v, want %v", r.ID, r.Mitigated(), mitigated[i])
		}
	}
	if rs[0].Line != 7 || rs[1].Line != 8 || rs[4].Line != 17 {
		t.Errorf("lines %d %d %d, want 7 8 17", rs[0].Line, rs[1].Line, rs[4].Line)
	}
}

func TestRisksAsATableAndDuplicateIds(t *testing.T) {
	body := "## Risks\n\n| Risk | Likelihood | Impact | Mitigation |\n| --- | --- | --- | --- |\n" +
		"| Cache stampede at midnight | High | High | Jittered expiry |\n| Cache stampede at midnight | Low | Low | none |\n\n" +
		"| What could fail | Id |\n| --- | --- |\n| DNS change lags | dns |\n"
	rs, msgs := risksOf(t, body)
	var got []string
	for _, r := range rs {
		got = append(got, row(r))
	}
	want := []string{
		"cache-stampede-at-midnight | Cache stampede at midnight | High | High | Jittered expiry",
		"cache-stampede-at-midnight-2 | Cache stampede at midnight | Low | Low | none",
		"dns | DNS change lags |  |  | ",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("risks:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(msgs) != 1 || !strings.Contains(msgs[0], `x.md:6: warning: risk id "cache-stampede-at-midnight" is also that of the risk at line 5`) {
		t.Errorf("messages %v", msgs)
	}
}

func TestPremortemDocumentsAreLoadedWithTheirLaunch(t *testing.T) {
	site := t.TempDir()
	files := map[string]string{
		"content/premortems/2025-02-01-bulk-import.md": "---\ntitle: Bulk import\nlaunch: 2025-03-01-bulk-import\ndate: 2025-02-01\nowner: me\n---\n\n## What could go wrong\n\n- Queue backs up. Likelihood: high.\n",
		"content/premortems/empty.md":                  "# Nothing yet\n\nWe will think about it.\n",
		"content/premortems/README.md":                 "# Pre-mortems\n",
		"content/premortems/_template.md":              "## Risks\n\n- x\n",
	}
	for p, s := range files {
		fp := filepath.Join(site, filepath.FromSlash(p))
		os.MkdirAll(filepath.Dir(fp), 0o755)
		os.WriteFile(fp, []byte(s), 0o644)
	}
	pms, ds := Load(site, content.NewRenderer(false))
	if len(pms) != 2 || pms[0].ID != "2025-02-01-bulk-import" || pms[0].Launch != "2025-03-01-bulk-import" || pms[0].Title != "Bulk import" ||
		pms[0].Date == nil || len(pms[0].Risks) != 1 || pms[0].Risks[0].Line != 10 || pms[1].Title != "Nothing yet" {
		t.Fatalf("pre-mortems %+v", pms)
	}
	var msgs []string
	for _, d := range ds {
		msgs = append(msgs, d.String())
	}
	want := []string{
		`content/premortems/2025-02-01-bulk-import.md:5:1: warning: unknown key "owner" (a pre-mortem reads title, launch, date)`,
		`content/premortems/empty.md:1: warning: no risks found: list them under a heading such as "## Risks" or "## How this could fail"`,
	}
	if strings.Join(msgs, "\n") != strings.Join(want, "\n") {
		t.Errorf("messages:\n%s\nwant\n%s", strings.Join(msgs, "\n"), strings.Join(want, "\n"))
	}
}

func TestALaunchDocumentsRisksSection(t *testing.T) {
	src := "---\ntitle: x\nflag: f\n---\n\n# Dark mode\n\n## Risks\n\n- Contrast fails for charts. Mitigation: audit.\n"
	pm, ds := FromLaunch("2025-01-01-dark", "Dark mode", "content/launches/2025-01-01-dark.md", []byte(src))
	if pm == nil || len(ds) != 0 || !pm.FromLaunch || pm.Launch != "2025-01-01-dark" || len(pm.Risks) != 1 || pm.Risks[0].Line != 10 || !pm.Risks[0].Mitigated() {
		t.Fatalf("%+v %v", pm, ds)
	}
	if pm, _ := FromLaunch("a", "A", "a.md", []byte("# A\n\nNo risks section.\n")); pm != nil {
		t.Errorf("a launch without risks has a pre-mortem: %+v", pm)
	}
}

// The written skeleton loads with no error and warns until a risk is
// written; a risk written as it explains is read with its id.
func TestNewPremortemLoadsAndExplainsTheRiskForm(t *testing.T) {
	rel, body := New(`Bulk "import": v2 <beta>`, mustDay("2025-02-03"))
	if rel != "content/premortems/2025-02-03-bulk-import-v2-beta.md" {
		t.Errorf("path %s", rel)
	}
	pm, ds := Parse(rel, body, content.NewRenderer(false))
	if pm == nil || pm.Title != `Bulk "import": v2 <beta>` || pm.Date == nil || ds.HasErrors() || len(ds) != 1 || !strings.Contains(ds[0].Msg, "no risks found") {
		t.Fatalf("%+v %v", pm, ds)
	}
	filled := strings.Replace(string(body), "## Risks\n", "## Risks\n\n- Batched writes exhaust the pool. Likelihood: medium. Mitigation: load test. {#pool-exhaustion}\n", 1)
	pm, ds = Parse(rel, []byte(filled), content.NewRenderer(false))
	if len(ds) != 0 || len(pm.Risks) != 1 || pm.Risks[0].ID != "pool-exhaustion" || !pm.Risks[0].Mitigated() {
		t.Errorf("%+v %v", pm.Risks, ds)
	}
}

func mustDay(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

// A pre-mortem's page shows its risks as a table of their states: the
// body it renders is the text around the risks' section, not the section.
func TestTheBodyLeavesOutTheRisksSection(t *testing.T) {
	src := "---\ntitle: X\n---\n# Pre-mortem: X\n\nBefore.\n\n## Risks\n\n- Queue backs up.\n\n## After\n\nWatch it.\n"
	pm, _ := Parse("content/premortems/x.md", []byte(src), content.NewRenderer(false))
	body := string(pm.Body)
	if len(pm.Risks) != 1 || strings.Contains(body, "Queue backs up") || !strings.Contains(body, "Before.") || !strings.Contains(body, "Watch it.") {
		t.Errorf("risks %d, body:\n%s", len(pm.Risks), body)
	}
}

// Bold around a key is markup; a value that starts with "__" keeps it.
func TestBoldKeysAndValuesThatStartWithUnderscores(t *testing.T) {
	rs, _ := risksOf(t, "## Risks\n\n- Cache misses. **Impact:** high. Mitigation: `__init__` warms it.\n")
	if len(rs) != 1 || rs[0].Impact != "high" || rs[0].Mitigation != "__init__ warms it" {
		t.Errorf("%+v", rs)
	}
}

// A pre-mortem asked for without a title is an untitled pre-mortem (it
// said "Untitled launch", copied from the launch document's writer).
func TestNewWithoutATitleIsAnUntitledPremortem(t *testing.T) {
	rel, body := New("  ", mustDay("2025-02-03"))
	if !strings.Contains(string(body), `title: "Untitled pre-mortem"`) || !strings.Contains(rel, "2025-02-03-untitled-pre-mortem") {
		t.Errorf("path %s, document:\n%s", rel, body)
	}
}
