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
		"LICENSE-zrender": zrenderLicense,
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

// The runtime is the pinned release built with vitals' parts only: it says
// so in its header, carries its version, and stays well under the prebuilt
// full build (1,034,102 bytes for 5.6.0). The sizes are deterministic (the
// same tarballs and esbuild give the same bytes), so the bound is a budget,
// not a timing: a change to fetch/entry.js that adds a part moves it a few
// KB; one that brings the whole library back fails here.
func TestRuntimeIsThePinnedReleaseWithOnlyVitalsParts(t *testing.T) {
	const budget = 600_000
	if len(echartsJS) < 300_000 || len(echartsJS) > budget {
		t.Fatalf("echarts.min.js is %d bytes; vitals' build of ECharts %s is about 570 KB (budget %d)", len(echartsJS), EChartsVersion, budget)
	}
	head := string(echartsJS[:min(len(echartsJS), 2000)])
	if !strings.Contains(head, "Apache ECharts "+EChartsVersion) || !strings.Contains(head, "Licensed to the Apache Software Foundation") {
		t.Errorf("echarts.min.js does not start with its licence header and what it is built from:\n%s", head)
	}
	if !bytes.Contains(echartsJS, []byte(`"`+EChartsVersion+`"`)) {
		t.Errorf("echarts.min.js does not carry its version %q", EChartsVersion)
	}
	if !bytes.Contains(echartsLicense, []byte("Apache License")) {
		t.Error("LICENSE is not the Apache licence")
	}
	if !bytes.Contains(zrenderLicense, []byte("BSD 3-Clause")) {
		t.Error("LICENSE-zrender is not zrender's BSD licence")
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
	if len(fs) != 5 {
		t.Errorf("%d files, want runtime, LICENSE, NOTICE, LICENSE-d3 and LICENSE-zrender", len(fs))
	}
}

func TestIntegrityIsSHA384OfRuntime(t *testing.T) {
	h := sha512.Sum384(echartsJS)
	want := "sha384-" + base64.StdEncoding.EncodeToString(h[:])
	if got := EChartsIntegrity(); got != want || len(got) != len("sha384-")+64 {
		t.Errorf("EChartsIntegrity() = %q, want %q", got, want)
	}
}
