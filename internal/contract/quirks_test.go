package contract

import (
	"sync"
	"testing"
)

// quirk names a place where a spec contradicts itself or HTTP, so that
// the test cannot hold the client to it as written.
type quirk struct {
	spec, operationID, kind string
}

const bodyOn204 = "body on 204"

// quirks is the allow-list. Keep it short: every entry says why, and an
// entry no run needs fails TestQuirksAreUsed.
var quirks = map[quirk]string{
	{"client-v1.22.40", "AdminDeleteImportedAPIKey", bodyOn204}: "declares application/json content (schema {}) for 204 No Content, " +
		"which cannot carry a body: the reply has none, and openapi3filter would reject it for its missing Content-Type",
	{"client-v1.22.40", "AdminRevokeAPIKey", bodyOn204}: "as AdminDeleteImportedAPIKey",
}

var (
	quirksMu   sync.Mutex
	quirksUsed = map[quirk]bool{}
)

// hasQuirk reports whether the allow-list has the entry, and marks it used.
func (o *opCase) hasQuirk(kind string) bool {
	q := quirk{o.e.c.name, o.op.ID, kind}
	if _, ok := quirks[q]; !ok {
		return false
	}
	quirksMu.Lock()
	defer quirksMu.Unlock()
	quirksUsed[q] = true
	return true
}

// TestQuirksAreUsed fails on allow-list entries that no longer match
// anything. It needs TestContract to have run in the same process.
func TestQuirksAreUsed(t *testing.T) {
	if testing.Short() {
		t.Skip("needs TestContract")
	}
	quirksMu.Lock()
	defer quirksMu.Unlock()
	if len(quirksUsed) == 0 {
		t.Skip("TestContract did not run")
	}
	for q, why := range quirks {
		if !quirksUsed[q] {
			t.Errorf("allow-list entry %v is not needed any more (%s)", q, why)
		}
	}
}
