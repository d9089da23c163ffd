// Package assets carries the pinned ECharts runtime that built sites serve
// from their own assets folder, so a page never loads script from another
// host unless the site names one ([assets] host).
//
// The runtime is part of the source: echarts/ holds echarts.min.js, a build
// of the pinned ECharts release with only the chart types and components
// vitals draws (fetch/entry.js), with ECharts' LICENSE, NOTICE and LICENSE-d3
// and zrender's LICENSE exactly as the npm packages ship them, and SHA256SUMS
// records their sha256 (and the package tarballs'). go:embed builds them into
// every binary, so `go install`, `go build` and `go run` need no generate step
// and no npm. `go generate ./generator/render/assets` remakes them: after a
// change to fetch/entry.js, or to move to another release (fetch/main.go).
package assets

import (
	"crypto/sha512"
	_ "embed"
	"encoding/base64"
)

//go:generate go run ./fetch

// EChartsVersion is the pinned ECharts release.
const EChartsVersion = "5.6.0"

var (
	//go:embed echarts/echarts.min.js
	echartsJS []byte
	//go:embed echarts/LICENSE
	echartsLicense []byte
	//go:embed echarts/NOTICE
	echartsNotice []byte
	//go:embed echarts/LICENSE-d3
	echartsLicenseD3 []byte
	//go:embed echarts/LICENSE-zrender
	zrenderLicense []byte
	//go:embed echarts/SHA256SUMS
	sha256Sums []byte
)

// File is one file a built site carries.
type File struct {
	Name string // slash path under the site's assets/
	Data []byte
}

// ECharts returns the runtime, echarts.min.js.
func ECharts() []byte { return echartsJS }

// EChartsFiles returns the runtime and its licence files as a site carries
// them under assets/, runtime first.
func EChartsFiles() []File {
	return []File{
		{"echarts.min.js", echartsJS},
		{"echarts.LICENSE.txt", echartsLicense},
		{"echarts.NOTICE.txt", echartsNotice},
		{"echarts.LICENSE-d3.txt", echartsLicenseD3},
		{"echarts.LICENSE-zrender.txt", zrenderLicense},
	}
}

// EChartsIntegrity is the subresource-integrity value of echarts.min.js
// (sha384), for a page that loads the runtime from another host.
func EChartsIntegrity() string {
	h := sha512.Sum384(echartsJS)
	return "sha384-" + base64.StdEncoding.EncodeToString(h[:])
}
