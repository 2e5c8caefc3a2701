//! Taggers: components that read documents and mark ACTOR, LOC, FATALITIES, DATE and EVENT
//! spans (and, for the model, the relations between them). `--tagger` picks one.

pub mod hybrid;
pub mod model;
pub mod rules;

use crate::document::{Annotations, Document};
use rayon::prelude::*;
use std::path::PathBuf;

pub use hybrid::HybridTagger;
pub use model::ModelTagger;
pub use rules::RuleTagger;

/// A tagger marks spans in documents. Implementations are shared across rayon workers and
/// provide `tag` or `tag_batch` (each defaults to the other).
pub trait Tagger: Send + Sync {
    fn name(&self) -> &'static str;

    fn tag(&self, doc: &Document) -> anyhow::Result<Annotations> {
        self.tag_batch(&[doc])
            .pop()
            .expect("one result per document")
    }

    /// Tags several documents, one result per document, in order. The model batches their
    /// windows through the encoder; the default runs `tag` on each in parallel.
    fn tag_batch(&self, docs: &[&Document]) -> Vec<anyhow::Result<Annotations>> {
        docs.par_iter().map(|d| self.tag(d)).collect()
    }

    /// How many documents a batch run hands over at once: many for the fast rules, fewer
    /// for the model so that the progress bar moves.
    fn chunk_size(&self) -> usize {
        256
    }
}

/// The taggers the command line offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TaggerKind {
    /// Lexicons, gazetteer and French grammars; needs no model.
    Rules,
    /// The transformer tagger (spans from the model, normalized by the rules' normalizers).
    Model,
    /// The model's entities with the rule layer's event triggers (the default when a model is present).
    Hybrid,
}

impl TaggerKind {
    pub fn name(self) -> &'static str {
        match self {
            TaggerKind::Rules => "rules",
            TaggerKind::Model => "model",
            TaggerKind::Hybrid => "hybrid",
        }
    }
}

/// Where the model tagger comes from and how it runs.
#[derive(Debug, Clone)]
pub struct ModelOptions {
    /// The model directory.
    pub dir: PathBuf,
    /// `cpu`, `cuda` or `metal`.
    pub device: String,
    /// Windows per forward pass.
    pub batch_size: usize,
    /// Where bases are cached (`base fetch-e5` puts multilingual-e5-small there).
    pub cache: PathBuf,
    /// Let the model's relation head link triggers to their arguments in the events
    /// (`--relations`; off by default, see `EventBuilder::with_relations`).
    pub relations: bool,
}

impl Default for ModelOptions {
    fn default() -> Self {
        ModelOptions {
            dir: PathBuf::from(DEFAULT_MODEL_DIR),
            device: "cpu".into(),
            batch_size: 1,
            cache: crate::model::base::cache_dir(),
            relations: false,
        }
    }
}

/// Where the shipped model lives in the repository.
pub const DEFAULT_MODEL_DIR: &str = "models/tagger";

/// Builds the tagger of a kind.
pub fn build(kind: TaggerKind, opts: &ModelOptions) -> anyhow::Result<Box<dyn Tagger>> {
    Ok(match kind {
        TaggerKind::Rules => Box::new(RuleTagger::new()),
        TaggerKind::Model => Box::new(ModelTagger::load(opts)?),
        TaggerKind::Hybrid => Box::new(HybridTagger::new(ModelTagger::load(opts)?)),
    })
}
