//! Regression tests for what fuzzing found (`scripts/fuzz.sh`, targets in `fuzz/`), and a fast
//! deterministic property test of the whole per-document chain's span invariants.
//!
//! The invariants are the fuzz targets' (fuzz/src/lib.rs): every title, content, sentence and
//! mention span is on char boundaries inside the text, non-empty and trimmed; content and
//! sentence spans are sorted and non-overlapping; a segmenter sentence never crosses a blank
//! line and stays inside its region; a mention lies inside its sentence; `CodePoints` agrees
//! with counting chars.

use std::ops::Range;
use std::sync::OnceLock;

use textmill::config::{AggregateConfig, CleanConfig, SegmentConfig, TagConfig};
use textmill::document::{CodePoints, Document, Origin};
use textmill::gazetteer::Gazetteer;
use textmill::stages::aggregate::Linker;
use textmill::stages::clean::Cleaner;
use textmill::stages::segment::{SegmentOptions, Segmenter};
use textmill::stages::tag::TagStage;
use textmill::stages::{DocumentStage, SegmentStage};

// ------------------------------------------------------------------------------------------
// The chain and its invariants.

struct Stages {
    cleaner: Cleaner,
    segmenter: Segmenter,
    segment: SegmentStage,
    tag: TagStage,
    linker: Linker,
}

fn stages() -> &'static Stages {
    static STAGES: OnceLock<Stages> = OnceLock::new();
    STAGES.get_or_init(|| {
        let gazetteer = Gazetteer::load(None).expect("built-in gazetteer");
        Stages {
            cleaner: Cleaner::new(&CleanConfig::default()),
            segmenter: Segmenter::new(&SegmentOptions::default()),
            segment: SegmentStage::new(&SegmentConfig::default()),
            tag: TagStage::build(&TagConfig::default(), &gazetteer).expect("default tagger builds"),
            linker: Linker::build(&AggregateConfig::default(), &gazetteer, None),
        }
    })
}

fn doc(text: &str) -> Document {
    Document::new(Origin { doc_id: "t".into(), source: "t".into() }, String::new(), text.to_string())
}

/// The segmenter's whitespace: Unicode White_Space plus zero-width space and BOM.
fn seg_ws(c: char) -> bool {
    c.is_whitespace() || c == '\u{200B}' || c == '\u{FEFF}'
}

fn check_span<'t>(text: &'t str, span: &Range<usize>, what: &str) -> &'t str {
    assert!(span.start <= span.end && span.end <= text.len(), "{what} {span:?} outside the text (len {}): {text:?}", text.len());
    assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end), "{what} {span:?} not on char boundaries: {text:?}");
    let s = &text[span.clone()];
    assert!(!s.is_empty(), "{what} {span:?} is empty: {text:?}");
    assert_eq!(s, s.trim(), "{what} {span:?} is not trimmed: {text:?}");
    s
}

fn check_sorted(spans: &[Range<usize>], what: &str, text: &str) {
    for pair in spans.windows(2) {
        assert!(pair[0].end <= pair[1].start, "{what} spans overlap or are out of order: {:?} then {:?} in {text:?}", pair[0], pair[1]);
    }
}

fn check_no_blank_line(text: &str, span: &Range<usize>) {
    let s = &text[span.clone()];
    let lines: Vec<&str> = s.split('\n').collect();
    if lines.len() > 2 {
        for line in &lines[1..lines.len() - 1] {
            assert!(!line.chars().all(seg_ws), "sentence {span:?} {s:?} crosses a blank line in {text:?}");
        }
    }
}

fn check_clean(doc: &Document) {
    let text = &doc.text;
    if let Some(title) = &doc.title {
        check_span(text, title, "title");
    }
    for span in &doc.content {
        check_span(text, span, "content");
    }
    check_sorted(&doc.content, "content", text);
    if let (Some(title), Some(first)) = (&doc.title, doc.content.first()) {
        assert!(title.end <= first.start, "title {title:?} overlaps content {first:?} in {text:?}");
    }
}

fn check_segments(text: &str, region: &Range<usize>, spans: &[Range<usize>]) {
    for span in spans {
        let s = check_span(text, span, "sentence");
        assert!(region.start <= span.start && span.end <= region.end, "sentence {span:?} outside region {region:?} in {text:?}");
        assert!(!s.starts_with(seg_ws) && !s.ends_with(seg_ws), "sentence {span:?} {s:?} not trimmed of ZWSP/BOM");
        check_no_blank_line(text, span);
    }
    check_sorted(spans, "sentence", text);
}

