//! Typed errors of the library. Every error carries what a user needs to act on it:
//! the file or document, the stage, or the configuration key.

use std::path::PathBuf;

/// A configuration problem; the run does not start (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config file {path}: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("{path}: key `{key}`: {message}")]
    Invalid { path: PathBuf, key: String, message: String },
    #[error("{}", .0.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n"))]
    Many(Vec<ConfigError>),
}

/// Why one document could not be processed. The run goes on without it (exit code 1).
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum DocumentError {
    #[error("{READ_FAILURE}{0}")]
    Unreadable(String),
    #[error("empty document (no non-whitespace text)")]
    Empty,
    #[error("binary file (NUL byte at offset {offset}); not a text document")]
    Binary { offset: usize },
    /// Every other byte NUL: UTF-16 text saved without its byte order mark.
    #[error("UTF-16 text without a byte order mark (every other byte is NUL); convert the file to UTF-8 in place: iconv -f {encoding} -t UTF-8 FILE > FILE.part && mv FILE.part FILE")]
    Utf16WithoutMark { encoding: &'static str },
    /// `mostly_utf8`: the bytes are UTF-8 with a few damaged ones.
    #[error("invalid UTF-8 at byte {offset}; {}", utf8_advice(*mostly_utf8))]
    InvalidUtf8 { offset: usize, mostly_utf8: bool },
    #[error("invalid UTF-16 at byte {offset} (the file opens with a UTF-16 byte order mark); convert the file to UTF-8 first")]
    InvalidUtf16 { offset: usize },
    #[error("invalid UTF-32 at byte {offset} (the file opens with a UTF-32 byte order mark); convert the file to UTF-8 first: iconv -f UTF-32 -t UTF-8 FILE > FILE.part && mv FILE.part FILE")]
    InvalidUtf32 { offset: usize },
    #[error("document is {}, over the limit input.max_document_bytes = {limit}", size_read(*size, *limit))]
    TooLarge { size: u64, limit: u64 },
    #[error("corrupt gzip stream: {0}")]
    BadGzip(String),
    /// A JSONL line or a JSON array's element that is no usable record (`at`: "line 3", "record 3").
    #[error("{at}: {message}")]
    BadRecord { at: String, message: String },
    #[error("{0}")]
    BadJson(String),
    #[error("JSON file is {size} bytes, over the limit input.max_document_bytes = {limit} (a .json file is read whole); convert it to JSON Lines, read record by record: jq -c '.[]' FILE.json > FILE.jsonl")]
    JsonTooLarge { size: u64, limit: u64 },
    #[error("HTML extraction failed: {0}")]
    Html(String),
    /// A table of documents (CSV, TSV) named as an input: read as one text it would be one
    /// document of comma-separated lines.
    #[error("{}", .0.advice())]
    Table(TableShape),
    /// A file of a format that is no text (a word processor's, an archive), named as an input.
    #[error("{what}, not a text document; {how}")]
    Format { what: &'static str, how: &'static str },
    /// A news database's export of many articles in one text file (Nexis Uni, Factiva, ProQuest).
    #[error("{what} of {articles} articles, not one document; textmill reads one article per file: split it into a file per article, for example with {how}")]
    Export { what: &'static str, articles: usize, how: &'static str },
    /// An RSS or Atom feed: many articles' items in one XML file.
    #[error("an {0} feed holds many articles, not one document; textmill reads one document per file or per JSONL line: write its items as JSONL (Python feedparser: one {{\"id\": link, \"title\": ..., \"published\": ..., \"text\": ...}} per entry)")]
    Feed(&'static str),
    #[error("{stage} stage failed: {message}")]
    Stage { stage: &'static str, message: String },
}

/// A failure that stops the whole run (output directory unwritable, model missing...).
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error("input {path}: {message}")]
    Input { path: PathBuf, message: String },
    #[error("output {path}: {source}")]
    Output { path: PathBuf, source: std::io::Error },
    #[error("writing table {table} to {}: {message}", path.display())]
    Table { table: String, path: PathBuf, message: String },
    #[error("{stage} stage: {message}")]
    StageSetup { stage: &'static str, message: String },
    #[error("another textmill run is using {path} (lock held{}); wait for it to finish", if holder.is_empty() { String::new() } else { format!(" by pid {holder}") })]
    Locked { path: PathBuf, holder: String },
    /// The output directory holds files with tables' names that no run wrote there.
    #[error("output {}: {names} {} no table textmill wrote (not the table's columns or part files), and a run would replace {}; move {} elsewhere (or delete {}, if damaged) or choose another output.dir", path.display(), if *several { "are" } else { "is" }, if *several { "them" } else { "it" }, if *several { "them" } else { "it" }, if *several { "them" } else { "it" })]
    ForeignTables { path: PathBuf, names: String, several: bool },
    /// `textmill merge` refused its parts (which part, and why).
    #[error("merge refused: {message}")]
    Merge { message: String },
}

/// How an [`DocumentError::Unreadable`] message begins (the manifest keeps only the message).
const READ_FAILURE: &str = "cannot read file: ";

/// How the message of a document dropped for another's doc_id begins.
pub const DUPLICATE_ID: &str = "duplicate doc_id ";

impl DocumentError {
    /// Whether an `errors` message says the document was dropped for another's doc_id: a
    /// failure that depends on the other documents, not only on its own source.
    pub fn is_duplicate_id(message: &str) -> bool {
        message.starts_with(DUPLICATE_ID)
    }

    /// Whether an `errors` message says the file could not be read (permissions, I/O), rather
    /// than what it holds.
    pub fn is_read_failure(message: &str) -> bool {
        message.starts_with(READ_FAILURE)
    }

    /// Bytes that are not UTF-8 (`error` from decoding them). They are UTF-8 with damaged bytes
    /// when they hold more UTF-8 letters beyond ASCII than bytes that are no UTF-8 (a file of
    /// Windows-1252 has only the latter, or a byte order mark and the latter).
    pub fn invalid_utf8(bytes: &[u8], error: &std::str::Utf8Error) -> DocumentError {
        let (mut letters, mut invalid) = (0, 0);
        for chunk in bytes.utf8_chunks() {
            letters += chunk.valid().chars().filter(|c| !c.is_ascii() && *c != '\u{feff}').count();
            invalid += chunk.invalid().len();
        }
        DocumentError::InvalidUtf8 { offset: error.valid_up_to(), mostly_utf8: letters > invalid }
    }
}

/// How to mend a file that is not UTF-8. A file that is mostly UTF-8 has damaged or mixed-in
/// bytes: converting it all from Windows-1252 would garble every letter it has right ("café"
/// into "cafÃ©").
fn utf8_advice(mostly_utf8: bool) -> &'static str {
    match mostly_utf8 {
        true => "the file holds more UTF-8 accented letters than such bytes, so it is UTF-8 with damaged or mixed-in bytes: mend the bytes there, or drop every invalid byte: iconv -f UTF-8 -t UTF-8 -c FILE > FILE.part && mv FILE.part FILE",
        false => "convert the file to UTF-8 in place (a Windows \"ANSI\" file is usually Windows-1252): iconv -f WINDOWS-1252 -t UTF-8 FILE > FILE.part && mv FILE.part FILE",
    }
}

/// A size as far as it was read: reading stops one byte past the limit (a gzip file is not
/// inflated further than that), so such a size says only "more than the limit".
fn size_read(size: u64, limit: u64) -> String {
    match size == limit + 1 {
        true => format!("more than {limit} bytes"),
        false => format!("{size} bytes"),
    }
}

/// What a table of documents (CSV, TSV) named as an input looks like from its first rows: how
/// pandas reads it, and whether it holds articles' text at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableShape {
    /// "CSV" or "TSV": what its cells are separated by (a `.csv` of tabs, as `trafilatura
    /// --csv` writes, is TSV).
    pub format: &'static str,
    /// Its first row names the columns.
    pub header: bool,
    /// Characters of the longest cell of the rows read (0 when not read): a table of links and
    /// codes (GDELT, Media Cloud) holds no article's text.
    pub longest_cell: usize,
}

