//! Dataset layout: a rerun takes a part of the per-document tables whole from the last run,
//! its documents' cache entries unread, when every document in it is a file unchanged since
//! (size, time, path and id). A rerun after a few changes then reads a summary per unchanged
//! part (its documents' stamps, words, languages and mentions) instead of every document.
//!
//! * `parts/<part name>.bin` — a part's summary, written when the part is written. A part's
//!   name hashes its rows and the settings (see `record::PartName`), so a summary found under
//!   the name of a part that is still in the tables describes that part.
//! * `parts.bin` — the last run's parts in order, each with its first document and the number
//!   of its documents, and the settings they were made under; written at the commit.
//!
//! A part is taken whole only where the run would start a part anyway: at the first document,
//! or after a file whose id ends a part (`record::ends_dataset_part`). Anything else (a changed
//! or new file, a JSONL record, a failure, a part file edited since) goes the usual way.

use std::collections::{HashMap, VecDeque};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::config::Format;
use crate::framing;
use crate::manifest::Stamp;
use crate::source::{Pending, Position};
use crate::tables::{self, Table, TableStamps};

const SUMMARY_MAGIC: &[u8; 8] = b"TMPART01";
const INDEX_MAGIC: &[u8; 8] = b"TMPIDX01";

/// What the run needs of a part's documents besides their rows, which stay in the tables.
#[derive(Debug, Default, Serialize, Deserialize)]
pub(super) struct PartSummary {
    pub stamps: Vec<Stamp>,
    pub words: Vec<u64>,
    pub languages: Vec<Option<String>>,
    pub sentences: u64,
    /// The part's mentions, framed as in the run's spill of mentions (`record::SpilledMention`).
    pub mentions: Vec<u8>,
}

/// A part of the last run, taken whole: its units' positions and stamps, and its summary.
pub(super) struct ReusedPart {
    pub name: String,
    pub positions: Vec<Position>,
    pub summary: PartSummary,
}

/// One entry of `parts.bin`.
#[derive(Debug, Serialize, Deserialize)]
pub(super) struct IndexedPart {
    pub name: String,
    pub first_doc_id: String,
    pub documents: u64,
}

impl IndexedPart {
    pub fn of(name: &str, summary: &PartSummary) -> IndexedPart {
        let first_doc_id = summary.stamps.first().map(|stamp| stamp.doc_id.clone()).unwrap_or_default();
        IndexedPart { name: name.to_string(), first_doc_id, documents: summary.stamps.len() as u64 }
    }
}

#[derive(Serialize, Deserialize)]
struct Index {
    seed: String,
    parts: Vec<IndexedPart>,
}

fn summaries_dir(state_dir: &Path) -> PathBuf {
    state_dir.join("parts")
}

fn summary_path(state_dir: &Path, name: &str) -> PathBuf {
    summaries_dir(state_dir).join(format!("{name}.bin"))
}

/// Keep the summary of the part `name` (renamed into place, not synced: like a cache entry it
/// is only a shortcut, and a damaged one fails its checksum).
pub(super) fn write_summary(state_dir: &Path, name: &str, summary: &PartSummary) -> std::io::Result<()> {
    std::fs::create_dir_all(summaries_dir(state_dir))?;
    let bytes = framing::frame(SUMMARY_MAGIC, summary).map_err(std::io::Error::other)?;
    crate::files::replace_unsynced(&summary_path(state_dir, name), &bytes)
}

/// Record this run's parts (`seed`: the settings they were made under) and remove the
/// summaries of parts no longer in the tables.
pub(super) fn commit(state_dir: &Path, seed: &str, parts: Vec<IndexedPart>) {
    let live: std::collections::HashSet<String> = parts.iter().map(|part| format!("{}.bin", part.name)).collect();
    if let Ok(bytes) = framing::frame(INDEX_MAGIC, &Index { seed: seed.to_string(), parts }) {
        let _ = crate::files::replace_unsynced(&state_dir.join("parts.bin"), &bytes);
    }
    let Ok(files) = std::fs::read_dir(summaries_dir(state_dir)) else { return };
    for file in files.flatten() {
        if !file.file_name().to_str().is_some_and(|name| live.contains(name)) {
            let _ = std::fs::remove_file(file.path());
        }
    }
}

