//! Post-passes over a document's mentions, after the backend and the span conventions.
//! Each one is general (no names from any corpus), switchable in `[tag.tagger.post]`, and kept
//! only because it raised F1 on `tests/eval` (see the README's tagger section).

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use super::PostPassConfig;
use crate::document::{Document, Label, Mention, Span};
use crate::gazetteer::Gazetteer;

pub struct PostPasses {
    config: PostPassConfig,
    duration: Regex,
    /// Exact country names, aliases and capitals → GPE; demonyms → NORP.
    place_labels: HashMap<String, Label>,
    /// Name keys of the gazetteer's places: countries, states and provinces, cities (for
    /// `clubs`, `datelines` and `place_names`).
    places: std::collections::HashSet<String>,
    /// Countries' names (GPE) and their peoples' (NORP), exactly as written (for `place_names`).
    nations: HashMap<String, Label>,
}

/// Words before a name that make it a place ("lives in Cape Town", "a village near Kota Bharu").
/// (Not "to", "from", "for", "at" or "of": "a tribute to Jose Rizal", "a letter from Juan Díaz",
/// "posters for Carlos Chagas", "the son of Miguel Hidalgo".)
const PLACE_PREPOSITIONS: &[&str] = &["in", "near", "across", "outside", "around", "throughout", "within"];

/// The last words of a sports club's name after its town's ("Manchester City", "Leeds United").
const CLUB_WORDS: &[&str] = &["City", "United", "Rovers", "Athletic", "Wanderers", "Albion", "Rangers"];

fn is_name_label(label: Label) -> bool {
    matches!(label, Label::Person | Label::Org | Label::Gpe | Label::Loc | Label::Norp | Label::Fac)
}

impl PostPasses {
    pub fn new(config: &PostPassConfig, gazetteer: &Gazetteer) -> PostPasses {
        let number = r"(?:\d[\d,.]*|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|a hundred|several|a few|few|many|a couple of|couple of|some|dozens of|hundreds of|thousands of|half an?|another|an extra|an additional)";
        let unit = r"(?:seconds?|minutes?|hours?|days?|nights?|weeks?|fortnights?|months?|quarters?|years?|decades?|century|centuries)";
        // (Words before an amount of time that keep it one: "at least another year", "my 40
        // years", "within half an hour"; and after it: "a few more years", "under two years of
        // age", "nine months to five years".)
        let before = r"(?:(?:about|around|nearly|almost|roughly|more than|less than|over|under|at least|up to|another|an additional|an extra|only|just|within|for|the|my|his|her|their|our|its|your|past|last|latest|next|previous|coming|first|final|full|entire|whole|comparable|year-earlier|year-ago)\s+)*";
        // ("Eight trading days", "two straight years", "the next two years or so".)
        let amount = format!(
            r"{number}(?:[\s-]*(?:-|to|and|or)[\s-]*{number})?(?:[\s-]+(?:more|extra|additional|full|long|and a half|trading|business|working|calendar|straight|consecutive|successive))*[\s-]+{unit}(?:\s+or so)?"
        );
        // How often, not when ("annual", "quarterly", "every month": TIMEX3's sets, no date).
        let frequency = r"|(?i)^(?:annual|annually|annualized|biannual|biennial|semiannual|semiannually|daily|nightly|weekly|biweekly|monthly|bimonthly|quarterly|yearly|hourly)$|(?i)^(?:each|every|per)\s+(?:other\s+)?(?:second|minute|hour|day|night|week|month|quarter|year|decade)$";
        // ("The past 20 months alone"; not "a year earlier", "three days later": points in
        // time, counted from the one the text tells of.)
        let counted = r"(?:\s+alone)?";
        let duration = Regex::new(&format!(
            r"(?i)^{before}{amount}(?:\s+(?:to|and|or)\s+{amount})?(?:[\s-]+(?:old|long|of age|and a half))?{counted}$|(?i)^{number}[\s-]+{unit}-old$|(?i)^{unit}-long$|(?i)^(?:the )?(?:past |last |coming |recent |many |several |few )*(?:seconds|minutes|hours|days|nights|weeks|months|quarters|years|decades|centuries){counted}${frequency}"
        ))
        .expect("duration pattern");
        let places = if config.clubs || config.datelines || config.place_names { gazetteer.places().keys().cloned().collect() } else { Default::default() };
        let nations = if config.place_names {
            gazetteer.place_labels().into_iter().filter(|(name, label)| *label == Label::Norp || gazetteer.is_country(&crate::document::name_key(name))).collect()
        } else {
            HashMap::new()
        };
        PostPasses { config: config.clone(), duration, place_labels: if config.gazetteer_labels { gazetteer.place_labels() } else { HashMap::new() }, places, nations }
    }

