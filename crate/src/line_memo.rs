//! Reuse between checks: the phrases of lines that did not change.
//!
//! A line break ends every sentence, and every phrase, window and exception
//! lies inside one sentence, so the phrases of a folded line depend on that
//! line alone, as do its pronouns of address. A mail being written changes
//! a line or two between checks; what every other line holds is taken from
//! the checks before, and the new lines are matched together in one pass.

use crate::matcher::{Match, Matched, Matcher, PronounAt};
use rustc_hash::FxHashMap;

/// What each line holds, as byte ranges within the line.
type Lines = FxHashMap<Box<str>, Matched>;

/// A line as the memo keeps it, and what it holds.
type Kept = (Box<str>, Matched);

/// Takes `line` and what it holds out of `memo`, if it holds them.
fn take(memo: &mut Lines, line: &str) -> Option<Kept> {
    // A first check, and an empty line, have nothing to look up.
    if memo.is_empty() || line.is_empty() {
        None
    } else {
        memo.remove_entry(line)
    }
}

/// Something found at a byte range: it moves with its line between the
/// text that was matched and the mail.
trait Span: Copy {
    fn start(&self) -> usize;
    /// The same, measured from `to` instead of `from`: what starts at
    /// `from` in one text starts at `to` in the other.
    fn moved(self, from: usize, to: usize) -> Self;
}

impl Span for Match {
    fn start(&self) -> usize {
        self.start
    }
    fn moved(self, from: usize, to: usize) -> Match {
        Match {
            start: self.start - from + to,
            end: self.end - from + to,
            sentence: self.sentence.map(|(s, e)| (s - from + to, e - from + to)),
            ..self
        }
    }
}

impl Span for PronounAt {
    fn start(&self) -> usize {
        self.start
    }
    fn moved(self, from: usize, to: usize) -> PronounAt {
        PronounAt {
            start: self.start - from + to,
            end: self.end - from + to,
            ..self
        }
    }
}

/// Takes the items of `found` (sorted) that start before `end`, moved from
/// `from` to the start of a line.
fn line_part<T: Span>(
    found: &mut std::iter::Peekable<std::vec::IntoIter<T>>,
    from: usize,
    end: usize,
) -> Vec<T> {
    let mut part = Vec::new();
    while let Some(item) = found.next_if(|item| item.start() < end) {
        part.push(item.moved(from, 0));
    }
    part
}

/// What the lines of the latest checks hold, for one matcher.
#[derive(Default)]
pub struct LineMemo {
    /// The lines of the latest check, and of the one before: two mails
    /// checked in turn both find their lines.
    latest: Lines,
    before: Lines,
}

impl LineMemo {
    /// What `matcher` finds in folded `text`: the same as
    /// [`Matcher::find`], matching only new lines. A memo must always be
    /// used with the same matcher.
    pub fn find(&mut self, matcher: &Matcher, text: &str) -> Matched {
        let mut older = std::mem::take(&mut self.before);
        self.before = std::mem::take(&mut self.latest);

        // What each line holds where known, with the key it was kept
        // under (kept again, not copied); the other lines go into `fresh`.
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
        let Matched { phrases, pronouns } = matcher.find(&fresh);
        let (mut fresh_phrases, mut fresh_pronouns) = (
            phrases.into_iter().peekable(),
            pronouns.into_iter().peekable(),
        );

        let mut found = Matched::default();
        let mut fresh_at = 0;
        for (start, line, known) in lines {
            if line.is_empty() {
                continue;
            }
            let (key, held) = known.unwrap_or_else(|| {
                let end = fresh_at + line.len();
                let held = Matched {
                    phrases: line_part(&mut fresh_phrases, fresh_at, end),
                    pronouns: line_part(&mut fresh_pronouns, fresh_at, end),
                };
                fresh_at = end + 1;
                (line.into(), held)
            });
            found
                .phrases
                .extend(held.phrases.iter().map(|m| m.moved(0, start)));
            found
                .pronouns
                .extend(held.pronouns.iter().map(|p| p.moved(0, start)));
            self.latest.insert(key, held);
        }
        found
    }
}
