//! The run, as one walk ([`run`]): plan (what is new, changed, deleted or stale) → process (the
//! only place with threads: batches of documents through the per-document stages on a rayon
//! pool, [`worker`]; results recorded in input order, [`record`]; rows appended to the tables as
//! they come) → aggregate (entity ids across the corpus, then mentions and entities) → commit.
//!
//! Memory is bounded by two batches of documents (a dataset part in the dataset layout) plus the
//! entity catalog: rows are appended to the tables batch by batch and mentions are spilled to a
//! temporary file until their final entity ids are known. Output order is the input order,
//! whatever the thread count.

mod merge;
mod record;
mod reused_parts;
mod worker;

pub use merge::merge;

use std::collections::HashMap;
use std::io::BufReader;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::SyncSender;
use std::sync::{Mutex, OnceLock};
use std::time::Instant;

use rayon::prelude::*;
use serde::Serialize;

use crate::cache::Cache;
use crate::config::{CleanConfig, Settings, TagConfig};
use crate::document::Document;
use crate::error::{DocumentError, RunError};
use crate::fingerprint::{self, Fingerprints};
use crate::framing;
use crate::gazetteer::Gazetteer;
use crate::manifest::{Previous, Stamp};
use crate::plan::{self, Plan};
use crate::progress::Progress;
use crate::source::{self, Pending, Position};
use crate::stages::aggregate::Linker;
use crate::stages::clean::metadata::{reading_order, with_date_order, DateOrder};
use crate::stages::clean::model::LineModel;
use crate::stages::clean::Cleaner;
use crate::stages::tag::TagStage;
use crate::stages::{DocumentStage, SegmentStage, Stage};
use crate::tables::{self, Rows, Table, TableWriters, Value};
use record::{PartName, Recorder, SpilledMention, ToWrite};
use reused_parts::ReusedPart;
use worker::{catching_panics, DocumentContext, Processed};

/// The per-document stages, built once before the first document. Clean and tag are built
/// only when there are documents to process (see `build_ahead`): a rerun that finds every
/// document in the cache neither compiles the cleaner's patterns nor loads the network.
pub struct Stages {
    /// How the documents' slashed dates are read (`input.date_order`).
    date_order: DateOrder,
    clean: Option<(CleanConfig, OnceLock<Cleaner>)>,
    segment: SegmentStage,
    tag: Option<(TagConfig, Gazetteer, OnceLock<Result<TagStage, RunError>>)>,
    linker: Linker,
    /// Segmentation and linking run when disabled too (a block a sentence; an entity per
    /// spelling), but a disabled stage processed no document (`documents_per_stage`).
    segment_enabled: bool,
    aggregate_enabled: bool,
}

impl Stages {
    pub fn build(settings: &Settings) -> Result<Stages, RunError> {
        let config = &settings.config;
        let gazetteer = Gazetteer::load(config.resources.gazetteer_dir.as_deref())
            .map_err(|message| RunError::StageSetup { stage: "tag", message })?;
        let linker = Linker::build(&config.aggregate, &gazetteer);
        if config.clean.enabled {
            LineModel::check_override().map_err(|message| RunError::StageSetup { stage: "clean", message })?;
        }
        Ok(Stages {
            date_order: config.input.date_order,
            clean: config.clean.enabled.then(|| (config.clean.clone(), std::sync::OnceLock::new())),
            segment: SegmentStage::new(&config.segment),
            tag: config.tag.enabled.then(|| (config.tag.clone(), gazetteer, OnceLock::new())),
            linker,
            segment_enabled: config.segment.enabled,
            aggregate_enabled: config.aggregate.enabled,
        })
    }

