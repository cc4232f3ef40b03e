//! The run manifest, `<output>/.textmill/manifest.jsonl`: what the tables in the output directory
//! were built from. JSON Lines, so that a run writes it as documents finish and a reader goes
//! through it line by line; neither holds every document's stamp in memory to write it.
//!
//! * line 1: the header: format, textmill version, each stage's fingerprint and config, the
//!   table format;
//! * one line per document, in input order (see [`Position`]): doc_id, input root and JSONL
//!   line, source path, size, modification time, content sha256, whether it failed;
//! * last line: the number of document lines and a blake3 checksum over them. A manifest
//!   without a matching last line (truncated, edited, damaged) is not trusted.
//!
//! The file is built beside the state as a temporary file and renamed into place after the
//! tables, so it always describes the tables that are in place. Because it is in input order,
//! a rerun matches it against the walk of the inputs in one pass, one line in memory at a time
//! ([`Units`], [`Sources`]); only when `input.paths` changed does it fall back to a map.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::fingerprint::{Fingerprints, FORMAT};
use crate::error::RunError;
use crate::source::Position;

pub const FILE_NAME: &str = "manifest.jsonl";

/// Where a document came from, as of the run that processed it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Stamp {
    /// The document's id, which names its cache entry. The manifest is keyed by the input unit
    /// (a file, or a JSONL line `file#L<n>`); a JSONL record with an id field is `file#<id>`.
    pub doc_id: String,
    pub source: String,
    pub size: u64,
    pub mtime_ns: i128,
    /// Content sha256; `None` when the document failed before it could be read.
    pub sha256: Option<String>,
    /// The document failed: retried on every run, but for a failure for what its source holds,
    /// which stands while the source is unchanged (see [`Stamp::replayable_failure`]).
    #[serde(default)]
    pub failed: bool,
    /// Why it failed: the stage and the message of its `errors` row (`textmill merge` writes
    /// that row from here).
    #[serde(default)]
    pub error: Option<(String, String)>,
    /// A unit of a shard run that belongs to another shard: listed (once per file of records)
    /// only so that `status` knows its source; no document of this output.
    #[serde(default)]
    pub elsewhere: bool,
}

/// Which failures of the last run a run answers again without reading their unchanged sources.
#[derive(Debug, Clone, Copy, Default)]
pub struct Replay {
    /// Failures for what a source holds (binary, empty, not UTF-8, over the size limit): the
    /// same program and ingest settings read it the same way.
    pub failures: bool,
    /// Documents dropped for an earlier document's id: only while no source changed or went
    /// (the earlier document may have, and then the later one is kept).
    pub duplicates: bool,
}

impl Stamp {
    /// The stage and message of this unit's failure in the last run when `replay` says it
    /// stands as long as the source is unchanged (not a failure to read it, which may pass,
    /// nor one of a later stage, whose settings may have changed since).
    pub fn replayable_failure(&self, replay: Replay) -> Option<(&str, &str)> {
        let (stage, message) = self.error.as_ref().filter(|_| self.failed && replay.failures)?;
        let stands = stage == "ingest" && !crate::error::DocumentError::is_read_failure(message) && (replay.duplicates || !crate::error::DocumentError::is_duplicate_id(message));
        stands.then_some((stage.as_str(), message.as_str()))
    }

    pub fn same_file(&self, other: &Stamp) -> bool {
        self.source == other.source && self.size == other.size && self.mtime_ns == other.mtime_ns
    }
}

/// The manifest of format 2 and earlier (one JSON document); its presence means "another version".
const OLD_FILE_NAME: &str = "manifest.json";

/// Temporary manifests of runs that were killed are removed by the next run.
const PARTIAL_PREFIX: &str = "manifest-partial-";

/// Everything the manifest says besides the documents.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Header {
    pub format: u32,
    pub textmill_version: String,
    pub fingerprints: Fingerprints,
    /// The table settings, "parquet+parquet_zstd", "both+...+dataset" (see `plan::table_settings`).
    pub table_format: String,
    /// `input.paths` of the run, made absolute: the roots that document lines' `root` indexes.
    pub input_paths: Vec<String>,
    /// `I/N` for a shard run (`--shard`); none for a whole corpus.
    #[serde(default)]
    pub shard: Option<String>,
    /// `input.paths` as `documents.source` shows them (relative to the config file's folder):
    /// the shards of one project checked out at other places read the same inputs.
    #[serde(default)]
    pub inputs_shown: Vec<String>,
}

