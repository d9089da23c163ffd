package expdata

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vitals-dev/vitals/generator/base/diag"
)

func write(t testing.TB, name, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

type got struct {
	line    int
	variant string
	values  string
}

func readAll(t testing.TB, spec Spec) (*Result, []got, diag.List) {
	t.Helper()
	var units []got
	var res *Result
	res, ds := ReadUnits(spec, func(u *Unit) {
		if u.Retract {
			for i, g := range units {
				if g.line == u.Line {
					units = append(units[:i], units[i+1:]...)
					return
				}
			}
			t.Fatalf("unit of line %d taken back but never handed over", u.Line)
		}
		var vs []string
		for j := range u.Values {
			if u.Has[j] {
				vs = append(vs, fmt.Sprint(u.Values[j]))
			} else {
				vs = append(vs, "-")
			}
		}
		units = append(units, got{u.Line, fmt.Sprint(u.Variant), strings.Join(vs, " ")})
	})
	if res != nil {
		for i := range units {
			var v int
			fmt.Sscan(units[i].variant, &v)
			units[i].variant = res.Variants[v]
		}
	}
	return res, units, ds
}

// Every exclusion of docs/metrics.md, in its order, each counted.
const dirty = `user,arm,exposed_at,revenue,converted
u1,control,2024-03-01 10:00:00,10,true
u2,treatment,2024-03-01T11:00:00Z,12,yes
u3,control,2024-02-28 10:00:00,5,1
u4,treatment,2024-03-15 00:00:00,7,no
u5,control,2024-03-02 10:00:00,8,FALSE
u5,control,2024-03-03 10:00:00,100,true
u6,control,2024-03-02 10:00:00,9,0
u6,treatment,2024-03-02 12:00:00,9,0
u7,treatment,2024-03-02 10:00:00,,1
u8,treatment,2024-03-02 10:00:00,12abc,1
u9,treatment,2024-03-02 10:00:00,3
u10,control,,4,1
u11,treatment,2024-03-10 00:00:00,6,true
"u12",treatment,2024-03-05 10:00:00,"1,5",NA
u3,treatment,2024-03-02 10:00:00,11,1
u5,control,2024-03-04 10:00:00,1,1
u13,holdout,2024-03-02 10:00:00,1,1
,control,2024-03-02 10:00:00,1,1

u14,control,2024-03-09 23:59:59,2.5,t
`

// dirtyFile is dirty and 26 clean rows after it, 13 per variant: 4 rows
// skipped of 45 is under the tenth that may be.
func dirtyFile() string {
	var b strings.Builder
	b.WriteString(dirty)
	for i := range 26 {
		fmt.Fprintf(&b, "c%d,%s,2024-03-04 08:00:00,%d,%d\n", i, [2]string{"control", "treatment"}[i%2], i, i%2)
	}
	return b.String()
}

func dirtySpec(t testing.TB) Spec {
	return Spec{Path: write(t, "units.csv", dirtyFile()), Name: "content/experiments/units.csv",
		Unit: "user", Variant: "arm", Exposure: "exposed_at", Metrics: []string{"revenue", "converted"},
		Variants: []string{"control", "treatment"},
		Start:    day("2024-03-01"), End: day("2024-03-15"), AsOf: day("2024-03-10")}
}

func TestReadUnitsExcludesInOrderAndCountsEach(t *testing.T) {
	res, units, ds := readAll(t, dirtySpec(t))
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	want := []got{
		{2, "control", "10 1"},
		{3, "treatment", "12 1"},
		{6, "control", "8 0"},     // u5's first row; lines 7 and 18 are repeats
		{10, "treatment", "- 1"},  // empty revenue: out of revenue only
		{11, "treatment", "- 1"},  // unreadable revenue: the same, with a warning
		{15, "treatment", "- -"},  // quoted id; "1,5" is not a number; NA is empty
		{16, "treatment", "11 1"}, // u3's control row was before start: not in two variants
		{21, "control", "2.5 1"},  // after a blank line
	}
	if len(units) != 8+26 || fmt.Sprint(units[:8]) != fmt.Sprint(want) {
		t.Errorf("units\n got %v\nwant %v", units, want)
	}
	c := res.Counts
	wantC := Counts{Rows: 19 + 26, BadRows: 4, OutsideWindow: 2, AfterAsOf: 1,
		SeveralVariants: 1, SeveralVariantsRows: 2, RepeatedUnits: 1, RepeatedRows: 2, Units: 8 + 26,
		Empty: []int64{1, 1}, BadValues: []int64{2, 0}}
	if fmt.Sprint(c) != fmt.Sprint(wantC) {
		t.Errorf("counts\n got %+v\nwant %+v", c, wantC)
	}
	if sum := c.BadRows + c.OutsideWindow + c.AfterAsOf + c.SeveralVariantsRows + c.RepeatedRows + c.Units; sum != c.Rows {
		t.Errorf("rows %d, but the exclusions and units add up to %d", c.Rows, sum)
	}
	if fmt.Sprint(res.Variants, res.Units) != "[control treatment] [16 18]" {
		t.Errorf("variants %v units %v", res.Variants, res.Units)
	}
	// Skipped rows and unreadable values are warnings at their lines.
	var lines []string
	for _, d := range ds {
		lines = append(lines, fmt.Sprintf("%d %s", d.Line, d.Msg))
	}
	for _, w := range []string{
		"11 revenue: \"12abc\" is not a number",
		"12 the row has 4 fields but the header has 5; the row is skipped",
		"13 no exposure time in column \"exposed_at\"; the row is skipped",
		"15 revenue: \"1,5\" is not a number",
		"18 variant \"holdout\" is not one of the experiment's weights (\"control\", \"treatment\"); the row is skipped",
		"19 no unit id in column \"user\"; the row is skipped",
	} {
		if !strings.Contains(strings.Join(lines, "\n"), w) {
			t.Errorf("no warning %q in\n%s", w, strings.Join(lines, "\n"))
		}
	}
	for _, d := range ds {
		if d.Path != "content/experiments/units.csv" || d.Severity != diag.Warning {
			t.Errorf("diagnostic %v: want a warning naming the file", d)
		}
	}
}

func TestReadUnitsWithoutWeightsFindsTheVariantsAsTheyCome(t *testing.T) {
	p := write(t, "u.csv", "unit,variant,x\na,10,1\nb,2,2\nc,control,3\nd,10,1\n")
	res, units, ds := readAll(t, Spec{Path: p, Unit: "unit", Variant: "variant", Metrics: []string{"x"}})
	if len(ds) > 0 {
		t.Fatal(ds)
	}
	if fmt.Sprint(res.Variants, res.Units) != "[10 2 control] [2 1 1]" {
		t.Errorf("variants %v units %v", res.Variants, res.Units)
	}
	if units[0].variant != "10" || units[1].variant != "2" || units[3].variant != "10" {
		t.Errorf("units %v", units)
	}
}

// The fast-food file's shape: every store in four rows (weeks) of one
// promotion; "counts once (its first row)" keeps week 1.
func TestReadUnitsKeepsTheFirstRowOfARepeatedUnit(t *testing.T) {
	var b strings.Builder
	b.WriteString("LocationID,Promotion,week,Sales\n")
	for w := 1; w <= 4; w++ {
		for loc := 1; loc <= 3; loc++ {
			fmt.Fprintf(&b, "%d,%d,%d,%d\n", loc, loc%2+1, w, 10*loc+w)
		}
	}
	res, units, _ := readAll(t, Spec{Path: write(t, "f.csv", b.String()), Unit: "LocationID", Variant: "Promotion", Metrics: []string{"Sales"}})
	if fmt.Sprint(units) != "[{2 2 11} {3 1 21} {4 2 31}]" {
		t.Errorf("units %v, want week 1 of each store", units)
	}
	if c := res.Counts; c.RepeatedUnits != 3 || c.RepeatedRows != 9 || c.Units != 3 {
		t.Errorf("counts %+v", c)
	}
}

func TestReadUnitsErrors(t *testing.T) {
	for _, c := range []struct {
		name, text string
		spec       func(*Spec)
		want       string
	}{
		{"no file", "", func(s *Spec) { s.Path = filepath.Join(t.TempDir(), "nope.csv") }, "no such file"},
		{"empty file", "", nil, "no header row"},
		{"a column missing, with the closest", "user,arms,revenue\n", nil, `variant column: no column "arm" in the header ("user", "arms", "revenue"); did you mean "arms"?`},
		{"two columns of one name", "user,arm,revenue,revenue\n", nil, `"revenue" is the name of columns 3 and 4`},
		{"mostly unreadable", "user,arm,revenue\na,control,1\nb;treatment;2\nc;control;3\n", nil, "2 of 3 rows (66.7%) could not be read"},
		{"too many variants", "user,arm,revenue\n" + manyVariants(70), func(s *Spec) { s.Variants = nil }, "more than 63 values"},
	} {
		p := write(t, "x.csv", c.text)
		spec := Spec{Path: p, Name: "x.csv", Unit: "user", Variant: "arm", Metrics: []string{"revenue"}, Variants: []string{"control", "treatment"}}
		if c.spec != nil {
			c.spec(&spec)
		}
		_, ds := ReadUnits(spec, func(*Unit) {})
		if !ds.HasErrors() || !strings.Contains(ds.Error(), c.want) {
			t.Errorf("%s: %v, want an error with %q", c.name, ds, c.want)
		}
	}
}

func manyVariants(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "u%d,v%d,1\n", i, i)
	}
	return b.String()
}

