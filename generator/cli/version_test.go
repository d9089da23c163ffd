package cli

import (
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/vitals-dev/vitals/generator/internal/testkit/fixture"
)

func info(version string, settings ...string) *debug.BuildInfo {
	bi := &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "github.com/vitals-dev/vitals", Version: version}}
	for i := 0; i+1 < len(settings); i += 2 {
		bi.Settings = append(bi.Settings, debug.BuildSetting{Key: settings[i], Value: settings[i+1]})
	}
	return bi
}

const rev = "84c24d163f797d999c80a6e209d80bbf81b98fb4"

func TestVersionLineAndWorkflowPin(t *testing.T) {
	cases := []struct {
		name     string
		bi       *debug.BuildInfo
		linked   string
		line     string // prefix of the line after "vitals "
		pin      string
		pinnedIs string // substring of the comment
	}{
		{"go install of a tag", info("v0.3.0"), "",
			"v0.3.0 (go1.26.8, ECharts", "v0.3.0", "wrote this workflow"},
		{"go install of a commit", info("v0.3.1-0.20261202023821-84c24d163f79"), "",
			"v0.3.1-0.20261202023821-84c24d163f79 (go1.26.8", "v0.3.1-0.20261202023821-84c24d163f79", "The version of vitals"},
		{"clean checkout build", info("v0.0.0-20261202023821-84c24d163f79", "vcs.revision", rev, "vcs.modified", "false"), "",
			"devel commit 84c24d163f79 (go1.26.8", LatestRelease, "development build of vitals (commit 84c24d163f79)"},
		{"checkout build with changes", info("v0.0.0-20261202023821-84c24d163f79+dirty", "vcs.revision", rev, "vcs.modified", "true"), "",
			"devel commit 84c24d163f79 with uncommitted changes (", LatestRelease, "development build"},
		{"checkout build of a tag", info("v0.2.0", "vcs.revision", rev, "vcs.modified", "false"), "",
			"v0.2.0 commit 84c24d163f79 (", "v0.2.0", "The version of vitals"},
		{"release binary with a linked version", info("(devel)", "vcs.revision", rev, "vcs.modified", "false"), "v0.2.0",
			"v0.2.0 commit 84c24d163f79 (", "v0.2.0", "The version of vitals"},
		{"no build information", info("(devel)"), "",
			"devel (no version or commit recorded", LatestRelease, "development build of vitals wrote"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v := versionFrom(c.bi, c.linked)
			if got := v.String(); !strings.HasPrefix(got, c.line) || !strings.HasSuffix(got, "ECharts 5.6.0 embedded)") {
				t.Errorf("version line %q, want prefix %q", got, c.line)
			}
			pin, why := v.Pin()
			if pin != c.pin || !strings.Contains(why, c.pinnedIs) {
				t.Errorf("pin %q (%s), want %q (%s)", pin, why, c.pin, c.pinnedIs)
			}
		})
	}
}

// LatestRelease is what development builds pin; it must be a release the
// changelog has.
func TestLatestReleaseIsTheNewestChangelogEntry(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(fixture.RepoRoot(t), "CHANGELOG.md"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^## \[?(v\d+\.\d+\.\d+)\]?`).FindSubmatch(b)
	if m == nil {
		t.Fatal("CHANGELOG.md has no \"## vX.Y.Z\" entry")
	}
	if string(m[1]) != LatestRelease {
		t.Errorf("newest CHANGELOG entry %s, LatestRelease %s", m[1], LatestRelease)
	}
}

func TestVersionCommandPrintsOneLine(t *testing.T) {
	code, out, errs := run(t, "version")
	if code != ExitOK || !strings.HasPrefix(out, "vitals ") || strings.Count(out, "\n") != 1 || !strings.Contains(out, "ECharts 5.6.0 embedded") {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, errs)
	}
}
