#!/usr/bin/env python3
"""Train the clean stage's line model and export it to resources/clean/model.json.

    scripts/clean/train.sh            # the usual way: builds the feature tool, makes a venv, runs this

    train.py --features BIN --data FILE.jsonl [--data ...] --out MODEL.json [--drop GROUP ...]

BIN is the `clean_features` example (the Rust feature code itself, so training and the stage
compute the same numbers). Each data file holds labelled documents, one JSON object per line:
{"id", "site", "split", "text", "labels": [one per line of text.split("\\n")], ...} with labels
text / furniture / headline / byline / date / blank / null (unknown); a record with "page" (an
HTML file, from `extract_trafilatura.py`) is textmill's reading of the page, its lines with
their HTML blocks, for the page model (`--page`: resources/clean/page_model.json). Only the "train" split is
read; lines labelled null or blank are left out. Each page weighs the same whatever the number
of its renders. `--drop GROUP` zeroes a feature group (for the ablation table in docs/).
Deterministic: LightGBM runs single-threaded with a fixed seed.
"""
import argparse
import hashlib
import json
import subprocess
import sys
import warnings
from collections import Counter, defaultdict

import lightgbm
import numpy as np

# LightGBM's scikit-learn wrapper names the numpy columns itself, then warns that they have none.
warnings.filterwarnings("ignore", message="X does not have valid feature names")

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

# A hand-labelled page (a real copy of a news page) weighs this many rendered pages: chosen by
# cross-validation by site on the training split (--cv), never on the test split.
HAND_WEIGHT = 1.0

# A page's clean copy (see clean_copies) weighs this much against the page itself; also chosen
# by cross-validation by site on the training split.
# (0.05: whole article bodies of short clean files are kept; more costs recall on pages.)
CLEAN_COPY_WEIGHT = 0.05

