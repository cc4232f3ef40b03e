//! Normalised values of DATE and TIME mentions, in TIMEX3 form (the TimeML standard):
//! `2022-07-15`, `2022-07`, `2022`, `199X` (the 1990s: the contract's form, as ISO-TimeML writes decades), `2022-W36`, `2022-Q3`, `2022-SU`, `2022-09-07TEV`,
//! `2022-09-07T10:30`, `PRESENT_REF`, `PAST_REF`, `FUTURE_REF`. Relative expressions ("Wednesday",
//! "last July", "two days ago", "this summer") are resolved against the document's publication
//! date; without one they have no value. Evaluated on TimeBank (`scripts/timebank/eval.py`).

use std::sync::LazyLock;

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use regex::Regex;

use crate::document::{Label, Mention};
use crate::stages::clean::metadata::find_date;

/// Words in the sentence that put an expression without a direction in the future
/// ("Elections will be held in March").
static FUTURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(will|won't|'ll|shall|going to|scheduled|next|upcoming|expected|planned|slated|due to|set to|postponed|delayed)\b").unwrap()
});

/// A word of `FUTURE` in the sentence, but not in a relative clause after the expression at
/// `at`: "In January, the firm brought in a new chief, who will stay" tells of last January.
fn looks_ahead(sentence: &str, at: usize) -> bool {
    FUTURE.find_iter(sentence).any(|found| {
        let before = sentence[..found.start()].trim_end().to_lowercase();
        !(found.start() > at && (before.ends_with(" who") || before.ends_with(" which")))
    })
}

/// Words that put a sentence in the past ("Prices rose in October"): a month or day named without
/// a year is then not the coming one.
static PAST: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)\b(was|were|rose|fell|ago)\b").unwrap());

/// A verb in the past tense (in -ed, or a common irregular one; not the reporting "said"): a
/// month named without a year that lies only weeks ahead is then last year's ("The minister
/// resigned in November", told in September).
static PAST_VERB: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(had|did|took|made|met|won|lost|left|came|went|gave|got|began|saw|held|became|sold|bought|paid|ran|\w{3,}ed)\b").unwrap()
});

const MONTHS: [&[&str]; 12] = [
    &["january", "jan"],
    &["february", "feb"],
    &["march", "mar"],
    &["april", "apr"],
    &["may"],
    &["june", "jun"],
    &["july", "jul"],
    &["august", "aug"],
    &["september", "sep", "sept"],
    &["october", "oct"],
    &["november", "nov"],
    &["december", "dec"],
];
const WEEKDAYS: [(&str, Weekday); 7] = [
    ("monday", Weekday::Mon),
    ("tuesday", Weekday::Tue),
    ("wednesday", Weekday::Wed),
    ("thursday", Weekday::Thu),
    ("friday", Weekday::Fri),
    ("saturday", Weekday::Sat),
    ("sunday", Weekday::Sun),
];
/// Holidays news names by their name, and the day each falls on in a year.
#[derive(Clone, Copy)]
enum Holiday {
    /// The same day every year: (month, day).
    Fixed(u32, u32),
    /// The nth weekday of a month (n = -1: its last), with days added (Black Friday: the day
    /// after Thanksgiving).
    NthWeekday(u32, Weekday, i32, i64),
    /// Days from Easter Sunday (Good Friday: -2).
    Easter(i64),
}
const HOLIDAYS: &[(&str, Holiday)] = &[
    ("christmas", Holiday::Fixed(12, 25)),
    ("christmas day", Holiday::Fixed(12, 25)),
    ("christmas eve", Holiday::Fixed(12, 24)),
    ("boxing day", Holiday::Fixed(12, 26)),
    ("new year's day", Holiday::Fixed(1, 1)),
    ("new year's eve", Holiday::Fixed(12, 31)),
    ("valentine's day", Holiday::Fixed(2, 14)),
    ("st. patrick's day", Holiday::Fixed(3, 17)),
    ("st patrick's day", Holiday::Fixed(3, 17)),
    ("saint patrick's day", Holiday::Fixed(3, 17)),
    ("may day", Holiday::Fixed(5, 1)),
    ("juneteenth", Holiday::Fixed(6, 19)),
    ("canada day", Holiday::Fixed(7, 1)),
    ("fourth of july", Holiday::Fixed(7, 4)),
    ("bastille day", Holiday::Fixed(7, 14)),
    ("halloween", Holiday::Fixed(10, 31)),
    ("guy fawkes night", Holiday::Fixed(11, 5)),
    ("bonfire night", Holiday::Fixed(11, 5)),
    ("armistice day", Holiday::Fixed(11, 11)),
    ("remembrance day", Holiday::Fixed(11, 11)),
    ("veterans day", Holiday::Fixed(11, 11)),
    ("australia day", Holiday::Fixed(1, 26)),
    ("martin luther king day", Holiday::NthWeekday(1, Weekday::Mon, 3, 0)),
    ("martin luther king jr. day", Holiday::NthWeekday(1, Weekday::Mon, 3, 0)),
    ("presidents day", Holiday::NthWeekday(2, Weekday::Mon, 3, 0)),
    ("presidents' day", Holiday::NthWeekday(2, Weekday::Mon, 3, 0)),
    ("memorial day", Holiday::NthWeekday(5, Weekday::Mon, -1, 0)),
    ("thanksgiving", Holiday::NthWeekday(11, Weekday::Thu, 4, 0)),
    ("thanksgiving day", Holiday::NthWeekday(11, Weekday::Thu, 4, 0)),
    ("black friday", Holiday::NthWeekday(11, Weekday::Thu, 4, 1)),
    ("cyber monday", Holiday::NthWeekday(11, Weekday::Thu, 4, 4)),
    ("easter", Holiday::Easter(0)),
    ("easter sunday", Holiday::Easter(0)),
    ("easter monday", Holiday::Easter(1)),
    ("good friday", Holiday::Easter(-2)),
    ("ash wednesday", Holiday::Easter(-46)),
    ("pentecost", Holiday::Easter(49)),
];

impl Holiday {
    fn in_year(self, year: i32) -> Option<NaiveDate> {
        match self {
            Holiday::Fixed(month, day) => NaiveDate::from_ymd_opt(year, month, day),
            Holiday::NthWeekday(month, weekday, n, after) => {
                let day = match n {
                    -1 => {
                        let last = NaiveDate::from_ymd_opt(year, month + 1, 1).or_else(|| NaiveDate::from_ymd_opt(year + 1, 1, 1))? - Days::new(1);
                        last - Days::new(u64::from((last.weekday().num_days_from_monday() + 7 - weekday.num_days_from_monday()) % 7))
                    }
                    n => NaiveDate::from_weekday_of_month_opt(year, month, weekday, u8::try_from(n).ok()?)?,
                };
                day.checked_add_signed(chrono::Duration::days(after))
            }
            Holiday::Easter(after) => easter_sunday(year)?.checked_add_signed(chrono::Duration::days(after)),
        }
    }
}

/// Easter Sunday of a Gregorian year (the "anonymous Gregorian" computus: plain arithmetic, no
/// table; a crate for a dozen lines of it would be one more dependency to keep).
fn easter_sunday(year: i32) -> Option<NaiveDate> {
    let (a, b, c) = (year % 19, year / 100, year % 100);
    let (d, e) = (b / 4, b % 4);
    let g = (8 * b + 13) / 25;
    let h = (19 * a + b - d - g + 15) % 30;
    let (i, k) = (c / 4, c % 4);
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 19 * l) / 433;
    let month = (h + l - 7 * m + 90) / 25;
    let day = (h + l - 7 * m + 33 * month + 19) % 32;
    NaiveDate::from_ymd_opt(year, month as u32, day as u32)
}

const SEASONS: [(&str, &str, u32); 5] = [("spring", "SP", 3), ("summer", "SU", 6), ("autumn", "FA", 9), ("fall", "FA", 9), ("winter", "WI", 12)];
const PARTS_OF_DAY: [(&str, &str); 5] = [("morning", "TMO"), ("afternoon", "TAF"), ("evening", "TEV"), ("night", "TNI"), ("tonight", "TNI")];
const NUMBERS: [&str; 13] = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"];
const ORDINALS: [&str; 4] = ["first", "second", "third", "fourth"];

static PATTERNS: LazyLock<Patterns> = LazyLock::new(Patterns::new);

struct Patterns {
    year: Regex,
    decade: Regex,
    ago: Regex,
    clock: Regex,
    quarter: Regex,
    half: Regex,
    /// Words of a game's report: its halves are the game's.
    game: Regex,
    century: Regex,
    month_day: Regex,
    day_month: Regex,
}

