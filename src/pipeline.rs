//! The run: discover sources, push batches of documents through the per-document stages in
//! parallel (this module owns the rayon pool), stream rows into the tables, then aggregate.
//!
//! Memory is bounded by one batch of documents plus the entity catalog: rows are appended to
//! the tables batch by batch and mentions are spilled to a temporary file until their final
//! entity ids are known. Output order is the input order, whatever the thread count.

use std::io::{BufReader, BufWriter, Read, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use rayon::prelude::*;
use serde::Serialize;

use std::path::Path;

use crate::cache::{Cache, Entry};
use crate::fingerprint::{self, Fingerprints};
use crate::manifest::{self, Previous, Stamp};
use crate::config::{Layout, Settings};
use crate::plan::{self, Plan};
use crate::document::{CodePoints, Document, Origin};
use crate::error::{DocumentError, RunError};
use crate::gazetteer::Gazetteer;
use crate::progress::Progress;
use crate::source::{self, Pending, Position};
use crate::spill;
use crate::stages::aggregate::{Catalog, Linker, CATALOG_BUDGET_BYTES};
use crate::stages::clean::Cleaner;
use crate::stages::tag::TagStage;
use crate::stages::{DocumentStage, SegmentStage, Stage};
use crate::tables::{self, Rows, Table, TableWriters, Value};

/// The per-document stages, built once.
pub struct Stages {
    /// Built on first use: its patterns take ~15 ms to compile, and a rerun that finds every
    /// document in the cache never cleans one.
    clean: Option<(crate::config::CleanConfig, std::sync::OnceLock<Cleaner>)>,
    segment: SegmentStage,
    /// Built on a background thread: cached documents need no tagger, so a rerun does not wait
    /// for the network to load before it starts.
    tag: Option<std::sync::Arc<std::sync::OnceLock<Result<TagStage, RunError>>>>,
    linker: Linker,
}

impl Stages {
    pub fn build(settings: &Settings) -> Result<Stages, RunError> {
        let config = &settings.config;
        let gazetteer = Gazetteer::load(config.resources.gazetteer_dir.as_deref())
            .map_err(|message| RunError::StageSetup { stage: "tag", message })?;
        let tag = config.tag.enabled.then(|| {
            let cell = std::sync::Arc::new(std::sync::OnceLock::new());
            // The gazetteer read above is cloned, not read again (the built-in one is borrowed).
            let (filled, tag_config, gazetteer) = (cell.clone(), config.tag.clone(), gazetteer.clone());
            std::thread::spawn(move || {
                let started = Instant::now();
                let _ = filled.set(TagStage::build(&tag_config, &gazetteer));
                if std::env::var_os("TEXTMILL_TRACE").is_some() {
                    eprintln!("trace tagger built in {:.3}s", started.elapsed().as_secs_f64());
                }
            });
            cell
        });
        let linker = Linker::build(&config.aggregate, &gazetteer, Some(&Cache::state_dir(&config.output.dir)));
        Ok(Stages {
            clean: config.clean.enabled.then(|| (config.clean.clone(), std::sync::OnceLock::new())),
            segment: SegmentStage::new(&config.segment),
            tag,
            linker,
        })
    }

    /// Run the per-document stages from `first` (`Aggregate`: only its per-document linking)
    /// to the end, timing each.
    fn process_from(&self, doc: &mut Document, first: Stage, timings: &StageTimings) -> Result<(), DocumentError> {
        let tag = match (&self.tag, first <= Stage::Tag) {
            (Some(cell), true) => match cell.wait() {
                Ok(tag) => Some(tag),
                // Reported as a run error by `tagger_error`; the document fails meanwhile.
                Err(err) => return Err(DocumentError::Stage { stage: Stage::Tag.name(), message: err.to_string() }),
            },
            _ => None,
        };
        let run = |doc: &mut Document, stage: &dyn DocumentStage| -> Result<(), DocumentError> {
            let started = Instant::now();
            catching_panics(stage.stage(), doc, |doc| stage.process(doc))?;
            timings.add_document(stage.stage(), started);
            Ok(())
        };
        // Clean reads the verbatim text; segment and tag read Markdown with its syntax blanked.
        if let Some((config, cell)) = self.clean.as_ref().filter(|_| first <= Stage::Clean) {
            run(doc, cell.get_or_init(|| Cleaner::new(config)))?;
        }
        let segment = Some(&self.segment as &dyn DocumentStage).filter(|_| first <= Stage::Segment);
        let later = [segment, tag.map(|tag| tag as &dyn DocumentStage)];
        crate::markdown::with_masked_syntax(doc, |doc| later.into_iter().flatten().try_for_each(|stage| run(doc, stage)))?;
        let started = Instant::now();
        catching_panics(Stage::Aggregate, doc, |doc| {
            self.linker.link_document(doc);
            Ok(())
        })?;
        timings.add_document(Stage::Aggregate, started);
        Ok(())
    }
}

impl Stages {
    /// A tagger that could not be built stops the run (exit 2), like any setup error.
    fn tagger_error(&self) -> Option<RunError> {
        let built = self.tag.as_ref()?.wait();
        built.as_ref().err().map(|err| RunError::StageSetup { stage: "tag", message: err.to_string() })
    }
}

/// The fingerprint of every per-document stage for these settings (see [`cache`]).
pub fn fingerprints(settings: &Settings) -> Result<Fingerprints, RunError> {
    let config = &settings.config;
    let gazetteer = Gazetteer::load(config.resources.gazetteer_dir.as_deref())
        .map_err(|message| RunError::StageSetup { stage: "tag", message })?;
    let json = |value: &dyn erased::Json| value.to_json();
    let base = format!("{} {}", fingerprint::program_fingerprint(), json(&(&config.input.jsonl, config.input.max_document_bytes)));
    let tag_resources = if config.tag.enabled { TagStage::resource_fingerprint(&config.tag, &gazetteer)? } else { String::new() };
    let aggregate_resources = if config.aggregate.gazetteer_aliases { gazetteer.fingerprint().to_string() } else { String::new() };
    Ok(Fingerprints::chain(
        &base,
        [
            (json(&config.clean), String::new()),
            (json(&config.segment), String::new()),
            (json(&config.tag), tag_resources),
            (json(&config.aggregate), aggregate_resources),
        ],
    ))
}

/// Serialising a config section for fingerprints without naming every type.
mod erased {
    pub trait Json {
        fn to_json(&self) -> serde_json::Value;
    }
    impl<T: serde::Serialize> Json for T {
        fn to_json(&self) -> serde_json::Value {
            serde_json::to_value(self).unwrap_or(serde_json::Value::Null)
        }
    }
}

/// Wall time per stage summed over threads (so it can exceed the run's elapsed time), and the
/// documents each stage processed.
#[derive(Default)]
struct StageTimings {
    nanos: [AtomicU64; 5],
    documents: [AtomicU64; 5],
}

impl StageTimings {
    fn add(&self, stage: Stage, started: Instant) {
        self.nanos[stage as usize].fetch_add(started.elapsed().as_nanos() as u64, Ordering::Relaxed);
    }

    /// [`StageTimings::add`] for one document the stage processed.
    fn add_document(&self, stage: Stage, started: Instant) {
        self.add(stage, started);
        self.documents[stage as usize].fetch_add(1, Ordering::Relaxed);
    }

    fn documents(&self) -> Vec<(String, u64)> {
        Stage::ALL.iter().zip(&self.documents).map(|(stage, n)| (stage.name().to_string(), n.load(Ordering::Relaxed))).collect()
    }

    fn seconds(&self) -> Vec<(String, f64)> {
        Stage::ALL.iter().zip(&self.nanos).map(|(stage, n)| (stage.name().to_string(), n.load(Ordering::Relaxed) as f64 / 1e9)).collect()
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
    /// Documents taken whole from the cache of an earlier run.
    pub documents_reused: u64,
    pub documents_failed: u64,
    /// Files under the input directories and globs left out because `input.extensions` does
    /// not list their extension.
    pub files_skipped_by_extension: u64,
    pub rows: std::collections::BTreeMap<String, u64>,
    pub words: u64,
    pub seconds_total: f64,
    /// Per stage, summed over worker threads.
    pub seconds_per_stage: std::collections::BTreeMap<String, f64>,
    /// Per stage, the documents it processed in this run (ingest: read from their sources;
    /// aggregate: linked); the others came from the cache or the last tables past it.
    pub documents_per_stage: std::collections::BTreeMap<String, u64>,
    pub words_per_second: f64,
    pub threads: usize,
    /// Dataset layout: part files encoded by this run, and parts linked unchanged from the
    /// last run's tables.
    pub parts_written: u64,
    pub parts_reused: u64,
    pub failed: Vec<FailedDocument>,
}

/// A mention waiting for its final entity id (spilled to disk between the passes, in a
/// length-prefixed binary form: the file only lives for one run).
#[derive(Default)]
struct SpilledMention {
    doc_id: String,
    sent_idx: i64,
    start_char: i64,
    end_char: i64,
    text: String,
    label: String,
    key: String,
    /// The id of `key`; only a bare surname linked to a full name needs another.
    entity_id: String,
}

impl SpilledMention {
    fn write_to(&self, out: &mut impl Write) -> std::io::Result<()> {
        for text in [&self.doc_id, &self.text, &self.label, &self.key, &self.entity_id] {
            spill::write_text(out, text)?;
        }
        for number in [self.sent_idx, self.start_char, self.end_char] {
            spill::write_u64(out, number as u64)?;
        }
        Ok(())
    }

    /// Read the next mention into `self` (its buffers are reused); `false` at the end of the file.
    fn read_from(&mut self, input: &mut impl Read) -> std::io::Result<bool> {
        if !spill::read_first_text_into(input, &mut self.doc_id)? {
            return Ok(false);
        }
        for text in [&mut self.text, &mut self.label, &mut self.key, &mut self.entity_id] {
            spill::read_text_into(input, text)?;
        }
        for number in [&mut self.sent_idx, &mut self.start_char, &mut self.end_char] {
            *number = spill::read_u64(input)? as i64;
        }
        Ok(true)
    }
}

/// How to run.
#[derive(Debug, Clone, Copy, Default)]
pub struct RunOptions {
    /// No progress output.
    pub quiet: bool,
    /// Ignore the cache and the manifest: process every document again.
    pub force: bool,
}

/// What a run did.
#[derive(Debug)]
pub enum Outcome {
    /// Nothing changed since the last run; the tables were left as they are.
    UpToDate(Plan),
    Ran(RunReport),
}

/// The result of one document in a batch.
struct Processed {
    result: Result<Document, FailedDocument>,
    /// Whitespace-separated words of the document (counted on the worker).
    words: u64,
    stamp: Option<(Position, Stamp)>,
    reused: bool,
}

pub fn run(settings: &Settings, options: RunOptions) -> Result<Outcome, RunError> {
    let started = Instant::now();
    let config = &settings.config;
    // Nothing is written before the inputs and settings are known to be usable, and a failed
    // run removes the output directory it created: an error (exit 2) leaves no trace.
    let inventory = source::inventory(&config.input, &config.output.dir)?;
    let fingerprints = fingerprints(settings)?;
    let created = !config.output.dir.exists();
    let outcome = run_inventoried(settings, options, &inventory, fingerprints, started);
    if outcome.is_err() && created {
        let _ = std::fs::remove_dir_all(&config.output.dir);
    }
    outcome
}

fn run_inventoried(settings: &Settings, options: RunOptions, inventory: &source::Inventory, fingerprints: Fingerprints, started: Instant) -> Result<Outcome, RunError> {
    let config = &settings.config;
    let output_dir = config.output.dir.clone();
    std::fs::create_dir_all(&output_dir).map_err(|source| RunError::Output { path: output_dir.clone(), source })?;
    let state = Cache::open_locked(&output_dir)?;
    let trace = std::env::var_os("TEXTMILL_TRACE").is_some();
    let mark = |what: &str| {
        if trace {
            eprintln!("trace {:>8.3}s {what}", started.elapsed().as_secs_f64());
        }
    };
    mark("fingerprints");
    // First, so that the tagger loads (on its own thread) while the sources are compared.
    let stages = Stages::build(settings)?;
    mark("stages built");
    let mut progress_lines: Vec<String> = Vec::new();
    let previous = if options.force {
        None
    } else {
        // Read once: the plan compares against it, and unchanged documents are found in it.
        let manifest = state.previous(&config.input.paths);
        let plan = plan::plan_against(settings, &fingerprints, &manifest, true)?;
        if plan.up_to_date {
            return Ok(Outcome::UpToDate(plan));
        }
        match manifest {
            Ok(manifest) => manifest,
            Err(warning) => {
                progress_lines.push(format!("textmill: warning: {warning}"));
                None
            }
        }
    };
    mark("plan");
    let threads = if config.run.threads == 0 { std::thread::available_parallelism().map_or(1, |n| n.get()) } else { config.run.threads };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        // HTML extraction recurses over the element tree; input.max_html_depth bounds the depth.
        .stack_size(64 * 1024 * 1024)
        .build()
        .map_err(|err| RunError::StageSetup { stage: "ingest", message: format!("cannot start {threads} threads: {err}") })?;

    tables::remove_stale_staging(&output_dir);
    let mut writers = TableWriters::create(&config.output)?;
    let spill_path = writers.staging_dir().join("mentions.spill");
    let spill_error = |source| RunError::Output { path: spill_path.clone(), source };
    let mut spill = BufWriter::new(std::fs::File::create(&spill_path).map_err(spill_error)?);

    // The inputs were counted first, which gives the progress a total (JSONL lines are counted
    // here, only when there is progress to show and work to do).
    let mut progress = Progress::new((!options.quiet).then(|| inventory.units()), options.quiet);
    for line in progress_lines {
        progress.println(&line);
    }

    let timings = StageTimings::default();
    let mut catalog = Catalog::new(Some(writers.staging_dir()), CATALOG_BUDGET_BYTES);
    let mut failed: Vec<FailedDocument> = Vec::new();
    let mut documents_ok = 0u64;
    let mut documents_reused = 0u64;
    let mut words = 0u64;
    // Stamps go to the new manifest as documents finish, in input order (not held in memory).
    let header = manifest::Header::new(&fingerprints, plan::table_settings(&config.output), &config.input.paths);
    let mut manifest_writer = state.manifest_writer(&header)?;
    // Dataset parts are named by a hash of everything their rows depend on, from this seed on.
    let dataset = config.output.layout == Layout::Dataset;
    let part_seed = format!("{:?} {}", fingerprints.stages, header.table_format);
    // Each dataset part of the per-document tables, and how many mentions its documents have.
    let mut document_parts: Vec<(String, u64)> = Vec::new();
    // Two JSONL records can carry the same id, and two input roots the same relative path: the
    // first keeps the doc_id, the others are errors.
    let mut seen_ids = SeenIds::new(config.input.paths.len() > 1);
    let warnings = std::sync::Mutex::new(Vec::<String>::new());
    let warn = |message: String| warnings.lock().unwrap_or_else(|e| e.into_inner()).push(message);
    let context = DocumentContext { settings, stages: &stages, state: &state, has_previous: previous.is_some(), fingerprints: &fingerprints, timings: &timings, warn: &warn };

    // The workers process batch n+1 while this thread writes batch n (at most two in memory).
    std::thread::scope(|scope| -> Result<(), RunError> {
    let (sender, receiver) = std::sync::mpsc::sync_channel::<Vec<Processed>>(1);
    let context = &context;
    let pool = &pool;
    let producer = scope.spawn(move || -> Result<(), RunError> {
        let files = source::discover(&config.input, &config.output.dir)?;
        let mut units = source::pending_units(files, &config.input).peekable();
        // Each unit gets its stamp from the last run here, in one pass over the old manifest.
        let mut previous_units = previous.as_ref().map(Previous::units);
        while units.peek().is_some() {
            let mut batch: Vec<(Pending, Option<Stamp>)> = Vec::new();
            let mut bytes = 0;
            while batch.len() < config.run.batch_documents && bytes < config.run.batch_bytes {
                let Some(mut unit) = units.next() else { break };
                bytes += unit.size_hint();
                let old = previous_units.as_mut().and_then(|matcher| matcher.take(&unit.position()));
                batch.push((unit, old));
            }
            let results: Vec<Processed> = pool.install(|| batch.into_par_iter().map(|(pending, old)| context.process(pending, old)).collect());
            if sender.send(results).is_err() {
                break; // the writer stopped on an error
            }
        }
        Ok(())
    });
    // A thread of its own writes the tables, so that encoding batch n overlaps building the
    // rows of batch n+1.
    let (table_sender, table_receiver) = std::sync::mpsc::sync_channel::<(Option<String>, Vec<Rows>)>(1);
    let writers = &mut writers;
    let table_writer = scope.spawn(move || -> Result<(), RunError> {
        for (part, batch) in table_receiver {
            writers.append(part.as_deref(), batch)?;
        }
        Ok(())
    });
    let mut part = PartRows::new(&part_seed);
    let mut batches_written = 0u64;
    'batches: for results in receiver {
        for message in std::mem::take(&mut *warnings.lock().unwrap_or_else(|e| e.into_inner())) {
            progress.println(&format!("textmill: warning: {message}"));
        }
        let mut batch_words = 0;
        let batch_size = results.len() as u64;
        for Processed { result, stamp, reused, words: doc_words } in results {
            let mut result = result;
            if let Some((position, mut stamp)) = stamp {
                if let Ok(doc) = &result {
                    if let Some(message) = seen_ids.repeated(&doc.origin.doc_id, &position, &config.input.paths) {
                        // Recorded as a failed unit, so that `status` and reruns see it as known.
                        let doc_id = if position.line == 0 { doc.origin.doc_id.clone() } else { position.unit_id() };
                        stamp.doc_id.clone_from(&doc_id);
                        stamp.failed = true;
                        result = Err(FailedDocument { doc_id, source: doc.origin.source.clone(), stage: "ingest".into(), message });
                    }
                }
                manifest_writer.add(&position, &stamp)?;
            }
            let ends_part = match result {
                Ok(doc) => {
                    documents_ok += 1;
                    documents_reused += u64::from(reused);
                    batch_words += doc_words;
                    catalog.add_document(&doc).map_err(spill_error)?;
                    part.add_document(&doc, &mut spill).map_err(spill_error)?;
                    dataset && ends_dataset_part(&doc.origin.doc_id)
                }
                Err(failure) => {
                    progress.println(&format!("textmill: {}: {} failed: {}", failure.source, failure.stage, failure.message));
                    part.add_failure(&failure);
                    let ends_part = dataset && ends_dataset_part(&failure.doc_id);
                    failed.push(failure);
                    ends_part
                }
            };
            if ends_part {
                let (name, mentions, rows) = part.take(&part_seed);
                document_parts.push((name.clone(), mentions));
                if table_sender.send((Some(name), rows)).is_err() {
                    break 'batches; // the table writer stopped on an error, returned below
                }
            }
        }
        if !dataset && table_sender.send((None, part.take(&part_seed).2)).is_err() {
            break; // the table writer stopped on an error, returned below
        }
        words += batch_words;
        progress.advance(batch_size, batch_words);
        batches_written += 1;
        if batches_written % 32 == 0 {
            mark(&format!("{batches_written} batches"));
        }
    }
    if dataset && !part.is_empty() {
        let (name, mentions, rows) = part.take(&part_seed);
        document_parts.push((name.clone(), mentions));
        let _ = table_sender.send((Some(name), rows)); // an error is returned below
    }
    drop(table_sender);
    table_writer.join().map_err(|_| RunError::StageSetup { stage: "tables", message: "the table writer panicked".into() })??;
    producer.join().map_err(|_| RunError::StageSetup { stage: "ingest", message: "a worker panicked".into() })??;
    Ok(())
    })?;

    // Aggregate: the corpus-wide decisions, then the mentions with their final ids.
    if let Some(err) = stages.tagger_error() {
        return Err(err);
    }
    // Every entry of this run is stored by now: the entries of documents it did not list go,
    // on a thread of their own while the tables are finished.
    let sweeping = state.sweep_except(manifest_writer.take_listed_entries());
    // The per-document tables are complete: their files are synced while the mentions are.
    for table in [Table::Documents, Table::Sentences, Table::Errors] {
        writers.finish(table)?;
    }
    mark("all batches written");
    progress.set_stage("aggregating entities");
    let aggregate_started = Instant::now();
    spill.flush().map_err(spill_error)?;
    drop(spill);
    let resolution = catalog.resolve(config.aggregate.enabled && config.aggregate.link_short_names).map_err(spill_error)?;
    mark("entities resolved");
    let mut reader = BufReader::new(std::fs::File::open(&spill_path).map_err(spill_error)?);
    let mut entity_rows = resolution.entities().map_err(spill_error)?;
    let mut spilled = SpilledMention::default();
    // Chunks of both tables are written side by side; small row groups keep this pass's memory
    // flat however many mentions and entities there are (and few enough row groups keep the
    // Parquet metadata held until the footer small). As in the batches, a thread of its own
    // encodes chunk n while this one builds chunk n+1.
    std::thread::scope(|scope| -> Result<(), RunError> {
    let (chunk_sender, chunk_receiver) = std::sync::mpsc::sync_channel::<(Option<String>, Vec<Rows>)>(1);
    let writers = &mut writers;
    let chunk_writer = scope.spawn(move || -> Result<(), RunError> {
        for (part, chunk) in chunk_receiver {
            writers.append(part.as_deref(), chunk)?;
        }
        Ok(())
    });
    let mut mention_parts = document_parts.into_iter();
    'chunks: loop {
        // A chunk of each table: in the files layout 8,192 rows; in the dataset layout the
        // mentions of one part of the documents (named by that part and their entity ids) and
        // 8,192 entities (named by their rows).
        let (mut mentions_name, limit) = match (dataset, mention_parts.next()) {
            (false, _) => (None, 8_192),
            (true, Some((name, count))) => (Some(part_name_hasher(&name)), count as usize),
            (true, None) => (None, 0),
        };
        let more_parts = mentions_name.is_some();
        let mut mentions = Rows::new(Table::Mentions);
        while mentions.len() < limit && spilled.read_from(&mut reader).map_err(spill_error)? {
            let linked_id;
            let entity_id = match resolution.final_key(&spilled.key) {
                linked if linked != spilled.key => {
                    linked_id = crate::stages::aggregate::entity_id(linked);
                    &linked_id
                }
                _ => &spilled.entity_id,
            };
            if let Some(name) = &mut mentions_name {
                hash_fields(name, [entity_id.as_str()]);
            }
            mentions.push([
                Value::Text(&spilled.doc_id),
                Value::Integer(spilled.sent_idx),
                Value::Integer(spilled.start_char),
                Value::Integer(spilled.end_char),
                Value::Text(&spilled.text),
                Value::Text(&spilled.label),
                Value::Text(entity_id),
            ]);
        }
        let mut entities = Rows::new(Table::Entities);
        let mut entities_name = dataset.then(|| part_name_hasher(&part_seed));
        while entities.len() < 8_192 {
            let Some(entity) = entity_rows.next().transpose().map_err(spill_error)? else { break };
            if let Some(name) = &mut entities_name {
                let counts = [entity.n_mentions.to_string(), entity.n_docs.to_string()];
                hash_fields(name, [&entity.entity_id, &entity.label, &entity.canonical, &counts[0], &counts[1]].map(String::as_str));
            }
            entities.push([
                Value::Text(&entity.entity_id),
                Value::Text(&entity.label),
                Value::Text(&entity.canonical),
                Value::Integer(entity.n_mentions as i64),
                Value::Integer(entity.n_docs as i64),
            ]);
        }
        if mentions.is_empty() && entities.is_empty() && !more_parts {
            break;
        }
        let chunks = if dataset {
            vec![(mentions_name.map(part_name), vec![mentions]), (entities_name.map(part_name), vec![entities])]
        } else {
            vec![(None, vec![mentions, entities])]
        };
        for chunk in chunks {
            if chunk_sender.send(chunk).is_err() {
                break 'chunks; // the writer stopped on an error, returned below
            }
        }
    }
    drop(chunk_sender);
    chunk_writer.join().map_err(|_| RunError::StageSetup { stage: "tables", message: "the table writer panicked".into() })?
    })?;
    drop(reader);
    let _ = std::fs::remove_file(&spill_path);
    timings.add(Stage::Aggregate, aggregate_started);

    let rows = Table::ALL.iter().map(|t| (t.name().to_string(), writers.rows_written(*t) as u64)).collect();
    let (parts_written, parts_reused) = (writers.parts_written, writers.parts_reused);
    progress.set_stage("writing tables");
    mark("mentions and entities written");
    writers.commit()?;
    mark("tables committed");
    // The manifest describes the tables now in place; the sweep under way must end before the
    // run lock is released.
    manifest_writer.commit()?;
    drop(sweeping);
    mark("manifest written, cache swept");
    progress.finish();

    let seconds_total = started.elapsed().as_secs_f64();
    let report = RunReport {
        textmill_version: env!("CARGO_PKG_VERSION").to_string(),
        config: settings.config_path.clone(),
        output_dir: output_dir.clone(),
        documents_ok,
        documents_reused,
        documents_failed: failed.len() as u64,
        files_skipped_by_extension: inventory.skipped_by_extension,
        rows,
        words,
        seconds_total,
        seconds_per_stage: timings.seconds().into_iter().collect(),
        documents_per_stage: timings.documents().into_iter().collect(),
        words_per_second: words as f64 / seconds_total.max(1e-9),
        threads,
        parts_written,
        parts_reused,
        failed,
    };
    let json = serde_json::to_vec_pretty(&report).map_err(|err| RunError::Output { path: output_dir.clone(), source: std::io::Error::other(err) })?;
    crate::files::write_atomically(&output_dir.join("run_report.json"), &json)?;
    Ok(Outcome::Ran(report))
}

