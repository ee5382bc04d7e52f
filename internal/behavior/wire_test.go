package behavior

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

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
		"&payment_method_types=card%2Csepa_debit" +
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
