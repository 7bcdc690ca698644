#!/usr/bin/env bash
# Builds Qabul and runs it on 127.0.0.1 with its embedded SQLite database.
# Usage: scripts/run.sh [extra `qabul serve` options, e.g. --listen 127.0.0.1:9000]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
node scripts/build-pwa.mjs
cargo build --release -p qabul-server
exec target/release/qabul --database "${QABUL_DATABASE:-sqlite://qabul.db}" serve --static dist "$@"
