//! When a place name in the text is a place mention, for the gazetteer names the rules find
//! and the LOC runs the model marks alike: the annotation guide marks a place only where the
//! text speaks of the place.
//!
//! - A name starts with a capital: « malien », « burkinabè », « dogon » are adjectives.
//! - A few gazetteer names are common words (« Est », « Sahel », « Centre »): places only
//!   after a descriptor (« région de l'Est »), some never.
//! - A name after a title or a first name is a person's: « le colonel Goïta », « le général
//!   Burkhardt », « Amadou Koufa ».
//! - A country or capital followed by a verb is its government acting (« Bamako dénonce »,
//!   « la France a confirmé »), not a place.
//! - A place that qualifies an envoy, a state body or a contingent names its state, not a
//!   place (« l'ambassadeur du Mali », « contingents du Niger », « ressortissants de Gao »).
//! - A name the gazetteer does not know is no place when it names a people (« Maliens »,
//!   « Peuls ») or is an acronym (« MISMA », « AES »): the model's runs mark them for the
//!   capital alone.

use crate::normalize::{Place, PlaceHint, PlaceKind, place::hint_before};
use crate::text::{floor_char_boundary, fold};
use regex::Regex;
use std::ops::Range;
use std::sync::OnceLock;

/// Gazetteer names that are also common French words or names of other things; they count
/// as places only after a descriptor ("région de l'Est") — and never at all when listed in
/// `NEVER_PLACES`.
const AMBIGUOUS_PLACES: &[&str] = &[
    "sahel",
    "est",
    "nord",
    "centre",
    "sud",
    "ouest",
    "centre nord",
    "centre est",
    "centre ouest",
    "centre sud",
    "plateau central",
    "cascades",
    "hauts bassins",
];
const NEVER_PLACES: &[&str] = &[
    "mission", "ecole", "union", "selon", "date", "gao gao", "ber", "tin", "in", "el", "la", "le",
    "les", "de", "des", "du", "a", "au", "et", "un", "une", "bon", "dar",
];

/// National capitals, which stand for their governments as often as countries do.
const CAPITALS: &[&str] = &[
    "bamako",
    "ouagadougou",
    "niamey",
    "n'djamena",
    "nouakchott",
    "alger",
    "paris",
    "moscou",
];

/// Words (folded) after which a name is a person's or an operation's: « le colonel Assimi
/// Goïta », « opération Almahaou ».
const TITLES: &[&str] = &[
    "general",
    "colonel",
    "lieutenant-colonel",
    "commandant",
    "capitaine",
    "lieutenant",
    "sergent",
    "caporal",
    "president",
    "ministre",
    "predicateur",
    "imam",
    "cheikh",
    "emir",
    "marabout",
    "prefet",
    "gouverneur",
    "maire",
    "depute",
    "m.",
    "mme",
    "operation",
];

/// Whether the name at `bytes` in `text` is a place mention. `places` are the gazetteer
/// entries the name can denote (none for a place the gazetteer does not know).
pub fn is_place_mention(text: &str, bytes: &Range<usize>, places: &[&Place]) -> bool {
    let surface = &text[bytes.clone()];
    let key = fold(surface);
    if !surface.chars().next().is_some_and(char::is_uppercase)
        || NEVER_PLACES.contains(&key.as_str())
    {
        return false;
    }
    if places.is_empty() && (names_a_people(&key) || is_acronym(surface)) {
        return false;
    }
    let before = &text[floor_char_boundary(text, bytes.start.saturating_sub(60))..bytes.start];
    // The tests below but the first read the words before folded.
    let folded_before = fold(before);
    if names_a_person(before) || qualifies_a_state_body(&folded_before) {
        return false;
    }
    if AMBIGUOUS_PLACES.contains(&key.as_str()) && hint_before(&folded_before) == PlaceHint::None {
        return false;
    }
    let after = &text[bytes.end..floor_char_boundary(text, (bytes.end + 40).min(text.len()))];
    let government = CAPITALS.contains(&key.as_str())
        || places
            .iter()
            .any(|p| p.kind == PlaceKind::Country || CAPITALS.contains(&fold(&p.name).as_str()));
    !(government && acts(&folded_before, after))
}

/// The (folded) words before the name end on a noun of a state's envoys, bodies, leaders or
/// troops and « de », perhaps through an enumeration (« l'ambassade de France », « les
/// contingents du Nigeria, du Niger »). The gold marks no place so placed.
fn qualifies_a_state_body(folded_before: &str) -> bool {
    static OF_A_STATE: OnceLock<Regex> = OnceLock::new();
    let pattern = OF_A_STATE.get_or_init(|| {
        const OF: &str = r"(?:du|des|de la|de l'|de|d')";
        Regex::new(&format!(
            r"\b(?:ambassades?|ambassadeurs?|consulats?|contingents?|ressortissants?|autorites|maitres|gouvernements?|presidente?|ministeres?|ministres?|regime|junte|chefs?|dirigeants|partenaires|allies|diplomatie)(?:\s{OF}\s?[^,.;:]{{1,30}}?(?:,| et))*\s{OF}\s?$"
        ))
        .expect("state body pattern")
    });
    pattern.is_match(folded_before)
}

