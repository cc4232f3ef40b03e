//! What the run records from each processed document, in input order, on the thread that owns
//! the tables: its manifest stamp, its entity counts, its rows (documents, sentences, errors)
//! and its mentions, spilled until their entity ids are final. In the dataset layout, rows are
//! gathered into parts named by a hash of everything they depend on.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::reused_parts::{IndexedPart, PartSummary, ReusedPart};
use super::worker::Processed;
use super::FailedDocument;
use crate::cache::Cache;
use crate::config::{Layout, Settings};
use crate::document::{CodePoints, Document};
use crate::error::RunError;
use crate::fingerprint::Fingerprints;
use crate::framing;
use crate::manifest;
use crate::source::{Kind, Position, RecordAt};
use crate::plan;
use crate::progress::Progress;
use crate::stages::aggregate::{Catalog, CATALOG_BUDGET_BYTES};
use crate::tables::{Rows, Table, Value};

/// What processing leaves for the report and the later steps.
#[derive(Default)]
pub(super) struct Tally {
    pub documents_ok: u64,
    /// Documents taken whole from the cache.
    pub documents_reused: u64,
    pub words: u64,
    /// Words of the documents processed in this run (not taken whole from the cache).
    pub words_processed: u64,
    /// Documents by language (`und`: not told).
    pub languages: std::collections::BTreeMap<String, u64>,
    pub failed: Vec<FailedDocument>,
    /// Of `failed`, the failures of the last run answered again, their sources unchanged.
    pub failed_unchanged: u64,
    /// Dataset layout: each part of the per-document tables, and how many mentions its
    /// documents have.
    pub document_parts: Vec<(String, u64)>,
}

/// What the table writer is sent.
pub(super) enum ToWrite {
    /// A dataset part's name (`None` in the files layout) and its tables' rows.
    Rows(Option<String>, Vec<Rows>),
    /// A dataset part of the last run taken whole, and its rows in each table.
    Linked(String, Vec<(Table, usize)>),
}

pub(super) struct Recorder {
    pub manifest: manifest::Writer,
    pub catalog: Catalog,
    spill: BufWriter<File>,
    pub spill_path: PathBuf,
    part: PartRows,
    /// Every dataset part's name is hashed from this seed on (the settings).
    pub part_seed: String,
    pub dataset: bool,
    seen_ids: SeenIds,
    input_paths: Vec<String>,
    /// Where processed documents' cache entries are written.
    entries: Cache,
    /// Where the last unit listed in the manifest stood.
    last_listed: Option<Position>,
    /// Cache entries that could not be written (a full disk): the first few are said.
    cache_failures: u64,
    /// Dataset layout: this run's parts whose documents could be taken whole by the next run.
    pub part_index: Vec<IndexedPart>,
    state_dir: PathBuf,
    pub tally: Tally,
}

/// How many failed cache writes are said one by one.
const CACHE_FAILURES_SAID: u64 = 3;

impl Recorder {
    /// `staging_dir`: where this run's temporary files go (the tables' staging directory).
    pub fn create(settings: &Settings, state: &Cache, fingerprints: &Fingerprints, staging_dir: &std::path::Path) -> Result<Recorder, RunError> {
        let config = &settings.config;
        let mut header = manifest::Header::new(fingerprints, plan::table_settings(&config.output), &config.input.paths);
        header.shard = config.input.shard.map(|shard| shard.to_string());
        header.inputs_shown = config.input.paths.iter().map(|path| config.input.shown(std::path::Path::new(path))).collect();
        let spill_path = staging_dir.join("mentions.spill");
        let spill = File::create(&spill_path).map_err(|source| RunError::Output { path: spill_path.clone(), source })?;
        let part_seed = part_seed(fingerprints, &header.table_format);
        Ok(Recorder {
            // Stamps go to the new manifest as documents finish, in input order (not held in memory).
            manifest: state.manifest_writer(&header)?,
            catalog: Catalog::new(Some(staging_dir), CATALOG_BUDGET_BYTES),
            spill: BufWriter::new(spill),
            spill_path,
            part: PartRows::new(&part_seed),
            part_seed,
            dataset: config.output.layout == Layout::Dataset,
            // Two JSONL records can carry the same id, and two input roots the same relative
            // path: the first keeps the doc_id, the others are errors.
            seen_ids: SeenIds::new(config.input.paths.len() > 1),
            input_paths: config.input.paths.clone(),
            entries: state.unlocked(),
            last_listed: None,
            cache_failures: 0,
            part_index: Vec::new(),
            state_dir: Cache::state_dir(&config.output.dir),
            tally: Tally::default(),
        })
    }

