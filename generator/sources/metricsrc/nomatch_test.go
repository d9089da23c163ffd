package metricsrc

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/vitals-dev/vitals/generator/base/model"
)

func TestSelectorThatSelectsNothingNamesWhatTheSourceHas(t *testing.T) {
	f := filepath.Join(t.TempDir(), "checks.csv")
	csv := "timestamp_utc,slug,status\n"
	for _, s := range []string{"web", "api", "docs", "a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8"} {
		csv += "2024-01-01T00:00:00Z," + s + ",up\n"
	}
	if err := os.WriteFile(f, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	ss, ds := LoadFile(Options{Name: "uptime", Path: f})
	if ds.HasErrors() {
		t.Fatal(ds)
	}
	tests := []struct{ sel, want string }{
		{"uptime:website", `uptime:website selects no series; source "uptime" has "a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8", "api", "docs" (the first 10 of 11); series are named by its "slug" column (key_column), as in uptime:a1`},
		{"uptim:web", `uptim:web selects no series: there is no source "uptim" (sources: uptime)`},
	}
	for _, tc := range tests {
		sel, err := model.ParseSelector(tc.sel)
		if err != nil {
			t.Fatal(err)
		}
		if got := model.NoMatch(sel, ss).Error(); got != tc.want {
			t.Errorf("got  %s\nwant %s", got, tc.want)
		}
	}
}
