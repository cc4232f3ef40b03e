//! Features of each non-blank line and its neighbours, for the line model.
//!
//! Everything here describes the *shape* of a line and where it sits (length, function words,
//! case, punctuation, digits, dates and times, separators, links and handles, position, repetition,
//! similarity to the top of the page, the furniture [`Shape`]s), never particular outlets' strings.
//! The same function produces the training data (`examples/clean_features.rs`) and the features
//! the stage scores, so training and inference cannot drift apart.

use std::collections::{HashMap, HashSet};

/// Hash sets and maps of words: one lookup per word of every line, where SipHash took a tenth
/// of the stage's time on long lines.
type WordSet<'a> = HashSet<&'a str, foldhash::fast::FixedState>;
type WordMap<'a, V> = HashMap<&'a str, V, foldhash::fast::FixedState>;
use std::sync::LazyLock;

use regex::Regex;

use super::metadata::find_date;
use super::shapes::{Shape, Shapes, WIDGET_WORDS};
use crate::document::{BlockKind, LineBlock};

/// Function words of English (most of the corpus) and of German, French and Spanish (pages of
/// other languages still show prose by their function words).
const FUNCTION_WORDS: &[&str] = &[
    "a", "about", "after", "all", "also", "an", "and", "any", "are", "as", "at", "be", "because", "been", "before", "being",
    "between", "both", "but", "by", "can", "could", "did", "do", "does", "during", "each", "few", "for", "from", "had",
    "has", "have", "he", "her", "here", "hers", "him", "his", "how", "i", "if", "in", "into", "is", "it", "its", "just",
    "many", "may", "me", "might", "more", "most", "much", "must", "my", "no", "not", "now", "of", "on", "once", "one",
    "only", "or", "other", "our", "out", "over", "said", "says", "she", "should", "since", "so", "some", "such", "than",
    "that", "the", "their", "them", "then", "there", "these", "they", "this", "those", "through", "to", "too", "under",
    "until", "up", "us", "very", "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom", "why",
    "will", "with", "would", "you", "your", "der", "die", "das", "und", "ist", "nicht", "mit", "sich", "des", "dem",
    "den", "ein", "eine", "einen", "auch", "auf", "für", "von", "zu", "im", "wird", "werden", "hat", "sind", "le", "la",
    "les", "et", "est", "un", "une", "dans", "pour", "qui", "que", "pas", "sur", "au", "du", "avec", "il", "elle",
    "el", "los", "las", "y", "en", "por", "con", "para", "es", "se", "lo", "su", "del", "al",
];

/// Words of menus, account and subscription prompts, and comment widgets.
const NAVIGATION_WORDS: &[&str] = &[
    "home", "menu", "search", "login", "log", "sign", "register", "account", "subscribe", "subscription", "newsletter",
    "newsletters", "cookie", "cookies", "privacy", "policy", "terms", "contact", "about", "advertise", "advertisement",
    "sponsored", "related", "read", "more", "latest", "popular", "trending", "video", "videos", "photos", "gallery",
    "podcast", "podcasts", "opinion", "sections", "section", "skip", "content", "jump", "navigation", "back", "next",
    "previous", "top", "close", "open", "reply", "replies", "comment", "comments", "notify", "oldest", "newest", "view",
    "show", "all", "load", "edition", "weather", "sport", "sports", "business", "world", "politics", "entertainment",
    "lifestyle", "tech", "technology", "health", "science", "tags", "topics", "click", "here", "download", "app",
];

/// Word lists as sets: a line can hold thousands of words (a speech with no line breaks).
static FUNCTION_SET: LazyLock<WordSet<'static>> = LazyLock::new(|| FUNCTION_WORDS.iter().copied().collect());
static VOCABULARY_SET: LazyLock<WordSet<'static>> =
    LazyLock::new(|| WIDGET_WORDS.iter().chain(NAVIGATION_WORDS).copied().collect());

