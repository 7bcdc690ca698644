#!/usr/bin/env bash
# Runs every check and test of Qabul, installing what they need first. Fails on the first
# failure. Usage: scripts/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
started=$(date +%s)

step "prerequisites"
scripts/setup.sh --browser --postgres

step "format"
cargo fmt --all -- --check

step "clippy (host)"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "clippy (wasm32)"
cargo clippy -p qabul-pwa -p qabul-core --all-targets --target wasm32-unknown-unknown --locked -- -D warnings

step "native tests (the server's on SQLite and on a throwaway PostgreSQL)"
scripts/with-postgres.sh cargo test --workspace --locked

step "browser tests (wasm-bindgen-test in headless Chromium)"
CHROMEDRIVER=/usr/bin/chromedriver \
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
WASM_BINDGEN_TEST_TIMEOUT=120 \
  cargo test -p qabul-pwa --target wasm32-unknown-unknown --locked

step "PWA build and the server binary"
node scripts/build-pwa.mjs
cargo build -p qabul-server --locked

step "end-to-end tests (Playwright, Debian Chromium, the real server)"
QABUL_BIN=target/debug/qabul node --test --test-concurrency=1 tests/e2e/

echo
echo "All checks and tests passed in $(( $(date +%s) - started )) s."
