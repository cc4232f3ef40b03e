//! Reruns: only changed documents are redone, tables equal a from-scratch run, state survives
//! kills, corruption and concurrent starts.

use std::path::Path;
use std::time::{Duration, Instant};

use predicates::prelude::*;
use proptest::prelude::Rng;

use crate::{assert_same_tables, make_corpus, textmill};

fn run(input: &Path, out: &Path, extra: &[&str]) -> assert_cmd::assert::Assert {
    textmill().args(["run", "-q", "--input"]).arg(input).arg("--output").arg(out).args(extra).assert()
}

fn report(out: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(out.join("run_report.json")).unwrap()).unwrap()
}

#[test]
fn a_reruns_words_per_second_count_only_the_documents_it_processed() {
    // Regression (a new user's first hour): a rerun that processed one document reported the
    // words of every cached one over its second, 224,000 words/s and more.
    let work = tempfile::tempdir().unwrap();
    let (input, out) = (work.path().join("in"), work.path().join("out"));
    make_corpus(&input, 40);
    run(&input, &out, &[]).success();
    std::fs::write(input.join("doc_00003.txt"), "Council meets\n\nEdi Rama spoke in Tirana on Monday.\n").unwrap();
    run(&input, &out, &[]).success();
    let rerun = report(&out);
    // (The words of the corpus, but the words/s of the nine words processed.)
    assert!(rerun["words"].as_u64().unwrap() > 1000, "{rerun}");
    let seconds = rerun["seconds_total"].as_f64().unwrap();
    // (Its product with the seconds may round above 9 in the last bit.)
    assert!(rerun["words_per_second"].as_f64().unwrap() * seconds <= 9.0 + 1e-9, "{rerun}");
}

#[test]
fn no_op_rerun_is_up_to_date_and_touches_nothing() {
    let work = tempfile::tempdir().unwrap();
    let (input, out) = (work.path().join("in"), work.path().join("out"));
    make_corpus(&input, 12);
    run(&input, &out, &[]).success();
    let before: Vec<_> = crate::table_bytes(&out);
    let modified = std::fs::metadata(out.join("mentions.parquet")).unwrap().modified().unwrap();
    run(&input, &out, &[]).success().stderr(predicate::str::contains("up to date"));
    assert_eq!(std::fs::metadata(out.join("mentions.parquet")).unwrap().modified().unwrap(), modified);
    assert!(before == crate::table_bytes(&out));
    textmill().args(["status", "--input"]).arg(&input).arg("--output").arg(&out).assert().code(0).stdout(predicate::str::contains("up to date"));
    // A source that fails the same way again is not a change either (regression: a dangling
    // link or an unreadable file made every status say "new").
    std::os::unix::fs::symlink(input.join("nowhere.txt"), input.join("dangling.txt")).unwrap();
    std::fs::write(input.join("empty.txt"), "").unwrap();
    run(&input, &out, &[]).code(1);
    textmill().args(["status", "--input"]).arg(&input).arg("--output").arg(&out).assert().code(0);
    // Touching a file without changing it is no change of content; a run records its new time
    // once (status says so, exit 1), and then it is up to date again.
    let file = input.join("doc_00003.txt");
    std::fs::write(&file, std::fs::read(&file).unwrap()).unwrap();
    textmill().args(["status", "--input"]).arg(&input).arg("--output").arg(&out).assert().code(1).stdout(predicate::str::contains("0 changed").and(predicate::str::contains("1 touched")));
    run(&input, &out, &[]).code(1);
    textmill().args(["status", "--input"]).arg(&input).arg("--output").arg(&out).assert().code(0);
}

#[test]
fn changes_are_listed_and_the_rerun_equals_a_fresh_run() {
    let work = tempfile::tempdir().unwrap();
    let (input, out, fresh) = (work.path().join("in"), work.path().join("out"), work.path().join("fresh"));
    make_corpus(&input, 30);
    run(&input, &out, &[]).success();
    std::fs::write(input.join("doc_00004.txt"), "Storm closes port of Durres\n\nThe port of Durres closed on Monday as a storm hit the Albanian coast, officials in Tirana said.\n").unwrap();
    std::fs::remove_file(input.join("doc_00007.txt")).unwrap();
    std::fs::write(input.join("new_story.txt"), "Ferry resumes\n\nThe ferry between Bari and Durres resumed on Tuesday.\n").unwrap();
    let status = textmill().args(["status", "--json", "--input"]).arg(&input).arg("--output").arg(&out).assert().code(1);
    let plan: serde_json::Value = serde_json::from_slice(&status.get_output().stdout).unwrap();
    assert!(plan["changed"][0].as_str().unwrap().ends_with("doc_00004.txt"), "{plan}");
    assert!(plan["new"][0].as_str().unwrap().ends_with("new_story.txt"), "{plan}");
    assert!(plan["deleted"][0].as_str().unwrap().ends_with("doc_00007.txt"), "{plan}");
    assert_eq!(plan["unchanged"], 28);
    assert_eq!(plan["up_to_date"], false);

    run(&input, &out, &[]).success();
    let rerun = report(&out);
    assert_eq!(rerun["documents_ok"], 30);
    assert_eq!(rerun["documents_reused"], 28, "{rerun}");
    run(&input, &fresh, &[]).success();
    assert_same_tables(&out, &fresh);
    // The deleted document is gone from every table.
    let documents = std::fs::read_to_string(out.join("documents.csv")).unwrap();
    assert!(!documents.contains("doc_00007.txt"));
    assert!(documents.contains("new_story.txt"));
}

/// A run compares sources only until one differs; a deletion alone (no source differs) must
/// still make it run.
#[test]
fn deleting_the_last_source_alone_is_work_for_a_run() {
    let work = tempfile::tempdir().unwrap();
    let (input, out, fresh) = (work.path().join("in"), work.path().join("out"), work.path().join("fresh"));
    make_corpus(&input, 6);
    run(&input, &out, &[]).success();
    std::fs::remove_file(input.join("doc_00005.txt")).unwrap();
    run(&input, &out, &[]).success().stderr(predicate::str::contains("up to date").not());
    assert_eq!(report(&out)["documents_ok"], 5);
    run(&input, &fresh, &[]).success();
    assert_same_tables(&out, &fresh);
}