/// The shape of one line on its own.
#[derive(Debug, Clone, Default)]
struct LineShape {
    words: f64,
    chars: f64,
    function_share: f64,
    capitalised_share: f64,
    upper_share: f64,
    letter_share: f64,
    digit_share: f64,
    ends_sentence: f64,
    ends_colon: f64,
    has_date: f64,
    has_time: f64,
    has_weekday_or_month: f64,
    separators: f64,
    links: f64,
    social: f64,
    quotes: f64,
    commas_per_word: f64,
    vocabulary_share: f64,
    starts_with_by: f64,
    starts_with_bullet: f64,
    bracketed: f64,
    no_alphanumeric: f64,
    all_lowercase: f64,
    starts_lowercase: f64,
    shape: Option<Shape>,
    paragraph: bool,
}

/// Compiled once per stage.
pub struct FeatureExtractor {
    shapes: Shapes,
    time: Regex,
    weekday_or_month: Regex,
    link: Regex,
}

/// Neighbour features copied from a line's shape.
const NEIGHBOUR_FEATURES: [&str; 9] = [
    "words", "ends_sentence", "function_share", "capitalised_share", "digit_share", "has_date", "any_shape", "links",
    "starts_lowercase",
];

/// The lines as the model reads them (`spans` into `text`, blank lines empty): a layout line (a
/// rule `---`, a heading's `===` underline, a code fence, a table's `|---|---|`) is read as a
/// blank line: it separates paragraphs and is never article text. The training pages hold
/// almost none (118 of their lines, none labelled), so the model never learnt what they are:
/// two of them in a short file made it take every article line for furniture. (Menu separators
/// such as `|` or `»` alone on a line stay lines: they tell the model a menu is near.)
pub fn model_lines<'t>(text: &'t str, spans: &[std::ops::Range<usize>]) -> Vec<&'t str> {
    spans.iter().map(|span| &text[span.clone()]).map(|line| if is_layout(line) { "" } else { line }).collect()
}

/// Which lines belong to a Markdown table: a run of lines with `|` in them, one of which is the
/// table's delimiter row (`|---|---|`), or each of which opens and closes with one (`| bread |
/// 16% |`). (Without either, "Home | News | Sport" is a menu.)
pub fn table_rows(lines: &[&str]) -> Vec<bool> {
    let framed = |line: &str| line.len() > 2 && line.starts_with('|') && line.ends_with('|') && line.matches('|').count() >= 3;
    let mut rows = vec![false; lines.len()];
    // Each run of lines that `belongs` keeps, marked as a table when `is_table` says so.
    let mut mark = |belongs: &dyn Fn(&str) -> bool, is_table: &dyn Fn(&[&str]) -> bool| {
        let mut start = 0;
        while start < lines.len() {
            let mut end = start;
            while end < lines.len() && belongs(lines[end]) {
                end += 1;
            }
            if end > start && is_table(&lines[start..end]) {
                rows[start..end].fill(true);
            }
            start = end + 1;
        }
    };
    mark(&|line| line.contains('|'), &|run| run.iter().any(|line| is_layout(line)));
    mark(&|line| framed(line), &|run| run.len() >= 2);
    rows
}

/// A trimmed line of Markdown or plain-text layout: three marks or more of `-=*_~|:+#` and
/// nothing else, or a code fence (with or without its language).
pub fn is_layout(line: &str) -> bool {
    let only_marks = line.chars().all(|c| c.is_whitespace() || "-=*_~|:+#`".contains(c));
    let marks = || line.chars().filter(|c| !c.is_whitespace()).nth(2).is_some();
    (only_marks && marks()) || line.starts_with("```") || line.starts_with("~~~")
}

