#!/usr/bin/env bash
# Builds the registrar's viewer page into ui/dist-viewer, which cairn-relay serves at
# /s/ID: the verifier compiled to WebAssembly (crates/cairn-verify-wasm, bound by the
# wasm-bindgen CLI into ui/src/viewer/wasm), then the page itself (Vite).
# Needs the wasm32 target and wasm-bindgen-cli: `scripts/setup.sh test` installs both.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
target_dir=${CARGO_TARGET_DIR:-$root/target}
say() { printf '\033[1mbuild-viewer:\033[0m %s\n' "$*"; }

say "cairn-verify-wasm → wasm32-unknown-unknown (release)"
cargo build --quiet --release --target wasm32-unknown-unknown -p cairn-verify-wasm
wasm="$target_dir/wasm32-unknown-unknown/release/cairn_verify_wasm.wasm"

out=ui/src/viewer/wasm
rm -rf "$out"
wasm-bindgen --target web --out-dir "$out" --out-name cairn_verify_wasm "$wasm"
# wasm-opt (npm binaryen, when installed) shrinks the module further; optional.
if [ -x ui/node_modules/.bin/wasm-opt ]; then
  ui/node_modules/.bin/wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
    "$out/cairn_verify_wasm_bg.wasm" -o "$out/cairn_verify_wasm_bg.wasm"
fi
say "verifier: $(du -k "$out/cairn_verify_wasm_bg.wasm" | cut -f1) KiB of wasm"

npm --prefix ui run --silent build:viewer
say "page: ui/dist-viewer ($(du -sk ui/dist-viewer | cut -f1) KiB)"
