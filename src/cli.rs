//! Command-line interface (clap). Every option is an `Option` without a clap default, so that
//! `Settings::resolve` can tell "not given" from "given" (CLI beats file beats default).

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::config::{Format, Overrides};

#[derive(Debug, Parser)]
#[command(name = "textmill", version, about = "Turn folders of documents into analysis-ready tables (Parquet and CSV).")]
#[command(long_about = "Turn folders of documents into analysis-ready tables (Parquet and CSV).\n\n\
Stages: clean (boilerplate and headline) -> segment (sentences) -> tag (named entities) -> aggregate \
(canonical entities). Tables: documents, sentences, mentions, entities, errors, aliases; plus run_report.json.\n\n\
Exit codes: 0 ok; 1 some documents failed (the others are still written); 2 usage, configuration or fatal error.")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the pipeline over the inputs and write the tables. Only new and changed documents
    /// are processed; the others come from the cache in <output>/.textmill.
    Run(RunArgs),
    /// Say what a run would do (new / changed / deleted sources, stale stages) without doing it.
    /// Exit code 0 when up to date, 1 when a run would do work, 2 on error.
    Status(StatusArgs),
    /// Run, then run again whenever an input or the config changes (debounced).
    Watch(WatchArgs),
    /// Read JSONL documents on stdin and write one JSON object per document on stdout, in
    /// input order (doc_id, text, title, published, authors, sentences, mentions; a bad line
    /// is answered with {"doc_id", "error"}). For Spark's RDD.pipe, Hadoop Streaming and the like.
    Stream(StreamArgs),
}

#[derive(Debug, clap::Args)]
pub struct StreamArgs {
    /// Pipeline configuration file. Without it, ./pipeline.toml is used if present, else the built-in defaults.
    #[arg(long, short = 'c', value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Worker threads (0 = one per core). Replaces run.threads from the config.
    #[arg(long, short = 'j', value_name = "N")]
    pub threads: Option<usize>,
}

#[derive(Debug, clap::Args)]
pub struct StatusArgs {
    #[command(flatten)]
    pub common: CommonArgs,
    /// Print the status as JSON on stdout.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, clap::Args)]
pub struct WatchArgs {
    #[command(flatten)]
    pub common: CommonArgs,
    /// Quiet time after the last change before a run starts, in milliseconds.
    #[arg(long, value_name = "MS", default_value_t = 500)]
    pub debounce_ms: u64,
    /// No progress bar or progress lines (errors are still printed).
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

#[derive(Debug, clap::Args)]
pub struct RunArgs {
    #[command(flatten)]
    pub common: CommonArgs,
    /// No progress bar or progress lines (errors are still printed).
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Process every document again, ignoring the cache.
    #[arg(long)]
    pub force: bool,
}

/// Options shared by run, status and watch.
#[derive(Debug, clap::Args)]
pub struct CommonArgs {
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
}

impl CommonArgs {
    pub fn overrides(&self) -> Overrides {
        Overrides { inputs: self.input.clone(), output: self.output.clone(), format: self.format, threads: self.threads }
    }
}
