//! The transformer tagger: a multilingual encoder (candle) with a token head that marks
//! ACTOR, LOC, FATALITIES, DATE and EVENT spans and a relation head that links each trigger
//! to its arguments.
//!
//! A model directory holds `config.json` (encoder shape, heads, windowing, and the `base` it
//! builds on), `labels.json`, `model.safetensors` (the heads and whatever training changed;
//! the rest comes from the base) and `MODEL.md`; `tokenizer.json` is the model's own or the
//! base's.

pub mod base;
pub mod bert;
pub mod bio;
pub mod config;
pub mod e5;
pub mod fixtures;
pub mod heads;
pub mod hints;
pub mod lora;
pub mod spans;
pub mod windows;

use crate::document::{Annotations, Document, Label, Relation, Role, Span};
use anyhow::{Context, bail, ensure};
use bert::{Encoder, Mode};
use bio::Tag;
use candle_core::{DType, Device, Tensor};
use candle_nn::{VarBuilder, VarMap};
use config::{EncoderConfig, LabelSet, TaggerConfig};
use heads::{RelationHead, TokenHead};
use hints::RuleHints;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use tokenizers::Tokenizer;

/// How far apart (in tokens) a trigger and an argument may be for the relation head to look.
pub const RELATION_REACH: usize = 160;

/// The network: encoder and heads, built from one set of named tensors.
pub struct Network {
    pub encoder: Encoder,
    pub tokens: TokenHead,
    pub relations: RelationHead,
    pub hints: Option<RuleHints>,
}

impl Network {
    pub fn load(vb: VarBuilder, c: &TaggerConfig, labels: &LabelSet) -> candle_core::Result<Self> {
        Ok(Network {
            encoder: Encoder::load(vb.clone(), &c.encoder)?,
            tokens: TokenHead::load(
                vb.pp("token_head"),
                c.encoder.hidden_size,
                labels.tags.len(),
            )?,
            relations: RelationHead::load(
                vb.pp("relation_head"),
                c.encoder.hidden_size,
                c.relation_hidden,
                labels.roles.len(),
            )?,
            hints: c
                .rule_hints_layer
                .map(|layer| {
                    RuleHints::load(
                        vb.pp("rule_hints"),
                        labels.tags.len(),
                        c.encoder.hidden_size,
                        layer,
                    )
                })
                .transpose()?,
        })
    }

    /// Hidden states of the last layer, (batch, tokens, hidden); `hints`, (batch, tokens)
    /// rule tag ids, are added before the hints' layer when the model has hints.
    pub fn hidden(
        &self,
        ids: &Tensor,
        mask: &Tensor,
        hints: Option<&Tensor>,
        mode: Mode,
    ) -> candle_core::Result<Tensor> {
        let (Some(h), Some(hint_ids)) = (&self.hints, hints) else {
            return self.encoder.forward(ids, mask, mode);
        };
        let n = self.encoder.layer_count();
        let xs = self.encoder.embed(ids, mode)?;
        let xs = self.encoder.forward_layers(&xs, mask, 0..h.layer, mode)?;
        let xs = (xs + h.forward(hint_ids)?)?;
        self.encoder.forward_layers(&xs, mask, h.layer..n, mode)
    }
}

/// What the encoder gives back for one document, token by token: the tag log-probabilities
/// and the last hidden state.
#[derive(Debug, Clone, Default)]
pub struct EncodedDocument {
    pub scores: Vec<Vec<f32>>,
    pub states: Vec<Vec<f32>>,
}

/// A loaded tagger model, ready to annotate.
pub struct TaggerModel {
    pub network: Network,
    pub tokenizer: Tokenizer,
    pub config: TaggerConfig,
    pub labels: LabelSet,
    pub tags: Vec<Tag>,
    pub device: Device,
    /// The rule tagger whose tags the model reads, for models trained with rule hints.
    rules: Option<crate::tagger::RuleTagger>,
    cls: u32,
    sep: u32,
}

/// Where the model's tokenizer and base come from.
fn tokenizer_path(dir: &Path, base_dir: Option<&Path>) -> anyhow::Result<PathBuf> {
    let own = dir.join("tokenizer.json");
    if own.exists() {
        return Ok(own);
    }
    if let Some(b) = base_dir {
        return Ok(b.join("tokenizer.json"));
    }
    bail!(
        "{} has no tokenizer.json and names no base to take it from",
        dir.display()
    )
}

