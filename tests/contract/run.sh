#!/usr/bin/env bash
# Contract test: run the real textmill binary and check its tables from outside Rust.
#
#   tests/contract/run.sh
#
# 1. Installs what the checkers need, only when missing (idempotent; fresh Debian as root works):
#    R + readr from Debian (r-base-core r-cran-readr), R arrow where Debian has r-cran-arrow, a
#    Python venv with pandas + pyarrow from PyPI at ${TEXTMILL_CACHE:-$HOME/.cache/textmill}/venv-contract,
#    and one with pandas + the oldest pyarrow that pandas supports (venv-contract-oldest-pyarrow).
# 2. Runs `textmill run --config pipeline.toml --output TMP --format both` on the sample corpus
#    and checks the Parquet tables with check_tables.py and the CSV tables with check_tables.R;
#    the Parquet tables must have no view types and open with the oldest pyarrow (and R arrow).
# 3. Runs the sample corpus again with --threads 1 and --threads 2: the CSV tables must be identical.
# 4. Builds a corpus of awkward files (emoji, accents, combining marks, CRLF, curly quotes, a
#    title-only file, a nested path with a space, a BOM, a .txt.gz, Markdown, a .jsonl file with two
#    documents) and checks its tables the same way (quality warnings count as failures there).
#
# Environment: TEXTMILL_BIN (binary; default ${CARGO_TARGET_DIR:-./target}/release/textmill, built with
# `cargo build --release` if missing), TEXTMILL_CACHE, TEXTMILL_SAMPLE_DIR (input root of the sample
# corpus, default data/sample), TEXTMILL_KEEP_OUTPUT=1 keeps the temporary output directory.
# Exit status: 0 when every step passes, 1 otherwise.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"

cache=${TEXTMILL_CACHE:-$HOME/.cache/textmill}
venv=$cache/venv-contract
sample_dir=${TEXTMILL_SAMPLE_DIR:-data/sample}
bin=${TEXTMILL_BIN:-${CARGO_TARGET_DIR:-$root/target}/release/textmill}
export LC_ALL=C.UTF-8 LANG=C.UTF-8 PYTHONUTF8=1

log() { printf '\n== %s\n' "$*" >&2; }
die() { printf 'run.sh: %s\n' "$*" >&2; exit 1; }

failed=()
record() { # record NAME STATUS
    if [ "$2" -eq 0 ]; then printf 'PASS  %s\n' "$1" >>"$tmp/summary"
    else printf 'FAIL  %s (exit %s)\n' "$1" "$2" >>"$tmp/summary"; failed+=("$1"); fi
}

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"
    elif command -v sudo >/dev/null; then sudo "$@"
    else die "need root (or sudo) to run: $*"; fi
}

apt_install() {
    command -v apt-get >/dev/null || die "apt-get not found; install these by hand: $*"
    log "installing Debian packages: $*"
    as_root env DEBIAN_FRONTEND=noninteractive nice apt-get update -q \
        && as_root env DEBIAN_FRONTEND=noninteractive nice apt-get install -y -q --no-install-recommends "$@" \
        || die "apt-get install $* failed"
}

# ---------------------------------------------------------------------------------------------
# 1. Dependencies
# ---------------------------------------------------------------------------------------------
if ! Rscript -e 'suppressPackageStartupMessages(library(readr))' >/dev/null 2>&1; then
    apt_install r-base-core r-cran-readr
fi
Rscript -e 'suppressPackageStartupMessages(library(readr))' >/dev/null 2>&1 || die "R package readr still not loadable"

if ! "$venv/bin/python" -c 'import pandas, pyarrow' >/dev/null 2>&1; then
    command -v python3 >/dev/null || apt_install python3 python3-venv
    python3 -c 'import ensurepip, venv' >/dev/null 2>&1 || apt_install python3-venv
    log "creating $venv with pandas and pyarrow"
    rm -rf "$venv"
    mkdir -p "$cache"
    nice python3 -m venv "$venv" || die "python3 -m venv $venv failed"
    nice "$venv/bin/python" -m pip install -q --disable-pip-version-check pandas pyarrow \
        || die "pip install pandas pyarrow failed"
fi
python=$venv/bin/python

