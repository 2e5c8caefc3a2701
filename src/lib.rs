//! sahel-events: reads French news about armed conflict in the Sahel and turns it into
//! ACLED-style events.
//!
//! The flow, one module per stage:
//! [`input`] (files, JSON Lines, stdin → [`document::Document`]) →
//! [`tagger`] (rules | model | hybrid → spans) →
//! [`normalize`] (canonical actors, gazetteer places, counts, dates) →
//! [`events`] (the event builder) →
//! [`output`] (JSON Lines, CSV). [`pipeline`] chains them for one document and [`batch`]
//! runs many in parallel. Beside the flow, [`eval`] scores taggers against gold files,
//! [`train`] fine-tunes the model, and [`allocator`] sets up memory for candle.

pub mod allocator;
pub mod batch;
pub mod document;
pub mod eval;
pub mod events;
pub mod input;
pub mod model;
pub mod normalize;
pub mod output;
pub mod pipeline;
pub mod tagger;
pub mod text;
pub mod train;