#[test]
fn a_config_change_redoes_only_the_affected_stages() {
    let work = tempfile::tempdir().unwrap();
    let (input, out, fresh) = (work.path().join("in"), work.path().join("out"), work.path().join("fresh"));
    make_corpus(&input, 10);
    let config = work.path().join("pipeline.toml");
    std::fs::write(&config, "[aggregate]\nlink_short_names = true\n").unwrap();
    textmill().args(["run", "-q", "--config"]).arg(&config).arg("--input").arg(&input).arg("--output").arg(&out).assert().success();
    std::fs::write(&config, "[aggregate]\nlink_short_names = false\n").unwrap();
    textmill()
        .args(["status", "--config"])
        .arg(&config)
        .arg("--input")
        .arg(&input)
        .arg("--output")
        .arg(&out)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("stale stage aggregate").and(predicate::str::contains("aggregate.link_short_names")));
    textmill().args(["run", "-q", "--config"]).arg(&config).arg("--input").arg(&input).arg("--output").arg(&out).assert().success();
    let stages = &report(&out)["seconds_per_stage"];
    for stage in ["ingest", "clean", "segment", "tag"] {
        assert_eq!(stages[stage].as_f64().unwrap(), 0.0, "{stage} ran again: {stages}");
    }
    textmill().args(["run", "-q", "--config"]).arg(&config).arg("--input").arg(&input).arg("--output").arg(&fresh).assert().success();
    assert_same_tables(&out, &fresh);
}

#[test]
fn a_second_run_on_the_same_output_is_refused() {
    let work = tempfile::tempdir().unwrap();
    let (input, out) = (work.path().join("in"), work.path().join("out"));
    make_corpus(&input, 3);
    std::fs::create_dir_all(out.join(".textmill")).unwrap();
    let lock = std::fs::OpenOptions::new().create(true).truncate(false).write(true).open(out.join(".textmill/lock")).unwrap();
    lock.lock().unwrap();
    run(&input, &out, &[]).code(2).stderr(predicate::str::contains("another textmill run"));
    drop(lock);
    run(&input, &out, &[]).success();
}

#[test]
fn corrupt_state_gives_a_warning_and_correct_tables() {
    let work = tempfile::tempdir().unwrap();
    let (input, out, fresh) = (work.path().join("in"), work.path().join("out"), work.path().join("fresh"));
    make_corpus(&input, 8);
    run(&input, &out, &[]).success();
    // The manifest cut in the middle of a line (its last line, the checksum, is gone).
    let manifest = std::fs::read(out.join(".textmill/manifest.jsonl")).unwrap();
    std::fs::write(out.join(".textmill/manifest.jsonl"), &manifest[..manifest.len() / 2]).unwrap();
    // Damage every cache entry too: they must not be trusted.
    for shard in std::fs::read_dir(out.join(".textmill/cache")).unwrap().flatten() {
        for entry in std::fs::read_dir(shard.path()).unwrap().flatten() {
            std::fs::write(entry.path(), b"\0\0garbage").unwrap();
        }
    }
    std::fs::write(input.join("doc_00001.txt"), "Changed\n\nA changed story about Rome.\n").unwrap();
    run(&input, &out, &[]).success().stderr(predicate::str::contains("warning"));
    run(&input, &fresh, &[]).success();
    assert_same_tables(&out, &fresh);
    // A damaged entry is said once (regression, a new user's first hour: the same line twice,
    // read by the source's stamp and then by its content).
    let entry = std::fs::read_dir(out.join(".textmill/cache")).unwrap().flatten().next().unwrap();
    let entry = std::fs::read_dir(entry.path()).unwrap().flatten().next().unwrap().path();
    std::fs::write(&entry, b"\0\0garbage").unwrap();
    std::fs::write(input.join("doc_00002.txt"), "Changed\n\nAnother changed story about Rome.\n").unwrap();
    let said = run(&input, &out, &[]).success().get_output().stderr.clone();
    let said = String::from_utf8_lossy(&said);
    assert_eq!(said.matches("is corrupt").count(), 1, "{said}");
}

#[test]
fn killed_runs_then_a_rerun_give_the_tables_of_a_clean_run() {
    // Small batches: a kill lands between batches as often as inside one.
    killed_runs_then_a_rerun("[run]\nbatch_documents = 5\n", 20);
}

#[test]
fn killed_runs_then_a_rerun_give_the_tables_of_a_clean_run_in_the_dataset_layout() {
    killed_runs_then_a_rerun("[run]\nbatch_documents = 5\n[output]\nlayout = \"dataset\"\n", 10);
}

#[test]
fn status_read_by_a_reader_that_stops_early_keeps_its_exit_code() {
    // Regression: `status | head -1` panicked ("failed printing to stdout"), exit 101.
    let work = tempfile::tempdir().unwrap();
    let (input, out) = (work.path().join("in"), work.path().join("out"));
    make_corpus(&input, 2000);
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("textmill"))
        .args(["status", "--input"])
        .arg(&input)
        .arg("--output")
        .arg(&out)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take()); // the reader is gone before the first line
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", String::from_utf8_lossy(&output.stderr));
    if std::path::Path::new("/dev/full").exists() {
        let full = std::fs::File::options().write(true).open("/dev/full").unwrap();
        let status = std::process::Command::new(assert_cmd::cargo::cargo_bin("textmill")).args(["status", "--input"]).arg(&input).arg("--output").arg(&out).stdout(full).output().unwrap();
        assert_eq!(status.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&status.stderr).contains("writing to stdout"));
    }
}

#[test]
fn a_jsonl_file_whose_first_line_fails_is_up_to_date_after_a_run() {
    // Regression: the failed first line was stamped 0/0, and a JSONL file is compared by its
    // first line's stamp: `status` said "changed" after every run (a cron job ran every tick).
    let work = tempfile::tempdir().unwrap();
    let (input, out) = (work.path().join("in"), work.path().join("out"));
    std::fs::create_dir_all(&input).unwrap();
    let long = "The council met in Lyon again. ".repeat(100);
    std::fs::write(input.join("feed.jsonl"), format!("{{\"id\": \"b\", \"text\": \"{long}\"}}\n{{\"id\": \"a\", \"text\": \"The mayor of Paris spoke on Monday.\"}}\n")).unwrap();
    let config = work.path().join("pipeline.toml");
    std::fs::write(&config, "[input]\nmax_document_bytes = 1000\n").unwrap();
    let with_config = |command: &str| textmill().args([command, "--config"]).arg(&config).arg("--input").arg(&input).arg("--output").arg(&out).assert();
    with_config("run").code(1);
    with_config("status").code(0);
    // The same for a .json file that fails whole (bad JSON, an empty array).
    std::fs::remove_file(input.join("feed.jsonl")).unwrap();
    std::fs::write(input.join("dump.json"), "[{\"id\": \"a\", \"text\": \"The mayor spoke.\"}, oops]").unwrap();
    std::fs::write(input.join("none.json"), "[]").unwrap();
    std::fs::write(&config, "[input]\nextensions = [\"json\"]\n").unwrap();
    with_config("run").code(1);
    with_config("status").code(0);
}