    /// An amount of time or a frequency, not a point in time ("the past five years", "annual");
    /// "the 1988 quarter" is one quarter, its year no count of quarters.
    fn is_duration(&self, mention: &str) -> bool {
        static YEAR_QUARTER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)\b(?:1[6-9]|20)\d\d\s+quarter").expect("year quarter pattern"));
        self.duration.is_match(mention) && !YEAR_QUARTER.is_match(mention)
    }

    pub fn apply(&self, doc: &mut Document) {
        if self.config.drop_durations {
            let text = &doc.text;
            doc.mentions.retain(|m| {
                let mention = &text[m.span.clone()];
                !(matches!(m.label, Label::Date | Label::Time) && (self.is_duration(mention) || is_age(mention) || is_phone_number(mention) || is_time_adjective(mention)))
            });
            // (An index's or a price's figure tagged DATE is the number it is: "1,785.39".)
            for mention in doc.mentions.iter_mut().filter(|m| matches!(m.label, Label::Date | Label::Time)) {
                if is_figure(&doc.text[mention.span.clone()]) {
                    mention.label = Label::Cardinal;
                }
            }
        }
        if self.config.years {
            for mention in doc.mentions.iter_mut().filter(|m| m.label == Label::Cardinal) {
                if is_year_in_context(&doc.text, mention.span.clone()) {
                    mention.label = Label::Date;
                }
            }
            // "July 15" + ", " + "2022" in one sentence is one date.
            let mut i = 1;
            while i < doc.mentions.len() {
                let (previous, year) = (&doc.mentions[i - 1], &doc.mentions[i]);
                let joined = previous.label == Label::Date && year.label == Label::Date && previous.sent_idx == year.sent_idx
                    && doc.text[previous.span.end..year.span.start].trim() == ","
                    && is_year_in_context(&doc.text, year.span.clone());
                if joined {
                    doc.mentions[i - 1].span.end = doc.mentions[i].span.end;
                    doc.mentions.remove(i);
                } else {
                    i += 1;
                }
            }
            // A day tagged without the date in digits written after it ("Friday" of "Friday
            // 08/29/2014 at 9:22PM") is that date (and a time after it is on that day).
            static DIGITS_DATE: std::sync::LazyLock<regex::Regex> =
                std::sync::LazyLock::new(|| regex::Regex::new(r"^ \d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})\b").expect("valid pattern"));
            for i in 0..doc.mentions.len() {
                let mention = &doc.mentions[i];
                let until = doc.mentions.get(i + 1).map_or(usize::MAX, |next| next.span.start).min(doc.sentences[mention.sent_idx].span.end);
                let Some(after) = doc.text.get(mention.span.end..until).filter(|_| mention.label == Label::Date) else { continue };
                if let Some(found) = DIGITS_DATE.find(after) {
                    let end = mention.span.end + found.end();
                    // (Read as the day it names: "Friday 04/12/2020" read month first is a Sunday.)
                    let weekday = doc.text[mention.span.clone()].trim().parse::<chrono::Weekday>().ok();
                    let date = crate::stages::clean::metadata::find_date(&doc.text[mention.span.start..end]);
                    if date.is_some_and(|date| weekday.is_none_or(|day| chrono::Datelike::weekday(&date) == day)) {
                        doc.mentions[i].span.end = end;
                    }
                }
            }
            day_and_its_part(doc);
            decades_with_an_apostrophe(doc);
        }
        if self.config.per_cent {
            for mention in doc.mentions.iter_mut().filter(|m| m.label == Label::Money) {
                if is_per_cent(&doc.text[mention.span.clone()]) {
                    mention.label = Label::Percent;
                }
            }
        }
        if self.config.currencies {
            currency_amounts(doc);
        }
        if self.config.gazetteer_labels {
            for mention in &mut doc.mentions {
                if let Some(&label) = self.place_labels.get(&doc.text[mention.span.clone()]) {
                    if is_name_label(mention.label) {
                        mention.label = label;
                    }
                }
            }
        }
        if self.config.clubs {
            for mention in doc.mentions.iter_mut().filter(|m| matches!(m.label, Label::Gpe | Label::Loc)) {
                let name = &doc.text[mention.span.clone()];
                let Some((town, club)) = name.rsplit_once(' ') else { continue };
                let key = crate::document::name_key;
                if CLUB_WORDS.contains(&club) && self.places.contains(&key(town)) && !self.places.contains(&key(name)) {
                    mention.label = Label::Org;
                }
            }
        }
        if self.config.datelines {
            let speakers = transcript_speakers(&doc.text);
            let dateline = |text: &str, span: Span| opens_a_dateline(text, span.clone()) || opens_a_short_dateline(text, span.clone()) && (!speakers || first_speaker_once(text, span));
            for mention in doc.mentions.iter_mut().filter(|m| matches!(m.label, Label::Org | Label::Person | Label::Norp)) {
                if dateline(&doc.text, mention.span.clone()) && self.places.contains(&crate::document::name_key(&doc.text[mention.span.clone()])) {
                    mention.label = Label::Gpe;
                }
            }
            // (A dateline's place the network left untagged: "COLOMBO: Police arrested ...".)
            let taken = Spans::of(doc.mentions.iter().map(|m| m.span.clone()));
            let added: Vec<Mention> = doc
                .sentences
                .iter()
                .enumerate()
                .filter_map(|(sent_idx, sentence)| {
                    let opening = &doc.text[sentence.span.clone()];
                    let name_len = opening.find(|c: char| !(c.is_uppercase() || c == ' ' || c == '-' || c == '\'')).unwrap_or(0);
                    let span = sentence.span.start..sentence.span.start + opening[..name_len].trim_end().len();
                    let known = !span.is_empty() && self.places.contains(&crate::document::name_key(&doc.text[span.clone()]));
                    (known && !taken.overlaps(&span) && dateline(&doc.text, span.clone())).then(|| Mention { span, label: Label::Gpe, sent_idx, entity_key: String::new(), value: None })
                })
                .collect();
            if !added.is_empty() {
                doc.mentions.extend(added);
                doc.mentions.sort_by_key(|m| (m.span.start, m.span.end));
            }
        }
        if self.config.place_names {
            self.place_names(doc);
        }
        if self.config.consistency {
            consistency(doc, &|name: &str| self.places.contains(&crate::document::name_key(name)));
            storms_named_alone(doc);
        }
        if self.config.generic_nouns {
            let text = &doc.text;
            doc.mentions.retain(|m| !(is_name_label(m.label) && is_generic_noun(&text[m.span.clone()])));
        }
        if self.config.time_references {
            time_references(doc);
        }
        if self.config.headline_names {
            if let Some(title) = doc.title.clone() {
                let text = &doc.text;
                doc.mentions.retain(|m| !(m.span.start >= title.start && m.span.end <= title.end && headline_taken_for_a_name(&text[title.clone()], &text[m.span.clone()])));
            }
        }
    }

    /// See [`PostPassConfig::place_names`]. (Two words or more: "Jordan", "Georgia" or "Paris"
    /// alone can be a person, unless a country's name the story shows is no one's; a saint's
    /// name, "St. Paul", only where the text places it. A name no mention of the document labels
    /// a place is one only where a preposition of place stands before it somewhere, the name
    /// whole: cities are named after people, "Miguel Hidalgo", "Vicente López"; not "in Juan
    /// Díaz's absence", nor "in Jose Rizal Park".)
    fn place_names(&self, doc: &mut Document) {
        let known = |text: &str| {
            let key = crate::document::name_key(text);
            // ("St Catherine" is the gazetteer's Saint Catherine.)
            let spelt_out = || match key.split_once(' ') {
                Some(("st", rest)) => self.places.contains(&format!("saint {rest}")),
                Some(("ste", rest)) => self.places.contains(&format!("sainte {rest}")),
                _ => false,
            };
            key.contains(' ') && (self.places.contains(&key) || spelt_out())
        };
        let saint = |text: &str| crate::document::name_key(text).split(' ').next().is_some_and(|word| super::spans::SAINT_WORDS.contains(&word));
        let placed_in_text = |text: &str, mentions: &[Mention]| {
            // (A saint's name labelled a place before "'s" says little: "St. Peter's Basilica".)
            let possessive = |m: &Mention| doc.text[m.span.end..].starts_with(['\'', '’']);
            let labelled = mentions.iter().any(|m| matches!(m.label, Label::Gpe | Label::Loc) && doc.text[m.span.clone()] == *text && !(saint(text) && possessive(m)));
            // (Or in a list between two places: "in Clarendon, St Catherine and Hanover"; not
            // "In Mexico, Emiliano Zapata and Pancho Villa ...".)
            let list = |between: &str| matches!(between, ", " | " and " | ", and ");
            // (A saint's name may end the list: "from Warrington and St Helens."; not open a
            // clause after a place, "In England, St George was ...".)
            let listed_between_places = |at: usize| {
                let end = at + text.len();
                let place = |m: &&Mention| matches!(m.label, Label::Gpe | Label::Loc);
                let before = mentions.iter().rev().find(|m| m.span.end <= at).filter(place).is_some_and(|m| list(&doc.text[m.span.end..at]));
                let after = mentions.iter().find(|m| m.span.start >= end).filter(place).is_some_and(|m| list(&doc.text[end..m.span.start]));
                let rest = &doc.text[end..];
                let list_ends = rest.is_empty() || rest.starts_with([',', '.', ';', ':', ')', '\n']) || rest.starts_with(" and ") || rest.starts_with(" or ");
                before && (after || saint(text) && list_ends)
            };
            labelled
                || doc.text.match_indices(text).any(|(at, _)| {
                    let before = doc.text[..at].split_whitespace().next_back().unwrap_or("").to_lowercase();
                    let after = &doc.text[at + text.len()..];
                    let next_word = after.trim_start_matches([',', ' ']).split_whitespace().next().unwrap_or("");
                    let whole = !after.starts_with(|c: char| c.is_alphanumeric() || matches!(c, '\'' | '’' | '-'))
                        && !(after.starts_with(' ') && next_word.starts_with(char::is_uppercase));
                    (PLACE_PREPOSITIONS.contains(&before.as_str()) || listed_between_places(at)) && whole
                })
        };
        // Two mentions a space apart that together name a place (one of them a place already,
        // or the name placed so in the text); two places an "and" apart that name one
        // ("Trinidad and Tobago": Trinidad alone was placed in Bolivia).
        let mut i = 1;
        while i < doc.mentions.len() {
            let (first, second) = (&doc.mentions[i - 1], &doc.mentions[i]);
            let between = &doc.text[first.span.end..second.span.start];
            let is_place = |m: &Mention| matches!(m.label, Label::Gpe | Label::Loc);
            let joined = first.sent_idx == second.sent_idx
                && is_name_label(first.label)
                && is_name_label(second.label)
                && (between == " " || matches!(between, " and " | " & ") && is_place(first) && is_place(second));
            let name = &doc.text[first.span.start..second.span.end];
            let place_part = is_place(first) || is_place(second);
            // (A saint's name only where the text places it: "St. Paul wrote" is the apostle.)
            // (Read last, for the few pairs that are a known place's name: it searches the whole
            // text, and reading it for every pair made long documents quadratic.)
            let placed = || if saint(name) { placed_in_text(name, &doc.mentions) } else { place_part || placed_in_text(name, &doc.mentions) };
            if joined && known(name) && placed() {
                doc.mentions[i - 1].span.end = doc.mentions[i].span.end;
                doc.mentions[i - 1].label = Label::Gpe;
                doc.mentions.remove(i);
            } else {
                i += 1;
            }
        }
        // A place cut short before the next word of its name ("Cape" of "battles for Cape Town").
        for i in 0..doc.mentions.len() {
            let mention = &doc.mentions[i];
            let next_start = doc.mentions.get(i + 1).map_or(doc.text.len(), |next| next.span.start);
            let sentence_end = doc.sentences[mention.sent_idx].span.end.min(next_start);
            let rest = &doc.text[mention.span.end..sentence_end];
            let Some(word) = rest.strip_prefix(' ').and_then(|rest| rest.split(|c: char| !c.is_alphanumeric()).next()) else { continue };
            let end = mention.span.end + 1 + word.len();
            if matches!(mention.label, Label::Gpe | Label::Loc) && word.starts_with(char::is_uppercase) && known(&doc.text[mention.span.start..end]) && !saint(&doc.text[mention.span.start..end]) {
                doc.mentions[i].span.end = end;
                doc.mentions[i].label = Label::Gpe;
            }
        }
        // A place tagged a person or a nationality.
        let relabelled: Vec<usize> = (0..doc.mentions.len())
            .filter(|&i| {
                let name = &doc.text[doc.mentions[i].span.clone()];
                // (A saint's name the text places is a place the gazetteer may not know: a
                // parish, "St Catherine", a town.)
                matches!(doc.mentions[i].label, Label::Person | Label::Norp) && (known(name) || saint(name) && name.contains(' ')) && placed_in_text(name, &doc.mentions)
            })
            .collect();
        for i in relabelled {
            doc.mentions[i].label = Label::Gpe;
        }
        // A country's name alone tagged a person, or its people's ("Jordan's solidarity with
        // Oman", "Omani officials"), is the country or the people where the story names another
        // nation or this one and no person whose name holds the word ("Michael Jordan ...
        // Jordan scored" stays a person).
        let nation_of = |m: &Mention| self.nations.get(&doc.text[m.span.clone()]).copied();
        // (Or written as a person's name the tagger missed anywhere: after or before another
        // name, "Pallo Jordan, 62" on a line of its own, "Will Jordan", "By Jordan Smith"; with an
        // age or a relative clause, "Chad, 58,", "Jordan, who asked ..."; before a nickname.)
        let name_word = |word: &str| {
            use crate::stages::clean::metadata::{common_word, given_name_word};
            word.starts_with(char::is_uppercase) && word.chars().all(char::is_alphabetic) && (!common_word(word) || given_name_word(word))
        };
        let written_as_a_persons_name = |word: &str| {
            doc.text.match_indices(word).any(|(at, _)| {
                let before = doc.text[..at].strip_suffix(' ').and_then(|before| before.rsplit([' ', '\n']).next()).unwrap_or("");
                let rest = &doc.text[at + word.len()..];
                let next = rest.strip_prefix(' ').and_then(|rest| rest.split([' ', '\n', ',', '.', '\'', '’']).next()).unwrap_or("");
                let described = rest.strip_prefix(", ").is_some_and(|clause| clause.starts_with(|c: char| c.is_ascii_digit()) || clause.starts_with("who ") || clause.starts_with("whose "));
                name_word(before) || name_word(next) && next != word || described || rest.starts_with(" \"") || rest.starts_with(" “")
            })
        };
        let in_a_persons_name = |word: &str| {
            written_as_a_persons_name(word) || doc.mentions.iter().any(|m| m.label == Label::Person && doc.text[m.span.clone()].split_whitespace().nth(1).is_some() && doc.text[m.span.clone()].split_whitespace().any(|w| w == word))
        };
        let relabelled: Vec<(usize, Label)> = (0..doc.mentions.len())
            .filter(|&i| doc.mentions[i].label == Label::Person)
            .filter_map(|i| {
                let label = nation_of(&doc.mentions[i])?;
                let name = &doc.text[doc.mentions[i].span.clone()];
                let named_as_a_nation = doc.mentions.iter().any(|m| matches!(m.label, Label::Gpe | Label::Norp) && nation_of(m).is_some());
                (named_as_a_nation && !in_a_persons_name(name)).then_some((i, label))
            })
            .collect();
        for (i, label) in relabelled {
            doc.mentions[i].label = label;
        }
    }
}

