// Package e2e holds end-to-end tests of the generated Kratos v1.3.1 client
// (testdata/golden/kratos-v1.3.1) against a real Ory Kratos v1.3.1 server.
//
// The tests carry the build tag e2e, so a plain `go test ./...` does not run
// them. Run them with
//
//	make e2e
//
// which calls e2e/kratos.sh test: it builds Kratos once from the Go module
// proxy into $HOME/.cache/orygen-e2e (about 6 minutes the first time), starts
// it on 127.0.0.1:4433 (public) and 127.0.0.1:4434 (admin) with DSN=memory,
// runs `go test -tags e2e ./e2e` with ORYGEN_E2E_KRATOS and
// ORYGEN_E2E_KRATOS_ADMIN set, and stops the server whatever happens. Against
// a server of your own:
//
//	e2e/kratos.sh start
//	ORYGEN_E2E_KRATOS=http://127.0.0.1:4433 ORYGEN_E2E_KRATOS_ADMIN=http://127.0.0.1:4434 \
//		go test -tags e2e -count=1 ./e2e
//	e2e/kratos.sh stop
//
// TestUnknownMembersSurvivePUT uses testdata/golden/kratos-v1.3.1-older, the
// same spec without metadata_admin (specs/overlays/kratos-older.yaml): a client
// older than its server, whose read-modify-write must keep what it does not
// know.
//
// Without ORYGEN_E2E_KRATOS the tests skip and say why.
package e2e
