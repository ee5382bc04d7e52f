package main

import (
	"bytes"
	"encoding/json"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	yaml "github.com/oasdiff/yaml3"

	"github.com/orygen/orygen/internal/apidiff"
	"github.com/orygen/orygen/internal/emit"
	"github.com/orygen/orygen/internal/pipeline"
	"github.com/orygen/orygen/internal/udiff"
)

// shuffledSpec writes a copy of the spec at src, under the same base name
// in a new temporary directory, with the keys of every mapping in an order
// chosen by seed (sequences keep theirs: their order means something).
// edit, if not nil, changes the document before it is shuffled. A JSON
// spec is written as JSON, a YAML one as YAML.
func shuffledSpec(t *testing.T, src string, seed uint64, edit func(root *yaml.Node)) string {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(readTestFile(t, src)), &doc); err != nil {
		t.Fatal(err)
	}
	if edit != nil {
		edit(doc.Content[0])
	}
	shuffleNode(&doc, rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)))
	var buf bytes.Buffer
	if filepath.Ext(src) == ".json" {
		writeNodeJSON(t, &buf, &doc)
	} else {
		enc := yaml.NewEncoder(&buf)
		enc.SetIndent(2)
		if err := enc.Encode(&doc); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(t.TempDir(), filepath.Base(src))
	writeTestFile(t, out, buf.String())
	if buf.String() == readTestFile(t, src) {
		t.Fatalf("shuffling %s changed nothing", src)
	}
	return out
}

func shuffleNode(n *yaml.Node, r *rand.Rand) {
	if n.Kind == yaml.MappingNode {
		pairs := len(n.Content) / 2
		r.Shuffle(pairs, func(i, j int) {
			n.Content[2*i], n.Content[2*j] = n.Content[2*j], n.Content[2*i]
			n.Content[2*i+1], n.Content[2*j+1] = n.Content[2*j+1], n.Content[2*i+1]
		})
	}
	for _, c := range n.Content {
		shuffleNode(c, r)
	}
}

func writeNodeJSON(t *testing.T, b *bytes.Buffer, n *yaml.Node) {
	t.Helper()
	str := func(s string) {
		data, _ := json.Marshal(s)
		b.Write(data)
	}
	switch n.Kind {
	case yaml.DocumentNode:
		writeNodeJSON(t, b, n.Content[0])
	case yaml.AliasNode:
		writeNodeJSON(t, b, n.Alias)
	case yaml.MappingNode:
		b.WriteByte('{')
		for i := 0; i < len(n.Content); i += 2 {
			if i > 0 {
				b.WriteByte(',')
			}
			str(n.Content[i].Value)
			b.WriteByte(':')
			writeNodeJSON(t, b, n.Content[i+1])
		}
		b.WriteByte('}')
	case yaml.SequenceNode:
		b.WriteByte('[')
		for i, c := range n.Content {
			if i > 0 {
				b.WriteByte(',')
			}
			writeNodeJSON(t, b, c)
		}
		b.WriteByte(']')
	case yaml.ScalarNode:
		switch n.Tag {
		case "!!str":
			str(n.Value)
		case "!!null":
			b.WriteString("null")
		case "!!int", "!!float", "!!bool":
			b.WriteString(n.Value)
		default:
			t.Fatalf("scalar %q tagged %s", n.Value, n.Tag)
		}
	}
}

// yamlGet returns the value of key in mapping n, failing the test if absent.
func yamlGet(t *testing.T, n *yaml.Node, path ...string) *yaml.Node {
	t.Helper()
	for _, key := range path {
		var next *yaml.Node
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == key {
				next = n.Content[i+1]
			}
		}
		if next == nil {
			t.Fatalf("no key %q", key)
		}
		n = next
	}
	return n
}

// yamlSet adds key: value (YAML text) to mapping n.
func yamlSet(t *testing.T, n *yaml.Node, key, value string) {
	t.Helper()
	var v yaml.Node
	if err := yaml.Unmarshal([]byte(value), &v); err != nil {
		t.Fatal(err)
	}
	n.Content = append(n.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key}, v.Content[0])
}

// yamlAppend adds an item (YAML text) to sequence n.
func yamlAppend(t *testing.T, n *yaml.Node, value string) {
	t.Helper()
	var v yaml.Node
	if err := yaml.Unmarshal([]byte(value), &v); err != nil {
		t.Fatal(err)
	}
	n.Content = append(n.Content, v.Content[0])
}

