package main

import (
	"bytes"
	"errors"
	"fmt"
	"github.com/getkin/kin-openapi/openapi3"
	"go/token"
	"io"
	"os"
	"path/filepath"
	"slices"
	"unicode"

	// The YAML parser kin-openapi already uses to read specs, so reading
	// configs adds no module to orygen's dependencies.
	yaml "github.com/oasdiff/yaml3"

	"github.com/orygen/orygen/internal/emit"
	"github.com/orygen/orygen/internal/ir"
	"github.com/orygen/orygen/internal/loader"
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
type config struct {
	Targets []target `yaml:"targets"`
}

type target struct {
	Spec        string            `yaml:"spec"`
	Out         string            `yaml:"out"`
	Package     string            `yaml:"package"`
	Strict      bool              `yaml:"strict"`
	Include     selector          `yaml:"include"`
	Exclude     selector          `yaml:"exclude"`
	Names       map[string]string `yaml:"names"`
	Initialisms []string          `yaml:"initialisms"`
	// Raw lists component schemas kept as raw JSON, as if marked with
	// x-orygen-raw: true: the way out for a oneOf whose variants cannot
	// be told apart, without editing a vendor's spec.
	Raw []string `yaml:"raw"`
}

// selector picks operations by their first tag or by operation (its
// operationId or its Go name).
type selector struct {
	Tags       []string `yaml:"tags"`
	Operations []string `yaml:"operations"`
}

func (s selector) empty() bool { return len(s.Tags) == 0 && len(s.Operations) == 0 }

func (s selector) has(svc *ir.Service, op *ir.Operation) bool {
	return slices.Contains(s.Tags, svc.Tag) || slices.Contains(s.Operations, op.ID) || slices.Contains(s.Operations, op.Name)
}

// loadConfig reads a config file and resolves its paths against the
// file's directory.
func loadConfig(path string) (*config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
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
		if err := t.validate(); err != nil {
			return nil, fmt.Errorf("%s: targets[%d]: %v", path, i, err)
		}
		if !filepath.IsAbs(t.Spec) {
			t.Spec = filepath.Join(base, t.Spec)
		}
		if !filepath.IsAbs(t.Out) {
			t.Out = filepath.Join(base, t.Out)
		}
		if t.Package == "" {
			t.Package = packageName(t.Out)
		}
		abs, _ := filepath.Abs(t.Out)
		if j, ok := outs[abs]; ok {
			// Each would remove the other's files as stale.
			return nil, fmt.Errorf("%s: targets[%d] and targets[%d] have the same out directory", path, j, i)
		}
		outs[abs] = i
	}
	return &c, nil
}

func (t *target) validate() error {
	if t.Spec == "" || t.Out == "" {
		return errors.New("spec and out are required")
	}
	if t.Package != "" && !validPackage(t.Package) {
		return fmt.Errorf("%q is not a valid package name", t.Package)
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

// buildTarget is build with a target's options: name overrides and extra
// initialisms for the model, and pruning to the selected operations.
func buildTarget(t target) ([]emit.File, []loader.Diagnostic, error) {
	spec, err := loader.Load(t.Spec, loader.Options{Strict: t.Strict})
	if err != nil {
		return nil, nil, err
	}
	for _, k := range sortedConfigKeys(t.Names) {
		if spec.Doc.Components == nil || spec.Doc.Components.Schemas[k] == nil {
			return nil, spec.Warnings, fmt.Errorf("%s: names: the spec has no component schema %q", t.Spec, k)
		}
	}
	for _, k := range t.Raw {
		sr := (*openapi3.SchemaRef)(nil)
		if spec.Doc.Components != nil {
			sr = spec.Doc.Components.Schemas[k]
		}
		if sr == nil || sr.Value == nil {
			return nil, spec.Warnings, fmt.Errorf("%s: raw: the spec has no component schema %q", t.Spec, k)
		}
		if sr.Value.Extensions == nil {
			sr.Value.Extensions = map[string]any{}
		}
		sr.Value.Extensions["x-orygen-raw"] = true
	}
	api, warns, err := ir.Build(spec, ir.Options{Reserved: emit.Reserved(), Names: t.Names, Initialisms: t.Initialisms})
	warns = append(spec.Warnings, warns...)
	if err != nil {
		return nil, warns, err
	}
	if t.Strict && len(warns) > 0 {
		return nil, warns, &loader.Error{Diagnostic: warns[0]}
	}
	if !t.Include.empty() || !t.Exclude.empty() {
		if err := checkSelectors(t, api); err != nil {
			return nil, warns, err
		}
		ir.Prune(api, func(s *ir.Service, o *ir.Operation) bool {
			return (t.Include.empty() || t.Include.has(s, o)) && !t.Exclude.has(s, o)
		})
		if len(api.Services) == 0 {
			return nil, warns, fmt.Errorf("%s: include and exclude leave no operations", t.Spec)
		}
	}
	files, err := emit.Generate(api, emit.Options{Package: t.Package, Version: buildVersion()})
	return files, warns, err
}

// checkSelectors fails on a tag or operation that matches nothing: a
// typo would otherwise silently drop (or keep) operations.
func checkSelectors(t target, api *ir.API) error {
	tags, ops := map[string]bool{}, map[string]bool{}
	for _, s := range api.Services {
		tags[s.Tag] = true
		for _, o := range s.Operations {
			ops[o.ID], ops[o.Name] = true, true
		}
	}
	for _, sel := range []struct {
		name string
		s    selector
	}{{"include", t.Include}, {"exclude", t.Exclude}} {
		for _, tag := range sel.s.Tags {
			if !tags[tag] {
				return fmt.Errorf("%s: %s.tags: no operation is tagged %q", t.Spec, sel.name, tag)
			}
		}
		for _, op := range sel.s.Operations {
			if !ops[op] {
				return fmt.Errorf("%s: %s.operations: no operation has the operationId or Go name %q", t.Spec, sel.name, op)
			}
		}
	}
	return nil
}

func sortedConfigKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
