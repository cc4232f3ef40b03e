//! The tag stage's settings (`[tag]` in pipeline.toml): the backend and its options.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct TagConfig {
    /// Off: no mentions, no entities.
    pub enabled: bool,
    /// The tagger backend and its options (`backend = "ruler"`).
    pub tagger: TaggerConfig,
    /// `YYYY-MM-DD`: relative dates ("Wednesday", "last July") of documents with no publication
    /// date are read against this one (a string, or a TOML date written bare).
    #[serde(deserialize_with = "date_as_text")]
    pub reference_date: Option<String>,
    /// The languages (ISO 639-3) of the documents tagged: a document found to be in another
    /// (documents.language) gets no mentions, as the English model's entities in it would be
    /// noise. Empty: every document is tagged.
    pub languages: Vec<String>,
}

impl Default for TagConfig {
    fn default() -> Self {
        TagConfig { enabled: true, tagger: TaggerConfig::Model(ModelConfig::default()), reference_date: None, languages: vec!["eng".into()] }
    }
}

/// A date written as a string ("2024-01-31") or bare, as TOML's own date (2024-01-31).
fn date_as_text<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged, expecting = "a date as \"YYYY-MM-DD\"")]
    enum Written {
        Text(String),
        Date(toml::value::Datetime),
    }
    Ok(Some(match Written::deserialize(deserializer)? {
        Written::Text(text) => text,
        Written::Date(date) => date.to_string(),
    }))
}

impl TagConfig {
    /// `reference_date` as a date (`None` also when it is no `YYYY-MM-DD` date: the config check says so).
    pub fn reference_date(&self) -> Option<chrono::NaiveDate> {
        self.reference_date.as_deref().and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
    }

    /// A document in `language` is tagged.
    pub fn tags(&self, language: Option<&str>) -> bool {
        self.languages.is_empty() || language.is_none_or(|language| self.languages.iter().any(|tagged| tagged.eq_ignore_ascii_case(language)))
    }
}

/// A tagger backend, chosen by `backend = "..."` (`model` when not given). Read by
/// [`TaggerConfig::deserialize`], which reads each key straight into its type so that an error
/// names the full key (`tag.tagger.model`) and its line, as everywhere else in the config.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(tag = "backend", rename_all = "lowercase")]
pub enum TaggerConfig {
    /// spaCy's en_core_web CNN NER network, run in Rust (the default).
    Model(ModelConfig),
    /// Phrase and token patterns with labels, like spaCy's EntityRuler.
    Ruler(RulerConfig),
}

/// The `backend` key's values.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
enum Backend {
    Model,
    Ruler,
}

impl Backend {
    fn name(self) -> &'static str {
        match self {
            Backend::Model => "model",
            Backend::Ruler => "ruler",
        }
    }
}

const MODEL_KEYS: [&str; 4] = ["model", "weights_dir", "post", "ruler"];
const RULER_KEYS: [&str; 5] = ["builtin_patterns", "patterns", "gazetteer", "min_city_population", "ignore_case"];

impl<'de> Deserialize<'de> for TaggerConfig {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<TaggerConfig, D::Error> {
        deserializer.deserialize_map(TaggerVisitor)
    }
}

struct TaggerVisitor;

impl<'de> serde::de::Visitor<'de> for TaggerVisitor {
    type Value = TaggerConfig;

    fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
        formatter.write_str("a table with an optional `backend` (\"model\" or \"ruler\") and that backend's keys")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<TaggerConfig, A::Error> {
        let mut backend: Option<Backend> = None;
        let (mut model, mut ruler) = (ModelConfig::default(), RulerConfig::default());
        // Keys read before `backend`, with the backend they belong to.
        let mut seen: Vec<(String, Backend)> = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            let owner = match key.as_str() {
                "backend" => {
                    let chosen: Backend = map.next_value()?;
                    if let Some((other, _)) = seen.iter().find(|(_, owner)| *owner != chosen) {
                        return Err(serde::de::Error::custom(format!(
                            "key `tag.tagger.{other}`: backend \"{}\" has no such key (keys: {})",
                            chosen.name(),
                            keys_of(chosen)
                        )));
                    }
                    backend = Some(chosen);
                    continue;
                }
                key if MODEL_KEYS.contains(&key) => Backend::Model,
                key if RULER_KEYS.contains(&key) => Backend::Ruler,
                other => {
                    let message = format!("unknown key `{other}` (keys: backend, {}; {})", MODEL_KEYS.join(", "), RULER_KEYS.join(", "));
                    return map.next_value_seed(Reject(message)).map(|_: ()| unreachable!());
                }
            };
            let chosen = backend.unwrap_or(owner);
            if chosen != owner {
                let message = format!("backend \"{}\" has no key `{key}` (keys: {})", chosen.name(), keys_of(chosen));
                return map.next_value_seed(Reject(message)).map(|_: ()| unreachable!());
            }
            match key.as_str() {
                "model" => model.model = map.next_value()?,
                "weights_dir" => model.weights_dir = map.next_value()?,
                "post" => model.post = map.next_value()?,
                "ruler" => model.ruler = Some(map.next_value::<OverrideRuler>()?.0),
                "builtin_patterns" => ruler.builtin_patterns = map.next_value()?,
                "patterns" => ruler.patterns = map.next_value()?,
                "gazetteer" => ruler.gazetteer = map.next_value()?,
                "min_city_population" => ruler.min_city_population = map.next_value()?,
                _ => ruler.ignore_case = map.next_value()?,
            }
            seen.push((key, owner));
        }
        // `backend` is optional: "model" by default.
        let chosen = backend.unwrap_or(Backend::Model);
        if let Some((other, owner)) = seen.iter().find(|(_, owner)| *owner != chosen) {
            return Err(serde::de::Error::custom(format!(
                "key `tag.tagger.{other}`: backend \"{}\" (the default when `backend` is not set) has no such key; set backend = \"{}\"",
                chosen.name(),
                owner.name()
            )));
        }
        Ok(match chosen {
            Backend::Model => TaggerConfig::Model(model),
            Backend::Ruler => TaggerConfig::Ruler(ruler),
        })
    }
}

fn keys_of(backend: Backend) -> String {
    match backend {
        Backend::Model => MODEL_KEYS.join(", "),
        Backend::Ruler => RULER_KEYS.join(", "),
    }
}

/// A value that is always refused with `message`: the error is raised while the value is read,
/// so that it carries the value's key path and line.
struct Reject(String);

impl<'de> serde::de::DeserializeSeed<'de> for Reject {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

macro_rules! reject {
    ($($method:ident($($ty:ty)?)),*) => {
        $(fn $method<E: serde::de::Error>(self $(, _: $ty)?) -> Result<(), E> {
            Err(E::custom(self.0))
        })*
    };
}

impl<'de> serde::de::Visitor<'de> for Reject {
    type Value = ();

    fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
        formatter.write_str(&self.0)
    }

    reject!(visit_bool(bool), visit_i64(i64), visit_u64(u64), visit_f64(f64), visit_str(&str), visit_unit());

    fn visit_seq<S: serde::de::SeqAccess<'de>>(self, _: S) -> Result<(), S::Error> {
        Err(serde::de::Error::custom(self.0))
    }

    fn visit_map<M: serde::de::MapAccess<'de>>(self, _: M) -> Result<(), M::Error> {
        Err(serde::de::Error::custom(self.0))
    }
}

/// Which exported spaCy network to run.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum ModelName {
    /// en_core_web_sm 3.8.0: smaller and faster.
    Sm,
    /// en_core_web_md 3.8.0: the sm network plus static word vectors; better on news.
    #[default]
    Md,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct ModelConfig {
    /// `md` or `sm`.
    pub model: ModelName,
    /// A directory of exported weights (scripts/export_model.py); unset: the copy of
    /// resources/ner/<model> built into the binary.
    pub weights_dir: Option<PathBuf>,
    /// Post-passes over the network's output (each measured on tests/eval; see docs/tagger-quality.md).
    pub post: PostPassConfig,
    /// Optional ruler run after the network: its matches override or add labels.
    pub ruler: Option<RulerConfig>,
}

