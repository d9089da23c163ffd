// Package assets carries the ECharts runtime that built sites load from
// their own assets folder, so a page never loads script from another host.
//
// The runtime is not committed: `go generate ./generator/assets` takes the
// pinned echarts package from the npm registry (npm pack), checks its
// sha256, and extracts dist/echarts.min.js into dist/, which go:embed then
// builds into the binary. A binary built without it says so, and pages load
// the runtime from [assets] host instead.
package assets

import (
	"embed"
	"io/fs"
)

//go:generate go run ./fetch

// EChartsVersion is the pinned ECharts release.
const EChartsVersion = "5.6.0"

//go:embed dist
var dist embed.FS

// ECharts returns the embedded echarts.min.js, or ok=false when this binary
// was built without it.
func ECharts() (js []byte, license []byte, ok bool) {
	js, err := fs.ReadFile(dist, "dist/echarts.min.js")
	if err != nil || len(js) == 0 {
		return nil, nil, false
	}
	license, _ = fs.ReadFile(dist, "dist/echarts.LICENSE.txt")
	return js, license, true
}
