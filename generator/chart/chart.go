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
	ID      string
	Title   string
	Option  string // ECharts option, JSON
	Table   Table
	Caption string // one line under the chart (how it is counted)
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
}

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
}

// Build renders a Spec into a Chart.
func Build(s Spec) (Chart, error) {
	if s.ID == "" {
		return Chart{}, fmt.Errorf("chart %q: no ID", s.Title)
	}
	for _, se := range s.Series {
		if len(se.Values) != len(s.X) {
			return Chart{}, fmt.Errorf("chart %s: series %q has %d values for %d categories", s.ID, se.Name, len(se.Values), len(s.X))
		}
	}
	x := make([]string, len(s.X))
	for i, v := range s.X {
		x[i] = Inert(v)
	}
	global := []charts.GlobalOpts{
		charts.WithInitializationOpts(opts.Initialization{ChartID: s.ID}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "axis"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(len(s.Series) > 1), Top: "0", Type: "scroll"}),
		charts.WithGridOpts(opts.Grid{Left: "3%", Right: "3%", Bottom: gridBottom(s.Zoom), Top: "40", ContainLabel: opts.Bool(true)}),
		// The first and last labels align inward so the chart edges never clip them.
		charts.WithXAxisOpts(opts.XAxis{AxisLabel: &opts.AxisLabel{HideOverlap: opts.Bool(true), AlignMinLabel: "left", AlignMaxLabel: "right"}}),
		charts.WithYAxisOpts(opts.YAxis{Name: Inert(s.YName), Type: "value", Scale: opts.Bool(s.Scale)}),
		charts.WithAnimation(false),
	}
	if s.Zoom {
		global = append(global, charts.WithDataZoomOpts(opts.DataZoom{Type: "slider", Start: 0, End: 100}))
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
				data[i] = opts.BarData{Value: value(v)}
			}
			b.AddSeries(Inert(se.Name), data, charts.WithBarChartOpts(opts.BarChart{Stack: Inert(se.Stack)}))
		}
		c = b
	default:
		l := charts.NewLine()
		l.SetGlobalOptions(global...)
		l.SetXAxis(x)
		for _, se := range s.Series {
			data := make([]opts.LineData, len(se.Values))
			for i, v := range se.Values {
				data[i] = opts.LineData{Value: value(v)}
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
	return Chart{ID: s.ID, Title: s.Title, Option: string(b), Table: table(s), Caption: s.Caption}, nil
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
	t := Table{Columns: append([]string{""}, make([]string, len(s.Series))...)}
	for i, se := range s.Series {
		t.Columns[i+1] = se.Name
	}
	for i, x := range s.X {
		row := []string{x}
		for _, se := range s.Series {
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
