//! Hostile and broken inputs: each gives a clear per-document error or a safe result, and the
//! run goes on.

use std::io::Write;
use std::path::Path;

use predicates::prelude::*;

use crate::{column, read_csv, textmill};

const GOOD: &str = "Harbour reopens\n\nThe harbour of Split reopened on Monday.\n";

fn run_with(config: &str, input: &Path, out: &Path) -> assert_cmd::assert::Assert {
    let config_path = out.with_extension("toml");
    std::fs::write(&config_path, config).unwrap();
    textmill()
        .args(["run", "-q", "--format", "csv", "--config"])
        .arg(&config_path)
        .arg("--input")
        .arg(input)
        .arg("--output")
        .arg(out)
        .assert()
}

fn error_for<'a>(errors: &'a [Vec<String>], doc_id: &str) -> &'a str {
    let (id, message) = (column(errors, "doc_id"), column(errors, "message"));
    errors[1..].iter().find(|r| r[id] == doc_id).map(|r| r[message].as_str()).unwrap_or_else(|| panic!("no error for {doc_id}: {errors:?}"))
}

fn doc_ids(out: &Path) -> Vec<String> {
    let documents = read_csv(out, "documents");
    documents[1..].iter().map(|r| r[0].clone()).collect()
}

#[test]
fn symlink_loops_and_links_leaving_the_root() {
    let work = tempfile::tempdir().unwrap();
    let input = work.path().join("in");
    let outside = work.path().join("outside");
    std::fs::create_dir_all(input.join("sub")).unwrap();
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(input.join("good.txt"), GOOD).unwrap();
    std::fs::write(outside.join("secret.txt"), GOOD).unwrap();
    std::os::unix::fs::symlink(&input, input.join("sub/loop")).unwrap();
    std::os::unix::fs::symlink(outside.join("secret.txt"), input.join("escape.txt")).unwrap();
    let out = work.path().join("out");
    run_with("[input]\nfollow_symlinks = true\n", &input, &out).code(1);
    let errors = read_csv(&out, "errors");
    assert!(error_for(&errors, "escape.txt").contains("leaves the input root"));
    assert!(errors[1..].iter().any(|r| r[column(&errors, "message")].to_lowercase().contains("loop")), "{errors:?}");
    assert_eq!(doc_ids(&out), vec!["good.txt"]);
    // Allowed explicitly: the link is read (the loop, not followed, is read as the root).
    let out = work.path().join("out2");
    run_with("[input]\nallow_links_outside_root = true\n", &input, &out).success();
    assert_eq!(doc_ids(&out), vec!["escape.txt", "good.txt"]);
}

#[test]
fn a_followed_link_to_a_folder_the_walk_reads_gives_no_second_copy() {
    // Regression (a hunt): with follow_symlinks, "latest -> 2024/march" gave the story twice,
    // under two doc_ids (its entities counted twice).
    let work = tempfile::tempdir().unwrap();
    let input = work.path().join("in");
    std::fs::create_dir_all(input.join("2024/march")).unwrap();
    std::fs::create_dir_all(work.path().join("elsewhere")).unwrap();
    std::fs::write(input.join("2024/march/storm.txt"), GOOD).unwrap();
    std::fs::write(work.path().join("elsewhere/other.txt"), GOOD).unwrap();
    std::os::unix::fs::symlink("2024/march", input.join("latest")).unwrap();
    std::os::unix::fs::symlink(work.path().join("elsewhere"), input.join("more")).unwrap();
    let out = work.path().join("out");
    run_with("[input]\nfollow_symlinks = true\nallow_links_outside_root = true\n", &input, &out).success();
    // (A link to a folder the walk does not read is still followed.)
    assert_eq!(doc_ids(&out), vec!["2024/march/storm.txt", "more/other.txt"]);
}

