package main

import (
	"bytes"
	"errors"
	"fmt"
	"go/token"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"unicode"

	// The YAML parser kin-openapi already uses to read specs, so reading
	// configs adds no module to orygen's dependencies.
	yaml "github.com/oasdiff/yaml3"
	"github.com/orygen/orygen/internal/loader"
	"github.com/orygen/orygen/internal/outdir"
	"github.com/orygen/orygen/internal/pipeline"
)

// config is an orygen.yaml file:
//
//	targets:
//	  - spec: openapi.json        # paths are relative to this file
//	    out: kratos
//	    package: kratos           # default: from out
//	    strict: false
//	    include:                  # only these operations and the types they use
//	      tags: [identity]
//	      operations: [getIdentity, ListIdentities]  # operationIds or Go names
//	    exclude:
//	      operations: [deleteIdentity]
//	    names:                    # component schema → Go name
//	      identityCredentials: Credentials
//	    initialisms: [SMS, OTel]  # written like this in Go names
//	    overlays: [overlays/ory.yaml]  # OpenAPI Overlay 1.0 documents, applied in order
//	    env:                      # generates WithEnv and NewClientFromEnv
//	      base_url: ORY_SDK_URL   # the variable holding the base URL
//	      oryAccessToken: ORY_API_KEY  # a security scheme → its variable
//	    idempotency_header: Idempotency-Key  # a fresh key per unsafe call; they retry
type config struct {
	Targets []target `yaml:"targets"`
}

// target is a config's target, as the pipeline takes it.
type target = pipeline.Target

// loadConfig reads a config file and resolves its paths against the
// file's directory.
func loadConfig(path string) (*config, error) {
	// Read as a spec is: a device or a FIFO is refused (not read until
	// memory runs out, or waited on), the size is limited, and aliases
	// are bounded by the bytes they expand to before yaml.v3 expands them.
	data, err := loader.ReadInput(path, 0)
	if err != nil {
		return nil, fmt.Errorf("%s: cannot read config: %v", path, err)
	}
	if err := loader.CheckYAML(path, data); err != nil {
		return nil, err
	}
	var c config
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&c); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("%s: no targets", path)
		}
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	if len(c.Targets) == 0 {
		return nil, fmt.Errorf("%s: no targets", path)
	}
	base := filepath.Dir(path)
	outs := map[string]int{}
	lines := targetLines(data)
	for i := range c.Targets {
		t := &c.Targets[i]
		where := fmt.Sprintf("%s: targets[%d]", path, i)
		if i < len(lines) {
			where = fmt.Sprintf("%s:%d: targets[%d]", path, lines[i], i)
		}
		if err := validate(t); err != nil {
			return nil, fmt.Errorf("%s: %v", where, err)
		}
		t.Origin = where
		if !filepath.IsAbs(t.Spec) {
			t.Spec = filepath.Join(base, t.Spec)
		}
		if !filepath.IsAbs(t.Out) {
			t.Out = filepath.Join(base, t.Out)
		}
		for j, o := range t.Overlays {
			if o == "" {
				return nil, fmt.Errorf("%s: targets[%d]: overlays[%d] is empty", path, i, j)
			}
			if !filepath.IsAbs(o) {
				t.Overlays[j] = filepath.Join(base, o)
			}
		}
		for j, r := range t.AllowRoots {
			if !filepath.IsAbs(r) {
				t.AllowRoots[j] = filepath.Join(base, r)
			}
		}
		if t.Package == "" {
			t.Package = pipeline.PackageName(t.Out)
		}
		// Symlinks resolved: two names for one directory are one target.
		abs, err := outdir.RealDir(t.Out)
		if err != nil {
			return nil, fmt.Errorf("%s: targets[%d]: out: %v", path, i, err)
		}
		if j, ok := outs[abs]; ok {
			// Each would remove the other's files as stale.
			return nil, fmt.Errorf("%s: targets[%d] and targets[%d] have the same out directory", path, j, i)
		}
		outs[abs] = i
	}
	return &c, nil
}

func validate(t *target) error {
	if t.Spec == "" || t.Out == "" {
		return errors.New("spec and out are required")
	}
	if t.Package != "" {
		if err := pipeline.ValidatePackage(t.Package); err != nil {
			return err
		}
	}
	for _, k := range sortedConfigKeys(t.Names) {
		if v := t.Names[k]; !token.IsIdentifier(v) || !token.IsExported(v) {
			return fmt.Errorf("names: %q for schema %q is not an exported Go identifier", v, k)
		}
	}
	for _, w := range t.Initialisms {
		if !isWord(w) {
			return fmt.Errorf("initialisms: %q is not a word of letters and digits starting with a letter", w)
		}
	}
	for _, k := range sortedConfigKeys(t.Env) {
		if v := t.Env[k]; !isEnvName(v) {
			return fmt.Errorf("env: %s: %q is not an environment variable name (letters, digits and _, not starting with a digit)", k, v)
		}
	}
	if h := t.IdempotencyHeader; h != "" && !isToken(h) {
		return fmt.Errorf("idempotency_header: %q is not a header name", h)
	}
	return nil
}

// isEnvName accepts the variable names a shell can set.
func isEnvName(v string) bool {
	for i, r := range v {
		if !(r == '_' || 'A' <= r && r <= 'Z' || 'a' <= r && r <= 'z' || i > 0 && '0' <= r && r <= '9') {
			return false
		}
	}
	return v != ""
}

// isToken accepts an HTTP field name (RFC 9110's token).
func isToken(h string) bool {
	for _, r := range h {
		if r > unicode.MaxASCII || !(unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune("!#$%&'*+-.^_`|~", r)) {
			return false
		}
	}
	return h != ""
}

// targetLines are the lines on which the config's targets start, for the
// errors about them; nil when the document has no such list.
func targetLines(data []byte) []int {
	var doc yaml.Node
	if yaml.Unmarshal(data, &doc) != nil || len(doc.Content) == 0 {
		return nil
	}
	root := doc.Content[0]
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value == "targets" {
			var out []int
			for _, t := range root.Content[i+1].Content {
				out = append(out, t.Line)
			}
			return out
		}
	}
	return nil
}

func isWord(w string) bool {
	for i, r := range w {
		if !(unicode.IsLetter(r) || (i > 0 && unicode.IsDigit(r))) || r > unicode.MaxASCII {
			return false
		}
	}
	return w != ""
}

func sortedConfigKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
