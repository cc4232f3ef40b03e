//! The `model` backend: spaCy's en_core_web_sm / en_core_web_md NER network, run in Rust by the
//! `textmill-ner` crate over weights exported into `resources/ner/<name>/`.
//!
//! The network sees one block of kept sentences at a time and the segmenter's sentence starts,
//! so an entity never crosses a removed line or a sentence boundary.

use std::cell::RefCell;
use std::path::Path;

use super::{ModelConfig, ModelName};
use crate::document::Span;
use crate::error::RunError;
use crate::stages::tag::Proposal;

pub struct NerModel {
    model: textmill_ner::Model,
}

/// Tokens' worth of buffers a worker keeps between documents (about 0.9 MB): a news article
/// or a long report fits; a longer document allocates for itself and gives it back after.
const KEPT_SCRATCH_TOKENS: usize = 16_384;

thread_local! {
    /// Reusable buffers of the worker thread (the model itself is shared and immutable).
    static SCRATCH: RefCell<(textmill_ner::Scratch, Vec<textmill_ner::Entity>, Vec<usize>)> = RefCell::new(Default::default());
}

/// The exported models, built into the binary: a binary copied anywhere (a container, Spark's
/// executors, `cargo install`) needs no resource files, and its results do not depend on where
/// it runs.
macro_rules! built_in {
    ($name:literal) => {
        textmill_ner::ModelBytes {
            model_json: include_bytes!(concat!("../../../resources/ner/", $name, "/model.json")),
            weights_bin: include_bytes!(concat!("../../../resources/ner/", $name, "/weights.bin")),
            tokenizer_json: include_bytes!(concat!("../../../resources/ner/", $name, "/tokenizer.json")),
            vocab_json: include_bytes!(concat!("../../../resources/ner/", $name, "/vocab.json")),
        }
    };
}

fn built_in(model: ModelName) -> (&'static str, textmill_ner::ModelBytes) {
    match model {
        ModelName::Sm => ("built-in sm", built_in!("sm")),
        ModelName::Md => ("built-in md", built_in!("md")),
    }
}

/// The files of exported weights (`scripts/export_model.sh`), the header first.
pub const WEIGHT_FILES: [&str; 4] = ["model.json", "weights.bin", "tokenizer.json", "vocab.json"];

impl NerModel {
    pub fn build(config: &ModelConfig) -> Result<NerModel, RunError> {
        let loaded = match &config.weights_dir {
            Some(dir) => textmill_ner::Model::load(dir),
            None => {
                let (name, bytes) = built_in(config.model);
                textmill_ner::Model::from_bytes(name, bytes)
            }
        };
        let model = loaded.map_err(|err| RunError::StageSetup { stage: "tag", message: format!("cannot load the NER model: {err}") })?;
        Ok(NerModel { model })
    }

    /// Identity of the weights, computed without loading the model: the header's content (it
    /// holds the exporter's input hashes) and, for a weight directory, each file's size and
    /// modification time.
    pub fn resource_fingerprint(config: &ModelConfig) -> Result<String, RunError> {
        let mut hasher = blake3::Hasher::new();
        let Some(dir) = &config.weights_dir else {
            let (name, bytes) = built_in(config.model);
            hasher.update(name.as_bytes());
            hasher.update(bytes.model_json);
            hasher.update(&(bytes.weights_bin.len() as u64).to_le_bytes());
            return Ok(hasher.finalize().to_hex()[..24].to_string());
        };
        let unreadable = |path: &Path, err: std::io::Error| RunError::StageSetup { stage: "tag", message: format!("cannot read {}: {err}", path.display()) };
        let header = dir.join("model.json");
        hasher.update(&std::fs::read(&header).map_err(|err| unreadable(&header, err))?);
        for file in &WEIGHT_FILES[1..] {
            let path = dir.join(file);
            let (size, mtime) = crate::files::file_stamp(&path).ok_or_else(|| unreadable(&path, std::io::ErrorKind::NotFound.into()))?;
            hasher.update(&size.to_le_bytes());
            hasher.update(&mtime.to_le_bytes());
        }
        Ok(hasher.finalize().to_hex()[..24].to_string())
    }

    pub fn propose(&self, text: &str, region: Span, sentence_starts: &[usize], out: &mut Vec<Proposal>) {
        let piece = &text[region.clone()];
        // Decomposed accents ("José" as e + U+0301, from macOS or PDF extraction), no-break and
        // other spaces (HTML's &nbsp;) and soft hyphens split or glue words for the tokenizer: the
        // network reads the text composed, with plain spaces and no soft hyphens, and its spans
        // are mapped back.
        let composed = Composed::needed(piece).then(|| Composed::of(piece));
        let read = composed.as_ref().map_or(piece, |c| c.text.as_str());
        SCRATCH.with(|cell| {
            let mut guard = cell.borrow_mut();
            let (scratch, entities, starts) = &mut *guard;
            starts.clear();
            let in_piece = sentence_starts.iter().filter(|&&s| s >= region.start && s < region.end).map(|s| s - region.start);
            starts.extend(in_piece.map(|s| composed.as_ref().map_or(s, |c| c.to_composed(s))));
            self.model.recognise(read, starts, scratch, entities);
            for entity in entities.iter() {
                let (start, end) = match &composed {
                    Some(c) => (c.to_original(entity.start, false), c.to_original(entity.end, true)),
                    None => (entity.start, entity.end),
                };
                out.push(Proposal { span: region.start + start..region.start + end, label: entity.label });
            }
            scratch.release_beyond(KEPT_SCRATCH_TOKENS);
        });
    }
}

/// A text in Unicode composed form (NFC) with the way back to the original's byte offsets: it
/// is composed cluster by cluster (a starter and the combining marks after it).
struct Composed {
    text: String,
    /// (composed offset, original offset) where each cluster starts, then both lengths.
    starts: Vec<(usize, usize)>,
}

