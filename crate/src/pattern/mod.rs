//! The rule pattern language, compiled to programs.
//!
//! Rule authors describe phrases word by word (see `crate/rules/README.md`):
//! `(kann|können) [leider] ...3 nicht*`. Such a pattern is read into its
//! elements (`parse.rs`); from them come the literals every match holds,
//! among them those the matcher looks for first, its anchors (`anchors.rs`),
//! and a short program (`emit.rs`, run by [`crate::program`]) that finds the
//! phrase in *folded* text (lower case, plain quotes and dashes, see
//! [`crate::fold`]).
//!
//! The build script includes this file too: it rejects a pattern that does
//! not compile and stores each pattern's literals, so the engine only
//! compiles patterns, on first use, that are known to be good.

mod anchors;
mod emit;
mod parse;

pub use anchors::{
    anchors, required, required_at, start_literals, start_literals_at, Anchor, AnchorAt, AnchorKind,
};

use crate::program::{Inst, Program};
use std::fmt;

/// Whether `c` is a letter or digit of folded text: every non-ASCII
/// character counts (see [`crate::program::is_letter`]).
pub fn is_letter(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit() || !c.is_ascii()
}

fn error(pattern: &str, reason: String) -> PatternError {
    PatternError {
        pattern: pattern.to_string(),
        reason,
    }
}

/// Why a pattern could not be compiled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternError {
    pub pattern: String,
    pub reason: String,
}

impl fmt::Display for PatternError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "pattern `{}`: {}", self.pattern, self.reason)
    }
}

impl std::error::Error for PatternError {}

/// Compiles a pattern into a program for [`crate::program`] that finds the
/// phrase in folded text. The phrase runs from where a run starts to where
/// it matches (no slots to save: a step each in every run); its underlined
/// part (if the pattern has `<...>`) is saved in slots 2 and 3. Whole words
/// only: a match starts after a non-letter and [`Inst::Match`] refuses to
/// end before a letter.
pub fn compile(pattern: &str) -> Result<Program, PatternError> {
    let elements = parse::parse(pattern)?;
    emit::program(&elements).map_err(|reason| error(pattern, reason))
}

/// Compiles an `unless` pattern: the same language, but it only has to occur
/// somewhere in a sentence, so an underlined part makes no sense.
pub fn compile_context(pattern: &str) -> Result<Program, PatternError> {
    let program = compile(pattern)?;
    if program.insts().contains(&Inst::Save(2)) {
        return Err(error(
            pattern,
            "`<` and `>` make no sense in an `unless` pattern".into(),
        ));
    }
    Ok(program)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_patterns_are_explained() {
        for bad in [
            "(a|b",
            "a)",
            "... a",
            "a ...",
            "[a]",
            "<a",
            "a >b< c",
            "(a|)",
            "a{b}",
            "*",
            "a < > b",
            "Ich melde mich",
            "wir ändern das Ändern",
        ] {
            let err = compile(bad).unwrap_err();
            assert!(!err.reason.is_empty(), "{bad}");
        }
    }
}
