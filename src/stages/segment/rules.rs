//! The punctuation rules: each chunk of a paragraph is scanned for `.`, `!`, `?`, `…` and
//! mid-line bullets, and the local context decides whether a sentence ends there.

use std::collections::HashMap;
use std::ops::Range;

use super::chars::*;
use super::layout::*;
use super::lexicon::*;
use super::SegmentOptions;

/// The widest line of a paragraph that can still be a list of lines (see `is_line_list`).
const LIST_LINE_WIDTH: usize = 60;
/// A line under a colon of at most this many words, opening with a capital, is a list's item.
const LIST_ITEM_WORDS: usize = 6;

/// The sentence segmenter; build once, share across threads.
#[derive(Debug, Clone)]
pub struct Segmenter {
    abbreviations: HashMap<String, Abbr>,
    /// Longest key of `abbreviations`, in bytes.
    max_abbr_len: usize,
    /// Some extra abbreviation is not ASCII (then non-ASCII tokens are looked up too).
    non_ascii_abbr: bool,
}

impl Segmenter {
    /// Compiles the abbreviation set.
    pub fn new(options: &SegmentOptions) -> Segmenter {
        let mut abbreviations = HashMap::new();
        for (list, kind) in [
            (GENERAL, Abbr::General),
            (CAP_GENERAL, Abbr::CapGeneral),
            (NUMBER, Abbr::Number),
            (CURRENCIES, Abbr::Currency),
            (TITLES, Abbr::Title),
        ] {
            for a in list {
                abbreviations.insert((*a).to_string(), kind);
            }
        }
        abbreviations.insert("no".to_string(), Abbr::NumberOnly);
        let mut non_ascii_abbr = false;
        for a in &options.extra_abbreviations {
            let a = a.trim().trim_end_matches('.').to_lowercase();
            if a.is_empty() {
                continue;
            }
            non_ascii_abbr |= !a.is_ascii();
            abbreviations.entry(a).or_insert(Abbr::General);
        }
        let max_abbr_len = abbreviations.keys().map(|k| k.len()).max().unwrap_or(0);
        Segmenter {
            abbreviations,
            max_abbr_len,
            non_ascii_abbr,
        }
    }

    /// Sentence byte ranges inside `text[region]` (absolute byte offsets into `text`), in order,
    /// non-overlapping, trimmed, never empty, never crossing a blank line.
    pub fn split(&self, text: &str, region: Range<usize>) -> Vec<Range<usize>> {
        let end = region.end.min(text.len());
        let start = region.start.min(end);
        debug_assert!(text.is_char_boundary(start) && text.is_char_boundary(end));
        let mut out = Vec::with_capacity((end - start) / 120 + 1);
        let b = text.as_bytes();
        let mut pos = start;
        while pos < end {
            // Skip blank lines, then take the run of non-blank lines.
            let mut para_start = None;
            let mut para_end = pos;
            let mut ls = pos;
            while ls < end {
                let le = find_nl(b, ls, end);
                let blank = text[ls..le].chars().all(is_ws);
                if blank {
                    if para_start.is_some() {
                        break;
                    }
                } else {
                    if para_start.is_none() {
                        para_start = Some(ls);
                    }
                    para_end = le;
                }
                ls = if le < end { le + 1 } else { end };
            }
            if let Some(ps) = para_start {
                self.split_paragraph(text, ps, para_end, &mut out);
            }
            pos = ls;
        }
        out
    }

