package demo

import (
	"bufio"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// Demo export files, as the demo site's [[metrics.source]] tables name them.
const (
	RequestsExport  = "api-requests.json" // Prometheus query_range, hourly, by status class
	ChecksExport    = "uptime-checks.csv" // up/down checks of the app and the API
	AnalyticsExport = "analytics.csv"     // GA4-style daily export with the five AARRR stages
)

// MetricsOptions bound the demo metrics; zero fields take the demo's three years.
type MetricsOptions struct {
	Seed        uint64
	Start, AsOf time.Time
}

// The story the demo metrics tell, besides traffic that grows about 50% a
// year with daily and weekly rhythm: short incidents every few weeks that
// spend some error budget, one bad one (demoBreach, 36 hours of 4% errors and
// a 6-hour outage) that breaks the API and uptime SLOs for June 2025, and a
// 2-hour outage in the last September that leaves the uptime SLO with little
// budget (a warning at as_of 2026-10-01).
var (
	demoBreachStart  = time.Date(2025, 6, 12, 6, 0, 0, 0, time.UTC)
	demoBreachEnd    = demoBreachStart.Add(36 * time.Hour)
	demoOutageStart  = time.Date(2025, 6, 12, 9, 0, 0, 0, time.UTC)
	demoOutageEnd    = demoOutageStart.Add(6 * time.Hour)
	demoLateOutStart = time.Date(2026, 9, 21, 14, 9, 0, 0, time.UTC)
	demoLateOutEnd   = demoLateOutStart.Add(2 * time.Hour)
)

// The batch import API's canary (content/launches/2026-09-01-batch-import-api.md):
// from its first stage on, the API's request counts carry variant="canary"
// (the flag's cohort, each stage's share of the requests) or
// variant="stable", as a Prometheus query summed by variant gives them, and
// the unlabelled series stop there. Each hour's count of each status class
// is split between the two, so their sums, and every figure counted from
// them, stay what they were; the cohort sees the same error rate as the
// rest (the incidents of 14 and 26 September hit both alike).
var demoCanaryStages = []struct {
	at    time.Time
	share float64
}{
	{time.Date(2026, 9, 1, 9, 0, 0, 0, time.UTC), 0.05},
	{time.Date(2026, 9, 8, 9, 0, 0, 0, time.UTC), 0.25},
	{time.Date(2026, 9, 22, 9, 0, 0, 0, time.UTC), 0.50},
}

// canaryShare is the cohort's share of the requests in the hour at t; ok
// is false before the canary started.
func canaryShare(t time.Time) (share float64, ok bool) {
	for _, s := range demoCanaryStages {
		if !t.Before(s.at) {
			share, ok = s.share, true
		}
	}
	return share, ok
}

// WriteMetrics writes the demo site's three metric export files into dir
// and returns their paths. The same options give the same bytes.
func WriteMetrics(dir string, o MetricsOptions) ([]string, error) {

	if o.Start.IsZero() {
		o.Start = time.Date(2023, 10, 1, 0, 0, 0, 0, time.UTC)
	}
	if o.AsOf.IsZero() {
		o.AsOf = time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	}
	if !o.AsOf.After(o.Start) {
		return nil, fmt.Errorf("demo metrics: as-of %s is not after start %s", o.AsOf, o.Start)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	var paths []string
	for _, f := range []struct {
		name  string
		write func(w *bufio.Writer, o MetricsOptions, r *rand.Rand)
	}{{RequestsExport, demoRequests}, {ChecksExport, demoChecks}, {AnalyticsExport, demoAnalytics}} {
		p := filepath.Join(dir, f.name)
		r := rand.New(rand.NewPCG(o.Seed, uint64(len(paths)+1)))
		if err := writeBuffered(p, func(w *bufio.Writer) { f.write(w, o, r) }); err != nil {
			return nil, err
		}
		paths = append(paths, p)
	}
	return paths, nil
}

// growth is traffic relative to the start: +50% a year.
func growth(o MetricsOptions, t time.Time) float64 {
	return math.Pow(1.5, t.Sub(o.Start).Hours()/(365*24))
}

// demoErrorRate is the share of 5xx responses in the hour starting at t.
func demoErrorRate(t time.Time, incidents map[int64]float64) float64 {
	if !t.Before(demoBreachStart) && t.Before(demoBreachEnd) {
		return 0.04
	}
	if r, ok := incidents[t.Unix()]; ok {
		return r
	}
	return 0.0002
}

func demoRequests(w *bufio.Writer, o MetricsOptions, r *rand.Rand) {
	start := o.Start.Truncate(time.Hour)
	// A short incident (1-3 hours at 0.5-3% errors) about every 25 days.
	incidents := map[int64]float64{}
	for t := start.Add(time.Duration(r.IntN(600)) * time.Hour); t.Before(o.AsOf); t = t.Add(time.Duration(300+r.IntN(600)) * time.Hour) {
		rate := 0.005 + 0.025*r.Float64()
		for h := 0; h < 1+r.IntN(3); h++ {
			incidents[t.Add(time.Duration(h)*time.Hour).Unix()] = rate
		}
	}
	type hour struct{ ok, client, server int }
	var hours []hour
	for t := start; t.Before(o.AsOf); t = t.Add(time.Hour) {
		h := float64(t.Hour())
		daily := 0.55 + 0.45*math.Sin((h-9)/24*2*math.Pi) // busiest mid-afternoon UTC
		if wd := t.Weekday(); wd == time.Saturday || wd == time.Sunday {
			daily *= 0.7
		}
		total := 20000 * growth(o, t) * daily * (0.9 + 0.2*r.Float64())
		server := total * demoErrorRate(t, incidents) * (0.5 + r.Float64())
		client := total * (0.015 + 0.01*r.Float64())
		hours = append(hours, hour{ok: int(total - server - client), client: int(client), server: int(server)})
	}
	// The canary's split draws from a stream of its own, so that the
	// counts above are what they were before it.
	split := rand.New(rand.NewPCG(o.Seed, 0xca9a7))
	canary := make([][3]int, len(hours))
	for i, hv := range hours {
		share, ok := canaryShare(start.Add(time.Duration(i) * time.Hour))
		if !ok {
			continue
		}
		for ci, v := range [...]int{hv.ok, hv.client, hv.server} {
			// Rounded up or down at random, so that the cohort's sums keep its share.
			canary[i][ci] = min(v, int(float64(v)*share+split.Float64()))
		}
	}
	codes := []string{"2xx", "4xx", "5xx"}
	type part struct {
		labels string
		value  func(i, ci int) (int, bool)
	}
	parts := []part{{"", func(i, ci int) (int, bool) {
		_, split := canaryShare(start.Add(time.Duration(i) * time.Hour))
		return [...]int{hours[i].ok, hours[i].client, hours[i].server}[ci], !split
	}}}
	for _, variant := range []string{"canary", "stable"} {
		parts = append(parts, part{`,"variant":"` + variant + `"`, func(i, ci int) (int, bool) {
			if _, split := canaryShare(start.Add(time.Duration(i) * time.Hour)); !split {
				return 0, false
			}
			if variant == "canary" {
				return canary[i][ci], true
			}
			return [...]int{hours[i].ok, hours[i].client, hours[i].server}[ci] - canary[i][ci], true
		}})
	}
	fmt.Fprintf(w, `{"status":"success","data":{"resultType":"matrix","result":[`)
	n := 0
	for _, p := range parts {
		for ci, code := range codes {
			var vals []string
			for i := range hours {
				if v, ok := p.value(i, ci); ok {
					vals = append(vals, fmt.Sprintf(`[%d,"%d"]`, start.Add(time.Duration(i)*time.Hour).Unix(), v))
				}
			}
			if len(vals) == 0 {
				continue
			}
			if n > 0 {
				w.WriteString(",\n")
			}
			n++
			fmt.Fprintf(w, `{"metric":{"code":%q,"job":"lumen-api"%s},"values":[`, code, p.labels)
			w.WriteString(strings.Join(vals, ","))
			w.WriteString("]}")
		}
	}
	w.WriteString("]}}\n")
}

// demoChecks: like an Upptime log, a row when a check's status changes and
// a heartbeat row every six hours; down during the demo outages and for a
// few minutes about twice a month.
func demoChecks(w *bufio.Writer, o MetricsOptions, r *rand.Rand) {
	w.WriteString("timestamp_utc,check,status,http_code,response_time_ms\n")
	type row struct {
		t    time.Time
		up   bool
		code int
	}
	for _, check := range []string{"api", "app"} {
		var downs [][2]time.Time
		if check == "api" {
			downs = append(downs, [2]time.Time{demoOutageStart, demoOutageEnd}, [2]time.Time{demoLateOutStart, demoLateOutEnd})
		}
		for t := o.Start.Add(time.Duration(r.IntN(20*24)) * time.Hour); t.Before(o.AsOf); t = t.Add(time.Duration(200+r.IntN(500)) * time.Hour) {
			s := t.Add(time.Duration(r.IntN(60)) * time.Minute)
			downs = append(downs, [2]time.Time{s, s.Add(time.Duration(5+5*r.IntN(4)) * time.Minute)})
		}
		var rows []row
		for _, d := range downs {
			if d[1].After(o.AsOf) || d[0].Before(o.Start) {
				continue
			}
			rows = append(rows, row{t: d[0], up: false, code: [...]int{502, 503, 504, 0}[r.IntN(4)]}, row{t: d[1], up: true, code: 200})
		}
		for t := o.Start; t.Before(o.AsOf); t = t.Add(6 * time.Hour) {
			hb := t.Add(time.Duration(r.IntN(90)) * time.Second)
			if inside(hb, downs) {
				rows = append(rows, row{t: hb, up: false, code: 503})
			} else {
				rows = append(rows, row{t: hb, up: true, code: 200})
			}
		}
		sort.SliceStable(rows, func(i, j int) bool { return rows[i].t.Before(rows[j].t) })
		for _, x := range rows {
			status, ms := "up", 80+r.IntN(400)
			if !x.up {
				status, ms = "down", 0
				if x.code != 0 {
					ms = 30000 + r.IntN(9000)
				}
			}
			fmt.Fprintf(w, "%s,%s,%s,%d,%d\n", x.t.Format(time.RFC3339), check, status, x.code, ms)
		}
	}
}

func inside(t time.Time, downs [][2]time.Time) bool {
	for _, d := range downs {
		if !t.Before(d[0]) && t.Before(d[1]) {
			return true
		}
	}
	return false
}

// demoAnalytics: a GA4-style export (comment preamble, Date as YYYYMMDD)
// with one column per AARRR stage.
func demoAnalytics(w *bufio.Writer, o MetricsOptions, r *rand.Rand) {
	fmt.Fprintf(w, "# ----------------------------------------\n# Lumen: product analytics (demo data)\n# Start date: %s\n# End date: %s\n# ----------------------------------------\n\n",
		o.Start.Format("20060102"), o.AsOf.Add(-time.Nanosecond).Format("20060102"))
	w.WriteString("Date,New visitors,Signups,Retained after 30 days,Invites accepted,New paying customers\n")
	for d := o.Start.Truncate(24 * time.Hour); d.Before(o.AsOf); d = d.AddDate(0, 0, 1) {
		g := growth(o, d)
		wk := 1.0
		if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
			wk = 0.65
		}
		visitors := 1500 * g * wk * (0.85 + 0.3*r.Float64())
		// Activation improves after an onboarding redesign in spring 2025.
		act := 0.07
		if !d.Before(time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC)) {
			act = 0.085
		}
		signups := visitors * act * (0.85 + 0.3*r.Float64())
		retained := signups * (0.38 + 0.06*r.Float64())
		invites := retained * (0.18 + 0.06*r.Float64())
		paying := signups * (0.045 + 0.015*r.Float64())
		fmt.Fprintf(w, "%s,%d,%d,%d,%d,%d\n", d.Format("20060102"), int(visitors), int(signups), int(retained), int(invites), int(paying))
	}
}

// writeBuffered creates the file at p and has write fill it through a
// buffer; the file is closed, and any write error returned, before it ends.
func writeBuffered(p string, write func(w *bufio.Writer)) error {
	file, err := os.Create(p)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(file, 1<<16)
	write(w)
	if err := w.Flush(); err != nil {
		file.Close()
		return err
	}
	return file.Close()
}