/// The names of the feature vector's entries, in order; the model file lists the same.
pub fn feature_names() -> Vec<String> {
    let own = [
        "words", "chars", "function_share", "capitalised_share", "upper_share", "letter_share", "digit_share",
        "ends_sentence", "ends_colon", "has_date", "has_time", "has_weekday_or_month", "separators", "links", "social",
        "quotes", "commas_per_word", "vocabulary_share", "starts_with_by", "starts_with_bullet", "bracketed",
        "no_alphanumeric", "all_lowercase", "starts_lowercase",
    ];
    let position = [
        "relative_position", "lines_from_top", "lines_from_bottom", "lines_in_document", "blank_before", "blank_after",
        "before_first_paragraph", "after_last_paragraph", "distance_to_paragraph", "repeats", "earlier_copy", "later_copy", "lines_to_first_paragraph", "paragraph_follows", "body_overlap", "short_run", "width_share", "similarity_to_top",
        "similarity_to_next", "window_mean_words", "paragraph_share", "mean_words",
    ];
    let mut names: Vec<String> = own.iter().map(|s| s.to_string()).collect();
    names.extend(Shape::ALL.iter().map(|s| format!("shape_{}", s.name())));
    names.extend(position.iter().map(|s| s.to_string()));
    for side in ["previous", "next"] {
        names.extend(NEIGHBOUR_FEATURES.iter().map(|f| format!("{side}_{f}")));
        names.push(format!("{side}_shape_byline_or_dateline"));
    }
    names.extend(["previous2_words", "next2_words", "previous2_ends_sentence", "next2_ends_sentence"].map(String::from));
    names
}

/// The names of a page's features: a plain text's, then its lines' HTML blocks' (`block_*`).
pub fn page_feature_names() -> Vec<String> {
    let mut names = feature_names();
    names.extend(BlockKind::ALL.iter().map(|kind| format!("block_{}", kind.name())));
    names.extend(["block_link_density", "block_heading_level"].map(String::from));
    for side in ["previous", "next"] {
        names.extend(BlockKind::ALL.iter().map(|kind| format!("{side}_block_{}", kind.name())));
        names.push(format!("{side}_block_link_density"));
    }
    names
}

/// A line's HTML block as columns: its kind, one column each, and its link density; -1 where
/// the line has none (plain text, a line not found in the page).
fn block_columns(block: Option<&LineBlock>) -> impl Iterator<Item = f64> + '_ {
    let kinds = BlockKind::ALL.iter().map(move |kind| f64::from(u8::from(block.is_some_and(|b| b.kind == *kind))));
    kinds.chain(std::iter::once(block.map_or(-1.0, |b| f64::from(b.link_density))))
}

impl FeatureExtractor {
    pub fn new() -> FeatureExtractor {
        let re = |pattern: &str| Regex::new(pattern).expect("built-in feature pattern compiles");
        FeatureExtractor {
            shapes: Shapes::new(),
            time: re(r"(?i)(?-u:\b)\d{1,2}[:.]\d\d(?:\s*[ap]\.?m\.?)?(?-u:\b)|(?-u:\b)\d{1,2}\s*[ap]\.?m\.?(?-u:\b)|(?-u:\b)(?:\d+|an?)\s+(?:sec|second|min|minute|hour|hr|day|week|month|year)s?\s+ago(?-u:\b)|(?-u:\b)(?:gmt|utc|bst|cet|cest|[ecmp][sd]t|ist|aest)(?-u:\b)"),
            weekday_or_month: re(&format!(
                r"(?i)(?-u:\b)(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|today|yesterday|{})(?-u:\b)",
                super::shapes::MONTHS
            )),
            link: re(r"(?i)https?://|www\.|(?-u:\b)[\w.-]+\.(?:com|org|net|co\.uk|gov|edu|io|info|news)(?-u:\b)|[\w.+-]+@[\w-]+\.[\w.]+"),
        }
    }

    /// The furniture shape of `line`, if it has one (see [`Shapes::of`]).
    pub fn furniture_shape(&self, line: &str) -> Option<Shape> {
        self.shapes.of(line)
    }