impl Header {
    pub fn new(fingerprints: &Fingerprints, table_format: String, input_paths: &[String]) -> Header {
        Header {
            format: FORMAT,
            textmill_version: env!("CARGO_PKG_VERSION").to_string(),
            fingerprints: fingerprints.clone(),
            table_format,
            // Absolute: the same config can be named from its directory and from elsewhere.
            input_paths: absolute_paths(input_paths),
            shard: None,
            inputs_shown: Vec::new(),
        }
    }
}

/// One document line: owned when read, borrowed when written.
#[derive(Debug, Serialize, Deserialize)]
struct DocumentLine<S = String> {
    doc_id: S,
    /// The input unit, when it is not the doc_id: `file.jsonl#L<n>` for a JSONL record whose id
    /// field made the doc_id `file.jsonl#<id>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    unit: Option<S>,
    root: usize,
    /// The JSONL line (none for a whole file).
    #[serde(default, skip_serializing_if = "is_zero")]
    line: usize,
    source: S,
    size: u64,
    mtime_ns: i128,
    sha256: Option<S>,
    failed: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    error: Option<(S, S)>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    elsewhere: bool,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl DocumentLine {
    fn into_record(self) -> Record {
        let unit = self.unit.unwrap_or_else(|| self.doc_id.clone());
        let relative = match self.line {
            0 => unit,
            line => unit.strip_suffix(&format!("#L{line}")).map(str::to_string).unwrap_or(unit),
        };
        let stamp = Stamp {
            doc_id: self.doc_id,
            source: self.source,
            size: self.size,
            mtime_ns: self.mtime_ns,
            sha256: self.sha256,
            failed: self.failed,
            error: self.error,
            elsewhere: self.elsewhere,
        };
        Record { position: Position { root: self.root, relative, line: self.line }, stamp }
    }
}

/// One document of a previous run: where its unit stood, and its stamp.
#[derive(Debug, Clone)]
pub struct Record {
    pub position: Position,
    pub stamp: Stamp,
}

/// The last line.
#[derive(Debug, Serialize, Deserialize)]
struct Trailer {
    documents: u64,
    checksum: String,
}

/// A previous run's manifest, checked; its documents are read again as they are matched.
#[derive(Debug)]
pub struct Previous {
    pub header: Header,
    path: PathBuf,
    /// Unit id → record, only when `input.paths` changed since (input order no longer matches).
    map: Option<BTreeMap<String, Record>>,
}

impl Previous {
    /// The state of an output directory no run has written.
    pub fn empty(fingerprints: &Fingerprints, input_paths: &[String]) -> Previous {
        let mut header = Header::new(fingerprints, String::new(), input_paths);
        header.fingerprints.stages.clear();
        Previous { header, path: PathBuf::new(), map: Some(BTreeMap::new()) }
    }

    /// Every document line, in the order the run wrote them (input order).
    pub fn records(&self) -> Records {
        Records::open(&self.path)
    }

    /// Matches units in input order with their stamps (for a run).
    pub fn units(&self) -> Units<'_> {
        match &self.map {
            Some(map) => Units::Map(map),
            None => Units::Stream { records: Records::open(&self.path), next: None },
        }
    }

    /// Matches sources in input order with the stamp of their first unit (for `status`).
    pub fn sources(&self) -> Sources<'_> {
        match &self.map {
            Some(map) => {
                let mut by_source = BTreeMap::new();
                for record in map.values() {
                    by_source.entry(record.stamp.source.as_str()).or_insert(&record.stamp);
                }
                Sources::Map { by_source, by_unit: map, seen: Default::default() }
            }
            None => Sources::Stream { records: Records::open(&self.path), next: None, deleted: Vec::new() },
        }
    }
}

