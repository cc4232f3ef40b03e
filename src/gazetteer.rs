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
    org_suffixes: Cow<'static, str>,
    places: Cow<'static, str>,
    fingerprint: String,
    /// The place tables, built once on first use and shared by every clone: the tag stage,
    /// aggregate and the entities table read the same ones.
    built: std::sync::Arc<Built>,
}

#[derive(Default)]
struct Built {
    places: std::sync::OnceLock<HashMap<String, Place>>,
    namesakes: std::sync::OnceLock<HashMap<String, Vec<Namesake>>>,
}

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
        let countries = read("countries.tsv", include_str!("../resources/gazetteer/countries.tsv"))?;
        let cities = read("cities.tsv", include_str!("../resources/gazetteer/cities.tsv"))?;
        let regions = read("regions.tsv", include_str!("../resources/gazetteer/regions.tsv"))?;
        let titles = read("titles.txt", include_str!("../resources/gazetteer/titles.txt"))?;
        let org_suffixes = read("org_suffixes.txt", include_str!("../resources/gazetteer/org_suffixes.txt"))?;
        let places = read("places.tsv", include_str!("../resources/gazetteer/places.tsv"))?;
        let mut hasher = blake3::Hasher::new();
        for text in [&countries, &cities, &regions, &titles, &org_suffixes, &places] {
            hasher.update(text.as_bytes());
            hasher.update(b"\x1f");
        }
        let fingerprint = hasher.finalize().to_hex()[..16].to_string();
        Ok(Gazetteer { countries, cities, regions, titles, org_suffixes, places, fingerprint, built: Default::default() })
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
        self.built.places.get_or_init(|| self.build_places())
    }

    fn build_places(&self) -> HashMap<String, Place> {
        // The best place of each name, ranked (is a country, population); and, to find a state's
        // namesake city in its own country, the most populous city of each name and country.
        // (Per city also its first-level division, where the gazetteer knows it: a state keeps
        // a city's name only for a city inside it.)
        let mut best: HashMap<String, (Place, (bool, u64), String)> = HashMap::new();
        let mut cities_in: HashMap<(String, String), (u64, Place)> = HashMap::new();
        for (key, place, is_country, population, division) in self.located() {
            let rank = (is_country, population);
            if !rank.0 {
                for region in [place.country_code.clone(), division.clone()].into_iter().filter(|region| !region.is_empty()) {
                    let within = (key.clone(), region);
                    if cities_in.get(&within).is_none_or(|(other, _)| rank.1 > *other) {
                        cities_in.insert(within, (rank.1, place.clone()));
                    }
                }
            }
            if best.get(&key).is_none_or(|(_, other, _)| rank > *other) {
                best.insert(key, (place, rank, division));
            }
        }
        // The countries whose cities are known by such a division (the US, the UK's nations).
        let divided: std::collections::HashSet<String> = best.values().filter(|(_, _, division)| !division.is_empty()).map(|(place, _, _)| place.country_code.clone()).collect();
        // The first-level subdivision of each name (a state before a province: "Florida" is a US
        // state and a department of Uruguay).
        let mut subdivisions: HashMap<String, (u8, String, String)> = HashMap::new();
        for row in rows(&self.regions) {
            // States and provinces only: parishes, districts and governorates share their names
            // with cities far better known ("Manchester", a Jamaican parish; "Jerusalem").
            let rank = match row.field("kind").strip_prefix("subdivision:") {
                Some("country" | "nation" | "constituent country") => 0,
                Some("state") => 1,
                Some("province") => 2,
                _ => continue,
            };
            // Its name and the name without the word for its kind ("Gansu" of "Gansu Sheng").
            for key in std::iter::once(row.field("name")).chain(row.list("aliases")).map(crate::document::name_key) {
                if subdivisions.get(&key).is_none_or(|(other, _, _)| rank < *other) {
                    subdivisions.insert(key, (rank, row.field("country_iso2").to_string(), row.field("code").to_string()));
                }
            }
        }
        for (key, (_, country, code)) in subdivisions {
            // Where the state's own namesake city may be: in the state itself where cities are
            // known by their state ("New York"; not Delaware, Ohio, for "Delaware"), else in its
            // country.
            let region = if divided.contains(&country) && !code.is_empty() { code } else { country.clone() };
            let inside = |place: &Place, division: &str| if region.contains('-') { division == region } else { place.country_code == country };
            // A country keeps its name; so does the state's own namesake city, and a large city
            // abroad ("Gaza" over Mozambique's province, "San Juan", Puerto Rico, over Argentina's).
            if best.get(&key).is_some_and(|(place, (is_country, population), division)| *is_country || inside(place, division) || *population >= CITY_OVER_PROVINCE) {
                continue;
            }
            let place = match cities_in.remove(&(key.clone(), region)) {
                Some((_, city)) => city,
                None => Place { geonames_id: None, country_code: country, latitude: None, longitude: None },
            };
            best.insert(key, (place, (false, 0), String::new()));
        }
        best.into_iter().filter(|(key, _)| !GENERIC_REGION_WORDS.contains(&key.as_str())).map(|(key, (place, _, _))| (key, place)).collect()
    }

    /// The countries and cities of `places.tsv` with their GeoNames entry: (name key, place,
    /// whether it is a country, population, a city's first-level division as ISO 3166-2 codes
    /// it, "US-OH", or "" where GeoNames numbers a country's divisions its own way: "TH-62" of
    /// Phuket's "62" is another province's ISO code).
    fn located(&self) -> impl Iterator<Item = (String, Place, bool, u64, String)> + '_ {
        let division_codes: std::collections::HashSet<&str> = rows(&self.regions).map(|row| row.field("code")).filter(|code| !code.is_empty()).collect();
        rows(&self.places).filter_map(move |row| {
            let (Ok(geonames_id), Ok(latitude), Ok(longitude)) =
                (row.field("geonames_id").parse(), row.field("latitude").parse(), row.field("longitude").parse())
            else {
                return None;
            };
            let place = Place { geonames_id: Some(geonames_id), country_code: row.field("country_iso2").to_string(), latitude: Some(latitude), longitude: Some(longitude) };
            let key = crate::document::name_key(row.field("name"));
            let admin1 = row.field("admin1");
            let division = format!("{}-{admin1}", place.country_code);
            let lettered = !admin1.is_empty() && admin1.chars().all(|c| c.is_ascii_uppercase());
            let division = if lettered && division_codes.contains(division.as_str()) { division } else { String::new() };
            Some((key, place, row.field("kind") == "country", row.field("population").parse().unwrap_or(0), division))
        })
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
        self.built.namesakes.get_or_init(|| self.build_namesakes())
    }

    fn build_namesakes(&self) -> HashMap<String, Vec<Namesake>> {
        let mut by_name: HashMap<String, Vec<Namesake>> = HashMap::new();
        let mut keep = |key: &str, region: String, place: &Place, population: u64| {
            let list = by_name.entry(key.to_string()).or_default();
            match list.iter_mut().find(|other| other.region == region) {
                Some(slot) if slot.population < population => *slot = Namesake { region, place: place.clone(), population },
                Some(_) => {}
                None => list.push(Namesake { region, place: place.clone(), population }),
            }
        };
        for (key, place, _, population, division) in self.located() {
            keep(&key, place.country_code.clone(), &place, population);
            if !division.is_empty() {
                keep(&key, division, &place, population);
            }
        }
        for row in rows(&self.regions) {
            if !matches!(row.field("kind"), "subdivision:state" | "subdivision:province") {
                continue;
            }
            let country = row.field("country_iso2");
            for key in std::iter::once(row.field("name")).chain(row.list("aliases")).map(crate::document::name_key) {
                let list = by_name.entry(key).or_default();
                if !list.iter().any(|other| other.region == country) {
                    list.push(Namesake { region: country.to_string(), place: Place { geonames_id: None, country_code: country.to_string(), latitude: None, longitude: None }, population: 0 });
                }
            }
        }
        by_name
            .into_iter()
            .filter(|(_, list)| list.len() >= 2)
            .map(|(key, mut list)| {
                // Countries first, then divisions; each the most populous first.
                list.sort_by(|a, b| a.region.contains('-').cmp(&b.region.contains('-')).then(b.population.cmp(&a.population)));
                (key, list)
            })
            .collect()
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

    /// Alias → canonical place name, for merging spellings ("Teheran" → "Tehran").
    /// Countries win over cities when an alias is ambiguous; among cities the most populous wins.
    pub fn place_aliases(&self) -> PlaceAliases {
        use crate::document::name_key;
        let mut canonicals: Vec<String> = Vec::new();
        let mut canonical_index: HashMap<String, u32> = HashMap::new();
        // (alias hash, rank, order seen, canonical index); the best per hash is chosen below.
        let mut candidates: Vec<(u64, u64, u32, u32)> = Vec::new();
        // Keys of real place names: not aliases of another place unless a country claims them.
        let mut real_names: Vec<u64> = Vec::new();
        for (text, is_country) in [(&self.countries, true), (&self.cities, false)] {
            for row in rows(text) {
                let canonical = row.field("name");
                let canonical_key = name_key(canonical);
                real_names.push(PlaceAliases::hash(&canonical_key));
                let rank = if is_country { u64::MAX } else { row.field("population").parse().unwrap_or(0) };
                let mut index = None;
                for alias in row.list("aliases") {
                    let key = name_key(alias);
                    if key.is_empty() || key == canonical_key {
                        continue; // a name that is already its own key needs no entry
                    }
                    let index = *index.get_or_insert_with(|| {
                        *canonical_index.entry(canonical_key.clone()).or_insert_with(|| {
                            canonicals.push(canonical_key.clone());
                            (canonicals.len() - 1) as u32
                        })
                    });
                    candidates.push((PlaceAliases::hash(&key), rank, candidates.len() as u32, index));
                }
            }
        }
        // A region's names (a state, a province) are real names too: "Missouri" is no alias of
        // the city that GeoNames once listed under it.
        for row in rows(&self.regions) {
            real_names.extend(std::iter::once(row.field("name")).chain(row.list("aliases")).map(|name| PlaceAliases::hash(&name_key(name))));
        }
        // Per alias: the highest rank, the first seen among equals.
        candidates.sort_unstable_by_key(|&(hash, rank, seen, _)| (hash, std::cmp::Reverse(rank), seen));
        candidates.dedup_by_key(|c| c.0);
        real_names.sort_unstable();
        let entries = candidates
            .into_iter()
            .filter(|&(hash, rank, _, _)| rank == u64::MAX || real_names.binary_search(&hash).is_err())
            .map(|(hash, _, _, index)| (hash, index))
            .collect();
        PlaceAliases { entries, canonicals }
    }
}

