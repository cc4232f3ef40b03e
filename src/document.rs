//! The one document model that flows through the stages.
//!
//! `text` is never rewritten: stages only add span layers over it (kept lines, sentences,
//! mentions). Spans are byte ranges inside the program; they become Unicode code-point offsets in
//! exactly one place, [`CodePoints`], when tables are written.

use std::ops::Range;

/// A byte range into `Document::text`.
pub type Span = Range<usize>;

/// OntoNotes entity types: the NER crate's, so the model's labels need no translation.
pub use textmill_ner::Label;

mod keys;
pub use keys::name_key;

/// Whitespace, plus the invisible characters (byte-order mark, zero-width space, word joiner)
/// that are never part of a title, a line's content or a sentence's edge.
pub fn is_blank_char(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{feff}' | '\u{200b}' | '\u{2060}')
}

/// Where a document came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// Path relative to the input root it was found under (plus `#id` for a JSONL line).
    pub doc_id: String,
    /// The source file as found on disk.
    pub source: String,
}

/// A sentence: a trimmed span; the headline is sentence 0 when there is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    pub span: Span,
}

/// A named-entity mention.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    pub span: Span,
    pub label: Label,
    /// Index into `Document::sentences` of the sentence holding the mention.
    pub sent_idx: usize,
    /// Normalised identity key, filled by aggregate (`label` + alias-resolved name).
    pub entity_key: String,
    /// A DATE or TIME mention's normalised value in TIMEX3 form (see `stages::tag::timex`).
    pub value: Option<String>,
}

/// Metadata the source itself gave (HTML metadata, JSONL fields), ahead of what clean finds.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Given {
    /// The title line the source put first in `text` (HTML `<title>`, a JSONL field).
    pub title: Option<Span>,
    /// ISO 8601 date, `YYYY-MM-DD`.
    pub published: Option<String>,
    /// Names, `; `-separated.
    pub authors: Option<String>,
    /// What a JSONL field of another name than the config's seemed to say ("date", "author"):
    /// a guess, after what the text's own lines say.
    pub published_guess: Option<String>,
    pub authors_guess: Option<String>,
    /// The language the source declares (`<html lang>`, a JSONL field), ISO 639-3: the
    /// document's when its text is too short or mixed to tell.
    pub language: Option<String>,
    /// Text before this offset is the source's own header (the title line it put first, a
    /// front-matter block): metadata, never article text.
    pub header_end: usize,
    /// The text is what an HTML extractor kept of a page (most furniture already gone).
    pub extracted: bool,
    /// The page's block of each line of an extracted text, in text order (lines not found in
    /// the page have none).
    pub blocks: Vec<LineBlock>,
}

impl Given {
    /// The publication date: the source's, else what clean `found` in the text, else a field
    /// read under another name than the config's.
    pub fn published_or(&self, found: Option<String>) -> Option<String> {
        self.published.clone().or(found).or_else(|| self.published_guess.clone())
    }

    /// The authors, in the same order as [`Given::published_or`].
    pub fn authors_or(&self, found: Option<String>) -> Option<String> {
        self.authors.clone().or(found).or_else(|| self.authors_guess.clone())
    }
}

/// The kind of HTML element a line of a page's text came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum BlockKind {
    Paragraph,
    Heading,
    ListItem,
    Table,
    Code,
    Quote,
    Caption,
    Other,
}

impl BlockKind {
    pub const ALL: [BlockKind; 8] = [
        BlockKind::Paragraph,
        BlockKind::Heading,
        BlockKind::ListItem,
        BlockKind::Table,
        BlockKind::Code,
        BlockKind::Quote,
        BlockKind::Caption,
        BlockKind::Other,
    ];

    pub fn name(self) -> &'static str {
        match self {
            BlockKind::Paragraph => "paragraph",
            BlockKind::Heading => "heading",
            BlockKind::ListItem => "list_item",
            BlockKind::Table => "table",
            BlockKind::Code => "code",
            BlockKind::Quote => "quote",
            BlockKind::Caption => "caption",
            BlockKind::Other => "other",
        }
    }
}

/// A line of a page's text and the block it came from.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LineBlock {
    /// The trimmed line, a span of `Document::text`.
    pub line: Span,
    pub kind: BlockKind,
    /// 1 to 6 for a heading, else 0.
    pub heading_level: u8,
    /// The share of the block's text inside links.
    pub link_density: f32,
}

