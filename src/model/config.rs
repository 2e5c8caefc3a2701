//! The model directory's configuration: the encoder's shape (Hugging Face field names, so a
//! BERT or XLM-R `config.json` reads as is), the label set and the heads.

use serde::{Deserialize, Serialize};
use std::path::Path;

fn default_model_type() -> String {
    "bert".into()
}
fn default_eps() -> f64 {
    1e-12
}
fn default_types() -> usize {
    2
}

/// The encoder's shape, as in a Hugging Face `config.json` (unknown keys are ignored).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EncoderConfig {
    #[serde(default = "default_model_type")]
    pub model_type: String,
    pub hidden_size: usize,
    pub num_hidden_layers: usize,
    pub num_attention_heads: usize,
    pub intermediate_size: usize,
    pub vocab_size: usize,
    pub max_position_embeddings: usize,
    #[serde(default = "default_types")]
    pub type_vocab_size: usize,
    #[serde(default = "default_eps")]
    pub layer_norm_eps: f64,
    #[serde(default)]
    pub pad_token_id: u32,
    /// First position id: 0 for BERT, `pad_token_id + 1` for XLM-R (filled in on load).
    #[serde(default)]
    pub position_offset: usize,
}

impl EncoderConfig {
    pub fn from_file(path: &Path) -> anyhow::Result<Self> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))?;
        let mut c: EncoderConfig = serde_json::from_str(&text)
            .map_err(|e| anyhow::anyhow!("{}: not a model config: {e}", path.display()))?;
        c.check_type()?;
        if c.model_type == "xlm-roberta" && c.position_offset == 0 {
            c.position_offset = c.pad_token_id as usize + 1;
        }
        Ok(c)
    }

    fn check_type(&self) -> anyhow::Result<()> {
        match self.model_type.as_str() {
            "bert" | "xlm-roberta" | "roberta" | "camembert" => Ok(()),
            other => anyhow::bail!(
                "model_type `{other}` is not supported (BERT and XLM-RoBERTa encoders are)"
            ),
        }
    }

    /// Positions available to tokens once the offset is taken.
    pub fn max_tokens(&self) -> usize {
        self.max_position_embeddings - self.position_offset
    }
}

/// What the tagger adds on the encoder: its labels and head sizes, and where its base is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TaggerConfig {
    /// The base encoder, when the weights file holds only what training changed: a directory
    /// name under the cache (`multilingual-e5-small`), a path, or a Hugging Face model id.
    #[serde(default)]
    pub base: Option<String>,
    pub encoder: EncoderConfig,
    /// Hidden size of the relation head's MLP.
    pub relation_hidden: usize,
    /// Tokens per window (special tokens included) and the overlap between windows.
    pub window: usize,
    pub stride: usize,
    /// Where the rule tagger's tags enter the encoder (`model/hints.rs`): before this layer
    /// (the layer count: before the heads). Absent: the model reads the text alone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule_hints_layer: Option<usize>,
    /// Low-rank adapters on the top layers (`model/lora.rs`), folded into the base's weights
    /// on load. Absent: the directory stores trained layers whole (or none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lora: Option<super::lora::LoraConfig>,
}

/// `labels.json`: the BIO tags of the token head and the roles of the relation head.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LabelSet {
    pub tags: Vec<String>,
    pub roles: Vec<String>,
}

impl Default for LabelSet {
    fn default() -> Self {
        let mut tags = vec!["O".to_string()];
        for l in crate::document::Label::ALL {
            tags.push(format!("B-{l}"));
            tags.push(format!("I-{l}"));
        }
        let roles = ["none", "actor1", "actor2", "location", "date", "fatalities"]
            .map(String::from)
            .to_vec();
        LabelSet { tags, roles }
    }
}