// generatedAPI is the Go API of the package generated from spec.
func generatedAPI(t *testing.T, spec string) *apidiff.API {
	t.Helper()
	api, err := readAPI(spec, pipeline.Target{}, true, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	return api
}

// TestNamesStable: a spec that only reorders things and adds some (a
// schema, operations in an existing and a new tag, an enum value, a
// property, a query parameter) generates a package whose API only gains
// names: nothing already there is renamed, removed or changed.
func TestNamesStable(t *testing.T) {
	src := filepath.Join(own, "features.yaml")
	grown := shuffledSpec(t, src, 7, func(root *yaml.Node) {
		schemas := yamlGet(t, root, "components", "schemas")
		yamlSet(t, schemas, "aviary", `
type: object
required: [id]
properties:
  id: {type: string}
  birds: {type: array, items: {$ref: '#/components/schemas/animal'}}
  climate: {type: string, enum: [warm, cold]}`)
		yamlSet(t, yamlGet(t, schemas, "animal", "properties"), "aviary_id", `{type: string}`)
		yamlAppend(t, yamlGet(t, schemas, "species", "enum"), `eagle`)
		yamlAppend(t, yamlGet(t, root, "paths", "/animals", "get", "parameters"), `{name: aviary, in: query, schema: {type: string}}`)
		yamlSet(t, yamlGet(t, root, "paths"), "/aviaries", `
get:
  operationId: listAviaries
  tags: [animals]
  parameters:
    - {name: climate, in: query, schema: {type: string, enum: [warm, cold]}}
  responses:
    '200':
      description: Aviaries.
      content:
        application/json:
          schema: {type: array, items: {$ref: '#/components/schemas/aviary'}}`)
		yamlSet(t, yamlGet(t, root, "paths"), "/birds/{id}", `
get:
  operationId: getBird
  tags: [birds]
  parameters:
    - {name: id, in: path, required: true, schema: {type: string}}
  responses:
    '200':
      description: A bird.
      content:
        application/json:
          schema: {$ref: '#/components/schemas/animal'}`)
	})
	rep := apidiff.Compare(generatedAPI(t, src), generatedAPI(t, grown))
	for _, c := range rep.Changes {
		if c.Kind != apidiff.Added {
			t.Errorf("%s", c)
		}
	}
	added := map[string]bool{}
	for _, c := range rep.Changes {
		added[c.Object.Kind.String()+" "+c.Object.Name] = true
	}
	for _, want := range []string{
		"type Aviary", "type AviaryClimate", "const SpeciesEagle", "field Animal.AviaryID",
		"field ListAnimalsParams.Aviary", "method AnimalsService.ListAviaries",
		"method AnimalsAPI.ListAviaries", "type BirdsService", "field Client.Birds",
	} {
		if !added[want] {
			t.Errorf("not reported as added: %s", want)
		}
	}
	if t.Failed() {
		t.Logf("changes:\n%s", rep)
	}
}

// TestDeterministicAcrossOrderAndProcs: the same bytes whatever the order
// of the spec's keys and however many threads run.
func TestDeterministicAcrossOrderAndProcs(t *testing.T) {
	for _, src := range []string{filepath.Join(own, "features.yaml"), filepath.Join(shared, "kratos-v26.2.0.json")} {
		t.Run(filepath.Base(src), func(t *testing.T) {
			want, _, err := build(src, "p", false)
			if err != nil {
				t.Fatal(err)
			}
			compare := func(what string, got []emit.File) {
				t.Helper()
				if len(got) != len(want) {
					t.Fatalf("%s: %d files, want %d", what, len(got), len(want))
				}
				for i := range got {
					if got[i].Name != want[i].Name || !bytes.Equal(got[i].Data, want[i].Data) {
						t.Errorf("%s: %s differs:\n%s", what, want[i].Name,
							udiff.Diff(want[i].Name, got[i].Name, string(want[i].Data), string(got[i].Data)))
					}
				}
			}
			func() {
				defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
				got, _, err := build(src, "p", false)
				if err != nil {
					t.Fatal(err)
				}
				compare("GOMAXPROCS=1", got)
			}()
			for _, seed := range []uint64{1, 2, 3} {
				got, _, err := build(shuffledSpec(t, src, seed, nil), "p", false)
				if err != nil {
					t.Fatal(err)
				}
				compare("shuffled", got)
			}
		})
	}
}

const goGenerateDir = "../../testdata/gogenerate"

// TestGoGenerateExample: the committed output of the go:generate example
// module is what its config generates (what CI's -check asserts), and the
// module builds. With -update, it is regenerated.
func TestGoGenerateExample(t *testing.T) {
	cfg := filepath.Join(goGenerateDir, "orygen.yaml")
	if *update {
		if code, _, stderr := runCLI(t, "-config", cfg); code != 0 {
			t.Fatalf("exit %d\n%s", code, stderr)
		}
		return
	}
	if !strings.Contains(readTestFile(t, filepath.Join(goGenerateDir, "gen.go")), "//go:generate go run github.com/orygen/orygen/cmd/orygen -config orygen.yaml\n") {
		t.Errorf("gen.go lacks the go:generate directive")
	}
	code, stdout, stderr := runCLI(t, "-config", cfg, "-check")
	if code != 0 {
		t.Fatalf("the go:generate example is stale (run make golden, or go test ./cmd/orygen -run TestGoGenerateExample -update):\n%s%s", stdout, stderr)
	}
	if testing.Short() {
		return
	}
	for _, args := range [][]string{{"build", "./..."}, {"vet", "./..."}} {
		cmd := exec.Command("go", args...)
		cmd.Dir = goGenerateDir
		cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOTOOLCHAIN=local")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go %s in %s: %v\n%s", strings.Join(args, " "), goGenerateDir, err, out)
		}
	}
}

// TestGoGenerateExampleContribOtel: the client contrib/otel's tests use,
// generated into that module (so that it requires nothing of orygen's and
// installs outside this repository), is what orygen generates now; -update
// rewrites it. Its name keeps it in make golden's -run pattern.
func TestGoGenerateExampleContribOtel(t *testing.T) {
	cfg := filepath.Join("..", "..", "contrib", "otel", "orygen.yaml")
	if *update {
		if code, _, stderr := runCLI(t, "-config", cfg); code != 0 {
			t.Fatalf("exit %d\n%s", code, stderr)
		}
		return
	}
	if code, stdout, stderr := runCLI(t, "-config", cfg, "-check"); code != 0 {
		t.Fatalf("contrib/otel/internal/features is stale (run make golden, or go test ./cmd/orygen -run TestGoGenerateExample -update):\n%s%s", stdout, stderr)
	}
}
