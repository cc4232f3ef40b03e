//! What an HTML page's metadata says that the extractor's reading of it loses: every author
//! (the extractor keeps the first) and the publication date as the page writes it (the
//! extractor moves it to UTC, which can be the day before or after).
//!
//! A scan of the page's text, not a second parse: JSON-LD scripts and `<meta>` tags are found by
//! pattern, the JSON-LD read with serde_json.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use chrono::{DateTime, NaiveDate, Utc};
use regex::Regex;

use crate::stages::clean::metadata::split_names;

static JSON_LD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?is)<script[^>]*type\s*=\s*["']?application/ld\+json["']?[^>]*>(.*?)</script>"#).expect("valid pattern"));
static META: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"(?is)<meta\s[^>]*>"#).expect("valid pattern"));
static ATTRIBUTE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?is)([a-z:_-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')"#).expect("valid pattern"));
/// Words of a link to an author's own pages ("View all posts by", "Follow Jane on Twitter").
/// (Words a story's headline seldom holds: "More rain expected", "Bridge closed by floods".)
const AUTHOR_LINK_WORDS: &[&str] = &["follow", "posts", "articles", "stories", "email", "bio", "profile", "author", "contact", "twitter", "facebook", "instagram", "linkedin"];
/// More words than this between two authors' elements (tags left out) are the article's
/// paragraphs: a quote's credit below them is no author.
const BETWEEN_AUTHORS_WORDS: usize = 40;
/// A link and its content.
static LINK: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?is)<a\b[^>]*>(.*?)</a>").expect("valid pattern"));
/// Elements marked as the author's at most this many bytes apart are one byline (an author's
/// card with a headshot's picture sources takes about a thousand).
const BYLINE_ELEMENTS_APART: usize = 3000;
/// An element marked as the author's (`itemprop="author"`, `rel="author"`, a class naming an
/// author or byline) and what follows its tag up to the next closing tag of a block or name.
static AUTHOR_ELEMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?is)<[a-z][a-z0-9]*\s[^>]*(?:itemprop|rel|class)\s*=\s*["']?([^"'>]*(?:author|byline)[^"'>]*)["']?[^>]*>(.{0,300}?)</(?:p|div|span|a|address|li)>"#)
        .expect("valid pattern")
});
/// A paragraph that opens with "By" and a capital: a byline the page shows without marking it.
static BY_PARAGRAPH: LazyLock<Regex> =
    // (Case-sensitive: under `(?i)` `\p{Lu}` matches any letter, and "By clicking Accept" is no byline.)
    LazyLock::new(|| Regex::new(r#"(?s)<(?i:p|div|address)(?:\s[^>]*)?>\s*(?:<(?i:i|em|b|strong|span|small)(?:\s[^>]*)?>\s*)*((?:By|BY)\s+\p{Lu}[^<]{1,120})<"#).expect("valid pattern"));
static TAG: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"<[^>]*>").expect("valid pattern"));
static DATE_TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})").expect("valid pattern")
});

/// Every author the page's JSON-LD (an article's `author`: a name, a person, a list of them)
/// or its `<meta name="author">` tags name, else its visible byline (elements marked as the
/// author's, or a paragraph that opens with "By"), in order, `; `-separated. `None` when they
/// name none.
pub fn authors(html: &str) -> Option<String> {
    let mut names: Vec<String> = Vec::new();
    let scripts: Vec<serde_json::Value> = JSON_LD.captures_iter(html).filter_map(|script| serde_json::from_str(script[1].trim()).ok()).collect();
    // A graph names its people once and refers to them by `@id` (Yoast SEO writes pages so).
    let mut people: HashMap<String, (String, bool)> = HashMap::new();
    for value in &scripts {
        index_names(value, &mut people);
    }
    // (name, an organisation's): an outlet credited beside its reporters ("Hannah Ko; Reuters")
    // is not one of the people; alone, it is the credit.
    let mut credited: Vec<(String, bool)> = Vec::new();
    for value in &scripts {
        collect_authors(value, &people, &mut credited);
    }
    let any_person = credited.iter().any(|(_, organisation)| !organisation);
    names.extend(credited.into_iter().filter(|(_, organisation)| !(any_person && *organisation)).map(|(name, _)| name));
    if names.is_empty() {
        for tag in META.find_iter(html) {
            let attributes = attributes(tag.as_str());
            let named_author = attributes.iter().any(|(key, value)| key == "name" && value.eq_ignore_ascii_case("author"));
            if let Some((_, content)) = attributes.iter().find(|(key, _)| key == "content").filter(|_| named_author) {
                names.extend(names_of_authors(content));
            }
        }
    }
    // A placeholder names nobody (WordPress's default author "admin"); the site's own name
    // credits the outlet, and a byline the page shows names its writers instead.
    names.retain(|name| !placeholder_author(name));
    let only_the_site = !names.is_empty() && names.iter().all(|name| names_the_site(html, name));
    if names.is_empty() || only_the_site {
        let mut shown = shown_authors(html);
        // (A related story's teaser marks its author as the article's byline does.)
        if !shown.is_empty() {
            let credited = credited_outside_comments(html);
            shown.retain(|name| credited(name));
        }
        if !shown.is_empty() || names.is_empty() {
            names = shown;
        }
    }
    let mut unique: Vec<String> = Vec::new();
    for name in names.into_iter().map(|n| n.split_whitespace().collect::<Vec<_>>().join(" ")).filter(|n| !n.is_empty()) {
        if !unique.contains(&name) {
            unique.push(name);
        }
    }
    (!unique.is_empty()).then(|| unique.join("; "))
}

/// Authors a content system writes when nobody was named.
const PLACEHOLDER_AUTHORS: &[&str] = &["admin", "administrator", "webmaster", "root", "author", "user", "unknown", "anonymous", "n/a", "none", "null"];

/// Whether an author a page's metadata gives names nobody ("admin").
pub fn placeholder_author(name: &str) -> bool {
    PLACEHOLDER_AUTHORS.contains(&name.trim().to_lowercase().as_str())
}

/// Words of a class or id that mark the parts of a page naming people who did not write the
/// article: its comments, replies and related stories' teasers (as words of the name:
/// "comment-author", "w-comments-item", "disqus_thread"; not "commentary-meta" or "unrelated").
const NOT_THE_ARTICLES: &[&str] = &["comment", "comments", "commentlist", "commentform", "respond", "reply", "replies", "related", "relatedposts", "disqus"];

/// The element is a comment, a comment form ("Name (required)"), a reply or a teaser of a
/// related story.
fn not_the_articles(element: &dom_query::NodeRef) -> bool {
    let marked = |value: Option<&str>| {
        value.is_some_and(|value| value.split(|c: char| c.is_whitespace() || c == '-' || c == '_').any(|word| NOT_THE_ARTICLES.contains(&word.to_lowercase().as_str())))
    };
    element.node_name().as_deref() == Some("form") || marked(element.attr("class").as_deref()) || marked(element.attr("id").as_deref())
}

/// Whether a name (an author the extractor or a byline element gives) is no commenter's, comment
/// form's or teaser's: the page's text holds it outside its comments and related stories, or not
/// at all (a tag's value). The page is read once for all the names asked about.
pub fn credited_outside_comments(html: &str) -> impl Fn(&str) -> bool {
    let squeezed = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
    let page = dom_query::Document::from(html);
    page.select("script, style, template").remove();
    let whole = squeezed(&page.select("body").text());
    // (Not a wrapper of the whole page: a body's class "showing-comments".)
    for region in page.select("form, [class], [id]").nodes().iter().filter(|element| not_the_articles(element)) {
        if region.text().len() * 2 < whole.len() {
            region.remove_from_parent();
        }
    }
    let outside = squeezed(&page.select("body").text());
    move |name: &str| {
        let name = squeezed(name);
        !whole.contains(&name) || outside.contains(&name)
    }
}

