package clientrt

import (
	"encoding/json"
	"errors"
)

// unknownFields is embedded in every generated struct with JSON codecs
// that has no map of additional properties: it keeps the members of a
// decoded object that the struct does not declare, so that a value read
// from a newer server and written back loses nothing. It is one pointer,
// nil when there were none, so a struct without unknown members grows by
// a word and decoding it costs nothing more.
//
// The members are kept raw, as one JSON object in document order, in a
// copy of their own: they do not keep the response body alive.
type unknownFields struct{ raw *json.RawMessage }

// UnknownJSON returns the members the last decode found that the struct
// does not declare, as one JSON object in document order (duplicates
// included, as sent), or nil when there were none. MarshalJSON writes
// them back after the declared fields. The result is the struct's own:
// copy it before changing it.
func (u unknownFields) UnknownJSON() json.RawMessage {
	if u.raw == nil {
		return nil
	}
	return *u.raw
}

// SetUnknownJSON replaces the undeclared members MarshalJSON writes after
// the declared fields: obj must be a JSON object, or nil (or null) for
// none. It is kept as given (a copy); a member that repeats a declared
// field's name is written twice, so leave those out.
func (u *unknownFields) SetUnknownJSON(obj json.RawMessage) error {
	if len(obj) == 0 || isNullDoc(obj) {
		u.raw = nil
		return nil
	}
	s := scanner{data: obj}
	s.space()
	if s.i == len(obj) || obj[s.i] != '{' || !json.Valid(obj) {
		return errors.New("SetUnknownJSON: not a JSON object")
	}
	raw := json.RawMessage(append([]byte(nil), obj...))
	u.raw = &raw
	return nil
}

func isNullDoc(b []byte) bool {
	s := scanner{data: b}
	s.space()
	if len(b)-s.i < 4 || string(b[s.i:s.i+4]) != "null" {
		return false
	}
	s.i += 4
	s.space()
	return s.i == len(b)
}

// fields starts reading a struct's object like object, and forgets the
// unknown members of an earlier decode into the same value.
func (d *jsonDecoder) fields(u *unknownFields, of any) bool {
	if d.err == nil && d.peek() == '{' {
		u.raw = nil
	}
	return d.object(of)
}

// unknown keeps the member at the decoder, which the struct does not
// declare, raw.
//
//go:noinline
func (d *jsonDecoder) unknown(u *unknownFields) {
	start := d.keyAt
	d.skip()
	if d.err != nil {
		return
	}
	member := d.data[start:d.i]
	if u.raw == nil {
		raw := make(json.RawMessage, 0, len(member)+2)
		raw = append(raw, '{')
		u.raw = &raw
	} else {
		*u.raw = append((*u.raw)[:len(*u.raw)-1], ',')
	}
	*u.raw = append(append(*u.raw, member...), '}')
}

// end closes a struct's object after writing its unknown members, if it
// has any, compacted as a json.RawMessage would be.
//
//go:noinline
func (e *jsonEncoder) end(b []byte, u unknownFields) []byte {
	if u.raw != nil && e.err == nil {
		at := len(b)
		b = e.compact(b, *u.raw)
		if e.err != nil {
			return b
		}
		switch {
		case len(b)-at == 2: // {}
			b = b[:at]
		case b[at-1] == '{':
			b = append(b[:at], b[at+1:len(b)-1]...)
		default:
			b[at] = ','
			b = b[:len(b)-1]
		}
	}
	return append(b, '}')
}
