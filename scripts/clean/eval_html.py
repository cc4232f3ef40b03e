#!/usr/bin/env python3
"""HTML-path benchmark on trafilatura's evaluation set, with trafilatura's own snippet metric.

    eval_html.py DATA_DIR --textmill BIN [--out DIR] [--langs FILE.jsonl] [--threads N]
                 [--trafilatura-venv DIR] [--no-trafilatura] [--split all|train|test] [--threshold X]
                 [--fold-models M0 M1 M2]   (with --split train: each fold read by the model that never read it)

DATA_DIR is the trafilatura evaluation set (evaldata.json + html/<file>.gz). The pages are copied,
decompressed, into a temporary folder as <file> (all end in .html) and textmill runs over them once
(`BIN run --input IN --output OUT --format csv`, tagging and aggregation off: only clean and segment
matter here). Two textmill outputs are scored:
  - textmill doc:       documents.text (the whole extracted text of the page);
  - textmill sentences: the doc's sentences.csv texts joined by spaces (the clean text an analyst gets:
                        lines the clean stage calls furniture have no sentences).
For comparison, trafilatura (pinned below, installed from PyPI into a throwaway venv) extracts the same
pages with the settings of its own benchmark's "trafilatura" row (fast=False, include_comments=False,
include_tables=True, include_formatting=False).

Metric, as trafilatura's tests/evaluate.py counts (behaviour copied, not code): per page, each `with`
snippet found in the extracted text is a true positive, else a false negative; each `without` snippet
found is a false positive, else a true negative. "Found" = substring after collapsing whitespace runs
to one space and stripping (case-sensitive, nothing else normalised). A page with no output (failed,
missing) counts as all misses. Precision, recall, accuracy and F1 are computed over the counts summed
over all pages (micro), overall and for English pages only (language per page from --langs, a JSONL
with "id": "<file>#..." and "lang", e.g. the output of render_trafilatura.py; else langdetect on the
page's title and `with` snippets, in the trafilatura venv).
Time: textmill's wall time for the whole run (one process, --threads workers, CSV writing included);
trafilatura's summed extract() time in one process (import excluded) and its wall time.
Standard library only (trafilatura runs in its own venv).
"""
import argparse
import csv
import gzip
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

csv.field_size_limit(1 << 30)
TRAFILATURA = "trafilatura==2.3.1"
LANGDETECT = "langdetect==1.0.9"
LXML_HTML_CLEAN = "lxml_html_clean==0.4.6"  # jusText (a trafilatura dependency) needs it with lxml >= 5.2

CHILD = r'''
import json, sys, time, gzip
from pathlib import Path
data, files_json, out_path = sys.argv[1], sys.argv[2], sys.argv[3]
t_wall = time.perf_counter()
import trafilatura
from trafilatura import extract
files = json.loads(Path(files_json).read_text())
res, total = {}, 0.0
extract(b"<html><body><p>warm up</p></body></html>")
for f in files:
    raw = gzip.decompress((Path(data) / "html" / (f + ".gz")).read_bytes())
    t0 = time.perf_counter()
    try:
        text = extract(raw, fast=False, include_comments=False, include_tables=True, include_formatting=False)
    except Exception as e:
        text = None
        print(f"trafilatura failed on {f}: {e}", file=sys.stderr)
    total += time.perf_counter() - t0
    res[f] = text
Path(out_path).write_text(json.dumps({"version": trafilatura.__version__, "extract_seconds": total,
                                      "wall_seconds": time.perf_counter() - t_wall, "texts": res}))
'''

LANG_CHILD = r'''
import json, sys
from pathlib import Path
from langdetect import DetectorFactory, detect
DetectorFactory.seed = 0
items = json.loads(Path(sys.argv[1]).read_text())
out = {}
for f, text in items.items():
    try:
        out[f] = detect(text)
    except Exception:
        out[f] = None
Path(sys.argv[2]).write_text(json.dumps(out))
'''


def norm(text):
    return re.sub(r"\s+", " ", text).strip()


def count(item, result):
    """(tp, fp, fn, tn) of one page, as trafilatura's evaluation counts them."""
    if isinstance(result, str):
        r = norm(result)
        tp = sum(1 for w in item["with"] if norm(w) in r)
        fp = sum(1 for w in item["without"] if norm(w) in r)
    else:
        tp = fp = 0
    return tp, fp, len(item["with"]) - tp, len(item["without"]) - fp


def scores(c):
    tp, fp, fn, tn = c
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    a = (tp + tn) / (tp + fp + fn + tn) if tp + fp + fn + tn else 0.0
    f1 = 2 * tp / (2 * tp + fp + fn) if 2 * tp + fp + fn else 0.0
    return p, r, a, f1


