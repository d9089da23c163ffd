package chart

import (
	"encoding/json"
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
