#!/usr/bin/env bash
# Benchmark and check (not a test) of `textmill stream` on N JSONL documents (default 10,000, cut
# from the State of the Union addresses by scripts/sotu_documents.sh, with a malformed line in
# the middle): one answer per input line, in order, offsets that slice the answer's text to the
# sentence and mention texts, the malformed line answered in place; words/s next to
# `textmill run` over the same JSONL file with the same threads.
#
#   scripts/bench_stream.sh [--docs N] [--threads T]
set -euo pipefail
cd "$(dirname "$0")/.."
docs=10000 threads=2
while [ $# -gt 0 ]; do
  case "$1" in
    --docs) docs=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
. scripts/bench_common.sh stream
scripts/sotu_documents.sh "$docs" "$work/txt"
python3 - "$work/txt" "$work/docs.jsonl" <<'PY'
import json, os, sys
src, dst = sys.argv[1], sys.argv[2]
names = sorted(os.listdir(src))
with open(dst, "w", encoding="utf-8") as out:
    for i, name in enumerate(names):
        if i == len(names) // 2:
            out.write("{this line is not JSON\n")
        with open(os.path.join(src, name), encoding="utf-8") as f:
            out.write(json.dumps({"id": name[:-4], "text": f.read()}) + "\n")
PY
words=$(python3 -c "import json,sys; print(sum(len(json.loads(l)['text'].split()) for l in open(sys.argv[1]) if l.startswith('{\"')))" "$work/docs.jsonl")
start=$(date +%s.%N)
"$bin" stream --threads "$threads" < "$work/docs.jsonl" > "$work/answers.jsonl" 2>/dev/null || [ $? -eq 1 ]
stream=$(calc "$(date +%s.%N) - $start")
start=$(date +%s.%N)
"$bin" run -q --threads "$threads" --format parquet --input "$work/docs.jsonl" --output "$work/out" >/dev/null 2>&1 || [ $? -eq 1 ]
run=$(calc "$(date +%s.%N) - $start")
python3 - "$work/docs.jsonl" "$work/answers.jsonl" <<'PY'
import json, sys
inputs = open(sys.argv[1], encoding="utf-8").read().splitlines()
answers = open(sys.argv[2], encoding="utf-8").read().splitlines()
assert len(answers) == len(inputs), f"{len(answers)} answers to {len(inputs)} lines"
checked = 0
for n, (line, answer) in enumerate(zip(inputs, answers), 1):
    a = json.loads(answer)
    if not line.startswith('{"'):
        assert "error" in a and a["doc_id"] == f"L{n}", f"line {n}: {a}"
        continue
    assert a["doc_id"] == json.loads(line)["id"], f"line {n}: answered {a['doc_id']}"
    text = a["text"]
    for s in a["sentences"]:
        assert text[s["start_char"]:s["end_char"]] == s["text"], f"line {n}: sentence offsets"
    for m in a["mentions"]:
        assert text[m["start_char"]:m["end_char"]] == m["text"], f"line {n}: mention offsets"
        checked += 1
print(f"answers: {len(answers)} for {len(inputs)} lines, in order; the malformed line answered in place; {checked} mention offsets valid")
PY
printf '%-34s %9s %12s\n' "$docs documents, $words words" "seconds" "words/s"
printf '%-34s %8.2fs %12.0f\n' "textmill stream --threads $threads" "$stream" "$(calc "$words / $stream")"
printf '%-34s %8.2fs %12.0f\n' "textmill run --threads $threads" "$run" "$(calc "$words / $run")"
