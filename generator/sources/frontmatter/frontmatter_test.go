package frontmatter

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestParseReadsBothSyntaxes(t *testing.T) {
	tests := []struct {
		name, src, format, body string
		bodyLine                int
		params                  map[string]any
	}{
		{
			name:     "toml",
			src:      "+++\ntitle = \"Hello\"\ntags = [\"a\", \"b\"]\n+++\n# Body\n",
			format:   FormatTOML,
			body:     "# Body\n",
			bodyLine: 5,
			params:   map[string]any{"title": "Hello", "tags": []any{"a", "b"}},
		},
		{
			name:     "yaml",
			src:      "---\ntitle: Hello\ntags: [a, b]\n---\n# Body\n",
			format:   FormatYAML,
			body:     "# Body\n",
			bodyLine: 5,
			params:   map[string]any{"title": "Hello", "tags": []any{"a", "b"}},
		},
		{
			name:     "yaml with CRLF and BOM",
			src:      "\ufeff---\r\ntitle: Hello\r\n---\r\nbody\r\n",
			format:   FormatYAML,
			body:     "body\r\n",
			bodyLine: 4,
			params:   map[string]any{"title": "Hello"},
		},
		{
			name:     "no front matter",
			src:      "# Just Markdown\n\ntext\n",
			format:   FormatNone,
			body:     "# Just Markdown\n\ntext\n",
			bodyLine: 1,
			params:   map[string]any{},
		},
		{
			name:     "empty yaml",
			src:      "---\n---\ntext\n",
			format:   FormatYAML,
			body:     "text\n",
			bodyLine: 3,
			params:   map[string]any{},
		},
		{
			name:     "a later --- line is a thematic break, not front matter",
			src:      "text\n\n---\n\nmore\n",
			format:   FormatNone,
			body:     "text\n\n---\n\nmore\n",
			bodyLine: 1,
			params:   map[string]any{},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fm, body, ds := Parse("x.md", []byte(tc.src))
			if len(ds) != 0 {
				t.Fatalf("unexpected diagnostics: %v", ds)
			}
			if fm.Format != tc.format || string(body) != tc.body || fm.BodyLine != tc.bodyLine {
				t.Errorf("format %q body %q line %d; want %q %q %d", fm.Format, body, fm.BodyLine, tc.format, tc.body, tc.bodyLine)
			}
			if !reflect.DeepEqual(fm.Params, tc.params) {
				t.Errorf("params %#v; want %#v", fm.Params, tc.params)
			}
		})
	}
}

