// Command fetch takes the pinned echarts package from the npm registry with
// `npm pack`, checks the tarball's sha256, and extracts the minified runtime
// and its licence into ../dist. Run through `go generate ./generator/assets`.
package main

import (
	"archive/tar"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
)

const (
	pkg     = "echarts@5.6.0"
	tgz     = "echarts-5.6.0.tgz"
	wantSHA = "e1b82487dd7f8d9f0438eec1f1433051148e0095ac7a15d4db890afda45cf610"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "fetch echarts:", err)
		os.Exit(1)
	}
}

func run() error {
	out := "dist"
	if b, err := os.ReadFile(filepath.Join(out, "echarts.min.js")); err == nil && len(b) > 0 {
		if v, err := os.ReadFile(filepath.Join(out, ".version")); err == nil && string(v) == wantSHA {
			fmt.Println("echarts", pkg, "already in", out)
			return nil
		}
	}
	tmp, err := os.MkdirTemp("", "vitals-echarts-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	cmd := exec.Command("npm", "pack", pkg, "--silent", "--pack-destination", tmp)
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("npm pack %s: %w (is npm installed?)", pkg, err)
	}
	b, err := os.ReadFile(filepath.Join(tmp, tgz))
	if err != nil {
		return err
	}
	sum := sha256Hex(b)
	if sum != wantSHA {
		return fmt.Errorf("%s: sha256 %s, want %s; refusing it", tgz, sum, wantSHA)
	}
	files := map[string]string{
		"package/dist/echarts.min.js": "echarts.min.js",
		"package/LICENSE":             "echarts.LICENSE.txt",
	}
	f, err := os.Open(filepath.Join(tmp, tgz))
	if err != nil {
		return err
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		return err
	}
	tr := tar.NewReader(gz)
	found := 0
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		name, ok := files[h.Name]
		if !ok {
			continue
		}
		data, err := io.ReadAll(tr)
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(out, name), data, 0o644); err != nil {
			return err
		}
		found++
	}
	if found != len(files) {
		return fmt.Errorf("%s: expected files missing from the package", tgz)
	}
	fmt.Println("echarts", pkg, "extracted to", out, "(sha256 ok)")
	return os.WriteFile(filepath.Join(out, ".version"), []byte(wantSHA), 0o644)
}

func sha256Hex(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}
