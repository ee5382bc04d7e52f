package clientrt

import (
	"context"
	"testing"
)

// The key under which the operation travels is part of the contract with
// code that cannot import a generated package (contrib/otel): it must be
// reachable with a key spelled outside this package, and hold a pointer to
// a struct with ID, Method and Path.
func TestOperationKeyIsStructural(t *testing.T) {
	op := Operation{ID: "getIdentity", Method: "GET", Path: "/admin/identities/{id}"}
	ctx := withOperation(context.Background(), &op)
	v := ctx.Value(struct{ OrygenOperation struct{} }{})
	got, ok := v.(*Operation)
	if !ok || got != &op {
		t.Fatalf("value under the structural key = %#v, want the call's *Operation", v)
	}
	if got, ok := OperationFrom(ctx); !ok || got != op {
		t.Fatalf("OperationFrom = %+v, %v", got, ok)
	}
}