impl Patterns {
    fn new() -> Patterns {
        let re = |p: &str| Regex::new(p).expect("built-in date pattern compiles");
        Patterns {
            year: re(r"\b(1[6-9]\d\d|20\d\d)\b|'(\d\d)\b"),
            decade: re(r"\b(1[6-9]\d|20\d)0'?s\b|'(\d)0s\b"),
            ago: re(r"\b(\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|few|a few)\s+(day|week|month|year|decade)s?(?:\s+or\s+so)?\s+(ago|earlier|before|from now)\b"),
            clock: re(r"\b(\d{1,2})(?:[:.](\d\d))?\s*(a\.?m\.?|p\.?m\.?)|\b(\d{1,2})[:.](\d\d)\b|\b(noon|midday|midnight)\b"),
            quarter: re(r"\b(first|second|third|fourth|1st|2nd|3rd|4th)[- ]quarter\b|\bq([1-4])\b"),
            // ("The last half of 1989"; "the first two quarters of 1990" is its first half.)
            half: re(r"\b(first|second|last)[- ]half\b|\b(first) two quarters\b"),
            game: re(r"(?i)\b(?:scor(?:e|ed|es|ing)|goals?|match(?:es)?|game|minutes?|half-?time|kick-?off|penalt(?:y|ies)|innings|touchdowns?|tries|referee|whistle|equali[sz]er|header|striker|keeper)\b"),
            century: re(r"\b(\d\d)(?:st|nd|rd|th) century\b|\b(nineteenth|twentieth|twenty-first)[- ]century\b"),
            month_day: re(r"\b([a-z]{3,9})\.? (\d{1,2})(?:st|nd|rd|th)?\b"),
            day_month: re(r"\b(\d{1,2})(?:st|nd|rd|th)? (?:of )?([a-z]{3,9})\b"),
        }
    }
}

fn month_of(word: &str) -> Option<u32> {
    let word = word.trim_end_matches('.');
    MONTHS.iter().position(|names| names.contains(&word)).map(|i| i as u32 + 1)
}

fn number_of(word: &str) -> Option<u32> {
    match word {
        "a" | "an" => Some(1),
        _ => word.parse().ok().or_else(|| NUMBERS.iter().position(|n| *n == word).map(|i| i as u32)),
    }
}

fn quarter_of(date: NaiveDate) -> u32 {
    (date.month() - 1) / 3 + 1
}

fn week_of(date: NaiveDate) -> String {
    let week = date.iso_week();
    format!("{}-W{:02}", week.year(), week.week())
}

/// Which way an expression without an explicit direction points from the publication date.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Direction {
    Past,
    Future,
    This,
    /// No word says which way: past, or this year's when it is only weeks ahead.
    Near,
}