/// The ids of the tokens that open and close a window (`<s>`/`</s>` or `[CLS]`/`[SEP]`).
pub fn special_ids(tokenizer: &Tokenizer) -> anyhow::Result<(u32, u32)> {
    let id = |a: &str, b: &str| {
        tokenizer
            .token_to_id(a)
            .or_else(|| tokenizer.token_to_id(b))
    };
    let cls = id("<s>", "[CLS]").context("the tokenizer has neither <s> nor [CLS]")?;
    let sep = id("</s>", "[SEP]").context("the tokenizer has neither </s> nor [SEP]")?;
    Ok((cls, sep))
}

pub fn read_tagger_files(dir: &Path) -> anyhow::Result<(TaggerConfig, LabelSet)> {
    let cfg_path = dir.join("config.json");
    ensure!(
        cfg_path.exists(),
        "{} is not a model directory (no config.json)",
        dir.display()
    );
    let config: TaggerConfig = serde_json::from_str(&std::fs::read_to_string(&cfg_path)?)
        .with_context(|| format!("{} is not a tagger config", cfg_path.display()))?;
    let labels: LabelSet = serde_json::from_str(
        &std::fs::read_to_string(dir.join("labels.json"))
            .with_context(|| format!("{} has no labels.json", dir.display()))?,
    )
    .with_context(|| format!("{}/labels.json is not a label set", dir.display()))?;
    Ok((config, labels))
}

/// A model directory's own tensors (`model.safetensors`: the heads and what training
/// changed), as stored.
pub fn read_model_tensors(dir: &Path, device: &Device) -> anyhow::Result<HashMap<String, Tensor>> {
    let path = dir.join("model.safetensors");
    candle_core::safetensors::load(&path, device)
        .with_context(|| format!("cannot read {}", path.display()))
}

impl TaggerModel {
    /// Loads a model directory: base tensors first (when the config names a base), then the
    /// directory's own tensors over them.
    pub fn load(dir: &Path, device: &Device, cache: &Path) -> anyhow::Result<Self> {
        let (config, labels) = read_tagger_files(dir)?;
        let base_dir = match &config.base {
            Some(b) => Some(base::resolve(b, cache)?),
            None => None,
        };
        let mut tensors = match &base_dir {
            Some(b) => base::load_encoder_tensors(b, device)?,
            None => HashMap::new(),
        };
        tensors.extend(read_model_tensors(dir, device)?);
        Self::from_tensors(
            tensors,
            config,
            labels,
            &tokenizer_path(dir, base_dir.as_deref())?,
            device,
        )
        .with_context(|| format!("model {} does not fit its config.json", dir.display()))
    }

    pub fn from_tensors(
        tensors: HashMap<String, Tensor>,
        config: TaggerConfig,
        labels: LabelSet,
        tokenizer: &Path,
        device: &Device,
    ) -> anyhow::Result<Self> {
        let mut tensors = tensors;
        if let Some(lora) = &config.lora {
            lora::merge(&mut tensors, lora, config.encoder.num_hidden_layers)?;
        }
        let vb = VarBuilder::from_tensors(tensors, DType::F32, device);
        let network = Network::load(vb, &config, &labels)?;
        Self::assemble(network, config, labels, tokenizer, device)
    }

    pub fn assemble(
        network: Network,
        config: TaggerConfig,
        labels: LabelSet,
        tokenizer: &Path,
        device: &Device,
    ) -> anyhow::Result<Self> {
        let tokenizer = Tokenizer::from_file(tokenizer)
            .map_err(|e| anyhow::anyhow!("cannot load {}: {e}", tokenizer.display()))?;
        let pieces = tokenizer.get_vocab_size(true);
        ensure!(
            pieces <= config.encoder.vocab_size,
            "the tokenizer has {pieces} pieces but the embeddings only {} rows: tokenizer and weights do not belong together",
            config.encoder.vocab_size
        );
        ensure!(
            config.window > config.stride + 2,
            "window ({}) must exceed stride ({}) + 2",
            config.window,
            config.stride
        );
        ensure!(
            config.window <= config.encoder.max_tokens(),
            "window {} exceeds the encoder's {} positions",
            config.window,
            config.encoder.max_tokens()
        );
        let tags = labels
            .tags
            .iter()
            .map(|t| Tag::parse(t).with_context(|| format!("labels.json: `{t}` is not a BIO tag")))
            .collect::<anyhow::Result<Vec<_>>>()?;
        if let Some(layer) = config.rule_hints_layer {
            ensure!(
                layer <= config.encoder.num_hidden_layers,
                "rule_hints_layer {layer} but the encoder has {} layers",
                config.encoder.num_hidden_layers
            );
        }
        let (cls, sep) = special_ids(&tokenizer)?;
        let rules = config
            .rule_hints_layer
            .map(|_| crate::tagger::RuleTagger::new());
        Ok(TaggerModel {
            rules,
            network,
            tokenizer,
            config,
            labels,
            tags,
            device: device.clone(),
            cls,
            sep,
        })
    }

