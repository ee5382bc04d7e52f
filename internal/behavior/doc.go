// Package behavior tests what generated packages do at run time, using the
// committed golden packages: union decoding and encoding, presence,
// enums, additional properties. (Request/response behaviour against every
// operation is in internal/contract.)
package behavior