/// The TIMEX3 value of a DATE or TIME mention's text, read in its sentence against the
/// publication date `anchor`.
/// `quarterly`: the document reports a quarter's results (it speaks of quarters), where "a year
/// earlier" and "last year" compare with that quarter a year before.
/// `at`: where the mention starts in `sentence` (bytes).
pub fn normalise(mention: &str, sentence: &str, at: usize, anchor: Option<NaiveDate>, quarterly: bool) -> Option<String> {
    let lower = mention.to_lowercase().replace(['’', '`'], "'");
    // (A decade written with an apostrophe is no possessive: "the 1970's".)
    let decade = lower.trim().strip_suffix("0's").is_some_and(|head| head.len() >= 3 && head[head.len() - 3..].bytes().all(|b| b.is_ascii_digit()));
    let m = if decade { lower.trim().trim_start_matches("the ") } else { lower.trim().trim_start_matches("the ").trim_end_matches("'s").trim() };
    let p = &*PATTERNS;
    // Reference to the present, past or future as such.
    match m {
        "now" | "currently" | "at present" | "presently" | "nowadays" | "these days" | "at the moment" | "present" | "the moment" | "right now" => {
            return Some("PRESENT_REF".into())
        }
        "recently" | "lately" | "past" | "previously" | "formerly" | "once" | "in the past" | "earlier" => return Some("PAST_REF".into()),
        "future" | "soon" | "in the future" | "the future" | "near future" | "in the near future" | "distant future" | "in the distant future" | "weeks ahead" | "months ahead" | "years ahead" | "days ahead" | "near term" | "short term" | "in the near term" | "in the short term" | "a later date" | "later date" => {
            return Some("FUTURE_REF".into())
        }
        // ("future quarters", "future years": times to come, none named.)
        _ if m.strip_prefix("future ").is_some_and(|rest| rest.ends_with('s') && !rest.contains(' ')) => return Some("FUTURE_REF".into()),
        _ if m.starts_with("coming ") && !m.contains(char::is_numeric) && m.ends_with('s') => return Some("FUTURE_REF".into()),
        _ if (m.starts_with("recent ") || m.starts_with("in recent ") || m.starts_with("past ")) && !m.contains(char::is_numeric) && m.ends_with('s') => {
            return Some("PAST_REF".into())
        }
        _ => {}
    }
    // A full date written out.
    if let Some(date) = find_date(mention) {
        // (A time is no part of the date's own digits: "18.05" of "18.05.2022" is no 18:05.)
        let in_date = |c: &regex::Captures| {
            let whole = c.get(0).expect("a match");
            let glued = |b: Option<&u8>, c: Option<&u8>| matches!(b, Some(b'.' | b'-' | b'/')) && c.is_some_and(u8::is_ascii_digit);
            glued(m.as_bytes().get(whole.end()), m.as_bytes().get(whole.end() + 1))
                || whole.start() >= 2 && glued(m.as_bytes().get(whole.start() - 1), m.as_bytes().get(whole.start() - 2))
        };
        let part = p.clock.captures_iter(m).filter(|c| !in_date(c)).find_map(|c| clock_value(&c)).or_else(|| part_of_day(m).map(str::to_string));
        return Some(format!("{date}{}", part.unwrap_or_default()));
    }
    let direction = if m.starts_with("last ") || m.starts_with("past ") || m.starts_with("previous ") || m.contains("earlier") || m.contains(" ago") {
        Direction::Past
    } else if m.starts_with("next ") || m.starts_with("coming ") || m.contains("later") || m.starts_with("following ") {
        Direction::Future
    } else if m.starts_with("this ") || m.contains("current") {
        Direction::This
    } else if looks_ahead(sentence, at) {
        Direction::Future
    } else if PAST.is_match(sentence) {
        Direction::Past
    } else {
        Direction::Near
    };
    // Centuries and decades.
    if let Some(c) = p.century.captures(m) {
        let century: u32 = match c.get(1) {
            Some(n) => n.as_str().parse().ok()?,
            None => match &c[2] {
                "nineteenth" => 19,
                "twentieth" => 20,
                _ => 21,
            },
        };
        return Some(format!("{:02}XX", century - 1));
    }
    if let Some(c) = p.decade.captures(m) {
        return Some(match c.get(1) {
            Some(d) => format!("{}X", d.as_str()),
            None => format!("19{}X", &c[2]),
        });
    }
    // "the 90s" (a decade of the last century; "the 20s" could be either, "their 90s" is an age).
    if let Some(d) = m.strip_suffix("0s").filter(|d| lower.trim().starts_with("the ") && matches!(*d, "3" | "4" | "5" | "6" | "7" | "8" | "9")) {
        return Some(format!("19{d}X"));
    }
    // The year may follow the expression: "the fourth quarter of 2022", "March of 2021".
    static OF_YEAR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s+of\s+((?:19|20)\d\d)\b").expect("valid pattern"));
    let year_after = || sentence.get(at + mention.len()..).and_then(|rest| OF_YEAR.captures(rest)).and_then(|c| c[1].parse::<i32>().ok());
    let year_in = p
        .year
        .captures(m)
        .and_then(|c| match c.get(1) {
            Some(y) => y.as_str().parse::<i32>().ok(),
            None => c[2].parse::<i32>().ok().map(|y| if y > 30 { 1900 + y } else { 2000 + y }),
        })
        .or_else(year_after);
    let anchor_year = |shift: i32| anchor.map(|a| a.year() + shift);
    // Quarterly reports compare with "the year-ago quarter", "a year earlier": the quarter just
    // ended, a year before.
    let year_back = m.contains("year-ago") || m.contains("year-earlier") || m.contains("year ago") || m.contains("year earlier");
    let last_year = m == "last year" || (m.contains("quarter") && m.ends_with("last year"));
    if year_back || last_year {
        let a = anchor?;
        // "last year" is the quarter's comparison only where the sentence speaks of the quarter.
        let in_quarter_report = (quarterly && year_back) || quarters_named(sentence) > 0;
        if m.contains("quarter") || m.contains("period") || in_quarter_report {
            // The quarter the sentence names ("third-quarter profit rose from a year ago"), else
            // the one just ended.
            let named = p.quarter.captures(&sentence.to_lowercase()).and_then(|c| ordinal_quarter(&c));
            let q = named.map_or(quarter_of(a) as i32 - 2, |q| q as i32 - 1);
            return Some(format!("{}-Q{}", a.year() - 1 + q.div_euclid(4), q.rem_euclid(4) + 1));
        }
        return Some((a.year() - 1).to_string());
    }
    // "last year", "this month", "next week", "two years ago": units relative to the anchor.
    if let Some(c) = p.ago.captures(m) {
        // ("two weeks from now" is ahead.)
        let n = number_of(&c[1]).unwrap_or(2) as i64 * if &c[3] == "from now" { -1 } else { 1 };
        let a = anchor?;
        return Some(match &c[2] {
            "day" => (a - chrono::Duration::days(n)).to_string(),
            "week" => week_of(a - chrono::Duration::weeks(n)),
            "month" => month_value(shift_months(a, -(n as i32))?),
            "decade" => format!("{}X", (a.year() - 10 * n as i32) / 10),
            _ => (a.year() - n as i32).to_string(),
        });
    }
    // Quarters and halves ("the third quarter", "the first half of 1998").
    // Without a year they are read as months are: "profit rose in the fourth quarter" in a
    // January story is last year's.
    let period_year = |first: u32, last: u32| -> Option<i32> {
        if let Some(year) = year_in {
            return Some(year);
        }
        let a = anchor?;
        if m.contains("last year") || m.contains("this year") || m.contains("next year") {
            return anchor_year(if m.contains("last year") { -1 } else { i32::from(m.contains("next year")) });
        }
        let toward = direction_words(m).or_else(|| local_direction(sentence, at, mention.len(), false)).unwrap_or(direction);
        let months_ahead = first.saturating_sub(a.month());
        Some(match toward {
            Direction::Past if months_ahead > 0 => a.year() - 1,
            // (Not a bare month's bar of three months ahead: "starts in the fourth quarter",
            // "hopes to break even in the third" in a January story are this year's.)
            Direction::Near if months_ahead > 0 && PAST_VERB.is_match(sentence) => a.year() - 1,
            // (A quarter's results come out in the months after it: "will report third-quarter
            // results" in October is of the quarter just ended.)
            Direction::Future if a.month() > last + 3 => a.year() + 1,
            _ => a.year(),
        })
    };
    if let Some(c) = p.quarter.captures(m) {
        let q = ordinal_quarter(&c)?;
        let year = period_year(3 * q - 2, 3 * q)?;
        return Some(format!("{year}-Q{q}"));
    }
    // "the quarter", "the latest quarter": the one just reported.
    if matches!(m, "quarter" | "latest quarter" | "most recent quarter" | "recent quarter") {
        let a = anchor?;
        let q = quarter_of(a) as i32 - 2;
        return Some(format!("{}-Q{}", a.year() + q.div_euclid(4), q.rem_euclid(4) + 1));
    }
    if let Some(c) = p.half.captures(m) {
        // A match's half is no half of a year ("scored twice in the first half").
        // (Not a half of a year named: "the first half of next year".)
        if !m.contains(|c: char| c.is_ascii_digit()) && !m.contains(" of ") && p.game.is_match(sentence) || m.contains("hour") {
            return None;
        }
        // ("The last half" and "the first two quarters" only of a year named: not "the last half
        // century", "the first two quarters of the season".)
        let year_named = m.contains(|c: char| c.is_ascii_digit()) || [" of the year", " of this year", " of next year", " of last year"].iter().any(|of| m.ends_with(of));
        if (c.get(2).is_some() || &c[1] == "last") && !year_named {
            return None;
        }
        let h = if c.get(1).or(c.get(2)).is_some_and(|order| order.as_str() == "first") { 1 } else { 2 };
        let year = period_year(6 * h - 5, 6 * h)?;
        return Some(format!("{year}-H{h}"));
    }
    // "the weekend": the one before the publication date, or after it when the sentence looks ahead.
    if m == "weekend" {
        let a = anchor?;
        let to_saturday = (a.weekday().num_days_from_monday() as i64 - 5).rem_euclid(7);
        let saturday = match direction {
            Direction::Future => a + chrono::Duration::days((7 - to_saturday) % 7),
            _ => a - chrono::Duration::days(to_saturday),
        };
        return Some(format!("{}-WE", week_of(saturday)));
    }
    for (word, unit) in [("year", 'Y'), ("month", 'M'), ("week", 'W'), ("weekend", 'E'), ("quarter", 'Q'), ("day", 'D')] {
        let relative = [format!("last {word}"), format!("this {word}"), format!("next {word}"), format!("past {word}"), format!("current {word}"), format!("coming {word}"), format!("previous {word}")];
        let bare = matches!((m, unit), ("year", 'Y') | ("month", 'M') | ("week", 'W'));
        let found = relative.iter().find(|r| m.ends_with(r.as_str()) || m.contains(&format!("{r} ")));
        let shift = match found.and_then(|r| r.split(' ').next()) {
            Some("last" | "past" | "previous") => -1,
            Some("next" | "coming") => 1,
            Some(_) => 0,
            None if (m.starts_with("earlier this ") || m.starts_with("later this ")) && m.ends_with(word) || bare => 0,
            None => continue,
        };
        let a = anchor?;
        return Some(match unit {
            'Y' => (a.year() + shift).to_string(),
            'M' => month_value(shift_months(a, shift)?),
            'W' => week_of(a + chrono::Duration::weeks(shift as i64)),
            'E' => format!("{}-WE", week_of(a + chrono::Duration::weeks(shift as i64))),
            'Q' => {
                let q = quarter_of(a) as i32 - 1 + shift;
                format!("{}-Q{}", a.year() + q.div_euclid(4), q.rem_euclid(4) + 1)
            }
            _ => (a + chrono::Duration::days(shift as i64)).to_string(),
        });
    }
    // Holidays ("Christmas Day", "Thanksgiving", "Easter"), on the nearest one the tense allows,
    // as a month's day is read ("last Christmas", "Christmas 2021").
    let name = m.trim_start_matches("last ").trim_start_matches("next ").trim_start_matches("this ");
    let name = year_in.map_or(name, |year| name.trim_end_matches(&year.to_string()).trim_end_matches([' ', ',']));
    if let Some((_, holiday)) = HOLIDAYS.iter().find(|(holiday, _)| *holiday == name) {
        let date = match year_in {
            Some(year) => holiday.in_year(year)?,
            None => {
                let a = anchor?;
                let toward = direction_words(m).or_else(|| modal_before(sentence, at)).unwrap_or(at_most_near(direction));
                nearest_date(a, |year| holiday.in_year(year), toward)?
            }
        };
        return Some(date.to_string());
    }
    // Seasons.
    if let Some((_, code, start)) = SEASONS.iter().find(|(name, _, _)| m.split(|c: char| !c.is_alphanumeric()).any(|w| w == *name)) {
        let year = match year_in {
            Some(y) => y,
            None => {
                let a = anchor?;
                let past = a.month() < *start;
                match direction_words(m).unwrap_or(direction) {
                    Direction::Past if past || m.starts_with("last") && a.month() < start + 3 => a.year() - 1,
                    Direction::Future if !past => a.year() + 1,
                    _ => a.year(),
                }
            }
        };
        return Some(format!("{year}-{code}"));
    }
    // Days named relative to the anchor.
    let day_word = |word: &str| m == word || m.starts_with(&format!("{word} ")) || m.ends_with(&format!(" {word}"));
    // ("the day before yesterday", "the day after tomorrow": two days off.)
    for (words, shift) in [("day before yesterday", -2), ("day after tomorrow", 2)] {
        if m == words {
            return Some((anchor? + chrono::Duration::days(shift)).to_string());
        }
    }
    // The month's or the year's end, start or middle is the month or the year: "the end of the month".
    if let Some(unit) = ["end of the ", "start of the ", "beginning of the ", "middle of the ", "end of this ", "start of this "].iter().find_map(|head| m.strip_prefix(head)) {
        match unit {
            "month" => return Some(month_value(anchor?)),
            "year" => return Some(anchor?.year().to_string()),
            _ => {}
        }
    }
    for (word, shift) in [("today", 0), ("tonight", 0), ("yesterday", -1), ("tomorrow", 1)] {
        if day_word(word) {
            let date = anchor? + chrono::Duration::days(shift);
            let part = if word == "tonight" { Some("TNI") } else { part_of_day(m) };
            return Some(format!("{date}{}", part.unwrap_or("")));
        }
    }
    if m == "last night" || m.ends_with(" last night") || m == "last evening" {
        let part = if m == "last evening" { "TEV" } else { "TNI" };
        return Some(format!("{}{part}", anchor? - chrono::Duration::days(1)));
    }
    // A weekday with its date ("Friday Oct. 13") is that date (below); "Friday 9 p.m." is no date.
    let dated = p.month_day.captures(m).is_some_and(|c| month_of(&c[1]).is_some()) || p.day_month.captures(m).is_some_and(|c| month_of(&c[2]).is_some());
    if let Some((_, weekday)) = WEEKDAYS.iter().find(|(name, _)| !dated && m.split(|c: char| !c.is_alphabetic()).any(|w| w == *name)) {
        let a = anchor?;
        // A bare weekday that is the publication day's own means that day; so does "earlier
        // Saturday" or "later Saturday" in a story of that Saturday.
        let same_day = (m.starts_with("earlier ") || m.starts_with("later ")) && a.weekday() == *weekday;
        let toward = direction_words(m).filter(|_| !same_day).unwrap_or_else(|| match a.weekday() == *weekday {
            true => Direction::This,
            // (A day's thing, "Thursday's results", is no day a forecast counts.)
            false => local_direction(sentence, at, mention.len(), true).unwrap_or_else(|| {
                let possessive = sentence.get(at + mention.len()..).is_some_and(|after| after.starts_with("'s") || after.starts_with("’s"));
                weekday_way(a, *weekday, direction, !possessive && forecasts(sentence))
            }),
        });
        let date = weekday_near(a, *weekday, toward);
        let time = p.clock.captures(m).and_then(|c| clock_value(&c)).or_else(|| part_of_day(m).map(str::to_string)).unwrap_or_default();
        return Some(format!("{date}{time}"));
    }
    // Month with a day or a year, or alone.
    let month_day = p.month_day.captures(m).and_then(|c| Some((month_of(&c[1])?, c[2].parse::<u32>().ok()?)));
    let day_month = || p.day_month.captures(m).and_then(|c| Some((month_of(&c[2])?, c[1].parse::<u32>().ok()?)));
    if let Some((month, day)) = month_day.or_else(day_month) {
        let toward = direction_words(m).or_else(|| modal_before(sentence, at)).unwrap_or(at_most_near(direction));
        let year = year_in.or_else(|| anchor.map(|a| year_of_day(a, month, day, toward)))?;
        return NaiveDate::from_ymd_opt(year, month, day).map(|d| d.to_string());
    }
    if let Some(month) = m.split(|c: char| !c.is_alphabetic()).find_map(|w| (w.len() >= 3).then(|| month_of(w)).flatten()) {
        let year = match year_in {
            Some(y) => y,
            None => {
                let a = anchor?;
                // Within the next three months, a month named bare is this one's ("November" in
                // a story of 30 October).
                let months_ahead = (month + 12 - a.month()) % 12;
                // (Not "said": "The vote is in November, officials said" looks ahead.)
                match direction_words(m).or_else(|| local_direction(sentence, at, mention.len(), false)).unwrap_or(direction) {
                    Direction::Past if month > a.month() || (m.starts_with("last") && month == a.month()) => a.year() - 1,
                    Direction::Near if month > a.month() && (months_ahead > 3 || PAST_VERB.is_match(sentence)) => a.year() - 1,
                    // ("January" in a story of November that tells of nothing past.)
                    Direction::Near if month < a.month() && months_ahead <= 3 && !PAST_VERB.is_match(sentence) => a.year() + 1,
                    Direction::Future if month < a.month() || (m.starts_with("next") && month == a.month()) => a.year() + 1,
                    _ => a.year(),
                }
            }
        };
        return Some(format!("{year}-{month:02}"));
    }
    // A clock time on the publication day. (A midnight that is past is the day's start, not
    // its end: "the river peaked shortly after midnight".)
    if let Some(time) = p.clock.captures(m).and_then(|c| clock_value(&c)) {
        // (A verb in the past right before it: "peaked shortly after midnight"; not one elsewhere
        // in the sentence, "which officials announced on Monday, begins at midnight".)
        // ("stayed open until midnight" is the day's end.)
        let until = sentence.get(..at).unwrap_or_default().split_whitespace().next_back().is_some_and(|word| matches!(word.to_lowercase().as_str(), "until" | "till" | "by"));
        let verb_before = !until && sentence.get(..at).unwrap_or_default().split_whitespace().rev().take(3).any(|word| past_tense(&word.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase()));
        let past = direction == Direction::Past && !FUTURE.is_match(sentence) || verb_before;
        let time = if time == "T24:00" && past { "T00:00".to_string() } else { time };
        return Some(format!("{}{time}", anchor?));
    }
    if let Some(part) = part_of_day(m) {
        return Some(format!("{}{part}", anchor?));
    }
    if let Some(year) = year_in {
        return Some(year.to_string());
    }
    // "the fiscal year", "the end of the year", "earlier in the year": the publication year
    // ("that year" points back to a year the text named).
    if m.split(|c: char| !c.is_alphabetic()).any(|w| w == "year") && !m.starts_with("that") {
        return Some(anchor?.year().to_string());
    }
    None
}

