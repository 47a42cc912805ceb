//! Reuse between checks: the phrases of lines that did not change.
//!
//! A line break ends every sentence, and every phrase, window and exception
//! lies inside one sentence, so the phrases of a folded line depend on that
//! line alone. A mail being written changes a line or two between checks;
//! the phrases of every other line are taken from the checks before, and the
//! new lines are matched together in one pass.

use crate::matcher::{Match, Matcher};
use rustc_hash::FxHashMap;

/// Phrases by line, as byte ranges within the line.
type Phrases = FxHashMap<Box<str>, Vec<Match>>;

/// A line as the memo keeps it, and its phrases.
type Kept = (Box<str>, Vec<Match>);

/// Takes `line` and its phrases out of `memo`, if it holds them.
fn take(memo: &mut Phrases, line: &str) -> Option<Kept> {
    // A first check, and an empty line, have nothing to look up.
    if memo.is_empty() || line.is_empty() {
        None
    } else {
        memo.remove_entry(line)
    }
}

/// The phrases of the lines of the latest checks, for one matcher.
#[derive(Default)]
pub struct LineMemo {
    /// The lines of the latest check, and of the one before: two mails
    /// checked in turn both find their lines.
    latest: Phrases,
    before: Phrases,
}

impl LineMemo {
    /// What `matcher` finds in folded `text`: the same phrases as
    /// [`Matcher::find`], matching only new lines. A memo must always be
    /// used with the same matcher.
    pub fn find(&mut self, matcher: &Matcher, text: &str) -> Vec<Match> {
        let mut older = std::mem::take(&mut self.before);
        self.before = std::mem::take(&mut self.latest);

        // Each line's phrases where known, with the key they were kept
        // under (kept again, not copied); the others go into `fresh`.
        let mut lines: Vec<(usize, &str, Option<Kept>)> = Vec::new();
        let mut fresh = String::new();
        let mut at = 0;
        for line in text.split('\n') {
            let known = take(&mut self.before, line).or_else(|| take(&mut older, line));
            if known.is_none() && !line.is_empty() {
                fresh.push_str(line);
                fresh.push('\n');
            }
            lines.push((at, line, known));
            at += line.len() + 1;
        }
        let mut found_fresh = matcher.find(&fresh).into_iter().peekable();

        let mut found = Vec::new();
        let mut fresh_at = 0;
        for (start, line, known) in lines {
            if line.is_empty() {
                continue;
            }
            let (key, phrases) = known.unwrap_or_else(|| {
                let end = fresh_at + line.len();
                let mut phrases = Vec::new();
                while let Some(m) = found_fresh.next_if(|m| m.start < end) {
                    phrases.push(Match {
                        start: m.start - fresh_at,
                        end: m.end - fresh_at,
                        ..m
                    });
                }
                fresh_at = end + 1;
                (line.into(), phrases)
            });
            found.extend(phrases.iter().map(|m| Match {
                start: m.start + start,
                end: m.end + start,
                ..*m
            }));
            self.latest.insert(key, phrases);
        }
        found
    }
}
