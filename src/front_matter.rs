//! Front matter: the metadata block a Markdown file of a static site or a notes app opens with
//! (Jekyll, Hugo, Obsidian...): YAML between `---` lines, or TOML between `+++` lines. Its title,
//! date and authors are the document's; the block itself is never article text.

use std::ops::Range;

use yaml_rust2::{Yaml, YamlLoader};

use crate::stages::clean::metadata::{find_date, iso_date};

/// What a file's front matter says, with offsets into the file's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrontMatter {
    /// Where the block ends: just after its closing fence line.
    pub end: usize,
    /// The title's own characters inside the block (`title: "Storm hits"` → `Storm hits`), when
    /// they are written there as they read.
    pub title: Option<Range<usize>>,
    /// ISO 8601 `YYYY-MM-DD`.
    pub published: Option<String>,
    /// Names, `; `-separated.
    pub authors: Option<String>,
}

const TITLE_KEYS: &[&str] = &["title", "headline"];
const DATE_KEYS: &[&str] = &["date", "published", "publishDate", "pubDate", "date_published", "created"];
const AUTHOR_KEYS: &[&str] = &["author", "authors", "byline"];

/// The front matter `text` opens with, if any: a fenced block that parses as a table holding at
/// least one of the keys above (so a file that merely starts with a `---` rule is left alone).
pub fn read(text: &str) -> Option<FrontMatter> {
    // A byte order mark (Windows editors write one) comes before the block.
    let bom = if text.starts_with('\u{feff}') { '\u{feff}'.len_utf8() } else { 0 };
    let mut front = read_block(&text[bom..])?;
    front.end += bom;
    front.title = front.title.map(|title| title.start + bom..title.end + bom);
    Some(front)
}

/// Pandoc's title block: up to three lines opening with `% `, the title, the authors (`;`-
/// separated) and the date, each line present or left empty (`%`).
fn pandoc_title_block(text: &str) -> Option<FrontMatter> {
    let mut lines = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n').take(3) {
        let Some(value) = line.trim_end().strip_prefix('%') else { break };
        if !(value.is_empty() || value.starts_with(' ')) {
            break;
        }
        let value_at = at + 1 + (value.len() - value.trim_start().len());
        lines.push(value_at..value_at + value.trim().len());
        at += line.len();
    }
    let field = |n: usize| lines.get(n).filter(|span| !span.is_empty()).map(|span| &text[span.clone()]);
    let title = lines.first().filter(|span| !span.is_empty()).cloned();
    let authors = field(1).map(|names| names.split(';').map(str::trim).filter(|name| !name.is_empty()).collect::<Vec<_>>().join("; "));
    let published = field(2).and_then(find_date).map(iso_date);
    // (A text opening with "% of voters ..." is no title block: it has no line of authors or date.)
    (title.is_some() && (authors.is_some() || published.is_some())).then_some(FrontMatter { end: at, title, published, authors })
}

fn read_block(text: &str) -> Option<FrontMatter> {
    if text.starts_with('%') {
        return pandoc_title_block(text);
    }
    let fence = ["---", "+++"].into_iter().find(|fence| first_line(text) == *fence)?;
    let body_start = text.find('\n')? + 1;
    // The closing fence: a line of its own (YAML may also close with `...`).
    let mut at = body_start;
    let (body_end, end) = loop {
        let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i + 1);
        let line = text[at..line_end].trim_end();
        if line == fence || (fence == "---" && line == "...") {
            break (at, line_end);
        }
        if line_end == text.len() {
            return None;
        }
        at = line_end;
    };
    let block = &text[body_start..body_end];
    let fields = if fence == "---" { yaml_fields(block)? } else { toml_fields(block)? };
    if fields.title.is_none() && fields.date.is_none() && fields.authors.is_none() {
        return None;
    }
    // The title's characters as the block writes them; with escapes or folding, the value as
    // written (`"Minister: \"no crisis\""`, a `>-` block's lines): text stays verbatim.
    let title = fields.title.filter(|t| !t.trim().is_empty()).and_then(|title| {
        let title = title.trim();
        let span = block.find(title).map(|at| at..at + title.len()).or_else(|| written_value(block, TITLE_KEYS))?;
        Some(body_start + span.start..body_start + span.end)
    });
    Some(FrontMatter {
        end,
        title,
        published: fields.date.as_deref().and_then(find_date).map(iso_date),
        // "Ann Lee, Bob Ray" or "Ann Lee and Bob Ray" in one string: the names, as from JSONL.
        authors: fields.authors.map(|names| crate::stages::clean::metadata::split_names(&names).join("; ")).filter(|names| !names.is_empty()),
    })
}

