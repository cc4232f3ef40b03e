#!/usr/bin/env bash
# Fuzz the ingest, clean, segment and whole-chain code for a bounded time (cargo-fuzz/libFuzzer).
#
#   scripts/fuzz.sh [seconds-per-target] [target...]      (default: 60 s; ingest clean segment pipeline)
#
# Exit status 0 when no target found anything, 1 when one crashed, timed out or ran out of memory:
# the reproducer's path is printed, with the commands to minimise and replay it. Every finding
# becomes a regression test in tests/it/regression.rs.
#
# Environment:
#   FUZZ_SANITIZER   none (default: the code is safe Rust, and it runs ~2x faster) or address
#   FUZZ_NICE        niceness of the build and the fuzzers (default 10: shares the machine)
#   FUZZ_MAX_LEN     largest input in bytes (default 8192)
#   FUZZ_JOBS        parallel fuzzing processes per target (default 1)
#   FUZZ_NO_BUILD    set: run the binaries already built (the working tree may be mid-edit)
#   CARGO_FUZZ_TARGET_DIR  build dir (default $HOME/.cache/textmill-fuzz-target, outside the repo)
#
# The toolchain may be stable only: cargo-fuzz passes nightly-only flags (-Z...), which
# RUSTC_BOOTSTRAP=1 lets a stable compiler accept. New corpus entries are kept outside the repo
# ($HOME/.cache/textmill-fuzz-corpus/<target>); fuzz/corpus/<target>/ holds the seeds only.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

seconds=${1:-60}
shift || true
if ! [[ "$seconds" =~ ^[0-9]+$ ]] || [ "$seconds" -lt 1 ]; then
    echo "usage: scripts/fuzz.sh [seconds-per-target] [target...]" >&2
    exit 2
fi
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(ingest clean segment pipeline)
fi

export RUSTC_BOOTSTRAP=1
sanitizer=${FUZZ_SANITIZER:-none}
niceness=${FUZZ_NICE:-10}
max_len=${FUZZ_MAX_LEN:-8192}
jobs=${FUZZ_JOBS:-1}
target_dir=${CARGO_FUZZ_TARGET_DIR:-$HOME/.cache/textmill-fuzz-target}
work_corpus=${FUZZ_CORPUS_DIR:-$HOME/.cache/textmill-fuzz-corpus}
logs="$target_dir/logs"
mkdir -p "$logs"

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "fuzz: installing cargo-fuzz" >&2
    cargo install cargo-fuzz --locked
fi

# The same flags for build and run, so `run` does not rebuild.
flags=(--fuzz-dir fuzz --sanitizer "$sanitizer" --debug-assertions --codegen-units 16 --target-dir "$target_dir")

echo "fuzz: building ${targets[*]} (sanitizer $sanitizer, debug assertions on)" >&2
# Without a target name cargo-fuzz builds them all (one cargo invocation, shared dependencies).
if [ -n "${FUZZ_NO_BUILD:-}" ]; then
    echo "fuzz: FUZZ_NO_BUILD set: using the fuzz binaries already built" >&2
elif ! nice -n "$niceness" cargo fuzz build "${flags[@]}" >&2; then
    echo "fuzz: build failed" >&2
    exit 2
fi

bin_dir="$target_dir/$(rustc -vV | sed -n 's/^host: //p')/release"

parallel=()
if [ "$jobs" -gt 1 ]; then
    parallel=(-jobs="$jobs" -workers="$jobs")
fi

status=0
summary=()
for t in "${targets[@]}"; do
    mkdir -p "$work_corpus/$t" "fuzz/artifacts/$t"
    log="$logs/$t.log"
    before=$(ls -1 "fuzz/artifacts/$t" 2>/dev/null | wc -l)
    echo "fuzz: $t for ${seconds}s (log $log)" >&2
    set +e
    # The libFuzzer binary itself: `cargo fuzz run` would first rebuild from the working tree.
    nice -n "$niceness" "$bin_dir/$t" "$work_corpus/$t" "fuzz/corpus/$t" \
        -max_total_time="$seconds" -max_len="$max_len" -timeout=20 -rss_limit_mb=2048 \
        "${parallel[@]}" -print_final_stats=1 \
        -artifact_prefix="$root/fuzz/artifacts/$t/" >"$log" 2>&1
    code=$?
    set -e
    if [ "$jobs" -gt 1 ]; then cat fuzz-*.log >>"$log" 2>/dev/null && rm -f fuzz-*.log; fi
    runs=$(grep -a -o 'stat::number_of_executed_units: *[0-9]*' "$log" | awk '{s += $2} END {print s + 0}' || true)
    rate=$(grep -a -o 'exec/s: *[0-9]*' "$log" | tail -n 1 | awk '{print $2}' || true)
    cov=$(grep -a -o 'cov: *[0-9]*' "$log" | tail -n 1 | awk '{print $2}' || true)
    after=$(ls -1 "fuzz/artifacts/$t" 2>/dev/null | wc -l)
    if [ "$code" -ne 0 ] || [ "$after" -gt "$before" ]; then
        status=1
        reproducer=$(ls -1t "fuzz/artifacts/$t"/* 2>/dev/null | head -n 1)
        summary+=("$t: FAILED (exit $code) after ${runs:-?} runs; reproducer: ${reproducer:-none, see $log}")
        echo "fuzz: $t FAILED; last lines of $log:" >&2
        grep -a -E "panicked|ERROR|SUMMARY|Test unit written" "$log" | head -n 8 >&2 || tail -n 20 "$log" >&2
        if [ -n "${reproducer:-}" ]; then
            echo "fuzz: reproducer: $root/$reproducer" >&2
            echo "fuzz:   replay:   $bin_dir/$t $reproducer" >&2
            echo "fuzz:   minimise: RUSTC_BOOTSTRAP=1 cargo fuzz tmin ${flags[*]} $t $reproducer" >&2
        fi
    else
        summary+=("$t: ok, ${runs:-?} runs in ${seconds}s (${rate:-?} exec/s, cov ${cov:-?})")
    fi
done

echo "fuzz: summary" >&2
for line in "${summary[@]}"; do
    echo "  $line" >&2
done
exit "$status"
