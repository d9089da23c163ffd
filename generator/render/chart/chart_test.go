package chart

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"testing"
)

func TestOptionIsJSONWithStableIDAndInertStrings(t *testing.T) {
	spec := Spec{ID: "c-1", Title: "t", Kind: Line, X: []string{"2024-01", "__f__function(){alert(1)}__f__"},
		Series: []Series{{Name: "<script>alert(1)</script>", Values: []float64{1, math.NaN()}}}}
	a, err := Build(spec)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Build(spec)
	if a.Option != b.Option {
		t.Error("same spec, different option")
	}
	var opt map[string]any
	if err := json.Unmarshal([]byte(a.Option), &opt); err != nil {
		t.Fatalf("option is not JSON: %v\n%s", err, a.Option)
	}
	if strings.Contains(a.Option, "__f__function") {
		t.Error("a data string kept the __f__ marker that turns it into code")
	}
	if strings.Contains(a.Option, "goecharts_") || strings.Contains(a.Option, "ChartID") {
		t.Errorf("random or internal IDs in option: %s", a.Option)
	}
	// The gap is ECharts' "-" and the table leaves it empty.
	if !strings.Contains(a.Option, `"value":"-"`) {
		t.Errorf("NaN not a gap: %s", a.Option)
	}
	if a.Table.Rows[1][1] != "" || a.Table.Rows[0][1] != "1" || a.Table.Columns[1] != "<script>alert(1)</script>" {
		t.Errorf("table: %+v", a.Table)
	}
}

func TestBuildRejectsMismatchedSeries(t *testing.T) {
	_, err := Build(Spec{ID: "x", X: []string{"a", "b"}, Series: []Series{{Name: "s", Values: []float64{1}}}})
	if err == nil {
		t.Fatal("series shorter than the axis accepted")
	}
	if _, err := Build(Spec{X: []string{"a"}}); err == nil {
		t.Fatal("chart without ID accepted")
	}
}

func TestBarStacksAndZeroValuesSurvive(t *testing.T) {
	c, err := Build(Spec{ID: "b", Kind: Bar, X: []string{"a"}, Series: []Series{{Name: "s", Values: []float64{0}, Stack: "t"}}})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(c.Option, `"value":0`) || !strings.Contains(c.Option, `"stack":"t"`) || !strings.Contains(c.Option, `"type":"bar"`) {
		t.Errorf("option: %s", c.Option)
	}
}

// The unfinished period: its label says "(to date)", the line stops at the
// last complete period and a dotted overlay of the same name (one legend
// entry) carries on; a bar is hatched. The table keeps the value.
func TestPartialPeriodIsDrawnApartNotAsADrop(t *testing.T) {
	c, err := Build(Spec{ID: "p", Kind: Line, X: []string{"2024-01", "2024-02", "2024-03"}, Partial: true,
		Series: []Series{{Name: "opened", Values: []float64{30, 32, 2}}}})
	if err != nil {
		t.Fatal(err)
	}
	var opt struct {
		XAxis  []struct{ Data []string } `json:"xAxis"`
		Legend struct{ Data []string }   `json:"legend"`
		Series []struct {
			Name string
			Data []struct{ Value any }
		}
	}
	if err := json.Unmarshal([]byte(c.Option), &opt); err != nil {
		t.Fatal(err)
	}
	if got := opt.XAxis[0].Data[2]; got != "2024-03 (to date)" {
		t.Errorf("last label %q", got)
	}
	if len(opt.Series) != 2 || opt.Series[1].Name != "opened" || len(opt.Legend.Data) != 1 {
		t.Fatalf("want the series and its overlay under one legend entry: %s", c.Option)
	}
	if opt.Series[0].Data[2].Value != "-" || opt.Series[1].Data[0].Value != "-" || opt.Series[1].Data[1].Value != 32.0 || opt.Series[1].Data[2].Value != 2.0 {
		t.Errorf("line to the last complete period, overlay from it: %s", c.Option)
	}
	if c.Table.Rows[2][0] != "2024-03 (to date)" || c.Table.Rows[2][1] != "2" {
		t.Errorf("table row %v", c.Table.Rows[2])
	}
	b, _ := Build(Spec{ID: "b", Kind: Bar, X: []string{"Q1", "Q2"}, Partial: true, Series: []Series{{Name: "n", Values: []float64{5, 1}}}})
	if !strings.Contains(b.Option, `"decal"`) {
		t.Errorf("partial bar not hatched: %s", b.Option)
	}
}

