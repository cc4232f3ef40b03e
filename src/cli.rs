//! Command-line interface (clap). Every option is an `Option` without a clap default, so that
//! `Settings::resolve` can tell "not given" from "given" (CLI beats file beats default).

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::config::{Format, Overrides};

#[derive(Debug, Parser)]
#[command(name = "textmill", version, about = "Turn folders of documents into analysis-ready tables (Parquet and CSV).")]
#[command(long_about = "Turn folders of documents into analysis-ready tables (Parquet and CSV).\n\n\
Stages: clean (boilerplate and headline) -> segment (sentences) -> tag (named entities) -> aggregate \
(canonical entities). Tables: documents, sentences, mentions, entities, errors; plus run_report.json.\n\n\
Exit codes: 0 ok; 1 some documents failed (the others are still written); 2 usage, configuration or fatal error.")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the pipeline over the inputs and write the tables.
    Run(RunArgs),
}

#[derive(Debug, clap::Args)]
pub struct RunArgs {
    /// Pipeline configuration file. Without it, ./pipeline.toml is used if present, else the built-in defaults.
    #[arg(long, short = 'c', value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Input file, directory or glob; repeat for several. Replaces input.paths from the config.
    #[arg(long, short = 'i', value_name = "PATH")]
    pub input: Vec<PathBuf>,
    /// Output directory. Replaces output.dir from the config.
    #[arg(long, short = 'o', value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Table format(s) to write. Replaces output.format from the config.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<Format>,
    /// Worker threads (0 = one per core). Replaces run.threads from the config.
    #[arg(long, short = 'j', value_name = "N")]
    pub threads: Option<usize>,
    /// No progress bar or progress lines (errors are still printed).
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

impl RunArgs {
    pub fn overrides(&self) -> Overrides {
        Overrides { inputs: self.input.clone(), output: self.output.clone(), format: self.format, threads: self.threads }
    }
}