# The oldest pyarrow the current pandas supports (its `pyarrow` extra's lower bound), in a venv
# of its own: the Parquet tables must open there too (issue 16: string_view needed pyarrow 15).
venv_oldest=$cache/venv-contract-oldest-pyarrow
if ! "$venv_oldest/bin/python" -c 'import pandas, pyarrow' >/dev/null 2>&1; then
    log "creating $venv_oldest with pandas and the oldest pyarrow it supports"
    rm -rf "$venv_oldest"
    mkdir -p "$cache"
    nice python3 -m venv "$venv_oldest" || die "python3 -m venv $venv_oldest failed"
    nice "$venv_oldest/bin/python" -m pip install -q --disable-pip-version-check pandas || die "pip install pandas failed"
    oldest=$("$venv_oldest/bin/python" - <<'PY'
import importlib.metadata, re
for requirement in importlib.metadata.requires("pandas") or []:
    found = re.match(r'pyarrow\s*>=\s*([0-9.]+)\s*;\s*extra\s*==\s*"pyarrow"', requirement)
    if found:
        print(found.group(1))
        break
PY
)
    [ -n "$oldest" ] || die "cannot find the oldest pyarrow pandas supports in its metadata"
    nice "$venv_oldest/bin/python" -m pip install -q --disable-pip-version-check "pyarrow==$oldest" \
        || die "pip install pyarrow==$oldest failed"
fi
python_oldest=$venv_oldest/bin/python

# R arrow reads the Parquet tables too, where Debian packages it (r-cran-arrow; not in bookworm).
r_arrow=0
if Rscript -e 'suppressPackageStartupMessages(library(arrow))' >/dev/null 2>&1; then
    r_arrow=1
elif command -v apt-cache >/dev/null && apt-cache show r-cran-arrow >/dev/null 2>&1; then
    apt_install r-cran-arrow
    Rscript -e 'suppressPackageStartupMessages(library(arrow))' >/dev/null 2>&1 && r_arrow=1
fi

if [ ! -x "$bin" ]; then
    [ -n "${TEXTMILL_BIN:-}" ] && die "TEXTMILL_BIN=$bin is not an executable file"
    log "building $bin"
    nice cargo build --release --bin textmill || die "cargo build --release failed"
fi
[ -x "$bin" ] || die "no textmill binary at $bin"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/textmill-contract.XXXXXX")
if [ "${TEXTMILL_KEEP_OUTPUT:-0}" = 1 ]; then echo "output kept in $tmp" >&2
else trap 'rm -rf "$tmp"' EXIT; fi
: >"$tmp/summary"

# run_textmill NAME OUTDIR ARGS... : runs the binary, keeps its stderr, expects exit 0.
run_textmill() {
    local name=$1 out=$2; shift 2
    log "$name: textmill run $* --output $out"
    nice "$bin" run "$@" --output "$out" 2>"$out.stderr" </dev/null
    local status=$?
    if [ "$status" -ne 0 ]; then
        echo "textmill exited $status; its stderr (last 20 lines):" >&2
        tail -n 20 "$out.stderr" >&2
    fi
    record "$name: textmill exits 0" "$status"
    return "$status"
}

# check_output NAME OUTDIR INPUT_ROOT EXPECTED_DOCS [CHECK_TABLES_PY_OPTION...] : both checkers on
# one output directory.
check_output() {
    local name=$1 out=$2 input=$3 docs=$4; shift 4
    log "$name: check_tables.py (Parquet)"
    "$python" "$here/check_tables.py" "$out" --input "$input" --expect-docs "$docs" \
        --counts-file "$tmp/$name.counts.json" "$@"
    record "$name: check_tables.py" $?
    log "$name: check_tables.R (CSV)"
    local counts=()
    [ -s "$tmp/$name.counts.json" ] && counts=("$tmp/$name.counts.json")
    Rscript "$here/check_tables.R" "$out" "${counts[@]}"
    record "$name: check_tables.R" $?
    [ -f "$out/documents.parquet" ] || return 0
    log "$name: Parquet types, and read by the oldest pyarrow pandas supports"
    "$python" - "$out" <<'PY'
import sys
import pyarrow as pa
import pyarrow.parquet as pq
views = [(table, field.name, str(field.type)) for table in ["documents", "sentences", "mentions", "entities", "errors"]
         for field in pq.read_schema(f"{sys.argv[1]}/{table}.parquet")
         if pa.types.is_string_view(field.type) or pa.types.is_binary_view(field.type)]
for table, column, kind in views:
    print(f"FAIL {table}.{column} is {kind}: pyarrow < 15 and other readers cannot read it", file=sys.stderr)
sys.exit(1 if views else 0)
PY
    record "$name: Parquet has no string_view/binary_view columns" $?
    "$python_oldest" - "$out" <<'PY'
import sys
import pandas as pd
import pyarrow as pa
for table in ["documents", "sentences", "mentions", "entities", "errors"]:
    pd.read_parquet(f"{sys.argv[1]}/{table}.parquet")
print(f"read with pandas {pd.__version__}, pyarrow {pa.__version__}", file=sys.stderr)
PY
    record "$name: Parquet read by pandas with its oldest supported pyarrow" $?
    if [ "$r_arrow" = 1 ]; then
        Rscript -e 'args <- commandArgs(TRUE); suppressPackageStartupMessages(library(arrow));
            for (t in c("documents", "sentences", "mentions", "entities", "errors")) invisible(read_parquet(file.path(args[1], paste0(t, ".parquet"))))' "$out"
        record "$name: Parquet read by R arrow" $?
    else
        printf 'SKIP  %s: Parquet read by R arrow (r-cran-arrow is not packaged for this system)\n' "$name" >>"$tmp/summary"
    fi
}

