package decode

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/bytedance/sonic"
	gojson "github.com/goccy/go-json"
	cg "github.com/ory/client-go"
	og "github.com/orygen/orygen/testdata/golden/client-v1.22.40"
)

// Impl is one way of decoding the flows.
type Impl struct {
	Name     string
	Direct   bool       // its client calls the types' JSON methods itself (see Decode)
	Login    func() any // a fresh value to decode a login flow into
	Settings func() any // a fresh value to decode a settings flow into
}

// Impls are the decoders, in the order of the table. goccy/go-json,
// sonic and encoding/json/v2 (libs.go) decode the flat structs: the
// fastest a general library gets, on types without custom unmarshalers.
var Impls = append([]Impl{
	{"orygen", true, func() any { return new(og.LoginFlow) }, func() any { return new(og.SettingsFlow) }},
	{"client-go", false, func() any { return new(cg.LoginFlow) }, func() any { return new(cg.SettingsFlow) }},
	{"flat", false, func() any { return new(FlatLoginFlow) }, func() any { return new(FlatSettingsFlow) }},
	{"goccy", false, func() any { return new(FlatLoginFlow) }, func() any { return new(FlatSettingsFlow) }},
	{"sonic", false, func() any { return new(FlatLoginFlow) }, func() any { return new(FlatSettingsFlow) }},
}, jsonv2Impls...)

// unmarshalers and marshalers are the libraries' entry points by
// implementation name; encoding/json for the others.
var (
	unmarshalers = map[string]func([]byte, any) error{"goccy": gojson.Unmarshal, "sonic": sonic.Unmarshal}
	marshalers   = map[string]func(any) ([]byte, error){"goccy": gojson.Marshal, "sonic": sonic.Marshal}
)

// Body is one request body encoded by one implementation.
type Body struct {
	Impl  string
	Name  string
	Value any // passed to json.Marshal
}

func ptr[T any](v T) *T { return &v }

const traits = `{"email":"alice@example.com","name":{"first":"Alice","last":"A"},"newsletter":true}`

// Bodies are the request bodies: an updateLoginFlowBody with the password
// method, and a createIdentityBody with traits, a password and addresses;
// the libraries of Impls beyond the first three encode the flat ones.
func Bodies() []Body {
	bodies := bodies()
	for _, impl := range Impls[3:] {
		for _, b := range bodies {
			if b.Impl == "flat" {
				b.Impl = impl.Name
				bodies = append(bodies, b)
			}
		}
	}
	return bodies
}

