package clientrt

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/url"
	"slices"
	"strings"
	"testing"
)

// asTaker is an error whose As method answers for *url.Error.
type asTaker struct{ u *url.Error }

func (a asTaker) Error() string { return "as taker" }
func (a asTaker) As(target any) bool {
	if p, ok := target.(**url.Error); ok {
		*p = a.u
		return true
	}
	return false
}

// TestAsErrorIsErrorsAs: asError finds what errors.As finds, the same
// value, in wrapped chains, joined trees (nil members too) and through As
// methods.
func TestAsErrorIsErrorsAs(t *testing.T) {
	ue := &url.Error{Op: "Get", URL: "http://x", Err: errors.New("boom")}
	other := &url.Error{Op: "Post", URL: "http://y", Err: errors.New("other")}
	verify := &tls.CertificateVerificationError{Err: errors.New("bad cert")}
	host := x509.HostnameError{Host: "h"}
	errs := []error{
		nil,
		errors.New("plain"),
		ue,
		fmt.Errorf("wrapped: %w", ue),
		fmt.Errorf("twice: %w", fmt.Errorf("once: %w", ue)),
		errors.Join(errors.New("a"), nil, fmt.Errorf("b: %w", other), ue),
		fmt.Errorf("%w and %w", errors.New("a"), verify),
		asTaker{u: other},
		fmt.Errorf("taker: %w", asTaker{u: other}),
		errors.Join(asTaker{}, host),
		fmt.Errorf("%w", errors.Join(verify, host, errRedirectRefused{})),
	}
	for i, err := range errs {
		var a, b *url.Error
		if got, want := asError(err, &a), errors.As(err, &b); got != want || a != b {
			t.Errorf("%d %v: *url.Error: asError %v %v, errors.As %v %v", i, err, got, a, want, b)
		}
		var va, vb *tls.CertificateVerificationError
		if got, want := asError(err, &va), errors.As(err, &vb); got != want || va != vb {
			t.Errorf("%d %v: *tls.CertificateVerificationError: asError %v, errors.As %v", i, err, got, want)
		}
		var ha, hb x509.HostnameError
		if got, want := asError(err, &ha), errors.As(err, &hb); got != want || ha != hb {
			t.Errorf("%d %v: x509.HostnameError: asError %v, errors.As %v", i, err, got, want)
		}
		var ra, rb errRedirectRefused
		if got, want := asError(err, &ra), errors.As(err, &rb); got != want || ra != rb {
			t.Errorf("%d %v: errRedirectRefused: asError %v, errors.As %v", i, err, got, want)
		}
	}
}

// TestQueryScalarIsQueryParam: queryScalar writes what queryParam writes
// for a scalar in the styles the generated code calls it for.
func TestQueryScalarIsQueryParam(t *testing.T) {
	values := []string{"", "plain", "a b", "a+b&c=d", "ü/é?#[]", "100%", "x,y|z", "..", "\x00\x7f"}
	for _, st := range []paramStyle{styleForm, styleSpaceDelimited, stylePipeDelimited} {
		for _, explode := range []bool{true, false} {
			for _, name := range []string{"q", "a b", "x[y]", "ü"} {
				for _, v := range values {
					a, b := newCall(Operation{}, "/"), newCall(Operation{}, "/")
					a.queryScalar(name, v)
					b.queryParam(name, st, explode, false, scalarParam(v))
					if !slices.Equal(a.query, b.query) || a.err != nil || b.err != nil {
						t.Errorf("style %v explode %v %q=%q: queryScalar %q, queryParam %q", st, explode, name, v, a.query, b.query)
					}
				}
			}
		}
	}
}

// TestJSONEscaped: jsonEscaped is what encoding/json's Encoder writes
// between a string's quotes, with and without HTML escaping, for every
// byte and rune class it treats specially and for random bytes.
func TestJSONEscaped(t *testing.T) {
	inputs := []string{"", "plain", `a"b\c/d`, "<script>&amp;</script>", "\x00\x01\x1f\x7f \b\f\n\r\t",
		"\u2028\u2029\u2027\u202a", "é日本\U0001F600", "\xff\xfe", "a\xc3", "\xed\xa0\x80", "\xf4\x90\x80\x80", "%2F+=?"}
	for b := range 256 {
		inputs = append(inputs, string([]byte{byte(b)}), "x"+string([]byte{byte(b)})+"y")
	}
	rnd := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		b := make([]byte, rnd.IntN(12))
		for i := range b {
			b[i] = byte(rnd.IntN(256))
		}
		inputs = append(inputs, string(b))
	}
	for _, v := range inputs {
		for _, html := range []bool{true, false} {
			var buf bytes.Buffer
			enc := json.NewEncoder(&buf)
			enc.SetEscapeHTML(html)
			if err := enc.Encode(v); err != nil {
				t.Fatal(err)
			}
			want := strings.TrimSuffix(buf.String(), "\n")
			want = want[1 : len(want)-1]
			if got := jsonEscaped(v, html); got != want {
				t.Errorf("%q html %v: %q, encoding/json %q", v, html, got, want)
			}
		}
	}
}
