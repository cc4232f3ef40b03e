//! aggregate: from mentions to canonical entities.
//!
//! Each mention gets an identity key `LABEL|name key`, where the name key is the normalised
//! name (case, accents, punctuation, a leading "the" removed) after alias resolution (gazetteer:
//! "Teheran" → "Tehran", "UAE" → "United Arab Emirates"). Within a document a person's surname
//! alone ("Rama") takes the key of the full name seen in it ("Edi Rama"). The corpus-wide
//! [`Catalog`] then counts mentions and documents, picks each entity's canonical name and (with
//! `link_surnames_across_documents`) links a bare surname to the one full name of the whole
//! corpus that ends with it.
//!
//! entity_id is a hash of the final key, so ids never depend on document or thread order and
//! stay the same across runs and corpora.

use std::collections::{BTreeSet, HashMap, HashSet};

mod config;
pub use config::AggregateConfig;
mod catalog;
pub use catalog::{Catalog, EntityRow, Resolution, CATALOG_BUDGET_BYTES};
mod user;
pub use user::UserLinks;


use crate::document::{name_key, Document, Label, Mention};
use crate::gazetteer::Gazetteer;

fn is_place(label: Label) -> bool {
    matches!(label, Label::Gpe | Label::Loc | Label::Fac)
}

pub struct Linker {
    config: AggregateConfig,
    /// Where the place aliases come from (`None` when they are off): the gazetteer's table of
    /// alias name keys → canonical names.
    aliases: Option<Gazetteer>,
    /// Company legal forms as name keys ("inc", "corp", "gmbh"): not part of an organisation's
    /// name (cleanco's list, in the gazetteer).
    legal_forms: HashSet<String>,
    /// The user's aliases and never-merge pairs (read when the config was validated).
    user: UserLinks,
    /// Demonyms as name keys ("bahraini"; the gazetteer's): a demonym and a ruler's title
    /// ("Bahraini King") is no full name whose last word is a surname.
    demonyms: HashSet<String>,
    /// Built when a document first needs linking.
    geography: std::sync::OnceLock<Geography>,
    gazetteer: Option<Gazetteer>,
}

/// US states as AP style abbreviates them after a city ("Burlington, Vt."), with their postal codes.
const US_STATE_ABBREVIATIONS: &[(&str, &str, &str)] = &[
    ("Ala.", "AL", "Alabama"), ("Ariz.", "AZ", "Arizona"), ("Ark.", "AR", "Arkansas"), ("Calif.", "CA", "California"),
    ("Colo.", "CO", "Colorado"), ("Conn.", "CT", "Connecticut"), ("Del.", "DE", "Delaware"), ("Fla.", "FL", "Florida"),
    ("Ga.", "GA", "Georgia"), ("Ill.", "IL", "Illinois"), ("Ind.", "IN", "Indiana"), ("Kan.", "KS", "Kansas"),
    ("Ky.", "KY", "Kentucky"), ("La.", "LA", "Louisiana"), ("Md.", "MD", "Maryland"), ("Mass.", "MA", "Massachusetts"),
    ("Mich.", "MI", "Michigan"), ("Minn.", "MN", "Minnesota"), ("Miss.", "MS", "Mississippi"),
    ("Mo.", "MO", "Missouri"), ("Mont.", "MT", "Montana"), ("Neb.", "NE", "Nebraska"), ("Nev.", "NV", "Nevada"),
    ("N.H.", "NH", "New Hampshire"), ("N.J.", "NJ", "New Jersey"), ("N.M.", "NM", "New Mexico"),
    ("N.Y.", "NY", "New York"), ("N.C.", "NC", "North Carolina"), ("N.D.", "ND", "North Dakota"),
    ("Okla.", "OK", "Oklahoma"), ("Ore.", "OR", "Oregon"), ("Pa.", "PA", "Pennsylvania"),
    ("R.I.", "RI", "Rhode Island"), ("S.C.", "SC", "South Carolina"), ("S.D.", "SD", "South Dakota"),
    ("Tenn.", "TN", "Tennessee"), ("Tex.", "TX", "Texas"), ("Vt.", "VT", "Vermont"), ("Va.", "VA", "Virginia"),
    ("Wash.", "WA", "Washington"), ("W.Va.", "WV", "West Virginia"), ("Wis.", "WI", "Wisconsin"),
    ("Wyo.", "WY", "Wyoming"),
];

/// Canadian provinces as the Canadian Press abbreviates them after a city ("Victoria, B.C.").
const CANADIAN_PROVINCE_ABBREVIATIONS: &[&str] = &["B.C.", "Alta.", "Sask.", "Man.", "Ont.", "Que.", "N.S.", "N.B.", "P.E.I.", "Nfld.", "N.L.", "Y.T.", "N.W.T."];

/// The gazetteer's places, the names places of several countries or states share, and the
/// countries and divisions each region's name stands for (see [`Linker::place_namesakes`]).
struct Geography {
    regions: HashMap<String, Vec<String>>,
    /// Every division's code ("US-VT").
    divisions: HashSet<String>,
    /// The countries whose cities the gazetteer places in their divisions ("US", "GB").
    divided: HashSet<String>,
}

/// Titles that follow a demonym in a ruler's style ("the Bahraini King", "the Saudi Crown Prince").
const RULER_TITLES: &[&str] = &["king", "queen", "emir", "amir", "sultan", "sheikh", "prince", "princess", "emperor", "empress", "shah", "tsar", "czar", "monarch", "president", "premier"];

/// Words that say the name after them is a father's ("Fawaz bin Abdullah"): not a surname.
const PATRONYMIC_WORDS: &[&str] = &["bin", "ibn", "bint", "binti", "ben", "ould", "ap"];

/// The last word of a full name is a father's name: `rest` (the words before it) ends with a
/// patronymic word ("Fawaz bin", "Bin"; not "Ben" alone: "Ben Stokes").
fn fathers_name(rest: &str) -> bool {
    let word = rest.rsplit(' ').next().unwrap_or("");
    PATRONYMIC_WORDS.contains(&word) && (word != "ben" || rest.contains(' '))
}

/// Words a full organisation name adds to its short form ("Harbor Financial" → "Harbor
/// Financial Group", "Labour" → "Labour Party"): with other words ("Apple" → "Apple Music") the
/// longer name may be another organisation, so the short form stays apart.
const ORGANISATION_WORDS: &[&str] = &[
    "group", "holding", "holdings", "company", "companies", "corporation", "bank", "bancorp", "bancshares", "financial",
    "international", "industries", "motor", "motors", "systems", "technologies", "technology", "partners", "capital",
    "enterprises", "trust", "association", "foundation", "services", "airlines", "airways", "communications",
    "energy", "pharmaceuticals", "petroleum", "resources", "insurance", "investments", "securities", "brands",
    "networks", "solutions", "laboratories", "labs", "university", "college", "institute", "party", "club",
    "football", "fc", "federation", "union", "organisation", "organization", "agency", "authority", "ministry",
    "department", "corp", "co", "inc", "ltd", "plc", "llc",
];

/// The region of a name's namesakes that the text writes after it (`written`: the codes of
/// the countries and divisions it may stand for: "Georgia" is GE, US and US-GA): a state's or
/// a province's namesake first ("Athens, Georgia" is Athens in US-GA), then, when the state is
/// the city's `own_state` (not the first of a list), for a state of a country whose cities the
/// gazetteer places in their states (`divided`) but none of this name ("Paris, Tenn."), that
/// state; else the one country of the namesakes written ("London, Ontario": CA).
fn written_region(candidates: &[crate::gazetteer::Namesake], written: &[String], own_state: bool, divided: &HashSet<String>) -> Option<String> {
    let in_division: Vec<&str> = candidates.iter().map(|n| n.region.as_str()).filter(|r| r.contains('-') && written.iter().any(|w| w == r)).collect();
    if let [one] = in_division[..] {
        return Some(one.to_string());
    }
    let divisions: Vec<&String> = written.iter().filter(|w| w.contains('-')).collect();
    // (Only a country whose cities the gazetteer places in their divisions: "London, Ontario"
    // is Canada's London, whose province it cannot tell.)
    let placed = |division: &str| division.split_once('-').is_some_and(|(country, _)| divided.contains(country));
    if in_division.is_empty() && own_state {
        if let [division] = divisions[..] {
            if placed(division) {
                return Some(division.clone());
            }
        }
    }
    let countries: Vec<&str> = candidates.iter().map(|n| n.region.as_str()).filter(|r| !r.contains('-') && written.iter().any(|w| w == r)).collect();
    match countries[..] {
        [one] => Some(one.to_string()),
        // (A province abbreviated for a name only other countries' places bear: "Perth, Ont.")
        [] if own_state && written.len() == 1 => Some(written[0].clone()),
        _ => None,
    }
}

impl Linker {
    pub fn build(config: &AggregateConfig, gazetteer: &Gazetteer) -> Linker {
        let aliases = (config.enabled && config.gazetteer_aliases).then(|| gazetteer.clone());
        let legal_forms = if config.enabled && config.link_organisations { gazetteer.org_suffixes().collect() } else { HashSet::new() };
        let user = UserLinks::from_config(config).unwrap_or_default();
        let demonyms = gazetteer.place_labels().into_iter().filter(|(_, label)| *label == Label::Norp).map(|(name, _)| name_key(&name)).collect();
        let gazetteer = config.enabled.then(|| gazetteer.clone());
        Linker { config: config.clone(), aliases, legal_forms, user, demonyms, geography: std::sync::OnceLock::new(), gazetteer }
    }

