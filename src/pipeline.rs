//! The run: discover sources, push batches of documents through the per-document stages in
//! parallel (this module owns the rayon pool), stream rows into the tables, then aggregate.
//!
//! Memory is bounded by one batch of documents plus the entity catalog: rows are appended to
//! the tables batch by batch and mentions are spilled to a temporary file until their final
//! entity ids are known. Output order is the input order, whatever the thread count.

use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::config::Settings;
use crate::document::{CodePoints, Document, Origin};
use crate::error::{DocumentError, RunError};
use crate::gazetteer::Gazetteer;
use crate::progress::Progress;
use crate::source::{self, Pending};
use crate::stages::aggregate::{Catalog, Linker};
use crate::stages::clean::Cleaner;
use crate::stages::tag::TagStage;
use crate::stages::{DocumentStage, SegmentStage};
use crate::tables::{self, Rows, Table, TableWriters, Value};

/// The per-document stages, built once.
pub struct Stages {
    clean: Cleaner,
    segment: SegmentStage,
    tag: Option<TagStage>,
    linker: Linker,
}

const STAGE_NAMES: [&str; 5] = ["ingest", "clean", "segment", "tag", "aggregate"];

impl Stages {
    pub fn build(settings: &Settings) -> Result<Stages, RunError> {
        let config = &settings.config;
        let mut clean_config = config.clean.clone();
        if !clean_config.enabled {
            clean_config.detect_title = false;
        }
        let gazetteer = Gazetteer::load(config.resources.gazetteer_dir.as_deref())
            .map_err(|message| RunError::StageSetup { stage: "tag", message })?;
        Ok(Stages {
            clean: Cleaner::new(&clean_config),
            segment: SegmentStage::new(&config.segment),
            tag: if config.tag.enabled { Some(TagStage::build(&config.tag, &gazetteer)?) } else { None },
            linker: Linker::build(&config.aggregate, &gazetteer),
        })
    }

    /// Run every per-document stage on one document, timing each.
    fn process(&self, doc: &mut Document, clean_enabled: bool, timings: &StageTimings) -> Result<(), DocumentError> {
        let mut stages: Vec<&dyn DocumentStage> = Vec::with_capacity(3);
        if clean_enabled {
            stages.push(&self.clean);
        }
        stages.push(&self.segment);
        if let Some(tag) = &self.tag {
            stages.push(tag);
        }
        for stage in stages {
            let started = Instant::now();
            stage.process(doc)?;
            timings.add(stage.name(), started);
        }
        let started = Instant::now();
        self.linker.link_document(doc);
        timings.add("aggregate", started);
        Ok(())
    }
}

/// Wall time per stage summed over threads (so it can exceed the run's elapsed time).
#[derive(Default)]
struct StageTimings {
    nanos: [AtomicU64; 5],
}

impl StageTimings {
    fn add(&self, stage: &str, started: Instant) {
        if let Some(i) = STAGE_NAMES.iter().position(|s| *s == stage) {
            self.nanos[i].fetch_add(started.elapsed().as_nanos() as u64, Ordering::Relaxed);
        }
    }

    fn seconds(&self) -> Vec<(String, f64)> {
        STAGE_NAMES.iter().zip(&self.nanos).map(|(name, n)| (name.to_string(), n.load(Ordering::Relaxed) as f64 / 1e9)).collect()
    }
}

/// A document that failed, for the errors table and the report.
#[derive(Debug, Clone, Serialize)]
pub struct FailedDocument {
    pub doc_id: String,
    pub source: String,
    pub stage: String,
    pub message: String,
}

/// What `run_report.json` holds.
#[derive(Debug, Clone, Serialize)]
pub struct RunReport {
    pub textmill_version: String,
    pub config: Option<PathBuf>,
    pub output_dir: PathBuf,
    pub documents_ok: u64,
    pub documents_failed: u64,
    pub rows: std::collections::BTreeMap<String, u64>,
    pub words: u64,
    pub seconds_total: f64,
    /// Per stage, summed over worker threads.
    pub seconds_per_stage: std::collections::BTreeMap<String, f64>,
    pub words_per_second: f64,
    pub threads: usize,
    pub failed: Vec<FailedDocument>,
}

/// A mention waiting for its final entity id (spilled to disk between the passes).
#[derive(Serialize, Deserialize)]
struct SpilledMention {
    doc_id: String,
    sent_idx: i64,
    start_char: i64,
    end_char: i64,
    text: String,
    label: String,
    key: String,
}