def ensure_venv(venv):
    py = Path(venv) / "bin" / "python"
    if not py.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    have = subprocess.run([str(py), "-m", "pip", "freeze"], capture_output=True, text=True).stdout.split()
    need = [p for p in (TRAFILATURA, LANGDETECT, LXML_HTML_CLEAN) if p not in have]
    if need:
        subprocess.run([str(py), "-m", "pip", "install", "-q", *need], check=True)
    return py


def run_textmill(args, data, files, tmp, model=None):
    """textmill over `files` (pages of the benchmark) in `tmp`, with the clean stage's page model
    `model` when given: (documents.text, sentences joined, seconds) per page."""
    tmp.mkdir()
    env = dict(os.environ, TEXTMILL_CLEAN_PAGE_MODEL=model) if model else None
    (tmp / "in").mkdir()
    names = {}
    for f in files:
        name = f if f.endswith(".html") else f + ".html"
        names[name] = f
        (tmp / "in" / name).write_bytes(gzip.decompress((data / "html" / (f + ".gz")).read_bytes()))
    clean = "" if args.threshold is None else f"[clean]\nhtml_threshold = {args.threshold}\n"
    (tmp / "pipeline.toml").write_text("[tag]\nenabled = false\n[aggregate]\nenabled = false\n" + clean)
    t0 = time.perf_counter()
    proc = subprocess.run([args.textmill, "run", "--config", str(tmp / "pipeline.toml"), "--input", str(tmp / "in"),
                           "--output", str(tmp / "out"), "--format", "csv", "--threads", str(args.threads),
                           "--quiet", "--force"], capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - t0
    if proc.returncode not in (0, 1):
        sys.exit(f"textmill failed ({proc.returncode}): {proc.stderr[-2000:]}")
    print((proc.stderr or proc.stdout).strip()[-500:], file=sys.stderr)
    doc_text, sent_text = {}, {}
    with open(tmp / "out" / "documents.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            f = names.get(row["doc_id"]) or names.get(Path(row["source"]).name)
            if f:
                doc_text[f] = row["text"]
    sents = {}
    with open(tmp / "out" / "sentences.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            f = names.get(row["doc_id"])
            if f:
                sents.setdefault(f, []).append((int(row["sent_idx"]), row["text"]))
    for f in doc_text:
        sent_text[f] = " ".join(t for _, t in sorted(sents.get(f, [])))
    return doc_text, sent_text, seconds


def site_fold(site):
    """The fold (of three) a site's pages fall in: train.py's cross-validation folds."""
    return int(hashlib.sha256(site.encode()).hexdigest()[8:16], 16) % 3


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("data_dir")
    ap.add_argument("--textmill", required=True, help="the textmill binary")
    ap.add_argument("--out", help="write results.json, results.md and per_page.csv here")
    ap.add_argument("--langs", help="JSONL with id '<file>#...' and lang per page (render_trafilatura.py output)")
    ap.add_argument("--threads", type=int, default=1, help="textmill worker threads (default 1, as trafilatura)")
    ap.add_argument("--trafilatura-venv", default=os.path.join(tempfile.gettempdir(), "venv-eval-trafilatura"))
    ap.add_argument("--no-trafilatura", action="store_true")
    ap.add_argument("--split", choices=["all", "train", "test"], default="all",
                    help="only the pages of the sites in this split (as --langs records it: render_trafilatura.py's split by site)")
    ap.add_argument("--threshold", type=float, help="clean.html_threshold for textmill (the bar an extracted page's lines are read against; default: the shipped one)")
    ap.add_argument("--fold-models", nargs=3, metavar="M", help="with --split train: read each fold's pages with the clean model trained without "
                    "their sites (train.py --fold 0/1/2), so that a setting is chosen on pages the model never read")
    args = ap.parse_args()

    data = Path(args.data_dir)
    ann = json.loads((data / "evaldata.json").read_text(encoding="utf-8"))
    items = {v["file"]: v for v in ann.values()}
    files = sorted(f for f in items if (data / "html" / (f + ".gz")).exists())
    missing = len(items) - len(files)
    if args.split != "all":
        if not args.langs:
            sys.exit("--split needs --langs (the rendered set records each page's split)")
        with open(args.langs, encoding="utf-8") as fh:
            records = [json.loads(line) for line in fh]
        split = {rec["id"].split("#")[0]: rec["split"] for rec in records}
        site = {rec["id"].split("#")[0]: rec["site"] for rec in records}
        files = [f for f in files if split.get(f) == args.split]
    if args.fold_models and args.split != "train":
        sys.exit("--fold-models needs --split train (the fold models were trained on the other training sites)")
    results = {}  # system -> {file: text or None}
    times = {}

    with tempfile.TemporaryDirectory(prefix="eval-html-") as tmp:
        tmp = Path(tmp)
        doc_text, sent_text = {}, {}
        times["textmill"] = 0.0
        # With --fold-models, each fold's pages are read by the model trained without their sites.
        groups = [(files, None)]
        if args.fold_models:
            groups = [([f for f in files if site_fold(site[f]) == k], model) for k, model in enumerate(args.fold_models)]
        for k, (group, model) in enumerate(groups):
            docs, sents, seconds = run_textmill(args, data, group, tmp / f"run{k}", model)
            doc_text.update(docs)
            sent_text.update(sents)
            times["textmill"] += seconds
        results["textmill doc"] = doc_text
        results["textmill sentences"] = sent_text

        langs = {}
        if args.langs:
            with open(args.langs, encoding="utf-8") as fh:
                for line in fh:
                    rec = json.loads(line)
                    langs.setdefault(rec["id"].split("#")[0], rec.get("lang"))

        if not args.no_trafilatura or (not langs):
            py = ensure_venv(args.trafilatura_venv)
        if not args.no_trafilatura:
            (tmp / "files.json").write_text(json.dumps(files))
            (tmp / "child.py").write_text(CHILD)
            t0 = time.perf_counter()
            subprocess.run([str(py), str(tmp / "child.py"), str(data), str(tmp / "files.json"), str(tmp / "traf.json")],
                           check=True)
            wall = time.perf_counter() - t0
            tr = json.loads((tmp / "traf.json").read_text())
            label = f"trafilatura {tr['version']}"
            results[label] = tr["texts"]
            times[label] = tr["extract_seconds"]
            times[label + " (process wall)"] = wall
        if not langs:
            (tmp / "lang_in.json").write_text(json.dumps(
                {f: " ".join([items[f].get("title") or ""] + items[f]["with"]) for f in files}))
            (tmp / "lang.py").write_text(LANG_CHILD)
            subprocess.run([str(py), str(tmp / "lang.py"), str(tmp / "lang_in.json"), str(tmp / "lang_out.json")],
                           check=True)
            langs = json.loads((tmp / "lang_out.json").read_text())

    en = [f for f in files if langs.get(f) == "en"]
    table = []
    per_page = []
    for system, texts in results.items():
        row = {"system": system}
        for subset, fs in (("all", files), ("en", en)):
            c = [0, 0, 0, 0]
            for f in fs:
                k = count(items[f], texts.get(f))
                c = [x + y for x, y in zip(c, k)]
                if subset == "all":
                    per_page.append([system, f, langs.get(f), *k])
            p, r, a, f1 = scores(c)
            row[subset] = {"pages": len(fs), "tp": c[0], "fp": c[1], "fn": c[2], "tn": c[3],
                           "precision": round(p, 3), "recall": round(r, 3), "accuracy": round(a, 3), "f1": round(f1, 3)}
        row["seconds"] = round(times.get(system.split(" ")[0] if system.startswith("textmill") else system, 0.0), 1)
        if system.startswith("trafilatura"):
            row["seconds_process_wall"] = round(times[system + " (process wall)"], 1)
        row["pages_with_output"] = sum(1 for f in files if texts.get(f))
        table.append(row)

    lines = [f"{len(files)} pages ({missing} missing), {len(en)} English; textmill {args.textmill}, --threads {args.threads}",
             "",
             "| system | P | R | F1 | acc | P (en) | R (en) | F1 (en) | pages with output | seconds |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for row in table:
        a, e = row["all"], row["en"]
        secs = f"{row['seconds']}" + (f" ({row['seconds_process_wall']} process)" if "seconds_process_wall" in row else "")
        lines.append(f"| {row['system']} | {a['precision']:.3f} | {a['recall']:.3f} | {a['f1']:.3f} | {a['accuracy']:.3f} "
                     f"| {e['precision']:.3f} | {e['recall']:.3f} | {e['f1']:.3f} | {row['pages_with_output']} | {secs} |")
    lines.append("")
    lines.append("textmill doc and textmill sentences come from the same run (its time is given once).")
    md = "\n".join(lines)
    print(md)
    if args.out:
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        (out / "results.json").write_text(json.dumps(table, indent=1))
        (out / "results.md").write_text(md + "\n")
        with open(out / "per_page.csv", "w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(["system", "file", "lang", "tp", "fp", "fn", "tn"])
            w.writerows(per_page)


if __name__ == "__main__":
    main()
