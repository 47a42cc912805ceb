//! Lists of numbers packed as variable-length integers (LEB128: seven bits
//! a byte, low bits first). The build script packs each language's pattern
//! tables this way and the engine unpacks them once: most numbers take a
//! byte, and the module's gzip finds more to share than in fixed-width
//! lists.

/// Appends `value`.
pub fn push(out: &mut Vec<u8>, mut value: u32) {
    while value >= 0x80 {
        out.push(value as u8 | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

/// Appends a sorted list of distinct numbers as its length, its first
/// number and the gaps between the others.
pub fn push_set(out: &mut Vec<u8>, set: &[u16]) {
    push(out, set.len() as u32);
    let mut last = 0;
    for &n in set {
        push(out, u32::from(n - last));
        last = n;
    }
}

/// Reads what [`push`] and [`push_set`] wrote. The bytes are the build's
/// own: running past their end is a bug, and panics.
pub struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader { bytes, at: 0 }
    }

    #[inline]
    pub fn number(&mut self) -> u32 {
        let byte = self.bytes[self.at];
        if byte < 0x80 {
            self.at += 1;
            return u32::from(byte);
        }
        self.number_long()
    }

    #[cold]
    fn number_long(&mut self) -> u32 {
        let mut value = 0;
        let mut shift = 0;
        loop {
            let byte = self.bytes[self.at];
            self.at += 1;
            value |= u32::from(byte & 0x7f) << shift;
            if byte < 0x80 {
                return value;
            }
            shift += 7;
        }
    }

    /// Reads a number that fits in 16 bits.
    pub fn number_u16(&mut self) -> u16 {
        u16::try_from(self.number()).expect("a 16-bit number")
    }

    /// Reads a set written by [`push_set`], appending it to `out`.
    pub fn set_into(&mut self, out: &mut Vec<u16>) {
        let len = self.number();
        let mut last = 0;
        for _ in 0..len {
            last += self.number_u16();
            out.push(last);
        }
    }

    /// Whether every byte was read.
    pub fn is_done(&self) -> bool {
        self.at == self.bytes.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_sets_come_back_as_written() {
        let numbers = [0, 1, 127, 128, 300, 16_383, 16_384, 65_535, u32::MAX];
        let sets: [&[u16]; 4] = [&[], &[0], &[3, 4, 200, 65_535], &[127, 128, 16_511]];
        let mut bytes = Vec::new();
        for &n in &numbers {
            push(&mut bytes, n);
        }
        for set in sets {
            push_set(&mut bytes, set);
        }
        let mut reader = Reader::new(&bytes);
        for &n in &numbers {
            assert_eq!(reader.number(), n);
        }
        for set in sets {
            let mut out = vec![9];
            reader.set_into(&mut out);
            assert_eq!(out[1..], *set);
        }
        assert!(reader.is_done());
    }

    #[test]
    fn small_numbers_take_a_byte() {
        let mut bytes = Vec::new();
        push(&mut bytes, 127);
        assert_eq!(bytes, [127]);
        push(&mut bytes, 128);
        assert_eq!(bytes, [127, 0x80, 1]);
    }
}