/// A table's cell this long or longer may be an article's text.
const ARTICLE_CELL_CHARS: usize = 200;

impl TableShape {
    /// The shape of a table whose first bytes are `head` (`None`: not read), named `.csv` or `.tsv`.
    pub fn sniff(extension: &str, head: Option<&str>) -> TableShape {
        let Some(head) = head else {
            return TableShape { format: if extension == "tsv" { "TSV" } else { "CSV" }, header: true, longest_cell: 0 };
        };
        let rows: Vec<&str> = head.lines().filter(|line| !line.trim().is_empty()).take(20).collect();
        let first = rows.first().copied().unwrap_or("");
        let tabbed = extension == "tsv" || first.matches('\t').count() > first.matches(',').count();
        let separator = if tabbed { '\t' } else { ',' };
        let cell = |cell: &str| cell.trim().trim_matches('"').to_string();
        // (Column names: short, with a letter, no number, no link, each once.)
        let names: Vec<String> = first.split(separator).map(cell).collect();
        let name_like = |name: &String| !name.is_empty() && name.chars().count() <= 40 && name.chars().any(char::is_alphabetic) && name.parse::<f64>().is_err() && !name.contains("://");
        let distinct = names.iter().enumerate().all(|(i, name)| !names[..i].contains(name));
        let header = names.iter().all(name_like) && distinct;
        // (Read as CSV: an article's text in quotes holds commas.)
        let records = csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(separator as u8).from_reader(head.as_bytes());
        let longest_cell = records.into_records().take(20).map_while(Result::ok).filter_map(|row| row.iter().map(|c| c.chars().count()).max()).max().unwrap_or(0);
        TableShape { format: if tabbed { "TSV" } else { "CSV" }, header, longest_cell }
    }

