//! Tag JSONL documents with the Rust NER model (used by scripts/ner_equivalence.py).
//!
//! Input lines: {"id": ..., "text": "...", "sent_starts": [code point offsets]}
//! Output lines: {"id": ..., "tokens": [[start, end], ...], "ents": [[start, end, "LABEL"], ...]}
//! with code point offsets. Timing of tokenize+recognise goes to stderr.
//!
//! Usage: tag_jsonl --model resources/ner/sm [--no-tokens] < in.jsonl > out.jsonl

use std::io::{BufRead, BufWriter, Write};
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let mut model_dir = "resources/ner/sm".to_string();
    let mut tokens = true;
    let mut i = 1;
    while i < args.len() {
        match args[i].as_str() {
            "--model" => {
                model_dir = args[i + 1].clone();
                i += 1;
            }
            "--no-tokens" => tokens = false,
            a => panic!("unknown argument {a}"),
        }
        i += 1;
    }
    let t0 = Instant::now();
    let model = textmill_ner::Model::load(std::path::Path::new(&model_dir))
        .unwrap_or_else(|e| panic!("{e}"));
    eprintln!(
        "loaded {} ({}) in {:.3}s",
        model.name(),
        &model.fingerprint()[..12],
        t0.elapsed().as_secs_f64()
    );
    let mut scratch = textmill_ner::Scratch::default();
    let mut ents = Vec::new();
    let mut toks = Vec::new();
    let stdin = std::io::stdin();
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut busy = 0f64;
    let mut tok_time = 0f64;
    let mut n_tokens = 0usize;
    let mut n_docs = 0usize;
    for line in stdin.lock().lines() {
        let line = line.unwrap();
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value = serde_json::from_str(&line).unwrap();
        let text = v["text"].as_str().unwrap();
        // code point offset -> byte offset
        let mut c2b: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        c2b.push(text.len());
        let mut b2c = vec![0usize; text.len() + 1];
        for (ci, &b) in c2b.iter().enumerate() {
            b2c[b] = ci;
        }
        let starts: Vec<usize> = v["sent_starts"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|x| c2b[x.as_u64().unwrap() as usize])
                    .collect()
            })
            .unwrap_or_default();
        let t = Instant::now();
        model.recognise(text, &starts, &mut scratch, &mut ents);
        busy += t.elapsed().as_secs_f64();
        let t = Instant::now();
        model.tokenize(text, &mut toks);
        tok_time += t.elapsed().as_secs_f64();
        n_tokens += toks.len();
        n_docs += 1;
        let mut o = serde_json::Map::new();
        o.insert("id".into(), v["id"].clone());
        if tokens {
            o.insert(
                "tokens".into(),
                toks.iter()
                    .map(|t| serde_json::json!([b2c[t.start], b2c[t.end]]))
                    .collect(),
            );
        }
        o.insert(
            "ents".into(),
            ents.iter()
                .map(|e| serde_json::json!([b2c[e.start], b2c[e.end], e.label.as_str()]))
                .collect(),
        );
        writeln!(out, "{}", serde_json::Value::Object(o)).unwrap();
    }
    out.flush().unwrap();
    eprintln!("{n_docs} docs, {n_tokens} tokens, recognise {busy:.3}s = {:.0} tokens/s (one thread); tokenize alone {tok_time:.3}s", n_tokens as f64 / busy.max(1e-9));
}
