#!/usr/bin/env python3
"""Build tests/eval/sample_gold.jsonl and sample_boilerplate.json from sample_gold_source.txt.

    python3 tests/eval/sample_build.py            # rebuild both files, validate, print counts
    python3 tests/eval/sample_build.py --check    # validate the existing files (and that they match the source)
    python3 tests/eval/sample_build.py --lint     # also list words that look like missed entities

Gold NER annotations for the real articles in data/sample/*.txt. Unlike ner_eval_source.txt, the
texts are not normalised: `text` is the file content verbatim (open(path, encoding="utf-8",
newline="").read()), checked here byte for byte, so offsets index documents.text directly.

Source format: documents start with "=== <file name> ==="; entities are written [[surface|LABEL]];
a line starting with "{{bp}}" is boilerplate (prefix removed). Trailing newlines at the end of a
block are ignored (the file's own ending is kept). Validation reuses build_eval.validate and adds:
text == file, no entity on a boilerplate line, boilerplate lines non-blank. Boilerplate lines are
listed per document in file order as their exact trimmed text (repeats, e.g. "Advertisement",
are listed once per occurrence).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SAMPLE_DIR = os.path.join(ROOT, "data", "sample")
SRC = os.path.join(HERE, "sample_gold_source.txt")
OUT = os.path.join(HERE, "sample_gold.jsonl")
OUT_BP = os.path.join(HERE, "sample_boilerplate.json")
BP = "{{bp}}"

sys.path.insert(0, HERE)
import build_eval  # noqa: E402  (same directory: MARK, LABELS, validate, lint, counts)


def read_raw(doc_id: str) -> str:
    with open(os.path.join(SAMPLE_DIR, doc_id), encoding="utf-8", newline="") as f:
        return f.read()


def parse_block(doc_id: str, lines: list[str]) -> tuple[dict, list[str], list[int]]:
    bp_lines, bp_idx, clean_lines = [], [], []
    for i, ln in enumerate(lines):
        if ln.startswith(BP):
            ln = ln[len(BP):]
            if "[[" in ln:
                sys.exit(f"{doc_id}: entity markup on a boilerplate line: {ln[:60]!r}")
            if not ln.strip():
                sys.exit(f"{doc_id}: blank line marked as boilerplate")
            bp_lines.append(ln.strip())
            bp_idx.append(i)
        clean_lines.append(ln)
    src = "\n".join(clean_lines).rstrip("\n")
    parts, ents, pos, last = [], [], 0, 0
    for m in build_eval.MARK.finditer(src):
        parts.append(src[last:m.start()])
        pos += m.start() - last
        surface, label = m.group(1), m.group(2)
        if label not in build_eval.LABELS:
            sys.exit(f"{doc_id}: unknown label {label!r}")
        ents.append({"start": pos, "end": pos + len(surface), "label": label})
        parts.append(surface)
        pos += len(surface)
        last = m.end()
    parts.append(src[last:])
    text = "".join(parts)
    if "[[" in text or "]]" in text or BP in text:
        sys.exit(f"{doc_id}: unparsed markup left near {text[text.find('[['):][:60]!r}")
    raw = read_raw(doc_id)
    if raw.rstrip("\n") != text:
        i = next((k for k, (a, b) in enumerate(zip(raw, text)) if a != b), min(len(raw), len(text)))
        sys.exit(f"{doc_id}: text differs from the file at char {i}: "
                 f"file {raw[max(0, i - 30):i + 30]!r} vs source {text[max(0, i - 30):i + 30]!r}")
    return {"id": doc_id, "text": raw, "entities": ents}, bp_lines, bp_idx


def parse_source(path: str) -> tuple[list[dict], dict[str, list[str]], dict[str, list[int]]]:
    """Documents, boilerplate line texts per document, and their 0-based line numbers."""
    blocks: list[tuple[str, list[str]]] = []
    with open(path, encoding="utf-8", newline="") as f:
        for line in f.read().split("\n"):
            m = re.match(r"^=== (\S+) ===$", line)
            if m:
                blocks.append((m.group(1), []))
            elif blocks:
                blocks[-1][1].append(line)
    docs, bps, idx = [], {}, {}
    for doc_id, lines in blocks:
        d, bp, bi = parse_block(doc_id, lines)
        docs.append(d)
        bps[doc_id] = bp
        idx[doc_id] = bi
    return docs, bps, idx


def check(docs: list[dict], bps: dict[str, list[str]], idx: dict[str, list[int]]) -> list[str]:
    errs = build_eval.validate(docs)
    files = sorted(f for f in os.listdir(SAMPLE_DIR) if f.endswith(".txt"))
    if sorted(d["id"] for d in docs) != files:
        errs.append(f"documents {sorted(d['id'] for d in docs)} != files {files}")
    if sorted(bps) != files:
        errs.append(f"boilerplate keys {sorted(bps)} != files {files}")
    for d in docs:
        t = d["text"]
        if read_raw(d["id"]) != t:
            errs.append(f"{d['id']}: text is not the file content verbatim")
        # line spans of the boilerplate lines (by line number from the source)
        lines = t.split("\n")
        starts = [0]
        for ln in lines:
            starts.append(starts[-1] + len(ln) + 1)
        bi = idx.get(d["id"], [])
        if [lines[i].strip() for i in bi] != bps.get(d["id"], []):
            errs.append(f"{d['id']}: boilerplate list does not match the marked lines of the source")
        bp_spans = [(starts[i], starts[i] + len(lines[i])) for i in bi]
        for e in d["entities"]:
            if any(s <= e["start"] < en for s, en in bp_spans):
                errs.append(f"{d['id']}[{e['start']}:{e['end']}] {t[e['start']:e['end']]!r}: on a boilerplate line")
    return errs


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--check", action="store_true", help="validate the existing output files only")
    ap.add_argument("--lint", action="store_true", help="list likely missed entities")
    args = ap.parse_args()
    src_docs, src_bps, idx = parse_source(SRC)
    if args.check:
        with open(OUT, encoding="utf-8") as f:
            docs = [json.loads(l) for l in f if l.strip()]
        with open(OUT_BP, encoding="utf-8") as f:
            bps = json.load(f)
        if docs != src_docs or bps != src_bps:
            print("ERROR output files are out of date with sample_gold_source.txt (rebuild)")
            sys.exit(1)
    else:
        docs, bps = src_docs, src_bps
        with open(OUT, "w", encoding="utf-8", newline="\n") as f:
            for d in docs:
                f.write(json.dumps(d, ensure_ascii=False) + "\n")
        with open(OUT_BP, "w", encoding="utf-8", newline="\n") as f:
            json.dump(bps, f, ensure_ascii=False, indent=2)
            f.write("\n")
    errs = check(docs, bps, idx)
    for e in errs:
        print("ERROR", e)
    build_eval.counts(docs)
    print(f"  boilerplate lines: {sum(len(v) for v in bps.values())} "
          f"({', '.join(f'{k[:3]}: {len(v)}' for k, v in bps.items())})")
    if args.lint:
        # lint the article content only: blank out boilerplate lines first
        shown = []
        for d in docs:
            keep = set(bps.get(d["id"], []))
            t = "\n".join(" " * len(ln) if ln.strip() in keep else ln for ln in d["text"].split("\n"))
            shown.append({**d, "text": t})
        build_eval.lint(shown)
    sys.exit(1 if errs else 0)


if __name__ == "__main__":
    main()