/// Where the value of the first of `keys` is written in a YAML block (any case): inside its
/// quotes, or a folded or literal block's lines (`title: >-` and the indented lines under it).
fn written_value(block: &str, keys: &[&str]) -> Option<Range<usize>> {
    let mut offset = 0;
    let mut lines = block.split_inclusive('\n').map(|line| {
        let at = offset;
        offset += line.len();
        (at, line)
    });
    while let Some((at, line)) = lines.next() {
        let Some((key, value)) = line.split_once(':') else { continue };
        if !keys.iter().any(|k| k.eq_ignore_ascii_case(key.trim())) || key.starts_with(char::is_whitespace) {
            continue;
        }
        let value_at = at + key.len() + 1 + (value.len() - value.trim_start().len());
        let value = value.trim();
        if let Some(quote) = value.chars().next().filter(|c| matches!(c, '"' | '\'')) {
            let inner = value[1..].strip_suffix(quote)?;
            return (!inner.trim().is_empty()).then(|| value_at + 1..value_at + 1 + inner.len());
        }
        if value.starts_with(['>', '|']) {
            // The indented lines under the key, first to last non-blank character.
            let folded: Vec<(usize, &str)> = lines.take_while(|(_, l)| l.starts_with([' ', '\t']) || l.trim().is_empty()).filter(|(_, l)| !l.trim().is_empty()).collect();
            let (first_at, first) = folded.first()?;
            let (last_at, last) = folded.last()?;
            return Some(first_at + (first.len() - first.trim_start().len())..last_at + last.trim_end().len());
        }
        return None;
    }
    None
}

fn first_line(text: &str) -> &str {
    text.split('\n').next().unwrap_or("").trim_end()
}

#[derive(Default)]
struct Fields {
    title: Option<String>,
    date: Option<String>,
    authors: Option<String>,
}

/// A name as a note-taking app links it (Obsidian's web clipper writes `"[[Jane Doe]]"`, or
/// `"[[Jane Doe|Jane]]"`): the name itself.
fn unlinked(name: &str) -> String {
    let name = name.trim();
    match name.strip_prefix("[[").and_then(|inner| inner.strip_suffix("]]")) {
        Some(inner) => inner.split('|').next().unwrap_or(inner).trim().to_string(),
        None => name.to_string(),
    }
}

fn yaml_fields(block: &str) -> Option<Fields> {
    let documents = YamlLoader::load_from_str(block).ok()?;
    let table = documents.first()?;
    // (Keys in any case: "Title:", "Author:", as notes apps let people write them.)
    let hash = table.as_hash()?;
    // (A key as written first: `date:` over `Date:` when both are there.)
    let find = |same: &dyn Fn(&str) -> bool| hash.iter().find(|(k, value)| k.as_str().is_some_and(same) && !value.is_badvalue() && !value.is_null()).map(|(_, value)| value);
    let get = |keys: &[&str]| keys.iter().find_map(|key| find(&|k| k == *key)).or_else(|| keys.iter().find_map(|key| find(&|k| k.eq_ignore_ascii_case(key))));
    let scalar = |value: &Yaml| match value {
        Yaml::String(s) | Yaml::Real(s) => Some(s.clone()),
        Yaml::Integer(i) => Some(i.to_string()),
        _ => None,
    };
    let names = |value: &Yaml| match value {
        Yaml::Array(items) => Some(
            items
                .iter()
                // A list of names, or of tables with a name (`- name: Jane Doe`).
                .filter_map(|item| scalar(item).or_else(|| scalar(&item["name"])))
                .map(|name| unlinked(&name))
                .filter(|name| !name.is_empty())
                .collect::<Vec<_>>()
                .join("; "),
        ),
        other => scalar(other).or_else(|| scalar(&other["name"])).map(|name| unlinked(&name)),
    };
    Some(Fields {
        title: get(TITLE_KEYS).and_then(scalar),
        date: get(DATE_KEYS).and_then(scalar),
        authors: get(AUTHOR_KEYS).and_then(names),
    })
}

