// Package chart builds ECharts options with go-echarts and pairs every chart
// with the table of its numbers.
//
// Only the option JSON leaves this package. go-echarts' own page templates
// write options raw into a <script> element and turn strings shaped
// "__f__…__f__" into live JavaScript; vitals instead marshals the option
// (JSON()) itself, so a data string stays a JSON string, and pages carry it
// in a data attribute through html/template. IDs are given by the caller and
// stable (go-echarts would pick a random one).
package chart

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// Chart is one rendered chart.
type Chart struct {
	ID     string
	Title  string
	Option string // ECharts option, JSON
	// Meta is what vitals.js needs beyond the option (JSON): the table's
	// decimals for tooltips, the counts behind each value, marker links.
	Meta    string
	Table   Table
	Caption string // one line under the chart (how it is counted)
	// How links the precise definition on "How we count", relative to
	// the page ("" none): the caption says it plainly, the link exactly.
	How string
	// Markers are the chart's events, also listed under it as links.
	Markers []Marker
	// Tall: two panes (Spec.Lower), drawn taller.
	Tall bool
	// Full is every category's row when the axis was too long to draw
	// whole (MaxPoints): Table then holds the buckets drawn, Every
	// categories each, and the page links a download of Full.
	Full  *Table
	Every int
	// Summed: some series of a bucketed chart draw a bucket's total
	// (Series.Sum), not its last value.
	Summed bool
}

// Marker is an event on the category axis: an incident, a month that
// missed its target, a launch's stage. It is drawn as a glyph on the axis,
// one shape and colour per kind, each kind with its legend entry.
type Marker struct {
	X     string // the category it falls in
	Label string // short text: a tag, a severity and date
	URL   string // its page, relative to the page the chart is on ("" none)
	Kind  MarkerKind
	// Quiet markers are drawn (with their label in the tooltip) but not
	// listed under the chart: the page lists them already.
	Quiet bool
}

// MarkerKind is what a marker marks.
type MarkerKind int

const (
	MarkIncident MarkerKind = iota
	MarkTargetMissed
	MarkLaunch
)

// markerStyles draw each kind: its legend name, glyph and colour. Shapes
// differ as well as colours, so the kinds part without colour too; each
// colour has at least 3:1 against the light and the dark background.
var markerStyles = [...]struct{ Name, Symbol, Color string }{
	MarkIncident:     {"incidents", "triangle", "#C0392B"},
	MarkTargetMissed: {"target missed", "diamond", "#9C7C00"},
	MarkLaunch:       {"launch stages", "rect", "#6E7781"},
}

// MarkerName is the legend name of a kind of marker ("incidents").
func MarkerName(k MarkerKind) string { return markerStyles[k].Name }

// MarkerGroup is the markers of one kind, as the list under a chart
// names them: under the legend's name, with the legend's glyph.
type MarkerGroup struct {
	Name, Glyph, Class string
	Markers            []Marker
}

var glyphs = [...]string{MarkIncident: "▲", MarkTargetMissed: "◆", MarkLaunch: "■"}

// MarkerGroups are the chart's markers by kind, in the legend's order.
func (c Chart) MarkerGroups() []MarkerGroup {
	var out []MarkerGroup
	for _, k := range markerKinds(c.Markers) {
		g := MarkerGroup{Name: markerStyles[k].Name, Glyph: glyphs[k], Class: strings.ReplaceAll(markerStyles[k].Name, " ", "-")}
		for _, m := range c.Markers {
			if m.Kind == k && !m.Quiet {
				g.Markers = append(g.Markers, m)
			}
		}
		if len(g.Markers) > 0 {
			out = append(out, g)
		}
	}
	return out
}

// Table is a chart's numbers, for screen readers, print and copying.
type Table struct {
	Columns []string
	Rows    [][]string
}

