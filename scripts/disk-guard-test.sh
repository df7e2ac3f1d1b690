#!/usr/bin/env bash
# Tests scripts/disk-guard.sh on a throwaway target directory, with real disk space:
# a 3 GiB "test binary" (fallocate) lets the first stage free enough on its own.
set -euo pipefail
guard="$(cd "$(dirname "$0")" && pwd)/disk-guard.sh"
dir=$(mktemp -d "${TMPDIR:-/tmp}/disk-guard-test.XXXXXX")
trap 'rm -rf "$dir"' EXIT
fail() { echo "disk-guard-test: $*" >&2; exit 1; }

make_target() {
  rm -rf "$dir/t"
  mkdir -p "$dir/t/debug/deps" "$dir/t/debug/incremental/x" "$dir/t/wasm32-unknown-unknown"
  fallocate -l 3G "$dir/t/debug/deps/cairn-tests"
  chmod +x "$dir/t/debug/deps/cairn-tests"
  echo rlib >"$dir/t/debug/deps/libcairn_core.rlib"
  touch "$dir/t/debug/.cargo-lock"
}
free_gib() { df -P -BG "$dir" | awk 'NR==2 { sub("G", "", $4); print $4 }'; }

# Enough room: nothing is touched.
make_target
"$guard" "$dir/t" 0 >/dev/null
[ -e "$dir/t/debug/deps/cairn-tests" ] && [ -d "$dir/t/debug/incremental" ] || fail "cleaned with room to spare"

# A bad size is refused before anything is touched.
if "$guard" "$dir/t" lots >/dev/null 2>&1; then fail "accepted NEEDED_GIB 'lots'"; fi
[ -e "$dir/t/debug/deps/cairn-tests" ] || fail "cleaned after refusing a bad size"

# Another cargo holds the lock: nothing is touched, whatever the space.
flock "$dir/t/debug/.cargo-lock" sleep 30 &
holder=$!
sleep 0.5
"$guard" "$dir/t" 100000 | grep -q "another build" || fail "did not notice the held lock"
kill "$holder" 2>/dev/null || true
wait "$holder" 2>/dev/null || true
[ -e "$dir/t/debug/deps/cairn-tests" ] || fail "cleaned a directory another build held"

# Short by one GiB: dropping the test binary and incremental state is enough, and the
# compiled dependencies stay.
make_target
"$guard" "$dir/t" $(($(free_gib) + 1)) >/dev/null
[ ! -e "$dir/t/debug/deps/cairn-tests" ] || fail "kept the test binary"
[ ! -d "$dir/t/debug/incremental" ] || fail "kept incremental state"
[ -e "$dir/t/debug/deps/libcairn_core.rlib" ] || fail "dropped compiled dependencies that were not needed"

# Far short: every cached build goes.
make_target
"$guard" "$dir/t" 100000 >/dev/null
[ ! -d "$dir/t/debug" ] && [ ! -d "$dir/t/wasm32-unknown-unknown" ] || fail "kept cached builds"

echo "disk-guard-test: passed"
