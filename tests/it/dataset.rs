//! The dataset layout (`output.layout = "dataset"`): a directory of part files per table with
//! the rows of the files layout, rewritten part by part on a rerun.

use std::collections::BTreeSet;
use std::path::Path;

use crate::{assert_same_tables, make_corpus, textmill};

fn config(work: &Path, layout: &str) -> std::path::PathBuf {
    let path = work.join(format!("{layout}.toml"));
    std::fs::write(&path, format!("[output]\nlayout = \"{layout}\"\n")).unwrap();
    path
}

fn run(input: &Path, out: &Path, config: &Path) {
    textmill().args(["run", "-q", "--config"]).arg(config).arg("--input").arg(input).arg("--output").arg(out).assert().success();
}

/// Every data row of a table's CSV: one file, or every part of its directory (each with a header).
fn csv_rows(out: &Path, table: &str) -> Vec<Vec<String>> {
    let path = out.join(format!("{table}.csv"));
    let files: Vec<std::path::PathBuf> = if path.is_dir() { std::fs::read_dir(&path).unwrap().flatten().map(|e| e.path()).collect() } else { vec![path] };
    let mut rows = Vec::new();
    for file in files {
        let mut reader = csv::Reader::from_path(&file).unwrap();
        rows.extend(reader.records().map(|row| row.unwrap().iter().map(String::from).collect::<Vec<String>>()));
    }
    rows.sort();
    rows
}

/// The part files of a table's directory, with their inode (a part linked from the last run
/// keeps its inode).
#[cfg(unix)]
fn parts(out: &Path, table: &str) -> BTreeSet<(String, u64)> {
    use std::os::unix::fs::MetadataExt;
    std::fs::read_dir(out.join(format!("{table}.parquet"))).unwrap().flatten().map(|e| (e.file_name().into_string().unwrap(), e.metadata().unwrap().ino())).collect()
}

fn report(out: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(out.join("run_report.json")).unwrap()).unwrap()
}

#[test]
fn the_dataset_layout_has_the_rows_of_the_files_layout() {
    let work = tempfile::tempdir().unwrap();
    let input = work.path().join("in");
    make_corpus(&input, 300);
    let (files, dataset) = (work.path().join("files"), work.path().join("dataset"));
    run(&input, &files, &config(work.path(), "files"));
    run(&input, &dataset, &config(work.path(), "dataset"));
    for table in ["documents", "sentences", "mentions", "entities", "errors"] {
        assert!(dataset.join(format!("{table}.parquet")).is_dir() && dataset.join(format!("{table}.csv")).is_dir(), "{table}");
        let rows = csv_rows(&files, table);
        assert_eq!(csv_rows(&dataset, table), rows, "{table}");
        if table != "errors" {
            assert!(!rows.is_empty(), "{table}");
        }
    }
    // 300 documents make several parts; a table without rows still has a part with its columns.
    assert!(std::fs::read_dir(dataset.join("documents.parquet")).unwrap().count() > 1);
    assert_eq!(std::fs::read_dir(dataset.join("errors.csv")).unwrap().count(), 1);
    // Switching layouts leaves no table of the other one behind.
    run(&input, &dataset, &config(work.path(), "files"));
    assert!(dataset.join("documents.parquet").is_file());
    assert_same_tables(&dataset, &files);
}

