// Package themes embeds the default theme, so the vitals binary builds a
// site anywhere. A site's own templates/ and themes/<name>/ come first.
package themes

import "embed"

// FS holds default/templates and default/static.
//
//go:embed default
var FS embed.FS
