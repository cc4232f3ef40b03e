//! A page's paragraphs read plainly, as a check on the extractor: on some pages it chooses the
//! wrong container (a sidebar's excerpt, the site's menu) and returns a small part of the
//! article, or nothing. The reading tries, in order, what the page says its article's body is
//! (JSON-LD `articleBody`), its `<article>` elements, then its paragraphs (`<p>`, `<blockquote>`,
//! `<pre>`, `<code>`, `<q>`) wherever they stand, `<noscript>` included (some pages hold their
//! whole article there). Asides, footers, cookie notices and comment threads are left out.

use dom_query::{Document, NodeRef};

use super::squeezed;

/// A reading of less text than this is no reading (the next source is tried).
const ENOUGH: usize = 100;
/// A paragraph longer than this found again inside the text read so far is a copy (a `<p>`
/// inside a `<blockquote>`, the same JSON-LD script twice); shorter ones ("Yes.") may recur.
const COPY_LENGTH: usize = 50;
/// Elements whose edges part lines of text (a page written without whitespace between them
/// would otherwise run their words together).
const BLOCKS: &[&str] = &[
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "figure", "footer", "form", "h1", "h2", "h3",
    "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table", "td", "th", "tr", "ul",
];
/// Page parts that are not the article wherever they stand.
const NOT_ARTICLE: &str = "aside, footer, script, style, svg, template, [class*=footer], [id*=footer], [class*=cookie], [id*=cookie], \
                           [class*=consent], [id*=consent], [class*=comment], [id*=comment]";
/// Words of a class or an id that mark a page's own blocks (a sidebar, a widget, related or
/// most-read stories, a newsletter's box): their paragraphs are other stories' teasers.
const BOILERPLATE_WORDS: &[&str] = &[
    "sidebar", "widget", "widgets", "related", "recommended", "recommendations", "promo", "teaser", "teasers", "newsletter", "popular", "trending",
    "most", "share", "social", "nav", "navigation", "menu", "breadcrumb", "breadcrumbs", "banner", "advert", "advertisement", "ad", "ads", "sponsored",
];
/// Elements whose text is a paragraph (the outermost of them: a `<p>` in a `<blockquote>` is read with it).
const PARAGRAPHS: &[&str] = &["p", "blockquote", "pre", "code", "q"];

/// The page's article text as its paragraphs give it, a line per block; `None` when no source
/// gives [`ENOUGH`] text. `extracted`: the extractor's reading, whose own block is never left out
/// as boilerplate (an article in a "sidebar-and-content" container).
pub fn paragraph_text(html: &str, extracted: &str) -> Option<String> {
    let bodies: Vec<String> = crate::html_meta::article_bodies(html).iter().map(|body| lines_of_markup(body)).collect();
    if let Some(text) = enough(bodies) {
        return Some(text);
    }
    let page = Document::from(html);
    page.select(NOT_ARTICLE).remove();
    let anchor = extracted.lines().map(squeezed).find(|line| line.chars().count() >= COPY_LENGTH);
    for node in page.select("[class], [id]").nodes() {
        let boilerplate = [node.attr("class"), node.attr("id")].into_iter().flatten().any(|name| {
            name.to_lowercase().split(|c: char| !c.is_alphanumeric()).any(|word| BOILERPLATE_WORDS.contains(&word))
        });
        if boilerplate && !anchor.as_ref().is_some_and(|anchor| squeezed(&node.text()).contains(anchor.as_str())) {
            node.remove_from_parent();
        }
    }
    // Articles inside no other: a dominant one makes much shorter ones (teasers) noise.
    let articles: Vec<String> = page.select("article").nodes().iter().filter(|article| !article.ancestors_it(None).any(|a| is_named(&a, "article"))).map(block_text).filter(|text| text.len() > ENOUGH).collect();
    let longest = articles.iter().map(String::len).max().unwrap_or(0);
    if let Some(text) = enough(articles.into_iter().filter(|text| text.len() * 5 >= longest).collect()) {
        return Some(text);
    }
    let outermost = page.select(&PARAGRAPHS.join(", ")).nodes().iter().filter(|node| !node.ancestors_it(None).any(|a| PARAGRAPHS.iter().any(|name| is_named(&a, name)))).map(block_text).collect();
    enough(outermost)
}

/// The texts as one text, a copy of a long paragraph left out, when they make [`ENOUGH`].
fn enough(texts: Vec<String>) -> Option<String> {
    let mut text = String::new();
    for part in texts.iter().map(|part| part.trim()).filter(|part| !part.is_empty()) {
        if part.len() > COPY_LENGTH && text.contains(part) {
            continue;
        }
        if !text.is_empty() {
            text.push('\n');
        }
        text.push_str(part);
    }
    (text.len() > ENOUGH).then_some(text)
}

