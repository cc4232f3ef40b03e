//! Lexical features of a token as spaCy computes them (NORM, PREFIX, SUFFIX, SHAPE), the
//! string ids spaCy derives from them, and the two hash functions involved:
//!
//! * string ids: MurmurHash64A (seed 1) of the UTF-8 bytes, except strings in spaCy's symbol
//!   table, whose id is the symbol number, and the empty string, whose id is 0;
//! * hash-embedding keys: thinc's `MurmurHash3_x86_128_uint64(id, seed)`, four u32 words.
//!
//! Character predicates follow Python's `str.isalpha/isupper/isdigit/isspace` and `str.lower`
//! exactly (tables exported from the Python that ran spaCy), since Rust's `char` predicates use
//! different Unicode properties.

use std::collections::HashMap;

/// FxHash-style hasher (one multiply per 8 bytes) for the lookup tables on the per-token path;
/// their keys are short strings and string ids, where SipHash's cost dominated.
#[derive(Default, Clone, Copy)]
pub struct FastHasher(u64);

impl std::hash::Hasher for FastHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut c = bytes.chunks_exact(8);
        for x in &mut c {
            self.write_u64(u64::from_le_bytes(x.try_into().unwrap()));
        }
        let r = c.remainder();
        if !r.is_empty() {
            let mut b = [0u8; 8];
            b[..r.len()].copy_from_slice(r);
            self.write_u64(u64::from_le_bytes(b) ^ ((r.len() as u64) << 59));
        }
    }
    #[inline]
    fn write_u8(&mut self, v: u8) {
        self.write_u64(v as u64);
    }
    #[inline]
    fn write_u32(&mut self, v: u32) {
        self.write_u64(v as u64);
    }
    #[inline]
    fn write_u64(&mut self, v: u64) {
        self.0 = (self.0.rotate_left(5) ^ v).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    #[inline]
    fn write_usize(&mut self, v: usize) {
        self.write_u64(v as u64);
    }
    #[inline]
    fn finish(&self) -> u64 {
        // fold the high bits down: hashbrown uses the top 7 bits as tags and the low bits as
        // the bucket index
        self.0 ^ (self.0 >> 29)
    }
}

impl std::fmt::Debug for FastHasher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("FastHasher")
    }
}

/// A `HashMap` with [`FastHasher`].
pub type FastMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<FastHasher>>;

/// MurmurHash64A by Austin Appleby (as in the `murmurhash` package spaCy uses).
pub fn murmurhash64a(data: &[u8], seed: u64) -> u64 {
    const M: u64 = 0xc6a4_a793_5bd1_e995;
    const R: u32 = 47;
    let len = data.len();
    let mut h: u64 = seed ^ (len as u64).wrapping_mul(M);
    let mut chunks = data.chunks_exact(8);
    for c in &mut chunks {
        let mut k = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
        k = k.wrapping_mul(M);
        k ^= k >> R;
        k = k.wrapping_mul(M);
        h ^= k;
        h = h.wrapping_mul(M);
    }
    let tail = chunks.remainder();
    if !tail.is_empty() {
        for (i, &b) in tail.iter().enumerate() {
            h ^= (b as u64) << (8 * i);
        }
        h = h.wrapping_mul(M);
    }
    h ^= h >> R;
    h = h.wrapping_mul(M);
    h ^= h >> R;
    h
}

/// thinc's MurmurHash3_x86_128 specialised to one u64 key (`numpy_ops.pyx`).
pub fn murmurhash3_128_u64(val: u64, seed: u32) -> [u32; 4] {
    let mut h1: u64 = val;
    h1 = h1.wrapping_mul(0x87c3_7b91_1142_53d5);
    h1 = h1.rotate_left(31);
    h1 = h1.wrapping_mul(0x4cf5_ad43_2745_937f);
    h1 ^= seed as u64;
    h1 ^= 8;
    let mut h2: u64 = seed as u64;
    h2 ^= 8;
    h1 = h1.wrapping_add(h2);
    h2 = h2.wrapping_add(h1);
    h1 = fmix64(h1);
    h2 = fmix64(h2);
    h1 = h1.wrapping_add(h2);
    h2 = h2.wrapping_add(h1);
    [h1 as u32, (h1 >> 32) as u32, h2 as u32, (h2 >> 32) as u32]
}

#[inline]
fn fmix64(mut k: u64) -> u64 {
    k ^= k >> 33;
    k = k.wrapping_mul(0xff51_afd7_ed55_8ccd);
    k ^= k >> 33;
    k = k.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    k ^= k >> 33;
    k
}

/// Sorted inclusive code point ranges.
#[derive(Debug, Default)]
pub struct CharSet {
    ranges: Vec<(u32, u32)>,
    ascii: u128,
}

