//! The output contract, checked on the sample corpus and on awkward text (emoji, accents, CRLF).

use crate::{column, read_csv, textmill};

fn slice_chars(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end - start).collect()
}

fn check_offsets(out: &std::path::Path) -> (usize, usize) {
    let documents = read_csv(out, "documents");
    let texts: std::collections::HashMap<&str, &str> =
        documents[1..].iter().map(|r| (r[0].as_str(), r[column(&documents, "text")].as_str())).collect();
    let mut checked = (0, 0);
    for (table, counter) in [("sentences", 0), ("mentions", 1)] {
        let rows = read_csv(out, table);
        assert_eq!(rows[0][..5], ["doc_id", "sent_idx", "start_char", "end_char", "text"]);
        for row in &rows[1..] {
            let text = texts[row[0].as_str()];
            let (start, end): (usize, usize) = (row[2].parse().unwrap(), row[3].parse().unwrap());
            assert_eq!(slice_chars(text, start, end), row[4], "{table} row {row:?}");
            assert!(!row[4].is_empty() && row[4].trim() == row[4], "{table}: untrimmed {row:?}");
            if counter == 0 { checked.0 += 1 } else { checked.1 += 1 }
        }
    }
    checked
}

#[test]
fn offsets_slice_back_on_sample_corpus() {
    let out = tempfile::tempdir().unwrap();
    textmill().args(["run", "-q", "--format", "csv", "--output"]).arg(out.path()).assert().success();
    let (sentences, mentions) = check_offsets(out.path());
    assert!(sentences > 50, "{sentences} sentences");
    assert!(mentions > 50, "{mentions} mentions");
    let documents = read_csv(out.path(), "documents");
    // The contract's columns first, in order; the ones it lists as following come after.
    assert_eq!(
        documents[0],
        ["doc_id", "source", "content_sha256", "title", "n_chars", "n_sentences", "n_mentions", "text", "published", "authors", "language"]
    );
    let entities = read_csv(out.path(), "entities");
    assert_eq!(
        entities[0],
        ["entity_id", "label", "canonical", "n_mentions", "n_docs", "geonames_id", "country_code", "latitude", "longitude"]
    );
    let mentions_rows = read_csv(out.path(), "mentions");
    assert_eq!(mentions_rows[0], ["doc_id", "sent_idx", "start_char", "end_char", "text", "label", "entity_id", "value"]);
}

#[test]
fn offsets_slice_back_on_awkward_text() {
    let input = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    std::fs::write(
        input.path().join("emoji.txt"),
        "Café owners 🇫🇷 protest in Zürich\r\n\r\n“Prices rose 12%,” said Mr. José Álvarez on Tuesday. 😀 The Swiss government met in Bern.\r\n\r\nShare this article\r\n",
    )
    .unwrap();
    std::fs::write(input.path().join("only-title.txt"), "Just a headline without a body").unwrap();
    textmill().args(["run", "-q", "--format", "csv", "--input"]).arg(input.path()).arg("--output").arg(out.path()).assert().success();
    let (sentences, _) = check_offsets(out.path());
    assert!(sentences >= 3);
    let documents = read_csv(out.path(), "documents");
    let emoji = documents.iter().find(|r| r[0] == "emoji.txt").unwrap();
    assert_eq!(emoji[column(&documents, "n_chars")].parse::<usize>().unwrap(), emoji[column(&documents, "text")].chars().count());
    // The share widget is not in any sentence.
    let sentence_rows = read_csv(out.path(), "sentences");
    assert!(sentence_rows.iter().all(|r| !r[4].contains("Share this")));
}

/// For each line of `text` (split at '\n'): whether no sentence overlaps it (the contract's
/// "removed"), `None` for a blank line. Spans are code-point offsets.
fn removed_lines(text: &str, spans: &[(usize, usize)]) -> Vec<Option<bool>> {
    let mut start = 0;
    text.split('\n')
        .map(|line| {
            let (from, to) = (start, start + line.chars().count());
            start = to + 1;
            (!line.trim().is_empty()).then(|| !spans.iter().any(|&(s, e)| s < to && e > from))
        })
        .collect()
}

