//! Low-rank adapters (LoRA): instead of fine-tuning a layer's weight matrices, training
//! learns a rank-`r` correction `W + (alpha / r) · B·A` for each of them and leaves `W` as
//! the base has it. A model directory then stores only `A` and `B` (a few hundred kilobytes
//! for the top layers); loading folds them into the base's weights, so inference runs the
//! plain encoder at no extra cost.
//!
//! Tensors are named after the weight they correct: `encoder.layer.{i}.{target}.lora_a`
//! (`r × in`) and `….lora_b` (`out × r`, zero at the start so training begins from the base).

use candle_core::{Module, Result, Tensor};
use candle_nn::VarBuilder;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The adapted linear maps of a transformer layer (every one of them: attention and
/// feed-forward).
pub const TARGETS: [&str; 6] = [
    "attention.self.query",
    "attention.self.key",
    "attention.self.value",
    "attention.output.dense",
    "intermediate.dense",
    "output.dense",
];

/// Which layers carry adapters, and their shape. Stored in the model's `config.json`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LoraConfig {
    pub rank: usize,
    pub alpha: f64,
    /// The first adapted layer; all layers above it are adapted too.
    pub first_layer: usize,
}

impl LoraConfig {
    pub fn scale(&self) -> f64 {
        self.alpha / self.rank as f64
    }
}

/// One adapter: the low-rank correction to one linear map.
#[derive(Debug, Clone)]
pub struct Adapter {
    a: Tensor,
    b: Tensor,
    scale: f64,
}

impl Adapter {
    /// `vb` points at the adapted weight's prefix (`encoder.layer.11.attention.self.query`).
    pub fn load(vb: VarBuilder, input: usize, output: usize, c: &LoraConfig) -> Result<Self> {
        Ok(Adapter {
            a: vb.get((c.rank, input), "lora_a")?,
            b: vb.get((output, c.rank), "lora_b")?,
            scale: c.scale(),
        })
    }
}

impl Module for Adapter {
    /// The correction alone: `x · Aᵀ · Bᵀ · scale`.
    fn forward(&self, xs: &Tensor) -> Result<Tensor> {
        xs.broadcast_matmul(&self.a.t()?)?
            .broadcast_matmul(&self.b.t()?)?
            * self.scale
    }
}

/// A linear map with an optional adapter beside it.
#[derive(Debug, Clone)]
pub struct Projection {
    pub linear: candle_nn::Linear,
    pub adapter: Option<Adapter>,
}

impl Module for Projection {
    fn forward(&self, xs: &Tensor) -> Result<Tensor> {
        let out = self.linear.forward(xs)?;
        match &self.adapter {
            Some(a) => out + a.forward(xs)?,
            None => Ok(out),
        }
    }
}

/// Folds the adapters among `tensors` into the weights they correct and removes them, so
/// that the encoder loads as a plain one. Fails when an adapter's weight is missing.
pub fn merge(
    tensors: &mut HashMap<String, Tensor>,
    c: &LoraConfig,
    layers: usize,
) -> anyhow::Result<()> {
    for i in c.first_layer..layers {
        for target in TARGETS {
            let prefix = format!("encoder.layer.{i}.{target}");
            let (Some(a), Some(b)) = (
                tensors.remove(&format!("{prefix}.lora_a")),
                tensors.remove(&format!("{prefix}.lora_b")),
            ) else {
                anyhow::bail!(
                    "the config asks for LoRA adapters but {prefix}.lora_a/lora_b are missing"
                );
            };
            let weight_name = format!("{prefix}.weight");
            let w = tensors
                .get(&weight_name)
                .ok_or_else(|| anyhow::anyhow!("no {weight_name} to fold the adapter into"))?;
            let dtype = w.dtype();
            let delta = (b.to_dtype(dtype)?.matmul(&a.to_dtype(dtype)?)? * c.scale())?;
            let merged = (w + delta)?;
            tensors.insert(weight_name, merged);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use candle_core::{DType, Device};

    fn max_abs(t: &Tensor) -> f32 {
        t.abs()
            .unwrap()
            .max_all()
            .unwrap()
            .to_scalar::<f32>()
            .unwrap()
    }

    #[test]
    fn a_folded_adapter_computes_what_the_adapter_beside_the_weight_computes() {
        let dev = Device::Cpu;
        let c = LoraConfig {
            rank: 2,
            alpha: 4.0,
            first_layer: 0,
        };
        let w = Tensor::randn(0f32, 1.0, (5, 3), &dev).unwrap();
        let bias = Tensor::randn(0f32, 1.0, 5, &dev).unwrap();
        let a = Tensor::randn(0f32, 1.0, (2, 3), &dev).unwrap();
        let b = Tensor::randn(0f32, 1.0, (5, 2), &dev).unwrap();
        let mut tensors = HashMap::new();
        for t in TARGETS {
            let p = format!("encoder.layer.0.{t}");
            tensors.insert(format!("{p}.weight"), w.clone());
            tensors.insert(format!("{p}.bias"), bias.clone());
            tensors.insert(format!("{p}.lora_a"), a.clone());
            tensors.insert(format!("{p}.lora_b"), b.clone());
        }
        let vb = VarBuilder::from_tensors(tensors.clone(), DType::F32, &dev);
        let p = vb.pp("encoder.layer.0.attention.self.query");
        let beside = Projection {
            linear: candle_nn::linear(3, 5, p.clone()).unwrap(),
            adapter: Some(Adapter::load(p, 3, 5, &c).unwrap()),
        };
        merge(&mut tensors, &c, 1).unwrap();
        assert!(!tensors.keys().any(|k| k.contains("lora")));
        let vb = VarBuilder::from_tensors(tensors, DType::F32, &dev);
        let folded =
            candle_nn::linear(3, 5, vb.pp("encoder.layer.0.attention.self.query")).unwrap();
        let x = Tensor::randn(0f32, 1.0, (2, 4, 3), &dev).unwrap();
        let diff = max_abs(&(beside.forward(&x).unwrap() - folded.forward(&x).unwrap()).unwrap());
        assert!(diff < 1e-4, "{diff}");
        // And the adapter really changes the map.
        let plain = candle_nn::Linear::new(w, Some(bias));
        let moved = max_abs(&(beside.forward(&x).unwrap() - plain.forward(&x).unwrap()).unwrap());
        assert!(moved > 1e-2);
    }

    #[test]
    fn a_missing_adapter_is_an_error_not_a_silent_base() {
        let mut tensors = HashMap::new();
        let c = LoraConfig {
            rank: 2,
            alpha: 2.0,
            first_layer: 0,
        };
        let err = merge(&mut tensors, &c, 1).unwrap_err().to_string();
        assert!(err.contains("lora_a"), "{err}");
    }
}
