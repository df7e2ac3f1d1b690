#!/usr/bin/env bash
# Share benchmark (BENCHMARKS.md, "Sharing a portfolio"): a release cairn-relay on
# loopback with a fresh store, then `examples/share_bench.rs` shares a 10-credential
# portfolio to it PASSES times (sign + encrypt + upload, then the QR code).
#
#   benches/share/run.sh               # 30 passes
#   PASSES=100 benches/share/run.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/cairn-target}
cargo build --release -q -p cairn-relay --manifest-path "$root/Cargo.toml"
work=$(mktemp -d "${STORE_PARENT:-/var/tmp}/cairn-share-bench.XXXXXX")
"$CARGO_TARGET_DIR/release/cairn-relay" --listen 127.0.0.1:0 --store "$work/store" \
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
cargo run --release -q -p cairn-core --example share_bench --manifest-path "$root/Cargo.toml" \
  -- --relay "$base" --passes "${PASSES:-30}"