func bodies() []Body {
	var traitsMap map[string]any
	if err := json.Unmarshal([]byte(traits), &traitsMap); err != nil {
		panic(err)
	}
	cgAddr := cg.VerifiableIdentityAddress{Value: "alice@example.com", Via: "email", Status: "completed", Verified: true}
	cgRec := cg.RecoveryIdentityAddress{Value: "alice@example.com", Via: "email"}
	return []Body{
		// orygen's bodies are pointers, as its client takes and encodes them.
		{"orygen", "login body", &og.UpdateLoginFlowBody{Value: &og.UpdateLoginFlowWithPasswordMethod{
			Identifier: "alice@example.com", Password: "correct horse battery staple", CSRFToken: ptr("csrf-token-value")}}},
		{"client-go", "login body", cg.UpdateLoginFlowWithPasswordMethodAsUpdateLoginFlowBody(&cg.UpdateLoginFlowWithPasswordMethod{
			Method: "password", Identifier: "alice@example.com", Password: "correct horse battery staple", CsrfToken: ptr("csrf-token-value")})},
		{"flat", "login body", FlatUpdateLoginFlowWithPassword{
			Method: "password", Identifier: "alice@example.com", Password: "correct horse battery staple", CSRFToken: ptr("csrf-token-value")}},

		{"orygen", "identity body", &og.CreateIdentityBody{
			SchemaID: "default",
			Traits:   json.RawMessage(traits),
			State:    ptr(og.CreateIdentityBodyState("active")),
			Credentials: &og.IdentityWithCredentials{Password: &og.IdentityWithCredentialsPassword{
				Config: &og.IdentityWithCredentialsPasswordConfig{Password: ptr("correct horse battery staple")}}},
			VerifiableAddresses: []og.VerifiableIdentityAddress{{Value: "alice@example.com", Via: "email", Status: "completed", Verified: true}},
			RecoveryAddresses:   []og.RecoveryIdentityAddress{{Value: "alice@example.com", Via: "email"}},
		}},
		{"client-go", "identity body", cg.CreateIdentityBody{
			SchemaId: "default",
			Traits:   traitsMap,
			State:    ptr("active"),
			Credentials: &cg.IdentityWithCredentials{Password: &cg.IdentityWithCredentialsPassword{
				Config: &cg.IdentityWithCredentialsPasswordConfig{Password: ptr("correct horse battery staple")}}},
			VerifiableAddresses: []cg.VerifiableIdentityAddress{cgAddr},
			RecoveryAddresses:   []cg.RecoveryIdentityAddress{cgRec},
		}},
		{"flat", "identity body", func() FlatCreateIdentityBody {
			b := FlatCreateIdentityBody{
				SchemaID:            "default",
				Traits:              json.RawMessage(traits),
				State:               ptr("active"),
				Credentials:         &FlatCredentials{},
				VerifiableAddresses: []FlatVerifiableAddr{{Value: "alice@example.com", Via: "email", Status: "completed", Verified: true}},
				RecoveryAddresses:   []FlatRecoveryAddress{{Value: "alice@example.com", Via: "email"}},
			}
			b.Credentials.Password = &struct {
				Config struct {
					Password       *string `json:"password,omitempty"`
					HashedPassword *string `json:"hashed_password,omitempty"`
				} `json:"config"`
			}{}
			b.Credentials.Password.Config.Password = ptr("correct horse battery staple")
			return b
		}()},
	}
}

// BenchDecode decodes payload into a fresh value from newV per iteration,
// the way the implementation's client decodes a response body (see
// Decode).
func BenchDecode(b *testing.B, impl string, payload []byte, newV func() any, direct bool) {
	b.ReportAllocs()
	b.SetBytes(int64(len(payload)))
	for b.Loop() {
		if err := DecodeWith(impl, payload, newV(), direct); err != nil {
			b.Fatal(err)
		}
	}
}

// Decode decodes as a client does. direct is orygen's way: its client
// calls the generated type's UnmarshalJSON itself, which checks the whole
// document, so encoding/json's separate validation pass is not needed.
// client-go's client and the flat baseline go through json.Unmarshal.
func Decode(data []byte, v any, direct bool) error {
	if direct {
		return v.(json.Unmarshaler).UnmarshalJSON(data)
	}
	return json.Unmarshal(data, v)
}

// DecodeWith is Decode for the implementation named impl.
func DecodeWith(impl string, data []byte, v any, direct bool) error {
	if u := unmarshalers[impl]; u != nil {
		return u(data, v)
	}
	return Decode(data, v, direct)
}

// EncodeWith is Encode for the implementation named impl.
func EncodeWith(impl string, v any, direct bool) ([]byte, error) {
	if m := marshalers[impl]; m != nil {
		return m(v)
	}
	return Encode(v, direct)
}

// Encode encodes as a client does: direct by the type's own MarshalJSON,
// which writes what json.Marshal would (orygen's client), else by
// json.Marshal. An orygen type no request body reaches has no encoder
// (the flows are responses): json.Marshal encodes it by reflection, which
// is what re-encoding a flow means for a user, and is what the data-loss
// check then measures.
func Encode(v any, direct bool) ([]byte, error) {
	if m, ok := v.(json.Marshaler); ok && direct {
		return m.MarshalJSON()
	}
	return json.Marshal(v)
}