// Series is one line or bar series. NaN values are gaps.
type Series struct {
	Name   string
	Values []float64
	// Stack groups bar or area series that stack.
	Stack string
	// Area fills under a line.
	Area bool
	// Dashed draws a comparison line (a year earlier, a target).
	Dashed bool
	// Step draws a step line.
	Step bool
	// Counts are the numbers behind each value (issues closed behind a
	// median), shown in the tooltip; nil when the value is itself a count.
	Counts []int
	// Final values do not change later (a year earlier's): never drawn
	// apart as Provisional.
	Final bool
	// Projection values are a forecast, not counts (Spec.Forecast).
	Projection bool
	// Band draws a range around the series before it, in its colour:
	// BandEdge is the range's lower edge (drawn as nothing, not in the
	// legend), BandFill its width stacked on the edge (shaded).
	Band int
	// Sum: the values are counts per period, so a bucket of periods
	// (MaxPoints) draws their sum; otherwise it draws its last period's
	// value, as a level (a backlog, a budget left) reads.
	Sum bool
	// Bound draws one bound of an interval around the series before it
	// that is not a Bound: in its colour, and out of the legend.
	Bound bool
}

// Band kinds (Series.Band).
const (
	BandEdge = 1
	BandFill = 2
)

// Kind of chart.
type Kind int

const (
	Line Kind = iota
	Bar
)

// Spec describes a chart over a category axis (periods).
type Spec struct {
	ID       string
	Title    string
	Kind     Kind
	X        []string
	Series   []Series
	YName    string // unit on the y axis
	Decimals int    // for the table
	Caption  string
	// Zoom adds a data-zoom slider (long daily series).
	Zoom bool
	// Scale lets the value axis start away from zero (SLIs near 100%).
	Scale bool
	// Partial says the last category is an unfinished period: its label
	// ends "(to date)" and its values are drawn apart (dashed, hatched), so
	// a period that has barely begun never reads as a drop.
	Partial bool
	// Provisional periods, the last complete ones (before a partial one),
	// hold counts that may still rise (bugs whose labels are still
	// coming): drawn apart like a partial period, except the Final series.
	Provisional int
	// Integer keeps the value axis on whole numbers (counts).
	Integer bool
	// Log draws the value axis on a log scale, for series that span
	// decades (a p90 that would squash its median flat); values at or
	// below zero are left out of the drawing (the table keeps them).
	Log bool
	// CountOf names what Series.Counts count ("issues closed").
	CountOf string
	// Markers are events drawn as glyphs on the category axis.
	Markers []Marker
	// ZoomLast, with Zoom, opens the chart on its last ZoomLast categories
	// (the slider reaches the rest): 156 weeks at once are a blur.
	ZoomLast int
	// Unit follows values in tooltips ("days", "%").
	Unit string
	// How is Chart.How.
	How string
	// ValueLabels writes each bar's value over it; ValueNotes, where given,
	// a second line under the value (a funnel stage's conversion, "8.4%").
	ValueLabels bool
	ValueNotes  []string
	// Periods names the kind of period of the categories where they do
	// not say it themselves: "week" (a week is named by its Monday's
	// date, which tooltips call "week of ...").
	Periods string
	// Forecast, when above 0, is the first category of a projection
	// (after as_of): only the Projection series have values from there.
	Forecast int
	// YMax fixes the top of the value axis (100 for a share in percent).
	YMax float64
	// Lower are line series drawn in a second pane under the first, on
	// the same category axis, with a value axis of their own named
	// LowerName: a rollout's share of users above, the burn rates of its
	// guardrails below. Their values follow Series in the table.
	Lower     []Series
	LowerName string
}

// Palette colours the series in order, set on every series so that a
// partial period's overlay has the colour of its series. It is safe for
// colour-blind readers (Okabe and Ito's blue, vermillion, bluish green
// and reddish purple, with a violet and a brown that keep apart from them
// under protanopia, deuteranopia and tritanopia) and every colour has at
// least 3:1 contrast against the light and the dark page (WCAG 1.4.11);
// palette_test computes both. A series past the sixth repeats a colour
// with a dashed line.
var Palette = []string{"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#8F3CF0", "#846030"}

// ToDate is appended to the label of an unfinished period.
const ToDate = " (to date)"

