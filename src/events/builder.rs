//! The event builder: turns normalized spans into events. Each trigger opens a candidate;
//! candidates that describe the same occurrence (compatible type, place and date, or an
//! anaphoric "cette attaque") are merged; each event then takes its place, date, actors and
//! toll from the sentences it was read in.

use super::fatalities::{self, CountMention};
use super::location::{self, EventLocation};
use super::roles::{self, Side};
use super::taxonomy::{self, EventType};
use super::{Event, EventArgs};
use crate::document::{Annotations, Document, Label, Span};
use crate::normalize::{
    ActorKind, Norm, PlaceKind, ResolvedDate, Resources, TriggerKind, resources,
};
use crate::text::{Sentence, fold, split_sentences};
use regex::Regex;
use std::collections::BTreeSet;
use std::sync::OnceLock;

/// Builds the events of one document from its normalized annotations.
pub struct EventBuilder {
    r: &'static Resources,
    /// Read the tagger's relations (the model's relation head) for sides, place and date.
    /// Off by default: on every gold split, the shipped head's links make events worse than
    /// the builder's own reading of the sentences (README, "Accuracy").
    use_relations: bool,
}

impl Default for EventBuilder {
    fn default() -> Self {
        Self::new()
    }
}

/// Everything about the document the builder looks up repeatedly.
struct Context<'a> {
    doc: &'a Document,
    spans: &'a [Span],
    sentences: Vec<Sentence>,
    /// Sentence index of each span.
    sentence_of: Vec<usize>,
    /// Span indices per sentence.
    in_sentence: Vec<Vec<usize>>,
    /// Folded text of each sentence, for the cue patterns.
    folded: Vec<String>,
    country: Option<&'a str>,
    /// Relations predicted by the tagger (empty for the rules).
    relations: &'a [crate::document::Relation],
    /// Sentences that claim an attack for a named group: (sentence, mention, actor).
    claims: Vec<(usize, usize, usize)>,
}

impl Context<'_> {
    /// The arguments the tagger linked to any of these triggers in this role.
    fn linked(&self, triggers: &[usize], role: crate::document::Role) -> Vec<usize> {
        let mut v: Vec<usize> = self
            .relations
            .iter()
            .filter(|r| r.role == role && triggers.contains(&r.trigger))
            .map(|r| r.argument)
            .collect();
        v.sort();
        v.dedup();
        v
    }

    fn sentence_text(&self, s: usize) -> &str {
        &self.doc.text[self.sentences[s].bytes.clone()]
    }

    /// Folded text of sentence `s` before and after a span.
    fn around(&self, span: usize) -> (String, String) {
        let s = &self.sentences[self.sentence_of[span]];
        let b = self
            .doc
            .offsets
            .to_byte_range(self.spans[span].start..self.spans[span].end);
        let start = b.start.max(s.bytes.start);
        (
            fold(&self.doc.text[s.bytes.start..start]),
            fold(&self.doc.text[b.end.min(s.bytes.end)..s.bytes.end]),
        )
    }
}

/// A group of trigger mentions believed to describe one occurrence.
#[derive(Debug, Clone)]
struct Group {
    /// The trigger mentions kept (killing verbs drop out when a noun names the event).
    triggers: Vec<usize>,
    /// The kind of every trigger that joined, dropped killing verbs included: they still
    /// vote on the event type. Not index-aligned with `triggers`.
    kinds: Vec<TriggerKind>,
    sentences: BTreeSet<usize>,
    place: Option<usize>,
    date: Option<usize>,
}

impl Group {
    /// The group's first and last sentence, and the paragraph it opens in.
    fn extent(&self, cx: &Context) -> (usize, usize, usize) {
        let first = *self.sentences.first().expect("non-empty group");
        let last = *self.sentences.last().expect("non-empty group");
        (first, last, cx.sentences[first].paragraph)
    }
}

fn generic_statement() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(r"presque quotidienne|quotidiennes|regulierement|de plus en plus|se multiplient|multiplication des|chaque (jour|semaine|mois)|souvent|depuis (plus d'une|des annees|des mois|le debut)|ces derniers mois|ces dernieres (annees|semaines)|un nombre croissant|pour prevenir|afin de prevenir|capables? de|menace d'|risque d'|pourraient|vis(ant|e) a (securiser|proteger)|en cas d'").unwrap()
    })
}

/// A trigger told as planned, not done (« soupçonnés de préparer un attentat », « un projet
/// d'attaque »), from the folded words just before it.
fn is_planned(folded_before: &str) -> bool {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(r"(?:prepar\w*|planifi\w*|projet\w*|fomen\w*)(?: (?:de|d'|un|une|des|les|l'|une serie d'|plusieurs))*\s*$")
            .unwrap()
    })
    .is_match(folded_before)
}

fn year_in() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| Regex::new(r"(?-u:\b)(?:19|20)\d{2}(?-u:\b)").unwrap())
}

fn no_deaths() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| Regex::new(r"sans faire de (victimes?|morts?)|aucune victime|aucun mort|pas de victimes?|n'a fait aucun|sans faire de blesses|sans effusion de sang|pacifique").unwrap())
}

fn is_killing_verb(trigger: &str) -> bool {
    let f = fold(trigger);
    ["ont ete ", "a ete ", "ont tue", "a tue"]
        .iter()
        .any(|p| f.starts_with(p))
}

/// A trigger that names an occurrence already told: after a demonstrative (`cette attaque`,
/// `ces affrontements`) or a definite singular (`l'embuscade`, `le raid`). Bare and definite
/// plurals (`des attaques`, `les opérations`) are as often generic as not.
fn points_back(cx: &Context, trigger: usize) -> bool {
    let (before, _) = cx.around(trigger);
    if is_anaphoric(&before) {
        return true;
    }
    let text = fold(&cx.spans[trigger].text);
    let plural = text.ends_with('s') || text.ends_with('x');
    let last_word = before.trim_end().rsplit(' ').next().unwrap_or("");
    matches!(last_word, "l'" | "le" | "la") && !plural && !text.contains(' ')
}

/// Determiners that make a trigger point back to an event already told.
fn is_anaphoric(folded_before: &str) -> bool {
    let t = folded_before.trim_end();
    ["cette", "ces", "cet", "ce", "la meme", "le meme"]
        .iter()
        .any(|d| t.ends_with(d))
}

impl EventBuilder {
    pub fn new() -> Self {
        EventBuilder {
            r: resources(),
            use_relations: false,
        }
    }

