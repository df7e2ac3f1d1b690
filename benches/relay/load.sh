#!/usr/bin/env bash
# Load benchmark of cairn-relay on loopback (BENCHMARKS.md, "Relay load (issue 6)").
#
#   benches/relay/load.sh            # 20 s of uploads, then 20 s of fetches
#   DURATION=60s CONNECTIONS=64 benches/relay/load.sh
#   RELAY_BIN=/path/to/cairn-relay benches/relay/load.sh
#
# Starts a release build of the relay on 127.0.0.1 with rate limits off and a fresh
# store under $STORE_PARENT (default: /var/tmp, a real disk, since uploads are fsynced),
# runs wrk (Debian package `wrk`) against it, and stops it. Traffic stays on loopback.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
duration=${DURATION:-20s}
connections=${CONNECTIONS:-32}
threads=${THREADS:-2}
command -v wrk >/dev/null || { echo "load.sh: wrk is missing (apt-get install wrk)"; exit 1; }

export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/cairn-target}
bin=${RELAY_BIN:-$CARGO_TARGET_DIR/release/cairn-relay}
# RELAY_BIN=path skips the build (to measure a binary built earlier).
[ -n "${RELAY_BIN:-}" ] || cargo build --release -q -p cairn-relay --manifest-path "$root/Cargo.toml"
work=$(mktemp -d "${STORE_PARENT:-/var/tmp}/cairn-relay-bench.XXXXXX")
"$bin" --listen 127.0.0.1:0 --store "$work/store" \
  --viewer "$work/no-viewer" --rate-limit 0 --upload-rate-limit 0 \
  >"$work/stdout" 2>"$work/log" &
pid=$!
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 100); do
  grep -q "listening on" "$work/stdout" && break
  sleep 0.1
done
base=$(sed -n 's/^cairn-relay listening on //p' "$work/stdout")
[ -n "$base" ] || { cat "$work/log"; exit 1; }

echo "== upload: 10 KB blobs, $connections connections, $duration"
wrk -t"$threads" -c"$connections" -d"$duration" --latency -s "$root/benches/relay/upload.lua" "$base/api/shares"
echo "stored shares: $(find "$work/store/shares" -name '*.blob' | wc -l)"

head -c 10240 /dev/urandom >"$work/blob"
id=$(curl -sf --data-binary @"$work/blob" -H 'Content-Type: application/octet-stream' \
  "$base/api/shares" | sed -n 's/.*"id":"\([^"]*\)".*/\1/p')
echo "== fetch: one 10 KB share, $connections connections, $duration"
wrk -t"$threads" -c"$connections" -d"$duration" --latency "$base/api/shares/$id"
