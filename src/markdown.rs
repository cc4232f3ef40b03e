//! Markdown syntax as a layer: which bytes of a `.md` document are markup, not prose.
//!
//! The text is never rewritten. Segment and tag read a *masked* copy of it instead, where every
//! byte of markup is a space: heading marks (`# `), emphasis (`**`, `*`, `__`, `~~`), inline
//! code backticks, link and image brackets with their targets (`[text](url)` keeps only `text`),
//! autolinks (`<https://...>`), block quote marks, list bullets and numbers, fences and rules, and the
//! notes apps' wikilinks (`[[Name]]`, `[[target|shown words]]`), embeds (`![[file]]`) and
//! highlights (`==words==`), and raw HTML (comments, tags) and site generators' template tags
//! (Hugo's `{{< ... >}}`, Liquid's `{% ... %}`) outside code blocks. The copy has
//! the same length and the same character boundaries (a masked character becomes as many spaces
//! as it has bytes), so every span found in it is a span of `documents.text`; sentences and
//! mentions trimmed of whitespace there begin and end on prose, and no entity is found inside
//! a link target.
//!
//! A line-based reading of CommonMark's common constructs, not a full parser: what it does not
//! recognise stays as it is, which is what a plain-text file gets.

use crate::document::Document;

/// Whether the source is a Markdown file (`.md`, `.markdown`, optionally gzip-compressed).
pub fn is_markdown(source: &str) -> bool {
    let lower = source.to_ascii_lowercase();
    let name = lower.strip_suffix(".gz").unwrap_or(&lower);
    name.ends_with(".md") || name.ends_with(".markdown")
}

/// Run `f` on `doc` with its text masked when the document is Markdown (see the module
/// documentation); the text is put back afterwards.
pub fn with_masked_syntax<R>(doc: &mut Document, f: impl FnOnce(&mut Document) -> R) -> R {
    let Some(masked) = is_markdown(&doc.origin.source).then(|| mask(&doc.text)).flatten() else { return f(doc) };
    let verbatim = std::mem::replace(&mut doc.text, masked);
    let result = f(doc);
    doc.text = verbatim;
    result
}

/// The text with its Markdown syntax blanked; `None` when there is none.
pub fn mask(text: &str) -> Option<String> {
    let mut bytes = text.as_bytes().to_vec();
    let mut in_fence = false;
    let mut start = 0;
    let mut code: Vec<std::ops::Range<usize>> = Vec::new();
    for line in text.split_inclusive('\n') {
        let end = start + line.len();
        let was_code = in_fence;
        mask_line(text, start..end, &mut bytes, &mut in_fence);
        if was_code && in_fence {
            code.push(start..end);
        }
        start = end;
    }
    // Raw HTML and a site generator's template tags, outside code blocks: comments (an editor's
    // note), tags (`<img src=...>`, `<br>`), Hugo shortcodes and Liquid tags are no prose.
    static RAW: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        // (HTML's own element names only: "x<y and y>z" is no tag.)
        let names = "a|abbr|address|article|aside|audio|b|blockquote|br|button|caption|center|cite|code|dd|del|details|div|dl|dt|em|embed|figcaption|figure|font|footer|form|h[1-6]|header|hr|i|iframe|img|input|ins|kbd|li|main|mark|nav|ol|p|picture|pre|q|s|section|small|source|span|strong|sub|summary|sup|table|tbody|td|tfoot|th|thead|time|tr|u|ul|video";
        regex::Regex::new(&format!(r#"(?s)<!--.*?-->|</?(?i:{names})(?:\s+[A-Za-z_:][-\w:.]*(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*\s*/?>|\{{\{{[<%].*?[%>]\}}\}}|\{{%.*?%\}}"#)).expect("valid pattern")
    });
    for found in RAW.find_iter(text) {
        if !code.iter().any(|block| block.start < found.end() && found.start() < block.end) {
            blank(&mut bytes, found.range());
        }
    }
    if bytes == text.as_bytes() {
        return None;
    }
    // Only whole characters were replaced by ASCII spaces, so the bytes are still UTF-8.
    String::from_utf8(bytes).ok()
}

