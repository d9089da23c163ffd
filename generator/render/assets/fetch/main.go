// Command fetch makes the committed ECharts runtime: a build of the pinned
// ECharts release with only the chart types and components vitals draws
// (entry.js lists them, and why).
//
// It takes the echarts package and the two it depends on (zrender, tslib,
// at the exact versions echarts' package.json names) from the npm registry
// with `npm pack`, refuses any tarball whose sha256 is not the pinned one,
// bundles entry.js against their ES modules with esbuild (minified, in
// production mode, as one script that sets the global `echarts`), and
// rewrites the committed files in ../echarts: echarts.min.js, ECharts'
// LICENSE, NOTICE and LICENSE-d3 (d3 code is part of echarts' number
// helpers), zrender's LICENSE as LICENSE-zrender, and SHA256SUMS, which
// records each tarball's and each file's sha256. The same tarballs and the
// esbuild version in go.mod give the same bytes.
//
// Run it through `go generate ./generator/render/assets` after changing
// entry.js, or the versions and sums here and EChartsVersion in assets.go.
// Building vitals never needs it: the files are committed and embedded, and
// esbuild is linked into this command only, never into vitals.
package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"

	"github.com/evanw/esbuild/pkg/api"
)

// pkg is an npm package pinned by version and by the sha256 of its tarball
// as the npm registry serves it.
type pkg struct{ name, version, sha256 string }

// packages: echarts, and the exact versions of zrender and tslib that its
// package.json depends on.
var packages = []pkg{
	{"echarts", "5.6.0", "e1b82487dd7f8d9f0438eec1f1433051148e0095ac7a15d4db890afda45cf610"},
	{"zrender", "5.6.1", "0a2228b558e1a4bd8f1c74d67bb492923e3f5807d03c83d1665fb97af180dc26"},
	{"tslib", "2.3.0", "ae285639feff7e3c39de4626352181a5d73b815725e42639b411c43848abffdb"},
}

const out = "echarts" // relative to generator/render/assets, where go generate runs

// licences maps a file in an extracted package to the committed name, in
// the order SHA256SUMS lists them (after echarts.min.js).
var licences = []struct{ from, to string }{
	{"echarts/LICENSE", "LICENSE"},
	{"echarts/NOTICE", "NOTICE"},
	{"echarts/licenses/LICENSE-d3", "LICENSE-d3"},
	{"zrender/LICENSE", "LICENSE-zrender"},
}

//go:embed entry.js
var entry string

// banner heads the bundle: ECharts' own licence header, as its prebuilt
// builds carry it, and what this build is.
const banner = `/*
* Licensed to the Apache Software Foundation (ASF) under one
* or more contributor license agreements.  See the NOTICE file
* distributed with this work for additional information
* regarding copyright ownership.  The ASF licenses this file
* to you under the Apache License, Version 2.0 (the
* "License"); you may not use this file except in compliance
* with the License.  You may obtain a copy of the License at
*
*   http://www.apache.org/licenses/LICENSE-2.0
*
* Unless required by applicable law or agreed to in writing,
* software distributed under the License is distributed on an
* "AS IS" BASIS, WITHOUT WARRANTIES OR CONDITIONS OF ANY
* KIND, either express or implied.  See the License for the
* specific language governing permissions and limitations
* under the License.
*/
/* %s: Apache ECharts %s with zrender %s (BSD-3-Clause, see
* echarts.LICENSE-zrender.txt), only the parts vitals uses: line, bar and
* scatter series; grid, tooltip, legend, slider data zoom, mark lines and areas; the
* canvas renderer. Made by generator/render/assets/fetch from the npm
* packages' ES modules with esbuild. */`

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "fetch echarts:", err)
		os.Exit(1)
	}
}