// Markers outside the axis are dropped from option, meta and list alike;
// a log axis leaves out values at or below zero, the table keeps them.
func TestMarkersOnTheAxisAndLogScaleGaps(t *testing.T) {
	c, err := Build(Spec{ID: "m", X: []string{"a", "b"}, Log: true, Series: []Series{{Name: "s", Values: []float64{0, 10}}},
		Markers: []Marker{{X: "b", Label: "SEV1", URL: "../pm/x/index.html"}, {X: "z", Label: "gone"}}})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Markers) != 1 || strings.Contains(c.Option, "gone") || strings.Contains(c.Meta, `"z"`) || !strings.Contains(c.Meta, "../pm/x/index.html") {
		t.Errorf("markers: %+v\n%s\n%s", c.Markers, c.Option, c.Meta)
	}
	if !strings.Contains(c.Option, `"type":"log"`) || !strings.Contains(c.Option, `"data":[{"value":"-"},{"value":10}]`) || c.Table.Rows[0][1] != "0" {
		t.Errorf("log axis: %s / %v", c.Option, c.Table.Rows)
	}
}

// A lower pane: its series sit in a second grid on a copy of the category
// axis, with their own value axis; the markers sit on the lower pane's
// axis (the chart's foot), the table holds every series, and the chart is
// tall.
func TestLowerPane(t *testing.T) {
	c, err := Build(Spec{ID: "rollout", Title: "Rollout", X: []string{"a", "b", "c"}, YMax: 100,
		Series:    []Series{{Name: "share %", Values: []float64{0, 25, 25}, Step: true}},
		Lower:     []Series{{Name: "burn", Values: []float64{0.1, 40, math.NaN()}}},
		LowerName: "burn rate", Markers: []Marker{{X: "b", Label: "25%"}}})
	if err != nil {
		t.Fatal(err)
	}
	var opt struct {
		Grid   []map[string]any
		XAxis  []map[string]any
		YAxis  []map[string]any
		Series []map[string]any
	}
	if err := json.Unmarshal([]byte(c.Option), &opt); err != nil {
		t.Fatal(err)
	}
	if len(opt.Grid) != 2 || len(opt.XAxis) != 2 || opt.XAxis[1]["gridIndex"] != 1.0 || len(opt.YAxis) != 3 ||
		opt.YAxis[1]["name"] != "burn rate" || opt.YAxis[0]["max"] != 100.0 || opt.YAxis[2]["gridIndex"] != 1.0 || opt.YAxis[2]["show"] != false {
		t.Errorf("axes: %s", c.Option)
	}
	if opt.Series[1]["xAxisIndex"] != 1.0 || opt.Series[1]["yAxisIndex"] != 1.0 || opt.Series[2]["type"] != "scatter" ||
		opt.Series[2]["xAxisIndex"] != 1.0 || opt.Series[2]["yAxisIndex"] != 2.0 {
		t.Errorf("series: %s", c.Option)
	}
	if !c.Tall || strings.Join(c.Table.Columns, "|") != "|share %|burn" || c.Table.Rows[2][2] != "" {
		t.Errorf("table %+v tall %v", c.Table, c.Tall)
	}
	if _, err := Build(Spec{ID: "x", X: []string{"a"}, Kind: Bar, Series: []Series{{Values: []float64{1}}}, Lower: []Series{{Values: []float64{1}}}}); err == nil {
		t.Error("a bar chart with a lower pane was built")
	}
}

