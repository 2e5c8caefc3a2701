//! Rule-only throughput: documents/s and MB/s over at least 50 MB of French articles, and
//! peak memory. Not a test — run it with
//!
//!     cargo bench --bench rules_throughput
//!
//! The corpus is the shipped articles (`eval/seeds/*.txt` and the gold texts, when present)
//! repeated until it reaches the size asked for (`BENCH_MB`, default 50), one file per
//! article, so that reading files is measured too.

use sahel_events::batch::{self, BatchOptions};
use sahel_events::output::{Content, Format};
use sahel_events::pipeline::Pipeline;
use sahel_events::tagger::RuleTagger;
use std::path::Path;
use std::time::Instant;

mod common;
use common::peak_rss_mb;

fn articles(root: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(root.join("eval/seeds")).expect("eval/seeds") {
        out.push(std::fs::read_to_string(entry.unwrap().path()).unwrap());
    }
    if let Ok(gold) = std::fs::read_to_string(root.join("eval/gold/train.jsonl")) {
        for line in gold.lines() {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            out.push(v["text"].as_str().unwrap().to_string());
        }
    }
    out
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let target_mb: usize = std::env::var("BENCH_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(50);
    let texts = articles(root);
    let scratch = tempfile::tempdir().unwrap();
    let dir = scratch.path();
    let (mut bytes, mut n) = (0usize, 0usize);
    while bytes < target_mb * 1_000_000 {
        let t = &texts[n % texts.len()];
        std::fs::write(dir.join(format!("{n:06}.txt")), t).unwrap();
        bytes += t.len();
        n += 1;
    }
    let pipeline = Pipeline::new(Box::new(RuleTagger::new()));
    let opts = BatchOptions {
        inputs: vec![dir.to_path_buf()],
        format: Format::Jsonl,
        content: Content::Events,
        keep_going: true,
    };
    let start = Instant::now();
    let summary = batch::run(&pipeline, &opts, std::io::sink()).unwrap();
    let secs = start.elapsed().as_secs_f64();
    println!(
        "rules tagger, {} threads: {} documents, {:.1} MB in {:.2} s",
        rayon::current_num_threads(),
        summary.read,
        bytes as f64 / 1e6,
        secs
    );
    println!(
        "throughput: {:.0} documents/s, {:.2} MB/s; {} events",
        summary.read as f64 / secs,
        bytes as f64 / 1e6 / secs,
        summary.events
    );
    println!("peak memory (VmHWM): {:.0} MB", peak_rss_mb());
}
