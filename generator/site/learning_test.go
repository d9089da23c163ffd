package site

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Decision records in a repository's docs/adr, outside the site's folder
// ([decisions] dir = "../docs/adr"): read, given pages, and named in
// decisions.csv by a path relative to the site, never this machine's.
func TestDecisionRecordsOutsideTheSite(t *testing.T) {
	root := t.TempDir()
	site := filepath.Join(root, "health")
	writeFile(t, filepath.Join(site, "site.toml"), "title = \"x\"\n\n[decisions]\ndir = \"../docs/adr\"\n")
	writeFile(t, filepath.Join(root, "docs/adr/0001-use-adrs.md"), "# 1. Use ADRs\n\nDate: 2024-01-02\n\n## Status\n\nSuperseded by [2. Use MADR](0002-use-madr.md)\n")
	writeFile(t, filepath.Join(root, "docs/adr/0002-use-madr.md"), "---\nstatus: accepted\ndate: 2024-03-04\n---\n# Use MADR\n")
	writeFile(t, filepath.Join(root, "docs/adr/README.md"), "# Decisions\n")
	dest := filepath.Join(t.TempDir(), "public")
	mustBuild(t, site, Options{Dest: dest})
	csv, err := os.ReadFile(filepath.Join(dest, "data/decisions.csv"))
	if err != nil {
		t.Fatal(err)
	}
	want := "id,title,status,date,superseded_by,path\r\n" +
		"0001-use-adrs,Use ADRs,superseded,2024-01-02,0002-use-madr,../docs/adr/0001-use-adrs.md\r\n" +
		"0002-use-madr,Use MADR,accepted,2024-03-04,,../docs/adr/0002-use-madr.md\r\n"
	if string(csv) != want {
		t.Errorf("decisions.csv:\n%s\nwant\n%s", csv, want)
	}
	page, err := os.ReadFile(filepath.Join(dest, "decisions/0001-use-adrs/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	// The record's link to the other record points at its page.
	if !strings.Contains(string(page), `href="../../decisions/0002-use-madr/index.html"`) || strings.Contains(string(page), root) {
		t.Errorf("page 0001: want a link to 0002's page and no absolute path")
	}
}

// A postmortem that names a risk no pre-mortem has is a warning at its
// file, and the risk it meant is not marked happened.
func TestAPostmortemNamingAnUnknownRiskIsAWarning(t *testing.T) {
	site := t.TempDir()
	writeFile(t, filepath.Join(site, "site.toml"), "title = \"x\"\n")
	writeFile(t, filepath.Join(site, "content/premortems/2025-01-01-x.md"), "---\ntitle: X\n---\n\n## Risks\n\n- Queue backs up {#queue}\n")
	writeFile(t, filepath.Join(site, "content/postmortems/2025-02-01-y.md"), "---\ntitle: Y\nstarted: 2025-02-01T10:00:00Z\nresolved: 2025-02-01T12:00:00Z\npremortem: 2025-01-01-x\nrisk: queu\n---\n\nText.\n")
	res := mustBuild(t, site, Options{})
	var got []string
	for _, w := range res.Warnings {
		got = append(got, w.String())
	}
	want := `content/postmortems/2025-02-01-y.md: warning: risk "queu" names no risk of the pre-mortems it could be in`
	if !strings.Contains(strings.Join(got, "\n"), want) {
		t.Errorf("warnings:\n%s\nwant %s", strings.Join(got, "\n"), want)
	}
	if page := readOut(t, site, "premortems/2025-01-01-x/index.html"); !strings.Contains(page, `risk-state risk-not-yet`) {
		t.Errorf("the risk is not 'not yet'")
	}
}
