// Package browsercheck opens built vitals sites in headless Chromium and
// fails on what a reader would hit: console errors and uncaught exceptions,
// failed or 4xx/5xx requests, requests to any host but the local test
// server, charts that were not drawn, JavaScript dialogs (a hostile string
// that ran), javascript: links, and pages that overflow A4 or Letter paper
// when printed.
//
// The package has no exported API: it is its tests. They build the demo
// site (the repository root) and hostile fixture sites with site.Build,
// serve them with net/http/httptest on 127.0.0.1, and drive one Chromium
// (/usr/bin/chromium, or chromium on PATH) through chromedp for all pages.
// Pages are found by walking the built folder for *.html, so new sections
// are checked without changing the tests.
//
//	go test ./generator/internal/e2e/browsercheck/ -run Browser -v
//
// Without Chromium the tests skip, except when CI is set: CI must run them.
// With VITALS_SCREENSHOTS=/some/folder, the print check saves its PDFs there
// and TestScreenshotsInBrowser saves a full-page PNG of every page at phone
// (390px) and desktop (1280px) widths in light and dark colour schemes.
//
// VITALS_BROWSER_TRACE=1 prints how long each step of each page took.
//
// Chromium runs with a host resolver that resolves nothing but 127.0.0.1,
// so no request can leave the machine even if a page asks for one; such a
// request is reported, not made.
package browsercheck
