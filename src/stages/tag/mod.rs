//! tag: named-entity mentions inside the kept sentences.
//!
//! A backend (`[tag.tagger] backend = "..."`) proposes labelled spans over a piece of text; this
//! module feeds it the content (never boilerplate), applies the contract's span conventions
//! (no leading "the", no possessive, no honorifics before a person's name) and assigns each
//! mention to its sentence.

mod config;
pub use config::{ModelConfig, ModelName, PostPassConfig, RulerConfig, TagConfig, TaggerConfig};
pub mod model;
pub mod postpass;
pub mod ruler;
pub mod spans;
pub mod timex;

use crate::document::{Document, Label, Mention, Span};
use crate::error::{DocumentError, RunError};
use crate::gazetteer::Gazetteer;
use crate::stages::{DocumentStage, Stage};

/// A document that speaks of quarters this often reports a quarter's results (see
/// [`timex::normalise`]).
const QUARTERLY_MENTIONS: usize = 2;

/// A labelled byte span proposed by a backend.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal {
    pub span: Span,
    pub label: Label,
}

/// The tagger backends, dispatched with `match`.
pub enum Tagger {
    Ruler(ruler::Ruler),
    /// The network, optionally followed by a ruler whose matches win over the network's.
    Model(model::NerModel, Option<ruler::Ruler>),
}

impl Tagger {
    pub fn build(config: &TagConfig, gazetteer: &Gazetteer) -> Result<Tagger, RunError> {
        match &config.tagger {
            TaggerConfig::Ruler(ruler) => Ok(Tagger::Ruler(ruler::Ruler::build(ruler, gazetteer)?)),
            TaggerConfig::Model(model) => {
                let ruler = model.ruler.as_ref().map(|r| ruler::Ruler::build(r, gazetteer)).transpose()?;
                Ok(Tagger::Model(model::NerModel::build(model)?, ruler))
            }
        }
    }


    /// Proposals over `text[region]`, whose sentences begin at `sentence_starts`.
    fn propose(&self, text: &str, region: Span, sentence_starts: &[usize], out: &mut Vec<Proposal>) {
        match self {
            Tagger::Ruler(ruler) => ruler.propose(text, region, sentence_starts, out),
            Tagger::Model(network, None) => network.propose(text, region, sentence_starts, out),
            Tagger::Model(network, Some(ruler)) => {
                let mut overrides = Vec::new();
                ruler.propose(text, region.clone(), sentence_starts, &mut overrides);
                let from = out.len();
                network.propose(text, region, sentence_starts, out);
                // The ruler's spans replace the network's spans they overlap.
                let mut kept: Vec<Proposal> = out.drain(from..).filter(|p| !overrides.iter().any(|o| o.span.start < p.span.end && p.span.start < o.span.end)).collect();
                kept.extend(overrides);
                kept.sort_by_key(|p| p.span.start);
                out.extend(kept);
            }
        }
    }
}

pub struct TagStage {
    tagger: Tagger,
    conventions: spans::Conventions,
    post: Option<postpass::PostPasses>,
    /// Relative dates of documents without a publication date are read against this.
    reference_date: Option<chrono::NaiveDate>,
    config: TagConfig,
}

impl TagStage {
    pub fn build(config: &TagConfig, gazetteer: &Gazetteer) -> Result<TagStage, RunError> {
        let post = match &config.tagger {
            TaggerConfig::Model(model) => Some(postpass::PostPasses::new(&model.post, gazetteer)),
            TaggerConfig::Ruler(_) => None,
        };
        Ok(TagStage {
            tagger: Tagger::build(config, gazetteer)?,
            conventions: spans::Conventions::new(gazetteer.titles()),
            post,
            reference_date: config.reference_date(),
            config: config.clone(),
        })
    }

    /// Hash of the files the configured backend reads (patterns, gazetteer, weights), for
    /// the cache; computed without building the backend.
    pub fn resource_fingerprint(config: &TagConfig, gazetteer: &Gazetteer) -> Result<String, RunError> {
        match &config.tagger {
            TaggerConfig::Ruler(ruler) => ruler::Ruler::resource_fingerprint(ruler, gazetteer),
            TaggerConfig::Model(model) => {
                let ruler = model.ruler.as_ref().map(|r| ruler::Ruler::resource_fingerprint(r, gazetteer)).transpose()?;
                Ok(format!("{} {} {}", model::NerModel::resource_fingerprint(model)?, ruler.unwrap_or_default(), gazetteer.fingerprint()))
            }
        }
    }
}

impl DocumentStage for TagStage {
    fn stage(&self) -> Stage {
        Stage::Tag
    }