    /// Token ids of one window with its special tokens.
    fn window_ids(&self, tokens: &windows::Tokens, w: windows::Window) -> Vec<u32> {
        let mut ids = Vec::with_capacity(w.len + 2);
        ids.push(self.cls);
        ids.extend_from_slice(&tokens.ids[w.start..w.start + w.len]);
        ids.push(self.sep);
        ids
    }

    /// Encodes documents window by window, in batches of similar length, and returns per
    /// document and token: the tag scores and the hidden state, each token read from the
    /// window where it has the most context.
    /// `hints`: per document and token, the rule tag ids (`hints::hint_tags`), for models
    /// trained with them; ignored by models without.
    pub fn encode(
        &self,
        docs: &[windows::Tokens],
        hints: Option<&[Vec<u32>]>,
        batch_size: usize,
    ) -> anyhow::Result<Vec<EncodedDocument>> {
        let inner = self.config.window - 2;
        let overlap = self.config.stride.min(inner - 1);
        let plans: Vec<Vec<windows::Window>> = docs
            .iter()
            .map(|d| windows::windows(d.ids.len(), inner, overlap))
            .collect();
        let best: Vec<Vec<usize>> = docs
            .iter()
            .zip(&plans)
            .map(|(d, w)| windows::best_window(w, d.ids.len()))
            .collect();
        let mut jobs: Vec<(usize, usize)> = plans
            .iter()
            .enumerate()
            .flat_map(|(d, ws)| (0..ws.len()).map(move |w| (d, w)))
            .collect();
        jobs.sort_by_key(|&(d, w)| std::cmp::Reverse(plans[d][w].len));
        let mut out: Vec<EncodedDocument> = docs
            .iter()
            .map(|d| EncodedDocument {
                scores: vec![Vec::new(); d.ids.len()],
                states: vec![Vec::new(); d.ids.len()],
            })
            .collect();
        for batch in jobs.chunks(batch_size.max(1)) {
            let width = batch
                .iter()
                .map(|&(d, w)| plans[d][w].len + 2)
                .max()
                .unwrap_or(2);
            let mut ids = Vec::with_capacity(batch.len() * width);
            let mut mask = Vec::with_capacity(batch.len() * width);
            for &(d, w) in batch {
                let mut row = self.window_ids(&docs[d], plans[d][w]);
                let real = row.len();
                row.resize(width, self.config.encoder.pad_token_id);
                ids.extend(row);
                mask.extend((0..width).map(|i| if i < real { 1u32 } else { 0 }));
            }
            let ids = Tensor::from_vec(ids, (batch.len(), width), &self.device)?;
            let mask = Tensor::from_vec(mask, (batch.len(), width), &self.device)?;
            let hint_ids = hints
                .map(|h| {
                    let mut rows = Vec::with_capacity(batch.len() * width);
                    for &(d, w) in batch {
                        let win = plans[d][w];
                        // Special tokens and padding carry `O` (index 0).
                        rows.push(0);
                        rows.extend_from_slice(&h[d][win.start..win.start + win.len]);
                        rows.resize(rows.len() + width - 1 - win.len, 0);
                    }
                    Tensor::from_vec(rows, (batch.len(), width), &self.device)
                })
                .transpose()?;
            let hidden = self
                .network
                .hidden(&ids, &mask, hint_ids.as_ref(), Mode::Infer)?;
            let logits = candle_nn::ops::log_softmax(
                &self.network.tokens.forward(&hidden, Mode::Infer)?,
                candle_core::D::Minus1,
            )?;
            let hidden: Vec<Vec<Vec<f32>>> = hidden.to_device(&Device::Cpu)?.to_vec3()?;
            let logits: Vec<Vec<Vec<f32>>> = logits.to_device(&Device::Cpu)?.to_vec3()?;
            for (row, &(d, w)) in batch.iter().enumerate() {
                let win = plans[d][w];
                for i in 0..win.len {
                    let t = win.start + i;
                    if best[d][t] == w {
                        out[d].scores[t] = logits[row][i + 1].clone();
                        out[d].states[t] = hidden[row][i + 1].clone();
                    }
                }
            }
        }
        Ok(out)
    }

