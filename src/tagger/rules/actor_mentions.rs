//! Actor mention boundaries: a lexicon alias is what normalization needs, but the annotation
//! guide's mention is sometimes shorter or longer than the alias found in the text.
//!
//! - A descriptor before a name is left out: `force Barkhane` → `Barkhane`, `mercenaires de
//!   Wagner` → `Wagner`, when the name alone is an alias of the same actor.
//! - A name and its acronym in parentheses are two mentions: `Volontaires pour la défense de la
//!   patrie (VDP)` → `Volontaires pour la défense de la patrie`, `VDP`.
//! - A vehicle is not part of the mention: `hommes armés à moto` → `hommes armés`.
//! - A common-noun mention takes the gentilic or community adjective that follows it:
//!   `casques bleus` → `casques bleus guinéens`, `combattants` → `combattants peuls`.
//! - An allegiance word used as an adjective of a thing is no mention: `attaques terroristes`,
//!   `cibles jihadistes`, `mouvements non djihadistes`.
//! - A descriptive noun followed by a name is no mention: in `combattants du JNIM` and
//!   `jihadistes se réclamant du JNIM` only `JNIM` is (`is_member_noun_of`; the model's
//!   spans follow the same convention).
//! - A civilian group is an actor only where something happens to it: in a sentence that
//!   holds an event trigger or a count of the dead (`EventfulSentences`), for both taggers.

use crate::normalize::{ActorKind, resources};
use crate::text::{Sentence, fold, split_sentences};
use std::collections::HashSet;
use std::ops::Range;

/// The sentences of a text that hold an event trigger or a count of the dead. A civilian
/// group named elsewhere (« les attaques contre les civils sont devenues fréquentes ») is
/// background, which the guide does not mark.
pub struct EventfulSentences {
    sentences: Vec<Sentence>,
    eventful: HashSet<usize>,
}

impl EventfulSentences {
    /// `events`: the byte offsets where the tagger's EVENT and FATALITIES spans start.
    pub fn new(text: &str, events: impl IntoIterator<Item = usize>) -> Self {
        let sentences = split_sentences(text);
        let index = |b: usize| sentences.partition_point(|s| s.bytes.end <= b);
        let eventful = events.into_iter().map(index).collect();
        EventfulSentences {
            sentences,
            eventful,
        }
    }

    /// Whether the sentence around byte `at` is eventful.
    pub fn holds(&self, at: usize) -> bool {
        let i = self.sentences.partition_point(|s| s.bytes.end <= at);
        self.eventful.contains(&i)
    }
}

/// Adjectives (folded, singular masculine stem) that belong to the mention they follow.
const QUALIFIERS: &[&str] = &[
    // Gentilics.
    "malien",
    "burkinabe",
    "nigerien",
    "nigerian",
    "tchadien",
    "mauritanien",
    "guineen",
    "togolais",
    "senegalais",
    "ivoirien",
    "beninois",
    "algerien",
    "libyen",
    "francais",
    "americain",
    "russe",
    "europeen",
    "onusien",
    // Communities.
    "peul",
    "touareg",
    "dogon",
    "dozo",
    "zarma",
    "djerma",
    "bambara",
    "songhai",
    "arabe",
    "imghad",
    "daoussahak",
    // Allegiances.
    "jihadiste",
    "djihadiste",
    "islamiste",
    "terroriste",
    "separatiste",
    "loyaliste",
    "local",
    "signataire",
];

/// Adjusts the byte ranges of actor matches in `text` to the guide's mentions. Ranges may
/// end up overlapping (an extended `combattants jihadistes` covers the match `jihadistes`);
/// the tagger's overlap resolution keeps the longer one.
pub fn adjust(
    text: &str,
    matches: Vec<(Range<usize>, ActorKind)>,
) -> Vec<(Range<usize>, ActorKind)> {
    let mut out = Vec::with_capacity(matches.len());
    for (range, kind) in matches {
        if is_adjective_of_a_thing(text, &range) {
            continue;
        }
        let range = take_group_noun(text, range);
        let range = drop_descriptor(text, range);
        let range = drop_vehicle(text, range);
        match split_acronym(text, &range) {
            Some((name, acronym)) => {
                out.push((name, kind));
                out.push((acronym, kind));
            }
            None => out.push((take_qualifier(text, range), kind)),
        }
    }
    out
}

