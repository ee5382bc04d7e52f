package codecfuzz

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/orygen/orygen/internal/ir"
	"github.com/orygen/orygen/internal/pipeline"
	_ "github.com/orygen/orygen/internal/testflag"
)

const shared = "../../../shared"

// specs are generated both ways; Ory's are seeded with the recorded
// Kratos responses.
var specs = []struct {
	dir, spec string
	ory       bool
}{
	{"features", "../../specs/features.yaml", false},
	{"unions", "../../specs/unions.yaml", false},
	{"wire", "../../specs/wire.yaml", false},
	{"openapi31", "../../specs/openapi31.yaml", false},
	{"kratos", shared + "/specs/ory/kratos-v1.3.1.json", true},
	{"client", shared + "/specs/ory/client-v1.22.40.json", true},
}

// TestCodecsMatchReflection runs every spec's fuzz target over its seed
// corpus, or fuzzes each for ORYGEN_CODEC_FUZZTIME (make fuzz).
func TestCodecsMatchReflection(t *testing.T) {
	if testing.Short() {
		t.Skip("builds six pairs of generated packages")
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	mod := t.TempDir()
	if keep := os.Getenv("ORYGEN_CODEC_KEEP"); keep != "" {
		// The module outlives the test, to rerun or fuzz it by hand.
		mod = keep
		if err := os.MkdirAll(mod, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	goLine := goVersionLine(t)
	write(t, filepath.Join(mod, "go.mod"), []byte("module fuzzmod\n\n"+goLine+"\n"))
	oracle, err := os.ReadFile("testdata/oracle/oracle.go")
	if err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(mod, "oracle", "oracle.go"), oracle)

	samples, err := filepath.Abs(filepath.Join(shared, "kratos", "samples"))
	if err != nil {
		t.Fatal(err)
	}
	_, sharedErr := os.Stat(shared)
	var dirs []string
	for _, s := range specs {
		if s.ory && sharedErr != nil {
			if os.Getenv("CI") != "" || os.Getenv("ORYGEN_REQUIRE_SHARED") != "" {
				t.Fatalf("%s: %v (CI or ORYGEN_REQUIRE_SHARED is set)", s.spec, sharedErr)
			}
			t.Logf("skipping %s: %v", s.dir, sharedErr)
			continue
		}
		sampleDir := ""
		if s.ory {
			sampleDir = samples
		}
		generate(t, mod, s.dir, s.spec, sampleDir)
		dirs = append(dirs, s.dir)
	}

	run := func(dir string, args ...string) {
		t.Helper()
		start := time.Now()
		cmd := exec.Command(goBin, args...)
		cmd.Dir = dir
		// No network: the module needs only the standard library.
		cmd.Env = append(os.Environ(), "GOFLAGS=", "GOWORK=off", "GOPROXY=off", "GOTOOLCHAIN=local")
		out, err := cmd.CombinedOutput()
		t.Logf("go %s in %s: %s", strings.Join(args, " "), filepath.Base(dir), time.Since(start).Round(time.Millisecond))
		if err != nil {
			t.Errorf("go %s in %s: %v\n%s%s", strings.Join(args, " "), dir, err, out, failingInputs(dir))
		}
	}
	if fuzztime := os.Getenv("ORYGEN_CODEC_FUZZTIME"); fuzztime != "" {
		for _, d := range dirs {
			run(filepath.Join(mod, d), "test", "-run", "^$", "-fuzz", "^FuzzCodecs$", "-fuzztime", fuzztime, ".")
		}
		return
	}
	run(mod, "test", "-run", "^FuzzCodecs$", "./...")
}

// failingInputs shows the inputs a fuzzing run wrote, which go with the
// temporary module.
func failingInputs(dir string) string {
	files, _ := filepath.Glob(filepath.Join(dir, "testdata", "fuzz", "FuzzCodecs", "*"))
	var b strings.Builder
	for _, f := range files {
		data, _ := os.ReadFile(f)
		fmt.Fprintf(&b, "\nfailing input %s:\n%s", filepath.Base(f), data)
	}
	return b.String()
}

// goVersionLine is the main module's go line.
func goVersionLine(t *testing.T) string {
	data, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	line := regexp.MustCompile(`(?m)^go \S+$`).Find(data)
	if line == nil {
		t.Fatal("no go line in go.mod")
	}
	return string(line)
}

func write(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// generate writes the spec's two packages and its harness under mod/dir.
func generate(t *testing.T, mod, dir, spec, samples string) {
	t.Helper()
	var api *ir.API
	for _, reflect := range []bool{false, true} {
		pkg := "codec"
		if reflect {
			pkg = "refl"
		}
		res, err := pipeline.Generate(pipeline.Target{Spec: spec, Package: pkg, ReflectJSON: reflect})
		if err != nil {
			t.Fatalf("%s: %v", spec, err)
		}
		if !reflect {
			api = res.API
		}
		out := filepath.Join(mod, dir, pkg)
		for _, f := range res.Files {
			// The examples would only lengthen the build.
			if strings.HasSuffix(f.Name, ".go") && !strings.HasSuffix(f.Name, "_test.go") {
				write(t, filepath.Join(out, f.Name), f.Data)
			}
		}
	}
	names := decodable(t, filepath.Join(mod, dir, "codec"))
	if len(names) == 0 {
		t.Fatalf("%s: no type has a generated codec", spec)
	}
	write(t, filepath.Join(mod, dir, "harness_test.go"), harness(dir, names, api, samples))
}

// decodable are the types of the package in dir with a decodeJSON or
// encodeJSON method on their pointer (a type may have one half only).
func decodable(t *testing.T, dir string) []string {
	t.Helper()
	fset := token.NewFileSet()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, file := range files {
		f, err := parser.ParseFile(fset, file, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Name.Name != "decodeJSON" && fn.Name.Name != "encodeJSON" || fn.Recv == nil || len(fn.Recv.List) != 1 {
				continue
			}
			if star, ok := fn.Recv.List[0].Type.(*ast.StarExpr); ok {
				if id, ok := star.X.(*ast.Ident); ok {
					names = append(names, id.Name)
				}
			}
		}
	}
	sort.Strings(names)
	return slices.Compact(names)
}

// harness is the spec's fuzz target: the table of pairs, with what the
// seeds need to know of the unions.
func harness(dir string, names []string, api *ir.API, samples string) []byte {
	unions := map[string]*ir.Type{}
	for _, t := range api.Types {
		if t.Kind == ir.KindUnion {
			unions[string(t.Name)] = t
		}
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "// Code generated by codecfuzz's test. DO NOT EDIT.\n\npackage %s\n\n", dir)
	fmt.Fprintf(&b, "import (\n\t\"testing\"\n\n\t\"fuzzmod/oracle\"\n\tcodec \"fuzzmod/%s/codec\"\n\trefl \"fuzzmod/%s/refl\"\n)\n\n", dir, dir)
	b.WriteString("var pairs = []oracle.Pair{\n")
	for _, n := range names {
		fmt.Fprintf(&b, "\t{Name: %q, Codec: func() any { return new(codec.%s) }, Refl: func() any { return new(refl.%s) }", n, n, n)
		if u := unions[n]; u != nil {
			if u.Union.Discriminator != "" && !u.Union.Fallback {
				fmt.Fprintf(&b, ", Disc: %q, IntDisc: %v", u.Union.Discriminator, u.Union.IntDiscriminator)
			}
			b.WriteString(", Variants: []oracle.Variant{")
			for _, v := range u.Union.Variants {
				tags := v.Values
				if u.Union.Discriminator == "" || u.Union.Fallback {
					tags = nil
				}
				fmt.Fprintf(&b, "{Tags: %#v, Refl: func() any { return new(refl.%s) }}, ", tags, v.Type)
			}
			b.WriteString("}")
		}
		b.WriteString("},\n")
	}
	b.WriteString("}\n\n")
	fmt.Fprintf(&b, "func FuzzCodecs(f *testing.F) { oracle.Fuzz(f, pairs, %s) }\n", strconv.Quote(samples))
	return b.Bytes()
}
