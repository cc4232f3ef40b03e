//! `textmill stream`: JSONL documents on stdin, one JSON object per document on stdout, in input
//! order, for engines that pipe records through a program (Spark's `RDD.pipe`, Hadoop Streaming).
//!
//! Each input line is a record as in a `.jsonl` input (field names from `input.jsonl`). Its answer
//! holds what the tables would: `doc_id` (the record's id field, else `L<line>`), `text` (as in
//! `documents.text`: a title field comes first, then a blank line, then the text), `title`,
//! `published`, `authors`, and its `sentences` and `mentions` with the tables' columns and offsets
//! (code points into `text`). A line that is not a usable record is answered in place with
//! `{"doc_id", "error"}`, and the stream goes on. No cache and no corpus: an `entity_id` is the
//! one the document alone gives (a bare surname is not linked to a full name seen only in other
//! documents, as the tables do).
//!
//! Lines are processed in parallel, a batch at a time: a batch is the lines already waiting (at
//! most `run.batch_documents`), so a caller that writes one line and waits for its answer gets it.

use std::io::{BufRead, Write};

use rayon::prelude::*;
use serde::Serialize;

use crate::config::Settings;
use crate::document::{CodePoints, Document, Origin};
use crate::error::{DocumentError, RunError};
use crate::pipeline::Stages;
use crate::source::{json_document, record_id, RecordAt};

/// What a stream did, for the message on stderr.
#[derive(Debug, Default, Clone, Copy)]
pub struct StreamReport {
    pub documents_ok: u64,
    pub documents_failed: u64,
}

#[derive(Serialize)]
struct Answer<'a> {
    doc_id: &'a str,
    text: &'a str,
    title: Option<&'a str>,
    published: Option<&'a str>,
    authors: Option<&'a str>,
    language: Option<&'a str>,
    sentences: Vec<SentenceRow<'a>>,
    mentions: Vec<MentionRow<'a>>,
}

#[derive(Serialize)]
struct SentenceRow<'a> {
    sent_idx: usize,
    start_char: usize,
    end_char: usize,
    text: &'a str,
}

#[derive(Serialize)]
struct MentionRow<'a> {
    sent_idx: usize,
    start_char: usize,
    end_char: usize,
    text: &'a str,
    label: &'a str,
    entity_id: String,
    value: Option<&'a str>,
}

#[derive(Serialize)]
struct Failure<'a> {
    doc_id: &'a str,
    error: String,
}

/// The answer to a blank line: no document, no error (`run` skips blank lines of a `.jsonl`
/// file too), and a line for a line, so that the answers stay in step with the input.
#[derive(Serialize)]
struct Skipped<'a> {
    doc_id: &'a str,
    skipped: &'static str,
}

/// What a line was.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Document,
    Failed,
    Blank,
}

/// Answer every line of `input` on `output`, one line each, in order, flushed line by line.
pub fn stream(settings: &Settings, input: impl BufRead + Send, output: &mut impl Write) -> Result<StreamReport, RunError> {
    let config = &settings.config;
    let stages = Stages::build(settings)?;
    let pool = crate::pipeline::worker_pool(config.run.worker_threads())?;
    let output_error = |source| RunError::Output { path: "stdout".into(), source };
    let mut report = StreamReport::default();
    std::thread::scope(|scope| -> Result<(), RunError> {
        // A reader thread hands lines over as they come, so that a batch is what is waiting.
        let (sender, lines) = std::sync::mpsc::sync_channel::<(usize, Result<String, DocumentError>)>(config.run.batch_documents * 2);
        let max_bytes = config.input.max_document_bytes;
        scope.spawn(move || read_lines(input, max_bytes, &sender));
        let mut warned = false;
        while let Ok(first) = lines.recv() {
            // (The first record says whether the config's field names are the stream's, as a
            // .jsonl file's first does.)
            if let (false, Ok(line)) = (warned, &first.1) {
                warned = !line.trim().is_empty();
                for warning in crate::source::first_record_warnings(line, &config.input.jsonl, "line number") {
                    crate::stderr_line!("textmill: warning: stdin: {warning}");
                }
            }
            let mut batch = vec![first];
            while batch.len() < config.run.batch_documents {
                match lines.try_recv() {
                    Ok(line) => batch.push(line),
                    Err(_) => break,
                }
            }
            let answers: Vec<(String, Outcome)> = pool.install(|| batch.into_par_iter().map(|(number, line)| answer(&stages, settings, number, line)).collect());
            for (answer, outcome) in answers {
                match output.write_all(answer.as_bytes()).and_then(|()| output.write_all(b"\n")).and_then(|()| output.flush()) {
                    // A reader that stops early (`textmill stream | head`) is no failure: the
                    // answers it took are counted.
                    Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => return Ok(()),
                    written => written.map_err(output_error)?,
                }
                report.documents_ok += u64::from(outcome == Outcome::Document);
                report.documents_failed += u64::from(outcome == Outcome::Failed);
            }
        }
        Ok(())
    })?;
    if let Some(err) = stages.tagger_error() {
        return Err(err);
    }
    Ok(report)
}

