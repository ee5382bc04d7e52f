package clientrt

import (
	"crypto/rand"
	"encoding/hex"
	"net/http"
)

// withIdempotencyKeys makes the client send a fresh key in header with
// every call of an unsafe method (POST, PATCH...), the same key on each of
// the call's attempts, so that a server which honours the header carries
// out the call at most once however often it is retried. Such calls then
// retry as idempotent ones do, without WithRetryUnsafe. The generated
// NewClient passes it when the target's config names the header. The
// transport reaches the key generator only through the config, so a
// package that sends no keys needs nothing of this file.
func withIdempotencyKeys(header string) Option {
	return func(cfg *config) {
		cfg.idempotencyHeader, cfg.newKey = http.CanonicalHeaderKey(header), newIdempotencyKey
	}
}

// newIdempotencyKey is a random UUID (version 4): 122 random bits, so two
// calls never share a key.
func newIdempotencyKey() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	var s [36]byte
	hex.Encode(s[0:8], b[0:4])
	s[8] = '-'
	hex.Encode(s[9:13], b[4:6])
	s[13] = '-'
	hex.Encode(s[14:18], b[6:8])
	s[18] = '-'
	hex.Encode(s[19:23], b[8:10])
	s[23] = '-'
	hex.Encode(s[24:], b[10:])
	return string(s[:])
}
