use predicates::prelude::*;

use crate::{column, make_corpus, read_csv, repo_root, textmill};

#[test]
fn help_explains_every_option() {
    let output = textmill().args(["run", "--help"]).output().unwrap();
    let help = String::from_utf8(output.stdout).unwrap();
    for option in ["--config", "--input", "--output", "--format", "--threads"] {
        assert!(help.contains(option), "{option} missing from help:\n{help}");
    }
    textmill().arg("--help").assert().success().stdout(predicate::str::contains("Exit codes"));
}

#[test]
fn sample_corpus_runs_with_shipped_config() {
    let out = tempfile::tempdir().unwrap();
    textmill().args(["run", "--quiet", "--output"]).arg(out.path()).assert().success();
    for table in ["documents", "sentences", "mentions", "entities", "errors"] {
        assert!(out.path().join(format!("{table}.parquet")).is_file(), "{table}.parquet");
        assert!(out.path().join(format!("{table}.csv")).is_file(), "{table}.csv");
    }
    let documents = read_csv(out.path(), "documents");
    assert_eq!(documents.len(), 1 + 5);
    let report: serde_json::Value = serde_json::from_slice(&std::fs::read(out.path().join("run_report.json")).unwrap()).unwrap();
    assert_eq!(report["documents_ok"], 5);
    assert_eq!(report["documents_failed"], 0);
    assert!(report["words_per_second"].as_f64().unwrap() > 0.0);
    // No staging directory is left behind (only the incremental state in .textmill).
    let leftovers: Vec<_> = std::fs::read_dir(out.path())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(".textmill-staging"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[cfg(not(target_env = "msvc"))]
#[test]
fn the_binary_runs_on_jemalloc_with_its_settings() {
    // The settings are a linker symbol in the binary: check the binary, not the library. The
    // environment adds one option (jemalloc prints its statistics at exit) and keeps the others.
    let out = tempfile::tempdir().unwrap();
    let run = textmill().args(["run", "-q", "--format", "csv", "--output"]).arg(out.path()).env("_RJEM_MALLOC_CONF", "stats_print:true").output().unwrap();
    let stats = String::from_utf8_lossy(&run.stderr);
    for option in ["opt.narenas: 2", "opt.dirty_decay_ms: 50", "opt.muzzy_decay_ms: 0"] {
        assert!(stats.contains(option), "{option} in {stats}");
    }
}

#[test]
fn format_flag_overrides_config_and_removes_stale_format() {
    let out = tempfile::tempdir().unwrap();
    textmill().args(["run", "-q", "--format", "both", "--output"]).arg(out.path()).assert().success();
    textmill().args(["run", "-q", "--format", "csv", "--output"]).arg(out.path()).assert().success();
    assert!(out.path().join("documents.csv").is_file());
    assert!(!out.path().join("documents.parquet").exists(), "stale parquet from the previous run must go");
}

#[test]
fn one_and_two_threads_give_identical_tables() {
    let one = tempfile::tempdir().unwrap();
    let two = tempfile::tempdir().unwrap();
    textmill().args(["run", "-q", "--format", "csv", "--threads", "1", "--output"]).arg(one.path()).assert().success();
    textmill().args(["run", "-q", "--format", "csv", "--threads", "2", "--output"]).arg(two.path()).assert().success();
    for table in ["documents", "sentences", "mentions", "entities"] {
        let a = std::fs::read(one.path().join(format!("{table}.csv"))).unwrap();
        let b = std::fs::read(two.path().join(format!("{table}.csv"))).unwrap();
        assert!(a == b, "{table} differs between 1 and 2 threads");
    }
}

#[test]
fn batch_sizes_do_not_change_the_tables() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("pipeline.toml");
    let input = repo_root().join("data/sample");
    // One document per batch (every source is over one byte), then the whole corpus in one.
    for (name, run) in [("small", "batch_documents = 2\nbatch_bytes = 1"), ("large", "batch_documents = 100000\nbatch_bytes = 1000000000")] {
        std::fs::write(&config, format!("[run]\n{run}\n[output]\nformat = \"csv\"\n")).unwrap();
        let out = dir.path().join(name);
        textmill().args(["run", "-q", "--config"]).arg(&config).arg("--input").arg(&input).arg("--output").arg(&out).assert().success();
    }
    for table in ["documents", "sentences", "mentions", "entities"] {
        let small = std::fs::read(dir.path().join("small").join(format!("{table}.csv"))).unwrap();
        let large = std::fs::read(dir.path().join("large").join(format!("{table}.csv"))).unwrap();
        assert!(small == large, "{table} depends on the batch size");
    }
}

#[test]
fn a_bad_pattern_file_or_gazetteer_folder_is_a_configuration_error_before_any_document() {
    // Regression (a new user's first hour): a typo in a pattern file failed every document one
    // by one ("tag failed", a line each) before the run stopped, and `status` said there was
    // work to do (exit 1), so a scheduler started a doomed run on every tick; a gazetteer
    // folder holding none of its files silently took every place off the map.
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("news")).unwrap();
    std::fs::write(dir.path().join("news/a.txt"), "Angela Merkel met Emmanuel Macron in Paris on Monday.\n").unwrap();
    std::fs::write(dir.path().join("mine.jsonl"), "{\"label\": \"PERSON\", \"pattern\": \"Jordan\"}\n{\"label\": \"COMPANY\", \"pattern\": \"Acme\"}\n").unwrap();
    std::fs::create_dir(dir.path().join("my_gazetteer")).unwrap();
    let config = dir.path().join("pipeline.toml");
    std::fs::write(&config, "[input]\npaths = [\"news\"]\n[output]\ndir = \"out\"\n[tag.tagger.ruler]\npatterns = [\"mine.jsonl\"]\n").unwrap();
    for command in ["status", "run"] {
        textmill()
            .current_dir(dir.path())
            .args([command, "--config"])
            .arg(&config)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("tag.tagger.ruler.patterns[0]").and(predicate::str::contains("mine.jsonl line 2: unknown label \"COMPANY\"")).and(predicate::str::contains("a.txt").not()));
    }
    std::fs::write(&config, "[input]\npaths = [\"news\"]\n[output]\ndir = \"out\"\n[resources]\ngazetteer_dir = \"my_gazetteer\"\n").unwrap();
    textmill().current_dir(dir.path()).args(["run", "--config"]).arg(&config).assert().code(2).stderr(predicate::str::contains("resources.gazetteer_dir").and(predicate::str::contains("none of the gazetteer's files")));
    std::fs::write(dir.path().join("my_gazetteer/places.tsv"), "junk\n").unwrap();
    textmill().current_dir(dir.path()).args(["run", "--config"]).arg(&config).assert().code(2).stderr(predicate::str::contains("places.tsv has no column kind, name"));
}