    pub fn spill_error(&self, source: std::io::Error) -> RunError {
        RunError::Output { path: self.spill_path.clone(), source }
    }

    /// Record one processed unit; a dataset part it completes comes back, to be written.
    pub fn record(&mut self, processed: Processed, progress: &Progress) -> Result<Option<ToWrite>, RunError> {
        let Processed { mut result, stamp, reused, words, elsewhere, replayed, entry } = processed;
        if elsewhere {
            // Another shard's record: listed once per file, so that `status` knows the file.
            if let Some((position, mut stamp)) = stamp.filter(|(position, _)| !self.last_listed.as_ref().is_some_and(|last| last.cmp_source(position).is_eq())) {
                stamp.elsewhere = true;
                self.manifest.add(&position, &stamp)?;
                self.last_listed = Some(position);
            }
            return Ok(None);
        }
        if let Some((position, mut stamp)) = stamp {
            if let Ok(doc) = &result {
                // (A record of a JSON array, a `.json` file, is "#R<n>", "record n"; of JSON
                // Lines "#L<n>", "line n".)
                let in_array = position.line > 0 && matches!(crate::source::classify(&position.relative, &["json".to_string()]), Some((Kind::Json, _)));
                if let Some(message) = self.seen_ids.repeated(&doc.origin.doc_id, &position, in_array, &self.input_paths) {
                    // Recorded as a failed unit, so that `status` and reruns see it as known.
                    // (A file's row is named by its path as given: under the kept document's
                    // doc_id, an anti-join of the errors would drop that document too.)
                    let doc_id = match position.line {
                        0 => doc.origin.source.clone(),
                        line => format!("{}#{}", position.relative, RecordAt { number: line, in_array }.fallback_id()),
                    };
                    stamp.doc_id.clone_from(&doc_id);
                    stamp.failed = true;
                    result = Err(FailedDocument { doc_id, source: doc.origin.source.clone(), stage: "ingest".into(), message });
                }
            }
            if let Err(failure) = &result {
                stamp.error = Some((failure.stage.clone(), failure.message.clone()));
            }
            self.manifest.add(&position, &stamp)?;
            self.last_listed = Some(position);
            self.part.summary.stamps.push(stamp);
        } else {
            self.part.whole = false;
        }
        let ends_part = match result {
            Ok(doc) => {
                if let Some(entry) = entry {
                    if let Err(err) = self.entries.store_framed(&doc.origin.doc_id, &entry) {
                        self.cache_failures += 1;
                        match self.cache_failures {
                            n if n <= CACHE_FAILURES_SAID => progress.println(&format!("textmill: warning: cannot write the cache: {err}")),
                            n if n == CACHE_FAILURES_SAID + 1 => progress.println("textmill: warning: more cache entries cannot be written (not said one by one)"),
                            _ => {}
                        }
                    }
                }
                self.tally.documents_ok += 1;
                self.tally.documents_reused += u64::from(reused);
                self.tally.words += words;
                self.tally.words_processed += if reused { 0 } else { words };
                *self.tally.languages.entry(doc.language.clone().unwrap_or_else(|| "und".into())).or_default() += 1;
                self.catalog.add_document(&doc).map_err(|err| self.spill_error(err))?;
                if let Err(err) = self.part.add_document(&doc) {
                    return Err(self.spill_error(err));
                }
                self.part.summary.words.push(words);
                self.part.summary.languages.push(doc.language.clone());
                ends_dataset_part(&doc.origin.doc_id, self.part.text_bytes)
            }
            Err(failure) => {
                // (A failure said by an earlier run, its source unchanged, is counted in the summary.)
                match replayed {
                    true => self.tally.failed_unchanged += 1,
                    false => progress.println(&format!("textmill: {}: {} failed: {}", failure.source, failure.stage, failure.message)),
                }
                self.part.add_failure(&failure);
                self.part.whole = false;
                let ends_part = ends_dataset_part(&failure.doc_id, self.part.text_bytes);
                self.tally.failed.push(failure);
                ends_part
            }
        };
        // A row group of the files layout ends where the documents say, not where a batch
        // of the pool did: a merge of shards then writes the same bytes as one run.
        let ends = if self.dataset { ends_part } else { self.part.is_row_group() };
        ends.then(|| self.take_part()).transpose()
    }

