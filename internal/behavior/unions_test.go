package behavior

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	unions "github.com/orygen/orygen/testdata/golden/unions"
)

func unionsServer(t *testing.T, h http.HandlerFunc) *unions.Client {
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	c, err := unions.NewClient(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestDiscriminatorWithoutMapping: a variant's discriminator value is the
// value its schema fixes the property to (a one-value enum, a const, one
// inside an allOf), else its schema name; these are the exact bytes sent.
func TestDiscriminatorWithoutMapping(t *testing.T) {
	var sent string
	c := unionsServer(t, func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		sent = string(b)
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"role":"assistant","content":"Hi.","refusal":null}`)
	})
	req := &unions.ChatRequest{Model: "m1", Messages: []unions.ChatMessage{
		{Value: &unions.DeveloperMessage{Content: "Be brief."}},
		{Value: &unions.UserMessage{Content: "Hello", Name: ptr("ada")}},
		{Value: &unions.AssistantMessage{Content: ptr("Hello!")}},
		{Value: &unions.ToolMessage{ToolCallID: "c1"}},
	}}
	reply, err := c.Chat.CreateChat(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"messages":[{"role":"developer","content":"Be brief."},{"role":"user","content":"Hello","name":"ada"},{"role":"assistant","content":"Hello!"},{"role":"ToolMessage","tool_call_id":"c1"}],"model":"m1"}` + "\n"
	if sent != want && sent != strings.TrimSuffix(want, "\n") {
		t.Errorf("sent\n%s\nwant\n%s", sent, want)
	}
	a, ok := reply.Value.(*unions.AssistantMessage)
	if !ok || *a.Content != "Hi." || !a.Refusal.IsNull() {
		t.Fatalf("reply %#v", reply.Value)
	}
	if got := mustJSON(t, reply); got != `{"role":"assistant","content":"Hi.","refusal":null}` {
		t.Errorf("reply re-encoded as %s", got)
	}
}

// TestIntegerDiscriminator: an integer discriminator is read from and
// written as a JSON number.
func TestIntegerDiscriminator(t *testing.T) {
	cases := []struct {
		in, want, out string
	}{
		{`{"op":1,"nonce":7}`, "*unions.PingFrame", `{"op":1,"nonce":7}`},
		{`{"payload":"abc","op":2}`, "*unions.DataFrame", `{"op":2,"payload":"abc"}`},
		{`{"op":9,"reason":"bye"}`, "*unions.CloseFrame", `{"op":9,"reason":"bye"}`},
		{`{"op":4,"x":[1]}`, "*unions.UnknownFrame", `{"op":4,"x":[1]}`},
	}
	for _, c := range cases {
		var f unions.Frame
		if err := json.Unmarshal([]byte(c.in), &f); err != nil {
			t.Errorf("%s: %v", c.in, err)
			continue
		}
		if got := typeName(f.Value); got != c.want {
			t.Errorf("%s decoded as %s, want %s", c.in, got, c.want)
		}
		if got := mustJSON(t, f); got != c.out {
			t.Errorf("%s re-encoded as %s, want %s", c.in, got, c.out)
		}
	}
	if u, _ := json.Marshal(unions.Frame{Value: &unions.PingFrame{}}); string(u) != `{"op":1}` {
		t.Errorf("ping: %s", u)
	}
	for in, wantErr := range map[string]string{
		`{"op":"1"}`:  `discriminator "op" must be an integer, got a string`,
		`{"op":1.5}`:  `discriminator "op" must be an integer, got a number`,
		`{"nonce":1}`: "discriminator property is missing",
	} {
		var f unions.Frame
		if err := json.Unmarshal([]byte(in), &f); err == nil || !strings.Contains(err.Error(), wantErr) {
			t.Errorf("%s: error %v, want %q", in, err, wantErr)
		}
	}
	var sent string
	c := unionsServer(t, func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		sent = strings.TrimSpace(string(b))
		io.WriteString(w, `{"op":2,"payload":"pong"}`)
	})
	got, err := c.Frames.SendFrame(context.Background(), unions.Frame{Value: &unions.DataFrame{Payload: "ping"}})
	if err != nil {
		t.Fatal(err)
	}
	if sent != `{"op":2,"payload":"ping"}` {
		t.Errorf("sent %s", sent)
	}
	if d, ok := got.Value.(*unions.DataFrame); !ok || d.Payload != "pong" {
		t.Errorf("answer %#v", got.Value)
	}
}

// TestUntaggedDecidedAtGeneration: a realistic payment whose unions are
// told apart by JSON kind, optional fixed values (strings and integers),
// required properties through allOf, and a union flattened from a $ref
// to another union; it round-trips exactly.
func TestUntaggedDecidedAtGeneration(t *testing.T) {
	in := `{"amount":1250,"attachment":{"url":"https://x.example/v.mp4","seconds":12.5},` +
		`"customer":{"email":"ada@example.com","id":"cus_1","object":"customer"},` +
		`"holder":{"company_number":"HRB 1","name":"ACME"},"id":"pay_1",` +
		`"method":{"id":"ba_1","object":"bank_account","iban":"DE00"},` +
		`"notify":{"channel":"sms","to":"+4900"},"schedule":{"cron":"0 0 * * *","version":2}}`
	var p unions.Payment
	if err := json.Unmarshal([]byte(in), &p); err != nil {
		t.Fatal(err)
	}
	checks := []struct{ got, want string }{
		{typeName(p.Attachment.Value), "*unions.Video"},
		{typeName(customerOf(p)), "*unions.Customer"},
		{typeName(p.Holder.Value), "*unions.HolderCompanyNumber"},
		{typeName(p.Method.Value), "*unions.BankAccount"},
		{typeName(p.Notify.Value), "*unions.NotificationSMS"},
		{typeName(p.Schedule.Value), "*unions.ScheduleV2"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("decoded %s, want %s", c.got, c.want)
		}
	}
	var again map[string]any
	var orig map[string]any
	json.Unmarshal([]byte(mustJSON(t, p)), &again)
	json.Unmarshal([]byte(in), &orig)
	if mustJSON(t, again) != mustJSON(t, orig) {
		t.Errorf("round trip lost data:\n%s\n%s", mustJSON(t, p), in)
	}
	// The other variants, and the kinds beside objects.
	for in, want := range map[string]string{
		`{"customer":"cus_2","amount":1,"id":"p"}`:                                       "*unions.PaymentCustomerString",
		`{"customer":{"id":"c"},"method":"pm_1","amount":1,"id":"p"}`:                    "*unions.Customer",
		`{"customer":null,"method":{"id":"card_1","object":"card"},"amount":1,"id":"p"}`: "nil",
	} {
		var p unions.Payment
		if err := json.Unmarshal([]byte(in), &p); err != nil {
			t.Fatalf("%s: %v", in, err)
		}
		if got := typeName(customerOf(p)); got != want {
			t.Errorf("%s: customer %s, want %s", in, got, want)
		}
		if got := mustJSON(t, p); !strings.Contains(got, `"customer":`) {
			t.Errorf("%s: re-encoded without customer: %s", in, got)
		}
	}
	var m unions.PaymentMethod
	json.Unmarshal([]byte(`{"id":"card_1","object":"card","last4":"4242"}`), &m)
	if c, ok := m.Value.(*unions.Card); !ok || *c.Last4 != "4242" {
		t.Errorf("method %#v", m.Value)
	}
	var s unions.Schedule
	json.Unmarshal([]byte(`{"version":1,"every_days":3}`), &s)
	if v1, ok := s.Value.(*unions.ScheduleV1); !ok || *v1.EveryDays != 3 {
		t.Errorf("schedule %#v", s.Value)
	}
	var h unions.Holder
	json.Unmarshal([]byte(`{"name":"Ada","born":"1815-12-10"}`), &h)
	if ph, ok := h.Value.(*unions.PersonHolder); !ok || ph.Name != "Ada" || ph.Born != "1815-12-10" {
		t.Errorf("holder %#v", h.Value)
	}
	var a unions.Attachment
	json.Unmarshal([]byte(`{"href":"https://x.example"}`), &a)
	if _, ok := a.Value.(*unions.Link); !ok {
		t.Errorf("attachment %#v", a.Value)
	}
}

// TestConstOneOfEnum: OpenAPI 3.1's oneOf of consts is an enum; a null
// member makes fields of it nullable.
func TestConstOneOfEnum(t *testing.T) {
	var r unions.ChatRequest
	if err := json.Unmarshal([]byte(`{"model":"m","messages":[],"priority":null,"tier":2}`), &r); err != nil {
		t.Fatal(err)
	}
	if !r.Priority.IsNull() || *r.Tier != unions.TierN2 || !r.Tier.IsKnown() {
		t.Errorf("decoded %+v", r)
	}
	if got := mustJSON(t, r); got != `{"messages":[],"model":"m","priority":null,"tier":2}` {
		t.Errorf("re-encoded as %s", got)
	}
	r.Priority = unions.NewNullable(unions.PriorityUrgent)
	if got := mustJSON(t, r); !strings.Contains(got, `"priority":"urgent"`) {
		t.Errorf("urgent: %s", got)
	}
}

// TestUnionFallback: circles and spheres cannot be told apart, so Shape
// keeps the JSON: decoding picks the first variant in document order whose
// required properties and fixed values match, an unknown shape is kept,
// and re-encoding writes exactly the bytes read.
func TestUnionFallback(t *testing.T) {
	in := `{"id":"d1","shapes":[{"radius":2},{ "depth" : 1.50, "radius":3 },{"side":4,"kind":"square"},{"side":5},"star",{"kind":"triangle","side":1},{"sides":[3,4,5]},17]}`
	var d unions.Drawing
	if err := json.Unmarshal([]byte(in), &d); err != nil {
		t.Fatal(err)
	}
	want := []string{"*unions.Circle", "*unions.Circle", "*unions.Square", "*unions.Square", "*unions.ShapeString", "*unions.UnknownShape", "*unions.UnknownShape", "*unions.UnknownShape"}
	for i, s := range d.Shapes {
		if got := typeName(s.Value()); got != want[i] {
			t.Errorf("shape %d decoded as %s, want %s", i, got, want[i])
		}
	}
	// Each shape writes the JSON it read, compacted as json.Marshal
	// writes it: MarshalJSON returns json.Marshal's bytes (codecfuzz), so
	// the space between tokens goes, and nothing else.
	if got, err := d.Shapes[1].MarshalJSON(); err != nil || string(got) != `{"depth":1.50,"radius":3}` {
		t.Errorf("shape 1 re-encoded as %s, %v", got, err)
	}
	var compact bytes.Buffer
	json.Compact(&compact, []byte(in))
	if got := mustJSON(t, d); got != compact.String() {
		t.Errorf("re-encoded as\n%s\nwant\n%s", got, compact.String())
	}
	// The second shape reads as a sphere too, with its depth.
	sp, err := d.Shapes[1].AsSphere()
	if err != nil || sp.Radius != 3 || sp.Depth == nil || *sp.Depth != 1.5 {
		t.Errorf("AsSphere = %+v, %v", sp, err)
	}
	if _, err := d.Shapes[4].AsCircle(); err == nil {
		t.Error("a string read as a circle")
	}
	if st, err := d.Shapes[4].AsString(); err != nil || st != "star" {
		t.Errorf("AsString = %q, %v", st, err)
	}
	if u, ok := d.Shapes[6].Value().(*unions.UnknownShape); !ok || string(u.Raw) != `{"sides":[3,4,5]}` {
		t.Errorf("unknown shape %#v", d.Shapes[6].Value())
	}
	// Sending: From sets the variant, and the bytes are its encoding.
	var s unions.Shape
	if got := mustJSON(t, s); got != "null" {
		t.Errorf("empty shape: %s", got)
	}
	if _, err := s.AsCircle(); err == nil {
		t.Error("AsCircle of an empty shape")
	}
	if err := s.FromSphere(unions.Sphere{Radius: 1, Depth: ptr(2.0)}); err != nil {
		t.Fatal(err)
	}
	if _, ok := s.Value().(*unions.Sphere); !ok {
		t.Errorf("after FromSphere: %#v", s.Value())
	}
	var sent string
	c := unionsServer(t, func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		sent = strings.TrimSpace(string(b))
		w.WriteHeader(http.StatusNoContent)
	})
	d.Shapes = append(d.Shapes[:1], s)
	if err := c.Drawings.PutDrawing(context.Background(), "d1", &d); err != nil {
		t.Fatal(err)
	}
	if sent != `{"id":"d1","shapes":[{"radius":2},{"depth":2,"radius":1}]}` {
		t.Errorf("sent %s", sent)
	}
	var bad unions.Shape
	if err := bad.UnmarshalJSON([]byte(`{"radius":`)); err == nil {
		t.Error("invalid JSON accepted")
	}
}

func customerOf(p unions.Payment) any {
	c, ok := p.Customer.Get()
	if !ok {
		return nil
	}
	return c.Value
}
