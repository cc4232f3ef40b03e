"""Spark local-mode check of `textmill stream` (run by scripts/spark_check.sh, in its venv).

1. Builds a corpus: the sample articles (id = file stem, text = content) and --docs generated
   documents (paragraphs and sentences of the samples recombined under varied headlines, some with
   title, published or authors fields, two without an id), plus two malformed lines and a record
   with an empty text, as one JSONL file.
2. Single machine: `textmill run --input corpus.jsonl --format parquet` (exit 1, some documents
   failed, is expected).
3. Spark (local[2] by default): the binary and the config are shipped with SparkContext.addFile;
   each partition of sc.textFile(corpus) is piped through `textmill stream -j 1`, found with
   SparkFiles.get on the executor that runs it; the answers become DataFrames (documents,
   sentences, mentions with the tables' column names and types, errors as doc_id, error) written
   by Spark as Parquet.
4. Compares Spark's Parquet with the tables: the same documents (text, title, published, authors, language,
   n_chars, n_sentences, n_mentions), sentences row for row, mentions row for row on every column
   but entity_id, entity_id equal except on single-word PERSON mentions (a bare surname, which the
   tables link to a full name seen in other documents and the stream cannot), the same errors.

Exit status 0 when everything matches, 1 on any difference (each printed), 2 when a step fails.
"""

import argparse
import json
import os
import queue
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from functools import partial
from pathlib import Path

CORPUS_NAME = "corpus.jsonl"

DOCUMENT_COLUMNS = ["doc_id", "title", "n_chars", "n_sentences", "n_mentions", "text", "published", "authors", "language"]
SENTENCE_COLUMNS = ["doc_id", "sent_idx", "start_char", "end_char", "text"]
MENTION_COLUMNS = ["doc_id", "sent_idx", "start_char", "end_char", "text", "label", "entity_id", "value"]
ERROR_COLUMNS = ["doc_id", "error"]
INTEGER_COLUMNS = {"n_chars", "n_sentences", "n_mentions", "sent_idx", "start_char", "end_char"}


class Failure(Exception):
    """A step that could not run (exit status 2)."""


# ---------------------------------------------------------------------------------------------
# 1. The corpus
# ---------------------------------------------------------------------------------------------
PLACES = ["Albania", "Iran", "Tirana", "Tehran", "Kosovo", "NATO", "the European Union", "Washington",
          "Brussels", "Germany", "Zürich", "São Paulo", "Kraków", "the United Nations", "Belgium"]
PEOPLE = ["Edi Rama", "Vjosa Osmani", "Bajram Begaj", "Ferit Hoxha", "Ali Khamenei", "Angela Merkel",
          "José Martínez", "Zoë Ørsted", "Ekrem İmamoğlu", "Joe Biden", "Antony Blinken"]
TOPICS = ["cyberattack", "the July 15 attack", "espionage claims", "a data leak", "sanctions",
          "election security", "the MEK camp", "embassy closures", "hacked servers"]
HEADLINES = [
    "{place} cuts ties with {place2} over {topic}",
    "{person} accuses {place2} of {topic}",
    "{place} expels diplomats after {topic}",
    "{person} meets officials in {place} on Wednesday",
    "Explainer: what {topic} means for {place}",
    "{place} and {place2} trade blame over {topic} 🔥",
    "Live: {person} speaks in {place}",
    "{person}: “We will answer {topic}”",
]
AUTHORS = ["Ann Lee", "Bo Chan", "Maria Rossi", "Jonas Müller", "Élise Dubois", "Kwame Mensah"]
DATE_FORMATS = ["2022-09-{d:02d}", "{d} September 2022", "Sept. {d}, 2022", "2022-09-{d:02d}T10:30:00Z"]


def sample_records(sample_dir):
    records = []
    for path in sorted(Path(sample_dir).iterdir()):
        if path.is_file() and path.suffix in (".txt", ".md"):
            records.append({"id": path.stem, "text": path.read_text(encoding="utf-8")})
    if not records:
        raise Failure(f"no .txt or .md sample articles in {sample_dir}")
    return records