#[test]
fn bad_config_names_the_key_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("pipeline.toml");
    std::fs::write(&config, "[segment]\nenabled = \"yes\"\n").unwrap();
    textmill()
        .args(["run", "--config"])
        .arg(&config)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("segment.enabled").and(predicate::str::contains("bool")));
    std::fs::write(&config, "[clean]\nenabeld = true\n").unwrap();
    textmill()
        .args(["run", "--config"])
        .arg(&config)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("enabeld").and(predicate::str::contains("enabled")));
    std::fs::write(&config, "[input]\npaths = [\"does/not/exist\"]\n").unwrap();
    textmill().args(["run", "--config"]).arg(&config).assert().code(2).stderr(predicate::str::contains("does/not/exist"));
}

#[test]
fn out_of_range_settings_name_the_key_and_exit_2() {
    // Regression: `clean.threshold = 2` was accepted, and then no line was ever left out.
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("pipeline.toml");
    for (setting, key, expected) in [
        ("[clean]\nthreshold = 2\n", "clean.threshold", "between 0 and 1"),
        ("[clean]\nthreshold = -0.1\n", "clean.threshold", "between 0 and 1"),
        ("[clean]\nthreshold = nan\n", "clean.threshold", "between 0 and 1"),
        ("[clean]\nhtml_threshold = 1.5\n", "clean.html_threshold", "between 0 and 1"),
        ("[tag]\nreference_date = \"8 Sept\"\n", "tag.reference_date", "YYYY-MM-DD"),
        ("[clean]\nmax_title_words = 0\n", "clean.max_title_words", "positive"),
    ] {
        std::fs::write(&config, setting).unwrap();
        textmill()
            .args(["run", "--config"])
            .arg(&config)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(key).and(predicate::str::contains(expected)));
    }
    std::fs::write(&config, "[clean]\nthreshold = 0.3\n").unwrap();
    textmill().args(["status", "--config"]).arg(&config).assert().stderr(predicate::str::contains("configuration error").not());
}

#[test]
fn unknown_flag_is_a_usage_error() {
    textmill().args(["run", "--colour"]).assert().code(2);
}

#[test]
fn headline_is_sentence_zero_and_title() {
    let out = tempfile::tempdir().unwrap();
    textmill().args(["run", "-q", "--format", "csv", "--output"]).arg(out.path()).assert().success();
    let documents = read_csv(out.path(), "documents");
    let sentences = read_csv(out.path(), "sentences");
    let (doc_id, title) = (column(&documents, "doc_id"), column(&documents, "title"));
    let first = documents.iter().find(|r| r[doc_id] == "000_48c98f493b035b3a.txt").unwrap();
    assert_eq!(first[title], "Albania decides to sever diplomatic relations with Iran");
    let s0 = sentences.iter().find(|r| r[0] == "000_48c98f493b035b3a.txt" && r[1] == "0").unwrap();
    assert_eq!(s0[4], first[title]);
    // An article that starts with a sentence has no title (empty CSV cell = null).
    let second = documents.iter().find(|r| r[doc_id] == "001_ef1430d1acd6d6de.txt").unwrap();
    assert_eq!(second[title], "");
    assert!(repo_root().join("data/sample").is_dir());
}