// Markers are glyphs on the category axis, one series per kind with its
// legend entry, shape and colour: incidents and months that missed their
// target look different, and a reader can tell which is which.
func TestMarkersAreGlyphsOnTheAxisOneLegendEntryPerKind(t *testing.T) {
	c, err := Build(Spec{ID: "m", X: []string{"2025-01", "2025-02", "2025-03"}, Partial: true,
		Series: []Series{{Name: "SLI %", Values: []float64{99, 98, 99}}},
		Markers: []Marker{{X: "2025-02", Label: "SLI 98% against 99%", Kind: MarkTargetMissed},
			{X: "2025-01", Label: "SEV2 2025-01-04", URL: "../pm/a/index.html"},
			{X: "2025-03", Label: "SEV1 2025-03-02", URL: "../pm/b/index.html"}}})
	if err != nil {
		t.Fatal(err)
	}
	var opt struct {
		Legend struct{ Data []string }
		YAxis  []map[string]any
		Series []struct {
			Type, Name, Symbol string
			YAxisIndex         int
			Data               []struct {
				Value  any
				Name   string
				Marker int
			}
		}
	}
	if err := json.Unmarshal([]byte(c.Option), &opt); err != nil {
		t.Fatal(err)
	}
	if strings.Join(opt.Legend.Data, "|") != "SLI %|incidents|target missed" {
		t.Errorf("legend %v", opt.Legend.Data)
	}
	if strings.Contains(c.Option, "markLine") {
		t.Error("markers drawn as lines across the plot")
	}
	inc, miss := opt.Series[len(opt.Series)-2], opt.Series[len(opt.Series)-1]
	if inc.Type != "scatter" || inc.Symbol == miss.Symbol || len(inc.Data) != 2 || len(miss.Data) != 1 {
		t.Fatalf("marker series: %+v %+v", inc, miss)
	}
	// The partial month's label gains "(to date)" on the axis; the marker
	// follows it. Markers are listed kind by kind (incidents first), and
	// each glyph names its place in that list.
	if v, _ := inc.Data[1].Value.([]any); len(v) != 2 || v[0] != "2025-03"+ToDate || inc.Data[1].Name != "SEV1 2025-03-02" || inc.Data[1].Marker != 1 || miss.Data[0].Marker != 2 {
		t.Errorf("incident glyphs: %+v", inc.Data)
	}
	if ax := opt.YAxis[inc.YAxisIndex]; ax["show"] != false || ax["min"] != 0.0 {
		t.Errorf("marker axis %v", ax)
	}
	if !strings.Contains(c.Meta, `"kind":"target missed"`) || !strings.Contains(c.Meta, "../pm/b/index.html") {
		t.Errorf("meta %s", c.Meta)
	}
}

// Provisional periods (counts that may still rise) are drawn apart with
// the unfinished one: the line stops before them and a dotted overlay
// carries it on; a Final series (a year earlier's) is drawn apart only
// for the unfinished period.
func TestProvisionalPeriodsAreDrawnApartExceptFinalSeries(t *testing.T) {
	c, err := Build(Spec{ID: "p", X: []string{"a", "b", "c", "d"}, Partial: true, Provisional: 1,
		Series: []Series{{Name: "bugs", Values: []float64{1, 2, 3, 4}}, {Name: "a year earlier", Values: []float64{5, 6, 7, 8}, Final: true}}})
	if err != nil {
		t.Fatal(err)
	}
	var opt struct {
		Series []struct {
			Name string
			Data []struct{ Value any }
		}
	}
	if err := json.Unmarshal([]byte(c.Option), &opt); err != nil {
		t.Fatal(err)
	}
	vals := func(i int) string {
		var out []string
		for _, d := range opt.Series[i].Data {
			out = append(out, fmt.Sprint(d.Value))
		}
		return strings.Join(out, " ")
	}
	// bugs, a year earlier, then their overlays in the same order.
	want := []string{"1 2 - -", "5 6 7 -", "- 2 3 4", "- - 7 8"}
	for i, w := range want {
		if got := vals(i); got != w {
			t.Errorf("series %d (%s): %s, want %s", i, opt.Series[i].Name, got, w)
		}
	}
	if c.Table.Rows[2][1] != "3" || c.Table.Rows[3][0] != "d"+ToDate {
		t.Errorf("the table keeps every value: %v", c.Table.Rows)
	}
}

