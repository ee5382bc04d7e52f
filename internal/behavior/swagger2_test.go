package behavior

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	sw "github.com/orygen/orygen/testdata/golden/swagger2"
)

// The client generated from a Swagger 2.0 document: formData with a file
// is multipart (even where a form is offered too), formData without one a
// form, collectionFormat csv and multi query arrays, basic and API-key
// auth, and the base path from basePath.
func TestSwagger2Client(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/api/v3/items/7/photo":
			if err := r.ParseMultipartForm(1 << 20); err != nil {
				t.Fatalf("not multipart: %v", err)
			}
			f, _, err := r.FormFile("file")
			if err != nil {
				t.Fatal(err)
			}
			data, _ := io.ReadAll(f)
			if string(data) != "\xff\xd8jpeg" || r.FormValue("caption") != "front" || r.Header.Get("X-API-Key") != "k" {
				t.Errorf("upload %q %v", data, r.MultipartForm.Value)
			}
			fmt.Fprint(w, `{"url":"https://cdn.example.com/7.jpg"}`)
		case "/api/v3/items/7/stock":
			if r.Header.Get("Content-Type") != "application/x-www-form-urlencoded" || r.FormValue("delta") != "-2" || r.FormValue("reason") != "sale" {
				t.Errorf("stock form %q %v", r.Header.Get("Content-Type"), r.Form)
			}
			fmt.Fprint(w, `{"item_id":7,"level":5}`)
		case "/api/v3/login":
			if u, p, ok := r.BasicAuth(); !ok || u != "ada" || p != "pw" || r.FormValue("username") != "ada" {
				t.Errorf("login: basic %q %q %v, form %v", u, p, ok, r.Form)
			}
			fmt.Fprint(w, `{"token":"t"}`)
		case "/api/v3/items":
			q := r.URL.Query()
			if q.Get("tags") != "a,b" || len(q["status"]) != 2 || q.Get("page_size") != "10" {
				t.Errorf("list query %s", r.URL.RawQuery)
			}
			w.Header().Set("X-Total-Count", "41")
			fmt.Fprint(w, `[{"id":1,"name":"bolt"}]`)
		default:
			t.Errorf("unexpected %s %s", r.Method, r.URL)
		}
	}))
	defer srv.Close()
	c, err := sw.NewClient(srv.URL+"/api/v3", sw.WithAPIKey("k"), sw.WithBasic("ada", "pw"))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	caption := "front"
	if p, err := c.Items.UploadPhoto(ctx, 7, &sw.UploadPhotoBody{File: sw.Upload{Name: "photo.jpg", ContentType: "image/jpeg", Reader: strings.NewReader("\xff\xd8jpeg")}, Caption: &caption}); err != nil || p.URL == nil {
		t.Fatalf("upload: %+v %v", p, err)
	}
	reason := sw.AdjustStockBodyReasonSale
	if l, err := c.Items.AdjustStock(ctx, 7, &sw.AdjustStockBody{Delta: -2, Reason: &reason}); err != nil || l.Level != 5 {
		t.Fatalf("stock: %+v %v", l, err)
	}
	if res, err := c.Auth.Login(ctx, &sw.LoginBody{Username: "ada", Password: "pw"}); err != nil || *res.Token != "t" {
		t.Fatalf("login: %+v %v", res, err)
	}
	size := int64(10)
	res, err := c.Items.ListItems(ctx, &sw.ListItemsParams{PageSize: &size, Tags: []string{"a", "b"},
		Status: []sw.ListItemsStatusItem{sw.ListItemsStatusItemInStock, sw.ListItemsStatusItemReserved}})
	if err != nil || res.OK == nil || len(*res.OK) != 1 || (*res.OK)[0].Name != "bolt" {
		t.Fatalf("list: %+v %v", res, err)
	}
	// Swagger 2's response headers are typed too.
	if res.XTotalCount == nil || *res.XTotalCount != 41 {
		t.Errorf("X-Total-Count: %v", res.XTotalCount)
	}
}
