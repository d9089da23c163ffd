package tomlpos

import (
	"fmt"
	"strings"
	"testing"
)

// seen renders each key as "path@line:col=valuecol", headers as "[path]@line:col".
func seen(src string) []string {
	var out []string
	for _, k := range Scan(src) {
		p := strings.Join(k.Path, ".")
		switch {
		case k.Array:
			out = append(out, fmt.Sprintf("[[%s]]@%d:%d", p, k.Key.Line, k.Key.Col))
		case k.Header:
			out = append(out, fmt.Sprintf("[%s]@%d:%d", p, k.Key.Line, k.Key.Col))
		default:
			out = append(out, fmt.Sprintf("%s@%d:%d=%d", p, k.Key.Line, k.Key.Col, k.Value.Col))
		}
	}
	return out
}

func TestScanFindsEveryKindOfKey(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string
	}{
		{"plain keys and blanks", "a = 1\n  b=2\n\tc =\t'x'\n", []string{"a@1:1=5", "b@2:3=5", "c@3:2=6"}},
		{"dotted keys", "site.title = 'x'\n  z . w = 3\n", []string{"site.title@1:1=14", "z.w@2:3=11"}},
		{"quoted keys keep their dots", "\"a.b\" = 1\n'c.d'.e = 2\n\"q\\\"x\" = 3\n", []string{"a.b@1:1=9", "c.d.e@2:1=11", "q\"x@3:1=10"}},
		{"table headers", "[x.y]\n  b = 2\n[ \"Data loading\" ]\nc = 3\n", []string{"[x.y]@1:1", "x.y.b@2:3=7", "[Data loading]@3:1", "Data loading.c@4:1=5"}},
		{"array headers count their elements", "[[s]]\nname = 'a'\n[[s]]\nname = 'b'\n", []string{"[[s.0]]@1:1", "s.0.name@2:1=8", "[[s.1]]@3:1", "s.1.name@4:1=8"}},
		{"a sub-table is in the last element", "[[a]]\n[a.b]\nk = 1\n[[a]]\n[[a.c]]\n[[a.c]]\n", []string{"[[a.0]]@1:1", "[a.0.b]@2:1", "a.0.b.k@3:1=5", "[[a.1]]@4:1", "[[a.1.c.0]]@5:1", "[[a.1.c.1]]@6:1"}},
		{"inline comments", "[t] # the table\nk = 1 # one\n[[u]]  # an element\n# x = 1\n", []string{"[t]@1:1", "t.k@2:1=5", "[[u.0]]@3:1"}},
		{"a bracket in a quoted header", "[\"a]b\"]\nk = 1\n", []string{"[a]b]@1:1", "a]b.k@2:1=5"}},
		{"multi-line strings are skipped", "s = \"\"\"\nnot = a key\n\"\"\"\nt = '''x\ny = 1'''\nu = 2\n", []string{"s@1:1=5", "t@4:1=5", "u@6:1=5"}},
		{"multi-line arrays and inline tables show their key only", "r = [\n  \"a=b\",\n  { x = 1 },\n]\nl = { y = 2 }\n", []string{"r@1:1=5", "l@5:1=5"}},
		{"not keys", "= 1\n\"open = 1\n[open\nk 1\n", nil},
		{"CRLF", "[t]\r\nk = 1\r\n", []string{"[t]@1:1", "t.k@2:1=5"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := seen(tc.src)
			if strings.Join(got, " ") != strings.Join(tc.want, " ") {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
}

func TestNameHasNoArrayIndexes(t *testing.T) {
	ks := Scan("[[slo]]\nname = 'a'\n[[slo]]\nwindow.x = 1\n")
	if got := strings.Join(ks[3].Name, "."); got != "slo.window.x" || strings.Join(ks[3].Path, ".") != "slo.1.window.x" {
		t.Errorf("name %q path %q", got, ks[3].Path)
	}
}

// FuzzScan: any text gives keys at places inside it, never a panic.
func FuzzScan(f *testing.F) {
	f.Add("[[a]]\nb.\"c\\\"\" = 1\n[a.d]\n'e' = \"\"\"\nx\n\"\"\"\n")
	f.Add("\"\\")
	f.Add("[[\"x]")
	f.Fuzz(func(t *testing.T, src string) {
		lines := strings.Split(src, "\n")
		for _, k := range Scan(src) {
			if k.Key.Line < 1 || k.Key.Line > len(lines) || k.Key.Col < 1 || k.Value.Col > len(lines[k.Key.Line-1])+1 {
				t.Fatalf("key %v outside the text %q", k, src)
			}
			if len(k.Name) == 0 || len(k.Path) < len(k.Name) {
				t.Fatalf("key %v has no name", k)
			}
		}
	})
}
