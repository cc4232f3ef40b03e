//! Batch reuse: a rerun copies the encoded rows of batches whose documents are all unchanged
//! from the tables in place, instead of reading each document's cache entry and encoding its
//! rows again.
//!
//! Every batch whose documents all came out gets a key: blake3 of the stage fingerprints, the
//! table settings and each document's (doc_id, source, content sha256), in order. The state
//! directory keeps, per key:
//!
//! * in `batches.json`, where the batch's rows sit in the documents and sentences files: a byte
//!   span and the blake3 of its bytes ([`Placement`]); rewritten by every run, after its tables;
//! * in `batches/<key>.bin`, the batch's mentions as the aggregate pass reads them (the
//!   entity catalog is rebuilt from them), framed and checksummed like a cache entry.
//!
//! A run that meets a batch with the same key, every source unchanged since the last run by
//! size and modification time, checks each span's bytes against their hash and then copies
//! them: CSV lines as they are, Parquet pages still compressed. Anything that does not check
//! out (a table edited by hand, damaged state, a crash between two files) means the batch is
//! processed the usual way, so reuse saves time and never changes a table.

use std::collections::HashMap;
use std::fs::File;
use std::io::{Cursor, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use polars_parquet::parquet::metadata::FileMetadata;
use polars_parquet::parquet::page::CompressedPage;
use polars_parquet::parquet::read::PageReader;
use serde::{Deserialize, Serialize};

use crate::cache::{frame, unframe, Fingerprints};
use crate::config::Format;
use crate::tables::{EncodedRows, Placement, Span, Table};

const INDEX_FILE: &str = "batches.json";
const MENTIONS_DIR: &str = "batches";
const MENTIONS_MAGIC: &[u8; 8] = b"TMBATCH1";
/// Bump when the index or the mentions layout changes.
const INDEX_FORMAT: u32 = 3;

/// What a batch's key starts from: everything besides its documents that its rows depend on.
pub fn run_fingerprint(fingerprints: &Fingerprints, table_settings: &str) -> String {
    let stages = serde_json::to_string(&fingerprints.stages).unwrap_or_default();
    format!("{stages} {table_settings}")
}

/// Builds a batch's key from its documents, in order.
pub struct KeyBuilder(blake3::Hasher);

impl KeyBuilder {
    pub fn new(run_fingerprint: &str) -> KeyBuilder {
        let mut hasher = blake3::Hasher::new();
        hasher.update(&INDEX_FORMAT.to_le_bytes());
        add_text(&mut hasher, run_fingerprint);
        KeyBuilder(hasher)
    }

    pub fn add(&mut self, doc_id: &str, source: &str, sha256: &str) {
        for text in [doc_id, source, sha256] {
            add_text(&mut self.0, text);
        }
    }

    pub fn finish(self) -> String {
        self.0.finalize().to_hex().to_string()
    }
}

/// Length-prefixed, so that no two lists of texts hash alike.
fn add_text(hasher: &mut blake3::Hasher, text: &str) {
    hasher.update(&(text.len() as u64).to_le_bytes());
    hasher.update(text.as_bytes());
}

/// One batch of a run: its key, what it counted, and where its rows went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchRecord {
    pub key: String,
    pub documents: u64,
    pub words: u64,
    pub placements: Vec<Placement>,
}

/// `batches.json` (written from borrowed records, read into owned ones).
#[derive(Serialize, Deserialize)]
struct IndexFile<'a> {
    format: u32,
    batches: std::borrow::Cow<'a, [BatchRecord]>,
}

/// The batches of the last run by key; empty when there is no usable index.
pub fn read_index(state_dir: &Path) -> HashMap<String, BatchRecord> {
    let Ok(bytes) = std::fs::read(state_dir.join(INDEX_FILE)) else { return HashMap::new() };
    match serde_json::from_slice::<IndexFile>(&bytes) {
        Ok(index) if index.format == INDEX_FORMAT => index.batches.into_owned().into_iter().map(|record| (record.key.clone(), record)).collect(),
        _ => HashMap::new(),
    }
}

/// Replace the index with this run's batches (atomically: it must match the tables in place
/// or be ignored, and a span's hash decides which).
pub fn write_index(state_dir: &Path, batches: &[BatchRecord]) -> Result<(), crate::error::RunError> {
    let index = IndexFile { format: INDEX_FORMAT, batches: std::borrow::Cow::Borrowed(batches) };
    let json = serde_json::to_vec(&index).expect("the index serialises");
    crate::tables::write_atomically(&state_dir.join(INDEX_FILE), &json)
}

fn mentions_path(state_dir: &Path, key: &str) -> PathBuf {
    mentions_file(&state_dir.join(MENTIONS_DIR), key)
}

fn mentions_file(mentions_dir: &Path, key: &str) -> PathBuf {
    mentions_dir.join(format!("{key}.bin"))
}

