//! Golden outputs produced by spaCy 3.8.x with en_core_web_sm / en_core_web_md 3.8.0
//! (`scripts/ner_equivalence.sh sm --golden crates/ner/tests/golden_sm.json`, same for md).

use std::path::PathBuf;

use textmill_ner::{Label, Model, Scratch};

/// The crate directory as cargo gives it when it runs the tests (the compile-time value is only a
/// fallback: a shared target directory can hold a binary compiled in another checkout).
fn crate_dir() -> PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR").map_or_else(|| env!("CARGO_MANIFEST_DIR").into(), Into::into)
}

fn root() -> PathBuf {
    crate_dir().join("../..")
}

fn model() -> Model {
    load("sm")
}

fn load(which: &str) -> Model {
    Model::load(&root().join("resources/ner").join(which))
        .unwrap_or_else(|e| panic!("load resources/ner/{which}: {e}"))
}

fn golden_of(which: &str) -> serde_json::Value {
    let p = crate_dir().join(format!("tests/golden_{which}.json"));
    serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
}

fn offsets(v: &serde_json::Value) -> Vec<usize> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_u64().unwrap() as usize)
        .collect()
}

#[test]
fn entities_match_spacy_sm() {
    entities_match_spacy("sm");
}

#[test]
fn entities_match_spacy_md() {
    entities_match_spacy("md");
}

fn entities_match_spacy(which: &str) {
    let m = load(which);
    let g = golden_of(which);
    let mut scratch = Scratch::default();
    let mut ents = Vec::new();
    let mut toks = Vec::new();
    for case in g["cases"].as_array().unwrap() {
        let text = case["text"].as_str().unwrap();
        let starts = offsets(&case["sentence_starts"]);
        m.tokenize(text, &mut toks);
        let want_toks: Vec<(usize, usize)> = case["tokens"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| {
                (
                    t[0].as_u64().unwrap() as usize,
                    t[1].as_u64().unwrap() as usize,
                )
            })
            .collect();
        let got_toks: Vec<(usize, usize)> = toks.iter().map(|t| (t.start, t.end)).collect();
        assert_eq!(got_toks, want_toks, "tokens of {text:?}");
        m.recognise(text, &starts, &mut scratch, &mut ents);
        let want: Vec<(String, &str)> = case["entities"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    text[e[0].as_u64().unwrap() as usize..e[1].as_u64().unwrap() as usize]
                        .to_string(),
                    e[2].as_str().unwrap(),
                )
            })
            .collect();
        let got: Vec<(String, &str)> = ents
            .iter()
            .map(|e| (text[e.start..e.end].to_string(), e.label.as_str()))
            .collect();
        assert_eq!(got, want, "entities of {text:?}");
        // Buffers given back between documents (as textmill's workers do) change nothing.
        scratch.release_beyond(4);
    }
}

#[test]
fn tokenizer_and_norms_match_spacy() {
    let m = model();
    let g = golden_of("sm");
    let mut toks = Vec::new();
    for case in g["tokenizer_cases"].as_array().unwrap() {
        let text = case["text"].as_str().unwrap();
        m.tokenize(text, &mut toks);
        let want: Vec<(&str, &str)> = case["tokens"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| {
                (
                    &text[t[0].as_u64().unwrap() as usize..t[1].as_u64().unwrap() as usize],
                    t[2].as_str().unwrap(),
                )
            })
            .collect();
        let norms = m.token_norms(text);
        let got: Vec<(&str, &str)> = toks
            .iter()
            .zip(&norms)
            .map(|(t, n)| (&text[t.start..t.end], n.as_str()))
            .collect();
        assert_eq!(got, want, "tokens of {text:?}");
    }
}