    /// Lets the tagger's relations decide an event's sides, place and date (`--relations`).
    pub fn with_relations(mut self, on: bool) -> Self {
        self.use_relations = on;
        self
    }

    pub fn build(&self, doc: &Document, ann: &Annotations, country: Option<&str>) -> Vec<Event> {
        let sentences = split_sentences(&doc.text);
        let sentence_of: Vec<usize> = ann
            .spans
            .iter()
            .map(|s| {
                let b = doc.offsets.to_byte(s.start);
                sentences
                    .partition_point(|x| x.bytes.end <= b)
                    .min(sentences.len().saturating_sub(1))
            })
            .collect();
        let mut in_sentence = vec![Vec::new(); sentences.len()];
        for (i, &s) in sentence_of.iter().enumerate() {
            in_sentence[s].push(i);
        }
        let folded = sentences
            .iter()
            .map(|s| fold(&doc.text[s.bytes.clone()]))
            .collect();
        let cx = Context {
            doc,
            spans: &ann.spans,
            sentences,
            sentence_of,
            in_sentence,
            folded,
            country,
            relations: if self.use_relations {
                &ann.relations
            } else {
                &[]
            },
            claims: Vec::new(),
        };
        let claims = claims_in(&cx, self.r);
        let cx = Context { claims, ..cx };
        let groups = self.group(&cx);
        let assigned = self.assign_orphan_counts(&cx, &groups);
        let mut events: Vec<Option<Event>> = groups
            .iter()
            .enumerate()
            .zip(assigned)
            .map(|((gi, g), extra)| {
                let others_own: BTreeSet<usize> = groups
                    .iter()
                    .enumerate()
                    .filter(|(o, _)| *o != gi)
                    .flat_map(|(_, o)| o.sentences.iter().copied())
                    .collect();
                self.event(&cx, g, &extra, &others_own)
            })
            .collect();
        attach_echoes(&cx, &groups, &mut events);
        merge_placeless_retellings(&mut events);
        date_from_lead(&cx, &groups, &mut events);
        events.into_iter().flatten().collect()
    }

    /// Opens a candidate per trigger and merges those that tell the same occurrence.
    fn group(&self, cx: &Context) -> Vec<Group> {
        let mut groups: Vec<Group> = Vec::new();
        for (i, span) in cx.spans.iter().enumerate() {
            let Some(Norm::Trigger(kind)) = span.norm else {
                continue;
            };
            let s = cx.sentence_of[i];
            let (before, _) = cx.around(i);
            if generic_statement().is_match(&cx.folded[s]) || is_planned(&before) {
                continue;
            }
            let place = self.best_place(cx, cx.in_sentence[s].iter().copied());
            let date = self.best_date(cx, cx.in_sentence[s].iter().copied());
            let cand = Group {
                triggers: vec![i],
                kinds: vec![kind],
                sentences: BTreeSet::from([s]),
                place,
                date,
            };
            let anaphoric = is_anaphoric(&before);
            let target = groups
                .iter()
                .rposition(|g| self.compatible(cx, g, &cand, anaphoric));
            match target {
                Some(gi) => {
                    let g = &mut groups[gi];
                    g.triggers.push(i);
                    g.kinds.push(kind);
                    g.sentences.insert(s);
                    g.place = self.more_specific_place(cx, g.place, cand.place);
                    g.date = self.more_precise_date(cx, g.date, cand.date);
                }
                None => groups.push(cand),
            }
        }
        // A killing verb is a trigger only when no noun names the event ("42 soldats ont été
        // tués dans une attaque": the trigger is "attaque").
        for g in &mut groups {
            let weak = |i: &usize| is_killing_verb(&cx.spans[*i].text);
            if g.triggers.iter().any(|i| !weak(i)) {
                g.triggers.retain(|i| !weak(i));
            }
        }
        groups
    }

    fn compatible(&self, cx: &Context, g: &Group, c: &Group, anaphoric: bool) -> bool {
        let c_kind = c.kinds[0];
        let last = *g.sentences.iter().next_back().expect("non-empty group");
        let s = *c.sentences.iter().next().expect("non-empty candidate");
        // Two violent triggers in one sentence tell one occurrence ("les combats … ont lancé
        // plusieurs véhicules kamikazes").
        let same_sentence_violence = last == s
            && g.kinds.iter().any(|k| k.event_type.is_violent())
            && c_kind.event_type.is_violent();
        if !same_sentence_violence && !g.kinds.iter().any(|k| kinds_compatible(*k, c_kind)) {
            return false;
        }
        let close = s.saturating_sub(last) <= 2
            || cx.sentences[s].paragraph == cx.sentences[last].paragraph;
        let place_ok = match (g.place, c.place) {
            (Some(a), Some(b)) => self.places_nest(cx, a, b),
            _ => true,
        };
        let date_ok = match (g.date, c.date) {
            (Some(a), Some(b)) => dates_agree(date_of(cx, a), date_of(cx, b)),
            _ => true,
        };
        if !(place_ok && date_ok) {
            return false;
        }
        let both_placed = g.place.is_some() && c.place.is_some();
        let both_dated = g.date.is_some() && c.date.is_some();
        anaphoric || close || both_placed || (both_dated && c.place.is_none())
    }

    /// Two place mentions are compatible when one contains the other (Diallassagou lies in
    /// the cercle of Bankass, in the region of Mopti) or they are the same place.
    fn places_nest(&self, cx: &Context, a: usize, b: usize) -> bool {
        let (pa, pb) = (place_of(cx, a, self.r), place_of(cx, b, self.r));
        let (Some(pa), Some(pb)) = (pa, pb) else {
            return true;
        };
        if std::ptr::eq(pa, pb) || self.r.gazetteer.same_place(&pa.name, &pb.name) {
            return true;
        }
        let contains =
            |outer: &crate::normalize::Place, inner: &crate::normalize::Place| match outer.kind {
                PlaceKind::Country => outer.country == inner.country,
                PlaceKind::Admin1 => {
                    inner.admin1.as_deref() == Some(&outer.name)
                        || inner.admin1.as_deref() == outer.admin1.as_deref()
                            && inner.country == outer.country
                            && inner.kind > PlaceKind::Admin1
                }
                PlaceKind::Admin2 => inner.admin2.as_deref() == Some(&outer.name),
                // A cercle's seat stands for its cercle: "près de Douentza" and Bounti agree.
                PlaceKind::PopulatedPlace => {
                    inner.kind >= PlaceKind::PopulatedPlace
                        && inner.admin2.as_deref() == Some(&outer.name)
                }
                _ => false,
            };
        contains(pa, pb) || contains(pb, pa)
    }

