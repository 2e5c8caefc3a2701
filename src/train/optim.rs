//! AdamW with decoupled weight decay (none on biases and layer-norm weights), a warm-up then
//! linear-decay learning rate, and global gradient-norm clipping. Written here rather than
//! taken from candle-nn because a killed run must resume with the optimizer's moments, which
//! candle's `AdamW` keeps private, and because candle's applies decay to every variable.

use candle_core::backprop::GradStore;
use candle_core::{Result, Tensor, Var};
use std::collections::HashMap;

pub struct AdamW {
    vars: Vec<(String, Var)>,
    /// Learning-rate factor per variable (1 unless `scale_lr` says otherwise).
    scales: Vec<f64>,
    m: Vec<Tensor>,
    v: Vec<Tensor>,
    pub step: usize,
    pub beta1: f64,
    pub beta2: f64,
    pub eps: f64,
    pub weight_decay: f64,
}

fn decays(name: &str) -> bool {
    !(name.ends_with("bias") || name.contains("LayerNorm"))
}

impl AdamW {
    pub fn new(mut vars: Vec<(String, Var)>, weight_decay: f64) -> Result<Self> {
        vars.sort_by(|a, b| a.0.cmp(&b.0));
        let m = vars
            .iter()
            .map(|(_, v)| v.as_tensor().zeros_like())
            .collect::<Result<_>>()?;
        let v = vars
            .iter()
            .map(|(_, v)| v.as_tensor().zeros_like())
            .collect::<Result<_>>()?;
        Ok(AdamW {
            scales: vec![1.0; vars.len()],
            vars,
            m,
            v,
            step: 0,
            beta1: 0.9,
            beta2: 0.999,
            eps: 1e-8,
            weight_decay,
        })
    }

    /// Multiplies the learning rate of the variables whose name starts with `prefix`.
    pub fn scale_lr(&mut self, prefix: &str, factor: f64) {
        for (scale, (name, _)) in self.scales.iter_mut().zip(&self.vars) {
            if name.starts_with(prefix) {
                *scale *= factor;
            }
        }
    }

    /// Scales the gradients so that their global L2 norm is at most `max_norm`; returns the
    /// norm before clipping.
    pub fn clip(&self, grads: &mut GradStore, max_norm: f64) -> Result<f64> {
        let mut sq = 0f64;
        for (_, var) in &self.vars {
            if let Some(g) = grads.get(var.as_tensor()) {
                sq += g.sqr()?.sum_all()?.to_scalar::<f32>()? as f64;
            }
        }
        let norm = sq.sqrt();
        if norm > max_norm {
            let scale = max_norm / (norm + 1e-6);
            for (_, var) in &self.vars {
                if let Some(g) = grads.get(var.as_tensor()) {
                    let scaled = (g * scale)?;
                    grads.insert(var.as_tensor(), scaled);
                }
            }
        }
        Ok(norm)
    }

    pub fn step(&mut self, grads: &GradStore, lr: f64) -> Result<()> {
        self.step += 1;
        let t = self.step as i32;
        let (c1, c2) = (1.0 - self.beta1.powi(t), 1.0 - self.beta2.powi(t));
        for (i, (name, var)) in self.vars.iter().enumerate() {
            let Some(g) = grads.get(var.as_tensor()) else {
                continue;
            };
            let m = ((&self.m[i] * self.beta1)? + (g * (1.0 - self.beta1))?)?;
            let v = ((&self.v[i] * self.beta2)? + (g.sqr()? * (1.0 - self.beta2))?)?;
            let update = ((&m / c1)? / ((&v / c2)?.sqrt()? + self.eps)?)?;
            let decayed = if decays(name) {
                (var.as_tensor() * (1.0 - lr * self.weight_decay))?
            } else {
                var.as_tensor().clone()
            };
            var.set(&(decayed - (update * (lr * self.scales[i]))?)?)?;
            self.m[i] = m;
            self.v[i] = v;
        }
        Ok(())
    }

    /// The moments, for a checkpoint.
    pub fn state(&self) -> HashMap<String, Tensor> {
        let mut out = HashMap::new();
        for (i, (name, _)) in self.vars.iter().enumerate() {
            out.insert(format!("m.{name}"), self.m[i].clone());
            out.insert(format!("v.{name}"), self.v[i].clone());
        }
        out
    }

    pub fn load_state(
        &mut self,
        state: &HashMap<String, Tensor>,
        step: usize,
    ) -> anyhow::Result<()> {
        for (i, (name, _)) in self.vars.iter().enumerate() {
            self.m[i] = state
                .get(&format!("m.{name}"))
                .ok_or_else(|| anyhow::anyhow!("checkpoint lacks the optimizer moment m.{name}"))?
                .clone();
            self.v[i] = state
                .get(&format!("v.{name}"))
                .ok_or_else(|| anyhow::anyhow!("checkpoint lacks the optimizer moment v.{name}"))?
                .clone();
        }
        self.step = step;
        Ok(())
    }
}

/// Linear warm-up over `warmup` steps to `peak`, then linear decay to zero at `total`.
pub fn learning_rate(step: usize, total: usize, warmup: usize, peak: f64) -> f64 {
    if step < warmup {
        peak * (step + 1) as f64 / warmup as f64
    } else {
        peak * (total.saturating_sub(step)) as f64 / (total - warmup).max(1) as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use candle_core::Device;

    #[test]
    fn schedule_warms_up_then_decays() {
        assert!((learning_rate(0, 100, 10, 1.0) - 0.1).abs() < 1e-9);
        assert!((learning_rate(9, 100, 10, 1.0) - 1.0).abs() < 1e-9);
        assert!((learning_rate(55, 100, 10, 1.0) - 0.5).abs() < 1e-9);
        assert_eq!(learning_rate(100, 100, 10, 1.0), 0.0);
    }

    #[test]
    fn adamw_minimises_a_quadratic_and_clips() {
        let w = Var::from_vec(vec![3f32, -2.0], 2, &Device::Cpu).unwrap();
        let mut opt = AdamW::new(vec![("w.weight".into(), w.clone())], 0.0).unwrap();
        for _ in 0..300 {
            let loss = w.as_tensor().sqr().unwrap().sum_all().unwrap();
            let mut g = loss.backward().unwrap();
            let norm = opt.clip(&mut g, 1.0).unwrap();
            assert!(norm >= 0.0);
            opt.step(&g, 0.05).unwrap();
        }
        let v: Vec<f32> = w.as_tensor().to_vec1().unwrap();
        assert!(v.iter().all(|x| x.abs() < 0.1), "{v:?}");
    }
}
