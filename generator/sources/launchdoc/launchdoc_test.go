package launchdoc

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/vitals-dev/vitals/generator/base/model"
)

var opts = Options{
	SLOs:  []string{"API availability", "API uptime", "Signups"},
	KPIs:  []string{"Signups", "New visitors"},
	Repos: []string{"lumenhq/lumen-api", "lumenhq/lumen-app"},
	Experiment: func(id string) bool {
		return id == "onboarding-checklist"
	},
}

func TestParseReadsEveryKey(t *testing.T) {
	src := `---
title: "Sync v2: faster edits"
flag: sync-v2
stages:
  - at: 2025-06-02 09:00
    cohort: staff
  - at: "2025-06-05T09:00:00+02:00"
    percent: 5
  - at: 2025-06-12 06:00
    percent: "25%"
  - at: 2025-06-13 18:00
    percent: 0
guardrails: ["api availability", "kpi:Signups", "New visitors"]
canary: variant="canary"
releases: ["lumenhq/lumen-api@v1.9.0", {repo: lumenhq/lumen-app, tag: v4.1.0}]
experiment: onboarding-checklist
---
# Ignored heading

Body.
`
	l, ds := Parse("content/launches/2025-06-02-sync-v2.md", []byte(src), opts)
	if len(ds) > 0 {
		t.Fatal(ds)
	}
	at := func(s string) time.Time { t, _ := time.Parse(time.RFC3339, s); return t }
	want := model.Launch{
		ID: "2025-06-02-sync-v2", Title: "Sync v2: faster edits", Flag: "sync-v2",
		Stages: []model.Stage{
			{At: at("2025-06-02T09:00:00Z"), Cohort: "staff", Line: 5},
			{At: at("2025-06-05T07:00:00Z"), Percent: 5, HasPercent: true, Line: 7},
			{At: at("2025-06-12T06:00:00Z"), Percent: 25, HasPercent: true, Line: 9},
			{At: at("2025-06-13T18:00:00Z"), Percent: 0, HasPercent: true, Line: 11},
		},
		Guardrails: []model.Guardrail{{Name: "API availability"}, {Name: "Signups", KPI: true}, {Name: "New visitors", KPI: true}},
		Canary:     &model.Term{Label: "variant", Value: "canary"},
		Releases:   []model.ReleaseRef{{Repo: "lumenhq/lumen-api", Tag: "v1.9.0"}, {Repo: "lumenhq/lumen-app", Tag: "v4.1.0"}},
		Experiment: "onboarding-checklist",
		Path:       "content/launches/2025-06-02-sync-v2.md",
	}
	if got, w := describeLaunch(l), describeLaunch(want); got != w {
		t.Errorf("got\n%s\nwant\n%s", got, w)
	}
}

func describeLaunch(l model.Launch) string {
	var b strings.Builder
	b.WriteString(l.ID + "|" + l.Title + "|" + l.Flag + "|" + l.Experiment + "|" + l.Path + "\n")
	for _, s := range l.Stages {
		b.WriteString(s.At.Format(time.RFC3339) + " " + s.Label() + " line " + strconv.Itoa(s.Line) + "\n")
	}
	for _, g := range l.Guardrails {
		b.WriteString("guard " + g.Name)
		if g.KPI {
			b.WriteString(" (kpi)")
		}
		b.WriteString("\n")
	}
	if l.DefaultGuardrails {
		b.WriteString("default guardrails\n")
	}
	if l.Canary != nil {
		b.WriteString("canary " + l.Canary.Label + "=" + l.Canary.Value + "\n")
	}
	for _, r := range l.Releases {
		b.WriteString("release " + r.Repo + "@" + r.Tag + "\n")
	}
	return b.String()
}

