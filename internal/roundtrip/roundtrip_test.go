// Package roundtrip checks the generated Kratos client against what a real
// Kratos server sent: every recorded body decodes into the response type
// the spec declares for its path, method and status, and re-encodes without
// losing anything.
package roundtrip

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/orygen/orygen/internal/ir"
	"github.com/orygen/orygen/internal/pipeline"
	kratos "github.com/orygen/orygen/testdata/golden/kratos-v1.3.1"
)

const (
	samples = "../../../shared/kratos/samples"
	spec    = "../../../shared/specs/ory/kratos-v1.3.1.json"
)

// types maps the generated type names the samples need to constructors.
// Which name a sample needs comes from the spec (via ir), not from here:
// a sample whose type is missing from this table fails the test.
var types = map[string]func() any{
	"Identity":                           func() any { return new(kratos.Identity) },
	"Session":                            func() any { return new(kratos.Session) },
	"ErrorGeneric":                       func() any { return new(kratos.ErrorGeneric) },
	"HealthStatus":                       func() any { return new(kratos.HealthStatus) },
	"LoginFlow":                          func() any { return new(kratos.LoginFlow) },
	"RegistrationFlow":                   func() any { return new(kratos.RegistrationFlow) },
	"SettingsFlow":                       func() any { return new(kratos.SettingsFlow) },
	"SuccessfulNativeLogin":              func() any { return new(kratos.SuccessfulNativeLogin) },
	"SuccessfulNativeRegistration":       func() any { return new(kratos.SuccessfulNativeRegistration) },
	"RecoveryCodeForIdentity":            func() any { return new(kratos.RecoveryCodeForIdentity) },
	"LogoutFlow":                         func() any { return new(kratos.LogoutFlow) },
	"GetVersion200Response":              func() any { return new(kratos.GetVersionResponse) },
	"GetVersionResponse":                 func() any { return new(kratos.GetVersionResponse) },
	"IdentitySchemaContainer":            func() any { return new(kratos.IdentitySchemaContainer) },
	"IsAlive200Response":                 func() any { return new(kratos.IsAliveResponse) },
	"IsAliveResponse":                    func() any { return new(kratos.IsAliveResponse) },
	"IsReady503Response":                 func() any { return new(kratos.IsReadyResponse503) },
	"IsReadyResponse":                    func() any { return new(kratos.IsReadyResponse) },
	"IdentitySchema":                     func() any { return new(kratos.IdentitySchema) },
	"ErrorBrowserLocationChangeRequired": func() any { return new(kratos.ErrorBrowserLocationChangeRequired) },
	"IdentitySchemas":                    func() any { return new(kratos.IdentitySchemas) },
}

// contradictions are samples where the server sends another shape than
// the spec declares (../shared/kratos/README.md, "What the server really
// returns", item 4): the body is checked against the shape that was sent.
var contradictions = map[string]string{
	"reg_submit_unknown_flow": "ErrorGeneric", // 400 declared as registrationFlow
}

// unmapped are samples MAPPING.json leaves out; their names say which
// request they answer.
var unmapped = map[string][2]string{
	"admin_list_identities_page2": {"/admin/identities", "get"},
	"admin_list_sessions_expand":  {"/admin/sessions", "get"},
}

func TestKratosSamplesRoundTrip(t *testing.T) {
	api := buildAPI(t)
	mapping := readMapping(t)
	names, _ := filepath.Glob(filepath.Join(samples, "*.json"))
	checked := 0
	for _, file := range names {
		name := strings.TrimSuffix(filepath.Base(file), ".json")
		if name == "MAPPING" {
			continue
		}
		t.Run(name, func(t *testing.T) {
			route, ok := mapping[name]
			if !ok {
				t.Fatalf("sample %s has no path and method in MAPPING.json or the test's table", name)
			}
			status := readStatus(t, filepath.Join(samples, name+".headers"))
			body, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			ref := responseType(t, api, route[0], route[1], status)
			if sent, ok := contradictions[name]; ok {
				ref = &ir.TypeRef{Kind: ir.RefNamed, Name: ir.Ident(sent)}
			}
			if ref == nil {
				if len(bytes.TrimSpace(body)) != 0 {
					t.Fatalf("%s %s %d declares no body but the server sent %d bytes", route[1], route[0], status, len(body))
				}
				return
			}
			v := newValue(t, *ref)
			if err := json.Unmarshal(body, v); err != nil {
				t.Fatalf("decoding into %T: %v", v, err)
			}
			out, err := json.Marshal(v)
			if err != nil {
				t.Fatalf("encoding %T: %v", v, err)
			}
			if diffs := lost(decodeAny(t, body), decodeAny(t, out), ""); len(diffs) > 0 {
				t.Errorf("%T loses data on re-encoding:\n  %s", v, strings.Join(diffs, "\n  "))
			}
			checked++
		})
	}
	if checked < 30 {
		t.Errorf("only %d samples checked; the recording has more", checked)
	}
}