// Build renders a Spec into a Chart.
func Build(s Spec) (Chart, error) {
	if s.ID == "" {
		return Chart{}, fmt.Errorf("chart %q: no ID", s.Title)
	}
	for _, se := range append(append([]Series(nil), s.Series...), s.Lower...) {
		if len(se.Values) != len(s.X) {
			return Chart{}, fmt.Errorf("chart %s: series %q has %d values for %d categories", s.ID, se.Name, len(se.Values), len(s.X))
		}
	}
	if len(s.Lower) > 0 && (s.Kind != Line || s.Partial) {
		return Chart{}, fmt.Errorf("chart %s: a lower pane needs a line chart of complete periods", s.ID)
	}
	s, full, every := bucket(s)
	// A marker outside the axis has nowhere to go.
	var inAxis []Marker
	for _, m := range s.Markers {
		for _, v := range s.X {
			if v == m.X {
				inAxis = append(inAxis, m)
				break
			}
		}
	}
	// Bounded kind by kind, in the legend's order: a merged marker ("X
	// and 11 more") keeps one kind's glyph.
	var bounded []Marker
	for _, k := range markerKinds(inAxis) {
		var of []Marker
		for _, m := range inAxis {
			if m.Kind == k {
				of = append(of, m)
			}
		}
		bounded = append(bounded, boundMarkers(of, s.X)...)
	}
	s.Markers = bounded
	x := make([]string, len(s.X))
	for i, v := range s.X {
		x[i] = Inert(v)
	}
	partial := s.Partial && len(x) > 0
	if partial {
		x[len(x)-1] += ToDate
	}
	global := []charts.GlobalOpts{
		charts.WithInitializationOpts(opts.Initialization{ChartID: s.ID}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		// A plain legend wraps onto more rows where it must (a paged one
		// hides series on a phone); vitals.js moves the plot down below
		// its rows and the value axis's name, so neither covers the other.
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(len(s.Series)+len(s.Lower)+len(markerKinds(s.Markers)) > 1), Top: "0", Type: "plain"}),
		charts.WithGridOpts(opts.Grid{Left: "3%", Right: "3%", Bottom: gridBottom(s.Zoom), Top: gridTop(s), ContainLabel: opts.Bool(true)}),
		// The last label aligns inward so the chart's edge never clips it
		// (vitals.js spaces the one before it by that much more); the
		// others stay centred on their period.
		charts.WithXAxisOpts(opts.XAxis{AxisLabel: &opts.AxisLabel{HideOverlap: opts.Bool(true), AlignMaxLabel: "right"}}),
		charts.WithYAxisOpts(opts.YAxis{Name: Inert(yName(s)), Type: yType(s), Scale: opts.Bool(s.Scale)}),
		charts.WithAnimation(false),
	}
	if s.Zoom {
		start := float32(0)
		if n := len(s.X); s.ZoomLast > 0 && n > s.ZoomLast {
			start = float32(math.Floor(1000*float64(n-s.ZoomLast)/float64(n)) / 10)
		}
		global = append(global, charts.WithDataZoomOpts(opts.DataZoom{Type: "slider", Start: start, End: 100}))
	}
	var c interface {
		Validate()
		JSON() map[string]interface{}
	}
	switch s.Kind {
	case Bar:
		b := charts.NewBar()
		b.SetGlobalOptions(global...)
		b.SetXAxis(x)
		for _, se := range s.Series {
			data := make([]opts.BarData, len(se.Values))
			for i, v := range se.Values {
				data[i] = opts.BarData{Value: value(drawn(s, v))}
			}
			b.AddSeries(Inert(se.Name), data, charts.WithBarChartOpts(opts.BarChart{Stack: Inert(se.Stack)}))
		}
		c = b
	default:
		l := charts.NewLine()
		l.SetGlobalOptions(global...)
		l.SetXAxis(x)
		for _, se := range append(append([]Series(nil), s.Series...), s.Lower...) {
			data := make([]opts.LineData, len(se.Values))
			for i, v := range se.Values {
				data[i] = opts.LineData{Value: value(drawn(s, v))}
			}
			so := []charts.SeriesOpts{charts.WithLineChartOpts(opts.LineChart{
				Stack: Inert(se.Stack), ShowSymbol: opts.Bool(len(s.X) <= 60), Step: se.Step, ConnectNulls: opts.Bool(false)})}
			if se.Area {
				so = append(so, charts.WithAreaStyleOpts(opts.AreaStyle{Opacity: opts.Float(0.15)}))
			}
			if se.Dashed {
				so = append(so, charts.WithLineStyleOpts(opts.LineStyle{Type: "dashed"}))
			}
			l.AddSeries(Inert(se.Name), data, so...)
		}
		c = l
	}
	c.Validate()
	b, err := json.Marshal(c.JSON())
	if err != nil {
		return Chart{}, fmt.Errorf("chart %s: %w", s.ID, err)
	}
	// go-echarts has no word for what follows; the option is reworked as
	// plain JSON (map keys marshal sorted, so the bytes stay stable).
	var opt map[string]any
	if err := json.Unmarshal(b, &opt); err != nil {
		return Chart{}, fmt.Errorf("chart %s: %w", s.ID, err)
	}
	finish(opt, s, partial)
	if b, err = json.Marshal(opt); err != nil {
		return Chart{}, fmt.Errorf("chart %s: %w", s.ID, err)
	}
	m, err := json.Marshal(meta(s, partial))
	if err != nil {
		return Chart{}, fmt.Errorf("chart %s: %w", s.ID, err)
	}
	t := table(s)
	if partial {
		t.Rows[len(t.Rows)-1][0] += ToDate
	}
	if full != nil && partial {
		full.Rows[len(full.Rows)-1][0] += ToDate
	}
	return Chart{ID: s.ID, Title: s.Title, Option: string(b), Meta: string(m), Table: t, Caption: s.Caption, How: s.How, Markers: s.Markers, Tall: len(s.Lower) > 0,
		Full: full, Every: every, Summed: full != nil && summed(s)}, nil
}

