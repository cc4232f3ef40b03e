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

use std::collections::HashMap;

mod config;
pub use config::AggregateConfig;
mod catalog;
pub use catalog::{Catalog, EntityRow, Resolution, CATALOG_BUDGET_BYTES};


use crate::document::{name_key, Document, Label};
use crate::gazetteer::{Gazetteer, PlaceAliases};

fn is_place(label: Label) -> bool {
    matches!(label, Label::Gpe | Label::Loc | Label::Fac)
}

pub struct Linker {
    config: AggregateConfig,
    /// Where the place aliases come from: the gazetteer, and the state directory that keeps
    /// the table between runs (`None` when aliases are off).
    source: Option<(Gazetteer, Option<std::path::PathBuf>)>,
    /// name key of an alias → canonical name; built when a document first needs linking (a
    /// rerun that takes every document from the cache links none).
    aliases: std::sync::OnceLock<PlaceAliases>,
}

impl Linker {
    /// `state_dir`: where the alias table is kept between runs (see [`PlaceAliases::kept_in`]);
    /// `None` builds it every time.
    pub fn build(config: &AggregateConfig, gazetteer: &Gazetteer, state_dir: Option<&std::path::Path>) -> Linker {
        let source = (config.enabled && config.gazetteer_aliases).then(|| (gazetteer.clone(), state_dir.map(std::path::Path::to_path_buf)));
        Linker { config: config.clone(), source, aliases: std::sync::OnceLock::new() }
    }

    /// Fill `entity_key` of every mention of one document.
    pub fn link_document(&self, doc: &mut Document) {
        let aliases = self.aliases.get_or_init(|| match &self.source {
            Some((gazetteer, Some(dir))) => PlaceAliases::kept_in(dir, gazetteer),
            Some((gazetteer, None)) => gazetteer.place_aliases(),
            None => PlaceAliases::default(),
        });
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

/// The most frequent spelling whose key is the entity's own name (ties: longer, then smaller);
/// for an alias-resolved place, a spelling of the canonical name when one was seen.
pub(crate) fn choose_canonical<S: std::hash::BuildHasher>(name: &str, surfaces: &HashMap<String, u64, S>) -> String {
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
            doc.mentions.push(Mention { span: start..from, label: *label, sent_idx: 0, entity_key: String::new(), value: None });
        }
        doc
    }

    fn linker() -> Linker {
        let empty = tempfile::tempdir().unwrap();
        Linker::build(&AggregateConfig::default(), &Gazetteer::load(Some(empty.path())).unwrap(), None)
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
        catalog.add_document(&a).unwrap();
        catalog.add_document(&b).unwrap();
        let resolution = catalog.resolve(true).unwrap();
        let entities: Vec<EntityRow> = resolution.entities().unwrap().map(Result::unwrap).collect();
        assert_eq!(resolution.final_key(&b.mentions[0].entity_key), a.mentions[0].entity_key);
        assert_eq!(entities.len(), 1);
        let entity = &entities[0];
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
        catalog.add_document(&a).unwrap();
        catalog.add_document(&b).unwrap();
        assert_eq!(catalog.resolve(true).unwrap().entities().unwrap().count(), 3);
    }

    #[test]
    fn aliases_merge_place_spellings() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("cities.tsv"), "name\tcountry_iso2\tpopulation\taliases\nTehran\tIR\t7153309\tTeheran|Tehrān\n").unwrap();
        let linker = Linker::build(&AggregateConfig::default(), &Gazetteer::load(Some(dir.path())).unwrap(), None);
        let mut a = doc("a", "Teheran and Tehran", &[("Teheran", Label::Gpe), ("Tehran", Label::Gpe)]);
        linker.link_document(&mut a);
        assert_eq!(a.mentions[0].entity_key, "GPE|tehran");
        assert_eq!(a.mentions[1].entity_key, "GPE|tehran");
        let mut catalog = Catalog::default();
        catalog.add_document(&a).unwrap();
        let resolution = catalog.resolve(true).unwrap();
        let entities: Vec<EntityRow> = resolution.entities().unwrap().map(Result::unwrap).collect();
        assert_eq!(entities[0].canonical, "Tehran");
    }
}
