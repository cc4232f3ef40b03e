#!/usr/bin/env bash
# The test command (README, CI): Rust unit + integration tests, a check that the fuzz targets
# still compile, then the external contract checks (pandas+pyarrow on Parquet, R readr on CSV)
# and the Spark local-mode check of `textmill stream`, which install their own dependencies.
#
# Builds into $CARGO_TARGET_DIR when it is set, else ./target: the directory and profile (release)
# of the README's `cargo run --release`, so the two commands share one build. A first build takes
# about 20 minutes on 2 cores (polars is most of it); later ones take under a minute.
# Cargo.lock and fuzz/Cargo.lock are used as they are (--locked): the tests leave the tree as
# they found it.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"

step() { printf '\n== scripts/test.sh: %s\n' "$*" >&2; }

if [ ! -x "$CARGO_TARGET_DIR/release/textmill" ]; then
    step "building into $CARGO_TARGET_DIR (a first build takes about 20 minutes on 2 cores)"
else
    step "building into $CARGO_TARGET_DIR (only what changed)"
fi
cargo build --release --workspace --locked
step "unit and integration tests"
cargo test --release --workspace --locked
# The fuzz targets live outside the workspace (cargo-fuzz builds them on nightly): check that
# they still compile against the library, so they cannot rot unnoticed.
step "checking that the fuzz targets compile (a first check takes a few minutes)"
cargo check --release --locked --manifest-path fuzz/Cargo.toml --bins
step "contract checks (tests/contract/run.sh)"
TEXTMILL_BIN="$CARGO_TARGET_DIR/release/textmill" tests/contract/run.sh
step "Spark local-mode check of textmill stream (scripts/spark_check.sh)"
scripts/spark_check.sh "$CARGO_TARGET_DIR/release/textmill"
