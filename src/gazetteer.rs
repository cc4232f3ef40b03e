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

mod places;
pub use places::{rows, Namesake, Place, PlaceAliases, PlaceTables};

/// The gazetteer's files, from a directory or built into the binary (cheap to clone then).
#[derive(Clone)]
pub struct Gazetteer {
    countries: Cow<'static, str>,
    cities: Cow<'static, str>,
    regions: Cow<'static, str>,
    titles: Cow<'static, str>,
    org_suffixes: Cow<'static, str>,
    places: Cow<'static, str>,
    fingerprint: String,
    /// The place tables, made once on first use and shared by every clone: the tag stage,
    /// aggregate and the entities table read the same ones.
    tables: std::sync::Arc<std::sync::OnceLock<PlaceTables>>,
    built_in: bool,
}

/// The gazetteer's files and their built-in copies.
const FILES: [(&str, &str); 6] = [
    ("countries.tsv", include_str!("../resources/gazetteer/countries.tsv")),
    ("cities.tsv", include_str!("../resources/gazetteer/cities.tsv")),
    ("regions.tsv", include_str!("../resources/gazetteer/regions.tsv")),
    ("titles.txt", include_str!("../resources/gazetteer/titles.txt")),
    ("org_suffixes.txt", include_str!("../resources/gazetteer/org_suffixes.txt")),
    ("places.tsv", include_str!("../resources/gazetteer/places.tsv")),
];

/// The built-in gazetteer's place tables, derived by the build script.
const BUILT_IN_TABLES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/place_tables.bin"));

impl Gazetteer {
    /// `None`: the copy of `resources/gazetteer/` built into the binary (works from any
    /// directory); `Some(dir)`: the files in `dir` (a missing file counts as empty).
    pub fn load(dir: Option<&Path>) -> Result<Gazetteer, String> {
        // (One built-in gazetteer per process: its place tables are built once for all users.)
        static BUILT_IN: std::sync::LazyLock<Gazetteer> = std::sync::LazyLock::new(|| Gazetteer::read(None).expect("the built-in gazetteer is read"));
        match dir {
            None => Ok(BUILT_IN.clone()),
            Some(_) => Gazetteer::read(dir),
        }
    }

    /// Whether `dir` holds a gazetteer: at least one of its files, each table with the columns
    /// of the built-in one (a missing file counts as empty; a folder holding none of them is a
    /// wrong path, and a table without its columns would be read as empty).
    pub fn check_dir(dir: &Path) -> Result<(), String> {
        let present: Vec<&str> = FILES.iter().map(|(name, _)| *name).filter(|name| dir.join(name).is_file()).collect();
        if present.is_empty() {
            let names: Vec<&str> = FILES.iter().map(|(name, _)| *name).collect();
            return Err(format!("{} holds none of the gazetteer's files ({}); a file left out counts as empty", dir.display(), names.join(", ")));
        }
        for (name, builtin) in FILES.iter().filter(|(name, _)| name.ends_with(".tsv") && present.contains(name)) {
            let path = dir.join(name);
            // (The first line only: places.tsv is megabytes, and validation runs on every command.)
            let mut first = String::new();
            std::io::BufRead::read_line(&mut std::io::BufReader::new(std::fs::File::open(&path).map_err(|err| format!("cannot read {}: {err}", path.display()))?), &mut first)
                .map_err(|err| format!("cannot read {}: {err}", path.display()))?;
            let header: Vec<&str> = first.trim_start_matches('\u{feff}').split('\t').map(str::trim).collect();
            let missing: Vec<&str> = builtin.lines().next().unwrap_or("").split('\t').filter(|column| !header.contains(column)).collect();
            if !missing.is_empty() {
                return Err(format!("{} has no column {} in its first line (tab-separated, as resources/gazetteer/{name})", path.display(), missing.join(", ")));
            }
        }
        Ok(())
    }

