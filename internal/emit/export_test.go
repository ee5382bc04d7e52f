package emit

import (
	"go/token"

	"github.com/orygen/orygen/internal/ir"
)

// FormatForTest exposes format to the external tests.
func FormatForTest(name string, src []byte) ([]byte, error) {
	g := &generator{opts: Options{Fset: token.NewFileSet()}}
	_, f, err := g.format(name, src)
	if err != nil {
		return nil, err
	}
	return g.print(f)
}

// RuntimeForTest returns each runtime file as the generated package gets
// it (for package p) and as format would print it.
func RuntimeForTest() (names []string, got, formatted [][]byte, err error) {
	g := &generator{m: newModel(&ir.API{SpecName: "spec.yaml"}, "p"), opts: Options{Package: "p", Fset: token.NewFileSet()}}
	for _, rf := range runtimeFiles() {
		g.runtime(rf)
	}
	for _, j := range g.jobs {
		data, _, err := j.render()
		if err != nil {
			return nil, nil, nil, err
		}
		_, tree, err := g.format(j.name, data)
		if err != nil {
			return nil, nil, nil, err
		}
		f, err := g.print(tree)
		if err != nil {
			return nil, nil, nil, err
		}
		names, got, formatted = append(names, j.name), append(got, data), append(formatted, f)
	}
	return names, got, formatted, nil
}

// SetKeepDocs turns keepDocs on or off, and returns what undoes it.
func SetKeepDocs(on bool) (undo func()) {
	was := keepDocComments
	keepDocComments = on
	return func() { keepDocComments = was }
}
