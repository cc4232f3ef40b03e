#!/usr/bin/env bash
# Reproduce resources/clean/model.json from the labelled data, then score it on the held-out sites.
#
#   scripts/clean/train.sh [TRAFILATURA_EVAL_DIR]     (default: ../shared/data/trafilatura-eval)
#
# With TEXTMILL_KEEP_CLASSIFIER=1 the line classifier of the committed model is kept and only the
# headline ranker is trained (how the shipped model was made: see docs/clean.md, "Retraining").
#
# 1. renders trafilatura's annotated pages to labelled plain text (headless Chromium's innerText
#    and w3m dumps; Debian packages chromium and w3m, installed when missing);
# 2. rebuilds the hand-labelled set (tests/clean_eval/build.py);
# 3. trains the line model on the training split of both (scripts/clean/train.py, LightGBM in a
#    throwaway venv; deterministic) and writes resources/clean/model.json;
# 4. builds textmill with the new model and scores it on the test split (scripts/clean/eval.py).
# The rendered pages stay outside the repository ($TEXTMILL_CLEAN_WORK, default ~/.cache/textmill/clean).
set -euo pipefail
cd "$(dirname "$0")/../.."
data=${1:-../shared/data/trafilatura-eval}
work=${TEXTMILL_CLEAN_WORK:-$HOME/.cache/textmill/clean}
venv=$work/venv
target=${CARGO_TARGET_DIR:-target}
mkdir -p "$work"

missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v w3m >/dev/null || missing+=(w3m)
if [ "${#missing[@]}" -gt 0 ]; then
    echo "installing ${missing[*]} (Debian packages)" >&2
    apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
fi
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install -q -r scripts/clean/requirements.txt

if [ ! -s "$work/traf.jsonl" ]; then
    echo "rendering $data into $work/traf.jsonl (about 20 minutes on 2 cores)" >&2
    "$venv/bin/python" scripts/clean/render_trafilatura.py "$data" "$work/traf.jsonl.part"
    mv "$work/traf.jsonl.part" "$work/traf.jsonl"
fi
python3 tests/clean_eval/build.py

cargo build --release --example clean_features
# textmill's own reading of the same pages (the HTML path), with each line's HTML block.
"$venv/bin/python" scripts/clean/extract_trafilatura.py "$data" "$work/extracted.jsonl" \
    --features "$target/release/examples/clean_features"
keep=()
if [ -n "${TEXTMILL_KEEP_CLASSIFIER:-}" ]; then
    cp resources/clean/model.json "$work/committed-model.json"
    keep=(--keep-classifier "$work/committed-model.json")
fi
"$venv/bin/python" scripts/clean/train.py --features "$target/release/examples/clean_features" \
    --data "$work/traf.jsonl" --data tests/clean_eval/clean_eval.jsonl --out resources/clean/model.json "${keep[@]}"
# The page model: the same pages and textmill's readings of them, with their lines' HTML blocks.
"$venv/bin/python" scripts/clean/train.py --features "$target/release/examples/clean_features" --page \
    --data "$work/traf.jsonl" --data tests/clean_eval/clean_eval.jsonl --data "$work/extracted.jsonl" \
    --out resources/clean/page_model.json
cargo build --release --bin textmill
python3 scripts/clean/eval.py --textmill "$target/release/textmill" \
    --data "$work/traf.jsonl" --data tests/clean_eval/clean_eval.jsonl
