package expdata

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/vitals-dev/vitals/generator/compute/experiments"
)

// writeUnits writes a per-unit file of rows rows over about units distinct
// units (unit i%units), two variants, an exposure time within March 2024,
// a revenue and a yes/no column; one row in 1,000 repeats the unit of 500
// rows before in the other variant (units in several variants, which the
// second pass takes back). Deterministic.
func writeUnits(b *testing.B, rows, units int) string {
	b.Helper()
	key := [2]int{rows, units}
	if p, ok := benchFiles[key]; ok {
		return p
	}
	if benchDir == "" && os.Getenv("EXPDATA_BENCH_DIR") != "" {
		benchDir, keepBench = os.Getenv("EXPDATA_BENCH_DIR"), true
	}
	if benchDir == "" {
		d, err := os.MkdirTemp("", "expdata-bench-")
		if err != nil {
			b.Fatal(err)
		}
		benchDir = d
	}
	p := filepath.Join(benchDir, fmt.Sprintf("units-%d-%d.csv", rows, units))
	benchFiles[key] = p
	if _, err := os.Stat(p); err == nil && keepBench {
		return p
	}
	f, err := os.Create(p)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	w.WriteString("user_id,variant,exposed_at,revenue,converted\n")
	start := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	var line []byte
	x := uint64(88172645463325252)
	for i := range rows {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		u := i % units
		v := u & 1
		if i%1000 == 999 {
			u = (i - 500) % units
			v = 1 - u&1
		}
		line = append(line[:0], 'u')
		line = strconv.AppendInt(line, int64(u), 10)
		line = append(line, []string{",control,", ",treatment,"}[v]...)
		at := start.Add(time.Duration(int64(i)*28*24*3600/int64(rows)) * time.Second)
		line = at.AppendFormat(line, "2006-01-02 15:04:05")
		line = append(line, ',')
		line = strconv.AppendFloat(line, float64(x%10000)/100, 'f', -1, 64)
		line = append(line, ',')
		line = append(line, "01"[x>>60&1])
		line = append(line, '\n')
		w.Write(line)
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	f.Close()
	return p
}

// The benchmark files, written once per process (10 million rows take a
// while) and removed when the benchmarks end; with EXPDATA_BENCH_DIR set,
// written there once and kept, for runs one after another (profiles).
var (
	benchDir   string
	keepBench  bool
	benchFiles = map[[2]int]string{}
)

func TestMain(m *testing.M) {
	code := m.Run()
	if benchDir != "" && !keepBench {
		os.RemoveAll(benchDir)
	}
	os.Exit(code)
}

// BenchmarkScanOnly splits every line of the 10-million-row file and does
// nothing else: the floor that reading it costs on this machine at this
// moment, to read BenchmarkReadAndAnalyze against (run both in one
// process; the machine is shared).
func BenchmarkScanOnly(b *testing.B) {
	p := writeUnits(b, 10_000_000, 10_000_000)
	cpu0 := cpuTime()
	b.ResetTimer()
	for range b.N {
		f, err := os.Open(p)
		if err != nil {
			b.Fatal(err)
		}
		s := newScanner(f)
		n := 0
		for {
			ok, err := s.Next()
			if err != nil {
				b.Fatal(err)
			}
			if !ok {
				break
			}
			n += len(s.fields)
		}
		f.Close()
		if n == 0 {
			b.Fatal("nothing read")
		}
	}
	b.StopTimer()
	b.ReportMetric((cpuTime()-cpu0).Seconds()/float64(b.N), "cpu-s/op")
}

// peakRSS is the process's peak resident set (VmHWM), in MiB; 0 where
// /proc is absent.
func peakRSS() float64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if f := strings.Fields(l); len(f) >= 2 && f[0] == "VmHWM:" {
			kb, _ := strconv.ParseFloat(f[1], 64)
			return kb / 1024
		}
	}
	return 0
}

// BenchmarkReadAndAnalyze reads a per-unit file and computes its figures
// (the cumulative effect by day included). Run one size per process to
// read its own peak RSS:
//
//	go test ./generator/sources/expdata -run XXX -bench 'ReadAndAnalyze/10M_rows_10M_units' -benchtime 1x
//
// and against the floor of reading the file at all, in one process:
//
//	go test ./generator/sources/expdata -run XXX -bench 'ScanOnly|ReadAndAnalyze/10M_rows_10M' -benchtime 3x
//
// Sizes: rows and distinct units. Memory is the unit table (units, not
// rows) and the per-variant, per-day sums.
func BenchmarkReadAndAnalyze(b *testing.B) {
	for _, c := range []struct {
		name        string
		rows, units int
	}{
		{"1M_rows_1M_units", 1_000_000, 1_000_000},
		{"10M_rows_1M_units", 10_000_000, 1_000_000},
		{"10M_rows_10M_units", 10_000_000, 10_000_000},
	} {
		b.Run(c.name, func(b *testing.B) {
			p := writeUnits(b, c.rows, c.units)
			runtime.GC()
			var before runtime.MemStats
			runtime.ReadMemStats(&before)
			cpu0 := cpuTime()
			b.ResetTimer()
			for range b.N {
				metrics := []string{"revenue", "converted"}
				acc := experiments.NewAcc(metrics)
				res, ds := ReadUnits(Spec{Path: p, Unit: "user_id", Variant: "variant", Exposure: "exposed_at", Metrics: metrics,
					Start: time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC)},
					func(u *Unit) {
						if u.Retract {
							acc.Remove(u.Variant, u.Exposure, u.Values, u.Has)
						} else {
							acc.Add(u.Variant, u.Exposure, u.Values, u.Has)
						}
					})
				if ds.HasErrors() || res.Counts.SeveralVariants == 0 {
					b.Fatal(ds, res.Counts)
				}
				r, err := experiments.Analyze(experiments.Design{Control: "control", Alpha: 0.05,
					Primary: experiments.Metric{Name: "revenue", Role: experiments.Primary}}, acc.Data(res.Variants))
				if err != nil || len(r.Cumulative) == 0 { // first exposures span 28 days when units = rows
					b.Fatal(err, len(r.Cumulative))
				}
			}
			b.StopTimer()
			b.ReportMetric((cpuTime()-cpu0).Seconds()/float64(b.N), "cpu-s/op")
			var after runtime.MemStats
			runtime.ReadMemStats(&after)
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(c.rows), "ns/row")
			b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(b.N)/(1<<20), "MiB-alloc/op")
			b.ReportMetric(peakRSS(), "peak-RSS-MiB")
		})
	}
}
