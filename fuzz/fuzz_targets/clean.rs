//! clean: any text (lossy UTF-8) → title and content spans inside the text, on char boundaries,
//! sorted, non-overlapping, trimmed; no panic. The first line is also tried as a source-given
//! title (like an HTML <title> or a JSONL "title" field).
#![no_main]

use libfuzzer_sys::fuzz_target;
use textmill::stages::DocumentStage;
use textmill_fuzz::{check_clean, doc, stages};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let cleaner = &stages().cleaner;

    let mut d = doc(text.clone());
    cleaner.process(&mut d).expect("clean never fails");
    check_clean(&d);
    assert_eq!(d.text, text, "clean rewrote the text");
    let _ = cleaner.explain(&text);

    // A source-given title: the first line (any content, invisible characters included).
    let first = text.split('\n').next().unwrap_or("");
    if !first.is_empty() && first.len() < text.len() {
        let mut d = doc(text.clone());
        d.title = Some(0..first.len());
        cleaner.process(&mut d).expect("clean never fails");
        check_clean(&d);
    }
});
