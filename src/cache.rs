//! Incremental reruns: a per-document cache and the run manifest, under `<output>/.textmill/`.
//!
//! * `manifest.jsonl` — what the tables in the output directory were built from (see
//!   [`crate::manifest`]): every document's source stamp (path, size, mtime, content sha256),
//!   each stage's fingerprint and effective config, and the table format. Written line by line
//!   during the run and renamed into place after the tables.
//! * `cache/<xx>/<blake3(doc_id)>.bin` — one entry per document: its content hash and every
//!   span layer with the fingerprint of the stage chain that produced it, in postcard (a compact
//!   binary serde format) behind a magic number and a blake3 checksum. Written atomically as
//!   soon as the document is recorded (in input order, so that of two JSONL records with one
//!   id only the one kept has an entry), so a killed run's finished work is reused.
//! * `lock` — an exclusive file lock held for the whole run (released by the OS on a crash).
//!
//! A stage fingerprint chains the previous stage's: changing the tagger's config redoes tag and
//! aggregate but reuses clean and segment. An unreadable or corrupt manifest or entry is a
//! warning and means "process again", never "trust it".

use std::collections::BTreeMap;
use std::fs::File;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::document::{Document, Given, Label, Mention, Origin, Sentence};
use crate::error::RunError;
use crate::files::replace_unsynced;
use crate::framing;
use crate::fingerprint::{Fingerprints, FORMAT};
use crate::stages::Stage;
use crate::manifest::{self, Previous};

/// The magic number of a cache entry file ([`framing::frame`]).
const ENTRY_MAGIC: &[u8; 8] = b"TMCACHE3";

/// Entries are read into a buffer of at least this size, kept per thread: one `read` call
/// takes a whole entry of all but the longest documents (a rerun reads every entry).
const ENTRY_READ_BYTES: usize = 64 * 1024;

thread_local! {
    static ENTRY_BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// One document's cached layers.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Entry {
    pub format: u32,
    pub doc_id: String,
    pub source: String,
    pub sha256: String,
    pub text: String,
    /// Fingerprint of the chain up to and including each stage whose layer is stored.
    pub keys: BTreeMap<String, String>,
    pub title: Option<(usize, usize)>,
    pub content: Vec<(usize, usize)>,
    pub sentences: Vec<(usize, usize)>,
    /// (start, end, label, sent_idx, entity_key, value)
    pub mentions: Vec<(usize, usize, Label, usize, String, Option<String>)>,
    /// What the source gave besides the text: title, published, authors.
    pub given: Given,
    /// The clean stage's result: (published, authors).
    pub metadata: (Option<String>, Option<String>),
    /// The segment stage's: the document's language.
    pub language: Option<String>,
}

impl Entry {
    pub fn from_document(doc: &Document, fingerprints: &Fingerprints) -> Entry {
        Entry {
            format: FORMAT,
            doc_id: doc.origin.doc_id.clone(),
            source: doc.origin.source.clone(),
            sha256: doc.content_sha256.clone(),
            text: doc.text.clone(),
            keys: fingerprints.stages.clone(),
            title: doc.title.as_ref().map(|s| (s.start, s.end)),
            content: doc.content.iter().map(|s| (s.start, s.end)).collect(),
            sentences: doc.sentences.iter().map(|s| (s.span.start, s.span.end)).collect(),
            mentions: doc.mentions.iter().map(|m| (m.span.start, m.span.end, m.label, m.sent_idx, m.entity_key.clone(), m.value.clone())).collect(),
            given: doc.given.clone(),
            metadata: (doc.published.clone(), doc.authors.clone()),
            language: doc.language.clone(),
        }
    }

    /// The entry as its file holds it: framed (magic number, length, checksum) postcard.
    pub fn framed(&self) -> Vec<u8> {
        framing::frame(ENTRY_MAGIC, self).expect("an entry always encodes")
    }

