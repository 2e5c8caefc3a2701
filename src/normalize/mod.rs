//! The normalizer: gives every span its value — canonical actor, gazetteer place, integer
//! count, resolved date, trigger type — using the lexicons and gazetteer under `models/`,
//! which are compiled into the binary so that it runs anywhere.

pub mod actor;
pub mod count;
pub mod date;
pub mod place;
pub mod trigger;

pub use actor::{ActorKind, ActorLexicon, CanonicalActor};
pub use count::{Bound, FatalityCount};
pub use date::ResolvedDate;
pub use place::{Gazetteer, Place, PlaceHint, PlaceKind};
pub use trigger::{TriggerKind, TriggerLexicon};

use crate::document::{Annotations, Document, Label};
use crate::text::{floor_char_boundary, fold};
use std::collections::HashMap;
use std::sync::OnceLock;

/// The value a span resolves to.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Norm {
    /// Index into [`ActorLexicon::actors`].
    Actor(usize),
    /// Index into [`Gazetteer::places`]; `near` when the text says "près de", "à 30 km de".
    Place {
        place: usize,
        near: bool,
    },
    Count(FatalityCount),
    Date(ResolvedDate),
    Trigger(TriggerKind),
}

/// The lexicons and gazetteer, loaded once per process.
pub struct Resources {
    pub actors: ActorLexicon,
    pub gazetteer: Gazetteer,
    pub triggers: TriggerLexicon,
}

/// The shared resources. They are embedded at build time, so loading cannot fail at run
/// time unless the committed files are broken, which the tests catch.
pub fn resources() -> &'static Resources {
    static R: OnceLock<Resources> = OnceLock::new();
    R.get_or_init(|| {
        let places = format!(
            "{}\n{}",
            include_str!("../../models/gazetteer/places.tsv").trim_end(),
            include_str!("../../models/gazetteer/other_countries.tsv")
                .lines()
                .skip(1)
                .collect::<Vec<_>>()
                .join("\n")
        );
        Resources {
            actors: ActorLexicon::parse(include_str!("../../models/lexicons/actors.tsv"))
                .expect("models/lexicons/actors.tsv"),
            gazetteer: Gazetteer::parse(&places).expect("models/gazetteer/places.tsv"),
            triggers: TriggerLexicon::parse(include_str!("../../models/lexicons/triggers.tsv"))
                .expect("models/lexicons/triggers.tsv"),
        }
    })
}

/// Fills `norm` on every span of a document. Returns the document's main country (the one
/// most of its places belong to), which fills `{country}` in generic actor names.
pub fn normalize(doc: &Document, ann: &mut Annotations) -> Option<String> {
    let r = resources();
    let published = doc.published;
    // Places first, without a country preference, to learn the document's country.
    let country = main_country(ann, r);
    // The descriptor words ("région de", "près de") sit just before a place.
    let folded_before = |start: usize| {
        let end = doc.offsets.to_byte(start);
        let from = doc.offsets.to_byte(start.saturating_sub(80));
        fold(&doc.text[from..end])
    };
    let acronyms = defined_acronyms(doc, ann, r);
    // "le lendemain", "la veille": one day after or before the date told just before.
    let mut last_date: Option<ResolvedDate> = None;
    for span in &mut ann.spans {
        span.norm = match span.label {
            Label::Actor => r
                .actors
                .resolve(&span.text)
                .or_else(|| acronyms.get(span.text.as_str()).copied())
                .map(|a| {
                    let end = doc.offsets.to_byte(span.end);
                    let after = &doc.text[end..floor_char_boundary(&doc.text, end + 40)];
                    Norm::Actor(r.actors.refine_generic(a, &fold(after)))
                }),
            Label::Loc => {
                let before = folded_before(span.start);
                let hint = place::hint_before(&before);
                r.gazetteer
                    .resolve(&span.text, hint, country.as_deref())
                    .map(|place| Norm::Place {
                        place,
                        near: place::near_before(&before),
                    })
            }
            Label::Fatalities => FatalityCount::parse(&span.text).map(Norm::Count),
            Label::Date => {
                let f = fold(&span.text);
                let resolved = if f.starts_with("lendemain") {
                    last_date.map(|d| ResolvedDate {
                        date: d.date + chrono::Duration::days(1),
                        ..d
                    })
                } else if f.starts_with("veille") {
                    last_date.map(|d| ResolvedDate {
                        date: d.date - chrono::Duration::days(1),
                        ..d
                    })
                } else {
                    date::resolve(&span.text, published)
                };
                last_date = resolved.or(last_date);
                resolved.map(Norm::Date)
            }
            Label::Event => r.triggers.resolve(&span.text).map(Norm::Trigger),
        };
    }
    country
}

/// Acronyms the article defines: an unknown ACTOR mention in parentheses right after a known
/// one ("Front de libération du Macina (FLM)") names the same actor.
fn defined_acronyms(doc: &Document, ann: &Annotations, r: &Resources) -> HashMap<String, usize> {
    let mut out = HashMap::new();
    let actors: Vec<&crate::document::Span> = ann
        .spans
        .iter()
        .filter(|s| s.label == Label::Actor)
        .collect();
    for pair in actors.windows(2) {
        let (full, short) = (pair[0], pair[1]);
        let between = doc.slice(full.end, short.start).trim();
        if between == "("
            && r.actors.resolve(&short.text).is_none()
            && let Some(a) = r.actors.resolve(&full.text)
        {
            out.insert(short.text.clone(), a);
        }
    }
    out
}

fn main_country(ann: &Annotations, r: &Resources) -> Option<String> {
    let mut votes: HashMap<&str, usize> = HashMap::new();
    for s in ann.spans.iter().filter(|s| s.label == Label::Loc) {
        if let Some(i) = r.gazetteer.resolve(&s.text, PlaceHint::None, None) {
            let p = r.gazetteer.get(i);
            // Only Sahel countries can host the events this tool codes.
            if place::country_iso(&p.country).is_some()
                && !matches!(
                    p.country.as_str(),
                    "France" | "Russia" | "United States" | "Turkey"
                )
            {
                *votes.entry(p.country.as_str()).or_default() +=
                    if p.kind == PlaceKind::Country { 1 } else { 2 };
            }
        }
    }
    votes
        .into_iter()
        .max_by_key(|(c, n)| (*n, std::cmp::Reverse(*c)))
        .map(|(c, _)| c.to_string())
}
