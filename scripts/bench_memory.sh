#!/usr/bin/env bash
# Benchmark (not a test): peak memory as the corpus grows. Runs scripts/bench.sh (2 threads) at
# each size, several times, and prints one row per run: words, seconds, words/s, peak RSS.
# Peak RSS varies by a few MB between identical runs, so compare ranges, not single runs.
#
#   scripts/bench_memory.sh [--words "1000000 2000000 10000000 20000000 40000000"] [--runs 2] [--layout files|dataset]
#
# TEXTMILL_BIN and the other environment variables of bench.sh apply (a binary is built once
# first unless TEXTMILL_BIN is set). 40 M words take about 4 minutes a run on 2 cores.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
sizes="1000000 2000000 10000000 20000000 40000000"; runs=2; layout=()
while [ $# -gt 0 ]; do
    case $1 in
        --words) sizes=${2:?--words needs a list}; shift 2 ;;
        --runs) runs=${2:?--runs needs a number}; shift 2 ;;
        --layout) layout=(--layout "${2:?--layout needs files or dataset}"); shift 2 ;;
        -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "bench_memory.sh: unknown option $1" >&2; exit 2 ;;
    esac
done
build=()
if [ -z "${TEXTMILL_BIN:-}" ]; then
    (cd "$here/.." && nice cargo build --release --bin textmill >&2)
    build=(--no-build)
fi
printf 'run\twords\tseconds\twords/s\tpeak RSS MB\n'
for run in $(seq 1 "$runs"); do
    for words in $sizes; do
        # bench.sh's table: the textmill row's words, seconds, words/s and peak RSS.
        "$here/bench.sh" --words "$words" --threads 2 "${build[@]}" "${layout[@]}" 2>/dev/null \
            | awk -v run="$run" '$1 == "textmill" { printf "%s\t%s\t%s\t%s\t%s\n", run, $3, $4, $5, $6 }'
    done
done