#[derive(Debug, Clone)]
pub struct Document {
    pub origin: Origin,
    /// Hex sha256 of the document's content bytes as read (decompressed).
    pub content_sha256: String,
    pub text: String,
    /// Headline span (clean stage); also sentence 0.
    pub title: Option<Span>,
    /// Content spans left after boilerplate removal (clean stage); sentences lie inside them.
    pub content: Vec<Span>,
    pub sentences: Vec<Sentence>,
    pub mentions: Vec<Mention>,
    /// What the source said about the document.
    pub given: Given,
    /// Publication date (`YYYY-MM-DD`): given, or read from a date line by clean.
    pub published: Option<String>,
    /// The byline's names (`; `-separated): given, or read from the byline by clean.
    pub authors: Option<String>,
    /// The language of its sentences, ISO 639-3 (`eng`, `deu`): segment stage; `None` when too
    /// short or too mixed to tell.
    pub language: Option<String>,
}

impl Document {
    pub fn new(origin: Origin, content_sha256: String, text: String) -> Document {
        let whole = 0..text.len();
        Document {
            origin,
            content_sha256,
            text,
            title: None,
            content: vec![whole],
            sentences: Vec::new(),
            mentions: Vec::new(),
            given: Given::default(),
            published: None,
            authors: None,
            language: None,
        }
    }

    /// Set what the source gave; it stands until a clean stage reads the page.
    pub fn set_given(&mut self, given: Given) {
        self.title.clone_from(&given.title);
        if given.header_end > 0 {
            self.content = vec![given.header_end.min(self.text.len())..self.text.len()];
        }
        self.published = given.published_or(None);
        self.authors = given.authors_or(None);
        self.given = given;
    }

    pub fn slice(&self, span: &Span) -> &str {
        &self.text[span.clone()]
    }

    pub fn title_text(&self) -> Option<&str> {
        self.title.as_ref().map(|span| self.slice(span))
    }

    /// The span layers are consistent with the text and with each other: every span lies
    /// inside the text on char boundaries; title, sentences and mentions are non-empty and
    /// trimmed; content, sentences and mentions are in order without overlap; the title is
    /// sentence 0 and comes before the content; the other sentences lie inside content and never
    /// cross a blank line; each mention lies inside its sentence. What breaks first, when one
    /// does not hold. The fuzz targets and the property tests check every document with it.
    pub fn check_invariants(&self) -> Result<(), String> {
        let text = &self.text;
        let inside = |span: &Span, what: &str| -> Result<(), String> {
            if span.start > span.end || span.end > text.len() {
                return Err(format!("{what} {span:?} outside the text (length {})", text.len()));
            }
            if !text.is_char_boundary(span.start) || !text.is_char_boundary(span.end) {
                return Err(format!("{what} {span:?} not on char boundaries"));
            }
            Ok(())
        };
        // The segmenter's blanks: whitespace, zero-width space and byte-order mark. Sentences
        // are trimmed of all of them; titles and mentions of whitespace.
        let segmenter_blank = |c: char| c.is_whitespace() || matches!(c, '\u{200b}' | '\u{feff}');
        let trimmed = |span: &Span, what: &str, blank: &dyn Fn(char) -> bool| -> Result<(), String> {
            inside(span, what)?;
            let slice = &text[span.clone()];
            if slice.is_empty() || slice.starts_with(blank) || slice.ends_with(blank) {
                return Err(format!("{what} {span:?} {slice:?} is empty or not trimmed"));
            }
            Ok(())
        };
        let in_order = |spans: &mut dyn Iterator<Item = &Span>, what: &str| -> Result<(), String> {
            let mut last: Option<&Span> = None;
            for span in spans {
                if let Some(before) = last.filter(|before| before.end > span.start) {
                    return Err(format!("{what} spans overlap or are out of order: {before:?} then {span:?}"));
                }
                last = Some(span);
            }
            Ok(())
        };
        if let Some(title) = &self.title {
            trimmed(title, "title", &char::is_whitespace)?;
            if self.sentences.first().is_some_and(|first| first.span != *title) {
                return Err(format!("the title {title:?} is not sentence 0"));
            }
            if let Some(first) = self.content.first().filter(|first| first.start < title.end) {
                return Err(format!("the title {title:?} overlaps or follows content {first:?}"));
            }
        }
        self.content.iter().try_for_each(|span| inside(span, "content"))?;
        in_order(&mut self.content.iter(), "content")?;
        in_order(&mut self.sentences.iter().map(|s| &s.span), "sentence")?;
        let body = &self.sentences[usize::from(self.title.is_some()).min(self.sentences.len())..];
        for sentence in &self.sentences {
            trimmed(&sentence.span, "sentence", &segmenter_blank)?;
        }
        for sentence in body {
            let span = &sentence.span;
            if !self.content.iter().any(|c| c.start <= span.start && span.end <= c.end) {
                return Err(format!("sentence {span:?} outside the content {:?}", self.content));
            }
            let slice = &text[span.clone()];
            if slice.split('\n').any(|line| line.chars().all(segmenter_blank)) {
                return Err(format!("sentence {span:?} {slice:?} crosses a blank line"));
            }
        }
        in_order(&mut self.mentions.iter().map(|m| &m.span), "mention")?;
        for mention in &self.mentions {
            trimmed(&mention.span, "mention", &char::is_whitespace)?;
            let Some(sentence) = self.sentences.get(mention.sent_idx) else {
                return Err(format!("mention {mention:?} names no sentence"));
            };
            if mention.span.start < sentence.span.start || mention.span.end > sentence.span.end {
                return Err(format!("mention {mention:?} outside its sentence {:?}", sentence.span));
            }
        }
        Ok(())
    }

