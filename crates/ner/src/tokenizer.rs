//! spaCy's rule-based tokenizer (`spacy/tokenizer.pyx`), reimplemented over byte offsets.
//!
//! Algorithm, per spaCy 3.8:
//! 1. Split the text into runs of whitespace and non-whitespace (Python `str.isspace`). A single
//!    `' '` that follows a non-space run is absorbed as that token's trailing space; any other
//!    whitespace run (or what is left of it) becomes a whitespace token.
//! 2. Each run ("chunk") is looked up in the special cases; otherwise prefixes and suffixes are
//!    stripped repeatedly (stopping early when the rest is a special case), then the remaining
//!    core is a special case, a URL, or is split on infixes.
//! 3. Finally special cases whose own affix tokenization spans several tokens are found with a
//!    phrase matcher over the token sequence (longest first, non-overlapping) and merged.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};

use fancy_regex::Regex;

use crate::features::{FastMap, PyChars};

/// A token as produced by the tokenizer: byte range and, for special-case pieces, the index of
/// the special norm in [`Tokenizer::norms`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RawToken {
    pub start: u32,
    pub end: u32,
    /// Index into the special-case norm table + 1, or 0.
    pub norm: u32,
}

#[derive(Debug)]
pub(crate) struct Piece {
    len: u32,
    norm: u32,
}

pub struct Tokenizer {
    prefix: SplitRegex,
    suffix: SplitRegex,
    infix: SplitRegex,
    url: SplitRegex,
    specials: FastMap<String, Vec<Piece>>,
    /// Special-case norms (referenced by `RawToken::norm - 1`).
    pub norms: Vec<String>,
    /// Matcher phrases keyed by their first token's text: (token texts).
    phrases: FastMap<String, Vec<Vec<String>>>,
    /// Identifies this tokenizer in the per-thread chunk cache.
    id: u64,
}

static NEXT_ID: AtomicU64 = AtomicU64::new(1);
const CACHE_MAX: usize = 10_000;

/// Per-thread cache of chunk tokenizations (chunk text -> pieces relative to the chunk start),
/// as spaCy keeps one per tokenizer. The result of a chunk depends only on its text, so the
/// cache changes nothing but speed.
struct ChunkCache {
    owner: u64,
    map: FastMap<Box<str>, Box<[RawToken]>>,
}

thread_local! {
    static CACHE: RefCell<ChunkCache> = RefCell::new(ChunkCache { owner: 0, map: FastMap::default() });
}

#[derive(serde::Deserialize)]
pub(crate) struct TokenizerData {
    prefix: String,
    suffix: String,
    infix: String,
    url: String,
    special_cases: HashMap<String, Vec<(String, Option<String>)>>,
    matcher_phrases: Vec<(String, Vec<String>)>,
}

/// Translate a Python `re` pattern into the syntax fancy-regex accepts.
fn translate(p: &str) -> String {
    // Python accepts `(?u)` (unicode, the default for str patterns); drop it. Everything else in
    // spaCy's English patterns is accepted as is by fancy-regex / regex.
    p.replace("(?u)", "")
}

/// A pattern with look-around, split for speed: the top-level alternatives without look-around
/// form a plain regex (run by the `regex` engine, which fancy-regex delegates to), and every
/// alternative with look-around gets a *guard*, a plain regex that matches somewhere whenever
/// the alternative can match (its leading look-behind / trailing look-ahead made consuming,
/// other look-arounds dropped). When no guard matches a haystack, no look-around alternative can
/// match in it, so the plain regex gives exactly the full pattern's matches (dropping a branch
/// that never matches does not change a backtracking alternation); otherwise the full pattern
/// runs.
struct SplitRegex {
    full: Regex,
    /// `None`: every alternative has look-around (no guard match means no match at all).
    plain: Option<Regex>,
    /// `None`: no alternative has look-around (always use `plain`).
    guard: Option<Regex>,
    /// Set when the pattern could not be split: always run `full`.
    always_full: bool,
}

/// Which regex to run on a haystack.
enum Pick<'a> {
    Run(&'a Regex),
    NoMatch,
}

