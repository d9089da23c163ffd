package expdata

import (
	"fmt"
	"strings"
	"testing"
)

func TestReadVariantsSumsAndCounts(t *testing.T) {
	p := write(t, "v.csv", "variant,units,spend_sum,spend_sumsq,converted_count,m1_sum,m1_sumsq\n"+
		"control,6,63,679,2,2.0000000001,2.0000000000\n"+
		"\"A\",6,84,1186,4,3,5\n")
	rows, ds := ReadVariants(p, "v.csv", "variant", []string{"spend", "converted", "m1"}, nil)
	if len(ds) > 0 {
		t.Fatal(ds)
	}
	if fmt.Sprint(rows) != "[{2 control 6 [{63 679 false} {2 2 true} {2.0000000001 2 true}]} {3 A 6 [{84 1186 false} {4 4 true} {3 5 false}]}]" {
		t.Errorf("rows %v", rows)
	}
}

func TestReadVariantsErrors(t *testing.T) {
	for _, c := range []struct{ name, text, want string }{
		{"no sumsq", "variant,units,x_sum\nc,1,1\n", "x_sum but no x_sumsq"},
		{"no columns for a metric", "variant,units,y_sum\nc,1,1\n", "neither x_sum and x_sumsq nor x_count"},
		{"no units column", "variant,n,x_count\nc,1,1\n", `no column "units"`},
		{"count above units", "variant,units,x_count\nc,3,4\nt,3,1\n", "v.csv:2: metric x: x_count \"4\" is not a whole number between 0 and the 3 units"},
		{"fractional units", "variant,units,x_count\nc,3.5,1\n", "v.csv:2: units \"3.5\" is not a whole number"},
		{"a variant twice", "variant,units,x_count\nc,3,1\nc,3,1\n", "v.csv:3: variant \"c\" is also on line 2"},
		{"not a number", "variant,units,x_sum,x_sumsq\nc,3,1,abc\n", "v.csv:2: metric x: x_sumsq \"abc\" is not a number"},
		{"negative sum of squares", "variant,units,x_sum,x_sumsq\nc,3,1,-1\n", "is negative"},
		{"a variant not in weights", "variant,units,x_count\nc,3,1\nz,3,1\n", "v.csv:3: variant \"z\" is not one of the experiment's weights"},
		{"no rows", "variant,units,x_count\n", "a header and no variants"},
		{"width", "variant,units,x_count\nc,3\n", "v.csv:2: the row has 2 fields but the header has 3"},
	} {
		_, ds := ReadVariants(write(t, "v.csv", c.text), "v.csv", "variant", []string{"x"}, []string{"c", "t"})
		if !ds.HasErrors() || !strings.Contains(ds.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.name, ds, c.want)
		}
	}
}

func TestScannerQuotes(t *testing.T) {
	s := newScanner(strings.NewReader("a,\"b,c\",\"d\"\"e\"\n\"multi\nline\",x\r\n\n\"x\"y,z\"w,\n"))
	var got []string
	for {
		ok, err := s.Next()
		if err != nil || !ok {
			break
		}
		var fs []string
		for _, f := range s.fields {
			fs = append(fs, string(f))
		}
		got = append(got, fmt.Sprintf("%d:%q", s.line, fs))
	}
	want := `1:["a" "b,c" "d\"e"] 2:["multi\nline" "x"] 5:["xy" "z\"w" ""]`
	if strings.Join(got, " ") != want {
		t.Errorf("got  %s\nwant %s", strings.Join(got, " "), want)
	}
}
