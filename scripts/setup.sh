#!/usr/bin/env bash
# Installs what building and testing Cairn needs, and nothing that is already there.
# Idempotent: a second run checks each piece and prints "ok" for it.
#
#   scripts/setup.sh build   system libraries for Tauri, Node modules for the UI
#   scripts/setup.sh test    the above, plus Xvfb, WebKitWebDriver, ImageMagick, tauri-driver,
#                            the end-to-end test's Node modules, and moto's S3 server (Python);
#                            for the registrar's viewer: the wasm32 target, wasm-bindgen-cli,
#                            Chromium and the browser tests' Node modules
set -euo pipefail

what=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)

say() { printf '\033[1msetup:\033[0m %s\n' "$*"; }

build_debs=(libwebkit2gtk-4.1-dev libgtk-3-dev libsoup-3.0-dev libjavascriptcoregtk-4.1-dev
  libayatana-appindicator3-dev librsvg2-dev libxdo-dev libdbus-1-dev pkg-config build-essential)
test_debs=(xvfb xauth webkit2gtk-driver imagemagick chromium dbus-daemon dbus-bin gnome-keyring)

debs=("${build_debs[@]}")
[ "$what" = test ] && debs+=("${test_debs[@]}")

# --- Debian packages -------------------------------------------------------
missing=()
for p in "${debs[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  say "Debian packages: ok (${#debs[@]} present)"
elif command -v apt-get >/dev/null 2>&1; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  say "Debian packages: installing ${missing[*]}"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
else
  say "This system has no apt-get. Install these packages (or your distribution's equivalents) and run again:"
  printf '  %s\n' "${missing[@]}"
  exit 1
fi

# --- Rust and Node ---------------------------------------------------------
for tool in cargo node npm; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    case $tool in
      cargo) say "Rust is missing: install it with https://rustup.rs (stable toolchain), then run again." ;;
      *) say "Node.js 20+ with npm is missing: install it (e.g. apt-get install nodejs npm), then run again." ;;
    esac
    exit 1
  fi
done
for component in rustfmt clippy; do
  if ! rustup component list --installed 2>/dev/null | grep -q "^$component"; then
    say "Rust component $component: rustup component add"
    rustup component add "$component"
  fi
done
say "Rust: $(rustc --version), Node: $(node --version)"

# npm ci only when the lock file changed since the last install.
npm_install() {
  local dir=$1
  local stamp="$dir/node_modules/.cairn-lock-stamp"
  if [ -f "$stamp" ] && cmp -s "$dir/package-lock.json" "$stamp"; then
    say "Node modules in ${dir#"$root"/}: ok"
  else
    say "Node modules in ${dir#"$root"/}: npm ci"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    cp "$dir/package-lock.json" "$stamp"
  fi
}
npm_install "$root/ui"

if [ "$what" = test ]; then
  npm_install "$root/tests/e2e"
  # The Digital Bazaar verifier: proves presentations verify with an independent stack.
  npm_install "$root/benches/dbjs"
  # An S3-protocol server on loopback for the relay's `--store s3://` tests.
  if command -v moto_server >/dev/null 2>&1 || python3 -c 'import moto.server' 2>/dev/null; then
    say "moto server: ok"
  else
    say "moto server: pip install 'moto[server]'"
    python3 -m pip install --quiet --disable-pip-version-check 'moto[server]'
  fi
  # tauri-driver bridges WebDriver to WebKitWebDriver for the real app window.
  # Pinned to 2.x: crates.io lists a 3.0 alpha as newest.
  driver_version=2.1.0
  # (tauri-driver has no --version flag; cargo's own record says what is installed.)
  if command -v tauri-driver >/dev/null 2>&1 && cargo install --list | grep -q "^tauri-driver v$driver_version:"; then
    say "tauri-driver $driver_version: ok"
  else
    say "tauri-driver $driver_version: cargo install (a few minutes, once)"
    cargo install tauri-driver --version "$driver_version" --locked
  fi

  # The viewer's verifier is cairn-verify-wasm built for the browser; the bindings
  # generator must be exactly the wasm-bindgen version in Cargo.lock.
  if rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    say "Rust target wasm32-unknown-unknown: ok"
  else
    say "Rust target wasm32-unknown-unknown: rustup target add"
    rustup target add wasm32-unknown-unknown
  fi
  bindgen_version=$(awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/version = |"/, ""); print; exit }' "$root/Cargo.lock")
  if command -v wasm-bindgen >/dev/null 2>&1 && [ "$(wasm-bindgen --version)" = "wasm-bindgen $bindgen_version" ]; then
    say "wasm-bindgen-cli $bindgen_version: ok"
  else
    say "wasm-bindgen-cli $bindgen_version: cargo install (a few minutes, once)"
    # Not --locked: its lock file pins a webpki-roots release the registry no longer serves.
    cargo install wasm-bindgen-cli --version "$bindgen_version"
  fi
  npm_install "$root/tests/browser"
fi
say "done"
