#!/usr/bin/env bash
# Builds Takt, runs its tests or its benchmarks.
#
#   ./build.sh          install what is missing, build dist/ and the CLI, check a sample mail
#   ./build.sh test     build, then run every test
#   ./build.sh bench    build, then run every benchmark and print one table
#
# Idempotent: tools that are already installed are not installed again.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$PWD
WASM_TARGET=wasm32-unknown-unknown

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

# --- tools ---------------------------------------------------------------

ensure_rust_tools() {
  if ! rustup target list --installed | grep -qx "$WASM_TARGET"; then
    step "installing the $WASM_TARGET target"
    rustup target add "$WASM_TARGET"
  fi
  rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy rustfmt
  # wasm-bindgen's CLI must match the library version in Cargo.lock exactly.
  local want have
  want=$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | sed -n 's/^version = "\(.*\)"/\1/p')
  have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
  if [ "$want" != "$have" ]; then
    step "installing wasm-bindgen-cli $want (takes a few minutes once)"
    cargo install wasm-bindgen-cli --version "$want"
  fi
}

ensure_node_packages() {
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    step "installing npm packages"
    npm ci --no-audit --no-fund
  fi
}

# The browsers of the tests, from Debian: Chromium, and Firefox ESR for the Firefox build.
ensure_browsers() {
  local missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  [ -x /usr/bin/firefox-esr ] || missing+=(firefox-esr)
  if [ ${#missing[@]} -gt 0 ]; then
    step "installing ${missing[*]} (Debian packages)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

# --- build ---------------------------------------------------------------

build_cli() {
  step "building the CLI"
  cargo build --release -p takt --bin takt
}

build_wasm() {
  step "building the WebAssembly package"
  cargo build --release -p takt --lib --no-default-features --target "$WASM_TARGET"
  local raw="target/$WASM_TARGET/release/takt.wasm" tmp
  tmp=$(mktemp -d)
  wasm-bindgen --target web --remove-name-section --out-dir "$tmp/pkg" --out-name takt "$raw"
  # -O3 rather than -Oz: as small once gzipped, and faster. A function with one caller stays a
  # function of its own (wasm-opt would merge it into its caller): V8 compiles a function with its
  # optimizing tier once it has run enough, and a fresh instance's first check then tiers up the
  # stages it runs hot, not the whole check at once (see check_text in crate/src/lib.rs).
  node_modules/.bin/wasm-opt -O3 --one-caller-inline-max-function-size 0 --enable-bulk-memory \
    --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals --enable-simd \
    "$tmp/pkg/takt_bg.wasm" -o "$tmp/pkg/takt_bg.opt.wasm"
  mv "$tmp/pkg/takt_bg.opt.wasm" "$tmp/pkg/takt_bg.wasm"
  rm -rf dist/pkg && mkdir -p dist && cp -r "$tmp/pkg" dist/pkg && rm -rf "$tmp"
  echo "takt_bg.wasm: $(wc -c <dist/pkg/takt_bg.wasm) bytes, $(gzip -9c dist/pkg/takt_bg.wasm | wc -c) gzipped"
  # Smoke test: a broken optimizer shows up here, not in a browser test.
  node --input-type=module -e "
    import { readFileSync } from 'node:fs';
    import { initSync, check } from '$ROOT/dist/pkg/takt.js';
    initSync({ module: readFileSync('$ROOT/dist/pkg/takt_bg.wasm') });
    if (!Array.isArray(check('Nein, das geht nicht.'))) throw new Error('check() returned no array');
  "
}

build_extension() {
  if [ -f extension/build.mjs ]; then
    step "building the extension"
    node extension/build.mjs
  fi
}

build_all() {
  ensure_rust_tools
  ensure_node_packages
  build_cli
  build_wasm
  build_extension
}

show_sample() {
  step "Takt checks a sample mail (samples/antwort.txt)"
  target/release/takt check samples/antwort.txt || true
}

# --- test ----------------------------------------------------------------

run_tests() {
  ensure_browsers
  step "rustfmt"
  cargo fmt --all -- --check
  step "clippy (native and WebAssembly)"
  cargo clippy --all-targets -- -D warnings
  cargo clippy -p takt --lib --no-default-features --target "$WASM_TARGET" -- -D warnings
  step "rustdoc (broken links fail)"
  RUSTDOCFLAGS="-D warnings" cargo doc --no-deps -p takt
  step "cargo test"
  cargo test --workspace
  step "fuzzing, 15 seconds (the harness builds, and the engine keeps its promises)"
  fuzz/run.sh 15 stress
  step "detection scores"
  node tests/score.mjs
  step "node tests of dist/pkg"
  node --test tests/pkg/
  if [ -d tests/e2e ]; then
    step "browser tests (Chromium and Firefox ESR with the extension loaded)"
    node --test --test-concurrency=1 tests/e2e/
  fi
  if [ -d dist/firefox ]; then
    step "web-ext lint (Firefox build)"
    node_modules/.bin/web-ext lint --source-dir dist/firefox
  fi
}

case "${1:-build}" in
  build) build_all; show_sample ;;
  test) build_all; run_tests ;;
  bench) build_all; node bench/run.mjs ;;
  *) echo "usage: ./build.sh [test|bench]" >&2; exit 2 ;;
esac
