//! Progress for humans on stderr: a bar on a terminal, plain log lines otherwise. Both show
//! documents done of the total (the inputs are counted before the run), the rate and the time
//! left.

use std::io::IsTerminal;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};

/// A line for the human reading stderr (`eprintln!` without its panic): a closed stderr
/// (`textmill run 2>&1 | head`) must not stop a run, so a line that cannot be written is dropped.
#[macro_export]
macro_rules! stderr_line {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

/// Plain progress lines come this often (the first one after the first batch).
const LOG_EVERY: Duration = Duration::from_secs(5);

/// The bar: done/total, documents per second, time left, then the words/s or stage message.
const BAR_TEMPLATE: &str = "{spinner} [{elapsed_precise}] {bar:40} {pos}/{len} docs  {per_sec}  ETA {eta}  {msg}";

pub struct Progress {
    bar: Option<ProgressBar>,
    quiet: bool,
    total: Option<u64>,
    started: Instant,
    last_log: Option<Instant>,
    documents: u64,
    words: u64,
}

impl Progress {
    /// `total`: documents expected, when known.
    pub fn new(total: Option<u64>, quiet: bool) -> Progress {
        let bar = (!quiet && std::io::stderr().is_terminal()).then(|| {
            let bar = match total {
                Some(n) => ProgressBar::new(n),
                None => ProgressBar::new_spinner(),
            };
            bar.set_style(ProgressStyle::with_template(BAR_TEMPLATE).unwrap_or_else(|_| ProgressStyle::default_bar()));
            bar.enable_steady_tick(Duration::from_millis(200));
            bar
        });
        Progress { bar, quiet, total, started: Instant::now(), last_log: None, documents: 0, words: 0 }
    }

    pub fn advance(&mut self, documents: u64, words: u64) {
        self.documents += documents;
        self.words += words;
        let elapsed = self.started.elapsed();
        let rate = self.words as f64 / elapsed.as_secs_f64().max(1e-9);
        match &self.bar {
            Some(bar) => {
                bar.inc(documents);
                bar.set_message(format!("{:.0} words/s", rate));
            }
            None if !self.quiet && self.last_log.is_none_or(|last| last.elapsed() >= LOG_EVERY) => {
                crate::stderr_line!("textmill: {}", progress_line(self.documents, self.total, self.words, elapsed));
                self.last_log = Some(Instant::now());
            }
            None => {}
        }
    }

    /// Print a line without tearing the bar.
    pub fn println(&self, line: &str) {
        match &self.bar {
            Some(bar) => bar.println(line),
            None => crate::stderr_line!("{line}"),
        }
    }

    pub fn set_stage(&self, message: &str) {
        match &self.bar {
            Some(bar) => bar.set_message(message.to_string()),
            None if !self.quiet => crate::stderr_line!("textmill: {message}"),
            None => {}
        }
    }

    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// A plain progress line: `1280/3000 documents (43%), 120 documents/s, 45000 words/s, 14s left`.
pub fn progress_line(done: u64, total: Option<u64>, words: u64, elapsed: Duration) -> String {
    let seconds = elapsed.as_secs_f64().max(1e-9);
    let rate = done as f64 / seconds;
    let words_rate = words as f64 / seconds;
    match total {
        Some(total) if total > 0 => {
            let left = total.saturating_sub(done);
            let eta = if left == 0 { "done".to_string() } else if rate > 0.0 { format!("{} left", duration(left as f64 / rate)) } else { "time left unknown".to_string() };
            format!(
                "{done}/{total} documents ({:.0}%), {rate:.0} documents/s, {words_rate:.0} words/s, {eta}",
                100.0 * done as f64 / total as f64
            )
        }
        _ => format!("{done} documents, {rate:.0} documents/s, {words_rate:.0} words/s"),
    }
}

/// `42s`, `3m05s`, `2h07m`.
fn duration(seconds: f64) -> String {
    let seconds = seconds.round() as u64;
    match seconds {
        0..60 => format!("{seconds}s"),
        60..3600 => format!("{}m{:02}s", seconds / 60, seconds % 60),
        _ => format!("{}h{:02}m", seconds / 3600, seconds % 3600 / 60),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_lines_show_done_of_total_rate_and_time_left() {
        let line = progress_line(1280, Some(3000), 450_000, Duration::from_secs(10));
        assert_eq!(line, "1280/3000 documents (43%), 128 documents/s, 45000 words/s, 13s left");
        assert_eq!(progress_line(3000, Some(3000), 1, Duration::from_secs(1)), "3000/3000 documents (100%), 3000 documents/s, 1 words/s, done");
        assert!(progress_line(10, Some(10_000), 0, Duration::from_secs(10)).ends_with("2h46m left"));
        assert_eq!(duration(185.0), "3m05s");
    }

    #[test]
    fn the_bar_shows_the_total_the_rate_and_the_time_left() {
        for field in ["{pos}/{len}", "{per_sec}", "{eta}"] {
            assert!(BAR_TEMPLATE.contains(field), "{field}");
        }
        assert!(ProgressStyle::with_template(BAR_TEMPLATE).is_ok());
    }
}
