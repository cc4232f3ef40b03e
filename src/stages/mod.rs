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

pub use segment::SegmentStage;
