//! A document: the article text, its identity and its publication date, plus the offset map
//! that every stage uses to move between bytes and characters.

mod offsets;
mod published;
mod span;

pub use offsets::OffsetMap;
pub use published::PublicationDate;
pub use span::{Annotations, Label, Relation, Role, Span};

/// One input article.
#[derive(Debug, Clone)]
pub struct Document {
    pub id: String,
    pub text: String,
    pub published: Option<PublicationDate>,
    pub source: Option<String>,
    pub url: Option<String>,
    pub offsets: OffsetMap,
}

impl Document {
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Self {
        let text = text.into();
        let offsets = OffsetMap::new(&text);
        Document {
            id: id.into(),
            text,
            published: None,
            source: None,
            url: None,
            offsets,
        }
    }

    pub fn with_published(mut self, published: Option<PublicationDate>) -> Self {
        self.published = published;
        self
    }

    /// The text of a character range.
    pub fn slice(&self, start: usize, end: usize) -> &str {
        &self.text[self.offsets.to_byte_range(start..end)]
    }

    /// Builds a span from a byte range of the text (what matchers find).
    pub fn span_from_bytes(&self, label: Label, bytes: std::ops::Range<usize>) -> Span {
        let chars = self.offsets.to_char_range(bytes.clone());
        Span {
            label,
            start: chars.start,
            end: chars.end,
            text: self.text[bytes].to_string(),
            norm: None,
        }
    }
}