    /// A reader's comment's header (see [`Shapes::comment_header`]).
    pub fn comment_header(&self, line: &str) -> bool {
        self.shapes.comment_header(line)
    }

    /// The line is the page's own (see [`Shapes::page_furniture`]).
    pub fn page_furniture(&self, line: &str) -> bool {
        self.shapes.page_furniture(line)
    }

    /// The line holds a word only a page's own lines use: a prompt's, a widget's, a rail's
    /// ("Read More", "Sign up for our newsletter", "Download our app"; not "back", "world" or
    /// "health", which a subheading uses too: "Back to school").
    pub fn names_the_page(&self, line: &str) -> bool {
        const PAGE_WORDS: &[&str] = &[
            "subscribe", "subscription", "newsletter", "newsletters", "sign", "login", "log", "register", "advertisement",
            "advertisements", "advertise", "sponsored", "related", "read", "more", "latest", "popular", "trending", "video",
            "videos", "photos", "gallery", "podcast", "download", "app", "click", "comments", "comment", "reply", "share",
            "print", "email", "facebook", "twitter", "whatsapp", "linkedin", "instagram", "youtube", "tiktok", "cookie",
            "cookies", "skip", "menu", "search", "listen", "watch", "play", "enlarge", "recommended",
        ];
        line.split_whitespace().map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase()).any(|w| PAGE_WORDS.contains(&w.as_str()))
    }

    /// The line is a site's notice to the reader (see [`Shapes::site_notice`]).
    pub fn site_notice(&self, line: &str) -> bool {
        self.shapes.site_notice(line)
    }

    /// A consent dialog's account of cookies or the site's appeal (see [`Shapes::dialog_or_appeal`]).
    pub fn dialog_or_appeal(&self, line: &str) -> bool {
        self.shapes.dialog_or_appeal(line)
    }

    /// An embedded post's signature (see [`Shapes::post_signature`]).
    pub fn post_signature(&self, line: &str) -> bool {
        self.shapes.post_signature(line)
    }

    /// A prompt of the site's to its reader (see [`Shapes::prompt`]).
    pub fn prompt(&self, line: &str) -> bool {
        self.shapes.prompt(line)
    }

    /// The line is a caption crediting its picture (see [`Shapes::credits_a_picture`]).
    pub fn credits_a_picture(&self, line: &str) -> bool {
        self.shapes.credits_a_picture(line)
    }

    /// The line is a picture's credit and nothing else (see [`Shapes::picture_credit_alone`]).
    pub fn picture_credit_alone(&self, line: &str) -> bool {
        self.shapes.picture_credit_alone(line)
    }

    /// The line ends with a picture's credit, described or not (see [`Shapes::picture_credit`]).
    pub fn ends_with_picture_credit(&self, line: &str) -> bool {
        self.shapes.picture_credit(line).is_some()
    }

    fn line_shape(&self, line: &str) -> LineShape {
        let words: Vec<&str> = line.split_whitespace().collect();
        // (Chinese and Japanese put no space between words: a paragraph of them was one word,
        // a label's length, and its "。" no sentence's end, so the model took every paragraph
        // for furniture. A run of their letters counts about a word per two letters.)
        let (word_count, spaceless) = words.iter().fold((0, false), |(count, spaceless), word| match crate::stages::segment::spaceless_words(word) {
            Some(n) => (count + n, true),
            None => (count + 1, spaceless),
        });
        let n_words = word_count.max(1) as f64;
        // Function and vocabulary words, each word lower-cased into one buffer (a speech's
        // line holds thousands of words: a string apiece cost a fifth of the stage).
        let (mut function_words, mut vocabulary_words, mut lowered) = (0.0, 0.0, String::new());
        for word in &words {
            lowered.clear();
            push_lowercase(&mut lowered, word.trim_matches(|c: char| !c.is_alphanumeric()));
            function_words += f64::from(u8::from(FUNCTION_SET.contains(lowered.as_str())));
            vocabulary_words += f64::from(u8::from(VOCABULARY_SET.contains(lowered.as_str())));
        }
        let alphabetic_words: Vec<&&str> =
            words.iter().filter(|w| w.chars().find(|c| c.is_alphanumeric()).is_some_and(char::is_alphabetic)).collect();
        let capitalised = alphabetic_words
            .iter()
            .filter(|w| w.chars().find(|c| c.is_alphabetic()).is_some_and(char::is_uppercase))
            .count() as f64;
        let (mut chars, mut letters, mut upper, mut digits, mut separators, mut quotes, mut commas) = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
        for c in line.chars() {
            chars += 1.0;
            if c.is_alphabetic() {
                letters += 1.0;
                if c.is_uppercase() {
                    upper += 1.0;
                }
            } else if c.is_ascii_digit() {
                digits += 1.0;
            } else if matches!(c, '|' | '»' | '«' | '©' | '•' | '·' | '›' | '‹' | '>' | '→' | '★' | '▶' | '►' | '■' | '◆') {
                separators += 1.0;
            } else if matches!(c, '"' | '“' | '”' | '‘' | '’' | '„') {
                quotes += 1.0;
            } else if c == ',' {
                commas += 1.0;
            }
        }
        let last = line.trim_end_matches(['"', '”', '’', '\'', ')', '»']).chars().last().unwrap_or(' ');
        let ends_sentence = matches!(last, '.' | '!' | '?' | '…' | '。' | '！' | '？') && !line.ends_with("...") || line.ends_with(".\"") || line.ends_with(".”");
        let shape = self.shapes.of(line);
        let function_share = function_words / n_words;
        LineShape {
            words: word_count as f64,
            chars,
            function_share,
            capitalised_share: if alphabetic_words.is_empty() { 0.0 } else { capitalised / alphabetic_words.len() as f64 },
            upper_share: if letters > 0.0 { upper / letters } else { 0.0 },
            letter_share: letters / chars.max(1.0),
            digit_share: digits / chars.max(1.0),
            ends_sentence: f64::from(u8::from(ends_sentence)),
            ends_colon: f64::from(u8::from(line.ends_with(':'))),
            has_date: f64::from(u8::from(find_date(line).is_some())),
            has_time: f64::from(u8::from(self.time.is_match(line))),
            has_weekday_or_month: f64::from(u8::from(self.weekday_or_month.is_match(line))),
            separators,
            links: f64::from(u8::from(self.link.is_match(line))),
            social: f64::from(u8::from(self.shapes.has_social_marker(line))),
            quotes,
            commas_per_word: commas / n_words,
            vocabulary_share: vocabulary_words / n_words,
            starts_with_by: f64::from(u8::from(words.first().is_some_and(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase() == "by"))),
            starts_with_bullet: f64::from(u8::from(line.starts_with(['•', '-', '*', '·', '▶', '►', '>', '–', '—', '■']))),
            bracketed: f64::from(u8::from(
                (line.starts_with('(') && line.ends_with(')')) || (line.starts_with('[') && line.ends_with(']')),
            )),
            no_alphanumeric: f64::from(u8::from(!line.chars().any(char::is_alphanumeric))),
            all_lowercase: f64::from(u8::from(words.len() >= 2 && letters > 0.0 && upper == 0.0)),
            starts_lowercase: f64::from(u8::from(line.chars().next().is_some_and(char::is_lowercase))),
            shape,
            // (Chinese and Japanese have no function words of the list.)
            paragraph: word_count >= 15 && ends_sentence && (function_share >= 0.15 || spaceless),
        }
    }

    /// One feature vector per non-blank line (`lines` are the trimmed lines, blank ones empty);
    /// with `blocks`, a page's, each line's HTML block too ([`page_feature_names`]; one per line,
    /// or none at all).
    pub fn extract(&self, lines: &[&str], blocks: Option<&[Option<&LineBlock>]>) -> Vec<Vec<f64>> {
        let non_blank: Vec<usize> = (0..lines.len()).filter(|&i| !lines[i].is_empty()).collect();
        let shapes: Vec<LineShape> = non_blank.iter().map(|&i| self.line_shape(lines[i])).collect();
        let n = non_blank.len();
        let keys: Vec<String> = non_blank.iter().map(|&i| normalise(lines[i])).collect();
        let mut key_counts: WordMap<usize> = WordMap::default();
        // Whether the same line (normalised) appeared earlier: a repeated headline or caption.
        let mut earlier_copy = vec![false; n];
        for (k, key) in keys.iter().enumerate() {
            let count = key_counts.entry(key.as_str()).or_default();
            earlier_copy[k] = *count > 0;
            *count += 1;
        }
        let mut seen_later: WordSet = WordSet::default();
        let mut later_copy = vec![false; n];
        for k in (0..n).rev() {
            later_copy[k] = !seen_later.insert(keys[k].as_str());
        }
        let word_sets: Vec<WordSet> = keys.iter().map(|k| k.split(' ').filter(|w| !w.is_empty()).collect()).collect();
        let top = n.min(8);
        let paragraphs: Vec<usize> = (0..n).filter(|&k| shapes[k].paragraph).collect();
        let first_paragraph = paragraphs.first().copied();
        let last_paragraph = paragraphs.last().copied();
        // The words of the article's paragraphs: a headline shares them, a menu item does not.
        let body_words: WordSet =
            paragraphs.iter().flat_map(|&p| keys[p].split(' ')).filter(|w| !FUNCTION_SET.contains(w)).collect();
        // Runs of consecutive short lines: menus, tag lists, share bars.
        let mut short_run = vec![0usize; n];
        let mut run_start = 0;
        for k in 0..=n {
            if k == n || shapes[k].words > 4.0 {
                for slot in &mut short_run[run_start..k] {
                    *slot = k - run_start;
                }
                run_start = k + 1;
            }
        }
        // A text-mode dump wraps paragraphs at a fixed width: their lines are nearly as wide as
        // the widest line.
        let widest = shapes.iter().map(|s| s.chars).fold(1.0, f64::max);
        let mean_words = shapes.iter().map(|s| s.words).sum::<f64>() / n.max(1) as f64;
        let paragraph_share = paragraphs.len() as f64 / n.max(1) as f64;
        let mut rows = Vec::with_capacity(n);
        for k in 0..n {
            let s = &shapes[k];
            let i = non_blank[k];
            let mut row = vec![
                s.words, s.chars, s.function_share, s.capitalised_share, s.upper_share, s.letter_share, s.digit_share,
                s.ends_sentence, s.ends_colon, s.has_date, s.has_time, s.has_weekday_or_month, s.separators, s.links,
                s.social, s.quotes, s.commas_per_word, s.vocabulary_share, s.starts_with_by, s.starts_with_bullet,
                s.bracketed, s.no_alphanumeric, s.all_lowercase, s.starts_lowercase,
            ];
            row.extend(Shape::ALL.iter().map(|shape| f64::from(u8::from(s.shape == Some(*shape)))));
            let distance_to_paragraph = paragraphs
                .iter()
                .map(|&p| p.abs_diff(k))
                .min()
                .unwrap_or(n)
                .min(10);
            let similarity_to_top = (0..top).filter(|&j| j != k).map(|j| jaccard(&word_sets[k], &word_sets[j])).fold(0.0, f64::max);
            let similarity_to_next = if k + 1 < n { jaccard(&word_sets[k], &word_sets[k + 1]) } else { 0.0 };
            let window = k.saturating_sub(3)..(k + 4).min(n);
            let window_mean_words = shapes[window.clone()].iter().map(|s| s.words).sum::<f64>() / window.len() as f64;
            row.extend([
                k as f64 / n as f64,
                k.min(30) as f64,
                (n - 1 - k).min(30) as f64,
                n.min(200) as f64,
                f64::from(u8::from(i == 0 || lines[i - 1].is_empty())),
                f64::from(u8::from(i + 1 >= lines.len() || lines[i + 1].is_empty())),
                f64::from(u8::from(first_paragraph.is_none_or(|p| k < p))),
                f64::from(u8::from(last_paragraph.is_none_or(|p| k > p))),
                distance_to_paragraph as f64,
                (key_counts.get(keys[k].as_str()).copied().unwrap_or(1) - 1).min(10) as f64,
                f64::from(u8::from(earlier_copy[k])),
                f64::from(u8::from(later_copy[k])),
                // A headline sits just above the article's first paragraph, however deep the
                // menus above it go.
                first_paragraph.map_or(40.0, |p| (p as f64 - k as f64).clamp(-40.0, 40.0)),
                f64::from(u8::from(paragraphs.iter().any(|&p| p > k && p <= k + 3))),
                body_overlap(&word_sets[k], &body_words),
                short_run[k].min(20) as f64,
                s.chars / widest,
                similarity_to_top,
                similarity_to_next,
                window_mean_words,
                paragraph_share,
                mean_words,
            ]);
            for neighbour in [k.checked_sub(1), (k + 1 < n).then_some(k + 1)] {
                match neighbour.map(|j| &shapes[j]) {
                    Some(o) => row.extend([
                        o.words,
                        o.ends_sentence,
                        o.function_share,
                        o.capitalised_share,
                        o.digit_share,
                        o.has_date,
                        f64::from(u8::from(o.shape.is_some())),
                        o.links,
                        o.starts_lowercase,
                        f64::from(u8::from(matches!(o.shape, Some(Shape::Byline | Shape::Dateline)))),
                    ]),
                    // No neighbour: the page's edge.
                    None => row.extend([-1.0; NEIGHBOUR_FEATURES.len() + 1]),
                }
            }
            let far = |j: Option<usize>, f: fn(&LineShape) -> f64| j.filter(|&j| j < n).map_or(-1.0, |j| f(&shapes[j]));
            row.extend([
                far(k.checked_sub(2), |s| s.words),
                far(Some(k + 2), |s| s.words),
                far(k.checked_sub(2), |s| s.ends_sentence),
                far(Some(k + 2), |s| s.ends_sentence),
            ]);
            if let Some(blocks) = blocks {
                let block = |j: Option<usize>| j.filter(|&j| j < n).and_then(|j| blocks.get(non_blank[j]).copied().flatten());
                let own = block(Some(k));
                row.extend(block_columns(own));
                row.push(own.map_or(0.0, |b| f64::from(b.heading_level)));
                row.extend(block_columns(block(k.checked_sub(1))));
                row.extend(block_columns(block(Some(k + 1))));
            }
            rows.push(row);
        }
        rows
    }
}

