#!/usr/bin/env bash
# Runs the end-to-end tests against the real app window, under Xvfb when there is
# no display. Screenshots of every screen visited land in tests/e2e/artifacts/.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/cairn-target}
export CAIRN_APP=${CAIRN_APP:-$CARGO_TARGET_DIR/debug/cairn-desktop}
export CAIRN_E2E_FIXTURES=${CAIRN_E2E_FIXTURES:-$CARGO_TARGET_DIR/debug/examples/e2e_fixtures}
export CAIRN_E2E_ARTIFACTS=${CAIRN_E2E_ARTIFACTS:-$root/tests/e2e/artifacts}
# Xvfb has no GPU: render in software. (Do not set WEBKIT_DISABLE_COMPOSITING_MODE:
# with it, WebKitWebDriver's screenshot command never returns.)
export LIBGL_ALWAYS_SOFTWARE=1

# The tests' credentials are signed by the core's own signer (src-tauri/examples).
echo "e2e: building the test-credential generator"
(cd "$root" && cargo build --quiet -p cairn-desktop --example e2e_fixtures)

rm -rf "$CAIRN_E2E_ARTIFACTS"
mkdir -p "$CAIRN_E2E_ARTIFACTS"
cd "$root/tests/e2e"
if [ -z "${DISPLAY:-}" ]; then
  echo "e2e: no display, running the real app window under Xvfb"
  xvfb-run -a -s "-screen 0 1280x800x24" npm test --silent
else
  echo "e2e: running the real app window on display $DISPLAY"
  npm test --silent
fi
echo "e2e: $(find "$CAIRN_E2E_ARTIFACTS" -name '*.png' | wc -l) screenshots in $CAIRN_E2E_ARTIFACTS"
