package cli

import (
	"flag"
	"fmt"
	"regexp"
	"runtime/debug"
	"strings"

	"github.com/vitals-dev/vitals/generator/render/assets"
)

// Version may be set at link time (-ldflags "-X
// github.com/vitals-dev/vitals/generator/cli.Version=v1.2.3"), as the
// release workflow does; otherwise the build info says.
var Version = ""

// LatestRelease is the newest release of vitals, the top entry of
// CHANGELOG.md (a test keeps them equal). A development build pins the
// workflows it writes to it, having no release version of its own.
const LatestRelease = "v0.1.0"

// buildVersion is what a binary knows about its own version.
type buildVersion struct {
	Module   string // module version: "v0.3.0" from `go install …@v0.3.0`; "" when unknown
	Revision string // vcs.revision of a checkout build
	Modified bool   // vcs.modified: the checkout had uncommitted changes
	Go       string // Go toolchain, "go1.26.8"
}

func readBuildVersion() buildVersion {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return buildVersion{Module: Version}
	}
	return versionFrom(bi, Version)
}

// versionFrom reads a build's version: the link-time Version first, then the
// main module's version (a tag for `go install …@vX.Y.Z`, a pseudo-version
// for a commit), then the VCS stamp of a build in a checkout.
func versionFrom(bi *debug.BuildInfo, linked string) buildVersion {
	v := buildVersion{Module: linked, Go: bi.GoVersion}
	if v.Module == "" && bi.Main.Version != "(devel)" {
		v.Module = bi.Main.Version
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			v.Revision = s.Value
		case "vcs.modified":
			v.Modified = s.Value == "true"
		}
	}
	return v
}

// String is the `vitals version` line after "vitals ": the release for a
// tagged build, the commit and whether it had uncommitted changes for a
// build in a checkout.
func (v buildVersion) String() string {
	var b strings.Builder
	switch {
	case v.Module != "" && (v.Revision == "" || v.release()):
		b.WriteString(v.Module)
	default:
		b.WriteString("devel")
	}
	switch {
	case v.Revision != "":
		fmt.Fprintf(&b, " commit %s", short(v.Revision))
		if v.Modified {
			b.WriteString(" with uncommitted changes")
		}
	case v.Module == "":
		b.WriteString(" (no version or commit recorded: built outside a checkout or with -buildvcs=false)")
	}
	b.WriteString(" (")
	if v.Go != "" {
		b.WriteString(v.Go + ", ")
	}
	b.WriteString("ECharts " + assets.EChartsVersion + " embedded)")
	return b.String()
}

// pseudoRE matches the tail of a pseudo-version, "-20261202023821-84c24d163f79".
var pseudoRE = regexp.MustCompile(`[-.]\d{14}-[0-9a-f]{12}(\+.*)?$`)

// release reports whether Module is a release tag (not a pseudo-version,
// not a "+dirty" local build).
func (v buildVersion) release() bool {
	return strings.HasPrefix(v.Module, "v") && !strings.Contains(v.Module, "+") && !pseudoRE.MatchString(v.Module)
}

func short(rev string) string {
	if len(rev) > 12 {
		return rev[:12]
	}
	return rev
}

// installable reports whether `go install …@Module` fetches exactly this
// build: a release, or the pseudo-version of a `go install …@<commit>`. A
// build in a checkout is not, unless it is of a tag: its commit may never
// have been pushed.
func (v buildVersion) installable() bool {
	if !strings.HasPrefix(v.Module, "v") || strings.Contains(v.Module, "+") || v.Modified {
		return false
	}
	return v.Revision == "" || v.release()
}

// Pin is the vitals version a workflow written by this binary installs,
// and a comment saying why.
func (v buildVersion) Pin() (version, why string) {
	if v.installable() {
		return v.Module, "The version of vitals that wrote this workflow; change it here to upgrade."
	}
	what := "A development build of vitals"
	if v.Revision != "" {
		what += " (commit " + short(v.Revision) + ")"
	}
	return LatestRelease, what + " wrote this workflow, so it pins the latest release that build knows of; change it here to upgrade."
}

// versionOptions: version has no flags.
type versionOptions struct{}

func versionFlags(*flag.FlagSet) *versionOptions { return &versionOptions{} }

// check takes any arguments: version ignores them.
func (o *versionOptions) check([]string) error { return nil }

func runVersion(env *Env, _ *versionOptions) int {
	fmt.Fprintln(env.Stdout, "vitals", readBuildVersion())
	return ExitOK
}
