//! `textmill watch`: run, then run again after the inputs or the config change.
//!
//! Only content changes count: a file created, written, removed or renamed. Opening or reading
//! a file is not a change (every run opens its inputs, so reacting to that would rerun for
//! ever), and neither is a change of its metadata alone. The run's own writes are ignored: the
//! output directory (only its tables and report when it is an input folder too) and any
//! `.textmill` state directory; so are hidden files unless `input.include_hidden`.
//! Changes are debounced: a burst of writes from a feed becomes one run, once the inputs have
//! been quiet for the debounce time (or after ten times it, under writes that never stop).
//! Everything is watched again before each run, and files through their folders: a file saved
//! by renaming another over it, or a folder replaced, is seen as the change it is.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode, ModifyKind};
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher};

use crate::config::Settings;
use crate::error::RunError;

/// Call `run` once, then after every debounced change, until the process is stopped. After a
/// change of the config file, `reload` resolves the settings again (the file under the flags),
/// inputs and output included; a broken config is reported and the last good one kept.
pub fn watch(
    settings: &Settings,
    debounce: Duration,
    reload: impl Fn() -> Result<Settings, String>,
    mut run: impl FnMut(&Settings),
) -> Result<(), RunError> {
    let (sender, events) = std::sync::mpsc::channel::<notify::Result<Event>>();
    let mut current = settings.clone();
    let mut watching = Watching::start(&current, sender.clone())?;
    run(&current);
    crate::stderr_line!("textmill: watching {} for changes (Ctrl-C to stop)", watching.describe());
    loop {
        // A content change, then quiet for `debounce` (other events, such as reads of a log
        // beside the inputs, do not count), or at most ten times that under steady writes.
        match events.recv() {
            Ok(Ok(event)) if watching.is_relevant(&event) => {}
            Ok(_) => continue,
            Err(_) => return Ok(()),
        }
        let started = Instant::now();
        let mut quiet_since = Instant::now();
        while quiet_since.elapsed() < debounce && started.elapsed() < debounce * 10 {
            match events.recv_timeout(debounce.saturating_sub(quiet_since.elapsed())) {
                Ok(Ok(event)) if watching.is_relevant(&event) => quiet_since = Instant::now(),
                Ok(_) | Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => return Ok(()),
            }
        }
        if current.config_path.is_some() {
            match reload() {
                Ok(settings) => current = settings,
                Err(err) => crate::stderr_line!("textmill: config not reloaded: {err}"),
            }
        }
        // Watched again from scratch before each run: a file saved by renaming another over it
        // (editors, `sed -i`) or a folder replaced is a new file that the old watch never sees.
        drop(watching);
        watching = Watching::start(&current, sender.clone())?;
        run(&current);
    }
}

/// The watches of one set of settings, and which changes concern them.
struct Watching {
    _watcher: RecommendedWatcher,
    /// Input folders (a glob's base folder), watched with all they hold.
    roots: Vec<PathBuf>,
    /// Input files, the config file, alias and pattern files.
    files: Vec<PathBuf>,
    output: PathBuf,
    /// The output folder is an input folder or holds one: only its tables and report are the run's.
    output_holds_inputs: bool,
    include_hidden: bool,
    extensions: Vec<String>,
}

impl Watching {
    fn start(settings: &Settings, sender: Sender<notify::Result<Event>>) -> Result<Watching, RunError> {
        let mut watcher = notify::recommended_watcher(sender).map_err(|err| watch_error(Path::new("."), err))?;
        let (mut roots, mut files) = (Vec::new(), Vec::new());
        for input in &settings.config.input.paths {
            let root = watch_root(Path::new(input));
            let path = std::fs::canonicalize(&root).unwrap_or_else(|_| absolute(&root));
            match path.is_file() {
                true => files.push(path),
                false => roots.push(path),
            }
        }
        files.extend(settings.config_path.iter().chain(&settings.config.user_files()).map(|path| absolute(path)));
        // Each file through its folder (a save by rename replaces the file), each root with what
        // it holds and through its parent (the root itself may be replaced, removed, made again).
        let mut watched: Vec<(PathBuf, RecursiveMode)> = Vec::new();
        for path in roots.iter().filter(|root| root.is_dir()) {
            watched.push((path.clone(), RecursiveMode::Recursive));
        }
        for path in roots.iter().chain(&files) {
            let parent = path.ancestors().skip(1).find(|dir| dir.is_dir()).unwrap_or(Path::new("/")).to_path_buf();
            if !watched.iter().any(|(dir, _)| *dir == parent) {
                watched.push((parent, RecursiveMode::NonRecursive));
            }
        }
        for (path, mode) in &watched {
            watcher.watch(path, *mode).map_err(|err| watch_error(path, err))?;
        }
        let output = absolute(&settings.config.output.dir);
        let output_holds_inputs = roots.iter().chain(&files).any(|input| input.starts_with(&output));
        Ok(Watching { _watcher: watcher, roots, files, output, output_holds_inputs, include_hidden: settings.config.input.include_hidden, extensions: settings.config.input.extensions.clone() })
    }

    fn describe(&self) -> String {
        self.roots.iter().chain(&self.files).map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
    }