/// Room for each lazy DFA's cache of states, per regex and thread. With regex's default
/// (2 MiB) the caches kept growing as rarer text turned up: +1.3 MB at peak from 2 M to 20 M
/// words. An eighth of that bounds them at no measurable cost (SOTU, 1.2 M tokens: tokenizer
/// 0.41–0.46 s at 2 MiB, 0.41–0.43 s at 256 KiB; 64 KiB was slower).
const DFA_CACHE_BYTES: usize = 256 * 1024;

fn compile_bounded(pattern: &str) -> Result<Regex, fancy_regex::Error> {
    fancy_regex::RegexBuilder::new(pattern).delegate_dfa_size_limit(DFA_CACHE_BYTES).build()
}

impl SplitRegex {
    fn new(pattern: &str) -> Result<SplitRegex, String> {
        let full = compile_bounded(pattern).map_err(|e| e.to_string())?;
        let unsplit = |full| SplitRegex {
            full,
            plain: None,
            guard: None,
            always_full: true,
        };
        let Some(alts) = split_alternatives(pattern) else {
            return Ok(unsplit(full));
        };
        let mut plain = Vec::new();
        let mut guards = Vec::new();
        for a in alts {
            match lookaround_guard(a) {
                None => return Ok(unsplit(full)),
                Some(None) => plain.push(a),
                Some(Some(g)) => guards.push(g),
            }
        }
        let compile = |parts: Vec<String>| -> Result<Option<Regex>, ()> {
            if parts.is_empty() {
                return Ok(None);
            }
            compile_bounded(&parts.join("|")).map(Some).map_err(|_| ())
        };
        // If a piece does not compile on its own, run the full pattern only.
        let (Ok(plain), Ok(guard)) = (
            compile(plain.iter().map(|a| a.to_string()).collect()),
            compile(guards.iter().map(|g| format!("(?:{g})")).collect()),
        ) else {
            return Ok(unsplit(full));
        };
        Ok(SplitRegex {
            full,
            plain,
            guard,
            always_full: false,
        })
    }

    #[inline]
    fn pick(&self, hay: &str) -> Pick<'_> {
        if self.always_full {
            return Pick::Run(&self.full);
        }
        if let Some(g) = &self.guard {
            if !matches!(g.is_match(hay), Ok(false)) {
                return Pick::Run(&self.full);
            }
        }
        match &self.plain {
            Some(p) => Pick::Run(p),
            None => Pick::NoMatch,
        }
    }

    /// Leftmost match (as `Regex::find`).
    fn find(&self, hay: &str) -> Option<(usize, usize)> {
        match self.pick(hay) {
            Pick::Run(r) => match r.find(hay) {
                Ok(Some(m)) => Some((m.start(), m.end())),
                _ => None,
            },
            Pick::NoMatch => None,
        }
    }

    fn is_match(&self, hay: &str) -> bool {
        match self.pick(hay) {
            Pick::Run(r) => matches!(r.is_match(hay), Ok(true)),
            Pick::NoMatch => false,
        }
    }

    /// All successive non-overlapping matches (as `Regex::find_iter`, stopping at an error).
    fn for_each_match(&self, hay: &str, mut f: impl FnMut(usize, usize)) {
        if let Pick::Run(r) = self.pick(hay) {
            for m in r.find_iter(hay) {
                match m {
                    Ok(m) => f(m.start(), m.end()),
                    Err(_) => break,
                }
            }
        }
    }
}