func yName(s Spec) string {
	if s.Log {
		if s.YName == "" {
			return "log scale"
		}
		return s.YName + ", log scale"
	}
	return s.YName
}

func yType(s Spec) string {
	if s.Log {
		return "log"
	}
	return "value"
}

// drawn is a value as the chart draws it: a log axis has no place for
// zero or less.
func drawn(s Spec, v float64) float64 {
	if s.Log && v <= 0 {
		return math.NaN()
	}
	return v
}

// finish adds to the option what go-echarts cannot say: colours, the
// unfinished period, whole-number and label settings, and markers.
func finish(opt map[string]any, s Spec, partial bool) {
	series, _ := opt["series"].([]any)
	var legend []any
	var overlays []any
	n := len(s.X)
	colorIndex := -1
	for i, raw := range series {
		se, ok := raw.(map[string]any)
		if !ok {
			continue
		}
		var sr Series
		if i < len(s.Series) {
			sr = s.Series[i]
		}
		band := sr.Band
		if band == 0 && !sr.Bound {
			colorIndex++
		}
		color := Palette[max(colorIndex, 0)%len(Palette)]
		se["color"] = color
		switch band {
		case BandEdge:
			se["lineStyle"] = map[string]any{"opacity": 0}
			se["showSymbol"] = false
			continue // no legend entry, never drawn apart
		case BandFill:
			se["lineStyle"] = map[string]any{"opacity": 0}
			se["showSymbol"] = false
			se["areaStyle"] = map[string]any{"opacity": 0.2}
		}
		if colorIndex >= len(Palette) && s.Kind == Line {
			ls, _ := se["lineStyle"].(map[string]any)
			if ls == nil {
				ls = map[string]any{}
			}
			ls["type"] = "dashed"
			se["lineStyle"] = ls
		}
		if !sr.Bound {
			legend = append(legend, se["name"])
		}
		if s.ValueLabels {
			se["label"] = map[string]any{"show": true, "position": "top", "lineHeight": 15} // vitals.js formats the value
		}
		// The last periods drawn apart: the unfinished one, and the
		// provisional ones before it (of series that may still change).
		apart := 0
		if partial {
			apart++
		}
		if i < len(s.Series) && !sr.Final {
			apart += s.Provisional
		}
		if apart == 0 || n < apart+1 {
			continue
		}
		data, _ := se["data"].([]any)
		if len(data) != n {
			continue
		}
		if s.Kind == Bar {
			// Those bars are hatched and pale.
			for k := n - apart; k < n; k++ {
				data[k].(map[string]any)["itemStyle"] = map[string]any{"opacity": 0.5, "decal": map[string]any{
					"symbol": "rect", "rotation": -0.785, "dashArrayX": []any{1, 0}, "dashArrayY": []any{3, 5}, "color": "rgba(0,0,0,0.25)"}}
			}
			continue
		}
		// A line stops at the last settled period; a dotted overlay of the
		// same name (one legend entry) carries it on over the others.
		ov := map[string]any{"type": "line", "name": se["name"], "color": color, "z": 1,
			"lineStyle": map[string]any{"type": "dotted", "width": 2}, "symbol": "emptyCircle", "showSymbol": true,
			"connectNulls": false, "vitalsPartial": true}
		od := make([]any, n)
		for k := range od {
			od[k] = map[string]any{"value": "-"}
		}
		od[n-apart-1] = data[n-apart-1]
		for k := n - apart; k < n; k++ {
			od[k] = map[string]any{"value": data[k].(map[string]any)["value"]}
			data[k] = map[string]any{"value": "-"}
		}
		ov["data"] = od
		if st, ok := se["stack"]; ok {
			ov["stack"] = st
		}
		overlays = append(overlays, ov)
	}
	if len(s.Lower) > 0 {
		lowerPane(opt, s, series)
	}
	series = append(series, overlays...)
	marks := markerSeries(opt, s, partial)
	for _, m := range marks {
		legend = append(legend, m.(map[string]any)["name"])
	}
	opt["series"] = append(series, marks...)
	opt["color"] = Palette
	if leg, ok := opt["legend"].(map[string]any); ok && len(legend) > 0 {
		leg["data"] = legend
	}
	// Confined: a tooltip never reaches past the chart (nor the page on a phone).
	if tt, ok := opt["tooltip"].(map[string]any); ok {
		tt["confine"] = true
	}
	if ys, ok := opt["yAxis"].([]any); ok && len(ys) > 0 && s.Integer {
		ys[0].(map[string]any)["minInterval"] = 1
	}
	if ys, ok := opt["yAxis"].([]any); ok && len(ys) > 0 && s.YMax != 0 {
		ys[0].(map[string]any)["max"] = s.YMax
	}
}

