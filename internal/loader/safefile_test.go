package loader

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

const secret = "SECRET-MARKER-7f3a"

// refSpec is a spec whose schema A is a $ref to ref.
func refSpec(ref string) string {
	return "openapi: 3.0.3\ninfo: {title: t, version: \"1\"}\npaths: {}\ncomponents:\n  schemas:\n    A: {$ref: '" + ref + "'}\n"
}

// loadErr loads the spec at p and returns its error, failing the test if
// there is none or if it quotes the secret.
func loadErr(t *testing.T, p string, opts Options) string {
	t.Helper()
	done := make(chan error, 1)
	go func() {
		_, err := Load(p, opts)
		done <- err
	}()
	select {
	case err := <-done:
		if err == nil {
			t.Fatal("loads; want an error")
		}
		if strings.Contains(err.Error(), secret) {
			t.Errorf("error quotes the file's content: %v", err)
		}
		return err.Error()
	case <-time.After(20 * time.Second):
		t.Fatal("Load blocks")
	}
	return ""
}

// layout makes root/spec/ (the spec's folder) and root/outside/secret.json.
func layout(t *testing.T) (specDir, outside string) {
	t.Helper()
	root := t.TempDir()
	specDir, outside = filepath.Join(root, "spec"), filepath.Join(root, "outside")
	for _, d := range []string{specDir, outside} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(outside, "secret.json"), []byte(`{"type": "object", "description": "`+secret+`"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	return specDir, outside
}

func writeIn(t *testing.T, dir, name, text string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestRefDotDotEscape(t *testing.T) {
	dir, outside := layout(t)
	p := writeIn(t, dir, "spec.yaml", refSpec("../outside/secret.json"))
	got := loadErr(t, p, Options{})
	want := p + `#/components/schemas/A: $ref "../outside/secret.json" does not resolve: cannot read ` +
		filepath.Join(dir, "../outside/secret.json") + ": " + outsideMsg
	if got != want {
		t.Errorf("err = %s\nwant  %s", got, want)
	}
	// An allowed root lets it in.
	if _, err := Load(p, Options{AllowRoots: []string{outside}}); err != nil {
		t.Errorf("with AllowRoots: %v", err)
	}
}

// TestRepoRoot: a spec's $refs may read anywhere in its repository or
// module (the nearest folder above it with .git or go.mod), not above it.
func TestRepoRoot(t *testing.T) {
	for _, marker := range []string{".git", "go.mod"} {
		t.Run(marker, func(t *testing.T) {
			top := t.TempDir()
			repo := filepath.Join(top, "repo")
			api := filepath.Join(repo, "api", "v1")
			for _, d := range []string{api, filepath.Join(repo, "common")} {
				if err := os.MkdirAll(d, 0o755); err != nil {
					t.Fatal(err)
				}
			}
			if marker == ".git" {
				if err := os.Mkdir(filepath.Join(repo, ".git"), 0o755); err != nil {
					t.Fatal(err)
				}
			} else {
				writeIn(t, repo, "go.mod", "module example.com/repo\n")
			}
			writeIn(t, repo, "common/Error.yaml", "type: object\nproperties: {message: {type: string}}\n")
			writeIn(t, top, "secret.json", `{"type": "object", "description": "`+secret+`"}`)
			p := writeIn(t, api, "spec.yaml", refSpec("../../common/Error.yaml"))
			if _, err := Load(p, Options{}); err != nil {
				t.Errorf("a $ref inside the repository: %v", err)
			}
			// And from Swagger 2.0, whose conversion reads the files too.
			writeIn(t, repo, "common/params.yaml", "Limit: {name: limit, in: query, type: integer, format: int32}\n")
			sw := writeIn(t, api, "swagger.yaml", `swagger: "2.0"
info: {title: t, version: "1"}
paths:
  /a:
    get:
      parameters: [{$ref: '../../common/params.yaml#/Limit'}]
      responses:
        '400': {description: bad, schema: {$ref: '../../common/Error.yaml'}}
`)
			s, err := Load(sw, Options{})
			if err != nil {
				t.Fatalf("Swagger 2.0 with $refs inside the repository: %v", err)
			}
			op := s.Doc.Paths.Find("/a").Get
			if p := op.Parameters.GetByInAndName("query", "limit"); p == nil || p.Schema == nil || !p.Schema.Value.Type.Is("integer") {
				t.Errorf("limit: %+v", p)
			}
			if r := op.Responses.Status(400); r == nil || r.Value.Content["application/json"].Schema.Value.Properties["message"] == nil {
				t.Errorf("400: %+v", r)
			}
			p = writeIn(t, api, "spec.yaml", refSpec("../../../secret.json"))
			want := p + `#/components/schemas/A: $ref "../../../secret.json" does not resolve: cannot read ` +
				filepath.Join(api, "../../../secret.json") + ": " + outsideMsg
			if got := loadErr(t, p, Options{}); got != want {
				t.Errorf("a $ref above the repository: %s\nwant %s", got, want)
			}
		})
	}
}

func TestRefSymlinkEscape(t *testing.T) {
	dir, outside := layout(t)
	if err := os.Symlink(filepath.Join(outside, "secret.json"), filepath.Join(dir, "link.json")); err != nil {
		t.Skip("no symlinks:", err)
	}
	p := writeIn(t, dir, "spec.yaml", refSpec("link.json"))
	got := loadErr(t, p, Options{})
	if !strings.Contains(got, outsideMsg) || !strings.Contains(got, `$ref "link.json" does not resolve`) {
		t.Errorf("err = %s", got)
	}
	// A symlinked folder is no way out either.
	if err := os.Symlink(outside, filepath.Join(dir, "sub")); err != nil {
		t.Fatal(err)
	}
	p2 := writeIn(t, dir, "spec2.yaml", refSpec("sub/secret.json"))
	if got := loadErr(t, p2, Options{}); !strings.Contains(got, outsideMsg) {
		t.Errorf("err = %s", got)
	}
}

func TestRootSpecSymlinkEscape(t *testing.T) {
	dir, outside := layout(t)
	writeIn(t, outside, "spec.yaml", refSpec("secret.json"))
	link := filepath.Join(dir, "spec.yaml")
	if err := os.Symlink(filepath.Join(outside, "spec.yaml"), link); err != nil {
		t.Skip("no symlinks:", err)
	}
	if got := loadErr(t, link, Options{}); !strings.Contains(got, "cannot read spec: ") || !strings.Contains(got, outsideMsg) {
		t.Errorf("err = %s", got)
	}
}

func TestRefAbsoluteProc(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("no /proc")
	}
	for _, ref := range []string{"/proc/self/status", "/proc/kmsg", "/etc/passwd", "file:///etc/passwd"} {
		p := writeSpec(t, "spec.yaml", refSpec(ref))
		got := loadErr(t, p, Options{})
		if !strings.Contains(got, outsideMsg) && !strings.Contains(got, "local files only") {
			t.Errorf("%s: err = %s", ref, got)
		}
	}
}

