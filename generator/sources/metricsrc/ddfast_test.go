package metricsrc

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

// The hand-written pointlist reader gives what encoding/json gives for
// every element it takes, and hands every other shape to encoding/json.
func TestDatadogPointlistReadByHandAsEncodingJSONReadsIt(t *testing.T) {
	cases := []struct {
		name, list string
		slow       bool // an element of another shape: decoded the generic way
	}{
		{"plain", `[[1709251200000,0.5],[1709251260000.0,-2.25e3]]`, false},
		{"null value", `[[1709251200000,null]]`, false},
		{"spaces and newlines", "[ [ 1709251200000 ,\n 7 ] ,\n[1709251260000,\t8E-2] ]", false},
		{"empty", `[]`, false},
		{"null list", `null`, false},
		{"null time", `[[null,1]]`, true},
		{"one number", `[[1709251200000]]`, true},
		{"three numbers", `[[1709251200000,1,2]]`, true},
		{"string value", `[[1709251200000,"1"]]`, true},
		{"out of range", `[[1709251200000,1e400]]`, true},
		{"not a list", `{"a":1}`, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var fast struct {
				Pointlist ddPoints `json:"pointlist"`
			}
			err := json.Unmarshal([]byte(`{"pointlist":`+c.list+`}`), &fast)
			if c.slow {
				if !errors.Is(err, errDDShape) {
					t.Fatalf("err = %v, want errDDShape", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var ref [][]*float64
			if err := json.Unmarshal([]byte(c.list), &ref); err != nil {
				t.Fatal(err)
			}
			if len(fast.Pointlist) != len(ref) {
				t.Fatalf("%d points, want %d", len(fast.Pointlist), len(ref))
			}
			for i, e := range ref {
				p := fast.Pointlist[i]
				if p.n != 2 || p.noT || p.t != *e[0] || p.noV != (e[1] == nil) || (e[1] != nil && p.v != *e[1]) {
					t.Errorf("point %d = %+v, want %v", i, p, e)
				}
			}
		})
	}
}

func TestDatadogOddPointlistElementsAreBadRowsByPlace(t *testing.T) {
	doc := `{"status":"ok","series":[{"metric":"m","pointlist":[[1709251200000,1],[null,2],[1709251320000],[1709251380000,4,5],[1709251440000,6]]}]}`
	ss, ds := parseText(t, doc, Options{Name: "dd", MaxBadShare: 1})
	noErrors(t, ds)
	wantPoints(t, byName(t, ss, "dd:m"), p("2024-03-01T00:00:00Z", 1), p("2024-03-01T00:04:00Z", 6))
	for _, w := range []string{"series[0].pointlist[1]: want [milliseconds, value]", "series[0].pointlist[2]: want", "series[0].pointlist[3]: want"} {
		if !strings.Contains(ds.Error(), w) {
			t.Errorf("want %q in:\n%v", w, ds)
		}
	}
}

func TestDatadogStringInPointlistIsAnError(t *testing.T) {
	_, ds := parseText(t, "{\"status\":\"ok\",\n\"series\":[{\"metric\":\"m\",\"pointlist\":[[1709251200000,1],\n[1709251260000,\"2\"]]}]}", Options{Name: "dd"})
	if !ds.HasErrors() || !strings.Contains(ds.Error(), "not a Datadog query response: json: cannot unmarshal string") || ds[0].Line != 3 {
		t.Fatalf("want the decoder's error on line 3, got %#v", ds)
	}
}
