//! The hybrid tagger: the model's spans and relations, completed by the rule tagger's spans
//! wherever the model marked nothing (rules are precise on names the lexicons and gazetteer
//! know; the model generalises).

use super::{ModelTagger, RuleTagger, Tagger};
use crate::document::{Annotations, Document};

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

/// Adds the rule spans that overlap no model span.
pub fn merge(model: Annotations, rules: Annotations) -> Annotations {
    let mut out = model;
    let extra: Vec<_> = rules
        .spans
        .into_iter()
        .filter(|r| !out.spans.iter().any(|m| m.overlaps(r)))
        .collect();
    out.spans.extend(extra);
    out
}

impl Tagger for HybridTagger {
    fn name(&self) -> &'static str {
        "hybrid"
    }

    fn chunk_size(&self) -> usize {
        16
    }

    fn tag_batch(&self, docs: &[&Document]) -> Vec<anyhow::Result<Annotations>> {
        let model = self.model.tag_batch(docs);
        let rules = self.rules.tag_batch(docs);
        model
            .into_iter()
            .zip(rules)
            .map(|(m, r)| Ok(merge(m?, r?)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Label, Span};

    fn span(label: Label, start: usize, end: usize) -> Span {
        Span {
            label,
            start,
            end,
            text: String::new(),
            norm: None,
        }
    }

    #[test]
    fn rule_spans_fill_only_where_the_model_is_silent() {
        let model = Annotations {
            spans: vec![span(Label::Actor, 0, 5), span(Label::Loc, 10, 15)],
            relations: vec![],
        };
        let rules = Annotations {
            spans: vec![span(Label::Actor, 2, 8), span(Label::Date, 20, 25)],
            relations: vec![],
        };
        let merged = merge(model, rules);
        assert_eq!(merged.spans.len(), 3);
        assert!(merged.spans.iter().any(|s| s.label == Label::Date));
        assert!(!merged.spans.iter().any(|s| s.start == 2));
    }
}