#[test]
fn status_says_when_a_run_is_in_progress() {
    // Regression: during a long run `status` said only "changed ..." (a scheduler's next `run`
    // was then refused with no word from `status` why).
    let work = tempfile::tempdir().unwrap();
    let (input, out) = (work.path().join("in"), work.path().join("out"));
    make_corpus(&input, 4000);
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("textmill"))
        .args(["run", "-q", "--threads", "1", "--input"])
        .arg(&input)
        .arg("--output")
        .arg(&out)
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(700));
    // (Exit 3: a scheduler skips the tick; `status || run` started a run bound to be refused.)
    let status = textmill().args(["status", "--json", "--input"]).arg(&input).arg("--output").arg(&out).assert().code(3);
    let json: serde_json::Value = serde_json::from_slice(&status.get_output().stdout).unwrap();
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(json["running"].as_str(), Some(child.id().to_string().as_str()), "{json}");
    // Once it is gone, no run is in progress.
    let status = textmill().args(["status", "--json", "--input"]).arg(&input).arg("--output").arg(&out).assert().code(1);
    let json: serde_json::Value = serde_json::from_slice(&status.get_output().stdout).unwrap();
    assert!(json["running"].is_null(), "{json}");
}

#[test]
fn a_kill_during_the_table_commit_never_leaves_a_table_missing() {
    // Regression: the commit moved each old table out, then the new one in; a kill between the
    // two renames left no documents.parquet. And the run report was written after the manifest:
    // a kill between them left the last run's report for good (the next run was "up to date").
    let work = tempfile::tempdir().unwrap();
    let (input, out) = (work.path().join("in"), work.path().join("out"));
    make_corpus(&input, 3);
    run(&input, &out, &[]).success();
    make_corpus(&input, 5);
    for kill_at in 1..=3 {
        let killed = textmill().env("TEXTMILL_TEST_KILL_AT_RENAME", kill_at.to_string()).args(["run", "-q", "--input"]).arg(&input).arg("--output").arg(&out).assert().failure();
        assert_ne!(killed.get_output().status.code(), Some(0));
        for table in ["documents", "sentences", "mentions", "entities", "errors", "aliases"] {
            assert!(out.join(format!("{table}.parquet")).is_file(), "kill at rename {kill_at}: {table}.parquet missing");
        }
    }
    // Some tables may be the killed run's, others the run's before: `status` says so (it said
    // "up to date" once the new sources were deleted, and the new rows stayed for good).
    let status = |code: i32| textmill().args(["status", "--input"]).arg(&input).arg("--output").arg(&out).assert().code(code);
    status(1).stdout(predicate::str::contains("renamed its tables"));
    run(&input, &out, &[]).success();
    assert_eq!(report(&out)["documents_ok"], 5);
    status(0);
}

fn killed_runs_then_a_rerun(settings: &str, wanted_kills: usize) {
    let work = tempfile::tempdir().unwrap();
    let (input, out, clean) = (work.path().join("in"), work.path().join("out"), work.path().join("clean"));
    make_corpus(&input, 300);
    let config = work.path().join("pipeline.toml");
    std::fs::write(&config, settings).unwrap();
    let config = config.to_str().unwrap();
    let binary = assert_cmd::cargo::cargo_bin("textmill");
    let started = Instant::now();
    run(&input, &clean, &["--threads", "2", "--config", config]).success();
    let full = started.elapsed();
    // Seeded: the same kills on every run of the test.
    let mut rng = proptest::test_runner::TestRng::deterministic_rng(proptest::test_runner::RngAlgorithm::ChaCha);
    let mut kills = 0;
    let mut round = 0;
    while kills < wanted_kills {
        round += 1;
        assert!(round < 4 * wanted_kills, "only {kills} of {round} runs were killed mid-way");
        // Half the rounds also change a document, so reruns have real work to resume.
        if round % 2 == 1 {
            let i = rng.next_u64() % 300;
            let path = input.join(format!("doc_{i:05}.txt"));
            let text = std::fs::read_to_string(&path).unwrap();
            std::fs::write(&path, format!("{text}\nUpdate {round}: officials in Vienna confirmed the report.\n")).unwrap();
        }
        // Every third round redoes everything (kills land anywhere in a full run); the others
        // are incremental reruns, which are short, so they get shorter delays.
        let force = round % 3 == 0;
        let window = if force { full.as_micros() } else { full.as_micros() / 4 };
        let delay = Duration::from_micros(rng.next_u64() % (window as u64).max(1));
        let mut child = std::process::Command::new(&binary)
            .args(["run", "-q", "--threads", "2", "--config", config])
            .args(if force { &["--force"][..] } else { &[][..] })
            .arg("--input")
            .arg(&input)
            .arg("--output")
            .arg(&out)
            .current_dir(crate::repo_root())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        if child.try_wait().unwrap().is_none() {
            child.kill().unwrap(); // SIGKILL
            kills += 1;
        }
        child.wait().unwrap();
    }
    run(&input, &out, &["--threads", "2", "--config", config]).success();
    // The reference: a clean run over the final corpus.
    run(&input, &clean, &["--threads", "2", "--force", "--config", config]).success();
    assert_same_tables(&out, &clean);
    textmill().args(["status", "--config", config, "--input"]).arg(&input).arg("--output").arg(&out).assert().code(0);
}

#[test]
fn watch_reruns_when_a_source_appears() {
    let work = tempfile::tempdir().unwrap();
    let (input, out) = (work.path().join("in"), work.path().join("out"));
    make_corpus(&input, 2);
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("textmill"))
        .args(["watch", "-q", "--debounce-ms", "200", "--input"])
        .arg(&input)
        .arg("--output")
        .arg(&out)
        .current_dir(crate::repo_root())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let wait_for = |wanted: &str| {
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            if std::fs::read_to_string(out.join("documents.csv")).is_ok_and(|t| t.contains(wanted)) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        false
    };
    let first = wait_for("doc_00001.txt");
    std::fs::write(input.join("late.txt"), "Late news\n\nA late story from Ghent.\n").unwrap();
    let second = wait_for("late.txt");
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(first, "the initial run did not write the tables");
    assert!(second, "the new source was not picked up");
}

