//! The place tables derived from the gazetteer's files: where each name is, the names places of
//! several regions share, and the aliases of places. Deriving them reads some 70,000 rows (a
//! fifth of a second); for the built-in gazetteer the build script (`build.rs`) derives them
//! once, at build time, and the program reads them back in a few milliseconds: every process
//! (a shard, a `stream` under Spark, a small rerun) starts without that cost. A gazetteer
//! directory of the user's is derived on first use. This file uses nothing of the crate but
//! name keys, so that the build script can compile it too.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::document::name_key;

/// The derived tables (see `Gazetteer::places`, `namesakes` and `place_aliases` for what each
/// holds).
#[derive(Debug, Default, PartialEq)]
pub struct PlaceTables {
    pub places: HashMap<String, Place>,
    pub namesakes: HashMap<String, Vec<Namesake>>,
    pub aliases: PlaceAliases,
    /// Names (keys) of countries.
    pub countries: std::collections::HashSet<String>,
}

/// The gazetteer files the tables are derived from.
pub struct Sources<'a> {
    pub countries: &'a str,
    pub cities: &'a str,
    pub regions: &'a str,
    pub places: &'a str,
}

/// The tables as stored: maps as lists sorted by name, so that a build writes the same bytes.
type Stored = (Vec<(String, Place)>, Vec<(String, Vec<Namesake>)>, PlaceAliases, Vec<String>);

impl PlaceTables {
    pub fn derive(sources: &Sources) -> PlaceTables {
        PlaceTables { places: sources.places(), namesakes: sources.namesakes(), aliases: sources.aliases(), countries: sources.countries() }
    }

    /// The tables as bytes (postcard), for the build script.
    pub fn encode(&self) -> Vec<u8> {
        fn sorted<T: Clone>(map: &HashMap<String, T>) -> Vec<(String, T)> {
            let mut entries: Vec<(String, T)> = map.iter().map(|(key, value)| (key.clone(), value.clone())).collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            entries
        }
        let (places, namesakes) = (sorted(&self.places), sorted(&self.namesakes));
        let mut countries: Vec<&String> = self.countries.iter().collect();
        countries.sort();
        postcard::to_stdvec(&(places, namesakes, &self.aliases, countries)).expect("the place tables serialise")
    }

    /// Tables [`PlaceTables::encode`] wrote.
    pub fn decode(bytes: &[u8]) -> Result<PlaceTables, postcard::Error> {
        let (places, namesakes, aliases, countries): Stored = postcard::from_bytes(bytes)?;
        Ok(PlaceTables { places: places.into_iter().collect(), namesakes: namesakes.into_iter().collect(), aliases, countries: countries.into_iter().collect() })
    }
}

