//! Line layout of a paragraph: list markers, and each line's trimmed content, length,
//! indentation and bullet.

use super::chars::*;

/// Style of a list marker ("1." / "1)" / "1.)" / "(1)").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum MarkStyle {
    Dot,
    Paren,
    DotParen,
    Enclosed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Marker {
    /// Number, or letter code point for alphabetic markers.
    pub(super) value: u32,
    pub(super) alpha: bool,
    pub(super) style: MarkStyle,
    /// Byte length of the marker (without the following whitespace).
    pub(super) len: usize,
}

/// Parses a list marker at `i` ("12.", "3)", "4.)", "(5)", "a.", "b)"), which must be
/// followed by whitespace (or, for "a)"/"1)" styles, the end of the chunk).
pub(super) fn parse_marker(b: &[u8], i: usize, end: usize) -> Option<Marker> {
    let at = |k: usize| if k < end { b[k] } else { 0 };
    let mut k = i;
    let enclosed = at(k) == b'(';
    if enclosed {
        k += 1;
    }
    let (value, alpha) = if at(k).is_ascii_digit() {
        let s = k;
        let mut v: u32 = 0;
        while at(k).is_ascii_digit() && k - s < 3 {
            v = v * 10 + (at(k) - b'0') as u32;
            k += 1;
        }
        if at(k).is_ascii_digit() {
            return None;
        }
        (v, false)
    } else if at(k).is_ascii_lowercase() {
        k += 1;
        (at(k - 1) as u32, true)
    } else {
        return None;
    };
    let style = if enclosed {
        if at(k) != b')' {
            return None;
        }
        k += 1;
        MarkStyle::Enclosed
    } else if at(k) == b'.' && at(k + 1) == b')' {
        k += 2;
        MarkStyle::DotParen
    } else if at(k) == b'.' {
        k += 1;
        MarkStyle::Dot
    } else if at(k) == b')' {
        k += 1;
        MarkStyle::Paren
    } else {
        return None;
    };
    // must be followed by whitespace (ASCII or not)
    let next = at(k);
    let ws_follows =
        next == b' ' || next == b'\t' || next == b'\n' || next == b'\r' || next == 0xC2;
    if !ws_follows {
        return None;
    }
    Some(Marker {
        value,
        alpha,
        style,
        len: k - i,
    })
}

/// One line of a paragraph.
#[derive(Debug, Clone, Copy)]
pub(super) struct Line {
    /// Trimmed content (after a bullet glyph when `bullet`).
    pub(super) cs: usize,
    pub(super) ce: usize,
    /// Characters of the trimmed content (glyph included).
    pub(super) nchars: usize,
    /// Raw line starts with whitespace.
    pub(super) indent: bool,
    pub(super) bullet: bool,
    pub(super) list: bool,
}

/// Byte offset of the next '\n' in `[i, e)`, or `e`.
#[inline]
pub(super) fn find_nl(b: &[u8], i: usize, e: usize) -> usize {
    match b[i..e].iter().position(|&x| x == b'\n') {
        Some(k) => i + k,
        None => e,
    }
}

/// Classifies the line `[ls, le)`.
pub(super) fn line_info(text: &str, ls: usize, le: usize) -> Line {
    let raw = &text[ls..le];
    let trimmed_start = raw.trim_start_matches(is_ws);
    let cs0 = le - trimmed_start.len();
    let content = trimmed_start.trim_end_matches(is_ws);
    let ce = cs0 + content.len();
    let indent = cs0 > ls;
    let nchars = content
        .as_bytes()
        .iter()
        .filter(|&&x| (x & 0xC0) != 0x80)
        .count();
    let mut cs = cs0;
    let mut bullet = false;
    let mut list = false;
    let mut it = content.chars();
    if let Some(g) = it.next() {
        let after = it.next();
        if is_strong_bullet(g) || (is_weak_bullet(g) && after.is_some_and(is_ws)) {
            bullet = true;
            cs = trim_start(text, cs0 + g.len_utf8(), ce);
        } else if parse_marker(text.as_bytes(), cs0, ce).is_some() {
            list = true;
        }
    }
    Line {
        cs,
        ce,
        nchars,
        indent,
        bullet,
        list,
    }
}
