#!/usr/bin/env python3
"""Dates against TimeBank: extraction and value F1 of textmill's DATE and TIME mentions.

    scripts/timebank/eval.py --textmill BIN [--data ../shared/data/timebank] [--errors N]

Each of TimeBank's 183 `.tml` documents becomes one JSONL record (`text` = the document's TEXT
with its markup dropped, `published` = its DCT, the creation date relative expressions are read
against); textmill runs over them (clean off: the texts are article bodies already; aggregate
off). Gold: the TEXT's TIMEX3 of type DATE and TIME (durations and sets are not dates). Scored
as TempEval-3 task A does it:
- extraction, relaxed: a mention matches a gold expression whose characters it overlaps (one to
  one, in text order); P = matches / mentions, R = matches / gold expressions;
- value: a match counts when the mention's `value` equals the gold `value`; P and R over the
  same totals, so value F1 is at most the extraction F1.
Split by outlet: `--split dev` is the Wall Street Journal's 134 documents, on which the rules
were developed; `--split test` the 49 of the other outlets, never looked at while writing them.
Standard library only. The data stays where it is (LDC material: used to evaluate, never shipped).
"""
import argparse
import csv
import json
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

csv.field_size_limit(1 << 30)


def load(path):
    """(doc id, text, dct, [(start, end, type, value)]) of one .tml file."""
    root = ET.parse(path).getroot()
    dct = root.find("DCT/TIMEX3").get("value")[:10]
    text_el = root.find("TEXT")
    parts, gold = [], []

    def walk(el):
        if el is not text_el:
            start = sum(map(len, parts))
            parts.append(el.text or "")
            for child in el:
                walk(child)
                parts.append(child.tail or "")
            if el.tag == "TIMEX3" and el.get("type") in ("DATE", "TIME"):
                gold.append((start, sum(map(len, parts)), el.get("type"), el.get("value")))
        else:
            parts.append(el.text or "")
            for child in el:
                walk(child)
                parts.append(child.tail or "")

    walk(text_el)
    return path.stem, "".join(parts), dct, gold


def same_value(system, gold):
    """Values are equal; a decade or century padded with X ("199X", the contract's form) equals
    TimeML 1.2's unpadded one ("199"), which most of TimeBank uses."""
    if system is None or gold is None:
        return system == gold
    return system.rstrip("X") == gold.rstrip("X") if system[:1].isdigit() and len(system.rstrip("X")) < 4 else system == gold


def match(system, gold):
    """Greedy one-to-one overlap matching in text order: [(system i, gold j)]."""
    pairs, used = [], set()
    for i, (s, e, _) in enumerate(system):
        for j, (gs, ge, _, _) in enumerate(gold):
            if j not in used and s < ge and gs < e:
                pairs.append((i, j))
                used.add(j)
                break
    return pairs


def f1(p, r):
    return 2 * p * r / (p + r) if p + r else 0.0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--textmill", required=True)
    ap.add_argument("--data", default=str(Path(__file__).resolve().parents[2].parent / "shared" / "data" / "timebank"))
    ap.add_argument("--errors", type=int, default=0, help="print this many wrong values")
    ap.add_argument("--time-references", action="store_true",
                    help="run with tag.tagger.post.time_references on (\"now\", \"recently\", \"soon\" as DATE mentions)")
    ap.add_argument("--misses", type=int, default=0,
                    help="print this many gold expressions no mention overlaps, and as many mentions no gold one does")
    ap.add_argument("--split", choices=["all", "dev", "test"], default="all",
                    help="dev: the Wall Street Journal's documents (rules are developed on these); test: the other outlets' (ABC, AP, CNN, NYT, PRI, VOA...)")
    args = ap.parse_args()
    docs = [load(p) for p in sorted(Path(args.data, "tml").glob("*.tml"))]
    if args.split != "all":
        docs = [d for d in docs if (d[0].lower().startswith("wsj")) == (args.split == "dev")]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        with open(tmp / "timebank.jsonl", "w", encoding="utf-8") as f:
            for doc_id, text, dct, _ in docs:
                f.write(json.dumps({"id": doc_id, "text": text, "published": dct}) + "\n")
        references = "[tag.tagger.post]\ntime_references = true\n" if args.time_references else ""
        (tmp / "pipeline.toml").write_text("[clean]\nenabled = false\n[aggregate]\nenabled = false\n" + references)
        subprocess.run([args.textmill, "run", "-q", "--config", str(tmp / "pipeline.toml"), "--input", str(tmp / "timebank.jsonl"),
                        "--output", str(tmp / "out"), "--format", "csv"], check=True)
        mentions = {}
        with open(tmp / "out" / "mentions.csv", encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                if row["label"] in ("DATE", "TIME"):
                    doc_id = row["doc_id"].split("#", 1)[1]
                    mentions.setdefault(doc_id, []).append((int(row["start_char"]), int(row["end_char"]), row.get("value") or None))
    n_system = n_gold = matched = right = 0
    wrong, missed, spurious = [], [], []
    for doc_id, text, dct, gold in docs:
        system = sorted(mentions.get(doc_id, []))
        n_system += len(system)
        n_gold += len(gold)
        pairs = match(system, gold)
        missed += [(doc_id, text[gs:ge], v) for j, (gs, ge, _, v) in enumerate(gold) if j not in {b for _, b in pairs}]
        spurious += [(doc_id, text[s:e], v) for i, (s, e, v) in enumerate(system) if i not in {a for a, _ in pairs}]
        for i, j in pairs:
            matched += 1
            if same_value(system[i][2], gold[j][3]):
                right += 1
            else:
                wrong.append((doc_id, dct, text[system[i][0]:system[i][1]], system[i][2], text[gold[j][0]:gold[j][1]], gold[j][3]))
    p, r = matched / max(n_system, 1), matched / max(n_gold, 1)
    vp, vr = right / max(n_system, 1), right / max(n_gold, 1)
    print(f"TimeBank: {len(docs)} documents, {n_gold} DATE/TIME expressions, {n_system} DATE/TIME mentions")
    print("| | P | R | F1 |\n|---|---|---|---|")
    print(f"| extraction (relaxed) | {100 * p:.1f} | {100 * r:.1f} | {100 * f1(p, r):.1f} |")
    print(f"| value | {100 * vp:.1f} | {100 * vr:.1f} | {100 * f1(vp, vr):.1f} |")
    print(f"value right on {right} of {matched} matched expressions ({100 * right / max(matched, 1):.1f}%)")
    for doc_id, dct, got_text, got, want_text, want in wrong[: args.errors]:
        print(f"  {doc_id} (DCT {dct}): {got_text!r} -> {got}   gold {want_text!r} = {want}")
    for what, rows in (("missed", missed), ("spurious", spurious)):
        for doc_id, span, value in rows[: args.misses]:
            print(f"  {what} {doc_id}: {span!r} = {value}")


if __name__ == "__main__":
    sys.exit(main())
