package gate

// go test ./... -update passes -update to every package.
import _ "github.com/orygen/orygen/internal/testflag"
