//! clean: find the headline and the boilerplate lines of a plain-text article.
//!
//! Nothing is deleted: the stage sets `Document::title` and `Document::content` (the spans that
//! later stages read); a boilerplate line is simply left out of every content span. The rules are
//! about the *shape* of page furniture (read-time lines, ad slots, share widgets, captions and
//! photo credits, bylines, copyright and comment-form lines, repeated headlines, outlet taglines,
//! embedded social posts), not about particular outlets.

use std::collections::HashSet;
use std::ops::Range;

use regex::Regex;

use crate::config::CleanConfig;
use crate::document::{is_blank_char, Document, Span};
use crate::error::DocumentError;
use crate::stages::DocumentStage;

/// Why a line was left out (kept for tests and debugging).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Boilerplate {
    ReadTime,
    Advertisement,
    ShareWidget,
    Dateline,
    Byline,
    Caption,
    Credit,
    Copyright,
    CommentForm,
    RepeatedHeadline,
    Tagline,
    SocialEmbed,
}

/// One line of the text.
#[derive(Debug, Clone)]
struct Line {
    /// The line without its terminator and surrounding whitespace (empty for a blank line).
    trimmed: Span,
    verdict: Option<Boilerplate>,
}

/// A pattern whose capture groups may hold at most so many characters. A bounded repetition of a
/// Unicode class (`[\w\s]{0,60}`) compiles to one automaton copy per repetition, megabytes per
/// pattern and per thread; an open repetition plus this length check matches the same lines.
struct LimitedRegex {
    regex: Regex,
    /// (capture group, most characters it may hold)
    limits: Vec<(usize, usize)>,
}

impl LimitedRegex {
    fn is_match(&self, line: &str) -> bool {
        if !self.regex.is_match(line) {
            return false;
        }
        let Some(captures) = self.regex.captures(line) else { return false };
        self.limits
            .iter()
            .all(|&(group, most)| captures.get(group).is_none_or(|m| m.as_str().chars().count() <= most))
    }
}

pub struct Cleaner {
    config: CleanConfig,
    read_time: Regex,
    advertisement: Regex,
    dateline: LimitedRegex,
    byline: LimitedRegex,
    caption_position: Regex,
    trailing_credit: Regex,
    credit_prefix: Regex,
    agency_slashes: Regex,
    copyright: Regex,
    comment_form: Regex,
    contributor_note: LimitedRegex,
    social_signature: LimitedRegex,
    social_marker: Regex,
    markdown_heading: Regex,
}

/// Words that make up share/follow widgets; a short line made only of these (with at least
/// one trigger) is a widget.
const WIDGET_WORDS: &[&str] = &[
    "share", "shares", "shared", "this", "the", "article", "story", "page", "on", "via", "follow", "us", "tweet",
    "email", "e-mail", "mail", "print", "facebook", "twitter", "x", "whatsapp", "linkedin", "telegram", "reddit",
    "pinterest", "flipboard", "messenger", "copy", "copied", "link", "short", "url", "comments", "comment", "save",
    "saved", "bookmark", "subscribe", "newsletter", "sign", "up", "gift", "listen", "to", "audio", "font", "size",
    "text", "a", "and", "or", "more", "options", "google", "news", "feed", "rss", "whatsapp", "youtube",
    "instagram", "tiktok", "threads", "bluesky", "mastodon", "sms",
];
const WIDGET_TRIGGERS: &[&str] = &[
    "share", "shares", "shared", "follow", "tweet", "email", "e-mail", "print", "facebook", "twitter", "whatsapp",
    "linkedin", "telegram", "reddit", "pinterest", "flipboard", "url", "link", "subscribe", "newsletter", "bookmark",
    "save", "comments", "comment", "listen", "instagram", "youtube", "tiktok",
];