/// Split a pattern into its top-level alternatives; `None` if it uses syntax this scanner does
/// not follow (inline flags, unbalanced groups).
fn split_alternatives(p: &str) -> Option<Vec<&str>> {
    let b = p.as_bytes();
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 1,
            b'[' => i = class_end(b, i)?,
            b'(' => {
                if b.get(i + 1) == Some(&b'?') {
                    let rest = &p[i + 2..];
                    if !(rest.starts_with(':')
                        || rest.starts_with('=')
                        || rest.starts_with('!')
                        || rest.starts_with("<=")
                        || rest.starts_with("<!"))
                    {
                        return None; // inline flags, named groups, ...
                    }
                }
                depth += 1;
            }
            b')' => {
                depth -= 1;
                if depth < 0 {
                    return None;
                }
            }
            b'|' if depth == 0 => {
                out.push(&p[start..i]);
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    if depth != 0 {
        return None;
    }
    out.push(&p[start..]);
    Some(out)
}

/// Index of the `]` closing the character class opened at `b[i] == b'['`.
fn class_end(b: &[u8], i: usize) -> Option<usize> {
    let mut j = i + 1;
    if b.get(j) == Some(&b'^') {
        j += 1;
    }
    if b.get(j) == Some(&b']') {
        j += 1; // a leading ']' is literal
    }
    while j < b.len() {
        match b[j] {
            b'\\' => j += 1,
            b']' => return Some(j),
            _ => {}
        }
        j += 1;
    }
    None
}

/// Index of the `)` closing the group opened at `b[i] == b'('`.
fn group_end(b: &[u8], i: usize) -> Option<usize> {
    let mut depth = 0;
    let mut j = i;
    while j < b.len() {
        match b[j] {
            b'\\' => j += 1,
            b'[' => j = class_end(b, j)?,
            b'(' => depth += 1,
            b')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(j);
                }
            }
            _ => {}
        }
        j += 1;
    }
    None
}

/// For one alternative: `Some(None)` if it has no look-around; `Some(Some(guard))` with a
/// plain pattern matching wherever the alternative could; `None` if it cannot be analysed.
fn lookaround_guard(alt: &str) -> Option<Option<String>> {
    let b = alt.as_bytes();
    let mut out = String::new();
    let mut any = false;
    let mut i = 0;
    let mut last = 0; // copied up to here
    while i < b.len() {
        match b[i] {
            b'\\' => i += 1,
            b'[' => i = class_end(b, i)?,
            b'(' => {
                let rest = &alt[i..];
                let kind = if rest.starts_with("(?<=") {
                    Some((true, true, 4))
                } else if rest.starts_with("(?<!") {
                    Some((false, true, 4))
                } else if rest.starts_with("(?=") {
                    Some((true, false, 3))
                } else if rest.starts_with("(?!") {
                    Some((false, false, 3))
                } else {
                    None
                };
                if let Some((positive, behind, open)) = kind {
                    any = true;
                    let end = group_end(b, i)?;
                    out.push_str(&alt[last..i]);
                    let inner = &alt[i + open..end];
                    if inner.contains("(?") && lookaround_guard(inner) != Some(None) {
                        return None; // nested look-around: give up
                    }
                    // A leading positive look-behind or trailing positive look-ahead becomes
                    // consuming; anything else is dropped (a relaxation).
                    let leading = behind && i == 0;
                    let trailing = !behind && end + 1 == b.len();
                    if positive && (leading || trailing) {
                        out.push_str("(?:");
                        out.push_str(inner);
                        out.push(')');
                    }
                    last = end + 1;
                    i = end + 1;
                    continue;
                }
            }
            _ => {}
        }
        i += 1;
    }
    if !any {
        return Some(None);
    }
    out.push_str(&alt[last..]);
    Some(Some(out))
}

impl Tokenizer {
    pub(crate) fn from_data(d: TokenizerData) -> Result<Tokenizer, String> {
        let comp = |name: &str, p: &str| {
            SplitRegex::new(&translate(p)).map_err(|e| format!("{name} pattern: {e}"))
        };
        let prefix = comp("prefix", &d.prefix)?;
        let suffix = comp("suffix", &d.suffix)?;
        let infix = comp("infix", &d.infix)?;
        let url = comp("url", &d.url)?;
        let mut norms = Vec::new();
        let mut norm_idx: HashMap<String, u32> = HashMap::new();
        let mut specials = FastMap::default();
        for (key, pieces) in d.special_cases {
            let mut v = Vec::new();
            let mut total = 0usize;
            for (orth, norm) in pieces {
                total += orth.len();
                let norm = match norm {
                    None => 0,
                    Some(n) => *norm_idx.entry(n.clone()).or_insert_with(|| {
                        norms.push(n);
                        norms.len() as u32
                    }),
                };
                v.push(Piece {
                    len: orth.len() as u32,
                    norm,
                });
            }
            if total != key.len() {
                return Err(format!(
                    "special case {key:?}: pieces do not add up to the key"
                ));
            }
            specials.insert(key, v);
        }
        let mut phrases: FastMap<String, Vec<Vec<String>>> = FastMap::default();
        for (_key, toks) in d.matcher_phrases {
            if let Some(first) = toks.first() {
                phrases.entry(first.clone()).or_default().push(toks);
            }
        }
        Ok(Tokenizer {
            prefix,
            suffix,
            infix,
            url,
            specials,
            norms,
            phrases,
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
        })
    }

