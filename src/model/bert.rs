//! A BERT encoder of the project's own, under Hugging Face's tensor names, so that BERT and
//! XLM-RoBERTa checkpoints (and the imported multilingual-e5-small) load as they are.
//! candle's stock encoders build their layer norms and softmax from ops that record no
//! gradient and have no working dropout (`shared/spec/CANDLE.md`); here training mode uses
//! the differentiable versions and real dropout, inference the fused ones.

use super::config::EncoderConfig;
use super::lora::{Adapter, LoraConfig, Projection};
use candle_core::{D, DType, Module, Result, Tensor};
use candle_nn::{Embedding, VarBuilder, embedding, linear};

/// Whether a forward pass trains (dropout on, differentiable ops) or infers. Training draws
/// its dropout masks from the trainer's seeded generator, so that a run is reproducible
/// (candle cannot seed its CPU generator).
#[derive(Clone, Copy)]
pub enum Mode<'a> {
    Infer,
    Train {
        dropout: f32,
        rng: &'a std::cell::RefCell<rand::rngs::StdRng>,
    },
}

impl Mode<'_> {
    pub fn is_train(&self) -> bool {
        matches!(self, Mode::Train { .. })
    }

    /// Inverted dropout: zeroes each value with probability `p` and scales the rest by
    /// `1 / (1 - p)`; the identity when inferring.
    pub fn dropout(&self, xs: &Tensor) -> Result<Tensor> {
        match self {
            Mode::Train { dropout, rng } if *dropout > 0.0 => {
                use rand::Rng;
                let keep = 1.0 - dropout;
                let mut rng = rng.borrow_mut();
                let mask: Vec<f32> = (0..xs.elem_count())
                    .map(|_| {
                        if rng.random::<f32>() < keep {
                            1.0 / keep
                        } else {
                            0.0
                        }
                    })
                    .collect();
                xs * Tensor::from_vec(mask, xs.shape(), xs.device())?
            }
            _ => Ok(xs.clone()),
        }
    }
}

/// Layer normalisation with weight and bias.
pub struct LayerNorm {
    weight: Tensor,
    bias: Tensor,
    eps: f32,
}

impl LayerNorm {
    pub fn load(vb: VarBuilder, size: usize, eps: f64) -> Result<Self> {
        let weight = vb.get_with_hints(size, "weight", candle_nn::Init::Const(1.0))?;
        let bias = vb.get_with_hints(size, "bias", candle_nn::Init::Const(0.0))?;
        Ok(LayerNorm {
            weight,
            bias,
            eps: eps as f32,
        })
    }

    pub fn forward(&self, xs: &Tensor, mode: Mode) -> Result<Tensor> {
        match mode {
            Mode::Infer => {
                candle_nn::ops::layer_norm(&xs.contiguous()?, &self.weight, &self.bias, self.eps)
            }
            Mode::Train { .. } => {
                candle_nn::ops::layer_norm_slow(xs, &self.weight, &self.bias, self.eps)
            }
        }
    }
}

pub struct Embeddings {
    word: Embedding,
    position: Embedding,
    token_type: Embedding,
    norm: LayerNorm,
    position_offset: usize,
}

impl Embeddings {
    pub fn load(vb: VarBuilder, c: &EncoderConfig) -> Result<Self> {
        Ok(Embeddings {
            word: embedding(c.vocab_size, c.hidden_size, vb.pp("word_embeddings"))?,
            position: embedding(
                c.max_position_embeddings,
                c.hidden_size,
                vb.pp("position_embeddings"),
            )?,
            token_type: embedding(
                c.type_vocab_size,
                c.hidden_size,
                vb.pp("token_type_embeddings"),
            )?,
            norm: LayerNorm::load(vb.pp("LayerNorm"), c.hidden_size, c.layer_norm_eps)?,
            position_offset: c.position_offset,
        })
    }

    pub fn forward(&self, ids: &Tensor, mode: Mode) -> Result<Tensor> {
        let (_, t) = ids.dims2()?;
        let positions = Tensor::arange(
            self.position_offset as u32,
            (self.position_offset + t) as u32,
            ids.device(),
        )?;
        let types = ids.zeros_like()?;
        let xs = self
            .word
            .forward(ids)?
            .broadcast_add(&self.position.forward(&positions)?)?
            .broadcast_add(&self.token_type.forward(&types)?)?;
        mode.dropout(&self.norm.forward(&xs, mode)?)
    }
}

pub struct Layer {
    query: Projection,
    key: Projection,
    value: Projection,
    attention_out: Projection,
    attention_norm: LayerNorm,
    intermediate: Projection,
    output: Projection,
    output_norm: LayerNorm,
    heads: usize,
}

impl Layer {
    pub fn load(vb: VarBuilder, c: &EncoderConfig) -> Result<Self> {
        Self::load_adapted(vb, None, c)
    }

