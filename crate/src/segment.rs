//! Segmenting a mail: what the writer is writing now, and where its
//! sentences are.
//!
//! Quoted history and signatures are not the writer's words today, so they
//! are hidden from the matcher (see [`crate::fold::Folded::new`]).

use crate::case;
use crate::chunk::{self, Chunk};
use crate::program::is_letter;

/// Byte ranges of `text` that are quoted history or signature: `>` lines,
/// and everything from a reply header ("Am … schrieb …:", "On … wrote:",
/// an Outlook "From:/Sent:" block, "-----Original Message-----") or a
/// signature delimiter ("-- ") to the end.
#[cfg_attr(target_arch = "wasm32", inline(never))]
pub fn hidden_ranges(text: &str) -> Vec<(usize, usize)> {
    let mut lines = Lines { text, at: 0 }.peekable();
    let mut hidden = Vec::new();
    while let Some((start, line)) = lines.next() {
        if !may_open_quote(line) {
            continue;
        }
        let next = lines.peek().map_or("", |&(_, l)| l);
        if starts_history(line, next) {
            hidden.push((start, text.len()));
            break;
        }
        if line.trim_start().starts_with('>') {
            hidden.push((start, start + line.len()));
        }
    }
    hidden
}

/// Whether `line` may open quoted history or a signature, or be quoted:
/// most lines start with a letter that begins no marker, and are told by
/// it. A line that starts with a blank or a character outside ASCII is
/// trimmed before it is told.
fn may_open_quote(line: &str) -> bool {
    match line.as_bytes().first() {
        Some(b'-' | b'_' | b'A' | b'O' | b'F' | b'V' | b'>') => true,
        Some(b) => !b.is_ascii_graphic(),
        None => false,
    }
}

/// The lines of a text with their byte offsets, without their breaks. A
/// line ends at `\n`, `\r\n`, a lone `\r` (old Mac mail) or a Unicode line
/// or paragraph separator, so no quoted line hides behind an odd break.
struct Lines<'t> {
    text: &'t str,
    /// Where the next line starts; past the end when there is none.
    at: usize,
}