    /// A place's name that places of several countries or states share ("Paris", "Athens",
    /// "Burlington"), where the text writes a country, a state or a province of one of them
    /// right after it ("Paris, Texas", "Athens, Georgia", "London, Ontario", "Burlington, Vt.",
    /// "Burlington, VT"): that place, for every mention of the name in the document, keyed with
    /// its region's code ("paris@us-tx", "london@ca"): an entity apart from its namesakes'. A US
    /// state or UK nation with no known namesake in it ("Paris, Tenn.", "London, Ky.": the
    /// gazetteer lists cities of 15,000 people or more) gives a place apart placed in its
    /// country only, rather than another state's city; unless the state opens a list ("Chicago,
    /// Indiana and Ohio").
    /// (Only so: a story naming a country elsewhere says nothing of which Athens or Washington
    /// it means.)
    fn place_namesakes(&self, doc: &Document, names: &mut [String]) {
        let Some(gazetteer) = &self.gazetteer else { return };
        let geography = self.geography.get_or_init(|| {
            let regions = gazetteer.countries_and_regions();
            let divisions = regions.values().flatten().filter(|code| code.contains('-')).cloned().collect();
            let divided = gazetteer.namesakes().values().flatten().filter_map(|n| n.region.split_once('-')).map(|(country, _)| country.to_string()).collect();
            Geography { regions, divisions, divided }
        });
        // The region written after each mention, and after each name anywhere in the document.
        let mut own: Vec<Option<String>> = vec![None; doc.mentions.len()];
        let mut abbreviated_states: Vec<(usize, String)> = Vec::new();
        let mut written_for: HashMap<&str, BTreeSet<String>> = HashMap::new();
        for (i, mention) in doc.mentions.iter().enumerate().filter(|(_, m)| is_place(m.label)) {
            let after = &doc.text[mention.span.end..];
            let Some(written) = after.strip_prefix(", ") else { continue };
            // A US state as AP style abbreviates it, or its postal code (the tagger may take
            // "Vt" for a place, or leave "VT" out); a Canadian province abbreviated.
            let postal = written.get(..2).filter(|code| code.chars().all(|c| c.is_ascii_uppercase()) && !written[2..].starts_with(char::is_alphanumeric));
            let postal = postal.map(|code| format!("US-{code}")).filter(|code| geography.divisions.contains(code));
            let abbreviated = US_STATE_ABBREVIATIONS.iter().find(|(abbreviation, _, _)| written.starts_with(abbreviation));
            let canadian = CANADIAN_PROVINCE_ABBREVIATIONS.iter().find(|abbreviation| written.starts_with(*abbreviation));
            // (Not the place's own name again: "Washington, D.C.", "New York, New York".)
            let next = doc.mentions.get(i + 1).filter(|next| is_place(next.label) && next.span.start == mention.span.end + 2 && names[i + 1] != names[i]);
            let (regions, rest): (Vec<String>, &str) = match (abbreviated, canadian, &postal, next) {
                (Some((abbreviation, code, state)), _, _, _) => {
                    // The abbreviation tagged a place of its own is the state ("Pa." was a town
                    // of Burkina Faso). (Not where the state's name alone is a US city's, "N.Y.",
                    // "Wash.": the gazetteer knows no state apart from it.)
                    // (Keyed as "Athens, Georgia"'s Georgia is where the name alone is another
                    // country's.)
                    let key = name_key(state);
                    let default = gazetteer.places().get(&key);
                    let city_of_the_name = default.is_some_and(|place| !place.is_division() && place.country_code == "US");
                    if next.is_some_and(|next| !city_of_the_name && doc.text[next.span.clone()] == *abbreviation.trim_end_matches('.')) {
                        let in_us = default.is_none_or(|place| place.country_code == "US");
                        abbreviated_states.push((i + 1, if in_us { key } else { format!("{key}@us-{}", code.to_lowercase()) }));
                    }
                    (vec!["US".to_string(), format!("US-{code}")], &written[abbreviation.len()..])
                }
                (None, Some(abbreviation), _, _) => (vec!["CA".to_string()], &written[abbreviation.len()..]),
                (None, None, Some(state), _) => {
                    // The code tagged a place of its own is the state, off the map ("Burlington,
                    // WA": "WA" was Wa, a town of Ghana).
                    let code = &written[..2];
                    if next.is_some_and(|next| doc.text[next.span.clone()] == *code) {
                        abbreviated_states.push((i + 1, format!("{}@{}", names[i + 1], state.to_lowercase())));
                    }
                    (vec!["US".to_string(), state.clone()], &written[2..])
                }
                (None, None, None, Some(next)) => (geography.regions.get(&names[i + 1]).cloned().unwrap_or_default(), &doc.text[next.span.end..]),
                (None, None, None, None) => continue,
            };
            // A country's name is that country before another country's ("Jordan, Oman sign ..."
            // is a list), unless that country has a state of the name ("Georgia, U.S."); before
            // a state it is a town there ("Lebanon, Tenn.", "Mexico, Missouri").
            let state_of_the_written = |codes: &Vec<String>| codes.iter().any(|code| regions.iter().any(|written| !written.contains('-') && code.strip_prefix(written.as_str()).is_some_and(|rest| rest.starts_with('-'))));
            let before_a_country = abbreviated.is_none() && canadian.is_none() && postal.is_none() && next.is_some_and(|_| gazetteer.is_country(&names[i + 1]));
            if before_a_country && gazetteer.is_country(&names[i]) && !geography.regions.get(&names[i]).is_some_and(state_of_the_written) {
                continue;
            }
            // A state written in full after the city is its own, unless it opens a list
            // ("Chicago, Indiana and Ohio", "London, Washington, Paris and Berlin"): then only a
            // namesake in it counts; so it does for a postal code ("Perth, WA" is Western
            // Australia's, "London, CA" may be Canada).
            static LIST: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| regex::Regex::new(r"^\s*,?\s*(?:and|or|&)\s").expect("valid pattern"));
            let rest_at = doc.text.len() - rest.len();
            let place_follows = doc.mentions[i + 1..].iter().find(|m| m.span.start >= rest_at).is_some_and(|m| is_place(m.label) && doc.text[rest_at..m.span.start].trim() == ",");
            let own_state = abbreviated.is_some() || canadian.is_some() || (postal.is_none() && !LIST.is_match(rest) && !place_follows);
            // (A name no other place shares is still placed by the state AP style writes after
            // it: "Berlin, N.H." is no Berlin of Germany.)
            let candidates = gazetteer.namesakes().get(&names[i]).map(Vec::as_slice).unwrap_or_default();
            if candidates.is_empty() && abbreviated.is_none() && canadian.is_none() {
                continue;
            }
            // A postal code counts only for a namesake in that state or one placed there ("Paris,
            // LA and Berlin" is no Paris of the US).
            let region = match (postal.is_some() && abbreviated.is_none(), written_region(candidates, &regions, own_state, &geography.divided)) {
                (true, Some(region)) if !region.contains('-') => None,
                (_, region) => region,
            };
            if let Some(region) = region {
                // The state written out is that state too ("Athens, Georgia": the US state, not
                // the country the name alone stands for), and so all through the document.
                if next.is_some() && own_state && region.contains('-') && geography.regions.get(&names[i + 1]).is_some_and(|codes| codes.contains(&region)) {
                    written_for.entry(names[i + 1].as_str()).or_default().insert(region.clone());
                    own[i + 1] = Some(region.clone());
                }
                written_for.entry(names[i].as_str()).or_default().insert(region.clone());
                own[i] = Some(region);
            }
        }
        // A name the text calls a state ("Washington state", "New York State") is that state,
        // where it is written (the tagger leaves "state" out: "Washington" was the capital).
        for (i, mention) in doc.mentions.iter().enumerate().filter(|(_, m)| is_place(m.label)) {
            if own[i].is_some() {
                continue;
            }
            let after = doc.text[mention.span.end..].split_whitespace().next().unwrap_or("");
            if after.trim_end_matches(|c: char| !c.is_alphanumeric()).eq_ignore_ascii_case("state") {
                let divisions: Vec<&String> = geography.regions.get(&names[i]).map_or(Vec::new(), |codes| codes.iter().filter(|code| code.contains('-')).collect());
                if let [division] = divisions.as_slice() {
                    own[i] = Some((*division).clone());
                }
            }
        }
        // A name written with one region is that region's place all through the document
        // ("Moscow, Idaho ... Moscow police"); with two ("Paris, Texas and Paris, France"), only
        // where each is written.
        // (Not to a mention written after another place: "Batumi, Georgia" is the country's
        // Georgia, though "Atlanta, Georgia" stands in the same story.)
        let written_after_a_place = |i: usize| i > 0 && is_place(doc.mentions[i - 1].label) && doc.text.get(doc.mentions[i - 1].span.end..doc.mentions[i].span.start) == Some(", ");
        let keys: Vec<Option<String>> = (0..doc.mentions.len())
            .map(|i| {
                let spread = || written_for.get(names[i].as_str()).filter(|set| set.len() == 1 && !written_after_a_place(i)).and_then(|set| set.first().map(String::as_str));
                let region = own[i].as_deref().or_else(spread)?;
                // (The place the name alone stands for needs no key: "Paris, France".)
                let default = gazetteer.places().get(&names[i]);
                let chosen = crate::gazetteer::namesake_of(gazetteer.namesakes(), &format!("{}@{region}", names[i]));
                let same = match (default, chosen.as_ref()) {
                    (Some(default), Some(chosen)) => default.country_code == chosen.country_code && (default.geonames_id == chosen.geonames_id || !region.contains('-')),
                    _ => false,
                };
                (is_place(doc.mentions[i].label) && !same).then(|| format!("{}@{}", names[i], region.to_lowercase()))
            })
            .collect();
        let keys = self.states_of_the_documents_country(doc, names, keys);
        // (The state so written is that state all through the document: "Pa. Republicans".)
        let states: HashMap<String, String> = abbreviated_states.into_iter().map(|(i, key)| (names[i].clone(), key)).collect();
        let written_names: Vec<String> = names.to_vec();
        for (name, key) in names.iter_mut().zip(keys) {
            if let Some(key) = key {
                *name = key;
            }
        }
        for (i, written) in written_names.iter().enumerate() {
            if let Some(state) = states.get(written).filter(|_| is_place(doc.mentions[i].label)) {
                names[i] = state.clone();
            }
        }
    }

    /// A city abroad's name that a state or province of the one country a document's other
    /// places lie in also has (two other names or more, one of them another state or province
    /// of it) is that state: "Victoria" beside Queensland and Tasmania is the Australian state,
    /// not Victoria, Hong Kong. (Only a state's: a review found single-country stories naming
    /// Geneva, Oxford, Galway or Fukushima abroad as often as a town at home; and never a
    /// country's name: Georgia joining NATO, in a story of senators from Texas and Ohio.)
    fn states_of_the_documents_country(&self, doc: &Document, names: &[String], mut keys: Vec<Option<String>>) -> Vec<Option<String>> {
        let Some(gazetteer) = &self.gazetteer else { return keys };
        let place = |i: usize| crate::gazetteer::place_of(gazetteer.places(), &names[i]);
        let division = |place: &crate::gazetteer::Place| place.is_division();
        let placed: BTreeSet<(&str, &str)> = (0..doc.mentions.len())
            .filter(|&i| is_place(doc.mentions[i].label))
            .filter_map(|i| Some((names[i].as_str(), place(i)?.country_code.as_str())))
            .filter(|(_, country)| !country.is_empty())
            .collect();
        let unwritten: Vec<usize> = (0..doc.mentions.len()).filter(|&i| is_place(doc.mentions[i].label) && keys[i].is_none()).collect();
        for i in unwritten {
            let others: Vec<&(&str, &str)> = placed.iter().filter(|(name, _)| *name != names[i]).collect();
            let Some(&&(_, country)) = others.first() else { continue };
            let one_country = others.len() >= 2 && others.iter().all(|(_, other)| *other == country);
            let city_abroad = place(i).is_some_and(|own| own.geonames_id.is_some() && own.latitude.is_some() && own.country_code != country) && !gazetteer.is_country(&names[i]);
            let state_there = gazetteer.namesakes().get(&names[i]).is_some_and(|list| list.iter().any(|namesake| namesake.region == country && division(&namesake.place)));
            let another_state = others.iter().any(|(name, _)| crate::gazetteer::place_of(gazetteer.places(), name).is_some_and(division));
            if one_country && city_abroad && state_there && another_state {
                keys[i] = Some(format!("{}@{}", names[i], country.to_lowercase()));
            }
        }
        keys
    }

    /// Fill `entity_key` of every mention of one document.
    pub fn link_document(&self, doc: &mut Document) {
        let aliases = self.aliases.as_ref().map(Gazetteer::place_aliases);
        let mut names: Vec<String> = Vec::with_capacity(doc.mentions.len());
        for mention in &doc.mentions {
            let surface = &doc.text[mention.span.clone()];
            let key = name_key(surface);
            // A short word in lower case ("La." for Louisiana) is no place's abbreviation ("L.A.").
            let abbreviation_like = surface.chars().filter(|c| c.is_alphabetic()).count() > 2 || !surface.chars().any(char::is_lowercase);
            let key = match (self.config.enabled, self.user.alias(mention.label, &key)) {
                (false, _) => key,
                (true, Some(name)) => name.to_string(),
                (true, None) if is_place(mention.label) && abbreviation_like => match aliases.and_then(|aliases| aliases.canonical(&key)) {
                    Some(canonical) if self.user.may_link(&key, canonical) => canonical.to_string(),
                    _ => key,
                },
                (true, None) => key,
            };
            names.push(key);
        }
        if self.config.enabled {
            self.place_namesakes(doc, &mut names);
            storms_by_their_names(doc, &mut names);
        }
        if self.config.enabled && self.config.link_short_names {
            // The words of each mention as written: a hyphenated surname is one ("Sanwo-Olu",
            // whose key is "sanwo olu").
            // (Without "Jr.", "Sr." or "III" after the name: the surname of "Ferdinand Marcos
            // Jr." is Marcos; unless the story names the father and the son, "Ferdinand Marcos"
            // and "Ferdinand Marcos Jr.": then a bare "Marcos" may be either. A pope's or a
            // king's number is none: "Pope John Paul II" is no Paul.)
            let junior = |word: &str| matches!(word.trim_end_matches(['.', ',']).to_ascii_lowercase().as_str(), "jr" | "sr" | "ii" | "iii" | "iv");
            let regnal = |m: &Mention| {
                let before = doc.text[..m.span.start].split_whitespace().last().unwrap_or("").to_lowercase();
                before == "pope" || RULER_TITLES.contains(&before.as_str())
            };
            let mut written: Vec<Vec<&str>> = doc.mentions.iter().map(|m| doc.text[m.span.clone()].split_whitespace().collect()).collect();
            let base = |words: &[&str]| name_key(&words[..words.len() - usize::from(words.len() > 2 && words.last().is_some_and(|w| junior(w)))].join(" "));
            let mut forms: HashMap<String, BTreeSet<String>> = HashMap::new();
            for (i, words) in written.iter().enumerate().filter(|(i, words)| doc.mentions[*i].label == Label::Person && words.len() >= 2) {
                forms.entry(base(words)).or_default().insert(names[i].clone());
            }
            for (i, words) in written.iter_mut().enumerate() {
                let numbered = words.len() > 2 && words.last().is_some_and(|w| junior(w)) && !regnal(&doc.mentions[i]);
                if numbered && doc.mentions[i].label == Label::Person && forms.get(&base(words)).is_some_and(|set| set.len() == 1) {
                    words.pop();
                }
            }
            // A full name and the same name with middle initials ("Donald Trump", "Donald J.
            // Trump") are one person where the document writes both and one such initialed form
            // only (not "George Bush" beside "George W. Bush" and "George H. W. Bush"): keyed as
            // the plain name, the spelling other documents use most.
            let initial = |word: &str| {
                let letters = word.trim_end_matches('.');
                letters.chars().count() == 1 && letters.chars().all(char::is_uppercase)
            };
            let mut initialed: HashMap<String, BTreeSet<String>> = HashMap::new();
            for (i, words) in written.iter().enumerate().filter(|(i, words)| doc.mentions[*i].label == Label::Person && words.len() >= 3) {
                if words[1..words.len() - 1].iter().all(|word| initial(word)) {
                    initialed.entry(name_key(&format!("{} {}", words[0], words[words.len() - 1]))).or_default().insert(names[i].clone());
                }
            }
            let plain: HashSet<String> = (0..names.len()).filter(|&i| doc.mentions[i].label == Label::Person && written[i].len() == 2).map(|i| names[i].clone()).collect();
            let to_plain: HashMap<String, String> = initialed
                .into_iter()
                .filter(|(plain_name, forms)| forms.len() == 1 && plain.contains(plain_name))
                .filter_map(|(plain_name, forms)| forms.into_iter().next().map(|form| (form, plain_name)))
                .filter(|(form, plain_name)| self.user.may_link(form, plain_name))
                .collect();
            for (i, name) in names.iter_mut().enumerate() {
                if let Some(plain_name) = to_plain.get(name.as_str()).filter(|_| doc.mentions[i].label == Label::Person) {
                    *name = plain_name.clone();
                }
            }
            // Full person names of this document, by their last word.
            let mut by_surname: HashMap<String, Vec<usize>> = HashMap::new();
            for (i, mention) in doc.mentions.iter().enumerate() {
                let (Some((last_word, first_words)), Label::Person) = (written[i].split_last(), mention.label) else { continue };
                if !names[i].contains(' ') {
                    continue;
                }
                // (A hyphenated name alone, "el-Sisi" of "Abdel Fattah el-Sisi" tagged apart: by
                // its key's last word, "Sisi".)
                if first_words.is_empty() {
                    if let Some((_, last_key_word)) = names[i].rsplit_once(' ') {
                        by_surname.entry(last_key_word.to_string()).or_default().push(i);
                    }
                    continue;
                }
                let (rest, last) = (name_key(&first_words.join(" ")), name_key(last_word));
                let patronymic = fathers_name(&rest);
                let ruler = RULER_TITLES.contains(&last.as_str()) && self.demonyms.contains(rest.split(' ').next().unwrap_or(""));
                if !patronymic && !ruler && !last.is_empty() {
                    // (And by its key's last word: "Assad" of "Bashar al-Assad".)
                    if let Some((_, last_key_word)) = last.rsplit_once(' ') {
                        by_surname.entry(last_key_word.to_string()).or_default().push(i);
                    }
                    by_surname.entry(last).or_default().push(i);
                }
            }
            // And by their first word, for a name used alone that no full name ends with
            // ("Mahathir" of "Mahathir Mohamad", a player's "Viktor").
            let mut by_first: HashMap<String, BTreeSet<String>> = HashMap::new();
            for (i, mention) in doc.mentions.iter().enumerate() {
                // (A full name as names are written: "Merz wird" and "Bill 2020" are tagging slips.)
                let written_as_name = written[i].len() >= 2 && written[i].iter().skip(1).all(|w| w.starts_with(char::is_uppercase));
                if mention.label == Label::Person && written_as_name {
                    // (The first word as written: "Jean-Pierre" of "Jean-Pierre Raffarin".)
                    by_first.entry(name_key(written[i][0])).or_default().insert(names[i].clone());
                }
            }
            for i in 0..doc.mentions.len() {
                if doc.mentions[i].label != Label::Person || written[i].len() != 1 {
                    continue;
                }
                let first_of_one = by_first.get(&names[i]).filter(|full| full.len() == 1).and_then(|full| full.first()).cloned();
                if let Some(full) = first_of_one.filter(|full| !by_surname.contains_key(&names[i]) && self.user.may_link(&names[i], full)) {
                    names[i] = full;
                    continue;
                }
                // (A hyphenated name that opens one full name and ends another is neither's:
                // "Jean-Pierre" of "Jean-Pierre Raffarin" and "Karine Jean-Pierre". A plain word
                // keeps the surname's reading: "Michael" of "George Michael".)
                let hyphenated = written[i][0].contains('-');
                let opens_another = hyphenated && by_first.get(&names[i]).is_some_and(|full| by_surname.get(&names[i]).is_some_and(|ends| ends.iter().any(|&j| !full.contains(&names[j]))));
                if opens_another {
                    continue;
                }
                if let Some(full) = by_surname.get(&names[i]) {
                    // Of two people of the surname ("Governor Brian Kemp and First Lady Marty
                    // Kemp"), the one whose title the mention repeats ("Governor Kemp"), else
                    // neither: a wrong person is worse than none. (Names of one given name are
                    // one person's: "George W. Bush", "George Bush".)
                    let given = |j: &usize| names[*j].split(' ').next().unwrap_or("");
                    let people: BTreeSet<&str> = full.iter().map(given).collect();
                    // (The people named before the mention: a bare surname after the one and
                    // before the other is the one's.)
                    let before: BTreeSet<&str> = full.iter().filter(|&&j| j < i).map(given).collect();
                    let chosen = match people.len() {
                        // (The closest full name before the mention, else the first after it.)
                        1 => full.iter().rev().find(|&&j| j < i).or(full.first()).copied(),
                        _ if before.len() == 1 => full.iter().rev().find(|&&j| j < i).copied(),
                        _ => {
                            let title = |j: usize| word_before(&doc.text, doc.mentions[j].span.start);
                            let titled: BTreeSet<&str> = full.iter().filter(|&&j| title(j).is_some() && title(j) == title(i)).map(|&j| names[j].as_str()).collect();
                            (titled.len() == 1).then(|| full.iter().copied().find(|&j| titled.contains(names[j].as_str()))).flatten()
                        }
                    };
                    if let Some(j) = chosen.filter(|&j| self.user.may_link(&names[i], &names[j])) {
                        names[i] = names[j].clone();
                    }
                }
            }
        }
        if self.config.enabled && self.config.link_organisations {
            self.link_organisations(doc, &mut names);
        }
        for (mention, name) in doc.mentions.iter_mut().zip(names) {
            // Two "Tuesday"s are one date only when they name the same day: a date's value
            // says which, and a date whose year nothing gives ("today" on an undated page,
            // "July 15") is its document's own (known by its content, which a record has
            // whether streamed or read from a file).
            let name = match (mention.label, mention.value.as_deref()) {
                (Label::Date | Label::Time, Some(value)) if year_known(value) => format!("{name}@{value}"),
                (Label::Date | Label::Time, _) => format!("{name}@{}", doc.content_sha256),
                _ => name,
            };
            mention.entity_key = format!("{}|{}", mention.label.as_str(), name);
        }
    }
}

