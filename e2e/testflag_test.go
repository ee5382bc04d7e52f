//go:build e2e

package e2e

// go test ./... -update passes -update to every package.
import _ "github.com/orygen/orygen/internal/testflag"
