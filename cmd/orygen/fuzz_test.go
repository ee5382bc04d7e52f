package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	yaml "github.com/oasdiff/yaml3"

	"github.com/orygen/orygen/internal/loader"
)

// fuzzSeeds are the negative corpus and orygen's own specs, read at test
// time.
func fuzzSeeds(f *testing.F) map[string][]byte {
	f.Helper()
	neg, _ := filepath.Glob(filepath.Join("../..", negativeDir, "*"))
	ownSpecs, _ := filepath.Glob(filepath.Join(own, "*"))
	out := map[string][]byte{}
	for _, p := range append(neg, ownSpecs...) {
		switch filepath.Ext(p) {
		case ".json", ".yaml", ".yml":
		default:
			continue
		}
		if filepath.Base(p) == "expected.json" {
			continue
		}
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		out[p] = data
	}
	if _, ok := out[filepath.Join(own, "features.yaml")]; !ok || len(out) < 31 {
		f.Fatalf("found %d seeds; want the negative corpus and specs/features.yaml", len(out))
	}
	return out
}

// FuzzLoad feeds arbitrary documents through loader → ir → emit (build,
// which writes nothing). Whatever the input, build must not panic, must
// finish, and a failure must be one located line: a *loader.Error naming
// the file.
//
//	go test ./cmd/orygen -run '^$' -fuzz '^FuzzLoad$' -fuzztime 60s
//
// Inputs that once failed are kept in testdata/fuzz/FuzzLoad.
func FuzzLoad(f *testing.F) {
	for _, data := range fuzzSeeds(f) {
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkBuild(t, data)
	})
}

// FuzzSchemas reaches further into ir and emit than FuzzLoad, whose
// mutations mostly break the syntax: the input is the JSON of
// components.schemas, and a fixed skeleton around it sends each schema
// through a path parameter, a query parameter, a body and a response.
//
//	go test ./cmd/orygen -run '^$' -fuzz '^FuzzSchemas$' -fuzztime 60s
func FuzzSchemas(f *testing.F) {
	for _, data := range fuzzSeeds(f) {
		var doc struct {
			Components struct {
				Schemas map[string]any `yaml:"schemas"`
			} `yaml:"components"`
		}
		if yaml.Unmarshal(data, &doc) != nil || len(doc.Components.Schemas) == 0 {
			continue
		}
		j, err := json.Marshal(doc.Components.Schemas)
		if err != nil {
			continue // YAML-only keys
		}
		f.Add(j)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var schemas map[string]json.RawMessage
		if json.Unmarshal(data, &schemas) != nil {
			return
		}
		names := make([]string, 0, len(schemas))
		for n := range schemas {
			names = append(names, n)
		}
		sort.Strings(names)
		paths := map[string]any{}
		for i, n := range names[:min(len(names), 8)] {
			ref := map[string]string{"$ref": "#/components/schemas/" + loader.Escape(n)}
			paths[fmt.Sprintf("/op%d/{id}", i)] = map[string]any{"post": map[string]any{
				"operationId": fmt.Sprintf("op%d", i),
				"parameters": []any{
					map[string]any{"name": "id", "in": "path", "required": true, "schema": ref},
					map[string]any{"name": "q", "in": "query", "schema": ref},
				},
				"requestBody": map[string]any{"content": map[string]any{"application/json": map[string]any{"schema": ref}}},
				"responses": map[string]any{
					"200":     map[string]any{"description": "ok", "content": map[string]any{"application/json": map[string]any{"schema": ref}}},
					"default": map[string]any{"description": "error", "content": map[string]any{"application/json": map[string]any{"schema": ref}}},
				},
			}}
		}
		doc, err := json.Marshal(map[string]any{
			"openapi": "3.0.3", "info": map[string]any{"title": "fuzz", "version": "1"},
			"paths": paths, "components": map[string]any{"schemas": schemas},
		})
		if err != nil {
			return
		}
		checkBuild(t, doc)
	})
}

// checkBuild runs build on data as a spec file and checks what FuzzLoad
// promises. A build that does not finish crashes the fuzz worker, which
// keeps the input.
func checkBuild(t *testing.T, data []byte) {
	spec := filepath.Join(t.TempDir(), "spec.yaml")
	if err := os.WriteFile(spec, data, 0o644); err != nil {
		t.Fatal(err)
	}
	watchdog := time.AfterFunc(30*time.Second, func() { panic("build took longer than 30s") })
	_, warns, err := build(spec, "p", false)
	watchdog.Stop()
	for _, w := range warns {
		if w.File == "" || strings.ContainsAny(w.String(), "\n\r") {
			t.Errorf("warning is not one located line: %q", w.String())
		}
	}
	if err == nil {
		return
	}
	var le *loader.Error
	if !errors.As(err, &le) {
		t.Fatalf("error is not a located *loader.Error: %T: %v", err, err)
	}
	if le.File == "" || strings.ContainsAny(err.Error(), "\n\r") {
		t.Fatalf("error is not one located line: %q", err.Error())
	}
}
