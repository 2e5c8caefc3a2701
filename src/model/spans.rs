//! From the token runs the decoder marks to the spans the annotation guide asks for: cut at
//! line breaks, trimmed to letters and digits, without a leading article or preposition or a
//! dangling one at the end (« de 47 » → « 47 », « une dizaine de » → « une dizaine »), and
//! nothing inside boilerplate (tags, breadcrumbs, datelines) or a web address (« a appris
//! Lefaso.net »: a news site, not a place), which the guide never marks.
//! Actor mentions follow the rule layer's convention that a descriptive noun followed by a
//! name is no mention (« combattants du JNIM » → « JNIM »).

use crate::document::{Document, Label, Span};
use crate::normalize::resources;
use crate::tagger::rules::actor_mentions::{is_adjective_of_a_thing, is_member_noun_of};
use crate::tagger::rules::place_mentions::is_place_mention;
use crate::tagger::rules::trigger_mentions::is_trigger_mention;
use crate::text::Boilerplate;

/// Articles, prepositions and conjunctions: never the first or last word of a gold span,
/// with the exceptions in `may_lead` and `may_end`.
const FUNCTION_WORDS: &[&str] = &[
    "de", "d", "du", "des", "le", "la", "les", "l", "à", "au", "aux", "par", "en", "dans", "sur",
    "pour", "contre", "avec", "et", "ou", "un", "une",
];

/// Counts open with their bound or approximation (« au moins dix », « des dizaines »,
/// « une trentaine », « un »).
fn may_lead(label: Label, word: &str) -> bool {
    label == Label::Fatalities && matches!(word, "au" | "des" | "un" | "une")
}

/// A trigger's verb phrase may end on its preposition (« sauté sur »); a count may end on
/// « un » (« plus d'un »).
fn may_end(label: Label, word: &str) -> bool {
    word == "sur" || label == Label::Fatalities && matches!(word, "un" | "une")
}

/// The spans of one document from `(label, first token, last token)` runs, each with the
/// token range it came from. `offsets` are the tokens' character ranges.
pub fn clean_spans(
    doc: &Document,
    runs: Vec<(Label, usize, usize)>,
    offsets: &[(usize, usize)],
) -> Vec<(Span, (usize, usize))> {
    let boilerplate = Boilerplate::find(&doc.text);
    let mut out = Vec::new();
    for (label, first, last) in split_at_line_breaks(runs, offsets, doc) {
        let Some(mut span) = char_span(doc, label, offsets[first].0, offsets[last].1) else {
            continue;
        };
        let bytes = doc.offsets.to_byte_range(span.start..span.end);
        let kept = match span.label {
            Label::Loc => match place_or_actor(doc, &bytes) {
                Some(label) => {
                    span.label = label;
                    true
                }
                None => false,
            },
            Label::Actor => !is_adjective_of_a_thing(&doc.text, &bytes),
            Label::Event => is_trigger_mention(&doc.text, &bytes),
            _ => true,
        };
        if kept && !boilerplate.covers(&bytes) {
            out.push((span, (first, last)));
        }
    }
    // A member noun is dropped when the next actor span is the group it belongs to.
    let bytes = |s: &Span| doc.offsets.to_byte_range(s.start..s.end);
    let keep: Vec<bool> = (0..out.len())
        .map(|i| {
            let span = &out[i].0;
            let next_actor = out[i + 1..]
                .iter()
                .map(|(s, _)| s)
                .find(|s| s.label == Label::Actor);
            span.label != Label::Actor
                || !next_actor
                    .is_some_and(|name| is_member_noun_of(&doc.text, &bytes(span), &bytes(name)))
        })
        .collect();
    let mut keep = keep.into_iter();
    out.retain(|_| keep.next().unwrap_or(true));
    out
}