/// The names of the byline the page shows: the first element marked as the author's that
/// names someone, with the marked elements right after it (a name each: "By <span>Jane
/// Doe</span> and <span>John Roe</span>"), else the first paragraph that opens with "By".
/// (Teasers of other stories further down show their own bylines.)
fn shown_authors(html: &str) -> Vec<String> {
    let read = |inner: &str| {
        let text = TAG.replace_all(inner, " ");
        let text = text.replace("&nbsp;", " ").replace("&amp;", "&");
        // (An element holding only a reporter's description is no name: "Seattle Times business
        // reporter"; "Jane Doe, business reporter" names her.)
        let separated = text.contains([',', '|', '·', '•', '–', '—', '-', ':']);
        let description = !separated && text.split_whitespace().last().is_some_and(|word| word.starts_with(char::is_lowercase) && crate::stages::clean::metadata::role_only(word));
        let byline = crate::stages::clean::metadata::byline(&text).filter(|_| !description);
        byline.map(|byline| byline.names.split("; ").map(String::from).collect::<Vec<_>>()).unwrap_or_default()
    };
    // A comment's author, an author's bio or picture is not the article's byline.
    let the_articles = |marks: &str| !["comment", "bio", "avatar", "reply"].iter().any(|word| marks.to_ascii_lowercase().contains(word));
    // Between two authors of one byline stand words ("and", a role, what each covers, links to
    // their pages: "View all posts by Jane Doe") and pictures; between two stories' bylines, a
    // link to the story, its headline; between the byline and a quote's credit, paragraphs.
    let one_byline = |between: &str| {
        let authors_link = |text: &str| text.split(|c: char| !c.is_alphanumeric()).any(|w| AUTHOR_LINK_WORDS.contains(&w.to_lowercase().as_str()));
        let story_link = LINK.captures_iter(between).any(|link| {
            let text = TAG.replace_all(&link[1], " ");
            text.split_whitespace().nth(2).is_some() && !authors_link(&text)
        });
        !story_link && TAG.replace_all(between, " ").split_whitespace().nth(BETWEEN_AUTHORS_WORDS).is_none()
    };
    let mut marked: Vec<String> = Vec::new();
    let mut last_end: Option<usize> = None;
    for element in AUTHOR_ELEMENT.captures_iter(html).filter(|c| the_articles(&c[1])) {
        let whole = element.get(0).expect("a match");
        if last_end.is_some_and(|end| whole.start() > end + BYLINE_ELEMENTS_APART || !one_byline(&html[end..whole.start()])) {
            break;
        }
        let names = read(&element[2]);
        if !names.is_empty() || last_end.is_some() {
            last_end = Some(whole.end());
        }
        marked.extend(names);
    }
    if !marked.is_empty() {
        return marked;
    }
    BY_PARAGRAPH.captures_iter(html).map(|c| read(&c[1])).find(|names| !names.is_empty()).unwrap_or_default()
}

/// The `author` values of every article in a JSON-LD document (`@graph` and nested objects
/// included; a comment's or a review's author is not the article's), in document order.
fn collect_authors(value: &serde_json::Value, people: &HashMap<String, (String, bool)>, names: &mut Vec<(String, bool)>) {
    match value {
        serde_json::Value::Array(items) => items.iter().for_each(|item| collect_authors(item, people, names)),
        serde_json::Value::Object(object) => {
            if let Some(author) = object.get("author").filter(|_| object.get("@type").is_some_and(is_article)) {
                author_names(author, people, names);
            }
            for (key, child) in object {
                if key != "author" && (child.is_object() || child.is_array()) {
                    collect_authors(child, people, names);
                }
            }
        }
        _ => {}
    }
}

