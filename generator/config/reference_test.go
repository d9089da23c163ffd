package config

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

var update = flag.Bool("update", false, "rewrite docs/config.md from the key table")

// referencePath is docs/config.md, from this package's folder.
var referencePath = filepath.Join("..", "..", "docs", "config.md")

// structKey is a key of site.toml found in the Config structs: its dotted
// path (a map's keys as the capitalised name Keys uses), its type in
// words, and whether its table is an array of tables.
type structKey struct {
	path, typ string
	table     string // the table it is in: "" (top), "github", "slo" ...
	array     bool   // the table is an array of tables ([[slo]])
}

// mapKeyNames names the keys of the tables a site fills with its own names.
var mapKeyNames = map[string]string{"areas.labels": "AREA", "teams": "TEAM"}

// structKeys lists every key of the Config structs, in their order.
func structKeys(t *testing.T) []structKey {
	t.Helper()
	var out []structKey
	var walk func(typ reflect.Type, prefix []string, array bool)
	walk = func(typ reflect.Type, prefix []string, array bool) {
		for i := 0; i < typ.NumField(); i++ {
			f := typ.Field(i)
			tag := strings.Split(f.Tag.Get("toml"), ",")[0]
			if tag == "" || tag == "-" {
				continue
			}
			path := append(slices.Clone(prefix), tag)
			ft := f.Type
			for ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			switch {
			case ft.Kind() == reflect.Struct:
				walk(ft, path, false)
			case ft.Kind() == reflect.Slice && ft.Elem().Kind() == reflect.Struct:
				walk(ft.Elem(), path, true)
			case ft.Kind() == reflect.Map:
				name := mapKeyNames[strings.Join(path, ".")]
				if name == "" {
					t.Fatalf("%s is a table of names the site chooses: name its keys in mapKeyNames", strings.Join(path, "."))
				}
				out = append(out, structKey{path: strings.Join(append(path, name), "."), typ: typeWords(t, ft.Elem()),
					table: strings.Join(path, "."), array: false})
			default:
				out = append(out, structKey{path: strings.Join(path, "."), typ: typeWords(t, ft), table: strings.Join(prefix, "."), array: array})
			}
		}
	}
	walk(reflect.TypeOf(Config{}), nil, false)
	return out
}

// typeWords says a key's Go type as a TOML value.
func typeWords(t *testing.T, typ reflect.Type) string {
	for typ.Kind() == reflect.Pointer {
		typ = typ.Elem()
	}
	switch typ.Kind() {
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "boolean"
	case reflect.Float64, reflect.Float32:
		return "number"
	case reflect.Int, reflect.Int64:
		return "integer"
	case reflect.Slice:
		return "list of " + typeWords(t, typ.Elem()) + "s"
	}
	t.Fatalf("no words for the type %s", typ)
	return ""
}

// Every key of the Config structs is in Keys, once, and every key of Keys
// is one of them: a key added to the structs fails here until it is
// documented.
func TestReferenceCoversEveryKey(t *testing.T) {
	inStructs := map[string]bool{}
	for _, k := range structKeys(t) {
		inStructs[k.path] = true
	}
	documented := map[string]bool{}
	for _, k := range Keys {
		if documented[k.Key] {
			t.Errorf("%s is documented twice in Keys", k.Key)
		}
		documented[k.Key] = true
		if !inStructs[k.Key] {
			t.Errorf("Keys documents %s, which site.toml does not have", k.Key)
		}
		if k.Default == "" || k.Meaning == "" {
			t.Errorf("%s: say its default and what it means", k.Key)
		}
	}
	for k := range inStructs {
		if !documented[k] {
			t.Errorf("site.toml key %s is not in Keys (generator/config/keys.go): document it, then go test ./generator/config -run Reference -update", k)
		}
	}
}

