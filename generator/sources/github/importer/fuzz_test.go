package importer

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/vitals-dev/vitals/generator/base/diag"
	"github.com/vitals-dev/vitals/generator/sources/store"
)

// FuzzImportJSONL: any input either imports, leaving a store that reads back
// with no more issues and pull requests than non-blank lines, or fails
// without writing; it never panics.
func FuzzImportJSONL(f *testing.F) {
	f.Add(sample)
	f.Add(`{"number":1,"state":"open","created_at":"2024-01-01T00:00:00Z","pull_request":null}`)
	f.Add("[]\n{}\n\n")
	f.Add(`{"number":1,"state":"closed","created_at":"2024-01-01T00:00:00Z","closed_at":1700000000}`)
	f.Fuzz(func(t *testing.T, in string) {
		dir := t.TempDir()
		st, err := ImportJSONL(strings.NewReader(in), "f.jsonl", "acme/app", dir, time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC))
		s, oerr := store.Open(dir)
		if oerr != nil {
			t.Fatalf("store unreadable after import: %v", oerr)
		}
		if err != nil {
			var l diag.List
			if errors.As(err, &l) && len(s.Repos) != 0 {
				t.Fatalf("failed import wrote the store: %v", err)
			}
			return
		}
		rd := s.Repos["acme/app"]
		if rd == nil || len(rd.Issues)+len(rd.PullRequests) > st.Lines {
			t.Fatalf("stats %+v, store %+v", st, rd)
		}
	})
}