func run() error {
	tmp, err := os.MkdirTemp("", "vitals-echarts-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	tgzs, err := pack(tmp)
	if err != nil {
		return err
	}
	modules := filepath.Join(tmp, "node_modules")
	for _, p := range packages {
		if err := extract(tgzs[p.name], filepath.Join(modules, p.name)); err != nil {
			return fmt.Errorf("%s-%s.tgz: %w", p.name, p.version, err)
		}
	}
	js, err := bundle(tmp)
	if err != nil {
		return err
	}
	got := map[string][]byte{"echarts.min.js": js}
	names := []string{"echarts.min.js"}
	for _, l := range licences {
		b, err := os.ReadFile(filepath.Join(modules, filepath.FromSlash(l.from)))
		if err != nil {
			return err
		}
		got[l.to] = b
		names = append(names, l.to)
	}
	var sums strings.Builder
	for _, p := range packages {
		fmt.Fprintf(&sums, "%s  %s-%s.tgz\n", p.sha256, p.name, p.version)
	}
	for _, n := range names {
		fmt.Fprintf(&sums, "%s  %s\n", sha256Hex(got[n]), n)
	}
	got["SHA256SUMS"] = []byte(sums.String())
	names = append([]string{"SHA256SUMS"}, names...)
	// Write everything next to its final name first, then rename, so a
	// failure leaves the committed files as they were.
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	for _, n := range names {
		if err := os.WriteFile(filepath.Join(out, n+".new"), got[n], 0o644); err != nil {
			return err
		}
	}
	for _, n := range names {
		if err := os.Rename(filepath.Join(out, n+".new"), filepath.Join(out, n)); err != nil {
			return err
		}
	}
	fmt.Printf("echarts %s (sha256 of %d tarballs ok): %d bytes written to generator/render/assets/%s\n",
		packages[0].version, len(packages), len(js), out)
	return nil
}

// pack fetches every package's tarball with npm pack into dir and checks
// its sha256.
func pack(dir string) (map[string][]byte, error) {
	args := []string{"pack", "--silent", "--pack-destination", dir}
	for _, p := range packages {
		args = append(args, p.name+"@"+p.version)
	}
	cmd := exec.Command("npm", args...)
	cmd.Stdout = io.Discard
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("npm %s: %w (is npm installed?)", strings.Join(args, " "), err)
	}
	tgzs := map[string][]byte{}
	for _, p := range packages {
		name := p.name + "-" + p.version + ".tgz"
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return nil, err
		}
		if sum := sha256Hex(b); sum != p.sha256 {
			return nil, fmt.Errorf("%s: sha256 %s, want %s; refusing it", name, sum, p.sha256)
		}
		tgzs[p.name] = b
	}
	return tgzs, nil
}

// bundle builds entry.js against dir/node_modules.
func bundle(dir string) ([]byte, error) {
	res := api.Build(api.BuildOptions{
		Stdin:      &api.StdinOptions{Contents: entry, ResolveDir: dir, Sourcefile: "entry.js"},
		Bundle:     true,
		Format:     api.FormatIIFE,
		GlobalName: "echarts",
		Platform:   api.PlatformBrowser,
		Target:     api.ES2015,
		// ECharts checks process.env.NODE_ENV for its development-only
		// warnings; production drops them, as its prebuilt builds do.
		Define:            map[string]string{"process.env.NODE_ENV": `"production"`},
		MinifyWhitespace:  true,
		MinifyIdentifiers: true,
		MinifySyntax:      true,
		LegalComments:     api.LegalCommentsEndOfFile,
		Banner:            map[string]string{"js": fmt.Sprintf(banner, "echarts.min.js", packages[0].version, packages[1].version)},
		Charset:           api.CharsetUTF8,
		LogLevel:          api.LogLevelWarning,
	})
	if len(res.Errors) > 0 {
		var msgs []string
		for _, m := range api.FormatMessages(res.Errors, api.FormatMessagesOptions{Kind: api.ErrorMessage}) {
			msgs = append(msgs, strings.TrimSpace(m))
		}
		return nil, fmt.Errorf("esbuild:\n%s", strings.Join(msgs, "\n"))
	}
	if len(res.OutputFiles) != 1 {
		return nil, fmt.Errorf("esbuild wrote %d files, want 1", len(res.OutputFiles))
	}
	return res.OutputFiles[0].Contents, nil
}

// extract writes the files of an npm tarball (all under package/) into dir.
func extract(tgz []byte, dir string) error {
	gz, err := gzip.NewReader(bytes.NewReader(tgz))
	if err != nil {
		return err
	}
	tr := tar.NewReader(gz)
	n := 0
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		if h.Typeflag != tar.TypeReg {
			continue
		}
		rel, ok := strings.CutPrefix(path.Clean(h.Name), "package/")
		if !ok || rel == "" || strings.HasPrefix(rel, "../") {
			return fmt.Errorf("%s: outside package/", h.Name)
		}
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		b, err := io.ReadAll(tr)
		if err != nil {
			return err
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			return err
		}
		n++
	}
	if n == 0 {
		return fmt.Errorf("no files")
	}
	return nil
}

func sha256Hex(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}