# ---------------------------------------------------------------------------------------------
# 2. Sample corpus, via the shipped pipeline.toml
# ---------------------------------------------------------------------------------------------
[ -d "$sample_dir" ] || die "sample corpus $sample_dir not found"
sample_docs=$(find "$sample_dir" -type f \( -name '*.txt' -o -name '*.md' \) | wc -l)
mkdir -p "$tmp/sample"
run_textmill sample "$tmp/sample" --config pipeline.toml --format both
check_output sample "$tmp/sample" "$sample_dir" "$sample_docs"

# ---------------------------------------------------------------------------------------------
# 3. Same tables whatever the thread count
# ---------------------------------------------------------------------------------------------
for threads in 1 2; do
    mkdir -p "$tmp/threads$threads"
    run_textmill "sample --threads $threads" "$tmp/threads$threads" --config pipeline.toml --format csv --threads "$threads"
done
log "comparing --threads 1 and --threads 2 tables"
same=0
for table in documents sentences mentions entities; do
    if ! cmp -s "$tmp/threads1/$table.csv" "$tmp/threads2/$table.csv"; then
        echo "$table.csv differs between --threads 1 and --threads 2:" >&2
        diff "$tmp/threads1/$table.csv" "$tmp/threads2/$table.csv" | head -n 10 >&2
        same=1
    fi
done
record "sample: identical tables with --threads 1 and 2" "$same"