impl CharSet {
    pub fn from_ranges(mut ranges: Vec<(u32, u32)>) -> CharSet {
        ranges.sort_unstable();
        let mut ascii = 0u128;
        for c in 0u32..128 {
            if Self::search(&ranges, c) {
                ascii |= 1u128 << c;
            }
        }
        CharSet { ranges, ascii }
    }
    fn search(ranges: &[(u32, u32)], c: u32) -> bool {
        ranges
            .binary_search_by(|&(lo, hi)| {
                if hi < c {
                    std::cmp::Ordering::Less
                } else if lo > c {
                    std::cmp::Ordering::Greater
                } else {
                    std::cmp::Ordering::Equal
                }
            })
            .is_ok()
    }
    #[inline]
    pub fn contains(&self, ch: char) -> bool {
        let c = ch as u32;
        if c < 128 {
            return self.ascii >> c & 1 == 1;
        }
        Self::search(&self.ranges, c)
    }
}

/// Python's character predicates and lower-casing.
#[derive(Debug, Default)]
pub struct PyChars {
    pub alpha: CharSet,
    pub upper: CharSet,
    pub digit: CharSet,
    pub space: CharSet,
    pub lower: HashMap<char, String>,
}

impl PyChars {
    /// `str.isspace()` of a whole (non-empty) string.
    pub fn is_space_str(&self, s: &str) -> bool {
        !s.is_empty() && s.chars().all(|c| self.space.contains(c))
    }

    /// `str.lower()`, appended to `out`.
    pub fn lower_into(&self, s: &str, out: &mut String) {
        if s.is_ascii() {
            for b in s.bytes() {
                out.push(b.to_ascii_lowercase() as char);
            }
            return;
        }
        let chars: Vec<char> = s.chars().collect();
        for (i, &c) in chars.iter().enumerate() {
            if c == '\u{03A3}' {
                // Final sigma: preceded by a cased letter and not followed by one.
                let before = chars[..i].iter().rev().find(|&&p| !is_case_ignorable(p));
                let after = chars[i + 1..].iter().find(|&&p| !is_case_ignorable(p));
                let cased = |p: Option<&char>| {
                    p.map(|&p| self.alpha.contains(p) && (p.is_lowercase() || p.is_uppercase()))
                        .unwrap_or(false)
                };
                if cased(before) && !cased(after) {
                    out.push('\u{03C2}');
                } else {
                    out.push('\u{03C3}');
                }
                continue;
            }
            match self.lower.get(&c) {
                Some(l) => out.push_str(l),
                None => out.push(c),
            }
        }
    }

    /// spaCy's `word_shape`.
    pub fn shape_into(&self, s: &str, out: &mut String) {
        if s.chars().count() >= 100 {
            out.push_str("LONG");
            return;
        }
        let mut last: Option<char> = None;
        let mut seq = 0;
        for c in s.chars() {
            let sc = if self.alpha.contains(c) {
                if self.upper.contains(c) {
                    'X'
                } else {
                    'x'
                }
            } else if self.digit.contains(c) {
                'd'
            } else {
                c
            };
            if Some(sc) == last {
                seq += 1;
            } else {
                seq = 0;
                last = Some(sc);
            }
            if seq < 4 {
                out.push(sc);
            }
        }
    }
}

fn is_case_ignorable(c: char) -> bool {
    matches!(
        c,
        '\'' | '.' | ':' | '^' | '`' | '\u{00AD}' | '\u{2019}' | '\u{0300}'..='\u{036F}'
    )
}

/// spaCy string ids (`StringStore` keys).
#[derive(Debug, Default)]
pub struct StringIds {
    pub symbols: FastMap<String, u64>,
}

impl StringIds {
    #[inline]
    pub fn id(&self, s: &str) -> u64 {
        if s.is_empty() {
            return 0;
        }
        if let Some(&v) = self.symbols.get(s) {
            return v;
        }
        murmurhash64a(s.as_bytes(), 1)
    }
}

/// Everything needed to compute a lexeme's NORM.
#[derive(Debug, Default)]
pub struct Norms {
    /// `lexeme_norm` lookup table: string id of the orth -> norm.
    pub lexeme_norm: FastMap<u64, String>,
    /// spaCy's BASE_NORMS.
    pub base: FastMap<String, String>,
}

/// Computes the four feature string ids of a token.
pub struct FeatureExtractor<'a> {
    pub chars: &'a PyChars,
    pub ids: &'a StringIds,
    pub norms: &'a Norms,
}