/// Which way a weekday named without a verb near it lies, when the sentence forecasts ("the
/// heaviest falls to come Wednesday", "forecasters warn of snow Friday", told on a Tuesday):
/// the nearer of the two, as a forecast counts days; else as [`at_most_near`] says ("the buyer
/// will pay the closing price on Friday" is the Friday before).
fn weekday_way(anchor: NaiveDate, weekday: Weekday, direction: Direction, forecast: bool) -> Direction {
    let ahead = (weekday.num_days_from_monday() + 7 - anchor.weekday().num_days_from_monday()) % 7;
    match forecast {
        true if ahead <= 3 => Direction::Future,
        true => Direction::Past,
        false => at_most_near(direction),
    }
}

/// Words of a forecast: the days it names lie ahead as often as behind.
static FORECAST: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)\b(forecasts?|forecasters?|forecasting|to come|outlook)\b").expect("valid pattern"));

/// A sentence that forecasts: a forecast's word, a verb in the present ("is forecast to
/// cross", "forecasters warn") and none in the past ("The storm that forecasters predicted
/// caused $5m", "results better than analysts forecast" tell what happened; "expected" looks
/// ahead).
fn forecasts(sentence: &str) -> bool {
    const PRESENT: &[&str] = &["is", "are", "will", "been", "warn", "warns", "say", "says"];
    let words: Vec<String> = sentence.split_whitespace().map(|word| word.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'').to_lowercase()).collect();
    let past = words.iter().any(|word| past_tense(word) && !LOCAL_FUTURE.contains(&word.as_str()));
    let present = words.iter().any(|word| PRESENT.contains(&word.as_str()) || word.ends_with("'s") && word.len() > 2 && !WEEKDAYS.iter().any(|(day, _)| word.starts_with(day)));
    FORECAST.is_match(sentence) && present && !past
}

/// A sentence's tense for a day named in it: a "will" somewhere in the sentence says only that
/// the day may lie ahead ("shareholders will get a premium over the price on Oct. 20" and "will
/// pay the closing price on Friday" are the days before).
fn at_most_near(direction: Direction) -> Direction {
    match direction {
        Direction::Future => Direction::Near,
        other => other,
    }
}

/// The quarter (1 to 4) of a quarter pattern's captures ("third quarter", "3rd-quarter", "Q3").
fn ordinal_quarter(c: &regex::Captures) -> Option<u32> {
    c.get(2).map(|q| q.as_str().parse().ok()).unwrap_or_else(|| {
        let w = &c[1];
        ORDINALS.iter().position(|o| *o == w).map(|i| i as u32 + 1).or_else(|| w[..1].parse().ok())
    })
}

/// "last", "next", "this" written in the expression itself.
fn direction_words(m: &str) -> Option<Direction> {
    let first = m.split_whitespace().next()?;
    match first {
        "last" | "past" | "previous" | "earlier" => Some(Direction::Past),
        "next" | "coming" | "following" | "later" => Some(Direction::Future),
        "this" | "current" => Some(Direction::This),
        _ => None,
    }
}

fn month_value(date: NaiveDate) -> String {
    format!("{}-{:02}", date.year(), date.month())
}

fn shift_months(date: NaiveDate, shift: i32) -> Option<NaiveDate> {
    match shift {
        s if s < 0 => date.checked_sub_months(Months::new(s.unsigned_abs())),
        s => date.checked_add_months(Months::new(s as u32)),
    }
}

/// A verb in the past tense (a lower-case word): in -ed, a common irregular one, "was", "rose".
fn past_tense(word: &str) -> bool {
    PAST_VERB.is_match(word) || matches!(word, "was" | "were" | "rose" | "fell")
}

/// The tense of the verb nearest to the expression in its sentence (within a few words): "said
/// Friday" is the Friday before, "will meet on Friday" or "would not peak until Friday" the one
/// after. `None` when no verb is near.
fn local_direction(sentence: &str, at: usize, len: usize, reporting: bool) -> Option<Direction> {
    let before: Vec<&str> = sentence.get(..at)?.split_whitespace().rev().take(6).collect();
    let after: Vec<&str> = sentence.get(at + len..)?.split_whitespace().take(3).collect();
    // (A noun is no tense: "announced the plan Aug. 21", "its plans".)
    let noun = |word: &str, previous: Option<&&str>| matches!(word, "plan" | "plans") && previous.is_some_and(|p| DETERMINERS.contains(&p.to_lowercase().as_str()));
    let tense = |word: &str, previous: Option<&&str>| {
        let word = word.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'').to_lowercase();
        let reported = reporting && matches!(word.as_str(), "said" | "told");
        // "takes effect Monday": a rule told in the present looks ahead (a review: other verbs
        // in the present, "starts", "opens", are headlines' past and nouns, "housing starts").
        let takes_effect = word == "effect" && previous.is_some_and(|p| matches!(p.to_lowercase().as_str(), "takes" | "take"));
        if noun(&word, previous) {
            None
        } else if takes_effect {
            Some(Direction::Future)
        } else if LOCAL_FUTURE.contains(&word.as_str()) || word.ends_with("'ll") {
            Some(Direction::Future)
        } else if reported || past_tense(&word) || matches!(word.as_str(), "since" | "ago") {
            Some(Direction::Past)
        } else {
            None
        }
    };
    // A modal just before wins over the participle after it ("will be held in October").
    if let Some(ahead) = modal_before(sentence, at) {
        return Some(ahead);
    }
    // A plan, nearer than any tense: "expects to hire 50 nurses by October", "plans to close
    // the school in June" (not "amounted to more than 13% in September", "continuing to try";
    // nor a plan told in the past, "agreed to pay a fine on Monday", "voted to confirm the
    // judge on Tuesday": that may be done already).
    const PLANNING: &[&str] = &["plans", "plan", "expects", "expect", "intends", "intend", "aims", "aim", "hopes", "hope", "wants", "want", "proposes", "propose", "due"];
    // ("plans, after last night's vote, to close": the plan's verb a few words before its "to".)
    let farther: Vec<&str> = sentence.get(..at)?.split_whitespace().rev().take(10).collect();
    for (i, word) in farther.iter().enumerate() {
        if word.eq_ignore_ascii_case("to") && farther[i + 1..].iter().take(3).any(|w| PLANNING.contains(&w.to_lowercase().as_str())) {
            return Some(Direction::Future);
        }
        if tense(word, farther.get(i + 1)).is_some() {
            break;
        }
    }
    // Else the nearest, before the expression then after it (each with the word before it).
    let before_words = before.iter().enumerate().map(|(i, word)| (i, word, before.get(i + 1)));
    let after_words = after.iter().enumerate().map(|(i, word)| (i, word, i.checked_sub(1).and_then(|j| after.get(j))));
    let mut nearest = before_words.chain(after_words).collect::<Vec<_>>();
    nearest.sort_by_key(|(distance, _, _)| *distance);
    nearest.into_iter().find_map(|(_, word, previous)| tense(word, previous))
}

