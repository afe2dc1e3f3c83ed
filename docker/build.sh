#!/usr/bin/env bash
# Builds the dief container image without pulling anything.
#
#   docker/build.sh               build the dev-profile binary, then the image
#   docker/build.sh --no-build    use the binary already in $CARGO_TARGET_DIR
#
# Environment: DIEF_IMAGE (default dief:dev), DIEF_BIN (default
# $CARGO_TARGET_DIR/debug/dief), CARGO_TARGET_DIR (default ./target).
#
# The context is assembled in a temporary directory: the binary with its
# debug info stripped, every shared library `ldd` lists (at the path the
# loader will look for it), the loader itself, /etc/passwd and /etc/group
# for the numeric user 10001, and the /data and /exchange directories.
# It uses the dev profile CI already builds (dependencies at opt-level 3):
# a release build of RocksDB's C++ would cost another 13+ minutes.
set -euo pipefail
cd "$(dirname "$0")/.."

IMAGE="${DIEF_IMAGE:-dief:dev}"
TARGET="${CARGO_TARGET_DIR:-$PWD/target}"
BIN="${DIEF_BIN:-$TARGET/debug/dief}"
NODE_UID=10001

if [ "${1:-}" != "--no-build" ]; then
  CARGO_TARGET_DIR="$TARGET" cargo build -p dief-cli --locked
fi
[ -x "$BIN" ] || { echo "build.sh: no dief binary at $BIN" >&2; exit 1; }
docker info >/dev/null 2>&1 || { echo "build.sh: the Docker daemon is not reachable" >&2; exit 1; }

ctx="$(mktemp -d)"
log="$(mktemp)"
trap 'rm -rf "$ctx" "$log"' EXIT
root="$ctx/rootfs"
mkdir -p "$root/usr/local/bin" "$root/etc" "$root/tmp" "$ctx/state/data" "$ctx/state/exchange"
chmod 1777 "$root/tmp"

# Debug info is most of a dev binary; symbols stay for readable backtraces.
objcopy --strip-debug "$BIN" "$root/usr/local/bin/dief"

# Exactly what the loader will resolve: "name => /path (addr)" lines and the
# loader's own "/path (addr)" line; the vDSO has no file.
if ldd "$BIN" | grep -q 'not found'; then
  ldd "$BIN" >&2
  echo "build.sh: a shared library of dief is missing" >&2
  exit 1
fi
libs=$(ldd "$BIN" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }' | sort -u)
[ -n "$libs" ] || { echo "build.sh: ldd listed no libraries" >&2; exit 1; }
for lib in $libs; do
  mkdir -p "$root$(dirname "$lib")"
  cp -L "$lib" "$root$lib"
done

printf 'dief:x:%s:%s:dief node:/data:/nonexistent\n' "$NODE_UID" "$NODE_UID" > "$root/etc/passwd"
printf 'dief:x:%s:\n' "$NODE_UID" > "$root/etc/group"
cp docker/Dockerfile "$ctx/Dockerfile"

commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
previous="$(docker image inspect -f '{{.Id}}' "$IMAGE" 2>/dev/null || true)"
# The classic builder: BuildKit needs the buildx plugin, which is not here.
# Its deprecation notice is noise: the log is shown only if the build fails.
if ! DOCKER_BUILDKIT=0 docker build -q \
  --label "org.opencontainers.image.title=dief" \
  --label "org.opencontainers.image.revision=$commit" \
  --label "dief.binary.sha256=$(sha256sum "$BIN" | cut -d' ' -f1)" \
  -t "$IMAGE" "$ctx" >"$log" 2>&1; then
  cat "$log" >&2
  echo "build.sh: docker build failed" >&2
  exit 1
fi

# The image must at least start its binary: catches a missing library.
docker run --rm --network none "$IMAGE" --version >/dev/null
# Repeated builds (CI on the same machine) would otherwise pile up untagged
# images; one still used by a container is kept (rm refuses it).
current="$(docker image inspect -f '{{.Id}}' "$IMAGE")"
if [ -n "$previous" ] && [ "$previous" != "$current" ]; then
  docker image rm "$previous" >/dev/null 2>&1 || true
fi
size=$(docker image inspect -f '{{.Size}}' "$IMAGE")
echo "built $IMAGE from $BIN ($commit): $((size / 1024 / 1024)) MiB; libraries: $(echo $libs | tr '\n' ' ')"
