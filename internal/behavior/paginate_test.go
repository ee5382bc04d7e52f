package behavior

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	keto "github.com/orygen/orygen/testdata/golden/keto-v26.2.0"
	kratos "github.com/orygen/orygen/testdata/golden/kratos-v1.3.1"
)

const totalItems, pageSize = 1000, 25 // 40 pages

// keysetServer pages /admin/identities like Kratos: relative Link targets
// in one comma-separated header, the last page with only rel="first".
func keysetServer(t *testing.T, requests *atomic.Int64) *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		if r.URL.Path != "/admin/identities" {
			t.Errorf("path %s", r.URL.Path)
		}
		start := 0
		if tok := r.URL.Query().Get("page_token"); tok != "" {
			start, _ = strconv.Atoi(tok)
		}
		size, _ := strconv.Atoi(r.URL.Query().Get("page_size"))
		if size != pageSize {
			t.Errorf("page_size %d not kept across pages", size)
		}
		end := min(start+size, totalItems)
		link := fmt.Sprintf(`</admin/identities?page_size=%d&page_token=0>; rel="first"`, size)
		if end < totalItems {
			link += fmt.Sprintf(`,</admin/identities?page_size=%d&page_token=%d>; rel="next"`, size, end)
		}
		w.Header().Set("Link", link)
		w.Header().Set("Content-Type", "application/json")
		var page []map[string]any
		for i := start; i < end; i++ {
			page = append(page, map[string]any{"id": fmt.Sprintf("id-%04d", i), "schema_id": "default", "schema_url": "x", "traits": map[string]any{"n": i}})
		}
		json.NewEncoder(w).Encode(page)
	}))
}

func TestKeysetIterator(t *testing.T) {
	var requests atomic.Int64
	srv := keysetServer(t, &requests)
	defer srv.Close()
	c, err := kratos.NewClient(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	size := int64(pageSize)
	seen := map[string]bool{}
	for id, err := range c.Identity.ListIdentitiesAll(context.Background(), &kratos.ListIdentitiesParams{PageSize: &size}) {
		if err != nil {
			t.Fatal(err)
		}
		if seen[id.ID] {
			t.Fatalf("%s twice", id.ID)
		}
		seen[id.ID] = true
	}
	if len(seen) != totalItems || requests.Load() != totalItems/pageSize {
		t.Errorf("%d items in %d requests, want %d in %d", len(seen), requests.Load(), totalItems, totalItems/pageSize)
	}
}

func TestIteratorStopsOnBreak(t *testing.T) {
	var requests atomic.Int64
	srv := keysetServer(t, &requests)
	defer srv.Close()
	c, _ := kratos.NewClient(srv.URL)
	size := int64(pageSize)
	before := runtime.NumGoroutine()
	n := 0
	for _, err := range c.Identity.ListIdentitiesAll(context.Background(), &kratos.ListIdentitiesParams{PageSize: &size}) {
		if err != nil {
			t.Fatal(err)
		}
		if n++; n == 30 {
			break
		}
	}
	if requests.Load() != 2 {
		t.Errorf("breaking after 30 items made %d requests, want 2", requests.Load())
	}
	srv.CloseClientConnections()
	deadline := time.Now().Add(2 * time.Second)
	for runtime.NumGoroutine() > before+2 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if g := runtime.NumGoroutine(); g > before+2 {
		t.Errorf("goroutines grew from %d to %d after breaking out", before, g)
	}
}

func TestIteratorYieldsError(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("page_token") != "" {
			w.WriteHeader(http.StatusInternalServerError)
			fmt.Fprint(w, `{"error":{"message":"boom"}}`)
			return
		}
		w.Header().Set("Link", `</admin/identities?page_token=2>; rel="next"`)
		fmt.Fprint(w, `[{"id":"a","schema_id":"s","schema_url":"u","traits":{}}]`)
	}))
	defer srv.Close()
	c, _ := kratos.NewClient(srv.URL)
	var ids []string
	var last error
	for id, err := range c.Identity.ListIdentitiesAll(context.Background(), nil) {
		if err != nil {
			last = err
			continue
		}
		ids = append(ids, id.ID)
	}
	var apiErr *kratos.APIError
	if len(ids) != 1 || last == nil || !asErr(last, &apiErr) || apiErr.StatusCode != 500 {
		t.Errorf("ids %v, err %v", ids, last)
	}
}

// TestBodyTokenIterator pages Keto's relationships by next_page_token.
func TestBodyTokenIterator(t *testing.T) {
	var requests atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		start := 0
		if tok := r.URL.Query().Get("page_token"); tok != "" {
			start, _ = strconv.Atoi(tok[1:])
		}
		end := min(start+pageSize, totalItems)
		var tuples []map[string]any
		for i := start; i < end; i++ {
			tuples = append(tuples, map[string]any{"namespace": "n", "object": strconv.Itoa(i), "relation": "r"})
		}
		next := ""
		if end < totalItems {
			next = "t" + strconv.Itoa(end)
		}
		json.NewEncoder(w).Encode(map[string]any{"relation_tuples": tuples, "next_page_token": next})
	}))
	defer srv.Close()
	c, _ := keto.NewClient(srv.URL)
	seen := map[string]bool{}
	for rel, err := range c.Relationship.GetRelationshipsAll(context.Background(), nil) {
		if err != nil {
			t.Fatal(err)
		}
		seen[rel.Object] = true
	}
	if len(seen) != totalItems || requests.Load() != totalItems/pageSize {
		t.Errorf("%d items in %d requests", len(seen), requests.Load())
	}
}

func TestNextPageTokenParsesLinkHeaders(t *testing.T) {
	for _, c := range []struct {
		links []string
		want  string
	}{
		{[]string{`</a?page_token=1>; rel="first", </a?page_token=xyz&page_size=2>; rel="next"`}, "xyz"},
		{[]string{`</a?page_token=1>; rel="first"`}, ""},
		{[]string{`</a?page_token=1>; rel="first"`, `<https://h/a?page_token=p2>; rel=next`}, "p2"},
		{[]string{`<https://h/a?page_token=q>; title="a, b; c"; rel="prev next"`}, "q"},
		{[]string{`garbage, </a?page_token=z>;rel="next"`}, "z"},
	} {
		resp := &http.Response{Header: http.Header{"Link": c.links}}
		got, ok := kratos.NextPageToken(resp, "page_token")
		if got != c.want || ok != (c.want != "") {
			t.Errorf("%q: got %q, %v; want %q", c.links, got, ok, c.want)
		}
	}
}
