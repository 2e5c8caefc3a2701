//! Gold files: JSON Lines in the spec's format (`shared/spec/ANNOTATION.md`), read leniently
//! (unknown keys ignored, optional fields optional) but with offsets checked, since a gold
//! mention whose text does not match its offsets cannot be scored.

use crate::document::{Document, Label, PublicationDate};
use serde::Deserialize;
use std::collections::HashMap;
use std::path::Path;

#[derive(Debug, Clone, Deserialize)]
pub struct GoldDocument {
    pub id: String,
    pub text: String,
    #[serde(default)]
    pub published: Option<String>,
    #[serde(default)]
    pub split: Option<String>,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub entities: Vec<GoldEntity>,
    #[serde(default)]
    pub events: Vec<GoldEvent>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct GoldEntity {
    pub id: String,
    pub label: String,
    pub start: usize,
    pub end: usize,
    pub text: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct GoldEvent {
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub event_date: Option<String>,
    #[serde(default)]
    pub time_precision: Option<u8>,
    #[serde(default)]
    pub event_type: Option<String>,
    #[serde(default)]
    pub sub_event_type: Option<String>,
    #[serde(default)]
    pub actor1: Option<String>,
    #[serde(default)]
    pub actor2: Option<String>,
    #[serde(default)]
    pub assoc_actor_1: Option<String>,
    #[serde(default)]
    pub assoc_actor_2: Option<String>,
    #[serde(default)]
    pub country: Option<String>,
    #[serde(default)]
    pub admin1: Option<String>,
    #[serde(default)]
    pub admin2: Option<String>,
    #[serde(default)]
    pub location: Option<String>,
    #[serde(default)]
    pub latitude: Option<f64>,
    #[serde(default)]
    pub longitude: Option<f64>,
    #[serde(default)]
    pub geo_precision: Option<u8>,
    #[serde(default)]
    pub fatalities: Option<f64>,
    #[serde(default)]
    pub args: Option<HashMap<String, Vec<String>>>,
}

/// A gold document as read, with the line it came from.
#[derive(Debug, Clone)]
pub struct GoldLine {
    pub line: usize,
    pub doc: GoldDocument,
}

/// A problem in a gold file, located by file, line and (where it applies) entity or event.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct GoldError {
    pub file: String,
    pub line: usize,
    pub message: String,
}

impl GoldDocument {
    /// The document as the pipeline sees it.
    pub fn to_document(&self) -> Document {
        let mut d = Document::new(self.id.clone(), self.text.clone()).with_published(
            self.published
                .as_deref()
                .and_then(|p| p.parse::<PublicationDate>().ok()),
        );
        d.source = self.source.clone();
        d
    }

    /// The entities as scoring compares them (entities with unknown labels left out).
    pub fn mentions(&self) -> Vec<super::score::Mention> {
        self.entities
            .iter()
            .filter_map(|e| {
                Label::parse(&e.label).map(|label| super::score::Mention {
                    label,
                    start: e.start,
                    end: e.end,
                })
            })
            .collect()
    }

    /// Checks what scoring needs: labels known, offsets inside the text and matching the
    /// entity's `text`. Returns one message per problem.
    pub fn structural_problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        let chars: Vec<char> = self.text.chars().collect();
        for e in &self.entities {
            if Label::parse(&e.label).is_none() {
                out.push(format!("entity {}: unknown label `{}` (expected ACTOR, LOC, FATALITIES, DATE or EVENT)", e.id, e.label));
            }
            if e.start >= e.end || e.end > chars.len() {
                out.push(format!(
                    "entity {}: offsets {}..{} outside the text ({} characters)",
                    e.id,
                    e.start,
                    e.end,
                    chars.len()
                ));
                continue;
            }
            let slice: String = chars[e.start..e.end].iter().collect();
            if slice != e.text {
                out.push(format!(
                    "entity {}: text[{}:{}] is {:?}, not {:?}",
                    e.id, e.start, e.end, slice, e.text
                ));
            }
        }
        out
    }
}

/// Reads a gold file. JSON errors and structural problems are errors naming the line; with
/// several problems, all are returned.
pub fn read(path: &Path) -> Result<Vec<GoldLine>, Vec<GoldError>> {
    let file = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| {
        vec![GoldError {
            file: file.clone(),
            line: 0,
            message: format!("cannot be read: {e}"),
        }]
    })?;
    parse(&file, &text)
}

pub fn parse(file: &str, text: &str) -> Result<Vec<GoldLine>, Vec<GoldError>> {
    let mut docs = Vec::new();
    let mut errors = Vec::new();
    let mut ids = std::collections::HashSet::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let err = |message: String| GoldError {
            file: file.to_string(),
            line: n + 1,
            message,
        };
        match serde_json::from_str::<GoldDocument>(line) {
            Ok(doc) => {
                for p in doc.structural_problems() {
                    errors.push(err(format!("document {}: {p}", doc.id)));
                }
                if !ids.insert(doc.id.clone()) {
                    errors.push(err(format!("document id `{}` appears twice", doc.id)));
                }
                docs.push(GoldLine { line: n + 1, doc });
            }
            Err(e) => errors.push(err(format!("not a gold document: {e}"))),
        }
    }
    if errors.is_empty() {
        Ok(docs)
    } else {
        Err(errors)
    }
}
