//! Ingest: find source files under the configured inputs (deterministic order) and turn each
//! into one or more [`Document`]s, or a per-document error that names the file and why.
//!
//! Formats: `.txt`/`.md` verbatim; `.html`/`.htm` main text extracted (title + blank line + body);
//! `.jsonl` one document per line; each of them optionally gzip-compressed (`name.ext.gz`).

use std::fs::File;
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::config::{InputConfig, JsonlConfig, DEFAULT_AUTHORS_FIELD, DEFAULT_LANGUAGE_FIELD, DEFAULT_PUBLISHED_FIELD, DEFAULT_TITLE_FIELD};
use crate::document::{Document, Given, Origin, Span};
use crate::error::{DocumentError, RunError};
use crate::shard::Shard;
use crate::stages::clean::metadata::{field_date, iso_date, unix_date};
use crate::stages::clean::Cleaner;

mod blocks;
mod paragraphs;

/// How a source file is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    PlainText,
    Html,
    Jsonl,
    /// A JSON file: an array of records (a scraper's or pandas' export) or one record.
    Json,
}

impl Kind {
    /// Files of records (one document each), not one document per file.
    pub fn holds_records(self) -> bool {
        matches!(self, Kind::Jsonl | Kind::Json)
    }
}

/// A discovered source file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    pub path: PathBuf,
    /// Index of its input root in `input.paths`.
    pub root: usize,
    /// Path relative to the input root, with `/` separators: the doc_id.
    pub relative: String,
    pub kind: Kind,
    pub gzip: bool,
    /// Size and modification time once taken (`Some(None)`: the file could not be stat'ed);
    /// see [`Pending::stamp`].
    pub stamp: Option<Option<(u64, i128)>>,
    /// Its path as the tables show it ([`InputConfig::shown`]).
    pub source: String,
}

impl SourceFile {
    fn origin(&self) -> Origin {
        Origin { doc_id: self.relative.clone(), source: self.source.clone() }
    }

    fn position(&self, line: usize) -> Position {
        Position { root: self.root, relative: self.relative.clone(), line }
    }
}

/// A source the walk could not use (unreadable entry, link leaving the root), as a document
/// failure; `root` as in [`SourceFile`].
#[derive(Debug)]
pub struct WalkError {
    pub origin: Origin,
    pub error: DocumentError,
    pub root: usize,
}

/// Where an input unit stands in input order: its root's index in `input.paths`, its path under
/// the root, then its line (a JSONL record; 0 for a whole file). Directories are walked sorted
/// by name, so paths compare component by component. The manifest is written in this order,
/// which lets a rerun match it against the walk in one pass, holding one line at a time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Position {
    pub root: usize,
    /// `/`-separated, as in the doc_id.
    pub relative: String,
    pub line: usize,
}

impl Position {
    /// The unit's id: the doc_id of a file, `file#L<n>` for a JSONL line (the manifest's key).
    pub fn unit_id(&self) -> String {
        match self.line {
            0 => self.relative.clone(),
            line => format!("{}#L{line}", self.relative),
        }
    }

    /// The order of sources, ignoring lines.
    pub fn cmp_source(&self, other: &Position) -> std::cmp::Ordering {
        self.root.cmp(&other.root).then_with(|| Path::new(&self.relative).cmp(Path::new(&other.relative)))
    }
}

impl Position {
    /// Where `file` stands in input order (its first unit).
    pub fn of_source(file: &SourceFile) -> Position {
        file.position(0)
    }
}

impl Ord for Position {
    fn cmp(&self, other: &Position) -> std::cmp::Ordering {
        self.cmp_source(other).then(self.line.cmp(&other.line))
    }
}

impl PartialOrd for Position {
    fn partial_cmp(&self, other: &Position) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// Classify a file name by the configured extensions; `None` when it is not an input.
pub fn classify(name: &str, extensions: &[String]) -> Option<(Kind, bool)> {
    let lower = name.to_ascii_lowercase();
    let (stem, gzip) = match lower.strip_suffix(".gz") {
        Some(stem) => (stem, true),
        None => (lower.as_str(), false),
    };
    let ext = Path::new(stem).extension()?.to_str()?;
    if !extensions.iter().any(|e| e.eq_ignore_ascii_case(ext)) {
        return None;
    }
    let kind = match ext {
        "html" | "htm" | "xhtml" => Kind::Html,
        // (Scrapy names its JSON Lines feeds .jl; others .jsonlines.)
        "jsonl" | "ndjson" | "jl" | "jsonlines" => Kind::Jsonl,
        "json" => Kind::Json,
        _ => Kind::PlainText,
    };
    Some((kind, gzip))
}

/// Walk every input in order. Directories are walked sorted by name, so the order (and every
/// table) is the same on every run and every machine. Streaming: nothing is collected.
///
/// The output directory and textmill state directories ([`STATE_DIR_NAME`]) are never input,
/// even when they lie inside an input directory.
pub fn discover<'a>(config: &'a InputConfig, output_dir: &Path) -> Result<impl Iterator<Item = Result<SourceFile, WalkError>> + 'a, RunError> {
    let mut roots = Vec::new();
    for input in &config.paths {
        roots.push(InputRoot::parse(input)?);
    }
    let output_dir = std::fs::canonicalize(output_dir).ok();
    let walk = roots.into_iter().enumerate().flat_map(move |(index, root)| root.walk(index, config, output_dir.as_deref()));
    Ok(walk.filter_map(Found::into_file).filter(|found| in_shard(found, config.shard)))
}

/// Whether a found file (or walk error) may hold documents of `shard`: a file's doc_id is its
/// path, known now; a file of records is read by every shard, which keeps its own records.
fn in_shard(found: &Result<SourceFile, WalkError>, shard: Option<Shard>) -> bool {
    match (shard, found) {
        (None, _) => true,
        (Some(_), Ok(file)) if file.kind.holds_records() => true,
        (Some(shard), Ok(file)) => shard.holds(&file.relative),
        (Some(shard), Err(walk)) => shard.holds(&walk.origin.doc_id),
    }
}

/// What the inputs hold, counted before a run starts (walking is cheap next to processing).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Inventory {
    /// Input files other than JSONL (one unit each).
    pub files: u64,
    /// JSONL and JSON files, whose records are counted only when asked ([`Inventory::units`]).
    pub jsonl: Vec<SourceFile>,
    /// `input.max_document_bytes`: a JSON file is read whole, so no larger one is read to count it.
    pub max_document_bytes: u64,
    /// The number of shards the corpus is split into (1 without `--shard`).
    pub shards: u64,
    /// Files under an input directory or glob left out because `input.extensions` does not
    /// list their extension.
    pub skipped_by_extension: u64,
    /// The first few of those files (their paths), to say which.
    pub skipped_examples: Vec<String>,
    /// Whether any input file was found (a shard may hold none of them).
    pub found: bool,
    /// The first glob that matches no file: a mistake on a first run; after one, its files were
    /// deleted (see [`Inventory::mistake`]).
    pub empty_glob: Option<(PathBuf, String)>,
}

impl Inventory {
    /// Input units: a file, or a non-blank line of a JSONL file (which are read to count them).
    pub fn units(&self) -> u64 {
        let records = self.jsonl.iter().map(|file| count_json_lines(file, self.max_document_bytes)).sum::<u64>();
        // A shard keeps about its share of the records (their ids are not read to count them).
        self.files + records.div_ceil(self.shards.max(1))
    }
}

/// Input paths of which one lies inside another (a folder and its subfolder, a folder and a
/// file in it): their files would be read twice, as two documents each.
pub fn refuse_overlapping_inputs(config: &InputConfig) -> Result<(), RunError> {
    let roots: Vec<(usize, &String, PathBuf)> =
        config.paths.iter().enumerate().filter_map(|(i, input)| Some((i, input, std::fs::canonicalize(input).ok()?))).collect();
    for (i, input, path) in &roots {
        // (A file the folder's walk leaves out for its extension is read once: "feed.xml".)
        let walked = path.is_dir() || path.file_name().is_some_and(|name| classify(&name.to_string_lossy(), &config.extensions).is_some());
        // (The same folder named twice: the second is refused.)
        let inside = |(j, _, dir): &&(usize, &String, PathBuf)| walked && j != i && dir.is_dir() && path.starts_with(dir) && (path != dir || j < i);
        if let Some((_, outer, _)) = roots.iter().find(inside) {
            let message = format!("lies inside the input {outer}: its files would be read twice (as two documents each); name one of the two in input.paths");
            return Err(RunError::Input { path: PathBuf::from(input.as_str()), message });
        }
    }
    Ok(())
}

/// The input other than `index` that found the file at `path` already, if any (`read_by`:
/// each file's real path and the input that found it first).
fn read_earlier(read_by: &mut HashMap<PathBuf, usize>, path: &Path, index: usize) -> Option<usize> {
    let real = std::fs::canonicalize(path).ok()?;
    let first = *read_by.entry(real).or_insert(index);
    (first != index).then_some(first)
}

/// How many of the files skipped for their extension are named in the run's summary.
const SKIPPED_EXAMPLES: usize = 3;

/// The input is a glob, not a file or folder of that name.
pub fn is_glob(input: &str) -> bool {
    !Path::new(input).exists() && input.contains(['*', '?', '[', '{'])
}

/// Count the inputs, or say why there is nothing to read: an input path that does not exist.
/// A glob that matches no file, or no input file at all, is for [`Inventory::mistake`] to judge.
pub fn inventory(config: &InputConfig, output_dir: &Path) -> Result<Inventory, RunError> {
    let output = std::fs::canonicalize(output_dir).ok();
    let shards = config.shard.map_or(1, |shard| u64::from(shard.count));
    let mut inventory = Inventory { max_document_bytes: config.max_document_bytes, shards, ..Inventory::default() };
    refuse_overlapping_inputs(config)?;
    // A glob can match files another input reads too ("news" and "news/sport/*.txt"); folders
    // and files inside one another are refused above. (A link in one folder to a file of
    // another is read from both: a choice of the user's, `input.allow_links_outside_root`.)
    let globs = config.paths.len() > 1 && config.paths.iter().any(|input| is_glob(input));
    let mut read_by: HashMap<PathBuf, usize> = HashMap::new();
    for (index, input) in config.paths.iter().enumerate() {
        let root = InputRoot::parse(input)?;
        let is_glob = matches!(root, InputRoot::Glob { .. });
        let (mut found_here, mut skipped) = (0u64, 0u64);
        for found in root.walk(index, config, output.as_deref()) {
            let earlier = match &found {
                Found::File(Ok(file)) if globs => read_earlier(&mut read_by, &file.path, index).map(|first| (file, first)),
                _ => None,
            };
            if let Some((file, first)) = earlier {
                let message = format!(
                    "reads {}, which the input {} reads too: its files would be read twice (as two documents each); name one of the two in input.paths",
                    file.path.display(),
                    config.paths[first]
                );
                return Err(RunError::Input { path: PathBuf::from(input.as_str()), message });
            }
            match found {
                Found::Skipped(path) => {
                    skipped += 1;
                    if inventory.skipped_examples.len() < SKIPPED_EXAMPLES {
                        inventory.skipped_examples.push(path);
                    }
                }
                Found::File(Ok(file)) if file.kind.holds_records() => {
                    found_here += 1;
                    inventory.jsonl.push(file);
                }
                Found::File(found) => {
                    found_here += 1;
                    inventory.files += u64::from(in_shard(&found, config.shard));
                }
            }
        }
        if is_glob && found_here == 0 {
            inventory.empty_glob.get_or_insert_with(|| (input.into(), no_files(config, skipped, &inventory.skipped_examples, "the glob matches no input file")));
        }
        inventory.skipped_by_extension += skipped;
        inventory.found |= found_here > 0;
    }
    Ok(inventory)
}

impl Inventory {
    /// What is wrong with the inputs found: no input file at all, or a glob that matches none,
    /// is a mistake, unless `after_a_run` says a run over the same inputs wrote this output
    /// (the sources were deleted).
    pub fn mistake(mut self, config: &InputConfig, after_a_run: impl FnOnce() -> bool) -> Result<Inventory, RunError> {
        // The last run is read only when something was not found.
        if (self.empty_glob.is_some() || !self.found) && after_a_run() {
            self.empty_glob = None;
            return Ok(self);
        }
        match self.empty_glob.take() {
            Some((path, message)) => Err(RunError::Input { path, message }),
            None if !self.found => Err(nothing_found(config, &self)),
            None => Ok(self),
        }
    }
}

/// The error for inputs emptied after a run (`crate::plan::inputs_emptied`; `run --allow-empty`
/// empties the tables on purpose).
pub fn emptied_inputs(config: &InputConfig) -> RunError {
    let path = PathBuf::from(config.paths.join(", "));
    let message = "no input file found, but the last run into this output read documents from these inputs (is a share \
                   not mounted, or was the folder emptied?); the tables and the cache are kept. To remove every document \
                   from the tables, run with --allow-empty"
        .to_string();
    RunError::Input { path, message }
}

/// The error for inputs that hold no input file (with the files skipped by extension).
fn nothing_found(config: &InputConfig, inventory: &Inventory) -> RunError {
    let path = PathBuf::from(config.paths.join(", "));
    RunError::Input { path, message: no_files(config, inventory.skipped_by_extension, &inventory.skipped_examples, "no input file found") }
}

/// `what` found no file; `skipped` files were left out for their extension (`examples` of them),
/// and what to do about them.
fn no_files(config: &InputConfig, skipped: u64, examples: &[String], what: &str) -> String {
    let extensions = config.extensions.join(", ");
    if skipped == 0 {
        return format!("{what} (input.extensions: {extensions})");
    }
    let mut message = format!("{what}; {skipped} file(s) skipped because input.extensions ({extensions}) does not list their extension");
    // (The extension the skipped files have most.)
    let mut counts: Vec<(usize, String)> = Vec::new();
    for extension in examples.iter().filter_map(|path| Path::new(path).extension()).map(|e| e.to_string_lossy().to_lowercase()) {
        match counts.iter_mut().find(|(_, seen)| *seen == extension) {
            Some((n, _)) => *n += 1,
            None => counts.push((1, extension)),
        }
    }
    if let Some((_, extension)) = counts.iter().max_by_key(|(n, _)| *n) {
        // (A table of documents would be read as one document: it is converted, not listed.)
        if ["csv", "tsv"].contains(&extension.as_str()) {
            message.push_str(&format!(
                "; a .{extension} file is a table, not a document: convert it to JSON Lines, one document a line (pandas: pd.read_csv(path{}).to_json(\"docs.jsonl\", orient=\"records\", lines=True)), and read that",
                if extension == "tsv" { ", sep=\"\\t\"" } else { "" }
            ));
            return message;
        }
        let listed: Vec<String> = config.extensions.iter().chain(std::iter::once(extension)).map(|e| format!("\"{e}\"")).collect();
        message.push_str(&format!(
            "; to read the .{extension} files, list their extension in a config file (`[input]` `extensions = [{}]`, then `--config FILE`), or name the files as inputs (`-i DIR/*.{extension}`, unquoted): a file named is read whatever its extension",
            listed.join(", ")
        ));
    }
    message
}

/// The units of a JSONL or JSON file, as `pending_units` will find them (1 if it cannot be read
/// or is refused).
fn count_json_lines(file: &SourceFile, max_document_bytes: u64) -> u64 {
    if file.kind == Kind::Json {
        return read_bytes(file, max_document_bytes).ok().and_then(|bytes| json_records(&bytes).ok()).map_or(1, |records| records.len().max(1) as u64);
    }
    let Ok(handle) = File::open(&file.path) else { return 1 };
    let mut reader: Box<dyn BufRead> = if file.gzip {
        Box::new(BufReader::new(flate2::read::MultiGzDecoder::new(BufReader::new(handle))))
    } else {
        Box::new(BufReader::with_capacity(1 << 16, handle))
    };
    let (mut lines, mut blank) = (0u64, true);
    loop {
        let chunk = match reader.fill_buf() {
            Ok([]) => break,
            Ok(chunk) => chunk,
            Err(_) => return lines.max(1),
        };
        for &byte in chunk {
            if byte == b'\n' {
                lines += u64::from(!blank);
                blank = true;
            } else if !byte.is_ascii_whitespace() {
                blank = false;
            }
        }
        let used = chunk.len();
        reader.consume(used);
    }
    (lines + u64::from(!blank)).max(1)
}

/// One entry of an input root's walk: a source (or why it cannot be used), or a file left out
/// for its extension.
enum Found {
    File(Result<SourceFile, WalkError>),
    /// A file left out for its extension (its path in the root, as a doc_id is).
    Skipped(String),
}

impl Found {
    fn into_file(self) -> Option<Result<SourceFile, WalkError>> {
        match self {
            Found::File(file) => Some(file),
            Found::Skipped(_) => None,
        }
    }
}

/// The name of textmill's state directory inside an output directory (never walked as input).
pub const STATE_DIR_NAME: &str = ".textmill";

/// One configured input: a file, a directory, or a glob under a base directory.
enum InputRoot {
    File(PathBuf),
    Dir(PathBuf),
    Glob { base: PathBuf, matcher: globset::GlobMatcher },
}

