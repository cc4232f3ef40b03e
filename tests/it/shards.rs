//! Shards and merge: `run --shard I/N` on each shard, then `merge`, gives the tables of one run
//! over the whole corpus, byte for byte.

use std::path::{Path, PathBuf};

use predicates::prelude::*;

use crate::{assert_same_tables, read_csv, repo_root, textmill};

fn run(input: &Path, out: &Path, extra: &[&str]) -> assert_cmd::assert::Assert {
    textmill().args(["run", "-q", "--format", "both", "--input"]).arg(input).arg("--output").arg(out).args(extra).assert()
}

fn merge(parts: &[PathBuf], out: &Path, extra: &[&str]) -> assert_cmd::assert::Assert {
    textmill().args(["merge", "-q", "--format", "both", "--output"]).arg(out).args(extra).args(parts).assert()
}

/// Run every shard of `count` into `work/<label>-<count>-<i>`, merge them into
/// `work/<label>-<count>-merged` and return that.
fn shards_then_merge(input: &Path, work: &Path, label: &str, count: u32, extra: &[&str], code: i32) -> PathBuf {
    let parts: Vec<PathBuf> = (0..count).map(|i| work.join(format!("{label}-{count}-{i}"))).collect();
    for (i, part) in parts.iter().enumerate() {
        let shard = format!("{i}/{count}");
        let ran = run(input, part, &[&["--shard", shard.as_str()], extra].concat()).get_output().status.code();
        assert!(ran == Some(0) || ran == Some(code), "shard {shard}: exit {ran:?}");
    }
    let merged = work.join(format!("{label}-{count}-merged"));
    merge(&parts, &merged, extra).code(code);
    merged
}

/// A corpus of `n` short articles (two paragraphs of the samples, in many combinations, under
/// a headline of their own), a JSONL file of records with ids, and files that fail.
fn make_news(dir: &Path, n: usize) {
    let mut paragraphs: Vec<String> = Vec::new();
    let mut samples: Vec<_> = std::fs::read_dir(repo_root().join("data/sample")).unwrap().flatten().map(|e| e.path()).collect();
    samples.sort();
    for sample in samples {
        let text = std::fs::read_to_string(sample).unwrap();
        paragraphs.extend(text.split("\n\n").map(str::trim).filter(|p| p.split_whitespace().count() >= 12).map(String::from));
    }
    let p = paragraphs.len();
    std::fs::create_dir_all(dir.join("wire")).unwrap();
    let files = n - n / 10;
    for i in 0..files {
        let text = format!("Desk report {i}: regional news\n\n{}\n\n{}\n", paragraphs[i % p], paragraphs[(i * 7 + 3) % p]);
        std::fs::write(dir.join("wire").join(format!("{i:05}.txt")), text).unwrap();
    }
    let mut lines = Vec::new();
    for i in files..n {
        let record = serde_json::json!({ "id": format!("r{}", i % (n / 10 - 3)), "title": format!("Feed item {i}"), "text": paragraphs[(i * 5 + 1) % p] });
        lines.push(record.to_string());
    }
    lines.insert(7, "{not json".to_string());
    std::fs::write(dir.join("feed.jsonl"), lines.join("\n") + "\n").unwrap();
    std::fs::write(dir.join("one.jsonl"), "{\"id\": \"lonely\", \"text\": \"A single record in its own file, about Paris and Berlin.\"}\n").unwrap();
    std::fs::write(dir.join("empty.txt"), "").unwrap();
    std::fs::write(dir.join("binary.txt"), b"\x00\x01\x02binary").unwrap();
}

