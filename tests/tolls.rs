//! An event's toll read from whole French paragraphs through the rule pipeline: each side's
//! lowest report, added up over the sides (`events/fatalities.rs`, `tagger/rules/counts.rs`).

use sahel_events::document::{Document, Label};
use sahel_events::events::Event;
use sahel_events::pipeline::{Extraction, Pipeline};
use sahel_events::tagger::RuleTagger;

fn extract(text: &str) -> Extraction {
    Pipeline::new(Box::new(RuleTagger::new()))
        .run(Document::new("t", text))
        .unwrap()
}

fn one_event(text: &str) -> Event {
    let mut v = extract(text).events;
    assert_eq!(v.len(), 1, "« {text} »: {v:#?}");
    v.remove(0)
}

#[test]
fn the_armys_dead_and_the_attackers_add_up_though_each_is_a_claim() {
    let text = "Le camp militaire de Boulkessi a été attaqué mardi à l'aube par des jihadistes. Selon l'état-major, cinq soldats ont été tués. L'armée affirme avoir neutralisé une vingtaine d'assaillants.";
    assert_eq!(one_event(text).fatalities, Some(25));
}

#[test]
fn each_side_counts_its_lowest_report() {
    // The group's figure is quoted inside its clause; local sources give fewer soldiers dead;
    // the army counts the attackers: 30 soldiers and 41 attackers.
    let text = "Des combattants du JNIM ont attaqué jeudi la base de Tessit. Le groupe a revendiqué l'assaut en affirmant avoir causé la mort de « plus de 100 » soldats. Des sources locales évoquent au moins 30 militaires tués dans les combats. L'armée affirme de son côté avoir neutralisé 41 terroristes.";
    assert_eq!(one_event(text).fatalities, Some(71));
}

#[test]
fn a_strike_by_the_army_counts_its_dead_once() {
    // The army's « terroristes » and the villagers' « civils » are the same dead.
    let text = "Une frappe de drone de l'armée malienne a visé mercredi une cérémonie de baptême près de Ménaka. L'état-major affirme avoir neutralisé une vingtaine de terroristes, tandis que des habitants parlent de douze civils tués.";
    let e = one_event(text);
    assert_eq!(e.sub_event_type, "Air/drone strike", "{e:#?}");
    assert_eq!(e.fatalities, Some(12));
}

#[test]
fn livestock_carried_off_is_no_toll() {
    let text = "Des hommes armés ont attaqué dimanche le village de Diafarabé et ont emporté plus de cent têtes de bétail. Deux bergers ont été tués.";
    let x = extract(text);
    let counts: Vec<&str> = x
        .spans
        .iter()
        .filter(|s| s.label == Label::Fatalities)
        .map(|s| s.text.as_str())
        .collect();
    assert_eq!(counts, ["Deux"]);
    assert_eq!(x.events.len(), 1, "{:#?}", x.events);
    assert_eq!(x.events[0].fatalities, Some(2));
}