/// Keeps a batch's spilled mentions for the runs after this one, written as they are spilled
/// (a batch of long documents has megabytes of them) into a temporary file that `finish` frames
/// like [`frame`] and renames to `batches/<key>.bin`.
pub struct MentionsWriter {
    file: std::io::BufWriter<tempfile::NamedTempFile>,
    dir: PathBuf,
    hasher: blake3::Hasher,
    len: u64,
}

impl MentionsWriter {
    pub fn create(state_dir: &Path) -> std::io::Result<MentionsWriter> {
        let dir = state_dir.join(MENTIONS_DIR);
        std::fs::create_dir_all(&dir)?;
        let mut file = std::io::BufWriter::new(tempfile::NamedTempFile::new_in(&dir)?);
        // The frame of no payload: the magic, then a length and checksum `finish` fills in.
        file.write_all(&frame(MENTIONS_MAGIC, &[]))?;
        Ok(MentionsWriter { file, dir, hasher: blake3::Hasher::new(), len: 0 })
    }

    /// Frame the file and rename it into place. Not synced, like a cache entry: a damaged file
    /// fails its checksum and is not used.
    pub fn finish(self, key: &str) -> std::io::Result<()> {
        let mut file = self.file.into_inner().map_err(|err| err.into_error())?;
        file.as_file_mut().seek(SeekFrom::Start(MENTIONS_MAGIC.len() as u64))?;
        file.as_file_mut().write_all(&self.len.to_le_bytes())?;
        file.as_file_mut().write_all(self.hasher.finalize().as_bytes())?;
        file.persist(mentions_file(&self.dir, key)).map(drop).map_err(|err| err.error)
    }
}

impl Write for MentionsWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.file.write(buf)?;
        self.hasher.update(&buf[..n]);
        self.len += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

/// Remove the mentions of batches the index no longer names.
pub fn sweep(state_dir: &Path, live: &[BatchRecord]) {
    let live: std::collections::HashSet<&str> = live.iter().map(|record| record.key.as_str()).collect();
    let Ok(files) = std::fs::read_dir(state_dir.join(MENTIONS_DIR)) else { return };
    for file in files.flatten() {
        let name = file.file_name();
        if name.to_str().and_then(|name| name.strip_suffix(".bin")).is_none_or(|key| !live.contains(key)) {
            let _ = std::fs::remove_file(file.path());
        }
    }
}

/// A batch taken from the last run: its rows still encoded, and its mentions.
pub struct ReusedBatch {
    pub record: BatchRecord,
    pub mentions: Vec<u8>,
    pub tables: Vec<EncodedRows>,
}

