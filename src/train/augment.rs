//! Augmentation: copies of a gold document where actor, place, number and date mentions are
//! replaced by others of the same kind (lexicon aliases, gazetteer places of the same
//! country, other counts, other dates), with entity offsets and the event fields that point
//! at the replaced mentions kept consistent.

use crate::eval::gold::{GoldDocument, GoldEvent};
use crate::normalize::{ActorKind, PlaceKind, resources};
use chrono::{Datelike, Duration, NaiveDate};
use rand::Rng;
use rand::rngs::StdRng;
use rand::seq::IndexedRandom;

const MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];
const WEEKDAYS: [&str; 7] = [
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
];

fn french_date(d: NaiveDate, weekday: bool) -> String {
    let day = if d.day() == 1 {
        "1er".to_string()
    } else {
        d.day().to_string()
    };
    let base = format!("{day} {} {}", MONTHS[d.month0() as usize], d.year());
    if weekday {
        format!(
            "{} {base}",
            WEEKDAYS[d.weekday().num_days_from_monday() as usize]
        )
    } else {
        base
    }
}

/// What a mention becomes, and how the events that point at it change.
enum Change {
    Actor(String),
    Place(usize),
    Count(u32, u32),
    Date(NaiveDate),
}

/// One augmented copy. Each eligible mention is replaced with probability `rate`.
pub fn augment(doc: &GoldDocument, rng: &mut StdRng, rate: f64, copy: usize) -> GoldDocument {
    let r = resources();
    let country = doc.events.iter().find_map(|e| e.country.clone());
    let mut ents = doc.entities.clone();
    ents.sort_by_key(|e| e.start);
    let chars: Vec<char> = doc.text.chars().collect();
    let mut text = String::new();
    let mut changes: Vec<(String, Change)> = Vec::new();
    let mut at = 0usize;
    let mut shift: i64 = 0;
    let named: Vec<usize> = (0..r.actors.actors.len())
        .filter(|&i| {
            matches!(
                r.actors.get(i).kind,
                ActorKind::Jihadist
                    | ActorKind::Rebel
                    | ActorKind::Militia
                    | ActorKind::External
                    | ActorKind::State
            )
        })
        .collect();
    for e in &mut ents {
        if e.start < at || e.end > chars.len() {
            continue; // overlapping or broken entity: leave it alone
        }
        text.extend(&chars[at..e.start]);
        let mut replacement: Option<(String, Change)> = None;
        if rng.random_bool(rate) {
            match e.label.as_str() {
                "ACTOR"
                    if r.actors
                        .resolve(&e.text)
                        .is_some_and(|a| named.contains(&a)) =>
                {
                    let to = *named.choose(rng).expect("named actors");
                    if let Some(alias) = r.actors.get(to).aliases.choose(rng) {
                        replacement =
                            Some((alias.clone(), Change::Actor(r.actors.get(to).name.clone())));
                    }
                }
                "LOC" => {
                    let here = r.gazetteer.resolve(
                        &e.text,
                        crate::normalize::PlaceHint::None,
                        country.as_deref(),
                    );
                    if let Some(p) = here
                        .map(|i| r.gazetteer.get(i))
                        .filter(|p| p.kind == PlaceKind::PopulatedPlace)
                    {
                        let same: Vec<usize> = (0..r.gazetteer.places.len())
                            .filter(|&i| {
                                r.gazetteer.get(i).kind == PlaceKind::PopulatedPlace
                                    && r.gazetteer.get(i).country == p.country
                            })
                            .collect();
                        if let Some(&to) = same.choose(rng) {
                            replacement =
                                Some((r.gazetteer.get(to).name.clone(), Change::Place(to)));
                        }
                    }
                }
                "FATALITIES" => {
                    if let Ok(old) = e.text.parse::<u32>() {
                        let new = rng.random_range(1..=old.max(5) * 2);
                        replacement = Some((new.to_string(), Change::Count(old, new)));
                    }
                }
                "DATE" => {
                    let f = crate::text::fold(&e.text);
                    let weekday = WEEKDAYS.iter().any(|w| f.starts_with(w));
                    if f.chars().filter(|c| c.is_ascii_digit()).count() >= 5
                        && let Some(d) = crate::normalize::date::resolve(&e.text, None)
                            .filter(|d| d.precision == 1)
                    {
                        let new = d.date + Duration::days(rng.random_range(-200..=200));
                        replacement = Some((french_date(new, weekday), Change::Date(new)));
                    }
                }
                _ => {}
            }
        }
        let new_start = (e.start as i64 + shift) as usize;
        if let Some((surface, change)) = replacement {
            shift += surface.chars().count() as i64 - (e.end - e.start) as i64;
            text.push_str(&surface);
            e.text = surface;
            changes.push((e.id.clone(), change));
        } else {
            text.extend(&chars[e.start..e.end]);
        }
        at = e.end;
        e.end = new_start + e.text.chars().count();
        e.start = new_start;
    }
    text.extend(&chars[at.min(chars.len())..]);
    let mut events = doc.events.clone();
    for ev in &mut events {
        update_event(ev, &changes, country.as_deref());
    }
    GoldDocument {
        id: format!("{}~aug{copy}", doc.id),
        text,
        published: doc.published.clone(),
        split: doc.split.clone(),
        source: doc.source.clone(),
        entities: ents,
        events,
    }
}