impl InputRoot {
    fn parse(input: &str) -> Result<InputRoot, RunError> {
        let path = PathBuf::from(input);
        if path.is_dir() {
            return Ok(InputRoot::Dir(path));
        }
        if path.is_file() {
            return Ok(InputRoot::File(path));
        }
        if input.contains(['*', '?', '[', '{']) {
            // A glob relative to the working folder is matched against the walk's paths, which
            // start "./" ("2024-05-*/*.txt" matched nothing, "*/*.txt" matched "./top.txt").
            let leading_wildcard = Path::new(input).components().next().is_some_and(|part| part.as_os_str().to_string_lossy().contains(['*', '?', '[', '{']));
            let pattern = if leading_wildcard { format!("./{input}") } else { input.to_string() };
            let glob = globset::GlobBuilder::new(&pattern)
                .literal_separator(true)
                .build()
                .map_err(|err| RunError::Input { path: path.clone(), message: format!("bad glob: {err}") })?;
            // The base is the longest leading part without glob characters.
            let mut base = PathBuf::new();
            for part in Path::new(input).components() {
                if part.as_os_str().to_string_lossy().contains(['*', '?', '[', '{']) {
                    break;
                }
                base.push(part);
            }
            if base.as_os_str().is_empty() {
                base.push(".");
            }
            return Ok(InputRoot::Glob { base, matcher: glob.compile_matcher() });
        }
        match std::fs::metadata(&path) {
            Err(err) => Err(RunError::Input { path, message: err.to_string() }),
            // (A shell's `<(zcat feed.jsonl.gz)` names a pipe: read once, it could never be rerun.)
            Ok(meta) if is_pipe(&meta) => Err(RunError::Input {
                path,
                message: "a pipe (as `<(...)` gives), not a file: name the file itself (a .gz file is read as it is, `-i feed.jsonl.gz`), or pipe JSON Lines into `textmill stream`".into(),
            }),
            Ok(_) => Err(RunError::Input { path, message: "neither a file nor a directory".into() }),
        }
    }

    fn walk<'a>(self, index: usize, config: &'a InputConfig, output_dir: Option<&Path>) -> Box<dyn Iterator<Item = Found> + 'a> {
        match self {
            InputRoot::File(path) => {
                let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                // A file named explicitly is read whatever its extension (as plain text if
                // unknown), except a table of documents, which would become one document.
                // (`.ndjson`, as polars, BigQuery and Elasticsearch name JSON Lines, is JSONL.)
                let readable = ["txt", "md", "html", "htm", "jsonl", "ndjson", "jl", "jsonlines", "json"].map(String::from);
                let known = classify(&name, &config.extensions).or_else(|| classify(&name, &readable));
                let lower = name.to_ascii_lowercase();
                let stem = lower.strip_suffix(".gz").unwrap_or(&lower);
                let refused = |error: DocumentError| {
                    let origin = Origin { doc_id: name.clone(), source: config.shown(&path) };
                    Box::new(std::iter::once(Found::File(Err(WalkError { origin, error, root: index }))))
                };
                if let (None, Some(table)) = (known, [".csv", ".tsv"].into_iter().find(|ext| stem.ends_with(ext))) {
                    // (Its first rows say how to read it; a .gz is not opened for that.)
                    let mut head = Vec::new();
                    let read = !lower.ends_with(".gz") && File::open(&path).and_then(|file| file.take(64 * 1024).read_to_end(&mut head)).is_ok();
                    let head = read.then(|| String::from_utf8_lossy(&head).into_owned());
                    return refused(DocumentError::Table(crate::error::TableShape::sniff(&table[1..], head.as_deref())));
                }
                if let Some((what, how)) = known.is_none().then(|| not_text(stem)).flatten() {
                    return refused(DocumentError::Format { what, how });
                }
                let (kind, gzip) = known.unwrap_or((Kind::PlainText, lower.ends_with(".gz")));
                Box::new(std::iter::once(Found::File(Ok(SourceFile { source: config.shown(&path), path, root: index, relative: name, kind, gzip, stamp: None }))))
            }
            InputRoot::Dir(base) => Box::new(walk_dir(base, index, None, config, output_dir)),
            // A glob whose folder is missing matches nothing (see `Inventory::empty_glob`).
            InputRoot::Glob { base, .. } if !base.is_dir() => Box::new(std::iter::empty()),
            InputRoot::Glob { base, matcher } => Box::new(walk_dir(base, index, Some(matcher), config, output_dir)),
        }
    }
}

/// What a file named as an input is when its extension says it holds no text (read as text,
/// it would be one document of markup or bytes), and how to make text of it.
fn not_text(name: &str) -> Option<(&'static str, &'static str)> {
    let extension = name.rsplit_once('.').map_or("", |(_, extension)| extension);
    Some(match extension {
        "rtf" | "doc" | "docx" | "odt" => ("a word processor's document", "save it as plain text (.txt), or convert it: pandoc FILE -t plain -o FILE.txt"),
        "mhtml" | "mht" => ("a web archive (MHTML)", "save the page as \"Web Page, HTML only\" (.html) instead"),
        "eml" | "mbox" | "msg" => ("a saved e-mail (MIME)", "save the message's text as .txt, or its HTML part as .html"),
        "pdf" => ("a PDF", "extract its text first: pdftotext FILE.pdf FILE.txt"),
        "zip" | "tar" | "tgz" | "7z" | "rar" => ("an archive", "unpack it and name the folder as an input"),
        "zst" | "xz" | "bz2" | "lz4" | "lzma" => (
            "a compressed file (textmill reads gzip's .gz)",
            "decompress it first (zstd -d, xz -d, bunzip2 or lz4 -d FILE), or recompress it with gzip",
        ),
        "parquet" | "feather" | "arrow" => (
            "a table (Parquet or Arrow)",
            "convert it to JSONL (pandas: pd.read_parquet(path).to_json(\"docs.jsonl\", orient=\"records\", lines=True))",
        ),
        _ => return None,
    })
}

/// The folder a browser's "Save Page As" writes beside the page ("Story.html" and "Story_files"
/// with its frames, scripts and images): not documents of their own.
fn saved_page_files(entry: &walkdir::DirEntry) -> bool {
    entry.file_type().is_dir() && saved_page_folder(entry.path())
}

/// What a site-mirroring tool writes beside the pages it saves: HTTrack's `hts-cache` folder and
/// `hts-log.txt`, and a site's `robots.txt` of crawler rules (wget, HTTrack; a user's article
/// of that name is read): no articles, and their words would be entities ("HTTrack").
fn mirror_tool_file(entry: &walkdir::DirEntry) -> bool {
    let name = entry.file_name().as_encoded_bytes();
    match entry.file_type().is_dir() {
        true => name == b"hts-cache",
        false if name == b"robots.txt" => crawler_rules(entry.path()),
        false => matches!(name, b"hts-log.txt" | b"hts-err.txt"),
    }
}

/// The file opens with a robots.txt's rules ("User-agent: *", after comments or blank lines).
fn crawler_rules(path: &Path) -> bool {
    let mut head = Vec::new();
    let read = File::open(path).and_then(|file| file.take(4096).read_to_end(&mut head));
    read.is_ok()
        && String::from_utf8_lossy(&head)
            .lines()
            .map(str::trim)
            .find(|line| !line.is_empty() && !line.starts_with('#'))
            .is_some_and(|line| line.to_ascii_lowercase().starts_with("user-agent:"))
}

/// `path` names a browser's `Page_files` folder beside its `Page.html` (see [`saved_page_files`]),
/// or one whose page was renamed: a `_files` folder holding a page's scripts or style sheets
/// (a user's folder of articles holds none).
fn saved_page_folder(path: &Path) -> bool {
    let Some(stem) = path.file_name().and_then(|name| name.to_str()).and_then(|name| name.strip_suffix("_files")) else { return false };
    let beside_page = ["html", "htm", "xhtml", "HTML", "HTM"].iter().any(|extension| path.with_file_name(format!("{stem}.{extension}")).is_file());
    let page_resource = |entry: std::fs::DirEntry| Path::new(&entry.file_name()).extension().is_some_and(|extension| extension.eq_ignore_ascii_case("js") || extension.eq_ignore_ascii_case("css"));
    beside_page || std::fs::read_dir(path).is_ok_and(|entries| entries.flatten().any(page_resource))
}

/// A name the walk leaves out: the lock file an Office program keeps beside a document it has
/// open (`~$report.txt`, never a document), and a hidden file or folder (its name starts with a
/// dot) unless `include_hidden`.
pub fn left_out(name: &std::ffi::OsStr, include_hidden: bool) -> bool {
    let name = name.as_encoded_bytes();
    name.starts_with(b"~$") || !include_hidden && name.first() == Some(&b'.')
}

/// The glob names `path`, or a folder it is in below the glob's `base`: a folder the glob
/// matches is read as a folder named as an input is, as the shell would pass it
/// ("data/2024-05-*" reads the days' folders).
fn glob_names(matcher: &globset::GlobMatcher, base: &Path, path: &Path) -> bool {
    path.ancestors().take_while(|part| part.starts_with(base) && *part != base).any(|part| matcher.is_match(part))
}

fn walk_dir<'a>(
    base: PathBuf,
    root: usize,
    matcher: Option<globset::GlobMatcher>,
    config: &'a InputConfig,
    output_dir: Option<&Path>,
) -> impl Iterator<Item = Found> + 'a {
    let canonical_base = std::fs::canonicalize(&base).unwrap_or_else(|_| base.clone());
    // The output directory as the walk spells it, when it lies under this root.
    let inside = output_dir.and_then(|dir| dir.strip_prefix(&canonical_base).ok());
    let skipped = inside.filter(|inside| !inside.as_os_str().is_empty()).map(|inside| base.join(inside));
    // An output directory that is the root itself: its tables and report are not sources.
    let output_is_root = inside.is_some_and(|inside| inside.as_os_str().is_empty());
    // Sorted by name, so the tables come out in the same order on every run; the output
    // directory and any state directory are left out (the root itself is always walked).
    let walk_base = canonical_base.clone();
    let walk = walkdir::WalkDir::new(&base)
        .follow_links(config.follow_symlinks)
        .sort_by(|a, b| name_bytes(a).cmp(name_bytes(b)))
        .into_iter()
        .filter_entry(move |entry| {
            let output_file = output_is_root && entry.depth() == 1 && entry.file_name().to_str().is_some_and(crate::tables::is_output_name);
            let hidden = left_out(entry.file_name(), config.include_hidden);
            // A followed link to a folder the walk reads anyway ("latest -> 2024/march") would
            // give its files twice, under two doc_ids.
            let read_there = config.follow_symlinks && entry.path_is_symlink() && entry.file_type().is_dir() && folder_walked(entry.path(), &walk_base, config);
            entry.depth() == 0 || !(entry.file_name() == STATE_DIR_NAME || skipped.as_deref() == Some(entry.path()) || output_file || hidden || read_there || saved_page_files(entry) || mirror_tool_file(entry))
        });
    walk.filter_map(move |walked| {
        let (path, is_symlink, regular) = match walked {
            // The root is a directory, also when a link to one names it (walkdir then gives its
            // entry the link's type).
            Ok(entry) if entry.depth() == 0 || entry.file_type().is_dir() => return None,
            // A link to a directory that is not followed: said, unless the walk reads its folder.
            // (A glob names the files it wants, or the folder: "data/2024-05-*" the linked day.)
            Ok(entry) if entry.path_is_symlink() && entry.path().is_dir() && matcher.as_ref().is_some_and(|matcher| !glob_names(matcher, &base, entry.path())) => return None,
            // (One to a folder the walk reads is read there already: "latest -> 2024-06", a
            // loop; not one to a hidden folder.)
            Ok(entry) if entry.path_is_symlink() && entry.path().is_dir() => {
                if folder_walked(entry.path(), &canonical_base, config) {
                    return None;
                }
                let target = std::fs::canonicalize(entry.path()).unwrap_or_default();
                let origin = Origin { doc_id: relative_id(&base, entry.path()), source: config.shown(entry.path()) };
                let message = format!(
                    "symbolic link to the folder {}, which the walk does not read, not followed (set input.follow_symlinks = true, and input.allow_links_outside_root = true for a folder outside the input, to read its files; or input.include_hidden = true for a hidden folder inside it)",
                    target.display()
                );
                return Some(Found::File(Err(WalkError { origin, error: DocumentError::Unreadable(message), root })));
            }
            Ok(entry) => {
                // (A link's target decides: a link to a named pipe is one.)
                let regular = match entry.path_is_symlink() {
                    true => std::fs::metadata(entry.path()).map_or(true, |meta| meta.is_file()),
                    false => entry.file_type().is_file(),
                };
                (entry.path().to_path_buf(), entry.path_is_symlink(), regular)
            }
            Err(err) => {
                let path = err.path().map_or_else(|| base.clone(), Path::to_path_buf);
                let relative = relative_id(&base, &path);
                let origin = Origin { doc_id: relative, source: config.shown(&path) };
                return Some(Found::File(Err(WalkError { origin, error: DocumentError::Unreadable(err.to_string()), root })));
            }
        };
        if let Some(matcher) = &matcher {
            if !glob_names(matcher, &base, &path) {
                return None;
            }
        }
        let name = path.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
        // A link to a file the walk reads anyway is read there ("latest.txt -> 2024/story.txt"):
        // a second document of the same text would count its entities twice. (With a glob, a
        // file it names too: "in/**/*.txt".)
        if is_symlink && regular {
            let target = std::fs::canonicalize(&path).unwrap_or_default();
            // (As the walk would take it: not hidden, not in a saved page's folder, of an
            // extension it reads.)
            let read_there = target.strip_prefix(&canonical_base).is_ok_and(|inside| {
                let target_name = inside.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
                let saved_page = target.ancestors().take_while(|folder| folder.starts_with(&canonical_base)).any(saved_page_folder);
                let globbed = matcher.as_ref().is_none_or(|matcher| glob_names(matcher, &base, &base.join(inside)));
                !inside.components().any(|part| left_out(part.as_os_str(), config.include_hidden)) && !saved_page && classify(&target_name, &config.extensions).is_some() && globbed
            });
            if read_there {
                return None;
            }
        }
        let Some((kind, gzip)) = classify(&name, &config.extensions) else { return Some(Found::Skipped(relative_id(&base, &path))) };
        let relative = relative_id(&base, &path);
        let unread = |message: String| {
            let origin = Origin { doc_id: relative.clone(), source: config.shown(&path) };
            Some(Found::File(Err(WalkError { origin, error: DocumentError::Unreadable(message), root })))
        };
        // A named pipe would block the run forever, a device be read to the size limit.
        if !regular {
            return unread("not a regular file (a named pipe, socket or device): not read".into());
        }
        if path.to_str().is_none() {
            return unread("the file name is not valid UTF-8 (its doc_id shows the bytes as \\xNN): rename the file to read it, as a doc_id must name its file".into());
        }
        // A link (or a file inside a followed directory link) may lead outside the root.
        if !config.allow_links_outside_root && (is_symlink || config.follow_symlinks) {
            if let Ok(target) = std::fs::canonicalize(&path) {
                if !target.starts_with(&canonical_base) {
                    return unread(format!(
                        "symbolic link to {} leaves the input root {} (set input.allow_links_outside_root = true to read it)",
                        target.display(),
                        canonical_base.display()
                    ));
                }
            }
        }
        Some(Found::File(Ok(SourceFile { relative, source: config.shown(&path), path, root, kind, gzip, stamp: None })))
    })
}

/// A named pipe (what a shell's `<(...)` names).
fn is_pipe(meta: &std::fs::Metadata) -> bool {
    #[cfg(unix)]
    return std::os::unix::fs::FileTypeExt::is_fifo(&meta.file_type());
    #[cfg(not(unix))]
    return false;
}

/// The folder `link` leads to is one the walk of `canonical_base` reads (not a hidden one).
fn folder_walked(link: &Path, canonical_base: &Path, config: &InputConfig) -> bool {
    let target = std::fs::canonicalize(link).unwrap_or_default();
    target.strip_prefix(canonical_base).is_ok_and(|inside| !inside.components().any(|part| left_out(part.as_os_str(), config.include_hidden)))
}

/// An entry's name as bytes, cut from the end of its path: walkdir's `sort_by_file_name` parses
/// the path's components for every comparison, which took a quarter of the instructions of a
/// 10,000-file rerun. The order is the same (names compare as bytes).
fn name_bytes(entry: &walkdir::DirEntry) -> &[u8] {
    let path = entry.path().as_os_str().as_encoded_bytes();
    path.rsplit(|&byte| byte.is_ascii() && std::path::is_separator(byte as char)).next().unwrap_or(path)
}

/// A path relative to its input root, `/`-separated: the doc_id. Bytes of a name that are no
/// UTF-8 show as `\xNN`, so that two such names stay two ids.
fn relative_id(base: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(base).unwrap_or(path);
    relative.components().map(|c| crate::files::path_text(c.as_os_str())).collect::<Vec<_>>().join("/")
}

/// Read a whole file (decompressing `.gz`), refusing more than `limit` bytes.
pub fn read_bytes(file: &SourceFile, limit: u64) -> Result<Vec<u8>, DocumentError> {
    let handle = File::open(&file.path).map_err(|err| match std::fs::read_link(&file.path) {
        Ok(target) if err.kind() == std::io::ErrorKind::NotFound => DocumentError::Unreadable(format!("broken symbolic link: its target {} does not exist", target.display())),
        _ => DocumentError::Unreadable(err.to_string()),
    })?;
    let size = handle.metadata().map_err(|err| DocumentError::Unreadable(err.to_string()))?.len();
    if !file.gzip && size > limit {
        return Err(DocumentError::TooLarge { size, limit });
    }
    let mut bytes = Vec::with_capacity(if file.gzip { 0 } else { size as usize });
    if file.gzip {
        // Cap the inflated size: a small archive must not expand without bound.
        let mut decoder = flate2::read::MultiGzDecoder::new(BufReader::new(handle)).take(limit + 1);
        decoder.read_to_end(&mut bytes).map_err(|err| DocumentError::BadGzip(err.to_string()))?;
        if bytes.len() as u64 > limit {
            return Err(DocumentError::TooLarge { size: bytes.len() as u64, limit });
        }
    } else {
        let mut reader = handle.take(limit + 1);
        reader.read_to_end(&mut bytes).map_err(|err| DocumentError::Unreadable(err.to_string()))?;
        if bytes.len() as u64 > limit {
            return Err(DocumentError::TooLarge { size: bytes.len() as u64, limit });
        }
    }
    Ok(bytes)
}

