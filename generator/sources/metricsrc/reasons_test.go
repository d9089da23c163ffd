package metricsrc

import (
	"strings"
	"testing"

	"github.com/vitals-dev/vitals/generator/base/diag"
)

// Issue 23: a Latin-1 export was refused without a line.
func TestLatin1ExportIsRefusedAtItsFirstByteThatIsNotUTF8(t *testing.T) {
	src := "time,caf\xe9\n2024-01-01,1\n"
	_, ds := Parse(strings.NewReader(src), Options{Path: "m.csv", Name: "m"})
	want := "m.csv:1:9: byte 0xe9 is not UTF-8: not UTF-8 or UTF-16 text, nor JSON (a Latin-1 or Windows-1252 export? save it as UTF-8)"
	if len(ds) != 1 || ds[0].String() != want {
		t.Errorf("got %v\nwant %s", ds, want)
	}
	src = "time,cafe\n2024-01-01,1\n2024-01-02,na\xefve\n"
	_, ds = Parse(strings.NewReader(src), Options{Path: "m.csv", Name: "m"})
	if len(ds) != 1 || !strings.HasPrefix(ds[0].String(), "m.csv:3:14: byte 0xef is not UTF-8") {
		t.Errorf("got %v, want line 3, column 14", ds)
	}
}

// Issue 23: a header with one column more than every row ("a 10 MB header
// column") gave "9008 of 9008 rows could not be read" and no reason: the
// rows' own warnings are not printed when the build fails.
func TestTooManyBadRowsSaysWhyTheFirstWasBad(t *testing.T) {
	src := "time,a," + strings.Repeat("H", 1<<20) + "\n2024-01-01,1\n2024-01-02,2\n"
	_, ds := Parse(strings.NewReader(src), Options{Path: "m.csv", Name: "m"})
	var got string
	for _, d := range ds {
		if d.Severity == diag.Error {
			got = d.String()
		}
	}
	want := "m.csv: 2 of 2 rows (100.0%) could not be read, more than the 10.0% allowed ([metrics] max_bad_share); is the format right? The first, line 2: the row has 2 fields but the header has 3, so the row is skipped"
	if got != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
}
