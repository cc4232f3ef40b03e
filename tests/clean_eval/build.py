#!/usr/bin/env python3
"""Build tests/clean_eval/clean_eval.jsonl and tests/clean_eval/pages/<id>.txt from the
hand-labelled sources tests/clean_eval/source_*.txt (source_a.txt, source_b.txt,
source_c.txt, and source_hunts.txt: the bug hunts' pages, training only).

Source format (see README.md):

    # comment lines (only before the first page)
    === <page id> | <url> | published=<YYYY-MM-DD or empty> | authors=<a; b or empty> ===
    H|headline line
    F|furniture line
    B|byline line
    D|date line
    T|article text line
     |            (a blank line; anything after the "|" must be whitespace and is kept)

Usage:
    python3 tests/clean_eval/build.py          # validate, write the JSONL and pages/, print counts
    python3 tests/clean_eval/build.py --check  # validate the sources only, write nothing

Standard library only.
"""

import datetime
import glob
import hashlib
import json
import os
import re
import sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
OUT_JSONL = os.path.join(HERE, "clean_eval.jsonl")
PAGES_DIR = os.path.join(HERE, "pages")

TAGS = {
    "H": "headline",
    "B": "byline",
    "D": "date",
    "F": "furniture",
    "T": "text",
    " ": "blank",
}
LABEL_ORDER = ["headline", "byline", "date", "furniture", "text", "blank"]

HEADER_RE = re.compile(
    r"^=== (?P<id>[^|]+?) \| (?P<url>\S+) \| published=(?P<published>[^|]*?) \| authors=(?P<authors>[^|]*?) ===$"
)
ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*-[0-9]+$")
SECOND_LEVEL = {"co", "com", "org", "net", "gov", "ac", "edu"}


class SourceError(Exception):
    pass


def site_of(url):
    """Registrable domain: strip www./m./amp., keep the last two labels, or three when the
    second-last is co/com/org/net/gov/ac/edu and the last is a 2-letter country code."""
    m = re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://([^/?#:]+)", url)
    if not m:
        raise SourceError("cannot read a host from url %r" % url)
    host = m.group(1).lower().rstrip(".")
    while True:
        for prefix in ("www.", "m.", "amp."):
            if host.startswith(prefix) and host.count(".") >= 2:
                host = host[len(prefix):]
                break
        else:
            break
    labels = host.split(".")
    if (
        len(labels) >= 3
        and labels[-2] in SECOND_LEVEL
        and len(labels[-1]) == 2
        and labels[-1].isalpha()
    ):
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def split_of(site):
    return "test" if int(hashlib.sha256(site.encode()).hexdigest()[:8], 16) % 10 < 4 else "train"


def parse_source(path):
    """Return a list of page dicts parsed from one source file."""
    pages = []
    cur = None
    name = os.path.basename(path)
    with open(path, encoding="utf-8", newline="") as f:
        raw = f.read()
    if "\r" in raw:
        raise SourceError("%s: contains a carriage return; use \\n line endings" % name)
    lines = raw.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    for n, line in enumerate(lines, 1):
        where = "%s:%d" % (name, n)
        if line.startswith("=== "):
            m = HEADER_RE.match(line)
            if not m:
                raise SourceError("%s: malformed page header: %r" % (where, line))
            cur = {
                "source": name,
                "id": m.group("id").strip(),
                "url": m.group("url"),
                "published": m.group("published").strip(),
                "authors": m.group("authors").strip(),
                "lines": [],
                "where": where,
            }
            pages.append(cur)
            continue
        if cur is None:
            if line.startswith("#") or line.strip() == "":
                continue
            raise SourceError("%s: text before the first page header: %r" % (where, line))
        if len(line) < 2 or line[1] != "|":
            raise SourceError("%s: expected 'TAG|line', got %r" % (where, line))
        tag, content = line[0], line[2:]
        if tag not in TAGS:
            raise SourceError("%s: unknown tag %r" % (where, tag))
        if tag == " " and content.strip() != "":
            raise SourceError("%s: a blank line ' |' must hold whitespace only" % where)
        if tag != " " and content.strip() == "":
            raise SourceError("%s: tag %s on an empty line (use ' |')" % (where, tag))
        cur["lines"].append((TAGS[tag], content))
    return pages


# Pages the project's rules were mended on (new users' bug hunts): training only; a page of an
# outlet of the test split is left out (blogspot.com is one site).
TRAINING_ONLY = "source_hunts.txt"


def without_test_outlets(pages):
    """`pages` without the hunts' pages whose outlet another source has in the test split."""
    test_sites = {site_of(p["url"]) for p in pages if p["source"] != TRAINING_ONLY and split_of(site_of(p["url"])) == "test"}
    left_out = [p["id"] for p in pages if p["source"] == TRAINING_ONLY and site_of(p["url"]) in test_sites]
    if left_out:
        print("left out (outlet in the test split): %s" % ", ".join(left_out))
    return [p for p in pages if p["id"] not in left_out]


