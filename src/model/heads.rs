//! The task heads on the encoder: a token classifier (BIO tags over the five labels) and a
//! relation classifier for (trigger, entity) pairs. New layers are initialised BERT-style
//! (normal, std 0.02; zero biases): with candle's default initialisation small models stay
//! at chance (`shared/spec/CANDLE.md`).

use super::bert::Mode;
use candle_core::{Module, Result, Tensor};
use candle_nn::{Init, Linear, VarBuilder};

/// A dense layer with BERT-style initialisation when it is created rather than loaded.
pub fn dense(inputs: usize, outputs: usize, vb: VarBuilder) -> Result<Linear> {
    let w = vb.get_with_hints(
        (outputs, inputs),
        "weight",
        Init::Randn {
            mean: 0.0,
            stdev: 0.02,
        },
    )?;
    let b = vb.get_with_hints(outputs, "bias", Init::Const(0.0))?;
    Ok(Linear::new(w, Some(b)))
}

pub struct TokenHead {
    classifier: Linear,
}

impl TokenHead {
    pub fn load(vb: VarBuilder, hidden: usize, tags: usize) -> Result<Self> {
        Ok(TokenHead {
            classifier: dense(hidden, tags, vb.pp("classifier"))?,
        })
    }

    /// (batch, tokens, hidden) → (batch, tokens, tags) logits.
    pub fn forward(&self, hidden: &Tensor, mode: Mode) -> Result<Tensor> {
        self.classifier.forward(&mode.dropout(hidden)?)
    }
}

pub struct RelationHead {
    hidden: Linear,
    out: Linear,
}

impl RelationHead {
    pub fn load(
        vb: VarBuilder,
        encoder_hidden: usize,
        relation_hidden: usize,
        roles: usize,
    ) -> Result<Self> {
        Ok(RelationHead {
            hidden: dense(3 * encoder_hidden, relation_hidden, vb.pp("hidden"))?,
            out: dense(relation_hidden, roles, vb.pp("out"))?,
        })
    }

    /// `triggers`, `arguments`: (pairs, hidden) span embeddings → (pairs, roles) logits.
    pub fn forward(&self, triggers: &Tensor, arguments: &Tensor, mode: Mode) -> Result<Tensor> {
        let features = Tensor::cat(&[triggers, arguments, &(triggers * arguments)?], 1)?;
        let h = self.hidden.forward(&features)?.gelu_erf()?;
        self.out.forward(&mode.dropout(&h)?)
    }
}

/// Mean of the hidden states of a span's tokens: (tokens, hidden) → (hidden).
pub fn span_embedding(states: &Tensor, first: usize, last: usize) -> Result<Tensor> {
    states.narrow(0, first, last - first + 1)?.mean(0)
}

/// Re-draws every variable of `varmap` from a seeded generator, BERT-style: layer-norm
/// weights 1, biases 0, everything else normal with std 0.02. candle cannot seed its CPU
/// generator, and training must be reproducible.
pub fn seeded_init(varmap: &candle_nn::VarMap, seed: u64) -> Result<()> {
    use rand::SeedableRng;
    use rand_distr::Distribution;
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let normal = rand_distr::Normal::new(0f32, 0.02).expect("valid normal");
    let data = varmap.data().lock().expect("varmap lock");
    let mut names: Vec<&String> = data.keys().collect();
    names.sort();
    for name in names {
        let var = &data[name];
        let t = var.as_tensor();
        let n = t.elem_count();
        let values: Vec<f32> = if name.ends_with("LayerNorm.weight") {
            vec![1.0; n]
        } else if name.ends_with("bias") || name.ends_with("lora_b") {
            // A zero `B` makes a fresh adapter a no-op: training starts from the base.
            vec![0.0; n]
        } else {
            (0..n).map(|_| normal.sample(&mut rng)).collect()
        };
        var.set(&Tensor::from_vec(values, t.shape(), t.device())?)?;
    }
    Ok(())
}