    fn find_prefix(&self, s: &str) -> usize {
        match self.prefix.find(s) {
            Some((a, b)) => b - a,
            None => 0,
        }
    }

    fn find_suffix(&self, s: &str) -> usize {
        match self.suffix.find(s) {
            Some((a, b)) => b - a,
            None => 0,
        }
    }

    fn push_special(&self, pieces: &[Piece], mut pos: usize, out: &mut Vec<RawToken>) {
        for p in pieces {
            out.push(RawToken {
                start: pos as u32,
                end: (pos + p.len as usize) as u32,
                norm: p.norm,
            });
            pos += p.len as usize;
        }
    }

    /// Tokenize `text` into `out` (cleared first).
    pub fn tokenize(&self, text: &str, chars: &PyChars, out: &mut Vec<RawToken>) {
        out.clear();
        if text.is_empty() {
            return;
        }
        CACHE.with(|cache| {
            let mut cache = cache.borrow_mut();
            if cache.owner != self.id || cache.map.len() > CACHE_MAX {
                cache.owner = self.id;
                cache.map.clear();
            }
            let mut start = 0usize;
            let mut in_ws = chars.space.contains(text.chars().next().unwrap());
            for (i, c) in text.char_indices() {
                let sp = chars.space.contains(c);
                if sp != in_ws {
                    if start < i {
                        self.cached_chunk(text, start, i, out, &mut cache.map);
                    }
                    if c == ' ' {
                        start = i + 1;
                    } else {
                        start = i;
                    }
                    in_ws = sp;
                }
            }
            if start < text.len() {
                self.cached_chunk(text, start, text.len(), out, &mut cache.map);
            }
        });
        if !self.phrases.is_empty() {
            self.apply_special_matcher(text, out);
        }
    }

    fn cached_chunk(
        &self,
        text: &str,
        s: usize,
        e: usize,
        out: &mut Vec<RawToken>,
        cache: &mut FastMap<Box<str>, Box<[RawToken]>>,
    ) {
        let chunk = &text[s..e];
        if let Some(toks) = cache.get(chunk) {
            out.extend(toks.iter().map(|t| RawToken {
                start: t.start + s as u32,
                end: t.end + s as u32,
                norm: t.norm,
            }));
            return;
        }
        let first = out.len();
        self.tokenize_chunk(text, s, e, out);
        let rel: Box<[RawToken]> = out[first..]
            .iter()
            .map(|t| RawToken {
                start: t.start - s as u32,
                end: t.end - s as u32,
                norm: t.norm,
            })
            .collect();
        cache.insert(chunk.into(), rel);
    }