/// Everything a worker needs to turn a pending unit into a document.
struct DocumentContext<'a> {
    settings: &'a Settings,
    stages: &'a Stages,
    state: &'a Cache,
    /// A previous run's manifest exists (so cache entries may be reused).
    has_previous: bool,
    fingerprints: &'a Fingerprints,
    timings: &'a StageTimings,
    warn: &'a (dyn Fn(String) + Sync),
}

impl DocumentContext<'_> {
    /// `old`: the unit's stamp in the last run's manifest.
    fn process(&self, pending: Pending, old: Option<Stamp>) -> Processed {
        let mut processed = self.process_unit(pending, old);
        processed.words = processed.result.as_ref().map_or(0, |doc| crate::document::count_words(&doc.text));
        // The cache entry is named by the document's id, which a JSONL record's id field sets.
        if let Some((_, stamp)) = &mut processed.stamp {
            let doc_id = match &processed.result {
                Ok(doc) => &doc.origin.doc_id,
                Err(failure) => &failure.doc_id,
            };
            stamp.doc_id.clone_from(doc_id);
        }
        processed
    }

    fn process_unit(&self, pending: Pending, old: Option<Stamp>) -> Processed {
        let origin = pending.origin();
        let position = pending.position();
        let path = pending.path().map(Path::to_path_buf);
        let before = pending.stamp();
        // A source that cannot even be stat'ed (dangling link, walk error) is stamped 0/0, so
        // `status` sees it as unchanged until it changes instead of new on every run.
        let stamp = |sha: Option<String>, failed: bool| {
            let (size, mtime_ns) = before.unwrap_or((0, 0));
            let doc_id = origin.doc_id.clone(); // the unit's; `process` puts the document's
            Some((position.clone(), Stamp { doc_id, source: origin.source.clone(), size, mtime_ns, sha256: sha, failed }))
        };
        // Fast path: the source's stamp is the one the last run recorded → its entry, unread.
        if let Some(old) = unchanged_file(&pending, old.as_ref()) {
            if let Some(entry) = self.state.entry(&old.doc_id, old.sha256.as_deref(), self.warn) {
                if let Some((doc, reused)) = self.resume(entry) {
                    let sha = doc.as_ref().ok().map(|d| d.content_sha256.clone());
                    return Processed { stamp: stamp(sha, doc.is_err()), result: doc, reused, words: 0 };
                }
            }
        }
        let load_started = Instant::now();
        let loaded = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            injected_panic(Stage::Ingest, &origin.doc_id);
            source::load(pending, &self.settings.config.input)
        }))
        .unwrap_or_else(|payload| Err((origin.clone(), panic_error(Stage::Ingest, payload))));
        self.timings.add_document(Stage::Ingest, load_started);
        let mut doc = match loaded {
            Ok(doc) => doc,
            Err((origin, err)) => return Processed { result: Err(failure(&origin, "ingest", &err)), stamp: stamp(None, true), reused: false, words: 0 },
        };
        // A file rewritten while it was read gives a mix of two versions: retry next run.
        if path.is_some() && path.as_deref().and_then(crate::files::file_stamp) != before {
            let err = DocumentError::Unreadable("the file changed while it was being read; it will be read again on the next run".into());
            return Processed { result: Err(failure(&doc.origin, "ingest", &err)), stamp: stamp(None, true), reused: false, words: 0 };
        }
        let sha = doc.content_sha256.clone();
        if self.has_previous {
            if let Some(entry) = self.state.entry(&doc.origin.doc_id, Some(&sha), self.warn).filter(|entry| entry.has_source_of(&doc)) {
                if let Some((doc, reused)) = self.resume(entry) {
                    let failed = doc.is_err();
                    return Processed { result: doc, stamp: stamp(Some(sha), failed), reused, words: 0 };
                }
            }
        }
        let result = self.stages.process_from(&mut doc, Stage::Clean, self.timings).map_err(|err| failure(&doc.origin, stage_of(&err), &err));
        if result.is_ok() {
            if let Err(err) = self.state.store(&Entry::from_document(&doc, self.fingerprints)) {
                (self.warn)(format!("cannot write the cache: {err}"));
            }
        }
        let failed = result.is_err();
        Processed { result: result.map(|_| doc), stamp: stamp(Some(sha), failed), reused: false, words: 0 }
    }

    /// Continue a cached document from its first stale stage; `None` when nothing is reusable.
    fn resume(&self, entry: Entry) -> Option<(Result<Document, FailedDocument>, bool)> {
        let (first_stale, mut doc) = entry.restore(self.fingerprints);
        let first_stale = match first_stale {
            None => return Some((Ok(doc), true)),
            // Ingest settings or the program changed: read the source again.
            Some(Stage::Clean) => return None,
            Some(stage) => stage,
        };
        let result = self.stages.process_from(&mut doc, first_stale, self.timings).map_err(|err| failure(&doc.origin, stage_of(&err), &err));
        if result.is_ok() {
            if let Err(err) = self.state.store(&Entry::from_document(&doc, self.fingerprints)) {
                (self.warn)(format!("cannot write the cache: {err}"));
            }
        }
        Some((result.map(|_| doc), false))
    }
}

