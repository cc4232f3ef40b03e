//! The clean stage's settings (`[clean]` in pipeline.toml).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct CleanConfig {
    /// Off: every non-blank line is content and no title is detected.
    pub enabled: bool,
    /// Pick the headline line (when the source gives no title).
    pub detect_title: bool,
    /// Longest headline, in words.
    pub max_title_words: usize,
    /// A line is left out when the model's probability that it is furniture (or a byline or
    /// date line) is at least this: lower removes more furniture and risks more article lines.
    pub threshold: f64,
    /// The same for the text an HTML page's extractor kept: most furniture is gone already, so a
    /// line must be more surely furniture (chosen on the training sites of trafilatura's benchmark).
    pub html_threshold: f64,
}

impl Default for CleanConfig {
    fn default() -> Self {
        CleanConfig { enabled: true, detect_title: true, max_title_words: 30, threshold: 0.5, html_threshold: 0.7 }
    }
}