    fn tokenize_chunk(&self, text: &str, s: usize, e: usize, out: &mut Vec<RawToken>) {
        let chunk = &text[s..e];
        if let Some(p) = self.specials.get(chunk) {
            self.push_special(p, s, out);
            return;
        }
        // _split_affixes
        let (mut lo, mut hi) = (s, e);
        let mut prefixes: Vec<(usize, usize)> = Vec::new();
        let mut suffixes: Vec<(usize, usize)> = Vec::new();
        let mut last_size = usize::MAX;
        while lo < hi && hi - lo != last_size {
            let string = &text[lo..hi];
            if self.specials.contains_key(string) {
                break;
            }
            last_size = hi - lo;
            let pre_len = self.find_prefix(string);
            if pre_len != 0 {
                let minus_pre = &text[lo + pre_len..hi];
                if !minus_pre.is_empty() && self.specials.contains_key(minus_pre) {
                    prefixes.push((lo, lo + pre_len));
                    lo += pre_len;
                    break;
                }
            }
            let suf_len = self.find_suffix(&text[lo + pre_len..hi]);
            if suf_len != 0 {
                let minus_suf = &text[lo..hi - suf_len];
                if !minus_suf.is_empty() && self.specials.contains_key(minus_suf) {
                    suffixes.push((hi - suf_len, hi));
                    hi -= suf_len;
                    break;
                }
            }
            if pre_len != 0 && suf_len != 0 && pre_len + suf_len <= hi - lo {
                prefixes.push((lo, lo + pre_len));
                suffixes.push((hi - suf_len, hi));
                lo += pre_len;
                hi -= suf_len;
            } else if pre_len != 0 {
                prefixes.push((lo, lo + pre_len));
                lo += pre_len;
            } else if suf_len != 0 {
                suffixes.push((hi - suf_len, hi));
                hi -= suf_len;
            }
        }
        // _attach_tokens
        for &(a, b) in &prefixes {
            out.push(RawToken {
                start: a as u32,
                end: b as u32,
                norm: 0,
            });
        }
        if lo < hi {
            let string = &text[lo..hi];
            if let Some(p) = self.specials.get(string) {
                self.push_special(p, lo, out);
            } else if string.contains('.') && self.url.is_match(string) {
                out.push(RawToken {
                    start: lo as u32,
                    end: hi as u32,
                    norm: 0,
                });
            } else {
                let mut start = 0usize;
                let mut any = false;
                self.infix.for_each_match(string, |is, ie| {
                    any = true;
                    if is == 0 {
                        return;
                    }
                    if is != start {
                        out.push(RawToken {
                            start: (lo + start) as u32,
                            end: (lo + is) as u32,
                            norm: 0,
                        });
                    }
                    if is != ie {
                        out.push(RawToken {
                            start: (lo + is) as u32,
                            end: (lo + ie) as u32,
                            norm: 0,
                        });
                    }
                    start = ie;
                });
                if !any {
                    out.push(RawToken {
                        start: lo as u32,
                        end: hi as u32,
                        norm: 0,
                    });
                } else if start < string.len() {
                    out.push(RawToken {
                        start: (lo + start) as u32,
                        end: hi as u32,
                        norm: 0,
                    });
                }
            }
        }
        for &(a, b) in suffixes.iter().rev() {
            out.push(RawToken {
                start: a as u32,
                end: b as u32,
                norm: 0,
            });
        }
    }

