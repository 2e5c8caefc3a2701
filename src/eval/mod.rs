//! The evaluation harness: runs taggers over a gold file and scores them by the spec
//! (`shared/spec/ANNOTATION.md`), side by side, as JSON and Markdown; lists the errors.

pub mod assignment;
pub mod gold;
pub mod report;
pub mod score;
pub mod validate;

use crate::document::Label;
use crate::events::Event;
use crate::pipeline::{Extraction, Pipeline};
use crate::tagger::{self, TaggerKind};
use gold::{GoldEvent, GoldLine};
use score::{Counts, EntityMatch, EventTally, Mention};
use std::collections::BTreeMap;
use std::time::Instant;

/// The scores of one system over the gold file.
#[derive(Debug, Clone, Default)]
pub struct SystemScores {
    pub strict: BTreeMap<Label, Counts>,
    pub overlap: BTreeMap<Label, Counts>,
    pub events: EventTally,
    pub total_fatalities_abs_error: f64,
    pub documents: usize,
    pub seconds: f64,
    pub errors: Vec<ErrorItem>,
}

impl SystemScores {
    pub fn micro(&self, strict: bool) -> Counts {
        let mut c = Counts::default();
        for v in if strict { &self.strict } else { &self.overlap }.values() {
            c.add(*v);
        }
        c
    }
}

/// What a system produced for one system: scores, or why it could not run.
#[derive(Debug, Clone)]
pub enum SystemResult {
    Scored(Box<SystemScores>),
    Unavailable(String),
}

/// One error, for `--errors`: its kind ("missed ACTOR", "false alarm LOC", "wrong date"…),
/// the document, and the text around it.
#[derive(Debug, Clone)]
pub struct ErrorItem {
    pub kind: String,
    pub doc: String,
    pub detail: String,
}

/// Converts a pipeline event into the gold event shape, so both sides are compared alike.
pub fn as_gold_event(e: &Event) -> GoldEvent {
    GoldEvent {
        id: None,
        event_date: e.event_date.map(|d| d.to_string()),
        time_precision: e.time_precision,
        event_type: Some(e.event_type.as_str().to_string()),
        sub_event_type: Some(e.sub_event_type.to_string()),
        actor1: Some(e.actor1.clone()),
        actor2: e.actor2.clone(),
        assoc_actor_1: e.assoc_actor_1.clone(),
        assoc_actor_2: e.assoc_actor_2.clone(),
        country: e.country.clone(),
        admin1: e.admin1.clone(),
        admin2: e.admin2.clone(),
        location: e.location.clone(),
        latitude: e.latitude,
        longitude: e.longitude,
        geo_precision: e.geo_precision,
        fatalities: e.fatalities.map(f64::from),
        args: None,
    }
}

/// Runs one system over the gold documents and scores it.
pub fn evaluate(kind: TaggerKind, docs: &[GoldLine], opts: &tagger::ModelOptions) -> SystemResult {
    let tagger = match tagger::build(kind, opts) {
        Ok(t) => t,
        Err(e) => return SystemResult::Unavailable(format!("{e:#}")),
    };
    let pipeline = Pipeline::new(tagger).with_relations(opts.relations);
    let start = Instant::now();
    let runs: Vec<anyhow::Result<Extraction>> =
        pipeline.run_batch(docs.iter().map(|g| g.doc.to_document()).collect());
    let seconds = start.elapsed().as_secs_f64();
    let mut s = SystemScores {
        seconds,
        documents: docs.len(),
        ..Default::default()
    };
    for (g, run) in docs.iter().zip(runs) {
        let x = match run {
            Ok(x) => x,
            Err(e) => {
                s.errors.push(ErrorItem {
                    kind: "failed document".into(),
                    doc: g.doc.id.clone(),
                    detail: format!("{e:#}"),
                });
                continue;
            }
        };
        score_document(&g.doc, &Prediction::from_extraction(&x), &mut s);
    }
    SystemResult::Scored(Box::new(s))
}

/// What a system predicted for one document, in the form scoring compares.
#[derive(Debug, Clone, Default)]
pub struct Prediction {
    pub mentions: Vec<Mention>,
    pub texts: Vec<String>,
    pub events: Vec<GoldEvent>,
}

impl Prediction {
    pub fn from_extraction(x: &Extraction) -> Self {
        Prediction {
            mentions: x
                .spans
                .iter()
                .map(|p| Mention {
                    label: p.label,
                    start: p.start,
                    end: p.end,
                })
                .collect(),
            texts: x.spans.iter().map(|p| p.text.clone()).collect(),
            events: x.events.iter().map(as_gold_event).collect(),
        }
    }

    /// A document of a predictions file (the output of `extract`, or a second annotation).
    pub fn from_gold(d: &gold::GoldDocument) -> Self {
        let valid: Vec<&gold::GoldEntity> = d
            .entities
            .iter()
            .filter(|e| Label::parse(&e.label).is_some())
            .collect();
        Prediction {
            mentions: valid
                .iter()
                .map(|e| Mention {
                    label: Label::parse(&e.label).expect("filtered"),
                    start: e.start,
                    end: e.end,
                })
                .collect(),
            texts: valid.iter().map(|e| e.text.clone()).collect(),
            events: d.events.clone(),
        }
    }
}