/// A modal or "until" among the few words before the expression: "will take effect on July 1"
/// looks ahead whatever else the sentence says.
fn modal_before(sentence: &str, at: usize) -> Option<Direction> {
    // (Within its clause: "..., which had been expected, was announced, Gerstner said Friday".)
    let mut before = sentence.get(..at)?.split_whitespace().rev().take(6).take_while(|word| !word.ends_with([',', ';', ':'])).peekable();
    // "will appeal the May 3 ruling": a date that names a thing is not where the verb points.
    let naming = before.peek().is_some_and(|word| matches!(word.to_lowercase().as_str(), "the" | "a" | "an" | "its" | "his" | "her" | "their" | "this" | "that" | "last"));
    if naming {
        return None;
    }
    let words: Vec<String> = before.map(|word| word.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'').to_lowercase()).collect();
    // (A deadline a past verb set is past: "the IMF gave us until December 31", told in
    // February.)
    let future = |(i, word): (usize, &String)| match word.as_str() {
        "until" | "till" => !words[i + 1..].iter().any(|earlier| PAST_VERB.is_match(earlier) && !LOCAL_FUTURE.contains(&earlier.as_str())),
        // (Not a noun: "announced the plan Aug. 21".)
        "plan" | "plans" if words.get(i + 1).is_some_and(|previous| DETERMINERS.contains(&previous.as_str())) => false,
        word => LOCAL_FUTURE.contains(&word) || word.ends_with("'ll"),
    };
    // (A deadline moved to the date: "the offer was extended to Nov. 16", "postponed to March".)
    const MOVED: &[&str] = &["extended", "postponed", "delayed", "deferred", "rescheduled", "adjourned", "back"];
    let moved_to = words.first().is_some_and(|word| word == "to" || word == "until") && words.get(1).is_some_and(|verb| MOVED.contains(&verb.as_str()));
    (moved_to || words.iter().enumerate().any(future)).then_some(Direction::Future)
}

/// How often a text names a quarter ("the third quarter", "quarterly"; not "headquarters").
pub fn quarters_named(text: &str) -> usize {
    static QUARTER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)\bquarter(?:s|ly)?\b").expect("valid pattern"));
    QUARTER.find_iter(text).count()
}

/// Words before a noun that make "plan" one ("the plan", "its plans").
const DETERMINERS: &[&str] = &["the", "a", "its", "their", "his", "her", "our", "this", "that", "new"];

/// Words that put what follows them in the future, next to an expression.
const LOCAL_FUTURE: &[&str] = &["will", "would", "could", "shall", "until", "till", "scheduled", "expected", "planned", "due", "plans", "plan", "next"];

/// The year of a month and day written without one: the last such day up to the anchor (news
/// tells what happened: a story of 2 January speaking of "Dec. 30"), or the next one from it
/// when the sentence looks ahead.
fn year_of_day(anchor: NaiveDate, month: u32, day: u32, direction: Direction) -> i32 {
    nearest_date(anchor, |y| NaiveDate::from_ymd_opt(y, month, day), direction).map_or(anchor.year(), |date| date.year())
}

/// The day a yearly date (`date` gives it in a year) means, seen from `anchor` in `direction`.
fn nearest_date(anchor: NaiveDate, date: impl Fn(i32) -> Option<NaiveDate>, direction: Direction) -> Option<NaiveDate> {
    let year = anchor.year();
    let year = match direction {
        Direction::Future => match date(year) {
            Some(d) if d < anchor => year + 1,
            _ => year,
        },
        Direction::Past | Direction::This => match date(year) {
            Some(d) if d > anchor => year - 1,
            _ => year,
        },
        // Up to three months ahead is a date being announced ("payable Dec. 10").
        Direction::Near => [year + 1, year, year - 1]
            .into_iter()
            .find(|&y| date(y).is_some_and(|d| d <= anchor + Days::new(SOON_DAYS)))
            .unwrap_or(year),
    };
    date(year)
}

/// How far ahead a date written without a year may lie and still be read as this year's.
const SOON_DAYS: u64 = 92;

/// The weekday of the anchor's week that the expression means: the anchor itself when it is that
/// day, else the nearest one before it (news tells what happened), or after it when the
/// sentence looks ahead.
fn weekday_near(anchor: NaiveDate, weekday: Weekday, direction: Direction) -> NaiveDate {
    let ahead = (weekday.num_days_from_monday() + 7 - anchor.weekday().num_days_from_monday()) % 7;
    match (ahead, direction) {
        (0, Direction::This) => anchor,
        (0, Direction::Future) => anchor + Days::new(7),
        (0, _) => anchor - Days::new(7),
        (n, Direction::Future) => anchor + Days::new(u64::from(n)),
        (n, _) => anchor - Days::new(u64::from(7 - n)),
    }
}

fn part_of_day(m: &str) -> Option<&'static str> {
    PARTS_OF_DAY.iter().find(|(word, _)| m.split(|c: char| !c.is_alphabetic()).any(|w| w == *word)).map(|(_, code)| *code)
}

/// The value of an expression that points back to the date written before it ("that year",
/// "the same day", "the following month"), from `previous`, the value of the last DATE before
/// it that names its own date ("in 1988 ... that year", "On March 3 ... later that day");
/// `None` when it is no such expression or `previous` lacks the part it names.
pub fn anaphoric(mention: &str, previous: Option<&str>) -> Option<String> {
    static BACK: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^(?:(?:later|earlier) )?(?:that|the same|the following|the next|the previous|the preceding) (day|month|quarter|year)$").expect("anaphora pattern")
    });
    let caps = BACK.captures(mention.trim())?;
    let previous = previous?;
    let shift = match mention.to_lowercase() {
        m if m.contains("following") || m.contains("next") => 1,
        m if m.contains("previous") || m.contains("preceding") => -1,
        _ => 0,
    };
    let year: i32 = previous.get(..4)?.parse().ok()?;
    match &caps[1].to_lowercase()[..] {
        "year" => Some(format!("{}", year + shift)),
        "quarter" => {
            let quarter: i32 = previous.strip_prefix(&format!("{year}-Q"))?.parse().ok()?;
            let index = year * 4 + quarter - 1 + shift;
            Some(format!("{}-Q{}", index.div_euclid(4), index.rem_euclid(4) + 1))
        }
        "month" => {
            let date = NaiveDate::parse_from_str(&format!("{}-01", previous.get(..7)?), "%Y-%m-%d").ok()?;
            Some(month_value(shift_months(date, shift)?))
        }
        _ => {
            let date = NaiveDate::parse_from_str(previous.get(..10)?, "%Y-%m-%d").ok()?;
            Some(date.checked_add_signed(chrono::Duration::days(shift.into()))?.format("%Y-%m-%d").to_string())
        }
    }
}

/// Whether a word names a day: a weekday, "yesterday", "today", "tomorrow".
pub fn is_day(word: &str) -> bool {
    let word = word.to_lowercase();
    WEEKDAYS.iter().any(|(day, _)| *day == word) || matches!(word.as_str(), "yesterday" | "today" | "tomorrow")
}

/// Whether an expression opens with a day ("Monday morning", "yesterday afternoon").
pub fn opens_with_day(mention: &str) -> bool {
    mention.split_whitespace().next().is_some_and(is_day)
}

/// `T10:30` from a clock time's captures.
fn clock_value(c: &regex::Captures) -> Option<String> {
    if let Some(word) = c.get(6) {
        return Some(if word.as_str() == "midnight" { "T24:00".into() } else { "T12:00".into() });
    }
    let (hour, minute, meridiem) = match c.get(1) {
        Some(h) => (h.as_str().parse::<u32>().ok()?, c.get(2).map_or(Some(0), |m| m.as_str().parse().ok())?, c.get(3).map(|m| m.as_str())),
        None => (c[4].parse::<u32>().ok()?, c[5].parse().ok()?, None),
    };
    let hour = match meridiem {
        Some(m) if m.starts_with('p') && hour < 12 => hour + 12,
        Some(m) if m.starts_with('a') && hour == 12 => 0,
        _ => hour,
    };
    (hour <= 24 && minute < 60).then(|| format!("T{hour:02}:{minute:02}"))
}

