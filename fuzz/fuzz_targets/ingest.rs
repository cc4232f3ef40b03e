//! ingest: the first byte picks the reader (plain text, HTML, JSONL-as-text, one JSONL line),
//! the rest is the file's bytes. Errors are fine; panics are not. A document that comes out has
//! a title span that slices back to a trimmed prefix of its text, and then goes through the
//! whole chain (clean → segment → tag → link) with its invariants.
#![no_main]

use libfuzzer_sys::fuzz_target;
use textmill::config::JsonlConfig;
use textmill::document::Origin;
use textmill::source::{decode_text, document_from_bytes, load_json_line, Kind, SourceFile};
use textmill_fuzz::{check_span, run_chain};

fuzz_target!(|data: &[u8]| {
    let Some((&mode, bytes)) = data.split_first() else { return };
    let origin = Origin { doc_id: "fuzz.txt".into(), source: "fuzz.txt".into() };
    let loaded = match mode % 4 {
        0 => {
            let decoded = decode_text(bytes.to_vec());
            let doc = document_from_bytes(origin, Kind::PlainText, bytes.to_vec());
            assert_eq!(decoded.as_ref().ok(), doc.as_ref().ok().map(|d| &d.text), "plain text is read verbatim");
            doc
        }
        1 => document_from_bytes(origin, Kind::Html, bytes.to_vec()),
        2 => document_from_bytes(origin, Kind::Jsonl, bytes.to_vec()),
        _ => {
            let Ok(line) = std::str::from_utf8(bytes) else { return };
            let file = SourceFile { path: "feed.jsonl".into(), root: 0, relative: "feed.jsonl".into(), kind: Kind::Jsonl, gzip: false, stamp: None, source: "feed.jsonl".into() };
            load_json_line(&file, 7, line, &JsonlConfig::default())
        }
    };
    let Ok(mut doc) = loaded else { return };
    assert!(!doc.text.trim().is_empty(), "a loaded document is never blank");
    assert_eq!(doc.content, vec![0..doc.text.len()], "ingest covers the whole text");
    if let Some(title) = &doc.title {
        let t = check_span(&doc.text, title, "source title");
        assert_eq!(title.start, 0, "a source title starts the text");
        assert!(!t.contains('\n'), "a source title is one line: {t:?}");
        assert!(doc.text[title.end..].starts_with("\n\n"), "a blank line follows the source title");
    }
    run_chain(&mut doc);
});
