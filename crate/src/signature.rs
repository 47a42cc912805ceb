//! Which literals a stretch of text holds, folded into 128 bits.
//!
//! A pattern can only match in a sentence that holds a literal of each of
//! its groups (see [`crate::pattern::required`]). Most sentences around an
//! anchor lack one: a signature of the sentence's literals tells so with
//! one `and` per group, where looking the literals up costs a walk through
//! each group. A signature may hold a bit for a literal that is not there
//! (bits are shared), never the other way round, so it only ever rules
//! sentences out.
//!
//! The build script numbers the literals the rules' examples hold most
//! often first, so they get a bit of their own and do not make the rarer
//! literals that would share it look present in most sentences.

use crate::rule::{LiteralId, OWN_BITS};

/// A set of literals, some perhaps falsely in it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Signature(u128);

impl Signature {
    /// The signature of one literal. Literals `0..OWN_BITS`, the commonest
    /// (the build script numbers them so), have a bit each; the others share
    /// the remaining bits.
    pub fn of(literal: usize) -> Signature {
        let bit = match literal {
            l if l < OWN_BITS => l,
            l => OWN_BITS + (l - OWN_BITS) % (128 - OWN_BITS),
        };
        Signature(1 << bit)
    }

    /// The signature of a group of literals: any of them.
    pub fn of_group(group: &[LiteralId]) -> Signature {
        (group.iter().map(|&l| Signature::of(l.into()))).fold(Signature::default(), Signature::or)
    }

    /// The signature that holds every literal.
    pub fn everything() -> Signature {
        Signature(u128::MAX)
    }

    pub fn or(self, other: Signature) -> Signature {
        Signature(self.0 | other.0)
    }

    /// Whether a literal of `group` (its signature) may be in this set.
    pub fn may_hold(self, group: Signature) -> bool {
        self.0 & group.0 != 0
    }
}

/// The signatures of each group of a pattern's literals.
pub fn of_groups<'a>(groups: impl IntoIterator<Item = &'a [LiteralId]>) -> Vec<Signature> {
    groups.into_iter().map(Signature::of_group).collect()
}

/// Whether a text with signature `held` may hold a literal of each group.
pub fn may_hold_all(held: Signature, groups: &[Signature]) -> bool {
    groups.iter().all(|&g| held.may_hold(g))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_set_holds_what_went_in() {
        for literal in 0..2_000 {
            let group = [literal as LiteralId, 7];
            let held = Signature::of(literal);
            assert!(held.may_hold(Signature::of_group(&group)), "{literal}");
            assert!(may_hold_all(
                held.or(Signature::of(3)),
                &of_groups([&group[..], &[3]])
            ));
        }
    }

    #[test]
    fn the_commonest_literals_have_a_bit_each() {
        for a in 0..2_000 {
            for b in (0..OWN_BITS).filter(|&b| b != a) {
                assert!(!Signature::of(a).may_hold(Signature::of(b)), "{a} {b}");
            }
        }
        assert!(!may_hold_all(
            Signature::of(0),
            &of_groups([&[0][..], &[1, 2]])
        ));
    }
}
