// Command fetch moves the committed ECharts runtime to the release pinned
// below. It takes the echarts package from the npm registry with `npm pack`,
// refuses a tarball whose sha256 is not the pinned one, and rewrites the
// committed files in ../echarts: echarts.min.js, LICENSE, NOTICE,
// LICENSE-d3 (d3 code is part of the minified runtime) and SHA256SUMS,
// which records the tarball's and each file's sha256.
//
// Run it through `go generate ./generator/render/assets` after changing version and
// tarballSHA256 here and EChartsVersion in assets.go. Building vitals never
// needs it: the files are committed and embedded.
package main

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

const (
	version = "5.6.0"
	// tarballSHA256 is the sha256 of echarts-<version>.tgz as the npm
	// registry serves it.
	tarballSHA256 = "e1b82487dd7f8d9f0438eec1f1433051148e0095ac7a15d4db890afda45cf610"
	out           = "echarts" // relative to generator/render/assets, where go generate runs
)

// files maps a path in the package to the committed file name, in the order
// SHA256SUMS lists them.
var files = []struct{ from, to string }{
	{"package/dist/echarts.min.js", "echarts.min.js"},
	{"package/LICENSE", "LICENSE"},
	{"package/NOTICE", "NOTICE"},
	{"package/licenses/LICENSE-d3", "LICENSE-d3"},
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "fetch echarts:", err)
		os.Exit(1)
	}
}

func run() error {
	tgz := "echarts-" + version + ".tgz"
	tmp, err := os.MkdirTemp("", "vitals-echarts-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	cmd := exec.Command("npm", "pack", "echarts@"+version, "--silent", "--pack-destination", tmp)
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("npm pack echarts@%s: %w (is npm installed?)", version, err)
	}
	b, err := os.ReadFile(filepath.Join(tmp, tgz))
	if err != nil {
		return err
	}
	if sum := sha256Hex(b); sum != tarballSHA256 {
		return fmt.Errorf("%s: sha256 %s, want %s; refusing it", tgz, sum, tarballSHA256)
	}
	got, err := extract(b)
	if err != nil {
		return fmt.Errorf("%s: %w", tgz, err)
	}
	// Write everything next to its final name first, then rename, so a
	// failure leaves the committed files as they were.
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	var sums strings.Builder
	fmt.Fprintf(&sums, "%s  %s\n", tarballSHA256, tgz)
	for _, f := range files {
		fmt.Fprintf(&sums, "%s  %s\n", sha256Hex(got[f.to]), f.to)
	}
	got["SHA256SUMS"] = []byte(sums.String())
	names := []string{"SHA256SUMS"}
	for _, f := range files {
		names = append(names, f.to)
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
	fmt.Printf("echarts %s (sha256 ok) written to generator/render/assets/%s\n", version, out)
	return nil
}

// extract returns the wanted files of the tarball by committed name.
func extract(tgz []byte) (map[string][]byte, error) {
	want := map[string]string{}
	for _, f := range files {
		want[f.from] = f.to
	}
	gz, err := gzip.NewReader(bytes.NewReader(tgz))
	if err != nil {
		return nil, err
	}
	got := map[string][]byte{}
	tr := tar.NewReader(gz)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		name, ok := want[h.Name]
		if !ok {
			continue
		}
		if got[name], err = io.ReadAll(tr); err != nil {
			return nil, err
		}
	}
	for _, f := range files {
		if len(got[f.to]) == 0 {
			return nil, fmt.Errorf("%s missing from the package", f.from)
		}
	}
	return got, nil
}

func sha256Hex(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}
