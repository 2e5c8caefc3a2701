//! Event triggers: the lexicon of French words that name conflict events
//! (`models/lexicons/triggers.tsv`) and the ACLED type each suggests.

use crate::events::EventType;
use crate::text::fold;
use std::collections::HashMap;

/// What a trigger says about its event. `sub_type` is `None` where the builder must decide
/// from the arguments ("attaque" against soldiers is a clash, against villagers an attack on
/// civilians).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TriggerKind {
    pub event_type: EventType,
    pub sub_type: Option<&'static str>,
}

#[derive(Debug)]
pub struct TriggerLexicon {
    pub entries: Vec<(String, TriggerKind)>,
    by_phrase: HashMap<String, usize>,
}

impl TriggerLexicon {
    pub fn parse(tsv: &str) -> Result<Self, String> {
        let mut entries = Vec::new();
        let mut header_seen = false;
        for (i, line) in tsv.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            if !header_seen {
                header_seen = true;
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            let [phrase, ty, sub] = cols[..] else {
                return Err(format!(
                    "triggers.tsv line {}: expected 3 tab-separated columns",
                    i + 1
                ));
            };
            let event_type = EventType::parse(ty)
                .ok_or_else(|| format!("triggers.tsv line {}: unknown event type `{ty}`", i + 1))?;
            let sub_type = match sub {
                "?" => None,
                s => Some(event_type.sub_type(s).ok_or_else(|| {
                    format!(
                        "triggers.tsv line {}: `{s}` is not a sub-type of {ty}",
                        i + 1
                    )
                })?),
            };
            entries.push((
                phrase.to_string(),
                TriggerKind {
                    event_type,
                    sub_type,
                },
            ));
        }
        let by_phrase = entries
            .iter()
            .enumerate()
            .map(|(i, (p, _))| (fold(p), i))
            .collect();
        Ok(TriggerLexicon { entries, by_phrase })
    }

    /// The kind of a trigger mention: its own entry, else the longest entry it contains.
    pub fn resolve(&self, mention: &str) -> Option<TriggerKind> {
        let f = fold(mention.trim());
        if let Some(&i) = self.by_phrase.get(&f) {
            return Some(self.entries[i].1);
        }
        let words: Vec<&str> = f.split_whitespace().collect();
        for len in (1..words.len()).rev() {
            for start in 0..=words.len() - len {
                if let Some(&i) = self.by_phrase.get(&words[start..start + len].join(" ")) {
                    return Some(self.entries[i].1);
                }
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_french_triggers() {
        let l = TriggerLexicon::parse(include_str!("../../models/lexicons/triggers.tsv")).unwrap();
        let k = l.resolve("frappes aériennes").unwrap();
        assert_eq!(
            (k.event_type, k.sub_type),
            (EventType::RemoteViolence, Some("Air/drone strike"))
        );
        assert_eq!(
            l.resolve("Embuscade").unwrap().event_type,
            EventType::Battles
        );
        assert_eq!(
            l.resolve("s’est fait exploser").unwrap().sub_type,
            Some("Suicide bomb")
        );
        assert_eq!(l.resolve("attaque").unwrap().sub_type, None);
        assert_eq!(
            l.resolve("enlèvement").unwrap().event_type,
            EventType::ViolenceAgainstCivilians
        );
        assert!(l.resolve("conférence").is_none());
    }
}