# ---------------------------------------------------------------------------------------------
# 3b. Dataset layout: each table a directory of part files, read as one table
# ---------------------------------------------------------------------------------------------
case $sample_dir in /*) sample_path=$sample_dir ;; *) sample_path=$root/$sample_dir ;; esac
for layout in files dataset; do
    printf '[input]\npaths = ["%s"]\n[output]\nlayout = "%s"\n' "$sample_path" "$layout" >"$tmp/$layout.toml"
    mkdir -p "$tmp/$layout"
    run_textmill "sample, $layout layout" "$tmp/$layout" --config "$tmp/$layout.toml" --format both
done
log "dataset layout: pandas and the oldest pyarrow read each directory as the files layout's table"
for reader in "$python" "$python_oldest"; do
    version=$("$reader" -c 'import pyarrow; print(pyarrow.__version__)')
    "$reader" - "$tmp/dataset" "$tmp/files" <<'PY'
import sys
import pandas as pd
dataset, files = sys.argv[1], sys.argv[2]
failed = False
for table in ["documents", "sentences", "mentions", "entities", "errors"]:
    expected = pd.read_parquet(f"{files}/{table}.parquet")
    got = pd.read_parquet(f"{dataset}/{table}.parquet")[list(expected.columns)]
    key = list(expected.columns)
    expected = expected.sort_values(key).reset_index(drop=True)
    got = got.sort_values(key).reset_index(drop=True)
    if not got.equals(expected):
        print(f"FAIL {table}: the dataset layout's rows differ from the files layout's", file=sys.stderr)
        failed = True
sys.exit(1 if failed else 0)
PY
    record "sample, dataset layout: read_parquet(directory) with pyarrow $version equals the files layout" $?
done
log "dataset layout: R readr reads every part of each CSV directory"
Rscript - "$tmp/dataset" "$tmp/files" <<'R'
suppressPackageStartupMessages(library(readr))
args <- commandArgs(trailingOnly = TRUE)
failed <- FALSE
for (table in c("documents", "sentences", "mentions", "entities", "errors")) {
  parts <- list.files(file.path(args[1], paste0(table, ".csv")), full.names = TRUE)
  got <- read_csv(parts, col_types = cols(.default = col_character()), na = character())
  expected <- read_csv(file.path(args[2], paste0(table, ".csv")), col_types = cols(.default = col_character()), na = character())
  if (nrow(got) != nrow(expected) || !identical(names(got), names(expected))) {
    message(sprintf("FAIL %s: %d rows from the parts, %d in the files layout", table, nrow(got), nrow(expected)))
    failed <- TRUE
  }
}
quit(status = if (failed) 1 else 0)
R
record "sample, dataset layout: readr reads the CSV parts as the files layout's table" $?

# ---------------------------------------------------------------------------------------------
# 4. Awkward corpus
# ---------------------------------------------------------------------------------------------
awkward=$tmp/awkward-in
mkdir -p "$awkward/nested"
# Emoji (astral code points, ZWJ sequences, flags, skin tones) right next to names.
printf '%s\n' \
    'Emoji 🎉 summit opens in Zürich 🇨🇭' \
    '' \
    'The 👩‍👩‍👧 family of Edi Rama 👋🏽 arrived in Tirana on Monday. Crowds cheered 🇦🇱Albania’s win!' \
    '' \
    'Officials in Paris🎉 and Berlin said 🚀 the launch was delayed until July 15. “We are ready 💪,” said Angela Merkel.' \
    >"$awkward/emoji.txt"
# Accents, precomposed and combining (NFD), non-Latin scripts, characters whose case mapping
# changes length (İ, ß), a no-break space, a tab, a soft hyphen.
printf '%s\n' \
    'Kraków café owners protest in São Paulo' \
    '' \
    'Cafe'$'\u0301'' owners from Kraków met José Martínez in São Paulo on Tuesday. The mayor of İstanbul, Ekrem İmamoğlu, sent a letter.' \
    '' \
    'In Straße 12, Müller said the Ελλάδα and Москва delegations paid 3,000'$'\u00a0''euros.'$'\t''Zoë Ørsted agreed.' \
    'Nguyễn Thị Minh Khai Street in Hà Nội was closed on Wednesday.' \
    >"$awkward/accents.txt"
# Windows line endings, including a line break inside a paragraph and a whitespace-only line.
printf 'Albania cuts ties with Iran\r\n\r\nAlbania has cut diplomatic relations with Iran.\r\nPrime Minister Edi Rama announced it on Wednesday. Iran denied it.\r\n \t \r\n\r\nThe United Arab Emirates and Saudi Arabia said nothing.\r\n' \
    >"$awkward/crlf.txt"
# Curly quotes and apostrophes, quotes closing after the full stop, an ellipsis.
printf '%s\n' \
    'Albania’s leaders answer Iran’s “cyber war”' \
    '' \
    '“Iran attacked our systems,” Rama said. ‘It was unprecedented.’ The Foreign Ministry’s note followed…' \
    '' \
    'He added: “We stand with NATO and the European Union.” Officials in Tehran’s government rejected the claim.' \
    >"$awkward/curly.txt"
# A file that is only a headline (no trailing newline).
printf '%s' 'Albania expels Iranian diplomats' >"$awkward/title_only.txt"
# A nested path with a space and non-ASCII characters in it.
printf '%s\n' 'Zürich council meets' '' 'The council of Zürich met on Friday in Switzerland.' \
    >"$awkward/nested/Zürich news.txt"
# JSONL with two documents, one with a title field; escapes (\n, \r, \u00e9, a surrogate pair) must decode.
printf '%s\n' \
    '{"id": "jsonl-1", "title": "Rama speaks", "text": "Edi Rama spoke in Tirana on Monday.\r\nCaf\u00e9 owners cheered \ud83c\udf89.\n\nRama left."}' \
    '{"id": "jsonl-2", "text": "Iran responds\n\nIran\u2019s foreign ministry in Tehran rejected the claims on Thursday."}' \
    >"$awkward/docs.jsonl"
# A byte-order mark (kept in documents.text, but no sentence or title should start with it).
printf '\xef\xbb\xbfBOM headline for Tirana\n\nEdi Rama met officials in Tirana on Monday.\n' >"$awkward/bom.txt"
# Gzip-compressed text with CRLF line endings.
printf 'Gzip headline about Albania\r\n\r\nThe Prime Minister of Albania spoke in Tirana on Tuesday.\r\n' \
    | gzip -c >"$awkward/zipped.txt.gz"
# Markdown: heading marker and bullet glyphs outside the sentences.
printf '%s\n' '# Markdown notes on Iran' '' '- Bullet one about Iran.' '- Bullet two about Albania.' '' \
    '**Bold** text from Tirana.' >"$awkward/notes.md"
awkward_docs=$(( $(find "$awkward" -type f \( -name '*.txt' -o -name '*.md' -o -name '*.txt.gz' \) | wc -l) + 2 ))
mkdir -p "$tmp/awkward"
run_textmill awkward "$tmp/awkward" --config pipeline.toml --input "$awkward" --format both
# --strict: on these files the quality warnings (spans padded with whitespace or a BOM, mentions
# ending in punctuation, mention/entity label disagreements) count as failures too.
check_output awkward "$tmp/awkward" "$awkward" "$awkward_docs" --strict

log "awkward: every document keeps at least one sentence"
"$python" - "$tmp/awkward" <<'PY'
import sys
import pandas as pd
out = sys.argv[1]
documents = pd.read_parquet(f"{out}/documents.parquet")
empty = documents[documents["n_sentences"] < 1]
for doc_id in empty["doc_id"]:
    print(f"FAIL {doc_id}: no sentences at all (a headline-only file's headline is sentence 0)", file=sys.stderr)
row = documents[documents["doc_id"] == "title_only.txt"]
if len(row) and row["title"].isna().all():
    print("FAIL title_only.txt: title is null, expected 'Albania expels Iranian diplomats'", file=sys.stderr)
    sys.exit(1)
sys.exit(1 if len(empty) else 0)
PY
record "awkward: no document without sentences; title-only file has its title" $?

# ---------------------------------------------------------------------------------------------
# 5. The README's CSV lines on a corpus whose entities.csv opens with many number-only rows
# ---------------------------------------------------------------------------------------------
numbers=$tmp/numbers-in
mkdir -p "$numbers"
for n in $(seq 1 1200); do
    printf 'Officials counted %d ballots in Paris on Monday.\n' "$((n * 7 + 1000))" >"$numbers/doc_$n.txt"
done
printf 'Floods in Nairobi\n\nHeavy rain flooded Nairobi and Mombasa in Kenya on Tuesday.\n' >"$numbers/kenya.txt"
mkdir -p "$tmp/numbers/output"
run_textmill "numbers" "$tmp/numbers/output" --config pipeline.toml --input "$numbers" --format csv
log "numbers: readr reads entities.csv and mentions.csv by the README's lines: names and places whole"
grep -E '^(mentions|entities) <- readr::read_csv\("output/' README.md >"$tmp/numbers/readme.R"
(cd "$tmp/numbers" && Rscript - <<'R'
suppressPackageStartupMessages(library(readr))
source("readme.R")
failed <- FALSE
fail <- function(...) { message("FAIL ", ...); failed <<- TRUE }
if (!exists("entities") || !exists("mentions")) fail("the README has no readr line for entities.csv and mentions.csv")
raw <- read_csv("output/entities.csv", col_types = cols(.default = col_character()), na = character())
if (!is.character(entities$canonical)) fail("entities.canonical read as ", class(entities$canonical)[1])
placed <- sum(raw$geonames_id != "")
if (placed == 0) fail("the corpus gave no place on the map")
if (sum(!is.na(entities$geonames_id)) != placed) fail(sum(!is.na(entities$geonames_id)), " of ", placed, " places kept their geonames_id")
if (!identical(as.character(entities$canonical), raw$canonical)) fail("entities.canonical differs from the file")
if (!is.character(mentions$text) || !is.character(mentions$value)) fail("mentions.text or mentions.value not read as text")
quit(status = if (failed) 1 else 0)
R
)
record "numbers: the README's readr lines keep entities.csv's names and places" $?

# ---------------------------------------------------------------------------------------------
printf '\n== summary\n'
cat "$tmp/summary"
printf 'contract: %d passed, %d failed\n' "$(grep -c '^PASS' "$tmp/summary")" "${#failed[@]}"
if [ "${#failed[@]}" -gt 0 ]; then
    printf 'contract test FAILED: %d step(s) failed\n' "${#failed[@]}"
    exit 1
fi
echo "contract test passed"
