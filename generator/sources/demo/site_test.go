package demo

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vitals-dev/vitals/generator/sources/content"
	"github.com/vitals-dev/vitals/generator/sources/metricsrc"
	"github.com/vitals-dev/vitals/generator/sources/store"
)

func smallSite(seed uint64) SiteOptions {
	return SiteOptions{
		Options:      Options{Seed: seed, Repos: BenchRepos(3), Issues: 300, Releases: 7},
		Postmortems:  23,
		MetricPoints: 1000,
	}
}

// readTree maps every file under dir to its bytes.
func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestSiteIsTheSameBytesForTheSameSeedAndSize(t *testing.T) {
	a, b, c := t.TempDir(), t.TempDir(), t.TempDir()
	for _, x := range []struct {
		dir  string
		seed uint64
	}{{a, 5}, {b, 5}, {c, 6}} {
		if _, err := WriteSite(x.dir, smallSite(x.seed)); err != nil {
			t.Fatal(err)
		}
	}
	ta, tb, tc := readTree(t, a), readTree(t, b), readTree(t, c)
	if len(ta) != len(tb) {
		t.Fatalf("%d files, then %d", len(ta), len(tb))
	}
	for p, x := range ta {
		if !bytes.Equal(x, tb[p]) {
			t.Errorf("%s differs between two runs with one seed", p)
		}
	}
	same := 0
	for p, x := range ta {
		if bytes.Equal(x, tc[p]) {
			same++
		}
	}
	if same == len(ta) {
		t.Error("another seed gave the same files")
	}
	// Writing again over a generated site gives the same files again, and
	// leaves no file of the larger set behind.
	big := smallSite(5)
	big.Postmortems = 40
	if _, err := WriteSite(a, big); err != nil {
		t.Fatal(err)
	}
	if _, err := WriteSite(a, smallSite(5)); err != nil {
		t.Fatal(err)
	}
	if again := readTree(t, a); len(again) != len(tb) {
		t.Errorf("rewritten site has %d files, want %d", len(again), len(tb))
	}
}

func TestSiteHasTheCountsAskedFor(t *testing.T) {
	dir := t.TempDir()
	o := smallSite(1)
	c, err := WriteSite(dir, o)
	if err != nil {
		t.Fatal(err)
	}
	if c.Issues != 300 || c.Releases != 7 || c.Postmortems != 23 || c.MetricPoints != 1000 || c.MetricFiles != 5 || c.Repos != 3 {
		t.Errorf("counts %+v", c)
	}

	// The store: 300 issues and exactly 7 releases, shared 3/2/2 like the
	// issues (weights 1, 2/3, 1/2 of 13/6: 3.23, 2.15, 1.62 -> 3, 2, 1
	// and the largest remainder, 0.62, gets the seventh).
	s, err := store.Open(filepath.Join(dir, SiteStoreDir))
	if err != nil {
		t.Fatal(err)
	}
	issues := 0
	var rels []int
	for _, r := range o.Repos {
		rd := s.Repos[r]
		issues += len(rd.Issues)
		rels = append(rels, len(rd.Releases))
		for i := 1; i < len(rd.Releases); i++ {
			if !rd.Releases[i].CreatedAt.After(rd.Releases[i-1].CreatedAt.Add(-3600e9)) {
				t.Errorf("%s: release %s created before %s", r, rd.Releases[i].Tag, rd.Releases[i-1].Tag)
			}
		}
	}
	if issues != 300 || rels[0] != 3 || rels[1] != 2 || rels[2] != 2 {
		t.Errorf("store: %d issues, releases per repo %v; want 300 and [3 2 2]", issues, rels)
	}

	// Postmortems: 23 files, all read without errors, in the four styles
	// (index mod 20: 0-11 YAML, 12-14 TOML, 15-17 labelled, 18-19 text;
	// 23 files: 12+3 YAML, 3 TOML, 3 labelled, 2 text).
	pms, ds := content.LoadPostmortems(dir, content.NewRenderer(false))
	if ds.HasErrors() || len(pms) != 23 {
		t.Fatalf("%d postmortems, diagnostics %v", len(pms), ds)
	}
	styles := map[int]int{}
	for i := range 23 {
		styles[pmStyle(i)]++
	}
	if styles[pmYAML] != 15 || styles[pmTOML] != 3 || styles[pmLabelled] != 3 || styles[pmText] != 2 {
		t.Errorf("styles %v", styles)
	}
	fromText, linked := 0, 0
	for _, p := range pms {
		if p.Started == nil || p.Resolved == nil || p.Severity == "" {
			t.Errorf("%s: started %v, resolved %v, severity %q", p.Path, p.Started, p.Resolved, p.Severity)
		}
		if len(p.Inferred) > 0 {
			fromText++
		}
		if p.Release != "" {
			linked++
		}
	}
	if fromText != 5 {
		t.Errorf("%d postmortems read from the text, want the 5 labelled and text ones", fromText)
	}
	if linked == 0 {
		t.Error("no postmortem names a release")
	}

	// Metrics: 1000 points. Analytics has min(1000/16, days) = 62 rows of
	// five columns (310 points); the other eleven series share 690: 62
	// each and one more for the first eight.
	total := 0
	per := map[string]int{}
	for _, f := range []string{MetricsAnalytics, MetricsRequests, MetricsLatency, MetricsQueues, MetricsUptime} {
		name := strings.TrimSuffix(strings.TrimSuffix(f, ".csv"), ".json")
		ss, ds := metricsrc.LoadFile(metricsrc.Options{Name: name, Path: filepath.Join(dir, SiteMetricsDir, f)})
		if len(ds) > 0 {
			t.Errorf("%s: %v", f, ds)
		}
		for _, s := range ss {
			total += len(s.Points)
			per[s.Name] = len(s.Points)
		}
	}
	if total != 1000 || len(per) != 16 || per["analytics:Signups"] != 62 || per["uptime:app"] != 62 {
		t.Errorf("%d points in %d series: %v", total, len(per), per)
	}
}

func TestWriteSiteRefusesAFolderItDidNotWrite(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "site.toml"), []byte("title = \"mine\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := WriteSite(dir, smallSite(1)); err == nil || !strings.Contains(err.Error(), "did not write") {
		t.Errorf("err %v", err)
	}
	other := t.TempDir()
	os.WriteFile(filepath.Join(other, "notes.txt"), nil, 0o644)
	if _, err := WriteSite(other, smallSite(1)); err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Errorf("err %v", err)
	}
}