    /// Handles one paragraph (no blank line inside `[ps, pe)`): line-layout rules, then
    /// punctuation rules on each chunk.
    fn split_paragraph(&self, text: &str, ps: usize, pe: usize, out: &mut Vec<Range<usize>>) {
        let b = text.as_bytes();
        // Pass 1: widest plain line and line counts.
        let mut width = 0usize;
        let mut n_plain_nonlast = 0usize;
        let mut n_lines = 0usize;
        let mut ls = ps;
        while ls < pe {
            let le = find_nl(b, ls, pe);
            let l = line_info(text, ls, le);
            n_lines += 1;
            if !l.bullet && !l.list {
                width = width.max(l.nchars);
                if le < pe {
                    n_plain_nonlast += 1;
                }
            }
            ls = le + 1;
        }
        // Pass 2: is this a hard-wrapped paragraph (most lines close to the widest one)?
        let mut wrapped = false;
        if n_lines >= 2 && n_plain_nonlast >= 1 && (30..=130).contains(&width) {
            let mut long = 0usize;
            let mut ls = ps;
            while ls < pe {
                let le = find_nl(b, ls, pe);
                if le < pe {
                    let l = line_info(text, ls, le);
                    if !l.bullet && !l.list && l.nchars * 10 >= width * 6 {
                        long += 1;
                    }
                }
                ls = le + 1;
            }
            // Text wrapped at 60 columns or less is rare; a list of short lines is not.
            wrapped = long * 4 >= n_plain_nonlast * 3 && !(width <= LIST_LINE_WIDTH && self.is_line_list(text, ps, pe, n_lines));
        }
        // Pass 3: cut into chunks at hard line breaks and scan each chunk.
        let mut chunk: Option<(usize, usize)> = None;
        let mut prev: Option<Line> = None;
        let mut ls = ps;
        while ls < pe {
            let le = find_nl(b, ls, pe);
            let l = line_info(text, ls, le);
            ls = le + 1;
            if l.cs >= l.ce && !l.bullet {
                continue;
            }
            let join = match (chunk, prev) {
                (Some(_), Some(p)) if !l.bullet && !l.list => {
                    self.joins(text, &p, &l, wrapped, width)
                }
                _ => false,
            };
            if join {
                if let Some(c) = chunk.as_mut() {
                    c.1 = l.ce;
                }
            } else {
                if let Some((s, e)) = chunk {
                    self.split_chunk(text, s, e, out);
                }
                chunk = Some((l.cs, l.ce));
            }
            prev = Some(l);
        }
        if let Some((s, e)) = chunk {
            self.split_chunk(text, s, e, out);
        }
    }

    /// Three lines or more of at most `LIST_LINE_WIDTH` characters, each after the first opening
    /// with a capital or a digit, none before
    /// the last ending in punctuation: a list of lines (headlines, names), however alike their
    /// lengths; wrapped prose breaks before lower-case words too (German's capitalised nouns make
    /// its 80-column wraps look so, hence the width).
    fn is_line_list(&self, text: &str, ps: usize, pe: usize, n_lines: usize) -> bool {
        if n_lines < 3 {
            return false;
        }
        let b = text.as_bytes();
        let mut ls = ps;
        let mut first = true;
        while ls < pe {
            let le = find_nl(b, ls, pe);
            let l = line_info(text, ls, le);
            let content = &text[l.cs..l.ce];
            let opens = content.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
            let ends_in_punctuation = content.chars().next_back().is_some_and(|c| c.is_ascii_punctuation() || is_terminal_char(c));
            if (!first && !opens) || (le < pe && ends_in_punctuation) {
                return false;
            }
            first = false;
            ls = le + 1;
        }
        true
    }

    /// Does line `l` continue the chunk that ends with line `p`?
    fn joins(&self, text: &str, p: &Line, l: &Line, wrapped: bool, width: usize) -> bool {
        let first = match char_at(text, l.cs) {
            Some(c) => c,
            None => return false,
        };
        if p.bullet || p.list {
            // continuation of a list item: indented or lowercase next line
            return first.is_lowercase() || l.indent;
        }
        let ptext = &text[p.cs..p.ce];
        // last char that is not a closing quote/bracket
        let mut last_sig = None;
        for c in ptext.chars().rev() {
            if !is_closer(c) {
                last_sig = Some(c);
                break;
            }
        }
        let last = ptext.chars().next_back();
        if let Some(c) = last_sig {
            if is_terminal_char(c) {
                // punctuation rules decide, unless a short unwrapped line is followed by a capital
                return wrapped || first.is_lowercase();
            }
        }
        // A short line opening with a capital under a colon is a list's item ("The leaders
        // expected include:" over "Joe Biden"), not the sentence going on; in wrapped text it is.
        let item = || {
            let content = &text[l.cs..l.ce];
            first.is_uppercase() && content.split_whitespace().nth(LIST_ITEM_WORDS).is_none() && !content.chars().next_back().is_some_and(is_terminal_char)
        };
        // (Not under a speaker's or a field's label, "MR. SMITH:", "Subject:": a list's
        // introduction is a sentence of three words or more.)
        if last == Some(':') && !wrapped && ptext.split_whitespace().nth(2).is_some() && item() {
            return false;
        }
        if let Some(c) = last {
            if matches!(c, ',' | ';' | ':' | '-' | '–' | '—' | '(' | '/' | '&' | '+') {
                return true;
            }
        }
        let last_word = ptext.rsplit(|c: char| is_ws(c)).next().unwrap_or("");
        if is_flow_word(last_word) {
            return true;
        }
        if first.is_lowercase() {
            return true;
        }
        if wrapped {
            let next_word_chars = text[l.cs..l.ce]
                .split(|c: char| is_ws(c))
                .next()
                .map(|w| w.chars().count())
                .unwrap_or(0);
            if p.nchars + 1 + next_word_chars > width || p.nchars * 100 >= width * 85 {
                return true;
            }
        }
        false
    }

