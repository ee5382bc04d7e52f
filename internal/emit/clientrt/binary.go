package clientrt

import (
	"io"
	"net/http"
)

// BinaryResponse is a binary response body (audio, an image, a file),
// handed over unread: it is read as the caller goes, and is not limited by
// WithMaxResponseBytes. The caller must close it. It is an io.ReadCloser
// itself.
type BinaryResponse struct {
	// Body is the response body.
	Body io.ReadCloser
	// ContentType is the response's Content-Type header, e.g. "audio/mpeg".
	ContentType string
	// ContentLength is the body's length, -1 if unknown.
	ContentLength int64
}

// Read reads from the body.
func (b *BinaryResponse) Read(p []byte) (int, error) { return b.Body.Read(p) }

// Close closes the body.
func (b *BinaryResponse) Close() error { return b.Body.Close() }

// parseBinary hands over the body of a 2xx response unread, and turns any
// other status into the operation's error, as parseResponse does.
func parseBinary(resp *http.Response, errs func(*APIError) error) (*BinaryResponse, error) {
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, parseResponse(resp, nil, errs)
	}
	// A *sentBody stays: its limit is only for bodies read whole to
	// decode, and its Close also ends the attempt's timeout and the
	// writer of a streamed request body.
	body := resp.Body
	if body == nil {
		body = http.NoBody
	}
	return &BinaryResponse{Body: body, ContentType: resp.Header.Get("Content-Type"), ContentLength: resp.ContentLength}, nil
}
