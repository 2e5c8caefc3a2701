//! Who fought whom when the sentence that tells the event names one side only: the event
//! builder reads a claim further on, the sentences of the toll, ACLED's single-actor
//! sub-types and, last, ACLED's two-sided convention (`events/builder.rs`).

use sahel_events::document::Document;
use sahel_events::events::Event;
use sahel_events::pipeline::Pipeline;
use sahel_events::tagger::RuleTagger;

fn events(text: &str) -> Vec<Event> {
    Pipeline::new(Box::new(RuleTagger::new()))
        .run(Document::new("t", text))
        .unwrap()
        .events
}

fn one_event(text: &str) -> Event {
    let mut v = events(text);
    assert_eq!(v.len(), 1, "« {text} »: {v:#?}");
    v.remove(0)
}

#[test]
fn a_claim_names_the_group_behind_unidentified_attackers() {
    // The claim is two sentences on and holds no trigger: only the claim reading links it.
    let claimed = "Des hommes armés ont attaqué le poste de la garde nationale de Ké-Macina dans la nuit de samedi à dimanche. Deux gardes ont perdu la vie. Le JNIM l'a revendiquée lundi dans un communiqué.";
    assert_eq!(one_event(claimed).actor1, "JNIM");

    // A denied claim attributes nothing.
    let denied = "Des hommes armés ont attaqué le poste de la garde nationale de Ké-Macina dans la nuit de samedi à dimanche. Deux gardes ont perdu la vie. Ni le JNIM ni l'EIGS ne l'avaient revendiquée lundi soir.";
    let e = one_event(denied);
    assert!(e.actor1.starts_with("Unidentified Armed Group"), "{e:#?}");
}

#[test]
fn the_toll_names_the_side_the_event_sentence_left_out() {
    // The toll is two sentences on, past the sentence around the event that is always read.
    let text = "Une embuscade tendue par des combattants de l'EIGS a frappé mardi un convoi entre Ménaka et Andéramboukane. Le convoi ravitaillait en carburant la ville de Ménaka. Selon une source sécuritaire, sept militaires maliens ont perdu la vie.";
    let e = one_event(text);
    assert_eq!(e.actor1, "Islamic State (Sahel)");
    assert_eq!(e.actor2.as_deref(), Some("Military Forces of Mali"));
    assert!(!e.args.actor2.is_empty(), "read from the text: {e:#?}");
}

#[test]
fn a_battle_with_one_side_named_takes_acled_s_other_side() {
    // The army against nobody named: an unidentified armed group, backed by no mention.
    let text = "Vendredi 7 mars 2025, une patrouille des FAMa a été prise à partie près de Boni.";
    let e = one_event(text);
    assert_eq!(e.actor1, "Military Forces of Mali");
    assert_eq!(e.actor2.as_deref(), Some("Unidentified Armed Group (Mali)"));
    assert!(e.args.actor2.is_empty());
}

#[test]
fn a_peaceful_protest_has_no_second_actor() {
    let text = "Samedi, des centaines de personnes ont manifesté à Kidal pour dénoncer la présence de l'armée malienne.";
    let e = one_event(text);
    assert_eq!(e.sub_event_type, "Peaceful protest");
    assert_eq!(e.actor1, "Protesters (Mali)");
    assert_eq!(e.actor2, None, "{e:#?}");
    assert_eq!(e.assoc_actor_2, None);
}

#[test]
fn an_area_across_borders_takes_the_articles_country() {
    // Liptako-Gourma spans three countries: the gazetteer gives it none, so the event takes
    // the article's, and so do the actors named after it.
    let text = "OUAGADOUGOU, 8 mars 2023 – Des hommes armés ont attaqué mardi une patrouille de l'armée burkinabè dans le Liptako-Gourma, dans le nord du Burkina Faso.";
    let e = one_event(text);
    assert_eq!(e.location.as_deref(), Some("Liptako-Gourma"), "{e:#?}");
    assert_eq!(e.country.as_deref(), Some("Burkina Faso"));
    assert_eq!(e.actor1, "Unidentified Armed Group (Burkina Faso)");
}
