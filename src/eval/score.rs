//! Scoring by the spec: entities matched strictly (same label and offsets) and by overlap
//! (same label, overlapping, one to one); events paired one to one where their locations
//! agree, maximising agreement on date, type and actors; field accuracies over the pairs.

use super::assignment::best_pairs;
use super::gold::GoldEvent;
use crate::document::Label;
use crate::normalize::Gazetteer;
use crate::text::fold_key;
use serde::Serialize;
use std::collections::BTreeMap;

/// Matches counted toward precision and recall.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub matched: usize,
    pub gold: usize,
    pub predicted: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        ratio(self.matched, self.predicted)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.matched, self.gold)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    pub fn add(&mut self, o: Counts) {
        self.matched += o.matched;
        self.gold += o.gold;
        self.predicted += o.predicted;
    }
}

pub fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// A mention reduced to what entity scoring compares.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    pub label: Label,
    pub start: usize,
    pub end: usize,
}

/// Entity matches of one document, for one label or all.
#[derive(Debug, Clone, Default)]
pub struct EntityMatch {
    pub strict: Counts,
    pub overlap: Counts,
    /// (gold index, predicted index) pairs of the overlap matching.
    pub overlap_pairs: Vec<(usize, usize)>,
}

/// Scores the mentions of one document, per label.
pub fn match_entities(gold: &[Mention], pred: &[Mention]) -> BTreeMap<Label, EntityMatch> {
    let mut out = BTreeMap::new();
    for label in Label::ALL {
        let g: Vec<usize> = (0..gold.len())
            .filter(|&i| gold[i].label == label)
            .collect();
        let p: Vec<usize> = (0..pred.len())
            .filter(|&i| pred[i].label == label)
            .collect();
        let strict = g
            .iter()
            .filter(|&&i| {
                p.iter()
                    .any(|&j| pred[j].start == gold[i].start && pred[j].end == gold[i].end)
            })
            .count();
        // Overlap, one to one: the largest overlaps first.
        let mut cands: Vec<(usize, usize, usize)> = Vec::new();
        for &i in &g {
            for &j in &p {
                let ov = gold[i]
                    .end
                    .min(pred[j].end)
                    .saturating_sub(gold[i].start.max(pred[j].start));
                if ov > 0 {
                    cands.push((ov, i, j));
                }
            }
        }
        cands.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
        let (mut used_g, mut used_p, mut pairs) = (Vec::new(), Vec::new(), Vec::new());
        for (_, i, j) in cands {
            if !used_g.contains(&i) && !used_p.contains(&j) {
                used_g.push(i);
                used_p.push(j);
                pairs.push((i, j));
            }
        }
        out.insert(
            label,
            EntityMatch {
                strict: Counts {
                    matched: strict,
                    gold: g.len(),
                    predicted: p.len(),
                },
                overlap: Counts {
                    matched: pairs.len(),
                    gold: g.len(),
                    predicted: p.len(),
                },
                overlap_pairs: pairs,
            },
        );
    }
    out
}

/// Names compare case-, accent- and punctuation-insensitively.
fn same_name(a: &str, b: &str) -> bool {
    fold_key(a) == fold_key(b)
}

