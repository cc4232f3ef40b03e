//! The plan of a run: which sources are new, changed, deleted or unchanged and which stages are
//! stale. A run starts from it; `textmill status` prints it without running (like `dvc status`
//! / `make -q`).
//!
//! Sources are compared with the manifest of the last run by path, size and modification time;
//! a file whose stamp changed is hashed, so a file that was only touched counts as unchanged.
//! Stage fingerprints are compared too, and a stale stage names the config keys that changed.

use std::path::Path;

use serde::Serialize;

use crate::cache::Cache;
use crate::fingerprint::{self, Fingerprints};
use crate::stages::Stage;
use crate::manifest::Previous;
use crate::config::Settings;
use crate::error::RunError;
use crate::source::{self, Kind, Position};
use crate::tables::Table;

/// The mark a run leaves in the state directory while it renames its tables into place.
pub const COMMITTING: &str = "committing";

#[derive(Debug, Clone, Serialize, Default)]
pub struct Plan {
    /// Source files not in the last run.
    pub new: Vec<String>,
    /// Source files whose content changed, or that can be read now after they could not be.
    pub changed: Vec<String>,
    /// Source files of the last run that are gone.
    pub deleted: Vec<String>,
    /// Number of unchanged source files.
    pub unchanged: usize,
    /// Of those, the files whose time changed (touched, checked out again, copied): a run
    /// records their new times, so that they are not read again to be compared.
    pub touched: Vec<String>,
    /// Stages whose results are out of date, with the reason.
    pub stale_stages: Vec<StaleStage>,
    /// Why the state could not be used, if it could not.
    pub warning: Option<String>,
    /// The pid of a run in progress on the output directory (`""` when unknown): the tables
    /// change when it finishes, and another run is refused until then.
    pub running: Option<String>,
    pub up_to_date: bool,
    /// Documents that failed in the last run (their rows are in `errors`): an up-to-date output
    /// with failures is no success until their files are fixed.
    pub failed: usize,
}

/// The inputs are those of the last run, moved with the config file's folder (a project checked
/// out or mounted at another place): `documents.source` shows them as before, relative to the
/// config's folder, so the tables are the same.
fn moved_with_the_config(shown_then: &[String], input: &crate::config::InputConfig) -> bool {
    let shown_now: Vec<String> = input.paths.iter().map(|path| input.shown(Path::new(path))).collect();
    !shown_then.is_empty() && shown_then == shown_now.as_slice() && shown_now.iter().all(|shown| Path::new(shown).is_relative())
}

#[derive(Debug, Clone, Serialize)]
pub struct StaleStage {
    pub stage: String,
    pub reason: String,
}

/// Compare the inputs and settings with the output directory's state.
pub fn plan(settings: &Settings, fingerprints: &Fingerprints) -> Result<Plan, RunError> {
    // (What a run would refuse, `status` says too.)
    let output_dir = &settings.config.output.dir;
    crate::tables::refuse_foreign_tables(output_dir, &Cache::state_dir(output_dir))?;
    source::refuse_overlapping_inputs(&settings.config.input)?;
    let previous = Cache::open_read_only(&settings.config.output.dir).previous(&settings.config.input.paths);
    let mut plan = plan_against(settings, fingerprints, &previous, false)?;
    plan.running = Cache::running(&settings.config.output.dir);
    // No input file, or a glob that matches none, is the mistake a run refuses (exit 2), unless
    // the last run read these inputs (their sources were deleted: the plan says so).
    let input = &settings.config.input;
    let nothing = plan.new.is_empty() && plan.changed.is_empty() && plan.unchanged == 0;
    if nothing || input.paths.iter().any(|path| source::is_glob(path)) {
        let after_a_run = || matches!(&previous, Ok(Some(previous)) if crate::manifest::same_inputs(&previous.header.input_paths, &input.paths));
        source::inventory(input, output_dir)?.mistake(input, after_a_run)?;
    }
    // (Walked again only when this shard's every source is gone; a run in progress is said first.)
    let all_gone = !plan.deleted.is_empty() && plan.new.is_empty() && plan.changed.is_empty() && plan.unchanged == 0;
    if all_gone && plan.running.is_none() && inputs_emptied(&settings.config.input, output_dir, None) {
        return Err(source::emptied_inputs(&settings.config.input));
    }
    Ok(plan)
}

