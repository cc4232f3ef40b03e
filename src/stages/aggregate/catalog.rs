//! The corpus-wide entity catalog, in bounded memory.
//!
//! Counts per identity key are gathered in a hash map. When the map's estimated size passes the
//! budget it is written out as a run sorted by key (an anonymous temporary file) and cleared, so
//! the number of distinct entities a corpus has never decides the run's memory. Resolution
//! merges the runs in key order, in streaming passes: one to index the surnames of full person
//! names (two 128-bit hashes each), one to link bare surnames, one to emit the entity rows.

use std::borrow::Cow;
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, HashSet};
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Seek, Write};
use std::path::{Path, PathBuf};

use unicode_normalization::UnicodeNormalization;

use super::{choose_canonical, entity_id, UserLinks};
use crate::framing;
use crate::document::Document;

/// Keys are entity names from the documents; foldhash is fast and seeded per process.
type FastMap<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

/// Estimated bytes of entries the catalog holds before it spills a sorted run to disk.
pub const CATALOG_BUDGET_BYTES: usize = 4 << 20;

/// Rough heap cost of one map entry and of one surface form on top of their text: the slot in
/// a table kept at most 7/8 full and doubled when it grows (`String` + `Entry`, 88 bytes), and
/// the entry's own surface map; measured with heaptrack on a 37,000-entity corpus.
const ENTRY_OVERHEAD: usize = 300;
const SURFACE_OVERHEAD: usize = 48;

#[derive(Debug, Default, Clone, PartialEq)]
struct Entry {
    n_mentions: u64,
    n_docs: u64,
    /// Surface forms (whitespace-normalised) whose own name key equals the entry's → count.
    surfaces: FastMap<String, u64>,
}

impl Entry {
    fn absorb(&mut self, other: Entry) {
        self.n_mentions += other.n_mentions;
        self.n_docs += other.n_docs;
        for (surface, count) in other.surfaces {
            *self.surfaces.entry(surface).or_default() += count;
        }
    }

    fn write(&self, key: &str, out: &mut impl Write) -> io::Result<()> {
        let surfaces: Vec<(&String, &u64)> = self.surfaces.iter().collect();
        framing::write_record(out, &(key, self.n_mentions, self.n_docs, surfaces))
    }

    /// The next (key, entry) of a run, or `None` at its end.
    fn read(input: &mut impl Read) -> io::Result<Option<(String, Entry)>> {
        let record: Option<(String, u64, u64, Vec<(String, u64)>)> = framing::read_record(input, &mut Vec::new())?;
        Ok(record.map(|(key, n_mentions, n_docs, surfaces)| (key, Entry { n_mentions, n_docs, surfaces: surfaces.into_iter().collect() })))
    }
}

/// Corpus-wide entity statistics.
#[derive(Debug)]
pub struct Catalog {
    entries: FastMap<String, Entry>,
    held_bytes: usize,
    budget_bytes: usize,
    /// Where runs go (the system's temporary directory when `None`).
    spill_dir: Option<PathBuf>,
    runs: Vec<File>,
}

impl Default for Catalog {
    /// A catalog that never spills.
    fn default() -> Catalog {
        Catalog::new(None, usize::MAX)
    }
}

impl Catalog {
    pub fn new(spill_dir: Option<&Path>, budget_bytes: usize) -> Catalog {
        Catalog { entries: FastMap::default(), held_bytes: 0, budget_bytes, spill_dir: spill_dir.map(Path::to_path_buf), runs: Vec::new() }
    }

    pub fn add_document(&mut self, doc: &Document) -> io::Result<()> {
        self.add_mentions(doc.mentions.iter().map(|mention| (mention.entity_key.as_str(), &doc.text[mention.span.clone()])))
    }

