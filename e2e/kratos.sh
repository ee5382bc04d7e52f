#!/usr/bin/env bash
# End-to-end harness: a real Ory Kratos server on loopback for the tests in this directory.
#
#   e2e/kratos.sh build   build the server once into the cache (no-op when the binary exists)
#   e2e/kratos.sh start   build if needed, write config + identity schema, start, wait until ready
#   e2e/kratos.sh stop    stop the server started by `start` (by its recorded PID)
#   e2e/kratos.sh test    build, start, run `go test -tags e2e ./e2e`, stop whatever happens
#
# The binary is cached outside the repository, in $ORYGEN_E2E_CACHE (default
# $HOME/.cache/orygen-e2e/kratos-<version>), and rebuilt only when missing. The server runs with
# DSN=memory, so every start is a fresh database.
#
# When the server cannot be built or started, `test` skips with the reason (exit 0), unless
# ORYGEN_E2E_REQUIRE=1 or CI is set, in which case it fails.
set -euo pipefail

KRATOS_VERSION=${KRATOS_VERSION:-v1.3.1}
CACHE=${ORYGEN_E2E_CACHE:-${HOME:-/tmp}/.cache/orygen-e2e/kratos-$KRATOS_VERSION}
BIN=$CACHE/kratos
RUN=${ORYGEN_E2E_RUN:-$CACHE/run}
PUBLIC_PORT=${KRATOS_PUBLIC_PORT:-4433}
ADMIN_PORT=${KRATOS_ADMIN_PORT:-4434}
PUBLIC_URL=http://127.0.0.1:$PUBLIC_PORT
ADMIN_URL=http://127.0.0.1:$ADMIN_PORT
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
export PATH="/usr/local/go/bin:$PATH"

log() { printf 'e2e/kratos: %s\n' "$*" >&2; }

# A reason why the server cannot be used; `test` turns it into a skip or a failure.
unavailable() {
  if [ -n "${ORYGEN_E2E_REQUIRE:-}" ] || [ -n "${CI:-}" ]; then
    log "FAIL: $*"
    exit 1
  fi
  log "SKIP: the end-to-end tests against Kratos $KRATOS_VERSION did not run: $*"
  log "      (set ORYGEN_E2E_REQUIRE=1 to make this an error)"
  exit 0
}

need_tools() {
  command -v go >/dev/null || { echo "go is not installed"; return 1; }
  command -v curl >/dev/null || { echo "curl is not installed"; return 1; }
  if ! command -v gcc >/dev/null; then
    # Kratos needs cgo (sqlite). Install a compiler only where we are allowed to.
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      log "installing gcc and libc6-dev"
      { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gcc libc6-dev; } >&2 ||
        { echo "gcc is missing and apt-get could not install it"; return 1; }
    else
      echo "gcc is missing (Kratos needs cgo) and cannot be installed here"
      return 1
    fi
  fi
}

