//! Bytes a chunk at a time, for the scans over plain text: line breaks,
//! runs of plain ASCII, lower-casing, word lists, UTF-16 lengths. Most of a
//! mail is plain ASCII that such a scan passes over a chunk at a time.
//!
//! A chunk is sixteen bytes in a WebAssembly SIMD vector when the build has
//! them (the extension's build does), and eight bytes in a `u64` elsewhere
//! ("SIMD within a register"). The scans are written once, against
//! [`Chunk`] and [`Mask`]; native tests run the `u64` kind, and the package
//! tests hold the WebAssembly build's findings against the native CLI's.
//!
//! A [`Mask`] marks the bytes of a chunk that pass a test, exactly: no
//! carry reaches the next byte.

/// The same functions as the `u64` kind's below, which say what each does.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod kind {
    use core::arch::wasm32::*;
    use core::ops::{BitAnd, BitOr, Not};

    /// Sixteen bytes, the first in lane 0.
    #[derive(Clone, Copy)]
    pub struct Chunk(v128);

    /// The bytes of a [`Chunk`] that pass a test: `0xFF` lanes.
    #[derive(Clone, Copy)]
    pub struct Mask(v128);

    impl Chunk {
        pub const LEN: usize = 16;

        pub fn load(bytes: &[u8], at: usize) -> Option<Chunk> {
            let chunk = bytes.get(at..at + Self::LEN)?;
            // SAFETY: the sixteen bytes are in bounds, and a WebAssembly
            // load needs no alignment.
            Some(Chunk(unsafe { v128_load(chunk.as_ptr().cast()) }))
        }

        /// Writes the chunk over `into`, which is [`Chunk::LEN`] bytes long.
        pub fn store(self, into: &mut [u8]) {
            assert_eq!(into.len(), Self::LEN);
            // SAFETY: as in `load`.
            unsafe { v128_store(into.as_mut_ptr().cast(), self.0) }
        }

        pub fn below(self, n: u8) -> Mask {
            Mask(u8x16_lt(self.0, u8x16_splat(n)))
        }

        pub fn at_least(self, n: u8) -> Mask {
            Mask(u8x16_ge(self.0, u8x16_splat(n)))
        }

        pub fn equal(self, b: u8) -> Mask {
            Mask(u8x16_eq(self.0, u8x16_splat(b)))
        }

        pub fn last(self) -> u8 {
            u8x16_extract_lane::<15>(self.0)
        }

        pub fn or_where(self, mask: Mask, bits: u8) -> Chunk {
            Chunk(v128_or(self.0, v128_and(mask.0, u8x16_splat(bits))))
        }

        pub fn xor_where(self, mask: Mask, bits: u8) -> Chunk {
            Chunk(v128_xor(self.0, v128_and(mask.0, u8x16_splat(bits))))
        }
    }

    impl Mask {
        pub const NONE: Mask = Mask(u64x2(0, 0));

        pub fn any(self) -> bool {
            v128_any_true(self.0)
        }

        pub fn first(self) -> usize {
            u8x16_bitmask(self.0).trailing_zeros() as usize
        }

        pub fn count(self) -> usize {
            u8x16_bitmask(self.0).count_ones() as usize
        }

        pub fn after(self, first: bool) -> Mask {
            let carry = u8x16_splat(if first { 0xFF } else { 0 });
            // Lane 0 from the carry (lanes 0-15), lanes 1-15 from the mask's
            // lanes 0-14 (16-30).
            Mask(u8x16_shuffle::<
                15,
                16,
                17,
                18,
                19,
                20,
                21,
                22,
                23,
                24,
                25,
                26,
                27,
                28,
                29,
                30,
            >(carry, self.0))
        }
    }

    impl BitOr for Mask {
        type Output = Mask;
        fn bitor(self, other: Mask) -> Mask {
            Mask(v128_or(self.0, other.0))
        }
    }

    impl BitAnd for Mask {
        type Output = Mask;
        fn bitand(self, other: Mask) -> Mask {
            Mask(v128_and(self.0, other.0))
        }
    }

    impl Not for Mask {
        type Output = Mask;
        fn not(self) -> Mask {
            Mask(v128_not(self.0))
        }
    }
}

#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
mod kind {
    use core::ops::{BitAnd, BitOr, Not};

    /// One in every byte.
    const ONES: u64 = 0x0101_0101_0101_0101;
    /// The high bit of every byte.
    const HIGH: u64 = 0x8080_8080_8080_8080;

    /// Eight bytes, the first in the lowest bits.
    #[derive(Clone, Copy)]
    pub struct Chunk(u64);

    /// The bytes of a [`Chunk`] that pass a test: their high bit, and no
    /// other bit.
    #[derive(Clone, Copy)]
    pub struct Mask(u64);

    impl Chunk {
        /// How many bytes a chunk holds.
        pub const LEN: usize = 8;