/// `force Barkhane` → `Barkhane`: lowercase words before a capitalised tail that the lexicon
/// resolves to the same actor as the whole match.
fn drop_descriptor(text: &str, range: Range<usize>) -> Range<usize> {
    let surface = &text[range.clone()];
    let Some(cap) = surface
        .char_indices()
        .find(|&(i, c)| c.is_uppercase() && (i == 0 || surface[..i].ends_with(' ')))
        .map(|(i, _)| i)
    else {
        return range;
    };
    let head = &surface[..cap];
    if cap == 0 || head.chars().any(char::is_uppercase) {
        return range;
    }
    let actors = &resources().actors;
    let whole = actors.resolve(surface);
    if whole.is_some() && actors.resolve(&surface[cap..]) == whole {
        range.start + cap..range.end
    } else {
        range
    }
}

fn drop_vehicle(text: &str, range: Range<usize>) -> Range<usize> {
    let surface = &text[range.clone()];
    for tail in [" à moto", " à motos", " en moto", " à bord de motos"] {
        if let Some(kept) = surface.strip_suffix(tail) {
            return range.start..range.start + kept.len();
        }
    }
    range
}

/// `Name (ACR)` → the name and the acronym, as two ranges.
fn split_acronym(text: &str, range: &Range<usize>) -> Option<(Range<usize>, Range<usize>)> {
    let surface = &text[range.clone()];
    let inner = surface.strip_suffix(')')?;
    let open = inner.rfind('(')?;
    let name = inner[..open].trim_end();
    let acronym = &inner[open + 1..];
    if name.is_empty() || acronym.trim().is_empty() || acronym.trim() != acronym {
        return None;
    }
    let start = range.start;
    Some((
        start..start + name.len(),
        start + open + 1..start + open + 1 + acronym.len(),
    ))
}

/// `casques bleus` + ` guinéens` → `casques bleus guinéens`: only after a mention that ends
/// in a lowercase word, so that names keep their own boundaries.
fn take_qualifier(text: &str, range: Range<usize>) -> Range<usize> {
    if !text[..range.end]
        .chars()
        .next_back()
        .is_some_and(char::is_lowercase)
    {
        return range;
    }
    let rest = &text[range.end..];
    let spaces = rest.len() - rest.trim_start_matches(' ').len();
    if spaces != 1 {
        return range;
    }
    let word_len = rest[spaces..]
        .find(|c: char| !c.is_alphabetic())
        .unwrap_or(rest.len() - spaces);
    let word = &rest[spaces..spaces + word_len];
    if word.chars().next().is_some_and(char::is_uppercase) || !is_qualifier(&fold(word)) {
        return range;
    }
    range.start..range.end + spaces + word_len
}

/// Nouns (folded) that an allegiance adjective describes without naming a party: the
/// attack, its target, the threat.
const THINGS: &[&str] = &[
    "attaque",
    "attaques",
    "attentat",
    "attentats",
    "cible",
    "cibles",
    "violence",
    "violences",
    "menace",
    "menaces",
    "activite",
    "activites",
    "acte",
    "actes",
    "insurrection",
    "blocus",
    "pression",
    "campement",
    "campements",
    "base",
    "bases",
    "non",
];

/// Drops the common-noun mentions that name the members of a group named right after them.
pub fn drop_member_nouns(text: &str, actors: &mut Vec<(Range<usize>, ActorKind)>) {
    let names: Vec<Range<usize>> = actors.iter().map(|(r, _)| r.clone()).collect();
    actors.retain(|(noun, _)| !names.iter().any(|name| is_member_noun_of(text, noun, name)));
}

/// Whether the mention `noun` is a common noun followed by `de`, `du`, `des` or `d'` (or
/// `se réclamant de`) and then the name `name`: `combattants du JNIM`, `miliciens de Dan Na
/// Ambassagou`, `soldats de la Force multinationale mixte`, `jihadistes se réclamant du JNIM`.
/// The guide marks the name only (`eval/GUIDELINES.md`, ACTOR span); in the gold, 170 of 179
/// such nouns before `de` are unmarked.
pub fn is_member_noun_of(text: &str, noun: &Range<usize>, name: &Range<usize>) -> bool {
    let starts = |r: &Range<usize>, upper: bool| {
        text[r.clone()].chars().next().is_some_and(|c| {
            if upper {
                c.is_uppercase()
            } else {
                c.is_lowercase()
            }
        })
    };
    if name.start < noun.end || !starts(noun, false) || !starts(name, true) {
        return false;
    }
    let between = fold(&text[noun.end..name.start]);
    let between = between.trim();
    let link = between.strip_prefix("se reclamant ").unwrap_or(between);
    // « de le », « de les »: machine-translated text does not always contract.
    ["de", "du", "des", "de la", "de l'", "d'", "de le", "de les"].contains(&link)
}

