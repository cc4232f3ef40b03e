//! Gazetteer files under `resources/gazetteer/` (built by `scripts/build_gazetteers.py` from
//! registry packages; sources and licences in its SOURCES.md): place names, their aliases and
//! demonyms. Used by the ruler (phrase patterns) and by aggregate (alias → canonical name).
//!
//! Every file is a UTF-8 TSV with a header row; list fields are `|`-separated. Missing files
//! are simply not used.

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::Path;

use crate::document::Label;

/// The gazetteer's files, from a directory or built into the binary (cheap to clone then).
#[derive(Clone)]
pub struct Gazetteer {
    countries: Cow<'static, str>,
    cities: Cow<'static, str>,
    regions: Cow<'static, str>,
    titles: Cow<'static, str>,
    fingerprint: String,
}

impl Gazetteer {
    /// `None`: the copy of `resources/gazetteer/` built into the binary (works from any
    /// directory); `Some(dir)`: the files in `dir` (a missing file counts as empty).
    pub fn load(dir: Option<&Path>) -> Result<Gazetteer, String> {
        let read = |name: &str, builtin: &'static str| -> Result<Cow<'static, str>, String> {
            match dir {
                None => Ok(Cow::Borrowed(builtin)),
                Some(dir) => {
                    let path = dir.join(name);
                    if !path.is_file() {
                        return Ok(Cow::Borrowed(""));
                    }
                    std::fs::read_to_string(&path).map(Cow::Owned).map_err(|err| format!("cannot read {}: {err}", path.display()))
                }
            }
        };
        let countries = read("countries.tsv", include_str!("../resources/gazetteer/countries.tsv"))?;
        let cities = read("cities.tsv", include_str!("../resources/gazetteer/cities.tsv"))?;
        let regions = read("regions.tsv", include_str!("../resources/gazetteer/regions.tsv"))?;
        let titles = read("titles.txt", include_str!("../resources/gazetteer/titles.txt"))?;
        let mut hasher = blake3::Hasher::new();
        for text in [&countries, &cities, &regions, &titles] {
            hasher.update(text.as_bytes());
            hasher.update(b"\x1f");
        }
        let fingerprint = hasher.finalize().to_hex()[..16].to_string();
        Ok(Gazetteer { countries, cities, regions, titles, fingerprint })
    }

    /// Changes whenever any file changes (for caches).
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// Titles and honorifics that can precede a person's name, lower case.
    pub fn titles(&self) -> impl Iterator<Item = &str> {
        self.titles.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#'))
    }

    /// Phrase patterns for the ruler: countries, capitals and cities → GPE, demonyms → NORP,
    /// regions → their `label` column (LOC for continents, GPE for subdivisions).
    pub fn ruler_phrases(&self, min_city_population: u64) -> Vec<(String, Label)> {
        let mut phrases = Vec::new();
        for row in rows(&self.countries) {
            let mut names = vec![field(&row, "name").to_string(), field(&row, "capital").to_string()];
            names.extend(list(&row, "aliases"));
            phrases.extend(names.into_iter().filter(|n| usable_phrase(n)).map(|n| (n, Label::Gpe)));
            phrases.extend(list(&row, "demonyms").into_iter().filter(|n| usable_phrase(n)).map(|n| (n, Label::Norp)));
        }
        for row in rows(&self.cities) {
            let population: u64 = field(&row, "population").parse().unwrap_or(0);
            if population < min_city_population {
                continue;
            }
            let mut names = vec![field(&row, "name").to_string()];
            names.extend(list(&row, "aliases"));
            phrases.extend(names.into_iter().filter(|n| usable_phrase(n)).map(|n| (n, Label::Gpe)));
        }
        for row in rows(&self.regions) {
            let label = Label::parse(field(&row, "label")).unwrap_or(Label::Loc);
            let mut names = vec![field(&row, "name").to_string()];
            names.extend(list(&row, "aliases"));
            phrases.extend(names.into_iter().filter(|n| usable_phrase(n)).map(|n| (n, label)));
        }
        phrases
    }

    /// Exact names → label for relabelling: country names, aliases and capitals → GPE,
    /// demonyms → NORP (a name that is both keeps GPE).
    pub fn place_labels(&self) -> HashMap<String, Label> {
        let mut labels = HashMap::new();
        for row in rows(&self.countries) {
            for demonym in list(&row, "demonyms").into_iter().filter(|n| usable_phrase(n)) {
                labels.insert(demonym, Label::Norp);
            }
        }
        for row in rows(&self.countries) {
            let mut names = vec![field(&row, "name").to_string(), field(&row, "capital").to_string()];
            names.extend(list(&row, "aliases"));
            for name in names.into_iter().filter(|n| usable_phrase(n)) {
                labels.insert(name, Label::Gpe);
            }
        }
        labels
    }

