//! Sentence segmentation: turns a region of a document into sentence byte ranges.
//!
//! Role: the `segment` stage of the pipeline. It is a rule-based segmenter in the spirit
//! of the "pragmatic segmenter" (pySBD / Ruby) whose English Golden Rules are the
//! benchmark (see the tests at the bottom of this file), extended with line-layout rules
//! for scraped news text (headlines, captions, bullets, hard-wrapped paragraphs).
//!
//! Invariants of [`Segmenter::split`]:
//! - every span lies inside the requested region, spans are sorted and non-overlapping;
//! - every span is non-empty and trimmed (no leading/trailing whitespace, zero-width spaces
//!   and BOMs are trimmed too) and starts/ends on UTF-8 character boundaries;
//! - no span crosses a blank line (a line holding only whitespace): paragraphs are hard
//!   boundaries;
//! - bullet glyphs (`•`, `·`, `-`, `*`, `–`, `▪`, …) that open a list item are left out of
//!   the span, numbered markers (`1.`, `2)`, `a.`) are kept.
//!
//! How it works (one forward pass per paragraph, no backtracking, no allocation except the
//! output vector):
//! 1. The region is cut into paragraphs at blank lines.
//! 2. Inside a paragraph each single line break is classified: bullet / list lines always
//!    start a new chunk; a line break after an unterminated short line (headline, caption,
//!    dateline) is a hard break; a hard-wrapped paragraph (lines of similar length whose
//!    next word would not have fit on the previous line) flows across the break, as does a
//!    break after a comma/colon/function word or before a lowercase word.
//! 3. Each chunk is scanned byte by byte for `.`, `!`, `?`, `…` and mid-line bullets; the
//!    local context (the token before the period, closing quotes/brackets after it, the
//!    next word) decides whether it ends a sentence: abbreviations, initials, numbers,
//!    URLs/e-mails/file names, ellipses, quotes and list markers are handled there.

mod config;
pub use config::SegmentConfig;
mod chars;
mod layout;
mod lexicon;
mod rules;
#[cfg(test)]
mod tests;

pub use rules::Segmenter;

use chars::is_ws;

/// Options of the sentence segmenter (`[segment]` in pipeline.toml).
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct SegmentOptions {
    /// Extra abbreviations (without the trailing period, case-insensitive) on top of the built-in list.
    pub extra_abbreviations: Vec<String>,
}

// ---------------------------------------------------------------------------------------------
// The pipeline stage around the segmenter.

use crate::document::{Document, Sentence};
use crate::error::DocumentError;
use crate::stages::{DocumentStage, Stage};

/// segment: the headline is sentence 0, then the segmenter runs over each content span.
pub struct SegmentStage {
    enabled: bool,
    segmenter: Segmenter,
}

impl SegmentStage {
    pub fn new(config: &SegmentConfig) -> SegmentStage {
        let options = SegmentOptions { extra_abbreviations: config.extra_abbreviations.clone() };
        SegmentStage { enabled: config.enabled, segmenter: Segmenter::new(&options) }
    }
}

impl DocumentStage for SegmentStage {
    fn stage(&self) -> Stage {
        Stage::Segment
    }

    fn process(&self, doc: &mut Document) -> Result<(), DocumentError> {
        let mut sentences: Vec<Sentence> = doc.title.iter().map(|span| Sentence { span: span.clone() }).collect();
        for region in &doc.content {
            if self.enabled {
                sentences.extend(self.segmenter.split(&doc.text, region.clone()).into_iter().map(|span| Sentence { span }));
            } else {
                sentences.extend(paragraphs(&doc.text, region.clone()).map(|span| Sentence { span }));
            }
        }
        doc.sentences = sentences;
        // (A short item says too little to tell: a German brief's names were tagged by the
        // English model. The language its page or record declares tells then.)
        doc.language = language_of(doc).or_else(|| doc.given.language.clone());
        Ok(())
    }
}

/// The language of a document's sentences (their first 4,000 bytes: enough to tell), ISO
/// 639-3, when the detector is sure of it (whatlang's own measure of reliability).
fn language_of(doc: &Document) -> Option<String> {
    let mut text = String::new();
    for sentence in &doc.sentences {
        if text.len() >= LANGUAGE_BYTES {
            break;
        }
        text.push_str(&doc.text[sentence.span.clone()]);
        text.push('\n');
    }
    language_of_text(&text)
}

