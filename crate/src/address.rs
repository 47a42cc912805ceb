//! Sie or du: how a German mail addresses its reader, and where it mixes both.

use crate::case;
use crate::chunk;
use crate::fold::Folded;
use crate::matcher::PronounAt;
use crate::pronouns::Pronoun;

/// How the writer addresses the reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Address {
    /// Sie, Ihnen, Ihr …
    Formal,
    /// du, dir, dein …
    Informal,
}

/// One pronoun of the minority form, with the word that fits the mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stray {
    /// Byte range in folded text.
    pub start: usize,
    pub end: usize,
    pub replacement: String,
}

/// What the mail says about its form of address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddressUse {
    /// The form the mail uses (or `fallback` when it does not tell).
    pub form: Address,
    /// Pronouns of the other form, when the mail mixes both.
    pub strays: Vec<Stray>,
}

/// A pronoun of address as the mail uses it.
struct Use {
    start: usize,
    end: usize,
    pronoun: &'static Pronoun,
    /// At the start of a sentence, capitalised "Sie"/"Ihr" could mean
    /// "she/they/you all": count it, but never flag it.
    ambiguous: bool,
    sentence_start: bool,
}

impl Use {
    fn form(&self) -> Address {
        match self.pronoun.formal {
            true => Address::Formal,
            false => Address::Informal,
        }
    }
}

/// Finds how `original` (folded into `folded`) addresses its reader, given
/// the pronouns of address the matcher found in the folded text. `fallback`
/// decides when the mail has no pronouns or uses both equally.
#[cfg_attr(target_arch = "wasm32", inline(never))]
pub fn analyse(
    original: &str,
    folded: &Folded,
    found: &[PronounAt],
    fallback: Address,
) -> AddressUse {
    let pronouns = uses(original, folded, found);
    let greetings = formal_greetings(&folded.text);
    let count = |form, sure: bool| {
        let counted = |p: &&Use| p.form() == form && !(sure && p.ambiguous);
        pronouns.iter().filter(counted).count()
    };
    // A formal greeting counts as one more sure "Sie".
    let (formal, informal) = (
        count(Address::Formal, false) + greetings,
        count(Address::Informal, false),
    );
    // The pronouns that surely address the reader decide; a sentence-initial
    // "Sie"/"Ihr" (maybe "she", "they") only breaks a tie, then a greeting:
    // the writer chose it with care, a stray "du" is more likely the slip.
    let sure = (count(Address::Formal, true) + greetings).cmp(&count(Address::Informal, true));
    let form = match sure.then(formal.cmp(&informal)).then(greetings.cmp(&0)) {
        std::cmp::Ordering::Greater => Address::Formal,
        std::cmp::Ordering::Less => Address::Informal,
        std::cmp::Ordering::Equal => fallback,
    };
    let strays = if formal > 0 && informal > 0 {
        pronouns
            .iter()
            .filter(|p| p.form() != form && !p.ambiguous)
            .map(|p| Stray {
                start: p.start,
                end: p.end,
                replacement: match (p.form(), p.sentence_start) {
                    (Address::Formal, true) => capitalise(p.pronoun.counterpart),
                    _ => p.pronoun.counterpart.to_string(),
                },
            })
            .collect()
    } else {
        Vec::new()
    };
    AddressUse { form, strays }
}

/// Whether folded text from the start of a line opens by greeting the
/// reader formally: "Sehr geehrte …", or a greeting followed by "Herr" or
/// "Frau" ("Hallo Frau Berg,", "Guten Tag Herr Lenz,"). Such a greeting says
/// Sie before any pronoun does. A first name says nothing: "Hallo Tom" is
/// often followed by Sie.
fn greets_formally(line: &str) -> bool {
    // Most lines start with another letter: they need no splitting.
    if !matches!(
        line.as_bytes().first(),
        Some(b's' | b'g' | b'h' | b'l' | b'm')
    ) {
        return false;
    }
    let mut words = line
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty());
    let title = match words.next() {
        Some("sehr") => return words.next().is_some_and(|w| w.starts_with("geehrte")),
        // "Guten Tag", "Guten Morgen" …
        Some("guten") => words.nth(1),
        Some("hallo" | "liebe" | "lieber" | "moin" | "servus" | "hi" | "hey") => words.next(),
        _ => None,
    };
    matches!(title, Some("herr" | "herrn" | "frau"))
}

