//! Rendering a rule's suggestion for one finding: the reader's form of
//! address, and a first letter that fits where the rewrite goes.

use crate::address::Address;
use crate::case;

/// Words that keep their capital letter in the middle of a sentence.
const KEEP_CAPITAL: &[&str] = &[
    "I", "I'm", "I'll", "I've", "I'd", "Sie", "Ihnen", "Ihr", "Ihre", "Ihren", "Ihrem", "Ihrer",
    "Ihres",
];

/// Renders `template`: `{formal|informal}` picks the variant for `address`;
/// the first letter follows `starts_upper` (the case of the text it replaces).
pub fn render(template: &str, address: Address, starts_upper: bool) -> String {
    let text = pick_variants(template, address);
    let first_word = text.split([' ', ',']).next().unwrap_or("");
    if starts_upper {
        with_first(text, char::is_uppercase, |c| case::upper(c).collect())
    } else if KEEP_CAPITAL.contains(&first_word) {
        text
    } else {
        with_first(text, char::is_lowercase, |c| case::lower(c).collect())
    }
}

/// `text` with its first letter changed by `change`, unless it already is
/// `fine` (then `text` is returned as it is, without copying).
fn with_first(text: String, fine: fn(char) -> bool, change: fn(char) -> String) -> String {
    match text.chars().next() {
        Some(first) if !fine(first) => change(first) + &text[first.len_utf8()..],
        _ => text,
    }
}

fn pick_variants(template: &str, address: Address) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            break;
        };
        let inner = &rest[open + 1..close];
        let (formal, informal) = inner.split_once('|').unwrap_or((inner, inner));
        out.push_str(match address {
            Address::Formal => formal,
            Address::Informal => informal,
        });
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_the_form_of_address() {
        let t = "Ich melde mich bei {Ihnen|dir} bis [Datum]";
        assert_eq!(
            render(t, Address::Formal, true),
            "Ich melde mich bei Ihnen bis [Datum]"
        );
        assert_eq!(
            render(t, Address::Informal, true),
            "Ich melde mich bei dir bis [Datum]"
        );
    }

    #[test]
    fn follows_the_case_of_the_replaced_text() {
        assert_eq!(
            render("Gern prüfe ich das", Address::Formal, false),
            "gern prüfe ich das"
        );
        assert_eq!(
            render("gern prüfe ich das", Address::Formal, true),
            "Gern prüfe ich das"
        );
        assert_eq!(
            render("I will check", Address::Formal, false),
            "I will check"
        );
        assert_eq!(
            render("{Sie|du} bekommen", Address::Formal, false),
            "Sie bekommen"
        );
    }
}
