//! Reading a pattern's text into its elements.

use super::{error, PatternError};

/// Whether `c` may stand in a pattern's word.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '\'' | '-' | '/' | '&')
}

/// Parses a pattern (in lower case) into its elements.
pub(super) fn parse(pattern: &str) -> Result<Vec<Element<'_>>, PatternError> {
    // Folded text is lower case: a capital letter could never match.
    if pattern.chars().any(char::is_uppercase) {
        return Err(error(pattern, "must be written in lower case".into()));
    }
    let mut parser = Parser {
        text: pattern,
        pos: 0,
    };
    parser
        .sequence(None)
        .map_err(|reason| error(pattern, reason))
}

/// One element of a pattern, as written by the rule author.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Element<'a> {
    /// A word; `prefix`/`suffix` mean `*wort` / `wort*`.
    Word {
        text: &'a str,
        any_before: bool,
        any_after: bool,
    },
    /// `(a|b c)`: one of several sequences.
    Choice(Vec<Vec<Element<'a>>>),
    /// `[a|b]`: one of several sequences, or nothing.
    Optional(Vec<Vec<Element<'a>>>),
    /// `...N`: up to N words.
    Gap(u8),
    /// `. ! ? : ;`
    Punct(char),
    /// `<` and `>`: the underlined part.
    FocusOpen,
    FocusClose,
}

/// Reads a pattern character by character; `pos` is a byte offset.
struct Parser<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<char> {
        self.text[self.pos..].chars().next()
    }

    /// Steps over the character `c`, just peeked.
    fn advance(&mut self, c: char) {
        self.pos += c.len_utf8();
    }

    fn starts_with(&self, s: &str) -> bool {
        self.text[self.pos..].starts_with(s)
    }

    /// Parses elements until `close` (or the end of the pattern when `None`).
    /// Inside a group, stops before `|` as well.
    fn sequence(&mut self, close: Option<char>) -> Result<Vec<Element<'a>>, String> {
        let mut out = Vec::new();
        loop {
            let Some(c) = self.peek() else {
                return match close {
                    None => Ok(out),
                    Some(close) => Err(format!("`{close}` is missing")),
                };
            };
            if Some(c) == close || (c == '|' && close.is_some()) {
                return Ok(out);
            }
            match c {
                ' ' | '\t' | ',' => self.pos += 1,
                '(' | '[' => {
                    self.pos += 1;
                    let end = if c == '(' { ')' } else { ']' };
                    let alternatives = self.alternatives(end)?;
                    out.push(if c == '(' {
                        Element::Choice(alternatives)
                    } else {
                        Element::Optional(alternatives)
                    });
                }
                ')' | ']' | '|' => return Err(format!("unexpected `{c}`")),
                '<' | '>' if close.is_some() => {
                    return Err("`<` and `>` belong at the top level".into())
                }
                '<' => {
                    self.pos += 1;
                    out.push(Element::FocusOpen);
                }
                '>' => {
                    self.pos += 1;
                    out.push(Element::FocusClose);
                }
                '.' | '…' if c == '…' || self.starts_with("...") => {
                    // `…` takes three bytes too.
                    self.pos += 3;
                    let mut n = 3u8;
                    if let Some(d) = self.peek().and_then(|d| d.to_digit(10)) {
                        if d == 0 {
                            return Err("`...0` skips nothing; leave it out".into());
                        }
                        n = d as u8;
                        self.pos += 1;
                    }
                    out.push(Element::Gap(n));
                }
                '.' | '!' | '?' | ':' | ';' => {
                    self.pos += 1;
                    out.push(Element::Punct(c));
                }
                _ => out.push(self.word()?),
            }
        }
    }

    fn alternatives(&mut self, close: char) -> Result<Vec<Vec<Element<'a>>>, String> {
        let mut alternatives = Vec::new();
        loop {
            let seq = self.sequence(Some(close))?;
            if seq.is_empty() {
                return Err("empty alternative in a group".into());
            }
            alternatives.push(seq);
            match self.peek() {
                Some('|') => self.pos += 1,
                _ => {
                    self.pos += 1; // the closing bracket
                    return Ok(alternatives);
                }
            }
        }
    }

    fn word(&mut self) -> Result<Element<'a>, String> {
        let any_before = self.peek() == Some('*');
        if any_before {
            self.pos += 1;
        }
        let start = self.pos;
        while let Some(c) = self.peek().filter(|&c| is_word_char(c)) {
            self.advance(c);
        }
        let text = &self.text[start..self.pos];
        let any_after = self.peek() == Some('*');
        if any_after {
            self.pos += 1;
        }
        if let Some(c) = self.peek() {
            if !matches!(
                c,
                ' ' | '\t'
                    | ','
                    | '('
                    | ')'
                    | '['
                    | ']'
                    | '|'
                    | '<'
                    | '>'
                    | '.'
                    | '!'
                    | '?'
                    | ':'
                    | ';'
                    | '…'
            ) {
                return Err(format!("the character `{c}` is not allowed in a word"));
            }
        }
        if text.is_empty() {
            return Err("a `*` needs a word it belongs to".into());
        }
        Ok(Element::Word {
            text,
            any_before,
            any_after,
        })
    }
}
