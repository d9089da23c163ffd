package metricsrc

import (
	"bytes"
	"testing"
	"time"
)

// FuzzParse: any input either loads or is refused with messages; it never
// panics, and what loads is sorted, unique in time and in UTC.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"time,v\n2024-03-01T00:00:00Z,1\n2024-03-01T00:00:00Z,2\n",
		"sep=;\nSeries;Time;Value\na;1709251200000;0,5\n",
		"# c\nDate,Users\n20240301,5\n",
		"timestamp,slug,status\n2024-03-01T00:00:00Z,a,down\n",
		`{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1,"1"],[2,"NaN"]]}]}}`,
		`{"series":[{"metric":"m","pointlist":[[1000,1],[2000,null]]}]}`,
		`{"data":{"attributes":{"series":[{"query_index":0}],"times":[1000],"values":[[1]]}}}`,
		"\xff\xfet\x00,\x00v\x00\n\x001\x00,\x002\x00\n\x00",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		ss, _ := Parse(bytes.NewReader(in), Options{Name: "f", Path: "fuzz"})
		for _, s := range ss {
			for i, p := range s.Points {
				if p.T.Location() != time.UTC {
					t.Fatalf("%s: point %d not UTC", s.Name, i)
				}
				if i > 0 && !s.Points[i-1].T.Before(p.T) {
					t.Fatalf("%s: points %d and %d out of order or repeated", s.Name, i-1, i)
				}
				if p.V != p.V {
					t.Fatalf("%s: NaN kept", s.Name)
				}
			}
		}
	})
}
