//! The binary: parse arguments, resolve settings, call the library, map the outcome to an exit
//! code (0 ok / up to date, 1 some documents failed (also when up to date) / work to do, 2 usage,
//! config or fatal error).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use textmill::cli::{Cli, Command, CommonArgs, MergeArgs, RunArgs, StatusArgs, StreamArgs, WatchArgs};
use textmill::config::{Overrides, Settings};
use textmill::pipeline::{self, Outcome, RunOptions, RunReport};
use textmill::stages::Stage;

/// jemalloc, not the system allocator: it keeps size classes apart and hands freed pages back
/// after `dirty_decay_ms`, so resident memory follows the live heap instead of creeping up with
/// the corpus as glibc's arenas did (docs/performance.md).
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// A C string jemalloc reads from its `malloc_conf` symbol at its first allocation.
#[repr(transparent)]
pub struct AllocatorSettings(*const std::ffi::c_char);

// SAFETY: the pointer is to a constant C string, immutable for the life of the process.
unsafe impl Sync for AllocatorSettings {}

/// The symbol carries the `_rjem_` prefix tikv-jemalloc-sys builds jemalloc with.
#[cfg(not(target_env = "msvc"))]
#[export_name = "_rjem_malloc_conf"]
pub static JEMALLOC_CONF: AllocatorSettings = AllocatorSettings(c"narenas:2,dirty_decay_ms:50,muzzy_decay_ms:0".as_ptr());

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Run(args) => run(args),
        Command::Status(args) => status(args),
        Command::Watch(args) => watch(args),
        Command::Stream(args) => stream(args),
        Command::Merge(args) => merge(args),
    }
}

fn settings(common: &CommonArgs) -> Result<Settings, ExitCode> {
    settings_or_error(common).map_err(|message| {
        textmill::stderr_line!("textmill: {message}");
        ExitCode::from(2)
    })
}

/// The settings, or what is wrong with the flags or the config ("error: ...", "configuration
/// error:\n...").
fn settings_or_error(common: &CommonArgs) -> Result<Settings, String> {
    let overrides = common.overrides().map_err(|message| format!("error: {message}"))?;
    resolved(common.config.clone(), overrides)
}

/// The config file given, else ./pipeline.toml if present, with the flags over it.
fn resolve(config: Option<PathBuf>, overrides: Overrides) -> Result<Settings, ExitCode> {
    resolved(config, overrides).map_err(|message| {
        textmill::stderr_line!("textmill: {message}");
        ExitCode::from(2)
    })
}

fn resolved(config: Option<PathBuf>, overrides: Overrides) -> Result<Settings, String> {
    let config_path = config.map(|path| textmill::config::expand_home(&path)).or_else(|| Some(PathBuf::from("pipeline.toml")).filter(|p| p.is_file()));
    Settings::resolve(config_path.as_deref(), overrides).map_err(|err| format!("configuration error:\n{err}"))
}

/// Exit code 1 when some documents failed (the others were written), else 0.
fn documents_exit_code(failed: u64) -> ExitCode {
    if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// On Ctrl-C or SIGTERM, say what an interrupted run leaves (the process then ends as the signal
/// would have ended it: 128 + its number).
fn say_what_an_interruption_keeps() {
    #[cfg(unix)]
    {
        use signal_hook::consts::{SIGINT, SIGTERM};
        let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM]) else { return };
        std::thread::spawn(move || {
            if let Some(signal) = signals.forever().next() {
                textmill::stderr_line!(
                    "\ntextmill: interrupted; the tables are whole (those of the last finished run, or this run's \
                     when it was renaming them into place: it finished), and the next run resumes from the \
                     documents already done"
                );
                textmill::tables::remove_staging_now();
                std::process::exit(128 + signal);
            }
        });
    }
}

fn run(args: RunArgs) -> ExitCode {
    say_what_an_interruption_keeps();
    let settings = match settings(&args.common) {
        Ok(settings) => settings,
        Err(code) => return code,
    };
    run_once(&settings, RunOptions { quiet: args.quiet, force: args.force, allow_empty: args.allow_empty })
}

fn run_once(settings: &Settings, options: RunOptions) -> ExitCode {
    match pipeline::run(settings, options) {
        Ok(Outcome::UpToDate(plan)) => {
            textmill::stderr_line!("textmill: {}; nothing to do", plan.up_to_date_line());
            // (As after the run that found them: exit 1 while documents fail.)
            ExitCode::from(u8::from(plan.failed > 0))
        }
        Ok(Outcome::Ran(report)) => report_exit_code(&report),
        Err(err) => {
            textmill::stderr_line!("textmill: error: {}", with_origin(err, settings));
            ExitCode::from(2)
        }
    }
}

/// The error, and for an input the config file names, where it names it.
fn with_origin(err: textmill::error::RunError, settings: &Settings) -> String {
    match (&err, settings.inputs_origin()) {
        (textmill::error::RunError::Input { .. }, Some(origin)) => format!("{err} (from {origin})"),
        _ => err.to_string(),
    }
}