    /// A place name the tagger marked in the event's sentences that the gazetteer does not
    /// list: the one the tagger linked to the event, else the one nearest a trigger.
    fn unlisted_place(&self, cx: &Context, g: &Group) -> Option<usize> {
        let unlisted = |i: &usize| {
            let s = &cx.spans[*i];
            s.label == Label::Loc && s.norm.is_none() && location::is_place_name(&s.text)
        };
        use crate::document::Role;
        if let Some(i) = cx
            .linked(&g.triggers, Role::Location)
            .into_iter()
            .find(unlisted)
        {
            return Some(i);
        }
        let distance = |i: usize| {
            g.triggers
                .iter()
                .map(|&t| cx.spans[t].start.abs_diff(cx.spans[i].start))
                .min()
                .unwrap_or(usize::MAX)
        };
        g.sentences
            .iter()
            .flat_map(|&s| cx.in_sentence[s].iter().copied())
            .filter(unlisted)
            .min_by_key(|&i| distance(i))
    }

    fn best_place(&self, cx: &Context, spans: impl Iterator<Item = usize>) -> Option<usize> {
        spans
            .filter(|&i| cx.spans[i].label == Label::Loc)
            .filter_map(|i| place_of(cx, i, self.r).map(|p| (i, p)))
            .min_by_key(|(i, p)| (p.kind.specificity(), *i))
            .map(|(i, _)| i)
    }

    fn more_specific_place(
        &self,
        cx: &Context,
        a: Option<usize>,
        b: Option<usize>,
    ) -> Option<usize> {
        match (a, b) {
            (Some(a), Some(b)) => {
                let spec = |i| place_of(cx, i, self.r).map_or(u8::MAX, |p| p.kind.specificity());
                Some(if spec(b) < spec(a) { b } else { a })
            }
            (a, b) => a.or(b),
        }
    }

    fn best_date(&self, cx: &Context, spans: impl Iterator<Item = usize>) -> Option<usize> {
        spans
            .filter(|&i| matches!(cx.spans[i].norm, Some(Norm::Date(_))))
            .min_by_key(|&i| (date_of(cx, i).precision, date_of(cx, i).date))
    }

    fn more_precise_date(&self, cx: &Context, a: Option<usize>, b: Option<usize>) -> Option<usize> {
        match (a, b) {
            (Some(a), Some(b)) => Some(if date_of(cx, b).precision < date_of(cx, a).precision {
                b
            } else {
                a
            }),
            (a, b) => a.or(b),
        }
    }

    /// Sentences after an event that report a toll without a trigger of their own ("Le bilan
    /// est lourd : 12 morts") belong to the event told just before.
    fn assign_orphan_counts(&self, cx: &Context, groups: &[Group]) -> Vec<Vec<usize>> {
        let mut extra = vec![Vec::new(); groups.len()];
        let owned: BTreeSet<usize> = groups
            .iter()
            .flat_map(|g| g.sentences.iter().copied())
            .collect();
        for (s, spans) in cx.in_sentence.iter().enumerate() {
            if owned.contains(&s) {
                continue;
            }
            let counts: Vec<usize> = spans
                .iter()
                .copied()
                .filter(|&i| cx.spans[i].label == Label::Fatalities)
                .collect();
            if counts.is_empty() {
                continue;
            }
            let owner = groups
                .iter()
                .enumerate()
                .filter_map(|(gi, g)| {
                    g.sentences
                        .iter()
                        .filter(|&&gs| gs < s && s - gs <= 3)
                        .max()
                        .map(|&gs| (gi, gs))
                })
                .max_by_key(|(_, gs)| *gs);
            if let Some((gi, _)) = owner {
                extra[gi].extend(counts);
            }
        }
        extra
    }

