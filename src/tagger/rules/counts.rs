//! The FATALITIES grammar: a count (digits, number words, approximations, vague quantities)
//! that the sentence ties to deaths — "42 soldats ont été tués", "a coûté la vie à au moins
//! quinze", "un gendarme et quatorze éléments … ont perdu la vie" — and not to the wounded,
//! the missing or the kidnapped. Works on folded text.

use crate::text::floor_char_boundary;
use regex::Regex;
use std::ops::Range;
use std::sync::OnceLock;

const NUMBER_WORDS: &str = "un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze|quinze|seize|vingt|vingts|trente|quarante|cinquante|soixante|cent|cents|mille";

fn count_pattern() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        // An elided bound sticks to its number (« plus d'une centaine »).
        let bound = r"(?:(?:au moins|au minimum|pas moins de|plus de|pres de|environ|quelque|autour de|jusqu'a|une estimation de) |(?:pas moins|plus|pres) d')?";
        let num = format!(r"(?:\d{{1,3}}(?:[ .]\d{{3}})+|\d+|(?:{NUMBER_WORDS})(?:(?: et | |-)(?:{NUMBER_WORDS}))*)");
        let approx = r"(?:une (?:dizaine|douzaine|quinzaine|vingtaine|trentaine|quarantaine|cinquantaine|soixantaine|centaine)|(?:des|plusieurs|quelques) (?:dizaines|centaines)|un millier|des milliers)";
        let vague = r"(?:un nombre (?:important|tres eleve|eleve|indetermine|inconnu)|un grand nombre|de nombreux|de nombreuses|de lourdes pertes)";
        Regex::new(&format!(r"(?-u:\b)(?:{vague}|{bound}(?:{approx}|{num}))(?-u:\b)")).expect("count grammar")
    })
}

fn left_cue() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(r"(?:coute la vie a|coute la vie d'|coute la vie aux?|tue|tuant|tuent|tuer|faisant|fait|la mort de|la mort d'|mort de|deces de|perdu|pertes? de|bilan(?: \w+)? (?:de|est de|s'eleve a|fait etat de|:)|morts? :|a ete de|fauche|emporte|neutralise|neutralises|neutralisant|abattu|abattant|abattus|execute|executes|massacre|massacres|assassine|assassines|a tue|ont tue|mis hors de combat|deplorons|deplore|deplorent|evoque|parle de|parle d')\s*$").expect("left cue")
    })
}

/// Words (folded) after a count that tie it to deaths.
const KILLED: &[&str] = &[
    "tue",
    "tues",
    "tuee",
    "tuees",
    "mort",
    "morts",
    "mortes",
    "abattu",
    "abattus",
    "neutralise",
    "neutralises",
    "execute",
    "executes",
    "executees",
    "massacre",
    "massacres",
    "massacrees",
    "assassine",
    "assassines",
    "egorge",
    "egorges",
    "peri",
    "decede",
    "decedes",
    "victimes",
    "cadavres",
    "tombes",
    "carbonises",
    "vie",
    "mort",
];
/// Words after a count that tie it to something else: stop.
const NOT_KILLED: &[&str] = &[
    "blesse",
    "blesses",
    "blessee",
    "blessees",
    "disparus",
    "disparu",
    "enleves",
    "enlevees",
    "enleve",
    "otages",
    "arretes",
    "interpelles",
    "captures",
    "vehicules",
    "vehicule",
    "motos",
    "km",
    "kilometres",
    "ans",
    "jours",
    "heures",
    "mois",
    "semaines",
    "familles",
    "deplaces",
    "refugies",
    "pick",
    "armes",
    "fusils",
    "ecoles",
    "villages",
    "maisons",
    "localites",
    "rescapes",
    "survivants",
    "libere",
    "liberes",
    "ont ete liberes",
    "prisonniers",
    // what raids carry off or fire: « emporté plus de cent têtes de bétail », « six obus »
    "tetes",
    "betail",
    "obus",
    "roquettes",
    "bombes",
];
/// After "un"/"une", the count must name a person to be a count at all.
const PERSON_NOUNS: &[&str] = &[
    "soldat",
    "militaire",
    "gendarme",
    "policier",
    "garde",
    "civil",
    "villageois",
    "enseignant",
    "chef",
    "elu",
    "douanier",
    "berger",
    "commercant",
    "casque",
    "homme",
    "femme",
    "enfant",
    "officier",
    "sous officier",
    "volontaire",
    "vdp",
    "membre",
    "element",
    "agent",
    "jihadiste",
    "djihadiste",
    "terroriste",
    "assaillant",
    "fidele",
    "imam",
    "conducteur",
    "chauffeur",
    "passager",
    "orpailleur",
    "eleve",
    "pretre",
    "humanitaire",
    "supplétif",
    "suppletif",
    "combattant",
];