def split_sentences(paragraph):
    """Rough sentence split, good enough to recombine sentences into new paragraphs."""
    return [s for s in re.split(r"(?<=[.!?”\"])\s+(?=[A-Z“\"])", paragraph.strip()) if s]


def generated_records(samples, count, seed):
    rng = random.Random(seed)
    paragraphs = []
    for record in samples:
        blocks = [b for b in re.split(r"\n\s*\n", record["text"]) if b.strip()]
        paragraphs.extend(b.strip() for b in blocks[1:])  # the first block is the headline
    sentences = [s for p in paragraphs for s in split_sentences(p) if len(s) > 30]
    for n in range(1, count + 1):
        headline = rng.choice(HEADLINES).format(place=rng.choice(PLACES), place2=rng.choice(PLACES),
                                                person=rng.choice(PEOPLE), topic=rng.choice(TOPICS))
        headline = headline[0].upper() + headline[1:]
        body = []
        for _ in range(rng.choice([1, 2, 3, 4, 5, 6, 8])):
            if rng.random() < 0.5:
                body.append(rng.choice(paragraphs))
            else:
                body.append(" ".join(rng.choice(sentences) for _ in range(rng.randint(1, 4))))
        newline = "\r\n" if rng.random() < 0.05 else "\n"
        record = {"id": f"gen-{n:05d}"}
        if rng.random() < 0.3:
            record["title"] = headline
            record["text"] = (newline * 2).join(body)
        else:
            record["text"] = (newline * 2).join([headline] + body)
        if rng.random() < 0.35:
            record["published"] = rng.choice(DATE_FORMATS).format(d=rng.randint(1, 28))
        if rng.random() < 0.2:
            names = rng.sample(AUTHORS, rng.randint(1, 3))
            record["authors"] = names if rng.random() < 0.5 else "; ".join(names)
        yield record