/// Where a state directory keeps the alias table (see [`PlaceAliases::kept_in`]).
const ALIAS_FILE: &str = "place-aliases.bin";
const ALIAS_MAGIC: &[u8; 8] = b"TMALIAS2";

/// A compact alias table: sorted (64-bit hash of the alias key, canonical index) pairs, about
/// 16 bytes per alias instead of two heap strings.
#[derive(Debug, Default, PartialEq)]
pub struct PlaceAliases {
    entries: Vec<(u64, u32)>,
    canonicals: Vec<String>,
}

impl PlaceAliases {
    /// 64 bits of SipHash: the table is built in-process on every run, never stored, so the
    /// hash need not be stable across builds, only fast and well mixed.
    fn hash(key: &str) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::hash::DefaultHasher::new();
        key.hash(&mut hasher);
        hasher.finish()
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

    /// The table of `gazetteer` kept in `dir` (a run's state directory) from an earlier run of
    /// the same program with the same gazetteer, else built and kept there. Building reads every
    /// alias of 34,000 places and cost a tenth of a small rerun's CPU; loading costs a file read.
    pub fn kept_in(dir: &Path, gazetteer: &Gazetteer) -> PlaceAliases {
        let path = dir.join(ALIAS_FILE);
        let mut identity = blake3::Hasher::new();
        identity.update(crate::fingerprint::program_fingerprint().as_bytes());
        identity.update(gazetteer.fingerprint().as_bytes());
        let identity = identity.finalize();
        if let Some(kept) = std::fs::read(&path).ok().and_then(|bytes| PlaceAliases::decode(&bytes, identity.as_bytes())) {
            return kept;
        }
        let built = gazetteer.place_aliases();
        // Best effort: a table that cannot be kept is built again next time.
        let _ = crate::files::replace_unsynced(&path, &built.encode(identity.as_bytes()));
        built
    }