    /// Build clean and tag on the pool's threads, each on its own, without waiting: a document
    /// that needs one first waits for it then. (A rerun of a few changed documents would
    /// otherwise build them one after the other when the first changed document comes.)
    fn build_ahead<'s>(&'s self, scope: &rayon::Scope<'s>) {
        if let Some((config, gazetteer, cell)) = &self.tag {
            scope.spawn(move |_| {
                cell.get_or_init(|| build_tagger(config, gazetteer));
            });
        }
        if let Some((config, cell)) = &self.clean {
            scope.spawn(move |_| {
                cell.get_or_init(|| Cleaner::new(config));
            });
        }
    }

    /// Run the per-document stages from `first` (`Aggregate`: only its per-document linking)
    /// to the end, timing each.
    fn process_from(&self, doc: &mut Document, first: Stage, timings: &StageTimings) -> Result<(), DocumentError> {
        let tag = match (&self.tag, first <= Stage::Tag) {
            (Some((config, gazetteer, cell)), true) => match cell.get_or_init(|| build_tagger(config, gazetteer)) {
                Ok(tag) => Some(tag),
                // Reported as a run error by `tagger_error`; the document fails meanwhile.
                Err(err) => return Err(DocumentError::Stage { stage: Stage::Tag.name(), message: err.to_string() }),
            },
            _ => None,
        };
        let run = |doc: &mut Document, stage: &dyn DocumentStage| -> Result<(), DocumentError> {
            let started = Instant::now();
            catching_panics(stage.stage(), doc, |doc| stage.process(doc))?;
            timings.add_run(stage.stage(), started, stage.stage() != Stage::Segment || self.segment_enabled);
            Ok(())
        };
        // The stages read Markdown with its syntax blanked: a link's target is not a URL on the
        // line to the line model, nor a word to the tagger.
        let clean = self.clean.as_ref().filter(|_| first <= Stage::Clean).map(|(config, cell)| cell.get_or_init(|| Cleaner::new(config)) as &dyn DocumentStage);
        let segment = Some(&self.segment as &dyn DocumentStage).filter(|_| first <= Stage::Segment);
        let stages = [clean, segment, tag.map(|tag| tag as &dyn DocumentStage)];
        crate::document::with_lf_line_ends(doc, |doc| {
            with_date_order(reading_order(self.date_order, &doc.text), || {
                crate::markdown::with_masked_syntax(doc, |doc| stages.into_iter().flatten().try_for_each(|stage| run(doc, stage)))
            })?;
            let started = Instant::now();
            catching_panics(Stage::Aggregate, doc, |doc| {
                self.linker.link_document(doc);
                Ok(())
            })?;
            timings.add_run(Stage::Aggregate, started, self.aggregate_enabled);
            Ok(())
        })
    }
}

impl Stages {
    /// Every per-document stage on `doc`, from clean on (`textmill stream`'s way in).
    pub fn process(&self, doc: &mut Document) -> Result<(), DocumentError> {
        self.process_from(doc, Stage::Clean, &StageTimings::default())
    }

    /// A tagger that could not be built stops the run (exit 2), like any setup error.
    pub fn tagger_error(&self) -> Option<RunError> {
        let built = self.tag.as_ref()?.2.get()?;
        built.as_ref().err().map(|err| RunError::StageSetup { stage: "tag", message: err.to_string() })
    }
}

fn build_tagger(config: &TagConfig, gazetteer: &Gazetteer) -> Result<TagStage, RunError> {
    let started = Instant::now();
    let built = TagStage::build(config, gazetteer);
    Trace(started).mark("tagger built");
    built
}

/// The name under which a run's manifest keeps the settings that choose which files are read.
pub const SELECTION: &str = "input_selection";