/// A place's name in capitals opening a line before a dateline's dash ("KINGSTON, Jamaica —",
/// "HARARE -", "MONTREAL (AP) —", "BRASILIA, Jan 9, 2024 (AFP) -", TASS's "TBILISI, November 30.
/// /TASS/."): the network often takes
/// such a name for an organisation.
/// (Not before a colon: "WARREN:" is a transcript's speaker, "LIVERPOOL (4-3-3):" a team sheet.)
fn opens_a_dateline(text: &str, span: Span) -> bool {
    static REST: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:,\s*[\p{L}.]+(?:\s[\p{L}.]+){0,3})?(?:,?\s*(?:\p{L}+\.?\s+\d{1,2}|\d{1,2}\s+\p{L}+\.?)(?:,?\s*\d{4})?)?(?:\s*(?:\([^()\n]{1,40}\)\s*)?[—–-]|\.?\s*/[\p{L} .-]{2,20}/)").expect("valid pattern")
    });
    let name = &text[span.clone()];
    let capitals = name.chars().filter(|c| c.is_alphabetic()).count() >= 2 && !name.chars().any(char::is_lowercase);
    // (Only the spaces before the name are read, not its whole line: a text without line breaks
    // would be read back to its start for every name.)
    let before = text[..span.start].trim_end_matches(|c: char| c.is_whitespace() && c != '\n');
    capitals && (before.is_empty() || before.ends_with('\n')) && REST.is_match(&text[span.end..])
}

/// A place's name in capitals opening a line, then a colon or a comma and the article's first
/// sentence ("KATHMANDU: Police arrested ...", "KAMPALA, Police arrested ..."), as South Asian,
/// Pacific and African papers write a dateline. (Not a team sheet, "WATFORD: Bachmann; Femenía,
/// ...", nor a list of clubs, "CHELSEA, Arsenal and Liverpool ...": a sentence's verb follows.)
fn opens_a_short_dateline(text: &str, span: Span) -> bool {
    let name = &text[span.clone()];
    let capitals = name.chars().filter(|c| c.is_alphabetic()).count() >= 3 && !name.chars().any(char::is_lowercase);
    let before = text[..span.start].trim_end_matches(|c: char| c.is_whitespace() && c != '\n');
    if !capitals || !(before.is_empty() || before.ends_with('\n')) {
        return false;
    }
    let rest = &text[span.end..];
    let line = rest.lines().next().unwrap_or("");
    let lowercase = |word: &&str| word.starts_with(char::is_lowercase) && !matches!(*word, "and" | "or" | "vs" | "v");
    match (line.strip_prefix(": "), line.strip_prefix(", ")) {
        // (Names and titles may fill its first words: "ISLAMABAD: Prime Minister Shehbaz Sharif
        // said ...". Not a speaker's words: "WARREN: I disagree.")
        (Some(sentence), _) => {
            let words: Vec<&str> = sentence.split_whitespace().take(8).collect();
            let speech = words.first().is_some_and(|w| matches!(w.trim_matches(|c: char| !c.is_alphabetic()), "I" | "We" | "You" | "My" | "Our" | "Well" | "Yes" | "No" | "Thank" | "Thanks"));
            words.first().is_some_and(|w| w.starts_with(char::is_uppercase)) && !speech && words.iter().skip(1).any(lowercase) && !sentence.chars().take(60).any(|c| c == ';')
        }
        (_, Some(sentence)) => {
            let words: Vec<&str> = sentence.split_whitespace().take(2).collect();
            words.len() == 2 && words[0].starts_with(char::is_uppercase) && lowercase(&words[1])
        }
        _ => false,
    }
}

/// The name opens the first line of the text that opens with a name in capitals and a colon, and
/// no other: a dateline over an interview's "Q:" and "A:", not a speaker of it.
fn first_speaker_once(text: &str, span: Span) -> bool {
    static SPEAKER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?m)^([\p{Lu}][\p{Lu} .'-]{0,40}):").expect("valid pattern"));
    let name = &text[span.clone()];
    let mut openings = SPEAKER.captures_iter(text).filter_map(|c| c.get(1));
    openings.next().is_some_and(|first| first.start() == span.start) && !openings.any(|other| other.as_str().trim() == name)
}

/// A transcript or an interview: lines opening with two names or more in capitals and a colon
/// ("WARREN: I think ...", "COLLINS: ...", "Q: ..."), where such a name is a speaker (a page of
/// several stories may open two with "KATHMANDU:").
fn transcript_speakers(text: &str) -> bool {
    static SPEAKER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?m)^([\p{Lu}][\p{Lu} .'-]{0,40})(?:\([^()\n]{1,20}\))?:").expect("valid pattern"));
    let mut names = SPEAKER.captures_iter(text).map(|c| c.get(1).map_or("", |m| m.as_str().trim()));
    names.next().is_some_and(|first| names.any(|other| other != first))
}

/// A storm's name alone tagged a person is the storm ("Hagupit" after "Typhoon Hagupit"); not a
/// place of its name ("Florence, South Carolina") nor the first or last name of a person the
/// document names in full ("Helene Cooper").
fn storms_named_alone(doc: &mut Document) {
    let key = |m: &Mention| crate::document::name_key(&doc.text[m.span.clone()]);
    let storms: std::collections::HashSet<String> = doc.mentions.iter().filter(|m| m.label == Label::Event).filter_map(|m| crate::document::storm_name(&doc.text[m.span.clone()]).map(crate::document::name_key)).collect();
    if storms.is_empty() {
        return;
    }
    let people: std::collections::HashSet<String> = doc.mentions.iter().filter(|m| m.label == Label::Person).map(key).filter(|name| name.contains(' ')).flat_map(|name| name.split(' ').map(str::to_string).collect::<Vec<_>>()).collect();
    let relabelled: Vec<usize> = (0..doc.mentions.len()).filter(|&i| doc.mentions[i].label == Label::Person && storms.contains(&key(&doc.mentions[i])) && !people.contains(&key(&doc.mentions[i]))).collect();
    for i in relabelled {
        doc.mentions[i].label = Label::Event;
    }
}

/// A Title Case headline the network took, whole or most of it, for one name ("Police Force
/// Under Scrutiny" ORG, "Bishop Urges Council To Hold Off on Naming New Parish" ORG): the whole
/// headline of three words or more, or five words or more with a small word no name holds
/// ("on", "to", "in"; a name may hold "of", "and", "for": "Organisation for Economic
/// Co-operation and Development").
fn headline_taken_for_a_name(headline: &str, mention: &str) -> bool {
    let words: Vec<&str> = mention.split_whitespace().collect();
    let whole = mention.trim() == headline.trim() && words.len() >= 3;
    let small_word = words.iter().skip(1).any(|w| w.starts_with(char::is_lowercase) && !matches!(*w, "of" | "the" | "and" | "for" | "de" | "du" | "des" | "la" | "le" | "von" | "van" | "der" | "da" | "di" | "y" | "e" | "&"));
    whole || words.len() >= 5 && small_word
}

/// A common noun of places alone, as the network tags it in "the County's plans" or "Town won
/// 2-0" (a club's short name): no entity of its own, which would join every document's
/// "County" into one.
fn is_generic_noun(mention: &str) -> bool {
    const GENERIC: &[&str] = &[
        "county", "town", "city", "island", "state", "province", "district", "region", "village", "borough", "parish",
        "municipality", "township", "country", "counties", "towns", "cities", "islands", "provinces", "districts", "regions",
        "villages",
    ];
    // ("the States" is the United States.)
    let word = mention.trim().trim_start_matches("the ").trim_start_matches("The ");
    !word.contains(' ') && GENERIC.contains(&word.to_lowercase().as_str())
}

/// "3.1 per cent", "about 95 per cent": a number and "per cent" and nothing of a currency.
fn is_per_cent(mention: &str) -> bool {
    let lower = mention.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    let Some(number) = ["per cent", "per-cent", "percent"].iter().find_map(|suffix| lower.strip_suffix(suffix)) else { return false };
    let number = ["about ", "around ", "nearly ", "almost ", "some ", "over ", "under ", "just ", "only ", "more than ", "less than "].iter().fold(number.trim(), |rest, word| rest.strip_prefix(word).unwrap_or(rest));
    number.chars().any(|c| c.is_ascii_digit()) && number.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | ' ' | '-'))
}

/// Amounts in a currency written before the number that the network, trained on American
/// news, rarely saw: rupees, shillings, naira, rand, taka, ringgit... ("Rs 500 crore", "KSh 3
/// billion", "₦45,000", "R2.5 billion"). It tags their numbers CARDINAL or QUANTITY and the
/// code ORG, or nothing. Each becomes one MONEY mention unless a mention reaches out of it
/// (then the network read the words otherwise, and is left alone). Dollars, pounds, euros and
/// yen it tags well.
fn currency_amounts(doc: &mut Document) {
    static AMOUNT: LazyLock<Regex> = LazyLock::new(|| {
        let scale = r"\s?(?:thousand|million|billion|trillion|lakhs?|crores?|bn|mn|m)\b";
        let number = r"\d+(?:,\d{2,3})*(?:\.\d+)?";
        let grouped = r"\d{1,3}(?:,\d{2,3})+(?:\.\d+)?";
        // Signs and abbreviations that are money before any number ("Rs 5", "₦45,000").
        let signs = r"Rs\.?|₹|KSh|Ksh|Shs\.?|₦|GH₵|₵|৳|₱|Tk\.?|Rp\.?";
        // Codes that are also other things ("PHP 8", "the RM 5 scheme", "ZAR 2010"), and a
        // lone letter glued to the number ("N95 masks", "R2-D2", "N2,000 people"): money only
        // with a scale word, the codes also with thousands ("PKR 40 billion", "INR 1,50,000").
        let codes = r"INR|KES|UGX|TSh|TZS|NGN|GHS|PKR|BDT|ZAR|MYR|RM|IDR|PHP|LKR|NPR|EGP|AED|SAR|USD|EUR|GBP|Sh";
        Regex::new(&format!(r"(?:^|[^\p{{L}}\p{{N}}])(?:(?P<sign>(?:{signs})\s?{number}(?:{scale})?)|(?P<other>(?:{codes})\s?(?:{number}{scale}|{grouped})|[RN]{number}{scale}))")).expect("valid pattern")
    });
    let text = &doc.text;
    let mut found = Vec::new();
    for captures in AMOUNT.captures_iter(text) {
        let (Some(amount), sign) = (captures.name("sign").or(captures.name("other")), captures.name("sign").is_some()) else { continue };
        let span = amount.range();
        // (An amount runs on into a word: "Rs 500-crore" is read otherwise.)
        let runs_on = text[span.end..].chars().next().is_some_and(|c| c.is_alphanumeric() || c == '-');
        let Some(sent_idx) = doc.sentences.iter().position(|s| s.span.start <= span.start && span.end <= s.span.end) else { continue };
        // A mention reaching out of the amount is the network's other reading ("The Rs 500
        // Crore Club"), and so is a name of just its words after a code ("PHP 8 million").
        let read_otherwise = doc.mentions.iter().any(|m| {
            let overlaps = m.span.start < span.end && span.start < m.span.end;
            overlaps && (m.span.start < span.start || span.end < m.span.end || !sign && m.span == span && is_name_label(m.label))
        });
        if !runs_on && !read_otherwise {
            found.push((span, sent_idx));
        }
    }
    for (span, sent_idx) in found {
        doc.mentions.retain(|m| !(span.start <= m.span.start && m.span.end <= span.end));
        let at = doc.mentions.partition_point(|m| m.span.start < span.start);
        doc.mentions.insert(at, Mention { span, label: Label::Money, sent_idx, entity_key: String::new(), value: None });
    }
}