// A funnel's bars carry their value and the step's conversion: the option
// shows a label (no formatter: vitals.js writes it from the meta), and the
// meta holds the notes.
func TestValueLabelsWithNotes(t *testing.T) {
	c, err := Build(Spec{ID: "funnel", Kind: Bar, X: []string{"visit", "signup"}, Log: true, ValueLabels: true, ValueNotes: []string{"", "8.4%"},
		Series: []Series{{Name: "value", Values: []float64{136550, 11513}}}})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(c.Option, `"label":{"lineHeight":15,"position":"top","show":true}`) || strings.Contains(c.Option, "formatter") {
		t.Errorf("option %s", c.Option)
	}
	if !strings.Contains(c.Meta, `"valueLabels":true,"valueNotes":["","8.4%"]`) {
		t.Errorf("meta %s", c.Meta)
	}
}

// Bounds of an interval take their series' colour and stay out of the
// legend; the next series takes the next colour.
func TestBoundsTakeTheirSeriesColour(t *testing.T) {
	c, err := Build(Spec{ID: "b", Kind: Line, X: []string{"a", "b"}, Series: []Series{
		{Name: "A", Values: []float64{1, 2}}, {Name: "A low", Values: []float64{0, 1}, Bound: true}, {Name: "A high", Values: []float64{2, 3}, Bound: true},
		{Name: "B", Values: []float64{1, 1}}, {Name: "B low", Values: []float64{0, 0}, Bound: true},
	}})
	if err != nil {
		t.Fatal(err)
	}
	var opt struct {
		Series []struct{ Name, Color string }
		Legend struct{ Data []string }
	}
	if err := json.Unmarshal([]byte(c.Option), &opt); err != nil {
		t.Fatal(err)
	}
	var colors []string
	for _, s := range opt.Series {
		colors = append(colors, s.Color)
	}
	want := []string{Palette[0], Palette[0], Palette[0], Palette[1], Palette[1]}
	if strings.Join(colors, " ") != strings.Join(want, " ") || strings.Join(opt.Legend.Data, ",") != "A,B" {
		t.Errorf("colours %v legend %v, want %v and A,B", colors, opt.Legend.Data, want)
	}
	if len(c.Table.Columns) != 6 {
		t.Errorf("the table keeps every series: %v", c.Table.Columns)
	}
}

// Markers past MaxMarkers are bounded kind by kind: a merged marker keeps
// one kind's glyph, and each kind keeps its own legend entry and list.
func TestMarkersBoundedPerKind(t *testing.T) {
	var x []string
	var ms []Marker
	for i := range 2 * MaxMarkers {
		d := fmt.Sprintf("d%03d", i)
		x = append(x, d)
		ms = append(ms, Marker{X: d, Label: "SEV3 " + d, Kind: MarkIncident}, Marker{X: d, Label: "missed " + d, Kind: MarkTargetMissed})
	}
	c, err := Build(Spec{ID: "b", X: x, Series: []Series{{Name: "v", Values: make([]float64, len(x))}}, Markers: ms})
	if err != nil {
		t.Fatal(err)
	}
	n := map[MarkerKind]int{}
	for _, m := range c.Markers {
		n[m.Kind]++
		if strings.Contains(m.Label, "more") && !strings.HasPrefix(m.Label, map[MarkerKind]string{MarkIncident: "SEV3", MarkTargetMissed: "missed"}[m.Kind]) {
			t.Errorf("merged marker %q mixes kinds", m.Label)
		}
	}
	if n[MarkIncident] != MaxMarkers || n[MarkTargetMissed] != MaxMarkers {
		t.Errorf("markers per kind %v, want %d each", n, MaxMarkers)
	}
	if g := c.MarkerGroups(); len(g) != 2 || g[0].Name != "incidents" || !strings.Contains(g[0].Markers[0].Label, "and 1 more") {
		t.Errorf("groups %+v", g)
	}
}
