//! Text utilities shared by the rule tagger and the event builder: folding for lexicon
//! lookup and sentence splitting.

mod fold;
pub mod sentences;

pub use fold::{FoldedText, fold, fold_key};
pub use sentences::{Sentence, split as split_sentences};
