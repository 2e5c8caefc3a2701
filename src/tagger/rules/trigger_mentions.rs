//! When a trigger word in the text names an event, for the lexicon's matches and the model's
//! EVENT runs alike: « opération » before a name (« l'opération Serval », « opération
//! Almahaou ») names a military campaign, which the guide does not mark as an event (none of
//! the 27 such cases in the gold is), while « une opération dans le Gourma » may be one.

use crate::text::fold;

/// Whether the trigger at `bytes` in `text` can name an event.
pub fn is_trigger_mention(text: &str, bytes: &std::ops::Range<usize>) -> bool {
    !names_a_campaign(text, bytes)
}

/// « opération(s) » followed by a capitalised name, perhaps in quotes.
fn names_a_campaign(text: &str, bytes: &std::ops::Range<usize>) -> bool {
    let folded = fold(&text[bytes.clone()]);
    if folded != "operation" && folded != "operations" {
        return false;
    }
    let after =
        text[bytes.end..].trim_start_matches(|c: char| c.is_whitespace() || "«\"'‘’“".contains(c));
    after.chars().next().is_some_and(char::is_uppercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn trigger(text: &str, word: &str) -> bool {
        let start = text.find(word).expect("word in text");
        is_trigger_mention(text, &(start..start + word.len()))
    }

    #[test]
    fn a_named_operation_is_a_campaign_not_an_event() {
        for (text, word) in [
            (
                "Les forces françaises de l'opération Serval ont frappé Gao.",
                "opération",
            ),
            (
                "Sur le théâtre Ouest, opération Almahaou : le 2 mars",
                "opération",
            ),
            (
                "contre les forces de l’opération ‘Barkhane’ et la MINUSMA",
                "opération",
            ),
            (
                "les opérations « Dougou Sécurité » ont repris",
                "opérations",
            ),
        ] {
            assert!(!trigger(text, word), "« {word} » in « {text} »");
        }
        for (text, word) in [
            (
                "Les FAMa ont mené une opération dans le Gourma.",
                "opération",
            ),
            ("Une opération de ratissage a suivi l'attaque.", "opération"),
            (
                "L'opération a duré trois jours. Les assaillants ont fui.",
                "opération",
            ),
            ("Des hommes armés ont attaqué Boni.", "attaqué"),
        ] {
            assert!(trigger(text, word), "« {word} » in « {text} »");
        }
    }
}