/// Byte ranges (in the folded text) of counts of the dead.
pub fn find(folded: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for m in count_pattern().find_iter(folded) {
        let r = m.range();
        let count = &folded[r.clone()];
        // Quotes around a claimed figure (ont tué « plus de 40 » soldats) do not cut the clause.
        let before = unquote(clause_before(folded, r.start));
        let after = unquote(&clause_after(folded, r.end));
        let (before, after) = (before.as_str(), after.as_str());
        if before.trim_end().ends_with("dont") {
            continue; // "dont trois officiers": a subset of a count already taken
        }
        let strong_left = strong_left_cue().is_match(before);
        if matches!(count, "un" | "une") {
            let next = after.split_whitespace().next().unwrap_or("");
            let person = PERSON_NOUNS.iter().any(|p| next.starts_with(p));
            let of_them = after.trim_start().starts_with("de ses ")
                || after.trim_start().starts_with("de leurs ");
            if !(person || of_them || strong_left) {
                continue;
            }
        }
        if is_date_or_measure(after) {
            continue;
        }
        if right_says_killed(after) || (left_cue().is_match(before) && !right_says_other(after)) {
            out.push(r);
        }
    }
    out
}

fn unquote(s: &str) -> String {
    s.replace(['«', '»', '"', '“', '”'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        + if s.ends_with(char::is_whitespace) || s.ends_with(['«', '"', '“']) {
            " "
        } else {
            ""
        }
}

/// Cues after which even "un" is a count of the dead ("la mort d'un pilote").
fn strong_left_cue() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| Regex::new(r"(?:la mort d'|la mort de|coute la vie a|coute la vie aux?|deces d'|deces de|perdu)\s*$").expect("strong cue"))
}

/// The clause before a count. An opening quote cuts it, unless it opens on the count itself
/// (« la mort de « plus de 100 » soldats »: a quoted figure, not quoted speech).
fn clause_before(folded: &str, at: usize) -> &str {
    let quote_on_count = folded[..at].trim_end().len();
    let start = folded[..at]
        .char_indices()
        .rev()
        .find(|&(i, c)| {
            matches!(c, '.' | ';' | '!' | '?' | '\n' | '(')
                || (c == '«' && i + c.len_utf8() != quote_on_count)
        })
        .map_or(0, |(i, c)| i + c.len_utf8());
    let start = start.max(floor_char_boundary(folded, at.saturating_sub(60)));
    &folded[start..at]
}

/// The rest of the clause after a count, through a ", dont …," aside.
fn clause_after(folded: &str, at: usize) -> String {
    let rest = &folded[at..floor_char_boundary(folded, (at + 160).min(folded.len()))];
    let stops = ['.', ';', '!', '?', '\n', ',', ':', ')'];
    let end = rest.find(stops).unwrap_or(rest.len());
    if rest[end..].starts_with(", dont ") {
        let aside_end = rest[end + 1..]
            .find(stops)
            .map_or(rest.len(), |i| end + 1 + i);
        if rest[aside_end..].starts_with(',') {
            let tail = &rest[aside_end + 1..];
            let tail_end = tail.find(stops).unwrap_or(tail.len());
            return format!("{} {}", &rest[..end], &tail[..tail_end]);
        }
    }
    rest[..end].to_string()
}

