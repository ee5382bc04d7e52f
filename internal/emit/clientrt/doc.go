// Package clientrt is the hand-written part of every generated client:
// transport, errors, tri-state values, union and form helpers. The emitter
// copies these files into each generated package (renaming the package),
// because generated code may import only the standard library. Keeping them
// as a real package means they are compiled, tested and fuzzed here.
//
// Files whose names end in _test.go, and this file, are not copied.
package clientrt
