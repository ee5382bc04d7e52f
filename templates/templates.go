// Package templates holds the non-Go files of a generated package (its
// README and the text of its package documentation), embedded so that the
// orygen binary is self-contained.
package templates

import "embed"

// FS holds the templates, rendered with text/template.
//
//go:embed *.tmpl
var FS embed.FS
