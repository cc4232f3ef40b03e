//! Integration tests: the real binary on real files in temporary directories.

mod bad_inputs;
mod cli;
mod dataset;
mod deploy;
mod contract;
mod first_use;
mod hostile;
mod incremental;
mod module_graph;
mod regression;
mod shards;
mod stream;

use std::path::{Path, PathBuf};

/// Cargo sets the package directory when it runs the tests; the compile-time value is only a
/// fallback (a target directory shared between checkouts can hold a binary compiled elsewhere).
pub fn repo_root() -> PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR").map_or_else(|| env!("CARGO_MANIFEST_DIR").into(), Into::into)
}

pub fn textmill() -> assert_cmd::Command {
    let mut command = assert_cmd::Command::cargo_bin("textmill").expect("binary built");
    command.current_dir(repo_root());
    command
}

/// Read a CSV table written by a run into rows of strings (header first).
pub fn read_csv(dir: &Path, table: &str) -> Vec<Vec<String>> {
    let path = dir.join(format!("{table}.csv"));
    let mut reader = csv::ReaderBuilder::new().has_headers(false).from_path(&path).unwrap_or_else(|e| panic!("{table}.csv: {e}"));
    reader.records().map(|row| row.unwrap_or_else(|e| panic!("{table}.csv: {e}")).iter().map(String::from).collect()).collect()
}

/// Column index by name.
pub fn column(rows: &[Vec<String>], name: &str) -> usize {
    rows[0].iter().position(|c| c == name).unwrap_or_else(|| panic!("no column {name} in {:?}", rows[0]))
}

/// A corpus of `n` distinct articles made from the sample ones (each gets its own first line).
pub fn make_corpus(dir: &Path, n: usize) {
    let samples: Vec<String> = std::fs::read_dir(repo_root().join("data/sample"))
        .unwrap()
        .flatten()
        .map(|e| std::fs::read_to_string(e.path()).unwrap())
        .collect();
    std::fs::create_dir_all(dir).unwrap();
    for i in 0..n {
        let text = format!("Report number {i} from the regional desk\n\n{}", samples[i % samples.len()]);
        std::fs::write(dir.join(format!("doc_{i:05}.txt")), text).unwrap();
    }
}

/// The bytes of every table file (CSV and Parquet) of an output directory: a file each in the
/// files layout, every part file of a table's directory in the dataset layout.
pub fn table_bytes(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    for table in ["documents", "sentences", "mentions", "entities", "errors", "aliases"] {
        for extension in ["csv", "parquet"] {
            let name = format!("{table}.{extension}");
            let path = dir.join(&name);
            if path.is_dir() {
                let mut parts: Vec<_> = std::fs::read_dir(&path).unwrap().flatten().map(|e| e.file_name().into_string().unwrap()).collect();
                parts.sort();
                files.extend(parts.into_iter().map(|part| (format!("{name}/{part}"), std::fs::read(path.join(&part)).unwrap())));
            } else if path.exists() {
                files.push((name, std::fs::read(path).unwrap()));
            }
        }
    }
    files
}

pub fn assert_same_tables(a: &Path, b: &Path) {
    let (left, right) = (table_bytes(a), table_bytes(b));
    assert_eq!(left.iter().map(|f| &f.0).collect::<Vec<_>>(), right.iter().map(|f| &f.0).collect::<Vec<_>>());
    for ((name, x), (_, y)) in left.iter().zip(&right) {
        assert!(x == y, "{name} differs between {} and {}", a.display(), b.display());
    }
}
