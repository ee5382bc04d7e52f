package oracle

import (
	"os"
	"path/filepath"
	"testing"
)

func TestSpecsDebug(t *testing.T) {
	specs, _ := filepath.Glob(os.Getenv("ORACLE_GLOB"))
	for _, s := range specs {
		rep, err := Run(s, Options{})
		if err != nil {
			t.Errorf("%s: %v", s, err)
			continue
		}
		t.Logf("%s: %d types, %d instances, %d invalid, gen %s, check %s", s, len(rep.Types), rep.Instances, rep.Invalid, rep.Generate, rep.Check)
		for _, sk := range rep.Skipped() {
			t.Logf("  skipped %s", sk)
		}
		for _, ty := range rep.Types {
			for _, inv := range ty.Invalid {
				t.Logf("  invalid %s: %s", ty.Name, inv)
			}
		}
		for _, l := range rep.Losses() {
			t.Logf("  LOSS %s\n     in:  %s\n     out: %s", l, l.Input, l.Output)
		}
	}
}