/// Words (folded) that open a mention of people: determiners, quantifiers, prepositions
/// and conjunctions (« des militaires », « plusieurs terroristes », « contre les
/// jihadistes »). Any other lowercase word before an allegiance word is a noun it describes.
const OPENERS: &[&str] = &[
    "des",
    "les",
    "de",
    "d",
    "du",
    "l",
    "le",
    "la",
    "un",
    "une",
    "aux",
    "au",
    "a",
    "ces",
    "ses",
    "leurs",
    "nos",
    "vos",
    "plusieurs",
    "quelques",
    "certains",
    "nombreux",
    "autres",
    "tous",
    "ex",
    "par",
    "sur",
    "contre",
    "et",
    "ou",
    "dont",
    "que",
    "entre",
    "avec",
    "pour",
    "selon",
    "mais",
    "chez",
    "aupres",
    "parmi",
    "ni",
    "y",
    "en",
    "sans",
    "deja",
    "anciens",
    "presumes",
];

/// Nouns (folded, singular) of armed people: an allegiance word after them belongs to the
/// mention (« cellules terroristes », « forces militaires apostates »).
const GROUP_NOUNS: &[&str] = &[
    "groupe",
    "detachement",
    "combattant",
    "element",
    "organisation",
    "allie",
    "faction",
    "cellule",
    "colonne",
    "force",
    "coalition",
    "patrouille",
    "escorte",
    "instructeur",
    "detenu",
    "arme",
    "unite",
    "katiba",
    "commando",
    "troupe",
    "individu",
    "homme",
    "bande",
    "mouvement",
];

/// `terroristes` + `cellules ` → `cellules terroristes`: an allegiance word after a noun of
/// armed people belongs to that noun's mention.
fn take_group_noun(text: &str, range: Range<usize>) -> Range<usize> {
    if !is_allegiance_word(&text[range.clone()]) {
        return range;
    }
    let Some(head) = text[..range.start].strip_suffix(' ') else {
        return range;
    };
    let start = head.rfind(|c: char| !c.is_alphabetic()).map_or(0, |i| {
        i + head[i..].chars().next().map_or(1, char::len_utf8)
    });
    let noun = fold(&head[start..]);
    let is_group =
        head[start..].chars().next().is_some_and(char::is_lowercase) && is_group_noun(&noun);
    if is_group { start..range.end } else { range }
}

/// Allegiance words (folded, singular) that are nouns and adjectives alike.
const ALLEGIANCES: &[&str] = &[
    "terroriste",
    "jihadiste",
    "djihadiste",
    "islamiste",
    "militaire",
];

/// Whether a word is an allegiance word, singular or plural.
fn is_allegiance_word(word: &str) -> bool {
    let word = fold(word);
    ALLEGIANCES.contains(&word.strip_suffix('s').unwrap_or(&word))
}

/// Whether a folded word is a noun of armed people, singular or plural.
fn is_group_noun(folded: &str) -> bool {
    GROUP_NOUNS.contains(&folded.strip_suffix('s').unwrap_or(folded))
}

/// `terroristes` in `attaques terroristes` or `militaires` in `sources militaires`: an
/// allegiance word right after a noun describes that noun. In the gold, nearly all such
/// words after a lowercase word that is no determiner, number, preposition or noun of armed
/// people are unmarked.
pub fn is_adjective_of_a_thing(text: &str, range: &Range<usize>) -> bool {
    if !is_allegiance_word(&text[range.clone()]) {
        return false;
    }
    // The last word before the match, folded (`non-djihadistes` → `non`); only the words
    // before it are folded, not the whole text up to it.
    let Some(raw) = text[..range.start].split_whitespace().next_back() else {
        return false;
    };
    let previous = fold(raw)
        .split_whitespace()
        .next_back()
        .map(String::from)
        .unwrap_or_default();
    if THINGS.contains(&previous.as_str()) {
        return true;
    }
    // Only a bare lowercase word glued by one space: no punctuation, names or numbers.
    text[..range.start].ends_with(&format!("{raw} "))
        && raw.chars().all(char::is_lowercase)
        && !OPENERS.contains(&previous.as_str())
        && !is_group_noun(&previous)
        && crate::normalize::count::parse_number(&previous).is_none()
}