    /// Whether the model reads the rule tagger's spans as input (trained with rule hints).
    pub fn reads_rule_hints(&self) -> bool {
        self.rules.is_some()
    }

    /// Annotates documents: spans from the token head (Viterbi-decoded), then relations from
    /// the relation head between each trigger and the spans within reach.
    pub fn annotate(
        &self,
        docs: &[&Document],
        batch_size: usize,
    ) -> anyhow::Result<Vec<Annotations>> {
        let tokens: Vec<windows::Tokens> = docs
            .iter()
            .map(|d| windows::tokenize(&self.tokenizer, &d.text))
            .collect::<anyhow::Result<_>>()?;
        let hints: Option<Vec<Vec<u32>>> = self.rules.as_ref().map(|rules| {
            docs.iter()
                .zip(&tokens)
                .map(|(d, t)| hints::hint_tags(rules, d, &t.offsets, &self.tags))
                .collect()
        });
        let encoded = self.encode(&tokens, hints.as_deref(), batch_size)?;
        let mut out = Vec::with_capacity(docs.len());
        for ((doc, toks), EncodedDocument { scores, states }) in
            docs.iter().zip(&tokens).zip(encoded)
        {
            let path = bio::viterbi_words(&scores, &self.tags, &toks.word_starts(&doc.text));
            let runs = bio::join_touching(bio::spans(&path, &self.tags), &toks.offsets, doc);
            let (spans, token_ranges): (Vec<Span>, Vec<(usize, usize)>) =
                spans::clean_spans(doc, runs, &toks.offsets)
                    .into_iter()
                    .unzip();
            let relations = self.relate(&spans, &token_ranges, &states)?;
            out.push(Annotations { spans, relations });
        }
        Ok(out)
    }

    fn relate(
        &self,
        spans: &[Span],
        ranges: &[(usize, usize)],
        states: &[Vec<f32>],
    ) -> anyhow::Result<Vec<Relation>> {
        let mut pairs = Vec::new();
        for (t, _) in spans
            .iter()
            .enumerate()
            .filter(|(_, s)| s.label == Label::Event)
        {
            for (a, s) in spans.iter().enumerate() {
                if a != t
                    && s.label != Label::Event
                    && ranges[a].0.abs_diff(ranges[t].0) <= RELATION_REACH
                {
                    pairs.push((t, a));
                }
            }
        }
        if pairs.is_empty() {
            return Ok(Vec::new());
        }
        let h = self.config.encoder.hidden_size;
        let pooled = |r: (usize, usize)| -> Vec<f32> {
            let mut v = vec![0f32; h];
            for s in &states[r.0..=r.1] {
                for (x, y) in v.iter_mut().zip(s) {
                    *x += y;
                }
            }
            let n = (r.1 - r.0 + 1) as f32;
            v.iter_mut().for_each(|x| *x /= n);
            v
        };
        let trig: Vec<f32> = pairs.iter().flat_map(|&(t, _)| pooled(ranges[t])).collect();
        let args: Vec<f32> = pairs.iter().flat_map(|&(_, a)| pooled(ranges[a])).collect();
        let trig = Tensor::from_vec(trig, (pairs.len(), h), &self.device)?;
        let args = Tensor::from_vec(args, (pairs.len(), h), &self.device)?;
        let roles: Vec<u32> = self
            .network
            .relations
            .forward(&trig, &args, Mode::Infer)?
            .argmax(1)?
            .to_device(&Device::Cpu)?
            .to_vec1()?;
        Ok(pairs
            .iter()
            .zip(roles)
            .filter_map(|(&(t, a), r)| {
                role(&self.labels.roles[r as usize]).map(|role| Relation {
                    trigger: t,
                    argument: a,
                    role,
                })
            })
            .collect())
    }
}