/// A day tagged DATE and the part of the day written right after it, tagged apart or not at
/// all ("Saturday" + "night"), are one TIME: "Saturday night" (its value that night's).
fn day_and_its_part(doc: &mut Document) {
    // (Not "night-time curfew".)
    static PART: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^ (?:night|morning|evening|afternoon)\b(?:[^-]|$)").expect("part of day pattern"));
    let mut i = 0;
    while i < doc.mentions.len() {
        let mention = &doc.mentions[i];
        let part = PART.find(&doc.text[mention.span.end..]).map(|found| {
            let word = found.as_str()[1..].trim_end_matches(|c: char| !c.is_alphabetic());
            mention.span.end + 1..mention.span.end + 1 + word.len()
        });
        if let Some(part) = part.filter(|_| mention.label == Label::Date && super::timex::is_day(&doc.text[mention.span.clone()])) {
            let next = doc.mentions.get(i + 1).filter(|next| next.span.start < part.end);
            let tagged_apart = next.is_some_and(|next| next.span == part && matches!(next.label, Label::Date | Label::Time));
            let in_sentence = part.end <= doc.sentences[mention.sent_idx].span.end;
            if in_sentence && (next.is_none() || tagged_apart) {
                if tagged_apart {
                    doc.mentions.remove(i + 1);
                }
                doc.mentions[i].span.end = part.end;
                doc.mentions[i].label = Label::Time;
            }
        }
        i += 1;
    }
}

/// "the 1970’s": a decade written with an apostrophe, whose "’s" the network leaves out (the
/// year alone, 1970, is another date). After "the" only: "1990's budget" is a year's.
fn decades_with_an_apostrophe(doc: &mut Document) {
    for mention in doc.mentions.iter_mut().filter(|m| m.label == Label::Date) {
        let text = &doc.text[mention.span.clone()];
        let year = text.len() >= 4 && text.ends_with('0') && text[text.len() - 4..].bytes().all(|b| b.is_ascii_digit());
        let after = &doc.text[mention.span.end..];
        let suffix = ["'s", "’s"].into_iter().find(|suffix| after.starts_with(suffix) && !after[suffix.len()..].starts_with(char::is_alphanumeric));
        let (Some(suffix), true) = (suffix, year) else { continue };
        // (The word before, read without copying the text: "the" opening the mention or before it.)
        let before = doc.text[..mention.span.start].trim_end().rsplit(char::is_whitespace).next().unwrap_or("");
        if text.get(..4).is_some_and(|head| head.eq_ignore_ascii_case("the ")) || before.eq_ignore_ascii_case("the") {
            mention.span.end += suffix.len();
        }
    }
}

/// A number alone tagged DATE is an age ("aged 60", "Scholz, 65, said"): a point in time has a
/// month, a year or a word.
/// A compound that qualifies a noun and names no time: "last-minute", "eleventh-hour",
/// "quarter-to-quarter", "day-to-day", "year-over-year".
fn is_time_adjective(mention: &str) -> bool {
    let lower = mention.to_lowercase();
    let words: Vec<&str> = lower.split('-').collect();
    match words.as_slice() {
        [first, "to" | "over" | "on", second] => first == second,
        ["last", "minute" | "ditch"] | ["eleventh", "hour"] => true,
        _ => false,
    }
}

fn is_age(mention: &str) -> bool {
    mention.len() <= 3 && mention.bytes().all(|b| b.is_ascii_digit())
}

/// A figure with a thousands separator ("1,785.39", "12,500"), or a whole number of five
/// digits or more that reads as no date (a chip's "80486"): no date or time is written so.
fn is_figure(mention: &str) -> bool {
    if mention.len() >= 5 && mention.bytes().all(|b| b.is_ascii_digit()) {
        // (A date written "19850412" is one.)
        let compact = mention.len() == 8 && chrono::NaiveDate::parse_from_str(mention, "%Y%m%d").is_ok_and(|d| (1800..2100).contains(&chrono::Datelike::year(&d)));
        return !compact && crate::stages::clean::metadata::find_date(mention).is_none();
    }
    let (whole, decimals) = mention.split_once('.').unwrap_or((mention, "0"));
    let mut groups = whole.split(',');
    let first = groups.next().unwrap_or("");
    let digits = |group: &str, len: std::ops::RangeInclusive<usize>| len.contains(&group.len()) && group.bytes().all(|b| b.is_ascii_digit());
    whole.contains(',') && digits(first, 1..=3) && groups.all(|group| digits(group, 3..=3)) && digits(decimals, 1..=usize::MAX)
}

/// A telephone number tagged DATE ("0800 555 111", "+44 161 856 7182", "(555) 123-4567"): digit
/// groups, nine digits or more, opening with a trunk 0, a "+" or an area code's bracket (a date
/// written in digits has a separator of its own and fewer digits).
fn is_phone_number(mention: &str) -> bool {
    let digits = mention.bytes().filter(u8::is_ascii_digit).count();
    digits >= 9
        && mention.starts_with(['0', '+', '('])
        && mention.contains([' ', '-'])
        && mention.bytes().all(|b| b.is_ascii_digit() || b" -+()".contains(&b))
        // (Not a range of dates: "01-08-2019 - 04-08-2019".)
        && crate::stages::clean::metadata::find_date(mention).is_none()
}

/// A year (1900 to 2099) written after a word that introduces a time ("in", "since", "by",
/// "until"...) or after a month and day ("July 15, 2022"): the network tags some recent years
/// CARDINAL (2021 to 2023 are rare in its training news).
fn is_year_in_context(text: &str, span: Span) -> bool {
    let year = &text[span.clone()];
    let is_year = year.len() == 4 && year.bytes().all(|b| b.is_ascii_digit()) && matches!(&year[..2], "19" | "20");
    if !is_year {
        return false;
    }
    let before = text[..span.start].trim_end();
    let previous = before.rsplit(|c: char| c.is_whitespace()).next().unwrap_or("").to_lowercase();
    const INTRODUCERS: [&str; 17] =
        ["in", "since", "of", "by", "until", "till", "from", "before", "after", "during", "between", "through", "early", "late", "mid", "spring", "autumn"];
    let month_day = before.strip_suffix(',').is_some_and(|b| {
        let mut words = b.rsplit(' ');
        let day = words.next().unwrap_or("");
        let month = words.next().unwrap_or("");
        day.trim_end_matches(|c: char| c.is_alphabetic()).parse::<u32>().is_ok_and(|d| (1..=31).contains(&d))
            && crate::stages::clean::metadata::find_date(&format!("{month} {day}, {year}")).is_some()
    });
    INTRODUCERS.contains(&previous.as_str()) || month_day
}

/// See [`PostPassConfig::time_references`]: each such phrase inside a kept sentence that no
/// mention overlaps becomes a DATE (its value is read with the other dates'). ("now-defunct"
/// and "current account" are no such reference; "recent" and "current" alone are left out:
/// "the current quarter", "recent gains" say more, and "current" is often no time.)
fn time_references(doc: &mut Document) {
    static REFERENCE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)\b(?:right now|now|currently|at present|presently|nowadays|these days|recently|lately|(?:in )?recent (?:years|months|weeks|days)|(?:the )?past (?:years|months)|soon|(?:the )?near future|(?:in )?the (?:near|short) term|(?:the )?coming (?:years|months|weeks|days|quarters)|the (?:years|months|weeks|days) ahead|(?:in )?the past|(?:in )?the (?:near |distant )?future)\b",
        )
        .expect("time reference pattern")
    });
    // (Nor a name, "NOW", "Google Now", nor an idiom: "every now and then", "now that" (since),
    // "as soon as possible", "soon after the blast".)
    let idiom = |found: &regex::Match| {
        // (The few words after it, not the rest of the text: a long document has many.)
        let rest = &doc.text[found.end()..];
        let after = rest[..rest.floor_char_boundary(24)].to_lowercase();
        let word = found.as_str();
        let name = word == "NOW" || word == "Now" && !doc.text[..found.start()].trim_end().ends_with(['.', '!', '?', '"', '“', '\n']) && found.start() > 0;
        let next = after.split(|c: char| !c.is_alphanumeric()).find(|w| !w.is_empty()).unwrap_or("");
        name || after.starts_with(['-', '–']) || word.eq_ignore_ascii_case("now") && (after.starts_with(" and then") || after.starts_with(" and again") || next == "that")
            || word.eq_ignore_ascii_case("soon") && ["as", "after", "afterwards", "enough"].contains(&next)
            || standing_before_a_noun(word, next, &after)
    };
    // "the past" and "the future" as nouns only: not "the past five years" (an amount), "the past
    // decade", "the future king" (a word they qualify). A punctuation mark or a word that
    // opens a clause or a phrase may follow.
    // (Nor a title: "Back to the Future".)
    fn standing_before_a_noun(word: &str, next: &str, after: &str) -> bool {
        const CLAUSE: &[&str] = &[
            "", "that", "and", "or", "but", "when", "as", "if", "is", "was", "are", "were", "has", "have", "had", "will", "would", "can", "could", "may", "might", "we", "they", "he", "she", "it", "i", "you", "to", "of", "in", "on", "at", "for", "with", "by", "because", "while", "though", "although", "than", "so", "there", "this", "these", "those", "the", "a", "an",
            // (And the verbs said of them: "what the future holds", "the past shows".)
            "holds", "hold", "held", "looks", "look", "looked", "remains", "remain", "belongs", "belong", "seems", "seemed", "lies", "lay", "brings", "brought", "shows", "showed", "tells", "told",
        ];
        let lower = word.to_lowercase();
        let bare = ["the past", "in the past", "the future", "in the future"].contains(&lower.as_str());
        let titled = word.ends_with("Past") || word.ends_with("Future");
        let punctuated = after.starts_with(|c: char| !c.is_whitespace() && !c.is_alphanumeric());
        titled || bare && !punctuated && !CLAUSE.contains(&next)
    }
    let taken = Spans::of(doc.mentions.iter().map(|m| m.span.clone()));
    let added: Vec<Mention> = REFERENCE
        .find_iter(&doc.text)
        .filter(|found| !idiom(found) && !taken.overlaps(&found.range()))
        .filter_map(|found| {
            let sent_idx = doc.sentence_at(found.start())?;
            (found.end() <= doc.sentences[sent_idx].span.end).then(|| Mention { span: found.range(), label: Label::Date, sent_idx, entity_key: String::new(), value: None })
        })
        .collect();
    if !added.is_empty() {
        doc.mentions.extend(added);
        doc.mentions.sort_by_key(|m| (m.span.start, m.span.end));
    }
}

