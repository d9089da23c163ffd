package metricsrc

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/vitals-dev/vitals/generator/base/diag"
	"github.com/vitals-dev/vitals/generator/base/model"
)

func ts(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t.UTC()
}

func parseText(t *testing.T, text string, opt Options) ([]model.Series, diag.List) {
	t.Helper()
	if opt.Path == "" {
		opt.Path = "in.txt"
	}
	return Parse(strings.NewReader(text), opt)
}

func byName(t *testing.T, ss []model.Series, name string) model.Series {
	t.Helper()
	for _, s := range ss {
		if s.Name == name {
			return s
		}
	}
	names := []string{}
	for _, s := range ss {
		names = append(names, s.Name)
	}
	t.Fatalf("no series %q in %q", name, names)
	return model.Series{}
}

func wantPoints(t *testing.T, s model.Series, want ...model.Point) {
	t.Helper()
	if len(s.Points) != len(want) {
		t.Fatalf("%s: %d points %v, want %d %v", s.Name, len(s.Points), s.Points, len(want), want)
	}
	for i := range want {
		if !s.Points[i].T.Equal(want[i].T) || s.Points[i].V != want[i].V {
			t.Errorf("%s point %d = %v %v, want %v %v", s.Name, i, s.Points[i].T, s.Points[i].V, want[i].T, want[i].V)
		}
	}
}

func p(t string, v float64) model.Point { return model.Point{T: ts(t), V: v} }

func noErrors(t *testing.T, ds diag.List) {
	t.Helper()
	if ds.HasErrors() {
		t.Fatalf("unexpected errors:\n%v", ds)
	}
}

func TestDetectNamesEachFormat(t *testing.T) {
	cases := []struct {
		name, head string
		want       Format
	}{
		{"prometheus", `{"status":"success","data":{"resultType":"matrix","result":[]}}`, Prometheus},
		{"datadog v1", `{"status":"ok","series":[{"pointlist":[[1,2]]}]}`, Datadog},
		{"datadog v2", `{"data":{"type":"timeseries_response","attributes":{"times":[],"values":[]}}}`, Datadog},
		{"grafana legacy", "sep=;\nSeries;Time;Value\na;2024-01-01T00:00:00Z;1\n", Grafana},
		{"grafana long header", "\"Series\",\"Time\",\"Value\"\n\"a\",\"2024-01-01 00:00:00\",1\n", Grafana},
		{"wide", "\"Time\",\"cpu\",\"mem\"\n2024-01-01 00:00:00,1,2\n", CSV},
		{"ga4 comments", "# ---\n# Account: x\nDate,Users\n20240101,5\n", CSV},
		{"checks", "timestamp_utc,slug,status\n2024-01-01T00:00:00Z,api,down\n", Checks},
		{"numeric status column", "time,up\n2024-01-01T00:00:00Z,1\n", Checks},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := Detect([]byte(c.head))
			if err != nil || got != c.want {
				t.Fatalf("Detect = %q, %v; want %q", got, err, c.want)
			}
		})
	}
}

func TestPrometheusMatrixReadsStringValuesAndSkipsNaN(t *testing.T) {
	// Real shape of GET /api/v1/query_range: values are [seconds, "string"].
	doc := `{"status":"success","data":{"resultType":"matrix","result":[
 {"metric":{"__name__":"http_requests","code":"2xx","job":"api"},"values":[[1709251200,"100"],[1709254800,"NaN"],[1709258400.5,"120.5"]]},
 {"metric":{"__name__":"http_requests","code":"5xx","job":"api"},"values":[[1709251200,"+Inf"],[1709254800,"2"]]}]}}`
	ss, ds := parseText(t, doc, Options{Name: "api"})
	noErrors(t, ds)
	ok := byName(t, ss, `api:http_requests{code="2xx",job="api"}`)
	wantPoints(t, ok, p("2024-03-01T00:00:00Z", 100), model.Point{T: ts("2024-03-01T02:00:00Z").Add(500 * time.Millisecond), V: 120.5})
	if ok.Labels["code"] != "2xx" || ok.Labels["__name__"] != "http_requests" {
		t.Errorf("labels = %v", ok.Labels)
	}
	bad := byName(t, ss, `api:http_requests{code="5xx",job="api"}`)
	wantPoints(t, bad, p("2024-03-01T01:00:00Z", 2))
	if !strings.Contains(ds.Error(), "2 values are NaN or ±Inf") {
		t.Errorf("want a note about the 2 non-finite values, got:\n%v", ds)
	}
}

