//! The German pronouns of address, Sie's and du's, as data. The build script
//! makes each one a literal of the German rule set, so the pass that finds
//! the rules' words in a mail finds these too, and the address analysis
//! (see [`crate::address`]) reads the mail's form of address off their hits
//! instead of reading the mail again.

/// A pronoun of address.
#[derive(Debug, PartialEq, Eq)]
pub struct Pronoun {
    /// The word, folded.
    pub word: &'static str,
    /// Whether it belongs to Sie (formal), not du.
    pub formal: bool,
    /// The word that stands in its place in the other form.
    pub counterpart: &'static str,
}

const fn du(word: &'static str, counterpart: &'static str) -> Pronoun {
    Pronoun {
        word,
        formal: false,
        counterpart,
    }
}

const fn sie(word: &'static str, counterpart: &'static str) -> Pronoun {
    Pronoun {
        word,
        formal: true,
        counterpart,
    }
}

/// Every pronoun of either form, with its counterpart. Formal pronouns are
/// written with a capital in the mail; the analysis checks that.
pub const PRONOUNS: &[Pronoun] = &[
    du("du", "Sie"),
    du("dich", "Sie"),
    du("dir", "Ihnen"),
    du("euch", "Ihnen"),
    du("dein", "Ihr"),
    du("euer", "Ihr"),
    du("deine", "Ihre"),
    du("eure", "Ihre"),
    du("deinen", "Ihren"),
    du("euren", "Ihren"),
    du("deinem", "Ihrem"),
    du("eurem", "Ihrem"),
    du("deiner", "Ihrer"),
    du("eurer", "Ihrer"),
    du("deines", "Ihres"),
    sie("sie", "du"),
    sie("ihnen", "dir"),
    sie("ihr", "dein"),
    sie("ihre", "deine"),
    sie("ihren", "deinen"),
    sie("ihrem", "deinem"),
    sie("ihrer", "deiner"),
    sie("ihres", "deines"),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pattern::AnchorKind;
    use crate::rule::{literals, pronoun_literals, Lang};

    /// The literal pass finds each pronoun as a whole word: the build script
    /// gave it a literal of its own word, in the order of [`PRONOUNS`].
    #[test]
    fn every_pronoun_is_a_german_word_literal() {
        let ids = pronoun_literals(Lang::De);
        assert_eq!(ids.len(), PRONOUNS.len());
        for (pronoun, &id) in PRONOUNS.iter().zip(ids) {
            assert_eq!(
                literals(Lang::De)[usize::from(id)],
                (pronoun.word, AnchorKind::Word)
            );
        }
        assert!(pronoun_literals(Lang::En).is_empty());
    }

    #[test]
    fn each_form_has_a_counterpart_in_the_other() {
        for pronoun in PRONOUNS {
            let other = PRONOUNS
                .iter()
                .find(|p| p.word == pronoun.counterpart.to_lowercase());
            assert!(
                other.is_some_and(|p| p.formal != pronoun.formal),
                "{}",
                pronoun.word
            );
        }
    }
}
