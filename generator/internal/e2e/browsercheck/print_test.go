package browsercheck

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// paper is a sheet the site must print on.
type paper struct {
	Name string
	Size chromedp.PaperSize // inches, portrait
	CSS  [2]string          // width and height as CSS lengths
}

var papers = []paper{
	{"A4", chromedp.PaperA4, [2]string{"210mm", "297mm"}},
	{"Letter", chromedp.PaperLetter, [2]string{"8.5in", "11in"}},
}

// pdfMargin is the margin given to PrintToPDF; an @page margin in the
// site's CSS wins over it, as it does when a reader prints.
const pdfMargin = 0.4 // inches

// printableJS measures, in CSS px, the width left on a sheet (its width
// given as a CSS length in %s) by the left and right margins of the site's
// @page rule, or by pdfMargin when the site has none.
const printableJS = `((paper, fallback) => {
  let ml = '', mr = '';
  for (const sheet of Array.from(document.styleSheets)) {
    let rules; try { rules = sheet.cssRules; } catch (e) { continue; }
    for (const r of Array.from(rules)) {
      if (r instanceof CSSPageRule && !r.selectorText) {
        ml = r.style.marginLeft || ml; mr = r.style.marginRight || mr;
      }
    }
  }
  const d = document.createElement('div');
  d.style.cssText = 'position:absolute;visibility:hidden;height:0;width:calc(' + paper + ' - ' + (ml || fallback) + ' - ' + (mr || fallback) + ')';
  document.body.appendChild(d);
  const w = d.getBoundingClientRect().width;
  d.remove();
  return {width: w, margins: (ml || fallback) + ' ' + (mr || fallback)};
})(%q, %q)`

// overflowJS returns the document's scroll width and the outermost elements
// that reach past the right edge %g (or the left edge), ignoring those
// clipped by a scrolling or hidden-overflow ancestor that fits.
const overflowJS = `((W) => {
  const bad = new Set();
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (r.right <= W + 1 && r.left >= -1) continue;
    let clipped = false;
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      if (getComputedStyle(p).overflowX !== 'visible' && p.getBoundingClientRect().right <= W + 1) { clipped = true; break; }
    }
    if (!clipped) bad.add(el);
  }
  const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    Array.from(el.classList).slice(0, 3).map(c => '.' + c).join('');
  const path = el => { const parts = []; for (let e = el; e && e !== document.body && parts.length < 4; e = e.parentElement) parts.unshift(name(e)); return parts.join(' > '); };
  const out = [];
  for (const el of bad) {
    if (bad.has(el.parentElement)) continue;
    const r = el.getBoundingClientRect();
    out.push(path(el) + ' spans ' + Math.round(r.left) + '..' + Math.round(r.right) + 'px');
    if (out.length === 6) break;
  }
  return {scroll: document.documentElement.scrollWidth, offenders: out};
})(%g)`

type overflow struct {
	Scroll    float64  `json:"scroll"`
	Offenders []string `json:"offenders"`
}

func measureOverflow(tb *tab, width float64) (overflow, error) {
	var o overflow
	raw, err := eval[[]byte](tb, fmt.Sprintf(overflowJS, width))
	if err != nil {
		return o, err
	}
	err = json.Unmarshal(raw, &o)
	return o, err
}

// printOverflow lays the open page out for print at the printable width of
// p and reports when it is wider than that. The tab stays in print media:
// call screen before anything else.
func printOverflow(tb *tab, p paper) ([]string, error) {
	var pw struct {
		Width   float64 `json:"width"`
		Margins string  `json:"margins"`
	}
	raw, err := eval[[]byte](tb, fmt.Sprintf(printableJS, p.CSS[0], fmt.Sprintf("%gin", pdfMargin)))
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(raw, &pw); err != nil {
		return nil, err
	}
	if pw.Width <= 0 {
		return nil, fmt.Errorf("printable width of %s is %g px", p.Name, pw.Width)
	}
	// The viewport is whole pixels: round up, so a chart of exactly the
	// printable width (170mm = 642.5px) fits.
	w := math.Ceil(pw.Width)
	ctx, cancel := tb.timeout(30 * time.Second)
	defer cancel()
	err = chromedp.Do(ctx,
		chromedp.EmulateViewport(int64(w), 1100),
		chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
			return err
		}),
		chromedp.Evaluate[chromedp.Void](`window.dispatchEvent(new Event('beforeprint'))`),
	)
	if err != nil {
		return nil, err
	}
	if err := tb.settle(); err != nil {
		return nil, err
	}
	o, err := measureOverflow(tb, w)
	if err != nil {
		return nil, err
	}
	// Every chart inside the page, with its axis labels drawn.
	probs, err := axisProblems(tb, "printed on "+p.Name, w)
	if err != nil {
		return nil, err
	}
	if o.Scroll <= w {
		return probs, nil
	}
	return append(probs, fmt.Sprintf("printed on %s (%.0f px between margins %s) the page is %.0f px wide: %v",
		p.Name, w, pw.Margins, o.Scroll, o.Offenders)), nil
}