func TestPrometheusErrorStatusIsAnError(t *testing.T) {
	_, ds := parseText(t, `{"status":"error","errorType":"bad_data","error":"parse error","data":{"resultType":""}}`, Options{Format: Prometheus})
	if !ds.HasErrors() || !strings.Contains(ds.Error(), "bad_data") {
		t.Fatalf("want an error naming bad_data, got %v", ds)
	}
}

func TestJSONSyntaxErrorNamesTheLine(t *testing.T) {
	_, ds := parseText(t, "{\"status\":\"success\",\n\"data\":{\"resultType\":\"matrix\",\n\"result\":[}}", Options{Path: "x.json"})
	if len(ds) != 1 || ds[0].Line != 3 || !ds.HasErrors() {
		t.Fatalf("want one error on line 3, got %#v", ds)
	}
}

func TestDatadogV1PointlistMilliseconds(t *testing.T) {
	doc := `{"status":"ok","res_type":"time_series","series":[{"metric":"system.cpu.user","scope":"host:a,env:prod",
 "expression":"avg:system.cpu.user{host:a,env:prod}","tag_set":["host:a","env:prod"],
 "pointlist":[[1709251200000.0,0.5],[1709251260000.0,null],[1709251320000.0,0.75]]}],"from_date":1709251200000,"to_date":1709251320000}`
	ss, ds := parseText(t, doc, Options{Name: "dd"})
	noErrors(t, ds)
	s := byName(t, ss, "dd:avg:system.cpu.user{host:a,env:prod}")
	wantPoints(t, s, p("2024-03-01T00:00:00Z", 0.5), p("2024-03-01T00:02:00Z", 0.75))
	if s.Labels["host"] != "a" || s.Labels["env"] != "prod" {
		t.Errorf("labels = %v", s.Labels)
	}
}

func TestDatadogV2TimesAndValues(t *testing.T) {
	doc := `{"data":{"type":"timeseries_response","attributes":{
 "series":[{"group_tags":["service:web"],"query_index":0},{"group_tags":["service:db"],"query_index":0}],
 "times":[1709251200000,1709251500000],"values":[[1,2],[null,4]]}}}`
	ss, ds := parseText(t, doc, Options{Name: "dd"})
	noErrors(t, ds)
	wantPoints(t, byName(t, ss, "dd:query0{service:web}"), p("2024-03-01T00:00:00Z", 1), p("2024-03-01T00:05:00Z", 2))
	wantPoints(t, byName(t, ss, "dd:query0{service:db}"), p("2024-03-01T00:05:00Z", 4))
}

func TestGrafanaJoinedByTimeQuotedHeaderAndEpochMillis(t *testing.T) {
	in := "\"Time\",\"api-1 {instance=\"\"a\"\"}\",\"api-2\"\n" +
		"1709251200000,1.5,2\n" +
		"1709251500000,,3\n"
	ss, ds := parseText(t, in, Options{Name: "g", Format: Grafana})
	noErrors(t, ds)
	wantPoints(t, byName(t, ss, `g:api-1 {instance="a"}`), p("2024-03-01T00:00:00Z", 1.5)) // the empty cell is a gap
	wantPoints(t, byName(t, ss, "g:api-2"), p("2024-03-01T00:00:00Z", 2), p("2024-03-01T00:05:00Z", 3))
}

func TestGrafanaLegacySepLineSeriesTimeValue(t *testing.T) {
	in := "sep=;\nSeries;Time;Value\n" +
		"cpu;2024-03-01T01:00:00+01:00;0,25\n" + // decimal comma under ; delimiter; +01:00 is 00:00 UTC
		"cpu;2024-03-01T00:05:00Z;0.5\n" +
		"mem;2024-03-01T00:00:00Z;7\n"
	ss, ds := parseText(t, in, Options{Name: "g"})
	noErrors(t, ds)
	wantPoints(t, byName(t, ss, "g:cpu"), p("2024-03-01T00:00:00Z", 0.25), p("2024-03-01T00:05:00Z", 0.5))
	wantPoints(t, byName(t, ss, "g:mem"), p("2024-03-01T00:00:00Z", 7))
}

func utf16le(s string) []byte {
	u := utf16.Encode([]rune(s))
	b := []byte{0xFF, 0xFE}
	for _, c := range u {
		b = append(b, byte(c), byte(c>>8))
	}
	return b
}