impl Default for ModelConfig {
    fn default() -> Self {
        ModelConfig { model: ModelName::Md, weights_dir: None, post: PostPassConfig::default(), ruler: None }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct PostPassConfig {
    /// Within a document, a name seen with one label keeps it (a surname alone gets the label of
    /// the full name seen earlier).
    pub consistency: bool,
    /// Exact country/capital names are GPE and demonyms NORP (from the gazetteer).
    pub gazetteer_labels: bool,
    /// Durations and ages ("two years", "24 hours", "60 years old") are dropped (the contract's
    /// DATE/TIME are points in time), and a figure with a thousands separator ("1,785.39") is
    /// CARDINAL, as is a whole number of five digits or more ("the 80486 chip").
    pub drop_durations: bool,
    /// A year tagged CARDINAL after "in", "since", "by"... or after a month and day is a DATE;
    /// a day tagged without the date in digits written after it ("Friday 08/29/2014") takes it,
    /// and with the part of the day after it ("Saturday night") is one TIME.
    pub years: bool,
    /// An amount tagged MONEY that is a number and "per cent" (British, Indian, Australian...
    /// spelling), with no currency, is a PERCENT.
    pub per_cent: bool,
    /// An amount in a currency written before it that the network rarely saw ("Rs 500 crore",
    /// "KSh 3 billion", "₦45,000", "R2.5 billion") is one MONEY mention, currency and all.
    pub currencies: bool,
    /// A place's name and a club's word, tagged a place ("Manchester City", "Bristol Rovers",
    /// "Leeds United"), is the club (ORG), unless the gazetteer knows the whole name as a place
    /// ("Kansas City", "Mexico City").
    pub clubs: bool,
    /// A place's name in capitals opening a dateline ("KINGSTON, Jamaica —", "HARARE -",
    /// "KATHMANDU: Police ...") that the network tagged an organisation or a person, or left
    /// untagged, is a place (GPE), when the gazetteer knows it.
    pub datelines: bool,
    /// A place of the gazetteer of two words or more (a country, a state or province, a city)
    /// that the network tagged a person or a nationality, cut in two ("Cape" LOC + "Town"
    /// PERSON, "Nova" NORP + "Scotia" PERSON) or cut short ("Tamil" of "Tamil Nadu") is one
    /// place, GPE, when a part is a place already, the document labels it a place elsewhere, or
    /// writes "in", "near", "across"... before it; a country's name or its people's alone
    /// tagged a person ("Jordan's solidarity with Oman", "Omani officials") is the country or
    /// the people where the story names a nation and no person whose name holds the word.
    pub place_names: bool,
    /// A common noun of places alone tagged a name ("County", "Town", "City", "Island") is no
    /// entity: it would join every document's "County" into one.
    pub generic_nouns: bool,
    /// A Title Case headline tagged whole, or most of it, as one name ("Police Force Under
    /// Scrutiny" ORG) is no entity.
    pub headline_names: bool,
    /// Words that refer to the present, the past or the future as such ("now", "currently",
    /// "recently", "soon", "in recent years", "the near term"), which the network leaves
    /// untagged, are DATE mentions valued `PRESENT_REF`, `PAST_REF` or `FUTURE_REF`, as TimeML
    /// tags them. Off by default: most paragraphs of news hold one, and each is its document's
    /// own entity.
    pub time_references: bool,
}

impl Default for PostPassConfig {
    fn default() -> Self {
        PostPassConfig { consistency: true, gazetteer_labels: false, drop_durations: true, years: true, per_cent: true, currencies: true, clubs: true, datelines: true, place_names: true, generic_nouns: true, headline_names: true, time_references: false }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct RulerConfig {
    /// Use the built-in general patterns (dates, times, amounts, titled names, organisations).
    pub builtin_patterns: bool,
    /// Extra JSONL pattern files: `{"label": "ORG", "pattern": "Acme Corp."}` (phrase) or
    /// `{"label": "GPE", "pattern": [{"LOWER": "new"}, {"LOWER": "york"}]}` (tokens).
    pub patterns: Vec<PathBuf>,
    /// Turn the gazetteer's countries, capitals, cities, regions and demonyms into phrase patterns.
    pub gazetteer: bool,
    /// Smallest city population taken from the gazetteer as a GPE pattern.
    pub min_city_population: u64,
    /// Phrase patterns match case-insensitively (spaCy's `phrase_matcher_attr = "LOWER"`).
    pub ignore_case: bool,
}

/// `[tag.tagger.ruler]`, the ruler over the network: the user's patterns only unless they ask
/// for the built-in ones or the gazetteer's (those would change mentions no pattern of theirs
/// names), where the ruler backend has both by default.
struct OverrideRuler(RulerConfig);

impl<'de> Deserialize<'de> for OverrideRuler {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<OverrideRuler, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Keys {
            #[serde(default)]
            builtin_patterns: bool,
            #[serde(default)]
            patterns: Vec<PathBuf>,
            #[serde(default)]
            gazetteer: bool,
            min_city_population: Option<u64>,
            #[serde(default)]
            ignore_case: bool,
        }
        let keys = Keys::deserialize(deserializer)?;
        let defaults = RulerConfig::default();
        Ok(OverrideRuler(RulerConfig {
            builtin_patterns: keys.builtin_patterns,
            patterns: keys.patterns,
            gazetteer: keys.gazetteer,
            min_city_population: keys.min_city_population.unwrap_or(defaults.min_city_population),
            ignore_case: keys.ignore_case,
        }))
    }
}

impl Default for RulerConfig {
    fn default() -> Self {
        RulerConfig {
            builtin_patterns: true,
            patterns: Vec::new(),
            gazetteer: true,
            min_city_population: 100_000,
            ignore_case: false,
        }
    }
}