/// Scores a file of predictions (JSON Lines in the spec's format, matched to the gold by
/// document id) as one more system. Gold documents with no prediction count as predicting
/// nothing.
pub fn evaluate_file(predicted: &[GoldLine], docs: &[GoldLine]) -> SystemResult {
    let by_id: std::collections::HashMap<&str, &gold::GoldDocument> = predicted
        .iter()
        .map(|l| (l.doc.id.as_str(), &l.doc))
        .collect();
    let mut s = SystemScores {
        documents: docs.len(),
        ..Default::default()
    };
    for g in docs {
        let p = match by_id.get(g.doc.id.as_str()) {
            Some(p) if p.text == g.doc.text => Prediction::from_gold(p),
            Some(_) => {
                s.errors.push(ErrorItem { kind: "failed document".into(), doc: g.doc.id.clone(), detail: "the predicted document's text differs from the gold text; offsets cannot be compared".into() });
                Prediction::default()
            }
            None => {
                s.errors.push(ErrorItem {
                    kind: "failed document".into(),
                    doc: g.doc.id.clone(),
                    detail: "no prediction for this document".into(),
                });
                Prediction::default()
            }
        };
        score_document(&g.doc, &p, &mut s);
    }
    SystemResult::Scored(Box::new(s))
}

fn context(text: &str, start: usize, end: usize) -> String {
    let chars: Vec<char> = text.chars().collect();
    let a = start.saturating_sub(40);
    let b = (end + 40).min(chars.len());
    let s: String = chars[a..start].iter().collect();
    let m: String = chars[start..end.min(chars.len())].iter().collect();
    let e: String = chars[end.min(chars.len())..b].iter().collect();
    format!("…{}[{}]{}…", s, m, e).replace('\n', " ")
}

fn describe(e: &GoldEvent) -> String {
    format!(
        "{} / {} at {} ({}), {} — {} vs {}, fatalities {}",
        e.event_type.as_deref().unwrap_or("?"),
        e.sub_event_type.as_deref().unwrap_or("?"),
        e.location.as_deref().unwrap_or("no location"),
        e.admin1.as_deref().unwrap_or("?"),
        e.event_date.as_deref().unwrap_or("undated"),
        e.actor1.as_deref().unwrap_or("?"),
        e.actor2.as_deref().unwrap_or("—"),
        e.fatalities.map_or("null".to_string(), |f| f.to_string()),
    )
}

fn score_document(gold: &gold::GoldDocument, pred: &Prediction, s: &mut SystemScores) {
    let gold_mentions = gold.mentions();
    let pred_mentions = &pred.mentions;
    let matches: BTreeMap<Label, EntityMatch> =
        score::match_entities(&gold_mentions, pred_mentions);
    for (label, m) in &matches {
        s.strict.entry(*label).or_default().add(m.strict);
        s.overlap.entry(*label).or_default().add(m.overlap);
        let gold_hit: Vec<usize> = m.overlap_pairs.iter().map(|p| p.0).collect();
        let pred_hit: Vec<usize> = m.overlap_pairs.iter().map(|p| p.1).collect();
        for (i, g) in gold_mentions
            .iter()
            .enumerate()
            .filter(|(_, g)| g.label == *label)
        {
            if !gold_hit.contains(&i) {
                s.errors.push(ErrorItem {
                    kind: format!("missed {label}"),
                    doc: gold.id.clone(),
                    detail: context(&gold.text, g.start, g.end),
                });
            }
        }
        for (j, p) in pred_mentions
            .iter()
            .enumerate()
            .filter(|(_, p)| p.label == *label)
        {
            if !pred_hit.contains(&j) {
                s.errors.push(ErrorItem {
                    kind: format!("false alarm {label}"),
                    doc: gold.id.clone(),
                    detail: context(&gold.text, p.start, p.end),
                });
            }
        }
        for &(i, j) in &m.overlap_pairs {
            let (g, p) = (&gold_mentions[i], &pred_mentions[j]);
            if (g.start, g.end) != (p.start, p.end) {
                let gt: String = gold
                    .text
                    .chars()
                    .skip(g.start)
                    .take(g.end - g.start)
                    .collect();
                s.errors.push(ErrorItem {
                    kind: format!("boundary {label}"),
                    doc: gold.id.clone(),
                    detail: format!("gold «{gt}» predicted «{}»", pred.texts[j]),
                });
            }
        }
    }
    let pred_events = &pred.events;
    let pairs = score::pair_events(
        pred_events,
        &gold.events,
        &crate::normalize::resources().gazetteer,
    );
    s.events.add_document(pred_events, &gold.events, &pairs);
    s.total_fatalities_abs_error +=
        (score::total_fatalities(pred_events) - score::total_fatalities(&gold.events)).abs();
    for (gi, g) in gold.events.iter().enumerate() {
        if !pairs.iter().any(|p| p.1 == gi) {
            s.errors.push(ErrorItem {
                kind: "missed event".into(),
                doc: gold.id.clone(),
                detail: describe(g),
            });
        }
    }
    for (pi, p) in pred_events.iter().enumerate() {
        match pairs.iter().find(|q| q.0 == pi) {
            None => s.errors.push(ErrorItem {
                kind: "false alarm event".into(),
                doc: gold.id.clone(),
                detail: describe(p),
            }),
            Some(&(_, gi)) => {
                let g = &gold.events[gi];
                let wrong = |field: &str| ErrorItem {
                    kind: format!("wrong {field}"),
                    doc: gold.id.clone(),
                    detail: format!("gold: {}\n      pred: {}", describe(g), describe(p)),
                };
                if !score::type_agrees(p, g) || p.sub_event_type != g.sub_event_type {
                    s.errors.push(wrong("event type"));
                }
                if !score::actors_agree(p, g) {
                    s.errors.push(wrong("actors"));
                }
                if !score::date_agrees(p, g) {
                    s.errors.push(wrong("date"));
                }
                if g.fatalities.is_some() && p.fatalities != g.fatalities {
                    s.errors.push(wrong("fatalities"));
                }
            }
        }
    }
}
