#!/usr/bin/env bash
# The test command (README, CI): Rust unit + integration tests, then the external contract
# checks (pandas+pyarrow on Parquet, R readr on CSV), which install their own dependencies.
set -euo pipefail
cd "$(dirname "$0")/.."
# Reuse a target dir outside the checkout when there is one: polars builds slowly.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/textmill-target}"
cargo build --release --workspace --locked 2>/dev/null || cargo build --release --workspace
cargo test --release --workspace
# The fuzz targets live outside the workspace (cargo-fuzz builds them on nightly): check that
# they still compile against the library, so they cannot rot unnoticed.
cargo check --release --manifest-path fuzz/Cargo.toml --bins
TEXTMILL_BIN="$CARGO_TARGET_DIR/release/textmill" tests/contract/run.sh