#[test]
fn merged_shards_equal_one_run_on_the_samples() {
    let work = tempfile::tempdir().unwrap();
    let input = repo_root().join("data/sample");
    let whole = work.path().join("whole");
    run(&input, &whole, &[]).success();
    for count in [1, 2, 3, 7] {
        let merged = shards_then_merge(&input, work.path(), "files", count, &[], 0);
        assert_same_tables(&whole, &merged);
    }
    // A killed merge's staging folder goes with the next merge (review: it stayed for good).
    let parts: Vec<PathBuf> = (0..2).map(|i| work.path().join(format!("files-2-{i}"))).collect();
    let merged = work.path().join("files-2-merged");
    std::fs::create_dir(merged.join(".textmill-staging-killed")).unwrap();
    merge(&parts, &merged, &[]).success();
    assert!(!merged.join(".textmill-staging-killed").exists());
    // The dataset layout: the same part files (and the corpus-wide surname links, done again
    // at merge).
    let config = work.path().join("dataset.toml");
    std::fs::write(&config, "[output]\nlayout = \"dataset\"\n\n[aggregate]\nlink_surnames_across_documents = true\n").unwrap();
    let config_args = ["--config", config.to_str().unwrap()];
    let whole = work.path().join("whole-dataset");
    run(&input, &whole, &config_args).success();
    let merged = shards_then_merge(&input, work.path(), "dataset", 3, &config_args, 0);
    assert_same_tables(&whole, &merged);
}

#[test]
fn merged_shards_equal_one_run_on_5000_documents() {
    let work = tempfile::tempdir().unwrap();
    let input = work.path().join("news");
    make_news(&input, 5_000);
    let whole = work.path().join("whole");
    run(&input, &whole, &[]).code(1);
    let errors = read_csv(&whole, "errors");
    assert!(errors.len() == 7, "the failures are rows (3 files, 3 duplicate ids): {errors:?}");
    for count in [1, 2, 3, 7] {
        let merged = shards_then_merge(&input, work.path(), "news", count, &[], 1);
        assert_same_tables(&whole, &merged);
        if count == 7 {
            // Each shard is a rerunnable output of its own: up to date, and a changed document
            // is redone by its shard only.
            for i in 0..count {
                let part = work.path().join(format!("news-7-{i}"));
                status(&input, &part, &format!("{i}/7")).success();
            }
            let changed = input.join("wire/00042.txt");
            std::fs::write(&changed, "Desk report 42: corrected\n\nThe mayor of Lyon met the board of Airbus in Toulouse on Monday.\n").unwrap();
            let holder = (0..count).find(|&i| has_document(&work.path().join(format!("news-7-{i}")), "wire/00042.txt")).expect("a shard holds it");
            for i in 0..count {
                let part = work.path().join(format!("news-7-{i}"));
                let shard = format!("{i}/7");
                if i != holder {
                    status(&input, &part, &shard).success();
                    continue;
                }
                status(&input, &part, &shard).code(1).stdout(predicates::str::contains("changed  ").and(predicates::str::contains("00042.txt")));
                run(&input, &part, &["--shard", &shard]).code(predicates::ord::ge(0));
                let report: serde_json::Value = serde_json::from_slice(&std::fs::read(part.join("run_report.json")).unwrap()).unwrap();
                // Besides it, the records with a repeated id (failed units are tried again).
                let repeated = read_csv(&part, "errors").iter().filter(|row| row[3].contains("duplicate doc_id")).count();
                assert_eq!(report["documents_per_stage"]["tag"], 1 + repeated as u64, "shard {shard} tags the changed document alone");
            }
        }
    }
}

fn has_document(out: &Path, doc_id: &str) -> bool {
    let rows = read_csv(out, "documents");
    rows.iter().skip(1).any(|row| row[0] == doc_id)
}

fn status(input: &Path, out: &Path, shard: &str) -> assert_cmd::assert::Assert {
    textmill().args(["status", "--format", "both", "--input"]).arg(input).arg("--output").arg(out).args(["--shard", shard]).assert()
}

#[test]
fn a_shard_is_up_to_date_after_its_run_even_without_records_of_a_file() {
    let work = tempfile::tempdir().unwrap();
    let input = work.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    // One record per file: most shards hold none of a file's records.
    for i in 0..6 {
        std::fs::write(input.join(format!("f{i}.jsonl")), format!("{{\"id\": \"{i}\", \"text\": \"Record {i} about the harbour in Oslo.\"}}\n")).unwrap();
    }
    for i in 0..3 {
        let part = work.path().join(format!("p{i}"));
        let shard = format!("{i}/3");
        run(&input, &part, &["--shard", &shard]).success();
        status(&input, &part, &shard).success();
        textmill().args(["run", "--format", "both", "--input"]).arg(&input).arg("--output").arg(&part).args(["--shard", &shard]).assert().success().stderr(predicates::str::contains("up to date"));
    }
}

