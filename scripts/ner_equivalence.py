#!/usr/bin/env python3
"""Compare the Rust NER (crates/ner, example `tag_jsonl`) with spaCy's NER on the same text
and the same sentence starts. Run through scripts/ner_equivalence.sh.

Sentence starts (identical on both sides): every paragraph start (text after a blank line) plus
a simple split after . ! ? followed by whitespace and an upper-case letter or opening quote.
spaCy side: the pipeline's own tokenizer, `token.is_sent_start` set from those offsets (a token
starting at or spanning an offset starts a sentence), then only the `ner` component.

    ner_equivalence.py --model-dir DIR --rust-model resources/ner/sm --tagger BIN --corpus DIR
                       [--min-words 1000000] [--show 20]
    ner_equivalence.py --model-dir DIR --golden crates/ner/tests/golden_sm.json
"""
import argparse
import glob
import json
import os
import re
import subprocess
import sys
import time

SENT_RE = re.compile(r"[.!?][\"'\u201d\u2019)\]]*\s+(?=[\"'\u201c\u2018(\[]?[A-Z])")
PARA_RE = re.compile(r"\n[ \t]*\n\s*")


def sentence_starts(text):
    starts = {0}
    for m in PARA_RE.finditer(text):
        starts.add(m.end())
    for m in SENT_RE.finditer(text):
        starts.add(m.end())
    return sorted(s for s in starts if s < len(text))


def spacy_docs(nlp, texts, starts_list):
    docs = []
    for text, starts in zip(texts, starts_list):
        doc = nlp.tokenizer(text)
        j = 0
        for tok in doc:
            a, b = tok.idx, tok.idx + len(tok.text)
            while j < len(starts) and starts[j] < a:
                j += 1
            is_start = j < len(starts) and starts[j] < b
            if tok.i == 0:
                is_start = True
            tok.is_sent_start = is_start
        docs.append(doc)
    return docs


def load_corpus(corpus, min_words):
    files = sorted(glob.glob(os.path.join(corpus, "**", "*.txt"), recursive=True))
    texts, ids, words = [], [], 0
    for f in files:
        with open(f, encoding="utf-8") as fh:
            t = fh.read()
        texts.append(t)
        ids.append(os.path.basename(f))
        words += len(t.split())
        if min_words and words >= min_words:
            break
    return ids, texts, words


GOLDEN_SENTENCES = [
    "Apple is looking at buying U.K. startup for $1 billion.",
    "Barack Obama was born in Hawaii. He was elected president in 2008.",
    "The Federal Reserve raised rates by 0.25% on Wednesday, the 3rd time this year.",
    "Mr. Smith went to Washington, D.C. last July with 2,000 people from the Red Cross.",
    "I can't believe it's not butter!  She said \"don't\" -- and left for Paris (France) at 5pm.",
    "Angela Merkel met Emmanuel Macron in Berlin\n\nThe European Union's summit ended.",
    "Visit https://www.example.com/page?x=1 or e-mail info@example.org about the 1990s.",
    "Tesla's Model 3 sold 10,000 units in Q3, said Elon Musk, CEO of Tesla Inc.",
]


TOKENIZER_CASES = [
    "I can't, won't and don't.", "Let's go!", "He's here; she'll come.", "It's 5pm in the U.S.A. now.",
    "e.g. i.e. etc. Mr. Mrs. Dr. St. Jan. Feb.", "(Hello) [world] {x}", "\"Quoted,\" he said.",
    "‘single’ “double” «guillemets»", "It cost $1,000.50 (about €900).", "10km 5kg 3.5mph 100%",
    "well-known state-of-the-art 1990-2000 A-B", "Visit https://example.com/a?b=c or www.foo.org.",
    "email me: someone@example.co.uk", ":) :-( <3 :P", "naïve café São Paulo Zürich",
    "Wait...what?!", "U.K.-based", "N.Y.C.", "'90s rock 'n' roll", "gonna wanna gotta",
    "ain't y'all o'clock", "a  b\n\nc \t d", "\u00a0x\u00a0 y", "end.", "Hello-\nworld",
    "— em dash – en dash -- double", "3:30 a.m. 10:45pm", "No. 1 vs. No. 2", "I'M YOU'RE CAN'T",
    "🎉 party 😀!", "x+y=z 2+2 3*4", "A.B.C. D.E.", "#hashtag @user", "1st 2nd 3rd 4th",
]