fn update_event(ev: &mut GoldEvent, changes: &[(String, Change)], country: Option<&str>) {
    let r = resources();
    let Some(args) = ev.args.clone() else { return };
    let only = |role: &str, id: &str| args.get(role).is_some_and(|v| v.len() == 1 && v[0] == id);
    let has = |role: &str, id: &str| args.get(role).is_some_and(|v| v.iter().any(|x| x == id));
    for (id, change) in changes {
        match change {
            Change::Actor(name) => {
                let name = name.replace("{country}", country.unwrap_or("Mali"));
                if has("actor1", id) {
                    ev.actor1 = Some(name.clone());
                }
                if has("actor2", id) {
                    ev.actor2 = Some(name);
                }
            }
            Change::Place(p) if only("location", id) => {
                let p = r.gazetteer.get(*p);
                ev.location = Some(p.name.clone());
                ev.admin1 = p.admin1.clone();
                ev.admin2 = p.admin2.clone();
                ev.latitude = p.latitude;
                ev.longitude = p.longitude;
            }
            Change::Count(old, new)
                if only("fatalities", id) && ev.fatalities == Some(*old as f64) =>
            {
                ev.fatalities = Some(*new as f64)
            }
            Change::Date(d) if only("date", id) && ev.time_precision == Some(1) => {
                ev.event_date = Some(d.to_string())
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn replacements_keep_offsets_and_event_fields_consistent() {
        let gold = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/eval/gold/train.jsonl"
        ))
        .unwrap();
        let mut rng = StdRng::seed_from_u64(5);
        let mut changed = 0;
        for line in gold.lines().take(40) {
            let doc: GoldDocument = serde_json::from_str(line).unwrap();
            let aug = augment(&doc, &mut rng, 0.6, 1);
            assert!(
                aug.structural_problems().is_empty(),
                "{:?}",
                aug.structural_problems()
            );
            assert_eq!(aug.entities.len(), doc.entities.len());
            if aug.text != doc.text {
                changed += 1;
            }
            for (a, b) in aug.events.iter().zip(&doc.events) {
                assert_eq!(a.event_type, b.event_type);
                if a.location != b.location {
                    assert!(
                        a.location
                            .as_ref()
                            .is_some_and(|l| aug.text.contains(l.as_str())),
                        "new location is in the text"
                    );
                }
            }
        }
        assert!(changed > 30, "most documents change ({changed})");
    }
}