#[test]
fn merge_refuses_parts_that_do_not_fit() {
    let work = tempfile::tempdir().unwrap();
    let input = repo_root().join("data/sample");
    let part = |name: &str| work.path().join(name);
    for i in 0..3 {
        run(&input, &part(&format!("p{i}")), &["--shard", &format!("{i}/3")]).success();
    }
    run(&input, &part("whole"), &[]).success();
    let other = work.path().join("other.toml");
    std::fs::write(&other, "[segment]\nextra_abbreviations = [\"Gov\"]\n").unwrap();
    run(&input, &part("p2-other"), &["--shard", "2/3", "--config", other.to_str().unwrap()]).success();
    run(&input, &part("q1"), &["--shard", "1/2"]).success();
    let extensions = work.path().join("extensions.toml");
    std::fs::write(&extensions, "[input]\nextensions = [\"txt\", \"md\"]\n").unwrap();
    run(&input, &part("p2-ext"), &["--shard", "2/3", "--config", extensions.to_str().unwrap()]).success();
    run(&input, &part("r5"), &["--shard", "5/40000"]).success();
    let refused = |parts: &[&str], expected: &str| {
        let parts: Vec<PathBuf> = parts.iter().map(|p| part(p)).collect();
        let out = work.path().join("merged");
        let stderr = String::from_utf8(merge(&parts, &out, &[]).code(2).get_output().stderr.clone()).unwrap();
        assert!(stderr.contains("merge refused") && stderr.contains(expected), "{parts:?}: {stderr}");
        assert!(!out.exists(), "a refused merge leaves nothing");
    };
    refused(&["p0", "p1"], "shard 2/3 missing");
    refused(&["p0", "p1", "p1"], "is shard 1/3, and so is");
    refused(&["p0", "p1", "q1"], "is shard 1/2, but");
    refused(&["p0", "p1", "whole"], "whole corpus");
    refused(&["p0", "p1", "p2-other"], "segment.extra_abbreviations");
    refused(&["p0", "p1", "nowhere"], "no finished textmill run");
    // Regressions: parts choosing other files were merged into a short table; one part of a
    // huge split listed 39,999 missing shards.
    refused(&["p0", "p1", "p2-ext"], "input.extensions");
    refused(&["r5"], "and 39989 more missing");
    // Parts the merge's own settings did not make.
    let parts: Vec<PathBuf> = (0..3).map(|i| part(&format!("p{i}"))).collect();
    let stderr = merge(&parts, &work.path().join("m"), &["--config", other.to_str().unwrap()]).code(2).get_output().stderr.clone();
    assert!(String::from_utf8(stderr).unwrap().contains("segment.extra_abbreviations"));
    // Into one of its parts.
    let stderr = merge(&parts, &part("p0"), &[]).code(2).get_output().stderr.clone();
    assert!(String::from_utf8(stderr).unwrap().contains("also the --output"));
    // A part with a run under way, or killed: its cache may hold that run's entries.
    // (Regression: "has no cache entry ...; run that shard again with --force", advice that
    // redoes a whole shard, where waiting or a plain rerun was the cure.)
    let state = part("p1").join(".textmill");
    let lock = std::fs::OpenOptions::new().write(true).open(state.join("lock")).unwrap();
    lock.lock().unwrap();
    std::fs::write(state.join("lock.pid"), "4242").unwrap();
    refused(&["p0", "p1", "p2"], "a textmill run is in progress on it (pid 4242)");
    drop(lock);
    std::fs::write(state.join("manifest-partial-x"), "").unwrap();
    refused(&["p0", "p1", "p2"], "its last run was interrupted; run that shard again (without --force");
    std::fs::remove_file(state.join("manifest-partial-x")).unwrap();
    merge(&parts, &work.path().join("m"), &[]).success();
}

