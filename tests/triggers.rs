//! Phrasings of events that the trigger lexicon learned from the training annotations
//! (`models/lexicons/README.md`): each sentence, alone in a document, must give one event of
//! the right ACLED type at the right place. With the lexicon as it was before, none did.

use sahel_events::document::Document;
use sahel_events::events::EventType;
use sahel_events::pipeline::Pipeline;
use sahel_events::tagger::RuleTagger;

fn one_event(text: &str) -> (EventType, &'static str, Option<String>) {
    let x = Pipeline::new(Box::new(RuleTagger::new()))
        .run(Document::new("t", text))
        .unwrap();
    assert_eq!(x.events.len(), 1, "« {text} »: {:#?}", x.events);
    let e = &x.events[0];
    (e.event_type, e.sub_event_type, e.location.clone())
}

#[test]
fn phrasings_learned_from_the_training_annotations_make_events() {
    let cases = [
        (
            "Lundi, une patrouille des FAMa a été prise à partie près de Boni par des hommes armés.",
            EventType::Battles,
            "Armed clash",
            "Boni",
        ),
        (
            "Samedi, un rassemblement a réuni des centaines de femmes à Kayes pour réclamer la libération des otages.",
            EventType::Protests,
            "Peaceful protest",
            "Kayes",
        ),
        (
            "Depuis dimanche, les combattants du JNIM et ceux de l'EIGS s'affrontent près de Ménaka.",
            EventType::Battles,
            "Armed clash",
            "Ménaka",
        ),
        (
            "Le 3 mars, des hommes armés ont exécuté six bergers à Dioura.",
            EventType::ViolenceAgainstCivilians,
            "Attack",
            "Dioura",
        ),
        (
            "Jeudi, une colonne de l'armée a été accrochée par des jihadistes près de Djibo.",
            EventType::Battles,
            "Armed clash",
            "Djibo",
        ),
    ];
    for (text, event_type, sub_type, place) in cases {
        assert_eq!(
            one_event(text),
            (event_type, sub_type, Some(place.to_string())),
            "« {text} »"
        );
    }
}