    /// The table behind the identity it was built for, [`framing::frame`]d.
    fn encode(&self, identity: &[u8; 32]) -> Vec<u8> {
        crate::framing::frame(ALIAS_MAGIC, &(identity, &self.entries, &self.canonicals)).unwrap_or_default()
    }

    /// `None` unless the bytes are a whole, undamaged table built for `identity`.
    fn decode(bytes: &[u8], identity: &[u8; 32]) -> Option<PlaceAliases> {
        let (kept_for, entries, canonicals): ([u8; 32], Vec<(u64, u32)>, Vec<String>) = crate::framing::unframe(ALIAS_MAGIC, bytes).ok()?;
        let sorted = entries.windows(2).all(|w| w[0].0 < w[1].0);
        let in_range = entries.iter().all(|&(_, index)| (index as usize) < canonicals.len());
        (kept_for == *identity && sorted && in_range).then_some(PlaceAliases { entries, canonicals })
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// A city abroad this populous keeps a name it shares with a state or province.
const CITY_OVER_PROVINCE: u64 = 300_000;

/// A place of a name that places elsewhere share (see [`Gazetteer::namesakes`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Namesake {
    /// Where it is: its country's code ("US"), or its first-level division's ISO 3166-2 code
    /// ("US-VT").
    pub region: String,
    pub place: Place,
    pub population: u64,
}

/// Where a place is (GeoNames). A state or province is known by its country only: the
/// gazetteer has no GeoNames entry for it.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    pub geonames_id: Option<i64>,
    /// ISO 3166-1 alpha-2.
    pub country_code: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
}

