//! The one place that converts between byte offsets (what Rust strings, `regex` and
//! `aho-corasick` use) and character offsets (what the gold format and every output use:
//! Unicode code points, start inclusive, end exclusive).

/// Maps byte offsets of one text to code-point offsets and back.
#[derive(Debug, Clone)]
pub struct OffsetMap {
    /// `char_starts[i]` is the byte offset of the i-th character; one extra entry holds the text length.
    char_starts: Vec<u32>,
}

impl OffsetMap {
    pub fn new(text: &str) -> Self {
        let mut char_starts: Vec<u32> = text.char_indices().map(|(b, _)| b as u32).collect();
        char_starts.push(text.len() as u32);
        OffsetMap { char_starts }
    }

    /// Number of characters in the text.
    pub fn char_len(&self) -> usize {
        self.char_starts.len() - 1
    }

    /// Byte offset of character offset `c` (`c` may equal the length).
    pub fn to_byte(&self, c: usize) -> usize {
        self.char_starts[c.min(self.char_len())] as usize
    }

    /// Character offset of byte offset `b`; a byte inside a character maps to that character.
    pub fn to_char(&self, b: usize) -> usize {
        match self.char_starts.binary_search(&(b as u32)) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }

    pub fn to_char_range(&self, bytes: std::ops::Range<usize>) -> std::ops::Range<usize> {
        self.to_char(bytes.start)..self.to_char(bytes.end)
    }

    pub fn to_byte_range(&self, chars: std::ops::Range<usize>) -> std::ops::Range<usize> {
        self.to_byte(chars.start)..self.to_byte(chars.end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_on_accents_apostrophes_nbsp_and_emoji() {
        let text = "l’armée\u{a0}malienne 🇲🇱 à Ké-Macina";
        let map = OffsetMap::new(text);
        assert_eq!(map.char_len(), text.chars().count());
        let b = text.find("Ké").unwrap();
        let c = map.to_char(b);
        let expected: usize = text[..b].chars().count();
        assert_eq!(c, expected);
        assert_eq!(map.to_byte(c), b);
        let r = map.to_char_range(b..text.len());
        assert_eq!(&text[map.to_byte_range(r)], "Ké-Macina");
    }
}