# build: Kratos' go.mod has replace directives, so `go install ...@version` is refused; build inside
# a writable copy of the module downloaded from the proxy, where those replaces apply.
build() {
  if [ -x "$BIN" ]; then return 0; fi
  local why
  why=$(need_tools) || { echo "$why"; return 1; }
  mkdir -p "$CACHE"
  (
    # One build at a time per cache; a second caller waits and then finds the binary.
    flock 9 2>/dev/null || true
    if [ -x "$BIN" ]; then exit 0; fi
    export GOTOOLCHAIN=local GOFLAGS=-buildvcs=false CGO_ENABLED=1
    local start dir src
    start=$(date +%s)
    log "building Kratos $KRATOS_VERSION into $BIN (first time only; about 6 minutes on 2 cores)"
    local info
    info=$(go mod download -json "github.com/ory/kratos@$KRATOS_VERSION" 2>&1) || true
    dir=$(printf '%s\n' "$info" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
    if [ -z "$dir" ] || [ ! -d "$dir" ]; then
      log "go mod download github.com/ory/kratos@$KRATOS_VERSION failed:"
      printf '%s\n' "$info" | grep -i error >&2 || printf '%s\n' "$info" | tail -5 >&2
      exit 1
    fi
    src=$CACHE/src
    rm -rf "$src"
    cp -r "$dir" "$src"
    chmod -R u+w "$src"
    (cd "$src" && go build -tags sqlite \
      -ldflags "-X github.com/ory/kratos/driver/config.Version=$KRATOS_VERSION -X github.com/ory/kratos/driver/config.Commit=module-proxy" \
      -o "$BIN.tmp" .) >&2 || { log "go build failed"; exit 1; }
    mv "$BIN.tmp" "$BIN"
    rm -rf "$src"
    log "built in $(($(date +%s) - start))s"
  ) 9>"$CACHE/build.lock" || { echo "building Kratos $KRATOS_VERSION failed (see the output above)"; return 1; }
}

write_config() {
  mkdir -p "$RUN"
  cat >"$RUN/identity.schema.json" <<'EOF'
{
  "$id": "https://orygen.invalid/e2e/identity.schema.json",
  "$schema": "http://json-schema.org/draft-07/schema#",
  "title": "E2E person",
  "type": "object",
  "properties": {
    "traits": {
      "type": "object",
      "properties": {
        "email": {
          "type": "string",
          "format": "email",
          "title": "E-Mail",
          "minLength": 3,
          "ory.sh/kratos": {
            "credentials": { "password": { "identifier": true } }
          }
        },
        "name": {
          "type": "object",
          "properties": {
            "first": { "type": "string", "title": "First name" },
            "last": { "type": "string", "title": "Last name" }
          }
        }
      },
      "required": ["email"],
      "additionalProperties": false
    }
  }
}
EOF
  # Every URL points at loopback; recovery, verification and the courier are off, and the
  # password strategy must not call haveibeenpwned.
  local ui=http://127.0.0.1:4455
  cat >"$RUN/kratos.yml" <<EOF
version: $KRATOS_VERSION
dsn: memory
serve:
  public:
    base_url: $PUBLIC_URL/
    host: 127.0.0.1
    port: $PUBLIC_PORT
    cors: { enabled: false }
  admin:
    base_url: $ADMIN_URL/
    host: 127.0.0.1
    port: $ADMIN_PORT
selfservice:
  default_browser_return_url: $ui/
  allowed_return_urls: [ $ui ]
  methods:
    password:
      enabled: true
      config:
        haveibeenpwned_enabled: false
  flows:
    error: { ui_url: $ui/error }
    settings: { ui_url: $ui/settings, privileged_session_max_age: 15m }
    recovery: { enabled: false, ui_url: $ui/recovery }
    verification: { enabled: false, ui_url: $ui/verification }
    logout: { after: { default_browser_return_url: $ui/login } }
    login: { ui_url: $ui/login, lifespan: 10m }
    registration:
      ui_url: $ui/registration
      lifespan: 10m
      after:
        password:
          hooks:
            - hook: session
log: { level: info, format: text }
secrets:
  cookie: [ orygen-e2e-cookie-secret-not-secret ]
  cipher: [ orygen-e2e-cipher-32-bytes-long! ]
ciphers: { algorithm: xchacha20-poly1305 }
hashers: { algorithm: bcrypt, bcrypt: { cost: 4 } }
identity:
  default_schema_id: default
  schemas:
    - id: default
      url: file://$RUN/identity.schema.json
courier:
  smtp: { connection_uri: "smtp://127.0.0.1:1025/?disable_starttls=true" }
feature_flags: { use_continue_with_transitions: true }
EOF
}

ready() {
  curl -fs -o /dev/null "$PUBLIC_URL/health/ready" && curl -fs -o /dev/null "$ADMIN_URL/admin/health/ready"
}

# ours PID: PID is alive and is the Kratos binary of this harness (not a
# recycled PID of some other process).
ours() {
  [ -n "$1" ] && kill -0 "$1" 2>/dev/null && [ "$(readlink "/proc/$1/exe" 2>/dev/null || echo "$BIN")" = "$BIN" ]
}

start() {
  if [ -f "$RUN/kratos.pid" ]; then
    if ours "$(cat "$RUN/kratos.pid")"; then
      log "stopping Kratos left running by an earlier start (pid $(cat "$RUN/kratos.pid"))"
      stop
    else
      rm -f "$RUN/kratos.pid"
    fi
  fi
  if curl -s -o /dev/null "$PUBLIC_URL/health/alive" || curl -s -o /dev/null "$ADMIN_URL/admin/health/alive"; then
    echo "something already listens on 127.0.0.1:$PUBLIC_PORT or :$ADMIN_PORT (set KRATOS_PUBLIC_PORT/KRATOS_ADMIN_PORT)"
    return 1
  fi
  write_config
  local pid t0
  t0=$(date +%s%N)
  DSN=memory SQA_OPT_OUT=true "$BIN" serve -c "$RUN/kratos.yml" --dev --sqa-opt-out >"$RUN/kratos.log" 2>&1 &
  pid=$!
  echo "$pid" >"$RUN/kratos.pid"
  for _ in $(seq 1 240); do
    if ready; then
      log "Kratos $KRATOS_VERSION ready in $((($(date +%s%N) - t0) / 1000000))ms, pid $pid, public $PUBLIC_URL, admin $ADMIN_URL, log $RUN/kratos.log"
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$RUN/kratos.pid"
      tail -40 "$RUN/kratos.log" >&2
      echo "Kratos exited during start-up (log above, $RUN/kratos.log)"
      return 1
    fi
    sleep 0.25
  done
  tail -40 "$RUN/kratos.log" >&2
  stop
  echo "Kratos was not ready after 60s"
  return 1
}

stop() {
  [ -f "$RUN/kratos.pid" ] || return 0
  local pid
  pid=$(cat "$RUN/kratos.pid")
  if ours "$pid"; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    if kill -0 "$pid" 2>/dev/null; then
      log "pid $pid ignored SIGTERM for 10s; sending SIGKILL"
      kill -9 "$pid" 2>/dev/null || true
    fi
    log "stopped Kratos (pid $pid)"
  fi
  rm -f "$RUN/kratos.pid"
}

run_tests() {
  local why t0 rc=0
  t0=$(date +%s)
  why=$(build) || unavailable "$why"
  log "build step: $(($(date +%s) - t0))s"
  TEST_PID=
  trap stop EXIT
  # On a signal, end the tests too; the EXIT trap then stops the server.
  trap 'log "interrupted"; [ -z "$TEST_PID" ] || kill "$TEST_PID" 2>/dev/null; exit 130' INT TERM
  why=$(start) || unavailable "$why"
  t0=$(date +%s)
  # In the background and waited for, so that a signal is handled at once.
  ORYGEN_E2E_KRATOS=$PUBLIC_URL ORYGEN_E2E_KRATOS_ADMIN=$ADMIN_URL \
    go -C "$ROOT" test -tags e2e -count=1 ${ORYGEN_E2E_GOTEST_FLAGS:--v} ./e2e/... &
  TEST_PID=$!
  wait "$TEST_PID" || rc=$?
  TEST_PID=
  log "tests: $(($(date +%s) - t0))s, exit status $rc"
  if [ "$rc" != 0 ]; then
    log "last lines of the server log ($RUN/kratos.log):"
    tail -20 "$RUN/kratos.log" >&2 || true
  fi
  return "$rc"
}

case "${1:-}" in
build) why=$(build) || { log "$why"; exit 1; } ;;
start)
  why=$(build) || { log "$why"; exit 1; }
  why=$(start) || { log "$why"; exit 1; }
  ;;
stop) stop ;;
test) run_tests ;;
*)
  echo "usage: $0 build|start|stop|test" >&2
  exit 2
  ;;
esac