fn check_chain(doc: &Document) {
    let text = &doc.text;
    let spans: Vec<Range<usize>> = doc.sentences.iter().map(|s| s.span.clone()).collect();
    for (i, span) in spans.iter().enumerate() {
        check_span(text, span, "sentence");
        if i > 0 || doc.title.is_none() {
            check_no_blank_line(text, span);
        }
    }
    check_sorted(&spans, "sentence", text);
    if let Some(title) = &doc.title {
        assert_eq!(spans.first(), Some(title), "the title is not sentence 0 in {text:?}");
    }
    let mentions: Vec<Range<usize>> = doc.mentions.iter().map(|m| m.span.clone()).collect();
    check_sorted(&mentions, "mention", text);
    for m in &doc.mentions {
        check_span(text, &m.span, "mention");
        let sentence = &doc.sentences.get(m.sent_idx).unwrap_or_else(|| panic!("mention {m:?} has no sentence in {text:?}")).span;
        assert!(sentence.start <= m.span.start && m.span.end <= sentence.end, "mention {m:?} outside its sentence {sentence:?} in {text:?}");
        assert!(m.entity_key.starts_with(&format!("{}|", m.label.as_str())), "mention {m:?} has no entity key");
    }
    let map = CodePoints::new(text);
    let ends = doc.sentences.iter().flat_map(|s| [s.span.start, s.span.end]).chain(doc.mentions.iter().flat_map(|m| [m.span.start, m.span.end]));
    for byte in ends.chain(text.char_indices().map(|(i, _)| i)).chain([text.len()]) {
        assert_eq!(map.of(byte), text[..byte].chars().count(), "CodePoints::of({byte}) in {text:?}");
    }
}

