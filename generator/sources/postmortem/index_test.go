package postmortem

import (
	"reflect"
	"testing"

	"github.com/vitals-dev/vitals/generator/base/model"
)

func TestNewIndexSortsAndCounts(t *testing.T) {
	pms := []model.Postmortem{
		{ID: "b", Path: "b.md", Date: ts("2024-05-01"), Severity: "SEV2", Services: []string{"api"}, Tags: []string{"db", "db"}},
		{ID: "a", Path: "a.md", Date: ts("2024-05-01"), Severity: "SEV1", Services: []string{"api", "web"}},
		{ID: "c", Path: "c.md", Date: ts("2023-01-10 10:00"), Severity: "SEV2", Tags: []string{"deploy"}},
		{ID: "d", Path: "d.md"}, // no date: last
		{ID: "e", Path: "e.md", Date: ts("2025-02-01"), Severity: "SEV1", Services: []string{"web"}, Tags: []string{"db"}},
	}
	ix := NewIndex(pms)
	var order []string
	for _, r := range ix.Rows {
		order = append(order, r.ID)
	}
	// e (2025) > a, b (2024-05-01, tie broken by id) > c (2023) > d (undated).
	if want := []string{"e", "a", "b", "c", "d"}; !reflect.DeepEqual(order, want) {
		t.Errorf("order %v, want %v", order, want)
	}
	// SEV1: a, e = 2; SEV2: b, c = 2 -> tie, by value. d has none.
	if want := []Facet{{"SEV1", 2}, {"SEV2", 2}}; !reflect.DeepEqual(ix.Severities, want) {
		t.Errorf("severities %v", ix.Severities)
	}
	// api: b, a = 2; web: a, e = 2.
	if want := []Facet{{"api", 2}, {"web", 2}}; !reflect.DeepEqual(ix.Services, want) {
		t.Errorf("services %v", ix.Services)
	}
	// db: b (once, though listed twice), e = 2; deploy: c = 1.
	if want := []Facet{{"db", 2}, {"deploy", 1}}; !reflect.DeepEqual(ix.Tags, want) {
		t.Errorf("tags %v", ix.Tags)
	}
	// 2025: e; 2024: a, b; 2023: c; d undated.
	if want := []Facet{{"2025", 1}, {"2024", 2}, {"2023", 1}}; !reflect.DeepEqual(ix.Years, want) || ix.Undated != 1 {
		t.Errorf("years %v undated %d", ix.Years, ix.Undated)
	}
	if pms[0].ID != "b" {
		t.Errorf("input reordered")
	}
	// Same rows in another order give the same index.
	rev := append([]model.Postmortem(nil), pms...)
	for i, j := 0, len(rev)-1; i < j; i, j = i+1, j-1 {
		rev[i], rev[j] = rev[j], rev[i]
	}
	if !reflect.DeepEqual(NewIndex(rev), ix) {
		t.Errorf("index depends on input order")
	}
}