/// How many lines of folded `text` greet the reader formally.
fn formal_greetings(text: &str) -> usize {
    let mut count = 0;
    let mut line = 0;
    loop {
        count += usize::from(greets_formally(&text[line..]));
        match chunk::find_any(text.as_bytes(), line, [b'\n']) {
            end if end < text.len() => line = end + 1,
            _ => return count,
        }
    }
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| case::upper(c).chain(chars).collect())
        .unwrap_or_default()
}

/// The pronouns of `found` that address the reader.
fn uses(original: &str, folded: &Folded, found: &[PronounAt]) -> Vec<Use> {
    let text = &folded.text;
    let mut uses = Vec::with_capacity(found.len());
    for &PronounAt {
        start,
        end,
        pronoun,
    } in found
    {
        // Lower-case "sie", "ihr" … mean she, they, her.
        if pronoun.formal {
            let (from, _) = folded.original_range(original, start, end);
            if !original[from..].starts_with(|c: char| c.is_uppercase()) {
                continue;
            }
        }
        let sentence_start = text[..start]
            .trim_end_matches([' ', '"', '\'', '('])
            .chars()
            .next_back()
            .is_none_or(|c| matches!(c, '.' | '!' | '?' | '\n' | ':'));
        uses.push(Use {
            start,
            end,
            pronoun,
            // Only the formal forms can mean someone else.
            ambiguous: pronoun.formal && sentence_start && pronoun.word != "ihnen",
            sentence_start,
        });
    }
    uses
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matcher::Matcher;
    use crate::rule::Lang;

    fn analyse_text(text: &str) -> AddressUse {
        analyse_with(text, Address::Formal)
    }

    fn analyse_with(text: &str, fallback: Address) -> AddressUse {
        let folded = Folded::new(text, &[]);
        let found = Matcher::get(Lang::De).find(&folded.text).pronouns;
        analyse(text, &folded, &found, fallback)
    }

    #[test]
    fn consistent_mails_have_no_strays() {
        let u =
            analyse_text("Hallo Frau Berg, ich sende Ihnen das Angebot. Sie erhalten es heute.");
        assert_eq!((u.form, u.strays.len()), (Address::Formal, 0));
        let u = analyse_text("Hi Tom, ich schicke dir das Angebot. Du bekommst es heute.");
        assert_eq!((u.form, u.strays.len()), (Address::Informal, 0));
    }

    #[test]
    fn flags_the_minority_form() {
        let text =
            "Hallo Frau Berg, ich sende Ihnen das Angebot, wie Sie es wollten. Schau es dir an.";
        let u = analyse_text(text);
        assert_eq!(u.form, Address::Formal);
        assert_eq!(u.strays.len(), 1);
        assert_eq!(u.strays[0].replacement, "Ihnen");
    }

    #[test]
    fn a_formal_greeting_counts_as_sie() {
        // Alone against one "du", the greeting wins, whatever the fallback.
        let text = "Sehr geehrter Herr Albers,\n\ndie Schränke kommen am Donnerstag. Falls du Fragen hast, ruf an.";
        let u = analyse_with(text, Address::Informal);
        assert_eq!(u.form, Address::Formal);
        assert_eq!(u.strays[0].replacement, "Sie");
        // Against more informal pronouns, it loses; and it is no pronoun to flag.
        let u = analyse_text(
            "Hallo Frau Berg,\n\nschick mir deine Zahlen, dann melde ich mich bei dir.",
        );
        assert_eq!((u.form, u.strays.len()), (Address::Informal, 0));
    }

    #[test]
    fn greetings_without_a_title_say_nothing() {
        for line in [
            "hallo tom,",
            "liebe grüße an frau berg",
            "guten tag,",
            "hallo, wie geht es frau berg?",
            "herr berg kommt",
        ] {
            assert!(!greets_formally(line), "{line}");
        }
        for line in [
            "sehr geehrte damen und herren,",
            "guten tag, herr lenz,",
            "liebe frau dr. berg,",
        ] {
            assert!(greets_formally(line), "{line}");
        }
    }

    #[test]
    fn a_symbol_after_a_pronoun_ends_it() {
        let u = analyse_text("Hallo Frau Berg, wie Sie wissen, passt es. Schau es dir😊 an!");
        assert_eq!(u.strays.len(), 1);
        assert_eq!(u.strays[0].replacement, "Ihnen");
    }

    #[test]
    fn lower_case_sie_is_not_the_formal_you() {
        let u = analyse_text("Die Teile sind da, sie kommen morgen. Ich schicke dir die Rechnung.");
        assert_eq!((u.form, u.strays.len()), (Address::Informal, 0));
    }
}
