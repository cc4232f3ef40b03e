//! Word lists of the segmenter: abbreviations and how each behaves before a period, words
//! that start a sentence, follow a time, or carry a line on.

/// How a known abbreviation behaves before a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Abbr {
    /// Personal titles and similar prepositive words (`Mr.`, `Dr.`, `Gov.`, `e.g.`): never end a sentence.
    Title,
    /// Ends a sentence only when the next word is a typical sentence starter (`Co. It closed`).
    General,
    /// Like `General`, but only when written capitalised (`Ill.`, `Wash.`, `Jan.`): the
    /// lowercase form is an ordinary word.
    CapGeneral,
    /// Number abbreviations (`p. 55`, `No. 5`): never end a sentence before a digit,
    /// otherwise behave like `General`.
    Number,
    /// `no`: before a digit an abbreviation, otherwise the ordinary word "no".
    NumberOnly,
    /// A currency before its amount (`Rs. 5`): never ends a sentence before a digit, unless it
    /// follows an amount itself (`500 Rs. 20 people`); otherwise like `General`.
    Currency,
}

/// Built-in abbreviation list (lowercase, without the trailing period).
pub(super) const TITLES: &[&str] = &[
    "mr", "mrs", "ms", "mx", "dr", "drs", "prof", "profs", "messrs", "mssrs", "mme", "mlle",
    "msgr", "rev", "hon", "sen", "sens", "rep", "reps", "gov", "govs", "gen", "lt", "col", "capt",
    "cpt", "cmdr", "comdr", "adm", "maj", "sgt", "cpl", "pvt", "pfc", "sfc", "ens", "brig", "pres",
    "supt", "insp", "det", "atty", "attys", "amb", "cllr", "fr", "vs", "v", "viz", "cf", "e.g",
    "i.e", "dept", "lieut", "gens", "cdr", "sra", "srta", "rt",
];
pub(super) const GENERAL: &[&str] = &[
    "jr", "sr", "esq", "inc", "ltd", "co", "corp", "llc", "plc", "bros", "assn", "assoc", "univ",
    "inst", "etc", "al", "approx", "est", "ave", "av", "blvd", "rd", "hwy", "fwy", "expy", "ln",
    "ct", "sq", "cres", "pl", "dist", "govt", "intl", "natl", "misc", "avg", "min", "mins", "hr",
    "hrs", "sec", "secs", "yr", "yrs", "mo", "mos", "wk", "wks", "oz", "lb", "lbs", "pt", "pts",
    "qt", "mi", "ft", "st", "mt", "mtn", "bldg", "ste", "incl", "excl", "resp", "orig", "ed",
    "eds", "trans", "dept", "ref", "refs", "tel", "abbr", "adj", "adv", "mfg", "mgr", "mgmt",
    "dir", "jct", "hosp", "ph.d", "d.phil", "mass", "ca", "c", "ibid",
];
pub(super) const CAP_GENERAL: &[&str] = &[
    // months and days
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mon",
    "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
    // US states / Canadian provinces whose abbreviation is also an English word or name
    "ala", "ariz", "ark", "calif", "colo", "conn", "del", "fla", "ga", "ill", "ind", "kan", "kans",
    "ky", "la", "md", "mich", "minn", "miss", "mont", "neb", "nebr", "nev", "okla", "ore", "pa",
    "penn", "penna", "tenn", "tex", "va", "vt", "wash", "wis", "wisc", "wyo", "ont", "que", "sask",
    "alta", "dak", "me", "ida",
];
pub(super) const NUMBER: &[&str] = &[
    "nos", "p", "pp", "art", "arts", "vol", "vols", "ch", "chap", "fig", "figs", "eq", "eqs",
    "para", "pg", "op", "ext", "nr", "sect", "tab", "ex",
];
/// Currencies written before the amount ("Rs. 2 lakh", "Shs. 300,000", "Tk. 50", "Rp. 5,000").
pub(super) const CURRENCIES: &[&str] = &["rs", "shs", "tk", "rp"];

/// Words that, capitalised after an ambiguous abbreviation, signal a new sentence.
pub(super) fn is_starter(w: &str) -> bool {
    matches!(
        w,
        "A" | "After"
            | "Also"
            | "An"
            | "And"
            | "As"
            | "At"
            | "Being"
            | "But"
            | "By"
            | "Did"
            | "Do"
            | "Does"
            | "During"
            | "Each"
            | "Even"
            | "For"
            | "From"
            | "He"
            | "Her"
            | "Here"
            | "His"
            | "How"
            | "However"
            | "I"
            | "If"
            | "In"
            | "It"
            | "Its"
            | "Many"
            | "Meanwhile"
            | "Millions"
            | "More"
            | "Most"
            | "My"
            | "Not"
            | "Now"
            | "On"
            | "Only"
            | "Our"
            | "She"
            | "Since"
            | "So"
            | "Some"
            | "Still"
            | "That"
            | "The"
            | "Their"
            | "Then"
            | "There"
            | "These"
            | "They"
            | "This"
            | "Those"
            | "Thus"
            | "Today"
            | "We"
            | "What"
            | "When"
            | "Where"
            | "Which"
            | "While"
            | "Who"
            | "Why"
            | "With"
            | "Yet"
            | "You"
            | "Your"
    )
}

/// Capitalised words that commonly follow "a.m."/"p.m." inside a sentence.
pub(super) fn is_time_follower(w: &str) -> bool {
    matches!(
        w,
        "Monday"
            | "Tuesday"
            | "Wednesday"
            | "Thursday"
            | "Friday"
            | "Saturday"
            | "Sunday"
            | "January"
            | "February"
            | "March"
            | "April"
            | "May"
            | "June"
            | "July"
            | "August"
            | "September"
            | "October"
            | "November"
            | "December"
            | "Jan"
            | "Feb"
            | "Mar"
            | "Apr"
            | "Jun"
            | "Jul"
            | "Aug"
            | "Sep"
            | "Sept"
            | "Oct"
            | "Nov"
            | "Dec"
            | "ET"
            | "EST"
            | "EDT"
            | "CT"
            | "CST"
            | "CDT"
            | "MT"
            | "MST"
            | "MDT"
            | "PT"
            | "PST"
            | "PDT"
            | "GMT"
            | "UTC"
            | "BST"
            | "CET"
            | "CEST"
            | "EET"
            | "EEST"
            | "IST"
            | "JST"
            | "AEST"
            | "Eastern"
            | "Pacific"
            | "Central"
            | "Mountain"
            | "Local"
    )
}

/// Words ending a line that make the line flow into the next one.
pub(super) fn is_flow_word(w: &str) -> bool {
    matches!(
        w,
        "and"
            | "or"
            | "but"
            | "nor"
            | "the"
            | "a"
            | "an"
            | "of"
            | "to"
            | "in"
            | "on"
            | "at"
            | "by"
            | "for"
            | "from"
            | "with"
            | "as"
            | "that"
            | "than"
            | "into"
            | "is"
            | "are"
            | "was"
            | "were"
            | "his"
            | "her"
            | "their"
            | "its"
            | "our"
            | "your"
            | "my"
    )
}

/// Proper nouns spelled with an exclamation mark that does not end the sentence.
pub(super) fn is_exclamation_word(w: &str) -> bool {
    w.eq_ignore_ascii_case("yahoo") || w.eq_ignore_ascii_case("jeopardy")
}