/// Sentence spans (code points) per doc_id.
fn sentence_spans(out: &std::path::Path) -> std::collections::HashMap<String, Vec<(usize, usize)>> {
    let mut spans: std::collections::HashMap<String, Vec<(usize, usize)>> = std::collections::HashMap::new();
    for s in &read_csv(out, "sentences")[1..] {
        spans.entry(s[0].clone()).or_default().push((s[2].parse().unwrap(), s[3].parse().unwrap()));
    }
    spans
}

/// The clean stage on outlets it was never trained on: the test split of the hand-labelled set
/// (`tests/clean_eval`, split by outlet). Furniture F1 and headline accuracy must stay above
/// floors a little under what the shipped model scores there (0.82 and 0.88, docs/clean.md), so
/// a change that makes cleaning worse on unseen outlets fails here.
#[test]
fn held_out_outlets_furniture_f1_and_headlines() {
    let input = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let set = std::fs::read_to_string(crate::repo_root().join("tests/clean_eval/clean_eval.jsonl")).unwrap();
    let pages: Vec<serde_json::Value> =
        set.lines().map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()).filter(|p| p["split"] == "test").collect();
    assert!(pages.len() >= 30, "{} test pages", pages.len());
    for (i, page) in pages.iter().enumerate() {
        std::fs::write(input.path().join(format!("p{i:03}.txt")), page["text"].as_str().unwrap()).unwrap();
    }
    let config = input.path().join("pipeline.toml");
    std::fs::write(&config, "[tag]\nenabled = false\n[aggregate]\nenabled = false\n").unwrap();
    textmill().args(["run", "-q", "--format", "csv", "--config"]).arg(&config).arg("--input").arg(input.path()).arg("--output").arg(out.path()).assert().success();
    let documents = read_csv(out.path(), "documents");
    let spans = sentence_spans(out.path());
    let (mut tp, mut fp, mut fn_, mut headlines_right) = (0usize, 0usize, 0usize, 0usize);
    for (i, page) in pages.iter().enumerate() {
        let doc_id = format!("p{i:03}.txt");
        let row = documents.iter().find(|r| r[0] == doc_id).unwrap();
        let text = page["text"].as_str().unwrap();
        let labels: Vec<&str> = page["labels"].as_array().unwrap().iter().map(|l| l.as_str().unwrap()).collect();
        for (label, removed) in labels.iter().zip(removed_lines(text, spans.get(&doc_id).map_or(&[][..], Vec::as_slice))) {
            let Some(removed) = removed else { continue };
            let furniture = matches!(*label, "furniture" | "byline" | "date");
            match (furniture, removed) {
                (true, true) => tp += 1,
                (false, true) => fp += 1,
                (true, false) => fn_ += 1,
                (false, false) => {}
            }
        }
        let expected = text.split('\n').zip(&labels).find(|(_, l)| **l == "headline").map_or("", |(line, _)| line.trim());
        headlines_right += usize::from(row[column(&documents, "title")] == expected);
    }
    let (precision, recall) = (tp as f64 / (tp + fp) as f64, tp as f64 / (tp + fn_) as f64);
    let f1 = 2.0 * precision * recall / (precision + recall);
    let headline_accuracy = headlines_right as f64 / pages.len() as f64;
    assert!(f1 >= 0.78, "furniture F1 {f1:.3} (P {precision:.3}, R {recall:.3}) on held-out outlets");
    assert!(headline_accuracy >= 0.80, "headline accuracy {headline_accuracy:.3} on held-out outlets");
}