/// The fingerprint of every per-document stage for these settings (see [`cache`]).
pub fn fingerprints(settings: &Settings) -> Result<Fingerprints, RunError> {
    let config = &settings.config;
    let gazetteer = Gazetteer::load(config.resources.gazetteer_dir.as_deref())
        .map_err(|message| RunError::StageSetup { stage: "tag", message })?;
    let json = |value: &dyn erased::Json| value.to_json();
    // The ingest settings every stage reads through the first; kept apart in the manifest too,
    // so that `status` can name one that changed.
    let input_settings = serde_json::json!({"jsonl": config.input.jsonl, "max_document_bytes": config.input.max_document_bytes, "max_html_depth": config.input.max_html_depth, "date_order": config.input.date_order});
    let inputs = input_settings.to_string();
    let tag_resources = if config.tag.enabled { TagStage::resource_fingerprint(&config.tag, &gazetteer)? } else { String::new() };
    let aggregate_resources = format!(
        "{} {}",
        if config.aggregate.gazetteer_aliases { gazetteer.fingerprint() } else { "" },
        crate::stages::aggregate::UserLinks::fingerprint(&config.aggregate)
    );
    let stages = [
        (json(&config.clean), String::new()),
        (json(&config.segment), String::new()),
        (json(&config.tag), tag_resources),
        (json(&config.aggregate), aggregate_resources),
    ];
    let portable = Fingerprints::chain(&format!("{} {inputs}", fingerprint::version_fingerprint()), stages.clone());
    let mut fingerprints = Fingerprints::chain(&format!("{} {inputs}", fingerprint::program_fingerprint()), stages);
    fingerprints.portable = portable.get(Stage::Aggregate).to_string();
    fingerprints.configs.insert("input".to_string(), input_settings);
    // Which files are documents: no document's rows depend on it (a changed list adds or drops
    // documents, which a rerun sees), but parts of one merge must agree on it.
    let selection = serde_json::json!({
        "extensions": config.input.extensions,
        "include_hidden": config.input.include_hidden,
        "follow_symlinks": config.input.follow_symlinks,
        "allow_links_outside_root": config.input.allow_links_outside_root,
    });
    fingerprints.configs.insert(SELECTION.to_string(), selection);
    Ok(fingerprints)
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

    /// [`StageTimings::add_document`] when the stage is `enabled`, else its time only (a
    /// disabled stage that still passes the document on processed none).
    fn add_run(&self, stage: Stage, started: Instant, enabled: bool) {
        match enabled {
            true => self.add_document(stage, started),
            false => self.add(stage, started),
        }
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
    /// Of `documents_failed`, those that failed as in the last run, their sources unchanged
    /// and not read again (their errors said then).
    pub documents_failed_unchanged: u64,
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
    /// Documents by language (ISO 639-3; `und`: not told), as `documents.language` has them.
    pub documents_per_language: std::collections::BTreeMap<String, u64>,
    pub words_per_second: f64,
    pub threads: usize,
    /// Dataset layout: part files encoded by this run, and parts linked unchanged from the
    /// last run's tables.
    pub parts_written: u64,
    pub parts_reused: u64,
    pub failed: Vec<FailedDocument>,
    /// The first few files counted in `files_skipped_by_extension`.
    pub files_skipped_examples: Vec<String>,
}

/// How to run.
#[derive(Debug, Clone, Copy, Default)]
pub struct RunOptions {
    /// No progress output.
    pub quiet: bool,
    /// Ignore the cache and the manifest: process every document again.
    pub force: bool,
    /// Inputs that hold no file after a run that had documents empty the tables (else refused).
    pub allow_empty: bool,
}

/// What a run did.
#[derive(Debug)]
pub enum Outcome {
    /// Nothing changed since the last run; the tables were left as they are.
    UpToDate(Plan),
    Ran(RunReport),
}

pub fn run(settings: &Settings, options: RunOptions) -> Result<Outcome, RunError> {
    let started = Instant::now();
    let config = &settings.config;
    // Nothing is written before the inputs and settings are known to be usable, and a failed
    // run removes the output directory it created: an error (exit 2) leaves no trace.
    // No input file, or a glob that matches none, is a mistake on a first run; after one, the
    // sources were deleted, and their rows leave the tables as `status` says they will.
    // (An earlier run over other inputs does not count: a mistyped glob must not empty its tables.)
    let after_a_run = || {
        let previous = crate::manifest::open(&Cache::state_dir(&config.output.dir), &config.input.paths);
        matches!(previous, Ok(Some(previous)) if crate::manifest::same_inputs(&previous.header.input_paths, &config.input.paths))
    };
    let inventory = source::inventory(&config.input, &config.output.dir)?.mistake(&config.input, after_a_run)?;
    if !options.allow_empty && crate::plan::inputs_emptied(&config.input, &config.output.dir, Some(&inventory)) {
        return Err(source::emptied_inputs(&config.input));
    }
    tables::refuse_foreign_tables(&config.output.dir, &Cache::state_dir(&config.output.dir))?;
    let fingerprints = fingerprints(settings)?;
    // (A link, even a broken one, is the user's: never removed.)
    let created = std::fs::symlink_metadata(&config.output.dir).is_err();
    let outcome = run_inventoried(settings, options, &inventory, fingerprints, Trace(started));
    if outcome.is_err() && created {
        let _ = std::fs::remove_dir_all(&config.output.dir);
    }
    outcome
}

/// The run, step by step: plan → process (the documents, in parallel; their rows are written
/// as they come) → aggregate (entity ids across the corpus; mentions and entities written) →
/// commit (tables, then the manifest).
fn run_inventoried(settings: &Settings, options: RunOptions, inventory: &source::Inventory, fingerprints: Fingerprints, trace: Trace) -> Result<Outcome, RunError> {
    let config = &settings.config;
    let output_dir = &config.output.dir;
    std::fs::create_dir_all(output_dir).map_err(|source| RunError::Output { path: output_dir.clone(), source })?;
    let state = Cache::open_locked(output_dir)?;
    // (Under the lock: a staging directory found now is a killed run's, even when this one
    // finds the tables up to date.)
    tables::remove_stale_staging(output_dir);

    // Plan: what is new, changed, deleted or stale since the last run.
    let (previous, manifest_warning, plan_has_work, sources_stable) = if options.force {
        (None, None, true, false)
    } else {
        // Read once: the plan compares against it, and unchanged documents are found in it.
        let manifest = state.previous(&config.input.paths);
        let plan = plan::plan_against(settings, &fingerprints, &manifest, true)?;
        // Touched sources (see `Plan::touched`) are not up to date: the run below records their
        // times, their documents all from the cache.
        if plan.up_to_date {
            tables::restamp_tables(output_dir, &Cache::state_dir(output_dir), &config.output);
            return Ok(Outcome::UpToDate(plan));
        }
        let has_work = !(plan.new.is_empty() && plan.changed.is_empty() && plan.stale_stages.is_empty());
        let stable = plan.changed.is_empty() && plan.deleted.is_empty();
        match manifest {
            Ok(manifest) => (manifest, None, has_work, stable),
            Err(warning) => (None, Some(warning), has_work, false),
        }
    };
    // The last run read its sources as this one does (same program and ingest settings, same
    // shard): its records of an unchanged JSONL file, and its failures for what a source holds,
    // stand unread. A document dropped for an earlier one's id stays dropped while no source
    // changed or went and the roots are the same, in the same order.
    let same_reading = previous.as_ref().is_some_and(|previous| {
        let header = &previous.header;
        header.fingerprints.get(Stage::Clean) == fingerprints.get(Stage::Clean) && header.shard == config.input.shard.map(|shard| shard.to_string())
    });
    let same_roots = previous.as_ref().is_some_and(|previous| previous.header.input_paths == crate::manifest::absolute_paths(&config.input.paths));
    let replay = crate::manifest::Replay { failures: same_reading, duplicates: same_reading && sources_stable && same_roots };
    // Documents to process (not only touched files, whose documents come from the cache): the
    // stages are built while the first batches are read from the cache.
    let work_ahead = previous.is_none() || plan_has_work;
    trace.mark("plan");
    // The inputs were counted first, which gives the progress a total.
    let mut progress = Progress::new((!options.quiet).then(|| inventory.units()), options.quiet);
    if let Some(warning) = manifest_warning {
        progress.println(&format!("textmill: warning: {warning}"));
    }

    // Process every document; the per-document tables are complete after it.
    let stages = Stages::build(settings)?;
    let timings = StageTimings::default();
    let threads = config.run.worker_threads();
    let pool = worker_pool(threads)?;
    let warnings = Warnings::default();
    let context = DocumentContext { settings, stages: &stages, state: &state, use_cache: !options.force, fingerprints: &fingerprints, timings: &timings, warnings: &warnings, replay };
    // Dataset layout: the last run's parts whose documents are all files unchanged since are
    // taken whole (see `reused_parts`). (Not with several input roots, whose files' ids can
    // repeat, nor in a shard, whose other shards' units end no part.)
    let part_matcher = (config.output.layout == crate::config::Layout::Dataset && !options.force && config.input.paths.len() == 1 && config.input.shard.is_none())
        .then(|| reused_parts::Matcher::open(&Cache::state_dir(output_dir), output_dir, config.output.format, &record::part_seed(&fingerprints, &plan::table_settings(&config.output))))
        .flatten();
    // The sources, walked in input order, in batches through the pool.
    let produce = |batches: SyncSender<Batch>| -> Result<(), RunError> { pool.in_place_scope(|scope| {
        if work_ahead {
            stages.build_ahead(scope);
        }
        let files = source::discover(&config.input, &config.output.dir)?;
        // Each unit gets its stamp from the last run here, in one pass over the old manifest.
        // (Shared by the walk, which takes a JSONL file's records at once, and the batches.)
        let previous_units = std::cell::RefCell::new(previous.as_ref().map(Previous::units));
        // A JSONL or JSON file as it was at the last run gives its records as that run recorded
        // them, unread (see `same_reading`).
        let mut units = files
            .flat_map(|found| -> Box<dyn Iterator<Item = (Pending, Option<Stamp>)> + '_> {
                match found {
                    Ok(file) if file.kind.holds_records() && same_reading && context.use_cache => {
                        let old = previous_units.borrow_mut().as_mut().map(|matcher| matcher.take_source(&Position::of_source(&file))).unwrap_or_default();
                        if let Some(recorded) = worker::recorded_units(&file, &old, &state, replay) {
                            return Box::new(recorded.into_iter().map(|unit| (unit, None)));
                        }
                        let mut by_line: HashMap<usize, Stamp> = old.into_iter().map(|record| (record.position.line, record.stamp)).collect();
                        Box::new(source::pending_units(std::iter::once(Ok(file)), &config.input).map(move |unit| {
                            let old = by_line.remove(&unit.position().line);
                            (unit, old)
                        }))
                    }
                    found => Box::new(source::pending_units(std::iter::once(found), &config.input).map(|unit| (unit, None))),
                }
            });
        // Units read ahead for a part of the last run that could not be taken whole.
        let mut ahead = std::collections::VecDeque::new();
        // Whether the next unit starts a part, as far as the ids before it tell.
        let mut part_starts = true;
        loop {
            let mut batch: Vec<(Pending, Option<Stamp>)> = Vec::new();
            let mut bytes = 0;
            let mut reused = None;
            while batch.len() < config.run.batch_documents && bytes < config.run.batch_bytes {
                let Some(mut unit) = ahead.pop_front().or_else(|| units.next()) else { break };
                if let Some(matcher) = part_matcher.as_ref().filter(|_| part_starts) {
                    match matcher.take_part(unit, &mut ahead, &mut units) {
                        Ok(part) => {
                            reused = Some(part);
                            break;
                        }
                        Err(back) => unit = back,
                    }
                }
                let (mut unit, old) = unit;
                part_starts = part_matcher.is_some() && reused_parts::plain_file(&unit).is_some_and(|doc_id| record::ends_dataset_part(&doc_id, 0));
                bytes += unit.size_hint();
                let old = old.or_else(|| previous_units.borrow_mut().as_mut().and_then(|matcher| matcher.take(&unit.position())));
                batch.push((unit, old));
            }
            if batch.is_empty() && reused.is_none() {
                break;
            }
            if !batch.is_empty() {
                let results: Vec<Processed> = pool.install(|| batch.into_par_iter().map(|(pending, old)| context.process(pending, old)).collect());
                if batches.send(Batch::Documents(results)).is_err() {
                    break; // the recorder stopped on an error
                }
            }
            if let Some(part) = reused {
                part_starts = true;
                if batches.send(Batch::Part(part)).is_err() {
                    break;
                }
            }
        }
        stages.tagger_error().map_or(Ok(()), Err)
    })};
    let run = Run { settings, state: &state, fingerprints: &fingerprints, timings: &timings, warnings: &warnings, threads, trace };
    let report = run.write_tables(produce, &mut progress, (inventory.skipped_by_extension, &inventory.skipped_examples))?;
    Ok(Outcome::Ran(report))
}

