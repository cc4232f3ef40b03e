//! `textmill merge`: the outputs of shard runs become the tables of one run over the whole
//! corpus. Each part's manifest lists its documents in input order and its cache holds them
//! processed; merging the manifests by input position and recording the cached documents as a
//! run would gives the same rows in the same order, and the corpus-wide steps (cross-document
//! linking, entity counts, canonical names, places) run again over all of them. Sources are not
//! read; entity ids need no coordination, being hashes of the documents' entity keys.

use std::path::{Path, PathBuf};
use std::sync::mpsc::SyncSender;
use std::time::Instant;

use rayon::prelude::*;

use super::worker::Processed;
use super::{fingerprints, worker_pool, Batch, FailedDocument, Run, RunOptions, RunReport, StageTimings, Trace};
use crate::cache::Cache;
use crate::config::Settings;
use crate::error::RunError;
use crate::fingerprint::{self, Fingerprints};
use crate::manifest::{self, Previous, Record};
use crate::progress::Progress;
use crate::shard::Shard;

/// One shard run's output, checked.
struct Part {
    dir: PathBuf,
    manifest: Previous,
    cache: Cache,
}

/// Merge the shard outputs `parts` into `settings.config.output.dir`.
pub fn merge(settings: &Settings, parts: &[PathBuf], options: RunOptions) -> Result<RunReport, RunError> {
    let trace = Trace(Instant::now());
    let fingerprints = fingerprints(settings)?;
    let parts = open_parts(parts, &fingerprints)?;
    let output_dir = &settings.config.output.dir;
    if let Some(part) = parts.iter().find(|part| same_dir(&part.dir, output_dir)) {
        return Err(refused(&part.dir, "is also the --output directory; merge into another directory".into()));
    }
    crate::tables::refuse_foreign_tables(output_dir, &Cache::state_dir(output_dir))?;
    // The merged output describes the corpus the shards read, as one run would.
    let mut settings = settings.clone();
    settings.config.input.paths = parts[0].manifest.header.input_paths.clone();
    settings.config.input.shard = None;
    let created = std::fs::symlink_metadata(output_dir).is_err();
    let merged = write_merged(&settings, &parts, &fingerprints, options, trace);
    if merged.is_err() && created {
        let _ = std::fs::remove_dir_all(output_dir);
    }
    merged
}

fn write_merged(settings: &Settings, parts: &[Part], fingerprints: &Fingerprints, options: RunOptions, trace: Trace) -> Result<RunReport, RunError> {
    let config = &settings.config;
    std::fs::create_dir_all(&config.output.dir).map_err(|source| RunError::Output { path: config.output.dir.clone(), source })?;
    let state = Cache::open_locked(&config.output.dir)?;
    // (Under the lock: a staging directory found now is a killed merge's.)
    crate::tables::remove_stale_staging(&config.output.dir);
    let threads = config.run.worker_threads();
    let pool = worker_pool(threads)?;
    let (timings, warnings) = (StageTimings::default(), super::Warnings::default());
    let warn = |message: String| warnings.warn(message);
    let batch_documents = config.run.batch_documents;
    // The parts' manifests merged by input position, their documents read from their caches a
    // batch at a time on the pool.
    let produce = |batches: SyncSender<Batch>| -> Result<(), RunError> {
        let mut streams: Vec<_> = parts.iter().map(|part| part.manifest.records().filter(|record| !record.stamp.elsewhere).peekable()).collect();
        loop {
            let mut batch: Vec<(usize, Record)> = Vec::with_capacity(batch_documents);
            while batch.len() < batch_documents {
                let next = streams.iter_mut().enumerate().filter_map(|(i, stream)| stream.peek().map(|record| (record.position.clone(), i))).min();
                let Some((_, i)) = next else { break };
                batch.push((i, streams[i].next().expect("peeked")));
            }
            if batch.is_empty() {
                return Ok(());
            }
            let loaded: Result<Vec<Processed>, RunError> = pool.install(|| batch.into_par_iter().map(|(i, record)| load(&parts[i], record, &warn)).collect());
            if batches.send(Batch::Documents(loaded?)).is_err() {
                return Ok(()); // the recorder stopped on an error
            }
        }
    };
    let mut progress = Progress::new(None, options.quiet);
    let run = Run { settings, state: &state, fingerprints, timings: &timings, warnings: &warnings, threads, trace };
    // Every shard walked every input: the files skipped for their extension are the first
    // part's (its run_report.json), as one run over the corpus reports them.
    let report: Option<serde_json::Value> = std::fs::read(parts[0].dir.join("run_report.json")).ok().and_then(|bytes| serde_json::from_slice(&bytes).ok());
    let skipped = report.as_ref().and_then(|report| report.get("files_skipped_by_extension")?.as_u64()).unwrap_or(0);
    let examples: Vec<String> = report
        .as_ref()
        .and_then(|report| report.get("files_skipped_examples")?.as_array().map(|names| names.iter().filter_map(|name| name.as_str().map(String::from)).collect()))
        .unwrap_or_default();
    run.write_tables(produce, &mut progress, (skipped, &examples))
}

