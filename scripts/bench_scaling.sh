#!/usr/bin/env bash
# Benchmark (not a test) of scaling, on one corpus:
#   - one process with --threads 1 and --threads 2: words/s and the speed-up;
#   - N shards as separate processes (`run --shard I/N --threads 1`, two at a time on two cores)
#     plus `merge`, against one process with --threads 2: the overhead of sharding;
#   - the merge's own time and peak memory for 2, 8 and 32 parts;
# and a check that every merged output equals the one-process tables byte for byte.
#
#   scripts/bench_scaling.sh [--docs N] [--copies K] [--parts "2 8 32"] [--jobs J] [--repeat R]
#
# The corpus: N documents (default 5,000) cut from the State of the Union addresses
# (scripts/sotu_documents.sh). --jobs: shard processes run at once (default: the cores, 2 here).
# --repeat: one-process runs per thread count, alternated; the median is shown (default 3).
# --copies: the corpus K times, each copy under new names with a line of its own (a larger
# corpus: shards of a realistic size; the addresses hold 1.75 M words).
# Seconds are wall-clock; peak RSS is GNU time's maximum resident set size of one process.
set -euo pipefail
cd "$(dirname "$0")/.."
docs=5000 parts_list="2 8 32" jobs=$(nproc) repeat=3 copies=1
while [ $# -gt 0 ]; do
  case "$1" in
    --docs) docs=$2; shift 2 ;;
    --parts) parts_list=$2; shift 2 ;;
    --jobs) jobs=$2; shift 2 ;;
    --repeat) repeat=$2; shift 2 ;;
    --copies) copies=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
. scripts/bench_common.sh scaling
[ -x /usr/bin/time ] || { DEBIAN_FRONTEND=noninteractive apt-get install -y -q time >/dev/null; }
scripts/sotu_documents.sh "$docs" "$work/in"
for k in $(seq 2 "$copies"); do
  for f in "$work"/in/doc_*.txt; do
    { printf 'Copy %s\n\n' "$k"; cat "$f"; } > "$work/in/copy${k}_$(basename "$f")"
  done
done
docs=$((docs * copies))
words=$(cat "$work"/in/*.txt | wc -w)
run() { "$bin" run -q --format parquet --input "$work/in" "$@"; }
same() { # same tables in two output directories?
  for f in documents sentences mentions entities errors aliases; do cmp -s "$1/$f.parquet" "$2/$f.parquet" || { echo "no ($f differs)"; return; }; done
  echo yes
}

# The machine is shared and a run varies by 10-20%: the pair is run `repeat` times, alternating,
# and the medians are reported.
median() { python3 -c "import statistics, sys; print(statistics.median(float(x) for x in sys.argv[1:]))" "$@"; }
times_1=() times_2=()
for _ in $(seq "$repeat"); do
  rm -rf "$work/one-1" "$work/one-2"
  times_1+=("$(timed run --threads 1 --output "$work/one-1")")
  times_2+=("$(timed run --threads 2 --output "$work/one-2")")
done
one_1=$(median "${times_1[@]}") one_2=$(median "${times_2[@]}")
printf 'corpus: %s documents, %s words; %s cores\n' "$docs" "$words" "$(nproc)"
printf 'one process, seconds of each run: --threads 1: %s; --threads 2: %s\n\n' "${times_1[*]}" "${times_2[*]}"
printf '%-40s %9s %12s %9s\n' "" "seconds" "words/s" "vs 1 thr"
printf '%-40s %8.2fs %12.0f %9s\n' "one process, --threads 1" "$one_1" "$(calc "$words / $one_1")" "1.00x"
printf '%-40s %8.2fs %12.0f %8.2fx\n' "one process, --threads 2" "$one_2" "$(calc "$words / $one_2")" "$(calc "$one_1 / $one_2")"

printf '\n%-8s %11s %9s %11s %10s %12s %8s\n' "shards" "shards (s)" "merge (s)" "total (s)" "overhead" "merge RSS" "equal"
for n in $parts_list; do
  export bin work n
  shards=$(timed bash -c 'seq 0 $((n - 1)) | xargs -P '"$jobs"' -I{} "$bin" run -q --format parquet --threads 1 --input "$work/in" --output "$work/s$n/{}" --shard {}/$n || [ $? -eq 123 ]')
  start=$(date +%s.%N)
  /usr/bin/time -f '%M' -o "$work/merge-$n.rss" "$bin" merge -q --format parquet --threads 2 --output "$work/m$n" "$work/s$n"/* >/dev/null 2>&1 || [ $? -eq 1 ]
  merge=$(calc "$(date +%s.%N) - $start")
  rss_mb=$(calc "round($(tail -n 1 "$work/merge-$n.rss") / 1024)")
  total=$(calc "$shards + $merge")
  printf '%-8s %10.2fs %8.2fs %10.2fs %9.1f%% %9s MB %8s\n' "$n" "$shards" "$merge" "$total" "$(calc "100 * ($total - $one_2) / $one_2")" "$rss_mb" "$(same "$work/one-2" "$work/m$n")"
done
printf '\noverhead: shards (%s at a time, --threads 1 each) plus merge, against one process with --threads 2\n' "$jobs"
