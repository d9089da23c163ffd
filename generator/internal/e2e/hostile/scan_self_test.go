package hostile

import (
	"strings"
	"testing"
)

// TestScannerCatchesInjections proves the page and CSV checks can fail:
// each page below holds one injection that html/template would never let
// through, and the scan must name it.
func TestScannerCatchesInjections(t *testing.T) {
	const ok = `<!DOCTYPE html><html><head><title>T &lt;script&gt;</title><script src="assets/vitals.js"></script></head><body>`
	for _, c := range []struct{ name, body, want string }{
		{"raw script", `<p>x</p><script>alert(1)</script>`, "inline script"},
		{"script from elsewhere", `<script src="https://evil.example/x.js"></script>`, "script from"},
		{"event handler", `<img src="x" onerror="alert(1)">`, "event handler onerror"},
		{"handler any case", `<a href="#" OnMouseOver="alert(1)">x</a>`, "event handler onmouseover"},
		{"javascript href", `<a href="javascript:alert(1)">x</a>`, "script or data URL"},
		{"spaced, cased, entity javascript href", `<a href=" &#x4A;ava&#x09;Script:alert(1)">x</a>`, "script or data URL"},
		{"data src", `<iframe src="data:text/html,x"></iframe>`, "element never written"},
		{"svg", `<svg></svg>`, "element never written"},
		{"svg dressed as an interval bar", `<svg class="exp-bar exp-bar-good" onload="alert(1)"></svg>`, "element never written"},
		{"svg dressed as an interval bar, with a link", `<svg class="exp-bar x" width="1"><a href="javascript:alert(1)">x</a></svg>`, "script or data URL"},
		{"svg data image", `<img src="data:image/svg+xml;base64,PHN2Zz4=" alt="">`, "script or data URL"},
		{"unquoted attribute", `<a href=x onclick=alert(1)>x</a>`, "not double-quoted"},
		{"single-quoted attribute", `<a title='x'>x</a>`, "not double-quoted"},
		{"bare <", `<p>a <b c</p>`, "cannot read an attribute"},
		{"< that starts no tag", `<p>1 < 2</p>`, "starts no tag"},
		{"bare > of a breakout", `<p>"><x</p>`, "bare '>'"},
		{"bare > alone", `<p>a > b</p>`, "bare '>'"},
		{"raw < in attribute", `<p title="<script>">x</p>`, "raw '<'"},
		{"inline style", `<p style="background:url(javascript:alert(1))">x</p>`, "inline style"},
		{"meta refresh", `<meta http-equiv="refresh" content="0;url=javascript:alert(1)">`, "http-equiv"},
		{"option not JSON", `<div class="chart" data-option="{nope"></div>`, "not JSON"},
		{"function marker", `<div class="chart" data-option="{&#34;series&#34;:[{&#34;name&#34;:&#34;__f__function(){alert(1)}__f__&#34;}]}"></div>`, "function marker"},
		{"formatter", `<div class="chart" data-option="{&#34;tooltip&#34;:{&#34;formatter&#34;:&#34;{a}&#34;}}"></div>`, "sets a formatter"},
	} {
		t.Run(c.name, func(t *testing.T) {
			p, err := scanHTML(ok + c.body + `</body></html>`)
			var probs []string
			if err != nil {
				probs = append(probs, err.Error())
			} else {
				probs = checkElems(p, "")
			}
			if !strings.Contains(strings.Join(probs, "\n"), c.want) {
				t.Errorf("%s: want a problem with %q, got %q", c.body, c.want, probs)
			}
		})
	}
	t.Run("clean page", func(t *testing.T) {
		p, err := scanHTML(ok + `<!-- raw HTML omitted --><a href="https://example.com/%22%3e" title="&#34;&gt;&lt;svg onload=alert(1)&gt;">&lt;img src=x onerror=alert(1)&gt;</a>` +
			`<div class="chart" data-option="{&#34;series&#34;:[{&#34;name&#34;:&#34;_\u200b_f__&#34;}]}"></div>` +
			`<svg class="exp-bar exp-bar-good" width="100%" height="16" role="img" aria-label="x"><line class="zero" x1="50%" y1="0" x2="50%" y2="16"/></svg></body></html>`)
		if err != nil {
			t.Fatal(err)
		}
		if probs := checkElems(p, ""); len(probs) > 0 {
			t.Errorf("a clean page reported: %q", probs)
		}
		if !strings.Contains(p.Text, `<img src=x onerror=alert(1)>`) || p.Title != "T <script>" {
			t.Errorf("decoded text %q, title %q: want the payloads as text", p.Text, p.Title)
		}
	})
	t.Run("csv", func(t *testing.T) {
		probs := checkCSV([]byte("a,b\n'=1+1,-3\n-0.5,\"=HYPERLINK(\"\"x\"\")\"\n@SUM(1),+cmd\n\"\t=1\",\uff1dcmd\n\" @x\",'\uff1dcmd\n"))
		want := []string{`row 3 column 2: formula cell "=HYPERLINK(\"x\")"`, `row 4 column 1: formula cell "@SUM(1)"`, `row 4 column 2: formula cell "+cmd"`,
			`row 5 column 1: formula cell "\t=1"`, `row 5 column 2: formula cell "＝cmd"`, `row 6 column 1: formula cell " @x"`}
		if strings.Join(probs, "\n") != strings.Join(want, "\n") {
			t.Errorf("checkCSV = %q, want %q", probs, want)
		}
	})
	t.Run("step summary", func(t *testing.T) {
		for _, c := range []struct{ md, want string }{
			{"| A | B |\n|---|---|\n| x | y |\n", ""},
			{"| A | B |\n|---|---|\n| x \\| y | z |\n", ""},
			{"| A | B |\n|---|---|\n| x | y | z |\n", "row of 3 cells under a header of 2"},
			{"## <img src=x onerror=alert(1)>\n", "raw '<'"},
			{"[x](https://evil.example)\n", "link syntax"},
			{"\\[x\\]\\(y\\) \x1b[2J\n", "control character"},
		} {
			got := strings.Join(checkStepSummary(c.md), "\n")
			if (c.want == "") != (got == "") || !strings.Contains(got, c.want) {
				t.Errorf("checkStepSummary(%q) = %q, want %q", c.md, got, c.want)
			}
		}
	})
}
