package store

import (
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