/// Whether the inputs hold no file at all (of any shard) while the last run into `output_dir`
/// read documents from them: a share that is not mounted or a folder emptied by mistake, which
/// must not wipe the tables and the cache (see [`source::emptied_inputs`]).
pub fn inputs_emptied(config: &crate::config::InputConfig, output_dir: &Path, walked: Option<&source::Inventory>) -> bool {
    let found = match walked {
        Some(walked) => walked.found,
        None => source::inventory(config, output_dir).is_ok_and(|walked| walked.found),
    };
    !found && crate::manifest::open(&Cache::state_dir(output_dir), &config.paths).is_ok_and(|previous| previous.is_some_and(|previous| previous.records().any(|record| !record.stamp.elsewhere)))
}

/// [`plan`] against a manifest already read (`Err`: why it cannot be used). With
/// `stop_at_first_change` the sources are compared only until one differs: enough to know that
/// a run has work (the plan's lists are then incomplete), without stat'ing every other source.
pub fn plan_against(
    settings: &Settings,
    fingerprints: &Fingerprints,
    previous: &Result<Option<Previous>, String>,
    stop_at_first_change: bool,
) -> Result<Plan, RunError> {
    let config = &settings.config;
    let mut plan = Plan::default();
    let empty;
    let manifest = match previous {
        Ok(Some(manifest)) => manifest,
        Ok(None) => {
            plan.stale_stages.push(StaleStage { stage: "all".into(), reason: "no previous run in this output directory".into() });
            empty = Previous::empty(fingerprints, &config.input.paths);
            &empty
        }
        Err(warning) => {
            plan.warning = Some(warning.clone());
            plan.stale_stages.push(StaleStage { stage: "all".into(), reason: warning.clone() });
            empty = Previous::empty(fingerprints, &config.input.paths);
            &empty
        }
    };
    let first_run = !plan.stale_stages.is_empty();
    if !first_run {
        // The first stale stage (later ones are stale because it is), then every later stage
        // whose own settings changed too: all a run will take up, each with its reason.
        let mut stale_before = false;
        for stage in Stage::CACHED {
            if manifest.header.fingerprints.get(stage) != fingerprints.get(stage) {
                let mut keys = Vec::new();
                let stage = stage.name();
                let old = manifest.header.fingerprints.configs.get(stage).cloned().unwrap_or_default();
                let new = fingerprints.configs.get(stage).cloned().unwrap_or_default();
                fingerprint::changed_keys(stage, &old, &new, &mut keys);
                if stale_before {
                    if !keys.is_empty() {
                        plan.stale_stages.push(StaleStage { stage: stage.into(), reason: format!("config changed: {}", keys.join(", ")) });
                    }
                    continue;
                }
                stale_before = true;
                // The input settings every stage reads through the first one.
                if let (true, Some(old), Some(new)) = (keys.is_empty(), manifest.header.fingerprints.configs.get("input"), fingerprints.configs.get("input")) {
                    fingerprint::changed_keys("input", old, new, &mut keys);
                }
                // (The fingerprints without the build agree: only the program is another build.)
                let portable = &manifest.header.fingerprints.portable;
                let reason = if keys.is_empty() && !portable.is_empty() && *portable == fingerprints.portable {
                    "another build of textmill (the program changed; settings and resource files did not)".to_string()
                } else if keys.is_empty() {
                    "the program, an earlier stage or a resource file (patterns, gazetteer, model) changed".to_string()
                } else {
                    format!("config changed: {}", keys.join(", "))
                };
                plan.stale_stages.push(StaleStage { stage: stage.into(), reason });
            }
        }
        if Cache::state_dir(&config.output.dir).join(COMMITTING).exists() {
            let reason = "the last run was stopped while it renamed its tables into place (some may be its, others the run's before)".to_string();
            plan.stale_stages.push(StaleStage { stage: "tables".into(), reason });
        }
        let format = table_settings(&config.output);
        let shard = config.input.shard.map(|shard| shard.to_string());
        if manifest.header.shard != shard {
            let name = |shard: &Option<String>| shard.as_ref().map_or_else(|| "the whole corpus".to_string(), |shard| format!("shard {shard}"));
            let reason = format!("this output holds {}, the run asks for {}", name(&manifest.header.shard), name(&shard));
            plan.stale_stages.push(StaleStage { stage: "tables".into(), reason });
        } else if manifest.header.table_format != format {
            plan.stale_stages.push(StaleStage {
                stage: "tables".into(),
                reason: table_settings_change(&manifest.header.table_format, &format),
            });
        } else if let Some(missing) = missing_table(&config.output.dir, &config.output) {
            plan.stale_stages.push(StaleStage { stage: "tables".into(), reason: format!("{missing} is missing") });
        } else if let Some(reason) = edited_tables(&config.output.dir) {
            plan.stale_stages.push(StaleStage { stage: "tables".into(), reason });
        } else if !crate::manifest::same_inputs(&manifest.header.input_paths, &config.input.paths) && !moved_with_the_config(&manifest.header.inputs_shown, &config.input) {
            // Rows follow the input order; the documents themselves come from the cache.
            // (Both absolute: a moved project folder changes them, though the config does not.)
            let now = crate::manifest::absolute_paths(&config.input.paths);
            let reason = format!("input.paths changed from {:?} to {now:?} (as absolute paths)", manifest.header.input_paths);
            plan.stale_stages.push(StaleStage { stage: "tables".into(), reason });
        }
    }
    if stop_at_first_change && !plan.stale_stages.is_empty() {
        return Ok(plan);
    }
    // Matched in one pass: the manifest is in input order (see `manifest::Sources`).
    let mut previous = manifest.sources();
    // Sources the tables show under another name (the same input folder named another way:
    // `news`, then `/home/me/news`): how many, and the first.
    let mut renamed: (usize, Option<(String, String)>) = (0, None);
    for found in source::discover(&config.input, &config.output.dir)? {
        let (source, shown, file, position) = match found {
            Ok(file) => (file.path.to_string_lossy().into_owned(), file.source.clone(), Some(file.clone()), Position { root: file.root, relative: file.relative, line: 0 }),
            Err(walk) => (walk.origin.source.clone(), walk.origin.source, None, Position { root: walk.root, relative: walk.origin.doc_id, line: 0 }),
        };
        let Some(old) = previous.take(&position, &source) else {
            plan.new.push(source);
            if stop_at_first_change {
                return Ok(plan);
            }
            continue;
        };
        if old.source != shown {
            renamed.0 += 1;
            renamed.1.get_or_insert((old.source.clone(), shown));
            if stop_at_first_change {
                plan.stale_stages.push(StaleStage { stage: "tables".into(), reason: "documents.source names the inputs another way".into() });
                return Ok(plan);
            }
        }
        // A source the walk could not take (a link out of the root, a loop) is stamped 0/0 by
        // the run, whatever the link points to: unchanged until the walk takes it.
        let now = match file {
            Some(_) => crate::files::file_stamp(Path::new(&source)).unwrap_or((0, 0)),
            None => (0, 0),
        };
        // A file that could not be read last time (permissions, I/O) is work again once it
        // can be: fixing its permissions does not change its time. (A file of records that
        // could not be opened was stamped 0/0: no work either, until it can be read.)
        let unreadable_then = old.failed && old.error.as_ref().is_some_and(|(_, message)| crate::error::DocumentError::is_read_failure(message));
        let same_stamp = now == (old.size, old.mtime_ns) || unreadable_then && (old.size, old.mtime_ns) == (0, 0);
        // A file that is one document has the sha of its (inflated) bytes; a file of records
        // has one per record, compared by the run.
        let one_document = file.as_ref().filter(|file| matches!(file.kind, Kind::PlainText | Kind::Html));
        // (Opened now, it may still fail for what it holds: then that is its error.)
        let readable_now = || file.as_ref().is_some_and(|file| std::fs::File::open(&file.path).is_ok());
        if same_stamp && !(unreadable_then && readable_now()) {
            plan.unchanged += 1;
        } else if one_document.is_some_and(|file| !old.failed && content_sha(file, config.input.max_document_bytes).as_deref() == old.sha256.as_deref()) {
            plan.unchanged += 1; // touched, same content
            plan.touched.push(source);
        } else {
            plan.changed.push(source);
            if stop_at_first_change {
                return Ok(plan);
            }
        }
    }
    plan.deleted = previous.deleted();
    if let (n, Some((old, now))) = renamed {
        if !plan.stale_stages.iter().any(|stale| stale.stage == "tables") {
            let more = if n > 1 { format!(" and {} more", n - 1) } else { String::new() };
            let reason = format!("documents.source changes from {old:?} to {now:?}{more} (the inputs are named another way; their documents come from the cache)");
            plan.stale_stages.push(StaleStage { stage: "tables".into(), reason });
        }
    }
    // Touched sources are work too: a run records their times (reading nothing else), after
    // which they are compared by their stamps again instead of read on every plan.
    plan.up_to_date = plan.new.is_empty()
        && plan.changed.is_empty()
        && plan.deleted.is_empty()
        && plan.stale_stages.is_empty()
        && plan.warning.is_none()
        && plan.touched.is_empty();
    // (Read for `status`, and for a run with nothing else to do.)
    if plan.up_to_date || !stop_at_first_change {
        plan.failed = manifest.records().filter(|record| record.stamp.failed).count();
    }
    Ok(plan)
}

