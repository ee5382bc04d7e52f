package main

import (
	"bytes"
	"errors"
	"fmt"
	"go/token"
	"io"
	"path/filepath"
	"slices"
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
	for i := range c.Targets {
		t := &c.Targets[i]
		if err := validate(t); err != nil {
			return nil, fmt.Errorf("%s: targets[%d]: %v", path, i, err)
		}
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
