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

use crate::features::PyChars;

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
    prefix: Regex,
    suffix: Regex,
    infix: Regex,
    url: Regex,
    specials: HashMap<String, Vec<Piece>>,
    /// Special-case norms (referenced by `RawToken::norm - 1`).
    pub norms: Vec<String>,
    /// Matcher phrases keyed by their first token's text: (token texts).
    phrases: HashMap<String, Vec<Vec<String>>>,
    /// Identifies this tokenizer in the per-thread chunk cache.
    id: u64,
}

static NEXT_ID: AtomicU64 = AtomicU64::new(1);
const CACHE_MAX: usize = 50_000;

/// Per-thread cache of chunk tokenizations (chunk text -> pieces relative to the chunk start),
/// as spaCy keeps one per tokenizer. The result of a chunk depends only on its text, so the
/// cache changes nothing but speed.
struct ChunkCache {
    owner: u64,
    map: HashMap<Box<str>, Box<[RawToken]>>,
}

thread_local! {
    static CACHE: RefCell<ChunkCache> = RefCell::new(ChunkCache { owner: 0, map: HashMap::new() });
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

impl Tokenizer {
    pub(crate) fn from_data(d: TokenizerData) -> Result<Tokenizer, String> {
        let comp = |name: &str, p: &str| {
            Regex::new(&translate(p)).map_err(|e| format!("{name} pattern: {e}"))
        };
        let prefix = comp("prefix", &d.prefix)?;
        let suffix = comp("suffix", &d.suffix)?;
        let infix = comp("infix", &d.infix)?;
        let url = comp("url", &d.url)?;
        let mut norms = Vec::new();
        let mut norm_idx: HashMap<String, u32> = HashMap::new();
        let mut specials = HashMap::new();
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
        let mut phrases: HashMap<String, Vec<Vec<String>>> = HashMap::new();
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
            Ok(Some(m)) => m.end() - m.start(),
            _ => 0,
        }
    }

    fn find_suffix(&self, s: &str) -> usize {
        match self.suffix.find(s) {
            Ok(Some(m)) => m.end() - m.start(),
            _ => 0,
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
        cache: &mut HashMap<Box<str>, Box<[RawToken]>>,
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
            } else if string.contains('.') && matches!(self.url.is_match(string), Ok(true)) {
                out.push(RawToken {
                    start: lo as u32,
                    end: hi as u32,
                    norm: 0,
                });
            } else {
                let mut start = 0usize;
                let mut any = false;
                for m in self.infix.find_iter(string) {
                    let m = match m {
                        Ok(m) => m,
                        Err(_) => break,
                    };
                    any = true;
                    let (is, ie) = (m.start(), m.end());
                    if is == 0 {
                        continue;
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
                }
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