/// The output settings the tables depend on, as recorded in the manifest.
pub fn table_settings(output: &crate::config::OutputConfig) -> String {
    let mut settings = config_name(output.format);
    if output.format.parquet() {
        settings += &format!("+parquet_{}", config_name(output.parquet_compression));
    }
    if output.csv_escape_formulas {
        settings += "+csv_escape_formulas";
    }
    if output.layout == crate::config::Layout::Dataset {
        settings += "+dataset";
    }
    settings
}

/// How two `table_settings` differ, in the config's words ("output.format changed from parquet
/// to both").
fn table_settings_change(before: &str, now: &str) -> String {
    // (Each setting as the config names it and its value; `None` when the string has none.)
    let read = |settings: &str| {
        let parts: Vec<&str> = settings.split('+').collect();
        let compression = parts.iter().find_map(|part| part.strip_prefix("parquet_")).unwrap_or("(no Parquet)").to_string();
        [
            ("output.format", parts.first().copied().unwrap_or_default().to_string()),
            ("output.parquet_compression", compression),
            ("output.csv_escape_formulas", parts.contains(&"csv_escape_formulas").to_string()),
            ("output.layout", if parts.contains(&"dataset") { "dataset" } else { "files" }.to_string()),
        ]
    };
    let changes: Vec<String> = read(before).into_iter().zip(read(now)).filter(|(a, b)| a.1 != b.1).map(|((key, a), (_, b))| format!("{key} changed from {a} to {b}")).collect();
    match changes.is_empty() {
        true => format!("output settings changed from {before} to {now}"),
        false => changes.join("; "),
    }
}