/// Warnings from the worker threads, each said once. One said of a file's records ("its first
/// record has no field ...") is said of the first file that shows it, and the other files alike
/// are counted at the end of the run: a crawl's 10,000 articles would say it 10,000 times.
#[derive(Default)]
pub(crate) struct Warnings {
    pending: Mutex<Vec<String>>,
    /// A file's warning → the first file that showed it and how many more did.
    files_alike: Mutex<HashMap<String, (String, usize)>>,
}

impl Warnings {
    /// (Once: a damaged cache entry is read twice, by its stamp and then by its content.)
    pub(crate) fn warn(&self, message: String) {
        let mut pending = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        if !pending.contains(&message) {
            pending.push(message);
        }
    }

    pub(crate) fn warn_of_file(&self, file: &str, message: String) {
        let mut alike = self.files_alike.lock().unwrap_or_else(|e| e.into_inner());
        match alike.get_mut(&message) {
            Some((_, more)) => *more += 1,
            None => {
                self.warn(format!("{file}: {message}"));
                alike.insert(message, (file.to_string(), 0));
            }
        }
    }

    /// The warnings not printed yet.
    fn take(&self) -> Vec<String> {
        std::mem::take(&mut *self.pending.lock().unwrap_or_else(|e| e.into_inner()))
    }