/// The run's one-line summary on stderr; exit code 1 when some documents failed.
fn report_exit_code(report: &RunReport) -> ExitCode {
    {
        {
            let tables: Vec<String> = report.rows.iter().map(|(table, n)| format!("{table} {n}")).collect();
            let skipped = match report.files_skipped_by_extension {
                0 => String::new(),
                n => {
                    let more = if n > report.files_skipped_examples.len() as u64 { ", ..." } else { "" };
                    format!(", {n} files skipped (extension not in input.extensions: {}{more})", report.files_skipped_examples.join(", "))
                }
            };
            let unchanged = match report.documents_failed_unchanged {
                0 => String::new(),
                n => format!(" ({n} as in the last run, their sources unchanged: see errors)"),
            };
            // What each stage did: after a change to one stage's settings only it and the later
            // ones run, which "from cache" alone does not say.
            let stages: Vec<String> = Stage::ALL
                .iter()
                .map(|stage| format!("{} {}", stage.name(), report.documents_per_stage.get(stage.name()).copied().unwrap_or(0)))
                .collect();
            textmill::stderr_line!(
                "textmill: {} {} ok ({} whole from cache), {} failed{unchanged}{skipped}; processed per stage: {}; rows: {}; {:.2}s, {:.0} words/s -> {}",
                report.documents_ok,
                if report.documents_ok == 1 { "document" } else { "documents" },
                report.documents_reused,
                report.documents_failed,
                stages.join(", "),
                tables.join(", "),
                report.seconds_total,
                report.words_per_second,
                report.output_dir.display()
            );
            documents_exit_code(report.documents_failed)
        }
    }
}

fn merge(args: MergeArgs) -> ExitCode {
    let overrides = Overrides { inputs: Vec::new(), output: Some(args.output), format: args.format, threads: args.threads, shard: None };
    // The parts name their inputs; the config's input paths need not exist here.
    let settings = match resolve(args.config, Overrides { inputs: vec![PathBuf::from("-")], ..overrides }) {
        Ok(settings) => settings,
        Err(code) => return code,
    };
    match pipeline::merge(&settings, &args.parts, RunOptions { quiet: args.quiet, force: false, allow_empty: false }) {
        Ok(report) => report_exit_code(&report),
        Err(err) => {
            textmill::stderr_line!("textmill: error: {err}");
            ExitCode::from(2)
        }
    }
}

fn status(args: StatusArgs) -> ExitCode {
    // (With --json an error is an object on stdout too: a scheduler parses what it is given.)
    let failed = |message: String| {
        textmill::stderr_line!("textmill: {message}");
        if args.json {
            // (Its key says it is an error: "error: input nope" said it twice.)
            println!("{}", serde_json::json!({ "error": message.strip_prefix("error: ").unwrap_or(&message) }));
        }
        ExitCode::from(2)
    };
    let settings = match settings_or_error(&args.common) {
        Ok(settings) => settings,
        Err(message) => return failed(message),
    };
    let plan = pipeline::fingerprints(&settings).and_then(|fingerprints| textmill::plan::plan(&settings, &fingerprints));
    match plan {
        Ok(plan) => {
            let text = match (args.json, args.quiet) {
                (true, _) => format!("{}\n", serde_json::to_string_pretty(&plan).unwrap_or_default()),
                (false, false) => plan.render(),
                (false, true) => String::new(),
            };
            // A reader that stops early (`status | head -1`, `grep -q`) is no error; a full disk is.
            let mut stdout = std::io::stdout().lock();
            match std::io::Write::write_all(&mut stdout, text.as_bytes()).and_then(|()| std::io::Write::flush(&mut stdout)) {
                Err(err) if err.kind() != std::io::ErrorKind::BrokenPipe => {
                    textmill::stderr_line!("textmill: error: writing to stdout: {err}");
                    return ExitCode::from(2);
                }
                _ => {}
            }
            // A run in progress will change the tables, and another is refused until it ends:
            // a scheduler skips the tick (`status || run` started a run bound to fail).
            match (plan.running.is_some(), plan.up_to_date) {
                (true, _) => ExitCode::from(3),
                (false, true) => ExitCode::SUCCESS,
                (false, false) => ExitCode::from(1),
            }
        }
        Err(err) => failed(format!("error: {}", with_origin(err, &settings))),
    }
}

fn watch(args: WatchArgs) -> ExitCode {
    say_what_an_interruption_keeps();
    let settings = match settings(&args.common) {
        Ok(settings) => settings,
        Err(code) => return code,
    };
    let options = RunOptions { quiet: args.quiet, force: false, allow_empty: false };
    // The config file is read again after it changes, under the same flags.
    let reload = || {
        let overrides = args.common.overrides()?;
        textmill::config::Settings::resolve(settings.config_path.as_deref(), overrides).map_err(|err| err.to_string())
    };
    let result = textmill::watch::watch(&settings, std::time::Duration::from_millis(args.debounce_ms), reload, |settings| {
        run_once(settings, options);
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            textmill::stderr_line!("textmill: error: {err}");
            ExitCode::from(2)
        }
    }
}

fn stream(args: StreamArgs) -> ExitCode {
    // The inputs are stdin: the config's input paths are not read.
    let overrides = Overrides { inputs: vec![PathBuf::from("-")], output: None, format: None, threads: args.threads, shard: None };
    let settings = match resolve(args.config, overrides) {
        Ok(settings) => settings,
        Err(code) => return code,
    };
    let stdout = std::io::stdout();
    // UTF-16 with its byte order mark (what PowerShell pipes) is read as the UTF-8 it decodes
    // to, as a .jsonl file is: its newlines' second bytes made a second answer a record.
    let stdin = encoding_rs_io::DecodeReaderBytesBuilder::new().utf8_passthru(true).build(std::io::stdin());
    match textmill::stream::stream(&settings, std::io::BufReader::new(stdin), &mut stdout.lock()) {
        Ok(report) => {
            textmill::stderr_line!("textmill: stream: {} {} ok, {} failed", report.documents_ok, if report.documents_ok == 1 { "document" } else { "documents" }, report.documents_failed);
            documents_exit_code(report.documents_failed)
        }
        Err(err) => {
            textmill::stderr_line!("textmill: error: {err}");
            ExitCode::from(2)
        }
    }
}
