//! textmill: a batch pipeline that turns folders of documents into analysis-ready tables.
//!
//! ingest ([`source`]) → clean → segment → tag → aggregate ([`stages`]) → tables ([`tables`]).
//! One [`document::Document`] flows through the per-document stages in parallel
//! ([`pipeline`]); aggregate is the barrier that sees the whole corpus.

pub mod cache;
pub mod cli;
pub mod config;
pub mod document;
pub mod error;
pub mod files;
pub mod fingerprint;
pub mod framing;
pub mod front_matter;
pub mod gazetteer;
pub mod html_meta;
pub mod manifest;
pub mod markdown;
pub mod pipeline;
pub mod plan;
pub mod progress;
pub mod shard;
pub mod source;
pub mod stages;
pub mod stream;
pub mod tables;
pub mod watch;
pub mod xml_export;

/// The package directory, for tests that read repository files. Cargo sets it when it runs the
/// tests; the compile-time value is only a fallback, since a target directory shared between
/// checkouts can hold a test binary compiled in a checkout that no longer exists.
#[cfg(test)]
pub(crate) fn package_dir() -> std::path::PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR").map_or_else(|| env!("CARGO_MANIFEST_DIR").into(), Into::into)
}
