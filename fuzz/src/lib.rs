//! Shared invariant checks of the fuzz targets. Every check panics with a message naming the
//! broken invariant, so libFuzzer reports it as a crash with the input that caused it. The
//! document's own invariants are `Document::check_invariants`, which the property tests in
//! `tests/it/regression.rs` and `src/stages/segment/tests.rs` check too.

use std::ops::Range;
use std::sync::OnceLock;

use textmill::config::{AggregateConfig, CleanConfig, SegmentConfig, TagConfig};
use textmill::document::{CodePoints, Document, Origin, Sentence};
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
            linker: Linker::build(&AggregateConfig::default(), &gazetteer),
        }
    })
}

pub fn doc(text: String) -> Document {
    Document::new(Origin { doc_id: "fuzz".into(), source: "fuzz".into() }, String::new(), text)
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

/// After clean: the document's invariants, and content spans trimmed like lines.
pub fn check_clean(doc: &Document) {
    doc.check_invariants().unwrap_or_else(|broken| panic!("{broken} in {:?}", doc.text));
    for span in &doc.content {
        check_span(&doc.text, span, "content");
    }
}

/// Segmenter output for `region`: the invariants of a document whose content is that region.
pub fn check_segments(text: &str, region: &Range<usize>, spans: &[Range<usize>]) {
    let mut d = doc(text.to_string());
    d.content = vec![region.clone()];
    d.sentences = spans.iter().map(|span| Sentence { span: span.clone() }).collect();
    d.check_invariants().unwrap_or_else(|broken| panic!("{broken} in {text:?}"));
}

/// After segment, tag and link: the document's invariants, entity keys and code-point offsets.
pub fn check_chain(doc: &Document) {
    doc.check_invariants().unwrap_or_else(|broken| panic!("{broken} in {:?}", doc.text));
    for m in &doc.mentions {
        assert!(m.entity_key.starts_with(&format!("{}|", m.label.as_str())), "mention {m:?}: entity key not filled");
    }
    check_code_points(&doc.text, doc);
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
    doc.check_invariants().unwrap_or_else(|broken| panic!("after segment: {broken} in {:?}", doc.text));
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
