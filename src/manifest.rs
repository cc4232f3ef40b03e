//! The run manifest, `<output>/.textmill/manifest.jsonl`: what the tables in the output directory
//! were built from. JSON Lines, so that a run writes it as documents finish and a reader goes
//! through it line by line; neither holds every document's stamp in memory to write it.
//!
//! * line 1: the header: format, textmill version, each stage's fingerprint and config, the
//!   table format;
//! * one line per document, in the order the run processed them: doc_id, source path, size,
//!   modification time, content sha256, whether it failed;
//! * last line: the number of document lines and a blake3 checksum over them. A manifest
//!   without a matching last line (truncated, edited, damaged) is not trusted.
//!
//! The file is built beside the state as a temporary file and renamed into place after the
//! tables, so it always describes the tables that are in place.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::cache::{Fingerprints, Stamp, FORMAT};
use crate::error::RunError;

pub const FILE_NAME: &str = "manifest.jsonl";

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
    /// "parquet", "csv" or "both" (see `status::table_settings`).
    pub table_format: String,
}

impl Header {
    pub fn new(fingerprints: &Fingerprints, table_format: String) -> Header {
        Header { format: FORMAT, textmill_version: env!("CARGO_PKG_VERSION").to_string(), fingerprints: fingerprints.clone(), table_format }
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
    source: S,
    size: u64,
    mtime_ns: i128,
    sha256: Option<S>,
    failed: bool,
}

/// The last line.
#[derive(Debug, Serialize, Deserialize)]
struct Trailer {
    documents: u64,
    checksum: String,
}

/// A previous run's manifest, read whole (reruns look documents up by id).
#[derive(Debug, Clone)]
pub struct Manifest {
    pub header: Header,
    /// input unit (the doc_id, or `file.jsonl#L<n>`) → stamp.
    pub documents: BTreeMap<String, Stamp>,
}

impl Manifest {
    /// The state of an output directory no run has written.
    pub fn empty(fingerprints: &Fingerprints) -> Manifest {
        let mut header = Header::new(fingerprints, String::new());
        header.fingerprints.stages.clear();
        Manifest { header, documents: BTreeMap::new() }
    }
}

/// Read the manifest in `state_dir`. `Ok(None)`: no run has finished there. `Err`: a warning
/// saying why the manifest that is there cannot be used.
pub fn read(state_dir: &Path) -> Result<Option<Manifest>, String> {
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
        Err(err) => return Err(format!("cannot read {}: {err}; everything will be processed again", path.display())),
    };
    let corrupt = |why: String| format!("{} is corrupt ({why}); everything will be processed again", path.display());
    let mut documents = BTreeMap::new();
    let header = read_lines(file, |line| {
        let unit = line.unit.unwrap_or_else(|| line.doc_id.clone());
        let stamp = Stamp { doc_id: line.doc_id, source: line.source, size: line.size, mtime_ns: line.mtime_ns, sha256: line.sha256, failed: line.failed };
        documents.insert(unit, stamp);
    })
    .map_err(corrupt)?;
    if header.format != FORMAT {
        return Err(format!("{} is from another textmill version; everything will be processed again", path.display()));
    }
    Ok(Some(Manifest { header, documents }))
}

/// The blake3 hashes (first 16 bytes) of every doc_id in the manifest in `state_dir`, sorted:
/// what the cache sweep keeps. Read line by line, after the run's batches are gone.
pub fn doc_id_hashes(state_dir: &Path) -> Result<Vec<[u8; 16]>, String> {
    let file = File::open(state_dir.join(FILE_NAME)).map_err(|err| err.to_string())?;
    let mut hashes = Vec::new();
    read_lines(file, |line| hashes.push(doc_id_hash(&line.doc_id)))?;
    hashes.sort_unstable();
    Ok(hashes)
}

/// The first 16 bytes of blake3(doc_id), which also name the document's cache entry.
pub fn doc_id_hash(doc_id: &str) -> [u8; 16] {
    let mut hash = [0u8; 16];
    hash.copy_from_slice(&blake3::hash(doc_id.as_bytes()).as_bytes()[..16]);
    hash
}

/// Go through a manifest: the header is returned, each document line handed to `document`.
/// Fails unless the last line's count and checksum match the document lines.
fn read_lines(file: File, mut document: impl FnMut(DocumentLine)) -> Result<Header, String> {
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
        document(serde_json::from_str(&line).map_err(|err| format!("document line {count}: {err}"))?);
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
}

impl Writer {
    pub fn create(state_dir: &Path, header: &Header) -> Result<Writer, RunError> {
        let io_error = |source| RunError::Output { path: state_dir.to_path_buf(), source };
        let temp = tempfile::Builder::new().prefix(PARTIAL_PREFIX).tempfile_in(state_dir).map_err(io_error)?;
        let mut file = BufWriter::new(temp);
        serde_json::to_writer(&mut file, header).map_err(|err| io_error(err.into()))?;
        file.write_all(b"\n").map_err(io_error)?;
        Ok(Writer { state_dir: state_dir.to_path_buf(), file, count: 0, checksum: blake3::Hasher::new(), line: Vec::new() })
    }