func TestGrafanaExcelModeUTF16TabSeparated(t *testing.T) {
	in := utf16le("sep=\t\r\nSeries\tTime\tValue\r\nlatency µs\t2024-03-01 00:00:00\t12\r\nlatency µs\t2024-03-01 00:01:00\t13\r\n")
	ss, ds := Parse(bytes.NewReader(in), Options{Name: "g", Path: "excel.csv"})
	noErrors(t, ds)
	wantPoints(t, byName(t, ss, "g:latency µs"), p("2024-03-01T00:00:00Z", 12), p("2024-03-01T00:01:00Z", 13))
}

func TestWideCSVGA4CommentsAndYYYYMMDD(t *testing.T) {
	in := "# ----------------------------------------\n# Account: Demo\n# Start date: 20240301\n# ----------------------------------------\n\n" +
		"Date,Active users,New users\n20240301,120,30\n20240302,130,35\n"
	ss, ds := parseText(t, in, Options{Name: "ga"})
	noErrors(t, ds)
	wantPoints(t, byName(t, ss, "ga:Active users"), p("2024-03-01T00:00:00Z", 120), p("2024-03-02T00:00:00Z", 130))
	wantPoints(t, byName(t, ss, "ga:New users"), p("2024-03-01T00:00:00Z", 30), p("2024-03-02T00:00:00Z", 35))
}

func TestWideCSVSemicolonTabAndEpochSeconds(t *testing.T) {
	for _, sep := range []string{";", "\t"} {
		in := "ts" + sep + "visitors\n1709251200" + sep + "5\n1709337600" + sep + "6\n"
		ss, ds := parseText(t, in, Options{Name: "pl"})
		noErrors(t, ds)
		wantPoints(t, byName(t, ss, "pl:visitors"), p("2024-03-01T00:00:00Z", 5), p("2024-03-02T00:00:00Z", 6))
	}
}

func TestWideCSVPlausibleDateOnlyAndNaiveTimesAreUTC(t *testing.T) {
	in := "date,visitors\n2024-03-01,10\n2024-03-02 12:30:00,11\n"
	ss, ds := parseText(t, in, Options{Name: "pl"})
	noErrors(t, ds)
	wantPoints(t, byName(t, ss, "pl:visitors"), p("2024-03-01T00:00:00Z", 10), p("2024-03-02T12:30:00Z", 11))
}

func TestMixedOffsetsAreConvertedToUTCAndSorted(t *testing.T) {
	// 10:00+02:00 = 08:00Z; 08:30Z; 04:00-05:00 = 09:00Z. File order is not time order.
	in := "time,v\n2024-03-01T04:00:00-05:00,3\n2024-03-01T10:00:00+02:00,1\n2024-03-01T08:30:00Z,2\n"
	ss, ds := parseText(t, in, Options{Name: "m"})
	noErrors(t, ds)
	wantPoints(t, byName(t, ss, "m:v"), p("2024-03-01T08:00:00Z", 1), p("2024-03-01T08:30:00Z", 2), p("2024-03-01T09:00:00Z", 3))
}

func TestDuplicatesEqualMergeConflictingKeepLaterWithLines(t *testing.T) {
	in := "time,v\n" +
		"2024-03-01T00:00:00Z,1\n" + // line 2
		"2024-03-01T00:05:00Z,2\n" + // line 3
		"2024-03-01T00:00:00Z,1\n" + // line 4: same value again, merged
		"2024-03-01T00:05:00Z,9\n" // line 5: conflicts with line 3, kept
	ss, ds := parseText(t, in, Options{Name: "d"})
	noErrors(t, ds)
	wantPoints(t, byName(t, ss, "d:v"), p("2024-03-01T00:00:00Z", 1), p("2024-03-01T00:05:00Z", 9))
	var conflict *diag.Diag
	for i := range ds {
		if strings.Contains(ds[i].Msg, "2 different values") {
			conflict = &ds[i]
		}
	}
	if conflict == nil || conflict.Line != 5 || !strings.Contains(conflict.Msg, "(lines 3 and 5)") {
		t.Fatalf("want a warning at line 5 naming line 3, got:\n%v", ds)
	}
	if !strings.Contains(ds.Error(), "1 repeated points") {
		t.Errorf("want the merged repeat counted, got:\n%v", ds)
	}
}