/// A space other than U+0020 between words (no-break, narrow no-break, thin, figure, em...):
/// the tokenizer splits words only at U+0020 and keeps these as tokens of their own.
fn is_other_space(c: char) -> bool {
    c != ' ' && c.is_whitespace() && !matches!(c, '\t' | '\n' | '\u{b}' | '\u{c}' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

const SOFT_HYPHEN: char = '\u{ad}';

impl Composed {
    fn needed(text: &str) -> bool {
        text.contains('\r')
            || !text.is_ascii()
                && (unicode_normalization::is_nfc_quick(text.chars()) != unicode_normalization::IsNormalized::Yes
                || text.chars().any(|c| c == SOFT_HYPHEN || is_other_space(c)))
    }

    fn of(original: &str) -> Composed {
        let mut composed = Composed { text: String::with_capacity(original.len()), starts: Vec::new() };
        let mut cluster_start = 0;
        for (at, c) in original.char_indices().skip(1) {
            if unicode_normalization::char::canonical_combining_class(c) == 0 {
                composed.push(original, cluster_start..at);
                cluster_start = at;
            }
        }
        if !original.is_empty() {
            composed.push(original, cluster_start..original.len());
        }
        composed.starts.push((composed.text.len(), original.len()));
        composed
    }

    fn push(&mut self, original: &str, cluster: Span) {
        use unicode_normalization::UnicodeNormalization;
        self.starts.push((self.text.len(), cluster.start));
        match original[cluster.clone()].chars().next() {
            Some(c) if is_other_space(c) => self.text.push(' '),
            // A file saved on Windows reads as the same file saved elsewhere: the tokenizer
            // keeps "\r\n" as a whitespace token of its own, unlike "\n", and the network
            // then reads the words beside it otherwise. A lone CR (old Mac files) is a newline.
            Some('\r') if original[cluster.end..].starts_with('\n') => {}
            Some('\r') => self.text.push('\n'),
            Some(SOFT_HYPHEN) => {}
            _ => self.text.extend(original[cluster].nfc()),
        }
    }

    /// The composed offset of the cluster an original offset starts.
    fn to_composed(&self, original: usize) -> usize {
        let i = self.starts.partition_point(|&(_, o)| o <= original).saturating_sub(1);
        self.starts[i].0
    }

    /// The original offset of a composed one: the start of its cluster, or with `end` the end
    /// of the cluster it falls in (a span never cuts a cluster). Clusters read as nothing (a
    /// soft hyphen, the CR of a CRLF) share their offset with the next: a start is after
    /// them, an end before them ("Justin", not "Justin\r").
    fn to_original(&self, composed: usize, end: bool) -> usize {
        let i = self.starts.partition_point(|&(c, _)| c <= composed).saturating_sub(1);
        match (self.starts[i].0 == composed, end) {
            (true, false) | (false, false) => self.starts[i].1,
            (true, true) => self.starts[self.starts.partition_point(|&(c, _)| c < composed)].1,
            (false, true) => self.starts[(i + 1).min(self.starts.len() - 1)].1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn composed_text_maps_back_to_the_original() {
        let original = "Jose\u{301} Marti\u{301}nez in Zu\u{308}rich.";
        let c = Composed::of(original);
        assert_eq!(c.text, "José Martínez in Zürich.");
        let at = |s: &str, needle: &str| s.find(needle).unwrap();
        // "Martínez" in the composed text is "Marti\u{301}nez" in the original.
        let (start, end) = (at(&c.text, "Martínez"), at(&c.text, "Martínez") + "Martínez".len());
        assert_eq!(&original[c.to_original(start, false)..c.to_original(end, true)], "Marti\u{301}nez");
        assert_eq!(c.to_composed(at(original, "Zu")), at(&c.text, "Zürich"));
        assert_eq!(c.to_original(c.text.len(), true), original.len());
    }

    #[test]
    fn windows_line_ends_read_as_newlines() {
        // Regression: the same article saved with CRLF got other entities than with LF
        // ("Justin\r\nTrudeau" was ORG "Justin" and "Trudeau").
        let original = "Justin\r\nTrudeau spoke.\r\n\r\nGrant Shapps\rleft.";
        assert!(Composed::needed(original) && Composed::needed("a\r\nb"));
        let c = Composed::of(original);
        assert_eq!(c.text, "Justin\nTrudeau spoke.\n\nGrant Shapps\nleft.");
        let span = |name: &str| {
            let start = c.text.find(name).unwrap();
            &original[c.to_original(start, false)..c.to_original(start + name.len(), true)]
        };
        assert_eq!(span("Justin"), "Justin");
        assert_eq!(span("Justin\nTrudeau"), "Justin\r\nTrudeau");
        assert_eq!(span("Grant Shapps"), "Grant Shapps");
        assert_eq!(c.to_composed(original.find("Grant").unwrap()), c.text.find("Grant").unwrap());
    }

    #[test]
    fn no_break_spaces_read_as_spaces_and_soft_hyphens_as_nothing() {
        let original = "José\u{a0}García of Air\u{202f}France in Ber\u{ad}lin.";
        assert!(Composed::needed(original) && !Composed::needed("José García in Berlin.\n"));
        let c = Composed::of(original);
        assert_eq!(c.text, "José García of Air France in Berlin.");
        let at = c.text.find("Berlin").unwrap();
        assert_eq!(&original[c.to_original(at, false)..c.to_original(at + "Berlin".len(), true)], "Ber\u{ad}lin");
        let at = c.text.find("José García").unwrap();
        assert_eq!(&original[c.to_original(at, false)..c.to_original(at + "José García".len(), true)], "José\u{a0}García");
    }
}