    /// Add the stamp of input unit `unit` (see [`Manifest::documents`]).
    pub fn add(&mut self, unit: &str, stamp: &Stamp) -> Result<(), RunError> {
        self.line.clear();
        let line = DocumentLine {
            doc_id: stamp.doc_id.as_str(),
            unit: (unit != stamp.doc_id).then_some(unit),
            source: stamp.source.as_str(),
            size: stamp.size,
            mtime_ns: stamp.mtime_ns,
            sha256: stamp.sha256.as_deref(),
            failed: stamp.failed,
        };
        serde_json::to_writer(&mut self.line, &line).map_err(|err| self.error(err.into()))?;
        self.line.push(b'\n');
        self.checksum.update(&self.line);
        self.count += 1;
        let written = self.file.write_all(&self.line);
        written.map_err(|err| self.error(err))
    }

    /// Finish the file, sync it and rename it into place (after the tables are committed).
    pub fn commit(mut self) -> Result<(), RunError> {
        let trailer = Trailer { documents: self.count, checksum: self.checksum.finalize().to_hex().to_string() };
        serde_json::to_writer(&mut self.file, &trailer).map_err(|err| self.error(err.into()))?;
        self.file.write_all(b"\n").map_err(|err| self.error(err))?;
        let temp = self.file.into_inner().map_err(|err| RunError::Output { path: self.state_dir.clone(), source: err.into_error() })?;
        let path = self.state_dir.join(FILE_NAME);
        temp.as_file().sync_all().map_err(|source| RunError::Output { path: path.clone(), source })?;
        temp.persist(&path).map_err(|err| RunError::Output { path: path.clone(), source: err.error })?;
        let _ = std::fs::remove_file(self.state_dir.join(OLD_FILE_NAME));
        crate::tables::sync_dir(&self.state_dir);
        Ok(())
    }

    fn error(&self, source: std::io::Error) -> RunError {
        RunError::Output { path: self.state_dir.clone(), source }
    }
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
        Stamp { doc_id: doc_id.into(), source: source.into(), size: 12, mtime_ns: -5, sha256: sha.map(String::from), failed: sha.is_none() }
    }

    fn fingerprints() -> Fingerprints {
        Fingerprints::chain("base", std::array::from_fn(|i| (serde_json::json!({ "stage": i }), String::new())))
    }

    #[test]
    fn round_trip_and_damage() {
        let dir = tempfile::tempdir().unwrap();
        assert!(read(dir.path()).unwrap().is_none());
        let mut writer = Writer::create(dir.path(), &Header::new(&fingerprints(), "both".into())).unwrap();
        writer.add("b.txt", &stamp("b.txt", "in/b.txt", Some("00ff"))).unwrap();
        writer.add("a \"quoted\"\nid", &stamp("a \"quoted\"\nid", "in/a.txt", None)).unwrap();
        writer.add("feed.jsonl#L3", &stamp("feed.jsonl#x7", "in/feed.jsonl", Some("aa"))).unwrap();
        // Not in place until committed.
        assert!(read(dir.path()).unwrap().is_none());
        writer.commit().unwrap();
        let manifest = read(dir.path()).unwrap().unwrap();
        assert_eq!(manifest.header.table_format, "both");
        assert_eq!(manifest.header.fingerprints, fingerprints());
        assert_eq!(manifest.documents.len(), 3);
        assert_eq!(manifest.documents["b.txt"], stamp("b.txt", "in/b.txt", Some("00ff")));
        assert_eq!(manifest.documents["a \"quoted\"\nid"], stamp("a \"quoted\"\nid", "in/a.txt", None));
        // Keyed by the input unit; the cache entry is the document's.
        assert_eq!(manifest.documents["feed.jsonl#L3"], stamp("feed.jsonl#x7", "in/feed.jsonl", Some("aa")));
        let mut hashes = vec![doc_id_hash("b.txt"), doc_id_hash("a \"quoted\"\nid"), doc_id_hash("feed.jsonl#x7")];
        hashes.sort_unstable();
        assert_eq!(doc_id_hashes(dir.path()).unwrap(), hashes);

        let path = dir.path().join(FILE_NAME);
        let good = std::fs::read_to_string(&path).unwrap();
        let lines: Vec<&str> = good.lines().collect();
        // Truncated before the last line; a document line dropped; a document line edited.
        let damaged = [
            lines[..3].join("\n"),
            [lines[0], lines[1], lines[3], lines[4]].join("\n"),
            good.replace("\"size\":12", "\"size\":13"),
        ];
        for text in damaged {
            std::fs::write(&path, text).unwrap();
            let warning = read(dir.path()).unwrap_err();
            assert!(warning.contains("is corrupt"), "{warning}");
        }
        std::fs::remove_file(&path).unwrap();
        std::fs::write(dir.path().join(OLD_FILE_NAME), "{}").unwrap();
        assert!(read(dir.path()).unwrap_err().contains("another textmill version"));
    }

    #[test]
    fn killed_runs_leave_only_partial_files_that_the_next_run_removes() {
        let dir = tempfile::tempdir().unwrap();
        let writer = Writer::create(dir.path(), &Header::new(&fingerprints(), "csv".into())).unwrap();
        let (_file, kept) = writer.file.into_inner().unwrap().keep().unwrap(); // as if killed
        assert!(kept.exists());
        assert!(read(dir.path()).unwrap().is_none());
        remove_partial(dir.path());
        assert!(!kept.exists());
    }
}
