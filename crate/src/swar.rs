//! Bytes eight at a time ("SIMD within a register"): the WebAssembly build
//! has no vector instructions, and most of a mail is plain ASCII that a
//! scan can pass over a word (`u64`) at a time.
//!
//! Each test gives a mask with the high bit of every byte that passes it
//! and no other bit set, exact for every byte: no carry reaches the next
//! byte.

/// One in every byte.
pub const ONES: u64 = 0x0101_0101_0101_0101;
/// The high bit of every byte.
pub const HIGH: u64 = 0x8080_8080_8080_8080;

/// The eight bytes from `at` on, the first in the lowest bits.
pub fn load(bytes: &[u8], at: usize) -> Option<u64> {
    let chunk = bytes.get(at..at + 8)?;
    Some(u64::from_le_bytes(chunk.try_into().expect("eight bytes")))
}

/// The bytes of `x` that are below `n` (at most 0x80).
pub const fn below(x: u64, n: u8) -> u64 {
    // (b & 0x7f) + 0x80 - n reaches the high bit from n on; a byte from
    // 0x80 has it anyway.
    !(((x & !HIGH) + ONES * (0x80 - n as u64)) | x) & HIGH
}

/// The bytes of `x` that are below `n` (at most 0x80) or not ASCII.
pub const fn below_or_not_ascii(x: u64, n: u8) -> u64 {
    (x | !((x & !HIGH) + ONES * (0x80 - n as u64))) & HIGH
}

/// The bytes of `x` that are `b`.
pub const fn equal(x: u64, b: u8) -> u64 {
    below(x ^ (ONES * b as u64), 1)
}

/// Index of the first byte the mask marks (eight when it marks none).
pub const fn first(mask: u64) -> usize {
    mask.trailing_zeros() as usize / 8
}

/// The first index from `at` on whose byte is one of `marks` (or the
/// length of `bytes`), read eight bytes at a time.
pub fn find_any<const N: usize>(bytes: &[u8], mut at: usize, marks: [u8; N]) -> usize {
    while let Some(x) = load(bytes, at) {
        let found = marks.iter().fold(0, |all, &mark| all | equal(x, mark));
        if found != 0 {
            return at + first(found);
        }
        at += 8;
    }
    while at < bytes.len() && !marks.contains(&bytes[at]) {
        at += 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every byte value in every lane, next to every other.
    fn words() -> impl Iterator<Item = u64> {
        (0..=255u64).flat_map(|b| {
            (0..8).map(move |lane| {
                (b << (lane * 8)) | (0x7f_01_ff_80_20_61_00_5a & !(0xff << (lane * 8)))
            })
        })
    }

    fn per_byte(x: u64, test: impl Fn(u8) -> bool) -> u64 {
        (0..8).fold(0, |mask, lane| {
            let b = (x >> (lane * 8)) as u8;
            mask | (u64::from(test(b)) << (lane * 8 + 7))
        })
    }

    #[test]
    fn masks_are_exact_for_every_byte() {
        for x in words() {
            for n in [1, 0x20, 0x30, 0x41, 0x7b, 0x80] {
                assert_eq!(below(x, n), per_byte(x, |b| b < n), "{x:#x} below {n:#x}");
            }
            for n in [1, 0x20, 0x80] {
                let expected = per_byte(x, |b| b < n || !b.is_ascii());
                let found = below_or_not_ascii(x, n);
                assert_eq!(found, expected, "{x:#x} below {n:#x} or not ASCII");
            }
            for b in [0, b' ', b'\n', 0x7f, 0x80, 0xff] {
                assert_eq!(equal(x, b), per_byte(x, |c| c == b), "{x:#x} equal {b:#x}");
            }
        }
        assert_eq!(first(0), 8);
        assert_eq!(first(0x80 << 24), 3);
    }
}