func TestReadUnitsCapsRowMessages(t *testing.T) {
	var b strings.Builder
	b.WriteString("user,arm,revenue\n")
	for i := range 1000 {
		fmt.Fprintf(&b, "u%d,control,1\n", i)
	}
	for i := range 80 {
		fmt.Fprintf(&b, "x%d,control\n", i)
	}
	_, ds := ReadUnits(Spec{Path: write(t, "x.csv", b.String()), Unit: "user", Variant: "arm", Metrics: []string{"revenue"}}, func(*Unit) {})
	if len(ds) != maxRowDiags+1 || ds.HasErrors() {
		t.Errorf("%d diagnostics (errors %v), want %d warnings and one saying there are more", len(ds), ds.HasErrors(), maxRowDiags+1)
	}
}

func TestParseValue(t *testing.T) {
	for in, want := range map[string]string{
		"12": "12 0", "-3.25": "-3.25 0", "+.5": "0.5 0", "1e3": "1000 0", "0.1": "0.1 0",
		"TRUE": "1 0", "yes": "1 0", "F": "0 0", "No": "0 0",
		"": "0 1", " ": "0 1", "NA": "0 1", "n/a": "0 1", "null": "0 1", "NaN": "0 1", "#N/A": "0 1",
		"Inf": "0 2", "12abc": "0 2", "1,5": "0 2", "-": "0 2", ".": "0 2", "$3": "0 2",
	} {
		x, st := parseValue([]byte(in))
		if g := fmt.Sprintf("%v %d", x, st); g != want {
			t.Errorf("parseValue(%q) = %s, want %s", in, g, want)
		}
	}
}
