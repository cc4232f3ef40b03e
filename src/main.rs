//! The binary: parse arguments, resolve settings, call the library, map the outcome to an exit
//! code (0 ok, 1 some documents failed, 2 usage/configuration/fatal error).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use textmill::cli::{Cli, Command, RunArgs};
use textmill::config::Settings;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Run(args) => run(args),
    }
}

fn run(args: RunArgs) -> ExitCode {
    let config_path = args.config.clone().or_else(|| Some(PathBuf::from("pipeline.toml")).filter(|p| p.is_file()));
    let settings = match Settings::resolve(config_path.as_deref(), args.overrides()) {
        Ok(settings) => settings,
        Err(err) => {
            eprintln!("textmill: configuration error:\n{err}");
            return ExitCode::from(2);
        }
    };
    match textmill::pipeline::run(&settings, args.quiet) {
        Ok(report) => {
            let tables: Vec<String> = report.rows.iter().map(|(table, n)| format!("{table} {n}")).collect();
            eprintln!(
                "textmill: {} documents ok, {} failed; rows: {}; {:.2}s, {:.0} words/s -> {}",
                report.documents_ok,
                report.documents_failed,
                tables.join(", "),
                report.seconds_total,
                report.words_per_second,
                report.output_dir.display()
            );
            if report.documents_failed > 0 {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(err) => {
            eprintln!("textmill: error: {err}");
            ExitCode::from(2)
        }
    }
}