/// Text of Latin letters in UTF-16 without its byte order mark: NUL in nearly every other byte
/// (the high byte of each unit) and nowhere else, in the first 8 KiB.
fn utf16_without_mark(bytes: &[u8]) -> Option<DocumentError> {
    let head = &bytes[..bytes.len().min(8192) & !1];
    let units = head.len() / 2;
    let nul_at = |parity: usize| head.iter().skip(parity).step_by(2).filter(|&&b| b == 0).count();
    let (even, odd) = (nul_at(0), nul_at(1));
    let mostly = |count: usize| units >= 8 && count * 10 >= units * 9;
    match (mostly(odd) && even == 0, mostly(even) && odd == 0) {
        (true, false) => Some(DocumentError::Utf16WithoutMark { encoding: "UTF-16LE" }),
        (false, true) => Some(DocumentError::Utf16WithoutMark { encoding: "UTF-16BE" }),
        _ => None,
    }
}

/// Bytes → checked UTF-8 text: not binary, valid UTF-8, not blank.
pub fn decode_text(bytes: Vec<u8>) -> Result<String, DocumentError> {
    // A PDF or an RTF document under a text file's name (a scraper's saved response): said as
    // under its own name (read as text, it would be one document of its markup).
    for (magic, as_named) in [(&b"%PDF-"[..], "file.pdf"), (&b"{\\rtf"[..], "file.rtf")] {
        if let Some((what, how)) = bytes.starts_with(magic).then(|| not_text(as_named)).flatten() {
            return Err(DocumentError::Format { what, how });
        }
    }
    // A site mirror's cookie jar (HTTrack's and wget's `cookies.txt`) beside its pages.
    let opens_with = |prefix: &[u8]| bytes.get(..prefix.len()).is_some_and(|head| head.eq_ignore_ascii_case(prefix));
    if opens_with(b"# netscape http cookie file") || opens_with(b"# http cookie file") {
        return Err(DocumentError::Format { what: "a browser's cookie file (Netscape format)", how: "leave it out of the inputs (a site mirror writes it beside the pages)" });
    }
    // UTF-16 with its byte order mark (Windows PowerShell 5 writes `>` redirects so): decoded;
    // UTF-32 too, whose little-endian mark opens with UTF-16's.
    if let Some(text) = crate::files::decode_with_mark(&bytes) {
        let text = text?;
        return if !text.chars().any(|c| !crate::document::is_blank_char(c)) { Err(DocumentError::Empty) } else { Ok(text) };
    }
    // Like git and ripgrep: a NUL byte near the start means binary (or UTF-16 without its mark).
    if let Some(offset) = bytes.iter().take(8192).position(|&b| b == 0) {
        return Err(utf16_without_mark(&bytes).unwrap_or(DocumentError::Binary { offset }));
    }
    let text = String::from_utf8(bytes).map_err(|err| DocumentError::invalid_utf8(err.as_bytes(), &err.utf8_error()))?;
    // (A byte order mark alone is empty too: Notepad's empty file.)
    if !text.chars().any(|c| !crate::document::is_blank_char(c)) {
        return Err(DocumentError::Empty);
    }
    Ok(text)
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut hex = String::with_capacity(64);
    for byte in digest {
        use std::fmt::Write;
        let _ = write!(hex, "{byte:02x}");
    }
    hex
}

/// What the last run recorded of a record (see [`Pending::Recorded`]).
#[derive(Debug, Clone)]
pub struct Recorded {
    pub doc_id: String,
    pub sha256: Option<String>,
    /// The file's size and modification time then (and now).
    pub size: u64,
    pub mtime_ns: i128,
    /// A mark of another shard's records in the file.
    pub elsewhere: bool,
    /// The stage and message of the record's failure then, which stands (see
    /// [`crate::manifest::Stamp::replayable_failure`]).
    pub failure: Option<(String, String)>,
}

/// A unit of ingest work: a whole file, or one JSONL line already read.
#[derive(Debug)]
pub enum Pending {
    File(SourceFile),
    JsonLine { file: SourceFile, line_number: usize, line: String },
    /// A record of a JSONL or JSON file unchanged since the last run, as that run recorded it
    /// (its document's id and content hash, or a mark of another shard's records): its
    /// document comes from the cache, the file unread.
    Recorded { file: SourceFile, line_number: usize, recorded: Recorded },
    Failed(Origin, DocumentError, Position),
}

impl Pending {
    /// The file this unit is read from (none for a failure found while walking).
    pub fn path(&self) -> Option<&Path> {
        match self {
            Pending::File(file) | Pending::JsonLine { file, .. } | Pending::Recorded { file, .. } => Some(&file.path),
            Pending::Failed(..) => None,
        }
    }

    /// Where the unit stands in input order.
    pub fn position(&self) -> Position {
        match self {
            Pending::File(file) => file.position(0),
            Pending::JsonLine { file, line_number, .. } | Pending::Recorded { file, line_number, .. } => file.position(*line_number),
            Pending::Failed(_, _, position) => position.clone(),
        }
    }

    /// Bytes this unit will read, as far as is known without reading it (for batching). For a
    /// file this takes its stamp, which the run then uses (one `stat` per file, not two).
    pub fn size_hint(&mut self) -> u64 {
        match self {
            Pending::File(file) => {
                let path = &file.path;
                file.stamp.get_or_insert_with(|| crate::files::file_stamp(path)).map_or(0, |(size, _)| size)
            }
            Pending::JsonLine { line, .. } => line.len() as u64,
            Pending::Recorded { .. } | Pending::Failed(..) => 0,
        }
    }

    /// Size and modification time of the file this unit is read from, taken before it is read:
    /// the one [`Pending::size_hint`] took, or now. `None` if it cannot be stat'ed.
    pub fn stamp(&self) -> Option<(u64, i128)> {
        match self {
            Pending::File(SourceFile { stamp: Some(stamp), .. }) => *stamp,
            Pending::Recorded { recorded, .. } => Some((recorded.size, recorded.mtime_ns)),
            // A bad line of a readable file has the file's stamp (a file is compared by its
            // first line's: with none, it was "changed" after every run).
            // So does a .json file that fails whole (bad JSON, empty, a corrupt .gz, over the size
            // limit); not what the walk could not take (stamped 0/0 until it can).
            Pending::Failed(origin, error, position) if position.line > 0 || !matches!(error, DocumentError::Unreadable(_) | DocumentError::Table(_) | DocumentError::Format { .. }) => {
                crate::files::file_stamp(Path::new(&origin.source))
            }
            _ => self.path().and_then(crate::files::file_stamp),
        }
    }

    pub fn origin(&self) -> Origin {
        match self {
            Pending::File(file) => file.origin(),
            Pending::JsonLine { file, line_number, .. } => {
                let mut origin = file.origin();
                let at = RecordAt { number: *line_number, in_array: file.kind == Kind::Json };
                origin.doc_id = format!("{}#{}", file.relative, at.fallback_id());
                origin
            }
            Pending::Recorded { file, recorded, .. } => Origin { doc_id: recorded.doc_id.clone(), source: file.source.clone() },
            Pending::Failed(origin, ..) => origin.clone(),
        }
    }
}

/// The record at `line_number` of a JSONL or JSON file, read again (a recorded record whose
/// cache entry is gone).
pub fn reread_record(file: &SourceFile, line_number: usize, config: &InputConfig) -> Pending {
    let units = pending_units(std::iter::once(Ok(file.clone())), config);
    let mut units = units;
    units.find(|unit| unit.position().line == line_number).unwrap_or_else(|| {
        let at = RecordAt { number: line_number, in_array: file.kind == Kind::Json };
        let origin = Origin { doc_id: format!("{}#{}", file.relative, at.fallback_id()), source: file.source.clone() };
        Pending::Failed(origin, DocumentError::Unreadable(format!("{} is no longer in the file", at.describe())), file.position(line_number))
    })
}

/// Expand discovered files into pending units; JSONL files are read line by line here (cheap,
/// sequential) so that their documents are parsed in parallel like any other.
pub fn pending_units<'a>(
    files: impl Iterator<Item = Result<SourceFile, WalkError>> + 'a,
    config: &'a InputConfig,
) -> impl Iterator<Item = Pending> + 'a {
    files.flat_map(move |found| -> Box<dyn Iterator<Item = Pending> + 'a> {
        match found {
            Err(WalkError { origin, error, root }) => {
                let position = Position { root, relative: origin.doc_id.clone(), line: 0 };
                Box::new(std::iter::once(Pending::Failed(origin, error, position)))
            }
            Ok(file) if file.kind == Kind::Jsonl => jsonl_lines(file, config.max_document_bytes),
            Ok(file) if file.kind == Kind::Json => json_file_records(file, config.max_document_bytes, &config.jsonl.text_field),
            Ok(file) => Box::new(std::iter::once(Pending::File(file))),
        }
    })
}

fn jsonl_lines<'a>(file: SourceFile, limit: u64) -> Box<dyn Iterator<Item = Pending> + 'a> {
    let handle = match File::open(&file.path) {
        Ok(handle) => handle,
        Err(err) => return Box::new(std::iter::once(Pending::Failed(file.origin(), DocumentError::Unreadable(err.to_string()), file.position(0)))),
    };
    let raw: Box<dyn Read> = if file.gzip { Box::new(flate2::read::MultiGzDecoder::new(BufReader::new(handle))) } else { Box::new(handle) };
    // A file opening with a UTF-16 byte order mark is read as the UTF-8 it decodes to; any
    // other passes through as it is (invalid UTF-8 is still reported by line).
    let decoded = encoding_rs_io::DecodeReaderBytesBuilder::new().utf8_passthru(true).build(raw);
    let reader: Box<dyn BufRead> = Box::new(BufReader::new(decoded));
    let mut lines = LineReader { reader, limit, line_number: 0, done: false };
    // (A file without a record is said, as an empty .txt or an empty JSON array is.)
    let mut said = false;
    Box::new(std::iter::from_fn(move || loop {
        let Some((line_number, line)) = lines.next() else {
            return (!std::mem::replace(&mut said, true)).then(|| Pending::Failed(file.origin(), DocumentError::Empty, file.position(0)));
        };
        // (A line of byte order marks only is blank too, as `stream` reads it.)
        if line.as_ref().is_ok_and(|line| line.trim_start_matches('\u{feff}').trim().is_empty()) {
            continue;
        }
        said = true;
        let failed = |err| {
            let origin = Origin { doc_id: format!("{}#L{line_number}", file.relative), source: file.source.clone() };
            Some(Pending::Failed(origin, err, file.position(line_number)))
        };
        return match line {
            // Which line, as for every other bad record of the file.
            Err(err @ DocumentError::TooLarge { .. }) => failed(DocumentError::BadRecord { at: format!("line {line_number}"), message: err.to_string() }),
            Err(err) => failed(err),
            Ok(line) => Some(Pending::JsonLine { file: file.clone(), line_number, line }),
        };
    }))
}

/// The records of a JSON file, each as a pending unit numbered from 1. The file is read whole,
/// so it is held to `input.max_document_bytes`; JSON Lines are read record by record.
fn json_file_records<'a>(file: SourceFile, limit: u64, text_field: &str) -> Box<dyn Iterator<Item = Pending> + 'a> {
    let records = read_bytes(&file, limit)
        .map_err(|err| match err {
            DocumentError::TooLarge { size, limit } => DocumentError::JsonTooLarge { size, limit },
            err => err,
        })
        .and_then(|bytes| json_records(&bytes))
        .and_then(|records| match records.as_slice() {
            [one] => envelope(one, text_field).map_or(Ok(records), |how| Err(DocumentError::BadJson(how))),
            _ => Ok(records),
        });
    match records {
        Ok(records) => Box::new(
            records.into_iter().enumerate().map(move |(i, record)| Pending::JsonLine { file: file.clone(), line_number: i + 1, line: record.to_string() }),
        ),
        Err(err) => Box::new(std::iter::once(Pending::Failed(file.origin(), err, file.position(0)))),
    }
}

/// The objects of a text of JSON Lines, when every non-blank line is one (two at least).
fn json_lines_in(bytes: &[u8]) -> Option<Vec<serde_json::Value>> {
    let lines: Vec<&[u8]> = bytes.split(|&b| b == b'\n').filter(|line| !line.trim_ascii().is_empty()).collect();
    (lines.len() >= 2).then_some(())?;
    lines.iter().map(|line| lenient_json(line).ok().filter(|v| v.is_object())).collect()
}

/// JSON as Python writes it: a bare `NaN` or `Infinity` (json.dumps of a float) is null.
fn lenient_json(bytes: &[u8]) -> Result<serde_json::Value, serde_json::Error> {
    serde_json::from_slice(bytes).or_else(|err| {
        let fixed = std::str::from_utf8(bytes).ok().and_then(with_non_finite_as_null);
        fixed.and_then(|fixed| serde_json::from_str(&fixed).ok()).ok_or(err)
    })
}

/// A JSON file's records: the elements of its top-level array, or the object it holds (or, for
/// JSON Lines named `.json`, the object of each line).
fn json_records(bytes: &[u8]) -> Result<Vec<serde_json::Value>, DocumentError> {
    let bad = |message: String| DocumentError::BadJson(message);
    let utf16 = crate::files::decode_with_mark(bytes).transpose()?;
    let bytes = utf16.as_ref().map_or(bytes, |text| text.as_bytes());
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    let whole = match lenient_json(bytes) {
        Ok(value) => value,
        // JSON Lines saved as `.json` (many exporters name them so): its lines, when each is an object.
        Err(err) => return json_lines_in(bytes).ok_or_else(|| bad(format!("invalid JSON: {err}"))),
    };
    match whole {
        serde_json::Value::Array(records) if records.is_empty() => Err(DocumentError::Empty),
        serde_json::Value::Array(records) => Ok(records),
        record @ serde_json::Value::Object(_) => Ok(vec![record]),
        _ => Err(bad("expected an array of objects (one per document) or one object".into())),
    }
}

/// How to turn a JSON object that holds records, rather than being one (it has no `text_field`),
/// into JSON Lines: an API response (`{"status": "ok", "articles": [...]}`) or a pandas
/// DataFrame written by column (`df.to_json(path)`, `orient="split"`).
fn envelope(record: &serde_json::Value, text_field: &str) -> Option<String> {
    let object = record.as_object().filter(|object| !field(object, text_field).is_some_and(serde_json::Value::is_string))?;
    // (By column, the text field is a column too: `{"text": {"0": "...", "1": "..."}}`.)
    let by_column = !object.is_empty() && object.values().all(|value| value.as_object().is_some_and(|column| column.keys().all(|key| key.bytes().all(|b| b.is_ascii_digit()))));
    let split = object.contains_key("columns") && object.contains_key("data");
    if by_column || split {
        return Some("the file is a pandas DataFrame written by column (df.to_json(path)): write it as records, df.to_json(\"docs.jsonl\", orient=\"records\", lines=True)".to_string());
    }
    if field(object, text_field).is_some() {
        return None;
    }
    let records = |value: &serde_json::Value| value.as_array().filter(|items| !items.is_empty() && items.iter().all(serde_json::Value::is_object)).map(Vec::len);
    // (Or one level down, as a news API's saved page holds them: the Guardian's
    // `response.results`, the New York Times' `response.docs`.)
    // (An envelope of a few fields around articles of several fields each; not a record whose
    // metadata holds a list, `"meta": {"tags": [{"name": "x"}]}`.)
    let articles = |value: &serde_json::Value| records(value).filter(|_| value[0].as_object().is_some_and(|first| first.len() >= 3));
    let (field, n) = object.iter().find_map(|(field, value)| records(value).map(|n| (field.clone(), n))).or_else(|| {
        let envelope = object.len() <= 4;
        object.iter().filter(|_| envelope).find_map(|(outer, value)| value.as_object()?.iter().find_map(|(inner, value)| articles(value).map(|n| (format!("{outer}.{inner}"), n))))
    })?;
    Some(format!("the file is one JSON object whose field `{field}` holds {n} records, not a record: make them JSON Lines (jq -c '.{field}[]' FILE > docs.jsonl)"))
}

/// Reads lines with a length cap: an over-long line is skipped (reported) without being held.
struct LineReader {
    reader: Box<dyn BufRead>,
    limit: u64,
    line_number: usize,
    done: bool,
}