    /// A part of the last run taken whole (see [`super::reused_parts`]): its documents listed,
    /// counted and their mentions kept as if recorded one by one.
    /// (A part is taken whole only where one starts: were rows held, they would end their part
    /// here, their rows right if not cut where a fresh run cuts them.)
    pub fn record_reused(&mut self, part: ReusedPart) -> Result<Vec<ToWrite>, RunError> {
        let ReusedPart { name, positions, summary } = part;
        debug_assert!(self.part.is_empty(), "a part is taken whole only where one starts");
        let held = self.last_rows()?;
        for (position, stamp) in positions.into_iter().zip(&summary.stamps) {
            self.manifest.add(&position, stamp)?;
            self.last_listed = Some(position);
        }
        let documents = summary.stamps.len();
        self.tally.documents_ok += documents as u64;
        self.tally.documents_reused += documents as u64;
        self.tally.words += summary.words.iter().sum::<u64>();
        for language in &summary.languages {
            *self.tally.languages.entry(language.clone().unwrap_or_else(|| "und".into())).or_default() += 1;
        }
        // The catalog counts documents: each document's mentions are added together.
        let (mut reader, mut buffer, mut of_document) = (&summary.mentions[..], Vec::new(), Vec::<SpilledMention>::new());
        let mut mentions = 0;
        loop {
            let next = framing::read_record::<SpilledMention>(&mut reader, &mut buffer).map_err(|err| self.spill_error(err))?;
            if of_document.last().is_some_and(|last| next.as_ref().is_none_or(|next| next.doc_id != last.doc_id)) {
                self.catalog.add_mentions(of_document.iter().map(|m| (m.key.as_str(), m.text.as_str()))).map_err(|err| self.spill_error(err))?;
                of_document.clear();
            }
            let Some(next) = next else { break };
            mentions += 1;
            of_document.push(next);
        }
        self.spill.write_all(&summary.mentions).map_err(|err| self.spill_error(err))?;
        self.tally.document_parts.push((name.clone(), mentions));
        self.part_index.push(IndexedPart::of(&name, &summary));
        let linked = ToWrite::Linked(name, vec![(Table::Documents, documents), (Table::Sentences, summary.sentences as usize)]);
        Ok(held.into_iter().chain([linked]).collect())
    }

    /// The rows held after the last document: the last row group, or the last dataset part.
    pub fn last_rows(&mut self) -> Result<Option<ToWrite>, RunError> {
        (!self.part.is_empty()).then(|| self.take_part()).transpose()
    }

    /// The rows held: a dataset part (its summary kept for the next run when its documents
    /// could be taken whole), or a row group of the files layout. Their mentions go to the spill.
    fn take_part(&mut self) -> Result<ToWrite, RunError> {
        let part = std::mem::replace(&mut self.part, PartRows::new(&self.part_seed));
        self.spill.write_all(&part.summary.mentions).map_err(|err| self.spill_error(err))?;
        let mentions = part.mentions;
        let PartRows { documents, sentences, errors, name, mut summary, whole, .. } = part;
        if !self.dataset {
            return Ok(ToWrite::Rows(None, vec![documents, sentences, errors]));
        }
        let name = name.finish();
        self.tally.document_parts.push((name.clone(), mentions));
        if whole {
            summary.sentences = sentences.len() as u64;
            // (Without it, the next run reads the part's documents one by one.)
            if super::reused_parts::write_summary(&self.state_dir, &name, &summary).is_ok() {
                self.part_index.push(IndexedPart::of(&name, &summary));
            }
        }
        Ok(ToWrite::Rows(Some(name), vec![documents, sentences, errors]))
    }

    /// The spilled mentions, complete, and where they are.
    pub fn close_spill(&mut self) -> Result<PathBuf, RunError> {
        self.spill.flush().map_err(|err| self.spill_error(err))?;
        Ok(self.spill_path.clone())
    }
}

/// The doc_ids that could repeat in a run, each with where it was first seen (input root,
/// JSONL line): a JSONL record's id field, a file's path with a `#` in it, or any doc_id when
/// there are several input roots. A single root's other file paths cannot repeat, so they are
/// not held.
struct SeenIds {
    several_roots: bool,
    /// Input root, line or record number, and whether a record of a JSON array.
    first: std::collections::HashMap<[u8; 16], (usize, usize, bool)>,
}