/// Peoples named by their ethnic group (folded, singular and plural).
const PEOPLES: &[&str] = &[
    "peul",
    "peuls",
    "peulh",
    "peulhs",
    "touareg",
    "touaregs",
    "dogon",
    "dogons",
    "bambara",
    "bambaras",
    "songhai",
    "songhais",
    "haoussa",
    "haoussas",
    "mossi",
    "mossis",
    "arabe",
    "arabes",
    "bella",
    "bellas",
    "fulani",
    "kanouri",
    "kanouris",
    "daoussahak",
    "zarma",
    "zarmas",
    "djerma",
    "djermas",
];

/// A folded name of people: an ethnic group, or a demonym in the plural (« Maliens »,
/// « Nigériennes », « Niamois »), which no Sahel place name ends like (of the gazetteer's
/// names, only an Algerian « Rabelais » does, and the gazetteer's names are not asked).
fn names_a_people(key: &str) -> bool {
    const DEMONYM_ENDINGS: &[&str] = &[
        "iens", "iennes", "ains", "aines", "ais", "aises", "ois", "oises",
    ];
    PEOPLES.contains(&key)
        || !key.contains(' ')
            && DEMONYM_ENDINGS
                .iter()
                .any(|e| key.len() > e.len() + 2 && key.ends_with(e))
}

/// Two to eight capitals and nothing else: an organisation's acronym when no place bears it.
fn is_acronym(surface: &str) -> bool {
    (2..=8).contains(&surface.chars().count()) && surface.chars().all(|c| c.is_uppercase())
}

/// A title just before the name, or a capitalised word inside a sentence (a first name:
/// « d'Iyad Ag Ghaly »). At a sentence start the capital says nothing (« À Gao », « Le
/// Mali »), nor after a comma (« Kidal, Gao »).
fn names_a_person(before: &str) -> bool {
    let Some(head) = before.strip_suffix(' ') else {
        return false;
    };
    let word_start = head
        .rfind(|c: char| c.is_whitespace() || c == '\'' || c == '’' || c == '(')
        .map_or(0, |i| {
            i + head[i..].chars().next().map_or(1, char::len_utf8)
        });
    let word = &head[word_start..];
    let folded = fold(word);
    // « premier ministre » ends on « ministre ».
    if TITLES.contains(&folded.as_str()) {
        return true;
    }
    let capitalised = word.chars().next().is_some_and(char::is_uppercase)
        && word.chars().all(|c| c.is_alphabetic() || c == '-');
    let rest = head[..word_start].trim_end_matches(['\'', '’']);
    let sentence_start = rest.trim_end().is_empty()
        || rest.ends_with(['\n'])
        || rest
            .trim_end()
            .ends_with(['.', '!', '?', ':', '«', '"', '—', '–', '-', '|', '(']);
    // Capitalised function words open headlines too (« TRIBUNE | La Mauritanie »).
    capitalised && !sentence_start && !is_function_word(&folded)
}

fn is_function_word(folded: &str) -> bool {
    matches!(
        folded,
        "a" | "au"
            | "aux"
            | "le"
            | "la"
            | "les"
            | "l"
            | "de"
            | "du"
            | "des"
            | "en"
            | "entre"
            | "apres"
            | "avant"
            | "depuis"
            | "vers"
            | "pres"
            | "dans"
            | "sur"
            | "et"
            | "ou"
    )
}

/// The name is the subject of a verb of its own: its government acting. A name after a
/// preposition is a complement (« venus du Mali ont franchi »), and a country that « a
/// connu » or « a été frappé » suffered something where it lies. `folded_before`: the words
/// before the name, folded; `after`: those after it, as written.
fn acts(folded_before: &str, after: &str) -> bool {
    static AUX: OnceLock<Regex> = OnceLock::new();
    static VERB: OnceLock<Regex> = OnceLock::new();
    static SUFFERS: OnceLock<Regex> = OnceLock::new();
    // « La France et le Mali ont rejeté »: the verb may follow a second subject.
    const AND_ANOTHER: &str = r"^\s*(?:et (?:le |la |l')\s*\S+\s+)?";
    let aux = AUX.get_or_init(|| {
        Regex::new(&format!(
            r"{AND_ANOTHER}(?:a|ont|avait|avaient|aurait|n'a|n'ont|n'avait|n'avaient|ne|n'|se|s'est|s'etait)\s"
        ))
        .expect("auxiliary pattern")
    });
    let verb = VERB.get_or_init(|| {
        Regex::new(&format!(
            r"{AND_ANOTHER}(?:denonce|accuse|rejette|reclame|demande|affirme|estime|condamne|assure|annonce|refuse|exige|doit |veut |peut |pourra |entend |soutient|dement|reconnait|appelle|menace|juge|considere)"
        ))
        .expect("agent verb pattern")
    });
    let suffers = SUFFERS
        .get_or_init(|| Regex::new(r"^\s*(?:\S+\s+)?(?:ete|connu)\b").expect("experience pattern"));
    // « à » folds to « a »: « Niamey à l'armée » has no verb.
    if after.trim_start().starts_with(['à', 'À']) || after_preposition(folded_before) {
        return false;
    }
    let folded = fold(after);
    match aux.find(&folded) {
        Some(m) => !suffers.is_match(&folded[m.end()..]),
        None => verb.is_match(&folded),
    }
}

