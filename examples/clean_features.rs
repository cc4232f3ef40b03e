//! The clean stage's line features, for training and evaluating its line model
//! (`scripts/clean/train.py`): JSONL documents on stdin (`{"id": ..., "text": ...}`), one JSON
//! object per document on stdout: `{"id", "lines": [line index in text.split("\n")],
//! "features": [[...] per line]}`, plus `"probabilities"` and `"headline_scores"` with `--model FILE`.
//! `--names` prints the feature names.
//!
//! With `--page`, the page model's features (`page_feature_names`: the lines' HTML blocks too,
//! none for plain text). A record with `"page"` (an HTML file, `.gz` too) instead of `"text"` is
//! read as textmill reads the page: the text is the part the clean stage reads (after the title
//! line), given back as `"text"`, with its lines' blocks; `"error"` when the page gives no text.
//! (A record with both must give the page's text: the training data holds what textmill read.)

use std::io::{BufRead, BufWriter, Write};

use textmill::config::InputConfig;
use textmill::document::{Document, Origin};
use textmill::source::{classify, document_from_bytes, read_bytes, SourceFile};
use textmill::stages::clean::features::FeatureExtractor;
use textmill::stages::clean::model::{LineModel, Reading};
use textmill::stages::clean::Cleaner;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let reading = if args.iter().any(|a| a == "--page") { Reading::Page } else { Reading::PlainText };
    if args.iter().any(|a| a == "--names") {
        println!("{}", serde_json::to_string(&reading.feature_names())?);
        return Ok(());
    }
    let model = match args.iter().position(|a| a == "--model") {
        Some(i) => {
            let path = args.get(i + 1).ok_or("--model needs a file")?;
            Some(LineModel::from_json(&std::fs::read_to_string(path)?, &reading.feature_names())?)
        }
        None => None,
    };
    let extractor = FeatureExtractor::new();
    let mut out = BufWriter::new(std::io::stdout().lock());
    for line in std::io::stdin().lock().lines() {
        let record: serde_json::Value = serde_json::from_str(&line?)?;
        let page = match record["page"].as_str() {
            Some(path) => match read_page(path) {
                Ok(doc) => Some(doc),
                Err(err) => {
                    serde_json::to_writer(&mut out, &serde_json::json!({"id": record["id"], "error": err.to_string()}))?;
                    out.write_all(b"\n")?;
                    continue;
                }
            },
            None => None,
        };
        let start = page.as_ref().map_or(0, |doc| doc.given.header_end);
        let text = match &page {
            Some(doc) => &doc.text[start..],
            None => record["text"].as_str().ok_or("a document without \"text\" or \"page\"")?,
        };
        if let (Some(given), true) = (record["text"].as_str(), page.is_some()) {
            if given != text {
                return Err(format!("{}: the page reads otherwise than the record's text (a textmill of other sources?)", record["id"]).into());
            }
        }
        let spans = Cleaner::lines(text);
        let blocks = match (&page, reading) {
            (Some(doc), _) => Some(Cleaner::blocks_of_lines(&spans, start, &doc.given.blocks)),
            (None, Reading::Page) => Some(Vec::new()),
            (None, Reading::PlainText) => None,
        };
        // The pages as they are: layout lines (which the stage reads as blank lines) are too
        // rare in the training pages to learn from.
        let trimmed: Vec<&str> = spans.iter().map(|s| &text[s.clone()]).collect();
        let lines: Vec<usize> = (0..trimmed.len()).filter(|&i| !trimmed[i].is_empty()).collect();
        if page.is_some() && reading == Reading::PlainText {
            return Err("a page's record needs --page (its lines' blocks are the page model's features)".into());
        }
        let features = extractor.extract(&trimmed, blocks.as_deref());
        let mut object = serde_json::json!({"id": record["id"], "lines": lines, "features": features});
        if page.is_some() {
            object["text"] = serde_json::json!(text);
        }
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

/// The page at `path` (`.html`, `.htm`, maybe `.gz`) as textmill reads it.
fn read_page(path: &str) -> Result<Document, Box<dyn std::error::Error>> {
    let config = InputConfig::default();
    let (kind, gzip) = classify(path, &config.extensions).ok_or("not a page (.html, .htm)")?;
    let file = SourceFile { path: path.into(), root: 0, relative: path.into(), kind, gzip, stamp: None, source: path.into() };
    let bytes = read_bytes(&file, config.max_document_bytes)?;
    Ok(document_from_bytes(Origin { doc_id: path.to_string(), source: path.to_string() }, kind, bytes)?)
}