    fn process(&self, doc: &mut Document) -> Result<(), DocumentError> {
        if !self.config.tags(doc.language.as_deref()) {
            doc.mentions.clear();
            return Ok(());
        }
        let mut proposals = Vec::new();
        // Each run of consecutive sentences (a content block, or the headline) is tagged as one
        // text, so a backend sees sentence context but never boilerplate.
        let mut block_start = 0;
        while block_start < doc.sentences.len() {
            let mut block_end = block_start + 1;
            while block_end < doc.sentences.len() && !crosses_removed_line(doc, block_end - 1, block_end) {
                block_end += 1;
            }
            let region = doc.sentences[block_start].span.start..doc.sentences[block_end - 1].span.end;
            let starts: Vec<usize> = doc.sentences[block_start..block_end].iter().map(|s| s.span.start).collect();
            self.tagger.propose(&doc.text, region, &starts, &mut proposals);
            block_start = block_end;
        }
        let mut mentions = Vec::with_capacity(proposals.len());
        for proposal in proposals {
            let Some(span) = self.conventions.apply(&doc.text, proposal.span, proposal.label) else { continue };
            // A mention must lie inside one sentence.
            let Some(sent_idx) = doc.sentence_at(span.start) else { continue };
            if span.end > doc.sentences[sent_idx].span.end {
                continue;
            }
            // (A picture agency the network took for a person: "Getty Images"; a wire's
            // signature in brackets for a place, "(NAN)" put in Thailand.)
            let label = match proposal.label {
                Label::Person if spans::picture_agency(&doc.text[span.clone()]) => Label::Org,
                _ if wire_signature(&doc.text, &span) => Label::Org,
                label => label,
            };
            mentions.push(Mention { span, label, sent_idx, entity_key: String::new(), value: None });
        }
        mentions.sort_by_key(|m| (m.span.start, m.span.end));
        mentions.dedup_by(|b, a| a.span.end > b.span.start);
        drop_lone_titles(&doc.text, &mut mentions, &self.conventions);
        doc.mentions = mentions;
        if let Some(post) = &self.post {
            post.apply(doc);
        }
        for mention in doc.mentions.iter_mut().filter(|m| m.label == Label::Person) {
            mention.span = spans::without_saint(&doc.text, mention.span.clone());
        }
        // DATE and TIME values, read against the publication date.
        let anchor = doc.published.as_deref().and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()).or(self.reference_date);
        let quarterly = timex::quarters_named(&doc.text) >= QUARTERLY_MENTIONS;
        // Dates first, then times: a time next to a day ("next Tuesday at 10:30 a.m.", "at 6 a.m.
        // on Sunday") is on that day.
        // (A day and its part, "Monday morning", is a TIME read between the dates and the other
        // times: on the date next to it, "Monday morning, Sept. 19", and "7 a.m." next to it on
        // its day.)
        let pass_of = |m: &Mention| match m.label {
            Label::Date => 0,
            _ if timex::opens_with_day(&doc.text[m.span.clone()]) => 1,
            _ => 2,
        };
        for pass in 0..3 {
            // The value of the last date before, for "that year", "the same day".
            let mut previous: Option<String> = None;
            for i in 0..doc.mentions.len() {
                let mention = &doc.mentions[i];
                if !matches!(mention.label, Label::Date | Label::Time) || pass_of(mention) != pass {
                    continue;
                }
                let text = &doc.text[mention.span.clone()];
                if let Some(value) = timex::anaphoric(text, previous.as_deref()) {
                    doc.mentions[i].value = Some(value);
                    continue;
                }
                // The words around the mention, not all of a sentence that may run for pages (a
                // text without full stops): reading it whole for every date was quadratic.
                let sentence = around(&doc.text, doc.sentences[mention.sent_idx].span.clone(), mention.span.clone());
                let anchor = if mention.label == Label::Time { day_next_to(doc, i).or(anchor) } else { anchor };
                let at = mention.span.start - sentence.start;
                let value = timex::normalise(text, &doc.text[sentence], at, anchor, quarterly);
                if value.as_deref().is_some_and(|v| v.starts_with(|c: char| c.is_ascii_digit())) {
                    previous = value.clone();
                }
                doc.mentions[i].value = value;
            }
        }
        time_and_its_day(doc);
        timex::split_two_points(&doc.text, &mut doc.mentions, anchor);
        Ok(())
    }
}

/// A day's expression that is no range of days ("Monday to Friday" may be valued by its first).
fn one_day(expression: &str) -> bool {
    ![" to ", " through ", " and ", " until ", "-", "–"].iter().any(|range| expression.contains(range))
}

/// Words that may follow a day that ends a time's phrase ("noon Saturday at the stadium").
const DAY_FOLLOWERS: &[&str] = &["at", "in", "and", "or", "but", "when", "after", "before", "with", "as", "for", "by", "from", "near", "outside", "inside", "local", "time"];

