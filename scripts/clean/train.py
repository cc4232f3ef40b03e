#!/usr/bin/env python3
"""Train the clean stage's line model and export it to resources/clean/model.json.

    scripts/clean/train.sh            # the usual way: builds the feature tool, makes a venv, runs this

    train.py --features BIN --data FILE.jsonl [--data ...] --out MODEL.json [--drop GROUP ...]

BIN is the `clean_features` example (the Rust feature code itself, so training and the stage
compute the same numbers). Each data file holds labelled documents, one JSON object per line:
{"id", "site", "split", "text", "labels": [one per line of text.split("\\n")], ...} with labels
text / furniture / headline / byline / date / blank / null (unknown). Only the "train" split is
read; lines labelled null or blank are left out. Each page weighs the same whatever the number
of its renders. `--drop GROUP` zeroes a feature group (for the ablation table in docs/).
Deterministic: LightGBM runs single-threaded with a fixed seed.
"""
import argparse
import hashlib
import json
import subprocess
import sys
from collections import Counter, defaultdict

import lightgbm
import numpy as np

CLASSES = ["text", "furniture", "headline", "byline", "date"]
PARAMS = dict(
    objective="multiclass",
    num_class=len(CLASSES),
    learning_rate=0.1,
    num_leaves=31,
    min_child_samples=20,
    n_estimators=150,
    subsample=1.0,
    colsample_bytree=1.0,
    reg_lambda=1.0,
    random_state=0,
    deterministic=True,
    force_row_wise=True,
    n_jobs=1,
    verbose=-1,
)

# Feature groups, by name prefix or exact name, for the ablation.
GROUPS = {
    "length": ["words", "chars", "window_mean_words", "mean_words", "previous_words", "next_words", "previous2_words", "next2_words"],
    "function_words": ["function_share", "previous_function_share", "next_function_share"],
    "punctuation": ["ends_sentence", "ends_colon", "quotes", "commas_per_word", "previous_ends_sentence", "next_ends_sentence", "previous2_ends_sentence", "next2_ends_sentence", "starts_with_bullet", "bracketed", "no_alphanumeric"],
    "case": ["capitalised_share", "upper_share", "letter_share", "all_lowercase", "previous_capitalised_share", "next_capitalised_share"],
    "digits_dates": ["digit_share", "has_date", "has_time", "has_weekday_or_month", "previous_digit_share", "next_digit_share", "previous_has_date", "next_has_date"],
    "separators_links": ["separators", "links", "social", "previous_links", "next_links"],
    "vocabulary": ["vocabulary_share", "starts_with_by"],
    "position": ["relative_position", "lines_from_top", "lines_from_bottom", "lines_in_document", "blank_before", "blank_after", "before_first_paragraph", "after_last_paragraph", "distance_to_paragraph", "paragraph_share"],
    "repetition_similarity": ["repeats", "earlier_copy", "similarity_to_top", "similarity_to_next"],
    "shapes": ["shape_", "previous_any_shape", "next_any_shape", "previous_shape_byline_or_dateline", "next_shape_byline_or_dateline"],
}


def group_columns(names, group):
    members = GROUPS[group]
    return [i for i, n in enumerate(names) if any(n == m or (m.endswith("_") and n.startswith(m)) for m in members)]