/// The doc_ids that could repeat in a run, each with where it was first seen (input root,
/// JSONL line): a JSONL record's id field, or any doc_id when there are several input roots. A
/// single root's file paths cannot repeat, so they are not held.
struct SeenIds {
    several_roots: bool,
    first: std::collections::HashMap<[u8; 16], (usize, usize)>,
}

impl SeenIds {
    fn new(several_roots: bool) -> SeenIds {
        SeenIds { several_roots, first: Default::default() }
    }

    /// Why the document at `position` cannot have `doc_id`, when an earlier unit has it.
    fn repeated(&mut self, doc_id: &str, position: &Position, input_paths: &[String]) -> Option<String> {
        if position.line == 0 && !self.several_roots {
            return None;
        }
        let (root, line) = match self.first.entry(manifest::doc_id_hash(doc_id)) {
            std::collections::hash_map::Entry::Vacant(vacant) => {
                vacant.insert((position.root, position.line));
                return None;
            }
            std::collections::hash_map::Entry::Occupied(first) => *first.get(),
        };
        let first = match (root == position.root, line) {
            (true, 0) => "an earlier document".to_string(),
            (true, line) => format!("line {line}"),
            (false, 0) => format!("a file under input root {}", input_paths.get(root).map_or("?", String::as_str)),
            (false, line) => format!("line {line} of a file under input root {}", input_paths.get(root).map_or("?", String::as_str)),
        };
        let this = match position.line {
            0 => "this file".to_string(),
            line => format!("line {line}"),
        };
        Some(format!("duplicate doc_id `{doc_id}`: {this} has the same id as {first}, which is kept"))
    }
}

