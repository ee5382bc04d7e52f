package irbuild

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/orygen/orygen/internal/ir"
)

// describeBody is a body's decisions in one line.
func describeBody(b *ir.Body) string {
	s := fmt.Sprintf("%d %s", b.Kind, b.MediaType)
	if b.Range != "" {
		s += " range=" + b.Range
	}
	if b.FormOK {
		s += " formOK"
	}
	if len(b.Family) > 0 {
		s += " family=" + strings.Join(b.Family, ",")
	}
	for _, p := range b.Parts {
		s += fmt.Sprintf(" part(%s ct=%q accepts=%q json=%v", p.Name, p.ContentType, p.Accepts, p.JSON)
		for _, h := range p.Headers {
			s += fmt.Sprintf(" %s:%s:%v", h.Name, h.Schema, h.Required)
		}
		s += ")"
	}
	return s
}

// An operation's media types become its Body (the family pickContent
// ranks first) and one BodyAlt per other family, named after the method
// and the family; a name the service has is not taken.
func TestBodyFamiliesAndNames(t *testing.T) {
	api, warns := buildYAML(t, `openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /notes:
    post:
      operationId: putNotes
      tags: [notes]
      requestBody:
        content:
          application/json: {schema: {$ref: '#/components/schemas/Note'}}
          application/x-www-form-urlencoded: {schema: {$ref: '#/components/schemas/Note'}}
          text/markdown: {schema: {type: string}}
          text/plain: {schema: {type: string}}
          application/xml: {schema: {$ref: '#/components/schemas/Note'}}
          '*/*': {schema: {type: string, format: binary}}
      responses: {'204': {description: ok}}
  /notes/text:
    post:
      operationId: putNotesText
      tags: [notes]
      requestBody:
        content:
          text/*: {schema: {type: string}}
      responses: {'204': {description: ok}}
  /photo:
    post:
      operationId: photo
      tags: [notes]
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema: {type: object, properties: {file: {type: string, format: binary}}}
          multipart/form-data:
            schema: {type: object, properties: {file: {type: string, format: binary}}}
            encoding:
              file: {contentType: application/octet-stream}
      responses: {'204': {description: ok}}
  /md:
    post:
      operationId: md
      tags: [notes]
      requestBody:
        content:
          text/markdown: {schema: {type: string}}
          text/plain: {schema: {type: string}}
          '*/*': {schema: {type: string, format: binary}}
          image/png: {schema: {type: string, format: binary}}
      responses: {'204': {description: ok}}
  /tag:
    post:
      operationId: tag
      tags: [notes]
      requestBody:
        content:
          application/json: {schema: {$ref: '#/components/schemas/Note'}}
          application/x-www-form-urlencoded: {schema: {type: object, properties: {label: {type: string}}}}
      responses: {'204': {description: ok}}
components:
  schemas:
    Note: {type: object, properties: {title: {type: string}}}
`)
	var got []string
	for _, s := range api.Services {
		for _, o := range s.Operations {
			got = append(got, fmt.Sprintf("%s/%s: %s", o.Name, o.RequestName, describeBody(o.Body)))
			for _, a := range o.BodyAlts {
				got = append(got, fmt.Sprintf("  %s/%s/%s: %s", a.Name, a.RequestName, a.BuildName, describeBody(a.Body)))
			}
		}
	}
	want := []string{
		"Md/NewMdRequest: 2 text/plain family=text/markdown",
		"  MdBinary/NewMdBinaryRequest/buildMdBinary: 3 image/png",
		"Photo/NewPhotoRequest: 4 multipart/form-data",
		"PutNotes/NewPutNotesRequest: 0 application/json formOK",
		"  PutNotesText2/NewPutNotesText2Request/buildPutNotesText2: 2 text/plain family=text/markdown",
		"  PutNotesXML/NewPutNotesXMLRequest/buildPutNotesXML: 3 application/xml",
		"PutNotesText/NewPutNotesTextRequest: 2 text/plain range=text/*",
		"Tag/NewTagRequest: 0 application/json",
		"  TagForm/NewTagFormRequest/buildTagForm: 1 application/x-www-form-urlencoded",
	}
	if g := strings.Join(got, "\n"); g != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", g, strings.Join(want, "\n"))
	}
	var taken bool
	for _, w := range warns {
		taken = taken || strings.Contains(w.Message, "method name PutNotesText for its text/plain body is taken; using PutNotesText2")
	}
	if !taken {
		t.Errorf("no warning for the taken name: %v", warns)
	}
}