/// A date a range or a period names at one end: a year, a month (and day, and year) or a
/// weekday ("1987", "Sept. 30", "July 15, 2022", "15 July", "Friday").
static POINT: LazyLock<Regex> = LazyLock::new(|| {
    let month = r"(?:january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.?";
    let year = r"(?:1[6-9]|20)\d\d";
    Regex::new(&format!(
        r"(?i)^(?:(?:early|mid|late)[\s-]+)?(?:{year}|{month}(?:\s+\d{{1,2}}(?:st|nd|rd|th)?)?(?:,?\s+{year})?|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{month}(?:,?\s+{year})?|(?:mon|tues|wednes|thurs|fri|satur|sun)day)$"
    ))
    .expect("point pattern")
});

/// A DATE mention that names two points in time is two expressions, as TIMEX3 has them, each
/// with its own value. Split once values are read, so that each piece keeps what the whole
/// says: a range of two dates that each write their year is its two ends ("between 1985 and
/// 1987", "from May 2019 to June 2020"; "from Nov. 20 to Dec. 18" stays whole: its ends share
/// a year and an order), and a quarter or a half ending on a day is the period and the day
/// ("the quarter ended Sept. 30" as `1989-Q3` and `1989-09-30`; "fiscal 1989 ended June 30" or
/// "the six months ended" stay whole).
pub fn split_two_points(text: &str, mentions: &mut Vec<Mention>, anchor: Option<NaiveDate>) {
    static ENDED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^((?:(?:the|its|their)\s+)?(?:(?:first|second|third|fourth|latest|last|most\s+recent|recent|year-ago|year-earlier|fiscal|fiscal-(?:first|second|third|fourth))\s+)*(quarter|half))\s+(?:ended|ending)\s+(\S.*)$").expect("ended pattern")
    });
    // The value of a quarter, a half or a year: the period a day ends when the whole was read so.
    static PERIOD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\d{4}(?:-Q[1-4]|-H[12])?$").expect("period pattern"));
    static RANGE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)^(?:(?:between|from)\s+)?(.+?)(?:\s+(?:to|through|and|until)\s+|\s*[-–]\s*)(.+)$").expect("range pattern"));
    static YEAR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b(?:1[6-9]|20)\d\d\b").expect("year pattern"));
    if !mentions.iter().any(|m| m.label == Label::Date) {
        return;
    }
    let mut split = Vec::with_capacity(mentions.len());
    for mention in mentions.drain(..) {
        if mention.label != Label::Date {
            split.push(mention);
            continue;
        }
        let words = &text[mention.span.clone()];
        let piece = |part: regex::Match, value: Option<String>| Mention { span: mention.span.start + part.start()..mention.span.start + part.end(), value, ..mention.clone() };
        // (The day is the whole's value, when it was read as a day; the period, the quarter or
        // half that day ends.)
        let day = mention.value.as_deref().and_then(|value| NaiveDate::parse_from_str(value, "%Y-%m-%d").ok());
        // (Or the period, when the whole was read as it, "the third quarter ended Sept. 30" read
        // as 1989-Q3; the day read in the whole's words: "ended" puts it in the past, the last
        // such day, as a fiscal year's quarter may end in another calendar year than the one read.)
        let read_as_period = mention.value.as_deref().is_some_and(|value| PERIOD.is_match(value));
        let in_period = |c: &regex::Captures| {
            if !read_as_period {
                return None;
            }
            let at = c.get(3).expect("group 3").start();
            let day = normalise(&c[3], words, at, anchor, false).and_then(|value| NaiveDate::parse_from_str(&value, "%Y-%m-%d").ok())?;
            let ended = words[..at].trim_end().to_lowercase().ends_with("ended");
            if ended && anchor.is_some_and(|a| day > a) { day.with_year(day.year() - 1) } else { Some(day) }
        };
        if let Some((c, day)) = ENDED.captures(words).filter(|c| POINT.is_match(&c[3])).zip(day) {
            let period = match c[2].to_lowercase().as_str() {
                "quarter" => format!("{}-Q{}", day.year(), quarter_of(day)),
                _ => format!("{}-H{}", day.year(), if day.month() <= 6 { 1 } else { 2 }),
            };
            split.push(piece(c.get(1).expect("group 1"), Some(period)));
            split.push(piece(c.get(3).expect("group 3"), mention.value.clone()));
        } else if let Some((c, day)) = ENDED.captures(words).filter(|c| POINT.is_match(&c[3])).and_then(|c| in_period(&c).map(|day| (c, day))) {
            split.push(piece(c.get(1).expect("group 1"), mention.value.clone()));
            split.push(piece(c.get(3).expect("group 3"), Some(day.format("%Y-%m-%d").to_string())));
        } else if let Some(c) = RANGE.captures(words).filter(|c| [&c[1], &c[2]].iter().all(|end| POINT.is_match(end) && YEAR.is_match(end))) {
            for end in [c.get(1).expect("group 1"), c.get(2).expect("group 2")] {
                split.push(piece(end, normalise(end.as_str(), "", 0, anchor, false)));
            }
        } else {
            split.push(mention);
        }
    }
    *mentions = split;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(mention: &str, sentence: &str) -> Option<String> {
        // A Thursday.
        normalise(mention, sentence, sentence.find(mention).unwrap_or(0), NaiveDate::from_ymd_opt(2022, 9, 8), false)
    }

    #[test]
    fn a_range_or_a_period_ending_on_a_day_is_two_expressions() {
        // (Values as the whole's: the period's day, read in its sentence.)
        let split = |text: &str, value: Option<&str>| {
            let mut mentions = vec![Mention { span: 0..text.len(), label: Label::Date, sent_idx: 0, entity_key: String::new(), value: value.map(String::from) }];
            split_two_points(text, &mut mentions, NaiveDate::from_ymd_opt(2022, 9, 8));
            mentions.iter().map(|m| (text[m.span.clone()].to_string(), m.value.clone().unwrap_or_default())).collect::<Vec<_>>()
        };
        let pairs = |pairs: &[(&str, &str)]| pairs.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect::<Vec<_>>();
        assert_eq!(split("between 1985 and 1987", Some("1985")), pairs(&[("1985", "1985"), ("1987", "1987")]));
        assert_eq!(split("from May 2019 to June 2020", None), pairs(&[("May 2019", "2019-05"), ("June 2020", "2020-06")]));
        assert_eq!(split("1990-1991", None), pairs(&[("1990", "1990"), ("1991", "1991")]));
        // Regression (review): the quarter was read on its own, not as the one the day ends.
        assert_eq!(split("The quarter ended Sept. 30, 2021", Some("2021-09-30")), pairs(&[("The quarter", "2021-Q3"), ("Sept. 30, 2021", "2021-09-30")]));
        assert_eq!(split("the first half ended June 30", Some("2022-06-30")), pairs(&[("the first half", "2022-H1"), ("June 30", "2022-06-30")]));
        // One point, a range whose ends share a year (and an order), a recurring week, a year
        // or an amount ending on a day: one expression, as the whole was read.
        // (Or as the period: the day is in its year.)
        assert_eq!(split("the first half ended June 30", Some("2022-H1")), pairs(&[("the first half", "2022-H1"), ("June 30", "2022-06-30")]));
        assert_eq!(split("its fourth quarter ended Sept. 30", Some("2021-Q4")), pairs(&[("its fourth quarter", "2021-Q4"), ("Sept. 30", "2021-09-30")]));
        // (Review: a fiscal quarter ending in another calendar year than the one read.)
        assert_eq!(split("its fiscal second quarter ended Dec. 31", Some("2022-Q2")), pairs(&[("its fiscal second quarter", "2022-Q2"), ("Dec. 31", "2021-12-31")]));
        for one in ["July 15-16", "2022-09-07", "the 1980s and 1990s", "September 2022", "1985-87", "between January and March 2020", "from Nov. 20 to Dec. 18", "Monday-Friday", "fiscal 1989 ended June 30", "the year ended June 30", "the two quarters ended June 30"] {
            assert_eq!(split(one, Some("x")), pairs(&[(one, "x")]), "{one}");
        }
    }

    #[test]
    fn absolute_dates_months_years_and_decades() {
        assert_eq!(value("July 15, 2022", "").as_deref(), Some("2022-07-15"));
        assert_eq!(value("15 July", "").as_deref(), Some("2022-07-15"));
        assert_eq!(value("July 15th", "").as_deref(), Some("2022-07-15"));
        assert_eq!(value("Dec. 30", "").as_deref(), Some("2021-12-30"));
        assert_eq!(value("Oct. 3", "The dividend is payable Oct. 3.").as_deref(), Some("2022-10-03"));
        assert_eq!(value("October 1997", "").as_deref(), Some("1997-10"));
        assert_eq!(value("1997", "").as_deref(), Some("1997"));
        // Regression: the day and month of a dotted date were read again as a time (T18:05).
        assert_eq!(value("18.05.2022", "").as_deref(), Some("2022-05-18"));
        assert_eq!(value("18.05.2022 10:30", "").as_deref(), Some("2022-05-18T10:30"));
        assert_eq!(value("12-31-2019", "").as_deref(), Some("2019-12-31"));
        assert_eq!(value("fiscal 1997", "").as_deref(), Some("1997"));
        assert_eq!(value("the 1990s", "").as_deref(), Some("199X"));
        assert_eq!(value("the '80s", "").as_deref(), Some("198X"));
        // Regressions: "the 90s" had no value; the year after a quarter was not read.
        assert_eq!(value("the 90s", "Prices rose in the 90s.").as_deref(), Some("199X"));
        assert_eq!(value("the fourth quarter", "Profits fell in the fourth quarter of 2021, it said.").as_deref(), Some("2021-Q4"));
        // A modal five words before the date still points ahead (the window was four words).
        assert_eq!(value("Aug. 26", "The company will report third-quarter results on Aug. 26.").as_deref(), Some("2023-08-26"));
        assert_eq!(value("the 21st century", "").as_deref(), Some("20XX"));
        // A deadline moved to a day is ahead, whatever the verb's tense (TimeBank: "was extended
        // to Nov. 16" in a story of October 30).
        assert_eq!(value("Aug. 26", "The offer, which was to expire on Friday, was extended to Aug. 26.").as_deref(), Some("2023-08-26"));
        assert_eq!(value("Aug. 26", "The offer expired on Aug. 26.").as_deref(), Some("2022-08-26"));
        // A month a few months ahead across the new year, in a sentence that tells of nothing past.
        let november = NaiveDate::from_ymd_opt(1989, 11, 2);
        assert_eq!(normalise("January", "The closing is in January.", 18, november, false).as_deref(), Some("1990-01"));
        assert_eq!(normalise("January", "The bank opened in January.", 20, november, false).as_deref(), Some("1989-01"));
    }

    #[test]
    fn expressions_relative_to_the_publication_date() {
        assert_eq!(value("today", "").as_deref(), Some("2022-09-08"));
        assert_eq!(value("yesterday", "").as_deref(), Some("2022-09-07"));
        // Regression (hunt 9): "late last night" was the publication day's night.
        assert_eq!(value("late last night", "").as_deref(), Some("2022-09-07TNI"));
        assert_eq!(value("Wednesday", "The council voted on Wednesday.").as_deref(), Some("2022-09-07"));
        assert_eq!(value("Monday", "The council will vote on Monday.").as_deref(), Some("2022-09-12"));
        assert_eq!(value("last July", "").as_deref(), Some("2022-07"));
        assert_eq!(value("October", "Prices rose in October.").as_deref(), Some("2021-10"));
        assert_eq!(value("October", "Elections will be held in October.").as_deref(), Some("2022-10"));
        // Weeks ahead, but in a sentence told in the past: last year's.
        assert_eq!(value("November", "The minister resigned in November.").as_deref(), Some("2021-11"));
        // (A "will" in a relative clause after the month tells nothing of it.)
        assert_eq!(value("November", "In November, the firm hired a new chief, who will stay.").as_deref(), Some("2021-11"));
        assert_eq!(value("November", "The firm hired a chief who will start in November.").as_deref(), Some("2022-11"));
        assert_eq!(value("November", "The vote is expected in November.").as_deref(), Some("2022-11"));
        assert_eq!(value("two days ago", "").as_deref(), Some("2022-09-06"));
        assert_eq!(value("a week or so ago", ""), value("a week ago", ""));
        // (A new user's pages, a helper's audit: more days and months off the publication date.)
        assert_eq!(value("two weeks from now", "").as_deref(), Some("2022-W38"));
        assert_eq!(value("three months from now", "").as_deref(), Some("2022-12"));
        assert_eq!(value("the day before yesterday", "").as_deref(), Some("2022-09-06"));
        assert_eq!(value("last evening", "").as_deref(), Some("2022-09-07TEV"));
        assert_eq!(value("the end of the month", "").as_deref(), Some("2022-09"));
        assert_eq!(value("the 1970's", "").as_deref(), Some("197X"));
        assert_eq!(value("the 1970’s", "").as_deref(), Some("197X"));
        assert!(value("a week ago", "").is_some());
        assert_eq!(value("three years ago", "").as_deref(), Some("2019"));
        assert_eq!(value("last year", "").as_deref(), Some("2021"));
        assert_eq!(value("this month", "").as_deref(), Some("2022-09"));
        assert_eq!(value("last week", "").as_deref(), Some("2022-W35"));

        assert_eq!(value("the third quarter", "").as_deref(), Some("2022-Q3"));
        assert_eq!(value("last quarter", "").as_deref(), Some("2022-Q2"));
        // Regression: a quarter or half not yet begun was this year's whatever the tense
        // ("profit rose in the fourth quarter" in a January story was the coming one).
        assert_eq!(value("the fourth quarter", "Profit rose 13% in the fourth quarter.").as_deref(), Some("2021-Q4"));
        assert_eq!(value("the fourth quarter", "Sales will rise in the fourth quarter.").as_deref(), Some("2022-Q4"));
        assert_eq!(value("the first quarter", "Sales will rise in the first quarter.").as_deref(), Some("2023-Q1"));
        assert_eq!(value("the second quarter", "It will report second-quarter results in the second quarter.").as_deref(), Some("2022-Q2"));
        assert_eq!(value("the first half", "Revenue fell in the first half.").as_deref(), Some("2022-H1"));
        assert_eq!(value("the last half of 1989", "").as_deref(), Some("1989-H2"));
        assert_eq!(value("the first two quarters of 1990", "").as_deref(), Some("1990-H1"));
        // (Review: not of a year.)
        assert_eq!(value("the last half of the year", "Sales rose in the last half of the year.").as_deref(), Some("2022-H2"));
        assert_eq!(value("in the near term", "").as_deref(), Some("FUTURE_REF"));
        for other in ["the last half century", "the last half", "the first two quarters of the season", "the last half of the decade"] {
            assert_eq!(value(other, "The band played well in the last half."), None, "{other}");
        }
        assert_eq!(value("future quarters", "").as_deref(), Some("FUTURE_REF"));
        assert_eq!(value("a later date", "").as_deref(), Some("FUTURE_REF"));
        // Regression (hunt 9): a match's halves were the year's.
        assert_eq!(value("the first half", "Cosgrove scored twice in the first half.").as_deref(), None);
        assert_eq!(value("the second half", "We started the game well and controlled the second half.").as_deref(), None);
        assert_eq!(value("the second half of next year", "The match fee rises in the second half of next year.").as_deref(), Some("2023-H2"));
        assert_eq!(value("the fourth quarter", "The plant starts production in the fourth quarter.").as_deref(), Some("2022-Q4"));
        assert_eq!(value("the first quarter of next year", "").as_deref(), Some("2023-Q1"));
        // Holidays had no value: the nearest one the tense allows, or the year's named.
        assert_eq!(value("Christmas Day", "On Christmas Day, he spoke.").as_deref(), Some("2021-12-25"));
        assert_eq!(value("Christmas", "The shops will open at Christmas.").as_deref(), Some("2022-12-25"));
        assert_eq!(value("Thanksgiving", "Prices rose before Thanksgiving.").as_deref(), Some("2021-11-25"));
        assert_eq!(value("Easter 2024", "").as_deref(), Some("2024-03-31"));
        assert_eq!(value("Good Friday", "Talks will resume after Good Friday.").as_deref(), Some("2023-04-07"));
        assert_eq!(value("Memorial Day", "The pool opened on Memorial Day.").as_deref(), Some("2022-05-30"));
        assert_eq!(value("this summer", "").as_deref(), Some("2022-SU"));
        assert_eq!(value("this evening", "").as_deref(), Some("2022-09-08TEV"));
        // The verb next to a weekday says which way it lies (2022-09-08 is a Thursday).
        assert_eq!(value("Friday", "The river would not peak until Friday, forecasters said.").as_deref(), Some("2022-09-09"));
        assert_eq!(value("Friday", "The sale, which had been expected, was announced, Gerstner said Friday.").as_deref(), Some("2022-09-02"));
        // Regression (hunt 11 #1): a forecast's days, with no verb near them, were last week's;
        // a day further ahead than back stays the one before.
        assert_eq!(value("Saturday", "Rain totals have been forecast at 50-100mm across the north over Friday and Saturday.").as_deref(), Some("2022-09-10"));
        assert_eq!(value("Saturday", "The heaviest falls are expected in the city, with more rain to come Saturday.").as_deref(), Some("2022-09-10"));
        assert_eq!(value("Monday", "Heavy rain is forecast for the city over Monday.").as_deref(), Some("2022-09-05"));
        assert_eq!(value("Saturday", "Forecasters warn of snow Saturday.").as_deref(), Some("2022-09-10"));
        // (A review: a forecast told in the past is past; "predicted" moves no month ahead.)
        assert_eq!(value("Saturday", "The Saturday storm that forecasters predicted caused damage.").as_deref(), Some("2022-09-03"));
        assert_eq!(value("Saturday", "Saturday's results, better than analysts forecast, sent the shares up.").as_deref(), Some("2022-09-03"));
        assert_eq!(value("March", "Factory output in March, weaker than economists had predicted, fell.").as_deref(), Some("2022-03"));
        assert_eq!(value("Friday Oct. 13", "").as_deref(), Some("2022-10-13"));
        assert_eq!(value("Friday 9 p.m.", "The show airs Friday 9 p.m.").as_deref(), Some("2022-09-02T21:00"));
        assert_eq!(value("November", "The vote is in November, officials said.").as_deref(), Some("2022-11"));
        // The mention's own place in the sentence, not the first "May" (in "Mayor").
        assert_eq!(normalise("May", "Mayor Smith said the vote will be held in May.", 42, NaiveDate::from_ymd_opt(2022, 9, 8), false).as_deref(), Some("2023-05"));
        // Regression (a hunt): a past midnight was the end of the publication day, after it.
        let peaked = "The river peaked shortly after midnight, the agency said.";
        let day = NaiveDate::from_ymd_opt(2024, 3, 6);
        assert_eq!(normalise("midnight", peaked, peaked.find("midnight").unwrap(), day, false).as_deref(), Some("2024-03-06T00:00"));
        let curfew = "The curfew, which officials announced on Monday, begins at midnight.";
        assert_eq!(normalise("midnight", curfew, curfew.find("midnight").unwrap(), day, false).as_deref(), Some("2024-03-06T24:00"));
        // Regression (a hunt): a month a plan names was last year's ("expects to hire").
        let march = NaiveDate::from_ymd_opt(2024, 3, 21);
        let plans = "The board plans, after last night's vote, to close the school in June.";
        assert_eq!(normalise("June", plans, plans.find("June").unwrap(), march, false).as_deref(), Some("2024-06"));
        // (Review: a plan told in the past may be done: "agreed to pay a fine on Monday".)
        let agreed = "The company agreed to pay a fine in February, but the dispute resumed.";
        assert_eq!(normalise("February", agreed, agreed.find("February").unwrap(), march, false).as_deref(), Some("2024-02"));
        let hire = "The company expects to hire 200 workers by October.";
        assert_eq!(normalise("October", hire, hire.find("October").unwrap(), march, false).as_deref(), Some("2024-10"));
        let closed = "The school closed in June after a fire, the board said.";
        assert_eq!(normalise("June", closed, closed.find("June").unwrap(), march, false).as_deref(), Some("2023-06"));
        let closing = "The bars will close at midnight.";
        assert_eq!(normalise("midnight", closing, closing.find("midnight").unwrap(), day, false).as_deref(), Some("2024-03-06T24:00"));
        assert_eq!(quarters_named("Its headquarters moved; the quarterback stayed."), 0);
        // In a quarterly report, "a year earlier" is the quarter just ended, a year before.
        assert_eq!(normalise("a year earlier", "Net income rose 5%.", 0, NaiveDate::from_ymd_opt(1989, 11, 2), true).as_deref(), Some("1988-Q3"));
        assert_eq!(normalise("a year earlier", "Net income rose 5%.", 0, NaiveDate::from_ymd_opt(1989, 11, 2), false).as_deref(), Some("1988"));
        // Hunter R: a fiscal third quarter reported in August is the one the sentence names,
        // not the calendar quarter just ended; "the same quarter last year" is a quarter.
        let bank = "The bank says its third-quarter profit gained 10 per cent compared with a year ago.";
        assert_eq!(normalise("a year ago", bank, bank.find("a year ago").unwrap(), NaiveDate::from_ymd_opt(2018, 8, 29), true).as_deref(), Some("2017-Q3"));
        let imf = "The IMF gave us until December 31 to implement it.";
        assert_eq!(normalise("December 31", imf, imf.find("December").unwrap(), NaiveDate::from_ymd_opt(2023, 2, 21), false).as_deref(), Some("2022-12-31"));
        let talks = "The talks will go on until December 31.";
        assert_eq!(normalise("December 31", talks, talks.find("December").unwrap(), NaiveDate::from_ymd_opt(2023, 2, 21), false).as_deref(), Some("2023-12-31"));
        let same = "It earned $569 million, up from $518 million in the same quarter last year.";
        assert_eq!(normalise("the same quarter last year", same, same.find("the same").unwrap(), NaiveDate::from_ymd_opt(2018, 11, 2), true).as_deref(), Some("2017-Q3"));
        // 2022-09-08 is the Thursday of week 36: the weekend before is week 35's.
        assert_eq!(value("the weekend", "Talks went on over the weekend.").as_deref(), Some("2022-W35-WE"));
        assert_eq!(value("the weekend", "Talks will go on over the weekend.").as_deref(), Some("2022-W36-WE"));
        assert_eq!(value("10:30 a.m.", "").as_deref(), Some("2022-09-08T10:30"));
        assert_eq!(value("Friday morning", "It rained on Friday morning.").as_deref(), Some("2022-09-02TMO"));
        assert_eq!(value("last Thursday", "").as_deref(), Some("2022-09-01"));
        assert_eq!(value("Thursday", "").as_deref(), Some("2022-09-08"));
        assert_eq!(value("Sept. 30", "Profit rose in the year ended Sept. 30.").as_deref(), Some("2021-09-30"));
        assert_eq!(value("the year-ago quarter", "Profit rose from the year-ago quarter.").as_deref(), Some("2021-Q2"));
        assert_eq!(value("the fiscal year", "").as_deref(), Some("2022"));
        assert_eq!(value("now", "").as_deref(), Some("PRESENT_REF"));
        assert_eq!(value("recently", "").as_deref(), Some("PAST_REF"));
        // Regression (TimeBank dev): "the plan" is no plan to come.
        assert_eq!(value("Aug. 21", "The thrift announced the plan Aug. 21.").as_deref(), Some("2022-08-21"));
        assert_eq!(value("Oct. 21", "The company plans to close the plant Oct. 21.").as_deref(), Some("2022-10-21"));
        // (Review: a schedule told in the present looks ahead.)
        assert_eq!(value("Monday", "The new plan takes effect Monday.").as_deref(), Some("2022-09-12"));
        // (A second review: present-tense headlines tell the past, "housing starts" is a noun.)
        assert_eq!(value("Monday", "Fire starts in Bronx warehouse Monday").as_deref(), Some("2022-09-05"));
        assert_eq!(value("July", "U.S. housing starts fell 9.6% in July.").as_deref(), Some("2022-07"));
        assert_eq!(value("in recent years", "").as_deref(), Some("PAST_REF"));
        assert_eq!(value("the coming weeks", "").as_deref(), Some("FUTURE_REF"));
        assert_eq!(value("the near term", "").as_deref(), Some("FUTURE_REF"));
        // Regressions: "earlier Thursday" in a Thursday's story was the Thursday before; a
        // "will" far from the date moved "March 20" and "Friday" ahead.
        assert_eq!(value("earlier Thursday", "Police said earlier Thursday that two men were held.").as_deref(), Some("2022-09-08"));
        assert_eq!(value("later Thursday", "The mayor will speak later Thursday.").as_deref(), Some("2022-09-08"));
        assert_eq!(value("March 20", "Shareholders will receive a premium of 26% over the close on March 20.").as_deref(), Some("2022-03-20"));
        assert_eq!(value("Friday", "The buyer will pay a premium over the closing price on Friday.").as_deref(), Some("2022-09-02"));
        // Review: a "will" right before the date still looks ahead; "later Saturday" in a
        // Thursday's story is the Saturday after.
        assert_eq!(value("March 1", "The new law will take effect on March 1, the minister said.").as_deref(), Some("2023-03-01"));
        assert_eq!(value("May 3", "The former president will appeal the May 3 ruling.").as_deref(), Some("2022-05-03"));
        assert_eq!(value("later Saturday", "Polls close later Saturday.").as_deref(), Some("2022-09-10"));
    }

    #[test]
    fn that_year_and_the_following_month_point_to_the_date_written_before() {
        assert_eq!(anaphoric("that year", Some("1988-03-03")).as_deref(), Some("1988"));
        assert_eq!(anaphoric("The following month", Some("1989-03")).as_deref(), Some("1989-04"));
        assert_eq!(anaphoric("later that day", Some("1989-12-31")).as_deref(), Some("1989-12-31"));
        assert_eq!(anaphoric("the next day", Some("1989-12-31")).as_deref(), Some("1990-01-01"));
        assert_eq!(anaphoric("that quarter", Some("1988-Q2")).as_deref(), Some("1988-Q2"));
        assert_eq!(anaphoric("the previous quarter", Some("1988-Q1")).as_deref(), Some("1987-Q4"));
        // (Only what the date before names: a year has no day.)
        assert_eq!(anaphoric("that day", Some("1988")), None);
        assert_eq!(anaphoric("that year", None), None);
        assert_eq!(anaphoric("next year", Some("1988")), None);
        assert!(opens_with_day("Monday morning") && opens_with_day("yesterday afternoon") && !opens_with_day("7 a.m."));
    }

    #[test]
    fn no_value_without_an_anchor_or_a_date() {
        assert_eq!(normalise("yesterday", "", 0, None, false), None);
        assert_eq!(normalise("July 15, 2022", "", 0, None, false).as_deref(), Some("2022-07-15"));
        assert_eq!(value("the holidays", ""), None);
    }
}
