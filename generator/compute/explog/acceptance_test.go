package explog

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/vitals-dev/vitals/generator/compute/experiments"
	"github.com/vitals-dev/vitals/generator/internal/testkit/fixture"
	"github.com/vitals-dev/vitals/generator/sources/expdata"
	"github.com/vitals-dev/vitals/generator/sources/expdoc"
)

// The shared real experiments (../shared/data/experiments): every figure of
// their expected files. Tolerance: 1e-9 relative (1e-15 absolute near 0).
// The expected figures come from an independent float64 reading; the
// sums of squares in the ASOS files run to 1e11 over millions of units, so
// two readings' rounding may differ in the last digits (the worst seen is
// 4e-13), and 1e-9 still tells apart any real difference in a formula (a
// variance with n instead of n - 1 moves the figures by 1e-7 at ten
// million units, the smallest ASOS experiment has a million).
const relTol = 1e-9

var asOf = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

// load reads one experiment the way a build does: its document, then its
// data (streamed into the accumulator for a per-unit file).
func load(t *testing.T, id, doc string) Input {
	t.Helper()
	d, ds := expdoc.Parse("content/experiments/"+id+".md", []byte(doc), id)
	if len(ds) > 0 || d == nil {
		t.Fatalf("%s: %v", id, ds)
	}
	acc := experiments.NewAcc(d.MetricNames())
	data, ds := d.Read("/", asOf, func(u *expdata.Unit) {
		if u.Retract {
			acc.Remove(u.Variant, u.Exposure, u.Values, u.Has)
		} else {
			acc.Add(u.Variant, u.Exposure, u.Values, u.Has)
		}
	})
	if ds.HasErrors() {
		t.Fatalf("%s: %v", id, ds)
	}
	in := Input{Doc: d}
	if data.Units != nil {
		in.Data, in.Counts = acc.Data(data.Units.Variants), &data.Units.Counts
	} else {
		in.Data = FromSummary(data.Variants, d.MetricNames())
	}
	return in
}

func readCSV(t *testing.T, b []byte) [][]string {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

// compare checks every expected cell: text equal, numbers within relTol.
func compare(t *testing.T, got, want [][]string) (worst float64) {
	t.Helper()
	key := func(r []string) string { return r[0] + "|" + r[1] + "|" + r[2] }
	byKey := map[string][]string{}
	for _, r := range got[1:] {
		byKey[key(r)] = r
	}
	if strings.Join(got[0], ",") != strings.Join(want[0], ",") {
		t.Fatalf("header %v, want %v", got[0], want[0])
	}
	if len(got) != len(want) {
		t.Errorf("%d rows, want %d", len(got)-1, len(want)-1)
	}
	for _, w := range want[1:] {
		g, ok := byKey[key(w)]
		if !ok {
			t.Errorf("no row %s", key(w))
			continue
		}
		for i := range w {
			wf, werr := strconv.ParseFloat(w[i], 64)
			gf, gerr := strconv.ParseFloat(g[i], 64)
			if werr != nil || gerr != nil || w[i] == "" {
				if g[i] != w[i] {
					t.Errorf("%s %s = %q, want %q", key(w), want[0][i], g[i], w[i])
				}
				continue
			}
			d := math.Abs(gf - wf)
			rel := d / math.Max(math.Abs(wf), 1e-300)
			if d > 1e-15 && rel > relTol {
				t.Errorf("%s %s = %s, want %s (relative error %.2g)", key(w), want[0][i], g[i], w[i], rel)
			}
			if d > 1e-15 {
				worst = math.Max(worst, rel)
			}
		}
	}
	return worst
}

func TestAcceptanceASOSPerVariantSummaries(t *testing.T) {
	dir := fixture.SharedData(t, "experiments", "asos")
	files, _ := filepath.Glob(filepath.Join(dir, "per-variant", "*.csv"))
	sort.Strings(files)
	var ins []Input
	for _, f := range files {
		id := "asos-" + strings.TrimSuffix(filepath.Base(f), ".csv")
		header, _ := expdata.Header(f)
		var metrics []string
		for _, h := range header {
			if m, ok := strings.CutSuffix(h, "_sum"); ok && m != "m1" {
				metrics = append(metrics, m)
			}
		}
		ins = append(ins, load(t, id, fmt.Sprintf("---\ndata: %s\nformat: variants\nprimary: m1:up\nmetrics: [%s]\nstart: 2020-01-01\nend: 2020-02-01\n---\n",
			f, strings.Join(metrics, ", "))))
	}
	log, worst := buildAndCompare(t, ins, filepath.Join(dir, "expected.csv"))
	verdicts := map[experiments.Verdict]int{}
	for _, e := range log.Experiments {
		verdicts[e.Verdict]++
	}
	t.Logf("%d experiments, verdicts %v; worst relative difference %.2g", len(log.Experiments), verdicts, worst)
}

func TestAcceptanceFastFoodPromotions(t *testing.T) {
	dir := fixture.SharedData(t, "experiments", "fastfood-promotions")
	in := load(t, "fastfood-promotions", fmt.Sprintf("---\ndata: %s\nunit: LocationID\nvariant: Promotion\ncontrol: \"1\"\nprimary: SalesInThousands:up\nstart: 2020-01-01\nend: 2020-02-01\n---\n",
		filepath.Join(dir, "WA_Marketing-Campaign.csv")))
	log, worst := buildAndCompare(t, []Input{in}, filepath.Join(dir, "fastfood-promotions.expected.csv"))
	// The expected log's counts.
	c := in.Counts
	got := fmt.Sprintf("rows %d, several %d (rows %d), repeated units %d (rows %d), counted %d",
		c.Rows, c.SeveralVariants, c.SeveralVariantsRows, c.RepeatedUnits, c.RepeatedRows, c.Units)
	if got != "rows 548, several 0 (rows 0), repeated units 137 (rows 411), counted 137" {
		t.Errorf("counts: %s", got)
	}
	r := log.Experiments[0].Result
	if !near(r.SRM.Chi2, 0.23357664233576642) || !near(r.ZStar, 2.2414027276049455) ||
		r.Treatments[0].Verdict != experiments.Lost || r.Treatments[1].Verdict != experiments.Inconclusive {
		t.Errorf("chi2 %v z* %v treatments %+v", r.SRM.Chi2, r.ZStar, r.Treatments)
	}
	// The expected log's minimum detectable effects, to its 6 digits.
	for i, want := range []float64{10.2099, 11.3327} {
		if got := r.Metrics[0].Effects[i].MDE; math.Abs(got-want) > 5e-5 {
			t.Errorf("MDE of treatment %d = %v, want %v", i, got, want)
		}
	}
	t.Logf("worst relative difference %.2g", worst)
}

// buildAndCompare computes the experiments, writes experiments.csv and
// compares it with the expected file; it returns the log and the worst
// relative difference.
func buildAndCompare(t *testing.T, ins []Input, expected string) (*Log, float64) {
	t.Helper()
	log, ds := Build(ins, asOf)
	if len(ds) > 0 {
		t.Fatal(ds)
	}
	var buf bytes.Buffer
	if err := WriteCSV(&buf, log); err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(expected)
	if err != nil {
		t.Fatal(err)
	}
	return log, compare(t, readCSV(t, buf.Bytes()), readCSV(t, want))
}

func near(a, b float64) bool { return math.Abs(a-b) <= relTol*math.Abs(b) }
