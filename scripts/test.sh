#!/usr/bin/env bash
# Runs every check and test of Qabul, installing what they need first. Fails on the first
# failure. Usage: scripts/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
# A single run gains nothing from incremental caches, and they double the disk a build takes.
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"

disk() { df -h --output=avail,size . | tail -1 | awk '{ print "(disk: " $1 " free of " $2 ")" }'; }
step() { printf '\n\033[1m==> %s\033[0m ' "$*"; disk; }
started=$(date +%s)

step "prerequisites"
scripts/setup.sh --browser --postgres

step "format"
cargo fmt --all -- --check

step "clippy (host)"
cargo clippy --workspace --all-targets --all-features --locked -- -D warnings

step "clippy (wasm32)"
cargo clippy -p qabul-pwa -p qabul-core -p qabul-seal --all-targets --all-features --target wasm32-unknown-unknown --locked -- -D warnings
# As the phone's module is built: the encryption module loaded, not linked (see src/sealer.rs).
cargo clippy -p qabul-pwa --lib --bins --target wasm32-unknown-unknown --locked -- -D warnings

# The server is built with its fault-injection switch for the tests (inert unless its
# environment variable is set); the binary `scripts/run.sh` builds never has it.
step "native tests (the server's on SQLite and on a throwaway PostgreSQL)"
scripts/with-postgres.sh cargo test --workspace --locked --features qabul-server/fault-injection

step "browser tests (wasm-bindgen-test in headless Chromium)"
CHROMEDRIVER=/usr/bin/chromedriver \
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
WASM_BINDGEN_TEST_TIMEOUT=120 \
  cargo test -p qabul-pwa --target wasm32-unknown-unknown --locked --features linked-seal

step "PWA build and the server binary"
node scripts/build-pwa.mjs
node scripts/build-pwa.mjs --features test-hooks --out dist-test
cargo build -p qabul-server --locked --features fault-injection

step "end-to-end tests (Playwright, Debian Chromium, the real server)"
QABUL_BIN=target/debug/qabul node --test --test-concurrency=1 tests/e2e/

echo
disk
echo "All checks and tests passed in $(( $(date +%s) - started )) s."