/// clean → segment → tag → link, checking after each stage; returns the processed document.
fn run_chain(text: &str) -> Document {
    let st = stages();
    let mut d = doc(text);
    st.cleaner.process(&mut d).unwrap();
    assert_eq!(d.text, text, "clean rewrote the text");
    check_clean(&d);
    st.segment.process(&mut d).unwrap();
    st.tag.process(&mut d).unwrap();
    st.linker.link_document(&mut d);
    check_chain(&d);
    d
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

// ------------------------------------------------------------------------------------------
// Deterministic random documents.

/// xorshift64*: small, seeded, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

const WORDS: &[&str] = &[
    "the", "council", "voted", "on", "Tuesday", "Albania", "Iran", "Tehran", "Tirana", "Edi", "Rama", "Prime", "Minister",
    "Mr.", "Dr.", "U.S.", "e.g.", "Jan.", "No.", "5", "4.5%", "$3,000", "a.m.", "Corp.", "Inc.", "St.", "Acme", "said",
    "it's", "Tehran's", "naïve", "café", "Åland", "Zürich", "São", "Paulo", "Москва", "北京", "東京", "Ελλάδα", "I",
    "J.", "R.", "Smith", "United", "Nations", "Security", "Council", "President", "Joe", "Biden", "Monday", "March",
    "2024", "1990s", "first", "two", "percent", "million", "euros", "UAE", "Teheran", "www.example.com", "@handle",
    "#tag", "https://t.co/x", "(AFP)", "Reuters", "—", "–", "-", "/", "&", "'", "’s", "s'",
];
const EMOJI: &[&str] = &["👍", "👍🏽", "🇦🇱", "🇮🇷", "👨‍👩‍👧", "❤️", "😀", "🔥", "✓", "☕"];
const PUNCT: &[&str] = &[".", "!", "?", "…", "...", ". . .", ",", ";", ":", "?!", "!!", "。", "！", "？"];
const OPENERS: &[&str] = &["“", "\"", "'", "(", "[", "‘", "«", "¿"];
const CLOSERS: &[&str] = &["”", "\"", "'", ")", "]", "’", "»"];
const ODD_SPACE: &[&str] = &["\u{200B}", "\u{FEFF}", "\u{A0}", "\t", "\u{3000}", "\u{2028}", "\u{85}", "\r", "  "];
const BULLETS: &[&str] = &["• ", "- ", "* ", "+ ", "– ", "· ", "▪ ", "●", "1. ", "2) ", "(3) ", "a. ", "b) ", "•"];
const HEADINGS: &[&str] = &["# ", "## ", "### ", "###### ", "#"];
const BOILERPLATE: &[&str] = &[
    "Advertisement",
    "ADVERTISEMENT",
    "Story continues below advertisement",
    "Share this article",
    "Facebook Twitter WhatsApp Email",
    "5 min read",
    "Reading time: 4 minutes",
    "By Jane Doe and John Smith, Associated Press",
    "Published: 12:40 BST, 3 March 2021",
    "© 2023 Daily Planet Media. All rights reserved.",
    "Leave a Reply",
    "Photo: Maria Lopez for The Courier",
    "(Reporting by Ann Lee; Editing by Tom Hale)",
    "— Mayor Ann Vale (@annvale) March 3, 2024",
    "THE HARBOUR TIMES",
    "The minister (left) greets the delegation",
];
const NEWLINES: &[&str] = &["\n", "\r\n", "\n\n", "\r\n\r\n", "\n \n", "\n\t\n", "\n\u{200B}\n", "\n\u{A0}\n", "\n\n\n"];

fn sentence(rng: &mut Rng, out: &mut String) {
    if rng.chance(10) {
        out.push_str(rng.pick(OPENERS));
    }
    for i in 0..1 + rng.below(12) {
        if i > 0 {
            out.push_str(if rng.chance(5) { rng.pick(ODD_SPACE) } else { " " });
        }
        if rng.chance(8) {
            out.push_str(rng.pick(EMOJI));
        } else {
            out.push_str(rng.pick(WORDS));
        }
        if rng.chance(6) {
            out.push_str(rng.pick(PUNCT));
        }
    }
    if rng.chance(80) {
        out.push_str(rng.pick(PUNCT));
    }
    if rng.chance(10) {
        out.push_str(rng.pick(CLOSERS));
    }
}

fn random_document(rng: &mut Rng) -> String {
    let mut out = String::new();
    if rng.chance(5) {
        out.push_str(rng.pick(ODD_SPACE));
    }
    for line in 0..1 + rng.below(14) {
        if line > 0 {
            out.push_str(rng.pick(NEWLINES));
        }
        if rng.chance(10) {
            out.push_str(rng.pick(&["  ", "\t", " ", "\u{A0}"]));
        }
        match rng.below(10) {
            0 => out.push_str(rng.pick(BOILERPLATE)),
            1 => {
                out.push_str(rng.pick(HEADINGS));
                sentence(rng, &mut out);
            }
            2 => {
                out.push_str(rng.pick(BULLETS));
                sentence(rng, &mut out);
            }
            3 => out.push_str(rng.pick(ODD_SPACE)),
            _ => {
                for k in 0..1 + rng.below(4) {
                    if k > 0 {
                        out.push(' ');
                    }
                    sentence(rng, &mut out);
                }
            }
        }
    }
    if rng.chance(30) {
        out.push_str(rng.pick(NEWLINES));
    }
    out
}

#[test]
fn whole_chain_keeps_span_invariants_on_random_documents() {
    let st = stages();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut sentences = 0;
    let mut mentions = 0;
    for _ in 0..2000 {
        let text = random_document(&mut rng);
        // The segmenter alone, over the whole text and over a random region.
        let whole = 0..text.len();
        check_segments(&text, &whole, &st.segmenter.split(&text, whole.clone()));
        let a = floor_boundary(&text, rng.below(text.len() + 1));
        let b = floor_boundary(&text, a + rng.below(text.len() - a + 1));
        check_segments(&text, &(a..b), &st.segmenter.split(&text, a..b));
        // The whole chain.
        let d = run_chain(&text);
        sentences += d.sentences.len();
        mentions += d.mentions.len();
    }
    // The generator exercises the tagger, not just the span checks.
    assert!(sentences > 5000 && mentions > 500, "{sentences} sentences, {mentions} mentions");
}

#[test]
fn sample_articles_keep_span_invariants() {
    let dir = crate::repo_root().join("data/sample");
    let mut seen = 0;
    let mut mentions = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        let crlf = text.replace('\n', "\r\n");
        for text in [text, crlf] {
            let d = run_chain(&text);
            assert!(!d.sentences.is_empty());
            mentions += d.mentions.len();
        }
        seen += 1;
    }
    assert!(seen >= 5 && mentions > 0);
}

// ------------------------------------------------------------------------------------------
// Findings of `scripts/fuzz.sh`, minimised, one test each (named after the bug).


/// Zero-width space and BOM, which the segmenter trims as whitespace but `str::trim` keeps.
fn invisible(c: char) -> bool {
    c == '\u{200B}' || c == '\u{FEFF}'
}

/// Found by the property test: a UTF-8 byte-order mark (Windows Notepad writes one) at the start
/// of a `.txt` file became part of the headline, i.e. `documents.title` and sentence 0. Clean
/// trims lines with `str::trim`, which keeps U+FEFF; the segmenter's trim removes it.
#[test]
fn utf8_bom_is_not_part_of_the_title() {
    let d = run_chain("\u{FEFF}Port reopens after strike\n\nThe port of Valletta reopened on Monday.\n");
    assert_eq!(d.title_text(), Some("Port reopens after strike"));
    for s in &d.sentences {
        let s = &d.text[s.span.clone()];
        assert!(!s.starts_with(invisible) && !s.ends_with(invisible), "sentence {s:?} keeps a BOM");
    }
}

