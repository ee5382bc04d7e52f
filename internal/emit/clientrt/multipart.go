package clientrt

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"strings"
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

// objectParam sends an object query parameter: deepObject as name[key]=v,
// otherwise (form style, exploded) one parameter per property.
func (c *call) objectParam(name string, v any, deep bool) {
	nest := dotted
	if deep {
		nest = bracketed
	}
	vals, err := formValuesNested(v, nest)
	if err != nil {
		c.fail(fmt.Errorf("query parameter %s: %w", name, err))
		return
	}
	for k, vs := range vals {
		key := k
		if deep {
			key = bracketed(name, k)
			if i := strings.IndexByte(k, '['); i > 0 {
				key = bracketed(name, k[:i]) + k[i:]
			}
		}
		for _, x := range vs {
			c.query.Add(key, x)
		}
	}
}
