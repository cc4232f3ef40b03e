//! Regression tests for what fuzzing found (`scripts/fuzz.sh`, targets in `fuzz/`), and a fast
//! deterministic property test of the whole per-document chain's span invariants.
//!
//! The invariants are `Document::check_invariants` (which the fuzz targets call too), plus
//! `CodePoints` agreeing with counting chars and every mention's entity key filled.

use std::ops::Range;
use std::sync::OnceLock;

use textmill::config::{AggregateConfig, CleanConfig, SegmentConfig, TagConfig};
use proptest::prelude::*;
use textmill::document::{CodePoints, Document, Origin, Sentence};
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
            linker: Linker::build(&AggregateConfig::default(), &gazetteer),
        }
    })
}

fn doc(text: &str) -> Document {
    Document::new(Origin { doc_id: "t".into(), source: "t".into() }, String::new(), text.to_string())
}

fn check(doc: &Document) {
    doc.check_invariants().unwrap_or_else(|broken| panic!("{broken} in {:?}", doc.text));
}

/// The segmenter's sentences for `region` keep the invariants of a document whose content is
/// that region.
fn check_segments(text: &str, region: &Range<usize>, spans: &[Range<usize>]) {
    let mut d = doc(text);
    d.content = vec![region.clone()];
    d.sentences = spans.iter().map(|span| Sentence { span: span.clone() }).collect();
    check(&d);
}

fn check_chain(doc: &Document) {
    check(doc);
    for m in &doc.mentions {
        assert!(m.entity_key.starts_with(&format!("{}|", m.label.as_str())), "mention {m:?} has no entity key");
    }
    let text = &doc.text;
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
    check(&d);
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
// Random documents (proptest strategies over pieces of news text and odd input).

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

fn pick(items: &'static [&'static str]) -> impl Strategy<Value = &'static str> {
    prop::sample::select(items)
}

/// One of `items` with probability `p`, else nothing.
fn maybe(p: f64, items: &'static [&'static str]) -> impl Strategy<Value = &'static str> {
    prop::option::weighted(p, pick(items)).prop_map(Option::unwrap_or_default)
}

fn sentence() -> impl Strategy<Value = String> {
    let word = (prop::bool::weighted(0.05), pick(ODD_SPACE), prop_oneof![92 => pick(WORDS), 8 => pick(EMOJI)], maybe(0.06, PUNCT));
    (maybe(0.1, OPENERS), prop::collection::vec(word, 1..13), maybe(0.8, PUNCT), maybe(0.1, CLOSERS)).prop_map(|(opener, words, end, closer)| {
        let mut out = opener.to_string();
        for (i, (odd, space, word, punct)) in words.into_iter().enumerate() {
            if i > 0 {
                out.push_str(if odd { space } else { " " });
            }
            out.push_str(word);
            out.push_str(punct);
        }
        out + end + closer
    })
}

fn line() -> impl Strategy<Value = String> {
    let body = prop_oneof![
        1 => pick(BOILERPLATE).prop_map(String::from),
        1 => (pick(HEADINGS), sentence()).prop_map(|(mark, s)| mark.to_string() + &s),
        1 => (pick(BULLETS), sentence()).prop_map(|(mark, s)| mark.to_string() + &s),
        1 => pick(ODD_SPACE).prop_map(String::from),
        6 => prop::collection::vec(sentence(), 1..5).prop_map(|sentences| sentences.join(" ")),
    ];
    (maybe(0.1, &["  ", "\t", " ", "\u{A0}"]), body).prop_map(|(indent, body)| indent.to_string() + &body)
}

fn random_document() -> impl Strategy<Value = String> {
    (maybe(0.05, ODD_SPACE), prop::collection::vec((pick(NEWLINES), line()), 1..15), maybe(0.3, NEWLINES)).prop_map(|(start, lines, end)| {
        let mut out = start.to_string();
        for (i, (newline, line)) in lines.into_iter().enumerate() {
            if i > 0 {
                out.push_str(newline);
            }
            out.push_str(&line);
        }
        out + end
    })
}

#[test]
fn whole_chain_keeps_span_invariants_on_random_documents() {
    use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
    let st = stages();
    let config = Config { cases: 2000, failure_persistence: None, ..Config::default() };
    let mut runner = TestRunner::new_with_rng(config, TestRng::deterministic_rng(RngAlgorithm::ChaCha));
    let (sentences, mentions) = (std::cell::Cell::new(0), std::cell::Cell::new(0));
    // A document and a region of it (as fractions of its length).
    let cases = (random_document(), 0.0..=1.0f64, 0.0..=1.0f64);
    let result = runner.run(&cases, |(text, from, to)| {
        // The segmenter alone, over the whole text and over a region.
        let whole = 0..text.len();
        check_segments(&text, &whole, &st.segmenter.split(&text, whole.clone()));
        let a = floor_boundary(&text, (from * text.len() as f64) as usize);
        let b = floor_boundary(&text, a + (to * (text.len() - a) as f64) as usize);
        check_segments(&text, &(a..b), &st.segmenter.split(&text, a..b));
        // The whole chain.
        let d = run_chain(&text);
        sentences.set(sentences.get() + d.sentences.len());
        mentions.set(mentions.get() + d.mentions.len());
        Ok(())
    });
    result.unwrap();
    // The generator exercises the tagger, not just the span checks.
    let (sentences, mentions) = (sentences.get(), mentions.get());
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
    check(&d);

    // The same through the real ingest path (a JSONL line), then the whole chain.
    let file = SourceFile { path: "feed.jsonl".into(), root: 0, relative: "feed.jsonl".into(), kind: Kind::Jsonl, gzip: false, stamp: None, source: "feed.jsonl".into() };
    for title in ["\u{FEFF}Big news", "\u{200B}Big news", "\u{200B}"] {
        let line = serde_json::json!({"id": 1, "title": title, "text": "Big news came on Monday. Mr. Smith said so."}).to_string();
        let mut d = load_json_line(&file, 1, &line, &JsonlConfig::default()).unwrap();
        st.cleaner.process(&mut d).unwrap();
        check(&d);
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

/// Regression (a hunt): places named after saints became people ("Police in Saint John say"
/// gave PERSON "John", a parish "St Catherine" PERSON "Catherine"); a saint is still a person
/// without the "St." where nothing places the name.
#[test]
fn places_named_after_saints_stay_places() {
    let d = run_chain("Manhunt goes on\n\nPolice in Saint John say Bruce Marion failed to report to the centre on Wednesday.\n\nCurfews are in place in Clarendon, St Catherine and Hanover, officers said.\n\nIn his letters St. Paul wrote to the churches of Rome.\n");
    let got: Vec<(&str, &str)> = d.mentions.iter().map(|m| (&d.text[m.span.clone()], m.label.as_str())).collect();
    assert!(got.contains(&("Saint John", "GPE")), "{got:?}");
    assert!(got.contains(&("St Catherine", "GPE")), "{got:?}");
    assert!(!got.iter().any(|(text, label)| *label == "PERSON" && matches!(*text, "John" | "Catherine" | "St. Paul")), "{got:?}");
}