/// A JSON-LD body may hold markup ("<p>First.</p><p>Second.</p>"): its text, a line per block.
fn lines_of_markup(body: &str) -> String {
    // (Its character references read: "Smith &amp; Sons", and markup some pages escape once
    // more, "&lt;p&gt;First.")
    let body = if body.contains('&') && !body.contains('<') { crate::html_meta::unescape(body) } else { body.to_string() };
    if !body.contains('<') {
        return squeezed_lines(&body);
    }
    let fragment = Document::from(format!("<html><body>{body}</body></html>").as_str());
    fragment.select("body").nodes().first().map(block_text).unwrap_or_default()
}

/// An element's text with a line break at each block's edge, whitespace squeezed within lines.
fn block_text(node: &NodeRef) -> String {
    let mut raw = String::new();
    collect(node, &mut raw);
    squeezed_lines(&raw)
}

fn collect(node: &NodeRef, out: &mut String) {
    for child in node.children_it(false) {
        if child.is_text() {
            out.push_str(&child.text());
        } else if child.is_element() {
            let block = child.node_name().is_some_and(|name| BLOCKS.contains(&name.as_ref()));
            if block {
                out.push('\n');
            }
            collect(&child, out);
            if block {
                out.push('\n');
            }
        }
    }
}

fn squeezed_lines(text: &str) -> String {
    text.lines().map(|line| line.split_whitespace().collect::<Vec<_>>().join(" ")).filter(|line| !line.is_empty()).collect::<Vec<_>>().join("\n")
}

fn is_named(node: &NodeRef, name: &str) -> bool {
    node.node_name().is_some_and(|n| n.as_ref() == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SENTENCE: &str = "The council voted on Tuesday to close the old bridge over the river for repairs.";

    #[test]
    fn the_article_body_a_page_declares_comes_first() {
        let page = format!(
            r#"<script type="application/ld+json">{{"@type":"NewsArticle","articleBody":"<p>{SENTENCE}</p><p>{SENTENCE} Again.</p>"}}</script><body><p>Menu item</p></body>"#
        );
        assert_eq!(paragraph_text(&page, "").unwrap(), format!("{SENTENCE}\n{SENTENCE} Again."));
    }

    #[test]
    fn a_dominant_article_leaves_teaser_articles_out() {
        let long = [SENTENCE; 8].join(" ");
        let page = format!("<body><article><h1>Bridge closed</h1><p>{long}</p></article><article><p>Another story, with enough words to be read as a teaser of the site.</p></article></body>");
        assert_eq!(paragraph_text(&page, "").unwrap(), format!("Bridge closed\n{long}"));
    }

    #[test]
    fn paragraphs_wherever_they_stand_without_comments_footers_or_copies() {
        let page = format!(
            "<body><div class=main><p>{SENTENCE}</p><blockquote><p>{SENTENCE} Quoted.</p></blockquote><p>{SENTENCE}</p></div>\
             <div id=comments><p>Great article, thanks for writing it, I really enjoyed it!</p></div><footer><p>All rights reserved by the newspaper company.</p></footer></body>"
        );
        assert_eq!(paragraph_text(&page, "").unwrap(), format!("{SENTENCE}\n{SENTENCE} Quoted."));
    }

    #[test]
    fn noscript_paragraphs_are_read_and_blocks_keep_words_apart() {
        let page = format!("<body><noscript><p>{SENTENCE}</p><p>Second<br>line of it, and <b>bold</b> words.</p></noscript></body>");
        assert_eq!(paragraph_text(&page, "").unwrap(), format!("{SENTENCE}\nSecond\nline of it, and bold words."));
    }

    #[test]
    fn a_sidebars_teasers_are_left_out_unless_the_extractor_read_the_article_there() {
        let teasers: String = (1..=6).map(|n| format!("<p>Teaser {n} of another story, long enough to count as a paragraph of the page.</p>")).collect();
        let page = format!("<body><div class=story><p>{SENTENCE}</p></div><div class=\"most-read\">{teasers}</div></body>");
        assert_eq!(paragraph_text(&page, SENTENCE), None);
        let page = format!("<body><div class=\"sidebar-and-content-body\"><p>{SENTENCE}</p><p>{SENTENCE} Second.</p></div></body>");
        assert_eq!(paragraph_text(&page, SENTENCE).unwrap(), format!("{SENTENCE}\n{SENTENCE} Second."));
    }

    #[test]
    fn too_little_text_is_no_reading() {
        assert_eq!(paragraph_text("<body><p>Short.</p></body>", ""), None);
    }
}
