package emit

// The standard-library packages generated code imports, declared once.
const (
	pkgBytes   = "bytes"
	pkgContext = "context"
	pkgJSON    = "encoding/json"
	pkgFmt     = "fmt"
	pkgErrors  = "errors"
	pkgHTTP    = "net/http"
	pkgIter    = "iter"
	pkgIO      = "io"
	pkgOS      = "os"
	pkgStrconv = "strconv"
	pkgStrings = "strings"
	pkgTime    = "time"
)

// generatedImports are the constants above, for StdImports.
var generatedImports = []string{pkgBytes, pkgContext, pkgJSON, pkgFmt, pkgErrors, pkgHTTP, pkgIter, pkgIO, pkgOS, pkgStrconv, pkgStrings, pkgTime}
