package clientrt

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/textproto"
	"slices"
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
	name    string
	content []byte  // a field's value, or a file's content held in memory
	file    bool    // a file part
	upload  *Upload // a file part streamed from its Reader
	// ctype is the part's Content-Type from the spec's encoding object:
	// a field's, or a file's unless its Upload names one; "" for the
	// default (none for a field, application/octet-stream for a file).
	ctype  string
	header textproto.MIMEHeader // WithPartHeader's headers, if any
}

// partHeader is a header WithPartHeader sends with the parts of a name.
type partHeader struct{ part, key, value string }

// WithPartHeader sends a header with the part of a multipart/form-data
// body whose name is part (with each, for a list of files), such as one
// the spec's encoding object declares for it (the method's doc lists
// them). A part the body does not send gets nothing; a call without a
// multipart body fails. Content-Disposition names the part and cannot be
// set; Content-Type replaces the part's own.
func WithPartHeader(part, key, value string) RequestOption {
	return func(cc *callConfig) { cc.partHeaders = append(cc.partHeaders, partHeader{part, key, value}) }
}

// multipartWriter collects the parts of a multipart/form-data body.
type multipartWriter struct {
	parts []part
	err   error
}

func (m *multipartWriter) field(name, value string) {
	m.parts = append(m.parts, part{name: name, content: []byte(value)})
}

func (m *multipartWriter) file(name string, data []byte) {
	m.parts = append(m.parts, part{name: name, content: data, file: true})
}

func (m *multipartWriter) upload(name string, u Upload) {
	m.parts = append(m.parts, part{name: name, file: true, upload: &u})
}

func (m *multipartWriter) json(name string, v any) { m.jsonAs(name, "", v) }

// fieldAs, jsonAs, fileAs and uploadAs write a part whose encoding
// object names its Content-Type; an Upload's own ContentType wins.
func (m *multipartWriter) fieldAs(name, contentType, value string) {
	m.parts = append(m.parts, part{name: name, content: []byte(value), ctype: contentType})
}

func (m *multipartWriter) jsonAs(name, contentType string, v any) {
	if m.err != nil {
		return
	}
	b, err := json.Marshal(v)
	if err != nil {
		m.err = fmt.Errorf("multipart field %s: %w", name, err)
		return
	}
	m.parts = append(m.parts, part{name: name, content: b, ctype: contentType})
}

func (m *multipartWriter) fileAs(name, contentType string, data []byte) {
	m.parts = append(m.parts, part{name: name, content: data, file: true, ctype: contentType})
}

func (m *multipartWriter) uploadAs(name, contentType string, u Upload) {
	m.parts = append(m.parts, part{name: name, file: true, upload: &u, ctype: contentType})
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
	c.parts = mw.parts
	c.reencode = (*call).encodeParts
	c.encodeParts(streamed)
}

// encodeParts sets c's body to its parts: written at once, or streamed
// as the request is sent when an Upload is among them.
func (c *call) encodeParts(streamed bool) {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	if streamed {
		parts, ct := c.parts, w.FormDataContentType()
		closeAll := sync.OnceFunc(func() { closeUploads(parts) })
		c.stream, c.hasBody, c.contentType = func() io.ReadCloser { return streamParts(parts, ct, closeAll) }, true, ct
		c.discard = closeAll
		return
	}
	if err := writeParts(w, c.parts); err != nil {
		c.fail(fmt.Errorf("encoding request body: %w", err))
		return
	}
	c.setRaw(buf.Bytes(), w.FormDataContentType())
}

// addPartHeaders adds WithPartHeader's headers to c's parts and encodes
// them again, once per call (every attempt sends the same parts).
func (c *call) addPartHeaders(hs []partHeader) error {
	if c.parts == nil {
		return errors.New("WithPartHeader: this request has no multipart/form-data body")
	}
	if c.partsHeaded {
		return nil
	}
	for _, h := range hs {
		if err := checkHeaderValue(h.key, h.value); err != nil {
			return fmt.Errorf("WithPartHeader %s: %w", h.part, err)
		}
		if textproto.CanonicalMIMEHeaderKey(h.key) == "Content-Disposition" {
			return fmt.Errorf("WithPartHeader %s: Content-Disposition names the part and cannot be set", h.part)
		}
	}
	c.partsHeaded = true
	parts := slices.Clone(c.parts)
	for _, h := range hs {
		for i := range parts {
			if parts[i].name != h.part {
				continue
			}
			if parts[i].header == nil {
				parts[i].header = textproto.MIMEHeader{}
			}
			parts[i].header.Set(h.key, h.value)
		}
	}
	c.parts = parts
	c.reencode(c, c.stream != nil)
	return c.err
}

// writeParts writes parts and the closing boundary to w.
func writeParts(w *multipart.Writer, parts []part) error {
	for _, p := range parts {
		if !p.file && p.ctype == "" && p.header == nil {
			if err := w.WriteField(p.name, string(p.content)); err != nil {
				return err
			}
			continue
		}
		h := make(textproto.MIMEHeader)
		for k, v := range p.header {
			h[k] = v
		}
		if !p.file {
			h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="%s"`, quoteEscaper.Replace(p.name)))
			if p.ctype != "" && h.Get("Content-Type") == "" {
				h.Set("Content-Type", p.ctype)
			}
			pw, err := w.CreatePart(h)
			if err != nil {
				return err
			}
			if _, err := pw.Write(p.content); err != nil {
				return err
			}
			continue
		}
		filename, ctype := p.name, "application/octet-stream"
		if p.ctype != "" {
			ctype = p.ctype
		}
		if p.upload != nil && p.upload.Name != "" {
			filename = p.upload.Name
		}
		if p.upload != nil && p.upload.ContentType != "" {
			ctype = p.upload.ContentType
		}
		h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="%s"; filename="%s"`, quoteEscaper.Replace(p.name), quoteEscaper.Replace(filename)))
		if h.Get("Content-Type") == "" {
			h.Set("Content-Type", ctype)
		}
		pw, err := w.CreatePart(h)
		if err != nil {
			return err
		}
		if p.upload == nil {
			if _, err := pw.Write(p.content); err != nil {
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