def write_corpus(path, sample_dir, count, seed):
    """Writes the corpus; returns its number of lines and {line number: line} of the two
    malformed lines and the empty text."""
    samples = sample_records(sample_dir)
    lines = [json.dumps(r, ensure_ascii=False) for r in samples]
    generated = list(generated_records(samples, count, seed))
    # Two valid documents without an id (doc_id L<line>) and one with a numeric id.
    for index in (len(generated) // 3, 2 * len(generated) // 3):
        del generated[index]["id"]
    generated[len(generated) // 2]["id"] = 900001
    for n, record in enumerate(generated):
        lines.append(json.dumps(record, ensure_ascii=(n % 7 == 0)))
    bad = {
        len(lines) // 4: '{"id": "bad-truncated", "text": "Albania cuts ties with Iran',
        len(lines) // 2: '["not", "a", "JSON", "object"]',
        3 * len(lines) // 4: json.dumps({"id": "empty-text", "text": ""}),
    }
    for at in sorted(bad):
        lines.insert(at, bad[at])
    expected_bad = {n + 1: line for n, line in enumerate(lines) if line in bad.values()}
    Path(path).write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return len(lines), expected_bad


# ---------------------------------------------------------------------------------------------
# 2. Single machine
# ---------------------------------------------------------------------------------------------
def run_single(binary, config, corpus, output, workdir):
    stderr_path = Path(workdir) / "single.stderr"
    started = time.monotonic()
    with open(stderr_path, "wb") as stderr:
        status = subprocess.run([binary, "run", "-q", "--config", config, "--input", corpus, "--output", output,
                                 "--format", "parquet"], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=stderr, cwd=workdir).returncode
    seconds = time.monotonic() - started
    if status not in (0, 1):
        tail = stderr_path.read_text(encoding="utf-8", errors="replace").splitlines()[-20:]
        raise Failure(f"textmill run exited {status}:\n" + "\n".join(tail))
    return seconds


# ---------------------------------------------------------------------------------------------
# 3. Spark
# ---------------------------------------------------------------------------------------------
def stream_partition(binary_name, config_name, threads, records):
    """Runs on an executor: pipes one partition's lines, (line, 0-based line index in the file),
    through `textmill stream` and yields one parsed answer per line, in order:
    ("doc", document row, sentence rows, mention rows) or ("error", doc_id, message).

    The stream numbers lines within what it was given, so a doc_id or message that names the
    partition's line n (`L<n>`, `line <n>:`) is rewritten to the line of the file (a record whose
    own id is `L<n>` would be too: the corpus has none). Its exit status 1 (some lines answered
    with an error) is fine, any other fails the task; RDD.pipe cannot tell these apart.
    """
    from pyspark import SparkFiles  # on the executor

    binary, config = SparkFiles.get(binary_name), SparkFiles.get(config_name)
    if not os.access(binary, os.X_OK):
        os.chmod(binary, 0o755)
    stderr = tempfile.TemporaryFile()
    process = subprocess.Popen([binary, "stream", "--config", config, "--threads", str(threads)],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=stderr)
    sent = queue.Queue()  # the file line of each line written, in order
    writer_error = []

    def feed():
        try:
            for line, index in records:
                sent.put(index + 1)
                process.stdin.write(line.encode("utf-8") + b"\n")
        except BaseException as err:  # noqa: BLE001 - re-raised below, in the task's thread
            writer_error.append(err)
        finally:
            try:
                process.stdin.close()
            except OSError:
                pass

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()

    def fail(message):
        process.kill()
        process.wait()
        stderr.seek(0)
        tail = stderr.read().decode("utf-8", "replace").splitlines()[-20:]
        raise RuntimeError(f"textmill stream ({binary}): {message}; its stderr:\n" + "\n".join(tail))

    try:
        local = 0
        for raw in process.stdout:
            local += 1
            try:
                file_line = sent.get(timeout=60)
            except queue.Empty:
                fail(f"answer {local} came for no line written")
            answer = json.loads(raw)
            doc_id = answer.get("doc_id")
            if not isinstance(doc_id, str):
                fail(f"answer {local} has no doc_id: {raw[:200]!r}")
            if doc_id == f"L{local}":
                doc_id = f"L{file_line}"
            if "error" in answer:
                if set(answer) != {"doc_id", "error"}:
                    fail(f"error answer {local} has other fields: {sorted(answer)}")
                message = re.sub(rf"^line {local}:", f"line {file_line}:", answer["error"])
                yield ("error", doc_id, message)
                continue
            if "skipped" in answer:  # a blank line: no document, as `run` skips it
                continue
            expected = {"doc_id", "text", "title", "published", "authors", "language", "sentences", "mentions"}
            if set(answer) != expected:
                fail(f"answer {local} has fields {sorted(answer)}, expected {sorted(expected)}")
            text = answer["text"]
            sentences = [(doc_id, s["sent_idx"], s["start_char"], s["end_char"], s["text"]) for s in answer["sentences"]]
            mentions = [(doc_id, m["sent_idx"], m["start_char"], m["end_char"], m["text"], m["label"], m["entity_id"], m["value"])
                        for m in answer["mentions"]]
            document = (doc_id, answer["title"], len(text), len(sentences), len(mentions), text, answer["published"],
                        answer["authors"], answer["language"])
            yield ("doc", document, sentences, mentions)
        status = process.wait()
        writer.join()
        if status not in (0, 1):  # 1: some lines were answered with an error
            fail(f"exited {status}")
        if writer_error:
            fail(f"writing its input failed: {writer_error[0]!r}")
        if not sent.empty():
            fail(f"{sent.qsize()} line(s) got no answer")
    finally:  # also when the task stops early: no stream left running
        if process.poll() is None:
            process.kill()
            process.wait()
        stderr.close()


def log4j_config(path):
    Path(path).write_text("\n".join([
        "rootLogger.level = warn",
        "rootLogger.appenderRef.stderr.ref = console",
        "appender.console.type = Console",
        "appender.console.name = console",
        "appender.console.target = SYSTEM_ERR",
        "appender.console.layout.type = PatternLayout",
        "appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n%ex",
        "logger.native.name = org.apache.hadoop.util.NativeCodeLoader",
        "logger.native.level = error",
        "logger.blocks.name = org.apache.spark.storage.BlockManager",  # a failed task's trace, once more
        "logger.blocks.level = error",
        "",
    ]), encoding="utf-8")


def run_spark(args, corpus, output, workdir):
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    local_dir = Path(workdir) / "spark-local"
    local_dir.mkdir()
    # Spark's scratch space (shuffle, cached blocks, SparkFiles) in the work directory. The
    # variable, not spark.local.dir: that one draws a warning that cluster managers override it.
    os.environ["SPARK_LOCAL_DIRS"] = str(local_dir)
    from pyspark import StorageLevel
    from pyspark.sql import SparkSession
    from pyspark.sql.types import LongType, StringType, StructField, StructType

    def schema(columns):
        return StructType([StructField(c, LongType() if c in INTEGER_COLUMNS else StringType(), True) for c in columns])

    log4j = Path(workdir) / "log4j2.properties"
    log4j_config(log4j)
    java_options = f"-Djava.io.tmpdir={local_dir} -Dlog4j2.configurationFile=file:{log4j}"
    seconds = {}
    started = time.monotonic()
    spark = (SparkSession.builder.master(args.master).appName("textmill-spark-check")
             .config("spark.ui.enabled", "false")
             .config("spark.ui.showConsoleProgress", "false")
             .config("spark.sql.warehouse.dir", str(Path(workdir) / "spark-warehouse"))
             .config("spark.driver.host", "127.0.0.1")
             .config("spark.driver.bindAddress", "127.0.0.1")
             .config("spark.driver.extraJavaOptions", java_options)
             .getOrCreate())
    try:
        sc = spark.sparkContext
        sc.setLogLevel("WARN")
        seconds["start"] = time.monotonic() - started

        started = time.monotonic()
        sc.addFile(args.bin)
        sc.addFile(args.config)
        lines = sc.textFile(Path(corpus).resolve().as_uri(), minPartitions=args.partitions)
        answers = (lines.zipWithIndex()
                   .mapPartitions(partial(stream_partition, Path(args.bin).name, Path(args.config).name, 1))
                   .persist(StorageLevel.MEMORY_AND_DISK))
        n_answers = answers.count()
        seconds["stream"] = time.monotonic() - started
        partitions = answers.getNumPartitions()

        started = time.monotonic()
        documents = answers.filter(lambda a: a[0] == "doc").map(lambda a: a[1])
        sentences = answers.filter(lambda a: a[0] == "doc").flatMap(lambda a: a[2])
        mentions = answers.filter(lambda a: a[0] == "doc").flatMap(lambda a: a[3])
        errors = answers.filter(lambda a: a[0] == "error").map(lambda a: (a[1], a[2]))
        for name, rdd, columns in [("documents", documents, DOCUMENT_COLUMNS), ("sentences", sentences, SENTENCE_COLUMNS),
                                   ("mentions", mentions, MENTION_COLUMNS), ("errors", errors, ERROR_COLUMNS)]:
            spark.createDataFrame(rdd, schema(columns)).write.parquet(str(Path(output) / f"{name}.parquet"))
        seconds["write"] = time.monotonic() - started
        answers.unpersist()
    finally:
        spark.stop()
    return n_answers, partitions, seconds


# ---------------------------------------------------------------------------------------------
# 4. Comparison
# ---------------------------------------------------------------------------------------------
def read_table(path, columns, problems, side):
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pq.read_table(path)
    names = table.schema.names
    # Spark's tables hold exactly these columns; textmill's hold them among others.
    if (names != columns) if side == "Spark" else not set(columns) <= set(names):
        problems.append(f"{side} {path}: columns {names}, expected {columns}")
        return []
    for column in columns:
        kind = table.schema.field(column).type
        want_int = column in INTEGER_COLUMNS
        if want_int and not pa.types.is_int64(kind) or not want_int and not (pa.types.is_string(kind) or pa.types.is_large_string(kind)):
            problems.append(f"{side} {path}: column {column} is {kind}, expected {'int64' if want_int else 'string'}")
    return table.select(columns).to_pylist()


def sort_key(row, columns):
    return tuple((0, row[c]) if row[c] is not None else (1, "") for c in columns)


def short(value):
    return value if not isinstance(value, str) or len(value) < 80 else value[:77] + "..."


def show(row):
    return json.dumps({k: short(v) for k, v in row.items()}, ensure_ascii=False)


def compare_rows(name, single, spark, key, columns, problems, limit=5):
    """Rows of one table, as multisets of their `columns`; on a difference, which keys are on one
    side only and which columns differ for the same key."""
    single_rows = sorted((tuple(r[c] for c in columns) for r in single), key=lambda t: sort_key(dict(zip(columns, t)), columns))
    spark_rows = sorted((tuple(r[c] for c in columns) for r in spark), key=lambda t: sort_key(dict(zip(columns, t)), columns))
    if single_rows == spark_rows:
        return True
    problems.append(f"{name}: {len(single_rows)} rows in the tables, {len(spark_rows)} from Spark; they differ:")
    by_key = defaultdict(lambda: ([], []))
    for side, rows in ((0, single), (1, spark)):
        for row in rows:
            by_key[tuple(row[k] for k in key)][side].append({c: row[c] for c in columns})
    only, differing, shown = Counter(), Counter(), 0
    docs = set()
    for k, (left, right) in sorted(by_key.items(), key=lambda item: sort_key(dict(zip(key, item[0])), key)):
        left = sorted(left, key=lambda r: sort_key(r, columns))
        right = sorted(right, key=lambda r: sort_key(r, columns))
        if left == right:
            continue
        docs.add(k[0])
        if len(left) != len(right):
            only["tables" if len(left) > len(right) else "spark"] += 1
            if shown < limit:
                problems.append(f"  {dict(zip(key, k))}: {len(left)} row(s) in the tables, {len(right)} from Spark: "
                                + "; ".join(show(r) for r in (left or right)[:2]))
                shown += 1
            continue
        for a, b in zip(left, right):
            fields = [c for c in columns if a[c] != b[c]]
            differing.update(fields)
            if fields and shown < limit:
                problems.append(f"  {dict(zip(key, k))}: " + ", ".join(f"{c} {short(a[c])!r} in the tables, {short(b[c])!r} from Spark" for c in fields))
                shown += 1
    if only:
        problems.append(f"  keys on one side only: {dict(only)}")
    if differing:
        problems.append(f"  columns differing for the same key (rows): {dict(differing)}")
    problems.append(f"  {len(docs)} document(s) involved: {', '.join(sorted(map(str, docs))[:20])}{' ...' if len(docs) > 20 else ''}")
    return False


def single_word_person(row):
    return row["label"] == "PERSON" and len(row["text"].split()) == 1


def compare(single_dir, spark_dir, n_lines, expected_bad, problems):
    prefix = CORPUS_NAME + "#"
    tables, spark = {}, {}
    columns = {"documents": DOCUMENT_COLUMNS, "sentences": SENTENCE_COLUMNS, "mentions": MENTION_COLUMNS}
    for name, cols in columns.items():
        tables[name] = read_table(Path(single_dir) / f"{name}.parquet", cols, problems, "tables")
        spark[name] = read_table(Path(spark_dir) / f"{name}.parquet", cols, problems, "Spark")
    tables["errors"] = read_table(Path(single_dir) / "errors.parquet", ["doc_id", "stage", "message"], problems, "tables")
    spark["errors"] = read_table(Path(spark_dir) / "errors.parquet", ERROR_COLUMNS, problems, "Spark")
    if problems:
        return {}
    for name, rows in tables.items():
        for row in rows:
            if not row["doc_id"].startswith(prefix):
                problems.append(f"tables: {name} doc_id {row['doc_id']!r} does not start with {prefix!r}")
                return {}
            row["doc_id"] = row["doc_id"][len(prefix):]

    # Every line answered once: as a document or as an error, never both.
    for side, t in (("tables", tables), ("Spark", spark)):
        doc_ids = [r["doc_id"] for r in t["documents"]] + [r["doc_id"] for r in t["errors"]]
        repeated = [d for d, n in Counter(doc_ids).items() if n > 1]
        if repeated:
            problems.append(f"{side}: doc_ids in documents and errors more than once: {repeated[:10]}")
        if len(doc_ids) != n_lines:
            problems.append(f"{side}: {len(t['documents'])} documents + {len(t['errors'])} errors for {n_lines} lines")

    # Documents, sentences: every column.
    compare_rows("documents", tables["documents"], spark["documents"], ["doc_id"], DOCUMENT_COLUMNS, problems)
    compare_rows("sentences", tables["sentences"], spark["sentences"], ["doc_id", "sent_idx"], SENTENCE_COLUMNS, problems)

    # Offsets from Spark's rows into Spark's documents.text.
    texts = {r["doc_id"]: r["text"] for r in spark["documents"]}
    bad_offsets = [r for name in ("sentences", "mentions") for r in spark[name]
                   if r["doc_id"] not in texts or texts[r["doc_id"]][r["start_char"]:r["end_char"]] != r["text"]]
    if bad_offsets:
        problems.append(f"Spark: {len(bad_offsets)} sentence/mention rows whose text is not documents.text[start_char:end_char], "
                        f"e.g. {show(bad_offsets[0])}")

    # Mentions: every column but entity_id, row for row; then entity_id.
    no_entity = [c for c in MENTION_COLUMNS if c != "entity_id"]
    same_mentions = compare_rows("mentions", tables["mentions"], spark["mentions"], ["doc_id", "start_char", "end_char"], no_entity, problems)
    entity_differences = {"person_word": 0, "other": 0}
    linked = Counter()  # (bare name, the tables' canonical name for it)
    canonical = {r["entity_id"]: r["canonical"] for r in
                 read_table(Path(single_dir) / "entities.parquet", ["entity_id", "canonical"], problems, "tables")}
    if same_mentions:
        left = sorted(tables["mentions"], key=lambda r: sort_key(r, no_entity + ["entity_id"]))
        right = sorted(spark["mentions"], key=lambda r: sort_key(r, no_entity + ["entity_id"]))
        other = []
        for a, b in zip(left, right):
            if a["entity_id"] == b["entity_id"]:
                continue
            if single_word_person(a):
                entity_differences["person_word"] += 1
                linked[(a["text"], canonical.get(a["entity_id"], "?"))] += 1
            else:
                entity_differences["other"] += 1
                other.append((a, b))
        if other:
            problems.append(f"mentions: entity_id differs on {len(other)} mention(s) that are not single-word PERSON mentions:")
            for a, b in other[:10]:
                problems.append(f"  {show({c: a[c] for c in MENTION_COLUMNS})}: {b['entity_id']} from Spark")
            problems.append(f"  documents involved: {sorted({a['doc_id'] for a, _ in other})[:20]}")

    # Errors: the same documents with the same message; the malformed lines and the empty text among them.
    single_errors = {r["doc_id"]: r["message"] for r in tables["errors"]}
    spark_errors = {r["doc_id"]: r["error"] for r in spark["errors"]}
    if set(single_errors) != set(spark_errors):
        problems.append(f"errors: doc_ids only in the tables {sorted(set(single_errors) - set(spark_errors))[:10]}, "
                        f"only from Spark {sorted(set(spark_errors) - set(single_errors))[:10]}")
    for doc_id in sorted(set(single_errors) & set(spark_errors)):
        if single_errors[doc_id] != spark_errors[doc_id]:
            problems.append(f"errors: {doc_id}: {short(single_errors[doc_id])!r} in the tables, "
                            f"{short(spark_errors[doc_id])!r} from Spark")
    for line, content in sorted(expected_bad.items()):
        record = None
        try:
            record = json.loads(content)
        except ValueError:
            pass
        names = {f"L{line}"} | ({str(record["id"])} if isinstance(record, dict) and "id" in record else set())
        for side, errors in (("tables", single_errors), ("Spark", spark_errors)):
            if not names & set(errors):
                problems.append(f"{side}: line {line} ({content[:50]}) is not in errors as {' or '.join(sorted(names))}")
    return {
        "documents": len(spark["documents"]), "sentences": len(spark["sentences"]), "mentions": len(spark["mentions"]),
        "errors": len(spark["errors"]), "entity_person_word": entity_differences["person_word"],
        "person_word_mentions": sum(single_word_person(r) for r in tables["mentions"]),
        "error_ids": sorted(spark_errors),
        "linked": linked.most_common(5),
    }


# ---------------------------------------------------------------------------------------------
def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bin", required=True, help="the textmill binary")
    parser.add_argument("--config", required=True, help="pipeline configuration, for both sides")
    parser.add_argument("--sample", required=True, help="directory of the sample articles")
    parser.add_argument("--workdir", required=True, help="an empty directory for everything")
    parser.add_argument("--docs", type=int, default=3000, help="generated documents (default 3000)")
    parser.add_argument("--seed", type=int, default=20240501)
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--partitions", type=int, default=4)
    args = parser.parse_args()
    args.bin = str(Path(args.bin).resolve())
    args.config = str(Path(args.config).resolve())
    work = Path(args.workdir).resolve()

    started = time.monotonic()
    corpus = work / CORPUS_NAME
    n_lines, expected_bad = write_corpus(corpus, args.sample, args.docs, args.seed)
    print(f"corpus: {n_lines} lines, {corpus.stat().st_size / 1e6:.1f} MB ({time.monotonic() - started:.1f} s)", file=sys.stderr)

    single_seconds = run_single(args.bin, args.config, str(corpus), str(work / "single"), str(work))
    print(f"textmill run: {single_seconds:.1f} s", file=sys.stderr)

    try:
        n_answers, partitions, spark_seconds = run_spark(args, corpus, work / "spark", work)
    except Exception as err:  # noqa: BLE001 - a failed Spark job: its cause, without the JVM's traces
        message = str(err)
        cause = re.search(r"^RuntimeError: textmill stream.*?(?=^\s*SQLSTATE|\Z)", message, re.S | re.M)
        raise Failure(f"the Spark job failed: {(cause.group(0) if cause else message[:3000]).strip()}") from err
    print(f"Spark {args.master}: session {spark_seconds['start']:.1f} s, stream over {partitions} partitions "
          f"{spark_seconds['stream']:.1f} s, DataFrames written {spark_seconds['write']:.1f} s", file=sys.stderr)
    if n_answers != n_lines:
        raise Failure(f"Spark: {n_answers} answers for {n_lines} lines")

    started = time.monotonic()
    problems = []
    summary = compare(work / "single", work / "spark", n_lines, expected_bad, problems)
    compare_seconds = time.monotonic() - started

    if problems:
        print("\nSpark's tables differ from textmill run's:", file=sys.stderr)
        for line in problems:
            print(line, file=sys.stderr)
        return 1
    spark_total = spark_seconds["stream"] + spark_seconds["write"]
    print(f"\nsame tables: {summary['documents']} documents, {summary['sentences']} sentences, "
          f"{summary['mentions']} mentions, {summary['errors']} errors ({', '.join(summary['error_ids'][:10])})")
    print(f"entity_id: {summary['entity_person_word']} mentions differ, all single-word PERSON mentions "
          f"(of {summary['person_word_mentions']}; the tables link a bare surname across documents: "
          + ", ".join(f"{name} -> {full} {n}" for (name, full), n in summary["linked"]) + ")")
    print(f"seconds: textmill run {single_seconds:.1f}; Spark {spark_total:.1f} (stream {spark_seconds['stream']:.1f}, "
          f"DataFrames to Parquet {spark_seconds['write']:.1f}) + session start {spark_seconds['start']:.1f}; "
          f"compare {compare_seconds:.1f}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Failure as err:
        print(f"check.py: {err}", file=sys.stderr)
        sys.exit(2)
