#!/usr/bin/env python3
"""External contract check of textmill's Parquet tables (pandas + pyarrow).

Reads ``<out>/{documents,sentences,mentions,entities}.parquet`` and checks them against
``contract.md``: the four tables exist, the contract's columns come first and in order,
column types (strings, integers, nullable title), the row counts agree with each other,
every mention points at an existing entity and lies inside an existing sentence, and
``documents.text[start_char:end_char] == text`` for every sentence and mention (Python
``str`` slicing counts code points, as the contract does).

When the input roots are given (``--input DIR``), plain-text sources (.txt/.md, and their
.gz) are also checked byte for byte: ``documents.text`` must be the file decoded as
UTF-8 with no newline translation, and ``content_sha256`` must be the SHA-256 of the file
(of the file or of its decompressed bytes for .gz).
JSONL sources: every line's ``text`` field must come out as (the end of) one document's text.

Usage:
    check_tables.py OUT_DIR [--input DIR]... [--expect-docs N] [--counts-file PATH]
                            [--strict]
    check_tables.py --self-test

Exit status: 0 all checks pass, 1 some check failed, 2 usage error. Failures are "contract"
problems; warnings are quality problems the contract implies but does not state exactly
(``--strict`` turns them into failures).
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

TABLES = {
    "documents": ["doc_id", "source", "content_sha256", "title", "n_chars", "n_sentences", "n_mentions", "text",
                  "published", "authors", "language"],
    "sentences": ["doc_id", "sent_idx", "start_char", "end_char", "text"],
    "mentions": ["doc_id", "sent_idx", "start_char", "end_char", "text", "label", "entity_id", "value"],
    "entities": ["entity_id", "label", "canonical", "n_mentions", "n_docs", "geonames_id", "country_code", "latitude", "longitude"],
}
STRING_COLUMNS = {
    "documents": ["doc_id", "source", "content_sha256", "text"],
    "sentences": ["doc_id", "text"],
    "mentions": ["doc_id", "text", "label", "entity_id"],
    "entities": ["entity_id", "label", "canonical"],
}
NULLABLE_STRING_COLUMNS = {"documents": ["title", "published", "authors", "language"], "mentions": ["value"], "entities": ["country_code"]}
INTEGER_COLUMNS = {
    "documents": ["n_chars", "n_sentences", "n_mentions"],
    "sentences": ["sent_idx", "start_char", "end_char"],
    "mentions": ["sent_idx", "start_char", "end_char"],
    "entities": ["n_mentions", "n_docs"],
}
LABELS = {
    "PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW",
    "LANGUAGE", "DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL",
}
PLAIN_TEXT_SUFFIXES = {".txt", ".md"}
# Names whose leading "The" is part of the name; a leading "the" is otherwise outside the span.
THE_NAMES = {"the hague", "the gambia", "the bahamas", "the guardian", "the times", "the economist",
             "the new york times", "the washington post", "the wall street journal", "the beatles",
             "the independent", "the telegraph", "the atlantic", "the new yorker", "the hill"}
HONORIFIC = re.compile(
    r"^(?:Mr|Mrs|Ms|Dr|Sir|Dame|Prof|Cllr|Gov|Sen|Rep|Gen|Lt|Col|Capt)\.?\s|^(?:Prime Minister|President|Chancellor|Minister)\s"
)
# Whitespace plus the invisible characters a span should not start or end with (BOM, zero-width space).
INVISIBLE = "".join(chr(c) for c in range(0x110000) if chr(c).isspace()) + "\ufeff\u200b"
TRAILING_PUNCTUATION = set(",;:!?)]}\"'\u201d\u2019\u00bb")
HEX64 = re.compile(r"^[0-9a-f]{64}$")
MAX_EXAMPLES = 5


class Report:
    """Collects failures and warnings, each under a short check name, with a few examples each."""

    def __init__(self) -> None:
        self.failures: dict[str, list[str]] = defaultdict(list)
        self.failure_counts: Counter = Counter()
        self.warnings: dict[str, list[str]] = defaultdict(list)
        self.warning_counts: Counter = Counter()
        self.notes: list[str] = []

    def fail(self, check: str, message: str) -> None:
        self.failure_counts[check] += 1
        if len(self.failures[check]) < MAX_EXAMPLES:
            self.failures[check].append(message)

    def warn(self, check: str, message: str) -> None:
        self.warning_counts[check] += 1
        if len(self.warnings[check]) < MAX_EXAMPLES:
            self.warnings[check].append(message)

    def print(self, stream=sys.stderr) -> None:
        for title, items, counts in (("WARNING", self.warnings, self.warning_counts),
                                     ("FAIL", self.failures, self.failure_counts)):
            for check, examples in items.items():
                print(f"{title} [{check}] {counts[check]} problem(s), e.g.:", file=stream)
                for example in examples:
                    print(f"    {example}", file=stream)


def short(value, limit: int = 80) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


# --------------------------------------------------------------------------------------------
# Loading and schema
# --------------------------------------------------------------------------------------------

def load_tables(out_dir: Path, report: Report):
    import pandas as pd
    import pyarrow.parquet as pq

    frames, schemas = {}, {}
    for table in TABLES:
        path = out_dir / f"{table}.parquet"
        if not path.is_file():
            report.fail("tables-exist", f"{path} is missing")
            continue
        try:
            schemas[table] = pq.read_schema(path)
            frames[table] = pd.read_parquet(path, engine="pyarrow")
        except Exception as error:  # noqa: BLE001 - any read error is a failure to report
            report.fail("tables-exist", f"{path} cannot be read: {error}")
    return frames, schemas


def check_schema(frames, schemas, report: Report) -> bool:
    """Column order and types. Returns False when the tables are too broken to check further."""
    import pandas as pd
    import pyarrow as pa

    def is_arrow_string(arrow_type) -> bool:
        checks = [pa.types.is_string, pa.types.is_large_string]
        if hasattr(pa.types, "is_string_view"):
            checks.append(pa.types.is_string_view)
        return any(check(arrow_type) for check in checks)

    usable = True
    for table, columns in TABLES.items():
        if table not in frames:
            usable = False
            continue
        frame, schema = frames[table], schemas[table]
        leading = list(frame.columns[: len(columns)])
        if leading != columns:
            report.fail("column-order", f"{table}: leading columns {leading}, contract wants {columns}")
            if not set(columns) <= set(frame.columns):
                usable = False
                continue
        for column in STRING_COLUMNS.get(table, []) + NULLABLE_STRING_COLUMNS.get(table, []):
            arrow_type = schema.field(column).type
            if pa.types.is_dictionary(arrow_type) and is_arrow_string(arrow_type.value_type):
                report.warn("types", f"{table}.{column} is dictionary-encoded ({arrow_type}); "
                            "pandas reads it as category, not str")
            elif not is_arrow_string(arrow_type):
                report.fail("types", f"{table}.{column} has Parquet/Arrow type {arrow_type}, want a string")
            nulls = int(frame[column].isna().sum())
            if column not in NULLABLE_STRING_COLUMNS.get(table, []) and nulls:
                report.fail("types", f"{table}.{column} has {nulls} null value(s)")
            values = frame[column].dropna()
            if len(values) and not all(isinstance(value, str) for value in values):
                report.fail("types", f"{table}.{column}: pandas values are not all str")
        views = [field.name for field in schema if hasattr(pa.types, "is_string_view")
                 and pa.types.is_string_view(field.type)]
        if views and table == "documents":
            report.notes.append("string columns are stored as Arrow string_view (e.g. documents."
                                f"{views[0]}); pyarrow < 15 cannot read these files")
        for column in INTEGER_COLUMNS.get(table, []):
            arrow_type = schema.field(column).type
            if not pa.types.is_integer(arrow_type):
                report.fail("types", f"{table}.{column} has Parquet/Arrow type {arrow_type}, want an integer")
            if frame[column].isna().any():
                report.fail("types", f"{table}.{column} has null values")
            elif not pd.api.types.is_integer_dtype(frame[column]):
                report.fail("types", f"{table}.{column} reads in pandas as {frame[column].dtype}, want an integer")
        if table == "documents":
            titles = frame["title"]
            empty = titles[titles.notna() & (titles.astype("string") == "")]
            if len(empty):
                report.fail("title", f"{len(empty)} document(s) have an empty-string title; the contract wants null")
            published = frame["published"].dropna().astype(str)
            bad = published[~published.str.fullmatch(r"\d{4}-\d{2}-\d{2}")]
            if len(bad):
                report.fail("published", f"{len(bad)} published value(s) are not YYYY-MM-DD, e.g. {bad.iloc[0]!r}")
            for column in ("published", "authors", "language"):
                values = frame[column]
                if len(values[values.notna() & (values.astype("string") == "")]):
                    report.fail(column, f"documents.{column} has empty strings; the contract wants null")
        if table == "entities":
            # Places on the map: an integer GeoNames id and coordinates in range, for places only.
            for column, is_type in (("geonames_id", pa.types.is_integer), ("latitude", pa.types.is_floating), ("longitude", pa.types.is_floating)):
                if not is_type(schema.field(column).type):
                    report.fail("types", f"entities.{column} has Parquet/Arrow type {schema.field(column).type}")
            located = frame[frame["geonames_id"].notna()]
            if len(located[~located["label"].isin(["GPE", "LOC", "FAC"])]):
                report.fail("places", "entities that are no place (GPE, LOC, FAC) have a GeoNames id")
            if len(located[located["latitude"].abs().gt(90) | located["longitude"].abs().gt(180) | located["country_code"].isna()]):
                report.fail("places", "a located entity has coordinates out of range or no country_code")
        if table == "mentions":
            # A value only for DATE and TIME mentions, and never an empty string.
            valued = frame[frame["value"].notna()]
            if len(valued[~valued["label"].isin(["DATE", "TIME"])]):
                report.fail("value", "mentions.value is set on a mention that is no DATE or TIME")
            if len(valued[valued["value"].astype("string") == ""]):
                report.fail("value", "mentions.value has empty strings; the contract wants null")
    return usable


# --------------------------------------------------------------------------------------------
# Contents
# --------------------------------------------------------------------------------------------

def check_contents(frames, report: Report) -> None:
    documents, sentences = frames["documents"], frames["sentences"]
    mentions, entities = frames["mentions"], frames["entities"]

    # documents: ids, hashes, lengths
    duplicated = documents["doc_id"][documents["doc_id"].duplicated()]
    for doc_id in duplicated:
        report.fail("doc-id-unique", f"doc_id {doc_id!r} appears more than once in documents")
    texts: dict[str, str] = {}
    for row in documents.itertuples(index=False):
        texts[row.doc_id] = row.text
        if row.doc_id.startswith("/") or row.doc_id.startswith("./") or "\\" in row.doc_id or row.doc_id == "":
            report.fail("doc-id", f"doc_id {row.doc_id!r} is not a relative path")
        if not HEX64.match(str(row.content_sha256)):
            report.fail("content-sha256", f"{row.doc_id}: content_sha256 {short(row.content_sha256)} is not 64 lowercase hex")
        if int(row.n_chars) != len(row.text):
            report.fail("n-chars", f"{row.doc_id}: n_chars {row.n_chars} != {len(row.text)} code points in text")

    # sentences: keys, order, spans
    sentence_spans: dict[tuple[str, int], tuple[int, int]] = {}
    per_doc_sentences: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
    for row in sentences.itertuples(index=False):
        key = (row.doc_id, int(row.sent_idx))
        if row.doc_id not in texts:
            report.fail("sentence-doc", f"sentence {key} names a doc_id missing from documents")
            continue
        if key in sentence_spans:
            report.fail("sentence-key", f"sentence {key} appears twice")
        start, end = int(row.start_char), int(row.end_char)
        sentence_spans[key] = (start, end)
        per_doc_sentences[row.doc_id].append((int(row.sent_idx), start, end))
        check_span(report, "sentence", key, texts[row.doc_id], start, end, row.text)
    for doc_id, items in per_doc_sentences.items():
        items.sort()
        indices = [index for index, _, _ in items]
        if indices != list(range(len(items))):
            report.fail("sent-idx", f"{doc_id}: sent_idx values {indices[:10]}... are not 0..n-1")
        for (index_a, start_a, end_a), (index_b, start_b, end_b) in zip(items, items[1:]):
            if start_b < end_a:
                report.fail("sentence-order", f"{doc_id}: sentence {index_b} [{start_b},{end_b}) starts before "
                            f"sentence {index_a} [{start_a},{end_a}) ends (overlap or out of order)")

    # mentions: keys, spans, containment, labels, span shape
    entity_ids = set(entities["entity_id"])
    for row in mentions.itertuples(index=False):
        key = (row.doc_id, int(row.sent_idx), int(row.start_char))
        if row.doc_id not in texts:
            report.fail("mention-doc", f"mention {key} names a doc_id missing from documents")
            continue
        start, end = int(row.start_char), int(row.end_char)
        check_span(report, "mention", key, texts[row.doc_id], start, end, row.text)
        span = sentence_spans.get((row.doc_id, int(row.sent_idx)))
        if span is None:
            report.fail("mention-sentence", f"mention {key} {short(row.text)}: sentence {row.sent_idx} does not exist")
        elif not (span[0] <= start and end <= span[1]):
            report.fail("mention-sentence", f"mention {key} {short(row.text)} [{start},{end}) is outside its "
                        f"sentence [{span[0]},{span[1]})")
        if row.entity_id not in entity_ids:
            report.fail("mention-entity", f"mention {key} {short(row.text)}: entity_id {row.entity_id!r} not in entities")
        if row.label not in LABELS:
            report.fail("labels", f"mention {key} {short(row.text)} has label {row.label!r}")
        text = str(row.text)
        # A DATE keeps its article: the contract's own example is "the early 1990s".
        if text.lower().startswith("the ") and text.lower() not in THE_NAMES and row.label != "DATE":
            report.fail("mention-the", f"mention {key} {short(text)} starts with 'the '")
        if text.endswith("'s") or text.endswith("\u2019s"):
            report.fail("mention-possessive", f"mention {key} {short(text)} ends with a possessive 's")
        if row.label == "PERSON" and HONORIFIC.match(text):
            report.fail("mention-honorific", f"PERSON mention {key} {short(text)} starts with a title/honorific")
        if text != text.strip(INVISIBLE) or (text and text[-1] in TRAILING_PUNCTUATION):
            report.warn("mention-trim", f"mention {key} {short(text)} has surrounding whitespace/invisible characters or trailing punctuation")

    # entities
    for entity_id in entities["entity_id"][entities["entity_id"].duplicated()]:
        report.fail("entity-unique", f"entity_id {entity_id!r} appears more than once in entities")
    for row in entities.itertuples(index=False):
        if row.label not in LABELS:
            report.fail("labels", f"entity {row.entity_id!r} has label {row.label!r}")
        if not str(row.canonical).strip():
            report.fail("entity-canonical", f"entity {row.entity_id!r} has an empty canonical name")

    # counts
    check_counts(report, "documents.n_sentences", documents.set_index("doc_id")["n_sentences"],
                 sentences.groupby("doc_id").size(), len(sentences))
    check_counts(report, "documents.n_mentions", documents.set_index("doc_id")["n_mentions"],
                 mentions.groupby("doc_id").size(), len(mentions))
    check_counts(report, "entities.n_mentions", entities.set_index("entity_id")["n_mentions"],
                 mentions.groupby("entity_id").size(), len(mentions))
    check_counts(report, "entities.n_docs", entities.set_index("entity_id")["n_docs"],
                 mentions.groupby("entity_id")["doc_id"].nunique(), None)
    zero = entities[entities["n_mentions"] == 0]
    if len(zero):
        report.warn("entity-unused", f"{len(zero)} entities have no mentions, e.g. {list(zero['entity_id'][:3])}")
    entity_labels = dict(zip(entities["entity_id"], entities["label"]))
    for row in mentions.itertuples(index=False):
        expected = entity_labels.get(row.entity_id)
        if expected is not None and expected != row.label:
            report.warn("mention-entity-label", f"mention {row.doc_id}:{row.start_char} {short(row.text)} is "
                        f"{row.label} but its entity {row.entity_id!r} is {expected}")

    # title = sentence 0
    for row in documents.itertuples(index=False):
        if row.title is None or (isinstance(row.title, float)):
            continue
        span = sentence_spans.get((row.doc_id, 0))
        if span is None:
            report.fail("title", f"{row.doc_id}: has title {short(row.title)} but no sentence 0")
            continue
        sentence_text = texts[row.doc_id][span[0]:span[1]]
        if sentence_text.strip() != str(row.title).strip():
            report.fail("title", f"{row.doc_id}: title {short(row.title)} != sentence 0 {short(sentence_text)}")

    # sentences should not be padded with whitespace
    for row in sentences.itertuples(index=False):
        if row.text != row.text.strip(INVISIBLE) or not row.text.strip(INVISIBLE):
            report.warn("sentence-trim", f"sentence ({row.doc_id}, {row.sent_idx}) {short(row.text)} is blank "
                        "or starts/ends with whitespace or an invisible character (BOM, zero-width space)")


def check_span(report: Report, kind: str, key, text: str, start: int, end: int, expected: str) -> None:
    if not (0 <= start < end <= len(text)):
        report.fail(f"{kind}-offsets", f"{kind} {key}: [{start},{end}) is empty or outside the document (n_chars {len(text)})")
        return
    if text[start:end] != expected:
        report.fail(f"{kind}-slice", f"{kind} {key}: documents.text[{start}:{end}] = {short(text[start:end])} "
                    f"!= {short(expected)}")


def check_counts(report: Report, name: str, declared, actual, total) -> None:
    actual = actual.reindex(declared.index, fill_value=0)
    mismatched = declared[declared.astype("int64") != actual.astype("int64")]
    for key, value in mismatched.head(MAX_EXAMPLES).items():
        report.fail("counts", f"{name}[{key!r}] = {value}, but the table has {actual[key]}")
    if total is not None and int(declared.sum()) != total:
        report.fail("counts", f"sum of {name} = {int(declared.sum())}, but the table has {total} rows")


# --------------------------------------------------------------------------------------------
# Sources
# --------------------------------------------------------------------------------------------

def check_sources(frames, input_roots: list[Path], report: Report) -> None:
    documents = frames["documents"]
    by_id = {row.doc_id: row for row in documents.itertuples(index=False)}
    seen_plain = 0
    jsonl_texts: Counter = Counter()
    for root in input_roots:
        files = [root] if root.is_file() else sorted(path for path in root.rglob("*") if path.is_file())
        base = root.parent if root.is_file() else root
        for path in files:
            relative = path.relative_to(base).as_posix()
            suffix = path.suffix.lower()
            gzipped = suffix == ".gz" and Path(path.stem).suffix.lower() in PLAIN_TEXT_SUFFIXES
            if suffix in PLAIN_TEXT_SUFFIXES or gzipped:
                seen_plain += 1
                raw_bytes = path.read_bytes()
                row = by_id.get(relative)
                if row is None:
                    report.fail("source-missing", f"{relative}: no document with this doc_id")
                    continue
                content = gzip.decompress(raw_bytes) if gzipped else raw_bytes
                # For a .gz source either the file's or the decompressed bytes' hash is accepted.
                digests = {hashlib.sha256(raw_bytes).hexdigest(), hashlib.sha256(content).hexdigest()}
                if row.content_sha256 not in digests:
                    report.fail("content-sha256", f"{relative}: content_sha256 {row.content_sha256} != sha256(file) "
                                f"{hashlib.sha256(raw_bytes).hexdigest()}")
                try:
                    raw = content.decode("utf-8")
                except UnicodeDecodeError as error:
                    report.fail("text-verbatim", f"{relative}: source is not UTF-8 ({error}) but became a document")
                    continue
                if row.text != raw:
                    where = next((i for i, (a, b) in enumerate(zip(row.text, raw)) if a != b), min(len(row.text), len(raw)))
                    report.fail("text-verbatim", f"{relative}: documents.text differs from the file at code point {where}: "
                                f"{short(row.text[where:where + 20])} vs {short(raw[where:where + 20])} "
                                f"(lengths {len(row.text)} vs {len(raw)})")
            elif suffix == ".jsonl" or path.name.lower().endswith(".jsonl.gz"):
                opener = gzip.open if suffix == ".gz" else open
                with opener(path, "rt", encoding="utf-8", newline="") as handle:
                    for line in handle:
                        if not line.strip():
                            continue
                        try:
                            record = json.loads(line)
                        except json.JSONDecodeError:
                            continue
                        if isinstance(record, dict) and isinstance(record.get("text"), str):
                            jsonl_texts[record["text"]] += 1
                if not any(doc_id == relative or doc_id.startswith(relative) for doc_id in by_id):
                    report.warn("jsonl-doc-id", f"no doc_id starts with the JSONL file's path {relative!r}")
    # A record's text must come out verbatim as (the end of) one document's text: textmill may put
    # the record's title field in front of it.
    document_texts = list(documents["text"])
    for text, count in jsonl_texts.items():
        found = sum(1 for document_text in document_texts if document_text.endswith(text))
        if found < count:
            report.fail("jsonl-text", f"JSONL record text {short(text)} ends {found} document text(s), "
                        f"expected {count}")
    report.notes.append(f"{seen_plain} plain-text source file(s) compared byte for byte, "
                        f"{sum(jsonl_texts.values())} JSONL record(s) matched")


def check_run_report(out_dir: Path, counts: dict[str, int], report: Report) -> None:
    """run_report.json must exist; where it states a table's row count, that count must match."""
    path = out_dir / "run_report.json"
    if not path.is_file():
        report.fail("run-report", f"{path} is missing")
        return
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        report.fail("run-report", f"{path} is not valid JSON: {error}")
        return
    found: dict[str, list[tuple[int, str]]] = defaultdict(list)

    def walk(node, trail):
        if isinstance(node, dict):
            for key, value in node.items():
                if key in counts and isinstance(value, int) and not isinstance(value, bool):
                    found[key].append((value, ".".join(trail + [key])))
                walk(value, trail + [key])

    walk(data, [])
    # A table name can appear under other headings too (e.g. failed counts): only when no
    # occurrence states the table's row count is that a failure.
    for table, candidates in found.items():
        if all(value != counts[table] for value, _ in candidates):
            value, where = candidates[0]
            report.fail("run-report", f"run_report.json {where} = {value}, but {table} has {counts[table]} rows")
    if not found:
        report.warn("run-report", "run_report.json states no per-table row counts under the table names")