fn is_date_or_measure(after: &str) -> bool {
    let first = after.split_whitespace().next().unwrap_or("");
    matches!(
        first,
        "janvier"
            | "fevrier"
            | "mars"
            | "avril"
            | "mai"
            | "juin"
            | "juillet"
            | "aout"
            | "septembre"
            | "octobre"
            | "novembre"
            | "decembre"
            | "km"
            | "%"
            | "heures"
            | "h"
            | "ans"
            | "fcfa"
            | "francs"
            | "dollars"
            | "euros"
    )
}

/// Looks up to a dozen words ahead for a death word, through per-side lists ("un gendarme et
/// quatorze éléments … ont perdu la vie"), stopping at wounded/missing words.
fn right_says_killed(after: &str) -> bool {
    let words: Vec<&str> = after.split_whitespace().collect();
    for (i, w) in words.iter().enumerate().take(14) {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        if NOT_KILLED.contains(&w) {
            return false;
        }
        if KILLED.contains(&w) {
            // "vie" only in "perdu la vie"; "mort" not in "mort-nés"
            return w != "vie"
                || (i >= 2 && words[i - 2].ends_with("perdu"))
                || (i >= 1 && words[i - 1] == "la" && i >= 2 && words[i - 2] == "perdu");
        }
        if w == "trouve" && words.get(i + 2).is_some_and(|n| n.starts_with("mort")) {
            return true;
        }
    }
    false
}

fn right_says_other(after: &str) -> bool {
    after
        .split_whitespace()
        .take(4)
        .any(|w| NOT_KILLED.contains(&w.trim_matches(|c: char| !c.is_alphanumeric())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::fold;

    fn counts(text: &str) -> Vec<String> {
        let f = fold(text);
        find(&f).into_iter().map(|r| f[r].to_string()).collect()
    }

    #[test]
    fn finds_counts_tied_to_deaths() {
        assert_eq!(
            counts("une embuscade a coûté la vie à au moins quinze membres des forces"),
            vec!["au moins quinze"]
        );
        assert_eq!(
            counts("un gendarme et quatorze éléments de la Garde nationale ont perdu la vie"),
            vec!["un", "quatorze"]
        );
        assert_eq!(
            counts("Début août, 42 soldats maliens ont été tués dans une attaque"),
            vec!["42"]
        );
        assert_eq!(
            counts("qu’elle avait entraîné la mort d’une trentaine de djihadistes"),
            vec!["une trentaine"]
        );
        assert_eq!(
            counts("avoir perdu un nombre important des soldats"),
            vec!["un nombre important"]
        );
        assert_eq!(
            counts("L'attaque a fait 12 morts et 30 blessés."),
            vec!["12"]
        );
        assert_eq!(
            counts(
                "Une frappe a touché un rassemblement, neutralisant une dizaine de combattants."
            ),
            vec!["une dizaine"]
        );
        // an elided bound sticks to its number
        assert_eq!(
            counts("Le JNIM revendique la mort de « plus d'une centaine » de soldats."),
            vec!["plus d'une centaine"]
        );
    }

    #[test]
    fn ignores_wounded_missing_dates_and_other_numbers() {
        assert!(
            counts("plusieurs militaires ont été blessés, et d'autres sont portés disparus")
                .is_empty()
        );
        assert!(counts("Le 15 août, un convoi de 30 véhicules a quitté Gao.").is_empty());
        assert!(counts("La milice compte désormais 1 000 combattants dans le pays.").is_empty());
        assert!(counts("Dix personnes ont été enlevées.").is_empty());
        assert!(counts("Les assaillants ont emporté plus de cent têtes de bétail.").is_empty());
        // a "dont" aside is skipped, and its subset count is not a second count
        assert_eq!(
            counts("Douze soldats, dont trois officiers, ont été tués"),
            vec!["douze"]
        );
    }
}
