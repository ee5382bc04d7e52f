// Package codecfuzz checks the generated JSON codecs against encoding/json.
// Its test generates each spec twice into a temporary module: with codecs
// (package codec) and with ReflectJSON (package refl, the output from
// before the codecs, where encoding/json's reflection does the work). A
// fuzz target per spec then decodes every input into the same type of
// both packages and demands the same decision, the same value and
// byte-for-byte the same encoding; testdata/oracle is the harness they
// share. make test runs the seed corpus; make fuzz fuzzes for
// ORYGEN_CODEC_FUZZTIME per spec.
package codecfuzz
