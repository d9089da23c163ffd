package expdata

import (
	"encoding/csv"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// naive applies docs/metrics.md's rules holding every row in memory: the
// reference the streaming reader must agree with.
func naive(t *testing.T, path string, spec Spec) (units map[string]int64, sums map[string]float64, c Counts) {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		unit, variant string
		x             string
	}
	var kept []row
	for _, r := range recs[1:] {
		c.Rows++
		at, _ := time.Parse("2006-01-02 15:04:05", r[2])
		if at.Before(spec.Start) || !at.Before(spec.End) {
			c.OutsideWindow++
			continue
		}
		if !at.Before(spec.AsOf) {
			c.AfterAsOf++
			continue
		}
		kept = append(kept, row{r[0], r[1], r[3]})
	}
	variantsOf := map[string]map[string]bool{}
	for _, r := range kept {
		if variantsOf[r.unit] == nil {
			variantsOf[r.unit] = map[string]bool{}
		}
		variantsOf[r.unit][r.variant] = true
	}
	units, sums = map[string]int64{}, map[string]float64{}
	seen := map[string]int{}
	for u, vs := range variantsOf {
		if len(vs) > 1 {
			c.SeveralVariants++
			_ = u
		}
	}
	for _, r := range kept {
		if len(variantsOf[r.unit]) > 1 {
			c.SeveralVariantsRows++
			continue
		}
		seen[r.unit]++
		if seen[r.unit] > 1 {
			c.RepeatedRows++
			if seen[r.unit] == 2 {
				c.RepeatedUnits++
			}
			continue
		}
		c.Units++
		units[r.variant]++
		if r.x == "" {
			continue
		}
		var x float64
		fmt.Sscan(r.x, &x)
		sums[r.variant] += x
	}
	return units, sums, c
}

// Random files with units repeated, in several variants and outside the
// window: the streaming reader's counts and sums are the naive reader's.
func TestReadUnitsAgreesWithANaiveReader(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	start, end, asOf := day("2024-01-10"), day("2024-01-20"), day("2024-01-18")
	for trial := range 30 {
		var b strings.Builder
		b.WriteString("unit,variant,at,x\n")
		n := 50 + rng.IntN(3000)
		pool := 1 + rng.IntN(n)
		for range n {
			u := rng.IntN(pool)
			v := []string{"a", "b", "c"}[rng.IntN(3)]
			if rng.IntN(4) > 0 { // most units stick to one variant
				v = []string{"a", "b", "c"}[u%3]
			}
			at := day("2024-01-08").Add(time.Duration(rng.IntN(14*24*60)) * time.Minute)
			x := fmt.Sprint(rng.IntN(100))
			if rng.IntN(10) == 0 {
				x = ""
			}
			fmt.Fprintf(&b, "\"u %d\",%s,%s,%s\n", u, v, at.Format("2006-01-02 15:04:05"), x)
		}
		p := filepath.Join(t.TempDir(), "r.csv")
		os.WriteFile(p, []byte(b.String()), 0o644)
		spec := Spec{Path: p, Unit: "unit", Variant: "variant", Exposure: "at", Metrics: []string{"x"}, Start: start, End: end, AsOf: asOf}
		sums := map[int]float64{}
		res, ds := ReadUnits(spec, func(u *Unit) {
			switch {
			case !u.Has[0]:
			case u.Retract:
				sums[u.Variant] -= u.Values[0]
			default:
				sums[u.Variant] += u.Values[0]
			}
		})
		if ds.HasErrors() {
			t.Fatal(ds)
		}
		wantUnits, wantSums, wc := naive(t, p, spec)
		c := res.Counts
		c.Empty, c.BadValues = nil, nil
		if fmt.Sprint(c) != fmt.Sprint(wc) {
			t.Fatalf("trial %d counts\n got %+v\nwant %+v", trial, c, wc)
		}
		for i, v := range res.Variants {
			if res.Units[i] != wantUnits[v] || sums[i] != wantSums[v] {
				t.Fatalf("trial %d variant %s: units %d sum %v, want %d %v", trial, v, res.Units[i], sums[i], wantUnits[v], wantSums[v])
			}
		}
	}
}

// FuzzReadUnits: any file reads without panicking, every row is accounted
// for once, units are handed over once each in file order, and every
// message names the file and a line within it.
func FuzzReadUnits(f *testing.F) {
	f.Add([]byte(dirty))
	f.Add([]byte("unit,variant,at,x\n\"a\nb\",control,2024-03-02,1\n\"\"\"q\",t,2024-03-02,yes\n"))
	f.Add([]byte("\ufeffunit,variant,at,x\r\na,control,1709300000,1\r\na,t,2024-03-02,NaN\r\n"))
	f.Add([]byte("unit,variant,at,x\n\"open,control,2024-03-02,1\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p := filepath.Join(t.TempDir(), "f.csv")
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		lines := strings.Count(string(data), "\n") + 1
		spec := Spec{Path: p, Name: "f.csv", Unit: "unit", Variant: "variant", Exposure: "at", Metrics: []string{"x"},
			Start: day("2024-03-01"), End: day("2024-04-01"), AsOf: day("2024-03-20")}
		var handed int64
		last, lastBack := 0, 0
		out := map[int]bool{} // lines handed over and not taken back
		res, ds := ReadUnits(spec, func(u *Unit) {
			if u.Retract {
				// taken back in file order, only what was handed over
				if !out[u.Line] || u.Line <= lastBack {
					t.Fatalf("line %d taken back (handed over %v, after %d)", u.Line, out[u.Line], lastBack)
				}
				delete(out, u.Line)
				handed--
				lastBack = u.Line
				return
			}
			handed++
			if u.Line <= last || u.Line > lines {
				t.Fatalf("unit at line %d after %d (file of %d lines)", u.Line, last, lines)
			}
			out[u.Line] = true
			last = u.Line
		})
		for _, d := range ds {
			if d.Path != "f.csv" || d.Line > lines || d.Line < 0 {
				t.Fatalf("diagnostic %v outside the file's %d lines", d, lines)
			}
		}
		if ds.HasErrors() {
			return
		}
		c := res.Counts
		if sum := c.BadRows + c.OutsideWindow + c.AfterAsOf + c.SeveralVariantsRows + c.RepeatedRows + c.Units; sum != c.Rows || handed != c.Units {
			t.Fatalf("rows %d, accounted %d, handed %d of %d units", c.Rows, sum, handed, c.Units)
		}
		var perVariant int64
		for _, n := range res.Units {
			perVariant += n
		}
		if perVariant != c.Units || len(res.Units) != len(res.Variants) {
			t.Fatalf("units per variant %v add to %d, want %d", res.Units, perVariant, c.Units)
		}
	})
}