#[test]
fn decompression_bomb_is_capped() {
    let work = tempfile::tempdir().unwrap();
    let input = work.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    std::fs::write(input.join("good.txt"), GOOD).unwrap();
    // 256 MiB of spaces inflates from a few hundred KiB.
    let mut encoder = flate2::write::GzEncoder::new(std::fs::File::create(input.join("bomb.txt.gz")).unwrap(), flate2::Compression::best());
    let block = vec![b' '; 1 << 20];
    for _ in 0..256 {
        encoder.write_all(&block).unwrap();
    }
    encoder.finish().unwrap();
    assert!(std::fs::metadata(input.join("bomb.txt.gz")).unwrap().len() < 2 << 20);
    let out = work.path().join("out");
    run_with("", &input, &out).code(1);
    let errors = read_csv(&out, "errors");
    let error = error_for(&errors, "bomb.txt.gz");
    assert!(error.contains("max_document_bytes"));
    // Regression: it said "document is <limit + 1> bytes", the point where reading stopped.
    assert!(error.contains("document is more than ") && !error.contains("1 bytes,"), "{error}");
    assert_eq!(doc_ids(&out), vec!["good.txt"]);
}

#[test]
fn deeply_nested_html_is_flattened_and_huge_html_is_reported() {
    let work = tempfile::tempdir().unwrap();
    let input = work.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    std::fs::write(input.join("good.txt"), GOOD).unwrap();
    // A real page can nest 1,500 elements deep: it must come out, not be refused.
    let article = "<article><h1>Harbour budget approved</h1><p>The council approved the harbour budget on Tuesday after a long debate about the ferry timetable.</p><p>Work on the new pier will begin in the spring, the mayor said.</p></article>";
    std::fs::write(input.join("deep.html"), format!("<html><body>{}{article}{}</body></html>", "<div>".repeat(1_500), "</div>".repeat(1_500))).unwrap();
    // A hostile one, 200,000 deep, must not crash the extractor either.
    std::fs::write(input.join("abyss.html"), format!("<html><body>{}text{}</body></html>", "<div>".repeat(200_000), "</div>".repeat(200_000))).unwrap();
    let paragraph = "<p>The council met again to discuss the harbour budget and the new ferry timetable.</p>\n";
    std::fs::write(input.join("huge.html"), format!("<html><body>{}</body></html>", paragraph.repeat(250_000))).unwrap();
    let out = work.path().join("out");
    run_with("", &input, &out).code(1);
    let errors = read_csv(&out, "errors");
    assert!(error_for(&errors, "huge.html").contains("max_document_bytes"));
    assert!(doc_ids(&out).contains(&"deep.html".to_string()), "{errors:?}");
    let documents = read_csv(&out, "documents");
    let deep = documents.iter().find(|r| r[0] == "deep.html").unwrap();
    assert!(deep.iter().any(|cell| cell.contains("The council approved the harbour budget")));
    // Regression: the <h1> nested past the limit was flattened away with its text.
    assert_eq!(deep[crate::column(&documents, "title")], "Harbour budget approved");
}

#[test]
fn enormous_lines_are_reported_without_being_held() {
    let work = tempfile::tempdir().unwrap();
    let input = work.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    let long = "word ".repeat(6 << 20); // 30 MiB on one line
    let mut feed = std::fs::File::create(input.join("feed.jsonl")).unwrap();
    writeln!(feed, "{{\"id\": \"a\", \"text\": \"First story from Oslo.\"}}").unwrap();
    writeln!(feed, "{{\"id\": \"b\", \"text\": \"{long}\"}}").unwrap();
    writeln!(feed, "{{\"id\": \"c\", \"text\": \"Third story from Bergen.\"}}").unwrap();
    drop(feed);
    std::fs::write(input.join("oneline.txt"), &long).unwrap();
    let out = work.path().join("out");
    run_with("", &input, &out).code(1);
    let errors = read_csv(&out, "errors");
    assert!(error_for(&errors, "feed.jsonl#L2").contains("max_document_bytes"));
    // Which line, as every other bad line of a JSONL file says (it did not).
    assert!(error_for(&errors, "feed.jsonl#L2").starts_with("line 2: "), "{errors:?}");
    assert!(error_for(&errors, "oneline.txt").contains("max_document_bytes"));
    assert_eq!(doc_ids(&out), vec!["feed.jsonl#a", "feed.jsonl#c"]);
}

