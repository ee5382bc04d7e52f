package clientrt

import (
	"encoding/json"
	"errors"
)

// JSON encodes v for a free-form field, one the API description leaves
// open (identity traits, metadata) and the package types as
// json.RawMessage:
//
//	traits, err := JSON(map[string]any{"email": "ada@example.com"})
//
// A value that encoding/json cannot encode is an error, not a panic, so a
// request is never sent with half a value.
func JSON(v any) (json.RawMessage, error) {
	data, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return json.RawMessage(data), nil
}

// DecodeJSON decodes a free-form value into a T of the caller's choosing,
// e.g. DecodeJSON[MyTraits](identity.Traits). An absent value (empty raw
// JSON) is an error rather than a zero T, so that a missing field is not
// mistaken for one that was sent empty.
func DecodeJSON[T any](raw json.RawMessage) (T, error) {
	var v T
	if len(raw) == 0 {
		return v, errNoJSON
	}
	if err := json.Unmarshal(raw, &v); err != nil {
		var zero T
		return zero, err
	}
	return v, nil
}

// errNoJSON is DecodeJSON's error for an absent value.
var errNoJSON = errors.New("DecodeJSON: no value (empty raw JSON)")