func TestParseErrorsNameFileLine(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string
	}{
		{
			// line 1 "+++", line 2 title, line 3 "severity = " with no value:
			// BurntSushi reports TOML line 2 col 12 (the newline) -> file line 3.
			name: "toml missing value",
			src:  "+++\ntitle = \"x\"\nseverity = \n+++\n",
			want: []string{`p.md:3:12: TOML front matter: expected value but found '\n' instead`},
		},
		{
			// BurntSushi places this error after the value (its column 7).
			name: "toml duplicate key",
			src:  "+++\na = 1\na = 2\n+++\n",
			want: []string{`p.md:3:7: TOML front matter: Key 'a' has already been defined.`},
		},
		{
			// YAML line 2 is file line 3 (the "---" is file line 1).
			name: "yaml bad indentation",
			src:  "---\na:\n  - x\n y: 2\n---\n",
			want: []string{`p.md:3: YAML front matter: did not find expected key`},
		},
		{
			name: "yaml duplicate key",
			src:  "---\ntitle: a\nid: b\ntitle: c\n---\n",
			want: []string{`p.md:4: YAML front matter: mapping key "title" already defined at line 1`},
		},
		{
			name: "yaml list instead of mapping",
			src:  "---\n- a\n- b\n---\n",
			want: []string{`p.md:2:1: YAML front matter must be a mapping of keys to values (key: value), not a list`},
		},
		{
			name: "unclosed",
			src:  "---\ntitle: a\n\n# body\n",
			want: []string{`p.md:1:1: front matter opened with "---" is never closed (want a line with only "---" after the last key)`},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, _, ds := Parse("p.md", []byte(tc.src))
			got := diagStrings(ds)
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
}

func TestFrontMatterPositions(t *testing.T) {
	src := "---\ntitle: x\nstarted: yesterday\naction_items:\n  - title: a\n    issue: bad\n---\n"
	fm, _, ds := Parse("p.md", []byte(src))
	if len(ds) != 0 {
		t.Fatal(ds)
	}
	// file line 3 is "started: yesterday"; the value starts at column 10.
	if got := fm.ValuePos("started"); got != (Pos{3, 10}) {
		t.Errorf("started at %v, want 3:10", got)
	}
	// "    issue: bad" on file line 6: value at column 12.
	if got := fm.ValuePos("action_items.0.issue"); got != (Pos{6, 12}) {
		t.Errorf("issue at %v, want 6:12", got)
	}
	// A key that is not written falls back to its parent.
	if got := fm.ValuePos("action_items.0.owner"); got != (Pos{5, 5}) {
		t.Errorf("owner falls back to %v, want the item at 5:5", got)
	}

	tsrc := "+++\ntitle = \"x\"\n\n[[action_items]]\ntitle = \"a\"\n\n[[action_items]]\ntitle = \"b\"\nissue   =  \"bad\"\n+++\n"
	fm, _, ds = Parse("p.md", []byte(tsrc))
	if len(ds) != 0 {
		t.Fatal(ds)
	}
	// second [[action_items]] starts on file line 7; its issue on line 9, value at col 12.
	if got := fm.ValuePos("action_items.1.issue"); got != (Pos{9, 12}) {
		t.Errorf("toml issue at %v, want 9:12", got)
	}
	if got := fm.KeyPos("action_items.1.issue"); got != (Pos{9, 1}) {
		t.Errorf("toml issue key at %v, want 9:1", got)
	}
}

func TestParseTimeForms(t *testing.T) {
	tests := []struct {
		in   string
		want string // RFC3339 in UTC, "" when refused
	}{
		{"2024-03-01T10:15:00Z", "2024-03-01T10:15:00Z"},
		{"2024-03-01T12:15:00+02:00", "2024-03-01T10:15:00Z"},
		{"2024-03-01 10:15", "2024-03-01T10:15:00Z"},
		{"2024-03-01 10:15:30", "2024-03-01T10:15:30Z"},
		{"2024-03-01", "2024-03-01T00:00:00Z"},
		{"yesterday", ""},
		{"01/03/2024", ""},
		{"2024-02-30", ""},
	}
	for _, tc := range tests {
		got, ok := ParseTime(tc.in)
		s := ""
		if ok {
			s = got.Format(time.RFC3339)
		}
		if s != tc.want {
			t.Errorf("ParseTime(%q) = %q, want %q", tc.in, s, tc.want)
		}
	}
}

// FuzzFrontMatter: any bytes give a result and diagnostics, never a panic,
// and every diagnostic names the file with a line inside it.
func FuzzFrontMatter(f *testing.F) {
	seeds := []string{
		"+++\ntitle = \"x\"\nstarted = 2024-01-02T10:00:00Z\n[[action_items]]\ntitle = \"a\"\n+++\nbody",
		"---\ntitle: x\nstarted: 2024-01-02 10:00\naction_items:\n  - title: a\n    issue: o/r#1\n---\n# H\n",
		"---\na: &x [*x]\n---\n",
		"---\n- a\n---\n",
		"+++\n\"\"\"\n+++\n",
		"---\n\t\n---\n",
		"",
		"---",
		"+++\r\n+++\r\n",
		"---\nstarted: !!timestamp x\n---\n",
		"+++\na = {b={c={d=[[{}]]}}}\n+++\n",
		"---\nparams: {1: x, [a]: y, {b: c}: z}\n---\n",
		"---\naction_items: [1, {title: 2, due: [x]}, \"t\"]\nservices: {a: 1}\nrelease: 1.20\n---\n",
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		fm, body, ds := Parse("f.md", src)
		if fm == nil || fm.Params == nil {
			t.Fatal("nil front matter")
		}
		if p := anyKeyed(fm.Params); p != "" {
			t.Fatalf("params hold a map with non-text keys: %s", p)
		}
		if len(body) > len(src) {
			t.Fatalf("body longer than file")
		}
		lines := strings.Count(string(src), "\n") + 1
		for _, d := range ds {
			if d.Path != "f.md" || d.Line < 0 || d.Line > lines+1 {
				t.Fatalf("bad diagnostic %v for %d lines", d, lines)
			}
		}
	})
}

func TestTOMLNestingIsLimited(t *testing.T) {
	deep := func(n int) string { return strings.Repeat("{a=", n) + "1" + strings.Repeat("}", n) }
	// "a = " then 65 "{a=": the 65th '{' is at column 5 + 64*3 = 197 on file line 3.
	src := "+++\ntitle = \"[[[[ {{{{ in a string\" # [[[[ in a comment\na = " + deep(MaxNesting+1) + "\n+++\n"
	_, _, ds := Parse("p.md", []byte(src))
	want := []string{"p.md:3:197: TOML front matter: arrays and inline tables nested more than 64 deep"}
	if got := diagStrings(ds); !reflect.DeepEqual(got, want) {
		t.Errorf("got %q", got)
	}
	ok := "+++\ntitle = '''\n[[[[[[\n'''\na = " + deep(MaxNesting) + "\n+++\n"
	if _, _, ds := Parse("p.md", []byte(ok)); len(ds) != 0 {
		t.Errorf("depth %d refused: %v", MaxNesting, ds)
	}
}

// anyKeyed describes a map[any]any inside v, "" if there is none.
func anyKeyed(v any) string {
	switch v := v.(type) {
	case map[any]any:
		return fmt.Sprintf("%v", v)
	case map[string]any:
		for _, x := range v {
			if s := anyKeyed(x); s != "" {
				return s
			}
		}
	case []any:
		for _, x := range v {
			if s := anyKeyed(x); s != "" {
				return s
			}
		}
	}
	return ""
}