    /// The first stage that must run again under `fingerprints` (`None`: none), and the
    /// document with every layer before it restored.
    pub fn restore(self, fingerprints: &Fingerprints) -> (Option<Stage>, Document) {
        let first_stale = Stage::CACHED.into_iter().find(|stage| self.keys.get(stage.name()).map(String::as_str) != Some(fingerprints.get(*stage)));
        let fresh = |stage: Stage| first_stale.is_none_or(|stale| stale > stage);
        let origin = Origin { doc_id: self.doc_id, source: self.source };
        let mut doc = Document::new(origin, self.sha256, self.text);
        doc.set_given(self.given);
        if fresh(Stage::Clean) {
            (doc.published, doc.authors) = self.metadata;
            doc.title = self.title.map(|(s, e)| s..e);
            doc.content = self.content.into_iter().map(|(s, e)| s..e).collect();
        }
        if fresh(Stage::Segment) {
            doc.sentences = self.sentences.into_iter().map(|(s, e)| Sentence { span: s..e }).collect();
            doc.language = self.language;
        }
        if fresh(Stage::Tag) {
            doc.mentions = self
                .mentions
                .into_iter()
                .map(|(s, e, label, sent_idx, entity_key, value)| Mention { span: s..e, label, sent_idx, entity_key, value })
                .collect();
        }
        if first_stale == Some(Stage::Aggregate) {
            for mention in &mut doc.mentions {
                mention.entity_key.clear();
            }
        }
        (first_stale, doc)
    }

    /// The entry was made from what `doc`, as just read, holds: a record whose title, date or
    /// authors changed while its text did not (a JSONL field) must be processed again.
    pub fn has_source_of(&self, doc: &Document) -> bool {
        self.sha256 == doc.content_sha256 && self.text == doc.text && self.given == doc.given
    }

    /// Spans must lie on character boundaries of the text; a damaged entry is not trusted.
    fn is_consistent(&self) -> bool {
        let ok = |s: usize, e: usize| s <= e && e <= self.text.len() && self.text.is_char_boundary(s) && self.text.is_char_boundary(e);
        self.format == FORMAT
            && self.title.is_none_or(|(s, e)| ok(s, e))
            && self.given.title.as_ref().is_none_or(|t| ok(t.start, t.end))
            && self.content.iter().all(|&(s, e)| ok(s, e))
            && self.sentences.iter().all(|&(s, e)| ok(s, e))
            && self.mentions.iter().all(|(s, e, _, i, _, _)| ok(*s, *e) && *i < self.sentences.len())
    }
}

/// The state directory of one output directory.
pub struct Cache {
    dir: PathBuf,
    _lock: Option<File>,
}

impl Cache {
    pub fn state_dir(output_dir: &Path) -> PathBuf {
        output_dir.join(crate::source::STATE_DIR_NAME)
    }

