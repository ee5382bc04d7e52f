package irbuild

import (
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/orygen/orygen/internal/ir"
	"github.com/orygen/orygen/internal/loader"
)

// The parts of a document that describe requests a client does not make
// (webhooks, callbacks) or navigation it does not do (links) generate no
// code; each is named in a warning so that nobody wonders where it went.

// warnWebhooks notes the document's webhooks (OpenAPI 3.1).
func (b *builder) warnWebhooks() {
	if len(b.doc.Webhooks) == 0 {
		return
	}
	names := sortedKeys(b.doc.Webhooks)
	b.warnf("/webhooks", "webhooks %s are requests the API sends to your server, not operations a client calls; no client code is generated for them",
		quoteList(names))
}

// warnCallbacksLinks notes the callbacks of an operation and the links of
// its responses.
func (b *builder) warnCallbacksLinks(o *ir.Operation, op *openapi3.Operation, ptr string) {
	if len(op.Callbacks) > 0 {
		b.warnf(ptr+"/callbacks", "operation %s: callbacks %s are requests the API sends to your server; ignored",
			o.ID, quoteList(sortedKeys(op.Callbacks)))
	}
	if op.Responses == nil {
		return
	}
	m := op.Responses.Map()
	for _, code := range sortedKeys(m) {
		r := m[code]
		if r == nil || r.Value == nil || len(r.Value.Links) == 0 {
			continue
		}
		b.warnf(ptr+"/responses/"+loader.Escape(code)+"/links", "operation %s: links %s are not followed by the client; ignored",
			o.ID, quoteList(sortedKeys(r.Value.Links)))
	}
}

func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = strconv.Quote(n)
	}
	return strings.Join(q, ", ")
}