/// Open the manifest in `state_dir` after checking it whole. `Ok(None)`: no run has finished
/// there. `Err`: a warning saying why the manifest that is there cannot be used.
pub fn open(state_dir: &Path, input_paths: &[String]) -> Result<Option<Previous>, String> {
    let path = state_dir.join(FILE_NAME);
    let file = match File::open(&path) {
        Ok(file) => file,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            let old = state_dir.join(OLD_FILE_NAME);
            return match old.exists() {
                true => Err(format!("{} is from another textmill version; everything will be processed again", old.display())),
                false => Ok(None),
            };
        }
        Err(err) => return Err(format!("cannot read {}: {err}; every source will be read again", path.display())),
    };
    let corrupt = |why: String| format!("{} is corrupt ({why}); every source will be read again", path.display());
    // The order of the lines follows `input.paths`: with other paths, look units up by id.
    let mut map = BTreeMap::new();
    let header = read_lines(file, |header, line| {
        if !same_inputs(&header.input_paths, input_paths) {
            let record = line.into_record();
            map.insert(record.position.unit_id(), record);
        }
    })
    .map_err(corrupt)?;
    if header.format != FORMAT {
        return Err(format!("{} is from another textmill version; everything will be processed again", path.display()));
    }
    let in_order = same_inputs(&header.input_paths, input_paths);
    Ok(Some(Previous { header, path, map: (!in_order).then_some(map) }))
}

/// Whether two lists of input paths name the same inputs: equal, or equal once each is made
/// absolute with `.` and `..` resolved (`../r1` read from /srv/cfg and `/srv/r1`: one config
/// named from its directory and from elsewhere).
pub fn same_inputs(a: &[String], b: &[String]) -> bool {
    a == b || (a.len() == b.len() && a.iter().zip(b).all(|(x, y)| normalised(x).is_some_and(|x| Some(x) == normalised(y))))
}

/// Input paths as the manifest keeps them: absolute, `.` and `..` resolved.
pub fn absolute_paths(paths: &[String]) -> Vec<String> {
    paths.iter().map(|path| normalised(path).map_or_else(|| path.clone(), |p| p.to_string_lossy().into_owned())).collect()
}

fn normalised(path: &str) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for component in std::path::absolute(path).ok()?.components() {
        match component {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    Some(out)
}

/// The manifest in `state_dir`, checked, to be read in its own order ([`Previous::records`]).
/// `Ok(None)`: no run has finished there.
pub fn open_as_written(state_dir: &Path) -> Result<Option<Previous>, String> {
    let path = state_dir.join(FILE_NAME);
    let file = match File::open(&path) {
        Ok(file) => file,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(err) => return Err(format!("cannot read {}: {err}", path.display())),
    };
    let header = read_lines(file, |_, _| {}).map_err(|why| format!("{} is corrupt ({why})", path.display()))?;
    Ok(Some(Previous { header, path, map: None }))
}

/// A previous manifest's records in file order (an unreadable line ends them: the file was
/// checked when it was opened, and a unit that is not matched is only read again).
pub struct Records {
    lines: Option<std::io::Lines<BufReader<File>>>,
}

impl Records {
    fn open(path: &Path) -> Records {
        let mut lines = File::open(path).ok().map(|file| BufReader::new(file).lines());
        if let Some(lines) = &mut lines {
            lines.next(); // the header
        }
        Records { lines }
    }
}

impl Iterator for Records {
    type Item = Record;

    fn next(&mut self) -> Option<Record> {
        let line = self.lines.as_mut()?.next()?.ok()?;
        match serde_json::from_str::<DocumentLine>(&line) {
            Ok(line) => Some(line.into_record()),
            Err(_) => {
                self.lines = None; // the last line, or damage
                None
            }
        }
    }
}

/// A run's matcher: units come in input order, and so do the manifest's lines.
pub enum Units<'a> {
    Stream { records: Records, next: Option<Record> },
    Map(&'a BTreeMap<String, Record>),
}

impl Units<'_> {
    /// The previous stamp of the unit at `position`, if it was there.
    pub fn take(&mut self, position: &Position) -> Option<Stamp> {
        match self {
            Units::Map(map) => map.get(&position.unit_id()).map(|record| record.stamp.clone()),
            Units::Stream { records, next } => loop {
                let record = next.take().or_else(|| records.next())?;
                match record.position.cmp(position) {
                    std::cmp::Ordering::Less => continue, // its unit is gone
                    std::cmp::Ordering::Equal => return Some(record.stamp),
                    std::cmp::Ordering::Greater => {
                        *next = Some(record); // `position` is a new unit
                        return None;
                    }
                }
            },
        }
    }
}

