//! The segmenter against the English Golden Rules of the pragmatic segmenter, news layout
//! cases, and property tests.

use std::ops::Range;

use super::chars::*;
use super::*;

fn seg_with(s: &Segmenter, text: &str) -> Vec<String> {
    let spans = s.split(text, 0..text.len());
    check_invariants(text, 0..text.len(), &spans);
    spans.iter().map(|r| text[r.clone()].to_string()).collect()
}

fn seg(text: &str) -> Vec<String> {
    seg_with(&Segmenter::new(&SegmentOptions::default()), text)
}

/// The spans keep the invariants of a document whose content is `region`.
fn check_invariants(text: &str, region: Range<usize>, spans: &[Range<usize>]) {
    let origin = crate::document::Origin { doc_id: "t".into(), source: "t".into() };
    let mut doc = Document::new(origin, String::new(), text.to_string());
    doc.content = vec![region];
    doc.sentences = spans.iter().map(|span| crate::document::Sentence { span: span.clone() }).collect();
    doc.check_invariants().unwrap_or_else(|broken| panic!("{broken} in {text:?}"));
}

// ---- pySBD / pragmatic segmenter English Golden Rules ----

/// The English Golden Rules of the pragmatic segmenter (pySBD / Ruby): text and expected
/// sentences. Rules 37/38 differ from upstream on purpose: bullet glyphs are excluded from spans
/// by the contract.
#[derive(serde::Deserialize)]
struct Case {
    text: String,
    sentences: Vec<String>,
}

fn golden() -> &'static [Case] {
    static GOLDEN: std::sync::OnceLock<Vec<Case>> = std::sync::OnceLock::new();
    GOLDEN.get_or_init(|| serde_json::from_str(include_str!("../../../tests/fixtures/segment/golden_rules.json")).expect("golden rules fixture"))
}

/// A scraped news page with its furniture (the clean stage is not run here), and its sentences.
const ARTICLE: &str = include_str!("../../../tests/fixtures/segment/article.txt");
const ARTICLE_SENTENCES: &str = include_str!("../../../tests/fixtures/segment/article.sentences.json");