impl Cleaner {
    pub fn new(config: &CleanConfig) -> Cleaner {
        let months = "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?";
        let re = |pattern: &str| Regex::new(pattern).expect("built-in clean pattern compiles");
        let limited = |pattern: &str, limits: &[(usize, usize)]| LimitedRegex { regex: re(pattern), limits: limits.to_vec() };
        Cleaner {
            config: config.clone(),
            read_time: re(r"(?i)^(?:(?:estimated\s+)?(?:reading|read)\s+time\s*:?\s*)?(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|a)\s*[-\s]?\s*(?:min|mins|minute|minutes)\.?(?:\s+(?:read|reading|listen|watch))?(?:\s+time)?$"),
            advertisement: re(r"(?i)^(?:advertisement|advertising|advert|ad|ads|sponsored(?: content| post)?|promoted(?: content)?|paid (?:content|post)|(?:story|article) continues below(?: advertisement)?|continue reading(?: below| the main story)?|scroll (?:down )?to continue(?: with content)?|skip (?:to )?(?:content|ad|advertisement)|remove ads?)\s*[:.]?$"),
            dateline: limited(&format!(r"(?i)^(?:updated|published|posted|last updated|first published|modified|created)(?:\s+on)?\s*:?\s+(?:\d|{months}|mon|tue|wed|thu|fri|sat|sun|today|yesterday)([\w\s,:./-]*)$"), &[(1, 60)]),
            byline: limited(r"^(?:[Bb]y|BY)\s+\p{Lu}[\p{L}.'’-]+(?:\s+(?:\p{Lu}[\p{L}.'’-]*|de|van|von|al|bin|da|di|and|&))*(?:\s*[,|/–—-]\s*([\p{L}\s.&'’-]*))?$", &[(1, 60)]),
            caption_position: re(r"(?i)\((?:left|right|centre|center|top|bottom|middle|pictured|inset|front|back|far left|far right|second (?:left|right)|l|r|c|l-r|l to r|from left)\)"),
            trailing_credit: re(r"[.!?”\x22]\s*\((?:(?i:photo|file photo|image|picture|video|credit|courtesy)[^()]*|\p{Lu}[\p{L}&.'-]*(?:\s*[/,]?\s*\p{Lu}[\p{L}&.'-]*){0,3})\)\s*$"),
            credit_prefix: re(r"(?i)^(?:(?:main |lead |top |header |featured )?(?:photo|photograph|image|picture|pic|illustration|graphic|video|cover)(?: source| credit| by| courtesy)?|credits?|source|courtesy)\s*:\s*\S"),
            agency_slashes: re(r"(?:\p{Lu}{2,}|\b(?:Getty Images|Reuters|AFP|Shutterstock|Alamy|Bloomberg|Xinhua|Anadolu|dpa|Sipa|Zuma|Pool))\s*/\s*(?:\p{Lu}{2,}|Getty Images|Reuters|AFP|AP|Shutterstock|Alamy|Bloomberg|Xinhua|Anadolu|dpa|Sipa|Zuma|Pool)\b|\p{L}\s*/\s*(?:Getty Images|Reuters|AFP|AP Photo|Shutterstock|Alamy|Bloomberg via Getty Images|EPA|PA Wire|PA Media)\s*$"),
            copyright: re(r"(?i)(?:©|\(c\)\s*\d{4}|\bcopyright\b|\ball rights reserved\b)"),
            comment_form: re(r"(?i)^(?:leave a (?:comment|reply)|post (?:a )?comment|add (?:a )?comment|write a comment|your email address will not be published\.?.*|required fields are marked.*|comments? (?:are|is) closed\.?|\d+\s+comments?|view comments|show comments|load comments|join the conversation|sign in to comment|log in to comment|(?:name|email|website|comment)\s*\*|save my name, email.*|cancel reply|you must be logged in to post a comment\.?)$"),
            contributor_note: limited(r"(?i)^\(?([^()]*?)\b(?:contributed (?:reporting|to this (?:report|story|article))|additional reporting by|reporting by|editing by|writing by|compiled by)\b([^()]*?)\)?\.?$", &[(1, 100), (2, 100)]),
            social_signature: limited(&format!(r"(?i)^(?:[—–-]{{1,2}}\s*([^()\n]+)\(@(\w+)\)\s+(?:{months})\.?\s+\d{{1,2}},?\s+\d{{4}}|a (?:post|video|photo) shared by (.+?)|pic\.twitter\.com/\S+)\s*$"), &[(1, 80), (2, 30), (3, 80)]),
            social_marker: re(r"(?:^|\s)[@#]\w{2,}|https?://|pic\.twitter\.com|t\.co/"),
            markdown_heading: re(r"^#{1,6}\s+"),
        }
    }

