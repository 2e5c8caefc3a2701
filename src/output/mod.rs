//! Writers: JSON Lines in the spec's format and CSV with ACLED's columns, for `extract`
//! (events) and `tag` (entities).

pub mod csv;
pub mod jsonl;

use crate::pipeline::Extraction;
use std::io::Write;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Jsonl,
    Csv,
}

/// What the writer is asked to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Content {
    Events,
    Entities,
}

/// Writes results one document at a time, in the chosen format.
pub struct Writer<W: Write> {
    format: Format,
    content: Content,
    jsonl: Option<W>,
    csv: Option<::csv::Writer<W>>,
}

impl<W: Write> Writer<W> {
    pub fn new(out: W, format: Format, content: Content) -> anyhow::Result<Self> {
        Ok(match format {
            Format::Jsonl => Writer {
                format,
                content,
                jsonl: Some(out),
                csv: None,
            },
            Format::Csv => {
                let mut w = ::csv::Writer::from_writer(out);
                w.write_record(columns(content))?;
                Writer {
                    format,
                    content,
                    jsonl: None,
                    csv: Some(w),
                }
            }
        })
    }

    pub fn write(&mut self, x: &Extraction) -> anyhow::Result<()> {
        match self.format {
            Format::Jsonl => {
                let w = self.jsonl.as_mut().expect("jsonl writer");
                serde_json::to_writer(
                    &mut *w,
                    &jsonl::document_json(x, self.content == Content::Events),
                )?;
                w.write_all(b"\n")?;
            }
            Format::Csv => {
                let w = self.csv.as_mut().expect("csv writer");
                let rows = match self.content {
                    Content::Events => csv::event_rows(x),
                    Content::Entities => csv::entity_rows(x),
                };
                for row in rows {
                    w.write_record(&row)?;
                }
            }
        }
        Ok(())
    }

    pub fn write_failure(&mut self, id: &str, origin: &str, message: &str) -> anyhow::Result<()> {
        match self.format {
            Format::Jsonl => {
                let w = self.jsonl.as_mut().expect("jsonl writer");
                serde_json::to_writer(&mut *w, &jsonl::failure_json(id, origin, message))?;
                w.write_all(b"\n")?;
            }
            Format::Csv => {
                let row =
                    csv::failure_row(columns(self.content), id, &format!("{origin}: {message}"));
                self.csv.as_mut().expect("csv writer").write_record(&row)?;
            }
        }
        Ok(())
    }

    pub fn finish(mut self) -> anyhow::Result<()> {
        if let Some(w) = self.jsonl.as_mut() {
            w.flush()?;
        }
        if let Some(w) = self.csv.as_mut() {
            w.flush()?;
        }
        Ok(())
    }
}

fn columns(content: Content) -> &'static [&'static str] {
    match content {
        Content::Events => csv::EVENT_COLUMNS,
        Content::Entities => csv::ENTITY_COLUMNS,
    }
}
