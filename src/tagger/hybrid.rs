//! The hybrid tagger: the model's entities, the rules' event triggers.
//!
//! Each side keeps what it measurably does best (README, "Accuracy"). The model finds the
//! places, people and groups the lexicons and gazetteer do not list; the trigger lexicon
//! knows which event type a word announces, which the event builder needs, so a rule
//! trigger replaces a model trigger it overlaps. A model that did not read the rule
//! tagger's spans as hints is also completed by rule spans wherever it marked nothing; a
//! rule-hints model already weighed those spans, and adding back the ones it rejected
//! costs precision.

use super::{ModelTagger, RuleTagger, Tagger};
use crate::document::{Annotations, Document, Label, Span};

pub struct HybridTagger {
    model: ModelTagger,
    rules: RuleTagger,
}

impl HybridTagger {
    pub fn new(model: ModelTagger) -> Self {
        HybridTagger {
            model,
            rules: RuleTagger::new(),
        }
    }
}

/// How the rule spans other than triggers join the model's.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum RuleFill {
    /// Rule spans that overlap no model span are added.
    Gaps,
    /// Only the rules' triggers are taken (the model read the rules' spans as hints).
    TriggersOnly,
}

/// Merges one document's model and rule annotations. Model relations are kept when both
/// their ends survive, re-pointed at the merged span list.
pub fn merge(model: Annotations, rules: Annotations, fill: RuleFill) -> Annotations {
    let is_trigger = |s: &Span| s.label == Label::Event;
    let rule_triggers: Vec<&Span> = rules.spans.iter().filter(|s| is_trigger(s)).collect();
    let mut new_index = vec![None; model.spans.len()];
    let mut spans: Vec<Span> = Vec::with_capacity(model.spans.len() + rule_triggers.len());
    for (i, s) in model.spans.into_iter().enumerate() {
        let replaced = is_trigger(&s) && rule_triggers.iter().any(|r| r.overlaps(&s));
        if !replaced {
            new_index[i] = Some(spans.len());
            spans.push(s);
        }
    }
    let relations = model
        .relations
        .into_iter()
        .filter_map(|mut r| {
            r.trigger = new_index[r.trigger]?;
            r.argument = new_index[r.argument]?;
            Some(r)
        })
        .collect();
    let extra: Vec<Span> = rules
        .spans
        .into_iter()
        .filter(|r| is_trigger(r) || fill == RuleFill::Gaps)
        .filter(|r| !spans.iter().any(|m| m.overlaps(r)))
        .collect();
    spans.extend(extra);
    Annotations { spans, relations }
}

impl Tagger for HybridTagger {
    fn name(&self) -> &'static str {
        "hybrid"
    }

    fn chunk_size(&self) -> usize {
        16
    }

    fn tag_batch(&self, docs: &[&Document]) -> Vec<anyhow::Result<Annotations>> {
        let fill = if self.model.reads_rule_hints() {
            RuleFill::TriggersOnly
        } else {
            RuleFill::Gaps
        };
        let model = self.model.tag_batch(docs);
        let rules = self.rules.tag_batch(docs);
        model
            .into_iter()
            .zip(rules)
            .map(|(m, r)| Ok(merge(m?, r?, fill)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Relation, Role};

    fn span(label: Label, start: usize, end: usize) -> Span {
        Span {
            label,
            start,
            end,
            text: String::new(),
            norm: None,
        }
    }

    fn starts(a: &Annotations, label: Label) -> Vec<usize> {
        let mut v: Vec<usize> = a
            .spans
            .iter()
            .filter(|s| s.label == label)
            .map(|s| s.start)
            .collect();
        v.sort();
        v
    }

    /// Model: an actor at 0, a trigger at 10 linked to it, a place at 30.
    /// Rules: an overlapping actor at 2, a trigger at 11, a date at 20, a trigger at 40.
    fn both() -> (Annotations, Annotations) {
        let model = Annotations {
            spans: vec![
                span(Label::Actor, 0, 5),
                span(Label::Event, 10, 15),
                span(Label::Loc, 30, 35),
            ],
            relations: vec![
                Relation {
                    trigger: 1,
                    argument: 0,
                    role: Role::Actor1,
                },
                Relation {
                    trigger: 1,
                    argument: 2,
                    role: Role::Location,
                },
            ],
        };
        let rules = Annotations {
            spans: vec![
                span(Label::Actor, 2, 8),
                span(Label::Event, 11, 16),
                span(Label::Date, 20, 25),
                span(Label::Event, 40, 45),
            ],
            relations: vec![],
        };
        (model, rules)
    }

    #[test]
    fn rule_triggers_replace_the_model_triggers_they_overlap() {
        let (model, rules) = both();
        let merged = merge(model, rules, RuleFill::Gaps);
        assert_eq!(starts(&merged, Label::Event), vec![11, 40]);
        // The replaced trigger's relations go with it.
        assert!(merged.relations.is_empty());
    }

    #[test]
    fn other_rule_spans_fill_only_the_gaps_and_only_for_models_without_hints() {
        let (model, rules) = both();
        let gaps = merge(model.clone(), rules.clone(), RuleFill::Gaps);
        assert_eq!(starts(&gaps, Label::Actor), vec![0]);
        assert_eq!(starts(&gaps, Label::Date), vec![20]);
        let hinted = merge(model, rules, RuleFill::TriggersOnly);
        assert_eq!(starts(&hinted, Label::Date), Vec::<usize>::new());
        assert_eq!(starts(&hinted, Label::Event), vec![11, 40]);
    }

    #[test]
    fn kept_relations_point_at_the_same_spans_after_the_merge() {
        let (mut model, rules) = both();
        // A model trigger no rule trigger overlaps keeps its links.
        model.spans[1] = span(Label::Event, 50, 55);
        let merged = merge(model, rules, RuleFill::Gaps);
        assert_eq!(merged.relations.len(), 2);
        for r in &merged.relations {
            assert_eq!(merged.spans[r.trigger].start, 50);
        }
        let arg_starts: Vec<usize> = merged
            .relations
            .iter()
            .map(|r| merged.spans[r.argument].start)
            .collect();
        assert_eq!(arg_starts, vec![0, 30]);
    }
}
