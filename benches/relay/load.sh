#!/usr/bin/env bash
# Load benchmark of cairn-relay on loopback (BENCHMARKS.md, "Relay load (issue 6)").
#
#   benches/relay/load.sh            # 20 s of uploads, then 20 s of fetches
#   DURATION=60s CONNECTIONS=64 benches/relay/load.sh
#   RELAY_BIN=/path/to/cairn-relay benches/relay/load.sh
#
# Starts a release relay on loopback (benches/relay/start.sh), runs wrk (Debian
# package `wrk`) against it, and stops it. Traffic stays on loopback.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
duration=${DURATION:-20s}
connections=${CONNECTIONS:-32}
threads=${THREADS:-2}
command -v wrk >/dev/null || { echo "load.sh: wrk is missing (apt-get install wrk)"; exit 1; }

. "$root/benches/relay/start.sh"

echo "== upload: 10 KB blobs, $connections connections, $duration"
wrk -t"$threads" -c"$connections" -d"$duration" --latency -s "$root/benches/relay/upload.lua" "$base/api/shares"
echo "stored shares: $(find "$work/store/shares" -name '*.blob' | wc -l)"

head -c 10240 /dev/urandom >"$work/blob"
id=$(curl -sf --data-binary @"$work/blob" -H 'Content-Type: application/octet-stream' \
  "$base/api/shares" | sed -n 's/.*"id":"\([^"]*\)".*/\1/p')
echo "== fetch: one 10 KB share, $connections connections, $duration"
wrk -t"$threads" -c"$connections" -d"$duration" --latency "$base/api/shares/$id"
