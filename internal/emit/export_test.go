package emit

import "go/token"

// FormatForTest exposes format to the external tests.
func FormatForTest(name string, src []byte) ([]byte, error) {
	g := &generator{opts: Options{Fset: token.NewFileSet()}}
	out, _, err := g.format(name, src)
	return out, err
}