/// A TIMEX3 value that names its year, decade or century ("2021-01-26", "199X", "19XX"), not
/// "PRESENT_REF" or "XXXX-07-15".
fn year_known(value: &str) -> bool {
    let year = value.as_bytes().get(..4).unwrap_or_default();
    year.len() == 4 && year[0].is_ascii_digit() && year.iter().all(|b| b.is_ascii_digit() || *b == b'X')
}

/// The word right before byte `at` of `text`, lower-cased and a title's abbreviation written
/// out ("Gov." is "governor"), when it is capitalised and no sentence's end (a title:
/// "Governor", "Dr."; not "... in Iowa." nor "in the U.S."), else `None`.
fn word_before(text: &str, at: usize) -> Option<String> {
    const ABBREVIATIONS: &[(&str, &str)] = &[
        ("gov", "governor"), ("sen", "senator"), ("rep", "representative"), ("pres", "president"), ("gen", "general"), ("prof", "professor"),
        ("dr", "dr"), ("mr", "mr"), ("mrs", "mrs"), ("ms", "ms"), ("lt", "lieutenant"), ("col", "colonel"), ("sgt", "sergeant"), ("rev", "reverend"),
    ];
    let word = text[..at].trim_end().rsplit(char::is_whitespace).next()?;
    let bare = word.trim_end_matches('.').to_lowercase();
    let title = ABBREVIATIONS.iter().find(|(short, _)| *short == bare).map(|(_, long)| long.to_string());
    let sentence_end = word.ends_with(['.', '!', '?', ':', ';', ',']) && title.is_none();
    (word.starts_with(char::is_uppercase) && !sentence_end).then(|| title.unwrap_or(bare))
}