/// The last run's stamp of `pending` when it is a whole file that size and modification time
/// say is unchanged since, and it did not fail then.
fn unchanged_file(pending: &Pending, old: Option<&Stamp>) -> Option<Stamp> {
    let (Pending::File(_), Some((size, mtime_ns)), Some(old)) = (pending, pending.stamp(), old) else { return None };
    let now = Stamp { doc_id: String::new(), source: pending.origin().source, size, mtime_ns, sha256: None, failed: false };
    (old.same_file(&now) && !old.failed).then(|| old.clone())
}

/// Run one stage on one document with a panic caught: a bug that one document triggers makes
/// that document an `errors` row (exit 1), not the end of the run.
fn catching_panics(stage: Stage, doc: &mut Document, work: impl FnOnce(&mut Document) -> Result<(), DocumentError>) -> Result<(), DocumentError> {
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        injected_panic(stage, &doc.origin.doc_id);
        work(doc)
    }));
    result.unwrap_or_else(|payload| Err(panic_error(stage, payload)))
}

fn panic_error(stage: Stage, payload: Box<dyn std::any::Any + Send>) -> DocumentError {
    let what = payload.downcast_ref::<&str>().map(|s| s.to_string()).or_else(|| payload.downcast_ref::<String>().cloned());
    let message = format!("internal error (a panic, please report it): {}", what.as_deref().unwrap_or("no message"));
    DocumentError::Stage { stage: stage.name(), message }
}

