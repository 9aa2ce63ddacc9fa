// Package templates holds the embedded text templates for the generated files
// that do not depend on the IDL's declarations: the COM runtime support that
// every generated package carries, and the package documentation.
package templates

import "embed"

// FS holds the templates. Each *.go.tmpl renders one Go file; the template data
// is a gen.TemplateData.
//
//go:embed *.tmpl
var FS embed.FS
