#!/usr/bin/env bash
# Share benchmark (BENCHMARKS.md, "Sharing a portfolio"): a release cairn-relay on
# loopback with a fresh store, then `examples/share_bench.rs` shares a 10-credential
# portfolio to it PASSES times (sign + encrypt + upload, then the QR code).
#
#   benches/share/run.sh               # 30 passes
#   PASSES=100 benches/share/run.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
. "$root/benches/relay/start.sh"
cargo run --release -q -p cairn-core --example share_bench --manifest-path "$root/Cargo.toml" \
  -- --relay "$base" --passes "${PASSES:-30}"
