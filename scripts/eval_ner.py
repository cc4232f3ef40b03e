#!/usr/bin/env python3
"""Score NER predictions against tests/eval/ner_eval.jsonl (exact span + label match).

    python3 scripts/eval_ner.py PREDICTIONS.jsonl [--gold tests/eval/ner_eval.jsonl] [--json]
                                [--errors N]

PREDICTIONS.jsonl: one object per line, {"id": "...", "entities": [{"start": s, "end": e,
"label": "GPE"}, ...]}, offsets as 0-based end-exclusive Unicode code-point offsets into the
gold document's text. A gold document with no prediction line counts as predicting nothing;
prediction lines for unknown ids are an error. Duplicate predicted spans count once.

Prints precision / recall / F1 per label and micro-averaged over the 8 scored labels
(PERSON ORG GPE LOC NORP DATE FAC EVENT) and over all 18 labels. Only the Python standard
library is used. --errors N lists up to N false positives and false negatives per document.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter

SCORED = ["PERSON", "ORG", "GPE", "LOC", "NORP", "DATE", "FAC", "EVENT"]
ALL = SCORED + ["PRODUCT", "WORK_OF_ART", "LAW", "LANGUAGE", "TIME", "PERCENT", "MONEY",
                "QUANTITY", "ORDINAL", "CARDINAL"]
DEFAULT_GOLD = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "eval",
                            "ner_eval.jsonl")


def load(path: str) -> dict[str, dict]:
    out = {}
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            d = json.loads(line)
            if d["id"] in out:
                sys.exit(f"{path}:{n}: duplicate id {d['id']}")
            out[d["id"]] = d
    return out


def spans(doc: dict) -> set[tuple[int, int, str]]:
    return {(int(e["start"]), int(e["end"]), str(e["label"])) for e in doc.get("entities", [])}


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def score(gold: dict[str, dict], pred: dict[str, dict]):
    unknown = sorted(set(pred) - set(gold))
    if unknown:
        sys.exit(f"predictions for ids not in the gold set: {unknown[:5]}")
    tp, fp, fn = Counter(), Counter(), Counter()
    errors = {}
    for doc_id, g in gold.items():
        gs = spans(g)
        ps = spans(pred.get(doc_id, {}))
        for s in gs & ps:
            tp[s[2]] += 1
        for s in ps - gs:
            fp[s[2]] += 1
        for s in gs - ps:
            fn[s[2]] += 1
        errors[doc_id] = (sorted(ps - gs), sorted(gs - ps))
    return tp, fp, fn, errors


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("predictions")
    ap.add_argument("--gold", default=DEFAULT_GOLD)
    ap.add_argument("--json", action="store_true", help="print the scores as one JSON object")
    ap.add_argument("--errors", type=int, default=0, metavar="N", help="list up to N errors per document")
    args = ap.parse_args()

    gold, pred = load(args.gold), load(args.predictions)
    tp, fp, fn, errors = score(gold, pred)
    labels = ALL + sorted((set(tp) | set(fp) | set(fn)) - set(ALL))

    rows = {}
    for lab in labels:
        rows[lab] = (tp[lab], fp[lab], fn[lab]) + prf(tp[lab], fp[lab], fn[lab])
    for name, group in (("scored-8", SCORED), ("all", labels)):
        t = sum(tp[l] for l in group)
        p_ = sum(fp[l] for l in group)
        n = sum(fn[l] for l in group)
        rows[name] = (t, p_, n) + prf(t, p_, n)

    if args.json:
        print(json.dumps({k: {"tp": v[0], "fp": v[1], "fn": v[2], "precision": round(v[3], 4),
                              "recall": round(v[4], 4), "f1": round(v[5], 4)} for k, v in rows.items()},
                         indent=1))
    else:
        print(f"{'label':12s} {'gold':>5s} {'pred':>5s} {'tp':>5s} {'P':>6s} {'R':>6s} {'F1':>6s}")
        for lab in labels + ["scored-8", "all"]:
            t, p_, n, P, R, F = rows[lab]
            if lab == "scored-8":
                print("-" * 50)
            mark = " *" if lab in SCORED else ""
            print(f"{lab:12s} {t + n:5d} {t + p_:5d} {t:5d} {P:6.3f} {R:6.3f} {F:6.3f}{mark}")
        print("(* = one of the 8 scored labels; exact span + label match)")

    if args.errors:
        for doc_id, (fps, fns) in errors.items():
            if not fps and not fns:
                continue
            text = gold[doc_id]["text"]
            print(f"\n## {doc_id}")
            for s, e, l in fps[: args.errors]:
                print(f"  FP {l:10s} {text[s:e]!r} [{s}:{e}]")
            for s, e, l in fns[: args.errors]:
                print(f"  FN {l:10s} {text[s:e]!r} [{s}:{e}]")


if __name__ == "__main__":
    main()