impl Units<'_> {
    /// Every previous record of the source at `position` (a JSONL or JSON file's), in order,
    /// taken out of the matcher. None when `input.paths` changed since: its units are then
    /// matched one by one.
    pub fn take_source(&mut self, position: &Position) -> Vec<Record> {
        let Units::Stream { records, next } = self else { return Vec::new() };
        let mut taken = Vec::new();
        loop {
            let Some(record) = next.take().or_else(|| records.next()) else { return taken };
            match record.position.cmp_source(position) {
                std::cmp::Ordering::Less => continue, // its source is gone
                std::cmp::Ordering::Equal => taken.push(record),
                std::cmp::Ordering::Greater => {
                    *next = Some(record);
                    return taken;
                }
            }
        }
    }
}

/// `status`'s matcher: sources come in input order; the sources left over are deleted.
pub enum Sources<'a> {
    Stream { records: Records, next: Option<Record>, deleted: Vec<String> },
    Map { by_source: BTreeMap<&'a str, &'a Stamp>, by_unit: &'a BTreeMap<String, Record>, seen: std::collections::HashSet<String> },
}

impl Sources<'_> {
    /// The stamp of the first unit the previous run read from the source at `position`
    /// (`source` is its path).
    pub fn take(&mut self, position: &Position, source: &str) -> Option<Stamp> {
        match self {
            Sources::Map { by_source, by_unit, seen } => {
                seen.insert(source.to_string());
                if let Some(stamp) = by_source.get(source) {
                    return Some((*stamp).clone());
                }
                // The inputs moved (other input.paths): the same path under its input root, as
                // the run matches it (a file, or the first line of a JSONL file).
                let record = by_unit.get(&position.relative).or_else(|| by_unit.get(&format!("{}#L1", position.relative)))?;
                seen.insert(record.stamp.source.clone());
                Some(record.stamp.clone())
            }
            Sources::Stream { records, next, deleted } => loop {
                let record = next.take().or_else(|| records.next())?;
                match record.position.cmp_source(position) {
                    std::cmp::Ordering::Less => push_deleted(deleted, record.stamp.source),
                    std::cmp::Ordering::Equal => {
                        // The source's other units (JSONL lines) follow it.
                        *next = records.by_ref().find(|other| other.position.cmp_source(position) != std::cmp::Ordering::Equal);
                        return Some(record.stamp);
                    }
                    std::cmp::Ordering::Greater => {
                        *next = Some(record);
                        return None;
                    }
                }
            },
        }
    }

    /// The previous run's sources that were not taken, in order.
    pub fn deleted(self) -> Vec<String> {
        match self {
            Sources::Map { by_source, seen, .. } => by_source.into_keys().filter(|source| !seen.contains(*source)).map(str::to_string).collect(),
            Sources::Stream { records, next, mut deleted } => {
                for record in next.into_iter().chain(records) {
                    push_deleted(&mut deleted, record.stamp.source);
                }
                deleted
            }
        }
    }
}

/// Consecutive units of one deleted source are one deleted source.
fn push_deleted(deleted: &mut Vec<String>, source: String) {
    if deleted.last() != Some(&source) {
        deleted.push(source);
    }
}

/// The first 16 bytes of blake3(doc_id), which also name the document's cache entry.
pub fn doc_id_hash(doc_id: &str) -> [u8; 16] {
    let mut hash = [0u8; 16];
    hash.copy_from_slice(&blake3::hash(doc_id.as_bytes()).as_bytes()[..16]);
    hash
}