/// A role name of `labels.json` (`none` is no relation).
pub fn role(name: &str) -> Option<Role> {
    Some(match name {
        "actor1" => Role::Actor1,
        "actor2" => Role::Actor2,
        "location" => Role::Location,
        "date" => Role::Date,
        "fatalities" => Role::Fatalities,
        _ => return None,
    })
}

/// Creates a model with fresh (untrained) heads on a base encoder, in memory: the heads live
/// in `varmap`, the encoder in the base's tensors.
pub fn untrained(
    base_name: &str,
    cache: &Path,
    device: &Device,
    varmap: &VarMap,
) -> anyhow::Result<TaggerModel> {
    let base_dir = base::resolve(base_name, cache)?;
    let encoder_cfg = base::encoder_config(&base_dir)?;
    let config = TaggerConfig {
        base: Some(base_name.to_string()),
        encoder: encoder_cfg.clone(),
        relation_hidden: 256,
        window: encoder_cfg.max_tokens().min(512),
        stride: 128,
        rule_hints_layer: None,
        lora: None,
    };
    let labels = LabelSet::default();
    let base_vb = VarBuilder::from_tensors(
        base::load_encoder_tensors(&base_dir, device)?,
        DType::F32,
        device,
    );
    let heads_vb = VarBuilder::from_varmap(varmap, DType::F32, device);
    let network = Network {
        encoder: Encoder::load(base_vb, &config.encoder)?,
        tokens: TokenHead::load(
            heads_vb.pp("token_head"),
            config.encoder.hidden_size,
            labels.tags.len(),
        )?,
        relations: RelationHead::load(
            heads_vb.pp("relation_head"),
            config.encoder.hidden_size,
            config.relation_hidden,
            labels.roles.len(),
        )?,
        hints: None,
    };
    TaggerModel::assemble(
        network,
        config,
        labels,
        &base_dir.join("tokenizer.json"),
        device,
    )
}

/// The current values of every variable of a `VarMap`, by name.
pub fn varmap_tensors(varmap: &VarMap) -> HashMap<String, Tensor> {
    varmap
        .data()
        .lock()
        .expect("varmap lock")
        .iter()
        .map(|(k, v)| (k.clone(), v.as_tensor().clone()))
        .collect()
}

/// Writes a model directory: config, labels, the given tensors (heads and what training
/// changed) and a model card.
pub fn save(
    dir: &Path,
    config: &TaggerConfig,
    labels: &LabelSet,
    tensors: &HashMap<String, Tensor>,
    card: &str,
) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    std::fs::write(
        dir.join("config.json"),
        serde_json::to_string_pretty(config)? + "\n",
    )?;
    std::fs::write(
        dir.join("labels.json"),
        serde_json::to_string_pretty(labels)? + "\n",
    )?;
    candle_core::safetensors::save(tensors, dir.join("model.safetensors"))?;
    std::fs::write(dir.join("MODEL.md"), card)?;
    Ok(())
}

/// Encoder configuration helper for tests and tools.
pub fn tiny_encoder_config(vocab: usize) -> EncoderConfig {
    EncoderConfig {
        model_type: "bert".into(),
        hidden_size: 32,
        num_hidden_layers: 2,
        num_attention_heads: 4,
        intermediate_size: 64,
        vocab_size: vocab,
        max_position_embeddings: 64,
        type_vocab_size: 2,
        layer_norm_eps: 1e-12,
        pad_token_id: 1,
        position_offset: 0,
    }
}

/// Writes a model directory with untrained heads on a base (`sahel-events model init`).
pub fn init_untrained(base_name: &str, cache: &Path, out: &Path, seed: u64) -> anyhow::Result<()> {
    let device = Device::Cpu;
    let varmap = VarMap::new();
    let model = untrained(base_name, cache, &device, &varmap)?;
    heads::seeded_init(&varmap, seed)?;
    let tensors = varmap_tensors(&varmap);
    let card = format!(
        "# Untrained tagger on {base_name}\n\nFresh token and relation heads (BERT-style initialisation, seed {seed}) on the base encoder `{base_name}`; the encoder weights come from the base and are not stored here. Made by `sahel-events model init --base {base_name} --out {}`. Untrained: its predictions are noise; it exists to run the model path end to end.\n",
        out.display()
    );
    save(out, &model.config, &model.labels, &tensors, &card)
}