/// Cache entry files under `<out>/.textmill/cache`.
fn cache_entries(out: &Path) -> Vec<std::path::PathBuf> {
    let shards = std::fs::read_dir(out.join(".textmill/cache")).unwrap().flatten();
    shards.flat_map(|shard| std::fs::read_dir(shard.path()).unwrap().flatten().map(|entry| entry.path())).collect()
}

#[test]
fn deleted_sources_lose_their_cache_entries_and_strays_go() {
    let work = tempfile::tempdir().unwrap();
    let (input, out) = (work.path().join("in"), work.path().join("out"));
    make_corpus(&input, 8);
    run(&input, &out, &[]).success();
    assert_eq!(cache_entries(&out).len(), 8);
    let kept = cache_entries(&out);
    std::fs::remove_file(input.join("doc_00002.txt")).unwrap();
    std::fs::remove_file(input.join("doc_00005.txt")).unwrap();
    // A file that is no entry of this corpus (left by another version, or by hand).
    std::fs::write(out.join(".textmill/cache/00/stray.bin"), b"x").unwrap_or_else(|_| {
        std::fs::create_dir_all(out.join(".textmill/cache/00")).unwrap();
        std::fs::write(out.join(".textmill/cache/00/stray.bin"), b"x").unwrap();
    });
    run(&input, &out, &[]).success();
    let after = cache_entries(&out);
    assert_eq!(after.len(), 6, "{after:?}");
    assert!(after.iter().all(|entry| kept.contains(entry)));
    // The documents of the rerun all came from the cache entries that stayed.
    assert_eq!(report(&out)["documents_reused"], 6);
}

#[test]
fn jsonl_records_with_ids_are_reused_from_the_cache() {
    // Regression: the manifest named a JSONL record by its line (`feed.jsonl#L1`) while its cache
    // entry is named by its id (`feed.jsonl#a1`), so every run swept the entries away and
    // processed every record again.
    let work = tempfile::tempdir().unwrap();
    let (input, out, fresh) = (work.path().join("in"), work.path().join("out"), work.path().join("fresh"));
    std::fs::create_dir_all(&input).unwrap();
    let feed = input.join("feed.jsonl");
    std::fs::write(&feed, "{\"id\":\"a1\",\"text\":\"The storm hit Tirana on Monday.\"}\n{\"id\":\"b2\",\"text\":\"Rome and Paris signed a deal.\"}\n").unwrap();
    run(&input, &out, &[]).success();
    assert_eq!(cache_entries(&out).len(), 2);
    let mut appended = std::fs::read_to_string(&feed).unwrap();
    appended.push_str("{\"id\":\"c3\",\"text\":\"Berlin hosted the talks.\"}\n");
    std::fs::write(&feed, appended).unwrap();
    run(&input, &out, &[]).success();
    assert_eq!(report(&out)["documents_reused"], 2);
    assert_eq!(report(&out)["documents_ok"], 3);
    assert_eq!(cache_entries(&out).len(), 3);
    run(&input, &fresh, &[]).success();
    assert_same_tables(&out, &fresh);
}

#[test]
fn a_repeated_jsonl_id_does_not_overwrite_the_cache_entry_of_the_record_kept() {
    // Regression: the second record with an id (an errors row) wrote its cache entry over the
    // first one's, so every rerun tagged the first record again (and a merge of shards found
    // no entry for it).
    let work = tempfile::tempdir().unwrap();
    let (input, out) = (work.path().join("in"), work.path().join("out"));
    std::fs::create_dir_all(&input).unwrap();
    let records = "{\"id\":\"a\",\"text\":\"The storm hit Tirana on Monday.\"}\n{\"id\":\"a\",\"text\":\"Rome and Paris signed a deal.\"}\n";
    std::fs::write(input.join("feed.jsonl"), records).unwrap();
    run(&input, &out, &["-j", "1"]).code(1);
    std::fs::write(input.join("new.txt"), "Berlin hosted the talks.").unwrap();
    run(&input, &out, &["-j", "1"]).code(1);
    // Tagged: the new file only (the repeated record's failure stands while no source changed).
    assert_eq!(report(&out)["documents_per_stage"]["tag"], 1, "the record kept is not tagged again");
    assert_eq!(report(&out)["documents_reused"], 1);
}

