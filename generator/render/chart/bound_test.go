package chart

import (
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"testing"
)

// days returns n categories "d0000".."d<n-1>".
func days(n int) []string {
	x := make([]string, n)
	for i := range x {
		x[i] = fmt.Sprintf("d%04d", i)
	}
	return x
}

// optionSeries decodes the option's series values, in order, "-" as NaN.
func optionSeries(t *testing.T, c Chart) (x []string, series [][]float64) {
	t.Helper()
	var opt struct {
		XAxis  []struct{ Data []string } `json:"xAxis"`
		Series []struct {
			Data []struct{ Value any } `json:"data"`
		} `json:"series"`
	}
	if err := json.Unmarshal([]byte(c.Option), &opt); err != nil {
		t.Fatal(err)
	}
	for _, s := range opt.Series {
		var v []float64
		for _, d := range s.Data {
			f, ok := d.Value.(float64)
			if !ok {
				f = math.NaN()
			}
			v = append(v, f)
		}
		series = append(series, v)
	}
	return opt.XAxis[0].Data, series
}

// A level (a backlog) over 502 days is drawn at every third day counted
// back from the last, with the value of that day; a count per day is
// drawn as the sum over its bucket. The table shows the same buckets and
// Full keeps every day.
func TestLongAxisIsDrawnInBucketsEndingAtTheLastCategory(t *testing.T) {
	n := 2*MaxPoints + 2 // 502: buckets of 3, the first of 1
	x := days(n)
	level, count := make([]float64, n), make([]float64, n)
	for i := range x {
		level[i], count[i] = float64(i), 1
	}
	count[n-1] = math.NaN() // a gap still sums what the bucket has
	c, err := Build(Spec{ID: "long", Kind: Line, X: x, Series: []Series{
		{Name: "backlog", Values: level}, {Name: "opened", Values: count, Sum: true}}})
	if err != nil {
		t.Fatal(err)
	}
	if c.Every != 3 || c.Full == nil || len(c.Full.Rows) != n {
		t.Fatalf("Every %d, Full %v rows; want 3 and all %d", c.Every, c.Full != nil, n)
	}
	gotX, s := optionSeries(t, c)
	// 502 = 1 + 3*167: buckets end at d0000, d0003, ..., d0501.
	if len(gotX) != 168 || gotX[0] != "d0000" || gotX[1] != "d0003" || gotX[167] != "d0501" {
		t.Fatalf("x = %d categories %v ... %v; want 168 from d0000, d0003 to d0501", len(gotX), gotX[:2], gotX[len(gotX)-1])
	}
	if s[0][0] != 0 || s[0][1] != 3 || s[0][167] != 501 {
		t.Errorf("backlog drawn %v %v ... %v; want the last day's values 0, 3, 501", s[0][0], s[0][1], s[0][167])
	}
	if s[1][0] != 1 || s[1][1] != 3 || s[1][167] != 2 {
		t.Errorf("opened drawn %v %v ... %v; want the bucket sums 1, 3, 2 (the last bucket has a gap)", s[1][0], s[1][1], s[1][167])
	}
	if len(c.Table.Rows) != 168 || c.Table.Rows[167][0] != "d0501" || c.Table.Rows[167][1] != "501" || c.Table.Rows[167][2] != "2" {
		t.Errorf("table's last row %v of %d; want d0501 501 2 of 168", c.Table.Rows[len(c.Table.Rows)-1], len(c.Table.Rows))
	}
	if c.Full.Rows[n-2][0] != "d0500" || c.Full.Rows[n-2][1] != "500" {
		t.Errorf("Full row %v; want every day", c.Full.Rows[n-2])
	}
	if !c.Summed {
		t.Error("Summed is false with a Sum series")
	}
	c, err = Build(Spec{ID: "levels", Kind: Line, X: x, Series: []Series{{Name: "backlog", Values: level}}})
	if err != nil {
		t.Fatal(err)
	}
	if c.Summed || c.Every != 3 {
		t.Errorf("levels only: Summed %v, Every %d; want false, 3", c.Summed, c.Every)
	}
}

// An axis of MaxPoints categories is drawn whole.
func TestShortAxisIsDrawnWhole(t *testing.T) {
	c, err := Build(Spec{ID: "short", Kind: Bar, X: days(MaxPoints), Series: []Series{{Name: "v", Values: make([]float64, MaxPoints)}}})
	if err != nil {
		t.Fatal(err)
	}
	if c.Full != nil || c.Every != 1 || len(c.Table.Rows) != MaxPoints {
		t.Errorf("Every %d, Full set %v, %d rows; want the axis whole", c.Every, c.Full != nil, len(c.Table.Rows))
	}
}

// Counts behind a bucketed median follow its values: the last day's count
// for a level, the sum for a Sum series.
func TestBucketCountsFollowTheirValues(t *testing.T) {
	n := MaxPoints + 1 // buckets of 2, the first of 1
	v, counts := make([]float64, n), make([]int, n)
	for i := range v {
		v[i], counts[i] = float64(i), i
	}
	s, _, k := bucket(Spec{X: days(n), Series: []Series{{Values: v, Counts: counts}, {Values: v, Counts: counts, Sum: true}}})
	if k != 2 || len(s.X) != 126 {
		t.Fatalf("k %d, %d buckets; want 2 and 126", k, len(s.X))
	}
	if got := s.Series[0].Counts[125]; got != n-1 {
		t.Errorf("level's last count %d, want %d", got, n-1)
	}
	if got := s.Series[1].Counts[125]; got != (n-2)+(n-1) {
		t.Errorf("sum's last count %d, want %d", got, (n-2)+(n-1))
	}
}

// Many markers become at most MaxMarkers: one per category, then runs of
// categories, each naming its first event and how many more, and linking
// only when it is a single event.
func TestMarkersAreBounded(t *testing.T) {
	x := days(100)
	var ms []Marker
	for i := 0; i < 100; i++ {
		for j := 0; j < 3; j++ { // three incidents a day
			ms = append(ms, Marker{X: x[i], Label: fmt.Sprintf("SEV2 %d.%d", i, j), URL: "pm.html"})
		}
	}
	c, err := Build(Spec{ID: "m", Kind: Line, X: x, Series: []Series{{Name: "v", Values: make([]float64, 100)}}, Markers: ms})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Markers) > MaxMarkers || len(c.Markers) < MaxMarkers/2 {
		t.Fatalf("%d markers; want at most %d and not far fewer", len(c.Markers), MaxMarkers)
	}
	// 100 days in runs of 2: 50 markers of 6 incidents each.
	if len(c.Markers) != 50 || c.Markers[0].Label != "SEV2 0.0 and 5 more" || c.Markers[0].X != "d0000" || c.Markers[1].X != "d0002" || c.Markers[0].URL != "" {
		t.Errorf("markers %d, first %+v, second at %s", len(c.Markers), c.Markers[0], c.Markers[1].X)
	}
	if strings.Count(c.Option, `"xAxis":"d`) > MaxMarkers {
		t.Errorf("the option draws more than %d markers", MaxMarkers)
	}
	few := []Marker{{X: x[3], Label: "SEV1", URL: "pm.html"}}
	c, err = Build(Spec{ID: "m", Kind: Line, X: x, Series: []Series{{Name: "v", Values: make([]float64, 100)}}, Markers: few})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Markers) != 1 || c.Markers[0] != few[0] {
		t.Errorf("a single marker became %+v", c.Markers)
	}
}