    fn event(
        &self,
        cx: &Context,
        g: &Group,
        extra_counts: &[usize],
        others_own: &BTreeSet<usize>,
    ) -> Option<Event> {
        let r = self.r;
        // Context: a place or date missing from the event's sentences may sit just before.
        // Arguments the tagger linked to the triggers come first.
        use crate::document::Role;
        let mut place_span = self
            .best_place(cx, cx.linked(&g.triggers, Role::Location).into_iter())
            .or(g.place);
        let mut date_span = self
            .best_date(cx, cx.linked(&g.triggers, Role::Date).into_iter())
            .or(g.date);
        let (first, last, para) = g.extent(cx);
        // A sentence that carries its own year ("l'accord signé en 2015") is not dated by
        // the sentences before it.
        let own_year = g
            .sentences
            .iter()
            .any(|&s| year_in().is_match(cx.sentence_text(s)));
        for back in 1..=2 {
            let Some(s) = first.checked_sub(back) else {
                break;
            };
            if cx.sentences[s].paragraph != para {
                break;
            }
            place_span =
                place_span.or_else(|| self.best_place(cx, cx.in_sentence[s].iter().copied()));
            if !own_year {
                date_span =
                    date_span.or_else(|| self.best_date(cx, cx.in_sentence[s].iter().copied()));
            }
        }
        let listed = place_span.and_then(|i| place_of(cx, i, r));
        let near = place_span
            .is_some_and(|i| matches!(cx.spans[i].norm, Some(Norm::Place { near: true, .. })));
        // A village the gazetteer lacks is more precise than the cercle or region around it,
        // not than a town it does list.
        let unlisted = self.unlisted_place(cx, g).filter(|_| {
            !listed.is_some_and(|p| matches!(p.kind, PlaceKind::PopulatedPlace | PlaceKind::Site))
        });
        let (location, place_span) = match unlisted {
            Some(u) => {
                let near = crate::normalize::place::near_before(&cx.around(u).0);
                let name = &cx.spans[u].text;
                (
                    EventLocation::unlisted(name, near, listed, cx.country),
                    Some(u),
                )
            }
            None => (
                listed.map_or_else(EventLocation::default, |p| EventLocation::listed(p, near)),
                place_span,
            ),
        };
        let date = date_span.map(|i| date_of(cx, i));
        if location.location.is_none() && date.is_none() {
            return None; // the spec's minimum: a place or a date
        }
        let country = location.country.clone().or(cx.country.map(String::from));
        let country_ref = country.as_deref();

        // Actors, with their side.
        let mut actors: Vec<(usize, usize, Side)> = Vec::new(); // (span, actor, side)
        for &s in &g.sentences {
            for &i in &cx.in_sentence[s] {
                if let (Label::Actor, Some(Norm::Actor(a))) = (cx.spans[i].label, cx.spans[i].norm)
                {
                    let (before, after) = cx.around(i);
                    actors.push((i, a, roles::side_of(&before, &after)));
                }
            }
        }
        // Too few parties in the event's own sentences: the sentences around it (same
        // paragraph, not told as another event) often name them ("Les assaillants étaient des
        // jihadistes du JNIM.").
        let distinct = |v: &[(usize, usize, Side)]| {
            let mut names: Vec<usize> = v
                .iter()
                .map(|x| x.1)
                .filter(|&a| r.actors.get(a).kind != ActorKind::Civilians)
                .collect();
            names.sort();
            names.dedup();
            names.len()
        };
        if distinct(&actors) < 2 {
            let around = (first.saturating_sub(2)..first).chain(last + 1..=last + 1);
            for s in around {
                if s >= cx.sentences.len()
                    || cx.sentences[s].paragraph != para
                    || others_own.contains(&s)
                {
                    continue;
                }
                for &i in &cx.in_sentence[s] {
                    if let (Label::Actor, Some(Norm::Actor(a))) =
                        (cx.spans[i].label, cx.spans[i].norm)
                    {
                        let (before, after) = cx.around(i);
                        actors.push((i, a, roles::side_of(&before, &after)));
                    }
                }
            }
        }
        // Linked actors take the side the relation gives them.
        for (role, side) in [(Role::Actor1, Side::Attacker), (Role::Actor2, Side::Target)] {
            for i in cx.linked(&g.triggers, role) {
                if let Some(Norm::Actor(a)) = cx.spans[i].norm {
                    actors.retain(|x| x.0 != i);
                    actors.insert(0, (i, a, side));
                }
            }
        }
        let (event_type, sub_type) = self.decide_type(cx, g, &actors);
        let lex = &r.actors;
        let name = |a: usize| lex.get(a).name_for(country_ref);
        let kind = |a: usize| lex.get(a).kind;
        let is_civ = |a: usize| kind(a) == ActorKind::Civilians;

        let pick = |pred: &dyn Fn(usize, Side) -> bool| -> Vec<usize> {
            let mut out: Vec<usize> = Vec::new();
            for &(_, a, side) in &actors {
                if pred(a, side) && !out.iter().any(|&o| name(o) == name(a)) {
                    out.push(a);
                }
            }
            // A named actor makes the generic nouns of the same side redundant.
            if out.iter().any(|&a| !kind(a).is_generic()) {
                out.retain(|&a| !(kind(a) == ActorKind::Unidentified));
            }
            out
        };
        let attackers = pick(&|a, s| s == Side::Attacker && !is_civ(a));
        let targets = pick(&|a, s| s == Side::Target && !is_civ(a));
        let unknown = pick(&|a, s| s == Side::Unknown && !is_civ(a));
        let civilians = pick(&|a, _| is_civ(a));

        let (mut side1, mut side2): (Vec<usize>, Vec<usize>);
        match event_type {
            EventType::ViolenceAgainstCivilians => {
                side1 = if attackers.is_empty() {
                    unknown.clone()
                } else {
                    attackers.clone()
                };
                side2 = civilians.clone();
            }
            EventType::Protests | EventType::Riots => {
                side1 = pick(&|a, _| matches!(kind(a), ActorKind::Protesters | ActorKind::Rioters));
                side2 = pick(&|a, _| kind(a).is_state());
            }
            EventType::RemoteViolence if sub_type == "Air/drone strike" => {
                // The side that fires is a state or foreign army: among the actors named, a
                // "Military Forces of …" before a mission such as MINUSMA.
                side1 = attackers
                    .iter()
                    .chain(&unknown)
                    .chain(&targets)
                    .copied()
                    .filter(|&a| kind(a).is_state())
                    .collect();
                side1.sort_by_key(|&a| !name(a).starts_with("Military Forces"));
                side2 = targets
                    .iter()
                    .chain(&unknown)
                    .chain(&civilians)
                    .copied()
                    .filter(|a| !side1.contains(a))
                    .collect();
            }
            EventType::RemoteViolence => {
                // Bombs and shells are set off by armed groups far more often than by armies:
                // unplaced state forces are the target.
                side1 = attackers
                    .iter()
                    .chain(unknown.iter().filter(|&&a| !kind(a).is_state()))
                    .copied()
                    .collect();
                side2 = targets
                    .iter()
                    .chain(unknown.iter().filter(|&&a| kind(a).is_state()))
                    .chain(&civilians)
                    .copied()
                    .collect();
            }
            _ => {
                side1 = attackers.clone();
                side2 = targets.clone();
                for &a in &unknown {
                    if side1.contains(&a) || side2.contains(&a) {
                        continue;
                    }
                    // Unknown sides: fill the empty side, state forces preferably as the
                    // attacked side in non-state initiated events.
                    if side1.is_empty()
                        && !(kind(a).is_state() && !side2.is_empty() && !kind(side2[0]).is_state())
                    {
                        side1.push(a);
                    } else if side2.is_empty() {
                        side2.push(a);
                    }
                }
                if side2.is_empty() && event_type == EventType::Battles {
                    side2 = civilians.clone();
                }
            }
        }
        dedupe_generic(&mut side1, &side2, lex, country_ref);
        dedupe_generic(&mut side2, &side1, lex, country_ref);
        if taxonomy::has_single_actor(sub_type) {
            side2.clear();
        }
        let default_actor1 = match event_type {
            EventType::Protests => lex.by_name("Protesters ({country})"),
            EventType::Riots => lex.by_name("Rioters ({country})"),
            _ => lex.by_name("Unidentified Armed Group ({country})"),
        };
        let mut actor1 = side1.first().copied().or(default_actor1)?;
        // An attack told with « des hommes armés » and claimed further on by a named group
        // is that group's.
        if kind(actor1) == ActorKind::Unidentified
            && let Some((i, claimant)) = claimant_of(cx, g)
            && !side2.iter().any(|&a| name(a) == name(claimant))
        {
            actors.push((i, claimant, Side::Attacker));
            actor1 = claimant;
        }
        let mut actor2 = side2
            .iter()
            .copied()
            .find(|&a| name(a) != name(actor1))
            .or_else(|| {
                (event_type == EventType::ViolenceAgainstCivilians)
                    .then(|| lex.by_name("Civilians ({country})"))
                    .flatten()
            });
        if actor2.is_none() && matches!(event_type, EventType::Battles | EventType::RemoteViolence)
        {
            // A battle told without its other side: the sentences around it that no other
            // event owns often name it with the toll (« 52 militaires ont été tués »).
            if let Some((i, a)) = self.counterpart(cx, g, actor1, extra_counts, others_own) {
                actors.push((i, a, Side::Target));
                actor2 = Some(a);
            } else if country_ref.is_some() {
                // Still none: ACLED gives every battle and remote-violence event two sides,
                // and the train split's events say which is likelier when the text names
                // one only: an unidentified armed group against a state force (19 of the 34
                // battles a state force fights; the other 15 name a group), the country's
                // army against a non-state side (128 of 154 battles, 47 of 65 remote
                // attacks). No mention backs such an actor: its `args.actor2` stays empty.
                actor2 = if kind(actor1).is_state() {
                    lex.by_name("Unidentified Armed Group ({country})")
                } else {
                    lex.by_name("Military Forces of {country}")
                };
            }
        }
        let assoc = |side: &[usize], main: Option<usize>| {
            let rest: Vec<String> = side
                .iter()
                .filter(|&&a| Some(a) != main)
                .map(|&a| name(a))
                .filter(|n| Some(n) != main.map(name).as_ref())
                .collect();
            (!rest.is_empty()).then(|| rest.join("; "))
        };
        let spans_of = |a: Option<usize>| -> Vec<usize> {
            a.map(|a| {
                actors
                    .iter()
                    .filter(|(_, x, _)| name(*x) == name(a))
                    .map(|(i, _, _)| *i)
                    .collect()
            })
            .unwrap_or_default()
        };

        // Toll.
        let mut count_spans: Vec<usize> = g
            .sentences
            .iter()
            .flat_map(|&s| cx.in_sentence[s].iter().copied())
            .filter(|&i| cx.spans[i].label == Label::Fatalities)
            .collect();
        count_spans.extend_from_slice(extra_counts);
        // By position, and by index among spans that start together, so that a count both in
        // the event's sentences and among its extra counts is one mention.
        count_spans.sort_by_key(|&i| (cx.spans[i].start, i));
        count_spans.dedup();
        let mut mentions: Vec<CountMention> = Vec::new();
        // The span and report of the count before, to tell a list from a second report.
        let mut previous: Option<(usize, usize)> = None;
        for &i in &count_spans {
            let Some(Norm::Count(count)) = cx.spans[i].norm else {
                continue;
            };
            let listed_with = |p: usize| {
                cx.sentence_of[p] == cx.sentence_of[i]
                    && cx.spans[p].end <= cx.spans[i].start
                    && fatalities::lists_together(&fold(
                        cx.doc.slice(cx.spans[p].end, cx.spans[i].start),
                    ))
            };
            let report = match previous {
                Some((p, report)) if listed_with(p) => report,
                _ => mentions.len(), // a new report (ids only need to differ)
            };
            let (_, after) = cx.around(i);
            mentions.push(CountMention {
                count,
                side: fatalities::Side::from_following(&after),
                report,
            });
            previous = Some((i, report));
        }
        let violent = matches!(event_type, EventType::Battles | EventType::RemoteViolence)
            || (event_type == EventType::ViolenceAgainstCivilians && sub_type == "Attack");
        // No count: a violent event's toll is unknown (null) unless the text says no one died.
        let said_no_deaths = g
            .sentences
            .iter()
            .any(|&s| no_deaths().is_match(&cx.folded[s]));
        let fatalities = if !mentions.is_empty() {
            fatalities::combine(&mentions, kind(actor1).is_state())
        } else if violent && !said_no_deaths {
            None
        } else {
            Some(0)
        };

        let evidence = g
            .sentences
            .iter()
            .map(|&s| cx.sentence_text(s))
            .collect::<Vec<_>>()
            .join(" … ");
        Some(Event {
            event_date: date.map(|d| d.date),
            time_precision: date.map(|d| d.precision),
            event_type,
            sub_event_type: sub_type,
            actor1: name(actor1),
            inter1: lex.get(actor1).inter,
            actor2: actor2.map(name),
            inter2: actor2.map(|a| lex.get(a).inter),
            assoc_actor_1: assoc(&side1, Some(actor1)),
            assoc_actor_2: assoc(&side2, actor2),
            country: country.clone(),
            admin1: location.admin1,
            admin2: location.admin2,
            location: location.location,
            latitude: location.latitude,
            longitude: location.longitude,
            geo_precision: location.geo_precision,
            fatalities,
            args: EventArgs {
                trigger: g.triggers.clone(),
                actor1: spans_of(Some(actor1)),
                actor2: spans_of(actor2),
                location: place_span.into_iter().collect(),
                date: date_span.into_iter().collect(),
                fatalities: count_spans,
            },
            evidence,
        })
    }

