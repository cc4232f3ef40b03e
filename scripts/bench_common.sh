# Shared by the benchmark scripts (sourced, not run): the binary to time, a work directory
# removed on exit, and two helpers.
#
#   . scripts/bench_common.sh NAME    # sets $bin (built unless TEXTMILL_BIN is given) and $work
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/textmill-target}"
bin="${TEXTMILL_BIN:-$CARGO_TARGET_DIR/release/textmill}"
[ -n "${TEXTMILL_BIN:-}" ] || cargo build --release --quiet
work=$(mktemp -d "/tmp/textmill-${1:-bench}.XXXXXX")
trap 'rm -rf "$work"' EXIT
# Arithmetic on floats.
calc() { python3 -c "print($1)"; }
# Wall seconds of a command (exit 1, some documents failed, is fine).
timed() { local start end; start=$(date +%s.%N); "$@" >/dev/null 2>&1 || [ $? -eq 1 ]; end=$(date +%s.%N); calc "$end - $start"; }