    /// Punctuation rules over one chunk `[s, e)` (no hard break inside).
    fn split_chunk(&self, text: &str, s: usize, e: usize, out: &mut Vec<Range<usize>>) {
        let b = text.as_bytes();
        let (mut sent, mut i, mut expect) = begin_sentence(text, s, e);
        while i < e {
            let byte = b[i];
            if !INTEREST[byte as usize] {
                if let Some(m) = expect {
                    if (byte == b' ' || byte == b'\n' || byte == b'\t') && i + 1 < e {
                        if let Some(n) = parse_marker(b, i + 1, e) {
                            if n.alpha == m.alpha && n.style == m.style && n.value == m.value + 1 {
                                push(text, sent, i, out);
                                (sent, i, expect) = begin_sentence(text, i + 1, e);
                                continue;
                            }
                        }
                    }
                }
                i += 1;
                continue;
            }
            match byte {
                b'.' => {
                    let (boundary, next) = self.at_period(text, sent, i, e);
                    if let Some(p) = boundary {
                        push(text, sent, p, out);
                        (sent, i, expect) = begin_sentence(text, p, e);
                        if i < next && next <= e {
                            // the boundary fell inside a dot sequence: continue after it
                            i = next;
                        }
                    } else {
                        i = next;
                    }
                }
                b'!' | b'?' => {
                    let (boundary, next) = self.at_bang(text, sent, i, e);
                    if let Some(p) = boundary {
                        push(text, sent, p, out);
                        (sent, i, expect) = begin_sentence(text, p, e);
                    } else {
                        i = next;
                    }
                }
                _ => {
                    let c = char_at(text, i).unwrap_or('\0');
                    let clen = c.len_utf8().max(1);
                    if c == '…' {
                        let (boundary, next) = ellipsis(text, i, i + clen, e);
                        if let Some(p) = boundary {
                            push(text, sent, p, out);
                            (sent, i, expect) = begin_sentence(text, p, e);
                        } else {
                            i = next;
                        }
                    } else if matches!(c, '。' | '！' | '？') {
                        let j = after_closers(text, i + clen, e);
                        if j < e && trim_start(text, j, e) < e {
                            push(text, sent, j, out);
                            (sent, i, expect) = begin_sentence(text, j, e);
                        } else {
                            i = j.max(i + clen);
                        }
                    } else if is_inline_bullet(c)
                        && i > sent
                        && char_before(text, i).is_some_and(is_ws)
                    {
                        push(text, sent, i, out);
                        (sent, i, expect) = begin_sentence(text, i, e);
                    } else {
                        i += clen;
                    }
                }
            }
        }
        push(text, sent, e, out);
    }

