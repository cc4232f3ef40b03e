//! What a run's results depend on: the program, and each per-document stage's settings and
//! resources, chained so that a change to one stage makes it and the later ones stale.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::stages::Stage;

/// Bump when the entry or manifest layout changes.
pub const FORMAT: u32 = 10;

/// Fingerprints of the per-document stages (each chains the previous) plus their configs.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Fingerprints {
    /// Stage name → chained fingerprint.
    pub stages: BTreeMap<String, String>,
    /// Stage name → its effective configuration (to explain what changed).
    pub configs: BTreeMap<String, serde_json::Value>,
    /// The whole chain without the build's id: equal for two builds of one textmill version
    /// with the same settings and resources (parts a merge accepts).
    #[serde(default)]
    pub portable: String,
}

impl Fingerprints {
    /// `parts[i]` is everything cached stage `i` depends on besides the previous stage (config JSON
    /// and resource/model hashes). `base` covers the program itself and ingest settings.
    pub fn chain(base: &str, parts: [(serde_json::Value, String); 4]) -> Fingerprints {
        let mut stages = BTreeMap::new();
        let mut configs = BTreeMap::new();
        let mut previous = base.to_string();
        for (stage, (config, resources)) in Stage::CACHED.into_iter().zip(parts) {
            let mut hasher = blake3::Hasher::new();
            hasher.update(previous.as_bytes());
            hasher.update(config.to_string().as_bytes());
            hasher.update(resources.as_bytes());
            previous = hasher.finalize().to_hex()[..24].to_string();
            stages.insert(stage.name().to_string(), previous.clone());
            configs.insert(stage.name().to_string(), config);
        }
        Fingerprints { stages, configs, portable: String::new() }
    }

    pub fn get(&self, stage: Stage) -> &str {
        self.stages.get(stage.name()).map(String::as_str).unwrap_or("")
    }
}

/// The version and the state format: what the program fingerprint holds besides the executable.
pub fn version_fingerprint() -> String {
    format!("textmill {} format {FORMAT}", env!("CARGO_PKG_VERSION"))
}

/// Fingerprint of the running program: the version, and the build's id (`build.rs`: a hash of
/// the sources, resources, dependencies, compiler and profile it was built from), so that a
/// rebuild of other sources invalidates the cache, and a copy of the same build does not (its
/// executable's path or time did, and every switch between two copies redid every document).
pub fn program_fingerprint() -> String {
    let mut hasher = blake3::Hasher::new();
    hasher.update(env!("CARGO_PKG_VERSION").as_bytes());
    hasher.update(&FORMAT.to_le_bytes());
    hasher.update(env!("TEXTMILL_BUILD_ID").as_bytes());
    hasher.finalize().to_hex()[..24].to_string()
}

/// Which keys of two JSON configs differ, as dotted paths.
pub fn changed_keys(prefix: &str, old: &serde_json::Value, new: &serde_json::Value, out: &mut Vec<String>) {
    match (old, new) {
        (serde_json::Value::Object(a), serde_json::Value::Object(b)) => {
            let keys: std::collections::BTreeSet<&String> = a.keys().chain(b.keys()).collect();
            for key in keys {
                let path = if prefix.is_empty() { key.clone() } else { format!("{prefix}.{key}") };
                match (a.get(key), b.get(key)) {
                    (Some(x), Some(y)) => changed_keys(&path, x, y, out),
                    _ => out.push(path),
                }
            }
        }
        (a, b) if a != b => out.push(prefix.to_string()),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn changed_keys_are_dotted_paths() {
        let mut out = Vec::new();
        changed_keys("tag", &json!({"tagger": {"min": 1, "x": true}}), &json!({"tagger": {"min": 2, "x": true}}), &mut out);
        assert_eq!(out, vec!["tag.tagger.min"]);
    }
}
