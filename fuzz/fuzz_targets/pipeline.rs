//! The whole per-document chain: clean → segment → tag (ruler) → link. Every sentence and
//! mention slices back to a non-empty trimmed string, mentions lie inside their sentence, and
//! CodePoints agrees with counting chars.
#![no_main]

use libfuzzer_sys::fuzz_target;
use textmill_fuzz::{doc, run_chain};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    let mut d = doc(text);
    run_chain(&mut d);
});