    fn read(dir: Option<&Path>) -> Result<Gazetteer, String> {
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
        let [countries, cities, regions, titles, org_suffixes, places] = FILES.map(|(name, builtin)| read(name, builtin));
        let (countries, cities, regions, titles, org_suffixes, places) = (countries?, cities?, regions?, titles?, org_suffixes?, places?);
        let mut hasher = blake3::Hasher::new();
        for text in [&countries, &cities, &regions, &titles, &org_suffixes, &places] {
            hasher.update(text.as_bytes());
            hasher.update(b"\x1f");
        }
        let fingerprint = hasher.finalize().to_hex()[..16].to_string();
        Ok(Gazetteer { countries, cities, regions, titles, org_suffixes, places, fingerprint, tables: Default::default(), built_in: dir.is_none() })
    }

    /// Changes whenever any file changes (for caches).
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// Titles and honorifics that can precede a person's name, lower case.
    pub fn titles(&self) -> impl Iterator<Item = &str> {
        self.titles.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#'))
    }

    /// Company legal forms ("inc", "corp", "gmbh", "plc"), as name keys.
    pub fn org_suffixes(&self) -> impl Iterator<Item = String> + '_ {
        self.org_suffixes.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).map(crate::document::name_key)
    }

    /// Phrase patterns for the ruler: countries, capitals and cities → GPE, demonyms → NORP,
    /// regions → their `label` column (LOC for continents, GPE for subdivisions).
    pub fn ruler_phrases(&self, min_city_population: u64) -> Vec<(String, Label)> {
        let mut phrases = Vec::new();
        for row in rows(&self.countries) {
            let mut names = vec![row.field("name").to_string(), row.field("capital").to_string()];
            names.extend(row.list("aliases").map(String::from));
            phrases.extend(names.into_iter().filter(|n| usable_phrase(n)).map(|n| (n, Label::Gpe)));
            phrases.extend(row.list("demonyms").map(String::from).filter(|n| usable_phrase(n)).map(|n| (n, Label::Norp)));
        }
        for row in rows(&self.cities) {
            let population: u64 = row.field("population").parse().unwrap_or(0);
            if population < min_city_population {
                continue;
            }
            let mut names = vec![row.field("name").to_string()];
            names.extend(row.list("aliases").map(String::from));
            phrases.extend(names.into_iter().filter(|n| usable_phrase(n)).map(|n| (n, Label::Gpe)));
        }
        for row in rows(&self.regions) {
            let label = Label::parse(row.field("label")).unwrap_or(Label::Loc);
            let mut names = vec![row.field("name").to_string()];
            names.extend(row.list("aliases").map(String::from));
            phrases.extend(names.into_iter().filter(|n| usable_phrase(n)).map(|n| (n, label)));
        }
        phrases
    }

    /// Exact names → label for relabelling: country names, aliases and capitals → GPE,
    /// demonyms → NORP (a name that is both keeps GPE).
    pub fn place_labels(&self) -> HashMap<String, Label> {
        let mut labels = HashMap::new();
        for row in rows(&self.countries) {
            for demonym in row.list("demonyms").map(String::from).filter(|n| usable_phrase(n)) {
                labels.insert(demonym, Label::Norp);
            }
        }
        for row in rows(&self.countries) {
            let mut names = vec![row.field("name").to_string(), row.field("capital").to_string()];
            names.extend(row.list("aliases").map(String::from));
            for name in names.into_iter().filter(|n| usable_phrase(n)) {
                labels.insert(name, Label::Gpe);
            }
        }
        labels
    }

    /// Where each country, city and state or province is, by the name key of its own name: a
    /// country before a city ("Jordan"), the most populous city before its namesakes ("Paris" is
    /// the French capital, not Paris, Texas), a state or province before a city of another
    /// country ("Florida" is the US state, not Florida, Cuba; "New York" stays the city, in the
    /// state's country). Other spellings reach it through [`Gazetteer::place_aliases`], which
    /// the aggregate stage applies first ("Teheran" → "Tehran").
    pub fn places(&self) -> &HashMap<String, Place> {
        &self.tables().places
    }

    /// Names that places of several countries or first-level divisions share (cities,
    /// countries, and states or provinces, known by their country): per name, the most populous
    /// place of each country ([`Namesake::region`] "US"; population 0 for a state or province),
    /// then of each division whose cities the gazetteer places ("US-VT": GeoNames writes those
    /// divisions' codes as ISO 3166-2 does, the US states' among them), the most populous first.
    /// The aggregate stage takes the one in a country or division the document writes after
    /// the name ("Paris, Texas", "Burlington, Vt."); without one, [`Gazetteer::places`]' choice
    /// stands.
    pub fn namesakes(&self) -> &HashMap<String, Vec<Namesake>> {
        &self.tables().namesakes
    }

    /// Whether a country has this name (key).
    pub fn is_country(&self, name: &str) -> bool {
        self.tables().countries.contains(name)
    }

    /// Alias → canonical place name, for merging spellings ("Teheran" → "Tehran").
    /// Countries win over cities when an alias is ambiguous; among cities the most populous wins.
    pub fn place_aliases(&self) -> &PlaceAliases {
        &self.tables().aliases
    }

    fn tables(&self) -> &PlaceTables {
        self.tables.get_or_init(|| {
            if self.built_in {
                return PlaceTables::decode(BUILT_IN_TABLES).expect("the build script wrote the place tables");
            }
            PlaceTables::derive(&places::Sources { countries: &self.countries, cities: &self.cities, regions: &self.regions, places: &self.places })
        })
    }

    /// The countries and first-level divisions each name of a country, a state or a province
    /// stands for ("georgia": GE, US and US-GA; "ontario": CA and CA-ON): what "Athens, Georgia"
    /// or "London, Ontario" writes after a city.
    pub fn countries_and_regions(&self) -> HashMap<String, Vec<String>> {
        let mut named: HashMap<String, Vec<String>> = HashMap::new();
        let mut add = |name: &str, region: &str| {
            let list = named.entry(crate::document::name_key(name)).or_default();
            if !list.iter().any(|other| other == region) {
                list.push(region.to_string());
            }
        };
        for row in rows(&self.countries) {
            let code = row.field("iso2");
            for name in std::iter::once(row.field("name")).chain(row.list("aliases")) {
                add(name, code);
            }
        }
        for row in rows(&self.regions) {
            // (And the nations of a country: "Perth, Scotland".)
            if matches!(row.field("kind"), "subdivision:state" | "subdivision:province" | "subdivision:country" | "subdivision:nation" | "subdivision:constituent country") {
                for name in std::iter::once(row.field("name")).chain(row.list("aliases")) {
                    add(name, row.field("country_iso2"));
                    if !row.field("code").is_empty() {
                        add(name, row.field("code"));
                    }
                }
            }
        }
        named
    }

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

