package metricsrc

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// writeWide5M writes a wide CSV of 1,000,000 rows of 5-minute data with 5
// series: 5,000,000 points (about 52 MB).
func writeWide5M(b *testing.B) string {
	p := filepath.Join(b.TempDir(), "wide5m.csv")
	f, err := os.Create(p)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	w.WriteString("timestamp,requests,errors,latency_p50,latency_p99,saturation\n")
	t := time.Date(2017, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < 1_000_000; i++ {
		fmt.Fprintf(w, "%s,%d,%d,%.1f,%.1f,%.3f\n", t.Format("2006-01-02 15:04:05"), 1000+i%377, i%7, 40+float64(i%50)/10, 300+float64(i%900)/10, float64(i%1000)/1000)
		t = t.Add(5 * time.Minute)
	}
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	f.Close()
	return p
}

// writeProm5M writes a Prometheus query_range response of 5 series of
// 1,000,000 points each... 5,000,000 points (about 110 MB).
func writeProm5M(b *testing.B) string {
	p := filepath.Join(b.TempDir(), "prom5m.json")
	f, err := os.Create(p)
	if err != nil {
		b.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	w.WriteString(`{"status":"success","data":{"resultType":"matrix","result":[`)
	for s := 0; s < 5; s++ {
		if s > 0 {
			w.WriteByte(',')
		}
		fmt.Fprintf(w, `{"metric":{"__name__":"http_requests","code":"%dxx"},"values":[`, s+1)
		for i := 0; i < 1_000_000; i++ {
			if i > 0 {
				w.WriteByte(',')
			}
			fmt.Fprintf(w, `[%d,"%d"]`, 1483228800+i*300, 1000+i%377)
		}
		w.WriteString("]}")
	}
	w.WriteString("]}}")
	if err := w.Flush(); err != nil {
		b.Fatal(err)
	}
	f.Close()
	return p
}

func benchLoad(b *testing.B, path string) {
	b.ResetTimer()
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		ss, ds := LoadFile(Options{Name: "bench", Path: path})
		if ds.HasErrors() {
			b.Fatal(ds)
		}
		n := 0
		for _, s := range ss {
			n += len(s.Points)
		}
		if n != 5_000_000 {
			b.Fatalf("%d points", n)
		}
	}
}

func BenchmarkLoad5MWideCSV(b *testing.B)    { benchLoad(b, writeWide5M(b)) }
func BenchmarkLoad5MPrometheus(b *testing.B) { benchLoad(b, writeProm5M(b)) }
