//! The pipeline: a document flows through the tagger, the normalizer and the event builder.
//! Batches run in parallel with rayon; results come back in input order.

use crate::document::{Annotations, Document, Label, Span};
use crate::events::{Event, EventBuilder};
use crate::normalize::normalize;
use crate::tagger::Tagger;

/// What the pipeline learned about one document.
#[derive(Debug, Clone)]
pub struct Extraction {
    pub doc: Document,
    /// Normalized spans, sorted by position; event `args` index into this list.
    pub spans: Vec<Span>,
    pub events: Vec<Event>,
    /// The country most of the document's places belong to.
    pub country: Option<String>,
}

pub struct Pipeline {
    tagger: Box<dyn Tagger>,
    builder: EventBuilder,
}

impl Pipeline {
    pub fn new(tagger: Box<dyn Tagger>) -> Self {
        Pipeline {
            tagger,
            builder: EventBuilder::new(),
        }
    }

    /// Lets the tagger's relations shape the events (see `EventBuilder::with_relations`).
    pub fn with_relations(mut self, on: bool) -> Self {
        self.builder = EventBuilder::new().with_relations(on);
        self
    }

    pub fn tagger_name(&self) -> &'static str {
        self.tagger.name()
    }

    pub fn chunk_size(&self) -> usize {
        self.tagger.chunk_size()
    }

    /// Runs every stage on one document. A bug that panics on this document becomes its
    /// error, so that it never costs the rest of a batch.
    pub fn run(&self, doc: Document) -> anyhow::Result<Extraction> {
        let id = doc.id.clone();
        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.run_stages(doc))) {
            Ok(result) => result,
            Err(panic) => {
                let what = panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                anyhow::bail!(
                    "internal error while processing document {id} (please report it): {what}"
                )
            }
        }
    }

    fn run_stages(&self, doc: Document) -> anyhow::Result<Extraction> {
        let ann = self.tagger.tag(&doc)?;
        Ok(self.finish(doc, ann))
    }

    /// Runs a batch: the tagger sees all documents at once (the model batches their windows),
    /// the later stages run in parallel. Results come back in input order, one per document;
    /// a failing or panicking tagger call is retried document by document so that one bad
    /// document fails alone.
    pub fn run_batch(&self, docs: Vec<Document>) -> Vec<anyhow::Result<Extraction>> {
        use rayon::prelude::*;
        let refs: Vec<&Document> = docs.iter().collect();
        let tagged = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            self.tagger.tag_batch(&refs)
        }));
        match tagged {
            Ok(anns) if anns.iter().all(Result::is_ok) && anns.len() == docs.len() => docs
                .into_par_iter()
                .zip(anns)
                .map(|(doc, ann)| {
                    let id = doc.id.clone();
                    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        self.finish(doc, ann.expect("checked"))
                    }))
                    .map_err(|p| panic_error(&id, p))
                })
                .collect(),
            _ => docs.into_par_iter().map(|d| self.run(d)).collect(),
        }
    }

    fn finish(&self, doc: Document, mut ann: Annotations) -> Extraction {
        ann.sort();
        let country = normalize(&doc, &mut ann);
        let mut events = self.builder.build(&doc, &ann, country.as_deref());
        let spans = keep_event_triggers_in_events(ann.spans, &mut events);
        Extraction {
            doc,
            spans,
            events,
            country,
        }
    }
}

fn panic_error(id: &str, panic: Box<dyn std::any::Any + Send>) -> anyhow::Error {
    let what = panic
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_default();
    anyhow::anyhow!("internal error while processing document {id} (please report it): {what}")
}

/// EVENT spans mark triggers of specific events only (the spec): a trigger word that no
/// event took ("les attaques sont quotidiennes") is dropped, and event arguments re-indexed.
fn keep_event_triggers_in_events(spans: Vec<Span>, events: &mut [Event]) -> Vec<Span> {
    let used: std::collections::HashSet<usize> = events
        .iter()
        .flat_map(|e| e.args.trigger.iter().copied())
        .collect();
    let mut new_index = vec![usize::MAX; spans.len()];
    let mut kept = Vec::with_capacity(spans.len());
    for (i, s) in spans.into_iter().enumerate() {
        if s.label != Label::Event || used.contains(&i) {
            new_index[i] = kept.len();
            kept.push(s);
        }
    }
    for e in events.iter_mut() {
        for list in [
            &mut e.args.trigger,
            &mut e.args.actor1,
            &mut e.args.actor2,
            &mut e.args.location,
            &mut e.args.date,
            &mut e.args.fatalities,
        ] {
            list.retain(|&i| new_index[i] != usize::MAX);
            for i in list.iter_mut() {
                *i = new_index[*i];
            }
        }
    }
    kept
}
