package postmortem

import (
	"slices"
	"strings"
	"testing"
)

func TestCodeOrCommentMarksFencesAndComments(t *testing.T) {
	for _, tc := range []struct {
		name, doc string
		want      []bool
	}{
		{"backtick fence with its fence lines", "a\n```go\nx\n```\nb", []bool{false, true, true, true, false}},
		{"tilde fence is not closed by backticks", "~~~\n```\nx\n~~~\nb", []bool{true, true, true, true, false}},
		{"closing run must be at least as long", "````\n```\nx\n````\nb", []bool{true, true, true, true, false}},
		{"closing line with text after it does not close", "```\n``` x\ny\n```\nb", []bool{true, true, true, true, false}},
		{"fence indented inside a list item", "- step\n    ```\n    x\n    ```\nb", []bool{false, true, true, true, false}},
		{"comment over lines", "a\n<!-- c\nd\n-->\nb", []bool{false, true, true, true, false}},
		{"one-line comment", "<!-- c -->\nb", []bool{true, false}},
		{"unclosed fence runs to the end", "```\nx\ny", []bool{true, true, true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := codeOrComment(strings.Split(tc.doc, "\n")); !slices.Equal(got, tc.want) {
				t.Errorf("codeOrComment(%q) = %v, want %v", tc.doc, got, tc.want)
			}
		})
	}
}