    /// The index of the sentence containing byte offset `at`, if any.
    pub fn sentence_at(&self, at: usize) -> Option<usize> {
        let idx = self.sentences.partition_point(|s| s.span.end <= at);
        (idx < self.sentences.len() && self.sentences[idx].span.start <= at).then_some(idx)
    }
}

/// Whitespace-separated words of `text` (as `split_whitespace` counts them); ASCII texts, most
/// news, are counted byte by byte without decoding characters.
pub fn count_words(text: &str) -> u64 {
    if !text.is_ascii() {
        return text.split_whitespace().count() as u64;
    }
    // The ASCII characters `char::is_whitespace` accepts: tab, LF, VT, FF, CR and space.
    let is_space = |b: u8| b == b' ' || (b'\t'..=b'\r').contains(&b);
    let bytes = text.as_bytes();
    let Some(&first) = bytes.first() else { return 0 };
    // A word starts at a non-space byte after a space (pairs of slices: the loop vectorises).
    let starts: u64 = bytes[1..].iter().zip(bytes).map(|(&b, &before)| u64::from(!is_space(b) & is_space(before))).sum();
    starts + u64::from(!is_space(first))
}

/// Converts byte offsets of one text to Unicode code-point offsets.
///
/// Built once per document; ASCII texts (most news) take the identity fast path, others keep
/// one checkpoint per 64 bytes so a lookup costs at most 64 bytes of counting.
pub struct CodePoints<'a> {
    text: &'a str,
    /// `checkpoints[i]` = code points before byte `i * STRIDE` (empty for ASCII texts).
    checkpoints: Vec<usize>,
}

const STRIDE: usize = 64;