/// Found by the property test: a line holding only a zero-width space (or a Markdown heading
/// marker followed by one) was taken as the headline, giving an invisible title and sentence 0.
#[test]
fn zero_width_space_line_is_not_a_title() {
    for text in ["\u{200B}\n\nThe port reopened on Monday. Ships moved again.\n", "## \u{200B}\n\nThe port reopened on Monday.\n"] {
        let d = run_chain(text);
        for s in &d.sentences {
            let s = &d.text[s.span.clone()];
            assert!(s.chars().any(|c| !c.is_whitespace() && !invisible(c)), "invisible sentence {s:?} in {text:?}");
        }
        assert!(d.title_text().is_none_or(|t| !t.chars().all(invisible)), "invisible title in {text:?}");
    }
}

/// Found by fuzzing (clean target, minimised to `"\u{FEFF}T\nx"` with the first line as the
/// source title): a title given by the source (JSONL `title`, HTML `<title>`) that starts with
/// a BOM or zero-width space matched no line in clean (whose lines are now trimmed of those),
/// so `doc.title` kept the untrimmed span while the same line also became content: sentence 0
/// and sentence 1 overlapped and the headline was counted twice.
#[test]
fn source_title_with_invisible_prefix_does_not_overlap_content() {
    use textmill::config::JsonlConfig;
    use textmill::source::{load_json_line, Kind, SourceFile};

    // The minimised fuzz input, through the clean API.
    let st = stages();
    let mut d = doc("\u{FEFF}T\nx");
    d.title = Some(0..4);
    st.cleaner.process(&mut d).unwrap();
    check_clean(&d);

    // The same through the real ingest path (a JSONL line), then the whole chain.
    let file = SourceFile { path: "feed.jsonl".into(), root: 0, relative: "feed.jsonl".into(), kind: Kind::Jsonl, gzip: false, stamp: None };
    for title in ["\u{FEFF}Big news", "\u{200B}Big news", "\u{200B}"] {
        let line = serde_json::json!({"id": 1, "title": title, "text": "Big news came on Monday. Mr. Smith said so."}).to_string();
        let mut d = load_json_line(&file, 1, &line, &JsonlConfig::default()).unwrap();
        st.cleaner.process(&mut d).unwrap();
        check_clean(&d);
        st.segment.process(&mut d).unwrap();
        st.tag.process(&mut d).unwrap();
        st.linker.link_document(&mut d);
        check_chain(&d);
        assert!(d.title_text().is_none_or(|t| !t.starts_with(invisible)), "title {:?} for {title:?}", d.title_text());
    }
}

/// Found by fuzzing (segment target, the `blank_lines` seed; minimal `"One.\n\u{200B}\nTwo."`):
/// with `[segment] enabled = false` each paragraph is one sentence, but paragraphs were split at
/// lines that `str::trim` empties, so a line holding only a zero-width space (blank to the
/// segmenter and to clean) did not end the paragraph and the "sentence" crossed a blank line.
#[test]
fn paragraphs_split_at_zero_width_space_lines_like_the_segmenter() {
    let off = SegmentStage::new(&SegmentConfig { enabled: false, ..SegmentConfig::default() });
    for text in ["One.\n\u{200B}\nTwo.", "One.\r\n\u{FEFF}\r\nTwo.", "One.\n \u{200B} \nTwo."] {
        // Every line is content here (a new document's content is its whole text).
        let mut d = doc(text);
        off.process(&mut d).unwrap();
        let sentences: Vec<&str> = d.sentences.iter().map(|s| &d.text[s.span.clone()]).collect();
        assert_eq!(sentences, vec!["One.", "Two."], "in {text:?}");
        // The segmenter agrees.
        stages().segment.process(&mut d).unwrap();
        let sentences: Vec<&str> = d.sentences.iter().map(|s| &d.text[s.span.clone()]).collect();
        assert_eq!(sentences, vec!["One.", "Two."], "in {text:?}");
    }
}

/// Found by fuzzing (segment target, minimised to `"One.\x0BTwo."`): a sentence after a
/// vertical tab or form feed (pdftotext puts `\f` at every page break) kept it at its start.
/// The segmenter treats U+000B/U+000C as whitespace (`char::is_whitespace`) when deciding the
/// boundary, but its byte-level `trim_start` only skipped space, `\t`, `\n` and `\r`.
#[test]
fn sentence_after_form_feed_or_vertical_tab_is_trimmed() {
    let st = stages();
    for text in ["One.\x0BTwo.", "One. \x0CTwo.", "End of page one.\x0CPage two starts here."] {
        let spans = st.segmenter.split(text, 0..text.len());
        check_segments(text, &(0..text.len()), &spans);
        assert_eq!(spans.len(), 2, "{text:?}: {spans:?}");
        run_chain(text);
    }
}
