//! The segment stage's settings (`[segment]` in pipeline.toml).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct SegmentConfig {
    /// Off: each paragraph is one sentence.
    pub enabled: bool,
    /// Extra abbreviations (no trailing period, case-insensitive) that never end a sentence.
    pub extra_abbreviations: Vec<String>,
}

impl Default for SegmentConfig {
    fn default() -> Self {
        SegmentConfig { enabled: true, extra_abbreviations: Vec::new() }
    }
}