// lowerPane moves the Lower series (the last of series) into a second
// grid under the first, with its own value axis and a copy of the
// category axis; one axis pointer moves over both, and the markers sit
// on the lower pane's axis, the chart's foot.
func lowerPane(opt map[string]any, s Spec, series []any) {
	bottom := gridBottom(s.Zoom)
	// The upper pane reaches past the middle, where a reader (and the
	// browser check) points first: the gap between the panes shows no
	// tooltip.
	opt["grid"] = []any{
		map[string]any{"left": "3%", "right": "3%", "top": "55", "height": "46%", "containLabel": true},
		map[string]any{"left": "3%", "right": "3%", "top": "65%", "bottom": bottom, "containLabel": true},
	}
	if xs, ok := opt["xAxis"].([]any); ok && len(xs) > 0 {
		lower := map[string]any{}
		for k, v := range xs[0].(map[string]any) {
			lower[k] = v
		}
		lower["gridIndex"] = 1
		opt["xAxis"] = append(xs[:1], lower)
	}
	if ys, ok := opt["yAxis"].([]any); ok && len(ys) > 0 {
		opt["yAxis"] = append(ys[:1], map[string]any{"gridIndex": 1, "type": "value", "name": Inert(s.LowerName)})
	}
	first := len(series) - len(s.Lower)
	for i := first; i < len(series); i++ {
		se := series[i].(map[string]any)
		se["xAxisIndex"], se["yAxisIndex"] = 1, 1
	}
	opt["axisPointer"] = map[string]any{"link": []any{map[string]any{"xAxisIndex": "all"}}}
	if dz, ok := opt["dataZoom"].([]any); ok {
		for _, z := range dz {
			z.(map[string]any)["xAxisIndex"] = []any{0, 1}
		}
	}
}

// markerKinds are the kinds of the markers, in kind order.
func markerKinds(ms []Marker) []MarkerKind {
	var has [len(markerStyles)]bool
	for _, m := range ms {
		has[m.Kind] = true
	}
	var out []MarkerKind
	for k, h := range has {
		if h {
			out = append(out, MarkerKind(k))
		}
	}
	return out
}