// The encoding object of a multipart body: a part's first specific
// content type, JSON noted, the list kept when it names more; headers
// but Content-Type; a structured part with a non-JSON type, a
// Content-Disposition header and a name that is no property are warned
// about. A component schema only multipart bodies use has Upload fields;
// one that is JSON elsewhere keeps []byte.
func TestMultipartEncodingAndUploads(t *testing.T) {
	api, warns := buildYAML(t, `openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /docs:
    post:
      operationId: upload
      requestBody:
        content:
          multipart/form-data:
            schema: {$ref: '#/components/schemas/Doc'}
            encoding:
              file:
                contentType: image/png, image/*
                headers:
                  X-Sum: {required: true, schema: {type: string}}
                  Content-Type: {schema: {type: string}}
                  Content-Disposition: {schema: {type: string}}
              meta: {contentType: application/xml}
              count: {contentType: application/json}
              nothing: {contentType: text/plain}
              scans: {contentType: 'image/*'}
      responses: {'204': {description: ok}}
  /avatar:
    put:
      operationId: avatar
      requestBody:
        content:
          multipart/form-data: {schema: {$ref: '#/components/schemas/Avatar'}}
      responses:
        '200':
          description: ok
          content:
            application/json: {schema: {$ref: '#/components/schemas/Avatar'}}
components:
  schemas:
    Doc:
      type: object
      properties:
        file: {type: string, format: binary}
        scans: {type: array, items: {type: string, format: binary}}
        meta: {type: object, properties: {a: {type: string}}}
        count: {type: integer}
    Avatar:
      type: object
      properties:
        image: {type: string, format: binary}
`)
	var up *ir.Operation
	for _, s := range api.Services {
		for _, o := range s.Operations {
			if o.ID == "upload" {
				up = o
			}
		}
	}
	want := `4 multipart/form-data part(count ct="application/json" accepts="" json=true) part(file ct="image/png" accepts="image/png, image/*" json=false X-Sum:string:true) part(scans ct="" accepts="image/*" json=false)`
	if g := describeBody(up.Body); g != want {
		t.Errorf("body\n%s\nwant\n%s", g, want)
	}
	var msgs []string
	for _, w := range warns {
		msgs = append(msgs, w.Pointer+": "+w.Message)
	}
	sort.Strings(msgs)
	for _, w := range []string{
		`/paths/~1docs/post/requestBody/content/multipart~1form-data/encoding/file/headers/Content-Disposition: operation upload: the Content-Disposition of a multipart part names it; the header is ignored`,
		`/paths/~1docs/post/requestBody/content/multipart~1form-data/encoding/meta/contentType: operation upload: part meta (object) is sent as JSON text without a Content-Type: the client writes no application/xml`,
		`/paths/~1docs/post/requestBody/content/multipart~1form-data/encoding/nothing: operation upload: the encoding names "nothing", which is no property of the body; ignored`,
	} {
		found := false
		for _, m := range msgs {
			found = found || m == w
		}
		if !found {
			t.Errorf("missing warning %s\nhave:\n%s", w, strings.Join(msgs, "\n"))
		}
	}
	fields := map[string]string{}
	for _, ty := range api.Types {
		for _, f := range ty.Fields {
			r := f.Type
			s := fmt.Sprint(r.Builtin)
			if r.Kind == ir.RefSlice {
				s = "[]" + fmt.Sprint(r.Elem.Builtin)
			}
			fields[string(ty.Name)+"."+f.JSONName] = s
		}
	}
	upload, bytes := fmt.Sprint(ir.Upload), fmt.Sprint(ir.Bytes)
	for k, v := range map[string]string{"Doc.file": upload, "Doc.scans": "[]" + upload, "Avatar.image": bytes} {
		if fields[k] != v {
			t.Errorf("%s: builtin %s, want %s", k, fields[k], v)
		}
	}
}

// A binary alternative offered only as XML (Swagger 2.0's consumes:
// [application/json, application/xml]) is named XML, not Binary; one
// that also offers other binary types keeps Binary.
func TestXMLAlternativeName(t *testing.T) {
	api, _ := buildYAML(t, `openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /pets:
    post:
      operationId: addPet
      tags: [pets]
      requestBody:
        content:
          application/json: {schema: {type: object}}
          application/xml: {schema: {type: object}}
          application/vnd.pet+xml: {schema: {type: object}}
      responses: {'204': {description: ok}}
  /files:
    post:
      operationId: addFile
      tags: [pets]
      requestBody:
        content:
          application/json: {schema: {type: object}}
          application/xml: {schema: {type: object}}
          application/pdf: {schema: {type: string, format: binary}}
      responses: {'204': {description: ok}}
`)
	var got []string
	for _, s := range api.Services {
		for _, o := range s.Operations {
			for _, a := range o.BodyAlts {
				got = append(got, string(a.Name))
			}
		}
	}
	sort.Strings(got)
	if want := "AddFileBinary AddPetXML"; strings.Join(got, " ") != want {
		t.Errorf("alternatives %q, want %q", strings.Join(got, " "), want)
	}
}