#[test]
fn the_shard_comes_from_the_schedulers_environment() {
    let work = tempfile::tempdir().unwrap();
    let input = repo_root().join("data/sample");
    let out = work.path().join("slurm");
    let with_env = |vars: &[(&str, &str)], out: &Path, extra: &[&str]| {
        let mut command = textmill();
        command.args(["run", "-q", "--input"]).arg(&input).arg("--output").arg(out).arg("--shard-from-env").args(extra);
        for var in ["SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_MIN", "SLURM_ARRAY_TASK_COUNT", "JOB_COMPLETION_INDEX", "TEXTMILL_SHARD_COUNT"] {
            command.env_remove(var);
        }
        command.envs(vars.iter().copied()).assert()
    };
    with_env(&[("SLURM_ARRAY_TASK_ID", "3"), ("SLURM_ARRAY_TASK_MIN", "1"), ("SLURM_ARRAY_TASK_COUNT", "3")], &out, &[]).success();
    status(&input, &out, "2/3").success();
    let k8s = work.path().join("k8s");
    with_env(&[("JOB_COMPLETION_INDEX", "2")], &k8s, &["--shard-count", "3"]).success();
    status(&input, &k8s, "2/3").success();
    let stderr = with_env(&[], &work.path().join("none"), &[]).code(2).get_output().stderr.clone();
    assert!(String::from_utf8(stderr).unwrap().contains("neither SLURM_ARRAY_TASK_ID"));
    textmill().args(["run", "--shard", "3/3"]).assert().code(2).stderr(predicates::str::contains("expected I/N"));
}

#[test]
fn the_tables_do_not_depend_on_how_documents_were_batched() {
    // Regression: a Parquet row group per batch of the pool made the bytes depend on
    // run.batch_bytes and run.batch_documents, so a merge (batched otherwise) differed from one run.
    let work = tempfile::tempdir().unwrap();
    let input = repo_root().join("data/sample");
    let small = work.path().join("small.toml");
    std::fs::write(&small, "[run]\nbatch_bytes = 1\nbatch_documents = 2\n").unwrap();
    run(&input, &work.path().join("default"), &[]).success();
    run(&input, &work.path().join("small"), &["--config", small.to_str().unwrap()]).success();
    assert_same_tables(&work.path().join("default"), &work.path().join("small"));
}

#[test]
fn merge_refuses_parts_that_read_a_shared_file_in_two_versions() {
    // Regression (a hunt): a JSONL file every shard reads was changed and only one shard run
    // again (a retried task); the merge wrote tables of both versions of the file, exit 0.
    let work = tempfile::tempdir().unwrap();
    let input = work.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    let feed = |who: &str| (0..30).map(|i| format!("{{\"id\": \"r{i}\", \"text\": \"Story {i}. {who} met officials in Berlin on Monday.\"}}\n")).collect::<String>();
    std::fs::write(input.join("feed.jsonl"), feed("Angela Merkel")).unwrap();
    std::fs::write(input.join("other.txt"), "Council meets\n\nThe council met in Leeds on Monday.\n").unwrap();
    let parts: Vec<PathBuf> = (0..3).map(|i| work.path().join(format!("part{i}"))).collect();
    for (i, part) in parts.iter().enumerate() {
        run(&input, part, &["--shard", &format!("{i}/3")]).success();
    }
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::write(input.join("feed.jsonl"), feed("Emmanuel Macron")).unwrap();
    run(&input, &parts[1], &["--shard", "1/3"]).success();
    merge(&parts, &work.path().join("merged"), &[]).code(2).stderr(predicate::str::contains("it changed between their runs"));
    // A file touched, or a copy on each machine, is the same file (a review).
    for (i, part) in parts.iter().enumerate() {
        run(&input, part, &["--shard", &format!("{i}/3")]).success();
    }
    let touched = std::fs::read(input.join("feed.jsonl")).unwrap();
    std::fs::write(input.join("feed.jsonl"), &touched).unwrap();
    run(&input, &parts[1], &["--shard", "1/3"]).success();
    merge(&parts, &work.path().join("merged-touched"), &[]).success();
    // Once every shard has read the new version, the merge is one run's over it.
    for (i, part) in parts.iter().enumerate() {
        run(&input, part, &["--shard", &format!("{i}/3")]).success();
    }
    let merged = work.path().join("merged");
    merge(&parts, &merged, &[]).success();
    run(&input, &work.path().join("whole"), &[]).success();
    assert_same_tables(&merged, &work.path().join("whole"));
}