    fn lines(text: &str) -> Vec<Line> {
        let mut lines = Vec::new();
        let mut start = 0;
        let bytes = text.as_bytes();
        while start < text.len() {
            let end = memchr_newline(bytes, start);
            let mut line_end = end;
            if line_end > start && bytes[line_end - 1] == b'\r' {
                line_end -= 1;
            }
            let raw = &text[start..line_end];
            // A byte-order mark or zero-width space is not part of any sentence.
            let trimmed_start = start + (raw.len() - raw.trim_start_matches(is_blank_char).len());
            let trimmed_end = trimmed_start + raw.trim_matches(is_blank_char).len();
            lines.push(Line { trimmed: trimmed_start..trimmed_end, verdict: None });
            start = end + 1;
        }
        lines
    }

    /// The headline: a short first line that does not end like a sentence.
    fn find_title(&self, text: &str, lines: &[Line]) -> Option<usize> {
        let first = lines.iter().position(|l| !l.trimmed.is_empty())?;
        let line = &text[lines[first].trimmed.clone()];
        let words = line.split_whitespace().count();
        let ends_like_sentence = line.ends_with(['.', ',', ';', ':']) && !line.ends_with("...");
        (words > 0 && words <= self.config.max_title_words && line.chars().count() <= 300 && !ends_like_sentence)
            .then_some(first)
    }

    /// Classify every line; returns the title line index, if any.
    fn classify(&self, text: &str, lines: &mut [Line], title_line: Option<usize>) {
        let title_key = title_line.map(|i| normalise(&text[lines[i].trimmed.clone()]));
        let n = lines.len();
        let non_blank: Vec<usize> = (0..n).filter(|&i| !lines[i].trimmed.is_empty()).collect();
        for (position, &i) in non_blank.iter().enumerate() {
            if Some(i) == title_line {
                continue;
            }
            let line = &text[lines[i].trimmed.clone()];
            lines[i].verdict = self.line_verdict(line, position, title_key.as_deref());
        }
        self.mark_tagline(text, lines, &non_blank, title_line);
        self.mark_social_embeds(text, lines, &non_blank);
    }

    fn line_verdict(&self, line: &str, position: usize, title_key: Option<&str>) -> Option<Boilerplate> {
        let words = line.split_whitespace().count();
        let short = words <= 12;
        let ends_sentence = line.ends_with(['.', '!', '?', '"', '”', '’', '\'']);
        if self.read_time.is_match(line) {
            return Some(Boilerplate::ReadTime);
        }
        if self.advertisement.is_match(line) {
            return Some(Boilerplate::Advertisement);
        }
        if words <= 6 && is_widget(line) {
            return Some(Boilerplate::ShareWidget);
        }
        if self.dateline.is_match(line) {
            return Some(Boilerplate::Dateline);
        }
        if short && self.byline.is_match(line) {
            return Some(Boilerplate::Byline);
        }
        if self.comment_form.is_match(line) {
            return Some(Boilerplate::CommentForm);
        }
        if words <= 30 && self.copyright.is_match(line) {
            return Some(Boilerplate::Copyright);
        }
        if let Some(key) = title_key {
            let this = normalise(line);
            // The headline again, or its first sentence on a line of its own.
            if !this.is_empty() && (this == key || (this.split(' ').count() >= 3 && key.starts_with(&format!("{this} ")))) {
                return Some(Boilerplate::RepeatedHeadline);
            }
        }
        if words <= 60 && (self.caption_position.is_match(line) || self.trailing_credit.is_match(line)) {
            return Some(Boilerplate::Caption);
        }
        if words <= 25 && (self.credit_prefix.is_match(line) || (!ends_sentence && self.agency_slashes.is_match(line))) {
            return Some(Boilerplate::Credit);
        }
        if words <= 40 && self.contributor_note.is_match(line) {
            return Some(Boilerplate::Credit);
        }
        // Image alt text or URL slug near the top: several words, all lower case, no punctuation.
        if position <= 3
            && words >= 3
            && line.chars().all(|c| c.is_lowercase() || c.is_whitespace() || c.is_ascii_digit())
        {
            return Some(Boilerplate::Caption);
        }
        None
    }

