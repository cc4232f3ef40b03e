//! Shared invariant checks of the fuzz targets. Every check panics with a message naming the
//! broken invariant, so libFuzzer reports it as a crash with the input that caused it.
//!
//! The same invariants are checked by the deterministic property test in
//! `tests/it/regression.rs` (which cannot depend on this crate).

use std::ops::Range;
use std::sync::OnceLock;

use textmill::config::{AggregateConfig, CleanConfig, SegmentConfig, TagConfig};
use textmill::document::{CodePoints, Document, Origin};
use textmill::gazetteer::Gazetteer;
use textmill::stages::aggregate::Linker;
use textmill::stages::clean::Cleaner;
use textmill::stages::segment::{SegmentOptions, Segmenter};
use textmill::stages::tag::TagStage;
use textmill::stages::{DocumentStage, SegmentStage};

/// The stages, built once per fuzzing process (building the ruler is the slow part).
pub struct Stages {
    pub cleaner: Cleaner,
    pub segmenter: Segmenter,
    pub segment: SegmentStage,
    pub paragraphs: SegmentStage,
    pub tag: TagStage,
    pub linker: Linker,
}

pub fn stages() -> &'static Stages {
    static STAGES: OnceLock<Stages> = OnceLock::new();
    STAGES.get_or_init(|| {
        let gazetteer = Gazetteer::load(None).expect("built-in gazetteer");
        Stages {
            cleaner: Cleaner::new(&CleanConfig::default()),
            segmenter: Segmenter::new(&SegmentOptions::default()),
            segment: SegmentStage::new(&SegmentConfig::default()),
            paragraphs: SegmentStage::new(&SegmentConfig { enabled: false, ..SegmentConfig::default() }),
            tag: TagStage::build(&TagConfig::default(), &gazetteer).expect("default tagger builds"),
            linker: Linker::build(&AggregateConfig::default(), &gazetteer, None),
        }
    })
}

pub fn doc(text: String) -> Document {
    Document::new(Origin { doc_id: "fuzz".into(), source: "fuzz".into() }, String::new(), text)
}

/// The segmenter's whitespace: Unicode White_Space plus zero-width space and BOM.
pub fn seg_ws(c: char) -> bool {
    c.is_whitespace() || c == '\u{200B}' || c == '\u{FEFF}'
}

/// A span that can be sliced: inside the text, on char boundaries, non-empty, trimmed.
pub fn check_span<'t>(text: &'t str, span: &Range<usize>, what: &str) -> &'t str {
    assert!(span.start <= span.end && span.end <= text.len(), "{what} {span:?} outside the text (len {})", text.len());
    assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end), "{what} {span:?} not on char boundaries in {text:?}");
    let s = &text[span.clone()];
    assert!(!s.is_empty(), "{what} {span:?} is empty");
    assert_eq!(s, s.trim(), "{what} {span:?} is not trimmed");
    s
}

fn check_sorted(spans: &[Range<usize>], what: &str) {
    for pair in spans.windows(2) {
        assert!(pair[0].end <= pair[1].start, "{what} spans overlap or are out of order: {:?} then {:?}", pair[0], pair[1]);
    }
}

/// After clean: title and content spans.
pub fn check_clean(doc: &Document) {
    if let Some(title) = &doc.title {
        check_span(&doc.text, title, "title");
    }
    for span in &doc.content {
        check_span(&doc.text, span, "content");
    }
    check_sorted(&doc.content, "content");
    if let (Some(title), Some(first)) = (&doc.title, doc.content.first()) {
        assert!(title.end <= first.start, "title {title:?} overlaps or follows content {first:?}");
    }
}

/// Segmenter output for `region`.
pub fn check_segments(text: &str, region: &Range<usize>, spans: &[Range<usize>]) {
    for span in spans {
        let s = check_span(text, span, "sentence");
        assert!(region.start <= span.start && span.end <= region.end, "sentence {span:?} outside region {region:?}");
        assert!(!s.starts_with(seg_ws) && !s.ends_with(seg_ws), "sentence {span:?} {s:?} not trimmed of zero-width space/BOM");
        check_no_blank_line(s, span);
    }
    check_sorted(spans, "sentence");
}

/// A sentence never crosses a blank line (a line holding only whitespace).
pub fn check_no_blank_line(s: &str, span: &Range<usize>) {
    let lines: Vec<&str> = s.split('\n').collect();
    if lines.len() > 2 {
        for line in &lines[1..lines.len() - 1] {
            assert!(!line.chars().all(seg_ws), "sentence {span:?} {s:?} crosses a blank line");
        }
    }
}

/// After segment, tag and link: sentences, mentions and code-point offsets.
pub fn check_chain(doc: &Document) {
    let text = &doc.text;
    let spans: Vec<Range<usize>> = doc.sentences.iter().map(|s| s.span.clone()).collect();
    for span in &spans {
        check_span(text, span, "sentence");
    }
    check_sorted(&spans, "sentence");
    if let Some(title) = &doc.title {
        assert_eq!(spans.first(), Some(title), "the title is not sentence 0");
    }
    let mention_spans: Vec<Range<usize>> = doc.mentions.iter().map(|m| m.span.clone()).collect();
    check_sorted(&mention_spans, "mention");
    for m in &doc.mentions {
        check_span(text, &m.span, "mention");
        let sentence = &doc.sentences.get(m.sent_idx).unwrap_or_else(|| panic!("mention {m:?} has no sentence")).span;
        assert!(sentence.start <= m.span.start && m.span.end <= sentence.end, "mention {m:?} outside its sentence {sentence:?}");
        assert!(m.entity_key.starts_with(&format!("{}|", m.label.as_str())), "mention {m:?}: entity key not filled");
    }
    check_code_points(text, doc);
}

/// `CodePoints` agrees with counting chars, at every span end (and every boundary of small texts).
pub fn check_code_points(text: &str, doc: &Document) {
    let map = CodePoints::new(text);
    let mut offsets: Vec<usize> = vec![0, text.len()];
    for s in &doc.sentences {
        offsets.extend([s.span.start, s.span.end]);
    }
    for m in &doc.mentions {
        offsets.extend([m.span.start, m.span.end]);
    }
    for byte in offsets {
        assert_eq!(map.of(byte), text[..byte].chars().count(), "CodePoints::of({byte})");
    }
    // Every char boundary, counting as we go (linear, not quadratic).
    for (count, (byte, _)) in text.char_indices().enumerate() {
        assert_eq!(map.of(byte), count, "CodePoints::of({byte})");
    }
}

/// clean → segment → tag → link on `doc`, checking after each stage.
pub fn run_chain(doc: &mut Document) {
    let st = stages();
    st.cleaner.process(doc).expect("clean never fails");
    check_clean(doc);
    st.segment.process(doc).expect("segment never fails");
    for (i, s) in doc.sentences.iter().enumerate() {
        // Content sentences come from the segmenter: no blank line inside.
        if i > 0 || doc.title.is_none() {
            check_no_blank_line(check_span(&doc.text, &s.span, "sentence"), &s.span);
        }
    }
    st.tag.process(doc).expect("tag never fails");
    st.linker.link_document(doc);
    check_chain(doc);
}

/// Largest char boundary at or before `i`.
pub fn floor_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}