    /// How many more files showed each file's warning, in the order of their first file.
    fn files_alike(&self) -> Vec<String> {
        let alike = self.files_alike.lock().unwrap_or_else(|e| e.into_inner());
        let mut counted: Vec<(&String, &String, usize)> = alike.iter().filter(|(_, (_, more))| *more > 0).map(|(message, (first, more))| (first, message, *more)).collect();
        counted.sort();
        counted.into_iter().map(|(first, _, more)| format!("{more} more file{} as {first} (the warning above, said once)", if more == 1 { "" } else { "s" })).collect()
    }
}

/// What writing a run's tables needs besides the documents.
struct Run<'a> {
    settings: &'a Settings,
    state: &'a Cache,
    fingerprints: &'a Fingerprints,
    timings: &'a StageTimings,
    /// Warnings from the worker threads, printed between batches.
    warnings: &'a Warnings,
    threads: usize,
    trace: Trace,
}

impl Run<'_> {
    /// The documents `produce` sends, in input order, recorded into the tables → aggregate →
    /// commit (tables, `run_report.json`, then the manifest that describes them).
    fn write_tables(
        &self,
        produce: impl FnOnce(SyncSender<Batch>) -> Result<(), RunError> + Send,
        progress: &mut Progress,
        (files_skipped_by_extension, skipped_examples): (u64, &[String]),
    ) -> Result<RunReport, RunError> {
        let (config, trace) = (&self.settings.config, &self.trace);
        let output_dir = &config.output.dir;
        let mut writers = TableWriters::create(&config.output)?;
        writers.reuse_only_as_left(tables::recorded_stamps(&Cache::state_dir(output_dir)));
        let mut recorder = Recorder::create(self.settings, self.state, self.fingerprints, writers.staging_dir())?;
        process(produce, &mut writers, &mut recorder, progress, self.warnings, trace)?;
        for table in [Table::Documents, Table::Sentences, Table::Errors] {
            writers.finish(table)?;
        }
        trace.mark("all batches written");

        // Aggregate: the corpus-wide entity decisions, then the mentions with their final ids.
        progress.set_stage("aggregating entities");
        let aggregate_started = Instant::now();
        aggregate(config, &mut writers, &mut recorder)?;
        self.timings.add(Stage::Aggregate, aggregate_started);
        trace.mark("mentions and entities written");

        // Commit: the tables, the report, then the manifest that describes them; the cache keeps the
        // entries of the documents this run listed.
        progress.set_stage("writing tables");
        let rows = Table::ALL.iter().map(|t| (t.name().to_string(), writers.rows_written(*t) as u64)).collect();
        let (parts_written, parts_reused) = (writers.parts_written, writers.parts_reused);
        // Until the manifest is written, the tables may be half this run's (a kill between two
        // renames): `status` and the next run see this mark and write them again.
        // (Marked once the tables are whole in the staging directory: a run that fails before,
        // on a full disk, leaves the last run's tables as they were, and says nothing of renames.)
        writers.finish_all()?;
        let committing = Cache::state_dir(output_dir).join(crate::plan::COMMITTING);
        let _commit = tables::commit_under_way();
        std::fs::write(&committing, b"").map_err(|source| RunError::Output { path: committing.clone(), source })?;
        writers.commit()?;
        // (A table edited or damaged later is then seen and written again.)
        let state_dir = Cache::state_dir(output_dir);
        tables::record_table_stamps(output_dir, &state_dir, &config.output, tables::recorded_stamps(&state_dir).as_ref())?;
        let Recorder { mut manifest, tally, part_index, part_seed, .. } = recorder;
        reused_parts::commit(&state_dir, &part_seed, part_index);
        // (Said: a folder of mixed languages is common, and their documents' mentions are gone.)
        let tag = &config.tag;
        let untagged: Vec<String> = tally.languages.iter().filter(|(language, _)| tag.enabled && language.as_str() != "und" && !tag.tags(Some(language))).map(|(language, n)| format!("{language} {n}")).collect();
        if !untagged.is_empty() {
            progress.println(&format!(
                "textmill: note: documents in languages the tagger does not read ({}) have no mentions (documents.language; tag.languages = [] tags them too)",
                untagged.join(", ")
            ));
        }
        self.state.sweep_except(&manifest.take_listed_entries());

        let seconds_total = trace.0.elapsed().as_secs_f64();
        let report = RunReport {
            textmill_version: env!("CARGO_PKG_VERSION").to_string(),
            config: self.settings.config_path.clone(),
            output_dir: output_dir.clone(),
            documents_ok: tally.documents_ok,
            documents_reused: tally.documents_reused,
            documents_failed: tally.failed.len() as u64,
            documents_failed_unchanged: tally.failed_unchanged,
            files_skipped_by_extension,
            rows,
            words: tally.words,
            seconds_total,
            seconds_per_stage: self.timings.seconds().into_iter().collect(),
            documents_per_stage: self.timings.documents().into_iter().collect(),
            documents_per_language: tally.languages,
            // (Of the words processed: a rerun's cached documents would make it any figure.)
            words_per_second: tally.words_processed as f64 / seconds_total.max(1e-9),
            threads: self.threads,
            parts_written,
            parts_reused,
            failed: tally.failed,
            files_skipped_examples: skipped_examples.to_vec(),
        };
        let json = serde_json::to_vec_pretty(&report).map_err(|err| RunError::Output { path: output_dir.clone(), source: std::io::Error::other(err) })?;
        crate::files::write_atomically(&output_dir.join("run_report.json"), &json)?;
        // The manifest last: a run killed before it is done again, report included.
        manifest.commit()?;
        let _ = std::fs::remove_file(&committing);
        trace.mark("committed");
        progress.finish();
        Ok(report)
    }
}