/// Whether a folded word is one of the qualifiers, in any gender and number
/// (`maliennes`, `peuls`, `locales`, `locaux`).
fn is_qualifier(word: &str) -> bool {
    let stem = word.strip_suffix('s').unwrap_or(word);
    let stem = stem.strip_suffix('e').unwrap_or(stem);
    let stem = if stem.ends_with("nn") {
        &stem[..stem.len() - 1]
    } else {
        stem
    };
    let stem = if word == "locaux" { "local" } else { stem };
    QUALIFIERS
        .iter()
        .any(|q| *q == stem || *q == word || q.strip_suffix('e') == Some(stem))
}

#[cfg(test)]
mod tests {
    /// The ACTOR spans the rule tagger marks in `text`.
    fn mentions(text: &str) -> Vec<String> {
        use crate::document::{Document, Label};
        use crate::tagger::{RuleTagger, Tagger};
        RuleTagger::new()
            .tag(&Document::new("t", text))
            .unwrap()
            .spans
            .into_iter()
            .filter(|s| s.label == Label::Actor)
            .map(|s| s.text)
            .collect()
    }

    #[test]
    fn civilians_are_actors_only_where_something_happens_to_them() {
        assert_eq!(
            mentions(
                "La vie des habitants reste difficile. Des hommes armés ont tué six habitants à Boni."
            ),
            ["hommes armés", "habitants"]
        );
        let text = "La vie des habitants reste difficile.";
        let at = text.find("habitants").unwrap();
        assert!(!super::EventfulSentences::new(text, []).holds(at));
        assert!(super::EventfulSentences::new(text, [0]).holds(at));
    }

    #[test]
    fn a_descriptor_before_a_name_is_left_out() {
        assert_eq!(
            mentions("Les soldats de la force Barkhane ont quitté Gao."),
            ["soldats", "Barkhane"]
        );
        assert_eq!(
            mentions("l'armée et les mercenaires de Wagner ont été visés"),
            ["armée", "Wagner"]
        );
    }

    #[test]
    fn the_members_of_a_named_group_are_the_group() {
        assert_eq!(
            mentions(
                "Des combattants du JNIM ont attaqué le poste, puis les miliciens de Dan Na \
                 Ambassagou ont riposté contre des combattants et des hommes armés se \
                 réclamant de l'EIGS."
            ),
            ["JNIM", "Dan Na Ambassagou", "combattants", "EIGS"]
        );
        // A group named by a common noun keeps both mentions.
        assert_eq!(
            mentions("des soldats de l'armée malienne ont été tués"),
            ["soldats", "armée malienne"]
        );
    }

    #[test]
    fn a_name_and_its_acronym_are_two_mentions() {
        assert_eq!(
            mentions("des Volontaires pour la défense de la patrie (VDP) ont été tués"),
            ["Volontaires pour la défense de la patrie", "VDP"]
        );
    }

    #[test]
    fn an_allegiance_adjective_of_a_thing_is_no_mention() {
        assert_eq!(
            mentions(
                "Les attaques terroristes se sont multipliées ; l'aviation a frappé des cibles \
                 jihadistes. Les terroristes ont fui vers le nord."
            ),
            ["terroristes"]
        );
        // After any noun but one of armed people; after a determiner or a number it is one.
        assert_eq!(
            mentions(
                "De sources militaires, deux militaires ont été tués près du camp militaire, \
                 où des cellules terroristes sont actives."
            ),
            ["militaires", "cellules terroristes"]
        );
    }

    #[test]
    fn the_vehicle_is_not_part_of_the_mention() {
        assert_eq!(
            mentions("des hommes armés à moto ont ouvert le feu"),
            ["hommes armés"]
        );
    }

    #[test]
    fn a_common_noun_takes_the_gentilic_or_community_that_follows() {
        assert_eq!(
            mentions("trois casques bleus guinéens et des combattants peuls"),
            ["casques bleus guinéens", "combattants peuls"]
        );
        assert_eq!(
            mentions("des combattants jihadistes ont attaqué les troupes mauritaniennes"),
            ["combattants jihadistes", "troupes mauritaniennes"]
        );
        // A name keeps its boundary, and an adjective that is not a qualifier stays out.
        assert_eq!(mentions("le JNIM malien"), ["JNIM"]);
        assert_eq!(mentions("des combattants armés"), ["combattants"]);
    }
}
