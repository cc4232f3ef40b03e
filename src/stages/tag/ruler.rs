//! The `ruler` backend: phrase and token patterns with labels, like spaCy's EntityRuler, plus
//! phrase patterns built from the gazetteer files (countries, capitals, cities, demonyms).
//!
//! Pattern files are JSONL, one pattern per line:
//! `{"label": "ORG", "pattern": "Acme Corp."}` (phrase: matched token by token) or
//! `{"label": "DATE", "pattern": [{"LOWER": {"IN": ["last", "next"]}}, {"LOWER": "week"}]}`
//! (token patterns; attributes ORTH/TEXT, LOWER, SHAPE, LENGTH, IS_TITLE, IS_UPPER, IS_LOWER,
//! IS_DIGIT, IS_ALPHA, IS_PUNCT, LIKE_NUM; values may be `{"IN": [...]}`, `{"NOT_IN": [...]}`,
//! `{"REGEX": "..."}`, and for LENGTH `{">=": n}`/`{"<=": n}`; `"OP"` is `?`, `*`, `+` or `!`).
//!
//! Overlapping matches are resolved like spaCy's `filter_spans`: the longest wins, then the
//! earliest; for the same span, the user's pattern files beat the built-in patterns, which beat
//! the gazetteer's names; within a source, phrase patterns (specific lists) beat token patterns
//! (shapes), and earlier patterns beat later ones.

use std::collections::HashMap;

use regex::Regex;
use serde::Deserialize;

use super::RulerConfig;
use crate::document::{Label, Span};
use crate::error::RunError;
use crate::gazetteer::Gazetteer;
use crate::stages::tag::Proposal;

/// A token of the ruler's own tokenizer: words (with inner `.'’&-`), numbers, single symbols,
/// and a possessive `'s` split off.
#[derive(Debug, Clone, Copy)]
struct Token {
    span: (usize, usize),
}

/// `resources/ruler/news.jsonl` (made by `scripts/make_ruler_patterns.py`), built in so the
/// binary works from any directory.
const BUILTIN_PATTERNS: &str = include_str!("../../../resources/ruler/news.jsonl");

pub struct Ruler {
    ignore_case: bool,
    /// Phrase patterns keyed by their first token's key.
    phrases: HashMap<String, Vec<PhrasePattern>>,
    token_patterns: Vec<TokenPattern>,
    token_regex: Regex,
}

struct PhrasePattern {
    keys: Vec<String>,
    label: Label,
    priority: usize,
}

struct TokenPattern {
    steps: Vec<Step>,
    label: Label,
    priority: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    One,
    Optional,
    ZeroOrMore,
    OneOrMore,
    Not,
}

struct Step {
    tests: Vec<Test>,
    op: Op,
}

enum Test {
    Text(StringTest),
    Lower(StringTest),
    Shape(StringTest),
    Length { min: usize, max: usize },
    Flag(Flag, bool),
}

enum StringTest {
    Equals(String),
    In(Vec<String>),
    NotIn(Vec<String>),
    Regex(Regex),
}