/// Same string, same label within a document; a surname alone takes the label of the full
/// person name; unlabelled occurrences of a document's person names become mentions.
fn consistency(doc: &mut Document, is_place: &dyn Fn(&str) -> bool) {
    // Votes per string among name labels ("Justin\nTrudeau" is "Justin Trudeau").
    let key = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut votes: HashMap<String, HashMap<Label, usize>> = HashMap::new();
    for m in doc.mentions.iter().filter(|m| is_name_label(m.label)) {
        *votes.entry(key(&doc.text[m.span.clone()])).or_default().entry(m.label).or_default() += 1;
    }
    let mut majority: HashMap<String, Label> = HashMap::new();
    for (text, counts) in &votes {
        let total: usize = counts.values().sum();
        if let Some((&label, &n)) = counts.iter().max_by_key(|(l, n)| (**n, std::cmp::Reverse(**l))) {
            if total >= 2 && n * 3 >= total * 2 {
                majority.insert(text.clone(), label);
            }
        }
    }
    // Surnames of multi-word person names. (Not a place's force or body in capitals after it:
    // "Manitoba RCMP" tagged a person made every "RCMP" one; such a "person" is the
    // organisation the document tags elsewhere. "Juan PEREZ" has a surname.)
    let acronym = |word: &str| word.chars().all(|c| c.is_uppercase() || !c.is_alphabetic());
    let mut surnames: HashMap<String, Label> = HashMap::new();
    for m in doc.mentions.iter_mut().filter(|m| m.label == Label::Person) {
        let name = &doc.text[m.span.clone()];
        let words: Vec<&str> = name.split_whitespace().collect();
        if words.len() >= 2 {
            let last = words[words.len() - 1];
            if acronym(last) && is_place(&words[..words.len() - 1].join(" ")) {
                if majority.get(last) == Some(&Label::Org) {
                    m.label = Label::Org;
                }
            } else if last.chars().next().is_some_and(char::is_uppercase) && last.chars().count() >= 3 {
                surnames.insert(last.to_string(), Label::Person);
            }
        }
    }
    for m in doc.mentions.iter_mut().filter(|m| is_name_label(m.label)) {
        let text = key(&doc.text[m.span.clone()]);
        if let Some(&label) = surnames.get(&text) {
            m.label = label;
        } else if let Some(&label) = majority.get(&text) {
            m.label = label;
        }
    }
    // A month that is the surname of a person of the document, tagged DATE where no date is
    // written ("Theresa May ... May had asked", "PM May"; not "in May", "since May", "May 3").
    for m in doc.mentions.iter_mut().filter(|m| m.label == Label::Date) {
        let text = &doc.text[m.span.clone()];
        let month = crate::stages::clean::metadata::month_number(&text.to_lowercase()).is_some() && text.chars().all(char::is_alphabetic);
        if !month || !surnames.contains_key(text) {
            continue;
        }
        let before = doc.text[..m.span.start].split_whitespace().next_back().unwrap_or("").to_lowercase();
        let after = doc.text[m.span.end..].trim_start();
        const DATE_WORDS: &[&str] = &[
            "in", "on", "by", "since", "until", "till", "from", "of", "last", "next", "this", "early", "late", "mid", "through",
            "during", "before", "after", "every", "each", "to", "between", "and", "or", "that", "the",
        ];
        if !DATE_WORDS.contains(&before.trim_matches(|c: char| !c.is_alphanumeric())) && !after.starts_with(|c: char| c.is_ascii_digit()) {
            m.label = Label::Person;
        }
    }
    // Unlabelled occurrences of known surnames inside kept sentences. Overlaps are looked up
    // in sorted spans: a scan of every mention per occurrence made long documents quadratic.
    let taken = Spans::of(doc.mentions.iter().map(|m| m.span.clone()));
    let mut added_spans: std::collections::BTreeMap<usize, usize> = std::collections::BTreeMap::new();
    let mut added: Vec<Mention> = Vec::new();
    for (surname, label) in &surnames {
        let mut from = 0;
        while let Some(found) = doc.text[from..].find(surname.as_str()) {
            let start = from + found;
            let end = start + surname.len();
            from = end;
            let bounded = !doc.text[..start].chars().next_back().is_some_and(|c| c.is_alphanumeric() || c == '-')
                && !doc.text[end..].chars().next().is_some_and(|c| c.is_alphanumeric() || c == '-');
            // Added spans never overlap one another: the one starting last before `end` decides.
            let overlaps_added = added_spans.range(..end).next_back().is_some_and(|(_, &added_end)| added_end > start);
            if !bounded || taken.overlaps(&(start..end)) || overlaps_added {
                continue;
            }
            if let Some(sent_idx) = doc.sentence_at(start) {
                if end <= doc.sentences[sent_idx].span.end {
                    added_spans.insert(start, end);
                    added.push(Mention { span: start..end, label: *label, sent_idx, entity_key: String::new(), value: None });
                }
            }
        }
    }
    if !added.is_empty() {
        doc.mentions.extend(added);
        doc.mentions.sort_by_key(|m| (m.span.start, m.span.end));
    }
}

/// Spans sorted by start, each with the largest end up to it: whether a span overlaps any of
/// them is one binary search.
struct Spans {
    starts: Vec<usize>,
    max_ends: Vec<usize>,
}

impl Spans {
    fn of(spans: impl Iterator<Item = Span>) -> Spans {
        let mut spans: Vec<Span> = spans.collect();
        spans.sort_by_key(|s| s.start);
        let max_ends = spans.iter().scan(0, |max, s| {
            *max = (*max).max(s.end);
            Some(*max)
        });
        Spans { max_ends: max_ends.collect(), starts: spans.iter().map(|s| s.start).collect() }
    }

    fn overlaps(&self, span: &Span) -> bool {
        let before_end = self.starts.partition_point(|&start| start < span.end);
        before_end > 0 && self.max_ends[before_end - 1] > span.start
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Origin, Sentence};

    fn doc(text: &str, mentions: &[(&str, Label)]) -> Document {
        let mut doc = Document::new(Origin { doc_id: "d".into(), source: "d".into() }, String::new(), text.into());
        doc.sentences = vec![Sentence { span: 0..text.len() }];
        let mut from = 0;
        for (surface, label) in mentions {
            let start = from + text[from..].find(surface).unwrap();
            from = start + surface.len();
            doc.mentions.push(Mention { span: start..from, label: *label, sent_idx: 0, entity_key: String::new(), value: None });
        }
        doc
    }

    fn passes() -> PostPasses {
        let empty = tempfile::tempdir().unwrap();
        PostPasses::new(&PostPassConfig::default(), &Gazetteer::load(Some(empty.path())).unwrap())
    }

    fn labels(doc: &Document) -> Vec<(String, Label)> {
        doc.mentions.iter().map(|m| (doc.text[m.span.clone()].to_string(), m.label)).collect()
    }

    #[test]
    fn references_to_the_present_past_and_future_are_dates_when_asked_for() {
        let text = "Prices are now falling, as they did recently and in recent years, but the now-defunct fund's current account will recover soon.";
        let mut first = doc(text, &[]);
        passes().apply(&mut first);
        assert!(labels(&first).is_empty(), "off by default");
        let empty = tempfile::tempdir().unwrap();
        let config = PostPassConfig { time_references: true, ..PostPassConfig::default() };
        PostPasses::new(&config, &Gazetteer::load(Some(empty.path())).unwrap()).apply(&mut first);
        let found: Vec<String> = labels(&first).into_iter().map(|(text, label)| format!("{text}/{}", label.as_str())).collect();
        assert_eq!(found, ["now/DATE", "recently/DATE", "in recent years/DATE", "soon/DATE"]);
        // (Review: names and idioms are none.)
        let mut d = doc("Now that it rains, every now and again NOW protests, as soon as possible, the now–defunct Google Now, and soon after the blast a short term to maturity.", &[]);
        PostPasses::new(&config, &Gazetteer::load(Some(empty.path())).unwrap()).apply(&mut d);
        assert!(labels(&d).is_empty(), "{:?}", labels(&d));
        // "The past" and "the future" as nouns: not an amount of time nor a word they qualify.
        let text = "It has happened in the past, and the past is no guide to the future. The future king spoke of the past five years, the past decade and the future of the bank. Who knows what the future holds? They watched Back to the Future in the near future.";
        let mut d = doc(text, &[]);
        PostPasses::new(&config, &Gazetteer::load(Some(empty.path())).unwrap()).apply(&mut d);
        let found: Vec<String> = labels(&d).into_iter().map(|(text, _)| text).collect();
        assert_eq!(found, ["in the past", "the past", "the future", "the future", "the future", "in the near future"]);
        // ("soon assess" is soon.)
        let mut d = doc("Officials will soon assess the damage.", &[]);
        PostPasses::new(&config, &Gazetteer::load(Some(empty.path())).unwrap()).apply(&mut d);
        assert_eq!(labels(&d), [("soon".to_string(), Label::Date)]);
    }

    #[test]
    fn a_towns_club_tagged_a_place_is_the_club() {
        // Regression (a hunt): "Manchester City" and "Swansea City" were GPE, places on the map.
        let passes = PostPasses::new(&PostPassConfig::default(), &Gazetteer::load(None).unwrap());
        let mut d = doc(
            "Manchester City beat Leeds United in Kansas City and Mexico City, said Manchester police.",
            &[("Manchester City", Label::Gpe), ("Leeds United", Label::Gpe), ("Kansas City", Label::Gpe), ("Mexico City", Label::Gpe), ("Manchester", Label::Gpe)],
        );
        passes.apply(&mut d);
        let got: Vec<Label> = d.mentions.iter().map(|m| m.label).collect();
        assert_eq!(got, [Label::Org, Label::Org, Label::Gpe, Label::Gpe, Label::Gpe]);
    }