/// Go through a manifest: each document line is handed to `document` with the header, which
/// is returned. Fails unless the last line's count and checksum match the document lines.
fn read_lines(file: File, mut document: impl FnMut(&Header, DocumentLine)) -> Result<Header, String> {
    let mut lines = BufReader::new(file).lines();
    let first = lines.next().ok_or("empty file")?.map_err(|err| err.to_string())?;
    let header: Header = serde_json::from_str(&first).map_err(|err| format!("header: {err}"))?;
    let (mut count, mut checksum) = (0u64, blake3::Hasher::new());
    for line in lines {
        let line = line.map_err(|err| err.to_string())?;
        if line.starts_with("{\"documents\"") {
            let trailer: Trailer = serde_json::from_str(&line).map_err(|err| format!("last line: {err}"))?;
            if trailer.documents != count || trailer.checksum != checksum.finalize().to_hex().as_str() {
                return Err("the document lines do not match the checksum".into());
            }
            return Ok(header);
        }
        checksum.update(line.as_bytes());
        checksum.update(b"\n");
        count += 1;
        document(&header, serde_json::from_str(&line).map_err(|err| format!("document line {count}: {err}"))?);
    }
    Err("the last line is missing (the file is truncated)".into())
}

/// Writes a manifest as the run goes, into a temporary file in the state directory.
pub struct Writer {
    state_dir: PathBuf,
    file: BufWriter<tempfile::NamedTempFile>,
    count: u64,
    checksum: blake3::Hasher,
    line: Vec<u8>,
    /// `doc_id_hash` of every document line: the cache entries this manifest keeps alive.
    listed: Vec<[u8; 16]>,
}

impl Writer {
    pub fn create(state_dir: &Path, header: &Header) -> Result<Writer, RunError> {
        let io_error = |source| RunError::Output { path: state_dir.to_path_buf(), source };
        let temp = tempfile::Builder::new().prefix(PARTIAL_PREFIX).tempfile_in(state_dir).map_err(io_error)?;
        let mut file = BufWriter::new(temp);
        serde_json::to_writer(&mut file, header).map_err(|err| io_error(err.into()))?;
        file.write_all(b"\n").map_err(io_error)?;
        Ok(Writer { state_dir: state_dir.to_path_buf(), file, count: 0, checksum: blake3::Hasher::new(), line: Vec::new(), listed: Vec::new() })
    }

    /// Add the stamp of the unit at `position`; units come in input order.
    pub fn add(&mut self, position: &Position, stamp: &Stamp) -> Result<(), RunError> {
        self.line.clear();
        let unit = position.unit_id();
        let line = DocumentLine {
            doc_id: stamp.doc_id.as_str(),
            unit: (unit != stamp.doc_id).then_some(unit.as_str()),
            root: position.root,
            line: position.line,
            source: stamp.source.as_str(),
            size: stamp.size,
            mtime_ns: stamp.mtime_ns,
            sha256: stamp.sha256.as_deref(),
            failed: stamp.failed,
            error: stamp.error.as_ref().map(|(stage, message)| (stage.as_str(), message.as_str())),
            elsewhere: stamp.elsewhere,
        };
        serde_json::to_writer(&mut self.line, &line).map_err(|err| self.error(err.into()))?;
        self.line.push(b'\n');
        self.checksum.update(&self.line);
        self.count += 1;
        self.listed.push(doc_id_hash(&stamp.doc_id));
        let written = self.file.write_all(&self.line);
        written.map_err(|err| self.error(err))
    }

    /// Finish the file, sync it and rename it into place (after the tables are committed).
    /// The entry names ([`doc_id_hash`]) of the documents added so far, sorted (16 bytes each);
    /// the writer forgets them.
    pub fn take_listed_entries(&mut self) -> Vec<[u8; 16]> {
        let mut listed = std::mem::take(&mut self.listed);
        listed.sort_unstable();
        listed
    }