    /// Decides a single `.` (or a dot sequence starting at `i`). Returns the sentence end
    /// if this is a boundary, and where to continue scanning.
    fn at_period(&self, text: &str, sent: usize, i: usize, e: usize) -> (Option<usize>, usize) {
        let b = text.as_bytes();
        // Unspaced dot run: "..", "...", "...."
        let mut run_end = i + 1;
        while run_end < e && b[run_end] == b'.' {
            run_end += 1;
        }
        if run_end - i >= 2 {
            return ellipsis(text, i, run_end, e);
        }
        // Spaced ellipsis ". . ." / ". . . ."
        let mut k = 1usize;
        let mut q = i + 1;
        while q + 1 < e && b[q] == b' ' && b[q + 1] == b'.' {
            k += 1;
            q += 2;
        }
        if k >= 3 {
            let prev_ws = i == sent || char_before(text, i).is_none_or(is_ws);
            let j = after_closers(text, q, e);
            let nx = next_info(text, j, e);
            if nx.end {
                return (None, e);
            }
            let cap_next = nx.ws && nx.c.is_some_and(|c| c.is_uppercase());
            if prev_ws {
                // "word . . . Next" is an omission mid-sentence; ". . . ." ends the sentence.
                if k >= 4 && cap_next {
                    return (Some(j), j);
                }
                return (None, q);
            }
            // "word. . . . Next": the first dot ends the sentence, the ellipsis opens the next one.
            if cap_next {
                if k >= 4 {
                    return (Some(i + 1), q);
                }
                return (Some(j), j);
            }
            return (None, q);
        }

        // Single period.
        let j = after_closers(text, i + 1, e);
        let closed = j > i + 1;
        if j >= e {
            return (None, e);
        }
        match char_at(text, j) {
            Some(c) if is_ws(c) => {}
            _ => return (None, j.max(i + 1)),
        }
        let nx = next_info(text, j, e);
        if nx.end {
            return (None, e);
        }
        let c = match nx.c {
            Some(c) => c,
            None => return (None, j),
        };
        if closed && c.is_lowercase() {
            // 'This is great.' she said.  /  (… an engineer.) at the
            return (None, j);
        }
        if is_terminal_char(c) || matches!(c, ',' | ';' | ':') {
            return (None, j);
        }
        let yes = (Some(j), j);
        let no = (None, j);
        if closed && c.is_uppercase() {
            // a quote or bracket closed after the period: `“… the U.S.” Then`
            return yes;
        }

        // Token before the period.
        let ts = token_start(text, sent, i);
        let mut tok = &text[ts..i];
        tok = tok.trim_start_matches(is_opener);
        if tok.is_empty() {
            return yes;
        }
        let tb = tok.as_bytes();
        let last_tok_char = tok.chars().next_back().unwrap_or(' ');
        if is_closer(last_tok_char) || tok.contains('@') || tok.contains('/') {
            return yes;
        }
        if (last_tok_char == '°' || last_tok_char == 'º') && c.is_ascii_digit() {
            return no;
        }
        if is_number(tok) {
            return if c.is_lowercase() { no } else { yes };
        }
        let mut chars = tok.chars();
        let first = chars.next().unwrap_or(' ');
        let single = chars.next().is_none();
        if single && first.is_uppercase() {
            // Initial ("George W. Bush", "J. R. R. Tolkien") or the pronoun "I" / a letter.
            if !c.is_uppercase() {
                return no;
            }
            let prev_lower = prev_word_lowercase(text, sent, ts);
            let starter = is_starter(nx.word) && !nx.word_then_period;
            if first == 'I' && prev_lower {
                return yes;
            }
            if starter && (prev_lower || matches!(first, 'I' | 'V' | 'X')) {
                return yes;
            }
            return no;
        }
        // Known abbreviation?
        if tb.len() <= self.max_abbr_len {
            if let Some(kind) = self.lookup(tok) {
                let cap_ok = first.is_uppercase();
                let general = |split_ok: bool| {
                    if split_ok && c.is_uppercase() && is_starter(nx.word) && !nx.word_then_period {
                        yes
                    } else {
                        no
                    }
                };
                return match kind {
                    Abbr::Title => no,
                    Abbr::General => general(true),
                    Abbr::CapGeneral => {
                        if cap_ok {
                            general(true)
                        } else {
                            yes
                        }
                    }
                    Abbr::Number => {
                        if c.is_ascii_digit() {
                            no
                        } else {
                            general(true)
                        }
                    }
                    // "Rs. 2 lakh", but "paid 500 Rs. 20 people came": after an amount the
                    // currency ends it.
                    Abbr::Currency => match (c.is_ascii_digit(), is_number(prev_word(text, sent, ts))) {
                        (true, false) => no,
                        (true, true) => yes,
                        (false, _) => general(true),
                    },
                    Abbr::NumberOnly => {
                        if c.is_ascii_digit() {
                            no
                        } else {
                            yes
                        }
                    }
                };
            }
        }
        // Multi-period abbreviation: "U.S", "e.g", "a.m", "Ph.D", "U.S.A".
        if is_dotted_abbreviation(tok) {
            let lower_is = |s: &str| tok.eq_ignore_ascii_case(s);
            if lower_is("a.m") || lower_is("p.m") {
                if !c.is_uppercase() || is_time_follower(nx.word) {
                    return no;
                }
                // "At 5 a.m. Mr. Smith went": a short introductory time phrase.
                if words_before(text, sent, ts, 4) <= 3 {
                    return no;
                }
                // "at 6 P.M. Mr. Smith then went" vs "at 5 a.m. Albanian time"
                let title_next = nx.word_then_period && self.lookup(nx.word) == Some(Abbr::Title);
                return if title_next || (is_starter(nx.word) && !nx.word_then_period) {
                    yes
                } else {
                    no
                };
            }
            return if c.is_uppercase() && is_starter(nx.word) && !nx.word_then_period {
                yes
            } else {
                no
            };
        }
        if single && first.is_lowercase() {
            // "p.", "c.", a lone letter: an abbreviation
            return if c.is_uppercase() && is_starter(nx.word) {
                yes
            } else {
                no
            };
        }
        // An ordinary word: the period ends the sentence whatever follows.
        yes
    }