impl LineReader {
    fn next(&mut self) -> Option<(usize, Result<String, DocumentError>)> {
        if self.done {
            return None;
        }
        self.line_number += 1;
        let mut buffer = Vec::new();
        let mut too_long = false;
        let mut total: u64 = 0;
        loop {
            let available = match self.reader.fill_buf() {
                Ok(available) => available,
                Err(err) => {
                    self.done = true;
                    let message = if err.kind() == std::io::ErrorKind::InvalidInput || err.kind() == std::io::ErrorKind::InvalidData {
                        DocumentError::BadGzip(err.to_string())
                    } else {
                        DocumentError::Unreadable(err.to_string())
                    };
                    return Some((self.line_number, Err(message)));
                }
            };
            if available.is_empty() {
                self.done = true;
                if total == 0 {
                    return None;
                }
                break;
            }
            let (chunk, found_newline) = match available.iter().position(|&b| b == b'\n') {
                Some(at) => (&available[..=at], true),
                None => (available, false),
            };
            let used = chunk.len();
            total += used as u64;
            if total > self.limit {
                too_long = true;
            } else {
                buffer.extend_from_slice(chunk);
            }
            self.reader.consume(used);
            if found_newline {
                break;
            }
        }
        if too_long {
            return Some((self.line_number, Err(DocumentError::TooLarge { size: total, limit: self.limit })));
        }
        if buffer.last() == Some(&b'\n') {
            buffer.pop();
            if buffer.last() == Some(&b'\r') {
                buffer.pop();
            }
        }
        let line = String::from_utf8(buffer).map_err(|err| DocumentError::invalid_utf8(err.as_bytes(), &err.utf8_error()));
        Some((self.line_number, line))
    }
}

/// Read one pending unit into a document (runs on the worker threads).
pub fn load(pending: Pending, config: &InputConfig) -> Result<Document, (Origin, DocumentError)> {
    let origin = pending.origin();
    let loaded = match pending {
        Pending::Failed(origin, err, _) => return Err((origin, err)),
        // (The worker reads a recorded record again before it loads it.)
        Pending::Recorded { file, line_number, .. } => return load(reread_record(&file, line_number, config), config),
        Pending::File(file) => load_file(&file, config),
        Pending::JsonLine { file, line_number, line } => {
            return load_json_line(&file, line_number, &line, &config.jsonl).map_err(|err| {
                let named = record_id(&line, &config.jsonl).map(|id| Origin { doc_id: format!("{}#{id}", file.relative), ..origin.clone() });
                (named.unwrap_or(origin), err)
            });
        }
    };
    loaded.map_err(|err| (origin, err))
}

/// What a file's first record says of the config's field names: a field it lacks (see
/// [`fields_not_in`]), a date it holds that textmill cannot read (see [`unread_date`]). Its
/// records are numbered by `numbered_by` ("line number").
pub fn first_record_warnings(line: &str, fields: &JsonlConfig, numbered_by: &str) -> Vec<String> {
    let mut warnings: Vec<String> = fields_not_in(line, fields)
        .into_iter()
        .map(|(key, field)| {
            let what = match key {
                "title_field" => "title",
                "published_field" => "publication date",
                "authors_field" => "authors",
                "language_field" => "declared language",
                _ => &format!("id of their own (their doc_id is their {numbered_by})"),
            };
            let advice = field_named_like(line, key).map(|name| format!("; its `{name}` holds one: set input.jsonl.{key} = \"{name}\"")).unwrap_or_default();
            format!("its first record has no field `{field}` (input.jsonl.{key}); records without it get no {what}{advice}")
        })
        .collect();
    if let Some(value) = unread_date(line, fields) {
        warnings.push(format!("its first record's `{}` (input.jsonl.published_field), {value}, is no date textmill reads; records written so take their publication date from their text, if it shows one", fields.published_field));
    }
    // (Under the default name too: a doc_id that is a line's number moves when a record is
    // inserted above it, and tables kept from an earlier run then join to other articles.)
    let default_id = fields.id_field == JsonlConfig::default().id_field;
    if let (true, Ok(serde_json::Value::Object(record))) = (default_id, lenient_json(line.as_bytes())) {
        if id_of(&record, fields).is_none() {
            let advice = identifying_field(&record).map(|name| format!("; its `{name}` may name it: set input.jsonl.id_field = \"{name}\"")).unwrap_or_default();
            warnings.push(format!(
                "its first record has no `{}` (input.jsonl.id_field): records without one are named by their {numbered_by}, which moves when a record is inserted above them (their rows then join to other articles, and a rerun processes them again){advice}",
                fields.id_field
            ));
        }
    }
    warnings
}

/// The field of a record that most likely identifies it, when it has no id: its link, or a
/// field whose name says it is an id.
fn identifying_field(record: &serde_json::Map<String, serde_json::Value>) -> Option<String> {
    let holds = |value: &serde_json::Value| value.as_str().is_some_and(|text| !text.trim().is_empty()) || value.is_number();
    const NAMES: &[&str] = &["url", "link", "guid", "uuid", "uri", "_id"];
    NAMES
        .iter()
        .find_map(|name| record.get(*name).filter(|value| holds(value)).map(|_| name.to_string()))
        .or_else(|| record.iter().find(|(name, value)| (name.ends_with("_id") || name.ends_with("Id")) && holds(value)).map(|(name, _)| name.clone()))
}

/// The field of `line`, a record, whose name and value say it is what the config's `key` looks
/// for (news-please's `date_publish` for a `published_field` of "date_published").
fn field_named_like(line: &str, key: &str) -> Option<String> {
    let Ok(serde_json::Value::Object(record)) = lenient_json(line.as_bytes()) else { return None };
    let (words, holds): (&[&str], fn(&serde_json::Value) -> bool) = match key {
        "title_field" => (&["title", "headline"], |value| value.as_str().is_some_and(|text| !text.trim().is_empty())),
        "published_field" => (&["date", "publish", "time", "created", "issued"], |value| published_date(value).is_some()),
        "authors_field" => (&["author", "byline", "creator", "writer"], |value| authors_in(value).is_some()),
        _ => return None,
    };
    record.iter().find(|(name, value)| words.iter().any(|word| name.to_lowercase().contains(word)) && holds(value)).map(|(name, _)| name.clone())
}

/// The optional fields the config names differently from the defaults (`published_field =
/// "date_published"`) that `line`, a record, lacks: most likely a misspelt name, which would give
/// every record a null.
fn fields_not_in<'a>(line: &str, fields: &'a JsonlConfig) -> Vec<(&'static str, &'a str)> {
    let Ok(serde_json::Value::Object(record)) = lenient_json(line.as_bytes()) else { return Vec::new() };
    let default = JsonlConfig::default();
    [
        ("title_field", &fields.title_field, &default.title_field),
        ("published_field", &fields.published_field, &default.published_field),
        ("authors_field", &fields.authors_field, &default.authors_field),
        ("language_field", &fields.language_field, &default.language_field),
        ("id_field", &fields.id_field, &default.id_field),
    ]
    .into_iter()
    // (`""` reads no such field: nothing to miss.)
    .filter(|(_, name, default)| name != default && !name.is_empty() && field(&record, name).is_none())
    .map(|(key, name, _)| (key, name.as_str()))
    .collect()
}

/// The value of `line`'s (a record's) date field when it holds something that is no date
/// textmill reads, nor a year or a month of one ("2018", "October 2018": a day is not known):
/// every record written alike would take its publication date from its text only.
fn unread_date(line: &str, fields: &JsonlConfig) -> Option<String> {
    let Ok(serde_json::Value::Object(record)) = lenient_json(line.as_bytes()) else {
        return None;
    };
    let value = field(&record, &fields.published_field)?;
    let blank = value.is_null() || value.as_str().is_some_and(|text| text.trim().is_empty());
    let written = value.to_string();
    let year = written.as_bytes().windows(4).any(|w| w.iter().all(u8::is_ascii_digit) && (w.starts_with(b"19") || w.starts_with(b"20")));
    // (A day given that is none, "2024-02-30", "31/02/2024", "Feb 30, 2024", is said too: a
    // swapped month and day would leave every record without its date.)
    let numbers = written.split(|c: char| !c.is_ascii_digit()).filter(|group| !group.is_empty()).count();
    let month_named = written.split(|c: char| !c.is_alphabetic()).any(|word| crate::stages::clean::metadata::month_number(word).is_some());
    let day_given = numbers >= 3 || numbers == 2 && month_named;
    (!blank && (!year || day_given) && published_date(value).is_none()).then_some(written)
}

/// The id field of a record that could not become a document (an empty text, a missing text
/// field): its errors row is named as its document would have been. Parsed again, on failures only.
pub fn record_id(line: &str, fields: &JsonlConfig) -> Option<String> {
    id_of(serde_json::from_str::<serde_json::Value>(line).ok()?.as_object()?, fields)
}

fn id_of(object: &serde_json::Map<String, serde_json::Value>, fields: &JsonlConfig) -> Option<String> {
    match field(object, &fields.id_field)? {
        // An empty id is no id: the record is named by its line.
        serde_json::Value::String(id) if id.trim().is_empty() => None,
        serde_json::Value::String(id) => Some(id.clone()),
        serde_json::Value::Number(id) => Some(id.to_string()),
        // MongoDB's extended JSON (mongoexport): `{"$oid": "65e8..."}`.
        serde_json::Value::Object(id) => id.get("$oid").and_then(|id| id.as_str()).filter(|id| !id.trim().is_empty()).map(String::from),
        _ => None,
    }
}

fn load_file(file: &SourceFile, config: &InputConfig) -> Result<Document, DocumentError> {
    let bytes = read_bytes(file, config.max_document_bytes)?;
    if file.kind == Kind::Html && html_depth(&bytes) > config.max_html_depth {
        // The content sha stays that of the file as read.
        let sha = sha256_hex(&bytes);
        let mut doc = document_from_bytes(file.origin(), file.kind, flatten_html(&bytes, config.max_html_depth))?;
        doc.content_sha256 = sha;
        return Ok(doc);
    }
    document_from_bytes(file.origin(), file.kind, bytes)
}

/// How a tag changes the element nesting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Nesting {
    Opens,
    Closes,
}

/// The start and end tags of an HTML page that open or close an element, by a cheap scan (no
/// parse): (byte range of the tag, what it does). Void and self-closing elements do neither, nor
/// do `p` and `li`, which close implicitly, nor headings, which never hold one another (so a
/// flattened page keeps its headline a headline). An estimate that errs high for pages that
/// never close their tags, which is what the depth limit is about.
fn nesting_tags(bytes: &[u8]) -> impl Iterator<Item = (std::ops::Range<usize>, Nesting)> + '_ {
    const VOID: [&[u8]; 22] = [
        b"area", b"base", b"br", b"col", b"embed", b"hr", b"img", b"input", b"link", b"meta", b"source", b"track", b"wbr", b"param", b"p", b"li",
        b"h1", b"h2", b"h3", b"h4", b"h5", b"h6",
    ];
    let mut i = 0;
    std::iter::from_fn(move || {
        while let Some(offset) = bytes[i..].iter().position(|&b| b == b'<') {
            let tag_start = i + offset;
            i = tag_start + 1;
            let closing = bytes.get(i) == Some(&b'/');
            let name_start = i + usize::from(closing);
            let name_len = bytes[name_start..].iter().take_while(|b| b.is_ascii_alphanumeric()).count();
            if name_len == 0 {
                continue; // comment, doctype, stray '<'
            }
            let name = bytes[name_start..name_start + name_len].to_ascii_lowercase();
            let tag_end = bytes[name_start..].iter().position(|&b| b == b'>').map_or(bytes.len(), |p| name_start + p);
            let self_closing = tag_end > 0 && bytes.get(tag_end - 1) == Some(&b'/');
            if VOID.iter().any(|v| *v == name.as_slice()) || self_closing {
                continue;
            }
            let range = tag_start..(tag_end + 1).min(bytes.len());
            return Some((range, if closing { Nesting::Closes } else { Nesting::Opens }));
        }
        None
    })
}

/// Deepest element nesting of an HTML page (see [`nesting_tags`]).
pub fn html_depth(bytes: &[u8]) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    for (_, nesting) in nesting_tags(bytes) {
        match nesting {
            Nesting::Opens => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            Nesting::Closes => depth = depth.saturating_sub(1),
        }
    }
    deepest
}

/// The page with every start and end tag nested deeper than `max_depth` left out (the text
/// inside is kept): real pages nested that deep still give their text, and the extractor never
/// recurses past the limit.
pub fn flatten_html(bytes: &[u8], max_depth: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    let (mut depth, mut copied) = (0usize, 0usize);
    for (range, nesting) in nesting_tags(bytes) {
        let too_deep = match nesting {
            Nesting::Opens => {
                depth += 1;
                depth > max_depth
            }
            Nesting::Closes => {
                depth = depth.saturating_sub(1);
                depth >= max_depth
            }
        };
        if too_deep {
            out.extend_from_slice(&bytes[copied..range.start]);
            copied = range.end;
        }
    }
    out.extend_from_slice(&bytes[copied..]);
    out
}

/// A table saved as text (a spreadsheet's "Text (Tab delimited)" export named `.txt`): a
/// header of short column names, then nearly every line with as many tabs. Read as one text
/// it would be one document of rows. (An article's tab-indented paragraphs or a results table
/// inside it hold tabs on a few lines, not on nine lines in ten.)
fn tab_separated_table(text: &str) -> bool {
    let mut lines = text.lines().filter(|line| !line.trim().is_empty());
    let Some(header) = lines.next() else { return false };
    // (Three columns at least: "HOST\tWelcome..." lines of a transcript are two.)
    let columns = header.matches('\t').count();
    let header_names = header.split('\t').all(|name| !name.trim().is_empty() && name.chars().count() <= 40);
    if columns < 2 || !header_names {
        return false;
    }
    let (mut rows, mut same) = (0usize, 0usize);
    for line in lines.take(1000) {
        rows += 1;
        same += usize::from(line.matches('\t').count() == columns);
    }
    rows >= 2 && same * 10 >= rows * 9
}