pub fn run(settings: &Settings, quiet: bool) -> Result<RunReport, RunError> {
    let started = Instant::now();
    let config = &settings.config;
    let stages = Stages::build(settings)?;
    let threads = if config.run.threads == 0 { std::thread::available_parallelism().map_or(1, |n| n.get()) } else { config.run.threads };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|err| RunError::StageSetup { stage: "ingest", message: format!("cannot start {threads} threads: {err}") })?;

    let output_dir = config.output.dir.clone();
    tables::remove_stale_staging(&output_dir);
    let mut writers = TableWriters::create(&output_dir, config.output.format)?;
    let spill_path = writers.staging_dir().join("mentions.spill.jsonl");
    let spill_error = |source| RunError::Output { path: spill_path.clone(), source };
    let mut spill = BufWriter::new(std::fs::File::create(&spill_path).map_err(spill_error)?);

    // Counting first gives the progress bar a total; walking is cheap next to processing.
    let total = (!quiet).then(|| source::discover(&config.input).map(|files| files.count() as u64)).transpose()?;
    let mut progress = Progress::new(total, quiet);

    let timings = StageTimings::default();
    let mut catalog = Catalog::default();
    let mut failed: Vec<FailedDocument> = Vec::new();
    let mut documents_ok = 0u64;
    let mut words = 0u64;
    let check_duplicates = config.input.paths.len() > 1;
    let mut seen_ids = std::collections::HashSet::new();

    let files = source::discover(&config.input)?;
    let mut units = source::pending_units(files, &config.input).peekable();
    while units.peek().is_some() {
        let batch: Vec<Pending> = units.by_ref().take(config.run.batch_documents).collect();
        let results: Vec<Result<Document, FailedDocument>> = pool.install(|| {
            batch
                .into_par_iter()
                .map(|pending| {
                    let load_started = Instant::now();
                    let loaded = source::load(pending, &config.input);
                    timings.add("ingest", load_started);
                    let mut doc = loaded.map_err(|(origin, err)| failure(&origin, "ingest", &err))?;
                    stages.process(&mut doc, config.clean.enabled, &timings).map_err(|err| failure(&doc.origin, stage_of(&err), &err))?;
                    Ok(doc)
                })
                .collect()
        });
        let mut documents = Rows::new(Table::Documents);
        let mut sentences = Rows::new(Table::Sentences);
        let mut errors = Rows::new(Table::Errors);
        let mut batch_words = 0;
        let batch_size = results.len() as u64;
        for result in results {
            let doc = match result {
                Ok(doc) if check_duplicates && !seen_ids.insert(doc.origin.doc_id.clone()) => {
                    Err(failure(&doc.origin, "ingest", &DocumentError::Stage { stage: "ingest", message: "duplicate doc_id: another input root has a file at the same relative path".into() }))
                }
                other => other,
            };
            match doc {
                Ok(doc) => {
                    documents_ok += 1;
                    batch_words += doc.text.split_whitespace().count() as u64;
                    catalog.add_document(&doc);
                    add_rows(&doc, &mut documents, &mut sentences, &mut spill).map_err(spill_error)?;
                }
                Err(failure) => {
                    progress.println(&format!("textmill: {}: {} failed: {}", failure.source, failure.stage, failure.message));
                    errors.push([
                        Value::Text(failure.doc_id.clone()),
                        Value::Text(failure.source.clone()),
                        Value::Text(failure.stage.clone()),
                        Value::Text(failure.message.clone()),
                    ]);
                    failed.push(failure);
                }
            }
        }
        writers.append(documents)?;
        writers.append(sentences)?;
        writers.append(errors)?;
        words += batch_words;
        progress.advance(batch_size, batch_words);
    }

    // Aggregate: the corpus-wide decisions, then the mentions with their final ids.
    progress.set_stage("aggregating entities");
    let aggregate_started = Instant::now();
    spill.flush().map_err(spill_error)?;
    drop(spill);
    let resolution = catalog.resolve(config.aggregate.enabled && config.aggregate.link_short_names);
    let reader = BufReader::new(std::fs::File::open(&spill_path).map_err(spill_error)?);
    let mut mentions = Rows::new(Table::Mentions);
    for line in reader.lines() {
        let line = line.map_err(spill_error)?;
        let spilled: SpilledMention = serde_json::from_str(&line).map_err(|err| spill_error(std::io::Error::other(err)))?;
        let key = resolution.final_key(&spilled.key);
        mentions.push([
            Value::Text(spilled.doc_id),
            Value::Integer(spilled.sent_idx),
            Value::Integer(spilled.start_char),
            Value::Integer(spilled.end_char),
            Value::Text(spilled.text),
            Value::Text(spilled.label),
            Value::Text(crate::stages::aggregate::entity_id(key)),
        ]);
        if mentions.len() >= 65_536 {
            writers.append(std::mem::replace(&mut mentions, Rows::new(Table::Mentions)))?;
        }
    }
    writers.append(mentions)?;
    let _ = std::fs::remove_file(&spill_path);
    let mut entities = Rows::new(Table::Entities);
    for entity in &resolution.entities {
        entities.push([
            Value::Text(entity.entity_id.clone()),
            Value::Text(entity.label.clone()),
            Value::Text(entity.canonical.clone()),
            Value::Integer(entity.n_mentions as i64),
            Value::Integer(entity.n_docs as i64),
        ]);
    }
    writers.append(entities)?;
    timings.add("aggregate", aggregate_started);

    let rows = Table::ALL.iter().map(|t| (t.name().to_string(), writers.rows_written(*t) as u64)).collect();
    progress.set_stage("writing tables");
    writers.commit()?;
    progress.finish();

    let seconds_total = started.elapsed().as_secs_f64();
    let report = RunReport {
        textmill_version: env!("CARGO_PKG_VERSION").to_string(),
        config: settings.config_path.clone(),
        output_dir: output_dir.clone(),
        documents_ok,
        documents_failed: failed.len() as u64,
        rows,
        words,
        seconds_total,
        seconds_per_stage: timings.seconds().into_iter().collect(),
        words_per_second: words as f64 / seconds_total.max(1e-9),
        threads,
        failed,
    };
    let json = serde_json::to_vec_pretty(&report).map_err(|err| RunError::Output { path: output_dir.clone(), source: std::io::Error::other(err) })?;
    tables::write_atomically(&output_dir.join("run_report.json"), &json)?;
    Ok(report)
}