    /// The nearest actor mention, outside the event's sentences, of the camp that `actor1`
    /// is not in (a state force against a non-state group, or the reverse): in the
    /// sentences of the counts assigned to the event, then in its paragraph and the few
    /// sentences after it, skipping those another event owns.
    fn counterpart(
        &self,
        cx: &Context,
        g: &Group,
        actor1: usize,
        extra_counts: &[usize],
        others_own: &BTreeSet<usize>,
    ) -> Option<(usize, usize)> {
        let lex = &self.r.actors;
        let (first, last, para) = g.extent(cx);
        let k1 = lex.get(actor1).kind;
        let mut sentences: Vec<usize> = extra_counts.iter().map(|&i| cx.sentence_of[i]).collect();
        let mut around: Vec<usize> = (0..cx.sentences.len())
            .filter(|&s| {
                !g.sentences.contains(&s)
                    && !others_own.contains(&s)
                    && (cx.sentences[s].paragraph == para || (s > last && s <= last + 4))
            })
            .collect();
        around.sort_by_key(|&s| if s > last { s - last } else { first - s + 1 });
        sentences.extend(around);
        for s in sentences {
            for &i in &cx.in_sentence[s] {
                let Some(Norm::Actor(a)) = cx.spans[i].norm else {
                    continue;
                };
                let k = lex.get(a).kind;
                if cx.spans[i].label == Label::Actor
                    && !matches!(
                        k,
                        ActorKind::Civilians | ActorKind::Protesters | ActorKind::Rioters
                    )
                    && k.is_state() != k1.is_state()
                {
                    return Some((i, a));
                }
            }
        }
        None
    }

