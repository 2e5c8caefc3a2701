//! Training speed on CPU: one epoch of the shipped recipe (top 4 layers, rule hints, batch 8,
//! one augmented copy) on the first 24 training documents, with the process's allocator as
//! `sahel-events train` sets it up (`src/allocator.rs`) or, with `ALLOCATOR=default`, as glibc
//! leaves it. Needs the base in the cache (`sahel-events base fetch-e5`). Run with
//!
//!     cargo bench --bench train_throughput
//!     ALLOCATOR=default cargo bench --bench train_throughput
//!
//! It prints the time of the epoch (frozen-layer caching and scoring two dev documents
//! included), steps per second, the process's CPU time in user and kernel mode, and peak
//! memory.

use sahel_events::model::base;
use sahel_events::train::{TrainOptions, train};
use std::path::Path;
use std::time::Instant;

mod common;
use common::peak_rss_mb;

/// The first `n` lines of a JSON Lines file, written to `to`.
fn head(from: &Path, n: usize, to: &Path) -> anyhow::Result<()> {
    let text = std::fs::read_to_string(from)?;
    let lines: Vec<&str> = text.lines().take(n).collect();
    std::fs::write(to, lines.join("\n") + "\n")?;
    Ok(())
}

/// User and kernel CPU seconds of this process so far (`/proc/self/stat`, fields 14 and 15).
fn cpu_seconds() -> (f64, f64) {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // The command name may hold spaces: count fields after its closing parenthesis.
    let fields: Vec<f64> = stat
        .rsplit_once(')')
        .map(|(_, rest)| {
            rest.split_whitespace()
                .map(|f| f.parse().unwrap_or(0.0))
                .collect()
        })
        .unwrap_or_default();
    let ticks = 100.0; // USER_HZ on Linux
    let at = |i: usize| fields.get(i).copied().unwrap_or(f64::NAN) / ticks;
    (at(11), at(12))
}

fn main() -> anyhow::Result<()> {
    let default_allocator = std::env::var("ALLOCATOR").is_ok_and(|v| v == "default");
    let tuned = !default_allocator && sahel_events::allocator::keep_freed_memory();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let cache = root.join(".cache");
    if base::resolve(base::E5_NAME, &cache).is_err() {
        println!(
            "SKIPPED: no base in {} (run `sahel-events base fetch-e5`)",
            cache.display()
        );
        return Ok(());
    }
    let scratch = tempfile::tempdir()?;
    let dir = scratch.path();
    let (train_file, dev_file) = (dir.join("train.jsonl"), dir.join("dev.jsonl"));
    head(&root.join("eval/gold/train.jsonl"), 24, &train_file)?;
    head(&root.join("eval/gold/dev.jsonl"), 2, &dev_file)?;
    // The shipped recipe (`src/train/recipe.rs`), one epoch.
    let opts = TrainOptions {
        train: train_file,
        dev: dev_file,
        out: dir.join("model"),
        epochs: 1,
        cache,
        command: "cargo bench --bench train_throughput".into(),
        ..TrainOptions::default()
    };
    println!(
        "allocator: {}; {} threads",
        if tuned {
            "kept freed memory (sahel-events)"
        } else {
            "glibc defaults"
        },
        rayon::current_num_threads()
    );
    let start = Instant::now();
    let report = train(&opts)?;
    let secs = start.elapsed().as_secs_f64();
    let (user, sys) = cpu_seconds();
    let steps = report.log.first().map_or(0, |l| l.steps);
    println!(
        "1 epoch, {steps} steps of batch 8: {secs:.1} s wall ({:.2} steps/s), CPU {user:.1} s user + {sys:.1} s kernel; peak memory {:.0} MB",
        steps as f64 / secs,
        peak_rss_mb()
    );
    Ok(())
}
