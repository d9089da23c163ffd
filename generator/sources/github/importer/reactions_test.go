package importer

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/vitals-dev/vitals/generator/base/model"
	"github.com/vitals-dev/vitals/generator/sources/store"
)

// withReactions puts GitHub's reactions object on an issue line.
func withReactions(l string, up, heart int) string {
	r := `"reactions":{"url":"x","total_count":` + itoa(up+heart) + `,"+1":` + itoa(up) + `,"-1":0,"laugh":0,"hooray":0,"confused":0,"heart":` + itoa(heart) + `,"rocket":0,"eyes":0},`
	return strings.Replace(l, `"state":`, r+`"state":`, 1)
}

func itoa(n int) string { return strconv.Itoa(n) }

// An export's reactions are stored with the issue and start its 👍 history
// at the import's synced_at; an issue whose line has no reactions object
// keeps them unknown. A second import of a later export adds a point only
// where the count changed.
func TestImportReadsReactionsAndUnknownStaysUnknown(t *testing.T) {
	dir := t.TempDir()
	at := time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC)
	first := strings.Join([]string{
		withReactions(line(1, "open", "2024-01-05T00:00:00Z", "2024-01-05T00:00:00Z", "", "", "enhancement"), 3, 1),
		withReactions(line(2, "open", "2024-01-06T00:00:00Z", "2024-01-06T00:00:00Z", "", ""), 0, 0),
		line(3, "open", "2024-01-07T00:00:00Z", "2024-01-07T00:00:00Z", "", ""),
	}, "\n")
	st, err := ImportJSONL(strings.NewReader(first), "first.jsonl", "acme/app", dir, at)
	if err != nil {
		t.Fatal(err)
	}
	if st.WithReactions != 2 {
		t.Errorf("%d issues with reactions, want 2", st.WithReactions)
	}
	rd, err := store.ReadRepo(dir, "acme/app")
	if err != nil {
		t.Fatal(err)
	}
	want := map[int]*model.Reactions{1: {ThumbsUp: 3, Heart: 1}, 2: {}, 3: nil}
	for _, is := range rd.Issues {
		w, g := want[is.Number], is.Reactions
		if (w == nil) != (g == nil) || (w != nil && *w != *g) {
			t.Errorf("#%d reactions %+v, want %+v", is.Number, g, w)
		}
	}
	if len(rd.Demand) != 2 || rd.Demand[0] != (model.DemandPoint{Repo: "acme/app", Issue: 1, At: at, ThumbsUp: 3}) || rd.Demand[1].Issue != 2 {
		t.Errorf("history %+v, want #1 at 3 and #2 at 0, both at %v", rd.Demand, at)
	}

	later := at.Add(30 * 24 * time.Hour)
	second := strings.Join([]string{
		withReactions(line(1, "open", "2024-01-05T00:00:00Z", "2024-01-05T00:00:00Z", "", "", "enhancement"), 5, 1),
		withReactions(line(2, "open", "2024-01-06T00:00:00Z", "2024-01-06T00:00:00Z", "", ""), 0, 0),
	}, "\n")
	if _, err := ImportJSONL(strings.NewReader(second), "second.jsonl", "acme/app", dir, later); err != nil {
		t.Fatal(err)
	}
	rd, _ = store.ReadRepo(dir, "acme/app")
	if len(rd.Demand) != 3 || rd.Demand[1] != (model.DemandPoint{Repo: "acme/app", Issue: 1, At: later, ThumbsUp: 5}) {
		t.Errorf("history after the second import %+v, want a new point for #1 only", rd.Demand)
	}
}