/// What a LOC run is: a place when it passes the rule layer's test of a place mention, with
/// every gazetteer place the name can denote; an actor when the actor lexicon knows the name
/// and the gazetteer does not (« Daech »: the model took a group for a place); else nothing.
fn place_or_actor(doc: &Document, bytes: &std::ops::Range<usize>) -> Option<Label> {
    let r = resources();
    let name = &doc.text[bytes.clone()];
    let candidates = r.gazetteer.candidates(name);
    if candidates.is_empty() && r.actors.exact(name).is_some() {
        return Some(Label::Actor);
    }
    let places: Vec<_> = candidates.iter().map(|&i| r.gazetteer.get(i)).collect();
    is_place_mention(&doc.text, bytes, &places).then_some(Label::Loc)
}

/// Splits runs that cross a line break: no entity spans two lines, but the token head may
/// carry a place on from a headline into the dateline under it (« Maradi ⏎ MARADI »).
fn split_at_line_breaks(
    runs: Vec<(Label, usize, usize)>,
    offsets: &[(usize, usize)],
    doc: &Document,
) -> Vec<(Label, usize, usize)> {
    let mut out = Vec::with_capacity(runs.len());
    for (label, first, last) in runs {
        let mut start = first;
        for t in first + 1..=last {
            let gap_start = offsets[t - 1].1.min(offsets[t].0);
            let mut leading = doc
                .slice(offsets[t].0, offsets[t].1.max(offsets[t].0))
                .chars()
                .take_while(|c| c.is_whitespace());
            if doc.slice(gap_start, offsets[t].0).contains('\n') || leading.any(|c| c == '\n') {
                out.push((label, start, t - 1));
                start = t;
            }
        }
        out.push((label, start, last));
    }
    out
}

/// A span from character offsets, trimmed of surrounding spaces and punctuation that token
/// boundaries carry (the "▁" of sentence-piece tokens, a comma glued to a date) and of edge
/// function words. Spans start and end on a letter or digit, as in the gold; a closing
/// parenthesis stays when the span opened one (« treize (13) »). `None` when nothing is left.
pub fn char_span(doc: &Document, label: Label, start: usize, end: usize) -> Option<Span> {
    let end = end.min(doc.offsets.char_len());
    let (mut s, mut e) = trim_to_alphanumeric(doc, start, end)?;
    loop {
        let text = doc.slice(s, e);
        let words = words(text);
        if words.len() < 2 {
            // A lone article or preposition is no entity; a lone « un » is a count.
            let lone = words.first().map(|w| w.2.as_str());
            let count = |w: &str| label == Label::Fatalities && matches!(w, "un" | "une");
            if lone.is_some_and(|w| FUNCTION_WORDS.contains(&w) && !count(w)) {
                return None;
            }
            break;
        }
        let (first, last) = (&words[0], &words[words.len() - 1]);
        let (ns, ne) = if FUNCTION_WORDS.contains(&first.2.as_str()) && !may_lead(label, &first.2) {
            (s + words[1].0, e)
        } else if FUNCTION_WORDS.contains(&last.2.as_str()) && !may_end(label, &last.2) {
            (s, s + words[words.len() - 2].1)
        } else {
            break;
        };
        (s, e) = trim_to_alphanumeric(doc, ns, ne)?;
    }
    if label == Label::Fatalities {
        s = with_approximation_determiner(doc, s, e);
    }
    Some(Span {
        label,
        start: s,
        end: e,
        text: doc.slice(s, e).to_string(),
        norm: None,
    })
}

/// A count that opens on an approximation (« dizaines », « vingtaine », « milliers ») starts
/// at the determiner before it, as 170 of the 172 such counts in the gold do (« des
/// dizaines », « une vingtaine », « plusieurs centaines »); the token head often leaves it
/// out.
fn with_approximation_determiner(doc: &Document, start: usize, end: usize) -> usize {
    const DETERMINERS: &[&str] = &["une", "des", "plusieurs", "quelques"];
    let first = words(doc.slice(start, end)).into_iter().next();
    let approximation = first.is_some_and(|(_, _, w)| {
        w.ends_with("aine") || w.ends_with("aines") || w.starts_with("millier")
    });
    let before = doc.slice(start.saturating_sub(10), start);
    let Some(head) = before.strip_suffix(' ') else {
        return start;
    };
    let word = head.rsplit([' ', '\'', '’', '\n']).next().unwrap_or("");
    if approximation && DETERMINERS.contains(&word.to_lowercase().as_str()) {
        start - 1 - word.chars().count()
    } else {
        start
    }
}