        /// The chunk from `at` on, or `None` where fewer bytes are left.
        pub fn load(bytes: &[u8], at: usize) -> Option<Chunk> {
            let chunk = bytes.get(at..at + Self::LEN)?;
            Some(Chunk(u64::from_le_bytes(
                chunk.try_into().expect("eight bytes"),
            )))
        }

        /// Writes the chunk over `into`, which is [`Chunk::LEN`] bytes long.
        pub fn store(self, into: &mut [u8]) {
            into.copy_from_slice(&self.0.to_le_bytes());
        }

        /// The bytes below `n`, which is at most 0x80.
        pub fn below(self, n: u8) -> Mask {
            debug_assert!(n <= 0x80);
            // (b & 0x7f) + 0x80 - n reaches the high bit from n on; a byte
            // from 0x80 has it anyway.
            let x = self.0;
            Mask(!(((x & !HIGH) + ONES * (0x80 - u64::from(n))) | x) & HIGH)
        }

        /// The bytes from `n` on, which is at least 0x80.
        pub fn at_least(self, n: u8) -> Mask {
            debug_assert!(n >= 0x80);
            // A byte from 0x80 on: (b & 0x7f) + 0x100 - n reaches the high
            // bit from n on, and stays within the byte.
            let x = self.0;
            Mask(x & ((x & !HIGH) + ONES * (0x100 - u64::from(n))) & HIGH)
        }

        /// The bytes that are `b`.
        pub fn equal(self, b: u8) -> Mask {
            Chunk(self.0 ^ (ONES * u64::from(b))).below(1)
        }

        /// The last byte.
        pub fn last(self) -> u8 {
            (self.0 >> 56) as u8
        }

        /// `bits` or-ed into the bytes `mask` marks.
        pub fn or_where(self, mask: Mask, bits: u8) -> Chunk {
            // A marked byte's high bit, moved down, is a one: times `bits`
            // it is `bits`, within the byte.
            Chunk(self.0 | ((mask.0 >> 7) * u64::from(bits)))
        }

        /// `bits` xor-ed into the bytes `mask` marks.
        pub fn xor_where(self, mask: Mask, bits: u8) -> Chunk {
            Chunk(self.0 ^ ((mask.0 >> 7) * u64::from(bits)))
        }
    }

    impl Mask {
        /// No byte.
        pub const NONE: Mask = Mask(0);

        /// Whether any byte is marked.
        pub fn any(self) -> bool {
            self.0 != 0
        }

        /// The index of the first byte marked; [`Chunk::LEN`] when none is.
        pub fn first(self) -> usize {
            self.0.trailing_zeros() as usize / 8
        }

        /// How many bytes are marked.
        pub fn count(self) -> usize {
            self.0.count_ones() as usize
        }

        /// The bytes that follow a marked byte, and the first byte when
        /// `first` (its byte before lies in the chunk before).
        pub fn after(self, first: bool) -> Mask {
            Mask((self.0 << 8) | if first { 0x80 } else { 0 })
        }
    }

    impl BitOr for Mask {
        type Output = Mask;
        fn bitor(self, other: Mask) -> Mask {
            Mask(self.0 | other.0)
        }
    }

    impl BitAnd for Mask {
        type Output = Mask;
        fn bitand(self, other: Mask) -> Mask {
            Mask(self.0 & other.0)
        }
    }

    impl Not for Mask {
        type Output = Mask;
        fn not(self) -> Mask {
            Mask(!self.0 & HIGH)
        }
    }
}

pub use kind::{Chunk, Mask};

impl Chunk {
    /// The bytes below `n` (at most 0x80), and every byte from 0x80.
    pub fn below_or_not_ascii(self, n: u8) -> Mask {
        self.below(n) | self.at_least(0x80)
    }
}

/// The first index from `at` on whose byte passes `test` (or the length of
/// `bytes`), read a chunk at a time: `marks` marks the bytes of a chunk
/// that pass it.
pub fn find(
    bytes: &[u8],
    mut at: usize,
    marks: impl Fn(Chunk) -> Mask,
    test: impl Fn(u8) -> bool,
) -> usize {
    while let Some(x) = Chunk::load(bytes, at) {
        let found = marks(x);
        if found.any() {
            return at + found.first();
        }
        at += Chunk::LEN;
    }
    while at < bytes.len() && !test(bytes[at]) {
        at += 1;
    }
    at
}