fn author_names(author: &serde_json::Value, people: &HashMap<String, (String, bool)>, names: &mut Vec<(String, bool)>) {
    match author {
        serde_json::Value::String(name) => names.extend(names_of_authors(name).into_iter().map(|name| (name, false))),
        serde_json::Value::Object(person) => {
            let referenced = person.get("@id").and_then(|id| id.as_str()).and_then(|id| people.get(id));
            // (A reference that repeats the name: the node it refers to says what it is.)
            let named = person.get("name").and_then(|n| n.as_str()).map(|name| (name, organisation(person) || referenced.is_some_and(|(_, organisation)| *organisation)));
            if let Some((name, organisation)) = named.or(referenced.map(|(name, organisation)| (name.as_str(), *organisation))) {
                names.extend(names_of_authors(name).into_iter().map(|name| (name, organisation)));
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|item| author_names(item, people, names)),
        _ => {}
    }
}

/// The node's `@type` (a string or a list) names an organisation.
fn organisation(node: &serde_json::Map<String, serde_json::Value>) -> bool {
    let named = |kind: &serde_json::Value| kind.as_str().is_some_and(|kind| kind.contains("Organization"));
    match node.get("@type") {
        Some(serde_json::Value::Array(kinds)) => kinds.iter().any(named),
        Some(kind) => named(kind),
        None => false,
    }
}

/// The `name` of every JSON-LD node that has an `@id`, and whether it is an organisation, by
/// that id.
fn index_names(value: &serde_json::Value, people: &mut HashMap<String, (String, bool)>) {
    match value {
        serde_json::Value::Array(items) => items.iter().for_each(|item| index_names(item, people)),
        serde_json::Value::Object(object) => {
            if let (Some(id), Some(name)) = (object.get("@id").and_then(|v| v.as_str()), object.get("name").and_then(|v| v.as_str())) {
                people.entry(id.to_string()).or_insert_with(|| (name.to_string(), organisation(object)));
            }
            object.values().filter(|child| child.is_object() || child.is_array()).for_each(|child| index_names(child, people));
        }
        _ => {}
    }
}

/// The page's headline where the extractor's `title` is not it: a live blog's own JSON-LD
/// `headline` where the extractor took one of its updates'; the `<title>` element's part that
/// holds `title` where the extractor cut it at a colon ("Brexit: May faces fresh revolt | The
/// Times" is "Brexit: May faces fresh revolt", not "May faces fresh revolt"; site names after
/// "|", "–" or " - " stay cut); the `<title>`'s longest part where the extractor read other
/// `<title>` elements (icons'). `None` when `title` is the headline.
pub fn headline(html: &str, title: &str) -> Option<String> {
    let collapse = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let read = |raw: &str| collapse(&unescape(raw));
    let title = collapse(title);
    // Every article's headline in the JSON-LD, outermost first: when the extractor took a nested
    // one (a live blog's update), the outermost is the page's.
    let mut headlines: Vec<(usize, String)> = Vec::new();
    for script in JSON_LD.captures_iter(html) {
        if let Ok(value) = serde_json::from_str::<serde_json::Value>(script[1].trim()) {
            article_headlines(&value, 0, false, &mut headlines);
        }
    }
    let headlines: Vec<(usize, String)> = headlines.into_iter().map(|(depth, h)| (depth, read(&h))).collect();
    let nested = headlines.iter().any(|(depth, h)| *depth > 0 && *h == title) && !headlines.iter().any(|(depth, h)| *depth == 0 && *h == title);
    if let Some((_, outermost)) = headlines.iter().find(|(depth, _)| *depth == 0).filter(|_| nested) {
        return Some(outermost.clone());
    }
    let headlines: Vec<String> = headlines.into_iter().map(|(_, h)| h).collect();
    if let Some(whole) = whole_of_cut(html, &title, &headlines) {
        return Some(whole);
    }
    // The page's own <title>, in its head (icons' <svg><title>s are in the body).
    let raw = raw_title(html)?;
    if raw.contains(title.as_str()) && !raw.contains(':') {
        return None;
    }
    let element = read(raw);
    let parts = || SITE_SEPARATOR.split(&element).map(str::trim).filter(|part| !part.is_empty());
    if element.contains(title.as_str()) {
        return parts().find(|part| part.len() > title.len() && part.contains(title.as_str()) && part.contains(':')).map(String::from);
    }
    // A title found in neither the <title> nor the page's JSON-LD, og:title, twitter:title or
    // <h1> is the extractor's reading of other <title> elements (an icon's "Share on Facebook"
    // run into the logo's): the <title>'s longest part is the headline.
    let named_elsewhere = headlines.iter().any(|h| h.contains(title.as_str()))
        || META.find_iter(html).any(|tag| {
            let attributes = attributes(tag.as_str());
            let social = attributes.iter().any(|(key, value)| matches!(key.as_str(), "property" | "name") && matches!(value.as_str(), "og:title" | "twitter:title"));
            social && attributes.iter().any(|(key, value)| key == "content" && read(value).contains(title.as_str()))
        });
    let in_h1 = H1.captures_iter(html).any(|c| read(&TAG.replace_all(&c[1], " ")).contains(title.as_str()));
    if named_elsewhere || in_h1 {
        return None;
    }
    parts().max_by_key(|part| part.chars().count()).map(String::from)
}

/// The headline the extractor cut at a dash as if the rest were the site's name ("Flood warning
/// – residents told to leave | The Echo" gave "residents told to leave", an og:title "Flood
/// warning – residents told to leave" gave "Flood warning"): the first of the page's headlines
/// (JSON-LD, og:title, twitter:title: what a page gives as the headline; its `<title>` can open
/// with a section's name, "Aktuelles - ...") that holds `title` as a part, less the parts naming
/// the site. A dash separates a site's name where the page says it is the site (og:site_name,
/// application-name, the host of its address) or a name, an address or a path ends the headline;
/// "|" always does.
fn whole_of_cut(html: &str, title: &str, headlines: &[String]) -> Option<String> {
    let collapse = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let metas: Vec<Vec<(String, String)>> = META.find_iter(html).map(|tag| attributes(tag.as_str())).collect();
    let meta = |names: &[&str]| -> Vec<String> {
        metas.iter().filter(|a| a.iter().any(|(key, value)| matches!(key.as_str(), "property" | "name") && names.contains(&value.as_str())))
            .filter_map(|a| a.iter().find(|(key, _)| key == "content").map(|(_, content)| collapse(&unescape(content))))
            .collect()
    };
    let site = SiteNames::of(html, &meta(&["og:site_name", "application-name", "twitter:site"]), &meta(&["og:url"]));
    let mut candidates: Vec<String> = headlines.to_vec();
    candidates.extend(meta(&["og:title", "twitter:title"]));
    // A title one of the page's headlines (or an <h1>) gives as it is was not cut: a kicker
    // another gives before it is no part of it ("Mayor Jane Hill in the studio - Why ...").
    let in_h1 = || H1.captures_iter(html).any(|c| collapse(&unescape(&TAG.replace_all(&c[1], " "))) == title);
    if candidates.iter().any(|candidate| candidate == title) || in_h1() {
        return None;
    }
    candidates.into_iter().map(|candidate| site.strip(&candidate, title)).find(|whole| whole.len() > title.len() && holds_as_part(whole, title))
}

/// `part` stands in `whole` between separators (or its ends): "residents told to leave" in
/// "Flood warning – residents told to leave"; the part after a colon too ("Brexit: May ...").
fn holds_as_part(whole: &str, part: &str) -> bool {
    whole.match_indices(part).any(|(at, _)| {
        let (before, after) = (&whole[..at], &whole[at + part.len()..]);
        let cut_before = before.is_empty() || before.ends_with(char::is_whitespace) && before.trim_end().ends_with(['|', '–', '—', '-', '·', ':']);
        let cut_after = after.is_empty() || after.starts_with(char::is_whitespace) && after.trim_start().starts_with(['|', '–', '—', '-', '·']);
        cut_before && cut_after
    })
}

/// What a page says its site is called: its og:site_name (or application-name, twitter:site)
/// and the main word of its host ("theecho" of www.theecho.co.uk), squeezed to lower-case
/// letters and digits.
struct SiteNames(Vec<String>);

impl SiteNames {
    fn of(html: &str, names: &[String], urls: &[String]) -> SiteNames {
        static CANONICAL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"(?is)<link\s[^>]*rel\s*=\s*["']?canonical[^>]*>"#).expect("valid pattern"));
        static HOST: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)^[a-z]+://(?:www\.|m\.|amp\.)?([^/:?#]+)").expect("valid pattern"));
        let mut squeezed: Vec<String> = names.iter().map(|name| squeeze(name.trim_start_matches('@'))).filter(|name| !name.is_empty()).collect();
        let canonical = CANONICAL.find(html).and_then(|tag| attributes(tag.as_str()).into_iter().find(|(key, _)| key == "href").map(|(_, href)| href));
        for url in urls.iter().cloned().chain(canonical) {
            // The host's own name, before its suffixes: "theecho" of www.theecho.co.uk.
            let Some(host) = HOST.captures(&url) else { continue };
            let labels: Vec<&str> = host[1].split('.').collect();
            let own = labels.iter().rev().skip(1).find(|label| !matches!(**label, "co" | "com" | "org" | "net" | "gov" | "ac" | "edu"));
            squeezed.extend(own.map(|label| squeeze(label)));
        }
        SiteNames(squeezed.into_iter().filter(|name| name.len() >= 3).collect())
    }

    /// A part of a few words that is (or holds, or is held by) the site's name; at the end of a
    /// headline, any name of a few capitalised words ("Fresh revolt - The Times"), not the rest
    /// of a headline ("Storm Isha – live updates").
    fn names(&self, part: &str, at_the_end: bool) -> bool {
        const JOINING: &[&str] = &["of", "the", "and", "&", "for", "on", "at", "in", "de", "la", "le", "du", "des", "der", "die", "das", "von"];
        let own = squeeze(part);
        let words: Vec<&str> = part.split_whitespace().collect();
        let said = own.len() >= 3 && self.0.iter().any(|site| own == *site || own.contains(site.as_str()) || site.contains(own.as_str()));
        // ("chadim.net", "ausbildung-und-praxis": an address or a path's words.)
        let address = words.len() == 1 && part.contains(['.', '-', '/']) && !part.contains(char::is_uppercase);
        let a_name = address || words.len() <= 4 && part.chars().count() <= 40 && words.iter().any(|word| word.starts_with(char::is_uppercase))
            && words.iter().all(|word| word.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit()) || JOINING.contains(word));
        words.len() <= 6 && (said || at_the_end && a_name)
    }

    /// `headline` without the site's name: of its "|"-parts the one holding `title` (else the
    /// longest); of that part's dash-parts, those at its ends that name the site are left out.
    fn strip(&self, headline: &str, title: &str) -> String {
        static BAR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\s*\|\s*").expect("valid pattern"));
        static DASH: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\s+[–—·-]\s+").expect("valid pattern"));
        let parts: Vec<&str> = BAR.split(headline).map(str::trim).filter(|part| !part.is_empty()).collect();
        let Some(part) = parts.iter().find(|part| part.contains(title)).or_else(|| parts.iter().max_by_key(|part| part.chars().count())) else { return String::new() };
        let cuts: Vec<(usize, usize)> = DASH.find_iter(part).map(|m| (m.start(), m.end())).collect();
        // Site names off the front, then off the back, never past each other.
        let (mut first, mut last) = (0, cuts.len());
        let mut start = 0;
        while first < last && self.names(&part[start..cuts[first].0], false) {
            start = cuts[first].1;
            first += 1;
        }
        let mut end = part.len();
        while first < last && self.names(&part[cuts[last - 1].1..end], true) {
            end = cuts[last - 1].0;
            last -= 1;
        }
        part[start..end].to_string()
    }
}