    /// One document's mentions, each as its identity key and its text as written.
    pub fn add_mentions<'a>(&mut self, mentions: impl IntoIterator<Item = (&'a str, &'a str)>) -> io::Result<()> {
        let mut seen: Vec<&str> = Vec::new();
        for (key, raw) in mentions {
            // Allocate the key only for a new entity (most mentions repeat one).
            if !self.entries.contains_key(key) {
                self.held_bytes += key.len() + ENTRY_OVERHEAD;
                self.entries.insert(key.to_string(), Entry::default());
            }
            let entry = self.entries.get_mut(key).expect("inserted above");
            entry.n_mentions += 1;
            // One spelling however the text spaced or composed it ("Angela\nMerkel", "Zürich"
            // as one character or as "u" and a combining mark).
            let plain = !raw.contains("  ") && !raw.contains(|c: char| c.is_whitespace() && c != ' ') && unicode_normalization::is_nfc(raw);
            match entry.surfaces.get_mut(raw).filter(|_| plain) {
                Some(count) => *count += 1,
                None => {
                    let surface = if plain { raw.to_string() } else { raw.split_whitespace().collect::<Vec<_>>().join(" ").nfc().collect() };
                    let count = entry.surfaces.entry(surface).or_insert_with_key(|s| {
                        self.held_bytes += s.len() + SURFACE_OVERHEAD;
                        0
                    });
                    *count += 1;
                }
            }
            if !seen.contains(&key) {
                seen.push(key);
                entry.n_docs += 1;
            }
        }
        // Only between documents: a document's mentions all land in one run, so n_docs adds up.
        if self.held_bytes > self.budget_bytes {
            self.spill()?;
        }
        Ok(())
    }

    /// Runs written to disk so far.
    pub fn runs_spilled(&self) -> usize {
        self.runs.len()
    }

    fn spill(&mut self) -> io::Result<()> {
        let mut entries: Vec<(String, Entry)> = self.entries.drain().collect();
        entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let file = match &self.spill_dir {
            Some(dir) => tempfile::tempfile_in(dir)?,
            None => tempfile::tempfile()?,
        };
        let mut out = BufWriter::new(file);
        for (key, entry) in &entries {
            entry.write(key, &mut out)?;
        }
        let file = out.into_inner().map_err(io::IntoInnerError::into_error)?;
        self.runs.push(file);
        self.held_bytes = 0;
        self.entries.shrink_to(0);
        Ok(())
    }

    /// Link bare surnames across the corpus: a PERSON key without a space goes to the one full
    /// name in the whole corpus that ends with it, if there is exactly one.
    /// `user`: the pairs the user keeps apart are not linked.
    pub fn resolve(mut self, link_surnames_across_documents: bool, user: &UserLinks) -> io::Result<Resolution> {
        let sorted = if self.runs.is_empty() {
            let mut entries: Vec<(String, Entry)> = self.entries.into_iter().collect();
            entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
            Sorted::Memory(entries)
        } else {
            if !self.entries.is_empty() {
                self.spill()?;
            }
            Sorted::Runs(self.runs)
        };
        let mut resolution = Resolution { sorted, remap: FastMap::default(), linked_counts: HashMap::new(), linked_surfaces: HashMap::new(), user: user.clone() };
        if link_surnames_across_documents {
            resolution.link_surnames(user)?;
        }
        Ok(resolution)
    }
}

fn hash128(text: &str) -> u128 {
    let bytes: [u8; 16] = blake3::hash(text.as_bytes()).as_bytes()[..16].try_into().expect("16 bytes");
    u128::from_le_bytes(bytes)
}

/// The catalog's entries in key order, each key once.
enum Sorted {
    Memory(Vec<(String, Entry)>),
    Runs(Vec<File>),
}

impl Sorted {
    fn merged(&self) -> io::Result<Merged<'_>> {
        match self {
            Sorted::Memory(entries) => Ok(Merged::Memory(entries.iter())),
            Sorted::Runs(files) => {
                let mut readers = Vec::with_capacity(files.len());
                let mut heads = Vec::with_capacity(files.len());
                let mut heap = BinaryHeap::new();
                for (i, mut file) in files.iter().enumerate() {
                    file.rewind()?;
                    let mut reader = BufReader::new(file);
                    let head = Entry::read(&mut reader)?;
                    if let Some((key, _)) = &head {
                        heap.push(Reverse((key.clone(), i)));
                    }
                    readers.push(reader);
                    heads.push(head);
                }
                Ok(Merged::Runs { readers, heads, heap })
            }
        }
    }
}