/// The place of a name that several countries' places share, as the aggregate stage keys it
/// with the country the document named ("paris@us"; see [`Gazetteer::namesakes`]).
pub fn namesake_of(namesakes: &HashMap<String, Vec<Namesake>>, key: &str) -> Option<Place> {
    let (name, region) = key.rsplit_once('@')?;
    let found = namesakes.get(name).and_then(|list| list.iter().find(|namesake| namesake.region.eq_ignore_ascii_case(region)));
    match found {
        Some(namesake) => Some(namesake.place.clone()),
        // A state or a country written without a place of the name the gazetteer knows there:
        // that country, off the map.
        None => {
            let country = region.split_once('-').map_or(region, |(country, _)| country);
            (country.len() == 2).then(|| Place { geonames_id: None, country_code: country.to_ascii_uppercase(), latitude: None, longitude: None })
        }
    }
}

/// The place a name key stands for ([`Gazetteer::places`]); "gansu province" or "kursk oblast"
/// is the region of its name (not a city: "Washington state" is not the capital).
pub fn place_of<'a>(places: &'a HashMap<String, Place>, key: &str) -> Option<&'a Place> {
    const KIND_WORDS: &[&str] = &[" province", " state", " region", " oblast", " prefecture", " governorate", " county"];
    places.get(key).or_else(|| {
        let name = KIND_WORDS.iter().find_map(|kind| key.strip_suffix(kind))?;
        places.get(name).filter(|place| place.is_division())
    })
}

#[cfg(test)]
mod tests {

