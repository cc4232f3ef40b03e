//! Single-thread throughput of `Model::recognise` (and of the tokenizer alone) over the JSONL
//! input that scripts/ner_equivalence.py writes ({"text", "sent_starts" in code points}).
//!
//! Usage: bench [--model resources/ner/sm] [--input /tmp/textmill-ner-eq/in.jsonl]
//!              [--docs N] [--passes P]

use std::time::Instant;

/// User + system CPU seconds of this process (from /proc/self/stat), robust to other load.
fn cpu_secs() -> f64 {
    let s = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let rest = s.rsplit(')').next().unwrap_or("");
    let f: Vec<&str> = rest.split_whitespace().collect();
    let tick = 100.0;
    if f.len() > 13 {
        (f[11].parse::<f64>().unwrap_or(0.0) + f[12].parse::<f64>().unwrap_or(0.0)) / tick
    } else {
        0.0
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let mut model_dir = "resources/ner/sm".to_string();
    let mut input = "/tmp/textmill-ner-eq/in.jsonl".to_string();
    let mut max_docs = usize::MAX;
    let mut passes = 1;
    let mut i = 1;
    while i < args.len() {
        match args[i].as_str() {
            "--model" => model_dir = args[i + 1].clone(),
            "--input" => input = args[i + 1].clone(),
            "--docs" => max_docs = args[i + 1].parse().unwrap(),
            "--passes" => passes = args[i + 1].parse().unwrap(),
            a => panic!("unknown argument {a}"),
        }
        i += 2;
    }
    let t0 = Instant::now();
    let model = textmill_ner::Model::load(std::path::Path::new(&model_dir))
        .unwrap_or_else(|e| panic!("{e}"));
    eprintln!(
        "loaded {} in {:.3}s",
        model.name(),
        t0.elapsed().as_secs_f64()
    );
    let mut docs: Vec<(String, Vec<usize>)> = Vec::new();
    for line in std::fs::read_to_string(&input)
        .unwrap()
        .lines()
        .take(max_docs)
    {
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let text = v["text"].as_str().unwrap().to_string();
        let mut c2b: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        c2b.push(text.len());
        let starts = v["sent_starts"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|x| c2b[x.as_u64().unwrap() as usize])
                    .collect()
            })
            .unwrap_or_default();
        docs.push((text, starts));
    }
    let mut toks = Vec::new();
    let mut scratch = textmill_ner::Scratch::default();
    let mut ents = Vec::new();
    let mut n_tokens = 0usize;
    let mut n_ents = 0usize;
    let mut checksum = 0usize;
    for pass in 0..passes {
        let t = Instant::now();
        let c0 = cpu_secs();
        for (text, starts) in &docs {
            model.recognise(text, starts, &mut scratch, &mut ents);
            n_ents += ents.len();
            checksum = ents.iter().fold(checksum, |c, e| {
                c.wrapping_mul(31)
                    .wrapping_add(e.start ^ e.end ^ e.label as usize)
            });
        }
        let rec_s = t.elapsed().as_secs_f64();
        let rec_cpu = cpu_secs() - c0;
        let ph = std::mem::take(&mut scratch.phase_secs);
        let t = Instant::now();
        let mut nt = 0usize;
        for (text, _) in &docs {
            model.tokenize(text, &mut toks);
            nt += toks.len();
        }
        let tok_s = t.elapsed().as_secs_f64();
        println!(
            "  phases (s): tokenizer {:.3}, features {:.3}, encoder {:.3}, decoder (incl. precompute) {:.3}",
            ph[0], ph[1], ph[2], ph[3]
        );
        n_tokens = nt;
        println!(
            "pass {pass}: {} docs, {nt} tokens; tokenize {:.0} tok/s ({tok_s:.3}s); recognise {:.0} tok/s ({rec_s:.3}s wall), {:.0} tok/s ({rec_cpu:.2}s cpu)",
            docs.len(),
            nt as f64 / tok_s,
            nt as f64 / rec_s,
            nt as f64 / rec_cpu
        );
    }
    println!(
        "{n_tokens} tokens, {} ents/pass, checksum {checksum:x}",
        n_ents / passes
    );
}
