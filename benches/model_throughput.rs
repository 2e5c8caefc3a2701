//! Transformer tagging throughput on CPU: tokens/s and documents/s at batch sizes 1 and 32,
//! with peak memory. Needs the base in the cache (`sahel-events base fetch-e5`); the heads
//! are fresh (speed does not depend on training). Run with
//!
//!     cargo bench --bench model_throughput
//!
//! It tags the dev split's texts (`eval/gold/dev.jsonl`). `MODEL_DIR` points at another model;
//! `ALLOCATOR=kept` sets glibc's allocator up as `train` does (`src/allocator.rs`).

use sahel_events::document::Document;
use sahel_events::model::{TaggerModel, base, windows};
use std::path::{Path, PathBuf};
use std::time::Instant;

mod common;
use common::peak_rss_mb;

fn main() -> anyhow::Result<()> {
    // Tagging keeps glibc's defaults, as the command line does; `ALLOCATOR=kept` measures it
    // with the allocator `train` sets up (`src/allocator.rs`).
    let tuned = std::env::var("ALLOCATOR").is_ok_and(|v| v == "kept")
        && sahel_events::allocator::keep_freed_memory();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let cache = root.join(".cache");
    // An untrained model directory, removed when the benchmark ends.
    let scratch = tempfile::tempdir()?;
    let dir = match std::env::var_os("MODEL_DIR") {
        Some(d) => PathBuf::from(d),
        None => {
            if base::resolve(base::E5_NAME, &cache).is_err() {
                println!(
                    "SKIPPED: no base in {} (run `sahel-events base fetch-e5`)",
                    cache.display()
                );
                return Ok(());
            }
            let d = scratch.path().join("model");
            sahel_events::model::init_untrained(base::E5_NAME, &cache, &d, 0)?;
            d
        }
    };
    let device = candle_core::Device::Cpu;
    let start = Instant::now();
    let model = TaggerModel::load(&dir, &device, &cache)?;
    println!(
        "loaded in {:.1} s, peak memory {:.0} MB",
        start.elapsed().as_secs_f64(),
        peak_rss_mb()
    );
    let texts: Vec<String> = std::fs::read_to_string(root.join("eval/gold/dev.jsonl"))?
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l)
                .map(|v| v["text"].as_str().unwrap_or_default().to_string())
        })
        .collect::<Result<_, _>>()?;
    let docs: Vec<Document> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| Document::new(i.to_string(), t.clone()))
        .collect();
    let refs: Vec<&Document> = docs.iter().collect();
    let tokens: usize = texts
        .iter()
        .map(|t| {
            windows::tokenize(&model.tokenizer, t)
                .map(|x| x.ids.len())
                .unwrap_or(0)
        })
        .sum();
    println!(
        "{} documents, {} tokens, {} threads, allocator {}",
        docs.len(),
        tokens,
        rayon::current_num_threads(),
        if tuned {
            "keeping freed memory"
        } else {
            "with glibc defaults"
        }
    );
    let sizes: Vec<usize> = std::env::var("BATCHES")
        .ok()
        .map(|v| v.split(",").filter_map(|x| x.parse().ok()).collect())
        .unwrap_or_else(|| vec![1, 32]);
    for batch in sizes {
        let start = Instant::now();
        model.annotate(&refs, batch)?;
        let secs = start.elapsed().as_secs_f64();
        println!(
            "batch {batch:>2}: {:.0} tokens/s, {:.2} documents/s ({:.1} s); peak memory so far {:.0} MB",
            tokens as f64 / secs,
            docs.len() as f64 / secs,
            secs,
            peak_rss_mb()
        );
    }
    Ok(())
}