/// Lower-case letters and digits only.
fn squeeze(text: &str) -> String {
    text.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// The text of the page's one `<h1>`, when it has exactly one of three words or more: the
/// headline the page shows (its og:title, twitter:title or `<title>` may be a social or search
/// version: "You won't believe which cinema is closing").
/// It must stand in the page's `<article>` (a logo's, a consent dialog's or a section's `<h1>`
/// stands outside it); comments and scripts are not the page.
/// `h1` is [`only_h1`]'s reading of the page (read once by the caller).
pub fn single_h1(html: &str, h1: Option<&(String, bool)>) -> Option<String> {
    let (text, in_article) = h1?;
    ((*in_article || resembles_a_title(html, text)) && !names_the_site(html, text)).then(|| text.clone())
}

/// The text of the page's one `<h1>` of three to thirty words, and whether it stands in the
/// page's `<article>` (comments and scripts are not the page).
pub fn only_h1(html: &str) -> Option<(String, bool)> {
    static HIDDEN: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?is)<!--.*?-->|<script\b.*?</script>|<template\b.*?</template>").expect("valid pattern"));
    let shown = HIDDEN.replace_all(html, "");
    let mut h1s = H1.captures_iter(&shown);
    let first = h1s.next()?;
    if h1s.next().is_some() {
        return None;
    }
    let before = &shown[..first.get(0)?.start()];
    let in_article = before.rfind("<article").is_some_and(|open| !before[open..].contains("</article"));
    let text = unescape(&TAG.replace_all(&first[1], " ")).split_whitespace().collect::<Vec<_>>().join(" ");
    (3..=30).contains(&text.split(' ').count()).then_some((text, in_article))
}

/// Most of `text`'s words are in the page's `<title>` or og:title: an `<h1>` in a header above
/// the `<article>` that is the headline ("Regal cinema to close after 94 years" for the title
/// "Regal cinema closing after 94 years | Courier"), not a logo or a dialog.
fn resembles_a_title(html: &str, text: &str) -> bool {
    let words = |s: &str| s.split(|c: char| !c.is_alphanumeric()).filter(|w| w.chars().count() >= 3).map(str::to_lowercase).collect::<HashSet<String>>();
    let mut titles: Vec<String> = raw_title(html).map(unescape).into_iter().collect();
    titles.extend(META.find_iter(head_of(html)).filter_map(|tag| {
        let attributes = attributes(tag.as_str());
        let og_title = attributes.iter().any(|(key, value)| key == "property" && value == "og:title");
        attributes.into_iter().find(|(key, _)| key == "content").filter(|_| og_title).map(|(_, value)| unescape(&value))
    }));
    let own = words(text);
    !own.is_empty() && titles.iter().any(|title| own.intersection(&words(title)).count() * 10 >= own.len() * 6)
}

/// `text` is the site's name: its og:site_name, or a part of the `<title>` after the first
/// ("Headline | The Daily Planet News").
pub fn names_the_site(html: &str, text: &str) -> bool {
    let site_name = META.find_iter(html).any(|tag| {
        let attributes = attributes(tag.as_str());
        attributes.iter().any(|(key, value)| key == "property" && value == "og:site_name")
            && attributes.iter().any(|(key, value)| key == "content" && unescape(value).trim() == text)
    });
    let in_title = raw_title(html).is_some_and(|raw| SITE_SEPARATOR.split(&unescape(raw)).skip(1).any(|part| part.trim() == text));
    site_name || in_title
}

/// The tool a page names as its maker (`<meta name="generator" content="...">`).
pub fn generator(html: &str) -> Option<String> {
    head_meta_content(html, "name", "generator").map(|value| unescape(&value))
}

/// The `content` of the first `<meta>` of the page's head whose `attribute` is `value` (in any
/// case): `<meta name="generator" content="...">`.
fn head_meta_content(html: &str, attribute: &str, value: &str) -> Option<String> {
    META.find_iter(head_of(html)).find_map(|tag| {
        let attributes = attributes(tag.as_str());
        let named = attributes.iter().any(|(key, given)| key == attribute && given.eq_ignore_ascii_case(value));
        attributes.into_iter().find(|(key, _)| key == "content").filter(|_| named).map(|(_, content)| content)
    })
}

/// The language the page declares: `<html lang="de-AT">` (or `xml:lang`), else a
/// `<meta http-equiv="content-language" content="de">`, in ISO 639-3.
pub fn declared_language(html: &str) -> Option<String> {
    static HTML_LANG: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"(?is)<html\b[^>]*?\blang\s*=\s*["']?([a-z]{2,3}(?:[-_][a-z0-9]+)*)"#).expect("valid pattern"));
    let on_html = HTML_LANG.captures(head_of(html)).map(|c| c[1].to_string());
    let in_meta = || head_meta_content(html, "http-equiv", "content-language");
    // (A list, "de, en", names the first language first.)
    on_html.or_else(in_meta).and_then(|tag| crate::stages::segment::declared_language(tag.split(',').next().unwrap_or_default()))
}

/// The page's own `<title>` as written, in its head (icons' `<svg><title>`s are in the body).
fn raw_title(html: &str) -> Option<&str> {
    Some(TITLE_ELEMENT.captures(head_of(html))?.get(1)?.as_str())
}

/// The page up to the end of its `<head>` (all of it when it has none).
fn head_of(html: &str) -> &str {
    html.find("</head>").or_else(|| html.find("</HEAD>")).map_or(html, |end| &html[..end])
}

/// Text with its character references read ("&amp;", "&#8217;"), as a browser shows a
/// `<title>`'s text.
/// The names of an authors' value, its character references read first: a page's JSON-LD or
/// a CMS's export writes "Mike O&#x27;Neill", whose ";" would split the name.
pub fn names_of_authors(value: &str) -> Vec<String> {
    split_names(&unescaped(value))
}

/// `text` with its character references read, when it may hold one ("&...;").
pub fn unescaped(text: &str) -> std::borrow::Cow<'_, str> {
    match text.contains('&') && text.contains(';') {
        true => std::borrow::Cow::Owned(unescape(text)),
        false => std::borrow::Cow::Borrowed(text),
    }
}

pub fn unescape(text: &str) -> String {
    dom_query::Document::from(format!("<title>{text}</title>").as_str()).select("title").text().to_string()
}

static TITLE_ELEMENT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?is)<title[^>]*>(.*?)</title>").expect("valid pattern"));
/// Where a <title> names its site: "Headline | Site", "Headline – Site", "Headline - Site" (a
/// dash inside a name, "Paris–Roubaix", has no spaces around it).
static SITE_SEPARATOR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\s*\|\s*|\s+[–—·]\s+|\s+-\s+").expect("valid pattern"));
static H1: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?is)<h1[^>]*>(.*?)</h1>").expect("valid pattern"));

