package emit

import (
	"fmt"
	"hash/fnv"
	"strings"
	"unicode"

	"github.com/iancoleman/strcase"

	"github.com/orygen/orygen/internal/ir"
)

// serviceFiles names each service's file service_<name in snake case>.go:
// in ASCII (another letter is written as its code point, so that no file
// system rewrites the name), never ending in a suffix the go command reads
// as a build constraint (_test, _linux, _ios, _arm64...), which would
// leave the service out of the package, and unique even where two
// names make the same snake case.
func serviceFiles(svcs []*ir.Service) map[*ir.Service]string {
	out := map[*ir.Service]string{}
	used := map[string]bool{}
	for _, s := range svcs {
		words := s.Words
		if words == "" {
			words = strcase.ToSnake(string(s.Name))
		}
		base := "service_" + asciiName(words)
		if len(base) > maxFileBase {
			// File systems limit a name to 255 bytes: cut, and keep it
			// unique with a hash of the whole.
			h := fnv.New32a()
			h.Write([]byte(base))
			base = fmt.Sprintf("%s_%08x", base[:maxFileBase-9], h.Sum32())
		}
		parts := strings.Split(base, "_")
		if last := parts[len(parts)-1]; last == "test" || goosGoarch[last] {
			base += "_service"
		}
		name := base + ".go"
		for i := 2; used[name]; i++ {
			name = fmt.Sprintf("%s_%d.go", base, i)
		}
		used[name] = true
		out[s] = name
	}
	return out
}

// maxFileBase keeps service file names well under every file system's
// limit of 255 bytes.
const maxFileBase = 100

func asciiName(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r < unicode.MaxASCII:
			b.WriteRune(unicode.ToLower(r))
		default:
			fmt.Fprintf(&b, "u%04x", r)
		}
	}
	return b.String()
}

// goosGoarch are the operating systems and architectures the go command
// knows in file names (go/build's lists, with the ones it reserves).
var goosGoarch = map[string]bool{}

func init() {
	for _, s := range strings.Fields(`aix android darwin dragonfly freebsd hurd illumos ios js linux nacl netbsd
		openbsd plan9 solaris wasip1 windows zos 386 amd64 amd64p32 arm armbe arm64 arm64be loong64 mips
		mipsle mips64 mips64le mips64p32 mips64p32le ppc ppc64 ppc64le riscv riscv64 s390 s390x sparc
		sparc64 wasm`) {
		goosGoarch[s] = true
	}
}