    /// An outlet's name on a line of its own near the end, and the short blurb after it.
    fn mark_tagline(&self, text: &str, lines: &mut [Line], non_blank: &[usize], title_line: Option<usize>) {
        let tail = &non_blank[non_blank.len().saturating_sub(3)..];
        for (k, &i) in tail.iter().enumerate() {
            if Some(i) == title_line || i == non_blank[0] || lines[i].verdict.is_some() {
                continue;
            }
            let line = &text[lines[i].trimmed.clone()];
            let words = line.split_whitespace().count();
            let letters: Vec<char> = line.chars().filter(|c| c.is_alphabetic()).collect();
            let brand = words <= 3
                && !letters.is_empty()
                && !line.ends_with(['.', '!', '?', ':', ',', '"', '”'])
                && letters.iter().all(|c| c.is_uppercase());
            let rest = &tail[k + 1..];
            let blurb_after = rest.iter().all(|&j| text[lines[j].trimmed.clone()].split_whitespace().count() <= 40);
            if brand && blurb_after {
                lines[i].verdict = Some(Boilerplate::Tagline);
                for &j in rest {
                    lines[j].verdict.get_or_insert(Boilerplate::Tagline);
                }
                return;
            }
        }
    }

    /// An embedded post (tweet, Instagram) ends with a signature line; its body is the few short
    /// paragraphs just before it that carry handles, hashtags, links, only emoji, or repeat text
    /// quoted earlier in the article.
    fn mark_social_embeds(&self, text: &str, lines: &mut [Line], non_blank: &[usize]) {
        for (k, &i) in non_blank.iter().enumerate() {
            let line = &text[lines[i].trimmed.clone()];
            if !self.social_signature.is_match(line) {
                continue;
            }
            lines[i].verdict = Some(Boilerplate::SocialEmbed);
            let mut steps = 0;
            let mut cursor = k;
            while cursor > 0 && steps < 6 {
                cursor -= 1;
                steps += 1;
                let j = non_blank[cursor];
                if lines[j].verdict.is_some() {
                    continue;
                }
                let body = &text[lines[j].trimmed.clone()];
                let looks_embedded = body.split_whitespace().count() <= 60
                    && (self.social_marker.is_match(body)
                        || !body.chars().any(char::is_alphanumeric)
                        || repeats_earlier(text, lines, &non_blank[..cursor], body));
                if !looks_embedded {
                    break;
                }
                lines[j].verdict = Some(Boilerplate::SocialEmbed);
            }
        }
    }

    /// Apply the verdicts: title span and content spans (runs of kept lines).
    fn apply(&self, doc: &mut Document, lines: &[Line], title_line: Option<usize>) {
        if let Some(t) = title_line {
            let mut span = lines[t].trimmed.clone();
            if let Some(m) = self.markdown_heading.find(&doc.text[span.clone()]) {
                span.start += m.end();
            }
            doc.title = Some(span);
        }
        let mut content: Vec<Span> = Vec::new();
        let mut run: Option<Range<usize>> = None;
        for (i, line) in lines.iter().enumerate() {
            let excluded = Some(i) == title_line || line.verdict.is_some();
            if excluded {
                if let Some(r) = run.take() {
                    content.push(r);
                }
                continue;
            }
            if line.trimmed.is_empty() {
                continue;
            }
            match &mut run {
                Some(r) => r.end = line.trimmed.end,
                None => run = Some(line.trimmed.clone()),
            }
        }
        content.extend(run);
        doc.content = content;
    }

    /// The verdict of every non-blank line, for tests and `--explain` style debugging.
    pub fn explain(&self, text: &str) -> Vec<(String, Option<Boilerplate>)> {
        let mut lines = Cleaner::lines(text);
        let title_line = if self.config.detect_title { self.find_title(text, &lines) } else { None };
        self.classify(text, &mut lines, title_line);
        lines
            .iter()
            .enumerate()
            .filter(|(_, l)| !l.trimmed.is_empty())
            .map(|(i, l)| (text[l.trimmed.clone()].to_string(), if Some(i) == title_line { None } else { l.verdict }))
            .collect()
    }
}

impl DocumentStage for Cleaner {
    fn name(&self) -> &'static str {
        "clean"
    }

    fn process(&self, doc: &mut Document) -> Result<(), DocumentError> {
        let mut lines = Cleaner::lines(&doc.text);
        // A title given by the source (HTML <title>, JSONL field) is the first line already.
        let title_line = match &doc.title {
            // The line holding the given title (its trimmed span lies inside the title's).
            Some(span) => lines.iter().position(|l| !l.trimmed.is_empty() && l.trimmed.start >= span.start && l.trimmed.end <= span.end),
            None if self.config.detect_title => self.find_title(&doc.text, &lines),
            None => None,
        };
        if title_line.is_none() {
            doc.title = None;
        }
        self.classify(&doc.text, &mut lines, title_line);
        self.apply(doc, &lines, title_line);
        Ok(())
    }
}

