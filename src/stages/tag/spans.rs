//! The contract's span conventions, applied to every backend's output: entity spans are the
//! name itself, without a leading "the", a trailing possessive, surrounding punctuation, or a
//! title/honorific before a person's name ("Prime Minister Edi Rama" → "Edi Rama").

use std::collections::HashSet;

use crate::document::{Label, Span};

/// Titles that precede names, used when no titles file is available; the gazetteer's
/// `titles.txt` (from the nameparser package) extends it.
const BUILT_IN_TITLES: &[&str] = &[
    "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame", "lord", "lady", "rev", "reverend",
    "fr", "father", "sister", "brother", "rabbi", "imam", "sheikh", "cllr", "councillor", "councilman",
    "councilwoman", "gov", "governor", "sen", "senator", "rep", "representative", "congressman", "congresswoman",
    "president", "vice", "vp", "prime", "minister", "pm", "chancellor", "secretary", "ambassador", "judge", "justice",
    "mayor", "king", "queen", "prince", "princess", "pope", "general", "gen", "lt", "col", "colonel", "capt",
    "captain", "major", "maj", "sgt", "sergeant", "officer", "commissioner", "chairman", "chairwoman", "chair",
    "chief", "executive", "ceo", "director", "deputy", "foreign", "defence", "defense", "interior", "finance",
    "health", "supreme", "leader", "speaker", "mp", "mep", "coach", "manager", "striker", "midfielder",
    "defender", "goalkeeper", "coun", "st", "saint", "hon", "honourable", "honorable", "his", "her", "excellency",
    "majesty", "highness", "state", "attorney", "assistant", "associate", "acting", "former", "then", "ex",
    "first", "lady's", "cardinal", "bishop", "archbishop", "emir", "sultan", "crown", "detective", "inspector",
    "constable", "superintendent", "sheriff", "dean", "spokesman", "spokeswoman", "spokesperson", "chef", "dj",
    // Irish and South African news's.
    "taoiseach", "tánaiste", "tanaiste", "mec",
    // Police and army ranks abbreviated before a name ("Chief Supt. Darren Campbell", "Insp.",
    // "ACP" and "DSP" of Indian and Nigerian police).
    "supt", "insp", "cmdr", "brig", "det", "pte", "pvt", "acp", "dcp", "asp", "dsp",
    // Australian and New Zealand councillors ("Cr Williamson"); the words wire copy writes
    // before a name that are none of it ("a man surnamed Wong").
    "cr", "surnamed", "nicknamed",
];

pub struct Conventions {
    titles: HashSet<String>,
}