/// On the sample corpus the cleaner removes the hand-marked furniture lines
/// (`tests/eval/sample_boilerplate.json`; a non-blank line that no sentence overlaps is removed)
/// with F1 >= 0.95, and finds every headline (the first line, except in the one sample that
/// opens with a sentence). The line model is trained on other outlets' pages only.
#[test]
fn sample_furniture_f1_and_titles() {
    let out = tempfile::tempdir().unwrap();
    textmill().args(["run", "-q", "--format", "csv", "--output"]).arg(out.path()).assert().success();
    let marked: std::collections::BTreeMap<String, Vec<String>> = serde_json::from_str(
        &std::fs::read_to_string(crate::repo_root().join("tests/eval/sample_boilerplate.json")).unwrap(),
    )
    .unwrap();
    let documents = read_csv(out.path(), "documents");
    let all_spans = sentence_spans(out.path());
    let (mut true_positives, mut removed_total, mut marked_total) = (0usize, 0usize, 0usize);
    for doc in &documents[1..] {
        let spans = all_spans.get(&doc[0]).cloned().unwrap_or_default();
        let text = &doc[column(&documents, "text")];
        let mut unmatched: Vec<String> = marked.get(&doc[0]).cloned().unwrap_or_default();
        marked_total += unmatched.len();
        for (line, removed) in text.split('\n').zip(removed_lines(text, &spans)) {
            if removed != Some(true) {
                continue;
            }
            removed_total += 1;
            if let Some(at) = unmatched.iter().position(|m| m == line.trim()) {
                unmatched.remove(at);
                true_positives += 1;
            }
        }
        let first_line = text.lines().next().unwrap().trim().to_string();
        let expected_title = if first_line.ends_with('.') { String::new() } else { first_line };
        assert_eq!(doc[column(&documents, "title")], expected_title, "{}", doc[0]);
    }
    let precision = true_positives as f64 / removed_total as f64;
    let recall = true_positives as f64 / marked_total as f64;
    let f1 = 2.0 * precision * recall / (precision + recall);
    assert!(f1 >= 0.95, "furniture F1 {f1:.3} (P {precision:.3}, R {recall:.3})");
}

/// documents.published and documents.authors (after the contract's columns): from a page's date
/// and byline lines, from JSONL fields (any common date format; a list of names), and from an
/// HTML page's metadata; null when there is none.
#[test]
fn published_and_authors_from_the_page_jsonl_fields_and_html_metadata() {
    let input = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let body = "The county council has approved a plan to build new flood defences along the river, after two winters in which hundreds of homes were flooded.\n\nCouncillors voted 32 to 5 in favour of the scheme on Tuesday evening, following a debate that lasted more than three hours.\n";
    std::fs::write(
        input.path().join("page.txt"),
        format!("Skip to content\nHome | News | Sport\n\nCouncil approves flood defences\n\nBy Jane Doe, Local Democracy Reporter\n\nPublished 14:02, 3 March 2021\n\n{body}"),
    )
    .unwrap();
    std::fs::write(input.path().join("plain.txt"), format!("Council approves flood defences\n\n{body}")).unwrap();
    let record = serde_json::json!({"id": "a", "title": "Council approves flood defences", "text": body,
        "published": "Sep 7, 2022 10:14 AM ET", "authors": ["Jane Doe", "John Roe"]});
    std::fs::write(input.path().join("feed.jsonl"), format!("{record}\n")).unwrap();
    std::fs::write(
        input.path().join("page.html"),
        format!(
            "<html><head><title>Council approves flood defences</title><meta name=\"author\" content=\"Ann Lee\"><meta property=\"article:published_time\" content=\"2020-05-04T10:00:00Z\"></head><body><article><h1>Council approves flood defences</h1>{}</article></body></html>",
            body.split("\n\n").map(|p| format!("<p>{}</p>", p.trim())).collect::<String>()
        ),
    )
    .unwrap();
    textmill().args(["run", "-q", "--format", "csv", "--input"]).arg(input.path()).arg("--output").arg(out.path()).assert().success();
    let documents = read_csv(out.path(), "documents");
    let get = |doc_id: &str, name: &str| {
        let row = documents.iter().find(|r| r[0] == doc_id).unwrap_or_else(|| panic!("{doc_id} missing"));
        row[column(&documents, name)].clone()
    };
    assert_eq!(get("page.txt", "published"), "2021-03-03");
    assert_eq!(get("page.txt", "authors"), "Jane Doe");
    assert_eq!(get("page.txt", "title"), "Council approves flood defences");
    assert_eq!(get("plain.txt", "published"), "");
    assert_eq!(get("plain.txt", "authors"), "");
    assert_eq!(get("feed.jsonl#a", "published"), "2022-09-07");
    assert_eq!(get("feed.jsonl#a", "authors"), "Jane Doe; John Roe");
    assert_eq!(get("page.html", "published"), "2020-05-04");
    assert_eq!(get("page.html", "authors"), "Ann Lee");
}