#[test]
fn special_cases_and_affixes() {
    let m = model();
    let mut toks = Vec::new();
    let words = |text: &str, toks: &mut Vec<textmill_ner::Token>| {
        m.tokenize(text, toks);
        toks.iter()
            .map(|t| text[t.start..t.end].to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        words("I can't go.", &mut toks),
        ["I", "ca", "n't", "go", "."]
    );
    assert_eq!(words("(U.K.)", &mut toks), ["(", "U.K.", ")"]);
    assert_eq!(words("Let's", &mut toks), ["Let", "'s"]);
    assert_eq!(words("$5.50!", &mut toks), ["$", "5.50", "!"]);
    assert_eq!(
        words("see https://a.example.com/x.", &mut toks),
        ["see", "https://a.example.com/x", "."]
    );
    // whitespace: a single space is absorbed, other whitespace becomes tokens
    assert_eq!(words("a  b\n", &mut toks), ["a", " ", "b", "\n"]);
    assert!(toks[1].is_space && toks[3].is_space && !toks[0].is_space);
    // byte offsets with multi-byte characters
    let text = "Zürich — “Genève”";
    m.tokenize(text, &mut toks);
    let w: Vec<&str> = toks.iter().map(|t| &text[t.start..t.end]).collect();
    assert_eq!(w, ["Zürich", "—", "“", "Genève", "”"]);
    assert_eq!(m.token_norms("—"), ["-"]);
    assert_eq!(m.token_norms("can't"), ["can", "not"]);
}

#[test]
fn sentence_starts_block_entities() {
    let m = model();
    let mut scratch = Scratch::default();
    let mut ents = Vec::new();
    let text = "Barack Obama visited Paris.";
    m.recognise(text, &[0], &mut scratch, &mut ents);
    assert!(
        ents.iter()
            .any(|e| &text[e.start..e.end] == "Barack Obama" && e.label == Label::Person),
        "{ents:?}"
    );
    // A sentence start at "Obama" (byte 7) splits the name.
    m.recognise(text, &[0, 7], &mut scratch, &mut ents);
    assert!(ents.iter().all(|e| !(e.start < 7 && e.end > 7)), "{ents:?}");
    // Empty and whitespace-only texts.
    m.recognise("", &[], &mut scratch, &mut ents);
    assert!(ents.is_empty());
    m.recognise(" \n\n ", &[0], &mut scratch, &mut ents);
    assert!(ents.is_empty());
}

#[test]
fn fingerprint_and_name() {
    let m = model();
    assert_eq!(m.name(), "en_core_web_sm");
    assert_eq!(m.fingerprint().len(), 64);
    let md = load("md");
    assert_eq!(md.name(), "en_core_web_md");
    assert_ne!(md.fingerprint(), m.fingerprint());
}

#[test]
fn missing_dir_names_file() {
    let err = Model::load(&root().join("resources/ner/does-not-exist"))
        .err()
        .unwrap();
    assert!(err.to_string().contains("model.json"), "{err}");
}

#[test]
fn a_model_from_bytes_is_the_model_from_its_directory() {
    let dir = root().join("resources/ner/sm");
    let file = |name: &str| -> &'static [u8] { Box::leak(std::fs::read(dir.join(name)).unwrap().into_boxed_slice()) };
    let bytes = textmill_ner::ModelBytes {
        model_json: file("model.json"),
        weights_bin: file("weights.bin"),
        tokenizer_json: file("tokenizer.json"),
        vocab_json: file("vocab.json"),
    };
    let (from_bytes, from_dir) = (Model::from_bytes("built-in sm", bytes).unwrap(), model());
    assert_eq!(from_bytes.fingerprint(), from_dir.fingerprint());
    let mut scratch = Scratch::default();
    let (mut a, mut b) = (Vec::new(), Vec::new());
    for case in golden_of("sm")["cases"].as_array().unwrap() {
        let text = case["text"].as_str().unwrap();
        let starts = offsets(&case["sentence_starts"]);
        from_bytes.recognise(text, &starts, &mut scratch, &mut a);
        from_dir.recognise(text, &starts, &mut scratch, &mut b);
        let spans = |ents: &[textmill_ner::Entity]| ents.iter().map(|e| (e.start, e.end, e.label)).collect::<Vec<_>>();
        assert_eq!(spans(&a), spans(&b), "{text:?}");
    }
    let broken = textmill_ner::ModelBytes { weights_bin: &[0u8; 16], ..bytes };
    let err = Model::from_bytes("built-in sm", broken).err().unwrap().to_string();
    assert!(err.contains("built-in sm/weights.bin"), "{err}");
}
