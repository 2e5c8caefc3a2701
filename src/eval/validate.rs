//! `eval validate`: everything the spec requires of a gold file, beyond what scoring needs —
//! ACLED event types, canonical actor names, parseable dates, valid precisions, `args` that
//! point at real entities.

use super::gold::{GoldError, GoldEvent, GoldLine};
use crate::events::EventType;
use crate::normalize::resources;
use regex::Regex;
use std::sync::OnceLock;

const ROLES: &[&str] = &[
    "trigger",
    "actor1",
    "actor2",
    "location",
    "date",
    "fatalities",
];

/// Actor names allowed beside the lexicon's canonical names: the spec's `Name (Country)`
/// patterns.
fn actor_patterns() -> &'static Vec<Regex> {
    static P: OnceLock<Vec<Regex>> = OnceLock::new();
    P.get_or_init(|| {
        let country = r"[A-Z][\p{L}' .-]+";
        let mut v = vec![
            Regex::new(&format!(r"^(?:Military|Police) Forces of {country}$")).unwrap(),
            Regex::new(&format!(
                r"^[A-Z][\p{{L}}-]+ (?:Ethnic|Communal) Militia \({country}\)$"
            ))
            .unwrap(),
        ];
        for a in &resources().actors.actors {
            if a.name.contains("{country}") {
                let pattern = regex::escape(&a.name).replace(r"\{country\}", country);
                v.push(Regex::new(&format!("^{pattern}$")).unwrap());
            }
        }
        v
    })
}

pub fn is_valid_actor(name: &str) -> bool {
    let lex = &resources().actors;
    lex.actors
        .iter()
        .any(|a| !a.name.contains('{') && a.name == name)
        || actor_patterns().iter().any(|p| p.is_match(name))
}

/// All problems of a parsed gold file (structural problems are reported by the reader).
pub fn problems(file: &str, docs: &[GoldLine]) -> Vec<GoldError> {
    let mut out = Vec::new();
    for GoldLine { line, doc } in docs {
        let mut say = |m: String| {
            out.push(GoldError {
                file: file.to_string(),
                line: *line,
                message: format!("document {}: {m}", doc.id),
            })
        };
        if let Some(p) = &doc.published
            && let Err(e) = p.parse::<crate::document::PublicationDate>()
        {
            say(format!("published: {e}"));
        }
        if let Some(s) = &doc.split
            && !matches!(s.as_str(), "train" | "dev" | "test")
        {
            say(format!("split `{s}` is not train, dev or test"));
        }
        let ids: std::collections::HashSet<&str> =
            doc.entities.iter().map(|e| e.id.as_str()).collect();
        if ids.len() != doc.entities.len() {
            say("entity ids are not unique".into());
        }
        for (i, ev) in doc.events.iter().enumerate() {
            let name = ev.id.clone().unwrap_or_else(|| format!("#{}", i + 1));
            for m in event_problems(ev, &ids) {
                say(format!("event {name}: {m}"));
            }
        }
    }
    out
}

fn event_problems(ev: &GoldEvent, entity_ids: &std::collections::HashSet<&str>) -> Vec<String> {
    let mut out = Vec::new();
    match ev.event_type.as_deref().map(|t| (t, EventType::parse(t))) {
        None => out.push("no event_type".into()),
        Some((t, None)) => out.push(format!("event_type `{t}` is not one of ACLED's six types")),
        Some((_, Some(t))) => match ev.sub_event_type.as_deref() {
            None => out.push("no sub_event_type".into()),
            Some(s) if t.sub_type(s).is_none() => out.push(format!(
                "sub_event_type `{s}` is not a sub-type of {}",
                t.as_str()
            )),
            _ => {}
        },
    }
    match ev.actor1.as_deref() {
        None => out.push("no actor1".into()),
        Some(a) if !is_valid_actor(a) => out.push(format!(
            "actor1 `{a}` is neither a canonical actor nor a `Name (Country)` pattern"
        )),
        _ => {}
    }
    for (field, value) in [
        ("actor2", &ev.actor2),
        ("assoc_actor_1", &ev.assoc_actor_1),
        ("assoc_actor_2", &ev.assoc_actor_2),
    ] {
        if let Some(v) = value {
            for a in v.split("; ") {
                if !is_valid_actor(a) {
                    out.push(format!(
                        "{field} `{a}` is neither a canonical actor nor a `Name (Country)` pattern"
                    ));
                }
            }
        }
    }
    match (&ev.event_date, ev.time_precision) {
        (Some(d), p) => {
            if chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").is_err() {
                out.push(format!("event_date `{d}` is not YYYY-MM-DD"));
            }
            if !matches!(p, Some(1..=3)) {
                out.push("time_precision must be 1, 2 or 3 when event_date is set".into());
            }
        }
        (None, Some(_)) => out.push("time_precision without event_date".into()),
        (None, None) => {}
    }
    if ev.geo_precision.is_some_and(|g| !(1..=3).contains(&g)) {
        out.push("geo_precision must be 1, 2 or 3".into());
    }
    if ev.location.is_some() && ev.geo_precision.is_none() {
        out.push("a location needs a geo_precision".into());
    }
    if ev.country.is_none() {
        out.push("no country".into());
    }
    if let Some(f) = ev.fatalities
        && (f < 0.0 || f.fract() != 0.0)
    {
        out.push(format!("fatalities {f} is not a non-negative integer"));
    }
    if let Some((lat, lon)) = ev.latitude.zip(ev.longitude)
        && (!(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon))
    {
        out.push(format!("coordinates {lat}, {lon} are out of range"));
    }
    if let Some(args) = &ev.args {
        for (role, refs) in args {
            if !ROLES.contains(&role.as_str()) {
                out.push(format!(
                    "args role `{role}` is not one of {}",
                    ROLES.join(", ")
                ));
            }
            for r in refs {
                if !entity_ids.contains(r.as_str()) {
                    out.push(format!(
                        "args.{role} names entity `{r}`, which does not exist"
                    ));
                }
            }
        }
    }
    out
}