def validate(pages):
    seen = {}
    for p in pages:
        where = p["where"]
        pid = p["id"]
        if not ID_RE.match(pid):
            raise SourceError("%s: page id %r is not <outlet>-<n> in lower case" % (where, pid))
        if pid in seen:
            raise SourceError("%s: page id %r already used at %s" % (where, pid, seen[pid]))
        seen[pid] = where
        if not re.match(r"^https?://", p["url"]):
            raise SourceError("%s: url must start with http:// or https://" % where)
        if p["published"]:
            try:
                d = datetime.date.fromisoformat(p["published"])
            except ValueError:
                raise SourceError("%s: published=%r is not a YYYY-MM-DD date" % (where, p["published"]))
            if d.isoformat() != p["published"]:
                raise SourceError("%s: published=%r is not a YYYY-MM-DD date" % (where, p["published"]))
        labels = [lab for lab, _ in p["lines"]]
        if not labels:
            raise SourceError("%s: page %s has no lines" % (where, pid))
        if labels.count("headline") > 1:
            raise SourceError("%s: page %s has %d headline lines" % (where, pid, labels.count("headline")))
        if "text" not in labels:
            raise SourceError("%s: page %s has no text line" % (where, pid))
        if p["authors"] and "byline" not in labels:
            raise SourceError("%s: page %s names authors but has no byline line" % (where, pid))
        for lab, content in p["lines"]:
            if "\n" in content:
                raise SourceError("%s: a line holds a newline" % where)


def to_record(p):
    site = site_of(p["url"])
    text = "\n".join(c for _, c in p["lines"]) + "\n"
    title = next((c for lab, c in p["lines"] if lab == "headline"), None)
    return {
        "id": p["id"],
        "site": site,
        "url": p["url"],
        "source": "hand",
        "render": "copy",
        "split": "train" if p["source"] == TRAINING_ONLY else split_of(site),
        "lang": "en",
        "text": text,
        "labels": [lab for lab, _ in p["lines"]],
        "title": title,
        "authors": p["authors"] or None,
        "published": p["published"] or None,
    }


def print_counts(records, out=sys.stdout):
    sites = {r["site"] for r in records}
    print("pages: %d" % len(records), file=out)
    print("outlets: %d" % len(sites), file=out)
    for split in ("train", "test"):
        rs = [r for r in records if r["split"] == split]
        print(
            "%s: %d pages, %d outlets" % (split, len(rs), len({r["site"] for r in rs})),
            file=out,
        )
    per_label = Counter(lab for r in records for lab in r["labels"])
    print("lines per label:", file=out)
    for lab in LABEL_ORDER:
        print("  %-10s %d" % (lab, per_label.get(lab, 0)), file=out)
    print("  %-10s %d" % ("total", sum(per_label.values())), file=out)
    per_site = Counter(r["site"] for r in records)
    crowded = sorted(s for s, n in per_site.items() if n > 3)
    if crowded:
        print("note: more than 3 pages from: %s" % ", ".join(crowded), file=out)


def main(argv):
    check_only = "--check" in argv[1:]
    unknown = [a for a in argv[1:] if a != "--check"]
    if unknown:
        print(__doc__, file=sys.stderr)
        return 2
    sources = sorted(glob.glob(os.path.join(HERE, "source_*.txt")))
    if not sources:
        print("no tests/clean_eval/source_*.txt found", file=sys.stderr)
        return 1
    pages = []
    try:
        for path in sources:
            pages.extend(parse_source(path))
        validate(pages)
        pages = without_test_outlets(pages)
    except SourceError as e:
        print("error: %s" % e, file=sys.stderr)
        return 1
    records = [to_record(p) for p in pages]
    print("sources: %s" % ", ".join(os.path.basename(s) for s in sources))
    if not check_only:
        with open(OUT_JSONL, "w", encoding="utf-8", newline="\n") as f:
            for r in records:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
        os.makedirs(PAGES_DIR, exist_ok=True)
        wanted = {r["id"] + ".txt" for r in records}
        for old in os.listdir(PAGES_DIR):
            if old.endswith(".txt") and old not in wanted:
                os.remove(os.path.join(PAGES_DIR, old))
        for r in records:
            with open(os.path.join(PAGES_DIR, r["id"] + ".txt"), "w", encoding="utf-8", newline="\n") as f:
                f.write(r["text"])
        print("wrote %s and %d files in %s" % (
            os.path.relpath(OUT_JSONL), len(records), os.path.relpath(PAGES_DIR)))
    print_counts(records)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
