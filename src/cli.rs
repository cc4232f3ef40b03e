//! Command-line interface (clap). Every option is an `Option` without a clap default, so that
//! `Settings::resolve` can tell "not given" from "given" (CLI beats file beats default).

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::config::{Format, Overrides};
use crate::shard::Shard;

#[derive(Debug, Parser)]
#[command(name = "textmill", version, about = "Turn folders of documents into analysis-ready tables (Parquet and CSV).")]
#[command(long_about = "Turn folders of documents into analysis-ready tables (Parquet and CSV).\n\n\
Stages: clean (boilerplate and headline) -> segment (sentences) -> tag (named entities) -> aggregate \
(canonical entities). Tables: documents, sentences, mentions, entities, errors, aliases; plus run_report.json.\n\n\
Exit codes: 0 ok; 1 some documents failed (the others are still written), or `status`: a run would do work; 2 usage, configuration or fatal error; 3 `status`: a run is in progress.")]
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
    /// Exit code 0 when up to date, 1 when a run would do work, 2 on error, 3 while a run is in
    /// progress.
    Status(StatusArgs),
    /// Run, then run again whenever an input or the config changes (debounced).
    Watch(WatchArgs),
    /// Read JSONL documents on stdin and write one JSON object per document on stdout, in
    /// input order (doc_id, text, title, published, authors, sentences, mentions; a bad line
    /// is answered with {"doc_id", "error"}). For Spark's RDD.pipe, Hadoop Streaming and the like.
    Stream(StreamArgs),
    /// Combine the outputs of shard runs (`run --shard I/N`) into the tables one run over the
    /// whole corpus writes, from the parts' caches (the sources are not read again). Parts made
    /// with other settings or another textmill are refused.
    Merge(MergeArgs),
}

#[derive(Debug, clap::Args)]
pub struct MergeArgs {
    /// The output directories of the shard runs, one per shard.
    #[arg(value_name = "PART", required = true)]
    pub parts: Vec<PathBuf>,
    /// Where the merged tables go.
    #[arg(long, short = 'o', value_name = "DIR")]
    pub output: PathBuf,
    /// Pipeline configuration file the shards ran with. Without it, ./pipeline.toml is used if present, else the built-in defaults.
    #[arg(long, short = 'c', value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Table format(s) to write. Replaces output.format from the config.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<Format>,
    /// Worker threads (0 = one per core). Replaces run.threads from the config.
    #[arg(long, short = 'j', value_name = "N")]
    pub threads: Option<usize>,
    /// No progress output.
    #[arg(long, short = 'q')]
    pub quiet: bool,
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
    /// Print nothing: the exit code alone says it (0 up to date, 1 work to do, 2 error, 3 a run
    /// is in progress).
    #[arg(short, long, conflicts_with = "json")]
    pub quiet: bool,
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
    /// Let inputs that hold no file now remove every document of the last run from the tables
    /// (without it such a run is refused: an unmounted share must not wipe the tables and the cache).
    #[arg(long)]
    pub allow_empty: bool,
}

/// Options shared by run, status and watch.
#[derive(Debug, clap::Args)]
pub struct CommonArgs {
    /// Pipeline configuration file. Without it, ./pipeline.toml is used if present, else the built-in defaults.
    #[arg(long, short = 'c', value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Input files, directories or globs: several after one flag (as a shell expands
    /// `-i news/*.json`) or the flag repeated. Replaces input.paths from the config.
    #[arg(long, short = 'i', value_name = "PATH", num_args = 1..)]
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
    /// Only the documents of shard I of N (0-based; by a hash of the doc_id). Give each shard
    /// its own --output; `textmill merge` combines them.
    #[arg(long, value_name = "I/N", value_parser = Shard::parse, conflicts_with = "shard_from_env")]
    pub shard: Option<Shard>,
    /// The shard from the scheduler: SLURM_ARRAY_TASK_ID (less SLURM_ARRAY_TASK_MIN) of
    /// SLURM_ARRAY_TASK_COUNT, or Kubernetes' JOB_COMPLETION_INDEX of --shard-count (or
    /// TEXTMILL_SHARD_COUNT).
    #[arg(long)]
    pub shard_from_env: bool,
    /// The number of shards, with --shard-from-env: when the scheduler does not say it, or when
    /// some tasks of a Slurm array are submitted again (the task id is then the shard).
    #[arg(long, value_name = "N", requires = "shard_from_env")]
    pub shard_count: Option<u32>,
}

impl CommonArgs {
    /// The flags as overrides of the config; `Err` when --shard-from-env finds no shard.
    pub fn overrides(&self) -> Result<Overrides, String> {
        let shard = match self.shard_from_env {
            true => Some(Shard::from_env(self.shard_count, |name| std::env::var(name).ok())?),
            false => self.shard,
        };
        Ok(Overrides { inputs: self.input.clone(), output: self.output.clone(), format: self.format, threads: self.threads, shard })
    }
}