/// The first index from `at` on whose byte is one of `marks` (or the
/// length of `bytes`), read a chunk at a time.
pub fn find_any<const N: usize>(bytes: &[u8], at: usize, marks: [u8; N]) -> usize {
    let marked = |x: Chunk| marks.iter().fold(Mask::NONE, |all, &m| all | x.equal(m));
    find(bytes, at, marked, |b| marks.contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Chunks that put every byte value in every lane, next to others.
    fn chunks() -> impl Iterator<Item = [u8; Chunk::LEN]> {
        const AROUND: [u8; 8] = [0x5a, 0x00, 0x61, 0x20, 0x80, 0xff, 0x01, 0x7f];
        (0..=255u8).flat_map(|b| {
            (0..Chunk::LEN).map(move |lane| {
                let mut chunk = [0; Chunk::LEN];
                for (i, byte) in chunk.iter_mut().enumerate() {
                    *byte = if i == lane { b } else { AROUND[i % 8] };
                }
                chunk
            })
        })
    }

    /// The indices a mask marks, as `or_where` writes them into zeros; its
    /// `first` and `any` must agree.
    fn marked(mask: Mask) -> Vec<usize> {
        let mut out = [0; Chunk::LEN];
        let zeros = Chunk::load(&[0; Chunk::LEN], 0).unwrap();
        zeros.or_where(mask, 1).store(&mut out);
        let marked: Vec<usize> = (0..Chunk::LEN).filter(|&i| out[i] == 1).collect();
        assert_eq!(mask.first(), marked.first().copied().unwrap_or(Chunk::LEN));
        assert_eq!(mask.any(), !marked.is_empty());
        assert_eq!(mask.count(), marked.len());
        marked
    }

    fn per_byte(chunk: &[u8], test: impl Fn(u8) -> bool) -> Vec<usize> {
        (0..chunk.len()).filter(|&i| test(chunk[i])).collect()
    }

    #[test]
    fn masks_are_exact_for_every_byte() {
        for bytes in chunks() {
            let x = Chunk::load(&bytes, 0).unwrap();
            for n in [1, 0x20, 0x30, 0x41, 0x7b, 0x80] {
                let expected = per_byte(&bytes, |b| b < n);
                assert_eq!(marked(x.below(n)), expected, "{bytes:x?} below {n:#x}");
                let expected = per_byte(&bytes, |b| b < n || !b.is_ascii());
                let found = marked(x.below_or_not_ascii(n));
                assert_eq!(found, expected, "{bytes:x?} below {n:#x} or not ASCII");
                let expected = per_byte(&bytes, |b| b >= n);
                assert_eq!(marked(!x.below(n)), expected, "{bytes:x?} not below {n:#x}");
            }
            for n in [0x80, 0x81, 0xbf, 0xc0, 0xf0, 0xff] {
                let expected = per_byte(&bytes, |b| b >= n);
                assert_eq!(
                    marked(x.at_least(n)),
                    expected,
                    "{bytes:x?} at least {n:#x}"
                );
            }
            for b in [0, b' ', b'\n', 0x7f, 0x80, 0xff] {
                let expected = per_byte(&bytes, |c| c == b);
                assert_eq!(marked(x.equal(b)), expected, "{bytes:x?} equal {b:#x}");
            }
            assert_eq!(x.last(), bytes[Chunk::LEN - 1]);
        }
        assert_eq!(Mask::NONE.first(), Chunk::LEN);
        assert!(!Mask::NONE.any());
    }

    #[test]
    fn masks_combine_and_shift_by_a_byte() {
        let bytes: Vec<u8> = (0..Chunk::LEN).map(|i| b"a  b c   "[i % 9]).collect();
        let x = Chunk::load(&bytes, 0).unwrap();
        let spaces = x.equal(b' ');
        let letters = !spaces;
        assert_eq!(
            marked(spaces | letters),
            (0..Chunk::LEN).collect::<Vec<_>>()
        );
        assert_eq!(marked(spaces & letters), Vec::<usize>::new());
        let after = |test: fn(u8) -> bool, first: bool| {
            (0..Chunk::LEN)
                .filter(|&i| if i == 0 { first } else { test(bytes[i - 1]) })
                .collect::<Vec<_>>()
        };
        assert_eq!(marked(spaces.after(false)), after(|b| b == b' ', false));
        assert_eq!(marked(spaces.after(true)), after(|b| b == b' ', true));
        assert_eq!(marked(letters.after(true)), after(|b| b != b' ', true));
    }

    #[test]
    fn bits_go_into_the_marked_bytes_only() {
        let bytes: Vec<u8> = (0..Chunk::LEN).map(|i| b"AbZ`z@["[i % 7]).collect();
        let x = Chunk::load(&bytes, 0).unwrap();
        let capitals = x.below(b'Z' + 1) & !x.below(b'A');
        let ticks = x.equal(b'`');
        let mut out = vec![0; Chunk::LEN];
        x.or_where(capitals, 0x20)
            .xor_where(ticks, b'`' ^ b'\'')
            .store(&mut out);
        let expected: Vec<u8> = bytes
            .iter()
            .map(|&b| match b {
                b'`' => b'\'',
                b => b.to_ascii_lowercase(),
            })
            .collect();
        assert_eq!(out, expected);
    }

    #[test]
    fn find_any_finds_the_first_mark_at_every_place() {
        for len in 0..3 * Chunk::LEN {
            for mark_at in 0..=len {
                let mut bytes = vec![b'x'; len];
                if mark_at < len {
                    bytes[mark_at] = b'\n';
                }
                for from in 0..=mark_at.min(len) {
                    assert_eq!(find_any(&bytes, from, [b'.', b'\n']), mark_at);
                }
            }
        }
    }
}