/// A news database's export of several articles in one text file: the line each export writes
/// at an article's end or head (Nexis Uni's "End of Document", Factiva's "Document" and its
/// 25-character id, ProQuest's "Document 3 of 50"), twice or more, and twice or more a field of
/// that database's records ("Length: 225 words", "WC", "ProQuest document link"): a story
/// printing "Document 1 of 2" or a novel's "End of Document" has none. Read as one text, an
/// export's headlines, bylines and dates would be mixed into one document. With the article
/// count and an awk command that writes a file per article.
fn database_export(text: &str) -> Option<(&'static str, usize, &'static str)> {
    let (mut nexis, mut factiva, mut proquest) = ([0, 0], [0, 0], [0, 0]);
    let words_count = |line: &str| line.strip_suffix(" words").is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    for line in text.lines().map(str::trim) {
        let id = line.strip_prefix("Document ").unwrap_or("");
        nexis[0] += usize::from(line == "End of Document");
        nexis[1] += usize::from(line.starts_with("Load-Date: ") || line.strip_prefix("Length: ").is_some_and(words_count));
        factiva[0] += usize::from(id.len() == 25 && id.bytes().all(|b| b.is_ascii_alphanumeric()) && id.bytes().any(|b| b.is_ascii_digit()));
        factiva[1] += usize::from(line == "WC" || words_count(line));
        proquest[0] += usize::from(id.split_once(" of ").is_some_and(|(n, of)| [n, of].iter().all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))));
        proquest[1] += usize::from(line == "ProQuest document link" || line.starts_with("Publication title: "));
    }
    let (what, [articles, fields], how) = [
        ("a Nexis Uni (LexisNexis) export", nexis, r#"awk '/^ *End of Document/{n++; next} NF||o[n]{o[n]=1; print > sprintf("article-%03d.txt", n)}' FILE"#),
        ("a Factiva export", factiva, r#"awk '{l[++k]=$0} /^ *Document [A-Za-z0-9]+ *$/ && length($2)==25 {f=sprintf("article-%03d.txt", ++n); for(i=1;i<=k;i++) print l[i] > f; close(f); k=0}' FILE"#),
        ("a ProQuest export", proquest, r#"awk '/^ *Document [0-9]+ of [0-9]+ *$/{n++} n{print > sprintf("article-%03d.txt", n)}' FILE"#),
    ]
    .into_iter()
    .max_by_key(|&(_, [count, _], _)| count)?;
    (articles >= 2 && fields >= 2).then_some((what, articles, how))
}

/// Turn a whole file's (decompressed) bytes into a document. JSONL files are split into lines
/// before this point; here a `.jsonl` kind is read as plain text.
pub fn document_from_bytes(origin: Origin, kind: Kind, bytes: Vec<u8>) -> Result<Document, DocumentError> {
    let sha = sha256_hex(&bytes);
    if let Some(feed) = feed_kind(&bytes).filter(|_| kind != Kind::Jsonl && kind != Kind::Json) {
        return Err(DocumentError::Feed(feed));
    }
    match kind {
        // A page saved as text (a scraper's `requests.get(url).text` written to `.txt`) is read
        // as the page it is: its tags were sentences, its doctype the title.
        Kind::PlainText if whole_page(&String::from_utf8_lossy(&bytes[..bytes.len().min(4096)])) => page_document(origin, sha, bytes, None),
        Kind::PlainText | Kind::Jsonl | Kind::Json => {
            let text = decode_text(bytes)?;
            // (Lines ended by CR alone are read as LF, one byte for one; the text keeps them.)
            let lines = crate::document::lf_line_ends(&text);
            // trafilatura's XML or XML-TEI: the article it extracted, with its metadata.
            if let Some(article) = (kind == Kind::PlainText).then(|| crate::xml_export::article(&text)).flatten() {
                let mut doc = with_title(origin, sha, article.title.as_deref(), &article.blocks.join("\n\n"));
                let date = article.date.map(serde_json::Value::String);
                doc.set_given(Given {
                    published: date.as_ref().and_then(published_date),
                    authors: article.authors.map(|names| crate::html_meta::names_of_authors(&names).join("; ")).filter(|names| !names.is_empty()),
                    ..title_given(&doc)
                });
                return Ok(doc);
            }
            if kind == Kind::PlainText && tab_separated_table(&lines) {
                return Err(DocumentError::Table(crate::error::TableShape::sniff("tsv", Some(&lines[..lines.floor_char_boundary(64 * 1024)]))));
            }
            if let Some((what, articles, how)) = (kind == Kind::PlainText).then(|| database_export(&lines)).flatten() {
                return Err(DocumentError::Export { what, articles, how });
            }
            let front = crate::front_matter::read(&lines);
            let mut doc = Document::new(origin, sha, text);
            if let Some(front) = front {
                doc.set_given(Given { title: front.title, published: front.published, authors: front.authors, header_end: front.end, ..Given::default() });
            }
            Ok(doc)
        }
        Kind::Html => page_document(origin, sha, bytes, None),
    }
}

/// A whole HTML page (a file, or a JSONL record's text) into a document: the extractor's main
/// text, the headline the page shows (or `given_title`, a record's title field), its date and
/// authors.
/// HTTrack's own pages (its list of mirrored projects, a project's top page) name it their
/// generator; the pages it mirrors keep their site's own, and only a comment names HTTrack.
fn written_by_httrack(page: &str) -> bool {
    crate::html_meta::generator(page).is_some_and(|tool| tool.to_ascii_lowercase().starts_with("httrack"))
}

fn page_document(origin: Origin, sha: String, bytes: Vec<u8>, given_title: Option<&str>) -> Result<Document, DocumentError> {
    // A page saved as UTF-16 with its byte order mark is read as the text it decodes to.
    // Its charset declaration then says UTF-8, which the bytes now are.
    let bytes = match crate::files::decode_with_mark(&bytes) {
        Some(text) => {
            static UTF16_CHARSET: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| regex::Regex::new(r"(?i)(charset\s*=\s*[\x22']?)utf-?16(?:le|be)?").expect("valid pattern"));
            UTF16_CHARSET.replace_all(text?.trim_start_matches('\u{feff}'), "${1}utf-8").into_owned().into_bytes()
        }
        None => bytes,
    };
    if let Some(offset) = bytes.iter().take(8192).position(|&b| b == 0) {
        return Err(utf16_without_mark(&bytes).unwrap_or(DocumentError::Binary { offset }));
    }
    // Pages declare many encodings: the page comes to the extractor as UTF-8.
    let bytes = with_legacy_encoding_decoded(bytes);
    let bytes = with_block_ends_on_new_lines(with_layout_tables_as_blocks(without_archive_toolbar(bytes)));
    // (UTF-8 by now: the metadata is read from the text the extractor reads.)
    let page = String::from_utf8_lossy(&bytes);
    if written_by_httrack(&page) {
        return Err(DocumentError::Format { what: "a page HTTrack wrote itself (its list of mirrored projects)", how: "leave it out of the inputs (a site mirror writes it beside the pages)" });
    }
    let extracted = extract_html(&bytes)?;
    let metadata = &extracted.metadata;
    let title = metadata.title.as_deref().map(str::trim).filter(|t| !t.is_empty());
    let whole_headline = title.and_then(|title| crate::html_meta::headline(&page, title));
    // The headline the page shows first: its one <h1>.
    let only_h1 = crate::html_meta::only_h1(&page);
    let shown = crate::html_meta::single_h1(&page, only_h1.as_ref());
    // Composed characters and no soft hyphens, as a reader copies the page's words ("Mit­tel­al­ter"
    // and a decomposed "ü" matched no word of the tagger's, nor a user's search); the title too,
    // or it would no longer match the text's first line and stand twice.
    let as_read = |text: &str| unicode_normalization::UnicodeNormalization::nfc(text).filter(|&c| c != '\u{ad}').collect::<String>();
    let title = shown.as_deref().or(whole_headline.as_deref()).or(title).map(as_read);
    let title = title.as_deref();
    let mut body = as_read(extracted.content_text.trim());
    let mut read_by_extractor = true;
    // The extractor sometimes takes the wrong container (a sidebar's excerpt, the site's menu):
    // when the page's paragraphs hold five times its text, they are the article. (A page's
    // text is never longer than the page: most pages need no second reading.)
    // And on a short page it can run the blocks together on one line ("By Maria Puig, March 1,
    // 2024 Barcelona will ..."): the same words, a line per block, are the text (the byline and
    // the date apart, for the clean stage).
    let chars = body.chars().count();
    let few_lines = body.lines().count() < SHORT_PAGE_LINES;
    if few_lines || chars < PARAGRAPHS_READ_UNDER && chars * PARAGRAPHS_OVER_EXTRACTED < page.len() {
        if let Some(text) = paragraphs::paragraph_text(&page, &body).map(|text| as_read(&text)) {
            let n = text.chars().count();
            let whole = n >= PARAGRAPHS_AT_LEAST && n > chars * PARAGRAPHS_OVER_EXTRACTED;
            let parted = few_lines && text.lines().count() > body.lines().count() && squeezed(&text) == squeezed(&body);
            if whole || parted {
                body = text;
                read_by_extractor = false;
            }
        }
    }
    if body.is_empty() {
        return Err(DocumentError::Html("no main text found in the page".into()));
    }
    // The page's headings, read (a second parse) only where they are needed: a short page,
    // whose headings the extractor can run into the text, or a <title> the text lacks.
    // A run-in heading shows as a lower-case letter against a capital ("capitalAngela").
    let glued = body.as_bytes().windows(2).any(|pair| pair[0].is_ascii_lowercase() && pair[1].is_ascii_uppercase());
    let short = glued && body.matches("\n\n").count() < 3;
    // (A site's name is a few words; a "Headline | Site" title is longer and left alone.)
    let title_elsewhere = title.is_some_and(|title| title.split_whitespace().count() <= 5 && !body.contains(title));
    let headings = if short || title_elsewhere { page_headings(&page) } else { Vec::new() };
    if short {
        separate_headings(&headings, &mut body);
    }
    // A <title> that is only the site's name ("The Daily News") is not the headline when
    // the page's one <h1> opens the text.
    let h1 = headings.iter().filter(|(level, _)| *level == 1).map(|(_, text)| text.as_str()).collect::<Vec<_>>();
    // Nor when the extractor left that <h1> out of the text: a headline of four words or more,
    // longer than the <title>, that is not the site's name.
    // (Not a masthead's motto, "The Voice of Springfield Since 1890", over a short headline
    // "Springfield mayor resigns": a <title> that reads as a name, "The Catalan Post", or whose
    // words the story holds less than the <h1>'s; nor styles read as text.)
    let story_words: std::collections::HashSet<String> = body.split(|c: char| !c.is_alphanumeric()).map(str::to_lowercase).collect();
    let in_story = |heading: &str| {
        let words: Vec<String> = heading.split(|c: char| !c.is_alphanumeric()).filter(|w| w.chars().count() >= 4).map(str::to_lowercase).collect();
        words.iter().filter(|word| story_words.contains(word.as_str())).count() as f64 / words.len().max(1) as f64
    };
    let left_out = |title: &str, h1: &str| {
        let words = h1.split_whitespace().count();
        let a_name = title.split_whitespace().all(|word| word.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit()) || matches!(word, "of" | "the" | "and" | "&" | "for"));
        !body.contains(h1) && words >= 4 && words > title.split_whitespace().count() && !h1.contains(['{', '}']) && (a_name || in_story(h1) > in_story(title)) && !crate::html_meta::names_the_site(&page, h1)
    };
    let title = match (title, h1.as_slice()) {
        (Some(_), [h1]) if title_elsewhere && body.starts_with(h1) => Some(*h1),
        (Some(shown), [h1]) if title_elsewhere && left_out(shown, h1) => Some(*h1),
        _ => title,
    };
    // Nor is a <title> the text does not show (a search engine's version of the headline, "UK
    // inflation: prices rise 4% in January, ONS says") when the text opens with the page's one
    // <h1>: the extractor read that as the article's first line.
    let opening_h1 = (h1.is_empty() && title.is_some_and(|title| !body.contains(title)))
        .then_some(only_h1.as_ref())
        .flatten()
        .map(|(h1, _)| as_read(h1))
        // (A headline of five words or more, not the site's name: a section's "Local Politics
        // and Government" opening the text is no headline.)
        .filter(|h1| h1.split_whitespace().nth(4).is_some() && !crate::html_meta::names_the_site(&page, h1))
        .filter(|h1| body.starts_with(h1.as_str()) && body[h1.len()..].starts_with('\n'));
    let title = opening_h1.as_deref().or(title);
    // A record's title is often the page's <title>, site name and all ("Headline | Site").
    let site_suffix = |given: &str, headline: &str| given.strip_prefix(headline).is_some_and(|rest| rest.trim_start().starts_with(['|', '-', '–', '—', ':', '·']));
    let given_title = given_title.map(as_read);
    let title = match given_title.as_deref() {
        Some(given) if !title.is_some_and(|headline| site_suffix(given, headline)) => Some(given),
        _ => title,
    };
    // A headline the extractor ran into the block after it ("Port strike enters second week
    // Dock workers at ...": a short page under a cookie banner) opens a line of its own, or it
    // would stand twice, the second time in the lede. (A headline of four words or more, a
    // capital after it: not a one-word title that the lede opens with.)
    if let Some(rest) = title.filter(|title| title.split_whitespace().nth(3).is_some()).and_then(|title| body.strip_prefix(title)) {
        if rest.starts_with(' ') && rest.trim_start().starts_with(char::is_uppercase) {
            body = format!("{}\n\n{}", &body[..body.len() - rest.len()], rest.trim_start());
        }
    }
    let mut doc = with_title(origin, sha, title, &body);
    let header_end = doc.title.as_ref().map_or(0, |title| title.end);
    // The block each line came from: in the extractor's own markup of the article when the text
    // is its reading, else in the page.
    let markup = extracted.content_html.as_deref().filter(|_| read_by_extractor).unwrap_or(&page);
    let lines: Vec<Span> = Cleaner::lines(&doc.text[header_end..]).into_iter().filter(|line| !line.is_empty()).map(|line| line.start + header_end..line.end + header_end).collect();
    let blocks = blocks::line_blocks(markup, &doc.text, &lines);
    doc.set_given(Given {
        title: doc.title.clone(),
        header_end,
        blocks,
        // (What the page says it published first: the extractor's date can be the last update's,
        // when a modified-time tag comes before the published one.)
        published: crate::html_meta::published(&page)
            .or_else(|| metadata.date.map(|date| crate::html_meta::local_date(&page, date)))
            .or_else(|| crate::html_meta::article_header_date(&page))
            .map(iso_date),
        authors: crate::html_meta::authors(&page).or_else(|| {
            let author = metadata.author.as_deref().filter(|author| !crate::html_meta::placeholder_author(author) && crate::html_meta::credited_outside_comments(&page)(author))?;
            let names = crate::html_meta::names_of_authors(author);
            (!names.is_empty()).then(|| names.join("; "))
        }),
        extracted: true,
        language: crate::html_meta::declared_language(&page),
        ..Given::default()
    });
    Ok(doc)
}

/// The page's paragraphs replace the extractor's text when they hold this many times more
/// characters (trafilatura's benchmark pages, training split: whole articles the extractor
/// missed, 13 snippets regained for 1 of furniture; long comment threads make 2 or 3 times too
/// low a bar)...
const PARAGRAPHS_OVER_EXTRACTED: usize = 5;
/// ...and at least this many (a few short paragraphs are no better reading than the extractor's).
const PARAGRAPHS_AT_LEAST: usize = 500;
/// A text this long or longer is no small part of an article (the page is read again only
/// under it: most pages' texts are longer, and the second reading costs a parse).
const PARAGRAPHS_READ_UNDER: usize = 3000;
/// An extracted text of fewer lines than this may have run the page's blocks together.
const SHORT_PAGE_LINES: usize = 4;

/// The extractor's reading of a page. When its main extraction finds less than 200 characters
/// it falls back on other readings, among them a plain dump of the whole page that can repeat
/// blocks and run them together ("...40 people.President..."): then the main extraction's text
/// is taken instead. A fallback that only repeats the page's title is no text (a page of a
/// title only came out as the title three times over).
fn extract_html(bytes: &[u8]) -> Result<rs_trafilatura::ExtractResult, DocumentError> {
    let bytes = &with_block_breaks(bytes);
    let html_error = |err: rs_trafilatura::Error| DocumentError::Html(err.to_string());
    let extracted = rs_trafilatura::extract_bytes(bytes).map_err(html_error)?;
    if !extracted.warnings.iter().any(|warning| warning.starts_with("Used fallback extraction")) {
        return Ok(extracted);
    }
    let main_only = rs_trafilatura::Options { use_fallback_extraction: false, ..rs_trafilatura::Options::default() };
    let main = rs_trafilatura::extract_bytes_with_options(bytes, &main_only).map_err(html_error)?;
    if main.content_text.trim().is_empty() {
        // Nothing but copies of the page's title is no text.
        let title = extracted.metadata.title.as_deref().map(str::trim).filter(|title| title.split_whitespace().nth(1).is_some());
        return Ok(if title.is_some_and(|title| extracted.content_text.replace(title, "").trim().is_empty()) { main } else { extracted });
    }
    Ok(if repeats_or_runs_together(&extracted.content_text, &main.content_text) { main } else { extracted })
}

/// Whether some paragraph of `main` (of two words or more) is found in `rescue` more than once,
/// or run into the text around it. (Counted without whitespace too: the rescue can also run a
/// paragraph's own blocks together, "Kyiv.He met".)
fn repeats_or_runs_together(rescue: &str, main: &str) -> bool {
    let rescue_squeezed = squeezed(rescue);
    main.lines().map(str::trim).filter(|paragraph| paragraph.split_whitespace().nth(1).is_some()).any(|paragraph| {
        let found: Vec<usize> = rescue.match_indices(paragraph).map(|(at, _)| at).collect();
        found.len() > 1
            || rescue_squeezed.matches(&squeezed(paragraph)).nth(1).is_some()
            || found.iter().any(|&at| {
                let before = rescue[..at].chars().next_back();
                let after = rescue[at + paragraph.len()..].chars().next();
                before.is_some_and(|c| !c.is_whitespace()) || after.is_some_and(|c| !c.is_whitespace())
            })
    })
}

/// The text without its whitespace: how two readings of a page are compared when one of them
/// parts or joins its blocks differently.
fn squeezed(text: &str) -> String {
    text.split_whitespace().collect()
}

/// The page with a line break between a `</div>` and the next `<div>`, when most blocks are so
/// joined: the extractor parts blocks by the whitespace between them, and a page written on one
/// line of `<div>`s (a notes app's export, a minified page: `<div>Headline</div><div>By
/// ...</div>`) came out as one paragraph. Between blocks a line break changes nothing a browser
/// shows. (Only there: the extractor already parts headings and paragraphs, and a `<br>` or an
/// inline `<div>` inside a sentence is no paragraph's end.)
fn with_block_breaks(bytes: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    // (Before another `<div>`: one shown inline inside a sentence runs on into its text.)
    static DIV_END: std::sync::LazyLock<regex::bytes::Regex> = std::sync::LazyLock::new(|| regex::bytes::Regex::new(r"(?i)</div\s*>(<div\b)").expect("valid pattern"));
    static ANY_DIV_END: std::sync::LazyLock<regex::bytes::Regex> = std::sync::LazyLock::new(|| regex::bytes::Regex::new(r"(?i)</div\s*>").expect("valid pattern"));
    let joined = DIV_END.find_iter(bytes).count();
    match joined * 2 > ANY_DIV_END.find_iter(bytes).count() {
        true => DIV_END.replace_all(bytes, &b"</div>\n$1"[..]),
        false => std::borrow::Cow::Borrowed(bytes),
    }
}

/// A page that is not UTF-8 comes back as UTF-8, decoded from the charset its `<meta>` tag
/// declares, or from windows-1252 (Latin-1 and its superset) when it declares none, as browsers
/// read it. The extractor would otherwise read it as UTF-8 and turn every accented letter into
/// U+FFFD. A page whose bytes are UTF-8 already is read as UTF-8 whatever it declares, as
/// trafilatura reads it, and its declaration then says so: an ASCII page reads the same in any
/// declared encoding, but the copy of it that [`with_layout_tables_as_blocks`] writes holds its
/// entities as UTF-8 ("gr&uuml;nden" became "grÃ¼nden" under "iso-8859-1"); and UTF-8 text
/// declared as ISO-8859-1 is a mislabelled page, not Latin-1 that happens to form UTF-8.
fn with_legacy_encoding_decoded(bytes: Vec<u8>) -> Vec<u8> {
    // (The extractor looks for the declaration in the first 1,024 bytes only; pages put it
    // after their scripts and styles too: their accents came out as U+FFFD.)
    // (A <meta> tag's: a script's "charset" attribute names the script's own encoding.)
    static CHARSET: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| regex::Regex::new(r#"(?i)(<meta\b[^>]*?charset\s*=\s*["']?)([a-z0-9_:.-]+)"#).expect("valid pattern"));
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(16384)]);
    let declared = CHARSET.captures(&head).map(|c| encoding_rs::Encoding::for_label(c[2].as_bytes()));
    if let Ok(page) = std::str::from_utf8(&bytes) {
        return match declared {
            Some(encoding) if encoding != Some(encoding_rs::UTF_8) => CHARSET.replace(page, "${1}utf-8").into_owned().into_bytes(),
            _ => bytes,
        };
    }
    // (Not UTF-16 without its byte order mark, which the bytes cannot be here.)
    let declared = declared.flatten().filter(|encoding| encoding.is_ascii_compatible());
    let encoding = declared.unwrap_or(encoding_rs::WINDOWS_1252);
    if encoding == encoding_rs::UTF_8 {
        return bytes;
    }
    // The page is UTF-8 now, and its declaration says so (the extractor would decode it again).
    let decoded = encoding.decode_without_bom_handling(&bytes).0;
    CHARSET.replace(&decoded, "${1}utf-8").into_owned().into_bytes()
}