    #[test]
    fn a_place_in_capitals_before_a_colon_or_a_comma_opening_the_article_is_a_place() {
        // Regression (hunt 10): "KATHMANDU: Police ..." was a PERSON, "SUVA: ..." an ORG, and
        // "COLOMBO: ..." no mention at all.
        let passes = PostPasses::new(&PostPassConfig { consistency: false, ..PostPassConfig::default() }, &Gazetteer::load(None).unwrap());
        for (opening, tagged) in [("KATHMANDU: Police arrested ten people on Monday.", Some(Label::Person)), ("SUVA, The minister said so.", Some(Label::Org)), ("COLOMBO: Police arrested ten people.", None), ("ISLAMABAD: Prime Minister Shehbaz Sharif said on Monday.", Some(Label::Org)), ("KATHMANDU: The minister spoke.\nQ: Why now?\nA: The budget is due.", Some(Label::Org))] {
            let name = opening.split([':', ',']).next().unwrap();
            let mut d = doc(opening, &tagged.map(|label| vec![(name, label)]).unwrap_or_default());
            passes.apply(&mut d);
            assert_eq!(labels(&d), [(name.to_string(), Label::Gpe)], "{opening}");
        }
        // (So on a page of two stories from one place; a transcript's speakers stay people:
        // "WARREN:", a place's name too, and "COLLINS:".)
        let text = "KATHMANDU: Police arrested ten people.\nKATHMANDU: Rain is expected on Monday.";
        let mut d = doc(text, &[("KATHMANDU", Label::Person), ("KATHMANDU", Label::Person)]);
        passes.apply(&mut d);
        assert_eq!(d.mentions.iter().map(|m| m.label).collect::<Vec<_>>(), [Label::Gpe, Label::Gpe]);
        for text in ["Q: Why did you run?\nWARREN: I think the state needs a change.", "WATFORD: Bachmann; Femenia, Kabasele, Dawson.", "CHELSEA, Arsenal and Liverpool all won.", "WARREN: I disagree with that.\nCOLLINS: So do I."] {
            let name = text.split([':', ',']).next().unwrap().trim_start_matches("Q").trim();
            let name = if name.is_empty() { "WARREN" } else { name };
            let mut d = doc(text, &[(name, Label::Person)]);
            passes.apply(&mut d);
            assert_eq!(d.mentions.iter().map(|m| m.label).collect::<Vec<_>>(), [Label::Person], "{text}");
        }
        let text = "WARREN: I disagree with that.\nCOLLINS: So do I.";
        let mut d = doc(text, &[("WARREN", Label::Person), ("COLLINS", Label::Person)]);
        passes.apply(&mut d);
        assert_eq!(d.mentions.iter().map(|m| m.label).collect::<Vec<_>>(), [Label::Person, Label::Person]);
    }

    #[test]
    fn a_storms_name_alone_is_the_storm() {
        // Regression (hunt 10): "Hagupit" after "Typhoon Hagupit" was a person, a second entity.
        let mut d = doc("Typhoon Hagupit hit Samar. Hagupit weakened, said Ana Reyes of Tropical Storm Ana, as Ana and Florence hit Florence.", &[("Typhoon Hagupit", Label::Event), ("Hagupit", Label::Person), ("Ana Reyes", Label::Person), ("Tropical Storm Ana", Label::Event), ("Ana", Label::Person), ("Florence", Label::Gpe)]);
        passes().apply(&mut d);
        // (Not a person's first name the document writes in full, nor a place.)
        assert_eq!(d.mentions.iter().map(|m| m.label).collect::<Vec<_>>(), [Label::Event, Label::Event, Label::Person, Label::Event, Label::Person, Label::Gpe]);
        let storm_name = crate::document::storm_name;
        assert_eq!((storm_name("Tropical Storm Ana"), storm_name("Cyclone Freddy"), storm_name("the storm")), (Some("Ana"), Some("Freddy"), None));
    }

    #[test]
    fn a_title_case_headline_taken_for_a_name_is_no_entity() {
        // Regression (hunt 10): "Bishop Urges ... on Naming ..." and "Police Force Under
        // Scrutiny" were ORG entities, each a whole headline.
        for (headline, name) in [("Bishop Urges Council To Hold Off on Naming New Parish", "Bishop Urges Council To Hold Off on Naming New Parish"), ("Police Force Under Scrutiny", "Police Force Under Scrutiny")] {
            let text = format!("{headline}\nThe council met.");
            let mut d = doc(&text, &[(name, Label::Org)]);
            d.title = Some(0..headline.len());
            passes().apply(&mut d);
            assert!(d.mentions.is_empty(), "{headline}");
        }
        // (A long name in a headline stays, and a name below it.)
        let headline = "Organisation for Economic Co-operation and Development cuts forecast";
        let text = format!("{headline}\nThe Bank of England held rates on Monday.");
        let mut d = doc(&text, &[("Organisation for Economic Co-operation and Development", Label::Org), ("The Bank of England held rates on Monday", Label::Org)]);
        d.title = Some(0..headline.len());
        passes().apply(&mut d);
        assert_eq!(d.mentions.len(), 2);
    }

    #[test]
    fn a_common_noun_of_places_alone_is_no_entity() {
        // Regression (hunt 10): "County" (a county's board, a club's short name) was one entity
        // across four documents, and a club's "Town" was merged into another club's name.
        let mut d = doc("The County said Town won, and Lynn Town and Stockport County lost in the city of Bath, as in the States.", &[("County", Label::Loc), ("Town", Label::Person), ("Lynn Town", Label::Person), ("Stockport County", Label::Org), ("Bath", Label::Gpe), ("the States", Label::Gpe)]);
        passes().apply(&mut d);
        assert_eq!(labels(&d).into_iter().map(|(text, _)| text).collect::<Vec<_>>(), ["Lynn Town", "Stockport County", "Bath", "the States"]);
    }

    #[test]
    fn a_place_in_capitals_opening_a_dateline_is_a_place() {
        // Hunter R: 12 of 51 datelines in capitals were ORG ("KINGSTON", "HARARE"), off the map.
        let passes = PostPasses::new(&PostPassConfig { consistency: false, ..PostPassConfig::default() }, &Gazetteer::load(None).unwrap());
        let text = "KINGSTON, Jamaica — Police said.\nHARARE - Ministers met.\nMONTREAL (AP) — Snow fell.\nAPPLE — Shares rose.\nThe NATO summit in HARARE - talks.\nKingston Council — votes.\nWARREN: I disagree.\nLIVERPOOL (4-3-3): Alisson.\nNAIROBI, Jan 9, 2024 (AFP) - Rain fell.\nLAGOS, 9 January (Reuters) - Markets fell.\nTBILISI, November 30. /TASS/. Crowds met.";
        let mut d = doc(text, &[("KINGSTON", Label::Org), ("HARARE", Label::Org), ("MONTREAL", Label::Person), ("APPLE", Label::Org), ("NATO", Label::Org), ("HARARE", Label::Org), ("Kingston Council", Label::Org), ("WARREN", Label::Person), ("LIVERPOOL", Label::Org), ("NAIROBI", Label::Org), ("LAGOS", Label::Org), ("TBILISI", Label::Org)]);
        passes.apply(&mut d);
        let got: Vec<Label> = d.mentions.iter().map(|m| m.label).collect();
        // (Not a company's name, one inside a sentence, a name in title case, a transcript's
        // speaker nor a team sheet's club; a dateline's date is no matter: a hunt.)
        assert_eq!(got, [Label::Gpe, Label::Gpe, Label::Gpe, Label::Org, Label::Org, Label::Org, Label::Org, Label::Person, Label::Org, Label::Gpe, Label::Gpe, Label::Gpe]);
    }