impl FeatureExtractor<'_> {
    /// The NORM string of a token (special-case norm, else `lexeme_norm`, else BASE_NORMS,
    /// else lower case).
    pub fn norm_string(&self, orth: &str, special_norm: Option<&str>) -> String {
        if let Some(n) = special_norm {
            return n.to_string();
        }
        if let Some(n) = self.norms.lexeme_norm.get(&self.ids.id(orth)) {
            return n.clone();
        }
        if let Some(n) = self.norms.base.get(orth) {
            return n.clone();
        }
        let mut s = String::new();
        self.chars.lower_into(orth, &mut s);
        s
    }

    /// NORM, PREFIX, SUFFIX, SHAPE ids for `orth`, with an optional special-case norm.
    /// `buf` is scratch space.
    pub fn features(&self, orth: &str, special_norm: Option<&str>, buf: &mut String) -> [u64; 4] {
        let orth_id = self.ids.id(orth);
        let norm = match special_norm {
            Some(n) => self.ids.id(n),
            None => {
                if let Some(n) = self.norms.lexeme_norm.get(&orth_id) {
                    self.ids.id(n)
                } else if let Some(n) = self.norms.base.get(orth) {
                    self.ids.id(n)
                } else {
                    buf.clear();
                    self.chars.lower_into(orth, buf);
                    self.ids.id(buf)
                }
            }
        };
        let prefix_end = orth
            .char_indices()
            .nth(1)
            .map(|(i, _)| i)
            .unwrap_or(orth.len());
        let prefix = self.ids.id(&orth[..prefix_end]);
        let nchars = orth.chars().count();
        let suffix_start = if nchars <= 3 {
            0
        } else {
            orth.char_indices()
                .nth(nchars - 3)
                .map(|(i, _)| i)
                .unwrap_or(0)
        };
        let suffix = self.ids.id(&orth[suffix_start..]);
        buf.clear();
        self.chars.shape_into(orth, buf);
        let shape = self.ids.id(buf);
        [norm, prefix, suffix, shape]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Values produced by spaCy 3.8 (`spacy.strings.hash_string`) and thinc 8.3
    // (`NumpyOps().hash`), see scripts/ner_equivalence.py --golden.
    #[test]
    fn murmurhash64a_matches_spacy() {
        let cases: &[(&str, u64)] = &[
            ("a", 11901859001352538922),
            ("ab", 6606101647874324205),
            ("abcdefgh", 17751780907874141760),
            ("abcdefghi", 13885881106499164936),
            ("Washington", 8812112232444892211),
            ("naïve", 16224804062388677344),
            ("日本語テキスト", 7704242785047953309),
            ("xxxx", 13110060611322374290),
        ];
        for &(s, h) in cases {
            assert_eq!(murmurhash64a(s.as_bytes(), 1), h, "{s}");
        }
    }

    #[test]
    fn murmurhash3_matches_thinc() {
        assert_eq!(murmurhash3_128_u64(0, 8), [0, 0, 0, 0]);
        assert_eq!(
            murmurhash3_128_u64(1, 8),
            [1161550108, 2247783286, 1742325162, 1224191281]
        );
        assert_eq!(
            murmurhash3_128_u64(12345678901234567890, 8),
            [825681028, 3746740173, 3386005190, 3472626611]
        );
        assert_eq!(
            murmurhash3_128_u64(8271647235482512222, 8),
            [920624544, 1511489637, 3528420464, 119750807]
        );
        assert_eq!(
            murmurhash3_128_u64(0, 11),
            [3211867976, 2044022225, 3076925725, 183887857]
        );
        assert_eq!(
            murmurhash3_128_u64(1, 11),
            [1634411200, 575644854, 1340576912, 386683953]
        );
        assert_eq!(
            murmurhash3_128_u64(12345678901234567890, 11),
            [1411667719, 2623568697, 2640020939, 188472055]
        );
        assert_eq!(
            murmurhash3_128_u64(8271647235482512222, 11),
            [2604010008, 3281546361, 2217202029, 1125725667]
        );
    }

    fn ascii_chars() -> PyChars {
        PyChars {
            alpha: CharSet::from_ranges(vec![(65, 90), (97, 122)]),
            upper: CharSet::from_ranges(vec![(65, 90)]),
            digit: CharSet::from_ranges(vec![(48, 57)]),
            space: CharSet::from_ranges(vec![(9, 13), (32, 32)]),
            lower: HashMap::new(),
        }
    }

    #[test]
    fn word_shape_like_spacy() {
        let c = ascii_chars();
        let shape = |s: &str| {
            let mut o = String::new();
            c.shape_into(s, &mut o);
            o
        };
        assert_eq!(shape("Washington"), "Xxxxx");
        assert_eq!(shape("1990s"), "ddddx");
        assert_eq!(shape("123456"), "dddd");
        assert_eq!(shape("U.S."), "X.X.");
        assert_eq!(shape("C3PO-12345"), "XdXX-dddd");
        assert_eq!(shape(&"a".repeat(100)), "LONG");
    }

    #[test]
    fn string_ids_use_symbols() {
        let mut ids = StringIds::default();
        ids.symbols.insert("X".into(), 101);
        assert_eq!(ids.id("X"), 101);
        assert_eq!(ids.id(""), 0);
        assert_eq!(ids.id("a"), 11901859001352538922);
    }
}
