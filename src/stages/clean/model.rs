//! The line model: gradient-boosted trees over [`super::features`], one class per line kind.
//!
//! Trained by `scripts/clean/train.py` (LightGBM) and exported to `resources/clean/model.json`,
//! which says what it was trained on. Inference is plain Rust: sum each class's trees, softmax;
//! and a headline ranker's trees, summed over a line read with its neighbours, to pick a page's
//! headline among its lines.

use serde::Deserialize;
use std::path::Path;

/// What a line is. The order is the model file's `classes`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    Text,
    Furniture,
    Headline,
    Byline,
    Date,
}

impl LineKind {
    pub const ALL: [LineKind; 5] = [LineKind::Text, LineKind::Furniture, LineKind::Headline, LineKind::Byline, LineKind::Date];

    pub fn name(self) -> &'static str {
        match self {
            LineKind::Text => "text",
            LineKind::Furniture => "furniture",
            LineKind::Headline => "headline",
            LineKind::Byline => "byline",
            LineKind::Date => "date",
        }
    }
}

/// One tree in flat arrays. A child index `c >= 0` is an inner node; `c < 0` is leaf `!c`.
#[derive(Debug, Deserialize)]
struct Tree {
    class: usize,
    split_feature: Vec<usize>,
    threshold: Vec<f64>,
    left: Vec<i32>,
    right: Vec<i32>,
    leaf_value: Vec<f64>,
}

impl Tree {
    fn value(&self, features: &[f64]) -> f64 {
        if self.split_feature.is_empty() {
            return self.leaf_value[0];
        }
        let mut node = 0i32;
        while node >= 0 {
            let n = node as usize;
            node = if features[self.split_feature[n]] <= self.threshold[n] { self.left[n] } else { self.right[n] };
        }
        self.leaf_value[!node as usize]
    }

    fn check(&self, n_features: usize, n_classes: usize) -> Result<(), String> {
        let inner = self.split_feature.len();
        let leaves = self.leaf_value.len();
        let child_ok = |c: i32| if c >= 0 { (c as usize) < inner } else { (!c as usize) < leaves };
        let ok = self.class < n_classes
            && leaves == inner + 1
            && self.threshold.len() == inner
            && self.left.len() == inner
            && self.right.len() == inner
            && self.split_feature.iter().all(|&f| f < n_features)
            && self.left.iter().chain(&self.right).all(|&c| child_ok(c))
            // Children always come after their parent, so a walk ends.
            && (0..inner).all(|n| [self.left[n], self.right[n]].iter().all(|&c| c < 0 || c as usize > n));
        ok.then_some(()).ok_or_else(|| "a tree of the line model is malformed".to_string())
    }
}

#[derive(Debug, Deserialize)]
struct ModelFile {
    format: u32,
    features: Vec<String>,
    classes: Vec<String>,
    trees: Vec<Tree>,
    /// A ranker over a page's lines: which one is the headline (trained to put it first).
    headline_trees: Vec<Tree>,
    /// The ranker reads a line's features, then those of the lines at these offsets (zeros past
    /// either end): a headline is known by what follows it (a byline, a date, the first paragraph).
    headline_context: Vec<isize>,
}

pub struct LineModel {
    trees: Vec<Tree>,
    headline_trees: Vec<Tree>,
    headline_context: Vec<isize>,
    n_features: usize,
}

/// The models shipped in the binary: for plain text, and for a page's extracted text (which
/// reads its lines' HTML blocks too).
const BUILTIN: &str = include_str!("../../../resources/clean/model.json");
const BUILTIN_PAGE: &str = include_str!("../../../resources/clean/page_model.json");

/// What a model reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    PlainText,
    Page,
}

impl Reading {
    fn builtin(self) -> &'static str {
        match self {
            Reading::PlainText => BUILTIN,
            Reading::Page => BUILTIN_PAGE,
        }
    }

    /// The variable that names a model file to read instead.
    fn variable(self) -> &'static str {
        match self {
            Reading::PlainText => "TEXTMILL_CLEAN_MODEL",
            Reading::Page => "TEXTMILL_CLEAN_PAGE_MODEL",
        }
    }

    pub fn feature_names(self) -> Vec<String> {
        match self {
            Reading::PlainText => super::features::feature_names(),
            Reading::Page => super::features::page_feature_names(),
        }
    }
}

impl LineModel {
    /// For development, `TEXTMILL_CLEAN_MODEL` (`TEXTMILL_CLEAN_PAGE_MODEL` for pages) names a
    /// model file to read instead (a model of `train.py --fold`, to score a rule on pages it was
    /// not trained on). The run checks it with `check_override` before the first document, so
    /// a wrong path stops the run with a message rather than a panic in a worker.
    pub fn builtin(reading: Reading) -> LineModel {
        match LineModel::overridden(reading) {
            Some(model) => model.unwrap_or_else(|err| panic!("{err}")),
            None => LineModel::from_json(reading.builtin(), &reading.feature_names()).expect("the shipped line model matches the features"),
        }
    }

    /// An error naming the file when a model variable is set but cannot be used.
    pub fn check_override() -> Result<(), String> {
        for reading in [Reading::PlainText, Reading::Page] {
            LineModel::overridden(reading).transpose()?;
        }
        Ok(())
    }

