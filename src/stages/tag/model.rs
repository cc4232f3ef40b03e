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
        for file in ["weights.bin", "tokenizer.json", "vocab.json"] {
            let path = dir.join(file);
            let (size, mtime) = crate::files::file_stamp(&path).ok_or_else(|| unreadable(&path, std::io::ErrorKind::NotFound.into()))?;
            hasher.update(&size.to_le_bytes());
            hasher.update(&mtime.to_le_bytes());
        }
        Ok(hasher.finalize().to_hex()[..24].to_string())
    }

    pub fn propose(&self, text: &str, region: Span, sentence_starts: &[usize], out: &mut Vec<Proposal>) {
        let piece = &text[region.clone()];
        SCRATCH.with(|cell| {
            let mut guard = cell.borrow_mut();
            let (scratch, entities, starts) = &mut *guard;
            starts.clear();
            starts.extend(sentence_starts.iter().filter(|&&s| s >= region.start && s < region.end).map(|s| s - region.start));
            self.model.recognise(piece, starts, scratch, entities);
            for entity in entities.iter() {
                out.push(Proposal { span: region.start + entity.start..region.start + entity.end, label: entity.label });
            }
            scratch.release_beyond(KEPT_SCRATCH_TOKENS);
        });
    }
}