    /// The event's type: the most specific trigger wins; "attaque"-like triggers become
    /// violence against civilians when only civilians are on the receiving end.
    fn decide_type(
        &self,
        cx: &Context,
        g: &Group,
        actors: &[(usize, usize, Side)],
    ) -> (EventType, &'static str) {
        let rank = |k: &TriggerKind| match k.sub_type {
            Some("Suicide bomb") => 0,
            Some("Remote explosive/landmine/IED") => 1,
            Some("Air/drone strike") => 2,
            Some("Shelling/artillery/missile attack") => 3,
            Some("Abduction/forced disappearance") => 4,
            Some("Attack") => 5,
            Some("Non-state actor overtakes territory") | Some("Government regains territory") => 6,
            Some(_) if k.event_type != EventType::StrategicDevelopments => 7,
            None => 8,
            Some(_) => 9,
        };
        let best = g
            .kinds
            .iter()
            .min_by_key(|k| rank(k))
            .copied()
            .expect("non-empty group");
        let lex = &self.r.actors;
        let non_civilian_targets = actors.iter().any(|&(_, a, s)| {
            s != Side::Attacker
                && lex.get(a).kind != ActorKind::Civilians
                && lex.get(a).kind.is_state()
        });
        let civilians = actors
            .iter()
            .any(|&(_, a, _)| lex.get(a).kind == ActorKind::Civilians);
        let text: String = g
            .sentences
            .iter()
            .map(|&s| cx.folded[s].as_str())
            .collect::<Vec<_>>()
            .join(" ");
        match best.sub_type {
            Some(st) => {
                // Territory changes: who took the place decides which kind.
                if st == "Non-state actor overtakes territory"
                    || st == "Government regains territory"
                {
                    let state_attacker = actors
                        .iter()
                        .any(|&(_, a, s)| s == Side::Attacker && lex.get(a).kind.is_state());
                    let st = if state_attacker {
                        "Government regains territory"
                    } else {
                        "Non-state actor overtakes territory"
                    };
                    return (EventType::Battles, st);
                }
                (best.event_type, st)
            }
            None if best.event_type == EventType::RemoteViolence => {
                if text.contains("kamikaze")
                    || text.contains("suicide")
                    || text.contains("fait exploser")
                {
                    (EventType::RemoteViolence, "Suicide bomb")
                } else if civilians && !non_civilian_targets {
                    (EventType::ViolenceAgainstCivilians, "Attack")
                } else {
                    (EventType::RemoteViolence, "Remote explosive/landmine/IED")
                }
            }
            None => {
                if civilians && !non_civilian_targets {
                    (EventType::ViolenceAgainstCivilians, "Attack")
                } else {
                    (EventType::Battles, "Armed clash")
                }
            }
        }
    }
}

/// Drops from `side` a generic state actor that names the same force as a named one, and
/// an unidentified group when the other side is that same generic.
fn dedupe_generic(
    side: &mut Vec<usize>,
    other: &[usize],
    lex: &crate::normalize::ActorLexicon,
    country: Option<&str>,
) {
    let names: Vec<String> = other
        .iter()
        .map(|&a| lex.get(a).name_for(country))
        .collect();
    side.retain(|&a| !names.contains(&lex.get(a).name_for(country)));
    let mut seen = Vec::new();
    side.retain(|&a| {
        let n = lex.get(a).name_for(country);
        if seen.contains(&n) {
            false
        } else {
            seen.push(n);
            true
        }
    });
}

/// A group that became no event (no place or date, even in the sentences before it) is
/// usually the same occurrence told again further down (« le bilan de cette attaque »,
/// « l'embuscade n'a pas été revendiquée »). Its violent triggers that point back become
/// triggers of the nearest event before it with a compatible kind (or after it, when none
/// precedes): EVENT mentions of that event, not read for its actors, place or toll.
/// `events[i]` is what `groups[i]` became.
fn attach_echoes(cx: &Context, groups: &[Group], events: &mut [Option<Event>]) {
    let fits = |a: &Group, b: &Group| {
        a.kinds
            .iter()
            .any(|&k| b.kinds.iter().any(|&l| kinds_compatible(k, l)))
    };
    let violent =
        |i: usize| matches!(cx.spans[i].norm, Some(Norm::Trigger(k)) if k.event_type.is_violent());
    for (u, group) in groups.iter().enumerate() {
        if events[u].is_some() {
            continue;
        }
        let host = |t: &usize| events[*t].is_some() && fits(&groups[*t], group);
        let Some(t) = (0..u)
            .rev()
            .find(host)
            .or_else(|| (u + 1..groups.len()).find(host))
        else {
            continue;
        };
        let echoes = group
            .triggers
            .iter()
            .copied()
            .filter(|&i| violent(i) && points_back(cx, i));
        if let Some(event) = &mut events[t] {
            event.args.trigger.extend(echoes);
        }
    }
}

/// An event with no place, of the same sub-type as a placed event of the article and not
/// dated more than a week apart from it, is another telling of that event (a headline, a
/// claim, a toll reported apart): the placed event takes what it lacks (date, toll) from it,
/// and the placeless one is dropped. Other placeless events stay: real articles code
/// background events without a place (4 of the seeds' 13 gold events).
fn merge_placeless_retellings(events: &mut [Option<Event>]) {
    let retells = |h: &Event, e: &Event| {
        let close = match (h.event_date, e.event_date) {
            (Some(a), Some(b)) => (a - b).num_days().abs() <= 7,
            _ => true,
        };
        h.location.is_some() && h.sub_event_type == e.sub_event_type && close
    };
    for u in 0..events.len() {
        let Some(e) = events[u].as_ref().filter(|e| e.location.is_none()) else {
            continue;
        };
        let Some(t) = (0..events.len())
            .find(|&t| t != u && events[t].as_ref().is_some_and(|h| retells(h, e)))
        else {
            continue;
        };
        let e = events[u].take().expect("checked above");
        let h = events[t].as_mut().expect("checked above");
        if h.event_date.is_none() {
            h.event_date = e.event_date;
            h.time_precision = e.time_precision;
            h.args.date = e.args.date;
        }
        if h.fatalities.is_none() && e.fatalities.is_some() {
            h.fatalities = e.fatalities;
            h.args.fatalities = e.args.fatalities;
        }
        h.args.trigger.extend(e.args.trigger);
    }
}

