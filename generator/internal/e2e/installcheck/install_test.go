package installcheck

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"html"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/vitals-dev/vitals/generator/internal/testkit/fixture"
)

var (
	tagRE  = regexp.MustCompile(`<([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s"'>/=]+(?:="[^"]*")?)*)\s*/?>`)
	attrRE = regexp.MustCompile(`\s([^\s"'>/=]+)(?:="([^"]*)")?`)
	cssURL = regexp.MustCompile(`(?i)(?:url\(\s*['"]?|@import\s+['"])([^'")\s]+)`)
)

// Attributes that make a browser fetch something when the page opens (or
// when a form is sent). href counts on every element but <a>, whose target
// is a link a reader may follow, not a load: the demo links each issue to
// GitHub.
var loadAttrs = map[string]bool{"src": true, "srcset": true, "href": true, "poster": true, "data": true, "action": true, "formaction": true, "background": true}

// offHost returns the host of a URL that leaves the site, or "".
func offHost(raw, ownHost string) string {
	raw = strings.TrimSpace(raw)
	if strings.HasPrefix(raw, "//") {
		raw = "https:" + raw
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "unparsable URL " + raw
	}
	if u.Scheme == "" && u.Host == "" {
		return "" // relative: the site itself
	}
	if u.Host == ownHost && (u.Scheme == "https" || u.Scheme == "http") {
		return "" // canonical link to the site's own address
	}
	return u.Scheme + "://" + u.Host
}

// The demo built by a plainly built binary: complete (the pinned ECharts
// runtime is in it), nothing loaded from another host, and the demo's
// templates/ override in use.
func TestPlainGoBuildMakesACompleteSelfContainedDemo(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the vitals binary and the demo site: skipped with -short")
	}
	root := fixture.RepoRoot(t)
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "vitals")
	build := exec.Command("go", "build", "-o", bin, "./cmd/vitals")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/vitals: %v\n%s", err, out)
	}
	dest := filepath.Join(tmp, "public")
	run := exec.Command(bin, "build", "--offline", "-s", root, "-d", dest)
	out, err := run.CombinedOutput()
	if err != nil {
		t.Fatalf("vitals build --offline: %v\n%s", err, out)
	}
	if strings.Contains(string(out), "ECharts") || strings.Contains(string(out), "generate") {
		t.Errorf("the build talks about the ECharts runtime:\n%s", out)
	}

	// The runtime the pages load is the pinned, recorded one.
	js, err := os.ReadFile(filepath.Join(dest, "assets", "echarts.min.js"))
	if err != nil {
		t.Fatalf("the site has no ECharts runtime: %v", err)
	}
	sum := sha256.Sum256(js)
	if want := recordedSHA(t, root, "echarts.min.js"); hex.EncodeToString(sum[:]) != want {
		t.Errorf("assets/echarts.min.js sha256 %x, SHA256SUMS records %s", sum, want)
	}

	own := "lumenhq.github.io" // the demo's base_url host
	pages, charts := 0, 0
	err = filepath.WalkDir(dest, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dest, p)
		rel = filepath.ToSlash(rel)
		switch {
		case strings.HasSuffix(p, ".html"):
			pages++
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			page := string(b)
			for _, tag := range tagRE.FindAllStringSubmatch(page, -1) {
				name := strings.ToLower(tag[1])
				for _, a := range attrRE.FindAllStringSubmatch(tag[2], -1) {
					attr := strings.ToLower(a[1])
					if !loadAttrs[attr] || (attr == "href" && name == "a") {
						continue
					}
					for _, v := range strings.Split(html.UnescapeString(a[2]), ",") { // srcset lists URLs
						v = strings.Fields(v + " ")[0]
						if h := offHost(v, own); h != "" {
							t.Errorf("%s: <%s %s=%q> loads from %s", rel, name, attr, a[2], h)
						}
					}
				}
			}
			if strings.Contains(page, `<div class="chart"`) {
				charts++
				if !strings.Contains(page, `<script src="`+strings.Repeat("../", strings.Count(rel, "/"))+`assets/echarts.min.js"></script>`) {
					t.Errorf("%s: has charts but does not load its own assets/echarts.min.js", rel)
				}
			}
			if !strings.Contains(page, `class="muted demo-note"`) {
				t.Errorf("%s: footer is not the demo's templates/partials/footer.html", rel)
			}
		case strings.HasSuffix(p, ".css"):
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			for _, m := range cssURL.FindAllStringSubmatch(string(b), -1) {
				if h := offHost(m[1], own); h != "" && !strings.HasPrefix(m[1], "data:") {
					t.Errorf("%s: loads %s from %s", rel, m[1], h)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if pages < 10 || charts < 5 {
		t.Errorf("%d pages, %d with charts: the demo should have many", pages, charts)
	}
}

func recordedSHA(t *testing.T, root, name string) string {
	t.Helper()
	f, err := os.Open(filepath.Join(root, "generator", "render", "assets", "echarts", "SHA256SUMS"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if sum, n, ok := strings.Cut(sc.Text(), "  "); ok && n == name {
			return sum
		}
	}
	t.Fatalf("SHA256SUMS has no %s", name)
	return ""
}

func TestOffHost(t *testing.T) {
	for _, c := range []struct{ url, want string }{
		{"assets/vitals.js", ""},
		{"../assets/echarts.min.js", ""},
		{"#main", ""},
		{"https://lumenhq.github.io/health/", ""},
		{"https://cdn.jsdelivr.net/npm/echarts@5.6.0/dist/echarts.min.js", "https://cdn.jsdelivr.net"},
		{"//cdn.example.com/x.js", "https://cdn.example.com"},
		{"data:image/png;base64,AAAA", "data://"},
		{"http://lumenhq.github.io.evil.example/x", "http://lumenhq.github.io.evil.example"},
	} {
		if got := offHost(c.url, "lumenhq.github.io"); got != c.want {
			t.Errorf("offHost(%q) = %q, want %q", c.url, got, c.want)
		}
	}
}
