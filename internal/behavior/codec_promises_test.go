package behavior

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"runtime"
	"testing"
	"time"

	features "github.com/orygen/orygen/testdata/golden/features"
	older "github.com/orygen/orygen/testdata/golden/kratos-v1.3.1-older"
)

// TestErrorRuleMismatchThenUnmarshaler: the rule the README states for a
// wrong-kind value followed by a value failing inside its own
// UnmarshalJSON: encoding/json returns the later error, the generated
// decoder the mismatch it stopped at. Both fail.
func TestErrorRuleMismatchThenUnmarshaler(t *testing.T) {
	doc := []byte(`{"schema_id":5,"created_at":"not a time"}`)
	var std struct {
		SchemaID  string     `json:"schema_id"`
		CreatedAt *time.Time `json:"created_at"`
	}
	errStd := json.Unmarshal(doc, &std)
	var te *json.UnmarshalTypeError
	if errStd == nil || errors.As(errStd, &te) {
		t.Fatalf("encoding/json: %v; want the time.Time error", errStd)
	}
	var id older.Identity
	errCodec := json.Unmarshal(doc, &id)
	if !errors.As(errCodec, &te) {
		t.Fatalf("codec: %v; want the *json.UnmarshalTypeError of schema_id", errCodec)
	}
}

// TestDetachReleasesBody: decoded strings share one copy of the body, so a
// small value keeps a large body alive; after Detach it does not.
func TestDetachReleasesBody(t *testing.T) {
	const pad = 32 << 20
	heap := func() uint64 {
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	decode := func() *older.Identity {
		body := append([]byte(`{"id":"i1","schema_id":"default",`), bytes.Repeat([]byte(" "), pad)...)
		body = append(body, `"traits":{"email":"a@example.com"},"metadata_admin":{"k":"v"}}`...)
		id := new(older.Identity)
		if err := id.UnmarshalJSON(body); err != nil {
			t.Fatal(err)
		}
		return id
	}
	base := heap()
	kept := decode()
	if held := heap() - base; held < pad*3/4 {
		t.Fatalf("the decoded value holds %d bytes; the test expects it to keep the %d-byte body alive", held, pad)
	}
	older.Detach(kept)
	if held := int64(heap()) - int64(base); held > pad/4 {
		t.Errorf("after Detach the value still holds %d bytes", held)
	}
	if kept.ID != "i1" || kept.SchemaID != "default" || string(kept.Traits) != `{"email":"a@example.com"}` || string(kept.UnknownJSON()) != `{"metadata_admin":{"k":"v"}}` {
		t.Errorf("Detach changed the value: %+v %s", kept, kept.UnknownJSON())
	}
	runtime.KeepAlive(kept)
}

// TestMismatchNamesTheStruct: a value of another kind where a generated
// struct is wanted fails with an *json.UnmarshalTypeError whose Type is
// that struct, as encoding/json's names it (before, the decoder did not
// know the struct and named struct {}).
func TestMismatchNamesTheStruct(t *testing.T) {
	var a features.Animal
	err := json.Unmarshal([]byte(`{"enclosure":"pen 4"}`), &a)
	var te *json.UnmarshalTypeError
	if !errors.As(err, &te) {
		t.Fatalf("err %v (%T), want an *json.UnmarshalTypeError", err, err)
	}
	if te.Value != "string" || te.Type != reflect.TypeFor[features.Enclosure]() {
		t.Errorf("Value %q, Type %v; want string into features.Enclosure", te.Value, te.Type)
	}
}
