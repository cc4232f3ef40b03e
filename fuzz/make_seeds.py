#!/usr/bin/env python3
"""Build the small seed corpora under fuzz/corpus/<target>/ from data/sample and a few awkward
strings (emoji, CRLF, bullets, HTML, JSONL). Run from anywhere; rewrites only seed_* files."""
import json
import pathlib

root = pathlib.Path(__file__).resolve().parent
samples = sorted((root.parent / "data" / "sample").glob("*.txt"))

awkward = {
    "emoji": "Flags 🇦🇱🇮🇷 fly 👍🏽 in Tirana.\n\nFamilies 👨‍👩‍👧 came. “Great!” she said… Then left.\n",
    "crlf": "Port reopens after strike\r\n\r\nThe port of Valletta reopened on Monday.\r\nAdvertisement\r\nShips moved again.\r\n",
    "bullets": "Key points\n\n• Mr. Smith met Dr. Jones.\n• Prices rose 4.5% in Jan. 2024.\n - second item\n* third\n1. first\n2. second\n\n▪ Last.",
    "blank_lines": "Headline\n\n\n \n\t\nOne.\n \nTwo.\n\u200b\nThree.\r\n\r\n  \r\n",
    "quotes": "'This is great.' she said. \"Really?\" (He nodded.) It's Tehran's move. U.S. officials, e.g. the F.B.I., said so. . . . Next",
    "headings": "# Markdown title\n\n## Section\n\nBody text about Albania and Iran.\n\nBy Jane Doe and John Smith, Associated Press\n\n5 min read\n",
    "boilerplate": "Storm hits coast\n\nShare this article\n\nADVERTISEMENT\n\nThe storm hit the coast on Monday.\n\n© 2023 Daily Planet Media. All rights reserved.\n\nTHE HARBOUR TIMES\n\nIndependent news since 1901.",
    "unicode_ws": "\ufeffTitle\u00a0here\u2028\n\u3000Body\u200b line one.\u0085Next sentence。次の文！Done？\n",
    "ellipsis": "Wait... What? No!! Yes?! Okay… Fine. [...] and (...) then 5 a.m. Mr. Smith went. p. 55 No. 5",
}

html_pages = {
    "html_basic": "<html><head><title>Albania cuts ties with Iran</title></head><body><article><h1>Albania cuts ties with Iran</h1><p>Albania has cut diplomatic relations with Iran after a cyber attack in July, Prime Minister Edi Rama said.</p><p>The embassy staff were given 24 hours to leave Tirana.</p></article></body></html>",
    "html_emoji": "<!doctype html><html><head><meta charset=utf-8><title>  Flags 🇦🇱 &amp; news\n</title></head><body><main><p>Emoji 👍🏽 text in a paragraph that is long enough to be the main content of the page.</p><ul><li>• one</li><li>two</li></ul></main></body></html>",
    "html_latin1": "<html><head><meta charset=\"iso-8859-1\"><title>Caf\xe9</title></head><body><p>Montr\xe9al caf\xe9 reopened on Friday after the long strike ended downtown.</p></body></html>",
    "html_broken": "<html><body><div><p>Unclosed <b>bold <i>italic<p>Next para<script>var x = '</p>';</script><table><tr><td>cell",
}

json_lines = [
    {"id": 7, "title": "Big  news", "text": "Body of the story. Mr. Smith said so."},
    {"id": "a1", "title": "Mayor resigns", "text": "The mayor of Lyon resigned on Friday.\r\n\r\nAdvertisement\r\nMore text."},
    {"text": "No id, no title: 👍 emoji and CRLF\r\nline two"},
    {"id": 3, "title": "Body starts with title", "text": "Body starts with title and goes on."},
    {"id": 4, "title": " \t", "text": "Blank title."},
]

def write(target, name, data):
    d = root / "corpus" / target
    d.mkdir(parents=True, exist_ok=True)
    (d / f"seed_{name}").write_bytes(data)

texts = {p.stem: p.read_bytes() for p in samples}
texts.update({k: v.encode("utf-8") for k, v in awkward.items()})
for name, data in texts.items():
    for target in ("clean", "segment", "pipeline"):
        write(target, name, data)
    write("ingest", f"plain_{name}", b"\x00" + data)
    write("ingest", f"jsonltext_{name}", b"\x02" + data)
for name, page in html_pages.items():
    data = page.encode("latin-1") if name == "html_latin1" else page.encode("utf-8")
    write("ingest", name, b"\x01" + data)
for i, obj in enumerate(json_lines):
    write("ingest", f"jsonline_{i}", b"\x03" + json.dumps(obj, ensure_ascii=False).encode("utf-8"))
# A JSONL line built from each sample, with the first line as the title.
for p in samples:
    text = p.read_text("utf-8")
    title, _, body = text.partition("\n")
    write("ingest", f"jsonline_{p.stem}", b"\x03" + json.dumps({"id": p.stem, "title": title, "text": body}, ensure_ascii=False).encode("utf-8"))
# Binary, invalid UTF-8, blank.
write("ingest", "plain_binary", b"\x00\x89PNG\r\n\x1a\n\x00\x00")
write("ingest", "plain_latin1", b"\x00Caf\xe9 au lait")
write("ingest", "plain_blank", b"\x00 \n\t\n")