fn blank(bytes: &mut [u8], range: std::ops::Range<usize>) {
    for byte in &mut bytes[range] {
        if !matches!(*byte, b'\n' | b'\r') {
            *byte = b' ';
        }
    }
}

fn mask_line(text: &str, line: std::ops::Range<usize>, bytes: &mut [u8], in_fence: &mut bool) {
    let content = text[line.clone()].trim_end_matches(['\n', '\r']);
    let indent = content.len() - content.trim_start_matches(' ').len();
    let rest = &content[indent..];
    // Fences: the fence lines are markup; the code between them is left as it is.
    if indent < 4 && (rest.starts_with("```") || rest.starts_with("~~~")) {
        *in_fence = !*in_fence;
        blank(bytes, line);
        return;
    }
    if *in_fence {
        return;
    }
    // Thematic breaks (`---`, `***`, `___`): the whole line.
    let marks: String = rest.chars().filter(|c| !c.is_whitespace()).collect();
    if indent < 4 && marks.len() >= 3 && (marks.chars().all(|c| c == '-') || marks.chars().all(|c| c == '*') || marks.chars().all(|c| c == '_')) {
        blank(bytes, line);
        return;
    }
    // Block markers at the start of the line: quotes, one heading mark or list bullet.
    let mut at = line.start + indent;
    loop {
        let rest = &text[at..line.start + content.len()];
        if let Some(after) = rest.strip_prefix('>') {
            let width = 1 + usize::from(after.starts_with(' '));
            blank(bytes, at..at + width);
            at += width;
            continue;
        }
        let hashes = rest.bytes().take_while(|&b| b == b'#').count();
        if (1..=6).contains(&hashes) && rest[hashes..].chars().next().is_none_or(|c| c == ' ' || c == '\t') {
            blank(bytes, at..at + hashes);
            // A closing sequence of `#`s is markup too.
            let trimmed = rest.trim_end();
            let closing = trimmed.len() - trimmed.trim_end_matches('#').len();
            if closing > 0 && closing < trimmed.len() - hashes && trimmed[..trimmed.len() - closing].ends_with([' ', '\t']) {
                blank(bytes, at + trimmed.len() - closing..at + trimmed.len());
            }
            break;
        }
        if (rest.starts_with("- ") || rest.starts_with("* ") || rest.starts_with("+ ")) && rest.len() > 2 {
            blank(bytes, at..at + 1);
        }
        // An ordered list's number: 1 to 9 digits, then "." or ")" and a space ("1. ", "12) ").
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if (1..=9).contains(&digits) && (rest[digits..].starts_with(". ") || rest[digits..].starts_with(") ")) && rest.len() > digits + 2 {
            blank(bytes, at..at + digits + 1);
        }
        break;
    }
    mask_inline(text, at..line.start + content.len(), bytes);
}