    /// Looks `tok` up in the abbreviation table, case-insensitively.
    fn lookup(&self, tok: &str) -> Option<Abbr> {
        let tb = tok.as_bytes();
        if tok.is_ascii() {
            let mut buf = [0u8; 64];
            if tb.len() > buf.len() {
                return None;
            }
            for (d, s) in buf.iter_mut().zip(tb) {
                *d = s.to_ascii_lowercase();
            }
            let key = std::str::from_utf8(&buf[..tb.len()]).ok()?;
            self.abbreviations.get(key).copied()
        } else if self.non_ascii_abbr {
            self.abbreviations.get(&tok.to_lowercase()).copied()
        } else {
            None
        }
    }

    /// Decides a run of `!`/`?` starting at `i`.
    fn at_bang(&self, text: &str, sent: usize, i: usize, e: usize) -> (Option<usize>, usize) {
        let b = text.as_bytes();
        let mut k = i;
        while k < e && (b[k] == b'!' || b[k] == b'?') {
            k += 1;
        }
        let j = after_closers(text, k, e);
        if j >= e {
            return (None, e);
        }
        match char_at(text, j) {
            Some(c) if is_ws(c) => {}
            _ => return (None, j.max(k)),
        }
        let nx = next_info(text, j, e);
        if nx.end {
            return (None, e);
        }
        let c = match nx.c {
            Some(c) => c,
            None => return (None, j),
        };
        if c.is_lowercase() || is_terminal_char(c) || matches!(c, ',' | ';' | ':') {
            return (None, j);
        }
        if b[i] == b'!' && k == i + 1 {
            let ts = token_start(text, sent, i);
            let tok = text[ts..i].trim_start_matches(is_opener);
            if is_exclamation_word(tok) {
                return (None, j);
            }
        }
        (Some(j), j)
    }
}

/// Context after a candidate boundary.
pub(super) struct NextInfo<'a> {
    /// Only whitespace up to the end of the chunk.
    pub(super) end: bool,
    /// There was whitespace right after the candidate.
    pub(super) ws: bool,
    /// First significant character after whitespace and opening quotes/brackets.
    pub(super) c: Option<char>,
    /// The alphanumeric word starting at `c` (capped).
    pub(super) word: &'a str,
    /// That word is immediately followed by a period ("A." as an initial).
    pub(super) word_then_period: bool,
}

pub(super) fn next_info(text: &str, j: usize, e: usize) -> NextInfo<'_> {
    let k = trim_start(text, j, e);
    if k >= e {
        return NextInfo {
            end: true,
            ws: k > j,
            c: None,
            word: "",
            word_then_period: false,
        };
    }
    let mut p = k;
    let mut c = None;
    for (off, ch) in text[k..e].char_indices() {
        if is_opener(ch) && off < 16 {
            continue;
        }
        p = k + off;
        c = Some(ch);
        break;
    }
    let mut q = p;
    if c.is_some() {
        for (off, ch) in text[p..e].char_indices() {
            if !ch.is_alphanumeric() || off > 32 {
                break;
            }
            q = p + off + ch.len_utf8();
        }
    }
    let word = &text[p..q];
    let word_then_period = q < e && text.as_bytes()[q] == b'.';
    NextInfo {
        end: false,
        ws: k > j,
        c,
        word,
        word_then_period,
    }
}

/// Handles an ellipsis occupying `[i, k)`: a boundary after it (and its closing quotes)
/// only when followed by whitespace and a capitalised word, and not inside "[...]".
pub(super) fn ellipsis(text: &str, i: usize, k: usize, e: usize) -> (Option<usize>, usize) {
    if char_before(text, i).is_some_and(|c| matches!(c, '(' | '[')) {
        return (None, k);
    }
    let j = after_closers(text, k, e);
    if j >= e {
        return (None, e);
    }
    let nx = next_info(text, j, e);
    if nx.end {
        return (None, e);
    }
    if nx.ws && nx.c.is_some_and(|c| c.is_uppercase()) {
        return (Some(j), j);
    }
    (None, j.max(k))
}