#[cfg(unix)]
#[test]
fn a_dataset_rerun_rewrites_only_the_parts_of_changed_documents() {
    let work = tempfile::tempdir().unwrap();
    let (input, out, fresh) = (work.path().join("in"), work.path().join("out"), work.path().join("fresh"));
    let dataset = config(work.path(), "dataset");
    make_corpus(&input, 300);
    run(&input, &out, &dataset);
    let before: Vec<_> = ["documents", "sentences", "mentions"].map(|table| parts(&out, table)).to_vec();
    let path = input.join("doc_00123.txt");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("{text}\nNothing more was said that day.\n")).unwrap();
    run(&input, &out, &dataset);
    for (table, before) in ["documents", "sentences", "mentions"].into_iter().zip(before) {
        let after = parts(&out, table);
        assert_eq!(before.difference(&after).count(), 1, "{table}: one part replaced");
        assert_eq!(after.difference(&before).count(), 1, "{table}: one part replaced");
    }
    assert_eq!(report(&out)["parts_written"], 3, "{}", report(&out));
    run(&input, &fresh, &dataset);
    assert_same_tables(&out, &fresh);
    // A new document and a deleted one: the tables are still those of a fresh run.
    std::fs::write(input.join("doc_00123b.txt"), "A new report\n\nThe harbour in Valletta reopened on Monday.\n").unwrap();
    std::fs::remove_file(input.join("doc_00200.txt")).unwrap();
    run(&input, &out, &dataset);
    std::fs::remove_dir_all(&fresh).unwrap();
    run(&input, &fresh, &dataset);
    assert_same_tables(&out, &fresh);
}

#[test]
fn a_dataset_rerun_reads_only_the_documents_of_changed_parts() {
    // The parts whose documents are all unchanged files are taken whole, their documents'
    // cache entries unread: with the entries gone, only the changed part's documents are
    // read from their sources again.
    let work = tempfile::tempdir().unwrap();
    let (input, out, fresh) = (work.path().join("in"), work.path().join("out"), work.path().join("fresh"));
    let dataset = config(work.path(), "dataset");
    make_corpus(&input, 300);
    run(&input, &out, &dataset);
    let document_parts = parts(&out, "documents").len();
    assert!(document_parts >= 2, "{document_parts} parts");
    std::fs::remove_dir_all(out.join(".textmill/cache")).unwrap();
    let path = input.join("doc_00123.txt");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("{text}\nNothing more was said that day.\n")).unwrap();
    run(&input, &out, &dataset);
    let read = report(&out)["documents_per_stage"]["ingest"].as_u64().unwrap();
    assert!((1..300).contains(&read), "{read} documents read again");
    // A summary per part, none of parts gone.
    let summaries = std::fs::read_dir(out.join(".textmill/parts")).unwrap().count();
    assert_eq!(summaries, parts(&out, "documents").len());
    run(&input, &fresh, &dataset);
    assert_same_tables(&out, &fresh);
}

#[test]
fn a_part_edited_since_is_written_again_when_its_documents_are_unchanged() {
    // A part of an unchanged document's table edited by hand is not taken whole: its
    // documents are read from the cache and the part written as a fresh run writes it.
    let work = tempfile::tempdir().unwrap();
    let (input, out, fresh) = (work.path().join("in"), work.path().join("out"), work.path().join("fresh"));
    let dataset = config(work.path(), "dataset");
    make_corpus(&input, 300);
    run(&input, &out, &dataset);
    let part_of = |doc: &str| std::fs::read_dir(out.join("documents.csv")).unwrap().flatten().map(|e| e.path()).find(|p| std::fs::read_to_string(p).unwrap().contains(doc)).unwrap();
    let edited = part_of("doc_00000.txt,");
    assert_ne!(edited, part_of("doc_00299.txt,"));
    let bytes = std::fs::read(&edited).unwrap();
    std::fs::write(&edited, [&bytes[..], b"x,y\n"].concat()).unwrap();
    std::fs::write(input.join("doc_00299.txt"), "Another story\n\nThe ferry to Gozo left at noon.\n").unwrap();
    run(&input, &out, &dataset);
    assert!(std::fs::read(&edited).unwrap() == bytes);
    run(&input, &fresh, &dataset);
    assert_same_tables(&out, &fresh);
}

