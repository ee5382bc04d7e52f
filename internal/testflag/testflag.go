// Package testflag declares the -update flag once for every test binary
// of the module, so that `go test ./... -update` works: go test passes the
// flag to every package, and a package that does not know it would fail.
// Test packages import it (blank import if they do not rewrite anything).
package testflag

import "flag"

// Update asks tests to rewrite their golden files instead of comparing.
var Update = flag.Bool("update", false, "rewrite golden files (testdata/golden, the go:generate example) instead of comparing")
