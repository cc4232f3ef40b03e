#!/usr/bin/env bash
# Benchmark (not a test) of reruns on a 10,000-document corpus:
#   full run, no-op rerun, rerun after changing 10 documents — times and ratios to the full run —
#   and a byte-for-byte comparison of every table with a from-scratch run after the change.
#
#   scripts/bench_incremental.sh [--docs N] [--changed K] [--threads T] [--layout files|dataset]
#
# The corpus: N documents cut from the State of the Union addresses (scripts/sotu_documents.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
docs=10000 changed=10 threads=2 layout=files
while [ $# -gt 0 ]; do
  case "$1" in
    --docs) docs=$2; shift 2 ;;
    --changed) changed=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --layout) layout=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
. scripts/bench_common.sh incremental
scripts/sotu_documents.sh "$docs" "$work/in"
words=$(cat "$work"/in/*.txt | wc -w)
printf '[output]\nlayout = "%s"\n' "$layout" > "$work/pipeline.toml"
full=$(timed "$bin" run -q --config "$work/pipeline.toml" --threads "$threads" --input "$work/in" --output "$work/out")
noop=$(timed "$bin" run -q --config "$work/pipeline.toml" --threads "$threads" --input "$work/in" --output "$work/out")
for i in $(seq 1 "$changed"); do
  f=$(printf "%s/in/doc_%05d.txt" "$work" $((i * docs / (changed + 1))))
  printf '\nA late correction was issued by the clerk in Washington on Friday.\n' >> "$f"
done
rerun=$(timed "$bin" run -q --config "$work/pipeline.toml" --threads "$threads" --input "$work/in" --output "$work/out")
"$bin" run -q --config "$work/pipeline.toml" --threads "$threads" --input "$work/in" --output "$work/fresh" >/dev/null 2>&1 || true
same=yes
for f in documents sentences mentions entities errors; do
  for ext in csv parquet; do
    # A file (files layout) or a directory of part files (dataset layout).
    diff -r "$work/out/$f.$ext" "$work/fresh/$f.$ext" >/dev/null || { same=no; echo "differs: $f.$ext"; }
  done
done
printf '%-34s %10s %10s\n' "corpus ($layout layout)" "$docs docs" "$words words"
printf '%-34s %9.2fs %9s\n' "full run" "$full" "100%"
printf '%-34s %9.2fs %9.2f%%\n' "no-op rerun" "$noop" "$(calc "100 * $noop / $full")"
printf '%-34s %9.2fs %9.2f%%\n' "rerun after $changed changed docs" "$rerun" "$(calc "100 * $rerun / $full")"
printf '%-34s %10s\n' "tables identical to a fresh run" "$same"