/// Starts a sentence at `p`: skips whitespace and an inline bullet glyph, and reads a list
/// marker (whose period must not be taken for a sentence end). Returns (sentence start,
/// scan position, expected next list marker).
pub(super) fn begin_sentence(text: &str, p: usize, e: usize) -> (usize, usize, Option<Marker>) {
    let mut s = trim_start(text, p, e);
    if let Some(c) = char_at(text, s) {
        if s < e && is_inline_bullet(c) {
            s = trim_start(text, s + c.len_utf8(), e);
        }
    }
    match parse_marker(text.as_bytes(), s, e) {
        Some(m) => (s, s + m.len, Some(m)),
        None => (s, s, None),
    }
}

/// Skips closing quotes/brackets from `i`, and the space French sets before its closing
/// guillemet ("Bien sûr ! » Puis").
#[inline]
pub(super) fn after_closers(text: &str, i: usize, e: usize) -> usize {
    let mut j = i;
    let mut chars = text[i..e].char_indices().peekable();
    while let Some((off, c)) = chars.next() {
        // (A » that a letter follows opens a German quote: "ernst. »Wir müssen ...".)
        let closing_guillemet = |at: usize| {
            let rest = &text[i + at..e];
            let mut after = rest.chars();
            matches!(after.next(), Some('»' | '›')) && after.next().is_none_or(|next| !next.is_alphanumeric())
        };
        let french_space = matches!(c, ' ' | '\u{a0}' | '\u{202f}') && chars.peek().is_some_and(|&(next_at, _)| closing_guillemet(next_at));
        if !(is_closer(c) || french_space) || off > 12 {
            break;
        }
        j = i + off + c.len_utf8();
    }
    j
}

/// Start of the whitespace-delimited token ending at `i` (not before `sent`, at most 64 bytes back).
pub(super) fn token_start(text: &str, sent: usize, i: usize) -> usize {
    let lo = ceil_boundary(text, sent.max(i.saturating_sub(64)));
    let mut k = i;
    for (off, c) in text[lo..i].char_indices().rev() {
        if is_ws(c) {
            break;
        }
        k = lo + off;
    }
    // If we stopped at the cap inside a long token, report a long token starting at `lo`.
    k
}

/// Smallest char boundary at or after `i`.
#[inline]
pub(super) fn ceil_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// Is the word before the token starting at `ts` written in lowercase?
pub(super) fn prev_word_lowercase(text: &str, sent: usize, ts: usize) -> bool {
    prev_word(text, sent, ts).chars().find(|c| c.is_alphabetic()).is_some_and(|c| c.is_lowercase())
}

/// The word before the token at `ts` in the sentence from `sent`.
fn prev_word(text: &str, sent: usize, ts: usize) -> &str {
    let lo = ceil_boundary(text, sent.max(ts.saturating_sub(64)));
    text[lo..ts].trim_end_matches(is_ws).rsplit(is_ws).next().unwrap_or("")
}

/// Number of words between `sent` and `ts`, counting up to `cap`.
pub(super) fn words_before(text: &str, sent: usize, ts: usize, cap: usize) -> usize {
    text[sent..ts]
        .split(is_ws)
        .filter(|w| !w.is_empty())
        .take(cap)
        .count()
}

/// "3,000", "$100.00", "1026.253.553", "15:30", "-4", "50%".
pub(super) fn is_number(tok: &str) -> bool {
    let mut digit = false;
    for c in tok.chars() {
        if c.is_ascii_digit() {
            digit = true;
        } else if !matches!(
            c,
            '.' | ',' | ':' | '/' | '-' | '+' | '$' | '€' | '£' | '¥' | '%' | '#'
        ) {
            return false;
        }
    }
    digit
}

/// "U.S", "e.g", "a.m", "Ph.D", "U.S.A": at least two dot-separated groups of 1–3 letters.
pub(super) fn is_dotted_abbreviation(tok: &str) -> bool {
    let mut groups = 0;
    for g in tok.split('.') {
        let n = g.chars().count();
        if n == 0 || n > 3 || !g.chars().all(|c| c.is_alphabetic()) {
            return false;
        }
        groups += 1;
    }
    groups >= 2
}

/// Pushes the trimmed span `[s, e)` if it is not empty.
#[inline]
pub(super) fn push(text: &str, s: usize, e: usize, out: &mut Vec<Range<usize>>) {
    let s = trim_start(text, s, e);
    if s >= e {
        return;
    }
    let t = text[s..e].trim_end_matches(is_ws);
    if !t.is_empty() {
        out.push(s..s + t.len());
    }
}