func TestParseTOMLAndDefaults(t *testing.T) {
	src := `+++
flag = "dark-mode"
[[stages]]
at = 2025-01-06T10:00:00Z
percent = 50
[[stages]]
at = 2025-01-08 10:00:00
percent = 100
+++
# Dark mode
`
	l, ds := Parse("content/launches/dark-mode.md", []byte(src), Options{Repos: []string{"o/r"}})
	if len(ds) > 0 {
		t.Fatal(ds)
	}
	if l.Title != "Dark mode" || !l.DefaultGuardrails || len(l.Guardrails) != 0 || len(l.Stages) != 2 || l.Stages[1].Percent != 100 ||
		!l.Stages[1].At.Equal(time.Date(2025, 1, 8, 10, 0, 0, 0, time.UTC)) {
		t.Errorf("got %+v", l)
	}
	// guardrails: [] is none, not the default.
	l, ds = Parse("content/launches/x.md", []byte("---\nflag: x\nguardrails: []\nstages: [{at: 2025-01-01, percent: 1}]\nreleases: [v1.0.0]\n---\n"), Options{Repos: []string{"o/r"}})
	if len(ds) > 0 || l.DefaultGuardrails || len(l.Guardrails) != 0 || l.Title != "x" {
		t.Errorf("guardrails: [] gave %+v %v", l, ds)
	}
	if len(l.Releases) != 1 || l.Releases[0] != (model.ReleaseRef{Repo: "o/r", Tag: "v1.0.0"}) {
		t.Errorf("a bare tag with one repo: %+v", l.Releases)
	}
}

// Every problem is reported at the line (and column) of the key or value
// that has it, all in one pass.
func TestParseErrorsAtTheirLines(t *testing.T) {
	src := `---
title: x
flag: ""
stages:
  - at: 2025-06-02 09:00
    percent: 120
  - at: 2025-06-01 09:00
    percent: 5
  - at: yesterday
    percent: 5
  - at: 2025-07-01
  - percent: 5
guardrails: ["API availabilty", "Signups", "kpi:Nope"]
canary: canary
releases: ["other/repo@v1", "lumenhq/lumen-api"]
experiment: no-such-test
stagse: []
---
`
	_, ds := Parse("content/launches/x.md", []byte(src), opts)
	got := ds.Error()
	for _, want := range []string{
		`content/launches/x.md:3:1: flag: the feature flag's key is missing`,
		`content/launches/x.md:6:14: stages[0].percent: 120 is not a percent from 0 to 100`,
		`content/launches/x.md:7:9: stages[1].at: 2025-06-01 09:00 UTC is not after the stage before (2025-06-02 09:00 UTC)`,
		`content/launches/x.md:9:9: stages[2].at: "yesterday" is not a date`,
		`content/launches/x.md:11:5: stages[3]: say who sees the flag from then on`,
		`content/launches/x.md:12:5: stages[4].at: the stage's time is missing`,
		`content/launches/x.md:13:14: guardrails[0]: "API availabilty" is not an SLO or KPI of site.toml (did you mean "API availability"?)`,
		`content/launches/x.md:13:33: guardrails[1]: "Signups" is the name of an SLO and of a KPI: write "slo:Signups" or "kpi:Signups"`,
		`content/launches/x.md:13:44: guardrails[2]: "Nope" is not a [[kpi]] of site.toml`,
		`content/launches/x.md:14:9: canary: "canary" is not label=value`,
		`content/launches/x.md:15:12: releases[0]: repo "other/repo" is not one of [github] repos`,
		`content/launches/x.md:15:29: releases[1]: "lumenhq/lumen-api" names no repository`,
		`content/launches/x.md:16:13: experiment: no experiment "no-such-test"`,
		`content/launches/x.md:17:1: warning: unknown launch key "stagse" is not read (did you mean "stages"?)`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in\n%s", want, got)
		}
	}
}