/// "RSS" or "Atom" when the file is such a feed: its root element, in its first bytes.
/// What may stand, any number of times, before a markup file's root element: an XML
/// declaration or another processing instruction, a comment ("<!-- saved from url=... -->").
const MARKUP_PROLOGUE: &str = r"<!--.*?-->\s*|<\?[^>]*>\s*";

fn feed_kind(bytes: &[u8]) -> Option<&'static str> {
    static ROOT: std::sync::LazyLock<regex::bytes::Regex> = std::sync::LazyLock::new(|| {
        let root = r#"<(rss|rdf:RDF|feed\s[^>]*xmlns=["']http://www.w3.org/2005/Atom["'])"#;
        regex::bytes::Regex::new(&format!(r"(?s)\A(?:\xEF\xBB\xBF)?\s*(?:{MARKUP_PROLOGUE}|<!DOCTYPE[^>]*>\s*)*{root}")).expect("valid pattern")
    });
    let head = &bytes[..bytes.len().min(4096)];
    ROOT.captures(head).map(|c| if c[1].starts_with(b"feed") { "Atom" } else { "RSS" })
}

/// A page saved from the Internet Archive's Wayback Machine without the toolbar it inserts
/// (hidden, but the extractor reads it: "14 captures", "Crawl data donated by Alexa Internet",
/// its capture dates). The archive marks the insert with comments.
fn without_archive_toolbar(bytes: Vec<u8>) -> Vec<u8> {
    static INSERT: std::sync::LazyLock<regex::bytes::Regex> = std::sync::LazyLock::new(|| {
        regex::bytes::Regex::new(r"(?s)<!-- BEGIN WAYBACK TOOLBAR INSERT -->.*?<!-- END WAYBACK TOOLBAR INSERT -->").expect("valid pattern")
    });
    match INSERT.find(&bytes) {
        Some(insert) => [&bytes[..insert.start()], &bytes[insert.end()..]].concat(),
        None => bytes,
    }
}

/// The page with a line break after a heading's or another block's end tag, and after two
/// `<br>`s, where text (not a tag) follows at once: in an old page's `<h1>...</h1>Text<br><br>Text` the
/// extractor ran the heading into the text after it, and the headline then stood twice, run
/// into the lede the second time. (Not after a `</div>`, which can be shown inline inside a
/// sentence, nor after one `<br>`: see [`with_block_breaks`].)
fn with_block_ends_on_new_lines(bytes: Vec<u8>) -> Vec<u8> {
    static BLOCK_END: std::sync::LazyLock<regex::bytes::Regex> = std::sync::LazyLock::new(|| {
        regex::bytes::Regex::new(r"(?i)(</(?:h[1-6]|p|li|ul|ol|dl|dt|dd|blockquote|header|footer|section|article|aside|nav|figure|figcaption|table|tr|form)\s*>|<br\s*/?>\s*<br\s*/?>)([^<\s])").expect("valid pattern")
    });
    match BLOCK_END.is_match(&bytes) {
        true => BLOCK_END.replace_all(&bytes, &b"$1\n$2"[..]).into_owned(),
        false => bytes,
    }
}

/// A page laid out in tables (old sites, e-mail newsletters: a menu cell beside a cell holding
/// the article, often a table in a table) with those tables as plain blocks: the extractor reads
/// a table as rows of cells, and repeated such a page's article two or three times, run
/// together. A layout table is one whose cells hold headings, another table or paragraphs
/// (two or more in a cell); tables of data are left as they are.
fn with_layout_tables_as_blocks(bytes: Vec<u8>) -> Vec<u8> {
    static LAYOUT_HINT: std::sync::LazyLock<regex::bytes::Regex> =
        std::sync::LazyLock::new(|| regex::bytes::Regex::new(r"(?i)<t[dh][\s>]").expect("valid pattern"));
    let Ok(page) = std::str::from_utf8(&bytes) else { return bytes };
    if !LAYOUT_HINT.is_match(page.as_bytes()) {
        return bytes;
    }
    let document = dom_query::Document::from(page);
    // (A data table's cells may each hold a paragraph: "<td><p>12,345</p></td>".)
    let layout = document.select("table").nodes().iter().filter(|table| {
        let selection = dom_query::Selection::from((*table).clone());
        selection.select("h1, h2, h3, h4, h5, h6, table").exists() || selection.select("td, th").nodes().iter().any(|cell| dom_query::Selection::from(cell.clone()).select("p").length() >= 2)
    }).cloned().collect::<Vec<_>>();
    if layout.is_empty() {
        return bytes;
    }
    for table in &layout {
        // The table's own rows and cells, through its row groups.
        let mut structure = vec![table.clone()];
        let mut at = 0;
        while at < structure.len() {
            let node = structure[at].clone();
            at += 1;
            for child in node.children().into_iter().filter(|c| c.is_element()) {
                if matches!(child.node_name().as_deref(), Some("tbody" | "thead" | "tfoot" | "tr" | "td" | "th")) && node.node_name().as_deref() != Some("td") && node.node_name().as_deref() != Some("th") {
                    structure.push(child);
                }
            }
        }
        for node in structure {
            node.rename("div");
        }
    }
    document.html().to_string().into_bytes()
}

/// The page's headings, `<h1>` to `<h6>`: (level, text with its whitespace collapsed).
fn page_headings(html: &str) -> Vec<(u8, String)> {
    let page = dom_query::Document::from(html);
    let mut headings = Vec::new();
    for heading in page.select("h1, h2, h3, h4, h5, h6").nodes() {
        let text = heading.text().split_whitespace().collect::<Vec<_>>().join(" ");
        let level = heading.node_name().and_then(|name| name.get(1..).and_then(|n| n.parse().ok())).unwrap_or(6);
        if !text.is_empty() {
            headings.push((level, text));
        }
    }
    headings
}

/// On short pages the extractor can run a heading into the next paragraph ("Prices soar in the
/// capitalAngela Merkel said..."): each heading of the page found so in the text becomes its
/// own line again (longer pages, of four blocks or more, come out separated).
fn separate_headings(headings: &[(u8, String)], body: &mut String) {
    for (_, text) in headings {
        if let Some(end) = body.find(text.as_str()).map(|at| at + text.len()) {
            if body[end..].starts_with(char::is_alphanumeric) {
                body.insert_str(end, "\n\n");
            }
        }
    }
}

/// How many of a page's first lines may be its headline as the text writes it.
const HEADING_LINES: usize = 10;

/// A document whose title comes from a separate field: text = title + blank line + body, so the
/// title is sentence 0 and every offset still indexes documents.text.
fn with_title(origin: Origin, sha: String, title: Option<&str>, body: &str) -> Document {
    // Invisible characters (BOM, zero-width space) around a title are not part of it.
    let title = title.map(|t| t.trim_matches(crate::document::is_blank_char).split_whitespace().collect::<Vec<_>>().join(" "));
    // A heading line that differs from the title only in spaces and punctuation is the title as
    // the text writes it ("Grève : le trafic" in <title>, "Grève: le trafic" in the text).
    let letters = |s: &str| s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect::<String>();
    let title = title.map(|title| {
        let key = letters(&title);
        let heading = body.lines().take(HEADING_LINES).map(str::trim).find(|line| line.len() != title.len() && !key.is_empty() && letters(line) == key);
        heading.map_or(title, String::from)
    });
    // The text already opens with the title as its own line (not as the start of its first
    // sentence: "Storm hits Florida coast, ..." under the title "Storm hits Florida").
    let opens_with = |title: &str| {
        body.strip_prefix(title).is_some_and(|rest| {
            let rest = rest.trim_start_matches([' ', '\t', '\r']);
            rest.is_empty() || rest.starts_with('\n')
        })
    };
    match title {
        Some(title) if !title.is_empty() && opens_with(&title) => {
            let mut doc = Document::new(origin, sha, body.to_string());
            doc.title = Some(0..title.len());
            doc
        }
        Some(title) if !title.is_empty() => {
            let text = format!("{title}\n\n{body}");
            let mut doc = Document::new(origin, sha, text);
            doc.title = Some(0..title.len());
            doc
        }
        _ => Document::new(origin, sha, body.to_string()),
    }
}

/// `line` with the bare `NaN`, `Infinity` and `-Infinity` Python writes for non-finite floats
/// (outside strings) as `null`; `None` when it has none.
fn with_non_finite_as_null(line: &str) -> Option<String> {
    let mut out = String::with_capacity(line.len());
    let (mut in_string, mut escaped, mut replaced) = (false, false, false);
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        if in_string {
            in_string = escaped || c != '"';
            escaped = !escaped && c == '\\';
        } else if c == '"' {
            in_string = true;
        } else if let Some(token) = ["NaN", "-Infinity", "Infinity"].into_iter().find(|token| rest.starts_with(token)) {
            out.push_str("null");
            rest = &rest[token.len()..];
            replaced = true;
            continue;
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    replaced.then_some(out)
}

/// The text of a record's field that holds HTML (it opens with a tag and closes a paragraph or
/// a block): each block a paragraph, tags out, entities read. `None` for text.
fn html_fragment(text: &str) -> Option<String> {
    static BLOCK: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(|| regex::Regex::new(r"(?i)<(/?)(p|div|h[1-6]|li|ul|ol|blockquote|section|article|figure|figcaption|table|tr|br)\b[^>]*>").expect("valid pattern"));
    let looks_like_html = text.trim_start().starts_with('<') && BLOCK.find_iter(text).any(|tag| tag.as_str().starts_with("</") || tag.as_str()[1..].to_ascii_lowercase().starts_with("br"));
    if !looks_like_html {
        return None;
    }
    let blocks = BLOCK.replace_all(text, "\n\n");
    let fragment = dom_query::Document::from(format!("<html><body>{blocks}</body></html>").as_str());
    fragment.select("script, style, noscript, template, iframe").remove();
    let plain = fragment.select("body").text().to_string();
    let paragraphs: Vec<String> = plain.split("\n\n").map(|p| p.split_whitespace().collect::<Vec<_>>().join(" ")).filter(|p| !p.is_empty()).collect();
    (!paragraphs.is_empty()).then(|| paragraphs.join("\n\n"))
}

/// Parse one JSONL line into a document (public for fuzzing).
pub fn load_json_line(file: &SourceFile, line_number: usize, line: &str, fields: &JsonlConfig) -> Result<Document, DocumentError> {
    let at = RecordAt { number: line_number, in_array: file.kind == Kind::Json };
    json_document(at, line, fields, |id| Origin { doc_id: format!("{}#{id}", file.relative), source: file.source.clone() })
}

/// A record's publication date: a date in any common format, or a Unix time (a number, or a
/// string of digits), as exports write them; MongoDB's extended JSON holds either in `$date`
/// (`{"$date": "2024-03-06T04:30:00Z"}`, `{"$date": {"$numberLong": "1709699400000"}}`).
fn published_date(value: &serde_json::Value) -> Option<String> {
    if let Some(inner) = value.get("$date").or_else(|| value.get("$numberLong")) {
        return published_date(inner);
    }
    // CSL JSON's (Zotero's) `"issued": {"date-parts": [[2018, 10, 8]]}`: a day, when it gives one.
    if let Some(parts) = value.pointer("/date-parts/0").and_then(|parts| parts.as_array()) {
        let number = |i: usize| parts.get(i).and_then(|part| part.as_u64().or_else(|| part.as_str()?.parse().ok()));
        let date = chrono::NaiveDate::from_ymd_opt(i32::try_from(number(0)?).ok()?, u32::try_from(number(1)?).ok()?, u32::try_from(number(2)?).ok()?);
        return date.map(iso_date);
    }
    let date = match value {
        // (An integer of 8, 12 or 14 digits is a compact date: GDELT's 20230501.)
        serde_json::Value::Number(n) if matches!(n.as_u64().map(|n| n.to_string().len()), Some(8 | 12 | 14)) => field_date(&n.to_string()),
        serde_json::Value::Number(n) => unix_date(n.as_f64()?),
        serde_json::Value::String(s) => field_date(s),
        _ => None,
    };
    date.map(iso_date)
}

/// Where a record stands: a line of JSON Lines, or an element of a JSON file's array.
#[derive(Debug, Clone, Copy)]
pub struct RecordAt {
    /// From 1.
    pub number: usize,
    pub in_array: bool,
}

impl RecordAt {
    /// The id of a record without one: `L<line>`, or `R<element>` in a JSON array.
    pub fn fallback_id(self) -> String {
        format!("{}{}", if self.in_array { "R" } else { "L" }, self.number)
    }

    /// "line 3", or "record 3" of a JSON array.
    pub fn describe(self) -> String {
        format!("{} {}", if self.in_array { "record" } else { "line" }, self.number)
    }
}

/// One JSON object into a document; `origin_of` names it from the record's id (its id field,
/// else [`RecordAt::fallback_id`]).
pub fn json_document(at: RecordAt, line: &str, fields: &JsonlConfig, origin_of: impl FnOnce(&str) -> Origin) -> Result<Document, DocumentError> {
    let bad = |message: String| DocumentError::BadRecord { at: at.describe(), message };
    // A byte order mark opens a file some Windows tools write (PowerShell's `Out-File -Encoding utf8`).
    let line = line.strip_prefix('\u{feff}').unwrap_or(line);
    if line.trim().is_empty() {
        return Err(bad("empty line; a JSON object (one document) was expected".into()));
    }
    let value: serde_json::Value = lenient_json(line.as_bytes()).map_err(|err| bad(format!("invalid JSON: {err}")))?;
    let object = value.as_object().ok_or_else(|| bad("expected a JSON object".into()))?;
    let paragraphs;
    let text: &str = match field(object, &fields.text_field) {
        Some(serde_json::Value::String(text)) => text,
        // A body as the list of its paragraphs (a Scrapy item's `"body": ["...", "..."]`): a
        // paragraph a block, as a page's text has them.
        Some(serde_json::Value::Array(items)) if items.iter().all(|item| item.is_string() || item.is_null()) => {
            paragraphs = items.iter().filter_map(serde_json::Value::as_str).map(str::trim).filter(|paragraph| !paragraph.is_empty()).collect::<Vec<_>>().join("\n\n");
            &paragraphs
        }
        Some(serde_json::Value::Null) | None => {
            // (A null is a missing text: news-please writes `"text": null` beside `maintext`.)
            let hint = longest_text(object, fields).map_or(String::new(), |name| format!("; its longest text is in `{name}`: set input.jsonl.text_field = \"{name}\""));
            let state = if field(object, &fields.text_field).is_some() { "null" } else { "missing" };
            return Err(bad(format!("{state} field `{}` (input.jsonl.text_field){hint}", fields.text_field)));
        }
        Some(_) => return Err(bad(format!("field `{}` (input.jsonl.text_field) is not a string (nor a list of paragraphs)", fields.text_field))),
    };
    if text.trim().is_empty() {
        return Err(bad(format!("field `{}` (input.jsonl.text_field) is empty (no non-whitespace text)", fields.text_field)));
    }
    let id = id_of(object, fields).unwrap_or_else(|| at.fallback_id());
    let origin = origin_of(&id);
    let sha = sha256_hex(text.as_bytes());
    static ENTITY: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| regex::Regex::new(r"(?i)&(?:#\d+|#x[0-9a-f]+|[a-z]+\d*);").expect("valid pattern"));
    let title = title_of(object, fields).map(|title| match ENTITY.is_match(&title) {
        true => crate::html_meta::unescape(&title),
        false => title,
    });
    // A crawl's record holds the whole page: read as an .html file is (its headline, date and
    // authors; the record's fields say them first).
    if whole_page(text) {
        // (The text is Unicode already: a charset the page declared must not decode it again.)
        // (Only in the <meta> tags of its start, where the extractor reads it: not the text's.)
        static CHARSET: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| regex::Regex::new(r#"(?i)(<meta\b[^>]*charset\s*=\s*["']?)[\w:.-]+"#).expect("valid pattern"));
        let head = text.floor_char_boundary(4096);
        let page = format!("{}{}", CHARSET.replace_all(&text[..head], "${1}utf-8"), &text[head..]).into_bytes();
        let mut doc = page_document(origin, sha, page, title.as_deref()).map_err(|err| bad(err.to_string()))?;
        let mut given = std::mem::take(&mut doc.given);
        // (The record's own fields first, then the page's metadata; a guessed field last.)
        let ((published, published_guess), (authors, authors_guess)) = (published_of(object, fields), authors_of(object, fields));
        given.published = published.or(given.published);
        given.authors = authors.or(given.authors);
        given.language = language_of(object, fields).or(given.language);
        (given.published_guess, given.authors_guess) = (published_guess, authors_guess);
        doc.set_given(given);
        return Ok(doc);
    }
    // An export of a CMS (WordPress' `content.rendered`) holds the article as HTML, and its
    // title with entities ("Tram line &#8211; City Desk"): read as a browser shows them.
    let html = html_fragment(text);
    let text = html.as_deref().unwrap_or(text);
    let mut doc = with_title(origin, sha, title.as_deref(), text);
    let ((published, published_guess), (authors, authors_guess)) = (published_of(object, fields), authors_of(object, fields));
    let language = language_of(object, fields);
    doc.set_given(Given { published, authors, published_guess, authors_guess, language, ..title_given(&doc) });
    Ok(doc)
}

/// What a document made by [`with_title`] is given: its title line, the header it ends.
fn title_given(doc: &Document) -> Given {
    Given { title: doc.title.clone(), header_end: doc.title.as_ref().map_or(0, |title| title.end), ..Given::default() }
}

/// A record's field by its name, or by a path into its objects ("fields.bodyText": a news API's
/// record nests its text); a name holding dots names a field of its own first ("meta.info" of
/// `{"meta.info": {"date": ...}}` in "meta.info.date").
/// A number in the path is an element of a list: feedparser's entries hold their text in
/// "content.0.value".
fn field<'a>(object: &'a serde_json::Map<String, serde_json::Value>, name: &str) -> Option<&'a serde_json::Value> {
    object.get(name).or_else(|| {
        name.match_indices('.').find_map(|(at, _)| {
            let rest = &name[at + 1..];
            match object.get(&name[..at])? {
                serde_json::Value::Object(inner) => field(inner, rest),
                serde_json::Value::Array(items) => {
                    let (index, after) = rest.split_once('.').map_or((rest, None), |(index, after)| (index, Some(after)));
                    let item = items.get(index.parse::<usize>().ok()?)?;
                    match after {
                        None => Some(item),
                        Some(after) => field(item.as_object()?, after),
                    }
                }
                _ => None,
            }
        })
    })
}

