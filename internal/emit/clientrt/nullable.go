package clientrt

import (
	"bytes"
	"encoding/json"
)

// Nullable is a value that can be absent, null or set. Its zero value is
// absent, which omitzero leaves out of JSON; Null sends null; NewNullable
// sends a value. Decoding records which of the three arrived.
type Nullable[T any] struct {
	value T
	state uint8 // 0 absent, 1 null, 2 set
}

// NewNullable returns a Nullable holding v.
func NewNullable[T any](v T) Nullable[T] { return Nullable[T]{value: v, state: 2} }

// Null returns a Nullable that is explicitly null.
func Null[T any]() Nullable[T] { return Nullable[T]{state: 1} }

// Get returns the value and whether one is set.
func (n Nullable[T]) Get() (T, bool) { return n.value, n.state == 2 }

// IsNull reports whether the value is explicitly null.
func (n Nullable[T]) IsNull() bool { return n.state == 1 }

// IsSet reports whether the value is present, as null or as a value.
func (n Nullable[T]) IsSet() bool { return n.state != 0 }

// IsZero reports whether the value is absent; omitzero uses it.
func (n Nullable[T]) IsZero() bool { return n.state == 0 }

// MarshalJSON writes null unless a value is set.
func (n Nullable[T]) MarshalJSON() ([]byte, error) {
	if n.state != 2 {
		return []byte("null"), nil
	}
	return json.Marshal(n.value)
}

// UnmarshalJSON records null or decodes the value.
func (n *Nullable[T]) UnmarshalJSON(data []byte) error {
	if bytes.Equal(bytes.TrimSpace(data), []byte("null")) {
		var zero T
		n.value, n.state = zero, 1
		return nil
	}
	if err := json.Unmarshal(data, &n.value); err != nil {
		return err
	}
	n.state = 2
	return nil
}
