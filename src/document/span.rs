//! Entity labels, spans and relations: the data model every tagger produces and every later
//! stage reads. Offsets are character offsets into the document text.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The five entity labels of the annotation spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Label {
    Actor,
    Loc,
    Fatalities,
    Date,
    Event,
}

impl Label {
    pub const ALL: [Label; 5] = [
        Label::Actor,
        Label::Loc,
        Label::Fatalities,
        Label::Date,
        Label::Event,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Label::Actor => "ACTOR",
            Label::Loc => "LOC",
            Label::Fatalities => "FATALITIES",
            Label::Date => "DATE",
            Label::Event => "EVENT",
        }
    }

    pub fn parse(s: &str) -> Option<Label> {
        Label::ALL.into_iter().find(|l| l.as_str() == s)
    }
}

impl fmt::Display for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A labelled stretch of the document: `text[start..end]` in characters.
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    pub label: Label,
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// The normalized value, filled by the normalizer.
    pub norm: Option<crate::normalize::Norm>,
}

impl Span {
    pub fn overlaps(&self, other: &Span) -> bool {
        self.start < other.end && other.start < self.end
    }
}

/// The role an argument plays in an event, as in the spec's `args`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Trigger,
    Actor1,
    Actor2,
    Location,
    Date,
    Fatalities,
}

/// A link from an EVENT span to an argument span, as a relation tagger predicts it.
/// Indices point into the tagger's span list.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Relation {
    pub trigger: usize,
    pub argument: usize,
    pub role: Role,
}

/// What a tagger returns for one document.
#[derive(Debug, Clone, Default)]
pub struct Annotations {
    pub spans: Vec<Span>,
    /// Empty for taggers that predict no relations (the rules).
    pub relations: Vec<Relation>,
}

impl Annotations {
    /// Sorts the spans by position, keeping the relations pointing at the same spans.
    pub fn sort(&mut self) {
        let mut order: Vec<usize> = (0..self.spans.len()).collect();
        order.sort_by_key(|&i| (self.spans[i].start, self.spans[i].end));
        let mut new_index = vec![0; order.len()];
        for (new, &old) in order.iter().enumerate() {
            new_index[old] = new;
        }
        let mut spans: Vec<Option<Span>> = std::mem::take(&mut self.spans)
            .into_iter()
            .map(Some)
            .collect();
        self.spans = order
            .iter()
            .map(|&i| spans[i].take().expect("each span once"))
            .collect();
        for r in &mut self.relations {
            r.trigger = new_index[r.trigger];
            r.argument = new_index[r.argument];
        }
    }
}