// Each example is valid TOML of the key's type, and the defaults that
// Parse applies are the ones Keys states (those applied later, by the
// readers of the metric, SLO and KPI tables, are checked by their
// packages' tests: TestReferenceDefaultsOfTheReaders).
func TestReferenceExamplesAndParseDefaults(t *testing.T) {
	types := map[string]string{}
	for _, k := range structKeys(t) {
		types[k.path] = k.typ
	}
	for _, k := range Keys {
		if k.Example == "" {
			continue
		}
		var v map[string]any
		if _, err := toml.Decode(k.Example, &v); err != nil || len(v) != 1 {
			t.Errorf("%s: example %q is not one TOML key: %v", k.Key, k.Example, err)
			continue
		}
		for name, val := range v {
			last := k.Key[strings.LastIndex(k.Key, ".")+1:]
			if name != last && strings.ToUpper(last) != last {
				t.Errorf("%s: the example sets %q", k.Key, name)
			}
			if got := tomlType(val); !strings.HasPrefix(types[k.Key], got) && !(got == "integer" && types[k.Key] == "number") {
				t.Errorf("%s: the example is %s, the key %s", k.Key, got, types[k.Key])
			}
		}
	}
	c, err := Parse("site.toml", nil, "/site")
	if err != nil {
		t.Fatal(err)
	}
	for key, got := range map[string]any{
		"title": c.Title, "theme": c.Theme, "issues.bug_labels": c.Issues.BugLabels, "store.dir": c.Store.Dir,
		"github.max_rate_wait": c.GitHub.MaxRateWait, "github.timeout": c.GitHub.Timeout,
		"markup.unsafe": c.Markup.Unsafe, "github.repos": c.GitHub.Repos, "issues.bots": c.Issues.Bots,
		"feedback.labels": c.Feedback.Labels, "decisions.dir": c.Decisions.Dir,
	} {
		CheckDefault(t, key, got)
	}
}

// CheckDefault fails unless the default Keys states for key, read as TOML,
// is got (a nil list is the empty list).
func CheckDefault(t *testing.T, key string, got any) {
	t.Helper()
	for _, k := range Keys {
		if k.Key != key {
			continue
		}
		var v struct{ V any }
		if _, err := toml.Decode("V = "+k.Default, &v); err != nil {
			t.Errorf("%s: default %q is not a TOML value", key, k.Default)
			return
		}
		want := fmt.Sprint(v.V)
		if g := fmt.Sprint(got); g != want && !(want == "[]" && reflect.ValueOf(got).Len() == 0) {
			t.Errorf("%s: Keys says the default is %s, the code's is %v", key, k.Default, got)
		}
		return
	}
	t.Errorf("%s is not in Keys", key)
}

func tomlType(v any) string {
	switch v.(type) {
	case string:
		return "string"
	case bool:
		return "boolean"
	case int64:
		return "integer"
	case float64:
		return "number"
	case []any:
		return "list"
	}
	return fmt.Sprintf("%T", v)
}