func TestGapsStayGaps(t *testing.T) {
	in := "time,v\n2024-03-01T00:00:00Z,1\n2024-03-01T06:00:00Z,2\n"
	ss, _ := parseText(t, in, Options{Name: "g"})
	wantPoints(t, byName(t, ss, "g:v"), p("2024-03-01T00:00:00Z", 1), p("2024-03-01T06:00:00Z", 2))
}

func TestBadRowsAreReportedWithLineNumbers(t *testing.T) {
	var b strings.Builder
	b.WriteString("# exported\ntime,v,w\n") // header on line 2
	for i := 0; i < 30; i++ {               // lines 3..32
		fmt.Fprintf(&b, "2024-03-01T00:%02d:00Z,1,2\n", i)
	}
	// lines 33..36: 4 bad of 34 rows, under the 20% allowed; line 36 is separated by ';'
	b.WriteString("yesterday,1,2\n2024-03-02T00:00:00Z,abc,3\n2024-03-03T00:00:00Z,1\n2024-03-04T00:00:00Z;1;2\n")
	ss, ds := parseText(t, b.String(), Options{Name: "b", Path: "x.csv", MaxBadShare: 0.2})
	noErrors(t, ds)
	want := []string{
		`x.csv:33: warning: time "yesterday" is not RFC 3339`,
		`x.csv:34: warning: column "v": value "abc" is not a number`,
		`x.csv:35: warning: the row has 2 fields but the header has 3, so the row is skipped` + "\n",
		`x.csv:36: warning: the row has 1 field but the header has 3, so the row is skipped; it looks separated by ';', where the header uses ','`,
	}
	got := ds.Error()
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("missing %q in:\n%s", w, got)
		}
	}
	// The good cell of line 24 is kept: w=3 on 2024-03-02.
	w := byName(t, ss, "b:w")
	if last := w.Points[len(w.Points)-1]; !last.T.Equal(ts("2024-03-02T00:00:00Z")) || last.V != 3 {
		t.Errorf("good cell of a bad row dropped: %v", w.Points)
	}
}

func TestBadShareAboveThresholdIsAnError(t *testing.T) {
	// 10 rows, 2 bad = 20%: above the default 10%, within 25%.
	var b strings.Builder
	b.WriteString("time,v\n")
	for i := 0; i < 8; i++ {
		b.WriteString("2024-03-01T00:0" + string(rune('0'+i)) + ":00Z,1\n")
	}
	b.WriteString("x,1\ny,1\n")
	_, ds := parseText(t, b.String(), Options{Name: "s"})
	if !ds.HasErrors() || !strings.Contains(ds.Error(), "2 of 10 rows (20.0%)") {
		t.Fatalf("want an error at 20%% bad, got:\n%v", ds)
	}
	ss, ds := parseText(t, b.String(), Options{Name: "s", MaxBadShare: 0.25})
	if ds.HasErrors() || len(byName(t, ss, "s:v").Points) != 8 {
		t.Fatalf("with max 25%%, want 8 points and no error, got %v", ds)
	}
}

func TestChecksUpDownWordsAndKeyColumn(t *testing.T) {
	in := "timestamp_utc,slug,name,status,http_code\n" +
		"2026-08-11T11:06:25Z,web,Web,up,200\n" +
		"2026-08-11T11:10:00Z,web,Web,down,502\n" +
		"2026-08-11T11:06:26Z,api,API,ok,200\n" +
		"2026-08-11T11:20:00Z,api,API,FAIL,0\n" +
		"2026-08-11T11:30:00Z,api,API,maybe,0\n" // line 6: not a status
	ss, ds := parseText(t, in, Options{Name: "up", Path: "c.csv", MaxBadShare: 0.5})
	noErrors(t, ds)
	wantPoints(t, byName(t, ss, "up:web"), p("2026-08-11T11:06:25Z", 1), p("2026-08-11T11:10:00Z", 0))
	wantPoints(t, byName(t, ss, "up:api"), p("2026-08-11T11:06:26Z", 1), p("2026-08-11T11:20:00Z", 0))
	if !strings.Contains(ds.Error(), `c.csv:6: warning: status "maybe"`) {
		t.Errorf("want the bad status on line 6, got:\n%v", ds)
	}
}