#[test]
fn failures_for_what_an_unchanged_source_holds_are_not_read_again() {
    // Regression (a new user's first hour): every run with work read again each file and JSONL
    // record that had failed for what it holds (empty, binary, a repeated id: the whole JSONL
    // file, its repeated record tagged again only to be dropped), and said their errors again,
    // though `status` counts them as no work.
    let work = tempfile::tempdir().unwrap();
    let (input, out) = (work.path().join("in"), work.path().join("out"));
    make_corpus(&input, 2);
    std::fs::write(input.join("blank.txt"), "  \n").unwrap();
    std::fs::write(input.join("photo.txt"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
    let records = "{\"id\":\"a\",\"text\":\"The storm hit Tirana on Monday.\"}\n{\"id\":\"a\",\"text\":\"Rome and Paris signed a deal.\"}\n";
    std::fs::write(input.join("feed.jsonl"), records).unwrap();
    run(&input, &out, &["-j", "1"]).code(1);
    let errors = crate::read_csv(&out, "errors");
    assert_eq!(errors.len(), 4, "{errors:?}");
    std::fs::write(input.join("new.txt"), "Berlin hosted the talks on Friday.").unwrap();
    let rerun = run(&input, &out, &["-j", "1"]).code(1);
    let stderr = String::from_utf8_lossy(&rerun.get_output().stderr).to_string();
    assert_eq!(report(&out)["documents_per_stage"]["ingest"], 1, "only the new file is read: {}", report(&out));
    assert_eq!(report(&out)["documents_per_stage"]["tag"], 1, "{}", report(&out));
    assert_eq!((report(&out)["documents_failed"].as_u64(), report(&out)["documents_failed_unchanged"].as_u64()), (Some(3), Some(3)));
    assert!(!stderr.contains("empty document") && !stderr.contains("duplicate doc_id"), "said again: {stderr}");
    assert!(stderr.contains("3 failed (3 as in the last run"), "{stderr}");
    assert_eq!(crate::read_csv(&out, "errors"), errors);
    let fresh = work.path().join("fresh");
    run(&input, &fresh, &["-j", "1"]).code(1);
    assert_same_tables(&out, &fresh);
    // A failed file that changes is read again; so is the repeated record, whose kept twin
    // could have been that file; the binary file's failure stands.
    std::fs::write(input.join("blank.txt"), "Vienna hosted the summit on Sunday.").unwrap();
    run(&input, &out, &["-j", "1"]).code(1);
    assert_eq!((report(&out)["documents_failed"].as_u64(), report(&out)["documents_failed_unchanged"].as_u64()), (Some(2), Some(1)), "{}", report(&out));
    let fresh = work.path().join("fresh2");
    run(&input, &fresh, &["-j", "1"]).code(1);
    assert_same_tables(&out, &fresh);
}

#[test]
fn a_document_dropped_for_a_repeated_id_is_kept_once_the_first_is_gone() {
    // The failure of a document dropped for another's id depends on that other document: it
    // is not answered again from the last run when a source went or changed.
    let work = tempfile::tempdir().unwrap();
    let (first, second, out) = (work.path().join("first"), work.path().join("second"), work.path().join("out"));
    for (root, text) in [(&first, "Rome hosted the talks."), (&second, "Paris hosted the summit on Friday.")] {
        std::fs::create_dir_all(root).unwrap();
        std::fs::write(root.join("story.txt"), text).unwrap();
    }
    std::fs::write(first.join("other.txt"), "Madrid signed the deal.").unwrap();
    let run_both = |out: &Path| textmill().args(["run", "-q", "-j", "1", "--input"]).arg(&first).arg(&second).arg("--output").arg(out).assert();
    run_both(&out).code(1);
    std::fs::remove_file(first.join("story.txt")).unwrap();
    run_both(&out).success();
    let documents = crate::read_csv(&out, "documents");
    assert!(documents.iter().any(|row| row.iter().any(|cell| cell.contains("Paris hosted"))), "{documents:?}");
    assert_eq!(crate::read_csv(&out, "errors").len(), 1, "the header only");
}

#[test]
fn a_failure_over_the_size_limit_is_read_again_once_the_limit_changes() {
    // An ingest setting's change reads every source again: a failure it caused does not stand.
    let work = tempfile::tempdir().unwrap();
    let (input, out, config) = (work.path().join("in"), work.path().join("out"), work.path().join("pipeline.toml"));
    make_corpus(&input, 1);
    std::fs::write(input.join("long.txt"), "Lisbon hosted the talks on Monday. ".repeat(100)).unwrap();
    let run_with = |limit: usize| {
        std::fs::write(&config, format!("[input]\nmax_document_bytes = {limit}\n")).unwrap();
        textmill().args(["run", "-q", "-j", "1", "--config"]).arg(&config).arg("--input").arg(&input).arg("--output").arg(&out).assert()
    };
    run_with(1000).code(1);
    run_with(100_000).success();
    assert_eq!(report(&out)["documents_ok"], 2, "{}", report(&out));
}

#[test]
fn jsonl_metadata_changes_without_a_text_change_are_not_restored_stale() {
    // Regression: a record whose title, date or authors changed but whose text did not was taken
    // from the cache with the old title, date and authors (the cache matched on the text's sha).
    let work = tempfile::tempdir().unwrap();
    let (input, out, fresh) = (work.path().join("in"), work.path().join("out"), work.path().join("fresh"));
    std::fs::create_dir_all(&input).unwrap();
    let feed = input.join("feed.jsonl");
    let record = |title: &str, date: &str, author: &str| {
        format!("{{\"id\":\"a1\",\"title\":\"{title}\",\"published\":\"{date}\",\"authors\":\"{author}\",\"text\":\"The storm hit Tirana on Monday.\"}}\n{{\"id\":\"b2\",\"text\":\"Rome and Paris signed a deal.\"}}\n")
    };
    std::fs::write(&feed, record("Storm hits Tirana", "2022-09-07", "Ana Lika")).unwrap();
    run(&input, &out, &[]).success();
    for changed in [record("Storm batters Tirana", "2022-09-07", "Ana Lika"), record("Storm batters Tirana", "2022-09-08", "Ana Lika"), record("Storm batters Tirana", "2022-09-08", "Ben Dida")] {
        std::fs::write(&feed, &changed).unwrap();
        run(&input, &out, &[]).success();
        assert_eq!(report(&out)["documents_reused"], 1, "{changed}");
        let _ = std::fs::remove_dir_all(&fresh);
        run(&input, &fresh, &[]).success();
        assert_same_tables(&out, &fresh);
    }
    let rows = crate::read_csv(&out, "documents");
    let (title, published, authors) = (crate::column(&rows, "title"), crate::column(&rows, "published"), crate::column(&rows, "authors"));
    assert_eq!((rows[1][title].as_str(), rows[1][published].as_str(), rows[1][authors].as_str()), ("Storm batters Tirana", "2022-09-08", "Ben Dida"));
}

#[test]
fn several_roots_are_matched_in_order_and_reordering_them_rewrites_the_tables() {
    let work = tempfile::tempdir().unwrap();
    let (first, second, out) = (work.path().join("first"), work.path().join("second"), work.path().join("out"));
    make_corpus(&first, 6);
    std::fs::create_dir_all(second.join("nested")).unwrap();
    std::fs::write(second.join("nested/story.txt"), "Talks resume\n\nTalks resumed in Vienna on Friday.\n").unwrap();
    std::fs::write(second.join("feed.jsonl"), "{\"id\":\"k1\",\"text\":\"Paris hosted the talks.\"}\n{\"text\":\"Berlin sent a delegate.\"}\n").unwrap();
    let with_roots = |roots: [&Path; 2], out: &Path, command: &str| {
        let mut cmd = textmill();
        cmd.arg(command);
        if command == "run" {
            cmd.arg("-q");
        }
        for root in roots {
            cmd.arg("--input").arg(root);
        }
        cmd.arg("--output").arg(out);
        cmd.assert()
    };
    with_roots([&first, &second], &out, "run").success();
    // A deletion in the first root, a change in the second: the rest is matched and reused.
    std::fs::remove_file(first.join("doc_00002.txt")).unwrap();
    std::fs::write(second.join("nested/story.txt"), "Talks resume\n\nTalks resumed in Geneva on Friday.\n").unwrap();
    with_roots([&first, &second], &out, "run").success();
    assert_eq!(report(&out)["documents_ok"], 8);
    assert_eq!(report(&out)["documents_reused"], 7);
    with_roots([&first, &second], &out, "status").code(0);
    // The roots in the other order: the rows follow it, every document from the cache.
    with_roots([&second, &first], &out, "status").code(1).stdout(predicate::str::contains("input.paths changed"));
    with_roots([&second, &first], &out, "run").success();
    assert_eq!(report(&out)["documents_reused"], 8);
    let fresh = work.path().join("fresh");
    with_roots([&second, &first], &fresh, "run").success();
    assert_same_tables(&out, &fresh);
}

/// The codec of a Parquet file's first column chunk, as polars-parquet names it.
fn parquet_codec(path: &Path) -> String {
    let mut file = std::fs::File::open(path).unwrap();
    let metadata = polars_parquet::parquet::read::read_metadata(&mut file).unwrap();
    format!("{:?}", metadata.row_groups[0].parquet_columns()[0].compression())
}

#[test]
fn a_new_parquet_codec_rewrites_the_tables_from_the_cache() {
    let work = tempfile::tempdir().unwrap();
    let (input, out, fresh) = (work.path().join("in"), work.path().join("out"), work.path().join("fresh"));
    make_corpus(&input, 6);
    run(&input, &out, &[]).success();
    assert_eq!(parquet_codec(&out.join("documents.parquet")), "Snappy");
    let config = work.path().join("zstd.toml");
    std::fs::write(&config, "[output]\nparquet_compression = \"zstd\"\n").unwrap();
    let zstd = ["--config", config.to_str().unwrap()];
    let status = textmill().args(["status", "--input"]).arg(&input).arg("--output").arg(&out).args(zstd).assert().code(1);
    assert!(String::from_utf8_lossy(&status.get_output().stdout).contains("output.parquet_compression changed from snappy to zstd"), "{status:?}");
    run(&input, &out, &zstd).success();
    assert_eq!(report(&out)["documents_reused"], 6, "only the tables are rewritten");
    for table in ["documents", "sentences", "mentions", "entities"] {
        assert_eq!(parquet_codec(&out.join(format!("{table}.parquet"))), "Zstd", "{table}");
    }
    run(&input, &fresh, &zstd).success();
    assert_same_tables(&out, &fresh);
}

/// A config with small batches, so that a corpus of a few dozen documents has several.
fn small_batches(work: &Path) -> std::path::PathBuf {
    let config = work.join("small_batches.toml");
    std::fs::write(&config, "[run]\nbatch_documents = 5\n").unwrap();
    config
}

/// The tables are rebuilt from the cache on every run that has work: tables edited or damaged
/// since the last run do not leak into the next one.
#[test]
fn damaged_tables_are_rebuilt_from_the_cache() {
    let work = tempfile::tempdir().unwrap();
    let (input, out, fresh) = (work.path().join("in"), work.path().join("out"), work.path().join("fresh"));
    let config = small_batches(work.path());
    let with_config = ["--config", config.to_str().unwrap()];
    make_corpus(&input, 40); // 8 batches
    run(&input, &out, &with_config).success();
    let documents = std::fs::read_to_string(out.join("documents.csv")).unwrap();
    std::fs::write(out.join("documents.csv"), documents.replacen("Report number 1 ", "Report number 1_", 1)).unwrap();
    let mut sentences = std::fs::read(out.join("sentences.parquet")).unwrap();
    let middle = sentences.len() / 3;
    sentences[middle] ^= 0x55;
    std::fs::write(out.join("sentences.parquet"), sentences).unwrap();
    let path = input.join("doc_00012.txt");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("{text}\nA correction was issued in Lisbon on Friday.\n")).unwrap();
    run(&input, &out, &with_config).success();
    assert_eq!(report(&out)["documents_reused"], 39, "{}", report(&out));
    run(&input, &fresh, &with_config).success();
    assert_same_tables(&out, &fresh);
}

#[test]
fn a_moved_input_root_gives_the_tables_of_a_fresh_run() {
    // Regression: documents taken from the cache kept the source path of the run that cached
    // them, a path that no longer existed after the input folder was moved.
    let work = tempfile::tempdir().unwrap();
    let (before, after, out, fresh) = (work.path().join("v1"), work.path().join("v2"), work.path().join("out"), work.path().join("fresh"));
    make_corpus(&before, 6);
    run(&before, &out, &[]).success();
    std::fs::rename(&before, &after).unwrap();
    run(&after, &out, &[]).success();
    assert_eq!(report(&out)["documents_reused"], 6);
    run(&after, &fresh, &[]).success();
    assert_same_tables(&out, &fresh);
}

#[test]
fn an_input_named_another_way_gives_the_sources_of_a_fresh_run() {
    // Regression: `--input news`, then `--input /abs/news`: status said up to date and the run
    // did nothing, the tables keeping `news/...` where a fresh run writes `/abs/news/...`.
    let work = tempfile::tempdir().unwrap();
    let (out, fresh) = (work.path().join("out"), work.path().join("fresh"));
    make_corpus(&work.path().join("news"), 3);
    let absolute = work.path().join("news");
    textmill().current_dir(work.path()).args(["run", "-q", "--input", "news", "--output"]).arg(&out).assert().success();
    let status = || textmill().current_dir(work.path()).args(["status", "--input"]).arg(&absolute).arg("--output").arg(&out).assert();
    status().code(1).stdout(predicate::str::contains("documents.source changes"));
    run(&absolute, &out, &[]).success();
    assert_eq!(report(&out)["documents_reused"], 3);
    status().code(0);
    run(&absolute, &fresh, &[]).success();
    assert_same_tables(&out, &fresh);
}

#[test]
fn one_config_named_from_its_directory_and_from_elsewhere_is_one_state() {
    // Regression: `cd cfg && textmill run` then `textmill status --config /abs/cfg/pipeline.toml`
    // (the cron and Airflow recipes) saw input.paths "../news" and "/abs/cfg/../news": every
    // source new and deleted, and the tables rewritten.
    let work = tempfile::tempdir().unwrap();
    let (cfg, news) = (work.path().join("cfg"), work.path().join("news"));
    make_corpus(&news, 4);
    std::fs::create_dir_all(&cfg).unwrap();
    std::fs::write(cfg.join("pipeline.toml"), "[input]\npaths = [\"../news\"]\n\n[output]\ndir = \"out\"\n").unwrap();
    textmill().current_dir(&cfg).args(["run", "-q"]).assert().success();
    let config = cfg.join("pipeline.toml");
    textmill().current_dir(work.path()).args(["status", "--config"]).arg(&config).assert().code(0).stdout(predicate::str::contains("up to date"));
    textmill().current_dir(work.path()).args(["run", "--config"]).arg(&config).assert().success().stderr(predicate::str::contains("up to date"));
}

#[test]
fn a_first_run_killed_before_it_finished_is_resumed_from_its_cache_entries() {
    // Regression: with no finished run in the output directory (the first run was killed: its
    // cache entries are written, the manifest is not), the rerun processed every document again.
    let work = tempfile::tempdir().unwrap();
    let (input, out, fresh) = (work.path().join("in"), work.path().join("out"), work.path().join("fresh"));
    make_corpus(&input, 6);
    run(&input, &out, &[]).success();
    // What a kill leaves: the entries, and neither the manifest nor the tables.
    std::fs::remove_file(out.join(".textmill/manifest.jsonl")).unwrap();
    for table in ["documents", "sentences", "mentions", "entities", "errors", "aliases"] {
        let _ = std::fs::remove_file(out.join(format!("{table}.parquet")));
        let _ = std::fs::remove_file(out.join(format!("{table}.csv")));
    }
    run(&input, &out, &[]).success();
    assert_eq!(report(&out)["documents_reused"], 6, "{}", report(&out));
    run(&input, &fresh, &[]).success();
    assert_same_tables(&out, &fresh);
    // --force still redoes everything.
    run(&input, &out, &["--force"]).success();
    assert_eq!(report(&out)["documents_reused"], 0);
}

/// A run on one thread, left running (for a signal to interrupt), its stderr piped.
fn spawn_run_on_one_thread(input: &Path, out: &Path) -> std::process::Child {
    spawn_run(input, out, &["--threads", "1"], &[])
}

/// A run with `extra` flags and `env` variables, left running, its stderr piped.
fn spawn_run(input: &Path, out: &Path, extra: &[&str], env: &[(&str, &str)]) -> std::process::Child {
    std::process::Command::new(assert_cmd::cargo::cargo_bin("textmill"))
        .args(["run", "-q"])
        .args(extra)
        .arg("--input")
        .arg(input)
        .arg("--output")
        .arg(out)
        .envs(env.iter().copied())
        .current_dir(crate::repo_root())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap()
}

/// SIGTERM, by the kill command (no libc in the tests).
fn terminate(child: &std::process::Child) {
    std::process::Command::new("kill").args(["-TERM", &child.id().to_string()]).status().unwrap();
}

#[cfg(unix)]
#[test]
fn an_interrupted_run_says_what_it_keeps_and_exits_as_the_signal_would() {
    // Regression: Ctrl-C or SIGTERM ended a run with no word (exit 130/143).
    let work = tempfile::tempdir().unwrap();
    let (input, out) = (work.path().join("in"), work.path().join("out"));
    make_corpus(&input, 4000);
    let child = spawn_run_on_one_thread(&input, &out);
    std::thread::sleep(Duration::from_millis(700));
    terminate(&child);
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    // (4,000 documents on one thread take several seconds: the signal comes mid-run.)
    assert_eq!(output.status.code(), Some(128 + 15), "{stderr}");
    assert!(stderr.contains("interrupted; the tables are whole"), "{stderr}");
}

#[cfg(unix)]
#[test]
fn a_signal_while_the_tables_are_renamed_lets_the_renames_finish() {
    // Regression: SIGTERM (systemctl stop, a pod's deletion, Slurm's time limit) while the tables
    // were renamed into place removed the staging directory under the renames: a table was left
    // the last run's, or lost (moved out to be replaced, its successor gone).
    let work = tempfile::tempdir().unwrap();
    let (input, out) = (work.path().join("in"), work.path().join("out"));
    make_corpus(&input, 5);
    run(&input, &out, &["--format", "csv"]).success();
    std::fs::write(input.join("late.txt"), "A late story from Lisbon.\n\nThe mayor of Lisbon opened a bridge on Friday.\n").unwrap();
    let child = spawn_run(&input, &out, &["--format", "csv"], &[("TEXTMILL_TEST_PAUSE_AT_RENAME", "2")]);
    let marked = std::time::Instant::now();
    while !out.join(".textmill/committing").exists() {
        assert!(marked.elapsed() < Duration::from_secs(120), "the run never began its renames");
        std::thread::sleep(Duration::from_millis(10));
    }
    std::thread::sleep(Duration::from_millis(300));
    terminate(&child);
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(128 + 15), "{}", String::from_utf8_lossy(&output.stderr));
    for table in ["documents", "sentences", "mentions", "entities", "errors", "aliases"] {
        let csv = std::fs::read_to_string(out.join(format!("{table}.csv"))).unwrap_or_else(|_| panic!("{table}.csv lost"));
        if matches!(table, "documents" | "sentences") {
            assert!(csv.contains("Lisbon"), "{table}.csv is the last run's");
        }
    }
    textmill().args(["status", "--format", "csv", "--input"]).arg(&input).arg("--output").arg(&out).assert().code(0);
}