/// The path of the field that most likely holds a record's text, for a hint when its text field
/// is missing: the longest string of sentences in the record or its nested objects
/// (a dataset's `content`, a news API's `fields.bodyText`), not a link, a date, a headline or
/// the id (a long hash).
fn longest_text(object: &serde_json::Map<String, serde_json::Value>, fields: &JsonlConfig) -> Option<String> {
    fn walk(object: &serde_json::Map<String, serde_json::Value>, prefix: &str, depth: usize, found: &mut Vec<(usize, String)>) {
        for (name, value) in object {
            let path = format!("{prefix}{name}");
            match value {
                serde_json::Value::String(text) => {
                    // (Sentences: a headline or a date has no full stop.)
                    let sentences = text.trim_end().ends_with(['.', '!', '?', '"', '”']) || text.contains(". ");
                    if !text.starts_with("http") && sentences && text.split_whitespace().nth(5).is_some() {
                        found.push((text.len(), path));
                    }
                }
                serde_json::Value::Object(inner) if depth < 3 => walk(inner, &format!("{path}."), depth + 1, found),
                // (The objects of a list too: feedparser's "content.0.value".)
                serde_json::Value::Array(items) if depth < 3 => {
                    for (i, item) in items.iter().enumerate().take(3) {
                        if let serde_json::Value::Object(inner) = item {
                            walk(inner, &format!("{path}.{i}."), depth + 1, found);
                        }
                    }
                }
                _ => {}
            }
        }
    }
    let mut found = Vec::new();
    walk(object, "", 0, &mut found);
    let best = found.into_iter().filter(|(_, path)| *path != fields.id_field && *path != fields.title_field).max().map(|(_, path)| path);
    // (Else the record's longest string: a post without full stops, Chinese text.)
    best.or_else(|| {
        object
            .iter()
            .filter(|(name, _)| **name != fields.id_field && **name != fields.title_field)
            // (Not a domain or a link: "thelocal.example.de" was hinted at.)
            .filter_map(|(name, value)| {
                let domain = |text: &str| !text.trim().contains(char::is_whitespace) && text.contains('.');
                value.as_str().filter(|text| !text.starts_with("http") && !text.contains("://") && !domain(text) && published_date(value).is_none()).map(|text| (text.len(), name.clone()))
            })
            .max()
            .map(|(_, name)| name)
    })
}

/// Field names news exports and scrapes (Kaggle's CSVs, newspaper3k, news-please, RSS converted to JSON)
/// use for the headline, the date and the authors, read when the config keeps the default name
/// and a record holds no readable value under it: `pd.read_csv(...).to_json(lines=True)` of a
/// `title,text,date,author` CSV then gives its dates and authors, not nulls without a word.
/// They are guesses: the first readable one counts, the generic `date` (often a crawl's) last,
/// and a page's own metadata beats them.
const TITLE_ALTERNATES: &[&str] = &["headline"];
const PUBLISHED_ALTERNATES: &[&str] = &[
    "published_at", "publishedAt", "publish_date", "published_date", "date_published", "date_publish", "datePublished", "pubDate", "pub_date",
    "publication_date", "date",
];
const AUTHORS_ALTERNATES: &[&str] = &["author", "byline", "creator"];

type Record = serde_json::Map<String, serde_json::Value>;

/// The value the config's field `name` gives, read by `read`; else, when `name` is the
/// default, the first of `alternates` that gives one.
fn read_field<T>(object: &Record, name: &str, default: &str, alternates: &[&str], read: impl Fn(&serde_json::Value) -> Option<T>) -> (Option<T>, Option<T>) {
    let given = field(object, name).and_then(&read);
    let guessed = match given.is_none() && name == default {
        true => alternates.iter().find_map(|alternate| field(object, alternate).and_then(&read)),
        false => None,
    };
    (given, guessed)
}

fn title_of(object: &Record, fields: &JsonlConfig) -> Option<String> {
    let (given, guessed) = read_field(object, &fields.title_field, DEFAULT_TITLE_FIELD, TITLE_ALTERNATES, |value| value.as_str().map(str::to_string));
    given.or(guessed)
}

/// The publication date the record's field gives, and the one an alternate name gives.
fn published_of(object: &Record, fields: &JsonlConfig) -> (Option<String>, Option<String>) {
    read_field(object, &fields.published_field, DEFAULT_PUBLISHED_FIELD, PUBLISHED_ALTERNATES, published_date)
}

/// The authors the record's field gives, and those an alternate name gives: a string of
/// names, a list of names, or of objects with a name (`[{"name": "Jane Roe", "url": ...}]`),
/// read as [`split_names`] reads a string of names and [`author_names`] each item of a list; a
/// list written as a string after a CSV round trip ("['Jane Roe', 'John Doe']") is a list.
///
/// [`split_names`]: crate::stages::clean::metadata::split_names
/// [`author_names`]: crate::stages::clean::metadata::author_names
fn authors_of(object: &Record, fields: &JsonlConfig) -> (Option<String>, Option<String>) {
    read_field(object, &fields.authors_field, DEFAULT_AUTHORS_FIELD, AUTHORS_ALTERNATES, authors_in)
}

/// The language the record's field declares (see [`crate::stages::segment::declared_language`]);
/// under the default name, a record without it is read for `lang` too.
fn language_of(object: &Record, fields: &JsonlConfig) -> Option<String> {
    let read = |value: &serde_json::Value| value.as_str().and_then(crate::stages::segment::declared_language);
    let (given, guessed) = read_field(object, &fields.language_field, DEFAULT_LANGUAGE_FIELD, &["lang"], read);
    given.or(guessed)
}

fn authors_in(value: &serde_json::Value) -> Option<String> {
    use crate::stages::clean::metadata::author_names;
    // (Character references read first: "Siobh&aacute;n Murphy" of a CMS's export.)
    let name_of = |name: &str| author_names(&crate::html_meta::unescaped(name));
    let names: Vec<String> = match value {
        serde_json::Value::String(names) => match names.trim().strip_prefix('[').and_then(|list| list.strip_suffix(']')) {
            Some(list) => list.split(',').flat_map(|name| name_of(name.trim().trim_matches(['\'', '"']))).collect(),
            None => crate::html_meta::names_of_authors(names),
        },
        serde_json::Value::Array(names) => names.iter().filter_map(|n| n.as_str().or_else(|| n.get("name").and_then(|name| name.as_str()))).flat_map(name_of).collect(),
        _ => return None,
    };
    let mut kept: Vec<String> = Vec::new();
    for name in names {
        if !kept.contains(&name) {
            kept.push(name);
        }
    }
    (!kept.is_empty()).then(|| kept.join("; "))
}