    /// Open the state directory and take the run lock; refuses when another run holds it.
    pub fn open_locked(output_dir: &Path) -> Result<Cache, RunError> {
        let dir = Cache::state_dir(output_dir);
        let io_error = |source| RunError::Output { path: dir.clone(), source };
        std::fs::create_dir_all(dir.join("cache")).map_err(io_error)?;
        let lock_path = dir.join("lock");
        let lock = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .read(true)
            .write(true)
            .open(&lock_path)
            .map_err(|source| RunError::Output { path: lock_path.clone(), source })?;
        match lock.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                let holder = std::fs::read_to_string(dir.join("lock.pid")).unwrap_or_default();
                return Err(RunError::Locked { path: output_dir.to_path_buf(), holder: holder.trim().to_string() });
            }
            Err(std::fs::TryLockError::Error(source)) => return Err(RunError::Output { path: lock_path, source }),
        }
        // Renamed into place, never written through: a hard link to it (DVC's cache, a `cp -al`
        // backup) must not change. A pid that cannot be written is no pid: a stale one would be
        // shown as the run to wait for.
        let pid_path = dir.join("lock.pid");
        if crate::files::replace_unsynced(&pid_path, std::process::id().to_string().as_bytes()).is_err() {
            let _ = std::fs::remove_file(&pid_path);
        }
        manifest::remove_partial(&dir);
        Ok(Cache { dir, _lock: Some(lock) })
    }

    /// The same state directory without the lock: for the thread that writes entries while
    /// this handle holds the lock.
    pub fn unlocked(&self) -> Cache {
        Cache { dir: self.dir.clone(), _lock: None }
    }

    /// The pid of the run that holds the output directory's lock, if one does (`""` when it did
    /// not say): for `status`, which takes no lock.
    pub fn running(output_dir: &Path) -> Option<String> {
        Cache::open_shared(output_dir).err()
    }

    /// Read access that keeps runs out while it lasts (for `merge`, which reads a part's
    /// entries): the run lock taken shared. `Err`: a run holds it (its pid, `""` when it did
    /// not say).
    pub fn open_shared(output_dir: &Path) -> Result<Cache, String> {
        let dir = Cache::state_dir(output_dir);
        let Ok(lock) = std::fs::File::open(dir.join("lock")) else { return Ok(Cache { dir, _lock: None }) };
        match lock.try_lock_shared() {
            Err(std::fs::TryLockError::WouldBlock) => Err(std::fs::read_to_string(dir.join("lock.pid")).unwrap_or_default().trim().to_string()),
            _ => Ok(Cache { dir, _lock: Some(lock) }),
        }
    }

    /// Read-only access (for `status`): no lock, nothing created.
    pub fn open_read_only(output_dir: &Path) -> Cache {
        Cache { dir: Cache::state_dir(output_dir), _lock: None }
    }

    /// The previous run's manifest, checked, for inputs `input_paths`. `Err` carries a warning
    /// when one exists but cannot be used.
    pub fn previous(&self, input_paths: &[String]) -> Result<Option<Previous>, String> {
        manifest::open(&self.dir, input_paths)
    }

    /// A writer for this run's manifest (renamed into place by its `commit`).
    pub fn manifest_writer(&self, header: &manifest::Header) -> Result<manifest::Writer, RunError> {
        manifest::Writer::create(&self.dir, header)
    }

    /// Whether an entry of `doc_id` is there (unchecked: [`Cache::entry`] reads and checks it).
    pub fn has_entry(&self, doc_id: &str) -> bool {
        self.entry_path(doc_id).is_file()
    }

    fn entry_path(&self, doc_id: &str) -> PathBuf {
        let hash = hex(&manifest::doc_id_hash(doc_id));
        self.dir.join("cache").join(&hash[..2]).join(format!("{hash}.bin"))
    }

    /// The cached entry of `doc_id` if it holds content `sha256`. A damaged entry is reported
    /// through `warn` and ignored.
    pub fn entry(&self, doc_id: &str, sha256: Option<&str>, warn: &dyn Fn(String)) -> Option<Entry> {
        let path = self.entry_path(doc_id);
        let decoded = ENTRY_BUFFER.with_borrow_mut(|buffer| read_entry_file(&path, buffer).ok().map(decode_entry))?;
        match decoded {
            // Written by another version of textmill: processed again, nothing to report.
            Err(Undecodable::OtherFormat) => None,
            Ok(entry) if entry.doc_id == doc_id && entry.is_consistent() => {
                (sha256.is_none_or(|sha| sha == entry.sha256)).then_some(entry)
            }
            Ok(_) => {
                warn(format!("cache entry {} is inconsistent; {doc_id} will be processed again", path.display()));
                None
            }
            Err(Undecodable::Corrupt(err)) => {
                warn(format!("cache entry {} is corrupt ({err}); {doc_id} will be processed again", path.display()));
                None
            }
        }
    }

    pub fn store(&self, entry: &Entry) -> Result<(), RunError> {
        self.store_framed(&entry.doc_id, &entry.framed())
    }

    /// Write an entry [`Entry::framed`] encoded (the workers encode, the recorder writes: two
    /// JSONL records with one id must not overwrite each other's entry).
    pub fn store_framed(&self, doc_id: &str, bytes: &[u8]) -> Result<(), RunError> {
        let path = self.entry_path(doc_id);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|source| RunError::Output { path: parent.to_path_buf(), source })?;
        }
        // Renamed into place but not synced: a kill cannot tear it, and an entry a power cut
        // damaged fails its checksum and is processed again. A sync per document cost more
        // system time than the tagger on short documents.
        replace_unsynced(&path, bytes).map_err(|source| RunError::Output { path: path.clone(), source })
    }

    /// Remove every entry whose name is not in `live` (sorted [`manifest::doc_id_hash`]es, the
    /// documents of this run's manifest): entries of deleted sources, or of documents a killed
    /// run processed that are gone since. Safe whenever no entry is being written: an entry is
    /// only ever a shortcut.
    ///
    pub fn sweep_except(&self, live: &[[u8; 16]]) {
        sweep_dir(&self.dir.join("cache"), live);
    }
}

fn sweep_dir(cache_dir: &Path, live: &[[u8; 16]]) {
    let Ok(shards) = std::fs::read_dir(cache_dir) else { return };
    for shard in shards.flatten() {
        let Ok(files) = std::fs::read_dir(shard.path()) else { continue };
        for file in files.flatten() {
            let name = file.file_name();
            let hash = name.to_str().and_then(|name| name.strip_suffix(".bin")).and_then(unhex);
            if hash.is_none_or(|hash| live.binary_search(&hash).is_err()) {
                let _ = std::fs::remove_file(file.path());
            }
        }
    }
}