#[test]
fn status_json_answers_an_error_with_an_object() {
    // Regression: with a bad config `status --json` wrote nothing on stdout (exit 2): a
    // scheduler parsing its output failed on the parse, not on the error.
    let work = tempfile::tempdir().unwrap();
    let (input, out) = (work.path().join("in"), work.path().join("out"));
    make_corpus(&input, 2);
    let config = work.path().join("c.toml");
    std::fs::write(&config, "[clean]\nthreshold = \"high\"\n").unwrap();
    let output = textmill().args(["status", "--json", "--config"]).arg(&config).arg("--input").arg(&input).arg("--output").arg(&out).assert().code(2).get_output().stdout.clone();
    let answer: serde_json::Value = serde_json::from_slice(&output).expect("JSON on stdout");
    assert!(answer["error"].as_str().is_some_and(|error| error.contains("threshold")), "{answer}");
}

#[test]
fn a_copy_of_the_same_build_keeps_the_cache() {
    // Regression: the program's fingerprint was the executable's size and time: a copy of the
    // same build (cron's /usr/local/bin/textmill beside ./target/release/textmill, a reinstall,
    // `cp` without -p) made `status` say every stage stale and the run redo every document.
    let work = tempfile::tempdir().unwrap();
    let (input, out) = (work.path().join("in"), work.path().join("out"));
    make_corpus(&input, 5);
    run(&input, &out, &[]).success();
    let copy = work.path().join("bin").join("textmill");
    std::fs::create_dir_all(copy.parent().unwrap()).unwrap();
    // (By `cp`, which gives the copy a time of its own: an executable written by this process
    // could be "busy" when run, its descriptor inherited by a test's child between fork and exec.)
    assert!(std::process::Command::new("cp").arg(assert_cmd::cargo::cargo_bin("textmill")).arg(&copy).status().unwrap().success());
    let copied = |args: &[&str]| assert_cmd::Command::new(&copy).current_dir(crate::repo_root()).args(args).arg("--input").arg(&input).arg("--output").arg(&out).assert();
    copied(&["status"]).code(0);
    std::fs::write(input.join("late.txt"), "The mayor of Lisbon opened a bridge on Friday.\n").unwrap();
    copied(&["run", "-q"]).success();
    assert_eq!(report(&out)["documents_reused"], 5, "the documents before from the cache");
}

