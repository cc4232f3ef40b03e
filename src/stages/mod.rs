//! The per-document stages (clean → segment → tag) and the aggregate barrier.
//!
//! A per-document stage is built once from its config (regexes compiled, lists and weights
//! loaded) and then applied to many documents in parallel, so it must be `Sync`.

pub mod aggregate;
pub mod clean;
pub mod segment;
pub mod tag;

use crate::document::Document;
use crate::error::DocumentError;

/// A stage that adds a span layer to one document.
pub trait DocumentStage: Sync {
    /// Stage name used in errors and the run report.
    fn name(&self) -> &'static str;
    fn process(&self, doc: &mut Document) -> Result<(), DocumentError>;
}

use crate::config::SegmentConfig;
use crate::document::Sentence;

/// segment: the headline is sentence 0, then the segmenter runs over each content span.
pub struct SegmentStage {
    enabled: bool,
    segmenter: segment::Segmenter,
}

impl SegmentStage {
    pub fn new(config: &SegmentConfig) -> SegmentStage {
        let options = segment::SegmentOptions { extra_abbreviations: config.extra_abbreviations.clone() };
        SegmentStage { enabled: config.enabled, segmenter: segment::Segmenter::new(&options) }
    }
}

impl DocumentStage for SegmentStage {
    fn name(&self) -> &'static str {
        "segment"
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
        Ok(())
    }
}

/// Blank-line separated paragraphs of `text[region]`, trimmed (segmentation switched off).
fn paragraphs(text: &str, region: std::ops::Range<usize>) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    let mut spans = Vec::new();
    let mut start: Option<usize> = None;
    let mut end = region.start;
    let mut offset = region.start;
    for line in text[region.clone()].split_inclusive('\n') {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            if let Some(s) = start.take() {
                spans.push(s..end);
            }
        } else {
            let line_start = offset + (line.len() - line.trim_start().len());
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
