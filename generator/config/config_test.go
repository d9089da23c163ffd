package config

import (
	"errors"
	"strings"
	"testing"

	"github.com/vitals-dev/vitals/generator/diag"
)

func TestDefaults(t *testing.T) {
	c, err := Parse("site.toml", []byte(""), "/site")
	if err != nil {
		t.Fatal(err)
	}
	if c.Theme != "default" || len(c.Issues.BugLabels) != 1 || c.Issues.BugLabels[0] != "bug" || c.StoreDir() != "/site/content/data/store" {
		t.Errorf("defaults: %+v", c)
	}
}

func TestProblemsCarryLineAndColumn(t *testing.T) {
	src := `title = "x"
base_url = "ftp://nope"

[github]
repos = ["good/one", "bad", "good/one"]

[assets]
host = "http://cdn.example.com/echarts/"
`
	_, err := Parse("site.toml", []byte(src), ".")
	var ds diag.List
	if !errors.As(err, &ds) {
		t.Fatalf("got %v", err)
	}
	got := ds.Error()
	for _, want := range []string{
		`site.toml:2:1: base_url "ftp://nope" must start with`,
		`site.toml:5:1: repos: "bad" is not owner/name`,
		`site.toml:5:1: repos: "good/one" is listed twice`,
		`site.toml:8:1: assets host "http://cdn.example.com/echarts/" must start with https:// or /`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in\n%s", want, got)
		}
	}
}

func TestSyntaxErrorPosition(t *testing.T) {
	_, err := Parse("site.toml", []byte("title = \"x\"\nbad = = 1\n"), ".")
	var ds diag.List
	if !errors.As(err, &ds) || ds[0].Line != 2 || !strings.HasPrefix(ds[0].String(), "site.toml:2:") {
		t.Fatalf("got %v", err)
	}
}

func TestKeyPositionInTablesAndDottedKeys(t *testing.T) {
	p := newPosition("a = 1\n[x.y]\n  b = 2\n[[s]]\nname = 'n'\nz.w = 3\n")
	for _, c := range []struct {
		key       []string
		line, col int
	}{{[]string{"a"}, 1, 1}, {[]string{"x", "y", "b"}, 3, 3}, {[]string{"s", "name"}, 5, 1}, {[]string{"s", "z", "w"}, 6, 1}, {[]string{"nope"}, 0, 0}} {
		l, col := p.of(c.key...)
		if l != c.line || col != c.col {
			t.Errorf("%v: %d:%d, want %d:%d", c.key, l, col, c.line, c.col)
		}
	}
}

func TestAPIURLOrder(t *testing.T) {
	t.Setenv("GITHUB_API_URL", "https://ghe.example/api/v3")
	c := &Config{}
	if c.APIURL() != "https://ghe.example/api/v3" {
		t.Error("GITHUB_API_URL ignored")
	}
	c.GitHub.APIURL = "https://other/api/v3"
	if c.APIURL() != "https://other/api/v3" {
		t.Error("api_url must win")
	}
	t.Setenv("GITHUB_API_URL", "")
	if (&Config{}).APIURL() != "https://api.github.com" {
		t.Error("default")
	}
	t.Setenv("GITHUB_TOKEN", "")
	t.Setenv("GH_TOKEN", "t2")
	if Token() != "t2" {
		t.Error("GH_TOKEN ignored")
	}
}

// FuzzParse: any site.toml gives a config or positioned diagnostics, never a panic.
func FuzzParse(f *testing.F) {
	f.Add([]byte("title = \"x\"\n[github]\nrepos = [\"a/b\"]\n"))
	f.Add([]byte("[[slo]]\nname = \"s\"\ntarget = 0.99\nwindow = \"30d\"\ntotal = \"a\"\nbad = \"a:x=1\"\n"))
	f.Add([]byte("[[metrics.source]]\nname = \"a\"\nfile = \"x.csv\"\n[[kpi]]\nname = \"k\"\nseries = \"a\"\n"))
	f.Add([]byte("a = [1,\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := Parse("site.toml", b, ".")
		var ds diag.List
		if err != nil && !errors.As(err, &ds) {
			t.Fatalf("error is not diagnostics: %v", err)
		}
		if err == nil && c == nil {
			t.Fatal("no config and no error")
		}
	})
}
