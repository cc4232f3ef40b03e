//! The aggregate stage's settings (`[aggregate]` in pipeline.toml).

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct AggregateConfig {
    /// Off: entity_id is still filled (from the mention's own key) but no linking is done.
    pub enabled: bool,
    /// Link a person's surname alone ("Rama") to the full name ("Edi Rama") within a document.
    pub link_short_names: bool,
    /// Also link a surname alone to the one full name in the whole corpus that ends with it
    /// (with `link_short_names`). Off by default: in a corpus of many subjects the one "Eric
    /// Adams" of a city story is not the "Adams" of a football report; on for a corpus about
    /// one subject, where a bare "Rama" is its one Edi Rama.
    pub link_surnames_across_documents: bool,
    /// Merge place spellings with the gazetteer's aliases ("Teheran" -> "Tehran").
    pub gazetteer_aliases: bool,
    /// One organisation under its names within a document: legal forms left out of the key
    /// ("Apple Inc." = "Apple"), a short form after the full name ("Harbor Financial" after
    /// "Harbor Financial Group"), an acronym defined in the text ("... Khalq (MEK)").
    pub link_organisations: bool,
    /// CSV files of your own aliases, columns `alias,name` and optionally `label`: every
    /// mention of an alias is an entity of the name (of that label only, when given).
    pub alias_files: Vec<PathBuf>,
    /// Pairs of names no rule links to each other (`[["Bloomberg", "Michael Bloomberg"]]`).
    #[serde(deserialize_with = "pairs")]
    pub never_merge: Vec<[String; 2]>,
}

/// A list of pairs; a list of three names or more is refused (it would be read as its first two).
fn pairs<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Vec<[String; 2]>, D::Error> {
    let lists: Vec<Vec<String>> = Vec::deserialize(deserializer)?;
    lists
        .into_iter()
        .enumerate()
        .map(|(i, list)| {
            let n = list.len();
            <[String; 2]>::try_from(list).map_err(|_| serde::de::Error::custom(format!("pair {}: expected two names, found {n}", i + 1)))
        })
        .collect()
}

impl Default for AggregateConfig {
    fn default() -> Self {
        AggregateConfig {
            enabled: true,
            link_short_names: true,
            link_surnames_across_documents: false,
            gazetteer_aliases: true,
            link_organisations: true,
            alias_files: Vec::new(),
            never_merge: Vec::new(),
        }
    }
}
