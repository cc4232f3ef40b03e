//! What runs on the worker threads: one pending unit (a file, a JSONL record) becomes a
//! document, from the cache when its entry still holds, else through the stages; a panic in a
//! stage becomes that document's error.

use std::path::Path;
use std::time::Instant;

use super::{FailedDocument, StageTimings, Stages};
use crate::cache::{Cache, Entry};
use crate::config::Settings;
use crate::document::{Document, Origin};
use crate::error::DocumentError;
use crate::fingerprint::Fingerprints;
use crate::manifest::{Record, Replay, Stamp};
use crate::source::{self, Pending, Position, Recorded, SourceFile};
use crate::stages::Stage;

/// The result of one document in a batch.
pub(super) struct Processed {
    pub result: Result<Document, FailedDocument>,
    /// Whitespace-separated words of the document (counted on the worker).
    pub words: u64,
    pub stamp: Option<(Position, Stamp)>,
    pub reused: bool,
    /// A record of another shard (read to learn its doc_id): no document of this run.
    pub elsewhere: bool,
    /// A failure of the last run answered again, its unchanged source unread.
    pub replayed: bool,
    /// The document's cache entry, encoded, when it was processed (not taken whole from the
    /// cache). The recorder writes it once the document's id is known to be its own.
    pub entry: Option<Vec<u8>>,
}

impl Processed {
    pub fn new(result: Result<Document, FailedDocument>, stamp: Option<(Position, Stamp)>, reused: bool) -> Processed {
        Processed { result, words: 0, stamp, reused, elsewhere: false, replayed: false, entry: None }
    }

    /// The failure the last run recorded as `old` for the unit at `position`, answered again
    /// when `replay` says it stands.
    fn replayed(position: &Position, old: &Stamp, replay: Replay) -> Option<Processed> {
        let (stage, message) = old.replayable_failure(replay)?;
        let failure = FailedDocument { doc_id: old.doc_id.clone(), source: old.source.clone(), stage: stage.to_string(), message: message.to_string() };
        Some(Processed { replayed: true, ..Processed::new(Err(failure), Some((position.clone(), old.clone())), false) })
    }

    fn elsewhere(self) -> Processed {
        Processed { elsewhere: true, ..self }
    }
}

/// Everything a worker needs to turn a pending unit into a document.
pub(super) struct DocumentContext<'a> {
    pub settings: &'a Settings,
    pub stages: &'a Stages,
    pub state: &'a Cache,
    /// Cache entries may be reused (not with `--force`): those of the last run, and those a
    /// killed run wrote before any run finished here.
    pub use_cache: bool,
    pub fingerprints: &'a Fingerprints,
    pub timings: &'a StageTimings,
    pub warnings: &'a super::Warnings,
    /// Which failures of the last run stand while their sources are unchanged.
    pub replay: Replay,
}