impl Sources<'_> {
    /// Where each country, city and state or province is, by the name key of its own name.
    fn places(&self) -> HashMap<String, Place> {
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
        let mut subdivisions: HashMap<String, (u8, String, String, Option<i64>)> = HashMap::new();
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
            for key in std::iter::once(row.field("name")).chain(row.list("aliases")).map(name_key) {
                if subdivisions.get(&key).is_none_or(|(other, ..)| rank < *other) {
                    subdivisions.insert(key, (rank, row.field("country_iso2").to_string(), row.field("code").to_string(), row.field("geonames_id").parse().ok()));
                }
            }
        }
        for (key, (_, country, code, geonames_id)) in subdivisions {
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
            // (The division itself, with its GeoNames id where the gazetteer has one: the US
            // states'. Not on the map: no point is given for a region.)
            let place = match cities_in.remove(&(key.clone(), region)) {
                Some((_, city)) => city,
                None => Place { geonames_id, country_code: country, latitude: None, longitude: None },
            };
            best.insert(key, (place, (false, 0), String::new()));
        }
        // A first-level division of any kind named with the word for its kind ("Kisumu County",
        // "County Kisumu", "Lagos State", "Punjab Province") is that division, whatever city has
        // its name alone; a name several countries' divisions share ("Central Region") is none.
        let mut with_kind: HashMap<String, Vec<Place>> = HashMap::new();
        for row in rows(&self.regions) {
            let (Some(kind), Ok(geonames_id)) = (row.field("kind").strip_prefix("subdivision:"), row.field("geonames_id").parse()) else { continue };
            let word = kind.rsplit('_').next().unwrap_or(kind);
            let place = Place { geonames_id: Some(geonames_id), country_code: row.field("country_iso2").to_string(), latitude: None, longitude: None };
            for name in std::iter::once(row.field("name")).chain(row.list("aliases")) {
                let name = name_key(name);
                if name.is_empty() || name.ends_with(&format!(" {word}")) || name.starts_with(&format!("{word} ")) {
                    continue;
                }
                for key in [format!("{name} {word}"), format!("{word} {name}")] {
                    let places = with_kind.entry(key).or_default();
                    if !places.contains(&place) {
                        places.push(place.clone());
                    }
                }
            }
        }
        for (key, mut places) in with_kind {
            if places.len() == 1 && !best.contains_key(&key) {
                best.insert(key, (places.remove(0), (false, 0), String::new()));
            }
        }
        // A continent or a region of one is no town of its name ("Asia" was one in the
        // Philippines); it is not on the map. (A country of its name stays: "Micronesia".)
        for row in rows(&self.regions).filter(|row| matches!(row.field("kind"), "continent" | "un_subregion")) {
            let key = name_key(row.field("name"));
            if best.get(&key).is_some_and(|(_, (is_country, _), _)| !is_country) {
                best.remove(&key);
            }
        }
        // An island a country of two is named after is that country ("Trinidad" of "Trinidad and
        // Tobago" was a town in Bolivia, "Nevis", "Herzegovina"), unless a large city has its
        // name. (Not a part that names more than the island: "the Grenadines".)
        let countries: Vec<(String, Place)> = self.located().filter(|(_, _, is_country, _, _)| *is_country).map(|(key, place, _, _, _)| (key, place)).collect();
        for (country, place) in countries.into_iter().filter(|(country, _)| country.contains(" and ")) {
            for part in country.split(" and ").filter(|part| !part.starts_with("the ")) {
                if best.get(part).is_none_or(|(_, (is_country, population), _)| !is_country && *population < CITY_OVER_PROVINCE) {
                    best.insert(part.to_string(), (place.clone(), (false, 0), String::new()));
                }
            }
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
            let key = name_key(row.field("name"));
            let admin1 = row.field("admin1");
            let division = format!("{}-{admin1}", place.country_code);
            let lettered = !admin1.is_empty() && admin1.chars().all(|c| c.is_ascii_uppercase());
            let division = if lettered && division_codes.contains(division.as_str()) { division } else { String::new() };
            Some((key, place, row.field("kind") == "country", row.field("population").parse().unwrap_or(0), division))
        })
    }

    fn countries(&self) -> std::collections::HashSet<String> {
        self.located().filter(|(_, _, is_country, _, _)| *is_country).map(|(key, ..)| key).collect()
    }

    fn namesakes(&self) -> HashMap<String, Vec<Namesake>> {
        let mut by_name: HashMap<String, Vec<Namesake>> = HashMap::new();
        let mut keep = |key: &str, region: String, place: &Place, population: u64| {
            let list = by_name.entry(key.to_string()).or_default();
            match list.iter_mut().find(|other| other.region == region) {
                Some(slot) if slot.population < population => *slot = Namesake { region, place: place.clone(), population },
                Some(_) => {}
                None => list.push(Namesake { region, place: place.clone(), population }),
            }
        };
        // The countries whose cities are known by their state (the US, the UK's nations).
        let mut divided = std::collections::HashSet::new();
        for (key, place, _, population, division) in self.located() {
            keep(&key, place.country_code.clone(), &place, population);
            if !division.is_empty() {
                divided.insert(place.country_code.clone());
                keep(&key, division, &place, population);
            }
        }
        for row in rows(&self.regions) {
            if !matches!(row.field("kind"), "subdivision:state" | "subdivision:province") {
                continue;
            }
            let country = row.field("country_iso2");
            let geonames_id = row.field("geonames_id").parse().ok();
            for key in std::iter::once(row.field("name")).chain(row.list("aliases")).map(name_key) {
                let list = by_name.entry(key).or_default();
                // (A state of such a country under its own code too: "Athens, Ohio" names the
                // state "ohio@us-oh", the place "Ohio" alone is. A province of Canada is not:
                // its cities are known by their country, "London, Ontario" is "london@ca".)
                let code = if geonames_id.is_some() && divided.contains(country) { row.field("code") } else { "" };
                for region in [country, code].into_iter().filter(|region| !region.is_empty()) {
                    if !list.iter().any(|other| other.region == region) {
                        list.push(Namesake { region: region.to_string(), place: Place { geonames_id, country_code: country.to_string(), latitude: None, longitude: None }, population: 0 });
                    }
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

    /// Alias → canonical place name, for merging spellings ("Teheran" → "Tehran").
    /// Countries win over cities when an alias is ambiguous; among cities the most populous wins.
    fn aliases(&self) -> PlaceAliases {
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

/// A compact alias table: sorted (64-bit hash of the alias key, canonical index) pairs, about
/// 16 bytes per alias instead of two heap strings.
#[derive(Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PlaceAliases {
    entries: Vec<(u64, u32)>,
    canonicals: Vec<String>,
}

impl PlaceAliases {
    /// 64 bits of SipHash. The built-in table is hashed by the build script and read by the
    /// program that one compiler built: std's `DefaultHasher::new()` is the same function in
    /// both (it may change between Rust releases, never within one).
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

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// A city abroad this populous keeps a name it shares with a state or province.
const CITY_OVER_PROVINCE: u64 = 300_000;

/// Words that name a region of many countries ("the Gulf", "Central", "the Coast"): no place of
/// their own, though a province of Papua New Guinea is called "Gulf" and a town of Louisiana
/// "Central".
const GENERIC_REGION_WORDS: &[&str] = &[
    "gulf", "central", "north", "south", "east", "west", "northern", "southern", "eastern", "western", "coast", "upper",
    "lower", "capital", "islands", "highlands",
];

/// A place of a name that places elsewhere share (see [`crate::gazetteer::Gazetteer::namesakes`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Namesake {
    /// Where it is: its country's code ("US"), or its first-level division's ISO 3166-2 code
    /// ("US-VT").
    pub region: String,
    pub place: Place,
    pub population: u64,
}

/// Where a place is (GeoNames). A state or province is known by its country and its GeoNames
/// id (where the gazetteer has one), but has no point on the map.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Place {
    pub geonames_id: Option<i64>,
    /// ISO 3166-1 alpha-2.
    pub country_code: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
}

impl Place {
    /// A country's division (a state, a province), not a city or a country: no point of its own.
    pub fn is_division(&self) -> bool {
        self.latitude.is_none() && !self.country_code.is_empty()
    }
}

/// The rows of a TSV text with a header row.
pub fn rows(text: &str) -> impl Iterator<Item = Row<'_>> {
    let mut lines = text.lines();
    let header: std::rc::Rc<[&str]> = lines.next().map(|h| h.split('\t').map(str::trim).collect()).unwrap_or_default();
    lines.filter(|l| !l.trim().is_empty()).map(move |line| Row { header: header.clone(), fields: line.split('\t').collect() })
}

pub struct Row<'a> {
    header: std::rc::Rc<[&'a str]>,
    fields: Vec<&'a str>,
}

impl<'a> Row<'a> {
    /// The trimmed value of a column ("" when the file has no such column).
    pub fn field(&self, column: &str) -> &'a str {
        self.header.iter().position(|h| *h == column).and_then(|i| self.fields.get(i)).map_or("", |s| s.trim())
    }

    /// The non-empty `|`-separated items of a list column.
    pub fn list(&self, column: &str) -> impl Iterator<Item = &'a str> {
        self.field(column).split('|').map(str::trim).filter(|s| !s.is_empty())
    }
}