impl Conventions {
    /// Built-in titles plus `extra_titles` (the gazetteer's, from the nameparser package).
    pub fn new<'a>(extra_titles: impl Iterator<Item = &'a str>) -> Conventions {
        let mut titles: HashSet<String> = BUILT_IN_TITLES.iter().map(|t| t.to_string()).collect();
        titles.extend(extra_titles.map(|t| t.trim_end_matches('.').to_lowercase()));
        Conventions { titles }
    }

    /// The span trimmed to the name itself; `None` if nothing is left.
    pub fn apply(&self, text: &str, span: Span, label: Label) -> Option<Span> {
        let mut start = span.start;
        let mut end = span.end;
        loop {
            let before = (start, end);
            // Surrounding whitespace and punctuation that is never part of a name.
            let piece = &text[start..end];
            let trimmed_start = piece.trim_start_matches(|c: char| c.is_whitespace() || "\"“”‘’'([{,;:-–—".contains(c));
            start += piece.len() - trimmed_start.len();
            let piece = &text[start..end];
            let keep_period = ends_with_abbreviation(piece);
            let trimmed_end = piece.trim_end_matches(|c: char| {
                c.is_whitespace() || "\"“”‘’)]},;:–—!?".contains(c) || (c == '.' && !keep_period)
            });
            end = start + trimmed_end.len();
            // A spaced hyphen is a dash ("Ravichandran Ashwin - who ..."); "Jean-" is cut
            // hyphenation and kept.
            if text[start..end].ends_with(" -") {
                end -= 1;
            }
            // Trailing possessive.
            for suffix in ["'s", "’s", "'S", "’S"] {
                if text[start..end].ends_with(suffix) && end - start > suffix.len() {
                    end -= suffix.len();
                }
            }
            if text[start..end].ends_with(['\'', '’']) && text[start..end].ends_with("s'") {
                end -= 1; // plural possessive: "the Smiths'"
            }
            // Leading article; a date keeps it ("the early 1990s" names the period).
            // (Any space after it: a line break or a no-break space, "the\nEuropean Union".)
            let piece = &text[start..end];
            if let Some(rest) = ["the", "The", "THE"].iter().find_map(|article| piece.strip_prefix(article)).filter(|_| label != Label::Date) {
                let name = rest.trim_start();
                if name.len() < rest.len() && !name.is_empty() {
                    start += piece.len() - name.len();
                }
            }
            // (A date's own capitals before a dash are a range: "MONDAY - FRIDAY".)
            if matches!(label, Label::Date | Label::Time) {
                end = start + date_before_dash(&text[start..end]);
            } else {
                start += dateline_length(&text[start..end]);
                // A spaced dash inside a person's name ends it ("Matt Levine - GOAT"; numbers
                // keep their ranges, an organisation its part: "Rolls-Royce - Aerospace").
                let name = label == Label::Person;
                if let Some(at) = [" - ", " – ", " — "].iter().filter_map(|dash| text[start..end].find(dash)).min().filter(|&at| name && at > 0) {
                    end = start + at;
                }
            }
            if label == Label::Person {
                start = self.skip_titles(text, start, end);
                end = start + without_glued_credit(&text[start..end]).len();
            }
            // Half a bracket is no part of a name: the name before an opening one left open
            // ("T&T Police Service (TTPS"), after a closing one never opened ("AL) Sheriff's
            // Office").
            let piece = &text[start..end];
            if let Some(open) = piece.rfind('(').filter(|&at| at > 0 && !piece[at..].contains(')')) {
                end = start + piece[..open].trim_end().len();
            } else if let Some(close) = piece.find(')').filter(|&at| !piece[..at].contains('(')) {
                start += close + 1;
            }
            if (start, end) == before {
                break;
            }
        }
        // Symbols alone name nothing ("」", half of a flag).
        (start < end && text[start..end].chars().any(char::is_alphanumeric)).then_some(start..end)
    }

    /// Whether `word` (a mention's whole text) is a title, like the "Col" the network tags on
    /// its own before "Lawrence Cajipe" in "Col. Lawrence Cajipe".
    pub fn is_title(&self, word: &str) -> bool {
        self.titles.contains(&word.trim_end_matches('.').to_lowercase())
    }

    /// Skip leading title words ("Prime Minister", "Dr.", "Cllr") while a name remains after them,
    /// and a descriptor ("Briton", "Debutant") while a full name does.
    fn skip_titles(&self, text: &str, mut start: usize, end: usize) -> usize {
        loop {
            let piece = &text[start..end];
            let word_end = piece.find(char::is_whitespace).unwrap_or(piece.len());
            if word_end == piece.len() {
                return start; // never strip the last word
            }
            // ("CR Patil": initials, not a councillor's "Cr".)
            if &piece[..word_end] == "CR" {
                return start;
            }
            let word = piece[..word_end].trim_end_matches('.').to_lowercase();
            // (A saint's name is left whole here: places are named after saints, "Saint John",
            // "St Catherine"; the tag stage leaves "St." out of a person's name once the post
            // passes have told the places apart.)
            if SAINT_WORDS.contains(&word.as_str()) {
                return start;
            }
            let full_name_after = piece[word_end..].split_whitespace().nth(1).is_some();
            let descriptor = DESCRIPTORS.contains(&word.as_str()) && full_name_after;
            if !self.titles.contains(&word) && !descriptor {
                return start;
            }
            let rest = &piece[word_end..];
            start += word_end + (rest.len() - rest.trim_start().len());
        }
    }
}

/// The words that make a name a saint's ("St. Paul") or a place's named after one ("Saint John").
pub const SAINT_WORDS: &[&str] = &["st", "saint", "ste", "sainte"];

