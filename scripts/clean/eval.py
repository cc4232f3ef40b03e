#!/usr/bin/env python3
"""Score the clean stage through the real binary, on the held-out split of labelled sets.

    eval.py --textmill BIN [--textmill OTHER_BIN ...] --data FILE.jsonl [--data ...] [--split test]
            [--clean-dir DIR ...] [--threshold X] [--fold-models M0 M1 M2 --split train]

Each data file is scored on its own (the trafilatura-derived set and the hand-labelled set are
reported separately). Every document of the split becomes a .txt file; the binary runs on them
with tagging off, and a non-blank line that no sentence overlaps counts as removed (the
contract's definition). Figures, per binary:
- furniture P/R/F1 over labelled lines (furniture, byline and date lines are the positives;
  text and headline lines the negatives; unknown lines are not scored);
- text lines removed, % (article lines lost);
- headline accuracy: documents.title equals the labelled headline line(s), spaces and line
  breaks read as one space (or both are absent);
- byline accuracy: documents.authors names the labelled authors (as a set of names);
- date accuracy: documents.published equals the labelled date.
`--clean-dir` also reports the share of non-blank lines removed from files with no furniture.
Standard library only.
"""
import argparse
import hashlib
import csv
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

csv.field_size_limit(1 << 30)
FURNITURE = {"furniture", "byline", "date"}


