//! Sie or du: how a German mail addresses its reader, and where it mixes both.

use crate::fold::Folded;

/// How the writer addresses the reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Address {
    /// Sie, Ihnen, Ihr …
    Formal,
    /// du, dir, dein …
    Informal,
}

/// The form of address `word` (folded) uses, and its counterpart in the
/// other form, if it is a pronoun of either. Formal pronouns are written
/// with a capital in the mail; the caller checks that.
fn pronoun(word: &[u8]) -> Option<(Address, &'static str)> {
    use Address::{Formal, Informal};
    // A match on the bytes: most words are told by their length and first
    // byte, which a list of pronouns compared one by one would not do.
    Some(match word {
        b"du" | b"dich" => (Informal, "Sie"),
        b"dir" | b"euch" => (Informal, "Ihnen"),
        b"dein" | b"euer" => (Informal, "Ihr"),
        b"deine" | b"eure" => (Informal, "Ihre"),
        b"deinen" | b"euren" => (Informal, "Ihren"),
        b"deinem" | b"eurem" => (Informal, "Ihrem"),
        b"deiner" | b"eurer" => (Informal, "Ihrer"),
        b"deines" => (Informal, "Ihres"),
        b"sie" => (Formal, "du"),
        b"ihnen" => (Formal, "dir"),
        b"ihr" => (Formal, "dein"),
        b"ihre" => (Formal, "deine"),
        b"ihren" => (Formal, "deinen"),
        b"ihrem" => (Formal, "deinem"),
        b"ihrer" => (Formal, "deiner"),
        b"ihres" => (Formal, "deines"),
        _ => return None,
    })
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

struct Pronoun {
    start: usize,
    end: usize,
    form: Address,
    counterpart: &'static str,
    /// At the start of a sentence, capitalised "Sie"/"Ihr" could mean
    /// "she/they/you all": count it, but never flag it.
    ambiguous: bool,
    sentence_start: bool,
}

/// Finds how `original` (folded into `folded`) addresses its reader.
/// `fallback` decides when the mail has no pronouns or uses both equally.
pub fn analyse(original: &str, folded: &Folded, fallback: Address) -> AddressUse {
    let Words {
        pronouns,
        greetings,
    } = words(original, folded);
    let count = |form, sure: bool| {
        let counted = |p: &&Pronoun| p.form == form && !(sure && p.ambiguous);
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
            .filter(|p| p.form != form && !p.ambiguous)
            .map(|p| Stray {
                start: p.start,
                end: p.end,
                replacement: match (p.form, p.sentence_start) {
                    (Address::Formal, true) => capitalise(p.counterpart),
                    _ => p.counterpart.to_string(),
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
// Called for every line: kept out of the word loop, whose speed it would cost.
#[inline(never)]
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

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// `u8::is_ascii_alphanumeric` as a table: every byte of the mail is read.
const ASCII_WORD: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    table
};

/// The words of a mail that tell its form of address.
struct Words {
    pronouns: Vec<Pronoun>,
    /// Lines that greet the reader formally.
    greetings: usize,
}

fn words(original: &str, folded: &Folded) -> Words {
    let text = &folded.text;
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut greetings = usize::from(greets_formally(text));
    let mut at = 0;
    while at < bytes.len() {
        // Every pronoun is a run of 2 to 6 ASCII letters starting with d, e,
        // i or s, and a whole word: digits and letters of any script belong
        // to the word, as in patterns ("0du" or "düsen" hold no "du").
        if !ASCII_WORD[usize::from(bytes[at])] {
            // A folded line starts with its first word.
            if bytes[at] == b'\n' {
                greetings += usize::from(greets_formally(&text[at + 1..]));
            }
            at += 1;
            continue;
        }
        let start = at;
        let rest = &bytes[at..];
        at += rest
            .iter()
            .position(|&b| !ASCII_WORD[usize::from(b)])
            .unwrap_or(rest.len());
        let (end, word) = (at, &bytes[start..at]);
        let Some((form, counterpart)) = pronoun(word) else {
            continue;
        };
        if !is_whole_word(text, start, end) {
            continue;
        }
        // Lower-case "sie", "ihr" … mean she, they, her.
        if form == Address::Formal {
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
        out.push(Pronoun {
            start,
            end,
            form,
            counterpart,
            // Only the formal forms can mean someone else.
            ambiguous: form == Address::Formal && sentence_start && word != b"ihnen",
            sentence_start,
        });
    }
    Words {
        pronouns: out,
        greetings,
    }
}

/// Whether no letter or digit touches `start..end`.
fn is_whole_word(text: &str, start: usize, end: usize) -> bool {
    let touches = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    !touches(text[..start].chars().next_back()) && !touches(text[end..].chars().next())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn analyse_text(text: &str) -> AddressUse {
        analyse(text, &Folded::new(text, &[]), Address::Formal)
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
        let u = analyse(text, &Folded::new(text, &[]), Address::Informal);
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
    fn lower_case_sie_is_not_the_formal_you() {
        let u = analyse_text("Die Teile sind da, sie kommen morgen. Ich schicke dir die Rechnung.");
        assert_eq!((u.form, u.strays.len()), (Address::Informal, 0));
    }
}
