package behavior

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	nullable "github.com/orygen/orygen/testdata/golden/nullable-items"
)

// sheetWithNulls has a null in every list and map of specs/nullable-items.yaml.
const sheetWithNulls = `{"anything":[null,1],"byName":{"a":null,"b":{"row":2}},"cells":[{"row":1,"text":"x"},null],` +
	`"colours":["red",null],"counts":[null,0,3],"flags":[true,null,false],"merged":{"licence":null},"names":["a",null,""],"note":null,"notes":[1,null,"x"],"plain":["p"],` +
	`"ratios":[0.5,null],"rows":[null,["r",null]],"scores":{"owner":"o","high":9,"low":null},` +
	`"stamps":["2026-12-08T00:00:00Z",null],"totals":{"t":1.5,"u":null}}`

// TestNullableItemsRoundTrip: a null list item or map value decodes to nil
// and is written back as null (before, it became "" or 0 and the null was
// lost), by the generated codecs and by encoding/json's reflection alike.
func TestNullableItemsRoundTrip(t *testing.T) {
	var s nullable.Sheet
	if err := json.Unmarshal([]byte(sheetWithNulls), &s); err != nil {
		t.Fatal(err)
	}
	if len(s.Names) != 3 || s.Names[1] != nil || s.Names[2] == nil || *s.Names[2] != "" {
		t.Errorf("Names = %#v: want a nil between two strings", s.Names)
	}
	if len(s.Counts) != 3 || s.Counts[0] != nil || s.Counts[1] == nil || *s.Counts[1] != 0 {
		t.Errorf("Counts = %#v: null and 0 must differ", s.Counts)
	}
	if len(s.Cells) != 2 || s.Cells[1] != nil || s.Cells[0].Row != 1 {
		t.Errorf("Cells = %#v", s.Cells)
	}
	if len(s.Stamps) != 2 || s.Stamps[1] != nil || !s.Stamps[0].Equal(time.Date(2026, 12, 8, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("Stamps = %#v", s.Stamps)
	}
	if v, ok := s.Totals["u"]; !ok || v != nil {
		t.Errorf("Totals[u] = %v, %v: want a nil that is present", v, ok)
	}
	if v, ok := s.Scores.AdditionalProperties["low"]; !ok || v != nil {
		t.Errorf("Scores.AdditionalProperties[low] = %v, %v", v, ok)
	}
	if !s.Note.IsNull() || len(s.Notes) != 3 || s.Notes[1] != nil {
		t.Errorf("Note = %#v, Notes = %#v: a null union", s.Note, s.Notes)
	}
	if s.Merged == nil || !s.Merged.Licence.IsNull() {
		t.Errorf("Merged = %#v: a property both allOf members declare nullable", s.Merged)
	}
	if s.Rows[0] != nil || s.Rows[1][1] != nil {
		t.Errorf("Rows = %#v: a null list and a null item", s.Rows)
	}

	out, err := json.Marshal(&s)
	if err != nil {
		t.Fatal(err)
	}
	assertSameJSON(t, "codecs", out, []byte(sheetWithNulls))

	// encoding/json's reflection over the same fields agrees: a type
	// without the codecs' methods.
	type plainSheet nullable.Sheet
	var p plainSheet
	if err := json.Unmarshal([]byte(sheetWithNulls), &p); err != nil {
		t.Fatal(err)
	}
	ref, err := json.Marshal(&p)
	if err != nil {
		t.Fatal(err)
	}
	// Scores keeps its additional properties with its own codecs either
	// way; the rest is the same JSON.
	assertSameJSON(t, "reflection", ref, out)
}

// TestNullableItemsTopLevel: a response that is a list of nullable
// structs keeps its nulls.
func TestNullableItemsTopLevel(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `[{"row":1},null,{"row":3}]`)
	}))
	defer srv.Close()
	c, err := nullable.NewClient(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	cells, err := c.Default.ListCells(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if len(cells) != 3 || cells[1] != nil || cells[2].Row != 3 {
		t.Errorf("cells = %#v", cells)
	}
}

// TestNullableItemsParams: a query parameter's items are plain values,
// since a style has no null to send.
func TestNullableItemsParams(t *testing.T) {
	var query string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		query = r.URL.RawQuery
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{}`)
	}))
	defer srv.Close()
	c, err := nullable.NewClient(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Default.GetSheet(t.Context(), "s", &nullable.GetSheetParams{Columns: []string{"a", "b"}}); err != nil {
		t.Fatal(err)
	}
	if query != "columns=a&columns=b" {
		t.Errorf("query = %q", query)
	}
}

func assertSameJSON(t *testing.T, what string, got, want []byte) {
	t.Helper()
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	if err := json.Unmarshal(want, &w); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	gb, _ := json.Marshal(g)
	wb, _ := json.Marshal(w)
	if !bytes.Equal(gb, wb) {
		t.Errorf("%s:\n got %s\nwant %s", what, gb, wb)
	}
}

// TestNullableItemsForm: a form has no null either; a nil item is left
// out, as RFC 6570 leaves out an undefined list member.
func TestNullableItemsForm(t *testing.T) {
	var body string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		body = string(b)
		w.WriteHeader(http.StatusNoContent)
	}))
	defer srv.Close()
	c, err := nullable.NewClient(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	a, z := "a", "z"
	if err := c.Default.AddLabels(t.Context(), &nullable.AddLabelsBody{Labels: []*string{&a, nil, &z}}); err != nil {
		t.Fatal(err)
	}
	if body != "labels=a&labels=z" {
		t.Errorf("body = %q", body)
	}
}
