//! Text utilities shared by the taggers and the event builder: folding for lexicon lookup,
//! sentence splitting, the boilerplate lines no tagger marks, and the char-boundary rounding
//! every byte window needs.

mod boilerplate;
mod fold;
pub mod sentences;

pub use boilerplate::Boilerplate;
pub use fold::{FoldedText, fold, fold_key};
pub use sentences::{Sentence, split as split_sentences};

/// The largest char boundary of `s` at or before byte `i` (clamped to the length): for
/// cutting a window of so many bytes around a match without splitting a character.
pub fn floor_char_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}
