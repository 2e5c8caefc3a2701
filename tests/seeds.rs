//! End-to-end checks on the five real articles in `eval/seeds/`: the rule pipeline must find
//! the events an analyst would code from them.

use sahel_events::document::{Document, Label, PublicationDate};
use sahel_events::events::{Event, EventType};
use sahel_events::input;
use sahel_events::normalize::{Norm, resources};
use sahel_events::pipeline::{Extraction, Pipeline};
use sahel_events::tagger::RuleTagger;
use std::path::Path;

fn seed(prefix: &str) -> Document {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("eval/seeds");
    let path = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
        .unwrap_or_else(|| panic!("no seed {prefix} in {}", dir.display()));
    input::read(&path).remove(0).expect("seed reads")
}

fn extract(doc: Document) -> Extraction {
    Pipeline::new(Box::new(RuleTagger::new())).run(doc).unwrap()
}

fn at<'a>(x: &'a Extraction, place: &str) -> Vec<&'a Event> {
    let g = &resources().gazetteer;
    x.events
        .iter()
        .filter(|e| {
            e.location
                .as_deref()
                .is_some_and(|l| g.same_place(l, place))
        })
        .collect()
}

fn actors(e: &Event) -> Vec<&str> {
    let mut v = vec![e.actor1.as_str()];
    v.extend(e.actor2.as_deref());
    v.sort();
    v
}

#[test]
fn seed_002_diallassagou_ambush() {
    let x = extract(seed("002"));
    assert_eq!(
        x.events.len(),
        1,
        "one ambush told several times: {:#?}",
        x.events
    );
    let e = &x.events[0];
    assert_eq!(e.location.as_deref(), Some("Diallassagou"));
    assert_eq!(
        (e.admin1.as_deref(), e.admin2.as_deref()),
        (Some("Mopti"), Some("Bankass"))
    );
    assert_eq!(e.country.as_deref(), Some("Mali"));
    assert_eq!(
        e.event_date.map(|d| d.to_string()).as_deref(),
        Some("2024-08-15")
    );
    assert_eq!(e.time_precision, Some(1));
    assert_eq!(e.event_type, EventType::Battles);
    assert_eq!(actors(e), vec!["JNIM", "Military Forces of Mali"]);
    assert_eq!(
        e.fatalities,
        Some(15),
        "un gendarme + quatorze éléments = au moins quinze"
    );
    assert_eq!(
        e.geo_precision,
        Some(2),
        "près de la localité de Diallassagou"
    );
    // Told again four paragraphs on: « Le bilan de cette attaque est tragique ».
    let triggers: Vec<&str> = e
        .args
        .trigger
        .iter()
        .map(|&i| x.spans[i].text.as_str())
        .collect();
    let again = x.doc.text.find("cette attaque").unwrap();
    assert!(
        e.args
            .trigger
            .iter()
            .any(|&i| x.doc.offsets.to_byte(x.spans[i].start) == again + "cette ".len()),
        "« cette attaque » is a trigger of the ambush: {triggers:?}"
    );
}

#[test]
fn seed_001_tinzaoutene_air_strikes() {
    let x = extract(seed("001"));
    let strikes = at(&x, "Tinzaoutene");
    let e = strikes
        .iter()
        .find(|e| e.sub_event_type == "Air/drone strike")
        .expect("an air strike at Tinzaoutene");
    assert_eq!(
        e.event_date.map(|d| d.to_string()).as_deref(),
        Some("2024-07-30")
    );
    assert_eq!(e.actor1, "Military Forces of Mali");
    assert!(
        e.assoc_actor_1
            .as_deref()
            .is_some_and(|a| a.contains("Military Forces of Burkina Faso")),
        "{e:?}"
    );
    assert_eq!(e.admin1.as_deref(), Some("Kidal"));
    // The kamikaze assault of 26 July is a separate, earlier event.
    assert!(
        x.events
            .iter()
            .any(|e| e.event_date.map(|d| d.to_string()).as_deref() == Some("2024-07-26"))
    );
}

