# Sourced by the benchmarks that need a relay (benches/relay/load.sh,
# benches/share/run.sh): starts a release cairn-relay on 127.0.0.1 with rate limits
# off and a fresh store under $STORE_PARENT (default /var/tmp, a real disk, since
# uploads are fsynced), stops it and removes the store on exit, and sets:
#   base  the relay's address (http://127.0.0.1:PORT)
#   work  the scratch directory (the store is $work/store)
# Needs $root (the repository). RELAY_BIN=path uses a binary built earlier instead of
# building one.
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/cairn-target}
relay_bin=${RELAY_BIN:-$CARGO_TARGET_DIR/release/cairn-relay}
[ -n "${RELAY_BIN:-}" ] || cargo build --release -q -p cairn-relay --manifest-path "$root/Cargo.toml"
work=$(mktemp -d "${STORE_PARENT:-/var/tmp}/cairn-relay-bench.XXXXXX")
"$relay_bin" --listen 127.0.0.1:0 --store "$work/store" \
  --viewer "$work/no-viewer" --rate-limit 0 --upload-rate-limit 0 \
  >"$work/stdout" 2>"$work/log" &
relay_pid=$!
trap 'kill "$relay_pid" 2>/dev/null; wait "$relay_pid" 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 100); do
  grep -q "listening on" "$work/stdout" && break
  sleep 0.1
done
base=$(sed -n 's/^cairn-relay listening on //p' "$work/stdout")
[ -n "$base" ] || { echo "the relay did not start:" >&2; cat "$work/log" >&2; exit 1; }