def golden(nlp, out, rust_hash_ids):
    from spacy.strings import hash_string
    from thinc.api import NumpyOps
    import numpy as np
    starts_list = [sentence_starts(t) for t in GOLDEN_SENTENCES]
    docs = spacy_docs(nlp, GOLDEN_SENTENCES, starts_list)
    ner = nlp.get_pipe("ner")
    docs = list(ner.pipe(docs))
    cases = []
    for text, starts, doc in zip(GOLDEN_SENTENCES, starts_list, docs):
        b = lambda i: len(text[:i].encode("utf-8"))
        cases.append({
            "text": text,
            "sentence_starts": [b(s) for s in starts],
            "tokens": [[b(t.idx), b(t.idx + len(t.text))] for t in doc],
            "entities": [[b(e.start_char), b(e.end_char), e.label_] for e in doc.ents],
        })
    tok_cases = []
    for text in TOKENIZER_CASES:
        doc = nlp.tokenizer(text)
        b = lambda i: len(text[:i].encode("utf-8"))
        tok_cases.append({"text": text, "tokens": [[b(t.idx), b(t.idx + len(t.text)), t.norm_] for t in doc]})
    ops = NumpyOps()
    ids = np.array([0, 1, 12345678901234567890, 8271647235482512222], dtype="uint64")
    hashes = {
        "hash_string": {s: int(hash_string(s)) for s in ["a", "ab", "abcdefgh", "abcdefghi", "Washington", "naïve", "日本語テキスト", "xxxx"]},
        "murmurhash3_x86_128_uint64": {str(seed): [[int(i)] + ops.hash(np.array([i], dtype="uint64"), seed)[0].tolist() for i in ids] for seed in (8, 11)},
    }
    with open(out, "w", encoding="utf-8") as f:
        json.dump({"model": nlp.meta["name"], "version": nlp.meta["version"], "cases": cases, "tokenizer_cases": tok_cases, "hashes": hashes}, f, ensure_ascii=False, indent=1)
    print("wrote", out)


class SimpleDoc:
    def __init__(self, raw):
        self.raw = raw
        self.tokens = [tuple(t) for t in raw["tokens"]]
        self.ents = {tuple(e) for e in raw["ents"]}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model-dir", required=True)
    ap.add_argument("--rust-model", action="append", help="model dir; may be repeated to compare several exports in one run")
    ap.add_argument("--tagger")
    ap.add_argument("--corpus")
    ap.add_argument("--min-words", type=int, default=1_000_000)
    ap.add_argument("--show", type=int, default=15)
    ap.add_argument("--golden")
    ap.add_argument("--no-cache", action="store_true", help="recompute spaCy's side even if cached")
    ap.add_argument("--work", default="/tmp/textmill-ner-eq")
    args = ap.parse_args()

    import spacy
    nlp = spacy.load(args.model_dir, exclude=["tagger", "parser", "attribute_ruler", "lemmatizer", "senter", "tok2vec"])
    if args.golden:
        golden(nlp, args.golden, None)
        return
    ids, texts, words = load_corpus(args.corpus, args.min_words)
    starts_list = [sentence_starts(t) for t in texts]
    os.makedirs(args.work, exist_ok=True)
    inp = os.path.join(args.work, "in.jsonl")
    with open(inp, "w", encoding="utf-8") as f:
        for i, t, s in zip(ids, texts, starts_list):
            f.write(json.dumps({"id": i, "text": t, "sent_starts": s}, ensure_ascii=False) + "\n")
    # spaCy (results cached per model and corpus slice, since spaCy is the slow side)
    key = "%s-%s-%d-%d" % (nlp.meta["name"], nlp.meta["version"], len(texts), words)
    cache = os.path.join(args.work, "spacy-%s.json" % key)
    if os.path.exists(cache) and not args.no_cache:
        with open(cache, encoding="utf-8") as f:
            c = json.load(f)
        docs = [SimpleDoc(d) for d in c["docs"]]
        t_tok, t_ner = c["t_tok"], c["t_ner"]
    else:
        t0 = time.time()
        sdocs = spacy_docs(nlp, texts, starts_list)
        t1 = time.time()
        ner = nlp.get_pipe("ner")
        sdocs = list(ner.pipe(sdocs, batch_size=32))
        t2 = time.time()
        t_tok, t_ner = t1 - t0, t2 - t1
        docs = [SimpleDoc({"tokens": [[t.idx, t.idx + len(t.text)] for t in d],
                           "ents": [[e.start_char, e.end_char, e.label_] for e in d.ents]}) for d in sdocs]
        with open(cache, "w", encoding="utf-8") as f:
            json.dump({"docs": [d.raw for d in docs], "t_tok": t_tok, "t_ner": t_ner}, f)
    n_tok = sum(len(d.tokens) for d in docs)
    for rust_model in args.rust_model:
        t0r = time.time()
        with open(inp, "rb") as fi:
            res = subprocess.run([args.tagger, "--model", rust_model], stdin=fi, capture_output=True, check=True)
        rust_wall = time.time() - t0r
        sys.stderr.write(res.stderr.decode())
        rust = [json.loads(l) for l in res.stdout.decode("utf-8").splitlines() if l.strip()]
        compare(args, nlp, spacy, ids, texts, words, docs, rust, rust_model, n_tok, t_tok, t_ner, rust_wall)