/// A unit enum variant's name as the config spells it.
fn config_name(value: impl serde::Serialize) -> String {
    serde_json::to_value(value).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default()
}

fn content_sha(file: &source::SourceFile, limit: u64) -> Option<String> {
    let bytes = source::read_bytes(file, limit).ok()?;
    Some(source::sha256_hex(&bytes))
}

/// Why the tables are not known to be as the last run left them: a table file with another
/// size, or another time and other bytes (see `tables::table_stamps`), or no record of them to
/// compare with (deleted or damaged: never trusted, the tables are written again).
fn edited_tables(dir: &Path) -> Option<String> {
    match crate::tables::recorded_stamps(&Cache::state_dir(dir)) {
        Some(stamps) => crate::tables::edited_table(dir, &stamps)
            .map(|edited| format!("{edited} was changed since the last run wrote it (edited, overwritten or damaged)"))
            .or_else(|| {
                crate::tables::unrecorded_part(dir, &stamps).map(|extra| {
                    format!("{extra} is no part the last run wrote (a copy or a restored part: readers of the folder would read its rows too); the table is written again without it")
                })
            }),
        None => Some(format!("the record of the tables the last run wrote (.textmill/{}) is missing or damaged: they cannot be checked, so they are written again", crate::tables::TABLE_STAMPS)),
    }
}