    pub fn commit(mut self) -> Result<(), RunError> {
        let trailer = Trailer { documents: self.count, checksum: self.checksum.finalize().to_hex().to_string() };
        serde_json::to_writer(&mut self.file, &trailer).map_err(|err| self.error(err.into()))?;
        self.file.write_all(b"\n").map_err(|err| self.error(err))?;
        let temp = self.file.into_inner().map_err(|err| RunError::Output { path: self.state_dir.clone(), source: err.into_error() })?;
        let path = self.state_dir.join(FILE_NAME);
        temp.as_file().sync_all().map_err(|source| RunError::Output { path: path.clone(), source })?;
        temp.persist(&path).map_err(|err| RunError::Output { path: path.clone(), source: err.error })?;
        let _ = std::fs::remove_file(self.state_dir.join(OLD_FILE_NAME));
        crate::files::sync_dir(&self.state_dir);
        Ok(())
    }

    fn error(&self, source: std::io::Error) -> RunError {
        RunError::Output { path: self.state_dir.clone(), source }
    }
}

/// Whether a run was killed before it renamed its manifest into place (its temporary one is
/// left): the cache may then hold that run's entries, not the last manifest's.
pub fn has_partial(state_dir: &Path) -> bool {
    let Ok(entries) = std::fs::read_dir(state_dir) else { return false };
    entries.flatten().any(|entry| entry.file_name().to_string_lossy().starts_with(PARTIAL_PREFIX))
}

