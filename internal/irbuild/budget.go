package irbuild

import (
	"fmt"

	"github.com/orygen/orygen/internal/loader"
)

// The output budget: a package of more struct fields than
// FieldBudgetBase plus one for every FieldBudgetBytes bytes of the spec is
// refused. Output grows faster than its input in one way: each struct
// repeats the fields its allOf members give it, so a chain of allOf links
// that each add properties is quadratic (3,000 links: 4.5 million fields,
// gigabytes of memory). The refusal comes while the model is built, at
// the schema that crosses the budget, before the memory is spent. Real
// specs stay far below it: Microsoft Graph's beta description, 47 MB and
// 27,000 types, has some 40,000 fields (its budget: 23.8 million).
const (
	FieldBudgetBase  = 200_000
	FieldBudgetBytes = 2
)

func (b *builder) fieldBudget() int {
	var size int64
	if b.spec != nil {
		size = b.spec.Size
	}
	return FieldBudgetBase + int(size/FieldBudgetBytes)
}

// spendFields counts n fields of the struct at ptr, or stops the build
// with a located error past the budget.
func (b *builder) spendFields(n int, ptr string) {
	b.fields += n
	if max := b.fieldBudget(); b.fields > max {
		panic(&loader.Error{Diagnostic: loader.Diagnostic{File: b.file, Pointer: ptr, Class: "output budget",
			Message: fmt.Sprintf("the package would have more than %d struct fields, the output budget for a spec of this size (%d plus one for every %d bytes of it); "+
				"each struct repeats the fields its allOf members give it, so a chain of allOf links that each add properties grows with the square of its length",
				max, FieldBudgetBase, FieldBudgetBytes)}})
	}
}