// markerSeries draws the markers as glyphs sitting on the category axis:
// one scatter series per kind (its legend entry), on a value axis of its
// own that the reader never sees, from 0 at the category axis to 1. A
// point's name is its label, for the tooltip; "marker" is its index in
// the chart's meta, for the link.
func markerSeries(opt map[string]any, s Spec, partial bool) []any {
	kinds := markerKinds(s.Markers)
	if len(kinds) == 0 {
		return nil
	}
	grid, xIndex := 0, 0
	if len(s.Lower) > 0 {
		grid, xIndex = 1, 1
	}
	ys, _ := opt["yAxis"].([]any)
	yIndex := len(ys)
	opt["yAxis"] = append(ys, map[string]any{"gridIndex": grid, "type": "value", "min": 0, "max": 1, "show": false})
	n := len(s.X)
	var out []any
	for row, k := range kinds {
		st := markerStyles[k]
		var data []any
		for i, m := range s.Markers {
			if m.Kind != k {
				continue
			}
			x := m.X
			if partial && n > 0 && x == s.X[n-1] {
				x += ToDate
			}
			data = append(data, map[string]any{"value": []any{Inert(x), 0}, "name": Inert(m.Label), "marker": i})
		}
		out = append(out, map[string]any{"type": "scatter", "name": st.Name, "color": st.Color, "symbol": st.Symbol,
			// Each kind on a row of its own just above the axis, so two
			// events in one period both show.
			"symbolSize": 11, "symbolOffset": []any{0, -7 - 12*row}, "itemStyle": map[string]any{"opacity": 1},
			"xAxisIndex": xIndex, "yAxisIndex": yIndex, "z": 5,
			"vitalsMarkers": true, "data": data})
	}
	return out
}

// gridTop leaves room above the plot for the legend's first row and the
// value axis's name; vitals.js adds a row for each row more the legend
// wraps onto.
func gridTop(s Spec) string {
	if yName(s) != "" {
		return "58"
	}
	return "36"
}

// chartMeta is what vitals.js reads from a chart's data-meta.
type chartMeta struct {
	Decimals int      `json:"decimals"`
	Periods  string   `json:"periods,omitempty"`
	Forecast int      `json:"forecast,omitempty"`
	Projects []string `json:"projections,omitempty"` // the Projection series' names
	Unit     string   `json:"unit,omitempty"`
	CountOf  string   `json:"countOf,omitempty"`
	Counts   [][]int  `json:"counts,omitempty"` // per series in order; null when none
	Partial  bool     `json:"partial,omitempty"`
	// ValueLabels: vitals.js writes each value on its bar, in the table's
	// decimals with thousands grouped (an option may carry no formatter).
	ValueLabels bool         `json:"valueLabels,omitempty"`
	ValueNotes  []string     `json:"valueNotes,omitempty"`
	Markers     []markerMeta `json:"markers,omitempty"`
}

type markerMeta struct {
	X    string `json:"x"`
	URL  string `json:"url,omitempty"`
	Kind string `json:"kind"`
}

func meta(s Spec, partial bool) chartMeta {
	m := chartMeta{Decimals: s.Decimals, Unit: Inert(s.Unit), CountOf: Inert(s.CountOf), Partial: partial, Periods: s.Periods, Forecast: s.Forecast, ValueLabels: s.ValueLabels}
	for _, n := range s.ValueNotes {
		m.ValueNotes = append(m.ValueNotes, Inert(n))
	}
	for _, se := range s.Series {
		if se.Projection {
			m.Projects = append(m.Projects, Inert(se.Name))
		}
	}
	has := false
	for _, se := range append(append([]Series(nil), s.Series...), s.Lower...) {
		m.Counts = append(m.Counts, se.Counts)
		has = has || se.Counts != nil
	}
	if !has {
		m.Counts = nil
	}
	for _, mk := range s.Markers {
		m.Markers = append(m.Markers, markerMeta{X: Inert(mk.X), URL: mk.URL, Kind: MarkerName(mk.Kind)})
	}
	return m
}

func gridBottom(zoom bool) string {
	if zoom {
		return "60"
	}
	return "10"
}

// value is a point for ECharts: "-" marks a gap.
func value(v float64) interface{} {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "-"
	}
	return v
}

func table(s Spec) Table {
	all := append(append([]Series(nil), s.Series...), s.Lower...)
	t := Table{Columns: append([]string{""}, make([]string, len(all))...)}
	for i, se := range all {
		t.Columns[i+1] = se.Name
	}
	for i, x := range s.X {
		row := []string{x}
		for _, se := range all {
			row = append(row, Format(se.Values[i], s.Decimals))
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// Format writes a number for tables and downloads: fixed decimals, "" for NaN.
func Format(v float64, decimals int) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return ""
	}
	return strconv.FormatFloat(v, 'f', decimals, 64)
}

// Inert keeps a data string a plain string in every consumer of the option:
// it breaks the "__f__" marker that go-echarts-based tooling turns into code.
func Inert(s string) string {
	return strings.ReplaceAll(s, "__f__", "_\u200b_f__")
}