def run_binary(binary, texts, threshold=None, env=None):
    """Run `binary` over texts ({name: text}); returns (documents rows by name, sentence spans by name)."""
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        (tmp / "in").mkdir()
        for name, text in texts.items():
            (tmp / "in" / f"{name}.txt").write_text(text, encoding="utf-8", newline="")
        config = ['[input]', f'paths = ["{tmp / "in"}"]', '[output]', f'dir = "{tmp / "out"}"', 'format = "csv"',
                  '[tag]', 'enabled = false', '[aggregate]', 'enabled = false']
        if threshold is not None:
            config += ['[clean]', f'threshold = {threshold}']
        (tmp / "pipeline.toml").write_text("\n".join(config) + "\n")
        subprocess.run([binary, "run", "-q", "--config", str(tmp / "pipeline.toml")], check=False,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env={**os.environ, **(env or {})})
        documents = {}
        with open(tmp / "out" / "documents.csv", encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                documents[row["doc_id"][: -len(".txt")]] = row
        spans = {name: [] for name in documents}
        with open(tmp / "out" / "sentences.csv", encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                spans[row["doc_id"][: -len(".txt")]].append((int(row["start_char"]), int(row["end_char"])))
    return documents, spans


def site_fold(site):
    """The fold (of three) a site's pages fall in: train.py's cross-validation folds."""
    return int(hashlib.sha256(site.encode()).hexdigest()[8:16], 16) % 3


def line_spans(text):
    """(start, end) of each line of text.split("\\n"), in code points."""
    out, start = [], 0
    for line in text.split("\n"):
        out.append((start, start + len(line)))
        start += len(line) + 1
    return out


def removed_lines(text, spans):
    removed = []
    for i, (start, end) in enumerate(line_spans(text)):
        if not text[start:end].strip():
            removed.append(None)
            continue
        removed.append(not any(s < end and e > start for s, e in spans))
    return removed


def names(value):
    if not value:
        return frozenset()
    # Names are "; "-separated in the tables; trafilatura's metadata also joins them with ", ".
    return frozenset(" ".join(re.sub(r"[^\w ]", " ", n).lower().split()) for n in re.split(r"[;,]", value) if n.strip())


def gold_of(doc):
    labels = doc["labels"]
    lines = doc["text"].split("\n")
    # A headline wrapped over lines (a text-mode dump's 80 columns) is all its lines.
    first = next((i for i, l in enumerate(labels) if l == "headline"), None)
    headline = None
    if first is not None:
        end = first
        while end < len(labels) and labels[end] == "headline":
            end += 1
        headline = " ".join(" ".join(lines[first:end]).split())
    hand = doc.get("source") == "hand"
    has_byline = "byline" in labels
    has_date = "date" in labels
    return {
        # Hand-labelled pages say where there is none; trafilatura-derived ones only where there is one.
        "headline": (headline, hand or headline is not None),
        "authors": (doc.get("authors") if has_byline else None, hand or (has_byline and doc.get("authors"))),
        "published": (doc.get("published") if has_date else None, hand or (has_date and doc.get("published"))),
    }


def score(docs, documents, spans, misses=None):
    """The figures of `docs` against the binary's `documents` and sentence `spans`; each wrong
    headline, byline or date is appended to `misses` when it is a list."""
    tp = fp = fn = tn = 0
    text_lines = text_removed = 0
    hits = {"headline": [0, 0], "authors": [0, 0], "published": [0, 0]}
    for i, doc in enumerate(docs):
        name = f"d{i:05d}"
        row = documents.get(name)
        if row is None:
            continue
        removed = removed_lines(doc["text"], spans.get(name, []))
        for label, gone in zip(doc["labels"], removed):
            if gone is None or label not in FURNITURE | {"text", "headline"}:
                continue
            positive = label in FURNITURE
            tp += positive and gone
            fp += (not positive) and gone
            fn += positive and not gone
            tn += (not positive) and not gone
            if label == "text":
                text_lines += 1
                text_removed += gone
        gold = gold_of(doc)
        title = " ".join((row.get("title") or "").split()) or None
        predicted = {
            "headline": title,
            "authors": row.get("authors") or None,
            "published": row.get("published") or None,
        }
        for key, (value, scored) in gold.items():
            if not scored or key not in row and key != "headline":
                continue
            if key == "headline":
                ok = (value or None) == predicted[key] or (value and predicted[key] and value.lstrip("# ").strip() == predicted[key])
            elif key == "authors":
                ok = names(value) == names(predicted[key])
            else:
                ok = (value or None) == predicted[key]
            hits[key][0] += bool(ok)
            hits[key][1] += 1
            if not ok and misses is not None:
                misses.append({"id": doc["id"], "key": key, "gold": value, "got": predicted[key]})
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {
        "documents": len(docs), "furniture_lines": tp + fn, "text_lines": text_lines,
        "precision": p, "recall": r, "f1": f,
        "text_removed_pct": 100.0 * text_removed / text_lines if text_lines else 0.0,
        **{f"{k}_accuracy": (h[0] / h[1] if h[1] else None) for k, h in hits.items()},
        **{f"{k}_n": h[1] for k, h in hits.items()},
    }


def fmt(value):
    return "n/a" if value is None else f"{value:.3f}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--textmill", action="append", required=True, help="binary to score (repeat to compare)")
    ap.add_argument("--data", action="append", default=[])
    ap.add_argument("--split", default="test")
    ap.add_argument("--fold-models", nargs=3, metavar="MODEL",
                    help="score each page with the model of train.py --fold K for its site's fold K (through "
                    "TEXTMILL_CLEAN_MODEL): figures on the training split from models that never read its sites")
    ap.add_argument("--clean-dir", action="append", default=[], help="files with no furniture")
    ap.add_argument("--threshold", type=float)
    ap.add_argument("--json", help="write the figures here too")
    ap.add_argument("--by-render", action="store_true", help="also score each render of a set on its own")
    ap.add_argument("--misses", help="write each wrong headline, byline and date here (JSONL), for looking at them")
    args = ap.parse_args()
    if args.misses:
        open(args.misses, "w").close()

    results = []
    print("| set | binary | docs | furniture P | R | F1 | text lines removed | headline | byline | date |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for path in args.data:
        docs = [d for d in map(json.loads, open(path, encoding="utf-8")) if d["split"] == args.split]
        texts = {f"d{i:05d}": d["text"] for i, d in enumerate(docs)}
        for binary in args.textmill:
            if args.fold_models:
                documents, spans = {}, {}
                for k, model in enumerate(args.fold_models):
                    fold = {name: text for (name, text), d in zip(texts.items(), docs) if site_fold(d["site"]) == k}
                    found = run_binary(binary, fold, args.threshold, {"TEXTMILL_CLEAN_MODEL": os.path.abspath(model)})
                    documents.update(found[0])
                    spans.update(found[1])
            else:
                documents, spans = run_binary(binary, texts, args.threshold)
            groups = [("", list(range(len(docs))))]
            if args.by_render:
                renders = sorted({d.get("render", "") for d in docs})
                groups += [(f" {r}", [i for i, d in enumerate(docs) if d.get("render", "") == r]) for r in renders]
            for suffix, members in groups:
                keep = {f"d{i:05d}": f"d{j:05d}" for j, i in enumerate(members)}
                misses = [] if args.misses and not suffix else None
                s = score([docs[i] for i in members], {keep[k]: v for k, v in documents.items() if k in keep},
                          {keep[k]: v for k, v in spans.items() if k in keep}, misses)
                if misses:
                    with open(args.misses, "a", encoding="utf-8") as out:
                        out.writelines(json.dumps({"set": os.path.basename(path), "binary": binary, **m}, ensure_ascii=False) + "\n" for m in misses)
                results.append({"set": os.path.basename(path) + suffix, "binary": binary, **s})
                print(f"| {os.path.basename(path)}{suffix} ({args.split}) | {binary} | {s['documents']} | {s['precision']:.3f} | "
                      f"{s['recall']:.3f} | {s['f1']:.3f} | {s['text_removed_pct']:.2f}% | {fmt(s['headline_accuracy'])} "
                      f"(n={s['headline_n']}) | {fmt(s['authors_accuracy'])} (n={s['authors_n']}) | "
                      f"{fmt(s['published_accuracy'])} (n={s['published_n']}) |", flush=True)
    for directory in args.clean_dir:
        files = sorted(p for p in Path(directory).rglob("*") if p.suffix in (".txt", ".md"))
        texts = {f"d{i:05d}": p.read_text(encoding="utf-8") for i, p in enumerate(files)}
        for binary in args.textmill:
            documents, spans = run_binary(binary, texts, args.threshold)
            total = gone = 0
            for name, text in texts.items():
                flags = [g for g in removed_lines(text, spans.get(name, [])) if g is not None]
                total += len(flags)
                gone += sum(flags)
            results.append({"set": directory, "binary": binary, "lines": total, "removed": gone})
            print(f"| {directory} (no furniture) | {binary} | {len(files)} | | | | {100.0 * gone / max(total, 1):.2f}% "
                  f"of {total} lines | | | |", flush=True)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1)


if __name__ == "__main__":
    sys.exit(main())