impl SeenIds {
    fn new(several_roots: bool) -> SeenIds {
        SeenIds { several_roots, first: Default::default() }
    }

    /// Why the document at `position` cannot have `doc_id`, when an earlier unit has it.
    fn repeated(&mut self, doc_id: &str, position: &Position, in_array: bool, input_paths: &[String]) -> Option<String> {
        // (A file's id can be a record's only when it holds the '#' of records' ids:
        // "feed.jsonl#a1.txt".)
        if position.line == 0 && !self.several_roots && !doc_id.contains('#') {
            return None;
        }
        let (root, line, first_in_array) = match self.first.entry(manifest::doc_id_hash(doc_id)) {
            std::collections::hash_map::Entry::Vacant(vacant) => {
                vacant.insert((position.root, position.line, in_array));
                return None;
            }
            std::collections::hash_map::Entry::Occupied(first) => *first.get(),
        };
        let first = match (root == position.root, line) {
            (true, 0) => "an earlier document".to_string(),
            (true, line) => RecordAt { number: line, in_array: first_in_array }.describe(),
            (false, 0) => format!("a file under input root {}", input_paths.get(root).map_or("?", String::as_str)),
            (false, line) => format!("{} of a file under input root {}", RecordAt { number: line, in_array: first_in_array }.describe(), input_paths.get(root).map_or("?", String::as_str)),
        };
        let this = match position.line {
            0 => "this file".to_string(),
            line => RecordAt { number: line, in_array }.describe(),
        };
        // A record without an id is named by its line, which can be another record's id.
        let by_line = position.line > 0 && (doc_id.ends_with(&format!("#L{}", position.line)) || doc_id.ends_with(&format!("#R{}", position.line)));
        let hint = match (by_line, in_array) {
            (true, false) => " (a record without an id is named by its line number: give it an id)",
            (true, true) => " (a record without an id is named by its number in the array: give it an id)",
            // (Files named one by one, as a shell expands `news/*/index.html`, are each a root.)
            _ if root != position.root && position.line == 0 && line == 0 => {
                " (a file's doc_id is its path under its input root: give their common folder as the input, or quote a glob, `-i 'news/*/index.html'`, so that the ids keep the folders)"
            }
            _ => "",
        };
        Some(format!("{}`{doc_id}`: {this} has the same id as {first}, which is kept{hint}", crate::error::DUPLICATE_ID))
    }
}


/// A mention waiting for its final entity id (spilled between the passes).
#[derive(Debug, Default, Serialize, Deserialize)]
pub(super) struct SpilledMention {
    pub doc_id: String,
    pub sent_idx: i64,
    pub start_char: i64,
    pub end_char: i64,
    pub text: String,
    pub label: String,
    pub key: String,
    /// The id of `key`; only a bare surname linked to a full name needs another.
    pub entity_id: String,
    pub value: Option<String>,
}

/// A row group of the per-document tables in the files layout ends after this many documents
/// (or failures), or once its documents hold this much text: what is held in memory meanwhile.
const ROW_GROUP_DOCUMENTS: usize = 256;
const ROW_GROUP_TEXT_BYTES: usize = 1 << 20;

/// Documents per part of the dataset layout, on average: a part ends after a document whose id
/// hashes to a multiple of it, so that parts depend on the documents in them, not on where
/// they sit in the corpus (a new or deleted document changes its own part only).
const DATASET_PART_DOCUMENTS: u64 = 128;

/// A part also ends once its documents hold this much text: a part's rows are held until it
/// ends, and without a bound the longest run of documents between two id boundaries (longer,
/// the more parts a corpus has) set the peak memory. A change then moves only the boundaries
/// up to the next id boundary.
const DATASET_PART_TEXT_BYTES: usize = 8 << 20;

/// The seed of every dataset part's name: the settings.
pub(super) fn part_seed(fingerprints: &Fingerprints, table_format: &str) -> String {
    format!("{:?} {table_format}", fingerprints.stages)
}

/// Whether the part ends after the document `doc_id`, its documents holding `text_bytes` of text.
pub(super) fn ends_dataset_part(doc_id: &str, text_bytes: usize) -> bool {
    let hash = blake3::hash(doc_id.as_bytes());
    u64::from_le_bytes(hash.as_bytes()[..8].try_into().expect("8 bytes")) % DATASET_PART_DOCUMENTS == 0
        || text_bytes >= DATASET_PART_TEXT_BYTES
}

