package clientrt

import "context"

// Operation names the operation a request belongs to. Every request a
// client sends carries it in its context, so middleware and hooks (a
// tracer naming spans, a logger, a metrics recorder) can read it with
// OperationFrom.
type Operation struct {
	ID     string // the operationId (made from method and path where the API description has none)
	Method string // the HTTP method, e.g. GET
	Path   string // the path template as the API description writes it, e.g. /identities/{id}
}

// operationKey is the context key of the operation. Its type is an
// unnamed struct, not a type of this package, so that code which cannot
// import a generated package (an OpenTelemetry middleware shared by every
// generated client, such as orygen's contrib/otel) can spell the same key
// and find the *Operation under it: every generated package stores its
// operation there, as a pointer to a struct whose string fields ID, Method
// and Path mean what Operation's do, and each call its own pointer (the
// same for all its attempts), which tells a retry from a new call.
type operationKey = struct{ OrygenOperation struct{} }

// OperationFrom returns the operation a request's context belongs to,
// e.g. OperationFrom(req.Context()) in a Middleware, and whether there is
// one.
func OperationFrom(ctx context.Context) (Operation, bool) {
	if op, ok := ctx.Value(operationKey{}).(*Operation); ok && op != nil {
		return *op, true
	}
	return Operation{}, false
}

// withOperation records op in ctx. A pointer (to the call's own copy) goes
// in the context, so that storing it allocates nothing; OperationFrom
// hands out copies.
func withOperation(ctx context.Context, op *Operation) context.Context {
	return context.WithValue(ctx, operationKey{}, op)
}

// Ptr returns a pointer to v, for optional fields and parameters:
// Ptr("ada@example.com"), Ptr(true). A number needs its field's type
// written out: Ptr(7) is a *int (an untyped constant takes its default
// type), which a *int64 field does not take, so write Ptr(int64(7)) or
// Ptr[int64](7); a float likewise, Ptr(float32(0.5)).
func Ptr[T any](v T) *T { return &v }
