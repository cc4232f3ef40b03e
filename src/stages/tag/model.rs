//! The `model` backend: spaCy's en_core_web_sm / en_core_web_md NER network, run in Rust by the
//! `textmill-ner` crate over weights exported into `resources/ner/<name>/`.
//!
//! The network sees one block of kept sentences at a time and the segmenter's sentence starts,
//! so an entity never crosses a removed line or a sentence boundary.

use std::cell::RefCell;
use std::path::{Path, PathBuf};

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

impl NerModel {
    pub fn build(config: &ModelConfig) -> Result<NerModel, RunError> {
        let dir = weights_dir(config)?;
        let model = textmill_ner::Model::load(&dir)
            .map_err(|err| RunError::StageSetup { stage: "tag", message: format!("cannot load the NER model: {err}") })?;
        Ok(NerModel { model })
    }

    /// Identity of the weight directory, computed without loading the model: the header's
    /// content (it holds the exporter's input hashes) and each file's size and modification time.
    pub fn resource_fingerprint(config: &ModelConfig) -> Result<String, RunError> {
        let dir = weights_dir(config)?;
        let unreadable = |path: &Path, err: std::io::Error| RunError::StageSetup { stage: "tag", message: format!("cannot read {}: {err}", path.display()) };
        let mut hasher = blake3::Hasher::new();
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

/// The weight directory: `weights_dir` if set, else `resources/ner/<model>` next to the config,
/// in `$TEXTMILL_RESOURCES`, in the working directory, or in the source tree the binary was
/// built from (last: a binary can outlive that checkout, e.g. in a shared target directory).
fn weights_dir(config: &ModelConfig) -> Result<PathBuf, RunError> {
    if let Some(dir) = &config.weights_dir {
        return Ok(dir.clone());
    }
    let name = match config.model {
        ModelName::Sm => "sm",
        ModelName::Md => "md",
    };
    let mut candidates: Vec<PathBuf> = Vec::new();
    if let Some(base) = &config.resources_base {
        candidates.push(base.join("resources/ner").join(name));
    }
    if let Some(root) = std::env::var_os("TEXTMILL_RESOURCES") {
        candidates.push(Path::new(&root).join("ner").join(name));
    }
    candidates.push(Path::new("resources/ner").join(name));
    candidates.push(Path::new(env!("CARGO_MANIFEST_DIR")).join("resources/ner").join(name));
    candidates.iter().find(|dir| dir.join("model.json").is_file()).cloned().ok_or_else(|| RunError::StageSetup {
        stage: "tag",
        message: format!(
            "NER weights `{name}` not found (looked in {}); set tag.tagger.weights_dir",
            candidates.iter().map(|c| c.display().to_string()).collect::<Vec<_>>().join(", ")
        ),
    })
}
