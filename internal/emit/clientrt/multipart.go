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
)

// Upload is a file sent as a part of a multipart/form-data body. Its
// content is read from Reader while the request is sent, streamed rather
// than held in memory, so a request with an Upload is sent once, never
// retried. Reader is closed afterwards if it is an io.Closer. A request
// built with a New…Request function streams the same way, so send it (or
// close its Body) to release the goroutine that writes it.
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
		c.stream, c.hasBody, c.contentType = func() io.Reader { return streamParts(parts, ct) }, true, ct
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
			_, err = io.Copy(pw, p.upload.Reader)
			if cl, ok := p.upload.Reader.(io.Closer); ok {
				cl.Close()
			}
			if err != nil {
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
// of contentType.
func streamParts(parts []part, contentType string) io.Reader {
	pr, pw := io.Pipe()
	w := multipart.NewWriter(pw)
	if _, params, err := mime.ParseMediaType(contentType); err == nil {
		w.SetBoundary(params["boundary"])
	}
	go func() { pw.CloseWithError(writeParts(w, parts)) }()
	return pr
}

// setReader reads r whole, so that a retried request can send it again.
func (c *call) setReader(r io.Reader, contentType string) {
	if r == nil {
		return
	}
	b, err := io.ReadAll(r)
	if err != nil {
		c.fail(fmt.Errorf("reading request body: %w", err))
		return
	}
	c.setRaw(b, contentType)
}