#[test]
fn merge_refuses_parts_that_name_their_inputs_otherwise() {
    // Regression (a hunt): shard 0 run with `--input in`, shard 1 with the same folder named
    // absolutely; the merge mixed "in/a.txt" and "/tmp/.../in/b.txt" in documents.source.
    let work = tempfile::tempdir().unwrap();
    let input = work.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    for i in 0..12 {
        std::fs::write(input.join(format!("s{i}.txt")), format!("Report {i}\n\nThe council met in Leeds on Monday to discuss item {i}.\n")).unwrap();
    }
    let shard = |i: u32, named: &Path| {
        textmill().current_dir(work.path()).args(["run", "-q", "--input"]).arg(named).args(["--output", &format!("part{i}"), "--shard", &format!("{i}/2")]).assert().success();
    };
    shard(0, Path::new("in"));
    shard(1, &input);
    let parts = [work.path().join("part0"), work.path().join("part1")];
    merge(&parts, &work.path().join("merged"), &[]).code(2).stderr(predicate::str::contains("run the shards with --input written alike"));
}

#[test]
fn shards_of_one_project_checked_out_at_two_places_merge() {
    // Regression (a new user's first hour): two machines' checkouts of the same project, each
    // running a shard with its pipeline.toml, were refused ("read input.paths /home/alice/...,
    // but ... /home/bob/..."), though their tables show the same sources.
    let work = tempfile::tempdir().unwrap();
    for home in ["alice", "bob"] {
        let project = work.path().join(home).join("proj");
        std::fs::create_dir_all(project.join("in")).unwrap();
        for i in 0..12 {
            std::fs::write(project.join(format!("in/s{i}.txt")), format!("Report {i}\n\nThe council met in Leeds on Monday to discuss item {i}.\n")).unwrap();
        }
        std::fs::write(project.join("pipeline.toml"), "[input]\npaths = [\"in\"]\n").unwrap();
    }
    let parts: Vec<PathBuf> = (0..2).map(|i| work.path().join(format!("part{i}"))).collect();
    for (i, home) in ["alice", "bob"].iter().enumerate() {
        textmill().args(["run", "-q", "--format", "both", "--config"]).arg(work.path().join(home).join("proj/pipeline.toml")).arg("--output").arg(&parts[i]).args(["--shard", &format!("{i}/2")]).assert().success();
    }
    let (merged, whole) = (work.path().join("merged"), work.path().join("whole"));
    merge(&parts, &merged, &[]).success();
    textmill().args(["run", "-q", "--format", "both", "--config"]).arg(work.path().join("alice/proj/pipeline.toml")).arg("--output").arg(&whole).assert().success();
    crate::assert_same_tables(&merged, &whole);
}

#[test]
fn a_merge_reports_the_files_skipped_for_their_extension_as_one_run_does() {
    // Regression (a hunt): each shard's report named a .csv and a .png skipped; the merged
    // report said none.
    let work = tempfile::tempdir().unwrap();
    let input = work.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    for i in 0..6 {
        std::fs::write(input.join(format!("s{i}.txt")), format!("Report {i}\n\nThe council met in Leeds on Monday to discuss item {i}.\n")).unwrap();
    }
    std::fs::write(input.join("table.csv"), "a,b\n1,2\n").unwrap();
    std::fs::write(input.join("logo.png"), b"\x89PNG").unwrap();
    let merged = shards_then_merge(&input, work.path(), "skip", 2, &[], 0);
    run(&input, &work.path().join("whole"), &[]).success();
    let report = |dir: &Path| -> serde_json::Value { serde_json::from_slice(&std::fs::read(dir.join("run_report.json")).unwrap()).unwrap() };
    let (merged, whole) = (report(&merged), report(&work.path().join("whole")));
    assert_eq!(merged["files_skipped_by_extension"], 2);
    assert_eq!(merged["files_skipped_examples"], whole["files_skipped_examples"]);
}