/// A person's name without the "St." or "Saint" before it ("St. Paul" → "Paul"), as the
/// contract leaves titles out of names.
pub fn without_saint(text: &str, span: Span) -> Span {
    let piece = &text[span.clone()];
    let Some((word, rest)) = piece.split_once(char::is_whitespace) else { return span };
    let name = rest.trim_start();
    if SAINT_WORDS.contains(&word.trim_end_matches('.').to_lowercase().as_str()) && name.starts_with(char::is_uppercase) {
        return span.end - name.len()..span.end;
    }
    span
}

/// Words news writes before a person's full name that are no part of it ("Briton Lando Norris",
/// "Dutchman Max Verstappen", "Debutant Todd Murphy"): a nationality's noun or a player's role.
/// Left out only before two words or more ("German Efromovich" is a name).
const DESCRIPTORS: &[&str] = &[
    // Nigerian, Indian and Malaysian honorifics that are given names too ("Alhaji Kamara",
    // "Shri Thanedar", "Dato Turashvili"; not "Sri": Sri Mulyani's).
    "alhaji", "alhaja", "asiwaju", "shri", "shrimati", "smt", "datuk", "dato",
    "briton", "englishman", "englishwoman", "scotsman", "scotswoman", "welshman", "welshwoman", "irishman", "irishwoman",
    "frenchman", "frenchwoman", "dutchman", "dutchwoman", "spaniard", "swede", "pole", "turk", "kiwi", "aussie",
    "icelander", "countryman", "compatriot", "debutant", "debutante", "rookie", "veteran", "striker", "midfielder", "defender",
    "goalkeeper", "winger", "batsman", "batter", "bowler", "pitcher", "quarterback", "skipper", "all-rounder", "teenager",
    "youngster", "teammate", "team-mate",
];

/// The length of a dateline run into the name ("CUPERTINO — " of "CUPERTINO — Apple Inc."):
/// capitals before a spaced dash; 0 when there is none.
fn dateline_length(piece: &str) -> usize {
    for dash in [" — ", " – ", " - "] {
        if let Some(at) = piece.find(dash) {
            let place = &piece[..at];
            let capitals = place.chars().filter(|c| c.is_uppercase()).count();
            let rest = piece[at + dash.len()..].trim_start();
            if capitals >= 2 && !place.chars().any(char::is_lowercase) && rest.starts_with(char::is_alphanumeric) {
                return piece.len() - rest.len();
            }
        }
    }
    0
}

/// A date that a dateline's dash runs into the story ("April 16 - Nigeria's ..."): the length of
/// the date alone. A range ("July 15 - August 2", "Monday - Friday") is kept whole.
fn date_before_dash(piece: &str) -> usize {
    const CALENDAR: &[&str] = &[
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
        "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "monday", "tuesday",
        "wednesday", "thursday", "friday", "saturday", "sunday", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri",
        "sat", "sun",
    ];
    for dash in [" - ", " — ", " – "] {
        if let Some(at) = piece.find(dash) {
            let rest = &piece[at + dash.len()..];
            let first = rest.split_whitespace().next().unwrap_or("").trim_end_matches([',', '.']).to_lowercase();
            let calendar = CALENDAR.contains(&first.as_str());
            if !rest.chars().any(|c| c.is_ascii_digit()) && !calendar {
                return at;
            }
        }
    }
    piece.len()
}

/// A person's name without a picture agency's credit its caption glued to it ("Antonio
/// GuterresReuters", "Jane DoeAFP"): the credit follows a lower-case letter.
fn without_glued_credit(name: &str) -> &str {
    const AGENCIES: &[&str] = &["Reuters", "AFP", "AP", "EPA", "Getty Images", "Getty", "Bloomberg", "Anadolu", "Xinhua", "Shutterstock"];
    for agency in AGENCIES {
        if let Some(rest) = name.strip_suffix(agency) {
            if rest.ends_with(char::is_lowercase) && rest.contains(' ') {
                return rest;
            }
        }
    }
    name
}

