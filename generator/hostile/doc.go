// Package hostile holds a corpus of hostile strings and writes a whole vitals
// site whose every text field — GitHub issues, pull requests, labels, logins,
// comments, events and releases in the store; postmortems and content pages;
// metric export columns; SLO, KPI and funnel names; site.toml's title,
// description and base_url — carries them. Its tests build that site with
// site.Build and scan every output file: no markup or script from data,
// every chart option parses and stays inert, CSV cells are formula-safe,
// JSON and XML parse, and the payloads do show, as text, where a reader
// expects them (so the scan cannot pass on an empty page).
//
// generator/browsercheck opens the same site in headless Chromium
// (TestHostileDataInBrowser), hovering every chart so ECharts draws its
// tooltips.
//
//	go test ./generator/hostile/ -v
//	go test ./generator/browsercheck/ -run HostileData -v
package hostile