/// An event whose sentences give no date takes the date of the article's lead: the first
/// dated event within the first three paragraphs, headline included ("La MINUSMA a été visée
/// lundi par deux attaques distinctes. … À Tombouctou, des assaillants ont attaqué …").
fn date_from_lead(cx: &Context, groups: &[Group], events: &mut [Option<Event>]) {
    let lead = groups.iter().zip(events.iter()).find_map(|(g, e)| {
        let e = e.as_ref()?;
        let (_, _, paragraph) = g.extent(cx);
        (paragraph <= 2 && e.event_date.is_some())
            .then(|| (e.event_date, e.time_precision, e.args.date.clone()))
    });
    let Some((date, precision, spans)) = lead else {
        return;
    };
    for e in events.iter_mut().flatten() {
        if e.event_date.is_none() {
            e.event_date = date;
            e.time_precision = precision;
            e.args.date = spans.clone();
        }
    }
}

fn claim_cue() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| Regex::new(r"revendiqu").unwrap())
}

fn unclaimed() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| {
        Regex::new(r"(?:(?-u:\b)(?:pas|jamais|aucun|aucune|ne|ni|non|sans)|n'a|n'ont) (?:[\w']+ ){0,2}?revendiqu").unwrap()
    })
}

/// Sentences that claim an attack for a named armed group (« l'attaque a été revendiquée
/// par le JNIM », « l'EIGS a revendiqué l'explosion »): (sentence, the group's mention, its
/// actor). A denied claim (« ne l'ont pas revendiquée ») is none.
fn claims_in(cx: &Context, r: &Resources) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    for (s, folded) in cx.folded.iter().enumerate() {
        if !claim_cue().is_match(folded) || unclaimed().is_match(folded) {
            continue;
        }
        let claimant = cx.in_sentence[s]
            .iter()
            .find_map(|&i| match cx.spans[i].norm {
                Some(Norm::Actor(a))
                    if matches!(
                        r.actors.get(a).kind,
                        ActorKind::Jihadist | ActorKind::Rebel | ActorKind::Militia
                    ) =>
                {
                    Some((i, a))
                }
                _ => None,
            });
        if let Some((i, a)) = claimant {
            out.push((s, i, a));
        }
    }
    out
}

/// The group that claimed this event, as (mention, actor): the nearest claim in its
/// paragraph or in the three sentences after it, a later one before an earlier one.
fn claimant_of(cx: &Context, g: &Group) -> Option<(usize, usize)> {
    let (first, last, para) = g.extent(cx);
    cx.claims
        .iter()
        .filter(|&&(s, _, _)| (s >= first && s <= last + 3) || cx.sentences[s].paragraph == para)
        .min_by_key(|&&(s, _, _)| {
            if s >= first {
                s - first
            } else {
                cx.sentences.len() + first - s
            }
        })
        .map(|&(_, i, a)| (i, a))
}

fn kinds_compatible(a: TriggerKind, b: TriggerKind) -> bool {
    // "attaque", "attentat": undecided triggers that can join any violent event.
    let open = |k: TriggerKind| k.sub_type.is_none();
    a.event_type == b.event_type
        || (a.event_type.is_violent() && b.event_type.is_violent() && (open(a) || open(b)))
}

fn place_of<'r>(
    cx: &Context,
    span: usize,
    r: &'r Resources,
) -> Option<&'r crate::normalize::Place> {
    match cx.spans[span].norm {
        Some(Norm::Place { place, .. }) => Some(r.gazetteer.get(place)),
        _ => None,
    }
}

fn date_of(cx: &Context, span: usize) -> ResolvedDate {
    match cx.spans[span].norm {
        Some(Norm::Date(d)) => d,
        _ => unreachable!("date spans are filtered on their norm"),
    }
}