// printPDF prints the open page on p, as a reader's browser does (the
// page hears beforeprint first, afterprint last), saves the PDF into dir
// when dir is set, and returns how many sheets it takes.
func printPDF(tb *tab, p paper, dir, name string) (int, error) {
	ctx, cancel := tb.timeout(60 * time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`window.dispatchEvent(new Event('beforeprint'))`)); err != nil {
		return 0, err
	}
	if err := tb.settle(); err != nil {
		return 0, err
	}
	pdf, err := chromedp.Run(ctx, chromedp.PrintToPDF(chromedp.PDFPaper(p.Size), chromedp.PDFMargin(pdfMargin)))
	if err != nil {
		return 0, fmt.Errorf("print %s on %s: %w", name, p.Name, err)
	}
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`window.dispatchEvent(new Event('afterprint'))`)); err != nil {
		return 0, err
	}
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) || len(pdf) < 1000 {
		return 0, fmt.Errorf("print %s on %s: %d bytes that are not a PDF", name, p.Name, len(pdf))
	}
	if dir != "" {
		if err := os.WriteFile(filepath.Join(dir, name+"-"+p.Name+".pdf"), pdf, 0o644); err != nil {
			return 0, err
		}
	}
	return pdfSheets(pdf), nil
}

// pdfSheets counts the page objects of a PDF as Chromium writes it (each
// "/Type /Page" object; the tree's "/Type /Pages" is not one).
func pdfSheets(pdf []byte) int { return len(pageObjRE.FindAll(pdf, -1)) }

var pageObjRE = regexp.MustCompile(`/Type\s*/Page\b`)

// sheetLimit is how many sheets a page may print on, where the issue sets
// one (issue 18): a quarterly review a handout of three at most; the SLO
// page one sheet for every two SLOs. 0: no limit.
func sheetLimit(tb *tab, page string) (int, error) {
	switch {
	case strings.HasPrefix(page, "reviews/") && page != "reviews/index.html":
		return 3, nil
	case page == "slo/index.html":
		n, err := eval[int](tb, `document.querySelectorAll('section.slo').length`)
		return (n + 1) / 2, err
	}
	return 0, nil
}

// screen puts the tab back to a 1280px screen.
func screen(tb *tab) error {
	ctx, cancel := tb.timeout(30 * time.Second)
	defer cancel()
	return chromedp.Do(ctx,
		chromedp.Evaluate[chromedp.Void](`window.dispatchEvent(new Event('afterprint'))`),
		chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{})
			return err
		}),
		chromedp.EmulateViewport(1280, 800),
	)
}

// phoneOverflow reports a page that is wider than a 390px phone screen.
// The tab stays at phone width.
func phoneOverflow(tb *tab) ([]string, error) {
	ctx, cancel := tb.timeout(30 * time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile)); err != nil {
		return nil, err
	}
	if err := tb.settle(); err != nil {
		return nil, err
	}
	o, err := measureOverflow(tb, 390)
	if err != nil {
		return nil, err
	}
	if o.Scroll <= 390 {
		return nil, nil
	}
	return []string{fmt.Sprintf("on a 390px phone the page is %.0f px wide: %v", o.Scroll, o.Offenders)}, nil
}

// printFlowJS lists what prints badly in the print layout: a state word
// ("no-data") broken over two lines in a narrow column, and an SLO or KPI
// section that forces a page break (a page each left short pages, and
// page 1 the summary table alone).
const printFlowJS = `(() => {
  const out = [];
  for (const el of document.querySelectorAll('.state')) {
    const r = document.createRange(); r.selectNodeContents(el);
    const lines = new Set(Array.from(r.getClientRects()).filter(x => x.width > 0).map(x => Math.round(x.top)));
    if (lines.size > 1) out.push('state "' + el.textContent.trim() + '" breaks over ' + lines.size + ' lines');
  }
  for (const el of document.querySelectorAll('section.slo, section.kpi')) {
    const b = getComputedStyle(el).breakBefore;
    if (b === 'page' || b === 'always') out.push('section.' + el.className + '#' + el.id + ' starts a printed page of its own');
  }
  return out.slice(0, 6);
})()`

// printFlow reports printFlowJS's findings; the tab must be in print
// media (printOverflow leaves it there).
func printFlow(tb *tab, where string) ([]string, error) {
	found, err := eval[[]string](tb, printFlowJS)
	if err != nil {
		return nil, err
	}
	for i := range found {
		found[i] = where + ": " + found[i]
	}
	return found, nil
}

// pdfSheets counts page objects, not the page tree, wherever a line ends.
func TestPDFSheets(t *testing.T) {
	pdf := []byte("%PDF-1.4\n1 0 obj\n<</Type /Pages /Count 3>>\n2 0 obj <</Type /Page\n/Parent 1 0 R>>\n3 0 obj <</Type/Page/Parent 1 0 R>>4 0 obj <</Type /Page>>")
	if n := pdfSheets(pdf); n != 3 {
		t.Errorf("pdfSheets = %d, want 3", n)
	}
}