impl Default for FeatureExtractor {
    fn default() -> Self {
        FeatureExtractor::new()
    }
}

/// Lower-case letters and digits, single spaces: for comparing lines.
pub fn normalise(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    for word in line.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        push_lowercase(&mut out, word);
    }
    out
}

/// `word` lower-cased onto `out` (letter by letter, as `char::to_lowercase` does; ASCII, most
/// words, without decoding it).
fn push_lowercase(out: &mut String, word: &str) {
    if word.is_ascii() {
        out.extend(word.bytes().map(|b| char::from(b.to_ascii_lowercase())));
    } else {
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
}

/// The share of a line's content words (not function words) found in the article's paragraphs.
fn body_overlap(words: &WordSet, body: &WordSet) -> f64 {
    let (content, found) = words.iter().filter(|w| !FUNCTION_SET.contains(**w)).fold((0, 0), |(content, found), w| (content + 1, found + usize::from(body.contains(w))));
    if content == 0 {
        return 0.0;
    }
    found as f64 / content as f64
}

/// Jaccard similarity of two sets of words.
fn jaccard(a: &WordSet, b: &WordSet) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let common = small.iter().filter(|w| large.contains(*w)).count();
    common as f64 / (a.len() + b.len() - common) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_markdown_table_is_told_from_a_menu() {
        let lines = ["Lede.", "| item | tax |", "|---|---|", "| bread | 16% |", "", "Home | News | Sport", "Next."];
        assert_eq!(table_rows(&lines), [false, true, true, true, false, false, false]);
        let lines = ["Lede.", "| item | tax |", "| bread | 16% |", "Home | News | Sport", "World | Business"];
        assert_eq!(table_rows(&lines), [false, true, true, false, false]);
    }

    #[test]
    fn rules_fences_and_table_delimiters_are_layout_menu_separators_are_not() {
        for line in ["---", "* * *", "=================", "```", "```python", "~~~", "|---|:---:|", "___"] {
            assert!(is_layout(line), "{line}");
        }
        for line in ["|", "»", "• •", "x = 1", "| a | b |", "--", "Home | News"] {
            assert!(!is_layout(line), "{line}");
        }
    }

    #[test]
    fn one_row_per_non_blank_line_with_every_named_feature() {
        let extractor = FeatureExtractor::new();
        let lines = ["Storm hits coast", "", "By Jane Doe", "Sep 7, 2022 10:14 AM ET", "", "The storm hit the coast on Monday, and officials said the damage was worse than they had feared."];
        let rows = extractor.extract(&lines, None);
        // A page's line: its block's columns, and its neighbours'; none for a line not found.
        let names = page_feature_names();
        let column = |name: &str| names.iter().position(|n| n == name).unwrap();
        let item = LineBlock { line: 0..0, kind: BlockKind::ListItem, heading_level: 0, link_density: 0.25 };
        let paged = extractor.extract(&lines, Some(&[None, None, Some(&item), None, None, None]));
        assert!(paged.iter().all(|r| r.len() == names.len()));
        assert_eq!((paged[0][column("block_list_item")], paged[0][column("block_link_density")]), (0.0, -1.0));
        assert_eq!((paged[1][column("block_list_item")], paged[1][column("block_link_density")]), (1.0, 0.25));
        assert_eq!((paged[0][column("next_block_list_item")], paged[2][column("previous_block_link_density")]), (1.0, 0.25));
        assert_eq!(paged[0][..column("block_paragraph")], rows[0][..]);
        assert_eq!(rows.len(), 4);
        assert!(rows.iter().all(|r| r.len() == feature_names().len()));
        let names = feature_names();
        let at = |row: usize, name: &str| rows[row][names.iter().position(|n| n == name).unwrap()];
        assert_eq!(at(2, "has_date"), 1.0);
        assert_eq!(at(1, "starts_with_by"), 1.0);
        assert_eq!(at(3, "before_first_paragraph"), 0.0);
        assert_eq!(at(0, "before_first_paragraph"), 1.0);
        assert_eq!(at(0, "previous_words"), -1.0);
    }

    #[test]
    fn feature_names_are_unique() {
        let names = feature_names();
        let mut sorted = names.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), names.len());
    }

    #[test]
    fn jaccard_of_word_sets() {
        let set = |words: &[&'static str]| words.iter().copied().collect::<WordSet>();
        assert_eq!(jaccard(&set(&["a", "b"]), &set(&["a", "b"])), 1.0);
        assert_eq!(jaccard(&set(&["a", "b"]), &set(&["b", "c"])), 1.0 / 3.0);
        assert_eq!(jaccard(&set(&[]), &set(&["a"])), 0.0);
    }
}
