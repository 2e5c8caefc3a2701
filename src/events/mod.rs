//! Events: ACLED-style rows built from the normalized spans of a document. `EventBuilder`
//! groups mentions into events; `roles` decides who attacked whom; `fatalities` combines
//! the counts of one event conservatively.

mod builder;
mod fatalities;
mod location;
mod roles;
pub mod taxonomy;

pub use builder::EventBuilder;
pub use taxonomy::EventType;

/// Span indices (into the document's span list) for each role, as the spec's `args`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EventArgs {
    pub trigger: Vec<usize>,
    pub actor1: Vec<usize>,
    pub actor2: Vec<usize>,
    pub location: Vec<usize>,
    pub date: Vec<usize>,
    pub fatalities: Vec<usize>,
}

/// One conflict event with the spec's fields (and ACLED's extra codes).
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub event_date: Option<chrono::NaiveDate>,
    pub time_precision: Option<u8>,
    pub event_type: EventType,
    pub sub_event_type: &'static str,
    pub actor1: String,
    pub inter1: u8,
    pub actor2: Option<String>,
    pub inter2: Option<u8>,
    pub assoc_actor_1: Option<String>,
    pub assoc_actor_2: Option<String>,
    pub country: Option<String>,
    pub admin1: Option<String>,
    pub admin2: Option<String>,
    pub location: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub geo_precision: Option<u8>,
    pub fatalities: Option<u32>,
    pub args: EventArgs,
    /// The sentences the event was read from, for the analyst to check.
    pub evidence: String,
}

impl Event {
    pub fn interaction(&self) -> u16 {
        taxonomy::interaction(self.inter1, self.inter2)
    }
}
