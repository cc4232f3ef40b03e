//! `textmill stream`: JSONL on stdin, one answer per line on stdout, in order; a bad line is
//! answered in place; sentences and mentions are the tables'.

use std::collections::BTreeMap;

use crate::{column, read_csv, textmill};

const RECORDS: [&str; 4] = [
    r#"{"id": "a1", "title": "Storm hits Tiranë", "published": "2022-09-07", "text": "The storm hit Tiranë on Monday.\n\nPrime Minister Edi Rama visited the city with officials from Brussels."}"#,
    r#"{"id": "b2", "text": "Apple opened a store in Paris, and the European Union said nothing about it."}"#,
    r#"{"id": "c3", "text": "Toyota Motor Corp said sales in Japan rose 5% in July."}"#,
    r#"{"id": "d4", "authors": ["Ana Lika"], "text": "Café owners in Zürich said the Swiss franc hurt tourism."}"#,
];

/// Characters `start..end` of `text` (code points, as the tables count them).
fn chars(text: &str, start: u64, end: u64) -> String {
    text.chars().skip(start as usize).take((end - start) as usize).collect()
}

#[test]
fn every_line_is_answered_in_order_and_matches_the_tables() {
    let input = format!("{}\nnot json at all\n{}\n\n{}\n{}\n", RECORDS[0], RECORDS[1], RECORDS[2], RECORDS[3]);
    let output = textmill().args(["stream", "--threads", "2"]).write_stdin(input.clone()).assert().code(1).get_output().stdout.clone();
    let answers: Vec<serde_json::Value> = String::from_utf8(output).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(answers.len(), input.lines().count(), "one answer per input line");
    let ids: Vec<&str> = answers.iter().map(|a| a["doc_id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["a1", "L2", "b2", "L4", "c3", "d4"]);
    assert!(answers[1]["error"].as_str().unwrap().contains("invalid JSON"), "{}", answers[1]);
    // A blank line is no document and no failure (regressions: "invalid JSON: EOF while
    // parsing a value", then an error that made the stream exit 1 where `run` skips it).
    assert_eq!(answers[3]["skipped"], "blank line", "{}", answers[3]);
    assert!(answers[3].get("error").is_none());
    let blank_only = format!("{}

", RECORDS[0]);
    textmill().args(["stream"]).write_stdin(blank_only).assert().success();
    assert_eq!(answers[0]["title"], "Storm hits Tiranë");
    assert_eq!(answers[0]["published"], "2022-09-07");
    assert_eq!(answers[5]["authors"], "Ana Lika");

    // The same records as a .jsonl input give the same sentences and mentions.
    let work = tempfile::tempdir().unwrap();
    std::fs::create_dir(work.path().join("in")).unwrap();
    std::fs::write(work.path().join("in/feed.jsonl"), RECORDS.join("\n") + "\n").unwrap();
    textmill().args(["run", "-q", "--format", "csv", "--input"]).arg(work.path().join("in")).arg("--output").arg(work.path().join("out")).assert().success();
    let table_rows = |table: &str, fields: &[&str]| -> BTreeMap<String, Vec<Vec<String>>> {
        let rows = read_csv(&work.path().join("out"), table);
        let columns: Vec<usize> = fields.iter().map(|f| column(&rows, f)).collect();
        let mut by_doc: BTreeMap<String, Vec<Vec<String>>> = BTreeMap::new();
        for row in &rows[1..] {
            let doc = row[0].trim_start_matches("feed.jsonl#").to_string();
            by_doc.entry(doc).or_default().push(columns.iter().map(|&c| row[c].clone()).collect());
        }
        by_doc
    };
    let sentence_fields = ["sent_idx", "start_char", "end_char", "text"];
    let mention_fields = ["sent_idx", "start_char", "end_char", "text", "label", "entity_id", "value"];
    let (sentences, mentions) = (table_rows("sentences", &sentence_fields), table_rows("mentions", &mention_fields));
    for answer in answers.iter().filter(|a| a.get("error").is_none() && a.get("skipped").is_none()) {
        let doc = answer["doc_id"].as_str().unwrap();
        let text = answer["text"].as_str().unwrap();
        let streamed = |list: &str, fields: &[&str]| -> Vec<Vec<String>> {
            answer[list]
                .as_array()
                .unwrap()
                .iter()
                .map(|row| {
                    let (start, end) = (row["start_char"].as_u64().unwrap(), row["end_char"].as_u64().unwrap());
                    assert_eq!(chars(text, start, end), row["text"].as_str().unwrap(), "{doc}: offsets index the text");
                    // A null is an empty CSV cell.
                    fields
                        .iter()
                        .map(|f| match &row[*f] {
                            serde_json::Value::String(s) => s.clone(),
                            serde_json::Value::Null => String::new(),
                            other => other.to_string(),
                        })
                        .collect()
                })
                .collect()
        };
        assert_eq!(streamed("sentences", &sentence_fields), sentences[doc], "{doc}");
        assert_eq!(streamed("mentions", &mention_fields), mentions.get(doc).cloned().unwrap_or_default(), "{doc}");
    }
}

#[test]
fn a_caller_that_waits_for_each_answer_gets_it() {
    use std::io::{BufRead, BufReader, Write};
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("textmill"))
        .args(["stream", "--threads", "2"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    for record in RECORDS {
        writeln!(stdin, "{record}").unwrap();
        stdin.flush().unwrap();
        let mut line = String::new();
        stdout.read_line(&mut line).unwrap();
        let answer: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert!(answer["sentences"].is_array(), "{answer}");
    }
    drop(stdin);
    assert!(child.wait().unwrap().success());
}

#[test]
fn a_line_not_in_utf8_is_named_by_its_line() {
    // Regression: the answer said "convert the file to UTF-8 first" (there is no file) and did
    // not name the line, as every other error does.
    let mut input = br#"{"id": "a", "text": "Officials met in Rome."}"#.to_vec();
    input.extend_from_slice(b"\n{\"id\": \"b\", \"text\": \"bad \xff bytes\"}\n");
    let output = textmill().arg("stream").write_stdin(input).assert().code(1).get_output().stdout.clone();
    let answers: Vec<serde_json::Value> = String::from_utf8(output).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(answers.len(), 2);
    let error = answers[1]["error"].as_str().unwrap();
    assert!(error.starts_with("line 2: invalid UTF-8") && !error.contains("file"), "{error}");
}

#[test]
fn a_misnamed_field_is_warned_about_and_a_reader_that_stops_early_is_no_failure() {
    // Regressions (a new user under Spark): `run` warned of a field the records lack, `stream`
    // said nothing; and `textmill stream | head` exited 2, the fatal code.
    let work = tempfile::tempdir().unwrap();
    let config = work.path().join("pipeline.toml");
    std::fs::write(&config, "[input.jsonl]\npublished_field = \"date\"\n").unwrap();
    textmill()
        .args(["stream", "--config"])
        .arg(&config)
        .write_stdin(format!("{}\n", RECORDS[0]))
        .assert()
        .success()
        .stderr(predicates::str::contains("stdin: its first record has no field `date` (input.jsonl.published_field)"));
    // (stdout is closed after the first answer, as `head -1` closes it.)
    let stop_early = |first_line: &str| {
        let lines: String = first_line.to_string() + &(0..3000).map(|i| format!("{{\"id\": \"n{i}\", \"text\": \"The council met on Monday to approve the budget.\"}}\n")).collect::<String>();
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("textmill"))
            .args(["stream", "--threads", "1"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        let writer = std::thread::spawn(move || {
            let _ = std::io::Write::write_all(&mut stdin, lines.as_bytes());
        });
        let mut first = String::new();
        std::io::BufRead::read_line(&mut std::io::BufReader::new(child.stdout.take().unwrap()), &mut first).unwrap();
        let output = child.wait_with_output().unwrap();
        writer.join().unwrap();
        (first, output.status.code())
    };
    let (first, code) = stop_early("");
    assert!(first.contains("\"n0\""), "{first}");
    assert_eq!(code, Some(0));
    // (A line answered with an error before the reader stopped: exit 1, as documented.)
    let (first, code) = stop_early("not json\n");
    assert!(first.contains("invalid JSON"), "{first}");
    assert_eq!(code, Some(1));
}

#[test]
fn utf16_on_stdin_is_one_answer_a_record() {
    // Regression (a new user's review): UTF-16 with its byte order mark, as PowerShell pipes
    // it, gave a record two answers (its newline's second byte made a line of its own).
    let mut input = vec![0xFF, 0xFE];
    input.extend(format!("{}\n{}\n", RECORDS[1], RECORDS[2]).encode_utf16().flat_map(u16::to_le_bytes));
    let output = textmill().args(["stream", "-j", "1"]).write_stdin(input).assert().success().get_output().stdout.clone();
    let answers: Vec<serde_json::Value> = String::from_utf8(output).unwrap().lines().map(|line| serde_json::from_str(line).unwrap()).collect();
    assert_eq!(answers.len(), 2, "{answers:?}");
    assert_eq!(answers[0]["doc_id"], "b2");
    assert!(answers[1]["error"].is_null(), "{answers:?}");
}

#[test]
fn status_json_names_an_error_once() {
    // Regression (a new user's review): `{"error": "error: input nope: ..."}`.
    let work = tempfile::tempdir().unwrap();
    let output = textmill().args(["status", "--json", "--input"]).arg(work.path().join("nope")).arg("--output").arg(work.path().join("out")).assert().code(2).get_output().stdout.clone();
    let answer: serde_json::Value = serde_json::from_slice(&output).unwrap();
    assert!(answer["error"].as_str().is_some_and(|error| !error.starts_with("error")), "{answer}");
}
