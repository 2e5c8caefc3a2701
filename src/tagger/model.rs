//! The transformer tagger as a pipeline component: loads a model directory on a device and
//! tags batches of documents with it.

use super::{ModelOptions, Tagger};
use crate::document::{Annotations, Document};
use crate::model::TaggerModel;
use anyhow::Context;
use candle_core::Device;

pub struct ModelTagger {
    model: TaggerModel,
    batch_size: usize,
}

/// The candle device for a `--device` name; GPU back ends exist only in builds with the
/// matching cargo feature.
pub fn device(name: &str) -> anyhow::Result<Device> {
    match name {
        "cpu" => Ok(Device::Cpu),
        "cuda" => {
            if cfg!(feature = "cuda") {
                Device::new_cuda(0).context("cannot open CUDA device 0")
            } else {
                anyhow::bail!(
                    "this build has no CUDA support: rebuild with `cargo build --release --features cuda` (needs nvcc)"
                )
            }
        }
        "metal" => {
            if cfg!(feature = "metal") {
                Device::new_metal(0).context("cannot open Metal device 0")
            } else {
                anyhow::bail!("this build has no Metal support: rebuild with `--features metal`")
            }
        }
        other => anyhow::bail!("unknown device `{other}` (cpu, cuda or metal)"),
    }
}

impl ModelTagger {
    pub fn load(opts: &ModelOptions) -> anyhow::Result<Self> {
        let dev = device(&opts.device)?;
        if !opts.dir.join("config.json").exists() {
            anyhow::bail!(
                "no model at {}: train one (`sahel-events train`), create an untrained one (`sahel-events model init`), or pass --model DIR",
                opts.dir.display()
            );
        }
        let model = TaggerModel::load(&opts.dir, &dev, &opts.cache)?;
        Ok(ModelTagger {
            model,
            batch_size: opts.batch_size,
        })
    }

    pub fn from_model(model: TaggerModel, batch_size: usize) -> Self {
        ModelTagger { model, batch_size }
    }

    /// Whether the model already weighed the rule tagger's spans (a rule-hints model).
    pub fn reads_rule_hints(&self) -> bool {
        self.model.reads_rule_hints()
    }
}

impl Tagger for ModelTagger {
    fn name(&self) -> &'static str {
        "model"
    }

    fn chunk_size(&self) -> usize {
        16
    }

    fn tag_batch(&self, docs: &[&Document]) -> Vec<anyhow::Result<Annotations>> {
        match self.model.annotate(docs, self.batch_size) {
            Ok(anns) => anns.into_iter().map(Ok).collect(),
            // One document's failure must not cost the others: retry one by one.
            Err(_) if docs.len() > 1 => docs
                .iter()
                .map(|d| {
                    self.model
                        .annotate(&[d], self.batch_size)
                        .map(|mut v| v.remove(0))
                })
                .collect(),
            Err(e) => vec![Err(e)],
        }
    }
}