#[test]
fn more_entity_chunks_than_document_parts_is_no_panic() {
    // Regression: a corpus of few documents with over 8,192 entities (one document part, two
    // chunks of entities) panicked in the dataset layout: the second chunk's mentions had no
    // document part to be named after.
    let work = tempfile::tempdir().unwrap();
    let input = work.path().join("in");
    std::fs::create_dir(&input).unwrap();
    let names: Vec<String> = (0..9_000).map(|i| format!("Zorblat{i:05}")).collect();
    let patterns: String = names.iter().map(|n| format!("{{\"label\": \"ORG\", \"pattern\": \"{n}\"}}\n")).collect();
    std::fs::write(work.path().join("patterns.jsonl"), patterns).unwrap();
    let sentences: Vec<String> = names.chunks(3).map(|c| format!("{} met {} and {}.", c[0], c[1], c[2])).collect();
    std::fs::write(input.join("meeting.txt"), format!("Many meetings\n\n{}\n", sentences.join(" "))).unwrap();
    for layout in ["files", "dataset"] {
        let config = work.path().join(format!("{layout}.toml"));
        std::fs::write(
            &config,
            format!("[output]\nlayout = \"{layout}\"\nformat = \"csv\"\n[tag.tagger]\nbackend = \"ruler\"\nbuiltin_patterns = false\ngazetteer = false\npatterns = [\"{}\"]\n", work.path().join("patterns.jsonl").display()),
        )
        .unwrap();
        run(&input, &work.path().join(layout), &config);
    }
    assert_eq!(csv_rows(&work.path().join("files"), "entities").len(), 9_000);
    for table in ["documents", "sentences", "mentions", "entities"] {
        assert_eq!(csv_rows(&work.path().join("files"), table), csv_rows(&work.path().join("dataset"), table), "{table}");
    }
}

#[test]
fn a_part_cut_short_is_written_again_not_linked() {
    // Regression: a part file truncated on disk (a full disk, a partial copy) was linked into
    // every later run's tables, --force included, and no reader could open the table.
    let work = tempfile::tempdir().unwrap();
    let (input, out, fresh) = (work.path().join("in"), work.path().join("out"), work.path().join("fresh"));
    let dataset = config(work.path(), "dataset");
    make_corpus(&input, 40);
    run(&input, &out, &dataset);
    let dir = out.join("sentences.parquet");
    let part = std::fs::read_dir(&dir).unwrap().flatten().map(|e| e.path()).find(|p| !p.to_string_lossy().contains("empty")).unwrap();
    let bytes = std::fs::read(&part).unwrap();
    std::fs::write(&part, &bytes[..100]).unwrap();
    textmill().args(["run", "-q", "--force", "--config"]).arg(&dataset).arg("--input").arg(&input).arg("--output").arg(&out).assert().success();
    assert_eq!(std::fs::read(&part).unwrap(), bytes);
    run(&input, &fresh, &dataset);
    assert_same_tables(&out, &fresh);
}

#[test]
fn a_part_no_run_wrote_is_reported_and_dropped() {
    // Regression: a part put into a table's folder (restored from a backup, a sync tool's
    // "part-... (1).csv") went unnoticed: `status` said up to date and readers of the folder
    // read its rows twice, also after a restored part's time was put back.
    let work = tempfile::tempdir().unwrap();
    let (input, out, fresh) = (work.path().join("in"), work.path().join("out"), work.path().join("fresh"));
    let dataset = config(work.path(), "dataset");
    make_corpus(&input, 20);
    run(&input, &out, &dataset);
    let dir = out.join("documents.csv");
    let part = std::fs::read_dir(&dir).unwrap().flatten().map(|e| e.path()).next().unwrap();
    let copy = dir.join(format!("{} (1).csv", part.file_stem().unwrap().to_string_lossy()));
    std::fs::copy(&part, &copy).unwrap();
    // (A recorded part touched as well: an up-to-date run records new times, not new files.)
    let now = std::fs::File::options().append(true).open(&part).unwrap();
    now.set_modified(std::time::SystemTime::now() + std::time::Duration::from_secs(5)).unwrap();
    let status = |expect_code: i32| {
        let out = textmill().args(["status", "--config"]).arg(&dataset).arg("--input").arg(&input).arg("--output").arg(&out).output().unwrap();
        assert_eq!(out.status.code(), Some(expect_code), "{}", String::from_utf8_lossy(&out.stdout));
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    assert!(status(1).contains("(1).csv"));
    run(&input, &out, &dataset);
    assert!(!copy.exists());
    run(&input, &fresh, &dataset);
    assert_same_tables(&out, &fresh);
    status(0);
}