fn missing_table(dir: &Path, output: &crate::config::OutputConfig) -> Option<String> {
    for table in Table::ALL {
        for extension in output.format.extensions() {
            // A file in the files layout, a directory of parts in the dataset layout.
            let name = table.file_name(extension);
            let path = dir.join(&name);
            let present = match output.layout {
                crate::config::Layout::Files => path.is_file(),
                crate::config::Layout::Dataset => path.is_dir(),
            };
            if !present {
                return Some(name);
            }
        }
    }
    None
}

impl Plan {
    /// "up to date (N source files unchanged)", and the documents that still fail. (Files: a
    /// JSONL file of many documents is one; `run` counts documents.)
    pub fn up_to_date_line(&self) -> String {
        let failed = match self.failed {
            0 => String::new(),
            1 => "; 1 document failed in the last run and is still in errors (fix its file, then run again)".to_string(),
            n => format!("; {n} documents failed in the last run and are still in errors (fix their files, then run again)"),
        };
        let sources = if self.unchanged == 1 { "source file" } else { "source files" };
        format!("up to date ({} {sources} unchanged){failed}", self.unchanged)
    }

    /// The human-readable listing (stdout).
    pub fn render(&self) -> String {
        let mut out = String::new();
        if let Some(pid) = &self.running {
            let by = if pid.is_empty() { String::new() } else { format!(" (pid {pid})") };
            out.push_str(&format!("a run is in progress{by}: the tables change when it finishes; another run is refused until then\n"));
        }
        if self.up_to_date {
            out.push_str(&format!("{}\n", self.up_to_date_line()));
            return out;
        }
        if let Some(warning) = &self.warning {
            out.push_str(&format!("warning: {warning}\n"));
        }
        for stale in &self.stale_stages {
            out.push_str(&format!("stale stage {}: {}\n", stale.stage, stale.reason));
        }
        for (what, list) in [("new", &self.new), ("changed", &self.changed), ("deleted", &self.deleted), ("touched", &self.touched)] {
            for source in list.iter() {
                out.push_str(&format!("{what:8} {source}\n"));
            }
        }
        let touched = match self.touched.len() {
            0 => String::new(),
            n => format!(" ({n} touched: same content, new times for a run to record)"),
        };
        out.push_str(&format!(
            "{} new, {} changed, {} deleted, {} unchanged{touched}\n",
            self.new.len(),
            self.changed.len(),
            self.deleted.len(),
            self.unchanged
        ));
        out
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_change_of_table_settings_is_said_in_the_configs_words() {
        // Regression (a new user's review): "output settings changed from parquet+parquet_snappy
        // to both+parquet_snappy".
        assert_eq!(super::table_settings_change("parquet+parquet_snappy", "both+parquet_snappy"), "output.format changed from parquet to both");
        assert_eq!(
            super::table_settings_change("csv", "csv+csv_escape_formulas+dataset"),
            "output.csv_escape_formulas changed from false to true; output.layout changed from files to dataset"
        );
    }

    use super::*;

    #[test]
    fn a_run_in_progress_is_said_though_the_output_is_up_to_date() {
        // Regression: `status` said only "up to date" while a run was going on.
        let plan = Plan { up_to_date: true, running: Some("4242".into()), unchanged: 3, ..Plan::default() };
        let shown = plan.render();
        assert!(shown.contains("a run is in progress (pid 4242)"), "{shown}");
        assert!(shown.contains("up to date (3 source files unchanged)"), "{shown}");
        // (Regression: "1 sources unchanged"; hunt 9: "47 sources" beside run's 54 documents read
        // as documents missing.)
        let one = Plan { up_to_date: true, unchanged: 1, ..Plan::default() }.up_to_date_line();
        assert_eq!(one, "up to date (1 source file unchanged)");
    }
}
