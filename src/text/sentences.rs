//! Sentence and paragraph boundaries, as byte ranges. Events are assembled sentence by
//! sentence, so the splitter only has to be good enough to keep a clause together.

use std::ops::Range;

/// Abbreviations after which a period does not end a sentence.
const NO_BREAK_AFTER: &[&str] = &[
    "M", "MM", "Mme", "Dr", "St", "janv", "févr", "fév", "avr", "juil", "sept", "oct", "nov",
    "déc", "env", "etc", "cf", "av", "J.-C", "p", "n°", "Cdt", "Col", "Gal", "Lt", "Sgt",
];

#[derive(Debug, Clone)]
pub struct Sentence {
    pub bytes: Range<usize>,
    /// Index of the paragraph (block of text between blank or broken lines).
    pub paragraph: usize,
}

/// Splits a text into sentences. Every byte that is not whitespace belongs to one sentence.
pub fn split(text: &str) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut paragraph = 0;
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let line_range = line_start..line_start + line.len();
        line_start += line.len();
        if line.trim().is_empty() {
            continue;
        }
        split_line(text, line_range, paragraph, &mut out);
        paragraph += 1;
    }
    out
}

fn split_line(text: &str, line: Range<usize>, paragraph: usize, out: &mut Vec<Sentence>) {
    let s = &text[line.clone()];
    let mut start = 0;
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    for (i, &(b, c)) in chars.iter().enumerate() {
        if !matches!(c, '.' | '!' | '?' | '…') {
            continue;
        }
        // The next non-space character must start a new sentence.
        let mut j = i + 1;
        while j < chars.len() && matches!(chars[j].1, '»' | '"' | '”' | ')') {
            j += 1;
        }
        if j >= chars.len() || !chars[j].1.is_whitespace() {
            continue;
        }
        let mut k = j;
        while k < chars.len() && chars[k].1.is_whitespace() {
            k += 1;
        }
        if k >= chars.len() {
            continue;
        }
        let next = chars[k].1;
        if !(next.is_uppercase()
            || next.is_ascii_digit()
            || matches!(next, '«' | '"' | '“' | '[' | '('))
        {
            continue;
        }
        if c == '.' {
            let word: String = s[..b]
                .chars()
                .rev()
                .take_while(|c| c.is_alphanumeric() || *c == '°' || *c == '-' || *c == '.')
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            if NO_BREAK_AFTER.contains(&word.as_str())
                || (word.chars().count() == 1 && word.chars().all(char::is_uppercase))
            {
                continue;
            }
        }
        let end = chars[j - 1].0 + chars[j - 1].1.len_utf8();
        push_trimmed(text, line.start + start..line.start + end, paragraph, out);
        start = chars[k].0;
    }
    push_trimmed(text, line.start + start..line.end, paragraph, out);
}

fn push_trimmed(text: &str, r: Range<usize>, paragraph: usize, out: &mut Vec<Sentence>) {
    let s = &text[r.clone()];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    if lead + trail < s.len() {
        out.push(Sentence {
            bytes: r.start + lead..r.end - trail,
            paragraph,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_french_sentences_but_not_abbreviations_or_dates() {
        let text =
            "Le 15 janv. 2021, M. Diallo a parlé. L'armée a riposté !\nNouveau paragraphe ici.";
        let s: Vec<&str> = split(text).iter().map(|s| &text[s.bytes.clone()]).collect();
        assert_eq!(
            s,
            vec![
                "Le 15 janv. 2021, M. Diallo a parlé.",
                "L'armée a riposté !",
                "Nouveau paragraphe ici."
            ]
        );
        assert_eq!(split(text)[2].paragraph, 1);
    }
}