/// What the producer sends the recorder, in input order.
enum Batch {
    /// Documents processed (or taken from the cache) on the pool.
    Documents(Vec<Processed>),
    /// Dataset layout: a part of the last run taken whole.
    Part(ReusedPart),
}

/// Process: the one place with threads. A producer thread (`produce`: the sources through the
/// rayon pool, or the parts of a merge) sends batches of documents (batch n+1 is processed
/// while batch n is recorded); this thread records the results in input order; a writer thread
/// encodes the rows of one batch while the next is recorded. At most two batches are in memory.
fn process(
    produce: impl FnOnce(SyncSender<Batch>) -> Result<(), RunError> + Send,
    writers: &mut TableWriters,
    recorder: &mut Recorder,
    progress: &mut Progress,
    warnings: &Warnings,
    trace: &Trace,
) -> Result<(), RunError> {
    std::thread::scope(|scope| -> Result<(), RunError> {
        let (batch_sender, batches) = std::sync::mpsc::sync_channel::<Batch>(1);
        let producer = scope.spawn(move || produce(batch_sender));
        let (rows_sender, rows_to_write) = std::sync::mpsc::sync_channel::<ToWrite>(1);
        let table_writer = scope.spawn(move || -> Result<(), RunError> {
            for to_write in rows_to_write {
                match to_write {
                    ToWrite::Rows(part, rows) => writers.append(part.as_deref(), rows)?,
                    ToWrite::Linked(part, rows) => writers.link_part(&part, &rows)?,
                }
            }
            Ok(())
        });
        // Errors end the loop; the writer's own error, if it stopped, is returned below.
        let recorded = (|| -> Result<(), RunError> {
            for (n, batch) in batches.into_iter().enumerate() {
                for message in warnings.take() {
                    progress.println(&format!("textmill: warning: {message}"));
                }
                let results = match batch {
                    Batch::Documents(results) => results,
                    Batch::Part(part) => {
                        progress.advance(part.positions.len() as u64, 0);
                        for to_write in recorder.record_reused(part)? {
                            rows_sender.send(to_write).map_err(|_| writer_stopped())?;
                        }
                        continue;
                    }
                };
                let (documents, words_before) = (results.len() as u64, recorder.tally.words_processed);
                for processed in results {
                    if let Some(part) = recorder.record(processed, progress)? {
                        rows_sender.send(part).map_err(|_| writer_stopped())?;
                    }
                }
                progress.advance(documents, recorder.tally.words_processed - words_before);
                if (n + 1) % 32 == 0 {
                    trace.mark(&format!("{} batches", n + 1));
                }
            }
            for message in warnings.take().into_iter().chain(warnings.files_alike()) {
                progress.println(&format!("textmill: warning: {message}"));
            }
            if let Some(last) = recorder.last_rows()? {
                rows_sender.send(last).map_err(|_| writer_stopped())?;
            }
            Ok(())
        })();
        drop(rows_sender);
        table_writer.join().map_err(|_| RunError::StageSetup { stage: "tables", message: "the table writer panicked".into() })??;
        recorded?;
        producer.join().map_err(|_| RunError::StageSetup { stage: "ingest", message: "a worker panicked".into() })?
    })
}

