//! Phrase matching for the rule tagger: an Aho-Corasick automaton over folded lexicon entries,
//! run on the folded document, keeping whole-word, leftmost-longest matches.

use crate::text::{FoldedText, fold};
use aho_corasick::{AhoCorasick, MatchKind};
use std::ops::Range;

pub struct PhraseMatcher {
    automaton: AhoCorasick,
    /// For each pattern: the payload (lexicon index) and whether it is an acronym that must
    /// keep its capitals in the text (`FAN` is not `fan`).
    patterns: Vec<(usize, bool)>,
}

/// A match in original byte offsets.
#[derive(Debug, Clone)]
pub struct PhraseMatch {
    pub bytes: Range<usize>,
    pub payload: usize,
}

impl PhraseMatcher {
    pub fn new<'a>(entries: impl Iterator<Item = (&'a str, usize)>) -> Self {
        let mut folded = Vec::new();
        let mut patterns: Vec<(usize, bool)> = Vec::new();
        let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        for (phrase, payload) in entries {
            let f = fold(phrase);
            if f.trim().chars().count() < 2 {
                continue;
            }
            // Variants that fold alike ("FAMa", "Fama"): the pattern needs capitals only
            // if every variant is an acronym.
            if let Some(&i) = seen.get(&f) {
                patterns[i].1 &= is_acronym(phrase);
                continue;
            }
            seen.insert(f.clone(), patterns.len());
            folded.push(f);
            patterns.push((payload, is_acronym(phrase)));
        }
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&folded)
            .expect("phrase automaton");
        PhraseMatcher {
            automaton,
            patterns,
        }
    }

    pub fn find_all(&self, text: &str, folded: &FoldedText) -> Vec<PhraseMatch> {
        let mut out = Vec::new();
        for m in self.automaton.find_iter(&folded.folded) {
            let r = m.start()..m.end();
            if !folded.at_word_boundaries(&r) {
                continue;
            }
            let bytes = folded.original(r);
            let (payload, acronym) = self.patterns[m.pattern().as_usize()];
            if acronym
                && text[bytes.clone()]
                    .chars()
                    .filter(|c| c.is_uppercase())
                    .count()
                    < 2
            {
                continue;
            }
            out.push(PhraseMatch { bytes, payload });
        }
        out
    }
}

/// `FAMa`, `JNIM`, `EIGS`, `FDS`: short, one word, mostly capitals.
fn is_acronym(phrase: &str) -> bool {
    let letters: Vec<char> = phrase.chars().filter(|c| c.is_alphabetic()).collect();
    !phrase.contains(' ')
        && letters.len() <= 8
        && letters.iter().filter(|c| c.is_uppercase()).count() >= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_whole_words_longest_first_and_keeps_acronym_case() {
        let m = PhraseMatcher::new([("armée", 0), ("armée malienne", 1), ("FAN", 2)].into_iter());
        let text = "L’Armée malienne et les fans de l'armée ; la FAN.";
        let f = FoldedText::new(text);
        let found: Vec<(&str, usize)> = m
            .find_all(text, &f)
            .iter()
            .map(|x| (&text[x.bytes.clone()], x.payload))
            .collect();
        assert_eq!(found, vec![("Armée malienne", 1), ("armée", 0), ("FAN", 2)]);
    }
}
