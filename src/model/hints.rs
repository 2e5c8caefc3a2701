//! Rule hints: the rule tagger's spans as one BIO tag per token, which a model trained with
//! `train --rule-hints` embeds and adds to its hidden states before its first fine-tuned
//! layer. The encoder then reads the lexicons' and grammars' opinion along with the text and
//! learns where they are right and where the context says otherwise (a neighbouring country
//! named in passing, a descriptor the lexicon lacks, a boundary the grammar misses).

use super::bio::{self, Tag};
use crate::document::Document;
use crate::tagger::{RuleTagger, Tagger};
use candle_core::{Result, Tensor};
use candle_nn::{Embedding, Init, VarBuilder};

/// The learned embedding of the rule tags and the layer it enters before.
pub struct RuleHints {
    embedding: Embedding,
    /// Index of the encoder layer whose input gets the hints (the layer count: the heads').
    pub layer: usize,
}

impl RuleHints {
    /// `rule_hints.weight`: (tags, hidden), initialised small so that a fresh model starts
    /// as the plain encoder.
    pub fn load(vb: VarBuilder, tags: usize, hidden: usize, layer: usize) -> Result<Self> {
        let weight = vb.get_with_hints(
            (tags, hidden),
            "weight",
            Init::Randn {
                mean: 0.0,
                stdev: 0.02,
            },
        )?;
        Ok(RuleHints {
            embedding: Embedding::new(weight, hidden),
            layer,
        })
    }

    /// (batch, tokens) u32 tag ids → (batch, tokens, hidden).
    pub fn forward(&self, ids: &Tensor) -> Result<Tensor> {
        candle_core::Module::forward(&self.embedding, ids)
    }
}

/// The rule tagger's tag for each token of a document (`offsets`: the tokens' character
/// ranges), as indices into `tags`. A document the rules fail on gets no hints (all `O`),
/// not an error: the model still reads its text.
pub fn hint_tags(
    rules: &RuleTagger,
    doc: &Document,
    offsets: &[(usize, usize)],
    tags: &[Tag],
) -> Vec<u32> {
    let spans: Vec<_> = match rules.tag(doc) {
        Ok(a) => a.spans.iter().map(|s| (s.label, s.start, s.end)).collect(),
        Err(_) => Vec::new(),
    };
    bio::tags_for(offsets, &spans, tags)
        .into_iter()
        .map(|t| t as u32)
        .collect()
}

/// Training-time hint dropout: each rule span (a `B-` tag and the `I-` tags after it) is
/// turned into `O` with probability `p`, so that the model also learns to find entities from
/// the text and does not merely copy the rules.
pub fn drop_spans(ids: &[u32], tags: &[Tag], p: f32, rng: &mut impl rand::Rng) -> Vec<u32> {
    let outside = tags.iter().position(|t| *t == Tag::Outside).unwrap_or(0) as u32;
    let mut out = ids.to_vec();
    let mut dropping = false;
    for id in out.iter_mut() {
        match tags.get(*id as usize) {
            Some(Tag::Begin(_)) => dropping = rng.random::<f32>() < p,
            Some(Tag::Inside(_)) => {}
            _ => dropping = false,
        }
        if dropping {
            *id = outside;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Label;
    use crate::model::config::LabelSet;
    use rand::SeedableRng;

    #[test]
    fn dropout_removes_whole_spans_and_nothing_else() {
        let tags: Vec<Tag> = LabelSet::default()
            .tags
            .iter()
            .map(|t| Tag::parse(t).unwrap())
            .collect();
        let id = |t: Tag| tags.iter().position(|x| *x == t).unwrap() as u32;
        let (b, i) = (id(Tag::Begin(Label::Actor)), id(Tag::Inside(Label::Actor)));
        let bl = id(Tag::Begin(Label::Loc));
        let hints = vec![0, b, i, i, 0, bl, 0];
        let mut rng = rand::rngs::StdRng::seed_from_u64(1);
        assert_eq!(drop_spans(&hints, &tags, 0.0, &mut rng), hints);
        assert_eq!(drop_spans(&hints, &tags, 1.0, &mut rng), vec![0; 7]);
        // At one half, over many draws, each span is kept or dropped as a whole.
        let mut kept = 0;
        for _ in 0..200 {
            let d = drop_spans(&hints, &tags, 0.5, &mut rng);
            assert!(d[1..4] == [b, i, i] || d[1..4] == [0, 0, 0], "{d:?}");
            kept += (d[5] == bl) as usize;
        }
        assert!((60..140).contains(&kept), "{kept} of 200 kept");
    }
}
