package behavior

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	wire "github.com/orygen/orygen/testdata/golden/wire"
)

// wireServer records the body and raw query of each request and answers
// with the handler's response.
func wireServer(t *testing.T, h http.HandlerFunc) (*wire.Client, *[]string) {
	t.Helper()
	var seen []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		seen = append(seen, r.Method+" "+r.URL.Path+"?"+r.URL.RawQuery+" "+r.Header.Get("Content-Type")+"\n"+string(b))
		r.Body = io.NopCloser(strings.NewReader(string(b)))
		h(w, r)
	}))
	t.Cleanup(srv.Close)
	c, err := wire.NewClient(srv.URL + "/v1")
	if err != nil {
		t.Fatal(err)
	}
	return c, &seen
}

func ptr[T any](v T) *T { return &v }

// A form body whose encoding object asks for deepObject: nested objects,
// maps and lists of objects in brackets, lists of scalars as key[]; a
// form list with explode false as one comma-separated field; a JSON
// contentType as JSON text; properties the encoding does not name the
// default way (lists repeat, nested keys dotted).
func TestFormEncodingOnTheWire(t *testing.T) {
	c, seen := wireServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"id":"cs_1"}`)
	})
	_, err := c.Checkout.CreateCheckoutSession(context.Background(), &wire.CheckoutSessionRequest{
		Mode:               wire.CheckoutSessionRequestModePayment,
		Customer:           ptr("cus_1"),
		Address:            &wire.Address{City: ptr("Berlin"), Geo: &wire.AddressGeo{Lat: ptr(52.5)}},
		Shipping:           &wire.Address{City: ptr("Paris"), Line1: ptr("1 rue")},
		Metadata:           map[string]string{"order": "7", "note": "a&b"},
		LineItems:          []wire.LineItem{{Price: "price_1", Quantity: ptr[int64](2)}, {Price: "price_2"}},
		Expand:             []string{"customer", "invoice"},
		PaymentMethodTypes: []string{"card", "sepa_debit"},
		Tags:               []string{"x", "y"},
		Options:            &wire.CheckoutSessionRequestOptions{Locale: ptr("de"), Retries: ptr[int64](3)},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := "POST /v1/checkout/sessions? application/x-www-form-urlencoded\n" +
		"address%5Bcity%5D=Berlin&address%5Bgeo%5D%5Blat%5D=52.5" +
		"&customer=cus_1" +
		"&expand%5B%5D=customer&expand%5B%5D=invoice" +
		"&line_items%5B0%5D%5Bprice%5D=price_1&line_items%5B0%5D%5Bquantity%5D=2&line_items%5B1%5D%5Bprice%5D=price_2" +
		"&metadata%5Bnote%5D=a%26b&metadata%5Border%5D=7" +
		"&mode=payment" +
		"&options=%7B%22locale%22%3A%22de%22%2C%22retries%22%3A3%7D" +
		"&payment_method_types=card,sepa_debit" + // the delimiting comma is literal
		"&shipping.city=Paris&shipping.line1=1+rue" +
		"&tags=x&tags=y"
	if got := (*seen)[0]; got != want {
		t.Errorf("request\n%s\nwant\n%s", got, want)
	}
}

// A JSON body sent as a form with WithFormBody follows the form media
// type's encoding too.
func TestFormBodyOptionUsesEncoding(t *testing.T) {
	c, seen := wireServer(t, func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"id":"cus_1"}`)
	})
	body := &wire.CustomerUpdate{Email: ptr("ada@example.com"), Metadata: map[string]string{"tier": "gold"}}
	if _, err := c.Customers.UpdateCustomer(context.Background(), "cus_1", body); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Customers.UpdateCustomer(context.Background(), "cus_1", body, wire.WithFormBody()); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"POST /v1/customers/cus_1? application/json\n" + `{"email":"ada@example.com","metadata":{"tier":"gold"}}`,
		"POST /v1/customers/cus_1? application/x-www-form-urlencoded\nemail=ada%40example.com&metadata%5Btier%5D=gold",
	}
	for i, w := range want {
		if (*seen)[i] != w {
			t.Errorf("request %d\n%s\nwant\n%s", i, (*seen)[i], w)
		}
	}
}