fn hex(bytes: &[u8; 16]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut text = String::with_capacity(32);
    for byte in bytes {
        text.push(DIGITS[usize::from(byte >> 4)] as char);
        text.push(DIGITS[usize::from(byte & 15)] as char);
    }
    text
}

fn unhex(text: &str) -> Option<[u8; 16]> {
    let mut bytes = [0u8; 16];
    if text.len() != 32 {
        return None;
    }
    for (i, byte) in bytes.iter_mut().enumerate() {
        *byte = u8::from_str_radix(text.get(2 * i..2 * i + 2)?, 16).ok()?;
    }
    Some(bytes)
}

/// The bytes of the entry file at `path`, read into `buffer` (which only grows): usually one
/// `read` call, since the header says how long the entry is.
fn read_entry_file<'b>(path: &Path, buffer: &'b mut Vec<u8>) -> std::io::Result<&'b [u8]> {
    use std::io::Read;
    let mut file = File::open(path)?;
    if buffer.len() < ENTRY_READ_BYTES {
        buffer.resize(ENTRY_READ_BYTES, 0);
    }
    let filled = file.read(buffer)?;
    if framing::declared_len(&buffer[..filled]).is_some_and(|len| len <= (filled - framing::HEADER_LEN) as u64) {
        return Ok(&buffer[..filled]);
    }
    // A long entry (or a short read): the rest, however long.
    buffer.truncate(filled);
    file.read_to_end(buffer)?;
    Ok(&buffer[..])
}

/// Why an entry file gives no entry.
enum Undecodable {
    /// Sound, but of another entry format (an older textmill): its layout cannot be read.
    OtherFormat,
    Corrupt(String),
}