/// Whether the (folded) words before a name end with a preposition, an article after it
/// allowed (« de l'Algérie », « au », « venus du »).
fn after_preposition(folded_before: &str) -> bool {
    let mut rest = folded_before.trim_end();
    for article in ["l'", "le", "la", "les"] {
        if let Some(r) = rest.strip_suffix(article)
            && (r.is_empty() || r.ends_with([' ', '\'']))
        {
            rest = r.trim_end();
            break;
        }
    }
    if rest.ends_with("d'") {
        return true;
    }
    let last = rest.rsplit([' ', '\n']).next().unwrap_or("");
    matches!(
        last,
        "de" | "du"
            | "des"
            | "a"
            | "au"
            | "aux"
            | "en"
            | "vers"
            | "pour"
            | "avec"
            | "sur"
            | "dans"
            | "par"
            | "entre"
            | "contre"
            | "chez"
            | "depuis"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::resources;

    fn mention(text: &str, name: &str) -> bool {
        let start = text.find(name).expect("name in text");
        let g = &resources().gazetteer;
        let places: Vec<&Place> = g.candidates(name).iter().map(|&i| g.get(i)).collect();
        is_place_mention(text, &(start..start + name.len()), &places)
    }

    #[test]
    fn places_where_the_text_speaks_of_places() {
        for (text, name) in [
            ("Des hommes armés ont attaqué Boni samedi.", "Boni"),
            ("À Gao, le marché a rouvert.", "Gao"),
            ("Le Mali compte des milliers de déplacés à Mopti.", "Mopti"),
            ("Des combats à Kidal, Gao et Ménaka.", "Gao"),
            (
                "Les attaques se multiplient dans la région de l'Est.",
                "Est",
            ),
            ("Deux soldats tués au Mali lundi.", "Mali"),
            (
                "le chef du village a été tué au Niger, près de Téra",
                "Niger",
            ),
            ("les autorités ont fui Kidal, puis Gao", "Gao"),
            // A dateline in capitals is the place the gazetteer knows.
            ("NIAMEY, 3 mars (AFP) — Le bilan s'alourdit.", "NIAMEY"),
            // A village the gazetteer lacks is the model's to find.
            ("Des hommes armés ont attaqué Intazayene.", "Intazayene"),
            // Complements and sufferers are places.
            ("Des hommes venus du Mali ont franchi la frontière.", "Mali"),
            (
                "Des manifestants ont défilé à Bamako à l'appel du M5.",
                "Bamako",
            ),
            (
                "La Mauritanie n'a plus connu d'attaque depuis 2011.",
                "Mauritanie",
            ),
            ("Le Tchad a déjà été frappé à deux reprises.", "Tchad"),
        ] {
            assert!(mention(text, name), "{name} in « {text} »");
        }
    }

    #[test]
    fn adjectives_people_and_governments_are_not_places() {
        for (text, name) in [
            ("près de la frontière burkinabè", "burkinabè"),
            ("Le colonel Goïta a reçu les chefs.", "Goïta"),
            ("selon le général Burkhardt, chef d'état-major", "Burkhardt"),
            ("le groupe d'Iyad Ag Ghaly accuse son rival", "Ag Ghaly"),
            (
                "Sur le théâtre Est, opération Damissa a neutralisé",
                "Damissa",
            ),
            ("Bamako ne peut plus compter sur ses alliés.", "Bamako"),
            ("Le Mali a maintenant un choix à faire.", "Mali"),
            (
                "La France et le Mali ont tous deux rejeté ces accusations.",
                "Mali",
            ),
            (
                "Aguelhok : Bamako dénonce des « exécutions sommaires »",
                "Bamako",
            ),
            ("L'attaque vise le Nord, dit-on.", "Nord"),
            (
                "selon le Premier ministre Zeine, la situation est calme",
                "Zeine",
            ),
            // Peoples, and acronyms no place bears.
            ("la paix et la réconciliation entre Maliens.", "Maliens"),
            (
                "quand sept Mauritaniennes avaient été tuées",
                "Mauritaniennes",
            ),
            ("assimiler l'ensemble des Peuls aux jihadistes", "Peuls"),
            ("rejoints par des soldats tchadiens de la MISMA.", "MISMA"),
            // The state an envoy or a contingent comes from.
            (
                "a convoqué mardi l'ambassadeur du Mali à Nouakchott",
                "Mali",
            ),
            ("l'ambassade de France a été visée", "France"),
            ("des contingents du Nigeria, du Niger et du Tchad", "Niger"),
            ("des contingents du Nigeria, du Niger et du Tchad", "Tchad"),
            (
                "une cinquantaine de ressortissants de Gao ont manifesté",
                "Gao",
            ),
        ] {
            assert!(!mention(text, name), "{name} in « {text} »");
        }
    }
}