    #[test]
    fn a_well_known_place_tagged_a_person_or_cut_in_two_is_the_place() {
        // A hunt: "Cape Town" was PERSON in 5 of 8 mentions, or "Cape" LOC + "Town" PERSON;
        // "Nova Scotia" was "Nova" NORP + "Scotia" PERSON. A person named like a place of one
        // word, or with a place's name in theirs, stays a person.
        let passes = PostPasses::new(&PostPassConfig { consistency: false, ..PostPassConfig::default() }, &Gazetteer::load(None).unwrap());
        let text = "Battles for Cape Town. Cape Town voted. Nova Scotia RCMP said. Police in Nova Scotia agreed. Paris Hilton came. Jordan spoke. Cape Town Stadium opened. Fighting for Cape Town. Paris Hilton.";
        let mut d = doc(text, &[("Cape", Label::Loc), ("Town", Label::Person), ("Cape Town", Label::Person), ("Nova", Label::Norp), ("Scotia", Label::Person), ("Nova Scotia", Label::Gpe), ("Paris Hilton", Label::Person), ("Jordan", Label::Person), ("Cape Town Stadium", Label::Fac), ("Cape", Label::Loc), ("Paris", Label::Gpe)]);
        passes.apply(&mut d);
        let got: Vec<(&str, Label)> = d.mentions.iter().map(|m| (&text[m.span.clone()], m.label)).collect();
        assert_eq!(
            got,
            [("Cape Town", Label::Gpe), ("Cape Town", Label::Gpe), ("Nova Scotia", Label::Gpe), ("Nova Scotia", Label::Gpe), ("Paris Hilton", Label::Person), ("Jordan", Label::Person), ("Cape Town Stadium", Label::Fac), ("Cape Town", Label::Gpe), ("Paris", Label::Gpe)]
        );
        // A city named after a person is the person where nothing in the text places it; a
        // saint's name stays a person.
        let text = "Miguel Hidalgo spoke on Monday. St. Paul wrote to them in Rome.";
        let mut d = doc(text, &[("Miguel Hidalgo", Label::Person), ("St. Paul", Label::Person), ("Rome", Label::Gpe)]);
        passes.apply(&mut d);
        assert_eq!(labels(&d), [("Miguel Hidalgo".to_string(), Label::Person), ("St. Paul".to_string(), Label::Person), ("Rome".to_string(), Label::Gpe)]);
        // Regression (a hunt): a country's name and its people's were people where the story
        // names other nations; a person whose name holds the word stays one.
        let text = "Jordan's minister met Oman's. Omani officials will sign. Jordan agreed.";
        let mut d = doc(text, &[("Jordan", Label::Person), ("Oman", Label::Gpe), ("Omani", Label::Person), ("Jordan", Label::Person)]);
        passes.apply(&mut d);
        assert_eq!(labels(&d), [("Jordan".to_string(), Label::Gpe), ("Oman".to_string(), Label::Gpe), ("Omani".to_string(), Label::Norp), ("Jordan".to_string(), Label::Gpe)]);
        let text = "Michael Jordan flew to France. Jordan scored 30 points.";
        let mut d = doc(text, &[("Michael Jordan", Label::Person), ("France", Label::Gpe), ("Jordan", Label::Person)]);
        passes.apply(&mut d);
        assert_eq!(labels(&d)[2], ("Jordan".to_string(), Label::Person));
        let text = "Pallo Jordan, 62\nSouth Africa welcomed Jordan's return.";
        let mut d = doc(text, &[("South Africa", Label::Gpe), ("Jordan", Label::Person)]);
        passes.apply(&mut d);
        assert_eq!(labels(&d)[1], ("Jordan".to_string(), Label::Person));
        // (A review: people named by a first name alone in stories naming nations.)
        for text in ["Will Jordan scored twice against France. Jordan was man of the match.", "Jordan, who asked that her last name not be used, fled Syria. Jordan said it was hard.", "Chad, 58, took over the farm in Kenya. Chad said the rains failed.", "By Jordan Smith\nI met Jordan in Peru. Jordan said the trip was long."] {
            let jordan = if text.contains("Chad") { "Chad" } else { "Jordan" };
            let country = ["France", "Syria", "Kenya", "Peru"].into_iter().find(|c| text.contains(c)).unwrap();
            let at = text.rfind(jordan).unwrap();
            let mut d = doc(text, &[(country, Label::Gpe)]);
            d.mentions.push(Mention { span: at..at + jordan.len(), label: Label::Person, sent_idx: d.sentence_at(at).unwrap(), entity_key: String::new(), value: None });
            d.mentions.sort_by_key(|m| m.span.start);
            passes.apply(&mut d);
            assert!(d.mentions.iter().any(|m| m.span.start == at && m.label == Label::Person), "{text}");
        }
        let text = "Jordan scored 30 points in the final.";
        let mut d = doc(text, &[("Jordan", Label::Person)]);
        passes.apply(&mut d);
        assert_eq!(labels(&d)[0], ("Jordan".to_string(), Label::Person));
        // (A review: saints and people after a place's name are no places.)
        let text = "In Mexico, Emiliano Zapata and Pancho Villa remain heroes. St. Peter's Basilica is vast. St. Peter and St. Paul were martyred in Rome. In England, St George is the patron saint.";
        let mut d = doc(text, &[("Mexico", Label::Gpe), ("Emiliano Zapata", Label::Person), ("Pancho Villa", Label::Person), ("St. Peter", Label::Gpe), ("St. Peter", Label::Person), ("St. Paul", Label::Person), ("Rome", Label::Gpe), ("England", Label::Gpe), ("St George", Label::Person)]);
        passes.apply(&mut d);
        let got = labels(&d);
        assert!(got.iter().all(|(name, label)| !["Emiliano Zapata", "St. Paul", "St George"].contains(&name.as_str()) || *label == Label::Person), "{got:?}");
        assert_eq!(got[4], ("St. Peter".to_string(), Label::Person));
        // (A second review: a saint's town ending a list after a town is the town.)
        let text = "Fans travelled from Warrington and St Helens.";
        let mut d = doc(text, &[("Warrington", Label::Gpe), ("St Helens", Label::Person)]);
        passes.apply(&mut d);
        assert_eq!(labels(&d)[1], ("St Helens".to_string(), Label::Gpe));
        // Regression (a hunt): places named after saints were people, "John" of "Police in
        // Saint John", "Catherine" of a list of parishes.
        let text = "Police in Saint John say he fled. Curfews hold in Clarendon, St Catherine and Hanover.";
        let mut d = doc(text, &[("Saint John", Label::Person), ("Clarendon", Label::Gpe), ("St Catherine", Label::Person), ("Hanover", Label::Gpe)]);
        passes.apply(&mut d);
        assert_eq!(labels(&d)[..3], [("Saint John".to_string(), Label::Gpe), ("Clarendon".to_string(), Label::Gpe), ("St Catherine".to_string(), Label::Gpe)]);
        for text in [
            "A tribute to Miguel Hidalgo. Miguel Hidalgo spoke.",
            "In Miguel Hidalgo's absence, Miguel Hidalgo spoke.",
            "Students in Miguel Hidalgo Park met. Miguel Hidalgo spoke.",
        ] {
            let mut d = doc(text, &[("Miguel Hidalgo", Label::Person), ("Miguel Hidalgo", Label::Person)]);
            passes.apply(&mut d);
            assert!(d.mentions.iter().all(|m| m.label == Label::Person), "{text}: {:?}", labels(&d));
        }
        let text = "Offices in Miguel Hidalgo closed. Miguel Hidalgo is a borough.";
        let mut d = doc(text, &[("Miguel Hidalgo", Label::Gpe), ("Miguel Hidalgo", Label::Person)]);
        passes.apply(&mut d);
        assert_eq!(labels(&d), [("Miguel Hidalgo".to_string(), Label::Gpe), ("Miguel Hidalgo".to_string(), Label::Gpe)]);
    }

    #[test]
    fn a_persons_surname_that_is_a_month_is_the_person_where_no_date_is_written() {
        // Hunter R: "Theresa May ... May had asked" and "PM May" were DATEs (2018-05).
        let passes = PostPasses::new(&PostPassConfig::default(), &Gazetteer::load(None).unwrap());
        let text = "Theresa May spoke in May. PM May said no. Later, May had asked for talks since May and on May 3.";
        let mut d = doc(text, &[("Theresa May", Label::Person), ("May", Label::Date), ("May", Label::Date), ("May", Label::Date), ("May", Label::Date), ("May 3", Label::Date)]);
        passes.apply(&mut d);
        let got: Vec<Label> = d.mentions.iter().map(|m| m.label).collect();
        assert_eq!(got, [Label::Person, Label::Date, Label::Person, Label::Person, Label::Date, Label::Date]);
        // (Without a person of the name, a month stays a date.)
        let mut e = doc("Sales rose. May was the best month.", &[("May", Label::Date)]);
        passes.apply(&mut e);
        assert_eq!(e.mentions[0].label, Label::Date);
    }

    #[test]
    fn a_name_votes_whatever_whitespace_it_spans() {
        // Regression: "Justin\nTrudeau" did not vote with "Justin Trudeau", and kept a label
        // of its own (an entity of its own).
        let mut d = doc(
            "Justin\nTrudeau came. Justin Trudeau and Justin Trudeau spoke. Fort Jackson was renamed; Fort Jackson and Andrew Jackson.",
            &[
                ("Justin\nTrudeau", Label::Org),
                ("Justin Trudeau", Label::Person),
                ("Justin Trudeau", Label::Person),
                ("Fort Jackson", Label::Gpe),
                ("Fort Jackson", Label::Fac),
                ("Andrew Jackson", Label::Person),
            ],
        );
        passes().apply(&mut d);
        let expected = [
            ("Justin\nTrudeau", Label::Person),
            ("Justin Trudeau", Label::Person),
            ("Justin Trudeau", Label::Person),
            ("Fort Jackson", Label::Gpe),
            ("Fort Jackson", Label::Fac),
            ("Andrew Jackson", Label::Person),
        ];
        assert_eq!(labels(&d), expected.map(|(text, label)| (text.to_string(), label)));
    }

    #[test]
    fn a_day_takes_the_date_in_digits_written_after_it() {
        // Regression (hunt 9): "9:22PM" was on the publication day, "Friday" alone tagged.
        let mut d = doc("Deputies were dispatched on Friday 08/29/2014 at 9:22PM, and on Monday 99/99 too.", &[("Friday", Label::Date), ("9:22PM", Label::Time), ("Monday", Label::Date)]);
        passes().apply(&mut d);
        assert_eq!(labels(&d), vec![("Friday 08/29/2014".into(), Label::Date), ("9:22PM".into(), Label::Time), ("Monday".into(), Label::Date)]);
        // (Review: not a date the day does not name, "Friday 04/12/2020" read month first.)
        let mut d = doc("It happened on Friday 04/12/2020 at night.", &[("Friday", Label::Date)]);
        passes().apply(&mut d);
        assert_eq!(labels(&d), vec![("Friday".into(), Label::Date)]);
    }

    #[test]
    fn a_day_and_the_part_of_the_day_after_it_are_one_time() {
        let mut d = doc("Rebels attacked Saturday night and Sunday morning, not Monday nights.", &[("Saturday", Label::Date), ("night", Label::Time), ("Sunday", Label::Date), ("Monday", Label::Date)]);
        passes().apply(&mut d);
        assert_eq!(labels(&d), [("Saturday night".to_string(), Label::Time), ("Sunday morning".to_string(), Label::Time), ("Monday".to_string(), Label::Date)]);
        // (Review: not a word of its own.)
        let mut d = doc("A Saturday night-time curfew.", &[("Saturday", Label::Date)]);
        passes().apply(&mut d);
        assert_eq!(labels(&d), [("Saturday".to_string(), Label::Date)]);
    }

    #[test]
    fn a_decade_with_an_apostrophe_is_the_decade() {
        let mut d = doc("Born in the 1970’s, she left in 1990's budget year.", &[("1970", Label::Date), ("1990", Label::Date)]);
        passes().apply(&mut d);
        assert_eq!(labels(&d), [("1970’s".to_string(), Label::Date), ("1990".to_string(), Label::Date)]);
    }