def sha256_of(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def load_documents(paths, split):
    docs = []
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for line in f:
                doc = json.loads(line)
                if doc["split"] == split:
                    docs.append(doc)
    return docs


def features_of(binary, docs, model=None):
    """Run the Rust feature tool over docs; returns {id: (lines, rows[, probabilities])}."""
    payload = "".join(json.dumps({"id": d["id"], "text": d["text"]}) + "\n" for d in docs)
    command = [binary] + (["--model", model] if model else [])
    result = subprocess.run(command, input=payload.encode(), capture_output=True, check=True)
    out = {}
    for line in result.stdout.decode().splitlines():
        record = json.loads(line)
        out[record["id"]] = record
    return out


def matrix(binary, docs):
    feats = features_of(binary, docs)
    X, y, w, groups = [], [], [], []
    renders = Counter(d["id"].split("#")[0] for d in docs)
    for d in docs:
        record = feats[d["id"]]
        weight = 1.0 / renders[d["id"].split("#")[0]]
        for line, row in zip(record["lines"], record["features"]):
            label = d["labels"][line]
            if label in CLASSES:
                X.append(row)
                y.append(CLASSES.index(label))
                w.append(weight)
                groups.append(d["site"])
    return np.array(X, dtype=np.float64), np.array(y), np.array(w), groups


def export(booster, names):
    dump = booster.dump_model()
    assert dump["num_class"] == len(CLASSES)
    trees = []
    for i, info in enumerate(dump["tree_info"]):
        split_feature, threshold, left, right, leaf_value = [], [], [], [], []

        def walk(node):
            if "split_index" not in node:
                leaf_value.append(node["leaf_value"])
                return ~(len(leaf_value) - 1)
            assert node["decision_type"] == "<=", node["decision_type"]
            index = len(split_feature)
            split_feature.append(node["split_feature"])
            threshold.append(node["threshold"])
            left.append(None)
            right.append(None)
            left[index] = walk(node["left_child"])
            right[index] = walk(node["right_child"])
            return index

        walk(info["tree_structure"])
        trees.append({"class": i % len(CLASSES), "split_feature": split_feature, "threshold": threshold,
                      "left": left, "right": right, "leaf_value": leaf_value})
    return trees


def predict_exported(trees, X):
    raw = np.zeros((len(X), len(CLASSES)))
    for t in trees:
        for r, x in enumerate(X):
            if not t["split_feature"]:
                raw[r, t["class"]] += t["leaf_value"][0]
                continue
            node = 0
            while node >= 0:
                node = t["left"][node] if x[t["split_feature"][node]] <= t["threshold"][node] else t["right"][node]
            raw[r, t["class"]] += t["leaf_value"][~node]
    raw -= raw.max(axis=1, keepdims=True)
    e = np.exp(raw)
    return e / e.sum(axis=1, keepdims=True)


def line_scores(y_true, proba, weights):
    """Held-out line figures: furniture (with byline and date lines) P/R/F1, and per-class recall."""
    furniture_true = np.isin(y_true, [1, 3, 4])
    furniture_pred = proba[:, [1, 3, 4]].sum(axis=1) >= 0.5
    tp = (weights * (furniture_true & furniture_pred)).sum()
    fp = (weights * (~furniture_true & furniture_pred)).sum()
    fn = (weights * (furniture_true & ~furniture_pred)).sum()
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def ablation(args, names, X, y, w):
    test_docs = load_documents(args.data, "test")
    Xt, yt, wt, _ = matrix(args.features, test_docs)
    print("| features | furniture P | R | F1 (held-out lines) |\n|---|---|---|---|")
    for group in [None] + sorted(GROUPS):
        columns = group_columns(names, group) if group else []
        Xa, Xta = X.copy(), Xt.copy()
        Xa[:, columns] = 0.0
        Xta[:, columns] = 0.0
        model = lightgbm.LGBMClassifier(**PARAMS).fit(Xa, y, sample_weight=w)
        p, r, f = line_scores(yt, model.predict_proba(Xta), wt)
        print(f"| {'all' if group is None else 'without ' + group} | {p:.3f} | {r:.3f} | {f:.3f} |", flush=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--features", required=True, help="the clean_features binary")
    ap.add_argument("--data", action="append", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--ablation", action="store_true", help="print what each feature group adds on the test split; write no model")
    args = ap.parse_args()

    names = json.loads(subprocess.run([args.features, "--names"], capture_output=True, check=True).stdout)
    docs = load_documents(args.data, "train")
    X, y, w, groups = matrix(args.features, docs)
    if args.ablation:
        ablation(args, names, X, y, w)
        return
    print(f"training on {len(docs)} documents, {len(set(groups))} sites, {len(y)} lines: "
          + ", ".join(f"{c} {n}" for c, n in zip(CLASSES, np.bincount(y, minlength=len(CLASSES)))), file=sys.stderr)
    model = lightgbm.LGBMClassifier(**PARAMS)
    model.fit(X, y, sample_weight=w)
    trees = export(model.booster_, names)

    # The exported trees must give LightGBM's own probabilities.
    sample = X[:: max(1, len(X) // 2000)]
    diff = np.abs(predict_exported(trees, sample) - model.predict_proba(sample)).max()
    assert diff < 1e-9, f"exported model differs from LightGBM by {diff}"

    by_source = defaultdict(lambda: {"documents": 0, "sites": set()})
    for d in docs:
        by_source[d.get("source", "?")]["documents"] += 1
        by_source[d.get("source", "?")]["sites"].add(d["site"])
    out = {
        "format": 1,
        "features": names,
        "classes": CLASSES,
        "training": {
            "description": "LightGBM multiclass over the clean stage's line features; training split only "
            "(sites whose sha256 puts them in the test split are never read). Made by scripts/clean/train.py.",
            "lightgbm": lightgbm.__version__,
            "params": {k: v for k, v in PARAMS.items() if k not in ("verbose",)},
            "data": [{"file": p.split("/")[-1], "sha256": sha256_of(p)} for p in args.data],
            "documents": {k: {"documents": v["documents"], "sites": len(v["sites"])} for k, v in sorted(by_source.items())},
            "lines": {c: int(n) for c, n in zip(CLASSES, np.bincount(y, minlength=len(CLASSES)))},
        },
        "trees": trees,
    }
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(out, f, separators=(",", ":"))
        f.write("\n")

    # And the Rust inference must agree with them.
    check = docs[: min(20, len(docs))]
    rust = features_of(args.features, check, model=args.out)
    for d in check:
        record = rust[d["id"]]
        if not record["features"]:
            continue
        Xd = np.array(record["features"], dtype=np.float64)
        diff = np.abs(np.array(record["probabilities"]) - model.predict_proba(Xd)).max()
        assert diff < 1e-9, f"Rust inference differs from LightGBM by {diff} on {d['id']}"
    print(f"wrote {args.out}: {len(trees)} trees", file=sys.stderr)


if __name__ == "__main__":
    main()