#[test]
fn broken_model_weights_stop_the_run_with_exit_2() {
    // The tagger loads on a background thread; its failure must still be a setup error.
    let dir = tempfile::tempdir().unwrap();
    let weights = dir.path().join("weights");
    std::fs::create_dir_all(&weights).unwrap();
    for file in ["weights.bin", "tokenizer.json", "vocab.json"] {
        std::fs::write(weights.join(file), "").unwrap();
    }
    std::fs::write(weights.join("model.json"), "{not json").unwrap();
    let config = dir.path().join("pipeline.toml");
    std::fs::write(&config, format!("[tag.tagger]\nbackend = \"model\"\nweights_dir = \"{}\"\n", weights.display())).unwrap();
    let out = dir.path().join("out");
    textmill()
        .args(["run", "-q", "--config"])
        .arg(&config)
        .arg("--input")
        .arg(repo_root().join("data/sample"))
        .arg("--output")
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot load the NER model"));
    assert!(!out.join("documents.csv").exists(), "no tables from a run that could not tag");
    // A copy cut short is the config's error, naming the key and the files missing (regression,
    // a new user's first hour: "cannot read .../weights.bin: entity not found").
    std::fs::remove_file(weights.join("weights.bin")).unwrap();
    std::fs::remove_file(weights.join("vocab.json")).unwrap();
    for args in [&["run", "-q", "--output"][..], &["stream"]] {
        textmill().args(args).args(args.get(2).map(|_| &out)).arg("--config").arg(&config).write_stdin("").assert().code(2).stderr(predicate::str::contains("tag.tagger.weights_dir").and(predicate::str::contains("has no weights.bin, vocab.json")));
    }
}

#[test]
fn the_model_is_built_in_and_files_in_the_working_directory_do_not_change_it() {
    // Regression: without `weights_dir` the weights were looked up in ./resources/ner (then in
    // the checkout the binary was built from): a folder of the user's holding such files
    // changed the model, a binary copied to a container or a Spark executor found none, and
    // the cache went stale when the same binary ran from another directory.
    let work = tempfile::tempdir().unwrap();
    let stray = work.path().join("resources/ner/md");
    std::fs::create_dir_all(&stray).unwrap();
    for file in ["weights.bin", "tokenizer.json", "vocab.json"] {
        std::fs::write(stray.join(file), "").unwrap();
    }
    std::fs::write(stray.join("model.json"), "{not json").unwrap();
    let (input, out) = (repo_root().join("data/sample"), work.path().join("out"));
    textmill().current_dir(work.path()).args(["run", "-q", "--input"]).arg(&input).arg("--output").arg(&out).assert().success();
    // The same run from the repository (which holds resources/ner/md) has nothing to redo.
    textmill().args(["run", "--input"]).arg(&input).arg("--output").arg(&out).assert().success().stderr(predicate::str::contains("up to date"));
}

#[test]
fn a_line_model_override_that_cannot_be_read_stops_the_run_with_its_name() {
    // Regression: TEXTMILL_CLEAN_MODEL naming a missing file panicked in a worker.
    let work = tempfile::tempdir().unwrap();
    let (input, out) = (work.path().join("in"), work.path().join("out"));
    make_corpus(&input, 2);
    let missing = work.path().join("no-such-model.json");
    textmill()
        .env("TEXTMILL_CLEAN_MODEL", &missing)
        .args(["run", "-q", "--input"])
        .arg(&input)
        .arg("--output")
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no-such-model.json").and(predicate::str::contains("panicked").not()));
}

#[test]
fn a_missing_input_of_the_config_file_is_named_by_its_key_and_line() {
    // Regression: "error: input ../proj/nws: No such file or directory", with no word of the
    // config file that named it.
    let work = tempfile::tempdir().unwrap();
    let config = work.path().join("my.toml");
    std::fs::write(&config, "[input]\npaths = [\"nws\"]\n[output]\ndir = \"out\"\n").unwrap();
    for command in ["run", "status"] {
        textmill()
            .args([command, "--config"])
            .arg(&config)
            .assert()
            .code(2)
            .stderr(predicate::str::contains("nws").and(predicate::str::contains("(from input.paths in")).and(predicate::str::contains("my.toml (line 2))")));
    }
    // Given with --input, it is the flag's.
    textmill().args(["run", "--config"]).arg(&config).args(["--input", "elsewhere"]).assert().code(2).stderr(predicate::str::contains("input.paths in").not());
    // Regression: a file that sets no input.paths was blamed for the built-in one.
    let empty = work.path().join("empty.toml");
    std::fs::write(&empty, "").unwrap();
    textmill()
        .current_dir(work.path())
        .args(["run", "--config"])
        .arg(&empty)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("(from the default input.paths; ").and(predicate::str::contains("empty.toml sets none)")));
}