    #[test]
    fn figures_with_thousands_separators_are_numbers_not_dates() {
        // (And a long number alone: a chip's model.)
        let mut d = doc("The 80486 chip ships in 1990, born 19850412.", &[("80486", Label::Date), ("1990", Label::Date), ("19850412", Label::Date)]);
        passes().apply(&mut d);
        assert_eq!(labels(&d), [("80486".to_string(), Label::Cardinal), ("1990".to_string(), Label::Date), ("19850412".to_string(), Label::Date)]);
        // Regression (a new user's market report): index closes were tagged DATE.
        let mut document = doc("The index rose 4 percent to 1,785.39 and another ended at 12,500 in May.", &[("1,785.39", Label::Date), ("12,500", Label::Time), ("May", Label::Date)]);
        passes().apply(&mut document);
        assert_eq!(labels(&document), vec![("1,785.39".to_string(), Label::Cardinal), ("12,500".to_string(), Label::Cardinal), ("May".to_string(), Label::Date)]);
        for not_figure in ["1,78", "2024", "12.30", ",500", "1,785.", "10/12"] {
            assert!(!is_figure(not_figure), "{not_figure}");
        }
    }

    #[test]
    fn telephone_numbers_are_no_dates() {
        // Regression (hunt 9): Crimestoppers' number closing every UK police appeal was a DATE.
        let text = "Call Crimestoppers on 0800 555 111 or 0161 856 7182, or +44 20 7946 0958, before 2024-08-29 or 09-12-2019 or 01-08-2019 - 04-08-2019.";
        let mut d = doc(text, &[("0800 555 111", Label::Date), ("0161 856 7182", Label::Date), ("+44 20 7946 0958", Label::Date), ("2024-08-29", Label::Date), ("09-12-2019", Label::Date), ("01-08-2019 - 04-08-2019", Label::Date)]);
        passes().apply(&mut d);
        assert_eq!(labels(&d), vec![("2024-08-29".into(), Label::Date), ("09-12-2019".into(), Label::Date), ("01-08-2019 - 04-08-2019".into(), Label::Date)]);
    }

    #[test]
    fn durations_and_ages_are_dropped_points_in_time_kept() {
        let mut d = doc(
            "For two years, 10 to 12 years, 24 hours and a 60-year-old man over the past years, until last July and two years ago.",
            &[("two years", Label::Date), ("10 to 12 years", Label::Date), ("24 hours", Label::Time), ("60-year-old", Label::Date), ("the past years", Label::Date), ("last July", Label::Date), ("two years ago", Label::Date)],
        );
        passes().apply(&mut d);
        assert_eq!(labels(&d), vec![("last July".into(), Label::Date), ("two years ago".into(), Label::Date)]);
        let mut d = doc(
            "The driver, aged 60, had run it for the past five years, since 2021.",
            &[("60", Label::Date), ("the past five years", Label::Date), ("2021", Label::Date)],
        );
        passes().apply(&mut d);
        assert_eq!(labels(&d), vec![("2021".into(), Label::Date)]);
        // Regression (hunter T): amounts of time with more words around them were kept.
        let kept = ["last year", "a year ago", "next month", "the first week of July", "the 1990s", "this century", "the last days of the war", "the half-year"];
        let dropped = ["at least another year", "my 40 years", "under two years of age", "the 20 months", "within half an hour", "nearly a century", "a few more years", "an extra year", "months-long", "nine months to five years", "Eight trading days", "the next two years or so"];
        // (And compounds that qualify a noun, and amounts of time with words around them.)
        let dropped = [&dropped[..], &["last-minute", "quarter-to-quarter", "year-over-year"]].concat();
        let kept = [&kept[..], &["a year earlier", "three days later", "the first days", "the weeks ahead"]].concat();
        let dropped = [&dropped[..], &["the past 20 months alone", "the latest nine months", "the year-earlier nine months"]].concat();
        let text = kept.iter().chain(&dropped).copied().collect::<Vec<_>>().join(", ");
        let spans: Vec<(&str, Label)> = kept.iter().chain(&dropped).map(|part| (*part, if part.contains("hour") { Label::Time } else { Label::Date })).collect();
        let mut d = doc(&text, &spans);
        passes().apply(&mut d);
        assert_eq!(labels(&d), kept.iter().map(|k| (k.to_string(), Label::Date)).collect::<Vec<_>>());
    }

    #[test]
    fn a_number_per_cent_tagged_money_is_a_percent() {
        // Regression: the md network tags "3.1 per cent" (British, Indian, Australian spelling)
        // MONEY, so money totals filled with percentages.
        let mut d = doc(
            "Growth was 3.1 per cent, about 95 percent said yes, more than 5 per\ncent left, and Rs 5 per cent bonds cost $700.",
            &[("3.1 per cent", Label::Money), ("about 95 percent", Label::Money), ("more than 5 per\ncent", Label::Money), ("Rs 5 per cent", Label::Money), ("$700", Label::Money)],
        );
        passes().apply(&mut d);
        let expected = [
            ("3.1 per cent", Label::Percent),
            ("about 95 percent", Label::Percent),
            ("more than 5 per\ncent", Label::Percent),
            ("Rs 5 per cent", Label::Money),
            ("$700", Label::Money),
        ];
        assert_eq!(labels(&d), expected.map(|(text, label)| (text.to_string(), label)));
    }

    #[test]
    fn amounts_in_currencies_written_before_them_are_money() {
        // Regression: "Rs 500 crore" was CARDINAL "500", "PKR 40 billion" an ORG and a MONEY,
        // "Sh200 million" nothing (Indian, Pakistani, Kenyan outlets).
        let text = "It set aside Rs 500 crore, PKR 40 billion and Sh200 million; R2.5 billion and N5 billion; ₦45,000, Rs 1,50,000; N95 masks, Rs 5 and $4 million.";
        let mut d = doc(text, &[("500", Label::Cardinal), ("PKR", Label::Org), ("40 billion", Label::Money), ("N5 billion", Label::Money), ("45,000", Label::Cardinal), ("N95", Label::Product), ("$4 million", Label::Money)]);
        passes().apply(&mut d);
        let expected = [
            ("Rs 500 crore", Label::Money),
            ("PKR 40 billion", Label::Money),
            ("Sh200 million", Label::Money),
            ("R2.5 billion", Label::Money),
            ("N5 billion", Label::Money),
            ("₦45,000", Label::Money),
            ("Rs 1,50,000", Label::Money),
            ("N95", Label::Product),
            ("Rs 5", Label::Money),
            ("$4 million", Label::Money),
        ];
        assert_eq!(labels(&d), expected.map(|(text, label)| (text.to_string(), label)));
        // A mention reaching out of the amount is the network's other reading: left alone.
        let mut d = doc("The Rs 500 Crore Club met.", &[("The Rs 500 Crore Club", Label::Org)]);
        passes().apply(&mut d);
        assert_eq!(labels(&d), [("The Rs 500 Crore Club".to_string(), Label::Org)]);
        // Codes that are other things, numbers of people, amounts run on into a word.
        let text = "PHP 8 ships; the RM 5 scheme; the ZAR 2010 World Cup; N2,000 people came; Rs 500-crore plan.";
        let mut d = doc(text, &[("PHP 8", Label::Product), ("RM 5", Label::Org), ("2010", Label::Date), ("2,000", Label::Cardinal), ("500", Label::Cardinal)]);
        passes().apply(&mut d);
        let expected = [("PHP 8", Label::Product), ("RM 5", Label::Org), ("2010", Label::Date), ("2,000", Label::Cardinal), ("500", Label::Cardinal)];
        assert_eq!(labels(&d), expected.map(|(text, label)| (text.to_string(), label)));
    }

    #[test]
    fn years_tagged_cardinal_after_a_time_word_or_a_month_and_day_are_dates() {
        let mut d = doc(
            "He has led it since 2022. The plant closed on July 15, 2023. It employs 2000 people, up 2021 jobs.",
            &[("2022", Label::Cardinal), ("July 15", Label::Date), ("2023", Label::Cardinal), ("2000", Label::Cardinal), ("2021", Label::Cardinal)],
        );
        passes().apply(&mut d);
        let expected = [("2022", Label::Date), ("July 15, 2023", Label::Date), ("2000", Label::Cardinal), ("2021", Label::Cardinal)];
        assert_eq!(labels(&d), expected.map(|(text, label)| (text.to_string(), label)));
    }

    #[test]
    fn a_country_named_by_two_places_an_and_apart_is_one_place() {
        // Regression (hunt 9): "Trinidad" and "Tobago" were two places, Trinidad in Bolivia.
        let mut d = doc("Crime in Trinidad and Tobago rose. Paris and London agreed.", &[("Trinidad", Label::Gpe), ("Tobago", Label::Gpe), ("Paris", Label::Gpe), ("London", Label::Gpe)]);
        PostPasses::new(&PostPassConfig::default(), &Gazetteer::load(None).unwrap()).apply(&mut d);
        assert_eq!(labels(&d), vec![("Trinidad and Tobago".into(), Label::Gpe), ("Paris".into(), Label::Gpe), ("London".into(), Label::Gpe)]);
    }

    #[test]
    fn an_acronym_after_a_place_tagged_a_person_is_no_surname() {
        // Regression (hunt 9): "Manitoba RCMP" tagged PERSON made both "RCMP" the network
        // tagged ORG people too.
        let mut d = doc(
            "RCMP are looking for three suspects. RCMP said there is no risk. Manitoba RCMP will give an update.",
            &[("RCMP", Label::Org), ("RCMP", Label::Org), ("Manitoba RCMP", Label::Person)],
        );
        PostPasses::new(&PostPassConfig::default(), &Gazetteer::load(None).unwrap()).apply(&mut d);
        assert_eq!(labels(&d), vec![("RCMP".into(), Label::Org), ("RCMP".into(), Label::Org), ("Manitoba RCMP".into(), Label::Org)]);
        // (Review: a surname in capitals is still one.)
        let mut d = doc("Juan PEREZ conceded defeat. PEREZ said he would not run again.", &[("Juan PEREZ", Label::Person), ("PEREZ", Label::Org)]);
        PostPasses::new(&PostPassConfig::default(), &Gazetteer::load(None).unwrap()).apply(&mut d);
        assert_eq!(labels(&d), vec![("Juan PEREZ".into(), Label::Person), ("PEREZ".into(), Label::Person)]);
    }

    #[test]
    fn surname_takes_the_full_names_label_and_untagged_surnames_are_added() {
        let mut d = doc(
            "Mark McDonnell spoke. McDonnell said no. Later McDonnell left.",
            &[("Mark McDonnell", Label::Person), ("McDonnell", Label::Org)],
        );
        passes().apply(&mut d);
        assert_eq!(
            labels(&d),
            vec![("Mark McDonnell".into(), Label::Person), ("McDonnell".into(), Label::Person), ("McDonnell".into(), Label::Person)]
        );
    }
}