    /// A layer whose linear maps carry LoRA adapters (`model/lora.rs`) read from
    /// `adapters` (same prefixes as the weights), when given.
    pub fn load_adapted(
        vb: VarBuilder,
        adapters: Option<(VarBuilder, &LoraConfig)>,
        c: &EncoderConfig,
    ) -> Result<Self> {
        let h = c.hidden_size;
        let project = |input: usize, output: usize, name: &str| -> Result<Projection> {
            Ok(Projection {
                linear: linear(input, output, vb.pp(name))?,
                adapter: match &adapters {
                    Some((avb, lc)) => Some(Adapter::load(avb.pp(name), input, output, lc)?),
                    None => None,
                },
            })
        };
        let att = vb.pp("attention");
        Ok(Layer {
            query: project(h, h, "attention.self.query")?,
            key: project(h, h, "attention.self.key")?,
            value: project(h, h, "attention.self.value")?,
            attention_out: project(h, h, "attention.output.dense")?,
            attention_norm: LayerNorm::load(att.pp("output").pp("LayerNorm"), h, c.layer_norm_eps)?,
            intermediate: project(h, c.intermediate_size, "intermediate.dense")?,
            output: project(c.intermediate_size, h, "output.dense")?,
            output_norm: LayerNorm::load(vb.pp("output").pp("LayerNorm"), h, c.layer_norm_eps)?,
            heads: c.num_attention_heads,
        })
    }

    /// `mask`: additive attention mask, shape (batch, 1, 1, tokens).
    pub fn forward(&self, xs: &Tensor, mask: &Tensor, mode: Mode) -> Result<Tensor> {
        let (b, t, h) = xs.dims3()?;
        let d = h / self.heads;
        let split = |x: Tensor| {
            x.reshape((b, t, self.heads, d))?
                .transpose(1, 2)?
                .contiguous()
        };
        let q = split(self.query.forward(xs)?)?;
        let k = split(self.key.forward(xs)?)?;
        let v = split(self.value.forward(xs)?)?;
        let scores = (q.matmul(&k.t()?)? / (d as f64).sqrt())?.broadcast_add(mask)?;
        let probs = match mode {
            Mode::Infer => candle_nn::ops::softmax_last_dim(&scores)?,
            Mode::Train { .. } => candle_nn::ops::softmax(&scores, D::Minus1)?,
        };
        let probs = mode.dropout(&probs)?;
        let context = probs.matmul(&v)?.transpose(1, 2)?.reshape((b, t, h))?;
        let attended = mode.dropout(&self.attention_out.forward(&context)?)?;
        let xs = self.attention_norm.forward(&(attended + xs)?, mode)?;
        let inner = self.intermediate.forward(&xs)?.gelu_erf()?;
        let out = mode.dropout(&self.output.forward(&inner)?)?;
        self.output_norm.forward(&(out + xs)?, mode)
    }
}

/// The additive attention mask, (batch, 1, 1, tokens), from a (batch, tokens) 1/0 mask.
pub fn attention_bias(attention: &Tensor) -> Result<Tensor> {
    let (b, t) = attention.dims2()?;
    ((attention.to_dtype(DType::F32)? - 1.0)? * 10_000.0)?.reshape((b, 1, 1, t))
}

/// The encoder: embeddings and a stack of transformer layers.
pub struct Encoder {
    embeddings: Embeddings,
    layers: Vec<Layer>,
    pub config: EncoderConfig,
}

impl Encoder {
    pub fn load(vb: VarBuilder, c: &EncoderConfig) -> Result<Self> {
        let embeddings = Embeddings::load(vb.pp("embeddings"), c)?;
        let layers = (0..c.num_hidden_layers)
            .map(|i| Layer::load(vb.pp(format!("encoder.layer.{i}")), c))
            .collect::<Result<_>>()?;
        Ok(Encoder {
            embeddings,
            layers,
            config: c.clone(),
        })
    }

    /// `ids`: (batch, tokens) u32; `attention`: (batch, tokens), 1 for real tokens, 0 for
    /// padding. Returns the last hidden states, (batch, tokens, hidden).
    pub fn forward(&self, ids: &Tensor, attention: &Tensor, mode: Mode) -> Result<Tensor> {
        let xs = self.embeddings.forward(ids, mode)?;
        self.forward_layers(&xs, attention, 0..self.layers.len(), mode)
    }

    /// The embeddings alone: (batch, tokens, hidden).
    pub fn embed(&self, ids: &Tensor, mode: Mode) -> Result<Tensor> {
        self.embeddings.forward(ids, mode)
    }

    /// Runs the layers of `range` on hidden states (training caches the output of the frozen
    /// lower layers and runs only the upper ones).
    pub fn forward_layers(
        &self,
        xs: &Tensor,
        attention: &Tensor,
        range: std::ops::Range<usize>,
        mode: Mode,
    ) -> Result<Tensor> {
        let mask = attention_bias(attention)?;
        let mut xs = xs.clone();
        for layer in &self.layers[range] {
            xs = layer.forward(&xs, &mask, mode)?;
        }
        Ok(xs)
    }

    pub fn layer_count(&self) -> usize {
        self.layers.len()
    }

    /// An encoder made of given parts (the trainer mixes frozen and trainable layers).
    pub fn from_parts(embeddings: Embeddings, layers: Vec<Layer>, config: EncoderConfig) -> Self {
        Encoder {
            embeddings,
            layers,
            config,
        }
    }
}
