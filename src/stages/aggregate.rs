//! aggregate: from mentions to canonical entities.
//!
//! Each mention gets an identity key `LABEL|name key`, where the name key is the normalised
//! name (case, accents, punctuation, a leading "the" removed) after alias resolution (gazetteer:
//! "Teheran" → "Tehran", "UAE" → "United Arab Emirates"). Within a document a person's surname
//! alone ("Rama") takes the key of the full name seen in it ("Edi Rama"). The corpus-wide
//! [`Catalog`] then links a bare surname to a full name when exactly one full name in the whole
//! corpus ends with it, counts mentions and documents, and picks each entity's canonical name.
//!
//! entity_id is a hash of the final key, so ids never depend on document or thread order and
//! stay the same across runs and corpora.

use std::collections::{BTreeMap, HashMap};

use unicode_normalization::UnicodeNormalization;

use crate::config::AggregateConfig;
use crate::document::{Document, Label};
use crate::gazetteer::{Gazetteer, PlaceAliases};

/// Normalised name: NFKD without combining marks, lower case, letters/digits/`&` only, single
/// spaces, no leading "the", no trailing possessive.
pub fn name_key(name: &str) -> String {
    let mut key = String::with_capacity(name.len());
    let mut pending_space = false;
    // ASCII has nothing to decompose; most names are ASCII.
    let folded: std::borrow::Cow<str> = if name.is_ascii() {
        std::borrow::Cow::Borrowed(name)
    } else {
        std::borrow::Cow::Owned(name.nfkd().filter(|c| !unicode_normalization::char::is_combining_mark(*c)).collect())
    };
    let folded = folded.trim_end_matches("'s").trim_end_matches("’s");
    for c in folded.chars() {
        if c.is_alphanumeric() || c == '&' {
            if pending_space && !key.is_empty() {
                key.push(' ');
            }
            pending_space = false;
            key.extend(c.to_lowercase());
        } else if c == '.' || c == '\'' || c == '’' {
            // "U.S." = "US", "O'Neill" = "ONeill": dropped without a space.
        } else {
            pending_space = true;
        }
    }
    match key.strip_prefix("the ") {
        Some(rest) => rest.to_string(),
        None => key,
    }
}

fn is_place(label: Label) -> bool {
    matches!(label, Label::Gpe | Label::Loc | Label::Fac)
}

pub struct Linker {
    config: AggregateConfig,
    /// name key of an alias → canonical name.
    /// Built on a background thread: documents taken from the cache need no linking.
    aliases: std::sync::Arc<std::sync::OnceLock<PlaceAliases>>,
}

impl Linker {
    pub fn build(config: &AggregateConfig, gazetteer: &Gazetteer) -> Linker {
        let aliases = std::sync::Arc::new(std::sync::OnceLock::new());
        if config.enabled && config.gazetteer_aliases {
            let (filled, gazetteer) = (aliases.clone(), gazetteer.clone());
            std::thread::spawn(move || {
                let _ = filled.set(gazetteer.place_aliases());
            });
        } else {
            let _ = aliases.set(PlaceAliases::default());
        }
        Linker { config: config.clone(), aliases }
    }

    /// Fill `entity_key` of every mention of one document.
    pub fn link_document(&self, doc: &mut Document) {
        let aliases = self.aliases.wait();
        let mut names: Vec<String> = Vec::with_capacity(doc.mentions.len());
        for mention in &doc.mentions {
            let key = name_key(&doc.text[mention.span.clone()]);
            let key = if self.config.enabled && is_place(mention.label) {
                aliases.canonical(&key).map(str::to_string).unwrap_or(key)
            } else {
                key
            };
            names.push(key);
        }
        if self.config.enabled && self.config.link_short_names {
            // Full person names of this document, by their last word.
            let mut by_surname: HashMap<String, Vec<usize>> = HashMap::new();
            for (i, mention) in doc.mentions.iter().enumerate() {
                if mention.label == Label::Person {
                    if let Some((_, last)) = names[i].rsplit_once(' ') {
                        by_surname.entry(last.to_string()).or_default().push(i);
                    }
                }
            }
            for i in 0..doc.mentions.len() {
                if doc.mentions[i].label != Label::Person || names[i].contains(' ') {
                    continue;
                }
                if let Some(full) = by_surname.get(&names[i]) {
                    // The closest full name before the mention, else the first after it.
                    let before = full.iter().rev().find(|&&j| j < i);
                    let chosen = before.or(full.first()).copied();
                    if let Some(j) = chosen {
                        names[i] = names[j].clone();
                    }
                }
            }
        }
        for (mention, name) in doc.mentions.iter_mut().zip(names) {
            mention.entity_key = format!("{}|{}", mention.label.as_str(), name);
        }
    }
}

