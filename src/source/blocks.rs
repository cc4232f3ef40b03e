//! The HTML block each line of a page's text came from: its kind (a paragraph, a heading, a list
//! item, a table's cell, code, a quotation, a caption) and how much of it is link text. The clean
//! stage's line model reads them: a list item inside the article is no menu, a block of links
//! is no paragraph, whatever their words.

use std::collections::HashMap;

use dom_query::{Document, NodeId, NodeRef};

use crate::document::{BlockKind, LineBlock, Span};

/// A line is found in the page by this many of its first characters (whitespace left out), or
/// of its last when its start is not found.
const PROBE_CHARS: usize = 40;
/// The line's block is the smallest element around its start that holds this share of it.
const LINE_SHARE: f64 = 0.7;
/// A line's kind is its element's, or that of the nearest of this many elements around it.
const KIND_ANCESTORS: usize = 3;
/// Pages of more lines than this (a forum's thread, a table of thousands of rows) are read
/// without their blocks: each line is looked for in the page's text.
const MAX_LINES: usize = 2000;

/// The block of each of `lines` (spans of `text`) in `html`: the deepest element holding the
/// line's start, widened until it holds most of the line. Lines not found in the page are left
/// out (a title the source put first).
pub fn line_blocks(html: &str, text: &str, lines: &[Span]) -> Vec<LineBlock> {
    if lines.len() > MAX_LINES {
        return Vec::new();
    }
    let page = Document::from(html);
    page.select("script, style, template").remove();
    let Some(root) = page.select("html").nodes().first().cloned() else { return Vec::new() };
    let mut texts = Texts::default();
    let mut blocks = Vec::new();
    for line in lines {
        let chars: Vec<char> = comparable(&text[line.clone()]).chars().collect();
        if chars.is_empty() {
            continue;
        }
        let head: String = chars.iter().take(PROBE_CHARS).collect();
        let tail: String = chars[chars.len().saturating_sub(PROBE_CHARS)..].iter().collect();
        let root_text = texts.of(&root);
        let Some(probe) = [head, tail].into_iter().find(|probe| root_text.contains(probe.as_str())) else { continue };
        // Down to the deepest element holding the probe...
        let mut element = root.clone();
        while let Some(child) = element.children_it(false).filter(NodeRef::is_element).find(|child| texts.of(child).contains(probe.as_str())) {
            element = child;
        }
        // ...and up until it holds most of the line.
        while (texts.of(&element).chars().count() as f64) < LINE_SHARE * chars.len() as f64 {
            match element.parent().filter(NodeRef::is_element) {
                Some(parent) => element = parent,
                None => break,
            }
        }
        let (kind, level) = std::iter::once(element.clone())
            .chain(element.ancestors_it(Some(KIND_ANCESTORS)))
            .find_map(|node| kind_of(&node))
            .unwrap_or((BlockKind::Other, 0));
        let in_link = std::iter::once(element.clone()).chain(element.ancestors_it(None)).any(|node| named(&node, "a"));
        let own = texts.of(&element).chars().count().max(1);
        let linked: usize = match in_link {
            true => own,
            false => element.descendants_it().filter(|node| named(node, "a") && !node.ancestors_it(None).any(|a| named(&a, "a"))).map(|a| texts.of(&a).chars().count()).sum(),
        };
        blocks.push(LineBlock { line: line.clone(), kind, heading_level: level, link_density: (linked as f32 / own as f32).min(1.0) });
    }
    blocks
}

/// Each element's text without whitespace, `|` (a table's cells are joined by it) or soft
/// hyphens, computed once.
#[derive(Default)]
struct Texts {
    of: HashMap<NodeId, String>,
}

impl Texts {
    fn of(&mut self, node: &NodeRef) -> &str {
        self.of.entry(node.id).or_insert_with(|| comparable(&node.text()))
    }
}

/// A text as lines and elements are compared: without whitespace, `|` or soft hyphens, in
/// composed form (the text the stages read is, a page's markup may not be).
fn comparable(text: &str) -> String {
    let kept = text.chars().filter(|&c| !c.is_whitespace() && c != '|' && c != '\u{ad}');
    match text.is_ascii() {
        true => kept.collect(),
        false => unicode_normalization::UnicodeNormalization::nfc(kept).collect(),
    }
}

fn named(node: &NodeRef, name: &str) -> bool {
    node.node_name().is_some_and(|n| n.as_ref() == name)
}

fn kind_of(node: &NodeRef) -> Option<(BlockKind, u8)> {
    let name = node.node_name()?;
    let kind = match name.as_ref() {
        "p" => BlockKind::Paragraph,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => return Some((BlockKind::Heading, name.as_bytes()[1] - b'0')),
        "li" | "dd" | "dt" => BlockKind::ListItem,
        "td" | "th" | "tr" | "table" | "tbody" | "thead" => BlockKind::Table,
        "pre" | "code" => BlockKind::Code,
        "blockquote" => BlockKind::Quote,
        "figcaption" | "figure" | "caption" => BlockKind::Caption,
        _ => return None,
    };
    Some((kind, 0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks_of(html: &str, text: &str) -> Vec<(String, BlockKind, u8, f32)> {
        let lines = crate::stages::clean::Cleaner::lines(text);
        line_blocks(html, text, &lines).into_iter().map(|b| (text[b.line].to_string(), b.kind, b.heading_level, b.link_density)).collect()
    }

    #[test]
    fn each_line_gets_its_blocks_kind_and_link_share() {
        let html = "<html><body><article><h2>The <b>takeaway</b></h2><p>The council voted on Tuesday to close the bridge for repairs.</p>\
                    <ul><li>6 eggs</li><li>200 g flour</li></ul><pre>cargo build --release</pre>\
                    <div class=related><a href=/a>Another story of the site</a> | <a href=/b>And one more</a></div></article></body></html>";
        let text = "The takeaway\nThe council voted on Tuesday to close the bridge for repairs.\n6 eggs\n200 g flour\ncargo build --release\nAnother story of the site | And one more\nNot on the page";
        let blocks = blocks_of(html, text);
        assert_eq!(blocks.len(), 6, "{blocks:?}");
        assert_eq!((blocks[0].1, blocks[0].2), (BlockKind::Heading, 2));
        assert_eq!(blocks[1].1, BlockKind::Paragraph);
        assert_eq!((blocks[2].1, blocks[3].1), (BlockKind::ListItem, BlockKind::ListItem));
        assert_eq!(blocks[4].1, BlockKind::Code);
        assert_eq!(blocks[5].1, BlockKind::Other);
        assert!(blocks[5].3 > 0.99 && blocks[1].3 == 0.0, "{blocks:?}");
        // (A review: a page written in decomposed form is found all the same.)
        let decomposed = "<html><body><p>Gru\u{308}n ist die Farbe der Hoffnung, sagte der Ga\u{308}rtner am Montag.</p></body></html>";
        let text = "Grün ist die Farbe der Hoffnung, sagte der Gärtner am Montag.";
        assert_eq!(blocks_of(&decomposed, text).len(), 1);
    }
}