#[test]
fn a_run_that_fails_before_its_renames_leaves_no_mark_of_them() {
    // Regression: a full disk while the last tables were finished left the mark of a commit
    // under way, and `status` said the tables might be half this run's, half the last one's,
    // though every table was the last run's, whole.
    let work = tempfile::tempdir().unwrap();
    let (input, out) = (work.path().join("in"), work.path().join("out"));
    make_corpus(&input, 5);
    run(&input, &out, &[]).success();
    let before = std::fs::read(out.join("mentions.parquet")).unwrap();
    make_corpus(&input, 8);
    textmill().env("TEXTMILL_TEST_FAIL_FINISH", "1").args(["run", "-q", "--input"]).arg(&input).arg("--output").arg(&out).assert().code(2);
    assert!(!out.join(".textmill/committing").exists());
    assert_eq!(std::fs::read(out.join("mentions.parquet")).unwrap(), before);
    textmill().args(["status", "--input"]).arg(&input).arg("--output").arg(&out).assert().code(1).stdout(predicate::str::contains("renamed its tables").not());
}

#[test]
fn an_unchanged_jsonl_file_is_not_read_again_when_another_source_changes() {
    // Regression: every rerun with any change read and parsed every record of every JSONL
    // file again (ingest 2001 for one edited .txt beside a 2,000-record dump), though
    // docs/reruns.md says unchanged documents come from the cache without reading their source.
    let work = tempfile::tempdir().unwrap();
    let (input, out) = (work.path().join("in"), work.path().join("out"));
    make_corpus(&input, 3);
    let records: Vec<String> = (0..50).map(|i| format!(r#"{{"id": "r{i}", "text": "Record {i}: Angela Merkel met Emmanuel Macron in Paris on Tuesday."}}"#)).collect();
    std::fs::write(input.join("dump.jsonl"), records.join("\n") + "\n").unwrap();
    run(&input, &out, &[]).success();
    let edit = |n: usize| std::fs::write(input.join("doc_00001.txt"), format!("Edit {n}: Flooding closed the port of Antwerp on Tuesday.")).unwrap();
    edit(1);
    run(&input, &out, &[]).success();
    assert_eq!(report(&out)["documents_per_stage"]["ingest"], 1, "{}", report(&out));
    assert_eq!(report(&out)["documents_reused"], 52);
    let fresh = work.path().join("fresh");
    run(&input, &fresh, &["--force"]).success();
    assert_same_tables(&out, &fresh);
    // A record whose cache entry is gone is read again from the file, alone.
    let entries = out.join(".textmill/cache");
    let first = std::fs::read_dir(&entries).unwrap().flatten().next().unwrap().path();
    std::fs::remove_dir_all(&first).unwrap();
    edit(2);
    run(&input, &out, &[]).success();
    let fresh = work.path().join("fresh2");
    run(&input, &fresh, &["--force"]).success();
    assert_same_tables(&out, &fresh);
    // A shard likewise.
    let shard = work.path().join("shard");
    run(&input, &shard, &["--shard", "1/2"]).success();
    edit(3);
    run(&input, &shard, &["--shard", "1/2"]).success();
    assert!(report(&shard)["documents_per_stage"]["ingest"].as_u64().unwrap() <= 1, "{}", report(&shard));
    let fresh = work.path().join("fresh3");
    run(&input, &fresh, &["--shard", "1/2", "--force"]).success();
    assert_same_tables(&shard, &fresh);
}

#[cfg(unix)]
#[test]
fn an_interrupted_run_leaves_no_staging_folder_in_the_output() {
    // Regression: Ctrl-C left `.textmill-staging-*` with partial tables in the output (a DVC
    // stage stored it), and the next run, finding the tables up to date, left it there.
    let staging = |out: &Path| std::fs::read_dir(out).map_or(0, |entries| entries.flatten().filter(|e| e.file_name().to_string_lossy().starts_with(".textmill-staging-")).count());
    let work = tempfile::tempdir().unwrap();
    let (input, out) = (work.path().join("in"), work.path().join("out"));
    make_corpus(&input, 1000);
    let child = spawn_run_on_one_thread(&input, &out);
    let deadline = Instant::now() + Duration::from_secs(60);
    while staging(&out) == 0 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(staging(&out), 1, "the run wrote no staging folder");
    std::thread::sleep(Duration::from_millis(200));
    std::process::Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap();
    let status = child.wait_with_output().unwrap().status;
    assert_eq!(status.code(), Some(130), "the run ended before the interruption: make the corpus larger");
    assert_eq!(staging(&out), 0);
    // One a killed run left (SIGKILL) goes with the next run, though it finds nothing to do.
    let (input, out) = (work.path().join("small"), work.path().join("small_out"));
    make_corpus(&input, 2);
    run(&input, &out, &[]).success();
    std::fs::create_dir(out.join(".textmill-staging-killed")).unwrap();
    run(&input, &out, &[]).success();
    assert_eq!(staging(&out), 0);
}