/// A document of `part` as its shard run recorded it.
fn load(part: &Part, record: Record, warn: &(dyn Fn(String) + Sync)) -> Result<Processed, RunError> {
    let Record { position, stamp } = record;
    if stamp.failed {
        let (stage, message) = stamp.error.clone().unwrap_or_else(|| ("ingest".into(), "failed in the shard run".into()));
        let failure = FailedDocument { doc_id: stamp.doc_id.clone(), source: stamp.source.clone(), stage, message };
        return Ok(Processed::new(Err(failure), Some((position, stamp)), false));
    }
    // (Its cache removed or damaged: only --force redoes documents the manifest says are done.)
    let shard = part.manifest.header.shard.as_deref().unwrap_or("I/N");
    let missing = |why: &str| refused(&part.dir, format!("{why} of document `{}`; run that shard again with --force (textmill run --shard {shard} --force), which redoes every document of it", stamp.doc_id));
    let entry = part.cache.entry(&stamp.doc_id, stamp.sha256.as_deref(), warn).ok_or_else(|| missing("has no cache entry"))?;
    let (stale, mut doc) = entry.restore(&part.manifest.header.fingerprints);
    if stale.is_some() {
        return Err(missing("has an out-of-date cache entry"));
    }
    // The source as the shard's last run found it (an entry keeps the path it was made under).
    doc.origin.source.clone_from(&stamp.source);
    let words = crate::document::count_words(&doc.text);
    Ok(Processed { words, ..Processed::new(Ok(doc), Some((position, stamp)), true) })
}