#[test]
fn a_file_that_changes_while_read_is_either_consistent_or_reported() {
    let work = tempfile::tempdir().unwrap();
    let input = work.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    std::fs::write(input.join("good.txt"), GOOD).unwrap();
    let growing = input.join("growing.txt");
    std::fs::write(&growing, "Live feed\n\n").unwrap();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = {
        let (stop, growing) = (stop.clone(), growing.clone());
        std::thread::spawn(move || {
            let mut file = std::fs::OpenOptions::new().append(true).open(growing).unwrap();
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                file.write_all(b"More news from the wire arrives here.\n").unwrap();
                std::thread::sleep(std::time::Duration::from_micros(100));
            }
        })
    };
    let out = work.path().join("out");
    let assert = run_with("", &input, &out);
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    writer.join().unwrap();
    let code = assert.get_output().status.code();
    assert!(code == Some(0) || code == Some(1), "{code:?}");
    let documents = read_csv(&out, "documents");
    match documents[1..].iter().find(|r| r[0] == "growing.txt") {
        // Read in one piece: the stored hash is the hash of the stored text.
        Some(row) => {
            let text = &row[column(&documents, "text")];
            assert_eq!(row[column(&documents, "content_sha256")], textmill::source::sha256_hex(text.as_bytes()));
        }
        None => assert!(error_for(&read_csv(&out, "errors"), "growing.txt").contains("changed while it was being read")),
    }
    assert!(documents[1..].iter().any(|r| r[0] == "good.txt"));
}

#[test]
fn control_characters_are_kept_verbatim_and_offsets_hold() {
    let work = tempfile::tempdir().unwrap();
    let input = work.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    let text = "Bell \u{7} rings in Oslo\n\nThe \u{1b}[31mmayor\u{1b}[0m of Oslo spoke\u{0b} on Monday.\u{85}Then\u{2028}the \u{7f}council of Bergen met.\u{0c}\n";
    std::fs::write(input.join("control.txt"), text).unwrap();
    let out = work.path().join("out");
    run_with("", &input, &out).success();
    let documents = read_csv(&out, "documents");
    assert_eq!(documents[1][column(&documents, "text")], text);
    let sentences = read_csv(&out, "sentences");
    for row in &sentences[1..] {
        let (start, end): (usize, usize) = (row[2].parse().unwrap(), row[3].parse().unwrap());
        assert_eq!(text.chars().skip(start).take(end - start).collect::<String>(), row[4]);
    }
}

#[test]
fn csv_formula_injection_can_be_escaped() {
    let work = tempfile::tempdir().unwrap();
    let input = work.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    std::fs::write(input.join("formula.txt"), "=HYPERLINK(\"http://evil\",\"Click\")\n\n@SUM(A1:A2) is not a sentence about Paris.\n").unwrap();
    let out = work.path().join("plain");
    run_with("", &input, &out).success();
    let documents = read_csv(&out, "documents");
    assert!(documents[1][column(&documents, "text")].starts_with("=HYPERLINK"));
    let out = work.path().join("escaped");
    run_with("[output]\ncsv_escape_formulas = true\n", &input, &out).success();
    let documents = read_csv(&out, "documents");
    assert!(documents[1][column(&documents, "text")].starts_with("'=HYPERLINK"));
    let sentences = read_csv(&out, "sentences");
    assert!(sentences[1..].iter().any(|r| r[4].starts_with("'@SUM")));
    textmill().args(["run", "--help"]).assert().stdout(predicate::str::contains("--format"));
}