fn trim_to_alphanumeric(doc: &Document, start: usize, end: usize) -> Option<(usize, usize)> {
    if start >= end {
        return None;
    }
    let text = doc.slice(start, end);
    let lead = text.chars().take_while(|c| !c.is_alphanumeric()).count();
    let keep_paren = text.chars().skip(lead).any(|c| c == '(');
    let trail = text
        .chars()
        .rev()
        .take_while(|c| !(c.is_alphanumeric() || keep_paren && *c == ')'))
        .count();
    let (s, e) = (start + lead, end - trail);
    (s < e).then_some((s, e))
}

/// The words of `text` as (start, end, lowercase) in characters; an elided article is a word
/// of its own (« l'armée » → « l », « armée »).
fn words(text: &str) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for (i, c) in text.chars().enumerate() {
        if c.is_whitespace() || c == '\'' || c == '’' {
            if let Some((start, w)) = current.take() {
                out.push((start, i, w));
            }
        } else {
            let entry = current.get_or_insert_with(|| (i, String::new()));
            entry.1.extend(c.to_lowercase());
        }
    }
    if let Some((start, w)) = current {
        out.push((start, text.chars().count(), w));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(doc: &Document, s: &str) -> (usize, usize) {
        let b = doc.text.find(s).unwrap();
        let start = doc.text[..b].chars().count();
        (start, start + s.chars().count())
    }

    #[test]
    fn spans_are_trimmed_to_letters_and_digits_but_keep_a_parenthesised_count() {
        let doc = Document::new(
            "x",
            "Le 4 juin 2005, « treize (13) » soldats, vingt-trois (23) autres.",
        );
        // A sentence-piece token carries its leading space; the date's comma is glued on.
        let (s, e) = chars(&doc, " 4 juin 2005,");
        assert_eq!(
            char_span(&doc, Label::Date, s, e).unwrap().text,
            "4 juin 2005"
        );
        let (s, e) = chars(&doc, "« treize (13) »");
        assert_eq!(
            char_span(&doc, Label::Fatalities, s, e).unwrap().text,
            "treize (13)"
        );
        // Only the closing half of a parenthesis: the count alone.
        let (s, e) = chars(&doc, "(23)");
        assert_eq!(char_span(&doc, Label::Fatalities, s, e).unwrap().text, "23");
        let (s, e) = chars(&doc, "« ");
        assert!(char_span(&doc, Label::Actor, s, e).is_none());
    }

    #[test]
    fn edge_articles_and_prepositions_go_but_a_count_keeps_its_bound() {
        let doc = Document::new(
            "x",
            "Un bilan de 47 morts, une dizaine de blessés, au moins trente civils, des dizaines \
             de victimes, l'armée de l'air et la garde, un groupe de personnes, plusieurs \
             centaines de morts.",
        );
        let cases = [
            (Label::Fatalities, "de 47", Some("47")),
            (Label::Fatalities, "une dizaine de", Some("une dizaine")),
            (
                Label::Fatalities,
                "au moins trente",
                Some("au moins trente"),
            ),
            (Label::Fatalities, "des dizaines", Some("des dizaines")),
            // An approximation takes its determiner, which the run left out.
            (Label::Fatalities, "dizaine", Some("une dizaine")),
            (Label::Fatalities, "centaines", Some("plusieurs centaines")),
            (Label::Fatalities, "trente", Some("trente")),
            (Label::Actor, "l'armée de l'air et", Some("armée de l'air")),
            (Label::Actor, "la garde", Some("garde")),
            (Label::Fatalities, "Un", Some("Un")),
            (Label::Fatalities, "de", None),
            (Label::Fatalities, "au", None),
            (Label::Actor, "des", None),
        ];
        for (label, surface, want) in cases {
            let (s, e) = chars(&doc, surface);
            let got = char_span(&doc, label, s, e).map(|sp| sp.text);
            assert_eq!(got.as_deref(), want, "{surface}");
        }
    }

    /// One token per word, as character ranges.
    fn word_tokens(text: &str) -> Vec<(usize, usize)> {
        let mut offsets = Vec::new();
        let mut start = None;
        for (i, c) in text.chars().chain([' ']).enumerate() {
            match (c.is_alphanumeric(), start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    offsets.push((s, i));
                    start = None;
                }
                _ => {}
            }
        }
        offsets
    }

    #[test]
    fn the_members_of_a_named_group_are_the_group() {
        let text = "Des combattants du JNIM ont attaqué des soldats de l'armée malienne.";
        let doc = Document::new("x", text);
        let offsets = word_tokens(text);
        let actor = |w: &str| {
            let i = offsets
                .iter()
                .position(|(a, b)| doc.slice(*a, *b) == w)
                .unwrap();
            (Label::Actor, i, i)
        };
        let armee = actor("armée");
        let runs = vec![
            actor("combattants"),
            actor("JNIM"),
            actor("soldats"),
            (Label::Actor, armee.1, armee.1 + 1),
        ];
        let spans: Vec<String> = clean_spans(&doc, runs, &offsets)
            .into_iter()
            .map(|(s, _)| s.text)
            .collect();
        assert_eq!(spans, ["JNIM", "soldats", "armée malienne"]);
    }

    #[test]
    fn places_and_actors_pass_the_rule_layers_mention_tests() {
        let text = "Selon des sources militaires, le colonel Goïta a reçu à Bamako les chefs \
                    burkinabè ; Bamako dénonce l'attaque de Boni.";
        let doc = Document::new("x", text);
        let offsets = word_tokens(text);
        let run = |label: Label, w: &str, nth: usize| {
            let i = offsets
                .iter()
                .enumerate()
                .filter(|(_, (a, b))| doc.slice(*a, *b) == w)
                .nth(nth)
                .unwrap()
                .0;
            (label, i, i)
        };
        let runs = vec![
            run(Label::Actor, "militaires", 0),
            run(Label::Loc, "Goïta", 0),
            run(Label::Loc, "Bamako", 0),
            run(Label::Loc, "burkinabè", 0),
            run(Label::Loc, "Bamako", 1),
            run(Label::Loc, "Boni", 0),
        ];
        let spans: Vec<String> = clean_spans(&doc, runs, &offsets)
            .into_iter()
            .map(|(s, _)| s.text)
            .collect();
        // An adjective, a person, an adjective and a government acting go.
        assert_eq!(spans, ["Bamako", "Boni"]);
    }

    #[test]
    fn runs_are_cut_at_line_breaks_and_boilerplate_spans_dropped() {
        let text = "Attaque près de Maradi\n\nMARADI, Niger, 15 fév. (Agence) – Des bandits ont tué sept villageois, a appris Maradi.info.\n\nTags : Niger, Maradi\n";
        let doc = Document::new("x", text);
        let offsets = word_tokens(text);
        let token = |w: &str, nth: usize| {
            offsets
                .iter()
                .enumerate()
                .filter(|(_, (a, b))| doc.slice(*a, *b) == w)
                .nth(nth)
                .unwrap()
                .0
        };
        let runs = vec![
            (Label::Loc, token("Maradi", 0), token("MARADI", 0)),
            (Label::Actor, token("bandits", 0), token("bandits", 0)),
            (Label::Loc, token("Maradi", 1), token("Maradi", 1)),
            (Label::Loc, token("Maradi", 2), token("Maradi", 2)),
        ];
        let spans: Vec<String> = clean_spans(&doc, runs, &offsets)
            .into_iter()
            .map(|(s, _)| s.text)
            .collect();
        // « Maradi » of the headline stays; the dateline's « MARADI », the news site's and
        // the tag's go.
        assert_eq!(spans, ["Maradi", "bandits"]);
    }
}
