//! French counts of the dead → integers, by the spec's conservative rules: digits with
//! spaces (`1 000`), number words (`quatorze`, `quarante-deux`), approximations (`une
//! trentaine` → 30, `des dizaines` → 10) and bounds (`au moins`, `près de`, `plus de`).

use crate::text::fold;
use text2num::{Language, text2digits};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    Exact,
    AtLeast,
    AtMost,
    About,
}

/// A parsed count of people killed. `value` is `None` for counts that say deaths happened
/// without a number ("un nombre important", "de nombreux").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FatalityCount {
    pub value: Option<u32>,
    pub bound: Bound,
}

const BOUNDS: &[(&str, Bound)] = &[
    ("au moins ", Bound::AtLeast),
    ("au minimum ", Bound::AtLeast),
    ("pas moins de ", Bound::AtLeast),
    ("pas moins d'", Bound::AtLeast),
    ("plus de ", Bound::AtLeast),
    ("plus d'", Bound::AtLeast),
    ("pres de ", Bound::About),
    ("pres d'", Bound::About),
    ("environ ", Bound::About),
    ("quelque ", Bound::About),
    ("autour de ", Bound::About),
    ("approximativement ", Bound::About),
    ("une estimation de ", Bound::About),
    ("au plus ", Bound::AtMost),
    ("jusqu'a ", Bound::AtMost),
    ("moins de ", Bound::AtMost),
    ("moins d'", Bound::AtMost),
];

/// Approximate nouns and the number the spec codes them as.
const APPROXIMATIONS: &[(&str, u32)] = &[
    ("dizaine", 10),
    ("dizaines", 10),
    ("douzaine", 12),
    ("douzaines", 12),
    ("quinzaine", 15),
    ("vingtaine", 20),
    ("trentaine", 30),
    ("quarantaine", 40),
    ("cinquantaine", 50),
    ("soixantaine", 60),
    ("centaine", 100),
    ("centaines", 100),
    ("millier", 1000),
    ("milliers", 1000),
];

/// Phrases that report deaths without a number (value `None`).
const UNCOUNTED: &[&str] = &[
    "un nombre important",
    "un grand nombre",
    "un nombre tres eleve",
    "un nombre eleve",
    "un nombre indetermine",
    "un nombre inconnu",
    "de nombreux",
    "de nombreuses",
    "nombreux",
    "nombreuses",
    "plusieurs",
    "quelques",
    "un lourd bilan",
    "de lourdes pertes",
    "lourdes pertes",
];

impl FatalityCount {
    /// Parses the text of a FATALITIES span.
    pub fn parse(s: &str) -> Option<FatalityCount> {
        let f = fold(s.trim());
        let mut rest = f.trim();
        let mut bound = Bound::Exact;
        for (prefix, b) in BOUNDS {
            if let Some(r) = rest.strip_prefix(prefix) {
                rest = r.trim_start();
                bound = *b;
                break;
            }
        }
        let words: Vec<&str> = rest.split_whitespace().collect();
        // "une trentaine", "des dizaines", "plusieurs centaines", "quelques dizaines"
        if let Some(last) = words.last()
            && let Some((_, v)) = APPROXIMATIONS.iter().find(|(w, _)| w == last)
            && words.len() <= 3
        {
            let bound = if bound == Bound::Exact {
                Bound::About
            } else {
                bound
            };
            return Some(FatalityCount {
                value: Some(*v),
                bound,
            });
        }
        if UNCOUNTED
            .iter()
            .any(|u| rest == *u || rest.starts_with(&format!("{u} ")))
        {
            return Some(FatalityCount {
                value: None,
                bound: Bound::About,
            });
        }
        parse_number(rest).map(|v| FatalityCount {
            value: Some(v),
            bound,
        })
    }
}

/// Parses a cardinal: digits (with space, NBSP, dot or comma thousands separators) or French
/// number words.
pub fn parse_number(s: &str) -> Option<u32> {
    let s = s.trim();
    if s.chars().next()?.is_ascii_digit() {
        let digits: String = s
            .chars()
            .filter(|c| !matches!(c, ' ' | '.' | ',' | '\u{a0}' | '\u{202f}'))
            .collect();
        return digits.parse().ok();
    }
    let f = fold(s);
    match f.as_str() {
        "un" | "une" => return Some(1),
        "zero" | "aucun" | "aucune" => return Some(0),
        _ => {}
    }
    // text2num wants French number words with their hyphens ("quarante-deux").
    let lower = s.to_lowercase().replace(['\u{a0}', '\u{202f}'], " ");
    text2digits(&lower, &Language::french()).ok()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(s: &str) -> Option<u32> {
        FatalityCount::parse(s).and_then(|c| c.value)
    }

    #[test]
    fn digits_and_words() {
        assert_eq!(v("42"), Some(42));
        assert_eq!(v("1 000"), Some(1000));
        assert_eq!(v("1\u{a0}200"), Some(1200));
        assert_eq!(v("quatorze"), Some(14));
        assert_eq!(v("quarante-deux"), Some(42));
        assert_eq!(v("vingt et un"), Some(21));
        assert_eq!(v("quatre-vingt-dix"), Some(90));
        assert_eq!(v("un"), Some(1));
        assert_eq!(v("cent trente"), Some(130));
    }

    #[test]
    fn bounds_and_approximations() {
        assert_eq!(
            FatalityCount::parse("au moins quinze"),
            Some(FatalityCount {
                value: Some(15),
                bound: Bound::AtLeast
            })
        );
        assert_eq!(
            FatalityCount::parse("près de 40").unwrap().bound,
            Bound::About
        );
        assert_eq!(v("plus de 100"), Some(100));
        assert_eq!(v("une trentaine"), Some(30));
        assert_eq!(v("des dizaines"), Some(10));
        assert_eq!(v("une douzaine"), Some(12));
        assert_eq!(v("plusieurs centaines"), Some(100));
        assert_eq!(v("une vingtaine"), Some(20));
    }

    #[test]
    fn uncounted_deaths_have_no_value() {
        assert_eq!(
            FatalityCount::parse("un nombre important"),
            Some(FatalityCount {
                value: None,
                bound: Bound::About
            })
        );
        assert_eq!(v("de nombreux"), None);
        assert!(FatalityCount::parse("un nombre très élevé").is_some());
        assert_eq!(FatalityCount::parse("la rédaction"), None);
    }
}