/// The tests' way to make a stage panic: `TEXTMILL_PANIC_IN=<stage>:<doc_id>`.
fn injected_panic(stage: Stage, doc_id: &str) {
    static TARGET: std::sync::OnceLock<Option<(String, String)>> = std::sync::OnceLock::new();
    let target = TARGET.get_or_init(|| {
        let value = std::env::var("TEXTMILL_PANIC_IN").ok()?;
        value.split_once(':').map(|(stage, doc_id)| (stage.to_string(), doc_id.to_string()))
    });
    if let Some((target_stage, target_doc)) = target {
        if target_stage == stage.name() && target_doc == doc_id {
            panic!("injected by TEXTMILL_PANIC_IN");
        }
    }
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

/// Documents per part of the dataset layout, on average: a part ends after a document whose id
/// hashes to a multiple of it, so that parts depend on the documents in them, not on where
/// they sit in the corpus (a new or deleted document changes its own part only).
const DATASET_PART_DOCUMENTS: u64 = 128;

fn ends_dataset_part(doc_id: &str) -> bool {
    let hash = blake3::hash(doc_id.as_bytes());
    u64::from_le_bytes(hash.as_bytes()[..8].try_into().expect("8 bytes")) % DATASET_PART_DOCUMENTS == 0
}

fn part_name_hasher(seed: &str) -> blake3::Hasher {
    let mut hasher = blake3::Hasher::new();
    hash_fields(&mut hasher, [seed]);
    hasher
}

/// Each field with its length, so that no two lists of fields hash alike.
fn hash_fields<'a>(hasher: &mut blake3::Hasher, fields: impl IntoIterator<Item = &'a str>) {
    for field in fields {
        hasher.update(&(field.len() as u64).to_le_bytes());
        hasher.update(field.as_bytes());
    }
}