def check(out_dir: Path, input_roots: list[Path], expect_docs: int | None = None) -> tuple[Report, dict]:
    report = Report()
    frames, schemas = load_tables(out_dir, report)
    counts = {table: len(frame) for table, frame in frames.items()}
    if check_schema(frames, schemas, report):
        check_contents(frames, report)
        if input_roots:
            check_sources(frames, input_roots, report)
        check_run_report(out_dir, counts, report)
    if expect_docs is not None and counts.get("documents") != expect_docs:
        report.fail("document-count", f"documents has {counts.get('documents')} rows, expected {expect_docs}")
    return report, counts


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", nargs="?", type=Path, help="textmill output directory")
    parser.add_argument("--input", action="append", type=Path, default=[], help="input root the run read (repeatable)")
    parser.add_argument("--expect-docs", type=int, help="exact number of documents expected")
    parser.add_argument("--counts-file", type=Path, help="write the row counts as JSON here (for check_tables.R)")
    parser.add_argument("--strict", action="store_true", help="warnings fail too")
    parser.add_argument("--self-test", action="store_true", help="prove every check can fail, then exit")
    args = parser.parse_args(argv)
    if args.self_test:
        return self_test()
    if args.out_dir is None:
        parser.error("OUT_DIR is required")
    if not args.out_dir.is_dir():
        print(f"check_tables.py: {args.out_dir} is not a directory", file=sys.stderr)
        return 2
    report, counts = check(args.out_dir, args.input, args.expect_docs)
    if args.counts_file:
        args.counts_file.write_text(json.dumps(counts) + "\n", encoding="utf-8")
    report.print()
    counts_text = ", ".join(f"{table} {counts.get(table, '-')}" for table in TABLES)
    for note in report.notes:
        print(f"note: {note}")
    failed = bool(report.failures) or (args.strict and bool(report.warnings))
    status = "FAILED" if failed else "ok"
    print(f"check_tables.py {args.out_dir}: {status} — rows: {counts_text}; "
          f"{sum(report.failure_counts.values())} failure(s) in {len(report.failures)} check(s), "
          f"{sum(report.warning_counts.values())} warning(s)"
          + (" (--strict: warnings fail)" if args.strict and report.warnings else ""))
    return 1 if failed else 0


