//! segment: any text (lossy UTF-8) and region → sentence spans sorted, non-overlapping,
//! non-empty, trimmed, on char boundaries, inside the region, never across a blank line; the
//! stage (segmenter on and off) over clean's content spans keeps the same invariants.
#![no_main]

use libfuzzer_sys::fuzz_target;
use textmill::stages::DocumentStage;
use textmill_fuzz::{check_clean, check_segments, doc, floor_boundary, stages};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let st = stages();

    // The whole text, and a middle region whose ends the input controls (its length).
    let whole = 0..text.len();
    let spans = st.segmenter.split(&text, whole.clone());
    check_segments(&text, &whole, &spans);
    let a = floor_boundary(&text, text.len() / 3);
    let b = floor_boundary(&text, text.len() * 2 / 3 + 1);
    let middle = a..b;
    let spans = st.segmenter.split(&text, middle.clone());
    check_segments(&text, &middle, &spans);

    // The stage over clean's content spans, segmenter on and off.
    let mut d = doc(text.clone());
    st.cleaner.process(&mut d).expect("clean never fails");
    check_clean(&d);
    for stage in [&st.segment, &st.paragraphs] {
        let mut d = d.clone();
        stage.process(&mut d).expect("segment never fails");
        d.check_invariants().unwrap_or_else(|broken| panic!("{broken} in {:?}", d.text));
    }
});
