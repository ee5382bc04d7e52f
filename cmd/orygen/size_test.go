package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/orygen/orygen/internal/pipeline"
)

// TestLargeSpec generates a client from a synthesized spec of the size of
// the largest public APIs (several MB, 400+ operations, 1,000+ schemas,
// with enums, unions, nullable and nested fields, pagination, refs in every
// direction) and builds and vets it in a module of its own. The spec is
// made here, not committed.
func TestLargeSpec(t *testing.T) {
	if testing.Short() {
		t.Skip("skipped in -short mode: generates, builds and vets a client from a multi-MB spec")
	}
	const resources, schemasPer = 90, 12 // 90 resources × 5 operations; 90 × 12 schemas + shared ones
	dir := t.TempDir()
	spec := filepath.Join(dir, "large.json")
	doc := largeSpec(resources, schemasPer)
	data, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(spec, data, 0o644); err != nil {
		t.Fatal(err)
	}
	ops := countOps(doc)
	schemas := len(doc["components"].(map[string]any)["schemas"].(map[string]any))
	if len(data) < 3<<20 || ops < 400 || schemas < 1000 {
		t.Fatalf("the synthesized spec is too small: %d bytes, %d operations, %d schemas", len(data), ops, schemas)
	}

	start := time.Now()
	files, warns, err := build(spec, "large", true)
	if err != nil {
		t.Fatalf("build: %v", err)
	}
	if len(warns) > 0 {
		t.Errorf("%d warnings, the first: %s", len(warns), warns[0])
	}
	gen := time.Since(start)
	var size int
	for _, f := range files {
		size += len(f.Data)
	}
	t.Logf("spec: %.1f MB, %d operations, %d schemas; generated %d files, %.1f MB in %v",
		float64(len(data))/(1<<20), ops, schemas, len(files), float64(size)/(1<<20), gen.Round(time.Millisecond))

	mod := filepath.Join(dir, "mod")
	if err := pipeline.Write(filepath.Join(mod, "large"), files); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(mod, "go.mod"), []byte("module example.com/large\n\ngo 1.24\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"build", "./..."}, {"vet", "./..."}} {
		start := time.Now()
		cmd := exec.Command("go", args...)
		cmd.Dir = mod
		cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOTOOLCHAIN=local")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go %s in the generated module: %v\n%s", strings.Join(args, " "), err, out)
		}
		t.Logf("go %s: %v", strings.Join(args, " "), time.Since(start).Round(time.Millisecond))
	}
}

func countOps(doc map[string]any) int {
	n := 0
	for _, item := range doc["paths"].(map[string]any) {
		n += len(item.(map[string]any)) - 1 // minus "parameters"
	}
	return n
}

// lorem pads descriptions the way real specs do: every field says what it
// is at some length.
const lorem = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua. " +
	"Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris nisi ut aliquip ex ea commodo consequat."