/// A stable id from a final entity key.
pub fn entity_id(key: &str) -> String {
    format!("E{}", &blake3::hash(key.as_bytes()).to_hex()[..15])
}

#[derive(Debug, Default)]
struct Entry {
    n_mentions: u64,
    n_docs: u64,
    /// Surface forms (whitespace-normalised) whose own name key equals the entry's → count.
    surfaces: HashMap<String, u64>,
}

/// Corpus-wide entity statistics; memory grows with distinct entities, not with documents.
#[derive(Debug, Default)]
pub struct Catalog {
    entries: HashMap<String, Entry>,
}

/// The catalog's decisions: where each key goes, and the entity rows.
pub struct Resolution {
    remap: HashMap<String, String>,
    pub entities: Vec<EntityRow>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityRow {
    pub entity_id: String,
    pub label: String,
    pub canonical: String,
    pub n_mentions: u64,
    pub n_docs: u64,
}

impl Resolution {
    pub fn final_key<'a>(&'a self, key: &'a str) -> &'a str {
        self.remap.get(key).map(String::as_str).unwrap_or(key)
    }
}

impl Catalog {
    pub fn add_document(&mut self, doc: &Document) {
        let mut seen: Vec<&str> = Vec::new();
        for mention in &doc.mentions {
            // Allocate the key only for a new entity (most mentions repeat one).
            if !self.entries.contains_key(&mention.entity_key) {
                self.entries.insert(mention.entity_key.clone(), Entry::default());
            }
            let entry = self.entries.get_mut(&mention.entity_key).expect("inserted above");
            entry.n_mentions += 1;
            let raw = &doc.text[mention.span.clone()];
            let single_spaced = !raw.contains("  ") && !raw.contains(|c: char| c.is_whitespace() && c != ' ');
            match entry.surfaces.get_mut(raw).filter(|_| single_spaced) {
                Some(count) => *count += 1,
                None => {
                    let surface = if single_spaced { raw.to_string() } else { raw.split_whitespace().collect::<Vec<_>>().join(" ") };
                    *entry.surfaces.entry(surface).or_default() += 1;
                }
            }
            if !seen.contains(&mention.entity_key.as_str()) {
                seen.push(&mention.entity_key);
                entry.n_docs += 1;
            }
        }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Link bare surnames across the corpus, then build one row per entity (sorted by id).
    pub fn resolve(self, link_short_names: bool) -> Resolution {
        let mut remap: HashMap<String, String> = HashMap::new();
        if link_short_names {
            let mut full_by_surname: HashMap<&str, Vec<&str>> = HashMap::new();
            for key in self.entries.keys() {
                if let Some(name) = key.strip_prefix("PERSON|") {
                    if let Some((_, last)) = name.rsplit_once(' ') {
                        full_by_surname.entry(last).or_default().push(key);
                    }
                }
            }
            for key in self.entries.keys() {
                if let Some(name) = key.strip_prefix("PERSON|") {
                    if !name.contains(' ') {
                        if let Some([only]) = full_by_surname.get(name).map(Vec::as_slice) {
                            remap.insert(key.clone(), only.to_string());
                        }
                    }
                }
            }
        }
        let mut merged: BTreeMap<String, Entry> = BTreeMap::new();
        for (key, entry) in self.entries {
            let target = remap.get(&key).cloned().unwrap_or(key.clone());
            let full_form = target == key;
            let into = merged.entry(target).or_default();
            into.n_mentions += entry.n_mentions;
            into.n_docs += entry.n_docs;
            // Only the full form's spellings compete for the canonical name.
            if full_form {
                for (surface, count) in entry.surfaces {
                    *into.surfaces.entry(surface).or_default() += count;
                }
            }
        }
        let entities = merged
            .into_iter()
            .map(|(key, entry)| {
                let (label, name) = key.split_once('|').unwrap_or(("", key.as_str()));
                let canonical = choose_canonical(name, &entry.surfaces);
                EntityRow { entity_id: entity_id(&key), label: label.to_string(), canonical, n_mentions: entry.n_mentions, n_docs: entry.n_docs }
            })
            .collect();
        Resolution { remap, entities }
    }
}

/// The most frequent spelling whose key is the entity's own name (ties: longer, then smaller);
/// for an alias-resolved place, a spelling of the canonical name when one was seen.
fn choose_canonical(name: &str, surfaces: &HashMap<String, u64>) -> String {
    let best = |candidates: &mut dyn Iterator<Item = (&String, &u64)>| {
        candidates
            .max_by(|a, b| a.1.cmp(b.1).then(a.0.chars().count().cmp(&b.0.chars().count())).then(b.0.cmp(a.0)))
            .map(|(s, _)| s.clone())
    };
    let cleaned = |s: &str| strip_article(s).to_string();
    best(&mut surfaces.iter().filter(|(s, _)| name_key(s) == name))
        .map(|s| cleaned(&s))
        .or_else(|| best(&mut surfaces.iter()).map(|s| cleaned(&s)))
        .unwrap_or_else(|| title_case(name))
}

fn strip_article(s: &str) -> &str {
    s.strip_prefix("the ").or_else(|| s.strip_prefix("The ")).unwrap_or(s)
}

fn title_case(name: &str) -> String {
    name.split(' ')
        .map(|w| {
            let mut c = w.chars();
            c.next().map(|f| f.to_uppercase().chain(c).collect::<String>()).unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Mention, Origin};

    #[test]
    fn name_keys() {
        assert_eq!(name_key("the United Arab Emirates"), "united arab emirates");
        assert_eq!(name_key("Albania’s"), "albania");
        assert_eq!(name_key("U.S."), "us");
        assert_eq!(name_key("São  Paulo"), "sao paulo");
        assert_eq!(name_key("Saudi-Arabia"), "saudi arabia");
        assert_eq!(name_key("BB&T Corp."), "bb&t corp");
    }

    fn doc(id: &str, text: &str, spans: &[(&str, Label)]) -> Document {
        let mut doc = Document::new(Origin { doc_id: id.into(), source: id.into() }, String::new(), text.into());
        let mut from = 0;
        for (surface, label) in spans {
            let start = from + text[from..].find(surface).unwrap();
            from = start + surface.len();
            doc.mentions.push(Mention { span: start..from, label: *label, sent_idx: 0, entity_key: String::new() });
        }
        doc
    }

    fn linker() -> Linker {
        let empty = tempfile::tempdir().unwrap();
        Linker::build(&AggregateConfig::default(), &Gazetteer::load(Some(empty.path())).unwrap())
    }

    #[test]
    fn surname_links_to_full_name_within_and_across_documents() {
        let linker = linker();
        let mut a = doc("a", "Edi Rama spoke. Rama left.", &[("Edi Rama", Label::Person), ("Rama", Label::Person)]);
        let mut b = doc("b", "Rama returned.", &[("Rama", Label::Person)]);
        linker.link_document(&mut a);
        linker.link_document(&mut b);
        assert_eq!(a.mentions[0].entity_key, a.mentions[1].entity_key);
        let mut catalog = Catalog::default();
        catalog.add_document(&a);
        catalog.add_document(&b);
        let resolution = catalog.resolve(true);
        assert_eq!(resolution.final_key(&b.mentions[0].entity_key), a.mentions[0].entity_key);
        assert_eq!(resolution.entities.len(), 1);
        let entity = &resolution.entities[0];
        assert_eq!((entity.canonical.as_str(), entity.n_mentions, entity.n_docs), ("Edi Rama", 3, 2));
        assert_eq!(entity.entity_id, entity_id("PERSON|edi rama"));
    }

    #[test]
    fn ambiguous_surname_stays_apart() {
        let linker = linker();
        let mut a = doc("a", "Ann Lee met Bo Lee.", &[("Ann Lee", Label::Person), ("Bo Lee", Label::Person)]);
        let mut b = doc("b", "Lee spoke.", &[("Lee", Label::Person)]);
        linker.link_document(&mut a);
        linker.link_document(&mut b);
        let mut catalog = Catalog::default();
        catalog.add_document(&a);
        catalog.add_document(&b);
        assert_eq!(catalog.resolve(true).entities.len(), 3);
    }

    #[test]
    fn aliases_merge_place_spellings() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("cities.tsv"), "name\tcountry_iso2\tpopulation\taliases\nTehran\tIR\t7153309\tTeheran|Tehrān\n").unwrap();
        let linker = Linker::build(&AggregateConfig::default(), &Gazetteer::load(Some(dir.path())).unwrap());
        let mut a = doc("a", "Teheran and Tehran", &[("Teheran", Label::Gpe), ("Tehran", Label::Gpe)]);
        linker.link_document(&mut a);
        assert_eq!(a.mentions[0].entity_key, "GPE|tehran");
        assert_eq!(a.mentions[1].entity_key, "GPE|tehran");
        let mut catalog = Catalog::default();
        catalog.add_document(&a);
        let resolution = catalog.resolve(true);
        assert_eq!(resolution.entities[0].canonical, "Tehran");
    }
}