/// A wire's initials in brackets, as it signs a story's last sentence: "... prosecuted. (NAN)".
fn wire_signature(text: &str, span: &Span) -> bool {
    crate::stages::clean::metadata::SIGNING_WIRES.contains(&&text[span.clone()]) && text[..span.start].ends_with('(') && text[span.end..].starts_with(')')
}

/// A time and the day written right after it, on which it was read ("5 p.m. EST, Nov. 6",
/// "noon Saturday"), are one TIME: the day is no second expression. (Not a day's part and a
/// date, "Monday morning, Sept. 19": two expressions of one day, as they are written.)
fn time_and_its_day(doc: &mut Document) {
    let mut i = 0;
    while i + 1 < doc.mentions.len() {
        let (time, day) = (&doc.mentions[i], &doc.mentions[i + 1]);
        // (The cheap test first: most neighbours are no time and a date.)
        if time.label != Label::Time || day.label != Label::Date {
            i += 1;
            continue;
        }
        let gap = &doc.text[time.span.end..day.span.start];
        let on_that_day = match (&time.value, &day.value) {
            (Some(time_value), Some(day_value)) => day_value.len() == 10 && time_value.len() > 10 && time_value.starts_with(day_value.as_str()),
            _ => false,
        };
        // (Not a day that qualifies a noun or opens a range: "8 a.m., Sunday school", "11 p.m.,
        // Saturday's statement", "9 a.m., Monday to Friday".)
        let rest = &doc.text[day.span.end..];
        let next_word = rest.split_whitespace().next().unwrap_or("").trim_end_matches([',', '.', ';', ':', '!', '?', ')']).to_lowercase();
        let day_ends = !rest.starts_with(['\'', '’']) && (rest.trim_start().starts_with([',', '.', ';', ':', '!', '?', ')']) || rest.trim().is_empty() || DAY_FOLLOWERS.contains(&next_word.as_str()));
        let written_next = time.sent_idx == day.sent_idx && gap.len() <= 2 && gap.trim_matches([' ', ',']).is_empty();
        let kinds = !timex::opens_with_day(&doc.text[time.span.clone()]) && one_day(&doc.text[day.span.clone()]);
        if kinds && written_next && on_that_day && day_ends {
            doc.mentions[i].span.end = doc.mentions[i + 1].span.end;
            doc.mentions.remove(i + 1);
        }
        i += 1;
    }
}

/// A PERSON mention that is only a title, right before the person's name in the same sentence
/// and tagged on its own, is no person: the contract leaves titles out of names. The title
/// abbreviated ("Col." + "Lawrence Cajipe", "Supt." + "Darren Campbell"), or a word that is
/// never a name ("Councillor" + "Josh Colle"). (Not "Dean" of "Dean Martin", "King", "Bishop";
/// nor a title alone elsewhere: "Major".)
fn drop_lone_titles(text: &str, mentions: &mut Vec<Mention>, conventions: &spans::Conventions) {
    const NEVER_NAMES: &[&str] = &[
        "councillor", "cllr", "senator", "governor", "president", "minister", "mayor", "sheriff", "inspector", "superintendent",
        "sergeant", "constable", "commissioner", "detective", "ambassador", "chairman", "chairwoman", "secretary", "lieutenant",
        "colonel", "professor", "mr", "mrs", "ms", "dr", "reverend",
    ];
    let lone: Vec<bool> = (0..mentions.len())
        .map(|i| {
            let (mention, next) = (&mentions[i], mentions.get(i + 1));
            let title = &text[mention.span.clone()];
            let gap = next.map_or("", |next| &text[mention.span.end..next.span.start]);
            let before_name = gap.trim() == "." || gap == " " && NEVER_NAMES.contains(&title.to_lowercase().as_str());
            mention.label == Label::Person
                && conventions.is_title(title)
                && next.is_some_and(|next| next.label == Label::Person && next.sent_idx == mention.sent_idx && before_name)
        })
        .collect();
    let mut flags = lone.into_iter();
    mentions.retain(|_| !flags.next().unwrap_or(false));
}

/// The day of the DATE mention just before or after the time mention `i` in its sentence
/// ("Tuesday at 10:30", "Tuesday, 10:30", "10:30 on Tuesday"), when it is one day.
fn day_next_to(doc: &Document, i: usize) -> Option<chrono::NaiveDate> {
    let time = &doc.mentions[i];
    let day = |m: &Mention| {
        let value = m.value.as_deref().filter(|_| matches!(m.label, Label::Date | Label::Time) && m.sent_idx == time.sent_idx)?;
        chrono::NaiveDate::parse_from_str(value.get(..10)?, "%Y-%m-%d").ok()
    };
    let gap = |between: &str| {
        let gap = between.trim_matches([' ', ',']);
        gap.is_empty() || gap.eq_ignore_ascii_case("on")
    };
    let before = i.checked_sub(1).map(|j| &doc.mentions[j]).filter(|m| doc.text[m.span.end..time.span.start].trim_matches([' ', ',']).len() <= 2).and_then(day);
    before.or_else(|| doc.mentions.get(i + 1).filter(|m| gap(&doc.text[time.span.end..m.span.start])).and_then(day))
}