/// Remove the temporary manifests of killed runs (the caller holds the run lock).
pub fn remove_partial(state_dir: &Path) {
    let Ok(entries) = std::fs::read_dir(state_dir) else { return };
    for entry in entries.flatten() {
        if entry.file_name().to_string_lossy().starts_with(PARTIAL_PREFIX) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stamp(doc_id: &str, source: &str, sha: Option<&str>) -> Stamp {
        Stamp { doc_id: doc_id.into(), source: source.into(), size: 12, mtime_ns: -5, sha256: sha.map(String::from), failed: sha.is_none(), error: None, elsewhere: false }
    }

    fn at(root: usize, relative: &str, line: usize) -> Position {
        Position { root, relative: relative.into(), line }
    }

    fn fingerprints() -> Fingerprints {
        Fingerprints::chain("base", std::array::from_fn(|i| (serde_json::json!({ "stage": i }), String::new())))
    }

    fn paths() -> Vec<String> {
        vec!["in".into(), "more".into()]
    }

    /// A manifest of units in input order: in/a.txt, in/b/c.txt, in/feed.jsonl (lines 1 and 3,
    /// the second with an id field), in/z "quoted".txt (failed), more/other.txt.
    fn write_sample(dir: &Path) {
        let mut writer = Writer::create(dir, &Header::new(&fingerprints(), "both".into(), &paths())).unwrap();
        writer.add(&at(0, "a.txt", 0), &stamp("a.txt", "in/a.txt", Some("aa"))).unwrap();
        writer.add(&at(0, "b/c.txt", 0), &stamp("b/c.txt", "in/b/c.txt", Some("bc"))).unwrap();
        writer.add(&at(0, "feed.jsonl", 1), &stamp("feed.jsonl#L1", "in/feed.jsonl", Some("f1"))).unwrap();
        writer.add(&at(0, "feed.jsonl", 3), &stamp("feed.jsonl#x7", "in/feed.jsonl", Some("f3"))).unwrap();
        writer.add(&at(0, "z \"quoted\".txt", 0), &stamp("z \"quoted\".txt", "in/z \"quoted\".txt", None)).unwrap();
        writer.add(&at(1, "other.txt", 0), &stamp("other.txt", "more/other.txt", Some("mo"))).unwrap();
        let mut hashes = ["a.txt", "b/c.txt", "feed.jsonl#L1", "feed.jsonl#x7", "z \"quoted\".txt", "other.txt"].map(doc_id_hash).to_vec();
        hashes.sort_unstable();
        assert_eq!(writer.take_listed_entries(), hashes, "the entries the manifest keeps alive");
        // Not in place until committed.
        assert!(open(dir, &paths()).unwrap().is_none());
        writer.commit().unwrap();
    }

    #[test]
    fn units_are_matched_in_one_pass_and_by_id_when_the_paths_changed() {
        let dir = tempfile::tempdir().unwrap();
        assert!(open(dir.path(), &paths()).unwrap().is_none());
        write_sample(dir.path());
        // The walk now: a.txt gone, b/a.txt new, the rest as before (and a JSONL line 2 new).
        let walk = [at(0, "b/a.txt", 0), at(0, "b/c.txt", 0), at(0, "feed.jsonl", 1), at(0, "feed.jsonl", 2), at(0, "feed.jsonl", 3), at(0, "z \"quoted\".txt", 0), at(1, "other.txt", 0)];
        let expected = [None, Some("bc"), Some("f1"), None, Some("f3"), None, Some("mo")];
        let streamed = open(dir.path(), &paths()).unwrap().unwrap();
        assert!(streamed.map.is_none(), "same input paths: matched in order");
        assert_eq!(streamed.header.table_format, "both");
        assert_eq!(streamed.header.fingerprints, fingerprints());
        let moved = open(dir.path(), &["elsewhere".to_string()]).unwrap().unwrap();
        assert_eq!(moved.map.as_ref().map(BTreeMap::len), Some(6), "other input paths: looked up by unit id");
        for previous in [streamed, moved] {
            let mut units = previous.units();
            let found: Vec<Option<String>> = walk.iter().map(|p| units.take(p).and_then(|s| s.sha256)).collect();
            assert_eq!(found, expected.map(|sha| sha.map(String::from)));
        }
        // The id-named JSONL record keeps its document id (its cache entry's name).
        let previous = open(dir.path(), &paths()).unwrap().unwrap();
        assert_eq!(previous.units().take(&at(0, "feed.jsonl", 3)).unwrap().doc_id, "feed.jsonl#x7");
    }

    #[test]
    fn sources_left_over_are_deleted() {
        let dir = tempfile::tempdir().unwrap();
        write_sample(dir.path());
        for input_paths in [paths(), vec!["in".to_string(), "more".to_string(), "new".to_string()]] {
            let previous = open(dir.path(), &input_paths).unwrap().unwrap();
            let mut sources = previous.sources();
            assert_eq!(sources.take(&at(0, "b/c.txt", 0), "in/b/c.txt").unwrap().sha256.as_deref(), Some("bc"));
            assert_eq!(sources.take(&at(0, "feed.jsonl", 0), "in/feed.jsonl").unwrap().sha256.as_deref(), Some("f1"));
            assert!(sources.take(&at(0, "new.txt", 0), "in/new.txt").is_none());
            assert_eq!(sources.deleted(), ["in/a.txt", "in/z \"quoted\".txt", "more/other.txt"]);
        }
    }

    #[test]
    fn damage_and_old_versions_are_warnings() {
        let dir = tempfile::tempdir().unwrap();
        write_sample(dir.path());
        let path = dir.path().join(FILE_NAME);
        let good = std::fs::read_to_string(&path).unwrap();
        let lines: Vec<&str> = good.lines().collect();
        // Truncated before the last line; a document line dropped; a document line edited.
        let damaged = [lines[..4].join("\n"), [&lines[..2], &lines[3..]].concat().join("\n"), good.replacen("\"size\":12", "\"size\":13", 1)];
        for text in damaged {
            std::fs::write(&path, text).unwrap();
            let warning = open(dir.path(), &paths()).unwrap_err();
            assert!(warning.contains("is corrupt"), "{warning}");
        }
        std::fs::remove_file(&path).unwrap();
        std::fs::write(dir.path().join(OLD_FILE_NAME), "{}").unwrap();
        assert!(open(dir.path(), &paths()).unwrap_err().contains("another textmill version"));
    }

    #[test]
    fn killed_runs_leave_only_partial_files_that_the_next_run_removes() {
        let dir = tempfile::tempdir().unwrap();
        let writer = Writer::create(dir.path(), &Header::new(&fingerprints(), "csv".into(), &paths())).unwrap();
        let (_file, kept) = writer.file.into_inner().unwrap().keep().unwrap(); // as if killed
        assert!(kept.exists());
        assert!(open(dir.path(), &paths()).unwrap().is_none());
        remove_partial(dir.path());
        assert!(!kept.exists());
    }
}