/// Every `articleBody` (or `reviewBody`) the page's JSON-LD gives, as written (it may hold
/// markup), in order.
pub fn article_bodies(html: &str) -> Vec<String> {
    fn walk(value: &serde_json::Value, found: &mut Vec<String>) {
        match value {
            serde_json::Value::Array(items) => items.iter().for_each(|item| walk(item, found)),
            serde_json::Value::Object(object) => {
                for (key, child) in object {
                    match child {
                        serde_json::Value::String(body) if matches!(key.as_str(), "articleBody" | "reviewBody") && !body.trim().is_empty() => found.push(body.clone()),
                        _ => walk(child, found),
                    }
                }
            }
            _ => {}
        }
    }
    let mut found = Vec::new();
    for script in JSON_LD.captures_iter(html).filter(|script| script[1].contains("Body")) {
        if let Ok(value) = serde_json::from_str::<serde_json::Value>(script[1].trim()) {
            walk(&value, &mut found);
        }
    }
    found
}

/// The `headline` of every article in a JSON-LD document with its depth in articles (an update
/// of a live blog is one deeper than the blog).
fn article_headlines(value: &serde_json::Value, depth: usize, in_article: bool, found: &mut Vec<(usize, String)>) {
    match value {
        serde_json::Value::Array(items) => items.iter().for_each(|item| article_headlines(item, depth, in_article, found)),
        serde_json::Value::Object(object) => {
            let article = object.get("@type").is_some_and(is_article);
            let depth = depth + usize::from(article && in_article);
            if let (true, Some(serde_json::Value::String(headline))) = (article, object.get("headline")) {
                found.push((depth, headline.clone()));
            }
            object.values().for_each(|child| article_headlines(child, depth, in_article || article, found));
        }
        _ => {}
    }
}

/// A JSON-LD `@type` of an article: `NewsArticle`, `BlogPosting`, `LiveBlogPosting`, `Report`...
fn is_article(kind: &serde_json::Value) -> bool {
    let named = |kind: &str| ["Article", "Posting", "Report"].iter().any(|k| kind.ends_with(k));
    match kind {
        serde_json::Value::String(kind) => named(kind),
        serde_json::Value::Array(kinds) => kinds.iter().filter_map(|k| k.as_str()).any(named),
        _ => false,
    }
}

/// The publication date the page's metadata gives, in any common format or as a Unix time (for
/// when the extractor reads none): the first JSON-LD `datePublished`, else a
/// `<meta property="article:published_time">` (or `name="pubdate"`, `itemprop="datePublished"`).
pub fn published(html: &str) -> Option<NaiveDate> {
    let read = crate::stages::clean::metadata::field_date;
    let scripts: Vec<serde_json::Value> = JSON_LD.captures_iter(html).filter_map(|script| serde_json::from_str(script[1].trim()).ok()).collect();
    // An article's date before any other node's (a graph's WebPage can carry the site's first day).
    for articles_only in [true, false] {
        if let Some(date) = scripts.iter().find_map(|value| date_published(value, articles_only).and_then(|date| read(&date))) {
            return Some(date);
        }
    }
    // The tags by what they say, not by where they stand (`article:modified_time` may come first).
    let metas: Vec<Vec<(String, String)>> = META.find_iter(html).map(|tag| attributes(tag.as_str())).collect();
    ["article:published_time", "datepublished", "pubdate", "publish-date", "publish_date", "publishdate", "parsely-pub-date", "dc.date.issued", "dc.date", "dcterms.date", "date"]
        .iter().find_map(|name| {
        metas.iter().find_map(|attributes| {
            let named = attributes.iter().any(|(key, value)| matches!(key.as_str(), "property" | "name" | "itemprop") && value.eq_ignore_ascii_case(name));
            attributes.iter().find(|(key, _)| key == "content").filter(|_| named).and_then(|(_, content)| read(content))
        })
    })
}

/// The date a story's header prints, when the page's tags give none and the extractor left the
/// line out of the text: the first short block of the page's `<article>` (or `<main>`) that says
/// it is the date ("Published: March 1, 2024") or is a byline with one ("By Maria Puig, March 1,
/// 2024"). (Only the header's first blocks: related stories below show their own dates.)
pub fn article_header_date(html: &str) -> Option<NaiveDate> {
    const HEADER_BLOCKS: usize = 40;
    const DATE_LINE_WORDS: usize = 12;
    let page = dom_query::Document::from(html);
    let date_line = |node: &dom_query::NodeRef| {
        let text = node.text().split_whitespace().collect::<Vec<_>>().join(" ");
        if text.split(' ').nth(DATE_LINE_WORDS).is_some() {
            return None;
        }
        let byline = text.get(..3).is_some_and(|by| by.eq_ignore_ascii_case("by "));
        crate::stages::clean::metadata::labelled_date(&text).or_else(|| byline.then(|| crate::stages::clean::metadata::find_date(&text)).flatten())
    };
    if let Some(container) = page.select("article, main").nodes().first().cloned() {
        let blocks = dom_query::Selection::from(container).select("p, span, time, small, li, div");
        return blocks.nodes().iter().take(HEADER_BLOCKS).find_map(date_line);
    }
    // (A page without either: the blocks right after its one <h1>, "<h1>...</h1><p>By Maria
    // Puig, March 1, 2024</p>"; not a comment's further down.)
    const AFTER_H1_BLOCKS: usize = 3;
    let h1s = page.select("h1");
    let h1 = h1s.nodes().first().filter(|_| h1s.length() == 1)?.clone();
    std::iter::successors(h1.next_element_sibling(), |node| node.next_element_sibling()).take(AFTER_H1_BLOCKS).find_map(|node| date_line(&node))
}

/// The first `datePublished` in a JSON-LD document (of an article's node only, when
/// `articles_only`), a string or a number (a Unix time), as text.
fn date_published(value: &serde_json::Value, articles_only: bool) -> Option<String> {
    match value {
        serde_json::Value::Array(items) => items.iter().find_map(|item| date_published(item, articles_only)),
        serde_json::Value::Object(object) => {
            let counts = !articles_only || object.get("@type").is_some_and(is_article);
            match object.get("datePublished").filter(|_| counts) {
                Some(serde_json::Value::String(date)) => Some(date.clone()),
                Some(serde_json::Value::Number(seconds)) => Some(seconds.to_string()),
                _ => object.values().find_map(|child| date_published(child, articles_only)),
            }
        }
        _ => None,
    }
}

/// A tag's attributes, names lower-cased.
fn attributes(tag: &str) -> Vec<(String, String)> {
    ATTRIBUTE
        .captures_iter(tag)
        .map(|c| (c[1].to_ascii_lowercase(), c.get(2).or(c.get(3)).map_or("", |m| m.as_str()).to_string()))
        .collect()
}