impl Linker {
    /// One key per organisation of a document (see [`AggregateConfig::link_organisations`]).
    fn link_organisations(&self, doc: &Document, names: &mut [String]) {
        let orgs: Vec<usize> = (0..doc.mentions.len()).filter(|&i| doc.mentions[i].label == Label::Org).collect();
        for &i in &orgs {
            let short = self.without_legal_form(&names[i]);
            if self.user.may_link(&names[i], &short) {
                names[i] = short;
            }
        }
        // "the Mujahedeen-e Khalq (MEK)": the acronym in brackets right after a full name.
        let mut acronyms: HashMap<String, String> = HashMap::new();
        for &i in &orgs {
            let after = doc.text[doc.mentions[i].span.end..].trim_start_matches(' ');
            let Some(inside) = after.strip_prefix('(').and_then(|rest| rest.split_once(')')).map(|(inside, _)| inside) else { continue };
            // Its first letter opens a word of the name (a dateline's "POPLAR GROVE (WIFR)" is no
            // definition; "National Agency for Information Society (AKSHI)" is).
            let first = inside.chars().next().map(|c| c.to_lowercase().to_string()).unwrap_or_default();
            if is_acronym(inside) && names[i].contains(' ') && names[i].split(' ').any(|w| w.starts_with(&first)) {
                acronyms.entry(name_key(inside)).or_insert_with(|| names[i].clone());
            }
        }
        // An acronym used without brackets is the one organisation of the document it spells
        // ("the EU" in a story that names the European Union).
        let mut spelled: HashMap<String, BTreeSet<String>> = HashMap::new();
        for &i in &orgs {
            if let Some(initials) = initials(&names[i]) {
                spelled.entry(initials).or_default().insert(names[i].clone());
            }
        }
        for &i in &orgs {
            let surface = &doc.text[doc.mentions[i].span.clone()];
            if acronyms.contains_key(&names[i]) || !is_acronym(surface) {
                continue;
            }
            if let Some(full) = spelled.get(&names[i]).filter(|full| full.len() == 1).and_then(|full| full.first()) {
                acronyms.insert(names[i].clone(), full.clone());
            }
        }
        for (n, &i) in orgs.iter().enumerate() {
            if let Some(full) = acronyms.get(&names[i]).filter(|full| self.user.may_link(&names[i], full)) {
                names[i] = full.clone();
                continue;
            }
            // A short form after its full name, when exactly one earlier name extends it.
            let prefix = format!("{} ", names[i]);
            let longer: BTreeSet<String> = orgs[..n]
                .iter()
                .map(|&j| &names[j])
                .filter(|name| name.strip_prefix(&prefix).is_some_and(|extra| extra.split(' ').all(|w| ORGANISATION_WORDS.contains(&w))))
                .cloned()
                .collect();
            if let (1, Some(full)) = (longer.len(), longer.into_iter().next()) {
                if self.user.may_link(&names[i], &full) {
                    names[i] = full;
                }
            }
        }
    }

    /// An organisation's name key without a trailing legal form ("apple inc" → "apple").
    fn without_legal_form(&self, key: &str) -> String {
        let words: Vec<&str> = key.split(' ').collect();
        // The longest legal form that ends the name and leaves a name of 3 characters or more
        // before it ("SA Inc" stays whole).
        for cut in 1..words.len() {
            if words[..cut].join(" ").chars().count() >= 3 && self.legal_forms.contains(&words[cut..].join(" ")) {
                return words[..cut].join(" ");
            }
        }
        key.to_string()
    }
}

/// A storm's name alone is the storm the document names in full ("Hagupit" of "Typhoon
/// Hagupit"), when it names one such.
fn storms_by_their_names(doc: &Document, names: &mut [String]) {
    let mut storms: HashMap<String, BTreeSet<String>> = HashMap::new();
    for (mention, name) in doc.mentions.iter().zip(names.iter()).filter(|(m, _)| m.label == Label::Event) {
        if let Some(storm) = crate::document::storm_name(&doc.text[mention.span.clone()]) {
            storms.entry(name_key(storm)).or_default().insert(name.clone());
        }
    }
    for (_, name) in doc.mentions.iter().zip(names.iter_mut()).filter(|(m, _)| m.label == Label::Event) {
        if let Some(full) = storms.get(name.as_str()).filter(|full| full.len() == 1).and_then(|full| full.first()) {
            *name = full.clone();
        }
    }
}

/// The initials of a name key without the small words acronyms leave out ("food and drug
/// administration" → "fda"): three letters or more, or two of a two-word name that leaves
/// nothing out ("european union" → "eu"; "bank of america" is no "BA", which is an airline).
fn initials(name: &str) -> Option<String> {
    let all: Vec<&str> = name.split(' ').collect();
    let words: Vec<&str> = all.iter().copied().filter(|w| !matches!(*w, "of" | "the" | "and" | "for" | "on" | "in" | "&")).collect();
    (words.len() >= 3 || words.len() == 2 && all.len() == 2).then(|| words.iter().filter_map(|w| w.chars().next()).collect())
}

/// An acronym as written in brackets: 2 to 10 capitals, digits, "&" or "-", two capitals at least.
fn is_acronym(text: &str) -> bool {
    let n = text.chars().count();
    (2..=10).contains(&n)
        && text.chars().all(|c| c.is_uppercase() || c.is_ascii_digit() || matches!(c, '&' | '-'))
        && text.chars().filter(|c| c.is_uppercase()).count() >= 2
}

/// A stable id from a final entity key.
pub fn entity_id(key: &str) -> String {
    format!("E{}", &blake3::hash(key.as_bytes()).to_hex()[..15])
}

/// The most frequent spelling whose key is the entity's own name (ties: the one with fewer
/// words in capitals in a name of several, "Angela Rayner" over a lead-in's "ANGELA Rayner";
/// then longer, then smaller: "NASA" over "Nasa", "McConnell" over "Mcconnell"); for
/// an alias-resolved place, a spelling of the canonical name when one was seen. A place's
/// spelling in capitals ("LONDON", from datelines) comes after any other ("London"), and
/// alone is written with capital initials ("Boise"); a handle ("@BCCI") after any other.
/// `label`: a date's "the" is part of its spelling ("the 1990s", as the contract has it).
pub(crate) fn choose_canonical<S: std::hash::BuildHasher>(name: &str, surfaces: &HashMap<String, u64, S>, label: &str) -> String {
    let place = matches!(label, "GPE" | "LOC");
    let shouted = |s: &str| place && s.chars().filter(|c| c.is_alphabetic()).count() >= 4 && !s.chars().any(char::is_lowercase);
    let plain = |s: &str| !shouted(s) && !s.starts_with(['@', '#']);
    let capitalised_words = |s: &str| {
        let words: Vec<&str> = s.split_whitespace().collect();
        let capitals = |w: &&&str| w.chars().filter(|c| c.is_alphabetic()).count() >= 2 && !w.chars().any(char::is_lowercase);
        if words.len() > 1 { words.iter().filter(capitals).count() } else { 0 }
    };
    let best = |candidates: &mut dyn Iterator<Item = (&String, &u64)>| {
        candidates
            .max_by(|a, b| {
                plain(a.0)
                    .cmp(&plain(b.0))
                    .then(a.1.cmp(b.1))
                    .then(capitalised_words(b.0).cmp(&capitalised_words(a.0)))
                    .then(a.0.chars().count().cmp(&b.0.chars().count()))
                    .then(b.0.cmp(a.0))
            })
            .map(|(s, _)| s.clone())
    };
    let cleaned = |s: &str| {
        let s = if label == "DATE" { s } else { strip_article(s) };
        // (Not an acronym: "USSR", "DPRK" stay as they are.)
        let acronym = !s.contains(char::is_whitespace) && s.chars().filter(|c| c.is_alphabetic()).count() <= 4;
        if shouted(s) && !acronym { capital_initials(s) } else { s.to_string() }
    };
    best(&mut surfaces.iter().filter(|(s, _)| name_key(s) == name))
        .map(|s| cleaned(&s))
        .or_else(|| best(&mut surfaces.iter()).map(|s| cleaned(&s)))
        .unwrap_or_else(|| title_case(name))
}

fn strip_article(s: &str) -> &str {
    match s.strip_prefix("the").or_else(|| s.strip_prefix("The")) {
        Some(rest) if rest.starts_with(char::is_whitespace) && !rest.trim_start().is_empty() => rest.trim_start(),
        _ => s,
    }
}

