#!/usr/bin/env bash
# Runs the end-to-end tests against the real app window, under Xvfb when there is
# no display. Screenshots of every screen visited land in tests/e2e/artifacts/.
#
#   scripts/e2e.sh                       every journey in tests/e2e/specs
#   scripts/e2e.sh journey deep-link     only those (names of files in specs/)
#
# The journey shares through the real cairn-relay and opens the link in Chromium,
# so it needs the built viewer (ui/dist-viewer: `make viewer`).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/cairn-target}
export CAIRN_APP=${CAIRN_APP:-$CARGO_TARGET_DIR/debug/cairn-desktop}
export CAIRN_E2E_FIXTURES=${CAIRN_E2E_FIXTURES:-$CARGO_TARGET_DIR/debug/examples/e2e_fixtures}
export CAIRN_CLI=${CAIRN_CLI:-$CARGO_TARGET_DIR/debug/cairn}
export CAIRN_RELAY=${CAIRN_RELAY:-$CARGO_TARGET_DIR/debug/cairn-relay}
export CAIRN_E2E_ARTIFACTS=${CAIRN_E2E_ARTIFACTS:-$root/tests/e2e/artifacts}
# Xvfb has no GPU: render in software. (Do not set WEBKIT_DISABLE_COMPOSITING_MODE:
# with it, WebKitWebDriver's screenshot command never returns.)
export LIBGL_ALWAYS_SOFTWARE=1

# The tests' credentials are signed by the core's own signer (src-tauri/examples).
echo "e2e: building the test-credential generator, the cairn CLI and the relay"
(cd "$root" && cargo build --quiet -p cairn-desktop --example e2e_fixtures)
(cd "$root" && cargo build --quiet -p cairn-cli -p cairn-relay)
[ -f "$root/ui/dist-viewer/index.html" ] || { echo "e2e: ui/dist-viewer is missing: run \`make viewer\`" >&2; exit 2; }

specs=()
for name in "$@"; do specs+=("specs/${name%.test.mjs}.test.mjs"); done
[ ${#specs[@]} -gt 0 ] || specs=(specs/)

rm -rf "$CAIRN_E2E_ARTIFACTS"
mkdir -p "$CAIRN_E2E_ARTIFACTS"
cd "$root/tests/e2e"
if [ -z "${DISPLAY:-}" ]; then
  echo "e2e: no display, running the real app window under Xvfb"
  xvfb-run -a -s "-screen 0 1280x800x24" node --test --test-concurrency=1 --test-timeout=300000 --test-reporter=spec "${specs[@]}"
else
  echo "e2e: running the real app window on display $DISPLAY"
  node --test --test-concurrency=1 --test-timeout=300000 --test-reporter=spec "${specs[@]}"
fi
echo "e2e: $(find "$CAIRN_E2E_ARTIFACTS" -name '*.png' | wc -l) screenshots in $CAIRN_E2E_ARTIFACTS"