    /// Whether `event` is a content change of an input, the config or a file it names, and not
    /// of the run's own output.
    fn is_relevant(&self, event: &Event) -> bool {
        if event.need_rescan() {
            return true;
        }
        is_content_change(&event.kind)
            && event.paths.iter().any(|path| {
                let path = absolute(path);
                if self.files.contains(&path) {
                    return true;
                }
                // A folder on the way to a root that is not there yet (`in/2024/06/*.json`).
                if self.roots.iter().any(|root| root.starts_with(&path) && !root.exists()) {
                    return true;
                }
                let in_root = self.roots.iter().find(|root| path.starts_with(root));
                // Under a root, a hidden file (an editor's swap file) is no input unless they are read.
                let hidden = |root: &PathBuf| {
                    path.strip_prefix(root).is_ok_and(|inside| inside.components().any(|part| crate::source::left_out(part.as_os_str(), self.include_hidden)))
                };
                // A file the walk would leave out for its extension (a log beside the inputs) is
                // none; a folder, or a name with no extension (a folder removed), may hold inputs.
                let readable = || {
                    path.is_dir()
                        || path.extension().is_none()
                        || path.file_name().and_then(|name| name.to_str()).is_some_and(|name| crate::source::classify(name, &self.extensions).is_some())
                };
                in_root.is_some_and(|root| !hidden(root)) && !self.is_output(&path) && readable()
            })
    }

    fn is_output(&self, path: &Path) -> bool {
        let own_name = |part: &std::ffi::OsStr| part.to_str().is_some_and(crate::tables::is_output_name);
        if path.components().any(|part| part.as_os_str() == crate::source::STATE_DIR_NAME) {
            return true;
        }
        match path.strip_prefix(&self.output) {
            Ok(inside) if self.output_holds_inputs => inside.components().next().is_some_and(|first| own_name(first.as_os_str())),
            Ok(_) => true,
            Err(_) => false,
        }
    }
}

/// The path made absolute, its folders free of links and `..` as far as they exist (notify
/// reports paths under the canonical folder it watches); the last name is kept as it is, so
/// that a link in an input folder is that link, wherever it points.
fn absolute(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    for ancestor in absolute.ancestors().skip(1) {
        if let (Ok(canonical), Ok(rest)) = (std::fs::canonicalize(ancestor), absolute.strip_prefix(ancestor)) {
            return canonical.join(rest);
        }
    }
    absolute
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

    fn watching(input: &Path, output: &Path) -> Watching {
        let mut config = crate::config::PipelineConfig::default();
        config.input.paths = vec![input.to_string_lossy().into_owned()];
        config.output.dir = output.to_path_buf();
        let (sender, _events) = std::sync::mpsc::channel();
        Watching::start(&Settings { config, config_path: None, inputs_from_file: false }, sender).unwrap()
    }

    fn written(path: PathBuf) -> Event {
        Event::new(EventKind::Modify(ModifyKind::Data(DataChange::Any))).add_path(path)
    }

    #[test]
    fn changes_in_the_output_and_state_directories_are_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let dir = std::fs::canonicalize(dir.path()).unwrap();
        let watching = watching(&dir, &dir.join("out"));
        assert!(watching.is_relevant(&written(dir.join("a.txt"))));
        assert!(!watching.is_relevant(&written(dir.join("out/documents.csv"))));
        assert!(!watching.is_relevant(&written(dir.join("old/.textmill/manifest.jsonl"))));
        assert!(!watching.is_relevant(&written(dir.join(".a.txt.swp"))));
        // A log beside the inputs is not read by a run: its writes start none.
        assert!(!watching.is_relevant(&written(dir.join("app.log"))));
        assert!(watching.is_relevant(&written(dir.join("feed.jsonl.gz"))));
        // Beside the input folder, nothing is an input.
        assert!(!watching.is_relevant(&written(dir.parent().unwrap().join("elsewhere.txt"))));
        let opened = Event::new(EventKind::Access(AccessKind::Open(AccessMode::Any))).add_path(dir.join("a.txt"));
        assert!(!watching.is_relevant(&opened));
    }

    #[test]
    fn a_root_not_there_yet_is_seen_when_a_folder_on_its_way_is_made() {
        // Regression: with `in/2024/06/*.json` and only `in/` there, making `in/2024` was not
        // under any root: no run, ever.
        let dir = tempfile::tempdir().unwrap();
        let dir = std::fs::canonicalize(dir.path()).unwrap();
        let watching = watching(&dir.join("2024/06/*.json"), &dir.join("out"));
        let made = Event::new(EventKind::Create(notify::event::CreateKind::Folder)).add_path(dir.join("2024"));
        assert!(watching.is_relevant(&made));
        assert!(!watching.is_relevant(&written(dir.join("notes.txt"))));
    }

    #[test]
    fn an_output_folder_that_is_the_input_folder_ignores_only_the_tables() {
        // Regression: every change in such a folder was taken for the run's own writing.
        let dir = tempfile::tempdir().unwrap();
        let dir = std::fs::canonicalize(dir.path()).unwrap();
        let watching = watching(&dir, &dir);
        assert!(watching.is_relevant(&written(dir.join("a.txt"))));
        assert!(!watching.is_relevant(&written(dir.join("documents.csv"))));
        assert!(!watching.is_relevant(&written(dir.join("mentions.parquet/part-1.parquet"))));
        assert!(!watching.is_relevant(&written(dir.join("run_report.json"))));
    }
}