fn toml_fields(block: &str) -> Option<Fields> {
    let table: toml::Table = block.parse().ok()?;
    let get = |keys: &[&str]| keys.iter().find_map(|key| table.get(*key)).or_else(|| keys.iter().find_map(|key| table.iter().find(|(k, _)| k.eq_ignore_ascii_case(key)).map(|(_, value)| value)));
    let scalar = |value: &toml::Value| match value {
        toml::Value::String(s) => Some(s.clone()),
        toml::Value::Datetime(d) => Some(d.to_string()),
        _ => None,
    };
    let names = |value: &toml::Value| match value {
        toml::Value::Array(items) => Some(items.iter().filter_map(scalar).map(|n| n.trim().to_string()).filter(|n| !n.is_empty()).collect::<Vec<_>>().join("; ")),
        other => scalar(other),
    };
    Some(Fields { title: get(TITLE_KEYS).and_then(scalar), date: get(DATE_KEYS).and_then(scalar), authors: get(AUTHOR_KEYS).and_then(names) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_written_with_escapes_or_folded_is_the_value_as_written() {
        // Regression: such a title was dropped, and the article's lede became the title.
        let title = |text: &str| read(text).and_then(|front| front.title.map(|span| text[span].to_string()));
        assert_eq!(title("---\ntitle: \"Shootings \\\"not organised crime\\\" - police\"\ndate: 2022-07-16\n---\nBody.\n").as_deref(), Some("Shootings \\\"not organised crime\\\" - police"));
        assert_eq!(title("---\ntitle: 'Shootings ''not organised'' - police'\n---\nBody.\n").as_deref(), Some("Shootings ''not organised'' - police"));
        assert_eq!(title("---\ntitle: >-\n  Shootings in Gauteng\n  not organised crime\ndate: 2022-07-16\n---\nBody.\n").as_deref(), Some("Shootings in Gauteng\n  not organised crime"));
        // Keys in capitals, as people type them in notes apps.
        let front = read("---\nTitle: Storm hits the coast\nAuthor: Jane Doe\nDate: 2022-07-16\n---\nBody.\n").unwrap();
        assert_eq!(front.published.as_deref(), Some("2022-07-16"));
        assert_eq!(front.authors.as_deref(), Some("Jane Doe"));
        assert!(front.title.is_some());
        // (The key as written wins over another case of it.)
        assert_eq!(read("---\nDate: 2024-03-05\ndate: 2023-01-01\n---\nBody.\n").unwrap().published.as_deref(), Some("2023-01-01"));
    }

    #[test]
    fn a_pandoc_title_block_gives_title_authors_and_date() {
        // Regression: "% Title" was the title with its mark, and the block was article text.
        let text = "% Shootings are not organised crime, police say\n% Jane Doe; John Roe\n% 16 July 2022\n\nThe police said on Friday.\n";
        let front = read(text).unwrap();
        assert_eq!(&text[front.title.clone().unwrap()], "Shootings are not organised crime, police say");
        assert_eq!(front.authors.as_deref(), Some("Jane Doe; John Roe"));
        assert_eq!(front.published.as_deref(), Some("2022-07-16"));
        assert_eq!(&text[front.end..], "\nThe police said on Friday.\n");
        assert_eq!(read("% of voters backed the plan\n\nThe council met.\n"), None);
    }

    #[test]
    fn wiki_linked_authors_are_their_names() {
        // Regression: Obsidian's web clipper's `author: - "[[Name]]"` came out with its brackets.
        let text = "---\ntitle: \"Gas prices\"\nauthor:\n  - \"[[Tomasz Wiśniewski]]\"\n  - \"[[Ana Ruiz|Ana]]\"\n---\n\nBody.\n";
        assert_eq!(read(text).unwrap().authors.as_deref(), Some("Tomasz Wiśniewski; Ana Ruiz"));
        // One string of names is split as a JSONL field's is.
        assert_eq!(read("---\nauthor: Ann Lee and Bob Ray\n---\nBody.\n").unwrap().authors.as_deref(), Some("Ann Lee; Bob Ray"));
    }

    #[test]
    fn yaml_front_matter_gives_title_date_and_authors() {
        let text = "---\ntitle: \"Council approves budget\"\ndate: 2024-03-05T10:00:00+01:00\nauthors:\n  - Jane Doe\n  - name: John Roe\ntags: [a, b]\n---\n\nThe council met.\n";
        let front = read(text).unwrap();
        assert_eq!(&text[front.title.clone().unwrap()], "Council approves budget");
        assert_eq!(front.published.as_deref(), Some("2024-03-05"));
        assert_eq!(front.authors.as_deref(), Some("Jane Doe; John Roe"));
        assert_eq!(&text[front.end..], "\nThe council met.\n");
    }

    #[test]
    fn toml_front_matter_and_plain_values() {
        let text = "+++\ntitle = 'Storm hits coast'\ndate = 2023-01-02\nauthor = 'Sam Hill'\n+++\nBody.\n";
        let front = read(text).unwrap();
        assert_eq!(&text[front.title.unwrap()], "Storm hits coast");
        assert_eq!(front.published.as_deref(), Some("2023-01-02"));
        assert_eq!(front.authors.as_deref(), Some("Sam Hill"));
        assert_eq!(&text[front.end..], "Body.\n");
    }

    #[test]
    fn no_front_matter_where_there_is_none() {
        // A thematic break and a heading, not metadata.
        assert_eq!(read("---\nSome heading\n---\nText.\n"), None);
        // Never closed.
        assert_eq!(read("---\ntitle: x\nText.\n"), None);
        assert_eq!(read("Plain text.\n"), None);
        // Not YAML.
        assert_eq!(read("---\ntitle: [unclosed\n---\n"), None);
    }
}
