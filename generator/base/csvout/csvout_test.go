package csvout

import (
	"bytes"
	"testing"
)

func TestRowsEndInCRLFAndFormulasAreNeutralised(t *testing.T) {
	var b bytes.Buffer
	w, err := New(&b, "name", "value")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range [][]string{{"=SUM(A1)", "-3"}, {"@x", "+1.5"}, {"-x", "a,\"b\""}, {"plain", ""}} {
		if err := w.Row(r...); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	want := "name,value\r\n'=SUM(A1),-3\r\n'@x,+1.5\r\n'-x,\"a,\"\"b\"\"\"\r\nplain,\r\n"
	if b.String() != want {
		t.Errorf("got %q\nwant %q", b.String(), want)
	}
}