// docs/config.md is what the key table gives; -update rewrites it.
func TestReferenceIsCurrent(t *testing.T) {
	got := reference(t)
	if *update {
		if err := os.WriteFile(referencePath, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(referencePath)
	if err != nil {
		t.Fatalf("%v: write it with go test ./generator/config -run Reference -update", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("docs/config.md is not what generator/config/keys.go gives: go test ./generator/config -run Reference -update, and commit both")
	}
}

// reference writes docs/config.md: an introduction, then a table per
// site.toml table, in the order of Keys.
func reference(t *testing.T) []byte {
	t.Helper()
	sk := map[string]structKey{}
	for _, k := range structKeys(t) {
		sk[k.path] = k
	}
	var b bytes.Buffer
	b.WriteString(referenceIntro)
	table := "-"
	for _, k := range Keys {
		s := sk[k.Key]
		if s.table != table {
			table = s.table
			switch {
			case table == "":
				b.WriteString("\n## Top level\n")
			case s.array:
				fmt.Fprintf(&b, "\n## [[%s]]\n", table)
			default:
				fmt.Fprintf(&b, "\n## [%s]\n", table)
			}
			if intro := tableIntros[table]; intro != "" {
				b.WriteString("\n" + intro + "\n")
			}
			b.WriteString("\n| key | type | default | meaning | example |\n| --- | --- | --- | --- | --- |\n")
		}
		key := k.Key[strings.LastIndex(k.Key, ".")+1:]
		if s.table != "" && strings.HasPrefix(k.Key, s.table+".") {
			key = strings.TrimPrefix(k.Key, s.table+".")
		}
		example := ""
		if k.Example != "" {
			example = "`" + k.Example + "`"
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s |\n", key, s.typ, cell(defaultText(k.Default)), cell(k.Meaning), cell(example))
	}
	return b.Bytes()
}

// defaultText puts a TOML default in code; words stay words.
func defaultText(d string) string {
	var v struct{ V any }
	if _, err := toml.Decode("V = "+d, &v); err == nil {
		return "`" + d + "`"
	}
	return d
}

// cell keeps a table cell on its line and its pipes out of the table's.
func cell(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "|", `\|`), "\n", " ")
}

const referenceIntro = `# site.toml: every key

<!-- Written by go test ./generator/config -run Reference -update from the key table in
generator/config/keys.go and the types of the Config structs; edit those, not this file. -->

A vitals site is configured by one file, ` + "`site.toml`" + `, in [TOML](https://toml.io). This page lists every key
it may hold, table by table: its type, its default when it is not set, what it means and an example.
The README's "site.toml" section and the demo's own ` + "`site.toml`" + ` show them together.

- A key that is not on this page is an error, reported with its line (and the nearest known key).
- A value of the wrong type is an error at its line, naming the ` + "`[[slo]]`" + ` or ` + "`[[kpi]]`" + ` it is in.
- Lengths of time (` + "`window`" + `, ` + "`within`" + `, ` + "`slice`" + `…) are a number and a unit: ` + "`90m`" + `, ` + "`16h`" + `, ` + "`2d`" + `, ` + "`4w`" + `.
  ` + "`github.max_rate_wait`" + ` and ` + "`github.timeout`" + ` are Go durations: ` + "`30s`" + `, ` + "`15m`" + `, ` + "`1h30m`" + `.
- A series is named ` + "`source:name`" + ` after its ` + "`[[metrics.source]]`" + `; a selector picks series by name or label:
  ` + "`api`" + ` (every series of the source), ` + "`api:code=5xx`" + `, ` + "`api:code!=5xx`" + `, ` + "`analytics:Signups`" + `.
- The GitHub token is never in this file: it comes from ` + "`GITHUB_TOKEN`" + ` or ` + "`GH_TOKEN`" + `.

How each figure is counted from these settings is in [metrics.md](metrics.md).
`

// tableIntros say what a table is for, above its keys.
var tableIntros = map[string]string{
	"github":         "The repositories to sync, and how to reach GitHub.",
	"issues":         "Which issues are bugs, and whose comments are not responses.",
	"markup":         "How the site's own Markdown is rendered.",
	"store":          "Where the synced data is kept.",
	"assets":         "Where pages load the charting library from.",
	"feedback":       "Which issues are feature requests.",
	"decisions":      "Where the decision records are.",
	"metrics":        "Settings for every metric export.",
	"metrics.source": "One per metric export file: Prometheus query_range JSON, Grafana CSV, Datadog JSON, a wide CSV or up/down checks.",
	"slo":            "One per service level objective. Each counts one way: `total` with `good` or `bad` (occurrences), `error_ratio`, `checks` or `latency` (time slices), or `issues` (an issue-response SLO).",
	"kpi":            "One per key performance indicator, read from a metric series.",
	"funnel":         "The KPIs as a funnel. Without this table, KPIs with a `stage` form the AARRR funnel.",
	"areas":          "Areas of the product, for the areas page: issues are put in areas by their labels.",
	"areas.labels":   "Each key is an area the site names.",
	"teams":          "Each key is a team the site names.",
}
