//! What the clean stage decides on a plain-text page, line by line, for looking at its
//! mistakes: `cargo run --release --example clean_explain -- FILE`. Each non-blank line read
//! (wrapped paragraphs joined) with its most likely kind, its furniture, headline, byline and
//! date probabilities, the headline ranker's score, and `-` when it is left out; then the
//! title, authors and date the stage gives. (The page as a plain-text file: no source title.)

use textmill::document::Given;
use textmill::stages::clean::model::LineKind;
use textmill::stages::clean::{CleanConfig, Cleaner};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: clean_explain FILE")?;
    let text = std::fs::read_to_string(&path)?;
    let cleaner = Cleaner::new(&CleanConfig::default());
    let readings = cleaner.read(&text);
    let decisions = cleaner.decide(&text, &readings, &Given::default());
    println!("  # kind      furn  head  byl   date  rank    line");
    for (i, reading) in readings.iter().enumerate() {
        let [_, furniture, headline, byline, date] = reading.probabilities;
        let kind = if decisions.headline == Some(i) { LineKind::Headline } else { reading.kind() };
        let removed = if decisions.removed.contains(&i) { '-' } else { ' ' };
        let line: String = text[reading.span.clone()].chars().take(90).collect();
        let rank = if reading.headline_score.is_finite() { format!("{:6.2}", reading.headline_score) } else { "     .".into() };
        println!("{removed}{i:>3} {:<9} {furniture:.2}  {headline:.2}  {byline:.2}  {date:.2}  {rank}  {line}", kind.name());
    }
    println!("title: {:?}", decisions.headline.map(|h| &text[readings[h].span.clone()]));
    println!("authors: {:?}\npublished: {:?}", decisions.authors, decisions.published);
    Ok(())
}
