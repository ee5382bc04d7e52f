// Package gogenerate is an example module whose API clients orygen
// generates from go generate: "go generate ./..." after a spec changes,
// and "orygen -config orygen.yaml -check" in CI to fail when someone
// forgot.
//
// A real module pins orygen with a requirement (go get -tool
// github.com/orygen/orygen/cmd/orygen, then "go tool orygen -config
// orygen.yaml"). This example lives inside orygen's repository and has no
// requirements, so the directive is documentation here: orygen's tests
// run the same command in-process (TestGoGenerateExample), and "make
// check-generate" runs it from the repository root.
package gogenerate

//go:generate go run github.com/orygen/orygen/cmd/orygen -config orygen.yaml