/// Bytes of a text enough to tell its language.
pub const LANGUAGE_BYTES: usize = 4000;

/// The language of `text`, ISO 639-3, when the detector is sure of it (see [`language_of`]).
pub fn language_of_text(text: &str) -> Option<String> {
    let detected = whatlang::detect(&text).filter(whatlang::Info::is_reliable)?.lang();
    // Letter trigrams take an English story that names many Dutch or Polish people, or quotes a
    // German, for Dutch, Polish, German: its English function words say otherwise.
    let words = text.split(|c: char| !c.is_alphabetic()).filter(|word| !word.is_empty());
    let (mut english, mut all) = (0usize, 0usize);
    for word in words {
        // (Chinese and Japanese put no space between words: a run of their letters is a
        // clause, of about two letters a word. Counted as one, a Chinese article of six
        // paragraphs was too short to tell, and the English model tagged whole sentences.)
        all += spaceless_words(word).unwrap_or(1);
        english += usize::from(ENGLISH_FUNCTION_WORDS.contains(&word.to_lowercase().as_str()));
    }
    // (A few lines of names, a squad or a line-up, are no language's.)
    if all < LANGUAGE_WORDS {
        return None;
    }
    let english_share = english as f64 / all.max(1) as f64;
    Some(if english_share >= ENGLISH_SHARE { "eng" } else { detected.code() }.to_string())
}

/// A declared language ("de", "de-AT", "pt_BR", "deu") in ISO 639-3 as documents.language has
/// it (whatlang's codes: Chinese `cmn`, Persian `pes`, Norwegian `nob`); `None` for a tag no
/// language code reads ("x-default", "und", "mul").
pub fn declared_language(tag: &str) -> Option<String> {
    let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    let language = match primary.len() {
        2 => isolang::Language::from_639_1(&primary)?,
        3 => isolang::Language::from_639_3(&primary)?,
        _ => return None,
    };
    let code = match language.to_639_3() {
        "und" | "mul" | "mis" | "zxx" => return None,
        "zho" => "cmn",
        "fas" => "pes",
        "nor" => "nob",
        code => code,
    };
    Some(code.to_string())
}

/// How many words a run of letters of a script written without spaces between words stands
/// for: about one per two letters (Chinese, Japanese); `None` for a run of another script.
pub fn spaceless_words(run: &str) -> Option<usize> {
    (!run.is_ascii() && run.chars().any(written_without_spaces)).then(|| run.chars().count().div_ceil(2))
}

/// A letter of a script written without spaces between words: Han, kana, Thai, Lao, Khmer.
fn written_without_spaces(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30FF}' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{0E00}'..='\u{0EFF}' | '\u{1780}'..='\u{17FF}')
}

/// Words of English no other language shares as a common word (not "in", "was", "die", "an").
const ENGLISH_FUNCTION_WORDS: &[&str] = &[
    "the", "of", "and", "to", "that", "is", "for", "on", "with", "said", "he", "it", "by", "at", "from", "his", "her", "they", "have", "has", "this",
    "be", "are", "were", "been", "would", "its", "their", "which", "who", "not", "but", "or", "had",
];
/// The share of a text's words that are English function words from which it is English (a
/// fifth or more in English stories, a hundredth in German or Spanish ones).
const ENGLISH_SHARE: f64 = 0.05;
/// A text of fewer words has no language told.
const LANGUAGE_WORDS: usize = 40;

/// Blank-line separated paragraphs of `text[region]`, trimmed (segmentation switched off).
fn paragraphs(text: &str, region: std::ops::Range<usize>) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    let mut spans = Vec::new();
    let mut start: Option<usize> = None;
    let mut end = region.start;
    let mut offset = region.start;
    for line in text[region.clone()].split_inclusive('\n') {
        // The same notion of blank as the segmenter's (zero-width spaces included).
        let trimmed = line.trim_matches(is_ws);
        if trimmed.is_empty() {
            if let Some(s) = start.take() {
                spans.push(s..end);
            }
        } else {
            let line_start = offset + (line.len() - line.trim_start_matches(is_ws).len());
            start.get_or_insert(line_start);
            end = line_start + trimmed.len();
        }
        offset += line.len();
    }
    if let Some(s) = start {
        spans.push(s..end);
    }
    spans.into_iter()
}