impl<'a> CodePoints<'a> {
    pub fn new(text: &'a str) -> CodePoints<'a> {
        if text.is_ascii() {
            return CodePoints { text, checkpoints: Vec::new() };
        }
        let bytes = text.as_bytes();
        let mut checkpoints = Vec::with_capacity(bytes.len() / STRIDE + 1);
        let mut count = 0;
        for chunk in bytes.chunks(STRIDE) {
            checkpoints.push(count);
            count += chunk.iter().filter(|&&b| (b & 0xC0) != 0x80).count();
        }
        CodePoints { text, checkpoints }
    }

    /// Code-point offset of byte offset `byte` (which must be a char boundary or the end).
    pub fn of(&self, byte: usize) -> usize {
        debug_assert!(self.text.is_char_boundary(byte));
        if self.checkpoints.is_empty() {
            return byte;
        }
        let block = byte / STRIDE;
        let start = block * STRIDE;
        let before = self.checkpoints.get(block).copied().unwrap_or_else(|| self.text.chars().count());
        before + self.text.as_bytes()[start.min(self.text.len())..byte].iter().filter(|&&b| (b & 0xC0) != 0x80).count()
    }
}

/// The text with lines ended by CR alone (classic Mac OS, Word's "CR only") ended by LF, one
/// byte for one, so that offsets are the same; any other text as it is.
pub fn lf_line_ends(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains('\r') && !text.contains('\n') {
        std::borrow::Cow::Owned(text.replace('\r', "\n"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// Run `read` on `doc` with its lines ended by LF (see [`lf_line_ends`]): the stages find
/// lines, the headline and paragraphs as in any text, and the text keeps the file's bytes
/// (the contract: no newline translation).
pub fn with_lf_line_ends<R>(doc: &mut Document, read: impl FnOnce(&mut Document) -> R) -> R {
    let std::borrow::Cow::Owned(lines) = lf_line_ends(&doc.text) else { return read(doc) };
    let verbatim = std::mem::replace(&mut doc.text, lines);
    let result = read(doc);
    doc.text = verbatim;
    result
}

/// A storm's own name in an event's name ("Typhoon Hagupit" → "Hagupit", "Tropical Storm Ana"
/// → "Ana"): the one or two capitalised words after the last storm word.
pub fn storm_name(event: &str) -> Option<&str> {
    const STORM_WORDS: &[&str] = &["typhoon", "hurricane", "cyclone", "storm", "depression"];
    let words: Vec<&str> = event.split_whitespace().collect();
    let at = words.iter().rposition(|w| STORM_WORDS.contains(&w.to_lowercase().as_str()))?;
    let name = &words[at + 1..];
    if !(1..=2).contains(&name.len()) || !name.iter().all(|w| w.starts_with(char::is_uppercase)) {
        return None;
    }
    // (The words are slices of `event`: the name runs from the first to the end.)
    let start = name[0].as_ptr() as usize - event.as_ptr() as usize;
    Some(event[start..].trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invariants_hold_for_a_consistent_document_and_name_what_breaks() {
        let text = "Port reopens\n\nShips moved on Monday. Rama spoke.\n";
        let origin = Origin { doc_id: "t".into(), source: "t".into() };
        let mut good = Document::new(origin, String::new(), text.to_string());
        good.title = Some(0..12);
        good.content = vec![14..48];
        good.sentences = [0..12, 14..36, 37..48].map(|span| Sentence { span }).to_vec();
        good.mentions = vec![Mention { span: 37..41, label: Label::Person, sent_idx: 2, entity_key: String::new(), value: None }];
        assert_eq!(good.check_invariants(), Ok(()));
        let broken = |change: &dyn Fn(&mut Document)| {
            let mut doc = good.clone();
            change(&mut doc);
            doc.check_invariants().expect_err("a broken invariant")
        };
        assert!(broken(&|d| d.sentences[1].span = 14..38).contains("overlap"));
        assert!(broken(&|d| d.sentences[1].span = 13..36).contains("not trimmed"));
        assert!(broken(&|d| d.sentences[1].span = 0..36).contains("sentence spans overlap"));
        assert!(broken(&|d| d.sentences.swap(0, 1)).contains("not sentence 0"));
        assert!(broken(&|d| d.mentions[0].sent_idx = 1).contains("outside its sentence"));
        assert!(broken(&|d| d.mentions[0].sent_idx = 9).contains("names no sentence"));
        assert!(broken(&|d| d.title = Some(0..60)).contains("outside the text"));
        assert!(broken(&|d| d.content = vec![20..48]).contains("outside the content"));
        let mut blank_line = good.clone();
        blank_line.content = vec![0..text.len()];
        blank_line.title = None;
        blank_line.mentions.clear();
        blank_line.sentences = vec![Sentence { span: 0..36 }];
        assert!(blank_line.check_invariants().unwrap_err().contains("crosses a blank line"));
    }

    #[test]
    fn words_are_counted_as_split_whitespace_counts_them() {
        for text in ["", "   ", "one", " two  words ", "tab\tline\nbreak\x0bvt\x0cff\rcr", "no\u{a0}break space", "naïve café\u{2003}em", "a\x1fb"] {
            assert_eq!(count_words(text), text.split_whitespace().count() as u64, "{text:?}");
        }
    }

    #[test]
    fn code_points_match_char_counting_on_mixed_text() {
        let text = "Ålbania 🇦🇱 cuts ties — “Tehran’s” move; naïve café ".repeat(7);
        let map = CodePoints::new(&text);
        for (byte, _) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
            assert_eq!(map.of(byte), text[..byte].chars().count(), "byte {byte}");
        }
    }

    #[test]
    fn ascii_is_identity() {
        let map = CodePoints::new("plain ascii");
        assert_eq!(map.of(5), 5);
        assert_eq!(map.of(11), 11);
    }

    #[test]
    fn labels_round_trip() {
        for label in Label::ALL {
            assert_eq!(Label::parse(label.as_str()), Some(label));
        }
        assert_eq!(Label::parse("WORK_OF_ART"), Some(Label::WorkOfArt));
        assert_eq!(Label::parse("person"), None);
    }

    #[test]
    fn sentence_lookup() {
        let mut doc = Document::new(
            Origin { doc_id: "a".into(), source: "a".into() },
            String::new(),
            "One. Two.".into(),
        );
        doc.sentences = vec![Sentence { span: 0..4 }, Sentence { span: 5..9 }];
        assert_eq!(doc.sentence_at(0), Some(0));
        assert_eq!(doc.sentence_at(4), None);
        assert_eq!(doc.sentence_at(6), Some(1));
        assert_eq!(doc.sentence_at(9), None);
    }
}