/// An entry file's contents, if its magic number, length and checksum hold and it is of this
/// format (the format number comes first in every version's layout).
fn decode_entry(bytes: &[u8]) -> Result<Entry, Undecodable> {
    let payload = framing::payload(ENTRY_MAGIC, bytes).map_err(Undecodable::Corrupt)?;
    match postcard::take_from_bytes::<u32>(payload) {
        Ok((format, _)) if format != FORMAT => Err(Undecodable::OtherFormat),
        _ => postcard::from_bytes(payload).map_err(|err| Undecodable::Corrupt(err.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn fingerprints(tag_option: u32) -> Fingerprints {
        Fingerprints::chain(
            "base",
            [
                (json!({"enabled": true}), String::new()),
                (json!({"enabled": true}), String::new()),
                (json!({"option": tag_option}), "model".into()),
                (json!({}), String::new()),
            ],
        )
    }

    #[test]
    fn changing_tag_config_reuses_clean_and_segment() {
        let (a, b) = (fingerprints(1), fingerprints(2));
        assert_eq!(a.get(Stage::Clean), b.get(Stage::Clean));
        assert_eq!(a.get(Stage::Segment), b.get(Stage::Segment));
        assert_ne!(a.get(Stage::Tag), b.get(Stage::Tag));
        assert_ne!(a.get(Stage::Aggregate), b.get(Stage::Aggregate), "a later stage depends on the earlier ones");
        let mut doc = Document::new(Origin { doc_id: "d".into(), source: "s".into() }, "sha".into(), "One. Two.".into());
        doc.sentences = vec![Sentence { span: 0..4 }, Sentence { span: 5..9 }];
        doc.mentions = vec![Mention { span: 0..3, label: Label::Cardinal, sent_idx: 0, entity_key: "k".into(), value: None }];
        let entry = Entry::from_document(&doc, &a);
        let (first, restored) = entry.clone().restore(&b);
        assert_eq!(first, Some(Stage::Tag));
        assert_eq!(restored.sentences, doc.sentences);
        assert!(restored.mentions.is_empty());
        let (first, restored) = entry.restore(&a);
        assert_eq!(first, None);
        assert_eq!(restored.mentions, doc.mentions);
    }

    #[test]
    fn the_run_pid_is_renamed_into_place_not_written_through_a_hard_link() {
        // Regression: the pid was written into the file in place, so a hard link to it (DVC's
        // cache, a `cp -al` backup) changed with it, and DVC found its cache object corrupt.
        let dir = tempfile::tempdir().unwrap();
        drop(Cache::open_locked(dir.path()).unwrap());
        let pid_path = Cache::state_dir(dir.path()).join("lock.pid");
        let linked = dir.path().join("dvc-cache-object");
        std::fs::write(&pid_path, "1").unwrap();
        std::fs::hard_link(&pid_path, &linked).unwrap();
        let _cache = Cache::open_locked(dir.path()).unwrap();
        assert_eq!(std::fs::read_to_string(&linked).unwrap(), "1");
        assert_eq!(std::fs::read_to_string(&pid_path).unwrap(), std::process::id().to_string());
    }

    #[test]
    fn corrupt_entries_are_ignored_with_a_warning() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open_locked(dir.path()).unwrap();
        let doc = Document::new(Origin { doc_id: "d".into(), source: "s".into() }, "sha".into(), "Text.".into());
        cache.store(&Entry::from_document(&doc, &fingerprints(1))).unwrap();
        let warnings = std::cell::RefCell::new(Vec::new());
        let warn = |w: String| warnings.borrow_mut().push(w);
        assert!(cache.entry("d", Some("sha"), &warn).is_some());
        assert!(cache.entry("d", Some("other"), &warn).is_none());
        let good = std::fs::read(cache.entry_path("d")).unwrap();
        // A foreign file, a flipped bit in the payload, a truncated entry: each a warning.
        std::fs::write(cache.entry_path("d"), b"{\"format\": 1, \"doc_id\": \"d\", \"tru").unwrap();
        assert!(cache.entry("d", Some("sha"), &warn).is_none());
        let mut flipped = good.clone();
        *flipped.last_mut().unwrap() ^= 1;
        std::fs::write(cache.entry_path("d"), &flipped).unwrap();
        assert!(cache.entry("d", Some("sha"), &warn).is_none());
        std::fs::write(cache.entry_path("d"), &good[..good.len() - 4]).unwrap();
        assert!(cache.entry("d", Some("sha"), &warn).is_none());
        assert_eq!(warnings.borrow().len(), 3, "{:?}", warnings.borrow());
        // An entry an older textmill wrote (another format, another layout) is processed again
        // without a word: an upgrade flooded the terminal with one warning per document.
        #[derive(serde::Serialize)]
        struct Older {
            format: u32,
            doc_id: String,
            layout: Vec<(u8, bool)>,
        }
        let older = Older { format: FORMAT - 1, doc_id: "d".into(), layout: vec![(7, true)] };
        std::fs::write(cache.entry_path("d"), framing::frame(ENTRY_MAGIC, &older).unwrap()).unwrap();
        assert!(cache.entry("d", Some("sha"), &warn).is_none());
        assert_eq!(warnings.borrow().len(), 3, "{:?}", warnings.borrow());
        std::fs::write(cache.entry_path("d"), &good).unwrap();
        assert!(cache.entry("d", Some("sha"), &warn).is_some());
    }

    #[test]
    fn an_entry_longer_than_the_read_buffer_is_read_whole() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::open_locked(dir.path()).unwrap();
        let warn = |w: String| panic!("{w}");
        for (doc_id, len) in [("short", 10), ("long", 3 * ENTRY_READ_BYTES + 7), ("short again", 20)] {
            let text = "x".repeat(len);
            let doc = Document::new(Origin { doc_id: doc_id.into(), source: "s".into() }, "sha".into(), text.clone());
            cache.store(&Entry::from_document(&doc, &fingerprints(1))).unwrap();
            assert_eq!(cache.entry(doc_id, Some("sha"), &warn).unwrap().text, text);
        }
        // Bytes appended to a complete entry are damage too.
        let mut bytes = std::fs::read(cache.entry_path("short")).unwrap();
        bytes.extend_from_slice(b"tail");
        std::fs::write(cache.entry_path("short"), &bytes).unwrap();
        let warnings = std::cell::RefCell::new(Vec::new());
        assert!(cache.entry("short", Some("sha"), &|w| warnings.borrow_mut().push(w)).is_none());
        assert_eq!(warnings.borrow().len(), 1);
    }

    #[test]
    fn entry_names_are_the_hex_of_the_doc_id_hash() {
        let hash = manifest::doc_id_hash("2024/a story.txt");
        assert_eq!(hex(&hash), &blake3::hash(b"2024/a story.txt").to_hex()[..32]);
        assert_eq!(unhex(&hex(&hash)), Some(hash));
        assert_eq!(unhex("not hex"), None);
    }

    #[test]
    fn a_second_lock_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let _first = Cache::open_locked(dir.path()).unwrap();
        let err = Cache::open_locked(dir.path()).err().unwrap().to_string();
        assert!(err.contains("another textmill run"), "{err}");
    }
}
