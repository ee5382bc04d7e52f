//go:build goexperiment.jsonv2

package decode

import jsonv2 "encoding/json/v2"

// encoding/json/v2 rows, under GOEXPERIMENT=jsonv2, on the flat structs.
var jsonv2Impls = []Impl{
	{"jsonv2", false, func() any { return new(FlatLoginFlow) }, func() any { return new(FlatSettingsFlow) }},
}

func init() {
	unmarshalers["jsonv2"] = func(b []byte, v any) error { return jsonv2.Unmarshal(b, v) }
	marshalers["jsonv2"] = func(v any) ([]byte, error) { return jsonv2.Marshal(v) }
}