impl DocumentContext<'_> {
    /// `old`: the unit's stamp in the last run's manifest.
    pub(super) fn process(&self, pending: Pending, old: Option<Stamp>) -> Processed {
        let source = pending.origin().source;
        let mut processed = self.process_unit(pending, old);
        // A document from the cache names its source as it is now (an input root moved or
        // spelled otherwise since its entry was written).
        if let Ok(doc) = &mut processed.result {
            if doc.origin.source != source {
                doc.origin.source = source;
            }
        }
        processed.words = processed.result.as_ref().map_or(0, |doc| crate::document::count_words(&doc.text));
        if let (Ok(doc), false, false) = (&processed.result, processed.reused, processed.elsewhere) {
            processed.entry = Some(Entry::from_document(doc, self.fingerprints).framed());
        }
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
        let mut before = pending.stamp();
        // A source that cannot even be stat'ed (dangling link, walk error) is stamped 0/0, so
        // `status` sees it as unchanged until it changes instead of new on every run.
        let stamp = |before: Option<(u64, i128)>, sha: Option<String>, failed: bool| {
            let (size, mtime_ns) = before.unwrap_or((0, 0));
            let doc_id = origin.doc_id.clone(); // the unit's; `process` puts the document's
            Some((position.clone(), Stamp { doc_id, source: origin.source.clone(), size, mtime_ns, sha256: sha, failed, error: None, elsewhere: false }))
        };
        // A record of a JSONL file unchanged since the last run: its entry, the file unread
        // (read again only when the entry is gone, or was made by other ingest settings).
        if let Pending::Recorded { file, line_number, recorded } = &pending {
            let (doc_id, sha256, source) = (recorded.doc_id.clone(), recorded.sha256.clone(), origin.source.clone());
            let old = Stamp { doc_id, source, size: recorded.size, mtime_ns: recorded.mtime_ns, sha256, failed: recorded.failure.is_some(), error: recorded.failure.clone(), elsewhere: recorded.elsewhere };
            if let Some(replayed) = Processed::replayed(&position, &old, self.replay) {
                return replayed;
            }
            if recorded.elsewhere {
                let failure = FailedDocument { doc_id: old.doc_id.clone(), source: old.source.clone(), stage: String::new(), message: String::new() };
                return Processed::new(Err(failure), Some((position, old)), false).elsewhere();
            }
            if let Some((doc, reused)) = self.state.entry(&old.doc_id, old.sha256.as_deref(), &|message| self.warnings.warn(message)).and_then(|entry| self.resume(entry)) {
                let stamp = Stamp { failed: doc.is_err(), ..old };
                return Processed::new(doc, Some((position, stamp)), reused);
            }
            let reread = source::reread_record(file, *line_number, &self.settings.config.input);
            return self.process_unit(reread, Some(old));
        }
        // A file that failed for what it holds, unchanged since: the same failure, unread.
        if let Some(replayed) = same_file(&pending, old.as_ref()).and_then(|old| Processed::replayed(&position, old, self.replay)) {
            return replayed;
        }
        // Fast path: the source's stamp is the one the last run recorded → its entry, unread.
        if let Some(old) = unchanged_file(&pending, old.as_ref()) {
            if let Some(entry) = self.state.entry(&old.doc_id, old.sha256.as_deref(), &|message| self.warnings.warn(message)) {
                if let Some((doc, reused)) = self.resume(entry) {
                    let (sha, failed) = (doc.as_ref().ok().map(|d| d.content_sha256.clone()), doc.is_err());
                    return Processed::new(doc, stamp(before, sha, failed), reused);
                }
            }
        }
        // A file replaced since the walk (an editor's or a scraper's save renames a new file over
        // it) is read as it is now, and recorded with its stamp of now.
        if let (Pending::File(_), Some(path)) = (&pending, &path) {
            before = crate::files::file_stamp(path).or(before);
        }
        // A file's first record says whether the field names the config gives are its own.
        let first_record = match &pending {
            source::Pending::JsonLine { file, line_number: 1, line } => Some((file.relative.clone(), line.clone())),
            _ => None,
        };
        let load_started = Instant::now();
        let loaded = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            injected_panic(Stage::Ingest, &origin.doc_id);
            // (A JSONL record's date field is read in the configured order; `auto`: month first.)
            let input = &self.settings.config.input;
            crate::stages::clean::metadata::with_date_order(input.date_order, || source::load(pending, input))
        }))
        .unwrap_or_else(|payload| Err((origin.clone(), panic_error(Stage::Ingest, payload))));
        self.timings.add_document(Stage::Ingest, load_started);
        if let Some((file, line)) = first_record {
            // (A .json file's records are named by their number in its array, "#R3".)
            let numbered_by = if file.ends_with(".json") || file.ends_with(".json.gz") { "record number" } else { "line number" };
            for warning in source::first_record_warnings(&line, &self.settings.config.input.jsonl, numbered_by) {
                self.warnings.warn_of_file(&file, warning);
            }
        }
        // A record's doc_id (its id field) is known once it is read: one of another shard stops here.
        let doc_id = match &loaded {
            Ok(doc) => &doc.origin.doc_id,
            Err((origin, _)) => &origin.doc_id,
        };
        if self.settings.config.input.shard.is_some_and(|shard| !shard.holds(doc_id)) {
            let failure = FailedDocument { doc_id: doc_id.clone(), source: origin.source.clone(), stage: String::new(), message: String::new() };
            return Processed::new(Err(failure), stamp(before, None, false), false).elsewhere();
        }
        let mut doc = match loaded {
            Ok(doc) => doc,
            Err((origin, err)) => return Processed::new(Err(failure(&origin, "ingest", &err)), stamp(before, None, true), false),
        };
        // A file rewritten while it was read gives a mix of two versions: retry next run.
        if path.is_some() && path.as_deref().and_then(crate::files::file_stamp) != before {
            let err = DocumentError::Unreadable("the file changed while it was being read; it will be read again on the next run".into());
            return Processed::new(Err(failure(&doc.origin, "ingest", &err)), stamp(before, None, true), false);
        }
        let sha = doc.content_sha256.clone();
        if self.use_cache {
            if let Some(entry) = self.state.entry(&doc.origin.doc_id, Some(&sha), &|message| self.warnings.warn(message)).filter(|entry| entry.has_source_of(&doc)) {
                if let Some((doc, reused)) = self.resume(entry) {
                    let failed = doc.is_err();
                    return Processed::new(doc, stamp(before, Some(sha), failed), reused);
                }
            }
        }
        let result = self.stages.process_from(&mut doc, Stage::Clean, self.timings).map_err(|err| failure(&doc.origin, stage_of(&err), &err));
        let failed = result.is_err();
        Processed::new(result.map(|_| doc), stamp(before, Some(sha), failed), false)
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
        Some((result.map(|_| doc), false))
    }
}