impl<'t> Iterator for Lines<'t> {
    type Item = (usize, &'t str);

    fn next(&mut self) -> Option<(usize, &'t str)> {
        let bytes = self.text.as_bytes();
        let start = self.at;
        let mut at = start;
        if start > bytes.len() {
            return None;
        }
        while at < bytes.len() {
            // Most bytes cannot start a line break: skip them cheaply.
            at = next_break_candidate(bytes, at);
            let break_len = match bytes[at..] {
                [b'\r', b'\n', ..] => 2,
                [b'\n' | b'\r', ..] => 1,
                // U+2028, U+2029 and U+0085 (NEL) in UTF-8.
                [0xE2, 0x80, 0xA8 | 0xA9, ..] => 3,
                [0xC2, 0x85, ..] => 2,
                [] => break,
                _ => 0,
            };
            if break_len == 0 {
                at += 1;
                continue;
            }
            self.at = at + break_len;
            return Some((start, &self.text[start..at]));
        }
        self.at = bytes.len() + 1;
        Some((start, &self.text[start..]))
    }
}

/// The first index from `at` on whose byte may start a line break: a
/// control character, or the first byte of U+0085 (`0xC2`) or of U+2028 and
/// U+2029 (`0xE2`). Read a chunk at a time; umlauts and other letters
/// beyond ASCII are passed over with the rest.
fn next_break_candidate(bytes: &[u8], at: usize) -> usize {
    let marks = |x: Chunk| x.below(0x20) | x.equal(0xC2) | x.equal(0xE2);
    chunk::find(bytes, at, marks, |b| matches!(b, 0..0x20 | 0xC2 | 0xE2))
}

fn starts_history(line: &str, next: &str) -> bool {
    // Every marker starts with one of these: most lines, list items ("- …")
    // among them, are settled here, before the copies below.
    let start = line.trim_start();
    let word = |w: &str| {
        let rest = start.strip_prefix(w);
        rest.is_some_and(|rest| rest.starts_with(char::is_whitespace))
    };
    let marker = ["--", "__", "From:", "Von:"]
        .iter()
        .any(|m| start.starts_with(m));
    if !(marker || word("Am") || word("On")) {
        return false;
    }
    // Mail clients put no-break spaces into headers ("Am\u{a0}3. Mai …"):
    // any blank counts as a space, as in folding.
    let plain = |s: &str| s.replace(char::is_whitespace, " ");
    let (line, next) = (plain(line), plain(next));
    let t = line.trim();
    let next = next.trim();
    if t == "--" || line.trim_end_matches('\r') == "-- " {
        return true;
    }
    if t.len() >= 10 && t.chars().all(|c| c == '_') {
        return true;
    }
    if t.starts_with("---") {
        let lower = case::lower_str(t);
        return ["original", "ursprüngliche", "forwarded", "weitergeleitete"]
            .iter()
            .any(|w| lower.contains(w));
    }
    let attribution = |s: &str| {
        // No word sought holds a sigma.
        let s = case::lower_str(s);
        (s.contains("schrieb") || s.contains("wrote")) && s.ends_with(':')
    };
    if (t.starts_with("Am ") || t.starts_with("On "))
        && (attribution(t) || (!t.ends_with('.') && attribution(next)))
    {
        return true;
    }
    let header = |s: &str, names: &[&str]| names.iter().any(|n| s.starts_with(n));
    header(t, &["From:", "Von:"])
        && header(
            next,
            &["Sent:", "Gesendet:", "Date:", "Datum:", "To:", "An:"],
        )
}

/// Whether `word` is an abbreviation: its full stop ends no sentence. A
/// match on the bytes tells most words by their length.
fn is_abbreviation(word: &[u8]) -> bool {
    matches!(
        word,
        b"ca"
            | b"nr"
            | b"dr"
            | b"bzw"
            | b"usw"
            | b"evtl"
            | b"ggf"
            | b"inkl"
            | b"zzgl"
            | b"vgl"
            | b"etc"
            | b"mr"
            | b"mrs"
            | b"ms"
            | b"st"
            | b"str"
            | b"tel"
            | b"co"
            | b"prof"
            | b"abs"
            | b"geb"
            | b"max"
            | b"min"
            | b"bspw"
            | b"approx"
            | b"vs"
            | b"no"
    )
}

/// The bytes that may end a sentence (`ends_sentence` tells whether one
/// does). Every rule set holds them as literals, so the literal pass finds
/// them all.
pub const SENTENCE_MARKS: [u8; 4] = [b'.', b'!', b'?', b'\n'];

/// Whether the byte at `at` (a `.`, `!`, `?` or line break) ends a sentence.
pub(crate) fn ends_sentence(text: &[u8], at: usize) -> bool {
    match text[at] {
        b'\n' => true,
        b'.' | b'!' | b'?' => {
            let followed_by_space = text
                .get(at + 1)
                .is_none_or(|&b| b == b' ' || b == b'\n' || b == b'"' || b == b')');
            if !followed_by_space {
                return false;
            }
            if text[at] != b'.' {
                return true;
            }
            let word_start = text[..at]
                .iter()
                .rposition(|b| !b.is_ascii_alphanumeric())
                .map_or(0, |p| p + 1);
            let word = &text[word_start..at];
            let is_number = !word.is_empty() && word.iter().all(u8::is_ascii_digit);
            let is_initial = word.len() == 1 && word[0].is_ascii_alphabetic();
            let known = is_abbreviation(word);
            // "am 7. Oktober": an ordinal, unless the line ends there.
            let line_ends = text.get(at + 1).is_none_or(|&b| b == b'\n');
            !(known || is_initial || (is_number && !line_ends))
        }
        _ => false,
    }
}

/// How far a sentence reaches at most on either side of a phrase. Patterns
/// are short; the bound keeps run-on text without punctuation linear.
const MAX_REACH: usize = 400;

/// The sentence of folded `text` around `start..end` (see
/// [`SentenceEnds::around`]), read from the text: what tests hold the
/// sentences found from the ends against.
#[cfg(test)]
pub fn sentence_around(text: &str, start: usize, end: usize) -> Sentence {
    let (floor, ceiling) = reach(text, start, end);
    let bytes = text.as_bytes();
    // Most bytes are no sentence mark: told without a call.
    let ends =
        |&i: &usize| matches!(bytes[i], b'.' | b'!' | b'?' | b'\n') && ends_sentence(bytes, i);
    let previous_end = (floor..start).rev().find(ends);
    let next_end = (end..ceiling).find(ends);
    sentence_between(text, start, end, (floor, ceiling), previous_end, next_end)
}

/// Where the sentences of a text end, found in one pass, so that the
/// sentence around a phrase is two binary searches away.
pub struct SentenceEnds {
    ends: Vec<usize>,
}

impl SentenceEnds {
    /// The ends, as the positions of the marks in the text that end a
    /// sentence (`ends_sentence` tells them), in order. The matcher finds
    /// them among its literal hits.
    pub fn from_ends(ends: Vec<usize>) -> SentenceEnds {
        debug_assert!(ends.is_sorted());
        SentenceEnds { ends }
    }