fn part_name(hasher: blake3::Hasher) -> String {
    hasher.finalize().to_hex()[..32].to_string()
}

/// The per-document tables' rows since the last flush (a batch in the files layout, a part in
/// the dataset layout), with everything they depend on besides the settings hashed into the
/// part's name: each document's id, source, text and metadata, each failure's row.
struct PartRows {
    documents: Rows,
    sentences: Rows,
    errors: Rows,
    name: blake3::Hasher,
    /// Mentions of these documents, spilled until their entity ids are final.
    mentions: u64,
}

impl PartRows {
    fn new(seed: &str) -> PartRows {
        let [documents, sentences, errors] = [Table::Documents, Table::Sentences, Table::Errors].map(Rows::new);
        PartRows { documents, sentences, errors, name: part_name_hasher(seed), mentions: 0 }
    }

    fn add_document(&mut self, doc: &Document, spill: &mut impl Write) -> std::io::Result<()> {
        add_rows(doc, &mut self.documents, &mut self.sentences, spill)?;
        self.mentions += doc.mentions.len() as u64;
        let metadata = [doc.title_text(), doc.published.as_deref(), doc.authors.as_deref()].map(|field| field.unwrap_or("\0"));
        hash_fields(&mut self.name, [doc.origin.doc_id.as_str(), &doc.origin.source, &doc.text].into_iter().chain(metadata));
        Ok(())
    }