func TestParseRejectsAFileNameThatIsNoID(t *testing.T) {
	_, ds := Parse("content/launches/Sync V2.md", []byte("---\nflag: x\nstages: [{at: 2025-01-01, percent: 1}]\n---\n"), Options{})
	if !strings.Contains(ds.Error(), `"Sync V2" is not one; use lowercase letters, digits and '-', such as sync-v2.md`) {
		t.Errorf("got %v", ds)
	}
	_, ds = Parse("content/launches/x.md", []byte("Just text.\n"), Options{})
	if !strings.Contains(ds.Error(), "content/launches/x.md:1:1: a launch starts with front matter") {
		t.Errorf("no front matter: %v", ds)
	}
}

// The document `vitals new launch` writes loads as it is, with a first
// stage at the given time, every SLO as guardrail, and a Risks section.
func TestNewLaunchLoadsWithoutProblems(t *testing.T) {
	at := time.Date(2025, 6, 2, 9, 30, 0, 0, time.UTC)
	rel, body := New(`Sync v2: "faster" <edits> # now`, at)
	if rel != "content/launches/2025-06-02-sync-v2-faster-edits-now.md" {
		t.Errorf("path %s", rel)
	}
	dir := t.TempDir()
	p := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, body, 0o644); err != nil {
		t.Fatal(err)
	}
	ls, ds := Load(dir, Options{})
	if len(ds) > 0 || len(ls) != 1 {
		t.Fatalf("%d launches, %v\n%s", len(ls), ds, body)
	}
	l := ls[0]
	if l.Title != `Sync v2: "faster" <edits> # now` || l.Flag != "sync-v2-faster-edits-now" || !l.DefaultGuardrails ||
		len(l.Stages) != 1 || !l.Stages[0].At.Equal(at) || l.Stages[0].Percent != 1 {
		t.Errorf("got %+v", l)
	}
	if !strings.Contains(string(body), "\n## Risks\n") {
		t.Error("no Risks section for the pre-mortem")
	}
}

func TestLoadSkipsTemplatesAndIndexesAndSortsByID(t *testing.T) {
	dir := t.TempDir()
	ld := filepath.Join(dir, "content", "launches")
	if err := os.MkdirAll(filepath.Join(ld, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	doc := "---\nflag: f\nstages: [{at: 2025-01-01, percent: 1}]\n---\n"
	for _, n := range []string{"b.md", "a.md", "README.md", "_template.md", "index.md", "notes.txt", "sub/c.md"} {
		if err := os.WriteFile(filepath.Join(ld, filepath.FromSlash(n)), []byte(doc), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ls, ds := Load(dir, Options{})
	if len(ds) > 0 || len(ls) != 2 || ls[0].ID != "a" || ls[1].ID != "b" {
		t.Errorf("got %+v %v", ls, ds)
	}
	if ls, ds := Load(t.TempDir(), Options{}); ls != nil || ds != nil {
		t.Errorf("no folder: %v %v", ls, ds)
	}
}

// FuzzParse: any document parses without panicking, and every problem
// names the file and a line within it (or none).
func FuzzParse(f *testing.F) {
	_, doc := New("Seed launch", time.Date(2025, 1, 1, 9, 0, 0, 0, time.UTC))
	f.Add(doc)
	f.Add([]byte("+++\nflag = \"x\"\n[[stages]]\nat = 2025-01-01T00:00:00Z\npercent = 5\n+++\n"))
	f.Add([]byte("---\nflag: x\nstages: [{at: 2025-01-01, percent: \"25%\"}, {at: 2024-01-01, cohort: [1]}]\nguardrails: {a: b}\nreleases: [{repo: 1}]\ncanary: '='\n---\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		_, ds := Parse("content/launches/x.md", src, opts)
		lines := 1 + strings.Count(string(src), "\n")
		for _, d := range ds {
			if d.Path != "content/launches/x.md" || d.Line < 0 || d.Line > lines+1 {
				t.Errorf("diagnostic %v outside the file of %d lines", d, lines)
			}
		}
	})
}
