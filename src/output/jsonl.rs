//! JSON Lines output in the spec's format: one document per line with its entities and
//! events (plus ACLED's inter codes, the ISO code and the evidence sentences).

use crate::events::Event;
use crate::normalize::{Norm, resources};
use crate::pipeline::Extraction;
use serde_json::{Value, json};

pub fn entity_id(i: usize) -> String {
    format!("t{}", i + 1)
}

/// The `norm` value of a span, as the spec describes it.
pub fn norm_value(norm: Option<Norm>, country: Option<&str>) -> Value {
    let r = resources();
    match norm {
        Some(Norm::Actor(a)) => json!(r.actors.get(a).name_for(country)),
        Some(Norm::Place { place, .. }) => json!(r.gazetteer.get(place).name),
        Some(Norm::Count(c)) => json!(c.value),
        Some(Norm::Date(d)) => json!(d.date.to_string()),
        Some(Norm::Trigger(k)) => json!(k.event_type.as_str()),
        None => Value::Null,
    }
}

pub fn event_json(i: usize, e: &Event) -> Value {
    let ids = |v: &[usize]| v.iter().map(|&i| entity_id(i)).collect::<Vec<_>>();
    let mut args = serde_json::Map::new();
    for (role, list) in [
        ("trigger", &e.args.trigger),
        ("actor1", &e.args.actor1),
        ("actor2", &e.args.actor2),
        ("location", &e.args.location),
        ("date", &e.args.date),
        ("fatalities", &e.args.fatalities),
    ] {
        if !list.is_empty() {
            args.insert(role.into(), json!(ids(list)));
        }
    }
    json!({
        "id": format!("ev{}", i + 1),
        "event_date": e.event_date.map(|d| d.to_string()),
        "time_precision": e.time_precision,
        "event_type": e.event_type.as_str(),
        "sub_event_type": e.sub_event_type,
        "actor1": e.actor1,
        "actor2": e.actor2,
        "assoc_actor_1": e.assoc_actor_1,
        "assoc_actor_2": e.assoc_actor_2,
        "inter1": e.inter1,
        "inter2": e.inter2,
        "interaction": e.interaction(),
        "country": e.country,
        "iso": e.country.as_deref().and_then(crate::normalize::place::country_iso),
        "admin1": e.admin1,
        "admin2": e.admin2,
        "location": e.location,
        "latitude": e.latitude,
        "longitude": e.longitude,
        "geo_precision": e.geo_precision,
        "fatalities": e.fatalities,
        "args": args,
        "evidence": e.evidence,
    })
}

/// One output line for a processed document. `with_events` is false for `tag`.
pub fn document_json(x: &Extraction, with_events: bool) -> Value {
    let country = x.country.as_deref();
    let entities: Vec<Value> = x
        .spans
        .iter()
        .enumerate()
        .map(|(i, s)| {
            json!({"id": entity_id(i), "label": s.label.as_str(), "start": s.start, "end": s.end, "text": s.text, "norm": norm_value(s.norm, country)})
        })
        .collect();
    let mut v = json!({
        "id": x.doc.id,
        "lang": "fr",
        "published": x.doc.published.map(|p| p.to_string()),
        "source": x.doc.source,
        "url": x.doc.url,
        "text": x.doc.text,
        "entities": entities,
    });
    if with_events {
        v["events"] = Value::Array(
            x.events
                .iter()
                .enumerate()
                .map(|(i, e)| event_json(i, e))
                .collect(),
        );
    }
    v
}

/// The line written for a document that could not be processed, so that it is accounted for.
pub fn failure_json(id: &str, origin: &str, message: &str) -> Value {
    json!({"id": id, "error": message, "origin": origin, "entities": [], "events": []})
}
