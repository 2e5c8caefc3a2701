//! The rule tagger: ACTOR, LOC and EVENT spans from the lexicons and gazetteer, DATE and
//! FATALITIES spans from French grammars, nothing inside boilerplate.

pub mod actor_mentions;
mod counts;
mod dates;
mod matcher;
pub mod place_mentions;
pub mod trigger_mentions;

use crate::document::{Annotations, Document, Label, Span};
use crate::normalize::{ActorKind, resources};
use crate::tagger::Tagger;
use crate::text::{Boilerplate, FoldedText, fold};
use matcher::PhraseMatcher;
use std::ops::Range;

pub struct RuleTagger {
    actors: PhraseMatcher,
    places: PhraseMatcher,
    triggers: PhraseMatcher,
}

impl RuleTagger {
    pub fn new() -> Self {
        let r = resources();
        RuleTagger {
            actors: PhraseMatcher::new(r.actors.aliases()),
            // Names with their article ("Le Niger") would swallow it: the span rule leaves
            // articles out.
            places: PhraseMatcher::new(r.gazetteer.names().filter(|(n, _)| !has_article(n))),
            triggers: PhraseMatcher::new(
                r.triggers
                    .entries
                    .iter()
                    .enumerate()
                    .map(|(i, (p, _))| (p.as_str(), i)),
            ),
        }
    }
}

impl Default for RuleTagger {
    fn default() -> Self {
        Self::new()
    }
}

impl Tagger for RuleTagger {
    fn name(&self) -> &'static str {
        "rules"
    }

    fn tag(&self, doc: &Document) -> anyhow::Result<Annotations> {
        let text = doc.text.as_str();
        let folded = FoldedText::new(text);
        let skip = Boilerplate::find(text);
        let in_boilerplate = |r: &Range<usize>| skip.covers(r);
        let r = resources();
        let mut spans: Vec<Span> = Vec::new();

        let mut actor_ranges = Vec::new();
        for m in self.actors.find_all(text, &folded) {
            if in_boilerplate(&m.bytes) {
                continue;
            }
            actor_ranges.push((m.bytes.clone(), r.actors.get(m.payload).kind));
        }
        let mut actor_ranges = actor_mentions::adjust(text, actor_ranges);
        add_defined_acronyms(text, &mut actor_ranges);
        actor_mentions::drop_member_nouns(text, &mut actor_ranges);
        for m in self.places.find_all(text, &folded) {
            if in_boilerplate(&m.bytes)
                || actor_ranges
                    .iter()
                    .any(|(a, _)| a.start < m.bytes.end && m.bytes.start < a.end)
                || !place_mentions::is_place_mention(text, &m.bytes, &[r.gazetteer.get(m.payload)])
            {
                continue;
            }
            spans.push(doc.span_from_bytes(Label::Loc, m.bytes));
        }
        for m in self.triggers.find_all(text, &folded) {
            if !in_boilerplate(&m.bytes) && trigger_mentions::is_trigger_mention(text, &m.bytes) {
                spans.push(doc.span_from_bytes(Label::Event, m.bytes));
            }
        }
        for fr in dates::find(&folded.folded) {
            let bytes = folded.original(fr);
            if !in_boilerplate(&bytes) {
                spans.push(doc.span_from_bytes(Label::Date, bytes));
            }
        }
        for fr in counts::find(&folded.folded) {
            let bytes = folded.original(fr);
            if !in_boilerplate(&bytes) {
                spans.push(doc.span_from_bytes(Label::Fatalities, bytes));
            }
        }

        let eventful = actor_mentions::EventfulSentences::new(
            text,
            spans
                .iter()
                .filter(|sp| matches!(sp.label, Label::Event | Label::Fatalities))
                .map(|sp| doc.offsets.to_byte(sp.start)),
        );
        for (bytes, kind) in actor_ranges {
            if kind == ActorKind::Civilians && !eventful.holds(bytes.start) {
                continue;
            }
            spans.push(doc.span_from_bytes(Label::Actor, bytes));
        }

        spans = resolve_overlaps(spans);
        Ok(Annotations {
            spans,
            relations: Vec::new(),
        })
    }
}

/// "Front de libération du Macina (FLM, …)": an acronym in parentheses right after an actor
/// the lexicon knows is that actor too, here and everywhere else in the document.
fn add_defined_acronyms(text: &str, actors: &mut Vec<(Range<usize>, ActorKind)>) {
    static AFTER: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let after = AFTER.get_or_init(|| {
        regex::Regex::new(r"^\s*\(\s*([A-Z][A-Za-z0-9-]{1,9})\s*[,)]").expect("acronym pattern")
    });
    let mut defined: Vec<(String, ActorKind)> = Vec::new();
    for (range, kind) in actors.iter() {
        if let Some(c) = after.captures(&text[range.end..]) {
            let acronym = c[1].to_string();
            if acronym.chars().filter(|c| c.is_uppercase()).count() >= 2
                && !defined.iter().any(|(a, _)| *a == acronym)
            {
                defined.push((acronym, *kind));
            }
        }
    }
    for (acronym, kind) in defined {
        for (at, _) in text.match_indices(acronym.as_str()) {
            let r = at..at + acronym.len();
            let word_start = !text[..at]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric);
            let word_end = !text[r.end..]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric);
            if word_start
                && word_end
                && !actors
                    .iter()
                    .any(|(a, _)| a.start < r.end && r.start < a.end)
            {
                actors.push((r, kind));
            }
        }
    }
}

fn has_article(name: &str) -> bool {
    let f = fold(name);
    ["le ", "la ", "les ", "l'"]
        .iter()
        .any(|a| f.starts_with(a))
}

/// Keeps one span where spans of different labels overlap: the longer one, and on a tie the
/// label that is rarer in text (a count beats an actor word, a date beats a place).
fn resolve_overlaps(mut spans: Vec<Span>) -> Vec<Span> {
    let priority = |l: Label| match l {
        Label::Fatalities => 0,
        Label::Date => 1,
        Label::Event => 2,
        Label::Actor => 3,
        Label::Loc => 4,
    };
    spans.sort_by_key(|s| {
        (
            std::cmp::Reverse(s.end - s.start),
            priority(s.label),
            s.start,
        )
    });
    // Kept spans never overlap each other, so the one starting last before `s.end` is the
    // only one that can overlap `s`.
    let mut taken = std::collections::BTreeMap::new();
    let mut kept: Vec<Span> = Vec::with_capacity(spans.len());
    for s in spans {
        let clash = taken
            .range(..s.end)
            .next_back()
            .is_some_and(|(_, &end)| end > s.start);
        if !clash {
            taken.insert(s.start, s.end);
            kept.push(s);
        }
    }
    kept.sort_by_key(|s| (s.start, s.end));
    kept
}