/// A name in capitals written with capital initials, small words of place names in lower case
/// after the first ("PORT-AU-PRINCE" → "Port-au-Prince", "DAR ES SALAAM" → "Dar es Salaam",
/// "MCALLEN" → "McAllen", "BOGOTÁ" → "Bogotá").
fn capital_initials(name: &str) -> String {
    // (Only words that join the parts of a name: "Las Vegas", "Des Moines", "Hoi An" keep theirs.)
    const SMALL: &[&str] = &["au", "aux", "de", "del", "di", "do", "dos", "da", "das", "du", "es", "of", "on", "the", "and", "upon"];
    let mut written = String::with_capacity(name.len());
    let mut rest = name;
    while let Some(c) = rest.chars().next() {
        let end = rest.find(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’')).unwrap_or(rest.len());
        if end == 0 {
            written.push(c);
            rest = &rest[c.len_utf8()..];
            continue;
        }
        let word = rest[..end].to_lowercase();
        if !written.is_empty() && SMALL.contains(&word.as_str()) {
            written.push_str(&word);
        } else {
            // (A Mc name capitalises what follows: "McAllen".)
            let mc = word.len() > 4 && word.starts_with("mc");
            for (i, c) in word.chars().enumerate() {
                if i == 0 || mc && i == 2 { written.extend(c.to_uppercase()) } else { written.push(c) }
            }
        }
        rest = &rest[end..];
    }
    written
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
    use crate::document::Origin;

    #[test]
    fn a_place_in_capitals_is_named_as_the_text_writes_it() {
        // Regression: three datelines' "LONDON" beat one "London".
        let surfaces: HashMap<String, u64> = [("LONDON".to_string(), 3), ("London".to_string(), 1)].into();
        assert_eq!(choose_canonical("london", &surfaces, "GPE"), "London");
        let acronyms: HashMap<String, u64> = [("UNICEF".to_string(), 3), ("Unicef".to_string(), 1)].into();
        assert_eq!(choose_canonical("unicef", &acronyms, "ORG"), "UNICEF");
        // Regression (hunter T): a handle beat the name, and a place only datelines named kept
        // their capitals. (A tie keeps going to the capitalised spelling: "NASA" over "Nasa",
        // "McConnell" over "Mcconnell", a review.)
        let tie: HashMap<String, u64> = [("NASA".to_string(), 1), ("Nasa".to_string(), 1)].into();
        assert_eq!(choose_canonical("nasa", &tie, "ORG"), "NASA");
        let tie: HashMap<String, u64> = [("Mitch McConnell".to_string(), 1), ("Mitch Mcconnell".to_string(), 1)].into();
        assert_eq!(choose_canonical("mitch mcconnell", &tie, "PERSON"), "Mitch McConnell");
        // (A review: a lead-in's capitals, "ANGELA Rayner has set out ...", lose a tie.)
        let tie: HashMap<String, u64> = [("ANGELA Rayner".to_string(), 1), ("Angela Rayner".to_string(), 1)].into();
        assert_eq!(choose_canonical("angela rayner", &tie, "PERSON"), "Angela Rayner");
        let handle: HashMap<String, u64> = [("@BCCI".to_string(), 2), ("BCCI".to_string(), 1)].into();
        assert_eq!(choose_canonical("bcci", &handle, "ORG"), "BCCI");
        let datelines: HashMap<String, u64> = [("BOISE".to_string(), 2)].into();
        assert_eq!(choose_canonical("boise", &datelines, "GPE"), "Boise");
        let accented: HashMap<String, u64> = [("PORT-AU-PRINCE".to_string(), 1)].into();
        assert_eq!(choose_canonical("port au prince", &accented, "GPE"), "Port-au-Prince");
        for (shouted, written) in [("DAR ES SALAAM", "Dar es Salaam"), ("MCALLEN", "McAllen"), ("BOGOTÁ", "Bogotá"), ("LA PAZ", "La Paz"), ("ST. LOUIS", "St. Louis"), ("WEST DES MOINES", "West Des Moines"), ("NORTH LAS VEGAS", "North Las Vegas"), ("HOI AN", "Hoi An")] {
            let surfaces: HashMap<String, u64> = [(shouted.to_string(), 1)].into();
            assert_eq!(choose_canonical(&name_key(shouted), &surfaces, "GPE"), written);
        }
        let two_words: HashMap<String, u64> = [("NEW YORK".to_string(), 1)].into();
        assert_eq!(choose_canonical("new york", &two_words, "GPE"), "New York");
        let acronym: HashMap<String, u64> = [("USSR".to_string(), 1)].into();
        assert_eq!(choose_canonical("ussr", &acronym, "GPE"), "USSR");
    }

    #[test]
    fn name_keys() {
        assert_eq!(name_key("the United Arab Emirates"), "united arab emirates");
        assert_eq!(name_key("Albania’s"), "albania");
        assert_eq!(name_key("U.S."), "us");
        assert_eq!(name_key("São  Paulo"), "sao paulo");
        assert_eq!(name_key("Saudi-Arabia"), "saudi arabia");
        assert_eq!(name_key("BB&T Corp."), "bb&t corp");
        // Regression: different amounts were one entity ("about 1.4%" and "about 14%").
        assert_eq!(name_key("about 1.4%"), "about 1.4");
        assert_ne!(name_key("$1.5 billion"), name_key("£1.5 billion"));
        assert_ne!(name_key("$1.5 billion"), name_key("$15 billion"));
        // Regression: two ids for one organisation in British and American spelling.
        assert_eq!(name_key("World Health Organisation"), name_key("World Health Organization"));
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
        Linker::build(&AggregateConfig::default(), &Gazetteer::load(Some(empty.path())).unwrap())
    }

    fn keys_with_builtin_gazetteer(text: &str, spans: &[(&str, Label)]) -> Vec<String> {
        let linker = Linker::build(&AggregateConfig::default(), &Gazetteer::load(None).unwrap());
        let mut d = doc("d", text, spans);
        linker.link_document(&mut d);
        d.mentions.into_iter().map(|m| m.entity_key).collect()
    }

    #[test]
    fn a_city_abroads_name_is_the_state_among_the_states_of_its_country() {
        // Regression (hunt 11 #3): "Victoria" among Australia's states was placed in Hong Kong.
        let keys = keys_with_builtin_gazetteer(
            "Rain hit Queensland, Tasmania and Victoria, Australia's weather bureau said.",
            &[("Queensland", Label::Gpe), ("Tasmania", Label::Gpe), ("Victoria", Label::Gpe), ("Australia", Label::Gpe)],
        );
        assert_eq!(keys[2], "GPE|victoria@au");
        // A town abroad stays what its name alone is (reviews: Geneva, Oxford, Galway named in
        // single-country stories); so does a country ("Georgia" joining NATO in a story of
        // senators from Texas and Ohio), a state without another of its country beside it, and
        // a name said twice beside one other place.
        let geneva = keys_with_builtin_gazetteer("Kerry left Washington and Boston for talks in Geneva.", &[("Washington", Label::Gpe), ("Boston", Label::Gpe), ("Geneva", Label::Gpe)]);
        assert_eq!(geneva[2], "GPE|geneva");
        let nato = keys_with_builtin_gazetteer("Senators from Texas and Ohio back Georgia for NATO.", &[("Texas", Label::Gpe), ("Ohio", Label::Gpe), ("Georgia", Label::Gpe)]);
        assert_eq!(nato[2], "GPE|georgia");
        let alone = keys_with_builtin_gazetteer("Rain hit Brisbane and Sydney, then Victoria.", &[("Brisbane", Label::Gpe), ("Sydney", Label::Gpe), ("Victoria", Label::Gpe)]);
        assert_eq!(alone[2], "GPE|victoria");
        let twice = keys_with_builtin_gazetteer("Ferries from Dover to Calais stopped; Dover port said so.", &[("Dover", Label::Gpe), ("Calais", Label::Gpe), ("Dover", Label::Gpe)]);
        assert_eq!(twice[1], "GPE|calais");
    }

    #[test]
    fn dates_are_one_entity_only_when_they_name_the_same_day() {
        // Regression (hunt 11 #10): "Tuesday" of a 2021 story and of a 2017 story, and the
        // "today" of every undated page, were one corpus-wide entity.
        let linker = linker();
        let key = |id: &str, surface: &str, value: Option<&str>| {
            let mut d = doc(id, &format!("It rained {surface}."), &[(surface, Label::Date)]);
            d.content_sha256 = format!("sha of {id}");
            d.mentions[0].value = value.map(String::from);
            linker.link_document(&mut d);
            d.mentions.remove(0).entity_key
        };
        assert_ne!(key("a", "Tuesday", Some("2021-01-26")), key("b", "Tuesday", Some("2017-02-28")));
        assert_eq!(key("a", "Tuesday", Some("2021-01-26")), key("b", "Tuesday", Some("2021-01-26")));
        assert_eq!(key("a", "the 1990s", Some("199X")), key("b", "the 1990s", Some("199X")));
        assert_ne!(key("a", "today", None), key("b", "today", None));
        assert_ne!(key("a", "now", Some("PRESENT_REF")), key("b", "now", Some("PRESENT_REF")));
        assert_ne!(key("a", "July 15", Some("XXXX-07-15")), key("b", "July 15", Some("XXXX-07-15")));
        // Within a document the two mentions of a day stay one.
        let mut d = doc("a", "Rain on Tuesday, and on Tuesday night.", &[("Tuesday", Label::Date), ("Tuesday", Label::Date)]);
        linker.link_document(&mut d);
        assert_eq!(d.mentions[0].entity_key, d.mentions[1].entity_key);
    }

    #[test]
    fn never_merge_pairs_stay_apart_within_a_document() {
        let text = "Angela Merkel arrived. Merkel said the Harbor Financial Group deal is off; Harbor Financial agreed.";
        let spans = [("Angela Merkel", Label::Person), ("Merkel", Label::Person), ("Harbor Financial Group", Label::Org), ("Harbor Financial", Label::Org)];
        let keys = |never_merge: Vec<[String; 2]>| {
            let config = AggregateConfig { never_merge, ..AggregateConfig::default() };
            let linker = Linker::build(&config, &Gazetteer::load(None).unwrap());
            let mut d = doc("d", text, &spans);
            linker.link_document(&mut d);
            d.mentions.into_iter().map(|m| m.entity_key).collect::<Vec<_>>()
        };
        let linked = keys(Vec::new());
        assert_eq!((&linked[0], &linked[2]), (&linked[1], &linked[3]));
        let pair = |a: &str, b: &str| [a.to_string(), b.to_string()];
        let apart = keys(vec![pair("Merkel", "Angela Merkel"), pair("Harbor Financial", "Harbor Financial Group")]);
        assert_ne!(apart[0], apart[1]);
        assert_ne!(apart[2], apart[3]);
    }

    #[test]
    fn a_storms_name_alone_is_the_storm_the_document_names() {
        // Regression (hunt 10): "Typhoon Hagupit" and "Hagupit" were two entities.
        let k = keys_with_builtin_gazetteer("Typhoon Hagupit hit Samar. Hagupit weakened.", &[("Typhoon Hagupit", Label::Event), ("Hagupit", Label::Event)]);
        assert_eq!(k[0], k[1]);
        // (Not where two storms of the name are named: "Hurricane Ana" and "Tropical Storm Ana".)
        let k = keys_with_builtin_gazetteer("Hurricane Ana and Tropical Storm Ana. Ana faded.", &[("Hurricane Ana", Label::Event), ("Tropical Storm Ana", Label::Event), ("Ana", Label::Event)]);
        assert!(k[2] != k[0] && k[2] != k[1], "{k:?}");
    }

    #[test]
    fn an_organisation_is_one_entity_under_its_names_in_a_document() {
        // Legal forms are not part of the name.
        let k = keys_with_builtin_gazetteer("Apple Inc. said on Monday that Apple would grow.", &[("Apple Inc.", Label::Org), ("Apple", Label::Org)]);
        assert_eq!(k, ["ORG|apple", "ORG|apple"]);
        let k = keys_with_builtin_gazetteer("Toyota Motor Corp. and Toyota Motor", &[("Toyota Motor Corp.", Label::Org), ("Toyota Motor", Label::Org)]);
        assert_eq!(k[0], k[1]);
        // A short form after the full name.
        let text = "Harbor Financial Group agreed to a deal. Harbor Financial said it would close in May.";
        let k = keys_with_builtin_gazetteer(text, &[("Harbor Financial Group", Label::Org), ("Harbor Financial", Label::Org)]);
        assert_eq!(k, ["ORG|harbor financial group", "ORG|harbor financial group"]);
        // An acronym defined in the text, and its later uses.
        let text = "the National Agency for Information Society (AKSHI) was hit. AKSHI said the attack failed.";
        let spans = [("National Agency for Information Society", Label::Org), ("AKSHI", Label::Org), ("AKSHI", Label::Org)];
        let k = keys_with_builtin_gazetteer(text, &spans);
        assert!(k.iter().all(|key| key == "ORG|national agency for information society"), "{k:?}");
    }

    #[test]
    fn other_organisations_that_share_a_first_word_stay_apart() {
        // The longer name adds a word that makes it another organisation.
        let k = keys_with_builtin_gazetteer("Apple Music grew. Apple did not.", &[("Apple Music", Label::Org), ("Apple", Label::Org)]);
        assert_ne!(k[0], k[1]);
        // A short form before any full name, or two full names that both extend it.
        let k = keys_with_builtin_gazetteer("Harbor Financial fell. Harbor Financial Group rose.", &[("Harbor Financial", Label::Org), ("Harbor Financial Group", Label::Org)]);
        assert_ne!(k[0], k[1]);
        let text = "Acme Bank and Acme Group met. Acme said no.";
        let k = keys_with_builtin_gazetteer(text, &[("Acme Bank", Label::Org), ("Acme Group", Label::Org), ("Acme", Label::Org)]);
        assert!(k[2] != k[0] && k[2] != k[1], "{k:?}");
        // Brackets that hold no acronym, or one of something else (a dateline's call sign).
        let k = keys_with_builtin_gazetteer("Acme Bank (Zurich) grew. Zurich fell.", &[("Acme Bank", Label::Org), ("Zurich", Label::Org)]);
        assert_ne!(k[0], k[1]);
        let k = keys_with_builtin_gazetteer("PINE HILL (WXYZ) - WXYZ reported a fire.", &[("PINE HILL", Label::Org), ("WXYZ", Label::Org)]);
        assert_ne!(k[0], k[1]);
        // A legal form is kept when too little name would be left.
        assert_eq!(keys_with_builtin_gazetteer("SA Inc grew.", &[("SA Inc", Label::Org)]), ["ORG|sa inc"]);
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
        let resolution = catalog.resolve(true, &UserLinks::default()).unwrap();
        let entities: Vec<EntityRow> = resolution.entities().unwrap().map(Result::unwrap).collect();
        assert_eq!(resolution.final_key(&b.mentions[0].entity_key), a.mentions[0].entity_key);
        assert_eq!(entities.len(), 1);
        let entity = &entities[0];
        assert_eq!((entity.canonical.as_str(), entity.n_mentions, entity.n_docs), ("Edi Rama", 3, 2));
        assert_eq!(entity.entity_id, entity_id("PERSON|edi rama"));
    }

    #[test]
    fn a_name_with_a_middle_initial_is_the_plain_name_written_beside_it() {
        // A hunt: "Donald J. Trump" and "Donald Trump" in one story were two people.
        let linker = Linker::build(&AggregateConfig::default(), &Gazetteer::load(None).unwrap());
        let mut one = doc("d", "Donald J. Trump spoke. Later Donald Trump left.", &[("Donald J. Trump", Label::Person), ("Donald Trump", Label::Person)]);
        linker.link_document(&mut one);
        assert_eq!(one.mentions[0].entity_key, one.mentions[1].entity_key);
        // Two initialed forms of one plain name: either may be meant.
        let mut two = doc("d", "George W. Bush met George H. W. Bush. George Bush spoke.", &[("George W. Bush", Label::Person), ("George H. W. Bush", Label::Person), ("George Bush", Label::Person)]);
        linker.link_document(&mut two);
        let keys: HashSet<&str> = two.mentions.iter().map(|m| m.entity_key.as_str()).collect();
        assert_eq!(keys.len(), 3, "{keys:?}");
    }

    #[test]
    fn a_surname_links_to_a_full_name_with_a_suffix() {
        // Regression: "Jr." was read as the surname; "Marcos" was another entity.
        let linker = linker();
        for (full, surname) in [("Ferdinand Marcos Jr.", "Marcos"), ("Joseph R. Biden Jr.", "Biden"), ("Ken Griffey Sr.", "Griffey"), ("Martin Luther King III", "King")] {
            let text = format!("{full} spoke. {surname} left.");
            let mut a = doc("a", &text, &[(full, Label::Person), (surname, Label::Person)]);
            linker.link_document(&mut a);
            assert_eq!(a.mentions[0].entity_key, a.mentions[1].entity_key, "{full}");
        }
        // (A review: father and son in one story, a bare surname may be either: neither's; a
        // pope's number is no suffix.)
        let text = "Ferdinand Marcos ruled. Ferdinand Marcos Jr. was elected. Marcos fled.";
        let mut a = doc("a", text, &[("Ferdinand Marcos", Label::Person), ("Ferdinand Marcos Jr.", Label::Person), ("Marcos", Label::Person)]);
        linker.link_document(&mut a);
        assert_ne!(a.mentions[2].entity_key, a.mentions[1].entity_key);
        let text = "Rand Paul met Pope John Paul II. Paul said.";
        let mut a = doc("a", text, &[("Rand Paul", Label::Person), ("John Paul II", Label::Person), ("Paul", Label::Person)]);
        linker.link_document(&mut a);
        assert_eq!(a.mentions[2].entity_key, a.mentions[0].entity_key);
    }

    #[test]
    fn a_title_or_a_fathers_name_is_no_surname() {
        // Regression: Jordan's "King" was the "Bahraini King" of the same story, and King
        // "Abdullah" the adviser "Fawaz bin Abdullah".
        let linker = Linker::build(&AggregateConfig::default(), &Gazetteer::load(None).unwrap());
        let text = "The Bahraini King arrived. The King met Fawaz bin Abdullah. Abdullah spoke.";
        let mut a = doc("a", text, &[("Bahraini King", Label::Person), ("King", Label::Person), ("Fawaz bin Abdullah", Label::Person), ("Abdullah", Label::Person)]);
        linker.link_document(&mut a);
        let keys: Vec<&str> = a.mentions.iter().map(|m| m.entity_key.as_str()).collect();
        assert_ne!(keys[0], keys[1]);
        assert_ne!(keys[2], keys[3]);
        // A surname that is also a title, a given name that is also a patronymic: linked.
        let text = "Mohammed bin Salman spoke. Bin Salman left. King Salman stayed. Salman said so.";
        let mut c = doc("c", text, &[("Mohammed bin Salman", Label::Person), ("Bin Salman", Label::Person), ("Salman", Label::Person), ("Salman", Label::Person)]);
        linker.link_document(&mut c);
        assert_ne!(c.mentions[1].entity_key, c.mentions[3].entity_key);
        let text = "Stephen King wrote it. King said so. Ben Stokes batted. Stokes said so.";
        let mut b = doc("b", text, &[("Stephen King", Label::Person), ("King", Label::Person), ("Ben Stokes", Label::Person), ("Stokes", Label::Person)]);
        linker.link_document(&mut b);
        let keys: Vec<&str> = b.mentions.iter().map(|m| m.entity_key.as_str()).collect();
        assert_eq!(keys[0], keys[1]);
        assert_eq!(keys[2], keys[3]);
    }

    #[test]
    fn a_fathers_name_is_no_surname_across_documents_either() {
        let linker = linker();
        let mut a = doc("a", "Fawaz bin Abdullah spoke.", &[("Fawaz bin Abdullah", Label::Person)]);
        let mut b = doc("b", "Abdullah returned.", &[("Abdullah", Label::Person)]);
        linker.link_document(&mut a);
        linker.link_document(&mut b);
        let mut catalog = Catalog::default();
        catalog.add_document(&a).unwrap();
        catalog.add_document(&b).unwrap();
        assert_eq!(catalog.resolve(true, &UserLinks::default()).unwrap().entities().unwrap().count(), 2);
    }

    #[test]
    fn a_surname_two_people_of_the_document_share_goes_to_the_one_whose_title_it_repeats_or_to_neither() {
        // Regression (a hunt): "Governor Kemp" was linked to the closest full name before it,
        // his wife's.
        let linker = linker();
        let text = "Governor Brian Kemp and First Lady Marty Kemp visited. Governor Kemp signed. Kemp left.";
        let mut a = doc("a", text, &[("Brian Kemp", Label::Person), ("Marty Kemp", Label::Person), ("Kemp", Label::Person), ("Kemp", Label::Person)]);
        linker.link_document(&mut a);
        let keys: Vec<&str> = a.mentions.iter().map(|m| m.entity_key.as_str()).collect();
        assert_eq!(keys, ["PERSON|brian kemp", "PERSON|marty kemp", "PERSON|brian kemp", "PERSON|kemp"]);
        // One person under two spellings is one person (a review).
        let text = "George W. Bush spoke. George Bush left. Bush smiled.";
        let mut b = doc("b", text, &[("George W. Bush", Label::Person), ("George Bush", Label::Person), ("Bush", Label::Person)]);
        linker.link_document(&mut b);
        assert_eq!(b.mentions[2].entity_key, "PERSON|george bush");
        // (A review: a surname after the one person named so far is that one's; "Gov." is the
        // governor's title; a short place ending the sentence before is no title.)
        let text = "Elon Musk spoke. Musk left. His brother Kimbal Musk stayed. Musk smiled.";
        let mut c = doc("c", text, &[("Elon Musk", Label::Person), ("Musk", Label::Person), ("Kimbal Musk", Label::Person), ("Musk", Label::Person)]);
        linker.link_document(&mut c);
        assert_eq!((c.mentions[1].entity_key.as_str(), c.mentions[3].entity_key.as_str()), ("PERSON|elon musk", "PERSON|musk"));
        let text = "Gov. Brian Kemp and First Lady Marty Kemp came. Governor Kemp spoke.";
        let mut d = doc("d", text, &[("Brian Kemp", Label::Person), ("Marty Kemp", Label::Person), ("Kemp", Label::Person)]);
        linker.link_document(&mut d);
        assert_eq!(d.mentions[2].entity_key, "PERSON|brian kemp");
        let text = "She returned to Iowa. Joe Biden and Jill Biden came back to Iowa. Biden said.";
        let mut e = doc("e", text, &[("Joe Biden", Label::Person), ("Jill Biden", Label::Person), ("Biden", Label::Person)]);
        linker.link_document(&mut e);
        assert_eq!(e.mentions[2].entity_key, "PERSON|biden");
    }

    #[test]
    fn places_that_share_a_name_are_told_apart_by_the_countries_the_document_names() {
        // Regression (a hunt): Paris, Texas and Paris, France were one entity placed in France;
        // Victoria, the Australian state, and Victoria, British Columbia, one placed elsewhere.
        let linker = Linker::build(&AggregateConfig::default(), &Gazetteer::load(None).unwrap());
        let key = |text: &str, spans: &[(&str, Label)]| {
            let mut d = doc("d", text, spans);
            linker.link_document(&mut d);
            d.mentions[0].entity_key.clone()
        };
        assert_eq!(key("Paris, Texas, flooded.", &[("Paris", Label::Gpe), ("Texas", Label::Gpe)]), "GPE|paris@us-tx");
        // (A city of millions is the one a story means unless it writes the other's country
        // after it: "the Bulls in Paris", in a story of Chicago.)
        assert_eq!(key("The Bulls played in Paris after a season in Chicago.", &[("Paris", Label::Gpe), ("Chicago", Label::Gpe)]), "GPE|paris");
        assert_eq!(key("Paris, the French capital, flooded.", &[("Paris", Label::Gpe)]), "GPE|paris");
        assert_eq!(key("Paris and Lyon in France flooded.", &[("Paris", Label::Gpe), ("Lyon", Label::Gpe), ("France", Label::Gpe)]), "GPE|paris");
        // (A review: a country named elsewhere in the story says nothing of which one; nor does
        // a list of cities.)
        assert_eq!(key("Victoria declared a disaster as cases rose in Australia.", &[("Victoria", Label::Gpe), ("Australia", Label::Gpe)]), "GPE|victoria");
        assert_eq!(key("Athens will host the talks, a U.S. official said.", &[("Athens", Label::Gpe), ("U.S.", Label::Gpe)]), "GPE|athens");
        assert_eq!(key("The bank has offices in Sydney, Toronto and London.", &[("Sydney", Label::Gpe), ("Toronto", Label::Gpe), ("London", Label::Gpe)]), "GPE|sydney");
        assert_eq!(key("Athens, Georgia, voted.", &[("Athens", Label::Gpe), ("Georgia", Label::Gpe)]), "GPE|athens@us-ga");
        // Regression (a hunt): the state written out was the country of its name, the
        // Caucasus's Georgia, there and all through the story; a state no other place shares
        // needs no key.
        let mut georgia = doc("d", "Students in Athens, Georgia, protested. Georgia Governor Brian Kemp spoke.", &[("Athens", Label::Gpe), ("Georgia", Label::Gpe), ("Georgia", Label::Gpe)]);
        linker.link_document(&mut georgia);
        assert_eq!((georgia.mentions[1].entity_key.as_str(), georgia.mentions[2].entity_key.as_str()), ("GPE|georgia@us-ga", "GPE|georgia@us-ga"));
        // A state abbreviated after a city and tagged a place of its own is the state (a hunt:
        // "Pa." was the town of Pa, Burkina Faso).
        let keys_of = |text: &str, spans: &[(&str, Label)]| {
            let mut d = doc("d", text, spans);
            linker.link_document(&mut d);
            d.mentions.iter().map(|m| m.entity_key.clone()).collect::<Vec<_>>()
        };
        assert_eq!(keys_of("Philadelphia, Pa., voted. Pa. Republicans met.", &[("Philadelphia", Label::Gpe), ("Pa", Label::Gpe), ("Pa", Label::Gpe)])[1..], ["GPE|pennsylvania", "GPE|pennsylvania"]);
        assert_eq!(keys_of("Atlanta, Ga., voted.", &[("Atlanta", Label::Gpe), ("Ga", Label::Gpe)])[1], "GPE|georgia@us-ga");
        let mut ohio = doc("d", "Athens, Ohio, voted.", &[("Athens", Label::Gpe), ("Ohio", Label::Gpe)]);
        linker.link_document(&mut ohio);
        assert_eq!(ohio.mentions[1].entity_key, "GPE|ohio");
        assert_eq!(key("Georgia and Armenia signed a deal in Tbilisi.", &[("Georgia", Label::Gpe), ("Armenia", Label::Gpe), ("Tbilisi", Label::Gpe)]), "GPE|georgia");
        // Regression (a hunt): two countries in a list were read as "Paris, Texas": Jordan
        // put in Oman (a Hong Kong town shares its name), Lebanon in Syria, Georgia in Armenia.
        assert_eq!(keys_of("Jordan, Oman sign deals. Jordan's minister spoke.", &[("Jordan", Label::Gpe), ("Oman", Label::Gpe), ("Jordan", Label::Gpe)]), ["GPE|jordan", "GPE|oman", "GPE|jordan"]);
        assert_eq!(key("Lebanon, Syria agree on border talks.", &[("Lebanon", Label::Gpe), ("Syria", Label::Gpe)]), "GPE|lebanon");
        assert_eq!(key("Georgia, Armenia sign a deal.", &[("Georgia", Label::Gpe), ("Armenia", Label::Gpe)]), "GPE|georgia");
        // (A town named like a country, before its state, is that town.)
        assert_ne!(key("Lebanon, Tennessee, voted.", &[("Lebanon", Label::Gpe), ("Tennessee", Label::Gpe)]), "GPE|lebanon");
        assert_ne!(key("Mexico, Mo., voted.", &[("Mexico", Label::Gpe), ("Mo", Label::Gpe)]), "GPE|mexico");
        // (A state named with its country is still no country.)
        assert_ne!(key("Georgia, U.S., voted.", &[("Georgia", Label::Gpe), ("U.S.", Label::Gpe)]), "GPE|georgia");
        // Regression (a hunt): "Washington state" was the capital.
        assert_eq!(key("Washington state passed the law.", &[("Washington", Label::Gpe)]), "GPE|washington@us-wa");
        assert_eq!(key("Washington passed the law.", &[("Washington", Label::Gpe)]), "GPE|washington");
        // (Review: the country written after its own city keeps its reading.)
        let mut both = doc("d", "She flew from Batumi, Georgia to Atlanta, Georgia.", &[("Batumi", Label::Gpe), ("Georgia", Label::Gpe), ("Atlanta", Label::Gpe), ("Georgia", Label::Gpe)]);
        linker.link_document(&mut both);
        assert_eq!((both.mentions[1].entity_key.as_str(), both.mentions[3].entity_key.as_str()), ("GPE|georgia", "GPE|georgia@us-ga"));
        let mut moscow = doc("d", "Moscow, Idaho police said Moscow was calm.", &[("Moscow", Label::Gpe), ("Idaho", Label::Gpe), ("Moscow", Label::Gpe)]);
        linker.link_document(&mut moscow);
        assert_eq!((moscow.mentions[0].entity_key.as_str(), moscow.mentions[2].entity_key.as_str()), ("GPE|moscow@us-id", "GPE|moscow@us-id"));
        // Regression: a state written after a city chose the country only, so "Burlington, Vt."
        // was the most populous US Burlington (North Carolina's); "VT" was not read at all.
        assert_eq!(key("Burlington, Vt., voted.", &[("Burlington", Label::Gpe)]), "GPE|burlington@us-vt");
        // Regression (hunt 12 #9): a postal code tagged a place of its own was a town of Ghana.
        assert_eq!(keys_of("Burlington, WA voted.", &[("Burlington", Label::Gpe), ("WA", Label::Gpe)])[1], "GPE|wa@us-wa");
        assert_eq!(key("Burlington, VT voted.", &[("Burlington", Label::Gpe)]), "GPE|burlington@us-vt");
        assert_eq!(key("Athens, Ohio, voted.", &[("Athens", Label::Gpe), ("Ohio", Label::Gpe)]), "GPE|athens@us-oh");
        // A state with no known namesake in it: a place apart, not another state's; a code that
        // is no state's says nothing; a province whose cities the gazetteer cannot place in it
        // leaves the country's ("London, Ontario").
        assert_eq!(key("Paris, Tenn., voted.", &[("Paris", Label::Gpe)]), "GPE|paris@us-tn");
        assert_eq!(key("Paris, AP reported.", &[("Paris", Label::Gpe)]), "GPE|paris");
        // Review: the capital named with its district lost its place; a city before a list of
        // states or nations, or before another city's two capitals, lost its own.
        assert_eq!(key("He returned to Washington, D.C., on Monday.", &[("Washington", Label::Gpe), ("D.C.", Label::Gpe)]), "GPE|washington");
        assert_eq!(key("Storms cut power in Chicago, Indiana and Ohio.", &[("Chicago", Label::Gpe), ("Indiana", Label::Gpe), ("Ohio", Label::Gpe)]), "GPE|chicago");
        assert_eq!(key("Floods hit London, Scotland and Wales.", &[("London", Label::Gpe), ("Scotland", Label::Gpe), ("Wales", Label::Gpe)]), "GPE|london");
        assert_eq!(key("Fans lined up in Boston, NY and Chicago.", &[("Boston", Label::Gpe), ("NY", Label::Gpe), ("Chicago", Label::Gpe)]), "GPE|boston");
        assert_eq!(key("The band will tour Paris, LA and Berlin.", &[("Paris", Label::Gpe), ("LA", Label::Gpe), ("Berlin", Label::Gpe)]), "GPE|paris");
        // Second review: a state written in full or as a postal code with no namesake in it gave
        // another state's city, or one abroad; AP's abbreviations of a state whose cities the
        // gazetteer has no namesake in, or of a Canadian province, were not read.
        assert_eq!(key("Paris, Tennessee, voted.", &[("Paris", Label::Gpe), ("Tennessee", Label::Gpe)]), "GPE|paris@us-tn");
        // (Third review: a postal code chooses only a namesake in that state: "Perth, WA" is
        // Western Australia's; a list of places after the state is no state of the city's.)
        assert_eq!(key("Paris, TN - The club met.", &[("Paris", Label::Gpe)]), "GPE|paris");
        assert_eq!(key("Flooding hit Perth, WA on Sunday.", &[("Perth", Label::Gpe)]), "GPE|perth");
        assert_eq!(key("Fans met in London, Washington, Paris and Berlin.", &[("London", Label::Gpe), ("Washington", Label::Gpe), ("Paris", Label::Gpe), ("Berlin", Label::Gpe)]), "GPE|london");
        assert_eq!(key("Paris, Tennessee, Mayor Ann Lee said.", &[("Paris", Label::Gpe), ("Tennessee", Label::Gpe), ("Ann Lee", Label::Person)]), "GPE|paris@us-tn");
        assert_eq!(key("Perth, Ont., voted.", &[("Perth", Label::Gpe)]), "GPE|perth@ca");
        assert_eq!(key("London, Ky., voted.", &[("London", Label::Gpe)]), "GPE|london@us-ky");
        assert_eq!(key("Berlin, N.H., voted.", &[("Berlin", Label::Gpe)]), "GPE|berlin@us-nh");
        assert_eq!(key("Victoria, B.C., voted.", &[("Victoria", Label::Gpe)]), "GPE|victoria@ca");
        assert_eq!(key("London, Ont., voted.", &[("London", Label::Gpe)]), "GPE|london@ca");
        assert_eq!(key("Chicago, Ill., voted.", &[("Chicago", Label::Gpe)]), "GPE|chicago");
        assert_eq!(key("London, Ontario, voted.", &[("London", Label::Gpe), ("Ontario", Label::Gpe)]), "GPE|london@ca");
        assert_eq!(key("Perth, Scotland, voted.", &[("Perth", Label::Gpe), ("Scotland", Label::Gpe)]), "GPE|perth@gb-sct");
        assert_eq!(key("Paris, France, voted.", &[("Paris", Label::Gpe), ("France", Label::Gpe)]), "GPE|paris");
        // (Each as its country is written after it.)
        let mut both = doc("d", "Paris, Texas and Paris, France are twinned.", &[("Paris", Label::Gpe), ("Texas", Label::Gpe), ("Paris", Label::Gpe), ("France", Label::Gpe)]);
        linker.link_document(&mut both);
        assert_eq!((both.mentions[0].entity_key.as_str(), both.mentions[2].entity_key.as_str()), ("GPE|paris@us-tx", "GPE|paris"));
        let gazetteer = Gazetteer::load(None).unwrap();
        let places = gazetteer.namesakes();
        assert_eq!(crate::gazetteer::namesake_of(places, "paris@us").map(|p| p.country_code), Some("US".to_string()));
        // Burlington, Vermont (GeoNames 5234372), not North Carolina's (4458228).
        assert_eq!(crate::gazetteer::namesake_of(places, "burlington@us-vt").and_then(|p| p.geonames_id), Some(5234372));
        // (A state without a Paris the gazetteer knows: in the US, not on the map.)
        assert_eq!(crate::gazetteer::namesake_of(places, "paris@us-tn"), Some(crate::gazetteer::Place { geonames_id: None, country_code: "US".into(), latitude: None, longitude: None }));
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
        assert_eq!(catalog.resolve(true, &UserLinks::default()).unwrap().entities().unwrap().count(), 3);
    }

    #[test]
    fn namesakes_stay_apart() {
        let linker = Linker::build(&AggregateConfig::default(), &Gazetteer::load(None).unwrap());
        // Two people called Rama with different first names, in two documents.
        let mut a = doc("a", "Edi Rama spoke. Rama left.", &[("Edi Rama", Label::Person), ("Rama", Label::Person)]);
        let mut b = doc("b", "Ilir Rama arrived. Rama smiled.", &[("Ilir Rama", Label::Person), ("Rama", Label::Person)]);
        // Jordan the country and Michael Jordan in one document.
        let mut c = doc("c", "Michael Jordan visited Jordan. Jordan scored.", &[("Michael Jordan", Label::Person), ("Jordan", Label::Gpe), ("Jordan", Label::Person)]);
        for d in [&mut a, &mut b, &mut c] {
            linker.link_document(d);
        }
        let keys = |d: &Document| d.mentions.iter().map(|m| m.entity_key.clone()).collect::<Vec<_>>();
        assert_eq!(keys(&a), ["PERSON|edi rama", "PERSON|edi rama"]);
        assert_eq!(keys(&b), ["PERSON|ilir rama", "PERSON|ilir rama"]);
        assert_eq!(keys(&c), ["PERSON|michael jordan", "GPE|jordan", "PERSON|michael jordan"]);
        let mut catalog = Catalog::default();
        for d in [&a, &b, &c] {
            catalog.add_document(d).unwrap();
        }
        let entities: Vec<_> = catalog.resolve(true, &UserLinks::default()).unwrap().entities().unwrap().map(|e| e.unwrap().canonical).collect();
        assert_eq!(entities.len(), 4, "{entities:?}");
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
        catalog.add_document(&a).unwrap();
        let resolution = catalog.resolve(true, &UserLinks::default()).unwrap();
        let entities: Vec<EntityRow> = resolution.entities().unwrap().map(Result::unwrap).collect();
        assert_eq!(entities[0].canonical, "Tehran");
    }

    #[test]
    fn a_hyphenated_surname_alone_is_the_full_name_it_ends() {
        // Hunter R: "Babajide Sanwo-Olu ... Sanwo-Olu said" were two entities (the key of the
        // surname, "sanwo olu", read as a full name of two words).
        let linker = linker();
        let mut a = doc("a", "Governor Babajide Sanwo-Olu opened the road. Sanwo-Olu said it would help.", &[("Babajide Sanwo-Olu", Label::Person), ("Sanwo-Olu", Label::Person)]);
        linker.link_document(&mut a);
        assert_eq!(a.mentions[1].entity_key, a.mentions[0].entity_key);
        // (Nor does a hyphenated name's first half stand for it: "Sanwo" is another person.)
        let mut b = doc("b", "Ade Sanwo-Olu met Tola Sanwo. Sanwo left.", &[("Ade Sanwo-Olu", Label::Person), ("Tola Sanwo", Label::Person), ("Sanwo", Label::Person)]);
        linker.link_document(&mut b);
        assert_eq!(b.mentions[2].entity_key, b.mentions[1].entity_key);
        // (A first name of one and a surname of another is neither's; a hyphenated name tagged
        // alone still gives its last word.)
        let mut d = doc("d", "Jean-Pierre Raffarin met Karine Jean-Pierre. Jean-Pierre praised her.", &[("Jean-Pierre Raffarin", Label::Person), ("Karine Jean-Pierre", Label::Person), ("Jean-Pierre", Label::Person)]);
        linker.link_document(&mut d);
        assert_eq!(d.mentions[2].entity_key, "PERSON|jean pierre");
        let mut e = doc("e", "Abdel Fattah el-Sisi spoke. Sisi left.", &[("Abdel Fattah", Label::Person), ("el-Sisi", Label::Person), ("Sisi", Label::Person)]);
        linker.link_document(&mut e);
        assert_eq!(e.mentions[2].entity_key, e.mentions[1].entity_key);
        // (A particle's name still links by its last word: "Assad" of "Bashar al-Assad".)
        let mut c = doc("c", "Bashar al-Assad spoke. Assad left.", &[("Bashar al-Assad", Label::Person), ("Assad", Label::Person)]);
        linker.link_document(&mut c);
        assert_eq!(c.mentions[1].entity_key, c.mentions[0].entity_key);
    }

    #[test]
    fn a_given_name_used_alone_is_the_one_full_name_it_opens() {
        let linker = linker();
        let key = |d: &Document, i: usize| d.mentions[i].entity_key.clone();
        let mut a = doc("a", "Mahathir Mohamad spoke. Mahathir said no.", &[("Mahathir Mohamad", Label::Person), ("Mahathir", Label::Person)]);
        linker.link_document(&mut a);
        assert_eq!(key(&a, 1), "PERSON|mahathir mohamad");
        // Two full names open with it: neither; a surname of one: the surname rule's.
        let mut b = doc("b", "John Smith and John Brown met. John left.", &[("John Smith", Label::Person), ("John Brown", Label::Person), ("John", Label::Person)]);
        linker.link_document(&mut b);
        assert_eq!(key(&b, 2), "PERSON|john");
        let mut c = doc("c", "Elton John met Elton Keys. John sang.", &[("Elton John", Label::Person), ("Elton Keys", Label::Person), ("John", Label::Person)]);
        linker.link_document(&mut c);
        assert_eq!(key(&c, 2), "PERSON|elton john");
        // A tagging slip is no full name ("Merz wird").
        let mut d = doc("d", "Merz wird reden. Merz sprach.", &[("Merz wird", Label::Person), ("Merz", Label::Person)]);
        linker.link_document(&mut d);
        assert_eq!(key(&d, 1), "PERSON|merz");
    }

    #[test]
    fn a_short_word_in_lower_case_is_no_abbreviated_place() {
        // Regression: "Baton Rouge, La." gave "La" the key of Los Angeles (its alias "L.A.").
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("cities.tsv"), "name\tcountry_iso2\tpopulation\taliases\nLos Angeles\tUS\t3971883\tL.A.\n").unwrap();
        let linker = Linker::build(&AggregateConfig::default(), &Gazetteer::load(Some(dir.path())).unwrap());
        let mut a = doc("a", "Baton Rouge, La. and L.A.", &[("La", Label::Gpe), ("L.A.", Label::Gpe)]);
        linker.link_document(&mut a);
        assert_eq!(a.mentions[0].entity_key, "GPE|la");
        assert_eq!(a.mentions[1].entity_key, "GPE|los angeles");
    }
}