#[test]
fn seed_003_tessit_background_attack_is_kept() {
    let doc = seed("003").with_published(Some("2022-08-16".parse::<PublicationDate>().unwrap()));
    let x = extract(doc);
    let tessit = at(&x, "Tessit");
    assert_eq!(tessit.len(), 1, "{:#?}", x.events);
    let e = tessit[0];
    assert_eq!(e.fatalities, Some(42));
    assert_eq!(
        e.event_date.map(|d| d.to_string()).as_deref(),
        Some("2022-08-01")
    );
    assert_eq!(e.time_precision, Some(3), "début août: the month only");
    assert_eq!(
        actors(e),
        vec!["Islamic State (Sahel)", "Military Forces of Mali"]
    );
    assert_eq!(e.admin1.as_deref(), Some("Gao"));
}

#[test]
fn seed_003_actor_mentions_follow_the_guide_not_the_alias() {
    // « les morts infligées aux mercenaires de Wagner »: the lexicon alias is the whole
    // phrase, the guide's mention is the name.
    let x = extract(seed("003"));
    let wagner: Vec<&sahel_events::document::Span> = x
        .spans
        .iter()
        .filter(|s| s.label == Label::Actor && s.text.contains("Wagner"))
        .collect();
    assert!(!wagner.is_empty());
    for s in wagner {
        assert_eq!(s.text, "Wagner");
        let Some(Norm::Actor(i)) = s.norm else {
            panic!("{s:?} is not normalized to an actor");
        };
        assert_eq!(resources().actors.get(i).name, "Wagner Group");
    }
}

#[test]
fn seed_004_claims_publication_date_and_three_places() {
    let doc = seed("004");
    assert_eq!(
        doc.published.map(|p| p.to_string()).as_deref(),
        Some("2021-01-15"),
        "read from the header stamp"
    );
    let x = extract(doc);
    let amachach = at(&x, "Amachach");
    assert_eq!(amachach.len(), 1);
    assert_eq!(amachach[0].actor1, "JNIM");
    assert_eq!(amachach[0].fatalities, Some(20));
    let arbinda = at(&x, "Arbinda");
    assert_eq!(arbinda.len(), 1);
    assert_eq!(arbinda[0].sub_event_type, "Suicide bomb");
    assert_eq!(
        (arbinda[0].country.as_deref(), arbinda[0].admin1.as_deref()),
        (Some("Burkina Faso"), Some("Sahel"))
    );
    // Bounti: 20 civilians say the villagers, about thirty jihadists says Paris: the lowest.
    let strike = x
        .events
        .iter()
        .find(|e| e.sub_event_type == "Air/drone strike")
        .expect("the Bounti strike");
    assert_eq!(strike.actor1, "Military Forces of France");
    assert!(strike.fatalities.is_some_and(|f| f < 30), "{strike:?}");
}

#[test]
fn seed_000_rival_jihadists_at_ke_macina() {
    let x = extract(seed("000"));
    let e = at(&x, "Ké-Macina");
    assert_eq!(e.len(), 1, "{:#?}", x.events);
    assert_eq!(actors(e[0]), vec!["Islamic State (Sahel)", "JNIM"]);
    assert_eq!(e[0].event_type, EventType::Battles);
    assert!(
        x.events
            .iter()
            .any(|e| e.admin2.as_deref() == Some("Gourma-Rharous")),
        "the second clash: {:#?}",
        x.events
    );
}

#[test]
fn boilerplate_gets_no_entities_and_offsets_are_exact() {
    for prefix in ["000", "001", "002", "003", "004"] {
        let x = extract(seed(prefix));
        for s in &x.spans {
            assert_eq!(
                x.doc.slice(s.start, s.end),
                s.text,
                "{prefix}: span text matches its offsets"
            );
        }
        for line in [
            "Précieux AGUETON",
            "Partager",
            "#MediapartBénin",
            "This article was added by the user",
            "Figaro",
        ] {
            if let Some(at) = x.doc.text.find(line) {
                let c = x.doc.offsets.to_char(at);
                assert!(
                    !x.spans
                        .iter()
                        .any(|s| s.start >= c && s.start < c + line.chars().count()),
                    "{prefix}: entity inside `{line}`"
                );
            }
        }
    }
}

#[test]
fn every_label_is_found_on_the_seeds() {
    let mut seen = std::collections::HashSet::new();
    for prefix in ["000", "001", "002", "003", "004"] {
        seen.extend(extract(seed(prefix)).spans.iter().map(|s| s.label));
    }
    for l in Label::ALL {
        assert!(seen.contains(&l), "no {l} span on any seed");
    }
}
