//! Folding for lexicon lookup: lowercase, accents removed, curly apostrophes straightened,
//! hyphens and no-break spaces turned into plain spaces — so that `Ké-Macina`, `ke macina`,
//! `l’armée` and `l'armee` meet. A folded text keeps a map back to the original bytes.

use unicode_normalization::UnicodeNormalization;

/// Folds a lexicon entry or a query (no offsets kept).
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        push_folded(c, &mut out);
    }
    out
}

/// `fold` with everything but letters and digits dropped: the key for comparing place names
/// the way the spec does ("case, accents, hyphens, apostrophes and spaces removed").
pub fn fold_key(s: &str) -> String {
    fold(s).chars().filter(|c| c.is_alphanumeric()).collect()
}

fn push_folded(c: char, out: &mut String) {
    match c {
        '\u{2019}' | '\u{2018}' | '\u{02BC}' | '`' | '\u{00B4}' => out.push('\''),
        '-' | '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' => out.push(' '),
        '\u{00A0}' | '\u{202F}' | '\u{2009}' | '\t' => out.push(' '),
        'œ' | 'Œ' => out.push_str("oe"),
        'æ' | 'Æ' => out.push_str("ae"),
        c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
        c => {
            for l in c.to_lowercase() {
                for d in l.nfd() {
                    if !('\u{0300}'..='\u{036F}').contains(&d) {
                        out.push(d);
                    }
                }
            }
        }
    }
}

/// A folded copy of a text with, for each folded byte, the original byte it came from.
pub struct FoldedText {
    pub folded: String,
    origin: Vec<u32>,
}

impl FoldedText {
    pub fn new(text: &str) -> Self {
        let mut folded = String::with_capacity(text.len());
        let mut origin = Vec::with_capacity(text.len() + 1);
        for (b, c) in text.char_indices() {
            let before = folded.len();
            push_folded(c, &mut folded);
            origin.extend(std::iter::repeat_n(b as u32, folded.len() - before));
        }
        origin.push(text.len() as u32);
        FoldedText { folded, origin }
    }

    /// The original byte range of a folded byte range.
    pub fn original(&self, folded: std::ops::Range<usize>) -> std::ops::Range<usize> {
        self.origin[folded.start] as usize..self.origin[folded.end] as usize
    }

    /// True when the folded range starts and ends at word boundaries.
    pub fn at_word_boundaries(&self, r: &std::ops::Range<usize>) -> bool {
        let before = self.folded[..r.start].chars().next_back();
        let after = self.folded[r.end..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_accents_case_apostrophes_and_hyphens() {
        assert_eq!(fold("Ké-Macina"), "ke macina");
        assert_eq!(fold("l’État Islamique"), "l'etat islamique");
        assert_eq!(fold("Tinzaouatène"), "tinzaouatene");
        assert_eq!(fold_key("Gourma-Rharous"), fold_key("gourma rharous"));
    }

    #[test]
    fn maps_folded_ranges_back_to_original_bytes() {
        let text = "À l’ouest de Ké-Macina, œuvre";
        let f = FoldedText::new(text);
        let at = f.folded.find("ke macina").unwrap();
        let r = f.original(at..at + "ke macina".len());
        assert_eq!(&text[r], "Ké-Macina");
        let at = f.folded.find("oeuvre").unwrap();
        assert_eq!(&text[f.original(at..at + 6)], "œuvre");
    }
}