#[test]
fn golden_rules() {
    assert_eq!(golden().len(), 48);
    let mut failures = Vec::new();
    for (i, Case { text, sentences: want }) in golden().iter().enumerate() {
        let got = seg(text);
        if got != *want {
            failures.push(format!(
                "rule {}: {text:?}\n   got  {got:?}\n   want {want:?}",
                i + 1
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} golden rules fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Same cases from pySBD's regression suite (issues #34, #36, #37, #39, #55, #58).
#[test]
fn pysbd_regressions() {
    let cases: &[(&str, &[&str])] = &[
        (".", &["."]),
        ("..", &[".."]),
        (". . .", &[". . ."]),
        ("! ! !", &["! ! !"]),
        ("??", &["??"]),
        ("T stands for the vector transposition. As shown in Fig. ??", &["T stands for the vector transposition.", "As shown in Fig. ??"]),
        ("Fig. ??", &["Fig. ??"]),
        (
            "Recently, Ghosh and Mahdian [86] at Yahoo! Research extended our work, and a system was built at Yahoo!",
            &["Recently, Ghosh and Mahdian [86] at Yahoo! Research extended our work, and a system was built at Yahoo!"],
        ),
        ("Rok bud.2027777983834843834843042003200220012000", &["Rok bud.2027777983834843834843042003200220012000"]),
        (
            "in an information processing mode (Ibid.). Research confirms this claim.",
            &["in an information processing mode (Ibid.).", "Research confirms this claim."],
        ),
    ];
    for (text, want) in cases {
        assert_eq!(seg(text), *want, "{text:?}");
    }
}

// ---- abbreviations, initials, numbers ----

#[test]
fn abbreviations() {
    let cases: &[(&str, &[&str])] = &[
        (
            "Mr. Smith met Gov. Jones on Jan. 5 in St. Louis.",
            &["Mr. Smith met Gov. Jones on Jan. 5 in St. Louis."],
        ),
        (
            "Dr. Who? No. Mrs. Brown arrived.",
            &["Dr. Who?", "No.", "Mrs. Brown arrived."],
        ),
        (
            "He was born in Sept. 1990 in Washington.",
            &["He was born in Sept. 1990 in Washington."],
        ),
        (
            "It happened in Sept. The next month was calm.",
            &["It happened in Sept.", "The next month was calm."],
        ),
        (
            "Fruits, e.g. apples, are sweet. I.e. they taste good.",
            &["Fruits, e.g. apples, are sweet.", "I.e. they taste good."],
        ),
        (
            "Use e.g. Python or i.e. Rust here.",
            &["Use e.g. Python or i.e. Rust here."],
        ),
        (
            "He bought apples, pears, etc. and left.",
            &["He bought apples, pears, etc. and left."],
        ),
        (
            "He bought apples, pears, etc. Then he left.",
            &["He bought apples, pears, etc.", "Then he left."],
        ),
        (
            "Apple Inc. announced profits. Microsoft Corp. did too.",
            &["Apple Inc. announced profits.", "Microsoft Corp. did too."],
        ),
        (
            "Sen. Warren and Rep. Ocasio-Cortez spoke. Lt. Gen. Smith agreed.",
            &[
                "Sen. Warren and Rep. Ocasio-Cortez spoke.",
                "Lt. Gen. Smith agreed.",
            ],
        ),
        (
            "He lives in Springfield, Ill. The town is small.",
            &["He lives in Springfield, Ill.", "The town is small."],
        ),
        ("I said no. Then he left.", &["I said no.", "Then he left."]),
        ("See No. 5 on the list.", &["See No. 5 on the list."]),
        // (Regression: "Farmers received Rs." and "2 lakh each." were two sentences.)
        ("Farmers received Rs. 2 lakh each. Traders paid Shs. 300,000.", &["Farmers received Rs. 2 lakh each.", "Traders paid Shs. 300,000."]),
        ("The price was fixed at 500 Rs. 20 people were hurt.", &["The price was fixed at 500 Rs.", "20 people were hurt."]),
        (
            "The meeting is at 5 p.m. Friday in the hall.",
            &["The meeting is at 5 p.m. Friday in the hall."],
        ),
        (
            "The attack began at 5 a.m. Albanian time.",
            &["The attack began at 5 a.m. Albanian time."],
        ),
        (
            "The attack began at 5 a.m. It lasted hours.",
            &["The attack began at 5 a.m.", "It lasted hours."],
        ),
        (
            "He praised the “U.S.” Then he left.",
            &["He praised the “U.S.”", "Then he left."],
        ),
        (
            "Vol. 3 and ch. 4 are missing.",
            &["Vol. 3 and ch. 4 are missing."],
        ),
        (
            "Smith et al. argued the point.",
            &["Smith et al. argued the point."],
        ),
        (
            "The U.S. and the U.K. agreed. Both signed.",
            &["The U.S. and the U.K. agreed.", "Both signed."],
        ),
        (
            "He earned a Ph.D. in physics.",
            &["He earned a Ph.D. in physics."],
        ),
    ];
    for (text, want) in cases {
        assert_eq!(seg(text), *want, "{text:?}");
    }
}

#[test]
fn extra_abbreviations_option() {
    let text = "The Cllr. met the Kommissar. Wkr. Jones arrived.";
    assert_eq!(
        seg(text),
        vec!["The Cllr. met the Kommissar.", "Wkr.", "Jones arrived."]
    );
    let s = Segmenter::new(&SegmentOptions {
        extra_abbreviations: vec!["wkr".into(), "Kommissar.".into(), "Straße".into()],
    });
    assert_eq!(
        seg_with(&s, text),
        vec!["The Cllr. met the Kommissar. Wkr. Jones arrived."]
    );
    assert_eq!(
        seg_with(&s, "Er wohnt in der Haupt Straße. 5 Leute."),
        vec!["Er wohnt in der Haupt Straße. 5 Leute."]
    );
}

#[test]
fn segmenter_is_shareable_across_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Segmenter>();
    let o = SegmentOptions::default();
    assert!(o.extra_abbreviations.is_empty());
}

#[test]
fn crlf_and_tabs() {
    let text = "Headline\r\n\r\nFirst line of text that is wrapped at a fixed width of about\r\nseventy characters, and it keeps going. Second sentence.\r\n\t• bullet one\r\n\t• bullet two\r\n";
    assert_eq!(
        seg(text),
        vec![
            "Headline",
            "First line of text that is wrapped at a fixed width of about\r\nseventy characters, and it keeps going.",
            "Second sentence.",
            "bullet one",
            "bullet two",
        ]
    );
}

#[test]
fn initials() {
    let cases: &[(&str, &[&str])] = &[
        (
            "J. R. R. Tolkien wrote books. He died in 1973.",
            &["J. R. R. Tolkien wrote books.", "He died in 1973."],
        ),
        (
            "President George W. Bush spoke. The crowd cheered.",
            &["President George W. Bush spoke.", "The crowd cheered."],
        ),
        (
            "A letter by J. Smith arrived.",
            &["A letter by J. Smith arrived."],
        ),
        (
            "He took vitamin C. The cold went away.",
            &["He took vitamin C.", "The cold went away."],
        ),
        (
            "Queen Elizabeth I. The Tudor era ended.",
            &["Queen Elizabeth I.", "The Tudor era ended."],
        ),
        (
            "Written by J. A. Smith and E. B. White.",
            &["Written by J. A. Smith and E. B. White."],
        ),
    ];
    for (text, want) in cases {
        assert_eq!(seg(text), *want, "{text:?}");
    }
}

#[test]
fn numbers_and_decimals() {
    let cases: &[(&str, &[&str])] = &[
        (
            "Growth was 3.5 percent. Inflation fell.",
            &["Growth was 3.5 percent.", "Inflation fell."],
        ),
        (
            "Albania accepted about 3,000. members of the group.",
            &["Albania accepted about 3,000. members of the group."],
        ),
        (
            "They counted 3,000. Members of the group left.",
            &["They counted 3,000.", "Members of the group left."],
        ),
        (
            "In 2018. Belgian police acted.",
            &["In 2018.", "Belgian police acted."],
        ),
        (
            "The article is a 3.5 mins read. Enjoy.",
            &["The article is a 3.5 mins read.", "Enjoy."],
        ),
        (
            "Version 1.2.3 is out. Update now.",
            &["Version 1.2.3 is out.", "Update now."],
        ),
        ("It costs €1.50 per item.", &["It costs €1.50 per item."]),
    ];
    for (text, want) in cases {
        assert_eq!(seg(text), *want, "{text:?}");
    }
}

#[test]
fn urls_emails_files() {
    let cases: &[(&str, &[&str])] = &[
        (
            "Visit example.com for details. Or not.",
            &["Visit example.com for details.", "Or not."],
        ),
        (
            "Write to john.doe@mail.example.org today.",
            &["Write to john.doe@mail.example.org today."],
        ),
        (
            "Open report.pdf and data.csv now. Then close them.",
            &["Open report.pdf and data.csv now.", "Then close them."],
        ),
        (
            "See www.gov.al/news?id=5&x=y!z for more.",
            &["See www.gov.al/news?id=5&x=y!z for more."],
        ),
        (
            "Go to https://a.b/c. then reload.",
            &["Go to https://a.b/c.", "then reload."],
        ),
    ];
    for (text, want) in cases {
        assert_eq!(seg(text), *want, "{text:?}");
    }
}

// ---- punctuation, quotes, brackets ----

#[test]
fn quotes_and_brackets_close_the_sentence() {
    let cases: &[(&str, &[&str])] = &[
        (
            "He said \"no.\" Then he left.",
            &["He said \"no.\"", "Then he left."],
        ),
        (
            "He said “no.” Then he left.",
            &["He said “no.”", "Then he left."],
        ),
        (
            "He said ‘no.’ Then he left.",
            &["He said ‘no.’", "Then he left."],
        ),
        (
            "(This is an aside.) The main text follows.",
            &["(This is an aside.)", "The main text follows."],
        ),
        (
            "“Why?” she asked. “Because!” he said.",
            &["“Why?” she asked.", "“Because!” he said."],
        ),
        (
            "He said “it was over.” The crowd left.",
            &["He said “it was over.”", "The crowd left."],
        ),
        ("It ended.” Then silence.", &["It ended.”", "Then silence."]),
        ("Is it? Yes!) Fine.", &["Is it?", "Yes!)", "Fine."]),
        (
            "He shouted “stop!” and ran.",
            &["He shouted “stop!” and ran."],
        ),
    ];
    for (text, want) in cases {
        assert_eq!(seg(text), *want, "{text:?}");
    }
}

#[test]
fn colon_semicolon_never_split() {
    assert_eq!(
        seg("Rama said: “We cut ties.” He left."),
        vec!["Rama said: “We cut ties.”", "He left."]
    );
    assert_eq!(
        seg("NATO: We strongly condemn such actions"),
        vec!["NATO: We strongly condemn such actions"]
    );
    assert_eq!(seg("One; Two: Three"), vec!["One; Two: Three"]);
}

#[test]
fn question_exclamation() {
    let cases: &[(&str, &[&str])] = &[
        ("Really?! No way. Yes!", &["Really?!", "No way.", "Yes!"]),
        ("What? why not", &["What? why not"]),
        ("Stop! 42 people died.", &["Stop!", "42 people died."]),
        ("Is 5 > 3? Yes.", &["Is 5 > 3?", "Yes."]),
    ];
    for (text, want) in cases {
        assert_eq!(seg(text), *want, "{text:?}");
    }
}

#[test]
fn lowercase_after_period_splits_after_ordinary_word() {
    assert_eq!(
        seg("This is the end. the next one starts lowercase."),
        vec!["This is the end.", "the next one starts lowercase."]
    );
    assert_eq!(
        seg("iPhone sales grew. iPad sales fell."),
        vec!["iPhone sales grew.", "iPad sales fell."]
    );
    assert_eq!(
        seg("Meet at the dept. store."),
        vec!["Meet at the dept. store."]
    );
}

#[test]
fn ellipses() {
    let cases: &[(&str, &[&str])] = &[
        (
            "He paused… Then he spoke.",
            &["He paused…", "Then he spoke."],
        ),
        (
            "He paused… and then spoke.",
            &["He paused… and then spoke."],
        ),
        (
            "This (…) cyber attack has been synchronized.",
            &["This (…) cyber attack has been synchronized."],
        ),
        ("Wait... What happened?", &["Wait...", "What happened?"]),
    ];
    for (text, want) in cases {
        assert_eq!(seg(text), *want, "{text:?}");
    }
}

#[test]
fn cjk_terminals() {
    assert_eq!(
        seg("今日は晴れ。明日は雨！本当？"),
        vec!["今日は晴れ。", "明日は雨！", "本当？"]
    );
}

// ---- layout: paragraphs, lines, bullets ----

#[test]
fn never_crosses_blank_line() {
    let text = "First paragraph without end\n\nSecond one. With two sentences\n \t\nThird";
    assert_eq!(
        seg(text),
        vec![
            "First paragraph without end",
            "Second one.",
            "With two sentences",
            "Third"
        ]
    );
    let text = "Mr.\n\nSmith went home.\r\n\r\nDone";
    assert_eq!(seg(text), vec!["Mr.", "Smith went home.", "Done"]);
}

#[test]
fn bullets_are_sentences_without_glyph() {
    let text = "Key points:\n  • The country’s prime minister accused Iran on July 15\n  • Albania’s envoy informed the UN\n- dash item\n* star item\n– en dash item\n▪ square item\n· middle dot item\nAfter the list.";
    assert_eq!(
        seg(text),
        vec![
            "Key points:",
            "The country’s prime minister accused Iran on July 15",
            "Albania’s envoy informed the UN",
            "dash item",
            "star item",
            "en dash item",
            "square item",
            "middle dot item",
            "After the list.",
        ]
    );
}

#[test]
fn bullet_with_two_sentences_and_continuation() {
    let text = "• First point. It has two sentences\n  and a continuation line\n• Second point";
    assert_eq!(
        seg(text),
        vec![
            "First point.",
            "It has two sentences\n  and a continuation line",
            "Second point"
        ]
    );
}

#[test]
fn numbered_list_lines() {
    let text = "Steps:\n1. Open the box\n2. Take the item\n3) Close it.\n10. Done";
    assert_eq!(
        seg(text),
        vec![
            "Steps:",
            "1. Open the box",
            "2. Take the item",
            "3) Close it.",
            "10. Done"
        ]
    );
}

#[test]
fn not_bullets() {
    // hyphen inside text, em-dash attribution, a rule line
    assert_eq!(seg("-5 degrees tonight"), vec!["-5 degrees tonight"]);
    assert_eq!(
        seg("— Vjosa Osmani (@VjosaOsmaniPRKS) September 7, 2022"),
        vec!["— Vjosa Osmani (@VjosaOsmaniPRKS) September 7, 2022"]
    );
    assert_eq!(seg("Price · Terms · Help"), vec!["Price · Terms · Help"]);
}

#[test]
fn short_lines_are_sentences() {
    let text = "Albania cuts ties with Iran over ‘cyberattack’\nAlbania and Iran have been bitter foes for years. (Reuters)\nShort Url\nUpdated 07 September 2022\nFollow";
    assert_eq!(
        seg(text),
        vec![
            "Albania cuts ties with Iran over ‘cyberattack’",
            "Albania and Iran have been bitter foes for years.",
            "(Reuters)",
            "Short Url",
            "Updated 07 September 2022",
            "Follow",
        ]
    );
    let text = "ali khamenei edi rama mek members\nSupreme Leader of Iran Ali Khamenei (left), Albanian PM Edi Rama (right)";
    assert_eq!(
        seg(text),
        vec![
            "ali khamenei edi rama mek members",
            "Supreme Leader of Iran Ali Khamenei (left), Albanian PM Edi Rama (right)"
        ]
    );
    let text = "Headline Here\nThe body starts here and goes on for a while. It ends.";
    assert_eq!(
        seg(text),
        vec![
            "Headline Here",
            "The body starts here and goes on for a while.",
            "It ends."
        ]
    );
}

#[test]
fn hard_wrapped_paragraph_flows() {
    let text = "It was the best of times, it was the worst of times, it was the age of\nwisdom, it was the age of foolishness, it was the epoch of belief, it\nwas the epoch of incredulity, it was the season of Light, it was the\nseason of Darkness. It was the spring of hope, it was the winter of\nDespair, we had everything before us, we had nothing before us, we were\nall going direct to Heaven.";
    let got = seg(text);
    assert_eq!(got.len(), 2, "{got:?}");
    assert!(got[0].ends_with("season of Darkness."));
    assert!(got[1].starts_with("It was the spring") && got[1].ends_with("Heaven."));
    // a wrapped speech with capitalised line starts
    let text = "Four score and seven years ago our fathers brought forth on this\nContinent, a new nation, conceived in Liberty, and dedicated to the\nproposition that all men are created equal. Now we are engaged in a great\nCivil War, testing whether that nation, or any nation so conceived and so\nDedicated, can long endure.";
    let got = seg(text);
    assert_eq!(got.len(), 2, "{got:?}");
    assert!(got[1].starts_with("Now we are") && got[1].ends_with("endure."));
}

#[test]
fn wrapped_paragraph_with_abbreviation_at_line_end() {
    let text = "The committee, chaired by Sen. John Smith and advised by Mr.\nBrown of the Treasury, met on Tuesday to discuss the budget for\nthe coming year. It adjourned at noon.";
    assert_eq!(
        seg(text),
        vec![
            "The committee, chaired by Sen. John Smith and advised by Mr.\nBrown of the Treasury, met on Tuesday to discuss the budget for\nthe coming year.",
            "It adjourned at noon."
        ]
    );
}

#[test]
fn line_ending_with_colon_or_comma_flows() {
    assert_eq!(
        seg("He said:\n“We will win.”"),
        vec!["He said:\n“We will win.”"]
    );
    // Regression: a list's first item ran into the colon line ("... include:\nJoe Biden"); a
    // sentence under a colon goes on.
    assert_eq!(seg("The leaders expected include:\nJoe Biden\nRishi Sunak"), vec!["The leaders expected include:", "Joe Biden", "Rishi Sunak"]);
    assert_eq!(seg("Officials said the meeting would focus on two things:\nUkraine and China."), vec!["Officials said the meeting would focus on two things:\nUkraine and China."]);
    assert_eq!(seg("MR. SMITH:\nThank you, Senator"), vec!["MR. SMITH:\nThank you, Senator"]);
    assert_eq!(
        seg("Tirana,\nAlbania is small."),
        vec!["Tirana,\nAlbania is small."]
    );
}

#[test]
fn region_and_offsets() {
    let text = "Skip me. Mr. Smith went home. He slept.\n\nTail.";
    let start = text.find("Mr.").unwrap();
    let end = text.find("\n\n").unwrap();
    let s = Segmenter::new(&SegmentOptions::default());
    let spans = s.split(text, start..end);
    check_invariants(text, start..end, &spans);
    let got: Vec<&str> = spans.iter().map(|r| &text[r.clone()]).collect();
    assert_eq!(got, vec!["Mr. Smith went home.", "He slept."]);
    assert!(s.split(text, 3..3).is_empty());
    assert!(s.split("", 0..0).is_empty());
    assert!(s.split("  \n\n \t ", 0..7).is_empty());
}

#[test]
fn multibyte_at_boundaries() {
    let cases: &[(&str, &[&str])] = &[
        (
            "Ça va très bien. Élodie est là. 😀 Oui!",
            &["Ça va très bien.", "Élodie est là.", "😀 Oui!"],
        ),
        ("He won 🏆. Ölgii is far.", &["He won 🏆.", "Ölgii is far."]),
        (
            "Tirana’s mayor spoke. “Good,” he said.",
            &["Tirana’s mayor spoke.", "“Good,” he said."],
        ),
        ("🇽🇰🇦🇱", &["🇽🇰🇦🇱"]),
        (
            "\u{FEFF}Start.\u{00A0}Next one.\u{200B}",
            &["Start.", "Next one."],
        ),
        (
            "Copyright @2022\u{00A0} |\u{00A0}\u{00A0} All Rights Reserved",
            &["Copyright @2022\u{00A0} |\u{00A0}\u{00A0} All Rights Reserved"],
        ),
        ("İstanbul. Ürümqi. Ærø.", &["İstanbul.", "Ürümqi.", "Ærø."]),
    ];
    for (text, want) in cases {
        assert_eq!(seg(text), *want, "{text:?}");
    }
}

// ---- seed-like article and property tests ----


#[test]
fn seed_like_article() {
    let want: Vec<String> = serde_json::from_str(ARTICLE_SENTENCES).unwrap();
    assert_eq!(seg(ARTICLE), want);
}

/// Texts shuffled from pieces of the golden rules, the article and odd characters.
fn shuffled_text() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    let mut pieces: Vec<&'static str> = Vec::new();
    for case in golden() {
        pieces.extend(case.text.split_inclusive(' '));
    }
    pieces.extend(ARTICLE.split_inclusive([' ', '\n']));
    let extras: &[&'static str] = &[
        "\n", "\n\n", " ", "• ", "  - ", "1. ", "“", "”", "’", "…", "...", ". . . ", "!", "?",
        "U.S. ", "Mr. ", "😀", "é", "\u{00A0}", "\r\n", "3,000. ", "a.m. ", "e.g. ", "(", ")",
        "\t", "·", "⁃", "。", "？", "\u{200B}",
    ];
    let piece = prop_oneof![3 => prop::sample::select(pieces), 1 => prop::sample::select(extras.to_vec())];
    prop::collection::vec(piece, 1..61).prop_map(|pieces| pieces.concat())
}

proptest::proptest! {
    #![proptest_config(proptest::test_runner::Config { cases: 3000, failure_persistence: None, ..Default::default() })]
    /// The whole text and any char-aligned region of it split into spans that keep the
    /// invariants and stay inside the region.
    #[test]
    fn shuffled_texts_keep_the_invariants(text in shuffled_text(), from in 0.0..=1.0f64, to in 0.0..=1.0f64) {
        let s = Segmenter::new(&SegmentOptions::default());
        let spans = s.split(&text, 0..text.len());
        check_invariants(&text, 0..text.len(), &spans);
        let bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
        let pick = |f: f64| bounds[((f * (bounds.len() - 1) as f64) as usize).min(bounds.len() - 1)];
        let (a, b) = (pick(from.min(to)), pick(from.max(to)));
        let spans = s.split(&text, a..b);
        check_invariants(&text, a..b, &spans);
    }
}

#[test]
fn non_whitespace_is_covered_except_bullets() {
    let s = Segmenter::new(&SegmentOptions::default());
    let text = ARTICLE;
    let spans = s.split(text, 0..text.len());
    let mut covered = vec![false; text.len()];
    for r in &spans {
        for k in r.clone() {
            covered[k] = true;
        }
    }
    for (i, c) in text.char_indices() {
        if !is_ws(c) && c != '•' {
            assert!(covered[i], "char {c:?} at {i} not in any sentence");
        }
    }
}

#[test]
fn pathological_inputs_are_linear() {
    let s = Segmenter::new(&SegmentOptions::default());
    let big_dots = ".".repeat(200_000);
    assert_eq!(s.split(&big_dots, 0..big_dots.len()).len(), 1);
    let big_spaced = ". ".repeat(100_000);
    let spans = s.split(&big_spaced, 0..big_spaced.len());
    check_invariants(&big_spaced, 0..big_spaced.len(), &spans);
    let big_token = format!("{} end.", "a.".repeat(100_000));
    let spans = s.split(&big_token, 0..big_token.len());
    check_invariants(&big_token, 0..big_token.len(), &spans);
    assert!(spans.len() <= 2);
    let many_lines = "Item\n".repeat(100_000);
    assert_eq!(s.split(&many_lines, 0..many_lines.len()).len(), 100_000);
    let many_markers = "1. a 2. b 3. c ".repeat(10_000);
    let spans = s.split(&many_markers, 0..many_markers.len());
    check_invariants(&many_markers, 0..many_markers.len(), &spans);
}


#[test]
fn a_list_of_short_lines_is_a_sentence_a_line() {
    // Regression: lines of alike length read as a wrapped paragraph: a file of headlines was
    // one sentence.
    let text = "Fed holds rates steady as inflation cools\nSenate passes climate bill after marathon session\nToyota recalls 100,000 cars over brake fault\nFloods hit Bangkok as river bursts its banks\n";
    assert_eq!(seg(text).len(), 4, "{:?}", seg(text));
    // German wraps at 80 columns before capitalised nouns: still one paragraph of sentences.
    let german = "Abheben wird sie nicht so schnell, doch den Hangar hat sie am vorletzten\nDonnerstag schon einmal verlassen: eine F13. Es ist der zweite Nachbau der\nJunkers-Maschine, entstanden ist er am Flughafen Dübendorf nahe Zürich.\n";
    assert_eq!(seg(german).len(), 2, "{:?}", seg(german));
}

#[test]
fn french_and_german_closing_quotes_end_their_sentence() {
    // Regressions: French sets a space before its closing guillemet, which began the next
    // sentence ("» Puis ..."); a German quote closing with “ was not split at all.
    assert_eq!(
        seg("Elle a répondu : « Bien sûr ! » Puis elle est partie."),
        vec!["Elle a répondu : « Bien sûr ! »", "Puis elle est partie."]
    );
    assert_eq!(
        seg("Il a dit : « C’est fini.\u{a0}» Le syndicat a réagi."),
        vec!["Il a dit : « C’est fini.\u{a0}»", "Le syndicat a réagi."]
    );
    assert_eq!(
        seg("Er sagte: „Das ist ein guter Tag für die Stadt.“ Die Opposition widersprach."),
        vec!["Er sagte: „Das ist ein guter Tag für die Stadt.“", "Die Opposition widersprach."]
    );
    assert_eq!(seg("He stopped. “Go on,” she said."), vec!["He stopped.", "“Go on,” she said."]);
    // A » before a word opens a German quote.
    assert_eq!(
        seg("Die Lage ist sehr ernst. »Wir müssen jetzt handeln«, sagte der Kanzler."),
        vec!["Die Lage ist sehr ernst.", "»Wir müssen jetzt handeln«, sagte der Kanzler."]
    );
}

#[test]
fn chinese_and_japanese_texts_are_told_apart_from_english() {
    // Regression (a new user's first hour): a Chinese or Japanese article of several paragraphs
    // had no language (its runs of letters, clauses, counted a word each), so the English model
    // tagged its whole sentences as people and places.
    let chinese = "上海市政府周一发布了新的城市更新计划，将在未来五年内改造老旧小区。市长表示，这项计划将惠及数十万居民。专家认为，更新工作需要兼顾历史保护与居民需求。计划还包括新建公园、学校和社区服务中心。";
    let japanese = "東京都は月曜日、新しい防災計画を発表しました。計画では、地震に備えて古い建物の耐震化を進めるとしています。知事は、住民の安全を最優先に考えると述べました。専門家は、計画の実施には時間がかかると指摘しています。";
    assert_eq!(language_of_text(chinese).as_deref(), Some("cmn"));
    assert_eq!(language_of_text(japanese).as_deref(), Some("jpn"));
    // (A line or two of them is still too short to tell.)
    assert_eq!(language_of_text("上海市政府周一发布了新的计划。"), None);
}

#[test]
fn declared_languages_are_read_as_iso_639_3_codes() {
    let read = |tag: &str| declared_language(tag);
    assert_eq!(read("de"), Some("deu".into()));
    assert_eq!(read("de-AT"), Some("deu".into()));
    assert_eq!(read("pt_BR"), Some("por".into()));
    assert_eq!(read(" FR "), Some("fra".into()));
    assert_eq!(read("spa"), Some("spa".into()));
    // As whatlang (documents.language) names them.
    assert_eq!(read("zh-Hant"), Some("cmn".into()));
    assert_eq!(read("fa"), Some("pes".into()));
    assert_eq!(read("no"), Some("nob".into()));
    for none in ["", "x-default", "und", "mul", "english", "qq"] {
        assert_eq!(read(none), None, "{none}");
    }
}
