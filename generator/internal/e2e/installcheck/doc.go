// Package installcheck holds tests of vitals as a user gets it: a binary from
// a plain `go build ./cmd/vitals` (no go generate, no npm) builds the demo
// site, and no page of it loads anything from another host. It has no code
// of its own.
package installcheck
