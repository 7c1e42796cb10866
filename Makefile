# Chronolane: `make run` opens the app on the demo review; `make test` runs every test.
# Both do all set-up first (system packages, npm packages, tauri-driver), idempotently.

SHELL := /bin/bash
.DEFAULT_GOAL := help
.PHONY: help setup system-packages run app ui test test-core test-ui test-shell test-e2e test-fuzz fuzz lint bench clean-demo

ROOT := $(abspath .)
TOOLS := $(ROOT)/.tools
TAURI_DRIVER_VERSION := 2.0.5
TAURI_DRIVER := $(TOOLS)/bin/tauri-driver
APP := target/debug/chronolane-desktop
XVFB := xvfb-run -a -s "-screen 0 1280x800x24"

# Debian 12 packages: WebKitGTK 4.1 and the build chain for Tauri; Xvfb, WebKitWebDriver and
# ImageMagick for end-to-end tests and screenshots; LibreOffice and poppler to open exported
# documents as a reader would.
APT_PACKAGES := build-essential pkg-config curl file libwebkit2gtk-4.1-dev libxdo-dev \
  libssl-dev librsvg2-dev xvfb xauth webkit2gtk-driver imagemagick x11-utils \
  libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils fonts-dejavu-core

UI_SOURCES := $(shell find ui/src -type f 2>/dev/null) ui/index.html ui/vite.config.ts ui/package.json

help:
	@echo "make run    open Chronolane on the built-in demo review (needs a display)"
	@echo "make test   run every test: core, CLI, UI, bindings and end-to-end"
	@echo "make lint   rustfmt and clippy"
	@echo "make bench  run the benchmarks and print their numbers"

setup: system-packages ui/node_modules/.installed $(TAURI_DRIVER)

system-packages:
	@missing=""; \
	for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing system packages:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	fi

ui/node_modules/.installed: ui/package.json ui/package-lock.json
	cd ui && npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(TAURI_DRIVER):
	cargo install tauri-driver@$(TAURI_DRIVER_VERSION) --locked --root $(TOOLS)

ui/dist/index.html: ui/node_modules/.installed $(UI_SOURCES)
	cd ui && npm run build --silent

ui: ui/dist/index.html

# The desktop app, serving the built UI from ui/dist.
app: ui
	cargo build -p chronolane-desktop --features custom-protocol

run: setup app
	@if [ -z "$$DISPLAY" ] && [ -z "$$WAYLAND_DISPLAY" ]; then \
	  echo "make run needs a graphical display (none found: DISPLAY and WAYLAND_DISPLAY are unset)."; \
	  echo "Run it from a desktop session, or try it headless with: xvfb-run -a $(APP) --demo"; \
	  exit 1; \
	fi
	$(APP) --demo

test: setup test-core test-ui test-shell test-e2e
	@echo "All tests passed."

# The core's tests include the tidy checks (tests/it/tidy.rs), the kill-test, the hostile
# corpus and a 3-second fuzz smoke run per importer on a fixed seed; clippy fails on warnings.
test-core:
	cargo fmt --all --check
	cargo clippy -p chronolane --all-targets -- -D warnings
	CHRONOLANE_REQUIRE_LIBREOFFICE=1 cargo test -p chronolane

# The importers' and date parser's mutation fuzzers (tests/it/fuzz.rs). test-core runs them
# for 3 s each on a fixed seed; `make test-fuzz` runs them again on a new seed, and `make fuzz`
# is the long run: FUZZ_SECS seconds per target (default 900), FUZZ_SEED to vary.
FUZZ_SECS ?= 900
FUZZ_SEED ?= $(shell date +%s)
test-fuzz:
	CHRONOLANE_FUZZ_SECS=3 CHRONOLANE_FUZZ_SEED=$(FUZZ_SEED) cargo test -p chronolane --test it fuzz:: -- --nocapture --test-threads=2

fuzz:
	CHRONOLANE_FUZZ_SECS=$(FUZZ_SECS) CHRONOLANE_FUZZ_SEED=$(FUZZ_SEED) cargo test --release -p chronolane --test it fuzz:: -- --nocapture --test-threads=2

test-ui: ui/node_modules/.installed
	cd ui && npm run lint --silent && npm run check --silent && npm test --silent

# The shell's tests include the check that ui/src/bindings.ts matches the commands.
test-shell: app
	cargo clippy -p chronolane-desktop -p chronolane-e2e --all-targets --features chronolane-desktop/custom-protocol -- -D warnings
	cargo test -p chronolane-desktop --features custom-protocol

test-e2e: app $(TAURI_DRIVER)
	$(XVFB) cargo test -p chronolane-e2e -- --test-threads=1
	@echo "Screenshots of the journeys are in target/e2e-screenshots/."

lint:
	cargo fmt --all --check
	cargo clippy --workspace --all-targets --features chronolane-desktop/custom-protocol -- -D warnings

bench:
	cargo bench -p chronolane

# timeline (issue 4): the timeline benchmark, Chronolane's canvas against vis-timeline on
# synthetic data (1k, 10k, 100k entries in 20 lanes), in WebKitGTK (MiniBrowser, the app's
# engine) and Chromium. Chromium is installed for this target only, not for `make test`.
BENCH_APT_PACKAGES := chromium chromium-driver xvfb xauth webkit2gtk-driver
.PHONY: bench-timeline
bench-timeline: ui/node_modules/.installed
	@missing=""; \
	for p in $(BENCH_APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing system packages:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	fi
	cd ui && npm run --silent bench:build
	cd ui && xvfb-run -a -s "-screen 0 1600x1000x24" node bench/run.mjs $(BENCH_ARGS)

# The evaluation harness. Imports each case in ../shared/cases as a reviewer would,
# runs the analysis and prints recall, precision and near misses flagged per case (numbers,
# not pass/fail). EVAL_ARGS="--verbose" lists every flag; CASES=dir for another folder
# (default: ../shared/cases beside the repository).
.PHONY: eval
eval:
	cargo run -q -p chronolane --example eval -- $(CASES) $(EVAL_ARGS)