fn km_between(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (la1, lo1, la2, lo2) = (
        a.0.to_radians(),
        a.1.to_radians(),
        b.0.to_radians(),
        b.1.to_radians(),
    );
    let h = ((la2 - la1) / 2.0).sin().powi(2)
        + la1.cos() * la2.cos() * ((lo2 - lo1) / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().asin()
}

/// Whether a predicted event may be paired with a gold event (the spec's location rule).
pub fn locations_agree(p: &GoldEvent, g: &GoldEvent, gazetteer: &Gazetteer) -> bool {
    match (&p.location, &g.location) {
        (Some(pl), Some(gl)) if gazetteer.same_place(pl, gl) => return true,
        _ => {}
    }
    if let (Some(a), Some(b)) = (p.latitude.zip(p.longitude), g.latitude.zip(g.longitude))
        && km_between(a, b) <= 25.0
    {
        return true;
    }
    if g.location.is_some() && g.geo_precision == Some(3) {
        if let (Some(pa), Some(ga)) = (&p.admin1, &g.admin1)
            && same_name(pa, ga)
        {
            return true;
        }
        // A gold region named as the location ("Mopti" at precision 3) agrees with a
        // prediction in that region.
        if let (Some(pa), Some(gl)) = (&p.admin1, &g.location)
            && same_name(pa, gl)
        {
            return true;
        }
    }
    if g.location.is_none() && g.latitude.is_none() {
        let country = matches!((&p.country, &g.country), (Some(a), Some(b)) if same_name(a, b))
            || g.country.is_none();
        return country && matches!((&p.event_type, &g.event_type), (Some(a), Some(b)) if a == b);
    }
    false
}

pub fn date_agrees(p: &GoldEvent, g: &GoldEvent) -> bool {
    let parse = |d: &Option<String>| {
        d.as_deref()
            .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
    };
    match (parse(&p.event_date), parse(&g.event_date)) {
        (None, None) => true,
        (Some(pd), Some(gd)) => match g.time_precision.unwrap_or(1) {
            1 => pd == gd,
            2 => (pd - gd).num_days().abs() <= 7,
            _ => {
                chrono::Datelike::year(&pd) == chrono::Datelike::year(&gd)
                    && chrono::Datelike::month(&pd) == chrono::Datelike::month(&gd)
            }
        },
        _ => false,
    }
}

/// The unordered pair of main actors.
pub fn actors_agree(p: &GoldEvent, g: &GoldEvent) -> bool {
    let pair = |e: &GoldEvent| {
        let mut v: Vec<String> = [&e.actor1, &e.actor2]
            .into_iter()
            .flatten()
            .map(|a| fold_key(a))
            .collect();
        v.sort();
        v
    };
    pair(p) == pair(g)
}

pub fn type_agrees(p: &GoldEvent, g: &GoldEvent) -> bool {
    p.event_type.is_some() && p.event_type == g.event_type
}

/// Pairs the events of one document: (predicted index, gold index).
pub fn pair_events(
    pred: &[GoldEvent],
    gold: &[GoldEvent],
    gazetteer: &Gazetteer,
) -> Vec<(usize, usize)> {
    let weights: Vec<Vec<Option<u32>>> = pred
        .iter()
        .map(|p| {
            gold.iter()
                .map(|g| {
                    locations_agree(p, g, gazetteer).then(|| {
                        date_agrees(p, g) as u32
                            + type_agrees(p, g) as u32
                            + actors_agree(p, g) as u32
                    })
                })
                .collect()
        })
        .collect();
    best_pairs(&weights)
}

/// Event scores summed over documents.
#[derive(Debug, Clone, Default)]
pub struct EventTally {
    pub counts: Counts,
    pub event_type: usize,
    pub sub_event_type: usize,
    pub actors: usize,
    pub date: usize,
    /// Pairs whose gold fatalities are known, and of those the exact ones and the error sum.
    pub fatalities_known: usize,
    pub fatalities_exact: usize,
    pub fatalities_abs_error: f64,
    pub admin1_known: usize,
    pub admin1: usize,
    /// gold type → predicted type → count, over matched pairs.
    pub confusion: BTreeMap<String, BTreeMap<String, usize>>,
}

impl EventTally {
    pub fn add_document(
        &mut self,
        pred: &[GoldEvent],
        gold: &[GoldEvent],
        pairs: &[(usize, usize)],
    ) {
        self.counts.add(Counts {
            matched: pairs.len(),
            gold: gold.len(),
            predicted: pred.len(),
        });
        for &(pi, gi) in pairs {
            let (p, g) = (&pred[pi], &gold[gi]);
            self.event_type += type_agrees(p, g) as usize;
            self.sub_event_type +=
                (p.sub_event_type.is_some() && p.sub_event_type == g.sub_event_type) as usize;
            self.actors += actors_agree(p, g) as usize;
            self.date += date_agrees(p, g) as usize;
            if let Some(gf) = g.fatalities {
                self.fatalities_known += 1;
                self.fatalities_exact += (p.fatalities == Some(gf)) as usize;
                self.fatalities_abs_error += (p.fatalities.unwrap_or(0.0) - gf).abs();
            }
            if let Some(ga) = &g.admin1 {
                self.admin1_known += 1;
                self.admin1 += p.admin1.as_deref().is_some_and(|pa| same_name(pa, ga)) as usize;
            }
            let name = |t: &Option<String>| t.clone().unwrap_or_else(|| "(none)".into());
            *self
                .confusion
                .entry(name(&g.event_type))
                .or_default()
                .entry(name(&p.event_type))
                .or_default() += 1;
        }
    }
}

/// The document-level toll: all events' fatalities added up (unknown counts as 0).
pub fn total_fatalities(events: &[GoldEvent]) -> f64 {
    events.iter().filter_map(|e| e.fatalities).sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::resources;

    fn m(label: Label, start: usize, end: usize) -> Mention {
        Mention { label, start, end }
    }

    #[test]
    fn strict_and_overlap_entities() {
        let gold = vec![
            m(Label::Actor, 0, 10),
            m(Label::Loc, 20, 25),
            m(Label::Date, 30, 40),
        ];
        // a boundary error, an exact hit, two predictions over one gold date, a false alarm
        let pred = vec![
            m(Label::Actor, 2, 10),
            m(Label::Loc, 20, 25),
            m(Label::Date, 30, 34),
            m(Label::Date, 35, 40),
            m(Label::Event, 50, 55),
        ];
        let r = match_entities(&gold, &pred);
        assert_eq!(
            r[&Label::Actor].strict,
            Counts {
                matched: 0,
                gold: 1,
                predicted: 1
            }
        );
        assert_eq!(
            r[&Label::Actor].overlap,
            Counts {
                matched: 1,
                gold: 1,
                predicted: 1
            }
        );
        assert_eq!(r[&Label::Loc].strict.matched, 1);
        assert_eq!(
            r[&Label::Date].overlap,
            Counts {
                matched: 1,
                gold: 1,
                predicted: 2
            },
            "one to one"
        );
        assert_eq!(
            r[&Label::Event].overlap,
            Counts {
                matched: 0,
                gold: 0,
                predicted: 1
            }
        );
        let c = r[&Label::Date].overlap;
        assert!((c.precision() - 0.5).abs() < 1e-9 && (c.recall() - 1.0).abs() < 1e-9);
    }

    fn ev(
        loc: Option<&str>,
        date: Option<&str>,
        ty: &str,
        a1: &str,
        a2: Option<&str>,
        fat: Option<f64>,
    ) -> GoldEvent {
        GoldEvent {
            event_type: Some(ty.into()),
            sub_event_type: Some("Armed clash".into()),
            location: loc.map(String::from),
            geo_precision: loc.map(|_| 1),
            event_date: date.map(String::from),
            time_precision: date.map(|_| 1),
            actor1: Some(a1.into()),
            actor2: a2.map(String::from),
            country: Some("Mali".into()),
            fatalities: fat,
            ..Default::default()
        }
    }

    #[test]
    fn events_pair_by_location_then_agreement() {
        let g = &resources().gazetteer;
        let gold = vec![
            ev(
                Some("Diallassagou"),
                Some("2024-08-15"),
                "Battles",
                "JNIM",
                Some("Military Forces of Mali"),
                Some(15.0),
            ),
            ev(Some("Tombouctou"), None, "Battles", "JNIM", None, None),
            ev(None, Some("2024-07-26"), "Battles", "JNIM", None, None),
        ];
        let pred = vec![
            // Battles actors in the other order still agree
            ev(
                Some("diallassagou"),
                Some("2024-08-15"),
                "Battles",
                "Military Forces of Mali",
                Some("JNIM"),
                Some(14.0),
            ),
            ev(Some("Timbuktu"), None, "Battles", "JNIM", None, Some(3.0)),
            ev(Some("Gao"), None, "Battles", "JNIM", None, None), // unmatched: false alarm
            ev(
                Some("Kidal"),
                Some("2024-07-26"),
                "Battles",
                "JNIM",
                None,
                None,
            ), // gold has no location: country + type
        ];
        let pairs = pair_events(&pred, &gold, g);
        assert_eq!(pairs, vec![(0, 0), (1, 1), (3, 2)]);
        let mut t = EventTally::default();
        t.add_document(&pred, &gold, &pairs);
        assert_eq!(
            t.counts,
            Counts {
                matched: 3,
                gold: 3,
                predicted: 4
            }
        );
        assert_eq!(t.actors, 3);
        assert_eq!(t.fatalities_known, 1, "a null gold toll is skipped");
        assert_eq!(t.fatalities_exact, 0);
        assert!((t.fatalities_abs_error - 1.0).abs() < 1e-9);
    }

    #[test]
    fn dates_agree_within_the_gold_precision() {
        let mut g = ev(None, Some("2022-08-01"), "Battles", "X", None, None);
        g.time_precision = Some(3);
        let p = ev(None, Some("2022-08-07"), "Battles", "X", None, None);
        assert!(date_agrees(&p, &g));
        g.time_precision = Some(2);
        assert!(date_agrees(&p, &g));
        g.time_precision = Some(1);
        assert!(!date_agrees(&p, &g));
    }

    #[test]
    fn region_level_gold_matches_by_admin1_and_coordinates_within_25_km() {
        let gz = &resources().gazetteer;
        let mut g = ev(Some("Mopti"), None, "Battles", "X", None, None);
        g.geo_precision = Some(3);
        g.admin1 = Some("Mopti".into());
        let mut p = ev(Some("Diallassagou"), None, "Battles", "X", None, None);
        p.admin1 = Some("Mopti".into());
        assert!(locations_agree(&p, &g, gz));
        let mut g2 = ev(Some("Somewhere"), None, "Battles", "X", None, None);
        g2.latitude = Some(14.00);
        g2.longitude = Some(-3.00);
        let mut p2 = ev(Some("Elsewhere"), None, "Battles", "X", None, None);
        p2.latitude = Some(14.10);
        p2.longitude = Some(-3.10);
        assert!(locations_agree(&p2, &g2, gz), "about 15 km apart");
        p2.latitude = Some(14.5);
        assert!(!locations_agree(&p2, &g2, gz));
    }
}
