package clientrt

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
)

// multipartWriter collects the parts of a multipart/form-data body.
type multipartWriter struct {
	buf bytes.Buffer
	w   *multipart.Writer
	err error
}

func (m *multipartWriter) field(name, value string) {
	if m.err == nil {
		m.err = m.w.WriteField(name, value)
	}
}

func (m *multipartWriter) file(name string, data []byte) {
	if m.err != nil {
		return
	}
	part, err := m.w.CreateFormFile(name, name)
	if err == nil {
		_, err = part.Write(data)
	}
	m.err = err
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

// setMultipart encodes the body with fill.
func (c *call) setMultipart(fill func(*multipartWriter)) {
	mw := &multipartWriter{}
	mw.w = multipart.NewWriter(&mw.buf)
	fill(mw)
	if mw.err == nil {
		mw.err = mw.w.Close()
	}
	if mw.err != nil {
		c.fail(fmt.Errorf("encoding request body: %w", mw.err))
		return
	}
	c.setRaw(mw.buf.Bytes(), mw.w.FormDataContentType())
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