    #[test]
    fn places_are_located_by_country_own_name_and_population() {
        let gazetteer = Gazetteer::load(None).unwrap();
        let places = gazetteer.places();
        assert_eq!(places["paris"].country_code, "FR");
        assert_eq!(places["jordan"].country_code, "JO");
        assert_eq!(places["falmouth"].country_code, "GB");
        assert_eq!(places["venice"].country_code, "IT");
        // A state is no city: it is known by its country and its GeoNames id ("Missouri" was the
        // city of Bozeman); no point on the map.
        assert_eq!(places["missouri"], Place { geonames_id: Some(4398678), country_code: "US".into(), latitude: None, longitude: None });
        // Not a city of another country either ("Florida", Cuba; "Ontario", California) ...
        for (state, country, id) in [("florida", "US", Some(4155751)), ("virginia", "US", Some(6254928)), ("ontario", "CA", Some(6093943)), ("queensland", "AU", Some(2152274)), ("scotland", "GB", Some(2638360))] {
            assert_eq!((places[state].geonames_id, places[state].country_code.as_str(), places[state].is_division()), (id, country, true), "{state}");
        }
        // ... but its namesake city in its own country, and a country before a state.
        assert_eq!((places["berlin"].country_code.as_str(), places["berlin"].geonames_id.is_some()), ("DE", true));
        assert_eq!((places["washington"].country_code.as_str(), places["washington"].geonames_id.is_some()), ("US", true));
        assert_eq!(places["georgia"].country_code, "GE");
        // Regression (hunter T): a state was placed on a town of its name in another state
        // (Delaware, Ohio; Oregon, Ohio; Wyoming, Michigan).
        for state in ["delaware", "oregon", "wyoming"] {
            assert_eq!((places[state].is_division(), places[state].country_code.as_str()), (true, "US"), "{state}");
        }
        // Nor is "the Gulf" Papua New Guinea's Gulf Province, nor "Central" a town in Louisiana;
        // Nigeria's Delta and Rivers states and South Sudan's Unity are states (a review).
        assert_eq!((places.get("gulf"), places.get("central")), (None, None));
        // Nor is a continent a town of its name (hunt 9: "Asia" was placed in the Philippines).
        assert_eq!((places.get("asia"), places.get("caribbean")), (None, None));
        assert_eq!((places["micronesia"].country_code.as_str(), places["antarctica"].country_code.as_str()), ("FM", "AQ"));
        // (Regression, hunt 10: "Trinidad" was a town in Bolivia, though every Caribbean paper
        // means the island.)
        assert_eq!((places["trinidad"].country_code.as_str(), places["nevis"].country_code.as_str(), places["herzegovina"].country_code.as_str()), ("TT", "KN", "BA"));
        for (state, country) in [("delta", "NG"), ("rivers", "NG"), ("unity", "SS")] {
            assert_eq!(places[state].country_code, country, "{state}");
        }
        // A division of any kind named with the word for its kind is that division (a geocoding
        // review: "Kisumu County", "Lagos State" had no place), not a name several countries'
        // divisions share ("Central Region": Ghana's, Uganda's, Malawi's...).
        for (name, id, country) in [("kisumu county", 191242, "KE"), ("county kisumu", 191242, "KE"), ("lagos state", 2332453, "NG"), ("punjab province", 1167710, "PK")] {
            assert_eq!((places[name].geonames_id, places[name].country_code.as_str(), places[name].is_division()), (Some(id), country, true), "{name}");
        }
        assert_eq!(places.get("central region"), None);
        // A city inside its province where GeoNames numbers the provinces its own way (a
        // review: "Phuket" lost its place, TH-62 being another province's code).
        for (city, country) in [("phuket", "TH"), ("chiang mai", "TH"), ("isparta", "TR"), ("bushehr", "IR")] {
            assert_eq!((places[city].country_code.as_str(), places[city].geonames_id.is_some()), (country, true), "{city}");
        }
        // A parish or governorate never takes a city's name; a large city abroad keeps it.
        for (city, country) in [("manchester", "GB"), ("jerusalem", "IL"), ("portland", "US"), ("gaza", "PS"), ("san juan", "PR")] {
            assert_eq!((places[city].country_code.as_str(), places[city].geonames_id.is_some()), (country, true), "{city}");
        }
        // A province by its name without the word for its kind ("Gansu Sheng"); "Britain".
        assert_eq!((places["gansu"].country_code.as_str(), places["gansu"].geonames_id), ("CN", Some(1810676)));
        assert_eq!(place_of(places, "gansu province").map(|p| p.country_code.as_str()), Some("CN"));
        // ("Washington state" is the state, not the capital.)
        assert_eq!(place_of(places, "washington state").map(|p| (p.geonames_id, p.is_division())), Some((Some(5815135), true)));
        let aliases = gazetteer.place_aliases();
        assert_eq!(aliases.canonical("britain"), Some("united kingdom"));
        assert_eq!(aliases.canonical("missouri"), None, "a state is no alias of a city");
        assert_eq!(aliases.canonical("teheran"), Some("tehran"));
    }

