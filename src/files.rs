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

/// A file name or path as text, the bytes that are no UTF-8 shown as `\xNN` (so that two such
/// names stay two, and a doc_id and its source show them alike).
pub fn path_text(name: &std::ffi::OsStr) -> String {
    match name.to_str() {
        Some(name) => name.to_string(),
        None => name.as_encoded_bytes().utf8_chunks().fold(String::new(), |mut text, chunk| {
            text.push_str(chunk.valid());
            text.extend(chunk.invalid().iter().map(|byte| format!("\\x{byte:02X}")));
            text
        }),
    }
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
