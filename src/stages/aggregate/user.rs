//! The user's own linking rules: alias files (`aggregate.alias_files`, CSV with the columns
//! `alias,name` and optionally `label`) link each alias to a name, and `aggregate.never_merge`
//! lists pairs of names that no rule may link (a surname to a full name, a short organisation
//! name to a longer one, an acronym, a gazetteer alias).

use std::collections::{HashMap, HashSet};
use std::path::Path;

use super::AggregateConfig;
use crate::document::{name_key, Label};

/// The rules, by name key.
#[derive(Debug, Default, Clone)]
pub struct UserLinks {
    /// Alias key → (label, name key); a label of `None` applies to every label.
    aliases: HashMap<String, Vec<(Option<Label>, String)>>,
    /// Name key → the name keys it must stay apart from (both orders of every pair).
    apart: HashMap<String, HashSet<String>>,
    /// Name key → the name as an alias file first writes it: the entity's canonical name.
    names: HashMap<String, String>,
}

impl UserLinks {
    /// Read the alias files and the never-merge pairs. `Err`: the config key and what is wrong
    /// (the file, its line).
    pub fn from_config(config: &AggregateConfig) -> Result<UserLinks, (String, String)> {
        let mut links = UserLinks::default();
        for path in &config.alias_files {
            links.read_alias_file(path).map_err(|message| ("aggregate.alias_files".to_string(), message))?;
        }
        for (i, [a, b]) in config.never_merge.iter().enumerate() {
            let (a, b) = (name_key(a), name_key(b));
            if a.is_empty() || b.is_empty() || a == b {
                return Err(("aggregate.never_merge".into(), format!("pair {}: expected two different names", i + 1)));
            }
            links.apart.entry(a.clone()).or_default().insert(b.clone());
            links.apart.entry(b).or_default().insert(a);
        }
        Ok(links)
    }

    fn read_alias_file(&mut self, path: &Path) -> Result<(), String> {
        let mut reader = csv::ReaderBuilder::new().trim(csv::Trim::All).from_path(path).map_err(|err| format!("{}: {err}", path.display()))?;
        let headers = reader.headers().map_err(|err| format!("{}: {err}", path.display()))?.clone();
        let column = |name: &str| headers.iter().position(|h| h.eq_ignore_ascii_case(name));
        let (Some(alias), Some(name)) = (column("alias"), column("name")) else {
            return Err(format!("{}: expected a header line with the columns alias,name (and optionally label); found {:?}", path.display(), headers.iter().collect::<Vec<_>>()));
        };
        let label = column("label");
        for (i, row) in reader.records().enumerate() {
            let line = i + 2;
            let row = row.map_err(|err| format!("{}: line {line}: {err}", path.display()))?;
            let field = |index: usize| row.get(index).unwrap_or("");
            let (alias_key, name_key) = (name_key(field(alias)), name_key(field(name)));
            if alias_key.is_empty() || name_key.is_empty() {
                return Err(format!("{}: line {line}: expected an alias and a name", path.display()));
            }
            let label = match label.map(field).filter(|l| !l.is_empty()) {
                None => None,
                Some(text) => Some(Label::parse(text).ok_or_else(|| format!("{}: line {line}: unknown label `{text}` (PERSON, ORG, GPE, ...)", path.display()))?),
            };
            let names = self.aliases.entry(alias_key).or_default();
            // One alias, two names: which the user meant is theirs to say.
            if let Some((_, other)) = names.iter().find(|(other_label, other)| *other_label == label && *other != name_key) {
                return Err(format!("{}: line {line}: alias `{}` already names `{other}`; an alias names one entity (give each a label, or drop one line)", path.display(), field(alias)));
            }
            if !names.contains(&(label, name_key.clone())) {
                names.push((label, name_key.clone()));
            }
            self.names.entry(name_key).or_insert_with(|| field(name).to_string());
        }
        Ok(())
    }

    /// The name key a user alias gives `key` under `label`.
    pub fn alias(&self, label: Label, key: &str) -> Option<&str> {
        let names = self.aliases.get(key)?;
        let for_label = |wanted: Option<Label>| names.iter().find(|(l, _)| *l == wanted).map(|(_, name)| name.as_str());
        for_label(Some(label)).or_else(|| for_label(None))
    }

    /// Whether an alias file names any entity.
    pub fn names_any(&self) -> bool {
        !self.names.is_empty()
    }

    /// The name an alias file gives the entity of `key`, as written there.
    pub fn name(&self, key: &str) -> Option<&str> {
        self.names.get(key).map(String::as_str)
    }

    /// Whether two name keys may be linked.
    pub fn may_link(&self, a: &str, b: &str) -> bool {
        !self.apart.get(a).is_some_and(|apart| apart.contains(b))
    }

    /// What the rules depend on besides the config: the alias files' bytes.
    pub fn fingerprint(config: &AggregateConfig) -> String {
        let mut hasher = blake3::Hasher::new();
        for path in &config.alias_files {
            hasher.update(&std::fs::read(path).unwrap_or_default());
        }
        hasher.finalize().to_hex()[..24].to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alias_files_and_pairs_are_read_and_their_errors_say_where() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("aliases.csv");
        std::fs::write(&file, "alias,name,label\nBig Blue,IBM,ORG\n\"The Hague\",Den Haag,\n").unwrap();
        let config = AggregateConfig { alias_files: vec![file.clone()], never_merge: vec![["Bloomberg".into(), "Michael Bloomberg".into()]], ..AggregateConfig::default() };
        let links = UserLinks::from_config(&config).unwrap();
        assert_eq!(links.alias(Label::Org, "big blue"), Some("ibm"));
        assert_eq!(links.alias(Label::Person, "big blue"), None, "only for its label");
        assert_eq!(links.alias(Label::Gpe, "hague"), Some("den haag"), "any label; keys drop a leading 'the'");
        assert!(!links.may_link("michael bloomberg", "bloomberg") && !links.may_link("bloomberg", "michael bloomberg"));
        assert!(links.may_link("michael bloomberg", "bloomberg lp"));
        for (text, expected) in [
            ("name,label\nIBM,ORG\n", "expected a header line with the columns alias,name"),
            ("alias,name,label\nBig Blue,IBM,COMPANY\n", "line 2: unknown label `COMPANY`"),
            ("alias,name\nBig Blue,\n", "line 2: expected an alias and a name"),
            ("alias,name\nFed,Federal Reserve\nFed,FedEx\n", "line 3: alias `Fed` already names `federal reserve`"),
        ] {
            std::fs::write(&file, text).unwrap();
            let (key, message) = UserLinks::from_config(&config).unwrap_err();
            assert_eq!(key, "aggregate.alias_files");
            assert!(message.contains(expected) && message.contains("aliases.csv"), "{message}");
        }
        let missing = AggregateConfig { alias_files: vec![dir.path().join("nowhere.csv")], ..AggregateConfig::default() };
        assert!(UserLinks::from_config(&missing).unwrap_err().1.contains("nowhere.csv"));
        let same = AggregateConfig { never_merge: vec![["Paris".into(), "paris".into()]], ..AggregateConfig::default() };
        assert_eq!(UserLinks::from_config(&same).unwrap_err().0, "aggregate.never_merge");
    }
}