    /// Finds the ends by reading the text: what tests hold the matcher's
    /// ends, found among the hits, against.
    #[cfg(test)]
    pub fn new(text: &str) -> SentenceEnds {
        let bytes = text.as_bytes();
        let mut ends = Vec::new();
        let mut at = 0;
        while at < bytes.len() {
            at = chunk::find_any(bytes, at, SENTENCE_MARKS);
            if at < bytes.len() && ends_sentence(bytes, at) {
                ends.push(at);
            }
            at += 1;
        }
        SentenceEnds { ends }
    }

    /// The positions of the sentence ends, in order: sentence `k` is the
    /// text after end `k - 1` up to and with end `k` (or the text's edges).
    pub fn ends(&self) -> &[usize] {
        &self.ends
    }

    /// The sentence that position `at` is in, as its index.
    pub fn index_of(&self, at: usize) -> usize {
        self.ends.partition_point(|&i| i < at)
    }

    /// The sentence of `text` (the text this was made from) around
    /// `start..end`: from after the previous sentence end (leading blanks
    /// and a list marker skipped) to its own end, which is given both
    /// without and with the final punctuation. It reaches at most
    /// `MAX_REACH` bytes beyond the phrase on either side.
    pub fn around(&self, text: &str, start: usize, end: usize) -> Sentence {
        self.around_after(text, start, end, self.index_of(start))
    }

    /// Moves `cursor` to the index of the sentence that position `at` is
    /// in. For positions that come in the order of the text (the cursor
    /// starts at 0), that takes a step or two instead of a binary search.
    pub fn seek(&self, at: usize, cursor: &mut usize) {
        if self.ends[..*cursor].last().is_some_and(|&i| i >= at) {
            // Out of order after all.
            *cursor = self.index_of(at);
        }
        while self.ends.get(*cursor).is_some_and(|&i| i < at) {
            *cursor += 1;
        }
    }