func buildAPI(t *testing.T) *ir.API {
	t.Helper()
	res, err := pipeline.Model(pipeline.Target{Spec: spec})
	if err != nil {
		t.Fatal(err)
	}
	return res.API
}

func readMapping(t *testing.T) map[string][2]string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(samples, "MAPPING.json"))
	if err != nil {
		t.Fatal(err)
	}
	m := map[string][2]string{}
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	for k, v := range unmapped {
		if _, ok := m[k]; ok {
			t.Fatalf("%s is now in MAPPING.json; drop it from the test's table", k)
		}
		m[k] = v
	}
	return m
}

func readStatus(t *testing.T, path string) int {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Scan()
	parts := strings.Fields(sc.Text())
	if len(parts) < 2 {
		t.Fatalf("%s: no status line", path)
	}
	n, err := strconv.Atoi(parts[1])
	if err != nil {
		t.Fatalf("%s: status %q", path, parts[1])
	}
	return n
}

// responseType is the declared type of the response, from the spec.
func responseType(t *testing.T, api *ir.API, path, method string, status int) *ir.TypeRef {
	t.Helper()
	for _, s := range api.Services {
		for _, op := range s.Operations {
			if op.Path != path || !strings.EqualFold(string(op.Method), method) {
				continue
			}
			var def *ir.Response
			for _, r := range op.Responses {
				if r.Status == status {
					return r.Type
				}
				if r.Status == 0 {
					def = r
				}
			}
			if def != nil {
				return def.Type
			}
			t.Fatalf("%s %s declares no response for %d", method, path, status)
		}
	}
	t.Fatalf("no operation %s %s in the spec", method, path)
	return nil
}

func newValue(t *testing.T, r ir.TypeRef) any {
	t.Helper()
	return reflect.New(goType(t, r)).Interface()
}

func goType(t *testing.T, r ir.TypeRef) reflect.Type {
	t.Helper()
	switch r.Kind {
	case ir.RefNamed:
		mk, ok := types[string(r.Name)]
		if !ok {
			t.Fatalf("the test's type table lacks %s", r.Name)
		}
		return reflect.TypeOf(mk()).Elem()
	case ir.RefSlice:
		return reflect.SliceOf(goType(t, *r.Elem))
	case ir.RefMap:
		return reflect.MapOf(reflect.TypeOf(""), goType(t, *r.Elem))
	case ir.RefRaw:
		return reflect.TypeOf(json.RawMessage(nil))
	}
	t.Fatalf("unexpected response type %+v", r)
	return nil
}

func decodeAny(t *testing.T, data []byte) any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	return v
}

// lost lists what is in the input but not, or differently, in the output.
func lost(in, out any, at string) []string {
	switch x := in.(type) {
	case map[string]any:
		y, ok := out.(map[string]any)
		if !ok {
			return []string{fmt.Sprintf("%s: object became %s", at, kind(out))}
		}
		var diffs []string
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			yv, ok := y[k]
			if !ok && x[k] == nil {
				// Kratos sends null for fields its spec does not mark
				// nullable (README items 1 and 2); the client reads that as
				// absent, which carries the same information.
				continue
			}
			if !ok {
				diffs = append(diffs, fmt.Sprintf("%s/%s: %s dropped", at, k, kind(x[k])))
				continue
			}
			diffs = append(diffs, lost(x[k], yv, at+"/"+k)...)
		}
		return diffs
	case []any:
		y, ok := out.([]any)
		if !ok || len(y) != len(x) {
			return []string{fmt.Sprintf("%s: array of %d became %s", at, len(x), kind(out))}
		}
		var diffs []string
		for i := range x {
			diffs = append(diffs, lost(x[i], y[i], fmt.Sprintf("%s/%d", at, i))...)
		}
		return diffs
	}
	if !reflect.DeepEqual(in, out) {
		return []string{fmt.Sprintf("%s: %v became %v", at, in, out)}
	}
	return nil
}

func kind(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case map[string]any:
		return "object"
	case []any:
		return fmt.Sprintf("array of %d", len(x))
	case string:
		return "string"
	case bool:
		return "bool"
	}
	return "number"
}