/// Emphasis, code spans, links, images and autolinks inside `range`.
fn mask_inline(text: &str, range: std::ops::Range<usize>, bytes: &mut [u8]) {
    let line = &text[range.clone()];
    let base = range.start;
    let is_word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric());
    let mut chars = line.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '*' | '_' | '~' | '`' => {
                // A run of the same mark next to prose on one side: emphasis or code.
                let mut end = i + 1;
                while chars.peek().is_some_and(|&(_, next)| next == c) {
                    end += 1;
                    chars.next();
                }
                let before = line[..i].chars().next_back();
                let after = line[end..].chars().next();
                // The line's ends count as spaces.
                let space = |c: Option<char>| c.is_none_or(char::is_whitespace);
                let flanking = !(space(before) && space(after));
                // `_` and `~` inside a word (snake_case, 5~10) are not markup; a lone `~` never is.
                let inside_word = is_word(before) && is_word(after);
                let markup = match c {
                    '_' => flanking && !inside_word,
                    '~' => end - i >= 2 && flanking && !inside_word,
                    _ => flanking && !(c == '*' && before.is_some_and(|b| b.is_ascii_digit()) && after.is_some_and(|a| a.is_ascii_digit())),
                };
                if markup {
                    blank(bytes, base + i..base + end);
                }
            }
            // An embed (`![[map.png]]`, Obsidian's) shows no prose of its own.
            '!' if line[i + 1..].starts_with("[[") && wikilink_end(line, i + 1).is_some() => {
                let end = wikilink_end(line, i + 1).unwrap_or(i + 1);
                blank(bytes, base + i..base + end);
                while chars.peek().is_some_and(|&(at, _)| at < end) {
                    chars.next();
                }
            }
            '!' if line[i + 1..].starts_with('[') && link_end(line, i + 1).is_some() => blank(bytes, base + i..base + i + 1),
            // A wikilink (`[[Jacinda Ardern]]`, `[[Wellington|the capital]]`): its shown words.
            '[' if line[i..].starts_with("[[") && wikilink_end(line, i).is_some() => {
                let end = wikilink_end(line, i).unwrap_or(i);
                let inner = &line[i + 2..end - 2];
                let shown_from = inner.find('|').map_or(i + 2, |bar| i + 2 + bar + 1);
                blank(bytes, base + i..base + shown_from);
                blank(bytes, base + end - 2..base + end);
                while chars.peek().is_some_and(|&(at, _)| at < end) {
                    chars.next();
                }
            }
            // A highlight (`==Jacinda Ardern==`) as `~~` is a strikethrough.
            '=' if line[i + 1..].starts_with('=') => {
                let before = line[..i].chars().next_back();
                let after = line[i + 2..].chars().next();
                let opens = is_word(after) && !is_word(before) && before != Some('=');
                let closes = is_word(before) && !is_word(after) && after != Some('=');
                chars.next();
                if (opens && line[i + 2..].contains("==")) || (closes && line[..i].contains("==")) {
                    blank(bytes, base + i..base + i + 2);
                }
            }
            '[' => {
                if let Some((close, target_end)) = link_end(line, i) {
                    blank(bytes, base + i..base + i + 1);
                    blank(bytes, base + close..base + target_end);
                }
            }
            '<' => {
                let rest = &line[i + 1..];
                if let Some(close) = rest.find('>') {
                    let inside = &rest[..close];
                    let autolink = (inside.starts_with("http://") || inside.starts_with("https://") || inside.starts_with("mailto:"))
                        && !inside.contains(char::is_whitespace);
                    if autolink {
                        blank(bytes, base + i..base + i + 2 + close);
                    }
                }
            }
            _ => {}
        }
    }
}

/// For `[[` at `open`: the end of the wikilink (just after its `]]`), when it closes on the
/// line with no bracket inside.
fn wikilink_end(line: &str, open: usize) -> Option<usize> {
    let inner_len = line[open + 2..].find("]]")?;
    let inner = &line[open + 2..open + 2 + inner_len];
    let end = open + 2 + inner_len + 2;
    // (`[[PDF]](url)` is a link whose text has brackets.)
    (!inner.trim().is_empty() && !inner.contains(['[', ']']) && !line[end..].starts_with('(')).then_some(end)
}

