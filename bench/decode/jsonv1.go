//go:build !goexperiment.jsonv2

package decode

// Without GOEXPERIMENT=jsonv2 there is no encoding/json/v2 row.
var jsonv2Impls []Impl