# --------------------------------------------------------------------------------------------
# Self-test: a good fixture passes, each broken one fails the check it targets
# --------------------------------------------------------------------------------------------

FIXTURE_FILES = {
    "emoji.txt": "Party 🎉 in Zürich\n\nThe 👩\u200d👩\u200d👧 family met President Edi Rama in Zürich on Monday. It rained.\n",
    "crlf.txt": "Albania cuts ties with Iran\r\n\r\nAlbania’s leaders met the United Arab Emirates in Tirana. “Iran denies it,” said Rama.\r\n",
    "nested/accents.txt": "Cafe\u0301 owners in São Paulo and Kraków protest\n",
}
FIXTURE_MENTIONS = ["Zürich", "Edi Rama", "Rama", "United Arab Emirates", "Albania", "Iran", "Tirana", "São Paulo", "Kraków", "Monday"]
FIXTURE_LABELS = {"Zürich": "GPE", "United Arab Emirates": "GPE", "Albania": "GPE", "Iran": "GPE", "Tirana": "GPE", "São Paulo": "GPE",
                  "Kraków": "GPE", "Edi Rama": "PERSON", "Rama": "PERSON", "Monday": "DATE"}
FIXTURE_ENTITY = {"Rama": "Edi Rama"}


def build_fixture(root: Path):
    """Writes the input files under root/in and returns the four tables as pandas frames."""
    import pandas as pd

    input_dir = root / "in"
    documents, sentences, mentions = [], [], []
    for doc_id, content in FIXTURE_FILES.items():
        path = input_dir / doc_id
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode("utf-8"))
        doc_sentences = []
        position = 0
        for line in content.splitlines(keepends=True):
            stripped = line.strip()
            if stripped:
                offset = position + line.index(stripped)
                pieces = re.split(r"(?<=\.) ", stripped)
                for piece in pieces:
                    local = stripped.index(piece)
                    doc_sentences.append((offset + local, offset + local + len(piece)))
            position += len(line)
        n_mentions = 0
        for sent_idx, (start, end) in enumerate(doc_sentences):
            sentences.append({"doc_id": doc_id, "sent_idx": sent_idx, "start_char": start, "end_char": end,
                              "text": content[start:end]})
            taken: list[tuple[int, int]] = []
            for name in FIXTURE_MENTIONS:
                for match in re.finditer(re.escape(name), content[start:end]):
                    m_start, m_end = start + match.start(), start + match.end()
                    if any(a < m_end and m_start < b for a, b in taken):
                        continue
                    taken.append((m_start, m_end))
                    canonical = FIXTURE_ENTITY.get(name, name)
                    mentions.append({"doc_id": doc_id, "sent_idx": sent_idx, "start_char": m_start,
                                     "end_char": m_end, "text": name, "label": FIXTURE_LABELS[name],
                                     "entity_id": "E:" + canonical})
                    n_mentions += 1
        first_line = content.splitlines()[0]
        documents.append({"doc_id": doc_id, "source": str(path), "content_sha256": hashlib.sha256(content.encode()).hexdigest(),
                          "title": first_line if len(doc_sentences) > 1 else None,
                          "n_chars": len(content), "n_sentences": len(doc_sentences), "n_mentions": n_mentions,
                          "text": content, "published": None, "authors": None, "language": None})
    mentions_frame = pd.DataFrame(mentions)
    entity_rows = []
    for entity_id, group in mentions_frame.groupby("entity_id", sort=True):
        entity_rows.append({"entity_id": entity_id, "label": group["label"].iloc[0], "canonical": entity_id[2:],
                            "n_mentions": len(group), "n_docs": group["doc_id"].nunique()})
    return {
        "documents": pd.DataFrame(documents).astype({"title": "object", "published": "string", "authors": "string", "language": "string"}),
        "sentences": pd.DataFrame(sentences),
        "mentions": mentions_frame,
        "entities": pd.DataFrame(entity_rows),
    }