/// For a `[` at `open` starting a link: where its `]` is and where its target ends (`](url)`,
/// `][ref]`); `None` when it is not a link.
fn link_end(line: &str, open: usize) -> Option<(usize, usize)> {
    let close = open + line[open..].find(']')?;
    let after = &line[close + 1..];
    let close_target = match after.chars().next()? {
        '(' => ')',
        '[' => ']',
        _ => return None,
    };
    let target_len = after.find(close_target)?;
    Some((close, close + 1 + target_len + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The prose left once the markup is blanked, words separated by single spaces.
    fn prose(text: &str) -> String {
        let masked = mask(text).unwrap_or_else(|| text.to_string());
        assert_eq!(masked.len(), text.len());
        for (at, c) in text.char_indices() {
            let now = &masked.as_bytes()[at..at + c.len_utf8()];
            assert!(now == c.to_string().as_bytes() || now.iter().all(|&b| b == b' '), "only blanks replace characters: {text:?} -> {masked:?}");
        }
        masked.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn headings_emphasis_and_links_are_blanked_with_offsets_kept() {
        assert_eq!(prose("# Markdown notes on Iran\n"), "Markdown notes on Iran");
        assert_eq!(prose("## Title ##\n"), "Title");
        assert_eq!(prose("**Bold** text from Tirana.\n"), "Bold text from Tirana.");
        assert_eq!(prose("Read [the report](https://example.com/BOM?x=1) from *Tirana*.\n"), "Read the report from Tirana .");
        assert_eq!(prose("![Edi Rama](img/rama.jpg) and [Iran][ref] and <https://x.org/a>.\n"), "Edi Rama and Iran and .");
        assert_eq!(prose("> quoted `code` and __strong__ ~~gone~~\n"), "quoted code and strong gone");
        assert_eq!(prose("- Bullet one about Iran.\n* Bullet two.\n"), "Bullet one about Iran. Bullet two.");
        assert_eq!(prose("---\n```rust\nlet x = 1;\n```\n"), "let x = 1;");
    }

    #[test]
    fn obsidian_wikilinks_embeds_and_highlights_are_blanked() {
        // Regression: wikilinked names gave no entity, a highlight's marks were part of its
        // span, an embed's file name became a sentence.
        assert_eq!(prose("Met [[Jacinda Ardern]] in [[Wellington|the capital]].\n"), "Met Jacinda Ardern in the capital .");
        assert_eq!(prose("![[map of Auckland.png]]\nThe ==Prime Minister== spoke.\n"), "The Prime Minister spoke.");
        assert_eq!(mask("a == b and x==y\n"), None);
        // (A link whose text has brackets, `[[PDF]](url)`, is no wikilink: read as before.)
        assert_eq!(mask("See [[PDF]](https://x.org/a.pdf) now.\n"), None);
    }

    #[test]
    fn raw_html_and_template_tags_are_blanked_outside_code() {
        // Regression: an editor's HTML comment was a sentence (its name a PERSON), an image
        // tag an ORG, a `<br>` ran two sentences together, a Hugo shortcode was prose.
        let text = "Strike ends.\n\n<!-- editor: check with Lars Nielsen\nbefore publishing -->\n\n{{< youtube id=\"abc\" >}}\n<p align=\"center\"><img src=\"chart.png\" alt=\"chart\"></p>\n\nIt cost 200 million euros.<br>\nMost fell on exporters. {% include note.html %}\n";
        assert_eq!(prose(text), "Strike ends. It cost 200 million euros. Most fell on exporters.");
        assert_eq!(prose("```html\n<b>Tag in code</b>\n```\n"), "<b>Tag in code</b>");
        assert_eq!(prose("Prices rose <5% and fell >3% in Paris.\n"), "Prices rose <5% and fell >3% in Paris.");
        // (Review: a comparison is no tag.)
        assert_eq!(prose("If x<y and y>z then Anna Berg wins.\n"), "If x<y and y>z then Anna Berg wins.");
    }

    #[test]
    fn ordered_list_numbers_are_blanked() {
        // Regression: "1. Sundar Pichai met ..." was a sentence with its list number.
        assert_eq!(prose("Steps:\n\n1. Sundar Pichai met Satya Nadella.\n12) Then they left.\n"), "Steps: Sundar Pichai met Satya Nadella. Then they left.");
        assert_eq!(prose("It rose 1.5 points.\n"), "It rose 1.5 points.");
    }

    #[test]
    fn prose_that_only_looks_like_markup_is_kept() {
        for text in ["snake_case_name and 5*3 = 15, C# code, 10~20 people, a - b\n", "#hashtag\n", "x < y > z\n", "[not a link] here\n"] {
            assert_eq!(mask(text), None, "{text:?}");
        }
    }

    #[test]
    fn only_markdown_sources_are_masked() {
        assert!(is_markdown("notes.md") && is_markdown("a/B.MD.gz") && is_markdown("x.markdown"));
        assert!(!is_markdown("notes.txt") && !is_markdown("feed.jsonl"));
    }

    #[test]
    fn multibyte_characters_in_link_targets_keep_their_byte_length() {
        let text = "See [Zürich](https://de.wikipedia.org/wiki/Zürich_😀) now.\n";
        let masked = mask(text).unwrap();
        assert_eq!(masked.len(), text.len());
        assert_eq!(prose(text), "See Zürich now.");
    }
}