    /// The sentence around `start..end`, `before` sentence ends lying
    /// before `start` (the index of its sentence: see
    /// [`SentenceEnds::index_of`] and [`SentenceEnds::seek`]).
    pub fn around_after(&self, text: &str, start: usize, end: usize, before: usize) -> Sentence {
        let (floor, ceiling) = reach(text, start, end);
        let previous_end = before
            .checked_sub(1)
            .map(|k| self.ends[k])
            .filter(|&i| i >= floor);
        // Most phrases hold no sentence end: the next end is the first
        // from `end` on.
        let mut after = before;
        while self.ends.get(after).is_some_and(|&i| i < end) {
            after += 1;
        }
        let next_end = self.ends.get(after).copied().filter(|&i| i < ceiling);
        sentence_between(text, start, end, (floor, ceiling), previous_end, next_end)
    }
}

/// How far a sentence may reach around `start..end`, on character boundaries.
fn reach(text: &str, start: usize, end: usize) -> (usize, usize) {
    let mut floor = start.saturating_sub(MAX_REACH);
    while !text.is_char_boundary(floor) {
        floor += 1;
    }
    let mut ceiling = (end + MAX_REACH).min(text.len());
    while !text.is_char_boundary(ceiling) {
        ceiling -= 1;
    }
    (floor, ceiling)
}

/// The sentence around `start..end`, given the sentence ends found within
/// its reach before and after the phrase.
fn sentence_between(
    text: &str,
    start: usize,
    end: usize,
    (floor, ceiling): (usize, usize),
    previous_end: Option<usize>,
    next_end: Option<usize>,
) -> Sentence {
    let bytes = text.as_bytes();
    // Cut at the reach, but never inside a word: a rewrite would garble it,
    // and a pattern would take the cut for a word boundary. Cutting at the
    // nearest non-letter (not the nearest blank) keeps every whole word near
    // the phrase, so a phrase's sentence holds it whichever of its words the
    // sentence was found around, even next to a token of hundreds of letters.
    let mut from = match previous_end {
        Some(i) => i + 1,
        // When the phrase's own word reaches past the cut, the whole word is kept.
        None if floor > 0 && is_letter(bytes[floor - 1]) => {
            match bytes[floor..start].iter().position(|&b| !is_letter(b)) {
                Some(p) => floor + p + 1,
                None => bytes[..floor]
                    .iter()
                    .rposition(|&b| !is_letter(b))
                    .map_or(0, |p| p + 1),
            }
        }
        None => floor,
    };
    from = skip_list_marker(bytes, from, start);
    let (body_end, full_end) = match next_end {
        Some(i) if bytes[i] == b'\n' => (i, i),
        Some(i) => (i, i + 1),
        None if ceiling < bytes.len() && is_letter(bytes[ceiling]) => {
            let cut = match bytes[end..ceiling].iter().rposition(|&b| !is_letter(b)) {
                Some(p) => end + p,
                None => bytes[ceiling..]
                    .iter()
                    .position(|&b| !is_letter(b))
                    .map_or(bytes.len(), |p| ceiling + p),
            };
            (cut, cut)
        }
        None => (ceiling, ceiling),
    };
    let mut body_end = body_end.max(end);
    while body_end > end && bytes[body_end - 1] == b' ' {
        body_end -= 1;
    }
    Sentence {
        start: from,
        end: body_end,
        end_with_punctuation: full_end.max(end),
    }
}

/// Skips blanks and a list marker ("- ", "* ", "1. ", "a) ", a bullet or an
/// emoji) at the start of a sentence: a rewrite of the sentence keeps them.
fn skip_list_marker(bytes: &[u8], mut from: usize, limit: usize) -> usize {
    let skip_blanks = |mut i: usize| {
        while i < limit && bytes[i] == b' ' {
            i += 1;
        }
        i
    };
    from = skip_blanks(from);
    let rest = &bytes[from..limit];
    let word_len = rest.iter().position(|&b| b == b' ').unwrap_or(rest.len());
    let word = &rest[..word_len];
    let is_marker = match word {
        [] => false,
        [b'-' | b'*' | b'+' | b'>'] => true,
        // Anything without a letter or digit: bullets, arrows, emoji.
        w if w
            .iter()
            .all(|&b| !b.is_ascii_alphanumeric() && b != b'"' && b != b'\'' && b != b'(')
            && w.len() <= 8 =>
        {
            std::str::from_utf8(w).is_ok_and(|s| s.chars().all(|c| !c.is_alphanumeric()))
        }
        // "1." "2)" "a)"
        [body @ .., b'.' | b')'] => body.len() <= 3 && body.iter().all(u8::is_ascii_alphanumeric),
        _ => false,
    };
    if is_marker && word_len < rest.len() {
        skip_blanks(from + word_len)
    } else {
        from
    }
}

/// A sentence's byte range in folded text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence {
    pub start: usize,
    /// Without the final `.`, `!` or `?`.
    pub end: usize,
    pub end_with_punctuation: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn visible(text: &str) -> String {
        crate::fold::Folded::new(text, &hidden_ranges(text)).text
    }

    #[test]
    fn hides_quoted_lines_and_history() {
        assert_eq!(visible("Hallo\n> alt\nneu"), "hallo\n\nneu");
        let mail = "Danke!\n\nAm 3. Mai 2026 um 10:00 schrieb Max <m@x.de>:\n> Nein";
        assert_eq!(visible(mail).trim_end(), "danke!");
        let mail = "Thanks\nOn Mon, 4 May 2026 at 10:00, Jane Doe <jane@example.com>\nwrote:\nold";
        assert_eq!(visible(mail).trim_end(), "thanks");
        let mail = "Hi\nFrom: Jane\nSent: Monday\nold";
        assert_eq!(visible(mail).trim_end(), "hi");
    }

    #[test]
    fn sentence_ends_give_the_same_sentences_as_scanning() {
        let run_on = "wir können das leider nicht ".repeat(40);
        for text in [
            "nein. das geht nicht! am 3. mai, z.b. morgen? ja\n- liste: nein das geht nicht.",
            run_on.as_str(),
            "ende.",
        ] {
            let ends = SentenceEnds::new(text);
            let words: Vec<usize> = (0..text.len())
                .filter(|&i| text.is_char_boundary(i) && (i == 0 || text.as_bytes()[i - 1] == b' '))
                .collect();
            // In order of the text, then in reverse and every third word,
            // where the cursor must find its way back.
            let mut cursor = 0;
            let reversed = words.iter().rev();
            for &start in words.iter().chain(reversed).chain(words.iter().step_by(3)) {
                let end = text[start..].find(' ').map_or(text.len(), |p| start + p);
                if start < end {
                    let scanned = sentence_around(text, start, end);
                    let context = format!("{start}..{end} in {text:?}");
                    assert_eq!(ends.around(text, start, end), scanned, "{context}");
                    ends.seek(start, &mut cursor);
                    let next = ends.around_after(text, start, end, cursor);
                    assert_eq!(next, scanned, "{context}, in turn");
                }
            }
        }
    }