// deepObject query parameters: an object in brackets, a list as key[],
// a list of objects by index; a plain exploded list repeats its key.
func TestDeepObjectQueryOnTheWire(t *testing.T) {
	c, seen := wireServer(t, func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `[]`)
	})
	_, err := c.Charges.ListCharges(context.Background(), &wire.ListChargesParams{
		Created: &wire.ListChargesCreated{Gte: ptr[int64](100), Lte: ptr[int64](200)},
		Expand:  []string{"data.customer", "data.invoice"},
		Amounts: []wire.ListChargesAmountsItem{{Currency: ptr("eur"), Value: ptr[int64](5)}, {Currency: ptr("usd")}},
		Status:  []string{"paid", "refunded"},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := "GET /v1/charges?" +
		"amounts%5B0%5D%5Bcurrency%5D=eur&amounts%5B0%5D%5Bvalue%5D=5&amounts%5B1%5D%5Bcurrency%5D=usd" +
		"&created%5Bgte%5D=100&created%5Blte%5D=200" +
		"&expand%5B%5D=data.customer&expand%5B%5D=data.invoice" +
		"&status=paid&status=refunded \n"
	if got := (*seen)[0]; got != want {
		t.Errorf("request\n%s\nwant\n%s", got, want)
	}
}

// An operation whose 200 offers JSON and an event stream has two methods:
// CreateCompletion asks for JSON and decodes it, CreateCompletionStream
// asks for the events. A JSON method that gets a stream anyway fails at
// once, naming the stream method, without waiting for the stream to end.
func TestJSONAndStreamMethods(t *testing.T) {
	c, _ := wireServer(t, func(w http.ResponseWriter, r *http.Request) {
		var req wire.CompletionRequest
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
			t.Error(err)
		}
		switch {
		case r.Header.Get("Accept") == "text/event-stream" || (req.Stream != nil && *req.Stream):
			w.Header().Set("Content-Type", "text/event-stream")
			io.WriteString(w, "data: {\"id\":\"c1\",\"delta\":\"Hel\"}\n\ndata: {\"id\":\"c1\",\"delta\":\"lo\"}\n\n")
			if req.Prompt == "hang" {
				w.(http.Flusher).Flush()
				<-r.Context().Done() // a stream that never ends
			}
		case r.Header.Get("Accept") == "application/json":
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, `{"id":"c1","text":"Hello"}`)
		default:
			t.Errorf("Accept %q", r.Header.Get("Accept"))
		}
	})
	ctx := context.Background()
	got, err := c.Completions.CreateCompletion(ctx, &wire.CompletionRequest{Prompt: "hi"})
	if err != nil || got.Text != "Hello" {
		t.Fatalf("JSON method: %+v, %v", got, err)
	}
	var text strings.Builder
	for ev, err := range c.Completions.CreateCompletionStream(ctx, &wire.CompletionRequest{Prompt: "hi", Stream: ptr(true)}) {
		if err != nil {
			t.Fatal(err)
		}
		text.WriteString(ev.Data.Delta)
	}
	if text.String() != "Hello" {
		t.Errorf("stream method: %q", text.String())
	}
	req, err := wire.NewCreateCompletionStreamRequest(ctx, "https://api.example", &wire.CompletionRequest{Prompt: "x"})
	if err != nil || req.Header.Get("Accept") != "text/event-stream" {
		t.Errorf("NewCreateCompletionStreamRequest: Accept %q, %v", req.Header.Get("Accept"), err)
	}

	done := make(chan error, 1)
	go func() {
		_, err := c.Completions.CreateCompletion(ctx, &wire.CompletionRequest{Prompt: "hang", Stream: ptr(true)})
		done <- err
	}()
	select {
	case err := <-done:
		var de *wire.DecodeError
		if !errors.As(err, &de) || !strings.Contains(err.Error(), "Stream method") {
			t.Errorf("JSON method given a stream: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the JSON method waited for the event stream to end")
	}
}

