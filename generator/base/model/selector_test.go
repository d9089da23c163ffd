package model

import (
	"strings"
	"testing"
)

func TestSelectorMatchesLabelsAndBareNames(t *testing.T) {
	ss := []Series{
		{Name: `api:http{code="2xx"}`, Labels: map[string]string{"__name__": "http", "code": "2xx"}},
		{Name: `api:http{code="5xx"}`, Labels: map[string]string{"__name__": "http", "code": "5xx"}},
		{Name: "apiary:x", Labels: map[string]string{"series": "x"}},
		{Name: "ga:Users", Labels: map[string]string{"series": "Users"}},
	}
	cases := []struct {
		sel  string
		want []string
	}{
		{"api", []string{`api:http{code="2xx"}`, `api:http{code="5xx"}`}},
		{"api:code=5xx", []string{`api:http{code="5xx"}`}},
		{"api:code!=5xx", []string{`api:http{code="2xx"}`}},
		{"api:http,code=2xx", []string{`api:http{code="2xx"}`}},
		{"ga:Users", []string{"ga:Users"}},
		{"ga:users", nil},
	}
	for _, c := range cases {
		sel, err := ParseSelector(c.sel)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, s := range sel.Select(ss) {
			got = append(got, s.Name)
		}
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("%s selects %q, want %q", c.sel, got, c.want)
		}
	}
	for _, bad := range []string{"", ":x", "a:", "a:=b"} {
		if _, err := ParseSelector(bad); err == nil {
			t.Errorf("ParseSelector(%q) should fail", bad)
		}
	}
}
