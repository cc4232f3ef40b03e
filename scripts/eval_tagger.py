#!/usr/bin/env python3
"""Measure the tag stage on the annotated evaluation sets, with and without each post-pass.

    python3 scripts/eval_tagger.py [--bin PATH] [--gold FILE]... [--variants NAME,...]

For every gold file (JSONL: {"id", "text", "entities"}; default tests/eval/ner_eval.jsonl and,
if present, tests/eval/sample_gold.jsonl) and every variant (a pipeline.toml fragment for the
tagger), the real textmill binary runs over the gold texts (as a JSONL input, so offsets are
the gold's), its mentions become predictions, and scripts/eval_ner.py scores them. Prints F1 on
the 8 scored labels (PERSON ORG GPE LOC NORP DATE FAC EVENT) and on all labels.
"""
import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
sys.path.insert(0, os.path.join(ROOT, "scripts"))


def network(model, post=""):
    """A variant of the network backend with the post-passes named in `post` on and the others
    off (c: consistency, g: gazetteer_labels, d: drop_durations, y: years, p: per_cent,
    m: currencies)."""
    on = lambda flag: "true" if flag in post else "false"
    return (f'[tag.tagger]\nbackend = "model"\nmodel = "{model}"\n[tag.tagger.post]\nconsistency = {on("c")}\n'
            f'gazetteer_labels = {on("g")}\ndrop_durations = {on("d")}\nyears = {on("y")}\n'
            f'per_cent = {on("p")}\ncurrencies = {on("m")}\n')


VARIANTS = {
    "ruler": '[tag.tagger]\nbackend = "ruler"\n',
    "sm-raw": network("sm"),
    "sm": network("sm", "cgd"),
    "md-raw": network("md"),
    "md-durations": network("md", "d"),
    "md-gazetteer": network("md", "g"),
    "md-consistency": network("md", "c"),
    "md": network("md", "cgd"),
    "md-no-durations": network("md", "cg"),
    "md-no-gazetteer": network("md", "cd"),
    "md-years": network("md", "y"),
    "md-default": network("md", "cdypm"),
    "md-no-currencies": network("md", "cdyp"),
    "md-no-consistency": network("md", "gd"),
}


def predictions(binary, gold_path, variant, work):
    """Run textmill on the gold texts; return {id: [entities]} with the gold's ids."""
    inputs = os.path.join(work, "in")
    os.makedirs(inputs, exist_ok=True)
    ids = []
    with open(gold_path, encoding="utf-8") as src, open(os.path.join(inputs, "gold.jsonl"), "w", encoding="utf-8") as dst:
        for line in src:
            if line.strip():
                doc = json.loads(line)
                ids.append(doc["id"])
                dst.write(json.dumps({"id": doc["id"], "text": doc["text"]}, ensure_ascii=False) + "\n")
    config = os.path.join(work, "pipeline.toml")
    with open(config, "w", encoding="utf-8") as f:
        f.write(f'[input]\npaths = ["{inputs}"]\n[output]\ndir = "{work}/out"\nformat = "csv"\n'
                f'[resources]\ngazetteer_dir = "{ROOT}/resources/gazetteer"\n' + VARIANTS[variant])
    env = dict(os.environ)
    subprocess.run([binary, "run", "--quiet", "--force", "--config", config], check=True, env=env)
    by_id = {i: [] for i in ids}
    with open(os.path.join(work, "out", "mentions.csv"), encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            doc_id = row["doc_id"].split("#", 1)[1]
            by_id[doc_id].append({"start": int(row["start_char"]), "end": int(row["end_char"]), "label": row["label"]})
    return by_id


def score(gold_path, preds, work):
    path = os.path.join(work, "pred.jsonl")
    with open(path, "w", encoding="utf-8") as f:
        for doc_id, entities in preds.items():
            f.write(json.dumps({"id": doc_id, "entities": entities}) + "\n")
    out = subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "eval_ner.py"), path, "--gold", gold_path, "--json"],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def main():
    parser = argparse.ArgumentParser()
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    parser.add_argument("--bin", default=os.path.join(target, "release", "textmill"))
    parser.add_argument("--gold", action="append")
    parser.add_argument("--variants", default=",".join(VARIANTS))
    args = parser.parse_args()
    golds = args.gold or [p for p in (os.path.join(ROOT, "tests/eval/ner_eval.jsonl"), os.path.join(ROOT, "tests/eval/sample_gold.jsonl")) if os.path.exists(p)]
    print(f"{'variant':20}" + "".join(f"{os.path.basename(g):>34}" for g in golds))
    print(f"{'':20}" + "".join(f"{'F1 scored   P     R    F1 all':>34}" for _ in golds))
    for variant in args.variants.split(","):
        cells = []
        for gold in golds:
            with tempfile.TemporaryDirectory() as work:
                result = score(gold, predictions(args.bin, gold, variant, work), work)
            s, a = result["scored-8"], result["all"]
            cells.append(f"{s['f1']:>10.3f} {s['precision']:>5.3f} {s['recall']:>5.3f} {a['f1']:>8.3f}")
        print(f"{variant:20}" + "".join(f"{c:>34}" for c in cells), flush=True)


if __name__ == "__main__":
    main()
