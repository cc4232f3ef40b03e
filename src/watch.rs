//! `textmill watch`: run, then run again after the inputs or the config change.
//!
//! Only content changes count: a file created, written, removed or renamed. Opening or reading
//! a file is not a change (every run opens its inputs, so reacting to that would rerun for
//! ever), and neither is a change of its metadata alone. Changes inside the output directory or
//! a `.textmill` state directory are ignored (the run's own writes must not trigger a run).
//! Changes are debounced: a burst of writes from a feed becomes one run, once the inputs have
//! been quiet for the debounce time.

use std::path::{Path, PathBuf};
use std::sync::mpsc::RecvTimeoutError;
use std::time::Duration;

use notify::event::{AccessKind, AccessMode, ModifyKind};
use notify::{Event, EventKind, RecursiveMode, Watcher};

use crate::config::Settings;
use crate::error::RunError;

/// Call `run` once, then after every debounced change, until the event channel closes.
pub fn watch(settings: &Settings, debounce: Duration, mut run: impl FnMut(&Settings)) -> Result<(), RunError> {
    let (sender, events) = std::sync::mpsc::channel::<notify::Result<Event>>();
    let mut watcher = notify::recommended_watcher(sender).map_err(|err| watch_error(Path::new("."), err))?;
    let mut watched: Vec<PathBuf> = Vec::new();
    for input in &settings.config.input.paths {
        let path = watch_root(Path::new(input));
        watcher.watch(&path, RecursiveMode::Recursive).map_err(|err| watch_error(&path, err))?;
        watched.push(path);
    }
    if let Some(config) = &settings.config_path {
        watcher.watch(config, RecursiveMode::NonRecursive).map_err(|err| watch_error(config, err))?;
    }
    let output = std::fs::canonicalize(&settings.config.output.dir).unwrap_or_else(|_| settings.config.output.dir.clone());
    let mut current = settings.clone();
    run(&current);
    eprintln!("textmill: watching {} for changes (Ctrl-C to stop)", watched.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", "));
    loop {
        // A content change, then quiet for `debounce`.
        match events.recv() {
            Ok(Ok(event)) if is_relevant(&event, &output) => {}
            Ok(_) => continue,
            Err(_) => return Ok(()),
        }
        loop {
            match events.recv_timeout(debounce) {
                Ok(_) => continue,
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return Ok(()),
            }
        }
        // A changed config is read again; a broken one is reported and the old one kept.
        if let Some(config_path) = &settings.config_path {
            match crate::config::PipelineConfig::from_file(config_path) {
                Ok(mut config) => {
                    config.input.paths.clone_from(&settings.config.input.paths);
                    config.output.dir.clone_from(&settings.config.output.dir);
                    config.output.format = settings.config.output.format;
                    current.config = config;
                }
                Err(err) => eprintln!("textmill: config not reloaded: {err}"),
            }
        }
        run(&current);
    }
}

/// Whether `event` is a content change outside the output directory and state directories.
fn is_relevant(event: &Event, output: &Path) -> bool {
    if !(is_content_change(&event.kind) || event.need_rescan()) {
        return false;
    }
    event.paths.iter().any(|path| {
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.clone());
        !path.starts_with(output) && !path.components().any(|part| part.as_os_str() == crate::source::STATE_DIR_NAME)
    })
}

/// A change to what a file holds or whether it is there: created, written, removed, renamed.
/// Opening, reading and closing after a read are not, nor metadata (times, permissions) alone.
pub fn is_content_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Create(_) | EventKind::Remove(_) => true,
        EventKind::Modify(ModifyKind::Metadata(_)) => false,
        EventKind::Modify(_) => true,
        // Closed after writing: the end of a write.
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) | EventKind::Other => false,
        // A backend that cannot tell what happened.
        EventKind::Any => true,
    }
}

/// The directory to watch for an input that may be a file or a glob.
fn watch_root(input: &Path) -> PathBuf {
    if input.exists() {
        return input.to_path_buf();
    }
    let mut base = PathBuf::new();
    for part in input.components() {
        if part.as_os_str().to_string_lossy().contains(['*', '?', '[', '{']) {
            break;
        }
        base.push(part);
    }
    if base.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        base
    }
}

fn watch_error(path: &Path, err: notify::Error) -> RunError {
    RunError::Input { path: path.to_path_buf(), message: format!("cannot watch: {err}") }
}

#[cfg(test)]
mod tests {
    use notify::event::{AccessKind, AccessMode, CreateKind, DataChange, MetadataKind, ModifyKind, RemoveKind, RenameMode};
    use notify::EventKind;

    use super::*;

    #[test]
    fn only_content_changes_trigger_a_run() {
        let changes = [
            EventKind::Create(CreateKind::File),
            EventKind::Modify(ModifyKind::Data(DataChange::Any)),
            EventKind::Modify(ModifyKind::Name(RenameMode::Both)),
            EventKind::Remove(RemoveKind::File),
            EventKind::Access(AccessKind::Close(AccessMode::Write)),
        ];
        let not_changes = [
            EventKind::Access(AccessKind::Open(AccessMode::Any)),
            EventKind::Access(AccessKind::Read),
            EventKind::Access(AccessKind::Close(AccessMode::Read)),
            EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime)),
            EventKind::Modify(ModifyKind::Metadata(MetadataKind::Any)),
        ];
        assert!(changes.iter().all(is_content_change));
        assert!(!not_changes.iter().any(is_content_change));
    }

    #[test]
    fn changes_in_the_output_and_state_directories_are_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("out");
        let written = |path: PathBuf| Event::new(EventKind::Modify(ModifyKind::Data(DataChange::Any))).add_path(path);
        assert!(is_relevant(&written(dir.path().join("a.txt")), &output));
        assert!(!is_relevant(&written(output.join("documents.csv")), &output));
        assert!(!is_relevant(&written(dir.path().join("old/.textmill/manifest.jsonl")), &output));
        let opened = Event::new(EventKind::Access(AccessKind::Open(AccessMode::Any))).add_path(dir.path().join("a.txt"));
        assert!(!is_relevant(&opened, &output));
    }
}