fn dates_agree(a: ResolvedDate, b: ResolvedDate) -> bool {
    use chrono::Datelike;
    let window = |d: ResolvedDate| match d.precision {
        1 => 0,
        2 => 7,
        _ => 31,
    };
    let days = (a.date - b.date).num_days().abs();
    days <= window(a).max(window(b))
        || (a.precision == 3 || b.precision == 3)
            && a.date.year() == b.date.year()
            && a.date.month() == b.date.month()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Relation, Role};

    fn spans_of(doc: &Document, marks: &[(Label, &str)]) -> Vec<Span> {
        marks
            .iter()
            .map(|(label, s)| {
                let b = doc.text.find(s).unwrap();
                doc.span_from_bytes(*label, b..b + s.len())
            })
            .collect()
    }

    #[test]
    fn relations_from_the_tagger_decide_sides_and_place() {
        let doc = Document::new(
            "r",
            "Des hommes armés et des soldats maliens se sont affrontés à Gao, près de Ménaka, lundi 3 mars 2025.",
        );
        let marks = [
            (Label::Actor, "hommes armés"),
            (Label::Actor, "soldats maliens"),
            (Label::Event, "affrontés"),
            (Label::Loc, "Gao"),
            (Label::Loc, "Ménaka"),
        ];
        let mut ann = Annotations {
            spans: spans_of(&doc, &marks),
            relations: Vec::new(),
        };
        let country = crate::normalize::normalize(&doc, &mut ann);
        let plain = EventBuilder::new().build(&doc, &ann, country.as_deref());
        assert_eq!(plain[0].actor1, "Military Forces of Mali");
        assert_eq!(plain[0].location.as_deref(), Some("Gao"));
        ann.relations = vec![
            Relation {
                trigger: 2,
                argument: 1,
                role: Role::Actor1,
            },
            Relation {
                trigger: 2,
                argument: 0,
                role: Role::Actor2,
            },
            Relation {
                trigger: 2,
                argument: 4,
                role: Role::Location,
            },
        ];
        // Read only when asked (`--relations`).
        let unread = EventBuilder::new().build(&doc, &ann, country.as_deref());
        assert_eq!(unread[0].location.as_deref(), Some("Gao"));
        let linked = EventBuilder::new()
            .with_relations(true)
            .build(&doc, &ann, country.as_deref());
        assert_eq!(linked[0].actor1, "Military Forces of Mali");
        assert_eq!(
            linked[0].actor2.as_deref(),
            Some("Unidentified Armed Group (Mali)")
        );
        assert_eq!(linked[0].location.as_deref(), Some("Ménaka"));
    }

    fn build_marked(text: &str, marks: &[(Label, &str)]) -> Vec<Event> {
        let doc = Document::new("u", text);
        let mut ann = Annotations {
            spans: spans_of(&doc, marks),
            relations: Vec::new(),
        };
        let country = crate::normalize::normalize(&doc, &mut ann);
        EventBuilder::new().build(&doc, &ann, country.as_deref())
    }

    #[test]
    fn a_later_mention_of_the_event_is_one_of_its_triggers_but_a_plural_is_not() {
        let text = "Une embuscade a visé des soldats maliens près de Diafarabé le mardi 3 juin 2025.\n\n\
                    Les militaires ont riposté pendant deux heures. Des renforts sont arrivés en \
                    fin de journée. Le convoi a regagné sa base dans la nuit.\n\n\
                    Selon un élu local, l'embuscade est la plus meurtrière de l'année.\n\n\
                    Un responsable a évoqué la situation. Les attaques ont repris dans la zone.";
        let doc = Document::new("u", text);
        let mut spans = spans_of(
            &doc,
            &[
                (Label::Event, "embuscade"),
                (Label::Actor, "soldats maliens"),
                (Label::Loc, "Diafarabé"),
                (Label::Date, "mardi 3 juin 2025"),
                (Label::Event, "attaques"),
            ],
        );
        let again = text.find("l'embuscade").unwrap() + 2;
        spans.push(doc.span_from_bytes(Label::Event, again..again + "embuscade".len()));
        let mut ann = Annotations {
            spans,
            relations: Vec::new(),
        };
        let country = crate::normalize::normalize(&doc, &mut ann);
        let events = EventBuilder::new().build(&doc, &ann, country.as_deref());
        assert_eq!(events.len(), 1, "{events:?}");
        let triggers: Vec<usize> = events[0]
            .args
            .trigger
            .iter()
            .map(|&i| doc.offsets.to_byte(ann.spans[i].start))
            .collect();
        // « l'embuscade » names the ambush again, two paragraphs on, with no place or date of
        // its own; « Les attaques » may be any attacks.
        assert_eq!(triggers, [text.find("embuscade").unwrap(), again]);
        assert_eq!(events[0].location.as_deref(), Some("Diafarabé"));
    }

    #[test]
    fn a_placeless_telling_of_a_placed_event_gives_it_its_toll_and_is_dropped() {
        let text = "Des jihadistes ont attaqué le camp militaire de Boulkessi le lundi 30 septembre 2019.\n\n\
                    Les renforts sont arrivés dans la soirée. Le camp a été sécurisé. Les blessés \
                    ont été évacués.\n\n\
                    Le mardi 1er octobre 2019, l'état-major a fait état de combats au cours \
                    desquels 25 soldats ont perdu la vie.";
        let marks = [
            (Label::Actor, "jihadistes"),
            (Label::Event, "attaqué"),
            (Label::Loc, "Boulkessi"),
            (Label::Date, "lundi 30 septembre 2019"),
            (Label::Date, "mardi 1er octobre 2019"),
            (Label::Event, "combats"),
            (Label::Fatalities, "25"),
            (Label::Actor, "soldats"),
        ];
        let events = build_marked(text, &marks);
        assert_eq!(events.len(), 1, "{events:#?}");
        assert_eq!(events[0].location.as_deref(), Some("Boulkessi"));
        assert_eq!(
            events[0].event_date.map(|d| d.to_string()).as_deref(),
            Some("2019-09-30")
        );
        assert_eq!(events[0].fatalities, Some(25));

        // Ten days on, the fighting is another event, placed or not.
        let later = text.replace("mardi 1er octobre", "jeudi 10 octobre");
        let marks = marks.map(|(l, m)| {
            (
                l,
                if m.starts_with("mardi") {
                    "jeudi 10 octobre 2019"
                } else {
                    m
                },
            )
        });
        assert_eq!(build_marked(&later, &marks).len(), 2);
    }

    #[test]
    fn a_village_the_gazetteer_lacks_is_the_location_inside_the_cercle_the_text_names() {
        let r = resources();
        let unlisted = r.gazetteer.resolve(
            "Wendou-Gallé",
            crate::normalize::PlaceHint::None,
            Some("Mali"),
        );
        assert!(
            unlisted.is_none(),
            "the test needs a place the gazetteer lacks"
        );
        let events = build_marked(
            "Des hommes armés ont tué sept civils à Wendou-Gallé, dans le cercle de Bankass, le dimanche 4 mai 2025.",
            &[
                (Label::Actor, "hommes armés"),
                (Label::Event, "ont tué"),
                (Label::Fatalities, "sept"),
                (Label::Actor, "civils"),
                (Label::Loc, "Wendou-Gallé"),
                (Label::Loc, "Bankass"),
                (Label::Date, "dimanche 4 mai 2025"),
            ],
        );
        assert_eq!(events.len(), 1);
        let e = &events[0];
        assert_eq!(e.location.as_deref(), Some("Wendou-Gallé"));
        assert_eq!(e.admin2.as_deref(), Some("Bankass"));
        assert_eq!(e.admin1.as_deref(), Some("Mopti"));
        assert_eq!(e.country.as_deref(), Some("Mali"));
        // No invented point: the analyst geocodes the village.
        assert_eq!((e.latitude, e.geo_precision), (None, Some(1)));
        assert_eq!(e.args.location.len(), 1);
    }

    #[test]
    fn an_unlisted_place_yields_to_a_listed_town_and_common_nouns_are_no_places() {
        let near_town = build_marked(
            "Des hommes armés ont tué trois bergers près de Wendou-Gallé, à Diallassagou, le 4 mai 2025.",
            &[
                (Label::Actor, "hommes armés"),
                (Label::Event, "ont tué"),
                (Label::Loc, "Wendou-Gallé"),
                (Label::Loc, "Diallassagou"),
                (Label::Date, "4 mai 2025"),
            ],
        );
        assert_eq!(near_town[0].location.as_deref(), Some("Diallassagou"));
        let bush = build_marked(
            "Des hommes armés ont attaqué un campement dans la brousse, dans le cercle de Bankass, le 4 mai 2025.",
            &[
                (Label::Actor, "hommes armés"),
                (Label::Event, "ont attaqué"),
                (Label::Loc, "brousse"),
                (Label::Loc, "Bankass"),
                (Label::Date, "4 mai 2025"),
            ],
        );
        assert_eq!(bush[0].location.as_deref(), Some("Bankass"));
        let near = build_marked(
            "Des hommes armés ont tué trois bergers près de Wendou-Gallé le 4 mai 2025.",
            &[
                (Label::Actor, "hommes armés"),
                (Label::Event, "ont tué"),
                (Label::Loc, "Wendou-Gallé"),
                (Label::Date, "4 mai 2025"),
            ],
        );
        assert_eq!(near[0].location.as_deref(), Some("Wendou-Gallé"));
        assert_eq!(near[0].geo_precision, Some(2));
    }
}