    use super::*;

    /// The table, built the obvious way: every alias of every place, the best-ranked place per
    /// alias (countries first, then population, then the first seen), real names left alone.
    fn reference_aliases(gazetteer: &Gazetteer) -> HashMap<String, String> {
        use crate::document::name_key;
        let mut best: HashMap<String, (u64, String)> = HashMap::new();
        let mut real = std::collections::HashSet::new();
        for (text, country) in [(&gazetteer.countries, true), (&gazetteer.cities, false)] {
            let mut lines = text.lines();
            let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
            let col = |name: &str| header.iter().position(|h| *h == name);
            for line in lines.filter(|l| !l.trim().is_empty()) {
                let fields: Vec<&str> = line.split('\t').collect();
                let get = |c: Option<usize>| c.and_then(|i| fields.get(i)).map_or("", |f| f.trim());
                let canonical = name_key(get(col("name")));
                real.insert(canonical.clone());
                let rank = if country { u64::MAX } else { get(col("population")).parse().unwrap_or(0) };
                for alias in get(col("aliases")).split('|').map(str::trim).filter(|a| !a.is_empty()) {
                    let key = name_key(alias);
                    if key.is_empty() || key == canonical {
                        continue;
                    }
                    let entry = best.entry(key).or_insert((rank, canonical.clone()));
                    if rank > entry.0 {
                        *entry = (rank, canonical.clone());
                    }
                }
            }
        }
        for row in rows(&gazetteer.regions) {
            real.extend(std::iter::once(row.field("name")).chain(row.list("aliases")).map(name_key));
        }
        best.into_iter().filter(|(key, (rank, _))| *rank == u64::MAX || !real.contains(key)).map(|(key, (_, c))| (key, c)).collect()
    }

    #[test]
    fn built_in_place_aliases_match_the_reference() {
        let gazetteer = Gazetteer::load(None).unwrap();
        let aliases = gazetteer.place_aliases();
        let reference = reference_aliases(&gazetteer);
        assert!(reference.len() > 50_000, "{} aliases", reference.len());
        assert_eq!(aliases.len(), reference.len());
        for (alias, canonical) in &reference {
            assert_eq!(aliases.canonical(alias), Some(canonical.as_str()), "{alias}");
        }
        assert_eq!(aliases.canonical("teheran"), Some("tehran"));
        assert_eq!(aliases.canonical("paris"), None, "a real name is not an alias");
    }

    #[test]
    fn the_built_in_tables_are_the_ones_the_files_give_and_a_users_files_are_derived() {
        let gazetteer = Gazetteer::load(None).unwrap();
        let sources = places::Sources { countries: &gazetteer.countries, cities: &gazetteer.cities, regions: &gazetteer.regions, places: &gazetteer.places };
        let derived = PlaceTables::derive(&sources);
        assert!(derived == *gazetteer.tables(), "the build script's tables differ from the files' (is build.rs's list of inputs complete?)");
        assert_eq!(PlaceTables::decode(&derived.encode()).unwrap(), derived);
        let small = tempfile::tempdir().unwrap();
        std::fs::write(small.path().join("countries.tsv"), "name\tcapital\taliases\tdemonyms\nIran\tTehran\tPersia\tIranian\n").unwrap();
        let other = Gazetteer::load(Some(small.path())).unwrap();
        assert_eq!(other.place_aliases().canonical("persia"), Some("iran"));
        assert_eq!(other.place_aliases().canonical("teheran"), None);
    }
}
