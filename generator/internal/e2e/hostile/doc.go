// Package hostile is tests only. They build the site of
// generator/internal/testkit/hostile, whose every text field — GitHub issues,
// pull requests, labels, logins, comments, events and releases in the store;
// postmortems and content pages; metric export columns; SLO, KPI and funnel
// names; site.toml's title, description and base_url — carries a hostile
// string, with site.Build and scan every output file: no markup or script
// from data, every chart option parses and stays inert, CSV cells are
// formula-safe, JSON and XML parse, and the payloads do show, as text, where a reader
// expects them (so the scan cannot pass on an empty page).
//
// TestDiagnosticsStayOneLineOfText checks what a build prints: file names
// and values with ESC sequences or newlines (a line GitHub Actions would
// read as "::error::") come out escaped, one line per diagnostic.
//
// generator/internal/e2e/browsercheck opens the same site in headless Chromium:
// TestHostileDataInBrowser hovers every chart so ECharts draws its
// tooltips, TestHoverCatchesUnescapedTooltip pins what ECharts 5.6 escapes,
// TestHostileHashInBrowser opens pages with hostile URL fragments.
//
//	go test ./generator/internal/e2e/hostile/ -v
//	go test ./generator/internal/e2e/browsercheck/ -run 'Hostile|Tooltip' -v
package hostile