/// The rows of a TSV text as column-name → value maps.
/// The rows of a TSV text with a header row.
fn rows(text: &str) -> impl Iterator<Item = Row<'_>> {
    let mut lines = text.lines();
    let header: std::rc::Rc<[&str]> = lines.next().map(|h| h.split('\t').map(str::trim).collect()).unwrap_or_default();
    lines.filter(|l| !l.trim().is_empty()).map(move |line| Row { header: header.clone(), fields: line.split('\t').collect() })
}

struct Row<'a> {
    header: std::rc::Rc<[&'a str]>,
    fields: Vec<&'a str>,
}

impl<'a> Row<'a> {
    /// The trimmed value of a column ("" when the file has no such column).
    fn field(&self, column: &str) -> &'a str {
        self.header.iter().position(|h| *h == column).and_then(|i| self.fields.get(i)).map_or("", |s| s.trim())
    }

    /// The non-empty `|`-separated items of a list column.
    fn list(&self, column: &str) -> impl Iterator<Item = &'a str> {
        self.field(column).split('|').map(str::trim).filter(|s| !s.is_empty())
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

/// Words that name a region of many countries ("the Gulf", "Central", "the Coast"): no place of
/// their own, though a province of Papua New Guinea is called "Gulf" and a town of Louisiana
/// "Central".
const GENERIC_REGION_WORDS: &[&str] = &[
    "gulf", "central", "north", "south", "east", "west", "northern", "southern", "eastern", "western", "coast", "upper",
    "lower", "capital", "islands", "highlands",
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
        places.get(name).filter(|place| place.geonames_id.is_none())
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
        // A state is no city: it is known by its country ("Missouri" was the city of Bozeman).
        assert_eq!(places["missouri"], Place { geonames_id: None, country_code: "US".into(), latitude: None, longitude: None });
        // Not a city of another country either ("Florida", Cuba; "Ontario", California) ...
        for (state, country) in [("florida", "US"), ("virginia", "US"), ("ontario", "CA"), ("queensland", "AU"), ("scotland", "GB")] {
            assert_eq!((places[state].geonames_id, places[state].country_code.as_str()), (None, country), "{state}");
        }
        // ... but its namesake city in its own country, and a country before a state.
        assert_eq!((places["berlin"].country_code.as_str(), places["berlin"].geonames_id.is_some()), ("DE", true));
        assert_eq!((places["washington"].country_code.as_str(), places["washington"].geonames_id.is_some()), ("US", true));
        assert_eq!(places["georgia"].country_code, "GE");
        // Regression (hunter T): a state was placed on a town of its name in another state
        // (Delaware, Ohio; Oregon, Ohio; Wyoming, Michigan).
        for state in ["delaware", "oregon", "wyoming"] {
            assert_eq!((places[state].geonames_id, places[state].country_code.as_str()), (None, "US"), "{state}");
        }
        // Nor is "the Gulf" Papua New Guinea's Gulf Province, nor "Central" a town in Louisiana;
        // Nigeria's Delta and Rivers states and South Sudan's Unity are states (a review).
        assert_eq!((places.get("gulf"), places.get("central")), (None, None));
        for (state, country) in [("delta", "NG"), ("rivers", "NG"), ("unity", "SS")] {
            assert_eq!(places[state].country_code, country, "{state}");
        }
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
        assert_eq!((places["gansu"].country_code.as_str(), places["gansu"].geonames_id), ("CN", None));
        assert_eq!(place_of(places, "gansu province").map(|p| p.country_code.as_str()), Some("CN"));
        assert_eq!(place_of(places, "washington state"), None);
        let aliases = Gazetteer::load(None).unwrap().place_aliases();
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
    fn the_alias_table_is_kept_and_a_damaged_or_foreign_copy_is_rebuilt() {
        let dir = tempfile::tempdir().unwrap();
        let gazetteer = Gazetteer::load(None).unwrap();
        let built = gazetteer.place_aliases();
        assert_eq!(PlaceAliases::kept_in(dir.path(), &gazetteer), built);
        let path = dir.path().join(ALIAS_FILE);
        let kept = std::fs::read(&path).unwrap();
        assert_eq!(PlaceAliases::kept_in(dir.path(), &gazetteer), built, "loaded back");
        // A flipped byte fails the checksum; a table of another gazetteer has another identity.
        let mut damaged = kept.clone();
        let last = damaged.len() - 1;
        damaged[last] ^= 1;
        std::fs::write(&path, &damaged).unwrap();
        let identity: [u8; 32] = kept[crate::framing::HEADER_LEN..crate::framing::HEADER_LEN + 32].try_into().unwrap();
        assert!(PlaceAliases::decode(&kept, &identity).is_some());
        assert_eq!(PlaceAliases::decode(&damaged, &identity), None);
        assert_eq!(PlaceAliases::kept_in(dir.path(), &gazetteer), built);
        assert_eq!(std::fs::read(&path).unwrap(), kept, "rebuilt and kept again");
        let small = tempfile::tempdir().unwrap();
        std::fs::write(small.path().join("countries.tsv"), "name\tcapital\taliases\tdemonyms\nIran\tTehran\tPersia\tIranian\n").unwrap();
        let other = Gazetteer::load(Some(small.path())).unwrap();
        let aliases = PlaceAliases::kept_in(dir.path(), &other);
        assert_eq!(aliases.canonical("persia"), Some("iran"));
        assert_eq!(aliases.canonical("teheran"), None);
    }
}