/// The last run's batches and tables, for a run to copy from.
pub struct Reuse {
    state_dir: PathBuf,
    output_dir: PathBuf,
    format: Format,
    batches: HashMap<String, BatchRecord>,
    /// Table files of the last run, opened on first use (`None`: missing or unreadable).
    files: HashMap<(Table, &'static str), Option<OldFile>>,
}

struct OldFile {
    file: File,
    /// A Parquet file's footer.
    metadata: Option<FileMetadata>,
}

impl Reuse {
    pub fn open(state_dir: &Path, output_dir: &Path, format: Format) -> Reuse {
        Reuse {
            state_dir: state_dir.to_path_buf(),
            output_dir: output_dir.to_path_buf(),
            format,
            batches: read_index(state_dir),
            files: HashMap::new(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.batches.is_empty()
    }

    /// The batch with `key`, if the last run recorded it and every byte of it checks out (a key
    /// is met once per run, so its record is taken out either way).
    pub fn take(&mut self, key: &str) -> Option<ReusedBatch> {
        let record = self.batches.remove(key)?;
        let framed = std::fs::read(mentions_path(&self.state_dir, key)).ok()?;
        let mentions = unframe(MENTIONS_MAGIC, &framed).ok()?.to_vec();
        let tables = record.placements.iter().map(|placement| self.encoded(placement)).collect::<Option<Vec<_>>>()?;
        Some(ReusedBatch { record, mentions, tables })
    }

    /// The rows `placement` describes, read back from the old table files.
    fn encoded(&mut self, placement: &Placement) -> Option<EncodedRows> {
        let table = *Table::ALL.iter().find(|table| table.name() == placement.table)?;
        // The key covers the table settings: a placement has exactly this run's formats.
        if placement.csv.is_some() != self.format.csv() || placement.parquet.is_some() != self.format.parquet() {
            return None;
        }
        let csv = match &placement.csv {
            Some(span) => Some((self.checked_bytes(table, "csv", span)?, span.blake3.clone())),
            None => None,
        };
        let parquet = match &placement.parquet {
            Some(span) => Some(self.row_group_pages(table, span, placement.rows)?),
            None => None,
        };
        Some(EncodedRows { table, rows: placement.rows, csv, parquet })
    }

    fn old_file(&mut self, table: Table, extension: &'static str) -> Option<&mut OldFile> {
        let output_dir = &self.output_dir;
        self.files
            .entry((table, extension))
            .or_insert_with(|| {
                let mut file = File::open(output_dir.join(format!("{}.{extension}", table.name()))).ok()?;
                let metadata = match extension {
                    "parquet" => Some(polars_parquet::parquet::read::read_metadata(&mut file).ok()?),
                    _ => None,
                };
                Some(OldFile { file, metadata })
            })
            .as_mut()
    }

    /// The bytes of `span` in the old file, if they still hash to what was recorded.
    fn checked_bytes(&mut self, table: Table, extension: &'static str, span: &Span) -> Option<Vec<u8>> {
        let old = self.old_file(table, extension)?;
        old.file.seek(SeekFrom::Start(span.start)).ok()?;
        let mut bytes = vec![0; usize::try_from(span.len).ok()?];
        old.file.read_exact(&mut bytes).ok()?;
        (blake3::hash(&bytes).to_hex().as_str() == span.blake3).then_some(bytes)
    }

    /// The compressed pages of each column of the row group recorded at `span`.
    fn row_group_pages(&mut self, table: Table, span: &Span, rows: u64) -> Option<Vec<Vec<CompressedPage>>> {
        let bytes = polars_buffer::Buffer::from(self.checked_bytes(table, "parquet", span)?);
        let metadata = self.old_file(table, "parquet")?.metadata.as_ref()?;
        let end = span.start + span.len;
        // The footer's row group whose column chunks lie in the span.
        let group = metadata.row_groups.iter().find(|group| {
            let columns = group.parquet_columns();
            !columns.is_empty()
                && group.num_rows() as u64 == rows
                && columns.iter().all(|column| column.byte_range().start >= span.start && column.byte_range().end <= end)
        })?;
        let mut columns = Vec::new();
        for column in group.parquet_columns() {
            let range = column.byte_range();
            let chunk = bytes.clone().sliced((range.start - span.start) as usize..(range.end - span.start) as usize);
            let chunk_len = chunk.len();
            let mut pages = Vec::new();
            for page in PageReader::new(Cursor::new(chunk), column, Vec::new(), chunk_len) {
                let mut page = page.ok()?;
                if let CompressedPage::Data(data) = &mut page {
                    // Flat columns: a value per row (the reader does not know the rows of v1 pages).
                    data.num_rows = Some(data.num_values());
                }
                pages.push(page);
            }
            columns.push(pages);
        }
        Some(columns)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_depend_on_every_document_field_and_the_order() {
        let key = |docs: &[[&str; 3]], run: &str| {
            let mut builder = KeyBuilder::new(run);
            for [id, source, sha] in docs {
                builder.add(id, source, sha);
            }
            builder.finish()
        };
        let base = key(&[["a", "in/a", "1"], ["b", "in/b", "2"]], "run");
        assert_eq!(base, key(&[["a", "in/a", "1"], ["b", "in/b", "2"]], "run"));
        for other in [
            key(&[["b", "in/b", "2"], ["a", "in/a", "1"]], "run"),
            key(&[["a", "in/a", "1"], ["b", "in/b", "3"]], "run"),
            key(&[["a", "in/a", "1"], ["b", "in/c", "2"]], "run"),
            key(&[["ab", "in/a", "1"], ["", "in/b", "2"]], "run"),
            key(&[["a", "in/a", "1"], ["b", "in/b", "2"]], "other run"),
        ] {
            assert_ne!(base, other);
        }
    }

    #[test]
    fn the_index_and_mentions_round_trip_and_damage_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let span = Span { start: 4, len: 10, blake3: "00".into() };
        let record = BatchRecord {
            key: "k".into(),
            documents: 2,
            words: 9,
            placements: vec![Placement { table: "documents".into(), rows: 2, csv: Some(span), parquet: None }],
        };
        write_index(dir.path(), std::slice::from_ref(&record)).unwrap();
        assert_eq!(read_index(dir.path()).get("k"), Some(&record));
        std::fs::write(dir.path().join(INDEX_FILE), b"{\"format\":3,\"batches\":[{").unwrap();
        assert!(read_index(dir.path()).is_empty());

        for (key, mentions) in [("k", &b"mentions"[..]), ("gone", b"old")] {
            let mut writer = MentionsWriter::create(dir.path()).unwrap();
            writer.write_all(&mentions[..3]).unwrap();
            writer.write_all(&mentions[3..]).unwrap();
            writer.finish(key).unwrap();
        }
        // A writer dropped unfinished (a failed batch) leaves nothing behind.
        drop(MentionsWriter::create(dir.path()).unwrap());
        assert_eq!(std::fs::read_dir(dir.path().join(MENTIONS_DIR)).unwrap().count(), 2);
        let path = mentions_path(dir.path(), "k");
        assert_eq!(unframe(MENTIONS_MAGIC, &std::fs::read(&path).unwrap()).unwrap(), b"mentions");
        sweep(dir.path(), &[record]);
        assert!(path.exists());
        assert!(!mentions_path(dir.path(), "gone").exists());
    }
}
