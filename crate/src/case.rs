//! Upper and lower case of every character, as the standard library maps
//! them (`char::to_lowercase`, `char::to_uppercase`), from tables a tenth
//! of the size of its own: the build script writes the mappings as runs
//! of characters that move by the same distance (`A..=Z` to `a..=z`; `Ā`,
//! `Ă`, … each to the next character), which the WebAssembly module holds
//! in 3 KB where the standard library's tables took 26 KB (15 KB of the
//! gzipped module, with the code that used them).

include!(concat!(env!("OUT_DIR"), "/case.rs"));

/// The characters a character maps to: one, or up to three.
#[derive(Debug, Clone)]
pub struct Mapped {
    chars: [char; 3],
    at: u8,
    len: u8,
}

impl Iterator for Mapped {
    type Item = char;

    fn next(&mut self) -> Option<char> {
        let c = *self.chars[..usize::from(self.len)].get(usize::from(self.at))?;
        self.at += 1;
        Some(c)
    }
}

/// `c` in lower case, as `c.to_lowercase()` gives it.
pub fn lower(c: char) -> Mapped {
    if c.is_ascii() {
        return one(c.to_ascii_lowercase());
    }
    map(c, LOWER_RUNS, LOWER_MULTI)
}

/// `c` in upper case, as `c.to_uppercase()` gives it.
pub fn upper(c: char) -> Mapped {
    if c.is_ascii() {
        return one(c.to_ascii_uppercase());
    }
    map(c, UPPER_RUNS, UPPER_MULTI)
}

/// `c` alone.
fn one(c: char) -> Mapped {
    Mapped {
        chars: [c; 3],
        at: 0,
        len: 1,
    }
}

/// `text` in lower case, character by character: as `str::to_lowercase`
/// but for a capital sigma, always `σ` (never the final `ς`).
pub fn lower_str(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    out.extend(text.chars().flat_map(lower));
    out
}

/// Each run is `(first << 8 | count - 1, distance << 1 | step - 1)`: `count`
/// characters from `first`, `step` apart, each mapping to the character
/// `distance` after it. Sorted, apart from each other.
fn map(c: char, runs: &[(u32, u32)], multi: &[(char, [char; 3])]) -> Mapped {
    let code = c as u32;
    let i = runs.partition_point(|&(run, _)| run >> 8 <= code);
    if let Some(&(run, moves)) = i.checked_sub(1).map(|i| &runs[i]) {
        let (first, count) = (run >> 8, (run & 0xff) + 1);
        let step = (moves & 1) + 1;
        let from_first = code - first;
        if from_first < count * step && from_first.is_multiple_of(step) {
            let to = code.wrapping_add_signed(moves as i32 >> 1);
            return one(char::from_u32(to).expect("the tables map to characters"));
        }
    }
    match multi.binary_search_by_key(&c, |&(from, _)| from) {
        Ok(i) => {
            let chars = multi[i].1;
            let len = chars.iter().take_while(|&&c| c != '\0').count() as u8;
            Mapped { chars, at: 0, len }
        }
        Err(_) => one(c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every character, against the standard library.
    #[test]
    fn every_character_maps_as_the_standard_library_maps_it() {
        for c in (0..=0x10_ffff).filter_map(char::from_u32) {
            assert!(lower(c).eq(c.to_lowercase()), "{c:?} lower");
            assert!(upper(c).eq(c.to_uppercase()), "{c:?} upper");
        }
        let text = "Grüße AUS İSTANBUL, ΟΔΟΣ Σ. ǅ ß ﬀ";
        let sigma_as_std = text.to_lowercase().replace('ς', "σ");
        assert_eq!(lower_str(text), sigma_as_std);
    }
}