/// Each line of `input` with its number (from 1); a line too long or not UTF-8 is an error in
/// its place. Ends at the end of the input, or when the receiver is gone.
fn read_lines(mut input: impl BufRead, max_bytes: u64, sender: &std::sync::mpsc::SyncSender<(usize, Result<String, DocumentError>)>) {
    let mut buffer = Vec::new();
    for number in 1.. {
        buffer.clear();
        let line = match input.read_until(b'\n', &mut buffer) {
            Ok(0) => return,
            Ok(_) => {
                let content = buffer.strip_suffix(b"\n").unwrap_or(&buffer);
                let content = content.strip_suffix(b"\r").unwrap_or(content);
                if content.len() as u64 > max_bytes {
                    Err(DocumentError::TooLarge { size: content.len() as u64, limit: max_bytes })
                } else {
                    String::from_utf8(content.to_vec()).map_err(|err| DocumentError::invalid_utf8(err.as_bytes(), &err.utf8_error()))
                }
            }
            Err(err) => Err(DocumentError::Unreadable(err.to_string())),
        };
        let failed_to_read = matches!(line, Err(DocumentError::Unreadable(_)));
        if sender.send((number, line)).is_err() || failed_to_read {
            return;
        }
    }
}

/// One line's answer (a JSON object) and what the line was.
fn answer(stages: &Stages, settings: &Settings, number: usize, line: Result<String, DocumentError>) -> (String, Outcome) {
    // The record's id once it is known; before, its line.
    let at = RecordAt { number, in_array: false };
    let mut doc_id = at.fallback_id();
    if line.as_deref().is_ok_and(|line| line.trim_start_matches('\u{feff}').trim().is_empty()) {
        return (serde_json::to_string(&Skipped { doc_id: &doc_id, skipped: "blank line" }).unwrap_or_default(), Outcome::Blank);
    }
    // A line the reader refused is named as the other errors name their line.
    let line = line.map_err(|err| match err {
        DocumentError::InvalidUtf8 { offset, .. } => DocumentError::BadRecord { at: format!("line {number}"), message: format!("invalid UTF-8 at byte {offset} of the line; stream UTF-8 text") },
        DocumentError::TooLarge { .. } => DocumentError::BadRecord { at: format!("line {number}"), message: err.to_string() },
        other => other,
    });
    let processed = (|| -> Result<Document, DocumentError> {
        let line = line?;
        let fields = &settings.config.input.jsonl;
        let read = || json_document(at, &line, fields, |id| Origin { doc_id: id.to_string(), source: "stdin".into() });
        let mut doc = crate::stages::clean::metadata::with_date_order(settings.config.input.date_order, read).inspect_err(|_| {
            if let Some(id) = record_id(&line, fields) {
                doc_id = id;
            }
        })?;
        doc_id.clone_from(&doc.origin.doc_id);
        stages.process(&mut doc)?;
        Ok(doc)
    })();
    match processed {
        Ok(doc) => (serde_json::to_string(&document_answer(&doc)).unwrap_or_default(), Outcome::Document),
        Err(err) => (serde_json::to_string(&Failure { doc_id: &doc_id, error: err.to_string() }).unwrap_or_default(), Outcome::Failed),
    }
}

fn document_answer(doc: &Document) -> Answer<'_> {
    let code_points = CodePoints::new(&doc.text);
    let sentences = doc
        .sentences
        .iter()
        .enumerate()
        .map(|(sent_idx, s)| SentenceRow { sent_idx, start_char: code_points.of(s.span.start), end_char: code_points.of(s.span.end), text: doc.slice(&s.span) })
        .collect();
    let mentions = doc
        .mentions
        .iter()
        .map(|m| MentionRow {
            sent_idx: m.sent_idx,
            start_char: code_points.of(m.span.start),
            end_char: code_points.of(m.span.end),
            text: doc.slice(&m.span),
            label: m.label.as_str(),
            entity_id: crate::stages::aggregate::entity_id(&m.entity_key),
            value: m.value.as_deref(),
        })
        .collect();
    Answer {
        doc_id: &doc.origin.doc_id,
        text: &doc.text,
        title: doc.title_text(),
        published: doc.published.as_deref(),
        authors: doc.authors.as_deref(),
        language: doc.language.as_deref(),
        sentences,
        mentions,
    }
}