/// At most `TIMEX_CONTEXT` bytes of `sentence` on each side of `mention`, on character boundaries.
fn around(text: &str, sentence: Span, mention: Span) -> Span {
    let mut start = mention.start.saturating_sub(TIMEX_CONTEXT).max(sentence.start);
    let mut end = (mention.end + TIMEX_CONTEXT).min(sentence.end);
    while !text.is_char_boundary(start) {
        start += 1;
    }
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    start..end
}

/// How much of a sentence around a date is read to resolve it (a long sentence's length).
const TIMEX_CONTEXT: usize = 400;

/// True when sentences `a` and `b` are separated by something other than whitespace (a removed
/// boilerplate line, or the title's own line end).
fn crosses_removed_line(doc: &Document, a: usize, b: usize) -> bool {
    let between = &doc.text[doc.sentences[a].span.end..doc.sentences[b].span.start];
    if !between.trim().is_empty() {
        return true;
    }
    // The headline is its own block.
    doc.title.as_ref().is_some_and(|t| t.start == doc.sentences[a].span.start)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_is_read_in_the_words_around_it_not_a_whole_long_sentence() {
        // A sentence that runs for pages (no full stops) was read whole for every date in it.
        // Both edges of the window fall inside a two-byte letter here.
        let text = format!("{}on Monday ab{}", "é".repeat(1000), "ü".repeat(1000));
        let mention = text.find("Monday").unwrap()..text.find("Monday").unwrap() + 6;
        let span = around(&text, 0..text.len(), mention.clone());
        assert!(span.start <= mention.start && mention.end <= span.end);
        assert!(span.end - span.start <= 2 * TIMEX_CONTEXT + 6);
        assert!(!text.is_char_boundary(mention.start - TIMEX_CONTEXT) && !text.is_char_boundary(mention.end + TIMEX_CONTEXT));
        assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
        // A short sentence is read whole.
        assert_eq!(around("He left on Monday.", 0..18, 11..17), 0..18);
    }

    #[test]
    fn a_time_and_the_day_after_it_are_one_time() {
        use crate::document::{Origin, Sentence};
        let with = |text: &str, mentions: &[(&str, Label, &str)]| {
            let mut doc = Document::new(Origin { doc_id: "d".into(), source: "d".into() }, String::new(), text.into());
            doc.sentences = vec![Sentence { span: 0..text.len() }];
            for (surface, label, value) in mentions {
                let start = text.find(surface).unwrap();
                doc.mentions.push(Mention { span: start..start + surface.len(), label: *label, sent_idx: 0, entity_key: String::new(), value: Some(value.to_string()) });
            }
            time_and_its_day(&mut doc);
            doc.mentions.iter().map(|m| text[m.span.clone()].to_string()).collect::<Vec<_>>()
        };
        // (TimeBank: "until 5 p.m. EST, Nov. 6" is one TIME.)
        assert_eq!(with("The offer runs until 5 p.m. EST, Nov. 6, it said.", &[("5 p.m. EST", Label::Time, "1989-11-06T17:00"), ("Nov. 6", Label::Date, "1989-11-06")]), ["5 p.m. EST, Nov. 6"]);
        assert_eq!(with("It starts at noon Saturday.", &[("noon", Label::Time, "1991-02-23T12:00"), ("Saturday", Label::Date, "1991-02-23")]), ["noon Saturday"]);
        // Not a time on another day, nor a day after other words.
        assert_eq!(with("At 5 p.m., Nov. 7 was chosen.", &[("5 p.m.", Label::Time, "1989-11-06T17:00"), ("Nov. 7", Label::Date, "1989-11-07")]), ["5 p.m.", "Nov. 7"]);
        assert_eq!(with("At 5 p.m. and then Nov. 6.", &[("5 p.m.", Label::Time, "1989-11-06T17:00"), ("Nov. 6", Label::Date, "1989-11-06")]), ["5 p.m.", "Nov. 6"]);
        // (Review: a day that qualifies a noun or opens a range.)
        for (text, time, day) in [("Classes at 8 a.m., Sunday school at ten.", "8 a.m.", "Sunday"), ("By 11 p.m., Saturday's statement was out.", "11 p.m.", "Saturday"), ("Open 9 a.m., Monday to Friday.", "9 a.m.", "Monday"), ("Open 9 a.m., Monday to Friday.", "9 a.m.", "Monday to Friday")] {
            assert_eq!(with(text, &[(time, Label::Time, "2022-09-04T08:00"), (day, Label::Date, "2022-09-04")]), [time, day], "{text}");
        }
    }
}