/// Whether a PERSON span is a picture agency's or library's name ("Getty Images", "Shutterstock
/// Images"): an organisation.
pub fn picture_agency(name: &str) -> bool {
    name.ends_with(" Images") || name == "Getty" || name == "Shutterstock"
}

/// "Corp.", "Inc.", "U.S." keep their final period; a sentence's full stop does not.
fn ends_with_abbreviation(piece: &str) -> bool {
    let Some(without) = piece.strip_suffix('.') else { return false };
    let last = without.rsplit(|c: char| c.is_whitespace()).next().unwrap_or("");
    if last.contains('.') {
        return true; // U.S. / e.g.
    }
    matches!(
        last,
        "Corp" | "Inc" | "Co" | "Ltd" | "Bros" | "Jr" | "Sr" | "Dr" | "St" | "Mt" | "Ft" | "Assn" | "Cos" | "Mfg" | "Intl"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_ends_before_a_dateline_dash() {
        let conventions = Conventions::new(std::iter::empty());
        for (text, date) in [
            ("April 16 - Nigeria", "April 16"),
            ("Aug 11 - A", "Aug 11"),
            ("April 16 - Mayor Adams", "April 16"),
            ("July 15 - August 2", "July 15 - August 2"),
            ("Monday - Friday", "Monday - Friday"),
            ("MONDAY - FRIDAY", "MONDAY - FRIDAY"),
            ("JULY 15 - AUGUST 2", "JULY 15 - AUGUST 2"),
        ] {
            let span = conventions.apply(text, 0..text.len(), Label::Date).unwrap();
            assert_eq!(&text[span], date);
        }
    }

    #[test]
    fn a_dateline_run_into_a_name_is_left_out() {
        let conventions = Conventions::new(std::iter::empty());
        for (text, name) in [("CUPERTINO — Apple Inc.", "Apple Inc."), ("MONTRÉAL – Justin Trudeau", "Justin Trudeau"), ("LONDON - Eon Productions", "Eon Productions")] {
            let span = conventions.apply(text, 0..text.len(), Label::Org).unwrap();
            assert_eq!(&text[span], name);
        }
        // Regression: a spaced hyphen after the name stayed in the span (and won the canonical
        // name: "Ravichandran Ashwin -").
        assert_eq!(apply("Ravichandran Ashwin -", Label::Person), "Ravichandran Ashwin");
        // A name with a dash of its own stays whole.
        let text = "Rolls-Royce - Aerospace";
        assert_eq!(conventions.apply(text, 0..text.len(), Label::Org), Some(0..text.len()));
    }

    fn apply(text: &str, label: Label) -> &str {
        let conventions = Conventions::new(std::iter::empty());
        let span = conventions.apply(text, 0..text.len(), label).unwrap();
        &text[span]
    }

    #[test]
    fn half_a_bracket_a_councillors_cr_and_surnamed_are_no_part_of_a_name() {
        // Regression (hunt 9).
        assert_eq!(apply("T&T Police Service (TTPS", Label::Org), "T&T Police Service");
        assert_eq!(apply("AL) Sheriff’s Office", Label::Org), "Sheriff’s Office");
        assert_eq!(apply("Cr Williamson", Label::Person), "Williamson");
        assert_eq!(apply("CR Patil", Label::Person), "CR Patil");
        assert_eq!(apply("surnamed Wong", Label::Person), "Wong");
        // A whole bracket stays.
        assert_eq!(apply("Escambia County (AL) Sheriff’s Office", Label::Org), "Escambia County (AL) Sheriff’s Office");
    }

    #[test]
    fn a_nationality_or_a_role_before_a_full_name_is_no_part_of_it() {
        // Hunter R: "Briton Lando Norris" was the name, and "the Briton" (another driver)
        // became Lando Norris by its first word.
        assert_eq!(apply("Briton Lando Norris", Label::Person), "Lando Norris");
        assert_eq!(apply("Dutchman Max Verstappen", Label::Person), "Max Verstappen");
        assert_eq!(apply("Debutant Todd Murphy", Label::Person), "Todd Murphy");
        assert_eq!(apply("Pole Robert Lewandowski", Label::Person), "Robert Lewandowski");
        // (A name of two words keeps both: "Pole" and "Rookie" may be names too.)
        assert_eq!(apply("Finn Russell", Label::Person), "Finn Russell");
        assert_eq!(apply("Rookie Smith", Label::Person), "Rookie Smith");
    }

    #[test]
    fn an_article_before_any_space_a_dash_after_a_name_and_symbols_alone_are_no_name() {
        // Regression: "the\nEuropean Union" (a wrapped line), "the United Nations" with a
        // no-break space, "Matt Levine - GOAT", and "」" or half a flag as an ORG.
        assert_eq!(apply("the\nEuropean Union", Label::Org), "European Union");
        assert_eq!(apply("the\u{a0}United Nations", Label::Org), "United Nations");
        assert_eq!(apply("Theresa May", Label::Person), "Theresa May");
        assert_eq!(apply("Matt Levine - GOAT", Label::Person), "Matt Levine");
        assert_eq!(apply("10 - 15", Label::Cardinal), "10 - 15");
        let conventions = Conventions::new(std::iter::empty());
        for symbols in ["」", "\u{1F1E6}", "&"] {
            assert_eq!(conventions.apply(symbols, 0..symbols.len(), Label::Org), None, "{symbols}");
        }
    }

    #[test]
    fn contract_examples() {
        assert_eq!(apply("the United Arab Emirates", Label::Gpe), "United Arab Emirates");
        assert_eq!(apply("Albania’s", Label::Gpe), "Albania");
        assert_eq!(apply("Prime Minister Edi Rama", Label::Person), "Edi Rama");
        assert_eq!(apply("Cllr Chris Large", Label::Person), "Chris Large");
        assert_eq!(apply("Dr. Jane Goodall's", Label::Person), "Jane Goodall");
        assert_eq!(apply("Gov. Gavin Newsom", Label::Person), "Gavin Newsom");
        // (A hunt: "VP Harris" was an entity apart from "Kamala Harris" and "Harris".)
        assert_eq!(apply("VP Harris", Label::Person), "Harris");
        // (A hunt: a caption's credit glued to the name made "Antonio GuterresReuters".)
        assert_eq!(apply("Antonio GuterresReuters", Label::Person), "Antonio Guterres");
        assert_eq!(apply("Jane DoeAFP", Label::Person), "Jane Doe");
        assert_eq!(apply("Peter MAP", Label::Person), "Peter MAP");
        assert!(picture_agency("Getty Images") && picture_agency("AFP/Getty Images") && !picture_agency("Gettysburg"));
        // Regression: Irish, Nigerian and Indian news's titles stayed in the name (two ids).
        assert_eq!(apply("Taoiseach Leo Varadkar", Label::Person), "Leo Varadkar");
        assert_eq!(apply("Tánaiste Micheál Martin", Label::Person), "Micheál Martin");
        assert_eq!(apply("Alhaji Aliko Dangote", Label::Person), "Aliko Dangote");
        assert_eq!(apply("Shri Amit Shah", Label::Person), "Amit Shah");
        assert_eq!(apply("Sri Mulyani Indrawati", Label::Person), "Sri Mulyani Indrawati");
        // (Those that are given names too only before a full name: a review.)
        assert_eq!(apply("Shri Thanedar", Label::Person), "Shri Thanedar");
        assert_eq!(apply("Alhaji Kamara", Label::Person), "Alhaji Kamara");
        assert_eq!(apply("Dato Turashvili", Label::Person), "Dato Turashvili");
    }

    #[test]
    fn keeps_abbreviation_periods_and_single_names() {
        assert_eq!(apply("BB&T Corp.", Label::Org), "BB&T Corp.");
        assert_eq!(apply("the U.S.", Label::Gpe), "U.S.");
        assert_eq!(apply("Ankara.", Label::Gpe), "Ankara");
        assert_eq!(apply("President", Label::Person), "President");
        assert_eq!(apply("“Tehran”", Label::Gpe), "Tehran");
        // Not a person: titles are kept in other labels.
        assert_eq!(apply("President Hotel", Label::Fac), "President Hotel");
        assert_eq!(apply("the early 1990s", Label::Date), "the early 1990s");
    }
}
