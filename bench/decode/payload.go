// Package decode holds the decode and encode benchmarks of bench/: a login
// flow and a settings flow of about twenty UI nodes, decoded with orygen's
// generated types, with github.com/ory/client-go (the openapi-generator SDK)
// and with hand-written flat structs; and request bodies encoded by each.
//
// The payloads are built at run time from the recorded Kratos responses in
// ../shared/kratos/samples plus synthesized nodes; no copy of a sample is
// kept in this repository.
package decode

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
)

// SamplesDir finds the recorded Kratos responses: $KRATOS_SAMPLES, or
// shared/kratos/samples in the working directory or one of its parents.
func SamplesDir() (string, error) {
	if d := os.Getenv("KRATOS_SAMPLES"); d != "" {
		return d, nil
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for d := wd; ; d = filepath.Dir(d) {
		c := filepath.Join(d, "shared", "kratos", "samples")
		if fi, err := os.Stat(c); err == nil && fi.IsDir() {
			return c, nil
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("shared/kratos/samples not found above %s; set KRATOS_SAMPLES", wd)
		}
	}
}

// Payloads are the JSON documents the benchmarks decode.
type Payloads struct {
	Login    []byte // a login flow: the recorded one plus synthesized nodes
	Settings []byte // a settings flow: the recorded one plus nodes and continue_with
}

// LoadPayloads builds the payloads from the samples in dir.
func LoadPayloads(dir string) (*Payloads, error) {
	login, err := readObject(filepath.Join(dir, "login_flow_create.json"))
	if err != nil {
		return nil, err
	}
	settings, err := readObject(filepath.Join(dir, "settings_flow_api.json"))
	if err != nil {
		return nil, err
	}
	if err := addNodes(login, loginNodes); err != nil {
		return nil, fmt.Errorf("login flow: %w", err)
	}
	if err := addNodes(settings, settingsNodes); err != nil {
		return nil, fmt.Errorf("settings flow: %w", err)
	}
	settings["continue_with"] = mustParse(continueWith)
	p := &Payloads{}
	if p.Login, err = json.Marshal(login); err != nil {
		return nil, err
	}
	if p.Settings, err = json.Marshal(settings); err != nil {
		return nil, err
	}
	return p, nil
}

func readObject(path string) (map[string]any, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var m map[string]any
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	if err := d.Decode(&m); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return m, nil
}

func mustParse(s string) any {
	var v any
	d := json.NewDecoder(bytes.NewReader([]byte(s)))
	d.UseNumber()
	if err := d.Decode(&v); err != nil {
		panic(fmt.Sprintf("bench payload does not parse: %v\n%s", err, s))
	}
	return v
}

// addNodes appends the synthesized nodes to ui.nodes and a flow message to
// ui.messages.
func addNodes(flow map[string]any, nodes string) error {
	ui, ok := flow["ui"].(map[string]any)
	if !ok {
		return fmt.Errorf("no ui object")
	}
	have, _ := ui["nodes"].([]any)
	ui["nodes"] = append(have, mustParse(nodes).([]any)...)
	ui["messages"] = mustParse(`[{"id":1010003,"text":"Please confirm this action by verifying that it is you.","type":"info"}]`)
	return nil
}

// NodeCount returns the number of ui nodes in a flow payload.
func NodeCount(payload []byte) int {
	var f struct {
		UI struct {
			Nodes []json.RawMessage `json:"nodes"`
		} `json:"ui"`
	}
	_ = json.Unmarshal(payload, &f)
	return len(f.UI.Nodes)
}

// The synthesized nodes are shaped like the ones Kratos renders for the
// methods it supports: social sign-in buttons, one-time codes, passkeys,
// TOTP, recovery codes and captcha. Together with the recorded nodes they
// cover the input, text, img, a and script attribute variants.
const oidcButton = `{"type":"input","group":"oidc","attributes":{"name":"provider","type":"submit","value":%q,"disabled":false,"node_type":"input"},"messages":[],"meta":{"label":{"id":1010002,"text":"Sign in with %s","type":"info","context":{"provider":%q,"provider_id":%q}}}}`

var loginNodes = `[` +
	fmt.Sprintf(oidcButton, "google", "Google", "Google", "google") + `,` +
	fmt.Sprintf(oidcButton, "github", "GitHub", "GitHub", "github") + `,` +
	fmt.Sprintf(oidcButton, "apple", "Apple", "Apple", "apple") + `,` +
	fmt.Sprintf(oidcButton, "microsoft", "Microsoft", "Microsoft", "microsoft") + `,` +
	`{"type":"input","group":"code","attributes":{"name":"method","type":"submit","value":"code","disabled":false,"node_type":"input"},"messages":[],"meta":{"label":{"id":1010015,"text":"Send sign in code","type":"info"}}},
	{"type":"input","group":"passkey","attributes":{"name":"passkey_challenge","type":"hidden","value":"{\"publicKey\":{\"challenge\":\"q2mYw3xQpD8N0kqK7pKc1Q\",\"timeout\":300000,\"rpId\":\"127.0.0.1\",\"userVerification\":\"preferred\"},\"mediation\":\"conditional\"}","disabled":false,"node_type":"input"},"messages":[],"meta":{}},
	{"type":"input","group":"passkey","attributes":{"name":"passkey_login","type":"hidden","value":"","disabled":false,"node_type":"input"},"messages":[],"meta":{}},
	{"type":"input","group":"passkey","attributes":{"name":"passkey_login_trigger","type":"button","value":"","disabled":false,"onclick":"window.oryPasskeyLogin()","onclickTrigger":"oryPasskeyLogin","onload":"window.oryPasskeyLoginAutocompleteInit()","onloadTrigger":"oryPasskeyLoginAutocompleteInit","node_type":"input"},"messages":[],"meta":{"label":{"id":1010021,"text":"Sign in with passkey","type":"info"}}},
	{"type":"script","group":"passkey","attributes":{"src":"http://127.0.0.1:4433/.well-known/ory/webauthn.js","async":true,"referrerpolicy":"no-referrer","crossorigin":"anonymous","integrity":"sha512-MDAwMGQ3ZjE4YjdlMmE0ZTU2YjhiNWZkMWE3NmY5ZDE2ZDFjYzQ1ZDk5ZTAxM2E0NmQ4N2QyZmI2YTk4ZmM0Mw==","type":"text/javascript","id":"webauthn_script","nonce":"0c5a4f8e-2d8b-4f57-9d4d-3c6b1c0b7d11","node_type":"script"},"messages":[],"meta":{}},
	{"type":"input","group":"totp","attributes":{"name":"totp_code","type":"text","value":"","required":true,"disabled":false,"autocomplete":"one-time-code","maxlength":6,"pattern":"[0-9]{6}","node_type":"input"},"messages":[{"id":4000006,"text":"The provided authentication code is invalid, please try again.","type":"error"}],"meta":{"label":{"id":1010006,"text":"Authentication code","type":"info"}}},
	{"type":"input","group":"lookup_secret","attributes":{"name":"lookup_secret","type":"text","value":"","required":true,"disabled":false,"node_type":"input"},"messages":[],"meta":{"label":{"id":1010007,"text":"Backup recovery code","type":"info"}}},
	{"type":"text","group":"default","attributes":{"text":{"id":1010017,"text":"You are signing in as alice@example.com.","type":"info","context":{"identifier":"alice@example.com"}},"id":"identifier_hint","node_type":"text"},"messages":[],"meta":{}},
	{"type":"img","group":"captcha","attributes":{"src":"data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAQAAAAEAAQMAAABmvDolAAAABlBMVEX///8AAABVwtN+AAAB0ElEQVR42uzYMQ7DIAwFUEcZMnKEHoWjwdE4Ckdg7BDZVfwNiUKbJVuR/lQrvEyuYjv0b+ToJPqIhNRR2tvPKQpQ5CXX2ElJW6u5xKdYQBEAPUqcMq0HzJVTz5wq8FqFAaaAMGMsfsYRuKsDyiZaFl9j","id":"captcha_image","width":256,"height":96,"node_type":"img"},"messages":[],"meta":{"label":{"id":1010020,"text":"Type the characters you see","type":"info"}}},
	{"type":"input","group":"captcha","attributes":{"name":"captcha_response","type":"text","value":"","required":true,"disabled":false,"node_type":"input"},"messages":[],"meta":{}},
	{"type":"a","group":"default","attributes":{"href":"http://127.0.0.1:4455/recovery","title":{"id":1070005,"text":"Forgot password?","type":"info"},"id":"forgot_password","node_type":"a"},"messages":[],"meta":{}},
	{"type":"a","group":"default","attributes":{"href":"http://127.0.0.1:4455/registration","title":{"id":1040001,"text":"Sign up","type":"info","context":{}},"id":"registration","node_type":"a"},"messages":[],"meta":{}}
]`

var settingsNodes = `[
	{"type":"text","group":"totp","attributes":{"text":{"id":1050006,"text":"JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP","type":"info","context":{"secret":"JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"}},"id":"totp_secret_key","node_type":"text"},"messages":[],"meta":{"label":{"id":1050017,"text":"This is your authenticator app secret. Use it if you can not scan the QR code.","type":"info"}}},
	{"type":"img","group":"totp","attributes":{"src":"data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAQAAAAEAAQMAAABmvDolAAAABlBMVEX///8AAABVwtN+AAAB0ElEQVR42uzYMQ7DIAwFUEcZMnKEHoWjwdE4Ckdg7BDZVfwNiUKbJVuR/lQrvEyuYjv0b+ToJPqIhNRR2tvPKQpQ5CXX2ElJW6u5xKdYQBEAPUqcMq0HzJVTz5wq8FqFAaaAMGMsfsYRuKsDyiZaFl9j","id":"totp_qr","width":256,"height":256,"node_type":"img"},"messages":[],"meta":{"label":{"id":1050005,"text":"Authenticator app QR code","type":"info"}}},
	{"type":"input","group":"totp","attributes":{"name":"totp_code","type":"text","value":"","required":true,"disabled":false,"autocomplete":"one-time-code","maxlength":6,"node_type":"input"},"messages":[],"meta":{"label":{"id":1070006,"text":"Verify code","type":"info"}}},
	{"type":"input","group":"totp","attributes":{"name":"method","type":"submit","value":"totp","disabled":false,"node_type":"input"},"messages":[],"meta":{"label":{"id":1070003,"text":"Save","type":"info"}}},
	{"type":"text","group":"lookup_secret","attributes":{"text":{"id":1050015,"text":"7xbhfj4m, 9ba6xkq3, cz2m7hyw, p4qk8rtd, uv3w8naa, 2ncd9k7q","type":"info","context":{"secrets":[{"id":1050009,"text":"7xbhfj4m","type":"info"},{"id":1050009,"text":"9ba6xkq3","type":"info"},{"id":1050009,"text":"cz2m7hyw","type":"info"},{"id":1050014,"text":"Secret was used at 2026-11-20","type":"info","context":{"used_at":"2026-11-20T10:00:00Z"}},{"id":1050009,"text":"uv3w8naa","type":"info"},{"id":1050009,"text":"2ncd9k7q","type":"info"}]}},"id":"lookup_secret_codes","node_type":"text"},"messages":[],"meta":{"label":{"id":1050010,"text":"These are your back up recovery codes. Please keep them in a safe place!","type":"info"}}},
	{"type":"input","group":"lookup_secret","attributes":{"name":"lookup_secret_confirm","type":"submit","value":"true","disabled":false,"node_type":"input"},"messages":[],"meta":{"label":{"id":1050011,"text":"Confirm backup recovery codes","type":"info"}}},
	{"type":"script","group":"webauthn","attributes":{"src":"http://127.0.0.1:4433/.well-known/ory/webauthn.js","async":true,"referrerpolicy":"no-referrer","crossorigin":"anonymous","integrity":"sha512-MDAwMGQ3ZjE4YjdlMmE0ZTU2YjhiNWZkMWE3NmY5ZDE2ZDFjYzQ1ZDk5ZTAxM2E0NmQ4N2QyZmI2YTk4ZmM0Mw==","type":"text/javascript","id":"webauthn_script","nonce":"3f1e2d4c-5b6a-4798-8a9b-0c1d2e3f4a5b","node_type":"script"},"messages":[],"meta":{}},
	{"type":"input","group":"webauthn","attributes":{"name":"webauthn_register_displayname","type":"text","value":"","disabled":false,"node_type":"input"},"messages":[],"meta":{"label":{"id":1050013,"text":"Name of the security key","type":"info"}}},
	{"type":"input","group":"webauthn","attributes":{"name":"webauthn_register_trigger","type":"button","value":"","disabled":false,"onclick":"window.oryWebAuthnRegistration({\"publicKey\":{}})","onclickTrigger":"oryWebAuthnRegistration","node_type":"input"},"messages":[],"meta":{"label":{"id":1050012,"text":"Add security key","type":"info"}}},
	{"type":"input","group":"oidc","attributes":{"name":"link","type":"submit","value":"google","disabled":false,"node_type":"input"},"messages":[],"meta":{"label":{"id":1050002,"text":"Link google","type":"info","context":{"provider":"google"}}}},
	{"type":"input","group":"oidc","attributes":{"name":"unlink","type":"submit","value":"github","disabled":false,"node_type":"input"},"messages":[],"meta":{"label":{"id":1050003,"text":"Unlink github","type":"info","context":{"provider":"github"}}}},
	{"type":"a","group":"default","attributes":{"href":"http://127.0.0.1:4455/","title":{"id":1070009,"text":"Back to the application","type":"info"},"id":"return_to","node_type":"a"},"messages":[],"meta":{}},
	{"type":"input","group":"profile","attributes":{"name":"traits.newsletter","type":"checkbox","value":false,"disabled":false,"options":[{"value":true},{"value":false}],"node_type":"input"},"messages":[],"meta":{"label":{"id":1070002,"text":"Newsletter","type":"info","context":{"title":"Newsletter"}}}}
]`

// continueWith holds three of the five variants of continueWith.
const continueWith = `[
	{"action":"show_verification_ui","flow":{"id":"7c5ab7e1-8d6e-4e4a-9c2b-1f0e3d2c4b5a","verifiable_address":"alice@example.com","url":"http://127.0.0.1:4455/verification?flow=7c5ab7e1-8d6e-4e4a-9c2b-1f0e3d2c4b5a"}},
	{"action":"show_settings_ui","flow":{"id":"b9e6f849-40e9-4dbd-82c9-80806854869e","url":"http://127.0.0.1:4455/settings?flow=b9e6f849-40e9-4dbd-82c9-80806854869e"}},
	{"action":"redirect_browser_to","redirect_browser_to":"http://127.0.0.1:4455/welcome"}
]`
