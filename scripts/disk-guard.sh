#!/usr/bin/env bash
# Makes room for a build before it starts, so a full disk fails nothing halfway.
# A reused target directory grows with every change (old test binaries, incremental
# state); both are rebuilt on demand, so dropping them costs link time, not results.
# Usage: scripts/disk-guard.sh TARGET_DIR [NEEDED_GIB]
set -euo pipefail
target=${1:?usage: disk-guard.sh TARGET_DIR [NEEDED_GIB]}
needed_gib=${2:-25}
mkdir -p "$target"

free_gib() { df -P -BG "$target" | awk 'NR==2 { sub("G", "", $4); print $4 }'; }

echo "disk-guard: $(free_gib) GiB free for $target (want $needed_gib)"
[ "$(free_gib)" -ge "$needed_gib" ] && exit 0

for profile in "$target"/debug "$target"/release; do
  [ -d "$profile" ] || continue
  find "$profile"/deps "$profile"/examples -maxdepth 1 -type f -executable -size +10M -delete 2>/dev/null || true
  rm -rf "$profile"/incremental
done
echo "disk-guard: dropped linked test binaries and incremental state: $(free_gib) GiB free"
[ "$(free_gib)" -ge "$needed_gib" ] && exit 0

rm -rf "$target"/debug "$target"/release
echo "disk-guard: dropped the cached debug and release builds: $(free_gib) GiB free"
if [ "$(free_gib)" -lt 10 ]; then
  echo "disk-guard: under 10 GiB free even with no cached build; the build will not fit" >&2
  exit 1
fi