/// A dataset part's name: a hash of its rows' fields, each with its length, so that no two
/// lists of fields hash alike. The fields are gathered into a buffer and hashed in large
/// pieces: blake3 fed a field at a time (an entity id, a count) spent most of its time
/// setting up each call, a tenth of a rerun's time.
pub(super) struct PartName {
    hasher: blake3::Hasher,
    buffer: Vec<u8>,
}

/// The buffer is hashed once it holds this many bytes.
const PART_NAME_BUFFER_BYTES: usize = 64 * 1024;

impl PartName {
    pub fn new(seed: &str) -> PartName {
        let mut name = PartName { hasher: blake3::Hasher::new(), buffer: Vec::with_capacity(PART_NAME_BUFFER_BYTES) };
        name.add([seed]);
        name
    }

    pub fn add<'a>(&mut self, fields: impl IntoIterator<Item = &'a str>) {
        for field in fields {
            self.buffer.extend_from_slice(&(field.len() as u64).to_le_bytes());
            self.buffer.extend_from_slice(field.as_bytes());
        }
        if self.buffer.len() >= PART_NAME_BUFFER_BYTES {
            self.hasher.update(&self.buffer);
            self.buffer.clear();
        }
    }

    pub fn finish(mut self) -> String {
        self.hasher.update(&self.buffer);
        self.hasher.finalize().to_hex()[..32].to_string()
    }
}

/// The per-document tables' rows since the last flush (a batch in the files layout, a part in
/// the dataset layout), with everything they depend on besides the settings hashed into the
/// part's name: each document's id, source, text and metadata, each failure's row.
struct PartRows {
    documents: Rows,
    sentences: Rows,
    errors: Rows,
    name: PartName,
    /// Mentions of these documents (their framed records in `summary.mentions`, spilled when
    /// the part is taken until their entity ids are final).
    mentions: u64,
    /// Bytes of document text in the part.
    text_bytes: usize,
    summary: PartSummary,
    /// Every unit of the part is a document with a stamp: the next run may take it whole.
    whole: bool,
}

impl PartRows {
    fn new(seed: &str) -> PartRows {
        let [documents, sentences, errors] = [Table::Documents, Table::Sentences, Table::Errors].map(Rows::new);
        PartRows { documents, sentences, errors, name: PartName::new(seed), mentions: 0, text_bytes: 0, summary: PartSummary::default(), whole: true }
    }

    fn add_document(&mut self, doc: &Document) -> std::io::Result<()> {
        add_rows(doc, &mut self.documents, &mut self.sentences, &mut self.summary.mentions)?;
        self.mentions += doc.mentions.len() as u64;
        self.text_bytes += doc.text.len();
        let metadata = [doc.title_text(), doc.published.as_deref(), doc.authors.as_deref(), doc.language.as_deref()].map(|field| field.unwrap_or("\0"));
        self.name.add([doc.origin.doc_id.as_str(), &doc.origin.source, &doc.text].into_iter().chain(metadata));
        Ok(())
    }

    fn add_failure(&mut self, failure: &FailedDocument) {
        let row = [failure.doc_id.as_str(), &failure.source, &failure.stage, &failure.message];
        self.errors.push(row.map(Value::Text));
        self.name.add(row);
    }

    fn is_empty(&self) -> bool {
        self.documents.is_empty() && self.errors.is_empty()
    }

    /// Enough rows for a row group of the files layout.
    fn is_row_group(&self) -> bool {
        self.documents.len() + self.errors.len() >= ROW_GROUP_DOCUMENTS || self.text_bytes >= ROW_GROUP_TEXT_BYTES
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
        doc.language.as_deref().map_or(Value::Null, Value::Text),
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
            value: mention.value.clone(),
        };
        framing::write_record(spill, &spilled)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_end_at_id_boundaries_and_at_a_size_bound() {
        let ids: Vec<String> = (0..5_000).map(|i| format!("doc_{i}.txt")).collect();
        let boundaries = ids.iter().filter(|id| ends_dataset_part(id, 0)).count();
        assert!((20..=60).contains(&boundaries), "{boundaries} boundaries in 5,000 ids");
        // However long the run of documents between two id boundaries, a part's text is bounded.
        let inner = ids.iter().find(|id| !ends_dataset_part(id, 0)).unwrap();
        assert!(ends_dataset_part(inner, DATASET_PART_TEXT_BYTES));
        assert!(!ends_dataset_part(inner, DATASET_PART_TEXT_BYTES - 1));
    }
}