func TestHostileHeaderTextStaysData(t *testing.T) {
	in := "time,\"<script>alert(1)</script>\"\n2024-03-01T00:00:00Z,1\n"
	ss, ds := parseText(t, in, Options{Name: "h"})
	noErrors(t, ds)
	// The name is kept verbatim; escaping is the renderer's job.
	byName(t, ss, "h:<script>alert(1)</script>")
}

func TestEmptyFileIsAnError(t *testing.T) {
	_, ds := parseText(t, "time,v\n", Options{Name: "e"})
	if !ds.HasErrors() {
		t.Fatal("want an error for a file without points")
	}
}

func TestParseTimeForms(t *testing.T) {
	cases := map[string]string{
		"2024-03-01T12:00:00Z":          "2024-03-01T12:00:00Z",
		"2024-03-01T12:00:00+01:00":     "2024-03-01T11:00:00Z",
		"2024-03-01 12:00:00":           "2024-03-01T12:00:00Z",
		"2024-03-01 12:00:00.250":       "2024-03-01T12:00:00.25Z",
		"2024-03-01 12:00":              "2024-03-01T12:00:00Z",
		"2024-03-01":                    "2024-03-01T00:00:00Z",
		"20240301":                      "2024-03-01T00:00:00Z",
		"1709294400":                    "2024-03-01T12:00:00Z",
		"1709294400000":                 "2024-03-01T12:00:00Z",
		"1709294400.5":                  "2024-03-01T12:00:00.5Z",
		"2024-03-01 12:00:00 +0000 UTC": "2024-03-01T12:00:00Z",
	}
	for in, want := range cases {
		got, err := parseTime(in)
		if err != nil || !got.Equal(ts(want)) || got.Location() != time.UTC {
			t.Errorf("parseTime(%q) = %v, %v; want %s UTC", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "2024-13-01", "2024-02-30 00:00:00", "soon"} {
		if _, err := parseTime(bad); err == nil {
			t.Errorf("parseTime(%q) should fail", bad)
		}
	}
}

func TestPrometheusBadPointsNamedByPlaceAndVector(t *testing.T) {
	doc := `{"status":"success","data":{"resultType":"matrix","result":[
 {"metric":{"__name__":"up"},"values":[[1709251200,"1"],[1709251260,"one"],[1709251320],["x","1"],[1709251380, 2],[1709251440,"\u0033"]]}]}}`
	ss, ds := parseText(t, doc, Options{Name: "p", MaxBadShare: 0.9})
	noErrors(t, ds)
	// Bare number 2 and the escaped "\u0033" (3) are read; three are bad.
	wantPoints(t, byName(t, ss, "p:up"), p("2024-03-01T00:00:00Z", 1), p("2024-03-01T00:03:00Z", 2), p("2024-03-01T00:04:00Z", 3))
	for _, want := range []string{`data.result[0].values[1]: value "one" is not a number`, `data.result[0].values[2]: want [time, "value"]`, `data.result[0].values[3]: time "x" is not a number`} {
		if !strings.Contains(ds.Error(), want) {
			t.Errorf("missing %q in:\n%v", want, ds)
		}
	}
	vec := `{"status":"success","data":{"resultType":"vector","result":[{"metric":{"job":"a"},"value":[1709251200,"7"]}]}}`
	ss, ds = parseText(t, vec, Options{Name: "v"})
	noErrors(t, ds)
	wantPoints(t, byName(t, ss, `v:{job="a"}`), p("2024-03-01T00:00:00Z", 7))
}

func TestARowOfTheWrongWidthSaysWhichSeparatorItSeemsToUse(t *testing.T) {
	cases := []struct {
		name   string
		rec    []string
		header int
		delim  byte
		want   string
	}{
		{"tabs in a comma file", []string{"2024-03-01\t1\t2"}, 3, ',', "the row has 1 field but the header has 3, so the row is skipped; it looks separated by tabs, where the header uses ','"},
		{"commas in a ';' file", []string{"2024-03-01,1"}, 2, ';', "the row has 1 field but the header has 2, so the row is skipped; it looks separated by ',', where the header uses ';'"},
		{"too many fields, no other separator", []string{"a", "b", "c"}, 2, ',', "the row has 3 fields but the header has 2, so the row is skipped"},
		{"a ';' that does not give the header's width", []string{"a;b;c"}, 2, ',', "the row has 1 field but the header has 2, so the row is skipped"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := fieldCountMsg(c.rec, c.header, c.delim); got != c.want {
				t.Errorf("got  %q\nwant %q", got, c.want)
			}
		})
	}
}
