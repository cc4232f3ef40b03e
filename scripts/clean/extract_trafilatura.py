#!/usr/bin/env python3
"""Labelled lines of textmill's own reading of trafilatura's evaluation pages (the HTML path).

    extract_trafilatura.py DATA_DIR OUT_FILE --features BIN [--limit N]

BIN is the `clean_features` example: it reads each page as textmill does (extraction, title line,
the HTML block of every line) and gives back the text the clean stage reads. Its lines are
labelled as `render_trafilatura.py` labels a render's, and each record is one more render of the
page ("extracted"), with the page's path: `train.py` gives that record to `clean_features`, which
reads the page again for the lines' blocks (and refuses a record whose page now reads otherwise).
Pages the extractor finds no text in are named on stderr and left out. Deterministic.
"""
import argparse
import json
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from render_trafilatura import authors_of, detect_lang, label_lines, published_of, site_of, split_of  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("data_dir")
    ap.add_argument("out_file")
    ap.add_argument("--features", required=True, help="the clean_features binary")
    ap.add_argument("--limit", type=int, default=0, help="only the first N pages (by file name)")
    args = ap.parse_args()
    data = Path(args.data_dir).resolve()
    ann = json.loads((data / "evaldata.json").read_text(encoding="utf-8"))
    pages = sorted(((v["file"], url, v) for url, v in ann.items()), key=lambda t: t[0])
    if args.limit:
        pages = pages[:args.limit]
    paths = {f: str(data / "html" / (f + ".gz")) for f, _, _ in pages}
    payload = "".join(json.dumps({"id": f, "page": paths[f]}) + "\n" for f, _, _ in pages)
    result = subprocess.run([args.features, "--page"], input=payload.encode(), capture_output=True, check=True)
    read = {r["id"]: r for r in map(json.loads, result.stdout.decode().split("\n")[:-1])}
    counts = {}
    with open(args.out_file, "w", encoding="utf-8") as out:
        for f, url, a in pages:
            r = read[f]
            if "error" in r or not r["text"].strip():
                print(f"skip {f}: {r.get('error', 'no text')}", file=sys.stderr)
                continue
            text = r["text"]
            lines = text.split("\n")
            labels = label_lines(lines, a)
            site = site_of(url, f)
            split = split_of(site)
            body = "\n".join(ln for ln, lab in zip(lines, labels) if lab in ("text", "headline"))
            rec = {"id": f"{f}#extracted", "site": site, "url": url, "source": "trafilatura", "render": "extracted",
                   "split": split, "lang": detect_lang(body if len(body) >= 200 else text) or "unknown",
                   "page": paths[f], "text": text, "labels": labels,
                   "title": (a.get("title") or "").strip() or None, "authors": authors_of(a), "published": published_of(a)}
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
            c = counts.setdefault(split, {})
            c["docs"] = c.get("docs", 0) + 1
            for lab in labels:
                c[str(lab)] = c.get(str(lab), 0) + 1
    for split, c in sorted(counts.items()):
        print(split, json.dumps(c, sort_keys=True), file=sys.stderr)


if __name__ == "__main__":
    main()