# Feature groups, by name prefix or exact name, for the ablation.
GROUPS = {
    "length": ["words", "chars", "short_run", "width_share", "window_mean_words", "mean_words", "previous_words", "next_words", "previous2_words", "next2_words"],
    "function_words": ["function_share", "previous_function_share", "next_function_share"],
    "punctuation": ["ends_sentence", "ends_colon", "quotes", "commas_per_word", "previous_ends_sentence", "next_ends_sentence", "previous2_ends_sentence", "next2_ends_sentence", "starts_with_bullet", "bracketed", "no_alphanumeric"],
    "case": ["capitalised_share", "upper_share", "letter_share", "all_lowercase", "starts_lowercase", "previous_starts_lowercase", "next_starts_lowercase", "previous_capitalised_share", "next_capitalised_share"],
    "digits_dates": ["digit_share", "has_date", "has_time", "has_weekday_or_month", "previous_digit_share", "next_digit_share", "previous_has_date", "next_has_date"],
    "separators_links": ["separators", "links", "social", "previous_links", "next_links"],
    "vocabulary": ["vocabulary_share", "starts_with_by"],
    "position": ["lines_to_first_paragraph", "paragraph_follows", "relative_position", "lines_from_top", "lines_from_bottom", "lines_in_document", "blank_before", "blank_after", "before_first_paragraph", "after_last_paragraph", "distance_to_paragraph", "paragraph_share"],
    "repetition_similarity": ["repeats", "earlier_copy", "later_copy", "body_overlap", "similarity_to_top", "similarity_to_next"],
    "shapes": ["shape_", "previous_any_shape", "next_any_shape", "previous_shape_byline_or_dateline", "next_shape_byline_or_dateline"],
    "html_blocks": ["block_", "previous_block_", "next_block_"],
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


def site_fold(site):
    """The fold (of three) a site's pages fall in, for cross-validation by site."""
    return int(hashlib.sha256(site.encode()).hexdigest()[8:16], 16) % 3


def load_documents(paths, split):
    docs = []
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for line in f:
                doc = json.loads(line)
                if doc["split"] == split:
                    docs.append(doc)
    return docs


def clean_copies(docs):
    """Each page once more as an already-clean file holds it: its headline, then its article
    lines, with blank lines between (many users' files have no furniture at all, and short ones
    are common); its headline alone; its first paragraph alone. One copy per page, from its first render."""
    copies, seen = [], set()
    for d in docs:
        # (A copy is plain text: no longer the page's reading.)
        d = {key: value for key, value in d.items() if key != "page"}
        page = d["id"].split("#")[0]
        lines = d["text"].split("\n")
        headline = [lines[i] for i, l in enumerate(d["labels"]) if l == "headline"][:1]
        body = [lines[i] for i, l in enumerate(d["labels"]) if l == "text"]
        if page in seen or not body:
            continue
        seen.add(page)
        kept = headline + body
        labels = []
        for i, _ in enumerate(kept):
            labels += (["blank"] if i else []) + ["headline" if headline and i == 0 else "text"]
        copies.append({**d, "id": f"{page}#clean-copy", "render": "clean-copy", "text": "\n\n".join(kept) + "\n",
                       "labels": labels + ["blank"]})
        # And files that hold only the headline (a headline feed, a stub) or only one paragraph.
        if headline:
            copies.append({**d, "id": f"{page}#headline-copy", "render": "clean-copy", "text": headline[0],
                           "labels": ["headline"]})
        copies.append({**d, "id": f"{page}#paragraph-copy", "render": "clean-copy", "text": body[0], "labels": ["text"]})
    return copies


# ["--page"] when training the page model (see --page).
PAGE_FLAG = []


def features_of(binary, docs, model=None):
    """Run the Rust feature tool over docs; returns {id: (lines, rows[, probabilities])}."""
    # (A page's record, an "extracted" render, is read again by the tool: its lines' HTML blocks.)
    payload = "".join(json.dumps({"id": d["id"], "text": d["text"], **({"page": d["page"]} if "page" in d else {})}) + "\n" for d in docs)
    command = [binary] + PAGE_FLAG + (["--model", model] if model else [])
    result = subprocess.run(command, input=payload.encode(), capture_output=True, check=True)
    out = {}
    # (Split at "\n" only: a text's U+2028 is a line break to splitlines.)
    for line in result.stdout.decode().split("\n")[:-1]:
        record = json.loads(line)
        out[record["id"]] = record
    return out


def matrix(binary, docs, names, chunk=300, hand_weight=1.0, weak=True):
    """Feature rows of the labelled lines of docs (computed in chunks: pages have many unlabelled
    lines). With `weak`, an unlabelled line with a furniture shape (the former rules, precise
    but narrow) is taken as furniture: snippets rarely cover captions, credits and widgets.
    Returns X, y, w, sites, and which rows are weak labels or clean copies (never scored)."""
    X, y, w, groups, is_weak = [], [], [], [], []
    renders = Counter(d["id"].split("#")[0] for d in docs)
    shape_columns = [i for i, n in enumerate(names) if n.startswith("shape_")]
    for at in range(0, len(docs), chunk):
        part = docs[at: at + chunk]
        feats = features_of(binary, part)
        for d in part:
            record = feats[d["id"]]
            weight = (hand_weight if d.get("source") == "hand" else 1.0) / renders[d["id"].split("#")[0]]
            if d.get("render") == "clean-copy":
                weight = CLEAN_COPY_WEIGHT
            for line, row in zip(record["lines"], record["features"]):
                label = d["labels"][line]
                shaped = weak and label is None and any(row[i] for i in shape_columns)
                if label in CLASSES or shaped:
                    X.append(row)
                    y.append(CLASSES.index(label) if label in CLASSES else CLASSES.index("furniture"))
                    w.append(weight)
                    groups.append(d["site"])
                    is_weak.append(shaped or d.get("render") == "clean-copy")
    return np.array(X, dtype=np.float64), np.array(y), np.array(w), groups, np.array(is_weak, dtype=bool)


def headline_groups(binary, docs, chunk=300):
    """Every non-blank line of the pages that have a labelled headline: X, relevance (1 for the
    headline), the number of lines per page (a ranking group) and each page's site."""
    X, y, sizes, sites = [], [], [], []
    for at in range(0, len(docs), chunk):
        # (Not a page's extracted text: its headline is the page's <title>, the ranker goes unused.)
        part = [d for d in docs[at: at + chunk] if "headline" in d["labels"] and d.get("render") != "extracted"]
        feats = features_of(binary, part)
        for d in part:
            record = feats[d["id"]]
            if not record["lines"]:
                continue
            X.extend(with_context(record["features"]))
            y.extend(int(d["labels"][i] == "headline") for i in record["lines"])
            sizes.append(len(record["lines"]))
            sites.append(d["site"])
    return np.array(X, dtype=np.float64), np.array(y), sizes, sites


def cross_validate_headline(Xh, yh, sizes, sites):
    """Share of held-out pages whose headline the ranker puts first, three folds by site."""
    fold = np.array([site_fold(s) for s in sites])
    starts = np.concatenate([[0], np.cumsum(sizes)])
    row_fold = np.repeat(fold, sizes)
    right = []
    for k in range(3):
        train_sizes = [n for n, f in zip(sizes, fold) if f != k]
        ranker = lightgbm.LGBMRanker(**RANKER_PARAMS).fit(Xh[row_fold != k], yh[row_fold != k], group=train_sizes)
        for page in np.flatnonzero(fold == k):
            rows = slice(starts[page], starts[page + 1])
            right.append(yh[rows][int(np.argmax(ranker.predict(Xh[rows])))] == 1)
    print(f"cv headline: {np.mean(right):.3f} of {len(right)} pages right", flush=True)


RANKER_PARAMS = {**{k: v for k, v in PARAMS.items() if k not in ("objective", "num_class")}, "objective": "lambdarank"}

# The ranker reads a line with the line before it and the five after it (a headline is known by
# what follows: a byline, a date, the first paragraph). 3-fold CV by site on the training split,
# pages right: the line alone 0.576; with [-1, +1] 0.607; [-1..+3] 0.633; [-1..+5] 0.643.
HEADLINE_CONTEXT = [0, -1, 1, 2, 3, 4, 5]


def with_context(rows):
    """A page's feature rows (its non-blank lines in order), each followed by the rows of the
    lines at HEADLINE_CONTEXT's offsets (zeros past either end), as the Rust ranker reads them."""
    rows = np.asarray(rows, dtype=np.float64)
    n = len(rows)
    parts = []
    for offset in HEADLINE_CONTEXT:
        shifted = np.zeros_like(rows)
        if offset >= 0 and offset < n:
            shifted[: n - offset] = rows[offset:]
        elif offset < 0 and -offset < n:
            shifted[-offset:] = rows[: n + offset]
        parts.append(shifted)
    return np.hstack(parts)


def export(booster, names, n_classes=len(CLASSES)):
    dump = booster.dump_model()
    assert dump["num_class"] == n_classes
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
        trees.append({"class": i % n_classes, "split_feature": split_feature, "threshold": threshold,
                      "left": left, "right": right, "leaf_value": leaf_value})
    return trees


def leaf_of(t, x):
    """One exported tree's value for feature row x."""
    if not t["split_feature"]:
        return t["leaf_value"][0]
    node = 0
    while node >= 0:
        node = t["left"][node] if x[t["split_feature"][node]] <= t["threshold"][node] else t["right"][node]
    return t["leaf_value"][~node]


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


def cross_validate(X, y, w, groups, docs, is_weak):
    """Furniture P/R/F1 of held-out sites, three folds by site hash, on the training split only."""
    hand_sites = {d["site"] for d in docs if d.get("source") == "hand"}
    fold = np.array([site_fold(g) for g in groups])
    is_hand = np.array([g in hand_sites for g in groups])
    for name, subset in (("all", np.ones(len(y), bool)), ("hand-labelled", is_hand)):
        scores = []
        for k in range(3):
            model = lightgbm.LGBMClassifier(**PARAMS).fit(X[fold != k], y[fold != k], sample_weight=w[fold != k])
            held = (fold == k) & subset & ~is_weak
            scores.append(line_scores(y[held], model.predict_proba(X[held]), np.ones(held.sum())))
        p, r, f = np.mean(scores, axis=0)
        print(f"cv {name}: furniture P {p:.3f} R {r:.3f} F1 {f:.3f}", flush=True)


def ablation(args, names, X, y, w):
    test_docs = load_documents(args.data, "test")
    Xt, yt, wt, _, _ = matrix(args.features, test_docs, names, weak=False)
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
    ap.add_argument("--cv", action="store_true", help="3-fold cross-validation by site on the training split; write no model")
    ap.add_argument("--no-weak", action="store_true", help="train on the labelled lines only (no shape-labelled lines)")
    ap.add_argument("--hand-weight", type=float, default=HAND_WEIGHT, help="weight of a hand-labelled page against a rendered one")
    ap.add_argument("--fold", type=int, choices=range(3), help="train without the training split's sites of this fold "
                    "(the same three folds by site hash as --cv): a model to read that fold with, through "
                    "TEXTMILL_CLEAN_MODEL and eval.py --split train --fold-models M0 M1 M2, when deciding a rule")
    ap.add_argument("--keep-classifier", metavar="MODEL", help="keep MODEL's line classifier (and its training description); train the headline ranker only")
    ap.add_argument("--page", action="store_true", help="train the page model: the features of an extracted page's "
                    "lines, their HTML blocks included (give it textmill's readings of pages, extract_trafilatura.py)")
    args = ap.parse_args()
    if args.page:
        PAGE_FLAG.append("--page")

    names = json.loads(subprocess.run([args.features, "--names"] + PAGE_FLAG, capture_output=True, check=True).stdout)
    docs = load_documents(args.data, "train")
    if args.fold is not None:
        docs = [d for d in docs if site_fold(d["site"]) != args.fold]
    docs += clean_copies(docs)
    X, y, w, groups, is_weak = matrix(args.features, docs, names, hand_weight=args.hand_weight, weak=not args.no_weak)
    if args.cv:
        cross_validate(X, y, w, groups, docs, is_weak)
        cross_validate_headline(*headline_groups(args.features, docs))
        return
    if args.ablation:
        ablation(args, names, X, y, w)
        return
    print(f"training on {len(docs)} documents, {len(set(groups))} sites, {len(y)} lines: "
          + ", ".join(f"{c} {n}" for c, n in zip(CLASSES, np.bincount(y, minlength=len(CLASSES)))), file=sys.stderr)
    kept = json.load(open(args.keep_classifier, encoding="utf-8")) if args.keep_classifier else None
    if kept is not None:
        assert kept["features"] == names and kept["classes"] == CLASSES, "the kept classifier reads other features or classes"
        trees = kept["trees"]
        model = None
    else:
        model = lightgbm.LGBMClassifier(**PARAMS)
        model.fit(X, y, sample_weight=w)
        trees = export(model.booster_, names)
    # The headline: a ranker over each page's lines, each read with its neighbours (see
    # HEADLINE_CONTEXT; `--cv` gives the share of held-out pages it gets right).
    Xh, yh, sizes, _ = headline_groups(args.features, docs)
    ranker = lightgbm.LGBMRanker(**RANKER_PARAMS).fit(Xh, yh, group=sizes)
    headline_trees = export(ranker.booster_, names * len(HEADLINE_CONTEXT), n_classes=1)

    # The exported trees must give LightGBM's own probabilities.
    sample = X[:: max(1, len(X) // 2000)]
    if model is not None:
        diff = np.abs(predict_exported(trees, sample) - model.predict_proba(sample)).max()
        assert diff < 1e-9, f"exported model differs from LightGBM by {diff}"
    sample = Xh[:: max(1, len(Xh) // 2000)]
    scores = np.array([sum(leaf_of(t, x) for t in headline_trees) for x in sample])
    diff = np.abs(scores - ranker.predict(sample)).max()
    assert diff < 1e-9, f"exported headline ranker differs from LightGBM by {diff}"

    by_source = defaultdict(lambda: {"documents": 0, "sites": set()})
    for d in docs:
        by_source[d.get("source", "?")]["documents"] += 1
        by_source[d.get("source", "?")]["sites"].add(d["site"])
    out = {
        "format": 2,
        "features": names,
        "classes": CLASSES,
        "training": kept["training"] if kept is not None else {
            "description": "LightGBM multiclass over the clean stage's line features; training split only "
            "(sites whose sha256 puts them in the test split are never read). Made by scripts/clean/train.py.",
            "lightgbm": lightgbm.__version__,
            "params": {k: v for k, v in PARAMS.items() if k not in ("verbose",)},
            "data": [{"file": p.split("/")[-1], "sha256": sha256_of(p)} for p in args.data],
            "documents": {k: {"documents": v["documents"], "sites": len(v["sites"])} for k, v in sorted(by_source.items())},
            "lines": {c: int(n) for c, n in zip(CLASSES, np.bincount(y, minlength=len(CLASSES)))},
        },
        "trees": trees,
        "headline_trees": headline_trees,
        "headline_context": HEADLINE_CONTEXT,
        "headline_training": {
            "description": "LightGBM lambdarank over each page's lines, each read with the lines at "
            "headline_context's offsets; training split only. Made by scripts/clean/train.py.",
            "lightgbm": lightgbm.__version__,
            "params": {k: v for k, v in RANKER_PARAMS.items() if k not in ("verbose",)},
            "data": [{"file": p.split("/")[-1], "sha256": sha256_of(p)} for p in args.data],
            "pages": len(sizes),
        },
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
        expected = model.predict_proba(Xd) if model is not None else predict_exported(trees, Xd)
        diff = np.abs(np.array(record["probabilities"]) - expected).max()
        assert diff < 1e-9, f"Rust inference differs from LightGBM by {diff} on {d['id']}"
        diff = np.abs(np.array(record["headline_scores"]) - ranker.predict(with_context(Xd))).max()
        assert diff < 1e-9, f"Rust headline ranker differs from LightGBM by {diff} on {d['id']}"
    print(f"wrote {args.out}: {len(trees)} trees, {len(headline_trees)} headline-ranker trees", file=sys.stderr)


if __name__ == "__main__":
    main()