fn failure(origin: &Origin, stage: &str, err: &DocumentError) -> FailedDocument {
    FailedDocument { doc_id: origin.doc_id.clone(), source: origin.source.clone(), stage: stage.to_string(), message: err.to_string() }
}

fn stage_of(err: &DocumentError) -> &'static str {
    match err {
        DocumentError::Stage { stage, .. } => stage,
        _ => "ingest",
    }
}

/// The document's rows: one documents row, its sentences, and its mentions (spilled).
fn add_rows(doc: &Document, documents: &mut Rows, sentences: &mut Rows, spill: &mut impl Write) -> std::io::Result<()> {
    let code_points = CodePoints::new(&doc.text);
    let to_char = |byte: usize| code_points.of(byte) as i64;
    documents.push([
        Value::Text(doc.origin.doc_id.clone()),
        Value::Text(doc.origin.source.clone()),
        Value::Text(doc.content_sha256.clone()),
        doc.title_text().map_or(Value::Null, |t| Value::Text(t.to_string())),
        Value::Integer(to_char(doc.text.len())),
        Value::Integer(doc.sentences.len() as i64),
        Value::Integer(doc.mentions.len() as i64),
        Value::Text(doc.text.clone()),
    ]);
    for (i, sentence) in doc.sentences.iter().enumerate() {
        sentences.push([
            Value::Text(doc.origin.doc_id.clone()),
            Value::Integer(i as i64),
            Value::Integer(to_char(sentence.span.start)),
            Value::Integer(to_char(sentence.span.end)),
            Value::Text(doc.slice(&sentence.span).to_string()),
        ]);
    }
    for mention in &doc.mentions {
        let spilled = SpilledMention {
            doc_id: doc.origin.doc_id.clone(),
            sent_idx: mention.sent_idx as i64,
            start_char: to_char(mention.span.start),
            end_char: to_char(mention.span.end),
            text: doc.slice(&mention.span).to_string(),
            label: mention.label.as_str().to_string(),
            key: mention.entity_key.clone(),
        };
        serde_json::to_writer(&mut *spill, &spilled).map_err(std::io::Error::other)?;
        spill.write_all(b"\n")?;
    }
    Ok(())
}
