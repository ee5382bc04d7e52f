package behavior

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	zoo "github.com/orygen/orygen/testdata/golden/features"
)

func zooServer(t *testing.T, h http.HandlerFunc) *zoo.Client {
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	c, err := zoo.NewClient(srv.URL+"/api", zoo.WithBearer("tok"))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestMultipartUploadAndSumResult(t *testing.T) {
	c := zooServer(t, func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseMultipartForm(1 << 20); err != nil {
			t.Errorf("not multipart: %v", err)
		}
		f, fh, err := r.FormFile("file")
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(f)
		if fh.Filename != "scan.png" || fh.Header.Get("Content-Type") != "image/png" {
			t.Errorf("file part %q as %q", fh.Filename, fh.Header.Get("Content-Type"))
		}
		if r.ContentLength != -1 {
			t.Errorf("Content-Length %d: an upload is streamed", r.ContentLength)
		}
		if r.FormValue("title") != "x-ray" || r.FormValue("pages") != "2" || !bytes.Equal(data, []byte("PNG")) || r.FormValue("labels") != `{"a":"b"}` {
			t.Errorf("parts: %v file %q", r.MultipartForm.Value, data)
		}
		if r.Header.Get("Authorization") != "Bearer tok" {
			t.Errorf("auth header %q", r.Header.Get("Authorization"))
		}
		if r.URL.Query().Get("big") == "" {
			w.WriteHeader(http.StatusAccepted)
			fmt.Fprint(w, `{"job_id":"j1"}`)
			return
		}
		fmt.Fprint(w, `{"id":"d1"}`)
	})
	pages := int64(2)
	res, err := c.Animals.UploadDocument(context.Background(), "leo", &zoo.UploadDocumentBody{Title: "x-ray", Pages: &pages, File: zoo.Upload{Name: "scan.png", ContentType: "image/png", Reader: strings.NewReader("PNG")}, Labels: map[string]string{"a": "b"}})
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != 202 || res.Accepted == nil || res.Accepted.JobID != "j1" || res.OK != nil {
		t.Errorf("result %+v", res)
	}
}

func TestBinaryBodyAndDeepObject(t *testing.T) {
	c := zooServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/api/animals/leo/recording":
			body, _ := io.ReadAll(r.Body)
			if string(body) != "RIFF" || r.Header.Get("Content-Type") != "application/octet-stream" {
				t.Errorf("recording %q as %s", body, r.Header.Get("Content-Type"))
			}
			w.WriteHeader(204)
		case "/api/search":
			q := r.URL.Query()
			if q.Get("filter[species]") != "lion" || q.Get("filter[min_legs]") != "4" {
				t.Errorf("deepObject query %s", r.URL.RawQuery)
			}
			fmt.Fprint(w, `[]`)
		default:
			t.Errorf("unexpected %s", r.URL.Path)
		}
	})
	if err := c.Animals.PutRecording(context.Background(), "leo", strings.NewReader("RIFF")); err != nil {
		t.Fatal(err)
	}
	species, legs := "lion", int64(4)
	if _, err := c.Animals.Search(context.Background(), &zoo.SearchParams{Filter: &zoo.SearchFilter{Species: &species, MinLegs: &legs}}); err != nil {
		t.Fatal(err)
	}
}

func TestEmptyPathParamRefused(t *testing.T) {
	c := zooServer(t, func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("request sent to %s", r.URL.Path)
	})
	if _, err := c.Animals.GetAnimal(context.Background(), "", nil); err == nil || !strings.Contains(err.Error(), "animal_id is empty") {
		t.Errorf("err %v", err)
	}
}

func TestFormBodyOfUnion(t *testing.T) {
	c := zooServer(t, func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil {
			t.Fatal(err)
		}
		if r.Header.Get("Content-Type") != "application/x-www-form-urlencoded" || r.PostForm.Get("food") != "fish" || r.PostForm["treats"][1] != "b" {
			t.Errorf("form %v (%s)", r.PostForm, r.Header.Get("Content-Type"))
		}
		fmt.Fprint(w, `[{"action":"rest","minutes":5},{"action":"graze","plants":["x"]}]`)
	})
	steps, err := c.Animals.PostAnimalsByAnimalIDFeed(context.Background(), 7, &zoo.Meal{Food: "fish", Treats: []string{"a", "b"}}, zoo.PostAnimalsByAnimalIDFeedParams{Portion: 1.5}, zoo.WithFormBody())
	if err != nil {
		t.Fatal(err)
	}
	if r, ok := steps[0].Value.(*zoo.Rest); !ok || *r.Minutes != 5 {
		t.Errorf("steps %+v", steps)
	}
	if _, ok := steps[1].Value.(*zoo.Herbivore); !ok {
		t.Errorf("steps %+v", steps)
	}
}