func TestRefFIFO(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no FIFOs")
	}
	dir := t.TempDir()
	if err := syscall.Mkfifo(filepath.Join(dir, "fifo.yaml"), 0o644); err != nil {
		t.Skip("mkfifo:", err)
	}
	p := writeIn(t, dir, "spec.yaml", refSpec("fifo.yaml"))
	want := p + `#/components/schemas/A: $ref "fifo.yaml" does not resolve: cannot read ` + filepath.Join(dir, "fifo.yaml") + ": not a regular file"
	if got := loadErr(t, p, Options{}); got != want {
		t.Errorf("err = %s\nwant  %s", got, want)
	}
	// Nor as the spec itself.
	if got := loadErr(t, filepath.Join(dir, "fifo.yaml"), Options{}); !strings.HasSuffix(got, ": cannot read spec: not a regular file") {
		t.Errorf("err = %s", got)
	}
}

func TestFileTooLarge(t *testing.T) {
	dir := t.TempDir()
	writeIn(t, dir, "big.yaml", "type: object\ndescription: "+strings.Repeat("x", 2000)+secret+"\n")
	p := writeIn(t, dir, "spec.yaml", refSpec("big.yaml"))
	want := p + `#/components/schemas/A: $ref "big.yaml" does not resolve: cannot read ` + filepath.Join(dir, "big.yaml") + ": larger than the limit of 1024 bytes"
	if got := loadErr(t, p, Options{MaxFileSize: 1024}); got != want {
		t.Errorf("err = %s\nwant  %s", got, want)
	}
	if got := loadErr(t, filepath.Join(dir, "big.yaml"), Options{MaxFileSize: 1024}); !strings.HasSuffix(got, ": cannot read spec: larger than the limit of 1024 bytes") {
		t.Errorf("err = %s", got)
	}
	if _, err := Load(p, Options{}); err != nil {
		t.Errorf("default limit: %v", err)
	}
}

