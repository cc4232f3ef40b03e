//! `textmill watch`: run, then run again after the inputs or the config change.
//!
//! File-system events are debounced (a burst of writes from a feed becomes one run) and events
//! inside the output directory are ignored (the run's own writes must not trigger a run).

use std::path::{Path, PathBuf};
use std::time::Duration;

use notify::RecursiveMode;
use notify_debouncer_mini::new_debouncer;

use crate::config::Settings;
use crate::error::RunError;

/// Call `run` once, then after every debounced change, until the event channel closes.
pub fn watch(settings: &Settings, debounce: Duration, mut run: impl FnMut(&Settings)) -> Result<(), RunError> {
    let (sender, events) = std::sync::mpsc::channel();
    let mut debouncer = new_debouncer(debounce, sender).map_err(|err| watch_error(Path::new("."), err))?;
    let mut watched: Vec<PathBuf> = Vec::new();
    for input in &settings.config.input.paths {
        let path = watch_root(Path::new(input));
        debouncer.watcher().watch(&path, RecursiveMode::Recursive).map_err(|err| watch_error(&path, err))?;
        watched.push(path);
    }
    if let Some(config) = &settings.config_path {
        debouncer.watcher().watch(config, RecursiveMode::NonRecursive).map_err(|err| watch_error(config, err))?;
    }
    let output = std::fs::canonicalize(&settings.config.output.dir).unwrap_or_else(|_| settings.config.output.dir.clone());
    let mut current = settings.clone();
    run(&current);
    eprintln!("textmill: watching {} for changes (Ctrl-C to stop)", watched.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", "));
    for batch in events {
        let Ok(batch) = batch else { continue };
        let relevant = batch.iter().any(|event| {
            let path = std::fs::canonicalize(&event.path).unwrap_or_else(|_| event.path.clone());
            !path.starts_with(&output)
        });
        if !relevant {
            continue;
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
    Ok(())
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