#[derive(Debug, Clone, Copy)]
enum Flag {
    Title,
    Upper,
    Lower,
    Digit,
    Alpha,
    Punct,
    LikeNum,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PatternLine {
    label: String,
    pattern: PatternBody,
    #[serde(default)]
    #[allow(dead_code)]
    id: Option<String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum PatternBody {
    Phrase(String),
    Tokens(Vec<HashMap<String, serde_json::Value>>),
}

/// One line of a pattern file, read.
enum Pattern {
    Phrase(String),
    Tokens(Vec<Step>),
}

/// The patterns of a pattern file's `text`, each with its label; an error names `source`'s line.
/// (A byte order mark, as Notepad and PowerShell write one, is no part of the first line.)
fn read_patterns(source: &str, text: &str) -> Result<Vec<(Label, Pattern)>, String> {
    let mut patterns = Vec::new();
    for (n, line) in text.trim_start_matches('\u{feff}').lines().enumerate() {
        if line.trim().is_empty() || line.trim_start().starts_with("//") {
            continue;
        }
        let at = || format!("{source} line {}", n + 1);
        let parsed: PatternLine = serde_json::from_str(line).map_err(|err| format!("{}: {err}", at()))?;
        let label = Label::parse(&parsed.label).ok_or_else(|| format!("{}: unknown label {:?} (expected an OntoNotes label)", at(), parsed.label))?;
        let pattern = match parsed.pattern {
            PatternBody::Phrase(phrase) => Pattern::Phrase(phrase),
            PatternBody::Tokens(specs) => {
                let steps = specs.iter().map(parse_step).collect::<Result<Vec<_>, _>>().map_err(|err| format!("{}: {err}", at()))?;
                if steps.iter().all(|s| matches!(s.op, Op::Optional | Op::ZeroOrMore | Op::Not)) {
                    return Err(format!("{}: a token pattern must match at least one token", at()));
                }
                Pattern::Tokens(steps)
            }
        };
        patterns.push((label, pattern));
    }
    Ok(patterns)
}

/// Whether the pattern file at `path` reads, for checking the config before any document: the
/// message names the file's line.
pub fn check_pattern_file(path: &std::path::Path) -> Result<(), String> {
    let text = std::fs::read_to_string(path).map_err(|err| format!("cannot read pattern file {}: {err}", path.display()))?;
    read_patterns(&path.display().to_string(), &text).map(|_| ())
}

/// Priorities of the pattern sources, for the same span: the user's files beat the built-in
/// patterns, which beat the gazetteer's names (a user's "Jordan" as PERSON is theirs to say);
/// within a source, phrases beat token patterns, and earlier lines later ones.
const SOURCE_TIER: usize = 4_000_000_000;
const TOKEN_TIER: usize = 2_000_000_000;

impl Ruler {
    pub fn build(config: &RulerConfig, gazetteer: &Gazetteer) -> Result<Ruler, RunError> {
        let setup = |message: String| RunError::StageSetup { stage: "tag", message };
        let token_regex = Regex::new(r"[\p{L}\p{N}\p{M}]+(?:[.'’&][\p{L}\p{N}\p{M}]+|,\d{3}|-[\p{L}\p{N}\p{M}]+)*\.?|\S").expect("token regex");
        let mut ruler = Ruler {
            ignore_case: config.ignore_case,
            phrases: HashMap::new(),
            token_patterns: Vec::new(),
            token_regex,
        };
        let mut sources: Vec<(String, std::borrow::Cow<'static, str>)> = Vec::new();
        for path in &config.patterns {
            let text = std::fs::read_to_string(path).map_err(|err| setup(format!("cannot read pattern file {}: {err}", path.display())))?;
            sources.push((path.display().to_string(), text.into()));
        }
        if config.builtin_patterns {
            sources.push(("built-in news patterns".into(), BUILTIN_PATTERNS.into()));
        }
        let mut tier = 0;
        for (source, text) in &sources {
            for (n, (label, pattern)) in read_patterns(source, text).map_err(setup)?.into_iter().enumerate() {
                match pattern {
                    Pattern::Phrase(phrase) => ruler.add_phrase(&phrase, label, tier + n),
                    Pattern::Tokens(steps) => ruler.token_patterns.push(TokenPattern { steps, label, priority: tier + TOKEN_TIER + n }),
                }
            }
            tier += SOURCE_TIER;
        }
        if config.gazetteer {
            for (n, (phrase, label)) in gazetteer.ruler_phrases(config.min_city_population).into_iter().enumerate() {
                ruler.add_phrase(&phrase, label, tier + n);
            }
        }
        Ok(ruler)
    }

    /// Hash of everything the ruler reads besides its config: pattern files and gazetteer.
    pub fn resource_fingerprint(config: &RulerConfig, gazetteer: &Gazetteer) -> Result<String, RunError> {
        let mut hasher = blake3::Hasher::new();
        if config.builtin_patterns {
            hasher.update(BUILTIN_PATTERNS.as_bytes());
        }
        for path in &config.patterns {
            let text = std::fs::read(path).map_err(|err| RunError::StageSetup {
                stage: "tag",
                message: format!("cannot read pattern file {}: {err}", path.display()),
            })?;
            hasher.update(&text);
        }
        hasher.update(gazetteer.fingerprint().as_bytes());
        Ok(hasher.finalize().to_hex()[..24].to_string())
    }

    fn key(&self, token: &str) -> String {
        if self.ignore_case {
            token.to_lowercase()
        } else {
            token.to_string()
        }
    }

    fn tokenize(&self, text: &str, region: &Span) -> Vec<Token> {
        let mut tokens = Vec::new();
        for m in self.token_regex.find_iter(&text[region.clone()]) {
            let (start, end) = (region.start + m.start(), region.start + m.end());
            let piece = m.as_str();
            // Split a possessive and a sentence-final period off the word.
            let mut word_end = end;
            let mut tail = None;
            for suffix in ["'s", "’s"] {
                if piece.len() > suffix.len() && piece.ends_with(suffix) {
                    word_end = end - suffix.len();
                    tail = Some((word_end, end));
                }
            }
            if tail.is_none() && piece.len() > 1 && piece.ends_with('.') && !piece[..piece.len() - 1].contains('.') && !is_abbreviation(&piece[..piece.len() - 1]) {
                word_end = end - 1;
                tail = Some((word_end, end));
            }
            tokens.push(Token { span: (start, word_end) });
            if let Some(span) = tail {
                tokens.push(Token { span });
            }
        }
        tokens
    }

    fn add_phrase(&mut self, phrase: &str, label: Label, priority: usize) {
        let region = 0..phrase.len();
        let keys: Vec<String> = self.tokenize(phrase, &region).iter().map(|t| self.key(&phrase[t.span.0..t.span.1])).collect();
        if let Some(first) = keys.first().cloned() {
            self.phrases.entry(first).or_default().push(PhrasePattern { keys, label, priority });
        }
    }

    /// Patterns never need sentence starts: a token pattern spans what it spans.
    pub fn propose(&self, text: &str, region: Span, _sentence_starts: &[usize], out: &mut Vec<Proposal>) {
        let tokens = self.tokenize(text, &region);
        let keys: Vec<String> = tokens.iter().map(|t| self.key(&text[t.span.0..t.span.1])).collect();
        // (start token, end token, priority, label)
        let mut matches: Vec<(usize, usize, usize, Label)> = Vec::new();
        for i in 0..tokens.len() {
            if let Some(candidates) = self.phrases.get(&keys[i]) {
                for pattern in candidates {
                    let n = pattern.keys.len();
                    if i + n <= tokens.len() && pattern.keys[1..] == keys[i + 1..i + n] {
                        matches.push((i, i + n, pattern.priority, pattern.label));
                    }
                }
            }
            for pattern in &self.token_patterns {
                if let Some(end) = match_steps(&pattern.steps, text, &tokens, i) {
                    if end > i {
                        matches.push((i, end, pattern.priority, pattern.label));
                    }
                }
            }
        }
        // Longest first, then earliest, then highest priority (lowest number).
        matches.sort_by_key(|&(s, e, p, _)| (std::cmp::Reverse(e - s), s, p));
        let mut taken = vec![false; tokens.len()];
        let mut kept = Vec::new();
        for (s, e, _, label) in matches {
            if taken[s..e].iter().any(|&t| t) {
                continue;
            }
            taken[s..e].iter_mut().for_each(|t| *t = true);
            kept.push(Proposal { span: tokens[s].span.0..tokens[e - 1].span.1, label });
        }
        kept.sort_by_key(|p| p.span.start);
        out.extend(kept);
    }
}

fn is_abbreviation(word: &str) -> bool {
    matches!(
        word,
        "Corp" | "Inc" | "Co" | "Ltd" | "Bros" | "Jr" | "Sr" | "Dr" | "Mr" | "Mrs" | "Ms" | "St" | "Mt" | "Gov" | "Sen" | "Rep"
            | "Gen" | "Col" | "Lt" | "Capt" | "Sgt" | "Prof" | "Jan" | "Feb" | "Mar" | "Apr" | "Jun" | "Jul" | "Aug" | "Sep"
            | "Sept" | "Oct" | "Nov" | "Dec" | "No" | "Vol" | "Ave" | "Blvd" | "Rd" | "Ft"
    )
}

/// Match `steps` at token `i`; returns the end token (exclusive) of the longest match.
fn match_steps(steps: &[Step], text: &str, tokens: &[Token], i: usize) -> Option<usize> {
    let Some((step, rest)) = steps.split_first() else { return Some(i) };
    let here = |j: usize| j < tokens.len() && step.tests.iter().all(|t| t.check(text, &tokens[j]));
    match step.op {
        Op::One => here(i).then(|| match_steps(rest, text, tokens, i + 1)).flatten(),
        Op::Not => (i < tokens.len() && !step.tests.iter().all(|t| t.check(text, &tokens[i])))
            .then(|| match_steps(rest, text, tokens, i + 1))
            .flatten(),
        Op::Optional => {
            let with = if here(i) { match_steps(rest, text, tokens, i + 1) } else { None };
            with.or_else(|| match_steps(rest, text, tokens, i))
        }
        Op::ZeroOrMore | Op::OneOrMore => {
            let mut count = 0;
            while here(i + count) {
                count += 1;
            }
            let min = usize::from(step.op == Op::OneOrMore);
            // Greedy, backing off until the rest matches.
            (min..=count).rev().find_map(|k| match_steps(rest, text, tokens, i + k))
        }
    }
}

impl Test {
    fn check(&self, text: &str, token: &Token) -> bool {
        let word = &text[token.span.0..token.span.1];
        match self {
            Test::Text(test) => test.check(word),
            Test::Lower(test) => test.check(&word.to_lowercase()),
            Test::Shape(test) => test.check(&shape(word)),
            Test::Length { min, max } => (*min..=*max).contains(&word.chars().count()),
            Test::Flag(flag, expected) => flag.check(word) == *expected,
        }
    }
}

impl StringTest {
    fn check(&self, value: &str) -> bool {
        match self {
            StringTest::Equals(s) => s == value,
            StringTest::In(list) => list.iter().any(|s| s == value),
            StringTest::NotIn(list) => !list.iter().any(|s| s == value),
            StringTest::Regex(re) => re.is_match(value),
        }
    }
}

impl Flag {
    fn check(self, word: &str) -> bool {
        let mut chars = word.chars();
        let first = chars.next().unwrap_or(' ');
        match self {
            Flag::Title => first.is_uppercase() && word.chars().skip(1).any(char::is_lowercase) && !word.chars().skip(1).filter(|c| c.is_alphabetic()).all(char::is_uppercase),
            Flag::Upper => word.chars().any(char::is_alphabetic) && !word.chars().any(char::is_lowercase),
            Flag::Lower => word.chars().any(char::is_alphabetic) && !word.chars().any(char::is_uppercase),
            Flag::Digit => word.chars().all(|c| c.is_ascii_digit()),
            Flag::Alpha => word.chars().all(char::is_alphabetic),
            Flag::Punct => word.chars().all(|c| !c.is_alphanumeric()),
            Flag::LikeNum => {
                let digits = word.replace([',', '.'], "");
                (!digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()))
                    || matches!(
                        word.to_lowercase().as_str(),
                        "one" | "two" | "three" | "four" | "five" | "six" | "seven" | "eight" | "nine" | "ten" | "eleven"
                            | "twelve" | "twenty" | "thirty" | "forty" | "fifty" | "hundred" | "thousand" | "million" | "billion" | "dozen"
                    )
            }
        }
    }
}

/// spaCy-style word shape: X/x/d, runs longer than 4 collapsed.
fn shape(word: &str) -> String {
    let mut out = String::new();
    let mut last = ' ';
    let mut run = 0;
    for c in word.chars() {
        let s = if c.is_uppercase() {
            'X'
        } else if c.is_lowercase() {
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else {
            c
        };
        run = if s == last { run + 1 } else { 1 };
        last = s;
        if run <= 4 {
            out.push(s);
        }
    }
    out
}

fn parse_step(spec: &HashMap<String, serde_json::Value>) -> Result<Step, String> {
    let mut tests = Vec::new();
    let mut op = Op::One;
    for (key, value) in spec {
        match key.as_str() {
            "OP" => {
                op = match value.as_str() {
                    Some("?") => Op::Optional,
                    Some("*") => Op::ZeroOrMore,
                    Some("+") => Op::OneOrMore,
                    Some("!") => Op::Not,
                    Some("1") => Op::One,
                    _ => return Err(format!("OP must be one of ?, *, +, !, got {value}")),
                }
            }
            "ORTH" | "TEXT" => tests.push(Test::Text(parse_string_test(key, value)?)),
            "LOWER" => tests.push(Test::Lower(parse_string_test(key, value)?)),
            "SHAPE" => tests.push(Test::Shape(parse_string_test(key, value)?)),
            "LENGTH" => tests.push(match value {
                serde_json::Value::Number(n) => {
                    let n = n.as_u64().ok_or("LENGTH must be a non-negative integer")? as usize;
                    Test::Length { min: n, max: n }
                }
                serde_json::Value::Object(map) => {
                    let bound = |k: &str| map.get(k).and_then(|v| v.as_u64()).map(|v| v as usize);
                    Test::Length { min: bound(">=").unwrap_or(0), max: bound("<=").unwrap_or(usize::MAX) }
                }
                _ => return Err(format!("LENGTH must be a number or {{\">=\": n, \"<=\": m}}, got {value}")),
            }),
            flag @ ("IS_TITLE" | "IS_UPPER" | "IS_LOWER" | "IS_DIGIT" | "IS_ALPHA" | "IS_PUNCT" | "LIKE_NUM") => {
                let expected = value.as_bool().ok_or_else(|| format!("{flag} must be true or false"))?;
                let flag = match flag {
                    "IS_TITLE" => Flag::Title,
                    "IS_UPPER" => Flag::Upper,
                    "IS_LOWER" => Flag::Lower,
                    "IS_DIGIT" => Flag::Digit,
                    "IS_ALPHA" => Flag::Alpha,
                    "IS_PUNCT" => Flag::Punct,
                    _ => Flag::LikeNum,
                };
                tests.push(Test::Flag(flag, expected));
            }
            other => return Err(format!("unknown token attribute {other:?}")),
        }
    }
    Ok(Step { tests, op })
}

fn parse_string_test(key: &str, value: &serde_json::Value) -> Result<StringTest, String> {
    let strings = |v: &serde_json::Value| -> Result<Vec<String>, String> {
        v.as_array()
            .ok_or_else(|| format!("{key}: IN/NOT_IN expects a list"))?
            .iter()
            .map(|s| s.as_str().map(String::from).ok_or_else(|| format!("{key}: list items must be strings")))
            .collect()
    };
    match value {
        serde_json::Value::String(s) => Ok(StringTest::Equals(s.clone())),
        serde_json::Value::Object(map) if map.len() == 1 => {
            let (op, arg) = map.iter().next().expect("one entry");
            match op.as_str() {
                "IN" => Ok(StringTest::In(strings(arg)?)),
                "NOT_IN" => Ok(StringTest::NotIn(strings(arg)?)),
                "REGEX" => {
                    let pattern = arg.as_str().ok_or_else(|| format!("{key}: REGEX expects a string"))?;
                    Regex::new(pattern).map(StringTest::Regex).map_err(|err| format!("{key}: bad REGEX: {err}"))
                }
                other => Err(format!("{key}: unknown operator {other:?} (expected IN, NOT_IN or REGEX)")),
            }
        }
        _ => Err(format!("{key}: expected a string or {{\"IN\"|\"NOT_IN\"|\"REGEX\": ...}}, got {value}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ruler(patterns: &str) -> Ruler {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.jsonl");
        std::fs::write(&path, patterns).unwrap();
        let config = RulerConfig { patterns: vec![path], gazetteer: false, builtin_patterns: false, ..RulerConfig::default() };
        Ruler::build(&config, &Gazetteer::load(Some(dir.path())).unwrap()).unwrap()
    }

    fn tag(ruler: &Ruler, text: &str) -> Vec<(String, &'static str)> {
        let mut out = Vec::new();
        ruler.propose(text, 0..text.len(), &[0], &mut out);
        out.into_iter().map(|p| (text[p.span].to_string(), p.label.as_str())).collect()
    }

    #[test]
    fn phrase_and_token_patterns() {
        let r = ruler(concat!(
            "{\"label\": \"GPE\", \"pattern\": \"New York\"}\n",
            "{\"label\": \"ORG\", \"pattern\": \"New York Times\"}\n",
            "{\"label\": \"DATE\", \"pattern\": [{\"LOWER\": {\"IN\": [\"last\", \"next\"]}}, {\"LOWER\": {\"IN\": [\"week\", \"july\"]}}]}\n",
            "{\"label\": \"PERSON\", \"pattern\": [{\"LOWER\": {\"IN\": [\"dr\", \"dr.\"]}}, {\"IS_TITLE\": true, \"OP\": \"+\"}]}\n",
        ));
        assert_eq!(
            tag(&r, "The New York Times said last July that Dr. Ann Lee moved to New York's east side."),
            vec![
                ("New York Times".to_string(), "ORG"),
                ("last July".to_string(), "DATE"),
                ("Dr. Ann Lee".to_string(), "PERSON"),
                ("New York".to_string(), "GPE"),
            ]
        );
    }

    #[test]
    fn bad_patterns_name_the_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.jsonl");
        std::fs::write(&path, "{\"label\": \"GPE\", \"pattern\": \"Rome\"}\n{\"label\": \"CITY\", \"pattern\": \"Oslo\"}\n").unwrap();
        let config = RulerConfig { patterns: vec![path], gazetteer: false, builtin_patterns: false, ..RulerConfig::default() };
        let err = Ruler::build(&config, &Gazetteer::load(Some(dir.path())).unwrap()).err().unwrap().to_string();
        assert!(err.contains("line 2") && err.contains("CITY"), "{err}");
    }

    #[test]
    fn the_users_patterns_beat_the_gazetteers_names_and_a_byte_order_mark_is_read() {
        // Regression (a new user's first hour): "Jordan" as PERSON in the user's file lost to
        // the gazetteer's GPE on the same span; a file Notepad saved with a byte order mark
        // failed on its first line.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.jsonl");
        std::fs::write(&path, "\u{feff}{\"label\": \"PERSON\", \"pattern\": \"Jordan\"}\n{\"label\": \"ORG\", \"pattern\": [{\"LOWER\": \"turkey\"}]}\n").unwrap();
        let config = RulerConfig { patterns: vec![path.clone()], ..RulerConfig::default() };
        let r = Ruler::build(&config, &Gazetteer::load(None).unwrap()).unwrap();
        assert_eq!(
            tag(&r, "Jordan scored 40 points in Chicago. Turkey prices rose."),
            vec![("Jordan".to_string(), "PERSON"), ("40".to_string(), "CARDINAL"), ("Chicago".to_string(), "GPE"), ("Turkey".to_string(), "ORG")]
        );
        assert!(check_pattern_file(&path).is_ok());
    }

    #[test]
    fn shapes() {
        assert_eq!(shape("Albania"), "Xxxxx");
        assert_eq!(shape("2022"), "dddd");
        assert_eq!(shape("U.S."), "X.X.");
    }
}
