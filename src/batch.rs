//! Batch runs: reads every input, pushes documents through the pipeline in parallel (rayon),
//! writes results in input order, and accounts for every document — read, written, failed.

use crate::input::{self, InputItem};
use crate::output::{Content, Format, Writer};
use crate::pipeline::Pipeline;
use indicatif::{ProgressBar, ProgressStyle};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

pub struct BatchOptions {
    pub inputs: Vec<PathBuf>,
    pub format: Format,
    pub content: Content,
    pub keep_going: bool,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    pub read: usize,
    pub written: usize,
    pub failed: usize,
    pub events: usize,
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} documents read, {} written, {} failed; {} events",
            self.read, self.written, self.failed, self.events
        )
    }
}

/// Runs a batch and writes to `out`. Errors are reported on stderr as they happen; without
/// `keep_going` the run stops at the first one.
pub fn run<W: Write>(pipeline: &Pipeline, opts: &BatchOptions, out: W) -> anyhow::Result<Summary> {
    let mut summary = Summary::default();
    let mut writer = Writer::new(out, opts.format, opts.content)?;
    let files = match input::expand(&opts.inputs) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("error: {e}");
            summary.failed += 1;
            writer.write_failure(&e.id, &e.origin, &e.message)?;
            writer.finish()?;
            return Ok(summary);
        }
    };
    // Files are read a chunk at a time, so memory stays bounded whatever the batch size.
    let bar = progress_bar(files.len());
    let mut pending: Vec<InputItem> = Vec::new();
    let mut files_done = 0;
    for (i, file) in files.iter().enumerate() {
        pending.extend(input::read(file));
        let last = i + 1 == files.len();
        if pending.len() < pipeline.chunk_size() && !last {
            continue;
        }
        let go_on = process_chunk(
            pipeline,
            &pending,
            opts.keep_going,
            &mut writer,
            &mut summary,
            &bar,
        )?;
        pending.clear();
        bar.inc((i + 1 - files_done) as u64);
        files_done = i + 1;
        if !go_on {
            eprintln!("stopped at the first bad document; use --keep-going to report and continue");
            break;
        }
    }
    bar.finish_and_clear();
    writer.finish()?;
    Ok(summary)
}

/// Runs one chunk in parallel and writes its results in order. Returns false when the run
/// must stop (a failure without `keep_going`).
fn process_chunk<W: Write>(
    pipeline: &Pipeline,
    items: &[InputItem],
    keep_going: bool,
    writer: &mut Writer<W>,
    summary: &mut Summary,
    bar: &ProgressBar,
) -> anyhow::Result<bool> {
    // Documents go through the pipeline together (the model batches their windows);
    // input errors keep their place.
    let docs: Vec<_> = items
        .iter()
        .filter_map(|i| i.as_ref().ok().cloned())
        .collect();
    let mut done = pipeline.run_batch(docs).into_iter();
    let results: Vec<Result<_, (String, String, String)>> = items
        .iter()
        .map(|item| match item {
            Ok(doc) => {
                let id = doc.id.clone();
                done.next()
                    .expect("one result per document")
                    .map_err(|e| (id.clone(), id, format!("{e:#}")))
            }
            Err(e) => Err((e.id.clone(), e.origin.clone(), e.message.clone())),
        })
        .collect();
    for r in results {
        summary.read += 1;
        match r {
            Ok(x) => {
                summary.events += x.events.len();
                writer.write(&x)?;
                summary.written += 1;
            }
            Err((id, origin, message)) => {
                bar.suspend(|| eprintln!("error: {origin}: {message}"));
                summary.failed += 1;
                writer.write_failure(&id, &origin, &message)?;
                if !keep_going {
                    return Ok(false);
                }
            }
        }
    }
    Ok(true)
}

fn progress_bar(n: usize) -> ProgressBar {
    if n <= 1 || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(n as u64);
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} [{elapsed_precise}] {bar:40} {pos}/{len} files ({per_sec}, eta {eta})",
        )
        .expect("template"),
    );
    bar
}
