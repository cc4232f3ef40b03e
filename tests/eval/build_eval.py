#!/usr/bin/env python3
"""Build tests/eval/ner_eval.jsonl from ner_eval_source.txt and validate it.

    python3 tests/eval/build_eval.py            # rebuild ner_eval.jsonl, validate, print counts
    python3 tests/eval/build_eval.py --check    # validate the existing ner_eval.jsonl only
    python3 tests/eval/build_eval.py --lint     # also list words that look like missed entities

Source format: documents start with "=== <id> ==="; entities are written [[surface|LABEL]].
Offsets are 0-based, end-exclusive Unicode code-point offsets into the text (Python str indices).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(HERE, "ner_eval_source.txt")
OUT = os.path.join(HERE, "ner_eval.jsonl")

LABELS = {"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW",
          "LANGUAGE", "DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"}
SCORED = ["PERSON", "ORG", "GPE", "LOC", "NORP", "DATE", "FAC", "EVENT"]
MARK = re.compile(r"\[\[([^\[\]|]+)\|([A-Z_]+)\]\]")
TITLES = {"mr", "mrs", "ms", "dr", "sir", "dame", "prof", "professor", "president", "prime", "minister",
          "cllr", "councillor", "gov", "governor", "sen", "senator", "rep", "judge", "justice", "rev",
          "reverend", "sheikh", "lord", "lady", "king", "queen", "detective", "sergeant", "speaker"}


def parse_source(path: str) -> list[dict]:
    docs = []
    cur_id, lines = None, []

    def flush():
        if cur_id is None:
            return
        raw = "\n".join(lines).strip("\n") + "\n"
        text, ents, pos, last = [], [], 0, 0
        for m in MARK.finditer(raw):
            text.append(raw[last:m.start()])
            pos += m.start() - last
            surface, label = m.group(1), m.group(2)
            if label not in LABELS:
                sys.exit(f"{cur_id}: unknown label {label!r}")
            ents.append({"start": pos, "end": pos + len(surface), "label": label})
            text.append(surface)
            pos += len(surface)
            last = m.end()
        text.append(raw[last:])
        t = "".join(text)
        if "[[" in t or "]]" in t:
            sys.exit(f"{cur_id}: unparsed markup left: {t[t.find('[['):][:60]!r}")
        docs.append({"id": cur_id, "text": t, "entities": ents})

    with open(path, encoding="utf-8") as f:
        for line in f.read().split("\n"):
            m = re.match(r"^=== (\S+) ===$", line)
            if m:
                flush()
                cur_id, lines = m.group(1), []
            elif cur_id is not None:
                lines.append(line)
    flush()
    return docs


def validate(docs: list[dict]) -> list[str]:
    errs = []
    ids = Counter(d["id"] for d in docs)
    errs += [f"duplicate id {i}" for i, n in ids.items() if n > 1]
    for d in docs:
        t = d["text"]
        prev_end = -1
        for e in sorted(d["entities"], key=lambda e: (e["start"], e["end"])):
            s, en, lab = e["start"], e["end"], e["label"]
            span = t[s:en]
            where = f"{d['id']}[{s}:{en}] {span!r} {lab}"
            if not (0 <= s < en <= len(t)):
                errs.append(f"{where}: bad offsets")
                continue
            if lab not in LABELS:
                errs.append(f"{where}: unknown label")
            if span != span.strip() or not span.strip():
                errs.append(f"{where}: not trimmed / empty")
            if "\n" in span:
                errs.append(f"{where}: crosses a line break")
            if s < prev_end:
                errs.append(f"{where}: overlaps previous entity")
            prev_end = max(prev_end, en)
            low = span.lower()
            if low.startswith("the ") and lab not in {"DATE", "WORK_OF_ART", "TIME"}:
                errs.append(f"{where}: leading 'the'")
            if low.endswith(("'s", "’s")) and lab != "FAC":
                errs.append(f"{where}: trailing possessive")
            if lab == "PERSON" and low.split(" ")[0].rstrip(".") in TITLES:
                errs.append(f"{where}: title inside PERSON")
            # entity must start and end on a word boundary
            if s > 0 and t[s - 1].isalnum():
                errs.append(f"{where}: starts inside a word")
            if en < len(t) and t[en].isalnum():
                errs.append(f"{where}: ends inside a word")
    return errs


MONTHS = "january february march april may june july august september october november december".split()
DAYS = "monday tuesday wednesday thursday friday saturday sunday".split()
NUMWORDS = ("one two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty "
            "hundred thousand million billion first second third fourth fifth sixth seventh eighth "
            "ninth tenth today yesterday tomorrow tonight").split()


def lint(docs: list[dict]) -> None:
    """Print tokens outside every entity that often are entities (to catch misses by eye)."""
    for d in docs:
        t = d["text"]
        covered = [False] * len(t)
        for e in d["entities"]:
            for i in range(e["start"], e["end"]):
                covered[i] = True
        for m in re.finditer(r"[A-Za-z0-9][\w'’.\-]*", t):
            if any(covered[m.start():m.end()]):
                continue
            w = m.group(0).rstrip(".")
            low = w.lower()
            sent_start = m.start() == 0 or re.search(r"(^|[.!?\"“]\s+|\n)$", t[max(0, m.start() - 3):m.start()])
            flag = (low in MONTHS or low in DAYS or low in NUMWORDS or any(c.isdigit() for c in w)
                    or (w[:1].isupper() and not sent_start))
            if flag:
                ctx = t[max(0, m.start() - 25):m.end() + 25].replace("\n", " ")
                print(f"  {d['id']}: {w!r}  …{ctx}…")


def counts(docs: list[dict]) -> None:
    c = Counter(e["label"] for d in docs for e in d["entities"])
    total = sum(c.values())
    scored = sum(c[l] for l in SCORED)
    print(f"{len(docs)} documents, {total} entities ({scored} in the 8 scored labels), "
          f"{sum(len(d['text']) for d in docs)} characters")
    for lab in sorted(c, key=lambda l: (-c[l], l)):
        print(f"  {lab:12s} {c[lab]:4d}{'  *' if lab in SCORED else ''}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--check", action="store_true", help="validate the existing jsonl only")
    ap.add_argument("--lint", action="store_true", help="list likely missed entities")
    args = ap.parse_args()
    if args.check:
        with open(OUT, encoding="utf-8") as f:
            docs = [json.loads(l) for l in f if l.strip()]
    else:
        docs = parse_source(SRC)
        with open(OUT, "w", encoding="utf-8", newline="\n") as f:
            for d in docs:
                f.write(json.dumps(d, ensure_ascii=False) + "\n")
    errs = validate(docs)
    for e in errs:
        print("ERROR", e)
    counts(docs)
    if args.lint:
        lint(docs)
    sys.exit(1 if errs else 0)


if __name__ == "__main__":
    main()
