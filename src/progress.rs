//! Progress for humans on stderr: a bar on a terminal, plain log lines otherwise.

use std::io::IsTerminal;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};

pub struct Progress {
    bar: Option<ProgressBar>,
    quiet: bool,
    started: Instant,
    last_log: Instant,
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
            bar.set_style(
                ProgressStyle::with_template("{spinner} [{elapsed_precise}] {bar:40} {pos}/{len} docs  {msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            bar.enable_steady_tick(Duration::from_millis(200));
            bar
        });
        Progress { bar, quiet, started: Instant::now(), last_log: Instant::now(), documents: 0, words: 0 }
    }

    pub fn advance(&mut self, documents: u64, words: u64) {
        self.documents += documents;
        self.words += words;
        let rate = self.words as f64 / self.started.elapsed().as_secs_f64().max(1e-9);
        match &self.bar {
            Some(bar) => {
                bar.inc(documents);
                bar.set_message(format!("{:.0} words/s", rate));
            }
            None if !self.quiet && self.last_log.elapsed() >= Duration::from_secs(5) => {
                eprintln!("textmill: {} documents, {} words, {:.0} words/s", self.documents, self.words, rate);
                self.last_log = Instant::now();
            }
            None => {}
        }
    }

    /// Print a line without tearing the bar.
    pub fn println(&self, line: &str) {
        match &self.bar {
            Some(bar) => bar.println(line),
            None => eprintln!("{line}"),
        }
    }

    pub fn set_stage(&self, message: &str) {
        match &self.bar {
            Some(bar) => bar.set_message(message.to_string()),
            None if !self.quiet => eprintln!("textmill: {message}"),
            None => {}
        }
    }

    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