/// A whole HTML page, not a fragment: it opens with a doctype or an `<html>` element (after an
/// XML declaration or comments: "<!-- saved from url=... -->").
fn whole_page(text: &str) -> bool {
    static OPENING: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(&format!(r"(?is)\A\u{{feff}}?\s*(?:{MARKUP_PROLOGUE})*<(?:!doctype\s+html|html[\s>])")).expect("valid pattern")
    });
    OPENING.is_match(&text[..text.floor_char_boundary(4096)])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exts() -> Vec<String> {
        InputConfig::default().extensions
    }

    #[test]
    fn a_page_written_on_one_line_keeps_its_blocks_apart() {
        // Regression: `<div>`s with nothing between them (a notes app's export, a minified
        // page) came out as one paragraph: the byline and the date ran into the first sentence.
        let page = "<html><head><title>Shares close higher on mining gains</title></head><body><div>Shares close higher on mining gains</div><div><br/></div><div>By Lauren Evans</div><div><br/></div><div>Thursday, 05 August 2021</div><div><br/></div><div>The share market gained momentum and lifted in afternoon trade, with miners leading the way as iron ore prices rose again.</div><div><br/></div><div>Mining giants helped the market rise above its record this morning, and the banks edged higher in the afternoon.</div><div><br/></div><div>Energy stocks also pushed forward, while the technology sector dropped despite a strong week on Wall Street.</div></body></html>";
        let text = extract_html(page.as_bytes()).unwrap().content_text;
        assert!(text.lines().any(|line| line.trim() == "Thursday, 05 August 2021"), "{text}");
        // A page laid out over lines is read as it was.
        assert_eq!(with_block_breaks(b"<div>a</div>\n<div>b</div>\n"), &b"<div>a</div>\n<div>b</div>\n"[..]);
        // Nor is a sentence with an inline <div> or a <br> parted (review).
        let inline = b"<div>Iron ore rose to <div style=\"display:inline\">US$120</div>, up from US$110.</div><div>Miners<br>gained.</div>";
        assert_eq!(with_block_breaks(inline), &inline[..]);
        assert_eq!(with_block_ends_on_new_lines(inline.to_vec()), &inline[..]);
    }

    #[test]
    fn a_mirrors_cookie_file_is_no_document() {
        // Regression (a new user's first hour): HTTrack's cookies.txt became a document.
        let jar = b"# HTTP cookie file\n.dailyledger.com\tTRUE\t/\tFALSE\t1999999999\tconsent\tyes\n".to_vec();
        assert!(matches!(decode_text(jar), Err(DocumentError::Format { .. })));
        assert!(decode_text(b"# HTTP cookies explained\n\nA cookie is a small file a site stores.\n".to_vec()).is_ok());
        // Nor is the list of projects HTTrack writes at a mirror's top; the pages it mirrored are.
        assert!(written_by_httrack("<html><head><meta name=\"generator\" content=\"HTTrack Website Copier/3.x [XR&CO'2014]\"><title>List of available projects - HTTrack Website Copier</title></head><body></body></html>"));
        assert!(!written_by_httrack("<html><head><meta name=\"generator\" content=\"WordPress 6.4\"><title>Shares fall</title></head><body><p>Shares fell.</p><!-- Mirrored from www.example.com/ by HTTrack Website Copier/3.x --></body></html>"));
    }

    #[test]
    fn a_headline_run_into_the_text_after_it_stands_once() {
        // Regression (a new user's first hour): an old page's `<h1>` followed at once by text
        // and `<br><br>` paragraphs, or a short article under a cookie banner, gave the headline
        // twice, the second time run into the lede ("Port strike enters second week Dock
        // workers ..."); the byline under it was lost.
        let head = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Port strike enters second week</title></head><body>";
        let lede = "Dock workers at the Port of Rotterdam extended their strike into a second week on Monday, leaving hundreds of containers stranded on the quays.";
        let more = "The FNV union said talks with employers had broken down over pay and shift patterns.";
        let last = "Spokesperson Ingrid Bakker said members would not return until a deal was signed.";
        let banner = "<div class=\"cmp\"><p>This site uses cookies to improve your experience, to analyse traffic and to show you personalised advertising. By clicking \"Accept all\" you agree to the storing of cookies on your device. You can manage your choices at any time by clicking \"Cookie settings\" at the bottom of the page.</p><button>Accept all</button><button>Cookie settings</button></div>";
        let pages = [
            format!("{head}<div class=\"story\"><h1>Port strike enters second week</h1>{lede}<br><br>{more}<br><br>{last}</div></body></html>"),
            format!("{head}<div class=\"story\"><h1>Port strike enters second week</h1>By Ana Reyes<br>March 4, 2024<br><br>{lede}<br><br>{more}<br><br>{last}</div></body></html>"),
            format!("{head}\n{banner}\n<article><h1>Port strike enters second week</h1>\n<p>{lede}</p>\n<p>{more} {last}</p>\n</article></body></html>"),
        ];
        let origin = Origin { doc_id: "a.html".into(), source: "a.html".into() };
        for page in pages {
            let doc = document_from_bytes(origin.clone(), Kind::Html, page.into_bytes()).unwrap();
            assert_eq!(doc.text.matches("Port strike enters second week").count(), 1, "{}", doc.text);
            assert!(doc.text.contains(&format!("\n{}", &lede[..20])), "{}", doc.text);
        }
    }

    #[test]
    fn classifies_by_extension_and_gzip() {
        assert_eq!(classify("a.txt", &exts()), Some((Kind::PlainText, false)));
        assert_eq!(classify("A.HTML.gz", &exts()), Some((Kind::Html, true)));
        assert_eq!(classify("feed.jsonl.gz", &exts()), Some((Kind::Jsonl, true)));
        assert_eq!(classify("notes.md", &exts()), Some((Kind::PlainText, false)));
        assert_eq!(classify("image.png", &exts()), None);
        assert_eq!(classify("README", &exts()), None);
    }

    #[test]
    fn decode_rejects_binary_invalid_and_empty() {
        assert_eq!(decode_text(b"ab\0cd".to_vec()), Err(DocumentError::Binary { offset: 2 }));
        assert_eq!(decode_text(b"ok \xff\xfe".to_vec()), Err(DocumentError::InvalidUtf8 { offset: 3, mostly_utf8: false }));
        // Regression: a UTF-8 file with one stray byte was told to convert from Windows-1252,
        // which garbles its every accented letter.
        let damaged = decode_text(b"Caf\xc3\xa9 in Montr\xc3\xa9al \x92s".to_vec()).unwrap_err();
        assert_eq!(damaged, DocumentError::InvalidUtf8 { offset: 19, mostly_utf8: true });
        assert!(damaged.to_string().contains("iconv -f UTF-8 -t UTF-8 -c") && !damaged.to_string().contains("WINDOWS-1252"), "{damaged}");
        // Wherever the stray byte stands; and a Windows-1252 file after a byte order mark is one.
        assert_eq!(decode_text(b"\x92s Caf\xc3\xa9 in Montr\xc3\xa9al".to_vec()), Err(DocumentError::InvalidUtf8 { offset: 0, mostly_utf8: true }));
        assert_eq!(decode_text(b"\xef\xbb\xbfK\xf6ln und M\xfcnchen".to_vec()), Err(DocumentError::InvalidUtf8 { offset: 4, mostly_utf8: false }));
        assert_eq!(decode_text(b" \n\t ".to_vec()), Err(DocumentError::Empty));
        // Regression: a UTF-8 byte order mark alone (Notepad's empty file) was a document.
        assert_eq!(decode_text(b"\xEF\xBB\xBF\r\n".to_vec()), Err(DocumentError::Empty));
        assert_eq!(decode_text("café\r\n".as_bytes().to_vec()).unwrap(), "café\r\n");
        // Regression (hunter T): lines ended by CR alone were turned into LF, and the text was
        // no longer the file's (the contract: no newline translation).
        let origin = || Origin { doc_id: "a.txt".into(), source: "a.txt".into() };
        let doc = document_from_bytes(origin(), Kind::PlainText, b"Storm hits coast\r\rThe storm hit on Monday.\r".to_vec()).unwrap();
        assert_eq!(doc.text, "Storm hits coast\r\rThe storm hit on Monday.\r");
    }

    #[test]
    fn a_tab_separated_table_is_told_from_an_article_with_tabs() {
        assert!(tab_separated_table("id\ttitle\ttext\n1\tCouncil meets\tThe council met.\n2\tStorm hits\tA storm struck.\n"));
        assert!(!tab_separated_table("Council meets\n\n\tThe council met.\n\tIt voted.\n"));
        // Few lines of a results table in an article, and a transcript's two columns.
        assert!(!tab_separated_table("Team\tPlayed\tPoints\nThe table after Sunday:\nArsenal\t20\t50\nChelsea\t20\t41\nFans cheered.\nThe next round is in May.\n"));
        assert!(!tab_separated_table("HOST\tWelcome to the show.\nPM\tThank you for having me.\nHOST\tLet us begin.\n"));
        assert!(!tab_separated_table("one line\twith a tab\n"));
    }

    #[test]
    fn html_depth_counts_nesting_not_void_elements() {
        assert_eq!(html_depth(b"<html><body><p>a<br>b</p><div><img src=x/></div></body></html>"), 3);
        assert_eq!(html_depth("<div>".repeat(5000).as_bytes()), 5000);
        assert_eq!(html_depth(b"<!-- <div> --> a < b"), 1);
    }

    #[test]
    fn flattening_drops_only_the_tags_past_the_limit() {
        let page = format!("<html><body>{}<p>Deep text.</p>{}</body></html>", "<div>".repeat(50), "</div>".repeat(50));
        let flat = flatten_html(page.as_bytes(), 10);
        assert_eq!(html_depth(&flat), 10);
        let flat = String::from_utf8(flat).unwrap();
        assert!(flat.contains("<p>Deep text.</p>"));
        assert_eq!(flat.matches("<div>").count(), 8);
        assert_eq!(flat.matches("</div>").count(), 8);
        assert_eq!(flatten_html(page.as_bytes(), 100), page.as_bytes());
    }

    #[test]
    fn inventory_counts_units_and_files_skipped_by_extension() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("in");
        std::fs::create_dir_all(root.join("sub")).unwrap();
        std::fs::write(root.join("a.txt"), "Text.\n").unwrap();
        std::fs::write(root.join("feed.jsonl"), "{\"text\": \"1\"}\n\n  \n{\"text\": \"2\"}\n{\"text\": \"3\"}").unwrap();
        std::fs::write(root.join("paper.pdf"), "%PDF").unwrap();
        std::fs::write(root.join("sub/scan.png"), "PNG").unwrap();
        let config = InputConfig { paths: vec![root.to_string_lossy().into_owned()], ..InputConfig::default() };
        let inventory = inventory(&config, Path::new("no-output")).unwrap();
        assert_eq!((inventory.files, inventory.jsonl.len(), inventory.skipped_by_extension, inventory.units()), (1, 1, 2, 4));
        let glob = InputConfig { paths: vec![format!("{}/*.pdf", root.display())], ..InputConfig::default() };
        let err = super::inventory(&glob, Path::new("no-output")).unwrap().mistake(&glob, || false).unwrap_err().to_string();
        assert!(err.contains("the glob matches no input file; 1 file(s) skipped"), "{err}");
    }

    #[test]
    fn utf32_a_pdf_and_an_rtf_under_a_text_files_name_are_told() {
        // Regressions (a new user's first hour): UTF-32 was read as UTF-16, a document of
        // NUL-interleaved letters; a PDF saved as .txt got the advice to convert it from
        // Windows-1252, and an RTF became a document of control words.
        let text = "\u{feff}Storm hits Zürich 🌩.";
        let le: Vec<u8> = text.chars().flat_map(|c| u32::from(c).to_le_bytes()).collect();
        let be: Vec<u8> = text.chars().flat_map(|c| u32::from(c).to_be_bytes()).collect();
        assert_eq!(decode_text(le.clone()).unwrap(), text);
        assert_eq!(decode_text(be).unwrap(), text);
        assert_eq!(decode_text(le[..le.len() - 1].to_vec()).unwrap_err(), DocumentError::InvalidUtf32 { offset: le.len() - 4 });
        for (bytes, what) in [(&b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"[..], "a PDF"), (&b"{\\rtf1\\ansi{\\fonttbl\\f0\\fswiss Helvetica;}\\f0\\pard Joe Biden}"[..], "a word processor's document")] {
            assert!(matches!(decode_text(bytes.to_vec()), Err(DocumentError::Format { what: found, .. }) if found == what), "{what}");
        }
    }

    #[test]
    fn utf16_with_a_byte_order_mark_is_decoded() {
        let text = "\u{feff}Zürich, 3 May.\nThe vote 🗳 passed.";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(decode_text(le.clone()).unwrap(), text);
        assert_eq!(decode_text(be).unwrap(), text);
        let mut unpaired = le[..le.len() - 2].to_vec();
        unpaired.extend(0xD800u16.to_le_bytes());
        assert_eq!(decode_text(unpaired).unwrap_err(), DocumentError::InvalidUtf16 { offset: le.len() - 2 });
        assert_eq!(decode_text(vec![0xFF, 0xFE, b' ', 0]).unwrap_err(), DocumentError::Empty);
        // Without the mark it is refused with the conversion that reads it (regression, a hunt:
        // "binary file", no hint).
        assert_eq!(decode_text(le[2..].to_vec()).unwrap_err(), DocumentError::Utf16WithoutMark { encoding: "UTF-16LE" });
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(decode_text(be[2..].to_vec()).unwrap_err(), DocumentError::Utf16WithoutMark { encoding: "UTF-16BE" });
        assert!(matches!(decode_text(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0".to_vec()), Err(DocumentError::Binary { .. })));
    }

    #[test]
    fn a_field_by_its_path_into_the_records_objects() {
        let record: serde_json::Value = serde_json::from_str(r#"{"a.b": 1, "fields": {"body": "x"}, "meta.info": {"date": "2024-03-06"}}"#).unwrap();
        let object = record.as_object().unwrap();
        assert_eq!(field(object, "a.b"), Some(&serde_json::json!(1)));
        assert_eq!(field(object, "fields.body"), Some(&serde_json::json!("x")));
        assert_eq!(field(object, "meta.info.date"), Some(&serde_json::json!("2024-03-06")));
        assert_eq!(field(object, "fields.missing"), None);
    }

    #[test]
    fn record_dates_and_authors_in_the_forms_exports_write() {
        let file = SourceFile { path: "f.jsonl".into(), root: 0, relative: "f.jsonl".into(), kind: Kind::Jsonl, gzip: false, stamp: None, source: "f.jsonl".into() };
        let read = |line: &str| load_json_line(&file, 1, line, &JsonlConfig::default()).unwrap().given;
        // (And MongoDB's extended JSON, as mongoexport writes it: both were null, without a word.)
        for published in ["1662541200", "\"1662541200\"", "1662541200000", "\"2022-09-07T09:00:00Z\"", "\"Sep 7, 2022\"", r#"{"$date": "2022-09-07T09:00:00Z"}"#, r#"{"$date": {"$numberLong": "1662541200000"}}"#] {
            let given = read(&format!("{{\"text\": \"Body.\", \"published\": {published}}}"));
            assert_eq!(given.published.as_deref(), Some("2022-09-07"), "{published}");
        }
        // Compact dates (GDELT, Common Crawl) are no Unix times; Python's NaN is null.
        for published in ["\"20220907\"", "\"20220907103000\""] {
            let given = read(&format!("{{\"text\": \"Body.\", \"published\": {published}, \"score\": NaN}}"));
            assert_eq!(given.published.as_deref(), Some("2022-09-07"), "{published}");
        }
        assert!(read(r#"{"text": "NaN is not a number, nor is Infinity.", "title": NaN}"#).title.is_none());
        let id = |line: &str| load_json_line(&file, 1, line, &JsonlConfig::default()).unwrap().origin.doc_id;
        assert_eq!(id(r#"{"id": {"$oid": "65e8a0c1"}, "text": "Body."}"#), "f.jsonl#65e8a0c1");
        // A CMS's HTML in the text field, entities in the title.
        let doc = load_json_line(&file, 1, r#"{"title": "Tram line &#8211; City Desk", "text": "<p>The council approved the <a href='/x'>tram</a> line on Tuesday.</p>\n<p>Work starts in 2025.</p>"}"#, &JsonlConfig::default()).unwrap();
        assert_eq!(doc.text, "Tram line – City Desk\n\nThe council approved the tram line on Tuesday.\n\nWork starts in 2025.");
        let scripted = load_json_line(&file, 1, r#"{"text": "<p>Rates held.</p><script>var x = 1;</script><style>.p{color:red}</style>"}"#, &JsonlConfig::default()).unwrap();
        assert_eq!(scripted.text, "Rates held.");
        assert_eq!(read(r#"{"text": "Body.", "published": 20220907}"#).published.as_deref(), Some("2022-09-07"));
        // A JSON array of records with Python's NaN; a title's "&" that starts no entity.
        assert_eq!(json_records(br#"[{"text": "Body.", "score": NaN}]"#).unwrap().len(), 1);
        // Regression: an API response or a DataFrame written by column was "record 1: missing
        // field text", its records lost without a word on how to read them.
        let message = |json: &str| envelope(&serde_json::from_str(json).unwrap(), "text").unwrap_or_default();
        assert!(message(r#"{"status": "ok", "articles": [{"title": "A", "content": "B"}]}"#).contains("jq -c '.articles[]'"));
        // (Regression, a user's own exports: a record without its body, as R's jsonlite writes
        // a missing value, was told its text was in `source`, a domain; a URL list's in a link.)
        let hint = |json: &str| longest_text(serde_json::from_str::<serde_json::Value>(json).unwrap().as_object().unwrap(), &JsonlConfig::default());
        assert_eq!(hint(r#"{"id": 2, "title": "Council meets", "source": "thelocal.example.de", "media_url": "https://example.com/a"}"#), None);
        assert_eq!(hint(r#"{"id": 2, "post": "市议会周一开会批准了明年的预算案并讨论了新的电车线路和学校建设的计划，工程预计明年春天开工"}"#).as_deref(), Some("post"));
        // (Regression, a user's own exports: a news API's saved page, its articles a level down,
        // got "missing field text" and a hint to read the NYT's copyright notice.)
        let guardian = r#"{"response": {"status": "ok", "total": 2, "results": [{"id": "a", "webTitle": "A", "fields": {"bodyText": "B"}}]}}"#;
        assert!(message(guardian).contains("jq -c '.response.results[]'"), "{}", message(guardian));
        let nyt = r#"{"status": "OK", "copyright": "Copyright (c) 2021 The New York Times Company. All Rights Reserved.", "response": {"docs": [{"_id": "a", "headline": {"main": "A"}, "pub_date": "2021-03-04", "lead_paragraph": "B"}], "meta": {"hits": 1}}}"#;
        assert!(message(nyt).contains("jq -c '.response.docs[]'"), "{}", message(nyt));
        assert_eq!(message(r#"{"id": "a", "maintext": "Body.", "meta": {"tags": [{"name": "x"}, {"name": "y"}]}}"#), "", "a record whose metadata holds a list");
        assert!(message(r#"{"title": {"0": "A", "1": "B"}, "body": {"0": "x", "1": "y"}}"#).contains("orient=\"records\""));
        assert!(message(r#"{"columns": ["title"], "index": [0], "data": [["A"]]}"#).contains("orient=\"records\""));
        // (pandas' default export of a frame with a text column: "field text is not a string".)
        assert!(message(r#"{"id": {"0": "a", "1": "b"}, "text": {"0": "x", "1": "y"}}"#).contains("orient=\"records\""));
        assert_eq!(message(r#"{"id": "a", "text": "Body.", "tags": [{"name": "x"}]}"#), "", "a record with a list of objects in it");
        assert_eq!(message(r#"{"text": "Body.", "columns": ["a"], "data": [1]}"#), "", "a record with fields named as a frame's");
        let doc = load_json_line(&file, 1, r#"{"text": "Body.", "title": "Tom&notes"}"#, &JsonlConfig::default()).unwrap();
        assert_eq!(doc.title_text(), Some("Tom&notes"));
        let plain = load_json_line(&file, 1, r#"{"text": "Use <b> for bold, a < b."}"#, &JsonlConfig::default()).unwrap();
        assert_eq!(plain.text, "Use <b> for bold, a < b.");
        // (news-please's export: "date_publish" was read as no date, without a word. Hunt 10.)
        assert_eq!(read(r#"{"text": "Body.", "date_publish": "2019-07-31 10:02:00"}"#).published_guess.as_deref(), Some("2019-07-31"));
        let given = read(r#"{"text": "Body.", "published": "yesterday", "authors": [{"name": "Jane Roe", "url": "x"}, "John Doe", 7]}"#);
        assert_eq!(given.published, None);
        assert_eq!(given.authors.as_deref(), Some("Jane Roe; John Doe"));
    }

    #[test]
    fn sha256_of_empty_input() {
        assert_eq!(sha256_hex(b""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    #[test]
    fn json_line_with_title_puts_title_first() {
        let file = SourceFile { path: "f.jsonl".into(), root: 0, relative: "f.jsonl".into(), kind: Kind::Jsonl, gzip: false, stamp: None, source: "f.jsonl".into() };
        let doc = load_json_line(&file, 1, r#"{"id": 7, "title": "Big  news", "text": "Body."}"#, &JsonlConfig::default()).unwrap();
        assert_eq!(doc.origin.doc_id, "f.jsonl#7");
        assert_eq!(doc.text, "Big news\n\nBody.");
        assert_eq!(doc.title_text(), Some("Big news"));
        let err = load_json_line(&file, 3, r#"{"id": 1}"#, &JsonlConfig::default()).unwrap_err();
        assert!(err.to_string().contains("line 3") && err.to_string().contains("text_field"), "{err}");
    }

    #[test]
    fn a_records_whole_page_is_read_as_an_html_file_is() {
        // Regression: a crawl's record holding a whole page lost its headline and date, and
        // its <title> became body text.
        let file = SourceFile { path: "f.jsonl".into(), root: 0, relative: "f.jsonl".into(), kind: Kind::Jsonl, gzip: false, stamp: None, source: "f.jsonl".into() };
        let page = "<!DOCTYPE html><html><head><title>Talks resume | Site</title><meta property=\"article:published_time\" content=\"2023-04-10T09:00:00Z\"></head><body><nav>Home World</nav><article><h1>Albania and Iran: talks resume</h1><p>Edi Rama met officials in Tirana on Wednesday to discuss the resumption of talks between the two countries.</p><p>The talks had been suspended for two years after a cyber attack on government systems.</p></article></body></html>";
        let line = serde_json::json!({"id": "p", "text": page}).to_string();
        let doc = load_json_line(&file, 1, &line, &JsonlConfig::default()).unwrap();
        assert_eq!(doc.title_text(), Some("Albania and Iran: talks resume"));
        assert_eq!(doc.published.as_deref(), Some("2023-04-10"));
        assert!(!doc.text.contains("| Site") && !doc.text.contains('<'), "{}", doc.text);
        // The record's own fields come first.
        let line = serde_json::json!({"id": "p", "text": page, "title": "Talks resume in Tirana", "published": "2023-04-11"}).to_string();
        let doc = load_json_line(&file, 1, &line, &JsonlConfig::default()).unwrap();
        assert_eq!(doc.title_text(), Some("Talks resume in Tirana"));
        assert_eq!(doc.published.as_deref(), Some("2023-04-11"));
        // ...without the site's name a <title> holds.
        let line = serde_json::json!({"id": "p", "text": page, "title": "Albania and Iran: talks resume | Site"}).to_string();
        let doc = load_json_line(&file, 1, &line, &JsonlConfig::default()).unwrap();
        assert_eq!(doc.title_text(), Some("Albania and Iran: talks resume"));
        // A page saved with a comment first, declaring a legacy charset (review: the text came
        // out as "JÃ¼rgen", or the <title> and menu as body text).
        let legacy = format!("<!-- saved from url=(0031)https://example.com/talks -->\n{}", page.replace("<head>", "<head><meta charset=\"iso-8859-1\">").replace("Edi Rama", "Jürgen Müller"));
        let line = serde_json::json!({"id": "p", "text": legacy}).to_string();
        let doc = load_json_line(&file, 1, &line, &JsonlConfig::default()).unwrap();
        assert_eq!(doc.title_text(), Some("Albania and Iran: talks resume"));
        assert!(doc.text.contains("Jürgen Müller met") && !doc.text.contains("| Site"), "{}", doc.text);
        // The text's own words stay as they are.
        let said = page.replace("Edi Rama met", "The page said charset=windows-1252. Edi Rama met");
        let doc = load_json_line(&file, 1, &serde_json::json!({"id": "p", "text": said}).to_string(), &JsonlConfig::default()).unwrap();
        assert!(doc.text.contains("charset=windows-1252"), "{}", doc.text);
    }
}

#[cfg(test)]
mod order_tests {
    use super::*;

    /// Reruns match the old manifest against the walk in one pass, which holds only if the walk
    /// yields units in `Position` order.
    #[test]
    fn the_walk_yields_units_in_position_order() {
        let dir = tempfile::tempdir().unwrap();
        let names = [
            "a.txt", "a-b.txt", "a/x.txt", "a/b/c.txt", "a.b/y.txt", "a b.txt", "B.txt", "b.txt", "ä.txt", "z/0.txt", "z/10.txt",
            "z/9.txt", "feed.jsonl", "other/feed.jsonl", "_.txt", "A/a.txt",
        ];
        for name in names {
            let path = dir.path().join("root").join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            let body = if name.ends_with(".jsonl") { (1..=12).map(|i| format!("{{\"text\":\"Line {i}.\"}}\n")).collect() } else { "Text.\n".to_string() };
            std::fs::write(path, body).unwrap();
        }
        std::fs::write(dir.path().join("single.txt"), "Text.\n").unwrap();
        let root = dir.path().join("root").to_string_lossy().into_owned();
        let single = dir.path().join("single.txt").to_string_lossy().into_owned();
        let config = InputConfig { paths: vec![root.clone(), single, format!("{root}/z/*.txt")], ..InputConfig::default() };
        let positions: Vec<Position> = pending_units(discover(&config, Path::new("no-output")).unwrap(), &config).map(|unit| unit.position()).collect();
        assert_eq!(positions.len(), names.len() + 2 * 11 + 1 + 3, "{positions:?}");
        for pair in positions.windows(2) {
            assert!(pair[0] < pair[1], "{:?} then {:?}", pair[0], pair[1]);
        }
    }
}
