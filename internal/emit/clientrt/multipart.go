package clientrt

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/textproto"
	"strings"
	"sync"
)

// Upload is a file sent as a part of a multipart/form-data body. Its
// content is read from Reader while the request is sent, streamed rather
// than held in memory, so a request with an Upload is sent once, never
// retried. Reader is closed, if it is an io.Closer, on every path: once
// it is sent, and also when the call fails before sending it (an invalid
// option, a cancelled context, a failure to connect). The goroutine that
// writes the body starts only when the request is about to be sent, and
// ends with the call. A request built with a New…Request function streams
// the same way, so send it (or close its Body) to release that goroutine.
type Upload struct {
	Name        string    // the file name sent; the field's name if empty
	ContentType string    // the part's Content-Type; application/octet-stream if empty
	Reader      io.Reader // the content; nil sends an empty file
}

// part is one part of a multipart body, in order.
type part struct {
	name   string
	value  []byte  // a field's value, or a file's content held in memory
	file   bool    // a file part
	upload *Upload // a file part streamed from its Reader
}

// multipartWriter collects the parts of a multipart/form-data body.
type multipartWriter struct {
	parts []part
	err   error
}

func (m *multipartWriter) field(name, value string) {
	m.parts = append(m.parts, part{name: name, value: []byte(value)})
}

func (m *multipartWriter) file(name string, data []byte) {
	m.parts = append(m.parts, part{name: name, value: data, file: true})
}

func (m *multipartWriter) upload(name string, u Upload) {
	m.parts = append(m.parts, part{name: name, file: true, upload: &u})
}

func (m *multipartWriter) json(name string, v any) {
	if m.err != nil {
		return
	}
	b, err := json.Marshal(v)
	if err != nil {
		m.err = fmt.Errorf("multipart field %s: %w", name, err)
		return
	}
	m.field(name, string(b))
}

// setMultipart encodes the body with fill: at once when every part is in
// memory, or, when an Upload is among them, as the request is sent.
func (c *call) setMultipart(fill func(*multipartWriter)) {
	mw := &multipartWriter{}
	fill(mw)
	if mw.err != nil {
		closeUploads(mw.parts) // the call fails: nothing will read them
		c.fail(fmt.Errorf("encoding request body: %w", mw.err))
		return
	}
	streamed := false
	for _, p := range mw.parts {
		streamed = streamed || p.upload != nil
	}
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	if streamed {
		parts, ct := mw.parts, w.FormDataContentType()
		closeAll := sync.OnceFunc(func() { closeUploads(parts) })
		c.stream, c.hasBody, c.contentType = func() io.ReadCloser { return streamParts(parts, ct, closeAll) }, true, ct
		c.discard = closeAll
		return
	}
	if err := writeParts(w, mw.parts); err != nil {
		c.fail(fmt.Errorf("encoding request body: %w", err))
		return
	}
	c.setRaw(buf.Bytes(), w.FormDataContentType())
}

// writeParts writes parts and the closing boundary to w.
func writeParts(w *multipart.Writer, parts []part) error {
	for _, p := range parts {
		if !p.file {
			if err := w.WriteField(p.name, string(p.value)); err != nil {
				return err
			}
			continue
		}
		filename, ctype := p.name, "application/octet-stream"
		if p.upload != nil && p.upload.Name != "" {
			filename = p.upload.Name
		}
		if p.upload != nil && p.upload.ContentType != "" {
			ctype = p.upload.ContentType
		}
		h := make(textproto.MIMEHeader)
		h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="%s"; filename="%s"`, quoteEscaper.Replace(p.name), quoteEscaper.Replace(filename)))
		h.Set("Content-Type", ctype)
		pw, err := w.CreatePart(h)
		if err != nil {
			return err
		}
		if p.upload == nil {
			if _, err := pw.Write(p.value); err != nil {
				return err
			}
			continue
		}
		if p.upload.Reader != nil {
			if _, err := io.Copy(pw, p.upload.Reader); err != nil {
				return fmt.Errorf("multipart file %s: %w", p.name, err)
			}
		}
	}
	return w.Close()
}

// quoteEscaper escapes a Content-Disposition parameter as mime/multipart
// does.
var quoteEscaper = strings.NewReplacer("\\", "\\\\", `"`, "\\\"")

// streamParts is a body that writes parts as it is read, with the boundary
// of contentType. Its goroutine ends when every part is written or the
// body is closed; either way it closes every Upload reader (closeAll).
func streamParts(parts []part, contentType string, closeAll func()) io.ReadCloser {
	pr, pw := io.Pipe()
	w := multipart.NewWriter(pw)
	if _, params, err := mime.ParseMediaType(contentType); err == nil {
		w.SetBoundary(params["boundary"])
	}
	go func() {
		err := writeParts(w, parts)
		closeAll()
		pw.CloseWithError(err)
	}()
	return pr
}

// closeUploads closes the Upload readers of parts that are io.Closers.
func closeUploads(parts []part) {
	for _, p := range parts {
		if p.upload != nil {
			if cl, ok := p.upload.Reader.(io.Closer); ok {
				cl.Close()
			}
		}
	}
}

// setReader reads r whole, so that a retried request can send it again,
// and closes it if it is an io.Closer: the call has what it needs, and no
// later failure can leave r open.
func (c *call) setReader(r io.Reader, contentType string) {
	if r == nil {
		return
	}
	b, err := io.ReadAll(r)
	if cl, ok := r.(io.Closer); ok {
		cl.Close()
	}
	if err != nil {
		c.fail(fmt.Errorf("reading request body: %w", err))
		return
	}
	c.setRaw(b, contentType)
}
