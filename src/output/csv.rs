//! CSV output with ACLED's column names, one row per event, plus the document id, a status
//! column and the evidence text. A document with no events (or that failed) still gets one
//! row, with empty event columns, so that every input is accounted for.

use crate::events::Event;
use crate::pipeline::Extraction;

pub const EVENT_COLUMNS: &[&str] = &[
    "doc_id",
    "doc_status",
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "iso",
    "country",
    "admin1",
    "admin2",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "notes",
    "fatalities",
    "evidence",
];

pub const ENTITY_COLUMNS: &[&str] = &[
    "doc_id",
    "doc_status",
    "entity_id",
    "label",
    "start",
    "end",
    "text",
    "norm",
];

fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(ToString::to_string).unwrap_or_default()
}

/// ACLED-style event id: the country's ISO code, the document and the event's number.
pub fn event_id_cnty(e: &Event, doc_id: &str, n: usize) -> String {
    let iso = e
        .country
        .as_deref()
        .and_then(crate::normalize::place::country_iso)
        .unwrap_or("XXX");
    format!("{iso}-{doc_id}-{}", n + 1)
}

pub fn event_rows(x: &Extraction) -> Vec<Vec<String>> {
    if x.events.is_empty() {
        let mut row = vec![String::new(); EVENT_COLUMNS.len()];
        row[0] = x.doc.id.clone();
        row[1] = "no_events".into();
        return vec![row];
    }
    x.events
        .iter()
        .enumerate()
        .map(|(n, e)| {
            let notes = format!("{} ({})", e.sub_event_type, e.event_type.as_str());
            vec![
                x.doc.id.clone(),
                "ok".into(),
                event_id_cnty(e, &x.doc.id, n),
                opt(&e.event_date),
                e.event_date
                    .map(|d| chrono::Datelike::year(&d).to_string())
                    .unwrap_or_default(),
                opt(&e.time_precision),
                e.event_type.as_str().into(),
                e.sub_event_type.into(),
                e.actor1.clone(),
                opt(&e.assoc_actor_1),
                e.inter1.to_string(),
                opt(&e.actor2),
                opt(&e.assoc_actor_2),
                opt(&e.inter2),
                e.interaction().to_string(),
                e.country
                    .as_deref()
                    .and_then(crate::normalize::place::country_iso)
                    .unwrap_or_default()
                    .into(),
                opt(&e.country),
                opt(&e.admin1),
                opt(&e.admin2),
                opt(&e.location),
                e.latitude.map(|v| format!("{v:.4}")).unwrap_or_default(),
                e.longitude.map(|v| format!("{v:.4}")).unwrap_or_default(),
                opt(&e.geo_precision),
                x.doc.source.clone().unwrap_or_default(),
                notes,
                opt(&e.fatalities),
                e.evidence.clone(),
            ]
        })
        .collect()
}

pub fn entity_rows(x: &Extraction) -> Vec<Vec<String>> {
    if x.spans.is_empty() {
        let mut row = vec![String::new(); ENTITY_COLUMNS.len()];
        row[0] = x.doc.id.clone();
        row[1] = "no_entities".into();
        return vec![row];
    }
    x.spans
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let norm = super::jsonl::norm_value(s.norm, x.country.as_deref());
            let norm = match norm {
                serde_json::Value::Null => String::new(),
                serde_json::Value::String(s) => s,
                v => v.to_string(),
            };
            vec![
                x.doc.id.clone(),
                "ok".into(),
                super::jsonl::entity_id(i),
                s.label.as_str().into(),
                s.start.to_string(),
                s.end.to_string(),
                s.text.clone(),
                norm,
            ]
        })
        .collect()
}

/// A row for a document that failed, in either table.
pub fn failure_row(columns: &[&str], id: &str, message: &str) -> Vec<String> {
    let mut row = vec![String::new(); columns.len()];
    row[0] = id.to_string();
    row[1] = format!("error: {message}");
    row
}
