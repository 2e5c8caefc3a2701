//! Training examples from gold documents: windows of token ids with their BIO tags, and the
//! (trigger, argument) pairs inside each window with their role (`none` for unrelated
//! pairs).

use crate::document::Label;
use crate::eval::gold::GoldDocument;
use crate::model::bio::{self, Tag};
use crate::model::{RELATION_REACH, hints, windows};
use crate::tagger::RuleTagger;
use tokenizers::Tokenizer;

/// One window of a document, ready for the encoder.
#[derive(Debug, Clone)]
pub struct Example {
    /// Token ids with the special tokens around them.
    pub ids: Vec<u32>,
    /// Tag index per position (specials get `O` and weight 0 through `counted`).
    pub tags: Vec<u32>,
    /// Whether the position counts in the token loss (not a special token).
    pub counted: Vec<bool>,
    /// The rule tagger's tag index per position (`O` for specials), for models with rule
    /// hints; all `O` otherwise.
    pub hints: Vec<u32>,
    /// (trigger first, trigger last, argument first, argument last, role index), positions in
    /// `ids`.
    pub pairs: Vec<(usize, usize, usize, usize, u32)>,
}

/// How documents are cut into examples: the tokenizer, the label set and the windowing.
pub struct ExampleBuilder<'a> {
    pub tokenizer: &'a Tokenizer,
    pub tags: &'a [Tag],
    pub roles: &'a [String],
    pub window: usize,
    pub stride: usize,
    pub cls: u32,
    pub sep: u32,
    /// The rule tagger, when the model reads its tags (`model/hints.rs`).
    pub rules: Option<&'a RuleTagger>,
}

impl ExampleBuilder<'_> {
    /// Cuts a gold document into examples.
    pub fn examples(&self, doc: &GoldDocument) -> anyhow::Result<Vec<Example>> {
        let ExampleBuilder {
            tokenizer,
            tags,
            roles,
            window,
            stride,
            cls,
            sep,
            rules,
        } = *self;
        let toks = windows::tokenize(tokenizer, &doc.text)?;
        let doc_hints = match rules {
            Some(r) => hints::hint_tags(r, &doc.to_document(), &toks.offsets, tags),
            None => vec![0; toks.ids.len()],
        };
        let spans: Vec<(Label, usize, usize)> = doc
            .entities
            .iter()
            .filter_map(|e| Label::parse(&e.label).map(|l| (l, e.start, e.end)))
            .collect();
        let doc_tags = bio::tags_for(&toks.offsets, &spans, tags);
        // Token range of each entity (first..=last overlapping token).
        let ranges: Vec<Option<(usize, usize)>> = doc
            .entities
            .iter()
            .map(|e| {
                let hits: Vec<usize> = toks
                    .offsets
                    .iter()
                    .enumerate()
                    .filter(|(_, o)| o.0 < e.end && e.start < o.1 && o.1 > o.0)
                    .map(|(i, _)| i)
                    .collect();
                Some((*hits.first()?, *hits.last()?))
            })
            .collect();
        let role_of = |trigger: &str, arg: &str| -> u32 {
            for ev in &doc.events {
                let Some(args) = &ev.args else { continue };
                if !args
                    .get("trigger")
                    .is_some_and(|t| t.iter().any(|x| x == trigger))
                {
                    continue;
                }
                for (role, ids) in args {
                    if role != "trigger" && ids.iter().any(|x| x == arg) {
                        return roles.iter().position(|r| r == role).unwrap_or(0) as u32;
                    }
                }
            }
            0
        };
        let inner = window - 2;
        let overlap = stride.min(inner - 1);
        let mut out = Vec::new();
        for w in windows::windows(toks.ids.len(), inner, overlap) {
            let end = w.start + w.len;
            let mut ids = vec![cls];
            ids.extend_from_slice(&toks.ids[w.start..end]);
            ids.push(sep);
            let mut tags_w = vec![0u32];
            tags_w.extend(doc_tags[w.start..end].iter().map(|&t| t as u32));
            tags_w.push(0);
            let mut hints_w = vec![0u32];
            hints_w.extend_from_slice(&doc_hints[w.start..end]);
            hints_w.push(0);
            let mut counted = vec![false];
            counted.extend(std::iter::repeat_n(true, w.len));
            counted.push(false);
            let inside = |r: (usize, usize)| r.0 >= w.start && r.1 < end;
            let mut pairs = Vec::new();
            for (ti, te) in doc
                .entities
                .iter()
                .enumerate()
                .filter(|(_, e)| e.label == "EVENT")
            {
                let Some(tr) = ranges[ti].filter(|r| inside(*r)) else {
                    continue;
                };
                for (ai, ae) in doc.entities.iter().enumerate() {
                    if ai == ti || ae.label == "EVENT" {
                        continue;
                    }
                    let Some(ar) = ranges[ai].filter(|r| inside(*r)) else {
                        continue;
                    };
                    if ar.0.abs_diff(tr.0) > RELATION_REACH {
                        continue;
                    }
                    let shift = |r: (usize, usize)| (r.0 - w.start + 1, r.1 - w.start + 1);
                    let (t0, t1) = shift(tr);
                    let (a0, a1) = shift(ar);
                    pairs.push((t0, t1, a0, a1, role_of(&te.id, &ae.id)));
                }
            }
            out.push(Example {
                ids,
                tags: tags_w,
                counted,
                hints: hints_w,
                pairs,
            });
        }
        Ok(out)
    }
}