/// Every part's manifest, checked against this textmill and settings and against the others:
/// the same inputs, and the shards of one split, each once.
fn open_parts(dirs: &[PathBuf], fingerprints: &Fingerprints) -> Result<Vec<Part>, RunError> {
    let mut parts: Vec<Part> = Vec::new();
    for dir in dirs {
        let state_dir = Cache::state_dir(dir);
        // A run under way or killed on the part may have replaced cache entries of its last
        // manifest: the part is read once that run has finished, or has been run again; and
        // no run starts on it while the merge reads it (the lock, shared, is held till the end).
        let cache = Cache::open_shared(dir).map_err(|pid| {
            let by = if pid.is_empty() { String::new() } else { format!(" (pid {pid})") };
            refused(dir, format!("a textmill run is in progress on it{by}; merge once it has finished"))
        })?;
        if state_dir.join(crate::plan::COMMITTING).exists() || manifest::has_partial(&state_dir) {
            return Err(refused(dir, "its last run was interrupted; run that shard again (without --force: it redoes only what the interrupted run left undone)".into()));
        }
        let manifest = match manifest::open_as_written(&state_dir) {
            Ok(Some(manifest)) => manifest,
            Ok(None) => return Err(refused(dir, "holds no finished textmill run (no .textmill/manifest.jsonl)".into())),
            Err(why) => return Err(refused(dir, why)),
        };
        let header = &manifest.header;
        if header.format != fingerprint::FORMAT || header.textmill_version != env!("CARGO_PKG_VERSION") {
            let why = format!(
                "was written by textmill {} (state format {}); this is textmill {} (format {}): run that shard again with this textmill",
                header.textmill_version,
                header.format,
                env!("CARGO_PKG_VERSION"),
                fingerprint::FORMAT
            );
            return Err(refused(dir, why));
        }
        if header.fingerprints.portable != fingerprints.portable {
            return Err(refused(dir, format!("was made with other settings than this merge's: {}", settings_difference(&header.fingerprints, fingerprints))));
        }
        let (theirs, ours) = (header.fingerprints.configs.get(super::SELECTION), fingerprints.configs.get(super::SELECTION));
        if theirs != ours {
            let mut keys = Vec::new();
            fingerprint::changed_keys("input", &theirs.cloned().unwrap_or_default(), &ours.cloned().unwrap_or_default(), &mut keys);
            return Err(refused(dir, format!("chose its files with other settings than this merge's: config {}", keys.join(", "))));
        }
        if let Some(first) = parts.first() {
            // (The same project's inputs at another place: shards of machines whose checkouts,
            // home folders or mounts differ, whose tables show the same sources.)
            let same_project = !header.inputs_shown.is_empty() && header.inputs_shown == first.manifest.header.inputs_shown;
            if !same_project && !manifest::same_inputs(&header.input_paths, &first.manifest.header.input_paths) {
                let why = format!("read input.paths {:?}, but {} read {:?}", header.input_paths, first.dir.display(), first.manifest.header.input_paths);
                return Err(refused(dir, why));
            }
        }
        parts.push(Part { dir: dir.clone(), cache, manifest });
    }
    check_shards(&parts)?;
    check_same_sources(&parts)?;
    Ok(parts)
}

/// Every part read each source file as the others did: a file every shard reads (a JSONL file)
/// that changed and was then read again by one shard only (a retried task) would give tables of
/// two versions of it. The manifests, in input order, are walked together a file at a time.
fn check_same_sources(parts: &[Part]) -> Result<(), RunError> {
    let mut streams: Vec<_> = parts.iter().map(|part| part.manifest.records().peekable()).collect();
    let mut named: std::collections::HashMap<usize, (String, usize)> = std::collections::HashMap::new();
    loop {
        let Some(first) = streams.iter_mut().filter_map(|stream| stream.peek().map(|record| record.position.clone())).min_by(|a, b| a.cmp_source(b)) else {
            return Ok(());
        };
        // Each part's stamp of this file (its units all carry the file's), and the part's index:
        // of the parts that took documents of it (another's file is no concern of a shard's).
        let mut stamps: Vec<(i128, u64, usize, String)> = Vec::new();
        for (i, stream) in streams.iter_mut().enumerate() {
            while let Some(record) = stream.next_if(|record| record.position.cmp_source(&first).is_eq()) {
                // (And how each part names an input's files, `documents.source`, as its --input
                // was written: "corpus/a.txt" in one part and "/home/me/corpus/b.txt" in another
                // would be no one run's table.)
                if let Some(prefix) = record.stamp.source.strip_suffix(&record.position.relative) {
                    match named.entry(record.position.root) {
                        std::collections::hash_map::Entry::Vacant(entry) => {
                            entry.insert((prefix.to_string(), i));
                        }
                        std::collections::hash_map::Entry::Occupied(entry) if entry.get().0 != prefix => {
                            let (theirs, part) = entry.get();
                            let why = format!("names its files `{}`, but {} names them `{theirs}...` (documents.source): run the shards with --input written alike", record.stamp.source, parts[*part].dir.display());
                            return Err(refused(&parts[i].dir, why));
                        }
                        std::collections::hash_map::Entry::Occupied(_) => {}
                    }
                }
                if !record.stamp.elsewhere && !stamps.iter().any(|&(_, _, part, _)| part == i) {
                    stamps.push((record.stamp.mtime_ns, record.stamp.size, i, record.stamp.source));
                }
            }
        }
        stamps.sort();
        // (By size: a copy of the corpus on each machine, or a file touched, has other times.)
        if let (Some(older), Some(newer)) = (stamps.first(), stamps.last()) {
            if stamps.iter().any(|stamp| stamp.1 != older.1) {
                let why = format!(
                    "read {} as {} bytes, and {} as {} bytes: it changed between their runs; run this shard again, then merge",
                    older.3,
                    older.1,
                    parts[newer.2].dir.display(),
                    newer.1
                );
                return Err(refused(&parts[older.2].dir, why));
            }
        }
    }
}