// BenchEncode encodes v per iteration, as its client does.
func BenchEncode(b *testing.B, impl string, v any, direct bool) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := EncodeWith(impl, v, direct); err != nil {
			b.Fatal(err)
		}
	}
}

// RoundTrip decodes payload into newV(), encodes it again and returns the
// differences between the two as JSON values: paths that were dropped,
// added or changed. nil means no data was lost.
func RoundTrip(payload []byte, newV func() any, direct bool) ([]string, error) {
	v := newV()
	if err := Decode(payload, v, direct); err != nil {
		return nil, fmt.Errorf("decode: %w", err)
	}
	out, err := Encode(v, direct)
	if err != nil {
		return nil, fmt.Errorf("encode: %w", err)
	}
	if direct {
		// What a user gets through encoding/json must be the same bytes.
		w := newV()
		if err := json.Unmarshal(payload, w); err != nil {
			return nil, fmt.Errorf("decode with json.Unmarshal: %w", err)
		}
		std, err := json.Marshal(w)
		if err != nil {
			return nil, fmt.Errorf("encode with json.Marshal: %w", err)
		}
		if !bytes.Equal(std, out) {
			return nil, fmt.Errorf("json.Unmarshal+json.Marshal give other bytes than the type's own methods")
		}
	}
	return DiffJSON(payload, out)
}

// DiffJSON compares two documents as JSON values (numbers as written).
func DiffJSON(want, got []byte) ([]string, error) {
	a, err := parseNumbers(want)
	if err != nil {
		return nil, err
	}
	b, err := parseNumbers(got)
	if err != nil {
		return nil, err
	}
	var diffs []string
	diff("$", a, b, &diffs)
	return diffs, nil
}

func parseNumbers(data []byte) (any, error) {
	d := json.NewDecoder(bytes.NewReader(data))
	d.UseNumber()
	var v any
	err := d.Decode(&v)
	return v, err
}

func diff(path string, a, b any, out *[]string) {
	switch av := a.(type) {
	case map[string]any:
		bv, ok := b.(map[string]any)
		if !ok {
			*out = append(*out, fmt.Sprintf("%s: %s became %s", path, short(a), short(b)))
			return
		}
		keys := make([]string, 0, len(av)+len(bv))
		for k := range av {
			keys = append(keys, k)
		}
		for k := range bv {
			if _, ok := av[k]; !ok {
				keys = append(keys, k)
			}
		}
		sort.Strings(keys)
		for _, k := range keys {
			x, inA := av[k]
			y, inB := bv[k]
			p := path + "." + k
			switch {
			case !inB:
				*out = append(*out, fmt.Sprintf("%s: dropped (was %s)", p, short(x)))
			case !inA:
				*out = append(*out, fmt.Sprintf("%s: added %s", p, short(y)))
			default:
				diff(p, x, y, out)
			}
		}
	case []any:
		bv, ok := b.([]any)
		if !ok || len(av) != len(bv) {
			*out = append(*out, fmt.Sprintf("%s: %s became %s", path, short(a), short(b)))
			return
		}
		for i := range av {
			diff(fmt.Sprintf("%s[%d]", path, i), av[i], bv[i], out)
		}
	case json.Number:
		bv, ok := b.(json.Number)
		if !ok || !sameNumber(av, bv) {
			*out = append(*out, fmt.Sprintf("%s: %s became %s", path, short(a), short(b)))
		}
	default:
		if !reflect.DeepEqual(a, b) {
			*out = append(*out, fmt.Sprintf("%s: %s became %s", path, short(a), short(b)))
		}
	}
}

func sameNumber(a, b json.Number) bool {
	if a == b {
		return true
	}
	x, err1 := a.Float64()
	y, err2 := b.Float64()
	return err1 == nil && err2 == nil && x == y
}

func short(v any) string {
	if v == nil {
		return "null"
	}
	b, _ := json.Marshal(v)
	s := string(b)
	if len(s) > 60 {
		s = s[:57] + "..."
	}
	return strings.ReplaceAll(s, "\n", " ")
}
