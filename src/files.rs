//! File-system helpers shared by the tables, the run state and the gazetteer: a source file's
//! stamp, and files replaced atomically (renamed into place, synced when they must survive a
//! power cut).

use std::fs::File;
use std::io::Write;
use std::path::Path;

use crate::error::RunError;

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
