package reports

import (
	"strings"
	"testing"
	"time"
)

func TestEraWarningsNameTheSourceItsRangeAndAsOf(t *testing.T) {
	d := func(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }
	asOf := d("2026-08-22")
	tests := []struct {
		name string
		sp   Span
		want string
	}{
		{"all after as_of", Span{"repo a/b", d("2026-09-01"), d("2026-10-01"), 0, 0},
			"repo a/b has data from 2026-09-01 to 2026-10-01, none before as_of 2026-08-22T00:00:00Z: its figures are n/a; build with --as-of 2026-10-02 to count it"},
		{"ends long before", Span{`metrics source "up" (x.csv)`, d("2023-01-01"), d("2024-01-08"), 0, 0},
			`metrics source "up" (x.csv) has data from 2023-01-01 to 2024-01-08, ending 957 days before as_of 2026-08-22T00:00:00Z: recent figures on it are empty; build with --as-of 2024-01-09 to see its time`},
		{"ends 30 days before: fine", Span{"repo c/d", d("2026-01-01"), d("2026-07-23"), 0, 0}, ""},
		{"covers as_of: fine", Span{"repo e/f", d("2026-01-01"), d("2026-08-21"), 0, 0}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ds := EraWarnings(asOf, []Span{tc.sp})
			var got []string
			for _, x := range ds {
				got = append(got, x.Msg)
			}
			if strings.Join(got, "\n") != tc.want {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
}