def write_tables(frames, out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    for table, frame in frames.items():
        frame.to_parquet(out_dir / f"{table}.parquet", engine="pyarrow", index=False)
        # CSV as polars writes it: UTF-8, header, RFC 4180, null as empty field, "\n" record ends.
        frame.to_csv(out_dir / f"{table}.csv", index=False, lineterminator="\n")
    counts = {table: len(frame) for table, frame in frames.items()}
    (out_dir / "run_report.json").write_text(json.dumps({"rows": counts, "failed": []}), encoding="utf-8")


def mutations():
    """(name, check that must fire, function(frames, out_dir) that breaks the fixture)."""

    def edit(table, fn):
        def apply(frames, out_dir):
            frames[table] = fn(frames[table].copy())
        return apply

    def shift_mention(frame):
        frame.loc[0, "start_char"] += 1
        return frame

    def sentence_quotes(frame):
        index = frame.index[frame["text"].str.contains("\u201c")][0]
        frame.loc[index, "text"] = frame.loc[index, "text"].replace("\u201c", '"').replace("\u201d", '"')
        return frame

    def bytes_offsets(frame):
        # the classic bug: UTF-8 byte offsets instead of code points
        docs = dict(zip(FIX_DOCS["doc_id"], FIX_DOCS["text"]))
        for index, row in frame.iterrows():
            text = docs[row["doc_id"]]
            frame.loc[index, "start_char"] = len(text[: row["start_char"]].encode())
            frame.loc[index, "end_char"] = len(text[: row["end_char"]].encode())
        return frame

    def utf16_offsets(frame):
        docs = dict(zip(FIX_DOCS["doc_id"], FIX_DOCS["text"]))
        for index, row in frame.iterrows():
            text = docs[row["doc_id"]]
            frame.loc[index, "start_char"] = len(text[: row["start_char"]].encode("utf-16-le")) // 2
            frame.loc[index, "end_char"] = len(text[: row["end_char"]].encode("utf-16-le")) // 2
        return frame

    def normalized_text(frame):
        frame["text"] = [unicodedata.normalize("NFC", text) for text in frame["text"]]
        frame["n_chars"] = [len(text) for text in frame["text"]]
        return frame

    def crlf_translated(frame):
        frame["text"] = [text.replace("\r\n", "\n") for text in frame["text"]]
        frame["n_chars"] = [len(text) for text in frame["text"]]
        return frame

    def swap_columns(frame):
        columns = list(frame.columns)
        columns[0], columns[1] = columns[1], columns[0]
        return frame[columns]

    def mention_into_other_sentence(frame):
        frame.loc[0, "sent_idx"] = frame.loc[0, "sent_idx"] + 1
        return frame

    def widen(frames, text, prefix="", suffix="", label=None):
        """Widens a mention whose text is `text` to take in the prefix/suffix around it."""
        mentions = frames["mentions"].copy()
        docs = dict(zip(frames["documents"]["doc_id"], frames["documents"]["text"]))
        for index in mentions.index[mentions["text"] == text]:
            start = int(mentions.loc[index, "start_char"]) - len(prefix)
            end = int(mentions.loc[index, "end_char"]) + len(suffix)
            document = docs[mentions.loc[index, "doc_id"]]
            if start >= 0 and document[start:end] == prefix + text + suffix:
                break
        else:
            raise AssertionError(f"no mention {text!r} with {prefix!r} before and {suffix!r} after")
        mentions.loc[index, ["start_char", "end_char", "text"]] = [start, end, document[start:end]]
        if label:
            mentions.loc[index, "label"] = label
        frames["mentions"] = mentions

    def possessive(frames, out_dir):
        widen(frames, "Albania", suffix="’s")

    def leading_the(frames, out_dir):
        widen(frames, "United Arab Emirates", prefix="the ")

    def honorific(frames, out_dir):
        widen(frames, "Edi Rama", prefix="President ")

    def recount(frames):
        documents, mentions, entities = frames["documents"].copy(), frames["mentions"], frames["entities"].copy()
        documents["n_mentions"] = documents["doc_id"].map(mentions.groupby("doc_id").size()).fillna(0).astype("int64")
        entities["n_mentions"] = entities["entity_id"].map(mentions.groupby("entity_id").size()).fillna(0).astype("int64")
        entities["n_docs"] = entities["entity_id"].map(mentions.groupby("entity_id")["doc_id"].nunique()).fillna(0).astype("int64")
        frames["documents"], frames["entities"] = documents, entities

    return [
        ("missing table", "tables-exist", "delete", None),
        ("columns swapped", "column-order", None, edit("sentences", swap_columns)),
        ("n_chars as float", "types", None, edit("documents", lambda f: f.assign(n_chars=f["n_chars"].astype("float64")))),
        ("start_char as string", "types", None, edit("mentions", lambda f: f.assign(start_char=f["start_char"].astype(str)))),
        ("label null", "types", None, edit("mentions", lambda f: f.assign(label=[None] + list(f["label"][1:])))),
        ("empty-string title", "title", None, edit("documents", lambda f: f.assign(title=["" if __import__("pandas").isna(t) else t for t in f["title"]]))),
        ("title not sentence 0", "title", None, edit("documents", lambda f: f.assign(title=["Something else"] * len(f)))),
        ("mention shifted by one", "mention-slice", None, edit("mentions", shift_mention)),
        ("byte offsets", "mention-slice", None, edit("mentions", bytes_offsets)),
        ("UTF-16 offsets", "sentence-slice", None, edit("sentences", utf16_offsets)),
        ("sentence text with straightened quotes", "sentence-slice", None, edit("sentences", sentence_quotes)),
        ("text NFC-normalised", "text-verbatim", None, edit("documents", normalized_text)),
        ("CRLF translated", "text-verbatim", None, edit("documents", crlf_translated)),
        ("sha of text not file", "content-sha256", None, edit("documents", lambda f: f.assign(content_sha256=[hashlib.sha256(t.encode()).hexdigest()[:63] + "0" for t in f["text"]]))),
        ("sha uppercase", "content-sha256", None, edit("documents", lambda f: f.assign(content_sha256=[s.upper() for s in f["content_sha256"]]))),
        ("n_chars in bytes", "n-chars", None, edit("documents", lambda f: f.assign(n_chars=[len(t.encode()) for t in f["text"]]))),
        ("n_sentences off", "counts", None, edit("documents", lambda f: f.assign(n_sentences=f["n_sentences"] + 1))),
        ("n_mentions off", "counts", None, edit("documents", lambda f: f.assign(n_mentions=f["n_mentions"] * 2))),
        ("entity n_mentions off", "counts", None, edit("entities", lambda f: f.assign(n_mentions=f["n_mentions"] + 1))),
        ("entity n_docs off", "counts", None, edit("entities", lambda f: f.assign(n_docs=f["n_docs"] + 1))),
        ("dangling entity_id", "mention-entity", None, edit("entities", lambda f: f.iloc[1:])),
        ("duplicate entity", "entity-unique", None, edit("entities", lambda f: __import__("pandas").concat([f, f.iloc[:1]], ignore_index=True))),
        ("bad label", "labels", None, edit("mentions", lambda f: f.assign(label=["PER"] * len(f)))),
        ("mention outside its sentence", "mention-sentence", None, edit("mentions", mention_into_other_sentence)),
        ("sentence missing", "counts", None, edit("sentences", lambda f: f.iloc[1:])),
        ("sent_idx gap", "sent-idx", None, edit("sentences", lambda f: f.assign(sent_idx=f["sent_idx"] * 2))),
        ("sentence out of range", "sentence-offsets", None, edit("sentences", lambda f: f.assign(end_char=f["end_char"] + 10_000))),
        ("absolute doc_id", "doc-id", None, edit("documents", lambda f: f.assign(doc_id=["/abs/" + d for d in f["doc_id"]]))),
        ("possessive kept", "mention-possessive", None, possessive),
        ("leading the kept", "mention-the", None, leading_the),
        ("honorific kept", "mention-honorific", None, honorific),
        ("file dropped", "source-missing", None, edit("documents", lambda f: f.iloc[1:])),
        ("run report wrong", "run-report", "report", None),
    ]


FIX_DOCS = None


def self_test() -> int:
    import pandas as pd  # noqa: F401 - fail early with a clear message if missing

    global FIX_DOCS
    failures = []
    r_ok = shutil.which("Rscript") is not None and subprocess.run(
        ["Rscript", "-e", "suppressMessages(library(readr))"], capture_output=True).returncode == 0
    r_script = Path(__file__).with_name("check_tables.R")
    with tempfile.TemporaryDirectory(prefix="textmill-selftest-") as temp:
        root = Path(temp)
        good = build_fixture(root)
        FIX_DOCS = good["documents"]
        inputs = [root / "in"]
        good_dir = root / "good"
        write_tables(good, good_dir)
        report, counts = check(good_dir, inputs, expect_docs=len(FIXTURE_FILES))
        if report.failures or report.warnings:
            report.print()
            failures.append("the good fixture did not pass cleanly")
        else:
            print(f"self-test: good fixture passes ({counts})")
        if r_ok:
            result = run_r(r_script, good_dir, counts)
            if result.returncode != 0:
                failures.append(f"check_tables.R rejected the good fixture:\n{result.stdout}{result.stderr}")
            else:
                print("self-test: good fixture passes check_tables.R")
        for name, expected_check, special, apply in mutations():
            frames = {table: frame.copy() for table, frame in good.items()}
            out_dir = root / re.sub(r"\W+", "-", name)
            if apply is not None:
                try:
                    apply(frames, out_dir)
                except Exception as error:  # noqa: BLE001
                    failures.append(f"mutation {name!r} could not be built: {error!r}")
                    continue
            write_tables(frames, out_dir)
            if special == "delete":
                (out_dir / "entities.parquet").unlink()
            if special == "report":
                (out_dir / "run_report.json").write_text(json.dumps({"rows": {"sentences": 1}}), encoding="utf-8")
            report, _ = check(out_dir, inputs, expect_docs=None)
            if expected_check in report.failures:
                print(f"self-test: {name!r} rejected by [{expected_check}]")
            else:
                failures.append(f"mutation {name!r} was not rejected by [{expected_check}]; "
                                f"failures: {sorted(report.failures)}")
        if r_ok:
            failures.extend(self_test_r(r_script, root, good, counts))
        else:
            print("self-test: Rscript with readr not available, check_tables.R not exercised")
        missing_jsonl = self_test_jsonl(root, good)
        failures.extend(missing_jsonl)
    if failures:
        for failure in failures:
            print(f"SELF-TEST FAIL: {failure}", file=sys.stderr)
        return 1
    print("self-test: all checks can fail and the good fixture passes")
    return 0


def self_test_jsonl(root: Path, good) -> list[str]:
    import pandas as pd

    jsonl_dir = root / "jsonl-in"
    jsonl_dir.mkdir()
    (jsonl_dir / "docs.jsonl").write_text(json.dumps({"id": "a", "text": "Hello Zürich."}) + "\n"
                                          + json.dumps({"id": "b", "text": "Missing doc."}) + "\n", encoding="utf-8")
    frames = {table: frame.iloc[0:0].copy() for table, frame in good.items()}
    frames["documents"] = pd.DataFrame([{"doc_id": "docs.jsonl#1", "source": "docs.jsonl", "content_sha256": "0" * 64,
                                         "title": None, "n_chars": 13, "n_sentences": 0, "n_mentions": 0,
                                         "text": "Hello Zürich.", "published": None, "authors": None, "language": None}]
                                       ).astype({"title": "object", "published": "string", "authors": "string", "language": "string"})
    out_dir = root / "jsonl-out"
    write_tables(frames, out_dir)
    report, _ = check(out_dir, [jsonl_dir])
    if "jsonl-text" not in report.failures:
        return [f"a JSONL record missing from documents was not rejected: {sorted(report.failures)}"]
    print("self-test: 'JSONL record dropped' rejected by [jsonl-text]")
    return []


def run_r(r_script: Path, out_dir: Path, counts: dict):
    counts_file = out_dir / "counts.json"
    counts_file.write_text(json.dumps(counts), encoding="utf-8")
    environment = dict(os.environ, LC_ALL="C.UTF-8", LANG="C.UTF-8")
    return subprocess.run(["Rscript", str(r_script), str(out_dir), str(counts_file)],
                          capture_output=True, text=True, env=environment)


def self_test_r(r_script: Path, root: Path, good, counts) -> list[str]:
    failures = []
    cases = []

    def mutate(name, table, fn, expected):
        frames = {key: frame.copy() for key, frame in good.items()}
        frames[table] = fn(frames[table].copy())
        cases.append((name, frames, expected))

    def shift(frame):
        frame.loc[frame.index[-1], "end_char"] -= 1
        return frame

    mutate("R: sentence span shifted", "sentences", shift, "substr")
    mutate("R: mention span shifted", "mentions", shift, "substr")
    mutate("R: float n_chars", "documents", lambda f: f.assign(n_chars=f["n_chars"] + 0.5), "type")
    mutate("R: columns reordered", "entities", lambda f: f[list(reversed(f.columns))], "columns")
    mutate("R: row dropped", "mentions", lambda f: f.iloc[1:], "count")
    for name, frames, expected in cases:
        out_dir = root / re.sub(r"\W+", "-", name)
        write_tables(frames, out_dir)
        result = run_r(r_script, out_dir, counts)
        if result.returncode == 0:
            failures.append(f"{name} was not rejected by check_tables.R")
        elif expected not in (result.stdout + result.stderr).lower():
            failures.append(f"{name} rejected by check_tables.R without mentioning {expected!r}:\n{result.stderr}")
        else:
            print(f"self-test: {name!r} rejected by check_tables.R")
    # CSV written with CRLF record ends and CRLF inside quoted text must still pass
    crlf_dir = root / "R-crlf-records"
    write_tables(good, crlf_dir)
    for table, frame in good.items():
        frame.to_csv(crlf_dir / f"{table}.csv", index=False, lineterminator="\r\n")
    result = run_r(r_script, crlf_dir, counts)
    if result.returncode != 0:
        failures.append(f"check_tables.R rejected a valid CSV with CRLF record ends:\n{result.stdout}{result.stderr}")
    else:
        print("self-test: CSV with CRLF record ends passes check_tables.R")
    return failures


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
