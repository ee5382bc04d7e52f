package emit

import "fmt"

// The methods here are what the package doc and README templates ask of
// the model beyond its fields.

// HasGetters reports whether the package has nil-safe getters.
func (m *model) HasGetters() bool { return m.hasGetters() }

// TypedError is an error status some operation declares with a body, as
// the package doc names it ("the 404 of Identity.GetIdentity is an
// *ErrorResponse[ErrorGeneric]"), or "" if no operation declares one. A
// 4xx is preferred: it is the error a caller meets first.
func (m *model) TypedError() string {
	var first string
	for _, s := range m.Services {
		for _, op := range s.Operations {
			byStatus, def := errorResponses(op)
			for _, r := range byStatus {
				if r.Range || r.Status < 400 {
					continue
				}
				text := fmt.Sprintf("the %d of %s.%s is an *ErrorResponse[%s]", r.Status, s.Name, op.Name, m.goTypeText(*r.Type))
				if r.Status < 500 {
					return text
				}
				if first == "" {
					first = text
				}
			}
			if def != nil && first == "" {
				first = fmt.Sprintf("any status %s.%s does not declare is an *ErrorResponse[%s]", s.Name, op.Name, m.goTypeText(*def.Type))
			}
		}
	}
	return first
}
