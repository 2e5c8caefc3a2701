//! When an event happened, read through the rule pipeline against the publication date
//! (`events/builder.rs`).

use sahel_events::document::{Document, PublicationDate};
use sahel_events::pipeline::Pipeline;
use sahel_events::tagger::RuleTagger;

#[test]
fn an_event_told_without_a_day_takes_the_leads_own() {
    let text = "Mali : la MINUSMA visée dans le nord\n\nLa mission de l'ONU au Mali a été la cible lundi de deux attaques distinctes, à Tombouctou et à Douentza.\n\nÀ Tombouctou, des assaillants ont attaqué en fin d'après-midi le quartier général de la mission. Un casque bleu a été tué.\n\nÀ Douentza, des hommes armés ont attaqué un convoi de la mission.\n\nÀ Gao, des hommes armés ont attaqué mercredi un poste de police.";
    let published: PublicationDate = "2017-08-17".parse().unwrap();
    let events = Pipeline::new(Box::new(RuleTagger::new()))
        .run(Document::new("t", text).with_published(Some(published)))
        .unwrap()
        .events;
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
