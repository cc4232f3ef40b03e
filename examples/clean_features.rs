//! The clean stage's line features, for training and evaluating its line model
//! (`scripts/clean/train.py`): JSONL documents on stdin (`{"id": ..., "text": ...}`), one JSON
//! object per document on stdout: `{"id", "lines": [line index in text.split("\n")],
//! "features": [[...] per line]}`, plus `"probabilities"` and `"headline_scores"` with `--model FILE`.
//! `--names` prints the feature names.

use std::io::{BufRead, BufWriter, Write};

use textmill::stages::clean::features::{feature_names, FeatureExtractor};
use textmill::stages::clean::model::LineModel;
use textmill::stages::clean::Cleaner;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--names") {
        println!("{}", serde_json::to_string(&feature_names())?);
        return Ok(());
    }
    let model = match args.iter().position(|a| a == "--model") {
        Some(i) => {
            let path = args.get(i + 1).ok_or("--model needs a file")?;
            Some(LineModel::from_json(&std::fs::read_to_string(path)?, &feature_names())?)
        }
        None => None,
    };
    let extractor = FeatureExtractor::new();
    let mut out = BufWriter::new(std::io::stdout().lock());
    for line in std::io::stdin().lock().lines() {
        let record: serde_json::Value = serde_json::from_str(&line?)?;
        let text = record["text"].as_str().ok_or("a document without \"text\"")?;
        let spans = Cleaner::lines(text);
        // The pages as they are: layout lines (which the stage reads as blank lines) are too
        // rare in the training pages to learn from.
        let trimmed: Vec<&str> = spans.iter().map(|s| &text[s.clone()]).collect();
        let lines: Vec<usize> = (0..trimmed.len()).filter(|&i| !trimmed[i].is_empty()).collect();
        let features = extractor.extract(&trimmed);
        let mut object = serde_json::json!({"id": record["id"], "lines": lines, "features": features});
        if let Some(model) = &model {
            let probabilities: Vec<[f64; 5]> = features.iter().map(|row| model.probabilities(row)).collect();
            object["probabilities"] = serde_json::json!(probabilities);
            let scores = model.headline_scores(&features, |_| true);
            object["headline_scores"] = serde_json::json!(scores);
        }
        serde_json::to_writer(&mut out, &object)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}