func TestRemoteRefRefused(t *testing.T) {
	for _, ref := range []string{"https://example.com/pet.yaml#/Pet", "http://127.0.0.1:1/x.json", "//example.com/x.json"} {
		p := writeSpec(t, "spec.yaml", refSpec(ref))
		got := loadErr(t, p, Options{})
		if !strings.Contains(got, "does not resolve") {
			t.Errorf("%s: err = %s", ref, got)
		}
	}
}

// TestKinReaderGuarded: kin-openapi's own reads go through the guard too.
func TestKinReaderGuarded(t *testing.T) {
	dir, outside := layout(t)
	g := newGuard(filepath.Join(dir, "spec.yaml"), Options{})
	l := newKinLoader(g.readURI)
	_, err := l.LoadFromFile(filepath.Join(outside, "secret.json"))
	if err == nil || !strings.Contains(err.Error(), outsideMsg) {
		t.Errorf("kin-openapi read outside the root: err = %v", err)
	}
}

// TestNoContentInErrors: a one-line file, or a mistake in a referenced
// file, is reported by place, never by content.
func TestNoContentInErrors(t *testing.T) {
	dir := t.TempDir()
	writeIn(t, dir, "token.txt", secret+"\n")
	writeIn(t, dir, "scalar.yaml", "type: object\nproperties: "+secret+"\n")
	writeIn(t, dir, "badref.yaml", "A: {$ref: "+secret+"}\nB: {$ref: {x: 1}}\n")
	writeIn(t, dir, "broken.json", `{"a": "`+secret+`" "b"}`)
	writeIn(t, dir, "broken.yaml", "a: "+secret+"\n b: [\n")
	for ref, want := range map[string]string{
		// Repairs warn, and under -strict the warning is the error.
		"token.txt":        `token.txt: must be a schema (an object), not a string; taken as the empty schema`,
		"scalar.yaml":      `scalar.yaml#/properties: must be an object, not a string; dropped`,
		"badref.yaml#/B":   `badref.yaml#/B/$ref: $ref must be a string, not an object`,
		"broken.json#/a":   `broken.json:1: invalid JSON: invalid character`,
		"broken.yaml#/a":   `broken.yaml:2: invalid YAML:`,
		"badref.yaml#/A/x": `does not resolve`,
	} {
		p := writeIn(t, dir, "spec.yaml", refSpec(ref))
		if s, err := Load(p, Options{}); err == nil {
			for _, w := range s.Warnings {
				if strings.Contains(w.String(), secret) {
					t.Errorf("%s: warning quotes the file's content: %s", ref, w)
				}
			}
		}
		got := loadErr(t, p, Options{Strict: true})
		if !strings.Contains(got, want) {
			t.Errorf("%s: err = %s\nwant it to contain %s", ref, got, want)
		}
	}
	// The root itself: a one-line file.
	if got := loadErr(t, filepath.Join(dir, "token.txt"), Options{}); !strings.HasSuffix(got, "not an OpenAPI document: the top level is a string, not an object") {
		t.Errorf("err = %s", got)
	}
}