/// The records of `file` that its last run recorded as `old`, to be taken from the cache
/// unread, when the file is as it was then (size, time and path), and each record then was a
/// document of this run's shard, with its entry still there, a mark of another's, or a failure
/// that `replay` says stands. `None`: read the file (once, not once per record whose entry is gone).
pub(super) fn recorded_units(file: &SourceFile, old: &[Record], state: &Cache, replay: Replay) -> Option<Vec<Pending>> {
    let now = crate::files::file_stamp(&file.path)?;
    let kept = |stamp: &Stamp| match stamp.failed {
        true => stamp.replayable_failure(replay).is_some(),
        false => stamp.elsewhere || state.has_entry(&stamp.doc_id),
    };
    let unchanged = |stamp: &Stamp| (stamp.size, stamp.mtime_ns) == now && stamp.source == file.source && kept(stamp);
    (!old.is_empty() && old.iter().all(|record| unchanged(&record.stamp))).then(|| {
        let unit = |record: &Record| {
            let Stamp { doc_id, sha256, size, mtime_ns, elsewhere, error, .. } = record.stamp.clone();
            let failure = error.filter(|_| record.stamp.failed);
            Pending::Recorded { file: file.clone(), line_number: record.position.line, recorded: Recorded { doc_id, sha256, size, mtime_ns, elsewhere, failure } }
        };
        old.iter().map(unit).collect()
    })
}

/// The last run's stamp of `pending` when it is a whole file that size and modification time
/// say is unchanged since, and it did not fail then.
fn unchanged_file(pending: &Pending, old: Option<&Stamp>) -> Option<Stamp> {
    same_file(pending, old).filter(|old| !old.failed).cloned()
}

/// The last run's stamp of `pending` when it is a whole file that size and modification time
/// say is unchanged since.
fn same_file<'a>(pending: &Pending, old: Option<&'a Stamp>) -> Option<&'a Stamp> {
    let (Pending::File(_), Some((size, mtime_ns)), Some(old)) = (pending, pending.stamp(), old) else { return None };
    let now = Stamp { doc_id: String::new(), source: pending.origin().source, size, mtime_ns, sha256: None, failed: false, error: None, elsewhere: false };
    old.same_file(&now).then_some(old)
}

/// Run one stage on one document with a panic caught: a bug that one document triggers makes
/// that document an `errors` row (exit 1), not the end of the run.
pub(super) fn catching_panics(stage: Stage, doc: &mut Document, work: impl FnOnce(&mut Document) -> Result<(), DocumentError>) -> Result<(), DocumentError> {
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


#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::PipelineConfig;
    use crate::pipeline::fingerprints;
    use crate::source::{Kind, SourceFile};

    #[test]
    fn a_file_replaced_after_the_walk_is_read_as_it_is_now() {
        // Regression: an editor's or a scraper's save (a new file renamed over the old one)
        // between the walk and the read failed the document ("the file changed while it was
        // being read"): it left the tables and the run exited 1.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, "Storm Hits Coast\n\nA storm struck Florida on Monday.\n").unwrap();
        let walked = SourceFile { path: path.clone(), root: 0, relative: "a.txt".into(), kind: Kind::PlainText, gzip: false, stamp: Some(crate::files::file_stamp(&path)), source: path.to_string_lossy().into_owned() };
        let saved = dir.path().join(".a.txt.swp");
        std::fs::write(&saved, "Storm Hits Coast Again\n\nA second storm struck Florida on Tuesday.\n").unwrap();
        std::fs::rename(&saved, &path).unwrap();

        let mut config = PipelineConfig::default();
        config.tag.enabled = false;
        config.output.dir = dir.path().join("out");
        let settings = Settings { config, config_path: None, inputs_from_file: false };
        let (stages, fingerprints) = (Stages::build(&settings).unwrap(), fingerprints(&settings).unwrap());
        let (state, timings) = (Cache::open_read_only(&settings.config.output.dir), StageTimings::default());
        let warnings = crate::pipeline::Warnings::default();
        let context = DocumentContext { settings: &settings, stages: &stages, state: &state, use_cache: false, fingerprints: &fingerprints, timings: &timings, warnings: &warnings, replay: Replay::default() };
        let processed = context.process(Pending::File(walked), None);
        assert!(processed.result.expect("the file as it is now").text.contains("second storm"));
        let (_, stamp) = processed.stamp.unwrap();
        assert_eq!(Some((stamp.size, stamp.mtime_ns)), crate::files::file_stamp(&path), "recorded as read");
    }
}
