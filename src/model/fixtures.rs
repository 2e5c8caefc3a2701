//! Small stand-ins for tests and benchmarks: a sentence-piece tokenizer built from a word
//! list (Unigram model, Metaspace pre-tokenizer, like XLM-R's) and a randomly initialised
//! tagger saved in the model-directory format, so that tests go through the real loading
//! path without the 470 MB base.

use super::config::{LabelSet, TaggerConfig};
use super::{Network, save, tiny_encoder_config, varmap_tensors};
use candle_core::{DType, Device};
use candle_nn::{VarBuilder, VarMap};
use std::path::Path;
use tokenizers::Tokenizer;
use tokenizers::models::unigram::Unigram;
use tokenizers::pre_tokenizers::metaspace::{Metaspace, PrependScheme};

/// A Unigram tokenizer whose pieces are `<s> <pad> </s> <unk>`, every character of `text`
/// (alone and with the ▁ word marker), and the whole words of `text`.
pub fn tokenizer_for(text: &str) -> Tokenizer {
    let mut vocab: Vec<(String, f64)> = ["<s>", "<pad>", "</s>", "<unk>"]
        .iter()
        .map(|s| (s.to_string(), 0.0))
        .collect();
    let mut seen = std::collections::HashSet::new();
    let mut push = |p: String, score: f64, vocab: &mut Vec<(String, f64)>| {
        if seen.insert(p.clone()) {
            vocab.push((p, score));
        }
    };
    push("▁".into(), -2.0, &mut vocab);
    for c in text.chars().filter(|c| !c.is_whitespace()) {
        push(c.to_string(), -10.0, &mut vocab);
        push(format!("▁{c}"), -10.0, &mut vocab);
    }
    for w in text.split_whitespace() {
        push(format!("▁{w}"), -1.0, &mut vocab);
    }
    let model = Unigram::from(vocab, Some(3), false).expect("unigram vocabulary");
    let mut tok = Tokenizer::new(model);
    tok.with_pre_tokenizer(Some(Metaspace::new('▁', PrependScheme::Always, true)));
    tok
}

/// Writes a complete, randomly initialised model directory (no base) for `tokenizer`, with
/// windows of `window` tokens overlapping by `stride`, and rule hints entering before layer
/// `rule_hints_layer` when given.
pub fn random_model_dir(
    dir: &Path,
    tokenizer: &Tokenizer,
    window: usize,
    stride: usize,
    seed: u64,
    rule_hints_layer: Option<usize>,
) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir)?;
    tokenizer
        .save(dir.join("tokenizer.json"), false)
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let device = Device::Cpu;
    let config = TaggerConfig {
        base: None,
        encoder: tiny_encoder_config(tokenizer.get_vocab_size(true)),
        relation_hidden: 16,
        window,
        stride,
        rule_hints_layer,
        lora: None,
    };
    let labels = LabelSet::default();
    let varmap = VarMap::new();
    Network::load(
        VarBuilder::from_varmap(&varmap, DType::F32, &device),
        &config,
        &labels,
    )?;
    super::heads::seeded_init(&varmap, seed)?;
    let tensors = varmap_tensors(&varmap);
    save(
        dir,
        &config,
        &labels,
        &tensors,
        "# Random test model\n\nRandom weights for tests.\n",
    )
}

/// Writes a randomly initialised base encoder directory (`config.json`, `tokenizer.json`,
/// `model.safetensors`), as `base fetch-e5` writes the real one.
pub fn random_base_dir(dir: &Path, tokenizer: &Tokenizer, seed: u64) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir)?;
    tokenizer
        .save(dir.join("tokenizer.json"), false)
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let config = tiny_encoder_config(tokenizer.get_vocab_size(true));
    let varmap = VarMap::new();
    super::bert::Encoder::load(
        VarBuilder::from_varmap(&varmap, DType::F32, &Device::Cpu),
        &config,
    )?;
    super::heads::seeded_init(&varmap, seed)?;
    let tensors = varmap_tensors(&varmap);
    candle_core::safetensors::save(&tensors, dir.join("model.safetensors"))?;
    std::fs::write(
        dir.join("config.json"),
        serde_json::to_string_pretty(&config)?,
    )?;
    Ok(())
}
