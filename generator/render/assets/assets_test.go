package assets

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// recorded reads SHA256SUMS (sha256sum format: "<hex>  <name>").
func recorded(t *testing.T) map[string]string {
	t.Helper()
	sums := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(sha256Sums))
	for n := 1; sc.Scan(); n++ {
		sum, name, ok := strings.Cut(sc.Text(), "  ")
		if !ok || len(sum) != 64 {
			t.Fatalf("echarts/SHA256SUMS:%d: not \"<sha256>  <file>\": %q", n, sc.Text())
		}
		sums[name] = sum
	}
	return sums
}

func hexSHA256(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

func TestCommittedRuntimeMatchesRecordedSHA256(t *testing.T) {
	sums := recorded(t)
	if _, ok := sums["echarts-"+EChartsVersion+".tgz"]; !ok {
		t.Errorf("echarts/SHA256SUMS records no tarball for EChartsVersion %s: run go generate ./generator/render/assets", EChartsVersion)
	}
	embedded := map[string][]byte{
		"echarts.min.js": echartsJS, "LICENSE": echartsLicense, "NOTICE": echartsNotice, "LICENSE-d3": echartsLicenseD3,
	}
	for name, b := range embedded {
		want, ok := sums[name]
		if !ok {
			t.Errorf("echarts/SHA256SUMS has no line for %s", name)
			continue
		}
		if got := hexSHA256(b); got != want {
			t.Errorf("echarts/%s: sha256 %s, SHA256SUMS records %s (a changed file, or line endings rewritten by git?)", name, got, want)
		}
	}
	// The embed is the file on disk; say so in case a checkout rewrote it.
	for name, b := range embedded {
		disk, err := os.ReadFile(filepath.Join("echarts", name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(disk, b) {
			t.Errorf("echarts/%s differs from the embedded copy", name)
		}
	}
}

func TestRuntimeIsTheMinifiedPinnedRelease(t *testing.T) {
	if len(echartsJS) < 500_000 {
		t.Fatalf("echarts.min.js is %d bytes; the 5.x runtime is about 1 MB", len(echartsJS))
	}
	if !bytes.Contains(echartsJS, []byte(`"`+EChartsVersion+`"`)) {
		t.Errorf("echarts.min.js does not carry its version %q", EChartsVersion)
	}
	if !bytes.Contains(echartsLicense, []byte("Apache License")) {
		t.Error("LICENSE is not the Apache licence")
	}
}

func TestSitesCarryRuntimeAndEveryLicenceFile(t *testing.T) {
	fs := EChartsFiles()
	if fs[0].Name != "echarts.min.js" || !bytes.Equal(fs[0].Data, ECharts()) {
		t.Fatalf("first file %s, want the runtime", fs[0].Name)
	}
	for _, f := range fs {
		if len(f.Data) == 0 {
			t.Errorf("%s is empty", f.Name)
		}
	}
	if len(fs) != 4 {
		t.Errorf("%d files, want runtime, LICENSE, NOTICE and LICENSE-d3", len(fs))
	}
}

func TestIntegrityIsSHA384OfRuntime(t *testing.T) {
	h := sha512.Sum384(echartsJS)
	want := "sha384-" + base64.StdEncoding.EncodeToString(h[:])
	if got := EChartsIntegrity(); got != want || len(got) != len("sha384-")+64 {
		t.Errorf("EChartsIntegrity() = %q, want %q", got, want)
	}
}
