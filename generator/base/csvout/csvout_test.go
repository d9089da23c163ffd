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

// TestFormulaGuardLooksPastBlanksAndCompatibilityForms: issue 23 found
// "\r=cmd|' /C calc'!A0" written as "=cmd|' /C calc'!A0" (encoding/csv drops
// a lone CR), and tab, space and the full-width ＝ passing the guard.
func TestFormulaGuardLooksPastBlanksAndCompatibilityForms(t *testing.T) {
	for _, c := range []struct {
		cell    string
		formula bool
	}{
		{"=1+1", true},
		{"\r=cmd|' /C calc'!A0", true},
		{"\n=1+1", true},
		{"\r\n@SUM(1)", true},
		{"\t=1+1", true},
		{" +cmd", true},
		{"   -1+1", true},
		{"\u00a0=1", true},               // no-break space
		{"\u3000=1", true},               // ideographic space
		{"\uff1dHYPERLINK(\"x\")", true}, // full-width =
		{"\uff0bcmd", true},              // full-width +
		{"\uff0d1+1", true},              // full-width -
		{"\uff20SUM(1)", true},           // full-width @
		{"\ufe66cmd", true},              // small =
		{"\ufe62cmd", true},              // small +
		{"\ufe6bcmd", true},              // small @
		{" \t\uff1d1", true},
		{"=\u0338x", true}, // = and a combining mark (NFKC: ≠)
		{"-3", false},
		{"+1.5", false},
		{"-0.25", false},
		{"-1e-3", false},
		{".5", false},
		{"-Inf", true}, // not a plain number: text
		{"-", true},
		{"plain", false},
		{"a=b", false},
		{"", false},
		{" \t\r\n", false},
		{"\u2260x", false},  // ≠ itself is not =
		{"'=1", false},      // already neutralised
		{"\u200b=1", false}, // zero-width space is not blank: the cell starts with it
	} {
		if got := IsFormula(c.cell); got != c.formula {
			t.Errorf("IsFormula(%q) = %v, want %v", c.cell, got, c.formula)
		}
		want := c.cell
		if c.formula {
			want = "'" + c.cell
		}
		if got := Safe(c.cell); got != want {
			t.Errorf("Safe(%q) = %q, want %q", c.cell, got, want)
		}
	}
}

// TestCarriageReturnCellIsWrittenNeutralised writes the cell that issue 23
// saw written as a live formula and reads what a spreadsheet gets.
func TestCarriageReturnCellIsWrittenNeutralised(t *testing.T) {
	var b bytes.Buffer
	w, err := New(&b, "name")
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Row("\r=cmd|' /C calc'!A0"); err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if want := "name\r\n\"'=cmd|' /C calc'!A0\"\r\n"; b.String() != want {
		t.Errorf("got %q, want %q", b.String(), want)
	}
}

func FuzzIsFormula(f *testing.F) {
	for _, s := range []string{"=1", "\r=1", "\uff1d1", "-3", "plain"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		// A neutralised cell is never a formula, and Safe adds at most one
		// apostrophe.
		out := Safe(s)
		if IsFormula(out) {
			t.Errorf("Safe(%q) = %q is still a formula", s, out)
		}
		if out != s && out != "'"+s {
			t.Errorf("Safe(%q) = %q", s, out)
		}
	})
}
