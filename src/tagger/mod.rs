//! Taggers: components that read a document and mark ACTOR, LOC, FATALITIES, DATE and EVENT
//! spans (and, for the model, the relations between them). `--tagger` picks one.

pub mod rules;

use crate::document::{Annotations, Document};

pub use rules::RuleTagger;

/// A tagger marks spans in a document. Implementations are shared across rayon workers.
pub trait Tagger: Send + Sync {
    fn name(&self) -> &'static str;
    fn tag(&self, doc: &Document) -> anyhow::Result<Annotations>;
}

/// The taggers the command line offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TaggerKind {
    /// Lexicons, gazetteer and French grammars; needs no model.
    Rules,
    /// The transformer tagger (not available in this build yet).
    Model,
    /// Model spans merged with rule spans (not available in this build yet).
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

/// Why a tagger cannot be built.
#[derive(Debug, thiserror::Error)]
pub enum TaggerUnavailable {
    #[error(
        "the `{0}` tagger needs a trained model, which this version does not ship yet; use `--tagger rules`"
    )]
    NoModel(&'static str),
}

/// Builds the tagger of a kind.
pub fn build(kind: TaggerKind) -> Result<Box<dyn Tagger>, TaggerUnavailable> {
    match kind {
        TaggerKind::Rules => Ok(Box::new(RuleTagger::new())),
        TaggerKind::Model | TaggerKind::Hybrid => Err(TaggerUnavailable::NoModel(kind.name())),
    }
}
