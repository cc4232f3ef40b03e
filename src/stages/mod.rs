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

/// The pipeline's stages in order. Their names key the fingerprints, the cache's layers, the
/// timings and counts of the run report, and the `stage` column of errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stage {
    Ingest,
    Clean,
    Segment,
    Tag,
    Aggregate,
}

impl Stage {
    pub const ALL: [Stage; 5] = [Stage::Ingest, Stage::Clean, Stage::Segment, Stage::Tag, Stage::Aggregate];
    /// The stages whose results a document's cache entry keeps, each under its fingerprint.
    pub const CACHED: [Stage; 4] = [Stage::Clean, Stage::Segment, Stage::Tag, Stage::Aggregate];

    pub fn name(self) -> &'static str {
        match self {
            Stage::Ingest => "ingest",
            Stage::Clean => "clean",
            Stage::Segment => "segment",
            Stage::Tag => "tag",
            Stage::Aggregate => "aggregate",
        }
    }
}

/// A stage that adds a span layer to one document.
pub trait DocumentStage: Sync {
    fn stage(&self) -> Stage;
    fn process(&self, doc: &mut Document) -> Result<(), DocumentError>;
}

pub use segment::SegmentStage;
