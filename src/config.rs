//! `pipeline.toml`: the strict, documented configuration, and `Settings::resolve`, the one place
//! where file values and CLI overrides meet (CLI beats file beats `Default`).
//!
//! Every struct denies unknown keys; errors name the dotted key (`tag.tagger.patterns`) and
//! what was expected. Relative paths are resolved against the config file's directory, so a
//! config works from any working directory.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::ConfigError;
pub use crate::stages::aggregate::AggregateConfig;
pub use crate::stages::clean::CleanConfig;
pub use crate::stages::segment::SegmentConfig;
pub use crate::stages::tag::{ModelConfig, ModelName, PostPassConfig, RulerConfig, TagConfig, TaggerConfig};

/// The whole `pipeline.toml`.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct PipelineConfig {
    /// Where documents come from.
    pub input: InputConfig,
    /// Where tables go and in which formats.
    pub output: OutputConfig,
    /// Parallelism and batching.
    pub run: RunConfig,
    /// Boilerplate and headline detection.
    pub clean: CleanConfig,
    /// Sentence segmentation.
    pub segment: SegmentConfig,
    /// Named-entity tagging.
    pub tag: TagConfig,
    /// Canonical entities, counts and links.
    pub aggregate: AggregateConfig,
    /// Data files shared by the stages.
    pub resources: ResourcesConfig,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct ResourcesConfig {
    /// Directory with your own `countries.tsv`, `cities.tsv`, `regions.tsv`, `titles.txt`
    /// (format: resources/gazetteer/SOURCES.md). Unset: the gazetteer built into the binary.
    pub gazetteer_dir: Option<PathBuf>,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct InputConfig {
    /// Files, directories or glob patterns (`data/**/*.txt`). Directories are walked recursively.
    pub paths: Vec<String>,
    /// File extensions to ingest (without the dot); `name.ext.gz` is accepted for each.
    pub extensions: Vec<String>,
    /// Documents larger than this (after decompression) are reported and skipped.
    pub max_document_bytes: u64,
    /// Follow symbolic links to directories while walking (loops are detected and reported).
    pub follow_symlinks: bool,
    /// Read files reached through a symbolic link that points outside the input root.
    pub allow_links_outside_root: bool,
    /// Read hidden files and folders (names starting with a dot: editors' swap and lock files,
    /// `.ipynb_checkpoints`, `.git`) found while walking a folder or glob.
    pub include_hidden: bool,
    /// HTML nested deeper than this is flattened to this depth before extraction (protects the
    /// extractor from unbounded recursion; the text inside is kept).
    pub max_html_depth: usize,
    /// Field names for `.jsonl` sources.
    pub jsonl: JsonlConfig,
    /// How "05/12/2025" is read: `auto` (month first unless the document's own slashed dates
    /// show day first), `month_first` or `day_first` (British, Indian, Australian... news).
    pub date_order: crate::stages::clean::metadata::DateOrder,
    /// `--shard I/N`: only the documents of this shard (not a config key).
    #[serde(skip)]
    pub shard: Option<crate::shard::Shard>,
    /// The config file's folder, which its relative input paths were joined to (not a config
    /// key): a document's `source` is shown relative to it, the same wherever a run starts.
    #[serde(skip)]
    pub paths_base: Option<PathBuf>,
}

impl InputConfig {
    /// A file's path as `documents.source` and `errors.source` show it: relative to the config
    /// file's folder when the config named its input so (`corpus/a.txt`, not
    /// `../../proj/corpus/a.txt` from a run started elsewhere), else as the input was given.
    pub fn shown(&self, path: &Path) -> String {
        // (Made absolute as the base is: the config may be named as `/srv/p.toml` or `p.toml`.)
        let absolute = || std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        let relative = self.paths_base.as_deref().and_then(|base| absolute().strip_prefix(base).ok().map(Path::to_path_buf));
        crate::files::path_text(relative.filter(|relative| !relative.as_os_str().is_empty()).as_deref().unwrap_or(path).as_os_str())
    }
}

impl Default for InputConfig {
    fn default() -> Self {
        InputConfig {
            paths: vec!["data/sample".to_string()],
            extensions: ["txt", "md", "html", "htm", "jsonl"].map(String::from).to_vec(),
            max_document_bytes: 16 * 1024 * 1024,
            follow_symlinks: false,
            allow_links_outside_root: false,
            include_hidden: false,
            max_html_depth: 1000,
            jsonl: JsonlConfig::default(),
            date_order: Default::default(),
            shard: None,
            paths_base: None,
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct JsonlConfig {
    /// Field holding the document id (doc_id becomes `file.jsonl#<id>`; the line number if absent).
    pub id_field: String,
    /// Field holding the document text (required on every line).
    pub text_field: String,
    /// Optional field holding the headline; when present it becomes sentence 0 and the title.
    pub title_field: String,
    /// Optional field holding the publication date (any common format; read as `YYYY-MM-DD`).
    pub published_field: String,
    /// Optional field holding the authors: a string, or a list of strings (joined with `; `).
    pub authors_field: String,
    /// Optional field holding the record's language ("de", "de-AT", "deu"): documents.language
    /// when the text is too short or mixed to tell.
    pub language_field: String,
}

/// The default names of the optional JSONL fields (other names are read when a record lacks
/// these; see `source`).
pub const DEFAULT_TITLE_FIELD: &str = "title";
pub const DEFAULT_PUBLISHED_FIELD: &str = "published";
pub const DEFAULT_AUTHORS_FIELD: &str = "authors";
pub const DEFAULT_LANGUAGE_FIELD: &str = "language";

impl Default for JsonlConfig {
    fn default() -> Self {
        JsonlConfig {
            id_field: "id".into(),
            text_field: "text".into(),
            title_field: DEFAULT_TITLE_FIELD.into(),
            published_field: DEFAULT_PUBLISHED_FIELD.into(),
            authors_field: DEFAULT_AUTHORS_FIELD.into(),
            language_field: DEFAULT_LANGUAGE_FIELD.into(),
        }
    }
}

/// Which table formats to write.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq, Default, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Parquet,
    Csv,
    #[default]
    Both,
}

impl Format {
    pub fn parquet(self) -> bool {
        matches!(self, Format::Parquet | Format::Both)
    }
    pub fn csv(self) -> bool {
        matches!(self, Format::Csv | Format::Both)
    }
    /// The file extensions written, one per format.
    pub fn extensions(self) -> Vec<&'static str> {
        [(self.parquet(), "parquet"), (self.csv(), "csv")].into_iter().filter(|(wanted, _)| *wanted).map(|(_, extension)| extension).collect()
    }
}

/// How tables are laid out in the output directory.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum Layout {
    /// One file per table and format: `documents.parquet`, `documents.csv`, ...
    #[default]
    Files,
    /// A directory per table of part files (`documents/part-<hash>.parquet`, ...) that
    /// pandas, polars, DuckDB, R arrow and Spark read as one table; a rerun writes only the
    /// parts whose rows changed.
    Dataset,
}

/// How Parquet pages are compressed.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum ParquetCompression {
    /// The Parquet ecosystem's default (pyarrow, Spark, DuckDB): fast, read everywhere.
    #[default]
    Snappy,
    /// LZ4 (the `LZ4_RAW` codec): as fast as snappy, needs a recent reader.
    Lz4,
    /// zstd level 1: files about a third smaller than snappy's, written 1.5-2x slower.
    Zstd,
    Uncompressed,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct OutputConfig {
    /// Output directory (created if missing).
    pub dir: PathBuf,
    /// `parquet`, `csv` or `both`.
    pub format: Format,
    /// In CSV only, prefix text cells starting with `=`, `+`, `-`, `@`, tab or CR with `'` so
    /// spreadsheets do not run them as formulas (offsets then no longer index such cells).
    pub csv_escape_formulas: bool,
    /// `snappy`, `lz4`, `zstd` or `uncompressed`. Every run rewrites every table, so the codec's
    /// speed shows in reruns as much as in full runs.
    pub parquet_compression: ParquetCompression,
    /// `files` (one file per table) or `dataset` (a directory of part files per table).
    pub layout: Layout,
}

impl Default for OutputConfig {
    fn default() -> Self {
        OutputConfig {
            dir: PathBuf::from("output"),
            format: Format::Both,
            csv_escape_formulas: false,
            parquet_compression: ParquetCompression::default(),
            layout: Layout::default(),
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct RunConfig {
    /// Worker threads; 0 = one per core.
    pub threads: usize,
    /// Documents processed per batch; memory is bounded by one batch, not by the corpus.
    pub batch_documents: usize,
    /// A batch also ends once its sources add up to this many bytes, so that long documents
    /// do not make a batch (and the run's memory) large.
    pub batch_bytes: u64,
}

impl RunConfig {
    /// The worker threads to start: `threads`, or one per core when it is 0.
    pub fn worker_threads(&self) -> usize {
        if self.threads == 0 {
            std::thread::available_parallelism().map_or(1, |n| n.get())
        } else {
            self.threads
        }
    }
}

impl Default for RunConfig {
    fn default() -> Self {
        RunConfig { threads: 0, batch_documents: 256, batch_bytes: 1 << 20 }
    }
}

/// `err` with the line of each key the config file `text` sets added to its messages.
/// Problems with a value a flag gave are the flag's (`flags`: (config key, flag)), not the
/// file's or the defaults'; the others name their line in the file.
fn with_lines(err: ConfigError, text: &str, flags: &[(&str, &str)]) -> ConfigError {
    match err {
        ConfigError::Invalid { path, key, message } => {
            if let Some((_, flag)) = flags.iter().find(|(k, _)| key.split('[').next() == Some(*k)) {
                return ConfigError::Invalid { path: PathBuf::from(format!("flag {flag}")), key, message };
            }
            let message = match key_line(text, &key) {
                Some(line) if !message.contains("(line ") => format!("{message} (line {line})"),
                _ => message,
            };
            ConfigError::Invalid { path, key, message }
        }
        ConfigError::Many(errors) => ConfigError::Many(errors.into_iter().map(|err| with_lines(err, text, flags)).collect()),
        other => other,
    }
}

/// The line (1-based) where the TOML `text` sets the dotted `key` (`input.extensions[0]` is
/// `input.extensions`), by a scan of its table headers and keys; `None` when it does not.
pub fn key_line(text: &str, key: &str) -> Option<usize> {
    (1..=text.lines().count()).find(|&line| key_at(text, line).as_deref() == Some(key.split('[').next().unwrap_or(key)))
}

/// The dotted key that line `number` (from 1) of a TOML text sets or opens ("aggregate.enabled"
/// for `enabled = ...` under `[aggregate]`, "input" for `[input]`).
fn key_at(text: &str, number: usize) -> Option<String> {
    let dotted = |name: &str| name.split('.').map(|part| part.trim().trim_matches('"')).collect::<Vec<_>>().join(".");
    let mut table = String::new();
    for (index, line) in text.lines().enumerate().take(number) {
        let line = line.trim();
        let at_line = index + 1 == number;
        if let Some(header) = line.strip_prefix('[').and_then(|rest| rest.split(']').next()) {
            table = dotted(header.trim_start_matches('['));
            if at_line {
                return Some(table);
            }
        } else if at_line {
            // (A key without its "=" too: `paths ["news"]`.)
            let name = line.split_once('=').map_or_else(|| line.split([' ', '\t', '[', '"']).next().unwrap_or(""), |(name, _)| name);
            let name = dotted(name);
            return (!name.is_empty()).then(|| if table.is_empty() { name } else { format!("{table}.{name}") });
        }
    }
    None
}

/// The line of a value left open above line `number` (`paths = ["news"` then `[output]`; or
/// `paths = [` and its items on lines of their own): the parser stops at the line after it,
/// which is not where the mistake is.
fn unclosed_value_above(text: &str, number: usize) -> Option<usize> {
    // Brackets outside strings and comments ("# in [0, 1)" opens nothing).
    let opened = |line: &str| -> i64 {
        let (mut depth, mut quote) = (0, None);
        for c in line.chars() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(c),
                (None, '#') => break,
                (None, '[' | '{') => depth += 1,
                (None, ']' | '}') => depth -= 1,
                _ => {}
            }
        }
        depth
    };
    let lines: Vec<&str> = text.lines().collect();
    let mut depth = 0;
    for index in (0..number.saturating_sub(1).min(lines.len())).rev() {
        let line = lines[index].trim_start();
        if line.starts_with('[') && !line.contains('=') {
            return None; // a table's header: nothing above it is left open
        }
        depth += opened(line);
        if depth > 0 && line.contains('=') {
            return Some(index + 1);
        }
    }
    None
}

/// A config file's text: UTF-8, or UTF-16 with its byte order mark (as Windows PowerShell 5's
/// `>` and `Out-File` write it).
fn read_config_text(path: &Path) -> std::io::Result<String> {
    let bytes = std::fs::read(path)?;
    let invalid = |message: String| std::io::Error::new(std::io::ErrorKind::InvalidData, message);
    if let Some(decoded) = crate::files::decode_with_mark(&bytes) {
        return decoded.map(|text| text.trim_start_matches('\u{feff}').to_string()).map_err(|err| invalid(err.to_string()));
    }
    String::from_utf8(bytes).map_err(|err| invalid(format!("not UTF-8 text (invalid byte at {}): save the file as UTF-8", err.utf8_error().valid_up_to())))
}

impl PipelineConfig {
    /// Parse a config file; the error names the dotted key and what was expected.
    pub fn from_file(path: &Path) -> Result<PipelineConfig, ConfigError> {
        let text = read_config_text(path)
            .map_err(|source| ConfigError::Read { path: path.to_path_buf(), source })?;
        let mut config = PipelineConfig::from_toml(&text, path)?;
        config.resolve_paths(path.parent().unwrap_or(Path::new(".")));
        Ok(config)
    }

    /// Parse TOML text (paths left as written). `origin` is only used in error messages.
    pub fn from_toml(text: &str, origin: &Path) -> Result<PipelineConfig, ConfigError> {
        let deserializer = toml::Deserializer::new(text);
        serde_path_to_error::deserialize(deserializer).map_err(|err| {
            let mut key = err.path().to_string();
            let inner = err.into_inner();
            // toml's message carries the line/column and the expected value; keep its first line.
            let message = in_plain_words(inner.message().trim());
            // An error about a key found once its table was read names the key itself.
            let mut message = message;
            if let Some((named, rest)) = message.strip_prefix("key `").and_then(|rest| rest.split_once("`: ")) {
                (key, message) = (named.to_string(), rest.to_string());
                if let Some(line) = key_line(text, &key) {
                    return ConfigError::Invalid { path: origin.to_path_buf(), key, message: format!("{message} (line {line})") };
                }
            }
            // (A key that refuses 0 says so already when its value is no number: "16MB".)
            if POSITIVE_KEYS.contains(&key.as_str()) {
                message = message.replace("a whole number, 0 or more", "a whole number, 1 or more");
            }
            // (toml's word for a value an enumeration's key cannot take, an array.)
            let message = message.replace("wanted string or table", "expected one of its names, as a string");
            let mut line = inner.span().map(|span| text[..span.start.min(text.len())].matches('\n').count() + 1);
            // A syntax error has no key path: the key is the one its line sets or opens, or
            // the one whose value was left open above it.
            if key == "." {
                // (Only for an array or a table left open: "invalid array", "expected `]`".)
                let open_value = ["array", "table", "expected `]`", "expected `}`"].iter().any(|word| message.contains(word));
                line = line.map(|line| unclosed_value_above(text, line).filter(|_| open_value).unwrap_or(line));
                key = line.and_then(|line| key_at(text, line)).unwrap_or_else(|| "(top level)".into());
            }
            let location = line.map(|line| format!(" (line {line})")).unwrap_or_default();
            ConfigError::Invalid {
                path: origin.to_path_buf(),
                key,
                message: format!("{message}{location}"),
            }
        })
    }

    /// Make relative paths relative to `base` (the config file's directory), and `~/` the
    /// home directory, as a shell would.
    fn resolve_paths(&mut self, base: &Path) {
        let join = |p: &Path| {
            let p = expand_home(p);
            if p.as_os_str().is_empty() || p.is_absolute() { p } else { base.join(p) }
        };
        self.input.paths = self.input.paths.iter().map(|p| join(Path::new(p)).to_string_lossy().into_owned()).collect();
        // (Absolute once here, not per file shown; a config in the working directory has the
        // empty folder, ".".)
        let folder = if base.as_os_str().is_empty() { Path::new(".") } else { base };
        self.input.paths_base = Some(std::path::absolute(folder).unwrap_or_else(|_| folder.to_path_buf()));
        self.output.dir = join(&self.output.dir);
        match &mut self.tag.tagger {
            TaggerConfig::Ruler(ruler) => {
                ruler.patterns = ruler.patterns.iter().map(|p| join(p)).collect();
            }
            TaggerConfig::Model(model) => {
                model.weights_dir = model.weights_dir.as_deref().map(join);
                if let Some(ruler) = &mut model.ruler {
                    ruler.patterns = ruler.patterns.iter().map(|p| join(p)).collect();
                }
            }
        }
        self.resources.gazetteer_dir = self.resources.gazetteer_dir.as_deref().map(join);
        self.aggregate.alias_files = self.aggregate.alias_files.iter().map(|p| join(p)).collect();
    }

    /// Files of the user's that a run reads besides its inputs: alias files, pattern files.
    pub fn user_files(&self) -> Vec<PathBuf> {
        let ruler = match &self.tag.tagger {
            TaggerConfig::Ruler(ruler) => Some(ruler),
            TaggerConfig::Model(model) => model.ruler.as_ref(),
        };
        let patterns = ruler.map(|r| r.patterns.as_slice()).unwrap_or_default();
        self.aggregate.alias_files.iter().chain(patterns).cloned().collect()
    }

    /// Checks serde cannot express; every problem is reported, not just the first.
    pub fn validate(&self, origin: &Path) -> Result<(), ConfigError> {
        let mut problems = Vec::new();
        let mut problem = |key: &str, message: String| {
            problems.push(ConfigError::Invalid { path: origin.to_path_buf(), key: key.into(), message })
        };
        if self.input.paths.is_empty() {
            problem("input.paths", "expected at least one file, directory or glob".into());
        }
        if let Err((key, message)) = crate::stages::aggregate::UserLinks::from_config(&self.aggregate) {
            problem(&key, message);
        }
        if self.input.extensions.is_empty() {
            problem("input.extensions", "expected at least one extension, e.g. [\"txt\"]".into());
        }
        for (i, ext) in self.input.extensions.iter().enumerate() {
            if ext.is_empty() || ext.starts_with('.') || ext.contains('/') {
                problem(&format!("input.extensions[{i}]"), format!("expected an extension without the dot, got {ext:?}"));
            }
        }
        if self.input.max_document_bytes == 0 {
            problem("input.max_document_bytes", "expected a positive number of bytes".into());
        }
        if self.output.dir.exists() && !self.output.dir.is_dir() {
            problem("output.dir", format!("{} is a file, not a directory", self.output.dir.display()));
        }
        // ("" would be whatever folder the command runs in.)
        if self.output.dir.as_os_str().is_empty() {
            problem("output.dir", "expected a directory, got an empty string".into());
        }
        if let (Ok(target), false) = (std::fs::read_link(&self.output.dir), self.output.dir.exists()) {
            problem("output.dir", format!("{} is a symbolic link to {}, which does not exist: create that folder, or give another output", self.output.dir.display(), target.display()));
        }
        for (key, value) in [("clean.threshold", self.clean.threshold), ("clean.html_threshold", self.clean.html_threshold)] {
            if !(0.0..=1.0).contains(&value) {
                problem(key, format!("expected a probability between 0 and 1, got {value}"));
            }
        }
        // (The other fields are optional: "" reads none.)
        if self.input.jsonl.text_field.trim().is_empty() {
            problem("input.jsonl.text_field", "expected a field name, got an empty string".into());
        }
        if self.clean.max_title_words == 0 {
            problem("clean.max_title_words", "expected a positive number of words".into());
        }
        if self.run.threads > MAX_THREADS {
            problem("run.threads", format!("expected at most {MAX_THREADS} threads (0 = one per core), got {}", self.run.threads));
        }
        if self.input.max_html_depth < MIN_HTML_DEPTH {
            problem("input.max_html_depth", format!("expected at least {MIN_HTML_DEPTH} (pages nest articles 10 to 30 elements deep), got {}", self.input.max_html_depth));
        }
        if self.run.batch_documents == 0 {
            problem("run.batch_documents", "expected a positive number".into());
        }
        if self.run.batch_bytes == 0 {
            problem("run.batch_bytes", "expected a positive number of bytes".into());
        }
        if let Some(code) = self.tag.languages.iter().find(|code| whatlang::Lang::from_code(code.to_lowercase()).is_none()) {
            problem("tag.languages", format!("expected ISO 639-3 codes of languages textmill tells apart (\"eng\", \"deu\", \"fra\", \"cmn\" for Chinese...: documents.language), got {code:?}"));
        }
        if let Some(date) = self.tag.reference_date.as_deref().filter(|_| self.tag.reference_date().is_none()) {
            problem("tag.reference_date", format!("expected a date as YYYY-MM-DD, got {date:?}"));
        }
        if self.tag.enabled {
            let (ruler, prefix) = match &self.tag.tagger {
                TaggerConfig::Ruler(ruler) => (Some(ruler), "tag.tagger"),
                TaggerConfig::Model(model) => {
                    if let Some(dir) = &model.weights_dir {
                        // (Every file, not the header alone: a copy cut short failed later with
                        // "entity not found", no key named.)
                        let missing: Vec<&str> = crate::stages::tag::model::WEIGHT_FILES.into_iter().filter(|file| !dir.join(file).is_file()).collect();
                        if !missing.is_empty() {
                            problem("tag.tagger.weights_dir", format!("{} has no {} (exported weights expected: scripts/export_model.sh writes {})", dir.display(), missing.join(", "), crate::stages::tag::model::WEIGHT_FILES.join(", ")));
                        }
                    }
                    (model.ruler.as_ref(), "tag.tagger.ruler")
                }
            };
            for (i, p) in ruler.map(|r| r.patterns.as_slice()).unwrap_or_default().iter().enumerate() {
                if !p.is_file() {
                    problem(&format!("{prefix}.patterns[{i}]"), format!("pattern file {} does not exist", p.display()));
                } else if let Err(message) = crate::stages::tag::ruler::check_pattern_file(p) {
                    // (Read now, not by the first document: a pattern's typo is the config's.)
                    problem(&format!("{prefix}.patterns[{i}]"), message);
                }
            }
        }
        if let Some(dir) = &self.resources.gazetteer_dir {
            if !dir.is_dir() {
                problem("resources.gazetteer_dir", format!("directory {} does not exist", dir.display()));
            } else if let Err(message) = crate::gazetteer::Gazetteer::check_dir(dir) {
                problem("resources.gazetteer_dir", message);
            }
        }
        match problems.len() {
            0 => Ok(()),
            1 => Err(problems.remove(0)),
            _ => Err(ConfigError::Many(problems)),
        }
    }
}

/// More worker threads than any machine has cores: a mistyped number, not a setting.
const MAX_THREADS: usize = 1024;
/// Flattening a page shallower than this would run its menus into its article.
const MIN_HTML_DEPTH: usize = 32;

/// Values given on the command line; `None` means "not given".
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub inputs: Vec<PathBuf>,
    pub output: Option<PathBuf>,
    pub format: Option<Format>,
    pub threads: Option<usize>,
    pub shard: Option<crate::shard::Shard>,
}

/// The effective settings of a run.
#[derive(Debug, Clone)]
pub struct Settings {
    pub config: PipelineConfig,
    /// Where the config came from (for messages); `None` when the defaults were used.
    pub config_path: Option<PathBuf>,
    /// The input paths are the config file's (no --input): a missing one is named by its key.
    pub inputs_from_file: bool,
}

/// `~` or `~/...` with the home directory for `~`: a shell expands it only at the start of a
/// word (not in `--output=~/x`, nor in a config file), and a folder named `~` made in the
/// working directory is a trap (`rm -rf ~` to remove it).
pub fn expand_home(path: &Path) -> PathBuf {
    let home = std::env::var_os("HOME").filter(|home| !home.is_empty());
    match (path.strip_prefix("~"), home) {
        (Ok(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => path.to_path_buf(),
    }
}

impl Settings {
    /// File (if any) + CLI overrides → validated settings.
    pub fn resolve(config_path: Option<&Path>, overrides: Overrides) -> Result<Settings, ConfigError> {
        let mut config = match config_path {
            Some(path) => PipelineConfig::from_file(path)?,
            None => PipelineConfig::default(),
        };
        let mut flags = Vec::new();
        if !overrides.inputs.is_empty() {
            flags.push(("input.paths", "--input"));
            config.input.paths = overrides.inputs.iter().map(|p| expand_home(p).to_string_lossy().into_owned()).collect();
            config.input.paths_base = None;
        } else if config_path.is_none() && config.input.paths.iter().all(|p| !Path::new(p).exists()) {
            // Run where there is no pipeline.toml and without --input: the built-in default is
            // the repository's sample corpus, which a folder of the user's does not have.
            return Err(ConfigError::Invalid {
                path: PathBuf::from("(defaults)"),
                key: "input.paths".into(),
                message: format!(
                    "no --input given and no pipeline.toml in this directory, and the default input ({}) does not exist here; \
                     give the documents with --input DIR (or a config file with --config FILE)",
                    config.input.paths.join(", ")
                ),
            });
        }
        if let Some(dir) = overrides.output {
            flags.push(("output.dir", "--output"));
            config.output.dir = expand_home(&dir);
        }
        if let Some(format) = overrides.format {
            flags.push(("output.format", "--format"));
            config.output.format = format;
        }
        if let Some(threads) = overrides.threads {
            flags.push(("run.threads", "--threads"));
            config.run.threads = threads;
        }
        config.input.shard = overrides.shard;
        let origin = config_path.map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("(defaults)"));
        // Problems with a value from the file name its line.
        let text = config_path.and_then(|path| read_config_text(path).ok()).unwrap_or_default();
        config.validate(&origin).map_err(|err| with_lines(err, &text, &flags))?;
        let inputs_from_file = config_path.is_some() && overrides.inputs.is_empty();
        Ok(Settings { config, config_path: config_path.map(Path::to_path_buf), inputs_from_file })
    }

    /// Where the input paths were set, for an error about one: "input.paths in FILE (line N)".
    pub fn inputs_origin(&self) -> Option<String> {
        let path = self.config_path.as_ref().filter(|_| self.inputs_from_file)?;
        let line = read_config_text(path).ok().and_then(|text| key_line(&text, "input.paths"));
        // (A file that sets no input.paths leaves the built-in one: an empty file blamed itself.)
        Some(match line {
            Some(line) => format!("input.paths in {} (line {line})", path.display()),
            None => format!("the default input.paths; {} sets none", path.display()),
        })
    }
}

/// Keys whose value must be 1 or more (checked in `validate`).
const POSITIVE_KEYS: &[&str] = &["input.max_document_bytes", "clean.max_title_words", "run.batch_documents", "run.batch_bytes"];

/// serde's message with the Rust types it expected said as a config's reader knows them
/// ("expected usize" is "expected a whole number, 0 or more").
fn in_plain_words(message: &str) -> String {
    static STRUCT: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| regex::Regex::new(r"expected struct \w+").expect("valid pattern"));
    static NUMBER: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| regex::Regex::new(r"expected (?:(usize|u64|u32|u16|u8)|(i64|i32|i16|i8|isize)|(f64|f32))\b").expect("valid pattern"));
    let message = STRUCT.replace_all(message, "expected a table of settings");
    NUMBER
        .replace_all(&message, |found: &regex::Captures| match (found.get(1), found.get(2)) {
            (Some(_), _) => "expected a whole number, 0 or more",
            (_, Some(_)) => "expected a whole number",
            _ => "expected a number",
        })
        .replace("expected a sequence", "expected an array")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<PipelineConfig, ConfigError> {
        PipelineConfig::from_toml(text, Path::new("pipeline.toml"))
    }

    #[test]
    fn a_path_from_home_is_read_as_a_shell_would() {
        // Regression: `dir = "~/tables"` and `--output=~/tables` made a folder named "~" in the
        // working directory, while the summary printed "-> ~/tables".
        let Some(home) = std::env::var_os("HOME").filter(|home| !home.is_empty()) else { return };
        let home = PathBuf::from(home);
        assert_eq!(expand_home(Path::new("~/tables")), home.join("tables"));
        assert_eq!(expand_home(Path::new("~")), home);
        assert_eq!(expand_home(Path::new("~jane/tables")), PathBuf::from("~jane/tables"));
        assert_eq!(expand_home(Path::new("data/~/x")), PathBuf::from("data/~/x"));
        let mut config = parse("[input]\npaths = [\"~/news\"]\n[output]\ndir = \"~/tables\"\n").unwrap();
        config.resolve_paths(Path::new("/srv/project"));
        assert_eq!(config.input.paths, [home.join("news").to_string_lossy().into_owned()]);
        assert_eq!(config.output.dir, home.join("tables"));
    }

    #[test]
    fn shipped_pipeline_toml_parses_and_validates() {
        let root = &crate::package_dir();
        let config = PipelineConfig::from_file(&root.join("pipeline.toml")).unwrap();
        config.validate(Path::new("pipeline.toml")).unwrap();
    }

    #[test]
    fn shipped_pipeline_toml_shows_every_key() {
        // Regression: keys added since (tag.tagger.post.clubs, output.csv_escape_formulas,
        // aggregate.never_merge...) were missing, though the file says it shows every default.
        let shipped = std::fs::read_to_string(crate::package_dir().join("pipeline.toml")).unwrap();
        // Each section's lines, keys given or commented out ("# reference_date = ...").
        let mut sections: std::collections::HashMap<String, Vec<String>> = std::collections::HashMap::new();
        let mut section = String::new();
        for line in shipped.lines().map(|l| l.trim_start_matches(['#', ' '])) {
            if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                section = name.to_string();
            } else if let Some((key, _)) = line.split_once(" = ") {
                sections.entry(section.clone()).or_default().push(key.trim().to_string());
            }
        }
        fn walk(table: &toml::Table, path: &str, sections: &std::collections::HashMap<String, Vec<String>>, missing: &mut Vec<String>) {
            for (key, value) in table {
                match value {
                    toml::Value::Table(inner) => walk(inner, &if path.is_empty() { key.clone() } else { format!("{path}.{key}") }, sections, missing),
                    _ if !sections.get(path).is_some_and(|keys| keys.contains(key)) => missing.push(format!("{path}.{key}")),
                    _ => {}
                }
            }
        }
        let defaults = toml::Table::try_from(PipelineConfig::default()).unwrap();
        let mut missing = Vec::new();
        walk(&defaults, "", &sections, &mut missing);
        assert!(missing.is_empty(), "keys not shown in pipeline.toml: {missing:?}");
    }

    #[test]
    fn empty_file_gives_defaults() {
        assert_eq!(parse("").unwrap(), PipelineConfig::default());
    }

    #[test]
    fn unknown_key_is_named() {
        let err = parse("[segment]\nenabled = true\nabbreviations = []\n").unwrap_err().to_string();
        assert!(err.contains("segment"), "{err}");
        assert!(err.contains("abbreviations"), "{err}");
    }

    #[test]
    fn wrong_type_names_key_and_expectation() {
        let err = parse("[run]\nthreads = \"many\"\n").unwrap_err().to_string();
        assert!(err.contains("run.threads"), "{err}");
        assert!(err.contains("expected a whole number, 0 or more"), "{err}");
        // Regression (a new user's review): "0 or more" for a key that refuses 0, and toml's
        // "wanted string or table" for an array given to an enumeration's key.
        let err = parse("[input]\nmax_document_bytes = \"16MB\"\n").unwrap_err().to_string();
        assert!(err.contains("input.max_document_bytes") && err.contains("expected a whole number, 1 or more"), "{err}");
        let err = parse("[output]\nformat = [\"csv\", \"parquet\"]\n").unwrap_err().to_string();
        assert!(err.contains("output.format") && err.contains("expected one of its names, as a string") && !err.contains("wanted"), "{err}");
        // Regression: Rust's type names ("expected usize", "expected f64", "expected struct
        // InputConfig") were the message.
        for (text, said) in [("[run]\nthreads = -1\n", "expected a whole number, 0 or more"), ("[clean]\nthreshold = \"0.5\"\n", "expected a number"), ("input = 3\n", "expected a table of settings")] {
            let err = parse(text).unwrap_err().to_string();
            assert!(err.contains(said) && !err.contains("usize") && !err.contains("f64") && !err.contains("struct"), "{err}");
        }
    }

    #[test]
    fn a_bare_toml_date_huge_thread_counts_and_a_flat_html_depth() {
        // Regressions: `reference_date = 2024-01-31` failed with "invalid type: map"; 100000
        // threads aborted the run; a depth of 0 ran every page's menus into its text.
        let config = parse("[tag]\nreference_date = 2024-01-31\n").unwrap();
        assert_eq!(config.tag.reference_date.as_deref(), Some("2024-01-31"));
        let config = parse("[tag]\nreference_date = 2024-01-31T10:00:00\n").unwrap();
        let err = config.validate(Path::new("pipeline.toml")).unwrap_err().to_string();
        assert!(err.contains("tag.reference_date") && err.contains("YYYY-MM-DD"), "{err}");
        let err = parse("[tag]\nreference_date = 20240131\n").unwrap_err().to_string();
        assert!(err.contains("tag.reference_date") && err.contains("YYYY-MM-DD"), "{err}");
        let err = parse("[tag]\nlanguages = [\"en\"]\n").unwrap().validate(Path::new("pipeline.toml")).unwrap_err().to_string();
        assert!(err.contains("tag.languages") && err.contains("ISO 639-3") && err.contains("\"en\""), "{err}");
        for (text, key) in [("[run]\nthreads = 100000\n", "run.threads"), ("[input]\nmax_html_depth = 0\n", "input.max_html_depth")] {
            let err = parse(text).unwrap().validate(Path::new("pipeline.toml")).unwrap_err().to_string();
            assert!(err.contains(key), "{err}");
        }
    }

    #[test]
    fn unknown_backend_is_named() {
        let err = parse("[tag.tagger]\nbackend = \"magic\"\n").unwrap_err().to_string();
        assert!(err.contains("tag.tagger"), "{err}");
        assert!(err.contains("magic") || err.contains("variant"), "{err}");
    }

    #[test]
    fn backend_defaults_to_model() {
        let config = parse("[tag.tagger]\nmodel = \"sm\"\n").unwrap();
        assert_eq!(config.tag.tagger, TaggerConfig::Model(ModelConfig { model: ModelName::Sm, ..ModelConfig::default() }));
        let config = parse("[tag.tagger]\npatterns = []\nbackend = \"ruler\"\n").unwrap();
        assert_eq!(config.tag.tagger, TaggerConfig::Ruler(RulerConfig::default()));
    }

    #[test]
    fn tagger_errors_name_the_full_key_and_its_line() {
        let cases = [
            ("[tag.tagger]\nmodel = \"lg\"\n", "key `tag.tagger.model`", "(line 2)"),
            ("[tag.tagger]\nbackend = \"model\"\n\nmodel = \"lg\"\n", "key `tag.tagger.model`", "(line 4)"),
            ("[tag.tagger]\nbackend = \"ruler\"\nmodel = \"sm\"\n", "key `tag.tagger.model`", "(line 3)"),
            ("[tag.tagger]\nmodel = \"sm\"\nbackend = \"ruler\"\n", "key `tag.tagger.model`", "(line 2)"),
            ("[tag.tagger]\npatterns = []\n", "key `tag.tagger.patterns`", "(line 2)"),
            ("[tag.tagger]\nbogus = 1\n", "key `tag.tagger.bogus`", "(line 2)"),
            ("[tag.tagger.post]\nconsistency = \"yes\"\n", "key `tag.tagger.post.consistency`", "(line 2)"),
            ("[segment]\nenabled = true\nabbreviations = []\n", "key `segment.abbreviations`", "(line 3)"),
            // Syntax errors (regression: "key `(top level)`").
            ("[aggregate]\nlink_short_names = nope\n", "key `aggregate.link_short_names`", "(line 2)"),
            ("[input]\npaths = [\"a\"]\n[input]\n", "key `input`", "(line 3)"),
            // (Regressions: "key `output`" for an array left open above `[output]`, "key
            // `(top level)`" for a key without its "=".)
            ("[input]\npaths = [\"news\"\n\n[output]\ndir = \"out\"\n", "key `input.paths`", "(line 2)"),
            ("[input]\npaths [\"news\"]\n", "key `input.paths`", "(line 2)"),
            // (Review: a bracket in a comment, and an array over several lines.)
            ("[clean]\nthreshold = 0.5  # in [0, 1)\nhtml_threshold = high\n", "key `clean.html_threshold`", "(line 3)"),
            ("[input]\npaths = [\n  \"news\",\n  \"blogs\",\n\n[output]\ndir = \"out\"\n", "key `input.paths`", "(line 2)"),
        ];
        for (text, key, line) in cases {
            let err = parse(text).unwrap_err().to_string();
            assert!(err.contains(key) && err.contains(line), "{text:?}: {err}");
        }
    }

    #[test]
    fn validation_errors_name_the_line_of_their_key() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pipeline.toml");
        std::fs::write(&path, "[input]\npaths = [\"in\"]\nextensions = [\".txt\"]\n\n[run]\nbatch_documents = 0\n\n[input.jsonl]\ntext_field = \"\"\n").unwrap();
        let err = Settings::resolve(Some(&path), Overrides::default()).unwrap_err().to_string();
        assert!(err.contains("key `input.extensions[0]`: expected an extension without the dot, got \".txt\" (line 3)"), "{err}");
        assert!(err.contains("key `run.batch_documents`: expected a positive number (line 6)"), "{err}");
        // Regression: an empty text field's name was taken (every record then failed).
        assert!(err.contains("key `input.jsonl.text_field`: expected a field name, got an empty string (line 9)"), "{err}");
        assert_eq!(key_line("a = 1\n[x.y]\nb.c = 2\n", "x.y.b.c"), Some(3));
        assert_eq!(key_line("[x]\nb = 2\n", "x.c"), None);
    }

    #[test]
    fn the_ruler_over_the_network_adds_only_the_users_patterns_unless_asked() {
        // Regression (a new user's first hour): the shipped pipeline.toml shows this ruler's
        // built-in patterns and gazetteer off, but both were on, and adding a pattern file that
        // matches nothing changed a dozen mentions. The ruler backend keeps both by default.
        let config = parse("[tag.tagger.ruler]\npatterns = [\"mine.jsonl\"]\n").unwrap();
        let TaggerConfig::Model(model) = &config.tag.tagger else { panic!("the model backend") };
        let ruler = model.ruler.as_ref().unwrap();
        assert!(!ruler.builtin_patterns && !ruler.gazetteer && ruler.patterns.len() == 1);
        assert_eq!(ruler.min_city_population, crate::stages::tag::RulerConfig::default().min_city_population);
        let config = parse("[tag.tagger.ruler]\ngazetteer = true\n").unwrap();
        let TaggerConfig::Model(model) = &config.tag.tagger else { panic!("the model backend") };
        assert!(model.ruler.as_ref().unwrap().gazetteer);
        let config = parse("[tag.tagger]\nbackend = \"ruler\"\n").unwrap();
        let TaggerConfig::Ruler(ruler) = &config.tag.tagger else { panic!("the ruler backend") };
        assert!(ruler.builtin_patterns && ruler.gazetteer);
        assert!(parse("[tag.tagger.ruler]\nbogus = 1\n").unwrap_err().to_string().contains("bogus"));
    }

    #[test]
    fn a_config_saved_as_utf16_is_read() {
        // Regression (a new user's first hour): PowerShell 5's `>` writes UTF-16 with a byte
        // order mark, and the config failed with "stream did not contain valid UTF-8".
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pipeline.toml");
        let text = "\u{feff}[output]\r\nformat = \"csv\"\r\n";
        std::fs::write(&path, text.encode_utf16().flat_map(u16::to_le_bytes).collect::<Vec<u8>>()).unwrap();
        assert_eq!(PipelineConfig::from_file(&path).unwrap().output.format, Format::Csv);
        std::fs::write(&path, b"[output]\nformat = \"csv\" # caf\xe9\n").unwrap();
        let err = PipelineConfig::from_file(&path).unwrap_err().to_string();
        assert!(err.contains("not UTF-8") && err.contains("save the file as UTF-8"), "{err}");
    }

    #[test]
    fn a_never_merge_entry_of_three_names_is_refused() {
        // Regression: `[["a", "b", "c"]]` was read as the pair a, b without a word.
        let err = parse("[aggregate]\nnever_merge = [[\"Paris\", \"Paris Hilton\", \"Hilton\"]]\n").unwrap_err().to_string();
        assert!(err.contains("never_merge") && err.contains("pair 1: expected two names, found 3"), "{err}");
        assert!(parse("[aggregate]\nnever_merge = [[\"Paris\", \"Paris Hilton\"]]\n").is_ok());
    }

    #[test]
    fn bad_format_value_lists_choices() {
        let err = parse("[output]\nformat = \"xlsx\"\n").unwrap_err().to_string();
        assert!(err.contains("output.format"), "{err}");
        assert!(err.contains("parquet"), "{err}");
    }

    #[test]
    fn validation_reports_every_problem() {
        let mut config = PipelineConfig::default();
        config.input.extensions = vec![".txt".into()];
        config.run.batch_documents = 0;
        config.run.batch_bytes = 0;
        let err = config.validate(Path::new("p.toml")).unwrap_err().to_string();
        assert!(err.contains("input.extensions[0]"), "{err}");
        assert!(err.contains("run.batch_documents"), "{err}");
        assert!(err.contains("run.batch_bytes"), "{err}");
    }

    #[test]
    fn cli_overrides_beat_file() {
        let root = &crate::package_dir();
        let overrides = Overrides { format: Some(Format::Csv), threads: Some(3), ..Overrides::default() };
        let settings = Settings::resolve(Some(&root.join("pipeline.toml")), overrides).unwrap();
        assert_eq!(settings.config.output.format, Format::Csv);
        assert_eq!(settings.config.run.threads, 3);
    }
}
