//! Events read through the rule pipeline from whole articles (`events/builder.rs`): when they
//! happened, and which mentions tell the same event.

use sahel_events::document::{Document, PublicationDate};
use sahel_events::events::Event;
use sahel_events::pipeline::Pipeline;
use sahel_events::tagger::RuleTagger;

fn events(text: &str, published: &str) -> Vec<Event> {
    let published: PublicationDate = published.parse().unwrap();
    Pipeline::new(Box::new(RuleTagger::new()))
        .run(Document::new("t", text).with_published(Some(published)))
        .unwrap()
        .events
}

#[test]
fn an_event_told_without_a_day_takes_the_leads_own() {
    let text = "Mali : la MINUSMA visée dans le nord\n\nLa mission de l'ONU au Mali a été la cible lundi de deux attaques distinctes, à Tombouctou et à Douentza.\n\nÀ Tombouctou, des assaillants ont attaqué en fin d'après-midi le quartier général de la mission. Un casque bleu a été tué.\n\nÀ Douentza, des hommes armés ont attaqué un convoi de la mission.\n\nÀ Gao, des hommes armés ont attaqué mercredi un poste de police.";
    let events = events(text, "2017-08-17");
    let at = |place: &str| {
        events
            .iter()
            .find(|e| e.location.as_deref() == Some(place))
            .unwrap_or_else(|| panic!("no event at {place}: {events:#?}"))
    };
    let date = |place: &str| at(place).event_date.map(|d| d.to_string());
    // Both attacks the lead announces are told further on with no day: the lead's Monday.
    assert_eq!(
        date("Tombouctou").as_deref(),
        Some("2017-08-14"),
        "{events:#?}"
    );
    assert_eq!(
        date("Douentza").as_deref(),
        Some("2017-08-14"),
        "{events:#?}"
    );
    // The Gao attack has its own day.
    assert_eq!(date("Gao").as_deref(), Some("2017-08-16"), "{events:#?}");
}

#[test]
fn a_headline_and_its_body_are_one_event_and_a_placeless_event_of_another_kind_stays() {
    // The headline tells the attack without its place; the body places it.
    let text = "Mali : une attaque jihadiste coûte la vie à douze soldats\n\nDouze soldats maliens ont été tués dans une attaque contre le camp militaire de Boulkessi, a annoncé l'armée mercredi.";
    let v = events(text, "2019-10-02");
    assert_eq!(v.len(), 1, "{v:#?}");
    assert_eq!(v[0].location.as_deref(), Some("Boulkessi"));
    assert_eq!(v[0].fatalities, Some(12));

    // A placeless event of another kind is no telling of the attack: it stays.
    let text = "Douze soldats maliens ont été tués mardi dans une attaque contre le camp militaire de Boulkessi.\n\nLe JNIM est né en mars 2017 de la fusion de plusieurs groupes jihadistes.";
    let v = events(text, "2019-10-02");
    assert_eq!(v.len(), 2, "{v:#?}");
}

#[test]
fn a_planned_attack_is_no_event() {
    // The arrest happened; the bombing the suspects were preparing did not.
    let text = "La police a arrêté mardi à Bamako trois hommes soupçonnés de préparer un attentat contre un hôtel.";
    let v = events(text, "2024-06-27");
    let kinds: Vec<&str> = v.iter().map(|e| e.sub_event_type).collect();
    assert_eq!(kinds, ["Arrests"], "{v:#?}");
}