fn memchr_newline(bytes: &[u8], from: usize) -> usize {
    bytes[from..].iter().position(|&b| b == b'\n').map_or(bytes.len(), |p| from + p)
}

fn is_widget(line: &str) -> bool {
    let mut trigger = false;
    for word in line.split(|c: char| c.is_whitespace() || c == '|' || c == '/' || c == '·' || c == '•') {
        let word = word.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
        if word.is_empty() {
            continue;
        }
        if !WIDGET_WORDS.contains(&word.as_str()) {
            return false;
        }
        trigger |= WIDGET_TRIGGERS.contains(&word.as_str());
    }
    trigger
}

/// Lower-case letters and digits, single spaces: for comparing lines.
fn normalise(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    for word in line.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    out
}

/// Does `body` repeat (≥ 80% of its words) a paragraph that appeared earlier?
fn repeats_earlier(text: &str, lines: &[Line], earlier: &[usize], body: &str) -> bool {
    let words: HashSet<String> = normalise(body).split(' ').filter(|w| !w.is_empty()).map(String::from).collect();
    if words.len() < 4 {
        return false;
    }
    earlier.iter().any(|&j| {
        let other: HashSet<String> = normalise(&text[lines[j].trimmed.clone()]).split(' ').map(String::from).collect();
        words.iter().filter(|w| other.contains(*w)).count() * 5 >= words.len() * 4
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Origin;

    fn cleaner() -> Cleaner {
        Cleaner::new(&CleanConfig::default())
    }

    fn verdict(line: &str) -> Option<Boilerplate> {
        // Put the line in the middle of an article so position rules do not apply.
        let text = format!("A headline here\n\nFirst paragraph is ordinary prose.\n\nSecond one too.\n\nThird.\n\n{line}\n\nLast paragraph of the story.\n");
        cleaner().explain(&text).into_iter().find(|(l, _)| l == line.trim()).map(|(_, v)| v).unwrap()
    }

    #[test]
    fn page_furniture_is_recognised() {
        assert_eq!(verdict("5 min read"), Some(Boilerplate::ReadTime));
        assert_eq!(verdict("Reading time: 4 minutes"), Some(Boilerplate::ReadTime));
        assert_eq!(verdict("ADVERTISEMENT"), Some(Boilerplate::Advertisement));
        assert_eq!(verdict("Story continues below advertisement"), Some(Boilerplate::Advertisement));
        assert_eq!(verdict("Share this article"), Some(Boilerplate::ShareWidget));
        assert_eq!(verdict("Copy link"), Some(Boilerplate::ShareWidget));
        assert_eq!(verdict("Facebook Twitter WhatsApp Email"), Some(Boilerplate::ShareWidget));
        assert_eq!(verdict("Published: 12:40 BST, 3 March 2021"), Some(Boilerplate::Dateline));
        assert_eq!(verdict("Last updated on Mon 3 Oct 2022"), Some(Boilerplate::Dateline));
        assert_eq!(verdict("By Jane Doe and John Smith, Associated Press"), Some(Boilerplate::Byline));
        assert_eq!(verdict("© 2023 Daily Planet Media. All rights reserved."), Some(Boilerplate::Copyright));
        assert_eq!(verdict("Leave a Reply"), Some(Boilerplate::CommentForm));
        assert_eq!(verdict("Your email address will not be published. Required fields are marked *"), Some(Boilerplate::CommentForm));
        assert_eq!(verdict("The minister (left) greets the visiting delegation in Lisbon"), Some(Boilerplate::Caption));
        assert_eq!(verdict("Firefighters battle the blaze on Sunday. (AFP)"), Some(Boilerplate::Caption));
        assert_eq!(verdict("Photo: Maria Lopez for The Courier"), Some(Boilerplate::Credit));
        assert_eq!(verdict("Harbour at dawn KARL JONES / AAP / DPA"), Some(Boilerplate::Credit));
        assert_eq!(verdict("(Reporting by Ann Lee; Editing by Tom Hale)"), Some(Boilerplate::Credit));
    }

    #[test]
    fn ordinary_prose_is_kept() {
        assert_eq!(verdict("The council voted 7-2 to approve the budget on Tuesday."), None);
        assert_eq!(verdict("By the end of the year, prices had doubled."), None);
        assert_eq!(verdict("Shares in the company rose 4% after the results."), None);
        assert_eq!(verdict("Follow-up tests showed no sign of the virus."), None);
        assert_eq!(verdict("Flooding on the coast"), None);
        assert_eq!(verdict("The agency (AFP) reported the figures."), None);
    }

    #[test]
    fn headline_detection() {
        let c = cleaner();
        let explain = c.explain("Storm hits coast\n\nThe storm hit the coast.\n");
        assert_eq!(explain[0], ("Storm hits coast".to_string(), None));
        let mut doc = Document::new(Origin { doc_id: "d".into(), source: "d".into() }, String::new(), "Storm hits coast\n\nThe storm hit.\n".into());
        c.process(&mut doc).unwrap();
        assert_eq!(doc.title_text(), Some("Storm hits coast"));
        let mut doc = Document::new(Origin { doc_id: "d".into(), source: "d".into() }, String::new(), "The storm hit the coast on Monday, officials said.\n\nMore.\n".into());
        c.process(&mut doc).unwrap();
        assert_eq!(doc.title, None);
        let mut doc = Document::new(Origin { doc_id: "d".into(), source: "d".into() }, String::new(), "# Markdown title\n\nBody.\n".into());
        c.process(&mut doc).unwrap();
        assert_eq!(doc.title_text(), Some("Markdown title"));
    }

    #[test]
    fn repeated_headline_and_tagline_and_embed() {
        let text = "Port strike ends. Ships move again\n\nPort strike ends\n\nThe strike ended on Friday after talks.\n\n\"We thank the workers for their patience,\" the mayor said.\n\nWe thank the workers for their patience!\n\n#portstrike over @CityPort\n\n— Mayor Ann Vale (@annvale) March 3, 2024\n\nTHE HARBOUR TIMES\n\nIndependent news from the waterfront since 1901.";
        let explain = cleaner().explain(text);
        let get = |line: &str| explain.iter().find(|(l, _)| l == line).unwrap().1;
        assert_eq!(get("Port strike ends"), Some(Boilerplate::RepeatedHeadline));
        assert_eq!(get("The strike ended on Friday after talks."), None);
        assert_eq!(get("\"We thank the workers for their patience,\" the mayor said."), None);
        assert_eq!(get("We thank the workers for their patience!"), Some(Boilerplate::SocialEmbed));
        assert_eq!(get("#portstrike over @CityPort"), Some(Boilerplate::SocialEmbed));
        assert_eq!(get("— Mayor Ann Vale (@annvale) March 3, 2024"), Some(Boilerplate::SocialEmbed));
        assert_eq!(get("THE HARBOUR TIMES"), Some(Boilerplate::Tagline));
        assert_eq!(get("Independent news from the waterfront since 1901."), Some(Boilerplate::Tagline));
    }

    #[test]
    fn headline_only_document_and_byte_order_mark() {
        // Regression: a file holding only its headline got no title; a BOM leaked into the title.
        let mut doc = Document::new(Origin { doc_id: "d".into(), source: "d".into() }, String::new(), "Albania expels diplomats".into());
        cleaner().process(&mut doc).unwrap();
        assert_eq!(doc.title_text(), Some("Albania expels diplomats"));
        let mut doc = Document::new(Origin { doc_id: "d".into(), source: "d".into() }, String::new(), "\u{feff}BOM headline\n\nBody text.\n".into());
        cleaner().process(&mut doc).unwrap();
        assert_eq!(doc.title_text(), Some("BOM headline"));
    }

    #[test]
    fn content_spans_skip_boilerplate_and_keep_text_verbatim() {
        let text = "Title line\r\n\r\nFirst para.\r\nAdvertisement\r\nSecond para.\r\n";
        let mut doc = Document::new(Origin { doc_id: "d".into(), source: "d".into() }, String::new(), text.into());
        cleaner().process(&mut doc).unwrap();
        assert_eq!(doc.text, text);
        let content: Vec<&str> = doc.content.iter().map(|s| &text[s.clone()]).collect();
        assert_eq!(content, vec!["First para.", "Second para."]);
    }
}