// A binary response is handed over unread, with its content type, and is
// not cut at WithMaxResponseBytes; its error statuses are typed as usual.
// An audio response beside an event stream is the plain method's; the
// events are CreateSpeechStream's.
func TestBinaryResponseReader(t *testing.T) {
	audio := strings.Repeat("ID3\x00\xff", 1000)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/v1/audio/speech":
			if r.Header.Get("Accept") == "text/event-stream" {
				w.Header().Set("Content-Type", "text/event-stream")
				io.WriteString(w, "data: {\"audio\":\"SUQz\"}\n\n")
				return
			}
			if r.Header.Get("Accept") != "audio/mpeg" {
				t.Errorf("Accept %q", r.Header.Get("Accept"))
			}
			w.Header().Set("Content-Type", "audio/mpeg")
			io.WriteString(w, audio)
		case "/v1/files/f1/content":
			w.Header().Set("Content-Type", "application/octet-stream")
			w.Header().Set("Content-Length", "3")
			io.WriteString(w, "\x00\x01\x02")
		case "/v1/files/nope/content":
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusNotFound)
			io.WriteString(w, `{"message":"no such file"}`)
		}
	}))
	t.Cleanup(srv.Close)
	c, err := wire.NewClient(srv.URL+"/v1", wire.WithMaxResponseBytes(100))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	speech, err := c.Audio.CreateSpeech(ctx, &wire.CreateSpeechBody{Input: "hello"})
	if err != nil {
		t.Fatal(err)
	}
	data, err := io.ReadAll(speech)
	speech.Close()
	if err != nil || string(data) != audio || speech.ContentType != "audio/mpeg" {
		t.Errorf("speech: %d bytes (want %d) as %q, %v", len(data), len(audio), speech.ContentType, err)
	}
	n := 0
	for ev, err := range c.Audio.CreateSpeechStream(ctx, &wire.CreateSpeechBody{Input: "hello"}) {
		if err != nil || ev.Data.Audio == nil || *ev.Data.Audio != "SUQz" {
			t.Errorf("speech event %+v, %v", ev, err)
		}
		n++
	}
	if n != 1 {
		t.Errorf("%d speech events", n)
	}

	file, err := c.Files.DownloadFile(ctx, "f1")
	if err != nil {
		t.Fatal(err)
	}
	defer file.Body.Close()
	if data, _ := io.ReadAll(file.Body); string(data) != "\x00\x01\x02" || file.ContentLength != 3 || file.ContentType != "application/octet-stream" {
		t.Errorf("file %q %+v", data, file)
	}
	_, err = c.Files.DownloadFile(ctx, "nope")
	var notFound *wire.ErrorResponse[wire.Error]
	if !errors.As(err, &notFound) || notFound.Value.Message != "no such file" {
		t.Errorf("404: %v", err)
	}
}

// A request body declared on GET, or an empty one on DELETE, is left out
// (the methods take no body argument); a DELETE body with content is sent.
func TestBodiesOnGetAndDelete(t *testing.T) {
	c, seen := wireServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	})
	ctx := context.Background()
	if _, err := c.Files.GetImage(ctx, "i1"); err != nil {
		t.Fatal(err)
	}
	if err := c.Files.DeleteFile(ctx, "f1"); err != nil {
		t.Fatal(err)
	}
	if err := c.Customers.RevokeSession(ctx, "s1", &wire.RevokeSessionBody{Reason: "lost"}); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"GET /v1/images/i1? \n",
		"DELETE /v1/files/f1/content? \n",
		"DELETE /v1/sessions/s1? application/json\n" + `{"reason":"lost"}`,
	}
	for i, w := range want {
		if (*seen)[i] != w {
			t.Errorf("request %d\n%q\nwant\n%q", i, (*seen)[i], w)
		}
	}
}

// Status ranges: 2XX takes the 2xx statuses without a field of their
// own; an error status gets its own body, else its range's (4XX, 5XX),
// else the default's, and a 404 declared with the default's body does
// not fall into 4XX.
func TestStatusRanges(t *testing.T) {
	var status int
	var body string
	c, _ := wireServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		io.WriteString(w, body)
	})
	ctx := context.Background()

	status, body = 200, `{"id":"l1"}`
	res, err := c.Files.LockFile(ctx, "f1")
	if err != nil || res.OK == nil || res.OK.ID != "l1" || res.Status2XX != nil {
		t.Fatalf("200: %+v, %v", res, err)
	}
	status, body = 202, `{"position":3}`
	res, err = c.Files.LockFile(ctx, "f1")
	if err != nil || res.Status2XX == nil || res.Status2XX.Position != 3 || res.OK != nil || res.StatusCode != 202 {
		t.Fatalf("202: %+v, %v", res, err)
	}

	for _, tc := range []struct {
		status int
		body   string
		want   string // the type of the error's body
	}{
		{404, `{"message":"no such file"}`, "Error"},
		{409, `{"holder":"h"}`, "LockConflict"},
		{403, `{"title":"forbidden"}`, "Problem"},
		{503, `{"title":"down"}`, "Problem"},
		{302, `{"message":"moved"}`, "Error"},
	} {
		status, body = tc.status, tc.body
		_, err := c.Files.LockFile(ctx, "f1")
		var got string
		var e1 *wire.ErrorResponse[wire.Error]
		var e2 *wire.ErrorResponse[wire.LockConflict]
		var e3 *wire.ErrorResponse[wire.Problem]
		switch {
		case errors.As(err, &e1):
			got = "Error"
		case errors.As(err, &e2):
			got = "LockConflict"
		case errors.As(err, &e3):
			got = "Problem"
		}
		if got != tc.want {
			t.Errorf("%d: %T %v, want *ErrorResponse[%s]", tc.status, err, err, tc.want)
		}
	}
}
