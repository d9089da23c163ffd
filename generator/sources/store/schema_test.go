package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"
)

// TestSchemaIsDocumented keeps docs/store.md, which analysts read to query
// the tables, in step with the columns written: every column of every
// table is in that table's section, and the section names no other column.
func TestSchemaIsDocumented(t *testing.T) {
	doc, err := os.ReadFile("../../../docs/store.md")
	if err != nil {
		t.Fatal(err)
	}
	schemas := map[string]*parquet.Schema{
		"issues": parquet.SchemaOf(issueRow{}), "pull_requests": parquet.SchemaOf(pullRow{}),
		"comments": parquet.SchemaOf(commentRow{}), "events": parquet.SchemaOf(eventRow{}), "releases": parquet.SchemaOf(releaseRow{}),
		"demand": parquet.SchemaOf(demandRow{}),
	}
	for _, name := range tables {
		_, sec, ok := strings.Cut(string(doc), "### "+name+".parquet\n")
		if !ok {
			t.Errorf("docs/store.md has no section for %s.parquet", name)
			continue
		}
		sec, _, _ = strings.Cut(sec, "\n#")
		documented := map[string]bool{}
		for _, line := range strings.Split(sec, "\n") {
			if strings.HasPrefix(line, "| `") {
				col, _, _ := strings.Cut(strings.TrimPrefix(line, "| `"), "`")
				documented[col] = true
			}
		}
		for _, f := range schemas[name].Fields() {
			if !documented[f.Name()] {
				t.Errorf("%s.parquet: column %s is not in docs/store.md", name, f.Name())
			}
			delete(documented, f.Name())
		}
		for col := range documented {
			t.Errorf("%s.parquet: docs/store.md names column %s, which is not written", name, col)
		}
	}
}

// TestStoreDocIsOfThisFormat keeps docs/store.md's title, manifest.json
// and repo.json in step with what is written: the title names the format,
// and each example is read strictly as this package reads the file (no
// field it does not know, the format it writes, every table with a
// checksum).
func TestStoreDocIsOfThisFormat(t *testing.T) {
	b, err := os.ReadFile("../../../docs/store.md")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(b)
	if want := fmt.Sprintf("# The store (format %d)\n", Format); !strings.HasPrefix(doc, want) {
		t.Errorf("docs/store.md does not start with %q", want)
	}
	example := func(section string) []byte {
		_, sec, ok := strings.Cut(doc, "## "+section+"\n")
		if !ok {
			t.Fatalf("docs/store.md has no section %s", section)
		}
		_, code, _ := strings.Cut(sec, "```json\n")
		code, _, _ = strings.Cut(code, "```")
		return []byte(code)
	}
	strict := func(b []byte, v any) {
		d := json.NewDecoder(bytes.NewReader(b))
		d.DisallowUnknownFields()
		if err := d.Decode(v); err != nil {
			t.Errorf("docs/store.md: %T example: %v", v, err)
		}
	}
	var m Manifest
	strict(example("manifest.json"), &m)
	if m.Format != Format || len(m.Tables) == 0 || m.SyncedAt.IsZero() {
		t.Errorf("docs/store.md: manifest.json example %+v", m)
	}
	for p, s := range m.Tables {
		if !strings.HasPrefix(p, "repos/") || len(s.SHA256) != 64 || s.Bytes <= 0 {
			t.Errorf("docs/store.md: manifest.json table %s: %+v", p, s)
		}
	}
	var h RepoHead
	strict(example("repo.json"), &h)
	if h.Format != Format || len(h.Tables) == 0 {
		t.Errorf("docs/store.md: repo.json example %+v", h)
	}
	for tb, info := range h.Tables {
		if len(info.SHA256) != 64 || info.Rows <= 0 {
			t.Errorf("docs/store.md: repo.json table %s: %+v", tb, info)
		}
	}
}