    fn overridden(reading: Reading) -> Option<Result<LineModel, String>> {
        let path = std::env::var_os(reading.variable())?;
        let read = std::fs::read_to_string(&path).map_err(|err| err.to_string());
        let model = read.and_then(|json| LineModel::from_json(&json, &reading.feature_names()));
        Some(model.map_err(|err| format!("{} {}: {err}", reading.variable(), Path::new(&path).display())))
    }

    /// Load a model file, checking it was trained on exactly these features and classes.
    pub fn from_json(json: &str, feature_names: &[String]) -> Result<LineModel, String> {
        let file: ModelFile = serde_json::from_str(json).map_err(|err| format!("line model: {err}"))?;
        if file.format != 2 {
            return Err(format!("line model: format {} is not 2", file.format));
        }
        if file.features != feature_names {
            return Err("line model: trained on other features than this program computes (retrain it)".into());
        }
        let classes: Vec<&str> = LineKind::ALL.iter().map(|k| k.name()).collect();
        if file.classes != classes {
            return Err(format!("line model: classes {:?}, expected {classes:?}", file.classes));
        }
        for tree in &file.trees {
            tree.check(feature_names.len(), classes.len())?;
        }
        if file.headline_context.first() != Some(&0) {
            return Err("line model: the headline ranker's context must start with the line itself (offset 0)".into());
        }
        for tree in &file.headline_trees {
            tree.check(feature_names.len() * file.headline_context.len(), 1)?;
        }
        let n_features = feature_names.len();
        Ok(LineModel { trees: file.trees, headline_trees: file.headline_trees, headline_context: file.headline_context, n_features })
    }

    /// Class probabilities of one line, in [`LineKind::ALL`] order.
    pub fn probabilities(&self, features: &[f64]) -> [f64; 5] {
        debug_assert_eq!(features.len(), self.n_features);
        let mut raw = [0.0f64; 5];
        for tree in &self.trees {
            raw[tree.class] += tree.value(features);
        }
        let max = raw.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let exp = raw.map(|r| (r - max).exp());
        let sum: f64 = exp.iter().sum();
        exp.map(|e| e / sum)
    }

    /// How strongly the headline ranker puts each of a page's lines first (only the order within
    /// a page means anything). `rows` are the page's non-blank lines in order; a line for which
    /// `candidate` says no scores minus infinity without walking the trees.
    pub fn headline_scores(&self, rows: &[Vec<f64>], candidate: impl Fn(usize) -> bool) -> Vec<f64> {
        let mut context = vec![0.0; self.n_features * self.headline_context.len()];
        (0..rows.len())
            .map(|i| {
                if !candidate(i) {
                    return f64::NEG_INFINITY;
                }
                for (slot, offset) in context.chunks_mut(self.n_features).zip(&self.headline_context) {
                    match i.checked_add_signed(*offset).and_then(|j| rows.get(j)) {
                        Some(row) => slot.copy_from_slice(row),
                        None => slot.fill(0.0),
                    }
                }
                self.headline_trees.iter().map(|tree| tree.value(&context)).sum()
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("f{i}")).collect()
    }

    // The ranker's feature 3 is f1 of the next line (context [0, 1]).
    const TINY: &str = r#"{"format": 2, "features": ["f0", "f1"], "classes": ["text", "furniture", "headline", "byline", "date"],
        "trees": [{"class": 1, "split_feature": [0], "threshold": [0.5], "left": [-1], "right": [-2], "leaf_value": [-2.0, 2.0]}],
        "headline_trees": [{"class": 0, "split_feature": [3], "threshold": [0.5], "left": [-1], "right": [-2], "leaf_value": [0.0, 1.5]}],
        "headline_context": [0, 1]}"#;

    #[test]
    fn trees_are_summed_per_class_then_softmaxed() {
        let model = LineModel::from_json(TINY, &names(2)).unwrap();
        let low = model.probabilities(&[0.0, 0.0]);
        let high = model.probabilities(&[1.0, 0.0]);
        assert!(low[0] > low[1] && high[1] > high[0]);
        assert!((high.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        // The threshold is inclusive, as LightGBM's `<=`.
        assert_eq!(model.probabilities(&[0.5, 0.0]), low);
        // Each line is scored by what follows it; the last has nothing after it.
        let rows = [vec![0.0, 0.0], vec![0.0, 1.0], vec![0.0, 0.5], vec![0.0, 1.0]];
        assert_eq!(model.headline_scores(&rows, |_| true), [1.5, 0.0, 1.5, 0.0]);
        assert_eq!(model.headline_scores(&rows, |i| i != 0), [f64::NEG_INFINITY, 0.0, 1.5, 0.0]);
    }

    #[test]
    fn a_model_for_other_features_or_a_broken_tree_is_refused() {
        assert!(LineModel::from_json(TINY, &names(3)).is_err());
        let looping = TINY.replace(r#""left": [-1]"#, r#""left": [0]"#);
        assert!(LineModel::from_json(&looping, &names(2)).is_err());
        // A ranker reading past its context.
        let short_context = TINY.replace(r#""headline_context": [0, 1]"#, r#""headline_context": [0]"#);
        assert!(LineModel::from_json(&short_context, &names(2)).is_err());
    }

    #[test]
    fn the_shipped_model_loads() {
        let model = LineModel::builtin(Reading::PlainText);
        let p = model.probabilities(&vec![0.0; super::super::features::feature_names().len()]);
        let page = LineModel::builtin(Reading::Page);
        assert!(page.probabilities(&vec![0.0; super::super::features::page_feature_names().len()]).iter().all(|p| p.is_finite()));
        assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-9);
    }
}