    /// What to tell its user: what it is and how to make JSON Lines of it.
    pub fn advice(&self) -> String {
        let sep = if self.format == "TSV" { ", sep=\"\\t\"" } else { "" };
        let header = if self.header { "" } else { ", header=None" };
        let mut advice = format!(
            "a {} file is a table, not a document; textmill reads one document per .txt/.md/.html file or per .jsonl line: convert it to JSONL (pandas: pd.read_csv(path{sep}{header}).to_json(\"docs.jsonl\", orient=\"records\", lines=True))",
            self.format
        );
        if !self.header {
            advice.push_str("; its first row holds values, not column names: name the columns (names=[...]), the article's text \"text\"");
        }
        if self.longest_cell > 0 && self.longest_cell < ARTICLE_CELL_CHARS {
            advice.push_str(&format!(
                "; no cell of its first rows is an article's text (the longest has {} characters): a table of links or codes (GDELT, Media Cloud) needs its articles fetched first",
                self.longest_cell
            ));
        }
        advice
    }
}

#[cfg(test)]
mod tests {
    use super::TableShape;

    #[test]
    fn a_tables_first_rows_say_how_pandas_reads_it() {
        // Regression (a user's exports): `trafilatura --csv` writes a headerless table of tabs
        // under .csv, and GDELT's export is one of codes and links; both were told to read it
        // as a comma-separated table with a header.
        let article = "Officials in Lisbon said on Monday that the bridge would reopen after repairs. ".repeat(4);
        let trafilatura = format!("https://example.com/a\t\tStorm hits Lisbon\t2024-03-01\t{article}\n");
        let shape = TableShape::sniff("csv", Some(&trafilatura));
        assert_eq!((shape.format, shape.header), ("TSV", false));
        assert!(shape.advice().contains(r#"pd.read_csv(path, sep="\t", header=None)"#), "{}", shape.advice());
        assert!(!shape.advice().contains("links or codes"), "{}", shape.advice());
        let gdelt = "980000000\t20210304\t202103\t2021\t2021.1699\tUSA\tUNITED STATES\thttps://example.com/story\n980000001\t20210304\t202103\t2021\t2021.1699\tGBR\tUNITED KINGDOM\thttps://example.com/other\n";
        let shape = TableShape::sniff("csv", Some(gdelt));
        assert!(shape.advice().contains("header=None") && shape.advice().contains("links or codes"), "{}", shape.advice());
        let with_header = format!("title,text,date\nStorm hits Lisbon,\"{article}\",2024-03-01\n");
        let shape = TableShape::sniff("csv", Some(&with_header));
        assert_eq!((shape.format, shape.header), ("CSV", true));
        assert!(shape.advice().contains("pd.read_csv(path).to_json"), "{}", shape.advice());
        // Regression (a new user's review): an article's text in quotes, commas and all, was
        // said to be no article's text ("the longest has 148 characters").
        let text = "Officials in Lisbon said on Monday, after a long night, that the bridge, closed since March, would reopen after repairs to its deck, its rails and its lights. Traffic, they said, would return to normal by Friday, weather permitting.";
        let shape = TableShape::sniff("csv", Some(&format!("id,title,text\n1,Storm hits Lisbon,\"{text}\"\n")));
        assert!(!shape.advice().contains("links or codes"), "{}", shape.advice());
    }
}
