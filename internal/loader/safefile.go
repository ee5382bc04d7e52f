package loader

import (
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/getkin/kin-openapi/openapi3"
)

// DefaultMaxFileSize is the largest spec file (the root or one a $ref
// names) read when Options.MaxFileSize is 0.
const DefaultMaxFileSize = 64 << 20

// guard reads the files of a spec: the root and every file a $ref names,
// whether the checker or kin-openapi follows it. It reads only regular
// files, no larger than max, that lie (after symlinks and "..") under one
// of roots: the root spec's folder, the repository or module it is in
// (repoRoot) and Options.AllowRoots. A spec is input from anywhere; it
// must not make orygen read /proc/self/status, block on /proc/kmsg or a
// FIFO, or copy ~/secret.json into a generated comment. Specs split into
// files refer to shared ones beside their folder (../common/Error.yaml)
// within their repository, which is why the repository is a root too.
type guard struct {
	roots []string // absolute, symlinks resolved
	max   int64
}

func newGuard(spec string, opts Options) *guard {
	g := &guard{max: opts.MaxFileSize}
	if g.max <= 0 {
		g.max = DefaultMaxFileSize
	}
	dir := filepath.Dir(spec)
	roots := []string{dir}
	if repo := repoRoot(dir); repo != "" {
		roots = append(roots, repo)
	}
	for _, r := range append(roots, opts.AllowRoots...) {
		if abs, err := filepath.Abs(r); err == nil {
			if real, err := filepath.EvalSymlinks(abs); err == nil {
				abs = real
			}
			g.roots = append(g.roots, abs)
		}
	}
	return g
}

// repoRoot returns the nearest folder, dir or one of its ancestors, that
// holds go.mod or .git (a folder, or the file of a git worktree): the
// module or repository a spec lives in. "" if there is none.
func repoRoot(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		abs = real
	}
	for d := abs; ; {
		for _, marker := range []string{"go.mod", ".git"} {
			if _, err := os.Lstat(filepath.Join(d, marker)); err == nil {
				return d
			}
		}
		up := filepath.Dir(d)
		if up == d {
			return ""
		}
		d = up
	}
}

var (
	errNotRegular = errors.New("not a regular file")
	errIsDir      = errors.New("is a directory")
)

// outsideError is a file the roots do not allow; real is where it is,
// after symlinks.
type outsideError struct{ real string }

func (e *outsideError) Error() string { return outsideMsg }

const outsideMsg = "outside the spec's folder, its repository or module (the nearest folder with go.mod or .git) " +
	"and the allowed roots (-allow-root DIR allows another folder)"

// read returns the content of the file at path, or an error that says
// why it may not be read; no error quotes the file's content.
func (g *guard) read(path string) ([]byte, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	real, err := filepath.EvalSymlinks(abs)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			return nil, pe.Err
		}
		return nil, err
	}
	if !g.allowed(real) {
		return nil, &outsideError{real}
	}
	// O_NONBLOCK: opening a FIFO or a device must not wait for a writer;
	// what is opened is then refused unless it is a regular file.
	f, err := os.OpenFile(real, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			return nil, pe.Err
		}
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if fi.IsDir() {
		return nil, errIsDir
	}
	if !fi.Mode().IsRegular() {
		return nil, errNotRegular
	}
	if fi.Size() > g.max {
		return nil, g.tooLarge()
	}
	data, err := io.ReadAll(io.LimitReader(f, g.max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > g.max {
		return nil, g.tooLarge() // it grew while being read
	}
	return data, nil
}

func (g *guard) tooLarge() error {
	if g.max%(1<<20) == 0 {
		return fmt.Errorf("larger than the limit of %d MiB", g.max>>20)
	}
	return fmt.Errorf("larger than the limit of %d bytes", g.max)
}

// allowed reports whether real (absolute, symlinks resolved) lies under
// one of the roots.
func (g *guard) allowed(real string) bool {
	for _, r := range g.roots {
		rel, err := filepath.Rel(r, real)
		if err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel) {
			return true
		}
	}
	return false
}

// readURI is kin-openapi's ReadFromURIFunc: every file it reads, for any
// $ref it follows, goes through read. Remote references are refused:
// generating code must not depend on the network.
func (g *guard) readURI(_ *openapi3.Loader, u *url.URL) ([]byte, error) {
	if (u.Scheme != "" && u.Scheme != "file") || u.Host != "" {
		return nil, fmt.Errorf("remote reference %s is not followed", u.Redacted())
	}
	return g.read(filepath.FromSlash(u.Path))
}

// ReadInput reads a file the user named that is not part of a spec (a
// config): as a spec file is read (a regular file, opened without
// waiting, at most max bytes, DefaultMaxFileSize if max is 0) but from
// anywhere. A device, a FIFO or a file past the limit is an error, not a
// read that never ends; the error does not quote the file.
func ReadInput(path string, max int64) ([]byte, error) {
	g := &guard{max: max}
	if g.max <= 0 {
		g.max = DefaultMaxFileSize
	}
	g.roots = []string{string(filepath.Separator)}
	if v := filepath.VolumeName(path); v != "" {
		g.roots = append(g.roots, v+string(filepath.Separator))
	}
	return g.read(path)
}

// CheckYAML parses data as a YAML (or JSON) document, as a spec is parsed
// and with the same limits: nesting, and the bytes its aliases and merge
// keys expand to. The error, if any, is located: file:line: message.
func CheckYAML(name string, data []byte) error {
	if _, err := parseDocument(name, data); err != nil {
		return syntaxDiagnostic(name, err)
	}
	return nil
}
