//! The DATE grammar: finds date expressions in the folded text. Spans leave out the article
//! or preposition ("le", "entre le", "dans la"), as the spec asks; values come from
//! `normalize::date`.

use crate::normalize::date::{MONTHS, WEEKDAYS};
use regex::Regex;
use std::ops::Range;
use std::sync::OnceLock;

/// Full month names only: abbreviations stand alone too rarely to be worth the noise.
const FULL_MONTHS: &str =
    "janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre";

fn grammar() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        let day = r"(?:1er|[12]\d|3[01]|0?[1-9])";
        let year = r"(?: (?:19|20)\d{2})?";
        let alts = [
            // 4 et le 7 avril (2020) / 4 au 7 avril
            format!(r"(?:(?:{WEEKDAYS}) )?{day}(?: (?:{MONTHS}))? (?:et le|et|au) (?:(?:{WEEKDAYS}) )?{day} (?:{MONTHS}){year}"),
            // nuit de mercredi (15 mai) à jeudi
            format!(r"(?:nuit|soiree|journee|matinee) (?:de |du )(?:{WEEKDAYS})(?: {day} (?:{MONTHS}){year})?(?: (?:a|au) (?:{WEEKDAYS})(?: {day} (?:{MONTHS}){year})?)?"),
            // (jeudi) 15 août (2024) (au soir)
            format!(r"(?:(?:{WEEKDAYS}) )?{day} (?:{MONTHS}){year}(?: (?:au soir|au matin|soir|matin))?"),
            format!(r"(?:debut|fin|courant|mi) ?(?:{FULL_MONTHS}){year}"),
            format!(r"(?:{WEEKDAYS})(?: (?:dernier|soir|matin|apres midi))?"),
            format!(r"(?:{FULL_MONTHS}) (?:19|20)\d{{2}}"),
            r"\d{1,2}/\d{1,2}/(?:19|20)\d{2}".to_string(),
            r"(?:avant hier|hier soir|hier matin|hier)".to_string(),
            r"(?:week end(?: dernier)?)".to_string(),
            r"(?:lendemain(?: soir| matin)?|veille(?: au soir)?)".to_string(),
        ];
        Regex::new(&format!(r"(?-u:\b)(?:{})(?-u:\b)", alts.join("|"))).expect("date grammar")
    })
}

/// A standalone month ("en juillet", "au mois de mai"): only after a preposition, so that
/// "mai" and "mars" inside other words or names are left alone.
fn lone_month() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(&format!(
            r"(?-u:\b)(?:en|depuis|mois de|mois d'|courant|des) ((?:{FULL_MONTHS}))(?-u:\b)"
        ))
        .expect("month grammar")
    })
}

/// Dates of statements ("a annoncé jeudi", "selon un communiqué publié lundi") say when
/// something was said, not when the event happened: the spec's DATE is the latter.
fn statement_date(folded_before: &str) -> bool {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(r"(?:annonce|indique|declare|affirme|precise|rapporte|publie|confirme|communique|fait savoir|dit|explique|assure|reconnu|revendique|deplore|souligne|ajoute|rappele|rappelle|selon)(?:e|es|s)?(?:,)?(?: (?:ce|le|dans la nuit de|dans la soiree de|dans la journee de|des|dès))?\s*$").expect("statement cue")
    })
    .is_match(folded_before)
}

/// Byte ranges (in the folded text) of date expressions.
pub fn find(folded: &str) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = grammar()
        .find_iter(folded)
        .map(|m| m.range())
        .filter(|r| {
            let from = crate::text::floor_char_boundary(folded, r.start.saturating_sub(40));
            !statement_date(&folded[from..r.start])
        })
        .collect();
    for c in lone_month().captures_iter(folded) {
        let r = c.get(1).expect("group").range();
        if !out.iter().any(|o| o.start < r.end && r.start < o.end) {
            out.push(r);
        }
    }
    out.sort_by_key(|r| r.start);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::fold;

    fn dates(text: &str) -> Vec<String> {
        let f = fold(text);
        find(&f).into_iter().map(|r| f[r].to_string()).collect()
    }

    #[test]
    fn finds_french_date_expressions_without_their_prepositions() {
        assert_eq!(
            dates("le jeudi 15 août 2024. Près de la localité"),
            vec!["jeudi 15 aout 2024"]
        );
        assert_eq!(
            dates("L'intensité s'est accrue entre le 4 et le 7 avril."),
            vec!["4 et le 7 avril"]
        );
        assert_eq!(
            dates("Des hommes armés ont attaqué mardi soir le poste"),
            vec!["mardi soir"]
        );
        assert_eq!(
            dates("dans la nuit de mercredi à jeudi, des hommes armés"),
            vec!["nuit de mercredi a jeudi"]
        );
        assert_eq!(dates("Début août, 42 soldats"), vec!["debut aout"]);
        assert_eq!(dates("En juillet, des groupes"), vec!["juillet"]);
        assert_eq!(dates("ce week-end, ils ont revendiqué"), vec!["week end"]);
        assert!(dates("Il a promis de maintenir la paix.").is_empty());
        assert_eq!(dates("Le lendemain, l'armée a riposté."), vec!["lendemain"]);
        // when it was said is not when it happened
        assert!(dates("a annoncé jeudi l'état-major").is_empty());
        assert!(dates("selon un communiqué publié lundi soir").is_empty());
    }
}
