//! trafilatura's XML and XML-TEI outputs (`trafilatura --xml`, `--xmltei`): an extracted article
//! with its metadata, read as the document it holds (its markup would be sentences and its
//! attributes the title otherwise).

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

/// What an export says of its article.
#[derive(Debug, Default, PartialEq)]
pub struct Article {
    pub title: Option<String>,
    /// As written ("Jane Doe; John Roe").
    pub authors: Option<String>,
    /// As written ("2021-02-21").
    pub date: Option<String>,
    /// The main text's blocks (paragraphs, headings, list items, quotes, table rows), in order.
    pub blocks: Vec<String>,
}

/// Elements whose text is one block of the article.
const BLOCKS: &[&[u8]] = &[b"p", b"head", b"item", b"quote", b"row", b"code", b"ab"];

/// The article of a trafilatura export (`<doc>` or `<TEI>` at its root), `None` for any other
/// text (or XML that does not parse).
pub fn article(text: &str) -> Option<Article> {
    let start = text.trim_start_matches('\u{feff}').trim_start();
    if !(start.starts_with("<doc") || start.starts_with("<TEI") || start.starts_with("<?xml")) {
        return None;
    }
    let mut reader = Reader::from_str(text);
    let mut article = Article::default();
    // Where the reader is: the element names open, and the block being read.
    let mut open: Vec<Vec<u8>> = Vec::new();
    let mut block: Option<String> = None;
    // The header's field being read (TEI: <title>, <author>, <date> inside <teiHeader>).
    let mut field: Option<(Vec<u8>, String)> = None;
    let mut tei = false;
    loop {
        let event = reader.read_event().ok()?;
        let inside = |name: &[u8], open: &[Vec<u8>]| open.iter().any(|element| element == name);
        match event {
            Event::Start(element) => {
                let name = element.local_name().as_ref().to_vec();
                if open.is_empty() {
                    match name.as_slice() {
                        b"doc" => read_doc_attributes(&element, &mut article),
                        b"TEI" => tei = true,
                        _ => return None,
                    }
                }
                // (TEI's comments are a <div type="comments">: kept apart as <comments> is.)
                let comments = name == b"div" && element.attributes().flatten().any(|a| a.key.as_ref() == b"type" && a.value.as_ref() == b"comments");
                open.push(if comments { b"comments".to_vec() } else { name.clone() });
                let in_header = inside(b"teiHeader", &open);
                if in_header && matches!(name.as_slice(), b"title" | b"author" | b"date") && field.is_none() {
                    field = Some((name, String::new()));
                } else if main_text(&open, tei) && BLOCKS.contains(&name.as_slice()) && block.is_none() {
                    block = Some(String::new());
                }
            }
            Event::Empty(element) => {
                if element.local_name().as_ref() == b"lb" {
                    if let Some(block) = block.as_mut() {
                        block.push('\n');
                    }
                }
            }
            Event::End(element) => {
                let name = element.local_name().as_ref().to_vec();
                if let Some((field_name, value)) = field.take_if(|(field_name, _)| *field_name == name) {
                    let value = value.split_whitespace().collect::<Vec<_>>().join(" ");
                    let slot = match field_name.as_slice() {
                        b"title" => &mut article.title,
                        b"author" => &mut article.authors,
                        _ => &mut article.date,
                    };
                    if slot.is_none() && !value.is_empty() {
                        *slot = Some(value);
                    }
                }
                if BLOCKS.contains(&name.as_slice()) && open.iter().filter(|open| BLOCKS.contains(&open.as_slice())).count() == 1 {
                    if let Some(text) = block.take() {
                        let text = text.lines().map(|line| line.split_whitespace().collect::<Vec<_>>().join(" ")).filter(|line| !line.is_empty()).collect::<Vec<_>>().join("\n");
                        if !text.is_empty() {
                            article.blocks.push(text);
                        }
                    }
                }
                open.pop();
            }
            Event::Text(text) => push(&mut block, &mut field, &text.decode().ok()?),
            Event::CData(text) => push(&mut block, &mut field, &text.decode().ok()?),
            Event::GeneralRef(reference) => {
                let character = match reference.resolve_char_ref().ok()? {
                    Some(character) => character,
                    None => match &*reference as &[u8] {
                        b"amp" => '&',
                        b"lt" => '<',
                        b"gt" => '>',
                        b"quot" => '"',
                        b"apos" => '\'',
                        _ => continue,
                    },
                };
                push(&mut block, &mut field, character.encode_utf8(&mut [0; 4]));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    (!article.blocks.is_empty()).then_some(article)
}

/// Inside the article's main text: `<main>` of a `<doc>`, the `<body>` of a TEI's `<text>`, and
/// not its comments (`<comments>`, TEI's `<div type="comments">`, seen by its name here).
fn main_text(open: &[Vec<u8>], tei: bool) -> bool {
    let has = |name: &[u8]| open.iter().any(|element| element == name);
    match tei {
        true => has(b"text") && has(b"body") && !has(b"comments"),
        false => has(b"main") && !has(b"comments"),
    }
}

fn push(block: &mut Option<String>, field: &mut Option<(Vec<u8>, String)>, text: &str) {
    if let Some((_, value)) = field.as_mut() {
        value.push_str(text);
    } else if let Some(block) = block.as_mut() {
        block.push_str(text);
    }
}

/// A `<doc>`'s attributes: title, author and date.
fn read_doc_attributes(element: &BytesStart, article: &mut Article) {
    for attribute in element.attributes().flatten() {
        let Ok(value) = attribute.unescape_value() else { continue };
        let value = value.trim().to_string();
        if value.is_empty() {
            continue;
        }
        match attribute.key.as_ref() {
            b"title" => article.title = Some(value),
            b"author" => article.authors = Some(value),
            b"date" => article.date = Some(value),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_trafilatura_doc_is_its_article() {
        let xml = r#"<doc sitename="example.jp" title="Tokyo Olympics &amp; the heat" author="Jane Doe; John Roe" date="2021-02-21" url="https://example.jp/a" hostname="example.jp">
  <main>
    <head rend="h2">Organisers meet</head>
    <p>Organisers of the Tokyo Olympics met on Monday.<lb/>They spoke of &#8220;heat&#8221;.</p>
    <list rend="ul"><item>First, water.</item><item>Then <hi rend="b">shade</hi>.</item></list>
  </main>
  <comments><p>Great article!</p></comments>
</doc>"#;
        let article = article(xml).unwrap();
        assert_eq!(article.title.as_deref(), Some("Tokyo Olympics & the heat"));
        assert_eq!(article.authors.as_deref(), Some("Jane Doe; John Roe"));
        assert_eq!(article.date.as_deref(), Some("2021-02-21"));
        assert_eq!(article.blocks, ["Organisers meet", "Organisers of the Tokyo Olympics met on Monday.\nThey spoke of “heat”.", "First, water.", "Then shade."]);
    }

    #[test]
    fn a_tei_file_is_its_article() {
        let xml = r#"<?xml version="1.0" encoding="utf-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title type="main">Floods in Nairobi</title><author>Maria Alvarez</author></titleStmt>
<publicationStmt><publisher>Example</publisher></publicationStmt><sourceDesc><bibl>Floods in Nairobi, Maria Alvarez, <date>2024-03-05</date>.</bibl></sourceDesc></fileDesc></teiHeader>
<text><body><div type="entry"><p>Heavy rain flooded Nairobi on Tuesday.</p><p>Schools closed.</p></div><div type="comments"><p>So sad.</p></div></body></text></TEI>"#;
        let article = article(xml).unwrap();
        assert_eq!((article.title.as_deref(), article.authors.as_deref(), article.date.as_deref()), (Some("Floods in Nairobi"), Some("Maria Alvarez"), Some("2024-03-05")));
        assert_eq!(article.blocks, ["Heavy rain flooded Nairobi on Tuesday.", "Schools closed."]);
    }

    #[test]
    fn other_text_and_other_xml_are_none() {
        assert!(article("Storm hits Lisbon\n\nA storm hit Lisbon on Monday.").is_none());
        assert!(article("<rss><channel><item><title>x</title></item></channel></rss>").is_none());
        assert!(article("<doc><main><p>unclosed").is_none());
    }
}
