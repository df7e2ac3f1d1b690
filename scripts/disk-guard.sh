#!/usr/bin/env bash
# Makes room for a build before it starts, so a full disk fails nothing halfway.
# A reused target directory grows with every change (old test binaries, incremental
# state); both are rebuilt on demand (the test crates recompile, the dependencies do
# not), so dropping them costs minutes, not results. A full debug build with its tests
# takes about 10 GiB; the viewer's WebAssembly build and the release build more.
# Usage: scripts/disk-guard.sh TARGET_DIR [NEEDED_GIB]
set -euo pipefail
target=${1:?usage: disk-guard.sh TARGET_DIR [NEEDED_GIB]}
needed_gib=${2:-25}
minimum_gib=15
case $needed_gib in '' | *[!0-9]*) echo "disk-guard: NEEDED_GIB must be a whole number, not '$needed_gib'" >&2; exit 2 ;; esac
mkdir -p "$target"

free_gib() {
  local free
  free=$(df -P -BG "$target" | awk 'NR==2 { sub("G", "", $4); print $4 }')
  case $free in '' | *[!0-9]*) echo "disk-guard: cannot read the free space of $target from df" >&2; exit 2 ;; esac
  echo "$free"
}

free=$(free_gib)
echo "disk-guard: $free GiB free for $target (want $needed_gib)"
[ "$free" -ge "$needed_gib" ] && exit 0

# Another cargo using this directory (a second checkout, a CI run) holds its lock:
# deleting under it would break that build, so leave it alone.
if [ -e "$target/debug/.cargo-lock" ] && ! flock -n "$target/debug/.cargo-lock" true; then
  echo "disk-guard: another build is using $target; not cleaning it"
  exit 0
fi

for profile in "$target"/debug "$target"/release; do
  [ -d "$profile" ] || continue
  find "$profile" "$profile"/deps "$profile"/examples -maxdepth 1 -type f -executable -size +10M -delete 2>/dev/null || true
  rm -rf "$profile"/incremental
done
free=$(free_gib)
echo "disk-guard: dropped linked binaries and incremental state: $free GiB free"
[ "$free" -ge "$needed_gib" ] && exit 0

rm -rf "$target"/debug "$target"/release "$target"/wasm32-unknown-unknown
free=$(free_gib)
echo "disk-guard: dropped every cached build: $free GiB free"
if [ "$free" -lt "$minimum_gib" ]; then
  echo "disk-guard: $free GiB free with nothing cached; a full build needs about $minimum_gib" >&2
  exit 1
fi