/// The calendar date of `instant` as the page writes it: the date part of a date-time with a UTC
/// offset in the page that is the same instant ("2023-02-06T01:30:00+03:00" is 2023-02-06, not
/// the 5th); the UTC date when the page has none.
pub fn local_date(html: &str, instant: DateTime<Utc>) -> NaiveDate {
    DATE_TIME
        .captures_iter(html)
        .filter_map(|c| {
            let offset = match &c[3] {
                "Z" => "+00:00".to_string(),
                offset if offset.contains(':') => offset.to_string(),
                offset => format!("{}:{}", &offset[..3], &offset[3..]),
            };
            let time = if c[2].len() == 5 { format!("{}:00", &c[2]) } else { c[2].to_string() };
            DateTime::parse_from_rfc3339(&format!("{}T{time}{offset}", &c[1])).ok()
        })
        .find(|written| written.with_timezone(&Utc) == instant)
        .map_or(instant.date_naive(), |written| written.date_naive())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_published_date_not_the_modified_one_nor_a_web_pages() {
        // Regressions: a modified-time tag before the published one gave the update's day; a
        // graph's WebPage node before the article's gave the site's.
        let tags = r#"<meta property="article:modified_time" content="2024-08-01T10:00:00Z"><meta property="article:published_time" content="2024-07-19T10:00:00Z">"#;
        assert_eq!(published(tags), NaiveDate::from_ymd_opt(2024, 7, 19));
        let graph = r#"<script type="application/ld+json">{"@graph":[{"@type":"WebPage","datePublished":"2019-03-01T00:00:00Z"},{"@type":"NewsArticle","datePublished":"2024-07-19T10:00:00Z"}]}</script>"#;
        assert_eq!(published(graph), NaiveDate::from_ymd_opt(2024, 7, 19));
        let page_only = r#"<script type="application/ld+json">{"@type":"WebPage","datePublished":"2019-03-01"}</script>"#;
        assert_eq!(published(page_only), NaiveDate::from_ymd_opt(2019, 3, 1));
        // Regression: a CMS's "publish-date" tag was not read.
        let publish_date = r#"<meta name="publish-date" content="2024-03-01">"#;
        assert_eq!(published(publish_date), NaiveDate::from_ymd_opt(2024, 3, 1));
    }

    #[test]
    fn a_date_line_the_extractor_drops_from_an_article_is_its_date() {
        // Regression (a hunt): inside <article> the extractor left out the date line, and the
        // story had no date.
        let page = |line: &str| format!("<html><body><article><h1>Drought forces water cuts</h1><p>{line}</p><p>Barcelona will cut water use by 25 percent, officials said.</p></article><aside><p>Published: May 2, 2020</p></aside></body></html>");
        for line in ["Published: March 1, 2024", "By Maria Puig, March 1, 2024"] {
            assert_eq!(article_header_date(&page(line)), NaiveDate::from_ymd_opt(2024, 3, 1), "{line}");
        }
        assert_eq!(article_header_date(&page("Barcelona, a city of 1.6 million, on March 1, 2024 declared an emergency.")), None);
        assert_eq!(article_header_date("<html><body><p>Published: March 1, 2024</p></body></html>"), None);
        // Regression (a hunt): a story in a <div>, no <article>: the blocks right after its <h1>.
        let div = "<html><body><div class=\"content\"><h1>Drought forces water cuts</h1><p>By Maria Puig, March 1, 2024</p><p>Barcelona will cut water use.</p></div><div><p>Published: May 2, 2020</p></div></body></html>";
        assert_eq!(article_header_date(div), NaiveDate::from_ymd_opt(2024, 3, 1));
        // (Review: a comment's "By Mike, March 9, 2024" further down is no date of the story.)
        let comment = "<html><body><h1>Drought forces water cuts</h1><p>Barcelona will cut water use.</p><p>Farmers object.</p><p>Officials disagree.</p><p>By Mike, March 9, 2024</p></body></html>";
        assert_eq!(article_header_date(comment), None);
    }

    #[test]
    fn every_author_of_json_ld_or_meta_tags() {
        let people = r#"<script type="application/ld+json">{"@type":"NewsArticle","author":[{"@type":"Person","name":"Ayse Yilmaz"},{"@type":"Person","name":"Mehmet Demir"}]}</script>"#;
        assert_eq!(authors(people).as_deref(), Some("Ayse Yilmaz; Mehmet Demir"));
        let strings = r#"<script type='application/ld+json'>{"@graph":[{"@type":"WebPage"},{"@type":"Article","author":["Ayse Yilmaz","Mehmet Demir"]}]}</script>"#;
        assert_eq!(authors(strings).as_deref(), Some("Ayse Yilmaz; Mehmet Demir"));
        // Regression: the outlet credited beside its reporters was one of the people.
        let with_outlet = r#"<script type="application/ld+json">{"@type":"NewsArticle","author":[{"@type":"Person","name":"Ayse Yilmaz"},{"@type":"Organization","name":"Reuters"}]}</script>"#;
        assert_eq!(authors(with_outlet).as_deref(), Some("Ayse Yilmaz"));
        let listed = r#"<script type="application/ld+json">{"@type":"NewsArticle","author":[{"@type":"Person","name":"Ayse Yilmaz"},{"@type":["NewsMediaOrganization"],"name":"Reuters"}]}</script>"#;
        assert_eq!(authors(listed).as_deref(), Some("Ayse Yilmaz"));
        let referenced = r##"<script type="application/ld+json">{"@graph":[{"@type":"Organization","@id":"#org","name":"Gazette Media"},{"@type":"NewsArticle","author":[{"@type":"Person","name":"Ayse Yilmaz"},{"@id":"#org"}]}]}</script>"##;
        assert_eq!(authors(referenced).as_deref(), Some("Ayse Yilmaz"));
        let named_reference = referenced.replace(r##"{"@id":"#org"}"##, r##"{"@id":"#org","name":"Gazette Media"}"##);
        assert_eq!(authors(&named_reference).as_deref(), Some("Ayse Yilmaz"));
        let outlet = r#"<script type="application/ld+json">{"@type":"NewsArticle","author":{"@type":"NewsMediaOrganization","name":"Reuters"}}</script>"#;
        assert_eq!(authors(outlet).as_deref(), Some("Reuters"));
        let commented = r#"<script type="application/ld+json">{"@type":"BlogPosting","author":"Ayse Yilmaz","comment":[{"@type":"Comment","author":"troll99"}]}</script>"#;
        assert_eq!(authors(commented).as_deref(), Some("Ayse Yilmaz"));
        let metas = r#"<meta name="author" content="Ayse Yilmaz"><meta content='Mehmet Demir' name='Author'>"#;
        assert_eq!(authors(metas).as_deref(), Some("Ayse Yilmaz; Mehmet Demir"));
        assert_eq!(authors(r#"<meta name="author" content="Ayse Yilmaz and Mehmet Demir">"#).as_deref(), Some("Ayse Yilmaz; Mehmet Demir"));
        assert_eq!(authors(r#"<meta name="author" content="Yilmaz, Ayse">"#).as_deref(), Some("Yilmaz, Ayse"));
        assert_eq!(authors(r#"<meta name="description" content="Ayse Yilmaz">"#), None);
    }

    #[test]
    fn the_byline_the_page_shows_when_its_metadata_names_no_one() {
        // Regression: a visible "By ..." gave no authors (the extractor leaves it out of the
        // text), a class="byline" gave the names unsplit, itemprop authors only the first.
        let plain = "<h1>Senate Passes Bill</h1>\n<p>By Sarah Johnson</p><time>August 7, 2022</time><p>WASHINGTON — The Senate voted.</p>";
        assert_eq!(authors(plain).as_deref(), Some("Sarah Johnson"));
        let italic = "<p><i>By Wanjiru Kamau and Otieno Odhiambo</i><br>June 25, 2024</p>";
        assert_eq!(authors(italic).as_deref(), Some("Wanjiru Kamau; Otieno Odhiambo"));
        let marked = r#"<h1>Senate</h1><p class="byline">By Sarah Johnson and Michael Lee</p><p>Text by the way.</p>"#;
        assert_eq!(authors(marked).as_deref(), Some("Sarah Johnson; Michael Lee"));
        let itemprops = r#"<p>By <span itemprop="author">Sarah Johnson</span>, <span itemprop="author">Michael Lee</span> and <span itemprop="author">Ana Ruiz</span></p>"#;
        assert_eq!(authors(itemprops).as_deref(), Some("Sarah Johnson; Michael Lee; Ana Ruiz"));
        let linked = r#"<div class="article-author"><a href="/staff/jd">Jane Doe</a></div>"#;
        assert_eq!(authors(linked).as_deref(), Some("Jane Doe"));
        // Metadata first; and a paragraph that only uses the word "by" is no byline.
        assert_eq!(authors(&format!(r#"<meta name="author" content="Ayse Yilmaz">{marked}"#)).as_deref(), Some("Ayse Yilmaz"));
        assert_eq!(authors("<p>by the river, the town slept.</p><p>By then it was late.</p>"), None);
        // A consent banner first, then the byline; a commenter is no author.
        assert_eq!(authors("<p>By clicking Accept, you agree.</p><p>By Jane Doe</p>").as_deref(), Some("Jane Doe"));
        assert_eq!(authors(r#"<span class="comment-author vcard">Troll Ninety</span><p>By Jane Doe</p>"#).as_deref(), Some("Jane Doe"));
    }

    #[test]
    fn a_name_only_in_the_comments_or_a_teaser_is_no_credit() {
        let article = "<article><p>By Jane Porter</p><p>The river rose.</p></article>";
        let comments = r#"<div id="comments"><b class="fn">Robert Cline</b> says:</div><form id="commentform"><label>Name (required)</label></form>"#;
        let page = format!("<html><body class=\"showing-comments\"><div class=\"commentary-meta\"><p>By Ann Lee</p></div>{article}{comments}<aside class=\"related-posts\"><span>Denis Sgarbura</span></aside></body></html>");
        let credited = credited_outside_comments(&page);
        assert!(credited("Jane Porter"));
        // (Review: a class that only holds the letters, "commentary-meta", marks no comment.)
        assert!(credited("Ann Lee"));
        assert!(!credited("Robert Cline says:"));
        assert!(!credited("Name (required)"));
        assert!(!credited("Denis Sgarbura"));
        // A name only in the page's tags is the page's own.
        assert!(credited("Ayse Yilmaz"));
    }

    #[test]
    fn the_articles_byline_not_the_teasers_bylines_below_it() {
        // Regression (hunter T): every story on the page gave its byline ("Ann Lee; Bob Ray;
        // Cara Diaz; Dan Wu"), and a reporter's description gave the outlet as a second author.
        let tile = |title: &str, name: &str| format!(r#"<div class="tile"><a href="/x">{title}</a><span class="byline">By <a href="/w/">{name}</a></span></div>"#);
        let paragraphs = "<p>The city council voted 7-2 on Tuesday to pass a $93 million budget, Mayor Duke Bennett said.</p>".repeat(6);
        let page = format!(
            r#"<article><h1>City council passes budget</h1><span class="byline">By <a href="/w/">Ann Lee</a></span>{paragraphs}</article><aside><h3>More</h3>{}{}</aside>"#,
            tile("Schools reopen after storm", "Bob Ray"),
            tile("New bridge opens downtown", "Cara Diaz")
        );
        assert_eq!(authors(&page).as_deref(), Some("Ann Lee"));
        let described = r#"<a href="/author/x/" rel="author" class="p-author h-card">Benjamin Romano</a> <span class="p-author fn">Seattle Times business reporter</span>"#;
        assert_eq!(authors(described).as_deref(), Some("Benjamin Romano"));
        // (A review: a name and its role in one element; authors' cards with headshots.)
        for (element, names) in [("Jane Doe, business reporter", "Jane Doe"), ("Jane Doe, Washington correspondent", "Jane Doe"), ("Jane Doe and John Roe | Updated 10:15 am", "Jane Doe; John Roe")] {
            assert_eq!(authors(&format!(r#"<span class="byline">{element}</span>"#)).as_deref(), Some(names), "{element}");
        }
        let headshot = r#"<picture><source srcset="/img/a-320.jpg 320w, /img/a-640.jpg 640w, /img/a-1280.jpg 1280w" media="(min-width: 600px)"><img src="/img/a.jpg" alt="" width="80" height="80" loading="lazy"></picture>"#.repeat(3);
        let card = |name: &str| format!(r#"<li class="card"><a href="/w/">{headshot}</a><a class="author-name" href="/w/">{name}</a><p>Covers city hall and county government</p></li>"#);
        let cards = format!("<ul>{}{}{}</ul>{paragraphs}", card("Ann Lee"), card("Bob Ray"), card("Cara Diaz"));
        assert_eq!(authors(&cards).as_deref(), Some("Ann Lee; Bob Ray; Cara Diaz"));
        // (A second review: links to an author's pages stand between co-authors; a quote's
        // credit under the article's paragraphs is no author.)
        let follow = r#"<span class="author">Jane Doe</span> <a href="/t">Follow Jane on Twitter</a> and <span class="author">John Roe</span>"#;
        assert_eq!(authors(follow).as_deref(), Some("Jane Doe; John Roe"));
        let quoted = format!(r#"<span class="author">Jane Doe</span>{paragraphs}<blockquote>Build it now.<span class="author">Mayor Peter Quinn</span></blockquote>"#);
        assert_eq!(authors(&quoted).as_deref(), Some("Jane Doe"));
        let rail = format!(r#"<span class="byline">By Ann Lee</span>{}"#, tile("Bridge closed by floods again", "Bob Ray"));
        assert_eq!(authors(&rail).as_deref(), Some("Ann Lee"));
    }

    #[test]
    fn a_placeholder_or_the_sites_name_gives_way_to_the_byline_the_page_shows() {
        // Regression (a new user's first hour): WordPress's meta author "admin", or the outlet's
        // own name as the meta or JSON-LD author, won over the page's "By Ana Reyes".
        let page = |head: &str| format!("<html><head><title>Wildfire forces evacuations</title>{head}</head><body><article><h1>Wildfire forces evacuations</h1><p class=\"byline\">By Ana Reyes</p><p>Firefighters battled a wildfire on Sunday.</p></article></body></html>");
        for head in [
            "",
            r#"<meta name="author" content="admin">"#,
            r#"<meta name="author" content="Coastal Times"><meta property="og:site_name" content="Coastal Times">"#,
            r#"<meta property="og:site_name" content="Coastal Times"><script type="application/ld+json">{"@type":"NewsArticle","author":{"@type":"Organization","name":"Coastal Times"}}</script>"#,
        ] {
            assert_eq!(authors(&page(head)).as_deref(), Some("Ana Reyes"), "{head}");
        }
        // Without a byline, the site's name is the credit; a placeholder is none.
        let bare = |head: &str| format!("<html><head>{head}</head><body><p>Firefighters battled a wildfire on Sunday.</p></body></html>");
        assert_eq!(authors(&bare(r#"<meta name="author" content="Coastal Times"><meta property="og:site_name" content="Coastal Times">"#)).as_deref(), Some("Coastal Times"));
        assert_eq!(authors(&bare(r#"<meta name="author" content="admin">"#)), None);
        assert!(placeholder_author("Admin") && !placeholder_author("Ana Reyes"));
    }

    #[test]
    fn authors_a_graph_refers_to_and_dates_in_any_format() {
        // Regressions: Yoast's graph names the author by reference only (the extractor then
        // took the author's bio); a datePublished not in ISO form, or a Unix time, gave no date.
        let graph = r#"<script type="application/ld+json">{"@graph":[{"@type":"Article","author":{"@id":"https://x.example/#/person/abc"}},{"@type":"Person","@id":"https://x.example/#/person/abc","name":"Marcus J. Whitaker"}]}</script>"#;
        assert_eq!(authors(graph).as_deref(), Some("Marcus J. Whitaker"));
        let text_date = r#"<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"May 30, 2024"}</script>"#;
        assert_eq!(published(text_date).map(|d| d.to_string()).as_deref(), Some("2024-05-30"));
        let unix = r#"<meta property="article:published_time" content="1717048800">"#;
        assert_eq!(published(unix).map(|d| d.to_string()).as_deref(), Some("2024-05-30"));
        assert_eq!(published("<p>No date here.</p>"), None);
        let number = r#"<script type="application/ld+json">{"@type":"NewsArticle","datePublished":1717048800}</script>"#;
        assert_eq!(published(number).map(|d| d.to_string()).as_deref(), Some("2024-05-30"));
    }

    #[test]
    fn the_headline_whole_where_the_extractor_cut_it() {
        // Regressions: "<title>Brexit: May faces fresh revolt</title>" gave the title "May faces
        // fresh revolt"; a live blog's title was its first update's headline.
        let colon = "<html><head><title>Brexit: May faces fresh revolt | The Times</title></head>";
        assert_eq!(headline(colon, "May faces fresh revolt").as_deref(), Some("Brexit: May faces fresh revolt"));
        let entities = "<title>Gr&egrave;ve &agrave; la SNCF : le trafic tr&egrave;s perturb&eacute;</title>";
        assert_eq!(headline(entities, "le trafic très perturbé").as_deref(), Some("Grève à la SNCF : le trafic très perturbé"));
        assert_eq!(headline("<title>Fresh revolt - The Times</title>", "Fresh revolt"), None);
        // Regression (a hunt): a headline holding a dash was cut as if its part were the site's
        // name: from <title> the longest part was kept, from og:title or JSON-LD the first.
        let echo = r#"<title>Flood warning – residents told to leave | The Echo</title><meta name="twitter:title" content="Flood warning – residents told to leave | The Echo">"#;
        assert_eq!(headline(echo, "residents told to leave").as_deref(), Some("Flood warning – residents told to leave"));
        let og = r#"<title>The Echo</title><meta property="og:title" content="Flood warning – residents told to leave">"#;
        assert_eq!(headline(og, "Flood warning").as_deref(), Some("Flood warning – residents told to leave"));
        let json_ld = r#"<title>The Echo</title><script type="application/ld+json">{"@type":"NewsArticle","headline":"Flood warning – residents told to leave"}</script>"#;
        assert_eq!(headline(json_ld, "Flood warning").as_deref(), Some("Flood warning – residents told to leave"));
        let live = r#"<title>Storm Isha – live updates</title><meta property="og:title" content="Storm Isha – live updates - The Echo">"#;
        assert_eq!(headline(live, "live updates").as_deref(), Some("Storm Isha – live updates"));
        // (A <title> opening with a section's name is no headline: "Aktuelles - ...".)
        assert_eq!(headline("<title>Aktuelles - Neue Karte gibt Orientierung</title>", "Neue Karte gibt Orientierung"), None);
        // Review: the page's og:title (or <h1>) gives the title as it is: no kicker before it.
        let kicker = r#"<meta property="og:title" content="Why the river keeps flooding"><meta name="twitter:title" content="Mayor Jane Hill in the studio - Why the river keeps flooding">"#;
        assert_eq!(headline(kicker, "Why the river keeps flooding"), None);
        let slug = r#"<meta property="og:title" content="Heulage: Besser als ihr Ruf? - ausbildung-und-praxis">"#;
        assert_eq!(headline(slug, "Heulage: Besser als ihr Ruf?"), None);
        // A part the page names as its site stays cut, before or after the headline.
        let named = r#"<title>Echo News - Flood warning</title><meta property="og:site_name" content="Echo News">"#;
        assert_eq!(headline(named, "Flood warning"), None);
        let hosted = r#"<title>Flood warning - bbc.com</title><link rel="canonical" href="https://www.bbc.com/news/x">"#;
        assert_eq!(headline(hosted, "Flood warning"), None);
        let live = r#"<script type="application/ld+json">{"@type":"LiveBlogPosting","headline":"Budget live: Chancellor cuts tax","liveBlogUpdate":[{"@type":"BlogPosting","headline":"Hunt confirms cut"}]}</script>"#;
        assert_eq!(headline(live, "Hunt confirms cut").as_deref(), Some("Budget live: Chancellor cuts tax"));
        // Regression: icons' <svg><title>s read as the page's title.
        let icons = "<head><title>Dutch farmers protest nitrogen rules | Example Gazette</title></head><body><svg><title>Example Gazette</title></svg><svg><title>Share on Facebook</title></svg>";
        assert_eq!(headline(icons, "Example GazetteShare on Facebook").as_deref(), Some("Dutch farmers protest nitrogen rules"));
        let og = r#"<head><title>Farmers protest | Example Gazette</title><meta property="og:title" content="Dutch farmers protest nitrogen rules"></head>"#;
        assert_eq!(headline(og, "Dutch farmers protest nitrogen rules"), None);
        // Review: another article's JSON-LD headline is not the page's; a dash in a name is no
        // site separator.
        let other = r#"<script type="application/ld+json">{"@graph":[{"@type":"WebPage","hasPart":[{"@type":"NewsArticle","headline":"Rain to return next week"}]},{"@type":"NewsArticle","headline":"Council backs flood plan"}]}</script><title>Council backs flood plan | Gazette</title>"#;
        assert_eq!(headline(other, "Council backs flood plan"), None);
        let encoded = r#"<head><title>The Shropshire Gazette</title><meta property="og:title" content="Council &amp; farmers agree flood plan"></head>"#;
        assert_eq!(headline(encoded, "Council & farmers agree flood plan"), None);
        let dash = "<title>Paris–Roubaix: Van Aert wins in the rain | Cycling News</title>";
        assert_eq!(headline(dash, "Van Aert wins in the rain").as_deref(), Some("Paris–Roubaix: Van Aert wins in the rain"));
    }

    #[test]
    fn the_date_is_the_day_the_page_writes() {
        let instant = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
        let page = r#"<meta property="article:published_time" content="2023-02-06T01:30:00+03:00">"#;
        assert_eq!(local_date(page, instant("2023-02-05T22:30:00Z")).to_string(), "2023-02-06");
        let behind = r#"{"datePublished": "2023-02-06T23:30-0500"}"#;
        assert_eq!(local_date(behind, instant("2023-02-07T04:30:00Z")).to_string(), "2023-02-06");
        // Another instant on the page is not the date's.
        assert_eq!(local_date(page, instant("2023-03-01T22:30:00Z")).to_string(), "2023-03-01");
    }

    #[test]
    fn the_language_a_page_declares() {
        assert_eq!(declared_language("<!DOCTYPE html><html class=\"no-js\" lang=\"de-DE\"><head></head>"), Some("deu".into()));
        assert_eq!(declared_language("<html xml:lang='fr' xmlns='http://www.w3.org/1999/xhtml'><head>"), Some("fra".into()));
        assert_eq!(declared_language("<HTML LANG=es><head>"), Some("spa".into()));
        assert_eq!(declared_language("<html><head><meta http-equiv=\"Content-Language\" content=\"it, en\"></head>"), Some("ita".into()));
        assert_eq!(declared_language("<html><head><title>No language</title></head><body lang=\"de\">"), None);
    }
}
