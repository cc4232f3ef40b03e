//! Gazetteer files under `resources/gazetteer/` (built by `scripts/build_gazetteers.py` from
//! registry packages; sources and licences in its SOURCES.md): place names, their aliases and
//! demonyms. Used by the ruler (phrase patterns) and by aggregate (alias → canonical name).
//!
//! Every file is a UTF-8 TSV with a header row; list fields are `|`-separated. Missing files
//! are simply not used.

use std::collections::HashMap;
use std::path::Path;

use crate::document::Label;

/// One row of a TSV file as a column-name → value map.
fn read_tsv(path: &Path) -> Result<Vec<HashMap<String, String>>, String> {
    if !path.is_file() {
        return Ok(Vec::new());
    }
    let text = std::fs::read_to_string(path).map_err(|err| format!("cannot read {}: {err}", path.display()))?;
    let mut lines = text.lines();
    let header: Vec<&str> = match lines.next() {
        Some(h) => h.split('\t').collect(),
        None => return Ok(Vec::new()),
    };
    Ok(lines
        .filter(|l| !l.trim().is_empty())
        .map(|line| header.iter().zip(line.split('\t')).map(|(k, v)| (k.to_string(), v.to_string())).collect())
        .collect())
}

fn list(row: &HashMap<String, String>, column: &str) -> Vec<String> {
    row.get(column)
        .map(|v| v.split('|').map(str::trim).filter(|s| !s.is_empty()).map(String::from).collect())
        .unwrap_or_default()
}

fn field<'a>(row: &'a HashMap<String, String>, column: &str) -> &'a str {
    row.get(column).map(|s| s.trim()).unwrap_or("")
}

/// Names that are also everyday English words; as bare phrase patterns they would tag prose.
const COMMON_WORD_PLACES: &[&str] = &[
    "Of", "Nice", "Split", "Mobile", "Reading", "Bath", "March", "Independence", "Orange", "Deal", "Union", "Progress",
    "Liberty", "Victoria", "Florence", "Young", "Eagle", "Hope", "Concord", "Enterprise", "Commerce", "Troy", "Delta",
    "Marshall", "Jackson", "Lincoln", "Washington", "Hamilton", "Franklin", "Madison", "Clinton", "Eugene", "Austin",
    "Charlotte", "Regina", "Frederick", "Florida", "Santa", "Lagos", "Male", "Bar", "Most", "Zug", "Sale", "Street",
    "Wells", "Ely", "Derby", "Surprise", "Norman", "Temple", "Kent", "Chester", "Warren", "Salem", "Columbia",
];

fn usable_phrase(name: &str) -> bool {
    let letters: Vec<char> = name.chars().filter(|c| c.is_alphabetic()).collect();
    let capitalised = name.chars().next().is_some_and(char::is_uppercase);
    let short_acronym = letters.len() <= 2 && !letters.iter().all(|c| c.is_uppercase());
    capitalised && letters.len() >= 2 && !short_acronym && !COMMON_WORD_PLACES.contains(&name)
}

/// Phrase patterns for the ruler: countries, capitals and cities → GPE, demonyms → NORP,
/// regions → LOC.
pub fn ruler_phrases(dir: &Path, min_city_population: u64) -> Result<Vec<(String, Label)>, String> {
    let mut phrases = Vec::new();
    for row in read_tsv(&dir.join("countries.tsv"))? {
        let mut names = vec![field(&row, "name").to_string(), field(&row, "capital").to_string()];
        names.extend(list(&row, "aliases"));
        phrases.extend(names.into_iter().filter(|n| usable_phrase(n)).map(|n| (n, Label::Gpe)));
        phrases.extend(list(&row, "demonyms").into_iter().filter(|n| usable_phrase(n)).map(|n| (n, Label::Norp)));
    }
    for row in read_tsv(&dir.join("cities.tsv"))? {
        let population: u64 = field(&row, "population").parse().unwrap_or(0);
        if population < min_city_population {
            continue;
        }
        let mut names = vec![field(&row, "name").to_string()];
        names.extend(list(&row, "aliases"));
        phrases.extend(names.into_iter().filter(|n| usable_phrase(n)).map(|n| (n, Label::Gpe)));
    }
    for row in read_tsv(&dir.join("regions.tsv"))? {
        let mut names = vec![field(&row, "name").to_string()];
        names.extend(list(&row, "aliases"));
        phrases.extend(names.into_iter().filter(|n| usable_phrase(n)).map(|n| (n, Label::Loc)));
    }
    Ok(phrases)
}

/// Alias → canonical place name, keyed by [`crate::stages::aggregate::name_key`] of the alias.
/// Countries win over cities when an alias is ambiguous; among cities the most populous wins.
pub fn place_aliases(dir: &Path) -> Result<HashMap<String, String>, String> {
    use crate::stages::aggregate::name_key;
    let mut aliases: HashMap<String, (u64, String)> = HashMap::new();
    let mut add = |alias: &str, canonical: &str, rank: u64| {
        let key = name_key(alias);
        if key.is_empty() {
            return;
        }
        let entry = aliases.entry(key).or_insert((rank, canonical.to_string()));
        if rank > entry.0 {
            *entry = (rank, canonical.to_string());
        }
    };
    for row in read_tsv(&dir.join("countries.tsv"))? {
        let name = field(&row, "name");
        add(name, name, u64::MAX);
        for alias in list(&row, "aliases") {
            add(&alias, name, u64::MAX);
        }
    }
    for row in read_tsv(&dir.join("cities.tsv"))? {
        let name = field(&row, "name");
        let population: u64 = field(&row, "population").parse().unwrap_or(0);
        add(name, name, population);
        for alias in list(&row, "aliases") {
            add(&alias, name, population);
        }
    }
    Ok(aliases.into_iter().map(|(k, (_, v))| (k, v)).collect())
}

/// Fingerprint of the gazetteer files (for caches).
pub fn fingerprint(dir: &Path) -> String {
    let mut hasher = blake3::Hasher::new();
    for file in ["countries.tsv", "cities.tsv", "regions.tsv", "titles.txt"] {
        if let Ok(bytes) = std::fs::read(dir.join(file)) {
            hasher.update(&bytes);
        }
    }
    hasher.finalize().to_hex()[..16].to_string()
}