    /// spaCy's `_apply_special_cases`: phrase-match special cases over the token sequence.
    fn apply_special_matcher(&self, text: &str, toks: &mut Vec<RawToken>) {
        let tok_text = |t: &RawToken| &text[t.start as usize..t.end as usize];
        let mut matches: Vec<(usize, usize)> = Vec::new();
        for i in 0..toks.len() {
            if let Some(cands) = self.phrases.get(tok_text(&toks[i])) {
                for ph in cands {
                    let n = ph.len();
                    if i + n <= toks.len()
                        && ph
                            .iter()
                            .zip(&toks[i..i + n])
                            .all(|(p, t)| p == tok_text(t))
                    {
                        matches.push((i, i + n));
                    }
                }
            }
        }
        if matches.is_empty() {
            return;
        }
        // Longest first, then leftmost; keep a span unless its first or last token was taken.
        matches.sort_by(|a, b| (b.1 - b.0).cmp(&(a.1 - a.0)).then(a.0.cmp(&b.0)));
        matches.dedup();
        let mut seen = vec![false; toks.len()];
        let mut filtered = Vec::new();
        for &(s, e) in &matches {
            if !seen[s] && !seen[e - 1] {
                filtered.push((s, e));
            }
            for x in &mut seen[s..e] {
                *x = true;
            }
        }
        filtered.sort();
        let mut result = Vec::with_capacity(toks.len());
        let mut i = 0;
        let mut fi = 0;
        while i < toks.len() {
            if fi < filtered.len() && filtered[fi].0 == i {
                let (s, e) = filtered[fi];
                fi += 1;
                let span = &text[toks[s].start as usize..toks[e - 1].end as usize];
                match self.specials.get(span) {
                    Some(p) => self.push_special(p, toks[s].start as usize, &mut result),
                    None => result.extend_from_slice(&toks[s..e]),
                }
                i = e;
            } else {
                result.push(toks[i]);
                i += 1;
            }
        }
        *toks = result;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn patterns() -> TokenizerData {
        // Cargo's run-time value first: a shared target directory can hold a test binary
        // compiled in another checkout.
        let dir = std::env::var_os("CARGO_MANIFEST_DIR").map_or_else(|| env!("CARGO_MANIFEST_DIR").into(), std::path::PathBuf::from);
        let p = dir.join("../../resources/ner/sm/tokenizer.json");
        serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap()
    }

    #[test]
    fn split_regex_matches_full_pattern() {
        let d = patterns();
        let hays = [
            "",
            "the",
            "The",
            "States,",
            "U.S.",
            "e.g.",
            "+5",
            "+a",
            "+",
            "$5",
            "US$5",
            "5$",
            "10km",
            "5°C.",
            "5°F",
            "a-b",
            "1-2",
            "3*4",
            "1+",
            "a.b",
            "word.",
            "Word.",
            "WORD.",
            "x:y",
            "a/b",
            "a,b",
            "1,000",
            "http://x.com",
            "www.example.org/x?y=1",
            "mr.",
            "Mr.",
            "...",
            "…",
            "«a»",
            "(hello)",
            "\"quoted\"",
            "'s",
            "don't",
            "n't",
            "km",
            "5kg.",
            "$",
            "4K",
            "--",
            "a--b",
            "a—b",
            "Ω.",
            "é.",
            "日本.",
            "12.5%",
            "1990s",
            "ab...",
            "a...b",
            "x=y",
            "x<y",
            "3^2",
            "9-",
            "Fellow-Citizens",
            "1st.",
            "A.",
            "a.",
            ".a",
            "°C.",
            "\u{1F600}",
            "a\u{1F600}b",
        ];
        for (name, pat) in [
            ("prefix", &d.prefix),
            ("suffix", &d.suffix),
            ("infix", &d.infix),
            ("url", &d.url),
        ] {
            let pat = translate(pat);
            let split = SplitRegex::new(&pat).unwrap();
            assert!(!split.always_full, "{name} was not split");
            for h in hays {
                let full: Vec<(usize, usize)> = split
                    .full
                    .find_iter(h)
                    .map(|m| m.map(|m| (m.start(), m.end())).unwrap())
                    .collect();
                let mut got = Vec::new();
                split.for_each_match(h, |a, b| got.push((a, b)));
                assert_eq!(got, full, "{name} on {h:?}");
                assert_eq!(split.find(h), full.first().copied(), "{name} on {h:?}");
                assert_eq!(split.is_match(h), !full.is_empty(), "{name} on {h:?}");
            }
        }
    }

    #[test]
    fn guards_make_lookaround_consuming_only_at_the_edges() {
        assert_eq!(lookaround_guard("abc"), Some(None));
        assert_eq!(
            lookaround_guard("(?<=[0-9])x$"),
            Some(Some("(?:[0-9])x$".into()))
        );
        assert_eq!(lookaround_guard("a(?<=a)b"), Some(Some("ab".into())));
        assert_eq!(
            lookaround_guard("x(?=[a-z])"),
            Some(Some("x(?:[a-z])".into()))
        );
        assert_eq!(lookaround_guard("^\\+(?![0-9])"), Some(Some("^\\+".into())));
        assert_eq!(
            split_alternatives("a|[|(]|(?:b|c)|\\|"),
            Some(vec!["a", "[|(]", "(?:b|c)", "\\|"])
        );
        assert_eq!(split_alternatives("(?i)a|b"), None);
    }
}