def compare(args, nlp, spacy, ids, texts, words, docs, rust, rust_model, n_tok, t_tok, t_ner, rust_wall):
    tok_same = tok_total_sp = tok_total_rs = 0
    docs_tok_identical = 0
    ent_same = ent_sp = ent_rs = 0
    shown = 0
    for doc_id, text, doc, r in zip(ids, texts, docs, rust):
        sp_toks = doc.tokens
        rs_toks = [tuple(x) for x in r["tokens"]]
        common = set(sp_toks) & set(rs_toks)
        tok_same += len(common)
        tok_total_sp += len(sp_toks)
        tok_total_rs += len(rs_toks)
        if sp_toks == rs_toks:
            docs_tok_identical += 1
        elif shown < args.show:
            for a, b in sorted(set(sp_toks) ^ set(rs_toks))[:6]:
                side = "spacy" if (a, b) in set(sp_toks) else "rust"
                print(f"TOKEN {doc_id} {side}: {text[max(0, a-20):a]!r} [{text[a:b]!r}] {text[b:b+20]!r}")
                shown += 1
        sp_ents = doc.ents
        rs_ents = {tuple(x) for x in r["ents"]}
        ent_same += len(sp_ents & rs_ents)
        ent_sp += len(sp_ents)
        ent_rs += len(rs_ents)
        for a, b, l in sorted(sp_ents ^ rs_ents):
            if shown < args.show:
                side = "spacy" if (a, b, l) in sp_ents else "rust"
                print(f"ENT {doc_id} {side}: {text[max(0, a-30):a]!r} [{text[a:b]!r} {l}] {text[b:b+30]!r}")
                shown += 1
    print()
    print(f"model: {rust_model} vs {nlp.meta['name']} {nlp.meta['version']} (spaCy {spacy.__version__})")
    print(f"corpus: {len(texts)} documents, {words} words (whitespace-separated), {n_tok} spaCy tokens")
    print(f"tokens: {tok_same} of {tok_total_sp} spaCy tokens matched ({100*tok_same/max(1,tok_total_sp):.4f}%), rust produced {tok_total_rs}; {docs_tok_identical}/{len(texts)} documents token-identical")
    print(f"entities: {ent_same} identical (start, end, label); spaCy {ent_sp}, rust {ent_rs}; agreement {100*ent_same/max(1,ent_sp):.4f}% of spaCy's, {100*ent_same/max(1,ent_rs):.4f}% of rust's")
    print(f"time: spaCy tokenizer {t_tok:.1f}s, spaCy ner {t_ner:.1f}s ({n_tok/t_ner:.0f} tokens/s); rust process wall {rust_wall:.1f}s")




if __name__ == "__main__":
    main()