/// A k-way merge of sorted runs; entries of one key in several runs are added up.
enum Merged<'a> {
    Memory(std::slice::Iter<'a, (String, Entry)>),
    Runs { readers: Vec<BufReader<&'a File>>, heads: Vec<Option<(String, Entry)>>, heap: BinaryHeap<Reverse<(String, usize)>> },
}

/// A key and its entry: borrowed from memory, or read from the runs.
type Merge<'a> = (Cow<'a, str>, Cow<'a, Entry>);

impl<'a> Iterator for Merged<'a> {
    type Item = io::Result<Merge<'a>>;

    fn next(&mut self) -> Option<Self::Item> {
        match self {
            Merged::Memory(entries) => entries.next().map(|(key, entry)| Ok((Cow::Borrowed(key.as_str()), Cow::Borrowed(entry)))),
            Merged::Runs { readers, heads, heap } => {
                // The head of run `i`, replaced by the run's next entry.
                let mut take = |i: usize, heap: &mut BinaryHeap<Reverse<(String, usize)>>| -> io::Result<Entry> {
                    let (_, entry) = heads[i].take().expect("a queued run has a head");
                    heads[i] = Entry::read(&mut readers[i])?;
                    if let Some((key, _)) = &heads[i] {
                        heap.push(Reverse((key.clone(), i)));
                    }
                    Ok(entry)
                };
                let Reverse((key, first)) = heap.pop()?;
                let mut merged = match take(first, heap) {
                    Ok(entry) => entry,
                    Err(err) => return Some(Err(err)),
                };
                while heap.peek().is_some_and(|Reverse((next, _))| *next == key) {
                    let Reverse((_, i)) = heap.pop().expect("peeked");
                    match take(i, heap) {
                        Ok(entry) => merged.absorb(entry),
                        Err(err) => return Some(Err(err)),
                    }
                }
                Some(Ok((Cow::Owned(key), Cow::Owned(merged))))
            }
        }
    }
}

/// The catalog's decisions: where each key goes, and the entity rows.
pub struct Resolution {
    sorted: Sorted,
    /// A bare surname's key → the key of the one full name that ends with it.
    remap: FastMap<String, String>,
    /// Mentions and documents of linked bare surnames, by the full name's key.
    linked_counts: HashMap<String, (u64, u64)>,
    /// The spellings of the bare surnames linked to each full name, with their mentions.
    linked_surfaces: HashMap<String, FastMap<String, u64>>,
    /// The user's links: an alias file's name is its entity's canonical name.
    user: UserLinks,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityRow {
    pub entity_id: String,
    pub label: String,
    pub canonical: String,
    pub n_mentions: u64,
    pub n_docs: u64,
    /// The name part of the entity's key (`LABEL|name`).
    pub name: String,
    /// Every spelling its mentions used, with how many used it: most used first.
    pub aliases: Vec<(String, u64)>,
}

impl Resolution {
    pub fn final_key<'a>(&'a self, key: &'a str) -> &'a str {
        self.remap.get(key).map(String::as_str).unwrap_or(key)
    }

    fn link_surnames(&mut self, user: &UserLinks) -> io::Result<()> {
        // Pass 1: how many full names end with each surname that also occurs alone.
        let mut full_names: HashMap<u128, (u32, u128)> = HashMap::new();
        let mut bare: HashSet<u128> = HashSet::new();
        for item in self.sorted.merged()? {
            let (key, _) = item?;
            if let Some(name) = key.strip_prefix("PERSON|") {
                match name.rsplit_once(' ') {
                    // (A father's name is no surname: "Fawaz bin Abdullah" is not King Abdullah.)
                    Some((rest, _)) if super::fathers_name(rest) => {}
                    Some((_, last)) => full_names.entry(hash128(last)).or_insert((0, hash128(&key))).0 += 1,
                    None => {
                        bare.insert(hash128(name));
                    }
                }
            }
        }
        full_names.retain(|surname, (count, _)| *count == 1 && bare.contains(surname));
        drop(bare);
        // Pass 2: the linked bare surnames, their counts, and the keys of their full names.
        let mut targets: HashMap<u128, String> = HashMap::new();
        let mut links: Vec<(String, u128, u64, u64, FastMap<String, u64>)> = Vec::new();
        let mut counts: HashMap<u128, (u64, u64)> = HashMap::new();
        for item in self.sorted.merged()? {
            let (key, entry) = item?;
            let Some(name) = key.strip_prefix("PERSON|") else { continue };
            match name.rsplit_once(' ') {
                Some((_, last)) => {
                    let full = hash128(&key);
                    if full_names.get(&hash128(last)).is_some_and(|&(_, target)| target == full) {
                        targets.insert(full, key.to_string());
                    }
                }
                None => {
                    if let Some(&(_, target)) = full_names.get(&hash128(name)) {
                        links.push((key.to_string(), target, entry.n_mentions, entry.n_docs, entry.surfaces.clone()));
                    }
                }
            }
        }
        for (bare_key, target, n_mentions, n_docs, surfaces) in links {
            let full_key = &targets[&target];
            let (bare, full) = (bare_key.strip_prefix("PERSON|").unwrap_or(&bare_key), full_key.strip_prefix("PERSON|").unwrap_or(full_key));
            if !user.may_link(bare, full) {
                continue;
            }
            let total = counts.entry(target).or_default();
            total.0 += n_mentions;
            total.1 += n_docs;
            let spellings = self.linked_surfaces.entry(full_key.clone()).or_default();
            for (surface, n) in surfaces {
                *spellings.entry(surface).or_default() += n;
            }
            self.remap.insert(bare_key, full_key.clone());
        }
        self.linked_counts = counts.into_iter().map(|(target, total)| (targets[&target].clone(), total)).collect();
        Ok(())
    }

    /// The name an alias file gives the entity: of its key, or of one of its spellings (the most
    /// frequent) when another rule linked it further ("Big Blue" → "IBM" by the file, "IBM" →
    /// "International Business Machines" by the document's acronym).
    fn user_name(&self, name: &str, surfaces: &FastMap<String, u64>) -> Option<&str> {
        if !self.user.names_any() {
            return None; // (Every entity passes here: most runs have no alias file.)
        }
        self.user.name(name).or_else(|| {
            let named = surfaces.iter().filter_map(|(surface, n)| Some((n, surface, self.user.name(&crate::document::name_key(surface))?)));
            named.min_by(|a, b| b.0.cmp(a.0).then_with(|| a.1.cmp(b.1))).map(|(_, _, name)| name)
        })
    }

    /// One row per entity, in key order; a linked bare surname counts towards its full name,
    /// whose own spellings alone compete for the canonical name.
    pub fn entities(&self) -> io::Result<impl Iterator<Item = io::Result<EntityRow>> + '_> {
        Ok(self.sorted.merged()?.filter_map(move |item| {
            let (key, entry) = match item {
                Ok(item) => item,
                Err(err) => return Some(Err(err)),
            };
            if self.remap.contains_key(key.as_ref()) {
                return None;
            }
            let (linked_mentions, linked_docs) = self.linked_counts.get(key.as_ref()).copied().unwrap_or_default();
            let (label, name) = key.split_once('|').unwrap_or(("", key.as_ref()));
            Some(Ok(EntityRow {
                entity_id: entity_id(&key),
                label: label.to_string(),
                canonical: self.user_name(name, &entry.surfaces).map_or_else(|| choose_canonical(name, &entry.surfaces, label), str::to_string),
                n_mentions: entry.n_mentions + linked_mentions,
                n_docs: entry.n_docs + linked_docs,
                name: name.to_string(),
                // Every spelling that was counted, the linked surnames' too.
                aliases: {
                    let mut spellings = entry.surfaces.clone();
                    for (surface, n) in self.linked_surfaces.get(key.as_ref()).into_iter().flatten() {
                        *spellings.entry(surface.clone()).or_default() += n;
                    }
                    let mut aliases: Vec<(String, u64)> = spellings.into_iter().collect();
                    aliases.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
                    aliases
                },
            }))
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Label, Mention, Origin};

    /// Documents whose mentions are random one- and two-word names from a small pool, so that
    /// keys repeat across documents and bare surnames link (or are ambiguous).
    fn documents(n: usize) -> Vec<Document> {
        let first = ["Ann", "Bo", "Cy", "Di", "Ed"];
        let last = ["Lee", "Rama", "Ortiz", "Nakamura", "Smith", "Weber", "Okafor", "Ivanova", "Haddad"];
        let mut state = 0x9e3779b97f4a7c15u64;
        let mut next = |bound: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % bound as u64) as usize
        };
        (0..n)
            .map(|d| {
                let mut text = String::new();
                let mut mentions = Vec::new();
                for _ in 0..1 + next(6) {
                    let which = next(last.len());
                    let surname = last[which];
                    // The first four surnames have one full name each (they link), the rest several.
                    let given = if which < 4 { first[which] } else { first[next(first.len())] };
                    let (name, label) = match next(4) {
                        0 => (surname.to_string(), Label::Person),
                        1 => (format!("{given}  {surname}"), Label::Person),
                        2 => (format!("{given} {surname}"), Label::Person),
                        _ => (format!("{surname}ville"), Label::Gpe),
                    };
                    let start = text.len();
                    text.push_str(&name);
                    let key = format!("{}|{}", label.as_str(), crate::document::name_key(&name));
                    mentions.push(Mention { span: start..text.len(), label, sent_idx: 0, entity_key: key, value: None });
                    text.push_str(" met. ");
                }
                let mut doc = Document::new(Origin { doc_id: format!("d{d}"), source: String::new() }, String::new(), text);
                doc.mentions = mentions;
                doc
            })
            .collect()
    }

    #[test]
    fn one_spelling_however_spaced_or_composed() {
        // Regression: "Zürich" composed and decomposed were two aliases of one entity.
        let mut catalog = Catalog::default();
        let composed = "Z\u{fc}rich";
        let decomposed = "Zu\u{308}rich";
        catalog.add_mentions([("GPE|zurich", composed), ("GPE|zurich", decomposed), ("GPE|zurich", composed)].into_iter()).unwrap();
        catalog.add_mentions([("PERSON|angela merkel", "Angela\nMerkel"), ("PERSON|angela merkel", "Angela Merkel")].into_iter()).unwrap();
        let spellings = |key: &str| {
            let mut found: Vec<(String, u64)> = catalog.entries[key].surfaces.iter().map(|(s, n)| (s.clone(), *n)).collect();
            found.sort();
            found
        };
        assert_eq!(spellings("GPE|zurich"), [(composed.to_string(), 3)]);
        assert_eq!(spellings("PERSON|angela merkel"), [("Angela Merkel".to_string(), 2)]);
    }

    fn resolve(budget: usize, docs: &[Document]) -> (Vec<EntityRow>, Vec<String>, usize) {
        let spill = tempfile::tempdir().unwrap();
        let mut catalog = Catalog::new(Some(spill.path()), budget);
        for doc in docs {
            catalog.add_document(doc).unwrap();
        }
        let runs = catalog.runs_spilled();
        let resolution = catalog.resolve(true, &UserLinks::default()).unwrap();
        let rows = resolution.entities().unwrap().map(Result::unwrap).collect();
        let keys = docs.iter().flat_map(|d| &d.mentions).map(|m| resolution.final_key(&m.entity_key).to_string()).collect();
        (rows, keys, runs)
    }

    #[test]
    fn spilled_runs_resolve_exactly_like_memory() {
        let docs = documents(400);
        let (rows, keys, runs) = resolve(usize::MAX, &docs);
        assert_eq!(runs, 0);
        assert!(rows.len() > 20, "{} rows", rows.len());
        assert!(keys.iter().zip(docs.iter().flat_map(|d| &d.mentions)).any(|(k, m)| *k != m.entity_key), "some surname links");
        for budget in [0, 300, 4_000] {
            let (spilled_rows, spilled_keys, spilled_runs) = resolve(budget, &docs);
            assert!(spilled_runs > 1, "budget {budget}: {spilled_runs} runs");
            assert_eq!(spilled_rows, rows, "budget {budget}");
            assert_eq!(spilled_keys, keys, "budget {budget}");
        }
    }

    #[test]
    fn a_truncated_run_is_an_error_not_a_short_table() {
        let spill = tempfile::tempdir().unwrap();
        let mut catalog = Catalog::new(Some(spill.path()), 0);
        for doc in documents(10) {
            catalog.add_document(&doc).unwrap();
        }
        let length = catalog.runs[0].metadata().unwrap().len();
        catalog.runs[0].set_len(length - 3).unwrap();
        let resolution = catalog.resolve(false, &UserLinks::default()).unwrap();
        assert!(resolution.entities().unwrap().any(|row| row.is_err()));
    }
}
