//! Bad inputs: each is reported with the file and the reason, the others still come out.

use std::io::Write;

use predicates::prelude::*;

use crate::{column, read_csv, textmill};

const GOOD: &str = "Port reopens after strike\n\nThe port of Valletta reopened on Monday after a two-week strike.\n";

#[test]
fn every_bad_input_is_reported_and_the_rest_is_written() {
    let input = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let dir = input.path();
    std::fs::write(dir.join("good.txt"), GOOD).unwrap();
    std::fs::write(dir.join("empty.txt"), "").unwrap();
    std::fs::write(dir.join("blank.txt"), " \n\n\t\n").unwrap();
    std::fs::write(dir.join("binary.txt"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
    std::fs::write(dir.join("latin1.txt"), b"Caf\xe9 au lait in Montr\xe9al\n").unwrap();
    std::fs::write(dir.join("broken.txt.gz"), b"\x1f\x8b\x08\x00this is not deflate data at all").unwrap();
    // 50 MB: over the default 16 MiB limit.
    let mut huge = std::fs::File::create(dir.join("huge.txt")).unwrap();
    let line = "All work and no play makes a very long file indeed.\n".repeat(1000);
    while huge.metadata().unwrap().len() < 50 * 1024 * 1024 {
        huge.write_all(line.as_bytes()).unwrap();
    }
    drop(huge);
    // Unreadable: a link to nothing (and, when not root, a file without read permission).
    std::os::unix::fs::symlink(dir.join("missing-target.txt"), dir.join("dangling.txt")).unwrap();
    let locked = dir.join("locked.txt");
    std::fs::write(&locked, GOOD).unwrap();
    std::fs::set_permissions(&locked, std::os::unix::fs::PermissionsExt::from_mode(0o000)).unwrap();
    let locked_is_unreadable = std::fs::read(&locked).is_err();
    // JSONL: a malformed line between two good ones.
    std::fs::write(
        dir.join("feed.jsonl"),
        "{\"id\": \"a1\", \"title\": \"Mayor resigns\", \"text\": \"The mayor of Lyon resigned on Friday.\"}\n{\"id\": \"a2\", \"text\": \"unterminated\n{\"id\": \"a3\", \"text\": \"Floods hit Porto on Sunday.\"}\n",
    )
    .unwrap();

    let assert = textmill().args(["run", "-q", "--format", "csv", "--input"]).arg(dir).arg("--output").arg(out.path()).assert().code(1);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    let expectations = [
        ("empty.txt", "empty"),
        ("blank.txt", "empty"),
        ("binary.txt", "binary"),
        ("latin1.txt", "UTF-8"),
        ("broken.txt.gz", "gzip"),
        ("huge.txt", "max_document_bytes"),
        ("dangling.txt", "broken symbolic link: its target"),
        ("feed.jsonl", "line 2"),
    ];
    for (file, reason) in expectations {
        let line = stderr.lines().find(|l| l.contains(file)).unwrap_or_else(|| panic!("{file} not reported:\n{stderr}"));
        assert!(line.contains(reason), "{file}: expected {reason:?} in {line:?}");
    }

    let errors = read_csv(out.path(), "errors");
    let error_ids: Vec<&str> = errors[1..].iter().map(|r| r[column(&errors, "doc_id")].as_str()).collect();
    for id in ["empty.txt", "blank.txt", "binary.txt", "latin1.txt", "broken.txt.gz", "huge.txt", "dangling.txt", "feed.jsonl#L2"] {
        assert!(error_ids.contains(&id), "{id} not in errors table: {error_ids:?}");
    }
    let documents = read_csv(out.path(), "documents");
    let mut ids: Vec<&str> = documents[1..].iter().map(|r| r[column(&documents, "doc_id")].as_str()).collect();
    ids.sort();
    let mut expected = vec!["feed.jsonl#a1", "feed.jsonl#a3", "good.txt"];
    if !locked_is_unreadable {
        expected.push("locked.txt");
    } else {
        assert!(error_ids.contains(&"locked.txt"));
    }
    expected.sort();
    assert_eq!(ids, expected);
    let titles: Vec<&str> = documents[1..].iter().map(|r| r[column(&documents, "title")].as_str()).collect();
    assert!(titles.contains(&"Mayor resigns"));
    assert!(titles.contains(&"Port reopens after strike"));
}

#[test]
fn gzip_and_html_inputs_are_read() {
    let input = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let mut encoder = flate2::write::GzEncoder::new(std::fs::File::create(input.path().join("story.txt.gz")).unwrap(), flate2::Compression::default());
    encoder.write_all(GOOD.as_bytes()).unwrap();
    encoder.finish().unwrap();
    let paragraph = "<p>The city council of Ghent approved the new tram line on Tuesday after a long debate about costs and routes.</p>";
    let html = format!(
        "<html><head><title>Ghent approves tram line</title></head><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav><article><h1>Ghent approves tram line</h1>{}</article><footer>© 2024 Ghent Daily</footer></body></html>",
        paragraph.repeat(4)
    );
    std::fs::write(input.path().join("page.html"), html).unwrap();
    textmill().args(["run", "-q", "--format", "csv", "--input"]).arg(input.path()).arg("--output").arg(out.path()).assert().success();
    let documents = read_csv(out.path(), "documents");
    let text = column(&documents, "text");
    let page = documents.iter().find(|r| r[0] == "page.html").expect("html document");
    assert!(page[text].starts_with("Ghent approves tram line\n\n"), "{:?}", page[text]);
    assert!(page[text].contains("tram line on Tuesday"));
    assert!(!page[text].contains("Home"), "navigation must not be in the text: {:?}", page[text]);
    let story = documents.iter().find(|r| r[0] == "story.txt.gz").expect("gz document");
    assert_eq!(story[text], GOOD);
}

/// A bug that one document triggers (a panic inside a stage) costs that document, not the run.
#[test]
fn a_stage_that_panics_on_a_document_makes_it_an_error_row() {
    let work = tempfile::tempdir().unwrap();
    let (input, out) = (work.path().join("in"), work.path().join("out"));
    crate::make_corpus(&input, 6);
    for stage in ["ingest", "clean", "segment", "tag", "aggregate"] {
        textmill()
            .env("TEXTMILL_PANIC_IN", format!("{stage}:doc_00002.txt"))
            .args(["run", "--force", "--input"])
            .arg(&input)
            .arg("--output")
            .arg(&out)
            .assert()
            .code(1)
            .stderr(predicate::str::contains("doc_00002.txt"));
        let errors = read_csv(&out, "errors");
        assert_eq!(errors.len(), 2, "{stage}: {errors:?}");
        assert_eq!(errors[1][column(&errors, "doc_id")], "doc_00002.txt");
        assert_eq!(errors[1][column(&errors, "stage")], stage);
        assert!(errors[1][column(&errors, "message")].contains("panic"), "{errors:?}");
        let documents = read_csv(&out, "documents");
        assert_eq!(documents.len(), 6, "{stage}: the five other documents are written");
    }
    // Without the panic the document comes out.
    textmill().args(["run", "--force", "--input"]).arg(&input).arg("--output").arg(&out).assert().code(0);
    assert_eq!(read_csv(&out, "documents").len(), 7);
}

#[test]
fn a_file_named_like_a_records_id_is_a_duplicate() {
    // Regression: "feed.jsonl#a1.txt", a file, and record "a1.txt" of feed.jsonl were two
    // documents of one doc_id, silently.
    let input = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    std::fs::write(input.path().join("feed.jsonl"), "{\"id\": \"a1.txt\", \"text\": \"The mayor of Lyon resigned on Friday.\"}\n").unwrap();
    std::fs::write(input.path().join("feed.jsonl#a1.txt"), GOOD).unwrap();
    textmill().args(["run", "-q", "--format", "csv", "--input"]).arg(input.path()).arg("--output").arg(out.path()).assert().code(1);
    let documents = read_csv(out.path(), "documents");
    assert_eq!(documents.len(), 1 + 1, "{documents:?}");
    let errors = read_csv(out.path(), "errors");
    assert!(errors[1][column(&errors, "message")].contains("duplicate doc_id `feed.jsonl#a1.txt`"), "{errors:?}");
}

#[test]
fn the_advice_for_a_file_not_in_utf8_fixes_it() {
    // Regression: the advised `iconv ... FILE > FILE.utf8.txt` left the original beside a copy
    // read as a new document: the next run failed on the original again (exit 1).
    let input = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let file = input.path().join("latin1.txt");
    std::fs::write(&file, b"Caf\xe9 au lait in Montr\xe9al\n").unwrap();
    std::fs::write(input.path().join("good.txt"), GOOD).unwrap();
    let run = || textmill().args(["run", "-q", "--format", "csv", "--input"]).arg(input.path()).arg("--output").arg(out.path()).assert();
    run().code(1);
    let errors = read_csv(out.path(), "errors");
    let message = &errors[1][column(&errors, "message")];
    let command = message.split(": ").last().unwrap().replace("FILE", &file.display().to_string());
    assert!(command.starts_with("iconv "), "{message}");
    assert!(std::process::Command::new("sh").arg("-c").arg(&command).status().unwrap().success(), "{command}");
    run().code(0);
    let documents = read_csv(out.path(), "documents");
    assert_eq!(documents.len(), 1 + 2);
    assert!(documents.iter().any(|row| row[column(&documents, "text")].contains("Café au lait")));
}