    /// Alias → canonical place name, for merging spellings ("Teheran" → "Tehran").
    /// Countries win over cities when an alias is ambiguous; among cities the most populous wins.
    pub fn place_aliases(&self) -> PlaceAliases {
        use crate::stages::aggregate::name_key;
        // name-key hash → (rank, canonical index)
        let mut best: HashMap<u64, (u64, u32)> = HashMap::new();
        let mut canonicals: Vec<String> = Vec::new();
        let mut canonical_index: HashMap<String, u32> = HashMap::new();
        // The canonical name's key is computed once per place, not once per alias.
        let mut add_place = |canonical: &str, aliases: Vec<String>, rank: u64, best: &mut HashMap<u64, (u64, u32)>| {
            let canonical_key = name_key(canonical);
            let mut index = None;
            for alias in aliases {
                let key = name_key(&alias);
                if key.is_empty() || key == canonical_key {
                    continue; // a name that is already its own key needs no entry
                }
                let index = *index.get_or_insert_with(|| {
                    *canonical_index.entry(canonical_key.clone()).or_insert_with(|| {
                        canonicals.push(canonical_key.clone());
                        (canonicals.len() - 1) as u32
                    })
                });
                let entry = best.entry(PlaceAliases::hash(&key)).or_insert((rank, index));
                if rank > entry.0 {
                    *entry = (rank, index);
                }
            }
        };
        for row in rows(&self.countries) {
            add_place(field(&row, "name"), list(&row, "aliases"), u64::MAX, &mut best);
        }
        for row in rows(&self.cities) {
            let population: u64 = field(&row, "population").parse().unwrap_or(0);
            add_place(field(&row, "name"), list(&row, "aliases"), population, &mut best);
        }
        // A real name of another place is not an alias of this one ("Paris" stays Paris).
        for row in rows(&self.countries).chain(rows(&self.cities)) {
            let key = name_key(field(&row, "name"));
            if let Some(&(rank, _)) = best.get(&PlaceAliases::hash(&key)) {
                if rank != u64::MAX {
                    best.remove(&PlaceAliases::hash(&key));
                }
            }
        }
        let mut entries: Vec<(u64, u32)> = best.into_iter().map(|(hash, (_, index))| (hash, index)).collect();
        entries.sort_unstable();
        PlaceAliases { entries, canonicals }
    }
}

/// A compact alias table: sorted (64-bit hash of the alias key, canonical index) pairs, about
/// 16 bytes per alias instead of two heap strings.
#[derive(Debug, Default)]
pub struct PlaceAliases {
    entries: Vec<(u64, u32)>,
    canonicals: Vec<String>,
}

impl PlaceAliases {
    fn hash(key: &str) -> u64 {
        let digest = blake3::hash(key.as_bytes());
        u64::from_le_bytes(digest.as_bytes()[..8].try_into().expect("8 bytes"))
    }

    /// The canonical name key for an alias name key, if it is an alias.
    pub fn canonical(&self, key: &str) -> Option<&str> {
        let hash = PlaceAliases::hash(key);
        let i = self.entries.binary_search_by_key(&hash, |e| e.0).ok()?;
        Some(self.canonicals[self.entries[i].1 as usize].as_str())
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// The rows of a TSV text as column-name → value maps.
fn rows(text: &str) -> impl Iterator<Item = HashMap<&str, &str>> {
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().map(|h| h.split('\t').collect()).unwrap_or_default();
    lines.filter(|l| !l.trim().is_empty()).map(move |line| header.iter().copied().zip(line.split('\t')).collect())
}

fn list(row: &HashMap<&str, &str>, column: &str) -> Vec<String> {
    row.get(column).map(|v| v.split('|').map(str::trim).filter(|s| !s.is_empty()).map(String::from).collect()).unwrap_or_default()
}

fn field<'a>(row: &HashMap<&str, &'a str>, column: &str) -> &'a str {
    row.get(column).map(|s| s.trim()).unwrap_or("")
}

/// Names that are also everyday English words; as bare phrase patterns they would tag prose.
const COMMON_WORD_PLACES: &[&str] = &[
    "Of", "Nice", "Split", "Mobile", "Reading", "Bath", "March", "Independence", "Orange", "Deal", "Union", "Progress",
    "Liberty", "Victoria", "Florence", "Young", "Eagle", "Hope", "Concord", "Enterprise", "Commerce", "Troy", "Delta",
    "Marshall", "Jackson", "Lincoln", "Washington", "Hamilton", "Franklin", "Madison", "Clinton", "Eugene", "Austin",
    "Charlotte", "Regina", "Frederick", "Santa", "Male", "Bar", "Most", "Sale", "Street", "Wells", "Ely", "Derby",
    "Surprise", "Norman", "Temple", "Kent", "Chester", "Warren", "Salem", "Columbia", "Government", "Centre", "Center",
    "Capital", "Central", "North", "South", "East", "West", "Eastern", "Western", "Northern", "Southern",
];

fn usable_phrase(name: &str) -> bool {
    let letters: Vec<char> = name.chars().filter(|c| c.is_alphabetic()).collect();
    let capitalised = name.chars().next().is_some_and(char::is_uppercase);
    let short_acronym = letters.len() <= 2 && !letters.iter().all(|c| c.is_uppercase());
    capitalised && letters.len() >= 2 && !short_acronym && !COMMON_WORD_PLACES.contains(&name)
}