    fn add_failure(&mut self, failure: &FailedDocument) {
        let row = [failure.doc_id.as_str(), &failure.source, &failure.stage, &failure.message];
        self.errors.push(row.map(Value::Text));
        hash_fields(&mut self.name, row);
    }

    fn is_empty(&self) -> bool {
        self.documents.is_empty() && self.errors.is_empty()
    }

    /// The part's name, its documents' mention count and its rows; `self` starts a new part.
    fn take(&mut self, seed: &str) -> (String, u64, Vec<Rows>) {
        let part = std::mem::replace(self, PartRows::new(seed));
        (part_name(part.name), part.mentions, vec![part.documents, part.sentences, part.errors])
    }
}

/// The document's rows: one documents row, its sentences, and its mentions (spilled).
fn add_rows(doc: &Document, documents: &mut Rows, sentences: &mut Rows, spill: &mut impl Write) -> std::io::Result<()> {
    let code_points = CodePoints::new(&doc.text);
    let to_char = |byte: usize| code_points.of(byte) as i64;
    documents.push([
        Value::Text(&doc.origin.doc_id),
        Value::Text(&doc.origin.source),
        Value::Text(&doc.content_sha256),
        doc.title_text().map_or(Value::Null, Value::Text),
        Value::Integer(to_char(doc.text.len())),
        Value::Integer(doc.sentences.len() as i64),
        Value::Integer(doc.mentions.len() as i64),
        Value::Text(&doc.text),
        doc.published.as_deref().map_or(Value::Null, Value::Text),
        doc.authors.as_deref().map_or(Value::Null, Value::Text),
    ]);
    for (i, sentence) in doc.sentences.iter().enumerate() {
        sentences.push([
            Value::Text(&doc.origin.doc_id),
            Value::Integer(i as i64),
            Value::Integer(to_char(sentence.span.start)),
            Value::Integer(to_char(sentence.span.end)),
            Value::Text(doc.slice(&sentence.span)),
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
            entity_id: crate::stages::aggregate::entity_id(&mention.entity_key),
        };
        spilled.write_to(spill)?;
    }
    Ok(())
}