/// Finds, in the stream of units, the parts of the last run that can be taken whole.
pub(super) struct Matcher {
    state_dir: PathBuf,
    output_dir: PathBuf,
    format: Format,
    recorded: Option<TableStamps>,
    /// First document's id → the part's name and number of documents.
    by_first: HashMap<String, (String, u64)>,
}

/// A unit as the producer holds it: the pending unit and its stamp in the last run's manifest.
pub(super) type Unit = (Pending, Option<Stamp>);

impl Matcher {
    /// The last run's parts, when they were made under `seed`.
    pub fn open(state_dir: &Path, output_dir: &Path, format: Format, seed: &str) -> Option<Matcher> {
        let bytes = std::fs::read(state_dir.join("parts.bin")).ok()?;
        let index: Index = framing::unframe(INDEX_MAGIC, &bytes).ok().filter(|index: &Index| index.seed == seed)?;
        let by_first = index.parts.into_iter().map(|part| (part.first_doc_id, (part.name, part.documents))).collect();
        Some(Matcher { state_dir: state_dir.to_path_buf(), output_dir: output_dir.to_path_buf(), format, recorded: tables::recorded_stamps(state_dir), by_first })
    }

    /// The part of the last run that starts with `first`, taken whole with the units after it
    /// from `ahead` then `units`; else `first` back, and the units read for it put back in
    /// `ahead`. Call only where the run starts a part.
    pub fn take_part(&self, first: Unit, ahead: &mut VecDeque<Unit>, units: &mut impl Iterator<Item = Unit>) -> Result<ReusedPart, Unit> {
        let Some((name, documents)) = plain_file(&first.0).and_then(|doc_id| self.by_first.get(&doc_id)) else { return Err(first) };
        let mut read = vec![first];
        while (read.len() as u64) < *documents {
            match ahead.pop_front().or_else(|| units.next()) {
                Some(unit) => read.push(unit),
                None => break,
            }
        }
        match self.summary_if_unchanged(name, &read) {
            Some(summary) => Ok(ReusedPart { name: name.clone(), positions: read.iter().map(|(unit, _)| unit.position()).collect(), summary }),
            None => {
                let mut read = read.into_iter();
                let first = read.next().expect("the first unit");
                for unit in read.rev() {
                    ahead.push_front(unit);
                }
                Err(first)
            }
        }
    }

    /// The part's summary, when its documents are `units` as they were (each a file with the
    /// same id, source, size and time) and its table files are as the last run left them.
    fn summary_if_unchanged(&self, name: &str, units: &[Unit]) -> Option<PartSummary> {
        let bytes = std::fs::read(summary_path(&self.state_dir, name)).ok()?;
        let summary: PartSummary = framing::unframe(SUMMARY_MAGIC, &bytes).ok()?;
        let same = summary.stamps.len() == units.len()
            && summary.stamps.iter().zip(units).all(|(stamp, (unit, _))| {
                let origin = unit.origin();
                !stamp.failed && plain_file(unit).is_some() && stamp.doc_id == origin.doc_id && stamp.source == origin.source && unit.stamp() == Some((stamp.size, stamp.mtime_ns))
            });
        let stem = format!("part-{name}");
        let tables = [(Table::Documents, true), (Table::Sentences, summary.sentences > 0)];
        let as_left = || tables.iter().filter(|(_, has_rows)| *has_rows).all(|(table, _)| tables::part_as_left(&self.output_dir, self.recorded.as_ref(), self.format, *table, &stem));
        (same && as_left()).then_some(summary)
    }
}

/// A file's doc_id, when it is one a part can be taken whole with: its path, which no other
/// unit of a single input root can have (an id with the `#` of a record's could).
pub(super) fn plain_file(unit: &Pending) -> Option<String> {
    let Pending::File(_) = unit else { return None };
    Some(unit.origin().doc_id).filter(|doc_id| !doc_id.contains('#'))
}