/// The pool the per-document stages run on (`textmill stream` uses one too).
pub fn worker_pool(threads: usize) -> Result<rayon::ThreadPool, RunError> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        // HTML extraction recurses over the element tree; input.max_html_depth bounds the depth.
        .stack_size(64 * 1024 * 1024)
        .build()
        .map_err(|err| RunError::StageSetup { stage: "ingest", message: format!("cannot start {threads} threads: {err}") })
}

/// The table writer ended early; its own error says why.
fn writer_stopped() -> RunError {
    RunError::StageSetup { stage: "tables", message: "the table writer stopped".into() }
}

/// Aggregate: resolve the catalog (bare surnames linked across the corpus when the config says
/// so), then write the mentions with their final entity ids and the entities, a chunk of each table at a time. In
/// the files layout a chunk is 8,192 rows; in the dataset layout the mentions of one part of
/// the documents (named by that part and their entity ids), and 8,192 entities (named by their
/// rows). Small row groups keep this pass's memory flat however many mentions there are.
fn aggregate(config: &crate::config::PipelineConfig, writers: &mut TableWriters, recorder: &mut Recorder) -> Result<(), RunError> {
    let spill_path = recorder.close_spill()?;
    let spill_error = |source| RunError::Output { path: spill_path.clone(), source };
    let catalog = std::mem::take(&mut recorder.catalog);
    let user = crate::stages::aggregate::UserLinks::from_config(&config.aggregate).unwrap_or_default();
    let aggregate = &config.aggregate;
    let across_documents = aggregate.enabled && aggregate.link_short_names && aggregate.link_surnames_across_documents;
    let resolution = catalog.resolve(across_documents, &user).map_err(spill_error)?;
    let mut spill = BufReader::new(std::fs::File::open(&spill_path).map_err(spill_error)?);
    let mut buffer = Vec::new();
    let mut entity_rows = resolution.entities().map_err(spill_error)?;
    // Places on the map: GPE, LOC and FAC entities whose name the gazetteer locates.
    let gazetteer = match config.aggregate.enabled {
        true => Some(Gazetteer::load(config.resources.gazetteer_dir.as_deref()).map_err(|message| RunError::StageSetup { stage: "aggregate", message })?),
        false => None,
    };
    let no_places = HashMap::new();
    let places = gazetteer.as_ref().map_or(&no_places, Gazetteer::places);
    let dataset = recorder.dataset;
    let mut mention_parts = std::mem::take(&mut recorder.tally.document_parts).into_iter();
    loop {
        let (mut mentions_name, limit) = match (dataset, mention_parts.next()) {
            (false, _) => (None, 8_192),
            (true, Some((name, count))) => (Some(PartName::new(&name)), count as usize),
            (true, None) => (None, 0),
        };
        let more_parts = mentions_name.is_some();
        let mut mentions = Rows::new(Table::Mentions);
        while mentions.len() < limit {
            let Some(spilled) = framing::read_record::<SpilledMention>(&mut spill, &mut buffer).map_err(spill_error)? else { break };
            let entity_id = match resolution.final_key(&spilled.key) {
                linked if linked != spilled.key => crate::stages::aggregate::entity_id(linked),
                _ => spilled.entity_id.clone(),
            };
            if let Some(name) = &mut mentions_name {
                name.add([entity_id.as_str()]);
            }
            mentions.push([
                Value::Text(&spilled.doc_id),
                Value::Integer(spilled.sent_idx),
                Value::Integer(spilled.start_char),
                Value::Integer(spilled.end_char),
                Value::Text(&spilled.text),
                Value::Text(&spilled.label),
                Value::Text(&entity_id),
                spilled.value.as_deref().map_or(Value::Null, Value::Text),
            ]);
        }
        let mut entities = Rows::new(Table::Entities);
        let mut aliases = Rows::new(Table::Aliases);
        let mut entities_name = dataset.then(|| PartName::new(&recorder.part_seed));
        while entities.len() < 8_192 {
            let Some(entity) = entity_rows.next().transpose().map_err(spill_error)? else { break };
            // (A name written in lower case, "the north-west", is no place's name; a script
            // without case, "北京", has no lower case.)
            let named = entity.canonical.chars().any(char::is_uppercase) || !entity.canonical.chars().any(char::is_lowercase);
            // (A namesake the document's country chose: "paris@us".)
            let namesake = || {
                crate::gazetteer::namesake_of(gazetteer.as_ref()?.namesakes(), &entity.name)
            };
            let locate = || entity.name.contains('@').then(namesake).flatten().or_else(|| crate::gazetteer::place_of(places, &entity.name).cloned());
            let place = (named && matches!(entity.label.as_str(), "GPE" | "LOC" | "FAC")).then(locate).flatten();
            let place = place.as_ref();
            if let Some(name) = &mut entities_name {
                let counts = [entity.n_mentions.to_string(), entity.n_docs.to_string()];
                let located = place.map(|p| format!("{:?} {} {:?} {:?}", p.geonames_id, p.country_code, p.latitude, p.longitude)).unwrap_or_default();
                name.add([&entity.entity_id, &entity.label, &entity.canonical, &counts[0], &counts[1], &located].map(String::as_str));
                // The aliases part shares the entities part's name: its rows count too.
                for (alias, n) in &entity.aliases {
                    name.add([alias.as_str(), &n.to_string()]);
                }
            }
            entities.push([
                Value::Text(&entity.entity_id),
                Value::Text(&entity.label),
                Value::Text(&entity.canonical),
                Value::Integer(entity.n_mentions as i64),
                Value::Integer(entity.n_docs as i64),
                place.and_then(|p| p.geonames_id).map_or(Value::Null, Value::Integer),
                place.map_or(Value::Null, |p| Value::Text(&p.country_code)),
                place.and_then(|p| p.latitude).map_or(Value::Null, Value::Float),
                place.and_then(|p| p.longitude).map_or(Value::Null, Value::Float),
            ]);
            for (alias, n_mentions) in &entity.aliases {
                aliases.push([Value::Text(&entity.entity_id), Value::Text(alias), Value::Text(&entity.label), Value::Integer(*n_mentions as i64)]);
            }
        }
        if mentions.is_empty() && entities.is_empty() && !more_parts {
            break;
        }
        if dataset {
            // A mentions part per document part (empty or not); entities only while there are
            // some (there can be more chunks of them than document parts, or fewer).
            if let Some(name) = mentions_name {
                writers.append(Some(&name.finish()), vec![mentions])?;
            }
            if !entities.is_empty() {
                writers.append(entities_name.map(PartName::finish).as_deref(), vec![entities, aliases])?;
            }
        } else {
            writers.append(None, vec![mentions, entities, aliases])?;
        }
    }
    drop(spill);
    let _ = std::fs::remove_file(&spill_path);
    Ok(())
}

/// `TEXTMILL_TRACE=1`: when each step of the run ends, on stderr.
struct Trace(Instant);

impl Trace {
    fn mark(&self, what: &str) {
        static ON: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
        if *ON.get_or_init(|| std::env::var_os("TEXTMILL_TRACE").is_some()) {
            crate::stderr_line!("trace {:>8.3}s {what}", self.0.elapsed().as_secs_f64());
        }
    }
}