    #[test]
    fn lines_passed_over_open_no_quote() {
        let markers = [
            "-- ",
            "--",
            "__________",
            "-----Original Message-----",
            "Am 3. Mai 2026 schrieb Anna Berg:",
            "On May 3, 2026, Anna Berg wrote:",
            "From: Anna Berg",
            "Von: Anna Berg",
            "> zitiert",
        ];
        let ascii = (0u8..0x80).map(|b| char::from(b).to_string());
        let blanks = ["\u{a0}", "\u{2003}", "\u{3000}", "ä", "😊"].map(String::from);
        for before in ascii.chain(blanks).chain([String::new()]) {
            for marker in markers {
                let line = format!("{before}{marker}");
                let opens =
                    starts_history(&line, "Sent: Monday") || line.trim_start().starts_with('>');
                assert!(!opens || may_open_quote(&line), "{line:?}");
            }
        }
    }

    /// Lines that start like a marker but are none, such as list items.
    #[test]
    fn list_items_and_words_like_markers_are_text() {
        for line in [
            "- Angebot bis Freitag",
            "-1 € Rabatt",
            "_wichtig_",
            "Amazon liefert morgen",
            "Am Montag liefern wir.",
            "Online-Termin",
            "Fromage",
            "Vonovia",
        ] {
            assert!(!starts_history(line, "Sent: Monday"), "{line:?}");
        }
    }

    #[test]
    fn any_line_break_starts_a_quoted_line() {
        for newline in ["\r", "\r\n", "\u{2028}", "\u{2029}", "\u{85}"] {
            let mail = format!("Hallo{newline}> Nein, das geht nicht.{newline}Gruß");
            let seen = visible(&mail);
            assert!(!seen.contains("geht"), "{newline:?}: {seen:?}");
            assert!(
                seen.starts_with("hallo") && seen.ends_with("gruß"),
                "{seen:?}"
            );
        }
    }

    #[test]
    fn hides_the_signature() {
        assert_eq!(visible("Gruß\n-- \nFirma, geht nicht").trim_end(), "gruß");
    }

    #[test]
    fn keeps_ordinary_lines_that_look_similar() {
        let mail = "Am Montag kommen wir.\nOn Friday we wrote the draft.\nFrom: the team";
        assert_eq!(visible(mail), mail.to_lowercase());
    }

    #[test]
    fn sentences_start_after_list_markers() {
        for (text, sentence) in [
            ("- nein, das geht nicht.", "nein, das geht nicht"),
            ("\u{2022} nein, das geht nicht.", "nein, das geht nicht"),
            ("2. nein, das geht nicht.", "nein, das geht nicht"),
            ("\u{1F600} nein, das geht nicht.", "nein, das geht nicht"),
            ("3 tage dauert es.", "3 tage dauert es"),
        ] {
            let at = text.find("nein").or(text.find("tage")).unwrap();
            let s = sentence_around(text, at, at + 4);
            assert_eq!(&text[s.start..s.end], sentence, "{text:?}");
        }
    }

    #[test]
    fn headers_with_no_break_spaces_still_start_history() {
        let mail = "Danke!\nAm\u{a0}3.\u{a0}Mai 2026 schrieb Max:\n> Nein";
        assert_eq!(visible(mail).trim_end(), "danke!");
    }

    #[test]
    fn sentences_skip_abbreviations_and_ordinals() {
        let text = "hallo. wir kommen am 7. oktober, z. b. um 9 uhr. danke";
        let at = text.find("oktober").unwrap();
        let s = sentence_around(text, at, at + 7);
        assert_eq!(
            &text[s.start..s.end],
            "wir kommen am 7. oktober, z. b. um 9 uhr"
        );
        assert_eq!(
            &text[s.start..s.end_with_punctuation],
            "wir kommen am 7. oktober, z. b. um 9 uhr."
        );
    }
}
