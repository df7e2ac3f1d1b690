# Cairn's two commands: `make run` opens the app, `make test` runs every test.
# Both install what is missing first (scripts/setup.sh) and are safe to repeat.

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
export PATH := $(HOME)/.cargo/bin:$(PATH)
# Outside the work tree so fresh clones and CI runs on one machine share a cache.
export CARGO_TARGET_DIR ?= $(HOME)/.cache/cairn-target
APP := $(CARGO_TARGET_DIR)/debug/cairn-desktop

.PHONY: run test setup setup-test ui viewer relay-binary viewer-fixtures app cli lint rust-test ui-test e2e browser bindings-check

## run: install what is missing, build the UI and the app, open Cairn
run: setup app
	@echo "make: opening Cairn (wallet: $${CAIRN_WALLET:-the default location, ~/.local/share/cairn on Linux})"
	@if [ -z "$${DISPLAY:-}$${WAYLAND_DISPLAY:-}" ]; then \
	  echo "make: there is no display (DISPLAY/WAYLAND_DISPLAY unset); start Cairn from a desktop session"; exit 1; fi
	"$(APP)"

## test: install what is missing, then lint, Rust tests, UI tests, real-window end-to-end tests,
## and the registrar's viewer in Chromium
test: setup-test ui viewer lint rust-test ui-test e2e browser
	@echo "make: every test passed"

setup:
	@scripts/setup.sh build

setup-test:
	@scripts/setup.sh test

ui:
	@echo "make: building the UI (ui/dist)"
	npm --prefix ui run build --silent

# The registrar's viewer page (ui/dist-viewer), served by cairn-relay at /s/ID.
viewer:
	@echo "make: building the viewer (ui/dist-viewer)"
	@scripts/build-viewer.sh

relay-binary:
	cargo build -p cairn-relay

app: ui
	@echo "make: building the desktop app"
	cargo build -p cairn-desktop

cli:
	cargo build -p cairn-cli

# The did:web issuer the browser tests serve on the loopback.
viewer-fixtures:
	cargo build -p cairn-verify-wasm --example viewer_fixtures

lint: ui
	@echo "make: the CI disk guard, then rustfmt and clippy"
	scripts/disk-guard-test.sh
	cargo fmt --all --check
	cargo clippy --workspace --all-targets -- -D warnings

rust-test: ui
	@echo "make: Rust unit and integration tests"
	cargo test --workspace
	@echo "make: the vendored rdf-canon's own unit tests (its Cairn patch)"
	CARGO_PROFILE_DEV_DEBUG=line-tables-only cargo test --manifest-path vendor/rdf-canon/Cargo.toml --lib
	@$(MAKE) --no-print-directory bindings-check

# The TypeScript types in ui/src/lib/bindings are written by ts-rs during
# `cargo test`; a difference means the committed copies are stale.
bindings-check:
	@if git rev-parse --git-dir >/dev/null 2>&1 && [ -n "$$(git status --porcelain -- ui/src/lib/bindings)" ]; then \
	  echo "make: ui/src/lib/bindings changed when regenerated from the Rust types; commit them"; \
	  git status --short -- ui/src/lib/bindings; exit 1; fi

ui-test: viewer
	@echo "make: UI type check and unit tests"
	npm --prefix ui run check --silent
	npm --prefix ui test --silent

e2e: app viewer
	@scripts/e2e.sh

## browser: the viewer in Chromium against a real relay and real shares
browser: cli relay-binary viewer-fixtures viewer
	@echo "make: viewer tests in Chromium"
	npm --prefix tests/browser test --silent