// largeSpec synthesizes the spec: for each resource a tag, five operations
// (list with page_token pagination and filters, create, get, update,
// delete) and schemasPer schemas that refer to each other, to shared
// schemas and to other resources' schemas; every seventh resource has a
// discriminated union and an untagged one.
func largeSpec(resources, schemasPer int) map[string]any {
	obj := func(kv ...any) map[string]any {
		m := map[string]any{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1]
		}
		return m
	}
	ref := func(name string) map[string]any { return obj("$ref", "#/components/schemas/"+name) }
	str := func(desc string) map[string]any { return obj("type", "string", "description", desc) }
	schemas := map[string]any{
		"Error": obj("type", "object", "required", []any{"code", "message"}, "properties", obj(
			"code", obj("type", "integer", "format", "int32"), "message", str("What went wrong. "+lorem),
			"details", obj("type", "array", "items", obj("type", "object", "additionalProperties", true)))),
		"Metadata": obj("type", "object", "description", "Free-form labels.", "additionalProperties", obj("type", "string")),
		"Audit": obj("type", "object", "properties", obj(
			"created_at", obj("type", "string", "format", "date-time"), "updated_at", obj("type", "string", "format", "date-time"),
			"created_by", str("Who created it. "+lorem))),
	}
	paths := map[string]any{}
	var tags []any
	for r := 0; r < resources; r++ {
		res := fmt.Sprintf("resource%03d", r)
		Res := fmt.Sprintf("Resource%03d", r)
		tags = append(tags, obj("name", res, "description", "Operations on "+res+". "+lorem))
		for s := 0; s < schemasPer; s++ {
			name := fmt.Sprintf("%sPart%02d", Res, s)
			props := obj(
				"id", obj("type", "string", "format", "uuid", "description", "The identifier. "+lorem),
				"name", str("The name. "+lorem),
				"count", obj("type", "integer", "format", "int64", "minimum", 0, "description", "How many. "+lorem),
				"ratio", obj("type", "number", "nullable", true, "description", "A nullable number. "+lorem),
				"enabled", obj("type", "boolean", "description", "Whether it is on. "+lorem),
				"state", obj("type", "string", "enum", []any{"pending", "active", "suspended", "deleted"}, "description", "The state. "+lorem),
				"labels", ref("Metadata"),
				"audit", ref("Audit"),
				"tags", obj("type", "array", "items", obj("type", "string"), "description", "Tags. "+lorem),
				"settings", obj("type", "object", "description", "Inline settings. "+lorem, "properties", obj(
					"mode", obj("type", "string", "enum", []any{"fast", "safe"}),
					"limit", obj("type", "integer"),
					"window", obj("type", "string", "format", "date-time"))),
			)
			if s+1 < schemasPer {
				props["next"] = ref(fmt.Sprintf("%sPart%02d", Res, s+1))
			}
			if r > 0 {
				props["related"] = obj("type", "array", "items", ref(fmt.Sprintf("Resource%03dPart%02d", r-1, s)))
			}
			schemas[name] = obj("type", "object", "description", name+": "+lorem, "required", []any{"id", "name"}, "properties", props)
		}
		schemas[Res] = obj("allOf", []any{ref(Res + "Part00"), obj("type", "object", "properties", obj("extra", str(lorem)))})
		schemas[Res+"Page"] = obj("type", "object", "required", []any{"items"}, "properties", obj(
			"items", obj("type", "array", "items", ref(Res)), "next_page_token", obj("type", "string")))
		if r%7 == 0 {
			schemas[Res+"Event"] = obj("oneOf", []any{ref(Res + "Created"), ref(Res + "Deleted")},
				"discriminator", obj("propertyName", "kind", "mapping", obj("created", "#/components/schemas/"+Res+"Created", "deleted", "#/components/schemas/"+Res+"Deleted")))
			schemas[Res+"Created"] = obj("type", "object", "required", []any{"kind", "item"}, "properties", obj("kind", obj("type", "string"), "item", ref(Res)))
			schemas[Res+"Deleted"] = obj("type", "object", "required", []any{"kind", "id"}, "properties", obj("kind", obj("type", "string"), "id", obj("type", "string")))
			schemas[Res+"Ref"] = obj("oneOf", []any{obj("type", "string"), ref(Res + "Part01")})
		}
		errResp := obj("description", "An error.", "content", obj("application/json", obj("schema", ref("Error"))))
		jsonBody := func(schema map[string]any) map[string]any {
			return obj("required", true, "content", obj("application/json", obj("schema", schema)))
		}
		okResp := func(schema map[string]any) map[string]any {
			return obj("description", "OK. "+lorem, "content", obj("application/json", obj("schema", schema)))
		}
		idParam := obj("name", "id", "in", "path", "required", true, "schema", obj("type", "string"))
		paths["/"+res] = obj(
			"parameters", []any{},
			"get", obj("operationId", "list"+Res, "tags", []any{res}, "summary", "List "+res, "description", lorem,
				"parameters", []any{
					obj("name", "page_token", "in", "query", "schema", obj("type", "string")),
					obj("name", "page_size", "in", "query", "schema", obj("type", "integer", "default", 50)),
					obj("name", "state", "in", "query", "schema", obj("type", "array", "items", obj("type", "string", "enum", []any{"pending", "active"}))),
					obj("name", "filter", "in", "query", "style", "deepObject", "explode", true, "schema", obj("type", "object", "properties", obj("name", obj("type", "string"), "min_count", obj("type", "integer")))),
				},
				"responses", obj("200", okResp(ref(Res+"Page")), "default", errResp)),
			"post", obj("operationId", "create"+Res, "tags", []any{res}, "description", lorem,
				"requestBody", jsonBody(ref(Res+"Part00")),
				"responses", obj("201", okResp(ref(Res)), "default", errResp)),
		)
		paths["/"+res+"/{id}"] = obj(
			"parameters", []any{idParam},
			"get", obj("operationId", "get"+Res, "tags", []any{res}, "description", lorem,
				"responses", obj("200", okResp(ref(Res)), "404", errResp)),
			"patch", obj("operationId", "update"+Res, "tags", []any{res}, "description", lorem,
				"requestBody", jsonBody(obj("type", "object", "properties", obj("name", obj("type", "string"), "state", obj("type", "string", "nullable", true)))),
				"responses", obj("200", okResp(ref(Res)), "default", errResp)),
			"delete", obj("operationId", "delete"+Res, "tags", []any{res}, "description", lorem,
				"responses", obj("204", obj("description", "Deleted."), "default", errResp)),
		)
	}
	return obj(
		"openapi", "3.0.3",
		"info", obj("title", "Large API", "version", "1.0.0", "description", "A synthesized spec. "+lorem),
		"servers", []any{obj("url", "https://large.example.com/v1")},
		"tags", tags,
		"paths", paths,
		"components", obj("schemas", schemas, "securitySchemes", obj("bearer", obj("type", "http", "scheme", "bearer"))),
		"security", []any{obj("bearer", []any{})},
	)
}
