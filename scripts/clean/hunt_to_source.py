#!/usr/bin/env python3
"""Write a bug hunt's labelled pages in the hand-labelled set's source format
(tests/clean_eval/README.md), to stdout.

    scripts/clean/hunt_to_source.py HUNT_DIR NUMBER >> tests/clean_eval/source_hunts.txt

A hunt directory holds `corpus/NN_outlet.txt` (a page's stored text, written verbatim by a
script), `raw/NN_outlet.json` (its `url`) and `labels.json` (per page: `labels`, one per line,
`authors` a list, `published`). Page ids are `<outlet>-<NUMBER><NN>`. Carriage returns are
dropped (the source format has none). Standard library only.
"""
import json
import sys
from pathlib import Path

TAGS = {"headline": "H", "byline": "B", "date": "D", "furniture": "F", "text": "T", "blank": " "}


def main():
    hunt, number = Path(sys.argv[1]), sys.argv[2]
    labels = json.loads((hunt / "labels.json").read_text(encoding="utf-8"))
    for name in sorted(labels):
        page = labels[name]
        stem = Path(name).stem
        nn, outlet = stem.split("_", 1)
        url = json.loads((hunt / "raw" / f"{stem}.json").read_text(encoding="utf-8"))["url"]
        text = (hunt / "corpus" / name).read_text(encoding="utf-8").replace("\r\n", "\n")
        lines = text.split("\n")
        if text.endswith("\n"):
            lines.pop()
        if len(lines) != len(page["labels"]):
            sys.exit(f"{name}: {len(lines)} lines, {len(page['labels'])} labels")
        outlet = "".join(c for c in outlet.lower() if c.isalnum() or c == "-")
        authors = "; ".join(page.get("authors") or [])
        tags = list(page["labels"])
        # (A date line that also credits the author, "Posted Sunday, December 02, 2018 by PA", is
        # the page's byline line when it has no other: the source format wants one for authors.)
        if authors and "byline" not in tags:
            tags = [("byline" if label == "date" and " by " in line.lower() else label) for label, line in zip(tags, lines)]
        print(f"=== {outlet}-{number}{int(nn):02d} | {url} | published={page.get('published') or ''} | authors={authors} ===")
        for label, line in zip(tags, lines):
            # (A line of spaces labelled otherwise is blank all the same.)
            tag = TAGS[label] if line.strip() else " "
            print(f"{tag}|{line}")


if __name__ == "__main__":
    main()