/// The parts must be the shards 0..N of one N, each once; a single part may be a whole run.
fn check_shards(parts: &[Part]) -> Result<(), RunError> {
    let mut shards: Vec<(Option<Shard>, &Path)> = Vec::new();
    for part in parts {
        let shard = match part.manifest.header.shard.as_deref() {
            None => None,
            Some(text) => Some(Shard::parse(text).map_err(|why| refused(&part.dir, why))?),
        };
        shards.push((shard, &part.dir));
    }
    let whole = |dir: &Path| refused(dir, "is the output of a run over the whole corpus, not of a shard (--shard I/N): it cannot be merged with other parts".into());
    let count = match shards.first() {
        Some((None, dir)) if shards.len() > 1 => return Err(whole(dir)),
        Some((None, _)) | None => return Ok(()),
        Some((Some(shard), _)) => shard.count,
    };
    let mut seen: Vec<Option<&Path>> = vec![None; count as usize];
    for (shard, dir) in &shards {
        let Some(shard) = shard else { return Err(whole(dir)) };
        if shard.count != count {
            return Err(refused(dir, format!("is shard {shard}, but {} is a shard of {count}", shards[0].1.display())));
        }
        if let Some(other) = seen[shard.index as usize].replace(dir) {
            return Err(refused(dir, format!("is shard {shard}, and so is {}", other.display())));
        }
    }
    let missing: Vec<String> = (0..count).filter(|&i| seen[i as usize].is_none()).map(|index| Shard { index, count }.to_string()).collect();
    match missing.is_empty() {
        true => Ok(()),
        false => {
            // (The first few: a part of a huge split alone would list them all.)
            let more = missing.len().saturating_sub(MISSING_SHOWN);
            let listed = missing.iter().take(MISSING_SHOWN).cloned().collect::<Vec<_>>().join(", ");
            let listed = if more > 0 { format!("{listed} and {more} more") } else { listed };
            Err(RunError::Merge { message: format!("shard {listed} missing: give the output of every shard of {count}") })
        }
    }
}

/// What differs between a part's settings and this merge's, as config keys where they say it.
fn settings_difference(part: &Fingerprints, this: &Fingerprints) -> String {
    let mut keys = Vec::new();
    for (stage, config) in &this.configs {
        let old = part.configs.get(stage).cloned().unwrap_or_default();
        // (The file selection is kept under its own name but its keys are `input.*`.)
        let section = if stage == super::SELECTION { "input" } else { stage.as_str() };
        fingerprint::changed_keys(section, &old, config, &mut keys);
    }
    match keys.is_empty() {
        true => "a resource (model, patterns, gazetteer: aggregate.alias_files' contents too) or the input settings differ".into(),
        false => format!("config {}", keys.join(", ")),
    }
}

/// How many missing shards a refused merge names.
const MISSING_SHOWN: usize = 10;

fn refused(dir: &Path, why: String) -> RunError {
    RunError::Merge { message: format!("{}: {why}", dir.display()) }
}

fn same_dir(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}
