//! File-system helpers shared by the tables, the run state and the gazetteer: a source file's
//! stamp, and files replaced atomically (renamed into place, synced when they must survive a
//! power cut).

use std::fs::File;
use std::io::Write;
use std::path::Path;

use crate::error::{DocumentError, RunError};

/// Size and modification time of a source file.
pub fn file_stamp(path: &Path) -> Option<(u64, i128)> {
    let meta = std::fs::metadata(path).ok()?;
    let mtime = meta.modified().ok()?;
    let ns = match mtime.duration_since(std::time::UNIX_EPOCH) {
        Ok(d) => d.as_nanos() as i128,
        Err(e) => -(e.duration().as_nanos() as i128),
    };
    Some((meta.len(), ns))
}

/// Write a small file atomically: temporary file in the same directory, fsync, rename. The file
/// gets the permissions of any new file (0666 less the umask, like the tables), not the
/// owner-only 0600 of a temporary file.
pub fn write_atomically(path: &Path, contents: &[u8]) -> Result<(), RunError> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let io_error = |source| RunError::Output { path: path.to_path_buf(), source };
    let mut builder = tempfile::Builder::new();
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let mut file = builder.tempfile_in(dir).map_err(io_error)?;
    file.write_all(contents).map_err(io_error)?;
    file.as_file().sync_all().map_err(io_error)?;
    file.persist(path).map_err(|err| io_error(err.error))?;
    sync_dir(dir);
    Ok(())
}

pub(crate) fn sync_dir(dir: &Path) {
    // Makes the renames durable; not every platform can open a directory, which is fine.
    if let Ok(handle) = File::open(dir) {
        let _ = handle.sync_all();
    }
}

/// Write `contents` to a temporary file beside `path` and rename it over `path`.
pub(crate) fn replace_unsynced(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let mut file = tempfile::NamedTempFile::new_in(path.parent().unwrap_or(Path::new(".")))?;
    file.write_all(contents)?;
    file.persist(path).map(drop).map_err(|err| err.error)
}

/// The text of UTF-32 or UTF-16 bytes that open with a byte order mark (kept, as a UTF-8
/// file's is); `None` without one. (UTF-32 first: its little-endian mark opens with UTF-16's.)
pub fn decode_with_mark(bytes: &[u8]) -> Option<Result<String, DocumentError>> {
    decode_utf32(bytes).or_else(|| decode_utf16(bytes))
}

/// The text of UTF-32 bytes that open with a byte order mark (kept); `None` without one.
fn decode_utf32(bytes: &[u8]) -> Option<Result<String, DocumentError>> {
    let from: fn([u8; 4]) -> u32 = match bytes {
        [0xFF, 0xFE, 0, 0, ..] => u32::from_le_bytes,
        [0, 0, 0xFE, 0xFF, ..] => u32::from_be_bytes,
        _ => return None,
    };
    let mut text = String::with_capacity(bytes.len() / 4);
    for (n, unit) in bytes.chunks(4).enumerate() {
        match <[u8; 4]>::try_from(unit).ok().and_then(|unit| char::from_u32(from(unit))) {
            Some(c) => text.push(c),
            None => return Some(Err(DocumentError::InvalidUtf32 { offset: 4 * n })),
        }
    }
    Some(Ok(text))
}

/// The text of UTF-16 bytes that open with a byte order mark (kept, as a UTF-8 file's is);
/// `None` without one.
fn decode_utf16(bytes: &[u8]) -> Option<Result<String, DocumentError>> {
    let from: fn([u8; 2]) -> u16 = match bytes {
        [0xFF, 0xFE, ..] => u16::from_le_bytes,
        [0xFE, 0xFF, ..] => u16::from_be_bytes,
        _ => return None,
    };
    if bytes.len() % 2 != 0 {
        return Some(Err(DocumentError::InvalidUtf16 { offset: bytes.len() - 1 }));
    }
    let units = bytes.chunks_exact(2).map(|pair| from([pair[0], pair[1]]));
    let (mut text, mut units_read) = (String::with_capacity(bytes.len()), 0);
    for decoded in char::decode_utf16(units) {
        match decoded {
            Ok(c) => text.push(c),
            Err(_) => return Some(Err(DocumentError::InvalidUtf16 { offset: 2 * units_read })),
        }
        units_read += decoded.map_or(1, char::len_utf16);
    }
    Some(Ok(text))
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
        let longest_cell = rows.iter().flat_map(|row| row.split(separator)).map(|c| c.chars().count()).max().unwrap_or(0);
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
    }
}
