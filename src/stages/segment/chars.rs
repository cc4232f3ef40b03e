//! Character classes of the segmenter: blanks, quotes and brackets, terminal punctuation,
//! bullet glyphs, and the bytes the chunk scanner stops at.

#[inline]
pub(super) fn is_ws(c: char) -> bool {
    c.is_whitespace() || c == '\u{200B}' || c == '\u{FEFF}'
}

#[inline]
pub(super) fn is_closer(c: char) -> bool {
    // (“ and ‘ close German quotes: „So.“ Die ...; after a full stop they open nothing.)
    matches!(c, '"' | '\'' | '”' | '’' | '»' | '›' | ')' | ']' | '}' | '“' | '‘')
}

#[inline]
pub(super) fn is_opener(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '“' | '‘' | '„' | '«' | '‹' | '(' | '[' | '{' | '¿' | '¡'
    )
}

#[inline]
pub(super) fn is_terminal_char(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…' | '。' | '！' | '？')
}

/// Glyphs that open a bullet item at the start of a line even without a following space.
#[inline]
pub(super) fn is_strong_bullet(c: char) -> bool {
    matches!(
        c,
        '•' | '▪'
            | '⁃'
            | '◦'
            | '‣'
            | '●'
            | '■'
            | '►'
            | '▸'
            | '➢'
            | '✓'
            | '✔'
            | '□'
            | '▫'
            | '○'
            | '◆'
            | '◇'
    )
}

/// Glyphs that open a bullet item at the start of a line only when followed by whitespace.
#[inline]
pub(super) fn is_weak_bullet(c: char) -> bool {
    matches!(c, '-' | '*' | '+' | '–' | '·')
}

/// Glyphs that also split a line in the middle when preceded by whitespace ("• a • b").
#[inline]
pub(super) fn is_inline_bullet(c: char) -> bool {
    matches!(c, '•' | '▪' | '⁃')
}

#[inline]
pub(super) fn char_at(text: &str, i: usize) -> Option<char> {
    text.get(i..).and_then(|s| s.chars().next())
}

#[inline]
pub(super) fn char_before(text: &str, i: usize) -> Option<char> {
    text[..i].chars().next_back()
}

/// Bytes that the chunk scanner has to look at; everything else is skipped.
pub(super) static INTEREST: [bool; 256] = {
    let mut t = [false; 256];
    t[b'.' as usize] = true;
    t[b'!' as usize] = true;
    t[b'?' as usize] = true;
    t[0xE2] = true; // … • ⁃ ▪
    t[0xE3] = true; // 。
    t[0xEF] = true; // ！ ？
    t
};

/// First non-whitespace byte offset at or after `i` (or `e`).
#[inline]
pub(super) fn trim_start(text: &str, i: usize, e: usize) -> usize {
    let b = text.as_bytes();
    let mut k = i;
    while k < e {
        let x = b[k];
        // ASCII whitespace is space and \t \n \x0b \x0c \r (form feeds mark pdftotext pages).
        if x == b' ' || (b'\t'..=b'\r').contains(&x) {
            k += 1;
            continue;
        }
        if x < 0x80 {
            return k;
        }
        match char_at(text, k) {
            Some(c) if is_ws(c) => k += c.len_utf8(),
            _ => return k,
        }
    }
    e
}
